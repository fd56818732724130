//! The same PDFs through an independent second reader: poppler-utils
//! (`pdftotext`, `pdfinfo`, `pdffonts`, `pdfimages`) and `qpdf`.
//!
//! Ignored by default, so `cargo test` needs nothing but Rust; `.ci/run`
//! installs the tools and runs this group explicitly:
//! `cargo test --test integration pdf_tools -- --ignored`.
//!
//! Each test builds a document, passes it through `qpdf --check`, and checks
//! that poppler reads what `pdf::Pdf` reads (`agree`): pages and their
//! sizes, fonts, pictures and the same words. A few facts are also pinned
//! as poppler prints them.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::figures::{CLINIC, clinic_with_image, png};
use crate::pdf::{Pdf, flat};
use crate::support::{PLAN, Test, plan_with, repo};

/// Run a PDF tool on `path` (then `after`) and return its stdout; the tool
/// must succeed.
fn tool(program: &str, args: &[&str], path: &Path, after: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(path)
        .args(after)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} must be installed (apt-get install poppler-utils qpdf): {e}")
        });
    assert!(
        out.status.success(),
        "{program} {args:?} {}: {}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The rows of a poppler table (after its two header lines), split on
/// whitespace.
fn rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// Every word with its count.
fn words(text: &str) -> BTreeMap<&str, usize> {
    let mut out = BTreeMap::new();
    for word in text.split_whitespace() {
        *out.entry(word).or_insert(0) += 1;
    }
    out
}

/// `text` as pdftotext gives it: a line that ends in a hyphen (a long link
/// broken at one of its own hyphens) runs on into the next, the hyphen
/// dropped.
fn dehyphenated(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim_end();
        match line.strip_suffix('-') {
            Some(start) if lines.peek().is_some_and(|l| !l.trim().is_empty()) => {
                out.push_str(start);
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// `qpdf --check` passes, and poppler sees what `Pdf` sees: the page count
/// and every page's size, each font's name and whether it is embedded,
/// subset and mapped to Unicode, every picture, and the same words the same
/// number of times (the order of side-by-side blocks may differ).
fn agree(path: &Path) -> Pdf {
    let check = tool("qpdf", &["--check"], path, &[]);
    assert!(
        check.contains("No syntax or stream encoding errors found"),
        "{check}"
    );
    let pdf = Pdf::open(path);

    let info = tool("pdfinfo", &[], path, &[]);
    assert!(
        info.contains(&format!("\nPages:           {}\n", pdf.pages())),
        "{info}"
    );
    let last = pdf.pages().to_string();
    let sizes = flat(&tool("pdfinfo", &["-f", "1", "-l", &last], path, &[]));
    for page in 1..=pdf.pages() {
        let (w, h) = pdf.page_size(page);
        let line = format!("Page {page} size: {} x {} pts", round(w), round(h));
        assert!(sizes.contains(&line), "{line:?} not in\n{sizes}");
    }

    let fonts = tool("pdffonts", &[], path, &[]);
    let poppler: Vec<(String, [bool; 3])> = rows(&fonts)
        .into_iter()
        .map(|cols| {
            // name ... emb sub uni object-number generation
            let n = cols.len();
            let yes = |i: usize| cols[n - 5 + i] == "yes";
            (cols[0].clone(), [yes(0), yes(1), yes(2)])
        })
        .collect();
    let mut poppler = poppler;
    poppler.sort();
    poppler.dedup();
    let ours: Vec<(String, [bool; 3])> = pdf
        .fonts()
        .into_iter()
        .map(|f| {
            let flags = [f.embedded, f.subset(), f.unicode];
            (f.name, flags)
        })
        .collect();
    assert_eq!(poppler, ours, "pdffonts:\n{fonts}");

    let list = tool("pdfimages", &["-list"], path, &[]);
    let poppler: Vec<(usize, i64, i64, String, i64, bool)> = rows(&list)
        .into_iter()
        .filter(|cols| cols[2] == "image")
        .map(|cols| {
            let int = |i: usize| cols[i].parse::<i64>().expect("a number");
            // page num type width height color comp bpc enc ...
            let page = cols[0].parse().expect("a page number");
            (
                page,
                int(3),
                int(4),
                cols[5].clone(),
                int(7),
                cols[8] == "jpeg",
            )
        })
        .collect();
    let ours: Vec<(usize, i64, i64, String, i64, bool)> = pdf
        .images()
        .into_iter()
        .map(|i| {
            let color = match i.color.as_str() {
                "DeviceGray" => "gray",
                "DeviceRGB" => "rgb",
                other => other,
            };
            let jpeg = i.filter.as_deref() == Some("DCTDecode");
            (i.page, i.width, i.height, color.to_owned(), i.bits, jpeg)
        })
        .collect();
    assert_eq!(poppler, ours, "pdfimages -list:\n{list}");
    let masks = rows(&list).iter().filter(|c| c[2] == "smask").count();
    assert_eq!(masks, pdf.images().iter().filter(|i| i.mask).count());

    let poppler_text = tool("pdftotext", &["-enc", "UTF-8"], path, &["-"]);
    let ours_text = dehyphenated(&pdf.text());
    let (a, b) = (words(&poppler_text), words(&ours_text));
    if a != b {
        let only = |x: &BTreeMap<&str, usize>, y: &BTreeMap<&str, usize>| -> Vec<String> {
            x.iter()
                .filter(|(w, n)| y.get(*w) != Some(n))
                .map(|(w, n)| format!("{w} x{n}"))
                .collect()
        };
        panic!(
            "the readers disagree on the words of {}:\npdftotext only: {:?}\npdf.rs only: {:?}",
            path.display(),
            only(&a, &b),
            only(&b, &a)
        );
    }
    pdf
}

/// A page dimension as pdfinfo prints it: up to two decimals.
fn round(v: f32) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// `pdftotext -layout` of the file, whitespace runs as single spaces.
fn pdftotext(path: &Path) -> String {
    flat(&tool(
        "pdftotext",
        &["-layout", "-enc", "UTF-8"],
        path,
        &["-"],
    ))
}

#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn example_sheet_through_poppler_and_qpdf() {
    let test = Test::new()
        .args(&[
            "build",
            repo("examples/plan.toml").to_str().expect("a UTF-8 path"),
            "-o",
            "sheet.pdf",
        ])
        .status(0)
        .stdout("wrote sheet.pdf: 3 pages, 6 exercises\n")
        .stderr_starts_with("warning[RX0203]: cat-stretch: 12 reps");
    test.run();
    let pdf = test.path("sheet.pdf");
    agree(&pdf);
    let info = tool("pdfinfo", &[], &pdf, &[]);
    for line in [
        "Title:           Home exercise program – José Müller-Łukasz",
        "Author:          Dana Reyes, PT, DPT",
        "CreationDate:    Sun Nov 22 00:00:00 2026 UTC",
        "Page size:       612 x 792 pts (letter)",
        "Pages:           3",
    ] {
        assert!(info.contains(line), "{line:?} not in\n{info}");
    }
    let text = pdftotext(&pdf);
    for needle in [
        "José Müller-Łukasz",
        "Do these exercises from Sunday 22 November 2026 until your review on Sunday 6 December 2026.",
        // Knee to chest as relieve gives it: no hold.
        "6 times on each side · once a day",
        "Squeeze your glutes at the top.",
        "Page 3 of 3",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn fallback_font_through_poppler() {
    let plan = plan_with("name = \"José Müller-Łukasz\"", "name = \"Жанна Müller\"");
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let pdf = test.path("plan.pdf");
    agree(&pdf);
    let fonts = tool("pdffonts", &[], &pdf, &[]);
    for face in [
        "+AtkinsonHyperlegible-Regular",
        "+AtkinsonHyperlegible-Bold",
        "+DejaVuSans",
    ] {
        assert!(fonts.contains(face), "{face} not in\n{fonts}");
    }
    for row in rows(&fonts) {
        let n = row.len();
        assert_eq!(row[n - 5..n - 2], ["yes", "yes", "yes"], "{row:?}");
    }
    assert!(pdftotext(&pdf).contains("Жанна Müller"));
}

#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn a4_large_print_through_poppler() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "--paper", "a4", "--large-print"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ");
    test.run();
    let pdf = test.path("plan.pdf");
    agree(&pdf);
    let info = tool("pdfinfo", &[], &pdf, &[]);
    assert!(
        info.contains("Page size:       595.28 x 841.89 pts (A4)"),
        "{info}"
    );
}

#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn long_plan_through_poppler() {
    let mut plan = PLAN.to_owned();
    plan.truncate(plan.find("[[exercise]]").expect("exercises"));
    // Twenty different exercises at their recommended doses (one listed
    // twice would add up its day's total).
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let ids: Vec<&str> = catalogue.entries().iter().map(|e| e.id.as_str()).collect();
    assert!(ids.len() >= 20, "{} built-in exercises", ids.len());
    for id in &ids[..20] {
        plan.push_str(&format!("[[exercise]]\nname = \"{id}\"\n\n"));
    }
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout_ends_with(" pages, 20 exercises\n")
        .stderr_contains("warning[RX0402]: the plan has 20 exercises");
    test.run();
    let pdf = agree(&test.path("plan.pdf"));
    assert!(pdf.pages() >= 8, "{} pages", pdf.pages());
}

#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn booklet_through_poppler() {
    let test = Test::new()
        .file("clinic.toml", CLINIC)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "catalogue",
            "--format",
            "pdf",
            "-o",
            "catalogue.pdf",
        ])
        .status(0)
        .stdout_ends_with(format!(
            " {} exercises\n",
            crate::support::builtin_exercises_with(&["wall-sit"])
        ));
    test.run();
    agree(&test.path("catalogue.pdf"));
    assert!(pdftotext(&test.path("catalogue.pdf")).contains("Limits: Wall sit"));
}

#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn clinic_picture_through_poppler() {
    let plan = PLAN
        .replace("name = \"Bridge\"", "name = \"wall sit\"")
        .replace("reps = 10\nhold = 10\n", "");
    let test = Test::new()
        .file(
            "clinic/catalogue.toml",
            clinic_with_image("pictures/wall-sit.png"),
        )
        .file("clinic/pictures/wall-sit.png", png(120, 90))
        .file("plan.toml", &plan)
        .args(&[
            "--catalogue",
            "clinic/catalogue.toml",
            "build",
            "plan.toml",
            "-o",
            "plan.pdf",
        ])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let pdf = test.path("plan.pdf");
    agree(&pdf);
    let list = tool("pdfimages", &["-list"], &pdf, &[]);
    let rows = rows(&list);
    assert_eq!(rows.len(), 1, "{list}");
    // page, num, type, width, height, color
    assert_eq!(
        rows[0][..6],
        ["1", "0", "image", "120", "90", "gray"],
        "{list}"
    );
}

#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn batch_sheet_through_poppler() {
    let csv = "patient_id,patient_name,prescriber,clinic,issued,review,exercise,note\n\
               P1,\"Müller, José\",Dana Reyes PT,Riverside PT,2026-11-22,2026-12-06,bridge,\"Squeeze \"\"hard\"\"\"\n\
               P1,,,,,,knee to chest,\n";
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n");
    test.run();
    let pdf = test.path("out/P1_2026-11-22.pdf");
    agree(&pdf);
    assert!(pdftotext(&pdf).contains("Squeeze \"hard\""));
}

/// Poppler's rendering of a sheet with a video link, read by a QR
/// decoder, gives the link back; the combined PDF of a batch
/// passes qpdf and has every sheet's pages.
#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn video_qr_and_combined_batch_through_poppler() {
    let url = "https://videos.riverside.example/exercises/bridge";
    let test = Test::new()
        .file(
            "plan.toml",
            plan_with("reps = 10\n", &format!("reps = 10\nvideo = \"{url}\"\n")),
        )
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ");
    test.run();
    agree(&test.path("plan.pdf"));
    let prefix = test.path("page");
    tool(
        "pdftoppm",
        &["-png", "-r", "150"],
        &test.path("plan.pdf"),
        &[prefix.to_str().expect("UTF-8 path")],
    );
    let pages = agree(&test.path("plan.pdf")).pages();
    let mut found: Vec<String> = Vec::new();
    for page in 1..=pages {
        let png =
            std::fs::read(test.path(&format!("page-{page}.png"))).expect("pdftoppm wrote the page");
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
        let frame = reader.next_frame(&mut pixels).expect("the page");
        let (w, h) = (frame.width as usize, frame.height as usize);
        let channels = frame.line_size / w;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            pixels[y * frame.line_size + x * channels]
        });
        found.extend(
            image
                .detect_grids()
                .iter()
                .filter_map(|g| g.decode().ok().map(|(_, text)| text)),
        );
    }
    assert_eq!(found, [url]);

    let csv = "patient_id,patient_name,prescriber,issued,review,exercise\n\
               P1,Ann Lee,Dana Reyes,2026-11-22,2026-12-06,bridge\n\
               P2,Bo Chan,Dana Reyes,2026-11-22,2026-12-06,bird dog\n";
    let batch = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out", "--combine", "day.pdf"])
        .status(0)
        .stdout_ends_with(" of 2 sheets\n");
    batch.run();
    let combined = agree(&batch.path("day.pdf"));
    // Each sheet but the last is followed by a blank page where it has an
    // odd number, so the next starts on a right-hand page.
    let sheets: Vec<usize> = ["P1", "P2"]
        .iter()
        .map(|id| agree(&batch.path(&format!("out/{id}_2026-11-22.pdf"))).pages())
        .collect();
    let (last, before) = sheets.split_last().expect("two sheets");
    let padded: usize = before.iter().map(|n| n.next_multiple_of(2)).sum();
    assert_eq!(combined.pages(), padded + last);
    let text = pdftotext(&batch.path("day.pdf"));
    let at = |name: &str| {
        text.find(name)
            .unwrap_or_else(|| panic!("{name} in {text}"))
    };
    assert!(at("Ann Lee") < at("Bo Chan"), "{text}");
}

/// Poppler reads Hebrew, Arabic, mixed and decomposed names as
/// typed (logical order), as `pdf::Pdf` does; the header and title lines
/// carry the name. poppler marks right-to-left stretches with embedding
/// controls (U+202B ... U+202C), which are not text and are dropped here.
///
/// One quirk is poppler's, pinned: its `reorderText` turns round everything
/// from a right-to-left letter up to the next left-to-right letter, so the
/// space between "שרה" and "Cohen" (a gap on the page, not a drawn glyph)
/// is turned round with the Hebrew word: "Sarah  שרהCohen". The letters are
/// in logical order; `pdf::Pdf` (and viewers that resolve spaces by the
/// bidi algorithm) give "Sarah שרה Cohen".
#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn names_in_any_script_extract_as_typed_through_poppler() {
    for (written, typed, poppler) in [
        ("שרה כהן", "שרה כהן", "שרה כהן"),
        ("محمد الأحمد", "محمد الأحمد", "محمد الأحمد"),
        ("Sarah שרה Cohen", "Sarah שרה Cohen", "Sarah  שרהCohen"),
        ("Jose\\u0301 Mu\\u0308ller", "José Müller", "José Müller"),
    ] {
        let test = Test::new()
            .file(
                "plan.toml",
                plan_with(
                    "name = \"José Müller-Łukasz\"",
                    &format!("name = \"{written}\""),
                ),
            )
            .args(&["build", "plan.toml", "-o", "sheet.pdf"])
            .status(0)
            .stdout_starts_with("wrote sheet.pdf");
        test.run();
        let path = test.path("sheet.pdf");
        let check = tool("qpdf", &["--check"], &path, &[]);
        assert!(check.contains("No syntax or stream encoding errors found"));
        // Page 1 has the name in its title; page 2's running header has
        // it as a line of its own.
        let text: String = tool("pdftotext", &["-enc", "UTF-8", "-l", "2"], &path, &["-"])
            .chars()
            .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
            .collect();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        assert!(
            lines.contains(&poppler),
            "{poppler:?} not a line of\n{text}"
        );
        assert!(
            lines.contains(&format!("Home exercises for {poppler}").as_str()),
            "{poppler:?}\n{text}"
        );
        assert!(
            Pdf::open(&path)
                .text()
                .contains(&format!("Home exercises for {typed}"))
        );
    }
}

/// A clinic font with CFF outlines (`.otf`): poppler finds it embedded as a
/// subset CFF program (CID Type 0C), sees what our reader sees, and
/// extracts the name as typed.
#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn a_cff_clinic_font_through_poppler() {
    let otf = std::fs::read(repo("tests/fixtures/fonts/noto-sans-jp-subset.otf"))
        .expect("the CFF fixture");
    let test = Test::new()
        .file(
            "plan.toml",
            plan_with("name = \"José Müller-Łukasz\"", "name = \"山田花子\""),
        )
        .file("jp.otf", otf)
        .args(&["build", "plan.toml", "-o", "sheet.pdf", "--font", "jp.otf"])
        .status(0)
        .stdout_starts_with("wrote sheet.pdf");
    test.run();
    let path = test.path("sheet.pdf");
    agree(&path);
    let fonts = tool("pdffonts", &[], &path, &[]);
    let row = fonts
        .lines()
        .find(|l| l.contains("+NotoSansJP-Regular"))
        .unwrap_or_else(|| panic!("no clinic font in\n{fonts}"));
    assert!(row.contains("CID Type 0C"), "{row}");
    let text = tool("pdftotext", &["-enc", "UTF-8", "-l", "1"], &path, &["-"]);
    assert!(text.contains("Home exercises for 山田花子"), "{text}");
}

/// `pdfinfo -struct-text` on `path`: the outline (roles indented two
/// spaces a level, poppler's "(block)"/"(inline)" notes left out), the
/// text it reads, in its order, without whitespace, and each header
/// cell's `/Scope` attribute in order (poppler prints an element's
/// attributes on lines of their own under "TH:").
fn struct_text(path: &Path) -> (String, String, Vec<String>) {
    let printed = tool("pdfinfo", &["-struct-text"], path, &[]);
    let (mut outline, mut text, mut scopes) = (String::new(), String::new(), Vec::new());
    for line in printed.lines() {
        let content = line.trim_start();
        if let Some(quoted) = content.strip_prefix('"') {
            text.extend(
                quoted
                    .trim_end_matches('"')
                    .chars()
                    .filter(|c| !c.is_whitespace()),
            );
            continue;
        }
        if let Some(attribute) = content.strip_prefix('/') {
            if let Some(scope) = attribute.strip_prefix("Scope /") {
                scopes.push(scope.trim().to_owned());
            }
            continue;
        }
        let indent = line.len() - content.len();
        let role = content.split(" (").next().unwrap_or(content);
        let role = role.trim_end_matches(':');
        outline.push_str(&format!("{}{role}\n", " ".repeat(indent)));
    }
    (outline, text, scopes)
}

/// A screen reader's view through poppler: `pdfinfo -struct-text` gives
/// the outline the test reader finds (derived from it, not pasted), and
/// reads the same text in the same order, title to log, in English and
/// in Spanish.
#[test]
#[ignore = "needs poppler-utils and qpdf"]
fn the_structure_poppler_reads_is_the_outline_and_reading_order_of_the_sheet() {
    for language in ["en", "es"] {
        let test = Test::new()
            .args(&[
                "build",
                repo("examples/plan.toml").to_str().expect("a UTF-8 path"),
                "-o",
                "sheet.pdf",
                "--language",
                language,
            ])
            .status(0)
            .stdout_starts_with("wrote sheet.pdf")
            .stderr_satisfies("any warnings", |_| true);
        test.run();
        let path = test.path("sheet.pdf");
        let pdf = agree(&path);
        let (outline, text, scopes) = struct_text(&path);
        assert_eq!(outline, pdf.tree().outline(), "{language}");
        let our_scopes: Vec<String> = pdf
            .tree()
            .all("TH")
            .iter()
            .map(|cell| cell.scope.clone().unwrap_or_default())
            .collect();
        assert_eq!(scopes, our_scopes, "{language}: the header cells' scopes");
        let ours: String = pdf
            .tree()
            .text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(text, ours, "{language}");
        // Title to log: the title's words come first, the log's last.
        let (title, log) = match language {
            "es" => ("Ejerciciosencasa", "Registrodeejercicios"),
            _ => ("Homeexercises", "Exerciselog"),
        };
        let (title, log) = (text.find(title), text.find(log));
        assert!(title.is_some() && title < log, "{language}: {text}");
    }
}
