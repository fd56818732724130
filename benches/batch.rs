//! Benchmark for CSV batches: prints figures, asserts nothing.
//!
//! Run with `cargo bench --bench batch`. Generates N synthetic patients x 6
//! exercises, runs `rx build plans.csv -o DIR` under GNU time
//! (`/usr/bin/time`, Debian package `time`) and reports sheets per second,
//! bytes per sheet and peak RSS, for N = 1,000 and 10,000, each with and
//! without `--report` (the report must not cost the rate); set
//! `RX_BENCH_LARGE=1` to add N = 100,000. Targets on a 2-core machine: at
//! least 1,000 sheets/s at N = 10,000 with `--report`; peak RSS under 100 MB
//! at N = 10,000 and at most 1.2 times that at N = 100,000.
//!
//! The N = 10,000 batch is then built once more from the same rows as an
//! `.xlsx` workbook (written with rust_xlsxwriter, dates as date cells), for
//! its time and peak RSS beside the CSV's.
//!
//! Each line also gives the CPU time per sheet, user (rx's own work: check,
//! lay out, render) and sys (the kernel: mostly creating each sheet's file).
//! On a shared machine the rate moves with the other load and sys with the
//! file system (on this ext4, creating a file cost 0.1 to 0.6 ms from one
//! run to the next), while user stays put: compare user when comparing
//! builds of rx.
//!
//! Every synthetic patient has the same six exercises and a name made of
//! the same letters, so every sheet draws the same glyphs and wraps the
//! same texts: rx's per-thread memory of embedded faces (render::faces) and
//! wrapped lines (layout::text) serves nearly every sheet. A real batch's
//! names and exercise lists vary, and its faces must mostly be made afresh:
//! under callgrind, 6.5M instructions per sheet here against 9.1M for 267
//! patients with varied names and three to six exercises each.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

const EXERCISES: [&str; 6] = [
    "knee-to-chest-stretch",
    "lower-trunk-rotation",
    "pelvic-tilt",
    "bridge",
    "towel-hamstring-stretch",
    "cat-stretch",
];

fn csv(patients: usize) -> String {
    let mut out = String::from(
        "patient_id,patient_name,prescriber,clinic,issued,review,exercise,sets,reps,hold,per_day,per_week,side,note,exceed\n",
    );
    for p in 0..patients {
        for exercise in EXERCISES {
            let _ = writeln!(
                out,
                "MRN-{p:06},Patient {p} Müller,Dana Reyes PT,Riverside Physical Therapy,2026-11-22,2026-12-06,{exercise},,,,,,,,"
            );
        }
    }
    out
}

/// The rows of `csv(patients)` as an `.xlsx` workbook, the dates as date
/// cells.
fn xlsx(patients: usize) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let text = csv(patients);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            let day = (r > 0)
                .then(|| ExcelDateTime::parse_from_str(cell).ok())
                .flatten();
            let written = match day {
                Some(day) => sheet.write_datetime_with_format(r, c, &day, &date),
                None if cell.is_empty() => continue,
                None => sheet.write_string(r, c, cell),
            };
            written.expect("a cell");
        }
    }
    book.save_to_buffer().expect("the workbook")
}

/// What one run took.
struct Run {
    seconds: f64,
    rss_kb: u64,
    /// Total bytes of the PDFs.
    bytes: u64,
    /// CPU seconds, in rx and in the kernel for rx.
    user: f64,
    sys: f64,
}

fn run(patients: usize, dir: &Path, report: bool, workbook: bool) -> Run {
    let input = if workbook {
        let input = dir.join(format!("plans-{patients}.xlsx"));
        std::fs::write(&input, xlsx(patients)).expect("write workbook");
        input
    } else {
        let input = dir.join(format!("plans-{patients}.csv"));
        std::fs::write(&input, csv(patients)).expect("write CSV");
        input
    };
    let out = dir.join(format!("out-{patients}"));
    let report_file = dir.join("report.json");
    let mut command = Command::new("/usr/bin/time");
    command
        .env("RX_CONFIG", "") // no clinic settings file
        .args(["-f", "%e %M %U %S"])
        .arg(env!("CARGO_BIN_EXE_rx"))
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out);
    if report {
        command.arg("--report").arg(&report_file);
    }
    let result = command
        .output()
        .expect("GNU time at /usr/bin/time (apt-get install time)");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    let last = stderr.lines().last().expect("time's line");
    let mut fields = last.split_whitespace();
    let seconds: f64 = fields.next().and_then(|s| s.parse().ok()).expect("elapsed");
    let rss: u64 = fields.next().and_then(|s| s.parse().ok()).expect("max RSS");
    let user: f64 = fields.next().and_then(|s| s.parse().ok()).expect("user");
    let sys: f64 = fields.next().and_then(|s| s.parse().ok()).expect("sys");
    let bytes: u64 = std::fs::read_dir(&out)
        .expect("output")
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .sum();
    let built = std::fs::read_dir(&out).expect("output").count();
    assert_eq!(built, patients, "every patient built");
    if report {
        let text = std::fs::read_to_string(&report_file).expect("the report");
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            json["summary"]["built"], patients,
            "the report counts every sheet"
        );
        std::fs::remove_file(&report_file).expect("clean up");
    }
    std::fs::remove_dir_all(&out).expect("clean up");
    Run {
        seconds,
        rss_kb: rss,
        bytes,
        user,
        sys,
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("RX_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!("batch: N patients x 6 exercises, {cores} cores");
    let mut rss_10k = None;
    for n in sizes {
        for report in [false, true] {
            let Run {
                seconds,
                rss_kb,
                bytes,
                user,
                sys,
            } = run(n, dir.path(), report, false);
            let rate = n as f64 / seconds.max(1e-3);
            let mb = rss_kb as f64 / 1024.0;
            let per_sheet = |s: f64| s * 1000.0 / n as f64;
            print!(
                "N = {n:>6}{}: {seconds:.2} s, {rate:.0} sheets/s, {:.1} KB per sheet, peak RSS {mb:.1} MB, CPU per sheet {:.2} ms user + {:.2} ms sys",
                if report { ", --report" } else { "          " },
                bytes as f64 / n as f64 / 1024.0,
                per_sheet(user),
                per_sheet(sys),
            );
            if n == 10_000 && report {
                print!(" (targets: >= 1000 sheets/s, < 100 MB)");
            }
            if n == 10_000 && !report {
                rss_10k = Some(mb);
            }
            if let (100_000, Some(base)) = (n, rss_10k) {
                print!(" ({:.2}x the N = 10,000 peak; target <= 1.2x)", mb / base);
            }
            println!();
        }
    }
    let n = 10_000;
    let Run {
        seconds, rss_kb, ..
    } = run(n, dir.path(), false, true);
    println!(
        "N = {n:>6} as .xlsx: {seconds:.2} s, {:.0} sheets/s, peak RSS {:.1} MB",
        n as f64 / seconds.max(1e-3),
        rss_kb as f64 / 1024.0
    );
}
