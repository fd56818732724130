//! The built-in catalogue (`templates/catalogue.toml`, its figures and its
//! translations), read whole (`builtin`) or with each exercise read when a
//! command first looks it up (`builtin_deferred`, through
//! `catalogue::deferred`); and `Broken`, the built-in files failing their
//! own rules. The built-in files follow the same FORMAT.md rules as a
//! clinic's, read by the same `Loader`.

use std::collections::BTreeMap;

use toml_edit::TableLike;

use super::entries::{Names, index};
use super::{Glyphs, Loader, NoPictures, TOP_KEYS, add_figures, load, parse};
use crate::catalogue::{
    BUILTIN_NAME, Catalogue, Entry, FIGURES_NAME, builtin_text, deferred, figures_text,
    translations,
};
use crate::diag::Diagnostic;

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
        builtin_text(),
        &NoPictures("cannot be read: pictures come only with a catalogue file"),
        Glyphs::Trusted,
    )
    .map_err(broken(BUILTIN_NAME, builtin_text()))?;
    let mut catalogue =
        add_figures(catalogue, figures_text()).map_err(broken(FIGURES_NAME, figures_text()))?;
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
    let (rest, items) = deferred::split_items(builtin_text(), "exercise")?;
    let exercises = items
        .into_iter()
        .map(deferred::Exercise::scan)
        .collect::<Option<Vec<_>>>()?;
    let figures = deferred::split(figures_text(), "figure");
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
pub(in crate::catalogue) fn builtin_entry(
    text: &str,
    sources: &BTreeMap<String, crate::catalogue::Source>,
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
