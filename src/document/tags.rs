//! The logical structure of a document: which structure element (a
//! heading, a paragraph, a list item, a figure, a table cell) each group
//! of items belongs to, for a screen reader.
//!
//! Layout knows what each item is; it wraps the items of one element on
//! one row in an `Item::Marked` whose `Tag` names the element by its path
//! from the document (`Sect 3 / L 0 / LI 2 / LBody 0`). Items outside any
//! `Marked` are page furniture (headers, footers, rules, boxes, tinted
//! bands): artifacts a reader skips. `Document::structure` turns the paths
//! into a tree; render writes it as the PDF's structure tree, one
//! marked-content sequence per `Marked` item.
//!
//! Invariants: siblings are in the order their first item appears, page
//! by page and item by item, which is the order layout placed them: the
//! reading order. A page's items are drawn as `sequences`: top-level
//! `Marked` items in a row with the same tag are one marked-content
//! sequence (the lines of a paragraph), the `k`th with a tag that draws
//! something (`Sequence::draws`) has MCID `k`;
//! the items between are one artifact each. A `Marked` inside a `Marked`
//! is part of the outer one.

use super::{Item, Page};

/// A standard structure type (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Document,
    /// One sheet of a combined file.
    Part,
    Sect,
    H1,
    H2,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Figure,
    Table,
    TR,
    TH,
    TD,
    Link,
    Span,
}

impl Role {
    /// Its name in the PDF (`/S`) and in the layout dump.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Part => "Part",
            Role::Sect => "Sect",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Figure => "Figure",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Link => "Link",
            Role::Span => "Span",
        }
    }
}

/// One step of a path: a role, and which element of that role among its
/// parent's children (any number, as long as siblings differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Step {
    pub role: Role,
    pub n: u32,
}

/// The structure element a group of items belongs to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tag {
    /// From under the document's root element down to the element.
    pub path: Vec<Step>,
    /// The text alternative of a `Figure` (or of a `Link`'s annotation).
    pub alt: Option<String>,
    /// A language other than the document's (`he`, `ar`).
    pub lang: Option<&'static str>,
}

impl Tag {
    /// The element `role` number `n` under the document's root.
    pub fn top(role: Role, n: u32) -> Tag {
        Tag {
            path: vec![Step { role, n }],
            ..Tag::default()
        }
    }

    /// The child `role` number `n` of this element (no alt or lang).
    pub fn child(&self, role: Role, n: u32) -> Tag {
        let mut path = self.path.clone();
        path.push(Step { role, n });
        Tag {
            path,
            ..Tag::default()
        }
    }

    /// This tag with a text alternative.
    pub fn with_alt(mut self, alt: impl Into<String>) -> Tag {
        self.alt = Some(alt.into());
        self
    }

    /// The element's role (`Document` for an empty path).
    pub fn role(&self) -> Role {
        self.path.last().map_or(Role::Document, |s| s.role)
    }

    /// This element with no content of its own (an empty table cell,
    /// whose boxes are furniture): it is in the tree, in its place, with
    /// no marked content and no MCID.
    pub fn empty(&self) -> Item {
        Item::Marked {
            tag: self.clone(),
            items: Vec::new(),
        }
    }

    /// `items` as one group of this element; `None` if there are none.
    pub fn mark(&self, items: Vec<Item>) -> Option<Item> {
        (!items.is_empty()).then(|| Item::Marked {
            tag: self.clone(),
            items,
        })
    }
}

/// The structure tree: element 0 is the root (`Document`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    pub elements: Vec<Element>,
}

/// One structure element and its children in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub role: Role,
    pub parent: Option<usize>,
    pub alt: Option<String>,
    pub lang: Option<&'static str>,
    pub kids: Vec<Kid>,
}

/// A child of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    /// Another element, by index.
    Element(usize),
    /// The marked content `mcid` of the 0-based page `page`.
    Content { page: usize, mcid: usize },
    /// The `index`th link annotation of the 0-based page `page`.
    Link { page: usize, index: usize },
}

impl Structure {
    /// The tree the `Marked` items of `pages` make (`Document::structure`).
    pub fn of(pages: &[Page]) -> Structure {
        let mut tree = Structure {
            elements: vec![Element::new(Role::Document, None)],
        };
        // Each element's step under its parent, to find it again among
        // its parent's children.
        let mut steps: Vec<Option<Step>> = vec![None];
        // The last sequence's path and the element at each of its steps:
        // the next sequence is mostly the same paragraph, list or row, so
        // only the steps after the shared prefix are looked up.
        let mut last: Vec<(Step, usize)> = Vec::new();
        for (p, page) in pages.iter().enumerate() {
            let mut links = 0;
            let mut mcid = 0;
            for sequence in sequences(&page.items) {
                let Some(tag) = sequence.tag else {
                    continue;
                };
                let shared = last
                    .iter()
                    .zip(&tag.path)
                    .take_while(|((known_step, _), step)| known_step == *step)
                    .count();
                last.truncate(shared);
                let mut at = last.last().map_or(0, |&(_, element)| element);
                for &step in &tag.path[shared..] {
                    // Latest first: a step found again is mostly a recent one.
                    let found = tree.elements[at]
                        .kids
                        .iter()
                        .rev()
                        .find_map(|kid| match kid {
                            Kid::Element(child) if steps[*child] == Some(step) => Some(*child),
                            _ => None,
                        });
                    at = found.unwrap_or_else(|| {
                        let child = tree.elements.len();
                        tree.elements.push(Element::new(step.role, Some(at)));
                        tree.elements[at].kids.push(Kid::Element(child));
                        steps.push(Some(step));
                        child
                    });
                    last.push((step, at));
                }
                let element = &mut tree.elements[at];
                if tag.alt.is_some() {
                    element.alt.clone_from(&tag.alt);
                }
                if tag.lang.is_some() {
                    element.lang = tag.lang;
                }
                if sequence.draws() {
                    element.kids.push(Kid::Content { page: p, mcid });
                    mcid += 1;
                }
                let mut found = 0;
                sequence.each(&mut |item| {
                    if matches!(item, Item::Link { .. }) {
                        found += 1;
                    }
                });
                for _ in 0..found {
                    element.kids.push(Kid::Link {
                        page: p,
                        index: links,
                    });
                    links += 1;
                }
            }
        }
        tree
    }

    /// The tree as indented lines (role, alt, lang; content as `#page:mcid`).
    pub fn dump(&self) -> String {
        let mut out = String::new();
        self.dump_from(0, 0, &mut out);
        out
    }

    fn dump_from(&self, at: usize, depth: usize, out: &mut String) {
        let element = &self.elements[at];
        out.push_str(&"  ".repeat(depth));
        out.push_str(element.role.name());
        if let Some(lang) = element.lang {
            out.push_str(&format!(" lang={lang}"));
        }
        if let Some(alt) = &element.alt {
            out.push_str(&format!(" alt={alt:?}"));
        }
        out.push('\n');
        for kid in &element.kids {
            if let Kid::Element(child) = kid {
                self.dump_from(*child, depth + 1, out);
            }
        }
    }
}

impl Element {
    fn new(role: Role, parent: Option<usize>) -> Element {
        Element {
            role,
            parent,
            alt: None,
            lang: None,
            kids: Vec::new(),
        }
    }
}

/// A run of a page's items drawn as one marked-content sequence: of one
/// structure element (`tag`), or furniture (`None`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sequence<'a> {
    pub tag: Option<&'a Tag>,
    /// The run's top-level items: `Marked` items of `tag`, or others.
    pub top: &'a [Item],
}

impl<'a> Sequence<'a> {
    /// Its items, groups opened, in drawing order, to `f`.
    pub fn each(&self, f: &mut impl FnMut(&'a Item)) {
        fn visit<'a>(items: &'a [Item], f: &mut impl FnMut(&'a Item)) {
            for item in items {
                match item {
                    Item::Marked { items, .. } => visit(items, f),
                    other => f(other),
                }
            }
        }
        visit(self.top, f);
    }

    /// Whether any of its items (groups opened) is one that `test` holds.
    pub fn any(&self, test: impl Fn(&Item) -> bool) -> bool {
        fn visit(items: &[Item], test: &impl Fn(&Item) -> bool) -> bool {
            items.iter().any(|item| match item {
                Item::Marked { items, .. } => visit(items, test),
                other => test(other),
            })
        }
        visit(self.top, &test)
    }

    /// Whether it draws anything, and so is a marked-content sequence
    /// with an MCID: a link area alone or an empty element (`Tag::empty`)
    /// draws nothing.
    pub fn draws(&self) -> bool {
        self.any(|item| !matches!(item, Item::Link { .. }))
    }
}

/// A page's items as marked-content sequences, in drawing order: each
/// run of top-level `Marked` items with one tag, each run of other items.
pub fn sequences(items: &[Item]) -> impl Iterator<Item = Sequence<'_>> {
    fn tag_of(item: &Item) -> Option<&Tag> {
        match item {
            Item::Marked { tag, .. } => Some(tag),
            _ => None,
        }
    }
    let mut rest = items;
    std::iter::from_fn(move || {
        let (first, _) = rest.split_first()?;
        let tag = tag_of(first);
        let len = rest.iter().take_while(|item| tag_of(item) == tag).count();
        let (top, after) = rest.split_at(len);
        rest = after;
        Some(Sequence { tag, top })
    })
}

#[cfg(test)]
mod tests {
    use super::{Kid, Role, Structure, Tag};
    use crate::document::{Item, Page};

    fn rect() -> Item {
        Item::Rect {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            stroke: None,
            fill: Some(0.5),
        }
    }

    /// An empty element (a log's tick-box cell) is in the tree in its
    /// place, with no content and no MCID: the next element's content
    /// takes the number, as the page's drawing does.
    #[test]
    fn an_empty_element_is_in_the_tree_without_marked_content() {
        let row = Tag::top(Role::Table, 0).child(Role::TR, 0);
        let pages = vec![Page {
            items: vec![
                row.child(Role::TH, 0).mark(vec![rect()]).expect("an item"),
                rect(),
                row.child(Role::TD, 1).empty(),
                row.child(Role::TD, 2).mark(vec![rect()]).expect("an item"),
            ],
        }];
        let tree = Structure::of(&pages);
        assert_eq!(
            tree.dump(),
            "Document\n  Table\n    TR\n      TH\n      TD\n      TD\n"
        );
        let kids: Vec<Vec<Kid>> = tree.elements[3..].iter().map(|e| e.kids.clone()).collect();
        assert_eq!(
            kids,
            [
                vec![Kid::Content { page: 0, mcid: 0 }],
                vec![],
                vec![Kid::Content { page: 0, mcid: 1 }],
            ]
        );
    }

    /// Lines of one paragraph in a row are one marked content; the same
    /// paragraph on the next page is more of the same element; furniture
    /// between elements is in none; siblings come in the order placed.
    #[test]
    fn consecutive_groups_of_an_element_share_one_mcid_and_pages_continue_it() {
        let p = Tag::top(Role::P, 0);
        let heading = Tag::top(Role::Sect, 1).child(Role::H2, 0);
        let group = |tag: &Tag| tag.mark(vec![rect()]).expect("an item");
        let pages = vec![
            Page {
                items: vec![
                    group(&heading),
                    group(&p),
                    group(&p),
                    rect(),
                    group(&heading),
                ],
            },
            Page {
                items: vec![rect(), group(&p)],
            },
        ];
        let tree = Structure::of(&pages);
        assert_eq!(tree.dump(), "Document\n  Sect\n    H2\n  P\n");
        let content = |role: Role| {
            let element = tree
                .elements
                .iter()
                .find(|e| e.role == role)
                .expect("there");
            element.kids.clone()
        };
        assert_eq!(
            content(Role::H2),
            [
                Kid::Content { page: 0, mcid: 0 },
                Kid::Content { page: 0, mcid: 2 }
            ]
        );
        assert_eq!(
            content(Role::P),
            [
                Kid::Content { page: 0, mcid: 1 },
                Kid::Content { page: 1, mcid: 0 }
            ]
        );
    }
}
