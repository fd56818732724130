//! What a batch tells: events as it goes (diagnostics, write failures,
//! progress), held to `diag::MAX_SHOWN` diagnostics per file, and the counts
//! for the summary line and the exit code.

use std::path::PathBuf;

use super::Checked;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::files::write::Written;
use crate::plan::Plan;

/// What happened, for the summary line and the exit code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub patients: usize,
    /// Sheets written; when only checking, patients found valid.
    pub built: usize,
    /// Patients not built because their plan has errors (or warnings, with
    /// `deny_warnings`).
    pub skipped: usize,
    /// Rows without a patient id: reported and skipped, and counted apart,
    /// since they are no patient's.
    pub without_id: usize,
    /// Patients whose sheet was already there, with the same bytes: left
    /// as it is.
    pub unchanged: usize,
    /// Patients whose sheet was there with other bytes and was left as it
    /// is (`Existing::Keep`): it no longer matches the plan.
    pub kept: usize,
    /// Sheets that could not be written.
    pub failed: usize,
    /// No patient was read: the file could not be read as plans at all
    /// (its header is wrong), or no row under its header has a patient id
    /// (an empty export).
    pub unreadable: bool,
}

/// Something to tell the user as the batch goes.
pub enum Event<'a> {
    /// Diagnostics about the file or one patient.
    Diagnostics(&'a [Diagnostic]),
    /// A sheet could not be written.
    Failed(&'a Error),
    /// A sheet left in place (`--skip-existing`) that no longer matches its
    /// patient's plan.
    Stale {
        path: &'a std::path::Path,
        id: &'a str,
    },
    /// What became of one patient; every patient gets one, valid or not.
    Patient(&'a Outcome),
    /// Patients finished so far, out of the total.
    Progress { done: usize, total: usize },
    /// A patient's plan checked valid (its sheet is still to be written):
    /// for tests and fuzzing, which compare it with the rows it came from.
    Valid { id: &'a [u8], plan: &'a Plan },
}

/// What became of one patient, for a build report.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The CSV record of the patient's first row: the report's order.
    pub first_record: u64,
    /// The patient id, shortened as in messages.
    pub id: String,
    pub name: Option<String>,
    /// The sheet's issue date, for a valid plan.
    pub issued: Option<chrono::NaiveDate>,
    /// The sheet's path; `None` when no sheet is there for this plan.
    pub file: Option<PathBuf>,
    /// The MD5 of the bytes this run rendered for the sheet (built or
    /// unchanged): what `--combine` checks a sheet it reads back against,
    /// so it never joins a file another run wrote there since.
    pub digest: Option<[u8; 16]>,
    /// How the sheet was laid out (paper, print size, language), for a
    /// valid plan: a blank page put after it in a combined PDF matches it.
    pub options: Option<crate::layout::Options>,
    pub pages: Option<usize>,
    pub status: Status,
    /// Every diagnostic of this patient (not capped like the display).
    pub diagnostics: Vec<Diagnostic>,
    /// Why the sheet could not be written (`Status::Failed`): the error's
    /// code and message.
    pub error: Option<(&'static str, String)>,
}

/// A patient's fate, as `--report` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Its sheet was written (new, or replacing another with `--force`).
    Built,
    /// Its sheet was there already, the same to the byte.
    Unchanged,
    /// A different sheet was there and was kept (`--skip-existing`).
    Kept,
    /// Its plan has errors (or warnings, with `--deny-warnings`): no sheet.
    Skipped,
    /// Its sheet could not be written.
    Failed,
    /// Valid; only checked (no sheet asked for).
    Valid,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Built => "built",
            Status::Unchanged => "unchanged",
            Status::Kept => "kept",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
            Status::Valid => "valid",
        }
    }
}

/// A written (or not) sheet, back from a worker, with whose it is.
pub(super) struct Done {
    pub who: Outcome,
    pub result: Result<Rendered, Error>,
}

/// A sheet a worker rendered: what became of its file, its page count and
/// the MD5 of its bytes.
pub(super) struct Rendered {
    pub written: Written,
    pub pages: usize,
    pub digest: [u8; 16],
}

impl Report {
    /// Count a worker's result, telling a failure or a stale kept sheet.
    pub(super) fn record<F: FnMut(Event)>(&mut self, done: Done, out: &mut Reporter<F>) {
        let mut who = done.who;
        match done.result {
            Ok(Rendered {
                written,
                pages,
                digest,
            }) => {
                who.pages = Some(pages);
                who.digest = Some(digest);
                who.status = match written {
                    Written::New | Written::Replaced => {
                        self.built += 1;
                        Status::Built
                    }
                    Written::Unchanged => {
                        self.unchanged += 1;
                        Status::Unchanged
                    }
                    Written::KeptStale => {
                        self.kept += 1;
                        who.pages = None;
                        who.digest = None;
                        if let Some(path) = &who.file {
                            out.stale(path, &who.id);
                        }
                        Status::Kept
                    }
                };
            }
            Err(e) => {
                self.fail(&e, out);
                who.file = None;
                who.status = Status::Failed;
                who.error = Some((e.code(), e.to_string()));
            }
        }
        out.patient(&who);
    }

    /// Count a sheet not written, and tell why.
    pub(super) fn fail<F: FnMut(Event)>(&mut self, e: &Error, out: &mut Reporter<F>) {
        self.failed += 1;
        out.failed(e);
    }
}

/// Passes events on, holding diagnostics to `MAX_SHOWN` per file.
pub(super) struct Reporter<F> {
    on: F,
    shown: usize,
    hidden: usize,
}

impl<F: FnMut(Event)> Reporter<F> {
    pub fn new(on: F) -> Self {
        Reporter {
            on,
            shown: 0,
            hidden: 0,
        }
    }

    pub fn diagnostics(&mut self, diagnostics: &[Diagnostic]) {
        let room = crate::diag::MAX_SHOWN
            .saturating_sub(self.shown)
            .min(diagnostics.len());
        if room > 0 {
            (self.on)(Event::Diagnostics(&diagnostics[..room]));
        }
        self.shown += room;
        self.hidden += diagnostics.len() - room;
    }

    /// Count diagnostics that were never kept to be shown.
    pub fn hide(&mut self, hidden: usize) {
        self.hidden += hidden;
    }

    /// A patient's diagnostics, and its plan if it is valid.
    pub fn checked(&mut self, id: &[u8], checked: &Checked) {
        if let Some(diagnostics) = checked.diagnostics() {
            self.diagnostics(diagnostics);
        }
        if let Checked::Valid(sheet) = checked {
            (self.on)(Event::Valid {
                id,
                plan: &sheet.plan,
            });
        }
    }

    pub fn failed(&mut self, e: &Error) {
        (self.on)(Event::Failed(e));
    }

    pub fn stale(&mut self, path: &std::path::Path, id: &str) {
        (self.on)(Event::Stale { path, id });
    }

    pub fn patient(&mut self, outcome: &Outcome) {
        (self.on)(Event::Patient(outcome));
    }

    pub fn progress(&mut self, done: usize, total: usize) {
        (self.on)(Event::Progress { done, total });
    }

    /// Say how many diagnostics were not shown.
    pub fn finish(&mut self) {
        if self.hidden > 0 {
            let d = crate::diag::more(self.hidden);
            (self.on)(Event::Diagnostics(&[d]));
        }
    }
}
