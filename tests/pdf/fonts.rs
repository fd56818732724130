//! Fonts as rx writes them: Type0 with a CIDFont's `/W` widths and a
//! `/ToUnicode` CMap, read into what text extraction needs. The encoding is
//! Identity-H (two-byte codes) or rx's one-byte identity CMap (codes
//! `<00>`..`<FF>`, each the CID of the same number); nothing else is read.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{Font, dict, inherited, name};

/// A font as a page's text needs it.
pub(super) struct PageFont {
    pub(super) font: Font,
    /// Bytes a code takes: 2 (Identity-H) or 1 (rx's one-byte CMap). A
    /// code is its glyph's CID either way.
    pub(super) code_bytes: usize,
    /// Code (big-endian) to its Unicode text.
    pub(super) unicode: BTreeMap<u32, String>,
    /// Code to advance width in thousandths of an em; `default` otherwise.
    pub(super) widths: BTreeMap<u32, f32>,
    pub(super) default: f32,
}

/// The page's `/Font` resources by resource name.
pub(super) fn page_fonts(
    doc: &Document,
    page: ObjectId,
) -> Result<BTreeMap<Vec<u8>, PageFont>, String> {
    let resources = dict(doc, inherited(doc, page, b"Resources")?)?;
    let Ok(fonts) = resources.get(b"Font") else {
        return Ok(BTreeMap::new());
    };
    let mut out = BTreeMap::new();
    for (key, font) in dict(doc, fonts)?.iter() {
        let label = String::from_utf8_lossy(key);
        let font = read_font(doc, dict(doc, font)?).map_err(|e| format!("font /{label}: {e}"))?;
        out.insert(key.clone(), font);
    }
    Ok(out)
}

fn read_font(doc: &Document, font: &Dictionary) -> Result<PageFont, String> {
    let get = |key: &[u8]| {
        font.get(key)
            .map_err(|_| format!("no /{}", String::from_utf8_lossy(key)))
    };
    let base = name(get(b"BaseFont")?)?;
    let subtype = name(get(b"Subtype")?)?;
    if subtype != "Type0" {
        return Err(format!("{base} is {subtype}; only Type0 is read"));
    }
    let code_bytes = match get(b"Encoding")? {
        Object::Name(n) if n == b"Identity-H" => 2,
        Object::Reference(id) => {
            let cmap = doc
                .get_object(*id)
                .and_then(Object::as_stream)
                .and_then(|s| s.get_plain_content())
                .map_err(|e| format!("/Encoding: {e}"))?;
            one_byte_identity(&cmap).map_err(|e| format!("{base} /Encoding: {e}"))?;
            1
        }
        other => return Err(format!("{base}: /Encoding {other:?} is not read")),
    };
    let descendants = doc
        .dereference(get(b"DescendantFonts")?)
        .and_then(|(_, o)| o.as_array())
        .map_err(|e| format!("/DescendantFonts: {e}"))?;
    let [cid] = descendants.as_slice() else {
        return Err("/DescendantFonts must hold one font".into());
    };
    let cid = dict(doc, cid)?;
    let descriptor = dict(
        doc,
        cid.get(b"FontDescriptor")
            .map_err(|_| "no /FontDescriptor")?,
    )?;
    let embedded = [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
        .iter()
        .any(|k| {
            descriptor
                .get_deref(k, doc)
                .is_ok_and(|o| o.as_stream().is_ok())
        });
    let (unicode, has_map) = match font.get(b"ToUnicode") {
        Ok(map) => {
            let stream = doc
                .dereference(map)
                .and_then(|(_, o)| o.as_stream())
                .map_err(|e| format!("/ToUnicode: {e}"))?;
            let cmap = stream
                .get_plain_content()
                .map_err(|e| format!("/ToUnicode: {e}"))?;
            (
                to_unicode(&cmap, code_bytes).map_err(|e| format!("/ToUnicode: {e}"))?,
                true,
            )
        }
        Err(_) => (BTreeMap::new(), false),
    };
    let default = match cid.get(b"DW") {
        Ok(dw) => dw.as_float().map_err(|e| format!("/DW: {e}"))?,
        Err(_) => 1000.0,
    };
    let widths = match cid.get(b"W") {
        Ok(w) => cid_widths(doc, w).map_err(|e| format!("/W: {e}"))?,
        Err(_) => BTreeMap::new(),
    };
    Ok(PageFont {
        font: Font {
            name: base,
            embedded,
            unicode: has_map,
        },
        code_bytes,
        unicode,
        widths,
        default,
    })
}

/// Checks that an encoding CMap is rx's one-byte identity: one code space
/// `<00>`..`<FF>` and one range mapping it to CIDs 0..255.
fn one_byte_identity(cmap: &[u8]) -> Result<(), String> {
    let tokens = cmap_tokens(cmap)?;
    let section = |begin: &str, end: &str| -> Result<Vec<&Token>, String> {
        let word = |w: &str| Token::Word(w.into());
        let from = tokens.iter().position(|t| *t == word(begin));
        let to = tokens.iter().position(|t| *t == word(end));
        match (from, to) {
            (Some(from), Some(to)) if from < to => Ok(tokens[from + 1..to].iter().collect()),
            _ => Err(format!("no {begin} .. {end}")),
        }
    };
    let (low, high) = (Token::Hex(vec![0x00]), Token::Hex(vec![0xFF]));
    if section("begincodespacerange", "endcodespacerange")? != [&low, &high] {
        return Err("a code space other than <00> <FF>".into());
    }
    if section("begincidrange", "endcidrange")? != [&low, &high, &Token::Word("0".into())] {
        return Err("CIDs other than <00> <FF> 0".into());
    }
    if tokens
        .iter()
        .any(|t| *t == Token::Word("begincidchar".into()))
    {
        return Err("a cidchar section".into());
    }
    Ok(())
}

/// A CIDFont's `/W` array: `c [w1 w2 ...]` and `c_first c_last w` entries.
fn cid_widths(doc: &Document, w: &Object) -> Result<BTreeMap<u32, f32>, String> {
    let items = doc
        .dereference(w)
        .and_then(|(_, o)| o.as_array())
        .map_err(|e| e.to_string())?;
    let int = |o: &Object| -> Result<u32, String> {
        let v = o.as_i64().map_err(|e| e.to_string())?;
        u32::try_from(v).map_err(|_| format!("code {v}"))
    };
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < items.len() {
        let first = int(&items[i])?;
        match items.get(i + 1) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    let width = width.as_float().map_err(|e| e.to_string())?;
                    out.insert(first + k as u32, width);
                }
                i += 2;
            }
            Some(last) => {
                let last = int(last)?;
                let width = items
                    .get(i + 2)
                    .ok_or("a range without a width")?
                    .as_float()
                    .map_err(|e| e.to_string())?;
                for code in first..=last {
                    out.insert(code, width);
                }
                i += 3;
            }
            None => return Err("a code without widths".into()),
        }
    }
    Ok(out)
}

/// A `/ToUnicode` CMap's codes of `bytes` bytes and their text (`bfchar`
/// and `bfrange` sections).
fn to_unicode(cmap: &[u8], bytes: usize) -> Result<BTreeMap<u32, String>, String> {
    let tokens = cmap_tokens(cmap)?;
    let code = |t: &Token| match t {
        Token::Hex(b) if b.len() == bytes => {
            Ok(b.iter().fold(0u32, |code, &b| code << 8 | u32::from(b)))
        }
        other => Err(format!("expected a {bytes}-byte code, found {other:?}")),
    };
    let text = |t: &Token| match t {
        Token::Hex(b) if b.len() % 2 == 0 => {
            let units: Vec<u16> = b
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).map_err(|e| format!("{b:02X?}: {e}"))
        }
        other => Err(format!("expected UTF-16 text, found {other:?}")),
    };
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Word(w) if w == "beginbfchar" => {
                i += 1;
                while tokens.get(i) != Some(&Token::Word("endbfchar".into())) {
                    let (src, dst) = (tokens.get(i), tokens.get(i + 1));
                    let (Some(src), Some(dst)) = (src, dst) else {
                        return Err("unfinished bfchar".into());
                    };
                    out.insert(code(src)?, text(dst)?);
                    i += 2;
                }
            }
            Token::Word(w) if w == "beginbfrange" => {
                i += 1;
                while tokens.get(i) != Some(&Token::Word("endbfrange".into())) {
                    let (Some(lo), Some(hi), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                    else {
                        return Err("unfinished bfrange".into());
                    };
                    let (lo, hi) = (code(lo)?, code(hi)?);
                    i += 3;
                    if *dst == Token::Open {
                        for c in lo..=hi {
                            out.insert(c, text(tokens.get(i).ok_or("unfinished array")?)?);
                            i += 1;
                        }
                        if tokens.get(i) != Some(&Token::Close) {
                            return Err("bfrange array of the wrong length".into());
                        }
                        i += 1;
                    } else {
                        let first = text(dst)?;
                        let mut units: Vec<u16> = first.encode_utf16().collect();
                        for c in lo..=hi {
                            out.insert(c, String::from_utf16(&units).map_err(|e| e.to_string())?);
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(out)
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(String),
}

/// The tokens of a CMap that matter here: hex strings, array brackets and
/// bare words; comments, names, numbers and literal strings as words.
fn cmap_tokens(cmap: &[u8]) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cmap.len() {
        match cmap[i] {
            b'%' => {
                while i < cmap.len() && cmap[i] != b'\n' && cmap[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if cmap.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if cmap.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = i + cmap[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .ok_or("unclosed <")?;
                let digits: Vec<u8> = cmap[i + 1..end]
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .copied()
                    .collect();
                let hex = std::str::from_utf8(&digits).map_err(|e| e.to_string())?;
                if hex.len() % 2 != 0 {
                    return Err(format!("odd hex string <{hex}>"));
                }
                let bytes = (0..hex.len())
                    .step_by(2)
                    .map(|k| u8::from_str_radix(&hex[k..k + 2], 16))
                    .collect::<Result<Vec<u8>, _>>()
                    .map_err(|e| format!("<{hex}>: {e}"))?;
                out.push(Token::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < cmap.len()
                    && !cmap[i].is_ascii_whitespace()
                    && !b"[]<>%".contains(&cmap[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push(Token::Word(
                    String::from_utf8_lossy(&cmap[start..i]).into_owned(),
                ));
            }
        }
    }
    Ok(out)
}
