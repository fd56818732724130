//! Resource limits: hostile sizes end with a located error, not
//! exhaustion. A generous wall-clock guard catches a hang, not speed.

use std::time::{Duration, Instant};

use crate::support::{PLAN, Test};

/// `rx check NAME` on a file holding `contents`.
fn check(name: &str, contents: Vec<u8>) -> Test {
    Test::new().file(name, contents).args(&["check", name])
}

/// Run `test`, which must finish within the guard.
fn run_in_time(test: Test) {
    let started = Instant::now();
    test.run();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn deeply_nested_toml_is_a_syntax_error() {
    let text = format!("a = {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
    run_in_time(
        check("plan.toml", text.into_bytes())
            .status(1)
            .stdout("plan.toml: invalid, 1 error\n")
            .stderr_starts_with("error[RX0101]: invalid TOML: recursion limit exceeded\n"),
    );
}

#[test]
fn enormous_plan_file_is_refused_before_parsing() {
    let text = format!("{PLAN}# {}\n", "x".repeat(2_000_000));
    run_in_time(
        check("plan.toml", text.into_bytes())
            .status(1)
            .stdout("plan.toml: invalid, 1 error\n")
            .stderr_starts_with(
                "error[RX0108]: the file is larger than 1048576 bytes, the most rx reads\n",
            ),
    );
}

#[test]
fn ten_thousand_exercises_are_capped() {
    let text = format!(
        "{PLAN}{}",
        "\n[[exercise]]\nname = \"cat stretch\"\n".repeat(10_000)
    );
    run_in_time(
        check("plan.toml", text.into_bytes())
            .status(1)
            // The first 100 are still checked: 98 cat stretches listed
            // together are far beyond a day's total (reps and holding),
            // and take more than an hour a day.
            .stdout("plan.toml: invalid, 3 errors, 99 warnings\n")
            .stderr_contains(
                "error[RX0108]: the plan has 10002 exercises; rx accepts at most 100\n",
            )
            .stderr_contains("error[RX0206]: cat-stretch: listed 98 times, "),
    );
}

#[test]
fn a_50_mb_csv_cell_is_refused_at_its_row() {
    let csv = format!(
        "patient_id,patient_name,exercise\nP1,\"{}\",bridge\n",
        "x".repeat(50_000_000)
    );
    run_in_time(
        check("plans.csv", csv.into_bytes())
            .status(1)
            .stdout("plans.csv: 1 patient, 0 valid, 1 invalid\n")
            .stderr(
                "error[RX0108]: patient P1: row 2 is longer than 64 KiB; rx did not read the rest of it\n  --> plans.csv:2:row\n\n",
            ),
    );
}

#[test]
fn a_million_column_header_is_refused() {
    let header: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
    run_in_time(
        check("plans.csv", format!("{}\n", header.join(",")).into_bytes())
            .status(1)
            .stdout("plans.csv: invalid, no patients read\n")
            .stderr_starts_with(
                "error[RX0108]: the header is longer than 64 KiB\n  --> plans.csv:1:header\n",
            ),
    );
}

#[test]
fn long_text_fields_are_capped() {
    let note = "n".repeat(5_000);
    let plan = PLAN.replacen(
        "side = \"both\"",
        &format!("side = \"both\"\nnote = \"{note}\""),
        1,
    );
    run_in_time(
        check("plan.toml", plan.into_bytes())
            .status(1)
            .stdout("plan.toml: invalid, 1 error\n")
            .stderr_starts_with("error[RX0108]: `note` is longer than 2000 characters\n"),
    );
}
