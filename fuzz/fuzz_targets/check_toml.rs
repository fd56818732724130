//! Any bytes as a plan file: parse -> resolve -> check must return
//! diagnostics, never panic or hang.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rx::catalogue::Catalogue;
use rx::diag::{SourceFile, render};
use rx::fonts::Fonts;

fn setup() -> &'static (Catalogue, Fonts) {
    static SETUP: OnceLock<(Catalogue, Fonts)> = OnceLock::new();
    SETUP.get_or_init(|| (rx::catalogue::builtin().expect("built-in catalogue"), Fonts::load()))
}

fuzz_target!(|data: &[u8]| {
    let (catalogue, fonts) = setup();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let (text, checked) = rx::check_plan(data, catalogue, fonts, today);
    // Rendering every diagnostic exercises spans against the text.
    let file = SourceFile::new("fuzz.toml", text);
    for d in &checked.diagnostics {
        let _ = render(d, &file);
    }
    assert_eq!(checked.plan.is_some(), !checked.has_errors());
});
