//! The sheet's bounds: dates, names, header and log bounds, bold glyphs
//! and clinic pictures. None of these reads a PDF, so they run without
//! poppler.

use std::process::Command;

use crate::support::{Test, plan_with};

/// `--date` and `SOURCE_DATE_EPOCH` outside the years
/// 1900–2200 are usage errors, never a review date equal to the issue date.
#[test]
fn date_flag_and_source_date_epoch_keep_to_the_years() {
    let plan = plan_with("issued = 2026-11-22\nreview = 2026-12-06", "weeks = 2");
    let test = Test::new()
        .file("plan.toml", &plan)
        .args(&["build", "plan.toml", "--date", "+262142-12-31"])
        .status(2)
        .stderr_starts_with(
            "error: invalid value '+262142-12-31' for '--date <YYYY-MM-DD>': rx accepts dates in the years 1900 to 2200\n",
        );
    test.run();
    assert!(!test.path("plan.pdf").exists());

    // 3000-01-01 as seconds since 1970.
    test.in_same_folder()
        .args(&["check", "plan.toml"])
        .env("SOURCE_DATE_EPOCH", "32503680000")
        .status(2)
        .stderr("rx: error: today's date (from SOURCE_DATE_EPOCH or the clock) is 3000-01-01; rx accepts dates in the years 1900 to 2200\n")
        .run();
}

/// A CSV date outside the window is a located error.
#[test]
fn csv_dates_keep_to_the_years() {
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\n\
               P1,Ann,Dana,1899-12-31,2,bridge\n\
               P2,Bob,Dana,2026-11-22,2,bridge\n\
               P3,Cy,Dana,-0001-01-01,2,bridge\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout_starts_with("plans.csv: 3 patients, 1 valid, 2 invalid")
        .stderr_contains(
            "error[RX0107]: patient P1: `issued` = 1899-12-31 is outside the years rx accepts\n  --> plans.csv:2:issued\n",
        )
        .stderr_contains(
            "error[RX0301]: patient P3: `issued` is not a date: \"-0001-01-01\"\n  --> plans.csv:4:issued\n",
        )
        .stderr_satisfies("names only P1", |e| !e.contains("P2"))
        .run();
}

/// A CSV name cell of invisible characters is a
/// missing name, reported at the patient's first row.
#[test]
fn an_invisible_csv_name_is_missing() {
    let csv = "patient_id,patient_name,prescriber,issued,weeks,exercise\n\
               P1,\u{200B}\u{FEFF},Dana,2026-11-22,2,bridge\n\
               P2,Bob,\u{2060} ,2026-11-22,2,bridge\n\
               P3,Cy,Dana,2026-11-22,2,bridge\n";
    Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout_starts_with("plans.csv: 3 patients, 1 valid, 2 invalid")
        .stderr_contains(
            "error[RX0106]: patient P1: missing patient name\n  --> plans.csv:2:patient_name\n",
        )
        .stderr_contains(
            "error[RX0106]: patient P2: missing prescriber name\n  --> plans.csv:3:prescriber\n",
        )
        .stderr_satisfies("does not name P3", |e| !e.contains("P3"))
        .run();
}

/// A clinic entry `id` with `figure_image = "{picture}"`.
pub fn picture_entry(id: &str, picture: &str) -> String {
    format!(
        r#"
[[exercise]]
id = "{id}"
name = "{id}"
sources = ["relieve"]
position = "Standing"
targets = "thighs"
why = "Builds strength."
when = "Daily."
steps = ["Slide down the wall."]
cautions = ["Stop if your knees hurt."]
per_side = {{ value = false, from = ["relieve"] }}
figure_image = "{picture}"
figure_alt = "Photo: standing with your back against a wall, knees bent"
[exercise.limits]
sets = {{ min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }}
reps = {{ min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }}
per_day = {{ min = 1, max = 2, recommended = 1, default = "no figure in the sources: once" }}
per_week = {{ min = 1, max = 7, default = "no figure in the sources: daily" }}
"#
    )
}

/// A small grey PNG.
pub fn png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 4, 3);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("a PNG header");
    writer.write_image_data(&[90; 12]).expect("PNG pixels");
    writer.finish().expect("a PNG");
    out
}

/// Run `rx` in `dir`; a run that takes over 30 s (waiting on a pipe, or
/// reading /dev/zero) is killed and fails the test.
fn run_bounded(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .env("RX_CONFIG", "")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run rx");
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for rx") {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
                .expect("read stderr");
            return (status.code().unwrap_or(-1), stderr);
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("rx {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `figure_image` stays inside the catalogue's folder
/// (after resolving symbolic links) and names a regular file no larger than
/// the cap; an absolute path, `..`, a link out, /dev/zero, a named pipe, a
/// folder and an oversized file are each a located error, and nothing hangs
/// or reads without bound.
#[cfg(unix)]
#[test]
fn pictures_stay_in_the_catalogue_folder() {
    let test = Test::new()
        .file("outside.png", png())
        .file("clinic/pictures/ok.png", png());
    let root = test.dir().canonicalize().expect("the test folder");
    let outside = root.join("outside.png");
    let clinic = root.join("clinic");
    std::os::unix::fs::symlink("../outside.png", clinic.join("link.png")).expect("a link");
    std::os::unix::fs::symlink("/dev/zero", clinic.join("zero.png")).expect("a link");
    std::os::unix::fs::symlink("pictures/ok.png", clinic.join("inner-link.png")).expect("a link");
    std::fs::create_dir(clinic.join("folder.png")).expect("a folder");
    let status = Command::new("mkfifo")
        .arg(clinic.join("fifo.png"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let huge = std::fs::File::create(clinic.join("huge.png")).expect("a file");
    huge.set_len(6 * 1024 * 1024).expect("a sparse 6 MB file");
    let absolute = outside.display().to_string();
    let pictures = [
        ("absolute", absolute.as_str()),
        ("dot-dot", "../outside.png"),
        ("link-out", "link.png"),
        ("dev-zero", "zero.png"),
        ("fifo", "fifo.png"),
        ("folder", "folder.png"),
        ("huge", "huge.png"),
        ("fine", "pictures/ok.png"),
        ("inner-link", "inner-link.png"),
    ];
    let catalogue: String = pictures
        .iter()
        .map(|(id, picture)| picture_entry(id, picture))
        .collect();
    std::fs::write(clinic.join("catalogue.toml"), &catalogue).expect("the catalogue");
    let (code, stderr) = run_bounded(
        test.dir(),
        &["--catalogue", "clinic/catalogue.toml", "catalogue"],
    );
    assert_eq!(code, 1, "{stderr}");
    let line = |id: &str| {
        1 + catalogue[..catalogue
            .find(&format!("id = \"{id}\""))
            .expect("the entry")]
            .matches('\n')
            .count()
            + 10
    };
    let outside_shown = outside.display();
    let expected = [
        (
            "absolute",
            format!("figure image `{absolute}` is outside the catalogue's folder ({outside_shown}); keep pictures in the catalogue's folder or below it"),
        ),
        (
            "dot-dot",
            format!("figure image `../outside.png` is outside the catalogue's folder ({outside_shown}); keep pictures in the catalogue's folder or below it"),
        ),
        (
            "link-out",
            format!("figure image `link.png` is outside the catalogue's folder ({outside_shown}); keep pictures in the catalogue's folder or below it"),
        ),
        (
            "dev-zero",
            "figure image `zero.png` is outside the catalogue's folder (/dev/zero); keep pictures in the catalogue's folder or below it".to_owned(),
        ),
        (
            "fifo",
            "figure image `fifo.png` is not a regular file (clinic/fifo.png: a device, pipe or socket), not a picture".to_owned(),
        ),
        (
            "folder",
            "figure image `folder.png` is a folder (clinic/folder.png), not a picture".to_owned(),
        ),
        (
            "huge",
            "figure image `huge.png` is 6.0 MB; a picture may be at most 5 MB".to_owned(),
        ),
    ];
    for (id, message) in &expected {
        let at = stderr
            .find(&format!("error[RX0501]: {message}\n"))
            .unwrap_or_else(|| panic!("{id}: {message}\n---\n{stderr}"));
        let location = stderr[at..].lines().nth(1).expect("a location").trim();
        assert_eq!(
            location,
            format!("--> clinic/catalogue.toml:{}:16", line(id)),
            "{id}"
        );
    }
    assert_eq!(
        stderr.matches("error[RX0501]").count(),
        expected.len(),
        "{stderr}"
    );
}
