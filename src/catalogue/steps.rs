//! An exercise's steps as the catalogue writes them, with markers that let a
//! step say the plan's dose (templates/FORMAT.md, "Steps that say the
//! dose"):
//!
//! - `{hold}`: the plan's hold in words ("20 seconds");
//! - `{with-hold}` at the start: the step is printed only when the dose has
//!   a hold, so a step about the hold never asks a patient to hold for a
//!   time their sheet does not give;
//! - `{tip}` at the start: a tip, printed after the numbered steps, not as
//!   one of them.
//!
//! `problems` finds every misuse when a catalogue loads (unknown marker
//! RX0125, a marker in the wrong place RX0126), so `say` never meets one.

use std::ops::Range;

use crate::diag::{Code, Diagnostic, Span};

/// The plan's hold, in the sheet's words.
pub const HOLD: &str = "{hold}";
/// At the start: print the step only when the dose has a hold.
pub const WITH_HOLD: &str = "{with-hold}";
/// At the start: the step is a tip.
pub const TIP: &str = "{tip}";

const MARKERS: [&str; 3] = [HOLD, WITH_HOLD, TIP];
/// Markers that must start a step (before its first word).
const FLAGS: [&str; 2] = [WITH_HOLD, TIP];

/// What a step is on the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A numbered step.
    Step,
    /// A tip, after the numbered steps.
    Tip,
}

/// A step's flags, and its text after them (`{hold}` still in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked<'a> {
    pub kind: Kind,
    pub with_hold: bool,
    pub text: &'a str,
}

/// `step`'s leading flags, in any order, and the text after them.
pub fn read(step: &str) -> Marked<'_> {
    let mut marked = Marked {
        kind: Kind::Step,
        with_hold: false,
        text: step,
    };
    loop {
        if let Some(rest) = marked.text.strip_prefix(WITH_HOLD) {
            marked.with_hold = true;
            marked.text = rest;
        } else if let Some(rest) = marked.text.strip_prefix(TIP) {
            marked.kind = Kind::Tip;
            marked.text = rest;
        } else {
            return marked;
        }
    }
}

/// The step as a sheet prints it, given the dose's hold in words: `None`
/// for a `{with-hold}` step when the dose has no hold.
pub fn say(step: &str, hold: Option<&str>) -> Option<(Kind, String)> {
    let marked = read(step);
    match (marked.with_hold, hold) {
        (true, None) => None,
        (_, hold) => Some((
            marked.kind,
            marked.text.replace(HOLD, hold.unwrap_or_default()),
        )),
    }
}

/// Every marker problem in `step`, located at `span` (the step's string).
pub fn problems(step: &str, span: Option<&Span>) -> Vec<Diagnostic> {
    let at = || span.cloned();
    let mut out = Vec::new();
    let marked = read(step);
    let flags_end = step.len() - marked.text.len();
    for (range, marker) in markers(step) {
        if !MARKERS.contains(&marker) {
            let name = marker.trim_start_matches('{').trim_end_matches('}');
            let mut d = Diagnostic::error(
                Code::UnknownStepMarker,
                format!("unknown step marker `{marker}`"),
            )
            .at(at())
            .label("markers: `{hold}`, `{with-hold}`, `{tip}`");
            let names: Vec<&str> = MARKERS
                .iter()
                .map(|m| m.trim_start_matches('{').trim_end_matches('}'))
                .collect();
            if let [near] = crate::suggest::nearest(name, &names, 1).as_slice() {
                d = d.help(format!("did you mean `{{{near}}}`?"));
            }
            out.push(d);
        } else if FLAGS.contains(&marker) && range.end > flags_end {
            out.push(
                Diagnostic::error(
                    Code::MisplacedStepMarker,
                    format!("`{marker}` is not at the start of the step"),
                )
                .at(at())
                .help(format!("move `{marker}` before the step's first word")),
            );
        }
    }
    if marked.text.contains(HOLD) && !marked.with_hold {
        out.push(
            Diagnostic::error(
                Code::MisplacedStepMarker,
                "`{hold}` in a step that is printed without a hold too",
            )
            .at(at())
            .help("start the step with `{with-hold}`, so a sheet whose dose has no hold leaves it out"),
        );
    }
    if marked.text.trim().is_empty() {
        out.push(
            Diagnostic::error(Code::MisplacedStepMarker, "a step with only markers in it").at(at()),
        );
    }
    out
}

/// A translated step must carry the English step's flags: otherwise the
/// two sheets would print different steps for the same dose.
pub fn same_flags(english: &str, translated: &str, span: Option<&Span>) -> Option<Diagnostic> {
    let (en, tr) = (read(english), read(translated));
    let flags = |m: Marked| {
        let mut f = Vec::new();
        if m.kind == Kind::Tip {
            f.push(TIP);
        }
        if m.with_hold {
            f.push(WITH_HOLD);
        }
        f
    };
    let (want, got) = (flags(en), flags(tr));
    (want != got).then(|| {
        let list = |f: &[&str]| {
            if f.is_empty() {
                "none".to_string()
            } else {
                f.join(" ")
            }
        };
        Diagnostic::error(
            Code::MisplacedStepMarker,
            format!(
                "this step's markers ({}) are not the English step's ({})",
                list(&got),
                list(&want)
            ),
        )
        .at(span.cloned())
        .help("start the translated step with the same markers as the English one")
    })
}

/// Each `{...}` in `text` (an unclosed `{` runs to the end), with its byte
/// range.
fn markers(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| i + from) {
        let end = text[open..].find('}').map_or(text.len(), |i| open + i + 1);
        out.push((open..end, &text[open..end]));
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Kind, problems, same_flags, say};

    #[test]
    fn a_hold_step_says_the_hold_or_is_left_out() {
        let step = "{with-hold}Hold for {hold}.";
        assert_eq!(
            say(step, Some("20 seconds")),
            Some((Kind::Step, "Hold for 20 seconds.".to_string()))
        );
        assert_eq!(say(step, None), None);
        assert_eq!(
            say("Lie down.", None),
            Some((Kind::Step, "Lie down.".to_string()))
        );
    }

    #[test]
    fn a_tip_step_is_a_tip_and_flags_come_in_any_order() {
        assert_eq!(
            say("{tip}Breathe out.", None),
            Some((Kind::Tip, "Breathe out.".to_string()))
        );
        assert_eq!(
            say("{with-hold}{tip}Hold {hold}.", Some("5 seconds")),
            Some((Kind::Tip, "Hold 5 seconds.".to_string()))
        );
        assert_eq!(say("{tip}{with-hold}Hold {hold}.", None), None);
    }

    #[test]
    fn step_marker_problems_are_named() {
        let codes = |step: &str| -> Vec<&'static str> {
            problems(step, None)
                .iter()
                .map(|d| d.code.as_str())
                .collect()
        };
        assert!(codes("{with-hold}Hold for {hold}.").is_empty());
        assert!(codes("{tip}Keep breathing.").is_empty());
        assert_eq!(codes("Hold for {hodl}."), ["RX0125"]);
        assert_eq!(codes("Hold for {hold"), ["RX0125"]);
        assert_eq!(codes("Hold for {hold}."), ["RX0126"]);
        assert_eq!(codes("Breathe. {tip}Slowly."), ["RX0126"]);
        assert_eq!(codes("{with-hold}"), ["RX0126"]);
        let unknown = &problems("{Hold}", None)[0];
        assert_eq!(unknown.help.as_deref(), Some("did you mean `{hold}`?"));
    }

    #[test]
    fn a_translation_must_keep_the_english_flags() {
        assert!(
            same_flags(
                "{with-hold}Hold {hold}.",
                "{with-hold}Sostenga {hold}.",
                None
            )
            .is_none()
        );
        assert!(same_flags("{with-hold}Hold {hold}.", "Sostenga.", None).is_some());
        assert!(same_flags("{tip}Breathe.", "Respire.", None).is_some());
    }
}
