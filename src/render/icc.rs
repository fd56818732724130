//! The sRGB colour profile of a PDF/A sheet's output intent: a compact ICC
//! v4.2 display profile built here, byte for byte, from the numbers of the
//! sRGB standard (IEC 61966-2-1), so no profile file is bundled and no
//! third party's licence applies.
//!
//! Why built and not copied: the smallest sRGB profiles in circulation
//! (about 480 bytes, e.g. the "compact ICC profiles" of Clinton Ingram, CC0)
//! hold exactly these tags; the ones system libraries ship (colord's, 3 KB
//! and more) carry 1024-point curves and long descriptions that a PDF/A
//! reader does not need. The profile is a matrix and one parametric curve
//! (`para` type 3, the sRGB curve exactly), so it describes sRGB as well as
//! any larger one.
//!
//! Layout (ICC.1:2004-10): a 128-byte header, a tag table, then the tags,
//! each on a 4-byte boundary: `desc` and `cprt` (`mluc`, English), `wtpt`
//! (the D50 PCS white, as v4 requires), the three primaries adapted to D50
//! (Bradford), one `para` curve shared by `rTRC`, `gTRC` and `bTRC`, and
//! `chad`, the Bradford D65 -> D50 matrix the primaries were adapted with.

/// The profile's description, as a reader shows it.
pub const DESCRIPTION: &str = "sRGB";

/// The profile's bytes; the same on every call.
pub fn srgb() -> Vec<u8> {
    let desc = mluc(DESCRIPTION);
    let cprt = mluc("No copyright, use freely");
    let wtpt = xyz([0.9642, 1.0, 0.8249]);
    // sRGB's primaries adapted from D65 to D50 with Bradford, as every sRGB
    // profile gives them.
    let red = xyz([0.436_074_7, 0.222_504_5, 0.013_932_2]);
    let green = xyz([0.385_064_9, 0.716_878_6, 0.097_104_5]);
    let blue = xyz([0.143_080_4, 0.060_616_9, 0.714_173_3]);
    // Y = (aX + b)^g for X >= d, else cX: the sRGB curve.
    let mut curve = tag(b"para");
    curve.extend_from_slice(&3u16.to_be_bytes());
    curve.extend_from_slice(&[0, 0]);
    for v in [2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045] {
        curve.extend_from_slice(&fixed(v));
    }
    let mut chad = tag(b"sf32");
    for v in [
        1.047_811_2,
        0.022_886_6,
        -0.050_127_0,
        0.029_542_4,
        0.990_484_4,
        -0.017_049_1,
        -0.009_234_5,
        0.015_043_6,
        0.752_131_6,
    ] {
        chad.extend_from_slice(&fixed(v));
    }
    // Each tag's data once; the three curves point at the same bytes.
    let data: [&[u8]; 8] = [&desc, &cprt, &wtpt, &red, &green, &blue, &curve, &chad];
    let tags: [(&[u8; 4], usize); 10] = [
        (b"desc", 0),
        (b"cprt", 1),
        (b"wtpt", 2),
        (b"rXYZ", 3),
        (b"gXYZ", 4),
        (b"bXYZ", 5),
        (b"rTRC", 6),
        (b"gTRC", 6),
        (b"bTRC", 6),
        (b"chad", 7),
    ];
    let mut offsets = Vec::new();
    let mut at = 128 + 4 + 12 * tags.len();
    for d in data {
        offsets.push(at);
        at += d.len().next_multiple_of(4);
    }
    let size = at;

    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&(size as u32).to_be_bytes());
    out.extend_from_slice(&[0; 4]); // preferred CMM: none
    out.extend_from_slice(&[4, 0x20, 0, 0]); // version 4.2
    out.extend_from_slice(b"mntrRGB XYZ ");
    // Created 2026-12-07 00:00:00: fixed, so every sheet's bytes are too.
    for n in [2026u16, 12, 7, 0, 0, 0] {
        out.extend_from_slice(&n.to_be_bytes());
    }
    out.extend_from_slice(b"acsp");
    out.extend_from_slice(&[0; 24]); // platform, flags, maker, model, attributes
    out.extend_from_slice(&[0; 4]); // perceptual intent
    out.extend_from_slice(&wtpt[8..20]); // the PCS illuminant, D50
    out.extend_from_slice(&[0; 4]); // creator
    out.extend_from_slice(&[0; 16]); // profile id: not computed (allowed)
    out.extend_from_slice(&[0; 28]);
    out.extend_from_slice(&(tags.len() as u32).to_be_bytes());
    for (signature, i) in tags {
        out.extend_from_slice(signature);
        out.extend_from_slice(&(offsets[i] as u32).to_be_bytes());
        out.extend_from_slice(&(data[i].len() as u32).to_be_bytes());
    }
    for d in data {
        out.extend_from_slice(d);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    debug_assert_eq!(out.len(), size);
    out
}

/// A tag's type signature and its four reserved bytes.
fn tag(kind: &[u8; 4]) -> Vec<u8> {
    let mut out = kind.to_vec();
    out.extend_from_slice(&[0; 4]);
    out
}

/// An `XYZ ` tag of one colour.
fn xyz(values: [f64; 3]) -> Vec<u8> {
    let mut out = tag(b"XYZ ");
    for v in values {
        out.extend_from_slice(&fixed(v));
    }
    out
}

/// A `mluc` tag of one US English text.
fn mluc(text: &str) -> Vec<u8> {
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut out = tag(b"mluc");
    out.extend_from_slice(&1u32.to_be_bytes()); // one record
    out.extend_from_slice(&12u32.to_be_bytes()); // of 12 bytes
    out.extend_from_slice(b"enUS");
    out.extend_from_slice(&(utf16.len() as u32).to_be_bytes());
    out.extend_from_slice(&28u32.to_be_bytes()); // the text follows the record
    out.extend_from_slice(&utf16);
    out
}

/// An `s15Fixed16Number`.
fn fixed(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::srgb;

    fn u32_at(bytes: &[u8], at: usize) -> usize {
        u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize
    }

    /// The header a PDF/A checker reads (size, version 4, display class,
    /// RGB data, XYZ connection space, the `acsp` signature, D50), and a tag
    /// table whose every tag lies inside the profile on a 4-byte boundary,
    /// starting with the type its signature needs.
    #[test]
    fn the_srgb_profile_is_a_well_formed_rgb_display_profile() {
        let icc = srgb();
        assert_eq!(u32_at(&icc, 0), icc.len());
        assert!(icc.len() < 600, "{} bytes", icc.len());
        assert_eq!(icc[8], 4);
        assert_eq!(&icc[12..24], b"mntrRGB XYZ ");
        assert_eq!(&icc[36..40], b"acsp");
        assert_eq!(
            &icc[68..80],
            &[0, 0, 0xF6, 0xD6, 0, 1, 0, 0, 0, 0, 0xD3, 0x2D]
        );
        let count = u32_at(&icc, 128);
        let mut seen = Vec::new();
        for i in 0..count {
            let entry = 132 + 12 * i;
            let (signature, offset, size) = (
                &icc[entry..entry + 4],
                u32_at(&icc, entry + 4),
                u32_at(&icc, entry + 8),
            );
            assert_eq!(offset % 4, 0);
            assert!(offset + size <= icc.len());
            let kind: &[u8] = match signature {
                b"desc" | b"cprt" => b"mluc",
                b"rTRC" | b"gTRC" | b"bTRC" => b"para",
                b"chad" => b"sf32",
                _ => b"XYZ ",
            };
            assert_eq!(&icc[offset..offset + 4], kind);
            seen.push(signature.to_vec());
        }
        for needed in [
            b"desc", b"cprt", b"wtpt", b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC",
        ] {
            assert!(seen.contains(&needed.to_vec()), "{needed:?}");
        }
        assert_eq!(srgb(), icc);
    }
}
