//! Plan CSV rows -> `RawPlan`s, one per patient.
//!
//! One row per exercise per patient. The header names the columns (any
//! order, case-insensitive; spaces and hyphens count as underscores). Rows
//! sharing a `patient_id` form one plan wherever they stand; their
//! patient-level cells must agree or be left empty. Locations are
//! spreadsheet rows (the header is row 1) and column names.

use std::collections::BTreeMap;

use super::dates::DateOrder;
use super::fields::{self, Spanned};
use super::{RawExercise, RawPlan, caps};
use crate::diag::{Code, Diagnostic, Span};
use crate::suggest;

/// The columns rx reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    PatientId,
    PatientName,
    Prescriber,
    Clinic,
    Phone,
    Issued,
    Review,
    Weeks,
    Notes,
    Paper,
    LargePrint,
    Exercise,
    Sets,
    Reps,
    Hold,
    PerDay,
    PerWeek,
    Side,
    Note,
    Exceed,
}

impl Column {
    pub const ALL: [Column; 20] = [
        Column::PatientId,
        Column::PatientName,
        Column::Prescriber,
        Column::Clinic,
        Column::Phone,
        Column::Issued,
        Column::Review,
        Column::Weeks,
        Column::Notes,
        Column::Paper,
        Column::LargePrint,
        Column::Exercise,
        Column::Sets,
        Column::Reps,
        Column::Hold,
        Column::PerDay,
        Column::PerWeek,
        Column::Side,
        Column::Note,
        Column::Exceed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::PatientId => "patient_id",
            Column::PatientName => "patient_name",
            Column::Prescriber => "prescriber",
            Column::Clinic => "clinic",
            Column::Phone => "phone",
            Column::Issued => "issued",
            Column::Review => "review",
            Column::Weeks => "weeks",
            Column::Notes => "notes",
            Column::Paper => "paper",
            Column::LargePrint => "large_print",
            Column::Exercise => "exercise",
            Column::Sets => "sets",
            Column::Reps => "reps",
            Column::Hold => "hold",
            Column::PerDay => "per_day",
            Column::PerWeek => "per_week",
            Column::Side => "side",
            Column::Note => "note",
            Column::Exceed => "exceed",
        }
    }

    /// Columns that describe the patient, not one exercise: every row of a
    /// patient must agree on them.
    fn is_patient_level(self) -> bool {
        matches!(
            self,
            Column::PatientName
                | Column::Prescriber
                | Column::Clinic
                | Column::Phone
                | Column::Issued
                | Column::Review
                | Column::Weeks
                | Column::Notes
                | Column::Paper
                | Column::LargePrint
        )
    }

    /// The column a header cell names: its own name, or a name a clinician
    /// would type for it, after lowering the case and turning spaces and
    /// hyphens into underscores.
    fn named(wanted: &str) -> Option<Column> {
        if let Some(&column) = Column::ALL.iter().find(|c| c.name() == wanted) {
            return Some(column);
        }
        ALIASES
            .iter()
            .find(|(alias, _)| *alias == wanted)
            .map(|&(_, column)| column)
    }
}

/// Other names for columns, as a spreadsheet's header might give them.
pub const ALIASES: [(&str, Column); 8] = [
    ("id", Column::PatientId),
    ("mrn", Column::PatientId),
    ("name", Column::PatientName),
    ("patient", Column::PatientName),
    ("repetitions", Column::Reps),
    ("hold_seconds", Column::Hold),
    ("times_per_day", Column::PerDay),
    ("times_per_week", Column::PerWeek),
];

/// Most columns a header may have; a real export has a few dozen at most.
pub const MAX_COLUMNS: usize = 256;

/// Which column each cell position holds (`None`: a column rx does not
/// read).
#[derive(Debug, Clone)]
pub struct Header {
    columns: Vec<Option<Column>>,
}

impl Header {
    /// Read the header row. Columns rx does not know are one warning that
    /// lists them (an export carries more columns than rx needs), or with
    /// `strict` one error each. A column given twice (under any of its
    /// names), or a missing `patient_id` or `exercise` column, makes the
    /// whole file invalid. Comes back with the warnings, if any.
    pub fn parse(
        cells: &[String],
        strict: bool,
    ) -> Result<(Header, Vec<Diagnostic>), Vec<Diagnostic>> {
        let at = || {
            Some(Span::Cell {
                row: 1,
                column: "header",
            })
        };
        if cells.len() > MAX_COLUMNS {
            return Err(vec![
                Diagnostic::error(
                    Code::TooLarge,
                    format!(
                        "the header has {} columns; rx reads at most {MAX_COLUMNS}",
                        cells.len()
                    ),
                )
                .at(at()),
            ]);
        }
        let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        let mut diagnostics = Vec::new();
        let mut columns: Vec<Option<Column>> = Vec::new();
        let mut unknown: Vec<(String, Option<String>)> = Vec::new();
        for cell in cells {
            let wanted: String = cell
                .trim()
                .chars()
                .map(|c| {
                    if c == ' ' || c == '-' {
                        '_'
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
            match Column::named(&wanted) {
                Some(column) if columns.contains(&Some(column)) => diagnostics.push(
                    Diagnostic::error(
                        Code::Conflict,
                        if wanted == column.name() {
                            format!("column `{}` appears twice", column.name())
                        } else {
                            format!(
                                "column `{}` appears twice (`{}` is another name for it)",
                                column.name(),
                                fields::shorten(cell.trim())
                            )
                        },
                    )
                    .at(Some(Span::Cell {
                        row: 1,
                        column: column.name(),
                    })),
                ),
                Some(column) => columns.push(Some(column)),
                None => {
                    columns.push(None);
                    let near = suggest::did_you_mean(&suggest::nearest(&wanted, &names, 3));
                    unknown.push((fields::shorten(cell.trim()), near));
                }
            }
        }
        if strict {
            for (shown, near) in &unknown {
                let d = Diagnostic::error(Code::UnknownKey, format!("unknown column `{shown}`"))
                    .at(at());
                diagnostics.push(match near {
                    Some(help) => d.help(help.clone()),
                    None => d.help(format!("known columns: {}", names.join(", "))),
                });
            }
        }
        for required in [Column::PatientId, Column::Exercise] {
            if !columns.contains(&Some(required)) && diagnostics.is_empty() {
                diagnostics.push(
                    Diagnostic::error(Code::Missing, format!("no `{}` column", required.name()))
                        .at(at()),
                );
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let mut warnings = Vec::new();
        if !unknown.is_empty() {
            let list: Vec<String> = unknown
                .iter()
                .map(|(shown, _)| format!("`{shown}`"))
                .collect();
            let plural = if unknown.len() == 1 { "" } else { "s" };
            let mut d = Diagnostic::warning(
                Code::UnknownKey,
                format!(
                    "ignoring {} unknown column{plural}: {}",
                    unknown.len(),
                    list.join(", ")
                ),
            )
            .at(at());
            for (shown, near) in &unknown {
                if let Some(near) = near {
                    d = d.note(format!("`{shown}`: {near}"));
                }
            }
            warnings.push(d.help(
                "rx reads only the columns in its table (see the README); `--strict-columns` makes unknown columns an error",
            ));
        }
        Ok((Header { columns }, warnings))
    }

    /// The column at a cell position.
    pub fn column(&self, at: usize) -> Option<Column> {
        self.columns.get(at).copied().flatten()
    }

    pub fn position(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|&c| c == Some(column))
    }

    /// How many cells the header has, known columns or not.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

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
    let at = |row: usize, column: Column| {
        Some(Span::Cell {
            row,
            column: column.name(),
        })
    };
    for row in rows {
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

    // Patient-level cells: the first non-empty value wins; a different
    // non-empty value in a later row is an error naming both rows.
    let mut agreed: BTreeMap<Column, (usize, &str)> = BTreeMap::new();
    for row in rows {
        for column in Column::ALL.into_iter().filter(|c| c.is_patient_level()) {
            let value = row.cell(header, column);
            if value.is_empty() {
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
    let mut plan = RawPlan::default();
    let text = |column: Column, diagnostics: &mut Vec<Diagnostic>| {
        let &(row, value) = agreed.get(&column)?;
        fields::text(column.name(), value, at(row, column)).unwrap_or_else(|d| {
            diagnostics.push(*d);
            None
        })
    };
    let first_row = rows.first().map_or(2, |r| r.number);
    plan.patient_id = rows
        .first()
        .map(|r| r.cell(header, Column::PatientId))
        .and_then(|id| {
            fields::text("patient_id", id, at(first_row, Column::PatientId)).unwrap_or_else(|d| {
                diagnostics.push(*d);
                None
            })
        });
    plan.patient_name = text(Column::PatientName, &mut diagnostics);
    plan.prescriber_name = text(Column::Prescriber, &mut diagnostics);
    plan.clinic = text(Column::Clinic, &mut diagnostics);
    plan.phone = text(Column::Phone, &mut diagnostics);
    plan.notes = text(Column::Notes, &mut diagnostics);
    if plan.patient_name.is_none() && !agreed.contains_key(&Column::PatientName) {
        diagnostics.push(
            Diagnostic::error(Code::Missing, "missing patient name")
                .at(at(first_row, Column::PatientName))
                .help("fill in `patient_name` on at least one row of this patient"),
        );
    }
    if plan.prescriber_name.is_none() && !agreed.contains_key(&Column::Prescriber) {
        diagnostics.push(
            Diagnostic::error(Code::Missing, "missing prescriber name")
                .at(at(first_row, Column::Prescriber))
                .help("fill in `prescriber` on at least one row of this patient"),
        );
    }
    let date = |column: Column, diagnostics: &mut Vec<Diagnostic>| {
        let &(row, value) = agreed.get(&column)?;
        super::dates::cell(column.name(), value, dates, at(row, column))
            .map_err(|d| diagnostics.push(*d))
            .ok()
    };
    plan.issued = date(Column::Issued, &mut diagnostics);
    plan.issued_written = agreed.contains_key(&Column::Issued);
    plan.paper = text(Column::Paper, &mut diagnostics);
    plan.large_print = agreed
        .get(&Column::LargePrint)
        .and_then(|&(row, value)| flag(Column::LargePrint, value, row, &mut diagnostics));
    plan.review = date(Column::Review, &mut diagnostics);
    plan.weeks = agreed
        .get(&Column::Weeks)
        .and_then(|&(row, v)| number(Column::Weeks, v, caps::WEEKS, row, &mut diagnostics));
    plan.review_written =
        agreed.contains_key(&Column::Review) || agreed.contains_key(&Column::Weeks);
    if let (Some(_), Some(&(row, _))) = (agreed.get(&Column::Review), agreed.get(&Column::Weeks)) {
        diagnostics.push(
            Diagnostic::error(Code::Conflict, "both `review` and `weeks` are given")
                .at(at(row, Column::Weeks))
                .help("give either `review` or `weeks`, not both"),
        );
    }
    // A CSV has no [plan] table: "missing review" points at the first row.
    plan.plan_span = at(first_row, Column::Review);

    if total > caps::EXERCISES {
        // Report the cap once; the first rows still count as exercises, so
        // the plan is not also called empty.
        diagnostics.push(
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "the patient has {total} rows; rx accepts at most {} exercises",
                    caps::EXERCISES
                ),
            )
            .at(rows.get(caps::EXERCISES).map(|r| Span::Cell {
                row: r.number,
                column: Column::Exercise.name(),
            })),
        );
    }
    for row in rows.iter().take(caps::EXERCISES) {
        plan.exercises.push(exercise(header, row, &mut diagnostics));
    }
    (plan, diagnostics)
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
        Ok(n) => fields::positive(column.name(), n, max, span).map_err(|d| *d),
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
        fields::text(column.name(), row.cell(header, column), at(column)).unwrap_or_else(|d| {
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
    let exceed = text(Column::Exceed, diagnostics);
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
        side,
        note,
        exceed,
    };
    if given.per_day.is_some() && given.per_week.is_some() {
        diagnostics.push(
            Diagnostic::error(Code::Conflict, "both `per_day` and `per_week` are given")
                .at(at(Column::PerWeek))
                .help("give either `per_day` or `per_week`, not both"),
        );
    }
    given
}

#[cfg(test)]
mod tests {
    use super::{Column, Header, Row, detect_delimiter, patient};
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
    fn header_is_case_insensitive_and_suggests_unknown_columns() {
        assert!(Header::parse(&cells("Patient ID,EXERCISE,Reps"), false).is_ok());
        let errors = Header::parse(&cells("patient_id,exercise,rep"), true).unwrap_err();
        assert_eq!(errors[0].message, "unknown column `rep`");
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `reps`?"));
        let (header, warnings) =
            Header::parse(&cells("patient_id,Date of Birth,exercise,rep"), false).unwrap();
        assert_eq!(header.len(), 4);
        assert_eq!(header.position(Column::Exercise), Some(2));
        assert_eq!(header.column(1), None);
        assert_eq!(
            warnings[0].message,
            "ignoring 2 unknown columns: `Date of Birth`, `rep`"
        );
        assert_eq!(warnings[0].notes, ["`rep`: did you mean `reps`?"]);
    }

    #[test]
    fn aliases_name_columns_once() {
        let (header, _) = Header::parse(
            &cells("MRN,Patient,exercise,Repetitions,Hold Seconds,times-per-day"),
            false,
        )
        .unwrap();
        assert_eq!(header.position(Column::PatientId), Some(0));
        assert_eq!(header.position(Column::PatientName), Some(1));
        assert_eq!(header.position(Column::Reps), Some(3));
        assert_eq!(header.position(Column::Hold), Some(4));
        assert_eq!(header.position(Column::PerDay), Some(5));
        let errors = Header::parse(&cells("id,exercise,reps,repetitions"), false).unwrap_err();
        assert_eq!(
            errors[0].message,
            "column `reps` appears twice (`repetitions` is another name for it)"
        );
    }

    #[test]
    fn disagreeing_patient_fields_name_both_rows() {
        let (header, _) =
            Header::parse(&cells("patient_id,patient_name,prescriber,exercise"), false).unwrap();
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
