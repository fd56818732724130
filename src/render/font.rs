//! Fonts for the PDF: which glyphs each face draws, and each face cut down
//! to those glyphs, without hinting, ready for printpdf to embed.

use std::collections::{BTreeMap, BTreeSet};

use md5::{Digest as _, Md5};
use printpdf::{FontId, ParsedFont};

use crate::fonts::{Face, Fonts};
use crate::layout::{Document, Item};

/// The glyph that draws each character one face shows: the font's own
/// glyph ids until `embed` renumbers them for the subset. 0 (`.notdef`) for
/// a character the face lacks. Every drawn character is looked up here, and
/// nearly all are Latin-1, so those take a table rather than a tree.
pub(super) struct GlyphMap {
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

    pub(super) fn get(&self, ch: char) -> u16 {
        match u8::try_from(ch) {
            Ok(b) => self.latin1[usize::from(b)].unwrap_or(0),
            Err(_) => self.other.get(&ch).copied().unwrap_or(0),
        }
    }

    /// The characters that have a glyph, in code point order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (char, u16)> + '_ {
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
pub(super) fn used_glyphs(doc: &Document, fonts: &Fonts) -> BTreeMap<Face, GlyphMap> {
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
pub(super) fn font_id(face: Face) -> FontId {
    FontId(font_name(face).to_owned())
}

pub(super) fn font_name(face: Face) -> &'static str {
    match face {
        Face::Regular => "F1",
        Face::Bold => "F2",
        Face::FallbackRegular => "F3",
        Face::FallbackBold => "F4",
    }
}

/// `face` cut down to the glyphs in `map`, ready for printpdf; `map` is
/// renumbered to the subset's glyph ids. `None` when `map` has no glyph.
pub(super) fn embed(face: Face, map: &mut GlyphMap, fonts: &Fonts) -> Option<ParsedFont> {
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
pub(super) fn strip_hints(sfnt: &[u8]) -> Option<Vec<u8>> {
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

pub(super) fn parse(bytes: &[u8]) -> Option<ParsedFont> {
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
