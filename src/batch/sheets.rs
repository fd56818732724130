//! The sheets of a batch: the output folder made ready (created, locked,
//! its names read), the exists/force/skip policy that decides each valid
//! plan's fate, and the jobs the pool's workers lay out, render and write.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::pool::Pool;
use super::report::{Report, Reporter};
use super::{Build, Event, Existing};
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::files::write::{RunLock, exists, names_in};
use crate::fonts::Fonts;
use crate::layout::{self, Options};
use crate::plan::Plan;

/// A valid plan and where its sheet goes.
pub(super) struct Sheet {
    pub plan: Plan,
    pub stem: String,
    pub warnings: Vec<Diagnostic>,
}

/// The output folder of a run, ready for sheets.
pub(super) struct Folder<'a> {
    pub build: &'a Build,
    /// The file names already there, by their lower-case form.
    existing: HashMap<String, String>,
    _lock: RunLock,
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
            _lock: lock,
        })
    }
}

/// A valid plan on its way to a worker.
pub(super) struct Job {
    plan: Plan,
    options: Options,
    path: PathBuf,
    replace: bool,
}

impl Job {
    /// Lay out, render and write the sheet.
    pub fn run(&self, fonts: &Fonts) -> Result<(), Error> {
        let document = layout::sheet(&self.plan, self.options, fonts);
        let pdf = crate::render::render(&document, fonts);
        crate::files::write_atomic(&self.path, &pdf, self.replace)
    }
}

/// Every valid sheet of a run: decided, then sent to the pool. Without a
/// folder (only checking) a valid plan is counted and nothing is written.
pub(super) struct Sheets<'a> {
    folder: Option<&'a Folder<'a>>,
    pool: Option<Pool<Job, Result<(), Error>>>,
    /// The names this run writes, so no two sheets of one run share a file.
    taken: HashSet<String>,
}

/// What to do with one valid sheet.
enum Decision {
    Write(Job),
    Keep,
    Fail(Error),
}

impl<'a> Sheets<'a> {
    pub fn new(folder: Option<&'a Folder<'a>>, pool: Option<Pool<Job, Result<(), Error>>>) -> Self {
        Sheets {
            folder,
            pool,
            taken: HashSet::new(),
        }
    }

    /// Decide a valid sheet's fate and act on it.
    pub fn settle<F: FnMut(Event)>(
        &mut self,
        sheet: Sheet,
        report: &mut Report,
        out: &mut Reporter<F>,
    ) {
        let Some(folder) = self.folder else {
            report.built += 1;
            return;
        };
        match self.decide(folder, sheet) {
            Decision::Write(job) => {
                if let Some(pool) = &self.pool {
                    pool.send(job);
                }
            }
            Decision::Keep => report.kept += 1,
            Decision::Fail(e) => report.fail(&e, out),
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

    /// The exists/force/skip policy: a name this run already wrote, or one
    /// an existing file has in another letter case, is never written over;
    /// an existing file is replaced, kept or refused as `Existing` says.
    fn decide(&mut self, folder: &Folder, sheet: Sheet) -> Decision {
        let dir: &Path = &folder.build.out_dir;
        let name = format!("{}_{}.pdf", sheet.stem, sheet.plan.issued);
        let path = dir.join(&name);
        let lower = name.to_ascii_lowercase();
        if !self.taken.insert(lower.clone()) {
            // Stems are distinct and so are (stem, date) pairs; this would
            // be a bug, and a lost sheet: never overwrite, say so.
            return Decision::Fail(Error::Exists { path });
        }
        if let Some(other) = folder.existing.get(&lower).filter(|other| **other != name) {
            return Decision::Fail(Error::CaseClash {
                path,
                other: dir.join(other),
            });
        }
        let existing = folder.build.existing;
        if exists(&path) && existing != Existing::Replace {
            return if existing == Existing::Keep {
                Decision::Keep
            } else {
                Decision::Fail(Error::SheetExists { path })
            };
        }
        Decision::Write(Job {
            options: folder.build.overrides.options(&sheet.plan),
            plan: sheet.plan,
            path,
            replace: existing == Existing::Replace,
        })
    }
}
