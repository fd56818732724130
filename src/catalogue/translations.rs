//! An entry's patient text in other languages (templates/FORMAT.md):
//! `[exercise.CODE]` with `name`, `position`, `why`, `steps` and `cautions`,
//! and `[safety.CODE]` with `text`, CODE a registered language other than
//! English. A translation gives every field, and exactly as many steps and
//! cautions as the English, so a translated sheet never drops a step or a
//! caution.

use std::collections::BTreeMap;

use toml_edit::TableLike;

use super::Translation;
use crate::diag::{Code, Diagnostic, Span};
use crate::fields::toml::Reader;
use crate::lang::Language;

const EXERCISE_KEYS: &[&str] = &["name", "position", "why", "steps", "cautions"];

/// The codes a table may hold a translation under: every language but English.
pub fn codes() -> Vec<&'static str> {
    Language::all()
        .filter(|&l| l != Language::ENGLISH)
        .map(Language::code)
        .collect()
}

/// `base` followed by the translation codes: the keys an entry may hold.
pub fn keys_with(base: &[&'static str]) -> Vec<&'static str> {
    base.iter().copied().chain(codes()).collect()
}

/// The translations of an `[[exercise]]` table whose English has `steps`
/// steps and `cautions` cautions.
pub fn exercise(
    reader: &mut Reader,
    table: &dyn TableLike,
    steps: usize,
    cautions: usize,
) -> BTreeMap<Language, Translation> {
    let mut out = BTreeMap::new();
    for language in Language::all().filter(|&l| l != Language::ENGLISH) {
        let code = language.code();
        let Some(inner) = reader.table(table, code) else {
            continue;
        };
        let span = table.get(code).and_then(|i| i.span().map(Span::from));
        let context = format!("[exercise.{code}]");
        reader.only_keys(inner, EXERCISE_KEYS, &context);
        let mut text = |key: &str| {
            reader
                .required_text(inner, key, &format!("`{key}` in {context}"), span.clone())
                .map(|t| t.value)
        };
        let (name, position, why) = (text("name"), text("position"), text("why"));
        let mut list = |key: &str, english: usize| {
            let items: Vec<String> = reader
                .text_list(inner, key)
                .into_iter()
                .map(|t| t.value)
                .collect();
            if items.len() != english || items.iter().any(String::is_empty) {
                reader.push(
                    Diagnostic::error(
                        Code::BadCatalogue,
                        format!("{context} has {} {key}, the English {english}", items.len()),
                    )
                    .at(span.clone())
                    .help(format!("translate each of the English {key}, none empty")),
                );
                return None;
            }
            Some(items)
        };
        let steps = list("steps", steps);
        let cautions = list("cautions", cautions);
        if let (Some(name), Some(position), Some(why), Some(steps), Some(cautions)) =
            (name, position, why, steps, cautions)
        {
            out.insert(
                language,
                Translation {
                    name,
                    position,
                    why,
                    steps,
                    cautions,
                },
            );
        }
    }
    out
}

/// The translations of a `[[safety]]` table.
pub fn safety(reader: &mut Reader, table: &dyn TableLike) -> BTreeMap<Language, String> {
    let mut out = BTreeMap::new();
    for language in Language::all().filter(|&l| l != Language::ENGLISH) {
        let code = language.code();
        let Some(inner) = reader.table(table, code) else {
            continue;
        };
        let span = table.get(code).and_then(|i| i.span().map(Span::from));
        let context = format!("[safety.{code}]");
        reader.only_keys(inner, &["text"], &context);
        if let Some(text) =
            reader.required_text(inner, "text", &format!("`text` in {context}"), span)
        {
            out.insert(language, text.value);
        }
    }
    out
}
