//! Stage 4, layout: `&Plan` + options -> `Document` (pages, positioned text, shapes).

mod document;

pub use document::{Document, Gray, Item, Page, Stroke};
