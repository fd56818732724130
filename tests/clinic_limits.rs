//! A clinic's own dose limits (`[limits.ID]` in `rx.toml` or a clinic
//! catalogue): the plan check uses them, diagnostics name them by file and
//! line, `rx catalogue`, the booklet and `rx config` show them with their
//! basis, and a limit that cannot be held is a located error.

use crate::pdf::Pdf;
use crate::support::{Test, builtin_entry};

const HEAD: &str = r#"[patient]
name = "Ada Patient"
[prescriber]
name = "Dana Reyes, PT"
[plan]
issued = 2026-11-22
weeks = 2
"#;

const BASIS: &str = "Riverside protocol 2026-03";

/// The built-in bridge's catalogue limit for `field` (min, max).
fn bridge(field: &str) -> (u32, u32) {
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let entry = catalogue.find("bridge").expect("the bridge");
    let l = &entry.limits;
    let limit = match field {
        "reps" => &l.reps,
        "sets" => &l.sets,
        "hold" => l.hold.as_ref().expect("the bridge is held"),
        other => panic!("no {other} here"),
    };
    (limit.min, limit.max)
}

/// The ids of the sources the built-in bridge's reps limit comes from.
fn bridge_reps_sources() -> Vec<String> {
    match &builtin_entry("bridge").limits.reps.origin {
        rx::catalogue::Origin::From(ids) => ids.clone(),
        other => panic!("the bridge's reps come from its sources: {other:?}"),
    }
}

/// Settings whose line 2 gives the bridge's reps as `[min, max]`, with a
/// basis on line 3.
fn settings(min: u32, max: u32) -> String {
    format!("[limits.bridge]\nreps = [{min}, {max}]\nbasis = \"{BASIS}\"\n")
}

/// A plan of one bridge with `dose` written under it.
fn plan(dose: &str) -> String {
    format!("{HEAD}\n[[exercise]]\nname = \"bridge\"\n{dose}\n")
}

/// `rx check` on `plan` with `settings` as `rx.toml`.
fn check(settings: &str, plan: String) -> Test {
    Test::new()
        .file("rx.toml", settings)
        .file("plan.toml", plan)
        .args(&["--config", "rx.toml", "check", "plan.toml"])
}

#[test]
fn a_clinic_range_lets_its_protocols_dose_through() {
    let (min, max) = bridge("reps");
    let dose = format!("reps = {}", max + 3);
    check(&settings(min, max + 3), plan(&dose))
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
    // Without the clinic's range the same dose is beyond the catalogue's.
    Test::new()
        .file("plan.toml", plan(&dose))
        .args(&["check", "plan.toml"])
        .status(1)
        .stderr_contains(format!(
            "error[RX0203]: bridge: {} reps is above the catalogue limit of {max}",
            max + 3
        ))
        .stdout("plan.toml: invalid, 1 error\n")
        .run();
}

#[test]
fn a_dose_beyond_the_clinic_range_names_the_clinic_limit_and_its_line() {
    let (min, max) = bridge("reps");
    let (clinic_max, written) = (max + 3, max + 4);
    check(
        &settings(min, clinic_max),
        plan(&format!("reps = {written}")),
    )
    .status(1)
    .stdout("plan.toml: invalid, 1 error\n")
    .stderr(format!(
        "error[RX0203]: bridge: {written} reps is above the clinic limit of {clinic_max}
  --> plan.toml:11:8
   |
11 | reps = {written}
   |        ^^ allowed: {min}–{clinic_max} reps
   = note: clinic limit (rx.toml:2): \"{BASIS}\"
   = help: to prescribe beyond the limit on purpose, add `exceed.reps = \"<reason>\"`

"
    ))
    .run();
}

#[test]
fn no_reason_covers_a_dose_beyond_twice_the_clinic_limit() {
    let (min, max) = bridge("reps");
    let clinic_max = max + 3;
    let at = |reps: u32| plan(&format!("reps = {reps}\nexceed = \"week 3 progression\""));
    check(&settings(min, clinic_max), at(2 * clinic_max))
        .status(0)
        .stdout("plan.toml: ok, 1 exercise, 1 warning\n")
        .stderr_contains(format!(
            "warning[RX0203]: bridge: {} reps is above the clinic limit of {clinic_max}",
            2 * clinic_max
        ))
        .run();
    check(&settings(min, clinic_max), at(2 * clinic_max + 1))
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains(
            "= note: more than 2 × the limit's upper bound: no `exceed` reason covers it",
        )
        .run();
}

#[test]
fn a_clinic_range_within_the_catalogues_makes_a_dose_sourced_as_a_whole() {
    // essential gives 10 bridges held, relieve a range not held: the
    // range's top held for 10 s is no source's dose, until the clinic's reps range
    // stands in for each source's.
    let (min, max) = bridge("reps");
    let dose = format!("reps = {max}\nhold = 10");
    Test::new()
        .file("plan.toml", plan(&dose))
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 1 exercise, 1 warning\n")
        .stderr_contains("warning[RX0209]: bridge: no source gives this dose as a whole")
        .run();
    let within = format!("[limits.bridge]\nreps = [{min}, {max}]\n");
    check(&within, plan(&dose))
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
}

#[test]
fn a_field_left_out_whose_source_value_the_clinic_range_refuses_is_an_error() {
    let (_, max) = bridge("reps");
    check(&settings(max + 1, max + 3), plan(""))
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains("error[RX0210]: bridge: `reps` is left out, and the source's ")
        .stderr_contains("is outside the clinic limit (rx.toml:2)\n  --> plan.toml:10:8\n")
        .stderr_contains(format!(
            "= help: write `reps` in the plan, within {}–{}",
            max + 1,
            max + 3
        ))
        .run();
}

#[test]
fn a_clinic_range_beyond_the_sources_needs_a_basis() {
    let (min, max) = bridge("reps");
    check(
        &format!("[limits.bridge]\nreps = [{min}, {}]\n", max + 1),
        plan(""),
    )
    .status(1)
    .stdout("")
    .stderr(format!(
        "error[RX0120]: `[limits.bridge]` `reps` [{min}, {}] reaches beyond the catalogue's {min}–{max} ({}), with no `basis`
 --> rx.toml:2:8
  |
2 | reps = [{min}, {}]
  |        {} beyond every source's prescription
  = help: say whose protocol it is: `basis = \"<protocol, date>\"` under [limits.bridge]

",
        max + 1,
        bridge_reps_sources().join(", "),
        max + 1,
        "^".repeat(format!("[{min}, {}]", max + 1).len())
    ))
    .run();
}

#[test]
fn a_clinic_limit_for_an_unknown_exercise_or_field_is_a_located_error_with_a_suggestion() {
    check("[limits.bridj]\nreps = [8, 10]\n", plan(""))
        .status(1)
        .stderr_contains("error[RX0121]: `[limits.bridj]`: no exercise \"bridj\" in the catalogue\n --> rx.toml:1:9\n")
        .stderr_contains("= help: did you mean `bridge`?")
        .run();
    check("[limits.bridge]\nrep = [8, 10]\n", plan(""))
        .status(1)
        .stderr_contains("error[RX0104]: unknown key `rep` in [limits.bridge]\n --> rx.toml:2:1\n")
        .stderr_contains("= help: did you mean `reps`?")
        .run();
}

#[test]
fn a_clinic_limit_beyond_a_hard_cap_or_reversed_is_refused() {
    check(
        &format!("[limits.bridge]\nsets = [1, 21]\nbasis = \"{BASIS}\"\n"),
        plan(""),
    )
    .status(1)
    .stderr_contains("error[RX0119]: `[limits.bridge]` `sets` [1, 21] reaches above the hard cap of 20\n --> rx.toml:2:8\n")
    .run();
    check("[limits.bridge]\nreps = [10, 8]\n", plan(""))
        .status(1)
        .stderr_contains(
            "error[RX0119]: `reps`: the upper bound 8 is below the lower bound 10\n --> rx.toml:2:8\n",
        )
        .run();
}

#[test]
fn rx_catalogue_shows_the_source_ranges_the_clinic_range_and_which_applies() {
    let (min, max) = bridge("reps");
    let test = Test::new()
        .file("rx.toml", settings(min, max + 3))
        .args(&["--config", "rx.toml", "catalogue", "bridge"])
        .status(0)
        .stdout_contains(format!(
            "      clinic: {min}–{} (rx.toml:2), basis \"{BASIS}\"\n      applies: the clinic's {min}–{}\n",
            max + 3,
            max + 3
        ));
    test.run();
    let json = test
        .in_same_folder()
        .args(&[
            "--config",
            "rx.toml",
            "catalogue",
            "bridge",
            "--format",
            "json",
        ])
        .status(0)
        .stdout_satisfies("is JSON", |o| o.starts_with('{'))
        .run()
        .stdout;
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let fields = json["limits_by_field"].as_array().expect("per field");
    let reps = fields
        .iter()
        .find(|f| f["field"] == "reps")
        .expect("the reps");
    assert_eq!(reps["applies"], "clinic");
    assert_eq!(reps["catalogue"]["max"], max);
    assert_eq!(
        reps["clinic"],
        serde_json::json!({
            "range": { "min": min, "max": max + 3 },
            "basis": BASIS,
            "place": { "file": "rx.toml", "line": 2 },
        })
    );
    let sources: Vec<&str> = reps["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["from"].as_str())
        .collect();
    assert_eq!(sources, bridge_reps_sources());
    let sets = fields.iter().find(|f| f["field"] == "sets").expect("sets");
    assert_eq!(sets["applies"], "catalogue");
    assert!(sets["clinic"].is_null());
}

#[test]
fn a_clinic_catalogues_limits_apply_and_the_settings_file_wins() {
    let (min, max) = bridge("reps");
    let catalogue = format!(
        "[limits.bridge]\nreps = [{min}, {}]\nbasis = \"ours\"\n",
        max + 5
    );
    let test = Test::new()
        .file("clinic.toml", &catalogue)
        .args(&["--catalogue", "clinic.toml", "catalogue", "bridge"])
        .status(0)
        .stdout_contains(format!(
            "      clinic: {min}–{} (clinic.toml:2), basis \"ours\"\n",
            max + 5
        ));
    test.run();
    test.in_same_folder()
        .file("rx.toml", settings(min, max + 3))
        .args(&[
            "--config",
            "rx.toml",
            "--catalogue",
            "clinic.toml",
            "catalogue",
            "bridge",
        ])
        .status(0)
        .stdout_contains(format!("      applies: the clinic's {min}–{}\n", max + 3))
        .stdout_satisfies("shows only the settings file's range", |o| {
            !o.contains("clinic.toml:2")
        })
        .run();
}

#[test]
fn rx_config_shows_clinic_limits_with_basis_and_line() {
    Test::new()
        .file("rx.toml", settings(8, 15))
        .args(&["--config", "rx.toml", "config"])
        .status(0)
        .stdout_satisfies("gives the range and the basis, each with its line", |o| {
            let line = |start: &str, end: &str| {
                o.lines().any(|l| l.starts_with(start) && l.ends_with(end))
            };
            line("limits.bridge.reps = [8,15] ", "# rx.toml:2")
                && line(
                    &format!("limits.bridge.basis = \"{BASIS}\" "),
                    "# rx.toml:3",
                )
        })
        .run();
}

#[test]
fn the_booklet_shows_clinic_limits_with_basis_and_line() {
    let (min, max) = bridge("reps");
    let test = Test::new()
        .file("rx.toml", settings(min, max + 3))
        .args(&[
            "--config",
            "rx.toml",
            "catalogue",
            "--format",
            "pdf",
            "-o",
            "b.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote b.pdf: ");
    test.run();
    let text: String = Pdf::open(&test.path("b.pdf"))
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let want = format!(
        "Clinic limit, applies: {min}–{} (rx.toml:2), basis: {BASIS}.",
        max + 3
    );
    assert!(text.contains(&want), "{want} not in the booklet");
}

#[test]
fn the_report_hashes_the_settings_file_with_its_clinic_limits() {
    use sha2::{Digest, Sha256};
    let (min, max) = bridge("reps");
    let hash = |max: u32| {
        let test = Test::new()
            .file("rx.toml", settings(min, max))
            .file("plan.toml", plan(""))
            .args(&[
                "--config",
                "rx.toml",
                "build",
                "plan.toml",
                "--format",
                "json",
            ])
            .status(0)
            .stdout_satisfies("is the JSON report", |o| o.starts_with('{'));
        let report = test.run().stdout;
        let report: serde_json::Value = serde_json::from_str(&report).expect("JSON");
        let file = std::fs::read(test.path("rx.toml")).expect("the settings");
        let digest: String = Sha256::digest(file)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(report["settings"]["sha256"], digest);
        digest
    };
    assert_ne!(hash(max + 3), hash(max + 4));
}

#[test]
fn rx_new_prefills_a_dose_inside_the_clinic_range_and_names_its_basis() {
    // A clinic range wholly above the catalogue's: the recommended count
    // would be refused.
    let (_, max) = bridge("reps");
    let (low, high) = (max + 2, max + 5);
    let settings = settings(low, high);
    let text = Test::new()
        .file("rx.toml", &settings)
        .args(&["--config", "rx.toml", "new", "-", "--exercise", "bridge"])
        .status(0)
        .stdout_starts_with("#:schema ")
        .run()
        .stdout;
    let reps_line = text
        .lines()
        .find(|l| l.starts_with("reps = "))
        .expect("a reps line");
    let reps: u32 = reps_line["reps = ".len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number");
    assert!((low..=high).contains(&reps), "{reps_line}");
    assert!(
        reps_line.contains(&format!(
            "# clinic limit (rx.toml:2): {low}–{high}, basis \"{BASIS}\""
        )),
        "{reps_line}"
    );
    // Filled in, the plan passes the check the clinic's range holds it to.
    let filled = text
        .replacen("name = \"\"", "name = \"Ada Patient\"", 1)
        .replacen("name = \"\"", "name = \"Dana Reyes, PT\"", 1);
    check(&settings, filled)
        .status(0)
        .stdout("plan.toml: ok, 1 exercise\n")
        .run();
}

#[test]
fn rx_schema_publishes_the_clinic_range_for_the_fields_it_bounds() {
    let (_, max) = bridge("reps");
    let (low, high) = (max + 2, max + 5);
    let text = Test::new()
        .file("rx.toml", settings(low, high))
        .args(&["--config", "rx.toml", "schema"])
        .status(0)
        .stdout_starts_with("{\n")
        .run()
        .stdout;
    let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let validator = jsonschema::draft7::new(&schema).expect("a valid schema");
    let valid = |dose: &str| validator.is_valid(&crate::schema::json(&plan(dose)));
    assert!(valid(&format!("reps = {low}")));
    assert!(valid(&format!("reps = {high}")));
    // Within the catalogue's range but outside the clinic's: the clinic's
    // range is the one published.
    assert!(!valid(&format!("reps = {max}")));
    assert!(!valid(&format!("reps = {}", high + 1)));
    // `exceed` lets rx accept it, so the schema does too.
    assert!(valid(&format!(
        "reps = {}\nexceed = \"week 3 progression\"",
        high + 1
    )));
    assert!(
        text.contains(&format!(
            "Bridge: reps {low}–{high} in a set, clinic limit (rx.toml:2): \\\"{BASIS}\\\""
        )),
        "the description names the clinic's range and basis"
    );
}
