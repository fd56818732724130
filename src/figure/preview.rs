//! `rx figure`'s page: one figure drawn large, its joints labelled with
//! the names arrows and `rest` use, and every problem of the file listed
//! with its location, so a clinician can adjust a figure and look again.
//!
//! In: the figure's id, its drawing (none when the file has errors) and
//! the file's rendered diagnostics. Out: a one-page `Document`. Pure.

use super::Drawing;
use super::draw::{Fit, items};
use crate::document::{Document, Item, Page, Stroke};
use crate::fonts::{Face, Fonts};

const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 36.0;
/// The figure's box: the page's width, three quarters as high.
const BOX_H: f32 = 405.0;
const LABEL: f32 = 7.5;
const LINE: f32 = 11.0;
/// Characters per line of a problem, at 8.5 points across the page.
const WRAP: usize = 105;

/// The ids of the `[figure.ID]` tables in a catalogue file, in file order;
/// empty when the file is not TOML (its diagnostics say why).
pub fn figure_ids(text: &str) -> Vec<String> {
    let Ok(doc) = text.parse::<toml_edit::DocumentMut>() else {
        return Vec::new();
    };
    doc.get("figure")
        .and_then(|f| f.as_table_like())
        .map(|t| t.iter().map(|(id, _)| id.to_owned()).collect())
        .unwrap_or_default()
}

/// The preview page for figure `id` of `file`.
pub fn page(
    file: &str,
    id: &str,
    drawing: Option<&Drawing>,
    problems: &[String],
    fonts: &Fonts,
) -> Document {
    let text = Writer { fonts };
    let mut items = vec![text.at(
        MARGIN,
        MARGIN + 14.0,
        16.0,
        Face::Bold,
        &format!("Figure `{id}` from {file}"),
    )];
    let (bx, by, bw) = (MARGIN, MARGIN + 26.0, PAGE_W - 2.0 * MARGIN);
    items.push(Item::Rect {
        x: bx,
        y: by,
        w: bw,
        h: BOX_H,
        stroke: Some(Stroke {
            width: 0.5,
            gray: 0.6,
        }),
        fill: None,
    });
    let y = by + BOX_H + 18.0;
    match drawing {
        Some(d) => {
            items.extend(items_for(d, bx, by, bw));
            items.extend(labels(&text, d, bx, by, bw));
            let key = "Black: the end position; light grey: the start; mid grey: the far side; outlines: props. Labels: the end position's joints, as arrows name them.";
            items.push(text.at(MARGIN, y, 8.5, Face::Regular, key));
        }
        None => items.push(text.at(
            MARGIN,
            by + BOX_H / 2.0,
            12.0,
            Face::Bold,
            "Not drawn: fix the problems below, then run `rx figure` again.",
        )),
    }
    items.extend(listed(&text, problems, y + 2.0 * LINE));
    Document {
        width: PAGE_W,
        height: PAGE_H,
        title: format!("Figure {id}"),
        author: "rx".to_owned(),
        created: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a valid date"),
        language: "en".to_owned(),
        pdfa: crate::document::PDFA_BY_DEFAULT,
        pages: vec![Page { items }],
    }
}

/// Text runs whose every character the font can draw (others show as `?`).
struct Writer<'a> {
    fonts: &'a Fonts,
}

impl Writer<'_> {
    fn at(&self, x: f32, y: f32, size: f32, face: Face, s: &str) -> Item {
        let text: String = s
            .chars()
            .map(|c| match self.fonts.glyph(face, c) {
                Some(_) => c,
                None => '?',
            })
            .collect();
        Item::Text {
            x,
            y,
            size,
            face,
            gray: 0.0,
            glyphs: self.fonts.glyphs(face, &text),
            text,
        }
    }
}

/// A dot and a name at each joint of the drawing in its box; joints that
/// coincide (near and far, seen from the side) share one label.
fn labels(text: &Writer, d: &Drawing, bx: f32, by: f32, bw: f32) -> Vec<Item> {
    let fit = Fit::new(d, bx + 8.0, by + 8.0, bw - 16.0, BOX_H - 16.0);
    let mut labels: Vec<((f32, f32), String)> = Vec::new();
    for &(name, p) in &d.joints {
        let at = fit.point(p);
        match labels
            .iter_mut()
            .find(|(q, _)| (q.0 - at.0).abs() < 4.0 && (q.1 - at.1).abs() < 4.0)
        {
            Some((_, names)) => {
                names.push_str(" / ");
                names.push_str(name);
            }
            None => labels.push((at, name.to_owned())),
        }
    }
    let mut items = Vec::new();
    for ((x, y), name) in labels {
        items.push(Item::Rect {
            x: x - 1.5,
            y: y - 1.5,
            w: 3.0,
            h: 3.0,
            stroke: None,
            fill: Some(0.55),
        });
        items.push(text.at(x + 2.5, y - 2.0, LABEL, Face::Regular, &name));
    }
    items
}

/// The problems, from `y` down the page, as far as it goes.
fn listed(text: &Writer, problems: &[String], mut y: f32) -> Vec<Item> {
    let heading = match problems.len() {
        0 => "No problems: the figure is valid.".to_owned(),
        1 => "1 problem:".to_owned(),
        n => format!("{n} problems:"),
    };
    let mut items = vec![text.at(MARGIN, y, 11.0, Face::Bold, &heading)];
    for problem in problems {
        y += 4.0;
        for line in problem.lines().filter(|l| !is_caret(l)) {
            for part in wrap(line) {
                y += LINE;
                if y > PAGE_H - MARGIN {
                    return items;
                }
                items.push(text.at(MARGIN, y, 8.5, Face::Regular, &part));
            }
        }
    }
    items
}

fn items_for(d: &Drawing, x: f32, y: f32, w: f32) -> Vec<Item> {
    items(
        &super::Figure::Drawing(std::sync::Arc::new(d.clone())),
        x + 8.0,
        y + 8.0,
        w - 16.0,
        BOX_H - 16.0,
    )
}

/// A diagnostic's caret line (`   |    ^^^`): its columns only line up in
/// a fixed-width font, and the location line above already says where.
fn is_caret(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t == "|" || (t.starts_with('|') && t[1..].trim().starts_with('^'))
}

fn wrap(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    chars
        .chunks(WRAP)
        .map(|c| c.iter().collect::<String>())
        .collect()
}
