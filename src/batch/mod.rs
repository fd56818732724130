//! Batch: one CSV (or workbook sheet) of many patients -> one checked plan, and optionally one
//! PDF, per patient; every outcome reported.
//!
//! Two passes over the file, each linear in its size. Pass 1 (`index`) keeps
//! per patient only where its rows are, and finds what makes a patient
//! unsafe to build before anything is built (a quote left open that
//! swallowed other patients' rows, a row cut at the size cap). Pass 2
//! (`patients`) reads the file again and hands over each patient as soon as
//! its last row is read, so it holds rows only of the patients still being
//! read (one, for a file sorted by patient), and at most
//! `caps::EXERCISES + 1` rows of any one of them. The index itself grows
//! with the number of patients (about 330 bytes each at peak, measured by
//! `benches/hostile.rs`). Each is checked here;
//! valid plans go (`sheets`) through a bounded queue to the worker threads
//! of a `Pool` that lay out, render and write them atomically. A patient
//! with any error is reported and skipped; the others are still built.
//!
//! `run` is the steps in order: sniff the file's start, index it, count and
//! name the patients, prepare the output folder, then check every patient
//! and settle its sheet while the pool writes, collecting results as they
//! come.

mod pool;
mod reader;
mod report;
mod sheets;
pub mod source;

use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::error::Error;
use crate::parse::csv::{Header, Row, detect_delimiter};
use crate::run::Run;
use pool::Pool;
pub use reader::guard::MAX_RECORD;
use reader::index::{self, Index, Unusable};
pub use reader::input::Input;
use reader::input::read_up_to;
use reader::patients;
pub use reader::workbook;
use report::Reporter;
pub use report::{Event, Outcome, Report, Status};
use sheets::{Folder, Sheet, Sheets};
pub use source::Source;

/// Most worker threads a batch starts.
pub const MAX_JOBS: usize = 64;

/// What a batch does besides what the `Run` decides for every plan: how
/// its file is read, and whether (and where) its sheets are built.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How the CSV is read.
    pub csv: CsvOptions,
    /// `None` only checks.
    pub build: Option<Build>,
}

/// How a batch's CSV is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// `None` detects it from the header.
    pub delimiter: Option<u8>,
    /// Unknown columns are errors (and the file is not read), not a warning.
    pub strict_columns: bool,
    /// Columns to leave out without a word (`--ignore-column`), even when
    /// their header looks like a column rx reads.
    pub ignore_columns: Vec<String>,
    /// A workbook's sheet to read (`--sheet`); `None` reads the first.
    pub sheet: Option<String>,
}

/// Where and how a batch writes its sheets.
#[derive(Debug, Clone)]
pub struct Build {
    pub out_dir: PathBuf,
    /// What to do where a sheet's file already exists.
    pub existing: Existing,
    pub threads: usize,
}

pub use crate::files::write::Existing;

/// Run a batch over a CSV: every patient checked and built as `run` says.
pub fn run(
    input: Input,
    run: &Run,
    options: &Options,
    on: impl FnMut(Event),
) -> Result<Report, Error> {
    let mut out = Reporter::new(on);
    input.check()?;
    let (delimiter, start) = sniff(&input, options.csv.delimiter)?;
    let columns = crate::parse::csv::ColumnRules {
        strict: options.csv.strict_columns || run.deny_warnings,
        ignore: options.csv.ignore_columns.clone(),
    };
    let mut index = match index::index(&input, delimiter, start, &columns) {
        Ok(index) => index,
        Err(Unusable::Error(e)) => return Err(e),
        Err(Unusable::Diagnostics(diagnostics)) => {
            out.diagnostics(&diagnostics);
            out.finish();
            return Ok(Report {
                skipped: 1,
                unreadable: true,
                ..Report::default()
            });
        }
    };
    let mut report = count(&mut index, &mut out);
    if report.patients == 0 {
        // An empty export is not a batch that built everything.
        out.finish();
        report.unreadable = true;
        return Ok(report);
    }
    name_patients(&mut index);
    let folder = options.build.as_ref().map(Folder::prepare).transpose()?;
    let total = report.patients;
    std::thread::scope(|scope| -> Result<(), Error> {
        let pool = folder
            .as_ref()
            .map(|f| Pool::start(scope, f.build.threads, |job: sheets::Job| job.run(run)));
        let mut sheets = Sheets::new(folder.as_ref(), pool);
        let mut finished = index.lost.len();
        patients::each(&input, &index, |key, patient, rows| {
            let checked = check_patient(key, patient, &index.header, rows, run);
            finished += 1;
            out.checked(key, &checked);
            match checked {
                Checked::Skipped { diagnostics, name } => {
                    report.skipped += 1;
                    out.patient(&Outcome {
                        first_record: patient.first_record,
                        id: shown(key),
                        name,
                        issued: None,
                        file: None,
                        digest: None,
                        options: None,
                        pages: None,
                        status: Status::Skipped,
                        diagnostics,
                        error: None,
                    });
                }
                Checked::Valid(sheet) => sheets.settle(*sheet, run, &mut report, &mut out),
            }
            sheets.collect_ready(&mut report, &mut out);
            out.progress(finished.min(total), total);
        })?;
        sheets.finish(&mut report, &mut out);
        out.progress(total, total);
        Ok(())
    })?;
    // "Built" is said only of sheets on the disk (power cut or not).
    if let Some(folder) = &folder {
        folder.check_in_place()?;
        crate::files::write::sync_folder(&folder.build.out_dir)?;
    }
    out.finish();
    Ok(report)
}

/// The delimiter (given, or detected from the file's first 4 KiB) and the
/// byte where the header starts (after a UTF-8 byte-order mark).
fn sniff(input: &Input, given: Option<u8>) -> Result<(u8, u64), Error> {
    let mut start = [0u8; 4096];
    let n = read_up_to(&mut input.open_at(0)?, &mut start).map_err(|source| Error::Read {
        path: input.name(),
        source,
    })?;
    let skip = if start[..n].starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let delimiter = given.unwrap_or_else(|| detect_delimiter(&start[skip..n]));
    Ok((delimiter, skip as u64))
}

/// The report's first counts, and pass 1's file problems passed on.
fn count<F: FnMut(Event)>(index: &mut Index, out: &mut Reporter<F>) -> Report {
    let report = Report {
        patients: index.patients.len(),
        skipped: index.lost.len(),
        without_id: index.orphans,
        ..Report::default()
    };
    out.diagnostics(&std::mem::take(&mut index.diagnostics));
    out.hide(index.hidden);
    out.diagnostics(&std::mem::take(&mut index.lost));
    // Patients whose every row a runaway quote swallowed: never handed
    // over, so their outcome is told here.
    for (key, patient) in &index.patients {
        if patient.last_record == u64::MAX {
            out.patient(&Outcome {
                first_record: patient.first_record,
                id: shown(key),
                name: None,
                issued: None,
                file: None,
                digest: None,
                options: None,
                pages: None,
                status: Status::Skipped,
                diagnostics: patient.blocked.clone(),
                error: None,
            });
        }
    }
    report
}

/// Give every patient a file-name stem, no two alike ignoring case.
fn name_patients(index: &mut Index) {
    let ids: Vec<&[u8]> = index.patients.keys().map(|k| &**k).collect();
    let stems = crate::files::names::stems(&ids);
    drop(ids);
    // The map is not changed between `keys` and `values_mut`, so both walk
    // it in the same order: no copy of every id is needed to match them.
    for (patient, stem) in index.patients.values_mut().zip(stems) {
        patient.stem = stem;
    }
}

/// One patient after checking.
enum Checked {
    /// Valid: the sheet to write, with any warnings.
    Valid(Box<Sheet>),
    /// Not built; the reasons, and the patient's name if it could be read.
    Skipped {
        diagnostics: Vec<Diagnostic>,
        name: Option<String>,
    },
}

impl Checked {
    fn diagnostics(&self) -> Option<&[Diagnostic]> {
        let d = match self {
            Checked::Valid(sheet) => &sheet.warnings,
            Checked::Skipped { diagnostics, .. } => diagnostics,
        };
        (!d.is_empty()).then_some(d.as_slice())
    }
}

/// Parse, resolve and check one patient's rows. The plan comes back only
/// when it is not refused (an error, or with `deny_warnings` a warning).
fn check_patient(
    key: &[u8],
    patient: &index::Patient,
    header: &Header,
    rows: &[Row],
    run: &Run,
) -> Checked {
    // In a batch, say whose plan each problem is in.
    let id = shown(key);
    let name = |mut diagnostics: Vec<Diagnostic>| {
        for d in &mut diagnostics {
            d.set_patient(&id);
        }
        diagnostics
    };
    if !patient.blocked.is_empty() {
        return Checked::Skipped {
            diagnostics: name(patient.blocked.clone()),
            name: None,
        };
    }
    let (raw, diagnostics) = crate::parse::csv::patient(header, rows, patient.rows, run.date_order);
    let mut checked = run.check_parsed(&raw, diagnostics);
    let plan = run.accepted(&mut checked);
    let diagnostics = name(checked.diagnostics);
    match plan {
        Some(plan) => Checked::Valid(Box::new(Sheet {
            plan,
            stem: patient.stem.clone(),
            warnings: diagnostics,
            first_record: patient.first_record,
            id,
        })),
        None => Checked::Skipped {
            diagnostics,
            name: raw.patient_name.map(|n| n.value),
        },
    }
}

/// A patient id as messages show it: lossy UTF-8, shortened.
fn shown(key: &[u8]) -> String {
    crate::fields::shorten(&String::from_utf8_lossy(key))
}

#[cfg(test)]
mod tests;
