//! Any bytes as a CSV batch: checking every patient must report, never
//! panic or hang, and account for every patient.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use rx::batch::{Event, Input, Options};

fuzz_target!(|data: &[u8]| {
    let (catalogue, fonts) = common::setup();
    let run = rx::Run::new(catalogue, fonts, common::today());
    let mut errors = 0usize;
    let result = rx::batch::run(Input::Bytes(data), &run, &Options::default(), |event| {
        if let Event::Diagnostics(ds) = event {
            errors += ds.iter().filter(|d| d.is_error()).count();
        }
    });
    if let Ok(report) = result {
        // Every patient is either valid or skipped, and skips are explained.
        assert!(report.built + report.skipped >= report.patients);
        assert!(report.skipped == 0 || errors > 0);
    }
});
