//! Issue 11: success that means success. Each test names its finding.

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
fn issue_11_4_output_onto_an_input_is_refused() {
    let test =
        Test::new()
            .file("plan.toml", PLAN)
            .args(&["build", "plan.toml", "-o", "./plan.toml"]);
    let out = test.run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "rx: error: -o ./plan.toml would write over the input file plan.toml\n"
    );
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
        ]);
    let out = test.run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("would write over the input file clinic.toml")
    );
    assert_eq!(
        std::fs::read_to_string(test.path("clinic.toml")).expect("catalogue"),
        clinic
    );
}

/// Run rx, failing the test (instead of hanging it) if it takes too long.
fn run_within(test: &Test, args: &[&str], limit: Duration) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(args)
        .current_dir(test.dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start rx");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            use std::io::Read;
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
fn issue_11_13_devices_and_fifos_are_refused() {
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
fn issue_11_13_an_enormous_plan_is_refused() {
    let big = format!("{PLAN}# {}\n", "x".repeat(20_000_000));
    let test = Test::new()
        .file("plan.toml", big)
        .args(&["check", "plan.toml"]);
    let out = test.run();
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "error[RX0108]: the file is larger than 1048576 bytes, the most rx reads\n  --> plan.toml\n   = help: a plan is a few kilobytes; is this the right file?\n\n"
    );
}

/// Finding 16: an absurd `--jobs` is a usage error, not a panic.
#[test]
fn issue_11_16_jobs_is_bounded() {
    for jobs in ["0", "65", "5000", "18446744073709551615"] {
        let out = Test::new()
            .file("plans.csv", csv(&["A"]))
            .args(&["build", "plans.csv", "-o", "out", "--jobs", jobs])
            .run();
        assert_eq!(out.code, 2, "--jobs {jobs}: {}", out.stderr);
        assert!(
            out.stderr.starts_with("error: invalid value"),
            "{}",
            out.stderr
        );
    }
    let out = Test::new()
        .file("plans.csv", csv(&["A"]))
        .args(&["build", "plans.csv", "-o", "out", "--jobs", "64"])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Finding 20 (and issue 14): a CSV batch writes into a folder; `-o -` or a
/// `.pdf` name is a usage error and no folder is made.
#[test]
fn issue_11_20_a_batch_needs_a_folder() {
    for target in ["-", "out.pdf"] {
        let test =
            Test::new()
                .file("plans.csv", csv(&["A"]))
                .args(&["build", "plans.csv", "-o", target]);
        let out = test.run();
        assert_eq!(out.code, 2);
        assert_eq!(
            out.stderr,
            format!(
                "rx: error: a CSV batch writes one PDF per patient into a folder; -o {target} is not a folder\n"
            )
        );
        assert!(!test.path(target).exists());
    }
}

/// Finding 18: on exFAT (no hard links, no atomic no-replace rename) a batch
/// still writes every sheet without `--force`, and still refuses to replace
/// one. Needs a mounted exFAT folder: `RX_TEST_EXFAT=/mnt/exfat cargo test
/// -- --ignored exfat`.
#[test]
#[ignore = "needs an exFAT folder in RX_TEST_EXFAT"]
fn issue_11_18_batches_write_on_exfat() {
    let root = std::env::var("RX_TEST_EXFAT").expect("RX_TEST_EXFAT names an exFAT folder");
    let out_dir = tempfile::tempdir_in(root).expect("a folder on exFAT");
    let dir = out_dir.path().to_str().expect("a UTF-8 path").to_owned();
    let test = Test::new().file("plans.csv", csv(&["A", "B", "C"])).args(&[
        "build",
        "plans.csv",
        "-o",
        &dir,
    ]);
    let first = test.run();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(
        first.stdout,
        format!("built 3 of 3 patients, skipped 0; written to {dir}\n")
    );
    let again = test.run();
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}
