//! `rx new --template plans.xlsx`: the workbook a clinic fills in. Read
//! back with calamine (the cells) and from the zip (the validations, which
//! calamine does not expose); every expectation comes from the catalogue
//! and rx's own columns and caps.

use std::io::{Cursor, Read as _};

use calamine::{Data, Reader as _, Xlsx};
use rx::dose::caps;
use rx::lang::Language;
use rx::parse::csv::Column;

use crate::support::{Test, file_names};

/// `rx new --template plans.xlsx` with `extra` arguments, run in `test`'s
/// folder; the workbook's bytes.
fn template(test: Test, extra: &[&str]) -> (Test, Vec<u8>) {
    let mut args = vec!["new", "--template", "plans.xlsx"];
    args.extend_from_slice(extra);
    let test = test
        .args(&args)
        .status(0)
        .stdout("wrote plans.xlsx: replace the example patient with yours, then run `rx build plans.xlsx`\n")
        .stderr("");
    test.run();
    let bytes = std::fs::read(test.path("plans.xlsx")).expect("the template");
    (test, bytes)
}

/// A sheet's cells as text, row by row.
fn rows(book: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let mut xlsx: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(book)).expect("an .xlsx");
    let range = xlsx.worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// One part of the workbook's zip, as text.
fn part(book: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(book)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("the part")
        .read_to_string(&mut text)
        .expect("XML");
    text
}

/// The spreadsheet letter of a 0-based column (A..Z, AA..).
fn letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

fn column_of(column: Column) -> String {
    letter(
        Column::ALL
            .iter()
            .position(|c| *c == column)
            .expect("a column"),
    )
}

/// One `<dataValidation>` of a sheet: its attributes' text and formulas.
struct Validation {
    tag: String,
    formula1: String,
    formula2: String,
}

impl Validation {
    fn attribute(&self, name: &str) -> Option<&str> {
        let start = self.tag.find(&format!(" {name}=\""))? + name.len() + 3;
        self.tag[start..].split('"').next()
    }
}

fn validations(sheet_xml: &str) -> Vec<Validation> {
    let between = |text: &str, open: &str, close: &str| {
        text.split_once(open)
            .and_then(|(_, rest)| rest.split_once(close))
            .map_or(String::new(), |(inside, _)| inside.to_owned())
    };
    sheet_xml
        .split("<dataValidation ")
        .skip(1)
        .map(|chunk| {
            let chunk = chunk.split("</dataValidation>").next().unwrap_or(chunk);
            let tag = chunk.split('>').next().unwrap_or_default().to_owned();
            Validation {
                tag: format!(" {tag}"),
                formula1: between(chunk, "<formula1>", "</formula1>"),
                formula2: between(chunk, "<formula2>", "</formula2>"),
            }
        })
        .collect()
}

/// The validation on a Plans column (from row 2 down).
fn on(all: &[Validation], column: Column) -> &Validation {
    let letter = column_of(column);
    all.iter()
        .find(|v| {
            v.attribute("sqref")
                .is_some_and(|r| r.starts_with(&format!("{letter}2:{letter}")))
        })
        .unwrap_or_else(|| panic!("no validation on `{}`", column.name()))
}

#[test]
fn the_template_has_rx_columns_and_every_catalogue_exercise() {
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    for language in Language::all() {
        let (_, book) = template(Test::new(), &["--language", language.code()]);
        let plans = rows(&book, "Plans");
        let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(plans[0], names, "the Plans header is rx's columns");
        let exercises = rows(&book, "Exercises");
        let listed: Vec<(&str, &str)> = exercises[1..]
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect();
        let expected: Vec<(&str, &str)> = catalogue
            .entries()
            .iter()
            .map(|e| (e.id.as_str(), e.printed_or_english(language).0.name))
            .collect();
        assert_eq!(listed, expected, "{}", language.code());
        // Each exercise's limits, a column per dose field.
        let fields = rx::dose::Field::ALL;
        let keys: Vec<&str> = fields.iter().map(|f| f.key()).collect();
        assert_eq!(exercises[0][exercises[0].len() - fields.len()..], keys);
        for (row, entry) in exercises[1..].iter().zip(catalogue.entries()) {
            let limits: Vec<String> = fields
                .iter()
                .map(|&f| {
                    rx::limits::applies(entry, f).map_or("-".to_owned(), |a| a.range().range())
                })
                .collect();
            assert_eq!(row[row.len() - fields.len()..], limits, "{}", entry.id);
        }
        let about = rows(&book, "About");
        assert!(
            about.iter().any(|r| r[0].contains("rx build plans.xlsx")),
            "the About sheet says how to build: {about:?}"
        );
    }
}

#[test]
fn a_clinic_catalogue_s_exercises_are_in_the_template_drop_down() {
    let (_, book) = template(
        Test::new().file("clinic.toml", crate::catalogue::CLINIC),
        &["--catalogue", "clinic.toml"],
    );
    let exercises = rows(&book, "Exercises");
    let wall = exercises
        .iter()
        .position(|r| r[0] == "wall-sit")
        .expect("the clinic's exercise is listed");
    assert_eq!(exercises[wall][1], "Wall sit");
    let all = validations(&part(&book, "xl/worksheets/sheet1.xml"));
    let list = &on(&all, Column::Exercise).formula1;
    // The drop-down's range reaches the last listed exercise.
    assert_eq!(*list, format!("Exercises!$B$2:$B${}", exercises.len()));
}

#[test]
fn the_template_builds_its_example_patient_as_is() {
    let (test, _) = template(Test::new(), &[]);
    let built = test
        .in_same_folder()
        .args(&["build", "plans.xlsx"])
        .status(0)
        .stdout("built 1 of 1 patient, skipped 0; written to plans\n")
        .stderr("");
    built.run();
    let sheets = file_names(&test.path("plans"));
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    assert!(sheets[0].starts_with("EXAMPLE-1_"), "{sheets:?}");
    // In Spanish too: the drop-down's names are the ones rx reads.
    let (test, _) = template(Test::new(), &["--language", "es"]);
    test.in_same_folder()
        .args(&["check", "plans.xlsx"])
        .status(0)
        .stdout("plans.xlsx: 1 patient, 1 valid, 0 invalid\n")
        .stderr("")
        .run();
}

#[test]
fn the_template_validates_doses_and_offers_drop_downs() {
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let (_, book) = template(Test::new(), &[]);
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    let all = validations(&sheet);
    let exercise = on(&all, Column::Exercise);
    assert_eq!(exercise.attribute("type"), Some("list"));
    assert_eq!(
        exercise.formula1,
        format!("Exercises!$B$2:$B${}", catalogue.entries().len() + 1)
    );
    for (column, low, cap) in [
        (Column::Sets, 1, caps::SETS),
        (Column::Reps, 1, caps::REPS),
        (Column::Hold, 0, caps::HOLD),
        (Column::PerDay, 1, caps::PER_DAY),
        (Column::PerWeek, 1, caps::PER_WEEK),
    ] {
        let v = on(&all, column);
        assert_eq!(v.attribute("type"), Some("whole"), "{}", column.name());
        assert_eq!(
            (v.formula1.as_str(), v.formula2.as_str()),
            (low.to_string().as_str(), cap.to_string().as_str()),
            "{}",
            column.name()
        );
        // The message gives the span of the catalogue's limits for it.
        let field = rx::dose::Field::from_key(column.name()).expect("a dose field");
        let ranges: Vec<_> = catalogue
            .entries()
            .iter()
            .filter_map(|e| rx::limits::applies(e, field).map(|a| a.range()))
            .collect();
        let span = rx::catalogue::Range {
            min: ranges.iter().map(|r| r.min).min().expect("a limit"),
            max: ranges.iter().map(|r| r.max).max().expect("a limit"),
        };
        let prompt = v.attribute("prompt").expect("an input message");
        assert!(
            prompt.contains(&format!("the catalogue's limits run {}.", span.range())),
            "{}: {prompt}",
            column.name()
        );
    }
    let codes: Vec<&str> = Language::all().map(Language::code).collect();
    for (column, values) in [
        (Column::Side, vec!["left", "right", "both", "alternate"]),
        (Column::Paper, vec!["letter", "a4"]),
        (Column::LargePrint, vec!["yes", "no"]),
        (Column::Language, codes),
    ] {
        let v = on(&all, column);
        assert_eq!(v.attribute("type"), Some("list"), "{}", column.name());
        assert_eq!(
            v.formula1,
            format!("\"{}\"", values.join(",")),
            "{}",
            column.name()
        );
    }
    // The header stays in view, and dates show as ISO days.
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "the header row is frozen"
    );
    assert!(
        part(&book, "xl/styles.xml").contains(r#"formatCode="yyyy\-mm\-dd""#)
            || part(&book, "xl/styles.xml").contains(r#"formatCode="yyyy-mm-dd""#),
        "the date columns' format"
    );
}

#[test]
fn the_same_catalogue_and_language_give_the_same_template_bytes() {
    let (_, first) = template(Test::new(), &[]);
    // A second later: a clock's time in the file would differ.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (_, second) = template(Test::new().env("SOURCE_DATE_EPOCH", "1800000000"), &[]);
    assert!(first == second, "the template's bytes differ");
}

#[test]
fn the_template_is_never_written_over_a_file_or_under_another_name() {
    let test = Test::new()
        .file("plans.xlsx", "keep me")
        .args(&["new", "--template", "plans.xlsx"])
        .status(2)
        .stderr("rx: error: plans.xlsx already exists; rx will not overwrite it\n");
    test.run();
    assert_eq!(
        std::fs::read_to_string(test.path("plans.xlsx")).expect("the file is still there"),
        "keep me"
    );
    let test = Test::new()
        .args(&["new", "--template", "plans.csv"])
        .status(2)
        .stderr("rx: error: a template is an Excel workbook: name it with .xlsx, not plans.csv\n");
    test.run();
    assert!(!test.path("plans.csv").exists());
}
