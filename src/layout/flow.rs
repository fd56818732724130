//! Pagination: stacking blocks of rows down pages.
//!
//! A block is a list of rows laid out at y = 0; each row has a height and its
//! items. A block that fits on a page is never split: if it does not fit in
//! what is left of the current page it starts the next one. Only a block
//! taller than a whole page is split, between rows, so no item is ever cut.
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
        self.items
            .iter()
            .map(|item| match item {
                Item::Rect { y, h, .. } | Item::Image { y, h, .. } => y + h,
                Item::Cells {
                    y, module, cells, ..
                } => y + module * cells.iter().map(|c| c[1] + c[3]).max().unwrap_or(0) as f32,
                Item::Path { points, .. } => points.iter().map(|p| p.1).fold(0.0, f32::max),
                Item::Text { .. } => 0.0,
            })
            .fold(0.0, f32::max)
    }
}

impl Block {
    pub fn height(&self) -> f32 {
        self.rows.iter().map(|r| r.height).sum()
    }
}

/// Place `blocks` down pages whose body runs from `top` to `bottom`; on
/// the first page from `first_top` (its fuller header).
pub fn paginate(blocks: Vec<Block>, first_top: f32, top: f32, bottom: f32) -> Vec<Page> {
    let body = bottom - top;
    let mut pages = vec![Page::default()];
    let mut y = first_top;
    // Where the body of the current page (the `n`th) starts.
    let page_top = |n: usize| if n == 1 { first_top } else { top };
    for block in blocks {
        let height = block.height();
        let fresh = y <= page_top(pages.len());
        if !fresh && y + height > bottom && height <= body {
            pages.push(Page::default());
            y = top;
        }
        for row in block.rows {
            if y + row.height.max(row.reach()) > bottom && y > page_top(pages.len()) {
                pages.push(Page::default());
                y = top;
            }
            let page = pages.last_mut().expect("there is always a current page");
            page.items
                .extend(row.items.into_iter().map(|item| shift(item, y)));
            y += row.height;
        }
        y += block.space_after;
    }
    pages
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
        } => Item::Text {
            x,
            y: y + dy,
            size,
            face,
            gray,
            text,
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
