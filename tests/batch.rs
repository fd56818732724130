//! `rx build plans.csv -o DIR` and `rx check plans.csv`.

use std::path::Path;

use crate::pdf::{Pdf, flat};
use crate::support::{Test, builtin_entry};

const HEADER: &str = "patient_id,patient_name,prescriber,clinic,issued,review,exercise,sets,reps,hold,per_day,per_week,side,note,exceed";

fn row(id: &str, name: &str, exercise: &str, reps: &str) -> String {
    format!("{id},{name},Dana Reyes PT,Riverside PT,2026-11-22,2026-12-06,{exercise},,{reps},,,,,,")
}

fn pdfs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The sheet's text with whitespace runs as single spaces.
fn text(path: &Path) -> String {
    flat(&Pdf::open(path).text())
}

#[test]
fn spreadsheet_export_with_bom_crlf_and_quoted_newlines() {
    let csv = format!(
        "\u{feff}{HEADER}\r\nP1,\"Müller, José\",Dana Reyes PT,Riverside PT,2026-11-22,2026-12-06,bridge,1,10,10,1,,,\"Squeeze \"\"hard\"\"\r\nat the top\",\r\n{}\r\n",
        row("P1", "\"Müller, José\"", "knee to chest", "")
    );
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n");
    test.run();
    assert_eq!(pdfs(&test.path("out")), ["P1_2026-11-22.pdf"]);
    let text = text(&test.path("out/P1_2026-11-22.pdf"));
    assert!(text.contains("Müller, José"), "{text}");
    // The quoted line break is a space; read in drawing order, as the
    // note's lines sit beside the figure key's in reading order.
    let pdf = Pdf::open(&test.path("out/P1_2026-11-22.pdf"));
    let drawn: Vec<&str> = (1..=pdf.pages())
        .flat_map(|p| pdf.runs(p).iter().map(|r| r.text.as_str()))
        .collect();
    assert!(
        flat(&drawn.join(" ")).contains("Squeeze \"hard\" at the top"),
        "{drawn:?}"
    );
    assert!(
        text.contains("1. Bridge") && text.contains("2. Knee-to-chest stretch"),
        "{text}"
    );
}

#[test]
fn semicolon_file_and_scattered_rows_of_one_patient() {
    let rows = [
        HEADER.replace(',', ";"),
        row("A", "Ann", "bridge", "10").replace(',', ";"),
        row("B", "Bo", "cat stretch", "5").replace(',', ";"),
        row("A", "Ann", "pelvic tilt", "").replace(',', ";"),
        row("B", "Bo", "bird dog", "").replace(',', ";"),
        row("A", "Ann", "spine press up", "").replace(',', ";"),
    ];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n");
    test.run();
    assert_eq!(
        pdfs(&test.path("out")),
        ["A_2026-11-22.pdf", "B_2026-11-22.pdf"]
    );
    let a = text(&test.path("out/A_2026-11-22.pdf"));
    assert!(
        a.contains("1. Bridge") && a.contains("2. Pelvic tilt") && a.contains("3. Spine press up"),
        "{a}"
    );
    assert!(!a.contains("Cat stretch"));
}

#[test]
fn bad_patients_are_skipped_and_named_the_rest_are_built() {
    let max = builtin_entry("bridge").limits.reps.max;
    let rows = [
        HEADER.to_owned(),
        row("good1", "Ann", "bridge", "10"),
        row("bad1", "Bo", "bridge", "40"),
        row("good2", "Cy", "cat stretch", ""),
        row("bad2", "Di", "brigde", ""),
        row("bad1", "Bo", "cat stretch", ""),
    ];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 2 of 4 patients, skipped 2; written to out\n")
        .stderr_contains(format!("error[RX0203]: patient bad1: bridge: 40 reps is above the catalogue limit of {max}\n  --> plans.csv:3:reps\n"))
        .stderr_contains(
            "error[RX0201]: patient bad2: unknown exercise \"brigde\"\n  --> plans.csv:5:exercise\n",
        );
    test.run();
    assert_eq!(
        pdfs(&test.path("out")),
        ["good1_2026-11-22.pdf", "good2_2026-11-22.pdf"]
    );

    Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: 4 patients, 2 valid, 2 invalid\n")
        .stderr_contains(format!(
            "error[RX0203]: patient bad1: bridge: 40 reps is above the catalogue limit of {max}\n",
        ))
        .stderr_contains("error[RX0201]: patient bad2: unknown exercise \"brigde\"\n")
        .run();
}

#[test]
fn disagreeing_patient_fields_name_both_rows() {
    let rows = [
        HEADER.to_owned(),
        row("P", "Ann", "bridge", ""),
        row("P", "Anne", "cat stretch", ""),
    ];
    Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: 1 patient, 0 valid, 1 invalid\n")
        .stderr(
            "error[RX0202]: patient P: `patient_name` is \"Ann\" in row 2 but \"Anne\" in row 3\n  --> plans.csv:3:patient_name\n   = help: every row of one patient must give the same patient details (or leave them empty)\n\n",
        )
        .run();
}

#[test]
fn strict_columns_unknown_column_suggests_and_nothing_is_built() {
    let csv = format!(
        "{}\n{}",
        HEADER.replace("reps", "rpes"),
        row("P", "Ann", "bridge", "")
    );
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out", "--strict-columns"])
        .status(1)
        .stdout("plans.csv: no patients read; no sheet written\n")
        .stderr(
            "error[RX0104]: unknown column `rpes`\n  --> plans.csv:1:header\n   = help: did you mean `reps`?\n\n",
        );
    test.run();
    assert!(!test.path("out").exists());
}

#[test]
fn rows_without_a_patient_id_are_reported_not_dropped() {
    let rows = [
        HEADER.to_owned(),
        row("P", "Ann", "bridge", ""),
        row("", "Bo", "bridge", ""),
    ];
    Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout_starts_with("plans.csv: ")
        .stderr_contains("error[RX0106]: row without a patient id\n  --> plans.csv:3:patient_id\n")
        .run();
}

#[test]
fn hostile_ids_stay_inside_the_output_folder() {
    // As long as an id may be (64 characters), and 128 bytes.
    let long = "é".repeat(64);
    let ids = [
        "../../x",
        "/etc/passwd",
        "CON",
        // Ids with control characters or line breaks are refused
        // (hostile_text::controls_and_line_breaks_in_one_line_fields_are_located_errors).
        "a\u{200b}b",
        &long,
        "a/b",
        "a\\b",
    ];
    let mut rows = vec![HEADER.to_owned()];
    for id in ids {
        rows.push(row(id, "Ann", "bridge", ""));
    }
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out/sheets"])
        .status(0)
        .stdout("built 7 of 7 patients, skipped 0; written to out/sheets\n");
    test.run();
    let names = pdfs(&test.path("out/sheets"));
    assert_eq!(names.len(), ids.len(), "{names:?}");
    for name in &names {
        assert!(
            name.len() < 100 && !name.starts_with('.') && name.ends_with("_2026-11-22.pdf"),
            "{name}"
        );
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{name}"
        );
    }
    // Nothing was written anywhere else.
    let top = pdfs(test.dir());
    assert_eq!(top, ["out", "plans.csv"]);
    assert_eq!(pdfs(&test.path("out")), ["sheets"]);
    // The same batch gives the same names again.
    let again = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "o"])
        .status(0)
        .stdout("built 7 of 7 patients, skipped 0; written to o\n");
    again.run();
    assert_eq!(pdfs(&again.path("o")), names);
}

#[test]
fn existing_sheets_are_not_overwritten_without_force() {
    let rows = [
        HEADER.to_owned(),
        row("A", "Ann", "bridge", ""),
        row("B", "Bo", "bridge", ""),
    ];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .file("out/A_2026-11-22.pdf", "keep")
        .args(&["build", "plans.csv", "-o", "out"])
        .status(2)
        .stdout_starts_with("built 1 of 2 patients")
        .stderr_contains(
            "rx: error: out/A_2026-11-22.pdf already exists and is not the sheet this plan gives; rx will not overwrite it without --force (--skip-existing keeps it and builds the rest)\n",
        );
    test.run();
    assert_eq!(
        std::fs::read_to_string(test.path("out/A_2026-11-22.pdf")).expect("the old file"),
        "keep"
    );
    assert!(test.path("out/B_2026-11-22.pdf").exists());

    Test::new()
        .file("plans.csv", rows.join("\n"))
        .file("out/A_2026-11-22.pdf", "keep")
        .args(&["build", "plans.csv", "-o", "out", "--skip-existing"])
        .status(0)
        .stdout("built 1 of 2 patients, skipped 0, kept 1 existing; written to out\n")
        .stderr("rx: warning: kept out/A_2026-11-22.pdf: it is not the sheet patient A's plan now gives (--force replaces it)\n")
        .run();

    let force = Test::new()
        .file("plans.csv", rows.join("\n"))
        .file("out/A_2026-11-22.pdf", "keep")
        .args(&["build", "plans.csv", "-o", "out", "--force"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n");
    force.run();
    assert!(
        std::fs::read(force.path("out/A_2026-11-22.pdf"))
            .expect("the new sheet")
            .starts_with(b"%PDF-")
    );
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    let mut rows = vec![HEADER.to_owned()];
    for i in 0..12 {
        rows.push(row(&format!("P{i}"), &format!("Patient {i}"), "bridge", ""));
        rows.push(row(
            &format!("P{i}"),
            &format!("Patient {i}"),
            "cat stretch",
            "",
        ));
    }
    let built = "built 12 of 12 patients, skipped 0; written to out\n";
    let one = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out", "--jobs", "1"])
        .status(0)
        .stdout(built);
    let four = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out", "--jobs", "4"])
        .status(0)
        .stdout(built);
    one.run();
    four.run();
    let names = pdfs(&one.path("out"));
    assert_eq!(names.len(), 12);
    assert_eq!(names, pdfs(&four.path("out")));
    for name in &names {
        let a = std::fs::read(one.path("out").join(name)).expect("a sheet");
        let b = std::fs::read(four.path("out").join(name)).expect("a sheet");
        assert_eq!(a, b, "{name}");
    }
}

/// A re-run that meets its own sheets says how to go on.
#[test]
fn already_exists_names_force_and_skip_existing() {
    let rows = [HEADER.to_owned(), row("A", "Ann", "bridge", "")];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n");
    test.run();
    // The same plan again: nothing to do, said so.
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 0 of 1 patient, unchanged 1, skipped 0; out is up to date\n")
        .run();
    let first = std::fs::read(test.path("out/A_2026-11-22.pdf")).expect("the sheet");
    // A changed plan: its sheet is not replaced without --force.
    let changed = [HEADER.to_owned(), row("A", "Ann", "bird dog", "")];
    std::fs::write(test.path("plans.csv"), changed.join("\n")).expect("edited");
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out"])
        .status(2)
        .stdout("built 0 of 1 patient, skipped 0, 1 not written; no sheet written\n")
        .stderr("rx: error: out/A_2026-11-22.pdf already exists and is not the sheet this plan gives; rx will not overwrite it without --force (--skip-existing keeps it and builds the rest)\n")
        .run();
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--skip-existing"])
        .status(0)
        .stdout("built 0 of 1 patient, skipped 0, kept 1 existing; no sheet written\n")
        .stderr("rx: warning: kept out/A_2026-11-22.pdf: it is not the sheet patient A's plan now gives (--force replaces it)\n")
        .run();
    assert_eq!(
        std::fs::read(test.path("out/A_2026-11-22.pdf")).expect("kept"),
        first
    );
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--force"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n")
        .run();
    assert_ne!(
        std::fs::read(test.path("out/A_2026-11-22.pdf")).expect("replaced"),
        first
    );
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// `--report` lists every patient in the spreadsheet's order with
/// their file, pages, status and diagnostics; `--format json` prints the
/// same on stdout and nothing on stderr.
#[test]
fn report_lists_every_patient_with_file_and_status() {
    // B's rows come first; C's plan is invalid; A is split around C.
    let rows = [
        HEADER.to_owned(),
        row("B", "Bo", "bridge", ""),
        row("A", "Ann", "bridge", ""),
        row("C", "Cy", "bridge", "40"),
        row("A", "Ann", "bird dog", ""),
    ];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out", "--report", "report.json"])
        .status(1)
        .stdout("built 2 of 3 patients, skipped 1; written to out\n")
        .stderr_contains("error[RX0203]: patient C: bridge: 40 reps");
    test.run();
    let report = json(&std::fs::read_to_string(test.path("report.json")).expect("the report"));
    assert_eq!(report["version"], 1);
    assert_eq!(report["input"], "plans.csv");
    assert_eq!(report["output"], "out");
    assert_eq!(
        report["summary"],
        serde_json::json!({"patients": 3, "built": 2, "unchanged": 0, "kept": 0, "skipped": 1, "rows_without_id": 0, "failed": 0})
    );
    let patients = report["patients"].as_array().expect("patients");
    let ids: Vec<&str> = patients.iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(ids, ["B", "A", "C"], "the order of first rows");
    let a = &patients[1];
    assert_eq!(a["name"], "Ann");
    assert_eq!(a["file"], "out/A_2026-11-22.pdf");
    assert_eq!(a["status"], "built");
    assert_eq!(a["issued"], "2026-11-22");
    let pages = Pdf::open(&test.path("out/A_2026-11-22.pdf")).pages();
    assert_eq!(a["pages"], pages);
    let c = &patients[2];
    assert_eq!(c["status"], "skipped");
    assert_eq!(c["file"], serde_json::Value::Null);
    assert_eq!(c["diagnostics"][0]["code"], "RX0203");
    assert_eq!(c["diagnostics"][0]["patient_id"], "C");
    assert_eq!(c["diagnostics"][0]["column_name"], "reps");
    assert_eq!(c["diagnostics"][0]["line"], 4);

    // The same run as JSON on stdout: the sheets are there, so unchanged.
    let out = test
        .in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--format", "json"])
        .status(1)
        .stdout_satisfies("is JSON", |s| {
            serde_json::from_str::<serde_json::Value>(s).is_ok()
        })
        .run();
    let again = json(&out.stdout);
    assert_eq!(again["summary"]["unchanged"], 2);
    assert_eq!(again["patients"][0]["status"], "unchanged");
    assert_eq!(again["patients"][2]["diagnostics"], c["diagnostics"]);
}

/// `--combine` writes one PDF of every sheet, in the spreadsheet's
/// order; its page count is the sum of the sheets', each made even.
#[test]
fn combine_writes_every_sheet_in_order_as_one_pdf() {
    let rows = [
        HEADER.to_owned(),
        row("Z", "Zoe Zed", "bridge", ""),
        row("Y", "Yan Yu", "bird dog", ""),
        row("Y", "Yan Yu", "bridge", ""),
        row("X", "Xia Xu", "nonsense", ""),
        row("W", "Wim Wu", "pelvic tilt", ""),
    ];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out", "--combine", "day.pdf"])
        .status(1)
        .stdout_starts_with("built 3 of 4 patients, skipped 1; written to out\nwrote day.pdf: ")
        .stdout_ends_with(" of 3 sheets\n")
        .stderr_contains("unknown exercise \"nonsense\"");
    test.run();
    let sheets: Vec<Pdf> = ["Z", "Y", "W"]
        .iter()
        .map(|id| Pdf::open(&test.path(&format!("out/{id}_2026-11-22.pdf"))))
        .collect();
    let combined = Pdf::open(&test.path("day.pdf"));
    // Printed double-sided, a sheet of an odd number of pages is followed
    // by a blank one (Zoe's one exercise and its log share a page).
    let sum: usize = sheets.iter().map(|s| s.pages().next_multiple_of(2)).sum();
    assert_eq!(combined.pages(), sum);
    // Each sheet's pages follow the one before, in the spreadsheet's order.
    let text = combined.text();
    let at = |name: &str| {
        text.find(&format!("Home exercises for {name}"))
            .expect(name)
    };
    assert!(
        at("Zoe Zed") < at("Yan Yu") && at("Yan Yu") < at("Wim Wu"),
        "{text}"
    );
    assert!(!text.contains("Xia Xu"));
    // The same sheets again: the combined file is unchanged.
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--combine", "day.pdf"])
        .status(1)
        .stdout_ends_with("unchanged day.pdf: ".to_owned() + &format!("{sum} pages of 3 sheets\n"))
        .stderr_contains("unknown exercise \"nonsense\"")
        .run();
    // A plan, not a CSV: nothing to combine.
    test.in_same_folder()
        .file("plan.toml", crate::support::PLAN)
        .args(&["build", "plan.toml", "--combine", "x.pdf"])
        .status(2)
        .stderr("rx: error: --combine joins the sheets of a CSV batch; a plan makes one sheet\n")
        .run();
}
