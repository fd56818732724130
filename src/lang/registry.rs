//! The languages there are: one per folder `templates/lang/CODE/`, found by
//! `build.rs` (English first, then by code) and embedded (`sheet.ftl` and
//! `catalogue.toml` compressed, `crate::packed`), each with its
//! `language.toml` (its code and names, and whether it is partial) read on
//! first use.

use std::sync::OnceLock;

use crate::diag::{Code, Diagnostic, Span};
use crate::fields::toml::Reader;
use crate::packed::Packed;

/// One folder's files, as `build.rs` embeds them.
pub struct Folder {
    /// The folder's name: the language's code.
    pub code: &'static str,
    /// `language.toml`: `code`, `name` (in English), `native` (in itself),
    /// and `partial = true` for a language whose catalogue may leave text out.
    pub language: &'static str,
    /// `sheet.ftl`: every word a sheet prints.
    pub(crate) sheet: Packed,
    /// `catalogue.toml`: the built-in catalogue's patient text in this
    /// language (`None` for English, the catalogue's own).
    pub(crate) catalogue: Option<Packed>,
}

impl Folder {
    /// `sheet.ftl`: every word a sheet prints.
    pub fn sheet(&'static self) -> &'static str {
        self.sheet.text()
    }

    /// `catalogue.toml`: the built-in catalogue's patient text in this
    /// language (`None` for English, the catalogue's own).
    pub fn catalogue(&'static self) -> Option<&'static str> {
        self.catalogue.as_ref().map(|packed| packed.text())
    }
}

/// Every folder under `templates/lang/`, English first.
pub static FOLDERS: [Folder; LANGUAGES] = include!(concat!(env!("OUT_DIR"), "/languages.rs"));
/// How many folders `build.rs` found.
const LANGUAGES: usize = include!(concat!(env!("OUT_DIR"), "/language_count.rs"));

/// One language a sheet can be printed in.
pub struct Registered {
    /// The code a plan, the settings, a CSV or `--language` gives.
    pub code: &'static str,
    /// Its name in English, for diagnostics ("Spanish").
    pub name: String,
    /// Its name in itself ("español"): a CSV export may give either name.
    pub native: String,
    /// Its `catalogue.toml` may leave out exercises and safety lines: a
    /// plan needing one of those is refused (or printed in English with
    /// `--allow-fallback`), as for a clinic entry with no translation.
    pub partial: bool,
    pub folder: &'static Folder,
}

/// What a `language.toml` says of its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    pub name: String,
    pub native: String,
    pub partial: bool,
}

/// Every language, in `FOLDERS` order. A `language.toml` the tests would
/// reject (`every_language_toml_is_valid`) names its language by its code.
pub fn languages() -> &'static [Registered] {
    static ALL: OnceLock<Vec<Registered>> = OnceLock::new();
    ALL.get_or_init(|| {
        FOLDERS
            .iter()
            .map(|folder| {
                let about = about(folder).unwrap_or_else(|_| About {
                    name: folder.code.into(),
                    native: folder.code.into(),
                    partial: false,
                });
                Registered {
                    code: folder.code,
                    name: about.name,
                    native: about.native,
                    partial: about.partial,
                    folder,
                }
            })
            .collect()
    })
}

/// What `folder`'s `language.toml` gives (its English and native names,
/// whether it is partial), or what is wrong with it (spans into that file).
pub fn about(folder: &Folder) -> Result<About, Vec<Diagnostic>> {
    let doc = crate::fields::toml::document(folder.language).map_err(|d| vec![*d])?;
    let root: &dyn toml_edit::TableLike = doc.as_table();
    let mut reader = Reader::default();
    reader.only_keys(
        root,
        &["code", "name", "native", "partial"],
        "language.toml",
    );
    let mut text = |key: &str| {
        reader
            .required_text(root, key, &format!("`{key}`"), Some(Span::from(0..0)))
            .map(|t| t.value)
    };
    let (code, name, native) = (text("code"), text("name"), text("native"));
    let partial = reader.flag(root, "partial").is_some_and(|p| p.value);
    if let Some(code) = &code
        && code != folder.code
    {
        let at = root.get("code").and_then(|i| i.span().map(Span::from));
        reader.push(
            Diagnostic::error(
                Code::BadCatalogue,
                format!("code `{code}` is not the folder's name `{}`", folder.code),
            )
            .at(at)
            .help(format!(
                "write `code = \"{}\"`, or rename the folder",
                folder.code
            )),
        );
    }
    match (name, native) {
        (Some(name), Some(native)) if reader.diagnostics.is_empty() => Ok(About {
            name,
            native,
            partial,
        }),
        _ => Err(reader.diagnostics),
    }
}
