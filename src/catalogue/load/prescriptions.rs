//! `[[exercise.prescription]]`: each source's own dose (count, hold, sets,
//! times a day and a week, minutes a bout), its side, note, reading, words
//! and own steps; which prescription a plan starts from (`recommended`);
//! and the one prescription an exercise with plain limits has. FORMAT.md's
//! rules: `from` names one source (or the file's one source); `reps` and
//! `hold` are given, each a whole number or `[min, max]` within the hard
//! cap; `side` on per-side exercises only; a prescription's own steps have
//! as many translations as English ones; with several prescriptions
//! `recommended` names one.

use std::collections::BTreeMap;

use toml_edit::TableLike;

use super::Loader;
use crate::catalogue::{Limits, Origin, PerSide, Prescription, Range, Sides, translations};
use crate::diag::Span;
use crate::fields::Spanned;

const PRESCRIPTION_KEYS: &[&str] = &[
    "from", "reps", "hold", "side", "sets", "per_day", "per_week", "minutes", "note", "reading",
    "words", "steps",
];

/// The parts of a dose a source's `words` may give.
const WORDS_KEYS: &[&str] = &["count", "hold", "hold_time", "minutes"];

/// The fields a prescription may give that the limits table holds: each
/// prescription's range must lie within the limit.
const SOURCE_FREQUENCY: [&str; 3] = ["sets", "per_day", "per_week"];

impl Loader<'_> {
    /// A count or hold as a source gives it: `6` or `[6, 8]`, within the
    /// field's hard cap; `zero` allows 0 (no hold).
    fn range(&mut self, table: &dyn TableLike, key: &str, zero: bool) -> Option<Range> {
        let item = table.get(key)?;
        let span = item.span().map(Span::from);
        let numbers: Vec<Spanned<u32>> = if let Some(n) = item.as_integer() {
            vec![self.whole(n, key, zero, span.clone())?]
        } else if let Some(array) = item.as_array().filter(|a| a.len() == 2) {
            let mut out = Vec::new();
            for value in array.iter() {
                let at = value.span().map(Span::from);
                let Some(n) = value.as_integer() else {
                    self.reader
                        .wrong_type(item, key, "a whole number or [min, max]");
                    return None;
                };
                out.push(self.whole(n, key, zero, at)?);
            }
            out
        } else {
            self.reader
                .wrong_type(item, key, "a whole number or [min, max]");
            return None;
        };
        let (min, max) = (numbers[0].value, numbers[numbers.len() - 1].value);
        if min > max {
            self.error(span, format!("`{key}`: {max} is below {min}"));
            return None;
        }
        Some(Range { min, max })
    }

    /// One number of a prescription: positive (or 0 with `zero`), within cap.
    fn whole(&mut self, n: i64, key: &str, zero: bool, span: Option<Span>) -> Option<Spanned<u32>> {
        let n = match crate::fields::whole(key, n, u32::from(!zero), u32::MAX, span) {
            Ok(n) => n,
            Err(d) => {
                self.reader.push(*d);
                return None;
            }
        };
        self.within_cap(n, key, key)
    }

    /// A prescription's `words`: `count` and `hold` in English, and the
    /// same under a language's code (`es = { count = "..." }`).
    fn words(
        &mut self,
        table: &dyn TableLike,
    ) -> BTreeMap<crate::lang::Language, crate::catalogue::Words> {
        let mut out = BTreeMap::new();
        let Some(words) = self.reader.table(table, "words") else {
            return out;
        };
        let codes: Vec<&str> = crate::lang::Language::all()
            .filter(|l| *l != crate::lang::Language::ENGLISH)
            .map(|l| l.code())
            .collect();
        let keys: Vec<&str> = WORDS_KEYS.iter().copied().chain(codes).collect();
        self.reader.only_keys(words, &keys, "`words`");
        for language in crate::lang::Language::all() {
            let inner = if language == crate::lang::Language::ENGLISH {
                Some(words)
            } else {
                self.reader.table(words, language.code())
            };
            let Some(inner) = inner else { continue };
            if language != crate::lang::Language::ENGLISH {
                self.reader
                    .only_keys(inner, WORDS_KEYS, &format!("`words.{}`", language.code()));
            }
            let mut read = |key| self.reader.line(inner, key).map(|t| t.value);
            let said = crate::catalogue::Words {
                count: read("count"),
                hold: read("hold"),
                hold_time: read("hold_time"),
                minutes: read("minutes"),
            };
            if said.count.is_some() || said.hold.is_some() || said.minutes.is_some() {
                out.insert(language, said);
            }
        }
        out
    }

    /// A prescription's own `steps` (English) and their translations
    /// (`es = { steps = [...] }`), each as many as the English.
    fn prescription_steps(
        &mut self,
        table: &dyn TableLike,
        span: Option<Span>,
    ) -> BTreeMap<crate::lang::Language, Vec<String>> {
        let mut out = BTreeMap::new();
        let english = self.texts(table, "steps");
        if english.is_empty() {
            return out;
        }
        for language in crate::lang::Language::all() {
            if language == crate::lang::Language::ENGLISH {
                continue;
            }
            let Some(inner) = self.reader.table(table, language.code()) else {
                continue;
            };
            let context = format!("`{}` of a prescription", language.code());
            self.reader.only_keys(inner, &["steps"], &context);
            let steps = self.texts(inner, "steps");
            if steps.len() != english.len() {
                self.error(
                    span.clone(),
                    format!(
                        "{} steps in `{}` where the prescription's English has {}",
                        steps.len(),
                        language.code(),
                        english.len()
                    ),
                );
                continue;
            }
            out.insert(language, steps);
        }
        out.insert(crate::lang::Language::ENGLISH, english);
        out
    }

    /// Each `[[exercise.prescription]]`, with the source id it names.
    pub(super) fn prescriptions(
        &mut self,
        entry: &dyn TableLike,
        per_side: Option<&PerSide>,
    ) -> Vec<(Prescription, String)> {
        let mut out = Vec::new();
        for (table, span) in self.reader.tables(entry, "prescription") {
            self.reader.only_keys(
                table,
                &translations::keys_with(PRESCRIPTION_KEYS),
                "[[exercise.prescription]]",
            );
            let source = match self.reader.text(table, "from") {
                Some(id) => self.source_ids(vec![id]).pop(),
                None => {
                    let implied = self.implied_source();
                    if implied.is_none() {
                        self.error(
                            span.clone(),
                            "a prescription needs `from = \"<source id>\"`",
                        );
                    }
                    implied
                }
            };
            let reps = self.range(table, "reps", false);
            let hold = self.range(table, "hold", true);
            // A timed source's minutes a bout ("for 1 to 2 minutes").
            let minutes = self.range(table, "minutes", false);
            if table.get("reps").is_none() {
                self.error(span.clone(), "a prescription needs `reps`");
            }
            if table.get("hold").is_none() {
                self.error(
                    span.clone(),
                    "a prescription needs `hold` (seconds; 0 where the source describes none)",
                );
            }
            let side = self.reader.text(table, "side");
            let sides = match (per_side.map(|p| p.value), side) {
                (Some(true), Some(side)) => match side.value.as_str() {
                    "both" => Some(Sides::Both),
                    "alternate" => Some(Sides::Alternate),
                    other => {
                        self.error(
                            side.span,
                            format!("unknown side \"{other}\"; use \"both\" or \"alternate\""),
                        );
                        None
                    }
                },
                (Some(true), None) => {
                    self.error(
                        span.clone(),
                        "a per-side exercise's prescription needs `side = \"both\"` or `\"alternate\"`",
                    );
                    None
                }
                (Some(false), Some(side)) => {
                    self.error(
                        side.span,
                        "the exercise is not done per side: remove `side`",
                    );
                    None
                }
                (_, None) | (None, Some(_)) => None,
            };
            let note = self.reader.text(table, "note").map(|n| n.value);
            let reading = self.reader.text(table, "reading").map(|n| n.value);
            let words = self.words(table);
            let steps = self.prescription_steps(table, span.clone());
            let [sets, per_day, per_week] = SOURCE_FREQUENCY.map(|key| {
                let range = self.range(table, key, false)?;
                let at = table.get(key).and_then(|i| i.span().map(Span::from));
                self.frequencies.push((key, range, at));
                Some(range)
            });
            if let (Some(source), Some(reps), Some(hold)) = (source, reps, hold) {
                let prescription = Prescription {
                    origin: Origin::From(vec![source.clone()]),
                    reps,
                    hold,
                    sides,
                    sets,
                    per_day,
                    per_week,
                    minutes,
                    note,
                    reading,
                    words,
                    steps,
                };
                out.push((prescription, source));
            }
        }
        out
    }

    /// Which prescription a plan's missing fields start from:
    /// `recommended = "<source id>"`, needed when there are several.
    pub(super) fn recommended(
        &mut self,
        table: &dyn TableLike,
        given: &[(Prescription, String)],
        span: Option<Span>,
    ) -> Option<usize> {
        let named = self.reader.text(table, "recommended");
        match (named, given.len()) {
            (None, 0 | 1) => Some(0),
            (None, _) => {
                self.error(
                    span,
                    "with several prescriptions, name the one a plan starts from: `recommended = \"<source id>\"`",
                );
                None
            }
            (Some(named), _) => {
                let found = given.iter().position(|(_, id)| *id == named.value);
                if found.is_none() {
                    self.error(
                        named.span,
                        format!("no prescription from `{}` to recommend", named.value),
                    );
                }
                found
            }
        }
    }
}

/// The one prescription of an exercise given by its limits alone (no
/// `[[exercise.prescription]]` tables): its reps and hold ranges.
pub(super) fn from_limits(limits: &Limits, per_side: Option<&PerSide>) -> Prescription {
    Prescription {
        origin: limits.reps.origin.clone(),
        reps: Range {
            min: limits.reps.min,
            max: limits.reps.max,
        },
        hold: limits
            .hold
            .as_ref()
            .map_or(Range { min: 0, max: 0 }, |h| Range {
                min: h.min,
                max: h.max,
            }),
        sides: per_side.and_then(|p| p.value.then_some(Sides::Both)),
        sets: None,
        per_day: None,
        per_week: None,
        minutes: None,
        note: limits.reps.note.clone(),
        reading: None,
        words: BTreeMap::new(),
        steps: BTreeMap::new(),
    }
}
