//! `[exercise.limits]`: each dose field's `min`, `max`, `recommended`,
//! origin and note, and the reps, hold and minutes limits derived from an
//! exercise's prescriptions. FORMAT.md's rules: every limit within the
//! plan's hard cap for its field; `min` <= `recommended` <= `max`; sets, reps
//! and any hold recommend a dose, and exactly one of `per_day`/`per_week`
//! does; reps and hold come from the prescriptions or from this table, not
//! both; each source's own sets and frequency lie within the limit.

use toml_edit::TableLike;

use super::Loader;
use crate::catalogue::{Limit, Limits, Origin, Prescription, Range};
use crate::diag::{Code, Diagnostic, Span};
use crate::dose::Field;
use crate::fields::Spanned;

const LIMIT_FIELDS: &[&str] = &["sets", "reps", "hold", "per_day", "per_week"];

const LIMIT_KEYS: &[&str] = &["min", "max", "recommended", "from", "default", "note"];

/// The plan's hard cap on a dose field (`dose::caps`): no catalogue limit
/// or recommendation may go beyond what a plan could ever hold. Called with
/// keys from `LIMIT_FIELDS`; any other key has no room at all.
fn cap(field: &str) -> u32 {
    Field::from_key(field).map_or(0, Field::cap)
}

impl Loader<'_> {
    /// A positive whole number no larger than `field`'s hard cap.
    fn capped(&mut self, table: &dyn TableLike, key: &str, field: &str) -> Option<Spanned<u32>> {
        let n = self.reader.count(table, key, u32::MAX)?;
        self.within_cap(n, key, field)
    }

    /// `n` if within `field`'s hard cap; otherwise an error at `n`.
    pub(super) fn within_cap(
        &mut self,
        n: Spanned<u32>,
        key: &str,
        field: &str,
    ) -> Option<Spanned<u32>> {
        let cap = cap(field);
        if n.value <= cap {
            return Some(n);
        }
        self.reader.push(
            Diagnostic::error(
                Code::BadCatalogue,
                format!(
                    "`{field}`: {key} {} is above the plan's hard cap of {cap}",
                    n.value
                ),
            )
            .at(n.span)
            .label(format!("at most {cap}"))
            .note("a catalogue limit or recommended dose must be one a plan could hold"),
        );
        None
    }

    fn limit(&mut self, table: &dyn TableLike, field: &str, span: Option<Span>) -> Option<Limit> {
        self.reader
            .only_keys(table, LIMIT_KEYS, &format!("the `{field}` limit"));
        let min = self.capped(table, "min", field);
        let max = self.capped(table, "max", field);
        let recommended = self.capped(table, "recommended", field);
        let note = self.reader.text(table, "note").map(|n| n.value);
        let origin = self.origin(table, span.clone());
        let (Some(min), Some(max)) = (min, max) else {
            // A number given but refused is reported already.
            if table.get("min").is_none() || table.get("max").is_none() {
                self.error(span, format!("the `{field}` limit needs `min` and `max`"));
            }
            return None;
        };
        if min.value > max.value {
            self.error(
                max.span,
                format!("`{field}`: max {} is below min {}", max.value, min.value),
            );
            return None;
        }
        if let Some(r) = &recommended
            && !(min.value..=max.value).contains(&r.value)
        {
            self.error(
                r.span.clone(),
                format!(
                    "`{field}`: recommended {} is outside {}–{}",
                    r.value, min.value, max.value
                ),
            );
            return None;
        }
        Some(Limit {
            min: min.value,
            max: max.value,
            recommended: recommended.map(|r| r.value),
            origin: origin?,
            note,
        })
    }

    /// `[exercise.limits]`. With prescriptions, reps and hold come from
    /// them (`derived`) and the table gives only sets and frequency; without,
    /// the table's reps and hold limits are the exercise's one prescription.
    pub(super) fn limits(
        &mut self,
        entry: &dyn TableLike,
        span: Option<Span>,
        derived: Option<(Limit, Option<Limit>)>,
    ) -> Option<Limits> {
        let Some(table) = self.reader.table(entry, "limits") else {
            self.error(span, "exercise without `limits`");
            return None;
        };
        self.reader
            .only_keys(table, LIMIT_FIELDS, "[exercise.limits]");
        let read = |loader: &mut Loader, field: &str| -> Option<Limit> {
            let item_span = table.get(field).and_then(|i| i.span().map(Span::from));
            let sub = loader.reader.table(table, field)?;
            loader.limit(sub, field, item_span)
        };
        let mut ok = true;
        if derived.is_some() {
            for field in ["reps", "hold"] {
                if let Some(item) = table.get(field) {
                    self.error(
                        item.span().map(Span::from),
                        format!(
                            "`{field}` comes from the `[[exercise.prescription]]` tables; remove this limit"
                        ),
                    );
                    ok = false;
                }
            }
        }
        let sets = read(self, "sets");
        let (reps, hold) = match derived {
            Some((reps, hold)) => (Some(reps), hold),
            None => (read(self, "reps"), read(self, "hold")),
        };
        let per_day = read(self, "per_day");
        let per_week = read(self, "per_week");
        for (field, limit) in [
            ("sets", &sets),
            ("reps", &reps),
            ("per_day", &per_day),
            ("per_week", &per_week),
        ] {
            if limit.is_some() {
                continue;
            }
            if table.get(field).is_none() {
                let what = if field == "reps" {
                    "missing the `reps` limit (or `[[exercise.prescription]]` tables)".to_owned()
                } else {
                    format!("missing the `{field}` limit")
                };
                self.error(span.clone(), what);
            }
            ok = false;
        }
        if table.get("hold").is_some() && hold.is_none() && ok {
            ok = false;
        }
        if !ok {
            return None;
        }
        let limits = Limits {
            sets: sets?,
            reps: reps?,
            hold,
            per_day: per_day?,
            per_week: per_week?,
            minutes: None,
        };
        self.recommends(table, span, &limits).then_some(limits)
    }

    /// Whether `limits` recommend a dose where a plan needs one: for sets,
    /// reps and any hold, and for exactly one of per_day and per_week.
    fn recommends(&mut self, table: &dyn TableLike, span: Option<Span>, limits: &Limits) -> bool {
        for (field, limit) in [
            ("sets", Some(&limits.sets)),
            ("reps", Some(&limits.reps)),
            ("hold", limits.hold.as_ref()),
        ] {
            if limit.is_some_and(|l| l.recommended.is_none()) {
                self.error(
                    table.get(field).and_then(|i| i.span().map(Span::from)),
                    format!("the `{field}` limit needs a `recommended` dose"),
                );
                return false;
            }
        }
        if limits.per_day.recommended.is_some() == limits.per_week.recommended.is_some() {
            self.error(
                span,
                "exactly one of the `per_day` and `per_week` limits must have `recommended`",
            );
            return false;
        }
        true
    }

    /// Each source's own sets, times a day and days a week must lie within
    /// the entry's limit for the field, as its reps and hold do (those
    /// limits are derived from the prescriptions), so a source's dose as
    /// written always passes.
    pub(super) fn within_limits(&mut self, limits: &Limits) {
        for (key, range, at) in std::mem::take(&mut self.frequencies) {
            let limit = match key {
                "sets" => &limits.sets,
                "per_day" => &limits.per_day,
                _ => &limits.per_week,
            };
            if !(limit.contains(range.min) && limit.contains(range.max)) {
                self.reader.push(
                    Diagnostic::error(
                        Code::BadCatalogue,
                        format!(
                            "`{key}` {} of a prescription is outside the `{key}` limit {}",
                            range.range(),
                            limit.range()
                        ),
                    )
                    .at(at)
                    .label(format!("the limit allows {}", limit.range()))
                    .help(format!(
                        "widen the `{key}` limit in [exercise.limits] to span every source's value"
                    )),
                );
            }
        }
    }
}

/// The reps and hold limits that span every prescription's own range, so
/// each source's literal dose passes; the recommended one's low end is the
/// dose a plan gets when it leaves a field out. No hold limit when no
/// prescription holds.
pub(super) fn spans(
    given: &[(Prescription, String)],
    recommended: usize,
) -> (Limit, Option<Limit>) {
    let ids: Vec<String> = given
        .iter()
        .map(|(_, id)| id.clone())
        .fold(Vec::new(), |mut v, id| {
            if !v.contains(&id) {
                v.push(id);
            }
            v
        });
    let start = &given[recommended.min(given.len() - 1)].0;
    let each = |f: &dyn Fn(&Prescription) -> String| {
        given
            .iter()
            .map(|(p, id)| format!("{id}: {}", f(p)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let reps = Limit {
        min: given.iter().map(|(p, _)| p.reps.min).min().unwrap_or(1),
        max: given.iter().map(|(p, _)| p.reps.max).max().unwrap_or(1),
        recommended: Some(start.reps.min),
        origin: Origin::From(ids.clone()),
        note: Some(each(&|p| p.reps.range())),
    };
    let hold_max = given.iter().map(|(p, _)| p.hold.max).max().unwrap_or(0);
    let hold = (hold_max > 0).then(|| Limit {
        min: given.iter().map(|(p, _)| p.hold.min).min().unwrap_or(0),
        max: hold_max,
        recommended: Some(start.hold.min),
        origin: Origin::From(ids),
        note: Some(each(&|p| {
            if p.hold.max == 0 {
                "no hold".to_owned()
            } else {
                format!("{} seconds", p.hold.range())
            }
        })),
    });
    (reps, hold)
}

/// The minutes limit of a timed exercise: the span of its timed sources'
/// minutes (the others count, not time); `None` when no source times it.
/// The recommended one's low end, else the first timed source's, is the
/// time a plan gets when it leaves `minutes` out.
pub(super) fn minutes_span(given: &[(Prescription, String)], recommended: usize) -> Option<Limit> {
    let timed: Vec<(Range, &String)> = given
        .iter()
        .filter_map(|(p, id)| p.minutes.map(|m| (m, id)))
        .collect();
    let (first, _) = timed.first()?;
    let start = given
        .get(recommended)
        .and_then(|(p, _)| p.minutes)
        .unwrap_or(*first);
    let mut ids: Vec<String> = Vec::new();
    for (_, id) in &timed {
        if !ids.contains(id) {
            ids.push((*id).clone());
        }
    }
    let note = timed
        .iter()
        .map(|(m, id)| format!("{id}: {} minutes", m.range()))
        .collect::<Vec<_>>()
        .join("; ");
    Some(Limit {
        min: timed.iter().map(|(m, _)| m.min).min().unwrap_or(1),
        max: timed.iter().map(|(m, _)| m.max).max().unwrap_or(1),
        recommended: Some(start.min),
        origin: Origin::From(ids),
        note: Some(note),
    })
}
