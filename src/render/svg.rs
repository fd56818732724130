//! The document's drawing items as SVG text, for `rx serve`'s library: an
//! exercise's figure is drawn by the figure engine (`figure::draw::items`)
//! into a box, and this writes those same items as SVG, so the page shows
//! the strokes the sheet prints, not a second drawing of them.
//!
//! In: `&[Item]` placed in a `width` x `height` box (points, origin top
//! left, y down, as the `Document`); out: an `<svg>` element with that
//! view box. Pure and deterministic: numbers are written with at most two
//! decimals, items in their drawing order. Text is written in a generic
//! sans-serif face (the page's, not the sheet's embedded fonts); a picture
//! (a clinic's `figure_image`) is drawn as its outline only, the PDF
//! being where it is embedded.

use std::fmt::Write as _;

use crate::document::{Gray, Item, Stroke, opened};

/// `items` as a standalone SVG document of `width` x `height` points.
pub fn svg(items: &[Item], width: f32, height: f32) -> String {
    let mut out = String::with_capacity(64 * items.len() + 160);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\">",
        num(width),
        num(height),
        num(width),
        num(height)
    );
    for item in opened(items) {
        match item {
            Item::Path { points, stroke } => {
                out.push_str("<path d=\"");
                for (i, &(x, y)) in points.iter().enumerate() {
                    let _ = write!(
                        out,
                        "{}{} {}",
                        if i == 0 { "M" } else { " L" },
                        num(x),
                        num(y)
                    );
                }
                // A mark whose points coincide is a disc: a round cap on a
                // zero-length segment draws it.
                if points.len() == 1 {
                    let _ = write!(out, " L{} {}", num(points[0].0), num(points[0].1));
                }
                out.push('"');
                stroke_attributes(&mut out, *stroke);
                out.push_str(" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>");
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                stroke,
                fill,
            } => {
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"",
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h),
                    fill.map_or("none".to_owned(), color)
                );
                if let Some(stroke) = stroke {
                    stroke_attributes(&mut out, *stroke);
                }
                out.push_str("/>");
            }
            Item::Text {
                x,
                y,
                size,
                gray,
                text,
                ..
            } => {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-family=\"sans-serif\" fill=\"{}\">{}</text>",
                    num(*x),
                    num(*y),
                    num(*size),
                    color(*gray),
                    escape(text)
                );
            }
            Item::Cells {
                x,
                y,
                module,
                gray,
                cells,
            } => {
                let _ = write!(out, "<path fill=\"{}\" d=\"", color(*gray));
                for [c, r, cs, rs] in cells.iter() {
                    let _ = write!(
                        out,
                        "M{} {}h{}v{}h-{}z",
                        num(x + f32::from(*c) * module),
                        num(y + f32::from(*r) * module),
                        num(f32::from(*cs) * module),
                        num(f32::from(*rs) * module),
                        num(f32::from(*cs) * module)
                    );
                }
                out.push_str("\"/>");
            }
            Item::Image { x, y, w, h, .. } => {
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#767676\"/>",
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h)
                );
            }
            // Groups are opened above; a link draws nothing of its own.
            Item::Marked { .. } | Item::Link { .. } => {}
        }
    }
    out.push_str("</svg>");
    out
}

fn stroke_attributes(out: &mut String, stroke: Stroke) {
    let _ = write!(
        out,
        " stroke=\"{}\" stroke-width=\"{}\"",
        color(stroke.gray),
        num(stroke.width)
    );
}

/// A grey level as an SVG colour (`#000000` black, `#ffffff` white).
fn color(gray: Gray) -> String {
    let v = (gray.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{v:02x}{v:02x}{v:02x}")
}

/// A coordinate with at most two decimals and no trailing zeros, so the
/// same item always writes the same text.
fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".to_owned(),
        s => s.to_owned(),
    }
}

/// Text with XML's special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::svg;
    use crate::document::{Item, Stroke};
    use crate::fonts::Face;

    #[test]
    fn svg_draws_each_item_at_its_place_with_its_grey() {
        let items = vec![
            Item::Path {
                points: vec![(1.0, 2.5), (10.25, 20.0)],
                stroke: Stroke {
                    width: 1.5,
                    gray: 0.0,
                },
            },
            Item::Rect {
                x: 0.0,
                y: 0.0,
                w: 4.0,
                h: 3.0,
                stroke: None,
                fill: Some(1.0),
            },
            Item::Text {
                x: 2.0,
                y: 8.0,
                size: 9.0,
                face: Face::Regular,
                gray: 0.5,
                text: "a < b & c".to_owned(),
                glyphs: None,
            },
        ];
        let text = svg(&items, 160.0, 120.0);
        assert!(
            text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 120\"")
        );
        assert!(
            text.contains("<path d=\"M1 2.5 L10.25 20\" stroke=\"#000000\" stroke-width=\"1.5\"")
        );
        assert!(text.contains("<rect x=\"0\" y=\"0\" width=\"4\" height=\"3\" fill=\"#ffffff\"/>"));
        assert!(text.contains(">a &lt; b &amp; c</text>"));
        assert!(text.ends_with("</svg>"));
    }

    /// Every built-in figure becomes the same SVG text each time, with one
    /// path per stroke the figure engine draws.
    #[test]
    fn svg_of_every_figure_is_deterministic_and_keeps_every_stroke() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let mut drawn = 0;
        for entry in catalogue.entries() {
            let Some(figure) = &entry.figure else {
                continue;
            };
            let items = crate::figure::draw::items(figure, 0.0, 0.0, 160.0, 120.0);
            let once = svg(&items, 160.0, 120.0);
            assert_eq!(once, svg(&items, 160.0, 120.0), "{}", entry.id);
            assert_eq!(once.matches("<path ").count(), items.len(), "{}", entry.id);
            drawn += 1;
        }
        assert!(drawn > 0, "the built-in catalogue has figures");
    }
}
