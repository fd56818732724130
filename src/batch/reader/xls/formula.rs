//! A formula's tokens (`rgce`) -> the most text calamine 0.32 writes for
//! it, or what in it would stop calamine with a panic rather than a
//! message. Tokens are walked as calamine walks them, each one's bytes
//! checked before calamine would read them.

use super::globals::Globals;
use crate::batch::reader::cfb::{u16_at, u32_at};

/// Most bytes calamine writes for one formula before rx refuses it (Excel
/// itself keeps formulas to 8,192 characters).
const MAX_FORMULA: u64 = 64 * 1024;

/// A formula's tokens (`rgce`), walked as calamine writes them out: the
/// most bytes of text it can give, or what in it would stop calamine short
/// of a message (a token cut short, a number that overflows).
pub(super) fn text(rgce: &[u8], g: &Globals) -> Result<u64, String> {
    let cut = || "is cut short".to_owned();
    if rgce.len() < 2 {
        return Err(cut());
    }
    let cce = usize::from(u16_at(rgce, 0));
    let mut rest = rgce.get(2..2 + cce).ok_or_else(cut)?;
    // calamine's message for a formula it cannot write out.
    let mut text = 128u64;
    let mut inserted = 0u64;
    let sheet = g.longest_name.max(4) + 2;
    while let Some((&ptg, after)) = rest.split_first() {
        rest = after;
        let (needs, adds) = match ptg {
            0x3a | 0x5a | 0x7a => {
                if rest.len() >= 4 && u16_at(rest, 2) == 0xFFFF {
                    return Err("refers to a row past the last".to_owned());
                }
                (6, sheet + 16)
            }
            0x3b | 0x5b | 0x7b => (10, sheet + 32),
            0x3c | 0x5c | 0x7c => (6, sheet + 6),
            0x3d | 0x5d | 0x7d => (10, sheet + 6),
            0x01 => (4, 0),
            0x03..=0x11 => (0, 2),
            0x12..=0x14 => {
                inserted += 1;
                (0, 1)
            }
            0x15 => {
                inserted += 2;
                (0, 2)
            }
            0x16 => (0, 0),
            0x17 => {
                let cch = usize::from(*rest.first().ok_or_else(cut)?);
                (cch + 2, 2 + cch as u64 * g.widen)
            }
            0x18 => (5, 0),
            0x19 => match rest.first() {
                None => return Err(cut()),
                Some(0x01 | 0x02 | 0x08 | 0x20 | 0x21) => (3, 0),
                Some(0x04) => {
                    let n = rest.get(1..3).map(|n| u16_at(n, 0)).ok_or_else(cut)?;
                    (3 + 2 * (usize::from(n) + 1), 0)
                }
                Some(0x10) => (3, 5),
                Some(0x40 | 0x41) => {
                    let space = rest.get(1..3).ok_or_else(cut)?;
                    if space[0] > 0x06 {
                        break;
                    }
                    inserted += u64::from(space[1]);
                    (3, u64::from(space[1]))
                }
                Some(_) => break,
            },
            0x1C => match rest.first() {
                None => return Err(cut()),
                Some(0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B) => (1, 14),
                Some(_) => break,
            },
            0x1D => (1, 5),
            0x1E => (2, 5),
            // A number, written out in full (1e-300 is 300 digits).
            0x1F => (8, 330),
            0x20 | 0x40 | 0x60 => (7, 10),
            0x21 | 0x41 | 0x61 => {
                let index = rest.get(..2).map(|i| u16_at(i, 0)).ok_or_else(cut)?;
                match index {
                    485 => return Err("names a function past calamine's table".to_owned()),
                    486.. => break,
                    _ => (2, 32 + 255),
                }
            }
            0x22 | 0x42 | 0x62 => {
                let args = rest.get(..3).ok_or_else(cut)?;
                if args[0] == 0 && u16_at(args, 1) >= 485 {
                    return Err("names a function past calamine's table".to_owned());
                }
                (3, 32 + u64::from(args[0]))
            }
            0x23 | 0x43 | 0x63 => {
                if rest.len() >= 4 && u32_at(rest, 0) == 0 {
                    return Err("names defined name 0".to_owned());
                }
                (4, g.longest_name + 8)
            }
            0x24 | 0x44 | 0x64 => {
                if rest.len() >= 2 && u16_at(rest, 0) == 0xFFFF {
                    return Err("refers to a row past the last".to_owned());
                }
                (4, 16)
            }
            0x25 | 0x45 | 0x65 => (8, 32),
            0x2A | 0x4A | 0x6A => (4, 5),
            0x2B | 0x4B | 0x6B => (8, 5),
            0x39 | 0x59 => (6, 10),
            // calamine stops at a token it does not know, with a message.
            _ => break,
        };
        if rest.len() < needs {
            return Err(cut());
        }
        rest = &rest[needs..];
        text += adds;
    }
    // calamine inserts some of the text one character at a time: past
    // these sizes the inserts alone take minutes.
    if text > MAX_FORMULA || inserted.saturating_mul(text) > 1 << 32 {
        return Err(format!("is too long: more than {MAX_FORMULA} characters"));
    }
    Ok(text)
}
