//! What the catalogue records of each source (publisher, pages, copies,
//! how and when seen), as `rx catalogue ID`, the JSON and the booklet show
//! it, and that a sheet never prints a copy site's address.

use crate::catalogue::CLINIC;
use crate::pdf::Pdf;
use crate::support::{PLAN, Test};

/// `CLINIC` with its source recorded in full: a publisher page, and a
/// copy it was read from.
fn recorded() -> String {
    CLINIC.replace(
        "title = \"Riverside PT protocol 2026\"\n",
        "title = \"Riverside PT protocol 2026\"\n\
         publisher = \"Riverside Physical Therapy\"\n\
         urls = [\"https://riverside.example/protocol\"]\n\
         seen_at = [\"https://copies.example/riverside-protocol\"]\n\
         seen = \"copy\"\n\
         date_seen = 2026-12-07\n",
    )
}

#[test]
fn an_entry_names_its_sources_publisher_page_copy_and_date_seen() {
    Test::new()
        .file("clinic.toml", recorded())
        .args(&["--catalogue", "clinic.toml", "catalogue", "wall-sit"])
        .status(0)
        .stdout_contains(
            "  clinic: \"Riverside PT protocol 2026\"\n\
             \x20     publisher: Riverside Physical Therapy\n\
             \x20     page: https://riverside.example/protocol\n\
             \x20     seen: copy, 2026-12-07\n\
             \x20     seen at (a copy): https://copies.example/riverside-protocol\n",
        )
        .run();
}

#[test]
fn the_json_names_each_sources_record() {
    let out = Test::new()
        .file("clinic.toml", recorded())
        .args(&[
            "--catalogue",
            "clinic.toml",
            "catalogue",
            "--format",
            "json",
        ])
        .status(0)
        .stdout_contains("\"publisher\": \"Riverside Physical Therapy\"")
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let clinic = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == "clinic")
        .expect("the clinic's source");
    assert_eq!(clinic["seen"], "copy");
    assert_eq!(clinic["date_seen"], "2026-12-07");
    assert_eq!(
        clinic["urls"],
        serde_json::json!(["https://riverside.example/protocol"])
    );
    assert_eq!(
        clinic["seen_at"],
        serde_json::json!(["https://copies.example/riverside-protocol"])
    );
    // The seed articles record what is not known instead of inventing it.
    let relieve = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == "relieve")
        .expect("relieve");
    assert_eq!(relieve["seen"], "whole");
    assert!(
        relieve["not_known"]
            .as_str()
            .is_some_and(|t| t.contains("no publisher")),
        "{relieve}"
    );
}

#[test]
fn the_booklet_names_each_source_with_publisher_and_date_seen() {
    let test = Test::new().file("clinic.toml", recorded());
    test.in_same_folder()
        .args(&[
            "--catalogue",
            "clinic.toml",
            "catalogue",
            "--format",
            "pdf",
            "-o",
            "booklet.pdf",
        ])
        .status(0)
        .stdout_contains("wrote booklet.pdf")
        .run();
    let words = Pdf::open(&test.path("booklet.pdf"))
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "Publisher: Riverside Physical Therapy.",
        "Seen as a copy on 2026-12-07.",
        "Read at (a copy):",
    ] {
        assert!(words.contains(needle), "{needle:?} not in the booklet");
    }
}

#[test]
fn a_sheet_never_prints_a_copy_sites_address() {
    let plan = format!("{PLAN}\n[[exercise]]\nname = \"wall squat\"\nreps = 5\n");
    let test = Test::new()
        .file("clinic.toml", recorded())
        .file("plan.toml", plan);
    test.in_same_folder()
        .args(&[
            "--catalogue",
            "clinic.toml",
            "build",
            "plan.toml",
            "-o",
            "sheet.pdf",
        ])
        .status(0)
        .stdout_contains("sheet.pdf")
        .run();
    let text = Pdf::open(&test.path("sheet.pdf")).text();
    assert!(
        text.contains("Wall sit"),
        "the clinic's exercise is on the sheet"
    );
    assert!(!text.contains("copies.example"), "{text}");
}

#[test]
fn the_seed_articles_record_where_they_were_found_or_that_they_were_searched_for() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let essential = catalogue.source("essential").expect("essential");
    assert!(
        essential
            .seen_at
            .iter()
            .any(|u| u.contains("newhydeparkfitness.com")),
        "{essential:?}"
    );
    for id in ["relieve", "gentle"] {
        let source = catalogue.source(id).expect("a seed article");
        let searched = source.urls.is_empty()
            && source.seen_at.is_empty()
            && source
                .not_known
                .as_deref()
                .is_some_and(|t| t.contains("was searched for on 2026-12-07"));
        assert!(searched, "{source:?}");
    }
}
