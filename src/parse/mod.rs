//! Stage 1, parse: file bytes -> `RawPlan`, with the span of every value.
//!
//! Nothing here knows the catalogue: names stay names and doses stay numbers
//! as written. What parse guarantees is shape: known keys, right types,
//! positive whole numbers no larger than any dose could sensibly be, readable
//! dates. Everything else is resolve's and check's job.

pub mod columns;
pub mod csv;
pub mod dates;
pub mod rules;
pub mod toml;

use chrono::NaiveDate;

use crate::diag::{Code, Diagnostic, Span};
use crate::dose::Part;
pub use crate::fields::Spanned;

/// Largest plan or catalogue file rx reads. A plan is a few kilobytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Hard caps on dose numbers: beyond these no `exceed` reason makes sense,
/// so parse rejects them as too large for the field.
pub mod caps {
    /// The dose fields' caps are the dose rules' (`dose::caps`).
    pub use crate::dose::caps::{HOLD, MINUTES, PER_DAY, PER_WEEK, REPS, SETS};
    pub const WEEKS: u32 = 52;
    /// Exercises in one plan; more is a pasted list, not a session.
    pub const EXERCISES: usize = 100;
    /// Characters in a patient's or prescriber's name or a clinic's name.
    /// The header on every page prints them; the longest real names are
    /// well under this, a pasted paragraph is far over it.
    pub const NAME: usize = 100;
    /// Characters in a patient id: record numbers run to 20 or so, and a
    /// sheet's file name keeps 64 of them.
    pub const ID: usize = 64;
    /// Characters in a phone number, with an extension or a note like
    /// "ask for Dana".
    pub const PHONE: usize = 40;
    pub use crate::fields::YEARS;
}

pub use crate::fields::outside_years;

/// A plan as written: unresolved names, optional fields, spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawPlan {
    pub patient_name: Option<Spanned<String>>,
    pub patient_id: Option<Spanned<String>>,
    pub prescriber_name: Option<Spanned<String>>,
    pub clinic: Option<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
    pub issued: Option<Spanned<NaiveDate>>,
    /// `issued` was written, even if unreadable: then no date is compared
    /// with it (one bad date is one error, not also a wrong order).
    pub issued_written: bool,
    /// `issued` was a spreadsheet day number (`46357`): one far from today
    /// is an error, not a warning, as a small number in a date column is a
    /// count typed in the wrong column, not a date in 1900.
    pub issued_serial: bool,
    pub review: Option<Spanned<NaiveDate>>,
    pub weeks: Option<Spanned<u32>>,
    /// `review` or `weeks` was written, even if unreadable.
    pub review_written: bool,
    pub notes: Option<Spanned<String>>,
    pub paper: Option<Spanned<String>>,
    pub large_print: Option<Spanned<bool>>,
    /// The sheet's language code as written (`language`), checked in resolve.
    pub language: Option<Spanned<String>>,
    /// Where the `[plan]` table starts, for "missing review" diagnostics.
    pub plan_span: Option<Span>,
    pub exercises: Vec<RawExercise>,
}

/// One `[[exercise]]` as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawExercise {
    /// The `[[exercise]]` header.
    pub span: Option<Span>,
    pub name: Option<Spanned<String>>,
    pub sets: Option<Spanned<u32>>,
    pub reps: Option<Spanned<u32>>,
    pub hold: Option<Spanned<u32>>,
    pub per_day: Option<Spanned<u32>>,
    pub per_week: Option<Spanned<u32>>,
    /// Minutes of a timed bout (`minutes = 2`).
    pub minutes: Option<Spanned<u32>>,
    pub side: Option<Spanned<String>>,
    pub note: Option<Spanned<String>>,
    pub exceed: Option<Exceed>,
    /// A link to a video of the exercise (`fields::url`).
    pub video: Option<Spanned<String>>,
}

/// An `exceed` reason as written: what it covers is decided in check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceed {
    /// `exceed = "reason"`: covers the one field beyond its limit (and the
    /// day's total that goes with it), or the day's total alone.
    Any(Spanned<String>),
    /// `exceed = { reps = "reason" }`, or a CSV cell `reps: reason`: each
    /// reason covers its own part only. Never empty.
    Parts(Vec<(Part, Spanned<String>)>),
}

impl Exceed {
    /// The reason written for `part`, in the per-part form.
    pub fn reason_for(&self, part: Part) -> Option<&Spanned<String>> {
        match self {
            Exceed::Any(_) => None,
            Exceed::Parts(parts) => parts.iter().find(|(p, _)| *p == part).map(|(_, r)| r),
        }
    }

    /// Every reason written, for the checks every text goes through.
    pub fn reasons(&self) -> impl Iterator<Item = &Spanned<String>> {
        let (any, parts) = match self {
            Exceed::Any(reason) => (Some(reason), &[][..]),
            Exceed::Parts(parts) => (None, &parts[..]),
        };
        any.into_iter().chain(parts.iter().map(|(_, r)| r))
    }
}

/// Turn file bytes into text. A byte-order mark is dropped. Problems (too
/// large, empty, not UTF-8) come back as a diagnostic alongside a lossy text
/// that is still good for showing the offending line.
pub fn decode(bytes: &[u8]) -> (String, Option<Diagnostic>) {
    if bytes.len() > MAX_FILE_BYTES {
        // Callers read at most one byte past the cap, so the true size is
        // unknown here: say what the limit is.
        let d = Diagnostic::error(
            Code::TooLarge,
            format!("the file is larger than {MAX_FILE_BYTES} bytes, the most rx reads"),
        )
        .help("a plan is a few kilobytes; is this the right file?");
        return (String::new(), Some(d));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let d = Diagnostic::error(Code::NotUtf8, "the file is UTF-16 text, not UTF-8").help(
            "save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")",
        );
        return (String::new(), Some(d));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => (
            text.to_owned(),
            Some(
                Diagnostic::error(Code::EmptyFile, "the file is empty")
                    .help("start from a routine: `rx new plan.toml --routine four-essential`"),
            ),
        ),
        Ok(text) => (text.to_owned(), None),
        Err(e) => {
            let at = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            // The lossy text has the same bytes up to the first bad one.
            let d = Diagnostic::error(Code::NotUtf8, "the file is not UTF-8 text")
                .at(Some(at..at + 1))
                .label("this byte is not UTF-8")
                .help("save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")");
            (text, Some(d))
        }
    }
}
