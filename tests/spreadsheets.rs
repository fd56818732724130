//! Batches as spreadsheets and practice-management systems export
//! them: Excel's local date forms (German `01.12.2026` with `;`, US
//! `12/1/2026` with `,`), serial day numbers, extra columns, column names a
//! clinician types, per-patient print options.

use std::path::Path;

use crate::pdf::{Pdf, flat};
use crate::support::{Test, plan_with};

/// Excel (Windows, German locale), "CSV UTF-8": byte-order mark, `;`,
/// CRLF, dates `TT.MM.JJJJ`, and the columns a clinic keeps beside the plan.
const GERMAN: &str = "\u{feff}patient_id;patient_name;prescriber;Geburtsdatum;issued;review;exercise;reps;Versicherung\r\n\
P1;Jürgen Weiß;Dana Reyes PT;03.04.1950;01.12.2026;15.12.2026;bridge;10;AOK\r\n\
P1;;;;;;knee to chest;;AOK\r\n\
P2;Anna Groß;Dana Reyes PT;17.09.1962;01.12.2026;13.12.2026;cat stretch;8;TK\r\n";

/// Excel (Windows, US locale), "CSV UTF-8": `,`, CRLF, dates `M/D/YYYY`,
/// and one date cell formatted as a number (a serial day number).
const US: &str = "\u{feff}patient_id,patient_name,prescriber,issued,review,exercise,reps\r\n\
P1,Ann Lee,Dana Reyes PT,12/1/2026,12/15/2026,bridge,10\r\n\
P2,Bo Park,Dana Reyes PT,46357,46371,cat stretch,8\r\n";

fn pdfs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const UNKNOWN_GERMAN: &str = "warning[RX0104]: ignoring 2 unknown columns: `Geburtsdatum`, `Versicherung`\n  --> plans.csv:1:header\n   = help: rx reads only the columns in its table (see the README); `--strict-columns` makes unknown columns an error\n\n";

#[test]
fn german_excel_dates_with_date_format_dmy() {
    let test = Test::new()
        .file("plans.csv", GERMAN)
        .args(&["build", "plans.csv", "-o", "out", "--date-format", "DMY"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n")
        .stderr(UNKNOWN_GERMAN);
    test.run();
    assert_eq!(
        pdfs(&test.path("out")),
        ["P1_2026-12-01.pdf", "P2_2026-12-01.pdf"]
    );
    let text = flat(&Pdf::open(&test.path("out/P1_2026-12-01.pdf")).text());
    assert!(text.contains("Jürgen Weiß"), "{text}");
    assert!(
        text.contains("until your review on Tuesday 15 December 2026"),
        "{text}"
    );

    // The option is case-insensitive, and check reads dates the same way.
    Test::new()
        .file("plans.csv", GERMAN)
        .args(&["check", "plans.csv", "--date-format", "dmy"])
        .status(0)
        .stdout("plans.csv: 2 patients, 2 valid, 0 invalid\n")
        .stderr(UNKNOWN_GERMAN)
        .run();
}

#[test]
fn local_dates_without_a_format_are_never_guessed() {
    let test = Test::new()
        .file("plans.csv", GERMAN)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 0 of 2 patients, skipped 2; no sheet written\n")
        .stderr(format!("{UNKNOWN_GERMAN}\
error[RX0301]: patient P1: `issued` \"01.12.2026\" could be 2026-12-01 or 2026-01-12
  --> plans.csv:2:issued
   = the order of day and month is not known
   = help: give the order with `--date-format DMY` (day first) or `--date-format MDY` (month first), or format the column as YYYY-MM-DD in the spreadsheet

error[RX0301]: patient P1: `review` \"15.12.2026\" is not written year-month-day
  --> plans.csv:2:review
   = reads as 2026-12-15 with `--date-format DMY`
   = help: give the order with `--date-format DMY`, or format the column as YYYY-MM-DD in the spreadsheet

error[RX0301]: patient P2: `issued` \"01.12.2026\" could be 2026-12-01 or 2026-01-12
  --> plans.csv:4:issued
   = the order of day and month is not known
   = help: give the order with `--date-format DMY` (day first) or `--date-format MDY` (month first), or format the column as YYYY-MM-DD in the spreadsheet

error[RX0301]: patient P2: `review` \"13.12.2026\" is not written year-month-day
  --> plans.csv:4:review
   = reads as 2026-12-13 with `--date-format DMY`
   = help: give the order with `--date-format DMY`, or format the column as YYYY-MM-DD in the spreadsheet

"));
    test.run();
    assert_eq!(pdfs(&test.path("out")), Vec::<String>::new());
}

#[test]
fn us_excel_dates_and_serial_day_numbers() {
    let test = Test::new()
        .file("plans.csv", US)
        .args(&["build", "plans.csv", "-o", "out", "--date-format", "MDY"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n");
    test.run();
    // 46357 is 2026-12-01 in Excel's day numbers.
    assert_eq!(
        pdfs(&test.path("out")),
        ["P1_2026-12-01.pdf", "P2_2026-12-01.pdf"]
    );

    // The US file read day first: 12/15/2026 has no month 15.
    Test::new()
        .file("plans.csv", US)
        .args(&["check", "plans.csv", "--date-format", "DMY"])
        .status(1)
        .stdout("plans.csv: 2 patients, 1 valid, 1 invalid\n")
        .stderr(
            "error[RX0301]: patient P1: `review` is not a date: \"12/15/2026\"
  --> plans.csv:2:review
   = no such day, read as DMY
   = help: write dates as 22.11.2026 (--date-format DMY) or YYYY-MM-DD

",
        )
        .run();
}

#[test]
fn a_cell_that_is_no_date_names_the_spreadsheet_fix() {
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\nP1,Ann,Dana,next week,2,bridge\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: 1 patient, 0 valid, 1 invalid\n")
        .stderr(
            "error[RX0301]: patient P1: `issued` is not a date: \"next week\"
  --> plans.csv:2:issued
   = expected a date like 2026-11-22
   = help: write dates as YYYY-MM-DD (in the spreadsheet: format the column as YYYY-MM-DD)

",
        )
        .run();
}

/// One root cause, one error: an unreadable issue date is not also compared
/// with the review date (it used to be, as today's date).
#[test]
fn a_bad_issue_date_is_one_error_in_toml_and_csv() {
    Test::new()
        .file(
            "plan.toml",
            plan_with("issued = 2026-11-22", "issued = \"10/03/2026\""),
        )
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_starts_with(
            "error[RX0301]: `issued` \"10/03/2026\" could be 2026-03-10 or 2026-10-03\n",
        )
        .stderr_satisfies("one error, no RX0302", |e| {
            e.matches("error[").count() == 1 && !e.contains("RX0302")
        })
        .run();
    let csv = "patient_id,patient_name,prescriber,issued,review,exercise\nP1,Ann,Dana,10/03/2026,2026-03-24,bridge\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: 1 patient, 0 valid, 1 invalid\n")
        .stderr_starts_with("error[RX0301]: patient P1: `issued` \"10/03/2026\" could be 2026-03-10 or 2026-10-03\n")
        .stderr_satisfies("one error, no RX0302", |e| {
            e.matches("error[").count() == 1 && !e.contains("RX0302")
        })
        .run();
}

#[test]
fn an_issue_date_years_away_is_a_warning() {
    let plan = plan_with("issued = 2026-11-22", "issued = 2062-11-22")
        .replace("review = 2026-12-06", "review = 2062-12-06");
    Test::new()
        .file("plan.toml", plan)
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 2 exercises, 1 warning\n")
        .stderr(
            "warning[RX0303]: `issued` 2062-11-22 is more than a year after today (2026-11-26)
  --> plan.toml:10:10
   |
10 | issued = 2062-11-22
   |          ^^^^^^^^^^ is the year right?
   = help: check the year; a sheet is usually issued the day it is handed over

",
        )
        .run();
}

/// A practice-management export: column names as a clinician types them,
/// many columns rx does not read, a per-patient large print and paper.
const EXPORT: &str = "MRN,Patient,Date of Birth,Prescriber,Issued,Weeks,Exercise,Repetitions,Hold Seconds,Times per day,Large Print,Paper,Insurance\r\n\
M-1,Margaret Oduya,1944-02-11,Dana Reyes PT,2026-11-22,2,bridge,10,10,1,TRUE,A4,Medicare\r\n\
M-1,,,,,,knee to chest,,,,,,Medicare\r\n\
M-2,Tom Berg,1990-05-05,Dana Reyes PT,2026-11-22,2,cat stretch,8,,2,,,Aetna\r\n";

const UNKNOWN_EXPORT: &str = "warning[RX0104]: ignoring 2 unknown columns: `Date of Birth`, `Insurance`\n  --> plans.csv:1:header\n   = help: rx reads only the columns in its table (see the README); `--strict-columns` makes unknown columns an error\n\n";

fn a4(pdf: &Pdf) -> bool {
    let (w, h) = pdf.page_size(1);
    ((w * 100.0).round(), (h * 100.0).round()) == (59528.0, 84189.0)
}

#[test]
fn aliases_and_per_patient_large_print_and_paper() {
    let test = Test::new()
        .file("plans.csv", EXPORT)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n")
        .stderr(UNKNOWN_EXPORT);
    test.run();
    let margaret = Pdf::open(&test.path("out/M-1_2026-11-22.pdf"));
    let tom = Pdf::open(&test.path("out/M-2_2026-11-22.pdf"));
    assert!(a4(&margaret) && !a4(&tom));
    let smallest = |pdf: &Pdf| pdf.font_sizes().into_iter().fold(f32::MAX, f32::min);
    assert!(smallest(&margaret) >= 14.0, "{:?}", margaret.font_sizes());
    assert!(smallest(&tom) < 14.0, "{:?}", tom.font_sizes());
    let text = flat(&margaret.text());
    assert!(
        text.contains("Margaret Oduya") && text.contains("hold 10 seconds"),
        "{text}"
    );

    // Command-line options still win over the columns.
    let again = test
        .in_same_folder()
        .args(&["build", "plans.csv", "-o", "letter", "--paper", "letter"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to letter\n")
        .stderr(UNKNOWN_EXPORT);
    again.run();
    assert!(!a4(&Pdf::open(&test.path("letter/M-1_2026-11-22.pdf"))));
}

#[test]
fn print_options_must_agree_and_be_readable() {
    let csv = "patient_id,patient_name,prescriber,review,exercise,large_print,paper\n\
P1,Ann,Dana,2026-12-06,bridge,true,a4\n\
P1,,,,cat stretch,false,\n\
P2,Bo,Dana,2026-12-06,bridge,maybe,A5\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: 2 patients, 0 valid, 2 invalid\n")
        .stderr(
            "error[RX0202]: patient P1: `large_print` is \"true\" in row 2 but \"false\" in row 3
  --> plans.csv:3:large_print
   = help: every row of one patient must give the same patient details (or leave them empty)

error[RX0105]: patient P2: `large_print` must be true or false, not \"maybe\"
  --> plans.csv:4:large_print
   = expected true or false
   = help: write true (or yes) for large print, false (or no) or leave the cell empty for normal print

error[RX0107]: patient P2: unknown paper size \"A5\"
  --> plans.csv:4:paper
   = help: use \"letter\" or \"a4\"

",
        )
        .run();
}

#[test]
fn strict_columns_and_a_column_named_twice() {
    Test::new()
        .file("plans.csv", EXPORT)
        .args(&["check", "plans.csv", "--strict-columns"])
        .status(1)
        .stdout("plans.csv: invalid, no patients read\n")
        .stderr_starts_with("error[RX0104]: unknown column `Date of Birth`\n  --> plans.csv:1:header\n   = help: known columns: patient_id, patient_name, ")
        .stderr_contains("error[RX0104]: unknown column `Insurance`\n")
        .run();
    Test::new()
        .file("plans.csv", "id,mrn,exercise\nP1,P1,bridge\n")
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: invalid, no patients read\n")
        .stderr("error[RX0202]: column `patient_id` appears twice (`mrn` is another name for it)\n  --> plans.csv:1:patient_id\n\n")
        .run();
}

/// A practice-management system's "tab-separated text" export: `.txt`,
/// tabs, CRLF, more columns than rx reads.
const TAB_EXPORT: &str = "patient_id\tpatient_name\tprescriber\tward\treview\texercise\treps\r\n\
P1\tAnn Lee\tDana Reyes PT\tOrtho 2\t2026-12-06\tbridge\t10\r\n\
P1\t\t\tOrtho 2\t\tcat stretch\t\r\n";

const UNKNOWN_WARD: &str = "warning[RX0104]: ignoring 1 unknown column: `ward`\n  --> plans.txt:1:header\n   = help: rx reads only the columns in its table (see the README); `--strict-columns` makes unknown columns an error\n\n";

#[test]
fn tab_separated_txt_and_tsv_exports() {
    let test = Test::new()
        .file("plans.txt", TAB_EXPORT)
        .args(&["build", "plans.txt", "-o", "out"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n")
        .stderr(UNKNOWN_WARD);
    test.run();
    assert_eq!(pdfs(&test.path("out")), ["P1_2026-11-26.pdf"]);
    for delimiter in ["tab", "TAB", "\\t", "\t"] {
        Test::new()
            .file("plans.tsv", TAB_EXPORT)
            .args(&["check", "plans.tsv", "--delimiter", delimiter])
            .status(0)
            .stdout("plans.tsv: 1 patient, 1 valid, 0 invalid\n")
            .stderr(UNKNOWN_WARD.replace("plans.txt", "plans.tsv"))
            .run();
    }
    Test::new()
        .file("plans.csv", GERMAN)
        .args(&[
            "check",
            "plans.csv",
            "--delimiter",
            "semicolon",
            "--date-format",
            "DMY",
        ])
        .status(0)
        .stdout("plans.csv: 2 patients, 2 valid, 0 invalid\n")
        .stderr(UNKNOWN_GERMAN)
        .run();
    Test::new()
        .args(&["check", "plans.csv", "--delimiter", ";;"])
        .status(2)
        .stderr("error: invalid value ';;' for '--delimiter <CHAR>': use comma, semicolon, tab (or '\\t') or one ASCII character other than a quote or line end, not \";;\"\n\nFor more information, try '--help'.\n")
        .run();
}

#[test]
fn plans_and_csvs_on_stdin() {
    let test = Test::new()
        .stdin(US)
        .args(&[
            "build",
            "-",
            "--input-format",
            "csv",
            "--date-format",
            "MDY",
            "-o",
            "out",
        ])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n");
    test.run();
    assert_eq!(
        pdfs(&test.path("out")),
        ["P1_2026-12-01.pdf", "P2_2026-12-01.pdf"]
    );
    Test::new()
        .stdin(TAB_EXPORT)
        .args(&["check", "-", "--input-format", "CSV"])
        .status(0)
        .stdout("<stdin>: 1 patient, 1 valid, 0 invalid\n")
        .stderr(UNKNOWN_WARD.replace("plans.txt", "<stdin>"))
        .run();
    Test::new()
        .stdin(US)
        .args(&["build", "-", "--input-format", "csv"])
        .status(2)
        .stderr("rx: error: a CSV read from stdin needs a folder for the sheets: -o DIR\n")
        .run();

    // Stdin is a TOML plan unless told.
    Test::new()
        .stdin(crate::support::PLAN)
        .args(&["check", "-"])
        .status(0)
        .stdout("<stdin>: ok, 2 exercises\n")
        .run();
    Test::new()
        .stdin(crate::support::PLAN)
        .args(&["build", "-", "-o", "-"])
        .status(0)
        .stdout_bytes_satisfy("is a PDF", |b| b.starts_with(b"%PDF-"))
        .run();
    Test::new()
        .stdin(crate::support::PLAN)
        .args(&["build", "-"])
        .status(2)
        .stderr("rx: error: a plan read from stdin needs somewhere to write the sheet: -o FILE (or -o - for stdout)\n")
        .run();
    Test::new()
        .stdin(TAB_EXPORT)
        .args(&["check", "-"])
        .status(1)
        .stdout("<stdin>: invalid, 1 error\n")
        .stderr(
            "error[RX0101]: invalid TOML: expected `.`, `=`
 --> <stdin>:1:12
  |
1 | patient_id patient_name prescriber ward review exercise reps
  |            ^ here
  = note: stdin is read as a TOML plan; for a CSV of plans give `--input-format csv`

",
        )
        .run();
}

/// Excel writes a delimiter for every column of the used range, so rows can
/// end in empty, unnamed columns: they are ignored without a word. With
/// `--deny-warnings` unknown columns fail the file, as `--strict-columns`.
#[test]
fn unnamed_columns_are_ignored_and_deny_warnings_is_strict() {
    let csv = "patient_id;patient_name;prescriber;review;exercise;;\r\nP1;Ann;Dana;2026-12-06;bridge;;\r\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .status(0)
        .stdout("plans.csv: 1 patient, 1 valid, 0 invalid\n")
        .run();
    Test::new()
        .file("plans.txt", TAB_EXPORT)
        .args(&["check", "plans.txt", "--deny-warnings"])
        .status(1)
        .stdout("plans.txt: invalid, no patients read\n")
        .stderr("error[RX0104]: unknown column `ward`\n  --> plans.txt:1:header\n   = help: known columns: patient_id, patient_name, prescriber, clinic, phone, issued, review, weeks, notes, paper, large_print, language, exercise, sets, reps, hold, per_day, per_week, minutes, side, note, exceed, video\n\n")
        .run();
}

/// A `.txt` is read as delimited text; a TOML plan saved so says how to
/// read it as one.
#[test]
fn a_toml_plan_named_txt() {
    Test::new()
        .file("plan.txt", crate::support::PLAN)
        .args(&["check", "plan.txt"])
        .status(1)
        .stdout("plan.txt: invalid, no patients read\n")
        .stderr("error[RX0106]: no `patient_id` column\n  --> plan.txt:1:header\n   = help: this looks like a TOML plan: give `--input-format toml`\n\n")
        .run();
    Test::new()
        .file("plan.txt", crate::support::PLAN)
        .args(&["check", "plan.txt", "--input-format", "toml"])
        .status(0)
        .stdout("plan.txt: ok, 2 exercises\n")
        .run();
}

/// JSON diagnostics have one shape for TOML, CSV, catalogue and
/// I/O errors: every key present, null where it does not apply.
const JSON_KEYS: [&str; 9] = [
    "file",
    "line",
    "column",
    "column_name",
    "patient_id",
    "severity",
    "code",
    "message",
    "help",
];

fn json_entries(stdout: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let json: serde_json::Value = serde_json::from_str(stdout).expect("stdout is JSON");
    let entries: Vec<_> = json
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|e| e.as_object().expect("an object").clone())
        .collect();
    for e in &entries {
        let keys: Vec<&str> = e.keys().map(String::as_str).collect();
        let mut want = JSON_KEYS.to_vec();
        want.sort_unstable();
        let mut got = keys.clone();
        got.sort_unstable();
        assert_eq!(got, want, "{e:?}");
    }
    entries
}

#[test]
fn json_diagnostics_one_schema_for_csv_toml_and_errors() {
    let csv = "patient_id,patient_name,prescriber,issued,review,exercise,reps\n\
               P1,Ann Lee,Dana Reyes,2026-11-22,2026-12-06,bridge,10\n\
               P2,Bo Chan,Dana Reyes,2026-11-22,2026-12-06,bridge,40\n";
    let out = Test::new()
        .file("plans.csv", csv)
        .file("a.toml", plan_with("reps = 10", "reps = 40"))
        .args(&[
            "check",
            "--format",
            "json",
            "plans.csv",
            "a.toml",
            "missing.toml",
        ])
        .status(2)
        .stdout_satisfies("is JSON", |s| {
            serde_json::from_str::<serde_json::Value>(s).is_ok()
        })
        .run();
    let entries = json_entries(&out.stdout);
    assert_eq!(entries.len(), 3, "{entries:?}");
    let csv = &entries[0];
    assert_eq!(csv["file"], "plans.csv");
    assert_eq!(csv["line"], 3);
    assert_eq!(csv["column"], serde_json::Value::Null);
    assert_eq!(csv["column_name"], "reps");
    assert_eq!(csv["patient_id"], "P2");
    assert_eq!(csv["code"], "RX0203");
    let toml = &entries[1];
    assert_eq!(toml["file"], "a.toml");
    assert!(toml["line"].is_u64() && toml["column"].is_u64(), "{toml:?}");
    assert_eq!(toml["column_name"], serde_json::Value::Null);
    assert_eq!(toml["patient_id"], serde_json::Value::Null);
    let missing = &entries[2];
    assert_eq!(missing["file"], "missing.toml");
    assert_eq!(missing["code"], "RX0601");
    assert_eq!(missing["severity"], "error");
    assert_eq!(missing["line"], serde_json::Value::Null);
    assert!(
        missing["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("cannot read missing.toml")),
        "{missing:?}"
    );
}

#[test]
fn json_a_missing_file_or_bad_catalogue_is_never_an_empty_array() {
    let out = Test::new()
        .args(&["check", "--format", "json", "nothing-here.toml"])
        .status(2)
        .stdout_satisfies("is JSON", |s| {
            serde_json::from_str::<serde_json::Value>(s).is_ok()
        })
        .run();
    let entries = json_entries(&out.stdout);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["code"], "RX0601");

    let out = Test::new()
        .file("clinic.toml", "[[exercise]]\nid = \"x\"\nname = \"\"\n")
        .file("plan.toml", plan_with("", ""))
        .args(&[
            "--catalogue",
            "clinic.toml",
            "check",
            "--format",
            "json",
            "plan.toml",
        ])
        .status(1)
        .stderr("")
        .stdout_satisfies("is JSON", |s| {
            serde_json::from_str::<serde_json::Value>(s).is_ok()
        })
        .run();
    let entries = json_entries(&out.stdout);
    assert!(!entries.is_empty());
    assert!(
        entries
            .iter()
            .all(|e| e["file"] == "clinic.toml" && e["severity"] == "error"),
        "{entries:?}"
    );
    assert_eq!(entries[0]["code"], "RX0106");
    assert_eq!(entries[0]["line"], 3);
}

/// The everyday TOML typos get one plain message each, pinned
/// whole, instead of the parser's "expected newline, `#`".
#[test]
fn everyday_toml_typos_are_said_plainly() {
    Test::new()
        .file("plan.toml", plan_with("hold = 10", "hold = 10s"))
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr(
            "error[RX0105]: `hold` takes a number alone, without a unit\n  \
             --> plan.toml:17:8\n   |\n17 | hold = 10s\n   |        ^^^ `s` after the number\n   \
             = help: write `hold = 10`; hold is in seconds\n\n",
        )
        .run();
    Test::new()
        .file(
            "plan.toml",
            plan_with("José Müller-Łukasz", "Margaret O\"Brien"),
        )
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr(
            "error[RX0101]: the quote inside the `name` value ends it early\n \
             --> plan.toml:2:8\n  |\n2 | name = \"Margaret O\"Brien\"\n  |        ^^^^^^^^^^^^^^^^^^ a quote inside quotes\n  \
             = help: write the value in single quotes: `name = 'Margaret O\"Brien'`\n\n",
        )
        .run();
    // Single brackets: one error at the header, and the exercise is still
    // read (no "the plan has no exercises").
    Test::new()
        .file(
            "plan.toml",
            plan_with("[[exercise]]\nname = \"Bridge\"", "[exercise]\nname = \"Bridge\"")
                .replace("[[exercise]]\nname = \"knee to chest\"\nside = \"both\"\n", ""),
        )
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr(
            "error[RX0101]: `[exercise]` needs double brackets: each exercise starts with `[[exercise]]`\n  \
             --> plan.toml:13:1\n   |\n13 | [exercise]\n   | ^^^^^^^^^^ write `[[exercise]]`\n\n",
        )
        .run();
    // Two of them: the parser's duplicate-key error, said the same way.
    Test::new()
        .file(
            "plan.toml",
            plan_with("[[exercise]]\nname = \"knee", "[exercise]\nname = \"knee")
                .replace("[[exercise]]\nname = \"Bridge\"", "[exercise]\nname = \"Bridge\""),
        )
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_starts_with(
            "error[RX0101]: `[exercise]` needs double brackets: each exercise starts with `[[exercise]]`\n  \
             --> plan.toml:20:1\n",
        )
        .run();
    Test::new()
        .file(
            "plan.toml",
            plan_with("issued = 2026-11-22", "issued = 22/11/2026"),
        )
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_starts_with("error[RX0301]: `issued` must be a date written YYYY-MM-DD\n")
        .stderr_contains("= help: write it as year-month-day, for example `issued = 2026-11-30`")
        .run();
}

/// A plan's quoted local dates are read in the order given by
/// `--date-format` or `date_format` under [plan] (the command line wins),
/// and never guessed without one.
#[test]
fn date_format_for_toml_plans() {
    let local = plan_with(
        "issued = 2026-11-22\nreview = 2026-12-06",
        "issued = \"22.11.2026\"\nreview = \"06.12.2026\"",
    );
    Test::new()
        .file("plan.toml", &local)
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 2 errors\n")
        .stderr_starts_with("error[RX0301]: `issued` \"22.11.2026\" is not written year-month-day\n")
        .stderr_contains("= help: give the order with `--date-format DMY`, or `date_format = \"DMY\"` (or MDY) under [plan], or write it as YYYY-MM-DD\n")
        .run();
    let test = Test::new()
        .file("plan.toml", &local)
        .args(&["build", "plan.toml", "--date-format", "dmy", "-o", "a.pdf"])
        .status(0)
        .stdout("wrote a.pdf: 2 pages, 2 exercises\n");
    test.run();
    let keyed = local.replace("[plan]\n", "[plan]\ndate_format = \"DMY\"\n");
    test.in_same_folder()
        .file("keyed.toml", &keyed)
        .args(&["build", "keyed.toml", "-o", "b.pdf"])
        .status(0)
        .stdout("wrote b.pdf: 2 pages, 2 exercises\n")
        .run();
    // The same dates, the same sheet as the ISO plan's.
    test.in_same_folder()
        .file("iso.toml", crate::support::PLAN)
        .args(&["build", "iso.toml", "-o", "c.pdf"])
        .status(0)
        .stdout("wrote c.pdf: 2 pages, 2 exercises\n")
        .run();
    let read = |name: &str| std::fs::read(test.path(name)).expect(name);
    assert_eq!(read("a.pdf"), read("c.pdf"));
    assert_eq!(read("b.pdf"), read("c.pdf"));
    // The command line wins: MDY reads 22.11 as no such day.
    Test::new()
        .file("plan.toml", &keyed)
        .args(&["check", "plan.toml", "--date-format", "MDY"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_starts_with("error[RX0301]: `issued` is not a date: \"22.11.2026\"\n")
        .stderr_contains("no such day, read as MDY")
        .run();
    Test::new()
        .file("plan.toml", keyed.replace("\"DMY\"", "\"European\""))
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains("error[RX0107]: `date_format` is \"European\", not an order rx knows\n")
        .run();
}
