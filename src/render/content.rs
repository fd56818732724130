//! Page content streams: the items of one page as PDF operators, written
//! directly (text, boxes, strokes, pictures), numbers fixed-point and y
//! flipped. Tagged, each top-level `Item::Marked` is one marked-content
//! sequence (`/Role <</MCID k>> BDC` .. `EMC`, k counting from 0 down the
//! page, as `document::tags` numbers them) and each stretch of other items
//! one `/Artifact BMC` .. `EMC`; a sequence of text alone stays inside the
//! text object around it, anything else closes it first, so no sequence
//! straddles a `BT`..`ET`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::font::{GlyphMap, font_name};
use crate::document::Image;
use crate::document::image::Orientation;
use crate::document::tags::{Sequence, sequences};
use crate::document::{Gray, Item, Page, Stroke};
use crate::fonts::Face;
use crate::fonts::shape::Glyph;

/// The PDF resource name of the `i`th distinct picture of a document.
pub(super) fn image_name(i: usize) -> String {
    format!("Im{}", i + 1)
}

/// A link area of a page: its rectangle in PDF coordinates (left, bottom,
/// right, top) and where it leads.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LinkArea {
    pub rect: [f32; 4],
    pub uri: String,
}

/// The content stream of one page, and its link areas in order. `images`
/// are the document's distinct pictures, named by `image_name` in that
/// order. Untagged, marked groups are drawn as plain items.
pub(super) fn draw_page(
    page: &Page,
    page_height: f32,
    glyphs: &BTreeMap<Face, GlyphMap>,
    images: &[Arc<Image>],
    tagged: bool,
) -> (Vec<u8>, Vec<LinkArea>) {
    let mut pen = Pen {
        out: Vec::with_capacity(64 * page.items.len()),
        page_height,
        glyphs,
        images,
        line: None,
        font: None,
        fill: None,
        line_width: None,
        stroke: None,
        round: false,
    };
    let mut links = Vec::new();
    let mut mcid = 0;
    for sequence in sequences(&page.items) {
        sequence.each(&mut |item| {
            if let Item::Link { x, y, w, h, uri } = item {
                let (left, bottom) = pen.flip(*x, y + h);
                let (right, top) = pen.flip(x + w, *y);
                let rect = [left, bottom, right, top].map(|v| v as f32 / 100.0);
                links.push(LinkArea {
                    rect,
                    uri: uri.clone(),
                });
            }
        });
        match sequence.tag {
            _ if !tagged => sequence.each(&mut |item| pen.draw(item)),
            Some(tag) if sequence.draws() => {
                pen.sequence(Some((tag.role().name(), mcid)), sequence);
                mcid += 1;
            }
            Some(_) => {}
            None => pen.sequence(None, sequence),
        }
    }
    pen.end_text();
    (pen.out, links)
}

/// Writes one page's content stream, remembering the graphics state so each
/// setting is written only when it changes (most text runs share font, size
/// and grey; a sheet has hundreds of them).
///
/// Numbers are written to 1/100 pt (greys to 1/1000): invisible, compact,
/// and NaN or infinity comes out as 0 rather than corrupting the stream.
struct Pen<'a> {
    out: Vec<u8>,
    page_height: f32,
    glyphs: &'a BTreeMap<Face, GlyphMap>,
    images: &'a [Arc<Image>],
    /// Inside `BT`..`ET`: where the current text line starts, in 1/100 pt.
    /// Each run moves there from the last with `Td`, and on a sheet most
    /// moves are the same (next line, same margin), which compresses to
    /// almost nothing, unlike a fresh absolute position per line.
    line: Option<(i64, i64)>,
    font: Option<(Face, i64)>,
    fill: Option<i64>,
    line_width: Option<i64>,
    stroke: Option<i64>,
    /// Round caps and joins for paths, the PDF defaults (butt, miter) for
    /// rects so box corners stay square.
    round: bool,
}

impl Pen<'_> {
    /// `items` as one marked-content sequence: the structure element's
    /// role and MCID, or (`None`) an artifact; nothing for items that draw
    /// nothing.
    fn sequence(&mut self, mark: Option<(&str, usize)>, items: Sequence) {
        if !items.draws() {
            return;
        }
        // Text alone stays in its text object; anything else ends it, so
        // the sequence starts and ends outside one.
        let text_only = !items.any(|item| !matches!(item, Item::Link { .. } | Item::Text { .. }));
        if text_only {
            self.begin_text();
        } else {
            self.end_text();
        }
        match mark {
            Some((role, mcid)) => {
                self.out.push(b'/');
                self.out.extend_from_slice(role.as_bytes());
                self.out.extend_from_slice(b" <</MCID ");
                push_digits(&mut self.out, mcid as u64);
                self.out.extend_from_slice(b">> BDC\n");
            }
            None => self.out.extend_from_slice(b"/Artifact BMC\n"),
        }
        items.each(&mut |item| self.draw(item));
        if !text_only {
            self.end_text();
        }
        self.out.extend_from_slice(b"EMC\n");
    }

    /// Open a text object unless one is open: at the origin.
    fn begin_text(&mut self) -> (i64, i64) {
        *self.line.get_or_insert_with(|| {
            self.out.extend_from_slice(b"BT\n");
            (0, 0)
        })
    }

    fn draw(&mut self, item: &Item) {
        match item {
            Item::Text {
                x,
                y,
                size,
                face,
                gray,
                text,
                glyphs,
            } => self.text(*x, *y, *size, *face, *gray, text, glyphs.as_deref()),
            Item::Rect {
                x,
                y,
                w,
                h,
                stroke,
                fill,
            } => self.rect(*x, *y, *w, *h, *stroke, *fill),
            Item::Path { points, stroke } => self.path(points, *stroke),
            Item::Cells {
                x,
                y,
                module,
                gray,
                cells,
            } => self.cells(*x, *y, *module, *gray, cells),
            Item::Image { x, y, w, h, image } => self.image(*x, *y, *w, *h, image),
            Item::Marked { items, .. } => items.iter().for_each(|item| self.draw(item)),
            Item::Link { .. } => {}
        }
    }

    /// Whole-cell rectangles in one path under a transform to cell units
    /// (y down from the top-left corner): small integers, one fill, and no
    /// seams between touching boxes. The fill grey is set before `q`, so
    /// the remembered state still holds after `Q`.
    fn cells(&mut self, x: f32, y: f32, module: f32, gray: Gray, cells: &[[u16; 4]]) {
        if cells.is_empty() {
            return;
        }
        self.end_text();
        self.set_fill(gray);
        self.out.extend_from_slice(
            b"q
",
        );
        let (left, top) = self.flip(x, y);
        let module = fixed(module, 10_000);
        for (k, v) in [module, 0, 0, -module].into_iter().enumerate() {
            if k > 0 {
                self.out.push(b' ');
            }
            push_fixed(&mut self.out, v, 4);
        }
        self.out.push(b' ');
        push_fixed(&mut self.out, left, 2);
        self.out.push(b' ');
        push_fixed(&mut self.out, top, 2);
        self.out.extend_from_slice(b" cm\n");
        for cell in cells {
            for (k, v) in cell.iter().enumerate() {
                if k > 0 {
                    self.out.push(b' ');
                }
                push_digits(&mut self.out, u64::from(*v));
            }
            self.out.extend_from_slice(b" re\n");
        }
        self.out.extend_from_slice(b"f\nQ\n");
    }

    /// The picture scaled onto its box, turned upright as its orientation
    /// says; `q`/`Q` put the transformation (and nothing else) back, so the
    /// remembered state stays true.
    fn image(&mut self, x: f32, y: f32, w: f32, h: f32, image: &Arc<Image>) {
        let Some(i) = self
            .images
            .iter()
            .position(|known| Arc::ptr_eq(known, image) || known == image)
        else {
            return;
        };
        self.end_text();
        self.out.extend_from_slice(b"q\n");
        // The box's bottom-left corner, in PDF's coordinates (1/100 pt).
        let (x0, y0) = self.flip(x, y + h);
        let (x0, y0) = (x0 as f32 / 100.0, y0 as f32 / 100.0);
        for (k, v) in placement(image.orientation, x0, y0, w, h)
            .into_iter()
            .enumerate()
        {
            if k > 0 {
                self.out.push(b' ');
            }
            push_fixed(&mut self.out, fixed(v, 100), 2);
        }
        self.out.extend_from_slice(b" cm\n/");
        self.out.extend_from_slice(image_name(i).as_bytes());
        self.out.extend_from_slice(b" Do\nQ\n");
    }

    /// A run: the glyphs layout shaped it into (`shaped`), else each
    /// character's glyph in one string.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        gray: Gray,
        text: &str,
        shaped: Option<&[Glyph]>,
    ) {
        // A face with no map has no glyph for anything in its text.
        let Some(glyphs) = self.glyphs.get(&face) else {
            return;
        };
        if text.is_empty() {
            return;
        }
        // `BT` starts the text line at the origin.
        let (line_x, line_y) = self.begin_text();
        let size = fixed(size, 100);
        if self.font != Some((face, size)) {
            self.out.push(b'/');
            self.out.extend_from_slice(font_name(face).as_bytes());
            self.out.push(b' ');
            push_fixed(&mut self.out, size, 2);
            self.out.extend_from_slice(b" Tf\n");
            self.font = Some((face, size));
        }
        self.set_fill(gray);
        // Moves are between rounded positions, so they never drift.
        let (x, y) = self.flip(x, y);
        push_fixed(&mut self.out, x - line_x, 2);
        self.out.push(b' ');
        push_fixed(&mut self.out, y - line_y, 2);
        let one_byte = glyphs.one_byte;
        if let Some(shaped) = shaped {
            self.out.extend_from_slice(b" Td\n");
            self.line = Some((x, y));
            self.shaped(shaped, glyphs, size, one_byte);
            return;
        }
        self.out.extend_from_slice(b" Td\n(");
        self.line = Some((x, y));
        // Glyph ids as raw bytes in a literal string: half the size of hex
        // and it compresses better.
        for ch in text.chars() {
            self.push_glyph(glyphs.get(ch), one_byte);
        }
        self.out.extend_from_slice(b") Tj\n");
    }

    /// A shaped run, its glyphs placed one by one from the run's start
    /// (the current line origin) at `size` (1/100 pt), in visual order,
    /// each drawn with its id in the face's subset (`map`): each glyph's
    /// `/ToUnicode` text (`Glyph::text`) makes the run copy and search as
    /// typed.
    fn shaped(&mut self, glyphs: &[Glyph], map: &GlyphMap, size: i64, one_byte: bool) {
        let Some((start_x, start_y)) = self.line else {
            return;
        };
        let (mut line_x, mut line_y) = (start_x, start_y);
        for (i, glyph) in drawing_order(glyphs).enumerate() {
            // Offsets in ems times the size in 1/100 pt: 1/100 pt.
            let x = start_x + fixed(glyph.x * size as f32, 1);
            let y = start_y + fixed(glyph.y * size as f32, 1);
            if i > 0 {
                push_fixed(&mut self.out, x - line_x, 2);
                self.out.push(b' ');
                push_fixed(&mut self.out, y - line_y, 2);
                self.out.extend_from_slice(b" Td\n");
            }
            self.out.push(b'(');
            (line_x, line_y) = (x, y);
            self.push_glyph(map.shaped(glyph.id), one_byte);
            self.out.extend_from_slice(b") Tj\n");
        }
        self.line = Some((line_x, line_y));
    }

    /// One glyph id as raw bytes of a literal string: one byte for a face
    /// shown with `cmap::one_byte_encoding`, else two, big-endian (inlined:
    /// every character of a sheet comes through here). Only the escaped
    /// bytes need a backslash; a bare CR or LF would be read as a line end.
    #[inline(always)]
    fn push_glyph(&mut self, glyph: u16, one_byte: bool) {
        let bytes = glyph.to_be_bytes();
        let bytes = if one_byte { &bytes[1..] } else { &bytes[..] };
        for &b in bytes {
            match b {
                b'(' | b')' | b'\\' => self.out.extend_from_slice(&[b'\\', b]),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                _ => self.out.push(b),
            }
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, stroke: Option<Stroke>, fill: Option<Gray>) {
        let paint: &[u8] = match (stroke, fill) {
            (Some(_), Some(_)) => b" re\nB\n",
            (Some(_), None) => b" re\nS\n",
            (None, Some(_)) => b" re\nf\n",
            (None, None) => return,
        };
        self.end_text();
        if let Some(gray) = fill {
            self.set_fill(gray);
        }
        if let Some(stroke) = stroke {
            self.set_stroke(stroke);
            self.set_round(false);
        }
        // A PDF rect is anchored at its bottom-left corner. Both corners are
        // rounded and the size taken between them, so boxes that touch in
        // layout (a QR code's rows) touch on paper, with no hairline gap.
        let (left, bottom) = self.flip(x, y + h);
        let (right, top) = self.flip(x + w, y);
        push_fixed(&mut self.out, left, 2);
        self.out.push(b' ');
        push_fixed(&mut self.out, bottom, 2);
        self.out.push(b' ');
        push_fixed(&mut self.out, right - left, 2);
        self.out.push(b' ');
        push_fixed(&mut self.out, top - bottom, 2);
        self.out.extend_from_slice(paint);
    }

    fn path(&mut self, points: &[(f32, f32)], stroke: Stroke) {
        let Some(&(x, y)) = points.first() else {
            return;
        };
        self.end_text();
        self.set_stroke(stroke);
        self.set_round(true);
        self.point(x, y);
        self.out.extend_from_slice(b" m\n");
        // A lone point becomes a zero-length segment, which round caps draw
        // as a dot; a bare moveto would draw nothing.
        let rest = if points.len() == 1 {
            points
        } else {
            &points[1..]
        };
        for &(x, y) in rest {
            self.point(x, y);
            self.out.extend_from_slice(b" l\n");
        }
        self.out.extend_from_slice(b"S\n");
    }

    /// Layout's top-left, y-down point as PDF's bottom-left, y-up one, in
    /// 1/100 pt.
    fn flip(&self, x: f32, y: f32) -> (i64, i64) {
        (fixed(x, 100), fixed(self.page_height - y, 100))
    }

    fn point(&mut self, x: f32, y: f32) {
        let (x, y) = self.flip(x, y);
        push_fixed(&mut self.out, x, 2);
        self.out.push(b' ');
        push_fixed(&mut self.out, y, 2);
    }

    fn set_fill(&mut self, gray: Gray) {
        let gray = fixed(gray.clamp(0.0, 1.0), 1000);
        if self.fill != Some(gray) {
            push_fixed(&mut self.out, gray, 3);
            self.out.extend_from_slice(b" g\n");
            self.fill = Some(gray);
        }
    }

    fn set_stroke(&mut self, stroke: Stroke) {
        let width = fixed(stroke.width.max(0.0), 100);
        if self.line_width != Some(width) {
            push_fixed(&mut self.out, width, 2);
            self.out.extend_from_slice(b" w\n");
            self.line_width = Some(width);
        }
        let gray = fixed(stroke.gray.clamp(0.0, 1.0), 1000);
        if self.stroke != Some(gray) {
            push_fixed(&mut self.out, gray, 3);
            self.out.extend_from_slice(b" G\n");
            self.stroke = Some(gray);
        }
    }

    fn set_round(&mut self, round: bool) {
        if self.round != round {
            // 1 is round for both caps and joins; 0 is butt caps, miter joins.
            self.out
                .extend_from_slice(if round { b"1 J 1 j\n" } else { b"0 J 0 j\n" });
            self.round = round;
        }
    }

    fn end_text(&mut self) {
        if self.line.take().is_some() {
            self.out.extend_from_slice(b"ET\n");
        }
    }
}

/// A shaped run's glyphs as they are written: left to right, except that
/// the glyphs of one cluster (a letter and its marks) keep the letter
/// first. Right to left, shaping puts a letter's marks before it; readers
/// (poppler) attach a combining mark to the character shown just before
/// it, so the letter must come first. Positions are absolute: the page
/// looks the same.
pub(super) fn drawing_order(glyphs: &[Glyph]) -> impl Iterator<Item = &Glyph> {
    let rtl = glyphs.first().map(|g| g.cluster) > glyphs.last().map(|g| g.cluster);
    glyphs
        .chunk_by(|a, b| a.cluster == b.cluster)
        .flat_map(move |cluster| {
            let reversed = rtl.then(|| cluster.iter().rev());
            let forward = (!rtl).then(|| cluster.iter());
            reversed
                .into_iter()
                .flatten()
                .chain(forward.into_iter().flatten())
        })
}

/// The matrix (`a b c d e f` of `cm`) that maps a picture's unit square onto
/// the box with bottom-left corner (`x0`, `y0`), `w` x `h` points, upright.
///
/// In the unit square the stored picture's first row is at the top (v = 1)
/// and its first column at the left (u = 0). Each EXIF orientation says
/// where the stored rows and columns belong when upright; the matrix sends
/// (u, v) to (a u + c v + e, b u + d v + f). A quarter turn swaps which of u
/// and v runs across the box, which is why layout gave the box the turned
/// proportions.
pub(super) fn placement(orientation: Orientation, x0: f32, y0: f32, w: f32, h: f32) -> [f32; 6] {
    match orientation {
        Orientation::Upright => [w, 0.0, 0.0, h, x0, y0],
        Orientation::MirrorX => [-w, 0.0, 0.0, h, x0 + w, y0],
        Orientation::Turn180 => [-w, 0.0, 0.0, -h, x0 + w, y0 + h],
        Orientation::MirrorY => [w, 0.0, 0.0, -h, x0, y0 + h],
        // First stored row down the left side, first column along the top.
        Orientation::Transpose => [0.0, -h, -w, 0.0, x0 + w, y0 + h],
        // First stored row down the right side, first column along the top.
        Orientation::TurnRight => [0.0, -h, w, 0.0, x0, y0 + h],
        // First stored row down the right side, first column along the bottom.
        Orientation::Transverse => [0.0, h, w, 0.0, x0, y0],
        // First stored row down the left side, first column along the bottom.
        Orientation::TurnLeft => [0.0, h, -w, 0.0, x0 + w, y0],
    }
}

/// `v` in units of `1/per`, rounded; 0 for NaN and infinities. Bounded to
/// ±10^12 (far beyond any page) so the integer cannot overflow.
pub(super) fn fixed(v: f32, per: u32) -> i64 {
    let scaled = (f64::from(v) * f64::from(per)).round();
    if scaled.is_finite() {
        scaled.clamp(-1e12, 1e12) as i64
    } else {
        0
    }
}

/// Writes a fixed-point number with `places` decimals, trailing zeros and a
/// bare point dropped: 61200 with 2 places is `612`, 1250 is `12.5`.
pub(super) fn push_fixed(out: &mut Vec<u8>, v: i64, places: u32) {
    if v < 0 {
        out.push(b'-');
    }
    let v = v.unsigned_abs();
    let per = 10u64.pow(places);
    push_digits(out, v / per);
    let mut frac = v % per;
    if frac == 0 {
        return;
    }
    out.push(b'.');
    // Fraction digits from the tenths down, stopping after the last non-zero.
    let mut unit = per / 10;
    while frac > 0 {
        // `frac < 10 * unit`, so this is one digit.
        out.push(b'0' + (frac / unit) as u8);
        frac %= unit;
        unit /= 10;
    }
}

/// `v` in decimal, formatted on the stack: no `String` for each of a
/// sheet's thousands of numbers.
pub(super) fn push_digits(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        // `v % 10` is below 10.
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::{drawing_order, placement};
    use crate::fonts::shape::Glyph;

    /// Right to left, a letter is written before its marks
    /// (shaping gives them first); left to right nothing moves.
    #[test]
    fn a_letter_is_written_before_its_marks() {
        let glyph = |id: u16, cluster: u32| Glyph {
            id,
            x: f32::from(id),
            y: 0.0,
            cluster,
            stands_for: [cluster; 2],
        };
        let rtl = [glyph(1, 4), glyph(2, 2), glyph(3, 2), glyph(4, 0)];
        let ids: Vec<u16> = drawing_order(&rtl).map(|g| g.id).collect();
        assert_eq!(ids, [1, 3, 2, 4]);
        let ltr = [glyph(1, 0), glyph(2, 0), glyph(3, 2)];
        let ids: Vec<u16> = drawing_order(&ltr).map(|g| g.id).collect();
        assert_eq!(ids, [1, 2, 3]);
    }
    use crate::document::image::Orientation;

    /// Each EXIF orientation lands the stored picture's
    /// first pixel, and the last pixel of its first row, on the corners EXIF
    /// says, and fills exactly the box.
    #[test]
    fn placement_turns_pictures_upright() {
        let (x0, y0, w, h) = (100.0, 200.0, 40.0, 30.0);
        let (left, right, bottom, top) = (x0, x0 + w, y0, y0 + h);
        // (orientation, where stored (u=0, v=1) lands, where (u=1, v=1) lands)
        let cases = [
            (Orientation::Upright, (left, top), (right, top)),
            (Orientation::MirrorX, (right, top), (left, top)),
            (Orientation::Turn180, (right, bottom), (left, bottom)),
            (Orientation::MirrorY, (left, bottom), (right, bottom)),
            (Orientation::Transpose, (left, top), (left, bottom)),
            (Orientation::TurnRight, (right, top), (right, bottom)),
            (Orientation::Transverse, (right, bottom), (right, top)),
            (Orientation::TurnLeft, (left, bottom), (left, top)),
        ];
        for (orientation, first, last_of_row) in cases {
            let [a, b, c, d, e, f] = placement(orientation, x0, y0, w, h);
            let at = |u: f32, v: f32| (a * u + c * v + e, b * u + d * v + f);
            assert_eq!(at(0.0, 1.0), first, "{orientation:?}");
            assert_eq!(at(1.0, 1.0), last_of_row, "{orientation:?}");
            let corners = [at(0.0, 0.0), at(1.0, 0.0), at(0.0, 1.0), at(1.0, 1.0)];
            for corner in [(left, bottom), (right, bottom), (left, top), (right, top)] {
                assert!(corners.contains(&corner), "{orientation:?}: {corners:?}");
            }
        }
    }
}
