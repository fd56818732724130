//! Typed reads from a parsed TOML document, collecting diagnostics.
//!
//! Plans and catalogues are read by hand from `toml_edit`'s syntax tree rather
//! than through serde, because serde stops at the first problem and forgets
//! where unknown keys were. Each read here records a located diagnostic and
//! carries on, so one run reports every problem in the file.

use chrono::NaiveDate;
use toml_edit::{Item, TableLike};

use crate::diag::{Code, Diagnostic, Span};
use crate::suggest;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Option<Span>,
}

impl<T> Spanned<T> {
    pub fn new<S: Into<Span>>(value: T, span: Option<S>) -> Self {
        Spanned {
            value,
            span: span.map(Into::into),
        }
    }
}

/// Longest string value accepted in any field. Generous for a note, small
/// enough that a pasted document is caught.
pub const MAX_TEXT: usize = 2_000;

/// Collects diagnostics while reading tables.
#[derive(Debug, Default)]
pub struct Reader {
    pub diagnostics: Vec<Diagnostic>,
}

impl Reader {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Report every key of `table` that is not in `allowed`.
    pub fn only_keys(&mut self, table: &dyn TableLike, allowed: &[&str], context: &str) {
        for (key, _) in table.iter() {
            if allowed.contains(&key) {
                continue;
            }
            let span = table
                .get_key_value(key)
                .and_then(|(k, _)| k.span().map(Span::from));
            let mut d = Diagnostic::error(
                Code::UnknownKey,
                format!("unknown key `{}` in {context}", shorten(key)),
            )
            .at(span)
            .label("not a known key");
            match suggest::did_you_mean(&suggest::nearest(key, allowed, 3)) {
                Some(help) => d = d.help(help),
                None => d = d.help(format!("known keys: {}", allowed.join(", "))),
            }
            self.push(d);
        }
    }

    /// A sub-table (`[patient]` or an inline table).
    pub fn table<'t>(&mut self, parent: &'t dyn TableLike, key: &str) -> Option<&'t dyn TableLike> {
        let item = parent.get(key)?;
        match item.as_table_like() {
            Some(table) => Some(table),
            None => {
                self.wrong_type(item, key, "a table");
                None
            }
        }
    }

    /// An array of tables (`[[exercise]]` or `exercise = [{...}]`).
    pub fn tables<'t>(
        &mut self,
        parent: &'t dyn TableLike,
        key: &str,
    ) -> Vec<(&'t dyn TableLike, Option<Span>)> {
        let Some(item) = parent.get(key) else {
            return Vec::new();
        };
        if let Some(array) = item.as_array_of_tables() {
            return array
                .iter()
                .map(|t| (t as &dyn TableLike, t.span().map(Span::from)))
                .collect();
        }
        if let Some(array) = item.as_array() {
            let mut out = Vec::new();
            for value in array.iter() {
                match value.as_inline_table() {
                    Some(t) => out.push((t as &dyn TableLike, value.span().map(Span::from))),
                    None => self.push(wrong_type_at(
                        value.span().map(Span::from),
                        key,
                        "a table",
                        value.type_name(),
                    )),
                }
            }
            return out;
        }
        self.wrong_type(item, key, "an array of tables");
        Vec::new()
    }

    /// A string, trimmed; an empty or blank string counts as missing.
    pub fn text(&mut self, table: &dyn TableLike, key: &str) -> Option<Spanned<String>> {
        let item = table.get(key)?;
        let Some(s) = item.as_str() else {
            self.wrong_type(item, key, "a string");
            return None;
        };
        match text(key, s, item.span().map(Span::from)) {
            Ok(value) => value,
            Err(d) => {
                self.push(*d);
                None
            }
        }
    }

    /// A required string: reports `what` missing at `parent_span` when absent.
    pub fn required_text(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        what: &str,
        parent_span: Option<Span>,
    ) -> Option<Spanned<String>> {
        let present = table.get(key).is_some();
        let value = self.text(table, key);
        if value.is_none() && (!present || table.get(key).and_then(Item::as_str).is_some()) {
            let span = if present {
                table.get(key).and_then(Item::span).map(Span::from)
            } else {
                parent_span
            };
            self.push(
                Diagnostic::error(Code::Missing, format!("missing {what}"))
                    .at(span)
                    .help(format!("add `{key} = \"...\"`")),
            );
        }
        value
    }

    /// An integer in `1..=max`, with `unit` naming it in messages.
    pub fn count(&mut self, table: &dyn TableLike, key: &str, max: u32) -> Option<Spanned<u32>> {
        let item = table.get(key)?;
        let span = item.span().map(Span::from);
        let Some(n) = item.as_integer() else {
            self.wrong_type(item, key, "a whole number");
            return None;
        };
        match positive(key, n, max, span) {
            Ok(v) => Some(v),
            Err(d) => {
                self.push(*d);
                None
            }
        }
    }

    /// A whole number from 0 to `max` (a hold, where 0 means none).
    pub fn count_or_zero(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        max: u32,
    ) -> Option<Spanned<u32>> {
        let item = table.get(key)?;
        let span = item.span().map(Span::from);
        let Some(n) = item.as_integer() else {
            self.wrong_type(item, key, "a whole number");
            return None;
        };
        match whole(key, n, 0, max, span) {
            Ok(v) => Some(v),
            Err(d) => {
                self.push(*d);
                None
            }
        }
    }

    /// A boolean.
    pub fn flag(&mut self, table: &dyn TableLike, key: &str) -> Option<Spanned<bool>> {
        let item = table.get(key)?;
        match item.as_bool() {
            Some(b) => Some(Spanned::new(b, item.span().map(Span::from))),
            None => {
                self.wrong_type(item, key, "true or false");
                None
            }
        }
    }

    /// A list of strings.
    pub fn text_list(&mut self, table: &dyn TableLike, key: &str) -> Vec<Spanned<String>> {
        let Some(item) = table.get(key) else {
            return Vec::new();
        };
        let Some(array) = item.as_array() else {
            self.wrong_type(item, key, "a list of strings");
            return Vec::new();
        };
        let mut out = Vec::new();
        for value in array.iter() {
            match value.as_str() {
                Some(s) if s.chars().count() <= MAX_TEXT => out.push(Spanned::new(
                    s.trim().to_owned(),
                    value.span().map(Span::from),
                )),
                Some(_) => self.push(
                    Diagnostic::error(
                        Code::TooLarge,
                        format!("an entry of `{key}` is longer than {MAX_TEXT} characters"),
                    )
                    .at(value.span().map(Span::from)),
                ),
                None => self.push(wrong_type_at(
                    value.span().map(Span::from),
                    key,
                    "a string",
                    value.type_name(),
                )),
            }
        }
        out
    }

    /// A calendar date: a TOML date (`2026-11-22`) or a string in that form.
    pub fn date(&mut self, table: &dyn TableLike, key: &str) -> Option<Spanned<NaiveDate>> {
        let item = table.get(key)?;
        let span = item.span().map(Span::from);
        let bad = |reader: &mut Reader, shown: &str| {
            reader.push(bad_date(key, shown, span.clone()));
            None
        };
        if let Some(datetime) = item.as_datetime() {
            return match (datetime.date, datetime.time) {
                (Some(d), None) => {
                    match NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into()) {
                        Some(date) => match in_years(key, date, span) {
                            Ok(date) => Some(date),
                            Err(d) => {
                                self.push(*d);
                                None
                            }
                        },
                        None => bad(self, &d.to_string()),
                    }
                }
                _ => bad(self, &format!("{datetime} has a time of day")),
            };
        }
        if let Some(s) = item.as_str() {
            return match date(key, s, span) {
                Ok(d) => Some(d),
                Err(d) => {
                    self.push(*d);
                    None
                }
            };
        }
        self.wrong_type(item, key, "a date");
        None
    }

    /// Report `item` as not of the `expected` type.
    pub fn wrong_type(&mut self, item: &Item, key: &str, expected: &str) {
        let found = match item {
            Item::Value(v) => v.type_name(),
            Item::Table(_) => "table",
            Item::ArrayOfTables(_) => "array of tables",
            Item::None => "nothing",
        };
        self.push(wrong_type_at(
            item.span().map(Span::from),
            key,
            expected,
            found,
        ));
    }
}

/// A whole number in `1..=max`, or the diagnostic saying why not.
pub fn positive(
    key: &str,
    n: i64,
    max: u32,
    span: Option<Span>,
) -> Result<Spanned<u32>, Box<Diagnostic>> {
    whole(key, n, 1, max, span)
}

/// `n` as a whole number from `min` (0 or 1) to `max`, or why not.
pub fn whole(
    key: &str,
    n: i64,
    min: u32,
    max: u32,
    span: Option<Span>,
) -> Result<Spanned<u32>, Box<Diagnostic>> {
    if n < i64::from(min) {
        let label = if min == 0 {
            "must be a whole number, 0 or more"
        } else {
            "must be a positive whole number"
        };
        return Err(Box::new(
            Diagnostic::error(
                Code::BadValue,
                format!("`{key}` must be at least {min}, not {n}"),
            )
            .at(span)
            .label(label),
        ));
    }
    match u32::try_from(n) {
        Ok(v) if v <= max => Ok(Spanned::new(v, span)),
        _ => Err(Box::new(
            Diagnostic::error(
                Code::BadValue,
                format!("`{key}` = {n} is too large for the field"),
            )
            .at(span)
            .label(format!("at most {max}")),
        )),
    }
}

/// A text value, cleaned and trimmed: `None` when blank, an error when too
/// long.
///
/// Control characters other than tab and line breaks are dropped: they
/// print as nothing and only come from broken exports. A value made only of
/// blank characters (spaces, invisible ones like a zero-width space or a
/// byte-order mark) is no value at all, so a required name made of them is
/// missing (issue 11, finding 8).
pub fn text(
    key: &str,
    s: &str,
    span: Option<Span>,
) -> Result<Option<Spanned<String>>, Box<Diagnostic>> {
    if s.chars().count() > MAX_TEXT {
        return Err(Box::new(
            Diagnostic::error(
                Code::TooLarge,
                format!("`{key}` is longer than {MAX_TEXT} characters"),
            )
            .at(span),
        ));
    }
    let cleaned: String = s
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let s = cleaned.trim_matches(is_blank_char);
    Ok((!s.is_empty()).then(|| Spanned::new(s.to_owned(), span)))
}

/// Whether `s` shows nothing when printed: only spaces and invisible
/// characters, or nothing at all.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_blank_char)
}

/// A character that prints as empty space or as nothing. U+2800 (the blank
/// Braille pattern) is drawn, but as an empty cell.
fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || crate::fonts::is_invisible(c) || c == '\u{2800}'
}

/// A date written as text, `YYYY-MM-DD`, in the years `caps::YEARS`.
pub fn date(key: &str, s: &str, span: Option<Span>) -> Result<Spanned<NaiveDate>, Box<Diagnostic>> {
    match NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(d) => in_years(key, d, span),
        Err(_) => Err(Box::new(bad_date(
            key,
            &format!("\"{}\"", shorten(s)),
            span,
        ))),
    }
}

/// `date` if its year is in `caps::YEARS` (issue 11, finding 10: a negative
/// or five-digit year used to reach the sheet and the PDF's dates).
pub(super) fn in_years(
    key: &str,
    date: NaiveDate,
    span: Option<Span>,
) -> Result<Spanned<NaiveDate>, Box<Diagnostic>> {
    match super::outside_years(date) {
        None => Ok(Spanned::new(date, span)),
        Some(label) => Err(Box::new(
            Diagnostic::error(
                Code::BadValue,
                format!("`{key}` = {date} is outside the years rx accepts"),
            )
            .at(span)
            .label(label),
        )),
    }
}

fn bad_date(key: &str, shown: &str, span: Option<Span>) -> Diagnostic {
    Diagnostic::error(Code::BadDate, format!("`{key}` is not a date: {shown}"))
        .at(span)
        .label("expected a date like 2026-11-22")
        .help("write dates as YYYY-MM-DD")
}

fn wrong_type_at(span: Option<Span>, key: &str, expected: &str, found: &str) -> Diagnostic {
    Diagnostic::error(
        Code::WrongType,
        format!("`{key}` must be {expected}, not {}", article(found)),
    )
    .at(span)
    .label(format!("expected {expected}"))
}

fn article(type_name: &str) -> String {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// A user's string cut short for a message, so a hostile 1 MB key does not
/// flood the terminal.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        return s
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
    }
    let cut: String = s
        .chars()
        .take(MAX)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::{is_blank, text};
    use crate::diag::Code;

    /// Issue 11, finding 8: names made only of invisible characters are
    /// missing, and control characters never reach the sheet.
    #[test]
    fn issue_11_finding_8_invisible_text_is_no_text() {
        for blank in [
            "",
            " \t\n",
            "\u{200B}\u{200B}",
            "\u{FEFF}",
            "\u{0007}\u{0000}\u{007F}\u{0085}",
            "\u{200D}\u{2060}\u{00AD}\u{200E}\u{202E}",
            "\u{3164}\u{115F}\u{FE0F}\u{E0041}",
            "\u{3000}\u{00A0}\u{2800}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
            assert_eq!(text("name", blank, None).expect("short"), None, "{blank:?}");
        }
        let kept = |s: &str| {
            text("name", s, None)
                .expect("short")
                .expect("a value")
                .value
        };
        assert_eq!(kept("\u{200B} Ann\u{0007} Lee \u{FEFF}"), "Ann Lee");
        assert_eq!(kept("Ann\u{0000}\u{001B}[31m Lee"), "Ann[31m Lee");
        assert_eq!(kept("line one\nline two"), "line one\nline two");
        assert!(!is_blank("José"));
    }

    #[test]
    fn issue_11_finding_8_an_invisible_patient_name_is_missing() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let fonts = crate::fonts::Fonts::load();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        // TOML escapes, since TOML refuses raw control characters.
        let invisible = r#""\u200b\ufeff\u0007\u2060""#;
        for (patient, prescriber, message) in [
            (invisible, r#""B""#, "missing patient name"),
            (r#""A""#, invisible, "missing prescriber name"),
        ] {
            let text = format!(
                "[patient]\nname = {patient}\n[prescriber]\nname = {prescriber}\n[plan]\nweeks = 2\n[[exercise]]\nname = \"bridge\"\n"
            );
            let (_, checked) = crate::check_plan(text.as_bytes(), &catalogue, &fonts, today);
            assert!(checked.plan.is_none(), "{text}");
            let found: Vec<(Code, &str)> = checked
                .diagnostics
                .iter()
                .map(|d| (d.code, d.message.as_str()))
                .collect();
            assert_eq!(found, [(Code::Missing, message)], "{text}");
        }
    }
}
