//! `rx check FILE...`: report every problem in every plan.

use std::path::PathBuf;

use clap::Args;

use super::input::{InputArgs, display, read_plan, stdin_hint};
use super::options::LanguageArgs;
use super::{Format, output, today};
use crate::catalogue::Catalogue;
use crate::diag::{self, SourceFile};
use crate::error::{Error, Exit};
use crate::run::Run;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plans to check: TOML plans, or CSVs of plans (`.csv`, `.tsv`,
    /// `.txt`), or workbooks of them (`.xlsx`, `.xlsm`, `.xls`, `.ods`); `-` reads
    /// stdin.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Output format: human-readable diagnostics on stderr, or one JSON
    /// array on stdout of every diagnostic and error (schema in the README).
    #[arg(long, value_enum, default_value_t)]
    format: Format,

    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,

    #[command(flatten)]
    language: LanguageArgs,

    #[command(flatten)]
    input: InputArgs,
}

impl CheckArgs {
    /// The options for reading plans.
    pub fn input(&self) -> &InputArgs {
        &self.input
    }

    /// Whether the output is for tools: every problem, errors included,
    /// goes to stdout as JSON.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// What a check of many files has gathered so far.
struct Checking {
    exit: Exit,
    /// `--format json`: every file's diagnostics and every error, in order.
    json: Option<Vec<diag::JsonDiagnostic>>,
}

impl Checking {
    /// An error that stopped one file: reported, and the other files still
    /// checked.
    fn failed(&mut self, e: &Error, path: &std::path::Path) {
        self.exit = self.exit.max(Exit::Failure);
        match &mut self.json {
            Some(entries) => entries.push(output::error_entry(e, Some(path))),
            None => output::error(&e.to_string()),
        }
    }
}

pub fn run(
    args: &CheckArgs,
    catalogue: &Catalogue,
    clinic: &std::sync::Arc<crate::settings::Settings>,
) -> Result<Exit, Error> {
    let fonts = clinic.fonts();
    let run = Run {
        catalogue,
        fonts: &fonts,
        settings: std::sync::Arc::clone(clinic),
        overrides: args.language.overrides(None, false),
        today: today()?,
        date_order: args.input.date_order(),
        deny_warnings: args.deny_warnings,
    };
    let options = crate::batch::Options {
        csv: args.input.csv(),
        build: None,
    };
    let mut checking = Checking {
        exit: Exit::Ok,
        json: args.json().then(Vec::new),
    };
    for path in &args.files {
        if args.input.is_csv(path) {
            csv(path, &run, &options, &mut checking)?;
        } else {
            plan(path, &run, &mut checking)?;
        }
    }
    if let Some(entries) = &checking.json {
        output::json(entries)?;
    }
    Ok(checking.exit)
}

/// One CSV of plans: its diagnostics, and "N patients, V valid, I invalid".
fn csv(
    path: &std::path::Path,
    run: &Run,
    options: &crate::batch::Options,
    checking: &mut Checking,
) -> Result<(), Error> {
    let source = match super::input::batch_source(path, options.csv.sheet.as_deref()) {
        Ok(source) => source,
        Err(e) => {
            checking.failed(&e, path);
            return Ok(());
        }
    };
    let file = SourceFile::new(display(path), "").with_sheet(source.place.clone());
    let human = checking.json.is_none();
    let mut all = Vec::new();
    let result = super::batch::check_or_build(
        &source,
        run,
        options,
        !human,
        |d| {
            if human {
                output::diagnostics(d, &file);
            }
            all.extend_from_slice(d);
        },
        |_| {},
    );
    match result {
        Ok(report) => {
            checking.exit = checking.exit.max(super::batch::exit(&report));
            if human {
                let line = if report.unreadable {
                    format!("{}: invalid, no patients read\n", file.name)
                } else {
                    let mut line = format!(
                        "{}: {}, {} valid, {} invalid",
                        file.name,
                        output::count(report.patients, "patient"),
                        report.built,
                        report.skipped
                    );
                    if report.without_id > 0 {
                        line.push_str(&format!(
                            ", {} without a patient id",
                            output::count(report.without_id, "row")
                        ));
                    }
                    line + "\n"
                };
                output::stdout(&line).map_err(write_error)?;
            }
        }
        Err(e) => checking.failed(&e, path),
    }
    if let Some(entries) = &mut checking.json {
        entries.extend(output::json_entries(&all, &file));
    }
    Ok(())
}

/// One TOML plan: its diagnostics, and "ok, N exercises" or "invalid, ...".
fn plan(path: &std::path::Path, run: &Run, checking: &mut Checking) -> Result<(), Error> {
    let bytes = match read_plan(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            checking.failed(&e, path);
            return Ok(());
        }
    };
    let (text, mut result) = run.check(&bytes);
    stdin_hint(path, &mut result.diagnostics);
    let file = SourceFile::new(display(path), text);
    let failed = result.refused(run.deny_warnings);
    if failed {
        checking.exit = checking.exit.max(Exit::Invalid);
    }
    let Some(entries) = &mut checking.json else {
        output::diagnostics(&result.diagnostics, &file);
        let line = if failed {
            format!(
                "{}: invalid, {}",
                file.name,
                output::problems(&result.diagnostics)
            )
        } else {
            let exercises = result.plan.as_ref().map_or(0, |p| p.exercises.len());
            let mut line = format!(
                "{}: ok, {}",
                file.name,
                output::count(exercises, "exercise")
            );
            let warnings = result.diagnostics.len();
            if warnings > 0 {
                line.push_str(&format!(", {}", output::count(warnings, "warning")));
            }
            line
        };
        return output::stdout(&format!("{line}\n")).map_err(write_error);
    };
    entries.extend(output::json_entries(&result.diagnostics, &file));
    Ok(())
}

fn write_error(source: std::io::Error) -> Error {
    Error::Write {
        path: PathBuf::from("<stdout>"),
        source,
    }
}
