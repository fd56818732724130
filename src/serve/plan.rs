//! The editor's plan: the JSON the page sends, written as the TOML plan
//! `rx build` reads, with where each field landed so every diagnostic of
//! that TOML can be shown beside the field it belongs to.
//!
//! Every value is kept as the therapist typed it: a number field holding
//! "ten" is written as a TOML string, so `rx check`'s own wrong-type
//! diagnostic reports it, located, rather than the editor guessing. An
//! empty value is left out, as a plan leaves out a field (a dose field
//! then takes its source's value). Pure.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Span};

/// A plan as the page holds it: text fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EditorPlan {
    pub patient: Patient,
    pub prescriber: Prescriber,
    pub plan: Sheet,
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Patient {
    pub name: String,
    pub id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Prescriber {
    pub name: String,
    pub clinic: String,
    pub phone: String,
}

/// The `[plan]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sheet {
    pub issued: String,
    pub review: String,
    pub weeks: String,
    pub notes: String,
    pub language: String,
    pub paper: String,
    pub large_print: bool,
}

/// One `[[exercise]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Exercise {
    pub name: String,
    pub sets: String,
    pub reps: String,
    pub hold: String,
    pub minutes: String,
    pub per_day: String,
    pub per_week: String,
    pub side: String,
    pub note: String,
    pub video: String,
    /// A reason per part beyond its limit (`reps`, `daily`, ...); the key
    /// "" is a bare `exceed = "<reason>"`.
    pub exceed: BTreeMap<String, String>,
}

/// The TOML text of a plan and where each field's line is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toml {
    pub text: String,
    /// Byte range of each written line, and the field it holds, named as
    /// the page names it: `patient.name`, `plan.weeks`,
    /// `exercise.0.reps`; a table's header line is the table
    /// (`patient`, `exercise.0`).
    pub fields: Vec<(Range<usize>, String)>,
}

impl Toml {
    /// The field a diagnostic belongs to: the one whose line its span
    /// starts on; "" for the plan as a whole (no span, or a span on no
    /// field's line).
    pub fn field_of(&self, diagnostic: &Diagnostic) -> String {
        let Some(Span::Bytes(range)) = &diagnostic.span else {
            return String::new();
        };
        self.fields
            .iter()
            .find(|(line, _)| line.contains(&range.start) || line.end == range.start)
            .map(|(_, field)| field.clone())
            .unwrap_or_default()
    }
}

/// Which TOML value a field is written as.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
    Date,
}

/// The plan as TOML: the one text the editor checks, previews and saves.
pub fn toml(plan: &EditorPlan) -> Toml {
    let mut w = Writer::default();
    w.table("[patient]", "patient");
    w.value("patient.name", "name", &plan.patient.name, Kind::Text);
    w.value("patient.id", "id", &plan.patient.id, Kind::Text);
    let p = &plan.prescriber;
    // Left out whole, the clinic's settings give the prescriber.
    if [&p.name, &p.clinic, &p.phone]
        .iter()
        .any(|v| !v.trim().is_empty())
    {
        w.table("\n[prescriber]", "prescriber");
        w.value("prescriber.name", "name", &p.name, Kind::Text);
        w.value("prescriber.clinic", "clinic", &p.clinic, Kind::Text);
        w.value("prescriber.phone", "phone", &p.phone, Kind::Text);
    }
    let s = &plan.plan;
    w.table("\n[plan]", "plan");
    w.value("plan.issued", "issued", &s.issued, Kind::Date);
    w.value("plan.review", "review", &s.review, Kind::Date);
    w.value("plan.weeks", "weeks", &s.weeks, Kind::Number);
    w.value("plan.notes", "notes", &s.notes, Kind::Text);
    w.value("plan.language", "language", &s.language, Kind::Text);
    w.value("plan.paper", "paper", &s.paper, Kind::Text);
    if s.large_print {
        w.line("plan.large_print", "large_print = true");
    }
    for (i, e) in plan.exercises.iter().enumerate() {
        let at = |key: &str| format!("exercise.{i}.{key}");
        w.table("\n[[exercise]]", &format!("exercise.{i}"));
        w.value(&at("name"), "name", &e.name, Kind::Text);
        for (key, value) in [
            ("sets", &e.sets),
            ("reps", &e.reps),
            ("hold", &e.hold),
            ("minutes", &e.minutes),
            ("per_day", &e.per_day),
            ("per_week", &e.per_week),
        ] {
            w.value(&at(key), key, value, Kind::Number);
        }
        w.value(&at("side"), "side", &e.side, Kind::Text);
        w.value(&at("note"), "note", &e.note, Kind::Text);
        w.value(&at("video"), "video", &e.video, Kind::Text);
        let reasons: Vec<(&String, &String)> = e
            .exceed
            .iter()
            .filter(|(_, reason)| !reason.trim().is_empty())
            .collect();
        match reasons.as_slice() {
            [] => {}
            [(part, reason)] if part.is_empty() => {
                w.line(&at("exceed"), &format!("exceed = {}", string(reason)));
            }
            parts => {
                let inner: Vec<String> = parts
                    .iter()
                    .map(|(part, reason)| format!("{} = {}", key(part), string(reason)))
                    .collect();
                w.line(
                    &at("exceed"),
                    &format!("exceed = {{ {} }}", inner.join(", ")),
                );
            }
        }
    }
    Toml {
        text: w.text,
        fields: w.fields,
    }
}

/// A plan file's text as the editor holds it (`None`: not TOML). Values of
/// the wrong type are kept as text, for `rx check` to report when the plan
/// is checked again; keys the editor has no field for are left out.
pub fn from_toml(text: &str) -> Option<EditorPlan> {
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    let get = |table: &str, key: &str| doc.get(table).and_then(|t| t.get(key)).map(text_of);
    let mut plan = EditorPlan {
        patient: Patient {
            name: get("patient", "name").unwrap_or_default(),
            id: get("patient", "id").unwrap_or_default(),
        },
        prescriber: Prescriber {
            name: get("prescriber", "name").unwrap_or_default(),
            clinic: get("prescriber", "clinic").unwrap_or_default(),
            phone: get("prescriber", "phone").unwrap_or_default(),
        },
        plan: Sheet {
            issued: get("plan", "issued").unwrap_or_default(),
            review: get("plan", "review").unwrap_or_default(),
            weeks: get("plan", "weeks").unwrap_or_default(),
            notes: get("plan", "notes").unwrap_or_default(),
            language: get("plan", "language").unwrap_or_default(),
            paper: get("plan", "paper").unwrap_or_default(),
            large_print: doc
                .get("plan")
                .and_then(|t| t.get("large_print"))
                .and_then(toml_edit::Item::as_bool)
                .unwrap_or(false),
        },
        exercises: Vec::new(),
    };
    if let Some(tables) = doc
        .get("exercise")
        .and_then(toml_edit::Item::as_array_of_tables)
    {
        for t in tables.iter() {
            let get = |key: &str| t.get(key).map(text_of).unwrap_or_default();
            let mut exceed = BTreeMap::new();
            match t.get("exceed") {
                Some(item) if item.is_str() => {
                    exceed.insert(String::new(), text_of(item));
                }
                Some(item) => {
                    if let Some(table) = item.as_table_like() {
                        for (k, v) in table.iter() {
                            exceed.insert(k.to_owned(), text_of(v));
                        }
                    }
                }
                None => {}
            }
            plan.exercises.push(Exercise {
                name: get("name"),
                sets: get("sets"),
                reps: get("reps"),
                hold: get("hold"),
                minutes: get("minutes"),
                per_day: get("per_day"),
                per_week: get("per_week"),
                side: get("side"),
                note: get("note"),
                video: get("video"),
                exceed,
            });
        }
    }
    Some(plan)
}

/// A value as text: a string as it is, anything else as TOML writes it.
fn text_of(item: &toml_edit::Item) -> String {
    match item.as_value() {
        Some(toml_edit::Value::String(s)) => s.value().clone(),
        Some(toml_edit::Value::Integer(i)) => i.value().to_string(),
        Some(toml_edit::Value::Datetime(d)) => d.value().to_string(),
        Some(toml_edit::Value::Boolean(b)) => b.value().to_string(),
        Some(toml_edit::Value::Float(f)) => f.value().to_string(),
        _ => String::new(),
    }
}

#[derive(Default)]
struct Writer {
    text: String,
    fields: Vec<(Range<usize>, String)>,
}

impl Writer {
    /// A table header (`header` may start with a blank line).
    fn table(&mut self, header: &str, field: &str) {
        let header = header.trim_start_matches('\n');
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.line(field, header);
    }

    fn line(&mut self, field: &str, line: &str) {
        let start = self.text.len();
        let _ = writeln!(self.text, "{line}");
        self.fields.push((start..self.text.len(), field.to_owned()));
    }

    /// `key = value`, unless the value is empty.
    fn value(&mut self, field: &str, key: &str, value: &str, kind: Kind) {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return;
        }
        let literal = match kind {
            Kind::Number if is_integer(trimmed) => trimmed.to_owned(),
            Kind::Date if is_date(trimmed) => trimmed.to_owned(),
            // Text, and a number or date as typed for `rx check` to
            // report: the value is kept whole, spaces and all.
            _ => string(value),
        };
        self.line(field, &format!("{key} = {literal}"));
    }
}

/// A whole number TOML reads as one: digits, an optional minus, no
/// leading zero (TOML refuses `07`).
fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// `YYYY-MM-DD`, written as a TOML date.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A TOML basic string holding exactly `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key of an inline table: bare where TOML allows it, else quoted.
fn key(k: &str) -> String {
    if !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        k.to_owned()
    } else {
        string(k)
    }
}

#[cfg(test)]
mod tests {
    use super::{EditorPlan, Exercise, from_toml, toml};

    fn plan() -> EditorPlan {
        let mut plan = EditorPlan::default();
        plan.patient.name = "Ana \"Nita\" Díaz\\".to_owned();
        plan.prescriber.name = "Dana Reyes, PT".to_owned();
        plan.plan.issued = "2026-11-22".to_owned();
        plan.plan.weeks = "2".to_owned();
        plan.plan.notes = "Walk daily.\nRest on Sundays.".to_owned();
        plan.exercises.push(Exercise {
            name: "bridge".to_owned(),
            reps: "40".to_owned(),
            exceed: [("reps".to_owned(), "week 3".to_owned())].into(),
            ..Exercise::default()
        });
        plan.exercises.push(Exercise {
            name: "clamshell".to_owned(),
            reps: "ten".to_owned(),
            ..Exercise::default()
        });
        plan
    }

    /// The TOML written is read back by rx's own plan parser with every
    /// value as typed: quotes, backslashes and line breaks kept, numbers
    /// as numbers, a number typed as words kept as text for `rx check`.
    #[test]
    fn the_editor_plan_is_written_as_toml_rx_reads_back_value_for_value() {
        let written = toml(&plan());
        let doc: toml_edit::DocumentMut = written.text.parse().expect("valid TOML");
        assert_eq!(doc["patient"]["name"].as_str(), Some("Ana \"Nita\" Díaz\\"));
        assert_eq!(
            doc["plan"]["notes"].as_str(),
            Some("Walk daily.\nRest on Sundays.")
        );
        assert_eq!(doc["plan"]["weeks"].as_integer(), Some(2));
        assert!(doc["plan"]["issued"].is_datetime());
        let exercises = doc["exercise"].as_array_of_tables().expect("exercises");
        assert_eq!(
            exercises.get(0).and_then(|t| t["reps"].as_integer()),
            Some(40)
        );
        assert_eq!(
            exercises.get(0).and_then(|t| t["exceed"]["reps"].as_str()),
            Some("week 3")
        );
        assert_eq!(
            exercises.get(1).and_then(|t| t["reps"].as_str()),
            Some("ten")
        );
    }

    /// A plan saved by the editor opens again as the same plan.
    #[test]
    fn a_saved_plan_opens_in_the_editor_as_it_was() {
        let plan = plan();
        assert_eq!(from_toml(&toml(&plan).text), Some(plan));
    }

    /// Each diagnostic `rx check` finds in the written TOML is tied to the
    /// field the page shows it beside.
    #[test]
    fn each_diagnostic_of_the_written_toml_belongs_to_its_field() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let fonts = crate::fonts::Fonts::load();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let mut plan = plan();
        plan.exercises[0].exceed.clear();
        let written = toml(&plan);
        let run = crate::run::Run::new(&catalogue, &fonts, today);
        let (_, checked) = run.check(written.text.as_bytes());
        let fields: Vec<(String, &str)> = checked
            .diagnostics
            .iter()
            .map(|d| (written.field_of(d), d.code.as_str()))
            .collect();
        assert!(
            fields.contains(&("exercise.0.reps".to_owned(), "RX0203")),
            "{fields:?}"
        );
        assert!(
            fields.contains(&("exercise.1.reps".to_owned(), "RX0105")),
            "{fields:?}"
        );
    }
}
