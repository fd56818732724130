//! The home-exercise sheet: title, notes, safety box, exercise blocks, log,
//! and the header and footer on every page.

use super::composer::Composer;
use super::flow::{Block, Flow, Paginated, Row, paginate_flows};
use super::marks::{mark, mark_items, video_alt};
use super::style::{INK, RULE, SOFT, Style, TINT};
use super::text::{Lettering, Line, isolate, shape, width, wrap, wrap_parts};
use super::{Options, log, page_size};
use crate::catalogue::steps::{self, Kind};
use crate::catalogue::{Figure, Printed};
use crate::document::{Document, Gray, Item, Page, Role, Stroke, Tag};
use crate::fonts::Fonts;
use crate::lang::{Arg, dates};
use crate::plan::{Plan, Prescribed};

pub fn build(plan: &Plan, options: Options, fonts: &Fonts) -> Document {
    build_with_fill(plan, options, fonts).0
}

/// The sheet, and how full each page's body is (`flow::Paginated`).
pub fn build_with_fill(plan: &Plan, options: Options, fonts: &Fonts) -> (Document, Vec<f32>) {
    let style = Style::new(options.large_print);
    let (page_w, page_h) = page_size(options.paper);
    let composer = Composer::new(fonts, style, page_w, options.language.messages());
    let header = header(plan, &composer);
    let running = running_header(plan, &composer);
    let first_top = style.margin + header.iter().map(|r| r.height).sum::<f32>() + style.gap;
    let top = style.margin + running.iter().map(|r| r.height).sum::<f32>() + style.gap;
    let footer_h = style.line(style.small);
    let bottom = page_h - style.margin - footer_h - style.gap / 2.0;

    let notes = plan
        .notes
        .as_ref()
        .map(|notes| notes_block(notes, &composer));
    let language = options.language;
    let advice: Vec<&str> = plan
        .safety
        .iter()
        .map(|a| a.printed(language).unwrap_or(&a.text))
        .collect();
    let safety = safety_box(&advice, &composer);
    // The figure key goes with the first drawn figure only: it
    // says what a drawing's greys mean, which a clinic's photo does not
    // follow.
    let keyed = plan
        .exercises
        .iter()
        .position(|e| matches!(e.entry.figure, Some(Figure::Drawing(_))));
    let mut exercises = plan
        .exercises
        .iter()
        .enumerate()
        .map(|(i, exercise)| exercise_block(i + 1, exercise, keyed == Some(i), &composer));
    let mut first = exercises.next();
    // Page 1 always shows how to do the first exercise: when the notes or
    // the Stay-safe box would push its name, figure and steps off the
    // page, they follow that exercise instead, in their order.
    let first_head = first.as_mut().map_or(0.0, |f| {
        let whole = f.whole.height();
        f.splits().last().map_or(whole, |(head, _)| head.height())
    });
    let mut title = title(plan, &composer);
    if notes.is_some() {
        // The notes' bar sets them apart: they follow the title's lines
        // closer than a block does.
        title.space_after = style.body * 0.5;
    }
    let mut room = bottom - first_top - title.height() - title.space_after - first_head;
    let mut before = vec![Flow::from(title)];
    let mut after = Vec::new();
    for block in notes.into_iter().chain([safety]) {
        let height = block.height() + block.space_after;
        if height <= room && after.is_empty() {
            room -= height;
            before.push(block.into());
        } else {
            after.push(block.into());
        }
    }
    let mut flows = before;
    flows.extend(first);
    flows.extend(after);
    flows.extend(exercises);
    let mut closing = Vec::new();
    closing.extend(super::clinic::contact(plan, &composer));
    closing.push(signature(&composer));
    flows.extend(closing.into_iter().map(Flow::from));
    flows.extend(log::blocks(plan, &composer, bottom - top));
    let Paginated { mut pages, fill } = paginate_flows(flows, first_top, top, bottom);
    // Where page 1 also shows the contact line, its header leaves the
    // clinic, phone and e-mail to it (a header no taller than the one the
    // page was laid out under).
    let contact = Tag::top(Role::P, top::CONTACT);
    let header = match pages.first() {
        Some(page) if shows(&page.items, &contact) => {
            self::header(&super::clinic::without_contact(plan), &composer)
        }
        _ => header,
    };
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let header = if i == 0 { &header } else { &running };
        decorate(page, header, i + 1, total, &composer, page_h);
    }
    let document = Document {
        width: page_w,
        height: page_h,
        title: composer
            .words
            .with("doc-title", &[("name", Arg::from(&plan.patient.name))]),
        author: plan.prescriber.name.clone(),
        created: plan.issued,
        language: options.language.code().to_owned(),
        pdfa: crate::document::PDFA_BY_DEFAULT,
        pages,
    };
    (document, fill)
}

/// Whether `items` hold text tagged `tag` (or in it).
fn shows(items: &[Item], tag: &Tag) -> bool {
    items.iter().any(|item| match item {
        Item::Marked { tag: t, items } => t.path.starts_with(&tag.path) || shows(items, tag),
        _ => false,
    })
}

/// See `layout::blank`.
pub fn blank(options: Options, fonts: &Fonts, created: chrono::NaiveDate) -> Document {
    let style = Style::new(options.large_print);
    let (page_w, page_h) = page_size(options.paper);
    let composer = Composer::new(fonts, style, page_w, options.language.messages());
    let mut page = Page::default();
    composer.footer(
        &mut page,
        &composer.words.text("intentionally-blank"),
        page_h,
    );
    Document {
        width: page_w,
        height: page_h,
        title: String::new(),
        author: String::new(),
        created,
        language: options.language.code().to_owned(),
        pdfa: crate::document::PDFA_BY_DEFAULT,
        pages: vec![page],
    }
}

/// Most lines one header field takes. A name at its cap
/// (`parse::caps::NAME`) in ordinary words needs at most five, even in bold
/// large print on A4; only a field of unusually wide characters is cut, with
/// "…". So the header, printed on every page, can never crowd out the body.
const FIELD_LINES: usize = 5;

/// Who the sheet is from on the left, the patient's id on the right. The
/// title under the header says whom the sheet is for and the sentence
/// under it the dates, so neither is printed again here: no field twice
/// on a page, and a row of header less. The left side wraps rather than
/// overlap the id, so long names stay whole; each field takes at most
/// `FIELD_LINES`, so the header's height is bounded.
fn header(plan: &Plan, composer: &Composer) -> Vec<Row> {
    let size = composer.style.small;
    let (id, id_w) = patient_id(plan, composer);
    // Page 1's header is read first: who the sheet is from, then whom it
    // is for (the running header of later pages is furniture).
    let (from, to) = (Tag::top(Role::P, top::FROM), Tag::top(Role::P, top::FOR));
    let left_w = if id.is_empty() {
        composer.width
    } else {
        composer.width - id_w - size
    };
    let field = |text: &str, bold: bool, max_lines: usize| {
        let font = composer.lettering(size, bold);
        composer.rows(
            &at_most(
                wrap(text, font, left_w, composer.fonts),
                max_lines,
                font,
                left_w,
                composer,
            ),
            size,
            composer.left,
            INK,
        )
    };
    let left = match super::clinic::header(plan, composer, left_w, FIELD_LINES) {
        Some(clinic) => clinic,
        None => {
            // Each value isolated, so a right-to-left name cannot reorder
            // the phone number after it.
            let mut who = isolate(&plan.prescriber.name);
            if let Some(phone) = &plan.prescriber.phone {
                let phone = super::clinic::unbreakable(phone);
                who.push_str(&format!(" · {}", isolate(&phone)));
            }
            let Some(clinic) = &plan.prescriber.clinic else {
                return side_by_side(
                    &mark(field(&who, false, FIELD_LINES + 1), &from),
                    &mark(id, &to),
                );
            };
            // Clinic, prescriber and phone on one line where they fit (a
            // row of page 1 less); otherwise the clinic's name on its own.
            let (bold, regular) = (
                composer.lettering(size, true),
                composer.lettering(size, false),
            );
            let name = shape(&isolate(clinic), bold, composer.fonts);
            let rest = shape(&format!(" · {who}"), regular, composer.fonts);
            if name.width + rest.width <= left_w {
                let y = composer.baseline(size);
                let mut items = composer.line_items(&name, composer.left, y, size, INK);
                let x = composer.left + name.width;
                items.extend(composer.line_items(&rest, x, y, size, INK));
                vec![Row {
                    height: composer.style.line(size),
                    items,
                }]
            } else {
                let mut left = field(clinic, true, FIELD_LINES);
                // The prescriber's line also carries the phone number: one
                // line more.
                left.extend(field(&who, false, FIELD_LINES + 1));
                left
            }
        }
    };
    side_by_side(&mark(left, &from), &mark(id, &to))
}

/// The patient's id as rows right-aligned on the header's lines, and the
/// width it keeps there: its own, half the line at most (0 without an id).
fn patient_id(plan: &Plan, composer: &Composer) -> (Vec<Row>, f32) {
    let size = composer.style.small;
    let regular = composer.lettering(size, false);
    let id = plan.patient.id.as_deref().unwrap_or_default();
    let id_w = width(id, regular, composer.fonts).min(composer.width / 2.0);
    let lines = at_most(
        wrap(id, regular, id_w, composer.fonts),
        FIELD_LINES,
        regular,
        id_w,
        composer,
    );
    let rows = lines
        .iter()
        .filter(|l| !l.runs.is_empty())
        .map(|line| Row {
            height: composer.style.line(size),
            items: composer.line_items(
                line,
                composer.left + composer.width - line.width,
                composer.baseline(size),
                size,
                SOFT,
            ),
        })
        .collect();
    (rows, id_w)
}

/// The rows of `left` and `right` level with each other, line by line.
fn side_by_side(left: &[Row], right: &[Row]) -> Vec<Row> {
    (0..left.len().max(right.len()))
        .map(|i| {
            let mut row = Row::default();
            for side in [left, right] {
                if let Some(r) = side.get(i) {
                    row.height = row.height.max(r.height);
                    row.items.extend(r.items.iter().cloned());
                }
            }
            row
        })
        .collect()
}

/// The header of pages after the first: the patient's name and id on one
/// line, so every page says whose it is (and "Page x of y" at its foot)
/// in less height than page 1's full header (fewer pages).
fn running_header(plan: &Plan, composer: &Composer) -> Vec<Row> {
    let size = composer.style.small;
    let bold = composer.lettering(size, true);
    // The id keeps its room (half the line at most) on the first line; the
    // name takes the rest, wrapping as in page 1's header: one line for
    // any ordinary name.
    let (id, id_w) = patient_id(plan, composer);
    let name_w = composer.width - id_w - size;
    let name = wrap(&plan.patient.name, bold, name_w, composer.fonts);
    let name = at_most(name, FIELD_LINES, bold, name_w, composer);
    let name = composer.rows(&name, size, composer.left, INK);
    side_by_side(&name, &id)
}

/// The first `max` of `lines`; when some are left over, the last kept one
/// ends in "…", cut back until it fits `width`.
pub(super) fn at_most(
    mut lines: Vec<Line>,
    max: usize,
    font: Lettering,
    width: f32,
    composer: &Composer,
) -> Vec<Line> {
    if lines.len() <= max {
        return lines;
    }
    lines.truncate(max);
    let mut text: String = lines
        .pop()
        .map(|line| line.runs.iter().map(|r| r.text.as_str()).collect())
        .unwrap_or_default();
    loop {
        let candidate = format!("{}…", text.trim_end());
        if text.is_empty() || super::text::width(&candidate, font, composer.fonts) <= width {
            lines.push(shape(&candidate, font, composer.fonts));
            return lines;
        }
        text.pop();
    }
}

/// Header rows, a rule under them, and "Page x of y" at the foot.
fn decorate(
    page: &mut Page,
    header: &[Row],
    number: usize,
    total: usize,
    composer: &Composer,
    page_h: f32,
) {
    let style = composer.style;
    let mut y = style.margin;
    let mut top = Vec::new();
    for row in header {
        top.extend(
            row.items
                .iter()
                .cloned()
                .map(|item| super::flow::shift(item, y)),
        );
        y += row.height;
    }
    // Before the body, so it is read (and tagged) first.
    page.items.splice(0..0, top);
    page.items.push(Item::Path {
        points: vec![
            (composer.left, y + 4.0),
            (composer.left + composer.width, y + 4.0),
        ],
        stroke: Stroke {
            width: 0.8,
            gray: RULE,
        },
    });
    let text = composer.words.with(
        "page",
        &[("number", Arg::from(number)), ("total", Arg::from(total))],
    );
    composer.footer(page, &text, page_h);
}

fn title(plan: &Plan, composer: &Composer) -> Block {
    let style = composer.style;
    let words = composer.words;
    let rows = composer.across(
        &words.with("title", &[("name", Arg::from(&plan.patient.name))]),
        composer.lettering(style.title, true),
        INK,
    );
    let mut rows = mark(rows, &Tag::top(Role::H1, top::TITLE));
    rows.push(composer.space(style.body * 0.3));
    let (issued, review) = (
        dates::long(words, plan.issued),
        dates::long(words, plan.review),
    );
    let when = words.with(
        "dates-span",
        &[
            ("issued", Arg::from(&issued)),
            ("review", Arg::from(&review)),
        ],
    );
    let when = composer.across(&when, composer.lettering(style.body, false), INK);
    rows.extend(mark(when, &Tag::top(Role::P, top::DATES)));
    // How long the day's exercises take, so a patient can set the time
    // aside (check warns past the clinic's limit).
    let minutes = crate::dose::minutes_a_day(plan.exercises.iter().map(|e| &e.dose));
    let takes = words.with("day-minutes", &[("minutes", Arg::from(minutes))]);
    let takes = composer.across(&takes, composer.lettering(style.body, false), INK);
    rows.extend(mark(takes, &Tag::top(Role::P, top::MINUTES)));
    Block {
        rows,
        space_after: style.gap,
    }
}

/// Rows inside a bordered box: the border drawn around them in the first row.
fn boxed(
    rows: Vec<Row>,
    composer: &Composer,
    pad: f32,
    border: Stroke,
    fill: Option<Gray>,
) -> Vec<Row> {
    boxed_at(rows, composer.left, composer.width, pad, border, fill)
}

/// `boxed`, the box `w` wide from `x`.
fn boxed_at(
    mut rows: Vec<Row>,
    x: f32,
    w: f32,
    pad: f32,
    border: Stroke,
    fill: Option<Gray>,
) -> Vec<Row> {
    rows.insert(
        0,
        Row {
            height: pad,
            items: Vec::new(),
        },
    );
    rows.push(Row {
        height: pad,
        items: Vec::new(),
    });
    let height: f32 = rows.iter().map(|r| r.height).sum();
    rows[0].items.insert(
        0,
        Item::Rect {
            x,
            y: 0.0,
            w,
            h: height,
            stroke: Some(border),
            fill,
        },
    );
    rows
}

/// A box with a title and body rows built for the inner width.
fn titled_box(
    title: &str,
    title_size: f32,
    border: Stroke,
    composer: &Composer,
    body: impl FnOnce(f32, f32) -> Vec<Row>,
) -> Vec<Row> {
    let pad = composer.style.body * 0.5;
    let inner_x = composer.left + pad;
    let inner_w = composer.width - 2.0 * pad;
    let rows = composer.paragraph(
        title,
        composer.lettering(title_size, true),
        inner_x,
        inner_w,
        INK,
    );
    let mut rows = mark(rows, &Tag::top(Role::H2, top::SAFETY));
    rows.extend(body(inner_x, inner_w));
    boxed(rows, composer, pad, border, None)
}

/// The therapist's notes: a bold label and the text after it, marked by
/// a bar down their left edge rather than boxed, so they stand apart from
/// the dates above in no more height than their lines (a box's padding
/// was 16 pt of page 1).
fn notes_block(notes: &str, composer: &Composer) -> Block {
    let style = composer.style;
    let bar = style.body * 0.25;
    let indent = bar + style.body * 0.6;
    let label = composer.words.text("notes-label");
    let rows = composer.labelled(
        &label,
        notes,
        composer.left + indent,
        composer.width - indent,
    );
    let mut rows = mark(rows, &Tag::top(Role::P, top::NOTES));
    let height: f32 = rows.iter().map(|r| r.height).sum();
    rows[0].items.push(Item::Path {
        points: vec![
            (composer.left + bar / 2.0, 0.0),
            (composer.left + bar / 2.0, height),
        ],
        stroke: Stroke {
            width: bar,
            gray: RULE,
        },
    });
    Block {
        rows,
        space_after: style.gap,
    }
}

/// The Stay-safe box: its lines as bullets across the box, or in two
/// columns where they are short enough that two columns take a good deal
/// less height (page 1 then has room for the first exercise).
fn safety_box(advice: &[&str], composer: &Composer) -> Block {
    let border = Stroke {
        width: 2.0,
        gray: INK,
    };
    Block {
        rows: titled_box(
            &composer.words.text("safety-title"),
            composer.style.heading,
            border,
            composer,
            |x, w| {
                let one: Vec<Row> = advice
                    .iter()
                    .enumerate()
                    .flat_map(|(i, text)| {
                        mark(composer.bullet(text, x, w), &advice_item(top::ADVICE, i))
                    })
                    .collect();
                let two = two_columns(advice, x, w, composer);
                let height = |rows: &[Row]| rows.iter().map(|r| r.height).sum::<f32>();
                if height(&two) <= height(&one) * TWO_COLUMNS_SAVE {
                    two
                } else {
                    one
                }
            },
        ),
        space_after: composer.style.gap,
    }
}

/// Two columns are used only when they take at most this share of the
/// height of one: lines that wrap to many more in half the width read
/// worse and save little.
const TWO_COLUMNS_SAVE: f32 = 0.8;

/// `advice` as bullets in two columns side by side, in reading order down
/// the first column then the second, split where the two are most even.
fn two_columns(advice: &[&str], x: f32, w: f32, composer: &Composer) -> Vec<Row> {
    let gutter = composer.style.body * 1.5;
    let col_w = (w - gutter) / 2.0;
    let bullets: Vec<Vec<Row>> = advice
        .iter()
        .map(|t| composer.bullet(t, x, col_w))
        .collect();
    // Each column a list of its own: read down the first, then the second.
    let split_at = |bullets: &[Vec<Row>], split: usize| -> Vec<Vec<Row>> {
        bullets
            .iter()
            .enumerate()
            .map(|(i, rows)| {
                let item = match i < split {
                    true => advice_item(top::ADVICE, i),
                    false => advice_item(top::ADVICE_RIGHT, i),
                };
                mark(rows.clone(), &item)
            })
            .collect()
    };
    let heights: Vec<f32> = bullets
        .iter()
        .map(|rows| rows.iter().map(|r| r.height).sum())
        .collect();
    let total: f32 = heights.iter().sum();
    // The split after which the taller column is shortest.
    let split = (0..=bullets.len())
        .min_by(|&a, &b| {
            let taller = |k: usize| {
                let left: f32 = heights[..k].iter().sum();
                left.max(total - left)
            };
            taller(a).total_cmp(&taller(b))
        })
        .unwrap_or(0);
    let bullets = split_at(&bullets, split);
    let left: Vec<Row> = bullets[..split].iter().flatten().cloned().collect();
    let right: Vec<Row> = bullets[split..]
        .iter()
        .flatten()
        .cloned()
        .map(|mut row| {
            row.items = row
                .items
                .into_iter()
                .map(|item| move_right(item, col_w + gutter))
                .collect();
            row
        })
        .collect();
    // Rows side by side: each line of the left column with the line of the
    // right column level with it (bullet lines are all one height).
    let n = left.len().max(right.len());
    (0..n)
        .map(|i| {
            let mut row = Row::default();
            for side in [&left, &right] {
                if let Some(r) = side.get(i) {
                    row.height = row.height.max(r.height);
                    row.items.extend(r.items.iter().cloned());
                }
            }
            row
        })
        .collect()
}

/// `item` moved right by `dx`.
fn move_right(item: Item, dx: f32) -> Item {
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
            x: x + dx,
            y,
            size,
            face,
            gray,
            text,
            glyphs,
        },
        Item::Path { points, stroke } => Item::Path {
            points: points.into_iter().map(|(x, y)| (x + dx, y)).collect(),
            stroke,
        },
        Item::Marked { tag, items } => Item::Marked {
            tag,
            items: items.into_iter().map(|item| move_right(item, dx)).collect(),
        },
        other => other,
    }
}

/// An exercise: whole, or, where it does not fit in what is left of a
/// page, in two parts: its name and dose band, figure and steps (which
/// always stay together), then on the next page why it helps, the
/// cautions and the therapist's note under a "continued" line with its
/// name. The figure sits beside the band (`Style::figure_beside_band`)
/// or under it.
fn exercise_block<'a>(
    number: usize,
    exercise: &'a Prescribed,
    key: bool,
    composer: &'a Composer,
) -> Flow<'a> {
    exercise_block_as(
        number,
        exercise,
        key,
        composer,
        composer.style.figure_beside_band,
    )
}

fn exercise_block_as<'a>(
    number: usize,
    exercise: &'a Prescribed,
    key: bool,
    composer: &'a Composer,
    card: bool,
) -> Flow<'a> {
    let style = composer.style;
    let entry = &exercise.entry;
    let words = composer.words;
    // Check let an entry without text in the sheet's language through only
    // with --allow-fallback: it prints in English, with a note saying so.
    let (mut text, fallback) = entry.printed_or_english(words.language());
    // The steps of the technique whose dose the plan gives, where the
    // sources describe different ones under this entry.
    let language = if fallback {
        crate::lang::Language::ENGLISH
    } else {
        words.language()
    };
    if let Some(steps) = exercise.steps(language) {
        text.steps = steps;
    }
    let mut rows = Vec::new();
    // An `exceed` reason is a clinical note: it stays in the
    // plan, `rx check` and the report, never on the patient's sheet.
    if key && card {
        rows.extend(mark(figure_key(composer), &Tag::top(Role::P, top::KEY)));
    }

    // Name and dose on one tinted band, so the dose is the first thing the
    // eye finds after the name, in little height (fewer pages).
    let pad = style.dose * 0.35;
    let (band_x, band_w) = if card {
        // The band's text in line with the steps' numbers under it.
        let (x, w) = composer.beside_figure();
        (x - pad, w + pad)
    } else {
        (composer.left, composer.width)
    };
    let name = format!("{number}.  {}", text.name);
    let sect = Tag::top(Role::Sect, top::EXERCISES + number as u32);
    let band = name_and_dose(
        &name,
        &exercise.parts(words),
        band_x + pad,
        band_w - 2.0 * pad,
        composer,
        &sect,
    );
    let mut band = boxed_at(
        band,
        band_x,
        band_w,
        pad,
        Stroke {
            width: 0.0,
            gray: TINT,
        },
        Some(TINT),
    );
    band.push(composer.space(style.body * 0.5));
    let lead = if card { band.len() } else { 0 };
    if !card {
        rows.extend(band.iter().cloned());
        if key {
            rows.extend(mark(figure_key(composer), &sect.child(Role::P, part::KEY)));
        }
    }
    let video_alt = video_alt(&text, words);
    let figure_h = composer.figure_height(entry);
    let (mut below, mut below_h) = (Vec::new(), 0.0);
    if let Some(url) = &exercise.video {
        let (items, h) = video(url, figure_h, composer, &sect, &video_alt);
        below.extend(items);
        below_h += h;
    }
    let clear = figure_h + below_h + style.body * 0.5;
    let hold = exercise.step_hold(words);
    let has_tips = !said_steps(text.steps, hold.as_deref()).1.is_empty();
    let column_sect = sect.clone();
    let column = move |parts: Parts, clear: f32, lead: &[Row]| {
        let mut column = Column {
            composer,
            rows: lead.to_vec(),
            height: lead.iter().map(|r| r.height).sum(),
            clear,
        };
        let mut text = ExerciseText {
            text,
            hold: hold.as_deref(),
            fallback,
            note: exercise.note.as_deref(),
            sect: &column_sect,
        };
        if let Parts::Tail { .. } = parts {
            text.fallback = false;
        }
        fill_column(&mut column, &text, parts);
        column.rows
    };
    let top_rows = rows.clone();
    let lead_rows = if card { band.clone() } else { Vec::new() };
    rows.extend(composer.with_figure_and(
        entry,
        column(Parts::Whole, clear, &lead_rows),
        below,
        below_h,
        lead,
        &sect,
    ));
    let whole = Block {
        rows,
        space_after: style.gap,
    };
    Flow::with_splits(whole, move |n| {
        // Split, the head is the band, figure and steps alone; the video
        // code goes with the rest, beside it, on the next page. The tips
        // stay with the steps where that head fits, and otherwise open
        // the rest: a tip is advice, not a step (in large print a head
        // with its tips left the page before it a third empty).
        let split = |tips: bool| {
            let mut head = top_rows.clone();
            let clear = figure_h + if card { style.body * 0.5 } else { 0.0 };
            head.extend(composer.with_figure_and(
                entry,
                column(Parts::Head { tips }, clear, &lead_rows),
                Vec::new(),
                0.0,
                lead,
                &sect,
            ));
            let continued = words.with("exercise-continued", &[("name", Arg::from(&name))]);
            let mut tail = composer.across(&continued, composer.lettering(style.body, true), INK);
            tail.push(composer.space(style.body * 0.4));
            let (video, video_h) = exercise.video.as_ref().map_or((Vec::new(), 0.0), |url| {
                video_at(url, 0.0, composer, &sect, &video_alt)
            });
            let beside_video = if video_h > 0.0 {
                video_h + style.body * 0.5
            } else {
                0.0
            };
            let mut rest = column(Parts::Tail { tips: !tips }, beside_video, &[]);
            let rest_h: f32 = rest.iter().map(|r| r.height).sum();
            if rest_h < video_h {
                rest.push(composer.space(video_h - rest_h));
            }
            rest[0].items.splice(0..0, video);
            tail.extend(rest);
            (
                Block {
                    rows: head,
                    space_after: 0.0,
                },
                Block {
                    rows: tail,
                    space_after: style.gap,
                },
            )
        };
        match n {
            0 => Some(split(true)),
            1 if has_tips => Some(split(false)),
            _ => None,
        }
    })
}

/// The exercise's name, then its dose: on one line when both fit, the dose
/// a little apart after the name (fewer pages); otherwise the
/// dose on its own lines under the name, breaking only between its parts.
fn name_and_dose(
    name: &str,
    dose: &[String],
    x: f32,
    w: f32,
    composer: &Composer,
    sect: &Tag,
) -> Vec<Row> {
    let (heading, dose_tag) = (
        sect.child(Role::H2, part::NAME),
        sect.child(Role::P, part::DOSE),
    );
    let style = composer.style;
    let name_font = composer.lettering(style.heading, true);
    let dose_font = composer.lettering(style.dose, true);
    let names = wrap(name, name_font, w, composer.fonts);
    let apart = style.dose * 1.5;
    let below = wrap_parts(dose, dose_font, w, w, composer.fonts);
    if let [only] = names.as_slice() {
        let after = w - only.width - apart;
        let beside = wrap_parts(dose, dose_font, after, after, composer.fonts);
        // The dose beside a short name, its lines hanging under its
        // first, where that takes fewer lines than the dose under the
        // name; never in a column under a third of the band.
        if after >= w / 3.0
            && beside.len() < 1 + below.len()
            && beside.iter().all(|line| line.width <= after)
        {
            let y = composer.baseline(style.heading);
            let items = composer.line_items(only, x, y, style.heading, INK);
            let mut items = mark_items(items, &heading, 0);
            let dose_x = x + only.width + apart;
            let mut rows = Vec::new();
            for (i, line) in beside.iter().enumerate() {
                let (y, height) = match i {
                    0 => (y, style.line(style.heading)),
                    _ => (composer.baseline(style.dose), style.line(style.dose)),
                };
                let dose = composer.line_items(line, dose_x, y, style.dose, INK);
                items.extend(mark_items(dose, &dose_tag, i));
                rows.push(Row {
                    height,
                    items: std::mem::take(&mut items),
                });
            }
            return rows;
        }
    }
    let mut rows = mark(composer.rows(&names, style.heading, x, INK), &heading);
    rows.extend(mark(composer.rows(&below, style.dose, x, INK), &dose_tag));
    rows
}

/// The steps a sheet prints for a dose whose hold the steps say as `hold`
/// (`Prescribed::step_hold`; `None` without a hold), and the tips, with
/// the catalogue's step markers said (`catalogue::steps`): "Hold for 20
/// seconds.", a step about the hold left out when the dose has none.
pub(super) fn said_steps(steps: &[String], hold: Option<&str>) -> (Vec<String>, Vec<String>) {
    let (mut numbered, mut tips) = (Vec::new(), Vec::new());
    for step in steps {
        match steps::say(step, hold) {
            Some((Kind::Step, text)) => numbered.push(text),
            Some((Kind::Tip, text)) => tips.push(text),
            None => {}
        }
    }
    (numbered, tips)
}

/// Which of an exercise's text a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parts {
    Whole,
    /// The fallback note and the steps, and the tips with `tips`.
    Head {
        tips: bool,
    },
    /// The tips with `tips`, then why it helps, the cautions, the
    /// therapist's note.
    Tail {
        tips: bool,
    },
}

impl Parts {
    fn steps(self) -> bool {
        !matches!(self, Parts::Tail { .. })
    }

    fn tips(self) -> bool {
        match self {
            Parts::Whole => true,
            Parts::Head { tips } | Parts::Tail { tips } => tips,
        }
    }

    fn rest(self) -> bool {
        !matches!(self, Parts::Head { .. })
    }
}

/// What an exercise block prints of its entry and prescription.
struct ExerciseText<'a> {
    text: Printed<'a>,
    /// The hold as the steps say it (`Prescribed::step_hold`).
    hold: Option<&'a str>,
    fallback: bool,
    note: Option<&'a str>,
    /// The exercise's section: what its text is tagged in.
    sect: &'a Tag,
}

/// The exercise's text down its column: the note that it is in English
/// (a fallback), the steps and tips, why it helps, the cautions, the
/// therapist's note; or only the head or the tail of it.
fn fill_column(column: &mut Column, exercise: &ExerciseText, parts: Parts) {
    let composer = column.composer;
    let (style, words) = (composer.style, composer.words);
    let gap = style.body * 0.4;
    let text = exercise.text;
    let sect = exercise.sect;
    let p = |n: u32| sect.child(Role::P, n);
    let (steps, tips) = said_steps(text.steps, exercise.hold);
    if parts.steps() {
        if exercise.fallback {
            let note = words.text("fallback-note");
            let (x, w) = column.place();
            let rows = composer.paragraph(&note, composer.lettering(style.body, true), x, w, INK);
            column.push(mark(rows, &p(part::FALLBACK)));
            column.space(gap);
        }
        let list = sect.child(Role::L, part::STEPS);
        for (i, step) in steps.iter().enumerate() {
            let (x, w) = column.place();
            let item = list.child(Role::LI, i as u32);
            column.push(composer.numbered(i + 1, step, x, w, &item));
        }
    }
    if parts.tips() {
        let tip = words.text("tip-label");
        for (i, text) in tips.iter().enumerate() {
            if column.height > 0.0 {
                column.space(gap);
            }
            let (x, w) = column.place();
            let rows = composer.labelled(&tip, text, x, w);
            column.push(mark(rows, &p(part::TIPS + i as u32)));
        }
    }
    if !parts.rest() {
        return;
    }
    if column.height > 0.0 {
        column.space(gap);
    }
    let label = words.text("why-label");
    let (x, w) = column.place();
    column.push(mark(
        composer.labelled(&label, text.why, x, w),
        &p(part::WHY),
    ));
    column.space(gap);
    let cautions = text.cautions.join(" ");
    let label = words.text("care-label");
    let (x, w) = column.place();
    let rows = composer.labelled(&label, &cautions, x, w);
    column.push(mark(rows, &p(part::CARE)));
    if let Some(note) = exercise.note {
        column.space(gap);
        let label = words.text("therapist-says");
        let (x, w) = column.place();
        column.push(mark(composer.labelled(&label, note, x, w), &p(part::NOTE)));
    }
}

/// An exercise's text: beside the illustration column while that column
/// runs, then under it at the full width, so no paper is left empty under
/// a figure (fewer pages).
struct Column<'p, 'a> {
    composer: &'p Composer<'a>,
    rows: Vec<Row>,
    height: f32,
    /// Where the illustration column (figure, key, video code) ends.
    clear: f32,
}

impl Column<'_, '_> {
    /// Left edge and width of a paragraph starting now: one that starts
    /// beside the illustration stays in the narrow column (a paragraph that
    /// jumps to the margin half way reads as two), one that starts below it
    /// takes the full width.
    fn place(&self) -> (f32, f32) {
        if self.height < self.clear {
            self.composer.beside_figure()
        } else {
            (self.composer.left, self.composer.width)
        }
    }

    fn push(&mut self, rows: Vec<Row>) {
        self.height += rows.iter().map(|r| r.height).sum::<f32>();
        self.rows.extend(rows);
    }

    fn space(&mut self, height: f32) {
        self.push(vec![self.composer.space(height)]);
    }
}

/// A video link under the illustration box (`figure_h` tall): its QR
/// code, what it is, and the link itself (broken after a "/" where it
/// can, since a link has no spaces) for a patient without a phone camera to type. Items
/// from the illustration box's top; and the height they take under it.
fn video(url: &str, figure_h: f32, composer: &Composer, sect: &Tag, alt: &str) -> (Vec<Item>, f32) {
    let gap = composer.style.body * 0.5;
    let (items, end) = video_at(url, figure_h + gap, composer, sect, alt);
    (items, end - figure_h)
}

/// The side of a video's QR code, in points.
const QR_SIDE: f32 = 57.5;

/// The video code, its label and link (`video`) from `top` in the
/// illustration column; and where they end. Tagged in `sect`: the code a
/// `Figure` whose text alternative is `alt`, the label a `P`, the printed
/// link a `Link` a reader can follow.
fn video_at(url: &str, top: f32, composer: &Composer, sect: &Tag, alt: &str) -> (Vec<Item>, f32) {
    let style = composer.style;
    let gap = style.body * 0.5;
    // About 0.8 inch in either print: a phone's camera reads it at a
    // hand's length, not the patient's eyes, so large print keeps it and
    // gives the text beside the illustration column the height instead.
    let side = QR_SIDE.min(style.figure_w * 0.6);
    let code = super::qr::items(url, composer.left, top, side, INK).unwrap_or_default();
    let figure = sect.child(Role::Figure, part::VIDEO).with_alt(alt);
    let mut items: Vec<Item> = figure.mark(code).into_iter().collect();
    let mut label_items = Vec::new();
    let label = composer.lettering(style.small, true);
    let beside = style.figure_w - side - gap * 0.5;
    let mut y = top + composer.baseline(style.small);
    for line in wrap(
        &composer.words.text("video-label"),
        label,
        beside,
        composer.fonts,
    ) {
        label_items.extend(composer.line_items(
            &line,
            composer.left + side + gap * 0.5,
            y,
            style.small,
            INK,
        ));
        y += style.line(style.small);
    }
    items.extend(mark_items(
        label_items,
        &sect.child(Role::P, part::VIDEO),
        0,
    ));
    let small = composer.lettering(style.small, false);
    let link_top = top + side;
    let mut y = link_top + composer.baseline(style.small);
    let mut link = Vec::new();
    for piece in break_link(url, small, style.figure_w, composer) {
        let line = shape(&piece, small, composer.fonts);
        link.extend(composer.line_items(&line, composer.left, y, style.small, INK));
        y += style.line(style.small);
    }
    let end = y - composer.baseline(style.small);
    link.push(Item::Link {
        x: composer.left,
        y: link_top,
        w: style.figure_w,
        h: end - link_top,
        uri: url.to_owned(),
    });
    items.extend(sect.child(Role::Link, part::VIDEO).mark(link));
    (items, end)
}

/// What the figures' greys mean, over the first drawn figure at the full
/// width: two lines there, where under the figure it took eight and pushed
/// a first exercise with a video code off page 1. In normal print it is
/// the line over the exercise (figure and band side by side), a paragraph
/// of its own read before the exercise's name; in large print it goes
/// under the band, in the exercise's section.
fn figure_key(composer: &Composer) -> Vec<Row> {
    let style = composer.style;
    // The grammar of templates/FORMAT.md, in a patient's words.
    let mut rows = composer.across(
        &composer.words.text("figure-key"),
        composer.lettering(style.small, false),
        INK,
    );
    rows.push(composer.space(style.body * 0.4));
    rows
}

/// Where the therapist signs and dates the sheet, after the exercises.
fn signature(composer: &Composer) -> Block {
    let style = composer.style;
    let size = style.body;
    let label = composer.lettering(size, true);
    let line_y = composer.baseline(size) + size * 0.25;
    let rule = Stroke {
        width: 0.8,
        gray: INK,
    };
    let mut items = Vec::new();
    let mut x = composer.left;
    let date_w = composer.width * 0.25;
    for (id, end) in [
        (
            "signature",
            composer.left + composer.width - date_w - size * 5.0,
        ),
        ("signature-date", composer.left + composer.width),
    ] {
        let line = shape(&composer.words.text(id), label, composer.fonts);
        let text = composer.line_items(&line, x, composer.baseline(size), size, INK);
        items.extend(mark_items(text, &Tag::top(Role::P, top::SIGNATURE), 0));
        let start = x + line.width + size * 0.5;
        items.push(Item::Path {
            points: vec![(start, line_y), (end, line_y)],
            stroke: rule,
        });
        x = end + size * 1.5;
    }
    Block {
        rows: vec![
            composer.space(size * 0.5),
            Row {
                height: style.line(size) * 1.6,
                items,
            },
        ],
        space_after: style.gap,
    }
}

/// The list item `i` of the Stay-safe advice, in the list `list`: its text
/// the item's body (the bullet dot is furniture).
fn advice_item(list: u32, i: usize) -> Tag {
    Tag::top(Role::L, list)
        .child(Role::LI, i as u32)
        .child(Role::LBody, 1)
}

/// Which child of the document each of the sheet's top-level elements
/// is: their order on the page is the reading order; these only tell
/// them apart.
pub(super) mod top {
    pub const FROM: u32 = 0;
    pub const FOR: u32 = 1;
    pub const TITLE: u32 = 2;
    pub const DATES: u32 = 3;
    pub const MINUTES: u32 = 4;
    pub const NOTES: u32 = 5;
    pub const SAFETY: u32 = 6;
    pub const ADVICE: u32 = 7;
    pub const ADVICE_RIGHT: u32 = 8;
    pub const CONTACT: u32 = 9;
    pub const SIGNATURE: u32 = 10;
    pub const LOG: u32 = 11;
    pub const KEY: u32 = 12;
    /// Exercise `n`'s section is `EXERCISES + n`.
    pub const EXERCISES: u32 = 100;
    /// The log's band `n` is the table `LOG_BANDS + 2n`, its label the
    /// paragraph `LOG_BANDS + 2n` and its comments `LOG_BANDS + 2n + 1`.
    pub const LOG_BANDS: u32 = 100_000;
}

/// Which child of an exercise's section each of its parts is.
mod part {
    pub const NAME: u32 = 0;
    pub const DOSE: u32 = 1;
    pub const KEY: u32 = 2;
    pub const VIDEO: u32 = 4;
    pub const FALLBACK: u32 = 5;
    pub const STEPS: u32 = 6;
    pub const WHY: u32 = 7;
    pub const CARE: u32 = 8;
    pub const NOTE: u32 = 9;
    /// Tip `i` is `TIPS + i`.
    pub const TIPS: u32 = 10;
}

/// `url` cut into pieces no wider than `max`: after its last "/" that
/// fits, so a patient typing it from paper reads whole words
/// ("…example/" "exercises/bridge", not "…example/exe" "rcises/bridge");
/// where no "/" leaves half the width used, before its last "-" or "."
/// that does, the mark opening the next line so it cannot be taken for a
/// hyphen added at the break ("…knee-to-chest" "-stretch", not "…stretc"
/// "h"); else between any characters.
pub(super) fn break_link(url: &str, font: Lettering, max: f32, composer: &Composer) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for c in url.chars() {
        let last = pieces.last_mut().expect("one piece at least");
        last.push(c);
        if last.chars().count() > 1 && width(last, font, composer.fonts) > max {
            last.pop();
            let half_used =
                |at: usize| at > 0 && width(&last[..at], font, composer.fonts) >= max / 2.0;
            let after_slash = last
                .rfind('/')
                .map(|at| at + 1)
                .filter(|&at| at < last.len());
            let before_mark = last.rfind(['-', '.']);
            let carry = match (after_slash, before_mark) {
                (Some(at), _) if half_used(at) => last.split_off(at),
                (_, Some(at)) if half_used(at) => last.split_off(at),
                _ => String::new(),
            };
            pieces.push(carry + &c.to_string());
        }
    }
    pieces
}
