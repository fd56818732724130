//! The built-in catalogue's figures and translations, attached to an entry
//! the first time a command looks it up instead of all at start.
//!
//! Why: every run of rx loads the built-in catalogue, and with 83 exercises
//! drawing every figure (`templates/figures.toml`) and reading every
//! translation (`templates/lang/CODE/catalogue.toml`) was over a third of
//! the instructions of an `rx build` of the example plan (110.7M in all,
//! 17.1M for the figures, 9.5M for the Spanish; callgrind). A sheet of six
//! exercises needs six of each.
//!
//! In: each file cut into its `[figure.ID]` or `[exercise.ID]` sections by
//! a scan of its header lines (`split`); the rest of a language's file (its
//! safety lines and routine names) is read at start as before. Out: an
//! entry with its figure and translations, exactly as the whole load gives
//! it. The tests load the built-in catalogue whole, which checks every part,
//! and hold each entry attached here equal to the whole load's, so a part
//! attached late can have no problem to report.
//!
//! What start-up still costs, `rx build` of the example plan: 61.0M
//! instructions, against 53.8M for a3c291c's 33 exercises (1.13x; `rx
//! check` 44.8M against 37.8M, 1.19x; release builds, callgrind). About
//! 25M of it is parsing `templates/catalogue.toml` and 7.5M reading its
//! 86 entries, which the name index needs today. Reading an entry only when it is looked up (its
//! names indexed by a cheaper scan, or by a build script that digests the
//! TOML at compile time) would take that too; not done yet: it changes
//! what the index is built from and every place that replaces an entry,
//! a larger step than this one.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Entry, figures, translations};
use crate::diag::Diagnostic;
use crate::fields::toml::Reader;
use crate::lang::Language;

/// A text cut into the sections of one table's ids, and the rest.
#[derive(Debug, Default)]
pub struct Sections {
    /// The lines outside every `[TABLE.ID]` section, in order.
    pub rest: String,
    /// Each id's sections (`[TABLE.ID]`, `[TABLE.ID.start]` ...), in order.
    pub by_id: BTreeMap<String, String>,
}

/// `text` cut at its header lines: a section whose header starts with
/// `TABLE.ID` goes to that id, any other to the rest. A comment before a
/// header stays with the section above it, which is all a comment can do.
/// Only the header lines are looked at, so the cut costs next to nothing.
pub fn split(text: &str, table: &str) -> Sections {
    let mut out = Sections::default();
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices("\n[").map(|(i, _)| i + 1))
        .collect();
    starts.push(text.len());
    for bounds in starts.windows(2) {
        let section = &text[bounds[0]..bounds[1]];
        match section_id(section, table) {
            Some(id) => out
                .by_id
                .entry(id.to_owned())
                .or_default()
                .push_str(section),
            None => out.rest.push_str(section),
        }
    }
    out
}

/// The id of a section whose header is `[TABLE.ID...]` or `[[TABLE.ID...]]`.
fn section_id<'a>(section: &'a str, table: &str) -> Option<&'a str> {
    let path = section.strip_prefix('[')?.trim_start_matches('[');
    let path = &path[..path.find(']')?];
    let mut parts = path.split('.').map(str::trim);
    (parts.next()? == table).then_some(())?;
    parts.next()
}

/// The built-in parts not yet attached to their entries.
#[derive(Debug, Default)]
pub struct Deferred {
    /// `[figure.ID]` sections of `templates/figures.toml`, by id.
    pub figures: BTreeMap<String, String>,
    /// Per language, the `[exercise.ID]` sections of its catalogue.toml.
    pub translations: Vec<(Language, BTreeMap<String, String>)>,
}

impl Deferred {
    /// `entry` with its figure and translations.
    pub fn attach(&self, entry: &Arc<Entry>) -> Arc<Entry> {
        let mut entries = [Arc::clone(entry)];
        let mut reader = Reader::default();
        if let Some(text) = self.figures.get(&entry.id) {
            let doc = crate::fields::toml::document(text).expect(VALID);
            figures::drawings(&mut reader, doc.as_table(), &mut entries);
        }
        for (language, sections) in &self.translations {
            if let Some(text) = sections.get(&entry.id) {
                let doc = crate::fields::toml::document(text).expect(VALID);
                translations::exercises(&mut reader, doc.as_table(), &mut entries, *language);
            }
        }
        assert!(
            !reader.diagnostics.iter().any(Diagnostic::is_error),
            "{VALID}: {:?}",
            reader.diagnostics
        );
        let [entry] = entries;
        entry
    }
}

/// The invariant behind each `expect` above.
const VALID: &str = "the built-in figures and translations are valid (the tests load them whole)";

#[cfg(test)]
mod tests {
    use super::split;
    use crate::catalogue::{builtin, builtin_deferred};

    #[test]
    fn sections_go_to_their_id_and_the_rest_keeps_everything_else() {
        let text = "# head\n[[safety]]\ntext = \"a\"\n[figure.bridge]\nview = \"side\"\n[figure.bridge.start]\nhips = 0\n[routine.x]\nname = \"n\"\n[figure.cat]\n";
        let sections = split(text, "figure");
        assert_eq!(
            sections.rest,
            "# head\n[[safety]]\ntext = \"a\"\n[routine.x]\nname = \"n\"\n"
        );
        assert_eq!(
            sections.by_id["bridge"],
            "[figure.bridge]\nview = \"side\"\n[figure.bridge.start]\nhips = 0\n"
        );
        assert_eq!(sections.by_id["cat"], "[figure.cat]\n");
        assert_eq!(sections.by_id.len(), 2);
    }

    /// What a command sees of the catalogue loaded with its parts deferred
    /// is what the whole load gives: each entry looked up, every entry, the
    /// safety lines and routines with their translations.
    #[test]
    fn deferred_parts_attach_as_the_whole_load_gives_them() {
        let whole = builtin().expect("the built-in catalogue loads");
        let deferred = builtin_deferred().expect("the built-in catalogue loads");
        for entry in whole.entries() {
            assert_eq!(deferred.find(&entry.id), Some(entry), "{}", entry.id);
            assert!(entry.figure.is_some(), "{}", entry.id);
        }
        assert_eq!(deferred.entries(), whole.entries());
        assert_eq!(deferred.safety(), whole.safety());
        assert_eq!(deferred.routines(), whole.routines());
        let spanish = whole.entries()[0].translations.values().next();
        let name = &spanish.expect("a translation").name;
        assert_eq!(
            builtin_deferred().expect("loads").find(name).map(|e| &e.id),
            whole.find(name).map(|e| &e.id)
        );
    }
}
