//! What an input file is and how to read it: a TOML plan or a CSV of many
//! plans (by its name, or as the user says), and the options for reading a
//! CSV (`--delimiter`, `--date-format`, `--strict-columns`), shared by
//! `build` and `check`.

use std::path::Path;

use clap::{Args, ValueEnum};

use crate::parse::dates::DateOrder;

/// Options for reading a CSV of plans.
#[derive(Debug, Args)]
pub struct CsvArgs {
    /// CSV only: the delimiter (default: detected from the header).
    #[arg(long, value_name = "CHAR", value_parser = delimiter)]
    delimiter: Option<u8>,

    /// CSV only: the order of day and month in date cells not written
    /// YYYY-MM-DD, as the spreadsheet exported them: DMY for 01.12.2026 or
    /// 1/12/26, MDY for 12/1/2026, YMD for 26/12/01. Without it such a date
    /// is an error; YYYY-MM-DD and spreadsheet day numbers (46357) are
    /// always read.
    #[arg(long, value_enum, ignore_case = true, value_name = "ORDER")]
    date_format: Option<DateFormat>,

    /// CSV only: make columns rx does not know an error (default: a warning
    /// that lists them, and they are ignored).
    #[arg(long)]
    strict_columns: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DateFormat {
    #[value(name = "DMY")]
    Dmy,
    #[value(name = "MDY")]
    Mdy,
    #[value(name = "YMD")]
    Ymd,
}

impl CsvArgs {
    /// The batch settings these options decide; the rest are the caller's.
    pub fn apply(&self, settings: &mut crate::batch::Settings) {
        settings.delimiter = self.delimiter;
        settings.date_format = self.date_format.map(|f| match f {
            DateFormat::Dmy => DateOrder::Dmy,
            DateFormat::Mdy => DateOrder::Mdy,
            DateFormat::Ymd => DateOrder::Ymd,
        });
        settings.strict_columns = self.strict_columns;
    }
}

/// Whether a path names a CSV batch rather than one TOML plan.
pub fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// `--delimiter`: one ASCII character that can delimit.
fn delimiter(given: &str) -> Result<u8, String> {
    let mut chars = given.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii() && !matches!(c, '"' | '\n' | '\r') => Ok(c as u8),
        _ => Err(format!(
            "--delimiter must be one ASCII character other than a quote or line end, not {given:?}"
        )),
    }
}
