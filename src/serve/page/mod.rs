//! The editor page: plain HTML, CSS and JavaScript, embedded in the binary
//! (no build step, nothing fetched from elsewhere), compressed
//! (`crate::packed`) and inflated when first asked for.

use crate::packed::{Packed, packed};

pub fn html() -> &'static str {
    static TEXT: Packed = packed!("src/serve/page/index.html");
    TEXT.text()
}

pub fn css() -> &'static str {
    static TEXT: Packed = packed!("src/serve/page/editor.css");
    TEXT.text()
}

pub fn js() -> &'static str {
    static TEXT: Packed = packed!("src/serve/page/editor.js");
    TEXT.text()
}
