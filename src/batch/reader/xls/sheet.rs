//! One sheet's records -> what calamine would build for it: the rectangle
//! of its cells and of its formulas, and its text, added to the
//! workbook's; refused where calamine would read past a record's end or
//! reserve what a record claims.

use super::globals::Globals;
use super::records::{Record, Records};
use super::{Fault, MAX_CELLS, MAX_TEXT, Totals};
use crate::batch::reader::cfb::{u16_at, u32_at};
use crate::diag::cell_name;

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
pub(super) fn walk(
    stream: &[u8],
    at: usize,
    g: &Globals,
    totals: &mut Totals,
) -> Result<(), Fault> {
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
                text += super::formula::text(&data[20..], g).map_err(|why| {
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
