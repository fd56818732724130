//! Reads the PDFs rx writes, in Rust, so `cargo test` needs no PDF tools:
//! page count and size, the Info dictionary, fonts (embedded? subset? a
//! `/ToUnicode` map?), text in reading order, pictures, and the font sizes
//! the content streams set. lopdf parses the file; this module interprets it.
//!
//! It reads what `src/render` writes and fails loudly on anything else, so a
//! change there cannot quietly turn a check into a no-op: fonts are Type0,
//! encoded Identity-H (two-byte glyph codes) or with rx's one-byte identity
//! CMap, with a `/ToUnicode` CMap and `/W` widths, text is shown with `Tf`,
//! `Td`, `Tj` (and `Tm`, `T*`, `TJ`) under an identity transformation,
//! pictures are image XObjects drawn with `Do`.
//!
//! Opening a file also checks its structure, about what `qpdf --check`
//! does: the header and `%%EOF`, `startxref` points at the cross-reference
//! stream, every entry points at its object or into an object stream, every
//! object loads, every reference resolves, the trailer's `/Size` fits, the page tree's `/Count`
//! matches its pages, every Flate stream inflates and every page's content
//! parses. poppler and qpdf stay an independent second reader in
//! `pdf_tools.rs`.
//!
//! It is also a tagged PDF a screen reader can read (`tagged`): a
//! structure tree that reaches every marked content once, nothing drawn
//! outside marked content or artifacts, every `Figure` with `/Alt`,
//! headings in order, and the tree's text the words the pages show.
//!
//! `structure` makes those checks, `fonts` reads fonts and their
//! `/ToUnicode` maps, `content` interprets a page's content stream,
//! `tagged` reads the structure tree, `catalog` the catalogue's metadata
//! (XMP, `/Lang`, output intent); this file holds the API and puts text in
//! reading order.

use std::collections::BTreeSet;
use std::path::Path;

use lopdf::{Dictionary, Document, Object, ObjectId};

use content::read_page;
use fonts::page_fonts;
use structure::{check_ends, check_structure};
pub use tagged::Tree;

pub mod catalog;
mod content;
mod fonts;
mod structure;
mod tagged;

/// A loaded, structurally sound PDF.
pub struct Pdf {
    doc: Document,
    /// Each page's shown text, in content-stream order.
    runs: Vec<Vec<Run>>,
    /// Each page's drawn pictures, in content-stream order.
    images: Vec<Vec<Image>>,
    /// The structure tree, read and checked against the content.
    tree: Tree,
}

/// A font a page names in its resources.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Font {
    /// `/BaseFont`, with its subset tag: `ABCDEF+AtkinsonHyperlegible-Bold`.
    pub name: String,
    /// The font program is in the file (`/FontFile`, `/FontFile2` or `/FontFile3`).
    pub embedded: bool,
    /// It carries a `/ToUnicode` map.
    pub unicode: bool,
}

impl Font {
    /// The name has a subset tag: six capital letters and a `+` (ISO 32000 9.6.4).
    pub fn subset(&self) -> bool {
        let b = self.name.as_bytes();
        b.len() > 7 && b[..6].iter().all(u8::is_ascii_uppercase) && b[6] == b'+'
    }

    /// The name without its subset tag.
    pub fn family(&self) -> &str {
        if self.subset() {
            &self.name[7..]
        } else {
            &self.name
        }
    }
}

/// One string shown by `Tj` (or one `TJ` array).
#[derive(Debug, Clone)]
pub struct Run {
    /// Where it starts, in points from the page's bottom-left corner.
    pub x: f32,
    pub y: f32,
    /// Its advance width in points, from the font's `/W`.
    pub width: f32,
    /// The `Tf` size.
    pub size: f32,
    /// The font's `/BaseFont`.
    pub font: String,
    pub text: String,
    /// The glyph codes shown.
    pub codes: Vec<u16>,
    /// The marked content it is shown in.
    pub marked: Marked,
}

/// What marked content a run is shown in: the MCID of a structure
/// element's content, an artifact (page furniture), or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marked {
    None,
    Artifact,
    Mcid(i64),
}

/// A picture drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// 1-based.
    pub page: usize,
    pub width: i64,
    pub height: i64,
    /// `/ColorSpace`, e.g. `DeviceGray`.
    pub color: String,
    pub bits: i64,
    /// `/Filter`, e.g. `FlateDecode` or `DCTDecode`; `None` if stored raw.
    pub filter: Option<String>,
    /// It has a soft mask (transparency).
    pub mask: bool,
    /// `/DecodeParms /Predictor`, e.g. 15 for PNG row predictors.
    pub predictor: Option<i64>,
}

impl Pdf {
    /// Read and check the PDF at `path`; panics, naming the file and the
    /// problem, if it is not a sound PDF of the kind rx writes.
    pub fn open(path: &Path) -> Pdf {
        let bytes =
            std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Pdf::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Read and check a PDF in memory.
    pub fn parse(bytes: &[u8]) -> Result<Pdf, String> {
        check_ends(bytes)?;
        let doc = Document::load_mem(bytes).map_err(|e| format!("lopdf cannot load it: {e}"))?;
        check_structure(&doc, bytes)?;
        let mut runs = Vec::new();
        let mut images = Vec::new();
        let mut mcids = Vec::new();
        for (number, id) in doc.get_pages() {
            let page =
                read_page(&doc, id, number as usize).map_err(|e| format!("page {number}: {e}"))?;
            runs.push(page.0);
            images.push(page.1);
            mcids.push((id, page.2));
        }
        let tree = tagged::check_tagged(&doc, &mcids, &runs)?;
        Ok(Pdf {
            doc,
            runs,
            images,
            tree,
        })
    }

    pub fn pages(&self) -> usize {
        self.runs.len()
    }

    /// Width and height in points of the 1-based page `page`, from its
    /// (possibly inherited) `/MediaBox`.
    pub fn page_size(&self, page: usize) -> (f32, f32) {
        let id = self.page_id(page);
        let media = inherited(&self.doc, id, b"MediaBox")
            .and_then(|o| numbers(&self.doc, o))
            .unwrap_or_else(|e| panic!("page {page}: /MediaBox: {e}"));
        assert_eq!(media.len(), 4, "page {page}: /MediaBox {media:?}");
        (media[2] - media[0], media[3] - media[1])
    }

    /// A text entry of the document's Info dictionary, decoded
    /// (`/Title`, `/Author`, `/CreationDate`, ...).
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?;
        let (_, info) = self.doc.dereference(info).ok()?;
        let value = info.as_dict().ok()?.get(key.as_bytes()).ok()?;
        Some(
            lopdf::decode_text_string(value)
                .unwrap_or_else(|e| panic!("/Info /{key} is not a text string: {e}")),
        )
    }

    /// Every font any page names, once each, sorted by name.
    pub fn fonts(&self) -> Vec<Font> {
        let mut out = BTreeSet::new();
        for page in 1..=self.pages() {
            let fonts = page_fonts(&self.doc, self.page_id(page))
                .unwrap_or_else(|e| panic!("page {page}: {e}"));
            for (_, font) in fonts {
                out.insert(font.font);
            }
        }
        out.into_iter().collect()
    }

    /// The text of every page in reading order: lines top to bottom, runs on
    /// one baseline left to right with a space where they do not touch. A
    /// form feed ends each page, as with `pdftotext`.
    pub fn text(&self) -> String {
        (1..=self.pages())
            .map(|p| self.page_text(p) + "\n\u{c}")
            .collect()
    }

    /// The text of the 1-based page `page`, as `text` gives it.
    pub fn page_text(&self, page: usize) -> String {
        reading_order(&self.runs[page - 1])
    }

    /// The runs of text shown on the 1-based page `page`, in stream order.
    pub fn runs(&self, page: usize) -> &[Run] {
        &self.runs[page - 1]
    }

    /// The distinct `Tf` sizes of the text every page shows, ascending.
    pub fn font_sizes(&self) -> Vec<f32> {
        let mut sizes: Vec<f32> = self.runs.iter().flatten().map(|r| r.size).collect();
        sizes.sort_by(f32::total_cmp);
        sizes.dedup();
        sizes
    }

    /// Every picture drawn, page by page, in drawing order.
    pub fn images(&self) -> Vec<Image> {
        self.images.iter().flatten().cloned().collect()
    }

    /// The structure tree (`tagged`), checked when the file was opened.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// The decoded content stream of the 1-based page `page`.
    pub fn content(&self, page: usize) -> String {
        let bytes = page_content(&self.doc, self.page_id(page))
            .unwrap_or_else(|e| panic!("page {page}: {e}"));
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn page_id(&self, page: usize) -> ObjectId {
        let pages = self.doc.get_pages();
        *u32::try_from(page)
            .ok()
            .and_then(|p| pages.get(&p))
            .unwrap_or_else(|| panic!("no page {page} in a {}-page PDF", pages.len()))
    }
}

/// `text` with its whitespace runs as single spaces: sentences can be
/// searched across line breaks.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `key` of the page `id` or the nearest page tree node above it that has it.
fn inherited<'a>(doc: &'a Document, id: ObjectId, key: &[u8]) -> Result<&'a Object, String> {
    let mut node = doc.get_dictionary(id).map_err(|e| e.to_string())?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return Ok(doc.dereference(value).map_err(|e| e.to_string())?.1);
        }
        let parent = node
            .get(b"Parent")
            .and_then(Object::as_reference)
            .map_err(|_| format!("no /{}", String::from_utf8_lossy(key)))?;
        node = doc.get_dictionary(parent).map_err(|e| e.to_string())?;
    }
    Err("the page tree is too deep (a cycle?)".into())
}

fn numbers(doc: &Document, object: &Object) -> Result<Vec<f32>, String> {
    let array = doc
        .dereference(object)
        .and_then(|(_, o)| o.as_array())
        .map_err(|e| e.to_string())?;
    array
        .iter()
        .map(|o| o.as_float().map_err(|e| e.to_string()))
        .collect()
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> Result<&'a Dictionary, String> {
    doc.dereference(object)
        .and_then(|(_, o)| o.as_dict())
        .map_err(|e| e.to_string())
}

fn name(object: &Object) -> Result<String, String> {
    object
        .as_name()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .map_err(|e| e.to_string())
}

/// The page's content streams, decoded and joined.
fn page_content(doc: &Document, id: ObjectId) -> Result<Vec<u8>, String> {
    let page = doc.get_dictionary(id).map_err(|e| e.to_string())?;
    let contents = page.get(b"Contents").map_err(|_| "no /Contents")?;
    let streams = match doc.dereference(contents).map_err(|e| e.to_string())?.1 {
        Object::Array(parts) => parts.iter().collect(),
        one => vec![one],
    };
    let mut out = Vec::new();
    for part in streams {
        let stream = doc
            .dereference(part)
            .and_then(|(_, o)| o.as_stream())
            .map_err(|e| format!("/Contents: {e}"))?;
        out.extend(
            stream
                .get_plain_content()
                .map_err(|e| format!("content stream: {e}"))?,
        );
        out.push(b'\n');
    }
    Ok(out)
}

/// Runs as lines: grouped by baseline (top to bottom), left to right on a
/// line, a space between runs that do not touch; right-to-left stretches
/// then turned round into logical order (`logical`).
fn reading_order(runs: &[Run]) -> String {
    reading_order_of(&runs.iter().collect::<Vec<_>>())
}

/// `reading_order` of some of a page's runs.
fn reading_order_of(runs: &[&Run]) -> String {
    let mut sorted: Vec<&Run> = runs
        .iter()
        .copied()
        .filter(|r| !r.text.is_empty())
        .collect();
    sorted.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<&Run>> = Vec::new();
    for run in sorted {
        match lines.last_mut() {
            // Same baseline, to within a rounding of layout's positions.
            Some(line) if (line[0].y - run.y).abs() < 0.5 => line.push(run),
            _ => lines.push(vec![run]),
        }
    }
    let mut out = String::new();
    for (i, line) in lines.iter_mut().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut end: Option<f32> = None;
        let mut visual = String::new();
        for run in line.iter() {
            // A gap of more than a tenth of an em is a space.
            if end.is_some_and(|end| run.x - end > 0.1 * run.size) {
                visual.push(' ');
            }
            visual.push_str(&run.text);
            end = Some(run.x + run.width);
        }
        out.push_str(&logical(&visual));
    }
    out
}

/// A line read left to right (visual order) in logical order, as poppler
/// reads it: each stretch of right-to-left letters (Hebrew, Arabic), with
/// the spaces and punctuation between them, turned round. rx draws a
/// right-to-left run's glyphs left to right as they appear, each mapped to
/// its letters (a ligature's backwards), so this gives the text as typed.
pub fn logical(visual: &str) -> String {
    let rtl = |c: char| matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF);
    let neutral = |c: char| c == ' ' || c.is_ascii_punctuation();
    let chars: Vec<char> = visual.chars().collect();
    let mut out = String::with_capacity(visual.len());
    let mut i = 0;
    while i < chars.len() {
        if !rtl(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut last = i;
        for (j, &c) in chars.iter().enumerate().skip(i) {
            if rtl(c) {
                last = j;
            } else if !neutral(c) {
                break;
            }
        }
        out.extend(chars[i..=last].iter().rev());
        i = last + 1;
    }
    out
}
