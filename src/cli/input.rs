//! What an input is and how to read it: a TOML plan, a CSV of many plans or
//! a workbook (`.xlsx`, `.xlsm`) of them (by its name, or as
//! `--input-format` says), from a file or from stdin (`-`), and the options
//! for reading a CSV (`--delimiter`, `--date-format`, `--strict-columns`,
//! `--sheet`), shared by `build` and `check`.
//!
//! A workbook's sheet is written as CSV to an unnamed temporary file (as
//! stdin is, below), and the batch reads that.
//!
//! A CSV on stdin is copied to a temporary file first, at most
//! `MAX_STDIN_CSV` bytes: the batch reads its CSV twice, and a pipe can be
//! read only once. The file has no name (on Linux it never has one; on
//! other systems its name is removed as it is made), so the patients' data
//! is gone when the run ends, even if it is killed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::error::Error;
use crate::parse::dates::DateOrder;

/// Most bytes of CSV rx copies from stdin (256 MiB, over a million rows).
pub const MAX_STDIN_CSV: u64 = 256 * 1024 * 1024;

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

/// A batch's CSV: its file, stdin copied to a temporary file, or a
/// workbook's sheet written to one as CSV.
pub struct CsvSource {
    path: PathBuf,
    spool: Option<std::fs::File>,
    workbook: bool,
    /// Where a workbook's rows are in it, for locating diagnostics.
    pub place: Option<crate::diag::SheetPlace>,
    /// Why a workbook cannot be read at all (then nothing is read).
    pub refused: Vec<crate::diag::Diagnostic>,
}

impl CsvSource {
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<CsvSource, Error> {
        let mut source = CsvSource {
            path: path.to_owned(),
            spool: None,
            workbook: false,
            place: None,
            refused: Vec::new(),
        };
        if is_stdin(path) {
            source.spool = Some(spool(std::io::stdin().lock(), MAX_STDIN_CSV)?);
        } else if is_workbook(path) {
            source.workbook = true;
            source.read_workbook(sheet)?;
        } else if sheet.is_some() {
            return Err(Error::Usage {
                message: format!(
                    "--sheet is for a workbook (.xlsx, .xlsm, .xls, .ods); {} is not one",
                    path.display()
                ),
            });
        }
        Ok(source)
    }

    /// Write the workbook's sheet as CSV to an unnamed temporary file, or
    /// keep why it cannot be.
    fn read_workbook(&mut self, sheet: Option<&str>) -> Result<(), Error> {
        use crate::batch::workbook::{self, Refused};
        let name = self.path.display().to_string();
        if workbook::is_other_workbook(&name) {
            self.refused.push(
                crate::diag::Diagnostic::error(
                    crate::diag::Code::Syntax,
                    "rx reads .xlsx, .xlsm, .xls and .ods workbooks, not this kind",
                )
                .help("in the spreadsheet program, save it as an Excel workbook (.xlsx), or as CSV UTF-8"),
            );
            return Ok(());
        }
        let size = crate::files::regular(&self.path)?.len();
        if size > workbook::MAX_WORKBOOK {
            self.refused.push(workbook::too_large_file(size));
            return Ok(());
        }
        let bytes = crate::files::read_at_most(&self.path, workbook::MAX_WORKBOOK + 1)?;
        let fail = |source| Error::Read {
            path: self.path.clone(),
            source,
        };
        let mut file = tempfile::tempfile().map_err(fail)?;
        let written = {
            let mut out = std::io::BufWriter::new(&mut file);
            workbook::to_csv(&bytes, sheet, &mut out)
        };
        match written {
            Ok(place) => {
                self.place = Some(place);
                self.spool = Some(file);
            }
            Err(Refused::Diagnostics(diagnostics, place)) => {
                self.place = place;
                self.refused = diagnostics;
            }
            Err(Refused::Io(source)) => return Err(fail(source)),
        }
        Ok(())
    }

    pub fn input(&self) -> crate::batch::Input<'_> {
        match &self.spool {
            Some(spool) if self.workbook => crate::batch::Input::Workbook(spool, &self.path),
            Some(spool) => crate::batch::Input::Stdin(spool),
            None => crate::batch::Input::File(&self.path),
        }
    }
}

/// Copy `reader` to an unnamed temporary file, refusing more than `cap`
/// bytes.
fn spool(reader: impl Read, cap: u64) -> Result<std::fs::File, Error> {
    let fail = |source| Error::Read {
        path: PathBuf::from("<stdin>"),
        source,
    };
    let mut spool = tempfile::tempfile().map_err(fail)?;
    let copied = std::io::copy(&mut reader.take(cap + 1), &mut spool)
        .and_then(|n| spool.flush().map(|()| n))
        .map_err(fail)?;
    if copied > cap {
        return Err(fail(std::io::Error::other(format!(
            "more than {} MiB of CSV on stdin, the most rx copies; save it to a file and give its name",
            cap / (1024 * 1024)
        ))));
    }
    Ok(spool)
}

/// Whether a path names a batch of plans (`.csv`, or a tab-separated `.tsv`
/// or `.txt` export) rather than one TOML plan.
pub fn is_csv(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        ["csv", "tsv", "txt"]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}

/// Whether a path names a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`;
/// `.xlsb` too, to be told how to save it).
pub fn is_workbook(path: &Path) -> bool {
    let name = path.display().to_string();
    crate::batch::workbook::is_workbook(&name) || crate::batch::workbook::is_other_workbook(&name)
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
    use super::{delimiter, is_csv, spool};
    use std::path::Path;

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

    #[test]
    fn stdin_is_spooled_up_to_its_cap() {
        use std::io::{Read as _, Seek as _};
        let mut copied = spool(&b"patient_id,exercise\n"[..], 20).expect("within the cap");
        let mut bytes = Vec::new();
        copied
            .rewind()
            .and_then(|()| copied.read_to_end(&mut bytes))
            .expect("the spool");
        assert_eq!(bytes, b"patient_id,exercise\n");
        let e = spool(&[b'x'; 3 * 1024 * 1024][..], 2 * 1024 * 1024).expect_err("over the cap");
        assert_eq!(
            e.to_string(),
            "cannot read <stdin>: more than 2 MiB of CSV on stdin, the most rx copies; save it to a file and give its name"
        );
    }

    #[test]
    fn tab_separated_exports_are_batches() {
        assert!(is_csv(Path::new("plans.TSV")));
        assert!(is_csv(Path::new("export.txt")));
        assert!(!is_csv(Path::new("plan.toml")));
    }
}
