//! A reader between the CSV file and the `csv` parser that knows, from the
//! bytes alone, where each record ends, so that no record can grow without
//! bound and no quote left open can silently swallow the rows after it.
//!
//! It follows csv_core's grammar exactly (RFC 4180 with `""` escapes; a quote
//! opens a quoted cell only at the start of a cell; CR, LF or CRLF end a
//! record outside quotes; empty lines are not records), so its record count
//! is the parser's. What it adds:
//! - a record longer than `MAX_RECORD` bytes is cut: the guard ends it early
//!   (closing an open quote if need be) and drops the rest of it, so the
//!   parser never holds more than `MAX_RECORD` bytes of one record;
//! - every record in which a line break stands inside quotes is described in
//!   a `Break` (where the quote opened, where the break is, where the record
//!   ends, whether the file ended inside the quote or the record was cut),
//!   which the indexer uses to tell a cell with a line break from a quote that
//!   swallowed the rows below it.
//!
//! The guard runs ahead of the parser by at most one buffer, so the
//! descriptions wait in a small shared queue until the parser reaches them.
//!
//! Why a grammar of its own beside csv_core's: each finding needs the
//! parser's state at one byte (is this line break inside quotes, on which
//! line did that quote open, does this quote open or close a cell, must a
//! cut close an open quote), and `csv_core::Reader` keeps its state private:
//! it hands back cells and record ends, not where it stood.
//!
//! csv_core as the only grammar was tried (December 2026) and not kept. The
//! guard fed the file through its own `csv_core::Reader`, one `read_field`
//! call per cell, and read the findings from its answers: a line break it
//! took without ending the record stands inside quotes, opened where that
//! cell began; a cell is quoted when its first byte is a quote; any quote in
//! an unquoted cell is stray; a quoted cell went one byte at a time, to see
//! which quote csv_core dropped and whether text followed it. It gave the
//! same bytes and findings as this grammar on 300,000 random inputs (read 1
//! to 8,192 bytes at a time) and passed the batch tests and the fuzz corpus,
//! but cost a call per cell: `benches/hostile.rs`, release builds, on the
//! same busy machine one after the other, measured the file of rows of a
//! million empty cells at 2.15 s against this grammar's 0.51 s (4.2x; 2.5 s
//! against 0.5-0.6 s timed again by hand), the rest within noise (100,000
//! rows 1.28 s against 1.19 s, 1,000,000 rows 12.52 s against 12.99 s, a 50
//! MB cell 2.23 s against 1.95 s). Counted by callgrind, a whole `rx
//! check` of 100,000 plain rows took 5.63 G instructions against 5.48 G
//! (+3 %), of 100,000 rows with two quoted cells each 8.29 G against
//! 6.36 G (+30 %: quoted cells a byte a call). `read_record` would cut the
//! calls but hides where a quoted cell starts; the guard would then rescan
//! each cell, which is this grammar again. Nor can a copy of the parser be asked where
//! it stands: csv_core 0.1.13's `Reader::clone` copies its DFA's
//! transitions but not which of them write output or end a field, so a copy
//! parses wrongly. So this grammar stays, its tests holding its record count
//! to the parser's and the `csv_records` fuzz corpus (tests/fuzz_corpus.rs)
//! each patient to its own rows.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

/// The most bytes one CSV record may hold. A real row, even with long notes,
/// is a few kilobytes; a cell that runs on is a quote left open.
pub const MAX_RECORD: usize = 64 * 1024;

/// Where a record held a line break inside quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The record, counted from 0 (the header) as the parser counts them.
    pub record: u64,
    /// The 1-based file line on which the quote opened.
    pub quote_line: u64,
    /// The byte just after the first line break inside the quote: where the
    /// rows a runaway quote swallowed begin.
    pub after_break: u64,
    /// The byte just past the record's end (its line end, or the file's end).
    pub end: u64,
    /// The file ended while the quote was still open.
    pub unterminated: bool,
    /// The record ran past `MAX_RECORD` and was cut.
    pub cut: bool,
}

/// What the guard learned, shared with the code reading records.
#[derive(Debug, Default)]
pub struct Findings {
    /// Records with a quoted line break, oldest first.
    pub breaks: VecDeque<Break>,
    /// Records cut at `MAX_RECORD`, oldest first: noted when cut, before
    /// the parser can return the record.
    pub cut: VecDeque<u64>,
    /// Where each cut record really ended, and whether the file ended inside
    /// its quote: known only once the guard has dropped the rest of it.
    pub cut_ends: Vec<(u64, u64, bool)>,
    /// Records with a quote that neither opens nor closes a cell (`O"Brien`
    /// unquoted, or `"x" b`: text after the closing quote), with the cell
    /// (counted from 0), oldest first. A spreadsheet never writes one; a
    /// quote lost or added does.
    pub stray: VecDeque<(u64, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

pub struct Guard<R> {
    inner: R,
    delimiter: u8,
    findings: Rc<RefCell<Findings>>,
    state: State,
    /// Bytes of the current record so far.
    size: usize,
    /// Dropping the rest of a record that was cut.
    dropping: bool,
    record: u64,
    line: u64,
    offset: u64,
    quote_line: u64,
    /// The current record's first quoted line break: (quote line, byte after).
    quoted_break: Option<(u64, u64)>,
    cut: bool,
    /// The cell being read, counted from 0.
    field: usize,
    stray_noted: bool,
    /// Bytes to hand the parser before any more of the file (the closing
    /// quote and line end that cut a record).
    pending: &'static [u8],
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    at_eof: bool,
}

impl<R: Read> Guard<R> {
    /// A guard over `inner`, which starts at byte `offset` (line `line`) of
    /// the file, at the start of a record.
    pub fn new(
        inner: R,
        delimiter: u8,
        offset: u64,
        line: u64,
        findings: Rc<RefCell<Findings>>,
    ) -> Self {
        Guard {
            inner,
            delimiter,
            findings,
            state: State::StartRecord,
            size: 0,
            dropping: false,
            record: 0,
            line,
            offset,
            quote_line: line,
            quoted_break: None,
            cut: false,
            field: 0,
            stray_noted: false,
            pending: b"",
            buf: vec![0; 8 * 1024],
            pos: 0,
            len: 0,
            at_eof: false,
        }
    }

    /// Advance the grammar by one byte; whether the byte ends a record.
    fn step(&mut self, b: u8) -> bool {
        let d = self.delimiter;
        let (next, ends) = match self.state {
            State::StartRecord | State::StartField => match b {
                b'\r' | b'\n' => (State::StartRecord, self.state == State::StartField),
                b'"' => {
                    self.quote_line = self.line;
                    (State::Quoted, false)
                }
                _ if b == d => (State::StartField, false),
                _ => (State::Unquoted, false),
            },
            State::Unquoted => match b {
                b'\r' | b'\n' => (State::StartRecord, true),
                _ if b == d => (State::StartField, false),
                b'"' => {
                    self.note_stray();
                    (State::Unquoted, false)
                }
                _ => (State::Unquoted, false),
            },
            State::Quoted => {
                if b == b'\n' && self.quoted_break.is_none() {
                    self.quoted_break = Some((self.quote_line, self.offset + 1));
                }
                let next = if b == b'"' {
                    State::QuoteInQuoted
                } else {
                    State::Quoted
                };
                (next, false)
            }
            State::QuoteInQuoted => match b {
                b'"' => (State::Quoted, false),
                b'\r' | b'\n' => (State::StartRecord, true),
                _ if b == d => (State::StartField, false),
                _ => {
                    self.note_stray();
                    (State::Unquoted, false)
                }
            },
        };
        if b == d && matches!(next, State::StartField) {
            self.field += 1;
        }
        self.state = next;
        ends
    }

    /// Note the first stray quote of the record being read.
    fn note_stray(&mut self) {
        if !self.stray_noted && !self.dropping {
            self.stray_noted = true;
            self.findings
                .borrow_mut()
                .stray
                .push_back((self.record, self.field));
        }
    }

    fn end_record(&mut self, unterminated: bool) {
        self.field = 0;
        self.stray_noted = false;
        let mut findings = self.findings.borrow_mut();
        if self.cut {
            findings
                .cut_ends
                .push((self.record, self.offset, unterminated));
        } else if let Some((quote_line, after_break)) = self.quoted_break.take() {
            findings.breaks.push_back(Break {
                record: self.record,
                quote_line,
                after_break,
                end: self.offset,
                unterminated,
                cut: false,
            });
        }
        self.quoted_break = None;
        self.record += 1;
        self.size = 0;
        self.cut = false;
        self.dropping = false;
    }
}

impl<R> Guard<R> {
    /// Note a cut as it happens: the parser returns the record as soon as it
    /// reads the line end the cut adds, before the guard knows where the
    /// record really ends (`Findings::cut_ends`).
    fn note_cut(&mut self) {
        let mut findings = self.findings.borrow_mut();
        findings.cut.push_back(self.record);
        if let Some((quote_line, after_break)) = self.quoted_break {
            findings.breaks.push_back(Break {
                record: self.record,
                quote_line,
                after_break,
                end: u64::MAX,
                unterminated: false,
                cut: true,
            });
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if out.is_empty() {
                return Ok(0);
            }
            if !self.pending.is_empty() {
                let n = self.pending.len().min(out.len());
                out[..n].copy_from_slice(&self.pending[..n]);
                self.pending = &self.pending[n..];
                return Ok(n);
            }
            if self.pos == self.len {
                if self.at_eof {
                    return Ok(0);
                }
                self.len = self.inner.read(&mut self.buf)?;
                self.pos = 0;
                if self.len == 0 {
                    self.at_eof = true;
                    if self.state != State::StartRecord {
                        let unterminated = self.state == State::Quoted;
                        self.end_record(unterminated);
                    }
                    return Ok(0);
                }
            }
            let mut written = 0;
            while self.pos < self.len && written < out.len() {
                let b = self.buf[self.pos];
                self.pos += 1;
                let was = self.state;
                let ends = self.step(b);
                if b == b'\n' {
                    self.line += 1;
                }
                self.offset += 1;
                if self.dropping {
                    if ends {
                        // The parser already had this record's line end.
                        self.end_record(false);
                    }
                    continue;
                }
                if self.state != State::StartRecord || was != State::StartRecord {
                    self.size += 1;
                }
                out[written] = b;
                written += 1;
                if ends {
                    self.end_record(false);
                } else if self.size > MAX_RECORD {
                    // Cut the record here: close an open quote and end the
                    // line, then drop the rest of the record.
                    self.pending = if self.state == State::Quoted {
                        b"\"\n"
                    } else {
                        b"\n"
                    };
                    self.cut = true;
                    self.dropping = true;
                    self.note_cut();
                    break;
                }
            }
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::io::Read;
    use std::rc::Rc;

    use super::{Findings, Guard, MAX_RECORD};

    fn records(input: &[u8]) -> (Vec<Vec<String>>, Findings) {
        let findings = Rc::new(RefCell::new(Findings::default()));
        let guard = Guard::new(input, b',', 0, 1, findings.clone());
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(guard);
        let rows = reader
            .byte_records()
            .map(|r| {
                r.expect("a record")
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect()
            })
            .collect();
        drop(reader);
        let findings = Rc::try_unwrap(findings).expect("one owner").into_inner();
        (rows, findings)
    }

    #[test]
    fn counts_records_as_the_parser_does() {
        let input = b"a,b\r\n\r\n\"x\ny\",2\n\"q\"\"\",3\n,\n";
        let (rows, findings) = records(input);
        assert_eq!(rows.len(), 4);
        assert_eq!(findings.breaks.len(), 1);
        let b = &findings.breaks[0];
        assert_eq!((b.record, b.quote_line, b.after_break), (1, 3, 10));
        assert!(!b.unterminated && !b.cut);
        assert_eq!(&input[b.end as usize - 1..b.end as usize], b"\n");
    }

    #[test]
    fn a_quote_open_at_the_end_of_the_file_is_unterminated() {
        let (rows, findings) = records(b"id,note\nP1,\"open\nP2,x\n");
        assert_eq!(rows.len(), 2);
        assert!(findings.breaks[0].unterminated);
        assert_eq!(findings.breaks[0].quote_line, 2);
    }

    #[test]
    fn a_record_past_the_cap_is_cut_and_the_next_one_read() {
        let mut input = b"id,note\nP1,\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_RECORD + 10));
        input.extend(b"\nmore\"\nP2,ok\n");
        let (rows, findings) = records(&input);
        assert_eq!(rows.len(), 3, "header, the cut record, P2");
        assert_eq!(rows[2], ["P2", "ok"]);
        assert!(rows[1][1].len() <= MAX_RECORD);
        assert!(
            findings.breaks.is_empty(),
            "the cut came before the line break"
        );
        assert_eq!(findings.cut, [1]);
        assert_eq!(findings.cut_ends.len(), 1);
        // A quote open over a line break, then cut: a runaway to report.
        let mut runaway = b"id,note\nP1,\"open\nP2,".to_vec();
        runaway.extend(std::iter::repeat_n(b'x', MAX_RECORD));
        let (rows, findings) = records(&runaway);
        assert_eq!(rows.len(), 2);
        assert!(findings.breaks[0].cut);
        assert!(findings.cut_ends[0].2, "the file ended inside the quote");
        // One long line with no quote is cut too.
        let mut long = b"id,note\n".to_vec();
        long.extend(std::iter::repeat_n(b'y', 3 * MAX_RECORD));
        long.extend(b"\nP2,ok\n");
        let (rows, findings) = records(&long);
        assert_eq!(rows.len(), 3);
        assert_eq!(findings.cut, [1]);
    }

    #[test]
    fn stray_quotes_are_noted_with_their_cell() {
        let (rows, findings) = records(b"id,note\nP1,O\"Brien\nP2,\"x\" b\nP3,\"ok \"\"q\"\"\"\n");
        assert_eq!(rows.len(), 4);
        assert_eq!(findings.stray, [(1, 1), (2, 1)]);
    }

    #[test]
    fn reads_through_small_buffers() {
        let input = b"a,\"b\nc\"\n1,2\n";
        let findings = Rc::new(RefCell::new(Findings::default()));
        let mut guard = Guard::new(&input[..], b',', 0, 1, findings);
        let mut out = Vec::new();
        let mut chunk = [0u8; 1];
        while guard.read(&mut chunk).expect("read") == 1 {
            out.push(chunk[0]);
        }
        assert_eq!(out, input);
    }
}
