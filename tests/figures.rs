//! Exercise figures: clinic figures checked with located errors,
//! figures drawn on every sheet, sheets byte-identical across runs.

use crate::pdf::{Image, Pdf, flat};
use crate::support::{
    PLAN, Test, builtin_entry, builtin_exercises, builtin_exercises_with, pinned, repo,
};

/// A clinic exercise that starts lying on the back, and its figure.
pub const CLINIC: &str = r#"[[exercise]]
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
figure_alt = "Drawing: lying on your back, knees bent, then the hips lifted"

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
        ])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    assert!(thick_strokes(&pdf.content(1), 3.0) > 0);
    let strokes: usize = (1..=pdf.pages())
        .map(|p| thick_strokes(&pdf.content(p), 3.0))
        .sum();
    // Two figures (the clinic's and knee-to-chest) of ten limbs or more.
    assert!(strokes >= 20, "{strokes} thick strokes");
}

#[test]
fn a_joint_out_of_human_range_is_a_located_error() {
    let bad = CLINIC.replace("knees = 90", "knees = [90, 170]");
    Test::new()
        .file("clinic.toml", bad)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stdout("")
        .stderr(
            "error[RX0501]: figure `wall-sit`: `start`: a far knee bend of 170° is outside the human range (0° to 150°)\n  \
             --> clinic.toml:27:14\n   |\n27 | knees = [90, 170]\n   |              ^^^\n\n",
        )
        .run();
}

#[test]
fn a_floating_part_and_an_unknown_joint_are_located() {
    let bad = CLINIC.replace("neck = 7", "neck = 40");
    Test::new()
        .file("clinic.toml", bad)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stderr_contains(
            "error[RX0501]: figure `wall-sit`: `start`: `head` should rest on the floor but is 7.6 units above it\n  --> clinic.toml:30:9\n",
        )
        .run();
    // The arrow is read only once the body is drawn; alone, it is reported.
    let bad = CLINIC.replace("push = \"hip\"", "push = \"hips\"");
    Test::new()
        .file("clinic.toml", bad)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stderr_contains("unknown joint `hips`")
        .stderr_contains("clinic.toml:21:20")
        .run();
}

#[test]
fn every_builtin_figure_builds_on_both_papers_and_in_large_print() {
    let plan = String::from(
        "[patient]\nname = \"A\"\n[prescriber]\nname = \"B\"\n[plan]\nissued = 2026-11-22\nweeks = 1\n",
    );
    let ids = Test::new()
        .args(&["catalogue", "--format", "json"])
        .status(0)
        .stdout_satisfies("is valid JSON", |s| {
            serde_json::from_str::<serde_json::Value>(s).is_ok()
        })
        .run();
    let json: serde_json::Value = serde_json::from_str(&ids.stdout).expect("JSON");
    let ids: Vec<&str> = json["exercises"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids.len(), builtin_exercises());
    // At most 15 to a sheet: more is a long session, warned of (RX0402).
    for chunk in ids.chunks(15) {
        let mut plan = plan.clone();
        for id in chunk {
            plan.push_str(&format!("\n[[exercise]]\nname = \"{id}\"\n"));
        }
        every_figure_builds(&plan, chunk.len());
    }
}

/// The bridge's strokes in a 140 x 105 pt box, pinned in
/// `tests/pinned/bridge-figure.txt`. A change here is a change to every
/// printed bridge: look at a sheet before blessing it (`RX_BLESS=1`).
#[test]
fn bridge_geometry_is_pinned() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let bridge = catalogue.find("bridge").expect("bridge");
    let figure = bridge.figure.as_ref().expect("a figure");
    let page = rx::document::Document {
        width: 612.0,
        height: 792.0,
        title: "figures".to_owned(),
        author: "rx".to_owned(),
        created: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
        language: "en".to_owned(),
        pdfa: false,
        pages: vec![rx::document::Page {
            items: rx::figure::draw::items(figure, 0.0, 0.0, 140.0, 105.0),
        }],
    };
    pinned("tests/pinned/bridge-figure.txt", &page.dump());
}

/// `plan`, of `count` exercises, built on both papers and in large print:
/// each figure drawn.
fn every_figure_builds(plan: &str, count: usize) {
    for extra in [&[][..], &["--paper", "a4", "--large-print"][..]] {
        let mut args = vec!["build", "all.toml", "-o", "all.pdf"];
        args.extend_from_slice(extra);
        let test = Test::new()
            .file("all.toml", plan)
            .args(&args)
            .status(0)
            // Fifteen exercises at their sources' doses may take longer a
            // day than the clinic default: that warning alone is expected.
            .stderr_satisfies("no warning but the minutes a day", |s| {
                s.is_empty()
                    || (s.starts_with("warning[RX0406]") && s.matches("warning[").count() == 1)
            })
            .stdout_satisfies("wrote all.pdf with every exercise", move |s| {
                s.starts_with("wrote all.pdf: ")
                    && s.ends_with(&format!(
                        " pages, {count} {}\n",
                        if count == 1 { "exercise" } else { "exercises" }
                    ))
            });
        test.run();
        let pdf = Pdf::open(&test.path("all.pdf"));
        let strokes: usize = (1..=pdf.pages())
            .map(|p| thick_strokes(&pdf.content(p), 3.0))
            .sum();
        assert!(strokes >= count * 10, "{extra:?}: {strokes} thick strokes");
    }
}

#[test]
fn sheets_with_figures_are_byte_identical_across_runs() {
    let example = repo("examples/plan.toml");
    let mut sheets = Vec::new();
    for _ in 0..2 {
        let test = Test::new()
            .args(&[
                "build",
                example.to_str().expect("a UTF-8 path"),
                "-o",
                "sheet.pdf",
            ])
            .status(0)
            .stdout("wrote sheet.pdf: 3 pages, 6 exercises\n")
            .stderr_starts_with("warning[RX0203]: cat-stretch: 12 reps");
        test.run();
        sheets.push(std::fs::read(test.path("sheet.pdf")).expect("the sheet"));
    }
    assert!(sheets[0] == sheets[1], "two runs gave different bytes");
    // And the file is a sound PDF.
    Pdf::parse(&sheets[0]).expect("a sound PDF");
}

#[test]
fn the_booklet_lists_every_entry_with_its_dose_limits_and_sources() {
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
        .stdout_starts_with("wrote catalogue.pdf: ")
        .stdout_ends_with(format!(
            " {} exercises\n",
            builtin_exercises_with(&["wall-sit"])
        ));
    test.run();
    let text = Pdf::open(&test.path("catalogue.pdf")).text();
    let json = Test::new()
        .file("clinic.toml", CLINIC)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "catalogue",
            "--format",
            "json",
        ])
        .status(0)
        .stdout_satisfies("is valid JSON", |s| {
            serde_json::from_str::<serde_json::Value>(s).is_ok()
        })
        .run();
    let entries: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let entries = entries["exercises"].as_array().expect("entries");
    assert_eq!(entries.len(), builtin_exercises_with(&["wall-sit"]));
    // The text breaks lines where the layout did; compare word by word.
    let words = flat(&text);
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
    // The bridge's reps line, as the booklet words a limit from sources.
    let limit = &builtin_entry("bridge").limits.reps;
    let rx::catalogue::Origin::From(from) = &limit.origin else {
        panic!("the bridge's reps come from its sources")
    };
    let reps = format!(
        "Reps: {} (recommended {}), from {}.",
        limit.range(),
        limit.recommended.expect("a recommended count"),
        rx::catalogue::join_and(from)
    );
    for needle in [
        "Recommended dose: 10 times · hold 10 seconds · once a day",
        &reps,
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
    // The same catalogue gives the same booklet, written afresh.
    let first = std::fs::read(test.path("catalogue.pdf")).expect("the booklet");
    std::fs::remove_file(test.path("catalogue.pdf")).expect("removed");
    test.run();
    assert!(first == std::fs::read(test.path("catalogue.pdf")).expect("the booklet"));
}

#[test]
fn the_booklet_is_for_the_whole_catalogue() {
    Test::new()
        .args(&["catalogue", "bridge", "--format", "pdf"])
        .status(2)
        .stderr_contains("leave out the exercise")
        .run();
}

/// A PNG of `width` x `height` grey pixels.
pub fn png(width: u32, height: u32) -> Vec<u8> {
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
pub fn clinic_with_image(file: &str) -> String {
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
        ])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    // Drawn once, on the first page, at its own size, in grey.
    assert_eq!(
        Pdf::open(&test.path("plan.pdf")).images(),
        [Image {
            page: 1,
            width: 120,
            height: 90,
            color: "DeviceGray".into(),
            bits: 8,
            filter: Some("FlateDecode".into()),
            mask: false,
            predictor: Some(15),
        }]
    );
    // The same files give the same sheet, written afresh.
    let first = std::fs::read(test.path("plan.pdf")).expect("the sheet");
    std::fs::remove_file(test.path("plan.pdf")).expect("removed");
    test.run();
    assert!(first == std::fs::read(test.path("plan.pdf")).expect("the sheet"));
}

#[test]
fn a_bad_clinic_picture_is_a_located_error() {
    // `rx catalogue` with a clinic catalogue whose picture is `file`.
    let catalogue = |file: &str, contents: Option<Vec<u8>>| {
        let mut test = Test::new().file("clinic.toml", clinic_with_image(file));
        if let Some(contents) = contents {
            test = test.file(file, contents);
        }
        test.args(&["--catalogue", "clinic.toml", "catalogue"])
            .status(1)
    };
    catalogue("missing.png", None)
        .stderr(
            "error[RX0501]: figure image `missing.png` does not exist (looked for missing.png)\n  \
             --> clinic.toml:11:16\n   |\n11 | figure_image = \"missing.png\"\n   |                ^^^^^^^^^^^^^\n\n",
        )
        .run();
    catalogue("notes.png", Some(b"just some text".to_vec()))
        .stderr_contains(
            "figure image `notes.png` is not a PNG or JPEG file\n  --> clinic.toml:11:16",
        )
        .run();
    catalogue("huge.png", Some(png(5000, 2)))
        .stderr_contains(
            "figure image `huge.png` is 5000 x 2 pixels; a picture may be at most 4096 x 4096",
        )
        .run();
    let mut cut = png(40, 40);
    cut.truncate(cut.len() - 30);
    catalogue("cut.png", Some(cut))
        .stderr_contains("figure image `cut.png` is not a readable PNG")
        .run();
    catalogue("big.png", Some(vec![0; 5 * 1024 * 1024 + 1]))
        .stderr_contains("figure image `big.png` is 5.0 MB; a picture may be at most 5 MB")
        .run();
}

/// The clinic fixture: standing, chair and side-lying entries.
fn clinic_fixture() -> String {
    std::fs::read_to_string(repo("tests/fixtures/clinic.toml")).expect("the clinic fixture")
}

/// A clinic's standing (calf raise, wall slide), chair (sit to
/// stand) and side-lying (clam) exercises are checked and drawn on a sheet.
#[test]
fn standing_chair_and_side_lying_clinic_figures_are_drawn() {
    let mut plan = String::from(
        "[patient]\nname = \"A\"\n[prescriber]\nname = \"B\"\n[plan]\nissued = 2026-11-22\nweeks = 1\n",
    );
    for id in [
        "calf-raise",
        "wall-slide",
        "sit-to-stand",
        "side-lying-clam",
    ] {
        plan.push_str(&format!("\n[[exercise]]\nname = \"{id}\"\n"));
    }
    let test = Test::new()
        .file("clinic.toml", clinic_fixture())
        .file("plan.toml", &plan)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "build",
            "plan.toml",
            "-o",
            "plan.pdf",
        ])
        .status(0)
        .stdout_satisfies("wrote plan.pdf with 4 exercises", |s| {
            s.starts_with("wrote plan.pdf: ") && s.ends_with(" pages, 4 exercises\n")
        });
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    let strokes: usize = (1..=pdf.pages())
        .map(|p| thick_strokes(&pdf.content(p), 3.0))
        .sum();
    assert!(strokes >= 4 * 10, "{strokes} thick strokes");
}

/// A wall behind a body lying down is an error at the prop.
#[test]
fn a_prop_that_cannot_serve_the_body_is_located() {
    let bad = CLINIC.replace(
        "[figure.wall-sit]\n",
        "[figure.wall-sit]\nprops = [\"wall\"]\n",
    );
    Test::new()
        .file("clinic.toml", bad)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stderr(
            "error[RX0501]: figure `wall-sit`: a wall stands behind an upright back, but the start position's `trunk` is 180° (45° to 135°)\n  \
             --> clinic.toml:21:10\n   |\n21 | props = [\"wall\"]\n   |          ^^^^^^\n\n",
        )
        .run();
}

/// `rx figure` draws one figure large on one page, its joints
/// labelled with the names arrows use.
#[test]
fn rx_figure_previews_a_figure_with_its_joints_named() {
    let test = Test::new()
        .file("clinic.toml", clinic_fixture())
        .args(&[
            "figure",
            "clinic.toml",
            "--id",
            "wall-slide",
            "-o",
            "preview.pdf",
        ])
        .status(0)
        .stdout("wrote preview.pdf: figure `wall-slide`, no problems\n");
    test.run();
    let pdf = Pdf::open(&test.path("preview.pdf"));
    assert_eq!(pdf.pages(), 1);
    let text = pdf.text();
    for needle in [
        "Figure `wall-slide` from clinic.toml",
        "near_knee",
        "far_ankle",
        "shoulder",
        "No problems: the figure is valid.",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    assert!(thick_strokes(&pdf.content(1), 3.0) >= 10);
    // Without --id: the file's first figure.
    Test::new()
        .file("clinic.toml", clinic_fixture())
        .args(&["figure", "clinic.toml", "-o", "first.pdf"])
        .status(0)
        .stdout("wrote first.pdf: figure `calf-raise`, no problems\n")
        .run();
    // A figure the file does not have is a usage error.
    Test::new()
        .file("clinic.toml", clinic_fixture())
        .args(&["figure", "clinic.toml", "--id", "calf", "-o", "x.pdf"])
        .status(2)
        .stderr(
            "rx: error: clinic.toml has no [figure.calf]; its figures: calf-raise, wall-slide, sit-to-stand, side-lying-clam\n",
        )
        .run();
}

/// `rx figure` on a broken figure still writes the preview, with
/// every problem and where it is, and exits 1.
#[test]
fn rx_figure_lists_every_problem_with_its_place() {
    let bad = clinic_fixture()
        .replace("end = { open = 45 }", "end = { open = 80 }")
        .replace("ankles = 7\n", "ankles = 7\nkneez = 3\n");
    let test = Test::new()
        .file("clinic.toml", bad)
        .args(&[
            "figure",
            "clinic.toml",
            "--id",
            "side-lying-clam",
            "-o",
            "preview.pdf",
        ])
        .status(1)
        .stdout("wrote preview.pdf: figure `side-lying-clam`, 2 problems\n")
        .stderr_contains("unknown key `kneez`")
        .stderr_contains(
            "error[RX0501]: figure `side-lying-clam`: `end`: a knee opening of 80° is outside the human range (0° to 60°)\n   --> clinic.toml:",
        );
    test.run();
    let text = Pdf::open(&test.path("preview.pdf")).text();
    for needle in [
        "Not drawn: fix the problems below",
        "2 problems:",
        "a knee opening of 80° is outside the human range",
        "--> clinic.toml:",
        "end = { open = 80 }",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
}

/// A photo-like RGB PNG: a gradient with a little noise, so it compresses
/// as a camera's picture does, not as a flat colour.
fn photo(width: u32, height: u32) -> Vec<u8> {
    let mut seed = 11u32;
    let pixels: Vec<u8> = (0..width * height * 3)
        .map(|i| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let (x, y) = ((i / 3) % width, (i / 3) / width);
            let base = (x * 180 / width + y * 60 / height + (i % 3) * 10) as u8;
            base.wrapping_add((seed >> 16) as u8 % 12)
        })
        .collect();
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("a PNG header");
        writer.write_image_data(&pixels).expect("PNG pixels");
    }
    out
}

/// A clinic's multi-megabyte photo is embedded at no more than 300 dpi as
/// printed, its rows with PNG predictors (`/Predictor 15`), so the sheet
/// is a fraction of the picture's size; a wide logo likewise, and each
/// picture is written once in a sheet of several pages.
#[test]
fn a_large_clinic_picture_is_embedded_shrunk_with_png_predictors() {
    let picture = photo(1900, 1400);
    assert!(picture.len() > 4_000_000, "{} bytes", picture.len());
    let plan = PLAN
        .replace("name = \"Bridge\"", "name = \"wall sit\"")
        .replace("reps = 10\nhold = 10\n", "");
    let test = Test::new()
        .file(
            "clinic/catalogue.toml",
            clinic_with_image("pictures/wall-sit.png"),
        )
        .file("clinic/pictures/wall-sit.png", &picture)
        .file("rx.toml", "[clinic]\nlogo = \"logo.png\"\n")
        .file("logo.png", png(2400, 600))
        .file("plan.toml", &plan)
        .args(&[
            "--catalogue",
            "clinic/catalogue.toml",
            "build",
            "--config",
            "rx.toml",
            "plan.toml",
            "-o",
            "plan.pdf",
        ])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    let shown: Vec<(i64, i64, Option<i64>)> = pdf
        .images()
        .iter()
        .map(|i| (i.width, i.height, i.predictor))
        .collect();
    // The logo in page 1's header, drawn before the body so a screen
    // reader meets the header first (2400 x 600 into 417 x 167), then the
    // photo (1900 x 1400 into 546 x 400), each once.
    assert_eq!(shown, [(417, 104, Some(15)), (543, 400, Some(15))]);
    let size = std::fs::metadata(test.path("plan.pdf"))
        .expect("the sheet")
        .len();
    assert!(
        size < 1_000_000,
        "{size} bytes for a {} byte picture",
        picture.len()
    );
}

/// A clinic picture with no `figure_alt` is a warning at its entry that
/// still builds the sheet; with one, no warning, and `rx catalogue ID`
/// and its JSON show the words.
#[test]
fn a_clinic_figure_without_words_warns_and_still_builds() {
    let plan = PLAN
        .replace("name = \"Bridge\"", "name = \"wall sit\"")
        .replace("reps = 10\nhold = 10\n", "");
    let build = |catalogue: String| {
        Test::new()
            .file("clinic/catalogue.toml", catalogue)
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
            .stdout("wrote plan.pdf: 2 pages, 2 exercises\n")
    };
    let without_words: String = clinic_with_image("pictures/wall-sit.png")
        .lines()
        .filter(|l| !l.starts_with("figure_alt"))
        .map(|l| format!("{l}\n"))
        .collect();
    let test = build(without_words.clone()).stderr(
        "warning[RX0130]: exercise `wall-sit` has a photo but no `figure_alt`: a screen reader has nothing to say for it\n \
         --> clinic/catalogue.toml:1:1\n  |\n1 | [[exercise]]\n  | ^^^^^^^^^^^^\n  \
         = help: add `figure_alt = \"Photo: ...\"` to the exercise: what the photo shows, in plain words (the position, what moves, any chair, band or wall)\n\n",
    );
    test.run();
    assert!(test.path("plan.pdf").exists());

    let alt = "Photo: lying on your back, knees bent, hips lifted";
    let with_words = without_words.replace(
        "per_side = ",
        &format!("figure_alt = \"{alt}\"\nper_side = "),
    );
    build(with_words.clone()).stderr("").run();
    Test::new()
        .file("clinic/catalogue.toml", &with_words)
        .file("clinic/pictures/wall-sit.png", png(120, 90))
        .args(&[
            "--catalogue",
            "clinic/catalogue.toml",
            "catalogue",
            "wall-sit",
        ])
        .status(0)
        .stdout_contains(format!(
            "\nThe figure in words (for screen readers): {alt}\n"
        ))
        .run();
    let json = Test::new()
        .file("clinic/catalogue.toml", &with_words)
        .file("clinic/pictures/wall-sit.png", png(120, 90))
        .args(&[
            "--catalogue",
            "clinic/catalogue.toml",
            "catalogue",
            "wall-sit",
            "--format",
            "json",
        ])
        .status(0)
        .stdout_satisfies("is JSON", |s| s.starts_with('{'))
        .run();
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(json["figure_alt"], alt);
}

/// `rx catalogue ID` shows what a screen reader says for a built-in
/// figure, in English and in each translation.
#[test]
fn a_builtin_entry_shows_its_figure_in_words() {
    Test::new()
        .args(&["catalogue", "bridge"])
        .status(0)
        .stdout_contains("\nThe figure in words (for screen readers): Drawing: ")
        .stdout_contains("\n  es: Dibujo: ")
        .run();
}
