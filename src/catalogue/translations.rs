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
                        format!(
                            "`{key}` in {context} gives {} where the English gives {english}",
                            items.len()
                        ),
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

#[cfg(test)]
mod tests {
    use crate::lang::Language;

    /// The numbers written in digits in `text`, sorted.
    fn numbers(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_builtin_entry_and_safety_line_has_every_language_with_the_english_numbers() {
        let catalogue = super::super::builtin().expect("the built-in catalogue loads");
        for language in Language::all() {
            for entry in catalogue.entries() {
                let english = entry.printed(Language::ENGLISH).expect("English");
                let printed = entry
                    .printed(language)
                    .unwrap_or_else(|| panic!("{}: no {language:?} text", entry.id));
                let what = format!("{} ({language:?})", entry.id);
                assert_eq!(numbers(printed.name), numbers(english.name), "{what} name");
                assert_eq!(
                    numbers(printed.position),
                    numbers(english.position),
                    "{what} position"
                );
                assert_eq!(numbers(printed.why), numbers(english.why), "{what} why");
                // The loader holds each translation to the English counts.
                assert_eq!(printed.steps.len(), english.steps.len(), "{what} steps");
                for (es, en) in printed.steps.iter().zip(english.steps) {
                    assert_eq!(numbers(es), numbers(en), "{what} step {en:?}");
                }
                assert_eq!(printed.cautions.len(), english.cautions.len(), "{what}");
                for (es, en) in printed.cautions.iter().zip(english.cautions) {
                    assert_eq!(numbers(es), numbers(en), "{what} caution {en:?}");
                }
            }
            for safety in catalogue.safety() {
                let text = match language {
                    Language::ENGLISH => &safety.text,
                    _ => safety
                        .translations
                        .get(&language)
                        .unwrap_or_else(|| panic!("{:?}: no {language:?} text", safety.text)),
                };
                assert_eq!(numbers(text), numbers(&safety.text), "{text}");
            }
        }
    }

    #[test]
    fn a_translation_missing_a_step_is_a_located_error() {
        let clinic = r#"
[sources.clinic]
title = "Protocol"

[[exercise]]
id = "wall-sit"
name = "Wall sit"
sources = ["clinic"]
position = "Standing"
targets = "Thighs."
why = "Strength."
when = "Daily."
steps = ["Stand with your back to a wall.", "Slide down 10 cm and hold."]
cautions = ["Stop if your knees hurt."]
per_side = { value = false, from = ["clinic"] }

[exercise.es]
name = "Sentadilla en la pared"
position = "De pie"
why = "Fuerza."
steps = ["Párese con la espalda contra la pared."]
cautions = ["Deténgase si le duelen las rodillas."]
colour = "red"

[exercise.limits]
sets = { min = 1, max = 3, recommended = 1, from = ["clinic"] }
reps = { min = 3, max = 5, recommended = 3, from = ["clinic"] }
hold = { min = 10, max = 30, recommended = 20, from = ["clinic"] }
per_day = { min = 1, max = 1, recommended = 1, from = ["clinic"] }
per_week = { min = 1, max = 7, from = ["clinic"] }
"#;
        let base = super::super::builtin().expect("built-in");
        let errors = super::super::extend(base, clinic).expect_err("invalid");
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `colour` in [exercise.es]",
                "`steps` in [exercise.es] gives 1 where the English gives 2"
            ]
        );
        assert!(errors.iter().all(|d| d.span.is_some()), "{errors:?}");
    }
}
