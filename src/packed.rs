//! Texts rx carries compressed inside its binary, each inflated once
//! per process, the first time it is read, and kept for the rest of it.
//!
//! `build.rs` compresses each file into `$OUT_DIR/PATH.deflate`;
//! `packed!` embeds that copy. What is packed: the built-in catalogue, its
//! figures, each language's `sheet.ftl` and `catalogue.toml`, and `rx
//! serve`'s page: 476,121 bytes of text in 105,885. The stripped release
//! binary went from 8,936,352 to 8,570,096 bytes (`cargo build
//! --release`, `stat -c %s target/release/rx`).
//!
//! What it costs: every command reads the catalogue, its figures and each
//! language's catalogue text at start (`catalogue::deferred` indexes them),
//! so every run inflates those 422 KB; the rest only when used. `rx build`
//! of the example went from 47.40M to 52.20M instructions, about 4M of it
//! the inflating and 0.5M checking the UTF-8 (`valgrind --tool=callgrind
//! target/release/rx --no-config build plan.toml --date 2026-12-07 -o
//! out.pdf`); `deferred` then won 5.2M back by finding the header lines
//! with memchr. Sheets are unchanged, byte for byte.

use std::sync::OnceLock;

/// One embedded text, compressed, and its text once inflated.
pub struct Packed {
    deflated: &'static [u8],
    text: OnceLock<String>,
}

/// The `Packed` copy of the file at `$path` (from the crate's root), which
/// `build.rs` compressed.
macro_rules! packed {
    ($path:literal) => {
        $crate::packed::Packed::new(include_bytes!(concat!(
            env!("OUT_DIR"),
            "/",
            $path,
            ".deflate"
        )))
    };
}
pub(crate) use packed;

impl Packed {
    pub const fn new(deflated: &'static [u8]) -> Packed {
        Packed {
            deflated,
            text: OnceLock::new(),
        }
    }

    /// The text, inflated on the first call.
    pub fn text(&'static self) -> &'static str {
        self.text.get_or_init(|| inflate(self.deflated))
    }
}

/// `packed` (its length, then its raw deflate stream, as `build.rs` writes it)
/// inflated in one call into a buffer of its size: no zeroing and no
/// growing. Through `flate2::read` instead (zeroed, grown buffers), `rx
/// build` took 0.97M instructions more (callgrind, as above).
fn inflate(packed: &[u8]) -> String {
    let (len, deflated) = packed.split_at(4);
    let len = u32::from_le_bytes(len.try_into().expect("4 bytes"));
    let mut bytes = Vec::with_capacity(len as usize);
    let status = flate2::Decompress::new(false)
        .decompress_vec(deflated, &mut bytes, flate2::FlushDecompress::Finish)
        .expect("build.rs wrote a deflate stream");
    assert!(
        status == flate2::Status::StreamEnd && bytes.len() == len as usize,
        "build.rs wrote the whole file"
    );
    String::from_utf8(bytes).expect("build.rs compressed a UTF-8 file")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::lang::registry::FOLDERS;

    fn file(path: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn packed_texts_inflate_to_their_files_byte_for_byte() {
        assert_eq!(
            crate::catalogue::builtin_text(),
            file("templates/catalogue.toml")
        );
        assert_eq!(
            crate::catalogue::figures_text(),
            file("templates/figures.toml")
        );
        assert_eq!(
            crate::serve::page::html(),
            file("src/serve/page/index.html")
        );
        assert_eq!(crate::serve::page::css(), file("src/serve/page/editor.css"));
        assert_eq!(crate::serve::page::js(), file("src/serve/page/editor.js"));
        for folder in &FOLDERS {
            let code = folder.code;
            assert_eq!(
                folder.sheet(),
                file(&format!("templates/lang/{code}/sheet.ftl"))
            );
            let catalogue = format!("templates/lang/{code}/catalogue.toml");
            match folder.catalogue() {
                Some(text) => assert_eq!(text, file(&catalogue)),
                None => assert!(
                    !Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join(catalogue)
                        .exists()
                ),
            }
        }
    }

    #[test]
    fn a_packed_text_is_inflated_once_and_kept() {
        let first = crate::catalogue::builtin_text();
        assert!(std::ptr::eq(first, crate::catalogue::builtin_text()));
    }
}
