//! Page fill: a sheet wastes no paper. Over plans of 1 to 8 exercises made
//! from the catalogue, on Letter and A4, with and without the clinic's
//! logo and video QR codes: in normal print no page but the last is under
//! two-thirds full (as the layout measures its own placed rows) and page 1
//! always holds the first exercise's name and dose, figure and steps (in
//! large print too); large print takes at most twice the pages of normal
//! print for the same plan and leaves no page but the last under two-thirds
//! full either. The example plan with a logo and six QR codes keeps to four
//! Letter pages; a 2-exercise plan shows how to do both on page 1, with the
//! log on page 2.

use std::sync::Arc;

use rx::catalogue::{Catalogue, Entry};
use rx::document::{Document, Item};
use rx::fonts::Fonts;
use rx::layout::{Options, Style};
use rx::plan::{Paper, Plan};

use crate::pdf::Pdf;
use crate::support::repo;

const HEAD: &str = r#"
[patient]
name = "José Müller-Łukasz"
id = "MRN-004211"
[prescriber]
name = "Dana Reyes, PT, DPT"
clinic = "Riverside Physical Therapy"
phone = "+1 555 0142"
[plan]
issued = 2026-11-22
weeks = 2
notes = "Walk ten minutes after the exercises."
"#;

fn checked(text: &str, catalogue: &Catalogue, fonts: &Fonts) -> Plan {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let (_, checked) = rx::check_plan(text.as_bytes(), catalogue, fonts, today);
    checked
        .plan
        .unwrap_or_else(|| panic!("a valid plan: {:?}", checked.diagnostics))
}

/// A plan of the catalogue's first `n` entries with a figure, each at its
/// recommended dose.
fn plan_of(n: usize, catalogue: &Catalogue, fonts: &Fonts) -> Plan {
    let mut text = HEAD.to_owned();
    for entry in catalogue
        .entries()
        .iter()
        .filter(|e| e.figure.is_some())
        .take(n)
    {
        text.push_str(&format!("\n[[exercise]]\nname = \"{}\"\n", entry.id));
    }
    checked(&text, catalogue, fonts)
}

/// `plan` as the example clinic prints it: its logo, address and e-mail,
/// and a video QR code under every exercise's figure.
fn with_clinic(mut plan: Plan) -> Plan {
    let logo = std::fs::read(repo("examples/logo.png")).expect("the example logo");
    let logo = rx::picture::decode(&logo, rx::picture::LOGO).expect("a logo");
    plan.contact.logo = Some(Arc::new(logo));
    plan.contact.address = Some("12 River Road, Springfield".into());
    plan.contact.email = Some("front.desk@riverside.example".into());
    for exercise in &mut plan.exercises {
        exercise.video = Some(format!(
            "https://videos.riverside.example/exercises/{}",
            exercise.entry.id
        ));
    }
    plan
}

/// The last numbered step of `entry` that prints as written (no marker).
fn last_plain_step(entry: &Entry) -> &str {
    entry
        .steps
        .iter()
        .rev()
        .find(|s| !s.contains('{'))
        .expect("a plain step")
}

/// Whether the words of `needle` are in `text` in order: a paragraph set
/// beside a figure may have the figure's own words (a video label)
/// between its lines in the page's text.
fn in_order(text: &str, needle: &str) -> bool {
    let mut words = text.split_whitespace();
    needle
        .split_whitespace()
        .all(|word| words.any(|w| w == word))
}

/// Whether page 1 holds the illustration box of the first exercise.
fn figure_box_on_page_one(document: &Document, style: Style) -> bool {
    document.pages[0].items.iter().any(|item| {
        matches!(item, Item::Rect { w, h, .. }
            if (w - style.figure_w).abs() < 0.01 && *h <= style.figure_h + 0.01)
    })
}

/// Pages and fill of `plan` laid out with `options`, and what is missing
/// from page 1 of the first exercise's band, figure and steps.
fn laid_out(plan: &Plan, options: Options, fonts: &Fonts) -> (Vec<f32>, Vec<String>) {
    let (document, fill) = rx::layout::sheet_with_fill(plan, options, fonts);
    assert_eq!(fill.len(), document.pages.len());
    let bytes = rx::render::render(&document, fonts).expect("the sheet renders");
    let pdf = Pdf::parse(&bytes).expect("a PDF");
    let page1 = pdf.page_text(1);
    let first = &plan.exercises[0];
    let mut missing = Vec::new();
    let band = first.dose.parts(options.language.messages()).join(" · ");
    for needle in [
        first.entry.name.as_str(),
        &band,
        last_plain_step(&first.entry),
    ] {
        if !in_order(&page1, needle) {
            missing.push(format!("{needle:?} not on page 1"));
        }
    }
    if !figure_box_on_page_one(&document, Style::new(options.large_print)) {
        missing.push("the first figure not on page 1".into());
    }
    (fill, missing)
}

fn table(fill: &[f32]) -> String {
    fill.iter()
        .map(|f| format!("{f:.3}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How full every page but the last must be, in either print.
const FILL: f32 = 2.0 / 3.0;

/// Every sheet's fill is printed (`--nocapture`).
#[test]
fn pages_are_filled_and_page_one_shows_the_first_exercise() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let mut failures = Vec::new();
    for n in 1..=8 {
        let bare = plan_of(n, &catalogue, &fonts);
        for (clinic, plan) in [("plain", bare.clone()), ("logo+QR", with_clinic(bare))] {
            for paper in [Paper::Letter, Paper::A4] {
                // Normal print comes first, so this is its page count when
                // large print is laid out.
                let mut normal_pages = 0;
                for large_print in [false, true] {
                    let options = Options {
                        paper,
                        large_print,
                        ..Options::default()
                    };
                    let print = if large_print { "large" } else { "normal" };
                    let what = format!("{n} exercises, {clinic}, {paper:?}, {print} print");
                    let (fill, missing) = laid_out(&plan, options, &fonts);
                    eprintln!("{what}: {} pages: {}", fill.len(), table(&fill));
                    if fill.iter().any(|f| *f > 1.0) {
                        failures.push(format!("{what}: overfull: {}", table(&fill)));
                    }
                    failures.extend(missing.into_iter().map(|m| format!("{what}: {m}")));
                    let (_, rest) = fill.split_last().expect("a page");
                    if rest.iter().any(|f| *f < FILL) {
                        failures.push(format!("{what}: {}", table(&fill)));
                    }
                    if large_print && fill.len() > 2 * normal_pages {
                        failures.push(format!(
                            "{what}: {} pages, normal print {normal_pages}",
                            fill.len()
                        ));
                    }
                    normal_pages = fill.len();
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_example_with_a_logo_and_six_videos_takes_at_most_four_letter_pages() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let example = std::fs::read_to_string(repo("examples/plan.toml")).expect("the example");
    let plan = with_clinic(checked(&example, &catalogue, &fonts));
    let (document, fill) = rx::layout::sheet_with_fill(&plan, Options::default(), &fonts);
    assert!(document.pages.len() <= 4, "{}", table(&fill));
}

/// A 2-exercise plan in normal print shows how to do both exercises on
/// page 1, each one's name and dose band, figure and steps (the second's
/// "why it helps" and "take care" may follow, under its "continued"
/// line), and the log on the page after: two pages, on Letter and A4.
/// With the clinic's logo and video codes it is two pages too, but the
/// second exercise starts page 2: its band, figure and steps (136.6 pt on
/// Letter, 153.1 on A4) were 37 pt and 34 pt taller than what page 1 had
/// left (measured with the pager printing its room and the flow's heights).
#[test]
fn a_two_exercise_plan_shows_how_to_do_both_on_page_one_and_the_log_after() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let words = rx::lang::Language::ENGLISH.messages();
    let style = Style::new(false);
    let bare = plan_of(2, &catalogue, &fonts);
    let mut failures = Vec::new();
    for (clinic, plan) in [("plain", bare.clone()), ("logo+QR", with_clinic(bare))] {
        for paper in [Paper::Letter, Paper::A4] {
            let what = format!("{clinic}, {paper:?}");
            let options = Options {
                paper,
                ..Options::default()
            };
            let document = rx::layout::sheet(&plan, options, &fonts);
            let bytes = rx::render::render(&document, &fonts).expect("the sheet renders");
            let pdf = Pdf::parse(&bytes).expect("a PDF");
            if pdf.pages() != 2 {
                failures.push(format!("{what}: {} pages", pdf.pages()));
            }
            let last = pdf.page_text(pdf.pages());
            if !in_order(&last, &words.text("log-title")) {
                failures.push(format!("{what}: no log on the last page"));
            }
            if clinic != "plain" {
                continue;
            }
            let page1 = pdf.page_text(1);
            let page1: Vec<&str> = page1.split_whitespace().collect();
            for (i, exercise) in plan.exercises.iter().enumerate() {
                // Each exercise's band, and after it its dose and its
                // last step: the second's words are looked for after its
                // name, not in the first's.
                let name = format!("{}. {}", i + 1, exercise.entry.name);
                let Some(at) = position(&page1, &name) else {
                    failures.push(format!("{what}: {name:?} not on page 1"));
                    continue;
                };
                let rest = page1[at..].join(" ");
                let band = exercise.dose.parts(words).join(" · ");
                for needle in [band.as_str(), last_plain_step(&exercise.entry)] {
                    if !in_order(&rest, needle) {
                        failures.push(format!("{what}: {needle:?} not on page 1 after {name:?}"));
                    }
                }
            }
            let figures = document.pages[0]
                .items
                .iter()
                .filter(|item| {
                    matches!(item, Item::Rect { w, h, .. }
                        if (w - style.figure_w).abs() < 0.01 && *h <= style.figure_h + 0.01)
                })
                .count();
            if figures != plan.exercises.len() {
                failures.push(format!("{what}: {figures} figures on page 1"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where the words of `needle` first stand together in `words`.
fn position(words: &[&str], needle: &str) -> Option<usize> {
    let needle: Vec<&str> = needle.split_whitespace().collect();
    words
        .windows(needle.len())
        .position(|w| w == needle.as_slice())
}

/// The pages' text of `plan` laid out with `options`, one string a page.
fn page_texts(plan: &Plan, options: Options, fonts: &Fonts) -> Vec<String> {
    let document = rx::layout::sheet(plan, options, fonts);
    let bytes = rx::render::render(&document, fonts).expect("the sheet renders");
    let pdf = Pdf::parse(&bytes).expect("a PDF");
    (1..=pdf.pages()).map(|p| pdf.page_text(p)).collect()
}

#[test]
fn an_exercise_that_breaks_keeps_its_band_figure_and_steps_on_one_page() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let (mut breaks, mut tips_follow) = (0, 0);
    for n in 1..=8 {
        let bare = plan_of(n, &catalogue, &fonts);
        for (plan, paper, large_print) in [bare.clone(), with_clinic(bare)]
            .iter()
            .flat_map(|plan| [Paper::Letter, Paper::A4].map(|paper| (plan, paper)))
            .flat_map(|(plan, paper)| [false, true].map(|large| (plan, paper, large)))
        {
            let options = Options {
                paper,
                large_print,
                ..Options::default()
            };
            let pages = page_texts(plan, options, &fonts);
            for (i, exercise) in plan.exercises.iter().enumerate() {
                let name = &exercise.entry.name;
                let continued = format!("{}. {name} (continued)", i + 1);
                let Some(p) = pages.iter().position(|t| in_order(t, &continued)) else {
                    continue;
                };
                breaks += 1;
                let what = format!("{n} exercises, {paper:?}, large print {large_print}: {name}");
                assert!(p > 0, "{what}: continued on page 1");
                let before = &pages[p - 1];
                assert!(
                    in_order(before, name),
                    "{what}: the band is not on page {p}"
                );
                assert!(
                    in_order(before, last_plain_step(&exercise.entry)),
                    "{what}: the steps are not on page {p}"
                );
                let why = &exercise.entry.why;
                assert!(
                    in_order(&pages[p], why) && !in_order(before, why),
                    "{what}: why it helps follows on page {}",
                    p + 1
                );
                // A tip stays with the steps where it fits, or follows
                // with the rest.
                for tip in tips(&exercise.entry) {
                    match (in_order(before, tip), in_order(&pages[p], tip)) {
                        (true, false) => {}
                        (false, true) => tips_follow += 1,
                        _ => panic!("{what}: the tip {tip:?} on neither page or both"),
                    }
                }
            }
        }
    }
    assert!(breaks > 0, "some exercise breaks in these plans");
    assert!(
        tips_follow > 0,
        "some exercise's head fits only without its tip, which follows"
    );
}

/// The tips of `entry` that print as written (no hold in them).
fn tips(entry: &Entry) -> Vec<&str> {
    entry
        .steps
        .iter()
        .map(|s| rx::catalogue::steps::read(s))
        .filter(|m| m.kind == rx::catalogue::steps::Kind::Tip && !m.text.contains('{'))
        .map(|m| m.text)
        .collect()
}

#[test]
fn the_figure_key_goes_with_the_first_drawn_figure_not_a_photo() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let photo = std::fs::read(repo("examples/logo.png")).expect("a picture");
    let photo = rx::picture::decode(&photo, rx::picture::FIGURE).expect("a PNG");
    let photo = rx::figure::Figure::Image(Arc::new(photo));
    let mut plan = plan_of(2, &catalogue, &fonts);
    let mut entry = (*plan.exercises[0].entry).clone();
    entry.figure = Some(photo.clone());
    plan.exercises[0].entry = Arc::new(entry);
    let key = rx::lang::Language::ENGLISH.messages().text("figure-key");
    let text: String = page_texts(&plan, Options::default(), &fonts).join(" ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = |needle: &str| {
        let needle: Vec<&str> = needle.split_whitespace().collect();
        words
            .windows(needle.len())
            .position(|w| w == needle.as_slice())
    };
    let first = at(&plan.exercises[0].entry.name).expect("the first exercise");
    let second = at(&plan.exercises[1].entry.name).expect("the second exercise");
    let keyed = at(&key).expect("the key, over the drawn figure");
    // In normal print the figure sits beside the band: the key is the
    // line over both, so the second exercise's number follows it.
    let after_key = keyed + key.split_whitespace().count();
    assert!(
        first < keyed && words.get(after_key..second) == Some(&["2."][..]),
        "the key is over the second exercise's band and drawing: {text}"
    );
    assert_eq!(text.matches("In the pictures:").count(), 1);

    let mut entry = (*plan.exercises[1].entry).clone();
    entry.figure = Some(photo);
    plan.exercises[1].entry = Arc::new(entry);
    let text: String = page_texts(&plan, Options::default(), &fonts).join(" ");
    assert!(
        !text.contains("In the pictures:"),
        "no key over photos: {text}"
    );
}

/// The x of each bullet dot of the Stay-safe box on page 1 (a dot is a
/// path of two points a hair apart, drawn a third of the body size wide).
fn bullet_columns(plan: &Plan, fonts: &Fonts) -> Vec<i32> {
    let document = rx::layout::sheet(plan, Options::default(), fonts);
    let dot = Style::new(false).body * 0.32;
    let mut xs: Vec<i32> = document.pages[0]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Path { points, stroke }
                if points.len() == 2
                    && (points[1].0 - points[0].0).abs() < 0.1
                    && (points[1].1 - points[0].1).abs() < 0.1
                    && (stroke.width - dot).abs() < 0.01 =>
            {
                Some(points[0].0.round() as i32)
            }
            _ => None,
        })
        .collect();
    xs.sort_unstable();
    xs.dedup();
    xs
}

#[test]
fn short_stay_safe_lines_take_two_columns_and_long_ones_one() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let mut plan = plan_of(1, &catalogue, &fonts);
    assert_eq!(
        bullet_columns(&plan, &fonts).len(),
        1,
        "the built-in lines are long"
    );
    plan.safety = [
        "Stop if it hurts.",
        "Move slowly.",
        "Breathe out.",
        "Rest a day if sore.",
    ]
    .map(|t| rx::plan::Advice::as_written(t.to_string()))
    .to_vec();
    assert_eq!(
        bullet_columns(&plan, &fonts).len(),
        2,
        "short lines side by side"
    );
}
