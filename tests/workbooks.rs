//! Workbooks read directly (`rx build plans.xlsx`): the same rows as a CSV
//! give the same sheets, cells keep their type, problems name the sheet and
//! cell, and a workbook that would unpack past rx's caps is refused. Also
//! `rx FILE` with no command, as a file dropped on rx runs it. The
//! workbooks are written here with `rust_xlsxwriter`, so no spreadsheet
//! program is needed.

use std::io::{Read as _, Write as _};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use crate::pdf::{Pdf, flat};
use crate::support::{PLAN, Test, sheets};

/// A cell as a clinic's spreadsheet holds it.
#[derive(Clone, Copy)]
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    /// A date cell, shown the way a British clinic's spreadsheet shows it.
    Date(u16, u8, u8),
    /// A formula and the value the spreadsheet saved with it.
    Formula(&'a str, &'a str),
    Blank,
}

use Cell::{Blank, Date, Number, Text};

const HEADER: [&str; 7] = [
    "patient_id",
    "patient_name",
    "prescriber",
    "issued",
    "review",
    "exercise",
    "reps",
];

/// The rows of two patients, P1 with two exercises.
pub(crate) fn rows() -> Vec<Vec<Cell<'static>>> {
    vec![
        vec![
            Text("P1"),
            Text("Miriam כהן"),
            Text("Dana Reyes PT"),
            Date(2026, 12, 1),
            Date(2026, 12, 15),
            Text("bridge"),
            Number(12.0),
        ],
        vec![
            Text("P1"),
            Blank,
            Blank,
            Blank,
            Blank,
            Text("knee to chest"),
            Blank,
        ],
        vec![
            Text("P2"),
            Text("José Müller"),
            Text("Dana Reyes PT"),
            Date(2026, 12, 1),
            Date(2026, 12, 13),
            Text("cat stretch"),
            Number(8.0),
        ],
    ]
}

/// The same rows as the CSV a spreadsheet saves ("CSV UTF-8", ISO dates).
fn as_csv(rows: &[Vec<Cell>]) -> String {
    let mut csv = HEADER.join(",") + "\n";
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match *cell {
                Text(s) => s.to_owned(),
                Number(n) => n.to_string(),
                Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
                Cell::Formula(_, value) => value.to_owned(),
                Blank => String::new(),
            })
            .collect();
        csv += &(cells.join(",") + "\n");
    }
    csv
}

fn write(sheet: &mut Worksheet, row: u32, col: u16, cell: Cell) {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    match cell {
        Text(s) => sheet.write_string(row, col, s).map(drop),
        Number(n) => sheet.write_number(row, col, n).map(drop),
        Date(y, m, d) => {
            let day = ExcelDateTime::from_ymd(y, m, d).expect("a real day");
            sheet
                .write_datetime_with_format(row, col, &day, &date)
                .map(drop)
        }
        Cell::Formula(f, value) => sheet
            .write_formula(row, col, Formula::new(f).set_result(value))
            .map(drop),
        Blank => Ok(()),
    }
    .expect("the cell is written");
}

/// A workbook whose sheet "Plans" has the header at `top` (0-based row and
/// column) above `rows`; `extra` more sheets come after it.
fn workbook_at(top: (u32, u16), rows: &[Vec<Cell>], extra: &[&str]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Plans").expect("a sheet name");
    for (i, name) in HEADER.iter().enumerate() {
        write(sheet, top.0, top.1 + i as u16, Text(name));
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, &cell) in row.iter().enumerate() {
            write(sheet, top.0 + 1 + r as u32, top.1 + c as u16, cell);
        }
    }
    for name in extra {
        book.add_worksheet().set_name(*name).expect("a sheet name");
    }
    book.save_to_buffer().expect("the workbook")
}

pub(crate) fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
    workbook_at((0, 0), rows, &[])
}

/// The number of patients in `rows`, by their ids.
fn patients(rows: &[Vec<Cell>]) -> usize {
    let mut ids: Vec<&str> = rows
        .iter()
        .filter_map(|r| match r[0] {
            Text(id) => Some(id),
            _ => None,
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// Builds `book` (saved as `file`) and the CSV of the same `rows` into two
/// folders and asserts the sheets are identical, byte for byte; the test is
/// returned for further looks at `from-book/`.
pub(crate) fn builds_as_its_csv(file: &str, book: Vec<u8>, rows: &[Vec<Cell>]) -> Test {
    let n = patients(rows);
    let test = Test::new()
        .file(file, book)
        .file("plans.csv", as_csv(rows))
        .args(&["build", file, "-o", "from-book"])
        .status(0)
        .stdout(format!(
            "built {n} of {n} patients, skipped 0; written to from-book\n"
        ))
        .stderr("");
    test.run();
    test.in_same_folder()
        .args(&["build", "plans.csv", "-o", "from-csv"])
        .status(0)
        .stdout(format!(
            "built {n} of {n} patients, skipped 0; written to from-csv\n"
        ))
        .stderr("")
        .run();
    let (book, csv) = (
        sheets(&test.path("from-book")),
        sheets(&test.path("from-csv")),
    );
    assert_eq!(book.len(), n);
    assert!(book == csv, "the sheets differ: {:?}", names(&book));
    test
}

#[test]
fn a_workbook_and_the_csv_saved_from_it_build_identical_sheets() {
    let rows = rows();
    let test = builds_as_its_csv("plans.xlsx", workbook(&rows), &rows);
    let text = flat(&Pdf::open(&test.path("from-book/P1_2026-12-01.pdf")).text());
    assert!(text.contains("Miriam"), "{text}");
}

fn names(sheets: &[(String, Vec<u8>)]) -> Vec<&str> {
    sheets.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn date_cells_need_no_date_format() {
    // The cells show 15/12/2026, which as CSV text rx would refuse as
    // ambiguous without --date-format; as date cells they are dates.
    let test = Test::new()
        .file("plans.xlsx", workbook(&rows()))
        .args(&["build", "plans.xlsx", "-o", "out"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n")
        .stderr("");
    test.run();
    let text = flat(&Pdf::open(&test.path("out/P1_2026-12-01.pdf")).text());
    assert!(
        text.contains("until your review on Tuesday 15 December 2026"),
        "{text}"
    );
}

#[test]
fn half_a_rep_is_an_error_naming_the_sheet_and_cell() {
    let mut rows = rows();
    rows[2][6] = Number(12.5);
    // Two blank rows above the header (the first row with anything in it)
    // and a blank column A: the cell named is the one the clinic sees, H6.
    let book = workbook_at((2, 1), &rows, &[]);
    let test = Test::new()
        .file("plans.xlsx", &book)
        .args(&["build", "plans.xlsx", "-o", "out"])
        .status(1)
        .stdout("built 1 of 2 patients, skipped 1; written to out\n")
        .stderr(
            "error[RX0105]: patient P2: `reps` must be a whole number, not \"12.5\"\n  \
             --> plans.xlsx, sheet \"Plans\", cell H6 (reps)\n   \
             = expected a whole number\n\n",
        );
    test.run();
    Test::new()
        .file("plans.xlsx", &book)
        .args(&["check", "plans.xlsx", "--format", "json"])
        .status(1)
        .stdout_satisfies("P2's reps located at sheet Plans, cell H6, row 6", |out| {
            let all: serde_json::Value = serde_json::from_str(out).expect("JSON");
            all.as_array().is_some_and(|all| {
                all.iter().any(|d| {
                    d["code"] == "RX0105"
                        && d["patient_id"] == "P2"
                        && d["sheet"] == "Plans"
                        && d["cell"] == "H6"
                        && d["line"] == 6
                        && d["column_name"] == "reps"
                })
            })
        })
        .run();
}

/// The workbook with one part's text changed, repacked.
fn rewrite(book: Vec<u8>, part: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut changed = false;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("an entry");
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("the entry's bytes");
        if name == part {
            let text = String::from_utf8(bytes).expect("XML");
            let new = change(text.clone());
            changed = new != text;
            bytes = new.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("an entry");
        out.write_all(&bytes).expect("the entry's bytes");
    }
    assert!(changed, "{part} was not changed");
    out.finish().expect("the zip").into_inner()
}

#[test]
fn a_formula_without_a_saved_value_is_an_error_naming_its_cell() {
    let mut rows = rows();
    rows[0][6] = Cell::Formula("=6+6", "12");
    // A formula with its saved value reads as that value.
    Test::new()
        .file("plans.xlsx", workbook(&rows))
        .args(&["check", "plans.xlsx"])
        .status(0)
        .stdout("plans.xlsx: 2 patients, 2 valid, 0 invalid\n")
        .stderr("")
        .run();
    // Without one (as a program that writes workbooks may leave it), rx
    // does not guess, and reads nothing.
    rows[0][6] = Cell::Formula("=6+6", "");
    let book = rewrite(workbook(&rows), "xl/worksheets/sheet1.xml", |xml| {
        let (before, after) = xml.split_once("<f>6+6</f>").expect("the formula");
        let after = after
            .strip_prefix("<v>")
            .and_then(|v| v.split_once("</v>"))
            .map_or(after, |(_, rest)| rest);
        format!("{before}<f>6+6</f>{after}")
    });
    Test::new()
        .file("plans.xlsx", book)
        .args(&["build", "plans.xlsx", "-o", "out"])
        .status(1)
        .stdout("plans.xlsx: no patients read; no sheet written\n")
        .stderr(
            "error[RX0127]: the formula `=6+6` has no saved value\n  \
             --> plans.xlsx, sheet \"Plans\", cell G2 (reps)\n   \
             = help: open the workbook in the spreadsheet program and save it, so its formulas are worked out\n\n",
        )
        .run();
}

#[test]
fn sheets_are_chosen_by_name_and_an_unknown_one_is_listed() {
    let book = workbook_at((0, 0), &rows(), &["Archive"]);
    Test::new()
        .file("plans.xlsx", &book)
        .args(&["check", "plans.xlsx", "--sheet", "Planz"])
        .status(1)
        .stdout("plans.xlsx: invalid, no patients read\n")
        .stderr(
            "error[RX0129]: the workbook has no sheet \"Planz\"\n  \
             --> plans.xlsx\n   \
             = help: its sheets are \"Plans\", \"Archive\"\n\n",
        )
        .run();
    // The second sheet is empty: chosen, it says so.
    Test::new()
        .file("plans.xlsx", &book)
        .args(&["check", "plans.xlsx", "--sheet", "archive"])
        .status(1)
        .stdout("plans.xlsx: invalid, no patients read\n")
        .stderr(
            "error[RX0102]: sheet \"Archive\" is empty\n  --> plans.xlsx, sheet \"Archive\"\n\n",
        )
        .run();
}

#[test]
fn a_workbook_past_the_size_cap_is_refused_before_it_is_unpacked() {
    let cap: usize = 64 * 1024 * 1024;
    Test::new()
        .file("plans.xlsx", vec![0u8; cap + 1])
        .args(&["build", "plans.xlsx", "-o", "out"])
        .status(1)
        .stdout("plans.xlsx: no patients read; no sheet written\n")
        .stderr(
            "error[RX0108]: the workbook is 65 MiB; rx reads workbooks of at most 64 MiB\n  \
             --> plans.xlsx\n   \
             = help: split the plans over several workbooks, or save the sheet as CSV\n\n",
        )
        .run();
}

#[test]
fn a_part_that_inflates_past_its_declared_size_is_refused() {
    // A zip bomb's trick: its directory declares a small part, which
    // unpacks to far more. Here the sheet says it is 100 bytes.
    let book = workbook(&rows());
    let book = declare_size(book, "xl/worksheets/sheet1.xml", 100);
    Test::new()
        .file("plans.xlsx", book)
        .args(&["build", "plans.xlsx", "-o", "out"])
        .status(1)
        .stdout("plans.xlsx: no patients read; no sheet written\n")
        .stderr_contains("error[RX0108]: part `xl/worksheets/sheet1.xml` of the workbook unpacks to more than the 100 bytes it declares\n")
        .run();
}

/// The zip with `part`'s uncompressed size set to `size` in its local
/// header and in the central directory.
fn declare_size(mut zip: Vec<u8>, part: &str, size: u32) -> Vec<u8> {
    let name = part.as_bytes();
    let mut patched = 0;
    for at in 0..zip.len().saturating_sub(46) {
        let (offset, name_at) = match &zip[at..at + 4] {
            b"PK\x03\x04" => (22, 30),
            b"PK\x01\x02" => (24, 46),
            _ => continue,
        };
        if zip[at + name_at..].starts_with(name) {
            zip[at + offset..at + offset + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers of {part}");
    zip
}

#[test]
fn a_file_alone_on_the_command_line_is_built_beside_itself() {
    let rows = rows();
    let n = patients(&rows);
    let test = Test::new()
        .file("plans.xlsx", workbook(&rows))
        .args(&["plans.xlsx"])
        .status(0)
        .stdout(format!(
            "built {n} of {n} patients, skipped 0; written to plans\n"
        ));
    test.run();
    assert_eq!(sheets(&test.path("plans")).len(), n);
    let test = Test::new()
        .file("plan.toml", PLAN)
        .args(&["plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ");
    test.run();
    assert!(test.path("plan.pdf").is_file(), "plan.pdf was not built");
}

#[test]
fn other_workbook_kinds_are_told_how_to_save_them() {
    let name = "plans.xlsb";
    Test::new()
        .file(name, b"PK\x03\x04")
        .args(&["check", name])
        .status(1)
        .stdout(format!("{name}: invalid, no patients read\n"))
        .stderr(format!(
            "error[RX0101]: rx reads .xlsx, .xlsm, .xls and .ods workbooks, not this kind\n  \
             --> {name}\n   \
             = help: in the spreadsheet program, save it as an Excel workbook (.xlsx), or as CSV UTF-8\n\n",
        ))
        .run();
}

/// An OpenDocument spreadsheet of one sheet "Plans", `header` then `rows`,
/// written as LibreOffice writes one (a `mimetype` part stored first, the
/// manifest, `content.xml`), then `tail`: the XML of more rows, such as the
/// formatted empty rows LibreOffice repeats to the sheet's end.
fn ods(rows: &[Vec<Cell>], tail: &str) -> Vec<u8> {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let cell = |cell: Cell| match cell {
        Text(s) => format!(
            r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
            escape(s)
        ),
        Number(n) => format!(
            r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
        ),
        Date(y, m, d) => format!(
            r#"<table:table-cell office:value-type="date" office:date-value="{y:04}-{m:02}-{d:02}"><text:p>{d:02}/{m:02}/{y:04}</text:p></table:table-cell>"#
        ),
        Cell::Formula(f, "") => format!(r#"<table:table-cell table:formula="of:{f}"/>"#),
        Cell::Formula(f, value) => format!(
            r#"<table:table-cell table:formula="of:{f}" office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>"#
        ),
        Blank => "<table:table-cell/>".to_owned(),
    };
    let mut table = String::from("<table:table-row>");
    for name in HEADER {
        table += &cell(Text(name));
    }
    table += "</table:table-row>";
    for row in rows {
        table += "<table:table-row>";
        for &c in row {
            table += &cell(c);
        }
        table += "</table:table-row>";
    }
    table += tail;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Plans">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    for (name, bytes, options) in [
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            stored,
        ),
        ("META-INF/manifest.xml", manifest, deflated),
        ("content.xml", content.as_str(), deflated),
    ] {
        zip.start_file(name, options).expect("an entry");
        zip.write_all(bytes.as_bytes()).expect("the entry's bytes");
    }
    zip.finish().expect("the zip").into_inner()
}

/// What LibreOffice writes below a sheet whose columns are formatted: one
/// empty row repeated to the sheet's end, every column of it.
const LIBREOFFICE_TAIL: &str = r#"<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;

#[test]
fn an_ods_and_the_csv_saved_from_it_build_identical_sheets() {
    let rows = rows();
    // The comparison is the whole test; nothing more to look at.
    let _ = builds_as_its_csv("plans.ods", ods(&rows, LIBREOFFICE_TAIL), &rows);
}

#[test]
fn an_ods_formula_without_a_saved_value_is_an_error_naming_its_cell() {
    let mut rows = rows();
    rows[0][6] = Cell::Formula("=6+6", "");
    Test::new()
        .file("plans.ods", ods(&rows, ""))
        .args(&["build", "plans.ods", "-o", "out"])
        .status(1)
        .stdout("plans.ods: no patients read; no sheet written\n")
        .stderr(
            "error[RX0127]: the formula `=6+6` has no saved value\n  \
             --> plans.ods, sheet \"Plans\", cell G2 (reps)\n   \
             = help: open the workbook in the spreadsheet program and save it, so its formulas are worked out\n\n",
        )
        .run();
}

#[test]
fn an_ods_whose_repeated_cells_would_exhaust_memory_is_refused_before_it_is_read() {
    // 200 bytes of XML that calamine would copy into 17 billion cells: a
    // filled cell repeated across every column, its row down every row.
    let bomb = r#"<table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    Test::new()
        .file("plans.ods", ods(&rows(), bomb))
        .args(&["build", "plans.ods", "-o", "out"])
        .status(1)
        .stdout("plans.ods: no patients read; no sheet written\n")
        .stderr(
            "error[RX0108]: the workbook's sheets span more than 2000000 cells, the most rx reads from an .ods\n  \
             --> plans.ods\n   \
             = note: cells marked as repeated count once for each repeat\n   \
             = help: save it as an Excel workbook (.xlsx), which rx reads a cell at a time, or as CSV UTF-8\n\n",
        )
        .run();
    // Within the cell cap, a long text repeated is as much memory.
    let long = "x".repeat(100_000);
    let text = format!(
        r#"<table:table-row table:number-rows-repeated="10"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row>"#
    );
    Test::new()
        .file("plans.ods", ods(&rows(), &text))
        .args(&["check", "plans.ods"])
        .status(1)
        .stdout("plans.ods: invalid, no patients read\n")
        .stderr_contains("error[RX0108]: the workbook's cells hold more than 64 MiB of text, the most rx reads from an .ods\n")
        .run();
}
