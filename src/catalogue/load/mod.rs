//! Catalogue TOML -> `Catalogue`, checking every rule of `templates/FORMAT.md`
//! with located diagnostics, for the built-in file and clinic files alike.
//!
//! One `Loader` reads a file top-down, each part in its own module, named
//! for what it reads:
//! - `sources.rs`: `[sources.ID]`, source ids and a limit's origin;
//! - `entry.rs`: one `[[exercise]]` (and the glyph check of its text);
//! - `prescriptions.rs`: its `[[exercise.prescription]]` tables;
//! - `limits.rs`: its `[exercise.limits]`, and the limits derived from
//!   the prescriptions;
//! - `entries.rs`: the file's entries into the catalogue and its name index;
//! - `safety.rs`: `[[safety]]`; `routines.rs`: `[[routine]]`;
//! - `builtin.rs`: the built-in files, whole or one entry at a time.
//!
//! Figures and pictures are read by `catalogue::figures`, translations by
//! `catalogue::translations`, a clinic's `[limits.ID]` by `crate::limits`.

mod builtin;
mod entries;
mod entry;
mod limits;
mod prescriptions;
mod routines;
mod safety;
mod sources;

use std::collections::BTreeMap;

use toml_edit::{ImDocument, TableLike};

pub(super) use builtin::builtin_entry;
pub use builtin::{Broken, builtin, builtin_deferred};
pub use entry::undrawable;

use super::{Catalogue, Entry, Range, alts, figures};
use crate::diag::{Code, Diagnostic, Span};
use crate::fields::Spanned;
use crate::fields::toml::Reader;
use crate::fonts::Fonts;

/// `limits` (a clinic's own, `[limits.ID]`) is read by `crate::limits::read`
/// once the catalogue is loaded, not here.
const TOP_KEYS: &[&str] = &[
    "sources", "safety", "routine", "exercise", "figure", "limits",
];

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

/// One catalogue file being read into `catalogue`: the diagnostics found so
/// far (in `reader`) and what a later part of the file is checked against.
/// Its methods live beside what they read (see the module doc).
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
}

#[cfg(test)]
mod tests {
    use super::{builtin, extend};
    use crate::catalogue::fixtures::WALL_SIT;
    use crate::diag::{SourceFile, render};

    #[test]
    fn builtin_catalogue_is_valid() {
        if let Err(broken) = builtin() {
            panic!("{}", broken.details());
        }
    }

    #[test]
    fn clinic_entry_with_unsourced_limit_is_rejected_with_location() {
        // The shared clinic entry, its reps limit without the words that
        // say no source gives a figure (line 15).
        let sourced = r#"reps = { min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }"#;
        assert!(WALL_SIT.contains(sourced));
        let clinic = &WALL_SIT
            .replace("Lying on your back", "Standing")
            .replace(sourced, "reps = { min = 1, max = 3, recommended = 1 }");
        let errors = extend(builtin().unwrap(), clinic).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.starts_with("no source"));
        let file = SourceFile::new("clinic.toml", clinic);
        let shown = render(&errors[0], &file);
        assert!(shown.contains("clinic.toml:15:8"), "{shown}");
    }
}
