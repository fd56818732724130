//! Writing to stdout and stderr. A closed pipe (`rx catalogue | head`) is not
//! an error: output simply stops.

use std::io::{self, Write};

use crate::diag::{self, Diagnostic, SourceFile};

/// Write to stdout; a broken pipe is silently accepted.
pub fn stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// An environment error, as `rx: error: ...` on stderr.
pub fn error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "rx: error: {message}");
}

/// Human-readable diagnostics on stderr.
pub fn diagnostics(diagnostics: &[Diagnostic], file: &SourceFile) {
    let mut err = io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", diag::render(d, file));
    }
}
