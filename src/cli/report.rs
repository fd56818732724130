//! The build report (`--report FILE.json`, `--format json`): per patient,
//! which file is theirs and what became of it, for scripts that must know
//! which sheet belongs to whom. Its shape is versioned like the JSON
//! diagnostics (README, "Build report").

use std::path::Path;

use serde::Serialize;

use super::output;
use super::provenance::Provenance;
use crate::batch::{Outcome, Report};
use crate::diag::{self, Diagnostic, JsonDiagnostic, SourceFile};
use crate::error::Error;
use crate::files::write::{Durable, Existing, Written, write_output};
use crate::plan::Plan;

/// Version of the report's shape; a key that changes meaning or goes away
/// makes a new one, a new key does not.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct BuildReport {
    pub version: u32,
    /// The plan or CSV, as given.
    pub input: String,
    /// The sheet (a plan) or the folder of sheets (a CSV).
    pub output: String,
    pub summary: Summary,
    /// The settings file the run used (path, how it was chosen, SHA-256).
    pub settings: Option<Provenance>,
    /// The clinic catalogue the run used, likewise (none: built-in only).
    pub catalogue: Option<Provenance>,
    /// The one PDF of every sheet (`--combine`), if written.
    pub combined: Option<Combined>,
    /// Every patient, in the order of their first row.
    pub patients: Vec<PatientEntry>,
    /// Problems with the file rather than one patient (a header warning,
    /// rows without an id), or an error that stopped the run.
    pub diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub patients: usize,
    pub built: usize,
    pub unchanged: usize,
    pub kept: usize,
    pub skipped: usize,
    /// Rows without a patient id (skipped; no patient's).
    pub rows_without_id: usize,
    pub failed: usize,
}

impl From<&Report> for Summary {
    fn from(r: &Report) -> Summary {
        Summary {
            patients: r.patients,
            built: r.built,
            unchanged: r.unchanged,
            kept: r.kept,
            skipped: r.skipped,
            rows_without_id: r.without_id,
            failed: r.failed,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Combined {
    pub file: String,
    pub sheets: usize,
    pub pages: usize,
}

#[derive(Debug, Serialize)]
pub struct PatientEntry {
    pub id: Option<String>,
    pub name: Option<String>,
    /// The sheet's issue date (YYYY-MM-DD), for a valid plan.
    pub issued: Option<String>,
    pub file: Option<String>,
    pub pages: Option<usize>,
    /// built, unchanged, kept, skipped or failed (`batch::Status`).
    pub status: &'static str,
    pub diagnostics: Vec<JsonDiagnostic>,
}

impl PatientEntry {
    /// A batch patient's entry; its diagnostics located in `file`.
    pub fn new(outcome: &Outcome, file: &SourceFile) -> PatientEntry {
        let mut diagnostics: Vec<JsonDiagnostic> = outcome
            .diagnostics
            .iter()
            .map(|d| diag::to_json(d, file))
            .collect();
        if let Some((code, message)) = &outcome.error {
            let mut e = diag::error_json(code, outcome.file.as_deref().map(shown), message.clone());
            e.patient_id = Some(outcome.id.clone());
            diagnostics.push(e);
        }
        PatientEntry {
            id: Some(outcome.id.clone()),
            name: outcome.name.clone(),
            issued: outcome.issued.map(|d| d.to_string()),
            file: outcome.file.as_deref().map(shown),
            pages: outcome.pages,
            status: outcome.status.as_str(),
            diagnostics,
        }
    }
}

impl PatientEntry {
    /// A plan with no sheet (yet): its diagnostics, located in `file`.
    pub fn skipped(diagnostics: &[Diagnostic], file: &SourceFile) -> PatientEntry {
        PatientEntry {
            id: None,
            name: None,
            issued: None,
            file: None,
            pages: None,
            status: "skipped",
            diagnostics: diagnostics.iter().map(|d| diag::to_json(d, file)).collect(),
        }
    }

    /// The plan's sheet, `pages` long, at `target`, and what became of it.
    pub fn written(&mut self, plan: &Plan, target: &Path, pages: usize, written: Written) {
        self.id = plan.patient.id.clone();
        self.name = Some(plan.patient.name.clone());
        self.issued = Some(plan.issued.to_string());
        self.file = Some(shown(target));
        self.pages = Some(pages);
        self.status = match written {
            Written::New | Written::Replaced => "built",
            Written::Unchanged => "unchanged",
            Written::KeptStale => "kept",
        };
    }
}

/// A path as the report shows it.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The report names files in JSON strings, which hold only Unicode: a name
/// that is not UTF-8 could be given only approximately, pointing a script
/// at another file or none, so a run that reports one is refused before
/// anything is built.
pub fn refuse_inexact_names(paths: &[&Path]) -> Result<(), Error> {
    match paths.iter().find(|p| p.to_str().is_none()) {
        None => Ok(()),
        Some(path) => Err(Error::Usage {
            message: format!(
                "\"{}\" is not a UTF-8 name, which the JSON report cannot give exactly; rename it, or build without --report and --format json",
                path.display()
            ),
        }),
    }
}

impl BuildReport {
    /// Write the report: to `path` (atomically, replacing the last run's),
    /// and as JSON on stdout if `stdout`.
    pub fn emit(&self, path: Option<&Path>, stdout: bool) -> Result<(), Error> {
        let mut json = serde_json::to_string_pretty(self).expect("the report serialises to JSON");
        json.push('\n');
        if let Some(path) = path {
            write_output(path, json.as_bytes(), Existing::Replace, Durable::Now)?;
        }
        if stdout {
            output::stdout(&json).map_err(|source| Error::Write {
                path: "<stdout>".into(),
                source,
            })?;
        }
        Ok(())
    }
}
