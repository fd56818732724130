//! `rx catalogue` and `--catalogue FILE`.

use crate::support::{PLAN, Test};

#[test]
fn lists_every_entry_with_limits() {
    let out = Test::new().args(&["catalogue"]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("ID"));
    assert_eq!(lines.len(), 16, "a header and 15 entries:\n{}", out.stdout);
    let bridge = lines
        .iter()
        .find(|l| l.starts_with("bridge "))
        .expect("bridge row");
    let cells: Vec<&str> = bridge
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        cells,
        [
            "bridge", "Bridge", "1–3", "8–12", "10–15", "no", "1–2", "1–7"
        ]
    );
}

#[test]
fn shows_one_entry_by_alias_with_sources() {
    let out = Test::new()
        .args(&["catalogue", "Lower Stomach Stretch"])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("Knee-to-chest stretch (knee-to-chest-stretch)\n")
    );
    assert!(out.stdout.contains("Steps:\n  1. "));
    assert!(
        out.stdout
            .contains("\"Stretches to Relieve Lower Back Pain\"")
    );
}

#[test]
fn json_lists_entries_with_limits_and_origins() {
    let out = Test::new().args(&["catalogue", "--format", "json"]).run();
    assert_eq!(out.code, 0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let entries = json.as_array().expect("an array");
    assert_eq!(entries.len(), 15);
    let bridge = entries
        .iter()
        .find(|e| e["id"] == "bridge")
        .expect("bridge");
    assert_eq!(bridge["limits"]["reps"]["min"], 8);
    assert_eq!(bridge["limits"]["reps"]["max"], 12);
    assert_eq!(
        bridge["limits"]["reps"]["origin"]["from"],
        serde_json::json!(["relieve", "essential"])
    );
    let one = Test::new()
        .args(&["catalogue", "bridge", "--format", "json"])
        .run();
    let one: serde_json::Value = serde_json::from_str(&one.stdout).expect("valid JSON");
    assert_eq!(&one, bridge);
}

#[test]
fn unknown_entry_suggests_and_exits_2() {
    let out = Test::new().args(&["catalogue", "brige"]).run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "rx: error: unknown exercise \"brige\"; did you mean `bridge`?\n"
    );
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
    let out = Test::new()
        .file("clinic.toml", CLINIC)
        .file("plan.toml", plan)
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let list = Test::new()
        .file("clinic.toml", CLINIC)
        .args(&["catalogue", "--catalogue", "clinic.toml"])
        .run();
    assert!(list.stdout.lines().any(|l| l.starts_with("wall-sit ")));
}

#[test]
fn clinic_catalogue_overrides_by_id() {
    let clinic = CLINIC
        .replace("id = \"wall-sit\"", "id = \"bridge\"")
        .replace("aliases = [\"wall squat\"]", "aliases = []");
    let out = Test::new()
        .file("clinic.toml", clinic)
        .file("plan.toml", PLAN)
        .args(&["--catalogue", "clinic.toml", "check", "plan.toml"])
        .run();
    // The clinic's bridge allows 3–5 reps, so the plan's 10 is now too many.
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("bridge: 10 reps is above the catalogue limit of 5"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("limit from \"Riverside PT protocol 2026\"")
    );
}

#[test]
fn bad_clinic_catalogue_gets_located_errors() {
    let clinic = CLINIC
        .replace("recommended = 3, from", "recommended = 9, from")
        .replace("targets = ", "target = ");
    let out = Test::new()
        .file("clinic.toml", clinic)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(
            "error[RX0104]: unknown key `target` in [[exercise]]\n  --> clinic.toml:11:1\n"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("error[RX0106]: missing exercise `targets`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "error[RX0501]: `reps`: recommended 9 is outside 3–5\n  --> clinic.toml:20:42\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn clinic_alias_clashing_with_a_builtin_name_is_rejected() {
    let clinic = CLINIC.replace("[\"wall squat\"]", "[\"Bridge Exercise\"]");
    let out = Test::new()
        .file("clinic.toml", clinic)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .run();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "error[RX0501]: name `Bridge Exercise` of `wall-sit` is already used by `bridge`"
        ),
        "{}",
        out.stderr
    );
}
