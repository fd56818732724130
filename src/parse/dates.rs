//! Dates as spreadsheets write them: CSV cell text -> `NaiveDate`.
//!
//! A date cell exported from a spreadsheet is ISO (`2026-12-01`), in the
//! order of the exporting computer's locale (`01.12.2026` in Germany,
//! `12/1/2026` in the US, `1/12/26`), or an Excel serial day number (`46357`)
//! when the column was formatted as a number. ISO, and any form with a
//! four-digit year first, is always read; so is a cell of digits only (a
//! serial day number). The order of day and month is never guessed: a local
//! form is read only in the `DateOrder` the user gives (`--date-format`);
//! without one it is an error that says both how to give it and how to fix
//! the spreadsheet, even when the day happens to be above 12, so a file
//! never works on the 13th and fails on the 1st.

use chrono::{Days, NaiveDate};

use crate::diag::{Code, Diagnostic, Span};
use crate::fields::{Spanned, shorten};

/// The order of day, month and year in a date cell written the local way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `01.12.2026`, `1/12/26`: day, month, year (most of Europe).
    Dmy,
    /// `12/1/2026`: month, day, year (the US).
    Mdy,
    /// `26/12/01`: year, month, day with a two-digit year.
    Ymd,
}

impl DateOrder {
    /// As the user gives it to `--date-format`.
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Dmy => "DMY",
            DateOrder::Mdy => "MDY",
            DateOrder::Ymd => "YMD",
        }
    }

    /// 2026-11-22 written in this order, for messages.
    fn example(self) -> &'static str {
        match self {
            DateOrder::Dmy => "22.11.2026",
            DateOrder::Mdy => "11/22/2026",
            DateOrder::Ymd => "26/11/22",
        }
    }

    /// Year, month and day from the three parts in this order.
    fn arrange(self, [a, b, c]: [&str; 3]) -> [&str; 3] {
        match self {
            DateOrder::Dmy => [c, b, a],
            DateOrder::Mdy => [c, a, b],
            DateOrder::Ymd => [a, b, c],
        }
    }
}

/// Day 0 of Excel's serial day numbers (its 1900 leap-year bug makes the
/// epoch 30 December 1899 for every date after February 1900).
const SERIAL_EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a real date");

/// Excel's 29 February 1900, a day that never was: Excel copied Lotus
/// 1-2-3's belief that 1900 was a leap year.
const FAKE_LEAP_DAY: u64 = 60;

/// The first day number rx reads, 1900-03-01. Below it Excel's numbering
/// is a day off from every later date's (the fake leap day comes after),
/// and a number that small in a date column is a count typed in the wrong
/// column far more often than a date in January 1900.
const FIRST_SERIAL: u64 = FAKE_LEAP_DAY + 1;

/// The day number of the last day rx accepts, the end of `fields::YEARS`.
fn last_serial() -> u64 {
    let last = NaiveDate::from_ymd_opt(*crate::fields::YEARS.end(), 12, 31)
        .expect("the last year rx accepts has a 31 December");
    u64::try_from((last - SERIAL_EPOCH).num_days()).expect("after the epoch")
}

const SPREADSHEET_FIX: &str = "or format the column as YYYY-MM-DD in the spreadsheet";

/// Where a date was written, for the help on how to give its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A CSV cell: `--date-format`, or the spreadsheet's column format.
    Cell,
    /// A quoted date in a TOML plan: `--date-format`, or `date_format`
    /// under [plan].
    Plan,
}

impl Written {
    fn fix(self) -> &'static str {
        match self {
            Written::Cell => SPREADSHEET_FIX,
            Written::Plan => {
                "or `date_format = \"DMY\"` (or MDY) under [plan], or write it as YYYY-MM-DD"
            }
        }
    }
}

impl std::str::FromStr for DateOrder {
    type Err = ();

    /// `DMY`, `MDY` or `YMD`, in any case.
    fn from_str(s: &str) -> Result<DateOrder, ()> {
        match s.trim().to_ascii_uppercase().as_str() {
            "DMY" => Ok(DateOrder::Dmy),
            "MDY" => Ok(DateOrder::Mdy),
            "YMD" => Ok(DateOrder::Ymd),
            _ => Err(()),
        }
    }
}

/// A date cell: ISO, a local form in `order`, or a serial day number.
pub fn cell(
    key: &str,
    s: &str,
    order: Option<DateOrder>,
    span: Option<Span>,
) -> Result<Spanned<NaiveDate>, Box<Diagnostic>> {
    local(key, s, order, span, Written::Cell)
}

/// A date written as text: ISO, a local form in `order`, or (in a CSV) a
/// serial day number. Never guessed: a local date without an order is a
/// located error whose help says how to give one, for where it was written.
pub fn local(
    key: &str,
    s: &str,
    order: Option<DateOrder>,
    span: Option<Span>,
    written: Written,
) -> Result<Spanned<NaiveDate>, Box<Diagnostic>> {
    let s = s.trim();
    let bad = |label: String, help: String| {
        Box::new(
            Diagnostic::error(
                Code::BadDate,
                format!("`{key}` is not a date: \"{}\"", shorten(s)),
            )
            .at(span.clone())
            .label(label)
            .help(help),
        )
    };
    let usual_help = || match (order, written) {
        (None, Written::Cell) => {
            "write dates as YYYY-MM-DD (in the spreadsheet: format the column as YYYY-MM-DD)"
                .to_owned()
        }
        (None, Written::Plan) => "write dates as YYYY-MM-DD".to_owned(),
        (Some(order), _) => format!(
            "write dates as {} (--date-format {}) or YYYY-MM-DD",
            order.example(),
            order.name()
        ),
    };
    let usual_label = || match order {
        None => "expected a date like 2026-11-22".to_owned(),
        Some(order) => format!("expected a date like {} or 2026-11-22", order.example()),
    };
    let found = |date: Option<NaiveDate>, label: String| match date {
        // Any way it was written, a date keeps to the years rx accepts.
        Some(date) => crate::fields::in_years(key, date, span.clone()),
        None => Err(bad(label, usual_help())),
    };

    if written == Written::Cell && is_serial(s) {
        let last = last_serial();
        let serial = s.parse::<u64>().ok();
        if serial == Some(FAKE_LEAP_DAY) {
            return Err(Box::new(
                Diagnostic::error(
                    Code::FakeLeapDay,
                    format!(
                        "`{key}` is not a date: \"{s}\" is 29 February 1900, a day that never was"
                    ),
                )
                .at(span.clone())
                .label("spreadsheets count a 29 February 1900 that the calendar does not have")
                .help(usual_help()),
            ));
        }
        let serial = serial.filter(|n| (FIRST_SERIAL..=last).contains(n));
        // Only day numbers whose date lies in the years rx accepts: a small
        // number is never a 1900 sheet.
        return found(
            serial.and_then(|n| SERIAL_EPOCH.checked_add_days(Days::new(n))),
            format!(
                "a number here is a spreadsheet day number, {FIRST_SERIAL} (1900-03-01) to {last} (2200-12-31)"
            ),
        );
    }
    let Some(parts) = split(s) else {
        return Err(bad(usual_label(), usual_help()));
    };
    if parts[0].len() == 4 {
        return found(ymd(parts), "no such day".to_owned());
    }
    if let Some(order) = order {
        return found(
            ymd(order.arrange(parts)),
            format!("no such day, read as {}", order.name()),
        );
    }
    match unordered(key, s, parts, written) {
        Some(d) => Err(Box::new(d.at(span))),
        None => Err(bad(usual_label(), usual_help())),
    }
}

/// Whether a date cell is a spreadsheet day number: digits only.
pub fn is_serial(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A local date without an order: never guessed. Read both ways, it is
/// either ambiguous or only one way a date; either is an error that says
/// how to give the order. `None` when it is no date either way.
fn unordered(key: &str, s: &str, parts: [&str; 3], written: Written) -> Option<Diagnostic> {
    let day_first = ymd(DateOrder::Dmy.arrange(parts));
    let month_first = ymd(DateOrder::Mdy.arrange(parts));
    match (day_first, month_first) {
        (Some(a), Some(b)) if a != b => Some(
            Diagnostic::error(
                Code::BadDate,
                format!("`{key}` \"{s}\" could be {a} or {b}"),
            )
            .label("the order of day and month is not known")
            .help(format!(
                "give the order with `--date-format DMY` (day first) or `--date-format MDY` (month first), {}",
                written.fix()
            )),
        ),
        (Some(date), _) | (None, Some(date)) => {
            let order = if day_first == Some(date) {
                DateOrder::Dmy
            } else {
                DateOrder::Mdy
            };
            Some(
                Diagnostic::error(
                    Code::BadDate,
                    format!("`{key}` \"{s}\" is not written year-month-day"),
                )
                .label(format!(
                    "reads as {date} with `--date-format {}`",
                    order.name()
                ))
                .help(format!(
                    "give the order with `--date-format {}`, {}",
                    order.name(),
                    written.fix()
                )),
            )
        }
        (None, None) => None,
    }
}

/// The three runs of digits of `1.12.2026`, `1/12/26` or `1-12-2026` (one
/// separator, used twice); a trailing midnight (`01.12.2026 00:00`, as a
/// date-time column exports) is dropped.
fn split(s: &str) -> Option<[&str; 3]> {
    let s = [" 00:00:00", " 0:00:00", " 00:00", " 0:00"]
        .iter()
        .find_map(|t| s.strip_suffix(t))
        .unwrap_or(s);
    let separator = s.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, '.' | '/' | '-') {
        return None;
    }
    let mut parts = s.split(separator);
    let three = [parts.next()?, parts.next()?, parts.next()?];
    let digits = |p: &str| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    (parts.next().is_none() && three.iter().all(|p| digits(p))).then_some(three)
}

/// A date from year, month and day text; a two-digit year is 20YY.
fn ymd([y, m, d]: [&str; 3]) -> Option<NaiveDate> {
    let year = match y.len() {
        4 => y.parse::<i32>().ok()?,
        2 => 2000 + y.parse::<i32>().ok()?,
        _ => return None,
    };
    if m.len() > 2 || d.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// Most days a written issue date may lie from today before it is probably
/// a typo in the year (`2062` for `2026`).
const PLAUSIBLE_DAYS: i64 = 366;

/// A warning when a written issue date is more than a year from `today`.
pub fn distant(key: &str, date: &Spanned<NaiveDate>, today: NaiveDate) -> Option<Diagnostic> {
    let away = (date.value - today).num_days();
    (away.abs() > PLAUSIBLE_DAYS).then(|| {
        Diagnostic::warning(
            Code::DistantDate,
            format!(
                "`{key}` {} is more than a year {} today ({today})",
                date.value,
                if away > 0 { "after" } else { "before" }
            ),
        )
        .at(date.span.clone())
        .label("is the year right?")
        .help("check the year; a sheet is usually issued the day it is handed over")
    })
}

/// `distant`, for an issue date written as a spreadsheet day number: an
/// error, since no one types a day number a year off by mistake in the
/// year; a small number is a count in the wrong column.
pub fn distant_serial(
    key: &str,
    date: &Spanned<NaiveDate>,
    today: NaiveDate,
) -> Option<Diagnostic> {
    let warning = distant(key, date, today)?;
    Some(
        Diagnostic::error(Code::DistantDayNumber, warning.message)
            .at(date.span.clone())
            .label("read as a spreadsheet day number")
            .help("write the date as YYYY-MM-DD (in the spreadsheet: format the column as YYYY-MM-DD)"),
    )
}

#[cfg(test)]
mod tests {
    use super::{DateOrder, cell};
    use chrono::NaiveDate;

    fn read(s: &str, order: Option<DateOrder>) -> Result<String, String> {
        cell("issued", s, order, None)
            .map(|d| d.value.to_string())
            .map_err(|d| d.message)
    }

    #[test]
    fn iso_year_first_and_serials_need_no_order() {
        for s in [
            "2026-12-01",
            "2026/12/01",
            "2026.12.1",
            " 2026-12-01 ",
            "46357",
        ] {
            assert_eq!(read(s, None).as_deref(), Ok("2026-12-01"), "{s}");
        }
        assert_eq!(
            read("46357", Some(DateOrder::Mdy)).as_deref(),
            Ok("2026-12-01")
        );
    }

    #[test]
    fn local_forms_follow_the_given_order() {
        let dmy = Some(DateOrder::Dmy);
        let mdy = Some(DateOrder::Mdy);
        assert_eq!(read("01.12.2026", dmy).as_deref(), Ok("2026-12-01"));
        assert_eq!(read("1/12/26", dmy).as_deref(), Ok("2026-12-01"));
        assert_eq!(read("01.12.2026 00:00", dmy).as_deref(), Ok("2026-12-01"));
        assert_eq!(read("12/1/2026", mdy).as_deref(), Ok("2026-12-01"));
        assert_eq!(
            read("26/12/01", Some(DateOrder::Ymd)).as_deref(),
            Ok("2026-12-01")
        );
        assert_eq!(
            read("12/13/2026", dmy),
            Err("`issued` is not a date: \"12/13/2026\"".to_owned())
        );
    }

    #[test]
    fn a_local_form_without_an_order_is_never_guessed() {
        assert_eq!(
            read("01/12/2026", None),
            Err("`issued` \"01/12/2026\" could be 2026-12-01 or 2026-01-12".to_owned())
        );
        assert_eq!(
            read("13/12/2026", None),
            Err("`issued` \"13/12/2026\" is not written year-month-day".to_owned())
        );
        assert_eq!(
            read("05.05.2026", None),
            Err("`issued` \"05.05.2026\" is not written year-month-day".to_owned())
        );
    }

    #[test]
    fn nonsense_is_not_a_date() {
        for s in [
            "soon",
            "0",
            "99999999",
            "1.2",
            "1/2/3/4",
            "2026-02-30",
            "1/2/202",
        ] {
            assert!(read(s, Some(DateOrder::Dmy)).is_err(), "{s}");
        }
    }

    #[test]
    fn a_day_number_is_read_only_inside_the_years_rx_accepts() {
        assert_eq!(read("61", None).as_deref(), Ok("1900-03-01"));
        assert_eq!(read("109939", None).as_deref(), Ok("2200-12-31"));
        for small in ["1", "2", "12", "59", "109940", "2958465"] {
            assert_eq!(
                read(small, None),
                Err(format!("`issued` is not a date: \"{small}\"")),
                "{small}"
            );
        }
        let leap = cell("issued", "60", None, None).expect_err("no such day");
        assert_eq!(leap.code, crate::diag::Code::FakeLeapDay);
        assert_eq!(
            leap.message,
            "`issued` is not a date: \"60\" is 29 February 1900, a day that never was"
        );
    }

    #[test]
    fn distant_years_are_warned() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let at = |s: &str| {
            super::Spanned::new(s.parse::<NaiveDate>().expect("date"), None::<super::Span>)
        };
        assert!(super::distant("issued", &at("2027-11-25"), today).is_none());
        let d = super::distant("issued", &at("2062-12-01"), today).expect("a warning");
        assert_eq!(
            d.message,
            "`issued` 2062-12-01 is more than a year after today (2026-11-25)"
        );
        assert!(super::distant("issued", &at("2025-11-01"), today).is_some());
    }
}
