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
//!
//! The large texts rx embeds (the built-in catalogue, its figures, each
//! language's messages and catalogue text, the editor's page) go in
//! zlib-compressed: each `PATH` is written to `$OUT_DIR/PATH.zlib` here and
//! inflated once per process when first read (`src/packed.rs`, which says
//! what it saves and costs).

use std::fmt::Write as _;
use std::path::Path;

/// Every language folder's files; English has no `catalogue.toml` (its text
/// is the catalogue's own).
const FILES: &[&str] = &["language.toml", "sheet.ftl"];
const TRANSLATION: &str = "catalogue.toml";

/// The texts embedded compressed besides each language's `sheet.ftl` and
/// `catalogue.toml`.
const PACKED: &[&str] = &[
    "templates/catalogue.toml",
    "templates/figures.toml",
    "src/serve/page/index.html",
    "src/serve/page/editor.css",
    "src/serve/page/editor.js",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    for path in PACKED {
        pack(out, path);
    }
    languages(out);
}

/// `path` (from the crate's root) into `out/PATH.zlib`: its length (4
/// bytes, little-endian), so it can be inflated straight into a buffer of
/// its size, then its bytes zlib-compressed.
fn pack(out: &Path, path: &str) {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let len = u32::try_from(text.len()).unwrap_or_else(|_| panic!("{path}: over 4 GB"));
    let mut deflated = len.to_le_bytes().to_vec();
    // Level 10, miniz's best: the bytes are compressed once per build.
    deflated.extend(miniz_oxide::deflate::compress_to_vec_zlib(&text, 10));
    let dest = out.join(format!("{path}.zlib"));
    let folder = dest.parent().expect("a file has a folder");
    std::fs::create_dir_all(folder)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", folder.display()));
    std::fs::write(&dest, deflated)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

/// `$OUT_DIR/languages.rs`, the folders' array, and
/// `$OUT_DIR/language_count.rs`, its length.
fn languages(out_dir: &Path) {
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
    let mut out = String::from("[\n");
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
        let packed = |file: &str| {
            let path = format!("templates/lang/{code}/{file}");
            pack(out_dir, &path);
            format!("crate::packed::packed!({path:?})")
        };
        let catalogue = if code == "en" {
            "None".to_owned()
        } else {
            format!("Some({})", packed(TRANSLATION))
        };
        writeln!(
            out,
            "    Folder {{ code: {code:?}, language: {}, sheet: {}, catalogue: {catalogue} }},",
            embed("language.toml"),
            packed("sheet.ftl"),
        )
        .expect("writing to a String");
    }
    out.push_str("]\n");
    let write = |name: &str, text: String| {
        let dest = out_dir.join(name);
        std::fs::write(&dest, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
    };
    write("languages.rs", out);
    write("language_count.rs", codes.len().to_string());
}
