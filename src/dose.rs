//! The dose rules, in one place: the hard caps no dose field may pass, which
//! limit applies to a written field, the daily total of a plan's dose and of
//! a source's prescription, and the margin the daily-volume check allows.
//!
//! `check` words the diagnostics from what this module decides; catalogue
//! loading refuses limits beyond the caps; the plan readers refuse values
//! beyond them; the booklet and `rx catalogue` print the same numbers. A rule
//! about how much is too much belongs here and nowhere else.

use serde::Serialize;

use crate::catalogue::{Entry, Limit, Limits, Prescription, Range, Sides};
use crate::limits::Applies;
use crate::plan::{Dose, Frequency, Side};

/// The hard caps: no plan's dose field, and no catalogue limit or
/// recommendation, may go beyond these. They are far above any dose a
/// source gives; a value beyond one is a typo or a pasted number, refused
/// where it is read.
pub mod caps {
    pub const SETS: u32 = 20;
    pub const REPS: u32 = 500;
    /// Seconds.
    pub const HOLD: u32 = 600;
    pub const PER_DAY: u32 = 12;
    pub const PER_WEEK: u32 = 7;
    /// Minutes of a timed bout ("march for 2 minutes").
    pub const MINUTES: u32 = 60;
}

/// One field of a dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Sets,
    Reps,
    Hold,
    PerDay,
    PerWeek,
    /// The time a bout of a timed exercise lasts, in minutes: a time spent
    /// moving ("march on the spot for 2 minutes"), not a hold.
    Minutes,
}

impl Field {
    /// Every field, in the order a plan writes them.
    pub const ALL: [Field; 6] = [
        Field::Sets,
        Field::Reps,
        Field::Hold,
        Field::PerDay,
        Field::PerWeek,
        Field::Minutes,
    ];

    /// Its place in `ALL`, for listing fields in a plan's order.
    pub fn order(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The key a plan and a catalogue write it under.
    pub fn key(self) -> &'static str {
        match self {
            Field::Sets => "sets",
            Field::Reps => "reps",
            Field::Hold => "hold",
            Field::PerDay => "per_day",
            Field::PerWeek => "per_week",
            Field::Minutes => "minutes",
        }
    }

    /// The field written under `key` ("sets", "per_day", ...).
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field's hard cap.
    pub fn cap(self) -> u32 {
        match self {
            Field::Sets => caps::SETS,
            Field::Reps => caps::REPS,
            Field::Hold => caps::HOLD,
            Field::PerDay => caps::PER_DAY,
            Field::PerWeek => caps::PER_WEEK,
            Field::Minutes => caps::MINUTES,
        }
    }

    /// The entry's limit for this field; `None` for a hold on an exercise
    /// that has none, or minutes on one no source times.
    pub fn limit(self, limits: &Limits) -> Option<&Limit> {
        match self {
            Field::Sets => Some(&limits.sets),
            Field::Reps => Some(&limits.reps),
            Field::Hold => limits.hold.as_ref(),
            Field::PerDay => Some(&limits.per_day),
            Field::PerWeek => Some(&limits.per_week),
            Field::Minutes => limits.minutes.as_ref(),
        }
    }
}

/// What an `exceed` reason can cover: one dose field beyond its limit, or
/// the day's total beyond the daily margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Field(Field),
    Daily,
}

impl Part {
    /// Every part, in the order a plan writes them.
    pub const ALL: [Part; 7] = [
        Part::Field(Field::Sets),
        Part::Field(Field::Reps),
        Part::Field(Field::Hold),
        Part::Field(Field::PerDay),
        Part::Field(Field::PerWeek),
        Part::Field(Field::Minutes),
        Part::Daily,
    ];

    /// The key an `exceed` table names it by (`exceed.reps`, `exceed.daily`).
    pub fn key(self) -> &'static str {
        match self {
            Part::Field(field) => field.key(),
            Part::Daily => "daily",
        }
    }

    pub fn from_key(key: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// No `exceed` reason covers a field beyond this many times its limit's
/// upper bound: a dose that far out is a typo, or a protocol the clinic
/// should write down as its own limit rather than justify patient by
/// patient. Our choice, documented in the README.
pub const EXCEED_FACTOR: u32 = 2;

/// Whether an `exceed` reason may cover `value` beyond the limit that
/// applies, `range`: up to `EXCEED_FACTOR` times its upper bound (below the
/// minimum, always).
pub fn coverable(value: u32, range: Range) -> bool {
    u64::from(value) <= u64::from(EXCEED_FACTOR) * u64::from(range.max)
}

/// How a written dose field stands against the limit that applies to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict<'a> {
    Within,
    /// Outside the limit that applies (the clinic's, else the catalogue's).
    Beyond(Applies<'a>),
    /// The field does not apply (a hold on an exercise no source holds).
    NotApplicable,
}

/// The verdict on `value` written for `field` of `entry`, against the limit
/// that applies (`limits::applies`). `hold = 0` is no hold: always right
/// where no source holds.
pub fn verdict(field: Field, value: u32, entry: &Entry) -> Verdict<'_> {
    match crate::limits::applies(entry, field) {
        None if field == Field::Hold && value == 0 => Verdict::Within,
        None => Verdict::NotApplicable,
        Some(limit) if limit.range().contains(value) => Verdict::Within,
        Some(limit) => Verdict::Beyond(limit),
    }
}

/// A day's total on one side, of a plan's dose or a source's prescription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Daily {
    pub reps: u64,
    /// Seconds spent holding.
    pub hold: u64,
}

/// The daily-volume check allows this many times the largest daily total
/// any one source prescribes: room for a second set or a second session of
/// the fullest source dose, not more. Our choice, documented in
/// `templates/FORMAT.md`.
pub const DAILY_MARGIN: u64 = 2;

/// Sessions on a day the exercise is done: `per_day`, or 1 on the days of a
/// `per_week` plan.
pub fn sessions(dose: &Dose) -> u32 {
    match dose.frequency {
        Frequency::PerDay(n) => n,
        Frequency::PerWeek(_) => 1,
    }
}

/// A plan's total for one day on one side: sets × reps × sessions, and that
/// times the hold. Left, right, each side and alternating all count the reps
/// on one side ("alternating sides, 8 times" as 8 on each side, the larger
/// reading, as for the sources).
pub fn daily(dose: &Dose) -> Daily {
    let reps = u64::from(dose.sets) * u64::from(dose.reps) * u64::from(sessions(dose));
    Daily {
        reps,
        hold: reps * u64::from(dose.hold.unwrap_or(0)),
    }
}

/// A source's largest dose for one day on one side: the top of its ranges,
/// times its top sets and times a day where it gives them (one set, once a
/// day where it does not). "Alternating sides, N times" counts as N on each
/// side, the larger reading, as it does for a plan.
pub fn prescribed_daily(p: &Prescription) -> Daily {
    let most = |r: Option<crate::catalogue::Range>| u64::from(r.map_or(1, |r| r.max));
    let reps = u64::from(p.reps.max) * most(p.sets) * most(p.per_day);
    Daily {
        reps,
        hold: reps * u64::from(p.hold.max),
    }
}

/// The largest daily repetitions and the largest daily holding time any one
/// source prescribes for `entry`, each with the prescription that gives it
/// (the first, in catalogue order, on a tie). A clinic limit stands in for
/// the field's range in every prescription (`limits::adjusted`).
pub fn largest_daily(entry: &Entry) -> (Daily, Prescription, Prescription) {
    let adjusted: Vec<Prescription> = entry
        .prescriptions
        .iter()
        .map(|p| crate::limits::adjusted(entry, p))
        .collect();
    let first = &adjusted[0];
    let (mut reps, mut hold) = (first, first);
    for p in &adjusted {
        if prescribed_daily(p).reps > prescribed_daily(reps).reps {
            reps = p;
        }
        if prescribed_daily(p).hold > prescribed_daily(hold).hold {
            hold = p;
        }
    }
    let largest = Daily {
        reps: prescribed_daily(reps).reps,
        hold: prescribed_daily(hold).hold,
    };
    (largest, reps.clone(), hold.clone())
}

/// One daily total beyond what the daily-volume check allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excess {
    /// The holding time (seconds), not the repetitions.
    pub is_hold: bool,
    /// The plan's total for a day on one side.
    pub total: u64,
    /// The largest any one source gives.
    pub source_total: u64,
    /// `DAILY_MARGIN` × `source_total`.
    pub allowed: u64,
    /// The prescription that gives `source_total` (with any clinic limit
    /// in place of its range).
    pub source: Prescription,
}

/// The day's repetitions and holding time of `dose`, each against
/// `DAILY_MARGIN` times the largest any one source prescribes for `entry`:
/// the totals beyond it, repetitions first.
pub fn daily_excess(entry: &Entry, dose: &Dose) -> Vec<Excess> {
    excess_of(entry, daily(dose))
}

/// The day's total of several doses of one exercise (the same entry listed
/// twice, or under two names), on the side that does more: a left-only
/// dose and a right-only dose do not add up, any other dose counts on
/// both sides.
pub fn combined_daily(doses: &[&Dose]) -> Daily {
    // The total of every dose not for `other` side only.
    let side_total = |other: Side| {
        doses
            .iter()
            .filter(|d| d.side != Some(other))
            .map(|d| daily(d))
            .fold(Daily { reps: 0, hold: 0 }, |a, b| Daily {
                reps: a.reps + b.reps,
                hold: a.hold + b.hold,
            })
    };
    let (left, right) = (side_total(Side::Right), side_total(Side::Left));
    Daily {
        reps: left.reps.max(right.reps),
        hold: left.hold.max(right.hold),
    }
}

/// `total` for one side of a day, against `DAILY_MARGIN` times the largest
/// any one source prescribes for `entry`: the totals beyond it, repetitions
/// first.
pub fn excess_of(entry: &Entry, total: Daily) -> Vec<Excess> {
    let (largest, most_reps, most_hold) = largest_daily(entry);
    [
        (false, total.reps, largest.reps, &most_reps),
        (true, total.hold, largest.hold, &most_hold),
    ]
    .into_iter()
    .filter_map(|(is_hold, total, source_total, source)| {
        let allowed = DAILY_MARGIN * source_total;
        (total > allowed).then_some(Excess {
            is_hold,
            total,
            source_total,
            allowed,
            source: source.clone(),
        })
    })
    .collect()
}

/// Where `dose` differs from one source's prescription as a whole: its
/// sets, count, hold (none counts as 0), times a day or days a week, and
/// how it shares the count between the sides. Sets and frequency are
/// compared only where the source gives them (the seed articles give
/// neither: those are our defaults, not a source's dose).
pub fn differences(p: &Prescription, dose: &Dose) -> Vec<&'static str> {
    let mut out = Vec::new();
    if p.sets.is_some_and(|r| !r.contains(dose.sets)) {
        out.push("sets");
    }
    if !p.reps.contains(dose.reps) {
        out.push("reps");
    }
    if !p.hold.contains(dose.hold.unwrap_or(0)) {
        out.push("hold");
    }
    // A timed source's minutes, or minutes no source times.
    let minutes_differ = match (p.minutes, dose.minutes) {
        (Some(range), Some(n)) => !range.contains(n),
        (None, None) => false,
        _ => true,
    };
    if minutes_differ {
        out.push("minutes");
    }
    let sides_differ = matches!(
        (dose.side, p.sides),
        (Some(Side::Alternate), Some(Sides::Both))
            | (
                Some(Side::Both | Side::Left | Side::Right),
                Some(Sides::Alternate)
            )
    );
    if sides_differ {
        out.push("side");
    }
    let frequency_differs = match dose.frequency {
        Frequency::PerDay(n) => {
            p.per_day.is_some_and(|r| !r.contains(n))
                || dose
                    .days_a_week
                    .is_some_and(|w| p.per_week.is_some_and(|r| !r.contains(w)))
        }
        Frequency::PerWeek(n) => p.per_week.is_some_and(|r| !r.contains(n)),
    };
    if frequency_differs {
        out.push("frequency");
    }
    out
}

/// `None` when one of `entry`'s prescriptions holds `dose` as a whole;
/// else the nearest (fewest parts differing, the first in catalogue order
/// on a tie) and the parts that differ. Each field may lie within the
/// entry's limits while no source gives the combination: one source's
/// count with another's hold. A field the clinic limits is matched against
/// the clinic's range in every prescription (`limits::adjusted`).
pub fn unsourced<'a>(
    entry: &'a Entry,
    dose: &Dose,
) -> Option<(&'a Prescription, Vec<&'static str>)> {
    let mut nearest: Option<(&Prescription, Vec<&str>)> = None;
    for p in &entry.prescriptions {
        let differ = differences(&crate::limits::adjusted(entry, p), dose);
        if differ.is_empty() {
            return None;
        }
        if nearest.as_ref().is_none_or(|(_, d)| differ.len() < d.len()) {
            nearest = Some((p, differ));
        }
    }
    nearest
}

/// Seconds a repetition takes besides its hold: moving into the position
/// and out of it. Our estimate; no source times a repetition.
pub const REP_SECONDS: u64 = 4;

/// Seconds to change sides, once a set, where each side is done in turn.
/// Our estimate.
pub const SIDE_CHANGE_SECONDS: u64 = 10;

/// The most minutes a day a plan may take before check warns, unless the
/// clinic sets its own (`[defaults] minutes_a_day`). Our default: an hour
/// of home exercise a day is far more than the sources' routines (each a
/// few minutes) and a sign of a dose typed wrong.
pub const MINUTES_A_DAY: u32 = 60;

/// The time `dose` takes on a day it is done, in seconds: each repetition
/// its hold and `REP_SECONDS` (a timed bout: its minutes), on each side
/// where it is done on both (or alternating: N times each side, as the
/// daily total reads it), plus a change of sides a set.
pub fn seconds_a_day(dose: &Dose) -> u64 {
    let (sides, changes) = match dose.side {
        Some(Side::Both | Side::Alternate) => (2, 1),
        Some(Side::Left | Side::Right) | None => (1, 0),
    };
    let rep = match dose.minutes {
        Some(minutes) => 60 * u64::from(minutes),
        None => u64::from(dose.hold.unwrap_or(0)) + REP_SECONDS,
    };
    let set = u64::from(dose.reps) * rep * sides + changes * SIDE_CHANGE_SECONDS;
    u64::from(dose.sets) * set * u64::from(sessions(dose))
}

/// The minutes a day `doses` take together, rounded up: the day every
/// exercise is done (a days-a-week exercise counts on its days).
pub fn minutes_a_day<'a>(doses: impl IntoIterator<Item = &'a Dose>) -> u64 {
    doses
        .into_iter()
        .map(seconds_a_day)
        .sum::<u64>()
        .div_ceil(60)
}

#[cfg(test)]
mod tests {
    use super::{DAILY_MARGIN, Field, Verdict, caps, daily, daily_excess, largest_daily, verdict};
    use crate::catalogue::builtin;
    use crate::plan::{Dose, Frequency};

    fn dose(sets: u32, reps: u32, hold: Option<u32>, frequency: Frequency) -> Dose {
        Dose {
            sets,
            reps,
            hold,
            frequency,
            days_a_week: None,
            minutes: None,
            side: None,
        }
    }

    #[test]
    fn every_field_reads_back_from_its_key_with_its_cap() {
        for (field, cap) in [
            (Field::Sets, caps::SETS),
            (Field::Reps, caps::REPS),
            (Field::Hold, caps::HOLD),
            (Field::PerDay, caps::PER_DAY),
            (Field::PerWeek, caps::PER_WEEK),
            (Field::Minutes, caps::MINUTES),
        ] {
            assert_eq!(Field::from_key(field.key()), Some(field));
            assert_eq!(field.cap(), cap);
        }
        assert_eq!(Field::from_key("exceed"), None);
    }

    #[test]
    fn a_field_is_judged_against_its_own_limit_and_no_hold_is_always_right() {
        let catalogue = builtin().expect("built-in catalogue");
        let glides = catalogue.find("nerve glides").expect("an entry");
        let reps = &glides.limits.reps;
        assert_eq!(verdict(Field::Reps, reps.max, glides), Verdict::Within);
        assert_eq!(
            verdict(Field::Reps, reps.max + 1, glides),
            Verdict::Beyond(crate::limits::Applies::Catalogue(reps))
        );
        // The glides are never held: no hold is right, any hold is not.
        assert_eq!(verdict(Field::Hold, 0, glides), Verdict::Within);
        assert_eq!(verdict(Field::Hold, 5, glides), Verdict::NotApplicable);
    }

    #[test]
    fn a_days_total_counts_sets_reps_sessions_and_the_hold() {
        let total = daily(&dose(3, 10, Some(5), Frequency::PerDay(2)));
        assert_eq!((total.reps, total.hold), (60, 300));
        // A weekly plan is one session on the days it is done.
        let total = daily(&dose(2, 10, None, Frequency::PerWeek(3)));
        assert_eq!((total.reps, total.hold), (20, 0));
    }

    #[test]
    fn the_daily_total_may_reach_the_margin_times_the_largest_source_dose_and_no_more() {
        let catalogue = builtin().expect("built-in catalogue");
        let rotation = catalogue.find("spine stretch").expect("an entry");
        let (largest, _, _) = largest_daily(rotation);
        let allowed = DAILY_MARGIN * largest.reps;
        let at = |reps: u64| {
            let reps = u32::try_from(reps).expect("small");
            dose(1, reps, None, Frequency::PerDay(1))
        };
        assert!(daily_excess(rotation, &at(allowed)).is_empty());
        let over = daily_excess(rotation, &at(allowed + 1));
        assert_eq!(over.len(), 1);
        assert!(!over[0].is_hold);
        assert_eq!((over[0].total, over[0].allowed), (allowed + 1, allowed));
    }
}
