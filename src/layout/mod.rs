//! Stage 4, layout: `&Plan` + `Options` + `&Fonts` -> `Document`.
//!
//! Builds the sheet as blocks (title, notes, safety box, one block per
//! exercise, the tick-box log), paginates them, then adds the header and
//! footer every page carries (clinic, prescriber, patient, dates, page x of
//! y). Pure: same plan and options, same document.

mod booklet;
mod clinic;
mod composer;
mod flow;
mod log;
mod marks;
mod qr;
mod sheet;
mod style;
pub mod text;

pub use style::Style;

use crate::document::Document;

use crate::fonts::Fonts;
use crate::lang::Language;
use crate::plan::{Paper, Plan};

/// How to lay out a sheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub paper: Paper,
    pub large_print: bool,
    /// Every word the sheet prints is in this language; an exercise the
    /// catalogue has no text for in it (allowed by check only with
    /// `--allow-fallback`) prints in English, with a note.
    pub language: Language,
}

/// Page size in points.
pub fn page_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::Letter => (612.0, 792.0),
        Paper::A4 => (595.28, 841.89),
    }
}

/// Lay out the home-exercise sheet for a checked plan.
pub fn sheet(plan: &Plan, options: Options, fonts: &Fonts) -> Document {
    sheet::build(plan, options, fonts)
}

/// `sheet`, and how full each page's body is: from the top of the body
/// (under the header) to the lowest thing placed, as a share of the body's
/// height down to the footer (0 to 1). What a test of the sheet's page fill
/// measures, from the layout's own placement.
pub fn sheet_with_fill(plan: &Plan, options: Options, fonts: &Fonts) -> (Document, Vec<f32>) {
    sheet::build_with_fill(plan, options, fonts)
}

/// A page left blank on purpose, laid out like a sheet's pages with
/// `options`: only its footer says so. A combined PDF puts one after a
/// sheet of an odd number of pages, so that printed double-sided, no
/// patient's page is on the back of another's.
pub fn blank(options: Options, fonts: &Fonts, created: chrono::NaiveDate) -> Document {
    sheet::blank(options, fonts, created)
}

/// Lay out the reference booklet of a whole catalogue, dated `date`.
pub fn booklet(
    catalogue: &crate::catalogue::Catalogue,
    options: Options,
    fonts: &Fonts,
    date: chrono::NaiveDate,
) -> Document {
    booklet::build(catalogue, options, fonts, date)
}

#[cfg(test)]
mod tests;
