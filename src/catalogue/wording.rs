//! A source's prescription and an entry's daily-volume limit in a sheet
//! language's words: one wording for `rx catalogue ID` (English), the
//! booklet (its language) and the diagnostics that name a prescription.
//!
//! A single figure is worded as a sheet words a dose (`dose-*`, `per-day`,
//! `per-week` in `templates/lang/*/sheet.ftl`): "once", "once on each side",
//! "twice a day", "una vez"; a range ("8–12") takes the booklet's words
//! (`booklet-*`), plural by its top. So no text reads "1 times" or "1 reps".

use crate::catalogue::{Entry, Origin, Prescription, Range, Sides};
use crate::dose::DAILY_MARGIN;
use crate::lang::{Arg, Messages};

/// Which source a prescription is: its ids, or "our default".
pub fn label(p: &Prescription, m: &Messages) -> String {
    match &p.origin {
        Origin::From(ids) => ids.join(", "),
        Origin::Default(_) => m.text("booklet-our-default"),
    }
}

/// The prescription in a few words: "6–8 times, alternating sides, no
/// hold", "once on each side, hold 20–30 seconds", "3 sets, once a day".
pub fn summary(p: &Prescription, m: &Messages) -> String {
    let mut parts = Vec::new();
    // A timed source's one bout is its time: "for 1–2 minutes", not "once".
    let one_bout = p.minutes.is_some() && single(p.reps) == Some(1);
    if !one_bout {
        parts.push(count(p, m));
    }
    if let Some(minutes) = p.minutes {
        parts.push(match single(minutes) {
            Some(n) => m.with("dose-minutes", &[("minutes", n.into())]),
            None => ranged("booklet-minutes", minutes, m),
        });
        if p.sides == Some(Sides::Both) && one_bout {
            parts.push(m.text("side-both"));
        }
    }
    if p.hold.max > 0 {
        let seconds = p.hold.range();
        parts.push(m.with(
            "booklet-hold",
            &[
                ("seconds", Arg::Text(&seconds)),
                ("most", p.hold.max.into()),
            ],
        ));
    } else if p.minutes.is_none() {
        // A timed bout is not held: its time says so.
        parts.push(m.text("booklet-no-hold"));
    }
    if let Some(sets) = p.sets {
        parts.push(ranged("booklet-p-sets", sets, m));
    }
    if let Some(per_day) = p.per_day {
        parts.push(match single(per_day) {
            Some(n) => m.with("per-day", &[("times", n.into())]),
            None => ranged("booklet-p-per-day", per_day, m),
        });
    }
    if let Some(per_week) = p.per_week {
        parts.push(match single(per_week) {
            Some(n) => m.with("per-week", &[("days", n.into())]),
            None => ranged("booklet-p-per-week", per_week, m),
        });
    }
    parts.join(", ")
}

/// The count and how it is shared between the sides: "once on each side",
/// "8 times, alternating sides", "8–12 times".
fn count(p: &Prescription, m: &Messages) -> String {
    let Some(n) = single(p.reps) else {
        let reps = p.reps.range();
        let args = [("reps", Arg::Text(&reps)), ("most", p.reps.max.into())];
        return match p.sides {
            Some(Sides::Both) => m.with("booklet-each-side", &args),
            Some(Sides::Alternate) => m.with("booklet-alternating", &args),
            None => m.with("booklet-times", &args),
        };
    };
    let times = m.with("dose-sets", &[("sets", 1u32.into()), ("reps", n.into())]);
    match p.sides {
        Some(Sides::Both) => m.with("dose-each-side", &[("reps", n.into())]),
        Some(Sides::Alternate) => format!("{times}, {}", m.text("side-alternate")),
        None => times,
    }
}

/// The one figure of a range that gives one.
fn single(range: Range) -> Option<u32> {
    (range.min == range.max).then_some(range.min)
}

/// A range in the booklet's words for it (`booklet-p-*`).
fn ranged(id: &str, range: Range, m: &Messages) -> String {
    let shown = range.range();
    m.with(
        id,
        &[("range", Arg::Text(&shown)), ("most", range.max.into())],
    )
}

/// The daily-volume limit: "at most 20 reps a day per side, 2 × the
/// largest any one source gives (10 reps, gentle)", with the holding time
/// where a source holds.
pub fn daily(entry: &Entry, m: &Messages) -> String {
    let (largest, reps, hold) = crate::dose::largest_daily(entry);
    let id = match (largest.hold == 0, entry.per_side.value) {
        (true, false) => "booklet-daily",
        (true, true) => "booklet-daily-side",
        (false, false) => "booklet-daily-hold",
        (false, true) => "booklet-daily-hold-side",
    };
    let (from, held_from) = (label(&reps, m), label(&hold, m));
    let holding = crate::catalogue::duration(DAILY_MARGIN * largest.hold);
    let held = crate::catalogue::duration(largest.hold);
    m.with(
        id,
        &[
            ("total", (DAILY_MARGIN * largest.reps).into()),
            ("margin", DAILY_MARGIN.into()),
            ("largest", largest.reps.into()),
            ("from", Arg::Text(&from)),
            ("holding", Arg::Text(&holding)),
            ("held", Arg::Text(&held)),
            ("held-from", Arg::Text(&held_from)),
        ],
    )
}

/// The first place `text` writes the figure 1 with a plural unit ("1
/// times", "1 reps", "1 veces"); `None` when it reads naturally.
#[cfg(test)]
pub fn plural_one(text: &str) -> Option<&str> {
    const PLURALS: [&str; 11] = [
        "times",
        "reps",
        "sets",
        "seconds",
        "days",
        "minutes",
        "veces",
        "repeticiones",
        "series",
        "segundos",
        "minutos",
    ];
    text.match_indices("1 ").find_map(|(at, _)| {
        let after_digit = text[..at].ends_with(|c: char| c.is_ascii_digit());
        let rest = &text[at + 2..];
        let unit = PLURALS.iter().find(|unit| {
            rest.starts_with(*unit)
                && !rest[unit.len()..].starts_with(|c: char| c.is_alphanumeric())
        });
        (!after_digit && unit.is_some()).then(|| &text[at..])
    })
}

#[cfg(test)]
mod tests {
    use super::{daily, plural_one, summary};
    use crate::catalogue::builtin;
    use crate::lang::Language;

    #[test]
    fn plural_one_finds_one_with_a_plural_and_nothing_else() {
        assert!(plural_one("otago: 1 times, hold").is_some());
        assert!(plural_one("(1 reps, otago)").is_some());
        assert!(plural_one("1 veces al día").is_some());
        assert!(plural_one("11 times, 21 reps, 1 set, 1 rep, once").is_none());
    }

    #[test]
    fn no_prescription_or_daily_total_reads_one_with_a_plural_in_any_language() {
        let catalogue = builtin().expect("built-in catalogue");
        for language in Language::all() {
            let m = language.messages();
            for entry in catalogue.entries() {
                let mut texts: Vec<String> =
                    entry.prescriptions.iter().map(|p| summary(p, m)).collect();
                texts.push(daily(entry, m));
                for text in texts {
                    assert_eq!(
                        plural_one(&text),
                        None,
                        "{} ({language:?}): {text}",
                        entry.id
                    );
                }
            }
        }
    }
}
