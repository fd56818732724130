//! The fuzz targets' properties (see fuzz/README.md), replayed on the
//! committed seed corpus and every input a fuzzer ever found a bug with
//! (fuzz/regressions/), in the normal test run.

use std::path::Path;

#[path = "../fuzz/fuzz_targets/records.rs"]
mod records;

use rx::batch::{Input, RunOptions};
use rx::layout::{self, Options};
use rx::plan::Paper;

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
                e.file_name().to_string_lossy().into_owned(),
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

/// check_toml and render: checking never panics; a clean plan renders into
/// a sound PDF (see `pdf::Pdf`) with the layout's page count.
fn plan_property(name: &str, data: &[u8]) {
    let catalogue = rx::catalogue::builtin().expect("catalogue");
    let fonts = rx::fonts::Fonts::load();
    let (_, checked) = rx::check_plan(data, &catalogue, &fonts, today());
    assert_eq!(checked.plan.is_some(), !checked.has_errors(), "{name}");
    if let Some(plan) = checked.plan {
        let options = Options {
            paper: plan.sheet.paper.unwrap_or(Paper::Letter),
            large_print: plan.sheet.large_print.unwrap_or(false),
            language: plan.sheet.language.unwrap_or_default(),
        };
        let document = layout::sheet(&plan, options, &fonts);
        let pdf = rx::render::render(&document, &fonts).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let loaded = Pdf::parse(&pdf).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded.pages(), document.pages.len(), "{name}");
    }
}

/// check_csv: every patient is accounted for and every skip explained.
fn csv_property(name: &str, data: &[u8]) {
    let catalogue = rx::catalogue::builtin().expect("catalogue");
    let fonts = rx::fonts::Fonts::load();
    let settings = RunOptions::check_only(today(), None, false);
    let mut errors = 0;
    let report = rx::batch::run(Input::Bytes(data), &catalogue, &fonts, &settings, |event| {
        if let rx::batch::Event::Diagnostics(ds) = event {
            errors += ds.iter().filter(|d| d.is_error()).count();
        }
    });
    match report {
        Ok(report) => {
            assert!(report.built + report.skipped >= report.patients, "{name}");
            assert!(report.skipped == 0 || errors > 0, "{name}");
        }
        // Bytes that cannot be read as a CSV at all (UTF-16, not text) are
        // refused whole, with the reason; any other error (a write, a
        // broken catalogue) in a check-only run is a bug.
        Err(e) => assert!(
            matches!(e, rx::error::Error::Read { .. }),
            "{name}: check_csv failed with {e}"
        ),
    }
}

#[test]
fn seed_corpus_and_regressions_hold_the_fuzz_properties() {
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
    assert!(seen >= 9, "the seed corpus is there");
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
