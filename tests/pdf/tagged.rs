//! The structure tree of a tagged PDF, read and checked against the pages:
//! what a screen reader reads instead of the content streams.
//!
//! Checks: `/MarkInfo /Marked true` and a `/StructTreeRoot`; walking the
//! tree from its root reaches every marked content of every page exactly
//! once (and nothing that is not there), each element's `/P` is its
//! parent, the `/ParentTree` leads each MCID and each link annotation
//! back to its element; every `Figure` has `/Alt`; every link annotation
//! sits in a `Link` element, with `/Contents` and on a page with `/Tabs
//! /S`; headings start at `H1` and never skip a level; the tree's text,
//! read element by element, has the same words as the pages show outside
//! artifacts, each as often (`check_words`), and in the order the pages
//! show them, column by column (`check_reading_order`, which says where
//! the two legitimately differ).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{Marked, Run, reading_order_of};

/// A structure tree as read, elements in reading order (depth first).
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub elements: Vec<Element>,
}

/// One structure element.
#[derive(Debug, Clone)]
pub struct Element {
    pub role: String,
    pub depth: usize,
    pub alt: Option<String>,
    pub lang: Option<String>,
    /// A table header cell's `/Scope` (`Column`, `Row`), from its
    /// `/A` attributes.
    pub scope: Option<String>,
    /// The text of its own marked content, in reading order.
    pub text: String,
    /// The URIs of the link annotations it holds.
    pub links: Vec<String>,
}

impl Tree {
    /// The roles, indented two spaces a level, one a line: as
    /// `pdfinfo -struct` prints them, without its "(block)" notes.
    pub fn outline(&self) -> String {
        self.elements
            .iter()
            .map(|e| format!("{}{}\n", "  ".repeat(e.depth), e.role))
            .collect()
    }

    /// Every element's own text in reading order, one element a line
    /// (lines of one element joined by a space): what a screen reader says.
    pub fn text(&self) -> String {
        self.elements
            .iter()
            .filter(|e| !e.text.is_empty())
            .map(|e| format!("{}\n", super::flat(&e.text)))
            .collect()
    }

    /// The elements with role `role`, in reading order.
    pub fn all(&self, role: &str) -> Vec<&Element> {
        self.elements.iter().filter(|e| e.role == role).collect()
    }

    /// The children of the element at `index`, in reading order.
    pub fn children(&self, index: usize) -> Vec<&Element> {
        let depth = self.elements[index].depth;
        self.elements[index + 1..]
            .iter()
            .take_while(|e| e.depth > depth)
            .filter(|e| e.depth == depth + 1)
            .collect()
    }

    /// The index of each element with role `role`.
    pub fn find(&self, role: &str) -> Vec<usize> {
        (0..self.elements.len())
            .filter(|&i| self.elements[i].role == role)
            .collect()
    }

    /// The text of the element at `index` and everything under it.
    pub fn text_under(&self, index: usize) -> String {
        let depth = self.elements[index].depth;
        std::iter::once(&self.elements[index])
            .chain(
                self.elements[index + 1..]
                    .iter()
                    .take_while(|e| e.depth > depth),
            )
            .map(|e| e.text.as_str())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Read the tree of `doc` and check it against its pages: `pages` each
/// page's id and the MCIDs its content marks, `runs` its text.
pub(super) fn check_tagged(
    doc: &Document,
    pages: &[(ObjectId, Vec<i64>)],
    runs: &[Vec<Run>],
) -> Result<Tree, String> {
    let catalog = doc.catalog().map_err(|e| format!("no catalog: {e}"))?;
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|m| doc.dereference(m).ok())
        .and_then(|(_, m)| m.as_dict().ok())
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|m| m.as_bool().ok());
    if marked != Some(true) {
        return Err("not tagged: no /MarkInfo << /Marked true >>".into());
    }
    let root_id = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .map_err(|_| "not tagged: no /StructTreeRoot")?;
    let root = doc.get_dictionary(root_id).map_err(|e| e.to_string())?;
    let page_of: BTreeMap<ObjectId, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();

    let mut walk = Walk {
        doc,
        page_of: &page_of,
        runs,
        tree: Tree::default(),
        reached: BTreeMap::new(),
        annots: BTreeMap::new(),
        seen: BTreeSet::new(),
        order: Vec::new(),
    };
    for kid in kids(root) {
        let id = kid
            .as_reference()
            .map_err(|_| "/StructTreeRoot /K holds a non-element")?;
        walk.element(id, root_id, 0)?;
    }
    let Walk {
        tree,
        reached,
        annots,
        order,
        ..
    } = walk;

    // Every MCID of the content reached once; nothing reached that is not there.
    for (p, (_, mcids)) in pages.iter().enumerate() {
        for mcid in mcids {
            if !reached.contains_key(&(p, *mcid)) {
                return Err(format!(
                    "page {}: marked content {mcid} is in no structure element",
                    p + 1
                ));
            }
        }
    }
    for (p, mcid) in reached.keys() {
        if !pages[*p].1.contains(mcid) {
            return Err(format!(
                "page {}: the structure names marked content {mcid}, which the page lacks",
                p + 1
            ));
        }
    }
    check_parent_tree(doc, root, pages, &reached, &annots)?;
    check_annotations(doc, pages, &annots)?;
    check_headings(&tree)?;
    for figure in tree.all("Figure") {
        if figure.alt.as_deref().is_none_or(str::is_empty) {
            return Err("a Figure without /Alt".into());
        }
    }
    check_words(&tree, runs)?;
    check_reading_order(&order, runs)?;
    Ok(tree)
}

/// The walk down the tree.
struct Walk<'a> {
    doc: &'a Document,
    page_of: &'a BTreeMap<ObjectId, usize>,
    runs: &'a [Vec<Run>],
    tree: Tree,
    /// (page index, MCID) -> the element whose content it is.
    reached: BTreeMap<(usize, i64), ObjectId>,
    /// Annotation -> the element whose `OBJR` names it.
    annots: BTreeMap<ObjectId, ObjectId>,
    seen: BTreeSet<ObjectId>,
    /// (page index, element, MCID) in the order the walk reached them.
    order: Vec<(usize, ObjectId, i64)>,
}

impl Walk<'_> {
    fn element(&mut self, id: ObjectId, parent: ObjectId, depth: usize) -> Result<(), String> {
        if !self.seen.insert(id) || depth > 64 {
            return Err(format!("structure element {id:?} reached twice (a cycle?)"));
        }
        let doc = self.doc;
        let dict = doc.get_dictionary(id).map_err(|e| e.to_string())?;
        let role = dict
            .get(b"S")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .map_err(|_| format!("structure element {id:?} without /S"))?;
        if dict.get(b"P").and_then(Object::as_reference).ok() != Some(parent) {
            return Err(format!("{role} {id:?}: /P is not its parent"));
        }
        let text_of = |key: &[u8]| {
            dict.get(key)
                .ok()
                .map(|v| lopdf::decode_text_string(v).unwrap_or_default())
        };
        let at = self.tree.elements.len();
        self.tree.elements.push(Element {
            role: role.clone(),
            depth,
            alt: text_of(b"Alt"),
            lang: text_of(b"Lang"),
            scope: dict
                .get(b"A")
                .and_then(Object::as_dict)
                .and_then(|a| a.get(b"Scope"))
                .and_then(Object::as_name)
                .ok()
                .map(|n| String::from_utf8_lossy(n).into_owned()),
            text: String::new(),
            links: Vec::new(),
        });
        let page = dict.get(b"Pg").and_then(Object::as_reference).ok();
        let mut lines = Vec::new();
        for kid in kids(dict) {
            let (pg, mcid) = match kid {
                Object::Reference(child) => {
                    let child_dict = doc.get_dictionary(*child).map_err(|e| e.to_string())?;
                    if child_dict.has(b"S") {
                        self.element(*child, id, depth + 1)?;
                        continue;
                    }
                    return Err(format!("{role}: a kid {child:?} that is no element"));
                }
                Object::Integer(mcid) => (page, *mcid),
                Object::Dictionary(d) => {
                    let kind = d.get(b"Type").and_then(Object::as_name).ok();
                    let pg = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                    if kind == Some(b"OBJR".as_slice()) {
                        let annot = d
                            .get(b"Obj")
                            .and_then(Object::as_reference)
                            .map_err(|_| format!("{role}: an OBJR without /Obj"))?;
                        if role != "Link" {
                            return Err(format!("an annotation in a {role}, not a Link"));
                        }
                        if self.annots.insert(annot, id).is_some() {
                            return Err(format!("annotation {annot:?} reached twice"));
                        }
                        let uri = doc
                            .get_dictionary(annot)
                            .and_then(|a| a.get(b"A"))
                            .and_then(|a| doc.dereference(a))
                            .and_then(|(_, a)| a.as_dict())
                            .and_then(|a| a.get(b"URI"))
                            .and_then(Object::as_str)
                            .map_err(|_| format!("link annotation {annot:?} without a /URI"))?;
                        let uri = String::from_utf8_lossy(uri).into_owned();
                        self.tree.elements[at].links.push(uri);
                        continue;
                    }
                    let mcid = d
                        .get(b"MCID")
                        .and_then(Object::as_i64)
                        .map_err(|_| format!("{role}: a marked-content reference without /MCID"))?;
                    (pg, mcid)
                }
                other => return Err(format!("{role}: a kid {other:?}")),
            };
            let pg = pg.ok_or_else(|| format!("{role}: MCID {mcid} without a /Pg"))?;
            let p = *self
                .page_of
                .get(&pg)
                .ok_or_else(|| format!("{role}: /Pg {pg:?} is no page"))?;
            self.order.push((p, id, mcid));
            if self.reached.insert((p, mcid), id).is_some() {
                return Err(format!(
                    "page {}: marked content {mcid} reached twice",
                    p + 1
                ));
            }
            let runs: Vec<&Run> = self.runs[p]
                .iter()
                .filter(|r| r.marked == Marked::Mcid(mcid))
                .collect();
            lines.push(reading_order_of(&runs));
        }
        self.tree.elements[at].text = lines.join("\n");
        Ok(())
    }
}

/// An element's or the root's `/K` as a list.
fn kids(dict: &Dictionary) -> Vec<&Object> {
    match dict.get(b"K") {
        Ok(Object::Array(items)) => items.iter().collect(),
        Ok(one) => vec![one],
        Err(_) => Vec::new(),
    }
}

/// The `/ParentTree` (a flat `/Nums` number tree, as rx writes it) leads
/// each page's MCIDs and each annotation back to their elements.
fn check_parent_tree(
    doc: &Document,
    root: &Dictionary,
    pages: &[(ObjectId, Vec<i64>)],
    reached: &BTreeMap<(usize, i64), ObjectId>,
    annots: &BTreeMap<ObjectId, ObjectId>,
) -> Result<(), String> {
    let tree = root
        .get(b"ParentTree")
        .ok()
        .and_then(|t| doc.dereference(t).ok())
        .and_then(|(_, t)| t.as_dict().ok())
        .ok_or("/StructTreeRoot without a /ParentTree")?;
    let nums = tree
        .get(b"Nums")
        .and_then(Object::as_array)
        .map_err(|_| "a /ParentTree without /Nums")?;
    let mut map = BTreeMap::new();
    for pair in nums.chunks(2) {
        let [key, value] = pair else {
            return Err("/Nums of odd length".into());
        };
        let key = key.as_i64().map_err(|_| "a /Nums key that is no integer")?;
        map.insert(key, value);
    }
    for (p, (id, mcids)) in pages.iter().enumerate() {
        let page = doc.get_dictionary(*id).map_err(|e| e.to_string())?;
        if mcids.is_empty() {
            continue;
        }
        let key = page
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .map_err(|_| format!("page {}: marked content but no /StructParents", p + 1))?;
        let parents = map
            .get(&key)
            .and_then(|v| doc.dereference(v).ok())
            .and_then(|(_, v)| v.as_array().ok())
            .ok_or_else(|| {
                format!(
                    "page {}: /StructParents {key} not in the /ParentTree",
                    p + 1
                )
            })?;
        for mcid in mcids {
            let element = parents
                .get(*mcid as usize)
                .and_then(|o| o.as_reference().ok());
            if element != reached.get(&(p, *mcid)).copied() {
                return Err(format!(
                    "page {}: the /ParentTree leads MCID {mcid} to {element:?}, not its element",
                    p + 1
                ));
            }
        }
    }
    for (annot, element) in annots {
        let key = doc
            .get_dictionary(*annot)
            .and_then(|a| a.get(b"StructParent"))
            .and_then(Object::as_i64)
            .map_err(|_| format!("annotation {annot:?} without /StructParent"))?;
        let found = map.get(&key).and_then(|o| o.as_reference().ok());
        if found != Some(*element) {
            return Err(format!(
                "the /ParentTree leads annotation {annot:?} to {found:?}, not its Link"
            ));
        }
    }
    Ok(())
}

/// Every link annotation is in the tree, says what it is (`/Contents`) and
/// sits on a page whose tab order follows the structure.
fn check_annotations(
    doc: &Document,
    pages: &[(ObjectId, Vec<i64>)],
    annots: &BTreeMap<ObjectId, ObjectId>,
) -> Result<(), String> {
    for (p, (id, _)) in pages.iter().enumerate() {
        let page = doc.get_dictionary(*id).map_err(|e| e.to_string())?;
        let list = match page.get(b"Annots").and_then(|a| doc.dereference(a)) {
            Ok((_, Object::Array(list))) => list.clone(),
            _ => Vec::new(),
        };
        if !list.is_empty() && page.get(b"Tabs").and_then(Object::as_name).ok() != Some(b"S") {
            return Err(format!("page {}: annotations without /Tabs /S", p + 1));
        }
        for annot in list {
            let annot = annot.as_reference().map_err(|_| "a direct annotation")?;
            let dict = doc.get_dictionary(annot).map_err(|e| e.to_string())?;
            if !annots.contains_key(&annot) {
                return Err(format!("page {}: an annotation in no Link element", p + 1));
            }
            if dict
                .get(b"Contents")
                .ok()
                .and_then(|c| lopdf::decode_text_string(c).ok())
                .is_none_or(|c| c.is_empty())
            {
                return Err(format!(
                    "page {}: a link annotation without /Contents",
                    p + 1
                ));
            }
        }
    }
    Ok(())
}

/// Headings start at `H1` and go down one level at a time.
fn check_headings(tree: &Tree) -> Result<(), String> {
    let mut last = 0;
    for element in &tree.elements {
        let Some(level) = element
            .role
            .strip_prefix('H')
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        if level > last + 1 {
            return Err(format!(
                "heading H{level} after H{last}: {:?}",
                super::flat(&element.text)
            ));
        }
        last = level;
    }
    Ok(())
}

/// The tree's text has the words the pages show outside artifacts, each as
/// often (see the module's note on order).
fn check_words(tree: &Tree, runs: &[Vec<Run>]) -> Result<(), String> {
    let count = |text: &str, into: &mut BTreeMap<String, i64>, by: i64| {
        for word in text.split_whitespace() {
            *into.entry(word.to_owned()).or_default() += by;
        }
    };
    let mut words = BTreeMap::new();
    for page in runs {
        let shown: Vec<&Run> = page
            .iter()
            .filter(|r| r.marked != Marked::Artifact)
            .collect();
        count(&reading_order_of(&shown), &mut words, 1);
    }
    for element in &tree.elements {
        count(&element.text, &mut words, -1);
    }
    let differ: Vec<String> = words
        .iter()
        .filter(|(_, n)| **n != 0)
        .take(8)
        .map(|(w, n)| format!("{w:?} {n:+}"))
        .collect();
    if differ.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the structure's text differs from the pages' (page count - tree count): {}",
            differ.join(", ")
        ))
    }
}
/// The tree's text is in the order the pages show it: page by page, each
/// element's text there (a block: its marked contents, read line by line
/// by `reading_order_of`) comes after every block that starts above it in
/// its column, and after a block that starts on the same line to its left.
/// A shuffled tree fails this; so does a tree that reads a paragraph
/// before the heading above it.
///
/// Where the tree's order and the page's positions legitimately differ,
/// and so what is compared by column rather than by line: blocks set side
/// by side (the clinic's and the patient's lines in the header, the figure
/// column beside an exercise's steps, the log's day headings) interleave
/// line by line on the page; a reader reads one block whole, then the
/// next, and the figure column (the figure, its video code's label and
/// link) before the text beside it. Blocks whose horizontal extents do not
/// overlap are in different columns and are not ordered against each
/// other, except on one line. Text with no marked content of its own (a
/// figure's strokes have none) has no place to check.
fn check_reading_order(order: &[(usize, ObjectId, i64)], runs: &[Vec<Run>]) -> Result<(), String> {
    for (p, page) in runs.iter().enumerate() {
        // Each element with content on the page, as the tree reaches it,
        // and its MCIDs there.
        let mut elements: Vec<(ObjectId, Vec<i64>)> = Vec::new();
        for &(_, id, mcid) in order.iter().filter(|(on, ..)| *on == p) {
            match elements.iter_mut().find(|(known, _)| *known == id) {
                Some((_, mcids)) => mcids.push(mcid),
                None => elements.push((id, vec![mcid])),
            }
        }
        let blocks: Vec<Block> = elements
            .iter()
            .filter_map(|(_, mcids)| {
                let own: Vec<&Run> = page
                    .iter()
                    .filter(|r| {
                        matches!(r.marked, Marked::Mcid(m) if mcids.contains(&m))
                            && !r.text.trim().is_empty()
                    })
                    .collect();
                Block::of(&own)
            })
            .collect();
        for (i, earlier) in blocks.iter().enumerate() {
            for later in &blocks[i + 1..] {
                let same_line = (later.top - earlier.top).abs() < 0.5;
                let one_column = later.left < earlier.right && earlier.left < later.right;
                let out_of_order = if same_line {
                    later.left < earlier.left
                } else {
                    one_column && later.top > earlier.top
                };
                if out_of_order {
                    return Err(format!(
                        "page {}: the structure reads out of order: {:?} before {:?}, which the page shows first",
                        p + 1,
                        super::flat(&earlier.text),
                        super::flat(&later.text),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// An element's text on a page, and where it lies: the baseline of its
/// first line (`top`, in PDF's y, up) and its horizontal extent.
struct Block {
    top: f32,
    left: f32,
    right: f32,
    text: String,
}

impl Block {
    fn of(runs: &[&Run]) -> Option<Block> {
        let top = runs.iter().map(|r| r.y).max_by(f32::total_cmp)?;
        let left = runs.iter().map(|r| r.x).min_by(f32::total_cmp)?;
        let right = runs.iter().map(|r| r.x + r.width).max_by(f32::total_cmp)?;
        Some(Block {
            top,
            left,
            right,
            text: reading_order_of(runs),
        })
    }
}

/// The checks of a tagged PDF are not a formality: each way a sheet can
/// fail a screen reader is caught, and named.
#[test]
fn the_reader_rejects_sheets_a_screen_reader_cannot_read() {
    let test = crate::support::Test::new()
        .file("plan.toml", crate::support::PLAN)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let good = std::fs::read(test.path("plan.pdf")).expect("the sheet");
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
    let rejects = |bytes: Vec<u8>, why: &str| match super::Pdf::parse(&bytes) {
        Ok(_) => panic!("a sheet with {why} was accepted"),
        Err(e) => assert!(e.contains(why), "{why}: {e}"),
    };
    assert!(
        super::Pdf::parse(&resaved(&|_| {})).is_ok(),
        "resaved as it was"
    );
    let elements = |doc: &mut Document, role: &[u8], change: &dyn Fn(&mut Dictionary)| {
        for object in doc.objects.values_mut() {
            if let Object::Dictionary(d) = object
                && d.get(b"S").and_then(Object::as_name).ok() == Some(role)
            {
                change(d);
            }
        }
    };
    rejects(
        resaved(&|doc| {
            let root = doc.trailer.get(b"Root").and_then(Object::as_reference);
            let catalog = doc
                .get_dictionary_mut(root.expect("a root"))
                .expect("the catalog");
            catalog.remove(b"MarkInfo");
        }),
        "not tagged",
    );
    rejects(
        resaved(&|doc| elements(doc, b"Figure", &|d| drop(d.remove(b"Alt")))),
        "a Figure without /Alt",
    );
    // The title's text left out of the tree.
    rejects(
        resaved(&|doc| elements(doc, b"H1", &|d| d.set("K", Object::Array(Vec::new())))),
        "is in no structure element",
    );
    // The title turned into a third-level heading.
    rejects(
        resaved(&|doc| elements(doc, b"H1", &|d| d.set("S", Object::Name(b"H3".to_vec())))),
        "heading H3 after H0",
    );
    // The parent tree emptied.
    rejects(
        resaved(&|doc| {
            for object in doc.objects.values_mut() {
                if let Object::Dictionary(d) = object
                    && d.has(b"Nums")
                {
                    d.set("Nums", Object::Array(Vec::new()));
                }
            }
        }),
        "not in the /ParentTree",
    );
    // Two paragraphs under the title read the other way round: the words
    // all there, the headings in order, the order not.
    rejects(
        resaved(&|doc| {
            let title = doc
                .objects
                .iter()
                .find(|(_, o)| {
                    o.as_dict()
                        .is_ok_and(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(b"H1"))
                })
                .map(|(id, _)| *id)
                .expect("a title");
            elements(doc, b"Document", &|d| {
                let kids = d
                    .get_mut(b"K")
                    .and_then(Object::as_array_mut)
                    .expect("kids");
                let at = kids
                    .iter()
                    .position(|k| k.as_reference().ok() == Some(title))
                    .expect("the title is the document's");
                kids.swap(at + 1, at + 2);
            });
        }),
        "the structure reads out of order",
    );
    // A line drawn on page 1 outside any marked content.
    rejects(
        resaved(&|doc| {
            let page = *doc.get_pages().get(&1).expect("page 1");
            let content = doc.get_page_content(page);
            let mut drawn = b"0 0 m 10 10 l S\n".to_vec();
            drawn.extend(content);
            doc.change_page_content(page, drawn).expect("changed");
        }),
        "`S` outside marked content",
    );
}
