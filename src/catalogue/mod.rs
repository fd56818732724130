//! The exercise catalogue: what each exercise is, how to do it, and the dose
//! limits a plan is checked against, each limit with where it comes from.
//!
//! The built-in catalogue is `templates/catalogue.toml`, embedded at build
//! time; a clinic file (`--catalogue`) adds entries and may replace built-in
//! ones by id. Loading validates every rule in `templates/FORMAT.md`, so a
//! `Catalogue` value is always internally consistent: ids and aliases unique,
//! recommended doses within limits, every limit sourced, routines resolvable.

pub mod figure;
mod load;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

pub use figure::Figure;
pub use load::{Files, Pictures, add_figures, builtin, extend, extend_from};

use crate::suggest;

/// The built-in catalogue's text, as shipped.
pub const BUILTIN_TEXT: &str = include_str!("../../templates/catalogue.toml");
/// The name diagnostics use for the built-in catalogue.
pub const BUILTIN_NAME: &str = "templates/catalogue.toml";
/// The built-in catalogue's figures, as shipped.
pub const FIGURES_TEXT: &str = include_str!("../../templates/figures.toml");
/// The name diagnostics use for the built-in figures.
pub const FIGURES_NAME: &str = "templates/figures.toml";

/// A source article the catalogue's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
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

/// The limits of each dose field. No `hold` limit means the exercise has no hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limits {
    pub sets: Limit,
    pub reps: Limit,
    pub hold: Option<Limit>,
    pub per_day: Limit,
    pub per_week: Limit,
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
    pub targets: String,
    pub why: String,
    pub when: String,
    pub steps: Vec<String>,
    pub cautions: Vec<String>,
    pub notes: Vec<String>,
    pub per_side: PerSide,
    pub limits: Limits,
    /// The illustration, if the catalogue gives one. Not part of the JSON
    /// listing: it is drawing data, not facts about the exercise.
    #[serde(skip)]
    pub figure: Option<Figure>,
}

/// General advice printed on every sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Safety {
    pub text: String,
    pub from: Vec<String>,
}

/// A starter routine for `rx new`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Routine {
    pub id: String,
    pub name: String,
    pub from: Vec<String>,
    pub exercises: Vec<String>,
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
}

impl Catalogue {
    pub fn entries(&self) -> &[Arc<Entry>] {
        &self.entries
    }

    pub fn safety(&self) -> &[Safety] {
        &self.safety
    }

    pub fn routines(&self) -> &[Routine] {
        &self.routines
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// Find an exercise by id, display name or alias; case, spaces and
    /// hyphens don't matter.
    pub fn find(&self, name: &str) -> Option<&Arc<Entry>> {
        self.index
            .get(&suggest::normalise(name))
            .map(|&i| &self.entries[i])
    }

    /// Ids and aliases close to an unknown name, nearest first, at most one
    /// name per exercise.
    pub fn suggest(&self, name: &str) -> Vec<&str> {
        let names: Vec<&str> = self
            .entries
            .iter()
            .flat_map(|e| {
                std::iter::once(e.id.as_str()).chain(e.aliases.iter().map(String::as_str))
            })
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
