//! Excel 97-2003 workbooks (`rx build plans.xls`): the same rows as an
//! `.xlsx` build the same sheets, problems name the sheet and cell, and a
//! workbook calamine would read past rx's caps, or could not read safely,
//! is refused before calamine opens it. The readable workbooks were saved
//! by LibreOffice (tests/fixtures/xls); the hostile ones are built here,
//! record by record, in a compound file of their own.

use crate::pdf::{Pdf, flat};
use crate::support::{Test, repo};
use crate::workbooks::{builds_as_its_csv, rows};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo("tests/fixtures/xls").join(name)).expect("the fixture")
}

#[test]
fn an_xls_and_the_csv_saved_from_it_build_identical_sheets() {
    // plans.xls holds `rows()` as LibreOffice saved them from the .xlsx
    // the workbook tests write (dates as date cells shown dd/mm/yyyy), and
    // those build the same sheets as their CSV (and so as the .xlsx).
    let test = builds_as_its_csv("plans.xls", fixture("plans.xls"), &rows());
    // The review date was a date cell shown 15/12/2026.
    let text = flat(&Pdf::open(&test.path("from-book/P1_2026-12-01.pdf")).text());
    assert!(
        text.contains("until your review on Tuesday 15 December 2026"),
        "{text}"
    );
}

#[test]
fn an_xls_problem_names_the_sheet_and_cell() {
    // P2's reps are 12.5, and the header is at B3: the cell is H6.
    Test::new()
        .file("plans.xls", fixture("half-rep.xls"))
        .args(&["build", "plans.xls", "-o", "out"])
        .status(1)
        .stdout("built 1 of 2 patients, skipped 1; written to out\n")
        .stderr(
            "error[RX0105]: patient P2: `reps` must be a whole number, not \"12.5\"\n  \
             --> plans.xls, sheet \"Plans\", cell H6 (reps)\n   \
             = expected a whole number\n\n",
        )
        .run();
}

#[test]
fn an_xls_formula_reads_as_its_saved_value_and_sheets_are_chosen_by_name() {
    // P1's reps are `=6+6`, saved as 12.
    let book = fixture("formula.xls");
    Test::new()
        .file("plans.xls", &book)
        .args(&["check", "plans.xls"])
        .status(0)
        .stdout("plans.xls: 2 patients, 2 valid, 0 invalid\n")
        .stderr("")
        .run();
    Test::new()
        .file("plans.xls", &book)
        .args(&["check", "plans.xls", "--sheet", "archive"])
        .status(1)
        .stdout("plans.xls: invalid, no patients read\n")
        .stderr("error[RX0102]: sheet \"Archive\" is empty\n  --> plans.xls, sheet \"Archive\"\n\n")
        .run();
}

// Hostile workbooks, built here: a BIFF8 Workbook stream of one sheet
// "Plans" in a compound file of 512-byte sectors.

/// A BIFF record: its type, its length, its data.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(data.len()).expect("a record of at most 65535 bytes");
    [&typ.to_le_bytes()[..], &len.to_le_bytes(), data].concat()
}

/// BOF of the workbook's globals (5) or of a sheet (16).
fn bof(kind: u16) -> Vec<u8> {
    let mut data = vec![0u8; 16];
    data[..2].copy_from_slice(&0x0600u16.to_le_bytes());
    data[2..4].copy_from_slice(&kind.to_le_bytes());
    record(0x0809, &data)
}

fn eof() -> Vec<u8> {
    record(0x000A, &[])
}

/// A NUMBER cell at (`row`, `col`), 0-based.
fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let data = [
        &row.to_le_bytes()[..],
        &col.to_le_bytes(),
        &0u16.to_le_bytes(),
        &value.to_le_bytes(),
    ]
    .concat();
    record(0x0203, &data)
}

/// A LABEL cell (text in the cell record) at (`row`, `col`).
fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let len = u16::try_from(text.len()).expect("a short text");
    let data = [
        &row.to_le_bytes()[..],
        &col.to_le_bytes(),
        &0u16.to_le_bytes(),
        &len.to_le_bytes(),
        &[0u8],
        text.as_bytes(),
    ]
    .concat();
    record(0x0204, &data)
}

/// The header row and one patient, as LABEL and NUMBER cells.
fn patient() -> Vec<u8> {
    let cells: [(&str, &str); 7] = [
        ("patient_id", "P1"),
        ("patient_name", "Ann Lee"),
        ("prescriber", "Dana Reyes PT"),
        ("issued", "2026-12-01"),
        ("review", "2026-12-15"),
        ("exercise", "bridge"),
        ("reps", ""),
    ];
    let mut out = Vec::new();
    for (col, (name, value)) in (0u16..).zip(cells) {
        out.extend(label(0, col, name));
        if value.is_empty() {
            out.extend(number(1, col, 10.0));
        } else {
            out.extend(label(1, col, value));
        }
    }
    out
}

/// The Workbook stream: the globals (BOF, the UTF-16 code page, the sheet,
/// then `globals`, EOF), then the sheet: BOF, 4 KiB of a record rx and
/// calamine pass over (so the stream is stored in whole sectors), then
/// `sheet` as it is (its records and EOF, or not).
fn stream(globals: &[u8], sheet: &[u8]) -> Vec<u8> {
    let name = b"Plans";
    let bound = |at: u32| {
        let data = [&at.to_le_bytes()[..], &[0, 0, name.len() as u8, 0], name].concat();
        record(0x0085, &data)
    };
    let head = [bof(0x0005), record(0x0042, &1200u16.to_le_bytes())].concat();
    let tail = [globals, &eof()].concat();
    let at = (head.len() + bound(0).len() + tail.len()) as u32;
    [
        head,
        bound(at),
        tail,
        bof(0x0010),
        record(0x0868, &[0u8; 4096]),
        sheet.to_vec(),
    ]
    .concat()
}

/// A compound file of 512-byte sectors: its sector table, its directory
/// (the root and "Workbook"), then `workbook`.
fn compound(workbook: &[u8]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let sectors = workbook.len().div_ceil(512);
    assert!(sectors <= 126, "one sector of the table is enough");
    let words = |w: &[u32]| -> Vec<u8> { w.iter().flat_map(|w| w.to_le_bytes()).collect() };

    let mut header = vec![0u8; 76];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    for (at, value) in [(24, 0x3Eu16), (26, 3), (28, 0xFFFE), (30, 9), (32, 6)] {
        header[at..at + 2].copy_from_slice(&value.to_le_bytes());
    }
    for (at, value) in [(44, 1u32), (48, 1), (56, 4096), (60, END), (68, END)] {
        header[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
    let mut difat = vec![FREE; 109];
    difat[0] = 0;
    header.extend(words(&difat));

    // Sector 0 the table, 1 the directory, the stream from 2 on.
    let mut table = vec![0xFFFF_FFFD, END];
    table.extend((3..sectors as u32 + 2).chain([END]));
    table.resize(128, FREE);

    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = kind;
        e[68..80].copy_from_slice(&words(&[FREE, FREE, child]));
        e[116..124].copy_from_slice(&words(&[start, size]));
        e
    };
    let mut directory = entry("Root Entry", 5, 1, END, 0);
    directory.extend(entry("Workbook", 2, FREE, 2, workbook.len() as u32));
    directory.resize(512, 0);

    let mut file = [header, words(&table), directory, workbook.to_vec()].concat();
    file.resize(512 * (sectors + 3), 0);
    file
}

/// An .xls of the header row, one patient and `more` sheet records.
fn book(globals: &[u8], more: &[u8]) -> Vec<u8> {
    compound(&stream(
        globals,
        &[patient(), more.to_vec(), eof()].concat(),
    ))
}

/// `rx build plans.xls` of `book`: refused, with `error` first.
fn refused(book: Vec<u8>, error: &str) {
    Test::new()
        .file("plans.xls", book)
        .args(&["build", "plans.xls", "-o", "out"])
        .status(1)
        .stdout("plans.xls: no patients read; no sheet written\n")
        .stderr_starts_with(error)
        .run();
}

#[test]
fn a_workbook_built_here_record_by_record_is_read() {
    // The hostile workbooks below are this one with one thing changed.
    Test::new()
        .file("plans.xls", book(&[], &[]))
        .args(&["check", "plans.xls"])
        .status(0)
        .stdout("plans.xls: 1 patient, 1 valid, 0 invalid\n")
        .stderr("")
        .run();
}

#[test]
fn a_cell_at_the_far_corner_is_refused_before_calamine_builds_the_rectangle() {
    // Two cells 16 million apart: calamine would hold every cell between.
    Test::new()
        .file("plans.xls", book(&[], &number(65535, 255, 1.0)))
        .args(&["build", "plans.xls", "-o", "out"])
        .status(1)
        .stdout("plans.xls: no patients read; no sheet written\n")
        .stderr(
            "error[RX0108]: the sheet's cells span A1 to IV65536, 16777216 cells in memory\n  \
             --> plans.xls, sheet \"Plans\"\n   \
             = note: rx reads an .xls of at most 2000000 cells and 64 MiB of text, all sheets together\n   \
             = help: delete what lies past the last patient, or save the workbook as .xlsx, which rx reads a cell at a time\n\n",
        )
        .run();
}

#[test]
fn sheets_each_under_the_cap_are_refused_past_it_together() {
    // One sheet of A1 to IV4401 (1.1 million cells) is read (its lone
    // number is in no patient's row); named twice, calamine builds it twice.
    let copy = |at: u32| {
        record(
            0x0085,
            &[&at.to_le_bytes()[..], &[0, 0, 4, 0], b"Copy"].concat(),
        )
    };
    let sheet = [patient(), number(4400, 255, 1.0), eof()].concat();
    let mut stream = stream(&copy(0), &sheet);
    let at = stream
        .windows(4)
        .position(|w| w == [0x85, 0, 13, 0])
        .expect("BOUNDSHEET")
        + 4;
    let first: [u8; 4] = stream[at..at + 4].try_into().expect("4 bytes");
    let copied = stream
        .windows(4)
        .position(|w| w == b"Copy")
        .expect("the copy")
        - 8;
    stream[copied..copied + 4].copy_from_slice(&first);
    Test::new()
        .file("plans.xls", book(&[], &number(4400, 255, 1.0)))
        .args(&["check", "plans.xls"])
        .status(1)
        .stdout("plans.xls: 1 patient, 1 valid, 0 invalid, 1 row without a patient id\n")
        .stderr_starts_with("error[RX0106]: row without a patient id\n")
        .run();
    refused(
        compound(&stream),
        "error[RX0108]: with this sheet's cells (A1 to IV4401), the workbook's sheets span more than 2000000 cells in memory\n  \
         --> plans.xls, sheet \"Copy\"\n",
    );
}

#[test]
fn a_sheet_said_to_be_vast_is_refused() {
    // DIMENSIONS: rows 0 to 4 billion; calamine reserves room for them.
    let vast = [
        &0u32.to_le_bytes()[..],
        &u32::MAX.to_le_bytes(),
        &[0, 0, 10, 0, 0, 0],
    ]
    .concat();
    refused(
        book(&[], &record(0x0200, &vast)),
        "error[RX0108]: the sheet says it is 4294967295 rows by 10 columns",
    );
}

#[test]
fn a_huge_shared_string_count_is_refused() {
    let sst = [&u32::MAX.to_le_bytes()[..], &u32::MAX.to_le_bytes()].concat();
    refused(
        book(&record(0x00FC, &sst), &[]),
        "error[RX0108]: the workbook says it holds 4294967295 different texts\n  --> plans.xls\n",
    );
}

#[test]
fn many_cells_of_one_long_text_are_refused() {
    // One shared text of 14,000 characters (42,000 bytes as UTF-8), in
    // 2,000 cells: each cell holds a copy, 84 MB together, from a workbook
    // of 60 KB.
    let text: Vec<u8> = "漢"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect::<Vec<u8>>()
        .repeat(14_000);
    let (first, rest) = text.split_at(8000);
    let sst = [
        &1u32.to_le_bytes()[..],
        &1u32.to_le_bytes(),
        &14_000u16.to_le_bytes(),
        &[1],
        first,
    ]
    .concat();
    let mut globals = record(0x00FC, &sst);
    for part in rest.chunks(8000) {
        globals.extend(record(0x003C, &[&[1u8][..], part].concat()));
    }
    let mut cells = Vec::new();
    for row in 2..2002u16 {
        let data = [&row.to_le_bytes()[..], &[9, 0, 0, 0], &0u32.to_le_bytes()].concat();
        cells.extend(record(0x00FD, &data));
    }
    refused(
        compound(&stream(&globals, &[patient(), cells, eof()].concat())),
        "error[RX0108]: the sheet takes the workbook past 64 MiB of text\n  --> plans.xls, sheet \"Plans\"\n",
    );
}

#[test]
fn a_record_cut_short_by_the_end_of_the_workbook_is_refused() {
    // A NUMBER record that says 14 bytes, and the stream ends after 6.
    let cut = &number(2, 6, 10.0)[..10];
    let at = stream(&[], &[patient(), cut.to_vec()].concat()).len() - cut.len();
    refused(
        compound(&stream(&[], &[patient(), cut.to_vec()].concat())),
        &format!(
            "error[RX0101]: the workbook cannot be read: it is cut short: the record at byte {at} runs past the end of the stream\n  \
             --> plans.xls, sheet \"Plans\"\n"
        ),
    );
}

#[test]
fn records_shorter_than_their_kind_are_refused() {
    // calamine reads a MULRK's last column from its end and counts back.
    let backwards = [
        &2u16.to_le_bytes()[..],
        &5u16.to_le_bytes(),
        &[0; 6],
        &1u16.to_le_bytes(),
    ]
    .concat();
    refused(
        book(&[], &record(0x00BD, &backwards)),
        "error[RX0101]: the workbook cannot be read: its MULRK record at byte ",
    );
    // A formula's tokens say 40 bytes; the record holds 2.
    let formula = [
        &2u16.to_le_bytes()[..],
        &6u16.to_le_bytes(),
        &[0; 16],
        &40u16.to_le_bytes(),
        &[0x1E, 6],
    ]
    .concat();
    refused(
        book(&[], &record(0x0006, &formula)),
        "error[RX0101]: the workbook cannot be read: the formula in cell G3 is cut short\n  --> plans.xls, sheet \"Plans\"\n",
    );
    // A sheet said to start past the end of the stream.
    let mut far = compound(&stream(&[], &[patient(), eof()].concat()));
    let at = far
        .windows(4)
        .position(|w| w == [0x85, 0, 13, 0])
        .expect("BOUNDSHEET")
        + 4;
    far[at..at + 4].copy_from_slice(&1_000_000u32.to_le_bytes());
    refused(
        far,
        "error[RX0101]: the workbook cannot be read: a sheet is said to start at byte 1000000, past the stream's end",
    );
}

#[test]
fn a_workbook_protected_with_a_password_is_refused() {
    // FILEPASS, RC4: the rest of the workbook is encrypted.
    let filepass = record(0x002F, &[1, 0, 1, 0, 1, 0]);
    Test::new()
        .file("plans.xls", book(&filepass, &[]))
        .args(&["check", "plans.xls"])
        .status(1)
        .stdout("plans.xls: invalid, no patients read\n")
        .stderr(
            "error[RX0101]: the workbook is protected with a password\n  \
             --> plans.xls\n   \
             = help: open it in the spreadsheet program, remove the password and save it again\n\n",
        )
        .run();
}

#[test]
fn a_damaged_container_is_refused() {
    // Cut in half by a failed copy.
    let saved = fixture("plans.xls");
    refused(
        saved[..saved.len() / 2].to_vec(),
        "error[RX0101]: the workbook cannot be read: it is cut short: ",
    );
    // The stream's first sector points back at itself.
    let mut looped = book(&[], &[]);
    looped[512 + 8..512 + 12].copy_from_slice(&2u32.to_le_bytes());
    refused(
        looped,
        "error[RX0101]: the workbook cannot be read: a chain of its sectors loops\n  --> plans.xls\n",
    );
    // The directory says the workbook is 4 GiB.
    let mut vast = book(&[], &[]);
    vast[1024 + 128 + 120..1024 + 128 + 124].copy_from_slice(&u32::MAX.to_le_bytes());
    refused(
        vast,
        "error[RX0101]: the workbook cannot be read: the workbook stream says it is 4294967295 bytes",
    );
}
