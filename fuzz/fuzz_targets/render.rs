//! Any plan that checks clean lays out and renders into a PDF that lopdf
//! loads, with as many pages as the layout made.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rx::catalogue::Catalogue;
use rx::fonts::Fonts;
use rx::layout::{self, Options};
use rx::plan::Paper;

fn setup() -> &'static (Catalogue, Fonts) {
    static SETUP: OnceLock<(Catalogue, Fonts)> = OnceLock::new();
    SETUP.get_or_init(|| (rx::catalogue::builtin().expect("built-in catalogue"), Fonts::load()))
}

fuzz_target!(|data: &[u8]| {
    let (catalogue, fonts) = setup();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let (_, checked) = rx::check_plan(data, catalogue, fonts, today);
    let Some(plan) = checked.plan else { return };
    let options = Options {
        paper: plan.sheet.paper.unwrap_or(Paper::Letter),
        large_print: plan.sheet.large_print.unwrap_or(false),
    };
    let document = layout::sheet(&plan, options, fonts);
    let pdf = rx::render::render(&document, fonts);
    let loaded = lopdf::Document::load_mem(&pdf).expect("rx writes PDFs lopdf can read");
    assert_eq!(loaded.get_pages().len(), document.pages.len());
});
