//! Any bytes as a plan file: parse -> resolve -> check must return
//! diagnostics, never panic or hang.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use rx::diag::{SourceFile, render};

fuzz_target!(|data: &[u8]| {
    let (catalogue, fonts) = common::setup();
    let today = common::today();
    let (text, checked) = rx::check_plan(data, catalogue, fonts, today);
    // Rendering every diagnostic exercises spans against the text.
    let file = SourceFile::new("fuzz.toml", text);
    for d in &checked.diagnostics {
        let _ = render(d, &file);
    }
    assert_eq!(checked.plan.is_some(), !checked.has_errors());
});
