//! The workbook's own records (before its sheets') -> what the sheets'
//! walk needs: where each sheet starts, the bytes each shared text takes,
//! and how wide text may grow. A record calamine would read past its end
//! is refused here, and a FILEPASS (a password) too.

use super::records::{Record, Records};
use super::{Fault, MAX_CELLS, MAX_TEXT};
use crate::batch::reader::cfb::{u16_at, u32_at};

/// What the workbook's global records tell the sheets' walk.
pub(super) struct Globals {
    /// Each sheet's start in the stream, and name.
    pub sheets: Vec<(usize, String)>,
    /// Each shared string's text bytes as calamine holds it (0: empty,
    /// which calamine gives no cell).
    pub strings: Vec<u64>,
    /// Most bytes of text one character of the file may become (UTF-16
    /// text is at most 3; another code page's, widened first, at most 6).
    pub widen: u64,
    /// Most bytes of a sheet's name and of a defined name, as a formula
    /// may write either out.
    pub longest_name: u64,
    /// Whether strings carry their high-byte flag (BIFF8).
    pub biff8: bool,
    /// Text bytes calamine holds for the globals.
    pub text: u64,
}

/// The workbook's global records, up to their EOF.
pub(super) fn read(stream: &[u8]) -> Result<Globals, Fault> {
    let mut g = Globals {
        sheets: Vec::new(),
        strings: Vec::new(),
        widen: 3,
        longest_name: 0,
        biff8: true,
        text: 0,
    };
    for record in (Records { stream, at: 0 }) {
        let mut r = record?;
        match r.typ {
            0x002F => return Err(Fault::Locked),
            0x0042 => {
                // CODEPAGE: text in another code page is widened to UTF-16
                // before it is decoded.
                let codepage = u16_at(r.at_least(2, "CODEPAGE")?, 0);
                if codepage != 1200 {
                    g.widen = 6;
                }
            }
            0x0022 => {
                r.at_least(2, "DATE1904")?;
            }
            0x0809 => {
                let data = r.at_least(2, "BOF")?;
                let version = u16_at(data, 0);
                let dt = if data.len() >= 4 { u16_at(data, 2) } else { 0 };
                g.biff8 = match version {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => dt != 0x1000,
                    _ => true,
                };
            }
            0x0085 => {
                // BOUNDSHEET: where a sheet's records start, and its name.
                let data = r.at_least(8, "BOUNDSHEET")?;
                let at = u32_at(data, 0) as usize;
                if at > stream.len() {
                    return Err(Fault::Damaged(format!(
                        "a sheet is said to start at byte {at}, past the stream's end ({})",
                        stream.len()
                    )));
                }
                let bytes = u64::from(data[6]) * g.widen;
                g.longest_name = g.longest_name.max(bytes);
                g.text += bytes;
                let name = sheet_name(data);
                g.sheets.push((at, name));
            }
            0x0018 => name(&r, &mut g)?,
            0x0017 => {
                // EXTERNSHEET: calamine reads its entries six bytes each.
                let data = r.at_least(2, "EXTERNSHEET")?;
                let count = usize::from(u16_at(data, 0));
                if count > (data.len() - 2) / 6 && (data.len() - 2) % 6 != 0 {
                    return Err(r.short("EXTERNSHEET"));
                }
            }
            0x00FC => {
                let (strings, text) = shared_strings(&mut r, g.widen)?;
                g.strings = strings;
                g.text += text;
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(g)
}

/// A BOUNDSHEET's sheet name, for messages: UTF-16 or one byte a
/// character by its flag byte, as calamine decodes a UTF-16 workbook's.
fn sheet_name(data: &[u8]) -> String {
    let cch = usize::from(data[6]);
    let text = &data[8..];
    let name: String = if data[7] & 1 != 0 {
        let units: Vec<u16> = text
            .chunks_exact(2)
            .take(cch)
            .map(|u| u16::from_le_bytes([u[0], u[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        text.iter().take(cch).map(|&b| char::from(b)).collect()
    };
    name.replace('\0', "")
}

/// A defined name (LBL): calamine reads its name and the first token of
/// its formula without checking the record is long enough for them.
fn name(r: &Record, g: &mut Globals) -> Result<(), Fault> {
    let data = r.at_least(15, "NAME")?;
    let cch = usize::from(data[3]);
    let cce = usize::from(u16_at(data, 4));
    if data.len() < 15 + cch || cce > data.len() {
        return Err(r.short("NAME"));
    }
    let rgce = &data[data.len() - cce..];
    let needs = match rgce.first() {
        Some(0x3a | 0x5a | 0x7a) => 7,
        Some(0x3b | 0x5b | 0x7b) => 11,
        Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d) => 3,
        _ => 0,
    };
    if rgce.len() < needs {
        return Err(r.short("NAME"));
    }
    let bytes = cch as u64 * g.widen;
    g.longest_name = g.longest_name.max(bytes);
    // The name and its formula (at most a sheet's name and two cells).
    g.text += bytes + 2 * g.longest_name + 32;
    Ok(())
}

/// The shared strings (SST), walked as calamine reads them: each
/// string's text bytes, and the bytes calamine holds for them all.
fn shared_strings(r: &mut Record, widen: u64) -> Result<(Vec<u64>, u64), Fault> {
    let data = r.at_least(8, "SST")?;
    let declared = u32_at(data, 4);
    if u64::from(declared) > MAX_CELLS {
        return Err(Fault::TooLarge(format!(
            "the workbook says it holds {declared} different texts"
        )));
    }
    r.data = &data[8..];
    let mut strings = Vec::new();
    let mut text = 0u64;
    while !r.data.is_empty() || r.next_part() {
        let bytes = rich_string(r, widen)?;
        // calamine's Vec of them: 24 bytes a string, and its text.
        text += 24 + bytes;
        if text > MAX_TEXT {
            return Err(Fault::TooLarge(format!(
                "the workbook's texts come to more than {} MiB",
                MAX_TEXT / (1024 * 1024)
            )));
        }
        strings.push(bytes);
    }
    Ok((strings, text))
}

/// One string of the SST (`XLUnicodeRichExtendedString`): the bytes
/// calamine holds for it (0 when it is empty).
fn rich_string(r: &mut Record, widen: u64) -> Result<u64, Fault> {
    if r.data.is_empty() {
        return Ok(0);
    }
    let data = r.at_least(3, "SST")?;
    let cch = usize::from(u16_at(data, 0));
    let flags = data[2];
    r.data = &data[3..];
    let mut runs = 0usize;
    if flags & 0x8 != 0 {
        runs = usize::from(u16_at(r.at_least(2, "SST")?, 0)) * 4;
        r.data = &r.data[2..];
    }
    let mut extra = 0usize;
    if flags & 0x4 != 0 {
        // calamine reads it as a signed number; a negative one runs to the
        // end of the record and stops there.
        extra =
            i32::from_le_bytes(r.at_least(4, "SST")?[..4].try_into().expect("4 bytes")) as usize;
        r.data = &r.data[4..];
    }
    let mut wide = flags & 0x1 != 0;
    let mut left = cch;
    let mut chars = 0usize;
    while left > 0 {
        let took = if wide {
            (r.data.len() / 2).min(left)
        } else {
            r.data.len().min(left)
        };
        r.data = &r.data[if wide { 2 * took } else { took }..];
        left -= took;
        chars += took;
        if left > 0 {
            if !r.next_part() {
                return Err(Fault::Damaged(format!(
                    "a text in the record at byte {} runs past its end",
                    r.at
                )));
            }
            let part = r.at_least(1, "CONTINUE")?;
            wide = part[0] & 0x1 != 0;
            r.data = &part[1..];
        }
    }
    for mut skip in [runs, extra] {
        while skip > 0 {
            if r.data.is_empty() && !r.next_part() {
                return Err(Fault::Damaged(format!(
                    "a text in the record at byte {} runs past its end",
                    r.at
                )));
            }
            let n = skip.min(r.data.len());
            r.data = &r.data[n..];
            skip -= n;
        }
    }
    Ok(if cch == 0 {
        0
    } else {
        (chars as u64 * widen).max(cch as u64)
    })
}
