//! Success that means success. Each test names its finding.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{PLAN, Test};

const HEADER: &str = "patient_id,patient_name,prescriber,issued,review,exercise";

fn csv(ids: &[&str]) -> String {
    let mut out = HEADER.to_owned();
    for id in ids {
        out.push_str(&format!(
            "\n{id},Ann,Dana Reyes PT,2026-11-22,2026-12-06,bridge"
        ));
    }
    out
}

/// Finding 4: `-o` onto the plan (or the clinic catalogue) is refused and
/// the input is left as it was.
#[test]
fn output_onto_an_input_is_refused() {
    let test = Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "-o", "./plan.toml"])
        .status(2)
        .stderr("rx: error: -o ./plan.toml would write over the input file plan.toml\n");
    test.run();
    assert_eq!(
        std::fs::read_to_string(test.path("plan.toml")).expect("plan"),
        PLAN
    );
    let clinic = crate::catalogue::CLINIC;
    let test = Test::new()
        .file("plan.toml", PLAN)
        .file("clinic.toml", clinic)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "build",
            "plan.toml",
            "-o",
            "clinic.toml",
        ])
        .status(2)
        .stderr("rx: error: -o clinic.toml would write over the input file clinic.toml\n");
    test.run();
    assert_eq!(
        std::fs::read_to_string(test.path("clinic.toml")).expect("catalogue"),
        clinic
    );
}

/// Finding 4: nor onto a picture the clinic catalogue reads.
#[test]
fn output_onto_a_catalogue_picture_is_refused() {
    use crate::sheet_bounds::{picture_entry, png};
    let test = Test::new()
        .file("plan.toml", PLAN)
        .file("clinic/wall-sit.png", png())
        .file(
            "clinic/catalogue.toml",
            picture_entry("wall-sit", "wall-sit.png"),
        )
        .args(&[
            "--catalogue",
            "clinic/catalogue.toml",
            "build",
            "plan.toml",
            "-o",
            "clinic/wall-sit.png",
        ])
        .status(2)
        .stderr_satisfies("names the picture", |e| {
            e.starts_with("rx: error: -o clinic/wall-sit.png would write over the input file ")
                && e.ends_with("clinic/wall-sit.png\n")
        });
    test.run();
    assert_eq!(
        std::fs::read(test.path("clinic/wall-sit.png")).expect("picture"),
        png()
    );
}

/// Run rx, failing the test (instead of hanging it) if it takes too long.
#[cfg(target_os = "linux")]
fn run_within(test: &Test, args: &[&str], limit: Duration) -> (i32, String) {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(args)
        .current_dir(test.dir())
        .env("RX_CONFIG", "")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start rx");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut stderr)
                .expect("stderr");
            return (status.code().unwrap_or(-1), stderr);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("rx {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Finding 13: a device or a FIFO as input is refused at once, never read
/// until memory runs out or waited on forever.
#[cfg(target_os = "linux")]
#[test]
fn devices_and_fifos_are_refused() {
    let test = Test::new();
    let limit = Duration::from_secs(20);
    let (code, stderr) = run_within(&test, &["check", "/dev/zero"], limit);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "rx: error: /dev/zero is not a regular file (a device, pipe or socket); rx reads only files\n"
    );
    let (code, stderr) = run_within(
        &test,
        &["--catalogue", "/dev/zero", "check", "x.toml"],
        limit,
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("/dev/zero is not a regular file"),
        "{stderr}"
    );
    for name in ["fifo.toml", "fifo.csv"] {
        let made = Command::new("mkfifo")
            .arg(test.path(name))
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let (code, stderr) = run_within(&test, &["build", name], limit);
        assert_eq!(code, 2);
        assert!(stderr.contains("is not a regular file"), "{stderr}");
    }
}

/// Finding 13: an enormous plan is refused having read no more than the cap.
#[test]
fn an_enormous_plan_is_refused() {
    let big = format!("{PLAN}# {}\n", "x".repeat(20_000_000));
    Test::new()
        .file("plan.toml", big)
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr("error[RX0108]: the file is larger than 1048576 bytes, the most rx reads\n  --> plan.toml\n   = help: a plan is a few kilobytes; is this the right file?\n\n")
        .run();
}

/// Finding 16: an absurd `--jobs` is a usage error, not a panic.
#[test]
fn jobs_is_bounded() {
    for jobs in ["0", "65", "5000", "18446744073709551615"] {
        Test::new()
            .file("plans.csv", csv(&["A"]))
            .args(&["build", "plans.csv", "-o", "out", "--jobs", jobs])
            .status(2)
            .stderr_starts_with(format!("error: invalid value '{jobs}' for '--jobs <N>'"))
            .run();
    }
    Test::new()
        .file("plans.csv", csv(&["A"]))
        .args(&["build", "plans.csv", "-o", "out", "--jobs", "64"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n")
        .run();
}

/// A CSV batch writes into a folder; `-o -` or a
/// `.pdf` name is a usage error and no folder is made.
#[test]
fn a_batch_needs_a_folder() {
    for target in ["-", "out.pdf"] {
        let test = Test::new()
            .file("plans.csv", csv(&["A"]))
            .args(&["build", "plans.csv", "-o", target])
            .status(2)
            .stderr(format!(
                "rx: error: a CSV batch writes one PDF per patient into a folder; -o {target} is not a folder (--combine FILE.pdf also writes them as one PDF)\n"
            ));
        test.run();
        assert!(!test.path(target).exists());
    }
}

/// Finding 1, end to end: the patient whose quote runs on and every patient
/// it swallowed are named, and so is the patient of the row above (which the
/// broken row might be the rest of); the exit code says so.
#[test]
fn an_unclosed_quote_is_reported_with_what_it_swallowed() {
    let csv = format!(
        "{HEADER},note\nP1,Ann,Dana,2026-11-22,2026-12-06,bridge,fine\nP2,Bo,Dana,2026-11-22,2026-12-06,bridge,\"Keep knees apart\nP3,Cy,Dana,2026-11-22,2026-12-06,bird dog,\nP4,Di,Dana,2026-11-22,2026-12-06,cat stretch,\n"
    );
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 0 of 4 patients, skipped 4; no sheet written\n")
        .stderr(concat!(
            "error[RX0101]: the quote that opens this cell is never closed; it runs on over the rows below (from line 4 of the file)\n",
            "  --> plans.csv:3:note\n",
            "   = help: close the quote; a quote inside a cell is written twice (\"\")\n\n",
            "error[RX0101]: patient P3: line 4 of the file was swallowed by the unclosed quote in row 3; rx did not build this patient\n",
            "  --> plans.csv:3:note\n",
            "   = help: close the quote in that row, then build again\n\n",
            "error[RX0101]: patient P4: line 5 of the file was swallowed by the unclosed quote in row 3; rx did not build this patient\n",
            "  --> plans.csv:3:note\n",
            "   = help: close the quote in that row, then build again\n\n",
            "error[RX0101]: patient P1: row 3 is broken and may hold the rest of a cell of row 2, cut off by a line break; rx did not build this patient\n",
            "  --> plans.csv:2:row\n",
            "   = help: a cell holding a line break must be in double quotes; check the quotes of this row\n\n",
            "error[RX0101]: patient P2: row 3 holds a quote that is not closed; rx did not build this patient\n",
            "  --> plans.csv:3:note\n\n",
        ));
    test.run();
    assert_eq!(
        std::fs::read_dir(test.path("out")).expect("out").count(),
        0,
        "no sheet"
    );
}

/// Finding 18: on exFAT (no hard links, no atomic no-replace rename) a batch
/// still writes every sheet without `--force`, and still refuses to replace
/// one. Needs a mounted exFAT folder: `RX_TEST_EXFAT=/mnt/exfat cargo test
/// --test integration -- --ignored exfat`.
#[test]
#[ignore = "needs an exFAT folder in RX_TEST_EXFAT"]
fn batches_write_on_exfat() {
    let root = std::env::var("RX_TEST_EXFAT").expect("RX_TEST_EXFAT names an exFAT folder");
    let out_dir = tempfile::tempdir_in(root).expect("a folder on exFAT");
    let dir = out_dir.path().to_str().expect("a UTF-8 path").to_owned();
    let test = Test::new()
        .file("plans.csv", csv(&["A", "B", "C"]))
        .args(&["build", "plans.csv", "-o", &dir])
        .status(0)
        .stdout(format!(
            "built 3 of 3 patients, skipped 0; written to {dir}\n"
        ));
    test.run();
    test.in_same_folder()
        .file("plans.csv", csv(&["A", "B", "C"]))
        .args(&["build", "plans.csv", "-o", &dir])
        .status(2)
        .stdout_starts_with("built 0 of 3 patients")
        .stderr_contains("already exists")
        .run();
}
