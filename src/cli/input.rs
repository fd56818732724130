//! What an input is and how to read it: a TOML plan, a CSV of many plans or
//! a workbook (`.xlsx`, `.xlsm`) of them (by its name, or as
//! `--input-format` says), from a file or from stdin (`-`), and the options
//! for reading a CSV (`--delimiter`, `--date-format`, `--strict-columns`,
//! `--sheet`), shared by `build` and `check`.
//!
//! The batch's rows themselves (a CSV, stdin spooled, or a workbook's
//! sheet) are opened by `batch::source`, which `rx serve` shares.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::batch::source::{Source, is_csv, is_workbook};
use crate::error::Error;
use crate::parse::dates::DateOrder;

/// Options for reading plans, shared by `build` and `check`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// What the input is when its name does not say: `.csv`, `.tsv` and
    /// `.txt` are CSVs of plans, `.xlsx` and `.xlsm` workbooks of them,
    /// anything else and stdin (`-`) a TOML plan.
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    input_format: Option<InputFormat>,

    /// CSV only: the delimiter: `comma`, `semicolon`, `tab` (or `'\t'`), or
    /// any one ASCII character (default: detected from the header).
    #[arg(long, value_name = "CHAR", value_parser = delimiter)]
    delimiter: Option<u8>,

    /// The order of day and month in dates not written YYYY-MM-DD (CSV
    /// cells as the spreadsheet exported them, or quoted dates in a plan):
    /// DMY for 01.12.2026 or 1/12/26, MDY for 12/1/2026, YMD for 26/12/01.
    /// Without it such a date is an error (a plan may give `date_format`
    /// under [plan]); YYYY-MM-DD and, in a CSV, spreadsheet day numbers
    /// (46357) are always read.
    #[arg(long, value_enum, ignore_case = true, value_name = "ORDER")]
    date_format: Option<DateFormat>,

    /// CSV only: make columns rx does not know an error (default: a warning
    /// that lists them, and they are ignored).
    #[arg(long)]
    strict_columns: bool,

    /// CSV only: leave out the column with this header (any case), without
    /// a warning, even when it looks like a column rx reads (`Hold time`);
    /// repeat for more.
    #[arg(long, value_name = "NAME")]
    ignore_column: Vec<String>,

    /// Workbook only: the sheet holding the plans (default: the first).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,

    /// A font (.ttf, .otf, .ttc, .otc) for characters the bundled fonts lack
    /// (Chinese, Japanese, Korean, Devanagari, Thai ...); repeat for more.
    /// Tried in order after the bundled fonts and the settings file's
    /// `fonts`.
    #[arg(long = "font", value_name = "FILE")]
    fonts: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    Csv,
    Toml,
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

impl InputArgs {
    /// The settings with each `--font` file read, checked and added after
    /// the settings' own fonts; the font files join `inputs`.
    pub fn with_fonts(
        &self,
        settings: &std::sync::Arc<crate::settings::Settings>,
        inputs: &mut Vec<PathBuf>,
    ) -> Result<std::sync::Arc<crate::settings::Settings>, Error> {
        if self.fonts.is_empty() {
            return Ok(std::sync::Arc::clone(settings));
        }
        let mut settings = crate::settings::Settings::clone(settings);
        for path in &self.fonts {
            let cap = crate::fonts::clinic::MAX_FONT_BYTES + 1;
            let bytes = crate::files::read_at_most(path, cap)?;
            let font = crate::fonts::ClinicFont::read(bytes).map_err(|problem| Error::Font {
                path: path.clone(),
                problem,
            })?;
            settings.fonts.push(font);
            inputs.push(path.clone());
        }
        Ok(std::sync::Arc::new(settings))
    }

    /// The order of day and month in dates not written YYYY-MM-DD
    /// (`--date-format`), for plans and CSVs alike.
    pub fn date_order(&self) -> Option<DateOrder> {
        self.date_format.map(|f| match f {
            DateFormat::Dmy => DateOrder::Dmy,
            DateFormat::Mdy => DateOrder::Mdy,
            DateFormat::Ymd => DateOrder::Ymd,
        })
    }

    /// How a CSV is to be read.
    pub fn csv(&self) -> crate::batch::CsvOptions {
        crate::batch::CsvOptions {
            delimiter: self.delimiter,
            strict_columns: self.strict_columns,
            ignore_columns: self.ignore_column.clone(),
            sheet: self.sheet.clone(),
        }
    }

    /// Whether `path` is a batch of plans (a CSV, or a workbook): as
    /// `--input-format` says, else by its name; stdin is a TOML plan unless
    /// told.
    pub fn is_csv(&self, path: &Path) -> bool {
        match self.input_format {
            Some(format) => format == InputFormat::Csv,
            None => !is_stdin(path) && (is_csv(path) || is_workbook(path)),
        }
    }
}

/// `-`: standard input (or, for `-o`, output).
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// What an input is called in messages.
pub fn display(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// A plan's bytes, from its file or from stdin, at most one byte past
/// `MAX_FILE_BYTES` (so parse can say it is too large).
pub fn read_plan(path: &Path) -> Result<Vec<u8>, Error> {
    if !is_stdin(path) {
        return super::read_file(path);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(crate::parse::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: PathBuf::from("<stdin>"),
            source,
        })?;
    Ok(bytes)
}

/// A plan on stdin that is not TOML may be a CSV: say how to read it so.
pub fn stdin_hint(path: &Path, diagnostics: &mut [crate::diag::Diagnostic]) {
    if !is_stdin(path) {
        return;
    }
    if let Some(d) = diagnostics
        .iter_mut()
        .find(|d| d.code == crate::diag::Code::Syntax)
    {
        d.notes.push(
            "stdin is read as a TOML plan; for a CSV of plans give `--input-format csv`".into(),
        );
    }
}

/// A batch's rows: stdin copied to a temporary file, or the file (a CSV or
/// a workbook's sheet).
pub fn batch_source(path: &Path, sheet: Option<&str>) -> Result<Source, Error> {
    if is_stdin(path) {
        Source::stdin()
    } else {
        Source::open(path, sheet)
    }
}

/// `--delimiter`: a name, `\t`, or one ASCII character that can delimit.
fn delimiter(given: &str) -> Result<u8, String> {
    match given.to_ascii_lowercase().as_str() {
        "tab" | "\\t" => return Ok(b'\t'),
        "comma" => return Ok(b','),
        "semicolon" => return Ok(b';'),
        "pipe" => return Ok(b'|'),
        _ => {}
    }
    let mut chars = given.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii() && !matches!(c, '"' | '\n' | '\r') => Ok(c as u8),
        _ => Err(format!(
            "use comma, semicolon, tab (or '\\t') or one ASCII character other than a quote or line end, not {given:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::delimiter;

    #[test]
    fn delimiters_by_name_escape_or_character() {
        assert_eq!(delimiter("tab"), Ok(b'\t'));
        assert_eq!(delimiter("TAB"), Ok(b'\t'));
        assert_eq!(delimiter("\\t"), Ok(b'\t'));
        assert_eq!(delimiter("\t"), Ok(b'\t'));
        assert_eq!(delimiter("semicolon"), Ok(b';'));
        assert_eq!(delimiter("|"), Ok(b'|'));
        assert!(delimiter("\"").is_err());
        assert!(delimiter(";;").is_err());
        assert!(delimiter("é").is_err());
    }
}
