//! What every target needs once per process: the built-in catalogue, the
//! fonts and a fixed "today", so runs are reproducible.

use std::sync::OnceLock;

use rx::catalogue::Catalogue;
use rx::fonts::Fonts;

pub fn setup() -> &'static (Catalogue, Fonts) {
    static SETUP: OnceLock<(Catalogue, Fonts)> = OnceLock::new();
    SETUP.get_or_init(|| (rx::catalogue::builtin().expect("built-in catalogue"), Fonts::load()))
}

pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
}
