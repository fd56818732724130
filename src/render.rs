//! Stage 5, render: `&Document` + `&Fonts` -> PDF bytes.
//!
//! Layout has already decided every position; this stage only draws.
//! printpdf (used nowhere else in rx) builds the document: page tree,
//! metadata, and one embedded TrueType font per face the document draws
//! with, with `/W` widths and a `/ToUnicode` map. `embed` cuts each face down
//! to the glyphs the document uses and drops its hinting first. The page
//! content streams (text, boxes, ticks) rx writes itself, see `Pen`.
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
//!   from the bottom-left, y upward. `Pen::flip` is the only place that
//!   converts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike as _;
use lopdf::{Object, ObjectId, StringFormat};
use md5::{Digest as _, Md5};
use printpdf::date::{Date, DateTime, Offset, Time};
use printpdf::{
    FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions,
    PdfWarnMsg, Pt, Rect, TextItem,
};

use crate::fonts::{Face, Fonts};
use crate::layout::{Document, Gray, Item, Page, Stroke};

/// zlib level for every stream. printpdf's own, level 9, cost ~3 ms a
/// sheet. For the example plan (five pages) level 2 takes ~0.3 ms and gives
/// 22.5 KB; level 3 saves 2% for 10% more time; level 1 saves 0.2 ms but
/// gives 26.7 KB, over the 25 KB a sheet may take.
const COMPRESSION_LEVEL: u32 = 2;

/// Render a laid-out document as a PDF file.
///
/// Only the faces the document draws with are embedded, each subset to the
/// glyphs it uses. The output depends on nothing but `doc` (and the embedded
/// fonts), so rendering the same document again gives the same bytes.
pub fn render(doc: &Document, fonts: &Fonts) -> Vec<u8> {
    let pdf = build(doc, fonts, &mut Vec::new());
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

    // printpdf writes a font's /W and /ToUnicode for the glyphs its text ops
    // show. rx writes the real content streams itself (printpdf formats every
    // glyph byte through `fmt`, ~0.6 ms a sheet), so page 1 gets one text op
    // per face showing each of its characters once: enough for printpdf to
    // build the fonts, and overwritten with the real page below.
    let mut glyphs = used_glyphs(doc, fonts);
    let mut shown = vec![Op::StartTextSection];
    glyphs.retain(|&face, map| {
        let Some(font) = embed(face, map, fonts) else {
            return false;
        };
        pdf.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(font));
        shown.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(face)),
            size: Pt(1.0),
        });
        shown.push(Op::ShowText {
            items: vec![TextItem::Text(map.iter().map(|(ch, _)| ch).collect())],
        });
        true
    });
    shown.push(Op::EndTextSection);

    let bounds = Rect::from_wh(Pt(finite(doc.width)), Pt(finite(doc.height)));
    pdf.pages = doc
        .pages
        .iter()
        .map(|_| PdfPage {
            media_box: bounds.clone(),
            trim_box: bounds.clone(),
            crop_box: bounds.clone(),
            ops: Vec::new(),
        })
        .collect();
    if let Some(first) = pdf.pages.first_mut() {
        first.ops = shown;
    }

    let opts = PdfSaveOptions {
        // We compress ourselves, faster; see `COMPRESSION_LEVEL`.
        optimize: false,
        // Ignored by the lean printpdf build; `embed` subsets.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut pdf = pdf.to_lopdf_document(&opts, warnings);

    let page_ids: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    for (page, id) in doc.pages.iter().zip(page_ids) {
        let contents = pdf
            .get_dictionary(id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference)
            .expect("printpdf gives every page a /Contents stream");
        let content = draw_page(page, doc.height, &glyphs);
        if let Ok(Object::Stream(stream)) = pdf.get_object_mut(contents) {
            stream.set_content(content);
        }
    }
    pdf
}

/// Compress, tidy and serialise the object tree, with a content-derived `/ID`.
fn finish(mut pdf: lopdf::Document) -> Vec<u8> {
    tidy_info(&mut pdf);
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object
            && !stream.dict.has(b"Filter")
        {
            let packed = deflate(&stream.content);
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
    let mut hex = Vec::with_capacity(32);
    for &b in digest.iter() {
        push_hex_byte(&mut hex, b);
    }
    // The trailer comes after every object, so the first zeros after it are
    // the placeholder's.
    let mut at = find_last(&bytes, b"trailer").unwrap_or(0);
    while let Some(found) = find_first(&bytes[at..], &[b'0'; 32]) {
        let start = at + found;
        bytes[start..start + 32].copy_from_slice(&hex);
        at = start + 32;
    }
    bytes
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let level = flate2::Compression::new(COMPRESSION_LEVEL);
    let mut z = flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 2), level);
    z.write_all(data)
        .expect("compressing into a Vec cannot fail: no I/O");
    z.finish()
        .expect("compressing into a Vec cannot fail: no I/O")
}

/// Drop the Info entries printpdf always writes but rx has no value for, and
/// the PDF/X version key: even empty it hints at a conformance we don't claim.
fn tidy_info(pdf: &mut lopdf::Document) {
    let Ok(&Object::Reference(id)) = pdf.trailer.get(b"Info") else {
        return;
    };
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

/// The glyph that draws each character one face shows: the font's own
/// glyph ids until `embed` renumbers them for the subset. 0 (`.notdef`) for
/// a character the face lacks. Every drawn character is looked up here, and
/// nearly all are Latin-1, so those take a table rather than a tree.
struct GlyphMap {
    /// Indexed by code point; `None` for a character the face never shows.
    latin1: Vec<Option<u16>>,
    other: BTreeMap<char, u16>,
}

impl GlyphMap {
    fn new() -> GlyphMap {
        GlyphMap {
            latin1: vec![None; 256],
            other: BTreeMap::new(),
        }
    }

    /// Records `ch`, looking its glyph up only the first time.
    fn insert(&mut self, ch: char, glyph: impl FnOnce() -> u16) {
        match u8::try_from(ch) {
            Ok(b) => {
                let slot = &mut self.latin1[usize::from(b)];
                if slot.is_none() {
                    *slot = Some(glyph());
                }
            }
            Err(_) => {
                self.other.entry(ch).or_insert_with(glyph);
            }
        }
    }

    fn get(&self, ch: char) -> u16 {
        match u8::try_from(ch) {
            Ok(b) => self.latin1[usize::from(b)].unwrap_or(0),
            Err(_) => self.other.get(&ch).copied().unwrap_or(0),
        }
    }

    /// The characters that have a glyph, in code point order.
    fn iter(&self) -> impl Iterator<Item = (char, u16)> + '_ {
        (0u8..=255)
            .filter_map(|b| Some((char::from(b), self.latin1[usize::from(b)]?)))
            .chain(self.other.iter().map(|(&ch, &g)| (ch, g)))
            .filter(|&(_, g)| g != 0)
    }

    fn renumber(&mut self, new: impl Fn(u16) -> u16) {
        for g in self.latin1.iter_mut().flatten() {
            *g = new(*g);
        }
        for g in self.other.values_mut() {
            *g = new(*g);
        }
    }
}

/// The characters each face draws and their glyphs, faces in a stable order.
fn used_glyphs(doc: &Document, fonts: &Fonts) -> BTreeMap<Face, GlyphMap> {
    let mut used: BTreeMap<Face, GlyphMap> = BTreeMap::new();
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text { face, text, .. } = item
                && !text.is_empty()
            {
                let map = used.entry(*face).or_insert_with(GlyphMap::new);
                for ch in text.chars() {
                    map.insert(ch, || fonts.glyph(*face, ch).unwrap_or(0));
                }
            }
        }
    }
    used
}

/// The PDF resource name of a face. Fixed per face, never printpdf's random
/// ids, so identical documents give identical bytes.
fn font_id(face: Face) -> FontId {
    FontId(font_name(face).to_owned())
}

fn font_name(face: Face) -> &'static str {
    match face {
        Face::Regular => "F1",
        Face::Bold => "F2",
        Face::FallbackRegular => "F3",
        Face::FallbackBold => "F4",
    }
}

/// `face` cut down to the glyphs in `map`, ready for printpdf; `map` is
/// renumbered to the subset's glyph ids. `None` when `map` has no glyph.
fn embed(face: Face, map: &mut GlyphMap, fonts: &Fonts) -> Option<ParsedFont> {
    // Remap in glyph-id order so the subset depends on nothing but the set of
    // glyphs.
    let original: BTreeSet<u16> = map.iter().map(|(_, g)| g).collect();
    if original.is_empty() {
        return None;
    }
    let mut remapper = subsetter::GlyphRemapper::new();
    for &g in &original {
        remapper.remap(g);
    }

    let mut font = match subsetter::subset(fonts.data(face), 0, &remapper)
        .ok()
        .and_then(|bytes| parse(&strip_hints(&bytes).unwrap_or(bytes)))
    {
        Some(mut font) => {
            map.renumber(|g| remapper.get(g).unwrap_or(0));
            font.font_name = Some(format!("{}+{}", subset_tag(face, &original), face.name()));
            font
        }
        // The embedded fonts subset cleanly (tested); should that ever break,
        // a large PDF is better than a missing face.
        None => {
            let mut font = parse(fonts.data(face))?;
            font.font_name = Some(face.name().to_owned());
            font
        }
    };
    // printpdf looks glyphs up here: the subset has no cmap of its own.
    font.codepoint_to_glyph = map.iter().map(|(ch, g)| (u32::from(ch), g)).collect();

    // Widths in thousandths of an em, from the same advances layout wrapped
    // with, rounded: printpdf would truncate `units * 1000 / upm`, and for
    // DejaVu (2048 units per em) a line would draw shorter than layout
    // measured it. So the font's metrics move to a 1000-unit em as well.
    font.glyph_widths = map
        .iter()
        .map(|(ch, g)| (g, thousandths(fonts.advance(face, ch))))
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

/// The TrueType font `sfnt` without hinting: no `fpgm`, `prep` or `cvt `
/// table and no instructions in any glyph. Hints only steer rasterising at
/// small pixel sizes (print and PDF viewers mostly ignore them), yet they
/// were half of each Atkinson subset: the sheet drops from ~31 KB to ~23 KB.
/// `None` if the font is not laid out as expected; then it stays hinted.
fn strip_hints(sfnt: &[u8]) -> Option<Vec<u8>> {
    let be16 = |data: &[u8], at: usize| -> Option<u16> {
        Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
    };
    let be32 = |data: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
    };
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for i in 0..usize::from(be16(sfnt, 4)?) {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = sfnt.get(record..record + 4)?.try_into().ok()?;
        let offset = usize::try_from(be32(sfnt, record + 8)?).ok()?;
        let len = usize::try_from(be32(sfnt, record + 12)?).ok()?;
        if !matches!(&tag, b"fpgm" | b"prep" | b"cvt ") {
            tables.push((tag, sfnt.get(offset..offset.checked_add(len)?)?.to_vec()));
        }
    }
    let table = |tag: &[u8; 4]| tables.iter().position(|(t, _)| t == tag);
    let (head, loca, glyf, maxp) = (
        table(b"head")?,
        table(b"loca")?,
        table(b"glyf")?,
        table(b"maxp")?,
    );
    let glyphs = usize::from(be16(&tables[maxp].1, 4)?);
    let long = be16(&tables[head].1, 50)? == 1;
    let offset = |g: usize| -> Option<usize> {
        let loca = &tables[loca].1;
        if long {
            usize::try_from(be32(loca, 4 * g)?).ok()
        } else {
            Some(2 * usize::from(be16(loca, 2 * g)?))
        }
    };

    let old = &tables[glyf].1;
    let mut new = Vec::with_capacity(old.len());
    let mut offsets = Vec::with_capacity(glyphs + 1);
    for g in 0..glyphs {
        offsets.push(new.len());
        let glyph = old.get(offset(g)?..offset(g + 1)?)?;
        if glyph.is_empty() {
            continue;
        }
        let contours = be16(glyph, 0)?;
        if contours < 0x8000 {
            // Simple: header, contour ends, then the instructions, then the
            // points. Keep all but the instructions, their length now 0.
            let at = 10 + 2 * usize::from(contours);
            let len = usize::from(be16(glyph, at)?);
            new.extend_from_slice(&glyph[..at]);
            new.extend_from_slice(&[0, 0]);
            new.extend_from_slice(glyph.get(at + 2 + len..)?);
        } else {
            // Composite: component records, each saying whether another
            // follows; instructions, if flagged, come after the last one.
            let start = new.len();
            new.extend_from_slice(glyph.get(..10)?);
            let mut at = 10;
            loop {
                let flags = be16(glyph, at)?;
                let args = if flags & 0x0001 != 0 { 4 } else { 2 };
                let transform = match flags {
                    f if f & 0x0008 != 0 => 2,
                    f if f & 0x0040 != 0 => 4,
                    f if f & 0x0080 != 0 => 8,
                    _ => 0,
                };
                let end = at + 4 + args + transform;
                new.extend_from_slice(glyph.get(at..end)?);
                // WE_HAVE_INSTRUCTIONS off.
                let flags_out = &mut new[start + at..start + at + 2];
                flags_out.copy_from_slice(&(flags & !0x0100).to_be_bytes());
                at = end;
                if flags & 0x0020 == 0 {
                    break;
                }
            }
        }
        // Glyphs start on even offsets, as the short `loca` format requires.
        if new.len() % 2 == 1 {
            new.push(0);
        }
    }
    offsets.push(new.len());

    let short = new.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(offsets.len() * 4);
    for &o in &offsets {
        if short {
            new_loca.extend_from_slice(&u16::try_from(o / 2).ok()?.to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u32::try_from(o).ok()?.to_be_bytes());
        }
    }
    tables[glyf].1 = new;
    tables[loca].1 = new_loca;
    let head_table = &mut tables[head].1;
    head_table
        .get_mut(50..52)?
        .copy_from_slice(&[0, u8::from(!short)]);
    // checkSumAdjustment is recomputed over the whole font below.
    head_table.get_mut(8..12)?.copy_from_slice(&[0; 4]);

    Some(assemble_sfnt(sfnt.get(..4)?, &tables))
}

/// An sfnt file from its version tag and tables (sorted by tag, as the
/// subsetter left them): directory, 4-byte-aligned tables, checksums.
fn assemble_sfnt(version: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    fn checksum(data: &[u8]) -> u32 {
        data.chunks(4).fold(0u32, |sum, chunk| {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            sum.wrapping_add(u32::from_be_bytes(word))
        })
    }
    // At most a few dozen tables.
    let count = tables.len() as u16;
    let selector = 15 - count.max(1).leading_zeros() as u16;
    let range = 16 << selector;
    let mut out = Vec::new();
    out.extend_from_slice(version);
    for v in [count, range, selector, count * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        // Fonts are far below 4 GB.
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

fn parse(bytes: &[u8]) -> Option<ParsedFont> {
    // The subset has no cmap, which printpdf warns about; `embed` supplies
    // the mapping, so the parse warnings carry nothing for us.
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

/// The content stream of one page.
fn draw_page(page: &Page, page_height: f32, glyphs: &BTreeMap<Face, GlyphMap>) -> Vec<u8> {
    let mut pen = Pen {
        out: Vec::with_capacity(64 * page.items.len()),
        page_height,
        glyphs,
        line: None,
        font: None,
        fill: None,
        line_width: None,
        stroke: None,
        round: false,
    };
    for item in &page.items {
        pen.draw(item);
    }
    pen.end_text();
    pen.out
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
        // A face with no map has no glyph for anything in its text.
        let Some(glyphs) = self.glyphs.get(&face) else {
            return;
        };
        if text.is_empty() {
            return;
        }
        // `BT` starts the text line at the origin.
        let (line_x, line_y) = *self.line.get_or_insert_with(|| {
            self.out.extend_from_slice(b"BT\n");
            (0, 0)
        });
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
        self.out.extend_from_slice(b" Td\n(");
        self.line = Some((x, y));
        // Glyph ids as raw big-endian bytes in a literal string: half the
        // size of hex and it compresses better. Only these bytes need a
        // backslash; a bare CR or LF would be read as a line end.
        for ch in text.chars() {
            for b in glyphs.get(ch).to_be_bytes() {
                match b {
                    b'(' | b')' | b'\\' => self.out.extend_from_slice(&[b'\\', b]),
                    b'\r' => self.out.extend_from_slice(b"\\r"),
                    b'\n' => self.out.extend_from_slice(b"\\n"),
                    _ => self.out.push(b),
                }
            }
        }
        self.out.extend_from_slice(b") Tj\n");
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
        // A PDF rect is anchored at its bottom-left corner.
        self.point(x, y + h);
        self.out.push(b' ');
        push_fixed(&mut self.out, fixed(w, 100), 2);
        self.out.push(b' ');
        push_fixed(&mut self.out, fixed(h, 100), 2);
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

/// `v` in units of `1/per`, rounded; 0 for NaN and infinities. Bounded to
/// ±10^12 (far beyond any page) so the integer cannot overflow.
fn fixed(v: f32, per: u32) -> i64 {
    let scaled = (f64::from(v) * f64::from(per)).round();
    if scaled.is_finite() {
        scaled.clamp(-1e12, 1e12) as i64
    } else {
        0
    }
}

/// Writes a fixed-point number with `places` decimals, trailing zeros and a
/// bare point dropped: 61200 with 2 places is `612`, 1250 is `12.5`.
fn push_fixed(out: &mut Vec<u8>, v: i64, places: u32) {
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

/// A page dimension for printpdf; NaN and infinities as 0.
fn finite(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}

fn push_digits(out: &mut Vec<u8>, mut v: u64) {
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

fn push_hex_byte(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(HEX[usize::from(b >> 4)]);
    out.push(HEX[usize::from(b & 15)]);
}

fn find_first(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use lopdf::{Dictionary, Object};

    use super::{build, fixed, parse, push_fixed, render, strip_hints};
    use crate::fonts::{Face, Fonts};
    use crate::layout::{Document, Item, Page, Stroke};

    fn text(x: f32, y: f32, size: f32, face: Face, text: &str) -> Item {
        Item::Text {
            x,
            y,
            size,
            face,
            gray: 0.0,
            text: text.to_owned(),
        }
    }

    /// Two Letter pages: text in three faces (Latin with diacritics, Cyrillic
    /// from the fallback, the dose separators), a box, a filled bar, a tick.
    fn sheet() -> Document {
        let line = Stroke {
            width: 1.5,
            gray: 0.0,
        };
        let first = Page {
            items: vec![
                text(54.0, 72.0, 20.0, Face::Bold, "Home exercise program"),
                text(54.0, 100.0, 12.0, Face::Regular, "José Müller-Łukasz"),
                text(54.0, 120.0, 12.0, Face::FallbackRegular, "Жанна"),
                text(
                    54.0,
                    140.0,
                    12.0,
                    Face::Regular,
                    "1 set of 10 · hold 10 seconds · 8–12 reps",
                ),
                Item::Rect {
                    x: 54.0,
                    y: 160.0,
                    w: 504.0,
                    h: 40.0,
                    stroke: Some(line),
                    fill: Some(0.9),
                },
                text(64.0, 185.0, 12.0, Face::Bold, "Stop if it hurts"),
            ],
        };
        let second = Page {
            items: vec![
                Item::Rect {
                    x: 54.0,
                    y: 700.0,
                    w: 18.0,
                    h: 18.0,
                    stroke: Some(Stroke {
                        width: 1.0,
                        gray: 0.3,
                    }),
                    fill: None,
                },
                Item::Path {
                    points: vec![(57.0, 709.0), (62.0, 715.0), (70.0, 703.0)],
                    stroke: line,
                },
                text(80.0, 714.0, 12.0, Face::Regular, "Bridge"),
                text(450.0, 760.0, 10.0, Face::Regular, "Page 2 of 2"),
            ],
        };
        Document {
            width: 612.0,
            height: 792.0,
            title: "Home exercise program – José Müller-Łukasz".to_owned(),
            author: "Dr. Ana Ortiz".to_owned(),
            created: NaiveDate::from_ymd_opt(2025, 3, 14).expect("a valid date"),
            pages: vec![first, second],
        }
    }

    fn info(pdf: &lopdf::Document) -> &Dictionary {
        let id = pdf
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .expect("the trailer names an Info dictionary");
        pdf.get_dictionary(id).expect("Info is a dictionary")
    }

    fn text_string(dict: &Dictionary, key: &[u8]) -> String {
        let bytes = dict
            .get(key)
            .and_then(Object::as_str)
            .expect("a string entry");
        match bytes {
            [0xFE, 0xFF, rest @ ..] => {
                let units: Vec<u16> = rest
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
            _ => String::from_utf8_lossy(bytes).into_owned(),
        }
    }

    /// Every embedded font program: (BaseFont, decompressed FontFile2 length).
    fn embedded_fonts(pdf: &lopdf::Document) -> Vec<(String, usize)> {
        let mut found = Vec::new();
        for object in pdf.objects.values() {
            let Ok(descriptor) = object.as_dict() else {
                continue;
            };
            if !descriptor.has_type(b"FontDescriptor") {
                continue;
            }
            let name = descriptor
                .get(b"FontName")
                .and_then(Object::as_name)
                .expect("a font name");
            let program = descriptor
                .get(b"FontFile2")
                .and_then(Object::as_reference)
                .and_then(|id| pdf.get_object(id))
                .and_then(Object::as_stream)
                .expect("every font is embedded as TrueType (FontFile2)");
            let bytes = program
                .decompressed_content()
                .unwrap_or_else(|_| program.content.clone());
            found.push((String::from_utf8_lossy(name).into_owned(), bytes.len()));
        }
        found
    }

    #[test]
    fn sheet_has_pages_fonts_and_metadata() {
        let fonts = Fonts::load();
        let doc = sheet();
        assert_eq!(fonts.pick('·', false), Some(Face::Regular));
        assert_eq!(fonts.pick('–', false), Some(Face::Regular));
        assert_eq!(fonts.pick('Ж', false), Some(Face::FallbackRegular));

        let bytes = render(&doc, &fonts);
        let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF back");

        let pages = pdf.get_pages();
        assert_eq!(pages.len(), 2);
        for id in pages.values() {
            let page = pdf.get_dictionary(*id).expect("a page dictionary");
            let media_box: Vec<f32> = page
                .get(b"MediaBox")
                .and_then(Object::as_array)
                .expect("a MediaBox")
                .iter()
                .map(|n| n.as_float().expect("a number"))
                .collect();
            assert_eq!(media_box, [0.0, 0.0, 612.0, 792.0]);
        }

        // Three faces drawn, three embedded (not FallbackBold), each a subset
        // tagged as such and a small fraction of the font file.
        let embedded = embedded_fonts(&pdf);
        let mut names: Vec<&str> = embedded
            .iter()
            .map(|(name, _)| name.split_once('+').map_or(name.as_str(), |(_, n)| n))
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "AtkinsonHyperlegible-Bold",
                "AtkinsonHyperlegible-Regular",
                "DejaVuSans"
            ]
        );
        for (name, len) in &embedded {
            let (tag, face) = name.split_once('+').expect("a subset tag");
            assert!(tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()));
            let face = Face::ALL
                .into_iter()
                .find(|f| f.name() == face)
                .expect("a known face");
            let full = fonts.data(face).len();
            assert!(*len * 5 < full, "{name}: {len} bytes of {full}");
        }

        let info = info(&pdf);
        assert_eq!(text_string(info, b"Title"), doc.title);
        assert_eq!(text_string(info, b"Author"), doc.author);
        assert_eq!(
            text_string(info, b"CreationDate"),
            "D:20250314000000+00'00'"
        );
        assert_eq!(text_string(info, b"ModDate"), "D:20250314000000+00'00'");

        let text = pdf.extract_text(&[1, 2]).expect("lopdf extracts text");
        for needle in [
            "José Müller-Łukasz",
            "Жанна",
            "10 · hold",
            "8–12",
            "Page 2 of 2",
        ] {
            assert!(text.contains(needle), "{needle:?} not in {text:?}");
        }
    }

    /// The first page's content stream, decompressed.
    fn first_page_content(bytes: &[u8]) -> String {
        let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF back");
        let page = *pdf.get_pages().get(&1).expect("a first page");
        let content = pdf.get_page_content(page);
        // Glyph ids are raw bytes; the operators around them are ASCII.
        String::from_utf8_lossy(&content).into_owned()
    }

    #[test]
    fn shapes_and_text_land_where_layout_put_them() {
        // Letter is 792 pt tall: layout's baseline at 72 (from the top) is
        // PDF's 720 (from the bottom), and the next run, at 100, is 28 pt
        // lower. The box's top edge at 160 puts its bottom-left corner at
        // 792 - 160 - 40 = 592.
        let content = first_page_content(&render(&sheet(), &Fonts::load()));
        assert!(
            content.starts_with("BT\n/F2 20 Tf\n0 g\n54 720 Td\n("),
            "{content}"
        );
        assert!(
            content.contains(") Tj\n/F1 12 Tf\n0 -28 Td\n("),
            "{content}"
        );
        assert!(
            content.contains("ET\n0.9 g\n1.5 w\n0 G\n54 592 504 40 re\nB\n"),
            "{content}"
        );
        // A new text object starts from the origin again.
        assert!(
            content.contains("BT\n/F2 12 Tf\n0 g\n64 607 Td\n("),
            "{content}"
        );
        assert!(content.trim_end().ends_with(") Tj\nET"), "{content}");

        let mut doc = sheet();
        doc.pages.swap(0, 1);
        let content = first_page_content(&render(&doc, &Fonts::load()));
        assert!(
            content.contains("1 w\n0.3 G\n54 74 18 18 re\nS\n"),
            "{content}"
        );
        // The tick: round caps and joins, y flipped point by point.
        assert!(
            content.contains("1.5 w\n0 G\n1 J 1 j\n57 83 m\n62 77 l\n70 89 l\nS\n"),
            "{content}"
        );
    }

    #[test]
    fn numbers_are_short_and_exact() {
        let cases: [(f32, u32, u32, &str); 8] = [
            (612.0, 100, 2, "612"),
            (691.7, 100, 2, "691.7"),
            (0.05, 100, 2, "0.05"),
            (-3.5, 100, 2, "-3.5"),
            (0.001, 1000, 3, "0.001"),
            (0.004, 100, 2, "0"),
            (f32::NAN, 100, 2, "0"),
            (f32::INFINITY, 100, 2, "0"),
        ];
        for (v, per, places, want) in cases {
            let mut out = Vec::new();
            push_fixed(&mut out, fixed(v, per), places);
            assert_eq!(String::from_utf8(out).expect("ASCII"), want, "{v}");
        }
    }

    fn tables(sfnt: &[u8]) -> Vec<String> {
        let count = usize::from(u16::from_be_bytes([sfnt[4], sfnt[5]]));
        (0..count)
            .map(|i| String::from_utf8_lossy(&sfnt[12 + 16 * i..16 + 16 * i]).into_owned())
            .collect()
    }

    #[test]
    fn unhinted_subsets_keep_every_glyph_and_advance() {
        let fonts = Fonts::load();
        // Both texts include composite glyphs (built from other glyphs),
        // whose instructions follow their list of components.
        for (face, text) in [
            (Face::Regular, "José Müller-Łukasz · 8–12 (daily)"),
            (Face::FallbackRegular, "Жанна Йорданова ё"),
        ] {
            let mut remapper = subsetter::GlyphRemapper::new();
            for ch in text.chars() {
                remapper.remap(fonts.glyph(face, ch).expect("a glyph"));
            }
            let hinted = subsetter::subset(fonts.data(face), 0, &remapper).expect("a subset");
            let unhinted = strip_hints(&hinted).expect("the subset is a plain TrueType font");

            assert!(tables(&hinted).contains(&"fpgm".to_owned()));
            let names = tables(&unhinted);
            assert!(
                names
                    .iter()
                    .all(|t| !["fpgm", "prep", "cvt "].contains(&t.as_str())),
                "{names:?}"
            );
            assert!(
                unhinted.len() * 10 < hinted.len() * 8,
                "{} of {}",
                unhinted.len(),
                hinted.len()
            );
            // The whole-font checksum, which `head` adjusts to this constant.
            let sum = unhinted.chunks(4).fold(0u32, |sum, word| {
                sum.wrapping_add(u32::from_be_bytes(word.try_into().expect("4-byte aligned")))
            });
            assert_eq!(sum, 0xB1B0_AFBA);

            let before = parse(&hinted).expect("the hinted subset parses");
            let after = parse(&unhinted).expect("the unhinted subset parses");
            assert_eq!(after.glyph_widths, before.glyph_widths);
            assert_eq!(after.pdf_font_metrics, before.pdf_font_metrics);
            // Stripping twice changes nothing more.
            assert_eq!(strip_hints(&unhinted).expect("still TrueType"), unhinted);
        }
    }

    #[test]
    fn printpdf_reports_no_problems() {
        let mut warnings = Vec::new();
        build(&sheet(), &Fonts::load(), &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn same_document_same_bytes_in_sequence_and_on_threads() {
        let fonts = Fonts::load();
        let doc = sheet();
        let first = render(&doc, &fonts);
        // Something else rendered in between moves printpdf's global counter.
        let mut other = sheet();
        other.title = "Another sheet".to_owned();
        assert_ne!(render(&other, &fonts), first);
        assert_eq!(render(&doc, &fonts), first);

        let rendered: Vec<Vec<u8>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4).map(|_| s.spawn(|| render(&doc, &fonts))).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a render thread does not panic"))
                .collect()
        });
        for bytes in rendered {
            assert!(bytes == first, "a render on another thread differs");
        }
    }

    #[test]
    fn trailer_id_comes_from_the_content() {
        let fonts = Fonts::load();
        let bytes = render(&sheet(), &fonts);
        let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF back");
        let id = pdf
            .trailer
            .get(b"ID")
            .and_then(Object::as_array)
            .expect("a trailer /ID");
        assert_eq!(id.len(), 2);
        let first = id[0].as_str().expect("an id string");
        assert_eq!(first.len(), 16);
        assert!(
            first.iter().any(|&b| b != 0),
            "the placeholder was replaced"
        );
        assert_eq!(id[0], id[1]);
    }

    #[test]
    fn odd_documents_do_not_panic() {
        let fonts = Fonts::load();
        let mut doc = sheet();
        doc.pages[0].items.extend([
            text(f32::NAN, f32::INFINITY, -3.0, Face::FallbackBold, ""),
            text(10.0, 10.0, f32::NAN, Face::Regular, "漢字\u{0}"),
            Item::Path {
                points: vec![],
                stroke: Stroke {
                    width: f32::NAN,
                    gray: 7.0,
                },
            },
            Item::Path {
                points: vec![(300.0, 300.0)],
                stroke: Stroke {
                    width: 4.0,
                    gray: -1.0,
                },
            },
            Item::Rect {
                x: 1.0,
                y: 1.0,
                w: -5.0,
                h: f32::NEG_INFINITY,
                stroke: None,
                fill: None,
            },
        ]);
        let pdf = lopdf::Document::load_mem(&render(&doc, &fonts)).expect("still a PDF");
        assert_eq!(pdf.get_pages().len(), 2);

        doc.pages.clear();
        let pdf = lopdf::Document::load_mem(&render(&doc, &fonts)).expect("still a PDF");
        assert_eq!(pdf.get_pages().len(), 0);
    }

    /// A dense two-page sheet, more than six exercises fill: Regular and
    /// Bold text over most of printable ASCII, tick boxes, and with
    /// `fallback` a Cyrillic name in DejaVu.
    fn dense_sheet(fallback: bool) -> Document {
        let words = "Lie on your back with knees bent and feet flat. Tighten your \
                     stomach, squeeze your buttocks and lift your hips (about 2-3 \
                     inches); hold 10 seconds, then lower slowly! Why: strengthens \
                     glutes & core. Caution: stop if pain spreads down a leg? \
                     Note #1: 'quality' over \"quantity\" - 50% effort, [x] done.";
        let line = Stroke {
            width: 1.0,
            gray: 0.0,
        };
        let mut pages = Vec::new();
        for p in 1..=2 {
            let title = "Home exercise program - Zoë Q. Jackson";
            let mut items = vec![text(54.0, 50.0, 16.0, Face::Bold, title)];
            if fallback {
                items.push(text(
                    54.0,
                    70.0,
                    10.0,
                    Face::FallbackRegular,
                    "Жанна Иванова",
                ));
            }
            let mut y = 100.0;
            while y < 740.0 {
                let dose = "Bridge: 1 set of 10 · hold 10 s";
                items.push(text(54.0, y, 14.0, Face::Bold, dose));
                for chunk in words.as_bytes().chunks(80) {
                    y += 16.0;
                    let chunk = String::from_utf8_lossy(chunk);
                    items.push(text(54.0, y, 12.0, Face::Regular, &chunk));
                }
                for day in 0..14u8 {
                    items.push(Item::Rect {
                        x: 54.0 + 20.0 * f32::from(day),
                        y: y + 6.0,
                        w: 14.0,
                        h: 14.0,
                        stroke: Some(line),
                        fill: None,
                    });
                }
                y += 40.0;
            }
            let footer = format!("Page {p} of 2");
            items.push(text(500.0, 770.0, 10.0, Face::Regular, &footer));
            pages.push(Page { items });
        }
        Document { pages, ..sheet() }
    }

    /// Median render time and size of `dense_sheet`, with two faces and
    /// three; meaningful only in release:
    /// `cargo test --release --lib render::tests::bench -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn bench() {
        let fonts = Fonts::load();
        for fallback in [false, true] {
            let doc = dense_sheet(fallback);
            let mut times = Vec::new();
            let mut bytes = Vec::new();
            for _ in 0..500 {
                let start = std::time::Instant::now();
                bytes = render(&doc, &fonts);
                times.push(start.elapsed());
            }
            times.sort();
            println!(
                "dense sheet, fallback face {fallback}: {} chars, {} bytes, median {:?}, min {:?}",
                doc.text().chars().count(),
                bytes.len(),
                times[times.len() / 2],
                times[0]
            );
            let path = std::env::temp_dir().join(format!("render-dense-{fallback}.pdf"));
            std::fs::write(path, bytes).expect("the temp dir is writable");
        }
    }

    /// Writes the sample sheet to /tmp/render-test.pdf for a look with
    /// pdftotext, pdffonts, qpdf and pdftoppm:
    /// `cargo test --lib render::tests::write_sample -- --ignored`.
    #[test]
    #[ignore]
    fn write_sample() {
        let bytes = render(&sheet(), &Fonts::load());
        let path = std::env::temp_dir().join("render-test.pdf");
        std::fs::write(path, bytes).expect("the temp dir is writable");
    }
}
