//! The catalogue booklet: what a clinic reviews. It opens with the safety
//! advice sheets print and the starter routines with their doses; then each
//! exercise with everything a sheet can print (figure, dose sentence, steps,
//! why it helps, cautions), each source's own prescription, the limits a
//! plan is checked against with their sources and the daily-volume limit,
//! and the notes for clinicians. Each of those tables is one block, so it
//! never splits across pages unless it alone is taller than a page. It is
//! also how figures are reviewed, so each figure sits in the same box a
//! sheet gives it.
//!
//! It is printed in a sheet's language (`--language`, the settings'): every
//! word from the language's messages (`wording`), each exercise's and
//! safety line's patient text in that language (in English, with the
//! sheet's fallback note, where the catalogue has none). What the catalogue
//! writes for clinicians only prints as written.

mod wording;

use chrono::NaiveDate;

use super::composer::Composer;
use super::flow::{Block, Row, paginate};
use super::marks::mark;
use super::style::{INK, SOFT, Style};
use super::{Options, page_size};
use crate::catalogue::{Catalogue, Entry, Only, Origin, Seen};
use crate::document::{Document, Page};
use crate::document::{Role, Tag};
use crate::fonts::Fonts;
use crate::lang::Arg;
use crate::plan::Dose;
use wording::cite;

/// Where the numbers of the booklet's top-level elements start: the
/// routines' lists, the entries' sections (their figure and steps), the
/// other blocks' sections, far enough apart never to meet.
const ROUTINES: u32 = 1_000;
const ENTRIES: u32 = 2_000;
const BLOCKS: u32 = 100_000;

/// Lay out the booklet of `catalogue`, dated `date`.
pub fn build(catalogue: &Catalogue, options: Options, fonts: &Fonts, date: NaiveDate) -> Document {
    let style = Style::new(options.large_print);
    let (page_w, page_h) = page_size(options.paper);
    let composer = Composer::new(fonts, style, page_w, options.language.messages());
    let top = style.margin;
    let bottom = page_h - style.margin - style.line(style.small) - style.gap / 2.0;
    let mut blocks = vec![title(catalogue, &composer, date)];
    blocks.push(safety(catalogue, &composer));
    blocks.push(sources(catalogue, &composer));
    blocks.extend(routines(catalogue, &composer));
    for (i, entry) in catalogue.entries().iter().enumerate() {
        blocks.extend(entry_blocks(entry, catalogue, &composer, i as u32));
    }
    // Every block's text not tagged yet (the title, an entry's figure and
    // steps are) a paragraph of a section of its own.
    for (k, block) in blocks.iter_mut().enumerate() {
        let tag = Tag::top(Role::Sect, BLOCKS + k as u32).child(Role::P, 0);
        let rows = std::mem::take(&mut block.rows);
        block.rows = mark(rows, &tag);
    }
    let mut pages = paginate(blocks, top, top, bottom);
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, i + 1, total, &composer, page_h);
    }
    Document {
        width: page_w,
        height: page_h,
        title: composer.words.text("booklet-title"),
        author: "rx".to_owned(),
        created: date,
        language: options.language.code().to_owned(),
        pdfa: crate::document::PDFA_BY_DEFAULT,
        pages,
    }
}

fn title(catalogue: &Catalogue, composer: &Composer, date: NaiveDate) -> Block {
    let (style, words) = (composer.style, composer.words);
    let rows = composer.across(
        &words.text("booklet-title"),
        composer.lettering(style.title, true),
        INK,
    );
    let mut rows = mark(rows, &Tag::top(Role::H1, 0));
    let printed = crate::lang::dates::long(words, date);
    let about = words.with(
        "booklet-about",
        &[
            ("count", catalogue.entries().len().into()),
            ("date", Arg::Text(&printed)),
        ],
    );
    rows.extend(composer.across(&about, composer.lettering(style.body, false), SOFT));
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
fn section(composer: &Composer, heading: &str, mut body: Vec<Row>) -> Block {
    let mut rows = composer.section_heading(heading);
    rows.append(&mut body);
    Block {
        rows,
        space_after: composer.style.gap,
    }
}

/// The safety advice, as sheets print it, with when each line shows.
fn safety(catalogue: &Catalogue, composer: &Composer) -> Block {
    let words = composer.words;
    let language = words.language();
    let safety_box = words.text("safety-title");
    let mut rows = composer.across(
        &words.with("booklet-safety-intro", &[("box", Arg::Text(&safety_box))]),
        composer.lettering(composer.style.body, false),
        SOFT,
    );
    for s in catalogue.safety() {
        let text = s.translations.get(&language).unwrap_or(&s.text);
        let source = cite(catalogue, &Origin::From(s.from.clone()), words);
        let mut line = words.with(
            "booklet-safety-line",
            &[("text", text.into()), ("source", Arg::Text(&source))],
        );
        let only = match s.only {
            None => None,
            Some(Only::Daily) => Some("booklet-only-daily"),
            Some(Only::NotDaily) => Some("booklet-only-not-daily"),
        };
        if let Some(id) = only {
            line.push(' ');
            line.push_str(&words.text(id));
        }
        rows.extend(composer.bullet(&line, composer.left, composer.width));
    }
    section(composer, &words.text("booklet-safety-title"), rows)
}

/// Every source with what the catalogue records of it: publisher, pages,
/// how and when it was seen, any copy it was read from, what is not known.
fn sources(catalogue: &Catalogue, composer: &Composer) -> Block {
    let words = composer.words;
    let mut rows = composer.across(
        &words.text("booklet-sources-intro"),
        composer.lettering(composer.style.body, false),
        SOFT,
    );
    for s in catalogue.sources() {
        let mut line = vec![words.with(
            "booklet-source",
            &[("id", (&s.id).into()), ("title", (&s.title).into())],
        )];
        if let Some(publisher) = &s.publisher {
            line.push(words.with(
                "booklet-source-publisher",
                &[("publisher", publisher.into())],
            ));
        }
        for url in &s.urls {
            line.push(words.with("booklet-source-page", &[("url", url.into())]));
        }
        if let Some(seen) = s.seen {
            let mut text = words.text(match seen {
                Seen::Whole => "booklet-source-seen-whole",
                Seen::Excerpt => "booklet-source-seen-excerpt",
                Seen::Copy => "booklet-source-seen-copy",
            });
            if let Some(date) = &s.date_seen {
                text.push(' ');
                text.push_str(&words.with("booklet-source-on", &[("date", date.into())]));
            }
            text.push('.');
            line.push(text);
        }
        for url in &s.seen_at {
            line.push(words.with("booklet-source-seen-at", &[("url", url.into())]));
        }
        if let Some(text) = &s.not_known {
            line.push(words.with("booklet-source-not-known", &[("text", text.into())]));
        }
        rows.extend(composer.bullet(&line.join(" "), composer.left, composer.width));
    }
    section(composer, &words.text("booklet-sources-title"), rows)
}

/// Each starter routine with the dose `rx new` writes for each exercise.
fn routines(catalogue: &Catalogue, composer: &Composer) -> Vec<Block> {
    let words = composer.words;
    let language = words.language();
    catalogue
        .routines()
        .iter()
        .enumerate()
        .map(|(r, routine)| {
            let list = Tag::top(Role::L, ROUTINES + r as u32);
            let source = cite(catalogue, &Origin::From(routine.from.clone()), words);
            let intro = words.with(
                "booklet-routine-intro",
                &[("id", (&routine.id).into()), ("source", Arg::Text(&source))],
            );
            let mut rows =
                composer.across(&intro, composer.lettering(composer.style.body, false), SOFT);
            for (i, id) in routine.exercises.iter().enumerate() {
                let Some(entry) = catalogue.find(id) else {
                    continue;
                };
                let p = entry
                    .prescription_from(&routine.from)
                    .unwrap_or_else(|| entry.recommended_prescription());
                let dose = Dose::starting(entry, p);
                let name = entry.printed_or_english(language).0.name;
                rows.extend(composer.numbered(
                    i + 1,
                    &format!("{name}: {}", dose.sentence(words)),
                    composer.left,
                    composer.width,
                    &list.child(Role::LI, i as u32),
                ));
            }
            let name = routine.name_in(language);
            section(
                composer,
                &words.with("booklet-routine-title", &[("name", name.into())]),
                rows,
            )
        })
        .collect()
}

/// The entry with its figure and what a sheet prints; then each source's
/// prescription, the limits, and the notes for clinicians, one block each.
fn entry_blocks(
    entry: &Entry,
    catalogue: &Catalogue,
    composer: &Composer,
    number: u32,
) -> Vec<Block> {
    let style = composer.style;
    let name = entry.printed_or_english(composer.words.language()).0.name;
    let mut blocks = vec![entry_block(entry, composer, number)];
    blocks.push(lines(
        prescriptions(entry, name, catalogue, composer),
        style.body * 0.5,
    ));
    let last = if entry.notes.is_empty() {
        style.gap
    } else {
        style.body * 0.5
    };
    blocks.push(lines(limits(entry, name, catalogue, composer), last));
    // Notes for clinicians: one block.
    if !entry.notes.is_empty() {
        let heading = composer
            .words
            .with("booklet-notes-title", &[("name", name.into())]);
        let mut rows = titled(composer, &heading);
        for note in &entry.notes {
            rows.extend(composer.bullet(note, composer.left, composer.width));
        }
        blocks.push(lines(rows, style.gap));
    }
    blocks
}

/// The entry's heading, and beside its figure: names, position, dose,
/// steps, why, cautions, in the booklet's language.
fn entry_block(entry: &Entry, composer: &Composer, number: u32) -> Block {
    let (style, words) = (composer.style, composer.words);
    let (text, fallback) = entry.printed_or_english(words.language());
    let sect = Tag::top(Role::Sect, ENTRIES + number);
    let mut rows = composer.section_heading(text.name);
    let (x, w) = composer.beside_figure();
    let label = |id: &str| words.text(id);
    let mut column = composer.labelled(&label("booklet-id"), &entry.id, x, w);
    if !entry.aliases.is_empty() {
        column.extend(composer.labelled(
            &label("booklet-aliases"),
            &entry.aliases.join(", "),
            x,
            w,
        ));
    }
    column.extend(composer.labelled(&label("booklet-position"), text.position, x, w));
    if let Some(note) = &entry.figure_note {
        column.extend(composer.labelled(&label("booklet-figure-note"), note, x, w));
    }
    column.extend(composer.labelled_parts(
        &label("booklet-dose"),
        &recommended(entry).parts(words),
        x,
        w,
    ));
    column.push(composer.space(style.body * 0.4));
    if fallback {
        let note = label("fallback-note");
        column.extend(composer.paragraph(&note, composer.lettering(style.body, true), x, w, INK));
        column.push(composer.space(style.body * 0.4));
    }
    // The steps as a sheet with the recommended dose prints them.
    let hold = recommended(entry)
        .hold
        .filter(|&s| s > 0)
        .map(|s| crate::plan::figure_hold(s, words));
    let (steps, tips) = super::sheet::said_steps(text.steps, hold.as_deref());
    for (i, step) in steps.iter().enumerate() {
        let item = sect.child(Role::L, 8).child(Role::LI, i as u32);
        column.extend(composer.numbered(i + 1, step, x, w, &item));
    }
    for tip in &tips {
        column.extend(composer.labelled(&label("tip-label"), tip, x, w));
    }
    column.push(composer.space(style.body * 0.4));
    column.extend(composer.labelled(&label("why-label"), text.why, x, w));
    column.push(composer.space(style.body * 0.4));
    column.extend(composer.labelled(&label("care-label"), &text.cautions.join(" "), x, w));
    rows.extend(composer.with_figure(entry, column, &sect));
    Block {
        rows,
        space_after: style.body * 0.5,
    }
}

/// A block's bold first line, full width.
fn titled(composer: &Composer, title: &str) -> Vec<Row> {
    composer.across(title, composer.lettering(composer.style.body, true), INK)
}

/// Each source's own prescription.
fn prescriptions(
    entry: &Entry,
    name: &str,
    catalogue: &Catalogue,
    composer: &Composer,
) -> Vec<Row> {
    let words = composer.words;
    let heading = words.with("booklet-prescriptions-title", &[("name", name.into())]);
    let mut rows = titled(composer, &heading);
    for (i, p) in entry.prescriptions.iter().enumerate() {
        let (summary, source) = (
            wording::summary(p, words),
            cite(catalogue, &p.origin, words),
        );
        let mut text = words.with(
            "booklet-prescription",
            &[
                ("summary", Arg::Text(&summary)),
                ("source", Arg::Text(&source)),
            ],
        );
        let mut add = |id: &str, args: &[(&str, Arg)]| {
            text.push(' ');
            text.push_str(&words.with(id, args));
        };
        if let Some(note) = &p.note {
            add("booklet-source-note", &[("note", note.into())]);
        }
        if let Some(reading) = &p.reading {
            add("booklet-reading", &[("reading", reading.into())]);
        }
        if i == entry.recommended && entry.prescriptions.len() > 1 {
            add("booklet-starts-from", &[]);
        }
        let label = format!("{}:", wording::label(p, words));
        rows.extend(composer.labelled(&label, &text, composer.left, composer.width));
    }
    rows
}

/// Every limit and its source, the daily total, sides and sources.
fn limits(entry: &Entry, name: &str, catalogue: &Catalogue, composer: &Composer) -> Vec<Row> {
    let words = composer.words;
    let mut rows = titled(
        composer,
        &words.with("booklet-limits-title", &[("name", name.into())]),
    );
    let l = &entry.limits;
    let fields = [
        ("booklet-sets", Some(&l.sets), false),
        ("booklet-reps", Some(&l.reps), false),
        ("booklet-hold-label", l.hold.as_ref(), true),
        ("booklet-per-day", Some(&l.per_day), false),
        ("booklet-per-week", Some(&l.per_week), false),
        ("booklet-minutes-label", l.minutes.as_ref(), false),
    ];
    let mut row = |label: &str, text: &str| {
        rows.extend(composer.labelled(&words.text(label), text, composer.left, composer.width));
    };
    for ((label, limit, seconds), shown) in fields.into_iter().zip(crate::limits::shown(entry)) {
        // Only a timed exercise has a time; the others are counted.
        if label == "booklet-minutes-label" && limit.is_none() && shown.clinic.is_none() {
            continue;
        }
        let mut text = match limit {
            Some(limit) => wording::limit(limit, seconds, words),
            None => words.text("booklet-no-hold-limit"),
        };
        if let Some(clinic) = shown.clinic {
            text.push(' ');
            text.push_str(&wording::clinic_limit(clinic, words));
        }
        row(label, &text);
    }
    row("booklet-daily-label", &wording::daily(entry, words));
    let side = words.text(if entry.per_side.value {
        "booklet-side-yes"
    } else {
        "booklet-side-no"
    });
    let source = wording::cite_ids(&entry.per_side.origin, words);
    let each_side = words.with(
        "booklet-side",
        &[("side", Arg::Text(&side)), ("source", Arg::Text(&source))],
    );
    row("booklet-side-label", &each_side);
    let sources = Origin::From(entry.sources.clone());
    let (source, titles) = (
        cite(catalogue, &sources, words),
        wording::titles(catalogue, &entry.sources, words),
    );
    let cited = words.with(
        "booklet-cited",
        &[
            ("source", Arg::Text(&source)),
            ("titles", Arg::Text(&titles)),
        ],
    );
    row("booklet-sources", &cited);
    rows
}

/// Rows kept together on one page, then `space_after`.
fn lines(rows: Vec<Row>, space_after: f32) -> Block {
    Block { rows, space_after }
}

/// "Page x of y" at the foot.
fn footer(page: &mut Page, number: usize, total: usize, composer: &Composer, page_h: f32) {
    let text = composer.words.with(
        "booklet-page",
        &[("number", number.into()), ("total", total.into())],
    );
    composer.footer(page, &text, page_h);
}
