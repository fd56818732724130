//! `rx new FILE --routine NAME`.

use crate::support::{Test, builtin_entry};

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
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let ids: Vec<&str> = catalogue.routines().iter().map(|r| r.id.as_str()).collect();
    assert!(ids.starts_with(&["ten-stretches", "three-gentle", "four-essential"]));
    Test::new()
        .args(&["new", "plan.toml", "--routine", "gentle"])
        .status(2)
        .stderr(format!(
            "rx: error: unknown routine \"gentle\"; routines: {}\n",
            ids.join(", ")
        ))
        .run();
}

/// A plan from chosen exercises, each at the catalogue's recommended dose,
/// passes the check once the names are filled in; a name given twice is
/// listed once, and rx says so.
#[test]
fn a_new_plan_from_chosen_exercises_lists_each_once_and_passes_the_check() {
    let test = Test::new()
        .args(&[
            "new",
            "plan.toml",
            "--exercise",
            "bridge",
            "--exercise",
            "bird dog",
            "--exercise",
            "Bridge",
        ])
        .status(0)
        .stdout(
            "wrote plan.toml: fill in the patient and prescriber, then run `rx check plan.toml`\n",
        )
        .stderr("rx: warning: \"Bridge\" is `bridge`, already in the plan: listed once\n");
    test.run();
    let text = std::fs::read_to_string(test.path("plan.toml")).expect("plan written");
    assert_eq!(text.matches("[[exercise]]").count(), 2, "{text}");
    assert!(text.contains("name = \"bridge\"\n"), "{text}");
    assert!(text.contains("name = \"bird-dog\"\n"), "{text}");
    let bridge = builtin_entry("bridge");
    let reps = &bridge.limits.reps;
    let recommended = reps.recommended.expect("the bridge recommends a count");
    let rx::catalogue::Origin::From(from) = &bridge.recommended_prescription().origin else {
        panic!("the bridge's recommended dose is a source's")
    };
    let line = format!(
        "{:<34}# recommended ({}): {recommended}; allowed {}\n",
        format!("reps = {recommended}"),
        from.join(", "),
        reps.range()
    );
    assert!(text.contains(&line), "{line:?} in\n{text}");
    let filled = text
        .replacen("name = \"\"", "name = \"Ada Patient\"", 1)
        .replacen("name = \"\"", "name = \"Dana Reyes, PT\"", 1);
    Test::new()
        .file("plan.toml", &filled)
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 2 exercises\n")
        .run();
}

#[test]
fn new_blank_plan_and_unknown_exercise() {
    let test = Test::new()
        .args(&["new", "plan.toml"])
        .status(0)
        .stdout("wrote plan.toml: fill in the patient, prescriber and exercises, then run `rx check plan.toml`\n");
    test.run();
    let text = std::fs::read_to_string(test.path("plan.toml")).expect("plan written");
    assert!(text.contains("# [[exercise]]\n"), "{text}");
    Test::new()
        .file("plan.toml", &text)
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 3 errors\n")
        .stderr_contains("the plan has no exercises")
        .run();
    let test = Test::new()
        .args(&["new", "plan.toml", "--exercise", "brige"])
        .status(2)
        .stderr("rx: error: unknown exercise \"brige\"; did you mean `bridge`?\n");
    test.run();
    assert!(!test.path("plan.toml").exists(), "nothing written");
}

#[test]
fn rx_new_lists_the_starter_routines_grouped_by_region() {
    let listing = Test::new()
        .args(&["new", "--list-routines"])
        .status(0)
        .stdout_contains("Back\n  ten-stretches: Ten stretches to relieve lower back pain, from \"Stretches to Relieve Lower Back Pain\"\n    lower-trunk-rotation, kneeling-hip-flexor-stretch,")
        .stdout_contains("  three-gentle: Three gentle stretches for lower back stiffness, from \"Gentle Stretches To Ease Lower Back Stiffness and Improve Mobility\"\n    pelvic-tilt, lower-trunk-rotation, spine-press-up\n")
        .stdout_contains("Balance and falls\n  nhs-strength: ")
        .stdout_contains("\nStart a plan from one with `rx new FILE --routine ID`.\n")
        .run()
        .stdout;
    // Every routine of the catalogue is listed once, under one heading.
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    for routine in catalogue.routines() {
        let line = format!("\n  {}: ", routine.id);
        assert_eq!(
            listing.matches(&line).count(),
            1,
            "{}:\n{listing}",
            routine.id
        );
    }
    // Headings in the regions' order: back comes before balance.
    let back = listing.find("Back\n").expect("a Back heading");
    let balance = listing
        .find("Balance and falls\n")
        .expect("a balance heading");
    assert!(back < balance, "{listing}");
}

#[test]
fn rx_new_says_when_two_names_are_the_same_exercise() {
    let test = Test::new()
        .args(&[
            "new",
            "plan.toml",
            "--exercise",
            "lower trunk rotation",
            "--exercise",
            "spine stretch",
        ])
        .status(0)
        .stdout_starts_with("wrote plan.toml")
        .stderr(
            "rx: warning: \"spine stretch\" is `lower-trunk-rotation`, already in the plan: listed once\n",
        );
    test.run();
    let text = std::fs::read_to_string(test.path("plan.toml")).expect("plan written");
    assert_eq!(text.matches("[[exercise]]").count(), 1, "{text}");
}
