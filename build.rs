//! Registers every sheet language: each folder `templates/lang/CODE/` becomes
//! one entry of `$OUT_DIR/languages.rs` (included by `src/lang/registry.rs`),
//! its files embedded (`sheet.ftl` and `catalogue.toml` compressed, below).
//! Adding a language is adding a
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
//! compressed: each `PATH` is deflated into `$OUT_DIR/PATH.deflate` here
//! and inflated once per process when first read (`src/packed.rs`, which
//! says what it saves and costs). And release links on Linux get two
//! flags for a smaller binary (`link_flags`).

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
    link_flags();
}

/// Two linker flags for a smaller release binary on Linux, each only where
/// the build can be sure the linker and the C library take it (each
/// figure the stripped `target/release/rx` of `cargo build --release`,
/// docs/ARCHITECTURE.md, "Build"):
/// - `-z pack-relative-relocs`: the binary's 8,000 relative relocations
///   as a bitmap (`.relr.dyn`, 3 KB) instead of 24 bytes each
///   (`.rela.dyn`, 194 KB): -187,544 bytes. The loader must know the
///   format (glibc 2.36, 2022, and later; the linker marks the binary so
///   an older one refuses it plainly), so only for a build for the machine
///   it runs on, whose glibc is that new;
/// - `--icf=all`: identical functions (monomorphised copies that compile to
///   the same code) kept once: -72,192 bytes. Only lld takes it, the
///   linker rustc 1.90 and later use for x86_64 Linux unless told another.
fn link_flags() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if var("PROFILE") != "release" || !linux_gnu {
        return;
    }
    if var("HOST") == var("TARGET") && glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    let own_linker = var("CARGO_ENCODED_RUSTFLAGS").contains("link");
    if var("TARGET") == "x86_64-unknown-linux-gnu" && rustc_minor() >= 90 && !own_linker {
        println!("cargo:rustc-link-arg-bins=-Wl,--icf=all");
    }
}

/// Whether this machine's glibc (`getconf GNU_LIBC_VERSION`: "glibc
/// 2.36") is at least `major.minor`; `false` when it cannot tell.
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
    else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut numbers = text
        .trim()
        .strip_prefix("glibc ")
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse::<u32>().ok());
    match (numbers.next().flatten(), numbers.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}

/// The minor version of the rustc building rx ("rustc 1.95.0 (...)": 95),
/// or 0 when it cannot tell.
fn rustc_minor() -> u32 {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    std::process::Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|out| {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let version = text.split_whitespace().nth(1)?.to_owned();
            version.split('.').nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// `path` (from the crate's root) into `out/PATH.deflate`: its length (4
/// bytes, little-endian), so it can be inflated straight into a buffer of
/// its size, then its bytes deflated.
fn pack(out: &Path, path: &str) {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let len = u32::try_from(text.len()).unwrap_or_else(|_| panic!("{path}: over 4 GB"));
    let mut deflated = len.to_le_bytes().to_vec();
    // Level 10, miniz's best: the bytes are compressed once per build.
    // Raw deflate, no zlib checksum: the bytes come from rx's own binary.
    deflated.extend(miniz_oxide::deflate::compress_to_vec(&text, 10));
    let dest = out.join(format!("{path}.deflate"));
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
