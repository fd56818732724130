//! Faults (issue #5): unwritable output, a full disk, a batch killed at
//! random moments, symlinks in the output folder. Each ends with a clear
//! message and exit 2, or only complete PDFs, never a partial file.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::{PLAN, Test};

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

/// Every `.pdf` in `dir` loads and has pages; returns their names.
fn complete_pdfs(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).expect("output folder") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".pdf") {
            let doc = lopdf::Document::load(entry.path())
                .unwrap_or_else(|e| panic!("{name} is not a complete PDF: {e}"));
            assert!(!doc.get_pages().is_empty(), "{name} has no pages");
            names.push(name);
        }
    }
    names.sort();
    names
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn read_only_folder_is_exit_2_without_partial_file() {
    let test = Test::new().file("plan.toml", PLAN).file("ro/keep", "");
    // Root ignores permission bits; /proc refuses new files to everyone.
    let target = if is_root() {
        "/proc/rx-sheet.pdf".to_owned()
    } else {
        let ro = test.path("ro");
        let mut perms = std::fs::metadata(&ro).expect("ro").permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&ro, perms).expect("chmod");
        "ro/sheet.pdf".to_owned()
    };
    let test = test.args(&["build", "plan.toml", "-o", &target]);
    let out = test.run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with(&format!("rx: error: cannot write {target}: ")),
        "{}",
        out.stderr
    );
    assert!(!Path::new(&target).exists() && !test.path(&target).exists());
    let entries: Vec<_> = std::fs::read_dir(test.path("ro")).expect("ro").collect();
    assert_eq!(entries.len(), 1, "only the file that was there");
}

#[test]
fn full_disk_is_exit_2_with_a_clear_message() {
    let out = Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "-o", "/dev/full"])
        .run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "rx: error: cannot write /dev/full: the disk is full\n"
    );
    assert!(
        std::fs::metadata("/dev/full").is_ok_and(|m| !m.is_file()),
        "the device is still a device"
    );
}

#[test]
fn killed_batches_leave_only_complete_pdfs_and_a_rerun_finishes_the_job() {
    const PATIENTS: usize = 400;
    let test = Test::new().file("plans.csv", batch_csv(PATIENTS));
    // Deterministic "random" moments; each kill hits a fresh folder, and the
    // last folder is the one the re-run finishes.
    let mut delay: u64 = 17;
    for attempt in 0..6 {
        delay = (delay * 7919 + 31) % 300 + 20;
        let dir = format!("out{attempt}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_rx"))
            .args(["build", "plans.csv", "-o", &dir])
            .current_dir(test.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start rx");
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if test.path(&dir).exists() {
            complete_pdfs(&test.path(&dir));
        }
    }
    // A kill before the folder was made leaves nothing, which is fine too.
    std::fs::create_dir_all(test.path("out5")).expect("folder");
    std::fs::rename(test.path("out5"), test.path("out")).expect("keep the last killed run");
    let before = complete_pdfs(&test.path("out")).len();
    assert!(
        before < PATIENTS,
        "the kill came after the batch had finished"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(["build", "plans.csv", "-o", "out", "--skip-existing"])
        .current_dir(test.dir.path())
        .output()
        .expect("run rx");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    let built = PATIENTS - before;
    assert!(
        summary.starts_with(&format!("built {built} of {PATIENTS} patients")),
        "{summary}"
    );
    let names = complete_pdfs(&test.path("out"));
    assert_eq!(names.len(), PATIENTS);
    // Nothing else is left: no temporary files of the killed run.
    assert_eq!(
        std::fs::read_dir(test.path("out")).expect("out").count(),
        PATIENTS
    );
    // Sheets finished across kills are the same bytes as an uninterrupted run.
    let clean = Test::new().file("plans.csv", batch_csv(PATIENTS)).args(&[
        "build",
        "plans.csv",
        "-o",
        "out",
    ]);
    assert_eq!(clean.run().code, 0);
    for name in &names {
        let a = std::fs::read(test.path("out").join(name)).expect("pdf");
        let b = std::fs::read(clean.path("out").join(name)).expect("pdf");
        assert_eq!(a, b, "{name}");
    }
}

#[cfg(unix)]
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
    let refused = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(["build", "plans.csv", "-o", "out"])
        .current_dir(test.dir.path())
        .output()
        .expect("run rx");
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(test.path("victim.txt")).unwrap(),
        "precious"
    );

    let forced = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(["build", "plans.csv", "-o", "out", "--force"])
        .current_dir(test.dir.path())
        .output()
        .expect("run rx");
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(test.path("victim.txt")).unwrap(),
        "precious"
    );
    let link = std::fs::symlink_metadata(test.path("out/A_2026-11-22.pdf")).expect("sheet");
    assert!(
        link.file_type().is_file(),
        "the link itself was replaced by the sheet"
    );
}

#[test]
fn booklet_to_a_full_disk_is_exit_2_and_the_device_stays() {
    let out = Test::new()
        .args(&["catalogue", "--format", "pdf", "-o", "/dev/full"])
        .run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "rx: error: cannot write /dev/full: the disk is full\n"
    );
    assert!(std::fs::metadata("/dev/full").is_ok_and(|m| !m.is_file()));
}
