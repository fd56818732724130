//! Hostile text in a plan's fields, as exports and copy-paste deliver it:
//! ids that differ only invisibly, floods of combining marks, direction
//! controls and line breaks in one-line fields, small numbers in date
//! columns, spreadsheet headers rx does not know, lossy exports and links
//! a browser reads differently from how they print.

use std::path::Path;

use crate::pdf::{Pdf, flat};
use crate::support::Test;

fn pdfs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn ids_that_print_the_same_are_one_patient() {
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\n\
P1,Ann Smith,Dana Reyes PT,2026-12-01,2,bridge\n\
P1\u{200B},,,,,knee to chest\n\
\u{FEFF}P1,,,,,cat stretch\n\
Jose\u{301},José Ruiz,Dana Reyes PT,2026-12-01,2,bridge\n\
Jos\u{E9},,,,,cat stretch\n";
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n");
    test.run();
    let names = pdfs(&test.path("out"));
    assert_eq!(names.len(), 2, "{names:?}");
    let p1 = names
        .iter()
        .find(|n| n.starts_with("P1"))
        .expect("P1's sheet");
    let text = flat(&Pdf::open(&test.path("out").join(p1)).text());
    for exercise in ["Bridge", "Knee-to-chest stretch", "Cat stretch"] {
        assert!(text.contains(exercise), "{exercise} missing: {text}");
    }
}
