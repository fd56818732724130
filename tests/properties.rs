//! Properties over generated plans, through the library. Doses
//! come from one source's own prescription, within the daily
//! total. An accepted plan always renders with every name and dose sentence in the
//! PDF's text; a dose outside its limits without a reason is always
//! rejected; rendering is deterministic, in one process and across batch
//! thread counts; the CSV and TOML forms of a plan give the same sheet.

use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use rx::batch::{Build, Existing, Input};
use rx::catalogue::{Catalogue, Entry};
use rx::fonts::Fonts;
use rx::plan::Plan;

use crate::pdf::Pdf;

fn setup() -> &'static (Catalogue, Fonts) {
    static SETUP: OnceLock<(Catalogue, Fonts)> = OnceLock::new();
    SETUP.get_or_init(|| {
        (
            rx::catalogue::builtin().expect("built-in catalogue"),
            Fonts::load(),
        )
    })
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
}

/// A batch that writes its sheets into `dir` with `threads` workers, each
/// sheet on its plan's own paper and print size.
fn building(dir: &std::path::Path, threads: usize) -> rx::batch::Options {
    rx::batch::Options {
        build: Some(Build {
            out_dir: dir.to_owned(),
            existing: Existing::Refuse,
            threads,
        }),
        ..rx::batch::Options::default()
    }
}

/// One exercise as a therapist might write it: a name and optional dose
/// fields, each within the entry's limits.
#[derive(Debug, Clone)]
struct Written {
    entry: usize,
    sets: Option<u32>,
    reps: Option<u32>,
    hold: Option<u32>,
    per_day: Option<u32>,
    side: Option<&'static str>,
    note: Option<String>,
}

#[derive(Debug, Clone)]
struct Spec {
    patient: String,
    prescriber: String,
    clinic: Option<String>,
    weeks: u32,
    large_print: bool,
    a4: bool,
    exercises: Vec<Written>,
}

/// Names in the scripts the fonts cover, with the punctuation names have.
fn name() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿŁłŚśĞğİ][A-Za-zÀ-ÿŁłŚśĞğİΑ-ΡΣ-Ωα-ωА-Яа-я' .-]{0,40}"
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("not blank", |s| !s.is_empty())
}

fn within(range: rx::catalogue::Range) -> impl Strategy<Value = Option<u32>> {
    proptest::option::of(range.min..=range.max)
}

/// A dose from one source's own prescription, at most twice its day's total
/// (two sets or twice a day, not both), so the daily-volume check passes.
fn written() -> impl Strategy<Value = Written> {
    let count = setup().0.entries().len();
    (0..count)
        .prop_flat_map(|i| (Just(i), 0..setup().0.entries()[i].prescriptions.len()))
        .prop_flat_map(|(i, p)| {
            let entry: &Entry = &setup().0.entries()[i];
            let prescription = &entry.prescriptions[p];
            let hold = if entry.limits.hold.is_some() {
                within(prescription.hold).boxed()
            } else {
                Just(None).boxed()
            };
            // "Alternating sides" only where a source alternates.
            let alternates = entry
                .prescriptions
                .iter()
                .any(|p| p.sides == Some(rx::catalogue::Sides::Alternate));
            let side = if entry.per_side.value {
                let mut sides = vec!["left", "right", "both"];
                if alternates {
                    sides.push("alternate");
                }
                proptest::option::of(proptest::sample::select(sides)).boxed()
            } else {
                Just(None).boxed()
            };
            // Only the choices the entry's limits allow.
            let l = &entry.limits;
            let allowed: Vec<(Option<u32>, Option<u32>)> = [
                (None, None),
                (Some(1), Some(1)),
                (Some(2), None),
                (None, Some(2)),
                (Some(1), Some(2)),
            ]
            .into_iter()
            .filter(|(sets, day)| {
                sets.is_none_or(|s| l.sets.contains(s)) && day.is_none_or(|d| l.per_day.contains(d))
            })
            .collect();
            let sets_and_day = proptest::sample::select(allowed);
            (
                Just(i),
                sets_and_day,
                within(prescription.reps),
                hold,
                side,
                proptest::option::of("[a-zA-Z ,.]{1,60}"),
            )
                .prop_map(|(entry, (sets, per_day), reps, hold, side, note)| Written {
                    entry,
                    sets,
                    reps,
                    hold,
                    per_day,
                    side,
                    note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
                })
        })
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        name(),
        name(),
        proptest::option::of(name()),
        1u32..=8,
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(written(), 1..8),
    )
        .prop_map(
            |(patient, prescriber, clinic, weeks, large_print, a4, mut exercises)| {
                // Each exercise once: two listings add up their day's total.
                let mut seen = std::collections::BTreeSet::new();
                exercises.retain(|w| seen.insert(w.entry));
                Spec {
                    patient,
                    prescriber,
                    clinic,
                    weeks,
                    large_print,
                    a4,
                    exercises,
                }
            },
        )
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn to_toml(spec: &Spec) -> String {
    let mut t = format!(
        "[patient]\nname = {}\nid = \"P1\"\n\n[prescriber]\nname = {}\n",
        toml_string(&spec.patient),
        toml_string(&spec.prescriber)
    );
    if let Some(clinic) = &spec.clinic {
        t.push_str(&format!("clinic = {}\n", toml_string(clinic)));
    }
    t.push_str(&format!(
        "\n[plan]\nissued = 2026-11-22\nweeks = {}\nlarge_print = {}\npaper = \"{}\"\n",
        spec.weeks,
        spec.large_print,
        if spec.a4 { "a4" } else { "letter" }
    ));
    for w in &spec.exercises {
        let entry = &setup().0.entries()[w.entry];
        t.push_str(&format!("\n[[exercise]]\nname = \"{}\"\n", entry.id));
        for (key, value) in [
            ("sets", w.sets),
            ("reps", w.reps),
            ("hold", w.hold),
            ("per_day", w.per_day),
        ] {
            if let Some(v) = value {
                t.push_str(&format!("{key} = {v}\n"));
            }
        }
        if let Some(side) = w.side {
            t.push_str(&format!("side = \"{side}\"\n"));
        }
        if let Some(note) = &w.note {
            t.push_str(&format!("note = {}\n", toml_string(note)));
        }
    }
    t
}

fn csv_cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn to_csv(specs: &[Spec]) -> String {
    let mut out = String::from(
        "patient_id,patient_name,prescriber,clinic,issued,weeks,paper,large_print,exercise,sets,reps,hold,per_day,side,note\n",
    );
    for (p, spec) in specs.iter().enumerate() {
        for w in &spec.exercises {
            let entry = &setup().0.entries()[w.entry];
            let n = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
            out.push_str(&format!(
                "P{},{},{},{},2026-11-22,{},{},{},{},{},{},{},{},{},{}\n",
                p + 1,
                csv_cell(&spec.patient),
                csv_cell(&spec.prescriber),
                spec.clinic.as_deref().map_or(String::new(), csv_cell),
                spec.weeks,
                if spec.a4 { "A4" } else { "letter" },
                if spec.large_print { "TRUE" } else { "false" },
                entry.id,
                n(w.sets),
                n(w.reps),
                n(w.hold),
                n(w.per_day),
                w.side.unwrap_or(""),
                w.note.as_deref().map_or(String::new(), csv_cell),
            ));
        }
    }
    out
}

fn checked(text: &str) -> Plan {
    let (catalogue, fonts) = setup();
    let (_, checked) = rx::check_plan(text.as_bytes(), catalogue, fonts, today());
    checked
        .plan
        .unwrap_or_else(|| panic!("rejected:\n{text}\n{:?}", checked.diagnostics))
}

/// The sheet `plan` gets on its own paper, print size and language.
fn render(plan: &Plan) -> Vec<u8> {
    let (catalogue, fonts) = setup();
    rx::Run::new(catalogue, fonts, today())
        .sheet(plan)
        .expect("the bundled fonts embed")
        .pdf
}

/// Text without any whitespace, so comparisons ignore where lines break.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The PDF's text as `pdf::Pdf` reads it (which also checks the file's
/// structure), whitespace removed.
fn pdf_text(pdf: &[u8]) -> String {
    let pdf = Pdf::parse(pdf).unwrap_or_else(|e| panic!("a sound PDF: {e}"));
    squeeze(&pdf.text())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn accepted_plans_render_every_name_and_dose(spec in spec()) {
        let plan = checked(&to_toml(&spec));
        let pdf = render(&plan);
        let text = pdf_text(&pdf);
        for exercise in &plan.exercises {
            prop_assert!(text.contains(&squeeze(&exercise.entry.name)), "{} missing", exercise.entry.name);
            let dose = exercise.sentence(rx::lang::Language::ENGLISH.messages());
            prop_assert!(text.contains(&squeeze(&dose)), "{dose} missing");
        }
        prop_assert!(text.contains(&squeeze(&plan.patient.name)));
        // Deterministic within one process.
        prop_assert_eq!(render(&plan), pdf);
    }

    #[test]
    fn a_dose_outside_its_limits_without_a_reason_is_rejected(
        spec in spec(),
        field in 0usize..4,
        above in any::<bool>(),
    ) {
        let mut spec = spec;
        let w = &mut spec.exercises[0];
        let entry = &setup().0.entries()[w.entry];
        let l = &entry.limits;
        let limit = match field {
            0 => Some(&l.sets),
            1 => Some(&l.reps),
            2 => l.hold.as_ref(),
            _ => Some(&l.per_day),
        };
        let Some(limit) = limit else { return Ok(()) };
        let value = if above || limit.min <= 1 { limit.max + 1 } else { limit.min - 1 };
        match field {
            0 => w.sets = Some(value),
            1 => w.reps = Some(value),
            2 => w.hold = Some(value),
            _ => w.per_day = Some(value),
        }
        let (catalogue, fonts) = setup();
        let text = to_toml(&spec);
        let (_, result) = rx::check_plan(text.as_bytes(), catalogue, fonts, today());
        prop_assert!(result.plan.is_none());
        prop_assert!(result.diagnostics.iter().any(|d| d.is_error() && d.code.as_str() == "RX0203"));
    }

    #[test]
    fn csv_and_toml_forms_give_the_same_sheet(spec in spec()) {
        let from_toml = render(&checked(&to_toml(&spec)));
        let dir = tempfile::tempdir().expect("temp dir");
        // Paper and print size come from the CSV's columns.
        let settings = building(dir.path(), 1);
        let (catalogue, fonts) = setup();
        let csv = to_csv(std::slice::from_ref(&spec));
        let report = rx::batch::run(Input::Bytes(csv.as_bytes()), &rx::Run::new(catalogue, fonts, today()), &settings, |_| {})
            .expect("batch runs");
        prop_assert_eq!(report.built, 1, "{}", csv);
        let from_csv = std::fs::read(dir.path().join("P1_2026-11-22.pdf")).expect("sheet");
        prop_assert!(from_csv == from_toml, "CSV and TOML sheets differ");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn batch_output_is_the_same_for_any_thread_count(specs in proptest::collection::vec(spec(), 2..6)) {
        let (catalogue, fonts) = setup();
        let csv = to_csv(&specs);
        let mut outputs = Vec::new();
        for threads in [1, 3] {
            let dir = tempfile::tempdir().expect("temp dir");
            let settings = building(dir.path(), threads);
            let report = rx::batch::run(Input::Bytes(csv.as_bytes()), &rx::Run::new(catalogue, fonts, today()), &settings, |_| {})
                .expect("batch runs");
            prop_assert_eq!(report.built, specs.len());
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.path())
                .expect("output")
                .map(|e| {
                    let e = e.expect("entry");
                    (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("pdf"))
                })
                .collect();
            files.sort();
            outputs.push(files);
        }
        prop_assert!(outputs[0] == outputs[1]);
    }
}
