//! The rules both plan formats share, TOML plans and CSV rows: a plan names
//! its patient and its prescriber, gives `per_day` or `per_week` (not both,
//! and likewise `review` or `weeks`), and holds at most `caps::EXERCISES`
//! exercises. Each rule and its message are written once here; each format
//! says where the problem is and how to fix it in its own terms.

use super::caps;
use crate::diag::{Code, Diagnostic, Span};

/// Who a plan must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Patient,
    Prescriber,
}

impl Named {
    /// The field, as messages call it.
    pub fn what(self) -> &'static str {
        match self {
            Named::Patient => "patient name",
            Named::Prescriber => "prescriber name",
        }
    }
}

/// A plan without its patient's or prescriber's name.
pub fn missing(named: Named, span: Option<Span>, help: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::Missing, format!("missing {}", named.what()))
        .at(span)
        .help(help)
}

/// Two fields of which a plan may give only one (`per_day` and `per_week`,
/// `review` and `weeks`), both given; `span` is where `b` is.
pub fn conflict(a: &str, b: &str, span: Option<Span>) -> Diagnostic {
    Diagnostic::error(Code::Conflict, format!("both `{a}` and `{b}` are given"))
        .at(span)
        .help(format!("give either `{a}` or `{b}`, not both"))
}

/// The exercise cap, for a plan of `count` exercises: past `caps::EXERCISES`
/// it is one error, `message(cap)`, at the first exercise over the cap
/// (`first_over(cap)`). The caller still reads the first `caps::EXERCISES`,
/// so their problems show too and the plan is not also called empty.
pub fn over_cap(
    count: usize,
    message: impl FnOnce(usize) -> String,
    first_over: impl FnOnce(usize) -> Option<Span>,
) -> Option<Diagnostic> {
    (count > caps::EXERCISES).then(|| {
        Diagnostic::error(Code::TooLarge, message(caps::EXERCISES)).at(first_over(caps::EXERCISES))
    })
}
