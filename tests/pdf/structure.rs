//! The structural checks `Pdf::parse` makes, about what `qpdf --check`
//! does; see the parent module's doc.

use lopdf::xref::XrefEntry;
use lopdf::{Document, Object, ObjectId};

use super::Pdf;

/// A PDF header at the start and `%%EOF` at the end.
pub(super) fn check_ends(bytes: &[u8]) -> Result<(), String> {
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
pub(super) fn check_structure(doc: &Document, bytes: &[u8]) -> Result<(), String> {
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
