//! Plan CSV rows -> `RawPlan`s, one per patient.
//!
//! One row per exercise per patient. The header names the columns
//! (`columns`: any order, case-insensitive, aliases, unknown ones ignored).
//! Rows sharing a `patient_id` form one plan wherever they stand; their
//! patient-level cells (including `paper` and `large_print`) must agree or
//! be left empty. Date cells are read by `dates`, in the order the user
//! gave for local forms. Locations are spreadsheet rows (the header is row
//! 1) and column names.

use std::collections::BTreeMap;

pub use super::columns::{Column, ColumnRules, Header, MAX_COLUMNS, too_many_columns};
use super::dates::DateOrder;
use super::rules::{self, Named};
use super::{Exceed, RawExercise, RawPlan, caps};
use crate::diag::{Code, Diagnostic, Span};
use crate::dose::Part;
use crate::fields::{self, Spanned};

/// One data row: its spreadsheet row number and its cells as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    /// The row's cells, at most as many as the header has.
    pub cells: Vec<String>,
    /// How many cells the row really had.
    pub width: usize,
    /// The first cell whose bytes were not UTF-8 (shown lossily in `cells`).
    pub bad_utf8: Option<usize>,
}

impl Row {
    fn cell(&self, header: &Header, column: Column) -> &str {
        header
            .position(column)
            .and_then(|i| self.cells.get(i))
            .map_or("", |s| s.trim())
    }
}

/// Guess the delimiter from the header line: the most common of `,` `;` and
/// tab outside quotes; a comma when there is none.
pub fn detect_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

/// The plan of one patient from its rows (in file order). `total` is how
/// many rows the patient has in the file: a batch stores no more than one
/// past the exercise cap.
/// Date cells in a local form are read in `dates` order (`None`: only ISO
/// and serial day numbers).
pub fn patient(
    header: &Header,
    rows: &[Row],
    total: usize,
    dates: Option<DateOrder>,
) -> (RawPlan, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    for row in rows {
        row_shape(header, row, &mut diagnostics);
    }
    let agreed = agree(header, rows, &mut diagnostics);
    let mut plan = RawPlan::default();
    let first_row = rows.first().map_or(2, |r| r.number);
    people(
        &mut plan,
        header,
        rows,
        &agreed,
        first_row,
        &mut diagnostics,
    );
    when(&mut plan, &agreed, dates, &mut diagnostics);
    // A CSV has no [plan] table: "missing review" points at the first row.
    plan.plan_span = at(first_row, Column::Review);

    diagnostics.extend(rules::over_cap(
        total,
        |cap| format!("the patient has {total} rows; rx accepts at most {cap} exercises"),
        |cap| rows.get(cap).and_then(|r| at(r.number, Column::Exercise)),
    ));
    for row in rows.iter().take(caps::EXERCISES) {
        plan.exercises.push(exercise(header, row, &mut diagnostics));
    }
    (plan, diagnostics)
}

/// The cell at spreadsheet row `row` in `column`.
fn at(row: usize, column: Column) -> Option<Span> {
    Some(Span::Cell {
        row,
        column: column.name(),
    })
}

/// A row with another number of cells than the header (a delimiter not in
/// quotes), or a cell that is not UTF-8.
fn row_shape(header: &Header, row: &Row, diagnostics: &mut Vec<Diagnostic>) {
    if row.width != header.len() {
        diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                format!(
                    "row {} has {} cells but the header has {}",
                    row.number,
                    row.width,
                    header.len()
                ),
            )
            .at(Some(Span::Cell {
                row: row.number,
                column: "row",
            }))
            .help("a cell holding the delimiter must be in double quotes"),
        );
    }
    if let Some(i) = row.bad_utf8 {
        let column = header.column(i).map_or("row", Column::name);
        diagnostics.push(
            Diagnostic::error(Code::NotUtf8, "the cell is not UTF-8 text")
                .at(Some(Span::Cell {
                    row: row.number,
                    column,
                }))
                .help("export the file as UTF-8 (\"CSV UTF-8\" in most spreadsheets)"),
        );
    }
}

/// Patient-level cells, each with the row it came from: the first
/// non-empty value wins; a different non-empty value in a later row is an
/// error naming both rows.
fn agree<'r>(
    header: &Header,
    rows: &'r [Row],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<Column, (usize, &'r str)> {
    let mut agreed: BTreeMap<Column, (usize, &str)> = BTreeMap::new();
    for row in rows {
        for column in Column::ALL.into_iter().filter(|c| c.is_patient_level()) {
            let value = row.cell(header, column);
            if fields::is_blank(value) {
                continue;
            }
            match agreed.get(&column) {
                None => {
                    agreed.insert(column, (row.number, value));
                }
                Some(&(first_row, first)) if first != value => diagnostics.push(
                    Diagnostic::error(
                        Code::Conflict,
                        format!(
                            "`{}` is \"{}\" in row {first_row} but \"{}\" in row {}",
                            column.name(),
                            fields::shorten(first),
                            fields::shorten(value),
                            row.number
                        ),
                    )
                    .at(at(row.number, column))
                    .help("every row of one patient must give the same patient details (or leave them empty)"),
                ),
                Some(_) => {}
            }
        }
    }
    agreed
}

/// A patient-level text cell, if given and valid.
fn agreed_text(
    agreed: &BTreeMap<Column, (usize, &str)>,
    column: Column,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<String>> {
    let &(row, value) = agreed.get(&column)?;
    fields::written(column.name(), value, at(row, column), column.lines()).unwrap_or_else(|d| {
        diagnostics.push(*d);
        None
    })
}

/// The patient, the prescriber and the clinic, with the names a plan must
/// give, and the notes.
fn people(
    plan: &mut RawPlan,
    header: &Header,
    rows: &[Row],
    agreed: &BTreeMap<Column, (usize, &str)>,
    first_row: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Rows whose ids print the same are one patient: each way the id is
    // written is checked (a control character hidden in a later row's id
    // is refused as in the first's), and the first row's names the sheet.
    let mut written: Vec<&str> = Vec::new();
    for row in rows {
        let id = row.cell(header, Column::PatientId);
        if written.contains(&id) {
            continue;
        }
        let read = fields::line("patient_id", id, at(row.number, Column::PatientId))
            .unwrap_or_else(|d| {
                diagnostics.push(*d);
                None
            });
        if written.is_empty() {
            plan.patient_id = read;
        }
        written.push(id);
    }
    plan.patient_name = agreed_text(agreed, Column::PatientName, diagnostics);
    plan.prescriber_name = agreed_text(agreed, Column::Prescriber, diagnostics);
    plan.clinic = agreed_text(agreed, Column::Clinic, diagnostics);
    plan.phone = agreed_text(agreed, Column::Phone, diagnostics);
    plan.notes = agreed_text(agreed, Column::Notes, diagnostics);
    if plan.patient_name.is_none() && !agreed.contains_key(&Column::PatientName) {
        diagnostics.push(rules::missing(
            Named::Patient,
            at(first_row, Column::PatientName),
            "fill in `patient_name` on at least one row of this patient",
        ));
    }
    if plan.prescriber_name.is_none() && !agreed.contains_key(&Column::Prescriber) {
        diagnostics.push(rules::missing(
            Named::Prescriber,
            at(first_row, Column::Prescriber),
            "fill in `prescriber` on at least one row of this patient",
        ));
    }
}

/// The dates and the sheet's settings: issued, paper, large print, review
/// or weeks (not both).
fn when(
    plan: &mut RawPlan,
    agreed: &BTreeMap<Column, (usize, &str)>,
    dates: Option<DateOrder>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let date = |column: Column, diagnostics: &mut Vec<Diagnostic>| {
        let &(row, value) = agreed.get(&column)?;
        super::dates::cell(column.name(), value, dates, at(row, column))
            .map_err(|d| diagnostics.push(*d))
            .ok()
    };
    plan.issued = date(Column::Issued, diagnostics);
    plan.issued_written = agreed.contains_key(&Column::Issued);
    plan.issued_serial = agreed
        .get(&Column::Issued)
        .is_some_and(|&(_, value)| super::dates::is_serial(value));
    plan.paper = agreed_text(agreed, Column::Paper, diagnostics);
    plan.language = agreed_text(agreed, Column::Language, diagnostics);
    plan.large_print = agreed
        .get(&Column::LargePrint)
        .and_then(|&(row, value)| flag(Column::LargePrint, value, row, diagnostics));
    plan.review = date(Column::Review, diagnostics);
    plan.weeks = agreed
        .get(&Column::Weeks)
        .and_then(|&(row, v)| number(Column::Weeks, v, caps::WEEKS, row, diagnostics));
    plan.review_written =
        agreed.contains_key(&Column::Review) || agreed.contains_key(&Column::Weeks);
    if let (Some(_), Some(&(row, _))) = (agreed.get(&Column::Review), agreed.get(&Column::Weeks)) {
        diagnostics.push(rules::conflict("review", "weeks", at(row, Column::Weeks)));
    }
}

/// A yes-or-no cell: `true` or `false` as in a TOML plan, in any case
/// (a spreadsheet writes `TRUE`), or `yes` or `no`.
fn flag(
    column: Column,
    value: &str,
    row: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<bool>> {
    let span = Some(Span::Cell {
        row,
        column: column.name(),
    });
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" => Some(Spanned::new(true, span)),
        "false" | "no" => Some(Spanned::new(false, span)),
        _ => {
            diagnostics.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!(
                        "`{}` must be true or false, not \"{}\"",
                        column.name(),
                        fields::shorten(value)
                    ),
                )
                .at(span)
                .label("expected true or false")
                .help("write true (or yes) for large print, false (or no) or leave the cell empty for normal print"),
            );
            None
        }
    }
}

fn number(
    column: Column,
    value: &str,
    max: u32,
    row: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<u32>> {
    let span = Some(Span::Cell {
        row,
        column: column.name(),
    });
    if value.is_empty() {
        return None;
    }
    let digits = value.trim_start_matches('-');
    let parsed = match value.parse::<i64>() {
        // A hold of 0 is a real dose: no hold, where a source describes none.
        Ok(n) => fields::whole(
            column.name(),
            n,
            u32::from(column != Column::Hold),
            max,
            span,
        )
        .map_err(|d| *d),
        // All digits but beyond i64: a number, just far too large.
        Err(_) if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
            Err(Diagnostic::error(
                Code::BadValue,
                format!(
                    "`{}` = {} is too large for the field",
                    column.name(),
                    fields::shorten(value)
                ),
            )
            .at(span)
            .label(format!("at most {max}")))
        }
        Err(_) => Err(Diagnostic::error(
            Code::WrongType,
            format!(
                "`{}` must be a whole number, not \"{}\"",
                column.name(),
                fields::shorten(value)
            ),
        )
        .at(span)
        .label("expected a whole number")),
    };
    parsed.map_err(|d| diagnostics.push(d)).ok()
}

fn exercise(header: &Header, row: &Row, diagnostics: &mut Vec<Diagnostic>) -> RawExercise {
    let at = |column: Column| {
        Some(Span::Cell {
            row: row.number,
            column: column.name(),
        })
    };
    let text = |column: Column, diagnostics: &mut Vec<Diagnostic>| {
        fields::written(
            column.name(),
            row.cell(header, column),
            at(column),
            column.lines(),
        )
        .unwrap_or_else(|d| {
            diagnostics.push(*d);
            None
        })
    };
    let name = text(Column::Exercise, diagnostics);
    if name.is_none() {
        diagnostics.push(
            Diagnostic::error(Code::Missing, "row without an exercise")
                .at(at(Column::Exercise))
                .help("fill in `exercise` with a catalogue id, name or alias"),
        );
    }
    let side = text(Column::Side, diagnostics);
    let note = text(Column::Note, diagnostics);
    let exceed = text(Column::Exceed, diagnostics).and_then(|cell| {
        exceed(cell).unwrap_or_else(|d| {
            diagnostics.push(*d);
            None
        })
    });
    let video = fields::url("video", row.cell(header, Column::Video), at(Column::Video))
        .unwrap_or_else(|d| {
            diagnostics.push(*d);
            None
        });
    let mut count = |column: Column, max: u32| {
        number(
            column,
            row.cell(header, column),
            max,
            row.number,
            diagnostics,
        )
    };
    let given = RawExercise {
        span: at(Column::Exercise),
        name,
        sets: count(Column::Sets, caps::SETS),
        reps: count(Column::Reps, caps::REPS),
        hold: count(Column::Hold, caps::HOLD),
        per_day: count(Column::PerDay, caps::PER_DAY),
        per_week: count(Column::PerWeek, caps::PER_WEEK),
        minutes: count(Column::Minutes, caps::MINUTES),
        side,
        note,
        exceed,
        video,
    };
    if given.per_day.is_some() && given.per_week.is_some() {
        diagnostics.push(rules::conflict("per_day", "per_week", at(Column::PerWeek)));
    }
    given
}

/// An `exceed` cell: a reason for the one part beyond its limit, or
/// reasons per part, `reps: week 3 progression; hold: cleared at review`.
/// A cell that starts with a part's name and a colon is read per part, and
/// then every part must be written that way: a reason is never split on a
/// guess.
fn exceed(cell: Spanned<String>) -> Result<Option<Exceed>, Box<Diagnostic>> {
    fn keyed(text: &str) -> Option<(Part, &str)> {
        let (key, reason) = text.split_once(':')?;
        Some((Part::from_key(&key.trim().to_lowercase())?, reason.trim()))
    }
    if keyed(&cell.value).is_none() {
        return Ok(Some(Exceed::Any(cell)));
    }
    let mut parts = Vec::new();
    for text in cell.value.split(';') {
        let Some((part, reason)) = keyed(text) else {
            return Err(Box::new(
                Diagnostic::error(
                    Code::BadValue,
                    format!(
                        "`exceed` part \"{}\" does not name what it covers",
                        text.trim()
                    ),
                )
                .at(cell.span.clone())
                .help(format!(
                    "write every part as `field: reason`, separated by `;`; the fields are {}",
                    Part::ALL.map(Part::key).join(", ")
                )),
            ));
        };
        if reason.is_empty() {
            return Err(Box::new(
                Diagnostic::error(
                    Code::BadValue,
                    format!("`exceed` gives no reason for {}", part.key()),
                )
                .at(cell.span.clone())
                .help("write the reason for going beyond the limit after the colon"),
            ));
        }
        if parts.iter().any(|(p, _)| *p == part) {
            return Err(Box::new(
                Diagnostic::error(
                    Code::BadValue,
                    format!("`exceed` names {} twice", part.key()),
                )
                .at(cell.span.clone())
                .help("give one reason per field"),
            ));
        }
        parts.push((part, Spanned::new(reason.to_owned(), cell.span.clone())));
    }
    Ok(Some(Exceed::Parts(parts)))
}

#[cfg(test)]
mod tests {
    use super::{ColumnRules, Header, Row, detect_delimiter, patient};
    use crate::diag::Code;

    fn cells(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn detects_semicolons_and_ignores_quoted_ones() {
        assert_eq!(detect_delimiter(b"patient_id;exercise;note\n1,2"), b';');
        assert_eq!(detect_delimiter(b"\"a;b;c\",exercise\n"), b',');
        assert_eq!(detect_delimiter(b"patient_id\n"), b',');
    }

    #[test]
    fn disagreeing_patient_fields_name_both_rows() {
        let (header, _) = Header::parse(
            &cells("patient_id,patient_name,prescriber,exercise"),
            &ColumnRules::default(),
        )
        .unwrap();
        let rows = vec![
            Row {
                number: 2,
                cells: cells("p1,Ann,Dr A,bridge"),
                width: 4,
                bad_utf8: None,
            },
            Row {
                number: 5,
                cells: cells("p1,Anne,,cat stretch"),
                width: 4,
                bad_utf8: None,
            },
        ];
        let (plan, diagnostics) = patient(&header, &rows, 2, None);
        assert_eq!(plan.exercises.len(), 2);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, Code::Conflict);
        assert_eq!(
            diagnostics[0].message,
            "`patient_name` is \"Ann\" in row 2 but \"Anne\" in row 5"
        );
    }
}
