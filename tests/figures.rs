//! Exercise figures (issue #7): clinic figures checked with located errors,
//! figures drawn on every sheet, sheets byte-identical across runs.

use std::process::Command;

use crate::support::{PLAN, Test, repo};

/// A clinic exercise that starts lying on the back, and its figure.
const CLINIC: &str = r#"[[exercise]]
id = "wall-sit"
name = "Wall sit"
sources = ["relieve"]
position = "Lying on your back, knees bent"
targets = "Your thighs."
why = "It builds strength."
when = "Every day."
steps = ["Lie on your back with your knees bent."]
cautions = ["Stop if it hurts."]
per_side = { value = false, from = ["relieve"] }

[exercise.limits]
sets = { min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }
reps = { min = 1, max = 5, recommended = 3, default = "no figure in the sources: 1 to 5" }
per_day = { min = 1, max = 2, recommended = 1, default = "no figure in the sources: once" }
per_week = { min = 1, max = 7, default = "no figure in the sources: daily" }

[figure.wall-sit]
arrows = [{ push = "hip", angle = 90, gap = 9, length = 12 }]

[figure.wall-sit.start]
trunk = 180
neck = 7
hips = 40
knees = 90
ankles = -40
shoulders = -5
rest = ["head", "shoulder", "hip", "feet", "hands"]
"#;

/// The first page's content stream, decompressed.
fn first_page(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let page = *doc.get_pages().get(&1).expect("a first page");
    String::from_utf8_lossy(&doc.get_page_content(page)).into_owned()
}

/// Round-capped strokes at least `min` points wide: figure limbs, not
/// rules or ticks.
fn thick_strokes(content: &str, min: f32) -> usize {
    let mut width = 0.0;
    let mut count = 0;
    for line in content.lines() {
        if let Some(w) = line.strip_suffix(" w") {
            width = w.parse().unwrap_or(0.0);
        }
        if line == "S" && width >= min {
            count += 1;
        }
    }
    count
}

#[test]
fn a_clinic_figure_is_checked_and_drawn() {
    let plan = PLAN
        .replace("name = \"Bridge\"", "name = \"wall sit\"")
        .replace("reps = 10\nhold = 10\n", "");
    let test = Test::new()
        .file("clinic.toml", CLINIC)
        .file("plan.toml", &plan)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "build",
            "plan.toml",
            "-o",
            "plan.pdf",
        ]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pdf = std::fs::read(test.path("plan.pdf")).expect("the sheet");
    assert!(thick_strokes(&first_page(&pdf), 3.0) > 0);
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
    let strokes: usize = doc
        .get_pages()
        .values()
        .map(|&p| thick_strokes(&String::from_utf8_lossy(&doc.get_page_content(p)), 3.0))
        .sum();
    // Two figures (the clinic's and knee-to-chest) of ten limbs or more.
    assert!(strokes >= 20, "{strokes} thick strokes");
}

#[test]
fn a_joint_out_of_human_range_is_a_located_error() {
    let bad = CLINIC.replace("knees = 90", "knees = [90, 170]");
    let out = Test::new()
        .file("clinic.toml", bad)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error[RX0501]: figure `wall-sit`: `start`: a far knee bend of 170° is outside the human range (0° to 150°)\n  \
         --> clinic.toml:26:14\n   |\n26 | knees = [90, 170]\n   |              ^^^\n\n"
    );
}

#[test]
fn a_floating_part_and_an_unknown_joint_are_located() {
    let bad = CLINIC.replace("neck = 7", "neck = 40");
    let out = Test::new()
        .file("clinic.toml", bad)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .run();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "error[RX0501]: figure `wall-sit`: `start`: `head` should rest on the floor but is 7.2 units above it\n  --> clinic.toml:29:9\n"
        ),
        "{}",
        out.stderr
    );
    // The arrow is read only once the body is drawn; alone, it is reported.
    let bad = CLINIC.replace("push = \"hip\"", "push = \"hips\"");
    let out = Test::new()
        .file("clinic.toml", bad)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .run();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("unknown joint `hips`") && out.stderr.contains("clinic.toml:20:20"),
        "{}",
        out.stderr
    );
}

#[test]
fn every_builtin_figure_builds_on_both_papers_and_in_large_print() {
    let mut plan = String::from(
        "[patient]\nname = \"A\"\n[prescriber]\nname = \"B\"\n[plan]\nissued = 2026-11-22\nweeks = 1\n",
    );
    let ids = Test::new().args(&["catalogue", "--format", "json"]).run();
    let json: serde_json::Value = serde_json::from_str(&ids.stdout).expect("JSON");
    let ids: Vec<&str> = json
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 15);
    for id in &ids {
        plan.push_str(&format!("\n[[exercise]]\nname = \"{id}\"\n"));
    }
    for extra in [&[][..], &["--paper", "a4", "--large-print"][..]] {
        let mut args = vec!["build", "all.toml", "-o", "all.pdf"];
        args.extend_from_slice(extra);
        let test = Test::new().file("all.toml", &plan).args(&args);
        let out = test.run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        let pdf = std::fs::read(test.path("all.pdf")).expect("the sheet");
        let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
        let strokes: usize = doc
            .get_pages()
            .values()
            .map(|&p| thick_strokes(&String::from_utf8_lossy(&doc.get_page_content(p)), 3.0))
            .sum();
        assert!(strokes >= 15 * 10, "{extra:?}: {strokes} thick strokes");
    }
}

#[test]
fn sheets_with_figures_are_byte_identical_across_runs() {
    let example = repo("examples/plan.toml");
    let mut sheets = Vec::new();
    for _ in 0..2 {
        let test = Test::new().args(&["build", example.to_str().unwrap(), "-o", "sheet.pdf"]);
        let out = test.run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        sheets.push(std::fs::read(test.path("sheet.pdf")).expect("the sheet"));
    }
    assert!(sheets[0] == sheets[1], "two runs gave different bytes");
    // And the file is a sound PDF.
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("sheet.pdf");
    std::fs::write(&path, &sheets[0]).expect("writable");
    let status = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is installed");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}

fn pdftotext(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", path.to_str().expect("a UTF-8 path"), "-"])
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_booklet_lists_every_entry_with_its_dose_limits_and_sources() {
    let test = Test::new().file("clinic.toml", CLINIC).args(&[
        "--catalogue",
        "clinic.toml",
        "catalogue",
        "--format",
        "pdf",
        "-o",
        "catalogue.pdf",
    ]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("wrote catalogue.pdf: "),
        "{}",
        out.stdout
    );
    assert!(out.stdout.ends_with(" 16 exercises\n"), "{}", out.stdout);
    let text = pdftotext(&test.path("catalogue.pdf"));
    let json = Test::new()
        .file("clinic.toml", CLINIC)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "catalogue",
            "--format",
            "json",
        ])
        .run();
    let entries: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let entries = entries.as_array().expect("entries");
    assert_eq!(entries.len(), 16);
    // pdftotext breaks lines where the layout did; compare word by word.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for entry in entries {
        for key in ["name", "id"] {
            let value = entry[key].as_str().expect("a string");
            assert!(words.contains(value), "{value} not in the booklet");
        }
        for alias in entry["aliases"].as_array().expect("aliases") {
            let alias = alias.as_str().expect("a string");
            assert!(words.contains(alias), "alias {alias} not in the booklet");
        }
    }
    for needle in [
        "Recommended dose: 1 set of 10 · hold 10 seconds · once a day",
        "Reps: 8–12 (recommended 10), from \"Stretches to Relieve Lower Back Pain\"",
        "Sets: 1–3 (recommended 1), no figure in the sources: 1 to 3",
        "Limits: Wall sit",
    ] {
        assert!(words.contains(needle), "{needle:?} not in the booklet");
    }
    // A dose breaks only between its parts (the last part is how often).
    for line in text.lines().filter(|l| l.contains("Recommended dose:")) {
        let line = line.trim_end();
        assert!(
            line.ends_with(" ·") || line.ends_with("day") || line.ends_with("week"),
            "a dose broken inside a part: {line:?}"
        );
    }
    // The same catalogue gives the same booklet.
    let again = test.run();
    assert_eq!(again.code, 0);
    let first = std::fs::read(test.path("catalogue.pdf")).expect("the booklet");
    let second = test.run();
    assert_eq!(second.code, 0);
    assert!(first == std::fs::read(test.path("catalogue.pdf")).expect("the booklet"));
}

#[test]
fn the_booklet_is_for_the_whole_catalogue() {
    let out = Test::new()
        .args(&["catalogue", "bridge", "--format", "pdf"])
        .run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("leave out the exercise"),
        "{}",
        out.stderr
    );
}

/// A PNG of `width` x `height` grey pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("a PNG header");
        let pixels: Vec<u8> = (0..width * height).map(|i| (i % 251) as u8).collect();
        writer.write_image_data(&pixels).expect("PNG pixels");
    }
    out
}

/// `CLINIC` with a picture instead of a drawn figure.
fn clinic_with_image(file: &str) -> String {
    let without = &CLINIC[..CLINIC.find("[figure.wall-sit]").expect("the figure")];
    without.replace(
        "per_side = ",
        &format!("figure_image = \"{file}\"\nper_side = "),
    )
}

#[test]
fn a_clinic_png_figure_appears_on_the_sheet() {
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
        ]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let list = Command::new("pdfimages")
        .arg("-list")
        .arg(test.path("plan.pdf"))
        .output()
        .expect("pdfimages is installed (poppler-utils)");
    let list = String::from_utf8_lossy(&list.stdout);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{list}");
    let cells: Vec<&str> = rows[0].split_whitespace().collect();
    // page, num, type, width, height, color
    assert_eq!(
        &cells[..6],
        ["1", "0", "image", "120", "90", "gray"],
        "{list}"
    );
    // The same files give the same sheet.
    let first = std::fs::read(test.path("plan.pdf")).expect("the sheet");
    assert_eq!(test.run().code, 0);
    assert!(first == std::fs::read(test.path("plan.pdf")).expect("the sheet"));
}

#[test]
fn a_bad_clinic_picture_is_a_located_error() {
    let run = |file: &str, contents: Option<Vec<u8>>| {
        let mut test = Test::new().file("clinic.toml", clinic_with_image(file));
        if let Some(contents) = contents {
            test = test.file(file, contents);
        }
        test.args(&["--catalogue", "clinic.toml", "catalogue"])
            .run()
    };
    let out = run("missing.png", None);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "error[RX0501]: figure image `missing.png` does not exist (looked for missing.png)\n  \
         --> clinic.toml:11:16\n   |\n11 | figure_image = \"missing.png\"\n   |                ^^^^^^^^^^^^^\n\n"
    );
    let out = run("notes.png", Some(b"just some text".to_vec()));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "figure image `notes.png` is not a PNG or JPEG file\n  --> clinic.toml:11:16"
        ),
        "{}",
        out.stderr
    );
    let out = run("huge.png", Some(png(5000, 2)));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "figure image `huge.png` is 5000 x 2 pixels; a picture may be at most 4096 x 4096"
        ),
        "{}",
        out.stderr
    );
    let mut cut = png(40, 40);
    cut.truncate(cut.len() - 30);
    let out = run("cut.png", Some(cut));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("figure image `cut.png` is not a readable PNG"),
        "{}",
        out.stderr
    );
    let out = run("big.png", Some(vec![0; 5 * 1024 * 1024 + 1]));
    assert!(
        out.stderr
            .contains("figure image `big.png` is 5.0 MB; a picture may be at most 5 MB"),
        "{}",
        out.stderr
    );
}
