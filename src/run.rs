//! One run of rx: a plan in, its diagnostics and its sheet's bytes out.
//!
//! A `Run` is settled once, after the command line, the clinic's settings
//! and the catalogue are all known (as ripgrep's `HiArgs`): the catalogue
//! and fonts it reads, the settings that fill what a plan leaves out, the
//! command line's `Overrides` that win over both, today's date and the
//! `--deny-warnings` choice. Every plan of the run goes through it, so the
//! pipeline's order (parse -> settings -> resolve -> check, then layout ->
//! render) is written here once: `rx build`, `rx check`, every patient of a
//! batch and the fuzz corpus test all take this path.
//!
//! Pure, like the stages it calls: the same plan gives the same diagnostics
//! and the same bytes. Reading plan files and writing sheets stay with
//! `cli` and `batch`.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::catalogue::Catalogue;
use crate::diag::{self, Diagnostic};
use crate::fonts::Fonts;
use crate::lang::Language;
use crate::layout::{self, Options};
use crate::parse::{self, RawPlan, dates::DateOrder};
use crate::plan::{Paper, Plan};
use crate::render::Unembeddable;
use crate::settings::Settings;
use crate::{check, resolve};

/// Everything a run decides once and every plan of it reads.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    /// Loaded once per process, shared by the run's plans (and, in a
    /// batch, its worker threads), so borrowed.
    pub catalogue: &'a Catalogue,
    pub fonts: &'a Fonts,
    /// The clinic's settings (`rx.toml`): a plan's own values win over
    /// them, and `overrides` over both.
    pub settings: Arc<Settings>,
    pub overrides: Overrides,
    /// The issue date of a plan that gives none, and what "distant" dates
    /// are measured from.
    pub today: NaiveDate,
    /// The order of day and month in dates not written YYYY-MM-DD
    /// (`--date-format`): quoted dates in a plan, date cells in a CSV.
    pub date_order: Option<DateOrder>,
    /// Refuse plans with warnings too (see `Checked::refused`).
    pub deny_warnings: bool,
}

/// Choices made for a whole run (on the command line) that win over each
/// plan's own `[plan]` settings: the one place the two are merged, for a
/// single plan and for every patient of a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `None` keeps the plan's paper (or the default, letter).
    pub paper: Option<Paper>,
    /// Large print for every sheet; `false` keeps the plan's choice.
    pub large_print: bool,
    /// `None` keeps the plan's language (or the settings', or English).
    pub language: Option<Language>,
    /// An entry without text in the sheet's language prints in English,
    /// a warning rather than an error (`--allow-fallback`).
    pub allow_fallback: bool,
    /// `--pdfa` (`Some(true)`) or `--no-pdfa` (`Some(false)`); `None`
    /// keeps the settings' `pdfa`, or the default.
    pub pdfa: Option<bool>,
}

impl Overrides {
    /// The layout options for `plan`.
    pub fn options(self, plan: &Plan) -> Options {
        Options {
            paper: self.paper.or(plan.sheet.paper).unwrap_or_default(),
            large_print: self.large_print || plan.sheet.large_print.unwrap_or(false),
            language: self.language.or(plan.sheet.language).unwrap_or_default(),
        }
    }
}

/// A plan taken through parse, resolve and check.
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

/// A plan's sheet, rendered.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// How it was laid out (paper, print size, language).
    pub options: Options,
}

impl<'a> Run<'a> {
    /// A run with no settings file and no command-line choices: what the
    /// tests, benches and fuzz targets check plans with.
    pub fn new(catalogue: &'a Catalogue, fonts: &'a Fonts, today: NaiveDate) -> Run<'a> {
        Run {
            catalogue,
            fonts,
            settings: Arc::default(),
            overrides: Overrides::default(),
            today,
            date_order: None,
            deny_warnings: false,
        }
    }

    /// Parse, resolve and check a plan file's bytes: its text (as decoded,
    /// for showing the diagnostics against) and what checking found.
    pub fn check(&self, bytes: &[u8]) -> (String, Checked) {
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
        let (raw, diagnostics) = parse::toml::parse(&text, self.date_order);
        let checked = match raw {
            Some(raw) => self.check_parsed(&raw, diagnostics),
            None => Checked {
                plan: None,
                diagnostics,
            },
        };
        (text, checked)
    }

    /// Resolve and check a parsed plan (from TOML or a CSV patient's rows),
    /// adding to the parse's own `diagnostics`; the clinic's settings fill
    /// what the plan leaves out, and the command line's overrides win over
    /// both (the sheet's language is settled here, since check needs it).
    pub fn check_parsed(&self, raw: &RawPlan, mut diagnostics: Vec<Diagnostic>) -> Checked {
        let mut raw = raw.clone();
        self.settings.fill(&mut raw, &mut diagnostics);
        let raw = &raw;
        let (mut plan, more) = resolve::resolve(raw, self.catalogue, self.today);
        self.settings.finish(&mut plan);
        if let Some(language) = self.overrides.language {
            plan.sheet.language = Some(language);
        }
        diagnostics.extend(more);
        diagnostics.extend(check::check(&plan, self.catalogue));
        diagnostics.extend(check::day_length(
            &plan,
            self.settings.minutes_a_day.as_ref(),
        ));
        diagnostics.extend(check::header(raw));
        diagnostics.extend(check::lost_characters(raw));
        diagnostics.extend(check::glyphs(raw, &plan, self.fonts));
        diagnostics.extend(check::translations(
            raw,
            &plan,
            self.overrides.allow_fallback,
        ));
        diagnostics.extend(raw.issued.as_ref().and_then(|issued| {
            if raw.issued_serial {
                parse::dates::distant_serial("issued", issued, self.today)
            } else {
                parse::dates::distant("issued", issued, self.today)
            }
        }));
        diag::sort(&mut diagnostics);
        let valid = !diagnostics.iter().any(Diagnostic::is_error);
        Checked {
            plan: valid.then_some(plan),
            diagnostics,
        }
    }

    /// The plan of `checked`, unless the run refuses it (an error, or with
    /// `--deny-warnings` any diagnostic).
    pub fn accepted(&self, checked: &mut Checked) -> Option<Plan> {
        checked.accepted(self.deny_warnings)
    }

    /// How `plan`'s sheet is laid out: the command line's choices over the
    /// plan's.
    pub fn options(&self, plan: &Plan) -> Options {
        self.overrides.options(plan)
    }

    /// Whether the run's sheets are PDF/A: the command line's choice, the
    /// settings', or `document::PDFA_BY_DEFAULT`.
    pub fn pdfa(&self) -> bool {
        self.overrides
            .pdfa
            .or(self.settings.pdfa.as_ref().map(|b| b.value))
            .unwrap_or(crate::document::PDFA_BY_DEFAULT)
    }

    /// Lay out and render `plan`'s sheet.
    pub fn sheet(&self, plan: &Plan) -> Result<Sheet, Unembeddable> {
        let options = self.options(plan);
        let mut document = layout::sheet(plan, options, self.fonts);
        document.pdfa = self.pdfa();
        let pdf = crate::render::render(&document, self.fonts)?;
        Ok(Sheet {
            pdf,
            pages: document.pages.len(),
            options,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Overrides, Run};
    use crate::lang::Language;
    use crate::plan::Paper;

    const PLAN: &str = "[patient]\nname = \"A\"\n[prescriber]\nname = \"Dana\"\n[plan]\nissued = 2026-11-22\nweeks = 2\npaper = \"a4\"\n[[exercise]]\nname = \"bridge\"\n";

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
    }

    #[test]
    fn the_command_line_wins_over_the_plan_in_the_sheet_it_renders() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let fonts = crate::fonts::Fonts::load();
        let mut run = Run::new(&catalogue, &fonts, today());
        let (_, checked) = run.check(PLAN.as_bytes());
        let plan = checked.plan.expect("a valid plan");
        let own = run.sheet(&plan).expect("rendered");
        assert_eq!(own.options.paper, Paper::A4, "the plan's own paper");
        assert!(!own.options.large_print);

        run.overrides = Overrides {
            paper: Some(Paper::Letter),
            large_print: true,
            language: Some(Language::parse("es").expect("Spanish")),
            allow_fallback: false,
            pdfa: None,
        };
        let (_, checked) = run.check(PLAN.as_bytes());
        let plan = checked.plan.expect("a valid plan");
        assert_eq!(plan.sheet.language, run.overrides.language);
        let given = run.sheet(&plan).expect("rendered");
        assert_eq!(given.options, run.overrides.options(&plan));
        assert_eq!(given.options.paper, Paper::Letter);
        assert!(given.options.large_print);
        assert_ne!(own.pdf, given.pdf);
        assert!(given.pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn deny_warnings_refuses_a_plan_the_run_would_otherwise_accept() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let fonts = crate::fonts::Fonts::load();
        // A duplicate exercise is a warning, not an error.
        let text = format!("{PLAN}[[exercise]]\nname = \"bridge\"\n");
        let mut run = Run::new(&catalogue, &fonts, today());
        let (_, mut checked) = run.check(text.as_bytes());
        assert!(!checked.has_errors() && !checked.diagnostics.is_empty());
        assert!(run.accepted(&mut checked).is_some());
        run.deny_warnings = true;
        let (_, mut checked) = run.check(text.as_bytes());
        assert!(run.accepted(&mut checked).is_none());
    }
}
