//! The CMaps of an embedded face: the encoding that turns a shown string's
//! bytes into glyphs, and the `/ToUnicode` map that turns glyphs back into
//! text for copying, searching and screen readers.
//!
//! A subset of at most 256 glyphs (a sheet's faces draw well under 100)
//! is shown with one byte a glyph through `one_byte_encoding`, rather than
//! Identity-H's two; larger subsets (a booklet in many scripts, a long
//! name in a clinic's CJK font) keep Identity-H. The `/ToUnicode` map is
//! ours too, its runs of consecutive characters written as ranges.
//! Together 0.9 KB less for the example clinic sheet, compressed (toward the
//! 25 KB budget a sheet is held to, `tests/sizes.rs`).

use std::sync::OnceLock;

use super::font::GlyphMap;

/// Highest glyph id a one-byte code can show.
pub(super) const ONE_BYTE_MAX: u16 = 0xFF;

/// The name the one-byte encoding's CMap gives itself.
const NAME: &str = "rx-Identity-1byte";

/// An encoding CMap for a Type0 font: codes of one byte, each the CID (the
/// subset's glyph id) of the same number. Compressed once per process: the
/// same stream goes into every sheet.
pub(super) fn one_byte_encoding() -> lopdf::Stream {
    static PACKED: OnceLock<lopdf::Stream> = OnceLock::new();
    PACKED
        .get_or_init(|| {
            let mut info = lopdf::Dictionary::new();
            info.set("Registry", lopdf::Object::string_literal("Adobe"));
            info.set("Ordering", lopdf::Object::string_literal("Identity"));
            info.set("Supplement", 0);
            let mut dict = lopdf::Dictionary::new();
            dict.set("Type", lopdf::Object::Name(b"CMap".to_vec()));
            dict.set("CMapName", lopdf::Object::Name(NAME.as_bytes().to_vec()));
            dict.set("CIDSystemInfo", info);
            let program = format!(
                "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n\
                 /CMapName /{NAME} def\n/CMapType 1 def\n\
                 1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
                 1 begincidrange\n<00> <FF> 0\nendcidrange\n\
                 endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
            );
            let mut stream = lopdf::Stream::new(dict, program.into_bytes());
            super::pack(&mut stream);
            stream
        })
        .clone()
}

/// A `/ToUnicode` CMap for `map`'s glyphs (already the subset's ids), with
/// codes of one byte or two, as `map.one_byte` says. Each glyph stands for the first character
/// drawn with it, or for its shaped text; runs of glyphs standing for
/// consecutive characters are written as one range.
pub(super) fn to_unicode(map: &GlyphMap) -> Vec<u8> {
    let one_byte = map.one_byte;
    let mut texts: std::collections::BTreeMap<u16, String> = std::collections::BTreeMap::new();
    for (ch, glyph) in map.iter() {
        texts.entry(glyph).or_insert_with(|| ch.to_string());
    }
    for (glyph, text) in map.extra() {
        texts.entry(glyph).or_insert_with(|| text.to_owned());
    }

    // (first glyph, last glyph, text of the first).
    let mut ranges: Vec<(u16, u16, u16)> = Vec::new();
    let mut singles: Vec<(u16, &str)> = Vec::new();
    for (&glyph, text) in &texts {
        let unit = single_unit(text);
        if let (Some(unit), Some(last)) = (unit, ranges.last_mut())
            && glyph == last.1 + 1
            && u32::from(unit) == u32::from(last.2) + u32::from(glyph - last.0)
            // A range varies only the codes' and the text's last byte.
            && glyph >> 8 == last.0 >> 8
            && unit >> 8 == last.2 >> 8
        {
            last.1 = glyph;
            continue;
        }
        match unit {
            Some(unit) => ranges.push((glyph, glyph, unit)),
            None => singles.push((glyph, text)),
        }
    }
    // A one-glyph range is written as a single.
    let (ranges, ones): (Vec<_>, Vec<_>) = ranges.into_iter().partition(|r| r.1 > r.0);
    let mut chars: Vec<(u16, &str)> = singles
        .into_iter()
        .chain(ones.into_iter().map(|(g, _, _)| (g, texts[&g].as_str())))
        .collect();
    crate::order::sort(&mut chars);

    let code = |out: &mut String, glyph: u16| {
        if one_byte {
            out.push_str(&format!("<{glyph:02X}>"));
        } else {
            out.push_str(&format!("<{glyph:04X}>"));
        }
    };
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n",
    );
    out.push_str(if one_byte {
        "<00> <FF>"
    } else {
        "<0000> <FFFF>"
    });
    out.push_str("\nendcodespacerange\n");
    // At most 100 entries a section (ISO 32000-2, 9.10.3).
    for chunk in ranges.chunks(100) {
        out.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for &(first, last, unit) in chunk {
            code(&mut out, first);
            out.push(' ');
            code(&mut out, last);
            out.push_str(&format!(" <{unit:04X}>\n"));
        }
        out.push_str("endbfrange\n");
    }
    for chunk in chars.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (glyph, text) in chunk {
            code(&mut out, *glyph);
            out.push_str(" <");
            for unit in text.encode_utf16() {
                out.push_str(&format!("{unit:04X}"));
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// The one UTF-16 unit `text` is, if it is a single character of the Basic
/// Multilingual Plane.
fn single_unit(text: &str) -> Option<u16> {
    let mut units = text.encode_utf16();
    match (units.next(), units.next()) {
        (Some(unit), None) => Some(unit),
        _ => None,
    }
}
