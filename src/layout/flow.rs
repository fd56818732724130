//! Pagination: stacking blocks of rows down pages.
//!
//! A block is a list of rows laid out at y = 0; each row has a height and its
//! items. A block that fits on a page is never split: if it does not fit in
//! what is left of the current page it starts the next one, unless it comes
//! with a split of its own (`Flow`) whose head fits there (of several, the
//! tallest that leaves the next page two-thirds full, `FILL`). Only a block
//! taller than a whole page is split between rows, so no item is ever cut.
//! A row whose items reach below it (an exercise's figure box beside the
//! rows of its steps) starts a new page unless all of them fit.

use crate::document::{Item, Page};

/// A horizontal slice of a block; its items' y are relative to the row's top.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub height: f32,
    pub items: Vec<Item>,
}

/// Rows that belong together, with the gap to leave after them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    pub rows: Vec<Row>,
    pub space_after: f32,
}

impl Row {
    /// How far below the row's top its items reach: more than its height
    /// when a figure or a box drawn in it spans the rows after it.
    pub fn reach(&self) -> f32 {
        reach(&self.items)
    }
}

/// How far below their row's top `items` reach.
fn reach(items: &[Item]) -> f32 {
    items
        .iter()
        .map(|item| match item {
            Item::Rect { y, h, .. } | Item::Image { y, h, .. } => y + h,
            Item::Cells {
                y, module, cells, ..
            } => y + module * cells.iter().map(|c| c[1] + c[3]).max().unwrap_or(0) as f32,
            Item::Path { points, .. } => points.iter().map(|p| p.1).fold(0.0, f32::max),
            Item::Link { y, h, .. } => y + h,
            Item::Marked { items, .. } => reach(items),
            Item::Text { .. } => 0.0,
        })
        .fold(0.0, f32::max)
}

impl Block {
    pub fn height(&self) -> f32 {
        self.rows.iter().map(|r| r.height).sum()
    }
}

/// A block that may also be set in two parts: when it does not fit in
/// what is left of a page but the head of one of its splits does (the
/// first that does, so the tallest first), the head ends the page and the
/// tail starts the next. An exercise: name, dose, figure and steps
/// together, why it helps and the cautions after under a "continued"
/// line; a week of the log: its first exercises' rows, the rest under its
/// label again. A split is set only when it is looked at, one at a time:
/// most blocks fit where they fall (setting an exercise's text twice more
/// for nothing cost about a sixth of a sheet's time), and a week of the
/// log that does not has one split per exercise row, of which the first
/// that fits ends the search.
pub struct Flow<'a> {
    pub whole: Block,
    splits: Splits<'a>,
}

/// A flow's splits: those set so far, and the means to set the next.
struct Splits<'a> {
    set: Vec<(Block, Block)>,
    later: Option<Split<'a>>,
}

/// Sets a flow's `k`th split (tallest head first; `None` past the last).
type Split<'a> = Box<dyn FnMut(usize) -> Option<(Block, Block)> + 'a>;

impl<'a> Flow<'a> {
    /// `whole`, and the splits `split` sets, the `k`th when first needed.
    pub fn with_splits(
        whole: Block,
        split: impl FnMut(usize) -> Option<(Block, Block)> + 'a,
    ) -> Self {
        Flow {
            whole,
            splits: Splits {
                set: Vec::new(),
                later: Some(Box::new(split)),
            },
        }
    }

    /// Set the next split; false when there is none.
    fn set_next(&mut self) -> bool {
        let k = self.splits.set.len();
        let next = self.splits.later.as_mut().and_then(|split| split(k));
        match next {
            Some(split) => {
                self.splits.set.push(split);
                true
            }
            None => {
                self.splits.later = None;
                false
            }
        }
    }

    /// Every split, tallest head first, set now if they were not yet.
    pub fn splits(&mut self) -> &mut Vec<(Block, Block)> {
        while self.set_next() {}
        &mut self.splits.set
    }

    /// The first split (tallest head first) for which `stop` holds, given
    /// its index and itself; the splits after it are not set.
    fn position(&mut self, mut stop: impl FnMut(usize, &(Block, Block)) -> bool) -> Option<usize> {
        let mut k = 0;
        loop {
            if k == self.splits.set.len() && !self.set_next() {
                return None;
            }
            if stop(k, &self.splits.set[k]) {
                return Some(k);
            }
            k += 1;
        }
    }

    /// Split `k`, taken out (the flow is set as that split).
    fn take(&mut self, k: usize) -> (Block, Block) {
        self.splits.set.swap_remove(k)
    }
}

impl From<Block> for Flow<'_> {
    fn from(whole: Block) -> Self {
        Flow {
            whole,
            splits: Splits {
                set: Vec::new(),
                later: None,
            },
        }
    }
}

/// Pages, and how full each page's body is (0 to 1), measured from the
/// placed rows: from the body's top to the lowest thing placed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paginated {
    pub pages: Vec<Page>,
    pub fill: Vec<f32>,
}

/// Place `blocks` down pages whose body runs from `top` to `bottom`; on
/// the first page from `first_top` (its fuller header).
pub fn paginate(blocks: Vec<Block>, first_top: f32, top: f32, bottom: f32) -> Vec<Page> {
    let flows = blocks.into_iter().map(Flow::from).collect();
    paginate_flows(flows, first_top, top, bottom).pages
}

/// How full a page but the last should be: where a flow may break after
/// more than one head, the pager takes the tallest head that leaves the
/// next page at least this full, as far as it can tell from the flows
/// after it.
pub const FILL: f32 = 2.0 / 3.0;

/// `paginate` for blocks some of which may break in two (`Flow`).
pub fn paginate_flows(flows: Vec<Flow<'_>>, first_top: f32, top: f32, bottom: f32) -> Paginated {
    let mut pager = Pager {
        pages: vec![Page::default()],
        lowest: vec![first_top],
        y: first_top,
        first_top,
        top,
        bottom,
    };
    let mut flows = flows;
    for i in 0..flows.len() {
        let (flow, rest) = flows[i..].split_first_mut().expect("i is in range");
        let whole = std::mem::take(&mut flow.whole);
        let height = whole.height();
        if !pager.fresh() && pager.y + height > bottom {
            let room = bottom - pager.y;
            // The tallest head that fits, unless a shorter one leaves the
            // next page full enough where the tallest does not (a tip that
            // follows the steps fills the page its tail opens).
            let mut tallest = None;
            let chosen = flow
                .position(|k, (head, tail)| {
                    head.height() <= room && {
                        tallest.get_or_insert(k);
                        next_page_fill(tail, rest, bottom - top) >= FILL
                    }
                })
                .or(tallest);
            if let Some(k) = chosen {
                let (head, tail) = flow.take(k);
                pager.place(head);
                pager.new_page();
                pager.place(tail);
                continue;
            }
            if height <= bottom - top {
                pager.new_page();
            }
        }
        pager.place(whole);
    }
    let fill = pager
        .lowest
        .iter()
        .enumerate()
        .map(|(i, low)| {
            let page_top = if i == 0 { first_top } else { top };
            ((low - page_top) / (bottom - page_top)).max(0.0)
        })
        .collect();
    Paginated {
        pages: pager.pages,
        fill,
    }
}

/// How full a page `body` tall would be that opens with `tail` and goes
/// on with `rest` as the pager would set them: whole while they fit, then
/// the tallest head of the first that does not; 1 when all of them fit
/// (the last page may be part empty).
fn next_page_fill(tail: &Block, rest: &mut [Flow<'_>], body: f32) -> f32 {
    let mut low = tail.height();
    let mut y = low + tail.space_after;
    for flow in rest {
        let height = flow.whole.height();
        if y + height <= body {
            low = y + height;
            y = low + flow.whole.space_after;
            continue;
        }
        let room = body - y;
        if let Some(k) = flow.position(|_, (head, _)| head.height() <= room) {
            low = y + flow.splits.set[k].0.height();
        }
        return low / body;
    }
    // Everything left fits: the last page, which may be part empty.
    1.0
}

/// Where the next row goes.
struct Pager {
    pages: Vec<Page>,
    /// The lowest point placed on each page.
    lowest: Vec<f32>,
    y: f32,
    first_top: f32,
    top: f32,
    bottom: f32,
}

impl Pager {
    /// Where the body of the current page starts.
    fn page_top(&self) -> f32 {
        if self.pages.len() == 1 {
            self.first_top
        } else {
            self.top
        }
    }

    fn fresh(&self) -> bool {
        self.y <= self.page_top()
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.lowest.push(self.top);
        self.y = self.top;
    }

    /// `block`'s rows from `y`, onto a new page wherever a row (with what
    /// reaches below it) would cross the bottom.
    fn place(&mut self, block: Block) {
        for row in block.rows {
            let reach = row.height.max(row.reach());
            if self.y + reach > self.bottom && !self.fresh() {
                self.new_page();
            }
            if !row.items.is_empty() {
                let low = self.lowest.last_mut().expect("one per page");
                *low = low.max(self.y + reach);
            }
            let page = self
                .pages
                .last_mut()
                .expect("there is always a current page");
            page.items
                .extend(row.items.into_iter().map(|item| shift(item, self.y)));
            self.y += row.height;
        }
        self.y += block.space_after;
    }
}

/// Move an item down by `dy`.
pub fn shift(item: Item, dy: f32) -> Item {
    match item {
        Item::Text {
            x,
            y,
            size,
            face,
            gray,
            text,
            glyphs,
        } => Item::Text {
            x,
            y: y + dy,
            size,
            face,
            gray,
            text,
            glyphs,
        },
        Item::Rect {
            x,
            y,
            w,
            h,
            stroke,
            fill,
        } => Item::Rect {
            x,
            y: y + dy,
            w,
            h,
            stroke,
            fill,
        },
        Item::Path { points, stroke } => Item::Path {
            points: points.into_iter().map(|(x, y)| (x, y + dy)).collect(),
            stroke,
        },
        Item::Cells {
            x,
            y,
            module,
            gray,
            cells,
        } => Item::Cells {
            x,
            y: y + dy,
            module,
            gray,
            cells,
        },
        Item::Image { x, y, w, h, image } => Item::Image {
            x,
            y: y + dy,
            w,
            h,
            image,
        },
        Item::Marked { tag, items } => Item::Marked {
            tag,
            items: items.into_iter().map(|item| shift(item, dy)).collect(),
        },
        Item::Link { x, y, w, h, uri } => Item::Link {
            x,
            y: y + dy,
            w,
            h,
            uri,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{Block, Row, paginate};
    use crate::document::Item;

    fn block(rows: usize, height: f32) -> Block {
        Block {
            rows: (0..rows)
                .map(|_| Row {
                    height,
                    items: vec![Item::Rect {
                        x: 0.0,
                        y: 0.0,
                        w: 1.0,
                        h: height,
                        stroke: None,
                        fill: None,
                    }],
                })
                .collect(),
            space_after: 0.0,
        }
    }

    #[test]
    fn a_block_that_does_not_fit_moves_whole_to_the_next_page() {
        let pages = paginate(vec![block(3, 30.0), block(3, 30.0)], 0.0, 0.0, 120.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].items.len(), 3);
        assert_eq!(pages[1].items.len(), 3);
    }

    #[test]
    fn a_block_taller_than_a_page_is_split_between_rows() {
        let pages = paginate(vec![block(10, 30.0)], 0.0, 0.0, 100.0);
        assert_eq!(pages.len(), 4);
        assert!(pages.iter().all(|p| !p.items.is_empty()));
    }
}
