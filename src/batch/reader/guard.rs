//! A reader between the CSV file and the `csv` parser that knows, from the
//! bytes alone, where each record ends, so that no record can grow without
//! bound and no quote left open can silently swallow the rows after it.
//!
//! Where records and cells end is csv_core's to say: the guard feeds the
//! file through its own `csv_core::Reader`, built as the `csv` parser behind
//! it builds one, so its record count is the parser's by construction. What
//! it adds:
//! - a record longer than `MAX_RECORD` bytes is cut: the guard ends it early
//!   (closing an open quote if need be) and drops the rest of it, so the
//!   parser never holds more than `MAX_RECORD` bytes of one record;
//! - every record in which a line break stands inside quotes is described in
//!   a `Break` (where the quote opened, where the break is, where the record
//!   ends, whether the file ended inside the quote or the record was cut),
//!   which the indexer uses to tell a cell with a line break from a quote that
//!   swallowed the rows below it;
//! - a quote that neither opens nor closes a cell is noted (`Findings::stray`).
//!
//! What it reads from csv_core's answers, since `csv_core::Reader` keeps its
//! state private: a line break csv_core takes without ending the record
//! stands inside quotes (the quote opened where that cell began); a cell is
//! quoted when its first byte is a quote; in an unquoted cell any quote is
//! stray. A quoted cell is fed one byte at a time, so the guard sees each
//! quote csv_core drops (the closing one, or the first of a `""`) and text
//! csv_core keeps after it (a stray); an unquoted cell is fed whole.
//!
//! Tried in December 2026 in place of a hand-written copy of csv_core's
//! grammar (a five-state machine run on every byte): 300,000 random inputs,
//! in read sizes of 1 to 8,192 bytes, gave the same bytes and the same
//! findings from both; figures in docs/benchmarks.md (`benches/hostile.rs`).

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

/// Where the guard stands in the record csv_core is reading. csv_core
/// decides every transition; this only remembers what the guard learned
/// from its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Between records: line ends here are no record (csv_core skips them).
    Between,
    /// At the start of a cell: its first byte says whether it is quoted.
    CellStart,
    /// In a cell that did not open with a quote: fed to csv_core in bulk.
    Unquoted,
    /// In a cell that opened with a quote: fed one byte at a time, so
    /// that text after its closing quote is seen.
    Quoted,
}

pub struct Guard<R> {
    inner: R,
    findings: Rc<RefCell<Findings>>,
    /// The grammar: the same parser the `csv` crate runs behind the guard.
    core: csv_core::Reader,
    /// Where csv_core writes a cell's unescaped bytes; only their count is
    /// looked at.
    scratch: Vec<u8>,
    place: Place,
    /// In a quoted cell: the last byte was a quote csv_core dropped (the
    /// closing quote, or the first of a `""` pair).
    dropped_quote: bool,
    /// Bytes of the current record so far.
    size: usize,
    /// Dropping the rest of a record that was cut.
    dropping: bool,
    record: u64,
    line: u64,
    offset: u64,
    /// The line the current cell starts on.
    cell_line: u64,
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
            findings,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            scratch: vec![0; 4 * 1024],
            place: Place::Between,
            dropped_quote: false,
            size: 0,
            dropping: false,
            record: 0,
            line,
            offset,
            cell_line: line,
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

    /// Whether csv_core stands inside a quoted cell, where a line end would
    /// be part of the cell, not the end of the record: what the guard saw
    /// it do with the cell's bytes so far.
    fn inside_quotes(&self) -> bool {
        self.place == Place::Quoted && !self.dropped_quote
    }

    /// At the end of the file: whether csv_core stood inside a quoted cell,
    /// asked of csv_core itself by handing it a line end (it reads nothing
    /// after this). A copy cannot be asked instead: `csv_core::Reader`'s
    /// `Clone` (0.1.13) copies its DFA's transitions but not which of them
    /// write output or which states end a field, so a copy parses wrongly.
    fn ended_inside_quotes(&mut self) -> bool {
        let (result, _, _) = self.core.read_field(b"\n", &mut self.scratch);
        !matches!(result, csv_core::ReadFieldResult::Field { .. })
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
        self.place = Place::Between;
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

    /// Feed csv_core the next bytes of the buffer (at most `room` of them,
    /// one in a quoted cell) and act on its answer; how many bytes it took.
    fn feed(&mut self, room: usize) -> usize {
        use csv_core::ReadFieldResult::Field;
        let input = &self.buf[self.pos..self.len];
        if self.place == Place::Between {
            let b = input[0];
            if b == b'\r' || b == b'\n' {
                // A line end between records: csv_core skips it.
                self.core.read_field(&input[..1], &mut self.scratch);
                self.line += u64::from(b == b'\n');
                self.offset += 1;
                return 1;
            }
            self.place = Place::CellStart;
        }
        if self.place == Place::CellStart {
            self.cell_line = self.line;
            self.dropped_quote = false;
            self.place = if input[0] == b'"' {
                Place::Quoted
            } else {
                Place::Unquoted
            };
            if self.place == Place::Quoted {
                // The opening quote: csv_core drops it.
                self.core.read_field(&input[..1], &mut self.scratch);
                self.offset += 1;
                self.size += 1;
                return 1;
            }
        }
        let quoted = self.place == Place::Quoted && !self.dropping;
        let take = if quoted { 1 } else { input.len().min(room) };
        let (result, nin, nout) = self.core.read_field(&input[..take], &mut self.scratch);
        let taken = &input[..nin];
        let ended = matches!(result, Field { .. });
        let record_end = matches!(result, Field { record_end: true });
        // A line break that does not end the record stands inside quotes.
        let body = if record_end { &taken[..nin - 1] } else { taken };
        let lines = taken.iter().filter(|&&b| b == b'\n').count() as u64;
        if self.quoted_break.is_none()
            && let Some(at) = body.iter().position(|&b| b == b'\n')
        {
            self.quoted_break = Some((self.cell_line, self.offset + at as u64 + 1));
        }
        if !self.dropping {
            match self.place {
                Place::Unquoted => {
                    let cell = if ended { &taken[..nin - 1] } else { taken };
                    if cell.contains(&b'"') {
                        self.note_stray();
                    }
                }
                Place::Quoted if !ended => {
                    let b = taken[0];
                    if nout == 0 && b == b'"' {
                        self.dropped_quote = true;
                    } else if self.dropped_quote && b != b'"' {
                        // Text after the closing quote: csv_core reads on
                        // as an unquoted cell.
                        self.note_stray();
                        self.place = Place::Unquoted;
                    } else {
                        self.dropped_quote = false;
                    }
                }
                _ => {}
            }
        }
        self.line += lines;
        self.offset += nin as u64;
        if !self.dropping {
            self.size += nin;
        }
        if ended {
            self.field += 1;
            self.place = Place::CellStart;
            if record_end {
                self.end_record(false);
            }
        }
        nin
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
                    if self.place != Place::Between {
                        let unterminated = self.ended_inside_quotes();
                        self.end_record(unterminated);
                    }
                    return Ok(0);
                }
            }
            let mut written = 0;
            while self.pos < self.len && written < out.len() {
                if self.dropping {
                    let n = self.feed(usize::MAX);
                    self.pos += n;
                    continue;
                }
                let room = (out.len() - written).min(MAX_RECORD + 1 - self.size);
                let record = self.record;
                let from = self.pos;
                let n = self.feed(room);
                self.pos += n;
                out[written..written + n].copy_from_slice(&self.buf[from..from + n]);
                written += n;
                if self.record == record && self.size > MAX_RECORD {
                    // Cut the record here: close an open quote and end the
                    // line, then drop the rest of the record.
                    self.pending = if self.inside_quotes() { b"\"\n" } else { b"\n" };
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
