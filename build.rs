//! Registers every sheet language: each folder `templates/lang/CODE/` becomes
//! one entry of `$OUT_DIR/languages.rs` (included by `src/lang/registry.rs`),
//! its files embedded with `include_str!`. Adding a language is adding a
//! folder; nothing else names it. English comes first (the default, and the
//! catalogue's own language), then the others by code, so a language's
//! index is the same on every machine.
//!
//! A folder missing one of its files stops the build here, naming the
//! folder and the file; whether the files hold every message and every
//! translation is checked by the tests (`src/lang/tests.rs`,
//! `src/catalogue/translations.rs`).

use std::fmt::Write as _;
use std::path::Path;

/// Every language folder's files; English has no `catalogue.toml` (its text
/// is the catalogue's own).
const FILES: &[&str] = &["language.toml", "sheet.ftl"];
const TRANSLATION: &str = "catalogue.toml";

fn main() {
    let root = Path::new("templates/lang");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut codes: Vec<String> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display())))
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .map(|entry| {
            entry.file_name().into_string().unwrap_or_else(|name| {
                panic!("templates/lang/{name:?}: a folder's name must be a language code")
            })
        })
        .collect();
    for code in &codes {
        assert!(
            !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "templates/lang/{code}/: a folder's name must be a language code like `vi` or `pt-BR`"
        );
    }
    codes.sort_by(|a, b| (a != "en", a).cmp(&(b != "en", b)));
    assert!(
        codes.first().is_some_and(|c| c == "en"),
        "templates/lang/en/ (English) is missing"
    );
    let mut out = String::from("&[\n");
    for code in &codes {
        let folder = root.join(code);
        println!("cargo:rerun-if-changed={}", folder.display());
        let mut files: Vec<&str> = FILES.to_vec();
        if code != "en" {
            files.push(TRANSLATION);
        }
        for file in &files {
            let path = folder.join(file);
            println!("cargo:rerun-if-changed={}", path.display());
            assert!(
                path.is_file(),
                "templates/lang/{code}/ has no {file}: see docs/sheet.md, \"Adding a language\""
            );
        }
        let embed = |file: &str| {
            format!(
                "include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/templates/lang/{code}/{file}\"))"
            )
        };
        let catalogue = if code == "en" {
            "None".to_owned()
        } else {
            format!("Some({})", embed(TRANSLATION))
        };
        writeln!(
            out,
            "    Folder {{ code: {code:?}, language: {}, sheet: {}, catalogue: {catalogue} }},",
            embed("language.toml"),
            embed("sheet.ftl"),
        )
        .expect("writing to a String");
    }
    out.push_str("]\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("languages.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}
