//! Text measurement and word wrap by glyph advances.
//!
//! A string is split into runs by the face that draws each character (the
//! text face, or the fallback for what it lacks), then wrapped greedily at
//! spaces so no line is wider than the width asked for. A word longer than a
//! line is broken between characters rather than running off the page.
//!
//! Most text takes the simple path: one glyph per character, left to right.
//! A line with right-to-left letters, combining marks NFC could not compose,
//! or characters only a script or clinic face draws is laid out by
//! `shape_complex`: the Unicode Bidirectional Algorithm (in a left-to-right
//! paragraph: the sheet is English) orders it into runs of one level, each
//! split by face, placed left to right in visual order and measured by their
//! shaped advances. A run's text stays in logical order, as typed; a run
//! on the shaping path carries the glyphs it was measured with
//! (`Fonts::set_run`), and render draws exactly those: text is shaped
//! here, once, and nowhere else.
//! Layout wraps a value it sets beside other words (a name, a phone number)
//! in isolation marks (`isolate`): the algorithm then orders the value on
//! its own, so a right-to-left name cannot carry the digits after it into
//! its run ("+1 555 0142" printed "0142 555 +1"). The marks steer the order
//! and are never drawn.
//!
//! Every patient's sheet wraps the same catalogue texts at the same widths,
//! so `wrap_after` remembers, per thread, the lines it made lately for each
//! text, lettering and pair of widths, and hands back a copy when asked
//! again (`Memo`). The lines depend on nothing else but the fonts, whose
//! generation joins the key (a clinic's fonts differ), so a copy is what
//! wrapping afresh would give.

use std::cell::RefCell;
use std::collections::HashMap;

use unicode_bidi::{BidiInfo, Level};

use crate::fonts::shape::{Glyphs, below_combining, is_complex, is_rtl};
use crate::fonts::{Face, Fonts, clean, is_invisible};

/// A run of text in one face, at an offset from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub dx: f32,
    pub face: Face,
    pub text: String,
    /// The glyphs render draws for it: shaped for a run on the shaping
    /// path, else `None` (`shape::Glyphs`).
    pub glyphs: Glyphs,
}

/// One wrapped line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

/// The size and weight a piece of text is set in (the face for each
/// character is `Fonts::pick`'s choice).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lettering {
    pub size: f32,
    pub bold: bool,
}

/// The face for `c`; characters no face has (which check rejects before
/// layout) are drawn as "?" rather than as an empty box.
fn face_of(c: char, font: Lettering, fonts: &Fonts) -> (Face, char) {
    match fonts.pick(c, font.bold) {
        Some(face) => (face, c),
        None => (if font.bold { Face::Bold } else { Face::Regular }, '?'),
    }
}

/// Width of `text` in points.
pub fn width(text: &str, font: Lettering, fonts: &Fonts) -> f32 {
    if is_complex_line(text, font, fonts) {
        return shape_complex(text, font, fonts).width;
    }
    text.chars()
        .map(clean)
        .filter(|&c| !is_invisible(c) || c == ' ')
        .map(|c| {
            let (face, c) = face_of(c, font, fonts);
            fonts.advance(face, c) * font.size
        })
        .sum()
}

/// Wrap `text` into lines no wider than `max_width` points. Newlines in the
/// text start new lines; runs of spaces collapse to one.
pub fn wrap(text: &str, font: Lettering, max_width: f32, fonts: &Fonts) -> Vec<Line> {
    wrap_after(text, font, max_width, max_width, fonts)
}

/// Like `wrap`, but the first line is at most `first_width` wide (it
/// follows a label on the same line).
pub fn wrap_after(
    text: &str,
    font: Lettering,
    first_width: f32,
    max_width: f32,
    fonts: &Fonts,
) -> Vec<Line> {
    if text.len() > MEMO_TEXT {
        return lines_after(text, font, first_width, max_width, fonts);
    }
    let key = Widths {
        fonts: fonts.generation(),
        size: font.size.to_bits(),
        bold: font.bold,
        first: first_width.to_bits(),
        max: max_width.to_bits(),
    };
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(lines) = memo.get(text, key) {
            return lines.to_vec();
        }
        let lines = lines_after(text, font, first_width, max_width, fonts);
        memo.insert(text, key, &lines);
        lines
    })
}

/// Texts longer than this are wrapped every time, never remembered.
const MEMO_TEXT: usize = 2048;

/// Wrappings remembered per thread; when full, all are forgotten and it
/// fills again (a sheet wraps ~75 texts, nearly all the same as the last
/// sheet's).
const MEMO_ENTRIES: usize = 1024;

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Everything but the text that the lines depend on: the fonts, the
/// lettering and the widths, as bits (so the same numbers, exactly, find
/// the same lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Widths {
    fonts: u64,
    size: u32,
    bold: bool,
    first: u32,
    max: u32,
}

/// Lines `lines_after` made lately, by text, then by lettering and widths.
/// Looked up only, never iterated, so its order reaches no output.
#[derive(Default)]
struct Memo {
    entries: usize,
    by_text: HashMap<String, Vec<(Widths, Vec<Line>)>>,
}

impl Memo {
    fn get(&self, text: &str, key: Widths) -> Option<&[Line]> {
        let (_, lines) = self.by_text.get(text)?.iter().find(|(k, _)| *k == key)?;
        Some(lines)
    }

    fn insert(&mut self, text: &str, key: Widths, lines: &[Line]) {
        if self.entries >= MEMO_ENTRIES {
            self.by_text.clear();
            self.entries = 0;
        }
        self.entries += 1;
        match self.by_text.get_mut(text) {
            Some(known) => known.push((key, lines.to_vec())),
            None => {
                self.by_text
                    .insert(text.to_owned(), vec![(key, lines.to_vec())]);
            }
        }
    }
}

/// `wrap_after`, worked out.
fn lines_after(
    text: &str,
    font: Lettering,
    first_width: f32,
    max_width: f32,
    fonts: &Fonts,
) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let limit = |lines: &Vec<Line>| {
        if lines.is_empty() {
            first_width
        } else {
            max_width
        }
    };
    for paragraph in text.split('\n') {
        let words: Vec<&str> = paragraph
            .split([' ', '\t', '\r'])
            .filter(|w| !w.is_empty())
            .collect();
        let space = width(" ", font, fonts);
        let mut current: Vec<String> = Vec::new();
        let mut current_width = 0.0;
        for word in words {
            let word_width = width(word, font, fonts);
            let needed = if current.is_empty() {
                word_width
            } else {
                current_width + space + word_width
            };
            if needed <= limit(&lines) {
                current.push(word.to_owned());
                current_width = needed;
                continue;
            }
            if !current.is_empty() {
                lines.push(shape(&current.join(" "), font, fonts));
                current.clear();
            }
            if lines.is_empty() && word_width > first_width && word_width <= max_width {
                // The room after a label is too small for the first word,
                // which a full line holds: start on the next line rather
                // than break the word ("h" / "ourly").
                lines.push(Line::default());
            }
            if word_width <= limit(&lines) {
                current.push(word.to_owned());
                current_width = word_width;
            } else {
                // Break an over-long word after its last hyphen that fits,
                // else between characters.
                let mut piece = String::new();
                let mut piece_width = 0.0;
                for c in word.chars() {
                    let w = width(&c.to_string(), font, fonts);
                    if piece_width + w > limit(&lines) && !piece.is_empty() {
                        let cut = piece.rfind('-').map_or(piece.len(), |i| i + 1);
                        let rest = piece.split_off(cut);
                        lines.push(shape(&piece, font, fonts));
                        piece = rest;
                        piece_width = width(&piece, font, fonts);
                    }
                    piece.push(c);
                    piece_width += w;
                }
                current.push(piece);
                current_width = piece_width;
            }
        }
        if !current.is_empty() || lines.is_empty() {
            lines.push(shape(&current.join(" "), font, fonts));
        }
    }
    lines
}

/// Join `parts` with " · ", breaking lines only between parts, so a dose
/// never splits inside "hold 10 seconds". A broken line ends with " ·" to
/// show it goes on. The first line is at most `first_width` wide, the rest
/// `max_width`; a part wider than a line still wraps by words.
pub fn wrap_parts(
    parts: &[String],
    font: Lettering,
    first_width: f32,
    max_width: f32,
    fonts: &Fonts,
) -> Vec<Line> {
    let mut texts: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, part) in parts.iter().enumerate() {
        let limit = if texts.is_empty() {
            first_width
        } else {
            max_width
        };
        let joined = if current.is_empty() {
            part.clone()
        } else {
            format!("{current} · {part}")
        };
        // A line that may break after this part needs room for its " ·".
        let last = i + 1 == parts.len();
        let needed =
            width(&joined, font, fonts) + if last { 0.0 } else { width(" ·", font, fonts) };
        if current.is_empty() || needed <= limit {
            current = joined;
        } else {
            texts.push(format!("{current} ·"));
            current = part.clone();
        }
    }
    if !current.is_empty() {
        texts.push(current);
    }
    let mut lines = Vec::new();
    for text in texts {
        let first = if lines.is_empty() {
            first_width
        } else {
            max_width
        };
        lines.extend(wrap_after(&text, font, first, max_width, fonts));
    }
    lines
}

/// Split one line into runs by face, with each run's offset.
pub fn shape(text: &str, font: Lettering, fonts: &Fonts) -> Line {
    if is_complex_line(text, font, fonts) {
        return shape_complex(text, font, fonts);
    }
    let mut line = Line::default();
    for c in text.chars().map(clean) {
        if is_invisible(c) && c != ' ' {
            continue;
        }
        let (face, c) = face_of(c, font, fonts);
        let advance = fonts.advance(face, c) * font.size;
        match line.runs.last_mut() {
            Some(run) if run.face == face => run.text.push(c),
            _ => line.runs.push(Run {
                dx: line.width,
                face,
                text: c.to_string(),
                glyphs: None,
            }),
        }
        line.width += advance;
    }
    // A character below U+0300 that only a clinic's face draws puts its
    // run on the shaping path (measured by its advances all the same).
    for run in &mut line.runs {
        if !run.face.is_simple() {
            run.glyphs = fonts.glyphs(run.face, &run.text);
        }
    }
    line
}

/// Whether `text` leaves the simple path: it has a character that needs
/// shaping or reordering, or one only a script or clinic face draws.
fn is_complex_line(text: &str, font: Lettering, fonts: &Fonts) -> bool {
    !below_combining(text)
        && text.chars().any(|c| {
            is_complex(c)
                || (c >= '\u{300}' && fonts.pick(c, font.bold).is_some_and(|f| !f.is_simple()))
        })
}

/// `value` as a bidirectional isolate (FSI ... PDI, UAX #9): ordered by its
/// own first strong letter and as one neutral unit among the words around
/// it, so the digits of a phone number after a Hebrew or Arabic name keep
/// their order. Layout adds these to the text it composes; the marks take
/// no room and are never drawn (the simple path drops them as invisible).
pub fn isolate(value: &str) -> String {
    format!("{FSI}{value}{PDI}")
}

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// The isolate initiators and their terminator (LRI, RLI, FSI, PDI): kept
/// through the bidirectional algorithm, then left out of every run.
fn is_isolate_mark(c: char) -> bool {
    matches!(c, '\u{2066}'..=PDI)
}

/// A line through the bidirectional algorithm and shaping: runs of one
/// face and one level, in visual order, each measured shaped.
fn shape_complex(text: &str, font: Lettering, fonts: &Fonts) -> Line {
    let text: String = text
        .chars()
        .map(clean)
        .filter(|&c| !is_invisible(c) || c == ' ' || is_isolate_mark(c))
        .map(|c| {
            if is_isolate_mark(c) {
                c
            } else {
                face_of(c, font, fonts).1
            }
        })
        .collect();
    let faces = cluster_faces(&text, font, fonts);
    let mut line = Line::default();
    let bidi = BidiInfo::new(&text, Some(Level::ltr()));
    let Some(paragraph) = bidi.paragraphs.first() else {
        return line;
    };
    let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
    for range in runs {
        let mut pieces = by_face(&text, range.clone(), &faces);
        if levels[range.start].is_rtl() {
            pieces.reverse();
            // Neutral characters (spaces aside, punctuation) between
            // right-to-left words read right to left one by one; render
            // shapes a run with no right-to-left letter left to right.
            pieces = pieces
                .into_iter()
                .flat_map(|(r, face)| {
                    if text[r.clone()].chars().any(is_rtl) {
                        vec![(r, face)]
                    } else {
                        let mut chars: Vec<_> = text[r.clone()]
                            .char_indices()
                            .map(|(i, c)| (r.start + i..r.start + i + c.len_utf8(), face))
                            .collect();
                        chars.reverse();
                        chars
                    }
                })
                .collect();
        }
        for (r, face) in pieces {
            let piece = &text[r];
            let (advance, glyphs) = fonts.set_run(face, piece);
            line.runs.push(Run {
                dx: line.width,
                face,
                text: piece.to_owned(),
                glyphs,
            });
            line.width += advance * font.size;
        }
    }
    line
}

/// The face of each character of `text` (by byte offset): a combining mark
/// goes with its letter, in the first face that draws them all, so the mark
/// can be placed on it. Isolation marks have none: `by_face` leaves them
/// out of every run.
fn cluster_faces(text: &str, font: Lettering, fonts: &Fonts) -> Vec<(usize, Face)> {
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| !is_isolate_mark(c))
        .collect();
    let mut faces = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let mut j = i + 1;
        while j < chars.len() && unicode_normalization::char::is_combining_mark(chars[j].1) {
            j += 1;
        }
        let cluster = &chars[i..j];
        let shared = (j - i > 1)
            .then(|| {
                let (at, c) = chars[j - 1];
                let end = at + c.len_utf8();
                let marked = &text[cluster[0].0..end];
                let drawn = |f: Face| cluster.iter().all(|&(_, c)| fonts.glyph(f, c).is_some());
                // A face that places the marks on the letter, else any
                // that has them all.
                fonts
                    .candidates(cluster[0].1, font.bold)
                    .find(|&f| drawn(f) && places_marks(f, marked, fonts))
                    .or_else(|| {
                        fonts
                            .candidates(cluster[0].1, font.bold)
                            .find(|&f| drawn(f))
                    })
            })
            .flatten();
        for &(at, c) in cluster {
            faces.push((at, shared.unwrap_or_else(|| face_of(c, font, fonts).0)));
        }
        i = j;
    }
    faces
}

/// Whether `face` puts the marks of the letter-and-marks `cluster` over
/// the letter (Atkinson Hyperlegible has combining marks but no anchors, so
/// they would trail after it).
fn places_marks(face: Face, cluster: &str, fonts: &Fonts) -> bool {
    let shaped = fonts.shape(face, cluster);
    shaped.glyphs.len() > 1
        && shaped
            .glyphs
            .iter()
            .skip(1)
            .all(|g| g.x < shaped.width - 0.05)
}

/// `range` of `text` cut where the face changes, and around spaces, in
/// logical order. A space is then never drawn beside right-to-left glyphs,
/// only left as a gap: readers that turn a right-to-left stretch round
/// (poppler) would take a drawn space after it into the stretch and move it
/// to the wrong side ("Sarah שרה Cohen" copied as "Sarah  שרהCohen").
fn by_face(
    text: &str,
    range: std::ops::Range<usize>,
    faces: &[(usize, Face)],
) -> Vec<(std::ops::Range<usize>, Face)> {
    let mut pieces: Vec<(std::ops::Range<usize>, Face)> = Vec::new();
    let first = faces.partition_point(|&(at, _)| at < range.start);
    for &(at, face) in faces[first..].iter().take_while(|&&(at, _)| at < range.end) {
        let end = at + text[at..].chars().next().map_or(0, char::len_utf8);
        let space = |at: usize| text[at..].starts_with(' ');
        match pieces.last_mut() {
            Some((r, f)) if *f == face && r.end == at && space(r.start) == space(at) => r.end = end,
            _ => pieces.push((at..end, face)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::{Lettering, shape, width, wrap};
    use crate::fonts::{Face, Fonts};

    const BODY: Lettering = Lettering {
        size: 12.0,
        bold: false,
    };

    #[test]
    fn wraps_within_width_and_keeps_every_word() {
        let fonts = Fonts::load();
        let text = "Lie on your back with your knees bent and your feet flat on the floor, hip-width apart.";
        let lines = wrap(text, BODY, 150.0, &fonts);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(line.width <= 150.0, "{line:?}");
        }
        let joined: Vec<String> = lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect();
        assert_eq!(joined.join(" "), text);
    }

    /// A dose breaks only between its parts, each line within its width,
    /// every part kept once and in order. Only a part wider than a whole
    /// line (far narrower than any column rx lays out) wraps inside.
    #[test]
    fn parts_break_only_between_parts() {
        let fonts = Fonts::load();
        let parts: Vec<String> = [
            "2 sets of 10",
            "hold 20 seconds",
            "each side",
            "twice a day",
            "5 days a week",
        ]
        .map(String::from)
        .into();
        let texts = |first: f32, max: f32| -> Vec<String> {
            let lines = super::wrap_parts(&parts, BODY, first, max, &fonts);
            assert!(lines[0].width <= first, "{max}: {lines:?}");
            assert!(lines.iter().all(|l| l.width <= max), "{max}: {lines:?}");
            lines
                .iter()
                .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
                .collect()
        };
        for max in [160.0, 230.0, 600.0] {
            let texts = texts(max - 40.0, max);
            let mut seen = Vec::new();
            for (i, text) in texts.iter().enumerate() {
                let last = i + 1 == texts.len();
                assert_eq!(text.ends_with(" ·"), !last, "{max}: {texts:?}");
                seen.extend(text.trim_end_matches(" ·").split(" · ").map(String::from));
            }
            assert_eq!(seen, parts, "{max}: {texts:?}");
        }
        // Too narrow for a part: it wraps by words, and no word is lost.
        let words: Vec<String> = texts(40.0, 70.0)
            .join(" ")
            .split(' ')
            .filter(|w| *w != "·")
            .map(String::from)
            .collect();
        assert_eq!(words.join(" "), parts.join(" "));
    }

    /// A remembered wrapping is what wrapping afresh gives, for the same
    /// text, lettering and widths only; also after the memo was emptied.
    #[test]
    fn remembered_lines_are_the_lines_wrapping_gives() {
        let fonts = Fonts::load();
        let texts = [
            "Lie on your back with your knees bent and your feet flat on the floor.",
            "Lie on your back with your knees bent and your feet flat on the floor!",
            "Anna Жанна Müller-Łukasz, hold 10 seconds",
            "",
            "hourly program",
        ];
        let widths = [(8.0, 200.0), (100.0, 100.0), (150.0, 60.0), (100.0, 100.5)];
        for round in 0..(super::MEMO_ENTRIES / 20 + 2) {
            for text in texts {
                for (first, max) in widths {
                    for bold in [false, true] {
                        let font = Lettering { size: 12.0, bold };
                        let fresh = super::lines_after(text, font, first, max, &fonts);
                        let memo = super::wrap_after(text, font, first, max, &fonts);
                        assert_eq!(memo, fresh, "{text:?} {first} {max} {bold} {round}");
                    }
                }
            }
            // Fill the memo with other texts, so it is emptied now and then.
            for i in 0..20 {
                super::wrap_after(&format!("filler {round} {i}"), BODY, 50.0, 50.0, &fonts);
            }
        }
    }

    #[test]
    fn first_line_can_be_narrower() {
        let fonts = Fonts::load();
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = super::wrap_after(text, BODY, 40.0, 200.0, &fonts);
        assert!(lines[0].width <= 40.0);
        assert!(lines[1..].iter().all(|l| l.width <= 200.0));
        let words: usize = lines
            .iter()
            .map(|l| {
                l.runs
                    .iter()
                    .map(|r| r.text.split(' ').count())
                    .sum::<usize>()
            })
            .sum();
        assert_eq!(words, 12);
    }

    /// A word too wide for the room after a label, but not for a line,
    /// moves whole to the next line: "Dose set outside the usual range on
    /// purpose:" left no room, and "hourly" printed as "h" / "ourly".
    #[test]
    fn a_word_too_wide_for_the_first_line_moves_down_whole() {
        let fonts = Fonts::load();
        let lines = super::wrap_after("hourly program", BODY, 8.0, 200.0, &fonts);
        let texts: Vec<String> = lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect();
        assert_eq!(texts, ["", "hourly program"]);
    }

    #[test]
    fn breaks_a_long_hyphenated_name_at_a_hyphen() {
        let fonts = Fonts::load();
        let lines = wrap("Konstantinopoulou-Vandersteenhoven", BODY, 150.0, &fonts);
        let texts: Vec<String> = lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect();
        assert_eq!(texts, ["Konstantinopoulou-", "Vandersteenhoven"]);
    }

    #[test]
    fn breaks_a_word_longer_than_the_line() {
        let fonts = Fonts::load();
        let lines = wrap(&"W".repeat(80), BODY, 100.0, &fonts);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| l.width <= 100.0));
    }

    #[test]
    fn runs_switch_to_the_fallback_face_for_cyrillic() {
        let fonts = Fonts::load();
        let line = shape("Anna Жанна", BODY, &fonts);
        let faces: Vec<Face> = line.runs.iter().map(|r| r.face).collect();
        assert_eq!(faces, [Face::Regular, Face::FallbackRegular]);
        assert!((line.width - width("Anna Жанна", BODY, &fonts)).abs() < 0.01);
    }

    /// A Hebrew name is laid out right to left (its second word
    /// leftmost) inside a left-to-right line, each run measured shaped, and
    /// a combining mark no precomposed letter exists for goes with its
    /// letter to a face that places it (DejaVu Sans, not Atkinson).
    #[test]
    fn right_to_left_runs_in_visual_order_and_marks_with_their_letter() {
        let fonts = Fonts::load();
        let line = shape("Sarah שרה כהן Cohen", BODY, &fonts);
        let texts: Vec<&str> = line.runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["Sarah", " ", "כהן", " ", "שרה", " ", "Cohen"]);
        assert_eq!(line.runs[2].face, Face::HebrewRegular);
        for pair in line.runs.windows(2) {
            let w = fonts.run_width(pair[0].face, &pair[0].text) * BODY.size;
            assert!((pair[0].dx + w - pair[1].dx).abs() < 0.01, "{line:?}");
        }
        assert!((width("Sarah שרה כהן Cohen", BODY, &fonts) - line.width).abs() < 0.01);

        let line = shape("q\u{303}a", BODY, &fonts);
        assert_eq!(line.runs[0].text, "q\u{303}");
        assert_eq!(line.runs[0].face, Face::FallbackRegular);
        let shaped = fonts.shape(Face::FallbackRegular, "q\u{303}");
        assert!(shaped.glyphs[1].x < shaped.width, "{shaped:?}");
    }

    /// A run on the shaping path carries the glyphs it was measured with,
    /// as wide as the room layout gave it; a simple run carries none
    /// (render draws each character's own glyph).
    #[test]
    fn a_shaped_run_carries_the_glyphs_it_was_measured_with() {
        let fonts = Fonts::load();
        let line = shape("Sarah מִרְיָם محمد Cohen", BODY, &fonts);
        let mut shaped = 0;
        for (run, next) in line.runs.iter().zip(line.runs.iter().skip(1)) {
            let Some(glyphs) = &run.glyphs else {
                assert!(run.face.is_simple(), "{run:?}");
                continue;
            };
            shaped += 1;
            let again = fonts.shape(run.face, &run.text);
            assert_eq!(glyphs.as_ref(), again.glyphs.as_slice(), "{run:?}");
            assert!((run.dx + again.width * BODY.size - next.dx).abs() < 0.01);
        }
        assert_eq!(shaped, 2, "{line:?}");
        assert!(
            shape("José Müller", BODY, &fonts)
                .runs
                .iter()
                .all(|r| r.glyphs.is_none())
        );
    }

    #[test]
    fn finds_characters_no_font_draws() {
        let fonts = Fonts::load();
        for bold in [false, true] {
            assert_eq!(
                fonts.undrawable("José Müller-Łukasz İ Жанна Ωμέγα", bold),
                None
            );
            assert_eq!(fonts.undrawable("王小明", bold), Some('王'));
        }
    }

    /// The glyph check and the drawing agree in both
    /// weights. Whatever `undrawable` passes, `shape` draws as itself (never
    /// as "?"), and that includes the characters only the regular faces
    /// have, which bold text borrows from them.
    #[test]
    fn check_and_drawing_agree_in_both_weights() {
        let fonts = Fonts::load();
        let ranges = [
            0x20..0x3400,
            0x1D400..0x1D800,
            0x1EE00..0x1EF00,
            0xF000..0xF010,
        ];
        let mut regular_only = 0;
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            if crate::fonts::is_invisible(c) || c == ' ' || c == '?' {
                continue;
            }
            for bold in [false, true] {
                let font = Lettering { size: 12.0, bold };
                let drawn: String = shape(&c.to_string(), font, &fonts)
                    .runs
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect();
                let checked = fonts.undrawable(&c.to_string(), bold).is_none();
                assert_eq!(checked, drawn == c.to_string(), "{c:?} bold={bold}");
            }
            if fonts.pick(c, false).is_some()
                && fonts.glyph(Face::Bold, c).is_none()
                && fonts.glyph(Face::FallbackBold, c).is_none()
            {
                regular_only += 1;
                assert!(fonts.undrawable(&c.to_string(), true).is_none(), "{c:?}");
            }
        }
        // Mathematical sans-serif letters and digits, Arabic mathematical
        // letters: the ones the issue found printing as "?" in bold.
        assert!(regular_only > 100, "{regular_only}");
    }
}
