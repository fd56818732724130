//! Stage 2, resolve: `RawPlan` + `&Catalogue` -> `Plan`.
//!
//! Names become catalogue entries, missing dose fields take a source's own
//! prescription (the first, recommended one first, that holds every field
//! the plan does give; else the recommended one), `weeks` becomes a review
//! date, safety advice that does not fit the plan's frequency is left out,
//! and the issue date falls
//! back to the date the caller passes (only `cli` reads the clock). Problems
//! are collected, and a `Plan` always comes back so that check can report its
//! problems too: where a required piece is missing (an error already
//! reported), the plan holds a blank in its place. Callers must not render a
//! plan that came with errors.

use chrono::{Days, Months, NaiveDate};

use crate::catalogue::{Catalogue, Entry, Only, Prescription, Sides};
use crate::diag::{Code, Diagnostic, Span};
use crate::lang::Language;
use crate::parse::{RawExercise, RawPlan};
use crate::plan::{
    Advice, Contact, Dose, Frequency, Paper, Patient, Plan, Prescribed, Prescriber, SheetOptions,
    Side,
};
use crate::suggest;

/// Resolve `raw` against `catalogue`; `today` is the issue date when the plan gives none.
pub fn resolve(raw: &RawPlan, catalogue: &Catalogue, today: NaiveDate) -> (Plan, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let issued = raw.issued.as_ref().map_or(today, |d| d.value);
    let review = review(raw, issued, &mut diagnostics);
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
    let language = raw.language.as_ref().and_then(|l| {
        let parsed = Language::parse(&l.value);
        if parsed.is_none() {
            diagnostics.push(unknown_language(&l.value).at(l.span.clone()));
        }
        parsed
    });

    let exercises: Vec<Prescribed> = raw
        .exercises
        .iter()
        .filter_map(|given| exercise(given, catalogue, &mut diagnostics))
        .collect();
    let safety = safety(catalogue, &exercises);
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
        contact: Contact::default(),
        issued,
        review: review.unwrap_or(issued),
        notes: text(&raw.notes),
        sheet: SheetOptions {
            paper,
            large_print: raw.large_print.as_ref().map(|b| b.value),
            language,
        },
        exercises,
        safety,
    };
    (plan, diagnostics)
}

/// The review date, written or `weeks` after `issued`, checked against the
/// issue date: after it, and at most a calendar year later.
fn review(
    raw: &RawPlan,
    issued: NaiveDate,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let review = match (&raw.review, &raw.weeks) {
        (Some(review), _) => Some(review.value),
        (None, Some(weeks)) => {
            let review = issued.checked_add_days(Days::new(u64::from(weeks.value) * 7));
            if review.is_none() {
                // Only an issue date beyond chrono's calendar gets here, which
                // parse and cli refuse; never fall back to review = issue.
                diagnostics.push(
                    Diagnostic::error(
                        Code::BadValue,
                        format!("{} weeks after {issued} is not a date", weeks.value),
                    )
                    .at(weeks.span.clone()),
                );
            }
            // A review the weeks carry past the years rx accepts could not
            // print as a four-digit year, as a written date could not.
            if let Some(label) = review.and_then(crate::fields::outside_years) {
                diagnostics.push(
                    Diagnostic::error(
                        Code::BadValue,
                        format!(
                            "the review date {} weeks after {issued} is outside the years rx accepts",
                            weeks.value
                        ),
                    )
                    .at(weeks.span.clone())
                    .label(label),
                );
                return None;
            }
            review
        }
        (None, None) if raw.review_written => None,
        (None, None) => {
            diagnostics.push(
                Diagnostic::error(Code::Missing, "missing review date")
                    .at(raw.plan_span.clone())
                    .help(if Span::is_cell(raw.plan_span.as_ref()) {
                        "fill in the `review` column (YYYY-MM-DD) or the `weeks` column on a row of this patient"
                    } else {
                        "add `review = YYYY-MM-DD` or `weeks = N` under [plan]"
                    }),
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
        } else if issued
            .checked_add_months(Months::new(12))
            .is_none_or(|year_on| review > year_on)
        {
            // A calendar year, not 366 days: 2027-01-01 to 2028-01-02 is
            // 366 days but more than a year.
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
    review
}

/// The catalogue's safety advice for these exercises: some is only for
/// plans done every day, some only for the others, and some only for
/// plans with an exercise for its regions.
fn safety(catalogue: &Catalogue, exercises: &[Prescribed]) -> Vec<Advice> {
    let daily = exercises.iter().all(|e| {
        matches!(
            e.dose.frequency,
            Frequency::PerDay(_) | Frequency::PerWeek(7)
        )
    });
    // The regions the plan's exercises are for; an entry that names none
    // (a clinic's may not) could be for any, so every line is kept.
    let unclassified = exercises.iter().any(|e| e.entry.regions.is_empty());
    let for_plan = |s: &crate::catalogue::Safety| {
        unclassified
            || s.regions.is_empty()
            || exercises
                .iter()
                .any(|e| e.entry.regions.iter().any(|r| s.regions.contains(r)))
    };
    catalogue
        .safety()
        .iter()
        .filter(|s| match s.only {
            None => true,
            Some(Only::Daily) => daily,
            Some(Only::NotDaily) => !daily,
        })
        .filter(|s| for_plan(s))
        .map(|s| Advice {
            text: s.text.clone(),
            translations: s.translations.clone(),
            as_written: false,
        })
        .collect()
}

/// An unknown sheet language, with the languages there are; the same
/// message for a plan, a CSV cell and the settings file.
pub fn unknown_language(code: &str) -> Diagnostic {
    Diagnostic::error(Code::BadValue, format!("unknown language \"{code}\""))
        .label("not a sheet language")
        .help(format!("available: {}", Language::available()))
}

fn exercise(
    given: &RawExercise,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Prescribed> {
    let name = given.name.as_ref()?;
    let Some(entry) = catalogue.find(&name.value) else {
        diagnostics.push(unknown(name, catalogue));
        return None;
    };
    let side = match &given.side {
        Some(s) => match Side::parse(&s.value) {
            Some(side) => Some(side),
            None => {
                diagnostics.push(
                    Diagnostic::error(
                        Code::BadValue,
                        format!("unknown side \"{}\"", crate::fields::shorten(&s.value)),
                    )
                    .at(s.span.clone())
                    .help("use \"left\", \"right\", \"both\" or \"alternate\""),
                );
                return None;
            }
        },
        None => None,
    };
    let start = starting_prescription(entry, given, side);
    let side = match (side, start.sides) {
        (Some(side), _) => Some(side),
        (None, Some(Sides::Alternate)) if entry.per_side.value => Some(Side::Alternate),
        (None, _) => entry.per_side.value.then_some(Side::Both),
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
    let (start_reps, start_hold) = entry.starting(start);
    // Sets and frequency left out are the starting source's own, where it
    // gives them (at the low end), else the catalogue's recommendation.
    let frequency = match (&given.per_day, &given.per_week) {
        (Some(day), _) => Frequency::PerDay(day.value),
        (None, Some(week)) => Frequency::PerWeek(week.value),
        (None, None) if start.per_week.is_some() && start.per_day.is_none() => {
            Frequency::PerWeek(start.per_week.map_or(1, |r| r.min))
        }
        (None, None) if start.per_day.is_some() => {
            Frequency::PerDay(start.per_day.map_or(1, |r| r.min))
        }
        (None, None) => match (limits.per_day.recommended, limits.per_week.recommended) {
            (Some(n), _) => Frequency::PerDay(n),
            (None, Some(n)) => Frequency::PerWeek(n),
            (None, None) => Frequency::PerDay(limits.per_day.min),
        },
    };
    let (frequency, days_a_week) = both_frequencies(frequency, start);
    // A hold of 0, written or a source's, is no hold.
    let hold = given.hold.as_ref().map_or(start_hold, |h| h.value);
    let hold = (hold > 0).then_some(hold);
    Some(Prescribed {
        entry: entry.clone(),
        dose: Dose {
            sets: match (&given.sets, start.sets) {
                (None, Some(sets)) => sets.min,
                _ => recommended(&given.sets, &limits.sets),
            },
            reps: given.reps.as_ref().map_or(start_reps, |r| r.value),
            hold,
            frequency,
            days_a_week,
            // A timed source's time, at the low end, where the plan gives none.
            minutes: given
                .minutes
                .as_ref()
                .map(|m| m.value)
                .or(start.minutes.map(|r| r.min)),
            side,
        },
        note: given.note.as_ref().map(|n| n.value.clone()),
        video: given
            .video
            .as_ref()
            .map(|v| v.value.clone())
            .or_else(|| entry.video.clone()),
        given: given.clone(),
        source: entry
            .prescriptions
            .iter()
            .position(|p| std::ptr::eq(p, start))
            .unwrap_or(entry.recommended),
    })
}

/// `frequency` beside the days a week of `start`, where that source gives
/// both times a day and days a week ("1 time a day, 4 to 5 days a week")
/// and `frequency` (written, or the source's) lies within its range: the
/// sheet then says both, as the source does, rather than one of them.
fn both_frequencies(frequency: Frequency, start: &Prescription) -> (Frequency, Option<u32>) {
    let (Some(day), Some(week)) = (start.per_day, start.per_week) else {
        return (frequency, None);
    };
    match frequency {
        Frequency::PerDay(n) if day.contains(n) => (frequency, Some(week.min)),
        Frequency::PerWeek(n) if week.contains(n) => (Frequency::PerDay(day.min), Some(n)),
        _ => (frequency, None),
    }
}

/// An exercise name the catalogue does not know, with the nearest it does.
fn unknown(name: &crate::parse::Spanned<String>, catalogue: &Catalogue) -> Diagnostic {
    let shown = crate::fields::shorten(&name.value);
    let d = Diagnostic::error(
        Code::UnknownExercise,
        format!("unknown exercise \"{shown}\""),
    )
    .at(name.span.clone())
    .label("not in the catalogue");
    match suggest::did_you_mean(&catalogue.suggest(&name.value)) {
        Some(help) => d.help(help),
        None => d.help("`rx catalogue` lists every exercise"),
    }
}

/// The prescription a plan's missing dose fields come from. With no count
/// or hold written, the recommended one (if its side fits). With one
/// written, the first in catalogue order whose ranges hold every number the
/// plan gives and its side: the source the therapist's numbers are read
/// from, not the recommended one when it merely holds them too, so 12
/// pelvic tilts take relieve's no-hold rather than gentle's 2 seconds, and
/// `reps = 8` on the knee-to-chest stretch relieve's no-hold rather than
/// essential's 20 seconds. When none holds them, the one whose ranges come
/// nearest (the recommended one on a tie), so a hold is never added to a
/// count no source pairs it with.
fn starting_prescription<'e>(
    entry: &'e Entry,
    given: &RawExercise,
    side: Option<Side>,
) -> &'e Prescription {
    let recommended = entry.recommended_prescription();
    let written = given.reps.is_some() || given.hold.is_some() || given.minutes.is_some();
    let order = || {
        let first = (!written).then_some(recommended);
        first.into_iter().chain(&entry.prescriptions)
    };
    let nearest = || std::iter::once(recommended).chain(&entry.prescriptions);
    let distance = |p: &Prescription| {
        let off = |written: &Option<crate::parse::Spanned<u32>>, range: crate::catalogue::Range| {
            written.as_ref().map_or(0, |w| {
                w.value.saturating_sub(range.max) + range.min.saturating_sub(w.value)
            })
        };
        // Minutes written for a source that counts are off by all of them.
        let untimed = crate::catalogue::Range { min: 0, max: 0 };
        u64::from(off(&given.reps, p.reps))
            + u64::from(off(&given.hold, p.hold))
            + u64::from(off(&given.minutes, p.minutes.unwrap_or(untimed)))
    };
    let same_side = |p: &Prescription| {
        !matches!(
            (side, p.sides),
            (Some(Side::Alternate), Some(Sides::Both))
                | (
                    Some(Side::Both | Side::Left | Side::Right),
                    Some(Sides::Alternate)
                )
        )
    };
    order()
        .find(|p| distance(p) == 0 && same_side(p))
        .or_else(|| nearest().min_by_key(|p| distance(p)))
        .unwrap_or(recommended)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::catalogue;
    use crate::diag::{Code, Diagnostic};
    use crate::fonts::Fonts;

    fn check(plan: &str) -> Vec<Diagnostic> {
        let catalogue = catalogue::builtin().expect("built-in catalogue");
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let text = format!(
            "[patient]\nname = \"A\"\n[prescriber]\nname = \"B\"\n{plan}\n[[exercise]]\nname = \"bridge\"\n"
        );
        crate::check_plan(text.as_bytes(), &catalogue, &Fonts::load(), today)
            .1
            .diagnostics
    }

    /// The one-year review cap is a calendar year,
    /// exact on both sides, in leap and common years.
    #[test]
    fn review_is_at_most_one_calendar_year_after_issue() {
        for (issued, last_ok, first_bad) in [
            ("2026-01-01", "2027-01-01", "2027-01-02"),
            ("2027-03-01", "2028-03-01", "2028-03-02"),
            ("2028-02-29", "2029-02-28", "2029-03-01"),
        ] {
            // Only the far-off issue date's own warning, no error.
            let far = |d: &Diagnostic| d.code == Code::DistantDate;
            let ok = check(&format!("[plan]\nissued = {issued}\nreview = {last_ok}"));
            assert!(ok.iter().all(far), "{issued} -> {last_ok}: {ok:?}");
            let mut bad = check(&format!("[plan]\nissued = {issued}\nreview = {first_bad}"));
            bad.retain(|d| !far(d));
            assert_eq!(bad.len(), 1, "{issued} -> {first_bad}: {bad:?}");
            assert_eq!(bad[0].code, Code::BadValue);
            assert_eq!(
                bad[0].message,
                format!(
                    "review date {first_bad} is more than a year after the issue date {issued}"
                )
            );
        }
    }

    #[test]
    fn a_review_date_weeks_carry_past_2200_is_refused() {
        let mut found = check("[plan]\nissued = 2200-12-31\nweeks = 2");
        found.retain(|d| d.code != Code::DistantDate);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::BadValue);
        assert_eq!(
            found[0].message,
            "the review date 2 weeks after 2200-12-31 is outside the years rx accepts"
        );
    }

    /// Years outside 1900–2200 are refused wherever a
    /// plan writes a date, as a TOML date or as text.
    #[test]
    fn years_outside_the_window_are_refused() {
        for (plan, shown) in [
            ("issued = \"-0001-01-01\"\nweeks = 2", "-0001-01-01"),
            ("issued = 1899-12-31\nweeks = 2", "1899-12-31"),
            ("issued = \"+262142-12-31\"\nweeks = 2", "+262142-12-31"),
            ("issued = 2201-01-01\nweeks = 2", "2201-01-01"),
        ] {
            let found = check(&format!("[plan]\n{plan}"));
            assert_eq!(found.len(), 1, "{plan}: {found:?}");
            assert_eq!(found[0].code, Code::BadValue);
            assert_eq!(
                found[0].message,
                format!("`issued` = {shown} is outside the years rx accepts")
            );
            assert_eq!(
                found[0].label.as_deref(),
                Some("rx accepts dates in the years 1900 to 2200")
            );
        }
        for plan in [
            "issued = 1900-01-01\nweeks = 52",
            "issued = 2200-01-01\nweeks = 52",
        ] {
            let found = check(&format!("[plan]\n{plan}"));
            assert!(
                found.iter().all(|d| d.code == Code::DistantDate),
                "{plan}: {found:?}"
            );
        }
    }
}
