//! Reads the PDFs rx writes, in Rust, so `cargo test` needs no PDF tools:
//! page count and size, the Info dictionary, fonts (embedded? subset? a
//! `/ToUnicode` map?), text in reading order, pictures, and the font sizes
//! the content streams set. lopdf parses the file; this module interprets it.
//!
//! It reads what `src/render` writes and fails loudly on anything else, so a
//! change there cannot quietly turn a check into a no-op: fonts are Type0 /
//! Identity-H (two-byte glyph codes) with a `/ToUnicode` CMap and `/W`
//! widths, text is shown with `Tf`, `Td`, `Tj` (and `Tm`, `T*`, `TJ`) under
//! an identity transformation, pictures are image XObjects drawn with `Do`.
//!
//! Opening a file also checks its structure, about what `qpdf --check`
//! does: the header and `%%EOF`, `startxref` points at the table, every
//! cross-reference entry points at its object, every object loads, every
//! reference resolves, the trailer's `/Size` fits, the page tree's `/Count`
//! matches its pages, every Flate stream inflates and every page's content
//! parses. poppler and qpdf stay an independent second reader in
//! `pdf_tools.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use lopdf::content::Content;
use lopdf::xref::XrefEntry;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// A loaded, structurally sound PDF.
pub struct Pdf {
    doc: Document,
    /// Each page's shown text, in content-stream order.
    runs: Vec<Vec<Run>>,
    /// Each page's drawn pictures, in content-stream order.
    images: Vec<Vec<Image>>,
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
        for (number, id) in doc.get_pages() {
            let page =
                read_page(&doc, id, number as usize).map_err(|e| format!("page {number}: {e}"))?;
            runs.push(page.0);
            images.push(page.1);
        }
        Ok(Pdf { doc, runs, images })
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

/// A PDF header at the start and `%%EOF` at the end.
fn check_ends(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"%PDF-1.") && !bytes.starts_with(b"%PDF-2.") {
        return Err("no %PDF- header".into());
    }
    if !bytes.trim_ascii_end().ends_with(b"%%EOF") {
        return Err("no %%EOF at the end: the file is cut short".into());
    }
    Ok(())
}

/// The structural checks `Pdf::parse` makes once lopdf has loaded the
/// file; see the module doc.
fn check_structure(doc: &Document, bytes: &[u8]) -> Result<(), String> {
    // startxref points at the cross-reference table.
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    let at = find(tail, b"startxref")
        .map(|i| &tail[i + 9..])
        .and_then(|rest| {
            let digits: Vec<u8> = rest
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .take_while(|b| b.is_ascii_digit())
                .copied()
                .collect();
            String::from_utf8(digits).ok()?.parse::<usize>().ok()
        })
        .ok_or("no startxref offset")?;
    if !bytes.get(at..).is_some_and(|b| b.starts_with(b"xref")) {
        return Err(format!("startxref {at} does not point at `xref`"));
    }
    // Every in-use entry points at "N G obj", and lopdf loaded that object.
    let mut in_use = 0;
    for (&id, entry) in &doc.reference_table.entries {
        match *entry {
            XrefEntry::Normal { offset, generation } => {
                in_use += 1;
                let header = format!("{id} {generation} obj");
                let found = bytes
                    .get(offset as usize..)
                    .is_some_and(|b| b.starts_with(header.as_bytes()));
                if !found {
                    return Err(format!("xref: object {id} is not at offset {offset}"));
                }
                if !doc.objects.contains_key(&(id, generation)) {
                    return Err(format!("object {id} {generation} did not load"));
                }
            }
            XrefEntry::Compressed { .. } => {
                return Err(format!(
                    "object {id} is in an object stream; rx writes none"
                ));
            }
            XrefEntry::Free | XrefEntry::UnusableFree => {}
        }
    }
    if in_use != doc.objects.len() {
        return Err(format!(
            "{} objects but {in_use} in-use xref entries",
            doc.objects.len()
        ));
    }
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .map_err(|e| format!("trailer /Size: {e}"))?;
    let highest = doc.objects.keys().map(|&(id, _)| id).max().unwrap_or(0);
    if size != i64::from(highest) + 1 {
        return Err(format!("trailer /Size {size}, highest object {highest}"));
    }
    // Every reference resolves; every Flate stream inflates (a JPEG's
    // DCTDecode is left to the viewer).
    let mut dangling = Vec::new();
    for object in doc
        .objects
        .values()
        .chain([&Object::Dictionary(doc.trailer.clone())])
    {
        references(object, &mut |id| {
            if !doc.objects.contains_key(&id) {
                dangling.push(id);
            }
        });
        if let Object::Stream(stream) = object {
            let filters = stream.filters().unwrap_or_default();
            if filters.iter().all(|f| *f == b"FlateDecode") {
                stream
                    .get_plain_content()
                    .map_err(|e| format!("a stream does not decode: {e}"))?;
            }
        }
    }
    if let Some(id) = dangling.first() {
        return Err(format!("reference to missing object {} {}", id.0, id.1));
    }
    // The page tree: a catalogue, its pages, their count.
    let root = doc
        .catalog()
        .map_err(|e| format!("no document catalogue: {e}"))?;
    let pages = root
        .get(b"Pages")
        .and_then(Object::as_reference)
        .map_err(|e| format!("catalogue /Pages: {e}"))?;
    let leaves = count_pages(doc, pages, 0)?;
    let count = doc
        .get_dictionary(pages)
        .and_then(|d| d.get(b"Count"))
        .and_then(Object::as_i64)
        .map_err(|e| format!("page tree /Count: {e}"))?;
    if count != leaves as i64 || doc.get_pages().len() != leaves {
        return Err(format!("page tree /Count {count}, but {leaves} pages"));
    }
    if leaves == 0 {
        return Err("no pages".into());
    }
    Ok(())
}

/// The `/Page` leaves under the page tree node `id`.
fn count_pages(doc: &Document, id: ObjectId, depth: usize) -> Result<usize, String> {
    if depth > 32 {
        return Err("the page tree is too deep (a cycle?)".into());
    }
    let node = doc
        .get_dictionary(id)
        .map_err(|e| format!("page tree node {} {}: {e}", id.0, id.1))?;
    if node.has_type(b"Page") {
        return Ok(1);
    }
    if !node.has_type(b"Pages") {
        return Err(format!(
            "object {} {} in the page tree is no page",
            id.0, id.1
        ));
    }
    let kids = node
        .get(b"Kids")
        .and_then(Object::as_array)
        .map_err(|e| format!("/Kids: {e}"))?;
    let mut total = 0;
    for kid in kids {
        let kid = kid.as_reference().map_err(|e| format!("/Kids: {e}"))?;
        total += count_pages(doc, kid, depth + 1)?;
    }
    Ok(total)
}

fn references(object: &Object, found: &mut impl FnMut(ObjectId)) {
    match object {
        Object::Reference(id) => found(*id),
        Object::Array(items) => items.iter().for_each(|o| references(o, found)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| references(o, found)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| references(o, found)),
        _ => {}
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
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

/// A font as a page's text needs it.
struct PageFont {
    font: Font,
    /// Code (two bytes, big-endian) to its Unicode text.
    unicode: BTreeMap<u32, String>,
    /// Code to advance width in thousandths of an em; `default` otherwise.
    widths: BTreeMap<u32, f32>,
    default: f32,
}

/// The page's `/Font` resources by resource name.
fn page_fonts(doc: &Document, page: ObjectId) -> Result<BTreeMap<Vec<u8>, PageFont>, String> {
    let resources = dict(doc, inherited(doc, page, b"Resources")?)?;
    let Ok(fonts) = resources.get(b"Font") else {
        return Ok(BTreeMap::new());
    };
    let mut out = BTreeMap::new();
    for (key, font) in dict(doc, fonts)?.iter() {
        let label = String::from_utf8_lossy(key);
        let font = read_font(doc, dict(doc, font)?).map_err(|e| format!("font /{label}: {e}"))?;
        out.insert(key.clone(), font);
    }
    Ok(out)
}

fn read_font(doc: &Document, font: &Dictionary) -> Result<PageFont, String> {
    let get = |key: &[u8]| {
        font.get(key)
            .map_err(|_| format!("no /{}", String::from_utf8_lossy(key)))
    };
    let base = name(get(b"BaseFont")?)?;
    let subtype = name(get(b"Subtype")?)?;
    let encoding = name(get(b"Encoding")?)?;
    if subtype != "Type0" || encoding != "Identity-H" {
        return Err(format!(
            "{base} is {subtype} with {encoding}; only Type0 / Identity-H is read"
        ));
    }
    let descendants = doc
        .dereference(get(b"DescendantFonts")?)
        .and_then(|(_, o)| o.as_array())
        .map_err(|e| format!("/DescendantFonts: {e}"))?;
    let [cid] = descendants.as_slice() else {
        return Err("/DescendantFonts must hold one font".into());
    };
    let cid = dict(doc, cid)?;
    let descriptor = dict(
        doc,
        cid.get(b"FontDescriptor")
            .map_err(|_| "no /FontDescriptor")?,
    )?;
    let embedded = [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
        .iter()
        .any(|k| {
            descriptor
                .get_deref(k, doc)
                .is_ok_and(|o| o.as_stream().is_ok())
        });
    let (unicode, has_map) = match font.get(b"ToUnicode") {
        Ok(map) => {
            let stream = doc
                .dereference(map)
                .and_then(|(_, o)| o.as_stream())
                .map_err(|e| format!("/ToUnicode: {e}"))?;
            let cmap = stream
                .get_plain_content()
                .map_err(|e| format!("/ToUnicode: {e}"))?;
            (
                to_unicode(&cmap).map_err(|e| format!("/ToUnicode: {e}"))?,
                true,
            )
        }
        Err(_) => (BTreeMap::new(), false),
    };
    let default = match cid.get(b"DW") {
        Ok(dw) => dw.as_float().map_err(|e| format!("/DW: {e}"))?,
        Err(_) => 1000.0,
    };
    let widths = match cid.get(b"W") {
        Ok(w) => cid_widths(doc, w).map_err(|e| format!("/W: {e}"))?,
        Err(_) => BTreeMap::new(),
    };
    Ok(PageFont {
        font: Font {
            name: base,
            embedded,
            unicode: has_map,
        },
        unicode,
        widths,
        default,
    })
}

/// A CIDFont's `/W` array: `c [w1 w2 ...]` and `c_first c_last w` entries.
fn cid_widths(doc: &Document, w: &Object) -> Result<BTreeMap<u32, f32>, String> {
    let items = doc
        .dereference(w)
        .and_then(|(_, o)| o.as_array())
        .map_err(|e| e.to_string())?;
    let int = |o: &Object| -> Result<u32, String> {
        let v = o.as_i64().map_err(|e| e.to_string())?;
        u32::try_from(v).map_err(|_| format!("code {v}"))
    };
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < items.len() {
        let first = int(&items[i])?;
        match items.get(i + 1) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    let width = width.as_float().map_err(|e| e.to_string())?;
                    out.insert(first + k as u32, width);
                }
                i += 2;
            }
            Some(last) => {
                let last = int(last)?;
                let width = items
                    .get(i + 2)
                    .ok_or("a range without a width")?
                    .as_float()
                    .map_err(|e| e.to_string())?;
                for code in first..=last {
                    out.insert(code, width);
                }
                i += 3;
            }
            None => return Err("a code without widths".into()),
        }
    }
    Ok(out)
}

/// A `/ToUnicode` CMap's two-byte codes and their text (`bfchar` and
/// `bfrange` sections).
fn to_unicode(cmap: &[u8]) -> Result<BTreeMap<u32, String>, String> {
    let tokens = cmap_tokens(cmap)?;
    let code = |t: &Token| match t {
        Token::Hex(b) if b.len() == 2 => Ok(u32::from(u16::from_be_bytes([b[0], b[1]]))),
        other => Err(format!("expected a two-byte code, found {other:?}")),
    };
    let text = |t: &Token| match t {
        Token::Hex(b) if b.len() % 2 == 0 => {
            let units: Vec<u16> = b
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).map_err(|e| format!("{b:02X?}: {e}"))
        }
        other => Err(format!("expected UTF-16 text, found {other:?}")),
    };
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Word(w) if w == "beginbfchar" => {
                i += 1;
                while tokens.get(i) != Some(&Token::Word("endbfchar".into())) {
                    let (src, dst) = (tokens.get(i), tokens.get(i + 1));
                    let (Some(src), Some(dst)) = (src, dst) else {
                        return Err("unfinished bfchar".into());
                    };
                    out.insert(code(src)?, text(dst)?);
                    i += 2;
                }
            }
            Token::Word(w) if w == "beginbfrange" => {
                i += 1;
                while tokens.get(i) != Some(&Token::Word("endbfrange".into())) {
                    let (Some(lo), Some(hi), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                    else {
                        return Err("unfinished bfrange".into());
                    };
                    let (lo, hi) = (code(lo)?, code(hi)?);
                    i += 3;
                    if *dst == Token::Open {
                        for c in lo..=hi {
                            out.insert(c, text(tokens.get(i).ok_or("unfinished array")?)?);
                            i += 1;
                        }
                        if tokens.get(i) != Some(&Token::Close) {
                            return Err("bfrange array of the wrong length".into());
                        }
                        i += 1;
                    } else {
                        let first = text(dst)?;
                        let mut units: Vec<u16> = first.encode_utf16().collect();
                        for c in lo..=hi {
                            out.insert(c, String::from_utf16(&units).map_err(|e| e.to_string())?);
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(out)
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(String),
}

/// The tokens of a CMap that matter here: hex strings, array brackets and
/// bare words; comments, names, numbers and literal strings as words.
fn cmap_tokens(cmap: &[u8]) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cmap.len() {
        match cmap[i] {
            b'%' => {
                while i < cmap.len() && cmap[i] != b'\n' && cmap[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if cmap.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if cmap.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = i + cmap[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .ok_or("unclosed <")?;
                let digits: Vec<u8> = cmap[i + 1..end]
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .copied()
                    .collect();
                let hex = std::str::from_utf8(&digits).map_err(|e| e.to_string())?;
                if hex.len() % 2 != 0 {
                    return Err(format!("odd hex string <{hex}>"));
                }
                let bytes = (0..hex.len())
                    .step_by(2)
                    .map(|k| u8::from_str_radix(&hex[k..k + 2], 16))
                    .collect::<Result<Vec<u8>, _>>()
                    .map_err(|e| format!("<{hex}>: {e}"))?;
                out.push(Token::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < cmap.len()
                    && !cmap[i].is_ascii_whitespace()
                    && !b"[]<>%".contains(&cmap[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push(Token::Word(
                    String::from_utf8_lossy(&cmap[start..i]).into_owned(),
                ));
            }
        }
    }
    Ok(out)
}

/// The page's text runs and pictures, by interpreting its content stream.
fn read_page(doc: &Document, id: ObjectId, page: usize) -> Result<(Vec<Run>, Vec<Image>), String> {
    let fonts = page_fonts(doc, id)?;
    let content = page_content(doc, id)?;
    let content = Content::decode(&content).map_err(|e| format!("content stream: {e}"))?;
    // The text matrix and line matrix as [a b c d e f]; the current font.
    let identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let (mut tm, mut tlm) = (identity, identity);
    let mut font: Option<(&PageFont, f32)> = None;
    let mut leading = 0.0;
    let mut in_text = false;
    // Whether a `cm` is in force, per saved graphics state.
    let mut transformed = vec![false];
    let mut runs = Vec::new();
    let mut images = Vec::new();
    for op in &content.operations {
        let num = |i: usize| -> Result<f32, String> {
            op.operands
                .get(i)
                .ok_or_else(|| format!("`{}` without operand {i}", op.operator))?
                .as_float()
                .map_err(|e| format!("`{}`: {e}", op.operator))
        };
        let text_op = |in_text: bool| {
            if in_text {
                Ok(())
            } else {
                Err(format!("`{}` outside BT..ET", op.operator))
            }
        };
        match op.operator.as_str() {
            "q" => transformed.push(*transformed.last().unwrap_or(&false)),
            "Q" => {
                transformed.pop();
                if transformed.is_empty() {
                    return Err("`Q` without `q`".into());
                }
            }
            "cm" => {
                if let Some(top) = transformed.last_mut() {
                    *top = true;
                }
            }
            "BT" => {
                if in_text {
                    return Err("`BT` inside BT..ET".into());
                }
                in_text = true;
                (tm, tlm) = (identity, identity);
            }
            "ET" => {
                text_op(in_text)?;
                in_text = false;
            }
            "Tf" => {
                let resource = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .ok_or("`Tf` without a font name")?;
                let face = fonts.get(resource).ok_or_else(|| {
                    format!(
                        "`Tf` names /{}, not in the page's resources",
                        String::from_utf8_lossy(resource)
                    )
                })?;
                font = Some((face, num(1)?));
            }
            "TL" => leading = num(0)?,
            "Td" | "TD" => {
                text_op(in_text)?;
                let (tx, ty) = (num(0)?, num(1)?);
                if op.operator == "TD" {
                    leading = -ty;
                }
                tlm = translate(tlm, tx, ty);
                tm = tlm;
            }
            "T*" => {
                text_op(in_text)?;
                tlm = translate(tlm, 0.0, -leading);
                tm = tlm;
            }
            "Tm" => {
                text_op(in_text)?;
                tlm = [num(0)?, num(1)?, num(2)?, num(3)?, num(4)?, num(5)?];
                tm = tlm;
            }
            "Tj" | "TJ" | "'" => {
                text_op(in_text)?;
                if op.operator == "'" {
                    tlm = translate(tlm, 0.0, -leading);
                    tm = tlm;
                }
                if transformed.last() == Some(&true) {
                    return Err("text shown under a `cm`; this reader ignores the CTM".into());
                }
                if tm[0] != 1.0 || tm[1] != 0.0 || tm[2] != 0.0 || tm[3] != 1.0 {
                    return Err(format!("a scaled or rotated text matrix {tm:?}"));
                }
                let (face, size) = font.ok_or("text shown before `Tf`")?;
                let (start_x, start_y) = (tm[4], tm[5]);
                let mut text = String::new();
                let mut advance = 0.0;
                let parts: Vec<&Object> = match (op.operator.as_str(), op.operands.first()) {
                    ("TJ", Some(Object::Array(items))) => items.iter().collect(),
                    (_, Some(string @ Object::String(..))) => vec![string],
                    _ => return Err(format!("`{}` without a string", op.operator)),
                };
                for part in parts {
                    match part {
                        Object::String(bytes, _) => {
                            if bytes.len() % 2 != 0 {
                                return Err(format!(
                                    "an odd-length string under {}",
                                    face.font.name
                                ));
                            }
                            for pair in bytes.chunks(2) {
                                let code = u32::from(u16::from_be_bytes([pair[0], pair[1]]));
                                let unicode = face.unicode.get(&code).ok_or_else(|| {
                                    format!(
                                        "glyph {code} of {} has no /ToUnicode entry",
                                        face.font.name
                                    )
                                })?;
                                text.push_str(unicode);
                                let w = face.widths.get(&code).copied().unwrap_or(face.default);
                                advance += w / 1000.0 * size;
                            }
                        }
                        adjust => {
                            let n = adjust.as_float().map_err(|e| format!("`TJ`: {e}"))?;
                            advance -= n / 1000.0 * size;
                        }
                    }
                }
                tm = translate(tm, advance, 0.0);
                runs.push(Run {
                    x: start_x,
                    y: start_y,
                    width: advance,
                    size,
                    font: face.font.name.clone(),
                    text,
                });
            }
            "\"" | "Tc" | "Tw" | "Tz" | "Ts" | "Tr" => {
                return Err(format!(
                    "`{}` is not read by tests/pdf.rs; extend it",
                    op.operator
                ));
            }
            "Do" => {
                let resource = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .ok_or("`Do` without a name")?;
                images.push(image(doc, id, resource, page)?);
            }
            _ => {}
        }
    }
    if in_text {
        return Err("BT without ET".into());
    }
    if transformed.len() != 1 {
        return Err("unbalanced q/Q".into());
    }
    Ok((runs, images))
}

/// `m` moved by (tx, ty) in its own space: `[1 0 0 1 tx ty] × m`.
fn translate(m: [f32; 6], tx: f32, ty: f32) -> [f32; 6] {
    let [a, b, c, d, e, f] = m;
    [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f]
}

/// The image XObject `/resource` of the page `id`.
fn image(doc: &Document, id: ObjectId, resource: &[u8], page: usize) -> Result<Image, String> {
    let label = String::from_utf8_lossy(resource).into_owned();
    let resources = dict(doc, inherited(doc, id, b"Resources")?)?;
    let xobjects = dict(
        doc,
        resources
            .get(b"XObject")
            .map_err(|_| "`Do` but no /XObject")?,
    )?;
    let object = xobjects
        .get(resource)
        .map_err(|_| format!("`Do` names /{label}, not in the page's resources"))?;
    let stream = doc
        .dereference(object)
        .and_then(|(_, o)| o.as_stream())
        .map_err(|e| format!("/{label}: {e}"))?;
    let d = &stream.dict;
    if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image") {
        return Err(format!("/{label} is not an image"));
    }
    let int = |key: &[u8]| {
        d.get(key)
            .and_then(Object::as_i64)
            .map_err(|e| format!("/{label} /{}: {e}", String::from_utf8_lossy(key)))
    };
    Ok(Image {
        page,
        width: int(b"Width")?,
        height: int(b"Height")?,
        color: name(d.get(b"ColorSpace").map_err(|e| e.to_string())?)?,
        bits: int(b"BitsPerComponent")?,
        filter: d.get(b"Filter").ok().map(name).transpose()?,
        mask: d.has(b"SMask"),
    })
}

/// Runs as lines: grouped by baseline (top to bottom), left to right on a
/// line, a space between runs that do not touch.
fn reading_order(runs: &[Run]) -> String {
    let mut sorted: Vec<&Run> = runs.iter().filter(|r| !r.text.is_empty()).collect();
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
        for run in line.iter() {
            // A gap of more than a tenth of an em is a space.
            if end.is_some_and(|end| run.x - end > 0.1 * run.size) {
                out.push(' ');
            }
            out.push_str(&run.text);
            end = Some(run.x + run.width);
        }
    }
    out
}

/// The structural checks are not a formality: each kind of damage to a
/// real sheet is caught, and named.
#[test]
fn the_reader_rejects_damaged_sheets() {
    let test = crate::support::Test::new()
        .file("plan.toml", crate::support::PLAN)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let good = std::fs::read(test.path("plan.pdf")).expect("the sheet");
    assert!(Pdf::parse(&good).is_ok());

    /// `good` with the first `from` replaced by `to`.
    fn damaged(good: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = good
            .windows(from.len())
            .position(|w| w == from)
            .unwrap_or_else(|| panic!("{:?} is in the sheet", String::from_utf8_lossy(from)));
        [&good[..at], to, &good[at + from.len()..]].concat()
    }
    let rejects = |bytes: Vec<u8>, why: &str| match Pdf::parse(&bytes) {
        Ok(_) => panic!("a sheet with {why} was accepted"),
        Err(e) => assert!(e.contains(why), "{why}: {e}"),
    };
    // Cut short.
    rejects(good[..good.len() / 2].to_vec(), "%%EOF");
    // The cross-reference table points one byte past object 1.
    let free = good
        .windows(7)
        .position(|w| w == b"65535 f")
        .expect("the xref table's free-list head");
    let entry = free
        + 7
        + good[free + 7..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let offset: usize = std::str::from_utf8(&good[entry..entry + 10])
        .ok()
        .and_then(|s| s.parse().ok())
        .expect("a ten-digit offset");
    let mut moved = good.clone();
    moved[entry..entry + 10].copy_from_slice(format!("{:010}", offset + 1).as_bytes());
    rejects(moved, "xref: object 1 is not at offset");
    // The page tree claims a page it does not have (same length, so the
    // offsets still hold).
    rejects(
        damaged(&good, b"/Count 2", b"/Count 3"),
        "/Count 3, but 2 pages",
    );
    // A font points at an object that is not there: generation 9 of its
    // font file (rx writes generation 0 only).
    let font_file = good
        .windows(11)
        .position(|w| w == b"/FontFile2 ")
        .expect("an embedded TrueType font");
    let generation = font_file
        + 11
        + good[font_file + 11..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
        + 1;
    let mut dangling = good.clone();
    assert_eq!(dangling[generation], b'0', "a generation-0 reference");
    dangling[generation] = b'9';
    rejects(dangling, "missing object");
}
