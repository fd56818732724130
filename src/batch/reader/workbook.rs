//! A workbook as one more source of a batch's rows: an `.xlsx`, `.xlsm`,
//! `.ods` (`ods`) or `.xls` (`xls`) sheet -> the same CSV text a spreadsheet would save, so its rows go
//! through the same column rules, patient grouping, checks and reports as a
//! CSV's, and a `Place` that turns a CSV row and column back into the sheet
//! and cell the clinic sees.
//!
//! Cells keep their type on the way: a date cell becomes `YYYY-MM-DD` (read
//! with no `--date-format`), a whole number cell `12` (so `12.0` reps is 12
//! and `12.5` is the CSV's own error), a formula its saved value, text NFC.
//! A formula with no saved value, or a cell holding an error (`#DIV/0!`),
//! is a located error and the workbook is not read: rx never guesses what a
//! formula would have given.
//!
//! A workbook is a zip, so before calamine unpacks any of it every entry is
//! inflated once into nothing, counting bytes: an entry that inflates past
//! `MAX_INFLATED` (or past the size its directory declares) is refused, so
//! a zip bomb never reaches memory. Cells are streamed (calamine's cell
//! reader, never its `Range`, which allocates the sheet's whole rectangle:
//! two cells at A1 and XFD1048576 would ask for 17 billion), at most
//! `MAX_CELLS` of them, and only the filled ones kept.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use calamine::{DataRef, Reader, Xlsx};
use unicode_normalization::UnicodeNormalization;

use crate::diag::{Code, Diagnostic, SheetPlace, Span};

/// A problem at sheet cell (`row`, `col`), 0-based: at its CSV cell when
/// it is in one of rx's columns below the header, else named in the
/// message.
fn locate(place: &SheetPlace, row: u32, col: u32, d: Diagnostic) -> Diagnostic {
    let column = place
        .columns
        .iter()
        .find(|(_, c)| *c == col)
        .map(|(n, _)| *n);
    match column {
        Some(column) if row >= place.first_row => d.at(Some(Span::Cell {
            row: (row - place.first_row) as usize + 1,
            column,
        })),
        _ => Diagnostic {
            message: format!("cell {}: {}", crate::diag::cell_name(row, col), d.message),
            ..d
        },
    }
}
use crate::parse::csv::{ColumnRules, Header, MAX_COLUMNS};

/// Most bytes of workbook rx reads (64 MiB, far more than 10,000 patients).
pub const MAX_WORKBOOK: u64 = 64 * 1024 * 1024;

/// Most bytes any one part of a workbook may inflate to, and all its parts
/// together (256 MiB, as much as the CSV rx copies from stdin).
pub const MAX_INFLATED: u64 = 256 * 1024 * 1024;

/// Most cells (filled, or formatted and blank) rx reads from a sheet.
pub const MAX_CELLS: usize = 8_000_000;

/// Whether a file's name says it is a workbook rx reads.
pub fn is_workbook(name: &str) -> bool {
    extension(name).is_some_and(|e| e == "xlsx" || e == "xlsm" || e == "ods" || e == "xls")
}

/// Whether a file's name says it is a workbook rx does not read (a binary
/// `.xlsb`: calamine reads it only as whole rectangles, and rx does not
/// count its cells first).
pub fn is_other_workbook(name: &str) -> bool {
    extension(name).is_some_and(|e| e == "xlsb")
}

fn extension(name: &str) -> Option<String> {
    std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Write the rows of `sheet` (the first when `None`) of the workbook
/// `bytes` as CSV to `out`, from the sheet's header (its first non-empty
/// row) on. Comes back with where the CSV's rows and columns are in the
/// sheet, or with why the workbook cannot be read.
pub fn to_csv(
    bytes: &[u8],
    sheet: Option<&str>,
    out: &mut impl Write,
) -> Result<SheetPlace, Refused> {
    if bytes.len() as u64 > MAX_WORKBOOK {
        return Err(Refused::file(too_large_file(bytes.len() as u64)));
    }
    let (name, cells, problems) = if super::xls::is_xls(bytes) {
        // Not a zip: its container and records are checked in `xls`.
        super::xls::read(bytes, sheet)?
    } else {
        inflate_within_caps(bytes)?;
        if super::ods::is_ods(bytes) {
            super::ods::read(bytes, sheet)?
        } else {
            read_xlsx(bytes, sheet)?
        }
    };
    let Some(first_row) = cells.keys().next().copied() else {
        return Err(Refused::in_sheet(
            &name,
            Diagnostic::error(Code::EmptyFile, format!("sheet \"{name}\" is empty")),
        ));
    };
    let first_col = cells
        .values()
        .filter_map(|row| row.keys().next())
        .min()
        .copied()
        .unwrap_or(0);
    let last_col = cells
        .values()
        .filter_map(|row| row.keys().next_back())
        .max()
        .copied()
        .unwrap_or(0);
    let width = (last_col - first_col) as usize + 1;
    let place = SheetPlace {
        sheet: name.clone(),
        first_row,
        first_col,
        columns: header_columns(&cells[&first_row], first_col, width),
    };
    if !problems.is_empty() {
        let located = problems
            .into_iter()
            .map(|(row, col, d)| locate(&place, row, col, d))
            .collect();
        return Err(Refused::Diagnostics(located, Some(place)));
    }
    if width > MAX_COLUMNS {
        // The header's own check would say it, but only after a CSV of
        // every row that wide had been written.
        let d = Diagnostic::error(
            Code::TooLarge,
            format!(
                "the sheet's rows are {width} cells wide; rx reads at most {MAX_COLUMNS} columns"
            ),
        )
        .at(Some(Span::Cell {
            row: 1,
            column: "header",
        }));
        return Err(Refused::Diagnostics(vec![d], Some(place)));
    }
    write_rows(&cells, first_row, first_col, width, out).map_err(Refused::Io)?;
    Ok(place)
}

/// The sheet `sheet` (the first when `None`) of an `.xlsx`: its name,
/// filled cells and problem cells.
fn read_xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(String, Cells, Vec<CellProblem>), Refused> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let name = pick_sheet(&book.sheet_names(), sheet)?;
    let (cells, problems) = read_cells(&mut book, &name)?;
    Ok((name, cells, problems))
}

/// Why a workbook is not read.
#[derive(Debug)]
pub enum Refused {
    /// Problems in the workbook, located in `place` where one is known.
    Diagnostics(Vec<Diagnostic>, Option<SheetPlace>),
    /// The CSV could not be written.
    Io(std::io::Error),
}

impl Refused {
    pub(super) fn file(d: Diagnostic) -> Refused {
        Refused::Diagnostics(vec![d], None)
    }

    pub(super) fn in_sheet(name: &str, d: Diagnostic) -> Refused {
        Refused::Diagnostics(
            vec![d],
            Some(SheetPlace {
                sheet: name.to_owned(),
                ..SheetPlace::default()
            }),
        )
    }
}

/// A workbook over `MAX_WORKBOOK` bytes, refused before it is unpacked.
pub fn too_large_file(size: u64) -> Diagnostic {
    Diagnostic::error(
        Code::TooLarge,
        format!(
            "the workbook is {} MiB; rx reads workbooks of at most {} MiB",
            size.div_ceil(1024 * 1024),
            MAX_WORKBOOK / (1024 * 1024)
        ),
    )
    .help("split the plans over several workbooks, or save the sheet as CSV")
}

fn unreadable(e: calamine::XlsxError) -> Refused {
    Refused::file(
        Diagnostic::error(Code::Syntax, format!("the workbook cannot be read: {e}"))
            .help("open it in the spreadsheet program and save it again as .xlsx"),
    )
}

/// The sheet named `wanted` (ignoring case), or an error listing the
/// sheets there are.
/// The sheet `--sheet` names, or the first one.
pub(super) fn pick_sheet(names: &[String], sheet: Option<&str>) -> Result<String, Refused> {
    match sheet {
        None => names.first().cloned().ok_or_else(|| {
            Refused::file(Diagnostic::error(
                Code::EmptyFile,
                "the workbook has no sheet",
            ))
        }),
        Some(wanted) => find_sheet(names, wanted),
    }
}

fn find_sheet(names: &[String], wanted: &str) -> Result<String, Refused> {
    if let Some(name) = names.iter().find(|n| n.as_str() == wanted) {
        return Ok(name.clone());
    }
    let folded = wanted.to_lowercase();
    if let Some(name) = names.iter().find(|n| n.to_lowercase() == folded) {
        return Ok(name.clone());
    }
    let listed: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    Err(Refused::file(
        Diagnostic::error(
            Code::UnknownSheet,
            format!("the workbook has no sheet \"{wanted}\""),
        )
        .help(format!("its sheets are {}", listed.join(", "))),
    ))
}

/// Inflate every entry of the zip once, into nothing, refusing one that
/// inflates past `MAX_INFLATED` or past the size the zip's directory gives
/// for it (calamine trusts that size), or entries that do so together.
fn inflate_within_caps(bytes: &[u8]) -> Result<(), Refused> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Refused::file(
            Diagnostic::error(
                Code::Syntax,
                format!("the file is not a workbook (.xlsx, .xlsm, .xls or .ods): {e}"),
            )
            .help("open it in the spreadsheet program and save it as .xlsx"),
        )
    })?;
    let bomb = |what: String| {
        Refused::file(
            Diagnostic::error(Code::TooLarge, what)
                .note(format!(
                    "rx unpacks at most {} MiB of a workbook",
                    MAX_INFLATED / (1024 * 1024)
                ))
                .help("a workbook of plans unpacks to a few MiB; this one may be damaged or made to exhaust memory"),
        )
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| {
            Refused::file(Diagnostic::error(
                Code::Syntax,
                format!("the workbook cannot be read: {e}"),
            ))
        })?;
        let name = entry.name().to_owned();
        let declared = entry.size();
        if declared > MAX_INFLATED {
            return Err(bomb(format!(
                "part `{name}` of the workbook says it unpacks to {} MiB",
                declared / (1024 * 1024)
            )));
        }
        let inflated = std::io::copy(&mut (&mut entry).take(declared + 1), &mut std::io::sink())
            .map_err(|e| {
                Refused::file(Diagnostic::error(
                    Code::Syntax,
                    format!("part `{name}` of the workbook cannot be unpacked: {e}"),
                ))
            })?;
        if inflated > declared {
            return Err(bomb(format!(
                "part `{name}` of the workbook unpacks to more than the {declared} bytes it declares"
            )));
        }
        total += inflated;
        if total > MAX_INFLATED {
            return Err(bomb(format!(
                "the workbook unpacks to more than {} MiB",
                MAX_INFLATED / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// The sheet's non-empty cells as text, by row then column (0-based).
pub(super) type Cells = BTreeMap<u32, BTreeMap<u32, String>>;

/// A problem at a sheet cell (row, column, 0-based), located once the
/// header is known.
pub(super) type CellProblem = (u32, u32, Diagnostic);

/// Stream the sheet's cells, then its formulas: every problem cell is
/// reported, and the workbook is refused if there is any.
fn read_cells(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<(Cells, Vec<CellProblem>), Refused> {
    let in_sheet = |d: Diagnostic| Refused::in_sheet(name, d);
    let broken = |e: calamine::XlsxError| {
        in_sheet(
            Diagnostic::error(Code::Syntax, format!("the sheet cannot be read: {e}"))
                .help("open it in the spreadsheet program and save it again as .xlsx"),
        )
    };
    let mut cells = Cells::new();
    let mut count = 0usize;
    let mut problems = Vec::new();
    let mut bare = std::collections::HashSet::new();
    {
        let mut reader = book.worksheet_cells_reader(name).map_err(broken)?;
        while let Some(cell) = reader.next_cell().map_err(broken)? {
            let (row, col) = cell.get_position();
            count += 1;
            if count > MAX_CELLS {
                return Err(in_sheet(Diagnostic::error(
                    Code::TooLarge,
                    format!("the sheet has more than {MAX_CELLS} cells, the most rx reads"),
                )));
            }
            if matches!(cell.get_value(), DataRef::Empty) {
                // No value at all: a formatted blank, or a formula never
                // worked out (a formula that gives "" has a value).
                bare.insert((row, col));
                continue;
            }
            let text = match cell_text(cell.get_value()) {
                Ok(text) => text,
                Err(error) => {
                    problems.push((
                        row,
                        col,
                        Diagnostic::error(
                            Code::CellError,
                            format!("the cell holds the error {error}"),
                        )
                        .help("correct the formula or value in the spreadsheet and save it again"),
                    ));
                    continue;
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            cells.entry(row).or_default().insert(col, text);
        }
    }
    let mut reader = book.worksheet_cells_reader(name).map_err(broken)?;
    while let Some(formula) = reader.next_formula().map_err(broken)? {
        let (row, col) = formula.get_position();
        if !formula.get_value().is_empty() && bare.contains(&(row, col)) {
            problems.push((
                row,
                col,
                Diagnostic::error(
                    Code::FormulaWithoutValue,
                    format!("the formula `={}` has no saved value", formula.get_value()),
                )
                .help("open the workbook in the spreadsheet program and save it, so its formulas are worked out"),
            ));
        }
    }
    crate::order::by_key(&mut problems, |(row, col, _)| (*row, *col));
    Ok((cells, problems))
}

/// A cell's value as the text a CSV saved from it would hold, or the error
/// it holds.
pub(super) fn cell_text(value: &DataRef) -> Result<String, String> {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.nfc().collect(),
        DataRef::SharedString(s) => s.nfc().collect(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::Bool(true) => "yes".to_owned(),
        DataRef::Bool(false) => "no".to_owned(),
        DataRef::DateTime(dt) if dt.is_datetime() => date(dt),
        DataRef::DateTime(dt) => number(dt.as_f64()),
        // ISO dates (a date-time keeps only its date) and durations as written.
        DataRef::DateTimeIso(s) => s.split('T').next().unwrap_or_default().to_owned(),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => return Err(format!("#{e}").replace("##", "#")),
    })
}

/// A number as a spreadsheet shows it: whole numbers without a fraction.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A date cell's day (its time of day dropped) as `YYYY-MM-DD`, in the
/// workbook's own calendar (1900 or 1904). Excel's 29 February 1900, a day
/// the real calendar lacks, is left as its day number for the CSV's own
/// rule on it.
fn date(dt: &calamine::ExcelDateTime) -> String {
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    if (year, month, day) == (1900, 2, 29) {
        return "60".to_owned();
    }
    format!("{year:04}-{month:02}-{day:02}")
}

/// Which sheet column (0-based) each of rx's columns is in, read from the
/// header row with the CSV's own column names and aliases.
fn header_columns(
    header: &BTreeMap<u32, String>,
    first_col: u32,
    width: usize,
) -> Vec<(&'static str, u32)> {
    let cells: Vec<String> = (0..width.min(MAX_COLUMNS) as u32)
        .map(|i| header.get(&(first_col + i)).cloned().unwrap_or_default())
        .collect();
    let Ok((header, _)) = Header::parse(&cells, &ColumnRules::default()) else {
        return Vec::new();
    };
    (0..header.len())
        .filter_map(|i| header.column(i).map(|c| (c.name(), first_col + i as u32)))
        .collect()
}

/// The rows from the header down as CSV, every row `width` cells wide so
/// the CSV's row numbers stay the sheet's; an empty row as `""` (one empty
/// cell: the CSV reader passes over it, but still counts it).
fn write_rows(
    cells: &Cells,
    first_row: u32,
    first_col: u32,
    width: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut next = first_row;
    for (&row, values) in cells {
        for _ in next..row {
            out.write_all(b"\"\"\r\n")?;
        }
        for i in 0..width as u32 {
            if i > 0 {
                out.write_all(b",")?;
            }
            if let Some(value) = values.get(&(first_col + i)) {
                quoted(value, out)?;
            }
        }
        out.write_all(b"\r\n")?;
        next = row + 1;
    }
    out.flush()
}

/// A cell in quotes, its quotes doubled.
fn quoted(value: &str, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(b"\"")?;
    out.write_all(value.replace('"', "\"\"").as_bytes())?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::{date, number};

    #[test]
    fn whole_numbers_lose_their_fraction() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(-3.0), "-3");
    }

    #[test]
    fn date_cells_become_iso_days() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        // 46357 is 2026-12-01 in Excel's 1900 calendar; a time of day goes.
        assert_eq!(
            date(&ExcelDateTime::new(46357.75, DateTime, false)),
            "2026-12-01"
        );
        assert_eq!(
            date(&ExcelDateTime::new(61.0, DateTime, false)),
            "1900-03-01"
        );
        // The day Excel counts and the calendar lacks stays a day number.
        assert_eq!(date(&ExcelDateTime::new(60.0, DateTime, false)), "60");
        // Old Mac workbooks count from 1904.
        assert_eq!(date(&ExcelDateTime::new(0.0, DateTime, true)), "1904-01-01");
    }
}
