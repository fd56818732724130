//! The library's exercises as their sources prescribe them: each source's
//! dose, written in a plan as the source gives it, passes `rx check`; a
//! dose one step beyond every source's range is refused.

use crate::support::Test;

/// Each prescription of the library's exercises: exercise id, source id,
/// and the plan's dose lines as that source gives it (the top of its
/// ranges, its sets and days where it gives them).
const AS_WRITTEN: &[(&str, &str, &str)] = &[
    ("sit-to-stand", "nhs-strength", "reps = 5\nper_week = 2"),
    ("sit-to-stand", "cdc-steadi", "sets = 2\nreps = 15"),
    ("sit-to-stand", "nhs-tayside", "reps = 10\nper_week = 3"),
    ("sit-to-stand", "nsw-active", "reps = 5"),
    ("sit-to-stand", "au-choose-health", "reps = 15"),
    (
        "heel-raise-standing",
        "nhs-strength",
        "reps = 5\nper_week = 2",
    ),
    (
        "heel-raise-standing",
        "nhs-tayside",
        "reps = 10\nper_week = 3",
    ),
    (
        "one-leg-stand",
        "nhs-balance",
        "reps = 3\nhold = 10\nside = \"both\"\nper_week = 2",
    ),
    (
        "one-leg-stand",
        "nia-go4life",
        "sets = 2\nreps = 15\nhold = 10\nside = \"both\"",
    ),
    (
        "heel-toe-stand",
        "nhs-tayside",
        "reps = 1\nhold = 10\nside = \"both\"\nper_week = 3",
    ),
    (
        "heel-toe-stand",
        "nsw-active",
        "reps = 1\nhold = 10\nside = \"both\"",
    ),
    ("heel-to-toe-walk", "nhs-balance", "reps = 20\nper_week = 2"),
    ("heel-to-toe-walk", "nia-go4life", "reps = 20"),
    (
        "mini-squat-with-support",
        "nhs-strength",
        "reps = 5\nper_week = 2",
    ),
    (
        "mini-squat-with-support",
        "otago",
        "sets = 1\nreps = 10\nper_week = 3",
    ),
    (
        "neck-rotation",
        "aruk-neck",
        "reps = 5\nhold = 5\nside = \"both\"",
    ),
    (
        "neck-rotation",
        "healthwise-neck",
        "reps = 4\nhold = 30\nside = \"both\"",
    ),
    (
        "neck-rotation",
        "nhs-sitting",
        "reps = 3\nhold = 5\nside = \"both\"\nper_week = 2",
    ),
    (
        "neck-rotation",
        "nia-flexibility",
        "reps = 5\nhold = 30\nside = \"both\"",
    ),
    (
        "neck-rotation",
        "otago",
        "reps = 5\nhold = 0\nside = \"both\"\nper_week = 3",
    ),
    (
        "chest-stretch-seated",
        "nhs-sitting",
        "reps = 5\nhold = 10\nper_week = 2",
    ),
    (
        "shoulder-blade-squeeze",
        "healthwise-neck",
        "reps = 12\nhold = 6",
    ),
    ("arm-raises-seated", "nhs-sitting", "reps = 5\nper_week = 2"),
    ("shoulder-rolls", "au-choose-health", "reps = 5"),
    (
        "arm-raise-stretch-standing",
        "versus-arthritis-shoulders",
        "reps = 5\nhold = 10",
    ),
    (
        "shoulder-scaption",
        "msd-shoulder-scaption",
        "sets = 3\nreps = 10\nside = \"both\"\nper_day = 1",
    ),
    (
        "standing-knee-raise",
        "nsw-active",
        "reps = 8\nhold = 5\nside = \"both\"",
    ),
    (
        "seated-knee-extension",
        "aaos-knee",
        "sets = 3\nreps = 10\nhold = 5\nside = \"right\"\nper_week = 5",
    ),
    (
        "seated-knee-extension",
        "aruk-knee",
        "reps = 15\nhold = 10\nside = \"both\"",
    ),
    (
        "hip-marching-seated",
        "nhs-sitting",
        "reps = 5\nhold = 0\nside = \"both\"\nper_week = 2",
    ),
    (
        "hip-marching-seated",
        "au-choose-health",
        "reps = 10\nhold = 5\nside = \"both\"",
    ),
    (
        "seated-ankle-stretch",
        "nhs-sitting",
        "sets = 2\nreps = 5\nside = \"both\"\nper_week = 2",
    ),
    (
        "standing-quadriceps-stretch",
        "aaos-knee",
        "reps = 3\nhold = 60\nside = \"both\"\nper_week = 5",
    ),
    (
        "standing-quadriceps-stretch",
        "csp-back",
        "reps = 3\nhold = 5\nside = \"both\"",
    ),
    // ---- neck: new rows go above this line, below the previous marker ----

    // ---- shoulder: new rows go above this line, below the previous marker ----

    // ---- knee: new rows go above this line, below the previous marker ----

    // ---- foot-ankle: new rows go above this line, below the previous marker ----
    (
        "standing-hip-abduction",
        "eskenazi-hip-abduction",
        "reps = 10\nhold = 0\nside = \"both\"",
    ),
    (
        "standing-hip-abduction",
        "nsw-active",
        "reps = 8\nhold = 5\nside = \"both\"",
    ),
    ("bridge", "relieve", "reps = 12\nhold = 0"),
    ("bridge", "essential", "reps = 10\nhold = 15"),
    ("bridge", "healthwise-bridging", "reps = 12\nhold = 6"),
    (
        "bridge",
        "msd-bridging",
        "sets = 3\nreps = 10\nhold = 0\nper_day = 1",
    ),
    (
        "clamshell",
        "msd-clamshell",
        "sets = 3\nreps = 10\nside = \"both\"\nper_day = 3",
    ),
    (
        "hip-knee-lift-stretch",
        "aruk-hip",
        "reps = 10\nhold = 10\nside = \"alternate\"",
    ),
    (
        "prone-hip-extension",
        "msd-prone-hip-extension",
        "sets = 3\nreps = 10\nside = \"right\"\nper_day = 1",
    ),
    (
        "hip-abduction-all-fours",
        "baycare-hip-abduction",
        "reps = 5\nhold = 3\nside = \"both\"",
    ),
    (
        "hip-external-rotation-stretch",
        "aruk-hip",
        "reps = 10\nhold = 10",
    ),
    (
        "marching-warm-up",
        "otago",
        "reps = 1\nhold = 120\nper_week = 3",
    ),
    ("backwards-walking", "living-well-falkirk", "reps = 20"),
    (
        "sideways-walking",
        "nhs-balance",
        "reps = 10\nside = \"both\"\nper_week = 2",
    ),
    (
        "simple-grapevine",
        "nhs-balance",
        "reps = 5\nside = \"both\"\nper_week = 2",
    ),
    // ---- hip-balance: new rows go above this line, below the previous marker ----

    // ---- back: new rows go above this line, below the previous marker ----
];

/// A dose one step beyond every source's range, and the error it gets.
const BEYOND: &[(&str, &str, &str)] = &[
    (
        "sit-to-stand",
        "reps = 16",
        "sit-to-stand: 16 reps is above the catalogue limit of 15",
    ),
    (
        "sit-to-stand",
        "sets = 3\nreps = 5",
        "sit-to-stand: 3 sets is above the catalogue limit of 2",
    ),
    (
        "heel-raise-standing",
        "reps = 11",
        "heel-raise-standing: 11 reps is above the catalogue limit of 10",
    ),
    (
        "one-leg-stand",
        "hold = 11",
        "one-leg-stand: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "heel-toe-stand",
        "hold = 11",
        "heel-toe-stand: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "heel-to-toe-walk",
        "reps = 21",
        "heel-to-toe-walk: 21 reps is above the catalogue limit of 20",
    ),
    (
        "mini-squat-with-support",
        "reps = 11",
        "mini-squat-with-support: 11 reps is above the catalogue limit of 10",
    ),
    (
        "neck-rotation",
        "reps = 6",
        "neck-rotation: 6 reps is above the catalogue limit of 5",
    ),
    (
        "neck-rotation",
        "hold = 31",
        "neck-rotation: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "chest-stretch-seated",
        "hold = 11",
        "chest-stretch-seated: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "shoulder-blade-squeeze",
        "reps = 13",
        "shoulder-blade-squeeze: 13 reps is above the catalogue limit of 12",
    ),
    (
        "arm-raises-seated",
        "reps = 6",
        "arm-raises-seated: 6 reps is above the catalogue limit of 5",
    ),
    (
        "shoulder-rolls",
        "reps = 6",
        "shoulder-rolls: 6 reps is above the catalogue limit of 5",
    ),
    (
        "arm-raise-stretch-standing",
        "hold = 11",
        "arm-raise-stretch-standing: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "shoulder-scaption",
        "sets = 4\nreps = 10",
        "shoulder-scaption: 4 sets is above the catalogue limit of 3",
    ),
    (
        "standing-knee-raise",
        "reps = 9",
        "standing-knee-raise: 9 reps is above the catalogue limit of 8",
    ),
    (
        "standing-knee-raise",
        "hold = 6",
        "standing-knee-raise: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "seated-knee-extension",
        "hold = 11",
        "seated-knee-extension: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "seated-knee-extension",
        "sets = 4\nreps = 10\nhold = 5",
        "seated-knee-extension: 4 sets is above the catalogue limit of 3",
    ),
    (
        "hip-marching-seated",
        "reps = 11",
        "hip-marching-seated: 11 reps is above the catalogue limit of 10",
    ),
    (
        "hip-marching-seated",
        "hold = 6",
        "hip-marching-seated: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "seated-ankle-stretch",
        "reps = 6",
        "seated-ankle-stretch: 6 reps is above the catalogue limit of 5",
    ),
    (
        "seated-ankle-stretch",
        "sets = 3\nreps = 5",
        "seated-ankle-stretch: 3 sets is above the catalogue limit of 2",
    ),
    (
        "standing-quadriceps-stretch",
        "reps = 4",
        "standing-quadriceps-stretch: 4 reps is above the catalogue limit of 3",
    ),
    (
        "standing-quadriceps-stretch",
        "hold = 61",
        "standing-quadriceps-stretch: a hold of 61 seconds is above the catalogue limit of 60",
    ),
    // ---- neck: new rows go above this line, below the previous marker ----

    // ---- shoulder: new rows go above this line, below the previous marker ----

    // ---- knee: new rows go above this line, below the previous marker ----

    // ---- foot-ankle: new rows go above this line, below the previous marker ----
    (
        "standing-hip-abduction",
        "reps = 11",
        "standing-hip-abduction: 11 reps is above the catalogue limit of 10",
    ),
    (
        "standing-hip-abduction",
        "hold = 6",
        "standing-hip-abduction: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "bridge",
        "reps = 13",
        "bridge: 13 reps is above the catalogue limit of 12",
    ),
    (
        "bridge",
        "sets = 4\nreps = 10",
        "bridge: 4 sets is above the catalogue limit of 3",
    ),
    (
        "clamshell",
        "reps = 11",
        "clamshell: 11 reps is above the catalogue limit of 10",
    ),
    (
        "clamshell",
        "sets = 3\nreps = 10\nper_day = 4",
        "clamshell: 4 times a day is above the catalogue limit of 3",
    ),
    (
        "hip-knee-lift-stretch",
        "reps = 11",
        "hip-knee-lift-stretch: 11 reps is above the catalogue limit of 10",
    ),
    (
        "hip-knee-lift-stretch",
        "hold = 11",
        "hip-knee-lift-stretch: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "prone-hip-extension",
        "sets = 3\nreps = 11",
        "prone-hip-extension: 11 reps is above the catalogue limit of 10",
    ),
    (
        "prone-hip-extension",
        "per_day = 2",
        "prone-hip-extension: 2 times a day is above the catalogue limit of 1",
    ),
    (
        "hip-abduction-all-fours",
        "reps = 6",
        "hip-abduction-all-fours: 6 reps is above the catalogue limit of 5",
    ),
    (
        "hip-abduction-all-fours",
        "hold = 4",
        "hip-abduction-all-fours: a hold of 4 seconds is above the catalogue limit of 3",
    ),
    (
        "hip-external-rotation-stretch",
        "reps = 11",
        "hip-external-rotation-stretch: 11 reps is above the catalogue limit of 10",
    ),
    (
        "hip-external-rotation-stretch",
        "hold = 11",
        "hip-external-rotation-stretch: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "marching-warm-up",
        "hold = 121",
        "marching-warm-up: a hold of 121 seconds is above the catalogue limit of 120",
    ),
    (
        "marching-warm-up",
        "per_day = 3",
        "marching-warm-up: 3 times a day is above the catalogue limit of 2",
    ),
    (
        "backwards-walking",
        "reps = 21",
        "backwards-walking: 21 reps is above the catalogue limit of 20",
    ),
    (
        "sideways-walking",
        "reps = 11",
        "sideways-walking: 11 reps is above the catalogue limit of 10",
    ),
    (
        "simple-grapevine",
        "reps = 6",
        "simple-grapevine: 6 reps is above the catalogue limit of 5",
    ),
    // ---- hip-balance: new rows go above this line, below the previous marker ----

    // ---- back: new rows go above this line, below the previous marker ----
];

fn plan(exercise: &str, dose: &str) -> String {
    format!(
        "[patient]\nname = \"Ana\"\n\n[prescriber]\nname = \"Dana Reyes, PT\"\n\n\
         [plan]\nissued = 2026-11-22\nreview = 2026-12-06\n\n\
         [[exercise]]\nname = \"{exercise}\"\n{dose}\n"
    )
}

#[test]
fn every_library_prescription_passes_as_its_source_writes_it() {
    for (exercise, _, dose) in AS_WRITTEN {
        Test::new()
            .file("plan.toml", plan(exercise, dose))
            .args(&["check", "plan.toml"])
            .status(0)
            .stdout("plan.toml: ok, 1 exercise\n")
            .run();
    }
    // The table holds every prescription of the exercises it names.
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let mut ids: Vec<&str> = AS_WRITTEN.iter().map(|(id, _, _)| *id).collect();
    ids.dedup();
    for id in ids {
        let entry = catalogue.find(id).expect("a library exercise");
        let in_catalogue: Vec<String> = entry.prescriptions.iter().map(|p| p.label()).collect();
        let in_table: Vec<String> = AS_WRITTEN
            .iter()
            .filter(|(e, _, _)| *e == id)
            .map(|(_, s, _)| (*s).to_owned())
            .collect();
        assert_eq!(in_table, in_catalogue, "{id}");
    }
}

#[test]
fn a_dose_beyond_every_library_source_is_refused() {
    for (exercise, dose, error) in BEYOND {
        Test::new()
            .file("plan.toml", plan(exercise, dose))
            .args(&["check", "plan.toml"])
            .status(1)
            .stdout("plan.toml: invalid, 1 error\n")
            .stderr_contains(*error)
            .run();
    }
}

#[test]
fn stay_safe_lines_for_one_region_print_only_on_plans_for_it() {
    let sheet_text = |exercise: &str| {
        let plan = format!(
            "[patient]\nname = \"Ada Patient\"\n[prescriber]\nname = \"Dana Reyes, PT\"\n[plan]\nissued = 2026-11-22\nweeks = 2\n\n[[exercise]]\nname = \"{exercise}\"\n"
        );
        let test = Test::new()
            .file("plan.toml", plan)
            .args(&["build", "plan.toml"])
            .status(0)
            .stdout_starts_with("wrote plan.pdf");
        test.run();
        crate::pdf::flat(&crate::pdf::Pdf::open(&test.path("plan.pdf")).text())
    };
    let back_line = "make sure your therapist knows about any back condition";
    let knee = sheet_text("seated-knee-extension");
    assert!(!knee.contains(back_line), "{knee}");
    // The general lines are still there.
    assert!(knee.contains("Never push yourself too hard."), "{knee}");
    let back = sheet_text("bridge");
    assert!(back.contains(back_line), "{back}");
}
