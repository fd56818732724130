use chrono::NaiveDate;

use super::registry::{About, FOLDERS, about};
use super::{Arg, Language, dates};

/// The message ids a file defines, in file order.
fn ids(file: &str) -> Vec<&str> {
    file.lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim()))
        .collect()
}

/// What is wrong with `sheet`, the sheet.ftl of `code`, against English's
/// messages: a syntax error, a message missing, extra, duplicated or out of
/// English's order.
fn sheet_problem(code: &str, sheet: &str) -> Option<String> {
    let file = format!("templates/lang/{code}/sheet.ftl");
    if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(sheet.into()) {
        return Some(format!("{file}: {errors:?}"));
    }
    let english = ids(FOLDERS[0].sheet());
    let mut own = ids(sheet);
    let missing: Vec<&str> = english
        .iter()
        .filter(|id| !own.contains(id))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Some(format!("{file} lacks {missing:?}"));
    }
    if own != english {
        return Some(format!(
            "{file}: ids differ from English's (or their order)"
        ));
    }
    own.sort_unstable();
    own.dedup();
    (own.len() != english.len()).then(|| format!("{file}: duplicate ids"))
}

#[test]
fn every_file_parses_and_defines_the_english_messages() {
    assert!(ids(FOLDERS[0].sheet()).len() > 80);
    for folder in &FOLDERS {
        let problem = sheet_problem(folder.code, folder.sheet());
        assert!(problem.is_none(), "{problem:?}");
    }
}

#[test]
fn a_sheet_file_missing_a_message_is_named() {
    let spanish = Language::parse("es").expect("es");
    let sheet = super::registry::languages()[spanish.0].folder.sheet();
    let line = sheet
        .lines()
        .find(|l| l.starts_with("safety-title ="))
        .expect("the safety heading");
    let without = sheet.replace(&format!("{line}\n"), "");
    assert_eq!(
        sheet_problem("es", &without).as_deref(),
        Some("templates/lang/es/sheet.ftl lacks [\"safety-title\"]")
    );
}

#[test]
fn every_message_formats_without_errors() {
    let n = |v: u32| Arg::Count(u64::from(v));
    let args = [
        ("name", Arg::Text("Ana")),
        ("issued", Arg::Text("1")),
        ("review", Arg::Text("2")),
        ("date", Arg::Text("3")),
        ("number", n(1)),
        ("total", n(2)),
        ("phone", Arg::Text("555")),
        ("who", Arg::Text("R")),
        ("email", Arg::Text("a@b")),
        ("sets", n(2)),
        ("reps", n(10)),
        ("seconds", n(5)),
        ("times", n(3)),
        ("days", n(3)),
        ("minutes", n(13)),
        ("frequency", Arg::Text("f")),
        ("week", n(1)),
        ("first", n(1)),
        ("last", n(2)),
        ("weeks", Arg::Text("w")),
        ("start", Arg::Text("s")),
        ("end", Arg::Text("e")),
        ("label", Arg::Text("l")),
        ("weekday", Arg::Text("d")),
        ("day", Arg::Text("1")),
        ("month", Arg::Text("m")),
        ("year", Arg::Text("2026")),
        // The booklet's.
        ("count", n(15)),
        ("sources", Arg::Text("\"A\"")),
        ("titles", Arg::Text("\"A\"")),
        ("box", Arg::Text("b")),
        ("text", Arg::Text("t")),
        ("source", Arg::Text("from \"A\"")),
        ("id", Arg::Text("ten-stretches")),
        ("summary", Arg::Text("s")),
        ("note", Arg::Text("n")),
        ("reading", Arg::Text("r")),
        ("limit", Arg::Text("1–3")),
        ("value", n(1)),
        ("range", Arg::Text("1–3")),
        ("most", n(3)),
        ("margin", n(2)),
        ("largest", n(10)),
        ("from", Arg::Text("gentle")),
        ("holding", Arg::Text("5 min")),
        ("held", Arg::Text("2 min 30 s")),
        ("held-from", Arg::Text("gentle")),
        ("side", Arg::Text("no")),
        ("place", Arg::Text("rx.toml:12")),
        ("basis", Arg::Text("Riverside protocol")),
        // A source's record in the booklet.
        ("title", Arg::Text("T")),
        ("publisher", Arg::Text("P")),
        ("url", Arg::Text("https://a.example")),
        ("date", Arg::Text("2026-12-07")),
    ];
    let fonts = crate::fonts::Fonts::load();
    for language in Language::all() {
        let m = language.messages();
        for id in ids(FOLDERS[0].sheet()) {
            let text = m.format(id, &args);
            assert!(text.is_ok(), "{language:?}: {text:?}");
            let text = text.expect("checked");
            // No bidi isolation marks: they would be printed.
            assert!(!text.contains(['\u{2068}', '\u{2069}']));
            let undrawable = fonts.undrawable(&text, true);
            assert_eq!(undrawable, None, "{language:?} {id}: {text}");
        }
    }
}

#[test]
fn codes_parse_in_any_case_and_unknown_ones_do_not() {
    assert_eq!(Language::parse(" ES "), Some(Language(1)));
    assert_eq!(Language::parse("en"), Some(Language::ENGLISH));
    assert_eq!(Language::parse("Spanish"), Some(Language(1)));
    assert_eq!(Language::parse("ESPAÑOL"), Some(Language(1)));
    assert_eq!(Language::parse("english"), Some(Language::ENGLISH));
    assert_eq!(Language::parse("fr"), None);
    // More languages come after these two, by code.
    assert!(
        Language::available().starts_with("en (English), es (Spanish)"),
        "{}",
        Language::available()
    );
}

#[test]
fn dates_use_the_languages_own_names() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let en = Language::ENGLISH.messages();
    let es = Language::parse("es").expect("es").messages();
    assert_eq!(dates::long(en, date), "Sunday 22 November 2026");
    assert_eq!(dates::short(en, date), "22 Nov 2026");
    assert_eq!(dates::long(es, date), "domingo 22 de noviembre de 2026");
    assert_eq!(dates::short(es, date), "22 nov 2026");
    assert_eq!(dates::weekday_short(es, date), "dom");
    // English names match chrono's, so English sheets keep their bytes.
    for day in 0..366 {
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + chrono::Days::new(day);
        assert_eq!(
            dates::long(en, date),
            date.format("%A %-d %B %Y").to_string()
        );
        assert_eq!(dates::short(en, date), date.format("%-d %b %Y").to_string());
        assert_eq!(
            dates::weekday_short(en, date),
            date.format("%a").to_string()
        );
    }
}

#[test]
fn every_folder_under_templates_lang_is_a_language_english_first() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/lang");
    let mut folders: Vec<String> = std::fs::read_dir(&root)
        .expect("templates/lang")
        .map(|e| e.expect("an entry"))
        .filter(|e| e.file_type().expect("a type").is_dir())
        .map(|e| e.file_name().into_string().expect("a UTF-8 name"))
        .collect();
    folders.sort_by(|a, b| (a != "en", a).cmp(&(b != "en", b)));
    let registered: Vec<&str> = Language::all().map(Language::code).collect();
    assert_eq!(registered, folders);
    assert!(registered.len() >= 2, "{registered:?}");
}

#[test]
fn every_language_toml_names_its_folder_and_its_language() {
    for folder in &FOLDERS {
        let named = about(folder);
        assert!(
            named.is_ok(),
            "templates/lang/{}/language.toml: {named:?}",
            folder.code
        );
        let id = folder.code.parse::<unic_langid::LanguageIdentifier>();
        assert!(id.is_ok(), "{}: not a language code", folder.code);
    }
    let es = Language::parse("es").expect("es");
    assert_eq!(es.name(), "Spanish");
    assert_eq!(Language::parse("Español"), Some(es));
}

#[test]
fn a_language_toml_with_another_code_a_missing_name_or_a_bad_partial_is_refused() {
    let folder = |language| super::registry::Folder {
        code: "vi",
        language,
        sheet: crate::packed::Packed::new(&[]),
        catalogue: None,
    };
    let messages = |language| -> Vec<String> {
        let errors = about(&folder(language)).expect_err("invalid");
        errors.into_iter().map(|d| d.message).collect()
    };
    assert_eq!(
        messages("code = \"vn\"\nname = \"Vietnamese\"\nnative = \"Tiếng Việt\"\n"),
        ["code `vn` is not the folder's name `vi`"]
    );
    assert_eq!(
        messages("code = \"vi\"\nname = \"Vietnamese\"\n"),
        ["missing `native`"]
    );
    assert_eq!(
        messages(
            "code = \"vi\"\nname = \"Vietnamese\"\nnative = \"Tiếng Việt\"\npartial = \"yes\"\n"
        ),
        ["`partial` must be true or false, not a string"]
    );
    let good = "code = \"vi\"\nname = \"Vietnamese\"\nnative = \"Tiếng Việt\"\n";
    let vietnamese = |partial| About {
        name: "Vietnamese".to_owned(),
        native: "Tiếng Việt".to_owned(),
        partial,
    };
    assert_eq!(about(&folder(good)).expect("valid"), vietnamese(false));
    let partial = "code = \"vi\"\nname = \"Vietnamese\"\nnative = \"Tiếng Việt\"\npartial = true\n";
    assert_eq!(about(&folder(partial)).expect("valid"), vietnamese(true));
}

/// Every shipped language is complete today; a partial one is declared in
/// its `language.toml` and held to less (`catalogue::translations`).
#[test]
fn shipped_languages_say_whether_they_are_partial() {
    let es = Language::parse("es").expect("es");
    assert!(!es.is_partial());
    assert!(!Language::ENGLISH.is_partial());
}
