//! The sheet's languages: which there are, and every word a sheet prints in
//! each, from Fluent message files (`templates/lang/CODE/sheet.ftl`, embedded).
//!
//! Bundles are parsed once per process, on first use, and shared by every
//! sheet and thread after that (a `OnceLock`, never written again). Only this
//! module sees the Fluent crates; layout asks for a message by id with plain
//! values. Diagnostics are not here: they stay in English.
//!
//! Adding a language is adding a folder `templates/lang/CODE/`
//! (`registry`; the README's "Adding a language").

pub mod dates;
pub mod registry;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use registry::{Registered, languages};

/// A sheet's language: one of `registry::languages()`, by its index there.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Language(usize);

impl Language {
    pub const ENGLISH: Language = Language(0);

    /// The language a code or name gives ("es", "Spanish", "español"; any
    /// case, spaces around ignored), as a plan, the settings, a CSV cell
    /// (a practice-management export's "Preferred Language") or
    /// `--language` writes it.
    pub fn parse(given: &str) -> Option<Language> {
        let given = given.trim().to_lowercase();
        languages()
            .iter()
            .position(|l| {
                l.code == given
                    || l.name.to_lowercase() == given
                    || l.native.to_lowercase() == given
            })
            .map(Language)
    }

    /// Every language, English first.
    pub fn all() -> impl Iterator<Item = Language> {
        (0..languages().len()).map(Language)
    }

    pub fn code(self) -> &'static str {
        languages()[self.0].code
    }

    /// Its name in English.
    pub fn name(self) -> &'static str {
        &languages()[self.0].name
    }

    /// The built-in catalogue's patient text in this language
    /// (`templates/lang/CODE/catalogue.toml`), and the name diagnostics use
    /// for it; `None` for English, the catalogue's own.
    pub fn catalogue(self) -> Option<(String, &'static str)> {
        let code = self.code();
        languages()[self.0]
            .folder
            .catalogue()
            .map(|text| (format!("templates/lang/{code}/catalogue.toml"), text))
    }

    /// Whether its `language.toml` says `partial = true`: its catalogue
    /// text may leave out exercises and safety lines.
    pub fn is_partial(self) -> bool {
        languages()[self.0].partial
    }

    /// "en (English), es (Spanish)", for an unknown language's help.
    pub fn available() -> String {
        Language::all()
            .map(|l| format!("{} ({})", l.code(), l.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// This language's words.
    pub fn messages(self) -> &'static Messages {
        static ALL: OnceLock<Vec<Messages>> = OnceLock::new();
        &ALL.get_or_init(|| languages().iter().map(Messages::new).collect())[self.0]
    }
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A value passed into a message: text as it is, or a count (which picks
/// a plural form).
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Count(u64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(text)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(text)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Count(u64::from(n))
    }
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Count(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Count(n as u64)
    }
}

/// One language's parsed messages.
pub struct Messages {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl Messages {
    fn new(registered: &Registered) -> Messages {
        let language = Language::parse(registered.code).expect("a registered code");
        // Every folder's name is a language identifier (the tests check);
        // one that is not gets the root locale's plurals, never a panic.
        let id: unic_langid::LanguageIdentifier = registered.code.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No bidi isolation marks around values: they would be printed.
        bundle.set_use_isolating(false);
        // A file that does not parse is caught by `every_file_parses`; what
        // did parse is still used.
        let resource = FluentResource::try_new(registered.folder.sheet().to_owned())
            .unwrap_or_else(|(resource, _)| resource);
        // Duplicate ids keep the first: also caught by the tests.
        let _ = bundle.add_resource(resource);
        Messages { language, bundle }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `id` with no values.
    pub fn text(&self, id: &str) -> String {
        self.with(id, &[])
    }

    /// The message `id` with `args` filled in. A missing message (which
    /// the tests rule out for every language) prints its id, never panics.
    pub fn with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.format(id, args).unwrap_or_else(|_| id.to_owned())
    }

    /// The message `id`, or what was wrong with it.
    fn format(&self, id: &str, args: &[(&str, Arg)]) -> Result<String, String> {
        let pattern = self
            .bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("no message `{id}`"))?;
        let mut values = FluentArgs::new();
        for (name, arg) in args {
            match *arg {
                Arg::Text(text) => values.set(*name, FluentValue::from(text)),
                Arg::Count(n) => values.set(*name, FluentValue::from(n)),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&values), &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            Err(format!("message `{id}`: {errors:?}"))
        }
    }
}

#[cfg(test)]
mod tests;
