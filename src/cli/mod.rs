//! The command line: clap types, and one module per command (`build`,
//! `check`, `catalogue`, `new`, `config`, ...), with `batch` running a CSV
//! batch for both `build` and `check`, `options` for the options those two
//! share (what each settles its `Run` from), `settings` finding and reading
//! the clinic's `rx.toml`, `input` and `output` for reading inputs and
//! writing to stdio.
//!
//! This layer reads the environment and the clock, plan and catalogue
//! files and stdin, and writes stdout, stderr and single sheets (through
//! `files`); the crate's `batch` reads a CSV and writes its sheets. No stage
//! sees a clap type. Each command returns an `Exit`; `run` turns
//! environment errors into a message on stderr and exit code 2.

mod batch;
mod build;
mod candidates;
mod catalogue;
mod check;
mod completions;
mod config;
mod figure;
mod input;
mod man;
mod new;
mod options;
mod output;
mod progress;
mod provenance;
mod report;
mod schema;
mod serve;
mod settings;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalogue::Catalogue;
use crate::diag::SourceFile;
use crate::error::{Error, Exit};

const EXIT_CODES: &str = "\
Exit codes:
  0  every plan is valid (warnings allowed)
  1  a plan or catalogue is invalid (or has warnings, with --deny-warnings)
  2  usage, input/output or internal error";

/// Check home-exercise plans against the exercise catalogue and render
/// patient sheets.
#[derive(Debug, Parser)]
#[command(
    name = "rx",
    version,
    after_help = EXIT_CODES,
    disable_help_subcommand = true
)]
pub struct Args {
    /// A clinic catalogue file that adds exercises to the built-in catalogue
    /// (or replaces built-in ones with the same id).
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<PathBuf>,

    /// The clinic's settings file (default: `RX_CONFIG`, else `rx.toml` in
    /// the current folder or a parent folder).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Use no settings file.
    #[arg(long, global = true)]
    no_config: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a plan and render its PDF home-exercise sheet.
    Build(build::BuildArgs),
    /// Check plans (TOML files, or CSVs of many) and report every problem with its location.
    Check(check::CheckArgs),
    /// List the catalogue's exercises, or show one in full with its sources.
    Catalogue(catalogue::CatalogueArgs),
    /// Write a new plan file: blank, from a starter routine, or with chosen exercises.
    New(new::NewArgs),
    /// Draw one figure of a catalogue file large, joints labelled, problems located.
    Figure(figure::FigureArgs),
    /// Edit plans in the browser: a local editor with the library's figures, live checks and a live sheet.
    Serve(serve::ServeArgs),
    /// Print a JSON Schema of the plan format, for editors to complete and check plans.
    Schema(schema::SchemaArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Print the man page of rx, or of one command, in roff.
    Man(man::ManArgs),
    /// Show the clinic's settings in effect (`rx.toml`) and where each came from.
    Config(config::ConfigArgs),
    /// Show the help of rx, or of one command (the same as `rx COMMAND --help`).
    Help(HelpArgs),
}

#[derive(Debug, clap::Args)]
struct HelpArgs {
    /// The command to explain.
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// `rx help [COMMAND]`. clap's own help command refuses `rx help --help`;
/// this one is an ordinary command, so clap gives it a `--help` of its own.
fn help(args: &HelpArgs) -> Result<Exit, Error> {
    use clap::CommandFactory;
    let mut rx = Args::command();
    rx.build();
    let text = match &args.command {
        None => rx.render_help(),
        Some(name) => match rx.find_subcommand_mut(name) {
            Some(command) => command.render_help(),
            None => return Err(unknown_command(&rx, name)),
        },
    };
    output::stdout(&text.to_string()).map_err(stdout_error)?;
    Ok(Exit::Ok)
}

/// `name` is none of rx's commands: a usage error listing them.
fn unknown_command(rx: &clap::Command, name: &str) -> Error {
    let known: Vec<&str> = rx.get_subcommands().map(|c| c.get_name()).collect();
    Error::Usage {
        message: format!(
            "unknown command \"{}\"; commands: {}",
            crate::fields::shorten(name),
            known.join(", ")
        ),
    }
}

/// Writing to stdout failed.
fn stdout_error(source: std::io::Error) -> Error {
    Error::Write {
        path: "<stdout>".into(),
        source,
    }
}

/// Output format for commands that can speak to tools.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
enum Format {
    #[default]
    Human,
    Json,
}

/// Parse the command line, run the command, and return the exit code.
///
/// `rx FILE` with no command is `rx build FILE`: what Windows runs when a
/// file is dropped on `rx.exe`. There rx's console window closes as rx
/// ends, so rx then waits for Enter first, for the summary and any error
/// to be read.
pub fn run() -> Exit {
    let (given, dropped) = dropped(std::env::args_os().collect());
    let exit = run_args(given);
    if dropped && cfg!(windows) {
        wait_for_enter();
    }
    exit
}

/// The command line, with `build` put in when it is only a file's name
/// (and whether it was).
fn dropped(mut given: Vec<std::ffi::OsString>) -> (Vec<std::ffi::OsString>, bool) {
    use clap::CommandFactory as _;
    let is_file = given.len() == 2 && {
        let arg = Path::new(&given[1]);
        let command = Args::command();
        let named = given[1]
            .to_str()
            .is_some_and(|name| command.find_subcommand(name).is_some());
        !named && !given[1].to_string_lossy().starts_with('-') && arg.is_file()
    };
    if is_file {
        given.insert(1, "build".into());
    }
    (given, is_file)
}

/// "press Enter to close", on a terminal only (a double-clicked rx has one;
/// a program calling rx does not, and must not hang).
fn wait_for_enter() {
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() {
        return;
    }
    output::error_line("press Enter to close");
    let _ = std::io::stdin().read_line(&mut String::new());
}

fn run_args(given: Vec<std::ffi::OsString>) -> Exit {
    let args = match Args::try_parse_from(given) {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Failure
            } else {
                Exit::Ok
            };
        }
    };
    // Commands that need no catalogue run even when a clinic file is broken.
    let early = match &args.command {
        Command::Help(a) => Some(help(a)),
        Command::Completions(a) => Some(completions::run(a)),
        Command::Man(a) => Some(man::run(a)),
        Command::Figure(a) => Some(figure::run(a)),
        _ => None,
    };
    if let Some(result) = early {
        return result.unwrap_or_else(|e| {
            output::error(&e.to_string());
            Exit::Failure
        });
    }
    let json = match &args.command {
        Command::Check(a) if a.json() => Json::Diagnostics,
        Command::Config(a) if a.json() => Json::Diagnostics,
        Command::Build(a) if a.json() => Json::Report(a.input_name()),
        _ => Json::No,
    };
    let result = load_settings(&args, &json).and_then(|loaded| {
        let Some(clinic) = loaded else {
            return Ok(Exit::Invalid);
        };
        if let Command::Config(a) = &args.command {
            return config::run(a, &clinic, args.catalogue.as_deref());
        }
        // A catalogue the command line names, directly or through the
        // settings file it names, was chosen by the user.
        let named_settings = clinic.provenance.as_ref().is_some_and(|p| p.named);
        let chosen = match (&args.catalogue, clinic.catalogue()) {
            (Some(path), _) => Some((path.clone(), "--catalogue".to_owned(), true)),
            (None, Some(path)) => {
                let settings = clinic.file.as_ref().map_or("", |f| f.name.as_str());
                let how = format!("[defaults] catalogue in {settings}");
                Some((path, how, named_settings))
            }
            (None, None) => None,
        };
        let Some((mut catalogue, mut inputs, provenance)) = load_catalogue(chosen, &json)? else {
            return Ok(Exit::Invalid);
        };
        // The settings file's limits after the clinic catalogue's: its win.
        if let Some(file) = &clinic.file
            && let Err(diagnostics) =
                crate::limits::apply(&mut catalogue, &clinic.settings.limits, file)
        {
            if json == Json::No {
                output::diagnostics(&diagnostics, file);
            } else {
                json.failed(output::json_entries(&diagnostics, file))?;
            }
            return Ok(Exit::Invalid);
        }
        inputs.extend(clinic.inputs.iter().cloned());
        let sources = provenance::Sources {
            settings: clinic.provenance.clone(),
            catalogue: provenance,
        };
        let clinic = &clinic.settings;
        match args.command {
            Command::Build(a) => {
                let clinic = a.input().with_fonts(clinic, &mut inputs)?;
                tell_sources(&sources, a.json());
                build::run(&a, &catalogue, &inputs, &clinic, &sources)
            }
            Command::Check(a) => {
                let clinic = a.input().with_fonts(clinic, &mut inputs)?;
                tell_sources(&sources, a.json());
                check::run(&a, &catalogue, &clinic)
            }
            Command::Catalogue(a) => catalogue::run(&a, &catalogue, clinic, &inputs),
            Command::New(a) => new::run(&a, &catalogue, clinic),
            Command::Serve(a) => serve::run(&a, &catalogue, clinic),
            Command::Schema(a) => schema::run(&a, &catalogue, clinic),
            Command::Completions(a) => completions::run(&a),
            Command::Man(a) => man::run(&a),
            Command::Help(a) => help(&a),
            // `rx config` returned above, before the catalogue was loaded,
            // and `rx figure` loads its own file.
            Command::Config(_) | Command::Figure(_) => unreachable!("handled above"),
        }
    });
    match result {
        Ok(exit) => exit,
        Err(e) => {
            // A tool reading stdout must not take silence for "no problems".
            if json.failed(vec![output::error_entry(&e, None)]).is_err() || json == Json::No {
                output::error(&e.to_string());
            }
            Exit::Failure
        }
    }
}

/// What `--format json` prints on stdout, if it was given: a check's array
/// of diagnostics, or a build's report.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Json {
    No,
    Diagnostics,
    /// The build's input, as given.
    Report(String),
}

impl Json {
    /// Print what stopped the command before any file was read: as the
    /// command's JSON would carry it.
    fn failed(&self, entries: Vec<crate::diag::JsonDiagnostic>) -> Result<(), Error> {
        match self {
            Json::No => Ok(()),
            Json::Diagnostics => output::json(&entries),
            Json::Report(input) => report::BuildReport {
                version: report::VERSION,
                input: input.clone(),
                output: String::new(),
                summary: report::Summary::default(),
                settings: None,
                catalogue: None,
                combined: None,
                patients: Vec::new(),
                diagnostics: entries,
            }
            .emit(None, true),
        }
    }
}

/// The clinic's settings (`settings::choose`). `Ok(None)` means the file
/// is invalid and its diagnostics were printed (also as JSON on stdout with
/// `json`).
fn load_settings(args: &Args, json: &Json) -> Result<Option<settings::Loaded>, Error> {
    let folder = match &args.command {
        Command::Serve(a) => a.folder(),
        _ => None,
    };
    let choice = settings::choose(args.no_config, args.config.as_deref(), folder);
    match settings::load(&choice)? {
        Ok(loaded) => Ok(Some(loaded)),
        Err((diagnostics, file)) => {
            if *json == Json::No {
                output::diagnostics(&diagnostics, &file);
            } else {
                json.failed(output::json_entries(&diagnostics, &file))?;
            }
            Ok(None)
        }
    }
}

/// Name the settings file and clinic catalogue on stderr (not with JSON on
/// stdout, which carries them in the report): a file found by the upward
/// search or named by the settings changes every sheet, and must not do so
/// unseen.
fn tell_sources(sources: &provenance::Sources, json: bool) {
    if let Some(line) = sources.line().filter(|_| !json) {
        output::note(&line);
    }
}

/// A catalogue, the files it was read from, and where its clinic file came
/// from.
type LoadedCatalogue = (Catalogue, Vec<PathBuf>, Option<provenance::Provenance>);

/// The built-in catalogue plus the clinic file, if any (its path, how it
/// was chosen and whether the command line named it), the files it was
/// read from (the clinic file and its pictures: inputs `-o` must never
/// write over) and its provenance.
/// `Ok(None)` means the clinic file is invalid and its diagnostics were
/// printed (also as JSON on stdout with `json`).
fn load_catalogue(
    clinic: Option<(PathBuf, String, bool)>,
    json: &Json,
) -> Result<Option<LoadedCatalogue>, Error> {
    let builtin = crate::catalogue::builtin_deferred().map_err(|broken| Error::BrokenBuiltin {
        details: broken.details(),
    })?;
    let Some((path, how, named)) = clinic else {
        return Ok(Some((builtin, Vec::new(), None)));
    };
    let path = path.as_path();
    crate::files::trust::check(path, "clinic catalogue")?;
    let bytes = read_file(path)?;
    let provenance = provenance::Provenance::new(path, how, named, &bytes);
    let (text, problem) = crate::parse::decode(&bytes);
    let file = SourceFile::new(path.display().to_string(), text);
    let pictures = catalogue::PicturesBeside::new(path);
    let result = match problem {
        Some(d) => Err(vec![d]),
        None => crate::catalogue::extend_from(builtin, &file.text, &pictures),
    };
    // The clinic's own limits, checked against the catalogue with its
    // entries in, and placed by the file's name and line.
    let result = result.and_then(|mut catalogue| {
        let limits = crate::limits::read(&file.text)?;
        crate::limits::apply(&mut catalogue, &limits, &file)?;
        Ok(catalogue)
    });
    match result {
        Ok(mut catalogue) => {
            // Warnings do not stop a build; they go to stderr, where JSON
            // on stdout stays whole.
            output::diagnostics(&catalogue.take_warnings(), &file);
            let mut inputs = vec![path.to_owned()];
            inputs.extend(pictures.read_so_far());
            Ok(Some((catalogue, inputs, Some(provenance))))
        }
        Err(diagnostics) => {
            if *json == Json::No {
                output::diagnostics(&diagnostics, &file);
            } else {
                json.failed(output::json_entries(&diagnostics, &file))?;
            }
            Ok(None)
        }
    }
}

/// Read an input file (a plan or a catalogue), at most one byte past
/// `MAX_FILE_BYTES` so an enormous file is refused without being held. A
/// directory, a missing file or anything but a regular file (a FIFO would
/// block, `/dev/zero` never ends) is an `Error`.
fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    crate::files::read_at_most(path, crate::parse::MAX_FILE_BYTES as u64 + 1)
}

/// Today's date, honouring `SOURCE_DATE_EPOCH` so builds can be reproduced;
/// a date outside the years plans may use is refused, as in a plan.
fn today() -> Result<chrono::NaiveDate, Error> {
    let date = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.date_naive())
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    match crate::parse::outside_years(date) {
        None => Ok(date),
        Some(why) => Err(Error::Usage {
            message: format!("today's date (from SOURCE_DATE_EPOCH or the clock) is {date}; {why}"),
        }),
    }
}

/// `--date YYYY-MM-DD`, in the years plans may use.
fn date_arg(s: &str) -> Result<chrono::NaiveDate, String> {
    let date = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| "expected a date like 2026-11-22".to_owned())?;
    match crate::parse::outside_years(date) {
        None => Ok(date),
        Some(why) => Err(why),
    }
}
