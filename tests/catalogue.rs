//! `rx catalogue` and `--catalogue FILE`.

use rx::catalogue::Origin;

use crate::support::{PLAN, Test, builtin_entry, builtin_exercises};

fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

#[test]
fn lists_every_entry_with_limits() {
    let out = Test::new()
        .args(&["catalogue"])
        .status(0)
        .stdout_satisfies("starts with a region's heading", |s| {
            s.lines().next().is_some_and(|l| l.ends_with(')'))
        })
        .run();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[1].starts_with("ID"));
    // Grouped by region, each group a heading, a header and its rows: every
    // entry is listed, under each of its regions.
    let listed: std::collections::BTreeSet<&str> = lines
        .iter()
        .filter(|l| !l.is_empty() && !l.starts_with("ID") && !l.ends_with(')'))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        listed.len(),
        builtin_exercises(),
        "one row per entry:\n{}",
        out.stdout
    );
    let bridge = lines
        .iter()
        .find(|l| l.starts_with("bridge "))
        .expect("bridge row");
    let cells: Vec<&str> = bridge
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let entry = builtin_entry("bridge");
    let limits = &entry.limits;
    let hold = limits.hold.as_ref().expect("the bridge is held");
    assert_eq!(
        cells,
        [
            "bridge",
            &entry.name,
            &limits.sets.range(),
            &limits.reps.range(),
            &hold.range(),
            if entry.per_side.value { "yes" } else { "no" },
            &limits.per_day.range(),
            &limits.per_week.range(),
        ]
    );
}

#[test]
fn shows_one_entry_by_alias_with_sources() {
    Test::new()
        .args(&["catalogue", "Lower Stomach Stretch"])
        .status(0)
        .stdout_starts_with("Knee-to-chest stretch (knee-to-chest-stretch)\n")
        .stdout_contains("Steps:\n  1. ")
        .stdout_contains("\"Stretches to Relieve Lower Back Pain\"")
        .run();
}

#[test]
fn json_lists_entries_with_limits_and_origins() {
    let out = Test::new()
        .args(&["catalogue", "--format", "json"])
        .status(0)
        .stdout_satisfies("is valid JSON", is_json)
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(json["version"], 1);
    let entries = json["exercises"].as_array().expect("an array");
    assert_eq!(entries.len(), builtin_exercises());
    // The routines and the safety lines are there too, each with
    // its sources, and the sources with their titles.
    let routines = json["routines"].as_array().expect("routines");
    let ids: Vec<&str> = routines.iter().filter_map(|r| r["id"].as_str()).collect();
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let expected: Vec<&str> = catalogue.routines().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, expected);
    for (listed, routine) in routines.iter().zip(catalogue.routines()) {
        assert_eq!(listed["exercises"], serde_json::json!(routine.exercises));
    }
    let safety = json["safety"].as_array().expect("safety lines");
    assert_eq!(safety.len(), catalogue.safety().len(), "{safety:?}");
    for (listed, line) in safety.iter().zip(catalogue.safety()) {
        assert_eq!(listed["text"], line.text.as_str());
        assert_eq!(listed["from"], serde_json::json!(line.from));
    }
    let sources = json["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), catalogue.sources().count());
    for source in catalogue.sources() {
        let listed = sources
            .iter()
            .find(|s| s["id"] == source.id.as_str())
            .unwrap_or_else(|| panic!("source {:?} listed", source.id));
        assert_eq!(listed["title"], source.title.as_str());
    }
    let bridge = entries
        .iter()
        .find(|e| e["id"] == "bridge")
        .expect("bridge");
    let reps = &builtin_entry("bridge").limits.reps;
    assert_eq!(bridge["limits"]["reps"]["min"], reps.min);
    assert_eq!(bridge["limits"]["reps"]["max"], reps.max);
    let Origin::From(from) = &reps.origin else {
        panic!("the bridge's reps come from its sources: {:?}", reps.origin)
    };
    assert_eq!(
        bridge["limits"]["reps"]["origin"]["from"],
        serde_json::json!(from)
    );
    let one = Test::new()
        .args(&["catalogue", "bridge", "--format", "json"])
        .status(0)
        .stdout_satisfies("is valid JSON", is_json)
        .run();
    let one: serde_json::Value = serde_json::from_str(&one.stdout).expect("valid JSON");
    assert_eq!(&one, bridge);
}

#[test]
fn unknown_entry_suggests_and_exits_2() {
    Test::new()
        .args(&["catalogue", "brige"])
        .status(2)
        .stderr("rx: error: unknown exercise \"brige\"; did you mean `bridge`?\n")
        .run();
}

pub const CLINIC: &str = r#"
[sources.clinic]
title = "Riverside PT protocol 2026"

[[exercise]]
id = "wall-sit"
name = "Wall sit"
aliases = ["wall squat"]
sources = ["clinic"]
position = "Standing with your back to a wall"
targets = "Thigh muscles."
why = "It builds strength without moving the back."
when = "Once a day."
steps = ["Stand with your back to a wall.", "Slide down a little and hold."]
cautions = ["Stop if your knees hurt."]
per_side = { value = false, from = ["clinic"] }

[exercise.limits]
sets = { min = 1, max = 3, recommended = 2, from = ["clinic"] }
reps = { min = 3, max = 5, recommended = 3, from = ["clinic"] }
hold = { min = 10, max = 30, recommended = 20, from = ["clinic"] }
per_day = { min = 1, max = 1, recommended = 1, from = ["clinic"] }
per_week = { min = 1, max = 7, from = ["clinic"] }
"#;

#[test]
fn clinic_catalogue_adds_entries() {
    let plan = format!("{PLAN}\n[[exercise]]\nname = \"wall squat\"\nreps = 5\n");
    Test::new()
        .file("clinic.toml", CLINIC)
        .file("plan.toml", plan)
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 3 exercises\n")
        .run();
    Test::new()
        .file("clinic.toml", CLINIC)
        .args(&["catalogue", "--catalogue", "clinic.toml"])
        .status(0)
        .stdout_satisfies("lists wall-sit", |s| {
            s.lines().any(|l| l.starts_with("wall-sit "))
        })
        .run();
}

#[test]
fn clinic_catalogue_overrides_by_id() {
    let clinic = CLINIC
        .replace("id = \"wall-sit\"", "id = \"bridge\"")
        .replace("aliases = [\"wall squat\"]", "aliases = []");
    // The clinic's bridge allows 3–5 reps, so the plan's 10 is now too many.
    Test::new()
        .file("clinic.toml", clinic)
        .file("plan.toml", PLAN)
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains("bridge: 10 reps is above the catalogue limit of 5")
        .stderr_contains("limit from \"Riverside PT protocol 2026\"")
        .run();
}

#[test]
fn bad_clinic_catalogue_gets_located_errors() {
    let clinic = CLINIC
        .replace("recommended = 3, from", "recommended = 9, from")
        .replace("targets = ", "target = ");
    Test::new()
        .file("clinic.toml", clinic)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stdout("")
        .stderr_contains(
            "error[RX0104]: unknown key `target` in [[exercise]]\n  --> clinic.toml:11:1\n",
        )
        .stderr_contains("error[RX0106]: missing exercise `targets`")
        .stderr_contains(
            "error[RX0501]: `reps`: recommended 9 is outside 3–5\n  --> clinic.toml:20:42\n",
        )
        .run();
}

#[test]
fn clinic_alias_clashing_with_a_builtin_name_is_rejected() {
    let clinic = CLINIC.replace("[\"wall squat\"]", "[\"Bridge Exercise\"]");
    Test::new()
        .file("clinic.toml", clinic)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stderr_contains(
            "error[RX0501]: name `Bridge Exercise` of `wall-sit` is already used by `bridge`",
        )
        .run();
}

/// A catalogue entry's text is checked for characters the fonts
/// lack once, when the catalogue loads, and still reported at each plan
/// exercise that uses the entry, as before.
#[test]
fn an_entry_the_fonts_cannot_print_is_reported_where_a_plan_uses_it() {
    let clinic = CLINIC.replace("It builds strength", "It builds 王 strength");
    let plan = format!("{PLAN}\n[[exercise]]\nname = \"wall squat\"\nreps = 5\n");
    Test::new()
        .file("clinic.toml", clinic)
        .file("plan.toml", plan)
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains(
            "error[RX0109]: catalogue entry `wall-sit` has a character the sheet's fonts cannot print: '王' (U+738B)",
        )
        .stderr_contains("name = \"wall squat\"")
        .run();
}

/// A catalogue's TOML errors read as a plan's do (one function):
/// an impossible date is a bad date, and the caret says "here".
#[test]
fn catalogue_toml_errors_read_as_plan_ones() {
    Test::new()
        .file("clinic.toml", "[[exercise]]\nid = \"x\"\nadded = 2026-02-30\n")
        .file("plan.toml", PLAN)
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .status(1)
        .stderr(
            "error[RX0301]: invalid TOML: invalid date-time value is out of range\n --> clinic.toml:3:17\n  |\n3 | added = 2026-02-30\n  |                 ^ here\n\n",
        )
        .run();
}

#[test]
fn an_entry_shows_what_its_figure_settles_that_the_sources_leave_open() {
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let noted: Vec<_> = catalogue
        .entries()
        .iter()
        .filter_map(|e| Some((e.id.clone(), e.figure_note.clone()?)))
        .collect();
    assert!(!noted.is_empty(), "no entry has a figure note");
    for (id, note) in noted {
        Test::new()
            .args(&["catalogue", &id])
            .status(0)
            .stdout_contains(format!("\nAbout the figure: {note}\n"))
            .run();
    }
}

/// The README's table of regions counts what the catalogue holds: a new
/// exercise updates the table, or this fails.
#[test]
fn the_readme_region_table_counts_the_catalogue() {
    let readme = std::fs::read_to_string(crate::support::repo("README.md")).expect("README");
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    for region in [
        "neck",
        "shoulder",
        "hip",
        "knee",
        "foot-ankle",
        "back",
        "balance",
    ] {
        let count = catalogue
            .entries()
            .iter()
            .filter(|e| {
                e.regions
                    .iter()
                    .any(|r| serde_json::to_value(r).ok() == Some(serde_json::json!(region)))
            })
            .count();
        let row = format!("| {region} | {count} |");
        assert!(readme.contains(&row), "README lacks {row:?}");
    }
    let total = format!("({} exercises;", catalogue.entries().len());
    assert!(readme.contains(&total), "README lacks {total:?}");
}
