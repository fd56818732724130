//! `rx build plan.toml`: check, lay out, render and write the sheet.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::{output, read_file, today};
use crate::catalogue::Catalogue;
use crate::diag::SourceFile;
use crate::error::{Error, Exit};
use crate::fonts::Fonts;
use crate::layout::{self, Options};
use crate::plan::{Paper, Plan};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The plan file.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Where to write the PDF (`-` for stdout). Default: the plan's path with `.pdf`.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Paper size (overrides the plan's `paper`; default letter).
    #[arg(long, value_enum)]
    paper: Option<PaperArg>,

    /// Large print: body text 16 pt or more (also `large_print = true` in [plan]).
    #[arg(long)]
    large_print: bool,

    /// The issue date for a plan that gives none (default: today, or SOURCE_DATE_EPOCH).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<NaiveDate>,

    /// Refuse to build a plan that has warnings.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PaperArg {
    Letter,
    A4,
}

pub fn run(args: &BuildArgs, catalogue: &Catalogue) -> Result<Exit, Error> {
    let fonts = Fonts::load();
    let bytes = read_file(&args.file)?;
    let today = args.date.unwrap_or_else(today);
    let (text, checked) = crate::check_plan(&bytes, catalogue, &fonts, today);
    let file = SourceFile::new(args.file.display().to_string(), text);
    output::diagnostics(&checked.diagnostics, &file);
    let plan = match checked.plan {
        Some(plan) if !(args.deny_warnings && !checked.diagnostics.is_empty()) => plan,
        _ => return Ok(Exit::Invalid),
    };
    let options = options(args, &plan);
    let document = layout::sheet(&plan, options, &fonts);
    let pdf = crate::render::render(&document, &fonts);

    let target = args
        .output
        .clone()
        .unwrap_or_else(|| args.file.with_extension("pdf"));
    if target == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return match out.write_all(&pdf).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
                path: "<stdout>".into(),
                source: e,
            }),
            _ => Ok(Exit::Ok),
        };
    }
    write_atomic(&target, &pdf)?;
    let pages = document.pages.len();
    output::stdout(&format!(
        "wrote {}: {} page{}, {} exercises\n",
        target.display(),
        pages,
        if pages == 1 { "" } else { "s" },
        plan.exercises.len()
    ))
    .map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Exit::Ok)
}

/// Command-line options win over the plan's own `[plan]` settings.
fn options(args: &BuildArgs, plan: &Plan) -> Options {
    let paper = match args.paper {
        Some(PaperArg::Letter) => Paper::Letter,
        Some(PaperArg::A4) => Paper::A4,
        None => plan.sheet.paper.unwrap_or_default(),
    };
    Options {
        paper,
        large_print: args.large_print || plan.sheet.large_print.unwrap_or(false),
    }
}

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so an interrupted build never leaves a partial PDF at `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write {
        path: path.to_owned(),
        source,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".rx-")
        .suffix(".part")
        .tempfile_in(folder)
        .map_err(fail)?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
