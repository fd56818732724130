//! A clinic's own dose limits, and the one answer to "which limit applies
//! to this field of this exercise, and where does it come from".
//!
//! A clinic writes `[limits.ID]` tables in its settings file or its clinic
//! catalogue: any dose field as `[min, max]`, and a `basis` saying whose
//! protocol it is. Reading is in two steps. `raw` reads the tables' shape
//! where the file is read (unknown fields with a "did you mean", `[min,
//! max]` pairs, a text basis), so `rx config` can show them; `apply` checks
//! them against the loaded catalogue (an exercise it has, a field that
//! applies, within the hard caps, a `basis` where the range reaches beyond
//! the catalogue's own limit) and attaches each to its entry with the file
//! and line it came from. Check, `rx catalogue`, the booklet and `dose`
//! read the result only through `Applies`.
//!
//! A clinic limit takes the place of the field's range in every source's
//! prescription: a dose is still sourced as a whole, by a source's other
//! fields and the clinic's range for this one.

use std::fmt;

use serde::Serialize;
use toml_edit::TableLike;

use crate::catalogue::{Catalogue, Entry, Limit, Prescription, Range};
use crate::diag::{Code, Diagnostic, SourceFile, Span};
use crate::dose::Field;
use crate::fields::Spanned;
use crate::fields::toml::Reader;
use crate::suggest;

/// The keys of one `[limits.ID]` table: the dose fields and `basis`.
const KEYS: &[&str] = &[
    "sets", "reps", "hold", "per_day", "per_week", "minutes", "basis",
];

/// Characters in a basis: a protocol's name and date, a sentence.
const BASIS: usize = 200;

/// A `[limits.ID]` field as written, before the catalogue is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLimit {
    /// The exercise as written (an id, name or alias), at the table's name.
    pub exercise: Spanned<String>,
    pub field: Field,
    /// `[min, max]`, at the array.
    pub range: Spanned<Range>,
    /// The table's `basis`, on each of its fields.
    pub basis: Option<Spanned<String>>,
}

/// Where a clinic limit was written: "rx.toml:12".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A clinic's own range for one field of one exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicLimit {
    #[serde(skip)]
    pub field: Field,
    pub range: Range,
    /// Why the clinic doses differently: needed where the range reaches
    /// beyond the catalogue's limit.
    pub basis: Option<String>,
    pub place: Place,
}

impl ClinicLimit {
    /// "clinic limit (rx.toml:12)".
    pub fn cite(&self) -> String {
        format!("clinic limit ({})", self.place)
    }
}

/// The limit a written field is checked against: the catalogue's (the span
/// of its sources' ranges, or our default), or the clinic's in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies<'a> {
    Catalogue(&'a Limit),
    Clinic(&'a ClinicLimit),
}

impl Applies<'_> {
    pub fn range(&self) -> Range {
        match self {
            Applies::Catalogue(limit) => limit.span(),
            Applies::Clinic(clinic) => clinic.range,
        }
    }

    /// "catalogue" or "clinic", as a diagnostic names the limit.
    pub fn whose(&self) -> &'static str {
        match self {
            Applies::Catalogue(_) => "catalogue",
            Applies::Clinic(_) => "clinic",
        }
    }

    /// Where the limit comes from, in words: `limit from "Title"` (with
    /// the catalogue's note), or `clinic limit (rx.toml:12): basis`.
    pub fn cite(&self, catalogue: &Catalogue) -> String {
        match self {
            Applies::Catalogue(limit) => {
                let mut out = format!("limit {}", catalogue.cite(&limit.origin));
                if let Some(extra) = &limit.note {
                    out.push_str(&format!(" ({extra})"));
                }
                out
            }
            Applies::Clinic(clinic) => match &clinic.basis {
                Some(basis) => format!("{}: \"{basis}\"", clinic.cite()),
                None => format!("{}, within the sources' range", clinic.cite()),
            },
        }
    }
}

/// The clinic's limit for `field` of `entry`, if it sets one.
pub fn clinic(entry: &Entry, field: Field) -> Option<&ClinicLimit> {
    entry.clinic.iter().find(|c| c.field == field)
}

/// The limit `field` of `entry` is checked against: the clinic's where it
/// sets one, else the catalogue's; `None` for a hold on an exercise no
/// source holds and the clinic gives no hold limit.
pub fn applies(entry: &Entry, field: Field) -> Option<Applies<'_>> {
    match clinic(entry, field) {
        Some(clinic) => Some(Applies::Clinic(clinic)),
        None => field.limit(&entry.limits).map(Applies::Catalogue),
    }
}

/// One field's limits as `rx catalogue ID` shows them, text and JSON:
/// each source's own range, the catalogue's limit, the clinic's, and which
/// of the two applies.
#[derive(Debug, Clone, Serialize)]
pub struct Shown<'a> {
    pub field: &'static str,
    /// Each source's range for the field, where it gives one.
    pub sources: Vec<SourceRange>,
    /// `None`: a hold on an exercise no source holds.
    pub catalogue: Option<&'a Limit>,
    pub clinic: Option<&'a ClinicLimit>,
    /// "clinic", "catalogue", or "none" (no hold limit at all).
    pub applies: &'static str,
}

/// One source's range for a field.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRange {
    pub from: String,
    #[serde(flatten)]
    pub range: Range,
}

/// Every field's limits of `entry`, in a plan's order.
pub fn shown(entry: &Entry) -> Vec<Shown<'_>> {
    Field::ALL
        .into_iter()
        .map(|field| {
            let sources = entry
                .prescriptions
                .iter()
                .filter_map(|p| {
                    let range = match field {
                        Field::Sets => p.sets,
                        Field::Reps => Some(p.reps),
                        Field::Hold => Some(p.hold),
                        Field::PerDay => p.per_day,
                        Field::PerWeek => p.per_week,
                        Field::Minutes => p.minutes,
                    };
                    range.map(|range| SourceRange {
                        from: p.label(),
                        range,
                    })
                })
                .collect();
            Shown {
                field: field.key(),
                sources,
                catalogue: field.limit(&entry.limits),
                clinic: clinic(entry, field),
                applies: applies(entry, field).map_or("none", |a| a.whose()),
            }
        })
        .collect()
}

/// `p` with the clinic's range in place of its own for each field the
/// clinic limits: the prescription a dose is matched against as a whole.
pub fn adjusted(entry: &Entry, p: &Prescription) -> Prescription {
    let mut out = p.clone();
    for clinic in &entry.clinic {
        let range = Some(clinic.range);
        match clinic.field {
            Field::Sets => out.sets = range,
            Field::Reps => out.reps = clinic.range,
            Field::Hold => out.hold = clinic.range,
            Field::PerDay => out.per_day = range,
            Field::PerWeek => out.per_week = range,
            Field::Minutes => out.minutes = range,
        }
    }
    out
}

/// The `[limits.ID]` tables of a settings file or clinic catalogue's root,
/// as written; each problem of shape is reported to `reader`.
pub fn raw(reader: &mut Reader, root: &dyn TableLike) -> Vec<RawLimit> {
    let mut out = Vec::new();
    let Some(limits) = reader.table(root, "limits") else {
        return out;
    };
    for (id, _) in limits.iter() {
        let at = limits
            .get_key_value(id)
            .and_then(|(k, _)| k.span().map(Span::from));
        let Some(table) = reader.table(limits, id) else {
            continue;
        };
        reader.only_keys(
            table,
            KEYS,
            &format!("[limits.{}]", crate::fields::shorten(id)),
        );
        let basis = reader.line(table, "basis");
        if let Some(b) = &basis {
            basis_shape(reader, b);
        }
        for field in Field::ALL {
            if let Some(range) = pair(reader, table, field.key()) {
                out.push(RawLimit {
                    exercise: Spanned {
                        value: id.to_owned(),
                        span: at.clone(),
                    },
                    field,
                    range,
                    basis: basis.clone(),
                });
            }
        }
    }
    out
}

/// A basis is said, not left blank, and fits on a line of the booklet.
fn basis_shape(reader: &mut Reader, basis: &Spanned<String>) {
    let n = basis.value.chars().count();
    if crate::fields::is_blank(&basis.value) {
        reader.push(
            Diagnostic::error(Code::BadClinicLimit, "`basis` is empty")
                .at(basis.span.clone())
                .label("say whose protocol the range is"),
        );
    } else if n > BASIS {
        reader.push(
            Diagnostic::error(
                Code::TooLarge,
                format!("`basis` is {n} characters; at most {BASIS}"),
            )
            .at(basis.span.clone())
            .label("name the protocol; the details belong in it"),
        );
    }
}

/// `key = [min, max]`: two whole numbers, the first not above the second.
fn pair(reader: &mut Reader, table: &dyn TableLike, key: &str) -> Option<Spanned<Range>> {
    let item = table.get(key)?;
    let span = item.span().map(Span::from);
    let numbers: Option<Vec<i64>> = item
        .as_array()
        .filter(|a| a.len() == 2)
        .map(|a| a.iter().map(toml_edit::Value::as_integer).collect())
        .and_then(|n: Vec<Option<i64>>| n.into_iter().collect());
    let Some([min, max]) = numbers.as_deref().map(|n| [n[0], n[1]]) else {
        reader.wrong_type(item, key, "[min, max], two whole numbers");
        return None;
    };
    let whole = |n: i64| u32::try_from(n).ok();
    match (whole(min), whole(max)) {
        (Some(min), Some(max)) if min <= max => Some(Spanned {
            value: Range { min, max },
            span,
        }),
        (Some(min), Some(max)) => {
            reader.push(
                Diagnostic::error(
                    Code::BadClinicLimit,
                    format!("`{key}`: the upper bound {max} is below the lower bound {min}"),
                )
                .at(span)
                .label("write [min, max]"),
            );
            None
        }
        _ => {
            reader.push(
                Diagnostic::error(
                    Code::BadClinicLimit,
                    format!("`{key}`: [{min}, {max}] is not a range of whole numbers from 0"),
                )
                .at(span)
                .label("write [min, max]"),
            );
            None
        }
    }
}

/// The `[limits.ID]` tables of a clinic catalogue's text (read again here:
/// the catalogue loader leaves them to `apply`, which needs the file's name).
pub fn read(text: &str) -> Result<Vec<RawLimit>, Vec<Diagnostic>> {
    let doc = crate::fields::toml::document(text).map_err(|d| vec![*d])?;
    let mut reader = Reader::default();
    let limits = raw(&mut reader, doc.as_table());
    if reader.diagnostics.is_empty() {
        Ok(limits)
    } else {
        Err(reader.diagnostics)
    }
}

/// Check `limits`, written in `file`, against `catalogue` and attach each to
/// its entry, replacing a limit an earlier file gave the same field (the
/// settings file is applied after the clinic catalogue, so its limits win).
/// Every problem is a diagnostic located in `file`; with any, nothing is
/// attached.
pub fn apply(
    catalogue: &mut Catalogue,
    limits: &[RawLimit],
    file: &SourceFile,
) -> Result<(), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut accepted = Vec::new();
    for raw in limits {
        let Some(entry) = catalogue.find(&raw.exercise.value) else {
            diagnostics.push(unknown(raw, catalogue));
            continue;
        };
        match check(entry, raw) {
            Ok(()) => {
                let line = match &raw.range.span {
                    Some(Span::Bytes(r)) => file.line_col(r.start).0,
                    _ => 0,
                };
                let limit = ClinicLimit {
                    field: raw.field,
                    range: raw.range.value,
                    basis: raw.basis.as_ref().map(|b| b.value.clone()),
                    place: Place {
                        file: file.name.clone(),
                        line,
                    },
                };
                accepted.push((entry.id.clone(), limit));
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    if !diagnostics.is_empty() {
        crate::diag::sort(&mut diagnostics);
        // A problem reported once per table, not once per field.
        diagnostics.dedup();
        return Err(diagnostics);
    }
    for (id, limit) in accepted {
        catalogue.set_clinic_limit(&id, limit);
    }
    Ok(())
}

/// An exercise the catalogue does not have, with the nearest it does.
fn unknown(raw: &RawLimit, catalogue: &Catalogue) -> Diagnostic {
    let shown = crate::fields::shorten(&raw.exercise.value);
    let d = Diagnostic::error(
        Code::UnknownLimitExercise,
        format!("`[limits.{shown}]`: no exercise \"{shown}\" in the catalogue"),
    )
    .at(raw.exercise.span.clone())
    .label("not in the catalogue");
    match suggest::did_you_mean(&catalogue.suggest(&raw.exercise.value)) {
        Some(help) => d.help(help),
        None => d.help("`rx catalogue` lists every exercise"),
    }
}

/// One clinic limit against its entry: within the field's hard cap (and
/// from 1, but a hold from 0), a hold only on an exercise that is held or
/// with a basis, and a basis wherever the range reaches beyond the
/// catalogue's own limit.
fn check(entry: &Entry, raw: &RawLimit) -> Result<(), Box<Diagnostic>> {
    let field = raw.field;
    let Range { min, max } = raw.range.value;
    let id = &entry.id;
    let key = field.key();
    let lowest = u32::from(field != Field::Hold);
    if max > field.cap() || min < lowest {
        let why = if max > field.cap() {
            format!("above the hard cap of {}", field.cap())
        } else {
            format!("below {lowest}")
        };
        return Err(Box::new(
            Diagnostic::error(
                Code::BadClinicLimit,
                format!("`[limits.{id}]` `{key}` [{min}, {max}] reaches {why}"),
            )
            .at(raw.range.span.clone())
            .label(format!("{key} may be {lowest} to {}", field.cap()))
            .note("no plan may go beyond a hard cap, whatever its limit"),
        ));
    }
    let own = field.limit(&entry.limits);
    let within = own.is_some_and(|l| l.contains(min) && l.contains(max));
    if !within && raw.basis.is_none() {
        let beyond = match own {
            Some(l) => format!(
                "reaches beyond the catalogue's {} ({})",
                l.range(),
                match &l.origin {
                    crate::catalogue::Origin::From(ids) => ids.join(", "),
                    crate::catalogue::Origin::Default(_) => "our default".to_owned(),
                }
            ),
            None if field == Field::Minutes => "times an exercise no source times".to_owned(),
            None => "gives a hold no source gives".to_owned(),
        };
        return Err(Box::new(
            Diagnostic::error(
                Code::NoBasis,
                format!("`[limits.{id}]` `{key}` [{min}, {max}] {beyond}, with no `basis`"),
            )
            .at(raw.range.span.clone())
            .label("beyond every source's prescription")
            .help(format!(
                "say whose protocol it is: `basis = \"<protocol, date>\"` under [limits.{}]",
                raw.exercise.value
            )),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Applies, applies, apply, read};
    use crate::catalogue::builtin;
    use crate::diag::{Code, SourceFile};
    use crate::dose::Field;

    fn applied(text: &str) -> Result<crate::catalogue::Catalogue, Vec<Code>> {
        let mut catalogue = builtin().expect("built-in catalogue");
        let file = SourceFile::new("rx.toml", text);
        let raw = read(text).map_err(|ds| ds.iter().map(|d| d.code).collect::<Vec<_>>())?;
        apply(&mut catalogue, &raw, &file)
            .map_err(|ds| ds.iter().map(|d| d.code).collect::<Vec<_>>())?;
        Ok(catalogue)
    }

    #[test]
    fn a_clinic_limit_applies_in_place_of_the_catalogues_with_its_line() {
        let catalogue =
            applied("\n[limits.bridge]\nreps = [8, 15]\nbasis = \"Riverside protocol\"\n")
                .expect("valid");
        let bridge = catalogue.find("bridge").expect("an entry");
        let Some(Applies::Clinic(clinic)) = applies(bridge, Field::Reps) else {
            panic!("the clinic's reps limit applies");
        };
        assert_eq!((clinic.range.min, clinic.range.max), (8, 15));
        assert_eq!(clinic.place.to_string(), "rx.toml:3");
        assert!(matches!(
            applies(bridge, Field::Sets),
            Some(Applies::Catalogue(_))
        ));
    }

    #[test]
    fn a_range_within_the_catalogues_limit_needs_no_basis_and_one_beyond_it_does() {
        let bridge = builtin().expect("catalogue");
        let reps = &bridge.find("bridge").expect("an entry").limits.reps;
        let within = format!("[limits.bridge]\nreps = [{}, {}]\n", reps.min, reps.max);
        assert!(applied(&within).is_ok());
        let beyond = format!("[limits.bridge]\nreps = [{}, {}]\n", reps.min, reps.max + 1);
        assert_eq!(applied(&beyond).err(), Some(vec![Code::NoBasis]));
    }

    #[test]
    fn a_clinic_limit_beyond_a_hard_cap_or_for_no_exercise_is_refused() {
        let over = format!(
            "[limits.bridge]\nreps = [8, {}]\nbasis = \"b\"\n",
            crate::dose::caps::REPS + 1
        );
        assert_eq!(applied(&over).err(), Some(vec![Code::BadClinicLimit]));
        assert_eq!(
            applied("[limits.bridje]\nreps = [8, 10]\n").err(),
            Some(vec![Code::UnknownLimitExercise])
        );
        assert_eq!(
            applied("[limits.bridge]\nrep = [8, 10]\n").err(),
            Some(vec![Code::UnknownKey])
        );
        assert_eq!(
            applied("[limits.bridge]\nreps = [12, 8]\n").err(),
            Some(vec![Code::BadClinicLimit])
        );
    }
}
