//! A file's entries into the catalogue: each added or replacing the
//! built-in one with its id, and the name index rebuilt. FORMAT.md's rules:
//! an id given once per file; ids, names and aliases unique across the
//! catalogue; a replaced exercise keeps its figure (and the words saying
//! what it shows) unless the file gives its own.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Loader;
use crate::catalogue::Entry;
use crate::diag::Span;
use crate::suggest;

impl Loader<'_> {
    /// Add entries, replacing same-id ones, then rebuild the name index and
    /// report names shared by two different exercises.
    pub(super) fn add_entries(&mut self, entries: Vec<(Entry, Option<Span>)>) {
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
}

/// An entry's id, name and aliases.
pub(super) type Names<'a> = (&'a str, &'a str, &'a [String]);

/// The name index of entries with `names` (normalised id, name and alias
/// -> the entry's place), and each name an entry shares with an earlier
/// one: the entry's id and the message saying so.
pub(super) fn index(names: &[Names]) -> (BTreeMap<String, usize>, Vec<(String, String)>) {
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
