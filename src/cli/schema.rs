//! `rx schema`: a JSON Schema (draft 7) of the TOML plan format, for
//! editors.
//!
//! Even Better TOML (VS Code) and taplo read the `#:schema ./plan.schema.json`
//! line `rx new` writes at the top of a plan; with the schema saved beside
//! the plans (`rx schema > plan.schema.json`) they complete keys and exercise
//! names (each listed with its exercise's limits), explain keys on hover, and
//! underline an unknown key or exercise as the therapist types. The schema is
//! built from the loaded catalogue, so `--catalogue FILE` adds a clinic's
//! exercises. Each exercise's limits are also the descriptions of its dose
//! fields (under `dependencies`), for tools that read `if`/`then`.
//!
//! Draft 7 and the shapes here are what taplo (0.9 and 0.10 tried) validates
//! and completes: see `exercise` and `loose` for why.
//!
//! `rx check` stays the judge: the schema catches what JSON Schema can say
//! (unknown keys and exercises, types, hard caps, two exclusive keys, a dose
//! field an exercise does not have) and is meant never to reject a plan rx
//! accepts. So names, sides and paper sizes are matched as rx matches them
//! (letter case ignored; spaces and hyphens too in names) by a pattern beside
//! the enum that editors complete from; length caps are counted before rx
//! trims spaces.

use std::fmt::Write as _;

use clap::Args;
use serde_json::{Value, json};

use super::output;
use crate::catalogue::{Catalogue, Entry, Limit, Origin};
use crate::dose::Field;
use crate::error::{Error, Exit};
use crate::fields::MAX_TEXT;
use crate::parse::caps;
use crate::settings::Settings;

#[derive(Debug, Args)]
pub struct SchemaArgs {}

pub fn run(_args: &SchemaArgs, catalogue: &Catalogue, clinic: &Settings) -> Result<Exit, Error> {
    let mut schema = schema(catalogue);
    if clinic.prescriber.is_some() {
        prescriber_from_settings(&mut schema);
    }
    let text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    output::stdout(&format!("{text}\n")).map_err(super::stdout_error)?;
    Ok(Exit::Ok)
}

/// Where the clinic's settings name the prescriber, a plan may leave the
/// `[prescriber]` table or its name out, and rx accepts it: so must the
/// schema, which never rejects a plan rx accepts.
fn prescriber_from_settings(schema: &mut Value) {
    let drop = |required: &mut Value, key: &str| {
        if let Some(list) = required.as_array_mut() {
            list.retain(|k| k != key);
        }
    };
    drop(&mut schema["required"], "prescriber");
    drop(&mut schema["properties"]["prescriber"]["required"], "name");
}

/// The schema of a plan checked against `catalogue`.
pub fn schema(catalogue: &Catalogue) -> Value {
    json!({
        // Draft 7, the newest taplo's validator knows: under a later draft it
        // skips `dependencies`, and with it the checks per exercise.
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "rx plan",
        "description": format!(
            "A home-exercise plan for rx {} (written by `rx schema`; run it again after \
             updating rx or the clinic catalogue). `rx check` has the last word.",
            env!("CARGO_PKG_VERSION")
        ),
        "type": "object",
        "additionalProperties": false,
        "required": ["patient", "prescriber", "plan", "exercise"],
        "properties": {
            "patient": table("The patient the sheet is for; printed on every page.", &["name"], json!({
                "name": text("The patient's full name (required).", caps::NAME),
                "id": text("A record number (optional); names the sheet's file in a batch.", caps::ID),
            })),
            "prescriber": table("Who prescribes the plan; printed on every page.", &["name"], json!({
                "name": text("Your name and credentials (required).", caps::NAME),
                "clinic": text("The clinic's name (optional).", caps::NAME),
                "phone": text("A phone number for questions (optional).", caps::PHONE),
            })),
            "plan": plan(),
            "exercise": {
                "description": "One `[[exercise]]` table per exercise, in the order the sheet shows them.",
                "type": "array",
                "minItems": 1,
                "maxItems": caps::EXERCISES,
                "items": exercise(catalogue),
            },
        },
    })
}

/// The `[plan]` table: dates, notes and print options.
fn plan() -> Value {
    let date = |what: &str| {
        json!({
            "description": format!(
                "{what}: a date, YYYY-MM-DD (a TOML date or a string), in the years {} to {}.",
                caps::YEARS.start(),
                caps::YEARS.end()
            ),
            "type": "string",
            "format": "date",
        })
    };
    let mut plan = table(
        "Dates, notes and print options; give `review` or `weeks`.",
        &[],
        json!({
            "issued": date("The issue date (optional; defaults to today)"),
            "review": date("The review date, after the issue date and at most a year later (or give `weeks`)"),
            "weeks": count("Weeks until review (or give `review`).", 1, caps::WEEKS),
            "notes": text("Notes printed on page 1 (optional).", MAX_TEXT),
            "paper": word("Paper size (optional; default letter).", &["letter", "a4"]),
            "language": word(
                "The sheet's language (optional; default en; the settings' `[defaults] language` and `--language` also set it).",
                &crate::lang::Language::all()
                    .map(crate::lang::Language::code)
                    .collect::<Vec<_>>(),
            ),
            "large_print": {
                "description": "Body text in 16 pt (optional).",
                "type": "boolean",
            },
            "date_format": word(
                "The order of day and month in a quoted local date like \"22.11.2026\" (optional): DMY, MDY or YMD; `--date-format` wins.",
                &["DMY", "MDY", "YMD"],
            ),
        }),
    );
    plan["oneOf"] = json!([{ "required": ["review"] }, { "required": ["weeks"] }]);
    plan
}

/// One `[[exercise]]`: the dose fields with their hard caps, and per
/// catalogue exercise the limits that name selects.
fn exercise(catalogue: &Catalogue) -> Value {
    // Each spelling once, with its exercise's summary for the completion list.
    let mut spellings: Vec<&str> = Vec::new();
    let mut summaries: Vec<String> = Vec::new();
    for entry in catalogue.entries() {
        for name in names(entry) {
            if !spellings.contains(&name) {
                spellings.push(name);
                summaries.push(summary(entry));
            }
        }
    }
    let mut exercise = table(
        "One exercise. Dose fields left out take a source's own prescription. Each exercise's \
         limits show beside its name as you complete it; `rx catalogue NAME` gives them in full.",
        &["name"],
        json!({
            "name": loose(
                "The exercise: a catalogue id, name or alias (letter case, spaces and hyphens \
                 don't matter). `rx catalogue` lists them.",
                &spellings,
                &summaries,
                "Also in any letter case, with spaces or hyphens anywhere.",
            ),
            "sets": count("Sets each time (optional).", 1, caps::SETS),
            "reps": count("Repetitions in a set (optional).", 1, caps::REPS),
            "hold": count("Seconds to hold each repetition (optional); 0 is no hold.", 0, caps::HOLD),
            "per_day": count("Times a day (optional; or `per_week`).", 1, caps::PER_DAY),
            "per_week": count("Days a week (optional; or `per_day`).", 1, caps::PER_WEEK),
            "minutes": count(
                "For a timed exercise (optional): minutes of moving a bout (\"march for 2 minutes\"), not a hold.",
                1,
                caps::MINUTES,
            ),
            "side": word(
                "For an exercise done one side at a time (optional): each side in turn, alternating, or one side.",
                &["both", "alternate", "left", "right"],
            ),
            "note": text("Your note, printed with the exercise (optional).", MAX_TEXT),
            "exceed": {
                "description": "Why this dose goes beyond the catalogue's limits on purpose (optional): \
                                one reason for the one field beyond its limit (or the day's total), or \
                                a reason per part (`{ reps = \"...\" }`). The error becomes a warning; \
                                the reason stays in the plan and `rx check`, off the patient's sheet. \
                                No reason covers a field beyond twice its limit.",
                "oneOf": [
                    { "type": "string", "maxLength": MAX_TEXT, "pattern": "\\S" },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "minProperties": 1,
                        "properties": crate::dose::Part::ALL
                            .iter()
                            .map(|p| (p.key().to_owned(), json!({ "type": "string", "maxLength": MAX_TEXT, "pattern": "\\S" })))
                            .collect::<serde_json::Map<_, _>>(),
                    },
                ],
            },
            "video": {
                "description": "A link to a video of the exercise (optional), printed as a QR code \
                                and the link: http(s), printable characters, no spaces.",
                "type": "string",
                "maxLength": crate::fields::MAX_URL,
                "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[!-~]+$",
            },
        }),
    );
    exercise["not"] = json!({ "required": ["per_day", "per_week"] });
    // Under `dependencies` rather than the table's own `allOf`: taplo
    // completes and hovers no key of a table whose schema has an `allOf`.
    let by_exercise: Vec<Value> = catalogue
        .entries()
        .iter()
        .map(|entry| limits(entry, catalogue))
        .collect();
    exercise["dependencies"] = json!({ "name": { "allOf": by_exercise } });
    exercise
}

/// For the exercise `entry`: its limits as descriptions of the dose fields
/// (what an editor shows on hover), and the fields it does not have refused.
/// A clinic's own range (`[limits.ID]`) is the one described, and is also
/// published as `minimum`/`maximum` for a plan with no `exceed` (which rx
/// refuses beyond it), so an editor underlines a dose outside the
/// clinic's protocol.
fn limits(entry: &Entry, catalogue: &Catalogue) -> Value {
    let l = &entry.limits;
    let dose = |field: Field, limit: &Limit, unit: &str| {
        let key = field.key();
        let mut said = match crate::limits::clinic(entry, field) {
            Some(clinic) => format!(
                "{}: {key} {} {unit}, {}",
                entry.name,
                clinic.range.range(),
                crate::limits::Applies::Clinic(clinic).cite(catalogue)
            ),
            None => format!(
                "{}: {key} {} {unit}, {}",
                entry.name,
                limit.range(),
                catalogue.cite(&limit.origin)
            ),
        };
        // A default's own words already give its recommended dose.
        if let (Some(n), Origin::From(_), None) = (
            limit.recommended,
            &limit.origin,
            crate::limits::clinic(entry, field),
        ) {
            let _ = write!(said, "; recommended {n}");
        }
        said.push_str(". Beyond it needs `exceed`.");
        json!({ "description": said })
    };
    let mut then = json!({
        "name": { "description": summary(entry) },
        "sets": dose(Field::Sets, &l.sets, "each time"),
        "reps": dose(Field::Reps, &l.reps, "in a set"),
        "per_day": dose(Field::PerDay, &l.per_day, "times a day"),
        "per_week": dose(Field::PerWeek, &l.per_week, "days a week"),
    });
    then["hold"] = match &l.hold {
        Some(hold) => dose(Field::Hold, hold, "seconds"),
        None => json!({
            "description": format!("{} is not held in any of its sources: leave `hold` out.", entry.name),
            "const": 0,
        }),
    };
    then["minutes"] = match &l.minutes {
        Some(minutes) => dose(Field::Minutes, minutes, "a bout"),
        None => json!({
            "description": format!("{} is not timed in any of its sources: leave `minutes` out.", entry.name),
            "not": {},
        }),
    };
    if !entry.per_side.value {
        then["side"] = json!({
            "description": format!("{} is not done one side at a time: leave `side` out.", entry.name),
            "not": {},
        });
    }
    let mut then = json!({ "properties": then });
    let bounded: serde_json::Map<String, Value> = entry
        .clinic
        .iter()
        .map(|c| {
            let range = json!({ "minimum": c.range.min, "maximum": c.range.max });
            (c.field.key().to_owned(), range)
        })
        .collect();
    if !bounded.is_empty() {
        then["if"] = json!({ "required": ["exceed"] });
        then["else"] = json!({ "properties": bounded });
    }
    json!({
        "if": { "properties": { "name": { "pattern": pattern(&names(entry)) } }, "required": ["name"] },
        "then": then,
    })
}

/// The hover text of an exercise's name: what it is and its limits (the
/// clinic's where it sets its own).
fn summary(entry: &Entry) -> String {
    let range =
        |field: Field| crate::limits::applies(entry, field).map(|limit| limit.range().range());
    let hold = match range(Field::Hold) {
        Some(hold) => format!("hold {hold} s"),
        None => "no hold".to_owned(),
    };
    let side = if entry.per_side.value {
        "; one side at a time"
    } else {
        ""
    };
    let clinic = if entry.clinic.is_empty() {
        ""
    } else {
        " (the clinic's limits)"
    };
    let [sets, reps, per_day, per_week] = [Field::Sets, Field::Reps, Field::PerDay, Field::PerWeek]
        .map(|f| range(f).unwrap_or_default());
    format!(
        "{} (`rx catalogue {}`): sets {sets}, reps {reps}, {hold}, {per_day} times a day or {per_week} days a week{side}{clinic}. {}",
        entry.name,
        entry.id,
        entry.daily_sentence()
    )
}

/// An exercise's id, name and aliases.
fn names(entry: &Entry) -> Vec<&str> {
    std::iter::once(entry.id.as_str())
        .chain(std::iter::once(entry.name.as_str()))
        .chain(entry.aliases.iter().map(String::as_str))
        .collect()
}

/// A table with the given properties and no others (rx refuses unknown keys).
fn table(description: &str, required: &[&str], properties: Value) -> Value {
    json!({
        "description": description,
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

fn text(description: &str, max: usize) -> Value {
    json!({
        "description": format!("{description} At most {max} characters."),
        "type": "string",
        "maxLength": max,
    })
}

fn count(description: &str, min: u32, max: u32) -> Value {
    json!({
        "description": format!("{description} A whole number, {min} to {max}."),
        "type": "integer",
        "minimum": min,
        "maximum": max,
    })
}

/// One of a few words, in any letter case (rx lowercases them).
fn word(description: &str, words: &[&str]) -> Value {
    loose(description, words, &[], "Also in any letter case.")
}

/// One of `words` as rx compares them (`pattern`), offered as an enum for
/// completion, each with its `docs` (taplo's `x-taplo` extension shows
/// them in the completion list). The branches carry the descriptions:
/// taplo completes and hovers a key from its branches, joining their
/// descriptions, so each says something of its own.
fn loose(description: &str, words: &[&str], docs: &[String], also: &str) -> Value {
    let mut listed = json!({ "description": description, "type": "string", "enum": words });
    if !docs.is_empty() {
        listed["x-taplo"] = json!({ "docs": { "enumValues": docs } });
    }
    json!({
        "anyOf": [
            listed,
            { "description": also, "type": "string", "pattern": pattern(words) },
        ],
    })
}

/// A pattern matching each of `names` as `suggest::normalise` compares
/// names: any letter case, with spaces, tabs, hyphens, underscores and
/// apostrophes anywhere. Written in the syntax ECMA-262 and Rust's regex
/// share, since editors and validators use either.
fn pattern(names: &[&str]) -> String {
    const SKIP: &str = "[\\s'’_-]*";
    let mut alternatives: Vec<String> = Vec::new();
    for name in names {
        let mut alternative = String::new();
        for c in crate::suggest::normalise(name).chars() {
            alternative.push_str(&any_case(c));
            alternative.push_str(SKIP);
        }
        if !alternatives.contains(&alternative) {
            alternatives.push(alternative);
        }
    }
    format!("^{SKIP}(?:{})$", alternatives.join("|"))
}

/// `c` (already lowercase) in either case, escaped for a pattern.
fn any_case(c: char) -> String {
    let upper: Vec<char> = c.to_uppercase().collect();
    match upper.as_slice() {
        [u] if *u != c => format!("[{c}{u}]"),
        _ if c.is_alphanumeric() || !c.is_ascii() => c.to_string(),
        // Escaped in both syntaxes; other punctuation is plain in a class.
        _ if matches!(c, '\\' | ']' | '[' | '^' | '-') => format!("\\{c}"),
        _ => format!("[{c}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::{any_case, pattern, schema};
    use crate::parse::toml::{EXERCISE_KEYS, PATIENT_KEYS, PLAN_KEYS, PRESCRIBER_KEYS, TOP_KEYS};

    fn keys(value: &serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value["properties"]
            .as_object()
            .expect("a table has properties")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    /// The schema knows exactly the keys the plan parser reads, so adding a
    /// key to one without the other fails here.
    #[test]
    fn the_schema_has_the_parsers_keys() {
        let catalogue = crate::catalogue::builtin().expect("the built-in catalogue loads");
        let schema = schema(&catalogue);
        let props = &schema["properties"];
        assert_eq!(keys(&schema), sorted(TOP_KEYS));
        assert_eq!(keys(&props["patient"]), sorted(PATIENT_KEYS));
        assert_eq!(keys(&props["prescriber"]), sorted(PRESCRIBER_KEYS));
        assert_eq!(keys(&props["plan"]), sorted(PLAN_KEYS));
        assert_eq!(keys(&props["exercise"]["items"]), sorted(EXERCISE_KEYS));
    }

    #[test]
    fn patterns_ignore_case_and_separators_and_escape_punctuation() {
        assert_eq!(any_case('b'), "[bB]");
        assert_eq!(any_case('4'), "4");
        assert_eq!(any_case('.'), "[.]");
        assert_eq!(any_case(']'), "\\]");
        assert_eq!(any_case('é'), "[éÉ]");
        let skip = "[\\s'’_-]*";
        assert_eq!(
            pattern(&["A4", "a-4"]),
            format!("^{skip}(?:[aA]{skip}4{skip})$")
        );
    }
}
