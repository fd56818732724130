//! Stage 2, resolve: `RawPlan` + `&Catalogue` -> `Plan`.
//!
//! Names become catalogue entries, missing dose fields take the catalogue's
//! recommended dose, `weeks` becomes a review date, and the issue date falls
//! back to the date the caller passes (only `cli` reads the clock). Problems
//! are collected, and a `Plan` always comes back so that check can report its
//! problems too: where a required piece is missing (an error already
//! reported), the plan holds a blank in its place. Callers must not render a
//! plan that came with errors.

use chrono::{Days, NaiveDate};

use crate::catalogue::Catalogue;
use crate::diag::{Code, Diagnostic};
use crate::parse::{RawExercise, RawPlan};
use crate::plan::{
    Dose, Frequency, Paper, Patient, Plan, Prescribed, Prescriber, SheetOptions, Side,
};
use crate::suggest;

/// The longest plan: its tick-box log has one column per day.
pub const MAX_PLAN_DAYS: u64 = 366;

/// Resolve `raw` against `catalogue`; `today` is the issue date when the plan gives none.
pub fn resolve(raw: &RawPlan, catalogue: &Catalogue, today: NaiveDate) -> (Plan, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let issued = raw.issued.as_ref().map_or(today, |d| d.value);
    let review = match (&raw.review, &raw.weeks) {
        (Some(review), _) => Some(review.value),
        (None, Some(weeks)) => issued.checked_add_days(Days::new(u64::from(weeks.value) * 7)),
        (None, None) if raw.review_written => None,
        (None, None) => {
            diagnostics.push(
                Diagnostic::error(Code::Missing, "missing review date")
                    .at(raw.plan_span.clone())
                    .help("add `review = YYYY-MM-DD` or `weeks = N` under [plan]"),
            );
            None
        }
    };
    let issued_unreadable = raw.issued.is_none() && raw.issued_written;
    if let (Some(review), Some(written), false) = (review, &raw.review, issued_unreadable) {
        if review <= issued {
            let label = format!("issued {issued}");
            diagnostics.push(
                Diagnostic::error(
                    Code::ReviewBeforeIssue,
                    format!("review date {review} is not after the issue date {issued}"),
                )
                .at(written.span.clone())
                .label(label),
            );
        } else if (review - issued).num_days() > MAX_PLAN_DAYS as i64 {
            diagnostics.push(
                Diagnostic::error(
                    Code::BadValue,
                    format!(
                        "review date {review} is more than a year after the issue date {issued}"
                    ),
                )
                .at(written.span.clone())
                .help("plan up to a year ahead and review then"),
            );
        }
    }
    let paper = raw.paper.as_ref().and_then(|p| {
        let parsed = Paper::parse(&p.value);
        if parsed.is_none() {
            diagnostics.push(
                Diagnostic::error(
                    Code::BadValue,
                    format!("unknown paper size \"{}\"", p.value),
                )
                .at(p.span.clone())
                .help("use \"letter\" or \"a4\""),
            );
        }
        parsed
    });

    let exercises = raw
        .exercises
        .iter()
        .filter_map(|given| exercise(given, catalogue, &mut diagnostics))
        .collect();
    if raw.exercises.is_empty() {
        diagnostics.push(
            Diagnostic::error(Code::Missing, "the plan has no exercises")
                .help("add an `[[exercise]]` table with `name = \"...\"`"),
        );
    }

    let text = |s: &Option<crate::parse::Spanned<String>>| s.as_ref().map(|s| s.value.clone());
    let plan = Plan {
        patient: Patient {
            name: text(&raw.patient_name).unwrap_or_default(),
            id: text(&raw.patient_id),
        },
        prescriber: Prescriber {
            name: text(&raw.prescriber_name).unwrap_or_default(),
            clinic: text(&raw.clinic),
            phone: text(&raw.phone),
        },
        issued,
        review: review.unwrap_or(issued),
        notes: text(&raw.notes),
        sheet: SheetOptions {
            paper,
            large_print: raw.large_print.as_ref().map(|b| b.value),
        },
        exercises,
        safety: catalogue.safety().iter().map(|s| s.text.clone()).collect(),
    };
    (plan, diagnostics)
}

fn exercise(
    given: &RawExercise,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Prescribed> {
    let name = given.name.as_ref()?;
    let Some(entry) = catalogue.find(&name.value) else {
        let shown = crate::parse::fields::shorten(&name.value);
        let mut d = Diagnostic::error(
            Code::UnknownExercise,
            format!("unknown exercise \"{shown}\""),
        )
        .at(name.span.clone())
        .label("not in the catalogue");
        d = match suggest::did_you_mean(&catalogue.suggest(&name.value)) {
            Some(help) => d.help(help),
            None => d.help("`rx catalogue` lists every exercise"),
        };
        diagnostics.push(d);
        return None;
    };
    let side = match &given.side {
        Some(s) => match Side::parse(&s.value) {
            Some(side) => Some(side),
            None => {
                diagnostics.push(
                    Diagnostic::error(
                        Code::BadValue,
                        format!(
                            "unknown side \"{}\"",
                            crate::parse::fields::shorten(&s.value)
                        ),
                    )
                    .at(s.span.clone())
                    .help("use \"left\", \"right\" or \"both\""),
                );
                return None;
            }
        },
        None => entry.per_side.value.then_some(Side::Both),
    };
    let limits = &entry.limits;
    // Validated catalogues carry a recommendation for each of these fields.
    let recommended = |written: &Option<crate::parse::Spanned<u32>>,
                       limit: &crate::catalogue::Limit| {
        written
            .as_ref()
            .map(|w| w.value)
            .or(limit.recommended)
            .unwrap_or(limit.min)
    };
    let frequency = match (&given.per_day, &given.per_week) {
        (Some(day), _) => Frequency::PerDay(day.value),
        (None, Some(week)) => Frequency::PerWeek(week.value),
        (None, None) => match (limits.per_day.recommended, limits.per_week.recommended) {
            (Some(n), _) => Frequency::PerDay(n),
            (None, Some(n)) => Frequency::PerWeek(n),
            (None, None) => Frequency::PerDay(limits.per_day.min),
        },
    };
    let hold = match (&given.hold, &limits.hold) {
        (Some(h), _) => Some(h.value),
        (None, Some(limit)) => Some(recommended(&None, limit)),
        (None, None) => None,
    };
    Some(Prescribed {
        entry: entry.clone(),
        dose: Dose {
            sets: recommended(&given.sets, &limits.sets),
            reps: recommended(&given.reps, &limits.reps),
            hold,
            frequency,
            side,
        },
        note: given.note.as_ref().map(|n| n.value.clone()),
        exceed: given.exceed.as_ref().map(|e| e.value.clone()),
        given: given.clone(),
    })
}
