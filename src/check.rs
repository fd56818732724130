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

use crate::catalogue::{Catalogue, Prescription, Sides, duration};
use crate::diag::{Code, Diagnostic, Severity};
use crate::dose::{self, DAILY_MARGIN, Field, Part, Verdict};
use crate::fonts::{BOLD, BOTH, Fonts, REGULAR};
use crate::limits::Applies;
use crate::parse::{Exceed, RawPlan, Spanned, caps};
use crate::plan::{Frequency, Plan, Prescribed, Side};

/// More exercises than this in one plan is a warning: a long session is
/// rarely done at home.
pub const LONG_SESSION: usize = 15;

/// All dose problems of `plan`, in plan order.
pub fn check(plan: &Plan, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let listed = |id: &str| plan.exercises.iter().filter(|e| e.entry.id == id).count();
    for (i, exercise) in plan.exercises.iter().enumerate() {
        let shared_day = listed(&exercise.entry.id) > 1;
        check_exercise(exercise, catalogue, shared_day, &mut diagnostics);
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
    combined_daily_volume(plan, catalogue, &mut diagnostics);
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

/// An exercise listed more than once (twice, or under two names) is done
/// that many times a day: its doses' day's total together against the
/// daily margin, as for one dose. Checked only where every listing passed
/// alone, so one mistake is reported once; covered by a reason for the day
/// (bare or `exceed.daily`) on any of the listings.
fn combined_daily_volume(plan: &Plan, catalogue: &Catalogue, out: &mut Vec<Diagnostic>) {
    let mut listings: BTreeMap<&str, Vec<&Prescribed>> = BTreeMap::new();
    for exercise in &plan.exercises {
        listings
            .entry(&exercise.entry.id)
            .or_default()
            .push(exercise);
    }
    for listed in listings.values().filter(|l| l.len() > 1) {
        let entry = &listed[0].entry;
        let alone_beyond = listed
            .iter()
            .any(|e| !dose::daily_excess(entry, &e.dose).is_empty());
        if alone_beyond {
            continue;
        }
        let doses: Vec<_> = listed.iter().map(|e| &e.dose).collect();
        let reason = listed.iter().find_map(|e| match &e.given.exceed {
            Some(Exceed::Any(reason)) => Some(reason),
            Some(parts) => parts.reason_for(Part::Daily),
            None => None,
        });
        let last = listed[listed.len() - 1];
        let span = last.given.name.as_ref().and_then(|n| n.span.clone());
        let per_side = if entry.per_side.value {
            " per side"
        } else {
            ""
        };
        for excess in dose::excess_of(entry, dose::combined_daily(&doses)) {
            let (each, total, source_total, allowed) = if excess.is_hold {
                let each: Vec<_> = doses
                    .iter()
                    .map(|d| duration(dose::daily(d).hold))
                    .collect();
                (
                    each,
                    format!("{} of holding", duration(excess.total)),
                    duration(excess.source_total),
                    duration(excess.allowed),
                )
            } else {
                let each: Vec<_> = doses
                    .iter()
                    .map(|d| dose::daily(d).reps.to_string())
                    .collect();
                (
                    each,
                    reps(excess.total),
                    reps(excess.source_total),
                    reps(excess.allowed),
                )
            };
            let d = Diagnostic::error(
                Code::DailyVolume,
                format!(
                    "{}: listed {} times, {}{total} a day{per_side} together; the sources' largest is {source_total} a day ({})",
                    entry.id,
                    listed.len(),
                    // A sum of a few reads; of many, only the total does.
                    if each.len() <= 4 {
                        format!("{} = ", each.join(" + "))
                    } else {
                        String::new()
                    },
                    excess.source.label()
                ),
            )
            .at(span.clone())
            .label(format!(
                "allowed: up to {allowed} a day{per_side} in all, {DAILY_MARGIN} × the sources' largest"
            ))
            .note(format!(
                "{}: {} once a day = {source_total}, {}",
                excess.source.label(),
                source_dose(&excess.source, excess.is_hold),
                catalogue.cite(&excess.source.origin)
            ));
            let d = with_clinic_note(d, entry);
            let help = format!(
                "merge the listings into one dose within the limit; to prescribe beyond it on purpose, {}",
                give_reason(&span, "daily")
            );
            out.push(excused(d, reason, help));
        }
    }
}

/// A plan that takes more than `limit` minutes a day (the clinic's
/// `minutes_a_day`, else `dose::MINUTES_A_DAY`) by `dose::seconds_a_day`'s
/// estimate: a warning, since each dose may be right and the day still too
/// long to keep up at home.
pub fn day_length(plan: &Plan, limit: Option<&Spanned<u32>>) -> Option<Diagnostic> {
    let max = limit.map_or(dose::MINUTES_A_DAY, |l| l.value);
    let minutes = dose::minutes_a_day(plan.exercises.iter().map(|e| &e.dose));
    if minutes <= u64::from(max) {
        return None;
    }
    let whose = match limit {
        Some(_) => "the clinic's limit (`minutes_a_day` in the settings file)",
        None => {
            "rx's default limit; a clinic sets its own with `minutes_a_day` under [defaults] in its settings file"
        }
    };
    Some(
        Diagnostic::warning(
            Code::LongDay,
            format!(
                "the plan takes about {minutes} minutes a day; more than {max} is a long time to keep up at home"
            ),
        )
        .note(format!(
            "estimated: each repetition its hold and {} s more, on each side in turn, {} s to change sides, times the sets and the times a day",
            dose::REP_SECONDS,
            dose::SIDE_CHANGE_SECONDS
        ))
        .note(format!("{max} minutes is {whose}"))
        .help("lower the sets, reps, holds or times a day, or split the plan"),
    )
}

/// Every text the sheet prints must be drawable by the embedded fonts, in
/// every weight it is drawn in: a name in a script they lack is an error,
/// never a row of empty boxes or question marks. The plan's own texts are
/// checked here; a clinic catalogue entry's were checked once, when the
/// catalogue loaded (`Entry::undrawable`, the bundled fonts; a test holds
/// the built-in ones drawable), and are checked again
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
        for reason in exercise.exceed.iter().flat_map(Exceed::reasons) {
            field("exceed", &Some(reason.clone()), REGULAR);
        }
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
/// header with no exercise on them.
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

/// `shared_day`: the exercise is listed more than once, so a reason for the
/// day may be covering the listings' total (`combined_daily_volume`).
fn check_exercise(
    exercise: &Prescribed,
    catalogue: &Catalogue,
    shared_day: bool,
    out: &mut Vec<Diagnostic>,
) {
    let entry = &exercise.entry;
    let given = &exercise.given;
    let exceed = given.exceed.as_ref();
    let before = out.len();
    let fields = [
        (&given.sets, Field::Sets),
        (&given.reps, Field::Reps),
        (&given.hold, Field::Hold),
        (&given.per_day, Field::PerDay),
        (&given.per_week, Field::PerWeek),
        (&given.minutes, Field::Minutes),
    ];
    let mut beyond = Vec::new();
    for (written, field) in fields {
        let Some(written) = written else { continue };
        match dose::verdict(field, written.value, entry) {
            Verdict::Within => {}
            Verdict::Beyond(limit) => beyond.push((field, written, limit)),
            Verdict::NotApplicable if field == Field::Minutes => out.push(
                Diagnostic::error(
                    Code::NotTimed,
                    format!("{}: this exercise is not timed", entry.id),
                )
                .at(written.span.clone())
                .label("remove this line")
                .note(format!(
                    "no source of \"{}\" gives it a time: it is dosed by count (`reps`)",
                    entry.name
                )),
            ),
            Verdict::NotApplicable => out.push(
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
            ),
        }
    }
    // A field left out took a source's value, which the catalogue's limits
    // hold by construction; a clinic's narrower range may not.
    for (written, field) in fields {
        if written.is_none() {
            out.extend(left_out_beyond_clinic(exercise, field));
        }
    }
    // A bare reason covers one field beyond its limit: with more, it must
    // say which, so a reason written for the reps never lets a hold through.
    let bare = match exceed {
        Some(Exceed::Any(reason)) if beyond.len() > 1 => {
            let named: Vec<_> = beyond.iter().map(|(f, _, _)| f.key()).collect();
            out.push(
                Diagnostic::error(
                    Code::VagueExceed,
                    format!(
                        "{}: `exceed` gives one reason, but {} are beyond their limits",
                        entry.id,
                        and_list(&named)
                    ),
                )
                .at(reason.span.clone())
                .label("covers one field only")
                .help(format!(
                    "give a reason for each: `exceed = {{ {} }}`",
                    named
                        .iter()
                        .map(|k| format!("{k} = \"<reason>\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            None
        }
        Some(Exceed::Any(reason)) => Some(reason),
        _ => None,
    };
    for &(field, written, limit) in &beyond {
        let reason = bare.or_else(|| exceed.and_then(|e| e.reason_for(Part::Field(field))));
        out.push(out_of_limits(
            exercise, catalogue, written, limit, field, reason,
        ));
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
    // "Alternating sides" is a source's wording: where every source does
    // one side and then the other, it would print a dose no source gives.
    if let (Some(side), Some(Side::Alternate), true) =
        (&given.side, exercise.dose.side, entry.per_side.value)
        && !entry
            .prescriptions
            .iter()
            .any(|p| p.sides == Some(Sides::Alternate))
    {
        out.push(
            Diagnostic::error(
                Code::NotApplicable,
                format!(
                    "{}: no source does this exercise alternating sides",
                    entry.id
                ),
            )
            .at(side.span.clone())
            .label("not a source's way of doing it")
            .help("write `side = \"both\"` (each side in turn), \"left\" or \"right\""),
        );
    }
    // The day's total is checked once every field is allowed (so one
    // mistake is reported once). A reason covers it when it is for the day
    // (`exceed.daily`), bare, or for a field beyond its limit: that field is
    // what makes the day's total.
    let fields_ok = !out[before..].iter().any(|d| {
        d.is_error()
            && matches!(
                d.code,
                Code::OutOfLimits
                    | Code::NotApplicable
                    | Code::NotTimed
                    | Code::VagueExceed
                    | Code::LeftOutBeyondClinic
            )
    });
    let mut daily_beyond = false;
    if fields_ok {
        let reason = bare
            .or_else(|| exceed.and_then(|e| e.reason_for(Part::Daily)))
            .or_else(|| {
                beyond
                    .iter()
                    .find_map(|(f, _, _)| exceed.and_then(|e| e.reason_for(Part::Field(*f))))
            });
        daily_beyond = daily_volume(exercise, catalogue, reason, out);
    }
    // Where the day's total is already reported, that is the one mistake.
    if fields_ok && beyond.is_empty() && !daily_beyond {
        unsourced(exercise, out);
    }
    needless_exceed(
        exercise,
        &beyond,
        fields_ok,
        daily_beyond || shared_day,
        out,
    );
}

/// The value a field the plan left out took from a source, where it lies
/// outside the clinic's limit for that field: an error, so the sheet never
/// prints a dose the clinic's protocol refuses without anyone writing it.
fn left_out_beyond_clinic(exercise: &Prescribed, field: Field) -> Option<Diagnostic> {
    let entry = &exercise.entry;
    let clinic = crate::limits::clinic(entry, field)?;
    let dose = &exercise.dose;
    let value = match (field, dose.frequency) {
        (Field::Sets, _) => dose.sets,
        (Field::Reps, _) => dose.reps,
        (Field::Hold, _) => dose.hold.unwrap_or(0),
        (Field::Minutes, _) => dose.minutes?,
        (Field::PerDay, Frequency::PerDay(n)) | (Field::PerWeek, Frequency::PerWeek(n)) => n,
        (Field::PerWeek, Frequency::PerDay(_)) => dose.days_a_week?,
        (Field::PerDay, _) => return None,
    };
    if clinic.range.contains(value) {
        return None;
    }
    let key = field.key();
    Some(
        Diagnostic::error(
            Code::LeftOutBeyondClinic,
            format!(
                "{}: `{key}` is left out, and the source's {} is outside the {}",
                entry.id,
                amount(field, value),
                clinic.cite()
            ),
        )
        .at(exercise.given.name.as_ref().and_then(|n| n.span.clone()))
        .label(format!(
            "the clinic allows {} {}",
            clinic.range.range(),
            unit(field)
        ))
        .help(format!(
            "write `{key}` in the plan, within {}",
            clinic.range.range()
        )),
    )
}

/// A dose whose every field is within its limits but that no one source
/// gives as a whole (one source's count with another's hold): a warning
/// naming the nearest source's prescription and what differs from it.
fn unsourced(exercise: &Prescribed, out: &mut Vec<Diagnostic>) {
    let entry = &exercise.entry;
    let dose = &exercise.dose;
    let Some((nearest, differ)) = dose::unsourced(entry, dose) else {
        return;
    };
    let mut shown = vec![reps(u64::from(dose.reps))];
    shown.push(match dose.hold {
        Some(h) => format!("hold {h} s"),
        None => "no hold".to_owned(),
    });
    match dose.side {
        Some(Side::Alternate) => shown.push("alternating sides".to_owned()),
        Some(Side::Both) => shown.push("each side".to_owned()),
        Some(Side::Left | Side::Right) | None => {}
    }
    out.push(
        Diagnostic::warning(
            Code::Unsourced,
            format!(
                "{}: no source gives this dose as a whole ({})",
                entry.id,
                shown.join(", ")
            ),
        )
        .at(exercise.given.name.as_ref().and_then(|n| n.span.clone()))
        .label({
            let named: Vec<_> = differ
                .iter()
                .map(|part| match *part {
                    "reps" => "count",
                    "side" => "sides",
                    "frequency" => "times a day or days a week",
                    other => other,
                })
                .collect();
            let verb = if named.len() == 1 { "differs" } else { "differ" };
            format!("the {} {verb} from the nearest source's", and_list(&named))
        })
        .note(format!("nearest: {}, {}", nearest.label(), nearest.summary()))
        .help(format!(
            "write one source's dose as it gives it (`rx catalogue {}` lists each); a dose of your own is yours to justify",
            entry.id
        )),
    );
}

/// A warning for each `exceed` reason that covers nothing beyond a limit.
/// `daily_beyond`: the day's total is beyond, or may be (the exercise is
/// listed more than once).
fn needless_exceed(
    exercise: &Prescribed,
    beyond: &[(Field, &Spanned<u32>, Applies)],
    fields_ok: bool,
    daily_beyond: bool,
    out: &mut Vec<Diagnostic>,
) {
    let id = &exercise.entry.id;
    let is_beyond = |part: Part| match part {
        Part::Field(field) => beyond.iter().any(|(f, _, _)| *f == field),
        // Unknown when a field is an error: the day was not totalled.
        Part::Daily => daily_beyond || !fields_ok,
    };
    match &exercise.given.exceed {
        Some(Exceed::Any(reason)) if beyond.is_empty() && !is_beyond(Part::Daily) => out.push(
            Diagnostic::warning(
                Code::NeedlessExceed,
                format!("{id}: `exceed` is given but the dose is within the limits"),
            )
            .at(reason.span.clone())
            .help("remove `exceed` unless you mean to go beyond a limit"),
        ),
        Some(Exceed::Parts(parts)) => {
            for (part, reason) in parts.iter().filter(|(p, _)| !is_beyond(*p)) {
                let what = match part {
                    Part::Field(field) => format!("{} is within its limit", field.key()),
                    Part::Daily => "the day's total is within the limit".to_owned(),
                };
                out.push(
                    Diagnostic::warning(
                        Code::NeedlessExceed,
                        format!("{id}: `exceed.{}` is given but {what}", part.key()),
                    )
                    .at(reason.span.clone())
                    .help(format!(
                        "remove `exceed.{}` unless you mean to go beyond its limit",
                        part.key()
                    )),
                );
            }
        }
        _ => {}
    }
}

/// "sets", "sets and reps", "sets, reps and hold".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The day's repetitions and holding time on one side, each against
/// `DAILY_MARGIN` times the largest any one source prescribes: one error (or
/// with `exceed`, warning) per total beyond it. Skipped when a field is
/// already an error, so one mistake is reported once.
fn daily_volume(
    exercise: &Prescribed,
    catalogue: &Catalogue,
    reason: Option<&Spanned<String>>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let entry = &exercise.entry;
    let dose = &exercise.dose;
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
    let excesses = dose::daily_excess(entry, dose);
    let beyond = !excesses.is_empty();
    for excess in excesses {
        let dose::Excess {
            is_hold,
            total,
            source_total,
            allowed,
            source,
        } = excess;
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
                source_dose(&source, is_hold),
                catalogue.cite(&source.origin)
            ));
        let d = with_clinic_note(d, entry);
        out.push(excused(
            d,
            reason,
            format!(
                "lower the sets, reps{} or times a day; to prescribe beyond it on purpose, {}",
                if is_hold { ", hold" } else { "" },
                give_reason(&span, "daily")
            ),
        ));
    }
    beyond
}

/// `d`, a daily total's diagnostic, saying which clinic limits stood in
/// for the sources' ranges in the largest daily dose (`dose::largest_daily`).
fn with_clinic_note(d: Diagnostic, entry: &crate::catalogue::Entry) -> Diagnostic {
    if entry.clinic.is_empty() {
        return d;
    }
    let named: Vec<String> = entry
        .clinic
        .iter()
        .map(|c| format!("{} {}", c.field.key(), c.cite()))
        .collect();
    d.note(format!(
        "counted with the clinic's own ranges in place of the sources': {}",
        named.join(", ")
    ))
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

/// A written value of `field` in words: "3 sets", "a hold of 30 seconds".
fn amount(field: Field, n: u32) -> String {
    match field {
        Field::Sets => format!("{n} {}", if n == 1 { "set" } else { "sets" }),
        Field::Reps => format!("{n} {}", if n == 1 { "rep" } else { "reps" }),
        Field::Hold => format!("a hold of {n} seconds"),
        Field::PerDay => format!("{n} times a day"),
        Field::PerWeek => format!("{n} days a week"),
        Field::Minutes => format!("{n} {}", if n == 1 { "minute" } else { "minutes" }),
    }
}

/// The unit `field` counts in, for a limit's range.
fn unit(field: Field) -> &'static str {
    match field {
        Field::Sets => "sets",
        Field::Reps => "reps",
        Field::Hold => "seconds",
        Field::PerDay => "times a day",
        Field::PerWeek => "days a week",
        Field::Minutes => "minutes",
    }
}

fn out_of_limits(
    exercise: &Prescribed,
    catalogue: &Catalogue,
    written: &Spanned<u32>,
    limit: Applies,
    field: Field,
    reason: Option<&Spanned<String>>,
) -> Diagnostic {
    let id = &exercise.entry.id;
    let amount = amount(field, written.value);
    let (range, whose) = (limit.range(), limit.whose());
    let message = if written.value > range.max {
        format!("{id}: {amount} is above the {whose} limit of {}", range.max)
    } else {
        format!(
            "{id}: {amount} is below the {whose} minimum of {}",
            range.min
        )
    };
    let d = Diagnostic {
        severity: Severity::Error,
        ..Diagnostic::error(Code::OutOfLimits, message)
    }
    .at(written.span.clone())
    .label(format!("allowed: {} {}", range.range(), unit(field)))
    .note(limit.cite(catalogue));
    if !dose::coverable(written.value, range) {
        let d = d.note(format!(
            "more than {} × the limit's upper bound: no `exceed` reason covers it",
            dose::EXCEED_FACTOR
        ));
        return match reason {
            Some(_) => d.help("check the number; the reason given does not cover a dose this far beyond the limit"),
            None => d.help("check the number; a dose this far beyond the limit is not prescribed with `exceed`"),
        };
    }
    excused(
        d,
        reason,
        format!(
            "to prescribe beyond the limit on purpose, {}",
            give_reason(&written.span, field.key())
        ),
    )
}

/// `d` as a warning with the reason that covers it, or as it is with
/// `help` saying how to give one: the one place an `exceed` reason turns an
/// error into a warning.
fn excused(d: Diagnostic, reason: Option<&Spanned<String>>, help: String) -> Diagnostic {
    match reason {
        Some(reason) => Diagnostic {
            severity: Severity::Warning,
            ..d
        }
        .note(format!("allowed by the reason given: \"{}\"", reason.value)),
        None => d.help(help),
    }
}

/// How to give a reason for `part`, in the words of the input it is
/// written in: a CSV cell, or a TOML key.
fn give_reason(at: &Option<crate::diag::Span>, part: &str) -> String {
    match at {
        Some(crate::diag::Span::Cell { .. }) => {
            format!("write `{part}: <reason>` in the `exceed` column")
        }
        _ => format!("add `exceed.{part} = \"<reason>\"`"),
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
        let reason = plan.exercises[0].given.exceed.as_ref().map(|e| {
            let reasons: Vec<_> = e.reasons().map(|r| r.value.as_str()).collect();
            reasons.join("; ")
        });
        assert_eq!(reason.as_deref(), Some("Week 3 progression"));
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
