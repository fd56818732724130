//! The tick-box log: one row per exercise (its name and its dose again, so
//! the log can be used on its own), one column per day of the plan, from
//! the issue date to the day before the review; under each week's
//! exercises a pain score (0–10) to write in each day and a line for
//! comments. Days come in weeks of
//! seven columns, one band per week, so any plan length wraps onto more bands
//! and pages. A week with more exercises than fit on one page is cut into
//! parts, each with its own day labels. Boxes are drawn as vector
//! rectangles, never as glyphs. A day's cell has one box for each session
//! of the dose (up to the 12 a day the parser allows), so every session can
//! be ticked. Seven day columns always fit the page: a day's boxes sit side
//! by side as far as its column allows and wrap onto more lines within the
//! cell beyond that (large print, three times a day; any dose over three).

use chrono::Days;

use super::composer::Composer;
use super::flow::{Block, Flow, Row};
use super::marks::{mark, mark_items, unmark};
use super::sheet::top;
use super::style::{INK, RULE, SOFT};
use super::text::{shape, width, wrap_parts};
use crate::document::{Item, Role, Stroke, Tag};
use crate::lang::{Arg, Messages, dates};
use crate::plan::{Dose, Frequency, Plan, Prescribed, Side};

/// Most boxes a day the columns are sized for; a cell with more wraps them
/// onto more lines rather than narrow the exercise names for every row.
const SIZED_BOXES: u32 = 3;

/// The log's blocks; none is taller than `page_body` unless a single row
/// is. A week that fits a page whole may also be split after any of its
/// exercises (`Flow`), so the page before it is not left part empty.
pub fn blocks<'a>(plan: &Plan, composer: &'a Composer, page_body: f32) -> Vec<Flow<'a>> {
    let days = (plan.review - plan.issued).num_days().max(1) as u64;
    let grid = Grid::new(plan, composer, days);
    let words = composer.words;
    let mut intro = intro(composer);
    let mut blocks = Vec::new();
    for band in 0..days.div_ceil(grid.span) {
        let first = band * grid.span;
        let count = (days - first).min(grid.span);
        // Each band a table: a row of days, a row per exercise, the pain
        // row; its label before it and the comments after it paragraphs.
        let n = band as u32;
        let table = Tag::top(Role::Table, top::LOG_BANDS + 2 * n);
        let header = grid.day_labels(plan, composer, first, count, &table);
        let mut rows: Vec<Row> = plan
            .exercises
            .iter()
            .enumerate()
            .map(|(e, exercise)| {
                let row = table.child(Role::TR, e as u32 + 1);
                grid.exercise_row(exercise, composer, count, &row)
            })
            .collect();
        // The pain row and the comments line are one row: a band's part
        // never ends on one of them alone, nor starts with it.
        let pain = table.child(Role::TR, plan.exercises.len() as u32 + 1);
        let mut trailer = grid.pain_row(composer, count, &pain);
        let weeks = count.div_ceil(7);
        let first_week = first / 7 + 1;
        let labels: Vec<String> = if weeks > 1 {
            (first_week..first_week + weeks)
                .map(|week| words.with("log-week-comments", &[("week", Arg::from(week))]))
                .collect()
        } else {
            vec![words.text("log-comments")]
        };
        let comments = comments_row(&labels, composer);
        let comments_tag = Tag::top(Role::P, top::LOG_BANDS + 2 * n + 1);
        let comments = Row {
            items: mark_items(comments.items, &comments_tag, 0),
            ..comments
        };
        let shift = trailer.height;
        trailer.height += comments.height;
        trailer.items.extend(
            comments
                .items
                .into_iter()
                .map(|i| super::flow::shift(i, shift)),
        );
        rows.push(trailer);
        let start = plan.issued + Days::new(first);
        let end = plan.issued + Days::new(first + count - 1);
        let weeks = if weeks > 1 {
            words.with(
                "log-weeks",
                &[
                    ("first", Arg::from(first_week)),
                    ("last", Arg::from(first_week + weeks - 1)),
                ],
            )
        } else {
            words.with("log-week", &[("week", Arg::from(first_week))])
        };
        let (start, end) = (dates::short(words, start), dates::short(words, end));
        let label = words.with(
            "log-band",
            &[
                ("weeks", Arg::from(&weeks)),
                ("start", Arg::from(&start)),
                ("end", Arg::from(&end)),
            ],
        );
        let intro = if band == 0 {
            std::mem::take(&mut intro)
        } else {
            Vec::new()
        };
        let label_tag = Tag::top(Role::P, top::LOG_BANDS + 2 * n);
        let whole = parts(
            intro.clone(),
            (&label, &label_tag),
            &header,
            rows.clone(),
            composer,
            page_body,
            false,
        );
        // A week taller than a page is in parts already; each part may
        // still split, so the page before it is not left part empty.
        let mut rows = rows.into_iter();
        for (i, (part, taken)) in whole.into_iter().enumerate() {
            let intro = if i == 0 { intro.clone() } else { Vec::new() };
            let rows: Vec<Row> = rows.by_ref().take(taken).collect();
            blocks.push(splittable(
                part,
                intro,
                (label.clone(), label_tag.clone()),
                header.clone(),
                rows,
                i > 0,
                composer,
            ));
        }
    }
    blocks
}

/// A part of a week (`whole`: `intro`, its label and the label's tag,
/// `header` and `rows`)
/// that may also be split after any of its exercises but the last.
fn splittable<'a>(
    whole: Block,
    intro: Vec<Row>,
    (label, label_tag): (String, Tag),
    header: Row,
    rows: Vec<Row>,
    continued: bool,
    composer: &'a Composer,
) -> Flow<'a> {
    // Each split in two, the most exercise rows first; the tail no
    // taller than the whole part, so it fits a page.
    Flow::with_splits(whole, move |n| {
        let one = |intro: Vec<Row>, rows: &[Row], continued: bool| {
            let mut all = parts(
                intro,
                (&label, &label_tag),
                &header,
                rows.to_vec(),
                composer,
                f32::INFINITY,
                continued,
            );
            all.swap_remove(0).0
        };
        // The `n`th split keeps `rows.len() - 1 - n` exercise rows.
        let k = rows.len().saturating_sub(1).checked_sub(n + 1)?;
        (k > 0).then(|| {
            (
                one(intro.clone(), &rows[..k], continued),
                one(Vec::new(), &rows[k..], true),
            )
        })
    })
}

/// The log's heading and how to use it.
fn intro(composer: &Composer) -> Vec<Row> {
    let style = composer.style;
    let intro = composer.across(
        &composer.words.text("log-title"),
        composer.lettering(style.heading, true),
        INK,
    );
    let mut intro = mark(intro, &Tag::top(Role::H2, top::LOG));
    let how = composer.across(
        &composer.words.text("log-intro"),
        composer.lettering(style.body, false),
        INK,
    );
    intro.extend(mark(how, &Tag::top(Role::P, top::LOG)));
    intro.push(composer.space(style.body * 0.5));
    intro
}

/// A dose in few words for the log's narrow column, in parts to join with
/// " · ": "3 × 10 · hold 10 s · each side · twice a day". The exercise's
/// own block has it in full.
fn short_dose(dose: &Dose, words: &Messages) -> Vec<String> {
    let (sets, reps) = (Arg::from(dose.sets), Arg::from(dose.reps));
    let mut parts = Vec::new();
    // One timed bout is its time alone: "2 min", not "1 rep · 2 min".
    if dose.minutes.is_none() || dose.sets * dose.reps > 1 {
        parts.push(if dose.sets == 1 {
            words.with("short-reps", &[("reps", reps)])
        } else {
            words.with("short-sets", &[("sets", sets), ("reps", reps)])
        });
    }
    if let Some(minutes) = dose.minutes {
        parts.push(words.with("short-minutes", &[("minutes", Arg::from(minutes))]));
    }
    if let Some(hold) = dose.hold.filter(|&h| h > 0) {
        parts.push(words.with("short-hold", &[("seconds", Arg::from(hold))]));
    }
    let side = match dose.side {
        Some(Side::Both) => Some("short-both"),
        Some(Side::Alternate) => Some("short-alternate"),
        Some(Side::Left) => Some("short-left"),
        Some(Side::Right) => Some("short-right"),
        None => None,
    };
    parts.extend(side.map(|id| words.text(id)));
    parts.push(dose.frequency.words(words));
    parts
}

/// Boxes in a day's cell for an exercise done this often: one a session.
fn boxes_per_day(frequency: Frequency) -> u32 {
    match frequency {
        Frequency::PerDay(n) => n.max(1),
        Frequency::PerWeek(_) => 1,
    }
}

/// The log's columns: the exercise names, then a band of day cells: two
/// weeks side by side where fourteen cells fit the page beside the names
/// (normal print, at most one box a day: a two-week plan's log then takes
/// one band, not two), else one week.
struct Grid {
    name_w: f32,
    cell_w: f32,
    /// Days in a band: 7 or 14.
    span: u64,
    tick: f32,
    cell_pad: f32,
    /// A box's side and the gap before the next.
    pitch: f32,
    /// Boxes side by side in one cell; more wrap onto another line.
    per_line: u32,
}

/// The narrowest name column a two-week band may leave, as a share of the
/// width: names and short doses still wrap onto at most two or three lines.
const MIN_NAME_SHARE: f32 = 0.36;

impl Grid {
    fn new(plan: &Plan, composer: &Composer, days: u64) -> Grid {
        let most_boxes = plan
            .exercises
            .iter()
            .map(|e| boxes_per_day(e.dose.frequency))
            .max()
            .unwrap_or(1)
            .min(SIZED_BOXES);
        let tick = composer.style.tick;
        let cell_pad = tick * 0.35;
        let pitch = tick + cell_pad;
        let min_cell = (most_boxes as f32) * pitch + cell_pad;
        let two_weeks = composer.width - 14.0 * min_cell;
        let span = if days > 7 && two_weeks >= composer.width * MIN_NAME_SHARE {
            14
        } else {
            7
        };
        // Cells as wide as a day's boxes or its label need (the label
        // with a little spare); the names take the rest, up to half the
        // width, so a name and its dose wrap onto fewer lines (in large
        // print each took three, and a week of eight most of a page).
        // Cells 15 % wider than that left a 5-exercise plan with a
        // clinic's videos a seventh large-print Letter page, over twice
        // its normal print's 3 (`cargo test --test integration page_fill
        // -- --nocapture`).
        let small = composer.style.small;
        let label_w = (1..=7)
            .map(|n| {
                let name = composer.words.text(&format!("day-short-{n}"));
                width(&name, composer.lettering(small, false), composer.fonts)
            })
            .fold(0.0, f32::max)
            + small * 0.3;
        let roomy = min_cell.max(label_w);
        let name_w = (composer.width - span as f32 * roomy)
            .clamp(composer.width * 0.42, composer.width * 0.5)
            .min(composer.width - span as f32 * min_cell)
            .max(composer.width * 0.2);
        // Never wider than the page allows: a cell too narrow for a day's
        // boxes in one line takes them in more (large
        // print cut off Friday and Saturday at three a day).
        let cell_w = (composer.width - name_w) / span as f32;
        let per_line = (((cell_w - cell_pad) / pitch).floor() as u32).max(1);
        Grid {
            name_w,
            cell_w,
            span,
            tick,
            cell_pad,
            pitch,
            per_line,
        }
    }

    /// A rule between the two weeks of a two-week band, `height` tall.
    fn week_rule(&self, composer: &Composer, count: u64, height: f32) -> Option<Item> {
        (count > 7).then(|| {
            let x = composer.left + self.name_w + 7.0 * self.cell_w;
            Item::Path {
                points: vec![(x, 0.0), (x, height)],
                stroke: Stroke {
                    width: 1.0,
                    gray: RULE,
                },
            }
        })
    }

    /// Day labels: weekday over day of month, centred on each column.
    /// The day labels are the table's first row, each day a header cell.
    fn day_labels(
        &self,
        plan: &Plan,
        composer: &Composer,
        first: u64,
        count: u64,
        table: &Tag,
    ) -> Row {
        let row = table.child(Role::TR, 0);
        let style = composer.style;
        let small = style.small;
        let mut header = Vec::new();
        // "Wed" where the cell holds every day's short name, else "We" (a
        // two-week band).
        let weekday_font = composer.lettering(small, false);
        let fits = (1..=7).all(|n| {
            let name = composer.words.text(&format!("day-short-{n}"));
            width(&name, weekday_font, composer.fonts) <= self.cell_w - small * 0.3
        });
        let letters = if fits { 3 } else { 2 };
        for d in 0..count {
            let date = plan.issued + Days::new(first + d);
            let x0 = composer.left + self.name_w + d as f32 * self.cell_w;
            let weekday: String = dates::weekday_short(composer.words, date)
                .chars()
                .take(letters)
                .collect();
            let mut day = Vec::new();
            for (k, text) in [weekday, date.format("%-d").to_string()].iter().enumerate() {
                let line = shape(text, composer.lettering(small, k == 1), composer.fonts);
                let x = x0 + (self.cell_w - line.width) / 2.0;
                let y = composer.baseline(small) + k as f32 * style.line(small);
                day.extend(composer.line_items(&line, x, y, small, SOFT));
            }
            header.extend(row.child(Role::TH, d as u32 + 1).mark(day));
        }
        let height = 2.0 * style.line(small) + 2.0;
        header.extend(self.week_rule(composer, count, height));
        Row {
            height,
            items: header,
        }
    }

    /// One exercise's row of a week: its name, then its boxes for each of
    /// the `count` days.
    /// Tagged as the table row `tr`: the name and dose its header cell,
    /// each day an empty data cell (its boxes furniture).
    fn exercise_row(
        &self,
        exercise: &Prescribed,
        composer: &Composer,
        count: u64,
        tr: &Tag,
    ) -> Row {
        let small = composer.style.small;
        let (pitch, cell_pad, per_line) = (self.pitch, self.cell_pad, self.per_line);
        let (text, _) = exercise.entry.printed_or_english(composer.words.language());
        let mut name_rows = composer.paragraph(
            text.name,
            composer.lettering(small, true),
            composer.left,
            self.name_w - small,
            INK,
        );
        // The dose again, so the log is enough on its own; on days a week,
        // which days is the patient's choice.
        let mut dose = short_dose(&exercise.dose, composer.words);
        if let Frequency::PerWeek(n) = exercise.dose.frequency
            && n < 7
            && let Some(last) = dose.last_mut()
        {
            *last = composer
                .words
                .with("tick-days", &[("frequency", Arg::from(&*last))]);
        }
        // Broken between parts ("hold 10 s ·" / "once a day"), never inside.
        let width = self.name_w - small;
        let lines = wrap_parts(
            &dose,
            composer.lettering(small, false),
            width,
            width,
            composer.fonts,
        );
        name_rows.extend(composer.rows(&lines, small, composer.left, SOFT));
        let text_h: f32 = name_rows.iter().map(|r| r.height).sum();
        let boxes = boxes_per_day(exercise.dose.frequency);
        let across = boxes.min(per_line);
        let down = boxes.div_ceil(per_line);
        let boxes_w = across as f32 * pitch - cell_pad;
        let boxes_h = down as f32 * pitch - cell_pad;
        let height = text_h.max(boxes_h + 2.0 * cell_pad);
        let mut items = Vec::new();
        let text_top = (height - text_h) / 2.0;
        let mut name = Vec::new();
        for (k, row) in name_rows.into_iter().enumerate() {
            let dy = text_top + k as f32 * composer.style.line(small);
            name.extend(row.items.into_iter().map(|i| super::flow::shift(i, dy)));
        }
        items.extend(tr.child(Role::TH, 0).mark(name));
        let y0 = (height - boxes_h) / 2.0;
        // The tick boxes are furniture: each day's cell is an empty `TD`
        // (a reader says "blank", as it would for boxes), after them all
        // so the boxes are one artifact.
        let mut cells = Vec::new();
        for d in 0..count {
            let x0 = composer.left
                + self.name_w
                + d as f32 * self.cell_w
                + (self.cell_w - boxes_w) / 2.0;
            for b in 0..boxes {
                items.push(Item::Rect {
                    x: x0 + (b % per_line) as f32 * pitch,
                    y: y0 + (b / per_line) as f32 * pitch,
                    w: self.tick,
                    h: self.tick,
                    stroke: Some(Stroke {
                        width: 1.0,
                        gray: INK,
                    }),
                    fill: None,
                });
            }
            cells.push(tr.child(Role::TD, d as u32 + 1).empty());
        }
        items.extend(cells);
        // A light rule between rows guides the eye across the week.
        items.push(Item::Path {
            points: vec![
                (composer.left, height),
                (
                    composer.left + self.name_w + self.span as f32 * self.cell_w,
                    height,
                ),
            ],
            stroke: Stroke {
                width: 0.5,
                gray: RULE,
            },
        });
        items.extend(self.week_rule(composer, count, height));
        Row { height, items }
    }
}

impl Grid {
    /// The pain score row: a box to write a number in, each day. Its label
    /// wraps within the name column, as the exercise names do, so it never
    /// runs into the first day's box (large print's column is narrow).
    /// Tagged as the table row `tr`: its label the header cell, each
    /// day an empty data cell (its box furniture).
    fn pain_row(&self, composer: &Composer, count: u64, tr: &Tag) -> Row {
        let small = composer.style.small;
        let label = composer.paragraph(
            &composer.words.text("log-pain"),
            composer.lettering(small, true),
            composer.left,
            self.name_w - small,
            INK,
        );
        let label_h: f32 = label.iter().map(|r| r.height).sum();
        let box_h = self.tick * 1.3;
        // Room for "10" even in a two-week band's narrow cell.
        let box_w = (self.cell_w - self.cell_pad).min(box_h * 1.8);
        let height = label_h.max(box_h + 2.0 * self.cell_pad);
        let label_top = (height - label_h) / 2.0;
        let mut items = Vec::new();
        let mut name = Vec::new();
        for (k, row) in label.into_iter().enumerate() {
            let dy = label_top + k as f32 * composer.style.line(small);
            name.extend(row.items.into_iter().map(|i| super::flow::shift(i, dy)));
        }
        items.extend(mark_items(name, &tr.child(Role::TH, 0), 0));
        // Each day's box furniture, its cell an empty `TD` (as above).
        let mut cells = Vec::new();
        for d in 0..count {
            let x =
                composer.left + self.name_w + d as f32 * self.cell_w + (self.cell_w - box_w) / 2.0;
            items.push(Item::Rect {
                x,
                y: (height - box_h) / 2.0,
                w: box_w,
                h: box_h,
                stroke: Some(Stroke {
                    width: 1.0,
                    gray: INK,
                }),
                fill: None,
            });
            cells.push(tr.child(Role::TD, d as u32 + 1).empty());
        }
        items.extend(cells);
        items.extend(self.week_rule(composer, count, height));
        Row { height, items }
    }
}

/// Each week's comments: a label and a line to write on, the weeks of a
/// band side by side.
fn comments_row(labels: &[String], composer: &Composer) -> Row {
    let small = composer.style.small;
    let height = composer.style.line(small) * 1.9;
    let baseline = height - composer.style.line(small) * 0.4;
    let gutter = small * 1.5;
    let share = (composer.width + gutter) / labels.len() as f32;
    let mut items = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let x = composer.left + i as f32 * share;
        let label = shape(label, composer.lettering(small, true), composer.fonts);
        items.extend(composer.line_items(&label, x, baseline, small, INK));
        items.push(Item::Path {
            points: vec![
                (x + label.width + small * 0.5, baseline + 2.0),
                (x + share - gutter, baseline + 2.0),
            ],
            stroke: Stroke {
                width: 0.6,
                gray: SOFT,
            },
        });
    }
    Row { height, items }
}

/// A week's rows cut into blocks that each fit on a page with the week's
/// label (its "continued" form after the first, or from the first when
/// `continued`) and day labels, each with how many of `rows` it holds;
/// `intro` goes before the first. The label (tagged `label.1`) and day
/// labels are read once: repeated on a later part they are furniture.
fn parts(
    mut intro: Vec<Row>,
    (label, label_tag): (&str, &Tag),
    header: &Row,
    rows: Vec<Row>,
    composer: &Composer,
    page_body: f32,
    continued: bool,
) -> Vec<(Block, usize)> {
    let style = composer.style;
    let mut blocks = Vec::new();
    let mut rows_left = rows.into_iter().peekable();
    while rows_left.peek().is_some() {
        let mut rows = std::mem::take(&mut intro);
        let first = blocks.is_empty() && !continued;
        let label = if first {
            label.to_owned()
        } else {
            composer
                .words
                .with("log-continued", &[("label", Arg::from(label))])
        };
        let label = composer.across(&label, composer.lettering(style.body, true), INK);
        if first {
            rows.extend(mark(label, label_tag));
            rows.push(header.clone());
        } else {
            rows.extend(label);
            rows.push(Row {
                items: unmark(header.items.clone()),
                ..header.clone()
            });
        }
        let mut height: f32 = rows.iter().map(|r| r.height).sum();
        let mut taken = 0;
        while let Some(row) = rows_left.next_if(|r| taken == 0 || height + r.height <= page_body) {
            height += row.height;
            rows.push(row);
            taken += 1;
        }
        // Only the week's pain-and-comments row left over: it goes with the
        // last exercise, not on a part of its own.
        if rows_left.len() == 1 && taken > 1 {
            let last = rows.pop().expect("taken > 1");
            taken -= 1;
            rows_left = std::iter::once(last)
                .chain(rows_left)
                .collect::<Vec<_>>()
                .into_iter()
                .peekable();
        }
        blocks.push((
            Block {
                rows,
                space_after: style.gap,
            },
            taken,
        ));
    }
    blocks
}
