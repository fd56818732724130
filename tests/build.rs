//! `rx build`: real sheets, checked through pdftotext, pdfinfo and pdffonts
//! (poppler-utils) and qpdf, which `.ci/run` installs.

use std::process::Command;

use crate::support::{PLAN, Test, plan_with, repo};

/// Run a PDF tool and return its stdout; the tool must succeed.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} must be installed (apt-get install poppler-utils qpdf): {e}")
        });
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdftotext(path: &std::path::Path) -> String {
    tool(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
    )
}

fn pdfinfo(path: &std::path::Path) -> String {
    tool("pdfinfo", &[path.to_str().unwrap()])
}

#[test]
fn example_sheet_has_patient_dates_every_exercise_and_page_numbers() {
    let test = Test::new().args(&[
        "build",
        repo("examples/plan.toml").to_str().unwrap(),
        "-o",
        "sheet.pdf",
    ]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "wrote sheet.pdf: 5 pages, 6 exercises\n");
    let pdf = test.path("sheet.pdf");
    let text = pdftotext(&pdf);
    // Sentences, not just words: flatten the layout's whitespace.
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "José Müller-Łukasz",
        "Riverside Physical Therapy",
        "Dana Reyes, PT, DPT · +1 555 0142",
        "Issued 22 Nov 2026 · Review by 6 Dec 2026",
        "Do these exercises from Sunday 22 November 2026 until your review on Sunday 6 December 2026.",
        "Walk ten minutes after the exercises.",
        "1. Knee-to-chest stretch",
        "1 set of 6 · each side · once a day",
        "2. Lower trunk rotation",
        "1 set of 8 · hold 15 seconds · each side · once a day",
        "3. Pelvic tilt",
        "1 set of 10 · hold 2 seconds · once a day",
        "4. Bridge",
        "1 set of 10 · hold 10 seconds · once a day",
        "Squeeze your glutes at the top.",
        "5. Hamstring stretch with a towel",
        "1 set of 2 · hold 20 seconds · each side · once a day",
        "6. Cat stretch",
        "1 set of 12 · hold 2 seconds · once a day",
        "Week 3 progression, cleared at review",
        "Stay safe",
        "If your pain lasts, gets worse, or spreads down your leg, get it checked by a specialist.",
        "Exercise log",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in:\n{text}");
    }
    for n in 1..=5 {
        assert_eq!(flat.matches(&format!("Page {n} of 5")).count(), 1);
    }
    assert_eq!(
        flat.matches("Issued 22 Nov 2026 · Review by 6 Dec 2026")
            .count(),
        5
    );

    let info = pdfinfo(&pdf);
    assert!(
        info.contains("Title:           Home exercise program – José Müller-Łukasz"),
        "{info}"
    );
    assert!(info.contains("Author:          Dana Reyes, PT, DPT"));
    assert!(info.contains("CreationDate:    Sun Nov 22 00:00:00 2026 UTC"));
    assert!(info.contains("Page size:       612 x 792 pts (letter)"));
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
}

#[test]
fn fonts_are_embedded_and_subset() {
    let plan = plan_with("name = \"José Müller-Łukasz\"", "name = \"Жанна Müller\"");
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml"]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pdf = test.path("plan.pdf");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("+AtkinsonHyperlegible-Regular")),
        "{fonts}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("+AtkinsonHyperlegible-Bold")),
        "{fonts}"
    );
    // Cyrillic comes from the fallback face.
    assert!(rows.iter().any(|r| r.contains("+DejaVuSans")), "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // emb sub uni
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
    assert!(pdftotext(&pdf).contains("Жанна Müller"));
    let size = std::fs::metadata(&pdf).expect("pdf").len();
    assert!(
        size < 60_000,
        "subset fonts keep the sheet small: {size} bytes"
    );
}

#[test]
fn rebuilds_are_byte_identical() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "-o", "a.pdf"]);
    assert_eq!(test.run().code, 0);
    let first = std::fs::read(test.path("a.pdf")).expect("pdf");
    assert_eq!(test.run().code, 0);
    assert_eq!(std::fs::read(test.path("a.pdf")).expect("pdf"), first);
}

#[test]
fn undrawable_patient_name_is_a_located_error() {
    let test = Test::new()
        .file(
            "plan.toml",
            plan_with("name = \"José Müller-Łukasz\"", "name = \"王小明\""),
        )
        .args(&["build", "plan.toml"]);
    let out = test.run();
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        r#"error[RX0109]: patient name has a character the sheet's fonts cannot print: '王' (U+738B)
 --> plan.toml:2:8
  |
2 | name = "王小明"
  |        ^^^^^ cannot be printed
  = help: the fonts cover Latin, Greek and Cyrillic scripts; write the text in one of them

"#
    );
    assert!(!test.path("plan.pdf").exists());
}

#[test]
fn invalid_plan_is_not_rendered() {
    let test = Test::new()
        .file("plan.toml", plan_with("reps = 10", "reps = 40"))
        .args(&["build", "plan.toml"]);
    let out = test.run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("error[RX0203]"));
    assert!(!test.path("plan.pdf").exists());
    let leftovers: Vec<_> = std::fs::read_dir(test.dir.path()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "only the plan remains");
}

#[test]
fn a4_and_large_print_from_options_or_plan() {
    let test = Test::new().file("plan.toml", PLAN).args(&[
        "build",
        "plan.toml",
        "--paper",
        "a4",
        "--large-print",
    ]);
    assert_eq!(test.run().code, 0);
    let info = pdfinfo(&test.path("plan.pdf"));
    assert!(
        info.contains("Page size:       595.28 x 841.89 pts (A4)"),
        "{info}"
    );
    let from_plan = plan_with(
        "review = 2026-12-06",
        "review = 2026-12-06\npaper = \"a4\"\nlarge_print = true",
    );
    let other = Test::new()
        .file("plan.toml", from_plan)
        .args(&["build", "plan.toml"]);
    assert_eq!(other.run().code, 0);
    let a = std::fs::read(test.path("plan.pdf")).expect("pdf");
    let b = std::fs::read(other.path("plan.pdf")).expect("pdf");
    assert_eq!(a, b, "plan settings and options give the same sheet");
}

#[test]
fn stdout_output_and_default_issue_date() {
    let plan = plan_with("issued = 2026-11-22\n", "").replace("review = 2026-12-06", "weeks = 1");
    let test = Test::new().file("plan.toml", plan).args(&[
        "build",
        "plan.toml",
        "-o",
        "-",
        "--date",
        "2026-03-02",
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(["build", "plan.toml", "-o", "-", "--date", "2026-03-02"])
        .current_dir(test.dir.path())
        .output()
        .expect("run rx");
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"%PDF-"));
    std::fs::write(test.path("out.pdf"), &out.stdout).expect("write");
    let text = pdftotext(&test.path("out.pdf"));
    assert!(
        text.contains("Issued 2 Mar 2026 · Review by 9 Mar 2026"),
        "{text}"
    );
    assert!(!test.path("plan.pdf").exists());
}

#[test]
fn unwritable_output_is_exit_2_without_partial_file() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .file("afile", "x")
        .args(&["build", "plan.toml", "-o", "afile/sheet.pdf"]);
    let out = test.run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("rx: error: cannot write afile/sheet.pdf: "),
        "{}",
        out.stderr
    );
}

#[test]
fn thirty_exercise_plan_pages() {
    let ids = [
        "lower-trunk-rotation",
        "kneeling-hip-flexor-stretch",
        "bottom-stretch",
        "towel-hamstring-stretch",
        "lower-back-stretch",
        "pelvic-tilt",
        "bridge",
        "bird-dog",
        "deep-abdominal-stretch",
        "knee-to-chest-stretch",
        "spine-press-up",
        "lower-back-flexibility-exercise",
        "cat-stretch",
        "seated-lower-back-rotational-stretch",
        "sciatic-nerve-glides",
    ];
    let mut plan = PLAN.to_owned();
    plan.truncate(plan.find("[[exercise]]").expect("exercises"));
    for id in ids.iter().chain(ids.iter()) {
        plan.push_str(&format!("[[exercise]]\nname = \"{id}\"\n\n"));
    }
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml"]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("warning[RX0402]: the plan has 30 exercises")
    );
    let pdf = test.path("plan.pdf");
    assert!(pdfinfo(&pdf).contains("Pages:           20\n"));
    let flat: String = pdftotext(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("30. Sciatic nerve glides"));
    assert!(flat.contains("Page 20 of 20"));
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
}
