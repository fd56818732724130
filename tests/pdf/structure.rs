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
    // rx writes a cross-reference stream: "N 0 obj" whose dictionary,
    // before its data, is /Type /XRef.
    let is_xref = bytes.get(at..).is_some_and(|b| {
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let head = &b[digits..];
        let dict = head
            .windows(6)
            .position(|w| w == b"stream")
            .map_or(head, |end| &head[..end]);
        digits > 0 && head.starts_with(b" 0 obj") && find(dict, b"/Type/XRef").is_some()
    });
    if !is_xref {
        return Err(format!(
            "startxref {at} does not point at a cross-reference stream"
        ));
    }
    // Every in-use entry points at "N G obj", or into an object stream
    // that is there, and lopdf loaded that object.
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
            XrefEntry::Compressed { container, .. } => {
                in_use += 1;
                let holder = doc
                    .objects
                    .get(&(container, 0))
                    .and_then(|o| o.as_stream().ok());
                if !holder.is_some_and(|s| s.dict.has_type(b"ObjStm")) {
                    return Err(format!(
                        "xref: object {id} is in {container}, no object stream"
                    ));
                }
                if !doc.objects.contains_key(&(id, 0)) {
                    return Err(format!("object {id} 0 did not load"));
                }
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

    let rejects = |bytes: Vec<u8>, why: &str| match Pdf::parse(&bytes) {
        Ok(_) => panic!("a sheet with {why} was accepted"),
        Err(e) => assert!(e.contains(why), "{why}: {e}"),
    };
    // Cut short.
    rejects(good[..good.len() / 2].to_vec(), "%%EOF");
    // The cross-reference stream, written again uncompressed, points one
    // byte past the first object written in the open.
    let doc = Document::load_mem(&good).expect("lopdf reads the sheet");
    let tail = &good[good.len() - 64..];
    let start: usize =
        std::str::from_utf8(&tail[find(tail, b"startxref").expect("startxref") + 9..])
            .ok()
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .expect("the xref offset");
    let number: u32 = std::str::from_utf8(&good[start..start + 12])
        .ok()
        .and_then(|head| head.split_whitespace().next()?.parse().ok())
        .expect("the xref object's number");
    let xref = doc
        .get_object((number, 0))
        .and_then(Object::as_stream)
        .expect("the cross-reference stream");
    let widths: Vec<usize> = xref
        .dict
        .get(b"W")
        .and_then(Object::as_array)
        .expect("/W")
        .iter()
        .map(|w| w.as_i64().expect("a width") as usize)
        .collect();
    let table = xref.get_plain_content().expect("the table inflates");
    let entry = widths.iter().sum::<usize>();
    let field = |n: usize, f: usize| {
        let from = n * entry + widths[..f].iter().sum::<usize>();
        from..from + widths[f]
    };
    let value = |n: usize, f: usize| {
        table[field(n, f)]
            .iter()
            .fold(0usize, |v, &b| v << 8 | usize::from(b))
    };
    // `good` with field `f` of entry `n` of its cross-reference table set
    // to `v`, the table written back uncompressed: the stream is the last
    // object, so nothing moves.
    let retabled = |n: usize, f: usize, v: usize| {
        let mut table = table.clone();
        let be = v.to_be_bytes();
        table[field(n, f)].copy_from_slice(&be[be.len() - widths[f]..]);
        let mut dict = xref.dict.clone();
        dict.remove(b"Filter");
        dict.set("Length", table.len() as i64);
        let mut plain = lopdf::Document::new();
        plain.objects.insert((1, 0), Object::Dictionary(dict));
        let mut body = Vec::new();
        plain.save_to(&mut body).expect("a dictionary serialises");
        let dict_text = &body[find(&body, b"1 0 obj").expect("the object") + 7..];
        let dict_text = &dict_text[..find(dict_text, b"endobj").expect("its end")];
        [
            &good[..start],
            format!("{number} 0 obj\n").as_bytes(),
            dict_text.trim_ascii(),
            b"stream\n",
            &table,
            format!("\nendstream\nendobj\nstartxref\n{start}\n%%EOF\n").as_bytes(),
        ]
        .concat()
    };
    let first_of = |kind: usize| {
        (1..table.len() / entry)
            .find(|&n| value(n, 0) == kind)
            .expect("an entry of that kind")
    };
    // The first object written in the open, one byte further on. lopdf
    // may fall back to scanning the file for the object it could not
    // find, and the reader then names whichever entry no longer matches.
    let (open, packed) = (first_of(1), first_of(2));
    rejects(retabled(open, 1, value(open, 1) + 1), "is not at offset");
    // An object said to be in an object stream, inside a stream that is
    // not one (the object written in the open). lopdf, failing to read
    // it, scans the file as above, so which entry is named may vary.
    rejects(retabled(packed, 1, open), "xref: object ");
    // The page tree and the fonts are inside the compressed object stream:
    // damage them there, and write the file as rx does.
    let resaved = |change: &dyn Fn(&mut Document)| {
        let mut doc = Document::load_mem(&good).expect("lopdf reads the sheet");
        change(&mut doc);
        let mut bytes = Vec::new();
        let options = lopdf::SaveOptions {
            use_object_streams: true,
            use_xref_streams: true,
            ..Default::default()
        };
        doc.save_with_options(&mut bytes, options).expect("saved");
        bytes
    };
    assert!(Pdf::parse(&resaved(&|_| {})).is_ok(), "resaved as it was");
    // The page tree claims a page it does not have.
    let more_pages = resaved(&|doc| {
        let pages = doc
            .catalog()
            .and_then(|c| c.get(b"Pages"))
            .and_then(Object::as_reference)
            .expect("the page tree");
        let tree = doc.get_dictionary_mut(pages).expect("its node");
        tree.set("Count", 3);
    });
    rejects(more_pages, "/Count 3, but 2 pages");
    // A font points at an object that is not there: generation 9 of its
    // font file (rx writes generation 0 only).
    let dangling = resaved(&|doc| {
        for object in doc.objects.values_mut() {
            if let Object::Dictionary(d) = object
                && let Ok(&Object::Reference((id, _))) = d.get(b"FontFile2")
            {
                d.set("FontFile2", Object::Reference((id, 9)));
            }
        }
    });
    rejects(dangling, "missing object");
}
