//! Tagging what layout places: which structure element (`document::tags`)
//! each row's text and each figure belongs to, so a screen reader reads
//! the sheet in order and skips the furniture.
//!
//! `mark` wraps the text of rows in their element and leaves shapes (rules,
//! boxes, tinted bands, bullet dots) as furniture; a figure is marked whole
//! (`Tag::mark`), its text alternative from `figure_alt`. Text in a
//! right-to-left script (a Hebrew or Arabic name) gets a `Span` of its own
//! with its language. Item order, and so the drawing, never changes.

use super::flow::Row;
use crate::catalogue::Printed;
use crate::document::{Item, Role, Tag};
use crate::lang::{Arg, Messages};

/// `rows` with their text marked as `tag` (`mark_items`).
pub fn mark(rows: Vec<Row>, tag: &Tag) -> Vec<Row> {
    rows.into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            row.items = mark_items(row.items, tag, i);
            row
        })
        .collect()
}

/// `items` with each stretch of their text in one group of `tag`, a run
/// in a right-to-left script in a `Span` of its own; shapes and groups
/// already marked stay as they are, in place. `row` keeps the spans of
/// different rows apart.
pub fn mark_items(items: Vec<Item>, tag: &Tag, row: usize) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    let mut text = Vec::new();
    // The right-to-left run being gathered: its words (and the spaces
    // between them, which layout leaves out) are one span.
    let mut span: Option<(Tag, Vec<Item>)> = None;
    for (i, item) in items.into_iter().enumerate() {
        let lang = match &item {
            Item::Text { text: run, .. } => Some(script_language(run)),
            _ => None,
        };
        match lang {
            Some(Some(lang)) => {
                out.extend(tag.mark(std::mem::take(&mut text)));
                match &mut span {
                    Some((open, runs)) if open.lang == Some(lang) => runs.push(item),
                    _ => {
                        if let Some((open, runs)) = span.take() {
                            out.extend(open.mark(runs));
                        }
                        let mut open = tag.child(Role::Span, (row * 1000 + i) as u32);
                        open.lang = Some(lang);
                        span = Some((open, vec![item]));
                    }
                }
            }
            Some(None) => {
                if let Some((open, runs)) = span.take() {
                    out.extend(open.mark(runs));
                }
                text.push(item);
            }
            None => {
                if let Some((open, runs)) = span.take() {
                    out.extend(open.mark(runs));
                }
                out.extend(tag.mark(std::mem::take(&mut text)));
                out.push(item);
            }
        }
    }
    if let Some((open, runs)) = span.take() {
        out.extend(open.mark(runs));
    }
    out.extend(tag.mark(text));
    out
}

/// `items` with their groups opened: furniture (a table's day labels
/// repeated on the next page, read once already).
pub fn unmark(items: Vec<Item>) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Item::Marked { items, .. } => out.extend(unmark(items)),
            other => out.push(other),
        }
    }
    out
}

/// The language of a run written in Hebrew or Arabic letters (`he`, `ar`);
/// `None` for any other script, which the document's language covers.
pub fn script_language(text: &str) -> Option<&'static str> {
    text.chars().find_map(|c| match u32::from(c) {
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Some("he"),
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some("ar")
        }
        _ => None,
    })
}

/// The text alternative of an exercise's figure, drawing or clinic photo
/// alike: the catalogue's `figure_alt` in the sheet's language, else one
/// that names the exercise ("Drawing: Knee to chest"; a clinic entry
/// without one was warned about when its catalogue loaded). The one place
/// a figure's `/Alt` is written.
pub fn figure_alt(printed: &Printed, words: &Messages) -> String {
    match printed.figure_alt {
        Some(alt) => alt.to_owned(),
        None => words.with("figure-alt", &[("name", Arg::from(printed.name))]),
    }
}

/// The text alternative of an exercise's video code, naming the video.
pub fn video_alt(printed: &Printed, words: &Messages) -> String {
    words.with("video-alt", &[("name", Arg::from(printed.name))])
}

#[cfg(test)]
mod tests {
    use super::{figure_alt, mark_items, script_language};
    use crate::catalogue::Printed;
    use crate::document::{Item, Role, Tag};
    use crate::fonts::Face;
    use crate::lang::Language;

    fn text(t: &str) -> Item {
        Item::Text {
            x: 0.0,
            y: 0.0,
            size: 10.0,
            face: Face::Regular,
            gray: 0.0,
            text: t.into(),
            glyphs: None,
        }
    }

    /// A Hebrew name inside an English line is its own span in Hebrew;
    /// shapes stay unmarked and in place.
    #[test]
    fn a_right_to_left_name_is_a_span_in_its_language_and_shapes_stay_furniture() {
        let rule = Item::Path {
            points: vec![(0.0, 0.0)],
            stroke: crate::document::Stroke {
                width: 1.0,
                gray: 0.0,
            },
        };
        let tag = Tag::top(Role::H1, 0);
        let items = mark_items(
            vec![rule.clone(), text("Exercises for "), text("שרה לוי")],
            &tag,
            0,
        );
        assert_eq!(items.len(), 3);
        assert_eq!(items[0], rule);
        let Item::Marked { tag: first, .. } = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!(first, &tag);
        let Item::Marked { tag: span, .. } = &items[2] else {
            panic!("{items:?}")
        };
        assert_eq!(span.role(), Role::Span);
        assert_eq!(span.lang, Some("he"));
        assert_eq!(script_language("مريم"), Some("ar"));
        assert_eq!(script_language("Müller"), None);
    }

    #[test]
    fn a_figure_without_its_own_text_alternative_is_named_in_the_sheets_language() {
        let spanish = Language::parse("es").expect("Spanish is shipped");
        let mut printed = Printed {
            name: "Puente",
            position: "",
            why: "",
            steps: &[],
            cautions: &[],
            figure_alt: None,
        };
        assert_eq!(figure_alt(&printed, spanish.messages()), "Dibujo: Puente");
        printed.figure_alt = Some("Dibujo: boca arriba, las caderas levantadas");
        assert_eq!(
            figure_alt(&printed, spanish.messages()),
            "Dibujo: boca arriba, las caderas levantadas"
        );
    }
}
