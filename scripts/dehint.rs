//! De-hints a TrueType font: `dehint IN.ttf OUT.ttf`.
//!
//! Removes the `fpgm`, `prep` and `cvt ` tables and every glyph's
//! instructions, exactly as rx did to each subset at render time until the
//! bundled fonts were de-hinted once with this program (see
//! fonts/PROVENANCE.md and scripts/dehint-fonts). It also drops `DSIG`, a
//! digital signature that no longer matches once the font is changed.
//! Outlines, advances and every other table are copied unchanged.
//!
//! Standard library only, so `rustc -O scripts/dehint.rs` builds it.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: dehint IN.ttf OUT.ttf");
        return ExitCode::from(2);
    };
    let sfnt = match std::fs::read(input) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("dehint: {input}: {e}");
            return ExitCode::from(1);
        }
    };
    let Some(stripped) = strip_hints(&sfnt) else {
        eprintln!("dehint: {input}: not a TrueType (glyf) font laid out as expected");
        return ExitCode::from(1);
    };
    if let Err(e) = std::fs::write(output, stripped) {
        eprintln!("dehint: {output}: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The TrueType font `sfnt` without hinting: no `fpgm`, `prep` or `cvt `
/// table and no instructions in any glyph (and no `DSIG`). `None` if the
/// font is not laid out as expected.
fn strip_hints(sfnt: &[u8]) -> Option<Vec<u8>> {
    let be16 = |data: &[u8], at: usize| -> Option<u16> {
        Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
    };
    let be32 = |data: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
    };
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for i in 0..usize::from(be16(sfnt, 4)?) {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = sfnt.get(record..record + 4)?.try_into().ok()?;
        let offset = usize::try_from(be32(sfnt, record + 8)?).ok()?;
        let len = usize::try_from(be32(sfnt, record + 12)?).ok()?;
        if !matches!(&tag, b"fpgm" | b"prep" | b"cvt " | b"DSIG") {
            tables.push((tag, sfnt.get(offset..offset.checked_add(len)?)?.to_vec()));
        }
    }
    // The directory must be sorted by tag; `assemble_sfnt` keeps the order.
    tables.sort_by_key(|(tag, _)| *tag);
    let table = |tag: &[u8; 4]| tables.iter().position(|(t, _)| t == tag);
    let (head, loca, glyf, maxp) = (
        table(b"head")?,
        table(b"loca")?,
        table(b"glyf")?,
        table(b"maxp")?,
    );
    let glyphs = usize::from(be16(&tables[maxp].1, 4)?);
    let long = be16(&tables[head].1, 50)? == 1;
    let offset = |g: usize| -> Option<usize> {
        let loca = &tables[loca].1;
        if long {
            usize::try_from(be32(loca, 4 * g)?).ok()
        } else {
            Some(2 * usize::from(be16(loca, 2 * g)?))
        }
    };

    let old = &tables[glyf].1;
    let mut new = Vec::with_capacity(old.len());
    let mut offsets = Vec::with_capacity(glyphs + 1);
    for g in 0..glyphs {
        offsets.push(new.len());
        let glyph = old.get(offset(g)?..offset(g + 1)?)?;
        if glyph.is_empty() {
            continue;
        }
        let contours = be16(glyph, 0)?;
        if contours < 0x8000 {
            // Simple: header, contour ends, then the instructions, then the
            // points. Keep all but the instructions, their length now 0.
            let at = 10 + 2 * usize::from(contours);
            let len = usize::from(be16(glyph, at)?);
            new.extend_from_slice(&glyph[..at]);
            new.extend_from_slice(&[0, 0]);
            new.extend_from_slice(glyph.get(at + 2 + len..)?);
        } else {
            // Composite: component records, each saying whether another
            // follows; instructions, if flagged, come after the last one.
            let start = new.len();
            new.extend_from_slice(glyph.get(..10)?);
            let mut at = 10;
            loop {
                let flags = be16(glyph, at)?;
                let args = if flags & 0x0001 != 0 { 4 } else { 2 };
                let transform = match flags {
                    f if f & 0x0008 != 0 => 2,
                    f if f & 0x0040 != 0 => 4,
                    f if f & 0x0080 != 0 => 8,
                    _ => 0,
                };
                let end = at + 4 + args + transform;
                new.extend_from_slice(glyph.get(at..end)?);
                // WE_HAVE_INSTRUCTIONS off.
                let flags_out = &mut new[start + at..start + at + 2];
                flags_out.copy_from_slice(&(flags & !0x0100).to_be_bytes());
                at = end;
                if flags & 0x0020 == 0 {
                    break;
                }
            }
        }
        // Glyphs start on even offsets, as the short `loca` format requires.
        if new.len() % 2 == 1 {
            new.push(0);
        }
    }
    offsets.push(new.len());

    let short = new.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(offsets.len() * 4);
    for &o in &offsets {
        if short {
            new_loca.extend_from_slice(&u16::try_from(o / 2).ok()?.to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u32::try_from(o).ok()?.to_be_bytes());
        }
    }
    tables[glyf].1 = new;
    tables[loca].1 = new_loca;
    let head_table = &mut tables[head].1;
    head_table
        .get_mut(50..52)?
        .copy_from_slice(&[0, u8::from(!short)]);
    // checkSumAdjustment is recomputed over the whole font below.
    head_table.get_mut(8..12)?.copy_from_slice(&[0; 4]);

    Some(assemble_sfnt(sfnt.get(..4)?, &tables))
}

/// An sfnt file from its version tag and tables (sorted by tag):
/// directory, 4-byte-aligned tables, checksums.
fn assemble_sfnt(version: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    fn checksum(data: &[u8]) -> u32 {
        data.chunks(4).fold(0u32, |sum, chunk| {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            sum.wrapping_add(u32::from_be_bytes(word))
        })
    }
    // At most a few dozen tables.
    let count = tables.len() as u16;
    let selector = 15 - count.max(1).leading_zeros() as u16;
    let range = 16 << selector;
    let mut out = Vec::new();
    out.extend_from_slice(version);
    for v in [count, range, selector, count * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        // Fonts are far below 4 GB.
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}
