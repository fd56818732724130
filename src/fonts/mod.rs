//! The fonts: the embedded ones, a clinic's own, and their metrics.
//!
//! Atkinson Hyperlegible is the text face; DejaVu Sans draws what it lacks;
//! Noto Sans Hebrew and Noto Sans Arabic draw those scripts; a clinic's
//! fonts (`clinic`), tried last, draw what none of them can. Layout asks
//! which face draws a character and how wide it is; render asks for the
//! font bytes to subset and embed. Both see the same `Fonts`, parsed once,
//! so the widths layout wraps with are the widths the PDF shows. Text that
//! needs more than one glyph per character (right-to-left, joining,
//! combining marks) is shaped by `shape`, for layout and render alike.

use std::borrow::Cow;
use std::sync::OnceLock;

use ttf_parser::GlyphId;

pub mod clinic;
pub mod shape;

pub use clinic::{ClinicFont, FontProblem};

/// One face: a bundled one, or the `n`th of a clinic's fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Bold,
    FallbackRegular,
    FallbackBold,
    HebrewRegular,
    HebrewBold,
    ArabicRegular,
    ArabicBold,
    /// A clinic's font, by its place in the settings' and `--font` list.
    Clinic(u8),
}

/// How many faces are bundled.
const BUNDLED: usize = 8;

impl Face {
    /// The bundled faces.
    pub const ALL: [Face; BUNDLED] = [
        Face::Regular,
        Face::Bold,
        Face::FallbackRegular,
        Face::FallbackBold,
        Face::HebrewRegular,
        Face::HebrewBold,
        Face::ArabicRegular,
        Face::ArabicBold,
    ];

    /// A short stable name, used in the layout dump and as the PDF font
    /// name of a bundled face (a clinic's font is named by `Fonts::name`).
    pub fn name(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Face::Regular => "AtkinsonHyperlegible-Regular",
            Face::Bold => "AtkinsonHyperlegible-Bold",
            Face::FallbackRegular => "DejaVuSans",
            Face::FallbackBold => "DejaVuSans-Bold",
            Face::HebrewRegular => "NotoSansHebrew-Regular",
            Face::HebrewBold => "NotoSansHebrew-Bold",
            Face::ArabicRegular => "NotoSansArabic-Regular",
            Face::ArabicBold => "NotoSansArabic-Bold",
            Face::Clinic(n) => return Cow::Owned(format!("Clinic{}", u16::from(n) + 1)),
        })
    }

    /// The bundled face's place in `ALL` (a match: layout asks for every
    /// character it measures).
    #[inline]
    fn index(self) -> Option<usize> {
        Some(match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::FallbackRegular => 2,
            Face::FallbackBold => 3,
            Face::HebrewRegular => 4,
            Face::HebrewBold => 5,
            Face::ArabicRegular => 6,
            Face::ArabicBold => 7,
            Face::Clinic(_) => return None,
        })
    }

    /// A bold face (for the PDF's weight class).
    pub fn is_bold(self) -> bool {
        matches!(
            self,
            Face::Bold | Face::FallbackBold | Face::HebrewBold | Face::ArabicBold
        )
    }

    /// The faces of the simple path: Latin, Greek and Cyrillic, one glyph
    /// per character, laid left to right (`shape::needs_shaping`).
    pub fn is_simple(self) -> bool {
        matches!(
            self,
            Face::Regular | Face::Bold | Face::FallbackRegular | Face::FallbackBold
        )
    }

    /// The face's font file. Every bundled face is embedded
    /// zlib-compressed (1.8 MB in 0.8 MB) and inflated here the first time
    /// any `Fonts` needs it, once per process: most sheets draw only
    /// Atkinson Hyperlegible (inflated by every start, 0.7M instructions of
    /// `rx build`'s 48M, callgrind) and never pay for the others. Only
    /// `Fonts::parsed` calls this, so a `Fonts` knows which faces it used.
    fn bytes(self) -> &'static [u8] {
        static INFLATED: [OnceLock<Vec<u8>>; 8] = [const { OnceLock::new() }; 8];
        match self {
            Face::Regular => inflated(&INFLATED[0], deflated::ATKINSON),
            Face::Bold => inflated(&INFLATED[1], deflated::ATKINSON_BOLD),
            Face::FallbackRegular => inflated(&INFLATED[2], deflated::DEJAVU_SANS),
            Face::FallbackBold => inflated(&INFLATED[3], deflated::DEJAVU_SANS_BOLD),
            Face::HebrewRegular => inflated(&INFLATED[4], deflated::NOTO_SANS_HEBREW),
            Face::HebrewBold => inflated(&INFLATED[5], deflated::NOTO_SANS_HEBREW_BOLD),
            Face::ArabicRegular => inflated(&INFLATED[6], deflated::NOTO_SANS_ARABIC),
            Face::ArabicBold => inflated(&INFLATED[7], deflated::NOTO_SANS_ARABIC_BOLD),
            Face::Clinic(_) => &[],
        }
    }
}

/// The compressed faces, made from the `.ttf` files beside them by
/// `scripts/deflate-fonts` (fonts/PROVENANCE.md); a test
/// (`deflated_fonts_inflate_to_their_ttf_files`) holds them equal, byte for
/// byte.
mod deflated {
    pub const ATKINSON: &[u8] = include_bytes!("../../fonts/AtkinsonHyperlegible-Regular.ttf.zlib");
    pub const ATKINSON_BOLD: &[u8] =
        include_bytes!("../../fonts/AtkinsonHyperlegible-Bold.ttf.zlib");
    pub const DEJAVU_SANS: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf.zlib");
    pub const DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf.zlib");
    pub const NOTO_SANS_ARABIC: &[u8] =
        include_bytes!("../../fonts/NotoSansArabic-Regular.ttf.zlib");
    pub const NOTO_SANS_ARABIC_BOLD: &[u8] =
        include_bytes!("../../fonts/NotoSansArabic-Bold.ttf.zlib");
    pub const NOTO_SANS_HEBREW: &[u8] =
        include_bytes!("../../fonts/NotoSansHebrew-Regular.ttf.zlib");
    pub const NOTO_SANS_HEBREW_BOLD: &[u8] =
        include_bytes!("../../fonts/NotoSansHebrew-Bold.ttf.zlib");
}

/// `deflated` inflated into `cell`, the first time it is asked for.
fn inflated(cell: &'static OnceLock<Vec<u8>>, deflated: &[u8]) -> &'static [u8] {
    cell.get_or_init(|| inflate(deflated))
}

fn inflate(deflated: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    // A font compresses to about half its size: room for it at once.
    let mut file = Vec::with_capacity(deflated.len() * 5 / 2);
    flate2::read::ZlibDecoder::new(deflated)
        .read_to_end(&mut file)
        .expect("embedded fonts inflate (tested)");
    file
}

/// The weights a text is drawn in on a sheet, for `Fonts::undrawable_in`:
/// regular only.
pub const REGULAR: &[bool] = &[false];
/// Bold only (the clinic, in the header).
pub const BOLD: &[bool] = &[true];
/// Both: a patient's name and an exercise's name are bold in the header and
/// the exercise heading, regular in the title and the log.
pub const BOTH: &[bool] = &[false, true];

/// Control characters become spaces so they neither draw nor glue words.
pub fn clean(c: char) -> char {
    if c.is_control() { ' ' } else { c }
}

/// Characters below this are looked up once, at load: nearly all sheet text.
const CACHED: usize = 0x180;

/// The script a character belongs to, where a bundled face is made for it:
/// DejaVu Sans has Hebrew and Arabic letters too, but no joining or marks
/// worth the name, so those scripts go to their own faces first.
fn script_faces(ch: char, bold: bool) -> &'static [Face] {
    match u32::from(ch) {
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => {
            if bold {
                &[Face::HebrewBold, Face::HebrewRegular]
            } else {
                &[Face::HebrewRegular]
            }
        }
        0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            if bold {
                &[Face::ArabicBold, Face::ArabicRegular]
            } else {
                &[Face::ArabicRegular]
            }
        }
        _ => &[],
    }
}

/// The bidirectional isolates (LRI, RLI, FSI, PDI), which layout puts
/// around every value a sheet prints: no bundled face has a glyph for them
/// (`tests::no_bundled_face_draws_the_isolates`), and asking each face in
/// turn would inflate the compressed ones (`Face::bytes`) for every sheet.
fn no_bundled_glyph(ch: char) -> bool {
    matches!(ch, '\u{2066}'..='\u{2069}')
}

/// The bundled faces in the order `pick` tries them, by weight. Bold text
/// falls back further, to the regular faces: some characters (mathematical
/// letters pasted into a name, say) are only in the regular ones, and
/// printing one of them a weight lighter is right where a "?" would not be.
fn bundled_order(bold: bool) -> &'static [Face] {
    if bold {
        &[
            Face::Bold,
            Face::FallbackBold,
            Face::Regular,
            Face::FallbackRegular,
            Face::HebrewBold,
            Face::ArabicBold,
            Face::HebrewRegular,
            Face::ArabicRegular,
        ]
    } else {
        &[
            Face::Regular,
            Face::FallbackRegular,
            Face::HebrewRegular,
            Face::ArabicRegular,
        ]
    }
}

/// Parsed fonts: the embedded ones and a clinic's.
pub struct Fonts {
    /// Each bundled face, parsed the first time it is needed: a sheet that
    /// needs no fallback or Arabic letter never inflates those fonts.
    faces: [OnceLock<ttf_parser::Face<'static>>; BUNDLED],
    /// Per simple face, for each character below `CACHED`: its advance in
    /// ems, or `None` when the face has no glyph for it. Layout measures
    /// every character several times; the table makes that a lookup. Built
    /// at load for the text faces, the first time they are asked about for
    /// the fallback ones.
    cache: [OnceLock<Vec<Option<f32>>>; 4],
    /// The shaping view of each bundled face, built the first time a text
    /// needs shaping: a Latin sheet never pays for it.
    shapers: [OnceLock<Option<rustybuzz::Face<'static>>>; BUNDLED],
    /// A clinic's fonts, tried in order after the bundled ones.
    clinic: Vec<ClinicFont>,
    /// Which set of fonts this is, for caches kept across sheets (wrapped
    /// lines, embedded faces): 0 for the bundled fonts alone, which every
    /// `load` gives alike; a number of its own for each `with_clinic`.
    generation: u64,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts")
    }
}

impl Fonts {
    /// The embedded fonts: the text faces parsed now, the others the first
    /// time a text needs them. They are part of the binary and tested, so a
    /// failure to parse is a build defect, not a user error.
    pub fn load() -> Fonts {
        let fonts = Fonts {
            faces: Default::default(),
            cache: Default::default(),
            shapers: Default::default(),
            clinic: Vec::new(),
            generation: 0,
        };
        fonts.advances(0);
        fonts.advances(1);
        fonts
    }

    /// A bundled face, parsed (and its file inflated) the first time.
    fn parsed(&self, i: usize) -> &ttf_parser::Face<'static> {
        self.faces[i].get_or_init(|| {
            ttf_parser::Face::parse(Face::ALL[i].bytes(), 0)
                .expect("embedded fonts are valid TrueType")
        })
    }

    /// The advances table of simple face `i` (see `cache`).
    fn advances(&self, i: usize) -> &[Option<f32>] {
        self.cache[i].get_or_init(|| {
            let face = self.parsed(i);
            (0..CACHED)
                .map(|c| {
                    let ch = char::from_u32(c as u32)?;
                    let glyph = face.glyph_index(ch).filter(|g| g.0 != 0)?;
                    let units = face.glyph_hor_advance(glyph).unwrap_or(0);
                    Some(f32::from(units) / f32::from(face.units_per_em()))
                })
                .collect()
        })
    }

    /// Whether this set of fonts has needed bundled `face` so far (parsed
    /// it, and inflated it if it is stored compressed).
    pub fn has_used(&self, face: Face) -> bool {
        face.index().is_some_and(|i| self.faces[i].get().is_some())
    }

    /// The embedded fonts and, after them, a clinic's (checked by
    /// `ClinicFont::read`), in the order given.
    pub fn with_clinic(clinic: Vec<ClinicFont>) -> Fonts {
        static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut fonts = Fonts::load();
        fonts.clinic = clinic;
        fonts.clinic.truncate(usize::from(u8::MAX));
        if fonts.has_clinic_fonts() {
            fonts.generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        fonts
    }

    /// Which set of fonts this is (see the field): caches key on it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether a clinic added fonts.
    pub fn has_clinic_fonts(&self) -> bool {
        !self.clinic.is_empty()
    }

    #[inline]
    fn cached(&self, face: Face, ch: char) -> Option<Option<f32>> {
        let i = face.index().filter(|&i| i < 4)?;
        self.advances(i).get(ch as usize).copied()
    }

    /// The font file of a face.
    pub fn data(&self, face: Face) -> &[u8] {
        match face {
            Face::Clinic(n) => self
                .clinic
                .get(usize::from(n))
                .map_or(&[][..], |f| f.data()),
            bundled => match bundled.index() {
                Some(i) => self.parsed(i).raw_face().data,
                None => &[],
            },
        }
    }

    /// The PDF font name of a face: a clinic font's own PostScript name.
    pub fn name(&self, face: Face) -> Cow<'_, str> {
        match face {
            Face::Clinic(n) => match self.clinic.get(usize::from(n)) {
                Some(font) => Cow::Borrowed(font.name()),
                None => face.name(),
            },
            bundled => bundled.name(),
        }
    }

    /// Runs `f` on the parsed face; `None` for a clinic face that is not
    /// there (fonts are checked when read, so only a stray `Face`).
    fn with_face<R>(&self, face: Face, f: impl FnOnce(&ttf_parser::Face<'_>) -> R) -> Option<R> {
        match face.index() {
            Some(i) => Some(f(self.parsed(i))),
            None => {
                let parsed = ttf_parser::Face::parse(self.data(face), 0).ok()?;
                Some(f(&parsed))
            }
        }
    }

    /// The glyph that draws `ch` in `face`, if the face has one.
    pub fn glyph(&self, face: Face, ch: char) -> Option<u16> {
        if let Some(None) = self.cached(face, ch) {
            return None;
        }
        self.with_face(face, |f| f.glyph_index(ch).map(|g| g.0))
            .flatten()
            .filter(|&g| g != 0)
    }

    /// The first character of `text` that no face can draw in the weight
    /// asked for (`bold`), exactly as layout's `shape` looks it up.
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

    /// The faces tried for `ch`, in order: the script's own face, the
    /// bundled ones by weight, then a clinic's.
    pub fn candidates(&self, ch: char, bold: bool) -> impl Iterator<Item = Face> + '_ {
        let bundled = if no_bundled_glyph(ch) {
            &[]
        } else {
            bundled_order(bold)
        };
        script_faces(ch, bold)
            .iter()
            .chain(bundled)
            .copied()
            .chain((0..self.clinic.len()).map(|n| Face::Clinic(n as u8)))
    }

    /// The face that draws `ch`: its script's face, the text face if it
    /// can, else the fallbacks (`candidates`). `None` means no font has the
    /// character in either weight.
    ///
    /// Inlined to the table lookup that answers nearly every character, as
    /// it was before the script and clinic faces; the rest is `pick_slow`.
    #[inline]
    pub fn pick(&self, ch: char, bold: bool) -> Option<Face> {
        let first = if bold { Face::Bold } else { Face::Regular };
        if let Some(Some(_)) = self.cached(first, ch) {
            return Some(first);
        }
        self.pick_slow(ch, bold)
    }

    #[inline(never)]
    fn pick_slow(&self, ch: char, bold: bool) -> Option<Face> {
        self.candidates(ch, bold)
            .find(|&face| self.glyph(face, ch).is_some())
    }

    /// Advance width of `ch` in `face`, in ems (multiply by the font size).
    /// Inlined to the table lookup, like `pick`.
    #[inline]
    pub fn advance(&self, face: Face, ch: char) -> f32 {
        if let Some(Some(advance)) = self.cached(face, ch) {
            return advance;
        }
        self.advance_slow(face, ch)
    }

    #[inline(never)]
    fn advance_slow(&self, face: Face, ch: char) -> f32 {
        self.with_face(face, |f| {
            let glyph = f.glyph_index(ch).unwrap_or(GlyphId(0));
            let units = f.glyph_hor_advance(glyph).unwrap_or(0);
            f32::from(units) / f32::from(f.units_per_em())
        })
        .unwrap_or(0.0)
    }

    /// Advance width of glyph `glyph` in `face`, in ems.
    pub fn glyph_advance(&self, face: Face, glyph: u16) -> f32 {
        self.with_face(face, |f| {
            let units = f.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0);
            f32::from(units) / f32::from(f.units_per_em())
        })
        .unwrap_or(0.0)
    }

    /// The shaping view of a bundled face, built once.
    fn shaper(&self, face: Face) -> Option<&rustybuzz::Face<'static>> {
        let i = face.index()?;
        self.shapers[i]
            .get_or_init(|| rustybuzz::Face::from_slice(self.parsed(i).raw_face().data, 0))
            .as_ref()
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
        for (i, face) in Face::ALL.into_iter().enumerate() {
            assert_eq!(face.index(), Some(i));
        }
        assert_eq!(Face::Clinic(0).index(), None);
    }

    /// Hebrew and Arabic go to their own faces (DejaVu Sans has
    /// the letters too, but no joining), in both weights.
    #[test]
    fn hebrew_and_arabic_take_their_script_faces() {
        let fonts = Fonts::load();
        assert_eq!(fonts.pick('ש', false), Some(Face::HebrewRegular));
        assert_eq!(fonts.pick('ש', true), Some(Face::HebrewBold));
        assert_eq!(fonts.pick('م', false), Some(Face::ArabicRegular));
        assert_eq!(fonts.pick('م', true), Some(Face::ArabicBold));
        assert_eq!(fonts.undrawable("שרה כהן محمد الأحمد", true), None);
    }

    /// What `no_bundled_glyph` takes for granted, so `pick` and
    /// `candidates` answer for the isolates as if they asked every face.
    #[test]
    fn no_bundled_face_draws_the_isolates() {
        let fonts = Fonts::load();
        for c in '\u{2066}'..='\u{2069}' {
            assert!(super::no_bundled_glyph(c));
            for face in Face::ALL {
                assert_eq!(fonts.glyph(face, c), None, "{face:?} U+{:04X}", c as u32);
            }
        }
        assert!(!super::no_bundled_glyph('\u{2065}') && !super::no_bundled_glyph('\u{206A}'));
    }

    /// The fonts stored compressed in the binary are the `.ttf` files
    /// beside them, byte for byte (`scripts/deflate-fonts` remakes them).
    #[test]
    fn deflated_fonts_inflate_to_their_ttf_files() {
        let pairs: [(&[u8], &[u8]); 8] = [
            (
                super::deflated::ATKINSON,
                include_bytes!("../../fonts/AtkinsonHyperlegible-Regular.ttf"),
            ),
            (
                super::deflated::ATKINSON_BOLD,
                include_bytes!("../../fonts/AtkinsonHyperlegible-Bold.ttf"),
            ),
            (
                super::deflated::DEJAVU_SANS,
                include_bytes!("../../fonts/DejaVuSans.ttf"),
            ),
            (
                super::deflated::DEJAVU_SANS_BOLD,
                include_bytes!("../../fonts/DejaVuSans-Bold.ttf"),
            ),
            (
                super::deflated::NOTO_SANS_ARABIC,
                include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
            ),
            (
                super::deflated::NOTO_SANS_ARABIC_BOLD,
                include_bytes!("../../fonts/NotoSansArabic-Bold.ttf"),
            ),
            (
                super::deflated::NOTO_SANS_HEBREW,
                include_bytes!("../../fonts/NotoSansHebrew-Regular.ttf"),
            ),
            (
                super::deflated::NOTO_SANS_HEBREW_BOLD,
                include_bytes!("../../fonts/NotoSansHebrew-Bold.ttf"),
            ),
        ];
        for (deflated, ttf) in pairs {
            assert!(deflated.len() < ttf.len() * 6 / 10, "stored compressed");
            assert!(super::inflate(deflated) == ttf, "inflates to its .ttf");
        }
        let fonts = Fonts::load();
        for face in [Face::FallbackBold, Face::ArabicRegular] {
            let ttf: &[u8] = match face {
                Face::FallbackBold => include_bytes!("../../fonts/DejaVuSans-Bold.ttf"),
                _ => include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
            };
            assert!(fonts.data(face) == ttf, "{face:?} is its .ttf file");
        }
    }

    /// A sheet whose letters Atkinson Hyperlegible all draws never parses
    /// (so never inflates) the compressed fallback and Arabic faces; a
    /// Cyrillic or Arabic name does, for the face it needs.
    #[test]
    fn only_a_sheet_that_needs_a_fallback_letter_inflates_its_font() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let sheet = |fonts: &Fonts, name: &str| {
            let run = crate::run::Run::new(&catalogue, fonts, today);
            let plan = include_str!("../../examples/plan.toml").replace(
                "name = \"José Müller-Łukasz\"",
                &format!("name = \"{name}\""),
            );
            let (_, checked) = run.check(plan.as_bytes());
            let plan = checked.plan.expect("a valid plan");
            assert_eq!(plan.patient.name, name);
            run.sheet(&plan).expect("rendered").pdf
        };
        let compressed = [
            Face::FallbackRegular,
            Face::FallbackBold,
            Face::ArabicRegular,
            Face::ArabicBold,
            Face::HebrewRegular,
            Face::HebrewBold,
        ];

        let latin = Fonts::load();
        let pdf = sheet(&latin, "Zoë Müller");
        assert!(!pdf.is_empty());
        for face in compressed {
            assert!(!latin.has_used(face), "{face:?} inflated for a Latin sheet");
        }
        assert!(latin.has_used(Face::Regular) && latin.has_used(Face::Bold));

        let cyrillic = Fonts::load();
        sheet(&cyrillic, "Жанна Петрова");
        assert!(cyrillic.has_used(Face::FallbackRegular));
        assert!(cyrillic.has_used(Face::FallbackBold));
        assert!(!cyrillic.has_used(Face::ArabicRegular));

        let arabic = Fonts::load();
        sheet(&arabic, "محمد الأحمد");
        assert!(arabic.has_used(Face::ArabicRegular));

        let hebrew = Fonts::load();
        sheet(&hebrew, "דוד כהן");
        assert!(hebrew.has_used(Face::HebrewRegular));
        assert!(!hebrew.has_used(Face::ArabicRegular));
    }
}
