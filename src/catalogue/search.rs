//! Finding exercises: a `Query` (regions, postures, equipment, a search
//! word) -> the entries that match it, and a `Catalogue` cut down to them
//! for a booklet of one region. Pure: the command line builds the query.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Catalogue, Entry, Equipment, Origin, Posture, Region, Word};
use crate::lang::Language;
use crate::suggest;

/// What to find. An empty part matches every entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Entries for any of these regions.
    pub regions: Vec<Region>,
    /// Entries done in any of these postures.
    pub postures: Vec<Posture>,
    /// Entries that use every one of these.
    pub equipment: Vec<Equipment>,
    /// A word in the entry's id, name or aliases (English, or `language`'s
    /// name), or in its regions' words; case, spaces and hyphens don't
    /// matter.
    pub words: Option<String>,
    /// The language whose names the search word is also looked for in.
    pub language: Language,
}

impl Query {
    /// Whether the query asks for anything (else it is the whole catalogue).
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
            && self.postures.is_empty()
            && self.equipment.is_empty()
            && self.words.is_none()
    }

    pub fn matches(&self, entry: &Entry) -> bool {
        let region =
            self.regions.is_empty() || self.regions.iter().any(|r| entry.regions.contains(r));
        let posture =
            self.postures.is_empty() || entry.posture.is_some_and(|p| self.postures.contains(&p));
        let equipment = self.equipment.iter().all(|e| entry.equipment.contains(e));
        region
            && posture
            && equipment
            && self
                .words
                .as_deref()
                .is_none_or(|w| mentions(entry, w, self.language))
    }
}

/// Whether `word` is in one of the entry's names or region words.
fn mentions(entry: &Entry, word: &str, language: Language) -> bool {
    let wanted = suggest::normalise(word);
    if wanted.is_empty() {
        return true;
    }
    let translated = entry.printed(language).map(|p| p.name);
    [entry.id.as_str(), entry.name.as_str()]
        .into_iter()
        .chain(entry.aliases.iter().map(String::as_str))
        .chain(translated)
        .chain(entry.regions.iter().map(|r| r.word()))
        .any(|name| suggest::normalise(name).contains(&wanted))
}

impl Catalogue {
    /// The catalogue cut down to the entries `query` matches, with the
    /// sources they and the safety lines cite and the routines whose every
    /// exercise is kept; the safety advice is kept whole (every sheet
    /// prints it).
    pub fn only(&self, query: &Query) -> Catalogue {
        let entries: Vec<Arc<Entry>> = self
            .entries()
            .iter()
            .filter(|e| query.matches(e))
            .cloned()
            .collect();
        let kept = |id: &String| entries.iter().any(|e| &e.id == id);
        let routines: Vec<_> = self
            .routines
            .iter()
            .filter(|r| r.exercises.iter().all(kept))
            .cloned()
            .collect();
        let mut cited: Vec<&String> = Vec::new();
        for entry in &entries {
            cited.extend(&entry.sources);
            for p in &entry.prescriptions {
                if let Origin::From(ids) = &p.origin {
                    cited.extend(ids);
                }
            }
        }
        cited.extend(self.safety.iter().flat_map(|s| &s.from));
        cited.extend(routines.iter().flat_map(|r| &r.from));
        let sources = self
            .sources
            .iter()
            .filter(|(id, _)| cited.contains(id))
            .map(|(id, s)| (id.clone(), s.clone()))
            .collect();
        let mut index = BTreeMap::new();
        for (i, entry) in entries.iter().enumerate() {
            for name in [&entry.id, &entry.name].into_iter().chain(&entry.aliases) {
                index.entry(suggest::normalise(name)).or_insert(i);
            }
        }
        Catalogue {
            sources,
            entries,
            safety: self.safety.clone(),
            routines,
            index,
            ..Catalogue::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Query;
    use crate::catalogue::{Equipment, Posture, Region, builtin};
    use crate::lang::Language;

    fn ids(query: &Query) -> Vec<String> {
        let catalogue = builtin().expect("the built-in catalogue");
        catalogue
            .only(query)
            .entries()
            .iter()
            .map(|e| e.id.clone())
            .collect()
    }

    #[test]
    fn a_query_keeps_the_entries_of_every_part_it_gives() {
        let sitting = Query {
            postures: vec![Posture::Sitting],
            equipment: vec![Equipment::Chair],
            ..Query::default()
        };
        let found = ids(&sitting);
        assert!(found.contains(&"seated-lower-back-rotational-stretch".to_owned()));
        assert!(!found.contains(&"bridge".to_owned()), "{found:?}");
        let towel = Query {
            regions: vec![Region::Knee],
            words: Some("Hamstring".into()),
            ..Query::default()
        };
        // Both parts hold: the knee entries with the word, not those without
        // it (the library has more than one hamstring exercise).
        let found = ids(&towel);
        assert!(
            found.contains(&"towel-hamstring-stretch".to_owned()),
            "{found:?}"
        );
        assert!(
            !found.contains(&"seated-knee-extension".to_owned()),
            "{found:?}"
        );
        // A Spanish name is found with the Spanish language.
        let spanish = Query {
            words: Some("puente".into()),
            language: Language::parse("es").expect("Spanish"),
            ..Query::default()
        };
        assert_eq!(ids(&spanish), ["bridge"]);
        assert!(ids(&Query::default()).len() > 10);
    }

    #[test]
    fn a_catalogue_cut_to_a_query_keeps_only_whole_routines_and_cited_sources() {
        let catalogue = builtin().expect("the built-in catalogue");
        let knee = catalogue.only(&Query {
            regions: vec![Region::Knee],
            ..Query::default()
        });
        // A routine stays only whole: every exercise of it in the cut.
        for routine in knee.routines() {
            let whole = routine.exercises.iter().all(|id| knee.find(id).is_some());
            assert!(whole, "{}", routine.id);
        }
        assert!(knee.routine("aaos-knee").is_some());
        assert!(knee.routine("ten-stretches").is_none());
        assert!(knee.find("towel hamstring stretch").is_some());
        assert!(knee.find("bridge").is_none());
        assert_eq!(knee.safety().len(), catalogue.safety().len());
    }
}
