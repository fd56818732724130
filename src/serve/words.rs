//! The editor's words for what `rx check` says: a diagnostic's help line
//! as clinic staff can act on it in the page ("give a reason in “Reason
//! for going past the limit (reps)”", not "add `exceed.reps = …`"), the
//! exercise named as the library names it, and what leaving "Side" empty
//! means. The codes and messages stay `rx check`'s; only what the page
//! shows beside them is worded here, from what the diagnostic carries.

use crate::catalogue::{Catalogue, Entry, Origin, Sides};

/// The label of a dose field in the page, as `editor.js` labels it.
fn dose_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "sets" => "Sets",
        "reps" => "Reps",
        "hold" => "Hold (s)",
        "minutes" => "Minutes",
        "per_day" => "Times a day",
        "per_week" => "Days a week",
        "side" => "Side",
        "note" => "Note for the patient",
        "weeks" => "Review in weeks",
        "review" => "or review date",
        "issued" => "Issue date",
        "language" => "Language",
        "paper" => "Paper",
        _ => return None,
    })
}

/// The page's box for an `exceed` reason for `part` (`reps`, `daily`).
fn reason_box(part: &str) -> String {
    let what = match part {
        "daily" => "the day's total".to_owned(),
        "" => "the one field past it".to_owned(),
        key => dose_label(key).unwrap_or(key).to_lowercase(),
    };
    format!("“Reason for going past the limit ({what})”")
}

/// `help` (a diagnostic's, with `code`, at the page's `field`) in the
/// editor's words; `None` where it has none. Plan-file syntax (`exceed.reps = "<reason>"`, a
/// `[[exercise]]` table, `rx` commands) becomes the page's fields and
/// buttons; other help is kept as `rx check` words it.
pub fn help(code: &str, field: &str, help: Option<&str>) -> Option<String> {
    let help = help?;
    let fixed = match code {
        // An exercise the catalogue does not know is only in an opened
        // plan; the library holds every one there is.
        "RX0201" => Some(format!(
            "{}remove it and add the exercise from the library",
            help.strip_prefix("did you mean `")
                .and_then(|rest| rest.split_once("`?"))
                .map(|(name, _)| format!("did you mean “{name}”? "))
                .unwrap_or_default()
        )),
        "RX0204" if help.contains("side = ") => {
            Some("choose “Each side in turn”, “Left” or “Right” under Side".to_owned())
        }
        "RX0205" => Some("clear the reason unless you mean to go beyond a limit".to_owned()),
        "RX0207" => Some(
            "choose another language for the sheet, or add the translation to the clinic's catalogue"
                .to_owned(),
        ),
        "RX0208" => Some(
            "give a reason for each field past its limit, each in its own “Reason for going past the limit” box"
                .to_owned(),
        ),
        "RX0209" => Some(
            "use one source's dose as it gives it (the library shows each exercise's usual dose; add it again to start from it); a dose of your own is yours to justify"
                .to_owned(),
        ),
        "RX0106" if field == "patient" => Some("fill in “Patient name”".to_owned()),
        "RX0106" if help.contains("[prescriber]") => Some(
            "fill in “Prescriber name”, or give it once in the clinic's settings file".to_owned(),
        ),
        "RX0106" if help.contains("[[exercise]]") => {
            Some("add an exercise from the library, or start from a routine".to_owned())
        }
        "RX0106" if help.contains("under [plan]") => {
            Some("fill in “Review in weeks” or “or review date”".to_owned())
        }
        _ if help.starts_with("check the number; a dose this far") => Some(
            "check the number: no reason can cover a dose this far beyond the limit".to_owned(),
        ),
        _ if help.starts_with("check the number; the reason given") => Some(
            "check the number: the reason given cannot cover a dose this far beyond the limit"
                .to_owned(),
        ),
        _ => None,
    };
    if let Some(fixed) = fixed {
        return Some(fixed);
    }
    // "add `exceed.reps = "<reason>"`" -> the reason's box.
    let mut text = help.to_owned();
    while let Some(start) = text.find("add `exceed.") {
        let rest = &text[start + "add `exceed.".len()..];
        let Some((part, _)) = rest.split_once(" = ") else {
            break;
        };
        let Some(end) = rest
            .find("\"`")
            .map(|i| start + "add `exceed.".len() + i + 2)
        else {
            break;
        };
        let replaced = format!("give a reason in {}", reason_box(part));
        text.replace_range(start..end, &replaced);
    }
    // "write `reps` in the plan" -> "fill in “Reps”"; any `key` the page
    // has a field for, by its label.
    text = text
        .replace("write `", "fill in `")
        .replace(" in the plan,", ",");
    // Between backticks (odd pieces): a key the page labels, or kept.
    let out = text
        .split('`')
        .enumerate()
        .map(|(i, piece)| match (i % 2 == 1, dose_label(piece)) {
            (true, Some(label)) => format!("“{label}”"),
            (true, None) => format!("`{piece}`"),
            (false, _) => piece.to_owned(),
        })
        .collect();
    Some(out)
}

/// `message` with an exercise's id, at its head ("bridge: 40 reps …") or
/// quoted (`` `bridge` is in the plan twice``), as the library names it
/// ("Bridge: 40 reps …", "“Bridge” is in the plan twice").
pub fn named(message: &str, entry: Option<&Entry>, name: &str) -> String {
    let Some(entry) = entry else {
        return message.to_owned();
    };
    let message = message.replace(&format!("`{}`", entry.id), &format!("“{name}”"));
    match message.strip_prefix(&format!("{}: ", entry.id)) {
        Some(rest) => format!("{name}: {rest}"),
        None => message,
    }
}

/// Whose dose an added exercise starts at, by the source's title and
/// publisher (not its id): the prescription `from`'s articles give it
/// (`catalogue::start::starting_dose`'s), else the recommended one.
pub fn dose_source(catalogue: &Catalogue, entry: &Entry, from: &[String]) -> String {
    let (p, recommended) = match entry.prescription_from(from) {
        Some(p) => (p, false),
        None => (entry.recommended_prescription(), true),
    };
    let named = match &p.origin {
        Origin::From(ids) => {
            let titles: Vec<String> = ids
                .iter()
                .map(|id| match catalogue.source(id) {
                    Some(s) => match &s.publisher {
                        Some(publisher) => format!("“{}”, {publisher}", s.title),
                        None => format!("“{}”", s.title),
                    },
                    None => format!("“{id}”"),
                })
                .collect();
            crate::catalogue::join_and(&titles)
        }
        Origin::Default(text) => text.clone(),
    };
    match (recommended, from.is_empty()) {
        (false, _) => format!("Dose from {named}"),
        (true, true) => format!("Recommended dose, from {named}"),
        (true, false) => {
            format!("Not in this routine's article; recommended dose, from {named}")
        }
    }
}

/// What an exercise's "Side" left empty means, as `resolve` reads it: the
/// source's way for a one-sided exercise (each side in turn, or
/// alternating sides), else no side at all.
pub fn side_default(entry: &Entry) -> &'static str {
    if !entry.per_side.value {
        "Not one side at a time"
    } else if entry.recommended_prescription().sides == Some(Sides::Alternate) {
        "As the exercise says: alternating sides"
    } else {
        "As the exercise says: each side in turn"
    }
}

#[cfg(test)]
mod tests {
    use super::help;

    #[test]
    fn a_reason_is_asked_for_in_the_pages_box_not_as_toml() {
        assert_eq!(
            help(
                "RX0203",
                "exercise.0.reps",
                Some("to prescribe beyond the limit on purpose, add `exceed.reps = \"<reason>\"`")
            )
            .as_deref(),
            Some(
                "to prescribe beyond the limit on purpose, give a reason in “Reason for going past the limit (reps)”"
            )
        );
        assert_eq!(
            help(
                "RX0206",
                "exercise.0",
                Some("lower the sets, reps or times a day; to prescribe beyond it on purpose, add `exceed.daily = \"<reason>\"`")
            )
            .as_deref(),
            Some("lower the sets, reps or times a day; to prescribe beyond it on purpose, give a reason in “Reason for going past the limit (the day's total)”")
        );
    }

    #[test]
    fn plan_keys_are_named_by_the_pages_labels() {
        assert_eq!(
            help(
                "RX0202",
                "exercise.0.per_day",
                Some("give either `per_day` or `per_week`, not both")
            )
            .as_deref(),
            Some("give either “Times a day” or “Days a week”, not both")
        );
        assert_eq!(
            help(
                "RX0210",
                "exercise.0.reps",
                Some("write `reps` in the plan, within 8–12")
            )
            .as_deref(),
            Some("fill in “Reps”, within 8–12")
        );
        assert_eq!(
            help("RX0201", "exercise.0.name", Some("did you mean `bridge`?")).as_deref(),
            Some("did you mean “bridge”? remove it and add the exercise from the library")
        );
        assert_eq!(
            help("RX0106", "patient", Some("add `name = \"...\"`")).as_deref(),
            Some("fill in “Patient name”")
        );
        assert_eq!(help("RX0406", "", None), None);
    }
}
