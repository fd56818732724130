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

use std::collections::HashMap;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use chrono::NaiveDate;

use crate::catalogue::Catalogue;
use crate::diag::{Code, Diagnostic, Span};
use crate::error::Error;
use crate::fonts::Fonts;
use crate::layout::{self, Options};
use crate::parse::csv::{Column, Header, MAX_COLUMNS, Row, detect_delimiter};
use crate::plan::Plan;

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

/// Where a batch's CSV comes from. The batch reads it several times (once
/// to count, then once per bucket), so it must be reopenable: a file, or
/// bytes already in memory (tests, fuzzing).
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

impl<'a> Input<'a> {
    fn name(&self) -> PathBuf {
        match self {
            Input::File(path) => path.to_path_buf(),
            Input::Bytes(_) => PathBuf::from("<memory>"),
        }
    }

    fn open(&self) -> std::io::Result<Box<dyn Read + 'a>> {
        match *self {
            Input::File(path) => Ok(Box::new(BufReader::new(File::open(path)?))),
            Input::Bytes(bytes) => Ok(Box::new(bytes)),
        }
    }
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
    let (raw, mut diagnostics) = crate::parse::csv::patient(header, rows);
    let (plan, more) = crate::resolve::resolve(&raw, catalogue, today);
    diagnostics.extend(more);
    diagnostics.extend(crate::check::check(&plan, catalogue));
    diagnostics.extend(crate::check::glyphs(&raw, &plan, fonts));
    crate::diag::sort(&mut diagnostics);
    // In a batch, say whose plan each problem is in.
    let id = crate::parse::fields::shorten(id);
    for d in &mut diagnostics {
        d.message = format!("patient {id}: {}", d.message);
    }
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    (ok.then_some(plan), diagnostics)
}

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so an interrupted run never leaves a partial PDF at `path`.
/// Without `replace`, an existing file (or symlink) at `path` is left alone
/// and reported; a symlink is never followed either way.
pub fn write_atomic(path: &Path, bytes: &[u8], replace: bool) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write {
        path: path.to_owned(),
        source,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".rx-")
        .suffix(".part")
        .tempfile_in(folder)
        .map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    // Temporary files are private (0600); a sheet is an ordinary document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    let persisted = if replace {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => Error::Exists {
            path: path.to_owned(),
        },
        _ => fail(e.error),
    })?;
    Ok(())
}

/// Temporary files of an earlier run that was killed (SIGKILL leaves no
/// chance to clean up). They are ours by name; removing them is best effort.
fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.starts_with(".rx-") && name.ends_with(".part") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether anything, even a dangling symlink, has this name.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// `<patient id>_<issued>.pdf`, with the id made a safe, portable file name:
/// only ASCII letters, digits, `-`, `_` and `.`, not starting with a dot, not
/// a Windows device name, at most 64 characters. When the id had to change,
/// a hash of the original id is added, so two ids that clean up alike still
/// get two files, the same ones on every run.
pub fn file_name(id: &str, issued: NaiveDate) -> String {
    const MAX: usize = 64;
    let mut stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(MAX)
        .collect();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    let base = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        stem.insert(0, '_');
    }
    if stem.is_empty() {
        stem.push_str("patient");
    }
    if stem != id {
        stem.push_str(&format!("-{:08x}", fnv(id.as_bytes()) as u32));
    }
    format!("{stem}_{issued}.pdf")
}

/// FNV-1a: a small stable hash (the same on every run and machine).
fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

fn patient_id(record: &csv::ByteRecord, at: usize) -> String {
    record
        .get(at)
        .map(|b| String::from_utf8_lossy(b).trim().to_owned())
        .unwrap_or_default()
}

/// Cells as text; the index of the first cell that was not UTF-8, if any.
fn decode(record: &csv::ByteRecord) -> (Vec<String>, Option<usize>) {
    let mut bad = None;
    let cells = record
        .iter()
        .enumerate()
        .map(|(i, bytes)| match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                bad.get_or_insert(i);
                String::from_utf8_lossy(bytes).into_owned()
            }
        })
        .collect();
    (cells, bad)
}

fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Longest line rx reads from a CSV. A real row, even with long notes, is a
/// few kilobytes; a quoted cell may span lines, each of them short.
pub const MAX_LINE: usize = 1024 * 1024;

/// Fails the read when a line runs past `MAX_LINE` bytes, so a 50 MB cell or
/// a million-column header is an error before it is in memory.
struct LineGuard<R> {
    inner: R,
    run: usize,
}

impl<R: Read> LineGuard<R> {
    fn new(inner: R) -> Self {
        LineGuard { inner, run: 0 }
    }
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.run = if b == b'\n' { 0 } else { self.run + 1 };
            if self.run > MAX_LINE {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    LineTooLong,
                ));
            }
        }
        Ok(n)
    }
}

#[derive(Debug)]
struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line longer than {MAX_LINE} bytes")
    }
}

impl std::error::Error for LineTooLong {}

/// A CSV that cannot be read past `row`: a located diagnostic when the file
/// is at fault (too long a line, broken quoting), an `Error` when the disk is.
fn unreadable(
    path: &Path,
    e: csv::Error,
    row: usize,
    on: &mut impl FnMut(Event),
) -> Result<Report, Error> {
    let message = match e.kind() {
        csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<LineTooLong>()) => {
            format!("row {row} has a line longer than {MAX_LINE} bytes; rx reads no further")
        }
        csv::ErrorKind::Io(_) => return Err(csv_error(path, e)),
        other => format!("row {row} cannot be read: {other:?}"),
    };
    let d = Diagnostic::error(Code::TooLarge, message).at(Some(Span::Cell { row, column: "row" }));
    on(Event::Diagnostics(&[d]));
    Ok(Report {
        skipped: 1,
        ..Report::default()
    })
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{other:?}")),
    };
    Error::Read {
        path: path.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::file_name;

    #[test]
    fn hostile_ids_become_safe_distinct_file_names() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let names: Vec<String> = [
            "MRN-1",
            "../../x",
            "/etc/passwd",
            "CON",
            "a\0b",
            "a\nb",
            ".hidden",
            "",
        ]
        .iter()
        .map(|id| file_name(id, day))
        .collect();
        assert_eq!(names[0], "MRN-1_2026-11-22.pdf");
        for name in &names {
            assert!(
                !name.contains('/') && !name.contains('\\') && !name.starts_with('.'),
                "{name}"
            );
            assert!(name.chars().all(|c| c.is_ascii_graphic()), "{name}");
        }
        assert!(names[3].starts_with("_CON-"));
        // "a\0b" and "a\nb" both clean up to "a_b" but stay distinct.
        assert_ne!(names[4], names[5]);
        assert!(file_name(&"x".repeat(300), day).len() < 100);
    }
}
