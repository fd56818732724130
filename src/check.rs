//! Stage 3, check: `&Plan` + `&Catalogue` -> diagnostics about doses.
//!
//! Every dose field the therapist wrote is compared with the entry's limit;
//! then the whole dose's daily total per side (repetitions, and seconds spent
//! holding) with `DAILY_MARGIN` times the largest any one source prescribes.
//! Beyond either is an error, unless the exercise carries an `exceed` reason:
//! then it is a warning and the reason stays on the plan for the sheet.
//! Fields left out took a source's own prescription, which the catalogue
//! guarantees is within limits, so only written values can be out of range;
//! the daily total counts every field, written or not.

use std::collections::BTreeMap;

use crate::catalogue::{Catalogue, DAILY_MARGIN, Limit, Prescription, duration};
use crate::diag::{Code, Diagnostic, Severity};
use crate::fonts::{BOLD, BOTH, Fonts, REGULAR};
use crate::parse::{RawPlan, Spanned, caps};
use crate::plan::{Frequency, Plan, Prescribed};

/// More exercises than this in one plan is a warning: a long session is
/// rarely done at home.
pub const LONG_SESSION: usize = 15;

/// All dose problems of `plan`, in plan order.
pub fn check(plan: &Plan, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, exercise) in plan.exercises.iter().enumerate() {
        check_exercise(exercise, catalogue, &mut diagnostics);
        let id = exercise.entry.id.as_str();
        if let Some(first) = seen.insert(id, i) {
            let name_span = exercise.given.name.as_ref().and_then(|n| n.span.clone());
            diagnostics.push(
                Diagnostic::warning(
                    Code::Duplicate,
                    format!(
                        "`{id}` is in the plan twice (exercises {} and {})",
                        first + 1,
                        i + 1
                    ),
                )
                .at(name_span)
                .label("same exercise as an earlier one")
                .help("merge the two doses into one exercise"),
            );
            seen.insert(id, first);
        }
    }
    if plan.exercises.len() > LONG_SESSION {
        let span = plan.exercises[LONG_SESSION].given.span.clone();
        diagnostics.push(
            Diagnostic::warning(
                Code::LongSession,
                format!(
                    "the plan has {} exercises; more than {LONG_SESSION} is a long session to do at home",
                    plan.exercises.len()
                ),
            )
            .at(span),
        );
    }
    diagnostics
}

/// Every text the sheet prints must be drawable by the embedded fonts, in
/// every weight it is drawn in: a name in a script they lack is an error,
/// never a row of empty boxes or question marks. The plan's own texts are
/// checked here; a catalogue entry's were checked once, when the catalogue
/// loaded (`Entry::undrawable`, the bundled fonts), and are checked again
/// with `fonts` (a clinic's fonts may draw them) where a plan uses it.
pub fn glyphs(raw: &RawPlan, plan: &Plan, fonts: &Fonts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut field = |name: &str, value: &Option<Spanned<String>>, weights: &[bool]| {
        if let Some(v) = value
            && let Some(c) = fonts.undrawable_in(&v.value, weights)
        {
            out.push(undrawable_at(name, c, v.span.clone()));
        }
    };
    field("patient name", &raw.patient_name, BOTH);
    field("patient id", &raw.patient_id, REGULAR);
    field("prescriber name", &raw.prescriber_name, REGULAR);
    field("clinic", &raw.clinic, BOLD);
    field("phone", &raw.phone, REGULAR);
    field("notes", &raw.notes, REGULAR);
    for exercise in &raw.exercises {
        field("note", &exercise.note, REGULAR);
        field("exceed", &exercise.exceed, REGULAR);
    }
    for exercise in &plan.exercises {
        let entry = &exercise.entry;
        if entry.undrawable.is_some()
            && let Some(c) = crate::catalogue::undrawable(entry, fonts)
        {
            let span = exercise.given.name.as_ref().and_then(|n| n.span.clone());
            out.push(undrawable_at(
                &format!("catalogue entry `{}`", entry.id),
                c,
                span,
            ));
        }
    }
    out
}

/// Header fields are printed at the top of every page, so each has a cap
/// far above any real value: a pasted paragraph is an error, not pages of
/// header with no exercise on them (issue 11, finding 5).
pub fn header(raw: &RawPlan) -> Vec<Diagnostic> {
    [
        ("patient name", &raw.patient_name, caps::NAME),
        ("patient id", &raw.patient_id, caps::ID),
        ("prescriber name", &raw.prescriber_name, caps::NAME),
        ("clinic", &raw.clinic, caps::NAME),
        ("phone", &raw.phone, caps::PHONE),
    ]
    .into_iter()
    .filter_map(|(what, value, max)| {
        let value = value.as_ref()?;
        let n = value.value.chars().count();
        (n > max).then(|| {
            Diagnostic::error(
                Code::TooLarge,
                format!("the {what} is {n} characters; the sheet's header has room for {max}"),
            )
            .at(value.span.clone())
            .label(format!("at most {max} characters"))
        })
    })
    .collect()
}

/// Names that look like an export that lost characters: a run of two or
/// more `?` (what a Latin-1 or ANSI "CSV" writes for letters it cannot
/// hold: "Miriam ???" for "Miriam כהן") or a U+FFFD replacement
/// character. A warning, so `--deny-warnings` refuses the sheet: a sheet
/// for "Miriam ???" is a sheet for no one the clinic can check.
pub fn lost_characters(raw: &RawPlan) -> Vec<Diagnostic> {
    let names = [
        ("patient name", &raw.patient_name),
        ("prescriber name", &raw.prescriber_name),
    ]
    .into_iter()
    .chain(raw.exercises.iter().map(|e| ("exercise name", &e.name)));
    names
        .filter_map(|(what, value)| {
            let value = value.as_ref()?;
            let lost = value.value.contains("??") || value.value.contains('\u{FFFD}');
            lost.then(|| {
                let cell = crate::diag::Span::is_cell(value.span.as_ref());
                Diagnostic::warning(
                    Code::LostCharacters,
                    format!(
                        "the {what} \"{}\" looks like it lost characters in an export",
                        crate::fields::shorten(&value.value)
                    ),
                )
                .at(value.span.clone())
                .label("`?` or `\u{FFFD}` stands in for letters the file could not hold")
                .help(if cell {
                    "export the spreadsheet as UTF-8 (\"CSV UTF-8\"; see the README's spreadsheet section) and retype what was lost"
                } else {
                    "retype the name, and save the file as UTF-8"
                })
            })
        })
        .collect()
}

pub(crate) fn undrawable_at(field: &str, c: char, span: Option<crate::diag::Span>) -> Diagnostic {
    Diagnostic::error(
        Code::Undrawable,
        format!(
            "{field} has a character the sheet's fonts cannot print: '{c}' (U+{:04X})",
            c as u32
        ),
    )
    .at(span)
    .label("cannot be printed")
    .help(
        "the bundled fonts cover Latin, Greek, Cyrillic, Hebrew and Arabic; for other scripts add a font (.ttf or .otf) that has the character: `--font FILE`, or `fonts = [\"FILE\"]` in the settings file",
    )
}

fn check_exercise(exercise: &Prescribed, catalogue: &Catalogue, out: &mut Vec<Diagnostic>) {
    let entry = &exercise.entry;
    let given = &exercise.given;
    let limits = &entry.limits;
    let before = out.len();
    let fields: [WrittenField; 5] = [
        (&given.sets, Some(&limits.sets), Unit::Sets),
        (&given.reps, Some(&limits.reps), Unit::Reps),
        (&given.hold, limits.hold.as_ref(), Unit::Hold),
        (&given.per_day, Some(&limits.per_day), Unit::PerDay),
        (&given.per_week, Some(&limits.per_week), Unit::PerWeek),
    ];
    for (written, limit, unit) in fields {
        let Some(written) = written else { continue };
        // `hold = 0` is no hold: always right where no source holds.
        if matches!(unit, Unit::Hold) && written.value == 0 && limit.is_none() {
            continue;
        }
        let Some(limit) = limit else {
            out.push(
                Diagnostic::error(
                    Code::NotApplicable,
                    format!("{}: this exercise has no hold", entry.id),
                )
                .at(written.span.clone())
                .label("remove this line")
                .note(format!(
                    "\"{}\" is not held in any of its sources",
                    entry.name
                )),
            );
            continue;
        };
        if !limit.contains(written.value) {
            out.push(out_of_limits(exercise, catalogue, written, limit, unit));
        }
    }
    if let (Some(side), false) = (&given.side, entry.per_side.value) {
        out.push(
            Diagnostic::error(
                Code::NotApplicable,
                format!("{}: this exercise is not done one side at a time", entry.id),
            )
            .at(side.span.clone())
            .label("remove this line")
            .note(format!(
                "not per side: {}",
                catalogue.cite(&entry.per_side.origin)
            )),
        );
    }
    // With `exceed`, a field beyond its limit is a warning, and the day's
    // total is still shown: the reason must cover both.
    let fields_ok = !out[before..]
        .iter()
        .any(|d| d.is_error() && matches!(d.code, Code::OutOfLimits | Code::NotApplicable));
    if fields_ok {
        daily_volume(exercise, catalogue, out);
    }
    let exceeded = out[before..]
        .iter()
        .any(|d| matches!(d.code, Code::OutOfLimits | Code::DailyVolume));
    if let (Some(reason), false) = (&given.exceed, exceeded) {
        out.push(
            Diagnostic::warning(
                Code::NeedlessExceed,
                format!(
                    "{}: `exceed` is given but the dose is within the limits",
                    entry.id
                ),
            )
            .at(reason.span.clone())
            .help("remove `exceed` unless you mean to go beyond a limit"),
        );
    }
}

/// The day's repetitions and holding time on one side, each against
/// `DAILY_MARGIN` times the largest any one source prescribes: one error (or
/// with `exceed`, warning) per total beyond it. Skipped when a field is
/// already an error, so one mistake is reported once.
fn daily_volume(exercise: &Prescribed, catalogue: &Catalogue, out: &mut Vec<Diagnostic>) {
    let entry = &exercise.entry;
    let dose = &exercise.dose;
    let (largest, most_reps, most_hold) = entry.largest_daily();
    let daily = dose.daily();
    let span = exercise.given.name.as_ref().and_then(|n| n.span.clone());
    let per_side = if entry.per_side.value {
        " per side"
    } else {
        ""
    };
    let mut factors = Vec::new();
    if dose.sets > 1 {
        factors.push(format!("{} sets", dose.sets));
    }
    factors.push(reps(u64::from(dose.reps)));
    let sessions = match dose.frequency {
        Frequency::PerDay(n) if n > 1 => format!(" × {n} a day"),
        _ => String::new(),
    };
    let checks = [
        (daily.reps, largest.reps, most_reps, false),
        (daily.hold, largest.hold, most_hold, true),
    ];
    for (total, source_total, source, is_hold) in checks {
        let allowed = DAILY_MARGIN * source_total;
        if total <= allowed {
            continue;
        }
        let (formula, shown, source_shown, allowed_shown) = if is_hold {
            (
                format!(
                    "{} × {} s{sessions}",
                    factors.join(" × "),
                    dose.hold.unwrap_or(0)
                ),
                format!("{} of holding", duration(total)),
                duration(source_total),
                duration(allowed),
            )
        } else {
            (
                format!("{}{sessions}", factors.join(" × ")),
                reps(total),
                reps(source_total),
                reps(allowed),
            )
        };
        let message = format!(
            "{}: {formula} = {shown} a day{per_side}; the sources' largest is {source_shown} a day ({})",
            entry.id,
            source.label()
        );
        let d = Diagnostic::error(Code::DailyVolume, message)
            .at(span.clone())
            .label(format!(
                "allowed: up to {allowed_shown} a day{per_side}, {DAILY_MARGIN} × the sources' largest"
            ))
            .note(format!(
                "{}: {} once a day = {source_shown}, {}",
                source.label(),
                source_dose(source, is_hold),
                catalogue.cite(&source.origin)
            ));
        out.push(match &exercise.exceed {
            Some(reason) => Diagnostic {
                severity: Severity::Warning,
                ..d
            }
            .note(format!("allowed by the reason given: \"{reason}\"")),
            None => d.help(format!(
                "lower the sets, reps{} or times a day; to prescribe beyond it on purpose, add `exceed = \"<reason>\"`",
                if is_hold { ", hold" } else { "" }
            )),
        });
    }
}

/// "1 rep", "10 reps".
fn reps(n: u64) -> String {
    format!("{n} {}", if n == 1 { "rep" } else { "reps" })
}

/// A source's largest daily dose: "10 reps × 15 s on each side".
fn source_dose(p: &Prescription, is_hold: bool) -> String {
    let side = match p.sides {
        Some(crate::catalogue::Sides::Both) => " on each side",
        Some(crate::catalogue::Sides::Alternate) => ", alternating sides",
        None => "",
    };
    let count = reps(u64::from(p.reps.max));
    if is_hold {
        format!("{count} × {} s{side}", p.hold.max)
    } else {
        format!("{count}{side}")
    }
}

/// A dose field as written, its limit (none: the field does not apply), and its unit.
type WrittenField<'a> = (&'a Option<Spanned<u32>>, Option<&'a Limit>, Unit);

/// Which dose field, for wording.
#[derive(Clone, Copy)]
enum Unit {
    Sets,
    Reps,
    Hold,
    PerDay,
    PerWeek,
}

impl Unit {
    fn amount(self, n: u32) -> String {
        match self {
            Unit::Sets => format!("{n} {}", if n == 1 { "set" } else { "sets" }),
            Unit::Reps => format!("{n} {}", if n == 1 { "rep" } else { "reps" }),
            Unit::Hold => format!("a hold of {n} seconds"),
            Unit::PerDay => format!("{n} times a day"),
            Unit::PerWeek => format!("{n} days a week"),
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Unit::Sets => "sets",
            Unit::Reps => "reps",
            Unit::Hold => "seconds",
            Unit::PerDay => "times a day",
            Unit::PerWeek => "days a week",
        }
    }
}

fn out_of_limits(
    exercise: &Prescribed,
    catalogue: &Catalogue,
    written: &Spanned<u32>,
    limit: &Limit,
    unit: Unit,
) -> Diagnostic {
    let id = &exercise.entry.id;
    let amount = unit.amount(written.value);
    let message = if written.value > limit.max {
        format!(
            "{id}: {amount} is above the catalogue limit of {}",
            limit.max
        )
    } else {
        format!(
            "{id}: {amount} is below the catalogue minimum of {}",
            limit.min
        )
    };
    let mut note = format!("limit {}", catalogue.cite(&limit.origin));
    if let Some(extra) = &limit.note {
        note.push_str(&format!(" ({extra})"));
    }
    let d = Diagnostic {
        severity: Severity::Error,
        ..Diagnostic::error(Code::OutOfLimits, message)
    }
    .at(written.span.clone())
    .label(format!("allowed: {} {}", limit.range(), unit.unit()))
    .note(note);
    match &exercise.exceed {
        Some(reason) => Diagnostic {
            severity: Severity::Warning,
            ..d
        }
        .note(format!("allowed by the reason given: \"{reason}\"")),
        None => d.help("to prescribe beyond the limit on purpose, add `exceed = \"<reason>\"`"),
    }
}

/// Every exercise and safety line of `plan` the catalogue gives no text
/// for in the sheet's language: an error at the exercise's name (the
/// plan's `language` for a safety line), or with `allow_fallback` a
/// warning, and the sheet prints it in English with a note.
pub fn translations(raw: &RawPlan, plan: &Plan, allow_fallback: bool) -> Vec<Diagnostic> {
    let language = plan.sheet.language.unwrap_or_default();
    let said = |message: String| {
        if allow_fallback {
            Diagnostic::warning(Code::Untranslated, message)
                .note("printed in English, with a note saying so (--allow-fallback)")
        } else {
            Diagnostic::error(Code::Untranslated, message).help(
                "add the translation to the catalogue (see templates/FORMAT.md), or build with `--allow-fallback` to print it in English",
            )
        }
    };
    let name = language.name();
    let code = language.code();
    let mut out = Vec::new();
    for exercise in &plan.exercises {
        if exercise.entry.printed(language).is_none() {
            let span = exercise.given.name.as_ref().and_then(|n| n.span.clone());
            out.push(
                said(format!(
                    "`{}` has no {name} text in the catalogue",
                    exercise.entry.id
                ))
                .at(span.or_else(|| exercise.given.span.clone()))
                .label(format!("no `[exercise.{code}]` for this entry")),
            );
        }
    }
    for advice in plan.safety.iter().filter(|a| a.printed(language).is_none()) {
        let span = raw.language.as_ref().and_then(|l| l.span.clone());
        out.push(
            said(format!(
                "safety advice \"{}\" has no {name} text in the catalogue",
                crate::fields::shorten(&advice.text)
            ))
            .at(span),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::catalogue;

    const PLAN: &str = r#"
[patient]
name = "A"
[prescriber]
name = "B"
[plan]
weeks = 2
[[exercise]]
name = "bridge"
reps = 14
exceed = "Week 3 progression"
"#;

    #[test]
    fn exceed_reason_is_kept_on_the_checked_plan() {
        let catalogue = catalogue::builtin().expect("built-in catalogue");
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let fonts = crate::fonts::Fonts::load();
        let (_, checked) = crate::check_plan(PLAN.as_bytes(), &catalogue, &fonts, today);
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        let plan = checked.plan.expect("a valid plan");
        assert_eq!(plan.exercises[0].dose.reps, 14);
        assert_eq!(
            plan.exercises[0].exceed.as_deref(),
            Some("Week 3 progression")
        );
        assert_eq!(
            plan.review,
            NaiveDate::from_ymd_opt(2026, 12, 6).expect("a date")
        );
    }

    #[test]
    fn beyond_limit_without_reason_yields_no_plan() {
        let catalogue = catalogue::builtin().expect("built-in catalogue");
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let text = PLAN.replace("exceed = \"Week 3 progression\"", "");
        let fonts = crate::fonts::Fonts::load();
        let (_, checked) = crate::check_plan(text.as_bytes(), &catalogue, &fonts, today);
        assert!(checked.has_errors());
        assert!(checked.plan.is_none());
    }
}
