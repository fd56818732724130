//! Timed exercises: a source that doses a time spent moving ("march on the
//! spot for 1 to 2 minutes") is written `minutes = N`, held to the sources'
//! minutes like any field, read from a CSV `minutes` column (or an alias),
//! and printed "for 2 minutes" (Spanish "durante 2 minutos"), never as a
//! hold.

use rx::catalogue::Catalogue;

use crate::pdf::{Pdf, flat};
use crate::support::Test;

const HEAD: &str = "[patient]\nname = \"Ada Patient\"\n[prescriber]\nname = \"Dana Reyes, PT\"\n[plan]\nissued = 2026-11-22\nweeks = 2\n";

fn catalogue() -> Catalogue {
    rx::catalogue::builtin().expect("built-in catalogue")
}

/// The top of the marching warm-up's minutes limit: the longest bout a
/// source gives.
fn marching_minutes() -> u32 {
    let catalogue = catalogue();
    let marching = catalogue.find("marching-warm-up").expect("the marching");
    marching
        .limits
        .minutes
        .as_ref()
        .expect("a timed exercise")
        .max
}

/// The text of the sheet `rx build` makes of `plan`.
fn sheet(plan: &str) -> String {
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    flat(&Pdf::open(&test.path("plan.pdf")).text())
}

/// Whether `text` prints a hold: "hold 60 seconds", "sostenga 60 segundos".
fn prints_a_hold(text: &str) -> bool {
    ["hold ", "sostenga "].iter().any(|word| {
        text.match_indices(word)
            .any(|(at, _)| text[at + word.len()..].starts_with(|c: char| c.is_ascii_digit()))
    })
}

#[test]
fn a_marching_plan_prints_its_minutes_and_no_hold() {
    let minutes = marching_minutes();
    let text = sheet(&format!(
        "{HEAD}\n[[exercise]]\nname = \"marching\"\nminutes = {minutes}\n"
    ));
    assert!(text.contains(&format!("for {minutes} minutes")), "{text}");
    assert!(!prints_a_hold(&text), "{text}");
    // Left out, the time is the source's own, still not a hold.
    let text = sheet(&format!("{HEAD}\n[[exercise]]\nname = \"marching\"\n"));
    assert!(text.contains("Marching on the spot for "), "{text}");
    assert!(!prints_a_hold(&text), "{text}");
}

#[test]
fn a_spanish_sheet_says_the_minutes_in_spanish() {
    let minutes = marching_minutes();
    let text = sheet(&format!(
        "{HEAD}language = \"es\"\n\n[[exercise]]\nname = \"marching\"\nminutes = {minutes}\n"
    ));
    assert!(
        text.contains(&format!("durante {minutes} minutos")),
        "{text}"
    );
    assert!(!prints_a_hold(&text), "{text}");
}

#[test]
fn minutes_beyond_every_sources_range_are_refused_like_reps() {
    let catalogue = catalogue();
    let timed: Vec<_> = catalogue
        .entries()
        .iter()
        .filter_map(|e| Some((e.id.clone(), e.limits.minutes.clone()?.max)))
        .collect();
    assert!(!timed.is_empty(), "the catalogue times some exercises");
    for (id, max) in timed {
        let plan = format!(
            "{HEAD}\n[[exercise]]\nname = \"{id}\"\nminutes = {}\n",
            max + 1
        );
        Test::new()
            .file("plan.toml", plan)
            .args(&["check", "plan.toml"])
            .status(1)
            .stdout("plan.toml: invalid, 1 error\n")
            .stderr_contains(format!(
                "error[RX0203]: {id}: {} minutes is above the catalogue limit of {max}\n",
                max + 1
            ))
            .run();
    }
}

#[test]
fn minutes_on_an_exercise_no_source_times_is_an_error() {
    Test::new()
        .file(
            "plan.toml",
            format!("{HEAD}\n[[exercise]]\nname = \"bridge\"\nminutes = 2\n"),
        )
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr(
            "error[RX0211]: bridge: this exercise is not timed\n  --> plan.toml:11:11\n   |\n11 | minutes = 2\n   |           ^ remove this line\n   = note: no source of \"Bridge\" gives it a time: it is dosed by count (`reps`)\n\n",
        )
        .run();
}

#[test]
fn a_csv_minutes_column_and_its_aliases_are_read() {
    let minutes = marching_minutes();
    for header in ["minutes", "Duration (min)", "Mins"] {
        let csv = format!(
            "patient_id,patient_name,prescriber,issued,review,exercise,{header}\nP1,Ada Patient,Dana Reyes PT,2026-11-22,2026-12-06,marching,{minutes}\n"
        );
        let test = Test::new()
            .file("plans.csv", csv)
            .args(&["build", "plans.csv", "-o", "out"])
            .status(0)
            .stdout("built 1 of 1 patient, skipped 0; written to out\n");
        test.run();
        let text = flat(&Pdf::open(&test.path("out/P1_2026-11-22.pdf")).text());
        assert!(
            text.contains(&format!("for {minutes} minutes")),
            "{header}: {text}"
        );
    }
}
