//! OpenType shaping of one run: a text in one face and one direction becomes
//! glyphs with positions, in visual order (left to right on the page).
//!
//! Only runs outside the simple path are shaped: a Latin, Greek or Cyrillic
//! run in the Atkinson or DejaVu faces draws one glyph per character at its
//! advance, as it always has (fast, and the bytes of a Latin sheet do not
//! change). A run is shaped when its face is a script face or a clinic's,
//! or it holds a combining mark, a right-to-left character, an Arabic digit
//! or a script that needs shaping (`needs_shaping`). Layout shapes each
//! such run once (`Fonts::set_run`) and the document carries the glyphs to
//! render, which draws exactly them: a shaped run is as wide on paper as
//! layout made room for, and nothing is shaped twice.
//!
//! Each glyph says which text it stands for (`Glyph::text`), decided here
//! where the cluster is known: a glyph the font's character map gives for
//! one of its cluster's characters stands for that character, and the
//! cluster's other glyphs for the rest (a ligature's letters, a joining
//! form's letter, a stack of marks). Render's `/ToUnicode` map reads it,
//! so copying a shaped run gives the text as typed.
//!
//! Direction: layout gives render runs of one embedding level each, in
//! visual order (`layout::text`). A run with a right-to-left letter is shaped
//! right to left; any other run left to right (a run of neutral characters
//! inside right-to-left text is split by layout into single characters, so
//! its direction does not matter).

use std::sync::Arc;

use unicode_bidi::{BidiClass, bidi_class};

use super::{Face, Fonts};

/// One glyph of a shaped run: 24 bytes (offsets as `u32`, so no run is
/// too long to point into).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The glyph id in the face's font file.
    pub id: u16,
    /// Where it is drawn, in ems from the run's start (x rightward, y up).
    pub x: f32,
    pub y: f32,
    /// The byte offset in the run's text of the character (cluster) it
    /// draws.
    pub cluster: u32,
    /// The bytes of the run's text it stands for, start and end: one of
    /// its cluster's characters, the rest of its cluster, or nothing (no
    /// character of its cluster left for it). See `text`.
    pub stands_for: [u32; 2],
}

impl Glyph {
    /// The text of `run` (the text it was shaped from) this glyph stands
    /// for, in logical order; empty when its cluster's other glyphs stand
    /// for all of the cluster's characters.
    pub fn text<'a>(&self, run: &'a str) -> &'a str {
        let [start, end] = self.stands_for.map(|at| at as usize);
        run.get(start..end).unwrap_or_default()
    }
}

/// A shaped run: its glyphs in visual order and its advance in ems.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub width: f32,
}

/// The glyphs a laid-out run carries to render (`document::Item::Text`):
/// shaped, in visual order, for a run on the shaping path
/// (`needs_shaping`); `None` on the simple path, where each character is
/// drawn with the face's own glyph for it at its advance.
pub type Glyphs = Option<Arc<[Glyph]>>;

/// Whether the run `text` in `face` takes the shaping path.
pub fn needs_shaping(face: Face, text: &str) -> bool {
    !face.is_simple() || (!below_combining(text) && text.chars().any(is_complex))
}

/// Every character of `text` is below U+0300 (Latin, IPA, spacing
/// modifiers: none complex), by a scan of its bytes: a UTF-8 lead byte of
/// U+0300 or above is 0xCC or more, every other byte less.
#[inline]
pub fn below_combining(text: &str) -> bool {
    text.bytes().all(|b| b < 0xCC)
}

/// A character the simple path cannot draw right: a combining mark (one
/// NFC could not compose onto its letter), a right-to-left letter, an
/// Arabic digit, or a letter of a script that joins or reorders.
pub fn is_complex(c: char) -> bool {
    if c < '\u{300}' {
        return false;
    }
    unicode_normalization::char::is_combining_mark(c)
        || matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::AN)
        || matches!(
            u32::from(c),
            // Indic scripts to Sinhala, Thai and Lao, Tibetan, Myanmar,
            // Hangul jamo, Khmer.
            0x0900..=0x0DFF
                | 0x0E00..=0x0EFF
                | 0x0F00..=0x0FFF
                | 0x1000..=0x109F
                | 0x1100..=0x11FF
                | 0x1780..=0x17FF
        )
}

/// A strong right-to-left character (Hebrew, Arabic, ...).
pub fn is_rtl(c: char) -> bool {
    c >= '\u{590}' && matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

impl Fonts {
    /// Shapes `text` in `face`: right to left if it has a right-to-left
    /// letter, else left to right. An empty result for a face that is not
    /// there.
    pub fn shape(&self, face: Face, text: &str) -> Shaped {
        let rtl = text.chars().any(is_rtl);
        let mut shaped = match self.shaper(face) {
            Some(shaper) => shape_with(shaper, text, rtl),
            None => match rustybuzz::Face::from_slice(self.data(face), 0) {
                Some(shaper) => shape_with(&shaper, text, rtl),
                None => Shaped::default(),
            },
        };
        self.assign_text(face, text, rtl, &mut shaped.glyphs);
        shaped
    }

    /// Sets each glyph's `stands_for`: within a cluster, a glyph the
    /// font's character map gives for one of the cluster's characters
    /// stands for that character (taken in logical order, each character
    /// once); the other glyphs, in logical order, for one character left
    /// each, the last of them for all the rest (from the first to the
    /// last of them); a glyph with no character left for nothing.
    fn assign_text(&self, face: Face, text: &str, rtl: bool, glyphs: &mut [Glyph]) {
        // Glyph indices in logical order: shaping gives them in visual
        // order, the whole run turned round when right to left.
        let mut order: Vec<(u32, usize)> = glyphs
            .iter()
            .enumerate()
            .map(|(i, g)| (g.cluster, i))
            .collect();
        if rtl {
            order.reverse();
        }
        crate::order::by_key(&mut order, |&(cluster, _)| cluster);
        let clusters: Vec<&[(u32, usize)]> = order.chunk_by(|a, b| a.0 == b.0).collect();
        for (k, cluster) in clusters.iter().enumerate() {
            let start = cluster[0].0 as usize;
            let end = clusters
                .get(k + 1)
                .map_or(text.len(), |next| next[0].0 as usize);
            // The cluster's characters not yet stood for, by byte range.
            let mut rest: Vec<(usize, usize, char)> = text
                .get(start..end)
                .unwrap_or_default()
                .char_indices()
                .map(|(at, c)| (start + at, start + at + c.len_utf8(), c))
                .collect();
            let mut unmatched = Vec::new();
            for &(_, i) in *cluster {
                let id = glyphs[i].id;
                match rest
                    .iter()
                    .position(|&(_, _, c)| self.glyph(face, c) == Some(id))
                {
                    Some(k) => {
                        let (from, to, _) = rest.remove(k);
                        glyphs[i].stands_for = [from as u32, to as u32];
                    }
                    None => unmatched.push(i),
                }
            }
            // The other glyphs take the characters left one each, in
            // logical order, the last of them all that remain (a ligature's
            // letters; a joining letter, then the one glyph of its stacked
            // marks).
            for (k, &i) in unmatched.iter().enumerate() {
                let Some(&(from, _, _)) = rest.get(k) else {
                    break;
                };
                let to = if k + 1 == unmatched.len() {
                    rest.last().map_or(from, |&(_, to, _)| to)
                } else {
                    rest[k].1
                };
                glyphs[i].stands_for = [from as u32, to as u32];
            }
        }
    }

    /// The run `text` in `face` as layout sets it: its advance in ems and
    /// the glyphs the document carries for it (`Glyphs`), shaped once,
    /// here, where `needs_shaping`.
    pub fn set_run(&self, face: Face, text: &str) -> (f32, Glyphs) {
        if needs_shaping(face, text) {
            let shaped = self.shape(face, text);
            (shaped.width, Some(shaped.glyphs.into()))
        } else {
            (self.chars_width(face, text), None)
        }
    }

    /// The glyphs the document carries for the run `text` in `face`, for a
    /// run whose advance is known already (`set_run`).
    pub fn glyphs(&self, face: Face, text: &str) -> Glyphs {
        needs_shaping(face, text).then(|| self.shape(face, text).glyphs.into())
    }

    /// The advance of the run `text` in `face`, in ems: shaped where
    /// `needs_shaping`, else the sum of the characters' advances, exactly
    /// as render will draw it.
    pub fn run_width(&self, face: Face, text: &str) -> f32 {
        if needs_shaping(face, text) {
            self.shape(face, text).width
        } else {
            self.chars_width(face, text)
        }
    }

    /// The sum of the advances of `text`'s characters in `face`, in ems.
    fn chars_width(&self, face: Face, text: &str) -> f32 {
        text.chars().map(|c| self.advance(face, c)).sum()
    }
}

fn shape_with(shaper: &rustybuzz::Face<'_>, text: &str, rtl: bool) -> Shaped {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    let output = rustybuzz::shape(shaper, &[], buffer);
    let per_em = f32::from(shaper.units_per_em().max(1) as u16);
    let mut pen = 0i64;
    let glyphs = output
        .glyph_infos()
        .iter()
        .zip(output.glyph_positions())
        .map(|(info, pos)| {
            let glyph = Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x: (pen + i64::from(pos.x_offset)) as f32 / per_em,
                y: pos.y_offset as f32 / per_em,
                cluster: info.cluster,
                stands_for: [info.cluster; 2],
            };
            pen += i64::from(pos.x_advance);
            glyph
        })
        .collect();
    Shaped {
        glyphs,
        width: pen as f32 / per_em,
    }
}

#[cfg(test)]
mod tests {
    use super::{Face, Fonts, is_complex, needs_shaping};

    #[test]
    fn latin_stays_on_the_simple_path() {
        assert!(super::below_combining("José Müller-Łukasz ʼ\u{2FF}"));
        assert!(!super::below_combining("e\u{300}"));
        assert!(!super::below_combining("–"));
        assert!(!needs_shaping(
            Face::Regular,
            "José Müller-Łukasz – 10 · Жанна Ωμέγα"
        ));
        assert!(needs_shaping(Face::Regular, "q\u{303}"));
        assert!(needs_shaping(Face::HebrewRegular, "שרה"));
        assert!(is_complex('ש') && is_complex('م') && is_complex('١'));
        assert!(!is_complex('–') && !is_complex('€'));
    }

    /// Arabic joins: a letter's glyph in a word differs from the same
    /// letter alone, and the word comes out right to left (its first
    /// letter's glyph is the rightmost).
    #[test]
    fn arabic_joins_and_runs_right_to_left() {
        let fonts = Fonts::load();
        let word = fonts.shape(Face::ArabicRegular, "محمد");
        let alone = fonts.shape(Face::ArabicRegular, "م");
        assert_eq!(word.glyphs.len(), 4, "{word:?}");
        let first = word.glyphs.iter().find(|g| g.cluster == 0).expect("م");
        assert_ne!(first.id, alone.glyphs[0].id, "the initial form of م");
        let rightmost = word
            .glyphs
            .iter()
            .max_by(|a, b| a.x.total_cmp(&b.x))
            .expect("glyphs");
        assert_eq!(rightmost.cluster, 0);
        assert!(word.width > 0.5, "{word:?}");
    }

    /// Each glyph stands for its cluster's text, decided where it is
    /// shaped: a joining form for its letter, a ligature for both its
    /// letters, a letter and a mark placed on it each for its own
    /// character, a joining letter and the one glyph of its stacked marks
    /// each for its own. Read in logical order, the glyphs give the text
    /// back.
    #[test]
    fn each_glyph_stands_for_its_clusters_text() {
        let fonts = Fonts::load();
        let texts = |face: Face, text: &str| -> Vec<String> {
            let mut glyphs = fonts.shape(face, text).glyphs;
            crate::order::by_key(&mut glyphs, |g| g.stands_for);
            glyphs.iter().map(|g| g.text(text).to_owned()).collect()
        };
        assert_eq!(texts(Face::ArabicRegular, "محمد"), ["م", "ح", "م", "د"]);
        assert_eq!(texts(Face::ArabicRegular, "لا"), ["لا"]);
        assert_eq!(texts(Face::FallbackRegular, "q\u{303}"), ["q", "\u{303}"]);
        // A letter with a fatha and a shadda: the letter's joining form
        // stands for the letter, the marks' one glyph for both marks.
        let marked = "م\u{64E}\u{651}د";
        let stacked = texts(Face::ArabicRegular, marked);
        assert_eq!(stacked, ["م", "\u{64E}\u{651}", "د"]);
    }
}
