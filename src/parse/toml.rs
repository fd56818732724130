//! Plan TOML text -> `RawPlan`.
//!
//! The format is documented in the README. Every key is checked against the
//! keys this module reads, so a typo (`rep = 10`) is an error with a
//! suggestion, never a silently ignored dose.

use chrono::NaiveDate;
use toml_edit::TableLike;

use super::dates::{DateOrder, Written};
use super::rules::{self, Named};
use super::{Exceed, RawExercise, RawPlan, caps};
use crate::diag::{Code, Diagnostic, Span};
use crate::dose::Part;
use crate::fields::Spanned;
use crate::fields::toml::Reader;

pub const TOP_KEYS: &[&str] = &["patient", "prescriber", "plan", "exercise"];
pub const PATIENT_KEYS: &[&str] = &["name", "id"];
pub const PRESCRIBER_KEYS: &[&str] = &["name", "clinic", "phone"];
pub const PLAN_KEYS: &[&str] = &[
    "issued",
    "review",
    "weeks",
    "notes",
    "paper",
    "large_print",
    "language",
    "date_format",
];
/// The dose and note keys of one `[[exercise]]`.
pub const EXERCISE_KEYS: &[&str] = &[
    "name", "sets", "reps", "hold", "per_day", "per_week", "minutes", "side", "note", "exceed",
    "video",
];

/// Parse plan text. The `RawPlan` holds whatever could be read even when
/// there are errors, so later stages can report their problems too; it is
/// `None` only when the text is not TOML at all.
///
/// `date_order` (`--date-format`) reads a quoted local date like
/// `"01.12.2026"`; without it, `date_format` under [plan] does.
pub fn parse(text: &str, date_order: Option<DateOrder>) -> (Option<RawPlan>, Vec<Diagnostic>) {
    let doc = match crate::fields::toml::document(text) {
        Ok(doc) => doc,
        Err(d) => return (None, vec![*d]),
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
                reader.required_line(patient, "name", Named::Patient.what(), patient_span.clone());
            plan.patient_id = reader.line(patient, "id");
        }
        None if root.get("patient").is_none() => reader.push(rules::missing(
            Named::Patient,
            None,
            "add a `[patient]` table with `name = \"...\"`",
        )),
        None => {}
    }

    let prescriber_span = root
        .get("prescriber")
        .and_then(|i| i.span().map(Span::from));
    match reader.table(root, "prescriber") {
        Some(prescriber) => {
            reader.only_keys(prescriber, PRESCRIBER_KEYS, "[prescriber]");
            plan.prescriber_name = reader.required_line(
                prescriber,
                "name",
                Named::Prescriber.what(),
                prescriber_span,
            );
            plan.clinic = reader.line(prescriber, "clinic");
            plan.phone = reader.line(prescriber, "phone");
        }
        None if root.get("prescriber").is_none() => reader.push(rules::missing(
            Named::Prescriber,
            None,
            "add a `[prescriber]` table with `name = \"...\"`",
        )),
        None => {}
    }

    plan.plan_span = root.get("plan").and_then(|i| i.span().map(Span::from));
    if let Some(table) = reader.table(root, "plan") {
        plan_table(&mut reader, table, date_order, &mut plan);
    }
    plan.exercises = exercises(&mut reader, root, text);
    (Some(plan), reader.diagnostics)
}

/// `[plan]`: dates, review, notes and print options.
fn plan_table(
    reader: &mut Reader,
    table: &dyn TableLike,
    date_order: Option<DateOrder>,
    plan: &mut RawPlan,
) {
    reader.only_keys(table, PLAN_KEYS, "[plan]");
    // The command line's order wins over the plan's own. A bad order is one
    // error, not one more for each date it would have read.
    let order = match date_order {
        Some(order) => Ok(Some(order)),
        None => plan_date_order(reader, table),
    };
    if let Ok(order) = order {
        plan.issued = date(reader, table, "issued", order);
        plan.review = date(reader, table, "review", order);
    }
    plan.issued_written = table.contains_key("issued");
    plan.weeks = reader.count(table, "weeks", caps::WEEKS);
    plan.review_written = table.contains_key("review") || table.contains_key("weeks");
    plan.notes = reader.text(table, "notes");
    plan.paper = reader.line(table, "paper");
    plan.large_print = reader.flag(table, "large_print");
    plan.language = reader.line(table, "language");
    conflict(reader, table, "review", "weeks");
}

/// Every `[[exercise]]`, at most `caps::EXERCISES` of them.
fn exercises(reader: &mut Reader, root: &dyn TableLike, text: &str) -> Vec<RawExercise> {
    let mut tables = match root.get("exercise") {
        // `[exercise]`: read as the one exercise it was meant to be, so its
        // own problems show, with one error for the brackets.
        Some(item) if item.is_table() => {
            let span = crate::fields::typos::table_header(text, "exercise");
            reader.push(crate::fields::typos::single_brackets(span.clone()));
            let table: &dyn TableLike = item.as_table().expect("checked: a table");
            vec![(table, span.map(Span::from))]
        }
        _ => reader.tables(root, "exercise"),
    };
    let n = tables.len();
    let over = rules::over_cap(
        n,
        |cap| format!("the plan has {n} exercises; rx accepts at most {cap}"),
        |cap| tables[cap].1.clone(),
    );
    if let Some(d) = over {
        reader.push(d.label("this one is over the cap"));
        tables.truncate(caps::EXERCISES);
    }
    tables
        .into_iter()
        .map(|(table, span)| exercise(reader, table, span))
        .collect()
}

/// `date_format = "DMY"` under [plan]: the order of a quoted local date.
/// `Err` when it is given but not an order (reported).
fn plan_date_order(reader: &mut Reader, table: &dyn TableLike) -> Result<Option<DateOrder>, ()> {
    let Some(written) = reader.line(table, "date_format") else {
        return Ok(None);
    };
    match written.value.parse() {
        Ok(order) => Ok(Some(order)),
        Err(()) => {
            reader.push(
                Diagnostic::error(
                    Code::BadValue,
                    format!(
                        "`date_format` is \"{}\", not an order rx knows",
                        crate::fields::shorten(&written.value)
                    ),
                )
                .at(written.span)
                .label("expected DMY, MDY or YMD")
                .help("DMY for 01.12.2026 (day first), MDY for 12/01/2026 (month first)"),
            );
            Err(())
        }
    }
}

/// A date under [plan]: a TOML date (`2026-11-22`), or a quoted one read
/// in `order` (`"22.11.2026"`).
fn date(
    reader: &mut Reader,
    table: &dyn TableLike,
    key: &str,
    order: Option<DateOrder>,
) -> Option<Spanned<NaiveDate>> {
    let item = table.get(key)?;
    let Some(text) = item.as_str() else {
        return reader.date(table, key);
    };
    let span = item.span().map(Span::from);
    // An ISO date (with chrono's signed years) is read as ever, so a year
    // out of range is said as such; anything else is a local date.
    let iso = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok()
        || text.trim_start().starts_with(['+', '-']);
    let read = if iso {
        crate::fields::date(key, text, span)
    } else {
        super::dates::local(key, text, order, span, Written::Plan)
    };
    match read {
        Ok(date) => Some(date),
        Err(d) => {
            reader.push(*d);
            None
        }
    }
}

fn exercise(
    reader: &mut Reader,
    table: &dyn TableLike,
    span: Option<crate::diag::Span>,
) -> RawExercise {
    reader.only_keys(table, EXERCISE_KEYS, "[[exercise]]");
    let name = reader.line(table, "name");
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
        minutes: reader.count(table, "minutes", caps::MINUTES),
        side: reader.line(table, "side"),
        note: reader.text(table, "note"),
        exceed: exceed(reader, table),
        video: reader.url(table, "video"),
    }
}

/// `exceed = "reason"`, or reasons per part: `exceed = { reps = "…" }`,
/// `exceed.reps = "…"` or an `[exercise.exceed]` table. A reason left blank
/// is an error rather than "no reason", so a therapist who meant to justify
/// a dose is told.
fn exceed(reader: &mut Reader, table: &dyn TableLike) -> Option<Exceed> {
    let item = table.get("exceed")?;
    let blank = |reader: &mut Reader, item: &toml_edit::Item, key: &str| {
        reader.push(
            Diagnostic::error(Code::BadValue, format!("`{key}` is empty"))
                .at(item.span().map(Span::from))
                .label("write the reason for going beyond the limits"),
        );
    };
    if item.as_str().is_some() {
        let reason = reader.text(table, "exceed");
        if reason.is_none() {
            blank(reader, item, "exceed");
        }
        return reason.map(Exceed::Any);
    }
    let Some(parts) = item.as_table_like() else {
        reader.wrong_type(item, "exceed", "a string or a table");
        return None;
    };
    let keys = Part::ALL.map(Part::key);
    reader.only_keys(parts, &keys, "`exceed`");
    let mut reasons = Vec::new();
    for part in Part::ALL {
        let Some(item) = parts.get(part.key()) else {
            continue;
        };
        match reader.text(parts, part.key()) {
            Some(reason) => reasons.push((part, reason)),
            None if item.as_str().is_some() => {
                blank(reader, item, &format!("exceed.{}", part.key()))
            }
            None => {}
        }
    }
    if reasons.is_empty() && parts.is_empty() {
        reader.push(
            Diagnostic::error(Code::BadValue, "`exceed` names no part of the dose")
                .at(item.span().map(Span::from))
                .help(format!(
                    "write `exceed = {{ reps = \"<reason>\" }}`; the parts are {}",
                    keys.join(", ")
                )),
        );
    }
    (!reasons.is_empty()).then_some(Exceed::Parts(reasons))
}

fn conflict(reader: &mut Reader, table: &dyn TableLike, a: &str, b: &str) {
    if table.get(a).is_some() && table.get(b).is_some() {
        let span = table
            .get_key_value(b)
            .and_then(|(k, _)| k.span().map(Span::from));
        reader.push(rules::conflict(a, b, span).label(format!("remove this or `{a}`")));
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
        let (plan, diagnostics) = parse(PLAN, None);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let plan = plan.unwrap();
        assert_eq!(plan.patient_name.unwrap().value, "José Müller-Łukasz");
        assert_eq!(plan.weeks.unwrap().value, 2);
        assert_eq!(plan.exercises[0].reps.as_ref().unwrap().value, 10);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let text = PLAN.replace("reps = 10", "rep = 10\nhold = \"ten\"\nsets = 0");
        let (_, mut diagnostics) = parse(&text, None);
        crate::diag::sort(&mut diagnostics);
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![Code::UnknownKey, Code::WrongType, Code::BadValue]
        );
    }
}
