//! `rx build`: real sheets, read back with `pdf::Pdf` (text, pages, fonts,
//! sizes, structure); `pdf_tools.rs` reads them again with poppler and qpdf.

use crate::pdf::{Pdf, flat};
use crate::support::{PLAN, Test, builtin_entry, plan_with, repo};

#[test]
fn example_sheet_has_patient_dates_every_exercise_and_page_numbers() {
    let test = Test::new()
        .args(&[
            "build",
            repo("examples/plan.toml").to_str().expect("a UTF-8 path"),
            "-o",
            "sheet.pdf",
        ])
        .status(0)
        .stdout("wrote sheet.pdf: 3 pages, 6 exercises\n")
        .stderr_starts_with(
            "warning[RX0203]: cat-stretch: 12 reps is above the catalogue limit of 10\n",
        );
    test.run();
    let pdf = Pdf::open(&test.path("sheet.pdf"));
    let text = pdf.text();
    // Sentences, not just words: flatten the layout's line breaks.
    let flat = flat(&text);
    for needle in [
        "José Müller-Łukasz",
        "Riverside Physical Therapy",
        "Dana Reyes, PT, DPT · +1 555 0142",
        "Do these exercises from Sunday 22 November 2026 until your review on Sunday 6 December 2026.",
        "Walk ten minutes after the exercises.",
        // 58 + 314 + 40 + 140 + 106 + 84 seconds (dose::seconds_a_day).
        "This takes about 13 minutes a day.",
        "1. Knee-to-chest stretch",
        "6 times on each side · once a day",
        "2. Lower trunk rotation",
        "8 times on each side · hold 15 seconds · once a day",
        "3. Pelvic tilt",
        // 10 tilts are relieve's (first in catalogue order), which holds none.
        "10 times · once a day",
        "4. Bridge",
        "10 times · hold 10 seconds · once a day",
        "Squeeze your glutes at the top.",
        "5. Hamstring stretch with a towel",
        "2 times on each side · hold 20 seconds · once a day",
        "6. Cat stretch",
        // essential's "a few seconds", read as 3 to 5.
        "12 times · hold 3 seconds · once a day",
        "Therapist's signature",
        "In the pictures: grey is",
        "Stay safe",
        "If your pain lasts, gets worse, or spreads down your leg, get it checked by a specialist.",
        "Exercise log",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // The exceed reason is the clinician's, not the patient's.
    assert!(!flat.contains("Week 3 progression"), "{text}");
    // Fewer pages (5 before text ran on under the figures and the log
    // took two weeks a band; 4 before each figure sat beside its band).
    assert_eq!(pdf.pages(), 3);
    for n in 1..=3 {
        assert_eq!(flat.matches(&format!("Page {n} of 3")).count(), 1);
        // Each page carries its own number and says whose it is.
        assert!(pdf.page_text(n).contains(&format!("Page {n} of 3")));
        assert!(pdf.page_text(n).contains("José Müller-Łukasz"));
        assert_eq!(pdf.page_size(n), (612.0, 792.0), "letter, page {n}");
    }
    // The dates once, in page 1's sentence: not again in its header.
    assert_eq!(flat.matches("22 November 2026").count(), 1);
    assert!(!flat.contains("Review by"), "{text}");
    assert_eq!(
        pdf.info("Title").as_deref(),
        Some("Home exercise program – José Müller-Łukasz")
    );
    assert_eq!(pdf.info("Author").as_deref(), Some("Dana Reyes, PT, DPT"));
    // Midnight UTC on the issue date, never the clock.
    assert_eq!(
        pdf.info("CreationDate").as_deref(),
        Some("D:20261122000000+00'00'")
    );
}

#[test]
fn fonts_are_embedded_and_subset() {
    let plan = plan_with("name = \"José Müller-Łukasz\"", "name = \"Жанна Müller\"");
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    let fonts = pdf.fonts();
    let families: Vec<&str> = fonts.iter().map(|f| f.family()).collect();
    assert!(
        families.contains(&"AtkinsonHyperlegible-Regular"),
        "{fonts:?}"
    );
    assert!(families.contains(&"AtkinsonHyperlegible-Bold"), "{fonts:?}");
    // Cyrillic comes from the fallback face.
    assert!(
        families.iter().any(|f| f.starts_with("DejaVuSans")),
        "{fonts:?}"
    );
    for font in &fonts {
        assert!(
            font.embedded && font.subset() && font.unicode,
            "{font:?}: embedded, subset and with a ToUnicode map"
        );
    }
    assert!(pdf.text().contains("Жанна Müller"));
    let cyrillic = (1..=pdf.pages())
        .flat_map(|p| pdf.runs(p))
        .find(|r| r.text.contains("Жанна"))
        .expect("the name is on the sheet");
    assert!(cyrillic.font.contains("+DejaVuSans"), "{cyrillic:?}");
    let size = std::fs::metadata(test.path("plan.pdf")).expect("pdf").len();
    assert!(
        size < 60_000,
        "subset fonts keep the sheet small: {size} bytes"
    );
}

#[test]
fn rebuilds_are_byte_identical() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "-o", "a.pdf"])
        .status(0)
        .stdout("wrote a.pdf: 2 pages, 2 exercises\n");
    test.run();
    let first = std::fs::read(test.path("a.pdf")).expect("pdf");
    std::fs::remove_file(test.path("a.pdf")).expect("removed");
    test.run();
    assert_eq!(std::fs::read(test.path("a.pdf")).expect("pdf"), first);
}

/// A single-plan build never overwrites another sheet silently:
/// the same sheet is left as it is ("unchanged"), a different one needs
/// `--force` (or `--skip-existing` keeps it, with a warning).
#[test]
fn a_rebuild_leaves_the_same_sheet_and_refuses_a_different_one() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let first = std::fs::read(test.path("plan.pdf")).expect("pdf");
    test.in_same_folder()
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("unchanged plan.pdf: 2 pages, 2 exercises\n")
        .run();
    std::fs::write(test.path("plan.toml"), plan_with("hold = 10", "hold = 12")).expect("edited");
    test.in_same_folder()
        .args(&["build", "plan.toml"])
        .status(2)
        .stderr("rx: error: plan.pdf already exists and is not the sheet this plan gives; rx will not overwrite it without --force (--skip-existing keeps it and builds the rest)\n")
        .run();
    assert_eq!(
        std::fs::read(test.path("plan.pdf")).expect("pdf"),
        first,
        "left alone"
    );
    test.in_same_folder()
        .args(&["build", "plan.toml", "--skip-existing"])
        .status(0)
        .stderr("rx: warning: kept plan.pdf: it is not the sheet this plan now gives (--force replaces it)\n")
        .run();
    assert_eq!(
        std::fs::read(test.path("plan.pdf")).expect("pdf"),
        first,
        "kept"
    );
    test.in_same_folder()
        .args(&["build", "plan.toml", "--force"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n")
        .run();
    let text = crate::pdf::Pdf::open(&test.path("plan.pdf")).text();
    assert!(text.contains("10 times · hold 12 seconds"), "{text}");
}

/// `-o DIR/` (or a folder that exists) puts the sheet in it under
/// the plan's name; `--date` that a plan's own issue date overrides is said.
#[test]
fn output_folder_and_an_unused_date() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .file("sheets/.keep", "")
        .args(&["build", "plan.toml", "-o", "sheets", "--date", "2026-01-05"])
        .status(0)
        .stdout("wrote sheets/plan.pdf: 2 pages, 2 exercises\n")
        .stderr("rx: warning: --date 2026-01-05 is not used: the plan gives its own issue date, 2026-11-22\n");
    test.run();
    test.in_same_folder()
        .args(&["build", "plan.toml", "-o", "new/"])
        .status(0)
        .stdout("wrote new/plan.pdf: 2 pages, 2 exercises\n")
        .run();
    assert!(test.path("new/plan.pdf").exists());
}

#[test]
fn undrawable_patient_name_is_a_located_error() {
    let test = Test::new()
        .file(
            "plan.toml",
            plan_with("name = \"José Müller-Łukasz\"", "name = \"王小明\""),
        )
        .args(&["build", "plan.toml"])
        .status(1)
        .stdout("plan.toml: 1 error; no sheet written\n")
        .stderr(
            r#"error[RX0109]: patient name has a character the sheet's fonts cannot print: '王' (U+738B)
 --> plan.toml:2:8
  |
2 | name = "王小明"
  |        ^^^^^^^^ cannot be printed
  = help: the bundled fonts cover Latin, Greek, Cyrillic, Hebrew and Arabic; for other scripts add a font (.ttf or .otf) that has the character: `--font FILE`, or `fonts = ["FILE"]` in the settings file

"#,
        );
    test.run();
    assert!(!test.path("plan.pdf").exists());
}

#[test]
fn invalid_plan_is_not_rendered() {
    let test = Test::new()
        .file("plan.toml", plan_with("reps = 10", "reps = 40"))
        .args(&["build", "plan.toml"])
        .status(1)
        .stdout("plan.toml: 1 error; no sheet written\n")
        .stderr_starts_with("error[RX0203]");
    test.run();
    assert!(!test.path("plan.pdf").exists());
    let leftovers: Vec<_> = std::fs::read_dir(test.dir()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "only the plan remains");
}

#[test]
fn a4_and_large_print_from_options_or_plan() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "--paper", "a4", "--large-print"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    for page in 1..=pdf.pages() {
        let (w, h) = pdf.page_size(page);
        assert_eq!(
            ((w * 100.0).round(), (h * 100.0).round()),
            (59528.0, 84189.0),
            "A4 is 595.28 x 841.89 pt, page {page}"
        );
    }
    // Large print: nothing under 16 pt, read from the content
    // streams: header, footer, log labels and all.
    let sizes = pdf.font_sizes();
    assert!(sizes.iter().all(|&s| s >= 16.0), "{sizes:?}");
    let mut chars_by_size: Vec<(f32, usize)> = sizes.iter().map(|&s| (s, 0)).collect();
    for page in 1..=pdf.pages() {
        for run in pdf.runs(page) {
            if let Some(entry) = chars_by_size.iter_mut().find(|(s, _)| *s == run.size) {
                entry.1 += run.text.chars().count();
            }
        }
    }
    let body = chars_by_size
        .iter()
        .max_by_key(|(_, n)| *n)
        .expect("the sheet has text");
    assert!(body.0 >= 16.0, "{chars_by_size:?}");

    let from_plan = plan_with(
        "review = 2026-12-06",
        "review = 2026-12-06\npaper = \"a4\"\nlarge_print = true",
    );
    let other = Test::new()
        .file("plan.toml", from_plan)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ");
    other.run();
    let a = std::fs::read(test.path("plan.pdf")).expect("pdf");
    let b = std::fs::read(other.path("plan.pdf")).expect("pdf");
    assert_eq!(a, b, "plan settings and options give the same sheet");
}

#[test]
fn normal_print_sets_body_text_in_11_5_pt() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    // Nothing a patient reads is under 11 pt: the header, the
    // footer and the log's labels are the 11 pt text.
    let sizes = Pdf::open(&test.path("plan.pdf")).font_sizes();
    assert_eq!(sizes, [11.0, 11.5, 13.5, 17.0, 24.0]);
}

#[test]
fn stdout_output_and_default_issue_date() {
    let plan = plan_with("issued = 2026-11-22\n", "").replace("review = 2026-12-06", "weeks = 1");
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml", "-o", "-", "--date", "2026-03-02"])
        .status(0)
        .stdout_bytes_satisfy("is a PDF", |b| b.starts_with(b"%PDF-"));
    let out = test.run();
    let pdf = Pdf::parse(&out.stdout_bytes).expect("a sound PDF on stdout");
    let text = pdf.text();
    assert!(
        flat(&text).contains("from Monday 2 March 2026 until your review on Monday 9 March 2026"),
        "{text}"
    );
    assert!(!test.path("plan.pdf").exists());
}

#[test]
fn unwritable_output_is_exit_2_without_partial_file() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .file("afile", "x")
        .args(&["build", "plan.toml", "-o", "afile/sheet.pdf"])
        .status(2)
        .stderr_starts_with("rx: error: cannot write afile/sheet.pdf: ");
    test.run();
    assert_eq!(
        std::fs::read_to_string(test.path("afile")).expect("the file"),
        "x"
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
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("wrote plan.pdf: 13 pages, 30 exercises\n")
        .stderr_contains("warning[RX0402]: the plan has 30 exercises");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    assert_eq!(pdf.pages(), 13);
    let flat = flat(&pdf.text());
    assert!(flat.contains("30. Sciatic nerve glides"));
    assert!(flat.contains("Page 13 of 13"));
}

/// A plan that fails still ends with a summary line; on stderr
/// when stdout was to carry the PDF.
#[test]
fn a_failed_build_says_no_sheet_was_written() {
    let plan = plan_with("reps = 10", "reps = 40");
    Test::new()
        .file("plan.toml", &plan)
        .args(&["build", "plan.toml", "--deny-warnings"])
        .status(1)
        .stdout("plan.toml: 1 error; no sheet written\n")
        .stderr_starts_with(format!(
            "error[RX0203]: bridge: 40 reps is above the catalogue limit of {}\n",
            builtin_entry("bridge").limits.reps.max
        ))
        .run();
    Test::new()
        .file("plan.toml", &plan)
        .args(&["build", "plan.toml", "-o", "-"])
        .status(1)
        .stderr_starts_with("error[RX0203]: bridge: 40 reps")
        .stderr_satisfies("ends with the summary", |e| {
            e.ends_with("\nplan.toml: 1 error; no sheet written\n")
        })
        .run();
}

/// "1 exercise", "1 page"; `--paper A4` as the plan's "A4".
#[test]
fn plurals_and_paper_in_any_case() {
    let one = PLAN[..PLAN
        .find("\n[[exercise]]\nname = \"knee to chest\"")
        .expect("second exercise")]
        .to_owned()
        + "\n";
    let test = Test::new()
        .file("plan.toml", &one)
        .args(&["build", "plan.toml", "--paper", "A4"])
        .status(0)
        .stdout_satisfies("one exercise", |s| {
            s.starts_with("wrote plan.pdf: ") && s.ends_with(", 1 exercise\n")
        });
    test.run();
    let (w, _) = Pdf::open(&test.path("plan.pdf")).page_size(1);
    assert_eq!((w * 100.0).round(), 59528.0, "A4 wide");
    test.in_same_folder()
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
}

/// `rx help --help` is help about help, not an error.
#[test]
fn help_shows_the_help_of_rx_and_of_each_command() {
    Test::new()
        .args(&["help", "--help"])
        .status(0)
        .stdout_starts_with("Show the help of rx, or of one command (the same as `rx COMMAND --help`)\n\nUsage: rx help [OPTIONS] [COMMAND]\n")
        .run();
    Test::new()
        .args(&["help", "build"])
        .status(0)
        .stdout_starts_with("Check a plan and render its PDF home-exercise sheet\n\nUsage: rx build [OPTIONS] <FILE>\n")
        .stdout_contains("--date-format <ORDER>")
        .run();
    Test::new()
        .args(&["help", "bulid"])
        .status(2)
        .stderr(
            "rx: error: unknown command \"bulid\"; commands: build, check, catalogue, new, figure, serve, schema, completions, man, config, help\n",
        )
        .run();
}

/// The log repeats each dose in short form, says that a
/// days-a-week exercise is ticked on the days chosen, and has a pain score
/// row and a comments line for every week.
#[test]
fn the_log_has_doses_pain_scores_and_comments() {
    let test = Test::new()
        .file("plan.toml", plan_with("per_day = 1\n", "per_week = 3\n"))
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    let text = flat(&pdf.text());
    // Two weeks (22 Nov to 6 Dec) side by side in one band.
    assert_eq!(text.matches("Pain today (0–10)").count(), 1, "{text}");
    // One band of two weeks, a comments line for each week.
    assert_eq!(text.matches("Week 1 comments:").count(), 1, "{text}");
    assert_eq!(text.matches("Week 2 comments:").count(), 1, "{text}");
    assert_eq!(
        text.matches("10 reps · hold 10 s · 3 days a week: tick the days")
            .count(),
        1,
        "{text}"
    );
    assert!(text.contains("write how bad your pain was, from 0 (none) to 10 (the worst)"));
}
