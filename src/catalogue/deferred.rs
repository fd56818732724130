//! The built-in catalogue's exercises, each read with its figure and
//! translations the first time a command looks it up instead of all at
//! start.
//!
//! Why: every run of rx loads the built-in catalogue, and with 86
//! exercises parsing the whole of `templates/catalogue.toml` and reading
//! every entry was over half the instructions of an `rx build` of the
//! example plan (about 25M and 7.5M of 61.0M; callgrind), drawing every
//! figure and reading every translation more before that. A sheet of six
//! exercises needs six entries.
//!
//! In: `templates/catalogue.toml` cut into its `[[exercise]]` items, each
//! with its sub-tables (`split_items`), and each item's `id`, `name` and
//! `aliases` read from their own lines alone (`Exercise::scan`), which is
//! all the name index and "did you mean" need; the rest of the file
//! (sources, safety lines, routines) is read at start as before, the
//! routines finding their exercises in the index. The figures file and
//! each language's file are cut into their `[figure.ID]` and
//! `[exercise.ID]` sections (`split`); a name in another language is
//! looked for among those sections' own `name` lines when it first misses
//! the index. Out: an entry read by the same loader as the whole load,
//! with its figure and translations, exactly as the whole load gives it.
//! The tests load the built-in catalogue whole, which checks every part,
//! and hold the index, each lookup and each entry read here equal to the
//! whole load's, so an entry read late has no problem to report. Only
//! header lines and the lines of the names are looked at before a parse,
//! and any item whose names cannot be read so sends the command to the
//! whole load, which says what is wrong.
//!
//! What start-up costs now, `rx build` of the example plan: 40.0M
//! instructions, against 53.9M for a3c291c's 33 exercises (0.74x; `rx
//! check` 23.8M against 37.7M, 0.63x; release builds, callgrind), and
//! 0.87x its wall time (0.83x for `rx check`; medians of 60 pairs by
//! `scripts/startup-bench`; commands in docs/benchmarks.md). A command
//! that lists every entry (`rx catalogue`, `rx new`) or loads a clinic
//! catalogue, which may replace any entry, reads them all, as before.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use super::{Entry, Source, figures, load, translations};
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

/// `text` cut before each header line: the first piece is what comes
/// before the first header. A comment before a header stays with the
/// section above it, which is all a comment can do. Only the header lines
/// are looked at, so the cut costs next to nothing: memchr's `memmem`
/// finds them (0.3M instructions for the three built-in files at start,
/// where `str::match_indices` took 3.9M; callgrind, `rx build` of the
/// example).
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memmem::find_iter(text.as_bytes(), b"\n[").map(|i| i + 1))
        .collect();
    starts.push(text.len());
    (0..starts.len() - 1).map(move |i| &text[starts[i]..starts[i + 1]])
}

/// `text` cut at its header lines: a section whose header starts with
/// `TABLE.ID` goes to that id, any other to the rest.
pub fn split(text: &str, table: &str) -> Sections {
    let mut out = Sections::default();
    for section in pieces(text) {
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

/// The header path of a section, `TABLE.ID...` of `[TABLE.ID...]` or
/// `[[TABLE.ID...]]`, and whether it is an array's (`[[...]]`).
fn header(section: &str) -> Option<(&str, bool)> {
    let path = section.strip_prefix('[')?;
    let array = path.starts_with('[');
    let path = path.trim_start_matches('[');
    Some((&path[..path.find(']')?], array))
}

/// The id of a section whose header is `[TABLE.ID...]` or `[[TABLE.ID...]]`.
fn section_id<'a>(section: &'a str, table: &str) -> Option<&'a str> {
    let (path, _) = header(section)?;
    let mut parts = path.split('.').map(str::trim);
    (parts.next()? == table).then_some(())?;
    parts.next()
}

/// `text` cut into its `[[TABLE]]` items, each with the sub-tables that
/// follow it (`[TABLE.limits]`, `[[TABLE.prescription]]`), in order, and
/// the rest. `None` where a sub-table comes before any item, which only
/// the whole parse can explain.
pub fn split_items(text: &str, table: &str) -> Option<(String, Vec<String>)> {
    let mut rest = String::new();
    let mut items: Vec<String> = Vec::new();
    for section in pieces(text) {
        let Some((path, array)) = header(section) else {
            rest.push_str(section);
            continue;
        };
        let mut parts = path.split('.').map(str::trim);
        if parts.next() != Some(table) {
            rest.push_str(section);
        } else if parts.next().is_none() && array {
            items.push(section.to_owned());
        } else {
            items.last_mut()?.push_str(section);
        }
    }
    Some((rest, items))
}

/// One built-in exercise not read yet: the names the index needs, found
/// without reading the rest of it, and its text.
#[derive(Debug)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Its `[[exercise]]` section with its sub-tables.
    text: String,
}

/// The keys the name index is built from: an entry's `id`, `name` and
/// `aliases`, as `load` reads them.
const NAME_KEYS: [&str; 3] = ["id", "name", "aliases"];

impl Exercise {
    /// The names of the `[[exercise]]` section `text`, read from the lines
    /// that give them alone; `None` where they cannot be read so (the
    /// whole load then reports why).
    pub fn scan(text: String) -> Option<Exercise> {
        let lines = key_lines(&text, &NAME_KEYS);
        let doc = crate::fields::toml::document(&lines).ok()?;
        let mut reader = Reader::default();
        let id = reader.text(doc.as_table(), "id")?.value;
        let name = reader.text(doc.as_table(), "name")?.value;
        let aliases = reader.text_list(doc.as_table(), "aliases");
        if reader.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        let aliases = aliases.into_iter().map(|a| a.value).collect();
        Some(Exercise {
            id,
            name,
            aliases,
            text,
        })
    }
}

/// The lines of a section's own table (before its first sub-table) that
/// give one of `keys`, each with the lines that continue it (a list over
/// several lines). A multi-line string could hold a line that looks like a
/// key: with one, the whole table is kept.
fn key_lines(item: &str, keys: &[&str]) -> String {
    let own = pieces(item).next().unwrap_or_default();
    let body = own.split_once('\n').map_or("", |(_, body)| body);
    let holds = |quotes: &[u8]| memchr::memmem::find(body.as_bytes(), quotes).is_some();
    if holds(b"\"\"\"") || holds(b"'''") {
        return body.to_owned();
    }
    let mut out = String::new();
    let mut keep = false;
    for line in body.lines() {
        if let Some(key) = bare_key(line) {
            keep = keys.contains(&key);
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The `name` of an `[exercise.ID]` translation, read as the whole load
/// reads it, from its own line.
fn translated_name(section: &str) -> Option<String> {
    let lines = key_lines(section, &["name"]);
    let doc = crate::fields::toml::document(&lines).ok()?;
    let mut reader = Reader::default();
    let name = reader.text(doc.as_table(), "name")?.value;
    (!reader.diagnostics.iter().any(Diagnostic::is_error)).then_some(name)
}

/// The key of a `KEY = ...` line, for a bare key; a line continuing a list,
/// a comment or anything else is `None`.
fn bare_key(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len());
    let (key, after) = line.split_at(end);
    (!key.is_empty() && after.trim_start().starts_with('=')).then_some(key)
}

/// The built-in parts not yet read or attached to their entries.
#[derive(Debug)]
pub struct Deferred {
    /// The exercises of `templates/catalogue.toml`, in its order.
    pub exercises: Vec<Exercise>,
    /// `[figure.ID]` sections of `templates/figures.toml`, by id.
    pub figures: BTreeMap<String, String>,
    /// Per language, the `[exercise.ID]` sections of its catalogue.toml.
    pub translations: Vec<(Language, BTreeMap<String, String>)>,
    /// The exercises' names in other languages (`translated`).
    translated: OnceLock<Option<BTreeMap<String, usize>>>,
}

impl Deferred {
    /// Deferred `exercises`, `figures` and `translations`.
    pub fn new(
        exercises: Vec<Exercise>,
        figures: BTreeMap<String, String>,
        translations: Vec<(Language, BTreeMap<String, String>)>,
    ) -> Self {
        Deferred {
            exercises,
            figures,
            translations,
            translated: OnceLock::new(),
        }
    }

    /// Each exercise's name in every other language, normalised, -> the
    /// first exercise (in catalogue order) with that name, read from the
    /// names' own lines when a name first misses the index (a Spanish plan
    /// may say "Puente"); `None` where a name cannot be read so.
    pub fn translated(&self) -> Option<&BTreeMap<String, usize>> {
        let names = self.translated.get_or_init(|| {
            let mut names = BTreeMap::new();
            for (i, exercise) in self.exercises.iter().enumerate() {
                for (_, sections) in &self.translations {
                    if let Some(text) = sections.get(&exercise.id) {
                        let name = translated_name(text)?;
                        names.entry(crate::suggest::normalise(&name)).or_insert(i);
                    }
                }
            }
            Some(names)
        });
        names.as_ref()
    }

    /// Exercise `i` read, with its figure and translations, its sources
    /// being `sources` (the built-in catalogue's).
    pub fn read(&self, i: usize, sources: &BTreeMap<String, Source>) -> Arc<Entry> {
        let entry = load::builtin_entry(&self.exercises[i].text, sources).expect(VALID);
        self.attach(&Arc::new(entry))
    }

    /// `entry` with its figure and translations.
    fn attach(&self, entry: &Arc<Entry>) -> Arc<Entry> {
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
const VALID: &str =
    "the built-in exercises, figures and translations are valid (the tests load them whole)";

#[cfg(test)]
mod tests {
    use super::{Exercise, split, split_items};
    use crate::catalogue::{Catalogue, builtin, builtin_deferred};

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

    #[test]
    fn items_keep_their_sub_tables_and_the_rest_keeps_everything_else() {
        let text = "# head\n[sources.a]\ntitle = \"A\"\n[[exercise]]\nid = \"x\"\n[exercise.limits]\nsets = 1\n[[exercise.prescription]]\nreps = 2\n[[safety]]\ntext = \"s\"\n[[exercise]]\nid = \"y\"\n[[routine]]\nid = \"r\"\n";
        let (rest, items) = split_items(text, "exercise").expect("items");
        assert_eq!(
            rest,
            "# head\n[sources.a]\ntitle = \"A\"\n[[safety]]\ntext = \"s\"\n[[routine]]\nid = \"r\"\n"
        );
        assert_eq!(
            items,
            [
                "[[exercise]]\nid = \"x\"\n[exercise.limits]\nsets = 1\n[[exercise.prescription]]\nreps = 2\n",
                "[[exercise]]\nid = \"y\"\n",
            ]
        );
        // A sub-table with no item to belong to is left to the whole load.
        assert!(split_items("[exercise.limits]\nsets = 1\n", "exercise").is_none());
    }

    #[test]
    fn names_are_read_from_their_own_lines_alone() {
        let text = "[[exercise]]\nid = \"bridge\"\n# a comment\nname = \"Bridge\"\nwhy = \"It helps.\"\naliases = [\n  \"glute bridge\", # the NHS's\n  \"hip lift\",\n]\nsteps = [\n  \"name = not a key\",\n]\n[exercise.limits]\nname = \"not the entry's\"\n";
        let exercise = Exercise::scan(text.to_owned()).expect("names");
        assert_eq!(exercise.id, "bridge");
        assert_eq!(exercise.name, "Bridge");
        assert_eq!(exercise.aliases, ["glute bridge", "hip lift"]);
        // A multi-line string could hide a line like a key: then the whole
        // table is read.
        let text =
            "[[exercise]]\nid = \"a\"\nwhy = \"\"\"\nname = \"Not it\"\n\"\"\"\nname = \"A\"\n";
        let exercise = Exercise::scan(text.to_owned()).expect("names");
        assert_eq!((exercise.id.as_str(), exercise.name.as_str()), ("a", "A"));
        assert!(Exercise::scan("[[exercise]]\nname = \"no id\"\n".to_owned()).is_none());
    }

    /// The built-in catalogue as a command gets it, its exercises deferred
    /// (not the whole load it falls back on).
    fn lazy() -> Catalogue {
        let catalogue = builtin_deferred().expect("the built-in catalogue loads");
        assert!(catalogue.deferred.is_some(), "the exercises are deferred");
        catalogue
    }

    /// How many entries `catalogue` has read so far.
    fn read(catalogue: &Catalogue) -> usize {
        catalogue
            .attached
            .iter()
            .filter(|e| e.get().is_some())
            .count()
    }

    /// What a command sees of the catalogue loaded with its exercises
    /// deferred is what the whole load gives: each entry looked up, every
    /// entry, the sources, safety lines and routines with their
    /// translations.
    #[test]
    fn deferred_parts_attach_as_the_whole_load_gives_them() {
        let whole = builtin().expect("the built-in catalogue loads");
        let deferred = lazy();
        for entry in whole.entries() {
            assert_eq!(deferred.find(&entry.id), Some(entry), "{}", entry.id);
            assert!(entry.figure.is_some(), "{}", entry.id);
        }
        assert_eq!(deferred.entries(), whole.entries());
        assert!(deferred.sources().eq(whole.sources()));
        assert_eq!(deferred.safety(), whole.safety());
        assert_eq!(deferred.routines(), whole.routines());
        let spanish = whole.entries()[0].translations.values().next();
        let name = &spanish.expect("a translation").name;
        assert_eq!(
            lazy().find(name).map(|e| &e.id),
            whole.find(name).map(|e| &e.id)
        );
    }

    /// The name index built from each entry's names alone finds what the
    /// whole load's finds, and suggests the same near names, without
    /// reading an entry.
    #[test]
    fn names_indexed_unread_find_and_suggest_as_the_whole_load() {
        let whole = builtin().expect("the built-in catalogue loads");
        let deferred = lazy();
        assert_eq!(deferred.index, whole.index);
        for entry in whole.entries() {
            let names = [&entry.id, &entry.name].into_iter().chain(&entry.aliases);
            for name in names {
                assert_eq!(deferred.find_id(name), Some(entry.id.as_str()), "{name}");
                let typo = format!("{}x", &name[..name.len() - 1]);
                assert_eq!(deferred.suggest(&typo), whole.suggest(&typo), "{typo}");
            }
        }
        assert_eq!(read(&deferred), 0);
    }

    #[test]
    fn a_lookup_reads_only_the_entry_it_finds() {
        let catalogue = lazy();
        // The routines name their exercises, and the index alone finds them.
        assert!(!catalogue.routines().is_empty());
        assert_eq!(read(&catalogue), 0);
        let whole = builtin().expect("the built-in catalogue loads");
        let first = &whole.entries()[0];
        assert_eq!(catalogue.find(&first.name), Some(first));
        assert_eq!(read(&catalogue), 1);
        catalogue.find(&first.id);
        assert_eq!(read(&catalogue), 1);
        assert_eq!(catalogue.entries().len(), whole.entries().len());
        assert_eq!(read(&catalogue), whole.entries().len());
    }

    /// A name in another language finds what the whole load finds, and
    /// reads only that entry; an unknown name reads none.
    #[test]
    fn other_language_names_find_their_entry_reading_only_it() {
        let whole = builtin().expect("the built-in catalogue loads");
        let deferred = lazy();
        let mut names = 0;
        for entry in whole.entries() {
            for translation in entry.translations.values() {
                let found = deferred.find(&translation.name).map(|e| &e.id);
                assert_eq!(found, whole.find(&translation.name).map(|e| &e.id));
                names += 1;
            }
        }
        assert!(names >= whole.entries().len(), "{names}");
        let catalogue = lazy();
        assert_eq!(catalogue.find("no such exercise"), None);
        assert_eq!(read(&catalogue), 0);
        let entry = &whole.entries()[1];
        let spanish = entry.translations.values().next().expect("a translation");
        assert_eq!(catalogue.find(&spanish.name), Some(entry));
        assert_eq!(read(&catalogue), 1);
    }
}
