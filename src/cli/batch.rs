//! Running a CSV batch from the command line: diagnostics and failures on
//! stderr as they happen, a progress bar on a terminal, one summary line;
//! or, for tools, one JSON report and nothing on stderr. `--report` and
//! `--combine` are written once every sheet is.

use std::path::{Path, PathBuf};

use super::output;
use super::progress::Progress;
use super::report::{BuildReport, Combined, PatientEntry, Summary, shown};
use crate::batch::{self, Event, Outcome, Report, Status};
use crate::diag::{Diagnostic, SourceFile};
use crate::error::{Error, Exit};
use crate::files::guard;
use crate::files::write::{Existing, Pending, Written};
use crate::render::{Combiner, Failure};
use crate::run::Run;

/// What a build tells besides the sheets.
#[derive(Debug, Clone, Default)]
pub struct Telling {
    /// The settings file and clinic catalogue, for the report.
    pub sources: super::provenance::Sources,
    /// `--format json`: the report on stdout, nothing on stderr.
    pub json: bool,
    /// `--report FILE`.
    pub report: Option<PathBuf>,
    /// `--combine FILE`.
    pub combine: Option<PathBuf>,
    /// `--combine-simplex`: no blank page after a sheet of odd length.
    pub simplex: bool,
    /// `--date`: the issue date of plans that give none.
    pub date: Option<chrono::NaiveDate>,
}

impl Telling {
    fn wants_outcomes(&self) -> bool {
        self.json || self.report.is_some() || self.combine.is_some()
    }

    /// `--combine -`: stdout carries the combined PDF, so the run's lines
    /// go to stderr.
    fn combined_to_stdout(&self) -> bool {
        self.combine.as_deref() == Some(Path::new("-"))
    }

    /// A line telling what the run did: on stdout, unless that carries the
    /// combined PDF.
    fn say(&self, line: &str) -> Result<(), Error> {
        if self.combined_to_stdout() {
            output::error_line(line);
            return Ok(());
        }
        say(line)
    }
}

/// What a batch run gathered for its report: each patient's outcome, the
/// file's own problems, and how many patients gave their own issue date.
#[derive(Default)]
struct Gathered {
    outcomes: Vec<Outcome>,
    file_problems: Vec<Diagnostic>,
    own_date: usize,
}

/// `rx build plans.csv -o DIR`.
pub fn run(
    path: &Path,
    dir: &Path,
    run: &Run,
    options: &batch::Options,
    telling: &Telling,
) -> Result<Exit, Error> {
    let source = super::input::batch_source(path, options.csv.sheet.as_deref())?;
    let file = SourceFile::new(super::input::display(path), "").with_sheet(source.place.clone());
    let (report, mut gathered) = build(&source, &file, run, options, telling)?;
    if let Some(date) = telling
        .date
        .filter(|_| gathered.own_date > 0 && !telling.json)
    {
        output::warning(&format!(
            "--date {date} is used only for patients whose rows give no issue date; {} give their own",
            output::count(gathered.own_date, "patient")
        ));
    }
    // The order of the patients' first rows: the order a clinician reads
    // the spreadsheet in.
    crate::order::by_key(&mut gathered.outcomes, |o| o.first_record);
    if !telling.json {
        telling.say(&summary_line(&report, &file, dir))?;
    }
    let mut exit = exit(&report);
    let existing = options
        .build
        .as_ref()
        .map_or(Existing::Refuse, |b| b.existing);
    // The file's own problems, capped like the display.
    let mut diagnostics = output::json_entries(&gathered.file_problems, &file);
    let combined = match &telling.combine {
        Some(target) => match combine(
            target,
            &gathered.outcomes,
            existing,
            telling,
            Padding {
                fonts: run.fonts,
                simplex: telling.simplex,
            },
        ) {
            Ok(combined) => combined,
            // The sheets are written; only the combined file is not.
            Err(e) => {
                exit = Exit::Failure;
                if telling.json {
                    diagnostics.push(output::error_entry(&e, None));
                } else {
                    output::error(&e.to_string());
                }
                None
            }
        },
        None => None,
    };
    if telling.wants_outcomes() {
        BuildReport {
            version: super::report::VERSION,
            input: file.name.clone(),
            output: shown(dir),
            summary: Summary::from(&report),
            settings: telling.sources.settings.clone(),
            catalogue: telling.sources.catalogue.clone(),
            combined,
            patients: gathered
                .outcomes
                .iter()
                .map(|o| PatientEntry::new(o, &file))
                .collect(),
            diagnostics,
        }
        .emit(telling.report.as_deref(), telling.json)?;
    }
    Ok(exit)
}

/// Run the batch, telling diagnostics as they come (unless JSON) and
/// gathering what the report needs (only if one is asked for).
fn build(
    source: &batch::Source,
    file: &SourceFile,
    run: &Run,
    options: &batch::Options,
    telling: &Telling,
) -> Result<(Report, Gathered), Error> {
    let keep = telling.wants_outcomes();
    let mut gathered = Gathered::default();
    let report = check_or_build(
        source,
        run,
        options,
        telling.json,
        |d| {
            if !telling.json {
                output::diagnostics(d, file);
            }
            if keep {
                let own = d.iter().filter(|d| d.patient.is_none()).cloned();
                gathered.file_problems.extend(own);
            }
        },
        |o| {
            let given = telling
                .date
                .is_some_and(|d| o.issued.is_some_and(|i| i != d));
            gathered.own_date += usize::from(given);
            if keep {
                gathered.outcomes.push(o.clone());
            }
        },
    )?;
    Ok((report, gathered))
}

/// "built 3 of 4 patients, unchanged 1, skipped 1; written to DIR".
fn summary_line(report: &Report, file: &SourceFile, dir: &Path) -> String {
    if report.unreadable {
        return format!("{}: no patients read; no sheet written\n", file.name);
    }
    let mut line = format!(
        "built {} of {}",
        report.built,
        output::count(report.patients, "patient"),
    );
    if report.unchanged > 0 {
        line.push_str(&format!(", unchanged {}", report.unchanged));
    }
    line.push_str(&format!(", skipped {}", report.skipped));
    if report.without_id > 0 {
        line.push_str(&format!(
            ", {} without a patient id",
            output::count(report.without_id, "row")
        ));
    }
    if report.kept > 0 {
        line.push_str(&format!(", kept {} existing", report.kept));
    }
    if report.failed > 0 {
        line.push_str(&format!(", {} not written", report.failed));
    }
    if report.built > 0 {
        format!("{line}; written to {}\n", dir.display())
    } else if report.unchanged > 0 && report.failed == 0 && report.kept == 0 {
        format!("{line}; {} is up to date\n", dir.display())
    } else {
        format!("{line}; no sheet written\n")
    }
}

/// Whether and how `--combine` pads a sheet of an odd number of pages.
struct Padding<'a> {
    fonts: &'a crate::fonts::Fonts,
    /// `--combine-simplex`: never.
    simplex: bool,
}

impl Padding<'_> {
    /// The blank page to put after `sheet`, if it needs one: when printed
    /// double-sided, the next patient's first page must not be on the back
    /// of this patient's last. Laid out like the sheet (paper, print size,
    /// language); rendered once per kind in `made`. `target` is the
    /// combined file, named if the page cannot be rendered.
    fn after(
        &self,
        sheet: &Outcome,
        made: &mut Vec<(crate::layout::Options, Vec<u8>)>,
        target: &Path,
    ) -> Result<Option<Vec<u8>>, Error> {
        let (Some(pages), Some(options)) = (sheet.pages, sheet.options) else {
            return Ok(None);
        };
        if self.simplex || pages % 2 == 0 {
            return Ok(None);
        }
        if let Some((_, pdf)) = made.iter().find(|(o, _)| *o == options) {
            return Ok(Some(pdf.clone()));
        }
        // Any fixed date: the combined file keeps no sheet's metadata.
        let created = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
        let document = crate::layout::blank(options, self.fonts, created);
        let pdf = crate::render::render(&document, self.fonts).map_err(|e| e.writing(target))?;
        made.push((options, pdf.clone()));
        Ok(Some(pdf))
    }
}

/// `--combine FILE`: every sheet that matches its plan (built or unchanged),
/// in the order of the patients' first rows, as one PDF. A kept sheet that
/// no longer matches its plan is left out: it would print a wrong dose.
/// Each sheet starts on an odd page unless `padding.simplex`.
fn combine(
    target: &Path,
    outcomes: &[Outcome],
    existing: Existing,
    telling: &Telling,
    padding: Padding,
) -> Result<Option<Combined>, Error> {
    let quiet = telling.json;
    let files: Vec<(&Path, [u8; 16], &Outcome)> = outcomes
        .iter()
        .filter(|o| matches!(o.status, Status::Built | Status::Unchanged))
        .filter_map(|o| Some((o.file.as_deref()?, o.digest?, o)))
        .collect();
    if files.is_empty() {
        if !quiet {
            output::error(&format!(
                "no sheet to combine; {} not written",
                target.display()
            ));
        }
        return Ok(None);
    }
    // Written as it is read, one sheet at a time (thousands of sheets would
    // not fit in memory together): to stdout for `-`, in place into a
    // character device (a rename would replace the node), else into a
    // temporary file beside `target` that takes its name at the end.
    let to_stdout = |e| Error::Write {
        path: "<stdout>".into(),
        source: e,
    };
    let (pages, written) = if telling.combined_to_stdout() {
        let out = std::io::BufWriter::new(std::io::stdout().lock());
        let pages = join(&files, target, &padding, out, to_stdout)?;
        (pages, Written::New)
    } else if std::fs::metadata(target).is_ok_and(|m| guard::is_char_device(&m)) {
        let failed = |source| Error::Write {
            path: target.to_owned(),
            source,
        };
        let device = std::fs::OpenOptions::new()
            .write(true)
            .open(target)
            .map_err(failed)?;
        let pages = join(
            &files,
            target,
            &padding,
            std::io::BufWriter::new(device),
            failed,
        )?;
        (pages, Written::New)
    } else {
        guard::writable(target)?;
        let pending = Pending::new(target)?;
        let out = std::io::BufWriter::new(pending.file());
        let pages = join(&files, target, &padding, out, |e| pending.failed(e))?;
        (pages, pending.settle(existing)?)
    };
    if !quiet {
        let what = match written {
            Written::New | Written::Replaced => "wrote",
            Written::Unchanged => "unchanged",
            Written::KeptStale => "kept (it no longer matches these sheets)",
        };
        let shown = if telling.combined_to_stdout() {
            "the combined PDF to stdout".to_owned()
        } else {
            target.display().to_string()
        };
        telling.say(&format!(
            "{what} {shown}: {} of {}\n",
            output::count(pages, "page"),
            output::count(files.len(), "sheet")
        ))?;
    }
    Ok(Some(Combined {
        file: shown(target),
        sheets: files.len(),
        pages,
    }))
}

/// Write `files` (each read back and compared with its digest), with the
/// blank pages `padding` asks for, as one PDF into `out`; its page count.
/// `write_failed` words an error writing to `out`.
fn join<W: std::io::Write>(
    files: &[(&Path, [u8; 16], &Outcome)],
    target: &Path,
    padding: &Padding,
    out: W,
    write_failed: impl Fn(std::io::Error) -> Error,
) -> Result<usize, Error> {
    let mut combiner = Combiner::new(out).map_err(&write_failed)?;
    let mut blanks = Vec::new();
    for &(path, digest, outcome) in files {
        let sheet = read_sheet(path, digest, target)?;
        let blank = padding.after(outcome, &mut blanks, target)?;
        let failed = |e| match e {
            Failure::Unreadable(reason) => Error::Read {
                path: path.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, reason),
            },
            Failure::Write(e) => write_failed(e),
        };
        combiner.add(&sheet).map_err(failed)?;
        if let Some(blank) = blank {
            combiner.add_shared(&blank).map_err(failed)?;
        }
    }
    // In the first sheet's language, as the file's `/Lang` is.
    let language = files
        .first()
        .and_then(|(_, _, o)| o.options)
        .map_or(crate::lang::Language::ENGLISH, |o| o.language);
    let count = u64::try_from(files.len()).unwrap_or(u64::MAX);
    let title = language.messages().with(
        "combined-title",
        &[("count", crate::lang::Arg::Count(count))],
    );
    let (mut out, pages) = combiner.finish(&title).map_err(&write_failed)?;
    out.flush().map_err(&write_failed)?;
    Ok(pages)
}

/// A sheet this run wrote or found unchanged, read back to combine it: only
/// if its bytes are still the ones this run rendered (`digest`). Another
/// run into the same folder with `--force` may have written over it since,
/// with another patient's plan or other doses.
fn read_sheet(path: &Path, digest: [u8; 16], combined: &Path) -> Result<Vec<u8>, Error> {
    use md5::Digest as _;
    /// A sheet is tens of kilobytes; a file far larger is not one.
    const MAX_SHEET: u64 = 64 * 1024 * 1024;
    let bytes = crate::files::read_at_most(path, MAX_SHEET)?;
    if <[u8; 16]>::from(md5::Md5::digest(&bytes)) != digest {
        return Err(Error::SheetChanged {
            path: path.to_owned(),
            combined: combined.to_owned(),
        });
    }
    Ok(bytes)
}

fn say(line: &str) -> Result<(), Error> {
    output::stdout(line).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })
}

/// The exit code of a batch: 2 if a sheet could not be written, 1 if a
/// patient or a row was skipped or no patient was read, else 0.
pub fn exit(report: &Report) -> Exit {
    if report.failed > 0 {
        Exit::Failure
    } else if report.skipped > 0 || report.without_id > 0 || report.unreadable {
        Exit::Invalid
    } else {
        Exit::Ok
    }
}

/// Run the batch with a progress bar (none when `quiet`); diagnostics go to
/// `diagnostics`, each patient's outcome to `patient`, write failures and
/// stale kept sheets to stderr (unless `quiet`).
/// A workbook that cannot be read at all is its diagnostics and a report
/// of nothing read.
pub fn check_or_build(
    source: &batch::Source,
    run: &Run,
    options: &batch::Options,
    quiet: bool,
    mut diagnostics: impl FnMut(&[Diagnostic]),
    mut patient: impl FnMut(&Outcome),
) -> Result<Report, Error> {
    let mut progress = Progress::new();
    let result = source.run(run, options, |event| match event {
        Event::Diagnostics(d) => {
            progress.clear();
            diagnostics(d);
        }
        Event::Failed(error) if !quiet => {
            progress.clear();
            output::error(&error.to_string());
        }
        Event::Stale { path, id } if !quiet => {
            progress.clear();
            output::warning(&format!(
                "kept {}: it is not the sheet patient {id}'s plan now gives (--force replaces it)",
                path.display()
            ));
        }
        Event::Progress { done, total } if !quiet => progress.update(done, total),
        Event::Patient(o) => patient(o),
        Event::Failed(_) | Event::Stale { .. } | Event::Progress { .. } => {}
        Event::Valid { .. } => {}
    });
    progress.clear();
    result
}
