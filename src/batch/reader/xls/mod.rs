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
//!
//! `records` reads the records as calamine does, `globals` walks the
//! workbook's own records (its sheets and shared texts), `sheet` each
//! sheet's cells and `formula` a formula's tokens.

mod formula;
mod globals;
mod records;
mod sheet;

use std::io::Cursor;

use calamine::{Reader, Xls};

use super::cfb;
use super::ods::{MAX_CELLS, MAX_TEXT};
use super::workbook::{CellProblem, Cells, Refused, pick_sheet};
use crate::diag::{Code, Diagnostic};

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

/// calamine's budget for the whole workbook, added up over its sheets.
#[derive(Default)]
struct Totals {
    cells: u64,
    text: u64,
}

/// What calamine would build for the workbook, counted from its records:
/// refused past `MAX_CELLS` or `MAX_TEXT`, or where calamine would fail.
fn within_caps(stream: &[u8]) -> Result<(), Refused> {
    let globals = globals::read(stream).map_err(|f| refused(None, f))?;
    let mut totals = Totals {
        cells: 0,
        text: globals.text,
    };
    for (at, name) in &globals.sheets {
        sheet::walk(stream, *at, &globals, &mut totals).map_err(|f| refused(Some(name), f))?;
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
