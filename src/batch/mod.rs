//! Batch: one CSV of many patients -> one checked plan, and optionally one
//! PDF, per patient; every outcome reported.
//!
//! Two passes over the file, each linear in its size. Pass 1 (`index`) keeps
//! per patient only where its rows are, and finds what makes a patient
//! unsafe to build before anything is built (a quote left open that
//! swallowed other patients' rows, a row cut at the size cap). Pass 2 reads
//! the file again and checks each patient as soon as its last row is read,
//! so memory holds only the patients whose rows are still being read (one,
//! for a file sorted by patient), and at most `caps::EXERCISES + 1` rows of
//! any one of them. Valid plans go through a bounded queue to worker threads
//! that lay out, render and write them atomically. A patient with any error
//! is reported and skipped; the others are still built.

mod guard;
mod index;
mod input;
mod output;
mod pool;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::catalogue::Catalogue;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::fonts::Fonts;
use crate::layout::{self, Options};
use crate::parse::caps;
use crate::parse::csv::{Header, Row, detect_delimiter};
use crate::parse::dates::DateOrder;
use crate::plan::Plan;
pub use guard::MAX_RECORD;
use index::{Index, Unusable};
pub use input::Input;
use input::{Records, decode, patient_id, read_up_to};
use output::{RunLock, exists, names_in};
pub use output::{file_name, fnv, write_atomic};
use pool::Pool;

/// Most worker threads a batch starts.
pub const MAX_JOBS: usize = 64;

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `None` detects it from the header.
    pub delimiter: Option<u8>,
    /// `None` only checks.
    pub out_dir: Option<PathBuf>,
    /// Replace existing PDFs.
    pub force: bool,
    /// Leave existing PDFs and build only the missing ones.
    pub skip_existing: bool,
    pub threads: usize,
    pub today: NaiveDate,
    pub deny_warnings: bool,
    /// Overrides for every sheet; `None` fields fall back to each plan's own.
    pub paper: Option<crate::plan::Paper>,
    pub large_print: bool,
    /// The order of day and month in date cells not written YYYY-MM-DD.
    pub date_format: Option<DateOrder>,
    /// Unknown columns are errors (and the file is not read), not a warning.
    pub strict_columns: bool,
}

impl Settings {
    /// Check every patient, build nothing: one thread, no output folder,
    /// the plans' own paper and print size.
    pub fn check_only(today: NaiveDate, delimiter: Option<u8>, deny_warnings: bool) -> Settings {
        Settings {
            delimiter,
            out_dir: None,
            force: false,
            skip_existing: false,
            threads: 1,
            today,
            deny_warnings,
            paper: None,
            large_print: false,
            date_format: None,
            strict_columns: false,
        }
    }
}

/// What happened, for the summary line and the exit code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub patients: usize,
    /// Sheets written; when only checking, patients found valid.
    pub built: usize,
    /// Patients not built because their plan has errors (or warnings, with
    /// `deny_warnings`), or whose rows have no patient id.
    pub skipped: usize,
    /// Patients whose sheet already existed (with `skip_existing`).
    pub kept: usize,
    /// Sheets that could not be written.
    pub failed: usize,
    /// The file could not be read as plans at all (its header is wrong):
    /// no patient was read.
    pub unreadable: bool,
}

/// Something to tell the user as the batch goes.
pub enum Event<'a> {
    /// Diagnostics about the file or one patient.
    Diagnostics(&'a [Diagnostic]),
    /// A sheet could not be written.
    Failed(&'a Error),
    /// Patients finished so far, out of the total.
    Progress { done: usize, total: usize },
    /// A patient's plan checked valid (its sheet is still to be written):
    /// for tests and fuzzing, which compare it with the rows it came from.
    Valid { id: &'a [u8], plan: &'a Plan },
}

/// Run a batch over a CSV.
pub fn run(
    input: Input,
    catalogue: &Catalogue,
    fonts: &Fonts,
    settings: &Settings,
    on: impl FnMut(Event),
) -> Result<Report, Error> {
    let mut out = Reporter {
        on,
        shown: 0,
        hidden: 0,
    };
    input.check()?;
    let mut start = [0u8; 4096];
    let n = read_up_to(&mut input.open_at(0)?, &mut start).map_err(|source| Error::Read {
        path: input.name(),
        source,
    })?;
    let bom = start[..n].starts_with(b"\xEF\xBB\xBF");
    let skip = if bom { 3 } else { 0 };
    let delimiter = settings
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&start[skip..n]));

    let mut index = match index::index(
        &input,
        delimiter,
        skip as u64,
        settings.strict_columns || settings.deny_warnings,
    ) {
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
    let mut report = Report {
        patients: index.patients.len(),
        skipped: index.orphans + index.lost.len(),
        ..Report::default()
    };
    out.diagnostics(&std::mem::take(&mut index.diagnostics));
    out.hidden += index.hidden;
    out.diagnostics(&std::mem::take(&mut index.lost));
    name_patients(&mut index);

    let _lock = match &settings.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.clone(),
                source,
            })?;
            Some(RunLock::take(dir)?)
        }
        None => None,
    };
    let existing = settings
        .out_dir
        .as_deref()
        .map(names_in)
        .unwrap_or_default();
    let total = report.patients;
    std::thread::scope(|scope| -> Result<(), Error> {
        let pool = settings
            .out_dir
            .is_some()
            .then(|| Pool::start(scope, settings.threads, |job: Job| build_one(&job, fonts)));
        let mut finished = index.lost.len();
        let mut writes = Writes::default();
        let mut records = Records::open(&input, delimiter, index.start, 1)?;
        let mut record = csv::ByteRecord::new();
        let mut in_flight: HashMap<Box<[u8]>, Vec<Row>> = HashMap::new();
        let mut number: u64 = 0;
        // Skip the header; pass 1 read it.
        let path = input.name();
        let mut read = |record: &mut csv::ByteRecord| {
            records
                .reader
                .read_byte_record(record)
                .map_err(|e| input::csv_error(&path, e))
        };
        read(&mut record)?;
        while read(&mut record)? {
            number += 1;
            let id = patient_id(&record, index.id_at);
            let key = &id[..id.len().min(index::MAX_ID)];
            let Some(patient) = index.patients.get(key) else {
                continue; // a blank line or a row without an id
            };
            let rows = in_flight.entry(key.into()).or_default();
            if patient.blocked.is_empty() && rows.len() <= caps::EXERCISES {
                let (cells, bad_utf8) = decode(&record, index.header.len());
                rows.push(Row {
                    number: number as usize + 1,
                    cells,
                    width: record.len(),
                    bad_utf8,
                });
            }
            if patient.last_record != number {
                continue;
            }
            let rows = in_flight
                .remove(key)
                .expect("the patient's rows are in flight");
            let job = check_patient(
                key,
                patient,
                &index.header,
                &rows,
                catalogue,
                fonts,
                settings,
            );
            finished += 1;
            if let Some(diagnostics) = job.diagnostics() {
                out.diagnostics(diagnostics);
            }
            if let Checked::Valid(sheet) = &job {
                (out.on)(Event::Valid {
                    id: key,
                    plan: &sheet.plan,
                });
            }
            match job {
                Checked::Skipped(_) => report.skipped += 1,
                Checked::Valid(_) if settings.out_dir.is_none() => report.built += 1,
                Checked::Valid(sheet) => {
                    let dir = settings.out_dir.as_deref().expect("building has a folder");
                    match writes.decide(dir, &existing, *sheet, settings) {
                        Decision::Write(job) => {
                            if let Some(pool) = &pool {
                                pool.send(job);
                            }
                        }
                        Decision::Keep => report.kept += 1,
                        Decision::Fail(e) => {
                            report.failed += 1;
                            out.failed(&e);
                        }
                    }
                }
            }
            if let Some(pool) = &pool {
                for result in pool.ready() {
                    report.record(result, &mut out);
                }
            }
            out.progress(finished.min(total), total);
        }
        if let Some(pool) = pool {
            for result in pool.finish() {
                report.record(result, &mut out);
            }
        }
        out.progress(total, total);
        Ok(())
    })?;
    out.finish();
    Ok(report)
}

impl Report {
    fn record<F: FnMut(Event)>(&mut self, result: Result<(), Error>, out: &mut Reporter<F>) {
        match result {
            Ok(()) => self.built += 1,
            Err(e) => {
                self.failed += 1;
                out.failed(&e);
            }
        }
    }
}

/// Passes events on, holding diagnostics to `MAX_DIAGNOSTICS` per file.
struct Reporter<F> {
    on: F,
    shown: usize,
    hidden: usize,
}

impl<F: FnMut(Event)> Reporter<F> {
    fn diagnostics(&mut self, diagnostics: &[Diagnostic]) {
        let room = crate::diag::MAX_SHOWN
            .saturating_sub(self.shown)
            .min(diagnostics.len());
        if room > 0 {
            (self.on)(Event::Diagnostics(&diagnostics[..room]));
        }
        self.shown += room;
        self.hidden += diagnostics.len() - room;
    }

    fn failed(&mut self, e: &Error) {
        (self.on)(Event::Failed(e));
    }

    fn progress(&mut self, done: usize, total: usize) {
        (self.on)(Event::Progress { done, total });
    }

    /// Say how many diagnostics were not shown.
    fn finish(&mut self) {
        if self.hidden > 0 {
            let d = crate::diag::more(self.hidden);
            (self.on)(Event::Diagnostics(&[d]));
        }
    }
}

/// Give every patient a file-name stem, no two alike ignoring case.
fn name_patients(index: &mut Index) {
    let ids: Vec<&[u8]> = index.patients.keys().map(|k| &**k).collect();
    let stems = output::stems(&ids);
    let keys: Vec<Box<[u8]>> = index.patients.keys().cloned().collect();
    for (key, stem) in keys.into_iter().zip(stems) {
        if let Some(patient) = index.patients.get_mut(&key) {
            patient.stem = stem;
        }
    }
}

/// One patient after checking.
enum Checked {
    /// Valid: the sheet to write, with any warnings.
    Valid(Box<Sheet>),
    /// Not built; the reasons.
    Skipped(Vec<Diagnostic>),
}

impl Checked {
    fn diagnostics(&self) -> Option<&[Diagnostic]> {
        let d = match self {
            Checked::Valid(sheet) => &sheet.warnings,
            Checked::Skipped(d) => d,
        };
        (!d.is_empty()).then_some(d.as_slice())
    }
}

/// A valid plan and where its sheet goes.
struct Sheet {
    plan: Plan,
    stem: String,
    warnings: Vec<Diagnostic>,
}

/// A valid plan on its way to a worker.
struct Job {
    plan: Plan,
    options: Options,
    path: PathBuf,
    force: bool,
}

fn build_one(job: &Job, fonts: &Fonts) -> Result<(), Error> {
    let document = layout::sheet(&job.plan, job.options, fonts);
    let pdf = crate::render::render(&document, fonts);
    write_atomic(&job.path, &pdf, job.force)
}

/// What to do with one valid sheet.
enum Decision {
    Write(Job),
    Keep,
    Fail(Error),
}

/// The names this run writes, so no two sheets of one run share a file.
#[derive(Default)]
struct Writes {
    taken: HashSet<String>,
}

impl Writes {
    fn decide(
        &mut self,
        dir: &std::path::Path,
        existing: &HashMap<String, String>,
        sheet: Sheet,
        settings: &Settings,
    ) -> Decision {
        let name = format!("{}_{}.pdf", sheet.stem, sheet.plan.issued);
        let path = dir.join(&name);
        let lower = name.to_ascii_lowercase();
        if !self.taken.insert(lower.clone()) {
            // Stems are distinct and so are (stem, date) pairs; this would
            // be a bug, and a lost sheet: never overwrite, say so.
            return Decision::Fail(Error::Exists { path });
        }
        if let Some(other) = existing.get(&lower).filter(|other| **other != name) {
            return Decision::Fail(Error::CaseClash {
                path,
                other: dir.join(other),
            });
        }
        if exists(&path) && !settings.force {
            return if settings.skip_existing {
                Decision::Keep
            } else {
                Decision::Fail(Error::SheetExists { path })
            };
        }
        let options = Options {
            paper: settings
                .paper
                .or(sheet.plan.sheet.paper)
                .unwrap_or_default(),
            large_print: settings.large_print || sheet.plan.sheet.large_print.unwrap_or(false),
        };
        Decision::Write(Job {
            plan: sheet.plan,
            options,
            path,
            force: settings.force,
        })
    }
}

/// Parse, resolve and check one patient's rows. The plan comes back only
/// when there is no error (nor, with `deny_warnings`, a warning).
fn check_patient(
    key: &[u8],
    patient: &index::Patient,
    header: &Header,
    rows: &[Row],
    catalogue: &Catalogue,
    fonts: &Fonts,
    settings: &Settings,
) -> Checked {
    // In a batch, say whose plan each problem is in.
    let id = crate::parse::fields::shorten(&String::from_utf8_lossy(key));
    let name = |mut diagnostics: Vec<Diagnostic>| {
        for d in &mut diagnostics {
            d.set_patient(&id);
        }
        diagnostics
    };
    if !patient.blocked.is_empty() {
        return Checked::Skipped(name(patient.blocked.clone()));
    }
    let (raw, diagnostics) =
        crate::parse::csv::patient(header, rows, patient.rows, settings.date_format);
    let checked = crate::check_raw(&raw, diagnostics, catalogue, fonts, settings.today);
    let diagnostics = name(checked.diagnostics);
    match checked.plan {
        Some(plan) if !settings.deny_warnings || diagnostics.is_empty() => {
            Checked::Valid(Box::new(Sheet {
                plan,
                stem: patient.stem.clone(),
                warnings: diagnostics,
            }))
        }
        _ => Checked::Skipped(diagnostics),
    }
}

#[cfg(test)]
mod tests;
