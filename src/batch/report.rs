//! What a batch tells: events as it goes (diagnostics, write failures,
//! progress), held to `diag::MAX_SHOWN` diagnostics per file, and the counts
//! for the summary line and the exit code.

use super::Checked;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::plan::Plan;

/// What happened, for the summary line and the exit code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub patients: usize,
    /// Sheets written; when only checking, patients found valid.
    pub built: usize,
    /// Patients not built because their plan has errors (or warnings, with
    /// `deny_warnings`), or whose rows have no patient id.
    pub skipped: usize,
    /// Patients whose sheet already existed (with `Existing::Keep`).
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

impl Report {
    /// Count a worker's result, telling a failure.
    pub(super) fn record<F: FnMut(Event)>(
        &mut self,
        result: Result<(), Error>,
        out: &mut Reporter<F>,
    ) {
        match result {
            Ok(()) => self.built += 1,
            Err(e) => self.fail(&e, out),
        }
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
