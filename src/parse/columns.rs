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
    Minutes,
    Side,
    Note,
    Exceed,
    Video,
}

impl Column {
    pub const ALL: [Column; 23] = [
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
        Column::Minutes,
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
            Column::Minutes => "minutes",
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

/// Other names for columns, as a spreadsheet's header might give them
/// (the common headers of practice-management and spreadsheet exports).
pub const ALIASES: [(&str, Column); 29] = [
    ("id", Column::PatientId),
    ("mrn", Column::PatientId),
    ("name", Column::PatientName),
    ("patient", Column::PatientName),
    ("therapist", Column::Prescriber),
    ("clinician", Column::Prescriber),
    ("provider", Column::Prescriber),
    ("start_date", Column::Issued),
    ("date_issued", Column::Issued),
    ("follow_up", Column::Review),
    ("review_date", Column::Review),
    ("exercise_name", Column::Exercise),
    ("repetitions", Column::Reps),
    ("rep", Column::Reps),
    ("hold_seconds", Column::Hold),
    ("hold_(s)", Column::Hold),
    ("hold_(sec)", Column::Hold),
    ("seconds", Column::Hold),
    ("times_per_day", Column::PerDay),
    ("frequency", Column::PerDay),
    ("times_per_week", Column::PerWeek),
    // A timed exercise's bout ("march for 2 minutes").
    ("mins", Column::Minutes),
    ("duration", Column::Minutes),
    ("duration_(min)", Column::Minutes),
    ("time_(min)", Column::Minutes),
    ("lang", Column::Language),
    ("sheet_language", Column::Language),
    ("patient_language", Column::Language),
    // As practice-management exports name it ("Preferred Language").
    ("preferred_language", Column::Language),
];

/// Header cells naming no column rx reads: each as shown, with a "did
/// you mean".
type Unknown = Vec<(String, Option<String>)>;

/// What to do with header cells that name no column rx reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnRules {
    /// Every unknown column is an error, not one warning.
    pub strict: bool,
    /// Headers the user said to leave out (`--ignore-column`), compared
    /// trimmed and ignoring case: no warning, and no error when they look
    /// like a column rx reads.
    pub ignore: Vec<String>,
}

impl ColumnRules {
    fn ignores(&self, cell: &str) -> bool {
        self.ignore
            .iter()
            .any(|name| name.trim().to_lowercase() == cell.trim().to_lowercase())
    }
}

/// Words of a header that give a unit or a count, not a field: `Hold (s)`,
/// `No. of sets`, `Reps (#)`.
const UNIT_WORDS: [&str; 9] = [
    "s", "sec", "secs", "min", "mins", "no", "nr", "number", "of",
];

/// The column rx reads that an unknown header cell looks like: after
/// dropping punctuation and units it is that column's name or another
/// name for it (`Reps.`, `Hold (seconds)`), it holds the column's name
/// among its words (`No. of sets`, `Hold time (s)`), or it is one or two
/// typos from it (`Exercize`, `Prescibers`). rx would otherwise drop such
/// a column's values unseen and print a source's default dose instead.
fn looks_like(cell: &str) -> Option<Column> {
    let lower = cell.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !UNIT_WORDS.contains(w))
        .collect();
    if words.is_empty() {
        return None;
    }
    if let Some(column) = Column::named(&words.join("_")) {
        return Some(column);
    }
    let within = Column::ALL
        .into_iter()
        .filter(|c| {
            let name: Vec<&str> = c.name().split('_').collect();
            words.windows(name.len()).any(|w| w == name.as_slice())
        })
        .max_by_key(|c| c.name().len());
    if within.is_some() {
        return within;
    }
    let wanted = suggest::normalise(&words.join(""));
    Column::ALL
        .iter()
        .map(|c| (c.name(), *c))
        .chain(ALIASES)
        .map(|(name, column)| {
            let name = suggest::normalise(name);
            let allowed = if name.chars().count().max(wanted.chars().count()) <= 5 {
                1
            } else {
                2
            };
            (suggest::distance(&wanted, &name), allowed, column)
        })
        .filter(|&(distance, allowed, _)| distance <= allowed)
        .min_by_key(|&(distance, _, column)| (distance, column))
        .map(|(_, _, column)| column)
}

/// An unknown column that looks like one rx reads: an error, since its
/// values would be lost.
fn lookalike(shown: &str, column: Column) -> Diagnostic {
    let d = Diagnostic::error(
        Code::LookalikeColumn,
        format!(
            "column `{shown}` looks like `{}`, but rx does not read it",
            column.name()
        ),
    )
    .at(Some(Span::Cell {
        row: 1,
        column: "header",
    }))
    .label("rx would leave its values off every sheet")
    .help(format!(
        "rename the column `{}`, or give `--ignore-column \"{shown}\"` to leave it out",
        column.name()
    ));
    // `Hold (min)` renamed `hold` would print minutes as seconds.
    if column == Column::Hold {
        d.note("rx reads `hold` in seconds")
    } else {
        d
    }
}

/// Each header cell's column (`None`: a column rx does not read), the
/// unknown names (as shown, with a "did you mean"), and a diagnostic for
/// each column given twice.
fn name_columns(
    cells: &[String],
    names: &[&str],
    rules: &ColumnRules,
) -> (Vec<Option<Column>>, Unknown, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut unknown: Unknown = Vec::new();
    for cell in cells {
        let wanted: String = cell
            .trim()
            .chars()
            .map(|c| {
                if c.is_whitespace() || c == '-' {
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
            None if rules.ignores(cell) => columns.push(None),
            None => {
                if let Some(like) = looks_like(cell) {
                    columns.push(None);
                    diagnostics.push(lookalike(&fields::shorten(cell.trim()), like));
                    continue;
                }
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

/// A missing column's error with the headers the file has and the one
/// nearest the missing column's name, so a header rx does not know for it
/// shows at once.
fn seen(d: Diagnostic, cells: &[String], required: Column) -> Diagnostic {
    let named: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let shown: Vec<String> = named
        .iter()
        .take(12)
        .map(|c| format!("`{}`", fields::shorten(c)))
        .collect();
    let d = if shown.is_empty() {
        d.note("the header has no column names")
    } else {
        let more = if named.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        d.note(format!("the header has {}{more}", shown.join(", ")))
    };
    let candidates: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
    match suggest::nearest(required.name(), &candidates, 1).first() {
        Some(near) => d.help(format!(
            "is it `{}`? name that column `{}`",
            fields::shorten(near),
            required.name()
        )),
        None => d.help(format!(
            "add a `{}` column (see the README's table of columns)",
            required.name()
        )),
    }
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
        rules: &ColumnRules,
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
        // A TOML plan saved as `.txt` reaches here as a one-column header.
        let toml = cells.len() == 1 && {
            let first = cells[0].trim_start();
            first.starts_with('[') || first.contains('=') || first.starts_with('#')
        };
        if toml {
            return Err(vec![
                Diagnostic::error(Code::Missing, "no `patient_id` column")
                    .at(at())
                    .help("this looks like a TOML plan: give `--input-format toml`"),
            ]);
        }
        let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        let (columns, unknown, mut diagnostics) = name_columns(cells, &names, rules);
        if rules.strict {
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
                let d =
                    Diagnostic::error(Code::Missing, format!("no `{}` column", required.name()))
                        .at(at());
                diagnostics.push(seen(d, cells, required));
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
    use super::{Column, ColumnRules, Header};

    fn cells(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
    }

    fn lenient() -> ColumnRules {
        ColumnRules::default()
    }

    fn strict() -> ColumnRules {
        ColumnRules {
            strict: true,
            ..ColumnRules::default()
        }
    }

    #[test]
    fn header_is_case_insensitive_and_suggests_unknown_columns() {
        assert!(Header::parse(&cells("Patient ID,EXERCISE,Reps"), &lenient()).is_ok());
        let errors =
            Header::parse(&cells("patient_id,exercise,Date of Birth"), &strict()).unwrap_err();
        assert_eq!(errors[0].message, "unknown column `Date of Birth`");
        let (header, warnings) =
            Header::parse(&cells("patient_id,Date of Birth,exercise,rpes"), &lenient()).unwrap();
        assert_eq!(header.len(), 4);
        assert_eq!(header.position(Column::Exercise), Some(2));
        assert_eq!(header.column(1), None);
        assert_eq!(
            warnings[0].message,
            "ignoring 2 unknown columns: `Date of Birth`, `rpes`"
        );
        assert_eq!(warnings[0].notes, ["`rpes`: did you mean `reps`?"]);
    }

    #[test]
    fn aliases_name_columns_once() {
        let (header, _) = Header::parse(
            &cells("MRN,Patient,exercise,Repetitions,Hold Seconds,times-per-day"),
            &lenient(),
        )
        .unwrap();
        assert_eq!(header.position(Column::PatientId), Some(0));
        assert_eq!(header.position(Column::PatientName), Some(1));
        assert_eq!(header.position(Column::Reps), Some(3));
        assert_eq!(header.position(Column::Hold), Some(4));
        assert_eq!(header.position(Column::PerDay), Some(5));
        let errors = Header::parse(&cells("id,exercise,reps,repetitions"), &lenient()).unwrap_err();
        assert_eq!(
            errors[0].message,
            "column `reps` appears twice (`repetitions` is another name for it)"
        );
    }

    #[test]
    fn export_headers_name_the_columns_they_mean() {
        let (header, warnings) = Header::parse(
            &cells(
                "Patient ID,Therapist,Start Date,Follow-up,Exercise name,Rep,Hold (s),Times per day",
            ),
            &lenient(),
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        // A no-break space, as spreadsheets paste it, is a space.
        let (nbsp, _) = Header::parse(&cells("id,exercise,Start\u{a0}Date"), &lenient()).unwrap();
        assert_eq!(nbsp.column(2), Some(Column::Issued));
        for (at, column) in [
            (0, Column::PatientId),
            (1, Column::Prescriber),
            (2, Column::Issued),
            (3, Column::Review),
            (4, Column::Exercise),
            (5, Column::Reps),
            (6, Column::Hold),
            (7, Column::PerDay),
        ] {
            assert_eq!(header.column(at), Some(column), "{at}");
        }
        for (aliases, column) in [
            (["Clinician", "Provider"], Column::Prescriber),
            (["Date issued", "Start date"], Column::Issued),
            (["Review date", "Follow-up"], Column::Review),
            (["Repetitions", "REP"], Column::Reps),
            (["Hold (sec)", "Seconds"], Column::Hold),
            (["Frequency", "times per day"], Column::PerDay),
            (["MRN", "patient id"], Column::PatientId),
        ] {
            for alias in aliases {
                // The alias stands alone for the column it names.
                let (line, at) = if column == Column::PatientId {
                    (format!("{alias},exercise"), 0)
                } else {
                    (format!("id,exercise,{alias}"), 2)
                };
                let (header, _) = Header::parse(&cells(&line), &lenient())
                    .unwrap_or_else(|e| panic!("{alias}: {e:?}"));
                assert_eq!(header.position(column), Some(at), "{alias}");
            }
        }
    }

    #[test]
    fn a_header_that_looks_like_a_column_is_an_error_unless_ignored() {
        for (cell, like) in [
            ("Reps.", "reps"),
            ("No. of sets", "sets"),
            ("Hold time (s)", "hold"),
            ("Exercize", "exercise"),
            ("Prescibers", "prescriber"),
            ("Per day (x)", "per_day"),
        ] {
            let errors =
                Header::parse(&cells(&format!("id,exercise,{cell}")), &lenient()).expect_err(cell);
            assert_eq!(
                errors[0].message,
                format!("column `{cell}` looks like `{like}`, but rx does not read it"),
                "{cell}"
            );
            let rules = ColumnRules {
                ignore: vec![cell.to_uppercase()],
                ..ColumnRules::default()
            };
            let (header, warnings) =
                Header::parse(&cells(&format!("id,exercise,{cell}")), &rules).expect(cell);
            assert_eq!(header.column(2), None);
            assert!(warnings.is_empty(), "{cell}: {warnings:?}");
        }
        // Columns an export carries that look like nothing rx reads stay one
        // warning.
        let (_, warnings) = Header::parse(
            &cells("id,exercise,Age,Sex,Date of Birth,DOB,Email,Diagnosis,Insurance"),
            &lenient(),
        )
        .expect("only unknown columns");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn a_missing_exercise_column_lists_the_headers_seen() {
        let errors =
            Header::parse(&cells("MRN,Patient,Drill,Sets"), &lenient()).expect_err("no exercise");
        assert_eq!(errors[0].message, "no `exercise` column");
        assert_eq!(
            errors[0].notes,
            ["the header has `MRN`, `Patient`, `Drill`, `Sets`"]
        );
    }
}
