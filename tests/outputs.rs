//! The one output guard of every command that writes (`files::guard`): no
//! output is an input of the run, one of its sheets or another output; no
//! output replaces a device, a pipe or a folder; `-` is stdout everywhere.
//! Each refusal comes before anything is built.

use std::path::Path;

use crate::support::{PLAN, Test};

const HEADER: &str = "patient_id,patient_name,prescriber,clinic,issued,review,exercise,sets,reps,hold,per_day,per_week,side,note,exceed";

/// Two patients, P1 and P2, issued 2026-11-22.
fn two_patients() -> String {
    let row = |id: &str, name: &str| {
        format!("{id},{name},Dana Reyes PT,Riverside PT,2026-11-22,2026-12-06,bridge,,10,,,,,,")
    };
    format!("{HEADER}\n{}\n{}\n", row("P1", "Ann"), row("P2", "Bob"))
}

fn exists(test: &Test, name: &str) -> bool {
    test.path(name).exists()
}

#[cfg(unix)]
fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[test]
fn combine_refuses_a_path_that_is_one_of_this_runs_sheets() {
    let test = Test::new()
        .file("plans.csv", two_patients())
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "out",
            "--combine",
            "out/P1_2026-11-22.pdf",
            "--force",
        ])
        .status(2)
        .stderr(
            "rx: error: --combine out/P1_2026-11-22.pdf would write over a sheet this run writes in out (a name like ID_YYYY-MM-DD.pdf there is a sheet's)\n",
        );
    test.run();
    assert!(!exists(&test, "out"), "nothing is built");
}

#[test]
fn report_refuses_this_runs_sheet_and_the_combined_pdf() {
    let test = Test::new()
        .file("plans.csv", two_patients())
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "out",
            "--report",
            "out/P2_2026-11-22.pdf",
        ])
        .status(2)
        .stderr(
            "rx: error: --report out/P2_2026-11-22.pdf would write over a sheet this run writes in out (a name like ID_YYYY-MM-DD.pdf there is a sheet's)\n",
        );
    test.run();
    assert!(!exists(&test, "out"), "nothing is built");
    // One plan: the report onto its own sheet.
    Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "--report", "./plan.pdf"])
        .status(2)
        .stderr("rx: error: --report ./plan.pdf would write over this run's sheet plan.pdf\n")
        .run();
    // The report and the combined PDF onto one file.
    let test = Test::new()
        .file("plans.csv", two_patients())
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "out",
            "--report",
            "all.pdf",
            "--combine",
            "all.pdf",
        ])
        .status(2)
        .stderr("rx: error: --combine all.pdf would write over the --report file all.pdf\n");
    test.run();
    assert!(!exists(&test, "out") && !exists(&test, "all.pdf"));
}

#[test]
fn the_default_sheet_path_never_replaces_the_plan() {
    let test = Test::new()
        .file("tricky.pdf", PLAN)
        .args(&["build", "tricky.pdf", "--force"])
        .status(2)
        .stderr("rx: error: the sheet tricky.pdf would write over the input file tricky.pdf\n");
    test.run();
    assert_eq!(
        std::fs::read_to_string(test.path("tricky.pdf")).expect("plan"),
        PLAN
    );
}

#[test]
fn a_csv_named_like_a_sheet_in_its_output_folder_is_refused() {
    let test = Test::new()
        .file("out/P1_2026-11-22.pdf", two_patients())
        .args(&["build", "out/P1_2026-11-22.pdf", "--input-format", "csv", "-o", "out", "--force"])
        .status(2)
        .stderr(
            "rx: error: the sheets in out would write over the input file out/P1_2026-11-22.pdf (a name like ID_YYYY-MM-DD.pdf there is a sheet's)\n",
        );
    test.run();
    assert_eq!(
        std::fs::read_to_string(test.path("out/P1_2026-11-22.pdf")).expect("csv"),
        two_patients()
    );
}

#[test]
fn catalogue_pdf_and_figure_refuse_to_write_over_their_inputs() {
    use crate::sheet_bounds::{picture_entry, png};
    let clinic = picture_entry("wall-sit", "wall-sit.png");
    // The booklet onto the clinic catalogue, the settings file, or the
    // catalogue's picture.
    let cases: [(&[&str], &str); 3] = [
        (&["-o", "clinic/catalogue.toml"], "clinic/catalogue.toml"),
        (&["-o", "rx.toml"], "rx.toml"),
        (&["-o", "clinic/wall-sit.png"], "clinic/wall-sit.png"),
    ];
    for (output, input) in cases {
        let mut args = vec![
            "--config",
            "rx.toml",
            "--catalogue",
            "clinic/catalogue.toml",
            "catalogue",
            "--format",
            "pdf",
        ];
        args.extend_from_slice(output);
        let test = Test::new()
            .file("rx.toml", "[clinic]\nname = \"Riverside PT\"\n")
            .file("clinic/catalogue.toml", &clinic)
            .file("clinic/wall-sit.png", png())
            .args(&args)
            .status(2)
            .stderr_satisfies("names the input", move |e| {
                e.starts_with(&format!(
                    "rx: error: -o {input} would write over the input file "
                )) && e.ends_with(&format!("{input}\n"))
            });
        test.run();
        assert!(
            !std::fs::read(test.path(input))
                .expect("input")
                .starts_with(b"%PDF"),
            "{input} was replaced"
        );
    }
    // A figure preview onto the picture its catalogue reads.
    let test = Test::new()
        .file(
            "clinic/catalogue.toml",
            format!(
                "{}\n{}",
                crate::figures::CLINIC,
                picture_entry("wall-push", "wall-sit.png")
            ),
        )
        .file("clinic/wall-sit.png", png())
        .args(&[
            "figure",
            "clinic/catalogue.toml",
            "-o",
            "clinic/wall-sit.png",
        ])
        .status(2)
        .stderr_satisfies("names the picture", |e| {
            e.starts_with("rx: error: -o clinic/wall-sit.png would write over the input file ")
        });
    test.run();
    assert_eq!(
        std::fs::read(test.path("clinic/wall-sit.png")).expect("picture"),
        png()
    );
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_pipe_is_refused_before_any_sheet_is_built() {
    let test = Test::new().file("plans.csv", two_patients());
    let fifo = test.path("report.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let test = test
        .args(&["build", "plans.csv", "-o", "out", "--report", "report.json"])
        .status(2)
        .stderr("rx: error: cannot write report.json: it is not a regular file (a pipe, socket or device); rx will not replace it\n");
    test.run();
    assert!(!exists(&test, "out"), "nothing is built");
    assert!(is_fifo(&fifo), "the pipe is left as it was");
}

/// A character device (`/dev/null`) is written in place, never replaced by
/// a regular file. Making one needs root; a normal user writes `/dev/null`
/// itself, which it cannot replace anyway. Root never aims at the real
/// `/dev/null`, lest a regression replace it for the whole machine.
#[cfg(unix)]
#[test]
fn a_character_device_output_is_written_in_place() {
    use std::os::unix::fs::MetadataExt;
    let test = Test::new()
        .file("plans.csv", two_patients())
        .file("clinic.toml", crate::figures::CLINIC);
    let made = std::process::Command::new("mknod")
        .arg(test.path("null"))
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let root = std::fs::metadata(test.path("plans.csv")).is_ok_and(|m| m.uid() == 0);
    let null = match (made, root) {
        (true, _) => test.path("null"),
        (false, false) => Path::new("/dev/null").to_owned(),
        (false, true) => {
            eprintln!("skipped: root cannot make a device here");
            return;
        }
    };
    let device = null.to_str().expect("a UTF-8 path");
    test.in_same_folder()
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "out",
            "--report",
            device,
            "--combine",
            device,
            "--force",
        ])
        .status(2)
        .stderr_contains("would write over the --report file")
        .run();
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--report", device])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n")
        .run();
    assert!(is_char_device(&null), "--report replaced the device");
    test.in_same_folder()
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "out",
            "--combine",
            device,
            "--force",
        ])
        .status(0)
        .stdout_satisfies("tells the combined PDF", |o| o.contains("2 sheets"))
        .run();
    assert!(is_char_device(&null), "--combine replaced the device");
    test.in_same_folder()
        .args(&["figure", "clinic.toml", "-o", device])
        .status(0)
        .stdout_satisfies("tells the preview", |o| o.contains("figure `wall-sit`"))
        .run();
    assert!(is_char_device(&null), "rx figure -o replaced the device");
}

#[test]
fn a_dash_means_stdout_for_the_report_the_combined_pdf_and_a_new_plan() {
    let test = Test::new()
        .file("plans.csv", two_patients())
        .args(&["build", "plans.csv", "-o", "out", "--report", "-"])
        .status(0)
        .stdout_satisfies("is the JSON report alone", |o| {
            serde_json::from_str::<serde_json::Value>(o).is_ok_and(|r| r["summary"]["built"] == 2)
        });
    test.run();
    assert!(!exists(&test, "-"), "a file named - was written");
    let test = Test::new()
        .file("plans.csv", two_patients())
        .args(&["build", "plans.csv", "-o", "out", "--combine", "-"])
        .status(0)
        .stdout_bytes_satisfy("is the combined PDF", |o| o.starts_with(b"%PDF-"))
        .stderr("built 2 of 2 patients, skipped 0; written to out\nwrote the combined PDF to stdout: 4 pages of 2 sheets\n");
    test.run();
    assert!(!exists(&test, "-"), "a file named - was written");
    let test = Test::new()
        .args(&["new", "-"])
        .status(0)
        .stdout_starts_with("#:schema");
    test.run();
    assert!(!exists(&test, "-"), "a file named - was written");
}

#[test]
fn figure_on_a_catalogue_with_a_toml_syntax_error_shows_the_located_error() {
    let test = Test::new()
        .file("clinic.toml", "[figure.calf]\nstart = { knees = \n")
        .args(&["figure", "clinic.toml", "-o", "preview.pdf"])
        .status(1)
        .stderr(
            "error[RX0101]: invalid TOML: invalid string expected `\"`, `'`\n --> clinic.toml:2:19\n  |\n2 | start = { knees = \n  |                   ^ here\n\n",
        );
    test.run();
    assert!(!exists(&test, "preview.pdf"));
}

/// A name that is not UTF-8 cannot be written exactly in the JSON report:
/// such a run is refused before anything is built, never reported with a
/// name that points at another file.
#[cfg(target_os = "linux")]
#[test]
fn a_report_refuses_file_names_it_cannot_give_exactly() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let test = Test::new().file("plans.csv", two_patients());
    let folder = OsStr::from_bytes(b"out-\xff");
    let run = |args: &[&OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_rx"))
            .args(args)
            .current_dir(test.dir())
            .env("RX_CONFIG", "")
            .env("SOURCE_DATE_EPOCH", "1795651200")
            .output()
            .expect("run rx")
    };
    let out = run(&[
        "build".as_ref(),
        "plans.csv".as_ref(),
        "-o".as_ref(),
        folder,
        "--report".as_ref(),
        "report.json".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rx: error: \"out-\u{fffd}\" is not a UTF-8 name, which the JSON report cannot give exactly; rename it, or build without --report and --format json\n"
    );
    assert!(!test.dir().join(folder).exists(), "nothing is built");
    assert!(!test.path("report.json").exists());
    // Without a report, the name is only shown, and the sheets are built.
    let out = run(&[
        "build".as_ref(),
        "plans.csv".as_ref(),
        "-o".as_ref(),
        folder,
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(test.dir().join(folder).join("P1_2026-11-22.pdf").exists());
}

#[test]
fn a_report_with_no_folder_to_go_to_fails_before_any_sheet_is_built() {
    let test = Test::new()
        .file("plans.csv", two_patients())
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "out",
            "--report",
            "nowhere/report.json",
        ])
        .status(2)
        .stderr("rx: error: cannot write nowhere/report.json: no such file or folder\n");
    test.run();
    assert!(!exists(&test, "out"), "nothing is built");
    // A folder the run makes for its sheets is somewhere to go.
    let test = Test::new()
        .file("plans.csv", two_patients())
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "day/sheets",
            "--report",
            "day/sheets/report.json",
            "--combine",
            "day/all.pdf",
        ])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to day/sheets\nwrote day/all.pdf: 4 pages of 2 sheets\n");
    test.run();
    assert!(exists(&test, "day/sheets/report.json"));
}
