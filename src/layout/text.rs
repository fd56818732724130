//! Text measurement and word wrap by glyph advances.
//!
//! A string is split into runs by the face that draws each character (the
//! text face, or the fallback for what it lacks), then wrapped greedily at
//! spaces so no line is wider than the width asked for. A word longer than a
//! line is broken between characters rather than running off the page.
//!
//! Every patient's sheet wraps the same catalogue texts at the same widths,
//! so `wrap_after` remembers, per thread, the lines it made lately for each
//! text, lettering and pair of widths, and hands back a copy when asked
//! again (`Memo`). The lines depend on nothing else (every `Fonts` holds
//! the same embedded faces; should fonts ever vary, they join the key), so
//! a copy is what wrapping afresh would give.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::fonts::{Face, Fonts, clean, is_invisible};

/// A run of text in one face, at an offset from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub dx: f32,
    pub face: Face,
    pub text: String,
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

/// Everything but the text that the lines depend on: the lettering and the
/// widths, as bits (so the same numbers, exactly, find the same lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Widths {
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
            }),
        }
        line.width += advance;
    }
    line
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

    /// Issue 11, finding 7: the glyph check and the drawing agree in both
    /// weights. Whatever `undrawable` passes, `shape` draws as itself (never
    /// as "?"), and that includes the characters only the regular faces
    /// have, which bold text borrows from them.
    #[test]
    fn issue_11_finding_7_check_and_drawing_agree_in_both_weights() {
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
