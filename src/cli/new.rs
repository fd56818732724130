//! `rx new FILE --routine NAME`: scaffold a plan from a starter routine.
//!
//! Each exercise gets the dose the routine's own article prescribes (its
//! prescription from one of the routine's sources, at the low end of its
//! ranges), with a comment naming the source; an exercise that source does
//! not dose gets the catalogue's recommended dose, said so.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::output;
use crate::catalogue::{Catalogue, Entry, Limit, Origin, Sides};
use crate::error::{Error, Exit};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The plan file to create; an existing file is never overwritten.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// The starter routine (`rx catalogue` lists exercises; a wrong name lists routines).
    #[arg(long, value_name = "NAME")]
    routine: String,
}

pub fn run(args: &NewArgs, catalogue: &Catalogue) -> Result<Exit, Error> {
    let Some(routine) = catalogue.routine(&args.routine) else {
        return Err(Error::UnknownRoutine {
            name: args.routine.clone(),
            known: catalogue.routines().iter().map(|r| r.id.clone()).collect(),
        });
    };
    let entries: Vec<&Entry> = routine
        .exercises
        .iter()
        .filter_map(|id| catalogue.find(id).map(|e| e.as_ref()))
        .collect();
    let text = scaffold(
        &routine.name,
        &catalogue.cite(&Origin::From(routine.from.clone())),
        &routine.from,
        &entries,
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.file)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Exists {
                path: args.file.clone(),
            },
            _ => Error::Write {
                path: args.file.clone(),
                source,
            },
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|source| Error::Write {
            path: args.file.clone(),
            source,
        })?;
    output::stdout(&format!(
        "wrote {}: fill in the patient and prescriber, then run `rx check {}`\n",
        args.file.display(),
        args.file.display()
    ))
    .map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Exit::Ok)
}

/// Where an editor looks for the plan schema: beside the plan, as the
/// README tells users to save `rx schema`'s output.
const SCHEMA_FILE: &str = "./plan.schema.json";

/// The plan text: placeholders left empty so `rx check` fails until they are filled.
fn scaffold(routine: &str, cited: &str, from: &[String], entries: &[&Entry]) -> String {
    let mut out = String::new();
    // taplo and Even Better TOML read this line; `rx schema` writes the file.
    let _ = writeln!(out, "#:schema {SCHEMA_FILE}");
    let _ = writeln!(out, "# Home-exercise plan: {routine}");
    // `cited` reads `from "Title"`.
    let _ = writeln!(out, "# Routine {cited}; each dose is its article's own.");
    let _ = writeln!(
        out,
        "# Fill in the empty names, adjust doses, then: rx check <this file>"
    );
    let _ = writeln!(
        out,
        "# For completion in your editor, once per folder: rx schema > plan.schema.json\n"
    );
    out.push_str("[patient]\nname = \"\"                         # the patient's full name\n# id = \"MRN-...\"                 # optional\n\n");
    out.push_str("[prescriber]\nname = \"\"                         # your name and credentials\n# clinic = \"...\"                 # optional\n# phone = \"...\"                  # optional\n\n");
    out.push_str("[plan]\n# issued = YYYY-MM-DD             # optional: defaults to today\nweeks = 2                         # or: review = YYYY-MM-DD\n# notes = \"...\"                  # optional\n");
    for entry in entries {
        let limits = &entry.limits;
        let _ = writeln!(out, "\n[[exercise]]\nname = \"{}\"", entry.id);
        field(&mut out, "sets", &limits.sets, "");
        let own = entry.prescription_from(from);
        let (p, whose) = match own {
            Some(p) => (p, p.label()),
            None => (
                entry.recommended_prescription(),
                format!(
                    "not in this routine's article; recommended ({})",
                    entry.recommended_prescription().label()
                ),
            ),
        };
        // The catalogue's range, where it is wider than this source's.
        let allowed = |limit: &Limit, own: crate::catalogue::Range| {
            if (limit.min, limit.max) == (own.min, own.max) {
                String::new()
            } else {
                format!("; allowed {}", limit.range())
            }
        };
        line(
            &mut out,
            &format!("reps = {}", entry.starting(p).0),
            &format!(
                "{whose}: {}{}",
                p.reps.range(),
                allowed(&limits.reps, p.reps)
            ),
        );
        if let Some(hold) = &limits.hold {
            let said = if p.hold.max == 0 {
                "no hold".to_owned()
            } else {
                format!("{} seconds", p.hold.range())
            };
            line(
                &mut out,
                &format!("hold = {}", entry.starting(p).1),
                &format!("{whose}: {said}{}", allowed(hold, p.hold)),
            );
        }
        match (limits.per_day.recommended, limits.per_week.recommended) {
            (Some(_), _) => field(&mut out, "per_day", &limits.per_day, ""),
            _ => field(&mut out, "per_week", &limits.per_week, ""),
        }
        if entry.per_side.value {
            let (side, said) = match p.sides {
                Some(Sides::Alternate) => ("alternate", "alternating sides"),
                _ => ("both", "each side"),
            };
            line(
                &mut out,
                &format!("side = \"{side}\""),
                &format!("{whose}: {said}; or \"left\" / \"right\""),
            );
        }
    }
    out
}

fn field(out: &mut String, key: &str, limit: &Limit, unit: &str) {
    let value = limit.recommended.unwrap_or(limit.min);
    line(
        out,
        &format!("{key} = {value}"),
        &format!("allowed {}{unit}", limit.range()),
    );
}

/// `key = value` with a comment lined up after it.
fn line(out: &mut String, code: &str, comment: &str) {
    let _ = writeln!(out, "{code:<34}# {comment}");
}
