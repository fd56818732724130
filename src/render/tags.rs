//! The structure tree of a tagged PDF: the document's `Structure` as
//! structure elements under a `/StructTreeRoot`, the `/ParentTree` that
//! leads from each page's marked content (and each link annotation) back
//! to its element, and the link annotations themselves.
//!
//! The marked content was written by `content::draw_page` with the MCIDs
//! `document::tags` gives, so both sides count the same way and nothing
//! reads a number back from the content.

use lopdf::{Dictionary, Object, ObjectId};

use super::content::LinkArea;
use super::text_string;
use crate::document::Document;
use crate::document::tags::{Kid, Role, Structure};

/// Add the structure elements of `doc` and the link annotations of each
/// page (`links`, as `draw_page` found them) to `pdf`; set each page's
/// `/StructParents`, `/Annots` and `/Tabs`. Gives the `/StructTreeRoot`.
pub(super) fn add_structure(
    pdf: &mut lopdf::Document,
    doc: &Document,
    page_ids: &[ObjectId],
    links: &[Vec<LinkArea>],
) -> ObjectId {
    let tree = doc.structure();
    let root_id = pdf.new_object_id();
    let ids: Vec<ObjectId> = tree.elements.iter().map(|_| pdf.new_object_id()).collect();

    // The link annotations, each with its key in the parent tree: after
    // the pages' keys (0 to pages - 1); by key, the element each is in.
    let mut annots: Vec<Vec<ObjectId>> = Vec::new();
    let mut annot_keys: Vec<Option<ObjectId>> = Vec::new();
    for (page, areas) in links.iter().enumerate() {
        let mut on_page = Vec::new();
        for area in areas {
            let key = page_ids.len() + annot_keys.len();
            let id = pdf.add_object(link_annotation(area, page_ids[page], key));
            on_page.push(id);
            annot_keys.push(None);
        }
        annots.push(on_page);
    }

    // Each page's marked content, by MCID: the element it belongs to.
    let mut parents: Vec<Vec<Option<ObjectId>>> = vec![Vec::new(); page_ids.len()];
    let mut first_link = Vec::with_capacity(page_ids.len());
    let mut count = 0;
    for areas in &annots {
        first_link.push(count);
        count += areas.len();
    }
    for (i, element) in tree.elements.iter().enumerate() {
        let page_of = element.kids.iter().find_map(|kid| match kid {
            Kid::Content { page, .. } | Kid::Link { page, .. } => Some(*page),
            Kid::Element(_) => None,
        });
        let mut kids = Vec::with_capacity(element.kids.len());
        for kid in &element.kids {
            kids.push(match *kid {
                Kid::Element(child) => Object::Reference(ids[child]),
                Kid::Content { page, mcid } => {
                    let slots = &mut parents[page];
                    if slots.len() <= mcid {
                        slots.resize(mcid + 1, None);
                    }
                    slots[mcid] = Some(ids[i]);
                    if Some(page) == page_of {
                        Object::Integer(mcid as i64)
                    } else {
                        let mut mcr = Dictionary::new();
                        mcr.set("Type", Object::Name(b"MCR".to_vec()));
                        mcr.set("Pg", page_ids[page]);
                        mcr.set("MCID", mcid as i64);
                        Object::Dictionary(mcr)
                    }
                }
                Kid::Link { page, index } => {
                    let Some(&annot) = annots[page].get(index) else {
                        continue;
                    };
                    annot_keys[first_link[page] + index] = Some(ids[i]);
                    let mut objr = Dictionary::new();
                    objr.set("Type", Object::Name(b"OBJR".to_vec()));
                    objr.set("Pg", page_ids[page]);
                    objr.set("Obj", annot);
                    Object::Dictionary(objr)
                }
            });
        }
        let mut dict = Dictionary::new();
        dict.set("S", Object::Name(element.role.name().as_bytes().to_vec()));
        dict.set("P", element.parent.map_or(root_id, |parent| ids[parent]));
        if let Some(page) = page_of {
            dict.set("Pg", page_ids[page]);
        }
        if let Some(alt) = &element.alt {
            dict.set("Alt", short_text(alt));
        }
        if let Some(lang) = element.lang {
            dict.set("Lang", Object::string_literal(lang));
        }
        if element.role == Role::TH {
            dict.set("A", header_scope(&tree, element.parent));
        }
        // One kid needs no array (most leaves: one line, one MCID); an
        // empty element (a log's tick-box cell) no `/K` at all.
        match <[Object; 1]>::try_from(kids) {
            Ok([kid]) => dict.set("K", kid),
            Err(kids) if kids.is_empty() => {}
            Err(kids) => dict.set("K", Object::Array(kids)),
        }
        pdf.objects.insert(ids[i], Object::Dictionary(dict));
    }

    let mut nums = Vec::new();
    for (page, slots) in parents.iter().enumerate() {
        nums.push(Object::Integer(page as i64));
        let refs = slots
            .iter()
            .map(|slot| slot.map_or(Object::Null, Object::Reference))
            .collect();
        nums.push(Object::Array(refs));
    }
    for (k, element) in annot_keys.iter().enumerate() {
        if let Some(element) = element {
            nums.push(Object::Integer((page_ids.len() + k) as i64));
            nums.push(Object::Reference(*element));
        }
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set("K", Object::Array(vec![Object::Reference(ids[0])]));
    root.set("ParentTree", pdf.add_object(parent_tree));
    root.set(
        "ParentTreeNextKey",
        (page_ids.len() + annot_keys.len()) as i64,
    );
    pdf.objects.insert(root_id, Object::Dictionary(root));

    for (page, &id) in page_ids.iter().enumerate() {
        if let Ok(Object::Dictionary(dict)) = pdf.get_object_mut(id) {
            dict.set("StructParents", page as i64);
            if !annots[page].is_empty() {
                let refs = annots[page].iter().map(|&a| Object::Reference(a));
                dict.set("Annots", Object::Array(refs.collect()));
                dict.set("Tabs", Object::Name(b"S".to_vec()));
            }
        }
    }
    root_id
}

/// A PDF text string as compact as it can be: a literal in
/// PDFDocEncoding where every character has a code there that is the same
/// as Latin-1's (printable ASCII, and U+00A1 to U+00FF but the soft
/// hyphen), a quarter the size of UTF-16 in hex; else `text_string`.
fn short_text(text: &str) -> Object {
    let same = |c: char| matches!(u32::from(c), 0x20..=0x7E | 0xA1..=0xAC | 0xAE..=0xFF);
    if text.chars().all(same) {
        Object::string_literal(text.chars().map(|c| c as u8).collect::<Vec<u8>>())
    } else {
        text_string(text)
    }
}

/// A link annotation over `area`: printable, without a border, leading
/// to its URI, which is also its description (`/Contents`).
fn link_annotation(area: &LinkArea, page: ObjectId, key: usize) -> Dictionary {
    let mut action = Dictionary::new();
    action.set("S", Object::Name(b"URI".to_vec()));
    action.set("URI", Object::string_literal(area.uri.as_bytes().to_vec()));
    let mut annot = Dictionary::new();
    annot.set("Type", Object::Name(b"Annot".to_vec()));
    annot.set("Subtype", Object::Name(b"Link".to_vec()));
    annot.set(
        "Rect",
        Object::Array(area.rect.iter().map(|&v| v.into()).collect()),
    );
    annot.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
    annot.set("F", 4);
    annot.set("P", page);
    annot.set("Contents", short_text(&area.uri));
    annot.set("A", action);
    annot.set("StructParent", key as i64);
    annot
}

/// Which cells a header cell heads, so a screen reader can say the day or
/// the exercise with each box: in a row of header cells alone (the days)
/// its column, else (an exercise's name first in its row) its row.
fn header_scope(tree: &Structure, row: Option<usize>) -> Dictionary {
    let all_headers = row.is_some_and(|row| {
        tree.elements[row].kids.iter().all(|kid| match kid {
            Kid::Element(cell) => tree.elements[*cell].role == Role::TH,
            _ => true,
        })
    });
    let mut attributes = Dictionary::new();
    attributes.set("O", Object::Name(b"Table".to_vec()));
    let scope: &[u8] = if all_headers { b"Column" } else { b"Row" };
    attributes.set("Scope", Object::Name(scope.to_vec()));
    attributes
}
