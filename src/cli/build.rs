//! `rx build plan.toml`: check, lay out, render and write the sheet.
//! `rx build plans.csv -o DIR`: the same for every patient of a CSV.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use clap::Args;

use super::batch::Telling;
use super::input::{InputArgs, display, is_stdin, read_plan, stdin_hint};
use super::options::{self, LanguageArgs, PaperArg};
use super::provenance::Sources;
use super::report::{BuildReport, PatientEntry, Summary, shown};
use super::{Format, output, today};
use crate::catalogue::Catalogue;
use crate::diag::{Diagnostic, SourceFile, Span};
use crate::error::{Error, Exit};
use crate::fields::Spanned;
use crate::files::guard;
use crate::fonts::Fonts;
use crate::plan::Paper;
use crate::run::{Overrides, Run};
use crate::settings::Settings;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The plan file (`.toml`), or a CSV of many plans (`.csv`, or a
    /// tab-separated `.tsv` or `.txt`), or a workbook of them (`.xlsx`,
    /// `.xlsm`, `.xls`, `.ods`); `-` reads stdin. `rx FILE` alone is `rx build FILE`.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Where to write the PDF (`-` for stdout); for a CSV, the folder for
    /// the PDFs. Default: the plan's path with `.pdf`, or for a CSV a folder
    /// named after it.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,

    #[command(flatten)]
    input: InputArgs,

    /// Replace a sheet that is already there with other content (an
    /// identical one is left as it is and reported unchanged).
    #[arg(long, conflicts_with = "skip_existing")]
    force: bool,

    /// Leave sheets that are already there, and build the rest (to finish
    /// an interrupted batch); warns for each kept sheet its plan no longer
    /// gives.
    #[arg(long)]
    skip_existing: bool,

    /// Also write a JSON report to FILE: per patient, the id, name, sheet,
    /// pages, status (built, unchanged, kept, skipped, failed) and
    /// diagnostics. `-` writes it on stdout, as `--format json` does.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,

    /// How to tell what happened: summary lines and diagnostics, or the
    /// JSON report on stdout and nothing on stderr.
    #[arg(long, value_enum, default_value_t)]
    format: Format,

    /// CSV only: also write one PDF of every sheet, in the spreadsheet's
    /// order, to print a day's batch at once (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    combine: Option<PathBuf>,

    /// With --combine: join the sheets back to back, for a printer that
    /// prints one side only. Without it, a sheet of an odd number of pages
    /// is followed by a page marked "intentionally blank", so that printed
    /// double-sided every sheet starts on its own piece of paper.
    #[arg(long, requires = "combine")]
    combine_simplex: bool,

    /// CSV only: worker threads, 1 to 64 (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=crate::batch::MAX_JOBS as i64))]
    jobs: Option<u16>,

    /// Paper size, in any case (overrides the plan's `paper`; default letter).
    #[arg(long, value_enum, ignore_case = true)]
    paper: Option<PaperArg>,

    /// Large print: body text 16 pt or more (also `large_print = true` in [plan]).
    #[arg(long)]
    large_print: bool,

    /// Write archival PDF/A-2 sheets (the default; also `pdfa = true` in the
    /// settings' [defaults]).
    #[arg(long, overrides_with = "no_pdfa")]
    pdfa: bool,

    /// Write plain PDF, not PDF/A-2 (also `pdfa = false` in the settings).
    #[arg(long, overrides_with = "pdfa")]
    no_pdfa: bool,

    #[command(flatten)]
    language: LanguageArgs,

    /// The issue date for a plan that gives none (default: today, or SOURCE_DATE_EPOCH).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::date_arg)]
    date: Option<NaiveDate>,

    /// Refuse to build a plan that has warnings.
    #[arg(long)]
    deny_warnings: bool,
}

impl BuildArgs {
    /// The options for reading plans.
    pub fn input(&self) -> &InputArgs {
        &self.input
    }

    /// Whether the run tells tools, in JSON on stdout (`--format json`, or
    /// `--report -`).
    pub fn json(&self) -> bool {
        self.format == Format::Json || self.report_to_stdout()
    }

    /// `--report -`: the report on stdout, what `--format json` writes.
    fn report_to_stdout(&self) -> bool {
        self.report.as_deref().is_some_and(is_stdin)
    }

    /// The input as messages name it.
    pub fn input_name(&self) -> String {
        display(&self.file)
    }
}

/// `inputs` are the files the catalogue came from (the clinic catalogue and
/// its pictures), the settings file and its logo, and the fonts: like the
/// plan, inputs no output may write over. `sources` go in the report.
pub fn run(
    args: &BuildArgs,
    catalogue: &Catalogue,
    inputs: &[PathBuf],
    clinic: &Arc<Settings>,
    sources: &Sources,
) -> Result<Exit, Error> {
    if args.json() || args.report.is_some() {
        super::report::refuse_inexact_names(&reported_names(args, sources))?;
    }
    let telling = Telling {
        sources: sources.clone(),
        json: args.json(),
        report: args.report.clone().filter(|_| !args.report_to_stdout()),
        combine: args.combine.clone(),
        simplex: args.combine_simplex,
        date: args.date,
    };
    if args.input.is_csv(&args.file) {
        return batch(args, catalogue, &telling, clinic, inputs);
    }
    plan(args, catalogue, &telling, clinic, inputs)
}

/// The files a build report names: the input, `-o`, `--combine`, the
/// settings file and the catalogue (the sheets' names derive from these).
fn reported_names<'a>(args: &'a BuildArgs, sources: &'a Sources) -> Vec<&'a Path> {
    let mut names = vec![args.file.as_path()];
    names.extend(args.output.as_deref());
    names.extend(args.combine.as_deref());
    for file in [&sources.settings, &sources.catalogue]
        .into_iter()
        .flatten()
    {
        names.push(&file.file);
    }
    names
}

/// Before anything is built: `--report` and `--combine` never name an
/// input (the plan or CSV, the settings file, the catalogue, a picture, a
/// font), a sheet this run writes, or each other; nor does the sheet name
/// an input (`files::guard`).
fn refuse_clashes(
    args: &BuildArgs,
    inputs: &[PathBuf],
    sheets: guard::Sheets,
) -> Result<(), Error> {
    let mut read = vec![args.file.clone()];
    read.extend(inputs.iter().cloned());
    let outputs: Vec<guard::Output> = [("--report", &args.report), ("--combine", &args.combine)]
        .into_iter()
        .filter_map(|(flag, path)| path.as_deref().map(|path| guard::Output { flag, path }))
        .collect();
    guard::refuse_clashes(&read, &outputs, sheets)
}

/// `rx build plans.csv [-o DIR]`.
fn batch(
    args: &BuildArgs,
    catalogue: &Catalogue,
    telling: &Telling,
    clinic: &Arc<Settings>,
    inputs: &[PathBuf],
) -> Result<Exit, Error> {
    let dir = match &args.output {
        Some(dir) => dir.clone(),
        None if is_stdin(&args.file) => {
            return Err(Error::Usage {
                message: "a CSV read from stdin needs a folder for the sheets: -o DIR".into(),
            });
        }
        None => args.file.with_extension(""),
    };
    let looks_like_file = dir == Path::new("-")
        || dir
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        || std::fs::metadata(&dir).is_ok_and(|m| !m.is_dir());
    if looks_like_file {
        return Err(Error::Usage {
            message: format!(
                "a CSV batch writes one PDF per patient into a folder; -o {} is not a folder (--combine FILE.pdf also writes them as one PDF)",
                dir.display()
            ),
        });
    }
    if telling.json && args.combine.as_deref().is_some_and(is_stdin) {
        return Err(Error::Usage {
            message: "the JSON report and --combine - would both write to stdout".into(),
        });
    }
    refuse_clashes(args, inputs, guard::Sheets::Folder(&dir))?;
    let fonts = clinic.fonts();
    let run = settle(args, catalogue, &fonts, clinic)?;
    let options = crate::batch::Options {
        csv: args.input.csv(),
        build: Some(crate::batch::Build {
            out_dir: dir.clone(),
            existing: options::existing(args.force, args.skip_existing),
            threads: options::threads(args.jobs),
        }),
    };
    super::batch::run(&args.file, &dir, &run, &options, telling)
}

/// `rx build plan.toml [-o FILE|DIR/|-]`.
fn plan(
    args: &BuildArgs,
    catalogue: &Catalogue,
    telling: &Telling,
    clinic: &Arc<Settings>,
    inputs: &[PathBuf],
) -> Result<Exit, Error> {
    if telling.combine.is_some() {
        return Err(Error::Usage {
            message: "--combine joins the sheets of a CSV batch; a plan makes one sheet".into(),
        });
    }
    let target = target(args)?;
    if telling.json && target == Path::new("-") {
        let option = if args.report_to_stdout() {
            "--report -"
        } else {
            "--format json"
        };
        return Err(Error::Usage {
            message: format!("{option} and -o - would both write to stdout"),
        });
    }
    let flag = if args.output.is_some() {
        "-o"
    } else {
        "the sheet"
    };
    let sheet = guard::Output {
        flag,
        path: &target,
    };
    refuse_clashes(args, inputs, guard::Sheets::File(sheet))?;
    let fonts = clinic.fonts();
    let bytes = read_plan(&args.file)?;
    let run = settle(args, catalogue, &fonts, clinic)?;
    let (text, mut checked) = run.check(&bytes);
    stdin_hint(&args.file, &mut checked.diagnostics);
    let file = SourceFile::new(display(&args.file), text);
    if !telling.json {
        output::diagnostics(&checked.diagnostics, &file);
    }
    let mut entry = PatientEntry::skipped(&checked.diagnostics, &file);
    let Some(plan) = run.accepted(&mut checked) else {
        if !telling.json {
            refused(&file, &checked.diagnostics, &target)?;
        }
        report(telling, &file, &target, entry)?;
        return Ok(Exit::Invalid);
    };
    if let Some(date) = args.date.filter(|d| *d != plan.issued)
        && !telling.json
    {
        output::warning(&format!(
            "--date {date} is not used: the plan gives its own issue date, {}",
            plan.issued
        ));
    }
    let sheet = run.sheet(&plan).map_err(|e| e.writing(&target))?;
    let existing = options::existing(args.force, args.skip_existing);
    let written = output::pdf(&target, &sheet.pdf, existing)?;
    if !telling.json {
        let what = output::count(plan.exercises.len(), "exercise");
        output::wrote(&target, written, sheet.pages, &what)?;
    }
    entry.written(&plan, &target, sheet.pages, written);
    report(telling, &file, &target, entry)?;
    Ok(Exit::Ok)
}

/// "plan.toml: 2 errors; no sheet written", on stderr when stdout was to
/// carry the PDF.
fn refused(file: &SourceFile, diagnostics: &[Diagnostic], target: &Path) -> Result<(), Error> {
    let line = format!(
        "{}: {}; no sheet written\n",
        file.name,
        output::problems(diagnostics)
    );
    if is_stdin(target) {
        output::error_line(&line);
        Ok(())
    } else {
        say(&line)
    }
}

/// Where a plan's sheet goes: `-o FILE`, `-o -` (stdout), into a folder
/// (`-o DIR/`, or a folder that exists) under the plan's name, or beside
/// the plan.
fn target(args: &BuildArgs) -> Result<PathBuf, Error> {
    let stdin = is_stdin(&args.file);
    let Some(output) = &args.output else {
        if stdin {
            return Err(Error::Usage {
                message: "a plan read from stdin needs somewhere to write the sheet: -o FILE (or -o - for stdout)".into(),
            });
        }
        return Ok(args.file.with_extension("pdf"));
    };
    let folder = output.as_os_str().to_string_lossy().ends_with(['/', '\\'])
        || std::fs::metadata(output).is_ok_and(|m| m.is_dir());
    if !folder {
        return Ok(output.clone());
    }
    if stdin {
        return Err(Error::Usage {
            message: format!(
                "a plan read from stdin has no name to give its sheet in {}: -o FILE",
                output.display()
            ),
        });
    }
    std::fs::create_dir_all(output).map_err(|source| Error::Write {
        path: output.clone(),
        source,
    })?;
    let name = args.file.with_extension("pdf");
    let name = name.file_name().unwrap_or_else(|| "plan.pdf".as_ref());
    Ok(output.join(name))
}

/// The build report of one plan, if asked for.
fn report(
    telling: &Telling,
    file: &SourceFile,
    target: &Path,
    entry: PatientEntry,
) -> Result<(), Error> {
    if telling.report.is_none() && !telling.json {
        return Ok(());
    }
    let summary = Summary {
        patients: 1,
        built: usize::from(entry.status == "built"),
        unchanged: usize::from(entry.status == "unchanged"),
        kept: usize::from(entry.status == "kept"),
        skipped: usize::from(entry.status == "skipped"),
        rows_without_id: 0,
        failed: 0,
    };
    BuildReport {
        version: super::report::VERSION,
        input: file.name.clone(),
        output: shown(target),
        summary,
        settings: telling.sources.settings.clone(),
        catalogue: telling.sources.catalogue.clone(),
        combined: None,
        patients: vec![entry],
        diagnostics: Vec::new(),
    }
    .emit(telling.report.as_deref(), telling.json)
}

fn say(line: &str) -> Result<(), Error> {
    output::stdout(line).map_err(|source| Error::Write {
        path: PathBuf::from("<stdout>"),
        source,
    })
}

/// `--date`, checked as a plan's written issue date is: more than a year
/// from the clock (`2062` typed for `2026`) is a warning, refused with
/// `--deny-warnings`. A clock rx cannot read leaves it unchecked.
fn given_date(date: NaiveDate, deny_warnings: bool) -> Result<NaiveDate, Error> {
    let Some(distant) = today().ok().and_then(|clock| {
        crate::parse::dates::distant("--date", &Spanned::new(date, None::<Span>), clock)
    }) else {
        return Ok(date);
    };
    if deny_warnings {
        return Err(Error::Usage {
            message: format!("{}; refused by --deny-warnings", distant.message),
        });
    }
    output::warning(&format!("{}: is the year right?", distant.message));
    Ok(date)
}

/// The run, settled once from the command line, the clinic's settings,
/// the catalogue and the fonts. Today's date is read only when it is
/// needed, after the input, so a broken input is reported first.
fn settle<'a>(
    args: &BuildArgs,
    catalogue: &'a Catalogue,
    fonts: &'a Fonts,
    clinic: &Arc<Settings>,
) -> Result<Run<'a>, Error> {
    Ok(Run {
        catalogue,
        fonts,
        settings: Arc::clone(clinic),
        overrides: Overrides {
            pdfa: match (args.pdfa, args.no_pdfa) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            ..args
                .language
                .overrides(args.paper.map(Paper::from), args.large_print)
        },
        today: match args.date {
            Some(date) => given_date(date, args.deny_warnings)?,
            None => today()?,
        },
        date_order: args.input.date_order(),
        deny_warnings: args.deny_warnings,
    })
}
