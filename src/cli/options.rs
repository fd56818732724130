//! The options `build` and `check` share, turned into the values a
//! command settles its `Run` from (as ripgrep's `HiArgs`, once clap has
//! finished): the command line's `Overrides` (paper, print size, language),
//! and a batch's worker count and what to do with existing sheets.

use clap::ValueEnum;

use crate::batch;
use crate::lang::Language;
use crate::plan::Paper;
use crate::run::Overrides;

/// `--language` and `--allow-fallback`, for `build` and `check` alike.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct LanguageArgs {
    /// The sheet's language, e.g. `es` (overrides the plan's `language` and
    /// the settings'; default en).
    #[arg(long, value_name = "CODE", value_parser = super::candidates::languages(), hide_possible_values = true)]
    language: Option<Language>,

    /// Print an exercise or safety line the catalogue has no text for in the
    /// sheet's language in English, with a note on the sheet, rather than
    /// refuse the plan.
    #[arg(long)]
    allow_fallback: bool,
}

impl LanguageArgs {
    /// The run's overrides with these choices.
    pub fn overrides(self, paper: Option<Paper>, large_print: bool) -> Overrides {
        Overrides {
            paper,
            large_print,
            language: self.language,
            allow_fallback: self.allow_fallback,
            pdfa: None,
        }
    }
}

pub(super) fn language_arg(code: &str) -> Result<Language, String> {
    Language::parse(code).ok_or_else(|| {
        format!(
            "unknown language \"{code}\" (available: {})",
            Language::available()
        )
    })
}

/// `--paper`, in any case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    #[default]
    Letter,
    A4,
}

impl From<PaperArg> for Paper {
    fn from(paper: PaperArg) -> Paper {
        match paper {
            PaperArg::Letter => Paper::Letter,
            PaperArg::A4 => Paper::A4,
        }
    }
}

/// `--jobs`, or every core, at most `batch::MAX_JOBS`.
pub fn threads(jobs: Option<u16>) -> usize {
    jobs.map_or_else(
        || {
            std::thread::available_parallelism()
                .map_or(1, std::num::NonZero::get)
                .min(batch::MAX_JOBS)
        },
        usize::from,
    )
}

/// `--force` / `--skip-existing` (clap lets only one be given).
pub fn existing(force: bool, skip_existing: bool) -> batch::Existing {
    if force {
        batch::Existing::Replace
    } else if skip_existing {
        batch::Existing::Keep
    } else {
        batch::Existing::Refuse
    }
}
