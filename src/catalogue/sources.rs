//! `[sources.ID]` tables -> `Source` records: the programme or article a
//! fact comes from, as the catalogue cites it (templates/FORMAT.md,
//! "Sources"). Beside the title, a source records its publisher, the
//! publisher's own pages, the copies it was read from (`seen_at`), how much
//! of it was seen and when. A fact the record does not know is said in
//! `not_known`, never left out silently, so a clinic can tell "not
//! recorded" from "forgotten".
//!
//! A source with only a `title` (a clinic's own, or an older clinic file)
//! stays valid: the record is checked once any part of it is given.

use serde::Serialize;
use toml_edit::TableLike;

use super::Source;
use crate::diag::{Code, Diagnostic, Span};
use crate::fields::toml::Reader;

/// The keys a `[sources.ID]` table may hold.
pub const KEYS: &[&str] = &[
    "title",
    "publisher",
    "urls",
    "seen_at",
    "seen",
    "date_seen",
    "not_known",
];

/// The longest web address a source may record: long enough for the
/// deep links of health services' pages, short enough to print.
const MAX_URL: usize = 400;

/// How much of a source was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Seen {
    /// The whole page or leaflet.
    Whole,
    /// Part of it: later exercises may be missing, not absent.
    Excerpt,
    /// A copy on another site (a clinic page, an upload of a leaflet),
    /// not the publisher's own page.
    Copy,
}

impl Seen {
    const ALL: [(&'static str, Seen); 3] = [
        ("whole", Seen::Whole),
        ("excerpt", Seen::Excerpt),
        ("copy", Seen::Copy),
    ];

    /// The word the catalogue file uses.
    pub fn word(self) -> &'static str {
        Seen::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map(|(w, _)| *w)
            .expect("every kind has a word")
    }
}

/// One `[sources.ID]` table; `None` with the problems reported when the
/// title is missing.
pub fn read(
    reader: &mut Reader,
    id: &str,
    table: &dyn TableLike,
    span: Option<Span>,
) -> Option<Source> {
    reader.only_keys(table, KEYS, "a source");
    let title = reader.required_text(table, "title", "source title", span.clone());
    let publisher = reader.text(table, "publisher").map(|p| p.value);
    let urls = links(reader, table, "urls");
    let seen_at = links(reader, table, "seen_at");
    let seen = seen(reader, table);
    let date_seen = reader
        .date(table, "date_seen")
        .map(|d| d.value.format("%Y-%m-%d").to_string());
    let not_known = reader.text(table, "not_known").map(|n| n.value);
    let source = Source {
        id: id.to_owned(),
        title: title?.value,
        publisher,
        urls,
        seen_at,
        seen,
        date_seen,
        not_known,
    };
    complete(reader, &source, table, span);
    Some(source)
}

/// A list of web addresses, each `http(s)://` with no spaces.
fn links(reader: &mut Reader, table: &dyn TableLike, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for link in reader.text_list(table, key) {
        let lower = link.value.to_ascii_lowercase();
        let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
            && !link.value.contains(char::is_whitespace)
            && link.value.len() <= MAX_URL;
        if ok {
            out.push(link.value);
        } else {
            reader.push(
                Diagnostic::error(
                    Code::BadCatalogue,
                    format!(
                        "`{key}`: \"{}\" is not a web address",
                        crate::fields::shorten(&link.value)
                    ),
                )
                .at(link.span)
                .label(format!(
                    "an http(s) address with no spaces, at most {MAX_URL} characters"
                )),
            );
        }
    }
    out
}

fn seen(reader: &mut Reader, table: &dyn TableLike) -> Option<Seen> {
    let word = reader.text(table, "seen")?;
    let found = Seen::ALL
        .iter()
        .find(|(w, _)| *w == word.value)
        .map(|(_, s)| *s);
    if found.is_none() {
        reader.push(
            Diagnostic::error(
                Code::BadCatalogue,
                format!("unknown `seen = \"{}\"`", word.value),
            )
            .at(word.span)
            .help("use \"whole\", \"excerpt\" or \"copy\""),
        );
    }
    found
}

/// Once a source records any of publisher, addresses, `seen` or the date,
/// it records all of them, or says in `not_known` what it does not know;
/// a source seen as a copy names the copy.
fn complete(reader: &mut Reader, source: &Source, table: &dyn TableLike, span: Option<Span>) {
    let recorded = KEYS[1..].iter().any(|k| table.get(k).is_some());
    if !recorded {
        return;
    }
    let mut missing = Vec::new();
    if source.publisher.is_none() {
        missing.push("`publisher`");
    }
    if source.urls.is_empty() && source.seen_at.is_empty() {
        missing.push("`urls`");
    }
    if source.seen.is_none() {
        missing.push("`seen`");
    }
    if source.date_seen.is_none() {
        missing.push("`date_seen`");
    }
    if !missing.is_empty() && source.not_known.is_none() {
        reader.push(
            Diagnostic::error(
                Code::BadCatalogue,
                format!(
                    "source `{}` records no {}",
                    source.id,
                    super::join_and(&missing.iter().map(|m| (*m).to_owned()).collect::<Vec<_>>())
                ),
            )
            .at(span.clone())
            .help("give them, or say in `not_known = \"...\"` what is not known and why"),
        );
    }
    if source.seen == Some(Seen::Copy) && source.seen_at.is_empty() {
        let at = table.get("seen").and_then(|i| i.span().map(Span::from));
        reader.push(
            Diagnostic::error(
                Code::BadCatalogue,
                format!(
                    "source `{}` was seen as a copy but names no copy",
                    source.id
                ),
            )
            .at(at)
            .help("add the copy's address: `seen_at = [\"https://...\"]`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::{Catalogue, builtin, extend};
    use crate::diag::{SourceFile, render};

    /// The errors of loading `sources` (a file of sources only), rendered.
    fn errors(sources: &str) -> String {
        let errors = extend(Catalogue::default(), sources).expect_err("refused");
        let file = SourceFile::new("clinic.toml", sources);
        errors.iter().map(|d| render(d, &file)).collect()
    }

    #[test]
    fn a_source_with_only_a_title_is_still_valid() {
        let catalogue = extend(Catalogue::default(), "[sources.clinic]\ntitle = \"Ours\"\n")
            .expect("a title alone is enough");
        assert_eq!(
            catalogue.source("clinic").map(|s| s.title.as_str()),
            Some("Ours")
        );
    }

    #[test]
    fn a_partly_recorded_source_must_say_what_is_not_known() {
        let shown =
            errors("[sources.nhs]\ntitle = \"Balance\"\npublisher = \"NHS\"\nseen = \"excerpt\"\n");
        assert!(
            shown.contains("error[RX0501]: source `nhs` records no `urls` and `date_seen`")
                && shown.contains("clinic.toml:1:10"),
            "{shown}"
        );
        let said = "[sources.nhs]\ntitle = \"Balance\"\npublisher = \"NHS\"\nseen = \"excerpt\"\n\
                    not_known = \"the page was read from a printout\"\n";
        assert!(extend(Catalogue::default(), said).is_ok());
    }

    #[test]
    fn a_source_seen_as_a_copy_names_the_copy() {
        let shown = errors(
            "[sources.cdc]\ntitle = \"Chair rise\"\npublisher = \"CDC\"\nurls = [\"https://cdc.gov/x\"]\n\
             seen = \"copy\"\ndate_seen = 2026-12-07\n",
        );
        assert!(
            shown.contains("source `cdc` was seen as a copy but names no copy")
                && shown.contains("clinic.toml:5:8"),
            "{shown}"
        );
    }

    #[test]
    fn a_source_refuses_an_unknown_seen_and_an_address_that_is_not_a_link() {
        let shown = errors(
            "[sources.cdc]\ntitle = \"Chair rise\"\npublisher = \"CDC\"\nurls = [\"cdc.gov/chair rise\"]\n\
             seen = \"skimmed\"\ndate_seen = 2026-12-07\n",
        );
        assert!(
            shown.contains("`urls`: \"cdc.gov/chair rise\" is not a web address")
                && shown.contains("clinic.toml:4:9"),
            "{shown}"
        );
        assert!(
            shown.contains("unknown `seen = \"skimmed\"`") && shown.contains("clinic.toml:5:8"),
            "{shown}"
        );
    }

    #[test]
    fn every_builtin_source_records_publisher_pages_and_date_or_says_why_not() {
        let catalogue = builtin().expect("the built-in catalogue");
        for source in catalogue.sources() {
            // `seen` given means the loader held the record to be complete.
            assert!(source.seen.is_some(), "`{}` records no `seen`", source.id);
            let known = source.publisher.is_some()
                && !(source.urls.is_empty() && source.seen_at.is_empty())
                && source.date_seen.is_some();
            assert!(known || source.not_known.is_some(), "{source:?}");
        }
    }
}
