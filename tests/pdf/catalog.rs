//! What a sheet's catalogue says about the document: its XMP metadata
//! (read with a small XML reader that refuses unbalanced or unknown
//! markup, so "the XMP parses" is a real check), `/Lang`,
//! `/ViewerPreferences` and the PDF/A output intent with its ICC profile.

use lopdf::{Dictionary, Object};

use super::Pdf;

/// An XMP packet, parsed: each element's name and its text (entities
/// decoded), in document order.
#[derive(Debug)]
pub struct Xmp {
    pub elements: Vec<(String, String)>,
}

impl Xmp {
    /// The text of every element named `name` (`dc:title` holds its text in
    /// an `rdf:li`, so ask for the element that directly holds the text).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.elements
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    /// The text of the one element named `name`; panics if there is not
    /// exactly one.
    pub fn one(&self, name: &str) -> &str {
        match self.all(name).as_slice() {
            [one] => one,
            other => panic!("{name}: {} elements in {:?}", other.len(), self.elements),
        }
    }

    /// The text of the `rdf:li` inside element `name` (`dc:title`,
    /// `dc:creator`), or `None` when `name` is not there.
    pub fn item(&self, name: &str) -> Option<&str> {
        let at = self.elements.iter().position(|(n, _)| n == name)?;
        self.elements[at..]
            .iter()
            .find(|(n, _)| n == "rdf:li")
            .map(|(_, t)| t.as_str())
    }
}

/// The PDF/A output intent of a sheet.
#[derive(Debug)]
pub struct OutputIntent {
    /// `/S`: `GTS_PDFA1` for PDF/A.
    pub subtype: String,
    pub condition: String,
    /// The ICC profile's `/N` (colour components) and bytes, decompressed.
    pub components: i64,
    pub profile: Vec<u8>,
}

impl Pdf {
    /// The document catalogue.
    pub fn catalog(&self) -> &Dictionary {
        let root = self.doc.trailer.get(b"Root").expect("a /Root");
        let (_, root) = self.doc.dereference(root).expect("/Root resolves");
        root.as_dict().expect("the catalogue is a dictionary")
    }

    /// The catalogue's `/Lang`.
    pub fn lang(&self) -> Option<String> {
        let lang = self.catalog().get(b"Lang").ok()?;
        Some(lopdf::decode_text_string(lang).expect("/Lang is a text string"))
    }

    /// `/ViewerPreferences /DisplayDocTitle`.
    pub fn displays_title(&self) -> bool {
        let Ok(prefs) = self.catalog().get(b"ViewerPreferences") else {
            return false;
        };
        let (_, prefs) = self.doc.dereference(prefs).expect("resolves");
        prefs
            .as_dict()
            .and_then(|d| d.get(b"DisplayDocTitle"))
            .and_then(Object::as_bool)
            .unwrap_or(false)
    }

    /// The catalogue's XMP metadata, parsed; `None` without one. Panics if
    /// the stream is filtered (PDF/A forbids it) or is not well-formed XML.
    pub fn xmp(&self) -> Option<Xmp> {
        let reference = self.catalog().get(b"Metadata").ok()?;
        let (_, stream) = self.doc.dereference(reference).expect("resolves");
        let stream = stream.as_stream().expect("/Metadata is a stream");
        assert!(
            !stream.dict.has(b"Filter"),
            "the metadata stream is compressed"
        );
        let name = |key: &[u8]| stream.dict.get(key).and_then(Object::as_name).ok();
        assert_eq!(name(b"Type"), Some(b"Metadata".as_slice()));
        assert_eq!(name(b"Subtype"), Some(b"XML".as_slice()));
        let text = std::str::from_utf8(&stream.content).expect("XMP is UTF-8");
        Some(parse_xml(text).unwrap_or_else(|e| panic!("the XMP is not well-formed: {e}\n{text}")))
    }

    /// The first `/OutputIntents` entry, with its profile.
    pub fn output_intent(&self) -> Option<OutputIntent> {
        let intents = self.catalog().get(b"OutputIntents").ok()?;
        let (_, intents) = self.doc.dereference(intents).expect("resolves");
        let intent = intents.as_array().expect("an array").first()?;
        let (_, intent) = self.doc.dereference(intent).expect("resolves");
        let intent = intent.as_dict().expect("a dictionary");
        let text = |key: &[u8]| {
            intent
                .get(key)
                .map(|o| lopdf::decode_text_string(o).expect("a text string"))
                .unwrap_or_default()
        };
        let profile = intent.get(b"DestOutputProfile").expect("a profile");
        let (_, profile) = self.doc.dereference(profile).expect("resolves");
        let profile = profile.as_stream().expect("a stream");
        Some(OutputIntent {
            subtype: String::from_utf8_lossy(
                intent.get(b"S").and_then(Object::as_name).expect("/S"),
            )
            .into_owned(),
            condition: text(b"OutputConditionIdentifier"),
            components: profile.dict.get(b"N").and_then(Object::as_i64).expect("/N"),
            profile: profile
                .decompressed_content()
                .unwrap_or_else(|_| profile.content.clone()),
        })
    }
}

/// Parse `text` as XML: processing instructions and comments skipped,
/// every start tag closed by its own end tag, the five predefined entities
/// and numeric references decoded, anything else an error.
pub fn parse_xml(text: &str) -> Result<Xmp, String> {
    let mut open: Vec<String> = Vec::new();
    let mut elements: Vec<(String, String)> = Vec::new();
    let mut rest = text.trim_start_matches('\u{FEFF}');
    let mut roots = 0;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<?") {
            let end = after.find("?>").ok_or("an unclosed <?")?;
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("an unclosed comment")?;
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("an unclosed end tag")?;
            let name = after[..end].trim();
            match open.pop() {
                Some(top) if top == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').ok_or("an unclosed start tag")?;
            let tag = &after[..end];
            let empty = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split_whitespace().next().ok_or("an empty tag")?;
            attributes(&tag[name.len()..])?;
            if open.is_empty() {
                roots += 1;
            }
            elements.push((name.to_owned(), String::new()));
            if !empty {
                open.push(name.to_owned());
            }
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chars = decode(&rest[..end])?;
            if open.is_empty() && !chars.trim().is_empty() {
                return Err(format!("text outside the root: {chars:?}"));
            }
            if let Some(name) = open.last()
                && let Some(element) = elements.iter_mut().rev().find(|(n, _)| n == name)
            {
                element.1.push_str(&chars);
            }
            rest = &rest[end..];
        }
    }
    if let Some(name) = open.pop() {
        return Err(format!("<{name}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(Xmp { elements })
}

/// Check a start tag's attributes: `name="value"` (or single quotes), each
/// value with its entities decodable.
fn attributes(mut text: &str) -> Result<(), String> {
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(());
        }
        let eq = text
            .find('=')
            .ok_or(format!("an attribute without =: {text}"))?;
        let value = text[eq + 1..].trim_start();
        let quote = value.chars().next().ok_or("an attribute without a value")?;
        if quote != '"' && quote != '\'' {
            return Err(format!("an unquoted attribute: {text}"));
        }
        let end = value[1..].find(quote).ok_or("an unclosed attribute")?;
        decode(&value[1..1 + end])?;
        text = &value[end + 2..];
    }
}

/// Character data with its entity and character references decoded.
fn decode(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').ok_or("an unclosed entity")? + at;
        let entity = &rest[at + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = entity.strip_prefix('#').ok_or(format!("&{entity};"))?;
                let code = match number.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => number.parse(),
                }
                .map_err(|_| format!("&{entity};"))?;
                char::from_u32(code).ok_or(format!("&{entity};"))?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    if rest.contains('<') {
        return Err("a < in text".into());
    }
    out.push_str(rest);
    Ok(out)
}

impl Pdf {
    /// What PDF/A-2 forbids or requires that this file gets wrong, one line
    /// each: encryption, no trailer `/ID`, a PDF version past 1.7, an LZW
    /// stream, a transparency group, a font without its program embedded,
    /// an annotation that would not print.
    pub fn pdfa_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let trailer = &self.doc.trailer;
        if trailer.has(b"Encrypt") {
            out.push("the file is encrypted".to_owned());
        }
        let ids = trailer.get(b"ID").and_then(Object::as_array);
        if !ids.is_ok_and(|ids| ids.len() == 2) {
            out.push("no trailer /ID of two strings".to_owned());
        }
        if self.doc.version.as_str() > "1.7" {
            out.push(format!("PDF {}, past 1.7", self.doc.version));
        }
        let name = |d: &Dictionary, key: &[u8]| {
            d.get(key)
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default()
        };
        for (id, object) in &self.doc.objects {
            let dict = match object {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                _ => continue,
            };
            let filters: Vec<String> = match dict.get(b"Filter") {
                Ok(Object::Name(n)) => vec![String::from_utf8_lossy(n).into_owned()],
                Ok(Object::Array(a)) => a
                    .iter()
                    .filter_map(|o| o.as_name().ok())
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .collect(),
                _ => Vec::new(),
            };
            if filters.iter().any(|f| f == "LZWDecode") {
                out.push(format!("object {id:?} is LZW-compressed"));
            }
            if let Ok(group) = dict.get(b"Group").and_then(Object::as_dict)
                && name(group, b"S") == "Transparency"
            {
                out.push(format!("object {id:?} has a transparency group"));
            }
            if name(dict, b"Type") == "FontDescriptor"
                && ![b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                    .iter()
                    .any(|k| dict.has(k))
            {
                out.push(format!("font {} is not embedded", name(dict, b"FontName")));
            }
            if name(dict, b"Type") == "Font"
                && name(dict, b"Subtype") != "Type0"
                && name(dict, b"Subtype") != "Type3"
                && !dict.has(b"FontDescriptor")
            {
                out.push(format!(
                    "font {} has no descriptor (a standard font, not embedded)",
                    name(dict, b"BaseFont")
                ));
            }
            if name(dict, b"Type") == "Annot" {
                let flags = dict.get(b"F").and_then(Object::as_i64).unwrap_or(0);
                if flags & 4 == 0 || flags & 2 != 0 {
                    out.push(format!("annotation {id:?} does not print (/F {flags})"));
                }
            }
        }
        out
    }
}
