//! `rx build plans.csv -o DIR` when something else happens to DIR, the
//! input or the run itself: what the run says it built is what is there.

use crate::support::{CSV_HEADER as HEADER, Test, csv_row as row, file_names, locked};

/// The output folder is replaced by a symlink to another folder while the
/// batch writes: the sheets written after that are not in it, so the run
/// must not say "built". rx is held mid-run by a full stderr pipe (the
/// skipped patient's diagnostic is written between the two sheets).
#[cfg(target_os = "linux")]
#[test]
fn batch_does_not_say_built_when_its_folder_was_replaced_mid_run() {
    use std::io::{Read as _, Write as _};
    let rows = [
        HEADER.to_owned(),
        row("A", "Ann Lee", "bridge", ""),
        row("B", "Bo Chan", "nonsense", ""),
        row("C", "Cy Dunn", "bridge", ""),
    ];
    let test = Test::new().file("plans.csv", rows.join("\n"));
    std::fs::create_dir(test.path("elsewhere")).expect("a folder");
    let run = test
        .in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--jobs", "1"]);
    let (mut reader, mut writer) = std::io::pipe().expect("a pipe");
    // Fill the pipe (64 KiB on Linux), so rx's first diagnostic waits.
    writer.write_all(&[b'.'; 65536]).expect("fill the pipe");
    let child = run
        .command()
        .stderr(writer)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run rx");
    let first = test.path("out/A_2026-11-22.pdf");
    let start = std::time::Instant::now();
    while !first.exists() || !locked(&test.path("out")) {
        assert!(start.elapsed().as_secs() < 120, "rx never wrote A's sheet");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::fs::rename(test.path("out"), test.path("moved")).expect("move the folder");
    std::os::unix::fs::symlink("elsewhere", test.path("out")).expect("a symlink");
    let mut stderr = Vec::new();
    reader.read_to_end(&mut stderr).expect("stderr");
    let output = child.wait_with_output().expect("rx ends");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&stderr[65536..]).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("unknown exercise \"nonsense\""), "{stderr}");
    assert!(
        stderr.ends_with("rx: error: out was moved or replaced while rx wrote sheets into it; some sheets of this run may be in another folder, so none is reported built; build again into a folder nothing else changes\n"),
        "{stderr}"
    );
    // C's sheet went through the symlink: the case the error is about.
    assert!(test.path("elsewhere/C_2026-11-22.pdf").exists());
}

/// The same CSV built twice at once into one folder: each run finds some
/// sheets the other just wrote, byte for byte the ones it would write.
/// Neither may call them "not the sheet this plan gives".
#[test]
fn the_same_batch_twice_at_once_reports_no_clash() {
    let mut rows = vec![HEADER.to_owned()];
    rows.extend((0..200).map(|i| row(&format!("P{i}"), &format!("Pat {i}"), "bridge", "")));
    let test = Test::new().file("plans.csv", rows.join("\n"));
    let run = test
        .in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--jobs", "1"]);
    let both: Vec<std::process::Child> = (0..2)
        .map(|_| {
            run.command()
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("run rx")
        })
        .collect();
    let mut built = 0;
    for child in both {
        let output = child.wait_with_output().expect("rx ends");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
        assert_eq!(stderr, "");
        let counted = stdout
            .strip_prefix("built ")
            .and_then(|s| s.split_once(' '))
            .and_then(|(n, _)| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("a summary line: {stdout}"));
        built += counted;
    }
    // Every sheet was written once, by one run or the other.
    assert_eq!(built, 200);
}

/// A CSV with a header and no rows (an empty export) read no patient: that
/// is not a batch that built every patient, so it is an error (exit 1),
/// and no output folder is made for it.
#[test]
fn a_header_only_csv_reads_no_patients_and_fails() {
    let test = Test::new()
        .file("plans.csv", format!("{HEADER}\n"))
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("plans.csv: no patients read; no sheet written\n")
        .stderr("");
    test.run();
    assert!(!test.path("out").exists());
    test.in_same_folder()
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: invalid, no patients read\n")
        .stderr("")
        .run();
}

/// Rows without a patient id are no patient's: they are counted apart, not
/// as skipped patients ("built 1 of 1 patient, skipped 1" read wrong).
#[test]
fn rows_without_a_patient_id_are_counted_apart_from_patients() {
    let rows = [
        HEADER.to_owned(),
        row("P", "Ann Lee", "bridge", ""),
        row("", "Bo Chan", "bridge", ""),
        row("", "Cy Dunn", "bridge", ""),
    ];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 1 of 1 patient, skipped 0, 2 rows without a patient id; written to out\n")
        .stderr_contains("error[RX0106]: row without a patient id\n  --> plans.csv:3:patient_id\n");
    test.run();
    test.in_same_folder()
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: 1 patient, 1 valid, 0 invalid, 2 rows without a patient id\n")
        .stderr_contains("  --> plans.csv:4:patient_id\n")
        .run();
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "out", "--format", "json"])
        .status(1)
        .stdout_contains("\"skipped\": 0,\n    \"rows_without_id\": 2,\n    \"failed\": 0\n")
        .run();
    // Only rows without an id: no patient read.
    test.in_same_folder()
        .file(
            "none.csv",
            [HEADER.to_owned(), row("", "Bo Chan", "bridge", "")].join("\n"),
        )
        .args(&["check", "none.csv"])
        .status(1)
        .stdout("none.csv: invalid, no patients read\n")
        .stderr_contains("row without a patient id")
        .run();
}

/// A CSV on stdin is copied to a temporary file (the batch reads it twice).
/// Interrupted (Ctrl-C) or killed while it reads, rx must not leave that
/// copy of every patient's data in the temporary folder.
#[cfg(unix)]
#[test]
fn stdin_csv_leaves_no_copy_behind_when_interrupted_or_killed() {
    use std::io::Write as _;
    for signal in ["INT", "KILL"] {
        if signal == "INT" && interrupt_ignored_here() {
            // A child inherits an ignored SIGINT (a job a non-interactive
            // shell put in the background), and rx rightly keeps it so:
            // the interrupt would never end it.
            eprintln!("SIGINT is ignored by this test run: only SIGKILL is tried");
            continue;
        }
        let test = Test::new();
        let temp = test.path("tmp");
        std::fs::create_dir(&temp).expect("a temporary folder");
        let run = test
            .in_same_folder()
            .env("TMPDIR", &temp.to_string_lossy())
            .args(&["build", "-", "--input-format", "csv", "-o", "out"]);
        let mut child = run
            .command()
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run rx");
        let mut stdin = child.stdin.take().expect("stdin");
        let rows = [HEADER.to_owned(), row("P1", "Ann Lee", "bridge", "")];
        stdin
            .write_all((rows.join("\n") + "\n").as_bytes())
            .expect("the rows");
        // rx is still reading stdin (it is not closed). Wait for its copy
        // to show, up to a second (an unnamed one never does).
        let start = std::time::Instant::now();
        while start.elapsed().as_millis() < 1000 && file_names(&temp).is_empty() {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let pid = child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill");
        assert!(killed.success());
        // Fail, never hang, if the signal does not end rx.
        let waited = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("rx's status") {
                break status;
            }
            if waited.elapsed().as_secs() >= 20 {
                child.kill().expect("end rx");
                panic!("SIG{signal} did not end rx within 20 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert!(!status.success(), "SIG{signal}: {status}");
        drop(stdin);
        assert_eq!(file_names(&temp), Vec::<String>::new(), "after SIG{signal}");
    }
}

/// Whether this process ignores SIGINT, so the rx it starts does too
/// (Linux tells in /proc; elsewhere assume it does not).
#[cfg(unix)]
fn interrupt_ignored_here() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let mask = status.lines().find_map(|l| l.strip_prefix("SigIgn:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .is_some_and(|mask| mask & (1 << (2 - 1)) != 0)
}
