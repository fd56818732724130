//! `rx schema`: plans validate against the JSON Schema as an editor checks
//! them, with TOML turned into JSON the way taplo does: a date
//! becomes its `YYYY-MM-DD` string.

use serde_json::{Map, Value};
use toml_edit::{ImDocument, Item};

use crate::support::{PLAN, Test, builtin_entry, plan_with, repo};

fn schema(catalogue: Option<&str>) -> jsonschema::Validator {
    let mut test = Test::new();
    let mut args = vec!["schema"];
    if let Some(text) = catalogue {
        test = test.file("clinic.toml", text);
        args = vec!["--catalogue", "clinic.toml", "schema"];
    }
    let text = test
        .args(&args)
        .status(0)
        .stdout_starts_with("{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",")
        .run()
        .stdout;
    let schema: Value = serde_json::from_str(&text).expect("rx schema prints JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("rx schema prints a valid JSON Schema")
}

/// A TOML document as JSON, as taplo reads it.
pub fn json(toml: &str) -> Value {
    let doc = ImDocument::parse(toml).expect("valid TOML");
    item(doc.as_item())
}

fn item(item: &Item) -> Value {
    match item {
        Item::None => Value::Null,
        Item::Value(v) => value(v),
        Item::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_owned(), self::item(v)))
                .collect(),
        ),
        Item::ArrayOfTables(a) => Value::Array(
            a.iter()
                .map(|t| {
                    Value::Object(
                        t.iter()
                            .map(|(k, v)| (k.to_owned(), self::item(v)))
                            .collect(),
                    )
                })
                .collect(),
        ),
    }
}

fn value(v: &toml_edit::Value) -> Value {
    use toml_edit::Value as V;
    match v {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::from(*i.value()),
        V::Float(f) => Value::from(*f.value()),
        V::Boolean(b) => Value::Bool(*b.value()),
        V::Datetime(d) => Value::String(d.value().to_string()),
        V::Array(a) => Value::Array(a.iter().map(value).collect()),
        V::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_owned(), value(v)))
                .collect::<Map<String, Value>>(),
        ),
    }
}

/// The schema's complaints about `plan`, one per line.
fn errors(validator: &jsonschema::Validator, plan: &str) -> String {
    let instance = json(plan);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}\n", e, e.instance_path()))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, what: &str, plan: &str) {
    let errors = errors(validator, plan);
    assert!(
        errors.is_empty(),
        "{what} fails the schema:\n{errors}\n{plan}"
    );
}

fn assert_invalid(validator: &jsonschema::Validator, what: &str, plan: &str) {
    assert!(
        !validator.is_valid(&json(plan)),
        "the schema accepts {what}:\n{plan}"
    );
}

#[test]
fn the_example_plan_validates() {
    let plan = std::fs::read_to_string(repo("examples/plan.toml")).expect("the example plan");
    let validator = schema(None);
    assert_valid(&validator, "examples/plan.toml", &plan);
    assert_valid(&validator, "the test plan", PLAN);
    // Dates as strings, names in any case and spacing, as rx reads them.
    let loose = plan
        .replace("issued = 2026-11-22", "issued = \"2026-11-22\"")
        .replace("name = \"Bridge\"", "name = \"BRIDGE\"")
        .replace("name = \"Knee to chest\"", "name = \"knee-to_chest\"")
        .replace("side = \"both\"", "side = \"Both\"");
    assert_ne!(loose, plan);
    assert_valid(&validator, "a plan spelled loosely", &loose);
}

#[test]
fn plans_from_rx_new_validate_and_carry_the_schema_line() {
    let validator = schema(None);
    for routine in ["ten-stretches", "three-gentle", "four-essential"] {
        let test = Test::new()
            .args(&["new", "plan.toml", "--routine", routine])
            .status(0)
            .stdout_starts_with("wrote plan.toml");
        test.run();
        let plan = std::fs::read_to_string(test.path("plan.toml")).expect("plan written");
        assert!(
            plan.starts_with("#:schema ./plan.schema.json\n"),
            "{routine}: no schema line:\n{plan}"
        );
        assert_valid(&validator, routine, &plan);
    }
}

#[test]
fn mistakes_fail_the_schema() {
    let validator = schema(None);
    let cases = [
        (
            "an unknown exercise",
            "name = \"Bridge\"",
            "name = \"Brige\"",
        ),
        ("an unknown key in an exercise", "reps = 10", "rep = 10"),
        (
            "an unknown key in [patient]",
            "id = \"MRN-004211\"",
            "mrn = \"MRN-004211\"",
        ),
        ("an unknown table", "[plan]", "[plans]"),
        ("reps as text", "reps = 10", "reps = \"ten\""),
        ("zero sets", "sets = 1", "sets = 0"),
        ("reps above the hard cap", "reps = 10", "reps = 501"),
        (
            "per_day and per_week",
            "per_day = 1",
            "per_day = 1\nper_week = 3",
        ),
        (
            "review and weeks",
            "review = 2026-12-06",
            "review = 2026-12-06\nweeks = 2",
        ),
        ("no review date", "review = 2026-12-06", ""),
        (
            "an impossible date",
            "review = 2026-12-06",
            "review = \"2026-13-06\"",
        ),
        ("an unknown side", "sets = 1", "sets = 1\nside = \"up\""),
        ("a blank exceed", "sets = 1", "sets = 1\nexceed = \" \""),
    ];
    assert_valid(&validator, "the test plan", PLAN);
    for (what, from, to) in cases {
        assert!(PLAN.contains(from), "{what}: {from:?} is not in PLAN");
        assert_invalid(&validator, what, &PLAN.replacen(from, to, 1));
    }
}

/// The dose fields an exercise does not have, as `rx check` reports them
/// (RX0204): a hold for an exercise held in no source (sciatic nerve
/// glides), a side for one not done per side (pelvic tilt).
#[test]
fn fields_an_exercise_does_not_have_fail_the_schema() {
    let validator = schema(None);
    let plan =
        |name: &str, extra: &str| format!("{PLAN}\n[[exercise]]\nname = \"{name}\"\n{extra}\n");
    assert_valid(&validator, "glides", &plan("sciatic nerve glides", ""));
    assert_valid(
        &validator,
        "glides held 0 s",
        &plan("sciatic nerve glides", "hold = 0"),
    );
    assert_valid(
        &validator,
        "a held pelvic tilt",
        &plan("pelvic tilt", "hold = 5"),
    );
    assert_invalid(
        &validator,
        "held glides",
        &plan("sciatic nerve glides", "hold = 5"),
    );
    assert_invalid(
        &validator,
        "a one-sided pelvic tilt",
        &plan("pelvic tilt", "side = \"left\""),
    );
    // And rx agrees.
    for (name, extra, error) in [
        (
            "sciatic nerve glides",
            "hold = 5",
            "this exercise has no hold",
        ),
        (
            "pelvic tilt",
            "side = \"left\"",
            "this exercise is not done one side at a time",
        ),
    ] {
        Test::new()
            .file("plan.toml", plan(name, extra))
            .args(&["check", "plan.toml"])
            .status(1)
            .stderr_contains(error)
            .stdout("plan.toml: invalid, 1 error\n")
            .run();
    }
}

#[test]
fn a_clinic_catalogue_adds_its_exercises() {
    let plan = format!("{PLAN}\n[[exercise]]\nname = \"Wall squat\"\nreps = 5\n");
    assert_valid(
        &schema(Some(crate::catalogue::CLINIC)),
        "a clinic exercise",
        &plan,
    );
    assert_invalid(
        &schema(None),
        "a clinic exercise without its catalogue",
        &plan,
    );
}

#[test]
fn dose_fields_describe_the_catalogues_limits() {
    let limits = &builtin_entry("bridge").limits;
    let (sets, reps) = (limits.sets.range(), limits.reps.range());
    let text = Test::new()
        .args(&["schema"])
        .status(0)
        .stdout_contains(format!("\"Bridge: reps {reps} in a set, from "))
        .stdout_contains(format!(
            "Bridge (`rx catalogue bridge`): sets {sets}, reps {reps}, "
        ))
        .run()
        .stdout;
    // The same catalogue gives the same bytes.
    Test::new().args(&["schema"]).status(0).stdout(text).run();
}

/// Where the clinic's settings name the prescriber, `rx new` leaves the
/// plan's `[prescriber]` out (and says so), `rx check` accepts such a plan,
/// and so does the schema written under those settings; without them the
/// schema still asks for the prescriber, as rx does.
#[test]
fn a_prescriber_from_the_settings_may_be_left_out() {
    let settings = "[prescriber]\nname = \"Dana Reyes, PT, DPT\"\n";
    let made = Test::new()
        .file("rx.toml", settings)
        .find_settings()
        .args(&["new", "plan.toml", "--exercise", "bridge"])
        .status(0)
        .stdout("wrote plan.toml: fill in the patient, then run `rx check plan.toml`\n");
    made.run();
    let plan = std::fs::read_to_string(made.path("plan.toml")).expect("plan written");
    assert!(
        plan.contains(
            "# The prescriber comes from the clinic's settings (rx.toml): Dana Reyes, PT, DPT\n"
        ),
        "{plan}"
    );
    assert!(!plan.contains("\n[prescriber]"), "{plan}");
    let plan = plan.replace("[patient]\nname = \"\"", "[patient]\nname = \"Ann Lee\"");
    Test::new()
        .file("rx.toml", settings)
        .file("plan.toml", &plan)
        .find_settings()
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .keeps_sources_note()
        .stderr("rx: note: settings from rx.toml (found from the current folder); the built-in catalogue only\n")
        .run();
    let schema_text = Test::new()
        .file("rx.toml", settings)
        .find_settings()
        .args(&["schema"])
        .status(0)
        .stdout_starts_with("{")
        .run()
        .stdout;
    let printed: Value = serde_json::from_str(&schema_text).expect("rx schema prints JSON");
    let with_settings = jsonschema::draft7::new(&printed).expect("a valid JSON Schema");
    assert_valid(
        &with_settings,
        "a plan whose prescriber is in rx.toml",
        &plan,
    );
    assert_invalid(
        &schema(None),
        "a plan without a prescriber, no settings",
        &plan,
    );
}

#[test]
fn an_exceed_reason_per_part_validates_and_an_unknown_part_does_not() {
    let validator = schema(None);
    let with = |exceed: &str| plan_with("reps = 10", &format!("reps = 14\nexceed = {exceed}"));
    assert_valid(&validator, "a bare reason", &with("\"week 3\""));
    assert_valid(
        &validator,
        "a reason per part",
        &with("{ reps = \"week 3\", daily = \"cleared\" }"),
    );
    assert_invalid(&validator, "an unknown part", &with("{ rep = \"week 3\" }"));
    assert_invalid(&validator, "no part at all", &with("{}"));
}
