//! Render tests: sample documents through `render`, read back with lopdf.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use lopdf::{Dictionary, Object};

use super::content::{fixed, push_fixed};
use crate::document::{Document, Item, Page, Stroke};
use crate::fonts::{Face, Fonts};

/// The document's PDF: every face here embeds (bundled fonts only).
fn render(doc: &Document, fonts: &Fonts) -> Vec<u8> {
    super::render(doc, fonts).expect("the bundled fonts embed")
}

fn text(x: f32, y: f32, size: f32, face: Face, text: &str) -> Item {
    Item::Text {
        x,
        y,
        size,
        face,
        gray: 0.0,
        text: text.to_owned(),
        glyphs: None,
    }
}

/// Two Letter pages: text in three faces (Latin with diacritics, Cyrillic
/// from the fallback, the dose separators), a box, a filled bar, a tick.
fn sheet() -> Document {
    let line = Stroke {
        width: 1.5,
        gray: 0.0,
    };
    let first = Page {
        items: vec![
            text(54.0, 72.0, 20.0, Face::Bold, "Home exercise program"),
            text(54.0, 100.0, 12.0, Face::Regular, "José Müller-Łukasz"),
            text(54.0, 120.0, 12.0, Face::FallbackRegular, "Жанна"),
            text(
                54.0,
                140.0,
                12.0,
                Face::Regular,
                "1 set of 10 · hold 10 seconds · 8–12 reps",
            ),
            Item::Rect {
                x: 54.0,
                y: 160.0,
                w: 504.0,
                h: 40.0,
                stroke: Some(line),
                fill: Some(0.9),
            },
            text(64.0, 185.0, 12.0, Face::Bold, "Stop if it hurts"),
        ],
    };
    let second = Page {
        items: vec![
            Item::Rect {
                x: 54.0,
                y: 700.0,
                w: 18.0,
                h: 18.0,
                stroke: Some(Stroke {
                    width: 1.0,
                    gray: 0.3,
                }),
                fill: None,
            },
            Item::Path {
                points: vec![(57.0, 709.0), (62.0, 715.0), (70.0, 703.0)],
                stroke: line,
            },
            text(80.0, 714.0, 12.0, Face::Regular, "Bridge"),
            text(450.0, 760.0, 10.0, Face::Regular, "Page 2 of 2"),
        ],
    };
    Document {
        width: 612.0,
        height: 792.0,
        title: "Home exercise program – José Müller-Łukasz".to_owned(),
        author: "Dr. Ana Ortiz".to_owned(),
        created: NaiveDate::from_ymd_opt(2025, 3, 14).expect("a valid date"),
        language: "en".to_owned(),
        pdfa: false,
        pages: vec![first, second],
    }
}

fn info(pdf: &lopdf::Document) -> &Dictionary {
    let id = pdf
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("the trailer names an Info dictionary");
    pdf.get_dictionary(id).expect("Info is a dictionary")
}

fn text_string(dict: &Dictionary, key: &[u8]) -> String {
    let bytes = dict
        .get(key)
        .and_then(Object::as_str)
        .expect("a string entry");
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Every embedded font program: (BaseFont, decompressed FontFile2 length).
fn embedded_fonts(pdf: &lopdf::Document) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for object in pdf.objects.values() {
        let Ok(descriptor) = object.as_dict() else {
            continue;
        };
        if !descriptor.has_type(b"FontDescriptor") {
            continue;
        }
        let name = descriptor
            .get(b"FontName")
            .and_then(Object::as_name)
            .expect("a font name");
        let program = descriptor
            .get(b"FontFile2")
            .and_then(Object::as_reference)
            .and_then(|id| pdf.get_object(id))
            .and_then(Object::as_stream)
            .expect("every font is embedded as TrueType (FontFile2)");
        let bytes = program
            .decompressed_content()
            .unwrap_or_else(|_| program.content.clone());
        found.push((String::from_utf8_lossy(name).into_owned(), bytes.len()));
    }
    found
}

#[test]
fn sheet_has_pages_fonts_and_metadata() {
    let fonts = Fonts::load();
    let doc = sheet();
    assert_eq!(fonts.pick('·', false), Some(Face::Regular));
    assert_eq!(fonts.pick('–', false), Some(Face::Regular));
    assert_eq!(fonts.pick('Ж', false), Some(Face::FallbackRegular));

    let bytes = render(&doc, &fonts);
    let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF back");

    let pages = pdf.get_pages();
    assert_eq!(pages.len(), 2);
    for id in pages.values() {
        let page = pdf.get_dictionary(*id).expect("a page dictionary");
        let media_box: Vec<f32> = page
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .expect("a MediaBox")
            .iter()
            .map(|n| n.as_float().expect("a number"))
            .collect();
        assert_eq!(media_box, [0.0, 0.0, 612.0, 792.0]);
    }

    // Three faces drawn, three embedded (not FallbackBold), each a subset
    // tagged as such and a small fraction of the font file.
    let embedded = embedded_fonts(&pdf);
    let mut names: Vec<&str> = embedded
        .iter()
        .map(|(name, _)| name.split_once('+').map_or(name.as_str(), |(_, n)| n))
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "AtkinsonHyperlegible-Bold",
            "AtkinsonHyperlegible-Regular",
            "DejaVuSans"
        ]
    );
    for (name, len) in &embedded {
        let (tag, face) = name.split_once('+').expect("a subset tag");
        assert!(tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()));
        let face = Face::ALL
            .into_iter()
            .find(|f| f.name() == face)
            .expect("a known face");
        let full = fonts.data(face).len();
        assert!(*len * 5 < full, "{name}: {len} bytes of {full}");
    }

    let info = info(&pdf);
    assert_eq!(text_string(info, b"Title"), doc.title);
    assert_eq!(text_string(info, b"Author"), doc.author);
    assert_eq!(
        text_string(info, b"CreationDate"),
        "D:20250314000000+00'00'"
    );
    assert_eq!(text_string(info, b"ModDate"), "D:20250314000000+00'00'");

    let text = extract_text(&pdf, &[1, 2]);
    for needle in [
        "José Müller-Łukasz",
        "Жанна",
        "10 · hold",
        "8–12",
        "Page 2 of 2",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text:?}");
    }
}

/// The text of `pages` as lopdf extracts it. lopdf's extractor does not
/// read an embedded encoding CMap (rx's one-byte codes, `cmap.rs`), but
/// decodes codes of any length through `/ToUnicode` when a font names no
/// encoding: so it reads a copy without them. tests/pdf reads the real
/// thing, encoding included.
fn extract_text(pdf: &lopdf::Document, pages: &[u32]) -> String {
    let mut copy = pdf.clone();
    for object in copy.objects.values_mut() {
        if let Object::Dictionary(d) = object
            && d.has_type(b"Font")
            && d.get(b"Encoding").is_ok_and(|e| e.as_reference().is_ok())
        {
            d.remove(b"Encoding");
        }
    }
    copy.extract_text(pages).expect("lopdf extracts text")
}

/// The first page's content stream, decompressed.
fn first_page_content(bytes: &[u8]) -> String {
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF back");
    let page = *pdf.get_pages().get(&1).expect("a first page");
    let content = pdf.get_page_content(page);
    // Glyph ids are raw bytes; the operators around them are ASCII.
    String::from_utf8_lossy(&content).into_owned()
}

#[test]
fn shapes_and_text_land_where_layout_put_them() {
    // Letter is 792 pt tall: layout's baseline at 72 (from the top) is
    // PDF's 720 (from the bottom), and the next run, at 100, is 28 pt
    // lower. The box's top edge at 160 puts its bottom-left corner at
    // 792 - 160 - 40 = 592.
    let content = first_page_content(&render(&sheet(), &Fonts::load()));
    assert!(
        // Not marked as any structure element: one artifact.
        content.starts_with("/Artifact BMC\nBT\n/F2 20 Tf\n0 g\n54 720 Td\n("),
        "{content}"
    );
    assert!(
        content.contains(") Tj\n/F1 12 Tf\n0 -28 Td\n("),
        "{content}"
    );
    assert!(
        content.contains("ET\n0.9 g\n1.5 w\n0 G\n54 592 504 40 re\nB\n"),
        "{content}"
    );
    // A new text object starts from the origin again.
    assert!(
        content.contains("BT\n/F2 12 Tf\n0 g\n64 607 Td\n("),
        "{content}"
    );
    assert!(content.trim_end().ends_with(") Tj\nET\nEMC"), "{content}");

    let mut doc = sheet();
    doc.pages.swap(0, 1);
    let content = first_page_content(&render(&doc, &Fonts::load()));
    assert!(
        content.contains("1 w\n0.3 G\n54 74 18 18 re\nS\n"),
        "{content}"
    );
    // The tick: round caps and joins, y flipped point by point.
    assert!(
        content.contains("1.5 w\n0 G\n1 J 1 j\n57 83 m\n62 77 l\n70 89 l\nS\n"),
        "{content}"
    );
}

#[test]
fn numbers_are_short_and_exact() {
    let cases: [(f32, u32, u32, &str); 8] = [
        (612.0, 100, 2, "612"),
        (691.7, 100, 2, "691.7"),
        (0.05, 100, 2, "0.05"),
        (-3.5, 100, 2, "-3.5"),
        (0.001, 1000, 3, "0.001"),
        (0.004, 100, 2, "0"),
        (f32::NAN, 100, 2, "0"),
        (f32::INFINITY, 100, 2, "0"),
    ];
    for (v, per, places, want) in cases {
        let mut out = Vec::new();
        push_fixed(&mut out, fixed(v, per), places);
        assert_eq!(String::from_utf8(out).expect("ASCII"), want, "{v}");
    }
}

fn tables(sfnt: &[u8]) -> Vec<String> {
    let count = usize::from(u16::from_be_bytes([sfnt[4], sfnt[5]]));
    (0..count)
        .map(|i| String::from_utf8_lossy(&sfnt[12 + 16 * i..16 + 16 * i]).into_owned())
        .collect()
}

/// Whether any glyph of the TrueType font `sfnt` carries instructions: a
/// simple glyph's instruction length, a composite's WE_HAVE_INSTRUCTIONS.
fn has_glyph_instructions(sfnt: &[u8]) -> bool {
    let be16 = |d: &[u8], at: usize| usize::from(u16::from_be_bytes([d[at], d[at + 1]]));
    let be32 = |d: &[u8], at: usize| {
        u32::from_be_bytes(d[at..at + 4].try_into().expect("4 bytes")) as usize
    };
    let table = |tag: &[u8]| {
        let i = (0..be16(sfnt, 4))
            .find(|i| &sfnt[12 + 16 * i..16 + 16 * i] == tag)
            .expect("table present");
        let (at, len) = (be32(sfnt, 20 + 16 * i), be32(sfnt, 24 + 16 * i));
        &sfnt[at..at + len]
    };
    let (head, loca, glyf, maxp) = (
        table(b"head"),
        table(b"loca"),
        table(b"glyf"),
        table(b"maxp"),
    );
    let long = be16(head, 50) == 1;
    let offset = |g: usize| {
        if long {
            be32(loca, 4 * g)
        } else {
            2 * be16(loca, 2 * g)
        }
    };
    (0..be16(maxp, 4)).any(|g| {
        let glyph = &glyf[offset(g)..offset(g + 1)];
        if glyph.is_empty() {
            return false;
        }
        let contours = be16(glyph, 0);
        if contours < 0x8000 {
            return be16(glyph, 10 + 2 * contours) != 0;
        }
        let mut at = 10;
        loop {
            let flags = be16(glyph, at);
            if flags & 0x0100 != 0 {
                return true;
            }
            if flags & 0x0020 == 0 {
                return false;
            }
            let args = if flags & 0x0001 != 0 { 4 } else { 2 };
            let transform = [(0x0008, 2), (0x0040, 4), (0x0080, 8)]
                .iter()
                .find(|(bit, _)| flags & bit != 0)
                .map_or(0, |&(_, n)| n);
            at += 4 + args + transform;
        }
    })
}

#[test]
fn bundled_fonts_carry_no_hinting() {
    let fonts = Fonts::load();
    for face in Face::ALL {
        let sfnt = fonts.data(face);
        let names = tables(sfnt);
        assert!(
            names
                .iter()
                .all(|t| !["fpgm", "prep", "cvt ", "DSIG"].contains(&t.as_str())),
            "{face:?}: {names:?}"
        );
        assert!(!has_glyph_instructions(sfnt), "{face:?}");
        // The whole-font checksum, which `head` adjusts to this constant.
        let sum = sfnt.chunks(4).fold(0u32, |sum, word| {
            let mut padded = [0u8; 4];
            padded[..word.len()].copy_from_slice(word);
            sum.wrapping_add(u32::from_be_bytes(padded))
        });
        assert_eq!(sum, 0xB1B0_AFBA, "{face:?}");
    }
    // The check itself sees instructions where there are some: a hand-made
    // font of one simple glyph with a 1-byte program.
    let mut font = vec![0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0];
    let head = [[0u8; 50].as_slice(), &[0, 0, 0, 0]].concat();
    let maxp = vec![0, 1, 0, 0, 0, 1];
    let glyph = vec![0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xB0, 0];
    let glyf_loca: [(&[u8; 4], Vec<u8>); 4] = [
        (b"glyf", glyph.clone()),
        (b"head", head),
        (b"loca", vec![0, 0, 0, 8]),
        (b"maxp", maxp),
    ];
    let mut at = 12 + 16 * glyf_loca.len();
    for (tag, data) in &glyf_loca {
        font.extend_from_slice(*tag);
        font.extend_from_slice(&[0; 4]);
        font.extend_from_slice(&(at as u32).to_be_bytes());
        font.extend_from_slice(&(data.len() as u32).to_be_bytes());
        at += data.len();
    }
    font[4..6].copy_from_slice(&4u16.to_be_bytes());
    for (_, data) in &glyf_loca {
        font.extend_from_slice(data);
    }
    assert!(has_glyph_instructions(&font));
}

#[test]
fn dehinted_fonts_keep_every_advance_and_outline_box() {
    // Recorded from the original hinted files (SHA-256 in
    // fonts/PROVENANCE.md): glyph count, units per em, then over all glyphs
    // the sums of (glyph id + 1) times its advance, its left side bearing
    // and its outline's width. Layout measures text with these advances.
    let original: [(Face, u16, u16, u64, i64, i64); 4] = [
        (Face::Regular, 369, 1000, 31_713_623, 2_763_318, 28_718_934),
        (Face::Bold, 369, 1000, 33_510_512, 1_954_274, 32_535_630),
        (
            Face::FallbackRegular,
            6253,
            2048,
            28_623_088_956,
            2_500_607_040,
            23_548_675_708,
        ),
        (
            Face::FallbackBold,
            6196,
            2048,
            29_822_439_785,
            2_345_170_918,
            25_038_950_110,
        ),
    ];
    let fonts = Fonts::load();
    for (face, glyphs, upm, advances, bearings, widths) in original {
        let parsed = ttf_parser::Face::parse(fonts.data(face), 0).expect("TrueType");
        assert_eq!(parsed.number_of_glyphs(), glyphs, "{face:?}");
        assert_eq!(parsed.units_per_em(), upm, "{face:?}");
        let (mut a, mut b, mut w) = (0u64, 0i64, 0i64);
        for g in 0..glyphs {
            let id = ttf_parser::GlyphId(g);
            let weight = u64::from(g) + 1;
            a += weight * u64::from(parsed.glyph_hor_advance(id).unwrap_or(0));
            b += weight as i64 * i64::from(parsed.glyph_hor_side_bearing(id).unwrap_or(0));
            let bbox = parsed.glyph_bounding_box(id);
            w += weight as i64 * bbox.map_or(0, |r| i64::from(r.x_max) - i64::from(r.x_min));
        }
        assert_eq!((a, b, w), (advances, bearings, widths), "{face:?}");
    }
}

#[test]
fn same_document_same_bytes_in_sequence_and_on_threads() {
    let fonts = Fonts::load();
    let doc = sheet();
    let first = render(&doc, &fonts);
    // Something else rendered in between (other faces and glyphs remembered).
    let mut other = sheet();
    other.title = "Another sheet".to_owned();
    assert_ne!(render(&other, &fonts), first);
    assert_eq!(render(&doc, &fonts), first);

    let rendered: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| render(&doc, &fonts))).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a render thread does not panic"))
            .collect()
    });
    for bytes in rendered {
        assert!(bytes == first, "a render on another thread differs");
    }
}

#[test]
fn trailer_id_comes_from_the_content() {
    let fonts = Fonts::load();
    let bytes = render(&sheet(), &fonts);
    let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF back");
    let id = pdf
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .expect("a trailer /ID");
    assert_eq!(id.len(), 2);
    let first = id[0].as_str().expect("an id string");
    assert_eq!(first.len(), 16);
    assert!(
        first.iter().any(|&b| b != 0),
        "the placeholder was replaced"
    );
    assert_eq!(id[0], id[1]);
}

#[test]
fn odd_documents_do_not_panic() {
    let fonts = Fonts::load();
    let mut doc = sheet();
    doc.pages[0].items.extend([
        text(f32::NAN, f32::INFINITY, -3.0, Face::FallbackBold, ""),
        text(10.0, 10.0, f32::NAN, Face::Regular, "漢字\u{0}"),
        Item::Path {
            points: vec![],
            stroke: Stroke {
                width: f32::NAN,
                gray: 7.0,
            },
        },
        Item::Path {
            points: vec![(300.0, 300.0)],
            stroke: Stroke {
                width: 4.0,
                gray: -1.0,
            },
        },
        Item::Rect {
            x: 1.0,
            y: 1.0,
            w: -5.0,
            h: f32::NEG_INFINITY,
            stroke: None,
            fill: None,
        },
    ]);
    let pdf = lopdf::Document::load_mem(&render(&doc, &fonts)).expect("still a PDF");
    assert_eq!(pdf.get_pages().len(), 2);

    doc.pages.clear();
    let pdf = lopdf::Document::load_mem(&render(&doc, &fonts)).expect("still a PDF");
    assert_eq!(pdf.get_pages().len(), 0);
}

/// A dense two-page sheet, more than six exercises fill: Regular and
/// Bold text over most of printable ASCII, tick boxes, and with
/// `fallback` a Cyrillic name in DejaVu.
fn dense_sheet(fallback: bool) -> Document {
    let words = "Lie on your back with knees bent and feet flat. Tighten your \
                 stomach, squeeze your buttocks and lift your hips (about 2-3 \
                 inches); hold 10 seconds, then lower slowly! Why: strengthens \
                 glutes & core. Caution: stop if pain spreads down a leg? \
                 Note #1: 'quality' over \"quantity\" - 50% effort, [x] done.";
    let line = Stroke {
        width: 1.0,
        gray: 0.0,
    };
    let mut pages = Vec::new();
    for p in 1..=2 {
        let title = "Home exercise program - Zoë Q. Jackson";
        let mut items = vec![text(54.0, 50.0, 16.0, Face::Bold, title)];
        if fallback {
            items.push(text(
                54.0,
                70.0,
                10.0,
                Face::FallbackRegular,
                "Жанна Иванова",
            ));
        }
        let mut y = 100.0;
        while y < 740.0 {
            let dose = "Bridge: 1 set of 10 · hold 10 s";
            items.push(text(54.0, y, 14.0, Face::Bold, dose));
            for chunk in words.as_bytes().chunks(80) {
                y += 16.0;
                let chunk = String::from_utf8_lossy(chunk);
                items.push(text(54.0, y, 12.0, Face::Regular, &chunk));
            }
            for day in 0..14u8 {
                items.push(Item::Rect {
                    x: 54.0 + 20.0 * f32::from(day),
                    y: y + 6.0,
                    w: 14.0,
                    h: 14.0,
                    stroke: Some(line),
                    fill: None,
                });
            }
            y += 40.0;
        }
        let footer = format!("Page {p} of 2");
        items.push(text(500.0, 770.0, 10.0, Face::Regular, &footer));
        pages.push(Page { items });
    }
    Document { pages, ..sheet() }
}

/// Median render time and size of `dense_sheet`, with two faces and
/// three; meaningful only in release:
/// `cargo test --release --lib render::tests::bench -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench() {
    let fonts = Fonts::load();
    for fallback in [false, true] {
        let doc = dense_sheet(fallback);
        let mut times = Vec::new();
        let mut bytes = Vec::new();
        for _ in 0..500 {
            let start = std::time::Instant::now();
            bytes = render(&doc, &fonts);
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "dense sheet, fallback face {fallback}: {} chars, {} bytes, median {:?}, min {:?}",
            doc.text().chars().count(),
            bytes.len(),
            times[times.len() / 2],
            times[0]
        );
        let path = std::env::temp_dir().join(format!("render-dense-{fallback}.pdf"));
        std::fs::write(path, bytes).expect("the temp dir is writable");
    }
}

/// Writes the sample sheet to /tmp/render-test.pdf for a look with
/// pdftotext, pdffonts, qpdf and pdftoppm:
/// `cargo test --lib render::tests::write_sample -- --ignored`.
#[test]
#[ignore]
fn write_sample() {
    let bytes = render(&sheet(), &Fonts::load());
    let path = std::env::temp_dir().join("render-test.pdf");
    std::fs::write(path, bytes).expect("the temp dir is writable");
}

/// `--combine`: every page of every sheet, in order, each page with its own
/// resources; the same sheets give the same bytes; a sheet that is not a
/// PDF is named by its place.
#[test]
fn combine_keeps_every_page_in_order() {
    let fonts = Fonts::load();
    let two = render(&sheet(), &fonts);
    let mut one_page = sheet();
    one_page.pages.truncate(1);
    let one = render(&one_page, &fonts);
    let (bytes, pages) = super::combine([two.clone(), one.clone(), two.clone()], "Three sheets")
        .expect("rx's own sheets combine");
    assert_eq!(pages, 5);
    let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads the combined PDF");
    // `finish` wrote the content's `/ID` over the placeholder.
    let id = pdf.trailer.get(b"ID").and_then(Object::as_array);
    let first = id.as_ref().ok().and_then(|id| id.first()?.as_str().ok());
    assert!(first.is_some_and(|id| id.iter().any(|&b| b != 0)), "{id:?}");
    // No sheet's own object or cross-reference stream came along: one
    // cross-reference stream, the combined file's, and one object stream
    // per sheet, written as it was added.
    for (kind, count) in [(b"XRef".as_slice(), 1), (b"ObjStm", 3)] {
        let streams = pdf
            .objects
            .values()
            .filter(|o| o.as_stream().is_ok_and(|s| s.dict.has_type(kind)));
        assert_eq!(streams.count(), count, "{}", String::from_utf8_lossy(kind));
    }
    let ids: Vec<_> = pdf.get_pages().into_values().collect();
    assert_eq!(ids.len(), 5);
    for id in &ids {
        let page = pdf.get_dictionary(*id).expect("a page");
        assert!(page.has(b"Resources") && page.has(b"MediaBox"), "{page:?}");
    }
    // Page 3 is the one-page sheet: its text is the first page's.
    let text = |n: u32| extract_text(&pdf, &[n]);
    assert!(text(1).contains("Home exercise program"), "{}", text(1));
    assert!(text(3).contains("Home exercise program"), "{}", text(3));
    assert!(!text(2).contains("Home exercise program"), "{}", text(2));
    let (again, _) =
        super::combine([two.clone(), one, two.clone()], "Three sheets").expect("again");
    assert_eq!(again, bytes, "same sheets, same bytes");
    let err = super::combine([two, b"not a pdf".to_vec()], "Two sheets").expect_err("not a PDF");
    assert_eq!(err.index, 1);
}

/// A page that recurs (the blank page after each sheet of odd length) is
/// written once: every later copy is a page object of a few dozen bytes
/// that shows the same content, not another copy of its fonts.
#[test]
fn combine_writes_a_recurring_page_once() {
    let fonts = Fonts::load();
    let mut one_page = sheet();
    one_page.pages.truncate(1);
    let page = render(&one_page, &fonts);
    let combined = |copies: usize| {
        let mut combiner = super::Combiner::new(Vec::new()).expect("in memory");
        for _ in 0..copies {
            combiner.add_shared(&page).expect("rx's own page");
        }
        combiner.finish("Sheets").expect("in memory")
    };
    let (once, pages) = combined(1);
    assert_eq!(pages, 1);
    let (ten, pages) = combined(10);
    assert_eq!(pages, 10);
    assert!(
        ten.len() < once.len() + 9 * 200,
        "{} bytes for ten, {} for one",
        ten.len(),
        once.len()
    );
    let pdf = lopdf::Document::load_mem(&ten).expect("lopdf reads it");
    let text = |n: u32| extract_text(&pdf, &[n]);
    assert_eq!(text(10), text(1));
    assert!(text(10).contains("Home exercise program"), "{}", text(10));
}

/// The dictionary of resources of `kind` (`Font`, `XObject`) a page
/// names, references followed.
fn page_resources(pdf: &lopdf::Document, page: lopdf::ObjectId, kind: &[u8]) -> Dictionary {
    let page = pdf.get_dictionary(page).expect("a page dictionary");
    let resources = page.get(b"Resources").expect("page resources");
    let resources = pdf.dereference(resources).expect("resources").1;
    let resources = resources.as_dict().expect("a resource dictionary");
    let dict = resources.get(kind).expect("resources of that kind");
    let dict = pdf.dereference(dict).expect("a dictionary").1;
    dict.as_dict().expect("a dictionary").clone()
}

/// The resource names a content stream uses before `operator` (`Tf`, `Do`).
fn names_used(content: &str, operator: &str) -> BTreeSet<String> {
    let words: Vec<&str> = content.split_ascii_whitespace().collect();
    let at = |i: usize| words.get(i).copied().unwrap_or_default();
    (0..words.len())
        .filter(|&i| at(i).starts_with('/'))
        .filter(|&i| at(i + 1) == operator || at(i + 2) == operator)
        .map(|i| at(i)[1..].to_owned())
        .collect()
}

/// Every object of `pdf` that is a dictionary (a stream's too).
fn dictionaries(pdf: &lopdf::Document) -> impl Iterator<Item = &Dictionary> {
    pdf.objects.values().filter_map(|o| match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    })
}

/// Each face the document draws with is embedded once (one font
/// dictionary, descriptor and program), whatever the number of pages and
/// runs; every font a page's content shows is named in that page's
/// resources, as a Type 0 font whose program is in the file.
#[test]
fn each_face_is_embedded_once_and_named_by_every_page_that_draws_with_it() {
    let fonts = Fonts::load();
    let doc = sheet();
    let drawn: BTreeSet<Face> = doc
        .pages
        .iter()
        .flat_map(|page| &page.items)
        .filter_map(|item| match item {
            Item::Text { face, text, .. } if !text.is_empty() => Some(*face),
            _ => None,
        })
        .collect();
    let pdf = lopdf::Document::load_mem(&render(&doc, &fonts)).expect("a PDF");
    let count = |kind: &[u8]| dictionaries(&pdf).filter(|d| d.has_type(kind)).count();
    assert_eq!(count(b"FontDescriptor"), drawn.len());
    let type0 = dictionaries(&pdf)
        .filter(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0"))
        .count();
    assert_eq!(type0, drawn.len());
    let programs = pdf
        .objects
        .values()
        .filter(|o| o.as_stream().is_ok_and(|s| s.dict.has(b"Length1")))
        .count();
    assert_eq!(programs, drawn.len());

    for (n, &page) in pdf.get_pages().iter() {
        let content = String::from_utf8_lossy(&pdf.get_page_content(page)).into_owned();
        let shown = names_used(&content, "Tf");
        assert!(!shown.is_empty(), "page {n} shows text");
        let named = page_resources(&pdf, page, b"Font");
        for name in &shown {
            let font = named
                .get(name.as_bytes())
                .and_then(|f| pdf.dereference(f))
                .and_then(|(_, f)| f.as_dict())
                .unwrap_or_else(|_| panic!("page {n}: /{name} is not in its resources"));
            let descendant = font
                .get(b"DescendantFonts")
                .and_then(Object::as_array)
                .and_then(|a| a.first().ok_or(lopdf::Error::ObjectNotFound((0, 0))))
                .and_then(Object::as_dict)
                .expect("one CIDFont");
            let descriptor = descendant
                .get(b"FontDescriptor")
                .and_then(Object::as_reference)
                .and_then(|id| pdf.get_dictionary(id))
                .expect("a font descriptor");
            let program = descriptor
                .get(b"FontFile2")
                .and_then(Object::as_reference)
                .and_then(|id| pdf.get_object(id))
                .and_then(Object::as_stream)
                .expect("the font program is in the file");
            assert!(!program.content.is_empty(), "page {n}: /{name}");
        }
    }
}

/// A face's `/W` widths are the advances layout measured its text with,
/// and its descriptor's metrics are the font's own, both in thousandths of
/// an em (DejaVu has 2,048 units to the em, Atkinson 1,000).
#[test]
fn font_widths_and_metrics_are_the_faces_own() {
    let fonts = Fonts::load();
    let doc = sheet();
    let pdf = lopdf::Document::load_mem(&render(&doc, &fonts)).expect("a PDF");
    let glyphs = super::font::used_glyphs(&doc, &fonts);
    let mut checked = 0;
    for (&face, map) in &glyphs {
        let embedded = super::faces::embedded(face, map, &fonts).expect("a bundled face");
        let font = dictionaries(&pdf)
            .find(|d| {
                d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
                    && d.get(b"BaseFont")
                        .and_then(Object::as_name)
                        .is_ok_and(|n| n.ends_with(format!("+{}", face.name()).as_bytes()))
            })
            .unwrap_or_else(|| panic!("{face:?} is embedded"));
        let descendant = font
            .get(b"DescendantFonts")
            .and_then(Object::as_array)
            .expect("DescendantFonts")[0]
            .as_dict()
            .expect("a CIDFont");
        let mut widths = std::collections::BTreeMap::new();
        let w = descendant.get(b"W").and_then(Object::as_array).expect("/W");
        for pair in w.chunks(2) {
            let first = pair[0].as_i64().expect("a glyph id");
            for (k, width) in pair[1].as_array().expect("widths").iter().enumerate() {
                widths.insert(first + k as i64, width.as_i64().expect("a width"));
            }
        }
        for (ch, glyph) in embedded.map.iter() {
            let want = (fonts.advance(face, ch) * 1000.0).round() as i64;
            assert_eq!(
                widths.get(&i64::from(glyph)),
                Some(&want),
                "{face:?} {ch:?}"
            );
            checked += 1;
        }

        let parsed = ttf_parser::Face::parse(fonts.data(face), 0).expect("a font");
        let units = |v: i16| (f32::from(v) * 1000.0 / f32::from(parsed.units_per_em())).round();
        let descriptor = descendant
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .and_then(|id| pdf.get_dictionary(id))
            .expect("a descriptor");
        let number = |key: &[u8]| {
            descriptor
                .get(key)
                .and_then(Object::as_float)
                .expect("a number")
        };
        assert_eq!(number(b"Ascent"), units(parsed.ascender()), "{face:?}");
        assert_eq!(number(b"Descent"), units(parsed.descender()), "{face:?}");
        let bbox = parsed.global_bounding_box();
        let want: Vec<f32> = [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max]
            .map(units)
            .to_vec();
        let got: Vec<f32> = descriptor
            .get(b"FontBBox")
            .and_then(Object::as_array)
            .expect("a FontBBox")
            .iter()
            .map(|v| v.as_float().expect("a number"))
            .collect();
        assert_eq!(got, want, "{face:?}");
    }
    assert!(checked > 40, "{checked} characters checked");
}

/// A picture drawn more than once, on one page or several, and whether
/// the document holds it as one value or as equal copies, is embedded once
/// (its bytes as they are), and every page names each picture.
#[test]
fn a_picture_drawn_again_is_embedded_once() {
    use crate::document::image::{Data, Orientation};
    use std::sync::Arc;
    let jpeg = include_bytes!("../../tests/fixtures/pictures/flag.jpg").to_vec();
    let photo = Arc::new(crate::document::Image {
        width: 60,
        height: 40,
        gray: false,
        orientation: Orientation::Upright,
        data: Data::Jpeg(jpeg.clone()),
    });
    let logo = Arc::new(crate::document::Image {
        width: 2,
        height: 1,
        gray: true,
        orientation: Orientation::Upright,
        data: Data::Deflated {
            samples: vec![0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
            alpha: Some(vec![
                0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01,
            ]),
            predicted: false,
        },
    });
    let picture = |image: &Arc<crate::document::Image>, y: f32| Item::Image {
        x: 54.0,
        y,
        w: 60.0,
        h: 40.0,
        image: Arc::clone(image),
    };
    let copy = Arc::new((*photo).clone());
    let mut doc = sheet();
    doc.pages[0]
        .items
        .extend([picture(&photo, 300.0), picture(&photo, 400.0)]);
    doc.pages[1]
        .items
        .extend([picture(&copy, 300.0), picture(&logo, 400.0)]);
    let pdf = lopdf::Document::load_mem(&render(&doc, &Fonts::load())).expect("a PDF");
    let images: Vec<&lopdf::Stream> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .collect();
    // The photo, the logo and the logo's soft mask.
    assert_eq!(images.len(), 3);
    let photos: Vec<_> = images.iter().filter(|s| s.content == jpeg).collect();
    assert_eq!(photos.len(), 1, "the JPEG's bytes, once");
    let masked = images.iter().filter(|s| s.dict.has(b"SMask")).count();
    assert_eq!(masked, 1);
    for (n, &page) in pdf.get_pages().iter() {
        let content = String::from_utf8_lossy(&pdf.get_page_content(page)).into_owned();
        let named = page_resources(&pdf, page, b"XObject");
        let shown = names_used(&content, "Do");
        assert!(!shown.is_empty(), "page {n} shows a picture");
        for name in &shown {
            assert!(named.has(name.as_bytes()), "page {n}: /{name} is not named");
        }
    }
}

/// Faces remembered per thread (render/faces.rs) are kept apart by the
/// fonts' generation: a clinic font that draws the same characters with
/// the same glyph ids, but is another file, is embedded as itself, never
/// as the font a sheet before it used on the same thread.
#[test]
fn remembered_faces_never_cross_from_one_clinic_font_to_another() {
    use crate::fonts::ClinicFont;
    let original = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fonts/wqy-microhei-subset.ttf"
    ))
    .expect("the CJK test font");
    // The same font with its advance (`hmtx`: one for every glyph here) at
    // 900 units, not 1,000: the same glyphs and ids, other widths.
    let mut other = original.clone();
    let tables = usize::from(u16::from_be_bytes([original[4], original[5]]));
    let hmtx = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|&at| &original[at..at + 4] == b"hmtx")
        .expect("an hmtx table");
    let word = |at: usize| {
        u32::from_be_bytes([
            original[at],
            original[at + 1],
            original[at + 2],
            original[at + 3],
        ]) as usize
    };
    let at = word(hmtx + 8);
    other[at..at + 2].copy_from_slice(&900u16.to_be_bytes());
    let fonts = |bytes: &Vec<u8>| {
        Fonts::with_clinic(vec![ClinicFont::read(bytes.clone()).expect("a valid font")])
    };
    let doc = Document {
        width: 200.0,
        height: 100.0,
        title: "t".to_owned(),
        author: "a".to_owned(),
        created: NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"),
        language: "en".to_owned(),
        pdfa: false,
        pages: vec![Page {
            items: vec![text(10.0, 50.0, 12.0, Face::Clinic(0), "王小明")],
        }],
    };
    let (a, b) = (fonts(&original), fonts(&other));
    // Alone, each on a fresh thread: what each should give.
    let alone = |f: Fonts| {
        let doc = doc.clone();
        std::thread::spawn(move || render(&doc, &f))
            .join()
            .expect("render")
    };
    let a_alone = alone(fonts(&original));
    let b_alone = alone(fonts(&other));
    assert!(a_alone != b_alone, "the two fonts embed differently");
    // One after the other on this thread: the same bytes as alone.
    assert!(render(&doc, &a) == a_alone, "the first font as itself");
    assert!(
        render(&doc, &b) == b_alone,
        "the second font, not the first"
    );
}

/// The `name` and `post` tables of a subset are dropped (25 KB a
/// sheet); every other table keeps its bytes, and the font still parses
/// with every glyph.
#[test]
fn embedded_fonts_drop_only_name_and_post() {
    let fonts = Fonts::load();
    for face in Face::ALL {
        let data = fonts.data(face);
        let stripped = super::font::without_names(data).expect("a well-formed sfnt");
        let before = ttf_parser::RawFace::parse(data, 0).expect("the bundled face");
        let after = ttf_parser::RawFace::parse(&stripped, 0).expect("the stripped face");
        for record in before.table_records {
            let tag = record.tag;
            let kept = after.table(tag);
            if [b"name", b"post"].contains(&&tag.to_bytes()) {
                assert!(kept.is_none(), "{face:?}: {tag} is still there");
            } else {
                assert_eq!(kept, before.table(tag), "{face:?}: {tag} changed");
            }
        }
        let parsed = ttf_parser::Face::parse(&stripped, 0).expect("parses");
        let original = ttf_parser::Face::parse(data, 0).expect("parses");
        assert_eq!(parsed.number_of_glyphs(), original.number_of_glyphs());
    }
    let pdf = lopdf::Document::load_mem(&render(&sheet(), &fonts)).expect("a PDF");
    for object in pdf.objects.values() {
        if let Ok(stream) = object.as_stream()
            && stream.dict.has(b"Length1")
        {
            let program = stream.decompressed_content().expect("a font program");
            let tables = tables(&program);
            assert!(tables.contains(&"glyf".to_owned()), "{tables:?}");
            assert!(!tables.contains(&"name".to_owned()), "{tables:?}");
            assert!(!tables.contains(&"post".to_owned()), "{tables:?}");
        }
    }
}

/// A face whose subset fits in 256 glyphs is shown with one byte a glyph
/// through the shared one-byte identity CMap (the size budget); one
/// with more keeps Identity-H's two bytes. Either way the text reads back.
#[test]
fn faces_of_at_most_256_glyphs_are_shown_with_one_byte_codes() {
    let fonts = Fonts::load();
    // Latin-1, Latin Extended-A, Greek and Cyrillic: over 256 glyphs, all
    // in the fallback face.
    let many: String = ('\u{21}'..='\u{7E}')
        .chain('\u{A1}'..='\u{17F}')
        .chain('\u{391}'..='\u{3A1}')
        .chain('\u{3A3}'..='\u{3C9}')
        .chain('\u{410}'..='\u{44F}')
        .filter(|&c| fonts.glyph(Face::FallbackRegular, c).is_some())
        .collect();
    assert!(many.chars().count() > 300, "{}", many.chars().count());
    let lines: Vec<String> = many
        .chars()
        .collect::<Vec<_>>()
        .chunks(40)
        .map(|c| c.iter().collect())
        .collect();
    let mut items = vec![text(54.0, 60.0, 12.0, Face::Regular, "Knee to chest")];
    for (i, line) in lines.iter().enumerate() {
        items.push(text(
            54.0,
            90.0 + 16.0 * i as f32,
            10.0,
            Face::FallbackRegular,
            line,
        ));
    }
    let doc = Document {
        width: 612.0,
        height: 792.0,
        title: "codes".into(),
        author: String::new(),
        created: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"),
        language: "en".to_owned(),
        pdfa: false,
        pages: vec![Page { items }],
    };
    let bytes = render(&doc, &fonts);
    let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
    let encoding = |base: &str| {
        let font = pdf
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .find(|d| {
                d.get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|s| s == b"Type0")
                    && d.get(b"BaseFont")
                        .and_then(Object::as_name)
                        .is_ok_and(|n| n.ends_with(base.as_bytes()))
            })
            .unwrap_or_else(|| panic!("a {base} font"));
        font.get(b"Encoding").expect("an /Encoding").clone()
    };
    assert_eq!(
        encoding("DejaVuSans"),
        Object::Name(b"Identity-H".to_vec()),
        "{} glyphs need two bytes",
        many.chars().count()
    );
    let Object::Reference(id) = encoding("AtkinsonHyperlegible-Regular") else {
        panic!("a one-byte encoding stream");
    };
    let cmap = pdf
        .get_object(id)
        .and_then(Object::as_stream)
        .and_then(|s| s.get_plain_content())
        .expect("the encoding's program");
    let cmap = String::from_utf8(cmap).expect("ASCII");
    assert!(cmap.contains("begincodespacerange\n<00> <FF>\n"), "{cmap}");
    assert!(cmap.contains("begincidrange\n<00> <FF> 0\n"), "{cmap}");
    let shown = extract_text(&pdf, &[1]);
    assert!(shown.contains("Knee to chest"), "{shown}");
    for line in &lines {
        assert!(shown.contains(line.as_str()), "{line:?} not in {shown:?}");
    }
}

/// A one-page Letter document of `items`, untagged.
fn page_of(items: Vec<Item>) -> Document {
    Document {
        width: 612.0,
        height: 792.0,
        title: "glyphs".into(),
        author: String::new(),
        created: NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"),
        language: "en".to_owned(),
        pdfa: false,
        pages: vec![Page { items }],
    }
}

/// A page of one run of `text` in `face`, 10 pt at (100, 100), drawn
/// with `glyphs` as layout carries them.
fn run_page(face: Face, text: &str, glyphs: crate::fonts::shape::Glyphs) -> Document {
    page_of(vec![Item::Text {
        x: 100.0,
        y: 100.0,
        size: 10.0,
        face,
        gray: 0.0,
        text: text.to_owned(),
        glyphs,
    }])
}

/// The one Type 0 font of `pdf`.
fn only_font(pdf: &lopdf::Document) -> &Dictionary {
    let mut fonts = dictionaries(pdf)
        .filter(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0"));
    let font = fonts.next().expect("a Type 0 font");
    assert!(fonts.next().is_none(), "one font only");
    font
}

/// The decompressed stream `key` of `dict` refers to.
fn stream_of(pdf: &lopdf::Document, dict: &Dictionary, key: &[u8]) -> Vec<u8> {
    let id = dict
        .get(key)
        .and_then(Object::as_reference)
        .unwrap_or_else(|_| panic!("/{} is a reference", String::from_utf8_lossy(key)));
    let stream = pdf
        .get_object(id)
        .and_then(Object::as_stream)
        .expect("a stream");
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}

/// The one-byte codes a content stream shows, in order: the bytes of every
/// literal string, escapes undone.
fn shown_codes(content: &[u8]) -> Vec<u8> {
    let mut codes = Vec::new();
    let mut bytes = content.iter().copied();
    while let Some(b) = bytes.next() {
        if b != b'(' {
            continue;
        }
        while let Some(b) = bytes.next() {
            match b {
                b')' => break,
                b'\\' => codes.push(match bytes.next().expect("an escaped byte") {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    other => other,
                }),
                other => codes.push(other),
            }
        }
    }
    codes
}

/// A `/ToUnicode` map of one-byte codes read back: `bfchar` entries and
/// `bfrange` runs, each code's text.
fn read_to_unicode(cmap: &str) -> BTreeMap<u8, String> {
    let hex = |s: &str| -> Vec<u16> {
        let s = s.trim_matches(|c| c == '<' || c == '>');
        (0..s.len())
            .step_by(4)
            .map(|i| u16::from_str_radix(&s[i..(i + 4).min(s.len())], 16).expect("hex"))
            .collect()
    };
    let code = |s: &str| u8::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16);
    let mut map = BTreeMap::new();
    let mut section = "";
    for line in cmap.lines() {
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") {
                "char"
            } else {
                "range"
            };
            continue;
        }
        let parts: Vec<&str> = line.split(' ').collect();
        match (section, parts.as_slice()) {
            ("char", [c, text]) => {
                let c = code(c).expect("a one-byte code");
                map.insert(c, String::from_utf16(&hex(text)).expect("UTF-16"));
            }
            ("range", [first, last, text]) => {
                let (first, last) = (code(first).expect("a code"), code(last).expect("a code"));
                let start = hex(text)[0];
                for c in first..=last {
                    let unit = start + u16::from(c - first);
                    map.insert(c, String::from_utf16(&[unit]).expect("UTF-16"));
                }
            }
            _ => section = "",
        }
    }
    map
}

/// Render draws the glyphs a text item carries, where layout placed them,
/// and maps each to the text it says it stands for: never what shaping
/// the item's text again would give. Here "אב" carries the glyphs of ג and
/// ד, the second two ems to the right; a render that shaped the text
/// would draw א and ב, a fraction of an em apart.
#[test]
fn render_draws_the_glyphs_the_text_item_carries() {
    use crate::fonts::shape::Glyph;
    let fonts = Fonts::load();
    let face = Face::HebrewRegular;
    let id = |c: char| fonts.glyph(face, c).expect("a Hebrew letter");
    let text = "אב";
    let shaped = fonts.shape(face, text);
    let carried = [
        Glyph {
            id: id('ג'),
            x: 0.0,
            y: 0.0,
            cluster: 2,
            stands_for: [2, 4],
        },
        Glyph {
            id: id('ד'),
            x: 2.0,
            y: 0.0,
            cluster: 0,
            stands_for: [0, 2],
        },
    ];
    assert!(
        shaped
            .glyphs
            .iter()
            .all(|g| g.id != id('ג') && g.id != id('ד')),
        "shaping would draw other glyphs: {shaped:?}"
    );
    let doc = run_page(face, text, Some(carried.to_vec().into()));
    let bytes = render(&doc, &fonts);
    // The second glyph 2 em of 10 pt to the right of the first.
    let content = first_page_content(&bytes);
    assert!(content.contains(") Tj\n20 0 Td\n("), "{content}");

    // The subset holds the carried glyphs' outlines (and .notdef), no other.
    let pdf = lopdf::Document::load_mem(&bytes).expect("a PDF");
    let font = only_font(&pdf);
    let descendant = match &font
        .get(b"DescendantFonts")
        .and_then(Object::as_array)
        .expect("a descendant")[0]
    {
        Object::Reference(id) => pdf.get_dictionary(*id).expect("the CIDFont"),
        other => other.as_dict().expect("the CIDFont"),
    };
    let descriptor = descendant
        .get(b"FontDescriptor")
        .and_then(Object::as_reference)
        .and_then(|id| pdf.get_dictionary(id))
        .expect("a descriptor");
    let program = stream_of(&pdf, descriptor, b"FontFile2");
    let subset = ttf_parser::Face::parse(&program, 0).expect("the subset parses");
    let whole = ttf_parser::Face::parse(fonts.data(face), 0).expect("the face parses");
    let boxes = |f: &ttf_parser::Face, ids: &mut dyn Iterator<Item = u16>| -> BTreeSet<String> {
        ids.map(|g| format!("{:?}", f.glyph_bounding_box(ttf_parser::GlyphId(g))))
            .collect()
    };
    assert_eq!(subset.number_of_glyphs(), 3);
    assert_eq!(
        boxes(&subset, &mut (1..3)),
        boxes(&whole, &mut carried.iter().map(|g| g.id))
    );

    // Each drawn code stands for the text its glyph was given.
    let map =
        read_to_unicode(&String::from_utf8(stream_of(&pdf, font, b"ToUnicode")).expect("ASCII"));
    let shown: Vec<&str> = shown_codes(content.as_bytes())
        .iter()
        .map(|c| map[c].as_str())
        .collect();
    assert_eq!(shown, ["ב", "א"]);
}

/// `/ToUnicode` maps each glyph of a shaped run to its cluster's text: an
/// Arabic letter's joining form to the letter, the lam-alef ligature (one
/// glyph) to both letters (stored backwards, as readers turn a
/// right-to-left stretch round), a letter and the mark placed on it each
/// to its own character, and the one glyph of a stacked fatha and shadda
/// to both marks; and every glyph the run was shaped into is drawn (that
/// glyph once showed as a `.notdef` box).
#[test]
fn to_unicode_maps_each_glyph_to_its_clusters_text() {
    let fonts = Fonts::load();
    let cases = [
        (Face::ArabicRegular, "لا"),
        (Face::ArabicRegular, "محمد"),
        (Face::ArabicRegular, "م\u{64E}\u{651}د"),
        (Face::FallbackRegular, "q\u{303}"),
    ];
    for (face, text) in cases {
        let glyphs = fonts.glyphs(face, text).expect("a shaped run");
        let doc = run_page(face, text, Some(glyphs.clone()));
        let bytes = render(&doc, &fonts);
        let pdf = lopdf::Document::load_mem(&bytes).expect("a PDF");
        let map = read_to_unicode(
            &String::from_utf8(stream_of(&pdf, only_font(&pdf), b"ToUnicode")).expect("ASCII"),
        );
        let codes = shown_codes(first_page_content(&bytes).as_bytes());
        let drawn: Vec<_> = super::content::drawing_order(&glyphs).collect();
        assert_eq!(codes.len(), drawn.len(), "{text}");
        assert!(codes.iter().all(|&c| c != 0), "{text}: .notdef drawn");
        let rtl = text.chars().any(crate::fonts::shape::is_rtl);
        for (code, glyph) in codes.iter().zip(drawn) {
            let stands: String = if rtl {
                glyph.text(text).chars().rev().collect()
            } else {
                glyph.text(text).to_owned()
            };
            if stands.is_empty() {
                assert!(!map.contains_key(code), "{text}: {glyph:?}");
            } else {
                assert_eq!(map.get(code), Some(&stands), "{text}: {glyph:?}");
            }
        }
        let texts: Vec<&str> = codes
            .iter()
            .map(|c| map.get(c).map_or("", String::as_str))
            .collect();
        match text {
            "لا" => assert_eq!(texts, ["ال"]),
            // Visual order: the last letter leftmost.
            "محمد" => assert_eq!(texts, ["د", "م", "ح", "م"]),
            "q\u{303}" => assert_eq!(texts, ["q", "\u{303}"]),
            // The letter's joining form, then the one glyph of its
            // stacked marks standing for both (a letter is written before
            // its marks: `content::drawing_order`).
            _ => assert_eq!(texts, ["د", "م", "\u{651}\u{64E}"]),
        }
        if text == "محمد" {
            let initial = glyphs.iter().find(|g| g.cluster == 0).expect("م");
            assert_ne!(Some(initial.id), fonts.glyph(face, 'م'), "a joining form");
        }
    }
}

/// A face remembered from one sheet (`faces::MADE`) draws the next
/// sheet's shaped runs with that sheet's own glyphs: "הרש" after "שרה"
/// has the same glyphs and texts, so the same remembered face, but other
/// runs. Each sheet shows its own name, every glyph drawn (once, the
/// second sheet of a batch drew such a name as `.notdef`).
#[test]
fn a_remembered_face_draws_runs_it_has_not_seen() {
    let fonts = Fonts::load();
    let face = Face::HebrewBold;
    for name in ["שרה", "הרש", "שרה", "רשה"] {
        let doc = run_page(face, name, fonts.glyphs(face, name));
        let bytes = render(&doc, &fonts);
        let pdf = lopdf::Document::load_mem(&bytes).expect("a PDF");
        let map = read_to_unicode(
            &String::from_utf8(stream_of(&pdf, only_font(&pdf), b"ToUnicode")).expect("ASCII"),
        );
        let codes = shown_codes(first_page_content(&bytes).as_bytes());
        let read: String = codes
            .iter()
            .rev()
            .map(|c| map.get(c).map_or("?", String::as_str))
            .collect();
        assert_eq!(read, name);
    }
}
