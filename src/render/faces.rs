//! The faces a document embeds, as PDF objects: each face's font program,
//! `/ToUnicode` map, font descriptor and the font dictionaries the pages
//! name (a Type 0 font over one CIDFont, ISO 32000-2 9.7), made once per
//! thread for each face and set of glyphs and copied into every document
//! that draws the same glyphs (nearly every sheet of a batch does).
//!
//! Invariants: an entry is keyed by the fonts' generation, the face, every
//! (character, glyph) pair, every shaped glyph and the text it stands for,
//! the only things `embed` reads, so a remembered face is what making it
//! again would give. The objects carry no numbers until `add` puts them in
//! a document. Streams are compressed here as `finish` would have
//! compressed them.

use std::cell::RefCell;
use std::rc::Rc;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::font::{GlyphMap, Metrics, Program, embed};
use super::{cmap, pack};
use crate::fonts::{Face, Fonts};

/// Faces remembered per thread: four faces, a few glyph sets each.
const REMEMBERED: usize = 16;

thread_local! {
    static MADE: RefCell<Made> = const { RefCell::new(Made { clock: 0, faces: Vec::new() }) };
}

/// The faces this thread made last; the least recently used goes first
/// when full.
struct Made {
    clock: u64,
    faces: Vec<(Key, Rc<Embedded>, u64)>,
}

/// What a face's objects depend on: the fonts (a clinic's `Face::Clinic`
/// differ from set to set), the face, every (character, glyph) pair and
/// every shaped glyph drawn, with its text.
#[derive(PartialEq, Eq)]
struct Key {
    fonts: u64,
    face: Face,
    glyphs: Vec<(char, u16)>,
    extra: Vec<(u16, String)>,
    /// Every glyph shaped runs draw, text or none: the map's renumbering
    /// must hold each one a document draws.
    shaped: Vec<u16>,
}

/// One face, ready to embed.
pub(super) struct Embedded {
    pub face: Face,
    /// The characters it draws and their glyphs in the subset.
    pub map: GlyphMap,
    /// The name the PDF gives the font (`TAG+Name`).
    name: String,
    /// `CIDFontType2` (TrueType) or `CIDFontType0` (CFF).
    cid_font: &'static str,
    /// The descriptor's key for the program: `FontFile2` or `FontFile3`.
    file: &'static str,
    /// The font program, compressed.
    program: Stream,
    /// The `/ToUnicode` map, compressed.
    to_unicode: Stream,
    /// The CIDFont's `/W`: each glyph's advance, runs of consecutive ids
    /// as one array.
    widths: Vec<Object>,
    metrics: Metrics,
    /// The descriptor's `/StemV`.
    stem: i64,
}

/// `face` embedded with the glyphs of `map` (its font's own glyph ids).
/// `None` when the face draws no glyph or cannot be embedded.
pub(super) fn embedded(face: Face, map: &GlyphMap, fonts: &Fonts) -> Option<Rc<Embedded>> {
    let key = Key {
        fonts: fonts.generation(),
        face,
        glyphs: map.iter().collect(),
        extra: map.extra().map(|(g, t)| (g, t.to_owned())).collect(),
        shaped: map.shaped_glyphs().collect(),
    };
    let found = MADE.with(|made| {
        let mut made = made.borrow_mut();
        made.clock += 1;
        let now = made.clock;
        let (_, embedded, used) = made.faces.iter_mut().find(|(k, _, _)| *k == key)?;
        *used = now;
        Some(Rc::clone(embedded))
    });
    let embedded = match found {
        Some(embedded) => embedded,
        None => {
            let embedded = Rc::new(make(face, map, fonts)?);
            MADE.with(|made| {
                let mut made = made.borrow_mut();
                let entry = (key, Rc::clone(&embedded), made.clock);
                if made.faces.len() < REMEMBERED {
                    made.faces.push(entry);
                } else if let Some(oldest) = made.faces.iter_mut().min_by_key(|(_, _, used)| *used)
                {
                    *oldest = entry;
                }
            });
            embedded
        }
    };
    Some(embedded)
}

/// Cut `face` down to the glyphs of `map` and write its objects.
fn make(face: Face, map: &GlyphMap, fonts: &Fonts) -> Option<Embedded> {
    let mut map = map.clone();
    let subset = embed(face, &mut map, fonts)?;
    let fits = map.drawn().all(|g| g <= cmap::ONE_BYTE_MAX);
    map.one_byte = fits;
    let (cid_font, file, program) = match subset.program {
        Program::TrueType(bytes) => {
            let mut dict = Dictionary::new();
            // The program's length before compression, which TrueType
            // programs must give (ISO 32000-2, Table 125).
            dict.set("Length1", bytes.len() as i64);
            ("CIDFontType2", "FontFile2", Stream::new(dict, bytes))
        }
        Program::Cff(bytes) => {
            let mut dict = Dictionary::new();
            dict.set("Subtype", Object::Name(b"CIDFontType0C".to_vec()));
            ("CIDFontType0", "FontFile3", Stream::new(dict, bytes))
        }
    };
    let mut program = program;
    pack(&mut program);
    let mut to_unicode = Stream::new(Dictionary::new(), cmap::to_unicode(&map));
    pack(&mut to_unicode);

    let drawn: std::collections::BTreeSet<u16> = map.drawn().collect();
    let widths = widths(
        drawn
            .into_iter()
            .map(|g| (g, subset.widths.get(&g).copied().unwrap_or(0))),
    );
    // No font table gives the stem width: the usual estimate from the
    // weight class (~88 for 400, ~166 for 700), and rx knows its faces'.
    let weight: f32 = if face.is_bold() { 700.0 } else { 400.0 };
    let stem = 50 + (weight / 65.0).powi(2).round() as i64;
    Some(Embedded {
        face,
        map,
        name: subset.name,
        cid_font,
        file,
        program,
        to_unicode,
        widths,
        metrics: subset.metrics,
        stem,
    })
}

/// A CIDFont's `/W` array for `(glyph, width)` pairs in glyph order: a run
/// of consecutive glyphs as its first id and an array of their widths.
fn widths(glyphs: impl Iterator<Item = (u16, u16)>) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Option<(u16, u16, Vec<Object>)> = None;
    for (glyph, width) in glyphs {
        match &mut run {
            Some((_, last, run)) if last.checked_add(1) == Some(glyph) => {
                *last = glyph;
                run.push(Object::Integer(i64::from(width)));
            }
            _ => {
                if let Some((first, _, widths)) = run.take() {
                    out.push(Object::Integer(i64::from(first)));
                    out.push(Object::Array(widths));
                }
                run = Some((glyph, glyph, vec![Object::Integer(i64::from(width))]));
            }
        }
    }
    if let Some((first, _, widths)) = run {
        out.push(Object::Integer(i64::from(first)));
        out.push(Object::Array(widths));
    }
    out
}

impl Embedded {
    /// Adds the face's objects to `pdf` (the program, the `/ToUnicode`
    /// map, the descriptor, then the font dictionary the pages name) and
    /// gives the font dictionary's id. Its `/Encoding` is Identity-H, two
    /// bytes a glyph, until `build` names the one-byte encoding instead.
    pub(super) fn add(&self, pdf: &mut lopdf::Document) -> ObjectId {
        let program = pdf.add_object(self.program.clone());
        let to_unicode = pdf.add_object(self.to_unicode.clone());
        let name = || Object::Name(self.name.as_bytes().to_vec());
        let m = &self.metrics;
        let mut descriptor = Dictionary::new();
        descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
        descriptor.set("FontName", name());
        descriptor.set("Ascent", i64::from(m.ascent));
        descriptor.set("Descent", i64::from(m.descent));
        // No cap height is read from the font: the ascent stands in.
        descriptor.set("CapHeight", i64::from(m.ascent));
        descriptor.set("ItalicAngle", m.italic_angle);
        // Nonsymbolic (Latin characters), and italic when slanted.
        let flags = 1 << 5 | if m.italic_angle != 0 { 1 << 6 } else { 0 };
        descriptor.set("Flags", flags);
        descriptor.set("StemV", self.stem);
        descriptor.set(
            "FontBBox",
            Object::Array(m.bbox.iter().map(|&v| Object::Integer(v.into())).collect()),
        );
        descriptor.set(self.file, Object::Reference(program));
        let descriptor = pdf.add_object(descriptor);

        let mut system = Dictionary::new();
        system.set("Registry", Object::string_literal("Adobe"));
        system.set("Ordering", Object::string_literal("Identity"));
        system.set("Supplement", 0);
        let mut cid_font = Dictionary::new();
        cid_font.set("Type", Object::Name(b"Font".to_vec()));
        cid_font.set("BaseFont", name());
        cid_font.set("Subtype", Object::Name(self.cid_font.as_bytes().to_vec()));
        cid_font.set("CIDSystemInfo", system);
        cid_font.set("W", Object::Array(self.widths.clone()));
        cid_font.set("DW", 1000);
        cid_font.set("FontDescriptor", Object::Reference(descriptor));
        if self.cid_font == "CIDFontType2" {
            // CID = glyph id, the default, said outright for strict readers.
            cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
        }
        let mut font = Dictionary::new();
        font.set("Type", Object::Name(b"Font".to_vec()));
        font.set("Subtype", Object::Name(b"Type0".to_vec()));
        font.set("BaseFont", name());
        font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        font.set("ToUnicode", Object::Reference(to_unicode));
        font.set("DescendantFonts", Object::Array(vec![cid_font.into()]));
        pdf.add_object(font)
    }
}
