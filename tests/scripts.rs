//! Every patient's name printed right, in any script. Hebrew and
//! Arabic names read right to left inside the English sheet, Arabic letters
//! joined; decomposed accents print precomposed; a clinic's font prints a
//! CJK name; the PDF's text is the name as typed.

use crate::pdf::{Pdf, Run};
use crate::support::{CSV_HEADER, Test, csv_row, plan_with, repo, sheets};

/// The fixture's clinic font: WenQuanYi Micro Hei cut to 王小明李
/// (tests/fixtures/fonts/README.md).
fn cjk_font() -> Vec<u8> {
    std::fs::read(repo("tests/fixtures/fonts/wqy-microhei-subset.ttf")).expect("the CJK fixture")
}

/// Builds the test plan with the patient `name` (TOML string syntax, so
/// `\u0301` escapes work) and returns the sheet.
fn sheet_for(name: &str, extra_args: &[&str], files: &[(&str, Vec<u8>)]) -> (Test, Pdf) {
    let mut test = Test::new().file(
        "plan.toml",
        plan_with(
            "name = \"José Müller-Łukasz\"",
            &format!("name = \"{name}\""),
        ),
    );
    for (file, bytes) in files {
        test = test.file(file, bytes);
    }
    let mut args = vec!["build", "plan.toml", "-o", "sheet.pdf"];
    args.extend_from_slice(extra_args);
    let test = test
        .args(&args)
        .status(0)
        .stdout_starts_with("wrote sheet.pdf");
    test.run();
    let pdf = Pdf::open(&test.path("sheet.pdf"));
    (test, pdf)
}

/// The runs on page 1 that draw the name in `font` (bold: page 1's
/// header leaves the name to the title, the only text on the page in
/// it): one glyph each for a shaped run, left to right.
fn header_glyphs<'a>(pdf: &'a Pdf, font: &str) -> Vec<&'a Run> {
    let mut glyphs: Vec<&Run> = pdf
        .runs(1)
        .iter()
        .filter(|r| r.font.ends_with(font))
        .collect();
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    glyphs
}

/// The patient's name as page 1's title says it, extracted from its line.
fn first_line(pdf: &Pdf) -> String {
    let text = pdf.page_text(1);
    let line = text
        .lines()
        .find(|l| l.starts_with("Home exercises for "))
        .unwrap_or_else(|| panic!("no title line: {text:?}"));
    line["Home exercises for ".len()..].to_owned()
}

#[test]
fn a_hebrew_name_reads_right_to_left_and_extracts_as_typed() {
    let (_test, pdf) = sheet_for("שרה כהן", &[], &[]);
    let glyphs = header_glyphs(&pdf, "NotoSansHebrew-Bold");
    let letters: String = glyphs.iter().map(|r| r.text.as_str()).collect();
    // Left to right on the page: the second word first, each word's last
    // letter leftmost.
    assert_eq!(letters, "ןהכהרש", "{glyphs:?}");
    // Each glyph starts where the one to its left ends (kerned a little
    // at most: no overlap, no gap inside a word), the words a space apart.
    for pair in glyphs.windows(2) {
        let gap = pair[1].x - (pair[0].x + pair[0].width);
        assert!(
            gap > -0.05 * pair[0].size && gap < 0.5 * pair[0].size,
            "{pair:?}"
        );
    }
    assert_eq!(first_line(&pdf), "שרה כהן");
    assert!(
        pdf.text().contains("Home exercises for שרה כהן"),
        "{}",
        pdf.text()
    );
}

#[test]
fn an_arabic_name_is_joined_right_to_left_and_extracts_as_typed() {
    let (_test, pdf) = sheet_for("محمد الأحمد", &[], &[]);
    let glyphs = header_glyphs(&pdf, "NotoSansArabic-Bold");
    // الأحمد: the lam-alef ligature is one glyph for two letters.
    assert_eq!(glyphs.len(), 9, "{glyphs:?}");
    // The first word's first letter is the rightmost glyph; the second
    // word lies to the left of the first.
    assert_eq!(glyphs.last().map(|r| r.text.as_str()), Some("م"));
    assert_eq!(glyphs.first().map(|r| r.text.as_str()), Some("د"));
    assert_eq!(first_line(&pdf), "محمد الأحمد");
    assert!(pdf.text().contains("Home exercises for محمد الأحمد"));
    // Joined: محمد's two mims are drawn with two glyphs (its initial and
    // medial forms), not one letter shape repeated.
    let mims: Vec<&[u16]> = glyphs[5..]
        .iter()
        .filter(|r| r.text == "م")
        .map(|r| r.codes.as_slice())
        .collect();
    assert_eq!(mims.len(), 2, "{glyphs:?}");
    assert_ne!(mims[0], mims[1], "{glyphs:?}");
}

#[test]
fn a_mixed_hebrew_and_english_name_keeps_its_order() {
    let (_test, pdf) = sheet_for("Sarah שרה Cohen", &[], &[]);
    let runs = pdf.runs(1);
    // The title's line: page 1's header leaves the name to it.
    let title = runs
        .iter()
        .find(|r| r.text == "Home")
        .map_or(f32::MIN, |r| r.y);
    let x_of = |text: &str| {
        runs.iter()
            .find(|r| (r.y - title).abs() < 0.5 && r.text.contains(text))
            .unwrap_or_else(|| panic!("{text:?} in {runs:?}"))
            .x
    };
    // Sarah, then the Hebrew word (its first letter on its right), then
    // Cohen, left to right.
    assert!(x_of("Sarah") < x_of("ה"));
    assert!(x_of("ה") < x_of("ש"));
    assert!(x_of("ש") < x_of("Cohen"));
    assert_eq!(first_line(&pdf), "Sarah שרה Cohen");
}

#[test]
fn decomposed_accents_print_precomposed() {
    let (_test, pdf) = sheet_for("Jose\\u0301 Mu\\u0308ller", &[], &[]);
    let text = pdf.text();
    assert_eq!(first_line(&pdf), "José Müller");
    assert!(text.contains("Home exercises for José Müller"));
    assert!(!text.contains('\u{301}') && !text.contains('\u{308}'));
    // The simple path: the name is one run in the text face (in the
    // running header of page 2; page 1's title sets it word by word).
    assert!(
        pdf.runs(2)
            .iter()
            .any(|r| r.text == "José Müller" && r.font.ends_with("AtkinsonHyperlegible-Bold")),
        "{:?}",
        pdf.runs(2)
    );
}

/// A diagnostic on a decomposed name points at the text as written: its
/// line and column, the source line shown as typed.
#[test]
fn a_diagnostic_on_a_decomposed_name_points_at_the_text_as_written() {
    Test::new()
        .file(
            "plan.toml",
            plan_with(
                "name = \"José Müller-Łukasz\"",
                "name = \"Jose\u{301} 王\"",
            ),
        )
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains(
            "patient name has a character the sheet's fonts cannot print: '王' (U+738B)\n --> plan.toml:2:8\n  |\n2 | name = \"Jose\u{301} 王\"\n",
        )
        .run();
}

#[test]
fn decomposed_accents_in_a_settings_file_print_precomposed() {
    let test = Test::new()
        .file(
            "rx.toml",
            "[safety]\nadd = [\"Call Jose\\u0301 if it hurts.\"]\n",
        )
        .file("plan.toml", crate::support::PLAN)
        .args(&[
            "build",
            "--config",
            "rx.toml",
            "plan.toml",
            "-o",
            "sheet.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote sheet.pdf");
    test.run();
    let text = Pdf::open(&test.path("sheet.pdf")).text();
    assert!(text.contains("Call José if it hurts."), "{text}");
    assert!(!text.contains('\u{301}'), "{text}");
}

#[test]
fn a_clinic_font_prints_a_cjk_name() {
    let (_test, pdf) = sheet_for("王小明", &["--font", "cjk.ttf"], &[("cjk.ttf", cjk_font())]);
    assert_eq!(first_line(&pdf), "王小明");
    assert!(pdf.text().contains("Home exercises for 王小明"));
    let font = pdf
        .fonts()
        .into_iter()
        .find(|f| f.family() == "WenQuanYiMicroHei")
        .expect("the clinic font is embedded");
    assert!(font.embedded && font.subset() && font.unicode, "{font:?}");
}

#[test]
fn a_clinic_font_in_the_settings_file_prints_a_cjk_name() {
    let test = Test::new()
        .file("rx.toml", "fonts = [\"fonts/cjk.ttf\"]\n")
        .file("fonts/cjk.ttf", cjk_font())
        .file(
            "plan.toml",
            plan_with("name = \"José Müller-Łukasz\"", "name = \"李明\""),
        )
        .args(&[
            "build",
            "--config",
            "rx.toml",
            "plan.toml",
            "-o",
            "sheet.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote sheet.pdf");
    test.run();
    let pdf = Pdf::open(&test.path("sheet.pdf"));
    assert_eq!(first_line(&pdf), "李明");
    Test::new()
        .file("rx.toml", "fonts = [\"fonts/cjk.ttf\"]\n")
        .file("fonts/cjk.ttf", cjk_font())
        .args(&["config", "--config", "rx.toml"])
        .status(0)
        .stdout_satisfies("lists the fonts with their line", |s| {
            s.lines().any(|l| {
                l.starts_with("fonts = [\"fonts/cjk.ttf\"] ") && l.ends_with(" # rx.toml:1")
            })
        })
        .run();
}

/// A character no font has, even with a clinic font, is still the located
/// error, naming the character and how to add a font.
#[test]
fn a_character_no_font_draws_is_still_a_located_error() {
    let test = Test::new()
        .file("cjk.ttf", cjk_font())
        .file(
            "plan.toml",
            plan_with("name = \"José Müller-Łukasz\"", "name = \"王小龍\""),
        )
        .args(&["check", "--font", "cjk.ttf", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr(
            r#"error[RX0109]: patient name has a character the sheet's fonts cannot print: '龍' (U+9F8D)
 --> plan.toml:2:8
  |
2 | name = "王小龍"
  |        ^^^^^^^^ cannot be printed
  = help: the bundled fonts cover Latin, Greek, Cyrillic, Hebrew and Arabic; for other scripts add a font (.ttf or .otf) that has the character: `--font FILE`, or `fonts = ["FILE"]` in the settings file

"#,
        );
    test.run();
}

#[test]
fn a_bad_font_file_is_an_error_not_a_panic() {
    Test::new()
        .file("bad.ttf", "this is not a font")
        .file("plan.toml", crate::support::PLAN)
        .args(&["build", "--font", "bad.ttf", "plan.toml"])
        .status(2)
        .stderr("rx: error: --font bad.ttf: not a TrueType or OpenType font (unknown magic)\n")
        .run();
    let test = Test::new()
        .file("rx.toml", "fonts = [\"bad.ttf\", \"missing.ttf\"]\n")
        .file("bad.ttf", &cjk_font()[..300])
        .file("plan.toml", crate::support::PLAN)
        .args(&["check", "--config", "rx.toml", "plan.toml"])
        .status(1)
        .stderr_contains("font `bad.ttf` cannot be used: not a TrueType or OpenType font")
        .stderr_contains("font `missing.ttf` does not exist")
        .stderr_contains(" --> rx.toml:1:10");
    test.run();
}

/// A clinic catalogue entry in a script only the clinic's font has is an
/// error without the font, and prints with it.
#[test]
fn a_clinic_font_draws_a_clinic_catalogue_entry() {
    let catalogue = crate::catalogue::CLINIC.replace("Stop if your knees hurt.", "王小明");
    let plan = format!(
        "{}\n[[exercise]]\nname = \"wall squat\"\nreps = 5\n",
        crate::support::PLAN
    );
    let test = Test::new()
        .file("clinic.toml", &catalogue)
        .file("plan.toml", &plan)
        .file("cjk.ttf", cjk_font())
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains("catalogue entry `wall-sit` has a character the sheet's fonts cannot print: '王' (U+738B)");
    test.run();
    let test = Test::new()
        .file("clinic.toml", &catalogue)
        .file("plan.toml", &plan)
        .file("cjk.ttf", cjk_font())
        .args(&[
            "--catalogue",
            "clinic.toml",
            "build",
            "--font",
            "cjk.ttf",
            "plan.toml",
            "-o",
            "sheet.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote sheet.pdf");
    test.run();
    assert!(Pdf::open(&test.path("sheet.pdf")).text().contains("王小明"));
}

/// A clinic font with CFF outlines (an `.otf`, as Noto Sans CJK ships):
/// the name prints in it, embedded as a subset CFF font program, and
/// extracts as typed.
#[test]
fn a_cff_clinic_font_prints_a_cjk_name() {
    let otf = std::fs::read(repo("tests/fixtures/fonts/noto-sans-jp-subset.otf"))
        .expect("the CFF fixture");
    let (_test, pdf) = sheet_for("山田花子", &["--font", "jp.otf"], &[("jp.otf", otf)]);
    assert_eq!(first_line(&pdf), "山田花子");
    assert!(pdf.text().contains("Home exercises for 山田花子"));
    let font = pdf
        .fonts()
        .into_iter()
        .find(|f| f.family() == "NotoSansJP-Regular")
        .expect("the clinic font is embedded");
    assert!(font.embedded && font.subset() && font.unicode, "{font:?}");
    // One glyph run per character, in the clinic font, in the header.
    assert_eq!(header_glyphs(&pdf, "NotoSansJP-Regular").len(), 4);
}

/// The CFF fixture with one glyph's outline program broken (a reserved
/// operator): the font still reads, but cannot be cut down to a subset.
fn broken_cff_font() -> Vec<u8> {
    let mut otf = std::fs::read(repo("tests/fixtures/fonts/noto-sans-jp-subset.otf"))
        .expect("the CFF fixture");
    // The first bytes of glyph 1's charstring (read with fontTools).
    let start = [0xfa, 0x4c, 0xf8, 0x1d, 0x15, 0xfc, 0x30, 0xed];
    let at = otf
        .windows(start.len())
        .position(|w| w == start)
        .expect("glyph 1's charstring");
    otf[at..at + 2].copy_from_slice(&[0x0c, 0x26]);
    otf
}

/// A clinic CFF font whose outlines cannot be subset is an error and no
/// sheet, never the whole font embedded (its CIDs need not be its glyph
/// ids, so the name could print with other glyphs); in a batch only the
/// patient who needs it fails.
#[test]
fn a_cff_font_that_cannot_be_cut_down_writes_no_sheet() {
    let test = Test::new()
        .file(
            "plan.toml",
            plan_with("name = \"José Müller-Łukasz\"", "name = \"山田花子\""),
        )
        .file("jp.otf", broken_cff_font())
        .args(&["build", "plan.toml", "-o", "sheet.pdf", "--font", "jp.otf"])
        .status(2)
        .stderr(
            "rx: error: cannot write sheet.pdf: the font NotoSansJP-Regular cannot be embedded (its outlines could not be cut down to the characters used); use another version of the font (a .ttf)\n",
        );
    test.run();
    assert!(!test.path("sheet.pdf").exists());

    let csv = "patient_id,patient_name,prescriber,issued,review,exercise\n\
               P1,Ann Lee,Dana Reyes,2026-11-22,2026-12-06,bridge\n\
               P2,山田花子,Dana Reyes,2026-11-22,2026-12-06,bridge\n";
    let test = Test::new()
        .file("plans.csv", csv)
        .file("jp.otf", broken_cff_font())
        .args(&["build", "plans.csv", "-o", "out", "--font", "jp.otf"])
        .status(2)
        .stdout_starts_with("built 1 of 2 patients, skipped 0, 1 not written")
        .stderr_contains("the font NotoSansJP-Regular cannot be embedded")
        .stderr_contains("cannot write out/P2");
    test.run();
    let built: Vec<String> = std::fs::read_dir(test.path("out"))
        .expect("the output folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert_eq!(built.len(), 1, "{built:?}");
}

/// The phone number's characters on each baseline that shows one, page by
/// page, read left to right as drawn: "+15550142" when the number reads in
/// order, whatever script the words beside it are in.
fn phone_digits_by_line(pdf: &Pdf) -> Vec<String> {
    (1..=pdf.pages())
        .flat_map(|page| phone_digits_on(pdf, page))
        .collect()
}

fn phone_digits_on(pdf: &Pdf, page: usize) -> Vec<String> {
    let runs = pdf.runs(page);
    let mut baselines: Vec<f32> = runs
        .iter()
        .filter(|r| r.text.contains("0142"))
        .map(|r| r.y)
        .collect();
    baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    baselines
        .iter()
        .map(|&y| {
            let on_line = |r: &&Run| (r.y - y).abs() < 0.5;
            // Up to the number's end: the header's right half (the dates)
            // shares the baseline.
            let end = runs
                .iter()
                .filter(|r| on_line(r) && r.text.contains("0142"))
                .map(|r| r.x + r.width)
                .fold(f32::MIN, f32::max);
            let mut line: Vec<&Run> = runs.iter().filter(|r| on_line(r) && r.x < end).collect();
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            line.iter()
                .flat_map(|r| r.text.chars())
                .filter(|&c| c == '+' || c.is_ascii_digit())
                .collect()
        })
        .collect()
}

/// A Hebrew, Arabic or mixed prescriber and clinic name beside the phone
/// number leaves its digits in order, in the header's clinic column and
/// the "Questions? Call" line: each value is ordered on its own.
#[test]
fn a_right_to_left_name_keeps_the_phone_number_in_order() {
    for name in ["שרה כהן", "محمد الأحمد", "Sarah שרה Cohen"] {
        let plan = plan_with(
            "name = \"Dana Reyes, PT, DPT\"\nclinic = \"Riverside Physical Therapy\"",
            &format!("name = \"{name}\"\nclinic = \"{name}\"\nphone = \"+1 555 0142\""),
        )
        // No patient id: its digits would share the prescriber's baseline.
        .replace("id = \"MRN-004211\"\n", "");
        let test = Test::new()
            .file(
                "rx.toml",
                "[clinic]\nemail = \"front.desk@riverside.example\"\n",
            )
            .file("plan.toml", plan)
            .args(&[
                "build",
                "--config",
                "rx.toml",
                "plan.toml",
                "-o",
                "sheet.pdf",
            ])
            .status(0)
            .stdout_starts_with("wrote sheet.pdf");
        test.run();
        let pdf = Pdf::open(&test.path("sheet.pdf"));
        let text = pdf.text();
        // The clinic in the header and the contact line each show the
        // number, once.
        assert_eq!(
            phone_digits_by_line(&pdf),
            ["+15550142"; 2],
            "{name}: {text}"
        );
        let flat = crate::pdf::flat(&text);
        assert!(flat.contains("Phone +1 555 0142"), "{name}: {text}");
        assert!(flat.contains("at +1 555 0142, or e-mail"), "{name}: {text}");
        // The marks that order each value are never drawn.
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{name}: {text}");
    }
}

/// A name whose letters carry stacked marks (a damma, a fatha and a
/// shadda) prints every glyph shaping gave it, each with its text: the
/// one glyph of the fatha and shadda was once drawn as `.notdef`, a box in
/// the patient's name.
#[test]
fn a_name_with_stacked_arabic_marks_prints_every_glyph_it_was_shaped_into() {
    // In canonical order (fatha before shadda), as rx reads it.
    let name = "م\u{64F}ح\u{64E}م\u{64E}\u{651}د";
    let (_test, pdf) = sheet_for(name, &[], &[]);
    let glyphs = header_glyphs(&pdf, "NotoSansArabic-Bold");
    let shaped = rx::fonts::Fonts::load().shape(rx::fonts::Face::ArabicBold, name);
    assert_eq!(glyphs.len(), shaped.glyphs.len(), "{glyphs:?}");
    assert!(
        glyphs.iter().all(|r| r.codes.iter().all(|&c| c != 0)),
        "a .notdef drawn: {glyphs:?}"
    );
    // Every letter and mark comes back in the text (readers place
    // raised marks on lines of their own, so not in order).
    let text = pdf.page_text(1);
    for c in name.chars() {
        assert!(text.contains(c), "{c:?} in {text:?}");
    }
}

/// In a batch, a name spelt with the letters of an earlier sheet's name in
/// another order still prints: each sheet draws the glyphs its own runs
/// were shaped into, whatever face a thread remembers from the last sheet
/// (the same letters once drew the next name as `.notdef`, an empty
/// header on most sheets of the batch).
#[test]
fn a_batch_prints_each_name_whose_letters_an_earlier_sheet_used() {
    let names = ["שרה", "הרש", "רשה"];
    let mut rows = vec![CSV_HEADER.to_owned()];
    for i in 0..18 {
        rows.push(csv_row(&format!("P{i:02}"), names[i % 3], "bridge", ""));
    }
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout_starts_with("built 18 of 18 patients");
    test.run();
    let built = sheets(&test.path("out"));
    assert_eq!(built.len(), 18);
    for (file, bytes) in built {
        let i: usize = file[1..3].parse().expect("P and two digits");
        let pdf = Pdf::parse(&bytes).expect("a sheet");
        let title = format!("Home exercises for {}", names[i % 3]);
        assert!(pdf.text().contains(&title), "{file}: {}", pdf.text());
    }
}
