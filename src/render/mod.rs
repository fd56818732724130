//! Stage 5, render: `&Document` + `&Fonts` -> PDF bytes.
//!
//! Layout has already decided every position; this stage only draws.
//! printpdf (used nowhere else in rx) makes two things: the page tree with
//! the document info, and, in `faces`, each face's font objects (once per
//! thread and glyph set, copied into every document that draws the same
//! glyphs, with their `/W` widths). rx takes both as lopdf objects and does
//! the rest itself: `font` cuts each face down to the glyphs the document
//! uses (with subsetter; the bundled fonts carry no hinting), `cmap` writes
//! each face's `/ToUnicode` map in place of printpdf's, `content::Pen`
//! writes the page content streams (text,
//! boxes, ticks, figures), pictures are added as they were decoded, and
//! `write` writes the file (one object stream, a cross-reference stream, the
//! trailer `/ID` an MD5 of the file). `faces` still depends on the order in
//! which printpdf numbers its objects (docs/ARCHITECTURE.md, "The render
//! path and printpdf").
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

use chrono::Datelike as _;
use lopdf::{Object, ObjectId};
use md5::{Digest as _, Md5};
use printpdf::date::{Date, DateTime, Offset, Time};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, PdfWarnMsg, Pt, Rect};

use crate::document::Document;
use crate::fonts::Fonts;
use std::sync::Arc;

pub use combine::{Combiner, Failure, Unreadable, combine};
use content::{draw_page, image_name};

use crate::document::Image;
use crate::document::Item;
use crate::document::image::Data;
use faces::{Embedded, embedded};
use font::used_glyphs;

mod cmap;
mod combine;
mod content;
mod faces;
mod font;
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
    let pdf = build(doc, fonts, &mut Vec::new())?;
    Ok(finish(pdf))
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
/// trailer `/ID` still printpdf's.
fn build(
    doc: &Document,
    fonts: &Fonts,
    warnings: &mut Vec<PdfWarnMsg>,
) -> Result<lopdf::Document, Unembeddable> {
    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    info.author = doc.author.clone();
    info.creator = "rx".to_owned();
    let date = midnight_utc(doc.created);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    // The fonts come from `faces`, made by printpdf once per glyph set and
    // copied in; printpdf makes the rest of the document without them.
    let mut faces: Vec<Embedded> = Vec::new();
    for (&face, map) in &used_glyphs(doc, fonts) {
        match embedded(face, map, fonts, warnings) {
            Some(made) => faces.push(made),
            None if map.draws() => {
                return Err(Unembeddable {
                    font: fonts.name(face).into_owned(),
                });
            }
            None => {}
        }
    }

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
    let mut pdf = pdf.to_lopdf_document(&save_options(), warnings);
    let glyphs = faces::insert(&mut pdf, faces);

    let images = used_images(doc);
    add_images(&mut pdf, &images);
    let page_ids: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    for (page, id) in doc.pages.iter().zip(page_ids) {
        let contents = pdf
            .get_dictionary(id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference)
            .expect("printpdf gives every page a /Contents stream");
        let content = draw_page(page, doc.height, &glyphs, &images);
        if let Ok(Object::Stream(stream)) = pdf.get_object_mut(contents) {
            stream.set_content(content);
        }
    }
    Ok(pdf)
}

/// How printpdf saves: streams uncompressed (we compress, faster: see
/// `zlib`), fonts as `embed` subset them.
fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: false,
        // Ignored by the lean printpdf build; `embed` subsets.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    }
}

/// The document's distinct pictures, in order of first appearance.
fn used_images(doc: &Document) -> Vec<Arc<Image>> {
    let mut out: Vec<Arc<Image>> = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
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
/// never decoded pixels.
fn add_images(pdf: &mut lopdf::Document, images: &[Arc<Image>]) {
    if images.is_empty() {
        return;
    }
    let mut names = lopdf::Dictionary::new();
    for (i, image) in images.iter().enumerate() {
        let dict = |gray: bool| {
            let mut d = lopdf::Dictionary::new();
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
                let deflated = |mut d: lopdf::Dictionary| {
                    d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    if !predicted {
                        return d;
                    }
                    let gray = d.get(b"ColorSpace").and_then(Object::as_name).ok()
                        == Some(b"DeviceGray".as_slice());
                    let mut parms = lopdf::Dictionary::new();
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
    let page_ids: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    for page in page_ids {
        let resources = match pdf.get_dictionary(page).and_then(|p| p.get(b"Resources")) {
            Ok(Object::Reference(id)) => Some(*id),
            _ => None,
        };
        // printpdf gives each page its own resources, all pointing at one
        // shared, empty /XObject dictionary; fill whichever is there.
        let target =
            resources.and_then(
                |id| match pdf.get_dictionary(id).and_then(|r| r.get(b"XObject")) {
                    Ok(Object::Reference(x)) => Some(*x),
                    _ => None,
                },
            );
        match (resources, target) {
            (_, Some(shared)) => {
                if let Ok(dict) = pdf.get_dictionary_mut(shared) {
                    // `set`, not `extend`: lopdf's extend turns a key set
                    // twice (one shared dictionary, many pages) into a list.
                    for (name, id) in names.iter() {
                        dict.set(name.clone(), id.clone());
                    }
                }
            }
            (Some(res), None) => {
                if let Ok(dict) = pdf.get_dictionary_mut(res) {
                    dict.set("XObject", names.clone());
                }
            }
            (None, None) => {
                if let Ok(dict) = pdf.get_dictionary_mut(page) {
                    let mut resources = lopdf::Dictionary::new();
                    resources.set("XObject", names.clone());
                    dict.set("Resources", resources);
                }
            }
        }
    }
}

/// Compress, tidy and serialise the object tree, with a content-derived `/ID`.
fn finish(mut pdf: lopdf::Document) -> Vec<u8> {
    tidy_info(&mut pdf);
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object {
            pack(stream);
        }
    }

    // Write once with a zero `/ID`, hash the whole file, then write the
    // hash over the zeros: the id changes whenever any byte of the PDF would.
    let (mut bytes, ids) = write::write(&pdf);
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
    if stream.dict.has(b"Filter") {
        return;
    }
    let packed = zlib::deflate(&stream.content);
    if packed.len() < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(packed);
    }
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
/// A page dimension for printpdf; NaN and infinities as 0.
fn finite(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}
