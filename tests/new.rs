//! `rx new FILE --routine NAME`.

use crate::support::Test;

#[test]
fn scaffold_passes_check_once_placeholders_are_filled() {
    for routine in ["ten-stretches", "three-gentle", "four-essential"] {
        let test = Test::new().args(&["new", "plan.toml", "--routine", routine]);
        let out = test.run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        let path = test.path("plan.toml");
        let text = std::fs::read_to_string(&path).expect("plan written");

        // Unfilled, the placeholders fail the check.
        let out = Test::new()
            .file("plan.toml", &text)
            .args(&["check", "plan.toml"])
            .run();
        assert_eq!(out.code, 1);
        assert!(
            out.stderr.contains("missing patient name"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("missing prescriber name"));

        let filled = text
            .replacen("name = \"\"", "name = \"Ada Patient\"", 1)
            .replacen("name = \"\"", "name = \"Dana Reyes, PT\"", 1);
        let out = Test::new()
            .file("plan.toml", &filled)
            .args(&["check", "plan.toml"])
            .run();
        assert_eq!(out.code, 0, "{routine}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{routine}: a fresh routine has no warnings");
    }
}

#[test]
fn refuses_to_overwrite() {
    let test = Test::new().file("plan.toml", "keep me").args(&[
        "new",
        "plan.toml",
        "--routine",
        "three-gentle",
    ]);
    let out = test.run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "rx: error: plan.toml already exists; rx will not overwrite it\n"
    );
    assert_eq!(
        std::fs::read_to_string(test.path("plan.toml")).unwrap(),
        "keep me"
    );
}

#[test]
fn wrong_routine_lists_the_routines() {
    let out = Test::new()
        .args(&["new", "plan.toml", "--routine", "gentle"])
        .run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "rx: error: unknown routine \"gentle\"; routines: ten-stretches, three-gentle, four-essential\n"
    );
}
