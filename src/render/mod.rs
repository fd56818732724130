//! Stage 5, render: `&Document` + `&Fonts` -> PDF bytes.
//!
//! Layout has already decided every position; this stage only draws, and
//! writes every object of the PDF itself, as lopdf objects: `build` the
//! page tree, pages, catalogue and Info; `font` cuts each face down to the
//! glyphs the document uses (with subsetter; the bundled fonts carry no
//! hinting) and reads its widths and metrics; `faces` writes each face's
//! font program, descriptor and Type 0 font dictionaries (once per thread
//! and glyph set, copied into every document that draws the same glyphs);
//! `cmap` its `/ToUnicode` map and the one-byte encoding; `content::Pen`
//! the page content streams (text, boxes, ticks, figures) with their
//! marked content, a shaped run drawn with the glyphs its item carries
//! (render never shapes text: layout did, once); `tags` the structure tree (what a screen reader reads,
//! as layout tagged it) and the link annotations; pictures go in as they
//! were decoded; `metadata` the XMP, `/Lang` and, for PDF/A, the sRGB
//! output intent (`icc`); and `write` writes the file (one object stream, a
//! cross-reference stream, the trailer `/ID` an MD5 of the file). Objects
//! are numbered in the order `build` adds them, and nothing reads a number
//! back. rx used printpdf here until it did none of this work any more:
//! docs/ARCHITECTURE.md, "The render path".
//!
//! Invariants:
//! - Pure and deterministic: the same `Document` gives byte-identical PDFs, in
//!   any order, any number of times, on any thread: fonts have fixed
//!   resource names (`font::font_name`), subset tags come from the glyph
//!   set, and the `/ID` is an MD5 of the file.
//! - Never panics on a `Document`: odd numbers (NaN, infinities) are drawn as
//!   0, greys are clamped, a character without a glyph draws `.notdef`, empty
//!   text and empty paths are skipped, pages are rendered as given.
//! - Text is extractable: every embedded face carries a `/ToUnicode` map, so
//!   copy-paste and screen readers see the words the patient sees.
//! - Coordinates: layout measures from the top-left corner, y downward; PDF
//!   from the bottom-left, y upward. `Pen::flip` is the only place that
//!   converts.

use std::collections::BTreeMap;

use chrono::Datelike as _;
use lopdf::{Dictionary, Object, ObjectId};
use md5::{Digest as _, Md5};

use crate::document::Document;
use crate::fonts::Fonts;
use std::sync::Arc;

pub use combine::{Combiner, Failure, Unreadable, combine};
use content::{draw_page, image_name};

use crate::document::Image;
use crate::document::Item;
use crate::document::image::Data;
use faces::embedded;
use font::{font_name, used_glyphs};

mod cmap;
mod combine;
mod content;
mod faces;
mod font;
mod icc;
mod metadata;
mod png;
pub mod svg;
mod tags;
#[cfg(test)]
mod tests;
mod write;
mod zlib;

/// Render a laid-out document as a PDF file.
///
/// Only the faces the document draws with are embedded, each subset to the
/// glyphs it uses. The output depends on nothing but `doc` (and the embedded
/// fonts), so rendering the same document again gives the same bytes.
///
/// Fails only when a face the document draws with cannot be embedded (a
/// clinic's CFF font whose outlines cannot be cut down): then no PDF is
/// better than one drawing the name with missing or wrong glyphs.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, Unembeddable> {
    let (pdf, written) = build(doc, fonts, true)?;
    Ok(finish(pdf, &written))
}

/// `render` without the structure tree, marked content or link
/// annotations: the sheet as it was before rx tagged its PDFs, for
/// `benches/sheet.rs` to measure what tagging costs. Not for sheets.
#[doc(hidden)]
pub fn render_untagged(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, Unembeddable> {
    let (pdf, written) = build(doc, fonts, false)?;
    Ok(finish(pdf, &written))
}

/// A face the document needs that cannot be embedded: its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unembeddable {
    pub font: String,
}

impl Unembeddable {
    /// The error for the PDF that was to be written at `path`.
    pub fn writing(self, path: &std::path::Path) -> crate::error::Error {
        crate::error::Error::Unembeddable {
            path: path.to_owned(),
            font: self.font,
        }
    }
}

/// The document as a lopdf object tree, streams still uncompressed and the
/// trailer `/ID` still to come (`finish`), and the objects written as PDF
/// syntax already (tagged, the structure tree's).
///
/// Objects are numbered in the order they are added: the page tree, each
/// face's objects, the resource dictionaries, each page with its resources
/// and content, the catalogue and the Info dictionary, the one-byte
/// encoding, then the pictures; tagged, the structure tree after the
/// pages.
fn build(
    doc: &Document,
    fonts: &Fonts,
    tagged: bool,
) -> Result<(lopdf::Document, tags::Written), Unembeddable> {
    let mut faces = Vec::new();
    for (&face, map) in &used_glyphs(doc, fonts) {
        match embedded(face, map, fonts) {
            Some(made) => faces.push(made),
            None if map.draws() => {
                return Err(Unembeddable {
                    font: fonts.name(face).into_owned(),
                });
            }
            None => {}
        }
    }

    let mut pdf = lopdf::Document::with_version("1.5");
    let pages_id = pdf.new_object_id();
    let mut font_names = Dictionary::new();
    let mut one_byte = Vec::new();
    let mut glyphs = BTreeMap::new();
    for face in &faces {
        let id = face.add(&mut pdf);
        font_names.set(font_name(face.face).as_bytes(), id);
        if face.map.one_byte {
            one_byte.push(id);
        }
        glyphs.insert(face.face, face.map.clone());
    }
    // One dictionary of each resource kind, shared by every page.
    let fonts_id = pdf.add_object(font_names);
    let xobjects_id = pdf.add_object(Dictionary::new());
    let states_id = pdf.add_object(Dictionary::new());
    let shadings_id = pdf.add_object(Dictionary::new());

    let images = used_images(doc);
    let bounds = || {
        let (w, h) = (finite(doc.width), finite(doc.height));
        Object::Array(vec![0.0.into(), 0.0.into(), w.into(), h.into()])
    };
    let page_ids: Vec<ObjectId> = doc.pages.iter().map(|_| pdf.new_object_id()).collect();
    let mut links = Vec::with_capacity(page_ids.len());
    for (page, &id) in doc.pages.iter().zip(&page_ids) {
        let mut resources = Dictionary::new();
        resources.set("Font", fonts_id);
        resources.set("XObject", xobjects_id);
        resources.set("ExtGState", states_id);
        resources.set("Shading", shadings_id);
        let resources = pdf.add_object(resources);
        let (content, areas) = draw_page(page, doc.height, &glyphs, &images, tagged);
        links.push(areas);
        let content = pdf.add_object(lopdf::Stream::new(Dictionary::new(), content));
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Page".to_vec()));
        dict.set("MediaBox", bounds());
        dict.set("TrimBox", bounds());
        dict.set("CropBox", bounds());
        dict.set("Parent", pages_id);
        dict.set("Resources", resources);
        dict.set("Contents", content);
        dict.set("Annots", Object::Array(Vec::new()));
        pdf.objects.insert(id, Object::Dictionary(dict));
    }
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Count", page_ids.len() as i64);
    let kids = page_ids.iter().map(|&id| Object::Reference(id)).collect();
    tree.set("Kids", Object::Array(kids));
    pdf.objects.insert(pages_id, Object::Dictionary(tree));

    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("PageLayout", Object::Name(b"OneColumn".to_vec()));
    catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    catalog.set("Pages", pages_id);
    let mut written = tags::Written::default();
    if tagged {
        let root;
        (root, written) = tags::add_structure(&mut pdf, doc, &page_ids, &links);
        let mut mark = Dictionary::new();
        mark.set("Marked", true);
        catalog.set("MarkInfo", mark);
        catalog.set("StructTreeRoot", root);
    }
    metadata::describe(&mut pdf, &mut catalog, doc);
    let catalog = pdf.add_object(catalog);
    let info = pdf.add_object(info(&metadata::About::of(doc)));
    pdf.trailer.set("Root", catalog);
    pdf.trailer.set("Info", info);

    // One encoding CMap, shared by every face shown with one-byte codes.
    if !one_byte.is_empty() {
        let encoding = pdf.add_object(cmap::one_byte_encoding());
        for font in one_byte {
            if let Ok(Object::Dictionary(font)) = pdf.get_object_mut(font) {
                font.set("Encoding", encoding);
            }
        }
    }
    let names = add_images(&mut pdf, &images);
    pdf.objects.insert(xobjects_id, Object::Dictionary(names));
    Ok((pdf, written))
}

/// The Info dictionary: title, author, creator, producer and the date
/// (at 00:00 UTC, never the clock) as its creation and modification dates;
/// the XMP metadata says the same (`metadata::packet`).
pub(super) fn info(about: &metadata::About) -> Dictionary {
    let mut info = Dictionary::new();
    info.set("Trapped", Object::Name(b"False".to_vec()));
    if let Some(day) = about.created {
        let date = format!(
            "D:{:04}{:02}{:02}000000+00'00'",
            day.year(),
            day.month(),
            day.day()
        );
        info.set("CreationDate", Object::string_literal(date.clone()));
        info.set("ModDate", Object::string_literal(date));
    }
    info.set("Creator", text_string(metadata::CREATOR));
    info.set("Producer", text_string(&metadata::producer()));
    for (key, text) in [("Title", about.title), ("Author", about.author)] {
        if !text.is_empty() {
            info.set(key, text_string(text));
        }
    }
    info
}

/// A PDF text string: UTF-16BE with its byte order mark, in hex.
pub(super) fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// The document's distinct pictures, in order of first appearance.
fn used_images(doc: &Document) -> Vec<Arc<Image>> {
    let mut out: Vec<Arc<Image>> = Vec::new();
    for page in &doc.pages {
        for item in page.drawn() {
            if let Item::Image { image, .. } = item
                && !out
                    .iter()
                    .any(|known| Arc::ptr_eq(known, image) || known == image)
            {
                out.push(Arc::clone(image));
            }
        }
    }
    out
}

/// Each picture as an image XObject (a JPEG as it is, pixels as the
/// catalogue compressed them, with their PNG predictors, transparency as a
/// soft mask), named in every
/// page's resources. Only the compressed bytes are copied into a sheet,
/// never decoded pixels. Gives the `/XObject` dictionary that names them.
fn add_images(pdf: &mut lopdf::Document, images: &[Arc<Image>]) -> Dictionary {
    let mut names = Dictionary::new();
    for (i, image) in images.iter().enumerate() {
        let dict = |gray: bool| {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"XObject".to_vec()));
            d.set("Subtype", Object::Name(b"Image".to_vec()));
            d.set("Width", i64::from(image.width));
            d.set("Height", i64::from(image.height));
            let space: &[u8] = if gray { b"DeviceGray" } else { b"DeviceRGB" };
            d.set("ColorSpace", Object::Name(space.to_vec()));
            d.set("BitsPerComponent", 8);
            d
        };
        let id = match &image.data {
            Data::Jpeg(bytes) => {
                let mut d = dict(image.gray);
                d.set("Filter", Object::Name(b"DCTDecode".to_vec()));
                pdf.add_object(lopdf::Stream::new(d, bytes.clone()))
            }
            Data::Deflated {
                samples,
                alpha,
                predicted,
            } => {
                // Rows that carry PNG predictors: the PDF undoes them.
                let deflated = |mut d: Dictionary| {
                    d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    if !predicted {
                        return d;
                    }
                    let gray = d.get(b"ColorSpace").and_then(Object::as_name).ok()
                        == Some(b"DeviceGray".as_slice());
                    let mut parms = Dictionary::new();
                    parms.set("Predictor", 15);
                    parms.set("Colors", if gray { 1 } else { 3 });
                    parms.set("BitsPerComponent", 8);
                    parms.set("Columns", i64::from(image.width));
                    d.set("DecodeParms", parms);
                    d
                };
                let mut d = deflated(dict(image.gray));
                if let Some(alpha) = alpha {
                    let mask =
                        pdf.add_object(lopdf::Stream::new(deflated(dict(true)), alpha.clone()));
                    d.set("SMask", mask);
                }
                pdf.add_object(lopdf::Stream::new(d, samples.clone()))
            }
        };
        names.set(image_name(i), id);
    }
    names
}

/// Compress, tidy and serialise the object tree, with a content-derived `/ID`.
fn finish(mut pdf: lopdf::Document, written: &tags::Written) -> Vec<u8> {
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object {
            pack(stream);
        }
    }

    // Write once with a zero `/ID`, hash the whole file, then write the
    // hash over the zeros: the id changes whenever any byte of the PDF would.
    let (mut bytes, ids) = write::write(&pdf, written);
    let digest = Md5::digest(&bytes);
    let hex: Vec<u8> = digest.iter().flat_map(|&b| write::hex_byte(b)).collect();
    for start in ids {
        if let Some(zeros) = bytes.get_mut(start..start + 32) {
            debug_assert!(zeros.iter().all(|&b| b == b'0'));
            zeros.copy_from_slice(&hex);
        }
    }
    bytes
}

/// Compress a stream not compressed yet, where that makes it smaller.
fn pack(stream: &mut lopdf::Stream) {
    if stream.dict.has(b"Filter") || metadata::is_metadata(stream) {
        return;
    }
    let packed = zlib::deflate(&stream.content);
    if packed.len() < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(packed);
    }
}

/// A page dimension; NaN and infinities as 0.
fn finite(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}
