//! Any plan that checks clean lays out and renders into a PDF that lopdf
//! loads, with as many pages as the layout made.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (catalogue, fonts) = common::setup();
    let run = rx::Run::new(catalogue, fonts, common::today());
    let (_, checked) = run.check(data);
    let Some(plan) = checked.plan else { return };
    let sheet = run.sheet(&plan).expect("the bundled fonts embed");
    let loaded = lopdf::Document::load_mem(&sheet.pdf).expect("rx writes PDFs lopdf can read");
    assert_eq!(loaded.get_pages().len(), sheet.pages);
});
