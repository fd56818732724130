//! The catalogue booklet: what a clinic reviews. It opens with the safety
//! advice sheets print and the starter routines with their doses; then each
//! exercise with everything a sheet can print (figure, dose sentence, steps,
//! why it helps, cautions), each source's own prescription, the limits a
//! plan is checked against with their sources and the daily-volume limit,
//! and the notes for clinicians. Each of those tables is one block, so it
//! never splits across pages unless it alone is taller than a page. It is
//! also how figures are reviewed, so each figure sits in the same box a
//! sheet gives it.

use chrono::NaiveDate;

use super::composer::Composer;
use super::flow::{Block, paginate};
use super::style::{INK, SOFT, Style};
use super::{Options, page_size};
use crate::catalogue::{Catalogue, Entry, Only, Origin};
use crate::document::{Document, Page};
use crate::fonts::Fonts;
use crate::plan::Dose;

/// Lay out the booklet of `catalogue`, dated `date`.
pub fn build(catalogue: &Catalogue, options: Options, fonts: &Fonts, date: NaiveDate) -> Document {
    let style = Style::new(options.large_print);
    let (page_w, page_h) = page_size(options.paper);
    let pen = Composer::new(fonts, style, page_w, options.language.messages());
    let top = style.margin;
    let bottom = page_h - style.margin - style.line(style.small) - style.gap / 2.0;
    let mut blocks = vec![title(catalogue, &pen, date)];
    blocks.push(safety(catalogue, &pen));
    blocks.extend(routines(catalogue, &pen));
    for entry in catalogue.entries() {
        blocks.extend(entry_blocks(entry, catalogue, &pen));
    }
    let mut pages = paginate(blocks, top, top, bottom);
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

fn title(catalogue: &Catalogue, pen: &Composer, date: NaiveDate) -> Block {
    let style = pen.style;
    let mut rows = pen.paragraph(
        "Exercise catalogue",
        pen.lettering(style.title, true),
        pen.left,
        pen.width,
        INK,
    );
    let count = catalogue.entries().len();
    let about = format!(
        "The safety advice and starter routines, then {count} exercise{}, each with everything a sheet prints, each source's own prescription, the limits a plan is checked against with where each comes from, and notes for clinicians. Printed {}.",
        if count == 1 { "" } else { "s" },
        crate::lang::dates::long(pen.words, date)
    );
    rows.extend(pen.paragraph(
        &about,
        pen.lettering(style.body, false),
        pen.left,
        pen.width,
        SOFT,
    ));
    Block {
        rows,
        space_after: style.gap,
    }
}

/// The dose a plan gets for this exercise when it gives none.
pub fn recommended(entry: &Entry) -> Dose {
    Dose::starting(entry, entry.recommended_prescription())
}

/// A heading and its paragraph rows as one block.
fn section(pen: &Composer, heading: &str, mut body: Vec<super::flow::Row>) -> Block {
    let mut rows = pen.section_heading(heading);
    rows.append(&mut body);
    Block {
        rows,
        space_after: pen.style.gap,
    }
}

/// The safety advice, as sheets print it, with when each line shows.
fn safety(catalogue: &Catalogue, pen: &Composer) -> Block {
    let mut rows = pen.paragraph(
        "Printed in the Stay safe box of every sheet, in this order.",
        pen.lettering(pen.style.body, false),
        pen.left,
        pen.width,
        SOFT,
    );
    for s in catalogue.safety() {
        let only = match s.only {
            None => "",
            Some(Only::Daily) => " Only on sheets where every exercise is done every day.",
            Some(Only::NotDaily) => {
                " Only on sheets where an exercise is done on some days of the week."
            }
        };
        let text = format!(
            "{} ({}.){only}",
            s.text,
            catalogue.cite(&Origin::From(s.from.clone()))
        );
        rows.extend(pen.bullet(&text, pen.left, pen.width));
    }
    section(pen, "Safety advice", rows)
}

/// Each starter routine with the dose `rx new` writes for each exercise.
fn routines(catalogue: &Catalogue, pen: &Composer) -> Vec<Block> {
    catalogue
        .routines()
        .iter()
        .map(|routine| {
            let mut rows = pen.paragraph(
                &format!(
                    "Start a plan with: rx new plan.toml --routine {}. Doses {}, each the article's own, at the low end of its ranges.",
                    routine.id,
                    catalogue.cite(&Origin::From(routine.from.clone()))
                ),
                pen.lettering(pen.style.body, false),
                pen.left,
                pen.width,
                SOFT,
            );
            for (i, id) in routine.exercises.iter().enumerate() {
                let Some(entry) = catalogue.find(id) else {
                    continue;
                };
                let p = entry
                    .prescription_from(&routine.from)
                    .unwrap_or_else(|| entry.recommended_prescription());
                let dose = Dose::starting(entry, p);
                rows.extend(pen.numbered(
                    i + 1,
                    &format!("{}: {}", entry.name, dose.sentence(pen.words)),
                    pen.left,
                    pen.width,
                ));
            }
            section(pen, &format!("Starter routine: {}", routine.name), rows)
        })
        .collect()
}

/// The entry with its figure and what a sheet prints; then each source's
/// prescription, the limits, and the notes for clinicians, one block each.
fn entry_blocks(entry: &Entry, catalogue: &Catalogue, pen: &Composer) -> Vec<Block> {
    let style = pen.style;
    let mut blocks = vec![entry_block(entry, pen)];
    blocks.push(lines(
        prescriptions(entry, catalogue, pen),
        style.body * 0.5,
    ));
    let last = if entry.notes.is_empty() {
        style.gap
    } else {
        style.body * 0.5
    };
    blocks.push(lines(limits(entry, catalogue, pen), last));
    // Notes for clinicians: one block.
    if !entry.notes.is_empty() {
        let mut rows = titled(pen, &format!("Notes for clinicians: {}", entry.name));
        for note in &entry.notes {
            rows.extend(pen.bullet(note, pen.left, pen.width));
        }
        blocks.push(lines(rows, style.gap));
    }
    blocks
}

/// The entry's heading, and beside its figure: names, position, dose,
/// steps, why, cautions.
fn entry_block(entry: &Entry, pen: &Composer) -> Block {
    let style = pen.style;
    let mut rows = pen.section_heading(&entry.name);
    let (x, w) = pen.beside_figure();
    let mut column = pen.labelled("Id:", &entry.id, x, w);
    if !entry.aliases.is_empty() {
        column.extend(pen.labelled("Also called:", &entry.aliases.join(", "), x, w));
    }
    column.extend(pen.labelled("Starting position:", &entry.position, x, w));
    if let Some(note) = &entry.figure_note {
        column.extend(pen.labelled("About the figure:", note, x, w));
    }
    column.extend(pen.labelled_parts(
        "Recommended dose:",
        &recommended(entry).parts(pen.words),
        x,
        w,
    ));
    column.push(pen.space(style.body * 0.4));
    for (i, step) in entry.steps.iter().enumerate() {
        column.extend(pen.numbered(i + 1, step, x, w));
    }
    column.push(pen.space(style.body * 0.4));
    column.extend(pen.labelled("Why it helps:", &entry.why, x, w));
    column.push(pen.space(style.body * 0.4));
    column.extend(pen.labelled("Take care:", &entry.cautions.join(" "), x, w));
    rows.extend(pen.with_figure(entry, column));
    Block {
        rows,
        space_after: style.body * 0.5,
    }
}

/// A block's bold first line, full width.
fn titled(pen: &Composer, title: &str) -> Vec<super::flow::Row> {
    pen.paragraph(
        title,
        pen.lettering(pen.style.body, true),
        pen.left,
        pen.width,
        INK,
    )
}

/// Each source's own prescription.
fn prescriptions(entry: &Entry, catalogue: &Catalogue, pen: &Composer) -> Vec<super::flow::Row> {
    let mut rows = titled(pen, &format!("Each source's prescription: {}", entry.name));
    for (i, p) in entry.prescriptions.iter().enumerate() {
        let mut text = format!("{}, {}.", p.summary(), catalogue.cite(&p.origin));
        if let Some(note) = &p.note {
            text.push_str(&format!(" The source: {note}."));
        }
        if let Some(reading) = &p.reading {
            text.push_str(&format!(" Our reading: {reading}."));
        }
        if i == entry.recommended && entry.prescriptions.len() > 1 {
            text.push_str(" A plan's missing fields start from this one.");
        }
        rows.extend(pen.labelled(&format!("{}:", p.label()), &text, pen.left, pen.width));
    }
    rows
}

/// Every limit and its source, the daily total, sides and sources.
fn limits(entry: &Entry, catalogue: &Catalogue, pen: &Composer) -> Vec<super::flow::Row> {
    let mut rows = titled(pen, &format!("Limits: {}", entry.name));
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
            None => "no hold: the sources describe none (a plan may write hold = 0).".to_owned(),
        };
        rows.extend(pen.labelled(label, &text, pen.left, pen.width));
    }
    rows.extend(pen.labelled(
        "Daily total:",
        entry.daily_sentence().trim_start_matches("Daily total: "),
        pen.left,
        pen.width,
    ));
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
    rows
}

/// Rows kept together on one page, then `space_after`.
fn lines(rows: Vec<super::flow::Row>, space_after: f32) -> Block {
    Block { rows, space_after }
}

/// "Page x of y" at the foot.
fn footer(page: &mut Page, number: usize, total: usize, pen: &Composer, page_h: f32) {
    pen.footer(
        page,
        &format!("Exercise catalogue · page {number} of {total}"),
        page_h,
    );
}
