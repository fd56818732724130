//! The catalogue booklet: every exercise of a catalogue as a reference page
//! block for the clinic, with its figure, names, starting position,
//! recommended dose, steps, and each limit with its source. It is also how
//! figures are reviewed, so each figure sits in the same box a sheet gives
//! it.

use chrono::NaiveDate;

use super::document::{Document, Page};
use super::flow::{Block, paginate};
use super::sheet::{INK, Pen, SOFT, figure_space, long_date};
use super::style::Style;
use super::text::shape;
use super::{Options, page_size};
use crate::catalogue::{Catalogue, Entry, Limit, Origin};
use crate::fonts::Fonts;
use crate::plan::{Dose, Frequency, Side};

/// Lay out the booklet of `catalogue`, dated `date`.
pub fn build(catalogue: &Catalogue, options: Options, fonts: &Fonts, date: NaiveDate) -> Document {
    let style = Style::new(options.large_print);
    let (page_w, page_h) = page_size(options.paper);
    let pen = Pen::new(fonts, style, page_w);
    let top = style.margin;
    let bottom = page_h - style.margin - style.line(style.small) - style.gap / 2.0;
    let mut blocks = vec![title(catalogue, &pen, date)];
    for entry in catalogue.entries() {
        blocks.extend(entry_blocks(entry, catalogue, &pen));
    }
    let mut pages = paginate(blocks, top, bottom);
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, i + 1, total, &pen, page_h);
    }
    Document {
        width: page_w,
        height: page_h,
        title: "Exercise catalogue".to_owned(),
        author: "rx".to_owned(),
        created: date,
        pages,
    }
}

fn title(catalogue: &Catalogue, pen: &Pen, date: NaiveDate) -> Block {
    let style = pen.style;
    let mut rows = pen.paragraph(
        "Exercise catalogue",
        pen.font(style.title, true),
        pen.left,
        pen.width,
        INK,
    );
    let count = catalogue.entries().len();
    let about = format!(
        "{count} exercise{}, each with its figure, the dose a plan gets when it gives none, and the limits a plan is checked against with where each comes from. Printed {}.",
        if count == 1 { "" } else { "s" },
        long_date(date)
    );
    rows.extend(pen.paragraph(
        &about,
        pen.font(style.body, false),
        pen.left,
        pen.width,
        SOFT,
    ));
    Block {
        rows,
        space_after: style.gap,
        page_break_before: false,
    }
}

/// The dose a plan gets for this exercise when it gives none.
pub fn recommended(entry: &Entry) -> Dose {
    let l = &entry.limits;
    let pick = |limit: &Limit| limit.recommended.unwrap_or(limit.min);
    Dose {
        sets: pick(&l.sets),
        reps: pick(&l.reps),
        hold: l.hold.as_ref().map(pick),
        frequency: match l.per_day.recommended {
            Some(n) => Frequency::PerDay(n),
            None => Frequency::PerWeek(pick(&l.per_week)),
        },
        side: entry.per_side.value.then_some(Side::Both),
    }
}

/// The entry with its figure, then its limits one block each, so the limits
/// flow on to the next page rather than leave this one mostly empty.
fn entry_blocks(entry: &Entry, catalogue: &Catalogue, pen: &Pen) -> Vec<Block> {
    let style = pen.style;
    let mut rows = pen.section_heading(&entry.name);

    // Beside the figure: names, position, dose, steps.
    let gutter = style.body;
    let x = pen.left + style.figure_w + gutter;
    let w = pen.width - style.figure_w - gutter;
    let mut column = pen.labelled("Id:", &entry.id, x, w);
    if !entry.aliases.is_empty() {
        column.extend(pen.labelled("Also called:", &entry.aliases.join(", "), x, w));
    }
    column.extend(pen.labelled("Starting position:", &entry.position, x, w));
    column.extend(pen.labelled_parts("Recommended dose:", &recommended(entry).parts(), x, w));
    column.push(pen.space(style.body * 0.4));
    for (i, step) in entry.steps.iter().enumerate() {
        column.extend(pen.numbered(i + 1, step, x, w));
    }
    let column_h: f32 = column.iter().map(|r| r.height).sum();
    if column_h < style.figure_h {
        column.push(pen.space(style.figure_h - column_h));
    }
    column[0].items.extend(figure_space(entry, pen));
    rows.extend(column);
    let head = Block {
        rows,
        space_after: style.body * 0.5,
        page_break_before: false,
    };

    // Under both: every limit and its source, full width.
    let mut blocks = vec![head];
    let mut rows = pen.paragraph(
        &format!("Limits: {}", entry.name),
        pen.font(style.body, true),
        pen.left,
        pen.width,
        INK,
    );
    let l = &entry.limits;
    let fields = [
        ("Sets:", Some(&l.sets), ""),
        ("Reps:", Some(&l.reps), ""),
        ("Hold:", l.hold.as_ref(), " seconds"),
        ("Times a day:", Some(&l.per_day), ""),
        ("Days a week:", Some(&l.per_week), ""),
    ];
    for (label, limit, unit) in fields {
        let text = match limit {
            Some(limit) => {
                let mut text = format!("{}{unit}", limit.range());
                if let Some(r) = limit.recommended {
                    text.push_str(&format!(" (recommended {r})"));
                }
                text.push_str(&format!(", {}.", catalogue.cite(&limit.origin)));
                if let Some(note) = &limit.note {
                    text.push_str(&format!(" Note: {note}."));
                }
                text
            }
            None => "no hold: the sources describe none.".to_owned(),
        };
        rows.extend(pen.labelled(label, &text, pen.left, pen.width));
        blocks.push(lines(std::mem::take(&mut rows)));
    }
    let side = if entry.per_side.value {
        "yes, each side in turn"
    } else {
        "no"
    };
    rows.extend(pen.labelled(
        "Each side:",
        &format!("{side}, {}.", catalogue.cite(&entry.per_side.origin)),
        pen.left,
        pen.width,
    ));
    rows.extend(pen.labelled(
        "Sources:",
        &format!("{}.", catalogue.cite(&Origin::From(entry.sources.clone()))),
        pen.left,
        pen.width,
    ));
    blocks.push(Block {
        rows,
        space_after: style.gap,
        page_break_before: false,
    });
    blocks
}

/// Rows kept together on one page, with no gap after them.
fn lines(rows: Vec<super::flow::Row>) -> Block {
    Block {
        rows,
        space_after: 0.0,
        page_break_before: false,
    }
}

/// "Page x of y" at the foot.
fn footer(page: &mut Page, number: usize, total: usize, pen: &Pen, page_h: f32) {
    let style = pen.style;
    let line = shape(
        &format!("Exercise catalogue · page {number} of {total}"),
        pen.font(style.small, false),
        pen.fonts,
    );
    let x = pen.left + (pen.width - line.width) / 2.0;
    page.items
        .extend(pen.line_items(&line, x, page_h - style.margin, style.small, INK));
}
