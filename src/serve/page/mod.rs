//! The editor page: plain HTML, CSS and JavaScript, embedded in the binary
//! (no build step, nothing fetched from elsewhere).

pub const HTML: &str = include_str!("index.html");
pub const CSS: &str = include_str!("editor.css");
pub const JS: &str = include_str!("editor.js");
