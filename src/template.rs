//! The workbook template (`rx new --template plans.xlsx`): the catalogue,
//! a language and the clinic's prescriber -> the bytes of an `.xlsx` a
//! clinic fills in Excel, LibreOffice or Google Sheets and gives to
//! `rx build` as it is.
//!
//! Three sheets. "Plans" has rx's columns (`parse::columns`, so the header
//! can never drift from what the batch reader reads), frozen, sized, with
//! one example patient that builds; drop-downs for the exercise (every
//! catalogue name in the language, as a range on "Exercises": an inline
//! list is limited to 255 characters), side, paper, large print and
//! language; whole numbers within the hard caps (`dose::caps`) for the dose
//! columns, each with an input message giving the catalogue's usual range;
//! ISO dates on the date columns. "Exercises" lists each entry: id, name,
//! region, position, equipment, each source's dose and the limits a plan
//! is checked against (a clinic's own where it sets one). "About" says how
//! to fill it in and build it.
//!
//! A pure function: the document's creation date is fixed, so the same
//! catalogue and language give the same bytes.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};

use crate::catalogue::{Catalogue, Entry, Word as _};
use crate::dose::Field;
use crate::lang::Language;
use crate::parse::csv::Column;
use crate::plan::{Dose, Frequency, Side};

/// The sheets' names, as the About sheet and the drop-down's range name
/// them.
pub const PLANS: &str = "Plans";
pub const EXERCISES: &str = "Exercises";
pub const ABOUT: &str = "About";

/// The last row (0-based) the Plans sheet's validations and formats reach:
/// room for a clinic's whole list, far below the sheet's end so the file
/// stays small.
const LAST_ROW: u32 = 9_999;

/// The id and name an example patient carries, so a clinic sees at once
/// which row to replace.
pub const EXAMPLE_ID: &str = "EXAMPLE-1";
const EXAMPLE_NAME: &str = "Example Patient";
const EXAMPLE_PRESCRIBER: &str = "Your Name, PT";

/// The headers of the Exercises sheet before its limits, one column per
/// dose field (`Field::ALL`, by key).
pub const EXERCISE_HEADERS: [&str; 6] = ["id", "name", "region", "position", "equipment", "doses"];

/// The template workbook's bytes: the catalogue's exercises named in
/// `language` (in English where an entry has no text in it), the example
/// patient prescribed by `prescriber` (the settings' prescriber) if given.
pub fn workbook(
    catalogue: &Catalogue,
    language: Language,
    prescriber: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation date: without one the file carries the clock's time.
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("rx plans")
            .set_author("rx")
            .set_creation_datetime(&created),
    );
    let entries = catalogue.entries();
    plans(book.add_worksheet(), catalogue, language, prescriber)?;
    exercises(book.add_worksheet(), entries, language)?;
    about(book.add_worksheet())?;
    book.save_to_buffer()
}

fn bold() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
}

/// The Plans sheet: header, example patient, formats and validations.
fn plans(
    sheet: &mut Worksheet,
    catalogue: &Catalogue,
    language: Language,
    prescriber: Option<&str>,
) -> Result<(), XlsxError> {
    sheet.set_name(PLANS)?;
    let header = bold();
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Left);
    for (col, column) in Column::ALL.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, column.name(), &header)?;
        sheet.set_column_width(col, width(*column))?;
        if matches!(column, Column::Issued | Column::Review) {
            sheet.set_column_format(col, &date)?;
        }
        if let Some(rule) = validation(*column, catalogue)? {
            sheet.add_data_validation(1, col, LAST_ROW, col, &rule)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let at = |column: Column| {
        Column::ALL
            .iter()
            .position(|c| *c == column)
            .expect("every column is in ALL") as u16
    };
    for (i, entry) in catalogue.entries().iter().take(2).enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, at(Column::PatientId), EXAMPLE_ID)?;
        if i == 0 {
            sheet.write_string(row, at(Column::PatientName), EXAMPLE_NAME)?;
            sheet.write_string(
                row,
                at(Column::Prescriber),
                prescriber.unwrap_or(EXAMPLE_PRESCRIBER),
            )?;
            // No issue date: the sheet is dated the day it is built.
            sheet.write_number(row, at(Column::Weeks), 2)?;
            sheet.write_string(row, at(Column::Language), language.code())?;
        }
        sheet.write_string(
            row,
            at(Column::Exercise),
            entry.printed_or_english(language).0.name,
        )?;
        let dose = Dose::starting(entry, entry.recommended_prescription());
        sheet.write_number(row, at(Column::Sets), dose.sets)?;
        sheet.write_number(row, at(Column::Reps), dose.reps)?;
        if let Some(hold) = dose.hold {
            sheet.write_number(row, at(Column::Hold), hold)?;
        }
        match dose.frequency {
            Frequency::PerDay(n) => sheet.write_number(row, at(Column::PerDay), n)?,
            Frequency::PerWeek(n) => sheet.write_number(row, at(Column::PerWeek), n)?,
        };
        if let Some(side) = dose.side {
            sheet.write_string(row, at(Column::Side), side_word(side))?;
        }
    }
    Ok(())
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
        Side::Both => "both",
        Side::Alternate => "alternate",
    }
}

/// A column's width in characters: room for its header and usual values.
fn width(column: Column) -> f64 {
    match column {
        Column::PatientName | Column::Prescriber | Column::Clinic | Column::Exercise => 28.0,
        Column::Notes | Column::Note | Column::Exceed | Column::Video => 32.0,
        Column::PatientId | Column::Phone | Column::Issued | Column::Review => 14.0,
        Column::LargePrint | Column::Language => 12.0,
        _ => 9.0,
    }
}

/// The drop-down or number rule of a Plans column, if it has one.
fn validation(column: Column, catalogue: &Catalogue) -> Result<Option<DataValidation>, XlsxError> {
    let list = |values: &[&str], what: &str| {
        DataValidation::new()
            .allow_list_strings(values)?
            .set_input_title(what)
    };
    let rule = match column {
        Column::Exercise => {
            let last = catalogue.entries().len().max(1) + 1;
            // rx also reads ids and aliases, so another name only warns.
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("={EXERCISES}!$B$2:$B${last}")))
                .set_input_title("Exercise")?
                .set_input_message(
                    "Pick from the list (names in the Exercises sheet). rx also reads an exercise's id or another of its names.",
                )?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_message("Not a name on the Exercises sheet: rx will check it when it builds.")?
        }
        Column::Side => list(&["left", "right", "both", "alternate"], "Side")?,
        Column::Paper => list(&["letter", "a4"], "Paper")?,
        Column::LargePrint => list(&["yes", "no"], "Large print")?,
        Column::Language => {
            let codes: Vec<&str> = Language::all().map(Language::code).collect();
            // rx also reads a language's name ("Spanish"): only a warning.
            list(&codes, "Sheet language")?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_message("rx reads a language's code or its name.")?
        }
        Column::Weeks => whole(
            1,
            crate::parse::caps::WEEKS,
            "Weeks",
            "Weeks until the review: a whole number from 1 to 52. Leave empty when a review date is given.",
        )?,
        // A dose column is named by its field's key.
        _ => match Field::from_key(column.name()) {
            Some(field) => {
                let low = u32::from(field != Field::Hold);
                let message = format!(
                    "A whole number from {low} to {} (rx's cap). {} Each exercise's own range is on the Exercises sheet; rx checks it when it builds.",
                    field.cap(),
                    usual(catalogue, field)
                );
                whole(low, field.cap(), column.name(), &message)?
            }
            None => return Ok(None),
        },
    };
    Ok(Some(rule))
}

/// A whole-number rule from `low` to `high`, with its input message.
fn whole(low: u32, high: u32, title: &str, message: &str) -> Result<DataValidation, XlsxError> {
    let bound = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(bound(low), bound(high)))
        .set_input_title(title)?
        .set_input_message(message)?
        .set_error_title("Not a whole number in range")?
        .set_error_message(format!("Type a whole number from {low} to {high}."))
}

/// "Usually 8–12 (the catalogue's limits run 1–30)." for a field over the
/// catalogue: the most common limit, then the span of all of them.
fn usual(catalogue: &Catalogue, field: Field) -> String {
    let ranges: Vec<crate::catalogue::Range> = catalogue
        .entries()
        .iter()
        .filter_map(|e| crate::limits::applies(e, field).map(|a| a.range()))
        .collect();
    let (Some(low), Some(high)) = (
        ranges.iter().map(|r| r.min).min(),
        ranges.iter().map(|r| r.max).max(),
    ) else {
        return String::new();
    };
    let span = crate::catalogue::Range {
        min: low,
        max: high,
    };
    // The most common range, the earliest of equals: a BTreeMap keeps the
    // answer the same from run to run.
    let mut counts: std::collections::BTreeMap<(u32, u32), (usize, usize)> = Default::default();
    for (i, r) in ranges.iter().enumerate() {
        counts.entry((r.min, r.max)).or_insert((0, i)).0 += 1;
    }
    let common = counts
        .iter()
        .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)))
        .map(|(&(min, max), _)| crate::catalogue::Range { min, max })
        .unwrap_or(span);
    format!(
        "Usually {}; the catalogue's limits run {}.",
        common.range(),
        span.range()
    )
}

/// The Exercises sheet: one row per entry.
fn exercises(
    sheet: &mut Worksheet,
    entries: &[std::sync::Arc<Entry>],
    language: Language,
) -> Result<(), XlsxError> {
    sheet.set_name(EXERCISES)?;
    let header = bold();
    let wrap = Format::new().set_text_wrap();
    let headers = EXERCISE_HEADERS
        .into_iter()
        .chain(Field::ALL.into_iter().map(Field::key));
    for (col, name) in headers.enumerate() {
        sheet.write_string_with_format(0, col as u16, name, &header)?;
    }
    for (col, width) in [16.0, 30.0, 14.0, 30.0, 16.0, 60.0]
        .into_iter()
        .chain([8.0; Field::ALL.len()])
        .enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_column_format(5, &wrap)?;
    sheet.set_freeze_panes(1, 2)?;
    for (i, entry) in entries.iter().enumerate() {
        let row = 1 + i as u32;
        let printed = entry.printed_or_english(language).0;
        let words = |list: Vec<&str>| list.join(", ");
        let doses: Vec<String> = entry
            .prescriptions
            .iter()
            .map(|p| format!("{}: {}", p.label(), p.summary()))
            .collect();
        let cells = [
            entry.id.clone(),
            printed.name.to_owned(),
            words(entry.regions.iter().map(|r| r.word()).collect()),
            printed.position.to_owned(),
            words(entry.equipment.iter().map(|e| e.word()).collect()),
            doses.join("\n"),
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string(row, col as u16, text)?;
        }
        for (j, field) in Field::ALL.into_iter().enumerate() {
            let range = crate::limits::applies(entry, field)
                .map_or_else(|| "-".to_owned(), |a| a.range().range());
            sheet.write_string(row, (cells.len() + j) as u16, &range)?;
        }
    }
    Ok(())
}

/// The About sheet: how to fill the template in and build it.
fn about(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name(ABOUT)?;
    sheet.set_column_width(0, 100.0)?;
    let title = Format::new().set_bold().set_font_size(14);
    sheet.write_string_with_format(0, 0, "rx plans workbook", &title)?;
    for (i, line) in ABOUT_LINES.iter().enumerate() {
        sheet.write_string(2 + i as u32, 0, *line)?;
    }
    Ok(())
}

const ABOUT_LINES: [&str; 16] = [
    "How to fill it in",
    "- One row per exercise per patient, on the Plans sheet. Rows with the same patient_id make one patient's plan, wherever they stand.",
    "- Fill in patient_name, prescriber and the other patient columns on one row of each patient (or on every row, the same each time).",
    "- exercise: pick a name from the list; the Exercises sheet shows each exercise's doses and limits.",
    "- sets, reps, hold (seconds), per_day or per_week: whole numbers. Leave one empty for the exercise's usual dose.",
    "- issued and review: dates. Leave issued empty to date the sheet the day it is built; give review or weeks, not both.",
    "- side: left, right, both or alternate, for exercises done on one side at a time.",
    "- Replace the example patient (EXAMPLE-1) with your own, or delete its rows.",
    "",
    "How to build the sheets",
    "- Save the workbook as .xlsx. Keep Plans as the first sheet (or give --sheet Plans).",
    "- Run: rx build plans.xlsx   (or: rx plans.xlsx). The sheets go to a folder named after the workbook, beside it.",
    "- On Windows, drag the workbook onto rx.exe.",
    "- rx check plans.xlsx lists every problem with its sheet and cell, and builds nothing.",
    "",
    "The columns and their other names are in rx's README, under \"Keeping plans in a spreadsheet\".",
];
