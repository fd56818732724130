//! Plan TOML text -> `RawPlan`.
//!
//! The format is documented in the README. Every key is checked against the
//! keys this module reads, so a typo (`rep = 10`) is an error with a
//! suggestion, never a silently ignored dose.

use toml_edit::{ImDocument, TableLike};

use super::fields::{Reader, Spanned};
use super::{RawExercise, RawPlan, caps};
use crate::diag::{Code, Diagnostic, Span};

pub const TOP_KEYS: &[&str] = &["patient", "prescriber", "plan", "exercise"];
pub const PATIENT_KEYS: &[&str] = &["name", "id"];
pub const PRESCRIBER_KEYS: &[&str] = &["name", "clinic", "phone"];
pub const PLAN_KEYS: &[&str] = &["issued", "review", "weeks", "notes", "paper", "large_print"];
/// The dose and note keys of one `[[exercise]]`.
pub const EXERCISE_KEYS: &[&str] = &[
    "name", "sets", "reps", "hold", "per_day", "per_week", "side", "note", "exceed",
];

/// Parse plan text. The `RawPlan` holds whatever could be read even when
/// there are errors, so later stages can report their problems too; it is
/// `None` only when the text is not TOML at all.
pub fn parse(text: &str) -> (Option<RawPlan>, Vec<Diagnostic>) {
    let doc = match ImDocument::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let message = e.message().trim().replace('\n', " ");
            // The TOML parser itself rejects impossible dates like 2026-02-30.
            let code = if message.contains("date-time") {
                Code::BadDate
            } else {
                Code::Syntax
            };
            let d = Diagnostic::error(code, format!("invalid TOML: {message}"))
                .at(e.span().map(Span::from))
                .label("here");
            return (None, vec![d]);
        }
    };
    let mut reader = Reader::default();
    let root: &dyn TableLike = doc.as_table();
    reader.only_keys(root, TOP_KEYS, "the plan file");
    let mut plan = RawPlan::default();

    let patient_span = root.get("patient").and_then(|i| i.span().map(Span::from));
    match reader.table(root, "patient") {
        Some(patient) => {
            reader.only_keys(patient, PATIENT_KEYS, "[patient]");
            plan.patient_name =
                reader.required_text(patient, "name", "patient name", patient_span.clone());
            plan.patient_id = reader.text(patient, "id");
        }
        None if root.get("patient").is_none() => reader.push(
            Diagnostic::error(Code::Missing, "missing patient name")
                .help("add a `[patient]` table with `name = \"...\"`"),
        ),
        None => {}
    }

    let prescriber_span = root
        .get("prescriber")
        .and_then(|i| i.span().map(Span::from));
    match reader.table(root, "prescriber") {
        Some(prescriber) => {
            reader.only_keys(prescriber, PRESCRIBER_KEYS, "[prescriber]");
            plan.prescriber_name =
                reader.required_text(prescriber, "name", "prescriber name", prescriber_span);
            plan.clinic = reader.text(prescriber, "clinic");
            plan.phone = reader.text(prescriber, "phone");
        }
        None if root.get("prescriber").is_none() => reader.push(
            Diagnostic::error(Code::Missing, "missing prescriber name")
                .help("add a `[prescriber]` table with `name = \"...\"`"),
        ),
        None => {}
    }

    plan.plan_span = root.get("plan").and_then(|i| i.span().map(Span::from));
    if let Some(table) = reader.table(root, "plan") {
        reader.only_keys(table, PLAN_KEYS, "[plan]");
        plan.issued = reader.date(table, "issued");
        plan.issued_written = table.contains_key("issued");
        plan.review = reader.date(table, "review");
        plan.weeks = reader.count(table, "weeks", caps::WEEKS);
        plan.review_written = table.contains_key("review") || table.contains_key("weeks");
        plan.notes = reader.text(table, "notes");
        plan.paper = reader.text(table, "paper");
        plan.large_print = reader.flag(table, "large_print");
        conflict(&mut reader, table, "review", "weeks");
    }

    let mut tables = reader.tables(root, "exercise");
    if tables.len() > caps::EXERCISES {
        reader.push(
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "the plan has {} exercises; rx accepts at most {}",
                    tables.len(),
                    caps::EXERCISES
                ),
            )
            .at(tables[caps::EXERCISES].1.clone())
            .label("this one is over the cap"),
        );
        // The first ones are still checked, so their problems show too.
        tables.truncate(caps::EXERCISES);
    }
    for (table, span) in tables {
        plan.exercises.push(exercise(&mut reader, table, span));
    }
    (Some(plan), reader.diagnostics)
}

fn exercise(
    reader: &mut Reader,
    table: &dyn TableLike,
    span: Option<crate::diag::Span>,
) -> RawExercise {
    reader.only_keys(table, EXERCISE_KEYS, "[[exercise]]");
    let name = reader.text(table, "name");
    if name.is_none() && table.get("name").is_none_or(|i| i.as_str().is_some()) {
        reader.push(
            Diagnostic::error(Code::Missing, "exercise without a name")
                .at(span.clone())
                .help("add `name = \"...\"` with a catalogue id, name or alias"),
        );
    }
    conflict(reader, table, "per_day", "per_week");
    RawExercise {
        span,
        name,
        sets: reader.count(table, "sets", caps::SETS),
        reps: reader.count(table, "reps", caps::REPS),
        // 0 is a real dose: no hold, where a source describes none.
        hold: reader.count_or_zero(table, "hold", caps::HOLD),
        per_day: reader.count(table, "per_day", caps::PER_DAY),
        per_week: reader.count(table, "per_week", caps::PER_WEEK),
        side: reader.text(table, "side"),
        note: reader.text(table, "note"),
        exceed: exceed(reader, table),
    }
}

/// `exceed = ""` is a reason left blank: an error rather than "no reason",
/// so a therapist who meant to justify a dose is told.
fn exceed(reader: &mut Reader, table: &dyn TableLike) -> Option<Spanned<String>> {
    let item = table.get("exceed")?;
    let value = reader.text(table, "exceed");
    if value.is_none() && item.as_str().is_some() {
        reader.push(
            Diagnostic::error(Code::BadValue, "`exceed` is empty")
                .at(item.span().map(Span::from))
                .label("write the reason for going beyond the limits"),
        );
    }
    value
}

fn conflict(reader: &mut Reader, table: &dyn TableLike, a: &str, b: &str) {
    if table.get(a).is_some() && table.get(b).is_some() {
        let span = table
            .get_key_value(b)
            .and_then(|(k, _)| k.span().map(Span::from));
        reader.push(
            Diagnostic::error(Code::Conflict, format!("both `{a}` and `{b}` are given"))
                .at(span)
                .label(format!("remove this or `{a}`"))
                .help(format!("give either `{a}` or `{b}`, not both")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::diag::Code;

    const PLAN: &str = r#"
[patient]
name = "José Müller-Łukasz"
[prescriber]
name = "Dana Reyes, PT, DPT"
[plan]
issued = 2026-11-22
weeks = 2
[[exercise]]
name = "Bridge"
reps = 10
"#;

    #[test]
    fn reads_a_plan() {
        let (plan, diagnostics) = parse(PLAN);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let plan = plan.unwrap();
        assert_eq!(plan.patient_name.unwrap().value, "José Müller-Łukasz");
        assert_eq!(plan.weeks.unwrap().value, 2);
        assert_eq!(plan.exercises[0].reps.as_ref().unwrap().value, 10);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let text = PLAN.replace("reps = 10", "rep = 10\nhold = \"ten\"\nsets = 0");
        let (_, mut diagnostics) = parse(&text);
        crate::diag::sort(&mut diagnostics);
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![Code::UnknownKey, Code::WrongType, Code::BadValue]
        );
    }
}
