//! `rx build plans.csv -o DIR --combine FILE.pdf`: the combined PDF holds
//! exactly the sheets this run rendered, and each sheet starts on a new sheet
//! of paper when printed double-sided.

use crate::pdf::{Pdf, flat};
use crate::support::{CSV_HEADER as HEADER, Test, csv_row as row, locked};

/// Another run with `--force` writes over a sheet after this run wrote it
/// and before this run combines: the combined PDF must not print the other
/// run's doses under this run's "built". rx is held between the two by a
/// full stdout pipe (its summary line is written before it combines).
#[cfg(target_os = "linux")]
#[test]
fn combine_refuses_a_sheet_another_run_wrote_over() {
    use std::io::{Read as _, Write as _};
    let ours = [
        HEADER.to_owned(),
        row("Z", "Zoe Zed", "bridge", "8"),
        row("Y", "Yan Yu", "bird dog", ""),
    ];
    let theirs = [HEADER.to_owned(), row("Z", "Zoe Zed", "bridge", "12")];
    let test = Test::new()
        .file("theirs.csv", theirs.join("\n"))
        .args(&["build", "theirs.csv", "-o", "other"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to other\n");
    test.run();
    let run = test
        .in_same_folder()
        .file("ours.csv", ours.join("\n"))
        .args(&["build", "ours.csv", "-o", "out", "--combine", "day.pdf"]);
    let (mut reader, mut writer) = std::io::pipe().expect("a pipe");
    // Fill the pipe (64 KiB on Linux), so rx's first line to stdout waits.
    writer.write_all(&[b'.'; 65536]).expect("fill the pipe");
    let child = run
        .command()
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run rx");
    let sheet = test.path("out/Z_2026-11-22.pdf");
    let start = std::time::Instant::now();
    while !sheet.exists() || locked(&test.path("out")) {
        assert!(start.elapsed().as_secs() < 120, "rx never wrote its sheets");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The other run's sheet for Z (12 reps, not 8) takes its name.
    let swap = test.path("out/swap.tmp");
    std::fs::copy(test.path("other/Z_2026-11-22.pdf"), &swap).expect("copy");
    std::fs::rename(&swap, &sheet).expect("rename");
    let mut stdout = Vec::new();
    reader.read_to_end(&mut stdout).expect("stdout");
    let output = child.wait_with_output().expect("rx ends");
    let stdout = String::from_utf8_lossy(&stdout[65536..]).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert_eq!(stdout, "built 2 of 2 patients, skipped 0; written to out\n");
    assert_eq!(
        stderr,
        "rx: error: cannot combine out/Z_2026-11-22.pdf: it is no longer the sheet this run wrote (another run into the same folder?); day.pdf not written, so it cannot print another run's doses; build again, one run at a time\n"
    );
    assert!(!test.path("day.pdf").exists());
}

/// Printed double-sided, a sheet of an odd number of pages would put the
/// next patient's first page on the back of its last: each sheet starts
/// on an odd page, after a page that says it is blank on purpose, unless
/// `--combine-simplex` asks for the sheets back to back.
#[test]
fn combine_starts_every_sheet_on_an_odd_page_for_double_sided_printing() {
    let rows = [
        HEADER.to_owned(),
        row("Y", "Yan Yu", "bird dog", ""),
        row("Y", "Yan Yu", "bridge", ""),
        row("Y", "Yan Yu", "pelvic tilt", ""),
        row("Y", "Yan Yu", "cat stretch", ""),
        row("Z", "Zoe Zed", "bridge", ""),
    ];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out", "--combine", "day.pdf"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\nwrote day.pdf: 6 pages of 2 sheets\n");
    test.run();
    let yan = Pdf::open(&test.path("out/Y_2026-11-22.pdf")).pages();
    let zoe = Pdf::open(&test.path("out/Z_2026-11-22.pdf")).pages();
    // Zoe's one exercise and its log share a page.
    assert_eq!(
        (yan, zoe),
        (3, 1),
        "the case needs a sheet of odd length first"
    );
    let combined = Pdf::open(&test.path("day.pdf"));
    assert_eq!(combined.pages(), 6);
    assert!(flat(&combined.page_text(1)).contains("Home exercises for Yan Yu"));
    assert_eq!(
        flat(&combined.page_text(4)),
        "This page is intentionally blank"
    );
    assert!(flat(&combined.page_text(5)).contains("Home exercises for Zoe Zed"));
    assert_eq!(combined.page_size(4), combined.page_size(3));

    test.in_same_folder()
        .args(&[
            "build",
            "plans.csv",
            "-o",
            "out",
            "--combine",
            "simplex.pdf",
            "--combine-simplex",
        ])
        .status(0)
        .stdout("built 0 of 2 patients, unchanged 2, skipped 0; out is up to date\nwrote simplex.pdf: 4 pages of 2 sheets\n")
        .run();
    let simplex = Pdf::open(&test.path("simplex.pdf"));
    assert_eq!(simplex.pages(), 4);
    assert!(flat(&simplex.page_text(4)).contains("Home exercises for Zoe Zed"));
    assert!(!simplex.text().contains("intentionally blank"));
}
