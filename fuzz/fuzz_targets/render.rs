//! Any plan that checks clean lays out and renders into a PDF that lopdf
//! loads, with as many pages as the layout made.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use rx::layout::{self, Options};
use rx::plan::Paper;

fuzz_target!(|data: &[u8]| {
    let (catalogue, fonts) = common::setup();
    let today = common::today();
    let (_, checked) = rx::check_plan(data, catalogue, fonts, today);
    let Some(plan) = checked.plan else { return };
    let options = Options {
        paper: plan.sheet.paper.unwrap_or(Paper::Letter),
        large_print: plan.sheet.large_print.unwrap_or(false),
        language: plan.sheet.language.unwrap_or_default(),
    };
    let document = layout::sheet(&plan, options, fonts);
    let pdf = rx::render::render(&document, fonts);
    let loaded = lopdf::Document::load_mem(&pdf).expect("rx writes PDFs lopdf can read");
    assert_eq!(loaded.get_pages().len(), document.pages.len());
});
