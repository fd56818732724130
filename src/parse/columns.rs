//! A CSV of plans' header row -> `Header`: which column each cell holds.
//!
//! Column names are compared ignoring case, with spaces and hyphens as
//! underscores, and may be any of the names a clinician would type for one
//! (`ALIASES`). Columns rx does not know are ignored with one warning, since
//! an export carries more columns than rx needs (an error each with
//! `strict`); columns with no name are ignored silently; a column given twice, or no `patient_id` or `exercise`
//! column, makes the file unusable.

use crate::diag::{Code, Diagnostic, Span};
use crate::fields;
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
    Language,
    Exercise,
    Sets,
    Reps,
    Hold,
    PerDay,
    PerWeek,
    Side,
    Note,
    Exceed,
    Video,
}

impl Column {
    pub const ALL: [Column; 22] = [
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
        Column::Language,
        Column::Exercise,
        Column::Sets,
        Column::Reps,
        Column::Hold,
        Column::PerDay,
        Column::PerWeek,
        Column::Side,
        Column::Note,
        Column::Exceed,
        Column::Video,
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
            Column::Language => "language",
            Column::Exercise => "exercise",
            Column::Sets => "sets",
            Column::Reps => "reps",
            Column::Hold => "hold",
            Column::PerDay => "per_day",
            Column::PerWeek => "per_week",
            Column::Side => "side",
            Column::Note => "note",
            Column::Exceed => "exceed",
            Column::Video => "video",
        }
    }

    /// How many lines the column's text may span: notes may run over
    /// several, everything else is one line.
    pub fn lines(self) -> fields::Lines {
        match self {
            Column::Notes | Column::Note | Column::Exceed => fields::Lines::Many,
            _ => fields::Lines::One,
        }
    }

    /// Columns that describe the patient, not one exercise: every row of a
    /// patient must agree on them.
    pub fn is_patient_level(self) -> bool {
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
                | Column::Language
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
pub const ALIASES: [(&str, Column); 12] = [
    ("id", Column::PatientId),
    ("mrn", Column::PatientId),
    ("name", Column::PatientName),
    ("patient", Column::PatientName),
    ("repetitions", Column::Reps),
    ("hold_seconds", Column::Hold),
    ("times_per_day", Column::PerDay),
    ("times_per_week", Column::PerWeek),
    ("lang", Column::Language),
    ("sheet_language", Column::Language),
    ("patient_language", Column::Language),
    // As practice-management exports name it ("Preferred Language").
    ("preferred_language", Column::Language),
];

/// Header cells naming no column rx reads: each as shown, with a "did
/// you mean".
type Unknown = Vec<(String, Option<String>)>;

/// Each header cell's column (`None`: a column rx does not read), the
/// unknown names (as shown, with a "did you mean"), and a diagnostic for
/// each column given twice.
fn name_columns(
    cells: &[String],
    names: &[&str],
) -> (Vec<Option<Column>>, Unknown, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut unknown: Unknown = Vec::new();
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
            // A column without a name (a spreadsheet's trailing
            // delimiters) is not worth a warning.
            None if wanted.is_empty() => columns.push(None),
            None => {
                columns.push(None);
                let near = suggest::did_you_mean(&suggest::nearest(&wanted, names, 3));
                unknown.push((fields::shorten(cell.trim()), near));
            }
        }
    }
    (columns, unknown, diagnostics)
}

/// The one warning that lists the unknown columns, which are ignored.
fn ignored(unknown: &[(String, Option<String>)]) -> Diagnostic {
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
    .at(Some(Span::Cell {
        row: 1,
        column: "header",
    }));
    for (shown, near) in unknown {
        if let Some(near) = near {
            d = d.note(format!("`{shown}`: {near}"));
        }
    }
    d.help(
        "rx reads only the columns in its table (see the README); `--strict-columns` makes unknown columns an error",
    )
}

/// Most columns a header may have; a real export has a few dozen at most.
pub const MAX_COLUMNS: usize = 256;

/// The column cap, for a header of `count` cells: checked before its cells
/// are read (a batch counts them before decoding any).
pub fn too_many_columns(count: usize) -> Option<Diagnostic> {
    (count > MAX_COLUMNS).then(|| {
        Diagnostic::error(
            Code::TooLarge,
            format!("the header has {count} columns; rx reads at most {MAX_COLUMNS}"),
        )
        .at(Some(Span::Cell {
            row: 1,
            column: "header",
        }))
    })
}

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
        if let Some(d) = too_many_columns(cells.len()) {
            return Err(vec![d]);
        }
        let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        let (columns, unknown, mut diagnostics) = name_columns(cells, &names);
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
        // A TOML plan saved as `.txt` reaches here as a one-column header.
        let toml = cells.len() == 1 && {
            let first = cells[0].trim_start();
            first.starts_with('[') || first.contains('=') || first.starts_with('#')
        };
        for required in [Column::PatientId, Column::Exercise] {
            if !columns.contains(&Some(required)) && diagnostics.is_empty() {
                let d =
                    Diagnostic::error(Code::Missing, format!("no `{}` column", required.name()))
                        .at(at());
                diagnostics.push(if toml {
                    d.help("this looks like a TOML plan: give `--input-format toml`")
                } else {
                    d
                });
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let warnings = if unknown.is_empty() {
            Vec::new()
        } else {
            vec![ignored(&unknown)]
        };
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

#[cfg(test)]
mod tests {
    use super::{Column, Header};

    fn cells(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
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
}
