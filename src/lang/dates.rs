//! Dates in the sheet's language, from its messages' day and month names
//! (never chrono's English ones): "Sunday 22 November 2026" / "domingo 22
//! de noviembre de 2026"; "22 Nov 2026" / "22 nov 2026". No numeric date a
//! reader could misread.

use chrono::{Datelike, NaiveDate};

use super::{Arg, Messages};

/// The full date, with the day of the week.
pub fn long(m: &Messages, date: NaiveDate) -> String {
    let weekday = m.text(&format!("day-{}", date.weekday().number_from_monday()));
    let month = m.text(&format!("month-{}", date.month()));
    let (day, year) = (date.day().to_string(), date.year().to_string());
    m.with(
        "date-long",
        &[
            ("weekday", Arg::Text(&weekday)),
            ("day", Arg::Text(&day)),
            ("month", Arg::Text(&month)),
            ("year", Arg::Text(&year)),
        ],
    )
}

/// The date in few letters, for the header and the log.
pub fn short(m: &Messages, date: NaiveDate) -> String {
    let month = m.text(&format!("month-short-{}", date.month()));
    let (day, year) = (date.day().to_string(), date.year().to_string());
    m.with(
        "date-short",
        &[
            ("day", Arg::Text(&day)),
            ("month", Arg::Text(&month)),
            ("year", Arg::Text(&year)),
        ],
    )
}

/// The day of the week in few letters ("Wed", "mié").
pub fn weekday_short(m: &Messages, date: NaiveDate) -> String {
    m.text(&format!(
        "day-short-{}",
        date.weekday().number_from_monday()
    ))
}
