//! Everyday typos in a plan that the TOML parser reports in its own terms
//! ("expected newline, `#`"), said the way a therapist would fix them.
//!
//! Each rule looks only at the line the parser stopped on, so a rule that
//! does not recognise the line leaves the parser's message as it was.

use std::ops::Range;

use super::shorten;
use crate::diag::{Code, Diagnostic};

/// A plain-language diagnostic for the TOML error at `at` in `text`, if
/// the line there is one of the typos below.
pub fn explain(text: &str, at: Range<usize>, parser_message: &str) -> Option<Diagnostic> {
    let mut stop = at.start.min(text.len());
    while !text.is_char_boundary(stop) {
        stop -= 1;
    }
    let start = text[..stop].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..end].trim_end_matches('\r');
    let column = at.start.saturating_sub(start);
    let whole = start..start + line.len();
    if parser_message.contains("duplicate key") && line.trim() == "[exercise]" {
        return Some(single_brackets(Some(whole)));
    }
    let (key, rest) = line.split_once('=')?;
    let key = key.trim();
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let value = rest.trim();
    let value_start = start + (line.len() - rest.len()) + (rest.len() - rest.trim_start().len());
    let at = value_start..value_start + value.len();
    date(key, value, at.clone())
        .or_else(|| unit_after_number(key, value, at.clone()))
        .or_else(|| inner_quote(key, value, column, at.clone()))
        .or_else(|| unquoted_text(key, value, at))
}

/// `issued = 10/03/2026`: a date written the local way, unquoted.
fn date(key: &str, value: &str, at: Range<usize>) -> Option<Diagnostic> {
    if !matches!(key, "issued" | "review") || !value.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let shaped = value.len() == 10
        && value.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    if shaped {
        return Some(
            Diagnostic::error(
                Code::BadDate,
                format!("`{key}`: {value} is not a day of the calendar"),
            )
            .at(Some(at))
            .label("no such day")
            .help("check the month (01–12) and the day of that month"),
        );
    }
    Some(
        Diagnostic::error(
            Code::BadDate,
            format!("`{key}` must be a date written YYYY-MM-DD"),
        )
        .at(Some(at))
        .label("not a YYYY-MM-DD date")
        .help(format!(
            "write it as year-month-day, for example `{key} = 2026-11-30`"
        )),
    )
}

/// `[exercise]`: a table, not a list of them.
pub fn single_brackets(at: Option<Range<usize>>) -> Diagnostic {
    Diagnostic::error(
        Code::Syntax,
        "`[exercise]` needs double brackets: each exercise starts with `[[exercise]]`",
    )
    .at(at)
    .label("write `[[exercise]]`")
}

/// Where the line `[name]` (single brackets) is in `text`: the parser keeps
/// no span for a table's header.
pub fn table_header(text: &str, name: &str) -> Option<Range<usize>> {
    let header = format!("[{name}]");
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with(&header) {
            return Some(start + indent..start + indent + header.len());
        }
        start += line.len();
    }
    None
}

/// `hold = 10s`, `reps = 10 reps`, `hold = 30 sec`.
fn unit_after_number(key: &str, value: &str, at: Range<usize>) -> Option<Diagnostic> {
    let digits = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let unit = value[digits..].trim();
    if digits == 0 || unit.is_empty() || !unit.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    let number = &value[..digits];
    let implied = match key {
        "hold" => "; hold is in seconds",
        "weeks" => "; it counts weeks",
        "reps" | "sets" => "",
        "per_day" => "; it counts times a day",
        "per_week" => "; it counts days a week",
        "minutes" => "; it counts minutes",
        _ => "",
    };
    Some(
        Diagnostic::error(
            Code::WrongType,
            format!("`{key}` takes a number alone, without a unit"),
        )
        .at(Some(at))
        .label(format!("`{}` after the number", shorten(unit)))
        .help(format!("write `{key} = {number}`{implied}")),
    )
}

/// `name = "Margaret O"Brien"`: a quote inside a quoted value ends it.
fn inner_quote(key: &str, value: &str, column: usize, at: Range<usize>) -> Option<Diagnostic> {
    if !value.starts_with('"') || value.matches('"').count() < 3 || column == 0 {
        return None;
    }
    let inner = value
        .trim_start_matches('"')
        .trim_end_matches(|c: char| c == '"' || c.is_whitespace());
    let help = if inner.contains('\'') || inner.contains('\\') {
        format!(
            "put a backslash before each quote inside: `{key} = \"{}\"`",
            shorten(&inner.replace('"', "\\\""))
        )
    } else {
        format!(
            "write the value in single quotes: `{key} = '{}'`",
            shorten(inner)
        )
    };
    Some(
        Diagnostic::error(
            Code::Syntax,
            format!("the quote inside the `{key}` value ends it early"),
        )
        .at(Some(at))
        .label("a quote inside quotes")
        .help(help),
    )
}

/// `name = bridge`: text without quotes.
fn unquoted_text(key: &str, value: &str, at: Range<usize>) -> Option<Diagnostic> {
    let first = value.chars().next()?;
    if !first.is_alphabetic() || matches!(value, "true" | "false") {
        return None;
    }
    if key == "large_print" {
        return Some(
            Diagnostic::error(Code::WrongType, "`large_print` is `true` or `false`")
                .at(Some(at))
                .help("write `large_print = true` (or `false`), without quotes"),
        );
    }
    Some(
        Diagnostic::error(Code::Syntax, format!("the text of `{key}` needs quotes"))
            .at(Some(at))
            .help(format!("write `{key} = \"{}\"`", shorten(value))),
    )
}

#[cfg(test)]
mod tests {
    use super::explain;

    fn said(text: &str) -> Option<(String, Option<String>)> {
        let at = text.find("<>").map(|i| i..i + 1).unwrap_or(0..0);
        let text = text.replace("<>", "");
        explain(&text, at, "expected newline, `#`").map(|d| (d.message, d.help))
    }

    #[test]
    fn a_unit_after_a_number_says_which_number_to_write() {
        let (message, help) = said("[[exercise]]\nhold = 10<>s\n").expect("explained");
        assert_eq!(message, "`hold` takes a number alone, without a unit");
        assert_eq!(
            help.as_deref(),
            Some("write `hold = 10`; hold is in seconds")
        );
        let (_, help) = said("reps = 10 <>reps\n").expect("explained");
        assert_eq!(help.as_deref(), Some("write `reps = 10`"));
    }

    #[test]
    fn a_quote_inside_a_name_offers_single_quotes_or_a_backslash() {
        let (message, help) = said("name = \"Margaret O\"<>Brien\"\n").expect("explained");
        assert_eq!(message, "the quote inside the `name` value ends it early");
        assert_eq!(
            help.as_deref(),
            Some("write the value in single quotes: `name = 'Margaret O\"Brien'`")
        );
        let (_, help) = said("name = \"O'Neil \"Pat\"<> Lee\"\n").expect("explained");
        assert_eq!(
            help.as_deref(),
            Some("put a backslash before each quote inside: `name = \"O'Neil \\\"Pat\\\" Lee\"`")
        );
    }

    #[test]
    fn unquoted_text_gets_its_quotes() {
        let (message, help) = said("name = <>bridge\n").expect("explained");
        assert_eq!(message, "the text of `name` needs quotes");
        assert_eq!(help.as_deref(), Some("write `name = \"bridge\"`"));
    }

    proptest::proptest! {
        /// Any text and any place in it: an answer or none, never a panic.
        #[test]
        fn never_panics(text in "[a-z_ =\"'0-9\\[\\]\n\u{e9}\u{738b}]{0,40}", at in 0usize..48) {
            let _ = explain(&text, at..at + 1, "duplicate key");
            let _ = explain(&text, at..at + 1, "expected newline");
        }
    }

    #[test]
    fn other_errors_keep_the_parser_message() {
        assert_eq!(said("reps = 10\n[[exercise<>\n"), None);
        assert_eq!(
            said("large_print = <>yes please\n")
                .map(|(m, _)| m)
                .as_deref(),
            Some("`large_print` is `true` or `false`")
        );
        let (message, _) = said("issued = 10/<>03/2026\n").expect("explained");
        assert_eq!(message, "`issued` must be a date written YYYY-MM-DD");
        assert_eq!(said("reps = 1<>0.5\n"), None);
    }
}
