//! The exercise catalogue: what each exercise is, how to do it, each source's
//! own prescription for it, and the dose limits a plan is checked against,
//! each limit with where it comes from.
//!
//! A dose is checked two ways. Each field (sets, reps, hold, times a day or a
//! week) must lie within its `Limit`: for reps and hold the span of every
//! source's own range (so each source's literal prescription passes), for
//! sets and frequency our documented defaults. And the day's total per side
//! (repetitions, and seconds spent holding) must stay within
//! `dose::DAILY_MARGIN` times the largest total any one source prescribes, so
//! one source's count cannot be combined with another's hold unnoticed.
//!
//! The built-in catalogue is `templates/catalogue.toml`, embedded at build
//! time; a clinic file (`--catalogue`) adds entries and may replace built-in
//! ones by id. Loading validates every rule in `templates/FORMAT.md`, so a
//! `Catalogue` value is always internally consistent: ids and aliases unique,
//! recommended doses within limits, every limit sourced, routines resolvable.

mod alts;
mod class;
mod deferred;
mod figures;
#[cfg(test)]
pub(crate) mod fixtures;
mod load;
mod search;
mod sources;
pub mod start;
pub mod steps;
mod translations;
pub mod wording;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

pub use crate::figure::Figure;
pub use class::{Equipment, Posture, Region, Word};
pub use load::{
    Broken, Files, Pictures, add_figures, builtin, builtin_deferred, extend, extend_from,
    undrawable,
};
pub use search::Query;
pub use sources::Seen;

use crate::lang::Language;
use crate::packed::{Packed, packed};
use crate::suggest;

/// The built-in catalogue's text, as shipped (embedded compressed,
/// `crate::packed`).
pub fn builtin_text() -> &'static str {
    static TEXT: Packed = packed!("templates/catalogue.toml");
    TEXT.text()
}
/// The name diagnostics use for the built-in catalogue.
pub const BUILTIN_NAME: &str = "templates/catalogue.toml";
/// The built-in catalogue's figures, as shipped (embedded compressed).
pub fn figures_text() -> &'static str {
    static TEXT: Packed = packed!("templates/figures.toml");
    TEXT.text()
}
/// The name diagnostics use for the built-in figures.
pub const FIGURES_NAME: &str = "templates/figures.toml";

/// A source the catalogue's facts come from: a programme or article, as
/// the catalogue records it (`sources.rs`). Only `title` is required; the
/// built-in catalogue records the rest for every source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// Who publishes it ("AAOS OrthoInfo", "NHS").
    pub publisher: Option<String>,
    /// The publisher's own pages the record used.
    pub urls: Vec<String>,
    /// Copies on other sites the record was read from: for clinicians
    /// (`rx catalogue`, the booklet), never printed on a patient's sheet.
    pub seen_at: Vec<String>,
    /// How much of it was read.
    pub seen: Option<Seen>,
    /// The day it was read, `YYYY-MM-DD` (checked as a date when loading).
    pub date_seen: Option<String>,
    /// What the record does not know (a publisher, an address, a date) and why.
    pub not_known: Option<String>,
}

/// Where a number comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Ids of the sources that give the figure.
    From(Vec<String>),
    /// No figure in the sources; the text says which default was chosen.
    Default(String),
}

/// The allowed range of one dose field and the dose used when a plan gives none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limit {
    pub min: u32,
    pub max: u32,
    pub recommended: Option<u32>,
    pub origin: Origin,
    pub note: Option<String>,
}

impl Limit {
    /// The limit's bounds as a `Range`.
    pub fn span(&self) -> Range {
        Range {
            min: self.min,
            max: self.max,
        }
    }

    pub fn contains(&self, value: u32) -> bool {
        self.span().contains(value)
    }

    /// "8–12", or "10" when min and max agree.
    pub fn range(&self) -> String {
        self.span().range()
    }
}

/// The limits of each dose field. No `hold` limit means the exercise has no hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limits {
    pub sets: Limit,
    pub reps: Limit,
    pub hold: Option<Limit>,
    pub per_day: Limit,
    pub per_week: Limit,
    /// Minutes a bout, for an exercise a source times ("march for 1 to 2
    /// minutes"): the span of the timed sources' minutes; `None` when no
    /// source times it.
    pub minutes: Option<Limit>,
}

/// An inclusive range of whole numbers, as a source gives it ("6 to 8"; a
/// single figure is a range of one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

impl Range {
    pub fn contains(&self, value: u32) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// "8–12", or "10" when min and max agree.
    pub fn range(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}–{}", self.min, self.max)
        }
    }
}

/// How a source has a per-side exercise share its count between the sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sides {
    /// The count on each side in turn ("8 to 10 on each side").
    Both,
    /// The count while taking turns ("six to eight times, alternating
    /// sides"): the source does not say whether per side or in total.
    Alternate,
}

/// One source's own prescription for an exercise: the count and hold that
/// source gives, with its own range. A hold of 0 means the source
/// describes no hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prescription {
    /// The source (or, for a catalogue that gives plain limits, their origin).
    pub origin: Origin,
    pub reps: Range,
    /// Seconds; `0–0` when the source describes no hold.
    pub hold: Range,
    /// `None` for exercises not done per side.
    pub sides: Option<Sides>,
    /// Sets, times a day and days a week, where the source gives them
    /// ("3 sets of 10, once a day"); `None` where it does not (the limits'
    /// defaults then apply).
    pub sets: Option<Range>,
    pub per_day: Option<Range>,
    pub per_week: Option<Range>,
    /// Minutes a bout, where the source times the exercise rather than
    /// counting it ("for 1 to 2 minutes"): then `reps` counts the bouts.
    pub minutes: Option<Range>,
    /// What the source says, in our words, for clinicians.
    pub note: Option<String>,
    /// Which numbers are our reading of words that give no figure, and why.
    pub reading: Option<String>,
    /// The source's own words for its count or hold, per language, printed
    /// on a sheet in place of the figure where the plan takes that part
    /// from this prescription (`Prescribed::parts`).
    #[serde(skip)]
    pub words: BTreeMap<Language, Words>,
    /// The steps of this source's technique, per language, where it
    /// differs from the entry's (relieve's active knee lift against
    /// essential's pull with both hands): a sheet whose dose is this
    /// source's prints these instead (`Prescribed::steps`).
    #[serde(skip)]
    pub steps: BTreeMap<Language, Vec<String>>,
}

/// A source's words for a dose part whose figure is our reading of them:
/// "at least 8 times", "8 to 12 times, rocking slowly", "hold a few
/// seconds". The sheet prints them rather than the figure, so a patient
/// reads what the source says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// In place of the count ("10 times"), for a dose of one set.
    pub count: Option<String>,
    /// In place of the hold ("hold 3 seconds").
    pub hold: Option<String>,
    /// The hold's length as a step says it where `hold` is printed ("Hold
    /// for {hold}." reads "Hold for a few seconds."), so the steps never
    /// give a figure the dose line does not.
    pub hold_time: Option<String>,
    /// In place of the time ("for 2 minutes"): "for a few minutes".
    pub minutes: Option<String>,
}

impl Prescription {
    /// The short name of where the prescription comes from: the source id,
    /// or "our default".
    pub fn label(&self) -> String {
        match &self.origin {
            Origin::From(ids) => ids.join(", "),
            Origin::Default(_) => "our default".to_owned(),
        }
    }

    /// The prescription in a few words, in English: "6–8 times,
    /// alternating sides, no hold", "once on each side" (`wording::summary`).
    pub fn summary(&self) -> String {
        wording::summary(self, Language::ENGLISH.messages())
    }
}

/// Whether an exercise is done on each side in turn, and the source of that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PerSide {
    pub value: bool,
    pub origin: Origin,
}

/// One exercise of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub sources: Vec<String>,
    pub position: String,
    /// The body regions it is for (empty: not classified).
    pub regions: Vec<Region>,
    /// The class of `position`, for finding it.
    pub posture: Option<Posture>,
    /// What the patient needs beside the floor.
    pub equipment: Vec<Equipment>,
    pub targets: String,
    pub why: String,
    pub when: String,
    pub steps: Vec<String>,
    pub cautions: Vec<String>,
    pub notes: Vec<String>,
    /// For clinicians, beside the figure in the booklet: which reading of
    /// an unclear source the figure shows.
    pub figure_note: Option<String>,
    /// What the figure shows, in plain words, for a reader who cannot see
    /// it ("Drawing: lying on your back, ..."): a screen reader speaks it
    /// in place of the figure (the PDF's `/Alt`). Spoken, never drawn, so
    /// the glyph check leaves it out (`load::undrawable`).
    pub figure_alt: Option<String>,
    /// The clinic's video of the exercise (a clinic catalogue's `video`):
    /// a plan's own `video` wins over it, and it over the settings' base
    /// URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video: Option<String>,
    pub per_side: PerSide,
    /// Each source's own prescription, in catalogue order; never empty.
    pub prescriptions: Vec<Prescription>,
    /// Index into `prescriptions` of the one a plan's missing fields start from.
    pub recommended: usize,
    /// The range each field is checked against: for reps and hold, the span
    /// of the prescriptions' ranges.
    pub limits: Limits,
    /// The clinic's own limits (`[limits.ID]`), in place of `limits` for
    /// the fields they give (`limits::applies`). Shown in the JSON listing
    /// per field by `rx catalogue`, not here.
    #[serde(skip)]
    pub clinic: Vec<crate::limits::ClinicLimit>,
    /// The illustration, if the catalogue gives one. Not part of the JSON
    /// listing: it is drawing data, not facts about the exercise.
    #[serde(skip)]
    pub figure: Option<Figure>,
    /// The first character of the entry's printed text (its name, position,
    /// why, steps and cautions) the embedded fonts cannot draw: found once,
    /// when a clinic catalogue loads, and reported by `check::glyphs`
    /// wherever a plan uses the entry. Always `None` in the built-in
    /// catalogue, whose texts a test holds drawable (`load::builtin`).
    #[serde(skip)]
    pub undrawable: Option<char>,
    /// The patient text in other languages (`[exercise.CODE]`); English is
    /// the fields above.
    #[serde(skip)]
    pub translations: BTreeMap<Language, Translation>,
}

/// An entry's patient text in one language other than English: the
/// fields a sheet prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub name: String,
    pub position: String,
    pub why: String,
    pub steps: Vec<String>,
    pub cautions: Vec<String>,
    /// The figure's text alternative in this language (`Entry::figure_alt`).
    pub figure_alt: Option<String>,
}

/// The text a sheet prints for an entry, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printed<'a> {
    pub name: &'a str,
    pub position: &'a str,
    pub why: &'a str,
    pub steps: &'a [String],
    pub cautions: &'a [String],
    /// What the figure shows, for a screen reader; `None` when the
    /// catalogue gives none in this language.
    pub figure_alt: Option<&'a str>,
}

impl Entry {
    /// The entry's patient text in `language`; `None` when the catalogue
    /// gives none in it.
    pub fn printed(&self, language: Language) -> Option<Printed<'_>> {
        if language == Language::ENGLISH {
            return Some(Printed {
                name: &self.name,
                position: &self.position,
                why: &self.why,
                steps: &self.steps,
                cautions: &self.cautions,
                figure_alt: self.figure_alt.as_deref(),
            });
        }
        self.translations.get(&language).map(|t| Printed {
            name: &t.name,
            position: &t.position,
            why: &t.why,
            steps: &t.steps,
            cautions: &t.cautions,
            // Never the English words on another language's sheet: without
            // this language's own, layout names the exercise in it instead
            // (`layout::marks::figure_alt`).
            figure_alt: t.figure_alt.as_deref(),
        })
    }

    /// The entry's text in `language`, or in English when it has none
    /// there; `true` with the English.
    pub fn printed_or_english(&self, language: Language) -> (Printed<'_>, bool) {
        match self.printed(language) {
            Some(printed) => (printed, false),
            None => (
                self.printed(Language::ENGLISH)
                    .expect("English is always there"),
                true,
            ),
        }
    }

    /// The prescription from one of `sources` (a routine's), if any.
    pub fn prescription_from(&self, sources: &[String]) -> Option<&Prescription> {
        self.prescriptions.iter().find(|p| match &p.origin {
            Origin::From(ids) => ids.iter().any(|id| sources.contains(id)),
            Origin::Default(_) => false,
        })
    }

    /// The prescription a plan's missing fields start from.
    pub fn recommended_prescription(&self) -> &Prescription {
        &self.prescriptions[self.recommended]
    }

    /// The reps and hold (seconds, 0 for none) a plan starts from with
    /// prescription `p`: the catalogue's recommended values for the
    /// recommended prescription, the low end of its ranges for another.
    pub fn starting(&self, p: &Prescription) -> (u32, u32) {
        if !std::ptr::eq(p, self.recommended_prescription()) {
            return (p.reps.min, p.hold.min);
        }
        let reps = self.limits.reps.recommended.unwrap_or(p.reps.min);
        let hold = self
            .limits
            .hold
            .as_ref()
            .map_or(p.hold.min, |h| h.recommended.unwrap_or(h.min));
        (reps, hold)
    }
}

impl Entry {
    /// The daily-volume limit in words: "Daily total: at most 20 reps and
    /// 5 min of holding a day per side, 2 × the largest any one source gives
    /// (10 reps, gentle; 2 min 30 s, gentle)." (`wording::daily`, in English).
    pub fn daily_sentence(&self) -> String {
        format!(
            "Daily total: {}",
            wording::daily(self, Language::ENGLISH.messages())
        )
    }
}

/// Seconds in words: "45 s", "2 min 30 s", "1 h 5 min".
pub fn duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// General advice printed on sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Safety {
    pub text: String,
    pub from: Vec<String>,
    /// `None`: on every sheet. Otherwise only on sheets whose plan is, or is
    /// not, done every day, so a line about daily practice never sits beside
    /// "3 days a week".
    pub only: Option<Only>,
    /// Empty: on every sheet. Otherwise only on sheets with an exercise
    /// for one of these regions, so a knee patient is not told about "any
    /// back condition".
    pub regions: Vec<Region>,
    /// The text in other languages (`[safety.CODE]`).
    #[serde(skip)]
    pub translations: BTreeMap<Language, String>,
}

/// Which plans a line of safety advice suits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Only {
    /// Every exercise of the plan is done every day.
    Daily,
    /// At least one exercise is done on some days of the week only.
    NotDaily,
}

/// A starter routine for `rx new`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Routine {
    pub id: String,
    pub name: String,
    pub from: Vec<String>,
    pub exercises: Vec<String>,
    /// The name in other languages (the built-in routines', from
    /// `templates/lang/CODE/catalogue.toml`), for the booklet.
    #[serde(skip)]
    pub translations: BTreeMap<Language, String>,
}

impl Routine {
    /// The name in `language`, or the English one.
    pub fn name_in(&self, language: Language) -> &str {
        self.translations.get(&language).unwrap_or(&self.name)
    }
}

/// A loaded, validated catalogue.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    sources: BTreeMap<String, Source>,
    entries: Vec<Arc<Entry>>,
    safety: Vec<Safety>,
    routines: Vec<Routine>,
    /// Normalised id, name and alias -> index into `entries`.
    index: BTreeMap<String, usize>,
    /// The built-in exercises not yet read (`deferred`): with them,
    /// `entries` is empty, each entry is read into `attached` when first
    /// looked up, and all of them into `all` when every entry is asked for.
    deferred: Option<Arc<deferred::Deferred>>,
    attached: Vec<OnceLock<Arc<Entry>>>,
    all: OnceLock<Vec<Arc<Entry>>>,
    /// What loading a clinic file found that does not stop a build (an
    /// entry whose figure has no `figure_alt`), for the command to show
    /// against that file (`take_warnings`).
    warnings: Vec<crate::diag::Diagnostic>,
}

impl Catalogue {
    pub fn entries(&self) -> &[Arc<Entry>] {
        let Some(parts) = &self.deferred else {
            return &self.entries;
        };
        self.all.get_or_init(|| {
            (0..parts.exercises.len())
                .map(|i| self.entry(i).clone())
                .collect()
        })
    }

    /// Entry `i` of `entries`, read now if it is deferred.
    fn entry(&self, i: usize) -> &Arc<Entry> {
        match &self.deferred {
            None => &self.entries[i],
            Some(parts) => self.attached[i].get_or_init(|| parts.read(i, &self.sources)),
        }
    }

    /// The id of entry `i`, without reading it.
    fn id(&self, i: usize) -> &str {
        match &self.deferred {
            None => &self.entries[i].id,
            Some(parts) => &parts.exercises[i].id,
        }
    }

    /// Each entry's id and aliases, in order, without reading any entry.
    fn ids_and_aliases(&self) -> Vec<(&str, &[String])> {
        match &self.deferred {
            None => self
                .entries
                .iter()
                .map(|e| (e.id.as_str(), e.aliases.as_slice()))
                .collect(),
            Some(parts) => parts
                .exercises
                .iter()
                .map(|e| (e.id.as_str(), e.aliases.as_slice()))
                .collect(),
        }
    }

    /// Leave the built-in exercises of `parts` to be read when looked up;
    /// `index` already holds their names.
    fn defer(&mut self, parts: deferred::Deferred) {
        self.entries = Vec::new();
        self.attached = parts.exercises.iter().map(|_| OnceLock::new()).collect();
        self.all = OnceLock::new();
        self.deferred = Some(Arc::new(parts));
    }

    /// Read every deferred entry, before the entries change.
    fn settle(&mut self) {
        if self.deferred.is_some() {
            self.entries = self.entries().to_vec();
            self.deferred = None;
            self.attached = Vec::new();
            self.all = OnceLock::new();
        }
    }

    /// The warnings loading found, taken so they are shown once.
    pub fn take_warnings(&mut self) -> Vec<crate::diag::Diagnostic> {
        std::mem::take(&mut self.warnings)
    }

    pub fn safety(&self) -> &[Safety] {
        &self.safety
    }

    pub fn routines(&self) -> &[Routine] {
        &self.routines
    }

    /// The source articles, by id.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.sources.values()
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// Find an exercise by id, display name or alias, or by its name in a
    /// sheet language (a Spanish plan may say "Puente"); case, spaces and
    /// hyphens don't matter. The catalogue's own names come first; the
    /// tests hold every translated name apart from every other entry's.
    pub fn find(&self, name: &str) -> Option<&Arc<Entry>> {
        let key = suggest::normalise(name);
        if let Some(&i) = self.index.get(&key) {
            return Some(self.entry(i));
        }
        // Deferred entries are found by their other names without reading
        // them all.
        if let Some(names) = self.deferred.as_ref().and_then(|d| d.translated()) {
            return names.get(&key).map(|&i| self.entry(i));
        }
        self.entries().iter().find(|e| {
            e.translations
                .values()
                .any(|t| suggest::normalise(&t.name) == key)
        })
    }

    /// The id of the exercise `find` finds, read from the name index
    /// alone where the name is there, so a routine naming exercises does
    /// not read them.
    pub fn find_id(&self, name: &str) -> Option<&str> {
        match self.index.get(&suggest::normalise(name)) {
            Some(&i) => Some(self.id(i)),
            None => self.find(name).map(|e| e.id.as_str()),
        }
    }

    /// Ids and aliases close to an unknown name, nearest first, at most one
    /// name per exercise.
    pub fn suggest(&self, name: &str) -> Vec<&str> {
        let names: Vec<&str> = self
            .ids_and_aliases()
            .into_iter()
            .flat_map(|(id, aliases)| std::iter::once(id).chain(aliases.iter().map(String::as_str)))
            .collect();
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for candidate in suggest::nearest(name, &names, names.len()) {
            let entry = self.index.get(&suggest::normalise(candidate));
            if !seen.contains(&entry) {
                seen.push(entry);
                out.push(candidate);
            }
        }
        out.truncate(3);
        out
    }

    /// The region a routine is for: the one most of its exercises share
    /// (the vocabulary's order breaks a tie), so `rx new --list-routines`
    /// can group the routines; `None` when none of its exercises has one.
    pub fn routine_region(&self, routine: &Routine) -> Option<Region> {
        let count = |region: Region| {
            routine
                .exercises
                .iter()
                .filter_map(|id| self.find(id))
                .filter(|e| e.regions.contains(&region))
                .count()
        };
        Region::ALL
            .iter()
            .map(|&(_, region)| (count(region), region))
            .filter(|&(n, _)| n > 0)
            // max_by_key keeps the last of equals: reversed, the first.
            .rev()
            .max_by_key(|&(n, _)| n)
            .map(|(_, region)| region)
    }

    /// Give exercise `id` the clinic's `limit`, replacing one it has for
    /// the same field (`limits::apply`, after checking it).
    pub fn set_clinic_limit(&mut self, id: &str, limit: crate::limits::ClinicLimit) {
        self.settle();
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) else {
            return;
        };
        let entry = Arc::make_mut(entry);
        entry.clinic.retain(|c| c.field != limit.field);
        entry.clinic.push(limit);
        crate::order::by_key(&mut entry.clinic, |c| c.field.order());
    }

    pub fn routine(&self, id: &str) -> Option<&Routine> {
        let wanted = suggest::normalise(id);
        self.routines
            .iter()
            .find(|r| suggest::normalise(&r.id) == wanted)
    }

    /// Where a number comes from, in words: `from "Title A" and "Title B"`,
    /// or the default's own explanation ("no figure in the sources: ...").
    pub fn cite(&self, origin: &Origin) -> String {
        match origin {
            Origin::Default(text) => text.clone(),
            Origin::From(ids) => {
                let titles: Vec<String> = ids
                    .iter()
                    .map(|id| match self.sources.get(id) {
                        Some(s) => format!("\"{}\"", s.title),
                        None => format!("\"{id}\""),
                    })
                    .collect();
                format!("from {}", join_and(&titles))
            }
        }
    }
}

/// "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{Sides, builtin, duration};
    use crate::lang::Language;

    /// Every built-in exercise's figure has words for a screen reader in
    /// each complete sheet language, starting as a listener expects
    /// ("Drawing: ", "Dibujo: ") and short enough to follow.
    #[test]
    fn every_builtin_figure_has_a_figure_alt_in_every_language() {
        let catalogue = builtin().expect("built-in catalogue");
        let lead = |language: Language| match language.code() {
            "en" => Some("Drawing: "),
            "es" => Some("Dibujo: "),
            _ => None,
        };
        let complete: Vec<Language> = Language::all().filter(|l| !l.is_partial()).collect();
        assert!(complete.len() > 1, "English and at least one more");
        for entry in catalogue.entries() {
            assert!(entry.figure.is_some(), "{} has no figure", entry.id);
            for &language in &complete {
                let alt = if language == Language::ENGLISH {
                    entry.figure_alt.as_deref()
                } else {
                    entry
                        .translations
                        .get(&language)
                        .and_then(|t| t.figure_alt.as_deref())
                };
                let Some(alt) = alt else {
                    panic!("{}: no figure_alt in {}", entry.id, language.code());
                };
                if let Some(lead) = lead(language) {
                    assert!(alt.starts_with(lead), "{}: {alt}", entry.id);
                }
                assert!(
                    alt.chars().count() <= super::alts::MAX_ALT,
                    "{}: {alt}",
                    entry.id
                );
            }
        }
    }

    #[test]
    fn durations_read_plainly() {
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(150), "2 min 30 s");
        assert_eq!(duration(1800), "30 min");
        assert_eq!(duration(3900), "1 h 5 min");
    }

    #[test]
    fn reps_and_hold_span_every_sources_own_range() {
        let catalogue = builtin().expect("built-in catalogue");
        let rotation = catalogue.find("spine stretch").expect("an entry");
        let l = &rotation.limits;
        assert_eq!((l.reps.min, l.reps.max), (1, 10));
        let hold = l.hold.as_ref().expect("a hold limit");
        assert_eq!((hold.min, hold.max), (0, 30));
        assert_eq!(rotation.prescriptions[0].sides, Some(Sides::Alternate));
        let (largest, reps, hold) = crate::dose::largest_daily(rotation);
        assert_eq!((largest.reps, largest.hold), (10, 150));
        assert_eq!(
            (reps.label(), hold.label()),
            ("gentle".into(), "gentle".into())
        );
        // No source holds the nerve glides: no hold limit at all.
        let glides = catalogue.find("nerve glides").expect("an entry");
        assert!(glides.limits.hold.is_none());
    }
}
