//! The embedded fonts and their metrics.
//!
//! Atkinson Hyperlegible is the text face; DejaVu Sans draws what it lacks.
//! Layout asks which face draws a character and how wide it is; render asks
//! for the font bytes to subset and embed. Both see the same `Fonts`, parsed
//! once, so the widths layout wraps with are the widths the PDF shows.

use ttf_parser::GlyphId;

/// One of the four embedded faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Bold,
    FallbackRegular,
    FallbackBold,
}

impl Face {
    pub const ALL: [Face; 4] = [
        Face::Regular,
        Face::Bold,
        Face::FallbackRegular,
        Face::FallbackBold,
    ];

    /// A short stable name, used in the layout dump and as the PDF font name.
    pub fn name(self) -> &'static str {
        match self {
            Face::Regular => "AtkinsonHyperlegible-Regular",
            Face::Bold => "AtkinsonHyperlegible-Bold",
            Face::FallbackRegular => "DejaVuSans",
            Face::FallbackBold => "DejaVuSans-Bold",
        }
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../fonts/AtkinsonHyperlegible-Regular.ttf"),
            Face::Bold => include_bytes!("../fonts/AtkinsonHyperlegible-Bold.ttf"),
            Face::FallbackRegular => include_bytes!("../fonts/DejaVuSans.ttf"),
            Face::FallbackBold => include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
        }
    }
}

/// The weights a text is drawn in on a sheet, for `Fonts::undrawable_in`:
/// regular only.
pub const REGULAR: &[bool] = &[false];
/// Bold only (the clinic, in the header).
pub const BOLD: &[bool] = &[true];
/// Both: a patient's name and an exercise's name are bold in the header and
/// the exercise heading, regular in the title and the log (issue 11,
/// finding 7).
pub const BOTH: &[bool] = &[false, true];

/// Control characters become spaces so they neither draw nor glue words.
pub fn clean(c: char) -> char {
    if c.is_control() { ' ' } else { c }
}

/// Characters below this are looked up once, at load: nearly all sheet text.
const CACHED: usize = 0x180;

/// Parsed embedded fonts.
pub struct Fonts {
    faces: [ttf_parser::Face<'static>; 4],
    /// Per face, for each character below `CACHED`: its advance in ems, or
    /// `None` when the face has no glyph for it. Layout measures every
    /// character several times; the table makes that a lookup.
    cache: [Vec<Option<f32>>; 4],
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts")
    }
}

impl Fonts {
    /// Parse the embedded fonts. They are part of the binary and tested, so a
    /// failure here is a build defect, not a user error.
    pub fn load() -> Fonts {
        let faces = Face::ALL.map(|face| {
            ttf_parser::Face::parse(face.bytes(), 0).expect("embedded fonts are valid TrueType")
        });
        let cache = [0, 1, 2, 3].map(|i| {
            let face = &faces[i];
            (0..CACHED)
                .map(|c| {
                    let ch = char::from_u32(c as u32)?;
                    let glyph = face.glyph_index(ch).filter(|g| g.0 != 0)?;
                    let units = face.glyph_hor_advance(glyph).unwrap_or(0);
                    Some(f32::from(units) / f32::from(face.units_per_em()))
                })
                .collect()
        });
        Fonts { faces, cache }
    }

    fn cached(&self, face: Face, ch: char) -> Option<Option<f32>> {
        self.cache[face as usize].get(ch as usize).copied()
    }

    /// The font file of a face.
    pub fn data(&self, face: Face) -> &'static [u8] {
        face.bytes()
    }

    fn face(&self, face: Face) -> &ttf_parser::Face<'static> {
        &self.faces[face as usize]
    }

    /// The glyph that draws `ch` in `face`, if the face has one.
    pub fn glyph(&self, face: Face, ch: char) -> Option<u16> {
        if let Some(None) = self.cached(face, ch) {
            return None;
        }
        self.face(face)
            .glyph_index(ch)
            .map(|g| g.0)
            .filter(|&g| g != 0)
    }

    /// The first character of `text` that no embedded face can draw in the
    /// weight asked for (`bold`), exactly as layout's `shape` looks it up.
    /// The glyph check: a text the sheet prints must have none.
    pub fn undrawable(&self, text: &str, bold: bool) -> Option<char> {
        text.chars()
            .map(clean)
            .find(|&c| !is_invisible(c) && c != ' ' && self.pick(c, bold).is_none())
    }

    /// `undrawable`, in each of `weights` in turn.
    pub fn undrawable_in(&self, text: &str, weights: &[bool]) -> Option<char> {
        weights.iter().find_map(|&bold| self.undrawable(text, bold))
    }

    /// The face that draws `ch`: the text face if it can, else the fallback.
    /// Bold text falls back further, to the regular faces: some characters
    /// (mathematical letters pasted into a name, say) are only in the
    /// regular ones, and printing one of them a weight lighter is right
    /// where a "?" would not be (issue 11, finding 7). `None` means no
    /// embedded font has the character in either weight.
    pub fn pick(&self, ch: char, bold: bool) -> Option<Face> {
        let order: &[Face] = if bold {
            &[
                Face::Bold,
                Face::FallbackBold,
                Face::Regular,
                Face::FallbackRegular,
            ]
        } else {
            &[Face::Regular, Face::FallbackRegular]
        };
        if let Some(Some(_)) = self.cached(order[0], ch) {
            return Some(order[0]);
        }
        order
            .iter()
            .copied()
            .find(|&face| self.glyph(face, ch).is_some())
    }

    /// Advance width of `ch` in `face`, in ems (multiply by the font size).
    pub fn advance(&self, face: Face, ch: char) -> f32 {
        if let Some(Some(advance)) = self.cached(face, ch) {
            return advance;
        }
        let f = self.face(face);
        let glyph = f.glyph_index(ch).unwrap_or(GlyphId(0));
        let units = f.glyph_hor_advance(glyph).unwrap_or(0);
        f32::from(units) / f32::from(f.units_per_em())
    }
}

/// Characters that need no glyph: layout turns them into space or drops
/// them. Control characters, and Unicode's default-ignorable code points
/// (zero-width space and joiners, direction marks, the byte-order mark, soft
/// hyphen, variation selectors, Hangul fillers, tags): a renderer shows
/// nothing for them, so a text made only of them prints as nothing.
pub fn is_invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::{Face, Fonts};

    #[test]
    fn text_face_draws_latin_and_fallback_draws_cyrillic() {
        let fonts = Fonts::load();
        assert_eq!(fonts.pick('é', false), Some(Face::Regular));
        assert_eq!(fonts.pick('Ł', true), Some(Face::Bold));
        assert_eq!(fonts.pick('Ж', false), Some(Face::FallbackRegular));
        assert_eq!(fonts.pick('漢', false), None);
        assert!(fonts.advance(Face::Regular, 'm') > fonts.advance(Face::Regular, 'i'));
    }
}
