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

/// A clinic entry whose source gives both times a day and days a week:
/// "2 sets of 10, once a day, 4 to 5 days a week".
const BOTH: &str = r#"[sources.weekly]
title = "A weekly programme"

[[exercise]]
id = "bench-press-up"
name = "Bench press-up"
position = "Standing at a bench"
targets = "t"
why = "w"
when = "w"
steps = ["Lean on the bench.", "Push back up."]
cautions = ["Use a solid bench."]
per_side = { value = false }

[[exercise.prescription]]
from = "weekly"
reps = 10
hold = 0
sets = 2
per_day = 1
per_week = [4, 5]
note = "2 sets of 10, once a day, 4 to 5 days a week"

[exercise.limits]
sets = { min = 1, max = 2, recommended = 1 }
per_day = { min = 1, max = 2, recommended = 1 }
per_week = { min = 1, max = 7 }
"#;

#[test]
fn a_dose_filled_from_a_source_with_times_a_day_and_days_a_week_keeps_both() {
    let builtin = rx::catalogue::builtin().expect("built-in catalogue");
    let catalogue = rx::catalogue::extend(builtin, BOTH).expect("the clinic entry loads");
    let fonts = rx::fonts::Fonts::load();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let english = rx::lang::Language::ENGLISH.messages();
    let mut checked = 0;
    // Every prescription of the catalogue that gives both, written with its
    // own count and hold and one of its two frequencies (or neither).
    for entry in catalogue.entries() {
        for (i, p) in entry.prescriptions.iter().enumerate() {
            let (Some(day), Some(week)) = (p.per_day, p.per_week) else {
                continue;
            };
            let count = format!("reps = {}\nhold = {}", p.reps.min, p.hold.min);
            for (written, days) in [
                (String::new(), week.min),
                (format!("per_day = {}", day.min), week.min),
                (format!("per_week = {}", week.max), week.max),
            ] {
                let text = plan(&format!("{count}\n{written}"))
                    .replace("name = \"bench rise\"", &format!("name = \"{}\"", entry.id));
                let (_, result) = rx::check_plan(text.as_bytes(), &catalogue, &fonts, today);
                let plan = result
                    .plan
                    .unwrap_or_else(|| panic!("{text}\n{:?}", result.diagnostics));
                let exercise = &plan.exercises[0];
                if exercise.source != i {
                    // An earlier source holds the same count and hold.
                    continue;
                }
                assert_eq!(
                    (exercise.dose.frequency, exercise.dose.days_a_week),
                    (rx::plan::Frequency::PerDay(day.min), Some(days)),
                    "{} with {written:?}",
                    entry.id
                );
                let sentence = exercise.sentence(english);
                let times = rx::plan::Frequency::PerDay(day.min).words(english);
                let on_days = rx::plan::Frequency::PerWeek(days).words(english);
                assert!(
                    sentence.ends_with(&format!("{times} · {on_days}")),
                    "{}: {sentence}",
                    entry.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 3, "the clinic entry's prescription is checked");
}
