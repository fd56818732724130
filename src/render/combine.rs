//! Many sheets -> one PDF, for printing a day's batch (`--combine`).
//!
//! The sheets are rx's own PDFs, read back from the output folder, so a
//! sheet that was unchanged and not rebuilt is combined like a new one.
//! Every sheet keeps its own objects (its fonts are subset to its own
//! glyphs, so sharing them would need a re-subset); each is renumbered past
//! the ones before it and its pages hung under one page tree, in the order
//! given. Streams stay as they were compressed.
//!
//! Streamed: a `Combiner` writes each sheet's objects as soon as it is
//! added (its streams in the open, its other objects in one object stream
//! of its own) and keeps only where each object is and the page list; the
//! page tree, catalogue and cross-reference stream come at the end. So a
//! day of thousands of sheets never sits in memory whole. The `/ID` is the
//! MD5 of everything written before it, so the same sheets give the same
//! file.
//!
//! Tagged: each sheet's structure tree stays whole, its `Document` element
//! become a `Part` under the combined file's one `Document`; its parent
//! tree's keys (and its pages' `/StructParents`, its links'
//! `/StructParent`) move past the sheets' before it. Only the keys and
//! the list of parts are kept until the end. Each part keeps its sheet's
//! language (`/Lang`); the file's is the first sheet's.
//!
//! Described: the file has its own title (given by the caller), Info
//! dictionary and XMP metadata, and claims PDF/A-2a (with one sRGB output
//! intent) only when every sheet in it is PDF/A.

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use md5::{Digest as _, Md5};

use super::metadata::{self, About};
use super::write::{
    InStream, bytes_for, find, hex_byte, object_stream, push_number, push_object, push_stream,
};
use super::zlib;

/// Page attributes a page may inherit from its page tree (ISO 32000 7.7.3.4):
/// copied onto each page, since the tree they hung from is dropped.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// The object number of the combined file's page tree, written last.
const PAGES: u32 = 1;
/// The numbers of its structure tree root and its `Document` element,
/// also written last.
const STRUCT_ROOT: u32 = 2;
const DOCUMENT: u32 = 3;

/// Why sheets could not be combined: which one (0-based, in the order
/// given) and what was wrong with it.
#[derive(Debug)]
pub struct Unreadable {
    pub index: usize,
    pub reason: String,
}

/// Why a sheet could not be added: it is not a PDF rx can combine, or the
/// combined file could not be written.
#[derive(Debug)]
pub enum Failure {
    Unreadable(String),
    Write(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Write(e)
    }
}

/// Where an object of the combined file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Free,
    /// At this byte of the file.
    At(u64),
    /// The `index`th object of the object stream `container`.
    In {
        container: u32,
        index: u32,
    },
}

/// An `Entry` in 8 bytes: a day of thousands of sheets keeps one for each
/// of their objects (most of them structure elements) until the end.
/// Bit 0 says which: 0 an offset (bits 1-63), 1 an object stream's index
/// (bits 1-31) and its number (bits 32-63); all ones is free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed(u64);

impl Packed {
    const FREE: Packed = Packed(u64::MAX);

    fn new(entry: Entry) -> Packed {
        match entry {
            Entry::Free => Packed::FREE,
            Entry::At(offset) => Packed(offset << 1),
            Entry::In { container, index } => {
                let index = u64::from(index.min(u32::MAX >> 1));
                Packed((u64::from(container) << 32) | (index << 1) | 1)
            }
        }
    }

    fn entry(self) -> Entry {
        match self {
            Packed::FREE => Entry::Free,
            Packed(bits) if bits & 1 == 0 => Entry::At(bits >> 1),
            Packed(bits) => Entry::In {
                container: (bits >> 32) as u32,
                index: ((bits & 0xFFFF_FFFF) >> 1) as u32,
            },
        }
    }
}

/// One PDF written sheet by sheet to `out`.
pub struct Combiner<W: Write> {
    out: W,
    /// Bytes written so far, and their hash (for the `/ID`).
    written: u64,
    hash: Md5,
    /// By object number.
    entries: Vec<Packed>,
    kids: Vec<Object>,
    /// One-page documents added with `add_shared`, and the page dictionary
    /// each became: a later copy is one more page object using the same
    /// content and resources.
    shared: Vec<(Vec<u8>, Dictionary)>,
    /// Each tagged sheet's `Part`, and the combined parent tree's
    /// `/Nums`, keys from 0 up across the sheets.
    parts: Vec<Object>,
    nums: Vec<Object>,
    next_key: i64,
    /// The first sheet's `/Lang`, the file's.
    language: Option<Object>,
    /// Whether every sheet so far is PDF/A (has an output intent); `None`
    /// before the first.
    archival: Option<bool>,
}

impl<W: Write> Combiner<W> {
    /// Start the file: its header.
    pub fn new(out: W) -> Result<Combiner<W>, std::io::Error> {
        let mut combiner = Combiner {
            out,
            written: 0,
            hash: Md5::new(),
            entries: vec![Packed::FREE; DOCUMENT as usize + 1],
            kids: Vec::new(),
            shared: Vec::new(),
            parts: Vec::new(),
            nums: Vec::new(),
            next_key: 0,
            language: None,
            archival: None,
        };
        // rx's sheets are PDF 1.5 (object and cross-reference streams).
        // Four bytes over 127 mark the file as binary (ISO 32000-2, 7.5.2).
        combiner.put(b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(combiner)
    }

    /// Pages so far.
    pub fn pages(&self) -> usize {
        self.kids.len()
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), std::io::Error> {
        self.out.write_all(bytes)?;
        self.hash.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn set(&mut self, number: u32, entry: Entry) {
        let number = number as usize;
        if self.entries.len() <= number {
            self.entries.resize(number + 1, Packed::FREE);
        }
        self.entries[number] = Packed::new(entry);
    }

    /// Write `object` as the indirect object `number`, in the open.
    fn put_object(&mut self, number: u32, object: &Object) -> Result<(), std::io::Error> {
        let mut bytes = Vec::new();
        push_number(&mut bytes, i64::from(number));
        bytes.extend_from_slice(b" 0 obj\n");
        match object {
            Object::Stream(stream) => push_stream(&mut bytes, &stream.dict, &stream.content),
            other => push_object(&mut bytes, other),
        }
        bytes.extend_from_slice(b"\nendobj\n");
        self.set(number, Entry::At(self.written));
        self.put(&bytes)
    }

    /// Write every page of `sheet` (a PDF's bytes) after the pages so far.
    pub fn add(&mut self, sheet: &[u8]) -> Result<(), Failure> {
        self.add_pages(sheet).map(drop)
    }

    /// Add a one-page document that recurs (the page left blank after a
    /// sheet of odd length): its fonts and content are written once, and
    /// each later copy is only a page object of its own pointing at them.
    pub fn add_shared(&mut self, page: &[u8]) -> Result<(), Failure> {
        if let Some((_, dict)) = self.shared.iter().find(|(bytes, _)| bytes == page) {
            let dict = Object::Dictionary(dict.clone());
            let number = self.entries.len() as u32;
            self.put_object(number, &dict)?;
            self.kids.push(Object::Reference((number, 0)));
            return Ok(());
        }
        let mut pages = self.add_pages(page)?;
        if let (Some(dict), true) = (pages.pop(), pages.is_empty()) {
            self.shared.push((page.to_vec(), dict));
        }
        Ok(())
    }

    /// `add`, giving back the page dictionaries as written.
    fn add_pages(&mut self, sheet: &[u8]) -> Result<Vec<Dictionary>, Failure> {
        let mut sheet = lopdf::Document::load_mem(sheet)
            .map_err(|e| Failure::Unreadable(format!("not a PDF rx can read: {e}")))?;
        sheet.renumber_objects_with(self.entries.len() as u32);
        let pages = sheet.get_pages();
        if pages.is_empty() {
            return Err(Failure::Unreadable("it has no pages".to_owned()));
        }
        let catalog = sheet.catalog().ok();
        let language = catalog.and_then(|c| c.get(b"Lang").ok()).cloned();
        let archival = catalog.is_some_and(|c| c.has(b"OutputIntents"));
        self.archival = Some(self.archival.unwrap_or(true) && archival);
        if self.language.is_none() {
            self.language.clone_from(&language);
        }
        let mut skip = tree_objects(&sheet);
        let offset = self.next_key;
        skip.extend(self.take_structure(&mut sheet, offset, language));
        let mut kids = Vec::with_capacity(pages.len());
        let mut written = Vec::with_capacity(pages.len());
        for page_id in pages.values() {
            let inherited = inherited(&sheet, *page_id);
            let Some(Object::Dictionary(page)) = sheet.objects.get_mut(page_id) else {
                return Err(Failure::Unreadable("a page is not a dictionary".to_owned()));
            };
            for (key, value) in inherited {
                page.set(key, value);
            }
            page.set("Parent", Object::Reference((PAGES, 0)));
            if let Ok(key) = page.get(b"StructParents").and_then(Object::as_i64) {
                page.set("StructParents", key + offset);
            }
            kids.push(Object::Reference(*page_id));
            written.push(page.clone());
        }
        // This sheet's other objects, together in one object stream.
        let container = sheet.max_id + 1;
        let mut packed: Vec<(u32, InStream)> = Vec::new();
        for (id, object) in &sheet.objects {
            if skip.contains(id) {
                continue;
            }
            let number = id.0;
            if let Object::Stream(_) = object {
                self.put_object(number, object)?;
                continue;
            }
            let index = u32::try_from(packed.len()).unwrap_or(u32::MAX);
            self.set(number, Entry::In { container, index });
            packed.push((number, InStream::Object(object)));
        }
        if let Some((dict, content)) = object_stream(&packed) {
            let stream = lopdf::Stream::new(dict, content);
            self.put_object(container, &Object::Stream(stream))?;
        }
        self.kids.extend(kids);
        Ok(written)
    }

    /// Hang `sheet`'s structure tree (if it is tagged) under the combined
    /// one, its parent tree's keys moved on by `offset`: its `Document` a
    /// `Part`, its links' keys moved too. Gives the objects not to copy
    /// (its root and parent tree; an empty tree's element, as a blank
    /// page's). Each part says its sheet's `language`.
    fn take_structure(
        &mut self,
        sheet: &mut lopdf::Document,
        offset: i64,
        language: Option<Object>,
    ) -> Vec<ObjectId> {
        let root = sheet
            .catalog()
            .and_then(|c| c.get(b"StructTreeRoot"))
            .and_then(Object::as_reference);
        let Ok(root) = root else {
            return Vec::new();
        };
        let Ok(root_dict) = sheet.get_dictionary(root).cloned() else {
            return Vec::new();
        };
        let mut skip = vec![root];
        let tree = root_dict.get(b"ParentTree").and_then(Object::as_reference);
        if let Ok(tree) = tree {
            skip.push(tree);
            let nums = sheet
                .get_dictionary(tree)
                .and_then(|t| t.get(b"Nums"))
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default();
            for pair in nums.chunks(2) {
                if let [Object::Integer(key), value] = pair {
                    // A page's array of elements goes out with the sheet's
                    // objects; only a reference to it waits for the end, so
                    // a day of thousands of sheets keeps two numbers a page.
                    let value = match value {
                        Object::Array(_) => Object::Reference(sheet.add_object(value.clone())),
                        other => other.clone(),
                    };
                    self.nums.push(Object::Integer(key + offset));
                    self.nums.push(value);
                }
            }
        }
        let next = root_dict
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .unwrap_or(0);
        self.next_key = offset + next;
        // The links' keys.
        for object in sheet.objects.values_mut() {
            if let Object::Dictionary(d) = object
                && d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link")
                && let Ok(key) = d.get(b"StructParent").and_then(Object::as_i64)
            {
                d.set("StructParent", key + offset);
            }
        }
        let documents: Vec<ObjectId> = match root_dict.get(b"K") {
            Ok(Object::Array(kids)) => kids.iter().filter_map(|k| k.as_reference().ok()).collect(),
            Ok(Object::Reference(id)) => vec![*id],
            _ => Vec::new(),
        };
        for id in documents {
            let Ok(Object::Dictionary(element)) = sheet.get_object_mut(id) else {
                continue;
            };
            let empty = match element.get(b"K") {
                Ok(Object::Array(kids)) => kids.is_empty(),
                Ok(_) => false,
                Err(_) => true,
            };
            if empty {
                skip.push(id);
                continue;
            }
            element.set("S", Object::Name(b"Part".to_vec()));
            element.set("P", Object::Reference((DOCUMENT, 0)));
            if let Some(language) = &language {
                element.set("Lang", language.clone());
            }
            self.parts.push(Object::Reference(id));
        }
        skip
    }

    /// End the file: the page tree, the catalogue titled `title` with its
    /// metadata, and the cross-reference stream with the file's `/ID`.
    /// Gives back the writer and the page count.
    pub fn finish(mut self, title: &str) -> Result<(W, usize), std::io::Error> {
        let count = self.kids.len();
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Count", Object::Integer(count as i64));
        pages.set("Kids", Object::Array(std::mem::take(&mut self.kids)));
        self.put_object(PAGES, &Object::Dictionary(pages))?;
        let mut document = Dictionary::new();
        document.set("S", Object::Name(b"Document".to_vec()));
        document.set("P", Object::Reference((STRUCT_ROOT, 0)));
        document.set("K", Object::Array(std::mem::take(&mut self.parts)));
        self.put_object(DOCUMENT, &Object::Dictionary(document))?;
        let mut tree = Dictionary::new();
        tree.set("Nums", Object::Array(std::mem::take(&mut self.nums)));
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
        root.set("K", Object::Array(vec![Object::Reference((DOCUMENT, 0))]));
        root.set("ParentTree", tree);
        root.set("ParentTreeNextKey", self.next_key);
        self.put_object(STRUCT_ROOT, &Object::Dictionary(root))?;
        // No one author or date: the sheets have their own.
        let about = About {
            title,
            author: "",
            created: None,
            pdfa: self.archival == Some(true),
        };
        let info_id = self.entries.len() as u32;
        self.put_object(info_id, &Object::Dictionary(super::info(&about)))?;
        let metadata_id = info_id + 1;
        let xmp = metadata::stream(metadata::packet(&about));
        self.put_object(metadata_id, &Object::Stream(xmp))?;
        let catalog_id = metadata_id + 1;
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference((PAGES, 0)));
        let mut mark = Dictionary::new();
        mark.set("Marked", true);
        catalog.set("MarkInfo", mark);
        catalog.set("StructTreeRoot", Object::Reference((STRUCT_ROOT, 0)));
        catalog.set("Metadata", Object::Reference((metadata_id, 0)));
        if let Some(language) = self.language.take() {
            catalog.set("Lang", language);
        }
        catalog.set("ViewerPreferences", metadata::viewer_preferences());
        if about.pdfa {
            let profile_id = catalog_id + 1;
            let mut profile = metadata::profile();
            profile.set_content(zlib::deflate(&profile.content));
            profile
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            self.put_object(profile_id, &Object::Stream(profile))?;
            catalog.set("OutputIntents", metadata::output_intents((profile_id, 0)));
        }
        self.put_object(catalog_id, &Object::Dictionary(catalog))?;

        // The cross-reference stream: type, then offset or container, then
        // generation or index, each field as few bytes as the largest needs.
        let xref = self.entries.len() as u32;
        let start = self.written;
        self.set(xref, Entry::At(start));
        let (mut largest, mut most) = (0usize, 0usize);
        for entry in &self.entries {
            match entry.entry() {
                Entry::At(offset) => largest = largest.max(offset as usize),
                Entry::In { container, index } => {
                    largest = largest.max(container as usize);
                    most = most.max(index as usize);
                }
                Entry::Free => {}
            }
        }
        let wide = bytes_for(largest);
        // The free entry 0 has generation 65535: two bytes at least.
        let third = bytes_for(most).max(2);
        let mut table = Vec::with_capacity(self.entries.len() * (1 + wide + third));
        for (number, entry) in self.entries.iter().enumerate() {
            let (kind, field2, field3) = match entry.entry() {
                Entry::Free if number == 0 => (0, 0, 0xFFFF),
                Entry::Free => (0, 0, 0),
                Entry::At(offset) => (1, offset as usize, 0),
                Entry::In { container, index } => (2, container as usize, index as usize),
            };
            table.push(kind);
            table.extend_from_slice(&field2.to_be_bytes()[usize::BITS as usize / 8 - wide..]);
            table.extend_from_slice(&field3.to_be_bytes()[usize::BITS as usize / 8 - third..]);
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XRef".to_vec()));
        dict.set("Size", i64::from(xref) + 1);
        dict.set(
            "W",
            Object::Array(vec![1.into(), (wide as i64).into(), (third as i64).into()]),
        );
        dict.set("Root", Object::Reference((catalog_id, 0)));
        dict.set("Info", Object::Reference((info_id, 0)));
        let half = Object::String(vec![0; 16], StringFormat::Hexadecimal);
        dict.set("ID", Object::Array(vec![half.clone(), half]));
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let mut tail = Vec::new();
        push_number(&mut tail, i64::from(xref));
        tail.extend_from_slice(b" 0 obj\n");
        push_stream(&mut tail, &dict, &zlib::deflate(&table));
        tail.extend_from_slice(b"\nendobj\nstartxref\n");
        push_number(&mut tail, start as i64);
        tail.extend_from_slice(b"\n%%EOF\n");
        // The `/ID`: the hash of the whole file as written with zeros
        // there, written over the zeros (`/ID[<` then 32 digits, `><`,
        // 32 more), as a sheet's.
        let mut hash = self.hash.clone();
        hash.update(&tail);
        let hex: Vec<u8> = hash.finalize().iter().flat_map(|&b| hex_byte(b)).collect();
        if let Some(at) = find(&tail, b"/ID[<") {
            for start in [at + 5, at + 5 + 34] {
                if let Some(zeros) = tail.get_mut(start..start + 32) {
                    zeros.copy_from_slice(&hex);
                }
            }
        }
        self.out.write_all(&tail)?;
        self.out.flush()?;
        Ok((self.out, count))
    }
}

/// One PDF titled `title` of every page of `sheets`, in order, in memory;
/// with the page count. (`Combiner` writes one to a file as it goes.)
pub fn combine<I>(sheets: I, title: &str) -> Result<(Vec<u8>, usize), Unreadable>
where
    I: IntoIterator<Item = Vec<u8>>,
{
    let write = |e: std::io::Error| Unreadable {
        index: 0,
        reason: e.to_string(),
    };
    let mut combiner = Combiner::new(Vec::new()).map_err(write)?;
    for (index, bytes) in sheets.into_iter().enumerate() {
        combiner.add(&bytes).map_err(|e| Unreadable {
            index,
            reason: match e {
                Failure::Unreadable(reason) => reason,
                Failure::Write(e) => e.to_string(),
            },
        })?;
    }
    combiner.finish(title).map_err(write)
}

/// The objects a sheet's own page tree, catalogue and info are made of,
/// with what only its catalogue points to (its XMP metadata and the colour
/// profile of its output intent: left in, each sheet's would be a few KB
/// nothing refers to), and its object and cross-reference streams (lopdf
/// keeps them beside the objects it read from them): the combined file has
/// its own.
fn tree_objects(sheet: &lopdf::Document) -> Vec<ObjectId> {
    let mut skip = Vec::new();
    for key in [b"Root".as_slice(), b"Info"] {
        if let Ok(&Object::Reference(id)) = sheet.trailer.get(key) {
            skip.push(id);
        }
    }
    let catalog = sheet.trailer.get(b"Root").and_then(Object::as_reference);
    if let Ok(catalog) = catalog.and_then(|id| sheet.get_dictionary(id)) {
        if let Ok(&Object::Reference(id)) = catalog.get(b"Metadata") {
            skip.push(id);
        }
        let intents = catalog.get(b"OutputIntents").and_then(Object::as_array);
        for intent in intents.into_iter().flatten() {
            let profile = intent
                .as_dict()
                .and_then(|d| d.get(b"DestOutputProfile"))
                .and_then(Object::as_reference);
            skip.extend(profile);
        }
    }
    for (id, object) in &sheet.objects {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        let kind = dict.get(b"Type").and_then(Object::as_name);
        if kind.is_ok_and(|t| [b"Pages".as_slice(), b"ObjStm", b"XRef"].contains(&t)) {
            skip.push(*id);
        }
    }
    skip
}

/// The inheritable attributes a page does not set itself, from the nearest
/// page-tree node above it that does.
fn inherited(sheet: &lopdf::Document, page: ObjectId) -> Vec<(Vec<u8>, Object)> {
    let mut found: Vec<(Vec<u8>, Object)> = Vec::new();
    let Ok(Object::Dictionary(own)) = sheet.get_object(page) else {
        return found;
    };
    let mut parent = own.get(b"Parent").and_then(Object::as_reference).ok();
    // A page tree is shallow; the bound stops a cycle in a damaged file.
    for _ in 0..32 {
        let Some(id) = parent else { break };
        let Ok(Object::Dictionary(node)) = sheet.get_object(id) else {
            break;
        };
        for key in INHERITED {
            let taken = own.has(key) || found.iter().any(|(k, _)| k == key);
            if let (false, Ok(value)) = (taken, node.get(key)) {
                found.push((key.to_vec(), value.clone()));
            }
        }
        parent = node.get(b"Parent").and_then(Object::as_reference).ok();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{Entry, Packed};

    #[test]
    fn an_entry_packs_into_eight_bytes_and_back() {
        let entries = [
            Entry::Free,
            Entry::At(0),
            Entry::At(15),
            Entry::At(1 << 40),
            Entry::In {
                container: 0,
                index: 0,
            },
            Entry::In {
                container: u32::MAX - 1,
                index: (u32::MAX >> 1) - 1,
            },
            Entry::In {
                container: 7,
                index: 3,
            },
        ];
        for entry in entries {
            assert_eq!(Packed::new(entry).entry(), entry);
        }
        assert_eq!(std::mem::size_of::<Packed>(), 8);
    }
}
