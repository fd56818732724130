//! The template through a real spreadsheet program: LibreOffice opens
//! `rx new --template`'s workbook (saving it as a flat `.fods`), two
//! patients are filled into its Plans sheet in place of the example, and
//! LibreOffice saves the filled workbook as `.xlsx`, `.ods`, `.xls` and
//! UTF-8 CSV; rx builds the same sheets, byte for byte, from each.
//!
//! Ignored by default, so `cargo test` needs nothing but Rust; `.ci/run`
//! installs LibreOffice (`libreoffice-calc-nogui`) and runs this group:
//! `cargo test --test integration libreoffice -- --ignored`.

use std::path::Path;
use std::process::Command;

use rx::parse::csv::Column;

use crate::support::{Test, sheets};

/// Run LibreOffice headless in `dir` with a profile of its own (two at
/// once on one profile would clash); it must succeed and write `made`.
fn soffice(dir: &Path, args: &[&str], made: &str) {
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("soffice must be installed (apt-get install libreoffice-calc-nogui): {e}")
        });
    assert!(
        out.status.success() && dir.join(made).is_file(),
        "soffice {args:?} did not write {made}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A cell as a clinic types it into LibreOffice.
#[derive(Clone, Copy)]
enum Typed<'a> {
    Text(&'a str),
    Number(u32),
    Date(&'a str),
}

/// One Plans row of flat-ODS XML: rx's columns in the template's order,
/// the given ones filled.
fn row(cells: &[(Column, Typed)]) -> String {
    let mut xml = String::from("<table:table-row>");
    for column in Column::ALL {
        let cell = cells.iter().find(|(c, _)| *c == column).map(|(_, t)| *t);
        xml += &match cell {
            None => "<table:table-cell/>".to_owned(),
            Some(Typed::Text(s)) => format!(
                r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
            ),
            Some(Typed::Number(n)) => format!(
                r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
            ),
            // The template's date columns show a date as yyyy-mm-dd.
            Some(Typed::Date(d)) => format!(
                r#"<table:table-cell office:value-type="date" office:date-value="{d}"><text:p>{d}</text:p></table:table-cell>"#
            ),
        };
    }
    xml + "</table:table-row>"
}

/// `fods` with the Plans sheet's example rows (the two after the header)
/// replaced by `rows`.
fn fill(fods: &str, rows: &str) -> String {
    let table = fods
        .find(r#"<table:table table:name="Plans""#)
        .expect("the Plans sheet");
    let starts: Vec<usize> = fods[table..]
        .match_indices("<table:table-row")
        .map(|(at, _)| table + at)
        .take(4)
        .collect();
    assert_eq!(starts.len(), 4, "a header, two example rows and more");
    let example = &fods[starts[1]..starts[3]];
    assert_eq!(
        example.matches("EXAMPLE-1").count(),
        2,
        "the example patient's two rows"
    );
    format!("{}{rows}{}", &fods[..starts[1]], &fods[starts[3]..])
}

#[test]
#[ignore = "needs LibreOffice (libreoffice-calc-nogui)"]
fn libreoffice_fills_the_template_and_rx_builds_the_same_sheets_from_each_form() {
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let name = |id: &str| {
        catalogue
            .find(id)
            .expect("a catalogue exercise")
            .name
            .clone()
    };
    let (bridge, knee, cat) = (name("bridge"), name("knee-to-chest"), name("cat-stretch"));
    let test = Test::new()
        .args(&["new", "--template", "plans.xlsx"])
        .status(0)
        .stdout_starts_with("wrote plans.xlsx");
    test.run();
    let dir = test.dir().to_owned();
    soffice(&dir, &["--convert-to", "fods", "plans.xlsx"], "plans.fods");

    use Column as C;
    use Typed::{Date, Number, Text};
    let rows = [
        row(&[
            (C::PatientId, Text("P1")),
            (C::PatientName, Text("Miriam כהן")),
            (C::Prescriber, Text("Dana Reyes PT")),
            (C::Issued, Date("2026-12-01")),
            (C::Review, Date("2026-12-15")),
            (C::Exercise, Text(&bridge)),
            (C::Reps, Number(12)),
        ]),
        row(&[(C::PatientId, Text("P1")), (C::Exercise, Text(&knee))]),
        row(&[
            (C::PatientId, Text("P2")),
            (C::PatientName, Text("José Müller")),
            (C::Prescriber, Text("Dana Reyes PT")),
            (C::Issued, Date("2026-12-01")),
            (C::Weeks, Number(2)),
            (C::Exercise, Text(&cat)),
            (C::Reps, Number(8)),
            (C::PerDay, Number(2)),
        ]),
    ]
    .concat();
    let fods = std::fs::read_to_string(dir.join("plans.fods")).expect("the .fods");
    std::fs::write(dir.join("filled.fods"), fill(&fods, &rows)).expect("the filled .fods");

    // The Plans sheet (the first) as UTF-8 CSV, cells as shown (ISO
    // dates); LibreOffice names the file after the sheet.
    let csv = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1";
    let forms = [
        ("xlsx", "xlsx", "filled.xlsx"),
        ("ods", "ods", "filled.ods"),
        ("xls", "xls", "filled.xls"),
        ("csv", csv, "filled-Plans.csv"),
    ];
    for (_, to, made) in forms {
        soffice(&dir, &["--convert-to", to, "filled.fods"], made);
    }
    let mut built = Vec::new();
    for (kind, _, file) in forms {
        let out = format!("from-{kind}");
        test.in_same_folder()
            .args(&["build", file, "-o", &out])
            .status(0)
            .stdout(format!(
                "built 2 of 2 patients, skipped 0; written to {out}\n"
            ))
            .stderr("")
            .run();
        built.push((kind, sheets(&dir.join(&out))));
    }
    let (_, first) = &built[0];
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["P1_2026-12-01.pdf", "P2_2026-12-01.pdf"]);
    for (kind, sheets) in &built[1..] {
        assert!(
            sheets == first,
            "the sheets from .{kind} differ from .xlsx's"
        );
    }
}
