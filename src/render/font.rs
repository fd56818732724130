//! Fonts for the PDF: which glyphs each face draws, and each face cut down
//! to those glyphs (with subsetter), its widths and descriptor metrics read
//! with ttf-parser, ready for `faces` to write as PDF objects. The bundled
//! fonts carry no hinting (removed once, in the repository:
//! fonts/PROVENANCE.md), so the subsets need no further work.

use std::collections::{BTreeMap, BTreeSet};

use md5::{Digest as _, Md5};

use crate::document::{Document, Item};
use crate::fonts::shape::{Glyph, is_rtl};
use crate::fonts::{Face, Fonts};

/// The glyph that draws each character one face shows: the font's own
/// glyph ids until `embed` renumbers them for the subset. 0 (`.notdef`) for
/// a character the face lacks. Every drawn character is looked up here, and
/// nearly all are Latin-1, so those take a table rather than a tree.
#[derive(Clone)]
pub(super) struct GlyphMap {
    /// Indexed by code point; `None` for a character the face never shows.
    latin1: Vec<Option<u16>>,
    other: BTreeMap<char, u16>,
    /// Every glyph the face's shaped runs draw (the glyphs their items
    /// carry), by its id in the font file: the id it is drawn with.
    shaped: BTreeMap<u16, u16>,
    /// The glyphs shaped runs draw that stand for some text (an Arabic
    /// letter's joining forms, a ligature, a placed mark), with that text
    /// (`Glyph::text`): the font's `/ToUnicode` maps them to it.
    extra: BTreeMap<u16, String>,
    /// Shown with one byte a glyph (`cmap::one_byte_encoding`), not two:
    /// set once the subset's glyph ids are known to fit.
    pub(super) one_byte: bool,
}

impl GlyphMap {
    fn new() -> GlyphMap {
        GlyphMap {
            latin1: vec![None; 256],
            other: BTreeMap::new(),
            shaped: BTreeMap::new(),
            extra: BTreeMap::new(),
            one_byte: false,
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

    /// Every glyph the map draws, `.notdef` left out (repeats possible).
    pub(super) fn drawn(&self) -> impl Iterator<Item = u16> + '_ {
        self.iter()
            .map(|(_, g)| g)
            .chain(self.shaped.values().copied())
            .filter(|&g| g != 0)
    }

    /// The glyphs shaped runs draw, by their ids in the font file.
    pub(super) fn shaped_glyphs(&self) -> impl Iterator<Item = u16> + '_ {
        self.shaped.keys().copied()
    }

    /// Whether the map draws any glyph: a face that does must be embedded.
    pub(super) fn draws(&self) -> bool {
        self.drawn().next().is_some()
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

    /// Records the glyphs layout shaped the run `text` into, and the text
    /// each stands for (the first text a glyph is seen with is kept).
    ///
    /// Glyphs are drawn in visual order, and readers (poppler's
    /// `pdftotext`, pdf.js) read a right-to-left stretch of glyphs
    /// backwards to give the text in logical order; so the letters of one
    /// glyph in a right-to-left run are stored backwards too ("لا" as
    /// "ال"), to come out as typed.
    fn insert_shaped(&mut self, text: &str, glyphs: &[Glyph]) {
        let rtl = text.chars().any(is_rtl);
        // Logical order, as shaping assigned the text (`Glyph::text`).
        let mut order: Vec<&Glyph> = glyphs.iter().collect();
        if rtl {
            order.reverse();
        }
        crate::order::by_key(&mut order, |g| g.cluster);
        for glyph in order {
            self.shaped.entry(glyph.id).or_insert(glyph.id);
            let unicode = glyph.text(text);
            if glyph.id == 0 || unicode.is_empty() || self.extra.contains_key(&glyph.id) {
                continue;
            }
            let unicode = if rtl {
                unicode.chars().rev().collect()
            } else {
                unicode.to_owned()
            };
            self.extra.insert(glyph.id, unicode);
        }
    }

    /// The id a shaped run's glyph is drawn with: its id in the subset
    /// once `embed` has renumbered the map. Every glyph of every shaped
    /// run the map was made from is in it (and in `faces`' key), so the
    /// `.notdef` fallback is never drawn.
    pub(super) fn shaped(&self, glyph: u16) -> u16 {
        self.shaped.get(&glyph).copied().unwrap_or(0)
    }

    /// The glyphs only shaped runs draw, each with its text; glyphs a
    /// character also draws keep that character's mapping.
    pub(super) fn extra(&self) -> impl Iterator<Item = (u16, &str)> + '_ {
        let plain: BTreeSet<u16> = if self.extra.is_empty() {
            BTreeSet::new()
        } else {
            self.iter().map(|(_, g)| g).collect()
        };
        self.extra
            .iter()
            .filter(move |(g, _)| !plain.contains(g))
            .map(|(&g, t)| (g, t.as_str()))
    }

    fn renumber(&mut self, new: impl Fn(u16) -> u16) {
        for g in self.latin1.iter_mut().flatten() {
            *g = new(*g);
        }
        for g in self.other.values_mut() {
            *g = new(*g);
        }
        for g in self.shaped.values_mut() {
            *g = new(*g);
        }
        self.extra = std::mem::take(&mut self.extra)
            .into_iter()
            .map(|(g, t)| (new(g), t))
            .collect();
    }
}

/// The characters each face draws and their glyphs, faces in a stable order.
pub(super) fn used_glyphs(doc: &Document, fonts: &Fonts) -> BTreeMap<Face, GlyphMap> {
    let mut used: BTreeMap<Face, GlyphMap> = BTreeMap::new();
    for page in &doc.pages {
        for item in page.drawn() {
            if let Item::Text {
                face, text, glyphs, ..
            } = item
                && !text.is_empty()
            {
                let map = used.entry(*face).or_insert_with(GlyphMap::new);
                if let Some(glyphs) = glyphs {
                    map.insert_shaped(text, glyphs);
                    continue;
                }
                for ch in text.chars() {
                    map.insert(ch, || fonts.glyph(*face, ch).unwrap_or(0));
                }
            }
        }
    }
    used
}

/// The PDF resource name of a face. Fixed per face, so identical documents
/// give identical bytes.
pub(super) fn font_name(face: Face) -> std::borrow::Cow<'static, str> {
    std::borrow::Cow::Borrowed(match face {
        Face::Regular => "F1",
        Face::Bold => "F2",
        Face::FallbackRegular => "F3",
        Face::FallbackBold => "F4",
        Face::HebrewRegular => "F5",
        Face::HebrewBold => "F6",
        Face::ArabicRegular => "F7",
        Face::ArabicBold => "F8",
        Face::Clinic(n) => return format!("F{}", u16::from(n) + 9).into(),
    })
}

/// A face cut down to the glyphs one document draws: the font program and
/// what the font's PDF dictionaries say about it (`faces`), metrics in
/// thousandths of an em.
pub(super) struct Subset {
    /// The name the PDF gives the font: `TAG+Name` for a subset.
    pub name: String,
    pub program: Program,
    /// Each drawn glyph's advance, by its id in the program.
    pub widths: BTreeMap<u16, u16>,
    pub metrics: Metrics,
}

/// An embedded font program, as ISO 32000-2 9.9 files it.
pub(super) enum Program {
    /// A TrueType font (`/FontFile2`, a `CIDFontType2`).
    TrueType(Vec<u8>),
    /// The bare `CFF ` table of an OpenType font with CFF outlines
    /// (`/FontFile3` of subtype `CIDFontType0C`, a `CIDFontType0`). The
    /// subsetter always writes it CID-keyed, each glyph's CID its id in the
    /// subset, so the codes rx shows are the CIDs.
    Cff(Vec<u8>),
}

/// What the font descriptor says of a face, in thousandths of an em.
#[derive(Clone, Copy)]
pub(super) struct Metrics {
    pub ascent: i16,
    pub descent: i16,
    /// xMin, yMin, xMax, yMax of every glyph (`head`).
    pub bbox: [i16; 4],
    /// Degrees counter-clockwise from vertical, from `hhea`'s caret slope:
    /// negative for an italic.
    pub italic_angle: i64,
}

impl Metrics {
    /// Read from the `head` and `hhea` tables of the sfnt `font`; `None`
    /// when either is missing or short.
    fn read(font: &[u8]) -> Option<Metrics> {
        let raw = ttf_parser::RawFace::parse(font, 0).ok()?;
        let head = raw.table(ttf_parser::Tag::from_bytes(b"head"))?;
        let hhea = raw.table(ttf_parser::Tag::from_bytes(b"hhea"))?;
        let word = |table: &[u8], at: usize| -> Option<i16> {
            Some(i16::from_be_bytes([*table.get(at)?, *table.get(at + 1)?]))
        };
        let upm = f32::from(u16::from_be_bytes([*head.get(18)?, *head.get(19)?]).max(1));
        let scale = |v: i16| (f32::from(v) * 1000.0 / upm).round() as i16;
        let (rise, run) = (word(hhea, 18)?, word(hhea, 20)?);
        let italic_angle = if rise == 0 {
            0
        } else {
            (-f32::from(run).atan2(f32::from(rise)).to_degrees()).round() as i64
        };
        Some(Metrics {
            ascent: scale(word(hhea, 4)?),
            descent: scale(word(hhea, 6)?),
            bbox: [
                scale(word(head, 36)?),
                scale(word(head, 38)?),
                scale(word(head, 40)?),
                scale(word(head, 42)?),
            ],
            italic_angle,
        })
    }
}

/// `face` cut down to the glyphs in `map`; `map` is renumbered to the
/// subset's glyph ids. `None` when `map` has no glyph, or the face cannot
/// be embedded.
pub(super) fn embed(face: Face, map: &mut GlyphMap, fonts: &Fonts) -> Option<Subset> {
    // Remap in glyph-id order so the subset depends on nothing but the set of
    // glyphs.
    let original: BTreeSet<u16> = map.drawn().collect();
    if original.is_empty() {
        return None;
    }
    let mut remapper = subsetter::GlyphRemapper::new();
    for &g in &original {
        remapper.remap(g);
    }

    // A shaped glyph's own advance, by its id (renumbered with the rest).
    let mut extra_widths: Vec<(u16, u16)> = map
        .shaped
        .keys()
        .map(|&g| (g, thousandths(fonts.glyph_advance(face, g))))
        .collect();
    let subset = subsetter::subset(fonts.data(face), 0, &remapper)
        .ok()
        .and_then(|bytes| without_names(&bytes))
        .and_then(|bytes| Some((Metrics::read(&bytes)?, bytes)));
    let (name, program, metrics) = match subset {
        Some((metrics, bytes)) => {
            extra_widths = extra_widths
                .into_iter()
                .map(|(g, w)| (remapper.get(g).unwrap_or(0), w))
                .collect();
            map.renumber(|g| remapper.get(g).unwrap_or(0));
            let tag = subset_tag(face, &original, fonts);
            let program = if bytes.starts_with(b"OTTO") {
                let raw = ttf_parser::RawFace::parse(&bytes, 0).ok()?;
                Program::Cff(raw.table(ttf_parser::Tag::from_bytes(b"CFF "))?.to_vec())
            } else {
                Program::TrueType(bytes)
            };
            (format!("{tag}+{}", fonts.name(face)), program, metrics)
        }
        // The embedded fonts subset cleanly (tested); should that ever break,
        // a large PDF is better than a missing face. Not so for CFF outlines:
        // the whole font's CIDs need not be its glyph ids, so the page would
        // show other glyphs than the ones meant; nor for a collection
        // (`.ttc`), which is no font program at all.
        None if !has_truetype_outlines(fonts.data(face)) => return None,
        None if fonts.data(face).starts_with(b"ttcf") => return None,
        None => {
            let data = fonts.data(face);
            let metrics = Metrics::read(data)?;
            (
                fonts.name(face).into_owned(),
                Program::TrueType(data.to_vec()),
                metrics,
            )
        }
    };

    // Widths in thousandths of an em, from the same advances layout wrapped
    // with, rounded (truncating `units * 1000 / upm` would draw a DejaVu
    // line, 2048 units per em, shorter than layout measured it).
    let mut widths: BTreeMap<u16, u16> = map
        .iter()
        .map(|(ch, g)| (g, thousandths(fonts.advance(face, ch))))
        .collect();
    for (g, w) in extra_widths {
        widths.entry(g).or_insert(w);
    }
    Some(Subset {
        name,
        program,
        widths,
        metrics,
    })
}

/// Tables an embedded CID TrueType font does not need: `name` (the PDF
/// names the font itself) and `post` (glyph names: glyphs are picked by
/// id, and text is extracted through the ToUnicode map); ISO 32000-2, 9.9
/// lists what a reader needs. Dropping them saves ~0.6 KB a face, which
/// the 25 KB sheet budget needs.
const UNREAD: [&[u8; 4]; 2] = [b"name", b"post"];

/// `font` (an sfnt) without the `UNREAD` tables: the same tables and bytes
/// otherwise, the directory rewritten. `None` if the directory is malformed.
pub(super) fn without_names(font: &[u8]) -> Option<Vec<u8>> {
    let raw = ttf_parser::RawFace::parse(font, 0).ok()?;
    let mut kept = Vec::new();
    for record in raw.table_records {
        let tag = record.tag.to_bytes();
        if UNREAD.contains(&&tag) {
            continue;
        }
        let start = usize::try_from(record.offset).ok()?;
        let len = usize::try_from(record.length).ok()?;
        kept.push((
            tag,
            record.check_sum,
            font.get(start..start.checked_add(len)?)?,
        ));
    }
    let n = u16::try_from(kept.len()).ok()?;
    // The binary-search fields of the directory header, for `n` tables.
    let power = if n == 0 {
        0
    } else {
        1u16 << (15 - n.leading_zeros())
    };
    let mut out = font.get(..4)?.to_vec();
    for v in [
        n,
        power * 16,
        power.trailing_zeros() as u16,
        n * 16 - power * 16,
    ] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * kept.len();
    let mut body = Vec::new();
    for (tag, sum, data) in &kept {
        out.extend(*tag);
        out.extend(sum.to_be_bytes());
        out.extend(u32::try_from(offset).ok()?.to_be_bytes());
        out.extend(u32::try_from(data.len()).ok()?.to_be_bytes());
        body.extend_from_slice(data);
        // Tables start on 4-byte boundaries.
        let padded = data.len().next_multiple_of(4);
        body.resize(body.len() + padded - data.len(), 0);
        offset += padded;
    }
    out.extend(body);
    Some(out)
}

fn has_truetype_outlines(font: &[u8]) -> bool {
    ttf_parser::RawFace::parse(font, 0)
        .is_ok_and(|raw| raw.table(ttf_parser::Tag::from_bytes(b"glyf")).is_some())
}

/// The six capital letters before a subset font's name (ISO 32000 9.6.4),
/// derived from the glyph set so that the same subset always has the same tag.
fn subset_tag(face: Face, glyphs: &BTreeSet<u16>, fonts: &Fonts) -> String {
    let mut hash = Md5::new();
    hash.update(fonts.name(face).as_bytes());
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
