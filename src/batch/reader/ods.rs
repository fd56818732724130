//! A LibreOffice `.ods` workbook -> the sheet's cells, as `workbook` reads
//! an `.xlsx`'s, with the same rules for their types and problems.
//!
//! calamine reads an `.ods` whole when it opens it: every sheet becomes a
//! rectangle in memory, and a cell or row marked as repeated is copied that
//! many times (`table:number-columns-repeated="16384"` costs 40 bytes of
//! XML). So before calamine sees it, `within_caps` streams `content.xml`
//! once and adds up what calamine would build: for each sheet, the rows
//! from its first filled row to its last (repeats counted) times its widest
//! filled row, and the bytes of every cell's text times its repeats. A
//! workbook past `MAX_CELLS` or `MAX_TEXT` is refused before it is read.
//! Empty rows and columns a spreadsheet writes after the last filled cell
//! (LibreOffice repeats a formatted empty row to the sheet's end) cost
//! calamine nothing and count for nothing here.

use std::io::{BufReader, Cursor, Read};

use calamine::{Data, DataRef, Ods, Reader};
use quick_xml::events::{BytesStart, Event};

use super::workbook::{CellProblem, Cells, Refused, cell_text, pick_sheet};
use crate::diag::{Code, Diagnostic};

/// Most cells calamine may build for an `.ods`, over all its sheets:
/// about 90 bytes each while it reads (a value, a formula, and a copy of
/// each as it trims the sheet), so at most some 180 MiB. 10,000 patients
/// of three exercises in rx's 22 columns are 660,000.
pub const MAX_CELLS: u64 = 2_000_000;

/// Most bytes of cell text calamine may build for an `.ods` (each repeat
/// of a cell is a copy of its text).
pub const MAX_TEXT: u64 = 64 * 1024 * 1024;

/// The mimetype an `.ods` declares in its first part.
const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Whether the (zip) bytes are an OpenDocument spreadsheet, by the
/// `mimetype` part every one carries.
pub fn is_ods(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(entry) = zip.by_name("mimetype") else {
        return false;
    };
    let mut head = Vec::new();
    entry
        .take(MIMETYPE.len() as u64 + 1)
        .read_to_end(&mut head)
        .is_ok()
        && head == MIMETYPE
}

/// The sheet `sheet` (the first when `None`): its name, filled cells and
/// problem cells.
pub fn read(
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(String, Cells, Vec<CellProblem>), Refused> {
    within_caps(bytes)?;
    let mut book = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let name = pick_sheet(&book.sheet_names(), sheet)?;
    let values = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
    let formulas = book.worksheet_formula(&name).map_err(|e| unreadable(&e))?;
    let (cells, problems) = range_cells(&values, &formulas);
    Ok((name, cells, problems))
}

/// A sheet calamine read whole (its values and its formulas) -> its
/// filled cells and problem cells, by the rules `workbook` states.
pub(super) fn range_cells(
    values: &calamine::Range<Data>,
    formulas: &calamine::Range<String>,
) -> (Cells, Vec<CellProblem>) {
    let mut cells = Cells::new();
    let mut problems = Vec::new();
    let (top, left) = values.start().unwrap_or_default();
    for (r, c, value) in values.used_cells() {
        let (row, col) = (top + r as u32, left + c as u32);
        match cell_text(&as_ref(value)) {
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => {
                cells.entry(row).or_default().insert(col, text);
            }
            Err(error) => problems.push((
                row,
                col,
                Diagnostic::error(Code::CellError, format!("the cell holds the error {error}"))
                    .help("correct the formula or value in the spreadsheet and save it again"),
            )),
        }
    }
    // A formula with no value: calamine gives its cell no value at all.
    let (ftop, fleft) = formulas.start().unwrap_or_default();
    for (r, c, formula) in formulas.used_cells() {
        let (row, col) = (ftop + r as u32, fleft + c as u32);
        let empty = values
            .get_value((row, col))
            .is_none_or(|v| matches!(v, Data::Empty));
        if !formula.is_empty() && empty {
            let shown = formula.strip_prefix("of:").unwrap_or(formula);
            let shown = shown.strip_prefix('=').unwrap_or(shown);
            problems.push((
                row,
                col,
                Diagnostic::error(
                    Code::FormulaWithoutValue,
                    format!("the formula `={shown}` has no saved value"),
                )
                .help("open the workbook in the spreadsheet program and save it, so its formulas are worked out"),
            ));
        }
    }
    crate::order::by_key(&mut problems, |(row, col, _)| (*row, *col));
    (cells, problems)
}

fn as_ref(value: &Data) -> DataRef<'_> {
    match value {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(dt) => DataRef::DateTime(*dt),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

fn unreadable(e: &calamine::OdsError) -> Refused {
    Refused::file(
        Diagnostic::error(Code::Syntax, format!("the workbook cannot be read: {e}"))
            .help("open it in the spreadsheet program and save it again, as .ods or .xlsx"),
    )
}

/// What calamine would build for the workbook, counted as `content.xml`
/// streams by: refused past `MAX_CELLS` or `MAX_TEXT`.
fn within_caps(bytes: &[u8]) -> Result<(), Refused> {
    let broken = |e: String| {
        Refused::file(
            Diagnostic::error(Code::Syntax, format!("the workbook cannot be read: {e}"))
                .help("open it in the spreadsheet program and save it again, as .ods or .xlsx"),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(e.to_string()))?;
    let content = zip
        .by_name("content.xml")
        .map_err(|e| broken(format!("content.xml: {e}")))?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut count = Count::default();
    loop {
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| broken(e.to_string()))?;
        match event {
            Event::Start(e) => count.open(&e, true),
            Event::Empty(e) => {
                count.open(&e, false);
                count.close(e.name().as_ref());
            }
            Event::End(e) => count.close(e.name().as_ref()),
            // Text comes in pieces around entities (`&amp;`): each counts.
            Event::Text(t) => count.text(t.len() as u64),
            Event::GeneralRef(r) => count.text(r.len() as u64),
            Event::CData(t) => count.text(t.len() as u64),
            Event::Eof => break,
            _ => {}
        }
        if count.cells() > MAX_CELLS || count.text > MAX_TEXT {
            return Err(too_large(&count));
        }
        buf.clear();
    }
    Ok(())
}

fn too_large(count: &Count) -> Refused {
    let what = if count.cells() > MAX_CELLS {
        format!(
            "the workbook's sheets span more than {MAX_CELLS} cells, the most rx reads from an .ods"
        )
    } else {
        format!(
            "the workbook's cells hold more than {} MiB of text, the most rx reads from an .ods",
            MAX_TEXT / (1024 * 1024)
        )
    };
    Refused::file(
        Diagnostic::error(Code::TooLarge, what)
            .note("cells marked as repeated count once for each repeat")
            .help("save it as an Excel workbook (.xlsx), which rx reads a cell at a time, or as CSV UTF-8"),
    )
}

/// A running count of what calamine would build from `content.xml`.
#[derive(Debug, Default)]
struct Count {
    /// Cells of the sheets read so far.
    done: u64,
    /// Bytes of cell text, repeats included.
    text: u64,
    /// In the current sheet: rows so far (repeats counted), the first
    /// filled row, the row after the last filled one, the widest filled row.
    rows: u64,
    first: Option<u64>,
    end: u64,
    widest: u64,
    /// In the current row: its repeats, cells so far, where its last
    /// filled cell ends, and its text bytes (times the cells' repeats).
    row_repeats: u64,
    row_cells: u64,
    row_width: u64,
    row_text: u64,
    /// In the current cell: its repeats and whether it is filled.
    cell: Option<(u64, bool)>,
}

impl Count {
    fn cells(&self) -> u64 {
        let span = self.end.saturating_sub(self.first.unwrap_or(self.end));
        self.done.saturating_add(span.saturating_mul(self.widest))
    }

    fn open(&mut self, e: &BytesStart, has_children: bool) {
        let repeats = |attribute: &[u8]| {
            e.try_get_attribute(attribute)
                .ok()
                .flatten()
                .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse::<u64>().ok())
                .unwrap_or(1)
                .max(1)
        };
        match e.name().as_ref() {
            b"table:table" => {
                self.done = self.cells();
                (self.rows, self.first, self.end, self.widest) = (0, None, 0, 0);
            }
            b"table:table-row" => {
                self.row_repeats = repeats(b"table:number-rows-repeated");
                (self.row_cells, self.row_width, self.row_text) = (0, 0, 0);
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let has = |name: &[u8]| e.try_get_attribute(name).ok().flatten().is_some();
                let filled = has_children || has(b"office:value-type") || has(b"table:formula");
                let n = repeats(b"table:number-columns-repeated");
                // Attribute values (a date, a string value) are copied too.
                let attributes: u64 = e.attributes().flatten().map(|a| a.value.len() as u64).sum();
                if filled {
                    self.row_text = self.row_text.saturating_add(attributes.saturating_mul(n));
                }
                self.cell = Some((n, filled));
            }
            _ => {}
        }
    }

    fn text(&mut self, bytes: u64) {
        if let Some((n, _)) = self.cell {
            self.row_text = self.row_text.saturating_add(bytes.saturating_mul(n));
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"table:table-cell" | b"table:covered-table-cell" => {
                if let Some((n, filled)) = self.cell.take() {
                    self.row_cells = self.row_cells.saturating_add(n);
                    if filled {
                        self.row_width = self.row_cells;
                    }
                }
            }
            b"table:table-row" => {
                let r = self.row_repeats.max(1);
                if self.row_width > 0 {
                    self.first.get_or_insert(self.rows);
                    self.end = self.rows.saturating_add(r);
                    self.widest = self.widest.max(self.row_width);
                    self.text = self.text.saturating_add(self.row_text.saturating_mul(r));
                }
                self.rows = self.rows.saturating_add(r);
            }
            _ => {}
        }
    }
}
