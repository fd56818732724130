//! Environment failures (files, folders, output) and the process exit codes.
//!
//! An `Error` is never the plan's fault: those are `Diagnostic`s. Each variant
//! carries the path involved so the message says which file failed.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Process exit codes, as documented in `rx --help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything valid (warnings allowed).
    Ok = 0,
    /// A plan or catalogue is invalid.
    Invalid = 1,
    /// Usage, I/O or internal error.
    Failure = 2,
}

/// Something outside the plan went wrong.
#[derive(Debug)]
pub enum Error {
    Read {
        path: PathBuf,
        source: io::Error,
    },
    IsDirectory {
        path: PathBuf,
    },
    Write {
        path: PathBuf,
        source: io::Error,
    },
    Exists {
        path: PathBuf,
    },
    /// A sheet's file is already there with other bytes (neither `--force`
    /// nor `--skip-existing` given).
    SheetExists {
        path: PathBuf,
    },
    /// A sheet's name is taken, in another letter case, by another file:
    /// one file on a case-insensitive folder.
    CaseClash {
        path: PathBuf,
        other: PathBuf,
    },
    /// A sheet `--combine` read back is not the one this run rendered:
    /// something (another run into the same folder) wrote over it since.
    SheetChanged {
        path: PathBuf,
        combined: PathBuf,
    },
    /// The output folder was moved, removed or replaced (say by a symlink
    /// to another folder) while a batch wrote into it.
    FolderReplaced {
        path: PathBuf,
    },
    /// An input that is not a regular file (a device, FIFO or socket).
    NotAFile {
        path: PathBuf,
    },
    /// An output that is not a regular file or a character device (a pipe,
    /// socket or block device): renaming a file over it would replace it.
    NotWritable {
        path: PathBuf,
    },
    /// An output that is an input of the run, one of its sheets, or
    /// another of its outputs (`what` says which).
    Overlap {
        flag: String,
        path: PathBuf,
        what: String,
    },
    /// A settings file or clinic catalogue that another user controls
    /// (`files::trust`): `what` names which, `why` says how.
    Untrusted {
        path: PathBuf,
        what: &'static str,
        why: String,
    },
    /// The settings file rx found (or `RX_CONFIG` named) cannot be used:
    /// `how` says how it was chosen, since the user did not name it.
    Settings {
        how: &'static str,
        cause: Box<Error>,
    },
    /// A font file given with `--font` that rx cannot use.
    Font {
        path: PathBuf,
        problem: crate::fonts::FontProblem,
    },
    /// A clinic font the PDF at `path` draws with cannot be embedded.
    Unembeddable {
        path: PathBuf,
        font: String,
    },
    /// A command-line value clap cannot check by itself.
    Usage {
        message: String,
    },
    UnknownRoutine {
        name: String,
        known: Vec<String>,
    },
    UnknownExercise {
        name: String,
        help: Option<String>,
    },
    /// The built-in catalogue failed its own validation: a bug in rx.
    BrokenBuiltin {
        details: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { path, source } => {
                write!(f, "cannot read {}: {}", path.display(), describe(source))
            }
            Error::IsDirectory { path } => {
                write!(f, "{} is a directory, not a file", path.display())
            }
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {}", path.display(), describe(source))
            }
            Error::Exists { path } => write!(
                f,
                "{} already exists; rx will not overwrite it",
                path.display()
            ),
            Error::SheetExists { path } => write!(
                f,
                "{} already exists and is not the sheet this plan gives; rx will not overwrite it without --force (--skip-existing keeps it and builds the rest)",
                path.display()
            ),
            Error::CaseClash { path, other } => write!(
                f,
                "cannot write {}: {} already exists, a name that differs only in letter case (one file on Windows, macOS and USB sticks); rx will not replace it",
                path.display(),
                other.display()
            ),
            Error::SheetChanged { path, combined } => write!(
                f,
                "cannot combine {}: it is no longer the sheet this run wrote (another run into the same folder?); {} not written, so it cannot print another run's doses; build again, one run at a time",
                path.display(),
                combined.display()
            ),
            Error::FolderReplaced { path } => write!(
                f,
                "{} was moved or replaced while rx wrote sheets into it; some sheets of this run may be in another folder, so none is reported built; build again into a folder nothing else changes",
                path.display()
            ),
            Error::NotAFile { path } => write!(
                f,
                "{} is not a regular file (a device, pipe or socket); rx reads only files",
                path.display()
            ),
            Error::NotWritable { path } => write!(
                f,
                "cannot write {}: it is not a regular file (a pipe, socket or device); rx will not replace it",
                path.display()
            ),
            Error::Overlap { flag, path, what } => {
                write!(f, "{flag} {} would write over {what}", path.display())
            }
            Error::Untrusted { path, what, why } => {
                write!(f, "refusing the {what} {}: {why}", path.display())
            }
            Error::Settings { how, cause } => write!(
                f,
                "{cause} (the settings file, {how}; --no-config uses none)"
            ),
            Error::Font { path, problem } => {
                write!(f, "--font {}: {problem}", path.display())
            }
            Error::Unembeddable { path, font } => write!(
                f,
                "cannot write {}: the font {font} cannot be embedded (its outlines could not be cut down to the characters used); use another version of the font (a .ttf)",
                path.display()
            ),
            Error::Usage { message } => write!(f, "{message}"),
            Error::UnknownRoutine { name, known } => {
                write!(
                    f,
                    "unknown routine \"{name}\"; routines: {}",
                    known.join(", ")
                )
            }
            Error::UnknownExercise { name, help } => {
                write!(f, "unknown exercise \"{name}\"")?;
                match help {
                    Some(help) => write!(f, "; {help}"),
                    None => write!(f, "; `rx catalogue` lists every exercise"),
                }
            }
            Error::BrokenBuiltin { details } => {
                write!(
                    f,
                    "internal error: the built-in catalogue is invalid\n{details}"
                )
            }
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// A stable code for tools (`--format json`), beside the diagnostics'
    /// RX01xx–RX05xx. Never renumber one.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Read { .. }
            | Error::IsDirectory { .. }
            | Error::NotAFile { .. }
            | Error::Font { .. }
            | Error::Unembeddable { .. } => "RX0601",
            Error::Write { .. } | Error::NotWritable { .. } => "RX0602",
            Error::Exists { .. } | Error::SheetExists { .. } | Error::CaseClash { .. } => "RX0603",
            Error::Usage { .. }
            | Error::Overlap { .. }
            | Error::UnknownRoutine { .. }
            | Error::UnknownExercise { .. } => "RX0604",
            Error::Untrusted { .. } => "RX0110",
            Error::Settings { cause, .. } => cause.code(),
            Error::SheetChanged { .. } => "RX0605",
            Error::FolderReplaced { .. } => "RX0606",
            Error::BrokenBuiltin { .. } => "RX0699",
        }
    }

    /// The file the error is about, if one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Settings { cause, .. } => cause.path(),
            Error::Read { path, .. }
            | Error::IsDirectory { path }
            | Error::Write { path, .. }
            | Error::Exists { path }
            | Error::SheetExists { path }
            | Error::CaseClash { path, .. }
            | Error::SheetChanged { path, .. }
            | Error::FolderReplaced { path }
            | Error::NotAFile { path }
            | Error::NotWritable { path }
            | Error::Overlap { path, .. }
            | Error::Untrusted { path, .. }
            | Error::Font { path, .. }
            | Error::Unembeddable { path, .. } => Some(path),
            Error::Usage { .. }
            | Error::UnknownRoutine { .. }
            | Error::UnknownExercise { .. }
            | Error::BrokenBuiltin { .. } => None,
        }
    }
}

/// io::Error's Display includes "(os error 2)"; users want the plain reason.
fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::StorageFull => "the disk is full".to_owned(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}
