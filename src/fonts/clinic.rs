//! A clinic's own fonts (`fonts = [...]` in the settings file, `--font`):
//! the bytes of each, checked once when read, so a broken or hostile file
//! is a clear error naming it and never a panic or a blank sheet later.
//!
//! TrueType (`glyf`) or CFF outlines (most `.otf` files) are taken, as a
//! single font or the first of a collection (`.ttc`, `.otc`). rx writes glyph
//! ids straight into the page; the subsetter rewrites a CFF font as
//! CID-keyed with CID = glyph id, so those ids are its CIDs too. CFF2
//! (variable `.otf`) is not a PDF font program and is refused.

use std::fmt;

/// The largest font file rx reads: a whole CJK TrueType font is ~20 MB.
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// A clinic font, checked: it parses, has TrueType outlines, a Unicode
/// character map and the tables shaping needs.
#[derive(Clone, PartialEq, Eq)]
pub struct ClinicFont {
    /// The PostScript name (ASCII letters, digits and hyphens), the name the
    /// PDF gives it.
    name: String,
    data: Vec<u8>,
}

impl fmt::Debug for ClinicFont {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClinicFont({}, {} bytes)", self.name, self.data.len())
    }
}

/// Why a file is not a font rx can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontProblem {
    /// Over `MAX_FONT_BYTES`.
    TooLarge { bytes: u64 },
    /// Not a TrueType/OpenType font, or a damaged one.
    NotAFont { cause: String },
    /// Outlines rx cannot embed (CFF2, variable `.otf`), or none at all.
    NotTrueType,
    /// No Unicode character map, so no character can be found in it.
    NoUnicodeMap,
}

impl fmt::Display for FontProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontProblem::TooLarge { bytes } => write!(
                f,
                "the font file is {bytes} bytes, over the {} MB a font may take",
                MAX_FONT_BYTES / (1024 * 1024)
            ),
            FontProblem::NotAFont { cause } => {
                write!(f, "not a TrueType or OpenType font ({cause})")
            }
            FontProblem::NotTrueType => f.write_str(
                "the font has no TrueType or CFF outlines (a variable CFF2 .otf?); \
                 use a static .ttf or .otf version of the font",
            ),
            FontProblem::NoUnicodeMap => f.write_str("the font has no Unicode character map"),
        }
    }
}

impl ClinicFont {
    /// Checks `data`, a font file's bytes.
    pub fn read(data: Vec<u8>) -> Result<ClinicFont, FontProblem> {
        let bytes = data.len() as u64;
        if bytes > MAX_FONT_BYTES {
            return Err(FontProblem::TooLarge { bytes });
        }
        let face = ttf_parser::Face::parse(&data, 0).map_err(|e| FontProblem::NotAFont {
            cause: e.to_string(),
        })?;
        let tables = face.tables();
        // TrueType or CFF outlines (see the module's doc).
        if tables.glyf.is_none() && tables.cff.is_none() {
            return Err(FontProblem::NotTrueType);
        }
        let unicode = tables
            .cmap
            .is_some_and(|cmap| cmap.subtables.into_iter().any(|s| s.is_unicode()));
        if !unicode {
            return Err(FontProblem::NoUnicodeMap);
        }
        if rustybuzz::Face::from_slice(&data, 0).is_none() {
            return Err(FontProblem::NotAFont {
                cause: "its layout tables do not parse".into(),
            });
        }
        let name = postscript_name(&face);
        Ok(ClinicFont { name, data })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

/// The font's PostScript name (`name` ID 6) as a PDF name may carry it,
/// or "ClinicFont".
fn postscript_name(face: &ttf_parser::Face<'_>) -> String {
    let name: String = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(60)
        .collect();
    if name.is_empty() {
        "ClinicFont".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::{ClinicFont, FontProblem};

    #[test]
    fn refuses_what_is_not_a_truetype_font() {
        assert!(matches!(
            ClinicFont::read(b"not a font at all".to_vec()),
            Err(FontProblem::NotAFont { .. })
        ));
        assert!(matches!(
            ClinicFont::read(Vec::new()),
            Err(FontProblem::NotAFont { .. })
        ));
        let dejavu = include_bytes!("../../fonts/DejaVuSans.ttf");
        let font = ClinicFont::read(dejavu.to_vec()).expect("DejaVu Sans is TrueType");
        assert_eq!(font.name(), "DejaVuSans");
        // Cut short: the table directory points past the end.
        assert!(ClinicFont::read(dejavu[..2000].to_vec()).is_err());
    }

    /// CFF outlines (an `.otf`, here Noto Sans JP cut to four characters)
    /// are taken; a font with neither TrueType nor CFF outlines is not.
    #[test]
    fn takes_cff_outlines_and_refuses_a_font_without_outlines() {
        let otf = include_bytes!("../../tests/fixtures/fonts/noto-sans-jp-subset.otf");
        let font = ClinicFont::read(otf.to_vec()).expect("a CFF font is taken");
        assert_eq!(font.name(), "NotoSansJP-Regular");
        // The same font with its `CFF ` table renamed in the directory.
        let mut outlineless = otf.to_vec();
        let at = outlineless
            .windows(4)
            .position(|w| w == b"CFF ")
            .expect("a CFF table");
        outlineless[at..at + 4].copy_from_slice(b"XFF ");
        assert_eq!(ClinicFont::read(outlineless), Err(FontProblem::NotTrueType));
    }
}
