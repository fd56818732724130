//! CSV record boundaries: patients written as a proper CSV, then broken in
//! one place (a quote deleted, or one opened and never closed). Every
//! patient must be built with exactly its own rows or reported by name.
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "records.rs"]
mod records;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (catalogue, fonts) = common::setup();
    records::property(data, catalogue, fonts, common::today());
});
