//! An entry's patient text in other languages: in a clinic catalogue
//! (templates/FORMAT.md), `[exercise.CODE]` with `name`, `position`, `why`,
//! `steps` and `cautions`, and `[safety.CODE]` with `text`, CODE a language
//! other than English; for the built-in catalogue, each language's
//! `templates/lang/CODE/catalogue.toml` (`builtin`). A translation gives every field, and exactly as many steps and
//! cautions as the English, so a translated sheet never drops a step or a
//! caution. A language whose `language.toml` says `partial = true` may leave
//! out exercises and safety lines: a plan needing one is refused
//! (`check::translations`), as for a clinic entry with no translation.

use std::collections::BTreeMap;

use toml_edit::TableLike;

use std::sync::Arc;

use super::{Catalogue, Entry, Translation};
use crate::diag::{Code, Diagnostic, Span};
use crate::fields::toml::Reader;
use crate::lang::Language;
use crate::suggest;

const EXERCISE_KEYS: &[&str] = &["name", "position", "why", "steps", "cautions", "figure_alt"];

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
/// and `cautions` cautions.
pub fn exercise(
    reader: &mut Reader,
    table: &dyn TableLike,
    steps: &[String],
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
        if let Some(translation) = one(reader, inner, span, &context, (steps, cautions)) {
            out.insert(language, translation);
        }
    }
    out
}

/// One translation table (`context` names it in messages), held to the
/// English's steps (their count and markers) and count of cautions.
fn one(
    reader: &mut Reader,
    inner: &dyn TableLike,
    span: Option<Span>,
    context: &str,
    (english, cautions): (&[String], usize),
) -> Option<Translation> {
    reader.only_keys(inner, EXERCISE_KEYS, context);
    let mut text = |key: &str| {
        reader
            .required_text(inner, key, &format!("`{key}` in {context}"), span.clone())
            .map(|t| t.value)
    };
    let (name, position, why) = (text("name"), text("position"), text("why"));
    let figure_alt = super::alts::read(reader, inner);
    let english_steps = english;
    let mut list = |key: &str, english: usize| {
        let items = reader.text_list(inner, key);
        if key == "steps" {
            for (i, step) in items.iter().enumerate() {
                let span = step.span.as_ref();
                let mut found = super::steps::problems(&step.value, span);
                if let Some(en) = english_steps.get(i) {
                    found.extend(super::steps::same_flags(en, &step.value, span));
                }
                for d in found {
                    reader.push(d);
                }
            }
        }
        let items: Vec<String> = items.into_iter().map(|t| t.value).collect();
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
    let steps = list("steps", english.len());
    let cautions = list("cautions", cautions);
    Some(Translation {
        name: name?,
        position: position?,
        why: why?,
        steps: steps?,
        cautions: cautions?,
        figure_alt,
    })
}

/// `catalogue` (the built-in one) with its text in `language` from that
/// language's `templates/lang/CODE/catalogue.toml`: `[exercise.ID]` tables
/// by exercise id, and `[[safety]]` tables, one per line of safety advice in
/// the catalogue's order. An exercise the file leaves out has no text in the
/// language (the tests require every one of a complete language); an
/// unknown id is an error in that file. A complete language gives exactly
/// the catalogue's safety lines, each with its `text`; a `partial` one may
/// stop early or give a `[[safety]]` with no `text`, leaving that line
/// without text in the language.
pub fn builtin(
    mut catalogue: Catalogue,
    language: Language,
    text: &str,
    partial: bool,
) -> Result<Catalogue, Vec<Diagnostic>> {
    let doc = crate::fields::toml::document(text).map_err(|d| vec![*d])?;
    let root: &dyn TableLike = doc.as_table();
    let mut reader = Reader::default();
    reader.only_keys(
        root,
        &["safety", "exercise", "routine"],
        "a language's catalogue.toml",
    );
    routines(&mut reader, root, &mut catalogue, language);
    // Entries read later (`deferred`) get their text as they are read:
    // only a file with exercise texts needs every entry now.
    if root.contains_key("exercise") {
        catalogue.settle();
        exercises(&mut reader, root, &mut catalogue.entries, language);
    }
    let lines = reader.tables(root, "safety");
    let too_few = lines.len() < catalogue.safety.len() && !partial;
    if too_few || lines.len() > catalogue.safety.len() {
        let at = root.get("safety").and_then(|i| i.span().map(Span::from));
        reader.push(
            Diagnostic::error(
                Code::BadCatalogue,
                format!(
                    "{} [[safety]] tables where the catalogue has {} lines of safety advice",
                    lines.len(),
                    catalogue.safety.len()
                ),
            )
            .at(at)
            .help("translate each [[safety]] line of templates/catalogue.toml, in its order"),
        );
    }
    for ((table, span), safety) in lines.into_iter().zip(&mut catalogue.safety) {
        reader.only_keys(table, &["text"], "[[safety]]");
        let text = if partial {
            reader.text(table, "text")
        } else {
            reader.required_text(table, "text", "safety `text`", span)
        };
        if let Some(text) = text {
            safety.translations.insert(language, text.value);
        }
    }
    if reader.diagnostics.iter().any(Diagnostic::is_error) {
        Err(reader.diagnostics)
    } else {
        Ok(catalogue)
    }
}

/// `[exercise.ID]` tables: each exercise's patient text, held to the
/// English's counts of steps and cautions.
pub(super) fn exercises(
    reader: &mut Reader,
    root: &dyn TableLike,
    entries: &mut [Arc<Entry>],
    language: Language,
) {
    let Some(exercises) = reader.table(root, "exercise") else {
        return;
    };
    for (id, item) in exercises.iter() {
        let span = exercises
            .get_key_value(id)
            .and_then(|(k, _)| k.span().map(Span::from));
        let Some(i) = entries.iter().position(|e| e.id == id) else {
            let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
            let help = suggest::did_you_mean(&suggest::nearest(id, &ids, 3));
            let d = Diagnostic::error(
                Code::BadCatalogue,
                format!("`[exercise.{id}]`: the catalogue has no exercise `{id}`"),
            )
            .at(span);
            reader.push(match help {
                Some(help) => d.help(help),
                None => d,
            });
            continue;
        };
        let Some(inner) = item.as_table_like() else {
            reader.wrong_type(item, id, "a table");
            continue;
        };
        // Borrowed, not a clone of the `Arc`: `make_mut` below then changes
        // the entry in place instead of copying it.
        let entry = &entries[i];
        let counts = (entry.steps.as_slice(), entry.cautions.len());
        if let Some(t) = one(reader, inner, span, &format!("[exercise.{id}]"), counts) {
            Arc::make_mut(&mut entries[i])
                .translations
                .insert(language, t);
        }
    }
}

/// `[routine.ID]` tables: each starter routine's `name`.
fn routines(
    reader: &mut Reader,
    root: &dyn TableLike,
    catalogue: &mut Catalogue,
    language: Language,
) {
    let Some(routines) = reader.table(root, "routine") else {
        return;
    };
    for (id, item) in routines.iter() {
        let span = routines
            .get_key_value(id)
            .and_then(|(k, _)| k.span().map(Span::from));
        let Some(routine) = catalogue.routines.iter_mut().find(|r| r.id == id) else {
            reader.push(
                Diagnostic::error(
                    Code::BadCatalogue,
                    format!("`[routine.{id}]`: the catalogue has no routine `{id}`"),
                )
                .at(span),
            );
            continue;
        };
        let Some(inner) = item.as_table_like() else {
            reader.wrong_type(item, id, "a table");
            continue;
        };
        let context = format!("[routine.{id}]");
        reader.only_keys(inner, &["name"], &context);
        let what = format!("`name` in {context}");
        if let Some(name) = reader.required_text(inner, "name", &what, span) {
            routine.translations.insert(language, name.value);
        }
    }
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

    /// What `catalogue` lacks in `language`, each naming the file and table
    /// to add.
    fn untranslated(catalogue: &super::Catalogue, language: Language) -> Vec<String> {
        let file = format!("templates/lang/{}/catalogue.toml", language.code());
        let entries = catalogue
            .entries()
            .iter()
            .filter(|e| e.printed(language).is_none())
            .map(|e| format!("{file} has no [exercise.{}]", e.id));
        let safety = catalogue
            .safety()
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                language != Language::ENGLISH && !s.translations.contains_key(&language)
            })
            .map(|(i, _)| format!("{file} has no [[safety]] number {}", i + 1));
        let routines = catalogue
            .routines()
            .iter()
            .filter(|r| language != Language::ENGLISH && !r.translations.contains_key(&language))
            .map(|r| format!("{file} has no [routine.{}]", r.id));
        entries.chain(safety).chain(routines).collect()
    }

    /// A plan may name an exercise in its sheet language: each translated
    /// name finds its own entry and no other, so it never shadows another
    /// exercise's English name or alias.
    #[test]
    fn every_translated_name_finds_its_own_exercise() {
        let catalogue = super::super::builtin().expect("the built-in catalogue loads");
        let mut checked = 0;
        for entry in catalogue.entries() {
            for (language, translation) in &entry.translations {
                let found = catalogue.find(&translation.name).map(|e| e.id.as_str());
                assert_eq!(
                    found,
                    Some(entry.id.as_str()),
                    "{:?} ({language:?})",
                    translation.name
                );
                checked += 1;
            }
        }
        let complete = Language::all()
            .filter(|&l| l != Language::ENGLISH && !l.is_partial())
            .count();
        assert!(checked >= catalogue.entries().len() * complete, "{checked}");
    }

    /// A complete language has every exercise and safety line; a partial
    /// one (`partial = true` in its language.toml) may leave some out. What
    /// either gives keeps the English numbers.
    #[test]
    fn every_builtin_entry_and_safety_line_has_every_complete_language_with_the_english_numbers() {
        let catalogue = super::super::builtin().expect("the built-in catalogue loads");
        for language in Language::all() {
            let missing = untranslated(&catalogue, language);
            assert!(missing.is_empty() || language.is_partial(), "{missing:#?}");
            for entry in catalogue.entries() {
                let english = entry.printed(Language::ENGLISH).expect("English");
                let Some(printed) = entry.printed(language) else {
                    continue;
                };
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
                    Language::ENGLISH => Some(&safety.text),
                    _ => safety.translations.get(&language),
                };
                let Some(text) = text else {
                    continue;
                };
                assert_eq!(numbers(text), numbers(&safety.text), "{text}");
            }
        }
    }

    /// The bundled fonts draw every built-in text in every language and
    /// weight it prints in. Held here rather than checked at every start
    /// (`load::builtin`), so a built-in entry's `undrawable` stays `None`.
    #[test]
    fn every_builtin_text_is_drawable_with_the_bundled_fonts() {
        let catalogue = super::super::builtin().expect("the built-in catalogue loads");
        let fonts = crate::fonts::Fonts::load();
        for entry in catalogue.entries() {
            assert_eq!(entry.undrawable, None, "{}", entry.id);
            let found = super::super::undrawable(entry, &fonts);
            assert_eq!(found, None, "{}", entry.id);
        }
        // The check itself finds a character the fonts lack, in a
        // translation as in the English.
        let es = Language::parse("es").expect("es");
        let mut entry = (*catalogue.entries()[0]).clone();
        let translation = entry.translations.get_mut(&es).expect("Spanish");
        translation.steps[0].push('王');
        assert_eq!(super::super::undrawable(&entry, &fonts), Some('王'));
    }

    /// The built-in catalogue with no Spanish but `text` as Spanish's
    /// catalogue.toml.
    fn with_spanish(text: &str) -> Result<super::Catalogue, Vec<String>> {
        with_spanish_as(text, false)
            .map_err(|errors| errors.into_iter().map(|d| d.message).collect())
    }

    /// The built-in catalogue with no Spanish but `text` in its place, for a
    /// `partial` language or a complete one. (The registry holds only the
    /// shipped languages, so a test's language takes Spanish's slot.)
    fn with_spanish_as(
        text: &str,
        partial: bool,
    ) -> Result<super::Catalogue, Vec<crate::diag::Diagnostic>> {
        let es = Language::parse("es").expect("es");
        let mut catalogue = super::super::builtin().expect("built-in");
        for entry in &mut catalogue.entries {
            std::sync::Arc::make_mut(entry).translations.clear();
        }
        for safety in &mut catalogue.safety {
            safety.translations.clear();
        }
        super::builtin(catalogue, es, text, partial)
    }

    /// A tiny French catalogue.toml, declared partial: one knee exercise,
    /// and only the safety lines not kept for back plans (the others are
    /// `[[safety]]` with no `text`), so a knee plan has all it needs.
    fn partial_french(catalogue: &super::Catalogue) -> String {
        let mut text = String::new();
        for (i, safety) in catalogue.safety().iter().enumerate() {
            text.push_str("[[safety]]\n");
            if safety.regions.is_empty() {
                text.push_str(&format!("text = \"Conseil de sécurité {}.\"\n", i + 1));
            }
        }
        text + r#"
[exercise.seated-knee-extension]
name = "Extension du genou, assis"
position = "Assis au fond d'une chaise stable"
why = "Des cuisses fortes soutiennent le genou."
steps = [
  "Asseyez-vous au fond d'une chaise stable, les deux pieds à plat sur le sol.",
  "Contractez l'avant d'une cuisse et tendez lentement ce genou.",
  "{with-hold}Gardez la jambe tendue pendant {hold}.",
  "Reposez lentement le pied sur le sol.",
]
cautions = [
  "Bougez lentement, sans balancer la jambe.",
  "Arrêtez si vous avez mal, et prévenez votre thérapeute.",
]
"#
    }

    #[test]
    fn a_partial_language_may_leave_out_exercises_and_safety_lines() {
        let es = Language::parse("es").expect("es");
        let builtin = super::super::builtin().expect("built-in");
        let french = partial_french(&builtin);
        let catalogue = with_spanish_as(&french, true).expect("a partial language loads");
        let knee = catalogue.find("seated-knee-extension").expect("knee");
        assert_eq!(
            knee.printed(es).expect("French").name,
            "Extension du genou, assis"
        );
        assert_eq!(catalogue.find("bridge").expect("bridge").printed(es), None);
        for (english, french) in builtin.safety().iter().zip(catalogue.safety()) {
            let given = french.translations.contains_key(&es);
            assert_eq!(given, english.regions.is_empty(), "{}", english.text);
        }
        // The same file as a complete language is refused: it lacks text.
        let lines = builtin.safety().iter().filter(|s| !s.regions.is_empty());
        let errors = with_spanish_as(&french, false).expect_err("incomplete");
        assert_eq!(errors.len(), lines.count(), "{errors:?}");
        assert!(
            errors.iter().all(|d| d.message == "missing safety `text`"),
            "{errors:?}"
        );
        // Partial is no licence for more lines than the catalogue has.
        let extra = format!("{french}\n[[safety]]\ntext = \"De trop.\"\n");
        let errors = with_spanish_as(&extra, true).expect_err("one line too many");
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [format!(
                "{} [[safety]] tables where the catalogue has {} lines of safety advice",
                builtin.safety().len() + 1,
                builtin.safety().len()
            )]
        );
    }

    /// A plan in a partial language builds when the language has text for
    /// all it prints, and is refused at the exercise it lacks.
    #[test]
    fn a_plan_in_a_partial_language_builds_only_with_the_exercises_it_covers() {
        let builtin = super::super::builtin().expect("built-in");
        let catalogue = with_spanish_as(&partial_french(&builtin), true).expect("loads");
        let fonts = crate::fonts::Fonts::load();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let plan = |exercise: &str| {
            format!(
                "[patient]\nname = \"A\"\n[prescriber]\nname = \"B\"\n[plan]\nweeks = 2\nlanguage = \"es\"\n[[exercise]]\nname = \"{exercise}\"\n"
            )
        };
        let (_, covered) = crate::check_plan(
            plan("seated-knee-extension").as_bytes(),
            &catalogue,
            &fonts,
            today,
        );
        assert!(!covered.has_errors(), "{:?}", covered.diagnostics);
        let built = covered.plan.expect("a valid plan");
        // The sheet prints the partial language's text, none of it English.
        let options = crate::run::Run::new(&catalogue, &fonts, today).options(&built);
        let text = crate::layout::sheet(&built, options, &fonts).text();
        assert!(text.contains("Extension du genou, assis"), "{text}");
        for safety in &built.safety {
            let french = safety.translations.values().next().expect("French");
            assert!(text.contains(french.as_str()), "{french}: {text}");
            assert!(!text.contains(safety.text.as_str()), "{text}");
        }
        assert!(!built.safety.is_empty());
        let (_, lacking) = crate::check_plan(
            plan("straight-leg-raise").as_bytes(),
            &catalogue,
            &fonts,
            today,
        );
        let errors: Vec<_> = lacking
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, crate::diag::Code::Untranslated);
        assert_eq!(
            errors[0].message,
            "`straight-leg-raise` has no Spanish text in the catalogue"
        );
        // At the exercise's name in the plan.
        let span = errors[0].span.clone().expect("located");
        let crate::diag::Span::Bytes(range) = span else {
            panic!("{span:?}");
        };
        let text = plan("straight-leg-raise");
        assert_eq!(&text[range], "\"straight-leg-raise\"");
    }

    #[test]
    fn a_language_folder_leaving_out_an_exercise_leaves_it_untranslated() {
        let es = Language::parse("es").expect("es");
        let (_, shipped) = es.catalogue().expect("Spanish has a catalogue.toml");
        let (start, end) = (
            shipped.find("[exercise.bridge]").expect("bridge"),
            shipped.find("[exercise.bird-dog]").expect("bird dog"),
        );
        let without = format!("{}{}", &shipped[..start], &shipped[end..]);
        let catalogue = with_spanish(&without).expect("valid");
        // What makes the completeness test fail, naming the file and table.
        assert_eq!(
            untranslated(&catalogue, es),
            ["templates/lang/es/catalogue.toml has no [exercise.bridge]"]
        );
        // Were it shipped, a Spanish sheet with a bridge says RX0207.
        assert_eq!(catalogue.find("bridge").expect("bridge").printed(es), None);
        let pelvic = catalogue.find("pelvic-tilt").expect("pelvic tilt");
        assert_eq!(
            pelvic.printed(es).expect("Spanish").name,
            "Inclinación pélvica"
        );
    }

    #[test]
    fn a_language_folder_with_an_unknown_exercise_or_too_few_safety_lines_is_refused() {
        let errors =
            with_spanish("[[safety]]\ntext = \"Uno.\"\n\n[exercise.brige]\nname = \"Puente\"\n")
                .expect_err("invalid");
        assert_eq!(
            errors,
            [
                "`[exercise.brige]`: the catalogue has no exercise `brige`",
                "1 [[safety]] tables where the catalogue has 7 lines of safety advice"
            ]
        );
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
