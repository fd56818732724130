//! Stage 5, render: `&Document` + `&Fonts` -> PDF bytes.
//!
//! Layout has already decided every position; this stage only draws. It turns
//! each page's items into PDF operators through printpdf (the one place rx
//! uses it), embeds every face the document draws with as a TrueType subset of
//! just the glyphs it uses, and fills in the metadata (title, author, creation
//! and modification date = the document's date at 00:00 UTC).
//!
//! Invariants:
//! - Pure and deterministic: the same `Document` gives byte-identical PDFs, in
//!   any order, any number of times, on any thread. printpdf draws font ids and
//!   the trailer `/ID` from a process-global counter, so we name fonts
//!   ourselves and replace the `/ID` with an MD5 of the file.
//! - Never panics on a `Document`: odd numbers (NaN, infinities) are drawn as
//!   0, greys are clamped, a character without a glyph draws `.notdef`, empty
//!   text and empty paths are skipped, pages are rendered as given.
//! - Text is extractable: every embedded face carries a `/ToUnicode` map, so
//!   copy-paste and screen readers see the words the patient sees.
//! - Coordinates: layout measures from the top-left corner, y downward; PDF
//!   from the bottom-left, y upward. `flip` is the only place that converts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike as _;
use lopdf::{Object, StringFormat};
use md5::{Digest as _, Md5};
use printpdf::date::{Date, DateTime, Offset, Time};
use printpdf::{
    Color, FontId, Greyscale, Line, LineCapStyle, LineJoinStyle, LinePoint, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, PdfWarnMsg, Point,
    Pt, Rect, TextItem, TextMatrix,
};

use crate::fonts::{Face, Fonts};
use crate::layout::{Document, Gray, Item, Page, Stroke};

/// zlib level for every stream. Level 1 costs a fraction of level 9's ~3 ms
/// per sheet and the files grow by only a few percent: content streams are
/// repetitive operators and the font subsets are small.
const COMPRESSION_LEVEL: u8 = 1;

/// Render a laid-out document as a PDF file.
///
/// Only the faces the document draws with are embedded, each subset to the
/// glyphs it uses. The output depends on nothing but `doc` (and the embedded
/// fonts), so rendering the same document again gives the same bytes.
pub fn render(doc: &Document, fonts: &Fonts) -> Vec<u8> {
    let mut warnings = Vec::new();
    let pdf = build(doc, fonts, &mut warnings);
    finish(pdf)
}

/// The document as a lopdf object tree, streams still uncompressed and the
/// trailer `/ID` still printpdf's.
fn build(doc: &Document, fonts: &Fonts, warnings: &mut Vec<PdfWarnMsg>) -> lopdf::Document {
    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    info.author = doc.author.clone();
    info.creator = "rx".to_owned();
    let date = midnight_utc(doc.created);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    for (face, chars) in used_chars(doc) {
        if let Some(font) = embed(face, &chars, fonts) {
            pdf.resources
                .fonts
                .map
                .insert(font_id(face), PdfFont::new(font));
        }
    }

    pdf.pages = doc
        .pages
        .iter()
        .map(|page| draw_page(page, doc.width, doc.height))
        .collect();

    let opts = PdfSaveOptions {
        // We compress ourselves, faster; see `COMPRESSION_LEVEL`.
        optimize: false,
        // Ignored by the lean printpdf build; we subset in `embed`.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    pdf.to_lopdf_document(&opts, warnings)
}

/// Compress, tidy and serialise the object tree, with a content-derived `/ID`.
fn finish(mut pdf: lopdf::Document) -> Vec<u8> {
    tidy_info(&mut pdf);
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object
            && !stream.dict.has(b"Filter")
        {
            let packed =
                miniz_oxide::deflate::compress_to_vec_zlib(&stream.content, COMPRESSION_LEVEL);
            if packed.len() < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(packed);
            }
        }
    }

    // Save once with a zero `/ID`, hash the whole file, then write the hash
    // over the zeros: the id changes whenever any byte of the PDF would.
    let placeholder = Object::String(vec![0; 16], StringFormat::Hexadecimal);
    pdf.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .expect("writing a PDF into a Vec cannot fail: no file I/O, no encryption");
    let digest = Md5::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
    let zeros = [b'0'; 32];
    let trailer = find_last(&bytes, b"trailer").unwrap_or(0);
    let mut at = trailer;
    while let Some(found) = find_first(&bytes[at..], &zeros) {
        let start = at + found;
        bytes[start..start + 32].copy_from_slice(hex.as_bytes());
        at = start + 32;
    }
    bytes
}

/// Drop the Info entries printpdf always writes but rx has no value for, and
/// the PDF/X version key: an empty one claims a conformance we don't have.
fn tidy_info(pdf: &mut lopdf::Document) {
    let Ok(Object::Reference(id)) = pdf.trailer.get(b"Info") else {
        return;
    };
    let id = *id;
    if let Ok(Object::Dictionary(info)) = pdf.get_object_mut(id) {
        info.remove(b"GTS_PDFXVersion");
        let empty: Vec<Vec<u8>> = info
            .iter()
            .filter(|(_, v)| matches!(v, Object::String(s, _) if s.is_empty()))
            .map(|(k, _)| k.clone())
            .collect();
        for key in empty {
            info.remove(&key);
        }
    }
}

/// The characters each face draws, faces and characters in a stable order.
fn used_chars(doc: &Document) -> BTreeMap<Face, BTreeSet<char>> {
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text { face, text, .. } = item
                && !text.is_empty()
            {
                used.entry(*face).or_default().extend(text.chars());
            }
        }
    }
    used
}

/// The PDF resource name of a face. Fixed per face, never printpdf's random
/// ids, so identical documents give identical bytes.
fn font_id(face: Face) -> FontId {
    let name = match face {
        Face::Regular => "F1",
        Face::Bold => "F2",
        Face::FallbackRegular => "F3",
        Face::FallbackBold => "F4",
    };
    FontId(name.to_owned())
}

/// `face` cut down to the glyphs of `chars`, ready for printpdf.
///
/// printpdf reads glyph ids from `codepoint_to_glyph` (the subset has no cmap
/// of its own) and builds `/W` and `/ToUnicode` from the characters it sees in
/// the page text. `None` when no character of `chars` has a glyph.
fn embed(face: Face, chars: &BTreeSet<char>, fonts: &Fonts) -> Option<ParsedFont> {
    let glyphs: Vec<(char, u16)> = chars
        .iter()
        .filter_map(|&ch| fonts.glyph(face, ch).map(|g| (ch, g)))
        .collect();
    if glyphs.is_empty() {
        return None;
    }
    // Remap in glyph-id order so the subset never depends on anything but the
    // set of glyphs.
    let original: BTreeSet<u16> = glyphs.iter().map(|&(_, g)| g).collect();
    let mut remapper = subsetter::GlyphRemapper::new();
    for &g in &original {
        remapper.remap(g);
    }

    let subset = subsetter::subset(fonts.data(face), 0, &remapper)
        .ok()
        .and_then(|bytes| parse(&bytes));
    let is_subset = subset.is_some();
    let mut font = match subset {
        Some(font) => font,
        // The embedded fonts subset cleanly (tested); should that ever break,
        // a large PDF is better than a missing face.
        None => parse(fonts.data(face))?,
    };
    let new_gid = |g: u16| {
        if is_subset {
            remapper.get(g).unwrap_or(0)
        } else {
            g
        }
    };
    font.font_name = Some(if is_subset {
        format!("{}+{}", subset_tag(face, &original), face.name())
    } else {
        face.name().to_owned()
    });
    font.codepoint_to_glyph = glyphs
        .iter()
        .map(|&(ch, g)| (u32::from(ch), new_gid(g)))
        .collect();

    // Widths in thousandths of an em, from the same advances layout wrapped
    // with and rounded: printpdf would truncate `units * 1000 / upm`, and for
    // DejaVu (2048 units per em) that drifts a line short of where layout
    // measured it. So the font's metrics move to a 1000-unit em as well.
    font.glyph_widths = glyphs
        .iter()
        .map(|&(ch, g)| (new_gid(g), thousandths(fonts.advance(face, ch))))
        .collect();
    let upm = f32::from(font.units_per_em.max(1));
    let scale = |v: i16| (f32::from(v) * 1000.0 / upm).round() as i16;
    let m = &mut font.pdf_font_metrics;
    (m.x_min, m.y_min, m.x_max, m.y_max) = (
        scale(m.x_min),
        scale(m.y_min),
        scale(m.x_max),
        scale(m.y_max),
    );
    m.units_per_em = 1000;
    // The subset drops OS/2, where the weight class lives; printpdf estimates
    // /StemV from it. Our faces' weights are known.
    m.us_weight_class = match face {
        Face::Bold | Face::FallbackBold => 700,
        Face::Regular | Face::FallbackRegular => 400,
    };
    font.font_metrics.ascent = scale(font.font_metrics.ascent);
    font.font_metrics.descent = scale(font.font_metrics.descent);
    font.units_per_em = 1000;
    Some(font)
}

fn parse(bytes: &[u8]) -> Option<ParsedFont> {
    // The subset has no cmap, which printpdf warns about; we supply the
    // mapping ourselves, so its parse warnings carry nothing for us.
    ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
}

/// The six capital letters before a subset font's name (ISO 32000 9.6.4),
/// derived from the glyph set so that the same subset always has the same tag.
fn subset_tag(face: Face, glyphs: &BTreeSet<u16>) -> String {
    let mut hash = Md5::new();
    hash.update(face.name().as_bytes());
    for g in glyphs {
        hash.update(g.to_be_bytes());
    }
    hash.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

fn thousandths(ems: f32) -> u16 {
    let v = (ems * 1000.0).round();
    if v.is_finite() {
        v.clamp(0.0, f32::from(u16::MAX)) as u16
    } else {
        0
    }
}

/// printpdf's date for `day` at 00:00 UTC: a sheet's date, never the clock.
fn midnight_utc(day: chrono::NaiveDate) -> DateTime {
    DateTime {
        date: Date {
            year: day.year(),
            // chrono keeps month in 1..=12 and day in 1..=31.
            month: u8::try_from(day.month()).unwrap_or(1),
            day: u8::try_from(day.day()).unwrap_or(1),
        },
        time: Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

fn draw_page(page: &Page, width: f32, height: f32) -> PdfPage {
    let mut pen = Pen::new(height);
    for item in &page.items {
        pen.draw(item);
    }
    let ops = pen.finish();
    let bounds = Rect::from_wh(num(width), num(height));
    PdfPage {
        media_box: bounds.clone(),
        trim_box: bounds.clone(),
        crop_box: bounds,
        ops,
    }
}

/// Writes one page's operators, remembering the graphics state so each
/// setting is written only when it changes (most text runs share font, size
/// and grey; a sheet has hundreds of them).
struct Pen {
    ops: Vec<Op>,
    page_height: f32,
    in_text: bool,
    font: Option<(Face, Pt)>,
    fill: Option<f32>,
    stroke: Option<(Pt, f32)>,
    /// Round caps and joins for paths, the PDF default (butt, miter) for rects
    /// so box corners stay square.
    round: bool,
}

impl Pen {
    fn new(page_height: f32) -> Pen {
        Pen {
            ops: Vec::new(),
            page_height,
            in_text: false,
            font: None,
            fill: None,
            stroke: None,
            round: false,
        }
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
            } => self.text(*x, *y, *size, *face, *gray, text),
            Item::Rect {
                x,
                y,
                w,
                h,
                stroke,
                fill,
            } => self.rect(*x, *y, *w, *h, *stroke, *fill),
            Item::Path { points, stroke } => self.path(points, *stroke),
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, face: Face, gray: Gray, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
        let size = num(size);
        if self.font != Some((face, size)) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(face)),
                size,
            });
            self.font = Some((face, size));
        }
        self.set_fill(gray);
        let (x, y) = self.flip(x, y);
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(x, y),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, stroke: Option<Stroke>, fill: Option<Gray>) {
        let mode = match (stroke, fill) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Stroke,
            (None, Some(_)) => PaintMode::Fill,
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
        // A PDF rect is anchored at its bottom-left corner.
        let (x, bottom) = self.flip(x, y + h);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x,
                y: bottom,
                width: num(w),
                height: num(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    fn path(&mut self, points: &[(f32, f32)], stroke: Stroke) {
        let Some(&first) = points.first() else {
            return;
        };
        self.end_text();
        self.set_stroke(stroke);
        self.set_round(true);
        let mut line: Vec<LinePoint> = points
            .iter()
            .map(|&(x, y)| {
                let (x, y) = self.flip(x, y);
                LinePoint {
                    p: Point { x, y },
                    bezier: false,
                }
            })
            .collect();
        if line.len() == 1 {
            // A lone point: a zero-length segment, which round caps draw as a
            // dot. A bare moveto would draw nothing.
            let (x, y) = self.flip(first.0, first.1);
            line.push(LinePoint {
                p: Point { x, y },
                bezier: false,
            });
        }
        self.ops.push(Op::DrawLine {
            line: Line {
                points: line,
                is_closed: false,
            },
        });
    }

    /// Layout's top-left, y-down point as a PDF bottom-left, y-up point.
    fn flip(&self, x: f32, y: f32) -> (Pt, Pt) {
        (num(x), num(self.page_height - y))
    }

    fn set_fill(&mut self, gray: Gray) {
        let gray = level(gray);
        if self.fill != Some(gray) {
            self.ops.push(Op::SetFillColor {
                col: Color::Greyscale(Greyscale::new(gray, None)),
            });
            self.fill = Some(gray);
        }
    }

    fn set_stroke(&mut self, stroke: Stroke) {
        let (width, gray) = (num(stroke.width.max(0.0)), level(stroke.gray));
        let old = self.stroke;
        if old.map(|(w, _)| w) != Some(width) {
            self.ops.push(Op::SetOutlineThickness { pt: width });
        }
        if old.map(|(_, g)| g) != Some(gray) {
            self.ops.push(Op::SetOutlineColor {
                col: Color::Greyscale(Greyscale::new(gray, None)),
            });
        }
        self.stroke = Some((width, gray));
    }

    fn set_round(&mut self, round: bool) {
        if self.round != round {
            let (cap, join) = if round {
                (LineCapStyle::Round, LineJoinStyle::Round)
            } else {
                (LineCapStyle::Butt, LineJoinStyle::Miter)
            };
            self.ops.push(Op::SetLineCapStyle { cap });
            self.ops.push(Op::SetLineJoinStyle { join });
            self.round = round;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn finish(mut self) -> Vec<Op> {
        self.end_text();
        self.ops
    }
}

/// A coordinate or length for the PDF: rounded to 1/100 pt (invisible, and
/// it keeps `691.7` from being written as `691.69995`), NaN and infinities
/// as 0 so a bad number cannot corrupt the content stream.
fn num(v: f32) -> Pt {
    let v = (v * 100.0).round() / 100.0;
    Pt(if v.is_finite() { v } else { 0.0 })
}

/// A grey level in the range PDF accepts, to 1/1000.
fn level(gray: Gray) -> f32 {
    if gray.is_finite() {
        (gray.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

fn find_first(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
