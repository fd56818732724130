//! `rx check`: every rejection, each with its full diagnostic pinned once.

use rx::dose::Field;

use crate::support::{PLAN, Test, builtin_entry, limit_note, plan_with, repo};

/// Check `PLAN` with `from` replaced by `to`; expect exit 1, exactly
/// `stderr`, and the summary line that counts its errors and warnings.
fn rejects(from: &str, to: &str, stderr: &str) {
    Test::new()
        .file("plan.toml", plan_with(from, to))
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout(format!("plan.toml: invalid, {}\n", problems(stderr)))
        .stderr(stderr)
        .run();
}

/// "1 error", "2 errors, 1 warning": the problems in rendered diagnostics.
pub fn problems(stderr: &str) -> String {
    let count = |n: usize, noun: &str| match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    };
    let errors = stderr.matches("\nerror[").count() + usize::from(stderr.starts_with("error["));
    let warnings =
        stderr.matches("\nwarning[").count() + usize::from(stderr.starts_with("warning["));
    match (errors, warnings) {
        (e, 0) => count(e, "error"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    }
}

#[test]
fn unknown_exercise_suggests_nearest() {
    rejects(
        r#""Bridge""#,
        r#""Bridg""#,
        r#"error[RX0201]: unknown exercise "Bridg"
  --> plan.toml:14:8
   |
14 | name = "Bridg"
   |        ^^^^^^^ not in the catalogue
   = help: did you mean `bridge`?

"#,
    );
}

#[test]
fn unknown_key_suggests_reps() {
    rejects(
        "reps = 10",
        "rep = 10",
        r#"error[RX0104]: unknown key `rep` in [[exercise]]
  --> plan.toml:16:1
   |
16 | rep = 10
   | ^^^ not a known key
   = help: did you mean `reps`?

"#,
    );
}

#[test]
fn missing_patient_name() {
    rejects(
        "name = \"José Müller-Łukasz\"\n",
        "",
        r#"error[RX0106]: missing patient name
 --> plan.toml:1:1
  |
1 | [patient]
  | ^^^^^^^^^
  = help: add `name = "..."`

"#,
    );
}

#[test]
fn missing_prescriber_name() {
    rejects(
        "name = \"Dana Reyes, PT, DPT\"\n",
        "",
        r#"error[RX0106]: missing prescriber name
 --> plan.toml:5:1
  |
5 | [prescriber]
  | ^^^^^^^^^^^^
  = help: add `name = "..."`

"#,
    );
}

/// The bridge's reps limit from the built-in catalogue: its range, its
/// bounds and the note a limit diagnostic gives, so these tests pin the
/// diagnostic's shape, not the catalogue's numbers.
fn bridge_reps() -> (String, u32, u32, String) {
    let entry = builtin_entry("bridge");
    let reps = &entry.limits.reps;
    let note = limit_note("bridge", Field::Reps);
    (reps.range(), reps.min, reps.max, note)
}

#[test]
fn dose_above_limit() {
    let (range, _, max, note) = bridge_reps();
    let over = max + 1;
    let carets = "^".repeat(over.to_string().len());
    rejects(
        "reps = 10",
        &format!("reps = {over}"),
        &format!(
            r#"error[RX0203]: bridge: {over} reps is above the catalogue limit of {max}
  --> plan.toml:16:8
   |
16 | reps = {over}
   |        {carets} allowed: {range} reps
   = note: {note}
   = help: to prescribe beyond the limit on purpose, add `exceed.reps = "<reason>"`

"#
        ),
    );
}

#[test]
fn a_dose_beyond_twice_the_limit_is_an_error_no_reason_covers() {
    let (range, _, max, note) = bridge_reps();
    let far = 2 * max + 1;
    let carets = "^".repeat(far.to_string().len());
    rejects(
        "reps = 10",
        &format!("reps = {far}\nexceed = \"week 3 progression\""),
        &format!(
            r#"error[RX0203]: bridge: {far} reps is above the catalogue limit of {max}
  --> plan.toml:16:8
   |
16 | reps = {far}
   |        {carets} allowed: {range} reps
   = note: {note}
   = note: more than 2 × the limit's upper bound: no `exceed` reason covers it
   = help: check the number; the reason given does not cover a dose this far beyond the limit

"#
        ),
    );
}

#[test]
fn dose_below_limit() {
    let (range, min, _, note) = bridge_reps();
    assert!(min > 1, "the bridge's minimum leaves room below it");
    let under = min - 1;
    let carets = "^".repeat(under.to_string().len());
    rejects(
        "reps = 10",
        &format!("reps = {under}"),
        &format!(
            r#"error[RX0203]: bridge: {under} reps is below the catalogue minimum of {min}
  --> plan.toml:16:8
   |
16 | reps = {under}
   |        {carets} allowed: {range} reps
   = note: {note}
   = help: to prescribe beyond the limit on purpose, add `exceed.reps = "<reason>"`

"#
        ),
    );
}

#[test]
fn hold_on_exercise_without_hold() {
    rejects(
        r#""Bridge""#,
        r#""sciatic nerve glides""#,
        r#"error[RX0204]: sciatic-nerve-glides: this exercise has no hold
  --> plan.toml:17:8
   |
17 | hold = 10
   |        ^^ remove this line
   = note: "Sciatic nerve glides" is not held in any of its sources

"#,
    );
}

#[test]
fn side_on_exercise_not_per_side() {
    rejects(
        "per_day = 1",
        "per_day = 1\nside = \"left\"",
        r#"error[RX0204]: bridge: this exercise is not done one side at a time
  --> plan.toml:19:8
   |
19 | side = "left"
   |        ^^^^^^ remove this line
   = note: not per side: from "Stretches to Relieve Lower Back Pain", "I’M a Physical Therapist. These Are the 4 Essential Pain-Relieving Stretches I Do for Intense Back Pain", "Hip pain (leaflet with exercises)", "Bridging (Healthwise exercise page)" and "Bridging (MSD Manual exercise page)"

"#,
    );
}

#[test]
fn zero_is_rejected() {
    rejects(
        "reps = 10",
        "reps = 0",
        r#"error[RX0107]: `reps` must be at least 1, not 0
  --> plan.toml:16:8
   |
16 | reps = 0
   |        ^ must be a positive whole number

"#,
    );
}

#[test]
fn negative_is_rejected() {
    rejects(
        "reps = 10",
        "reps = -3",
        r#"error[RX0107]: `reps` must be at least 1, not -3
  --> plan.toml:16:8
   |
16 | reps = -3
   |        ^^ must be a positive whole number

"#,
    );
}

#[test]
fn number_too_large_for_field() {
    rejects(
        "reps = 10",
        "reps = 100000000000",
        r#"error[RX0107]: `reps` = 100000000000 is too large for the field
  --> plan.toml:16:8
   |
16 | reps = 100000000000
   |        ^^^^^^^^^^^^ at most 500

"#,
    );
}

#[test]
fn wrong_type() {
    rejects(
        "reps = 10",
        r#"reps = "ten""#,
        r#"error[RX0105]: `reps` must be a whole number, not a string
  --> plan.toml:16:8
   |
16 | reps = "ten"
   |        ^^^^^ expected a whole number

"#,
    );
}

#[test]
fn review_before_issue() {
    rejects(
        "review = 2026-12-06",
        "review = 2026-11-20",
        r#"error[RX0302]: review date 2026-11-20 is not after the issue date 2026-11-22
  --> plan.toml:11:10
   |
11 | review = 2026-11-20
   |          ^^^^^^^^^^ issued 2026-11-22

"#,
    );
}

#[test]
fn unreadable_date_string() {
    rejects(
        "review = 2026-12-06",
        r#"review = "next week""#,
        r#"error[RX0301]: `review` is not a date: "next week"
  --> plan.toml:11:10
   |
11 | review = "next week"
   |          ^^^^^^^^^^^ expected a date like 2026-11-22
   = help: write dates as YYYY-MM-DD

"#,
    );
}

#[test]
fn impossible_date() {
    rejects(
        "review = 2026-12-06",
        "review = 2026-02-30",
        r#"error[RX0301]: `review`: 2026-02-30 is not a day of the calendar
  --> plan.toml:11:10
   |
11 | review = 2026-02-30
   |          ^^^^^^^^^^ no such day
   = help: check the month (01–12) and the day of that month

"#,
    );
}

#[test]
fn review_and_weeks() {
    rejects(
        "review = 2026-12-06",
        "review = 2026-12-06\nweeks = 2",
        r#"error[RX0202]: both `review` and `weeks` are given
  --> plan.toml:12:1
   |
12 | weeks = 2
   | ^^^^^ remove this or `review`
   = help: give either `review` or `weeks`, not both

"#,
    );
}

#[test]
fn per_day_and_per_week() {
    rejects(
        "per_day = 1",
        "per_day = 1\nper_week = 3",
        r#"error[RX0202]: both `per_day` and `per_week` are given
  --> plan.toml:19:1
   |
19 | per_week = 3
   | ^^^^^^^^ remove this or `per_day`
   = help: give either `per_day` or `per_week`, not both

"#,
    );
}

#[test]
fn unknown_side() {
    rejects(
        r#"side = "both""#,
        r#"side = "middle""#,
        r#"error[RX0107]: unknown side "middle"
  --> plan.toml:22:8
   |
22 | side = "middle"
   |        ^^^^^^^^
   = help: use "left", "right", "both" or "alternate"

"#,
    );
}

#[test]
fn empty_exceed_reason() {
    rejects(
        "per_day = 1",
        "per_day = 1\nexceed = \"\"",
        r#"error[RX0107]: `exceed` is empty
  --> plan.toml:19:10
   |
19 | exceed = ""
   |          ^^ write the reason for going beyond the limits

"#,
    );
}

#[test]
fn missing_review() {
    rejects(
        "review = 2026-12-06\n",
        "",
        r#"error[RX0106]: missing review date
 --> plan.toml:9:1
  |
9 | [plan]
  | ^^^^^^
  = help: add `review = YYYY-MM-DD` or `weeks = N` under [plan]

"#,
    );
}

#[test]
fn example_plan_checks_clean() {
    let example = repo("examples/plan.toml");
    Test::new()
        .args(&["check", example.to_str().expect("a UTF-8 path")])
        .status(0)
        .stdout_ends_with("examples/plan.toml: ok, 6 exercises, 1 warning\n")
        .stderr_starts_with(
            "warning[RX0203]: cat-stretch: 12 reps is above the catalogue limit of 10\n",
        )
        .run();
}

#[test]
fn empty_file_is_rejected() {
    Test::new()
        .file("plan.toml", "  \n")
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr(
            "error[RX0102]: the file is empty\n  --> plan.toml\n   = help: start from a routine: `rx new plan.toml --routine four-essential`\n\n",
        )
        .run();
}

#[test]
fn non_utf8_file_points_at_the_bad_byte() {
    Test::new()
        .file("plan.toml", b"[patient]\nname = \"Jos\xe9\"\n")
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_starts_with("error[RX0103]: the file is not UTF-8 text\n --> plan.toml:2:12\n")
        .run();
}

#[test]
fn toml_syntax_error_is_located() {
    Test::new()
        .file("plan.toml", "[patient\nname = 1\n")
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr(
            "error[RX0101]: invalid TOML: invalid table header expected `.`, `]`\n --> plan.toml:1:9\n  |\n1 | [patient\n  |         ^ here\n\n",
        )
        .run();
}

#[test]
fn missing_file_and_directory_exit_2_and_other_files_are_still_checked() {
    Test::new()
        .file("plan.toml", PLAN)
        .file("folder/x", "")
        .args(&["check", "nope.toml", "folder", "plan.toml"])
        .status(2)
        .stdout("plan.toml: ok, 2 exercises\n")
        .stderr(
            "rx: error: cannot read nope.toml: no such file or folder\nrx: error: folder is a directory, not a file\n",
        )
        .run();
}

#[test]
fn every_problem_in_a_file_is_reported_in_one_run() {
    let text = plan_with("reps = 10", "rep = 10")
        .replace("per_day = 1", "per_day = 5")
        .replace("\"knee to chest\"", "\"kne to chest\"")
        .replace("review = 2026-12-06", "review = 2026-11-01");
    Test::new()
        .file("plan.toml", text)
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout_starts_with("plan.toml: invalid, ")
        .stderr_satisfies(
            "has errors RX0302, RX0104, RX0203, RX0201 in that order",
            |stderr| {
                let codes: Vec<&str> = stderr
                    .lines()
                    .filter(|l| l.starts_with("error["))
                    .map(|l| &l[6..12])
                    .collect();
                codes == ["RX0302", "RX0104", "RX0203", "RX0201"]
            },
        )
        .run();
}

#[test]
fn exceed_reason_turns_the_error_into_a_warning() {
    let max = builtin_entry("bridge").limits.reps.max;
    // Beyond the limit, within twice it: a reason covers it.
    let over = max + 2;
    Test::new()
        .file(
            "plan.toml",
            plan_with(
                "reps = 10",
                &format!("reps = {over}\nexceed = \"Week 3 progression\""),
            ),
        )
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 2 exercises, 1 warning\n")
        .stderr_starts_with(format!(
            "warning[RX0203]: bridge: {over} reps is above the catalogue limit of {max}\n"
        ))
        .stderr_contains("= note: allowed by the reason given: \"Week 3 progression\"")
        .run();
}

#[test]
fn duplicate_exercise_warns_and_deny_warnings_fails() {
    let text = format!("{PLAN}\n[[exercise]]\nname = \"BRIDGE\"\n");
    Test::new()
        .file("plan.toml", &text)
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 3 exercises, 1 warning\n")
        .stderr(
            r#"warning[RX0401]: `bridge` is in the plan twice (exercises 1 and 3)
  --> plan.toml:25:8
   |
25 | name = "BRIDGE"
   |        ^^^^^^^^ same exercise as an earlier one
   = help: merge the two doses into one exercise

"#,
        )
        .run();
    Test::new()
        .file("plan.toml", &text)
        .args(&["check", "--deny-warnings", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 warning (--deny-warnings)\n")
        .stderr_starts_with("warning[RX0401]: `bridge` is in the plan twice (exercises 1 and 3)\n")
        .run();
}

#[test]
fn more_than_fifteen_exercises_warns() {
    let names = [
        "lower-trunk-rotation",
        "kneeling-hip-flexor-stretch",
        "bottom-stretch",
        "towel-hamstring-stretch",
        "lower-back-stretch",
        "pelvic-tilt",
        "bird-dog",
        "deep-abdominal-stretch",
        "spine-press-up",
        "lower-back-flexibility-exercise",
        "cat-stretch",
        "seated-lower-back-rotational-stretch",
        "sciatic-nerve-glides",
        "spine stretch",
        "hip flexor stretch",
    ];
    let mut text = PLAN.to_owned();
    for name in names {
        text.push_str(&format!("\n[[exercise]]\nname = \"{name}\"\n"));
    }
    Test::new()
        .file("plan.toml", text)
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 17 exercises, 3 warnings\n")
        .stderr_contains(
            "warning[RX0402]: the plan has 17 exercises; more than 15 is a long session to do at home",
        )
        .run();
}

#[test]
fn json_output_is_one_array_for_all_files() {
    let expected = serde_json::json!([
        {
            "file": "a.toml", "line": 16, "column": 8, "column_name": null, "patient_id": null,
            "severity": "error", "code": "RX0203",
            "message": format!("bridge: 40 reps is above the catalogue limit of {}", builtin_entry("bridge").limits.reps.max),
            "help": "check the number; a dose this far beyond the limit is not prescribed with `exceed`"
        },
        {
            "file": "b.toml", "line": 14, "column": 8, "column_name": null, "patient_id": null,
            "severity": "error", "code": "RX0201",
            "message": "unknown exercise \"Bridg\"",
            "help": "did you mean `bridge`?"
        }
    ]);
    let out = Test::new()
        .file("a.toml", plan_with("reps = 10", "reps = 40"))
        .file("b.toml", plan_with("\"Bridge\"", "\"Bridg\""))
        .args(&["check", "--format", "json", "a.toml", "b.toml"])
        .status(1)
        .stdout_satisfies("is valid JSON", |s| {
            serde_json::from_str::<serde_json::Value>(s).is_ok()
        })
        .stderr("")
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("checked above");
    assert_eq!(json, expected);
}

#[test]
fn clean_plan_gives_an_empty_json_array() {
    Test::new()
        .file("plan.toml", PLAN)
        .args(&["check", "--format", "json", "plan.toml"])
        .status(0)
        .stdout("[]\n")
        .run();
}

#[test]
fn help_documents_exit_codes() {
    Test::new()
        .args(&["--help"])
        .status(0)
        .stdout_contains("Exit codes:\n  0  every plan is valid")
        .stdout_contains("  2  usage, input/output or internal error")
        .run();
}
