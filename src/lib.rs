//! rx checks physical-therapy home-exercise plans and renders patient sheets.
//!
//! The pipeline, parse -> resolve -> check -> layout -> render:
//!
//! - `parse` turns a plan file (TOML, or a CSV patient's rows) into a
//!   `RawPlan` with the span of every value, reading fields through
//!   `fields` (the toolkit it shares with catalogue loading);
//! - `resolve` looks the exercises up in the `catalogue` and fills in the
//!   doses of a source's own prescription, giving a `Plan`;
//! - `check` compares each written dose field with its limits and each
//!   exercise's daily total with what the sources prescribe, and that every
//!   text prints in the `fonts` (the embedded ones and a clinic's; `fields`
//!   has put every text in NFC, and `fonts::shape` shapes right-to-left,
//!   joining and marked text for layout, whose text items carry the glyphs
//!   to render), deciding what is
//!   too much through `dose`, the one home of the dose rules (hard caps,
//!   which limit a field answers to, daily totals and their margin);
//! - `layout` sets a valid plan on pages, a `document::Document`, drawing
//!   each exercise's illustration through the `figure` engine;
//! - `render` turns the document into PDF bytes.
//!
//! Every word layout prints comes from `lang`, the sheet language's Fluent
//! messages (built once per process); check needs the language too, to
//! refuse an exercise the catalogue has no text for in it.
//!
//! Every stage collects `diag::Diagnostic`s rather than stopping at the
//! first, and all of them are pure: same input, same output. I/O happens in
//! four places only: `cli` (arguments, stdio, the environment, the clock,
//! reading plan and catalogue files and writing single sheets), `batch`
//! (reading a CSV of many plans, twice, and writing their sheets into a
//! folder it creates and locks) and `files`, the file-system rules both
//! use (what an input file must be, atomic writes, sheet file names); and
//! `serve`, `rx serve`'s local editor, which answers a browser on
//! 127.0.0.1 and reads and writes plans and sheets in the one folder it
//! serves, every plan through the same `run::Run`.
//! A clinic's `settings` (`rx.toml`) fill in what a plan leaves out,
//! around resolve. A `run::Run`, settled once per command, holds the
//! catalogue, fonts, settings and command-line choices and takes each plan
//! through the stages in order, to its diagnostics and its sheet's bytes.
#![forbid(unsafe_code)]

pub mod batch;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod diag;
pub mod document;
pub mod dose;
pub mod error;
pub mod fields;
pub mod figure;
pub mod files;
pub mod fonts;
pub mod lang;
pub mod layout;
pub mod limits;
pub mod order;
pub mod packed;
pub mod parse;
pub mod picture;
pub mod plan;
pub mod render;
pub mod resolve;
pub mod run;
pub mod serve;
pub mod settings;
pub mod suggest;
pub mod template;

use chrono::NaiveDate;

use catalogue::Catalogue;
use fonts::Fonts;
pub use run::{Checked, Run};

/// Run parse -> resolve -> check on a plan file's bytes, with no settings
/// file and no command-line choices (`Run::new`): the tests', benches' and
/// fuzz targets' shorthand.
pub fn check_plan(
    bytes: &[u8],
    catalogue: &Catalogue,
    fonts: &Fonts,
    today: NaiveDate,
) -> (String, Checked) {
    Run::new(catalogue, fonts, today).check(bytes)
}
