//! `rx new FILE --routine NAME`.

use crate::support::Test;

#[test]
fn scaffold_passes_check_once_placeholders_are_filled() {
    for routine in ["ten-stretches", "three-gentle", "four-essential"] {
        let test = Test::new()
            .args(&["new", "plan.toml", "--routine", routine])
            .status(0)
            .stdout_starts_with("wrote plan.toml");
        test.run();
        let path = test.path("plan.toml");
        let text = std::fs::read_to_string(&path).expect("plan written");

        // Unfilled, the placeholders fail the check.
        Test::new()
            .file("plan.toml", &text)
            .args(&["check", "plan.toml"])
            .status(1)
            .stdout("plan.toml: invalid, 2 errors\n")
            .stderr_contains("missing patient name")
            .stderr_contains("missing prescriber name")
            .run();

        let filled = text
            .replacen("name = \"\"", "name = \"Ada Patient\"", 1)
            .replacen("name = \"\"", "name = \"Dana Reyes, PT\"", 1);
        // A fresh routine has no warnings.
        Test::new()
            .file("plan.toml", &filled)
            .args(&["check", "plan.toml"])
            .status(0)
            .stdout_starts_with("plan.toml: ok, ")
            .stderr("")
            .run();
    }
}

#[test]
fn refuses_to_overwrite() {
    let test = Test::new()
        .file("plan.toml", "keep me")
        .args(&["new", "plan.toml", "--routine", "three-gentle"])
        .status(2)
        .stderr("rx: error: plan.toml already exists; rx will not overwrite it\n");
    test.run();
    assert_eq!(
        std::fs::read_to_string(test.path("plan.toml")).expect("the file is still there"),
        "keep me"
    );
}

#[test]
fn wrong_routine_lists_the_routines() {
    Test::new()
        .args(&["new", "plan.toml", "--routine", "gentle"])
        .status(2)
        .stderr(
            "rx: error: unknown routine \"gentle\"; routines: ten-stretches, three-gentle, four-essential\n",
        )
        .run();
}
