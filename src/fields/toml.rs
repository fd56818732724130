//! Typed reads from a parsed TOML document, collecting diagnostics; and the
//! one place a TOML syntax error becomes a diagnostic.
//!
//! Plans and catalogues are read by hand from `toml_edit`'s syntax tree rather
//! than through serde, because serde stops at the first problem and forgets
//! where unknown keys were. Each read here records a located diagnostic and
//! carries on.

use chrono::NaiveDate;
use toml_edit::{ImDocument, Item, TableLike};

use super::{
    Lines, MAX_TEXT, Spanned, bad_date, date, in_years, positive, shorten, whole, written,
    wrong_type_at,
};
use crate::diag::{Code, Diagnostic, Span};
use crate::suggest;

/// Parse TOML text, or say where and why it is not TOML. The parser itself
/// rejects impossible dates like 2026-02-30: those are bad dates, the rest
/// syntax errors.
/// An everyday typo (`hold = 10s`, a quote inside a quoted name, single
/// brackets around `[exercise]`) is said plainly (`typos`).
pub fn document(text: &str) -> Result<ImDocument<&str>, Box<Diagnostic>> {
    ImDocument::parse(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        let code = if message.contains("date-time") {
            Code::BadDate
        } else {
            Code::Syntax
        };
        let plain = e
            .span()
            .and_then(|at| super::typos::explain(text, at, &message));
        Box::new(plain.unwrap_or_else(|| {
            Diagnostic::error(code, format!("invalid TOML: {message}"))
                .at(e.span().map(Span::from))
                .label("here")
        }))
    })
}

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

    /// A video link (`super::url`); not a string is a wrong type.
    pub fn url(&mut self, table: &dyn TableLike, key: &str) -> Option<Spanned<String>> {
        let item = table.get(key)?;
        let Some(s) = item.as_str() else {
            self.wrong_type(item, key, "a string");
            return None;
        };
        super::url(key, s, item.span().map(Span::from)).unwrap_or_else(|d| {
            self.push(*d);
            None
        })
    }

    /// A string that may span lines (`super::text`), trimmed; an empty or
    /// blank string counts as missing.
    pub fn text(&mut self, table: &dyn TableLike, key: &str) -> Option<Spanned<String>> {
        self.written(table, key, Lines::Many)
    }

    /// A one-line string (`super::line`): a name, an id, a phone number.
    pub fn line(&mut self, table: &dyn TableLike, key: &str) -> Option<Spanned<String>> {
        self.written(table, key, Lines::One)
    }

    fn written(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        lines: Lines,
    ) -> Option<Spanned<String>> {
        let item = table.get(key)?;
        let Some(s) = item.as_str() else {
            self.wrong_type(item, key, "a string");
            return None;
        };
        match written(key, s, item.span().map(Span::from), lines) {
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
        self.required(table, key, what, parent_span, Lines::Many)
    }

    /// A required one-line string (a patient's or prescriber's name).
    pub fn required_line(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        what: &str,
        parent_span: Option<Span>,
    ) -> Option<Spanned<String>> {
        self.required(table, key, what, parent_span, Lines::One)
    }

    fn required(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        what: &str,
        parent_span: Option<Span>,
        lines: Lines,
    ) -> Option<Spanned<String>> {
        let present = table.get(key).is_some();
        let before = self.diagnostics.len();
        let value = self.written(table, key, lines);
        // A refused value was reported; it is not also missing.
        let refused = self.diagnostics.len() > before;
        if value.is_none()
            && !refused
            && (!present || table.get(key).and_then(Item::as_str).is_some())
        {
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
                Some(s) if s.len() <= MAX_TEXT || s.chars().count() <= MAX_TEXT => {
                    let span = value.span().map(Span::from);
                    match super::written(key, s, span.clone(), Lines::Many) {
                        // Blank entries are kept: the caller says what a blank one means.
                        Ok(value) => {
                            out.push(value.unwrap_or_else(|| Spanned::new(String::new(), span)))
                        }
                        Err(d) => self.push(*d),
                    }
                }
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
