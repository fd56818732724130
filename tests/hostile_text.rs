//! Hostile text in a plan's fields, as exports and copy-paste deliver it:
//! ids that differ only invisibly, floods of combining marks, direction
//! controls and line breaks in one-line fields, small numbers in date
//! columns, spreadsheet headers rx does not know, lossy exports and links
//! a browser reads differently from how they print.

use std::path::Path;

use crate::pdf::{Pdf, flat};
use crate::support::{Test, plan_with};

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

#[test]
fn controls_and_line_breaks_in_one_line_fields_are_located_errors() {
    // A right-to-left override shows "Ann htims" as "Ann smith" in a PDF
    // viewer's title; a line break prints a name on two header lines.
    let test = Test::new()
        .file(
            "plan.toml",
            plan_with(
                "name = \"José Müller-Łukasz\"",
                "name = \"Ann \\u202Ehtims\"",
            )
            .replacen(
                "name = \"Dana Reyes, PT, DPT\"",
                "name = \"Dana\\nReyes\"",
                1,
            ),
        )
        .args(&["build", "plan.toml"])
        .status(1)
        .stdout("plan.toml: 2 errors; no sheet written\n")
        .stderr(
            r#"error[RX0115]: `name` "Ann ?htims" holds a direction control (U+202E)
 --> plan.toml:2:8
  |
2 | name = "Ann \u202Ehtims"
  |        ^^^^^^^^^^^^^^^^^ it reorders the text around it on screens and in PDF viewers
  = help: retype the value, or paste it as plain text

error[RX0115]: `name` "Dana?Reyes" must be one line
 --> plan.toml:6:8
  |
6 | name = "Dana\nReyes"
  |        ^^^^^^^^^^^^^ a line break here prints the field on two lines
  = help: join the lines with a space; only notes may span lines

"#,
        );
    test.run();
    assert!(!test.path("plan.pdf").exists());

    // The same rule for a CSV cell, located by row and column; a note may
    // still span lines.
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise,note\n\
P1,\"Ann\nSmith\",Dana Reyes PT,2026-12-01,2,bridge,\"slowly\nthen hold\"\n\
P2,Bo Lee,Dana Reyes PT,2026-12-01,2,bridge,\"a\u{2066}b\"\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 0 of 2 patients, skipped 2; no sheet written\n")
        .stderr(
            r#"error[RX0115]: patient P1: `patient_name` "Ann?Smith" must be one line
  --> plans.csv:2:patient_name
   = a line break here prints the field on two lines
   = help: join the lines with a space; only notes may span lines

error[RX0115]: patient P2: `note` "a?b" holds a direction control (U+2066)
  --> plans.csv:3:note
   = it reorders the text around it on screens and in PDF viewers
   = help: retype the value, or paste it as plain text

"#,
        )
        .run();
}

#[test]
fn a_flood_of_combining_marks_is_a_located_error() {
    let flood = format!("Z{}", "\u{336}".repeat(2_000 - 1));
    let csv = format!(
        "patient_id,patient_name,prescriber,issued,weeks,exercise,note\n\
P1,Ann Smith,Dana Reyes PT,2026-12-01,2,bridge,{flood}\n\
P2,Bo Le{},Dana Reyes PT,2026-12-01,2,bridge,\n\
P3,Nguyễn Thị Ánh,Dana Reyes PT,2026-12-01,2,bridge,\n",
        "\u{301}".repeat(94)
    );
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 1 of 3 patients, skipped 2; written to out\n")
        .stderr(
            "error[RX0116]: patient P1: `note` \"Z\u{336}\u{336}\u{336}\u{336}\" has 1999 accent marks on one letter; rx accepts at most 4
  --> plans.csv:2:note
   = stacked marks draw over the lines above and below
   = help: retype the value without the extra marks (a copy-paste artefact)

error[RX0116]: patient P2: `patient_name` \"Bo L\u{e9}\u{301}\u{301}\u{301}\u{301}\" has 93 accent marks on one letter; rx accepts at most 4
  --> plans.csv:3:patient_name
   = stacked marks draw over the lines above and below
   = help: retype the value without the extra marks (a copy-paste artefact)

",
        );
    test.run();
    assert_eq!(pdfs(&test.path("out")), ["P3_2026-12-01.pdf"]);
}

#[test]
fn a_video_link_with_a_backslash_is_refused() {
    // Browsers read `\` as `/`: this opens evil.example.
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise,video\n\
P1,Ann Smith,Dana Reyes PT,2026-12-01,2,bridge,https://evil.example\\good.example/\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .status(1)
        .stderr_contains(
            "error[RX0107]: patient P1: `video` is not a web link rx can print: \"https://evil.example\\good.example/\"\n  --> plans.csv:2:video\n   = a backslash, which a browser reads as `/`\n",
        )
        .stdout_contains("")
        .run();
}

#[test]
fn a_small_number_in_a_date_column_is_not_a_1900_sheet() {
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\n\
P1,Ann Smith,Dana Reyes PT,2,2,bridge\n\
P2,Bo Lee,Dana Reyes PT,60,2,bridge\n\
P3,Cy Ode,Dana Reyes PT,46357,2,bridge\n\
P4,Di Fox,Dana Reyes PT,1000,2,bridge\n";
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 1 of 4 patients, skipped 3; written to out\n")
        .stderr(
            r#"error[RX0301]: patient P1: `issued` is not a date: "2"
  --> plans.csv:2:issued
   = a number here is a spreadsheet day number, 61 (1900-03-01) to 109939 (2200-12-31)
   = help: write dates as YYYY-MM-DD (in the spreadsheet: format the column as YYYY-MM-DD)

error[RX0304]: patient P2: `issued` is not a date: "60" is 29 February 1900, a day that never was
  --> plans.csv:3:issued
   = spreadsheets count a 29 February 1900 that the calendar does not have
   = help: write dates as YYYY-MM-DD (in the spreadsheet: format the column as YYYY-MM-DD)

error[RX0305]: patient P4: `issued` 1902-09-26 is more than a year before today (2026-11-26)
  --> plans.csv:5:issued
   = read as a spreadsheet day number
   = help: write the date as YYYY-MM-DD (in the spreadsheet: format the column as YYYY-MM-DD)

"#,
        );
    test.run();
    assert_eq!(pdfs(&test.path("out")), ["P3_2026-12-01.pdf"]);
}

#[test]
fn a_year_typo_in_date_is_warned_as_in_a_plan() {
    let plan = plan_with("issued = 2026-11-22\nreview = 2026-12-06", "weeks = 2");
    // The clock (SOURCE_DATE_EPOCH) says 2026-11-26.
    Test::new()
        .file("plan.toml", &plan)
        .args(&["build", "plan.toml", "--date", "2062-11-22"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n")
        .stderr("rx: warning: `--date` 2062-11-22 is more than a year after today (2026-11-26): is the year right?\n")
        .run();
    Test::new()
        .file("plan.toml", &plan)
        .args(&["build", "plan.toml", "--date", "2062-11-22", "--deny-warnings"])
        .status(2)
        .stderr("rx: error: `--date` 2062-11-22 is more than a year after today (2026-11-26); refused by --deny-warnings\n")
        .run();
    // The review date `weeks` gives must be a date rx accepts, too.
    Test::new()
        .file("plan.toml", &plan)
        .args(&["build", "plan.toml", "--date", "2200-12-31"])
        .status(1)
        .stdout_contains("")
        .stderr_contains("the review date 2 weeks after 2200-12-31 is outside the years rx accepts")
        .run();
}

#[test]
fn spreadsheet_export_headers_are_read_and_lookalikes_are_errors() {
    // As a spreadsheet exports them: every value reaches the sheet, none is
    // replaced by the catalogue's or the settings' default.
    let csv = "Patient ID,Patient Name,Therapist,Start Date,Follow-up,Exercise name,Sets,Rep,Hold (s)\n\
P1,Ann Smith,Dana Reyes PT,2026-12-01,2026-12-15,bridge,2,10,12\n";
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n");
    test.run();
    let text = flat(&Pdf::open(&test.path("out/P1_2026-12-01.pdf")).text());
    for printed in [
        "Dana Reyes PT",
        "2 sets of 10",
        "hold 12 seconds",
        "15 December 2026",
    ] {
        assert!(text.contains(printed), "{printed} missing: {text}");
    }

    // A header that only looks like a column rx reads would lose its
    // values: an error naming the column, unless the user leaves it out.
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise,Hold time (s),No. of sets\n\
P1,Ann Smith,Dana Reyes PT,2026-12-01,2,bridge,12,2\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("plans.csv: no patients read; no sheet written\n")
        .stderr(
            r#"error[RX0117]: column `Hold time (s)` looks like `hold`, but rx does not read it
  --> plans.csv:1:header
   = rx would leave its values off every sheet
   = note: rx reads `hold` in seconds
   = help: rename the column `hold`, or give `--ignore-column "Hold time (s)"` to leave it out

error[RX0117]: column `No. of sets` looks like `sets`, but rx does not read it
  --> plans.csv:1:header
   = rx would leave its values off every sheet
   = help: rename the column `sets`, or give `--ignore-column "No. of sets"` to leave it out

"#,
        )
        .run();
    Test::new()
        .file("plans.csv", csv)
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "out",
            "--ignore-column",
            "hold time (s)",
            "--ignore-column",
            "No. of sets",
        ])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n")
        .run();
}

#[test]
fn csv_problems_get_csv_advice() {
    // No exercise column: the headers it saw, and the nearest.
    Test::new()
        .file(
            "plans.csv",
            "patient_id,patient_name,Drill,Exercises done\nP1,Ann,bridge,yes\n",
        )
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout_contains("")
        .stderr(
            r#"error[RX0106]: no `exercise` column
  --> plans.csv:1:header
   = note: the header has `patient_id`, `patient_name`, `Drill`, `Exercises done`
   = help: is it `Exercises done`? name that column `exercise`

"#,
        )
        .run();
    // A missing review date says which column to fill, not a TOML table.
    Test::new()
        .file(
            "plans.csv",
            "patient_id,patient_name,prescriber,issued,exercise\nP1,Ann,Dana,2026-12-01,bridge\n",
        )
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout_contains("")
        .stderr_contains(
            "error[RX0106]: patient P1: missing review date\n  --> plans.csv:2:review\n   = help: fill in the `review` column (YYYY-MM-DD) or the `weeks` column on a row of this patient\n",
        )
        .run();
}

#[test]
fn a_name_an_export_lost_characters_from_is_warned() {
    // Saved as a Latin-1 CSV, "Miriam כהן" becomes "Miriam ???".
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\n\
P1,Miriam ???,Dana Reyes PT,2026-12-01,2,bridge\n";
    let warning = "warning[RX0118]: patient P1: the patient name \"Miriam ???\" looks like it lost characters in an export
  --> plans.csv:2:patient_name
   = `?` or `\u{FFFD}` stands in for letters the file could not hold
   = help: export the spreadsheet as UTF-8 (\"CSV UTF-8\"; see the README's spreadsheet section) and retype what was lost

";
    Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n")
        .stderr(warning)
        .run();
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out", "--deny-warnings"])
        .status(1)
        .stdout("built 0 of 1 patient, skipped 1; no sheet written\n")
        .stderr(warning);
    test.run();
    assert!(!test.path("out").exists() || pdfs(&test.path("out")).is_empty());
    // The same in a TOML plan, for a prescriber and a replacement character.
    Test::new()
        .file(
            "plan.toml",
            plan_with("name = \"Dana Reyes, PT, DPT\"", "name = \"Dana R\u{FFFD}yes\""),
        )
        .args(&["check", "plan.toml", "--deny-warnings"])
        .status(1)
        .stdout_contains("")
        .stderr_contains("warning[RX0118]: the prescriber name \"Dana R\u{FFFD}yes\" looks like it lost characters in an export\n --> plan.toml:6:8\n")
        .run();
}

#[test]
fn a_control_character_in_a_later_rows_id_is_refused() {
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\n\
P1,Ann Smith,Dana Reyes PT,2026-12-01,2,bridge\n\
P1\u{7},,,,,cat stretch\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 0 of 1 patient, skipped 1; no sheet written\n")
        .stderr(
            r#"error[RX0115]: patient P1: `patient_id` "P1?" holds a control character (U+0007)
  --> plans.csv:3:patient_id
   = it prints as nothing and comes from a broken export or copy-paste
   = help: retype the value, or paste it as plain text

"#,
        )
        .run();
}
