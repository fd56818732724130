//! Running a CSV batch from the command line: diagnostics and failures on
//! stderr as they happen, a progress bar on a terminal, one summary line.

use std::path::Path;

use super::input::CsvSource;
use super::output;
use super::progress::Progress;
use crate::batch::{self, Event, Report, Settings};
use crate::catalogue::Catalogue;
use crate::diag::SourceFile;
use crate::error::{Error, Exit};
use crate::fonts::Fonts;

/// `rx build plans.csv -o DIR`.
pub fn run(
    path: &Path,
    dir: &Path,
    catalogue: &Catalogue,
    settings: &Settings,
) -> Result<Exit, Error> {
    let file = SourceFile::new(super::input::display(path), "");
    let report = check_or_build(path, catalogue, settings, |d| output::diagnostics(d, &file))?;
    let mut line = format!(
        "built {} of {}, skipped {}",
        report.built,
        output::count(report.patients, "patient"),
        report.skipped
    );
    if report.kept > 0 {
        line.push_str(&format!(", kept {} existing", report.kept));
    }
    if report.failed > 0 {
        line.push_str(&format!(", {} not written", report.failed));
    }
    let line = if report.unreadable {
        format!("{}: no patients read; no sheet written", file.name)
    } else if report.built == 0 {
        format!("{line}; no sheet written")
    } else {
        format!("{line}; written to {}", dir.display())
    };
    output::stdout(&format!("{line}\n")).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(exit(&report))
}

/// The exit code of a batch: 2 if a sheet could not be written, 1 if a
/// patient was skipped, else 0.
pub fn exit(report: &Report) -> Exit {
    if report.failed > 0 {
        Exit::Failure
    } else if report.skipped > 0 {
        Exit::Invalid
    } else {
        Exit::Ok
    }
}

/// Run the batch with a progress bar; diagnostics go to `report`, write
/// failures to stderr.
pub fn check_or_build(
    path: &Path,
    catalogue: &Catalogue,
    settings: &Settings,
    mut report: impl FnMut(&[crate::diag::Diagnostic]),
) -> Result<Report, Error> {
    let source = CsvSource::open(path)?;
    let fonts = Fonts::load();
    let mut progress = Progress::new();
    let result = batch::run(
        source.input(),
        catalogue,
        &fonts,
        settings,
        |event| match event {
            Event::Diagnostics(diagnostics) => {
                progress.clear();
                report(diagnostics);
            }
            Event::Failed(error) => {
                progress.clear();
                output::error(&error.to_string());
            }
            Event::Progress { done, total } => progress.update(done, total),
            Event::Valid { .. } => {}
        },
    );
    progress.clear();
    result
}
