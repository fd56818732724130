//! Size budgets: what a sheet may weigh, held by tests rather than only
//! printed by `cargo bench --bench sheet`, so a change that pushes a sheet
//! over its budget fails here first. Sheets are deterministic, so a size is
//! an exact figure, not a noisy one. A KB is 1,024 bytes, as the benches
//! print it.

use std::sync::Arc;

use crate::support::{Test, repo};

/// A sheet's budget: 25 KB, with a logo and six QR codes included, and
/// what tagging it for screen readers measurably costs (`TAGGING`), and
/// what the sheet says about itself (`METADATA_BUDGET`).
const SHEET_BUDGET: u64 = 25 * 1024 + TAGGING + METADATA_BUDGET;

/// The structure tree, marked content and six link annotations of the
/// clinic example: 33,991 bytes tagged against 27,817 rendered untagged
/// (`render::render_untagged`, same metadata), +6,174, rounded up to the
/// next hundred. Lowered from 6,700 when a log's tick-box cells became
/// empty `TD`s and the cross-reference rows got their predictor (the
/// example without the clinic: +6,342 to +5,232 bytes).
const TAGGING: u64 = 6_200;

/// The XMP metadata PDF/UA asks every sheet for (title, dates, producer,
/// `pdfuaid`), kept uncompressed as PDF/A wants it, and PDF/A-2's
/// identification, the schema that declares `pdfuaid` and the sRGB profile
/// of its output intent: 2,948 bytes on the clinic example (24,969 before,
/// 27,917 after), of which PDF/A's part is 1,489.
const METADATA_BUDGET: u64 = 3 * 1024;

/// What the example's figures may add to its sheet: 5 KB.
const FIGURES_BUDGET: usize = 5 * 1024;

fn built_size(config: Option<&str>) -> u64 {
    let example = repo("examples/plan.toml");
    let mut args = Vec::new();
    let config_path = config.map(|c| repo(c).to_str().expect("a UTF-8 path").to_owned());
    if let Some(path) = &config_path {
        args.extend(["--config", path.as_str()]);
    }
    args.extend([
        "build",
        example.to_str().expect("a UTF-8 path"),
        "-o",
        "sheet.pdf",
    ]);
    let test = Test::new()
        .args(&args)
        .status(0)
        .stdout_starts_with("wrote sheet.pdf: ")
        .stderr_satisfies("any warnings", |_| true);
    test.run();
    std::fs::metadata(test.path("sheet.pdf"))
        .expect("the sheet")
        .len()
}

#[test]
fn the_example_sheet_stays_within_its_size_budget() {
    let size = built_size(None);
    assert!(
        size <= SHEET_BUDGET,
        "examples/plan.toml: {size} bytes, budget {SHEET_BUDGET}"
    );
}

#[test]
fn the_clinic_example_with_a_logo_and_six_qr_codes_stays_within_its_size_budget() {
    let size = built_size(Some("examples/rx.toml"));
    assert!(
        size <= SHEET_BUDGET,
        "examples/plan.toml with examples/rx.toml: {size} bytes, budget {SHEET_BUDGET}"
    );
}

#[test]
fn the_example_figures_stay_within_their_size_budget() {
    let bytes = std::fs::read(repo("examples/plan.toml")).expect("examples/plan.toml");
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let fonts = rx::fonts::Fonts::load();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let (_, checked) = rx::check_plan(&bytes, &catalogue, &fonts, today);
    let plan = checked.plan.expect("the example plan is valid");
    assert!(
        plan.exercises.iter().all(|e| e.entry.figure.is_some()),
        "every exercise of the example has a figure, so the difference below is their cost"
    );
    let mut bare = plan.clone();
    for exercise in &mut bare.exercises {
        let mut entry = (*exercise.entry).clone();
        entry.figure = None;
        exercise.entry = Arc::new(entry);
    }
    let size = |plan: &rx::plan::Plan| {
        let document = rx::layout::sheet(plan, rx::layout::Options::default(), &fonts);
        rx::render::render(&document, &fonts)
            .expect("the bundled fonts embed")
            .len()
    };
    let (with, without) = (size(&plan), size(&bare));
    let cost = with.saturating_sub(without);
    assert!(
        cost <= FIGURES_BUDGET,
        "the example's figures add {cost} bytes ({with} with, {without} without), budget {FIGURES_BUDGET}"
    );
}
