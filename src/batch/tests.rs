//! Batch regressions, run in memory (`Input::Bytes`) or in a temp folder.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Build, Event, Existing, Input, Options, Report, run};
use crate::diag::Diagnostic;
use crate::fonts::Fonts;
use crate::run::Run;

const HEADER: &str = "patient_id,patient_name,prescriber,issued,review,exercise,note";

fn row(id: &str, exercise: &str, note: &str) -> String {
    format!("{id},Name {id},Dana Reyes PT,2026-11-22,2026-12-06,{exercise},{note}")
}

fn settings(out_dir: Option<&std::path::Path>) -> Options {
    Options {
        build: out_dir.map(|dir| Build {
            out_dir: dir.into(),
            existing: Existing::Refuse,
            threads: 2,
        }),
        ..Options::default()
    }
}

fn force(mut settings: Options) -> Options {
    if let Some(build) = &mut settings.build {
        build.existing = Existing::Replace;
    }
    settings
}

/// What a batch said: its report, its diagnostics, and each valid patient's
/// exercises (id, note) in order.
struct Outcome {
    report: Report,
    diagnostics: Vec<Diagnostic>,
    valid: BTreeMap<String, Vec<(String, Option<String>)>>,
}

impl Outcome {
    fn errors_naming(&self, id: &str) -> usize {
        let prefix = format!("patient {id}: ");
        self.diagnostics
            .iter()
            .filter(|d| d.is_error() && d.message.starts_with(&prefix))
            .count()
    }
}

fn batch(csv: &[u8], settings: &Options) -> Outcome {
    let catalogue = &crate::catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let mut diagnostics = Vec::new();
    let mut valid = BTreeMap::new();
    let mut told: Vec<(u64, String)> = Vec::new();
    let report = run(
        Input::Bytes(csv),
        &Run::new(catalogue, &fonts, today),
        settings,
        |event| match event {
            Event::Diagnostics(ds) => diagnostics.extend_from_slice(ds),
            Event::Valid { id, plan } => {
                let rows = plan
                    .exercises
                    .iter()
                    .map(|e| (e.entry.id.clone(), e.note.clone()))
                    .collect();
                valid.insert(String::from_utf8_lossy(id).into_owned(), rows);
            }
            Event::Failed(e) => panic!("{e}"),
            Event::Stale { path, .. } => panic!("stale {}", path.display()),
            Event::Patient(o) => told.push((o.first_record, o.id.clone())),
            Event::Progress { .. } => {}
        },
    )
    .expect("the batch runs");
    // Every patient's fate is told once, whatever became of it (a report
    // that misses a patient would lose them silently).
    told.sort();
    let before = told.len();
    told.dedup();
    assert_eq!(before, told.len(), "a patient told twice: {told:?}");
    assert_eq!(told.len(), report.patients, "{told:?}");
    Outcome {
        report,
        diagnostics,
        valid,
    }
}

/// An unclosed quote must not merge the rows below it
/// into one patient's note; the patient whose cell opened it and every
/// patient it swallowed are reported, never built.
#[test]
fn an_unclosed_quote_swallows_no_patient() {
    // The quote runs to the end of the file.
    let csv = [
        HEADER.to_owned(),
        row("P1", "bridge", "fine"),
        row("P2", "cat stretch", ""),
        row("P2", "bridge", "\"Keep knees apart"),
        row("P3", "bird dog", ""),
        row("P4", "cat stretch", ""),
        row("P5", "pelvic tilt", ""),
    ]
    .join("\n");
    let out = batch(csv.as_bytes(), &settings(None));
    assert_eq!(out.valid.keys().collect::<Vec<_>>(), ["P1"]);
    for id in ["P2", "P3", "P4", "P5"] {
        assert!(out.errors_naming(id) > 0, "{id}: {:#?}", out.diagnostics);
    }
    assert_eq!((out.report.built, out.report.skipped), (1, 4));
    assert!(
        out.diagnostics
            .iter()
            .all(|d| !d.message.contains("row 3 is broken")),
        "P2's second row is P2's own, not the rest of the row above: {:#?}",
        out.diagnostics
    );
    let first = &out.diagnostics[0];
    assert_eq!(
        first.message,
        "the quote that opens this cell is never closed; it runs on over the rows below (from line 5 of the file)"
    );

    // The quote is closed, wrongly, by the next quoted cell further down:
    // P3's rows are swallowed, P4 keeps a row of its own but lost one.
    let csv = [
        HEADER.to_owned(),
        row("P2", "bridge", "\"Keep knees apart"),
        row("P3", "bird dog", ""),
        row("P4", "cat stretch", ""),
        row("P4", "bridge", "\"Slowly, please\""),
        row("P5", "pelvic tilt", ""),
    ]
    .join("\n");
    let out = batch(csv.as_bytes(), &settings(None));
    assert_eq!(
        out.valid.keys().collect::<Vec<_>>(),
        ["P5"],
        "{:#?}",
        out.diagnostics
    );
    for id in ["P2", "P3", "P4"] {
        assert!(out.errors_naming(id) > 0, "{id}: {:#?}", out.diagnostics);
    }

    // A lost opening quote: the note ends at its line break, and what
    // follows reads as a broken row. The patient above is not built.
    let csv = [
        HEADER.to_owned(),
        row("P1", "bridge", "Squeeze\nat the top\""),
        row("P2", "bridge", ""),
    ]
    .join("\n");
    let out = batch(csv.as_bytes(), &settings(None));
    assert_eq!(
        out.valid.keys().collect::<Vec<_>>(),
        ["P2"],
        "{:#?}",
        out.diagnostics
    );
    assert!(
        out.diagnostics.iter().any(|d| d.message
            == "patient P1: row 3 is broken and may hold the rest of a cell of row 2, cut off by a line break; rx did not build this patient"),
        "{:#?}",
        out.diagnostics
    );

    // A cell that really holds a line break is still read as one cell.
    let csv = [
        HEADER.to_owned(),
        row("P1", "bridge", "\"Squeeze\nat the top\""),
        row("P2", "bridge", ""),
    ]
    .join("\r\n");
    let out = batch(csv.as_bytes(), &settings(None));
    assert_eq!(out.report.built, 2, "{:#?}", out.diagnostics);
    assert_eq!(out.valid["P1"][0].1.as_deref(), Some("Squeeze\nat the top"));
}

/// One patient of a million rows is held to the cap
/// (and reported once, not also as a plan with no exercises).
#[test]
fn a_giant_patient_is_reported_once() {
    let mut csv = HEADER.to_owned();
    for _ in 0..5_000 {
        csv.push('\n');
        csv.push_str(&row("P1", "bridge", ""));
    }
    let out = batch(csv.as_bytes(), &settings(None));
    let errors: Vec<&str> = out
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    let cap = "patient P1: the patient has 5000 rows; rx accepts at most 100 exercises";
    assert_eq!(
        errors.iter().filter(|e| **e == cap).count(),
        1,
        "{errors:#?}"
    );
    // The first 100 rows are still checked (the 100 bridges' day's total is
    // far beyond), but the patient is not also "a plan with no exercises".
    assert!(
        errors
            .iter()
            .all(|e| *e == cap || e.contains("listed 100 times")),
        "{errors:#?}"
    );
}

/// A million rows without an id give a
/// bounded number of diagnostics and one line counting the rest.
#[test]
fn orphan_rows_are_capped() {
    let mut csv = HEADER.to_owned();
    for _ in 0..10_000 {
        csv.push_str("\n,Ann,Dana,2026-11-22,2026-12-06,bridge,");
    }
    let out = batch(csv.as_bytes(), &settings(None));
    assert_eq!(out.diagnostics.len(), crate::diag::MAX_SHOWN + 1);
    assert_eq!(
        out.diagnostics.last().map(|d| d.message.as_str()),
        Some("… and 9800 more problems in this file, not shown")
    );
    assert_eq!(out.report.without_id, 10_000);
    assert_eq!(out.report.skipped, 0);
    assert!(out.report.unreadable, "no patient was read");
}

/// A UTF-16 file is named as such; two ids that are
/// not UTF-8 never merge into one patient.
#[test]
fn utf16_files_and_non_utf8_ids() {
    let utf16: Vec<u8> = "\u{feff}patient_id,exercise\nP1,bridge\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let out = batch(&utf16, &settings(None));
    assert_eq!(
        out.diagnostics[0].message,
        "the file is UTF-16 text, not UTF-8"
    );

    let mut csv = HEADER.as_bytes().to_vec();
    csv.extend(b"\n\xff1,Ann,Dana,2026-11-22,2026-12-06,bridge,");
    csv.extend(b"\n\xfe1,Bo,Dana,2026-11-22,2026-12-06,bridge,");
    let out = batch(&csv, &settings(None));
    assert_eq!(out.report.patients, 2);
    assert_eq!(out.report.skipped, 2);
}

/// Ids that differ only by case, or equal another id's
/// cleaned name, each get their own file, and the summary counts files.
#[test]
fn colliding_ids_each_get_a_sheet() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let cleaned =
        crate::files::file_name("a/b", NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"));
    let cleaned = cleaned.trim_end_matches("_2026-11-22.pdf");
    let csv = [
        HEADER.to_owned(),
        row("Abc", "bridge", ""),
        row("abc", "bridge", ""),
        row("a/b", "bridge", ""),
        row(cleaned, "bridge", ""),
    ]
    .join("\n");
    let s = force(settings(Some(dir.path())));
    let out = batch(csv.as_bytes(), &s);
    assert_eq!(out.report.built, 4, "{:#?}", out.diagnostics);
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .map(|e| {
            e.expect("entry")
                .file_name()
                .to_string_lossy()
                .to_lowercase()
        })
        .collect();
    let mut distinct = files.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "{files:?}");

    // A later run whose id takes an existing sheet's name in another case
    // is refused, not written over it.
    let other = tempfile::tempdir().expect("a temp folder");
    std::fs::write(other.path().join("ABC_2026-11-22.pdf"), b"another patient").expect("file");
    let csv = [HEADER.to_owned(), row("abc", "bridge", "")].join("\n");
    let s = force(settings(Some(other.path())));
    let catalogue = &crate::catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let mut failures = Vec::new();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let rx = Run::new(catalogue, &fonts, today);
    let report = run(Input::Bytes(csv.as_bytes()), &rx, &s, |e| {
        if let Event::Failed(e) = e {
            failures.push(e.to_string());
        }
    })
    .expect("runs");
    assert_eq!((report.built, report.failed), (0, 1));
    assert!(
        failures[0].contains("differs only in letter case"),
        "{failures:?}"
    );
    assert_eq!(
        std::fs::read(other.path().join("ABC_2026-11-22.pdf")).expect("kept"),
        b"another patient"
    );
}

/// A batch removes only dead runs' temporary files,
/// never a live run's.
#[test]
fn live_runs_keep_their_temporary_files() {
    let dir = tempfile::tempdir().expect("a temp folder");
    // A live run: its lock file is held.
    let live_lock = dir.path().join(".rx-999999.lock");
    let held = std::fs::File::create(&live_lock).expect("lock file");
    held.lock().expect("lock");
    std::fs::write(dir.path().join(".rx-999999-abc.part"), b"x").expect("part");
    // A dead run: its lock file is there but nobody holds it.
    std::fs::write(dir.path().join(".rx-999998.lock"), b"").expect("lock file");
    std::fs::write(dir.path().join(".rx-999998-abc.part"), b"x").expect("part");

    let csv = [HEADER.to_owned(), row("P1", "bridge", "")].join("\n");
    let out = batch(csv.as_bytes(), &settings(Some(dir.path())));
    assert_eq!(out.report.built, 1);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".rx-999999-abc.part",
            ".rx-999999.lock",
            "P1_2026-11-22.pdf"
        ]
    );
}
