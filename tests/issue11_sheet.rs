//! Issue 11, the sheet's findings: dates, names, header and log bounds,
//! bold glyphs and clinic pictures. Each test names its finding. None of
//! them reads a PDF, so they run without poppler.

use std::process::Command;

use crate::support::{Test, plan_with};

/// Issue 11, finding 10: `--date` and `SOURCE_DATE_EPOCH` outside the years
/// 1900–2200 are usage errors, never a review date equal to the issue date.
#[test]
fn issue_11_finding_10_date_flag_and_source_date_epoch_keep_to_the_years() {
    let plan = plan_with("issued = 2026-11-22\nreview = 2026-12-06", "weeks = 2");
    let test = Test::new().file("plan.toml", &plan).args(&[
        "build",
        "plan.toml",
        "--date",
        "+262142-12-31",
    ]);
    let out = test.run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "error: invalid value '+262142-12-31' for '--date <YYYY-MM-DD>': rx accepts dates in the years 1900 to 2200\n"
        ),
        "{}",
        out.stderr
    );
    assert!(!test.path("plan.pdf").exists());

    // 3000-01-01 as seconds since 1970.
    let out = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(["check", "plan.toml"])
        .current_dir(test.dir.path())
        .env("SOURCE_DATE_EPOCH", "32503680000")
        .output()
        .expect("run rx");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rx: error: today's date (from SOURCE_DATE_EPOCH or the clock) is 3000-01-01; rx accepts dates in the years 1900 to 2200\n"
    );
}

/// Issue 11, finding 10: a CSV date outside the window is a located error.
#[test]
fn issue_11_finding_10_csv_dates_keep_to_the_years() {
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\n\
               P1,Ann,Dana,-0001-01-01,2,bridge\n\
               P2,Bob,Dana,2026-11-22,2,bridge\n";
    let out = Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error[RX0107]: patient P1: `issued` = -0001-01-01 is outside the years rx accepts\n  --> plans.csv:2:issued\n"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("P2"), "{}", out.stderr);
}

/// Issue 11, finding 8: a CSV name cell of invisible characters is a
/// missing name, reported at the patient's first row.
#[test]
fn issue_11_finding_8_an_invisible_csv_name_is_missing() {
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\n\
               P1,\u{200B}\u{FEFF},Dana,2026-11-22,2,bridge\n\
               P2,Bob,\u{2060} ,2026-11-22,2,bridge\n\
               P3,Cy,Dana,2026-11-22,2,bridge\n";
    let out = Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error[RX0106]: patient P1: missing patient name\n  --> plans.csv:2:patient_name\n"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "error[RX0106]: patient P2: missing prescriber name\n  --> plans.csv:3:prescriber\n"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("P3"), "{}", out.stderr);
}
