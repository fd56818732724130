use chrono::NaiveDate;

use super::{Arg, LANGUAGES, Language, dates};

/// The message ids a file defines, in file order.
fn ids(file: &str) -> Vec<&str> {
    file.lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim()))
        .collect()
}

#[test]
fn every_file_parses_and_defines_the_english_messages() {
    let english = ids(LANGUAGES[0].sheet);
    assert!(english.len() > 80, "{}", english.len());
    for registered in LANGUAGES {
        if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(registered.sheet.into()) {
            panic!("{}: {errors:?}", registered.code);
        }
        let mut own = ids(registered.sheet);
        assert_eq!(own, english, "{}: ids differ from English", registered.code);
        own.sort_unstable();
        own.dedup();
        assert_eq!(
            own.len(),
            english.len(),
            "{}: duplicate ids",
            registered.code
        );
    }
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
    ];
    for language in Language::all() {
        let m = language.messages();
        for id in ids(LANGUAGES[0].sheet) {
            let text = m.format(id, &args);
            assert!(text.is_ok(), "{language:?}: {text:?}");
            // No bidi isolation marks: they would be printed.
            assert!(!text.unwrap().contains(['\u{2068}', '\u{2069}']));
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
    assert_eq!(Language::available(), "en (English), es (Spanish)");
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
