//! Reading a batch's CSV: an input that can be reopened at any byte, the
//! records of a stretch of it (through the `Guard`), and cells decoded with
//! their UTF-8 problems noted.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::guard::{Findings, Guard};
use crate::error::Error;

/// Where a batch's CSV comes from. The batch reads it twice (once to index
/// the patients, once to build them) and reopens it where a runaway quote
/// began, so it must be reopenable: a regular file, standard input once the
/// caller has copied it to an unnamed temporary file, or bytes in memory
/// (tests, fuzzing).
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    File(&'a Path),
    /// Standard input, spooled by the caller to this temporary file. It has
    /// no name (a patient list must not outlive a killed run in a shared
    /// temporary folder), so it is read by position, never reopened.
    Stdin(&'a File),
    /// A workbook's sheet, written by the caller as CSV to this unnamed
    /// temporary file; named in messages by the workbook's path.
    Workbook(&'a File, &'a Path),
    Bytes(&'a [u8]),
}

impl<'a> Input<'a> {
    pub(in crate::batch) fn name(&self) -> PathBuf {
        match self {
            Input::File(path) | Input::Workbook(_, path) => path.to_path_buf(),
            Input::Stdin(_) => PathBuf::from("<stdin>"),
            Input::Bytes(_) => PathBuf::from("<memory>"),
        }
    }

    /// A file must be a regular file: a FIFO would block (and could not be
    /// read twice), a device like `/dev/zero` never ends.
    pub(in crate::batch) fn check(&self) -> Result<(), Error> {
        match *self {
            Input::File(path) => crate::files::regular(path).map(drop),
            // rx made the spool file itself.
            Input::Stdin(_) | Input::Workbook(..) | Input::Bytes(_) => Ok(()),
        }
    }

    pub(in crate::batch) fn open_at(&self, offset: u64) -> Result<Box<dyn Read + 'a>, Error> {
        match *self {
            Input::Stdin(file) | Input::Workbook(file, _) => Ok(Box::new(
                BufReader::with_capacity(64 * 1024, At { file, at: offset }),
            )),
            Input::File(path) => {
                let fail = |source| Error::Read {
                    path: self.name(),
                    source,
                };
                let mut file = File::open(path).map_err(fail)?;
                if offset > 0 {
                    file.seek(SeekFrom::Start(offset)).map_err(fail)?;
                }
                Ok(Box::new(BufReader::with_capacity(64 * 1024, file)))
            }
            Input::Bytes(bytes) => {
                let start = usize::try_from(offset).map_or(bytes.len(), |o| o.min(bytes.len()));
                Ok(Box::new(&bytes[start..]))
            }
        }
    }
}

/// A file read from `at` on by position, so that several readers of one
/// open file never move each other's place.
struct At<'a> {
    file: &'a File,
    at: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, buf, self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

/// A CSV parser over the input from `offset` (a record start on file line
/// `line`), with the guard's findings beside it.
pub(in crate::batch) struct Records<'a> {
    pub reader: csv::Reader<Guard<Box<dyn Read + 'a>>>,
    pub findings: Rc<RefCell<Findings>>,
}

impl<'a> Records<'a> {
    pub fn open(input: &Input<'a>, delimiter: u8, offset: u64, line: u64) -> Result<Self, Error> {
        let findings = Rc::new(RefCell::new(Findings::default()));
        let guard = Guard::new(
            input.open_at(offset)?,
            delimiter,
            offset,
            line,
            findings.clone(),
        );
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(guard);
        Ok(Records { reader, findings })
    }
}

/// A patient id as the key its rows are gathered under: the id as printed
/// (`id_key`).
pub(in crate::batch) fn patient_id(record: &csv::ByteRecord, at: usize) -> Cow<'_, [u8]> {
    id_key(record.get(at).unwrap_or_default())
}

/// An id cell as the key its patient is known by: when it is UTF-8, the id
/// as the sheet prints it (`fields::id_as_printed`), so ids that differ
/// only invisibly or in Unicode form are one patient; when not, its bytes
/// trimmed of ASCII spaces, compared byte for byte.
pub(in crate::batch) fn id_key(cell: &[u8]) -> Cow<'_, [u8]> {
    match std::str::from_utf8(cell) {
        Ok(s) => {
            let printed = crate::fields::id_as_printed(s);
            if printed.as_bytes() == s.as_bytes() {
                Cow::Borrowed(cell)
            } else {
                Cow::Owned(printed.into_bytes())
            }
        }
        Err(_) => Cow::Borrowed(cell.trim_ascii()),
    }
}

/// Cells as text; the index of the first cell that was not UTF-8, if any.
pub(in crate::batch) fn decode(
    record: &csv::ByteRecord,
    keep: usize,
) -> (Vec<String>, Option<usize>) {
    let mut bad = None;
    let cells = record
        .iter()
        .take(keep)
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

/// Read up to `buf.len()` bytes; fewer only at the end of the input.
pub(in crate::batch) fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

pub(in crate::batch) fn csv_error(path: &Path, e: csv::Error) -> Error {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{other:?}")),
    };
    Error::Read {
        path: path.to_owned(),
        source,
    }
}
