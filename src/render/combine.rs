//! Many sheets -> one PDF, for printing a day's batch (`--combine`).
//!
//! The sheets are rx's own PDFs, read back from the output folder, so a
//! sheet that was unchanged and not rebuilt is combined like a new one.
//! Every sheet keeps its own objects (its fonts are subset to its own
//! glyphs, so sharing them would need a re-subset); each is renumbered past
//! the ones before it and its pages hung under one page tree, in the order
//! given. Streams stay as they were compressed. The `/ID` comes from the
//! bytes like a sheet's, so the same sheets give the same file.

use lopdf::{Dictionary, Object, ObjectId};

/// Page attributes a page may inherit from its page tree (ISO 32000 7.7.3.4):
/// copied onto each page, since the tree they hung from is dropped.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Why sheets could not be combined: which one (0-based, in the order
/// given) and what was wrong with it.
#[derive(Debug)]
pub struct Unreadable {
    pub index: usize,
    pub reason: String,
}

/// One PDF of every page of `sheets`, in order; with the page count.
pub fn combine<I>(sheets: I) -> Result<(Vec<u8>, usize), Unreadable>
where
    I: IntoIterator<Item = Vec<u8>>,
{
    let mut out = lopdf::Document::with_version("1.7");
    let mut version = None;
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for (index, bytes) in sheets.into_iter().enumerate() {
        let fail = |reason: String| Unreadable { index, reason };
        let mut sheet = lopdf::Document::load_mem(&bytes)
            .map_err(|e| fail(format!("not a PDF rx can read: {e}")))?;
        drop(bytes);
        version.get_or_insert_with(|| sheet.version.clone());
        sheet.renumber_objects_with(out.max_id + 1);
        let pages = sheet.get_pages();
        if pages.is_empty() {
            return Err(fail("it has no pages".to_owned()));
        }
        let skip = tree_objects(&sheet);
        for page_id in pages.values() {
            let inherited = inherited(&sheet, *page_id);
            let Some(Object::Dictionary(page)) = sheet.objects.get_mut(page_id) else {
                return Err(fail("a page is not a dictionary".to_owned()));
            };
            for (key, value) in inherited {
                page.set(key, value);
            }
            page.set("Parent", Object::Reference(pages_id));
            kids.push(Object::Reference(*page_id));
        }
        out.max_id = out.max_id.max(sheet.max_id);
        for (id, object) in sheet.objects {
            if !skip.contains(&id) {
                out.objects.insert(id, object);
            }
        }
    }
    if let Some(version) = version {
        out.version = version;
    }
    let count = kids.len();
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Count", Object::Integer(count as i64));
    pages.set("Kids", Object::Array(kids));
    out.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog_id = out.add_object(Object::Dictionary(catalog));
    out.trailer.set("Root", Object::Reference(catalog_id));
    Ok((super::finish(out), count))
}

/// The objects a sheet's own page tree, catalogue and info are made of,
/// and its object and cross-reference streams (lopdf keeps them beside the
/// objects it read from them): the combined file has its own.
fn tree_objects(sheet: &lopdf::Document) -> Vec<ObjectId> {
    let mut skip = Vec::new();
    for key in [b"Root".as_slice(), b"Info"] {
        if let Ok(&Object::Reference(id)) = sheet.trailer.get(key) {
            skip.push(id);
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
