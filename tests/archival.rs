//! What a sheet says about itself for screen readers and archives: XMP
//! metadata that matches the Info dictionary, `/Lang`, the viewer showing
//! the title, and PDF/A-2 identification with an sRGB output intent.

use crate::pdf::Pdf;
use crate::pdf::catalog::parse_xml;
use crate::support::{CSV_HEADER, PLAN, Test, csv_row, plan_with, repo};

/// Build `plan` with `args` after `build plan.toml -o plan.pdf`, and read
/// the sheet back.
fn sheet(plan: &str, args: &[&str]) -> Pdf {
    let mut all = vec!["build", "plan.toml", "-o", "plan.pdf"];
    all.extend_from_slice(args);
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&all)
        .status(0)
        .stdout_satisfies("wrote the sheet", |s| s.starts_with("wrote plan.pdf"));
    test.run();
    Pdf::open(&test.path("plan.pdf"))
}

/// "D:20261122000000+00'00'" -> "2026-11-22T00:00:00+00:00".
fn xmp_date(pdf_date: &str) -> String {
    let d = pdf_date.strip_prefix("D:").expect("a PDF date");
    let offset = d[14..].replace('\'', "");
    format!(
        "{}-{}-{}T{}:{}:{}{}:{}",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14],
        &offset[..3],
        &offset[3..5]
    )
}

#[test]
fn the_metadata_names_the_title_and_matches_the_info_dictionary() {
    let pdf = sheet(PLAN, &[]);
    let xmp = pdf.xmp().expect("XMP metadata on the catalogue");
    let title = pdf.info("Title").expect("an Info title");
    assert!(title.contains("José Müller-Łukasz"), "{title}");
    assert_eq!(xmp.item("dc:title"), Some(title.as_str()));
    assert_eq!(xmp.item("dc:creator"), pdf.info("Author").as_deref());
    assert_eq!(
        xmp.one("xmp:CreatorTool"),
        pdf.info("Creator").expect("a creator")
    );
    assert_eq!(
        xmp.one("pdf:Producer"),
        pdf.info("Producer").expect("a producer")
    );
    // The plan's issue date, never the clock.
    let created = pdf.info("CreationDate").expect("a creation date");
    assert!(created.starts_with("D:20261122"), "{created}");
    assert_eq!(xmp.one("xmp:CreateDate"), xmp_date(&created));
    let modified = pdf.info("ModDate").expect("a modification date");
    assert_eq!(xmp.one("xmp:ModifyDate"), xmp_date(&modified));
    assert_eq!(xmp.one("pdfuaid:part"), "1");
    assert!(pdf.displays_title(), "/DisplayDocTitle");
}

#[test]
fn the_catalogue_says_the_sheet_language() {
    assert_eq!(sheet(PLAN, &[]).lang().as_deref(), Some("en"));
    let spanish = plan_with("[plan]\n", "[plan]\nlanguage = \"es\"\n");
    assert_eq!(sheet(&spanish, &[]).lang().as_deref(), Some("es"));
    assert_eq!(
        sheet(PLAN, &["--language", "es"]).lang().as_deref(),
        Some("es")
    );
}

/// Every sheet is PDF/A-2a unless asked otherwise: the XMP identifies it,
/// and an sRGB output intent carries an ICC profile whose header says an
/// RGB display profile.
#[test]
fn a_sheet_is_pdfa_with_an_srgb_output_intent() {
    let pdf = sheet(PLAN, &[]);
    let xmp = pdf.xmp().expect("XMP");
    assert_eq!(xmp.one("pdfaid:part"), "2");
    assert_eq!(xmp.one("pdfaid:conformance"), "A");
    // PDF/A-2 checkers know `pdfuaid` only from its schema's description.
    assert_eq!(
        xmp.one("pdfaSchema:namespaceURI"),
        "http://www.aiim.org/pdfua/ns/id/"
    );
    let intent = pdf.output_intent().expect("an output intent");
    assert_eq!(intent.subtype, "GTS_PDFA1");
    assert!(intent.condition.contains("sRGB"), "{}", intent.condition);
    assert_eq!(intent.components, 3);
    let icc = &intent.profile;
    assert_eq!(
        u32::from_be_bytes(icc[0..4].try_into().expect("4 bytes")) as usize,
        icc.len()
    );
    assert_eq!(&icc[12..16], b"mntr");
    assert_eq!(&icc[16..20], b"RGB ");
    assert_eq!(&icc[36..40], b"acsp");
}

/// A patient's name with XML's special characters still gives metadata
/// that parses, with the name as written.
#[test]
fn a_name_with_markup_characters_keeps_the_metadata_well_formed() {
    let plan = plan_with("José Müller-Łukasz", "Ann & <Bo> \\\"O'Neil\\\"");
    let pdf = sheet(&plan, &[]);
    let title = pdf.info("Title").expect("a title");
    assert!(title.contains("Ann & <Bo> \"O'Neil\""), "{title}");
    assert_eq!(
        pdf.xmp().expect("XMP").item("dc:title"),
        Some(title.as_str())
    );
}

/// The XML reader the checks above rely on refuses what is not XML.
#[test]
fn the_xmp_reader_refuses_broken_markup() {
    assert!(parse_xml("<a><b>x</b></a>").is_ok());
    assert!(parse_xml("<a><b>x</a></b>").is_err());
    assert!(parse_xml("<a>x & y</a>").is_err());
    assert!(parse_xml("<a>").is_err());
    assert!(parse_xml("<a/><b/>").is_err());
}

/// `--no-pdfa` and the settings' `pdfa = false` write plain PDF: the XMP
/// PDF/UA asks for stays, the PDF/A identification and output intent go;
/// `--pdfa` wins over the settings.
#[test]
fn pdfa_can_be_turned_off_by_settings_or_the_command_line() {
    let plain = |pdf: &Pdf| {
        let xmp = pdf.xmp().expect("XMP");
        xmp.one("pdfuaid:part") == "1"
            && xmp.all("pdfaid:part").is_empty()
            && pdf.output_intent().is_none()
    };
    assert!(plain(&sheet(PLAN, &["--no-pdfa"])));
    let with_settings = |args: &[&str]| {
        let mut all = vec![
            "--config",
            "rx.toml",
            "build",
            "plan.toml",
            "-o",
            "plan.pdf",
        ];
        all.extend_from_slice(args);
        let test = Test::new()
            .file("rx.toml", "[defaults]\npdfa = false\n")
            .file("plan.toml", PLAN)
            .args(&all)
            .status(0)
            .stdout_satisfies("wrote the sheet", |s| s.starts_with("wrote plan.pdf"));
        test.run();
        Pdf::open(&test.path("plan.pdf"))
    };
    assert!(plain(&with_settings(&[])));
    let forced = with_settings(&["--pdfa"]);
    assert!(!plain(&forced));
    assert_eq!(forced.xmp().expect("XMP").one("pdfaid:part"), "2");
    assert!(forced.output_intent().is_some());
}

/// None of what PDF/A-2 forbids, on the sheets with the most in them: the
/// clinic example (a logo, six QR codes) and the Spanish sheet, in
/// large print.
#[test]
fn a_pdfa_sheet_has_nothing_pdfa_forbids() {
    let example = repo("examples/plan.toml");
    let settings = repo("examples/rx.toml");
    let test = Test::new()
        .args(&[
            "--config",
            settings.to_str().expect("UTF-8"),
            "build",
            example.to_str().expect("UTF-8"),
            "-o",
            "clinic.pdf",
        ])
        .status(0)
        .stdout_satisfies("wrote the sheet", |s| s.starts_with("wrote clinic.pdf"))
        .stderr_satisfies("its warnings", |_| true);
    test.run();
    let clinic = Pdf::open(&test.path("clinic.pdf"));
    assert!(clinic.output_intent().is_some());
    assert_eq!(clinic.pdfa_problems(), Vec::<String>::new());
    let spanish = sheet(
        &plan_with("[plan]\n", "[plan]\nlanguage = \"es\"\n"),
        &["--large-print", "--paper", "a4"],
    );
    assert_eq!(spanish.pdfa_problems(), Vec::<String>::new());
}

/// A combined day describes itself as a sheet does: its own title, in the
/// first sheet's language, that language on the catalogue, each sheet's
/// part in the sheet's own language, and PDF/A only when every sheet is.
#[test]
fn a_combined_day_has_its_own_title_language_and_metadata() {
    let rows = [
        format!("{CSV_HEADER},language"),
        format!("{},en", csv_row("Y", "Yan Yu", "bridge", "")),
        format!("{},es", csv_row("Z", "Zoe Zed", "bridge", "")),
    ];
    let day = |args: &[&str]| {
        let mut all = vec!["build", "plans.csv", "-o", "out", "--combine", "day.pdf"];
        all.extend_from_slice(args);
        let test = Test::new()
            .file("plans.csv", rows.join("\n"))
            .args(&all)
            .status(0)
            .stdout_starts_with("built 2 of 2 patients");
        test.run();
        Pdf::open(&test.path("day.pdf"))
    };
    let pdf = day(&[]);
    assert_eq!(pdf.lang().as_deref(), Some("en"));
    let title = pdf.info("Title").expect("an Info title");
    assert_eq!(title, "Home exercise programs – 2 patients");
    assert!(pdf.displays_title(), "/DisplayDocTitle");
    let xmp = pdf.xmp().expect("XMP metadata on the catalogue");
    assert_eq!(xmp.item("dc:title"), Some(title.as_str()));
    assert_eq!(
        xmp.one("pdf:Producer"),
        pdf.info("Producer").expect("a producer")
    );
    assert_eq!(xmp.one("pdfuaid:part"), "1");
    assert_eq!(xmp.one("pdfaid:part"), "2");
    assert!(pdf.output_intent().is_some(), "an sRGB output intent");
    let tree = pdf.tree();
    let languages: Vec<Option<&str>> = tree
        .find("Part")
        .into_iter()
        .map(|p| tree.elements[p].lang.as_deref())
        .collect();
    assert_eq!(languages, [Some("en"), Some("es")]);

    // Sheets that are not PDF/A make a day that does not claim it.
    let plain = day(&["--no-pdfa"]);
    assert!(plain.xmp().expect("XMP").all("pdfaid:part").is_empty());
    assert!(plain.output_intent().is_none());
}
