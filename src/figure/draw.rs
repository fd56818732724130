//! An exercise figure as page items: the catalogue's strokes, scaled
//! uniformly into a box and centred in it, greys chosen by what each stroke
//! is. The start position is light grey with a thin dark edge (what a
//! black-only printer keeps of it), the end position black, far-side
//! limbs mid-grey (a working far limb is outlined instead), props thin and
//! dark, arrows black on a white edge.
//!
//! Every figure on the standard canvas is drawn at the same scale in a box
//! of a given size, so bodies are the same size across a sheet; a larger
//! canvas (a standing person) is scaled down to fit, proportions kept. Coordinates are rounded to
//! 0.1 pt (invisible, and the page stream compresses better).

use super::{CANVAS_H, CANVAS_W, Drawing, Figure, Tone};
use crate::document::{Gray, Item, Stroke};

/// The grey of each kind of stroke.
fn gray(tone: Tone) -> Gray {
    match tone {
        Tone::Before => 0.72,
        Tone::BeforeFar => 0.82,
        Tone::After => 0.0,
        Tone::AfterFar => 0.42,
        Tone::Floor => 0.55,
        Tone::Prop => 0.25,
        Tone::Towel => 0.2,
        Tone::Arrow => 0.0,
        Tone::Paper => 1.0,
    }
}

fn round(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

/// `figure` scaled to fit the box at (`x`, `y`) (top-left, y down) of
/// `w` x `h` points.
pub fn items(figure: &Figure, x: f32, y: f32, w: f32, h: f32) -> Vec<Item> {
    match figure {
        Figure::Drawing(drawing) => strokes(drawing, x, y, w, h),
        Figure::Image(image) => {
            // As large as fits, proportions kept (upright, as printed),
            // centred.
            let (iw, ih) = image.upright_size();
            let (iw, ih) = (iw.max(1) as f32, ih.max(1) as f32);
            let scale = (w / iw).min(h / ih);
            let (dw, dh) = (round(iw * scale), round(ih * scale));
            vec![Item::Image {
                x: round(x + (w - dw) / 2.0),
                y: round(y + (h - dh) / 2.0),
                w: dw,
                h: dh,
                image: std::sync::Arc::clone(image),
            }]
        }
    }
}

/// `figure` at the scale `items` draws it in a box `w` x `h`, but in a
/// box only as tall as the drawing needs: its strokes' height (a lying
/// figure uses the lower half of its canvas), or a picture's at its
/// proportions; the items from (`x`, `y`), and that height (at most `h`).
/// A sheet sets its figure boxes this way, so no box holds a band of
/// blank paper above a figure.
pub fn cropped(figure: &Figure, x: f32, y: f32, w: f32, h: f32) -> (Vec<Item>, f32) {
    match figure {
        Figure::Drawing(drawing) => {
            let fit = Fit::cropped(drawing, x, y, w, h);
            let used = fit.used;
            (draw_strokes(drawing, &fit), used)
        }
        Figure::Image(_) => {
            let used = cropped_height(figure, w, h);
            (items(figure, x, y, w, used), used)
        }
    }
}

/// The height `cropped` gives `figure` in a `w` x `h` box, without
/// drawing it: layout asks for it before it places the figure.
pub fn cropped_height(figure: &Figure, w: f32, h: f32) -> f32 {
    match figure {
        Figure::Drawing(drawing) => Fit::cropped(drawing, 0.0, 0.0, w, h).used,
        Figure::Image(image) => {
            let (iw, ih) = image.upright_size();
            let (iw, ih) = (iw.max(1) as f32, ih.max(1) as f32);
            round((ih * (w / iw).min(h / ih)).min(h))
        }
    }
}

/// Where a drawing's canvas lands in a box at (`x`, `y`) of `w` x `h`
/// points: a drawing on the standard canvas is drawn at the common scale;
/// a larger one (a standing person) is scaled down to fit, proportions
/// kept, centred.
pub struct Fit {
    scale: f32,
    left: f32,
    top: f32,
    canvas_h: f32,
    /// The height of the box the drawing takes from its top.
    used: f32,
}

impl Fit {
    pub fn new(drawing: &Drawing, x: f32, y: f32, w: f32, h: f32) -> Fit {
        let (cw, ch) = drawing.size;
        let scale = (w / cw.max(CANVAS_W)).min(h / ch.max(CANVAS_H));
        Fit {
            scale,
            left: x + (w - cw * scale) / 2.0,
            top: y + (h - ch * scale) / 2.0,
            canvas_h: ch,
            used: h,
        }
    }

    /// `new`'s scale and left edge, with the top of the strokes at `y`
    /// (rounded up to the 0.1 pt grid, so no stroke pokes above the box):
    /// the box is cut to the strokes' height.
    fn cropped(drawing: &Drawing, x: f32, y: f32, w: f32, h: f32) -> Fit {
        let full = Fit::new(drawing, x, y, w, h);
        let (_, low, _, high) = drawing.bounds();
        let used = ((high - low) * full.scale * 10.0).ceil() / 10.0;
        if !(used > 0.0 && used < h) {
            return full;
        }
        Fit {
            top: y - (full.canvas_h - high) * full.scale + 0.1,
            used: used + 0.2,
            ..full
        }
    }

    /// A canvas point (y up) on the page (y down), rounded.
    pub fn point(&self, (px, py): (f32, f32)) -> (f32, f32) {
        (
            round(self.left + px * self.scale),
            round(self.top + (self.canvas_h - py) * self.scale),
        )
    }
}

/// The dark edge of each start-position stroke, in figure units, and its
/// grey. The start position's light grey is white on a black-only printer
/// or a photocopy at its threshold; its edge, darker than half, is
/// printed black there, so the start position still shows (as an
/// outline), and in grey it stays lighter than the end position's black.
const START_EDGE: f32 = 0.8;
const START_EDGE_GRAY: Gray = 0.3;

fn strokes(drawing: &Drawing, x: f32, y: f32, w: f32, h: f32) -> Vec<Item> {
    draw_strokes(drawing, &Fit::new(drawing, x, y, w, h))
}

fn draw_strokes(drawing: &Drawing, fit: &Fit) -> Vec<Item> {
    let path = |mark: &super::Mark, width: f32, gray: Gray| Item::Path {
        points: mark.points.iter().map(|&p| fit.point(p)).collect(),
        stroke: Stroke {
            width: (width * fit.scale * 100.0).round() / 100.0,
            gray,
        },
    };
    let mut items = Vec::with_capacity(drawing.marks.len());
    for mark in &drawing.marks {
        let start = matches!(mark.tone, Tone::Before | Tone::BeforeFar);
        let inner = mark.width - 2.0 * START_EDGE;
        if !start {
            items.push(path(mark, mark.width, gray(mark.tone)));
        } else if inner < mark.width / 2.0 {
            // Too thin for an edge and a grey inside: all edge.
            items.push(path(mark, mark.width, START_EDGE_GRAY));
        } else {
            items.push(path(mark, mark.width, START_EDGE_GRAY));
            items.push(path(mark, inner, gray(mark.tone)));
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::{cropped, items};
    use crate::catalogue;
    use crate::document::{Document, Item, Page, Stroke};
    use crate::fonts::{Face, Fonts};
    use crate::layout::Options;
    use crate::plan::Paper;

    fn page(items: Vec<Item>) -> Document {
        Document {
            width: 612.0,
            height: 792.0,
            title: "figures".to_owned(),
            author: "rx".to_owned(),
            created: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
            language: "en".to_owned(),
            pdfa: false,
            pages: vec![Page { items }],
        }
    }

    /// Every figure's strokes, with their width, stay inside the box the
    /// sheet keeps for it, on both papers and in large print; large print
    /// draws them larger.
    #[test]
    fn every_figure_stays_in_its_box_and_grows_with_large_print() {
        let catalogue = catalogue::builtin().expect("the built-in catalogue");
        let fonts = Fonts::load();
        let mut plan = String::from(
            "[patient]\nname = \"A\"\n[prescriber]\nname = \"B\"\n[plan]\nissued = 2026-11-22\nweeks = 1\n",
        );
        for entry in catalogue.entries() {
            plan.push_str(&format!("[[exercise]]\nname = \"{}\"\n", entry.id));
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let (_, checked) = crate::check_plan(plan.as_bytes(), &catalogue, &fonts, today);
        let plan = checked.plan.expect("a valid plan");
        let mut widths = Vec::new();
        for paper in [Paper::Letter, Paper::A4] {
            for large_print in [false, true] {
                let options = Options {
                    paper,
                    large_print,
                    ..Options::default()
                };
                let doc = crate::layout::sheet(&plan, options, &fonts);
                let mut boxes = 0;
                let mut figure_w = 0.0f32;
                for p in &doc.pages {
                    // A figure box is a thin rect followed by its strokes.
                    let mut current: Option<(f32, f32, f32, f32)> = None;
                    for item in p.drawn() {
                        match item {
                            Item::Rect {
                                x,
                                y,
                                w,
                                h,
                                fill: None,
                                ..
                            } if (*w - crate::layout::Style::new(large_print).figure_w).abs()
                                < 0.01 =>
                            {
                                current = Some((*x, *y, *w, *h));
                                boxes += 1;
                            }
                            Item::Path { points, stroke } if stroke.width > 2.0 => {
                                let Some((bx, by, bw, bh)) = current else {
                                    continue;
                                };
                                let r = stroke.width / 2.0;
                                for &(px, py) in points {
                                    assert!(
                                        px - r >= bx
                                            && px + r <= bx + bw
                                            && py - r >= by
                                            && py + r <= by + bh,
                                        "{paper:?} large={large_print}: ({px},{py}) outside {bx},{by} {bw}x{bh}"
                                    );
                                    figure_w = figure_w.max(stroke.width);
                                }
                            }
                            Item::Text { .. } => current = None,
                            _ => {}
                        }
                    }
                }
                let drawn = catalogue
                    .entries()
                    .iter()
                    .filter(|e| e.figure.is_some())
                    .count();
                assert_eq!(boxes, drawn, "{paper:?} large={large_print}");
                widths.push(figure_w);
            }
        }
        // The thickest stroke (a head) is drawn larger in large print.
        assert!(widths[1] > widths[0] && widths[3] > widths[2], "{widths:?}");
    }

    /// Every built-in figure at sheet size, 15 to a page, for a look:
    /// `cargo test --lib figure::draw::tests::contact_sheet -- --ignored`,
    /// then `pdftoppm -png -r 100 /tmp/rx-figures.pdf /tmp/figures`.
    /// `RX_FIGURES_REGION=knee` keeps one region's; `RX_FIGURES_BLIND=1`
    /// numbers the figures instead of naming them, in a shuffled (fixed)
    /// order, and writes the key to `/tmp/rx-figures-key.txt`: the
    /// recognition test gives a reader the pages and the region's names.
    #[test]
    #[ignore]
    fn contact_sheet() {
        use crate::catalogue::Word as _;
        let catalogue = catalogue::builtin().expect("the built-in catalogue");
        let region = std::env::var("RX_FIGURES_REGION").ok();
        let blind = std::env::var("RX_FIGURES_BLIND").is_ok_and(|v| v == "1");
        let mut entries: Vec<_> = catalogue
            .entries()
            .iter()
            .filter(|e| {
                region
                    .as_deref()
                    .is_none_or(|r| e.regions.iter().any(|g| g.word() == r))
            })
            .collect();
        if blind {
            // A fixed shuffle: sorted by a hash of the id.
            let key = |id: &str| {
                id.bytes().fold(2166136261u32, |h, b| {
                    (h ^ u32::from(b)).wrapping_mul(16777619)
                })
            };
            entries.sort_by_key(|e| key(&e.id));
        }
        let mut pages = Vec::new();
        let mut answers = String::new();
        for (n, chunk) in entries.chunks(15).enumerate() {
            let mut page = Page::default();
            for (i, entry) in chunk.iter().enumerate() {
                let x = 20.0 + 190.0 * (i % 3) as f32;
                let y = 20.0 + 150.0 * (i / 3) as f32;
                let number = n * 15 + i + 1;
                let label = if blind {
                    format!("{number}")
                } else {
                    entry.id.clone()
                };
                answers.push_str(&format!("{number} {}\n", entry.id));
                page.items.push(Item::Text {
                    x,
                    y: y + 10.0,
                    size: 9.0,
                    face: Face::Regular,
                    gray: 0.0,
                    // An entry id or a number: ASCII, the simple path.
                    text: label,
                    glyphs: None,
                });
                page.items.push(Item::Rect {
                    x,
                    y: y + 14.0,
                    w: 140.0,
                    h: 105.0,
                    stroke: Some(Stroke {
                        width: 0.5,
                        gray: 0.6,
                    }),
                    fill: None,
                });
                if let Some(figure) = &entry.figure {
                    page.items
                        .extend(items(figure, x + 5.0, y + 19.0, 130.0, 95.0));
                }
            }
            pages.push(page);
        }
        let doc = Document {
            width: 612.0,
            height: 792.0,
            title: "figures".to_owned(),
            author: "rx".to_owned(),
            created: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
            language: "en".to_owned(),
            pdfa: false,
            pages,
        };
        let pdf = crate::render::render(&doc, &Fonts::load()).expect("bundled fonts embed");
        let dir = std::env::temp_dir();
        std::fs::write(dir.join("rx-figures.pdf"), pdf).expect("writable");
        std::fs::write(dir.join("rx-figures-key.txt"), answers).expect("writable");
    }

    /// A figure cropped to its drawing keeps the scale of its full box and
    /// takes only the height its strokes need: they reach the cropped
    /// box's top and bottom and stay inside it, and a figure lying on the
    /// floor takes well under its full box's height.
    #[test]
    fn a_cropped_figure_takes_the_height_of_its_drawing_at_the_same_scale() {
        let catalogue = catalogue::builtin().expect("the built-in catalogue");
        let (w, h) = (140.0, 105.0);
        let extent = |items: &[Item]| {
            let mut e = (f32::MAX, f32::MIN, 0.0f32);
            for item in items {
                if let Item::Path { points, stroke } = item {
                    let r = stroke.width / 2.0;
                    e.2 = e.2.max(stroke.width);
                    for &(_, y) in points {
                        e = (e.0.min(y - r), e.1.max(y + r), e.2);
                    }
                }
            }
            e
        };
        let mut shorter = Vec::new();
        for entry in catalogue.entries() {
            let Some(figure @ catalogue::Figure::Drawing(_)) = &entry.figure else {
                continue;
            };
            let full_items = items(figure, 0.0, 0.0, w, h);
            let (crop_items, used) = cropped(figure, 0.0, 0.0, w, h);
            let (top, bottom, thickest) = extent(&crop_items);
            let id = &entry.id;
            assert!(used <= h, "{id}: {used} of {h}");
            assert!(
                top >= -0.01 && bottom <= used + 0.01,
                "{id}: {top}..{bottom} in {used}"
            );
            assert!(
                top < 0.5 && used - bottom < 0.5,
                "{id}: {top}..{bottom} in {used}"
            );
            assert!(
                (thickest - extent(&full_items).2).abs() < 0.01,
                "{id}: scale kept"
            );
            if used < h * 0.7 {
                shorter.push(id.as_str());
            }
        }
        assert!(shorter.contains(&"bridge"), "{shorter:?}");
    }

    /// A photo turned by its EXIF orientation gets a
    /// box of its upright proportions, and the dump says how it is turned.
    #[test]
    fn a_turned_photo_gets_an_upright_box() {
        let jpeg = include_bytes!("../../tests/fixtures/pictures/flag.jpg");
        let turned = crate::picture::tests::with_orientation(jpeg, 6, true);
        let picture = crate::picture::decode(&turned, crate::picture::FIGURE).expect("a JPEG");
        let figure = crate::catalogue::Figure::Image(std::sync::Arc::new(picture));
        let dump = page(items(&figure, 0.0, 0.0, 100.0, 100.0)).dump();
        assert!(
            dump.ends_with(
                "page 1\n  image 25.0,0.0 50.0x100.0 jpeg 32x16 turn-right\nstructure\nDocument\n"
            ),
            "{dump}"
        );
    }
}
