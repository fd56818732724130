//! Sheets a screen reader can read: every PDF the tests make is checked
//! as a tagged PDF when it is opened (`pdf::tagged`); these tests check
//! what the structure says, sheet by sheet: the title first, each exercise
//! a section with its name, dose, figure (with its text alternative) and
//! steps, the log a table, video links a reader can follow, a name in
//! another script in its language, the booklet and a combined day.

use crate::pdf::{Pdf, Tree, flat};
use crate::support::{CSV_HEADER, Test, csv_row, plan_with, repo};

/// `examples/plan.toml` built with `extra` arguments: the sheet.
fn example(extra: &[&str]) -> Pdf {
    let plan = repo("examples/plan.toml");
    let (global, build): (Vec<&str>, Vec<&str>) = match extra {
        ["--config", path] => (vec!["--config", path], Vec::new()),
        other => (Vec::new(), other.to_vec()),
    };
    let mut args = global;
    args.extend([
        "build",
        plan.to_str().expect("a UTF-8 path"),
        "-o",
        "sheet.pdf",
    ]);
    args.extend(build);
    let test = Test::new()
        .args(&args)
        .status(0)
        .stdout_starts_with("wrote sheet.pdf: ")
        .stderr_satisfies("any warnings", |_| true);
    test.run();
    Pdf::open(&test.path("sheet.pdf"))
}

/// How many exercises the example plan prescribes.
fn example_exercises() -> usize {
    std::fs::read_to_string(repo("examples/plan.toml"))
        .expect("the example plan")
        .matches("[[exercise]]")
        .count()
}

/// The sections' headings ("1.  Bridge"), in order.
fn section_names(tree: &Tree) -> Vec<String> {
    tree.find("Sect")
        .into_iter()
        .map(|s| {
            let heading = tree
                .children(s)
                .into_iter()
                .find(|e| e.role == "H2")
                .expect("every exercise section has its name as a heading");
            flat(&heading.text)
        })
        .collect()
}

/// The name in a section heading, without its number: "1.  Bridge" is
/// "Bridge".
fn name_of(heading: &str) -> &str {
    heading
        .split_once(". ")
        .map_or(heading, |(_, name)| name)
        .trim()
}

/// The text alternative a sheet in `language` must give the figure of the
/// exercise named `name` there: the catalogue's `figure_alt` in that
/// language.
fn expected_alt(name: &str, language: &str) -> String {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let language = rx::lang::Language::parse(language).expect("a sheet language");
    let entry = catalogue.find(name).expect("the section's exercise");
    let printed = entry.printed(language).expect("its text in the language");
    printed
        .figure_alt
        .expect("every built-in exercise has a figure_alt in every language")
        .to_owned()
}

/// What each sheet in these tests must say in its structure: the title as
/// the one `H1` before any section, one `Sect` per exercise in order, each
/// with its name as `H2`, its dose, a `Figure` whose `/Alt` is the
/// catalogue's `figure_alt` in the sheet's `language`, and its steps as a
/// list; the log's bands as tables whose rows each start with a header
/// cell.
fn check_sheet(tree: &Tree, exercises: usize, language: &str) {
    let top: Vec<&str> = tree
        .children(0)
        .into_iter()
        .map(|e| e.role.as_str())
        .collect();
    let h1 = top.iter().position(|r| *r == "H1").expect("a title");
    let first_sect = top.iter().position(|r| *r == "Sect").expect("sections");
    assert!(h1 < first_sect, "{}", tree.outline());
    assert_eq!(tree.all("H1").len(), 1, "{}", tree.outline());
    let names = section_names(tree);
    assert_eq!(names.len(), exercises, "{}", tree.outline());
    for (i, (name, s)) in names.iter().zip(tree.find("Sect")).enumerate() {
        assert!(name.starts_with(&format!("{}.", i + 1)), "{name}");
        let kids: Vec<&str> = tree
            .children(s)
            .into_iter()
            .map(|e| e.role.as_str())
            .collect();
        assert_eq!(kids[..2], ["H2", "P"], "name, then dose: {kids:?}");
        assert!(kids.contains(&"L"), "steps as a list: {kids:?}");
        let figure = tree
            .children(s)
            .into_iter()
            .find(|e| e.role == "Figure")
            .expect("a figure");
        assert_eq!(
            figure.alt.as_deref(),
            Some(expected_alt(name_of(name), language).as_str())
        );
    }
    let tables = tree.find("Table");
    assert!(!tables.is_empty(), "the log is a table: {}", tree.outline());
    for table in tables {
        let rows = tree.children(table);
        assert_eq!(rows.len(), exercises + 2, "days, exercises, pain");
        for row in rows {
            assert_eq!(row.role, "TR");
        }
    }
    for row in tree.find("TR") {
        let cells = tree.children(row);
        assert_eq!(cells[0].role, "TH", "{}", tree.outline());
        // Each header cell says what it heads: a day its column, an
        // exercise's name its row.
        let scope = if cells.iter().all(|c| c.role == "TH") {
            "Column"
        } else {
            "Row"
        };
        for cell in cells.iter().filter(|c| c.role == "TH") {
            assert_eq!(cell.scope.as_deref(), Some(scope), "{:?}", cell.text);
        }
    }
}

#[test]
fn the_example_sheet_reads_title_sections_with_figures_and_the_log_as_a_table() {
    let pdf = example(&[]);
    let tree = pdf.tree();
    check_sheet(tree, example_exercises(), "en");
    let title = &tree.all("H1")[0].text;
    assert_eq!(flat(title), "Home exercises for José Müller-Łukasz");
    // The Stay-safe box: a heading, then its advice as a list.
    let top = tree.children(0);
    let safe = top
        .iter()
        .position(|e| e.role == "H2" && e.text == "Stay safe")
        .expect("the Stay-safe heading");
    assert_eq!(top[safe + 1].role, "L");
    // Headers, footers and rules are artifacts: "Page 1 of 4" is never read.
    assert!(!tree.text().contains("Page 1 of"), "{}", tree.text());
    assert!(pdf.text().contains("Page 1 of"));
}

#[test]
fn the_clinic_example_tags_its_video_codes_as_figures_and_their_links_as_links() {
    let config = repo("examples/rx.toml");
    let pdf = example(&["--config", config.to_str().expect("a UTF-8 path")]);
    let tree = pdf.tree();
    check_sheet(tree, example_exercises(), "en");
    let names = section_names(tree);
    let links = tree.find("Link");
    assert_eq!(links.len(), names.len(), "a video link per exercise");
    for (link, s) in links.iter().zip(tree.find("Sect")) {
        let element = &tree.elements[*link];
        // The link leads where the printed address says.
        let printed: String = element.text.split_whitespace().collect();
        assert_eq!(element.links, std::slice::from_ref(&printed));
        assert!(printed.starts_with("https://"), "{printed}");
        let name = name_of(&flat(&tree.children(s)[0].text)).to_owned();
        let code = tree
            .children(s)
            .into_iter()
            .filter(|e| e.role == "Figure")
            .nth(1)
            .expect("the video code after the exercise's figure");
        assert_eq!(
            code.alt.as_deref(),
            Some(format!("Video of {name}: QR code").as_str())
        );
    }
}

#[test]
fn the_spanish_sheet_says_its_figures_in_spanish() {
    let pdf = example(&["--language", "es"]);
    check_sheet(pdf.tree(), example_exercises(), "es");
}

#[test]
fn the_large_print_sheet_is_tagged_alike() {
    let pdf = example(&["--large-print"]);
    check_sheet(pdf.tree(), example_exercises(), "en");
}

#[test]
fn a_hebrew_name_is_a_span_in_hebrew() {
    let name = "שרה כהן";
    let test = Test::new()
        .file(
            "plan.toml",
            plan_with(
                "name = \"José Müller-Łukasz\"",
                &format!("name = \"{name}\""),
            ),
        )
        .args(&["build", "plan.toml", "-o", "sheet.pdf"])
        .status(0)
        .stdout_starts_with("wrote sheet.pdf");
    test.run();
    let pdf = Pdf::open(&test.path("sheet.pdf"));
    let tree = pdf.tree();
    let title = tree.find("H1")[0];
    let span = tree
        .children(title)
        .into_iter()
        .find(|e| e.role == "Span")
        .expect("the name a span of the title");
    assert_eq!(span.lang.as_deref(), Some("he"));
    assert_eq!(span.text, name);
    // Every span of the name on the sheet says so.
    for span in tree.all("Span") {
        assert_eq!(span.lang.as_deref(), Some("he"), "{:?}", span.text);
    }
}

#[test]
fn the_booklet_is_tagged_with_its_title_and_each_figure_described() {
    let test = Test::new()
        .args(&["catalogue", "--format", "pdf", "-o", "catalogue.pdf"])
        .status(0)
        .stdout_starts_with("wrote catalogue.pdf: ");
    test.run();
    let pdf = Pdf::open(&test.path("catalogue.pdf"));
    let tree = pdf.tree();
    assert_eq!(flat(&tree.all("H1")[0].text), "Exercise catalogue");
    let figures = tree.all("Figure");
    assert!(!figures.is_empty());
    for figure in figures {
        let alt = figure.alt.as_deref().unwrap_or_default();
        assert!(alt.starts_with("Drawing: "), "{alt}");
    }
}

#[test]
fn a_combined_day_keeps_each_sheet_as_a_part_of_one_document() {
    let rows = [
        CSV_HEADER.to_owned(),
        csv_row("Y", "Yan Yu", "bird dog", ""),
        csv_row("Y", "Yan Yu", "bridge", ""),
        csv_row("Y", "Yan Yu", "pelvic tilt", ""),
        csv_row("Y", "Yan Yu", "cat stretch", ""),
        csv_row("Z", "Zoe Zed", "bridge", ""),
    ];
    let test = Test::new()
        .file("plans.csv", rows.join("\n"))
        .args(&["build", "plans.csv", "-o", "out", "--combine", "day.pdf"])
        .status(0)
        .stdout_starts_with("built 2 of 2 patients");
    test.run();
    let pdf = Pdf::open(&test.path("day.pdf"));
    let tree = pdf.tree();
    assert_eq!(tree.elements[0].role, "Document");
    let parts = tree.find("Part");
    assert_eq!(tree.children(0).len(), parts.len(), "{}", tree.outline());
    let titles: Vec<String> = parts
        .iter()
        .map(|&p| {
            let h1 = tree
                .children(p)
                .into_iter()
                .find(|e| e.role == "H1")
                .expect("each part its title");
            flat(&h1.text)
        })
        .collect();
    assert_eq!(
        titles,
        ["Home exercises for Yan Yu", "Home exercises for Zoe Zed"]
    );
    // Each part reads as its own sheet does.
    let alone = Pdf::open(&test.path("out/Z_2026-11-22.pdf"));
    assert_eq!(tree.text_under(parts[1]), alone.tree().text_under(0));
}
