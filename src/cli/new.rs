//! `rx new FILE [--routine NAME] [--exercise NAME]...`: scaffold a plan
//! from a starter routine, chosen exercises, or both (neither: a blank plan
//! with a commented exercise to copy). `rx new --list-routines` lists them.
//! `rx new --template plans.xlsx` writes the workbook for many patients'
//! plans instead (`crate::template`), with the same never-overwrite rule.
//!
//! Each routine exercise gets the dose the routine's own article prescribes
//! (its prescription from one of the routine's sources, at the low end of
//! its ranges), with a comment naming the source; an exercise that source
//! does not dose, or one given with `--exercise`, gets the catalogue's
//! recommended dose, said so (`catalogue::start`, which `rx serve`'s
//! editor fills an added exercise from too).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::output;
use crate::catalogue::{Catalogue, Entry, Origin, Region, Word as _};
use crate::error::{Error, Exit};
use crate::lang::Language;
use crate::settings::Settings;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The plan file to create (`-` for stdout); an existing file is never
    /// overwritten.
    #[arg(value_name = "FILE", required_unless_present = "list_routines")]
    file: Option<PathBuf>,

    /// Start from a starter routine, with its article's doses.
    #[arg(long, value_name = "NAME", value_parser = super::candidates::routines(), hide_possible_values = true)]
    routine: Option<String>,

    /// Add an exercise (id, name or alias; repeat for more), at the
    /// catalogue's recommended dose.
    #[arg(long, value_name = "NAME", value_parser = super::candidates::exercises(), hide_possible_values = true)]
    exercise: Vec<String>,

    /// List the starter routines and their exercises, and write nothing.
    #[arg(long, conflicts_with_all = ["routine", "exercise"])]
    list_routines: bool,

    /// Write FILE as an .xlsx workbook for many patients' plans: rx's
    /// columns, drop-downs of the exercises and checked numbers, an
    /// example patient, and sheets listing the exercises and how to build.
    #[arg(long, conflicts_with_all = ["routine", "exercise", "list_routines"])]
    template: bool,

    /// The language of the template's exercise names, e.g. `es` (default:
    /// the settings' `language`, else en).
    #[arg(long, value_name = "CODE", requires = "template", value_parser = super::candidates::languages(), hide_possible_values = true)]
    language: Option<Language>,
}

/// One exercise of the new plan, and the sources whose dose it starts at
/// (empty: the catalogue's recommended dose).
struct Chosen<'c> {
    entry: &'c Entry,
    from: &'c [String],
}

pub fn run(args: &NewArgs, catalogue: &Catalogue, clinic: &Settings) -> Result<Exit, Error> {
    if args.list_routines {
        return list_routines(catalogue);
    }
    let Some(path) = &args.file else {
        unreachable!("clap requires FILE without --list-routines");
    };
    if args.template {
        return template(args, path, catalogue, clinic);
    }
    let mut chosen: Vec<Chosen> = Vec::new();
    let mut heading = None;
    if let Some(name) = &args.routine {
        let Some(routine) = catalogue.routine(name) else {
            return Err(Error::UnknownRoutine {
                name: crate::fields::shorten(name),
                known: catalogue.routines().iter().map(|r| r.id.clone()).collect(),
            });
        };
        chosen.extend(routine.exercises.iter().filter_map(|id| {
            catalogue.find(id).map(|e| Chosen {
                entry: e.as_ref(),
                from: &routine.from,
            })
        }));
        heading = Some((
            routine.name.as_str(),
            catalogue.cite(&Origin::From(routine.from.clone())),
        ));
    }
    for name in &args.exercise {
        let Some(entry) = catalogue.find(name) else {
            return Err(Error::UnknownExercise {
                name: crate::fields::shorten(name),
                help: crate::suggest::did_you_mean(&catalogue.suggest(name)),
            });
        };
        // Named twice (or also in the routine): once is enough, and the
        // therapist is told, since two names may not look like one exercise.
        if chosen.iter().any(|c| c.entry.id == entry.id) {
            output::warning(&format!(
                "\"{}\" is `{}`, already in the plan: listed once",
                crate::fields::shorten(name),
                entry.id
            ));
        } else {
            chosen.push(Chosen {
                entry: entry.as_ref(),
                from: &[],
            });
        }
    }
    let prescriber = clinic.prescriber.as_ref().map(|p| p.value.as_str());
    let text = scaffold(heading, &chosen, prescriber);
    if super::input::is_stdin(path) {
        // `-` is stdout, as everywhere in rx: the plan itself, nothing else.
        output::stdout(&text).map_err(super::stdout_error)?;
        return Ok(Exit::Ok);
    }
    create(path, text.as_bytes())?;
    let todo = match (chosen.is_empty(), prescriber.is_some()) {
        (true, false) => "fill in the patient, prescriber and exercises",
        (true, true) => "fill in the patient and exercises",
        (false, false) => "fill in the patient and prescriber",
        (false, true) => "fill in the patient",
    };
    output::stdout(&format!(
        "wrote {}: {todo}, then run `rx check {}`\n",
        path.display(),
        path.display()
    ))
    .map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Exit::Ok)
}

/// Write a new file, never over an existing one.
fn create(path: &PathBuf, bytes: &[u8]) -> Result<(), Error> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Exists { path: path.clone() },
            _ => Error::Write {
                path: path.clone(),
                source,
            },
        })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })
}

/// `rx new --template FILE`: the plans workbook, in the language asked
/// for, else the settings', else English.
fn template(
    args: &NewArgs,
    path: &PathBuf,
    catalogue: &Catalogue,
    clinic: &Settings,
) -> Result<Exit, Error> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx && !super::input::is_stdin(path) {
        return Err(Error::Usage {
            message: format!(
                "a template is an Excel workbook: name it with .xlsx, not {}",
                path.display()
            ),
        });
    }
    let language = args
        .language
        .or_else(|| clinic.language.as_ref().map(|l| l.value))
        .unwrap_or(Language::ENGLISH);
    let prescriber = clinic.prescriber.as_ref().map(|p| p.value.as_str());
    let bytes =
        crate::template::workbook(catalogue, language, prescriber).map_err(|e| Error::Write {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
    if super::input::is_stdin(path) {
        std::io::stdout()
            .lock()
            .write_all(&bytes)
            .map_err(super::stdout_error)?;
        return Ok(Exit::Ok);
    }
    create(path, &bytes)?;
    output::stdout(&format!(
        "wrote {}: replace the example patient with yours, then run `rx build {}`\n",
        path.display(),
        path.display()
    ))
    .map_err(super::stdout_error)?;
    Ok(Exit::Ok)
}

/// Where an editor looks for the plan schema: beside the plan, as the
/// README tells users to save `rx schema`'s output.
const SCHEMA_FILE: &str = "./plan.schema.json";

/// `rx new --list-routines`: the routines grouped by the region most of
/// their exercises are for (in the vocabulary's order), each with its id,
/// name, source and exercises.
fn list_routines(catalogue: &Catalogue) -> Result<Exit, Error> {
    let words = crate::lang::Language::ENGLISH.messages();
    let mut out = String::new();
    let mut groups: Vec<(Option<Region>, String)> = Region::ALL
        .iter()
        .map(|&(word, region)| (Some(region), words.text(&format!("region-{word}"))))
        .collect();
    groups.push((None, words.text("region-none")));
    for (region, heading) in groups {
        let routines: Vec<_> = catalogue
            .routines()
            .iter()
            .filter(|r| catalogue.routine_region(r) == region)
            .collect();
        if routines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{heading}");
        for routine in routines {
            let _ = writeln!(
                out,
                "  {}: {}, {}",
                routine.id,
                routine.name,
                catalogue.cite(&Origin::From(routine.from.clone()))
            );
            let _ = writeln!(out, "    {}", routine.exercises.join(", "));
        }
    }
    out.push_str("\nStart a plan from one with `rx new FILE --routine ID`.\n");
    output::stdout(&out).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Exit::Ok)
}

/// The plan text: placeholders left empty so `rx check` fails until they
/// are filled. `routine` is the starter routine's name and its citation.
/// The plan's text; `prescriber` is the clinic settings' prescriber, if any.
fn scaffold(
    routine: Option<(&str, String)>,
    chosen: &[Chosen],
    prescriber: Option<&str>,
) -> String {
    let mut out = String::new();
    // taplo and Even Better TOML read this line; `rx schema` writes the file.
    let _ = writeln!(out, "#:schema {SCHEMA_FILE}");
    match routine {
        Some((name, cited)) => {
            let _ = writeln!(out, "# Home-exercise plan: {name}");
            // `cited` reads `from "Title"`.
            let _ = writeln!(out, "# Routine {cited}; each dose is its article's own.");
        }
        None => out.push_str("# Home-exercise plan\n"),
    }
    if chosen.iter().any(|c| c.from.is_empty()) {
        out.push_str("# Exercises added by name start at the catalogue's recommended dose.\n");
    }
    let _ = writeln!(
        out,
        "# Fill in the empty names, adjust doses, then: rx check <this file>"
    );
    let _ = writeln!(
        out,
        "# For completion in your editor, once per folder: rx schema > plan.schema.json\n"
    );
    out.push_str("[patient]\nname = \"\"                         # the patient's full name\n# id = \"MRN-...\"                 # optional\n\n");
    match prescriber {
        // The settings fill it in; a plan's own [prescriber] would win.
        Some(name) => {
            let _ = writeln!(
                out,
                "# The prescriber comes from the clinic's settings (rx.toml): {}\n# [prescriber]\n# name = \"...\"                   # to prescribe under another name\n",
                name.replace('\n', " ")
            );
        }
        None => out.push_str("[prescriber]\nname = \"\"                         # your name and credentials\n# clinic = \"...\"                 # optional\n# phone = \"...\"                  # optional\n\n"),
    }
    out.push_str("[plan]\n# issued = YYYY-MM-DD             # optional: defaults to today\nweeks = 2                         # or: review = YYYY-MM-DD\n# notes = \"...\"                  # optional\n");
    if chosen.is_empty() {
        out.push_str("\n# One [[exercise]] table per exercise; `rx catalogue` lists them.\n# [[exercise]]\n# name = \"bridge\"\n# reps = 10\n");
    }
    for Chosen { entry, from } in chosen {
        exercise(&mut out, entry, from);
    }
    out
}

/// One `[[exercise]]` table at the dose `from`'s article gives (none: the
/// catalogue's recommended dose), each value with where it comes from.
fn exercise(out: &mut String, entry: &Entry, from: &[String]) {
    let _ = writeln!(out, "\n[[exercise]]\nname = \"{}\"", entry.id);
    for start in crate::catalogue::start::starting_dose(entry, from).values {
        line(
            out,
            &format!("{} = {}", start.key, start.value),
            &start.comment,
        );
    }
}

/// `key = value` with a comment lined up after it.
fn line(out: &mut String, code: &str, comment: &str) {
    let _ = writeln!(out, "{code:<34}# {comment}");
}
