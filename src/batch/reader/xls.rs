//! An Excel 97-2003 `.xls` workbook -> the sheet's cells, as `workbook`
//! reads an `.xlsx`'s, with the same rules for their types and problems.
//!
//! calamine reads an `.xls` whole when it opens it: every sheet becomes a
//! rectangle in memory from its first cell to its last (one cell at A1 and
//! one at IV65536 make 16 million), each text cell a copy of its string,
//! each formula written out as text. So before calamine sees it,
//! `within_caps` walks the workbook's records once (BIFF8: a type and a
//! length, then the data), as calamine 0.32 walks them, and adds up what
//! calamine would build: per sheet, the rectangle of the cells it keeps and
//! of its formulas, and every byte of text. A workbook past `MAX_CELLS` or
//! `MAX_TEXT` (the `.ods` caps) is refused before it is read.
//!
//! calamine also trusts what it reads: a record shorter than its kind, a
//! sheet said to start past the end of the stream or a formula cut short
//! would end the program. The walk checks each of those first, and a
//! workbook with one is refused as damaged; one protected with a password
//! (a FILEPASS record) is refused as such. The container around the
//! records is checked the same way, in `cfb`.

use std::io::Cursor;

use calamine::{Reader, Xls};

use super::cfb::{self, u16_at, u32_at};
use super::ods::{MAX_CELLS, MAX_TEXT};
use super::workbook::{CellProblem, Cells, Refused, pick_sheet};
use crate::diag::{Code, Diagnostic, cell_name};

/// Whether the bytes are an Excel 97-2003 workbook (a compound file).
pub fn is_xls(bytes: &[u8]) -> bool {
    cfb::is_cfb(bytes)
}

/// The sheet `sheet` (the first when `None`): its name, filled cells and
/// problem cells.
pub fn read(
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(String, Cells, Vec<CellProblem>), Refused> {
    let stream = cfb::workbook_stream(bytes).map_err(|why| damaged(None, why))?;
    within_caps(&stream)?;
    let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let name = pick_sheet(&book.sheet_names(), sheet)?;
    let values = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
    let formulas = book.worksheet_formula(&name).map_err(|e| unreadable(&e))?;
    let (cells, problems) = super::ods::range_cells(&values, &formulas);
    Ok((name, cells, problems))
}

fn unreadable(e: &calamine::XlsError) -> Refused {
    Refused::file(
        Diagnostic::error(Code::Syntax, format!("the workbook cannot be read: {e}"))
            .help("open it in the spreadsheet program and save it again, as .xlsx"),
    )
}

/// Why the walk stops: the workbook is damaged (or locked), or calamine
/// would build more than the caps allow.
enum Fault {
    Damaged(String),
    /// Protected with a password (FILEPASS): encrypted, or obfuscated.
    Locked,
    TooLarge(String),
}

fn damaged(sheet: Option<&str>, why: String) -> Refused {
    let d = Diagnostic::error(Code::Syntax, format!("the workbook cannot be read: {why}"))
        .help("open it in the spreadsheet program and save it again, as .xlsx");
    match sheet {
        Some(name) => Refused::in_sheet(name, d),
        None => Refused::file(d),
    }
}

fn refused(sheet: Option<&str>, fault: Fault) -> Refused {
    match fault {
        Fault::Damaged(why) => damaged(sheet, why),
        Fault::Locked => Refused::file(
            Diagnostic::error(Code::Syntax, "the workbook is protected with a password")
                .help("open it in the spreadsheet program, remove the password and save it again"),
        ),
        Fault::TooLarge(what) => {
            let d = Diagnostic::error(Code::TooLarge, what)
                .note(format!(
                    "rx reads an .xls of at most {MAX_CELLS} cells and {} MiB of text, all sheets together",
                    MAX_TEXT / (1024 * 1024)
                ))
                .help("delete what lies past the last patient, or save the workbook as .xlsx, which rx reads a cell at a time");
            match sheet {
                Some(name) => Refused::in_sheet(name, d),
                None => Refused::file(d),
            }
        }
    }
}

/// A BIFF record: its type, where it starts in the stream, its data and
/// the CONTINUE records calamine joins to it.
struct Record<'a> {
    typ: u16,
    at: usize,
    data: &'a [u8],
    cont: std::collections::VecDeque<&'a [u8]>,
}

impl<'a> Record<'a> {
    /// The next CONTINUE record's data, as calamine moves on to it.
    fn next_part(&mut self) -> bool {
        match self.cont.pop_front() {
            Some(part) => {
                self.data = part;
                true
            }
            None => false,
        }
    }

    fn short(&self, what: &str) -> Fault {
        Fault::Damaged(format!(
            "its {what} record at byte {} is {} bytes, too short",
            self.at,
            self.data.len()
        ))
    }

    /// The data, when it is at least `n` bytes.
    fn at_least(&self, n: usize, what: &str) -> Result<&'a [u8], Fault> {
        if self.data.len() < n {
            return Err(self.short(what));
        }
        Ok(self.data)
    }
}

/// The records from byte `at` of the stream on, as calamine's
/// `RecordIter` reads them.
struct Records<'a> {
    stream: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Fault>;

    fn next(&mut self) -> Option<Self::Item> {
        let cut = |at: usize| {
            Some(Err(Fault::Damaged(format!(
                "it is cut short: the record at byte {at} runs past the end of the stream"
            ))))
        };
        if self.stream.len() < 4 {
            return if self.stream.is_empty() {
                None
            } else {
                cut(self.at)
            };
        }
        let at = self.at;
        let typ = u16_at(self.stream, 0);
        let len = usize::from(u16_at(self.stream, 2));
        if self.stream.len() < len + 4 {
            return cut(at);
        }
        let (record, next) = self.stream.split_at(len + 4);
        self.stream = next;
        self.at += len + 4;
        let mut cont = std::collections::VecDeque::new();
        if next.len() > 4 && u16_at(next, 0) == 0x003C {
            while self.stream.len() > 4 && u16_at(self.stream, 0) == 0x003C {
                let len = usize::from(u16_at(self.stream, 2));
                if self.stream.len() < len + 4 {
                    return cut(self.at);
                }
                let (part, rest) = self.stream.split_at(len + 4);
                cont.push_back(&part[4..]);
                self.stream = rest;
                self.at += len + 4;
            }
        }
        Some(Ok(Record {
            typ,
            at,
            data: &record[4..],
            cont,
        }))
    }
}

/// What the workbook's global records tell the sheets' walk.
struct Globals {
    /// Each sheet's start in the stream, and name.
    sheets: Vec<(usize, String)>,
    /// Each shared string's text bytes as calamine holds it (0: empty,
    /// which calamine gives no cell).
    strings: Vec<u64>,
    /// Most bytes of text one character of the file may become (UTF-16
    /// text is at most 3; another code page's, widened first, at most 6).
    widen: u64,
    /// Most bytes of a sheet's name and of a defined name, as a formula
    /// may write either out.
    longest_name: u64,
    /// Whether strings carry their high-byte flag (BIFF8).
    biff8: bool,
    /// Text bytes calamine holds for the globals.
    text: u64,
}

/// calamine's budget for the whole workbook, added up over its sheets.
#[derive(Default)]
struct Totals {
    cells: u64,
    text: u64,
}

/// What calamine would build for the workbook, counted from its records:
/// refused past `MAX_CELLS` or `MAX_TEXT`, or where calamine would fail.
fn within_caps(stream: &[u8]) -> Result<(), Refused> {
    let globals = globals(stream).map_err(|f| refused(None, f))?;
    let mut totals = Totals {
        cells: 0,
        text: globals.text,
    };
    for (at, name) in &globals.sheets {
        sheet(stream, *at, &globals, &mut totals).map_err(|f| refused(Some(name), f))?;
    }
    if totals.text > MAX_TEXT {
        return Err(refused(
            None,
            Fault::TooLarge(format!(
                "the workbook holds more than {} MiB of text",
                MAX_TEXT / (1024 * 1024)
            )),
        ));
    }
    Ok(())
}

/// The workbook's global records, up to their EOF.
fn globals(stream: &[u8]) -> Result<Globals, Fault> {
    let mut g = Globals {
        sheets: Vec::new(),
        strings: Vec::new(),
        widen: 3,
        longest_name: 0,
        biff8: true,
        text: 0,
    };
    for record in (Records { stream, at: 0 }) {
        let mut r = record?;
        match r.typ {
            0x002F => return Err(Fault::Locked),
            0x0042 => {
                // CODEPAGE: text in another code page is widened to UTF-16
                // before it is decoded.
                if u16_at(r.at_least(2, "CODEPAGE")?, 0) != 1200 {
                    g.widen = 6;
                }
            }
            0x0022 => {
                r.at_least(2, "DATE1904")?;
            }
            0x0809 => {
                let data = r.at_least(2, "BOF")?;
                let version = u16_at(data, 0);
                let dt = if data.len() >= 4 { u16_at(data, 2) } else { 0 };
                g.biff8 = match version {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => dt != 0x1000,
                    _ => true,
                };
            }
            0x0085 => {
                // BOUNDSHEET: where a sheet's records start, and its name.
                let data = r.at_least(8, "BOUNDSHEET")?;
                let at = u32_at(data, 0) as usize;
                if at > stream.len() {
                    return Err(Fault::Damaged(format!(
                        "a sheet is said to start at byte {at}, past the stream's end ({})",
                        stream.len()
                    )));
                }
                let bytes = u64::from(data[6]) * g.widen;
                g.longest_name = g.longest_name.max(bytes);
                g.text += bytes;
                let name = sheet_name(data);
                g.sheets.push((at, name));
            }
            0x0018 => name(&r, &mut g)?,
            0x0017 => {
                // EXTERNSHEET: calamine reads its entries six bytes each.
                let data = r.at_least(2, "EXTERNSHEET")?;
                let count = usize::from(u16_at(data, 0));
                if count > (data.len() - 2) / 6 && (data.len() - 2) % 6 != 0 {
                    return Err(r.short("EXTERNSHEET"));
                }
            }
            0x00FC => {
                let (strings, text) = shared_strings(&mut r, g.widen)?;
                g.strings = strings;
                g.text += text;
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(g)
}

/// A BOUNDSHEET's sheet name, for messages: UTF-16 or one byte a
/// character by its flag byte, as calamine decodes a UTF-16 workbook's.
fn sheet_name(data: &[u8]) -> String {
    let cch = usize::from(data[6]);
    let text = &data[8..];
    let name: String = if data[7] & 1 != 0 {
        let units: Vec<u16> = text
            .chunks_exact(2)
            .take(cch)
            .map(|u| u16::from_le_bytes([u[0], u[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        text.iter().take(cch).map(|&b| char::from(b)).collect()
    };
    name.replace('\0', "")
}

/// A defined name (LBL): calamine reads its name and the first token of
/// its formula without checking the record is long enough for them.
fn name(r: &Record, g: &mut Globals) -> Result<(), Fault> {
    let data = r.at_least(15, "NAME")?;
    let cch = usize::from(data[3]);
    let cce = usize::from(u16_at(data, 4));
    if data.len() < 15 + cch || cce > data.len() {
        return Err(r.short("NAME"));
    }
    let rgce = &data[data.len() - cce..];
    let needs = match rgce.first() {
        Some(0x3a | 0x5a | 0x7a) => 7,
        Some(0x3b | 0x5b | 0x7b) => 11,
        Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d) => 3,
        _ => 0,
    };
    if rgce.len() < needs {
        return Err(r.short("NAME"));
    }
    let bytes = cch as u64 * g.widen;
    g.longest_name = g.longest_name.max(bytes);
    // The name and its formula (at most a sheet's name and two cells).
    g.text += bytes + 2 * g.longest_name + 32;
    Ok(())
}

/// The shared strings (SST), walked as calamine reads them: each
/// string's text bytes, and the bytes calamine holds for them all.
fn shared_strings(r: &mut Record, widen: u64) -> Result<(Vec<u64>, u64), Fault> {
    let data = r.at_least(8, "SST")?;
    let declared = u32_at(data, 4);
    if u64::from(declared) > MAX_CELLS {
        return Err(Fault::TooLarge(format!(
            "the workbook says it holds {declared} different texts"
        )));
    }
    r.data = &data[8..];
    let mut strings = Vec::new();
    let mut text = 0u64;
    while !r.data.is_empty() || r.next_part() {
        let bytes = rich_string(r, widen)?;
        // calamine's Vec of them: 24 bytes a string, and its text.
        text += 24 + bytes;
        if text > MAX_TEXT {
            return Err(Fault::TooLarge(format!(
                "the workbook's texts come to more than {} MiB",
                MAX_TEXT / (1024 * 1024)
            )));
        }
        strings.push(bytes);
    }
    Ok((strings, text))
}

/// One string of the SST (`XLUnicodeRichExtendedString`): the bytes
/// calamine holds for it (0 when it is empty).
fn rich_string(r: &mut Record, widen: u64) -> Result<u64, Fault> {
    if r.data.is_empty() {
        return Ok(0);
    }
    let data = r.at_least(3, "SST")?;
    let cch = usize::from(u16_at(data, 0));
    let flags = data[2];
    r.data = &data[3..];
    let mut runs = 0usize;
    if flags & 0x8 != 0 {
        runs = usize::from(u16_at(r.at_least(2, "SST")?, 0)) * 4;
        r.data = &r.data[2..];
    }
    let mut extra = 0usize;
    if flags & 0x4 != 0 {
        // calamine reads it as a signed number; a negative one runs to the
        // end of the record and stops there.
        extra =
            i32::from_le_bytes(r.at_least(4, "SST")?[..4].try_into().expect("4 bytes")) as usize;
        r.data = &r.data[4..];
    }
    let mut wide = flags & 0x1 != 0;
    let mut left = cch;
    let mut chars = 0usize;
    while left > 0 {
        let took = if wide {
            (r.data.len() / 2).min(left)
        } else {
            r.data.len().min(left)
        };
        r.data = &r.data[if wide { 2 * took } else { took }..];
        left -= took;
        chars += took;
        if left > 0 {
            if !r.next_part() {
                return Err(Fault::Damaged(format!(
                    "a text in the record at byte {} runs past its end",
                    r.at
                )));
            }
            let part = r.at_least(1, "CONTINUE")?;
            wide = part[0] & 0x1 != 0;
            r.data = &part[1..];
        }
    }
    for mut skip in [runs, extra] {
        while skip > 0 {
            if r.data.is_empty() && !r.next_part() {
                return Err(Fault::Damaged(format!(
                    "a text in the record at byte {} runs past its end",
                    r.at
                )));
            }
            let n = skip.min(r.data.len());
            r.data = &r.data[n..];
            skip -= n;
        }
    }
    Ok(if cch == 0 {
        0
    } else {
        (chars as u64 * widen).max(cch as u64)
    })
}

/// The smallest rectangle around some cells, and how many were added.
#[derive(Default)]
struct Span {
    count: u64,
    first: (u32, u32),
    last: (u32, u32),
}

impl Span {
    fn add(&mut self, row: u32, col: u32) -> Result<(), Fault> {
        if self.count == 0 {
            self.first = (row, col);
            self.last = (row, col);
        } else {
            self.first = (self.first.0.min(row), self.first.1.min(col));
            self.last = (self.last.0.max(row), self.last.1.max(col));
        }
        self.count += 1;
        if self.count > MAX_CELLS {
            return Err(Fault::TooLarge(format!(
                "the sheet has more than {MAX_CELLS} cells"
            )));
        }
        Ok(())
    }

    /// The cells of the rectangle calamine allocates.
    fn area(&self) -> u64 {
        if self.count == 0 {
            return 0;
        }
        u64::from(self.last.0 - self.first.0 + 1) * u64::from(self.last.1 - self.first.1 + 1)
    }

    fn shown(&self) -> String {
        format!(
            "{} to {}",
            cell_name(self.first.0, self.first.1),
            cell_name(self.last.0, self.last.1)
        )
    }
}

/// One sheet's records, from `at` to its EOF, added to `totals`.
fn sheet(stream: &[u8], at: usize, g: &Globals, totals: &mut Totals) -> Result<(), Fault> {
    let mut values = Span::default();
    let mut formulas = Span::default();
    let mut formula_at = (0u32, 0u32);
    let mut text = 0u64;
    let records = Records {
        stream: &stream[at..],
        at,
    };
    for record in records {
        let r = record?;
        let data = r.data;
        let cell = |data: &[u8]| (u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)));
        match r.typ {
            0x0200 => dimensions(&r)?,
            0x0203 => {
                let (row, col) = cell(r.at_least(14, "NUMBER")?);
                values.add(row, col)?;
            }
            0x027E => {
                let (row, col) = cell(r.at_least(10, "RK")?);
                values.add(row, col)?;
            }
            0x0205 => {
                let (row, col) = cell(r.at_least(8, "BOOLERR")?);
                if data[7] > 1 {
                    return Err(Fault::Damaged(format!(
                        "cell {} holds an unknown kind of value",
                        cell_name(row, col)
                    )));
                }
                values.add(row, col)?;
            }
            0x0204 => {
                let (row, col) = cell(r.at_least(6, "LABEL")?);
                text += string(&data[6..], g).ok_or_else(|| r.short("LABEL"))?;
                values.add(row, col)?;
            }
            0x0207 => {
                // STRING: a formula's text value, at the last formula's cell.
                text += string(data, g).ok_or_else(|| r.short("STRING"))?;
                values.add(formula_at.0, formula_at.1)?;
            }
            0x00FD => {
                let (row, col) = cell(r.at_least(10, "LABELSST")?);
                let index = u32_at(data, 6) as usize;
                // An empty string, or none, gives no cell; each cell holds
                // a copy of its string.
                if let Some(&bytes) = g.strings.get(index).filter(|b| **b > 0) {
                    text += bytes;
                    values.add(row, col)?;
                }
            }
            0x00BD => {
                // MULRK: numbers in a run of columns of one row.
                let data = r.at_least(6, "MULRK")?;
                let (row, first) = cell(data);
                let last = u32::from(u16_at(data, data.len() - 2));
                if last < first || last - first >= 0xFFFF {
                    return Err(Fault::Damaged(format!(
                        "its MULRK record at byte {} runs backwards",
                        r.at
                    )));
                }
                if data.len() != 6 + 6 * (last - first + 1) as usize {
                    return Err(r.short("MULRK"));
                }
                for col in first..=last {
                    values.add(row, col)?;
                }
            }
            0x00E5 => {
                let data = r.at_least(2, "MERGECELLS")?;
                if data.len() < 2 + 8 * usize::from(u16_at(data, 0)) {
                    return Err(r.short("MERGECELLS"));
                }
            }
            0x0006 => {
                let (row, col) = cell(r.at_least(20, "FORMULA")?);
                formula_at = (row, col);
                if formula_value(&data[6..14], (row, col))? {
                    values.add(row, col)?;
                }
                text += formula(&data[20..], g).map_err(|why| {
                    Fault::Damaged(format!("the formula in cell {} {why}", cell_name(row, col)))
                })?;
                formulas.add(row, col)?;
            }
            0x000A => break,
            _ => {}
        }
    }
    totals.text += text;
    for (span, what) in [(&values, "cells"), (&formulas, "formulas")] {
        totals.cells += span.area();
        if span.area() > MAX_CELLS {
            return Err(Fault::TooLarge(format!(
                "the sheet's {what} span {}, {} cells in memory",
                span.shown(),
                span.area()
            )));
        }
        if totals.cells > MAX_CELLS {
            return Err(Fault::TooLarge(format!(
                "with this sheet's {what} ({}), the workbook's sheets span more than {MAX_CELLS} cells in memory",
                span.shown()
            )));
        }
    }
    if totals.text > MAX_TEXT {
        return Err(Fault::TooLarge(format!(
            "the sheet takes the workbook past {} MiB of text",
            MAX_TEXT / (1024 * 1024)
        )));
    }
    Ok(())
}

/// DIMENSIONS: calamine reserves room for the rectangle it gives, and
/// works out its size with no check that its last row and column are not
/// before its first.
fn dimensions(r: &Record) -> Result<(), Fault> {
    let data = r.data;
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return Err(r.short("DIMENSIONS")),
    };
    if 0xFF < first_col || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(());
    }
    // calamine's last row and column are one before the record's.
    if last_row - 1 < first_row || last_col - 1 < first_col {
        return Err(Fault::Damaged(format!(
            "its DIMENSIONS record at byte {} ends before it starts",
            r.at
        )));
    }
    let (rows, cols) = (
        u64::from(last_row - first_row),
        u64::from(last_col - first_col),
    );
    let cells = rows * cols;
    if cells > MAX_CELLS {
        return Err(Fault::TooLarge(format!(
            "the sheet says it is {rows} rows by {cols} columns, {cells} cells"
        )));
    }
    Ok(())
}

/// An `XLUnicodeString` (a LABEL's or STRING's text): the bytes calamine
/// holds for it, or `None` when the record is too short for calamine.
fn string(data: &[u8], g: &Globals) -> Option<u64> {
    let head = if g.biff8 { 3 } else { 2 };
    if data.len() < head {
        return (data.len() == 2 && u16_at(data, 0) == 0).then_some(0);
    }
    let cch = usize::from(u16_at(data, 0));
    let rest = data.len() - head;
    let chars = if g.biff8 && data[2] & 1 != 0 {
        (rest / 2).min(cch)
    } else {
        rest.min(cch)
    };
    Some((chars as u64 * g.widen).max(cch as u64))
}

/// A FORMULA's saved value (`FormulaValue`): whether calamine gives the
/// cell a value from it (a text value comes in the STRING record after).
fn formula_value(v: &[u8], (row, col): (u32, u32)) -> Result<bool, Fault> {
    if v[6..8] != [0xFF, 0xFF] {
        return Ok(true);
    }
    let known_error = matches!(v[2], 0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B);
    match v[0] {
        0x00 => Ok(false),
        0x01 | 0x03 => Ok(true),
        0x02 if known_error => Ok(true),
        _ => Err(Fault::Damaged(format!(
            "cell {} holds an unknown kind of value",
            cell_name(row, col)
        ))),
    }
}

/// Most bytes calamine writes for one formula before rx refuses it (Excel
/// itself keeps formulas to 8,192 characters).
const MAX_FORMULA: u64 = 64 * 1024;

/// A formula's tokens (`rgce`), walked as calamine writes them out: the
/// most bytes of text it can give, or what in it would stop calamine short
/// of a message (a token cut short, a number that overflows).
fn formula(rgce: &[u8], g: &Globals) -> Result<u64, String> {
    let cut = || "is cut short".to_owned();
    if rgce.len() < 2 {
        return Err(cut());
    }
    let cce = usize::from(u16_at(rgce, 0));
    let mut rest = rgce.get(2..2 + cce).ok_or_else(cut)?;
    // calamine's message for a formula it cannot write out.
    let mut text = 128u64;
    let mut inserted = 0u64;
    let sheet = g.longest_name.max(4) + 2;
    while let Some((&ptg, after)) = rest.split_first() {
        rest = after;
        let (needs, adds) = match ptg {
            0x3a | 0x5a | 0x7a => {
                if rest.len() >= 4 && u16_at(rest, 2) == 0xFFFF {
                    return Err("refers to a row past the last".to_owned());
                }
                (6, sheet + 16)
            }
            0x3b | 0x5b | 0x7b => (10, sheet + 32),
            0x3c | 0x5c | 0x7c => (6, sheet + 6),
            0x3d | 0x5d | 0x7d => (10, sheet + 6),
            0x01 => (4, 0),
            0x03..=0x11 => (0, 2),
            0x12 | 0x13 | 0x14 => {
                inserted += 1;
                (0, 1)
            }
            0x15 => {
                inserted += 2;
                (0, 2)
            }
            0x16 => (0, 0),
            0x17 => {
                let cch = usize::from(*rest.first().ok_or_else(cut)?);
                (cch + 2, 2 + cch as u64 * g.widen)
            }
            0x18 => (5, 0),
            0x19 => match rest.first() {
                None => return Err(cut()),
                Some(0x01 | 0x02 | 0x08 | 0x20 | 0x21) => (3, 0),
                Some(0x04) => {
                    let n = rest.get(1..3).map(|n| u16_at(n, 0)).ok_or_else(cut)?;
                    (3 + 2 * (usize::from(n) + 1), 0)
                }
                Some(0x10) => (3, 5),
                Some(0x40 | 0x41) => {
                    let space = rest.get(1..3).ok_or_else(cut)?;
                    if space[0] > 0x06 {
                        break;
                    }
                    inserted += u64::from(space[1]);
                    (3, u64::from(space[1]))
                }
                Some(_) => break,
            },
            0x1C => match rest.first() {
                None => return Err(cut()),
                Some(0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B) => (1, 14),
                Some(_) => break,
            },
            0x1D => (1, 5),
            0x1E => (2, 5),
            // A number, written out in full (1e-300 is 300 digits).
            0x1F => (8, 330),
            0x20 | 0x40 | 0x60 => (7, 10),
            0x21 | 0x41 | 0x61 => {
                let index = rest.get(..2).map(|i| u16_at(i, 0)).ok_or_else(cut)?;
                match index {
                    485 => return Err("names a function past calamine's table".to_owned()),
                    486.. => break,
                    _ => (2, 32 + 255),
                }
            }
            0x22 | 0x42 | 0x62 => {
                let args = rest.get(..3).ok_or_else(cut)?;
                if args[0] == 0 && u16_at(args, 1) >= 485 {
                    return Err("names a function past calamine's table".to_owned());
                }
                (3, 32 + u64::from(args[0]))
            }
            0x23 | 0x43 | 0x63 => {
                if rest.len() >= 4 && u32_at(rest, 0) == 0 {
                    return Err("names defined name 0".to_owned());
                }
                (4, g.longest_name + 8)
            }
            0x24 | 0x44 | 0x64 => {
                if rest.len() >= 2 && u16_at(rest, 0) == 0xFFFF {
                    return Err("refers to a row past the last".to_owned());
                }
                (4, 16)
            }
            0x25 | 0x45 | 0x65 => (8, 32),
            0x2A | 0x4A | 0x6A => (4, 5),
            0x2B | 0x4B | 0x6B => (8, 5),
            0x39 | 0x59 => (6, 10),
            // calamine stops at a token it does not know, with a message.
            _ => break,
        };
        if rest.len() < needs {
            return Err(cut());
        }
        rest = &rest[needs..];
        text += adds;
    }
    // calamine inserts some of the text one character at a time: past
    // these sizes the inserts alone take minutes.
    if text > MAX_FORMULA || inserted.saturating_mul(text) > 1 << 32 {
        return Err(format!("is too long: more than {MAX_FORMULA} characters"));
    }
    Ok(text)
}
