//! `rx figure FILE -o preview.pdf`: one figure of a catalogue file drawn
//! large with its joints labelled and every problem of the file located,
//! on the page and on stderr, so a clinic can author figures by trial. The
//! page comes from `figure::preview`; this module only reads and writes.

use std::path::PathBuf;

use clap::Args;

use super::catalogue::PicturesBeside;
use super::{output, read_file};
use crate::catalogue::Figure;
use crate::diag::{self, SourceFile};
use crate::error::{Error, Exit};
use crate::figure::preview;
use crate::files::guard;
use crate::files::write::Existing;

#[derive(Debug, Args)]
pub struct FigureArgs {
    /// A catalogue file with exercises and their `[figure.ID]` tables.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// The figure to draw (default: the file's first `[figure.ID]`).
    #[arg(long, value_name = "ID")]
    id: Option<String>,

    /// Where to write the preview PDF (replaced if it exists).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

/// Draw the figure; exit 1 when the file has problems (the preview still
/// lists them).
pub fn run(args: &FigureArgs) -> Result<Exit, Error> {
    let output = [guard::Output {
        flag: "-o",
        path: &args.output,
    }];
    guard::refuse_clashes(
        std::slice::from_ref(&args.file),
        &output,
        guard::Sheets::None,
    )?;
    let bytes = read_file(&args.file)?;
    let (text, problem) = crate::parse::decode(&bytes);
    let file = SourceFile::new(args.file.display().to_string(), text);
    // A file that is not TOML has no figures to read, let alone draw: its
    // located syntax error is the problem to show, not a missing
    // [figure.ID].
    let problem = problem.or_else(|| crate::fields::toml::document(&file.text).err().map(|d| *d));
    if let Some(problem) = problem {
        output::diagnostics(std::slice::from_ref(&problem), &file);
        return Ok(Exit::Invalid);
    }
    let builtin = crate::catalogue::builtin().map_err(|broken| Error::BrokenBuiltin {
        details: broken.details(),
    })?;
    let ids = preview::figure_ids(&file.text);
    let id = match &args.id {
        Some(id) if ids.contains(id) => id.clone(),
        Some(id) => {
            return Err(Error::Usage {
                message: format!(
                    "{} has no [figure.{}]; its figures: {}",
                    file.name,
                    crate::fields::shorten(id),
                    if ids.is_empty() {
                        "none".to_owned()
                    } else {
                        ids.join(", ")
                    }
                ),
            });
        }
        None => match ids.first() {
            Some(id) => id.clone(),
            None => {
                return Err(Error::Usage {
                    message: format!("{} has no [figure.ID] table to draw", file.name),
                });
            }
        },
    };
    let pictures = PicturesBeside::new(&args.file);
    let result = crate::catalogue::extend_from(builtin, &file.text, &pictures);
    // The pictures are known once the file is read: none may be the output.
    let mut inputs = vec![args.file.clone()];
    inputs.extend(pictures.read_so_far());
    guard::refuse_clashes(&inputs, &output, guard::Sheets::None)?;
    let (drawing, diagnostics) = match &result {
        Ok(catalogue) => match catalogue.find(&id).and_then(|e| e.figure.as_ref()) {
            Some(Figure::Drawing(d)) => (Some(d.as_ref()), Vec::new()),
            _ => (None, Vec::new()),
        },
        Err(diagnostics) => (None, diagnostics.clone()),
    };
    output::diagnostics(&diagnostics, &file);
    let problems: Vec<String> = diagnostics.iter().map(|d| diag::render(d, &file)).collect();
    let fonts = crate::fonts::Fonts::load();
    let page = preview::page(&file.name, &id, drawing, &problems, &fonts);
    let pdf = crate::render::render(&page, &fonts).map_err(|e| e.writing(&args.output))?;
    output::pdf(&args.output, &pdf, Existing::Replace)?;
    let summary = match problems.len() {
        0 => "no problems".to_owned(),
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    let line = format!(
        "wrote {}: figure `{id}`, {summary}\n",
        args.output.display()
    );
    if args.output == std::path::Path::new("-") {
        // stdout carries the PDF.
        output::error_line(&line.replacen("wrote -", "wrote the preview to stdout", 1));
    } else {
        output::stdout(&line).map_err(super::stdout_error)?;
    }
    Ok(if problems.is_empty() {
        Exit::Ok
    } else {
        Exit::Invalid
    })
}
