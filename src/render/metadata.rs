//! What the PDF says about itself, for PDF/UA and PDF/A readers: the XMP
//! metadata stream (title, author, dates, producer, `pdfuaid:part 1`, and
//! for PDF/A `pdfaid:part 2`, `pdfaid:conformance A` with the schema that
//! declares `pdfuaid` to a PDF/A checker), the catalogue's `/Lang` and
//! `/ViewerPreferences << /DisplayDocTitle true >>`, and for PDF/A the sRGB
//! output intent (`icc`).
//!
//! Invariants: the XMP says what the Info dictionary says (`super::info`),
//! in the same words and for the same instant (the sheet's date at 00:00
//! UTC, never the clock), as PDF/A requires; the metadata stream is never
//! compressed (PDF/A forbids a filter on it, and a reader looks for it as
//! text); the same `Document` gives the same bytes.

use chrono::Datelike as _;
use lopdf::{Dictionary, Object};

use super::icc;
use crate::document::Document;

/// Who made the file, in the Info dictionary and the XMP alike.
pub const CREATOR: &str = "rx";

/// The producer: rx and its version.
pub fn producer() -> String {
    format!("rx {}", env!("CARGO_PKG_VERSION"))
}

/// Add the metadata stream, the language, the viewer preference and (for
/// PDF/A) the output intent to `catalog`, the objects to `pdf`.
pub fn describe(pdf: &mut lopdf::Document, catalog: &mut Dictionary, doc: &Document) {
    let metadata = pdf.add_object(stream(xmp(doc)));
    catalog.set("Metadata", metadata);
    if !doc.language.is_empty() {
        catalog.set("Lang", Object::string_literal(doc.language.clone()));
    }
    catalog.set("ViewerPreferences", viewer_preferences());
    if doc.pdfa {
        let profile = pdf.add_object(profile());
        catalog.set("OutputIntents", output_intents(profile));
    }
}

/// The metadata stream holding `xmp` (never compressed).
pub fn stream(xmp: String) -> lopdf::Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    lopdf::Stream::new(dict, xmp.into_bytes())
}

/// A viewer shows the title, not the file name.
pub fn viewer_preferences() -> Dictionary {
    let mut viewer = Dictionary::new();
    viewer.set("DisplayDocTitle", true);
    viewer
}

/// The sRGB profile stream PDF/A's output intent points at.
pub fn profile() -> lopdf::Stream {
    let mut profile = Dictionary::new();
    profile.set("N", 3);
    lopdf::Stream::new(profile, icc::srgb())
}

/// PDF/A's output intents: sRGB, its profile the object `profile`.
pub fn output_intents(profile: lopdf::ObjectId) -> Object {
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        Object::string_literal(icc::DESCRIPTION),
    );
    intent.set("Info", Object::string_literal("sRGB IEC61966-2.1"));
    intent.set("DestOutputProfile", profile);
    Object::Array(vec![intent.into()])
}

/// Whether `stream` is a metadata stream, which stays uncompressed.
pub fn is_metadata(stream: &lopdf::Stream) -> bool {
    stream.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata".as_slice())
}

/// What a file says about itself: a sheet's (`About::of`) or a combined
/// day's, which has no one author or date.
pub struct About<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// The date at 00:00 UTC, for the creation and modification dates.
    pub created: Option<chrono::NaiveDate>,
    pub pdfa: bool,
}

impl About<'_> {
    pub fn of(doc: &Document) -> About<'_> {
        About {
            title: &doc.title,
            author: &doc.author,
            created: Some(doc.created),
            pdfa: doc.pdfa,
        }
    }
}

/// The XMP packet for `doc`.
pub fn xmp(doc: &Document) -> String {
    packet(&About::of(doc))
}

/// The XMP packet saying `about`.
pub fn packet(doc: &About) -> String {
    let mut out = String::with_capacity(2048);
    out.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    out.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    out.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    out.push_str(
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"",
    );
    if doc.pdfa {
        out.push_str(" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    }
    out.push_str(">\n");
    if !doc.title.is_empty() {
        out.push_str(&format!(
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
            escape(doc.title)
        ));
    }
    if !doc.author.is_empty() {
        out.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(doc.author)
        ));
    }
    if let Some(day) = doc.created {
        let date = format!(
            "{:04}-{:02}-{:02}T00:00:00+00:00",
            day.year(),
            day.month(),
            day.day()
        );
        for key in ["CreateDate", "ModifyDate"] {
            out.push_str(&format!("<xmp:{key}>{date}</xmp:{key}>\n"));
        }
    }
    out.push_str(&format!("<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>\n"));
    out.push_str(&format!(
        "<pdf:Producer>{}</pdf:Producer>\n<pdf:Trapped>False</pdf:Trapped>\n",
        escape(&producer())
    ));
    out.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    if doc.pdfa {
        out.push_str("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n");
    }
    out.push_str("</rdf:Description>\n");
    if doc.pdfa {
        out.push_str(PDFUA_SCHEMA);
    }
    out.push_str("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    out
}

/// PDF/A-2 knows `pdfaid`, `dc`, `xmp` and `pdf` but not `pdfuaid`: a
/// checker accepts its property only with this description of it (ISO
/// 19005-2, 6.6.2.3.2), the one PDF/UA documents the AIIM gives.
const PDFUA_SCHEMA: &str = "<rdf:Description rdf:about=\"\" \
xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
";

/// `text` as XML character data: the five special characters escaped, and
/// any character XML 1.0 cannot hold (a control character, which the
/// stages before refuse anyway) left out, so the packet always parses.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || ('\u{FFFE}'..='\u{FFFF}').contains(&c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn xml_special_and_control_characters_never_break_the_packet() {
        assert_eq!(
            escape("Ann & <Bob> \"O'Neil\"\u{7}"),
            "Ann &amp; &lt;Bob&gt; &quot;O&apos;Neil&quot;"
        );
    }
}
