//! `figure_alt`, an exercise's figure in words for a screen reader
//! (templates/FORMAT.md, "Figures in words"), while a catalogue file loads:
//! reading it, with a warning when too long (RX0131), and warning where a
//! figure or photo of the file has none (RX0130). Warnings only: words for
//! a figure never stop a sheet.
//!
//! Why here: an entry's words describe its figure, so they go with it. An
//! entry a clinic file replaces keeps its figure and so its words
//! (`load::add_entries`); a figure a file draws or pictures anew drops
//! words it did not write with it (`check`).

use std::collections::BTreeMap;
use std::sync::Arc;

use toml_edit::TableLike;

use super::{Entry, Figure};
use crate::diag::{Code, Diagnostic, Span};
use crate::fields::toml::Reader;

/// The longest `figure_alt` without a warning, in characters. A screen
/// reader speaks all of it, in place of the figure, before the steps: two
/// or three short sentences are what a listener can hold, and the steps
/// say the rest. Longer is a warning, not an error: long words for a
/// figure tire the listener but never put a wrong dose on the sheet.
pub const MAX_ALT: usize = 300;

/// An entry's or a translation's `figure_alt`: one line (a screen reader
/// speaks it as one), with a warning when longer than `MAX_ALT`.
pub(super) fn read(reader: &mut Reader, table: &dyn TableLike) -> Option<String> {
    let alt = reader.line(table, "figure_alt")?;
    let length = alt.value.chars().count();
    if length > MAX_ALT {
        reader.push(
            Diagnostic::warning(
                Code::LongFigureAlt,
                format!("`figure_alt` is {length} characters long, more than a listener can follow"),
            )
            .at(alt.span.clone())
            .note("a screen reader speaks all of it in place of the figure")
            .help(format!(
                "say what the figure shows in at most {MAX_ALT} characters: the position, what moves, any prop; the steps say the rest"
            )),
        );
    }
    Some(alt.value)
}

/// What one catalogue file gave that its figures' words depend on.
pub(super) struct New<'a> {
    /// Ids it gave a `[figure.ID]` drawing.
    pub drawn: &'a [String],
    /// Each `figure_image` it read, by id, with where.
    pub pictured: Vec<(String, Option<Span>)>,
    /// Each exercise it gave, by id, with where.
    pub entries: &'a BTreeMap<String, Option<Span>>,
    /// Ids of its exercises that give their own `figure_alt`.
    pub worded: &'a [String],
}

/// Every figure a screen reader meets needs words to say for it: a
/// warning (RX0130, never blocking a build) at each exercise of this
/// file, and each figure or picture it gives, whose figure has no
/// `figure_alt`. A figure this file draws or pictures for an exercise
/// whose words come from elsewhere (a built-in entry it only redraws)
/// loses those words first: they describe the drawing it replaced.
pub(super) fn check(
    reader: &mut Reader,
    root: &dyn TableLike,
    new: New,
    entries: &mut [Arc<Entry>],
) {
    let New {
        drawn,
        pictured,
        entries: spans,
        worded,
    } = new;
    let figure_tables = root.get("figure").and_then(|i| i.as_table_like());
    let mut figured: Vec<(String, Option<Span>)> = drawn
        .iter()
        .map(|id| {
            let span = figure_tables
                .and_then(|t| t.get(id))
                .and_then(|i| i.span())
                .map(Span::from);
            (id.clone(), span)
        })
        .collect();
    figured.extend(pictured);
    for (id, _) in &figured {
        if worded.contains(id) {
            continue;
        }
        if let Some(entry) = entries.iter_mut().find(|e| e.id == *id) {
            let entry = Arc::make_mut(entry);
            entry.figure_alt = None;
            for t in entry.translations.values_mut() {
                t.figure_alt = None;
            }
        }
    }
    let mut places: Vec<(String, Option<Span>)> = spans
        .iter()
        .map(|(id, span)| (id.clone(), span.clone()))
        .collect();
    for (id, span) in figured {
        if !places.iter().any(|(known, _)| *known == id) {
            places.push((id, span));
        }
    }
    for (id, span) in places {
        let Some(entry) = entries.iter().find(|e| e.id == id) else {
            continue;
        };
        let (what, first) = match &entry.figure {
            None => continue,
            Some(_) if entry.figure_alt.is_some() => continue,
            Some(Figure::Drawing(_)) => ("figure", "Drawing"),
            Some(Figure::Image(_)) => ("photo", "Photo"),
        };
        let mut d = Diagnostic::warning(
            Code::MissingFigureAlt,
            format!("exercise `{id}` has a {what} but no `figure_alt`: a screen reader has nothing to say for it"),
        )
        .at(span)
        .help(format!(
            "add `figure_alt = \"{first}: ...\"` to the exercise: what the {what} shows, in plain words (the position, what moves, any chair, band or wall)"
        ));
        if !spans.contains_key(&id) {
            d = d.note(format!(
                "this file draws a new figure for `{id}`, so the built-in words for its figure no longer fit; give the exercise here (`[[exercise]]` with `id = \"{id}\"`) with its own `figure_alt`"
            ));
        }
        reader.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::fixtures::{WALL_SIT, WALL_SIT_LYING as LYING};
    use crate::catalogue::load::{builtin, extend};
    use crate::diag::{SourceFile, render};

    /// A clinic exercise lying on the back, with `alt` as its extra keys
    /// and `figure` after it.
    fn wall_sit(alt: &str, figure: &str) -> String {
        let exercise = WALL_SIT.replace("per_side =", &format!("{alt}\nper_side ="));
        format!("{exercise}{figure}")
    }

    /// The warnings loading `text` over the built-in catalogue gives,
    /// rendered against it, and the catalogue.
    fn warnings(text: &str) -> (String, crate::catalogue::Catalogue) {
        let mut catalogue = extend(builtin().expect("built-in"), text).expect("only warnings");
        let file = SourceFile::new("clinic.toml", text);
        let shown = catalogue
            .take_warnings()
            .iter()
            .map(|d| render(d, &file))
            .collect();
        (shown, catalogue)
    }

    #[test]
    fn clinic_figure_without_figure_alt_warns_at_the_entry() {
        let text = wall_sit("", LYING);
        let (shown, catalogue) = warnings(&text);
        assert!(
            shown.starts_with(
                "warning[RX0130]: exercise `wall-sit` has a figure but no `figure_alt`"
            ),
            "{shown}"
        );
        assert!(shown.contains("--> clinic.toml:2:1"), "{shown}");
        assert!(
            shown.contains("help: add `figure_alt = \"Drawing: ...\"`"),
            "{shown}"
        );
        // A warning, not an error: the exercise is there, figure and all.
        let entry = catalogue.find("wall-sit").expect("loaded");
        assert!(entry.figure.is_some() && entry.figure_alt.is_none());
        // Without a figure there is nothing to describe, and no warning.
        assert_eq!(warnings(&wall_sit("", "")).0, "");
    }

    #[test]
    fn clinic_figure_with_figure_alt_loads_it_in_each_language() {
        let alt = "figure_alt = \"Drawing: lying on your back, knees bent\"";
        let spanish = "[exercise.es]\nname = \"Sentadilla\"\nposition = \"Boca arriba\"\n\
                       why = \"w\"\nsteps = [\"s\"]\ncautions = [\"c\"]\n\
                       figure_alt = \"Dibujo: boca arriba\"\n";
        let (shown, catalogue) = warnings(&wall_sit(alt, &format!("{spanish}{LYING}")));
        assert_eq!(shown, "");
        let entry = catalogue.find("wall-sit").expect("loaded");
        let spanish = crate::lang::Language::all()
            .find(|l| l.code() == "es")
            .expect("Spanish");
        let english = crate::lang::Language::ENGLISH;
        assert_eq!(
            entry.printed(english).and_then(|p| p.figure_alt),
            Some("Drawing: lying on your back, knees bent")
        );
        assert_eq!(
            entry.printed(spanish).and_then(|p| p.figure_alt),
            Some("Dibujo: boca arriba")
        );
    }

    #[test]
    fn a_figure_alt_over_the_limit_warns_where_it_is_written() {
        let long = format!("Drawing: {}", "lying still, ".repeat(30));
        let text = wall_sit(&format!("figure_alt = \"{long}\""), LYING);
        let (shown, catalogue) = warnings(&text);
        let length = long.trim_end().chars().count();
        assert!(length > super::MAX_ALT);
        assert!(
            shown.starts_with(&format!(
                "warning[RX0131]: `figure_alt` is {length} characters long"
            )),
            "{shown}"
        );
        assert!(shown.contains("clinic.toml:12:14"), "{shown}");
        assert!(
            catalogue
                .find("wall-sit")
                .and_then(|e| e.figure_alt.as_ref())
                .is_some()
        );
    }

    /// The words are spoken by a screen reader, never drawn: a character
    /// no bundled font has is no reason to refuse them or the entry.
    #[test]
    fn the_glyph_check_leaves_figure_alt_out() {
        let text = wall_sit("figure_alt = \"Drawing: \u{1F9CD} standing\"", LYING);
        let (shown, catalogue) = warnings(&text);
        assert_eq!(shown, "");
        let entry = catalogue.find("wall-sit").expect("loaded");
        assert_eq!(entry.undrawable, None);
        let fonts = crate::fonts::Fonts::load();
        assert!(
            fonts
                .undrawable_in("\u{1F9CD}", crate::fonts::REGULAR)
                .is_some()
        );
    }

    /// A clinic file that only redraws a built-in exercise's figure drops
    /// the built-in words, which describe the old drawing, and says how to
    /// give its own; one that replaces the entry keeps the figure and its
    /// words together.
    #[test]
    fn built_in_words_go_with_the_built_in_figure() {
        let base = builtin().expect("built-in");
        let bridge = base.find("bridge").expect("bridge").clone();
        assert!(bridge.figure_alt.is_some());
        let redrawn = LYING.replace("wall-sit", "bridge");
        let (shown, catalogue) = warnings(&redrawn);
        assert!(
            shown
                .starts_with("warning[RX0130]: exercise `bridge` has a figure but no `figure_alt`"),
            "{shown}"
        );
        assert!(
            shown.contains("note: this file draws a new figure for `bridge`"),
            "{shown}"
        );
        let entry = catalogue.find("bridge").expect("bridge");
        assert_eq!(entry.figure_alt, None);
        assert!(entry.translations.values().all(|t| t.figure_alt.is_none()));

        let start = crate::catalogue::builtin_text()
            .find("id = \"bridge\"")
            .expect("bridge");
        let end = start
            + crate::catalogue::builtin_text()[start..]
                .find("\n[[exercise]]")
                .expect("more");
        let entry_text = crate::catalogue::builtin_text()[start..end]
            .lines()
            .filter(|l| !l.starts_with("figure_alt"))
            .collect::<Vec<_>>()
            .join("\n");
        let replaced = format!("[[exercise]]\n{entry_text}\n");
        let (shown, catalogue) = warnings(&replaced);
        assert_eq!(shown, "");
        assert_eq!(
            catalogue.find("bridge").expect("bridge").figure_alt,
            bridge.figure_alt
        );
    }
}
