//! Batch pass 1: read the CSV once, keeping per patient only where its rows
//! are (first row, last record, how many), never the rows themselves.
//!
//! This pass also finds what makes a patient unsafe to build before any
//! patient is built: a quote left open that swallowed the rows below it (the
//! patient whose cell opened it and every patient it swallowed are reported,
//! never built), a row cut at the record size cap, an id too long to be one.
//! Pass 2 can then build each patient as soon as its last row is read.

use std::collections::HashMap;

use super::guard::Break;
use std::io::Read;

use super::input::{Input, Records, id_key, patient_id};
use crate::diag::{Code, Diagnostic, Span};
use crate::error::Error;
use crate::parse::csv::{Column, ColumnRules, Header, too_many_columns};

/// The longest patient id rx reads, in bytes (the length of any text
/// field); longer is a pasted cell, and would cost memory per patient.
pub const MAX_ID: usize = crate::fields::MAX_TEXT;

/// Where one patient's rows are.
#[derive(Debug)]
pub struct Patient {
    /// The record (0 = header) holding the patient's first row: where it
    /// comes in a report.
    pub first_record: u64,
    /// The record (0 = header) holding the patient's last row.
    pub last_record: u64,
    /// How many rows the patient has.
    pub rows: usize,
    /// How many of them are whole: the right number of cells, no stray or
    /// runaway quote, not cut.
    pub whole: usize,
    /// Problems that stop this patient being built whatever its rows say.
    pub blocked: Vec<Diagnostic>,
    /// The patient's file-name stem, given once every id is known.
    pub stem: String,
}

/// What pass 1 learned about the file.
#[derive(Debug)]
pub struct Index {
    pub header: Header,
    pub id_at: usize,
    pub delimiter: u8,
    /// Byte where the header starts (after a byte-order mark).
    pub start: u64,
    pub patients: HashMap<Box<[u8]>, Patient>,
    /// Problems with the file rather than one patient (rows without an id,
    /// runaway quotes), in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// File problems beyond the `diag::MAX_SHOWN` kept: only counted, so a
    /// file of a million bad rows does not hold a million diagnostics.
    pub hidden: usize,
    /// Rows without an id, each reported and skipped.
    pub orphans: usize,
    /// Patients whose every row was swallowed by a runaway quote: reported
    /// and skipped, in file order.
    pub lost: Vec<Diagnostic>,
}

impl Index {
    /// Keep a file problem, or only count it once `diag::MAX_SHOWN` are kept.
    fn note(&mut self, d: Diagnostic) {
        if self.diagnostics.len() < crate::diag::MAX_SHOWN {
            self.diagnostics.push(d);
        } else {
            self.hidden += 1;
        }
    }
}

/// Why a file cannot be batched at all: its header is missing or wrong.
pub enum Unusable {
    Diagnostics(Vec<Diagnostic>),
    Error(Error),
}

impl From<Error> for Unusable {
    fn from(e: Error) -> Self {
        Unusable::Error(e)
    }
}

/// Index the file.
/// Unknown columns are treated by `columns` (with `strict`, any makes the
/// file unusable).
pub fn index(
    input: &Input,
    delimiter: u8,
    start: u64,
    columns: &ColumnRules,
) -> Result<Index, Unusable> {
    let path = input.name();
    let mut records = Records::open(input, delimiter, start, 1)?;
    let mut record = csv::ByteRecord::new();
    let has_header = next(&mut records, &mut record, &path)?;
    let header = has_header.then_some(&record);
    let mut index = Index::new(header, &records, delimiter, start, columns)?;
    let id_at = index.id_at;
    let mut runaways: Vec<Runaway> = Vec::new();
    let mut number: u64 = 0;
    // The previous row's patient and row number: a short row may be the
    // rest of its cell, cut off where a missing opening quote let a line
    // break end the row early.
    let mut previous: Option<(Box<[u8]>, usize)> = None;
    let mut suspects: Vec<Suspect> = Vec::new();
    while next(&mut records, &mut record, &path)? {
        number += 1;
        let row = number as usize + 1;
        let id = patient_id(&record, id_at);
        let found = take_break(&records, number);
        let cut = take_cut(&records, number);
        let stray = take_stray(&records, number).map(|(_, cell)| cell);
        let blank = record.iter().all(|c| c.trim_ascii().is_empty()) && found.is_none();
        if blank && record.len() <= 1 {
            continue; // a blank line
        }
        let runaway = found.and_then(|b| runaway(&index.header, &record, delimiter, b, row));
        // A row whose quotes or cells are broken may be the rest of the
        // row above, cut short by a line break where a lost opening quote
        // let it end the row: that patient is not built either.
        let broken =
            record.len() != index.header.len() || stray.is_some() || runaway.is_some() || cut;
        if broken && let Some((above_key, above)) = previous.take() {
            suspects.push(Suspect {
                key: id[..id.len().min(MAX_ID)].into(),
                row,
                above_key,
                above,
            });
        }
        if blank {
            continue; // a row of empty cells
        }
        if id.is_empty() {
            previous = None;
            index.orphan(row);
        }
        let blocked = blockers(&index.header, row, id.len(), cut, stray, runaway.as_ref());
        if let Some(runaway) = runaway {
            // The cause is the file's (it may have swallowed many patients);
            // the patient whose cell opened the quote is blocked by it too.
            index.note(runaway.diagnostic.clone());
            runaways.push(runaway);
        }
        if id.is_empty() {
            blocked.into_iter().for_each(|d| index.note(d));
            continue;
        }
        let key: Box<[u8]> = id[..id.len().min(MAX_ID)].into();
        previous = Some((key.clone(), row));
        index.add(key, number, broken, blocked);
    }
    for suspect in suspects {
        suspect.judge(&mut index.patients);
    }
    let cut_ends = std::mem::take(&mut records.findings.borrow_mut().cut_ends);
    drop(records);
    for runaway in runaways {
        swallowed(input, &mut index, &runaway.ended(&cut_ends))?;
    }
    Ok(index)
}

/// Read the next record into `record`; `false` at the end of the file.
fn next(
    records: &mut Records,
    record: &mut csv::ByteRecord,
    path: &std::path::Path,
) -> Result<bool, Error> {
    records
        .reader
        .read_byte_record(record)
        .map_err(|e| super::input::csv_error(path, e))
}

impl Index {
    /// An index with no patient yet, from the header `record` (`None`: the
    /// file is empty).
    fn new(
        record: Option<&csv::ByteRecord>,
        records: &Records,
        delimiter: u8,
        start: u64,
        columns: &ColumnRules,
    ) -> Result<Index, Unusable> {
        let Some(record) = record else {
            return Err(Unusable::Diagnostics(vec![Diagnostic::error(
                Code::EmptyFile,
                "the file is empty",
            )]));
        };
        let (header, warnings) = header(record, records, columns)?;
        let id_at = header
            .position(Column::PatientId)
            .expect("the header has a patient_id column");
        Ok(Index {
            header,
            id_at,
            delimiter,
            start,
            patients: HashMap::new(),
            diagnostics: warnings,
            hidden: 0,
            orphans: 0,
            lost: Vec::new(),
        })
    }

    /// A row without a patient id: reported, counted and skipped.
    fn orphan(&mut self, row: usize) {
        self.orphans += 1;
        self.note(
            Diagnostic::error(Code::Missing, "row without a patient id")
                .at(Some(Span::Cell {
                    row,
                    column: "patient_id",
                }))
                .help("every row needs the `patient_id` of the patient it belongs to"),
        );
    }

    /// Record a row (record `number`) of the patient `key`.
    fn add(&mut self, key: Box<[u8]>, number: u64, broken: bool, blocked: Vec<Diagnostic>) {
        let patient = self.patients.entry(key).or_insert_with(|| Patient {
            first_record: number,
            last_record: number,
            rows: 0,
            whole: 0,
            blocked: Vec::new(),
            stem: String::new(),
        });
        patient.last_record = number;
        patient.rows += 1;
        patient.whole += usize::from(!broken);
        patient.blocked.extend(blocked);
    }
}

/// What stops a row's patient being built whatever its cells say: an id
/// over `MAX_ID` bytes, a row cut at the size cap, a stray quote in cell
/// `stray`, a quote left open (`runaway`).
fn blockers(
    header: &Header,
    row: usize,
    id_len: usize,
    cut: bool,
    stray: Option<usize>,
    runaway: Option<&Runaway>,
) -> Vec<Diagnostic> {
    let mut blocked = Vec::new();
    if id_len > MAX_ID {
        blocked.push(
            Diagnostic::error(
                Code::TooLarge,
                format!("the patient id is longer than {MAX_ID} bytes"),
            )
            .at(Some(Span::Cell {
                row,
                column: "patient_id",
            })),
        );
    }
    if cut {
        blocked.push(
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "row {row} is longer than {} KiB; rx did not read the rest of it",
                    super::guard::MAX_RECORD / 1024
                ),
            )
            .at(Some(Span::Cell { row, column: "row" })),
        );
    }
    if let Some(cell) = stray {
        let column = header.column(cell).map_or("row", Column::name);
        blocked.push(
            Diagnostic::error(
                Code::Syntax,
                format!(
                    "the `{column}` cell of row {row} has a quote that neither opens nor closes it; rx did not build this patient"
                ),
            )
            .at(Some(Span::Cell { row, column }))
            .help("wrap a cell holding quotes in quotes and write each quote inside it twice: \"O\"\"Brien\""),
        );
    }
    if let Some(runaway) = runaway {
        blocked.push(
            Diagnostic::error(
                Code::Syntax,
                format!(
                    "row {row} holds a quote that is not closed; rx did not build this patient"
                ),
            )
            .at(Some(Span::Cell {
                row,
                column: runaway.column,
            })),
        );
    }
    blocked
}

fn header(
    record: &csv::ByteRecord,
    records: &Records,
    columns: &ColumnRules,
) -> Result<(Header, Vec<Diagnostic>), Unusable> {
    let at = Some(Span::Cell {
        row: 1,
        column: "header",
    });
    if record.iter().any(|c| c.contains(&0)) || record.as_slice().starts_with(b"\xFF\xFE") {
        return Err(Unusable::Diagnostics(vec![
            Diagnostic::error(Code::NotUtf8, "the file is UTF-16 text, not UTF-8")
                .at(at)
                .help("export the file as UTF-8 (\"CSV UTF-8\" in most spreadsheets)"),
        ]));
    }
    if take_cut(records, 0) {
        return Err(Unusable::Diagnostics(vec![
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "the header is longer than {} KiB",
                    super::guard::MAX_RECORD / 1024
                ),
            )
            .at(at),
        ]));
    }
    if let Some(d) = too_many_columns(record.len()) {
        return Err(Unusable::Diagnostics(vec![d]));
    }
    let cells = super::input::decode(record, record.len()).0;
    Header::parse(&cells, columns).map_err(Unusable::Diagnostics)
}

/// A broken row and the row above it, which the broken row may be the rest
/// of: a lost opening quote lets a line break end a cell early, and what
/// follows the break reads as a row of its own.
struct Suspect {
    key: Box<[u8]>,
    row: usize,
    above_key: Box<[u8]>,
    above: usize,
}

impl Suspect {
    /// Block the patient above unless the broken row is confirmed as a row
    /// of its own: its patient has a whole row elsewhere in the file, so its
    /// id is a real one, not the rest of a cell.
    fn judge(self, patients: &mut HashMap<Box<[u8]>, Patient>) {
        let confirmed = !self.key.is_empty()
            && self.key != self.above_key
            && patients.get(&self.key).is_some_and(|p| p.whole > 0);
        if confirmed {
            return;
        }
        let Some(patient) = patients.get_mut(&self.above_key) else {
            return;
        };
        let (row, above) = (self.row, self.above);
        patient.blocked.push(
            Diagnostic::error(
                Code::Syntax,
                format!(
                    "row {row} is broken and may hold the rest of a cell of row {above}, cut off by a line break; rx did not build this patient"
                ),
            )
            .at(Some(Span::Cell {
                row: above,
                column: "row",
            }))
            .help("a cell holding a line break must be in double quotes; check the quotes of this row"),
        );
    }
}

/// The guard's note on this record, if its quotes held a line break.
fn take_break(records: &Records, number: u64) -> Option<Break> {
    let mut findings = records.findings.borrow_mut();
    while findings.breaks.front().is_some_and(|b| b.record < number) {
        findings.breaks.pop_front();
    }
    findings
        .breaks
        .front()
        .is_some_and(|b| b.record == number)
        .then(|| findings.breaks.pop_front())
        .flatten()
}

/// The cell of this record's first stray quote, if it has one.
fn take_stray(records: &Records, number: u64) -> Option<(u64, usize)> {
    let mut findings = records.findings.borrow_mut();
    while findings.stray.front().is_some_and(|&(r, _)| r < number) {
        findings.stray.pop_front();
    }
    findings
        .stray
        .front()
        .is_some_and(|&(r, _)| r == number)
        .then(|| findings.stray.pop_front())
        .flatten()
}

fn take_cut(records: &Records, number: u64) -> bool {
    let mut findings = records.findings.borrow_mut();
    while findings.cut.front().is_some_and(|&r| r < number) {
        findings.cut.pop_front();
    }
    findings.cut.front() == Some(&number) && findings.cut.pop_front().is_some()
}

/// A quote that ran past the end of its row.
#[derive(Debug, Clone)]
struct Runaway {
    row: usize,
    column: &'static str,
    found: Break,
    diagnostic: Diagnostic,
}

impl Runaway {
    /// The runaway with where it really ended, when its record was cut at
    /// the size cap (`cut_ends`: record, end, whether the quote never
    /// closed).
    fn ended(mut self, cut_ends: &[(u64, u64, bool)]) -> Runaway {
        if self.found.cut
            && let Some(&(_, end, unterminated)) =
                cut_ends.iter().find(|(r, _, _)| *r == self.found.record)
        {
            self.found.end = end;
            self.found.unterminated = unterminated;
        }
        self
    }
}

/// Whether a record whose quotes hold a line break is a quote left open.
///
/// A cell may hold line breaks (spreadsheets write them for Alt+Enter). A
/// quote left open instead swallows the rest of its row and the rows below
/// until the next quote in the file; then the record has more or fewer
/// cells than the header, or its long cell holds at least as many
/// delimiters as a whole row. The file ending inside the quote, or the
/// record reaching the size cap, settles it.
fn runaway(
    header: &Header,
    record: &csv::ByteRecord,
    delimiter: u8,
    found: Break,
    row: usize,
) -> Option<Runaway> {
    let cell = record
        .iter()
        .position(|c| c.contains(&b'\n'))
        .unwrap_or(record.len().saturating_sub(1));
    let whole_row = header.len().saturating_sub(1).max(1);
    let delimiters = record
        .get(cell)
        .map_or(0, |c| c.iter().filter(|&&b| b == delimiter).count());
    let runs_on =
        found.unterminated || found.cut || record.len() != header.len() || delimiters >= whole_row;
    if !runs_on {
        return None;
    }
    let column = header.column(cell).map_or("row", Column::name);
    let closed = if found.unterminated {
        "is never closed"
    } else {
        "is not closed where the row ends"
    };
    let diagnostic = Diagnostic::error(
        Code::Syntax,
        format!(
            "the quote that opens this cell {closed}; it runs on over the rows below (from line {} of the file)",
            found.quote_line + 1
        ),
    )
    .at(Some(Span::Cell { row, column }))
    .help("close the quote; a quote inside a cell is written twice (\"\")");
    Some(Runaway {
        row,
        column,
        found,
        diagnostic,
    })
}

/// Read the lines a runaway quote swallowed, each on its own (the quotes
/// in them are out of step with the file's, so they are not read as CSV
/// across lines), and block every patient they name. A full-width line of
/// an id no other row has is a patient whose every row was swallowed: it is
/// reported here, as no row of its own ever will.
fn swallowed(input: &Input, index: &mut Index, runaway: &Runaway) -> Result<(), Error> {
    use std::io::BufRead;
    let path = input.name();
    let found = &runaway.found;
    let fail = |source| Error::Read {
        path: path.clone(),
        source,
    };
    let end = if found.unterminated {
        u64::MAX
    } else {
        found.end
    };
    let length = end.saturating_sub(found.after_break);
    let mut lines = std::io::BufReader::new(input.open_at(found.after_break)?.take(length));
    let mut line = found.quote_line;
    let mut text = Vec::new();
    let mut one_line = OneLine::new(index.delimiter);
    loop {
        text.clear();
        // One line, at most a record's worth of it.
        let read = (&mut lines)
            .take(super::guard::MAX_RECORD as u64)
            .read_until(b'\n', &mut text)
            .map_err(fail)?;
        if read == 0 {
            break;
        }
        if text.ends_with(b"\n") {
            line += 1;
        } else if read as u64 == super::guard::MAX_RECORD as u64 {
            // The rest of a long line: not a row of its own.
            continue;
        } else {
            line += 1;
        }
        let Some((cell, width)) = one_line.cell(&text, index.id_at) else {
            continue;
        };
        let id = id_key(&cell);
        if id.is_empty() {
            continue;
        }
        let key: Box<[u8]> = id[..id.len().min(MAX_ID)].into();
        let d = Diagnostic::error(
            Code::Syntax,
            format!(
                "line {line} of the file was swallowed by the unclosed quote in row {}; rx did not build this patient",
                runaway.row
            ),
        )
        .at(Some(Span::Cell {
            row: runaway.row,
            column: runaway.column,
        }))
        .help("close the quote in that row, then build again");
        match index.patients.get_mut(&key) {
            Some(patient) => patient.blocked.push(d),
            None if width == index.header.len() => index.lose(key, line, d),
            None => {}
        }
    }
    Ok(())
}

impl Index {
    /// A patient whose every row a runaway quote swallowed (first seen on
    /// `line`): reported and never built.
    fn lose(&mut self, key: Box<[u8]>, line: u64, mut d: Diagnostic) {
        let shown = crate::fields::shorten(&String::from_utf8_lossy(&key));
        d.set_patient(&shown);
        let patient = Patient {
            first_record: line,
            last_record: u64::MAX,
            rows: 0,
            whole: 0,
            // For its report entry: it is never handed over.
            blocked: vec![d.clone()],
            stem: String::new(),
        };
        self.patients.insert(key, patient);
        self.lost.push(d);
    }
}

/// One line read as a CSV record on its own, with a parser built once: a
/// runaway quote can swallow a million lines, and building a parser costs
/// more than reading a short line.
struct OneLine {
    parser: csv_core::Reader,
    buf: Vec<u8>,
}

impl OneLine {
    fn new(delimiter: u8) -> OneLine {
        OneLine {
            parser: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            buf: vec![0; 4096],
        }
    }

    /// The cell at `at` of `line` (empty if the line is shorter) and how
    /// many cells the line has; `None` for an empty line.
    fn cell(&mut self, line: &[u8], at: usize) -> Option<(Vec<u8>, usize)> {
        use csv_core::ReadFieldResult;
        self.parser.reset();
        let mut input = line;
        let mut field = Vec::new();
        let mut wanted = Vec::new();
        let mut cells = 0;
        loop {
            let was_empty = input.is_empty();
            let (result, read, wrote) = self.parser.read_field(input, &mut self.buf);
            input = &input[read..];
            field.extend_from_slice(&self.buf[..wrote]);
            match result {
                ReadFieldResult::InputEmpty if was_empty => break,
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::Field { record_end } => {
                    if cells == at {
                        wanted = std::mem::take(&mut field);
                    }
                    field.clear();
                    cells += 1;
                    if record_end {
                        break;
                    }
                }
                ReadFieldResult::End => break,
            }
        }
        (cells > 0).then_some((wanted, cells))
    }
}
