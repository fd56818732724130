//! Where a batch's rows come from: a CSV file, stdin copied to a temporary
//! file, or a workbook's sheet (`.xlsx`, `.xlsm`, `.xls`, `.ods`) written
//! to one as CSV. `rx build`/`rx check` and `rx serve` open their batches
//! here, so a workbook reads the same from the command line and the editor.
//!
//! A CSV on stdin is copied to a temporary file first, at most
//! `MAX_STDIN_CSV` bytes: the batch reads its CSV twice, and a pipe can be
//! read only once. The file has no name (on Linux it never has one; on
//! other systems its name is removed as it is made), so the patients' data
//! is gone when the run ends, even if it is killed. A workbook's sheet is
//! spooled the same way.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{Event, Input, Options, Report, workbook};
use crate::diag::{Diagnostic, SheetPlace};
use crate::error::Error;
use crate::run::Run;

/// Most bytes of CSV rx copies from stdin (256 MiB, over a million rows).
pub const MAX_STDIN_CSV: u64 = 256 * 1024 * 1024;

/// A batch's rows, ready to be read (twice) by `run`.
pub struct Source {
    path: PathBuf,
    spool: Option<std::fs::File>,
    workbook: bool,
    /// Where a workbook's rows are in it, for locating diagnostics.
    pub place: Option<SheetPlace>,
    /// Why a workbook cannot be read at all (then nothing is read).
    pub refused: Vec<Diagnostic>,
}

impl Source {
    fn new(path: PathBuf) -> Source {
        Source {
            path,
            spool: None,
            workbook: false,
            place: None,
            refused: Vec::new(),
        }
    }

    /// A file: a workbook (by its name) or a CSV. `sheet` is for a
    /// workbook only.
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<Source, Error> {
        let mut source = Source::new(path.to_owned());
        if is_workbook(path) {
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

    /// A CSV on standard input, copied to an unnamed temporary file.
    pub fn stdin() -> Result<Source, Error> {
        let mut source = Source::new(PathBuf::from("-"));
        source.spool = Some(spool(std::io::stdin().lock(), MAX_STDIN_CSV)?);
        Ok(source)
    }

    /// Write the workbook's sheet as CSV to an unnamed temporary file, or
    /// keep why it cannot be.
    fn read_workbook(&mut self, sheet: Option<&str>) -> Result<(), Error> {
        use workbook::Refused;
        let name = self.path.display().to_string();
        if workbook::is_other_workbook(&name) {
            self.refused.push(
                Diagnostic::error(
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

    pub fn input(&self) -> Input<'_> {
        match &self.spool {
            Some(spool) if self.workbook => Input::Workbook(spool, &self.path),
            Some(spool) => Input::Stdin(spool),
            None => Input::File(&self.path),
        }
    }

    /// Run the batch over these rows (`super::run`); a workbook that cannot
    /// be read at all is its diagnostics and a report of nothing read.
    pub fn run(
        &self,
        run: &Run,
        options: &Options,
        mut on: impl FnMut(Event),
    ) -> Result<Report, Error> {
        if !self.refused.is_empty() {
            on(Event::Diagnostics(&self.refused));
            return Ok(Report {
                skipped: 1,
                unreadable: true,
                ..Report::default()
            });
        }
        super::run(self.input(), run, options, on)
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
    workbook::is_workbook(&name) || workbook::is_other_workbook(&name)
}

#[cfg(test)]
mod tests {
    use super::{is_csv, is_workbook, spool};
    use std::path::Path;

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

    #[test]
    fn workbooks_are_known_by_their_names() {
        for name in [
            "plans.xlsx",
            "plans.XLSM",
            "plans.xls",
            "plans.ods",
            "plans.xlsb",
        ] {
            assert!(is_workbook(Path::new(name)), "{name}");
        }
        assert!(!is_workbook(Path::new("plans.csv")));
    }
}
