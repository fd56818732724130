//! Batch: one CSV of many patients -> one checked plan, and optionally one
//! PDF, per patient; every outcome reported.
//!
//! Memory stays bounded by the size of a bucket, not the file: a first pass
//! counts rows and patients; then the file is read once per bucket, keeping
//! only the rows whose patient id hashes into that bucket (rows of one
//! patient may stand anywhere in the file). Each patient is checked on this
//! thread; valid plans go through a bounded channel to worker threads that
//! lay out, render and write them atomically. A patient with any error is
//! reported and skipped; the others are still built.

mod input;
mod output;

use std::collections::HashMap;
use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc;

use chrono::NaiveDate;

use crate::catalogue::Catalogue;
use crate::diag::{Code, Diagnostic, Span};
use crate::error::Error;
use crate::fonts::Fonts;
use crate::layout::{self, Options};
use crate::parse::csv::{Column, Header, MAX_COLUMNS, Row, detect_delimiter};
use crate::plan::Plan;
pub use input::{Input, MAX_LINE};
use input::{LineGuard, csv_error, decode, patient_id, read_up_to, unreadable};
use output::{exists, remove_stale_parts};
pub use output::{file_name, fnv, write_atomic};

/// Rows held in memory at once, at most (one bucket's worth).
const ROWS_PER_BUCKET: usize = 20_000;

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
}

/// Something to tell the user as the batch goes.
pub enum Event<'a> {
    /// Diagnostics about the file or one patient.
    Diagnostics(&'a [Diagnostic]),
    /// A sheet could not be written.
    Failed(&'a Error),
    /// Patients finished so far, out of the total.
    Progress { done: usize, total: usize },
}

/// Run a batch over a CSV.
pub fn run(
    input: Input,
    catalogue: &Catalogue,
    fonts: &Fonts,
    settings: &Settings,
    mut on: impl FnMut(Event),
) -> Result<Report, Error> {
    let path = input.name();
    let path = path.as_path();
    let read_error = |source: std::io::Error| Error::Read {
        path: path.to_owned(),
        source,
    };
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    let mut start = [0u8; 4096];
    let n = read_up_to(&mut input.open().map_err(read_error)?, &mut start).map_err(read_error)?;
    let bom = start[..n].starts_with(b"\xEF\xBB\xBF");
    let skip = if bom { 3 } else { 0 };
    let delimiter = settings
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&start[skip..n]));
    let open = || -> Result<csv::Reader<Box<dyn Read + '_>>, Error> {
        let mut reader = input.open().map_err(read_error)?;
        std::io::copy(&mut (&mut reader).take(skip as u64), &mut std::io::sink())
            .map_err(read_error)?;
        Ok(csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(Box::new(LineGuard::new(reader)) as Box<dyn Read + '_>))
    };

    // Pass 1: header, row count, patient count, rows without an id.
    let mut reader = open()?;
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => {
            on(Event::Diagnostics(&[Diagnostic::error(
                Code::EmptyFile,
                "the file is empty",
            )]));
            return Ok(Report {
                skipped: 1,
                ..Report::default()
            });
        }
        Some(record) => {
            let record = match record {
                Ok(record) => record,
                Err(e) => return unreadable(path, e, 1, &mut on),
            };
            if record.len() > MAX_COLUMNS {
                let d = Diagnostic::error(
                    Code::TooLarge,
                    format!(
                        "the header has {} columns; rx reads at most {MAX_COLUMNS}",
                        record.len()
                    ),
                )
                .at(Some(Span::Cell {
                    row: 1,
                    column: "header",
                }));
                on(Event::Diagnostics(&[d]));
                return Ok(Report {
                    skipped: 1,
                    ..Report::default()
                });
            }
            let cells = decode(&record).0;
            match Header::parse(&cells) {
                Ok(header) => header,
                Err(diagnostics) => {
                    on(Event::Diagnostics(&diagnostics));
                    return Ok(Report {
                        skipped: 1,
                        ..Report::default()
                    });
                }
            }
        }
    };
    let id_at = header
        .position(Column::PatientId)
        .expect("the header has a patient_id column");
    let mut rows = 0usize;
    let mut patients: HashSet<u64> = HashSet::new();
    let mut report = Report::default();
    let mut orphans = Vec::new();
    for (i, record) in records.enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => return unreadable(path, e, i + 2, &mut on),
        };
        let id = patient_id(&record, id_at);
        if id.is_empty() {
            if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
                continue; // a blank line
            }
            orphans.push(
                Diagnostic::error(Code::Missing, "row without a patient id")
                    .at(Some(Span::Cell {
                        row: i + 2,
                        column: "patient_id",
                    }))
                    .help("every row needs the `patient_id` of the patient it belongs to"),
            );
            continue;
        }
        rows += 1;
        patients.insert(fnv(id.as_bytes()));
    }
    if !orphans.is_empty() {
        report.skipped += orphans.len();
        on(Event::Diagnostics(&orphans));
    }
    let total = patients.len();
    drop(patients);
    report.patients = total;
    let buckets = rows.div_ceil(ROWS_PER_BUCKET).max(1) as u64;

    if let Some(dir) = &settings.out_dir {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        remove_stale_parts(dir);
    }
    let threads = settings.threads.max(1);
    // A bounded queue: at most two sheets per worker wait in memory.
    let (jobs_tx, jobs_rx) = mpsc::sync_channel::<Job>(threads * 2);
    let jobs_rx = std::sync::Mutex::new(jobs_rx);
    let (done_tx, done_rx) = mpsc::channel::<Result<(), Error>>();
    std::thread::scope(|scope| -> Result<(), Error> {
        if settings.out_dir.is_some() {
            for _ in 0..threads {
                let jobs = &jobs_rx;
                let done = done_tx.clone();
                scope.spawn(move || {
                    loop {
                        let job = {
                            let guard = jobs
                                .lock()
                                .expect("no worker panics while holding the job queue");
                            guard.recv()
                        };
                        let Ok(job) = job else { break };
                        let _ = done.send(build_one(&job, fonts));
                    }
                });
            }
        }
        drop(done_tx);
        let mut finished = 0usize;
        let collect = |report: &mut Report, on: &mut dyn FnMut(Event), block: bool| {
            loop {
                let next = if block {
                    done_rx.recv().ok()
                } else {
                    done_rx.try_recv().ok()
                };
                let Some(result) = next else { break };
                match result {
                    Ok(()) => report.built += 1,
                    Err(e) => {
                        report.failed += 1;
                        on(Event::Failed(&e));
                    }
                }
            }
        };

        for bucket in 0..buckets {
            // Rows of this bucket's patients, grouped by id in first-seen order.
            let mut order: Vec<String> = Vec::new();
            let mut groups: HashMap<String, Vec<Row>> = HashMap::new();
            let mut reader = open()?;
            for (i, record) in reader.byte_records().enumerate().skip(1) {
                let record = record.map_err(|e| csv_error(path, e))?;
                let id = patient_id(&record, id_at);
                if id.is_empty() || fnv(id.as_bytes()) % buckets != bucket {
                    continue;
                }
                let (cells, bad) = decode(&record);
                let row = Row {
                    number: i + 1,
                    cells,
                    bad_utf8: bad,
                };
                match groups.get_mut(&id) {
                    Some(rows) => rows.push(row),
                    None => {
                        order.push(id.clone());
                        groups.insert(id, vec![row]);
                    }
                }
            }
            for id in order {
                let rows = groups.remove(&id).expect("every id in order has its rows");
                let (plan, diagnostics) =
                    check_patient(&id, &header, &rows, catalogue, fonts, settings.today);
                if !diagnostics.is_empty() {
                    on(Event::Diagnostics(&diagnostics));
                }
                let warned = settings.deny_warnings && !diagnostics.is_empty();
                match plan {
                    Some(plan) if !warned => {
                        if let Some(dir) = &settings.out_dir {
                            let path = dir.join(file_name(&id, plan.issued));
                            if exists(&path) && !settings.force {
                                if settings.skip_existing {
                                    report.kept += 1;
                                } else {
                                    report.failed += 1;
                                    on(Event::Failed(&Error::Exists { path }));
                                }
                            } else {
                                let options = Options {
                                    paper: settings.paper.or(plan.sheet.paper).unwrap_or_default(),
                                    large_print: settings.large_print
                                        || plan.sheet.large_print.unwrap_or(false),
                                };
                                let job = Job {
                                    plan,
                                    options,
                                    path,
                                    force: settings.force,
                                };
                                if jobs_tx.send(job).is_err() {
                                    break;
                                }
                            }
                        } else {
                            report.built += 1;
                        }
                    }
                    _ => report.skipped += 1,
                }
                finished += 1;
                collect(&mut report, &mut on, false);
                on(Event::Progress {
                    done: finished.min(total),
                    total,
                });
            }
        }
        drop(jobs_tx);
        collect(&mut report, &mut on, true);
        on(Event::Progress { done: total, total });
        Ok(())
    })?;
    Ok(report)
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

/// Parse, resolve and check one patient's rows. The plan comes back only
/// when there is no error.
fn check_patient(
    id: &str,
    header: &Header,
    rows: &[Row],
    catalogue: &Catalogue,
    fonts: &Fonts,
    today: NaiveDate,
) -> (Option<Plan>, Vec<Diagnostic>) {
    let (raw, diagnostics) = crate::parse::csv::patient(header, rows);
    let mut checked = crate::check_raw(&raw, diagnostics, catalogue, fonts, today);
    // In a batch, say whose plan each problem is in.
    let id = crate::parse::fields::shorten(id);
    for d in &mut checked.diagnostics {
        d.message = format!("patient {id}: {}", d.message);
    }
    (checked.plan, checked.diagnostics)
}
