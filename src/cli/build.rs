//! `rx build plan.toml`: check, lay out, render and write the sheet.
//! `rx build plans.csv -o DIR`: the same for every patient of a CSV.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::config::{self, Config, PaperArg};
use super::input::{InputArgs, display, is_stdin, read_plan, stdin_hint};
use super::{output, today};
use crate::catalogue::Catalogue;
use crate::diag::SourceFile;
use crate::error::{Error, Exit};
use crate::fonts::Fonts;
use crate::layout::{self, Overrides};
use crate::plan::Paper;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The plan file (`.toml`), or a CSV of many plans (`.csv`, or a
    /// tab-separated `.tsv` or `.txt`); `-` reads stdin.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Where to write the PDF (`-` for stdout); for a CSV, the folder for
    /// the PDFs. Default: the plan's path with `.pdf`, or for a CSV a folder
    /// named after it.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,

    #[command(flatten)]
    input: InputArgs,

    /// CSV only: replace PDFs that already exist.
    #[arg(long, conflicts_with = "skip_existing")]
    force: bool,

    /// CSV only: leave existing PDFs alone and build only the missing ones
    /// (to finish an interrupted batch).
    #[arg(long)]
    skip_existing: bool,

    /// CSV only: worker threads, 1 to 64 (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=crate::batch::MAX_JOBS as i64))]
    jobs: Option<u16>,

    /// Paper size, in any case (overrides the plan's `paper`; default letter).
    #[arg(long, value_enum, ignore_case = true)]
    paper: Option<PaperArg>,

    /// Large print: body text 16 pt or more (also `large_print = true` in [plan]).
    #[arg(long)]
    large_print: bool,

    /// The issue date for a plan that gives none (default: today, or SOURCE_DATE_EPOCH).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::date_arg)]
    date: Option<NaiveDate>,

    /// Refuse to build a plan that has warnings.
    #[arg(long)]
    deny_warnings: bool,
}

/// `inputs` are the files the catalogue came from (the clinic catalogue and
/// its pictures): like the plan, inputs `-o` must never write over.
pub fn run(args: &BuildArgs, catalogue: &Catalogue, inputs: &[PathBuf]) -> Result<Exit, Error> {
    if let Some(target) = &args.output {
        for input in std::iter::once(args.file.as_path()).chain(inputs.iter().map(PathBuf::as_path))
        {
            if super::same_file(target, input) {
                return Err(Error::Usage {
                    message: format!(
                        "-o {} would write over the input file {}",
                        target.display(),
                        input.display()
                    ),
                });
            }
        }
    }
    let stdin = is_stdin(&args.file);
    if args.input.is_csv(&args.file) {
        let dir = match &args.output {
            Some(dir) => dir.clone(),
            None if stdin => {
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
                    "a CSV batch writes one PDF per patient into a folder; -o {} is not a folder",
                    dir.display()
                ),
            });
        }
        let config = config(args)?;
        let settings = config.batch(Some(crate::batch::Build {
            out_dir: dir.clone(),
            existing: config::existing(args.force, args.skip_existing),
            threads: config::threads(args.jobs),
            overrides: config.overrides,
        }));
        return super::batch::run(&args.file, &dir, catalogue, &settings);
    }
    let fonts = Fonts::load();
    if stdin && args.output.is_none() {
        return Err(Error::Usage {
            message: "a plan read from stdin needs somewhere to write the sheet: -o FILE (or -o - for stdout)".into(),
        });
    }
    let bytes = read_plan(&args.file)?;
    let config = config(args)?;
    let (text, mut checked) = crate::check_plan(&bytes, catalogue, &fonts, config.today);
    stdin_hint(&args.file, &mut checked.diagnostics);
    let file = SourceFile::new(display(&args.file), text);
    output::diagnostics(&checked.diagnostics, &file);
    let plan = match checked.accepted(config.deny_warnings) {
        Some(plan) => plan,
        None => {
            // The summary goes to stderr when stdout was to carry the PDF.
            let line = format!(
                "{}: {}; no sheet written\n",
                file.name,
                output::problems(&checked.diagnostics)
            );
            if args.output.as_deref().is_some_and(is_stdin) {
                output::error_line(&line);
            } else {
                output::stdout(&line).map_err(|source| Error::Write {
                    path: PathBuf::from("<stdout>"),
                    source,
                })?;
            }
            return Ok(Exit::Invalid);
        }
    };
    let options = config.overrides.options(&plan);
    let document = layout::sheet(&plan, options, &fonts);
    let pdf = crate::render::render(&document, &fonts);

    let target = args
        .output
        .clone()
        .unwrap_or_else(|| args.file.with_extension("pdf"));
    let what = output::count(plan.exercises.len(), "exercise");
    output::pdf(&target, &pdf, document.pages.len(), &what)?;
    Ok(Exit::Ok)
}

/// The run's configuration. Today's date is read only when it is needed,
/// after the input, so a broken input is reported first.
fn config(args: &BuildArgs) -> Result<Config, Error> {
    Ok(Config {
        today: args.date.map_or_else(today, Ok)?,
        deny_warnings: args.deny_warnings,
        overrides: Overrides {
            paper: args.paper.map(Paper::from),
            large_print: args.large_print,
        },
        csv: args.input.csv(),
    })
}
