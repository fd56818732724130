//! Reading a batch's CSV: a reopenable input, a guard against endless
//! lines, and cells decoded with their UTF-8 problems noted.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use super::{Event, Report};
use crate::diag::{Code, Diagnostic, Span};
use crate::error::Error;

/// Where a batch's CSV comes from. The batch reads it several times (once
/// to count, then once per bucket), so it must be reopenable: a file, or
/// bytes already in memory (tests, fuzzing).
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

impl<'a> Input<'a> {
    pub(super) fn name(&self) -> PathBuf {
        match self {
            Input::File(path) => path.to_path_buf(),
            Input::Bytes(_) => PathBuf::from("<memory>"),
        }
    }

    pub(super) fn open(&self) -> std::io::Result<Box<dyn Read + 'a>> {
        match *self {
            Input::File(path) => Ok(Box::new(BufReader::new(File::open(path)?))),
            Input::Bytes(bytes) => Ok(Box::new(bytes)),
        }
    }
}

pub(super) fn patient_id(record: &csv::ByteRecord, at: usize) -> String {
    record
        .get(at)
        .map(|b| String::from_utf8_lossy(b).trim().to_owned())
        .unwrap_or_default()
}

/// Cells as text; the index of the first cell that was not UTF-8, if any.
pub(super) fn decode(record: &csv::ByteRecord) -> (Vec<String>, Option<usize>) {
    let mut bad = None;
    let cells = record
        .iter()
        .enumerate()
        .map(|(i, bytes)| match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                bad.get_or_insert(i);
                String::from_utf8_lossy(bytes).into_owned()
            }
        })
        .collect();
    (cells, bad)
}

pub(super) fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Longest line rx reads from a CSV. A real row, even with long notes, is a
/// few kilobytes; a quoted cell may span lines, each of them short.
pub const MAX_LINE: usize = 1024 * 1024;

/// Fails the read when a line runs past `MAX_LINE` bytes, so a 50 MB cell or
/// a million-column header is an error before it is in memory.
pub(super) struct LineGuard<R> {
    inner: R,
    run: usize,
}

impl<R: Read> LineGuard<R> {
    pub(super) fn new(inner: R) -> Self {
        LineGuard { inner, run: 0 }
    }
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.run = if b == b'\n' { 0 } else { self.run + 1 };
            if self.run > MAX_LINE {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    LineTooLong,
                ));
            }
        }
        Ok(n)
    }
}

#[derive(Debug)]
struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line longer than {MAX_LINE} bytes")
    }
}

impl std::error::Error for LineTooLong {}

/// A CSV that cannot be read past `row`: a located diagnostic when the file
/// is at fault (too long a line, broken quoting), an `Error` when the disk is.
pub(super) fn unreadable(
    path: &Path,
    e: csv::Error,
    row: usize,
    on: &mut impl FnMut(Event),
) -> Result<Report, Error> {
    let message = match e.kind() {
        csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<LineTooLong>()) => {
            format!("row {row} has a line longer than {MAX_LINE} bytes; rx reads no further")
        }
        csv::ErrorKind::Io(_) => return Err(csv_error(path, e)),
        other => format!("row {row} cannot be read: {other:?}"),
    };
    let d = Diagnostic::error(Code::TooLarge, message).at(Some(Span::Cell { row, column: "row" }));
    on(Event::Diagnostics(&[d]));
    Ok(Report {
        skipped: 1,
        ..Report::default()
    })
}

pub(super) fn csv_error(path: &Path, e: csv::Error) -> Error {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{other:?}")),
    };
    Error::Read {
        path: path.to_owned(),
        source,
    }
}
