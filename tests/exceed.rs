//! What an `exceed` reason covers: a bare reason one field beyond its limit
//! (or the day's total alone), a reason per part only its part, and nothing
//! beyond twice a limit's upper bound.

use crate::support::{Test, builtin_entry};

const HEAD: &str = r#"[patient]
name = "Ada Patient"
[prescriber]
name = "Dana Reyes, PT"
[plan]
issued = 2026-11-22
weeks = 2
"#;

/// A bridge with `dose` written under it: `{reps}` and `{hold}` in it
/// become a count and a hold beyond the built-in bridge's limits, within
/// twice them (so a reason can cover them).
fn bridge(dose: &str) -> String {
    let (reps, hold) = (beyond().reps, beyond().hold);
    let dose = dose
        .replace("{reps}", &reps.to_string())
        .replace("{hold}", &hold.to_string());
    format!("{HEAD}\n[[exercise]]\nname = \"bridge\"\n{dose}\n")
}

/// The built-in bridge's reps and hold limits (their tops) and a value
/// just beyond each.
struct Beyond {
    reps: u32,
    reps_max: u32,
    hold: u32,
    hold_max: u32,
}

fn beyond() -> Beyond {
    let limits = &builtin_entry("bridge").limits;
    let reps_max = limits.reps.max;
    let hold_max = limits.hold.as_ref().expect("the bridge is held").max;
    Beyond {
        reps: reps_max + 2,
        reps_max,
        hold: hold_max + 5,
        hold_max,
    }
}

/// The warning for the bridge's reps beyond their limit.
fn reps_warning() -> String {
    let b = beyond();
    format!(
        "warning[RX0203]: bridge: {} reps is above the catalogue limit of {}",
        b.reps, b.reps_max
    )
}

/// `rx check` on `plan`: the exit status and stderr.
fn check(plan: String, status: i32) -> Test {
    Test::new()
        .file("plan.toml", plan)
        .args(&["check", "plan.toml"])
        .status(status)
}

#[test]
fn a_reason_for_the_reps_does_not_let_a_hold_beyond_its_limit_through() {
    check(
        bridge("reps = {reps}\nhold = {hold}\nexceed = { reps = \"week 3 progression\" }"),
        1,
    )
    .stdout("plan.toml: invalid, 1 error, 1 warning\n")
    .stderr_contains(reps_warning())
    .stderr_contains("= note: allowed by the reason given: \"week 3 progression\"")
    .stderr_contains(format!(
        "error[RX0203]: bridge: a hold of {} seconds is above the catalogue limit of {}",
        beyond().hold,
        beyond().hold_max
    ))
    .stderr_contains(
        "= help: to prescribe beyond the limit on purpose, add `exceed.hold = \"<reason>\"`",
    )
    .run();
}

#[test]
fn a_reason_per_field_covers_each_field_it_names() {
    check(
        bridge("reps = {reps}\nhold = {hold}\nexceed.reps = \"week 3 progression\"\nexceed.hold = \"cleared at review\""),
        0,
    )
    .stdout("plan.toml: ok, 1 exercise, 2 warnings\n")
    .stderr_contains("= note: allowed by the reason given: \"cleared at review\"")
    .run();
}

#[test]
fn one_bare_reason_with_two_fields_beyond_their_limits_is_an_error_naming_them() {
    check(bridge("reps = {reps}\nhold = {hold}\nexceed = \"week 3 progression\""), 1)
        .stdout("plan.toml: invalid, 3 errors\n")
        .stderr_contains(
            "error[RX0208]: bridge: `exceed` gives one reason, but reps and hold are beyond their limits",
        )
        .stderr_contains(
            "= help: give a reason for each: `exceed = { reps = \"<reason>\", hold = \"<reason>\" }`",
        )
        .run();
}

#[test]
fn one_bare_reason_covers_the_one_field_beyond_its_limit() {
    check(bridge("reps = {reps}\nexceed = \"week 3 progression\""), 0)
        .stdout("plan.toml: ok, 1 exercise, 1 warning\n")
        .stderr_contains(reps_warning())
        .run();
}

#[test]
fn no_reason_covers_a_dose_far_beyond_every_limit() {
    // The audit's "20 sets of 500 · hold 600 s · 12 times a day", each
    // field with its own reason: every field is an error.
    let plan = bridge(
        "sets = 20\nreps = 500\nhold = 600\nper_day = 12\n\
         exceed = { sets = \"a\", reps = \"b\", hold = \"c\", per_day = \"d\" }",
    );
    check(plan, 1)
        // The warning is the day's length (RX0406).
        .stdout("plan.toml: invalid, 4 errors, 1 warning\n")
        .stderr_satisfies("four uncovered field errors", |stderr| {
            stderr.matches("error[RX0203]").count() == 4
                && stderr.matches("no `exceed` reason covers it").count() == 4
                && !stderr.contains("warning[RX0203]")
        })
        .run();
}

#[test]
fn a_reason_for_the_day_covers_a_daily_total_beyond_the_sources() {
    // Every field within its limits, the day's total beyond twice the
    // sources' largest (RX0206).
    let plan = format!(
        "{HEAD}\n[[exercise]]\nname = \"lower trunk rotation\"\nsets = 3\nreps = 10\nhold = 15\nper_day = 2\nside = \"both\"\n"
    );
    check(
        format!("{plan}exceed.daily = \"two sessions, cleared at review\"\n"),
        0,
    )
    .stdout("plan.toml: ok, 1 exercise, 2 warnings\n")
    .stderr_contains("warning[RX0206]")
    .run();
    // A reason for a field within its limit covers nothing: the day's total
    // stays an error, and the reason is called needless.
    check(format!("{plan}exceed.reps = \"two sessions\"\n"), 1)
        .stdout("plan.toml: invalid, 2 errors, 1 warning\n")
        .stderr_contains(
            "warning[RX0205]: lower-trunk-rotation: `exceed.reps` is given but reps is within its limit",
        )
        .run();
}

#[test]
fn an_exceed_table_refuses_unknown_parts_and_blank_reasons() {
    check(bridge("reps = {reps}\nexceed = { rep = \"week 3\" }"), 1)
        .stdout("plan.toml: invalid, 2 errors\n")
        .stderr_contains("error[RX0104]: unknown key `rep` in `exceed`")
        .stderr_contains("did you mean `reps`?")
        .run();
    check(bridge("reps = {reps}\nexceed = { reps = \"\" }"), 1)
        .stdout("plan.toml: invalid, 2 errors\n")
        .stderr_contains("`exceed.reps` is empty")
        .run();
}

const CSV_HEADER: &str =
    "patient_id,patient_name,prescriber,issued,review,exercise,reps,hold,exceed";

#[test]
fn a_csv_exceed_cell_names_the_fields_it_covers() {
    let row = |exceed: &str| {
        format!(
            "{CSV_HEADER}\nP1,Ada Patient,Dana Reyes PT,2026-11-22,2026-12-06,bridge,{},{},{exceed}\n",
            beyond().reps,
            beyond().hold
        )
    };
    Test::new()
        .file("plans.csv", row("reps: week 3; hold: cleared at review"))
        .args(&["check", "plans.csv"])
        .status(0)
        .stdout("plans.csv: 1 patient, 1 valid, 0 invalid\n")
        .stderr_contains("allowed by the reason given: \"cleared at review\"")
        .run();
    Test::new()
        .file("plans.csv", row("reps: week 3"))
        .args(&["check", "plans.csv"])
        .status(1)
        .stderr_contains(
            "= help: to prescribe beyond the limit on purpose, write `hold: <reason>` in the `exceed` column",
        )
        .stdout("plans.csv: 1 patient, 0 valid, 1 invalid\n")
        .stderr_contains(format!(
            "error[RX0203]: patient P1: bridge: a hold of {} seconds is above the catalogue limit of {}",
            beyond().hold,
            beyond().hold_max
        ))
        .run();
    Test::new()
        .file("plans.csv", row("reps: week 3; because"))
        .args(&["check", "plans.csv"])
        .status(1)
        .stdout("plans.csv: 1 patient, 0 valid, 1 invalid\n")
        .stderr_contains("`exceed` part \"because\" does not name what it covers")
        .run();
}

/// Lower trunk rotation (sources' largest: 10 reps and 2 min 30 s of
/// holding a day per side) listed under each of `names`, gentle's 10 reps
/// held 10 s, twice a day, on `sides`.
fn rotations(names: &[(&str, &str)], extra: &str) -> String {
    let mut plan = HEAD.to_owned();
    for (name, side) in names {
        plan.push_str(&format!(
            "\n[[exercise]]\nname = \"{name}\"\nreps = 10\nhold = 10\nper_day = 2\nside = \"{side}\"\n{extra}"
        ));
    }
    plan
}

#[test]
fn an_exercise_listed_twice_under_two_names_adds_up_its_days_total() {
    check(
        rotations(&[("lower trunk rotation", "both"), ("spine stretch", "both")], ""),
        1,
    )
    .stdout("plan.toml: invalid, 2 errors, 1 warning\n")
    .stderr_contains("warning[RX0401]")
    .stderr_contains(
        "error[RX0206]: lower-trunk-rotation: listed 2 times, 20 + 20 = 40 reps a day per side together; the sources' largest is 10 reps a day (gentle)",
    )
    .stderr_contains(
        "error[RX0206]: lower-trunk-rotation: listed 2 times, 3 min 20 s + 3 min 20 s = 6 min 40 s of holding a day per side together",
    )
    .run();
    // Each listing alone is within: 20 reps a day.
    check(rotations(&[("lower trunk rotation", "both")], ""), 0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
}

#[test]
fn one_side_each_does_not_add_up_across_sides() {
    check(
        rotations(
            &[("lower trunk rotation", "left"), ("spine stretch", "right")],
            "",
        ),
        0,
    )
    .stdout("plan.toml: ok, 2 exercises, 1 warning\n")
    .stderr_satisfies("no daily-volume diagnostic", |e| !e.contains("RX0206"))
    .run();
}

#[test]
fn a_reason_for_the_day_covers_the_total_of_an_exercise_listed_twice() {
    check(
        rotations(
            &[("lower trunk rotation", "both"), ("spine stretch", "both")],
            "exceed.daily = \"morning and evening sets, cleared at review\"\n",
        ),
        0,
    )
    .stdout("plan.toml: ok, 2 exercises, 3 warnings\n")
    .stderr_contains("warning[RX0206]: lower-trunk-rotation: listed 2 times")
    .stderr_satisfies("the reason is not called needless", |e| {
        !e.contains("RX0205")
    })
    .run();
}
