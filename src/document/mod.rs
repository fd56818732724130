//! The laid-out document: pages of positioned text runs, vector shapes and
//! pictures.
//!
//! This is the contract between layout and render, owned by neither: layout
//! (and the figure engine's `draw`) decide every position; render only
//! draws. It holds its own types, pictures included (`image`), so render
//! knows nothing of the catalogue. Units are PDF points (1/72 inch), origin
//! at the top-left corner of the page, y growing downward. `dump` prints the
//! whole document as text so layout can be tested without a PDF. `tags`
//! holds its logical structure (what a screen reader reads): items in an
//! `Item::Marked` belong to a structure element, the rest are furniture.

use std::fmt::Write as _;
use std::sync::Arc;

use chrono::NaiveDate;

pub mod image;
pub mod tags;

use crate::fonts::Face;
use crate::fonts::shape::Glyphs;
pub use image::Image;
use image::Orientation;
pub use tags::{Role, Structure, Tag};

/// A laid-out sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Page width and height in points.
    pub width: f32,
    pub height: f32,
    /// PDF metadata.
    pub title: String,
    pub author: String,
    /// The document's creation date: the plan's issue date, never the clock.
    pub created: NaiveDate,
    /// The language its words are in, as a BCP 47 tag ("en", "es"): the
    /// PDF's `/Lang`, so a screen reader speaks them in the right voice.
    pub language: String,
    /// Written as PDF/A-2 (archival): identified in the metadata, with an
    /// sRGB output intent (`render::metadata`). `PDFA_BY_DEFAULT` unless
    /// the command line or the settings say otherwise.
    pub pdfa: bool,
    pub pages: Vec<Page>,
}

/// Whether a document is PDF/A unless asked otherwise: the identification
/// and the colour profile cost well under 2 KB a sheet (docs/commands.md,
/// `--pdfa`), so every sheet is archival.
pub const PDFA_BY_DEFAULT: bool = true;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

impl Page {
    /// Every drawn item in drawing order, marked groups opened (the items
    /// layout tests and render's font and picture collection look at).
    pub fn drawn(&self) -> Vec<&Item> {
        opened(&self.items)
    }
}

/// `items` in drawing order, marked groups opened.
pub fn opened(items: &[Item]) -> Vec<&Item> {
    let mut out = Vec::with_capacity(items.len());
    open(items, &mut out);
    out
}

/// `items`, marked groups opened, onto `out`.
fn open<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
    for item in items {
        match item {
            Item::Marked { items, .. } => open(items, out),
            other => out.push(other),
        }
    }
}

/// A grey level: 0.0 is black, 1.0 is white.
pub type Gray = f32;

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text in one face; every character has a glyph in `face`.
    Text {
        x: f32,
        /// The baseline.
        y: f32,
        size: f32,
        face: Face,
        gray: Gray,
        /// In logical order, as typed.
        text: String,
        /// What render draws: for a run on the shaping path
        /// (`fonts::shape::needs_shaping`), its glyphs as layout shaped
        /// them, in visual order from (`x`, `y`), each with the text it
        /// stands for; `None` for one glyph a character, the face's own,
        /// at its advance. Whoever makes the item sets it
        /// (`Fonts::set_run`, `Fonts::glyphs`): render never shapes.
        glyphs: Glyphs,
    },
    /// A rectangle from its top-left corner.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        stroke: Option<Stroke>,
        fill: Option<Gray>,
    },
    /// An open polyline (a tick, an arrow shaft, a limb).
    Path {
        points: Vec<(f32, f32)>,
        stroke: Stroke,
    },
    /// Filled squares on a grid of `module`-point cells from the top-left
    /// corner (a QR code): each `[column, row, columns, rows]` one
    /// rectangle in whole cells. Drawn as one path in cell units, so a
    /// code's few hundred boxes cost about as many bytes as a line of text
    /// each, not a fixed-point rectangle each.
    Cells {
        x: f32,
        y: f32,
        module: f32,
        gray: Gray,
        cells: Arc<[[u16; 4]]>,
    },
    /// A picture stretched over the box from its top-left corner (layout
    /// keeps its proportions).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: Arc<Image>,
    },
    /// Items that belong to one structure element (`tags`), drawn as
    /// they are; items in no `Marked` are page furniture.
    Marked { tag: Tag, items: Vec<Item> },
    /// A link a reader can follow over the box from its top-left corner:
    /// nothing is drawn (the text shown over it is its own item).
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        uri: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub gray: Gray,
}

impl Document {
    /// Every text run, page by page, in drawing order, joined by newlines:
    /// what a reader of the PDF's text would see.
    pub fn text(&self) -> String {
        fn push(items: &[Item], out: &mut String) {
            for item in items {
                match item {
                    Item::Text { text, .. } => {
                        out.push_str(text);
                        out.push('\n');
                    }
                    Item::Marked { items, .. } => push(items, out),
                    _ => {}
                }
            }
        }
        let mut out = String::new();
        for page in &self.pages {
            push(&page.items, &mut out);
        }
        out
    }

    /// The structure tree the pages' marked items make, in reading order.
    pub fn structure(&self) -> Structure {
        Structure::of(&self.pages)
    }

    /// A plain-text dump of every item with its position, one per line.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "document {:.1}x{:.1} title={:?} author={:?} created={}",
            self.width, self.height, self.title, self.author, self.created
        );
        for (i, page) in self.pages.iter().enumerate() {
            let _ = writeln!(out, "page {}", i + 1);
            for item in &page.items {
                dump_item(&mut out, item, 1);
            }
        }
        let _ = write!(out, "structure\n{}", self.structure().dump());
        out
    }
}

/// One item of the dump, `depth` levels in; a marked group's items under it.
fn dump_item(out: &mut String, item: &Item, depth: usize) {
    let _ = write!(out, "{}", "  ".repeat(depth));
    let _ = match item {
        Item::Text {
            x,
            y,
            size,
            face,
            gray,
            text,
            glyphs: _,
        } => writeln!(
            out,
            "text {x:.1},{y:.1} {size:.1}pt {} gray={gray:.2} {text:?}",
            face.name()
        ),
        Item::Rect {
            x,
            y,
            w,
            h,
            stroke,
            fill,
        } => writeln!(
            out,
            "rect {x:.1},{y:.1} {w:.1}x{h:.1} stroke={} fill={}",
            stroke.map_or("none".to_owned(), |s| format!(
                "{:.1}/{:.2}",
                s.width, s.gray
            )),
            fill.map_or("none".to_owned(), |g| format!("{g:.2}"))
        ),
        Item::Path { points, stroke } => {
            let pts: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            writeln!(
                out,
                "path {:.1}/{:.2} {}",
                stroke.width,
                stroke.gray,
                pts.join(" ")
            )
        }
        Item::Cells {
            x,
            y,
            module,
            gray,
            cells,
        } => writeln!(
            out,
            "cells {x:.1},{y:.1} {module:.2}/{gray:.2} {} boxes",
            cells.len()
        ),
        Item::Marked { tag, items } => {
            let path: Vec<String> = tag
                .path
                .iter()
                .map(|s| format!("{}{}", s.role.name(), s.n))
                .collect();
            let _ = writeln!(out, "marked {}", path.join("/"));
            for item in items {
                dump_item(out, item, depth + 1);
            }
            return;
        }
        Item::Link { x, y, w, h, uri } => writeln!(out, "link {x:.1},{y:.1} {w:.1}x{h:.1} {uri:?}"),
        Item::Image { x, y, w, h, image } => writeln!(
            out,
            "image {x:.1},{y:.1} {w:.1}x{h:.1} {} {}x{}{}",
            image.kind(),
            image.width,
            image.height,
            match image.orientation {
                Orientation::Upright => String::new(),
                turned => format!(" {}", turned.name()),
            }
        ),
    };
}
