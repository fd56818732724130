//! Catalogue TOML -> `Catalogue`, checking every rule of `templates/FORMAT.md`
//! with located diagnostics, for the built-in file and clinic files alike.

use std::collections::BTreeMap;
use std::sync::Arc;

use toml_edit::{ImDocument, TableLike};

use super::{
    BUILTIN_NAME, BUILTIN_TEXT, Catalogue, Entry, FIGURES_NAME, FIGURES_TEXT, Limit, Limits, Only,
    Origin, PerSide, Prescription, Range, Routine, Safety, Sides, alts, class, deferred, figures,
    sources, steps, translations,
};
use crate::diag::{Code, Diagnostic, Span};
use crate::dose::Field;
use crate::fields::Spanned;
use crate::fields::toml::Reader;
use crate::fonts::{self, Fonts};
use crate::suggest;

/// `limits` (a clinic's own, `[limits.ID]`) is read by `limits::read`
/// once the catalogue is loaded, not here.
const TOP_KEYS: &[&str] = &[
    "sources", "safety", "routine", "exercise", "figure", "limits",
];
const EXERCISE_KEYS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "sources",
    "position",
    "regions",
    "posture",
    "equipment",
    "targets",
    "why",
    "when",
    "steps",
    "cautions",
    "notes",
    "per_side",
    "prescription",
    "recommended",
    "limits",
    "figure_image",
    "figure_note",
    "figure_alt",
    "video",
];
const LIMIT_FIELDS: &[&str] = &["sets", "reps", "hold", "per_day", "per_week"];
const LIMIT_KEYS: &[&str] = &["min", "max", "recommended", "from", "default", "note"];
const PRESCRIPTION_KEYS: &[&str] = &[
    "from", "reps", "hold", "side", "sets", "per_day", "per_week", "minutes", "note", "reading",
    "words", "steps",
];
/// The parts of a dose a source's `words` may give.
const WORDS_KEYS: &[&str] = &["count", "hold", "hold_time", "minutes"];
/// The fields a prescription may give that the limits table holds: each
/// prescription's range must lie within the limit.
const SOURCE_FREQUENCY: [&str; 3] = ["sets", "per_day", "per_week"];
/// A default's text must say plainly that the sources give no figure.
const NO_FIGURE: &str = "no figure in the sources";
/// The plan's hard cap on a dose field (`dose::caps`): no catalogue limit
/// or recommendation may go beyond what a plan could ever hold. Called with
/// keys from `LIMIT_FIELDS`; any other key has no room at all.
fn cap(field: &str) -> u32 {
    Field::from_key(field).map_or(0, Field::cap)
}

/// The built-in catalogue with its figures and its text in every language
/// (`templates/lang/CODE/catalogue.toml`), all read and checked now. Its
/// diagnostics come with the file they point into; tests keep them all
/// empty.
///
/// Its text is not checked against the bundled fonts here, as a clinic
/// file's is: a test holds every built-in text drawable
/// (`translations::tests`), and checking all of them, in every language,
/// was a tenth of every start (11.6M of 110.7M instructions for `rx build`
/// of the example plan). So a built-in entry's `undrawable` is `None`; a
/// clinic's fonts cannot make a drawable text undrawable.
pub fn builtin() -> Result<Catalogue, Broken> {
    let catalogue = load(
        Catalogue::default(),
        BUILTIN_TEXT,
        &NoPictures("cannot be read: pictures come only with a catalogue file"),
        Glyphs::Trusted,
    )
    .map_err(broken(BUILTIN_NAME, BUILTIN_TEXT))?;
    let mut catalogue =
        add_figures(catalogue, FIGURES_TEXT).map_err(broken(FIGURES_NAME, FIGURES_TEXT))?;
    for language in crate::lang::Language::all() {
        if let Some((name, text)) = language.catalogue() {
            catalogue = translations::builtin(catalogue, language, text, language.is_partial())
                .map_err(broken(&name, text))?;
        }
    }
    Ok(catalogue)
}

/// The built-in catalogue as `builtin` gives it, for a command: each
/// exercise is read, with its figure and translations, when a command
/// first looks it up (`deferred`), so a sheet of six exercises reads six
/// entries, not 86; the name index is built at start from each entry's
/// names alone. Should any part of it fail, `builtin`'s whole load reports
/// where.
pub fn builtin_deferred() -> Result<Catalogue, Broken> {
    deferred().map_or_else(builtin, Ok)
}

/// `builtin_deferred`, or `None` where the built-in files have a problem.
fn deferred() -> Option<Catalogue> {
    let (rest, items) = deferred::split_items(BUILTIN_TEXT, "exercise")?;
    let exercises = items
        .into_iter()
        .map(deferred::Exercise::scan)
        .collect::<Option<Vec<_>>>()?;
    let figures = deferred::split(FIGURES_TEXT, "figure");
    if figures.rest.lines().any(|line| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with('#')
    }) {
        return None;
    }
    let mut translations = Vec::new();
    let mut rests = Vec::new();
    for language in crate::lang::Language::all() {
        if let Some((_, text)) = language.catalogue() {
            let sections = deferred::split(text, "exercise");
            rests.push((language, sections.rest));
            translations.push((language, sections.by_id));
        }
    }
    let parts = deferred::Deferred::new(exercises, figures.by_id, translations);
    let mut catalogue = load_rest(&rest, parts).ok()?;
    for (language, rest) in rests {
        catalogue =
            translations::builtin(catalogue, language, &rest, language.is_partial()).ok()?;
    }
    Some(catalogue)
}

/// The built-in catalogue's text but its exercises (`rest`), read as
/// `load` reads it, with the exercises of `parts` left to be read when
/// looked up: their names are indexed now, as `add_entries` indexes them.
fn load_rest(rest: &str, parts: deferred::Deferred) -> Result<Catalogue, Vec<Diagnostic>> {
    let doc = parse(rest)?;
    let mut loader = Loader::new(
        Catalogue::default(),
        &NoPictures("cannot be read: pictures come only with a catalogue file"),
    );
    let root: &dyn TableLike = doc.as_table();
    loader
        .reader
        .only_keys(root, TOP_KEYS, "the catalogue file");
    loader.sources(root);
    let names: Vec<Names> = parts
        .exercises
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str(), e.aliases.as_slice()))
        .collect();
    let (index, shared) = index(&names);
    if !shared.is_empty() {
        return Err(Vec::new());
    }
    loader.catalogue.index = index;
    loader.catalogue.defer(parts);
    loader.figures(root);
    loader.rest(root)
}

/// Exercise `text` (one `[[exercise]]` section of the built-in catalogue,
/// with its sub-tables) read as `load` reads it, citing `sources`; `None`
/// where it has a problem, which the whole load reports.
pub(super) fn builtin_entry(
    text: &str,
    sources: &BTreeMap<String, super::Source>,
) -> Option<Entry> {
    let doc = parse(text).ok()?;
    let base = Catalogue {
        sources: sources.clone(),
        ..Catalogue::default()
    };
    let mut loader = Loader::new(
        base,
        &NoPictures("cannot be read: pictures come only with a catalogue file"),
    );
    // Every source of the built-in file is its own, as in the whole load.
    loader.own_sources = sources.keys().cloned().collect();
    let mut tables = loader.reader.tables(doc.as_table(), "exercise").into_iter();
    let entry = match (tables.next(), tables.next()) {
        (Some((table, span)), None) => loader.entry(table, span),
        _ => None,
    };
    let clean = !loader.reader.diagnostics.iter().any(Diagnostic::is_error);
    entry.filter(|_| clean && loader.images.is_empty())
}

/// The built-in file `name` failing its own rules.
fn broken(name: &str, text: &'static str) -> impl FnOnce(Vec<Diagnostic>) -> Broken {
    let name = name.to_owned();
    move |diagnostics| Broken {
        name,
        text,
        diagnostics,
    }
}

/// The built-in catalogue failing its own rules (a defect of this build):
/// the file and what is wrong in it.
#[derive(Debug)]
pub struct Broken {
    pub name: String,
    pub text: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

impl Broken {
    /// Each diagnostic rendered against its file.
    pub fn details(&self) -> String {
        let file = crate::diag::SourceFile::new(self.name.clone(), self.text);
        self.diagnostics
            .iter()
            .map(|d| crate::diag::render(d, &file))
            .collect()
    }
}

fn parse(text: &str) -> Result<ImDocument<&str>, Vec<Diagnostic>> {
    crate::fields::toml::document(text).map_err(|d| vec![*d])
}

/// `base` with the `[figure.ID]` tables of `text` (a file of figures only)
/// drawn and attached to their exercises.
pub fn add_figures(mut base: Catalogue, text: &str) -> Result<Catalogue, Vec<Diagnostic>> {
    base.settle();
    let doc = parse(text)?;
    let mut loader = Loader::new(base, &NoPictures("cannot be read here"));
    let root: &dyn TableLike = doc.as_table();
    loader.reader.only_keys(root, &["figure"], "a figures file");
    loader.figures(root);
    let diagnostics = loader.reader.diagnostics;
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(diagnostics)
    } else {
        Ok(loader.catalogue)
    }
}

/// `base` plus the entries, sources, safety advice, routines and figures of
/// `text`. An exercise with an id already in `base` replaces it (keeping its
/// figure unless `text` gives one). A `figure_image` is refused: there is no
/// file to find it beside; see `extend_from`.
pub fn extend(base: Catalogue, text: &str) -> Result<Catalogue, Vec<Diagnostic>> {
    extend_from(
        base,
        text,
        &NoPictures("cannot be read: pictures come only with a catalogue file"),
    )
}

/// The one prescription of an exercise given by its limits alone (no
/// `[[exercise.prescription]]` tables): its reps and hold ranges.
fn from_limits(limits: &Limits, per_side: Option<&PerSide>) -> Prescription {
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

/// The glyph check of an entry's printed text, run once per entry as its
/// catalogue loads (with the bundled fonts), and again where a plan uses an
/// entry that failed it (with the clinic's fonts too): the text of every
/// language the entry has, in the order the sheet prints it, each in the
/// weights it is drawn in.
pub fn undrawable(entry: &Entry, fonts: &Fonts) -> Option<char> {
    crate::lang::Language::all()
        .filter_map(|language| entry.printed(language).map(|p| (language, p)))
        .find_map(|(language, printed)| {
            // A source's own steps print in place of the entry's.
            let own = entry
                .prescriptions
                .iter()
                .filter_map(move |p| p.steps.get(&language))
                .flatten();
            [printed.position, printed.why]
                .into_iter()
                .chain(printed.steps.iter().map(String::as_str))
                .chain(own.map(String::as_str))
                .chain(printed.cautions.iter().map(String::as_str))
                .map(|text| (text, fonts::REGULAR))
                .chain([(printed.name, fonts::BOTH)])
                .find_map(|(text, weights)| fonts.undrawable_in(text, weights))
        })
}

/// Finds and reads the pictures a catalogue file names (relative to the
/// catalogue file). Each failure is said in words ("does not exist", "is
/// outside the catalogue's folder", "is larger than ...").
pub trait Pictures {
    /// The file `name` leads to, as a key that is the same for every name
    /// of one file, so each file is read and decoded once.
    fn locate(&self, name: &str) -> Result<String, String>;
    /// The bytes of a file `locate` found, at most
    /// `picture::MAX_BYTES` of them.
    fn read(&self, key: &str) -> Result<Vec<u8>, String>;
    /// The bytes of the font file `name` (settings `fonts`), at most
    /// `fonts::clinic::MAX_FONT_BYTES`; where fonts cannot be read, why.
    fn read_font(&self, name: &str) -> Result<Vec<u8>, String> {
        Err(format!("cannot be read here ({name})"))
    }
}

/// Where the pictures of a catalogue file come from.
pub type Files<'a> = &'a dyn Pictures;

/// No pictures at all: every name gets the same answer.
struct NoPictures(&'static str);

impl Pictures for NoPictures {
    fn locate(&self, _: &str) -> Result<String, String> {
        Err(self.0.to_owned())
    }

    fn read(&self, _: &str) -> Result<Vec<u8>, String> {
        Err(self.0.to_owned())
    }
}

/// `extend`, with `files` to read the pictures a clinic file names.
pub fn extend_from(
    base: Catalogue,
    text: &str,
    files: Files,
) -> Result<Catalogue, Vec<Diagnostic>> {
    load(base, text, files, Glyphs::Checked)
}

/// Whether a file's entries are checked against the bundled fonts as they
/// load (`Entry::undrawable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glyphs {
    /// A clinic's file: each entry is checked.
    Checked,
    /// The built-in file: a test checks it (`builtin`).
    Trusted,
}

/// `extend_from`, checking glyphs as `glyphs` says.
fn load(
    mut base: Catalogue,
    text: &str,
    files: Files,
    glyphs: Glyphs,
) -> Result<Catalogue, Vec<Diagnostic>> {
    base.settle();
    let doc = parse(text)?;
    let mut loader = Loader::new(base, files);
    let root: &dyn TableLike = doc.as_table();
    loader
        .reader
        .only_keys(root, TOP_KEYS, "the catalogue file");
    loader.sources(root);
    let entries: Vec<(Entry, Option<Span>)> = loader
        .reader
        .tables(root, "exercise")
        .into_iter()
        .filter_map(|(table, span)| loader.entry(table, span.clone()).map(|e| (e, span)))
        .collect();
    let entries = match glyphs {
        Glyphs::Checked => {
            let fonts = Fonts::load();
            entries
                .into_iter()
                .map(|(mut entry, span)| {
                    entry.undrawable = undrawable(&entry, &fonts);
                    (entry, span)
                })
                .collect()
        }
        Glyphs::Trusted => entries,
    };
    loader.add_entries(entries);
    loader.figures(root);
    let pictured = loader
        .images
        .iter()
        .map(|(id, name)| (id.clone(), name.span.clone()))
        .collect();
    // The pictures first: the check tells a photo from a drawing by the
    // figure they attach (`rest` then finds none left to read).
    loader.images();
    alts::check(
        &mut loader.reader,
        root,
        alts::New {
            drawn: &loader.drawn,
            pictured,
            entries: &loader.entry_spans,
            worded: &loader.given_alts,
        },
        &mut loader.catalogue.entries,
    );
    loader.rest(root)
}

struct Loader<'a> {
    reader: Reader,
    catalogue: Catalogue,
    files: Files<'a>,
    /// Each `figure_image` read: exercise id and the file's name.
    images: Vec<(String, Spanned<String>)>,
    /// Ids given a `[figure.ID]` drawing by this file.
    drawn: Vec<String>,
    /// Sources this file declares; with exactly one, `from` may be left out.
    own_sources: Vec<String>,
    /// The sets, times a day and days a week the current entry's
    /// prescriptions give, with where, for checking against its limits.
    frequencies: Vec<(&'static str, Range, Option<Span>)>,
    /// Each exercise this file gives, by id, with where.
    entry_spans: BTreeMap<String, Option<Span>>,
    /// Ids of this file's exercises that give their own `figure_alt`.
    given_alts: Vec<String>,
}

impl<'a> Loader<'a> {
    fn new(catalogue: Catalogue, files: Files<'a>) -> Self {
        Loader {
            reader: Reader::default(),
            catalogue,
            files,
            images: Vec::new(),
            drawn: Vec::new(),
            own_sources: Vec::new(),
            frequencies: Vec::new(),
            entry_spans: BTreeMap::new(),
            given_alts: Vec::new(),
        }
    }

    /// What a catalogue file gives after its exercises and figures: the
    /// pictures, safety advice and routines; the catalogue, or every
    /// problem found.
    fn rest(mut self, root: &dyn TableLike) -> Result<Catalogue, Vec<Diagnostic>> {
        self.images();
        for (table, span) in self.reader.tables(root, "safety") {
            self.safety(table, span);
        }
        for (table, span) in self.reader.tables(root, "routine") {
            self.routine(table, span);
        }
        let diagnostics = self.reader.diagnostics;
        if diagnostics.iter().any(Diagnostic::is_error) {
            Err(diagnostics)
        } else {
            // This file's warnings only: they are shown against it.
            let mut catalogue = self.catalogue;
            catalogue.warnings = diagnostics;
            Ok(catalogue)
        }
    }

    fn error(&mut self, span: Option<Span>, message: impl Into<String>) {
        self.reader
            .push(Diagnostic::error(Code::BadCatalogue, message).at(span));
    }

    fn sources(&mut self, root: &dyn TableLike) {
        let Some(table) = self.reader.table(root, "sources") else {
            return;
        };
        for (id, _) in table.iter() {
            let span = table
                .get_key_value(id)
                .and_then(|(k, _)| k.span().map(Span::from));
            let Some(table) = self.reader.table(table, id) else {
                continue;
            };
            if let Some(source) = sources::read(&mut self.reader, id, table, span) {
                self.catalogue.sources.insert(id.to_owned(), source);
                self.own_sources.push(id.to_owned());
            }
        }
    }

    /// The file's one declared source, which a `from` left out means. A
    /// clinic file that declares `[sources.clinic]` once needs no `from`
    /// anywhere else.
    fn implied_source(&self) -> Option<String> {
        match self.own_sources.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// Source ids that exist; unknown ones are reported.
    fn source_ids(&mut self, ids: Vec<Spanned<String>>) -> Vec<String> {
        let mut out = Vec::new();
        for id in ids {
            if self.catalogue.sources.contains_key(&id.value) {
                out.push(id.value);
            } else {
                let known: Vec<&str> = self.catalogue.sources.keys().map(String::as_str).collect();
                let help = suggest::did_you_mean(&suggest::nearest(&id.value, &known, 3));
                let mut d =
                    Diagnostic::error(Code::BadCatalogue, format!("unknown source `{}`", id.value))
                        .at(id.span);
                if let Some(help) = help {
                    d = d.help(help);
                }
                self.reader.push(d);
            }
        }
        out
    }

    /// `from = [...]` xor `default = "no figure in the sources: ..."`.
    fn origin(&mut self, table: &dyn TableLike, span: Option<Span>) -> Option<Origin> {
        let from = self.reader.text_list(table, "from");
        let default = self.reader.text(table, "default");
        match (from.is_empty(), default) {
            (false, None) => {
                let ids = self.source_ids(from);
                (!ids.is_empty()).then_some(Origin::From(ids))
            }
            (true, Some(text)) => {
                if text.value.to_lowercase().starts_with(NO_FIGURE) {
                    Some(Origin::Default(text.value))
                } else {
                    self.error(
                        text.span,
                        format!("a `default` must start with \"{NO_FIGURE}\""),
                    );
                    None
                }
            }
            (false, Some(_)) => {
                self.error(span, "give either `from` or `default`, not both");
                None
            }
            (true, None) => match self.implied_source() {
                Some(id) => Some(Origin::From(vec![id])),
                None => {
                    self.error(
                        span,
                        "no source: give `from = [source ids]` or `default = \"no figure in the sources: ...\"`",
                    );
                    None
                }
            },
        }
    }

    /// A positive whole number no larger than `field`'s hard cap.
    fn capped(&mut self, table: &dyn TableLike, key: &str, field: &str) -> Option<Spanned<u32>> {
        let n = self.reader.count(table, key, u32::MAX)?;
        self.within_cap(n, key, field)
    }

    /// `n` if within `field`'s hard cap; otherwise an error at `n`.
    fn within_cap(&mut self, n: Spanned<u32>, key: &str, field: &str) -> Option<Spanned<u32>> {
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
    fn limits(
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

    /// Each source's own sets, times a day and days a week must lie within
    /// the entry's limit for the field, as its reps and hold do (those
    /// limits are derived from the prescriptions), so a source's dose as
    /// written always passes.
    fn within_limits(&mut self, limits: &Limits) {
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

    /// A prescription's `words`: `count` and `hold` in English, and the
    /// same under a language's code (`es = { count = "..." }`).
    fn words(&mut self, table: &dyn TableLike) -> BTreeMap<crate::lang::Language, super::Words> {
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
            let said = super::Words {
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
    fn prescriptions(
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

    fn entry(&mut self, table: &dyn TableLike, span: Option<Span>) -> Option<Entry> {
        self.reader.only_keys(
            table,
            &translations::keys_with(EXERCISE_KEYS),
            "[[exercise]]",
        );
        let text = |loader: &mut Loader, key: &str| {
            loader
                .reader
                .required_text(table, key, &format!("exercise `{key}`"), span.clone())
                .map(|t| t.value)
        };
        let id = text(self, "id");
        let name = text(self, "name");
        let position = text(self, "position");
        let targets = text(self, "targets");
        let why = text(self, "why");
        let when = text(self, "when");
        let aliases = self.texts(table, "aliases");
        let sources = self.reader.text_list(table, "sources");
        let mut sources = self.source_ids(sources);
        if table.get("sources").is_none()
            && let Some(id) = self.implied_source()
        {
            sources.push(id);
        }
        let steps = self.steps(table);
        let cautions = self.texts(table, "cautions");
        let notes = self.texts(table, "notes");
        self.required_lists(span.clone(), &steps, &cautions, &sources);
        let translations = translations::exercise(&mut self.reader, table, &steps, cautions.len());
        if let Some(id) = &id
            && !is_kebab(id)
        {
            let at = table.get("id").and_then(|i| i.span().map(Span::from));
            self.error(
                at,
                format!("id `{id}` is not kebab-case (like `knee-to-chest`)"),
            );
        }
        let class = class::read(&mut self.reader, table);
        let per_side = self.per_side(table, span.clone());
        self.frequencies.clear();
        let given = self.prescriptions(table, per_side.as_ref());
        let recommended = self.recommended(table, &given, span.clone());
        let derived = (!given.is_empty()).then(|| spans(&given, recommended.unwrap_or(0)));
        let mut limits = self.limits(table, span.clone(), derived);
        if let Some(limits) = &mut limits {
            limits.minutes = minutes_span(&given, recommended.unwrap_or(0));
        }
        if let Some(limits) = &limits {
            self.within_limits(limits);
        }
        let prescriptions: Vec<Prescription> = match &limits {
            _ if !given.is_empty() => given.into_iter().map(|(p, _)| p).collect(),
            Some(limits) => vec![from_limits(limits, per_side.as_ref())],
            None => Vec::new(),
        };
        if let (Some(id), Some(image)) = (&id, self.reader.text(table, "figure_image")) {
            self.images.push((id.clone(), image));
        }
        Some(Entry {
            id: id?,
            name: name?,
            aliases,
            sources,
            position: position?,
            regions: class.regions,
            posture: class.posture,
            equipment: class.equipment,
            targets: targets?,
            why: why?,
            when: when?,
            steps,
            cautions,
            notes,
            figure_note: self.reader.text(table, "figure_note").map(|n| n.value),
            figure_alt: alts::read(&mut self.reader, table),
            video: self.reader.url(table, "video").map(|v| v.value),
            per_side: per_side?,
            prescriptions,
            recommended: recommended?,
            limits: limits?,
            clinic: Vec::new(),
            figure: None,
            undrawable: None,
            translations,
        })
    }

    /// The exercise's steps, each checked for its markers
    /// (`steps::problems`).
    fn steps(&mut self, table: &dyn TableLike) -> Vec<String> {
        let steps = self.reader.text_list(table, "steps");
        for step in &steps {
            for d in steps::problems(&step.value, step.span.as_ref()) {
                self.reader.push(d);
            }
        }
        steps.into_iter().map(|t| t.value).collect()
    }

    /// A list of texts, as their values.
    fn texts(&mut self, table: &dyn TableLike, key: &str) -> Vec<String> {
        self.reader
            .text_list(table, key)
            .into_iter()
            .map(|t| t.value)
            .collect()
    }

    /// An exercise needs steps and cautions, none empty, and sources.
    fn required_lists(
        &mut self,
        span: Option<Span>,
        steps: &[String],
        cautions: &[String],
        sources: &[String],
    ) {
        if steps.is_empty() || steps.iter().any(String::is_empty) {
            self.error(
                span.clone(),
                "an exercise needs `steps`, none of them empty",
            );
        }
        if cautions.is_empty() || cautions.iter().any(String::is_empty) {
            self.error(
                span.clone(),
                "an exercise needs at least one caution, none of them empty",
            );
        }
        if sources.is_empty() {
            self.error(span, "an exercise needs `sources`");
        }
    }

    /// Which prescription a plan's missing fields start from:
    /// `recommended = "<source id>"`, needed when there are several.
    fn recommended(
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

    fn per_side(&mut self, entry: &dyn TableLike, span: Option<Span>) -> Option<PerSide> {
        let Some(table) = self.reader.table(entry, "per_side") else {
            self.error(
                span,
                "exercise without `per_side = { value = ..., from = [...] }`",
            );
            return None;
        };
        let at = entry.get("per_side").and_then(|i| i.span().map(Span::from));
        self.reader
            .only_keys(table, &["value", "from", "default"], "`per_side`");
        let value = self.reader.flag(table, "value");
        let origin = self.origin(table, at.clone());
        if value.is_none() {
            self.error(at, "`per_side` needs `value = true` or `value = false`");
        }
        Some(PerSide {
            value: value?.value,
            origin: origin?,
        })
    }

    /// Add entries, replacing same-id ones, then rebuild the name index and
    /// report names shared by two different exercises.
    fn add_entries(&mut self, entries: Vec<(Entry, Option<Span>)>) {
        let mut spans: BTreeMap<String, Option<Span>> = BTreeMap::new();
        for (entry, span) in entries {
            if spans.contains_key(&entry.id) {
                self.error(span, format!("exercise id `{}` is defined twice", entry.id));
                continue;
            }
            spans.insert(entry.id.clone(), span);
            if entry.figure_alt.is_some() {
                self.given_alts.push(entry.id.clone());
            }
            let mut entry = entry;
            match self.catalogue.entries.iter().position(|e| e.id == entry.id) {
                Some(i) => {
                    // A replaced exercise keeps its figure unless the new
                    // file draws its own, and with it the words that say
                    // what the figure shows (`alts` drops them if the file
                    // draws a new one).
                    let old = &self.catalogue.entries[i];
                    entry.figure = old.figure.clone();
                    if entry.figure_alt.is_none() {
                        entry.figure_alt = old.figure_alt.clone();
                    }
                    for (language, t) in &mut entry.translations {
                        if t.figure_alt.is_none() {
                            t.figure_alt = old
                                .translations
                                .get(language)
                                .and_then(|o| o.figure_alt.clone());
                        }
                    }
                    self.catalogue.entries[i] = Arc::new(entry);
                }
                None => self.catalogue.entries.push(Arc::new(entry)),
            }
        }
        let names: Vec<Names> = self
            .catalogue
            .entries
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str(), e.aliases.as_slice()))
            .collect();
        let (index, shared) = index(&names);
        let problems: Vec<(Option<Span>, String)> = shared
            .into_iter()
            .map(|(id, message)| (spans.get(&id).cloned().flatten(), message))
            .collect();
        for (span, message) in problems {
            self.error(span, message);
        }
        self.catalogue.index = index;
        self.entry_spans.extend(spans);
    }

    /// Draw each `[figure.ID]` and attach it to exercise ID.
    fn figures(&mut self, root: &dyn TableLike) {
        let drawn = figures::drawings(&mut self.reader, root, &mut self.catalogue.entries);
        self.drawn.extend(drawn);
    }

    /// Read, check and attach each `figure_image`.
    fn images(&mut self) {
        let images = std::mem::take(&mut self.images);
        figures::images(
            &mut self.reader,
            images,
            &self.drawn,
            self.files,
            &mut self.catalogue.entries,
        );
    }

    fn safety(&mut self, table: &dyn TableLike, span: Option<Span>) {
        self.reader.only_keys(
            table,
            &translations::keys_with(&["text", "from", "only", "regions"]),
            "[[safety]]",
        );
        let translations = translations::safety(&mut self.reader, table);
        let text = self
            .reader
            .required_text(table, "text", "safety text", span.clone());
        let only = match self.reader.text(table, "only") {
            None => None,
            Some(only) => match only.value.as_str() {
                "daily" => Some(Only::Daily),
                "not-daily" => Some(Only::NotDaily),
                other => {
                    self.error(
                        only.span,
                        format!("unknown `only = \"{other}\"`; use \"daily\" or \"not-daily\""),
                    );
                    return;
                }
            },
        };
        let regions = super::class::regions(&mut self.reader, table);
        let from = self.reader.text_list(table, "from");
        let from = match (from.is_empty(), self.implied_source()) {
            (true, Some(id)) => vec![id],
            (true, None) => {
                self.error(span, "safety advice needs `from = [source ids]`");
                return;
            }
            (false, _) => self.source_ids(from),
        };
        if let Some(text) = text {
            self.catalogue.safety.push(Safety {
                text: text.value,
                from,
                only,
                regions,
                translations,
            });
        }
    }

    fn routine(&mut self, table: &dyn TableLike, span: Option<Span>) {
        self.reader
            .only_keys(table, &["id", "name", "from", "exercises"], "[[routine]]");
        let id = self
            .reader
            .required_text(table, "id", "routine id", span.clone());
        let name = self
            .reader
            .required_text(table, "name", "routine name", span.clone());
        let from = self.reader.text_list(table, "from");
        let from = self.source_ids(from);
        let mut exercises = Vec::new();
        for wanted in self.reader.text_list(table, "exercises") {
            match self.catalogue.find_id(&wanted.value) {
                Some(id) => exercises.push(id.to_owned()),
                None => self.error(
                    wanted.span,
                    format!(
                        "routine exercise `{}` is not in the catalogue",
                        wanted.value
                    ),
                ),
            }
        }
        if exercises.is_empty() {
            self.error(span, "a routine needs `exercises`");
            return;
        }
        let (Some(id), Some(name)) = (id, name) else {
            return;
        };
        let routine = Routine {
            id: id.value,
            name: name.value,
            from,
            exercises,
            translations: BTreeMap::new(),
        };
        match self
            .catalogue
            .routines
            .iter()
            .position(|r| r.id == routine.id)
        {
            Some(i) => self.catalogue.routines[i] = routine,
            None => self.catalogue.routines.push(routine),
        }
    }
}

/// An entry's id, name and aliases.
type Names<'a> = (&'a str, &'a str, &'a [String]);

/// The name index of entries with `names` (normalised id, name and alias
/// -> the entry's place), and each name an entry shares with an earlier
/// one: the entry's id and the message saying so.
fn index(names: &[Names]) -> (BTreeMap<String, usize>, Vec<(String, String)>) {
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut shared = Vec::new();
    for (i, &(id, name, aliases)) in names.iter().enumerate() {
        let all = [id, name]
            .into_iter()
            .chain(aliases.iter().map(String::as_str));
        for one in all {
            let key = suggest::normalise(one);
            match index.get(&key) {
                Some(&j) if j != i => {
                    let other = names[j].0;
                    let message = format!("name `{one}` of `{id}` is already used by `{other}`");
                    shared.push((id.to_owned(), message));
                }
                _ => {
                    index.insert(key, i);
                }
            }
        }
    }
    (index, shared)
}

/// The reps and hold limits that span every prescription's own range, so
/// each source's literal dose passes; the recommended one's low end is the
/// dose a plan gets when it leaves a field out. No hold limit when no
/// prescription holds.
fn spans(given: &[(Prescription, String)], recommended: usize) -> (Limit, Option<Limit>) {
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
fn minutes_span(given: &[(Prescription, String)], recommended: usize) -> Option<Limit> {
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

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::{builtin, extend};
    use crate::diag::{SourceFile, render};

    #[test]
    fn builtin_catalogue_is_valid() {
        if let Err(broken) = builtin() {
            panic!("{}", broken.details());
        }
    }

    #[test]
    fn clinic_entry_with_unsourced_limit_is_rejected_with_location() {
        let clinic = r#"
[[exercise]]
id = "wall-sit"
name = "Wall sit"
sources = ["relieve"]
position = "Standing"
targets = "t"
why = "w"
when = "w"
steps = ["s"]
cautions = ["c"]
per_side = { value = false, from = ["relieve"] }
[exercise.limits]
sets = { min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }
reps = { min = 1, max = 3, recommended = 1 }
per_day = { min = 1, max = 2, recommended = 1, default = "no figure in the sources: once" }
per_week = { min = 1, max = 7, default = "no figure in the sources: daily" }
"#;
        let errors = extend(builtin().unwrap(), clinic).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.starts_with("no source"));
        let file = SourceFile::new("clinic.toml", clinic);
        let shown = render(&errors[0], &file);
        assert!(shown.contains("clinic.toml:15:8"), "{shown}");
    }
}
