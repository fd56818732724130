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
//!   joining and marked text for layout and render alike), deciding what is
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
//! three places only: `cli` (arguments, stdio, the environment, the clock,
//! reading plan and catalogue files and writing single sheets), `batch`
//! (reading a CSV of many plans, twice, and writing their sheets into a
//! folder it creates and locks) and `files`, the file-system rules both
//! use (what an input file must be, atomic writes, sheet file names).
//! A clinic's `settings` (`rx.toml`) fill in what a plan leaves out,
//! around resolve (`check_raw`).
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
pub mod parse;
pub mod picture;
pub mod plan;
pub mod render;
pub mod resolve;
pub mod settings;
pub mod suggest;
pub mod template;

use chrono::NaiveDate;

use catalogue::Catalogue;
use diag::Diagnostic;
use fonts::Fonts;
use layout::Overrides;
use plan::Plan;
use settings::Settings;

/// A plan file taken through parse, resolve and check.
#[derive(Debug)]
pub struct Checked {
    /// The checked plan; `None` whenever there is an error, so an invalid
    /// plan cannot reach the renderer.
    pub plan: Option<Plan>,
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Whether the plan is refused: it has an error, or, with
    /// `deny_warnings`, any diagnostic at all. The one `--deny-warnings`
    /// rule, for `build`, `check` and every patient of a batch.
    pub fn refused(&self, deny_warnings: bool) -> bool {
        self.plan.is_none() || self.has_errors() || (deny_warnings && !self.diagnostics.is_empty())
    }

    /// The plan, unless it is `refused`.
    pub fn accepted(&mut self, deny_warnings: bool) -> Option<Plan> {
        if self.refused(deny_warnings) {
            return None;
        }
        self.plan.take()
    }
}

/// Run parse -> resolve -> check on a plan file's bytes.
pub fn check_plan(
    bytes: &[u8],
    catalogue: &Catalogue,
    fonts: &Fonts,
    today: NaiveDate,
) -> (String, Checked) {
    check_plan_dated(
        bytes,
        catalogue,
        fonts,
        today,
        None,
        &Settings::default(),
        Overrides::default(),
    )
}

/// `check_plan`, with the order of day and month in quoted local dates
/// (`--date-format`), the clinic's settings and the command line's choices.
pub fn check_plan_dated(
    bytes: &[u8],
    catalogue: &Catalogue,
    fonts: &Fonts,
    today: NaiveDate,
    date_order: Option<parse::dates::DateOrder>,
    settings: &Settings,
    overrides: Overrides,
) -> (String, Checked) {
    let (text, problem) = parse::decode(bytes);
    if let Some(d) = problem {
        return (
            text,
            Checked {
                plan: None,
                diagnostics: vec![d],
            },
        );
    }
    let (raw, diagnostics) = parse::toml::parse(&text, date_order);
    let checked = match raw {
        Some(raw) => check_raw(
            &raw,
            diagnostics,
            catalogue,
            fonts,
            today,
            settings,
            overrides,
        ),
        None => Checked {
            plan: None,
            diagnostics,
        },
    };
    (text, checked)
}

/// Resolve and check a parsed plan (from TOML or a CSV patient's rows),
/// adding to the parse's own `diagnostics`; the clinic's `settings` fill
/// what the plan leaves out, and the command line's `overrides` win over
/// both (the sheet's language is settled here, since check needs it).
pub fn check_raw(
    raw: &parse::RawPlan,
    mut diagnostics: Vec<Diagnostic>,
    catalogue: &Catalogue,
    fonts: &Fonts,
    today: NaiveDate,
    settings: &Settings,
    overrides: Overrides,
) -> Checked {
    let mut raw = raw.clone();
    settings.fill(&mut raw, &mut diagnostics);
    let raw = &raw;
    let (mut plan, more) = resolve::resolve(raw, catalogue, today);
    settings.finish(&mut plan);
    if let Some(language) = overrides.language {
        plan.sheet.language = Some(language);
    }
    diagnostics.extend(more);
    diagnostics.extend(check::check(&plan, catalogue));
    diagnostics.extend(check::day_length(&plan, settings.minutes_a_day.as_ref()));
    diagnostics.extend(check::header(raw));
    diagnostics.extend(check::lost_characters(raw));
    diagnostics.extend(check::glyphs(raw, &plan, fonts));
    diagnostics.extend(check::translations(raw, &plan, overrides.allow_fallback));
    diagnostics.extend(raw.issued.as_ref().and_then(|issued| {
        if raw.issued_serial {
            parse::dates::distant_serial("issued", issued, today)
        } else {
            parse::dates::distant("issued", issued, today)
        }
    }));
    diag::sort(&mut diagnostics);
    let valid = !diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        plan: valid.then_some(plan),
        diagnostics,
    }
}
