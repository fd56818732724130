//! Writing to stdout and stderr. A closed pipe (`rx catalogue | head`) is not
//! an error: output simply stops.

use std::io::{self, Write};
use std::path::Path;

use crate::diag::{self, Diagnostic, SourceFile};
use crate::error::Error;
use crate::files::write::{Durable, Existing, Written, write_output};

/// Write to stdout; a broken pipe is silently accepted.
pub fn stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// `n` and a noun, plural unless `n` is 1: "1 exercise", "2 exercises".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What stopped a plan, for its summary line: "2 errors, 1 warning", or
/// with `--deny-warnings` and no error "1 warning (--deny-warnings)".
pub fn problems(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match (errors, warnings) {
        (0, w) => format!("{} (--deny-warnings)", count(w, "warning")),
        (e, 0) => count(e, "error"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    }
}

/// An environment error, as `rx: error: ...` on stderr.
pub fn error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "rx: error: {message}");
}

/// A warning about the run (not about an input's content), as
/// `rx: warning: ...` on stderr.
pub fn warning(message: &str) {
    let _ = writeln!(io::stderr().lock(), "rx: warning: {message}");
}

/// Something the run did that the user should know of, as `rx: note: ...`
/// on stderr.
pub fn note(message: &str) {
    let _ = writeln!(io::stderr().lock(), "rx: note: {message}");
}

/// A line of text on stderr, as it is.
pub fn error_line(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Human-readable diagnostics on stderr, at most `diag::MAX_SHOWN` of them
/// and a line counting the rest.
pub fn diagnostics(diagnostics: &[Diagnostic], file: &SourceFile) {
    let mut err = io::stderr().lock();
    let (shown, more) = diag::shown(diagnostics);
    for d in shown.iter().chain(more.as_ref()) {
        let _ = writeln!(err, "{}", diag::render(d, file));
    }
}

/// `--format json`: one JSON array of diagnostics on stdout, each file's
/// capped at `diag::MAX_SHOWN` like the human output.
pub fn json(entries: &[diag::JsonDiagnostic]) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(entries).expect("diagnostics serialise to JSON");
    stdout(&format!("{json}\n")).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })
}

/// The JSON entries of one file's diagnostics, capped like the human output.
pub fn json_entries(diagnostics: &[Diagnostic], file: &SourceFile) -> Vec<diag::JsonDiagnostic> {
    let (shown, more) = diag::shown(diagnostics);
    shown
        .iter()
        .chain(more.as_ref())
        .map(|d| diag::to_json(d, file))
        .collect()
}

/// The JSON entry of an error that stopped a file or the command; `file` is
/// the input it happened on, when the error names no path itself.
pub fn error_entry(e: &Error, file: Option<&Path>) -> diag::JsonDiagnostic {
    let file = e.path().or(file).map(|p| p.display().to_string());
    diag::error_json(e.code(), file, e.to_string())
}

/// Write a PDF to `target`: `-` is stdout; a character device
/// (`/dev/null`) is written straight, since renaming a file over it would
/// replace the device node, and a pipe or socket is refused; a file is
/// written through a temporary file and a rename, so no partial PDF is ever
/// left, unless a file with the same bytes is already there. Where one with
/// other bytes is, `existing` says what to do.
pub fn pdf(target: &Path, bytes: &[u8], existing: Existing) -> Result<Written, Error> {
    if target == Path::new("-") {
        let mut out = io::stdout().lock();
        return match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Write {
                path: "<stdout>".into(),
                source: e,
            }),
            _ => Ok(Written::New),
        };
    }
    write_output(target, bytes, existing, Durable::Now)
}

/// Say what became of a PDF written with `pdf` (nothing for stdout):
/// "wrote plan.pdf: 3 pages, 6 exercises".
pub fn wrote(target: &Path, written: Written, pages: usize, what: &str) -> Result<(), Error> {
    if target == Path::new("-") {
        return Ok(());
    }
    let shown = target.display();
    let line = match written {
        Written::New | Written::Replaced => {
            format!("wrote {shown}: {}, {what}\n", count(pages, "page"))
        }
        Written::Unchanged => format!("unchanged {shown}: {}, {what}\n", count(pages, "page")),
        Written::KeptStale => {
            warning(&format!(
                "kept {shown}: it is not the sheet this plan now gives (--force replaces it)"
            ));
            return Ok(());
        }
    };
    stdout(&line).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })
}
