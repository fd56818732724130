//! Attaching figures to the exercises they illustrate, while a catalogue
//! file loads: `[figure.ID]` drawings, and `figure_image` pictures read
//! through the caller's `Files`.

use std::collections::BTreeMap;
use std::sync::Arc;

use toml_edit::TableLike;

use super::{Entry, Files};
use crate::diag::{Code, Diagnostic, Span};
use crate::document::Image;
use crate::fields::toml::Reader;
use crate::fields::{Spanned, shorten};
use crate::figure::{Figure, read};
use crate::picture;
use crate::suggest;

/// Draw each `[figure.ID]` of `root` and attach it to exercise ID; the ids
/// that had a table, drawn or not.
pub fn drawings(
    reader: &mut Reader,
    root: &dyn TableLike,
    entries: &mut [Arc<Entry>],
) -> Vec<String> {
    let mut drawn = Vec::new();
    let Some(table) = reader.table(root, "figure") else {
        return drawn;
    };
    for (id, _) in table.iter() {
        let key_span = table
            .get_key_value(id)
            .and_then(|(k, _)| k.span().map(Span::from));
        let Some(figure_table) = reader.table(table, id) else {
            continue;
        };
        let Some(i) = entries.iter().position(|e| e.id == id) else {
            let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
            let mut d = Diagnostic::error(
                Code::BadCatalogue,
                format!("figure for `{}`, which is not an exercise id", shorten(id)),
            )
            .at(key_span);
            if let Some(help) = suggest::did_you_mean(&suggest::nearest(id, &ids, 3)) {
                d = d.help(help);
            }
            reader.push(d);
            continue;
        };
        let span = table
            .get(id)
            .and_then(|item| item.span())
            .map(Span::from)
            .or(key_span);
        drawn.push(id.to_owned());
        // Borrowed, not a clone of the `Arc`: `make_mut` below then changes
        // the entry in place instead of copying it.
        let entry = &entries[i];
        if let Some(drawing) = read(reader, figure_table, span, &entry.id, &entry.position) {
            Arc::make_mut(&mut entries[i]).figure = Some(Figure::Drawing(Arc::new(drawing)));
        }
    }
    drawn
}

/// Read and decode each `figure_image` (exercise id, file name) and attach
/// it; an exercise that is also `drawn` may not have one. Each distinct file
/// is read and decoded once and its picture shared by every entry that names
/// it (thirty entries sharing one picture decoded it
/// thirty times).
pub fn images(
    reader: &mut Reader,
    images: Vec<(String, Spanned<String>)>,
    drawn: &[String],
    files: Files,
    entries: &mut [Arc<Entry>],
) {
    let mut decoded: BTreeMap<String, Result<Arc<Image>, String>> = BTreeMap::new();
    for (id, name) in images {
        let error = |reader: &mut Reader, message: String| {
            reader.push(Diagnostic::error(Code::BadCatalogue, message).at(name.span.clone()));
        };
        if drawn.contains(&id) {
            error(
                reader,
                format!("`{id}` has both a `figure_image` and a `[figure.{id}]`: keep one"),
            );
            continue;
        }
        let picture = files.locate(&name.value).and_then(|key| {
            decoded
                .entry(key)
                .or_insert_with_key(|key| {
                    files
                        .read(key)
                        .and_then(|bytes| picture::decode(&bytes, picture::FIGURE))
                        .map(Arc::new)
                })
                .clone()
        });
        match picture {
            Ok(picture) => {
                if let Some(i) = entries.iter().position(|e| e.id == id) {
                    Arc::make_mut(&mut entries[i]).figure = Some(Figure::Image(picture));
                }
            }
            Err(why) => error(
                reader,
                format!("figure image `{}` {why}", shorten(&name.value)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use crate::catalogue::{Figure, Pictures, builtin, extend_from};
    use crate::document::Image;
    use crate::document::image::{Data, Orientation};
    use crate::picture;

    /// Pictures held in memory: each name leads to the file `files` maps it
    /// to, and every read is counted.
    struct Memory {
        names: BTreeMap<&'static str, &'static str>,
        files: BTreeMap<&'static str, Vec<u8>>,
        reads: RefCell<Vec<String>>,
    }

    impl Pictures for Memory {
        fn locate(&self, name: &str) -> Result<String, String> {
            self.names
                .get(name)
                .map(|&key| key.to_owned())
                .ok_or_else(|| "does not exist".to_owned())
        }

        fn read(&self, key: &str) -> Result<Vec<u8>, String> {
            self.reads.borrow_mut().push(key.to_owned());
            self.files
                .get(key)
                .cloned()
                .ok_or_else(|| "does not exist".to_owned())
        }
    }

    fn entry(i: usize, picture: &str) -> String {
        format!(
            r#"
[[exercise]]
id = "wall-sit-{i}"
name = "Wall sit {i}"
sources = ["relieve"]
position = "Standing"
targets = "thighs"
why = "Builds strength."
when = "Daily."
steps = ["Slide down the wall."]
cautions = ["Stop if your knees hurt."]
per_side = {{ value = false, from = ["relieve"] }}
figure_image = "{picture}"
[exercise.limits]
sets = {{ min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }}
reps = {{ min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }}
per_day = {{ min = 1, max = 2, recommended = 1, default = "no figure in the sources: once" }}
per_week = {{ min = 1, max = 7, default = "no figure in the sources: daily" }}
"#
        )
    }

    /// A 4096 x 4096 PNG of one colour: 66 KB of file, 48 MB of pixels.
    fn big_png() -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 4096, 4096);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder.write_header().expect("a header");
        writer
            .write_image_data(&vec![180u8; 4096 * 4096 * 3])
            .expect("pixels");
        writer.finish().expect("a PNG");
        out
    }

    /// Thirty entries naming one picture (by two
    /// different names) read and decode it once and share one picture, kept
    /// compressed: its 48 MB of pixels never stay in memory.
    #[test]
    fn one_picture_file_is_decoded_once_and_shared() {
        let pictures = Memory {
            names: BTreeMap::from([
                ("big.png", "/clinic/big.png"),
                ("./big.png", "/clinic/big.png"),
            ]),
            files: BTreeMap::from([("/clinic/big.png", big_png())]),
            reads: RefCell::new(Vec::new()),
        };
        let text: String = (0..30)
            .map(|i| entry(i, if i % 2 == 0 { "big.png" } else { "./big.png" }))
            .collect();
        let catalogue =
            extend_from(builtin().expect("built-in"), &text, &pictures).expect("a valid catalogue");
        assert_eq!(*pictures.reads.borrow(), ["/clinic/big.png"]);
        let shown: Vec<&Arc<Image>> = catalogue
            .entries()
            .iter()
            .filter_map(|e| match &e.figure {
                Some(Figure::Image(picture)) => Some(picture),
                _ => None,
            })
            .collect();
        assert_eq!(shown.len(), 30);
        assert!(shown.iter().all(|p| Arc::ptr_eq(p, shown[0])));
        let Data::Deflated { samples, alpha, .. } = &shown[0].data else {
            panic!("a PNG's pixels")
        };
        assert!(alpha.is_none());
        assert!(samples.len() < 1_000_000, "{} bytes", samples.len());
    }

    /// A phone photo's EXIF orientation reaches the
    /// catalogue's picture, with its upright size.
    #[test]
    fn a_turned_photo_keeps_its_orientation() {
        let jpeg = include_bytes!("../../tests/fixtures/pictures/flag.jpg");
        let turned = picture::tests::with_orientation(jpeg, 6, false);
        let pictures = Memory {
            names: BTreeMap::from([("photo.jpg", "photo.jpg")]),
            files: BTreeMap::from([("photo.jpg", turned)]),
            reads: RefCell::new(Vec::new()),
        };
        let catalogue = extend_from(
            builtin().expect("built-in"),
            &entry(0, "photo.jpg"),
            &pictures,
        )
        .expect("a valid catalogue");
        let entry = catalogue.find("wall-sit-0").expect("the entry");
        let Some(Figure::Image(picture)) = &entry.figure else {
            panic!("a picture")
        };
        assert_eq!(picture.orientation, Orientation::TurnRight);
        assert_eq!((picture.width, picture.height), (32, 16));
        assert_eq!(picture.upright_size(), (16, 32));
    }
}
