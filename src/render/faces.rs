//! The faces a document embeds, as PDF objects: made by printpdf once per
//! thread for each face and set of glyphs, and copied into every document
//! that draws the same glyphs (nearly every sheet of a batch does).
//!
//! printpdf numbers a document's objects in order: the page tree (1), then
//! each font's objects (its program, `/ToUnicode` map, descriptor, and last
//! the font dictionary the pages name), font after font, then everything
//! else. `make` asks printpdf for a document of one face alone and keeps
//! that face's objects, numbered from `FIRST`; `insert` opens a gap of the
//! same size after the page tree of a document printpdf made without fonts
//! and puts the faces there, so every object gets the number, and every
//! byte, it had when printpdf made the fonts with the document.
//!
//! Invariants: an entry is keyed by the fonts' generation, the face, every
//! (character, glyph) pair and every shaped glyph with its text it draws,
//! the only things `embed` and printpdf read, so a remembered face is what
//! making it again would give. Streams are compressed here as `finish` would have compressed them.

use std::cell::RefCell;
use std::collections::BTreeMap;

use lopdf::{Object, ObjectId};
use printpdf::{
    Codepoint, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfWarnMsg, Pt, Rect, TextItem,
};

use super::font::{GlyphMap, embed, font_id, font_name};
use super::{cmap, pack, save_options};
use crate::fonts::{Face, Fonts};

/// The first object number after printpdf's page tree, where fonts start.
const FIRST: u32 = 2;

/// Faces remembered per thread: four faces, a few glyph sets each.
const REMEMBERED: usize = 16;

thread_local! {
    static MADE: RefCell<Made> = const { RefCell::new(Made { clock: 0, faces: Vec::new() }) };
}

/// The faces this thread made last; the least recently used goes first
/// when full.
struct Made {
    clock: u64,
    faces: Vec<(Key, Embedded, u64)>,
}

/// What a face's objects depend on: the fonts (a clinic's `Face::Clinic`
/// differ from set to set), the face, every (character, glyph) pair and
/// every shaped glyph drawn with its text.
#[derive(PartialEq, Eq)]
struct Key {
    fonts: u64,
    face: Face,
    glyphs: Vec<(char, u16)>,
    extra: Vec<(u16, String)>,
}

/// One face, ready to embed.
#[derive(Clone)]
pub(super) struct Embedded {
    pub face: Face,
    /// The characters it draws and their glyphs in the subset.
    pub map: GlyphMap,
    /// Numbered `FIRST`, `FIRST + 1`, ...; the last is the font dictionary.
    objects: Vec<Object>,
    /// What printpdf said making it, told again on every use.
    warnings: Vec<PdfWarnMsg>,
}

/// `face` embedded with the glyphs of `map` (its font's own glyph ids), and
/// printpdf's warnings added to `warnings`. `None` when the face draws no
/// glyph, or printpdf's objects are not in the order this module expects.
pub(super) fn embedded(
    face: Face,
    map: &GlyphMap,
    fonts: &Fonts,
    warnings: &mut Vec<PdfWarnMsg>,
) -> Option<Embedded> {
    let key = Key {
        fonts: fonts.generation(),
        face,
        glyphs: map.iter().collect(),
        extra: map.extra().map(|(g, t)| (g, t.to_owned())).collect(),
    };
    let found = MADE.with(|made| {
        let mut made = made.borrow_mut();
        made.clock += 1;
        let now = made.clock;
        let (_, embedded, used) = made.faces.iter_mut().find(|(k, _, _)| *k == key)?;
        *used = now;
        Some(embedded.clone())
    });
    let embedded = match found {
        Some(embedded) => embedded,
        None => {
            let embedded = make(face, map, fonts)?;
            MADE.with(|made| {
                let mut made = made.borrow_mut();
                let entry = (key, embedded.clone(), made.clock);
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
    warnings.extend(embedded.warnings.iter().cloned());
    Some(embedded)
}

/// Ask printpdf for a one-page document drawing each character of `map`
/// once in `face`, and keep the face's objects.
fn make(face: Face, map: &GlyphMap, fonts: &Fonts) -> Option<Embedded> {
    let mut map = map.clone();
    let font = embed(face, &mut map, fonts)?;
    let mut pdf = PdfDocument::new("");
    pdf.resources
        .fonts
        .map
        .insert(font_id(face), PdfFont::new(font));
    let bounds = Rect::from_wh(Pt(1.0), Pt(1.0));
    let mut ops = vec![
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(font_id(face)),
            size: Pt(1.0),
        },
        Op::ShowText {
            items: vec![TextItem::Text(map.iter().map(|(ch, _)| ch).collect())],
        },
    ];
    // Shaped glyphs no character maps to, each with its text.
    let extra: Vec<Codepoint> = map
        .extra()
        .map(|(g, text)| Codepoint::with_cid(g, 0.0, text.to_owned()))
        .collect();
    if !extra.is_empty() {
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(extra)],
        });
    }
    ops.push(Op::EndTextSection);
    pdf.pages = vec![PdfPage {
        media_box: bounds.clone(),
        trim_box: bounds.clone(),
        crop_box: bounds,
        ops,
    }];
    let mut warnings = Vec::new();
    let pdf = pdf.to_lopdf_document(&save_options(), &mut warnings);
    let fits = map.drawn().all(|g| g <= cmap::ONE_BYTE_MAX);
    map.one_byte = fits;
    let objects = face_objects(pdf, face, &map);
    // Pinned printpdf numbers them so (tested); were that to change, the
    // face's text would not be drawn, so debug builds stop here.
    debug_assert!(
        objects.is_some(),
        "printpdf numbers a face's objects from {FIRST}, its font dictionary last"
    );
    Some(Embedded {
        face,
        map,
        objects: objects?,
        warnings,
    })
}

/// The objects of a one-face document from `FIRST` to the face's font
/// dictionary, streams compressed; the `/ToUnicode` map ours
/// (`cmap::to_unicode`), for the codes `map` is shown with.
fn face_objects(mut pdf: lopdf::Document, face: Face, map: &GlyphMap) -> Option<Vec<Object>> {
    let last = font_dictionary(&pdf, face)?;
    if last.0 < FIRST || last.1 != 0 {
        return None;
    }
    let to_unicode = pdf
        .get_dictionary(last)
        .ok()?
        .get(b"ToUnicode")
        .ok()?
        .as_reference()
        .ok()?;
    if let Ok(Object::Stream(stream)) = pdf.get_object_mut(to_unicode) {
        stream.set_content(cmap::to_unicode(map));
    }
    let mut objects = Vec::new();
    for number in FIRST..=last.0 {
        let mut object = pdf.objects.remove(&(number, 0))?;
        if let Object::Stream(stream) = &mut object {
            pack(stream);
        }
        objects.push(object);
    }
    Some(objects)
}

/// The font dictionary the first page names `face` by.
fn font_dictionary(pdf: &lopdf::Document, face: Face) -> Option<ObjectId> {
    let page = *pdf.get_pages().values().next()?;
    let resources = pdf.get_dictionary(page).ok()?.get(b"Resources").ok()?;
    let resources = pdf.dereference(resources).ok()?.1.as_dict().ok()?;
    let fonts = resources.get(b"Font").ok()?;
    let fonts = pdf.dereference(fonts).ok()?.1.as_dict().ok()?;
    fonts
        .get(font_name(face).as_bytes())
        .ok()?
        .as_reference()
        .ok()
}

/// Put `faces` into `pdf`, a document printpdf made without fonts: every
/// object from `FIRST` on moves up to make room, the faces' objects fill
/// the room in order, and the pages' font dictionary names each face.
/// Gives back each face's glyph map, for drawing the pages.
pub(super) fn insert(pdf: &mut lopdf::Document, faces: Vec<Embedded>) -> BTreeMap<Face, GlyphMap> {
    let room: usize = faces.iter().map(|f| f.objects.len()).sum();
    let (Ok(room), false) = (u32::try_from(room), faces.is_empty()) else {
        return BTreeMap::new();
    };
    let moved = |id: &mut ObjectId| {
        if id.0 >= FIRST {
            id.0 += room;
        }
    };
    let objects = std::mem::take(&mut pdf.objects);
    pdf.objects = objects
        .into_iter()
        .map(|(mut id, mut object)| {
            renumber(&mut object, &moved);
            moved(&mut id);
            (id, object)
        })
        .collect();
    for (_, value) in pdf.trailer.iter_mut() {
        renumber(value, &moved);
    }
    pdf.max_id += room;

    let mut at = FIRST;
    let mut names = Vec::new();
    let mut one_byte = Vec::new();
    let mut glyphs = BTreeMap::new();
    for face in faces {
        let len = face.objects.len() as u32;
        let shift = at - FIRST;
        let into_room = |id: &mut ObjectId| {
            if (FIRST..FIRST + len).contains(&id.0) {
                id.0 += shift;
            }
        };
        for mut object in face.objects {
            renumber(&mut object, &into_room);
            pdf.objects.insert((at, 0), object);
            at += 1;
        }
        names.push((font_name(face.face), (at - 1, 0)));
        if face.map.one_byte {
            one_byte.push((at - 1, 0));
        }
        glyphs.insert(face.face, face.map);
    }
    // One encoding CMap, shared by every face shown with one-byte codes.
    if !one_byte.is_empty() {
        let encoding = pdf.add_object(cmap::one_byte_encoding());
        for font in one_byte {
            if let Ok(Object::Dictionary(font)) = pdf.get_object_mut(font) {
                font.set("Encoding", Object::Reference(encoding));
            }
        }
    }
    let Some(dict) = pages_fonts(pdf) else {
        debug_assert!(false, "printpdf gives every page a font dictionary");
        return glyphs;
    };
    if let Ok(Object::Dictionary(fonts)) = pdf.get_object_mut(dict) {
        for (name, id) in names {
            fonts.set(name.as_bytes(), Object::Reference(id));
        }
    }
    glyphs
}

/// The font dictionary (printpdf's one, shared by every page).
fn pages_fonts(pdf: &lopdf::Document) -> Option<ObjectId> {
    let page = *pdf.get_pages().values().next()?;
    let resources = pdf.get_dictionary(page).ok()?.get(b"Resources").ok()?;
    let resources = pdf.dereference(resources).ok()?.1.as_dict().ok()?;
    resources.get(b"Font").ok()?.as_reference().ok()
}

/// Apply `change` to every reference in `object`.
fn renumber(object: &mut Object, change: &impl Fn(&mut ObjectId)) {
    match object {
        Object::Reference(id) => change(id),
        Object::Array(items) => items.iter_mut().for_each(|item| renumber(item, change)),
        Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, v)| renumber(v, change)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, v)| renumber(v, change)),
        _ => {}
    }
}
