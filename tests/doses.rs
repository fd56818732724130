//! Doses true to their sources, and catalogue numbers within the
//! plan's hard caps: every source's own prescription
//! passes and prints as that source gives it, `hold = 0` is a real dose
//! where a source holds none, the daily-volume check (RX0206) with its
//! message pinned, routines carry their own article's doses, and a sheet's
//! safety advice agrees with the plan's frequency.

use std::fmt::Write as _;

use rx::catalogue::{Catalogue, Sides};

use crate::pdf::{Pdf, flat};
use crate::support::{PLAN, Test, builtin_entry, plan_with};

fn catalogue() -> Catalogue {
    rx::catalogue::builtin().expect("built-in catalogue")
}

const HEAD: &str = r#"[patient]
name = "Ada Patient"
[prescriber]
name = "Dana Reyes, PT"
[plan]
issued = 2026-11-22
weeks = 2
"#;

/// What `rx build` prints for a sheet written to `file`.
fn wrote(file: &str, pages: usize, exercises: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "wrote {file}: {}, {}\n",
        plural(pages, "page", "pages"),
        plural(exercises, "exercise", "exercises")
    )
}

/// Build the plan in `test`'s `plan.toml` into `sheet.pdf`, which must be
/// written (exit 0) with the diagnostics `test` already expects on stderr
/// (none unless it says); the sheet's text with its layout's line breaks
/// flattened, read by `pdf::Pdf`.
fn sheet_of(test: Test, exercises: usize) -> String {
    let test = test
        .args(&["build", "plan.toml", "-o", "sheet.pdf"])
        .status(0)
        .stdout_satisfies("wrote sheet.pdf", |s| s.starts_with("wrote sheet.pdf: "));
    let out = test.run();
    let pdf = Pdf::open(&test.path("sheet.pdf"));
    assert_eq!(out.stdout, wrote("sheet.pdf", pdf.pages(), exercises));
    flat(&pdf.text())
}

/// `sheet_of` a plan that draws no diagnostic.
fn sheet(plan: &str, exercises: usize) -> String {
    sheet_of(Test::new().file("plan.toml", plan), exercises)
}

/// One dose taken literally from a source, and the sentence the sheet must
/// print for it.
struct Case {
    what: String,
    plan: String,
    sentence: String,
}

/// For every exercise and every source's prescription, the corners of its
/// ranges (fewest reps with the shortest hold, most with the longest, and
/// the two mixed), once a day, one set, the source's own sides.
fn literal_cases(catalogue: &Catalogue) -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in catalogue.entries() {
        for p in &entry.prescriptions {
            let mut corners = vec![
                (p.reps.min, p.hold.min),
                (p.reps.max, p.hold.max),
                (p.reps.min, p.hold.max),
                (p.reps.max, p.hold.min),
            ];
            corners.dedup();
            // The source's own sets and frequency where it gives them (at
            // the low end), else one set once a day.
            let sets = p.sets.map_or(1, |r| r.min);
            let (frequency, said) = match (p.per_day, p.per_week) {
                (None, Some(week)) => (
                    format!("per_week = {}", week.min),
                    match week.min {
                        7 => "every day".to_owned(),
                        1 => "once a week".to_owned(),
                        n => format!("{n} days a week"),
                    },
                ),
                (day, _) => {
                    let n = day.map_or(1, |r| r.min);
                    let said = match n {
                        1 => "once a day".to_owned(),
                        2 => "twice a day".to_owned(),
                        n => format!("{n} times a day"),
                    };
                    (format!("per_day = {n}"), said)
                }
            };
            for (reps, hold) in corners {
                let mut plan = format!(
                    "{HEAD}\n[[exercise]]\nname = \"{}\"\nsets = {sets}\nreps = {reps}\nhold = {hold}\n{frequency}\n",
                    entry.id
                );
                // One set reads as a count ("once", "8 times"), and done on
                // each side in turn, with the side ("8 times on each side").
                // One timed bout reads as its time alone ("for 2 minutes").
                let timed_once = p.minutes.is_some() && sets == 1 && reps == 1;
                let mut sentence = match (sets, reps) {
                    _ if timed_once => String::new(),
                    (1, 1) => "once".to_owned(),
                    (1, _) => format!("{reps} times"),
                    _ => format!("{sets} sets of {reps}"),
                };
                let merged_side = !timed_once && sets == 1 && p.sides == Some(Sides::Both);
                if merged_side {
                    sentence.push_str(" on each side");
                }
                if let Some(minutes) = p.minutes.map(|m| m.max) {
                    let _ = writeln!(plan, "minutes = {minutes}");
                    let unit = if minutes == 1 { "minute" } else { "minutes" };
                    let time = format!("for {minutes} {unit}");
                    sentence = if sentence.is_empty() {
                        time
                    } else {
                        format!("{sentence} · {time}")
                    };
                }
                if hold > 0 {
                    let unit = if hold == 1 { "second" } else { "seconds" };
                    let _ = write!(sentence, " · hold {hold} {unit}");
                }
                match p.sides {
                    Some(Sides::Both) => {
                        plan.push_str("side = \"both\"\n");
                        if !merged_side {
                            sentence.push_str(" · each side");
                        }
                    }
                    Some(Sides::Alternate) => {
                        plan.push_str("side = \"alternate\"\n");
                        sentence.push_str(" · alternating sides");
                    }
                    None => {}
                }
                let _ = write!(sentence, " · {said}");
                cases.push(Case {
                    what: format!("{} ({}, {reps} reps, hold {hold})", entry.id, p.label()),
                    plan,
                    sentence,
                });
            }
        }
    }
    cases
}

#[test]
fn every_sources_own_prescription_passes_check_and_prints_its_dose() {
    let catalogue = catalogue();
    let cases = literal_cases(&catalogue);
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut test = Test::new();
    let mut names = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = format!("case{i:02}.toml");
        test = test.file(&name, &case.plan);
        names.push(name);
    }
    let mut args = vec!["check"];
    args.extend(names.iter().map(String::as_str));
    // Every file ok, and no source's own dose draws a diagnostic (stderr
    // must stay empty).
    let ok: String = names
        .iter()
        .map(|name| format!("{name}: ok, 1 exercise\n"))
        .collect();
    test.args(&args).status(0).stdout(ok).run();
    // Each prints the source's dose sentence on its sheet.
    for case in &cases {
        let text = sheet(&case.plan, 1);
        assert!(
            text.contains(&case.sentence),
            "{}: {:?} not on the sheet:\n{text}",
            case.what,
            case.sentence
        );
    }
}

#[test]
fn literal_readings_at_least_eight_and_a_few_seconds() {
    // relieve's bird dog "at least eight": 12 is within our documented bound.
    // gentle's and essential's "a few seconds" include 3 s (not 2: "a
    // couple"; `a_few_seconds_reads_as_three_to_five_seconds`).
    let text = format!(
        "{HEAD}\n[[exercise]]\nname = \"bird dog\"\nreps = 12\n\n[[exercise]]\nname = \"cat stretch\"\nhold = 3\n\n[[exercise]]\nname = \"spine press up\"\nhold = 3\n\n[[exercise]]\nname = \"pelvic tilt\"\nhold = 3\n"
    );
    Test::new()
        .file("plan.toml", text)
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 4 exercises\n")
        .run();
}

#[test]
fn hold_zero_is_accepted_exactly_where_a_source_has_no_hold() {
    let catalogue = catalogue();
    let expected_no_hold = [
        "lower-trunk-rotation",
        "pelvic-tilt",
        "bridge",
        "knee-to-chest-stretch",
        "sciatic-nerve-glides",
    ];
    for entry in catalogue.entries() {
        let any_source_without_hold = entry.prescriptions.iter().any(|p| p.hold.min == 0);
        // The seed articles' entries, as the dose audit found them; the library's
        // entries are held to the same rule below.
        let seed = entry
            .sources
            .iter()
            .all(|s| ["relieve", "gentle", "essential"].contains(&s.as_str()));
        if seed {
            assert_eq!(
                any_source_without_hold,
                expected_no_hold.contains(&entry.id.as_str()),
                "{}",
                entry.id
            );
        }
        let plan = format!("{HEAD}\n[[exercise]]\nname = \"{}\"\nhold = 0\n", entry.id);
        let test = Test::new()
            .file("plan.toml", &plan)
            .args(&["check", "plan.toml"]);
        if any_source_without_hold {
            test.status(0).stdout("plan.toml: ok, 1 exercise\n").run();
        } else {
            test.status(1)
                .stdout("plan.toml: invalid, 1 error\n")
                .stderr_starts_with(format!(
                    "error[RX0203]: {}: a hold of 0 seconds is below the catalogue minimum of",
                    entry.id
                ))
                .run();
        }
    }
    // The sheet prints no hold for it.
    let text = sheet(
        &format!("{HEAD}\n[[exercise]]\nname = \"bridge\"\nreps = 12\nhold = 0\n"),
        1,
    );
    assert!(text.contains("12 times · once a day"), "{text}");
    assert!(!text.contains("hold 0"), "{text}");
}

/// gentle's own 10 reps held 15 s on each side, but 3 sets twice a day:
/// every field within its limits, the day's totals far beyond (and the day
/// still under an hour).
const TOO_MUCH: &str = "[[exercise]]\nname = \"lower trunk rotation\"\nsets = 3\nreps = 10\nhold = 15\nper_day = 2\nside = \"both\"\n";

#[test]
fn daily_volume_error_is_pinned() {
    Test::new()
        .file("plan.toml", format!("{HEAD}\n{TOO_MUCH}"))
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 2 errors\n")
        .stderr(
            r#"error[RX0206]: lower-trunk-rotation: 3 sets × 10 reps × 2 a day = 60 reps a day per side; the sources' largest is 10 reps a day (gentle)
  --> plan.toml:10:8
   |
10 | name = "lower trunk rotation"
   |        ^^^^^^^^^^^^^^^^^^^^^^ allowed: up to 20 reps a day per side, 2 × the sources' largest
   = note: gentle: 10 reps on each side once a day = 10 reps, from "Gentle Stretches To Ease Lower Back Stiffness and Improve Mobility"
   = help: lower the sets, reps or times a day; to prescribe beyond it on purpose, add `exceed.daily = "<reason>"`

error[RX0206]: lower-trunk-rotation: 3 sets × 10 reps × 15 s × 2 a day = 15 min of holding a day per side; the sources' largest is 2 min 30 s a day (gentle)
  --> plan.toml:10:8
   |
10 | name = "lower trunk rotation"
   |        ^^^^^^^^^^^^^^^^^^^^^^ allowed: up to 5 min a day per side, 2 × the sources' largest
   = note: gentle: 10 reps × 15 s on each side once a day = 2 min 30 s, from "Gentle Stretches To Ease Lower Back Stiffness and Improve Mobility"
   = help: lower the sets, reps, hold or times a day; to prescribe beyond it on purpose, add `exceed.daily = "<reason>"`

"#,
        )
        .run();
}

#[test]
fn one_sources_count_with_anothers_hold_is_caught() {
    // relieve's 8 knee-to-chest stretches with essential's 30 s hold: 4 min
    // of holding a day per side, within twice Healthwise's 4 × 30 s, but
    // no source's dose as a whole, so refused under --deny-warnings.
    Test::new()
        .file(
            "plan.toml",
            format!("{HEAD}\n[[exercise]]\nname = \"knee to chest\"\nreps = 8\nhold = 30\n"),
        )
        .args(&["check", "--deny-warnings", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 warning (--deny-warnings)\n")
        .stderr_starts_with(
            "warning[RX0209]: knee-to-chest-stretch: no source gives this dose as a whole (8 reps, hold 30 s, each side)\n",
        )
        .stderr_contains("= note: nearest: relieve, 6–8 on each side, no hold")
        .run();
}

#[test]
fn exceed_turns_the_daily_volume_error_into_a_warning() {
    let text = format!("{HEAD}\n{TOO_MUCH}exceed = \"Cleared for a loading block\"\n");
    let warned = |test: Test| {
        test.stderr_starts_with("warning[RX0206]: lower-trunk-rotation: ")
            .stderr_contains("= note: allowed by the reason given: \"Cleared for a loading block\"")
            .stderr_satisfies("has no RX0205: the reason is needed", |s| {
                !s.contains("RX0205")
            })
            .stderr_satisfies("has two warnings and no error", |s| {
                s.matches("warning[RX0206]").count() == 2 && !s.contains("error[")
            })
    };
    warned(Test::new().file("plan.toml", &text))
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise, 2 warnings\n")
        .run();

    warned(Test::new().file("plan.toml", &text))
        .args(&["check", "--deny-warnings", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 2 warnings (--deny-warnings)\n")
        .run();

    // The sheet keeps the dose, and leaves the clinician's
    // reason off: it is in `rx check`, the plan and the report.
    let sheet = sheet_of(warned(Test::new().file("plan.toml", &text)), 1);
    assert!(!sheet.contains("Cleared for a loading block"), "{sheet}");
    assert!(sheet.contains("3 sets of 10"), "{sheet}");
}

/// What `rx new plan.toml` prints.
const NEW: &str =
    "wrote plan.toml: fill in the patient and prescriber, then run `rx check plan.toml`\n";

#[test]
fn each_routine_gives_its_own_articles_doses() {
    let catalogue = catalogue();
    for routine in catalogue.routines() {
        let test = Test::new()
            .args(&["new", "plan.toml", "--routine", &routine.id])
            .status(0)
            .stdout(NEW);
        test.run();
        let text = std::fs::read_to_string(test.path("plan.toml")).expect("plan written");
        let title = &catalogue.source(&routine.from[0]).expect("a source").title;
        assert!(
            text.contains(&format!(
                "# Routine from \"{title}\"; each dose is its article's own."
            )),
            "{text}"
        );
        assert!(!text.contains("from from"));
        let (raw, diagnostics) = rx::parse::toml::parse(&text, None);
        // Only the placeholders the therapist fills in are missing.
        assert!(
            diagnostics
                .iter()
                .all(|d| d.message.starts_with("missing ")),
            "{diagnostics:?}"
        );
        let raw = raw.expect("a plan");
        assert_eq!(raw.exercises.len(), routine.exercises.len());
        for (written, id) in raw.exercises.iter().zip(&routine.exercises) {
            let entry = catalogue.find(id).expect("routine exercise");
            let own = entry
                .prescription_from(&routine.from)
                .unwrap_or_else(|| panic!("{} has no dose from {:?}", id, routine.from));
            let reps = written.reps.as_ref().expect("reps written").value;
            let hold = written.hold.as_ref().map_or(0, |h| h.value);
            assert!(own.reps.contains(reps), "{}: {id} reps {reps}", routine.id);
            assert!(own.hold.contains(hold), "{}: {id} hold {hold}", routine.id);
            let side = written.side.as_ref().map(|s| s.value.as_str());
            let expected = match own.sides {
                Some(Sides::Both) => Some("both"),
                Some(Sides::Alternate) => Some("alternate"),
                None => None,
            };
            assert_eq!(side, expected, "{}: {id}", routine.id);
        }
    }
}

#[test]
fn routine_doses_spelled_out() {
    let test = Test::new()
        .args(&["new", "plan.toml", "--routine", "four-essential"])
        .status(0)
        .stdout(NEW);
    test.run();
    let text = std::fs::read_to_string(test.path("plan.toml")).expect("plan written");
    for block in [
        "name = \"knee-to-chest-stretch\"\nsets = 1                          # allowed 1–3\nreps = 1                          # essential: 1; allowed 1–8\nhold = 20                         # essential: 20–30 seconds; allowed 0–30\n",
        "name = \"lower-trunk-rotation\"\nsets = 1                          # allowed 1–3\nreps = 1                          # essential: 1; allowed 1–10\nhold = 20                         # essential: 20–30 seconds; allowed 0–30\n",
    ] {
        assert!(text.contains(block), "{block:?} not in:\n{text}");
    }
    let test = Test::new()
        .args(&["new", "plan.toml", "--routine", "ten-stretches"])
        .status(0)
        .stdout(NEW);
    test.run();
    let text = std::fs::read_to_string(test.path("plan.toml")).expect("plan written");
    for exercise in [
        "lower-trunk-rotation",
        "pelvic-tilt",
        "bridge",
        "knee-to-chest-stretch",
    ] {
        let at = text
            .find(&format!("name = \"{exercise}\""))
            .expect("exercise");
        let block = &text[at..text[at..].find("\n\n").map_or(text.len(), |e| at + e)];
        assert!(
            block.contains("\nhold = 0                          # relieve: no hold"),
            "relieve gives {exercise} no hold:\n{block}"
        );
    }
}

#[test]
fn a_sheet_done_three_days_a_week_says_nothing_of_every_day() {
    let sheet_text = sheet(&plan_with("per_day = 1", "per_week = 3"), 2);
    assert!(sheet_text.contains("3 days a week"), "{sheet_text}");
    assert!(!sheet_text.contains("every day"), "{sheet_text}");
    assert!(
        sheet_text.contains("Keep to the days on this sheet."),
        "{sheet_text}"
    );
    assert!(sheet_text.contains(
        "Before you start, make sure your therapist knows about any back condition or injury you have."
    ), "{sheet_text}");

    // A plan done every day keeps the daily line.
    let daily = sheet(PLAN, 2);
    assert!(daily.contains("Do your exercises every day."), "{daily}");
    assert!(
        !daily.contains("Keep to the days on this sheet."),
        "{daily}"
    );
}

/// A clinic exercise with plain limits and one declared source: no `from`
/// anywhere else.
const CLINIC: &str = r#"[sources.clinic]
title = "Riverside PT protocol 2026"

[[exercise]]
id = "wall-sit"
name = "Wall sit"
position = "Standing with your back to a wall"
targets = "Thigh muscles."
why = "It builds strength without moving the back."
when = "Once a day."
steps = ["Stand with your back to a wall.", "Slide down a little and hold."]
cautions = ["Stop if your knees hurt."]
per_side = { value = false }

[exercise.limits]
sets = { min = 1, max = 3, recommended = 1 }
reps = { min = 3, max = 5, recommended = 3 }
hold = { min = 10, max = 30, recommended = 20 }
per_day = { min = 1, max = 1, recommended = 1 }
per_week = { min = 1, max = 7 }
"#;

#[test]
fn one_declared_clinic_source_is_enough() {
    let plan = format!("{HEAD}\n[[exercise]]\nname = \"wall sit\"\nreps = 5\nhold = 30\n");
    Test::new()
        .file("clinic.toml", CLINIC)
        .file("plan.toml", plan)
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
    Test::new()
        .file("clinic.toml", CLINIC)
        .args(&["--catalogue", "clinic.toml", "catalogue", "wall-sit"])
        .status(0)
        .stdout_contains(
            "  clinic: 3–5 times, hold 10–30 seconds\n      from \"Riverside PT protocol 2026\"\n",
        )
        .run();
}

#[test]
fn catalogue_limits_and_recommendations_within_the_plans_hard_caps() {
    let clinic = CLINIC
        .replace(
            "sets = { min = 1, max = 3, recommended = 1 }",
            "sets = { min = 1, max = 600, recommended = 600 }",
        )
        .replace(
            "per_week = { min = 1, max = 7 }",
            "per_week = { min = 1, max = 600 }",
        );
    let test = Test::new()
        .file("clinic.toml", &clinic)
        .file(
            "plan.toml",
            format!("{HEAD}\n[[exercise]]\nname = \"wall sit\"\n"),
        )
        .args(&["--catalogue", "clinic.toml", "build", "plan.toml"])
        .status(1)
        .stderr(
            r#"error[RX0501]: `sets`: max 600 is above the plan's hard cap of 20
  --> clinic.toml:16:25
   |
16 | sets = { min = 1, max = 600, recommended = 600 }
   |                         ^^^ at most 20
   = note: a catalogue limit or recommended dose must be one a plan could hold

error[RX0501]: `sets`: recommended 600 is above the plan's hard cap of 20
  --> clinic.toml:16:44
   |
16 | sets = { min = 1, max = 600, recommended = 600 }
   |                                            ^^^ at most 20
   = note: a catalogue limit or recommended dose must be one a plan could hold

error[RX0501]: `per_week`: max 600 is above the plan's hard cap of 7
  --> clinic.toml:20:29
   |
20 | per_week = { min = 1, max = 600 }
   |                             ^^^ at most 7
   = note: a catalogue limit or recommended dose must be one a plan could hold

"#,
        );
    test.run();
    assert!(!test.path("plan.pdf").exists(), "no sheet is written");

    // A prescription's numbers are capped too.
    let prescribed = CLINIC
        .replace(
            "reps = { min = 3, max = 5, recommended = 3 }\nhold = { min = 10, max = 30, recommended = 20 }\n",
            "",
        )
        .replace(
            "per_side = { value = false }\n",
            "per_side = { value = false }\n\n[[exercise.prescription]]\nreps = [3, 501]\nhold = 601\n",
        );
    Test::new()
        .file("clinic.toml", &prescribed)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stderr_contains("error[RX0501]: `reps`: reps 501 is above the plan's hard cap of 500\n")
        .stderr_contains("error[RX0501]: `hold`: hold 601 is above the plan's hard cap of 600\n")
        .run();
}

#[test]
fn an_exceed_reason_still_shows_the_days_total() {
    let bridge = builtin_entry("bridge");
    let max = bridge.limits.reps.max;
    // Beyond the limit, within twice it, so the reason covers the reps.
    let over = max + 2;
    let total = 3 * u64::from(over) * 2;
    let (largest, source, _) = rx::dose::largest_daily(&bridge);
    assert!(
        total > rx::dose::DAILY_MARGIN * largest.reps,
        "the day's total is beyond the sources' margin"
    );
    let rx::catalogue::Origin::From(from) = &source.origin else {
        panic!("the largest day is a source's")
    };
    Test::new()
        .file(
            "plan.toml",
            format!(
                "{HEAD}\n[[exercise]]\nname = \"bridge\"\nsets = 3\nreps = {over}\nhold = 0\nper_day = 2\nexceed = \"Strength block\"\n"
            ),
        )
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise, 2 warnings\n")
        .stderr_contains(format!(
            "warning[RX0203]: bridge: {over} reps is above the catalogue limit of {max}\n"
        ))
        .stderr_contains(format!(
            "warning[RX0206]: bridge: 3 sets × {over} reps × 2 a day = {total} reps a day; the sources' largest is {} reps a day ({})\n",
            largest.reps,
            from.join(", ")
        ))
        .run();
}

#[test]
fn csv_rows_without_doses_take_a_sources_own_dose_and_are_valid() {
    // The csv_records property (fuzz/fuzz_targets/records.rs) writes these
    // exercises with no dose fields and counts on such patients being valid:
    // each takes a source's own prescription, within its daily total.
    let exercises = [
        "bridge",
        "bird-dog",
        "cat-stretch",
        "pelvic-tilt",
        "knee-to-chest-stretch",
    ];
    let mut csv = String::from("patient_id,patient_name,prescriber,issued,review,exercise,note\n");
    for (i, exercise) in exercises.iter().enumerate() {
        csv.push_str(&format!(
            "P{i},Name {i},Dana,2026-11-22,2026-12-06,{exercise},\n"
        ));
    }
    for exercise in exercises {
        csv.push_str(&format!(
            "ALL,Name all,Dana,2026-11-22,2026-12-06,{exercise},\"a, b\"\n"
        ));
    }
    Test::new()
        .file("plans.csv", csv)
        .args(&["check", "plans.csv"])
        .status(0)
        .stdout("plans.csv: 6 patients, 6 valid, 0 invalid\n")
        .run();
}

#[test]
fn alternating_sides_only_where_a_source_alternates() {
    let plan =
        |name: &str| format!("{HEAD}\n[[exercise]]\nname = \"{name}\"\nside = \"alternate\"\n");
    // The nerve glides are done on each leg in turn in their source.
    Test::new()
        .file("plan.toml", plan("nerve glides"))
        .args(&["check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains(
            "error[RX0204]: sciatic-nerve-glides: no source does this exercise alternating sides",
        )
        .run();
    // relieve's trunk rotation alternates.
    Test::new()
        .file("plan.toml", plan("lower trunk rotation"))
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
}

#[test]
fn the_pelvic_tilt_answers_to_supine_posterior_pelvic_tilt() {
    Test::new()
        .file(
            "plan.toml",
            format!("{HEAD}\n[[exercise]]\nname = \"supine posterior pelvic tilt\"\n"),
        )
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
}

/// The hold rx fills in for `dose` written under `name`, at the first
/// source (in catalogue order) that holds what the plan gives.
fn filled_hold(name: &str, dose: &str) -> Option<u32> {
    filled(name, dose).hold
}

/// The dose rx fills in for `dose` written under `name`.
fn filled(name: &str, dose: &str) -> rx::plan::Dose {
    let catalogue = catalogue();
    let fonts = rx::fonts::Fonts::load();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let text = format!("{HEAD}\n[[exercise]]\nname = \"{name}\"\n{dose}\n");
    let (_, checked) = rx::check_plan(text.as_bytes(), &catalogue, &fonts, today);
    let plan = checked
        .plan
        .unwrap_or_else(|| panic!("{text}\n{:?}", checked.diagnostics));
    plan.exercises[0].dose
}

#[test]
fn fields_left_out_come_from_the_first_source_that_holds_the_written_ones() {
    // relieve (8–12 tilts, no hold) comes before gentle (10–15, a few
    // seconds): 12 tilts are relieve's, and get no hold.
    assert_eq!(filled_hold("pelvic tilt", "reps = 12"), None);
    // 14 tilts are only gentle's: its hold.
    assert_eq!(filled_hold("pelvic tilt", "reps = 14"), Some(3));
    // relieve's bridges hold nothing; essential's hold 10 to 15 seconds.
    assert_eq!(filled_hold("bridge", "reps = 10"), None);
    assert_eq!(filled_hold("bridge", "reps = 10\nhold = 12"), Some(12));
    // With no count or hold written, the recommended prescription.
    assert_eq!(filled_hold("bridge", ""), Some(10));
    // A source that gives sets gives them to a dose that leaves them out:
    // 12 one-leg stands are NIA's, two sets of them.
    assert_eq!(filled("one leg stand", "reps = 12").sets, 2);
    assert_eq!(filled("one leg stand", "reps = 3").sets, 1);
}

#[test]
fn a_dose_no_one_source_gives_as_a_whole_is_a_warning_naming_the_nearest() {
    // essential's one rotation on each side, with relieve's no hold: each
    // field is within its limits, the combination is no source's.
    let plan = format!(
        "{HEAD}\n[[exercise]]\nname = \"lower trunk rotation\"\nreps = 1\nhold = 0\nside = \"both\"\n"
    );
    Test::new()
        .file("plan.toml", &plan)
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise, 1 warning\n")
        .stderr_contains(
            "warning[RX0209]: lower-trunk-rotation: no source gives this dose as a whole (1 rep, no hold, each side)",
        )
        .stderr_contains("the hold differs from the nearest source's")
        .stderr_contains("= note: nearest: essential, once on each side, hold 20–30 seconds")
        .run();
    // An error under --deny-warnings.
    Test::new()
        .file("plan.toml", &plan)
        .args(&["check", "plan.toml", "--deny-warnings"])
        .status(1)
        .stdout("plan.toml: invalid, 1 warning (--deny-warnings)\n")
        .stderr_contains("warning[RX0209]")
        .run();
    // Every source's own dose passes without it.
    Test::new()
        .file("plan.toml", plan.replace("hold = 0", "hold = 25"))
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
}

#[test]
fn a_plan_longer_than_the_clinics_minutes_a_day_is_a_warning() {
    let plan = std::fs::read_to_string(crate::support::repo("examples/plan.toml"))
        .expect("the example plan");
    // The example takes a few minutes a day: within rx's default hour.
    Test::new()
        .file("plan.toml", &plan)
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 6 exercises, 1 warning\n")
        .stderr_satisfies("no long-day warning", |e| !e.contains("RX0406"))
        .run();
    // A clinic that keeps plans to 5 minutes a day is told.
    Test::new()
        .file("plan.toml", &plan)
        .file("rx.toml", "[defaults]\nminutes_a_day = 5\n")
        .args(&["check", "--config", "rx.toml", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 6 exercises, 2 warnings\n")
        .stderr_contains("warning[RX0406]: the plan takes about ")
        .stderr_contains(" minutes a day; more than 5 is a long time to keep up at home")
        .stderr_contains("5 minutes is the clinic's limit")
        .run();
}

#[test]
fn every_exercise_at_twice_its_largest_source_dose_is_too_long_a_day() {
    // Each exercise at two sets of the source dose with the most holding:
    // every field within its limits and each day's total within the margin,
    // so only the day as a whole is too long.
    let catalogue = catalogue();
    let mut plan = HEAD.to_owned();
    let mut doses = Vec::new();
    for entry in catalogue.entries().iter().take(15) {
        let (_, _, most_hold) = rx::dose::largest_daily(entry);
        let (reps, hold) = (most_hold.reps.max, most_hold.hold.max);
        let _ = write!(
            plan,
            "\n[[exercise]]\nname = \"{}\"\nsets = 2\nreps = {reps}\nhold = {hold}\n",
            entry.id
        );
        let side = match most_hold.sides {
            Some(Sides::Alternate) => Some(rx::plan::Side::Alternate),
            Some(Sides::Both) => Some(rx::plan::Side::Both),
            None => None,
        };
        if let Some(side) = most_hold.sides {
            let word = if side == Sides::Alternate {
                "alternate"
            } else {
                "both"
            };
            let _ = writeln!(plan, "side = \"{word}\"");
        }
        doses.push(rx::plan::Dose {
            sets: 2,
            reps,
            hold: (hold > 0).then_some(hold),
            frequency: rx::plan::Frequency::PerDay(1),
            days_a_week: None,
            minutes: None,
            side,
        });
    }
    let minutes = rx::dose::minutes_a_day(&doses);
    assert!(minutes > 60, "{minutes} minutes: pick larger doses");
    Test::new()
        .file("plan.toml", &plan)
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout_starts_with("plan.toml: ok, ")
        .stderr_contains(format!(
            "warning[RX0406]: the plan takes about {minutes} minutes a day; more than 60"
        ))
        .stderr_satisfies("no dose error", |e| !e.contains("error["))
        .run();
}

#[test]
fn every_routine_filled_in_passes_check_with_no_diagnostic() {
    let catalogue = catalogue();
    assert!(
        catalogue.routines().iter().any(|r| r.id == "nhs-sitting"),
        "the NHS sitting routine"
    );
    for routine in catalogue.routines() {
        let test = Test::new()
            .args(&["new", "plan.toml", "--routine", &routine.id])
            .status(0)
            .stdout(NEW);
        test.run();
        let text = std::fs::read_to_string(test.path("plan.toml")).expect("plan written");
        let filled = text
            .replacen("name = \"\"", "name = \"Ada Patient\"", 1)
            .replacen("name = \"\"", "name = \"Dana Reyes, PT\"", 1);
        // The source's own sets and frequency are written where it gives them.
        for id in &routine.exercises {
            let own = catalogue
                .find(id)
                .and_then(|e| e.prescription_from(&routine.from))
                .expect("a dose from the routine's source");
            if let Some(week) = own.per_week {
                assert!(
                    filled.contains(&format!("name = \"{id}\""))
                        && filled.contains(&format!("per_week = {}", week.min)),
                    "{}: {id} per_week {}",
                    routine.id,
                    week.min
                );
            }
        }
        test.in_same_folder()
            .file("plan.toml", &filled)
            .args(&["check", "plan.toml"])
            .status(0)
            .stdout(format!(
                "plan.toml: ok, {} {}\n",
                routine.exercises.len(),
                if routine.exercises.len() == 1 {
                    "exercise"
                } else {
                    "exercises"
                }
            ))
            .run();
    }
}
