//! A source's own sets, times a day and days a week: held by its
//! prescription, shown with it, within the entry's limits, and counted in
//! the largest daily total a source gives, so the source's dose as written
//! passes `rx check`.

use crate::support::Test;

/// A clinic entry whose source says "2 sets of 10 to 15, twice a day".
const CLINIC: &str = r#"[sources.cdc]
title = "Chair Rise Exercise"

[[exercise]]
id = "bench-rise"
name = "Bench rise"
position = "Sitting on a sturdy chair"
targets = "t"
why = "w"
when = "w"
steps = ["Stand up slowly.", "Sit down slowly."]
cautions = ["Use a sturdy chair."]
per_side = { value = false }

[[exercise.prescription]]
reps = [10, 15]
hold = 0
sets = 2
per_day = 2
note = "10 to 15 times, rest, then a final set of 10 to 15"

[exercise.limits]
sets = { min = 1, max = 2, recommended = 1 }
per_day = { min = 1, max = 2, recommended = 1 }
per_week = { min = 1, max = 7 }
"#;

fn plan(dose: &str) -> String {
    format!(
        "[patient]\nname = \"Ana\"\n\n[prescriber]\nname = \"Dana Reyes, PT\"\n\n[plan]\nissued = 2026-11-22\nreview = 2026-12-06\n\n[[exercise]]\nname = \"bench rise\"\n{dose}\n"
    )
}

#[test]
fn a_sources_own_sets_and_times_a_day_pass_as_written() {
    // 2 sets of 15, twice a day: 60 a day, the source's own total.
    Test::new()
        .file("clinic.toml", CLINIC)
        .file("plan.toml", plan("sets = 2\nreps = 15\nper_day = 2"))
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
    Test::new()
        .file("clinic.toml", CLINIC)
        .args(&["--catalogue", "clinic.toml", "catalogue", "bench-rise"])
        .status(0)
        .stdout_contains("  cdc: 10–15 times, no hold, 2 sets, twice a day\n")
        .stdout_contains("Daily total: at most 120 reps a day, 2 × the largest any one source gives (60 reps, cdc).")
        .run();
}

#[test]
fn a_sources_sets_outside_the_limit_is_an_error_at_the_prescription() {
    let clinic = CLINIC.replace("sets = 2\nper_day", "sets = 3\nper_day");
    Test::new()
        .file("clinic.toml", clinic)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stderr_contains(
            "error[RX0501]: `sets` 3 of a prescription is outside the `sets` limit 1–2\n  --> clinic.toml:18:8\n",
        )
        .run();
}
