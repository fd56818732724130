//! A QR code as vector boxes, for an exercise's video link.
//!
//! The `qrcode` crate encodes; each row's dark modules are merged into runs,
//! and runs into taller boxes where the rows below repeat them, so a code
//! is a few hundred small integer boxes drawn as one path (see
//! `Item::Cells`), sharp at any print size (no picture to scale). `code`
//! chooses the size and error correction. The code carries its quiet zone:
//! `items` draws within a box of `side` points whose outer four modules are
//! left white, as scanners need.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use qrcode::{Color, EcLevel, QrCode, bits};

use crate::document::{Gray, Item};

/// Modules of white around the code, as the QR standard asks.
const QUIET: usize = 4;

/// The boxes of a QR code for `text`, in a square of `side` points whose
/// top-left corner is at (`x`, `y`); `None` if `text` is too long for any
/// QR code (parse keeps URLs far shorter).
pub fn items(text: &str, x: f32, y: f32, side: f32, ink: Gray) -> Option<Vec<Item>> {
    let code = boxes(text)?;
    let module = side / (code.width + 2 * QUIET) as f32;
    Some(vec![Item::Cells {
        x: x + QUIET as f32 * module,
        y: y + QUIET as f32 * module,
        module,
        gray: ink,
        cells: Arc::clone(&code.boxes),
    }])
}

/// A code's side in modules and its dark boxes, `[column, row, columns,
/// rows]`: each row's dark modules merged into runs, and a run merged with
/// the same run in the rows below it.
struct Boxes {
    width: usize,
    boxes: Arc<[[u16; 4]]>,
}

/// Most codes kept: a clinic's videos are one per exercise of its
/// catalogue, so a batch meets the same few links on sheet after sheet.
const CACHED: usize = 512;

/// The boxes of the code for `text`, encoded once per process: choosing
/// the mask (the encoder scores all eight) costs about a millisecond a code.
fn boxes(text: &str) -> Option<Arc<Boxes>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Boxes>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = cache.lock().ok()?.get(text) {
        return Some(Arc::clone(found));
    }
    let code = Arc::new(encode(text)?);
    if let Ok(mut cache) = cache.lock()
        && cache.len() < CACHED
    {
        cache.insert(text.to_owned(), Arc::clone(&code));
    }
    Some(code)
}

/// The smallest code that holds `text` at all (at error correction level
/// L), at the highest level that still fits that size. Fewer modules are
/// larger ones at the same printed side, which a phone reads more easily
/// from further away, and a sheet's codes cost less (the 25 KB
/// budget: 1.1 KB less for the example's six). The price: a link that only
/// fits that size at L can lose about 7% of its code to a stain or a pen
/// mark, not the 15% of level M; the example's links get M for two, L for
/// four.
fn code(text: &str) -> Option<QrCode> {
    let data = text.as_bytes();
    let smallest = bits::encode_auto(data, EcLevel::L).ok()?.version();
    [EcLevel::H, EcLevel::Q, EcLevel::M, EcLevel::L]
        .into_iter()
        .find_map(|level| {
            let bits = bits::encode_auto(data, level).ok()?;
            (bits.version() == smallest).then(|| QrCode::with_bits(bits, level).ok())?
        })
}

fn encode(text: &str) -> Option<Boxes> {
    let code = code(text)?;
    let width = code.width();
    let colors = code.to_colors();
    // Runs per row: (start, len).
    let mut rows: Vec<Vec<(usize, usize)>> = Vec::with_capacity(width);
    for cells in colors.chunks(width) {
        let mut runs = Vec::new();
        let mut column = 0;
        while column < width {
            if cells[column] != Color::Dark {
                column += 1;
                continue;
            }
            let start = column;
            while column < width && cells[column] == Color::Dark {
                column += 1;
            }
            runs.push((start, column - start));
        }
        rows.push(runs);
    }
    // Each run not yet taken grows down over the rows with the same run.
    let mut taken: Vec<Vec<bool>> = rows.iter().map(|r| vec![false; r.len()]).collect();
    let mut boxes = Vec::new();
    for row in 0..width {
        for (i, &run) in rows[row].iter().enumerate() {
            if taken[row][i] {
                continue;
            }
            let mut height = 1;
            while let Some(j) = rows
                .get(row + height)
                .and_then(|below| below.iter().position(|&r| r == run))
            {
                taken[row + height][j] = true;
                height += 1;
            }
            // A code is at most 177 modules a side.
            let cell = [run.0, row, run.1, height].map(|v| v as u16);
            boxes.push(cell);
        }
    }
    Some(Boxes {
        width,
        boxes: boxes.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::items;
    use crate::document::Item;

    /// Paint the boxes onto a white grid of `px` pixels a side (the code's
    /// square is `side` points), as a printer would.
    fn raster(items: &[Item], side: f32, px: usize) -> Vec<u8> {
        let mut grid = vec![255u8; px * px];
        let scale = px as f32 / side;
        for [x, y, w, h] in boxes(items) {
            let (x0, y0) = ((x * scale).round() as usize, (y * scale).round() as usize);
            let (x1, y1) = (
                ((x + w) * scale).round() as usize,
                ((y + h) * scale).round() as usize,
            );
            for row in y0..y1.min(px) {
                for col in x0..x1.min(px) {
                    grid[row * px + col] = 0;
                }
            }
        }
        grid
    }

    /// Every box of the code's one `Cells` item, in points: x, y, w, h.
    fn boxes(items: &[Item]) -> Vec<[f32; 4]> {
        let [
            Item::Cells {
                x,
                y,
                module,
                cells,
                ..
            },
        ] = items
        else {
            panic!("one grid of cells")
        };
        cells
            .iter()
            .map(|c| {
                let [col, row, w, h] = c.map(f32::from);
                [x + col * module, y + row * module, w * module, h * module]
            })
            .collect()
    }

    fn decode(grid: &[u8], px: usize) -> String {
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| grid[y * px + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        grids[0].decode().expect("the code decodes").1
    }

    #[test]
    fn the_code_reads_back_as_the_url() {
        for url in [
            "https://videos.riverside.example/exercises/bridge",
            "https://example.org/v?id=knee-to-chest-stretch&lang=es#t=30",
        ] {
            let side = 72.0;
            let boxes = items(url, 0.0, 0.0, side, 0.0).expect("encodes");
            assert_eq!(decode(&raster(&boxes, side, 400), 400), url);
        }
    }

    /// The smallest code, at the best error correction that size allows.
    #[test]
    fn codes_are_as_small_as_the_link_allows_and_as_robust_as_they_fit() {
        use qrcode::{EcLevel, Version};
        let base = "https://videos.riverside.example/exercises/";
        for (id, version, level) in [
            // 54 bytes: version 4 at L (78) or M (62), not Q (46).
            ("pelvic-tilt", 4, EcLevel::M),
            // 64 bytes: version 4 only at L; M would need version 5.
            ("knee-to-chest-stretch", 4, EcLevel::L),
            // 49 bytes: version 3 at L (53); M would need version 4.
            ("bridge", 3, EcLevel::L),
        ] {
            let url = format!("{base}{id}");
            let code = super::code(&url).expect("encodes");
            assert_eq!(code.version(), Version::Normal(version), "{url}");
            assert_eq!(code.error_correction_level(), level, "{url}");
            let side = 72.0;
            let boxes = items(&url, 0.0, 0.0, side, 0.0).expect("encodes");
            assert_eq!(decode(&raster(&boxes, side, 400), 400), url);
        }
    }

    #[test]
    fn rows_are_merged_into_runs_inside_the_quiet_zone() {
        let side = 60.0;
        let items = items("https://v.example/bridge", 10.0, 20.0, side, 0.0).expect("encodes");
        let boxes = boxes(&items);
        // A version-2 code has 25 x 25 modules; well under one box each.
        assert!(boxes.len() < 25 * 25 / 3, "{} boxes", boxes.len());
        let module = side / (25.0 + 8.0);
        for [x, y, w, h] in boxes {
            assert!(x >= 10.0 + 4.0 * module - 1e-3 && x + w <= 10.0 + side - 4.0 * module + 1e-3);
            assert!(y >= 20.0 + 4.0 * module - 1e-3 && y + h <= 20.0 + side - 4.0 * module + 1e-3);
        }
    }

    #[test]
    fn text_too_long_for_any_code_is_none() {
        assert!(items(&"x".repeat(8000), 0.0, 0.0, 72.0, 0.0).is_none());
    }
}
