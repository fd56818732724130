//! The document's drawing items as SVG text, for `rx serve`'s library: an
//! exercise's figure is drawn by the figure engine (`figure::draw::items`)
//! into a box, and this writes those same items as SVG, so the page shows
//! the strokes the sheet prints, not a second drawing of them.
//!
//! In: `&[Item]` placed in a `width` x `height` box (points, origin top
//! left, y down, as the `Document`); out: an `<svg>` element with that
//! view box. Pure and deterministic: numbers are written with at most two
//! decimals, items in their drawing order. Text is written in a generic
//! sans-serif face (the page's, not the sheet's embedded fonts). A picture
//! (a clinic's `figure_image`) is embedded as a data URI, the JPEG or the
//! samples the PDF embeds (`png`), turned upright as the sheet turns it
//! and its transparency a mask; so the SVG stands alone (an SVG shown as
//! an image loads nothing else).

use std::fmt::Write as _;

use crate::document::image::{Data, Image, Orientation};
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
            Item::Image { x, y, w, h, image } => {
                picture(&mut out, image, [*x, *y, *w, *h]);
            }
            // Groups are opened above; a link draws nothing of its own.
            Item::Marked { .. } | Item::Link { .. } => {}
        }
    }
    out.push_str("</svg>");
    out
}

/// A picture in the box `[x, y, w, h]` (upright): its stored pixels drawn
/// in a `w` x `h` (or, turned, `h` x `w`) box and turned into place; a
/// picture whose samples cannot be wrapped is drawn as its outline.
fn picture(out: &mut String, image: &Image, [x, y, w, h]: [f32; 4]) {
    let (sw, sh) = if image.orientation.turns() {
        (h, w)
    } else {
        (w, h)
    };
    // SVG's matrix(a b c d e f): a stored point (u, v) lands at
    // (a u + c v + e, b u + d v + f); the same turns as the PDF's.
    let matrix = match image.orientation {
        Orientation::Upright => [1.0, 0.0, 0.0, 1.0, x, y],
        Orientation::MirrorX => [-1.0, 0.0, 0.0, 1.0, x + w, y],
        Orientation::Turn180 => [-1.0, 0.0, 0.0, -1.0, x + w, y + h],
        Orientation::MirrorY => [1.0, 0.0, 0.0, -1.0, x, y + h],
        Orientation::Transpose => [0.0, 1.0, 1.0, 0.0, x, y],
        Orientation::TurnRight => [0.0, 1.0, -1.0, 0.0, x + w, y],
        Orientation::Transverse => [0.0, -1.0, -1.0, 0.0, x + w, y + h],
        Orientation::TurnLeft => [0.0, -1.0, 1.0, 0.0, x, y + h],
    };
    let channels = if image.gray { 1 } else { 3 };
    let (href, mask) = match &image.data {
        Data::Jpeg(bytes) => (Some(data_uri("image/jpeg", bytes)), None),
        Data::Deflated {
            samples,
            alpha,
            predicted,
        } => {
            let wrap = |stream: &[u8], channels| {
                super::png::png(image.width, image.height, channels, stream, *predicted)
                    .map(|file| data_uri("image/png", &file))
            };
            (
                wrap(samples, channels),
                alpha.as_deref().and_then(|a| wrap(a, 1)),
            )
        }
    };
    let Some(href) = href else {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#767676\"/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
        return;
    };
    let _ = write!(
        out,
        "<g transform=\"matrix({})\">",
        matrix.map(num).join(" ")
    );
    let size = format!(
        "width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\"",
        num(sw),
        num(sh)
    );
    // A figure's SVG holds one picture, so one mask id is enough.
    if let Some(mask) = mask {
        let _ = write!(
            out,
            "<mask id=\"alpha\"><image href=\"{mask}\" {size}/></mask><image href=\"{href}\" {size} mask=\"url(#alpha)\"/>"
        );
    } else {
        let _ = write!(out, "<image href=\"{href}\" {size}/>");
    }
    out.push_str("</g>");
}

/// `bytes` as a `data:` address.
fn data_uri(kind: &str, bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(kind.len() + 13 + bytes.len().div_ceil(3) * 4);
    let _ = write!(out, "data:{kind};base64,");
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(DIGITS[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
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

    #[test]
    fn a_turned_photo_is_drawn_upright_in_its_box_from_its_own_bytes() {
        use crate::document::image::{Data, Image, Orientation};
        // A phone photo stored 40 x 30, turned a quarter right to stand
        // 30 x 40: drawn in a box 30 wide and 40 tall.
        let image = Image {
            width: 40,
            height: 30,
            gray: false,
            orientation: Orientation::TurnRight,
            data: Data::Jpeg(b"\xff\xd8jpeg\xff\xd9".to_vec()),
        };
        let items = [Item::Image {
            x: 10.0,
            y: 5.0,
            w: 30.0,
            h: 40.0,
            image: std::sync::Arc::new(image),
        }];
        assert_eq!(
            svg(&items, 60.0, 60.0),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 60 60\" width=\"60\" height=\"60\">\
             <g transform=\"matrix(0 1 -1 0 40 5)\">\
             <image href=\"data:image/jpeg;base64,/9hqcGVn/9k=\" width=\"40\" height=\"30\" preserveAspectRatio=\"none\"/>\
             </g></svg>"
        );
    }
}
