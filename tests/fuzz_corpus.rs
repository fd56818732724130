//! The fuzz targets' properties (see fuzz/README.md), replayed on the
//! committed seed corpus and every input a fuzzer ever found a bug with
//! (fuzz/regressions/), in the normal test run.

use std::path::Path;

#[path = "../fuzz/fuzz_targets/records.rs"]
mod records;

use rx::batch::{Event, Input, Options, Report};
use rx::diag::Diagnostic;

use crate::pdf::Pdf;

fn inputs(folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .map(|e| {
            let e = e.expect("entry");
            (
                format!("{folder}/{}", e.file_name().to_string_lossy()),
                std::fs::read(e.path()).expect("input"),
            )
        })
        .collect();
    out.sort();
    out
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
}

/// What a committed plan input must do.
enum PlanCase {
    /// Refused, with exactly these diagnostic codes, in order.
    Refused(&'static [&'static str]),
    /// Accepted with exactly these warnings, in order, and built into a
    /// sheet with every exercise the file lists.
    Built(&'static [&'static str]),
}

/// Every committed input of `check_toml` and `render`, and what it must do;
/// an input added to the corpus or to `regressions/` needs its line here.
const PLANS: &[(&str, PlanCase)] = &[
    ("corpus/check_toml/bad.toml", PlanCase::Refused(&["RX0101"])),
    (
        "corpus/check_toml/example.toml",
        PlanCase::Built(&["RX0209", "RX0203"]),
    ),
    ("corpus/check_toml/plan.toml", PlanCase::Built(&[])),
    (
        "corpus/render/example.toml",
        PlanCase::Built(&["RX0209", "RX0203"]),
    ),
    ("corpus/render/large.toml", PlanCase::Built(&[])),
    ("corpus/render/plan.toml", PlanCase::Built(&[])),
];

/// What a committed CSV input must do: the batch report's counts and the
/// codes of its error diagnostics, in order.
struct CsvCase {
    patients: usize,
    valid: usize,
    skipped: usize,
    without_id: usize,
    errors: &'static [&'static str],
}

/// Every committed input of `check_csv`, and what it must do.
const CSVS: &[(&str, CsvCase)] = &[
    (
        "corpus/check_csv/export.csv",
        CsvCase {
            patients: 1,
            valid: 1,
            skipped: 0,
            without_id: 0,
            errors: &[],
        },
    ),
    (
        "corpus/check_csv/mixed.csv",
        CsvCase {
            patients: 3,
            valid: 1,
            skipped: 2,
            without_id: 1,
            errors: &["RX0106", "RX0203", "RX0201"],
        },
    ),
    (
        "corpus/check_csv/semi.csv",
        CsvCase {
            patients: 1,
            valid: 1,
            skipped: 0,
            without_id: 0,
            errors: &[],
        },
    ),
];

fn codes<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<&'static str> {
    diagnostics.into_iter().map(|d| d.code.as_str()).collect()
}

/// What `name` must do, from `cases`; an input nobody has said that of
/// fails, so no case passes by saying nothing.
fn case<'a, T>(cases: &'a [(&str, T)], name: &str) -> &'a T {
    cases
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, case)| case)
        .unwrap_or_else(|| {
            panic!("{name}: add what it must do to the table in tests/fuzz_corpus.rs")
        })
}

/// check_toml and render, through the run every command uses: checking
/// never panics and a plan comes back exactly when there is no error; the
/// input is refused or built as its case says, and a built sheet is a sound
/// PDF (see `pdf::Pdf`) with the layout's page count.
fn plan_property(name: &str, data: &[u8]) {
    let catalogue = rx::catalogue::builtin().expect("catalogue");
    let fonts = rx::fonts::Fonts::load();
    let run = rx::Run::new(&catalogue, &fonts, today());
    let (text, checked) = run.check(data);
    assert_eq!(checked.plan.is_some(), !checked.has_errors(), "{name}");
    let found = codes(&checked.diagnostics);
    match (case(PLANS, name), checked.plan) {
        (PlanCase::Refused(expected), None) => assert_eq!(found, *expected, "{name}"),
        (PlanCase::Built(warnings), Some(plan)) => {
            assert_eq!(found, *warnings, "{name}");
            assert_eq!(
                plan.exercises.len(),
                text.matches("[[exercise]]").count(),
                "{name}: every exercise the file lists"
            );
            let sheet = run.sheet(&plan).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let loaded = Pdf::parse(&sheet.pdf).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(loaded.pages(), sheet.pages, "{name}");
        }
        (PlanCase::Refused(_), Some(_)) => panic!("{name}: accepted, but must be refused"),
        (PlanCase::Built(_), None) => panic!("{name}: refused with {found:?}, but must build"),
    }
}

/// check_csv: every patient is accounted for and every skip explained, and
/// the batch reports what the input's case says. Every committed input is
/// a CSV rx reads, so the batch must run: an `Err` is a failure.
fn csv_property(name: &str, data: &[u8]) {
    let catalogue = rx::catalogue::builtin().expect("catalogue");
    let fonts = rx::fonts::Fonts::load();
    let run = rx::Run::new(&catalogue, &fonts, today());
    let mut errors = Vec::new();
    let report = rx::batch::run(Input::Bytes(data), &run, &Options::default(), |event| {
        if let Event::Diagnostics(ds) = event {
            errors.extend(codes(ds.iter().filter(|d| d.is_error())));
        }
    })
    .unwrap_or_else(|e| panic!("{name}: check_csv failed with {e}"));
    assert!(report.built + report.skipped >= report.patients, "{name}");
    assert!(report.skipped == 0 || !errors.is_empty(), "{name}");
    let expected = case(CSVS, name);
    let Report {
        patients,
        built,
        skipped,
        without_id,
        ..
    } = report;
    assert_eq!(
        (patients, built, skipped, without_id),
        (
            expected.patients,
            expected.valid,
            expected.skipped,
            expected.without_id
        ),
        "{name}: patients, valid, skipped, rows without an id"
    );
    assert_eq!(errors, expected.errors, "{name}");
}

#[test]
fn seed_corpus_and_regressions_do_what_each_case_says() {
    let mut seen = 0;
    for folder in [
        "corpus/check_toml",
        "corpus/render",
        "regressions/check_toml",
        "regressions/render",
    ] {
        for (name, data) in inputs(folder) {
            plan_property(&name, &data);
            seen += 1;
        }
    }
    for folder in ["corpus/check_csv", "regressions/check_csv"] {
        for (name, data) in inputs(folder) {
            csv_property(&name, &data);
            seen += 1;
        }
    }
    // Every case in the tables was found and run.
    assert_eq!(seen, PLANS.len() + CSVS.len(), "the corpus is all there");
}

/// The csv_records property on its seeds, its
/// regressions and 2,000 inputs from a fixed generator, so the normal test
/// run covers quote breaks in every kind of row.
#[test]
fn csv_record_boundaries_hold_under_broken_quotes() {
    let catalogue = rx::catalogue::builtin().expect("catalogue");
    let fonts = rx::fonts::Fonts::load();
    for folder in ["corpus/csv_records", "regressions/csv_records"] {
        for (_, data) in inputs(folder) {
            records::property(&data, &catalogue, &fonts, today());
        }
    }
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..2_000 {
        let len = 3 + (state % 120) as usize;
        let data: Vec<u8> = (0..len)
            .map(|_| {
                // xorshift64: a fixed sequence, the same on every run.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        records::property(&data, &catalogue, &fonts, today());
    }
}
