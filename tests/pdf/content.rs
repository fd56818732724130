//! A page's content stream interpreted: the text it shows (position,
//! width, size, font, Unicode text) and the pictures it draws, and the
//! marked content each is in. Every operator that paints (text, a path, a
//! picture) must be in marked content with an MCID or in an `/Artifact`,
//! and no marked content may straddle a `BT`..`ET`: what a tagged PDF
//! needs for a screen reader to read it all and only once.

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

use super::fonts::{PageFont, page_fonts};
use super::{Image, Marked, Run, dict, inherited, name, page_content};

/// One open marked-content sequence: what it marks, and whether it was
/// opened inside a text object.
#[derive(Debug, Clone, Copy)]
struct Open {
    marked: Marked,
    in_text: bool,
}

/// A page as read: its text runs, its pictures and the MCIDs its marked
/// content carries, in stream order.
pub(super) type ReadPage = (Vec<Run>, Vec<Image>, Vec<i64>);

/// The page's text runs and pictures, by interpreting its content stream.
pub(super) fn read_page(doc: &Document, id: ObjectId, page: usize) -> Result<ReadPage, String> {
    let fonts = page_fonts(doc, id)?;
    let content = page_content(doc, id)?;
    let content = Content::decode(&content).map_err(|e| format!("content stream: {e}"))?;
    // The text matrix and line matrix as [a b c d e f]; the current font.
    let identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let (mut tm, mut tlm) = (identity, identity);
    let mut font: Option<(&PageFont, f32)> = None;
    let mut leading = 0.0;
    let mut in_text = false;
    // Whether a `cm` is in force, per saved graphics state.
    let mut transformed = vec![false];
    let mut runs = Vec::new();
    let mut images = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut mcids = Vec::new();
    for op in &content.operations {
        // The innermost MCID or artifact around this operator.
        let marked = open
            .iter()
            .rev()
            .map(|o| o.marked)
            .find(|m| *m != Marked::None)
            .unwrap_or(Marked::None);
        let paints = matches!(
            op.operator.as_str(),
            "Tj" | "TJ"
                | "'"
                | "\""
                | "Do"
                | "S"
                | "s"
                | "f"
                | "F"
                | "f*"
                | "B"
                | "B*"
                | "b"
                | "b*"
                | "sh"
                | "BI"
        );
        if paints && marked == Marked::None {
            return Err(format!(
                "`{}` outside marked content with an MCID or an /Artifact",
                op.operator
            ));
        }
        let num = |i: usize| -> Result<f32, String> {
            op.operands
                .get(i)
                .ok_or_else(|| format!("`{}` without operand {i}", op.operator))?
                .as_float()
                .map_err(|e| format!("`{}`: {e}", op.operator))
        };
        let text_op = |in_text: bool| {
            if in_text {
                Ok(())
            } else {
                Err(format!("`{}` outside BT..ET", op.operator))
            }
        };
        match op.operator.as_str() {
            "q" => transformed.push(*transformed.last().unwrap_or(&false)),
            "Q" => {
                transformed.pop();
                if transformed.is_empty() {
                    return Err("`Q` without `q`".into());
                }
            }
            "cm" => {
                if let Some(top) = transformed.last_mut() {
                    *top = true;
                }
            }
            "BMC" | "BDC" => {
                let tag = op.operands.first().and_then(|o| o.as_name().ok());
                let mcid = match op.operands.get(1) {
                    Some(Object::Dictionary(d)) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                    _ => None,
                };
                let marked = match (tag, mcid) {
                    (Some(b"Artifact"), _) => Marked::Artifact,
                    (_, Some(mcid)) => {
                        mcids.push(mcid);
                        Marked::Mcid(mcid)
                    }
                    _ => Marked::None,
                };
                if marked != Marked::None && open.iter().any(|o| o.marked != Marked::None) {
                    return Err(format!("`{}` nested in marked content", op.operator));
                }
                open.push(Open { marked, in_text });
            }
            "EMC" => {
                let Some(o) = open.pop() else {
                    return Err("`EMC` without `BMC`/`BDC`".into());
                };
                if o.in_text != in_text {
                    return Err("marked content straddles BT..ET".into());
                }
            }
            "BT" => {
                if in_text {
                    return Err("`BT` inside BT..ET".into());
                }
                in_text = true;
                (tm, tlm) = (identity, identity);
            }
            "ET" => {
                text_op(in_text)?;
                in_text = false;
            }
            "Tf" => {
                let resource = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .ok_or("`Tf` without a font name")?;
                let face = fonts.get(resource).ok_or_else(|| {
                    format!(
                        "`Tf` names /{}, not in the page's resources",
                        String::from_utf8_lossy(resource)
                    )
                })?;
                font = Some((face, num(1)?));
            }
            "TL" => leading = num(0)?,
            "Td" | "TD" => {
                text_op(in_text)?;
                let (tx, ty) = (num(0)?, num(1)?);
                if op.operator == "TD" {
                    leading = -ty;
                }
                tlm = translate(tlm, tx, ty);
                tm = tlm;
            }
            "T*" => {
                text_op(in_text)?;
                tlm = translate(tlm, 0.0, -leading);
                tm = tlm;
            }
            "Tm" => {
                text_op(in_text)?;
                tlm = [num(0)?, num(1)?, num(2)?, num(3)?, num(4)?, num(5)?];
                tm = tlm;
            }
            "Tj" | "TJ" | "'" => {
                text_op(in_text)?;
                if op.operator == "'" {
                    tlm = translate(tlm, 0.0, -leading);
                    tm = tlm;
                }
                if transformed.last() == Some(&true) {
                    return Err("text shown under a `cm`; this reader ignores the CTM".into());
                }
                if tm[0] != 1.0 || tm[1] != 0.0 || tm[2] != 0.0 || tm[3] != 1.0 {
                    return Err(format!("a scaled or rotated text matrix {tm:?}"));
                }
                let (face, size) = font.ok_or("text shown before `Tf`")?;
                let (start_x, start_y) = (tm[4], tm[5]);
                let mut text = String::new();
                let mut codes = Vec::new();
                let mut advance = 0.0;
                let parts: Vec<&Object> = match (op.operator.as_str(), op.operands.first()) {
                    ("TJ", Some(Object::Array(items))) => items.iter().collect(),
                    (_, Some(string @ Object::String(..))) => vec![string],
                    _ => return Err(format!("`{}` without a string", op.operator)),
                };
                for part in parts {
                    match part {
                        Object::String(bytes, _) => {
                            let width = face.code_bytes;
                            if bytes.len() % width != 0 {
                                return Err(format!(
                                    "a string of {} bytes under {}, whose codes are {width}",
                                    bytes.len(),
                                    face.font.name
                                ));
                            }
                            for chunk in bytes.chunks(width) {
                                let code = chunk.iter().fold(0u32, |c, &b| c << 8 | u32::from(b));
                                codes.push(code as u16);
                                let unicode = face.unicode.get(&code).ok_or_else(|| {
                                    format!(
                                        "glyph {code} of {} has no /ToUnicode entry",
                                        face.font.name
                                    )
                                })?;
                                text.push_str(unicode);
                                let w = face.widths.get(&code).copied().unwrap_or(face.default);
                                advance += w / 1000.0 * size;
                            }
                        }
                        adjust => {
                            let n = adjust.as_float().map_err(|e| format!("`TJ`: {e}"))?;
                            advance -= n / 1000.0 * size;
                        }
                    }
                }
                tm = translate(tm, advance, 0.0);
                runs.push(Run {
                    x: start_x,
                    y: start_y,
                    width: advance,
                    size,
                    font: face.font.name.clone(),
                    text,
                    codes,
                    marked,
                });
            }
            "\"" | "Tc" | "Tw" | "Tz" | "Ts" | "Tr" => {
                return Err(format!(
                    "`{}` is not read by tests/pdf/content.rs; extend it",
                    op.operator
                ));
            }
            "Do" => {
                let resource = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .ok_or("`Do` without a name")?;
                images.push(image(doc, id, resource, page)?);
            }
            _ => {}
        }
    }
    if in_text {
        return Err("BT without ET".into());
    }
    if !open.is_empty() {
        return Err("`BMC`/`BDC` without `EMC`".into());
    }
    let mut sorted = mcids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != mcids.len() {
        return Err(format!("an MCID marks two sequences: {mcids:?}"));
    }
    if transformed.len() != 1 {
        return Err("unbalanced q/Q".into());
    }
    Ok((runs, images, mcids))
}

/// `m` moved by (tx, ty) in its own space: `[1 0 0 1 tx ty] × m`.
fn translate(m: [f32; 6], tx: f32, ty: f32) -> [f32; 6] {
    let [a, b, c, d, e, f] = m;
    [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f]
}

/// The image XObject `/resource` of the page `id`.
fn image(doc: &Document, id: ObjectId, resource: &[u8], page: usize) -> Result<Image, String> {
    let label = String::from_utf8_lossy(resource).into_owned();
    let resources = dict(doc, inherited(doc, id, b"Resources")?)?;
    let xobjects = dict(
        doc,
        resources
            .get(b"XObject")
            .map_err(|_| "`Do` but no /XObject")?,
    )?;
    let object = xobjects
        .get(resource)
        .map_err(|_| format!("`Do` names /{label}, not in the page's resources"))?;
    let stream = doc
        .dereference(object)
        .and_then(|(_, o)| o.as_stream())
        .map_err(|e| format!("/{label}: {e}"))?;
    let d = &stream.dict;
    if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image") {
        return Err(format!("/{label} is not an image"));
    }
    let int = |key: &[u8]| {
        d.get(key)
            .and_then(Object::as_i64)
            .map_err(|e| format!("/{label} /{}: {e}", String::from_utf8_lossy(key)))
    };
    Ok(Image {
        page,
        width: int(b"Width")?,
        height: int(b"Height")?,
        color: name(d.get(b"ColorSpace").map_err(|e| e.to_string())?)?,
        bits: int(b"BitsPerComponent")?,
        filter: d.get(b"Filter").ok().map(name).transpose()?,
        mask: d.has(b"SMask"),
        predictor: d
            .get(b"DecodeParms")
            .and_then(Object::as_dict)
            .and_then(|p| p.get(b"Predictor"))
            .and_then(Object::as_i64)
            .ok(),
    })
}
