//! The sheets of a batch: the output folder made ready (created, locked,
//! its names read), the exists/force/skip policy that decides each valid
//! plan's fate, and the jobs the pool's workers lay out, render and write.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::pool::Pool;
use super::report::{Done, Outcome, Rendered, Report, Reporter, Status};
use super::{Build, Event};
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::files::write::{Durable, Existing, RunLock, names_in, write_unless_same};
use crate::plan::Plan;
use crate::run::Run;
use md5::Digest as _;

/// A valid plan and where its sheet goes.
pub(super) struct Sheet {
    pub plan: Plan,
    pub stem: String,
    pub warnings: Vec<Diagnostic>,
    /// The CSV record of the patient's first row.
    pub first_record: u64,
    /// The patient id as messages show it.
    pub id: String,
}

impl Sheet {
    /// The patient's outcome so far: `status`, no file yet.
    fn outcome(&self, status: Status) -> Outcome {
        Outcome {
            first_record: self.first_record,
            id: self.id.clone(),
            name: Some(self.plan.patient.name.clone()),
            issued: Some(self.plan.issued),
            file: None,
            digest: None,
            options: None,
            pages: None,
            status,
            diagnostics: self.warnings.clone(),
            error: None,
        }
    }
}

/// The output folder of a run, ready for sheets.
pub(super) struct Folder<'a> {
    pub build: &'a Build,
    /// The file names already there, by their lower-case form.
    existing: HashMap<String, String>,
    lock: RunLock,
}

impl<'a> Folder<'a> {
    /// Create the folder, take its run lock, and read the names in it.
    pub fn prepare(build: &'a Build) -> Result<Folder<'a>, Error> {
        let dir = &build.out_dir;
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        let lock = RunLock::take(dir)?;
        Ok(Folder {
            build,
            existing: names_in(dir),
            lock,
        })
    }

    /// Fails if the folder at the output path is no longer the one this
    /// run locked: the sheets written since it changed are somewhere else,
    /// and none may be reported built.
    pub fn check_in_place(&self) -> Result<(), Error> {
        if self.lock.in_place() {
            return Ok(());
        }
        Err(Error::FolderReplaced {
            path: self.build.out_dir.clone(),
        })
    }
}

/// A valid plan on its way to a worker.
pub(super) struct Job {
    plan: Plan,
    path: PathBuf,
    existing: Existing,
    who: Outcome,
}

impl Job {
    /// Lay out and render the sheet, and write it unless the same sheet is
    /// already there.
    pub fn run(self, run: &Run) -> Done {
        let result = run
            .sheet(&self.plan)
            .map_err(|e| e.writing(&self.path))
            .and_then(|sheet| {
                let written =
                    write_unless_same(&self.path, &sheet.pdf, self.existing, Durable::Later)?;
                Ok(Rendered {
                    written,
                    pages: sheet.pages,
                    digest: md5::Md5::digest(&sheet.pdf).into(),
                })
            });
        let mut who = self.who;
        who.file = Some(self.path);
        Done { who, result }
    }
}

/// Every valid sheet of a run: decided, then sent to the pool. Without a
/// folder (only checking) a valid plan is counted and nothing is written.
pub(super) struct Sheets<'a> {
    folder: Option<&'a Folder<'a>>,
    pool: Option<Pool<Job, Done>>,
    /// The names this run writes, so no two sheets of one run share a file.
    taken: HashSet<String>,
}

impl<'a> Sheets<'a> {
    pub fn new(folder: Option<&'a Folder<'a>>, pool: Option<Pool<Job, Done>>) -> Self {
        Sheets {
            folder,
            pool,
            taken: HashSet::new(),
        }
    }

    /// Decide a valid sheet's fate and act on it; `run` lays it out.
    pub fn settle<F: FnMut(Event)>(
        &mut self,
        sheet: Sheet,
        run: &Run,
        report: &mut Report,
        out: &mut Reporter<F>,
    ) {
        let Some(folder) = self.folder else {
            report.built += 1;
            out.patient(&sheet.outcome(Status::Valid));
            return;
        };
        let options = run.options(&sheet.plan);
        let mut who = sheet.outcome(Status::Built);
        who.options = Some(options);
        match self.decide(folder, &sheet) {
            Ok(path) => {
                let job = Job {
                    who,
                    plan: sheet.plan,
                    path,
                    existing: folder.build.existing,
                };
                if let Some(pool) = &self.pool {
                    pool.send(job);
                }
            }
            Err(e) => report.record(
                Done {
                    who,
                    result: Err(e),
                },
                out,
            ),
        }
    }

    /// Count the sheets written so far, without waiting.
    pub fn collect_ready<F: FnMut(Event)>(&self, report: &mut Report, out: &mut Reporter<F>) {
        if let Some(pool) = &self.pool {
            for result in pool.ready() {
                report.record(result, out);
            }
        }
    }

    /// Wait for the last sheets and count them.
    pub fn finish<F: FnMut(Event)>(self, report: &mut Report, out: &mut Reporter<F>) {
        if let Some(pool) = self.pool {
            for result in pool.finish() {
                report.record(result, out);
            }
        }
    }

    /// Where the sheet goes: a name this run already wrote, or one an
    /// existing file has in another letter case, is never written over.
    /// What is done where the file exists (the same bytes, or other ones)
    /// the worker decides once the sheet is rendered.
    fn decide(&mut self, folder: &Folder, sheet: &Sheet) -> Result<PathBuf, Error> {
        let dir: &Path = &folder.build.out_dir;
        let name = format!("{}_{}.pdf", sheet.stem, sheet.plan.issued);
        let path = dir.join(&name);
        let lower = name.to_ascii_lowercase();
        if !self.taken.insert(lower.clone()) {
            // Stems are distinct and so are (stem, date) pairs; this would
            // be a bug, and a lost sheet: never overwrite, say so.
            return Err(Error::Exists { path });
        }
        if let Some(other) = folder.existing.get(&lower).filter(|other| **other != name) {
            return Err(Error::CaseClash {
                path,
                other: dir.join(other),
            });
        }
        Ok(path)
    }
}
