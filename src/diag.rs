//! Diagnostics: what is wrong with the user's input, and where.
//!
//! Every stage returns `Diagnostic`s instead of failing on the first problem.
//! A diagnostic carries a byte span into one source file (a plan or a
//! catalogue); only this module turns spans into `file:line:column`, source
//! lines and carets, so every diagnostic reads the same way.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// A file's name (as the user gave it) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Byte offset of each line's start, made on first use, so finding the
    /// line of each of many diagnostics is a binary search, not a rescan.
    lines: std::sync::OnceLock<Vec<usize>>,
    /// For a workbook's rows: where they are in it, so a CSV row and column
    /// are shown as the sheet and cell the clinic sees.
    pub sheet: Option<SheetPlace>,
}

/// Where a batch's rows read from a workbook sheet are: CSV row 1 (the
/// header) is the sheet's row `first_row` (0-based), its first cell column
/// `first_col`, and each of rx's columns is in a sheet column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetPlace {
    pub sheet: String,
    pub first_row: u32,
    pub first_col: u32,
    /// rx's column name and the sheet column (0-based) holding it.
    pub columns: Vec<(&'static str, u32)>,
}

impl SheetPlace {
    /// The sheet's 1-based row number of CSV row `row`.
    pub fn row(&self, row: usize) -> usize {
        self.first_row as usize + row
    }

    /// The cell name (`C7`) of CSV row `row` in rx's column `column`, or
    /// `None` when the column is not one of the sheet's (`row`, `header`).
    pub fn cell(&self, row: usize, column: &str) -> Option<String> {
        let (_, col) = self.columns.iter().find(|(name, _)| *name == column)?;
        Some(cell_name(
            u32::try_from(self.row(row)).ok()?.checked_sub(1)?,
            *col,
        ))
    }

    /// `plans.xlsx, sheet "Plans", cell C7 (reps)`, or `..., row 7` for a
    /// whole row.
    fn locate(&self, file: &str, row: usize, column: &str) -> String {
        match self.cell(row, column) {
            Some(cell) => format!("{file}, sheet \"{}\", cell {cell} ({column})", self.sheet),
            None => format!("{file}, sheet \"{}\", row {}", self.sheet, self.row(row)),
        }
    }
}

/// A cell's name as a spreadsheet shows it, from its 0-based row and
/// column: (6, 2) is `C7`.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
            sheet: None,
        }
    }

    /// The rows of a workbook sheet, at `place`.
    pub fn with_sheet(mut self, place: Option<SheetPlace>) -> Self {
        self.sheet = place;
        self
    }

    fn line_starts(&self) -> &[usize] {
        self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&start| start <= offset);
        let line_start = starts[line - 1];
        let column = chars(&self.text.as_bytes()[line_start..offset]) + 1;
        (line, column)
    }

    /// The text of the line holding `offset`, without its line end.
    fn line_text(&self, offset: usize) -> &str {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&start| start <= offset);
        let start = starts[line - 1];
        let end = starts.get(line).map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// Characters in UTF-8 bytes: every byte but continuation bytes.
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How bad a diagnostic is. Errors make a plan invalid; warnings do not,
/// unless the user asks for `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Stable diagnostic codes. Tools match on these; never renumber one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// The file is not valid TOML.
    Syntax,
    /// The file holds nothing.
    EmptyFile,
    /// The file's bytes are not UTF-8.
    NotUtf8,
    /// A key the format does not know.
    UnknownKey,
    /// A value of the wrong type (`reps = "ten"`).
    WrongType,
    /// A required key is missing.
    Missing,
    /// A value that can never be right for its field: zero, negative, too large, empty.
    BadValue,
    /// The file or one of its fields is larger than rx accepts.
    TooLarge,
    /// A character no embedded font can draw.
    Undrawable,
    /// A control character, a direction control, or a line break in a
    /// one-line field.
    HiddenControl,
    /// More combining marks on one letter than real writing uses.
    TooManyMarks,
    /// A CSV column rx does not read whose header looks like one it does.
    LookalikeColumn,
    /// A name with `??` or U+FFFD: an export that could not hold its
    /// letters.
    LostCharacters,
    /// A clinic limit (`[limits.ID]`) that is not a range rx can hold:
    /// beyond a hard cap, its bounds reversed, an empty basis.
    BadClinicLimit,
    /// A clinic limit reaching beyond the catalogue's own limit with no
    /// `basis` saying whose protocol it is.
    NoBasis,
    /// A clinic limit for an exercise the catalogue does not have.
    UnknownLimitExercise,
    /// A workbook formula with no saved value.
    FormulaWithoutValue,
    /// A workbook cell holding an error (`#DIV/0!`, `#REF!`).
    CellError,
    /// `--sheet` names no sheet of the workbook.
    UnknownSheet,
    /// A clinic catalogue entry with a figure or photo but no `figure_alt`:
    /// a screen reader has nothing to say for the figure.
    MissingFigureAlt,
    /// A `figure_alt` longer than a screen reader's listener can follow.
    LongFigureAlt,
    /// An exercise name not in the catalogue.
    UnknownExercise,
    /// Both of two keys that exclude each other.
    Conflict,
    /// A dose outside the catalogue's limits.
    OutOfLimits,
    /// A dose field given for an exercise it does not apply to.
    NotApplicable,
    /// An `exceed` reason on an exercise whose dose is within its limits.
    NeedlessExceed,
    /// A day's total (reps or holding time, per side) beyond the margin
    /// over the largest any one source prescribes.
    DailyVolume,
    /// A bare `exceed` reason on a dose with more than one field beyond its
    /// limit: it must say which it covers.
    VagueExceed,
    /// A dose each of whose fields is within its limits, but that no one
    /// source prescribes as a whole.
    Unsourced,
    /// A dose field the plan leaves out whose source value lies outside the
    /// clinic's limit for it.
    LeftOutBeyondClinic,
    /// `minutes` written for an exercise no source times (it is counted).
    NotTimed,
    /// An exercise or safety line the catalogue has no text for in the
    /// sheet's language.
    Untranslated,
    /// A date that cannot be read.
    BadDate,
    /// A spreadsheet day number for 29 February 1900, which Excel counts
    /// and the calendar does not have.
    FakeLeapDay,
    /// An issue date written as a spreadsheet day number more than a year
    /// from today.
    DistantDayNumber,
    /// A review date on or before the issue date.
    ReviewBeforeIssue,
    /// An issue date more than a year from today: likely a typo in the year.
    DistantDate,
    /// The same exercise twice in one plan.
    Duplicate,
    /// More exercises than a patient can reasonably do in one session.
    LongSession,
    /// A plan that takes longer a day than the clinic's maximum.
    LongDay,
    /// A catalogue whose data breaks its own rules.
    BadCatalogue,
    /// A catalogue step with a `{marker}` the format does not know.
    UnknownStepMarker,
    /// A catalogue step marker in the wrong place: a flag after the first
    /// word, `{hold}` in a step printed without a hold, or a translated
    /// step whose flags are not the English step's.
    MisplacedStepMarker,
}

impl Code {
    /// The stable code printed as `error[RX0203]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "RX0101",
            Code::EmptyFile => "RX0102",
            Code::NotUtf8 => "RX0103",
            Code::UnknownKey => "RX0104",
            Code::WrongType => "RX0105",
            Code::Missing => "RX0106",
            Code::BadValue => "RX0107",
            Code::TooLarge => "RX0108",
            Code::Undrawable => "RX0109",
            Code::HiddenControl => "RX0115",
            Code::TooManyMarks => "RX0116",
            Code::LookalikeColumn => "RX0117",
            Code::LostCharacters => "RX0118",
            Code::BadClinicLimit => "RX0119",
            Code::NoBasis => "RX0120",
            Code::UnknownLimitExercise => "RX0121",
            Code::UnknownStepMarker => "RX0125",
            Code::MisplacedStepMarker => "RX0126",
            Code::FormulaWithoutValue => "RX0127",
            Code::CellError => "RX0128",
            Code::UnknownSheet => "RX0129",
            Code::MissingFigureAlt => "RX0130",
            Code::LongFigureAlt => "RX0131",
            Code::UnknownExercise => "RX0201",
            Code::Conflict => "RX0202",
            Code::OutOfLimits => "RX0203",
            Code::NotApplicable => "RX0204",
            Code::NeedlessExceed => "RX0205",
            Code::DailyVolume => "RX0206",
            Code::Untranslated => "RX0207",
            Code::VagueExceed => "RX0208",
            Code::Unsourced => "RX0209",
            Code::LeftOutBeyondClinic => "RX0210",
            Code::NotTimed => "RX0211",
            Code::BadDate => "RX0301",
            Code::ReviewBeforeIssue => "RX0302",
            Code::DistantDate => "RX0303",
            Code::FakeLeapDay => "RX0304",
            Code::DistantDayNumber => "RX0305",
            Code::Duplicate => "RX0401",
            Code::LongSession => "RX0402",
            Code::LongDay => "RX0406",
            Code::BadCatalogue => "RX0501",
        }
    }
}

/// Where in the input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// A byte range of a text file (TOML plans and catalogues).
    Bytes(Range<usize>),
    /// A cell of a CSV file: the spreadsheet row (the header is row 1) and
    /// the column's name.
    Cell { row: usize, column: &'static str },
}

impl Span {
    /// Whether the span is a CSV cell: advice then speaks of columns and
    /// cells, not TOML keys and tables.
    pub fn is_cell(span: Option<&Span>) -> bool {
        matches!(span, Some(Span::Cell { .. }))
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Span {
        Span::Bytes(range)
    }
}

impl Span {
    /// Order of appearance in the file.
    fn order(&self) -> (usize, usize) {
        match self {
            Span::Bytes(range) => (range.start, 0),
            Span::Cell { row, .. } => (*row, 0),
        }
    }
}

/// One problem with the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// Where in the file; `None` for whole-file problems.
    pub span: Option<Span>,
    /// Short text printed after the caret.
    pub label: Option<String>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// In a CSV of many plans, the patient whose plan this is about.
    pub patient: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            label: None,
            notes: Vec::new(),
            help: None,
            patient: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at<S: Into<Span>>(mut self, span: Option<S>) -> Self {
        self.span = span.map(Into::into);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Mark a batch diagnostic as one patient's: the message names them
    /// (for people) and `patient` holds the id (for tools).
    pub fn set_patient(&mut self, id: &str) {
        self.message = format!("patient {id}: {}", self.message);
        self.patient = Some(id.to_owned());
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sort diagnostics by position so output follows the file top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    crate::order::by_key(diagnostics, |d| d.span.as_ref().map_or((0, 0), Span::order));
}

/// Render one diagnostic the way a compiler would.
///
/// ```text
/// error[RX0203]: bridge: 40 reps is above the catalogue limit of 12
///   --> plan.toml:14:8
///    |
/// 14 | reps = 40
///    |        ^^ allowed: 8–12 reps
///    = note: ...
///    = help: ...
/// ```
pub fn render(d: &Diagnostic, file: &SourceFile) -> String {
    let mut out = String::new();
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{kind}[{}]: {}", d.code.as_str(), d.message);
    let span = match &d.span {
        Some(Span::Bytes(range)) => range,
        Some(Span::Cell { row, column }) => {
            match &file.sheet {
                Some(place) => {
                    let _ = writeln!(out, "  --> {}", place.locate(&file.name, *row, column));
                }
                None => {
                    let _ = writeln!(out, "  --> {}:{row}:{column}", file.name);
                }
            }
            if let Some(label) = &d.label {
                let _ = writeln!(out, "   = {label}");
            }
            notes(&mut out, d, "   ");
            return out;
        }
        None => {
            match &file.sheet {
                Some(place) => {
                    let _ = writeln!(out, "  --> {}, sheet \"{}\"", file.name, place.sheet);
                }
                None => {
                    let _ = writeln!(out, "  --> {}", file.name);
                }
            }
            notes(&mut out, d, "   ");
            return out;
        }
    };
    let (line, column) = file.line_col(span.start);
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let _ = writeln!(out, "{pad}--> {}:{line}:{column}", file.name);
    let _ = writeln!(out, "{pad} |");
    // The caret runs to the end of the span or of the line, whichever is first.
    let full = file.line_text(span.start);
    let width = if span.end > span.start {
        let end = floor_char_boundary(&file.text, span.end.min(file.text.len()));
        let start = floor_char_boundary(&file.text, span.start.min(file.text.len()));
        file.text[start..end]
            .split('\n')
            .next()
            .map_or(1, |s| s.chars().count())
    } else {
        1
    };
    let (text, caret_at) = window(full, column - 1);
    let _ = writeln!(out, "{number} | {text}");
    let line_chars = text.chars().count();
    let width = width.clamp(1, (line_chars + 1).saturating_sub(caret_at).max(1));
    // Carets line up in display columns: a CJK character takes two.
    let before: String = text.chars().take(caret_at).collect();
    let under: String = text.chars().skip(caret_at).take(width).collect();
    let mut caret_line = format!(
        "{pad} | {}{}",
        " ".repeat(before.width()),
        "^".repeat(under.width().max(1))
    );
    if let Some(label) = &d.label {
        caret_line.push(' ');
        caret_line.push_str(label);
    }
    let _ = writeln!(out, "{}", caret_line.trim_end());
    notes(&mut out, d, &format!("{pad} "));
    out
}

/// Most characters of a source line a diagnostic echoes: a one-line file of
/// a megabyte must not be printed once per problem.
const MAX_ECHO: usize = 120;

/// The part of `line` to echo around the character at `column` (0-based),
/// made printable, and where the caret goes in it.
fn window(line: &str, column: usize) -> (String, usize) {
    let total = line.chars().count();
    if total <= MAX_ECHO {
        return (printable(line), column);
    }
    let start = column.saturating_sub(MAX_ECHO / 3).min(total - MAX_ECHO);
    let mut text: String = printable(&line.chars().skip(start).take(MAX_ECHO).collect::<String>());
    let mut caret = column - start;
    if start > 0 {
        text.insert(0, '…');
        caret += 1;
    }
    if start + MAX_ECHO < total {
        text.push('…');
    }
    (text, caret)
}

/// Most diagnostics shown for one file; the rest are counted in one more.
pub const MAX_SHOWN: usize = 200;

/// The diagnostics to show for one file: at most `MAX_SHOWN`, then one
/// warning that counts the rest, so a file of 100,000 problems prints 201.
pub fn shown(diagnostics: &[Diagnostic]) -> (&[Diagnostic], Option<Diagnostic>) {
    if diagnostics.len() <= MAX_SHOWN {
        return (diagnostics, None);
    }
    let hidden = diagnostics.len() - MAX_SHOWN;
    (&diagnostics[..MAX_SHOWN], Some(more(hidden)))
}

/// "… and N more problems": the last diagnostic of a capped file.
pub fn more(hidden: usize) -> Diagnostic {
    Diagnostic::warning(
        Code::TooLarge,
        format!("… and {hidden} more problems in this file, not shown"),
    )
    .help("fix the problems shown and check the file again")
}

fn notes(out: &mut String, d: &Diagnostic, indent: &str) {
    for note in &d.notes {
        let _ = writeln!(out, "{indent}= note: {note}");
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{indent}= help: {help}");
    }
}

/// Control characters in a source line would garble the terminal; tabs keep
/// their width as one space so the caret still lines up.
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Version of the JSON diagnostic shape below. Bump it when a field
/// changes meaning or goes away; adding a field is not a new version.
pub const JSON_VERSION: u32 = 1;

/// The JSON shape of a diagnostic for `--format json`, the same for TOML
/// plans, CSVs, catalogues and errors that stop a command (null where a
/// field does not apply):
///
/// - `line`: 1-based line of a TOML file, or spreadsheet row of a CSV (the
///   header is row 1);
/// - `column`: 1-based column in characters of a TOML line (null for CSV);
/// - `column_name`: the CSV column rx reads the value from, by its name in
///   the README's table (null for TOML);
/// - `patient_id`: in a CSV of many plans, whose plan it is;
/// - `sheet`, `cell`: only for a workbook's rows, the sheet's name and the
///   cell as the spreadsheet names it (`C7`; null for a whole row); `line`
///   is then the sheet's row;
/// - `code`: `RX0101`…`RX0501` for problems in the input, `RX0601`…
///   for files rx cannot read or write and other errors (see `Error::code`).
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub column_name: Option<&'static str>,
    pub patient_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<Option<String>>,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

/// The JSON form of one diagnostic.
pub fn to_json(d: &Diagnostic, file: &SourceFile) -> JsonDiagnostic {
    let (line, column, column_name) = match &d.span {
        Some(Span::Bytes(range)) => {
            let (l, c) = file.line_col(range.start);
            (Some(l), Some(c), None)
        }
        Some(Span::Cell { row, column }) => (Some(*row), None, Some(*column)),
        None => (None, None, None),
    };
    let (line, cell) = match (&file.sheet, &d.span) {
        (Some(place), Some(Span::Cell { row, column })) => {
            (Some(place.row(*row)), Some(place.cell(*row, column)))
        }
        (Some(_), _) => (line, Some(None)),
        (None, _) => (line, None),
    };
    JsonDiagnostic {
        file: Some(file.name.clone()),
        line,
        column,
        column_name,
        patient_id: d.patient.clone(),
        sheet: file.sheet.as_ref().map(|p| p.sheet.clone()),
        cell,
        severity: d.severity,
        code: d.code.as_str(),
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

/// The JSON form of an error that stopped a file or a command (cannot read
/// or write, usage): no line; the file, if there is one.
pub fn error_json(code: &'static str, file: Option<String>, message: String) -> JsonDiagnostic {
    JsonDiagnostic {
        file,
        line: None,
        column: None,
        column_name: None,
        patient_id: None,
        sheet: None,
        cell: None,
        severity: Severity::Error,
        code,
        message,
        help: None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, Diagnostic, SourceFile, render};

    #[test]
    fn renders_location_source_line_and_caret() {
        let file = SourceFile::new("plan.toml", "[x]\nreps = 40\n");
        let d = Diagnostic::error(Code::OutOfLimits, "bridge: 40 reps is above the limit")
            .at(Some(11..13))
            .label("allowed: 8–12 reps")
            .help("add a reason");
        assert_eq!(
            render(&d, &file),
            "error[RX0203]: bridge: 40 reps is above the limit\n \
             --> plan.toml:2:8\n  |\n2 | reps = 40\n  |        ^^ allowed: 8–12 reps\n  = help: add a reason\n"
        );
    }

    /// A megabyte line is echoed as a window around
    /// the problem, and many diagnostics are found without rescanning.
    #[test]
    fn long_lines_echo_a_window() {
        let line = format!("{} bad = 1", "x = 1, ".repeat(50_000));
        let file = SourceFile::new("p", format!("[a]\n{line}\n"));
        let at = 4 + line.find("bad").expect("bad");
        let d = Diagnostic::error(Code::UnknownKey, "unknown key").at(Some(at..at + 3));
        let out = render(&d, &file);
        let echoed = out.lines().nth(3).expect("the source line");
        assert!(echoed.chars().count() < 140, "{echoed}");
        let caret = out.lines().nth(4).expect("the caret line");
        let col = caret.find('^').expect("a caret");
        let under: String = echoed.chars().skip(col).take(3).collect();
        assert_eq!(under, "bad", "{out}");
        assert_eq!(file.line_col(at), (2, line.chars().count() - 6));
    }

    /// Carets are counted in display columns, so a wide (CJK)
    /// character before or under the span gets its two columns.
    #[test]
    fn carets_count_display_columns() {
        let file = SourceFile::new("p", "name = \"王小明\" x");
        let at = "name = \"王小明\" ".len();
        let d = Diagnostic::error(Code::UnknownKey, "unknown").at(Some(at..at + 1));
        let out = render(&d, &file);
        let caret = out.lines().nth(4).expect("the caret line");
        assert_eq!(caret, "  |                 ^");
        let name = Diagnostic::error(Code::Undrawable, "wide").at(Some(8..17));
        let out = render(&name, &file);
        assert_eq!(out.lines().nth(4), Some("  |         ^^^^^^"));
    }

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        use super::cell_name;
        assert_eq!(cell_name(6, 2), "C7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("p", "name = \"José\" x");
        assert_eq!(file.line_col(15), (1, 15));
    }
}
