//! The `Composer`: what every block builder (sheet, log, booklet) writes
//! with. It knows the fonts, the sizes and the content box, and turns text
//! into rows of positioned items: paragraphs, labelled lines, numbered
//! steps, bullets, headings, the illustration box beside an exercise's text
//! and the page footer, so the sheet and the booklet set them alike.

use super::flow::Row;
use super::marks::{figure_alt, mark, mark_items};
use super::style::{INK, RULE, SOFT, Style};
use super::text::{Lettering, Line, shape, width, wrap, wrap_after, wrap_parts};
use crate::catalogue::Entry;
use crate::document::{Gray, Item, Page, Role, Stroke, Tag};
use crate::fonts::Fonts;
use crate::lang::Messages;

/// What every block builder needs: fonts, sizes and the content box; it
/// composes text and shapes into the rows blocks are made of.
pub struct Composer<'a> {
    pub fonts: &'a Fonts,
    pub style: Style,
    /// Left edge and width of the content area.
    pub left: f32,
    pub width: f32,
    /// The words of the document's language.
    pub words: &'static Messages,
}

impl<'a> Composer<'a> {
    /// A composer for a page `page_w` points wide, between its margins.
    pub fn new(
        fonts: &'a Fonts,
        style: Style,
        page_w: f32,
        words: &'static Messages,
    ) -> Composer<'a> {
        Composer {
            fonts,
            style,
            left: style.margin,
            width: page_w - 2.0 * style.margin,
            words,
        }
    }

    pub fn lettering(&self, size: f32, bold: bool) -> Lettering {
        Lettering { size, bold }
    }

    /// Text items for one shaped line with its baseline at `y`.
    pub fn line_items(&self, line: &Line, x: f32, y: f32, size: f32, gray: Gray) -> Vec<Item> {
        line.runs
            .iter()
            .filter(|run| !run.text.trim().is_empty())
            .map(|run| Item::Text {
                x: x + run.dx,
                y,
                size,
                face: run.face,
                gray,
                text: run.text.clone(),
                glyphs: run.glyphs.clone(),
            })
            .collect()
    }

    /// The baseline within a row of text at `size`.
    pub fn baseline(&self, size: f32) -> f32 {
        let row = self.style.line(size);
        (row - size) / 2.0 + 0.8 * size
    }

    /// One row per wrapped line of `text`, across the page's full width.
    pub fn across(&self, text: &str, font: Lettering, gray: Gray) -> Vec<Row> {
        self.paragraph(text, font, self.left, self.width, gray)
    }

    /// One row per wrapped line of `text`.
    pub fn paragraph(
        &self,
        text: &str,
        font: Lettering,
        x: f32,
        width: f32,
        gray: Gray,
    ) -> Vec<Row> {
        self.rows(&wrap(text, font, width, self.fonts), font.size, x, gray)
    }

    /// One row per line, set at `size` from `x`.
    pub fn rows(&self, lines: &[Line], size: f32, x: f32, gray: Gray) -> Vec<Row> {
        lines
            .iter()
            .map(|line| Row {
                height: self.style.line(size),
                items: self.line_items(line, x, self.baseline(size), size, gray),
            })
            .collect()
    }

    /// A bold label followed by text on the same line, wrapping under the label.
    pub fn labelled(&self, label: &str, text: &str, x: f32, width: f32) -> Vec<Row> {
        self.labelled_lines(label, x, width, |body, first| {
            wrap_after(text, body, first, width, self.fonts)
        })
    }

    /// A bold label followed by `parts` joined with " · ", breaking only
    /// between parts (a dose).
    pub fn labelled_parts(&self, label: &str, parts: &[String], x: f32, width: f32) -> Vec<Row> {
        self.labelled_lines(label, x, width, |body, first| {
            wrap_parts(parts, body, first, width, self.fonts)
        })
    }

    /// A bold label, then the lines `wrap` makes in the body font given the
    /// first line's width (what the label leaves).
    fn labelled_lines(
        &self,
        label: &str,
        x: f32,
        width: f32,
        wrap: impl FnOnce(Lettering, f32) -> Vec<Line>,
    ) -> Vec<Row> {
        let size = self.style.body;
        let label_font = self.lettering(size, true);
        let label_line = shape(label, label_font, self.fonts);
        let indent = label_line.width + super::text::width(" ", label_font, self.fonts);
        let lines = wrap(self.lettering(size, false), width - indent);
        let mut rows = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let mut items = Vec::new();
            let mut line_x = x;
            if i == 0 {
                items = self.line_items(&label_line, x, self.baseline(size), size, INK);
                line_x += indent;
            }
            items.extend(self.line_items(line, line_x, self.baseline(size), size, INK));
            rows.push(Row {
                height: self.style.line(size),
                items,
            });
        }
        rows
    }

    /// A list item: a vector dot, then the text with a hanging indent.
    pub fn bullet(&self, text: &str, x: f32, width: f32) -> Vec<Row> {
        let size = self.style.body;
        let indent = size * 1.1;
        let mut rows = self.paragraph(
            text,
            self.lettering(size, false),
            x + indent,
            width - indent,
            INK,
        );
        if let Some(first) = rows.first_mut() {
            let cy = self.baseline(size) - size * 0.3;
            let cx = x + size * 0.35;
            first.items.push(Item::Path {
                points: vec![(cx, cy), (cx + 0.01, cy)],
                stroke: Stroke {
                    width: size * 0.32,
                    gray: INK,
                },
            });
        }
        rows
    }

    /// A numbered step: the number in bold, the text with a hanging indent;
    /// tagged as the list item `item`, its number the label (`Lbl`), its
    /// text the body (`LBody`).
    pub fn numbered(&self, n: usize, text: &str, x: f32, width: f32, item: &Tag) -> Vec<Row> {
        let size = self.style.body;
        let indent = width_of_number(self, size);
        let rows = self.paragraph(
            text,
            self.lettering(size, false),
            x + indent,
            width - indent,
            INK,
        );
        let mut rows = mark(rows, &item.child(Role::LBody, 1));
        if let Some(first) = rows.first_mut() {
            let number = shape(&format!("{n}."), self.lettering(size, true), self.fonts);
            let number = self.line_items(&number, x, self.baseline(size), size, INK);
            // The label first, so it is read first.
            let label = mark_items(number, &item.child(Role::Lbl, 0), 0);
            first.items.splice(0..0, label);
        }
        rows
    }

    /// A heading with a rule above it, so each section stands apart from
    /// the one before.
    pub fn section_heading(&self, text: &str) -> Vec<Row> {
        let mut rows = self.paragraph(
            text,
            self.lettering(self.style.heading, true),
            self.left,
            self.width,
            INK,
        );
        rows[0].items.push(Item::Path {
            points: vec![(self.left, 0.0), (self.left + self.width, 0.0)],
            stroke: Stroke {
                width: 1.2,
                gray: RULE,
            },
        });
        rows.insert(0, self.space(self.style.body * 0.5));
        rows
    }

    /// Left edge and width of the text column beside an illustration.
    pub fn beside_figure(&self) -> (f32, f32) {
        let gutter = self.style.body;
        (
            self.left + self.style.figure_w + gutter,
            self.width - self.style.figure_w - gutter,
        )
    }

    /// `column` (set at `beside_figure`) with the entry's illustration box
    /// on its left, at least as tall as the box; the figure tagged in
    /// `sect`, the exercise's section.
    pub fn with_figure(&self, entry: &Entry, column: Vec<Row>, sect: &Tag) -> Vec<Row> {
        self.with_figure_and(entry, column, Vec::new(), 0.0, 0, sect)
    }

    /// `with_figure`, and `below` (items placed from the top of the box,
    /// taking `below_h` under it) in the left column under the box. The
    /// box's top is the column's top; the figure and `below` are read
    /// after the column's first `after` rows (an exercise's name and dose
    /// band beside the figure) and before the rest of the text.
    pub fn with_figure_and(
        &self,
        entry: &Entry,
        mut column: Vec<Row>,
        below: Vec<Item>,
        below_h: f32,
        after: usize,
        sect: &Tag,
    ) -> Vec<Row> {
        let mut figure = self.figure_space(entry, sect);
        let left_h = self.figure_height(entry) + below_h;
        let column_h: f32 = column.iter().map(|r| r.height).sum();
        if column_h < left_h {
            column.push(self.space(left_h - column_h));
        }
        figure.extend(below);
        let at = after.min(column.len() - 1);
        let above: f32 = column[..at].iter().map(|r| r.height).sum();
        let figure = figure
            .into_iter()
            .map(|item| super::flow::shift(item, -above));
        column[at].items.splice(0..0, figure);
        column
    }

    /// `text` centred at the foot of a page `page_h` points tall.
    pub fn footer(&self, page: &mut Page, text: &str, page_h: f32) {
        let size = self.style.small;
        let line = shape(text, self.lettering(size, false), self.fonts);
        let x = self.left + (self.width - line.width) / 2.0;
        page.items
            .extend(self.line_items(&line, x, page_h - self.style.margin, size, INK));
    }

    /// The height of the entry's illustration box: `figure_w` wide, and
    /// as tall as its figure needs at the common scale (a lying figure
    /// about half of `figure_h`), so the text beside and under it starts
    /// higher (fewer pages); `figure_h` for the starting position in words.
    pub fn figure_height(&self, entry: &Entry) -> f32 {
        let style = self.style;
        let pad = style.small * 0.8;
        match &entry.figure {
            Some(figure) => {
                crate::figure::draw::cropped_height(
                    figure,
                    style.figure_w - pad,
                    style.figure_h - pad,
                ) + pad
            }
            None => style.figure_h,
        }
    }

    /// The entry's figure in its box from the top of a row, and the box's
    /// height.
    fn drawn(&self, figure: &crate::catalogue::Figure) -> (Vec<Item>, f32) {
        let style = self.style;
        let pad = style.small * 0.8;
        let (items, used) = crate::figure::draw::cropped(
            figure,
            self.left + pad / 2.0,
            pad / 2.0,
            style.figure_w - pad,
            style.figure_h - pad,
        );
        (items, used + pad)
    }

    /// The box kept for the exercise's illustration: its figure (a
    /// `Figure` of `sect`), or, for an exercise without one, the starting
    /// position in words (a `P`). The box's border is furniture.
    fn figure_space(&self, entry: &Entry, sect: &Tag) -> Vec<Item> {
        let style = self.style;
        let drawn = entry.figure.as_ref().map(|figure| self.drawn(figure));
        let mut items = vec![Item::Rect {
            x: self.left,
            y: 0.0,
            w: style.figure_w,
            h: drawn.as_ref().map_or(style.figure_h, |(_, h)| *h),
            stroke: Some(Stroke {
                width: 0.8,
                gray: RULE,
            }),
            fill: None,
        }];
        let size = style.small;
        let pad = size * 0.8;
        let (printed, _) = entry.printed_or_english(self.words.language());
        if let Some((drawn, _)) = drawn {
            let alt = figure_alt(&printed, self.words);
            let tag = sect.child(Role::Figure, FIGURE).with_alt(alt);
            items.extend(tag.mark(drawn));
            return items;
        }
        let mut y = pad;
        let position = sect.child(Role::P, FIGURE);
        let label = self.words.text("starting-position");
        for (text, bold) in [(label.as_str(), true), (printed.position, false)] {
            for line in wrap(
                text,
                self.lettering(size, bold),
                style.figure_w - 2.0 * pad,
                self.fonts,
            ) {
                if y + style.line(size) > style.figure_h - pad {
                    break;
                }
                let line =
                    self.line_items(&line, self.left + pad, y + self.baseline(size), size, SOFT);
                items.extend(mark_items(line, &position, 0));
                y += style.line(size);
            }
        }
        items
    }

    /// Empty vertical space.
    pub fn space(&self, height: f32) -> Row {
        Row {
            height,
            items: Vec::new(),
        }
    }
}

/// Which child of an exercise's section its figure (or the starting
/// position written in its place) is: `sheet` numbers the others around it.
pub const FIGURE: u32 = 3;

fn width_of_number(composer: &Composer, size: f32) -> f32 {
    width("00. ", composer.lettering(size, true), composer.fonts)
}
