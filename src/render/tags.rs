//! The structure tree of a tagged PDF: the document's `Structure` as
//! structure elements under a `/StructTreeRoot`, the `/ParentTree` that
//! leads from each page's marked content (and each link annotation) back
//! to its element, and the link annotations themselves.
//!
//! The marked content was written by `content::draw_page` with the MCIDs
//! `document::tags` gives, so both sides count the same way and nothing
//! reads a number back from the content.
//!
//! The elements, the root and the parent tree are written straight to PDF
//! syntax (`Written`), not built as lopdf dictionaries first: a sheet has
//! two hundred of them, and building them cost more than anything else in
//! tagging (callgrind on `cargo bench --bench sheet`: 1.96 M instructions a
//! sheet, over half of it `Dictionary::set`).
//!
//! Every element is an object of its own, even an empty one (a log's
//! tick-box cell), though only its parent refers to it: poppler refuses
//! an element written in place ("Structure element dictionary is not an
//! indirect reference"), which would have saved 705 bytes a sheet.

use lopdf::{Dictionary, Object, ObjectId};

use super::content::LinkArea;
use super::text_string;
use super::write::{push_number, push_object};
use crate::document::Document;
use crate::document::tags::{Kid, Role, Structure};

/// Objects already written as PDF syntax, in ascending number: each
/// one's number and where its bytes end in `bytes`.
#[derive(Debug, Default)]
pub(super) struct Written {
    bytes: Vec<u8>,
    ends: Vec<(u32, usize)>,
}

impl Written {
    /// Each object's number and syntax, in ascending number.
    pub(super) fn objects(&self) -> impl Iterator<Item = (u32, &[u8])> {
        let mut start = 0;
        self.ends.iter().map(move |&(number, end)| {
            let bytes = &self.bytes[start..end];
            start = end;
            (number, bytes)
        })
    }

    /// The highest object number, if any.
    pub(super) fn highest(&self) -> Option<u32> {
        self.ends.last().map(|&(number, _)| number)
    }

    /// Write object `number` (higher than any before) with `write`.
    fn object(&mut self, number: u32, write: impl FnOnce(&mut Vec<u8>)) {
        debug_assert!(self.highest().is_none_or(|h| h < number));
        write(&mut self.bytes);
        self.ends.push((number, self.bytes.len()));
    }
}

/// Add the structure elements of `doc` and the link annotations of each
/// page (`links`, as `draw_page` found them) to `pdf`; set each page's
/// `/StructParents`, `/Annots` and `/Tabs`. Gives the `/StructTreeRoot`
/// and the objects written as syntax.
pub(super) fn add_structure(
    pdf: &mut lopdf::Document,
    doc: &Document,
    page_ids: &[ObjectId],
    links: &[Vec<LinkArea>],
) -> (ObjectId, Written) {
    let tree = doc.structure();
    let root_id = pdf.new_object_id();
    let ids: Vec<u32> = tree
        .elements
        .iter()
        .map(|_| pdf.new_object_id().0)
        .collect();

    // The link annotations, each with its key in the parent tree: after
    // the pages' keys (0 to pages - 1); by key, the element each is in.
    let mut annots: Vec<Vec<ObjectId>> = Vec::with_capacity(links.len());
    let mut first_link = Vec::with_capacity(links.len());
    let mut count = 0;
    for (page, areas) in links.iter().enumerate() {
        first_link.push(count);
        let mut on_page = Vec::with_capacity(areas.len());
        for area in areas {
            let key = page_ids.len() + count;
            on_page.push(pdf.add_object(link_annotation(area, page_ids[page], key)));
            count += 1;
        }
        annots.push(on_page);
    }
    let mut annot_keys: Vec<Option<u32>> = vec![None; count];
    let parent_tree_id = pdf.new_object_id();

    let mut written = Written::default();
    written.object(root_id.0, |out| {
        out.extend_from_slice(b"<</Type/StructTreeRoot/K[");
        reference(out, ids[0]);
        out.extend_from_slice(b"]/ParentTree ");
        reference(out, parent_tree_id.0);
        out.extend_from_slice(b"/ParentTreeNextKey ");
        push_number(out, (page_ids.len() + count) as i64);
        out.extend_from_slice(b">>");
    });

    // Each page's marked content, by MCID: the element it belongs to.
    let mut parents: Vec<Vec<Option<u32>>> = vec![Vec::new(); page_ids.len()];
    let pages: Vec<u32> = page_ids.iter().map(|id| id.0).collect();
    let mut writer = ElementWriter {
        tree: &tree,
        ids: &ids,
        pages: &pages,
        root: root_id.0,
        annots: &annots,
        first_link: &first_link,
        parents: &mut parents,
        annot_keys: &mut annot_keys,
    };
    for (i, &id) in ids.iter().enumerate() {
        written.object(id, |out| writer.element(out, i));
    }

    written.object(parent_tree_id.0, |out| {
        out.extend_from_slice(b"<</Nums[");
        for (page, slots) in parents.iter().enumerate() {
            if page > 0 {
                out.push(b' ');
            }
            push_number(out, page as i64);
            out.push(b'[');
            for (k, slot) in slots.iter().enumerate() {
                if k > 0 {
                    out.push(b' ');
                }
                match slot {
                    Some(element) => reference(out, *element),
                    None => out.extend_from_slice(b"null"),
                }
            }
            out.push(b']');
        }
        for (k, element) in annot_keys.iter().enumerate() {
            if let Some(element) = element {
                out.push(b' ');
                push_number(out, (page_ids.len() + k) as i64);
                out.push(b' ');
                reference(out, *element);
            }
        }
        out.extend_from_slice(b"]>>");
    });

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
    (root_id, written)
}

/// What writing the elements needs: the tree, object numbers, and the
/// parent tree and link keys it fills in.
struct ElementWriter<'a> {
    tree: &'a Structure,
    ids: &'a [u32],
    /// Each page's object number.
    pages: &'a [u32],
    root: u32,
    annots: &'a [Vec<ObjectId>],
    first_link: &'a [usize],
    parents: &'a mut [Vec<Option<u32>>],
    annot_keys: &'a mut [Option<u32>],
}

impl ElementWriter<'_> {
    /// Element `i` as a dictionary: `/S`, `/P`, `/Pg`, `/Alt`, `/Lang`, `/A`, `/K`.
    fn element(&mut self, out: &mut Vec<u8>, i: usize) {
        let id = self.ids[i];
        let element = &self.tree.elements[i];
        let page_of = element.kids.iter().find_map(|kid| match kid {
            Kid::Content { page, .. } | Kid::Link { page, .. } => Some(*page),
            Kid::Element(_) => None,
        });
        out.extend_from_slice(b"<</S/");
        out.extend_from_slice(element.role.name().as_bytes());
        out.extend_from_slice(b"/P ");
        reference(out, element.parent.map_or(self.root, |p| self.ids[p]));
        if let Some(page) = page_of {
            out.extend_from_slice(b"/Pg ");
            reference(out, self.pages[page]);
        }
        if let Some(alt) = &element.alt {
            out.extend_from_slice(b"/Alt");
            push_object(out, &short_text(alt));
        }
        if let Some(lang) = element.lang {
            out.extend_from_slice(b"/Lang");
            push_object(out, &Object::string_literal(lang));
        }
        if element.role == Role::TH {
            out.extend_from_slice(b"/A<</O/Table/Scope/");
            out.extend_from_slice(header_scope(self.tree, element.parent));
            out.extend_from_slice(b">>");
        }
        // One kid needs no array (most leaves: one line, one MCID); an
        // element with none no `/K` at all.
        let kids = element.kids.len();
        if kids > 0 {
            out.extend_from_slice(b"/K");
            if kids > 1 {
                out.push(b'[');
            }
            for kid in &element.kids {
                self.kid(out, *kid, page_of, id);
            }
            if kids > 1 {
                out.push(b']');
            }
        }
        out.extend_from_slice(b">>");
    }

    /// One kid of element `id`, whose `/Pg` is `page_of`.
    fn kid(&mut self, out: &mut Vec<u8>, kid: Kid, page_of: Option<usize>, id: u32) {
        // A number after `/K` or another array item needs a space before
        // it; a dictionary starts with a delimiter.
        let space = |out: &mut Vec<u8>| {
            if !out.ends_with(b"[") {
                out.push(b' ');
            }
        };
        match kid {
            Kid::Element(child) => {
                space(out);
                reference(out, self.ids[child]);
            }
            Kid::Content { page, mcid } => {
                let slots = &mut self.parents[page];
                if slots.len() <= mcid {
                    slots.resize(mcid + 1, None);
                }
                slots[mcid] = Some(id);
                if Some(page) == page_of {
                    space(out);
                    push_number(out, mcid as i64);
                } else {
                    out.extend_from_slice(b"<</Type/MCR/Pg ");
                    reference(out, self.pages[page]);
                    out.extend_from_slice(b"/MCID ");
                    push_number(out, mcid as i64);
                    out.extend_from_slice(b">>");
                }
            }
            Kid::Link { page, index } => {
                let Some(&annot) = self.annots[page].get(index) else {
                    return;
                };
                self.annot_keys[self.first_link[page] + index] = Some(id);
                out.extend_from_slice(b"<</Type/OBJR/Pg ");
                reference(out, self.pages[page]);
                out.extend_from_slice(b"/Obj ");
                reference(out, annot.0);
                out.extend_from_slice(b">>");
            }
        }
    }
}

/// `n 0 R`.
fn reference(out: &mut Vec<u8>, number: u32) {
    push_number(out, i64::from(number));
    out.extend_from_slice(b" 0 R");
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
fn header_scope(tree: &Structure, row: Option<usize>) -> &'static [u8] {
    let all_headers = row.is_some_and(|row| {
        tree.elements[row].kids.iter().all(|kid| match kid {
            Kid::Element(cell) => tree.elements[*cell].role == Role::TH,
            _ => true,
        })
    });
    if all_headers { b"Column" } else { b"Row" }
}
