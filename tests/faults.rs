//! Faults: unwritable output, a full disk, a batch killed at
//! chosen moments, symlinks in the output folder. Each ends with a clear
//! message and exit 2, or only complete PDFs, never a partial file.
//!
//! Unix only: the kill test sends SIGKILL, and the others use permission
//! bits, symlinks or Linux's `/dev/full` and `/proc` (those say so with
//! their own `cfg`).
#![cfg(unix)]

use std::path::Path;
use std::time::{Duration, Instant};

use crate::pdf::Pdf;
#[cfg(target_os = "linux")]
use crate::support::PLAN;
use crate::support::Test;

const HEADER: &str = "patient_id,patient_name,prescriber,clinic,issued,review,exercise,sets,reps,hold,per_day,per_week,side,note,exceed";

fn batch_csv(patients: usize) -> String {
    let mut rows = vec![HEADER.to_owned()];
    for p in 0..patients {
        for exercise in ["bridge", "cat stretch", "pelvic tilt"] {
            rows.push(format!(
                "P{p:04},Patient {p},Dana Reyes PT,Riverside PT,2026-11-22,2026-12-06,{exercise},,,,,,,,"
            ));
        }
    }
    rows.join("\n")
}

/// The finished sheets (`*.pdf`) in `dir`, sorted.
fn sheets(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".pdf"))
        .collect();
    names.sort();
    names
}

/// Every sheet in `dir` is a complete, sound PDF with pages, and anything
/// else is one of rx's own temporary `.rx-*.part` files or a killed run's
/// `.rx-<pid>.lock`; returns the sheets.
fn complete_pdfs(dir: &Path) -> Vec<String> {
    for entry in std::fs::read_dir(dir).expect("output folder") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            name.ends_with(".pdf")
                || (name.starts_with(".rx-")
                    && (name.ends_with(".part") || name.ends_with(".lock"))),
            "unexpected file {name}"
        );
    }
    let names = sheets(dir);
    for name in &names {
        // `open` panics, naming the file, unless it is a sound PDF.
        assert!(
            Pdf::open(&dir.join(name)).pages() > 0,
            "{name} has no pages"
        );
    }
    names
}

/// The process may create files in `dir` despite its permission bits (root,
/// or a capability that overrides them).
#[cfg(target_os = "linux")]
fn ignores_permissions(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let created = std::fs::write(&probe, "").is_ok();
    let _ = std::fs::remove_file(&probe);
    created
}

#[cfg(target_os = "linux")]
#[test]
fn read_only_folder_is_exit_2_without_partial_file() {
    let test = Test::new().file("plan.toml", PLAN).file("ro/keep", "");
    let ro = test.path("ro");
    let mut perms = std::fs::metadata(&ro).expect("ro").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&ro, perms).expect("chmod");
    // Root ignores permission bits; /proc refuses new files to everyone.
    let target = if ignores_permissions(&ro) {
        "/proc/rx-sheet.pdf".to_owned()
    } else {
        "ro/sheet.pdf".to_owned()
    };
    let test = test
        .args(&["build", "plan.toml", "-o", &target])
        .status(2)
        .stderr_starts_with(format!("rx: error: cannot write {target}: "));
    test.run();
    assert!(!Path::new(&target).exists() && !test.path(&target).exists());
    let entries: Vec<_> = std::fs::read_dir(test.path("ro")).expect("ro").collect();
    assert_eq!(entries.len(), 1, "only the file that was there");
}

#[cfg(target_os = "linux")]
#[test]
fn full_disk_is_exit_2_with_a_clear_message() {
    Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "-o", "/dev/full"])
        .status(2)
        .stderr("rx: error: cannot write /dev/full: the disk is full\n")
        .run();
    assert!(
        std::fs::metadata("/dev/full").is_ok_and(|m| !m.is_file()),
        "the device is still a device"
    );
}

/// SIGKILL a batch once it has finished `n` sheets (polling the folder, so
/// the moment does not depend on the machine's speed), in folder `dir`.
fn kill_after(test: &Test, dir: &str, n: usize) {
    let mut child = test
        .in_same_folder()
        .args(&["build", "plans.csv", "-o", dir])
        .command()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start rx");
    let started = Instant::now();
    loop {
        let seen = if test.path(dir).exists() {
            sheets(&test.path(dir)).len()
        } else {
            0
        };
        if seen >= n {
            break;
        }
        if let Some(status) = child.try_wait().expect("wait for rx") {
            panic!("rx ended ({status}) after {seen} sheets, before the kill at {n}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "rx wrote {seen} sheets in two minutes"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().expect("SIGKILL rx");
    child.wait().expect("reap rx");
}

#[test]
fn killed_batches_leave_only_complete_pdfs_and_a_rerun_finishes_the_job() {
    const PATIENTS: usize = 400;
    let test = Test::new().file("plans.csv", batch_csv(PATIENTS));
    // Each kill, after a different number of finished sheets, hits a fresh
    // folder; the re-run finishes the last one.
    let mut before = 0;
    for (attempt, n) in [1, 3, 10, 25, 60, 120].into_iter().enumerate() {
        let dir = format!("out{attempt}");
        kill_after(&test, &dir, n);
        before = complete_pdfs(&test.path(&dir)).len();
        assert!(before >= n, "{dir}: {before} sheets, saw {n}");
        assert!(
            before < PATIENTS,
            "{dir}: the kill came after the batch had finished"
        );
    }
    std::fs::rename(test.path("out5"), test.path("out")).expect("keep the last killed run");
    let built = PATIENTS - before;
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--skip-existing"])
        .status(0)
        .stdout(format!(
            "built {built} of {PATIENTS} patients, unchanged {before}, skipped 0; written to out\n"
        ))
        .run();
    let names = complete_pdfs(&test.path("out"));
    assert_eq!(names.len(), PATIENTS);
    // Nothing else is left: no temporary files of the killed run.
    assert_eq!(
        std::fs::read_dir(test.path("out")).expect("out").count(),
        PATIENTS
    );
    // Sheets finished across kills are the same bytes as an uninterrupted run.
    let clean = Test::new()
        .file("plans.csv", batch_csv(PATIENTS))
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout(format!(
            "built {PATIENTS} of {PATIENTS} patients, skipped 0; written to out\n"
        ));
    clean.run();
    for name in &names {
        let a = std::fs::read(test.path("out").join(name)).expect("pdf");
        let b = std::fs::read(clean.path("out").join(name)).expect("pdf");
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn symlinks_in_the_output_folder_are_not_followed() {
    let csv =
        format!("{HEADER}\nA,Ann,Dana Reyes PT,Riverside PT,2026-11-22,2026-12-06,bridge,,,,,,,,");
    let test = Test::new()
        .file("plans.csv", &csv)
        .file("victim.txt", "precious")
        .file("out/.keep", "");
    std::os::unix::fs::symlink(test.path("victim.txt"), test.path("out/A_2026-11-22.pdf"))
        .expect("symlink");
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out"])
        .status(2)
        .stdout_starts_with("built 0 of 1 patient,")
        .stderr_contains("rx: error: out/A_2026-11-22.pdf already exists and is not the sheet this plan gives; rx will not overwrite it")
        .run();
    assert_eq!(
        std::fs::read_to_string(test.path("victim.txt")).expect("the victim"),
        "precious"
    );

    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--force"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to out\n")
        .run();
    assert_eq!(
        std::fs::read_to_string(test.path("victim.txt")).expect("the victim"),
        "precious"
    );
    let link = std::fs::symlink_metadata(test.path("out/A_2026-11-22.pdf")).expect("sheet");
    assert!(
        link.file_type().is_file(),
        "the link itself was replaced by the sheet"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn booklet_to_a_full_disk_is_exit_2_and_the_device_stays() {
    Test::new()
        .args(&["catalogue", "--format", "pdf", "-o", "/dev/full"])
        .status(2)
        .stderr("rx: error: cannot write /dev/full: the disk is full\n")
        .run();
    assert!(std::fs::metadata("/dev/full").is_ok_and(|m| !m.is_file()));
}
