//! A new plan's starting dose for one exercise: the dose the article a
//! plan starts from prescribes (the low end of its ranges), else the
//! catalogue's recommended dose, each value with a comment saying where it
//! comes from, moved inside the clinic's own range where it sets one.
//!
//! Pure. `rx new` writes these values as TOML lines with their comments;
//! `rx serve`'s editor fills an added exercise's dose fields with them and
//! names the source.

use super::{Entry, Limit, Range, Sides};
use crate::dose::Field;

/// One value of a starting dose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    /// The plan key: a dose field's (`reps`), or `side`.
    pub key: &'static str,
    pub value: Value,
    /// Where the value comes from ("relieve: 8–12; allowed 5–15").
    pub comment: String,
}

/// A starting value, as a plan writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Number(u32),
    /// `side`'s word ("both", "alternate").
    Word(&'static str),
}

impl std::fmt::Display for Value {
    /// The TOML value: a bare number or a quoted word.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Number(n) => write!(f, "{n}"),
            Value::Word(w) => write!(f, "\"{w}\""),
        }
    }
}

/// A starting dose and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartingDose {
    /// The source the dose is taken from ("relieve"), or
    /// "recommended (...)" where no article given doses the exercise.
    pub whose: String,
    pub values: Vec<Start>,
}

/// `entry`'s dose as one of `from`'s articles prescribes it (none given:
/// the catalogue's recommended dose). Sets and frequency are the source's
/// own where it gives them, else the catalogue's recommendation.
pub fn starting_dose(entry: &Entry, from: &[String]) -> StartingDose {
    let limits = &entry.limits;
    let (p, whose) = match entry.prescription_from(from) {
        Some(p) => (p, p.label()),
        // Added by name: no article chosen.
        None if from.is_empty() => (
            entry.recommended_prescription(),
            format!("recommended ({})", entry.recommended_prescription().label()),
        ),
        None => (
            entry.recommended_prescription(),
            format!(
                "not in this routine's article; recommended ({})",
                entry.recommended_prescription().label()
            ),
        ),
    };
    let mut values = Vec::new();
    // The catalogue's range, where it is wider than this source's.
    let allowed = |limit: &Limit, own: Range| {
        if (limit.min, limit.max) == (own.min, own.max) {
            String::new()
        } else {
            format!("; allowed {}", limit.range())
        }
    };
    let sourced = |values: &mut Vec<Start>, field: Field, own: Range, limit: &Limit| {
        let comment = format!("{whose}: {}{}", own.range(), allowed(limit, own));
        values.push(dose(entry, field, own.min, comment));
    };
    match p.sets {
        Some(sets) => sourced(&mut values, Field::Sets, sets, &limits.sets),
        None => values.push(recommended(entry, Field::Sets, &limits.sets)),
    }
    let (reps, hold) = entry.starting(p);
    let comment = format!(
        "{whose}: {}{}",
        p.reps.range(),
        allowed(&limits.reps, p.reps)
    );
    values.push(dose(entry, Field::Reps, reps, comment));
    if let Some(limit) = &limits.hold {
        let said = if p.hold.max == 0 {
            "no hold".to_owned()
        } else {
            format!("{} seconds", p.hold.range())
        };
        let comment = format!("{whose}: {said}{}", allowed(limit, p.hold));
        values.push(dose(entry, Field::Hold, hold, comment));
    }
    // A timed source's time; a counted one writes none.
    if let (Some(minutes), Some(limit)) = (p.minutes, &limits.minutes) {
        let comment = format!(
            "{whose}: {} minutes{}",
            minutes.range(),
            allowed(limit, minutes)
        );
        values.push(dose(entry, Field::Minutes, minutes.min, comment));
    }
    match (p.per_day, p.per_week) {
        (Some(day), _) => sourced(&mut values, Field::PerDay, day, &limits.per_day),
        (None, Some(week)) => sourced(&mut values, Field::PerWeek, week, &limits.per_week),
        (None, None) => match (limits.per_day.recommended, limits.per_week.recommended) {
            (Some(_), _) => values.push(recommended(entry, Field::PerDay, &limits.per_day)),
            _ => values.push(recommended(entry, Field::PerWeek, &limits.per_week)),
        },
    }
    if entry.per_side.value {
        let (side, said) = match p.sides {
            Some(Sides::Alternate) => ("alternate", "alternating sides"),
            _ => ("both", "each side"),
        };
        values.push(Start {
            key: "side",
            value: Value::Word(side),
            comment: format!("{whose}: {said}; or \"left\" / \"right\""),
        });
    }
    StartingDose { whose, values }
}

/// A field no source gives: the catalogue's recommendation.
fn recommended(entry: &Entry, field: Field, limit: &Limit) -> Start {
    let value = limit.recommended.unwrap_or(limit.min);
    dose(entry, field, value, format!("allowed {}", limit.range()))
}

/// A dose field's value, `comment` saying where it comes from. Where the
/// clinic sets its own range for the field (`[limits.ID]`), the value is
/// moved into it (to its nearer end) and the comment names the clinic's
/// range, where it was written and its basis: a new plan starts inside the
/// clinic's protocol, which `rx check` holds it to.
fn dose(entry: &Entry, field: Field, value: u32, comment: String) -> Start {
    let key = field.key();
    let Some(clinic) = crate::limits::clinic(entry, field) else {
        return Start {
            key,
            value: Value::Number(value),
            comment,
        };
    };
    let inside = value.clamp(clinic.range.min, clinic.range.max);
    let basis = clinic
        .basis
        .as_ref()
        .map_or("within the sources' range".to_owned(), |b| {
            format!("basis \"{b}\"")
        });
    Start {
        key,
        value: Value::Number(inside),
        comment: format!(
            "{}: {}, {basis}; {comment}",
            clinic.cite(),
            clinic.range.range()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{Value, starting_dose};

    /// A routine's article gives the dose, and the source is named; an
    /// exercise added by name starts at the recommended dose, said so.
    #[test]
    fn a_starting_dose_names_the_source_it_comes_from() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let routine = &catalogue.routines()[0];
        let entry = catalogue
            .find(&routine.exercises[0])
            .expect("a routine's exercise is in the catalogue");
        let own = entry
            .prescription_from(&routine.from)
            .expect("the routine's article doses its exercise");
        let dose = starting_dose(entry, &routine.from);
        assert_eq!(dose.whose, own.label());
        let reps = dose.values.iter().find(|s| s.key == "reps").expect("reps");
        assert_eq!(reps.value, Value::Number(entry.starting(own).0));
        let by_name = starting_dose(entry, &[]);
        assert!(
            by_name.whose.starts_with("recommended ("),
            "{}",
            by_name.whose
        );
    }
}
