//! Layout tests: real plans through parse -> resolve -> check -> layout, then
//! geometric checks on the `Document`: nothing outside the page's content
//! box, no two text runs overlapping, every exercise and dose present.

use chrono::NaiveDate;

use super::{Options, sheet};
use crate::catalogue::{self, Catalogue};
use crate::document::{Document, Item};
use crate::fonts::{Face, Fonts};
use crate::plan::{Paper, Plan};

fn plan(text: &str, catalogue: &Catalogue, fonts: &Fonts) -> Plan {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let (_, checked) = crate::check_plan(text.as_bytes(), catalogue, fonts, today);
    checked
        .plan
        .unwrap_or_else(|| panic!("invalid test plan: {:?}", checked.diagnostics))
}

const HEAD: &str = r#"
[patient]
name = "José Müller-Łukasz"
[prescriber]
name = "Dana Reyes, PT, DPT"
clinic = "Riverside Physical Therapy"
[plan]
issued = 2026-11-22
weeks = 2
"#;

/// A plan with `n` exercises cycling through the whole catalogue.
fn many(n: usize, catalogue: &Catalogue) -> String {
    let mut text = HEAD.to_owned();
    for entry in catalogue.entries().iter().cycle().take(n) {
        text.push_str(&format!("\n[[exercise]]\nname = \"{}\"\n", entry.id));
    }
    text
}

/// Bounding box of a text item: x, top, right, bottom.
fn text_box(item: &Item, fonts: &Fonts) -> Option<(f32, f32, f32, f32)> {
    let Item::Text {
        x,
        y,
        size,
        face,
        text,
        ..
    } = item
    else {
        return None;
    };
    let w: f32 = text.chars().map(|c| fonts.advance(*face, c) * size).sum();
    Some((*x, y - 0.8 * size, x + w, y + 0.2 * size))
}

/// Nothing outside the margins; no two text runs overlap.
/// Text with each run of whitespace one space: a dose broken between its
/// parts over two lines reads whole.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_clean(doc: &Document, margin: f32, fonts: &Fonts) {
    let eps = 0.5;
    for (p, page) in doc.pages.iter().enumerate() {
        let boxes: Vec<(f32, f32, f32, f32)> = page
            .drawn()
            .into_iter()
            .filter_map(|i| text_box(i, fonts))
            .collect();
        for b in &boxes {
            assert!(
                b.0 >= margin - eps && b.2 <= doc.width - margin + eps,
                "page {}: text outside margins: {b:?}",
                p + 1
            );
            assert!(
                b.1 >= margin - 12.0 && b.3 <= doc.height - margin + 12.0,
                "page {}: text off page: {b:?}",
                p + 1
            );
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let overlap_x = a.0.max(b.0) < a.2.min(b.2) - eps;
                let overlap_y = a.1.max(b.1) < a.3.min(b.3) - eps;
                assert!(
                    !(overlap_x && overlap_y),
                    "page {}: text overlaps: {a:?} {b:?}",
                    p + 1
                );
            }
        }
        for item in page.drawn() {
            if let Item::Path { points, .. } = item {
                for (x, y) in points {
                    assert!(
                        *x >= margin - eps && *x <= doc.width - margin + eps,
                        "page {}: path outside margins: {item:?}",
                        p + 1
                    );
                    assert!(
                        *y >= margin - eps && *y <= doc.height - margin + eps,
                        "page {}: path off page: {item:?}",
                        p + 1
                    );
                }
            }
            if let Item::Rect { x, y, w, h, .. } = item {
                assert!(
                    *x >= margin - eps && x + w <= doc.width - margin + eps,
                    "page {}: rect outside margins: {item:?}",
                    p + 1
                );
                assert!(
                    *y >= margin - eps && y + h <= doc.height - margin + eps,
                    "page {}: rect off page: {item:?}",
                    p + 1
                );
            }
        }
    }
}

#[test]
fn every_exercise_dose_and_page_number_is_on_the_sheet() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/plan.toml"))
        .expect("example");
    let plan = plan(&text, &catalogue, &fonts);
    let doc = sheet(&plan, Options::default(), &fonts);
    let all = doc.text();
    for exercise in &plan.exercises {
        assert!(
            all.contains(&exercise.entry.name),
            "{}",
            exercise.entry.name
        );
        assert!(
            flat(&all).contains(&exercise.sentence(crate::lang::Language::ENGLISH.messages())),
            "{}",
            exercise.sentence(crate::lang::Language::ENGLISH.messages())
        );
    }
    let total = doc.pages.len();
    for n in 1..=total {
        assert!(all.contains(&format!("Page {n} of {total}")));
    }
    // Every page says whose it is; the dates are said once, in page 1's
    // sentence, and not again in its header.
    for page in &doc.pages {
        assert!(page_text(page).contains("José Müller-Łukasz"));
    }
    let dates = "from Sunday 22 November 2026 until your review on Sunday 6 December 2026";
    assert_eq!(flat(&all).matches(dates).count(), 1);
    assert!(!all.contains("Review by"), "{all}");
    assert_clean(&doc, 40.0, &fonts);
}

#[test]
fn thirty_exercises_lay_out_cleanly_on_letter_and_a4() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let plan = plan(&many(30, &catalogue), &catalogue, &fonts);
    for paper in [Paper::Letter, Paper::A4] {
        for large_print in [false, true] {
            let doc = sheet(
                &plan,
                Options {
                    paper,
                    large_print,
                    ..Options::default()
                },
                &fonts,
            );
            assert_clean(&doc, 40.0, &fonts);
            let all = doc.text();
            for exercise in &plan.exercises {
                let said = exercise.sentence(crate::lang::Language::ENGLISH.messages());
                assert!(
                    flat(&all).contains(&said),
                    "{paper:?} large={large_print}: {said:?} not in {all}"
                );
            }
        }
    }
    let doc = sheet(&plan, Options::default(), &fonts);
    // (Text runs on under each figure, the log takes two weeks a band and
    // a short dose shares the name's line: 13 pages where it took
    // 20.)
    assert_eq!(doc.pages.len(), 13, "30 exercises on Letter");
    // Every page of the log carries its week label and day labels.
    for page in &doc.pages {
        let ticks = page
            .drawn()
            .into_iter()
            .any(|i| matches!(i, Item::Rect { w, .. } if (*w - 13.0).abs() < 0.01));
        let labelled = page
            .drawn()
            .into_iter()
            .any(|i| matches!(i, Item::Text { text, .. } if text.starts_with("Week")));
        assert_eq!(ticks, labelled);
    }
}

#[test]
fn long_names_and_notes_wrap_inside_the_page() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let long_name =
        "Maria-Fernanda Alexandrina Wilhelmina Konstantinopoulou-Vandersteenhoven de la Cruz";
    let note = "Keep your breathing slow and even. ".repeat(20);
    let text = many(3, &catalogue)
        .replace("José Müller-Łukasz", long_name)
        .replace("clinic = \"Riverside Physical Therapy\"", "clinic = \"The Riverside and Lakeshore Community Physical Therapy and Sports Rehabilitation Clinic\"")
        .replace("weeks = 2", &format!("weeks = 2\nnotes = \"{note}\""))
        .replace("name = \"bottom-stretch\"", &format!("name = \"bottom-stretch\"\nnote = \"{note}\"\nside = \"left\""));
    let plan = plan(&text, &catalogue, &fonts);
    for large_print in [false, true] {
        let doc = sheet(
            &plan,
            Options {
                paper: Paper::A4,
                large_print,
                ..Options::default()
            },
            &fonts,
        );
        assert_clean(&doc, 40.0, &fonts);
        let flat: String = doc.text().split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Keep your breathing slow and even. Keep"));
        assert!(flat.contains("left side only"));
    }
}

#[test]
fn large_print_body_text_is_at_least_16pt() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let plan = plan(&many(6, &catalogue), &catalogue, &fonts);
    let doc = sheet(
        &plan,
        Options {
            paper: Paper::Letter,
            large_print: true,
            ..Options::default()
        },
        &fonts,
    );
    let step = &plan.exercises[0].entry.steps[0];
    let first_word = step.split(' ').next().expect("a word");
    let sizes: Vec<f32> = doc
        .pages
        .iter()
        .flat_map(|p| p.drawn())
        .filter_map(|i| match i {
            Item::Text { size, text, .. } if text.starts_with(first_word) => Some(*size),
            _ => None,
        })
        .collect();
    assert!(!sizes.is_empty());
    assert!(sizes.iter().all(|&s| s >= 16.0), "{sizes:?}");
    let smallest = doc
        .pages
        .iter()
        .flat_map(|p| p.drawn())
        .filter_map(|i| match i {
            Item::Text { size, .. } => Some(*size),
            _ => None,
        })
        .fold(f32::MAX, f32::min);
    assert!(smallest >= 14.0, "smallest text {smallest}");
}

#[test]
fn log_has_one_box_per_exercise_per_day() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let text = many(2, &catalogue).replace("weeks = 2", "review = 2026-12-02");
    let plan = plan(&text, &catalogue, &fonts);
    let doc = sheet(&plan, Options::default(), &fonts);
    let ticks = doc
        .pages
        .iter()
        .flat_map(|p| p.drawn())
        .filter(|i| matches!(i, Item::Rect { w, h, fill: None, .. } if (*w - 13.0).abs() < 0.01 && (*h - 13.0).abs() < 0.01))
        .count();
    // 10 days (22 Nov to 1 Dec) x 2 exercises, once a day each.
    assert_eq!(ticks, 20);
    // Ten days fit one two-week band at normal print.
    assert!(doc.text().contains("Weeks 1–2 · 22 Nov 2026 to 1 Dec 2026"));
}

#[test]
fn dump_shows_positions() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let plan = plan(&many(1, &catalogue), &catalogue, &fonts);
    let dump = sheet(&plan, Options::default(), &fonts).dump();
    assert!(dump.starts_with("document 612.0x792.0 title=\"Home exercise program – José Müller-Łukasz\" author=\"Dana Reyes, PT, DPT\" created=2026-11-22\npage 1\n"));
    assert!(dump.contains("  text 40.0,"));
}

/// The text runs of one page, joined with spaces.
fn page_text(page: &crate::document::Page) -> String {
    page.drawn()
        .into_iter()
        .filter_map(|item| match item {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn booklet_shows_what_a_sheet_prints_and_keeps_each_table_on_one_page() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let date = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    for options in [
        Options::default(),
        Options {
            paper: Paper::A4,
            large_print: true,
            ..Options::default()
        },
    ] {
        let doc = super::booklet(&catalogue, options, &fonts, date);
        let pages: Vec<String> = doc.pages.iter().map(page_text).collect();
        // A paragraph may run on to the next page; without each page's
        // footer, the text of the whole booklet reads on across the break.
        let all = pages
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let footer = format!("Exercise catalogue · page {} of {}", i + 1, pages.len());
                page.replace(&footer, "")
            })
            .collect::<Vec<_>>()
            .join(" ");
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let all = words(&all);
        for safety in catalogue.safety() {
            let first = safety.text.split(". ").next().expect("a sentence");
            assert!(all.contains(&words(first)), "safety {first:?}");
        }
        for routine in catalogue.routines() {
            assert!(all.contains(&format!("Starter routine: {}", routine.name)));
        }
        for entry in catalogue.entries() {
            for caution in &entry.cautions {
                assert!(all.contains(&words(caution)), "{}: {caution}", entry.id);
            }
            assert!(all.contains(&words(&format!("Why it helps: {}", entry.why))));
            for p in &entry.prescriptions {
                assert!(all.contains(&words(&format!("{}: {}", p.label(), p.summary()))));
            }
            for note in &entry.notes {
                assert!(all.contains(&words(note)), "{}: {note}", entry.id);
            }
            // Each table starts and ends on the same page.
            let last = entry.prescriptions.last().expect("a prescription");
            for (start, end) in [
                (
                    format!("Each source's prescription: {}", entry.name),
                    words(&format!("{}: {}", last.label(), last.summary())),
                ),
                (format!("Limits: {}", entry.name), "Sources:".to_owned()),
            ] {
                let on: Vec<usize> = (0..pages.len())
                    .filter(|&i| words(&pages[i]).contains(&start))
                    .collect();
                assert_eq!(on.len(), 1, "{start:?} on pages {on:?}");
                let page = words(&pages[on[0]]);
                let rest = &page[page.find(&start).expect("start") + start.len()..];
                assert!(rest.contains(&end), "{start:?} split from {end:?}");
            }
        }
        assert!(all.contains("About the figure: The figure settles two points"));
    }
}

/// A clinic entry (no picture) named `name`, for tests that need an
/// exercise name of their own.
fn clinic_entry(name: &str) -> String {
    format!(
        r#"
[[exercise]]
id = "wall-sit"
name = "{name}"
sources = ["relieve"]
position = "Standing with your back to a wall"
targets = "thighs"
why = "Builds strength."
when = "Daily."
steps = ["Slide down the wall."]
cautions = ["Stop if your knees hurt."]
per_side = {{ value = false, from = ["relieve"] }}
[exercise.limits]
sets = {{ min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }}
reps = {{ min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }}
per_day = {{ min = 1, max = 12, recommended = 1, default = "no figure in the sources: once" }}
per_week = {{ min = 1, max = 7, default = "no figure in the sources: daily" }}
"#
    )
}

/// Characters only the regular faces have (here
/// mathematical sans-serif letters, as pasted from a phone) pass the check
/// and print as themselves in the bold header and exercise heading, never
/// as "?".
#[test]
fn bold_fields_never_print_question_marks() {
    let fancy = "𝖠𝗇𝗇𝖺 𝟤";
    let fonts = Fonts::load();
    let catalogue = catalogue::extend(
        catalogue::builtin().expect("catalogue"),
        &clinic_entry(&format!("Wall sit {fancy}")),
    )
    .expect("a valid clinic entry");
    let text = HEAD
        .replace("José Müller-Łukasz", fancy)
        .replace("Riverside Physical Therapy", &format!("Clinic {fancy}"))
        + "\n[[exercise]]\nname = \"wall-sit\"\n";
    let plan = plan(&text, &catalogue, &fonts);
    let doc = sheet(&plan, Options::default(), &fonts);
    let bold_runs: String = doc.pages[0]
        .drawn()
        .into_iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(!doc.text().contains('?'), "{}", doc.text());
    // Header (patient, clinic) and heading each show the letters.
    assert!(bold_runs.matches("𝖠𝗇𝗇𝖺").count() >= 4, "{bold_runs}");
    let faces: Vec<Face> = doc.pages[0]
        .drawn()
        .into_iter()
        .filter_map(|i| match i {
            Item::Text { text, face, .. } if text.contains('𝖠') => Some(*face),
            _ => None,
        })
        .collect();
    assert!(faces.contains(&Face::FallbackRegular), "{faces:?}");
}

/// `n` characters of `words` repeated, cut to exactly `n`, no trailing space.
fn fill(words: &str, n: usize) -> String {
    let text: String = words.chars().cycle().take(n).collect();
    let mut text = text.trim_end().to_owned();
    while text.chars().count() < n {
        text.push('x');
    }
    text
}

/// The y of the rule under each page's header.
fn header_rules(doc: &Document) -> Vec<f32> {
    doc.pages
        .iter()
        .map(|page| {
            page.drawn()
                .into_iter()
                .find_map(|i| match i {
                    Item::Path { points, stroke }
                        if (stroke.width - 0.8).abs() < 0.01
                            && points.len() == 2
                            && points[0].1 == points[1].1
                            && points[1].0 - points[0].0 > doc.width / 2.0 =>
                    {
                        Some(points[0].1)
                    }
                    _ => None,
                })
                .expect("every page has a header rule")
        })
        .collect()
}

/// Header fields at their caps, in ordinary words or in
/// the widest letters, keep the header to a bounded height on every paper
/// and print size (under a third of the page), so every page has body
/// content and every dose prints.
/// Ordinary words at the caps print whole; only the wide letters are cut.
#[test]
fn header_fields_at_their_caps_leave_room_for_the_body() {
    use crate::parse::caps;
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let words =
        "Maria-Fernanda Alexandrina Wilhelmina Konstantinopoulou-Vandersteenhoven de la Cruz ";
    let realistic = [
        fill(words, caps::NAME),
        fill("MRN-0042-1173-", caps::ID),
        fill(words, caps::NAME),
        fill(
            "The Riverside and Lakeshore Community Physical Therapy Clinic ",
            caps::NAME,
        ),
        fill("+1 555 0142 extension 1234 (ask Dana) ", caps::PHONE),
    ];
    let wide = ["W", "W", "W", "W", "W"].map(|w| w.repeat(caps::NAME));
    // With a phone, as the long plans have: both then carry the contact
    // line, and only the header's growth is compared.
    let short = plan(
        &many(6, &catalogue).replace("clinic = ", "phone = \"+1 555 0142\"\nclinic = "),
        &catalogue,
        &fonts,
    );
    for (fields, whole) in [(&realistic, true), (&wide, false)] {
        let text = many(6, &catalogue)
            .replace("[patient]\n", "[patient]\nid = \"ID\"\n")
            .replace("José Müller-Łukasz", &fields[0])
            .replace("\"ID\"", &format!("\"{}\"", &fields[1][..caps::ID]))
            .replace("Dana Reyes, PT, DPT", &fields[2])
            .replace("Riverside Physical Therapy", &fields[3])
            .replace(
                "clinic = ",
                &format!("phone = \"{}\"\nclinic = ", &fields[4][..caps::PHONE]),
            );
        let long = plan(&text, &catalogue, &fonts);
        for paper in [Paper::Letter, Paper::A4] {
            for large_print in [false, true] {
                let options = Options {
                    paper,
                    large_print,
                    ..Options::default()
                };
                let doc = sheet(&long, options, &fonts);
                let what = format!("{paper:?} large={large_print} whole={whole}");
                assert_clean(&doc, 40.0, &fonts);
                let all = doc.text();
                for exercise in &long.exercises {
                    assert!(
                        flat(&all).contains(
                            &exercise.sentence(crate::lang::Language::ENGLISH.messages())
                        ),
                        "{what}"
                    );
                }
                if whole {
                    assert!(!all.contains('…'), "{what}");
                }
                let rules = header_rules(&doc);
                for (p, rule) in rules.iter().enumerate() {
                    // In large print the header is at 16 pt too:
                    // every field at its cap then takes a little over a third.
                    let most = if large_print { 0.36 } else { 1.0 / 3.0 };
                    assert!(*rule < doc.height * most, "{what}: header to {rule}");
                    let below = doc.pages[p].drawn().into_iter().filter(|i| match i {
                        Item::Text { y, .. } => *y > rule + 1.0 && *y < doc.height - 60.0,
                        _ => false,
                    });
                    assert!(below.count() > 0, "{what}: page {} has no body", p + 1);
                }
                let pages = sheet(&short, options, &fonts).pages.len();
                // A header at its caps may take up to a third of each page
                // (checked above), where pages after the first of a short
                // header take one line: at most twice the pages.
                assert!(
                    doc.pages.len() <= pages * 2,
                    "{what}: {} pages, {pages} with short fields",
                    doc.pages.len()
                );
            }
        }
    }
}

/// A header field over its cap is a located error.
#[test]
fn an_overlong_header_field_is_refused() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let text = many(1, &catalogue).replace("Riverside Physical Therapy", &"Clinic ".repeat(170));
    let (_, checked) = crate::check_plan(text.as_bytes(), &catalogue, &fonts, today);
    assert!(checked.plan.is_none());
    let found: Vec<(crate::diag::Code, &str, Option<&str>)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str(), d.label.as_deref()))
        .collect();
    assert_eq!(
        found,
        [(
            crate::diag::Code::TooLarge,
            "the clinic is 1189 characters; the sheet's header has room for 100",
            Some("at most 100 characters")
        )]
    );
    let file = crate::diag::SourceFile::new("plan.toml", text.clone());
    let shown = crate::diag::render(&checked.diagnostics[0], &file);
    assert!(shown.contains("--> plan.toml:6:10\n"), "{shown}");
}

/// The log fits the page width at every frequency up
/// to the cap (12 a day, and days a week), on Letter and A4, in normal and
/// large print: every box, rule and label lies within the margins, and
/// every day of every week has its boxes.
#[test]
fn the_log_fits_the_page_at_every_frequency() {
    let fonts = Fonts::load();
    let catalogue = catalogue::extend(
        catalogue::builtin().expect("catalogue"),
        &clinic_entry("Wall sit"),
    )
    .expect("a valid clinic entry");
    let frequencies = (1..=crate::parse::caps::PER_DAY)
        .map(|n| format!("per_day = {n}"))
        .chain((1..=crate::parse::caps::PER_WEEK).map(|n| format!("per_week = {n}")));
    for frequency in frequencies {
        // With a once-a-day exercise beside it, so rows of both kinds share
        // the columns. Past 6 times a day the wall sit's day total is beyond
        // twice its largest (RX0206): an `exceed` reason keeps
        // every frequency a valid plan (a needless one is only a warning).
        let text = format!(
            "{}\n[[exercise]]\nname = \"wall-sit\"\n{frequency}\nexceed = \"Every frequency\"\n\n[[exercise]]\nname = \"bridge\"\n",
            HEAD.replace("weeks = 2", "review = 2026-12-06")
        );
        let plan = plan(&text, &catalogue, &fonts);
        let boxes = match plan.exercises[0].dose.frequency {
            crate::plan::Frequency::PerDay(n) => n,
            crate::plan::Frequency::PerWeek(_) => 1,
        };
        for paper in [Paper::Letter, Paper::A4] {
            for large_print in [false, true] {
                let doc = sheet(
                    &plan,
                    Options {
                        paper,
                        large_print,
                        ..Options::default()
                    },
                    &fonts,
                );
                assert_clean(&doc, 40.0, &fonts);
                let tick = super::Style::new(large_print).tick;
                let ticks: Vec<(f32, f32)> = doc
                    .pages
                    .iter()
                    .flat_map(|p| p.drawn())
                    .filter_map(|i| match i {
                        Item::Rect {
                            x,
                            y,
                            w,
                            h,
                            fill: None,
                            ..
                        } if (*w - tick).abs() < 0.01 && (*h - tick).abs() < 0.01 => Some((*x, *y)),
                        _ => None,
                    })
                    .collect();
                // 14 days, the wall sit's boxes and the bridge's one a day.
                assert_eq!(
                    ticks.len() as u32,
                    14 * (boxes + 1),
                    "{frequency} {paper:?} large={large_print}"
                );
                let all = doc.text();
                // "Sat" where a week's cell holds it, "Sa" in a two-week band.
                for day in ["Sa", "Fr", "28", "5"] {
                    assert!(all.contains(day), "{frequency}: no {day}");
                }
            }
        }
    }
}

/// Fewer pages: the example plan (6 exercises, 2 weeks) takes 4
/// Letter pages at normal print (5 before text ran on under the figures and
/// the log took two weeks a band), and no page but the last is less than
/// two-thirds full: from under the header rule to the lowest item above
/// the footer, against the room between them.
#[test]
fn the_example_plan_fills_its_pages() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let plan = plan(include_str!("../../examples/plan.toml"), &catalogue, &fonts);
    let doc = sheet(&plan, Options::default(), &fonts);
    // Three since each figure sits beside its band (four before).
    assert_eq!(doc.pages.len(), 3);
    let rules = header_rules(&doc);
    for (n, page) in doc.pages.iter().enumerate() {
        let footer = page
            .drawn()
            .into_iter()
            .filter_map(|i| match i {
                Item::Text { y, size, .. } => Some(y - size),
                _ => None,
            })
            .fold(0.0, f32::max);
        let lowest = page
            .drawn()
            .into_iter()
            .filter_map(|i| match i {
                Item::Text { y, .. } if *y < footer => Some(*y),
                Item::Rect { y, h, .. } | Item::Image { y, h, .. } => Some(y + h),
                _ => None,
            })
            .fold(0.0, f32::max);
        let full = (lowest - rules[n]) / (footer - rules[n]);
        assert!(full <= 1.0, "page {} overflows: {full}", n + 1);
        if n + 1 < doc.pages.len() {
            assert!(full >= 2.0 / 3.0, "page {} is {full:.2} full", n + 1);
        }
    }
}

/// A dose that fits after the exercise's name shares its line
/// (bold, on the same baseline); one that does not goes whole to the line
/// under the name, never cut short.
#[test]
fn a_short_dose_shares_the_name_line_and_a_long_one_goes_under_it() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let plan = plan(include_str!("../../examples/plan.toml"), &catalogue, &fonts);
    let doc = sheet(&plan, Options::default(), &fonts);
    let baseline = |wanted: &str| {
        doc.pages
            .iter()
            .flat_map(|p| p.drawn())
            .find_map(|i| match i {
                // Sized as a band's name (17 pt) or dose (13.5 pt), not the log's.
                Item::Text {
                    text,
                    y,
                    face,
                    size,
                    ..
                } if text == wanted && *size > 13.0 => Some((*y, face.is_bold())),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no text run {wanted:?}"))
    };
    let (name, _) = baseline("3. Pelvic tilt");
    let (dose, bold) = baseline("10 times · once a day");
    assert_eq!(name, dose, "the pelvic tilt's dose is on its name's line");
    assert!(bold);
    let (name, _) = baseline("2. Lower trunk rotation");
    let (dose, _) = baseline("8 times on each side · hold 15 seconds · once a day");
    assert!(dose > name + 10.0, "a long dose goes under the name");
}

/// A one-exercise sheet whose page 1 also shows the contact line ("call
/// the clinic at its phone") prints the clinic and the phone once there:
/// the header leaves them to that line.
#[test]
fn page_one_prints_the_clinic_and_phone_once_when_it_shows_the_contact_line() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let text = HEAD.replace(
        "clinic = \"Riverside Physical Therapy\"",
        "clinic = \"Riverside Physical Therapy\"\nphone = \"+1 555 0142\"",
    );
    let plan = plan(
        &format!("{text}\n[[exercise]]\nname = \"bridge\"\n"),
        &catalogue,
        &fonts,
    );
    let doc = sheet(&plan, Options::default(), &fonts);
    let page1 = flat(&page_text(&doc.pages[0]));
    assert!(page1.contains("Questions? Call"), "{page1}");
    assert_eq!(page1.matches("+1 555 0142").count(), 1, "{page1}");
    assert_eq!(
        page1.matches("Riverside Physical Therapy").count(),
        1,
        "{page1}"
    );
    assert!(page1.contains("Dana Reyes, PT, DPT"), "{page1}");
}

/// A dose too long for the line after a short name, but that takes fewer
/// lines beside it than under it, hangs beside the name: its first line
/// on the name's baseline, the next under it from the same left edge.
#[test]
fn a_long_dose_beside_a_short_name_hangs_under_its_first_line() {
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    let plan = plan(
        &format!("{HEAD}\n[[exercise]]\nname = \"bird-dog\"\n"),
        &catalogue,
        &fonts,
    );
    let options = Options {
        large_print: true,
        ..Options::default()
    };
    let doc = sheet(&plan, options, &fonts);
    let style = crate::layout::Style::new(true);
    let runs = |size: f32| -> Vec<(f32, f32, String)> {
        doc.pages[0]
            .drawn()
            .into_iter()
            .filter_map(|i| match i {
                Item::Text {
                    x,
                    y,
                    size: s,
                    text,
                    ..
                } if *s == size => Some((*x, *y, text.clone())),
                _ => None,
            })
            .collect()
    };
    let name = runs(style.heading);
    let dose = runs(style.dose);
    assert_eq!(name[0].2, "1. Bird dog", "{name:?}");
    assert!(dose.len() >= 2, "{dose:?}");
    assert_eq!(dose[0].1, name[0].1, "the dose starts on the name's line");
    assert!(dose[0].0 > name[0].0, "after the name: {dose:?}");
    assert_eq!(dose[1].0, dose[0].0, "its next line hangs under its first");
    assert!(dose[1].1 > dose[0].1);
}

/// More than three sessions a day: the log has one box for each session
/// (up to the 12 a day the parser allows), wrapped onto more lines within
/// each day's cell, so the patient can tick every one. No two boxes
/// overlap, so the taller cell pushes the rows below it down.
#[test]
fn the_log_has_a_box_for_every_session_of_the_day() {
    // A clinic entry whose limits allow up to 12 a day (the built-in
    // ones allow 2; no reason covers more than twice a limit).
    let catalogue = catalogue::extend(
        catalogue::builtin().expect("catalogue"),
        &clinic_entry("Wall sit"),
    )
    .expect("a valid clinic entry");
    let fonts = Fonts::load();
    for per_day in [4, 5, 7, 12] {
        let text = format!(
            "{}\n[[exercise]]\nname = \"wall-sit\"\nper_day = {per_day}\nexceed = \"Little and often\"\n\n[[exercise]]\nname = \"knee to chest\"\n",
            HEAD.replace("weeks = 2", "review = 2026-12-06")
        );
        let plan = plan(&text, &catalogue, &fonts);
        for large_print in [false, true] {
            let doc = sheet(
                &plan,
                Options {
                    large_print,
                    ..Options::default()
                },
                &fonts,
            );
            assert_clean(&doc, 40.0, &fonts);
            let tick = super::Style::new(large_print).tick;
            for page in &doc.pages {
                let ticks: Vec<(f32, f32)> = page
                    .drawn()
                    .into_iter()
                    .filter_map(|i| match i {
                        Item::Rect {
                            x,
                            y,
                            w,
                            h,
                            fill: None,
                            ..
                        } if (*w - tick).abs() < 0.01 && (*h - tick).abs() < 0.01 => Some((*x, *y)),
                        _ => None,
                    })
                    .collect();
                for (i, a) in ticks.iter().enumerate() {
                    for b in &ticks[i + 1..] {
                        let apart = (a.0 - b.0).abs() >= tick || (a.1 - b.1).abs() >= tick;
                        assert!(apart, "{per_day} a day: boxes overlap: {a:?} {b:?}");
                    }
                }
            }
            let ticks = doc
                .pages
                .iter()
                .flat_map(|p| p.drawn())
                .filter(|i| matches!(i, Item::Rect { w, h, fill: None, .. } if (*w - tick).abs() < 0.01 && (*h - tick).abs() < 0.01))
                .count();
            // 14 days: the bridge's boxes and knee to chest's one a day.
            assert_eq!(
                ticks as u32,
                14 * (per_day + 1),
                "{per_day} a day, large={large_print}"
            );
        }
    }
}

/// No text on the log runs into a box: "Pain today (0–10)" wraps within
/// the name column rather than into Sunday's box when large print leaves
/// the column narrow (three times a day), on Letter and A4.
#[test]
fn the_pain_label_stays_clear_of_the_first_days_box() {
    // A clinic entry whose limits allow up to 12 a day (the built-in
    // ones allow 2; no reason covers more than twice a limit).
    let catalogue = catalogue::extend(
        catalogue::builtin().expect("catalogue"),
        &clinic_entry("Wall sit"),
    )
    .expect("a valid clinic entry");
    let fonts = Fonts::load();
    for per_day in [1, 2, 3, 6] {
        let text = format!(
            "{}\n[[exercise]]\nname = \"wall-sit\"\nper_day = {per_day}\nexceed = \"Little and often\"\n",
            HEAD.replace("weeks = 2", "review = 2026-12-06")
        );
        let plan = plan(&text, &catalogue, &fonts);
        for paper in [Paper::Letter, Paper::A4] {
            for large_print in [false, true] {
                let what = format!("{per_day} a day, {paper:?}, large={large_print}");
                let doc = sheet(
                    &plan,
                    Options {
                        paper,
                        large_print,
                        ..Options::default()
                    },
                    &fonts,
                );
                let tick = super::Style::new(large_print).tick;
                let mut pain_boxes = 0;
                for page in &doc.pages {
                    let boxes: Vec<(f32, f32, f32, f32)> = page
                        .drawn()
                        .into_iter()
                        .filter_map(|i| match i {
                            Item::Rect {
                                x,
                                y,
                                w,
                                h,
                                fill: None,
                                ..
                            } if (*h - tick).abs() < 0.01 || (*h - tick * 1.3).abs() < 0.01 => {
                                Some((*x, *y, x + w, y + h))
                            }
                            _ => None,
                        })
                        .collect();
                    pain_boxes += page
                        .drawn()
                        .into_iter()
                        .filter(|i| matches!(i, Item::Rect { h, fill: None, .. } if (*h - tick * 1.3).abs() < 0.01))
                        .count();
                    for t in page.drawn().into_iter().filter_map(|i| text_box(i, &fonts)) {
                        for b in &boxes {
                            let overlap =
                                t.0.max(b.0) < t.2.min(b.2) && t.1.max(b.1) < t.3.min(b.3);
                            assert!(!overlap, "{what}: text {t:?} runs into box {b:?}");
                        }
                    }
                }
                assert_eq!(pain_boxes, 14, "{what}");
            }
        }
    }
}

/// A large picture, kept at `picture::FIGURE` or `LOGO`, prints at
/// no more than 300 dpi across and down in the boxes normal print gives an
/// exercise's picture and the clinic's logo (and less in large print),
/// and at no less than 200 dpi in either print size.
#[test]
fn pictures_are_kept_at_no_more_than_300_dpi_as_printed() {
    use crate::picture::{FIGURE, Keep, LOGO, decode};
    use std::sync::Arc;
    let catalogue = catalogue::builtin().expect("catalogue");
    let fonts = Fonts::load();
    // Wide, tall and square pictures, kept as each box keeps them.
    let picture = |width: u32, height: u32, keep: Keep| {
        let mut file = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut file, width, height);
            encoder.set_color(png::ColorType::Grayscale);
            let mut writer = encoder.write_header().expect("a header");
            writer
                .write_image_data(&vec![128; (width * height) as usize])
                .expect("pixels");
        }
        Arc::new(decode(&file, keep).expect("a PNG"))
    };
    for (width, height) in [(4000, 1000), (1000, 4000), (3000, 3000)] {
        let mut plan = plan(&many(1, &catalogue), &catalogue, &fonts);
        let mut entry = (*plan.exercises[0].entry).clone();
        entry.figure = Some(crate::figure::Figure::Image(picture(width, height, FIGURE)));
        plan.exercises[0].entry = Arc::new(entry);
        plan.contact.logo = Some(picture(width, height, LOGO));
        for large_print in [false, true] {
            let doc = sheet(
                &plan,
                Options {
                    large_print,
                    ..Options::default()
                },
                &fonts,
            );
            let mut shown = 0;
            for item in doc.pages.iter().flat_map(|p| p.drawn()) {
                if let Item::Image { w, h, image, .. } = item {
                    let (across, down) = image.upright_size();
                    let dpi = (across as f32 / (w / 72.0)).max(down as f32 / (h / 72.0));
                    let what = format!("{width}x{height} large={large_print}: {dpi} dpi");
                    assert!(dpi <= 301.0, "{what}");
                    assert!(dpi >= 190.0, "{what}");
                    shown += 1;
                }
            }
            assert_eq!(shown, 2, "{width}x{height} large={large_print}");
        }
    }
}

/// A week of the log too tall for a page comes in parts, and each part may
/// still break after any of its exercises, so the page the log starts on
/// is not left part empty when the first part does not fit there whole.
#[test]
fn a_week_taller_than_a_page_may_still_start_at_the_foot_of_a_page() {
    let catalogue = catalogue::builtin().expect("the built-in catalogue");
    let fonts = Fonts::load();
    let plan = plan(&many(16, &catalogue), &catalogue, &fonts);
    let style = super::Style::new(true);
    let (page_w, page_h) = super::page_size(Paper::Letter);
    let words = crate::lang::Language::ENGLISH.messages();
    let composer = super::composer::Composer::new(&fonts, style, page_w, words);
    let body = page_h / 2.0;
    let mut flows = super::log::blocks(&plan, &composer, body);
    let first = flows.first_mut().expect("a log");
    assert!(first.whole.height() <= body);
    let week = first.whole.height() + flows[1].whole.height();
    assert!(
        week > body,
        "the first week comes in parts: {week} of {body}"
    );
    let first = flows.first_mut().expect("a log");
    let rows = first.whole.rows.len();
    let splits = first.splits();
    assert!(!splits.is_empty(), "the first part may split");
    for (head, tail) in splits.iter() {
        assert!(head.rows.len() < rows && head.height() <= body);
        let continued = crate::document::Page {
            items: tail.rows.iter().flat_map(|r| r.items.clone()).collect(),
        };
        assert!(
            page_text(&continued).contains("(continued)"),
            "the rest is under its label again"
        );
    }
    // A week after the first (no intro to spare) splits after each of
    // its exercises but the last too.
    let plan = super::tests::plan(&many(3, &catalogue), &catalogue, &fonts);
    let mut flows = super::log::blocks(&plan, &composer, page_h);
    let second = flows.last_mut().expect("a second week");
    assert_eq!(second.splits().len(), 2, "splits after exercises 1 and 2");
}

/// Normal print's figures are drawn a quarter larger than in the 140 x 105
/// point boxes they had (the bridge's strokes, at the common scale), and
/// large print's no smaller than normal print's.
#[test]
fn normal_print_figures_are_a_quarter_larger_than_before() {
    let catalogue = catalogue::builtin().expect("the built-in catalogue");
    let bridge = catalogue
        .entries()
        .iter()
        .find(|e| e.id == "bridge")
        .and_then(|e| e.figure.clone())
        .expect("the bridge's figure");
    let thickest = |w: f32, h: f32| {
        crate::figure::draw::cropped(&bridge, 0.0, 0.0, w, h)
            .0
            .iter()
            .filter_map(|item| match item {
                Item::Path { stroke, .. } => Some(stroke.width),
                _ => None,
            })
            .fold(0.0, f32::max)
    };
    let at = |style: super::Style| {
        let pad = style.small * 0.8;
        thickest(style.figure_w - pad, style.figure_h - pad)
    };
    let (normal, large) = (at(super::Style::new(false)), at(super::Style::new(true)));
    let before = thickest(140.0 - 11.0 * 0.8, 105.0 - 11.0 * 0.8);
    assert!(normal >= before * 1.25 - 0.02, "{normal} against {before}");
    assert!(large >= normal, "{large} against {normal}");
}

/// A printed video link breaks after a "/" where one leaves the line at
/// least half used, so a patient typing it reads whole words; else before
/// a "-" or "." that does; it is cut between any characters only where
/// none does, and every piece fits.
#[test]
fn a_printed_link_breaks_after_a_slash_or_before_a_hyphen() {
    let fonts = Fonts::load();
    let style = super::Style::new(false);
    let (page_w, _) = super::page_size(Paper::Letter);
    let words = crate::lang::Language::ENGLISH.messages();
    let composer = super::composer::Composer::new(&fonts, style, page_w, words);
    let font = composer.lettering(style.small, false);
    let url = "https://videos.riverside.example/exercises/knee-to-chest-stretch";
    let pieces = sheet::break_link(url, font, style.figure_w, &composer);
    assert_eq!(pieces.concat(), url);
    assert!(pieces.len() > 1, "the link is wider than the figure column");
    for piece in &pieces[..pieces.len() - 1] {
        assert!(piece.ends_with('/'), "{pieces:?}");
    }
    // A last part too long for one line breaks before a hyphen in it.
    let url =
        "https://videos.riverside.example/exercises/seated-knee-to-chest-stretch-with-a-towel";
    let pieces = sheet::break_link(url, font, style.figure_w, &composer);
    assert_eq!(pieces.concat(), url);
    assert!(pieces.iter().any(|p| p.starts_with('-')), "{pieces:?}");
    for pair in pieces.windows(2) {
        assert!(
            pair[0].ends_with('/') || pair[1].starts_with('-'),
            "{pieces:?}"
        );
    }
    let long = "https://example.org/".to_owned() + &"a".repeat(120);
    let pieces = sheet::break_link(&long, font, style.figure_w, &composer);
    assert_eq!(pieces.concat(), long);
    for piece in &pieces {
        let w = super::text::width(piece, font, &fonts);
        assert!(w <= style.figure_w, "{piece:?} is {w} wide");
    }
}
