//! Words stay words: where a plan takes a dose part from a source that says
//! it in words ("at least 8 times", "hold a few seconds"), the sheet prints
//! the source's words, in the sheet's language; a figure the plan writes
//! prints as that figure; our reading of "a few seconds" is generous; and
//! where sources describe different techniques under one entry, the steps
//! are those of the source whose dose the plan gives.

use rx::catalogue::Catalogue;
use rx::lang::Language;

use crate::pdf::Pdf;
use crate::support::Test;

const HEAD: &str = r#"[patient]
name = "Ada Patient"
[prescriber]
name = "Dana Reyes, PT"
[plan]
issued = 2026-11-22
weeks = 2
"#;

fn catalogue() -> Catalogue {
    rx::catalogue::builtin().expect("built-in catalogue")
}

/// The words `source`'s prescription of `id` gives in `language`: (count,
/// hold).
fn words(id: &str, source: &str, language: &str) -> (Option<String>, Option<String>) {
    let catalogue = catalogue();
    let entry = catalogue.find(id).expect("an entry");
    let p = entry
        .prescriptions
        .iter()
        .find(|p| p.label() == source)
        .expect("the source's prescription");
    let language = Language::parse(language).expect("a language");
    let said = p.words.get(&language).expect("words in the language");
    (said.count.clone(), said.hold.clone())
}

/// The text of the sheet `rx build` makes of `exercises` (and `plan`
/// lines), each run of whitespace one space.
fn sheet(plan: &str, exercises: &str) -> String {
    let test = Test::new()
        .file("plan.toml", format!("{HEAD}{plan}\n{exercises}"))
        .args(&["build", "plan.toml", "-o", "plan.pdf"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf")
        .stderr_satisfies("warnings only", |e| !e.contains("error"));
    test.run();
    Pdf::open(&test.path("plan.pdf"))
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const SOURCED: &str = r#"
[[exercise]]
name = "bird dog"

[[exercise]]
name = "pelvic tilt"
hold = 0

[[exercise]]
name = "pelvic tilt"
"#;

#[test]
fn a_dose_taken_from_a_source_prints_the_sources_words() {
    sources_words_are_on_the_sheet("", "en");
}

#[test]
fn spanish_sheets_print_the_sources_words_in_spanish() {
    sources_words_are_on_the_sheet("language = \"es\"\n", "es");
}

/// The `SOURCED` plan's sheet (with `plan_line` in `[plan]`) prints, in
/// `language`, the words of bird dog's and the pelvic tilt's sources.
fn sources_words_are_on_the_sheet(plan_line: &str, language: &str) {
    let text = sheet(plan_line, SOURCED);
    let (at_least, _) = words("bird-dog", "relieve", language);
    let (rocking, _) = words("pelvic-tilt", "relieve", language);
    let (_, few) = words("pelvic-tilt", "gentle", language);
    for said in [at_least, rocking, few].into_iter().flatten() {
        assert!(text.contains(&said), "{said:?} not on the sheet: {text}");
    }
}

#[test]
fn a_count_or_hold_the_plan_writes_prints_as_its_figure() {
    let text = sheet(
        "",
        "[[exercise]]\nname = \"bird dog\"\nreps = 8\n\n[[exercise]]\nname = \"pelvic tilt\"\nhold = 4\n",
    );
    let (at_least, _) = words("bird-dog", "relieve", "en");
    let (_, few) = words("pelvic-tilt", "gentle", "en");
    assert!(text.contains("8 times · hold"), "{text}");
    assert!(text.contains("hold 4 seconds"), "{text}");
    for said in [at_least, few].into_iter().flatten() {
        assert!(
            !text.contains(&said),
            "{said:?} printed for a written figure"
        );
    }
}

#[test]
fn a_few_seconds_reads_as_three_to_five_seconds() {
    let catalogue = catalogue();
    let mut read = 0;
    for entry in catalogue.entries() {
        for p in &entry.prescriptions {
            let says_a_few = p
                .note
                .as_deref()
                .is_some_and(|n| n.contains("a few seconds"));
            if says_a_few {
                read += 1;
                assert_eq!(
                    (p.hold.min, p.hold.max),
                    (3, 5),
                    "{}: {}",
                    entry.id,
                    p.label()
                );
                let said = p.words.get(&Language::ENGLISH).and_then(|w| w.hold.clone());
                assert_eq!(said.as_deref(), Some("hold a few seconds"), "{}", entry.id);
            }
        }
    }
    assert!(read > 0, "no prescription says 'a few seconds'");
}

/// The steps `source`'s prescription of `id` gives in `language`.
fn own_steps(id: &str, source: &str, language: &str) -> Vec<String> {
    let catalogue = catalogue();
    let entry = catalogue.find(id).expect("an entry");
    let p = entry
        .prescriptions
        .iter()
        .find(|p| p.label() == source)
        .expect("the source's prescription");
    let language = Language::parse(language).expect("a language");
    p.steps.get(&language).expect("its own steps").clone()
}

/// The entry's own steps in English.
fn entry_steps(id: &str) -> Vec<String> {
    catalogue().find(id).expect("an entry").steps.clone()
}

#[test]
fn the_steps_follow_the_source_of_the_dose() {
    for (id, theirs, dose) in [
        ("pelvic-tilt", "relieve", "reps = 12\nhold = 0"),
        (
            "knee-to-chest-stretch",
            "relieve",
            "reps = 8\nhold = 0\nside = \"both\"",
        ),
    ] {
        let (own, shared) = (own_steps(id, theirs, "en"), entry_steps(id));
        // A step as printed whatever the dose: without markers.
        let distinct = |a: &[String], b: &[String]| {
            a.iter()
                .find(|s| !b.contains(s) && !s.contains('{'))
                .cloned()
                .expect("a step of its own")
        };
        let (own_step, shared_step) = (distinct(&own, &shared), distinct(&shared, &own));
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = sheet("", &format!("[[exercise]]\nname = \"{id}\"\n{dose}\n"));
        assert!(
            text.contains(&flat(&own_step)),
            "{id}: {own_step:?} not on: {text}"
        );
        assert!(
            !text.contains(&flat(&shared_step)),
            "{id}: {shared_step:?} on: {text}"
        );
        // Another source's dose prints the entry's own steps.
        let text = sheet("", &format!("[[exercise]]\nname = \"{id}\"\n"));
        assert!(
            text.contains(&flat(&shared_step)),
            "{id}: {shared_step:?} not on: {text}"
        );
        assert!(
            !text.contains(&flat(&own_step)),
            "{id}: {own_step:?} on: {text}"
        );
        // And in Spanish, the source's own steps in Spanish.
        let es = own_steps(id, theirs, "es");
        let text = sheet(
            "language = \"es\"\n",
            &format!("[[exercise]]\nname = \"{id}\"\n{dose}\n"),
        );
        let last = es.last().expect("steps");
        assert!(text.contains(&flat(last)), "{id}: {last:?} not on: {text}");
    }
}
