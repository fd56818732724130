//! Pictures: a clinic's own picture for an exercise (`figure_image =
//! "wall-sit.png"`) or its logo, a PNG or JPEG file, checked and decoded when
//! the catalogue or settings load. Not the figure engine (`figure`), which
//! draws exercises from data.
//!
//! The file's bytes come from the caller (only `cli` reads files). A picture
//! is refused when larger than `MAX_BYTES`, when it has no pixels or is wider
//! or taller than `MAX_SIDE` (checked from the header, before any pixel is
//! decoded), or when it does not decode in full: a truncated file, or a
//! header claiming more pixels than the file holds data for, is an error
//! here, never a grey square or a corrupt stream in the PDF.
//!
//! What is kept is what the PDF embeds, so a picture costs its compressed
//! size, once, however many entries and sheets show it: a JPEG
//! keeps its own bytes up to its end marker (the PDF decodes them); a PNG is
//! decoded row by row into 8-bit samples, compressed as they come, its
//! transparency a separate compressed mask. The EXIF orientation a phone
//! writes is kept beside the pixels and applied when the picture is placed
//! on the page (a rotation or mirror in the PDF), so photos print upright
//! without re-encoding them.
//!
//! A picture never needs more pixels than 300 dpi across the box normal
//! print shows it in (`FIGURE`, `LOGO`: upright; large print's larger box
//! shows it at about 200 dpi): a larger one is shrunk as it decodes, by averaging the area
//! each kept pixel covers (`Shrink`), so a phone photo costs a sheet tens
//! of kilobytes, not megabytes. A JPEG within the limit keeps its own
//! bytes; a larger one is decoded, shrunk and kept as samples. Samples are
//! stored with PNG row predictors (each row's filter chosen as libpng
//! does), which the PDF undoes (`/DecodeParms /Predictor 15`): a photo's
//! neighbouring pixels differ little, so its rows compress several times
//! better than raw samples.

use std::io::{Cursor, Write as _};

use flate2::Compression;
use flate2::write::ZlibEncoder;

use crate::document::image::{Data, Image, Orientation};

mod jpeg;

/// Largest picture file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Widest and tallest picture accepted, in pixels.
pub const MAX_SIDE: u32 = 4096;

/// The most pixels kept across and down a picture, as printed upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    pub across: u32,
    pub down: u32,
}

/// An exercise's picture: 300 dpi over the room inside the normal-print
/// figure box (140 x 105 points less its padding: 131.2 x 96.2).
pub const FIGURE: Keep = Keep {
    across: 546,
    down: 400,
};

/// The clinic's logo: 300 dpi over the logo box in page 1's header (100 x
/// 40 points in either print size). `layout`'s tests check both against
/// the boxes it draws.
pub const LOGO: Keep = Keep {
    across: 417,
    down: 167,
};

/// Decode a PNG or JPEG file, shrunk to `keep` if larger, or say in words
/// why not.
pub fn decode(bytes: &[u8], keep: Keep) -> Result<Image, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "is {:.1} MB; a picture may be at most {} MB",
            bytes.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        ));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes, keep)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        jpeg(bytes, keep)
    } else {
        Err("is not a PNG or JPEG file".to_owned())
    }
}

/// Why a picture of this size is refused, if it is.
fn bad_size(width: u32, height: u32) -> Option<String> {
    if width == 0 || height == 0 {
        return Some(format!(
            "is {width} x {height} pixels: a picture needs at least one pixel each way"
        ));
    }
    (width > MAX_SIDE || height > MAX_SIDE).then(|| {
        format!("is {width} x {height} pixels; a picture may be at most {MAX_SIDE} x {MAX_SIDE}")
    })
}

/// zlib at the default level: a picture is compressed once, when the
/// catalogue loads, and then embedded in every sheet that shows it.
fn deflater() -> ZlibEncoder<Vec<u8>> {
    ZlibEncoder::new(Vec::new(), Compression::default())
}

fn png(bytes: &[u8], keep: Keep) -> Result<Image, String> {
    let broken = |e: png::DecodingError| format!("is not a readable PNG ({e})");
    // The decoder refuses a zero size as "invalid dimensions"; say it as
    // for any other size. IHDR comes first: width and height at 16..24.
    if bytes.get(12..16) == Some(b"IHDR") {
        let side = |at: usize| {
            bytes
                .get(at..at + 4)
                .map_or(1, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        };
        let (width, height) = (side(16), side(20));
        if width == 0 || height == 0 {
            return Err(bad_size(width, height).unwrap_or_default());
        }
    }
    // Enough for the largest accepted picture, RGBA at 16 bits.
    let limits = png::Limits {
        bytes: (MAX_SIDE as usize) * (MAX_SIDE as usize) * 8,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(broken)?;
    let (width, height) = (reader.info().width, reader.info().height);
    if let Some(message) = bad_size(width, height) {
        return Err(message);
    }
    let (channels, has_alpha) = match reader.output_color_type().0 {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err("uses a palette rx cannot expand".to_owned()),
    };
    // A PNG's orientation is read from its eXIf chunk, which comes before
    // the pixels; one that comes after them is still applied on the page.
    let turned = reader
        .info()
        .exif_metadata
        .as_deref()
        .is_some_and(|exif| exif_orientation(exif).turns());
    let step = channels + usize::from(has_alpha);
    let mut pixels = Shrink::new(
        (width, height),
        kept_size(width, height, turned, keep),
        step,
        Pixels::new(channels, has_alpha),
    );
    if reader.info().interlaced {
        // Interlaced rows come in seven passes, not top to bottom: only
        // these (rare in pictures) are decoded whole first.
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| "is too large to decode".to_owned())?;
        let mut buf = vec![0; size];
        let frame = reader.next_frame(&mut buf).map_err(broken)?;
        for row in buf[..frame.buffer_size()].chunks_exact(frame.line_size) {
            pixels.row(row)?;
        }
    } else {
        while let Some(row) = reader.next_row().map_err(broken)? {
            pixels.row(row.data())?;
        }
    }
    if pixels.rows_in != height {
        return Err(format!(
            "is not a readable PNG (it ends after {} of its {height} rows)",
            pixels.rows_in
        ));
    }
    // Reads to the end, checking what follows the pixels; a PNG may carry
    // its EXIF orientation there.
    reader.finish().map_err(broken)?;
    let orientation = reader
        .info()
        .exif_metadata
        .as_deref()
        .map_or(Orientation::Upright, exif_orientation);
    let ((width, height), (samples, alpha, predicted)) = pixels.finish()?;
    Ok(Image {
        width,
        height,
        gray: channels == 1,
        orientation,
        data: Data::Deflated {
            samples,
            alpha,
            predicted,
        },
    })
}

/// The size a `width` x `height` picture is kept at: as it is when it
/// fits `keep` upright (`turned`: its EXIF orientation swaps width and
/// height), else shrunk to fit, proportions kept.
fn kept_size(width: u32, height: u32, turned: bool, keep: Keep) -> (u32, u32) {
    let (across, down) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    let scale =
        (f64::from(across) / f64::from(keep.across)).max(f64::from(down) / f64::from(keep.down));
    if scale <= 1.0 {
        return (width, height);
    }
    let side = |n: u32| ((f64::from(n) / scale).round() as u32).clamp(1, n);
    (side(width), side(height))
}

/// Rows of `step`-byte pixels shrunk, as they come, to the kept size: each
/// kept pixel is the average of the area of the picture it covers, so no
/// more than one kept row and one picture row are held at a time.
struct Shrink {
    step: usize,
    size: (u32, u32),
    kept: (u32, u32),
    /// For each kept column, the picture columns it covers and how much.
    columns: Vec<Vec<(usize, f32)>>,
    /// The kept row being summed, its index and the weight summed so far.
    sums: Vec<f32>,
    row: u32,
    weight: f32,
    /// Picture rows seen.
    rows_in: u32,
    across: Vec<f32>,
    out: Vec<u8>,
    pixels: Pixels,
}

impl Shrink {
    fn new(size: (u32, u32), kept: (u32, u32), step: usize, pixels: Pixels) -> Shrink {
        let sx = f64::from(size.0) / f64::from(kept.0);
        let columns = (0..kept.0)
            .map(|c| spans(f64::from(c) * sx, f64::from(c + 1) * sx))
            .collect();
        let wide = kept.0 as usize * step;
        Shrink {
            step,
            size,
            kept,
            columns,
            sums: vec![0.0; wide],
            row: 0,
            weight: 0.0,
            rows_in: 0,
            across: vec![0.0; wide],
            out: Vec::with_capacity(wide),
            pixels,
        }
    }

    fn row(&mut self, row: &[u8]) -> Result<(), String> {
        self.rows_in += 1;
        if self.size == self.kept {
            return self.pixels.row(row);
        }
        let step = self.step;
        for (c, spans) in self.columns.iter().enumerate() {
            for k in 0..step {
                let (sum, weight) = spans
                    .iter()
                    .filter_map(|&(x, w)| row.get(x * step + k).map(|&v| (f32::from(v) * w, w)))
                    .fold((0.0, 0.0), |(s, t), (v, w)| (s + v, t + w));
                self.across[c * step + k] = if weight > 0.0 { sum / weight } else { 0.0 };
            }
        }
        // The picture row covers [i, i + 1) of the picture's height; each
        // kept row covers `sy` of it.
        let sy = f64::from(self.size.1) / f64::from(self.kept.1);
        let i = f64::from(self.rows_in - 1);
        for (r, w) in spans(i / sy, (i + 1.0) / sy) {
            let r = (r as u32).min(self.kept.1 - 1);
            if r != self.row {
                self.flush()?;
                self.row = r;
            }
            for (sum, &v) in self.sums.iter_mut().zip(&self.across) {
                *sum += v * w;
            }
            self.weight += w;
        }
        Ok(())
    }

    /// Writes the kept row summed so far, if any.
    fn flush(&mut self) -> Result<(), String> {
        if self.weight <= 0.0 {
            return Ok(());
        }
        let weight = self.weight;
        self.out.clear();
        self.out.extend(
            self.sums
                .iter()
                .map(|&s| (s / weight).round().clamp(0.0, 255.0) as u8),
        );
        self.sums.iter_mut().for_each(|s| *s = 0.0);
        self.weight = 0.0;
        self.pixels.row(&self.out)
    }

    /// The kept size and the compressed samples and mask.
    fn finish(mut self) -> Result<((u32, u32), Samples), String> {
        if self.size != self.kept {
            self.flush()?;
        }
        Ok((self.kept, self.pixels.finish()?))
    }
}

/// The whole units `[start, end)` touches (in units of a kept pixel), each
/// with the share of a unit it covers.
fn spans(start: f64, end: f64) -> Vec<(usize, f32)> {
    let mut out = Vec::new();
    let mut at = start.floor();
    while at < end {
        let covered = (at + 1.0).min(end) - at.max(start);
        if covered > 1e-9 {
            out.push((at as usize, covered as f32));
        }
        at += 1.0;
    }
    out
}

/// Compressed colour samples, and the alpha mask when it matters.
/// The colour samples, the alpha mask if any, and whether they carry PNG
/// predictors.
type Samples = (Vec<u8>, Option<Vec<u8>>, bool);

/// Rows, split into colour and alpha, each row filtered with a PNG
/// predictor and compressed as it comes, so a large picture never sits in
/// memory uncompressed.
struct Pixels {
    channels: usize,
    has_alpha: bool,
    samples: Predicted,
    alpha: Predicted,
    /// Whether every alpha value so far is 255: then the mask is dropped.
    opaque: bool,
    scratch: Vec<u8>,
}

impl Pixels {
    fn new(channels: usize, has_alpha: bool) -> Pixels {
        Pixels {
            channels,
            has_alpha,
            samples: Predicted::new(channels),
            alpha: Predicted::new(1),
            opaque: true,
            scratch: Vec::new(),
        }
    }

    fn row(&mut self, row: &[u8]) -> Result<(), String> {
        if !self.has_alpha {
            return self.samples.row(row);
        }
        let step = self.channels + 1;
        self.scratch.clear();
        for px in row.chunks_exact(step) {
            self.scratch.extend_from_slice(&px[..self.channels]);
        }
        self.samples.row(&self.scratch)?;
        self.scratch.clear();
        self.scratch
            .extend(row.chunks_exact(step).map(|px| px[self.channels]));
        self.opaque &= self.scratch.iter().all(|&a| a == 255);
        self.alpha.row(&self.scratch)
    }

    fn finish(self) -> Result<Samples, String> {
        let (samples, raw_samples) = self.samples.finish()?;
        // A fully opaque mask changes nothing: leave it out.
        let (alpha, raw_alpha) = if self.opaque {
            (None, None)
        } else {
            let (alpha, raw) = self.alpha.finish()?;
            (Some(alpha), Some(raw))
        };
        // Both streams of a picture are read the same way: with predictors
        // or without, whichever is smaller in all.
        let size = |s: &[u8], a: &Option<Vec<u8>>| s.len() + a.as_ref().map_or(0, Vec::len);
        Ok(if size(&raw_samples, &raw_alpha) < size(&samples, &alpha) {
            (raw_samples, raw_alpha, false)
        } else {
            (samples, alpha, true)
        })
    }
}

/// One zlib stream of rows, each filtered with the PNG predictor that
/// leaves the smallest sum of differences (libpng's choice) and led by its
/// filter type, as `/Predictor 15` reads them; and beside it the rows as
/// they are, which a flat-coloured logo compresses better.
struct Predicted {
    /// Bytes per pixel.
    bpp: usize,
    zlib: ZlibEncoder<Vec<u8>>,
    /// The same rows as they are, with no filter byte (no predictor).
    raw: ZlibEncoder<Vec<u8>>,
    previous: Vec<u8>,
    trial: Vec<u8>,
    best: Vec<u8>,
}

impl Predicted {
    fn new(bpp: usize) -> Predicted {
        Predicted {
            bpp,
            zlib: deflater(),
            raw: deflater(),
            previous: Vec::new(),
            trial: Vec::new(),
            best: Vec::new(),
        }
    }

    fn row(&mut self, row: &[u8]) -> Result<(), String> {
        if self.previous.len() != row.len() {
            self.previous = vec![0; row.len()];
        }
        let mut best_cost = u64::MAX;
        for filter in 0..=4u8 {
            self.trial.clear();
            self.trial.push(filter);
            for (i, &x) in row.iter().enumerate() {
                let a = if i >= self.bpp { row[i - self.bpp] } else { 0 };
                let b = self.previous[i];
                let c = if i >= self.bpp {
                    self.previous[i - self.bpp]
                } else {
                    0
                };
                self.trial.push(x.wrapping_sub(predict(filter, a, b, c)));
            }
            let cost: u64 = self.trial[1..]
                .iter()
                .map(|&d| u64::from((d as i8).unsigned_abs()))
                .sum();
            if cost < best_cost {
                best_cost = cost;
                std::mem::swap(&mut self.best, &mut self.trial);
            }
        }
        self.previous.copy_from_slice(row);
        let failed = |e: std::io::Error| format!("cannot be compressed ({e})");
        self.raw.write_all(row).map_err(failed)?;
        self.zlib.write_all(&self.best).map_err(failed)
    }

    /// The predicted stream and the raw one.
    fn finish(self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let failed = |e: std::io::Error| format!("cannot be compressed ({e})");
        Ok((
            self.zlib.finish().map_err(failed)?,
            self.raw.finish().map_err(failed)?,
        ))
    }
}

/// What PNG filter `filter` predicts from the byte to the left (`a`),
/// above (`b`) and above-left (`c`).
fn predict(filter: u8, a: u8, b: u8, c: u8) -> u8 {
    match filter {
        1 => a,
        2 => b,
        3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
        4 => {
            let p = i16::from(a) + i16::from(b) - i16::from(c);
            let (pa, pb, pc) = (
                (p - i16::from(a)).abs(),
                (p - i16::from(b)).abs(),
                (p - i16::from(c)).abs(),
            );
            if pa <= pb && pa <= pc {
                a
            } else if pb <= pc {
                b
            } else {
                c
            }
        }
        _ => 0,
    }
}

fn jpeg(bytes: &[u8], keep: Keep) -> Result<Image, String> {
    let layout = jpeg::layout(bytes, MAX_SIDE)?;
    let (width, height) = (u32::from(layout.width), u32::from(layout.height));
    if let Some(message) = bad_size(width, height) {
        return Err(message);
    }
    let gray = match layout.components.len() {
        1 => true,
        3 => false,
        n => {
            return Err(format!(
                "has {n} colour channels (CMYK?); save it as an RGB or greyscale JPEG"
            ));
        }
    };
    let broken = |e: zune_jpeg::errors::DecodeErrors| format!("is not a readable JPEG ({e:?})");
    let options = zune_jpeg::zune_core::options::DecoderOptions::default()
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(&bytes[..layout.end], options);
    // Decode every pixel once, so corrupt data is caught here rather than
    // in a PDF viewer; the pixels themselves are not kept. Not in strict
    // mode: the walk above already refuses data that ends early, which is
    // what strict mode is for, and strict mode is documented to refuse some
    // files other readers accept.
    let decoded = decoder.decode().map_err(broken)?;
    let expected = decoder.output_buffer_size().unwrap_or(usize::MAX);
    if decoded.len() != expected {
        return Err("is not a readable JPEG (fewer pixels than its header says)".to_owned());
    }
    let orientation = layout
        .exif
        .map_or(Orientation::Upright, |r| exif_orientation(&bytes[r]));
    let kept = kept_size(width, height, orientation.turns(), keep);
    if kept == (width, height) {
        return Ok(Image {
            width,
            height,
            gray,
            orientation,
            data: Data::Jpeg(bytes[..layout.end].to_vec()),
        });
    }
    // Too many pixels for the page: shrunk and kept as samples (the
    // decoder gives each pixel as RGB, or grey).
    let channels = if gray { 1 } else { 3 };
    let given = decoded.len() / (width as usize * height as usize);
    if given < channels {
        return Err("is not a readable JPEG (fewer colours than its header says)".to_owned());
    }
    let mut pixels = Shrink::new(
        (width, height),
        kept,
        channels,
        Pixels::new(channels, false),
    );
    let mut row = Vec::with_capacity(width as usize * channels);
    for line in decoded.chunks_exact(width as usize * given) {
        row.clear();
        row.extend(line.chunks_exact(given).flat_map(|px| &px[..channels]));
        pixels.row(&row)?;
    }
    drop(decoded);
    let ((width, height), (samples, _, predicted)) = pixels.finish()?;
    Ok(Image {
        width,
        height,
        gray,
        orientation,
        data: Data::Deflated {
            samples,
            alpha: None,
            predicted,
        },
    })
}

/// The orientation in EXIF (TIFF) data: tag 0x0112 of the first image
/// directory. Anything unreadable leaves the picture as stored.
pub fn exif_orientation(tiff: &[u8]) -> Orientation {
    let big = match tiff.get(..4) {
        Some(b"MM\0\x2A") => true,
        Some(b"II\x2A\0") => false,
        _ => return Orientation::Upright,
    };
    let u16_at = |i: usize| {
        let b = tiff.get(i..i + 2)?;
        Some(if big {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        })
    };
    let u32_at = |i: usize| {
        let b = tiff.get(i..i + 4)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let find = || -> Option<Orientation> {
        let ifd = usize::try_from(u32_at(4)?).ok()?;
        let count = usize::from(u16_at(ifd)?);
        (0..count).find_map(|k| {
            let entry = ifd.checked_add(2 + 12 * k)?;
            // Tag 0x0112, type SHORT (3), one value.
            (u16_at(entry)? == 0x0112 && u16_at(entry + 2)? == 3)
                .then(|| u16_at(entry + 8).map(Orientation::from_exif))?
        })
    };
    find().unwrap_or_default()
}

#[cfg(test)]
pub mod tests {
    use super::{Data, Orientation, decode};

    /// A small PNG, RGB, with a transparent corner when `alpha`.
    pub fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, width, height);
            encoder.set_color(if alpha {
                png::ColorType::Rgba
            } else {
                png::ColorType::Rgb
            });
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().expect("a header");
            let channels = if alpha { 4 } else { 3 };
            let mut data = vec![200u8; (width * height) as usize * channels];
            if alpha {
                data[3] = 0;
            }
            writer.write_image_data(&data).expect("pixels");
        }
        out
    }

    fn inflate(data: &[u8]) -> Vec<u8> {
        use std::io::Read as _;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .expect("zlib data");
        out
    }

    /// Samples as a PDF reader gets them: inflated, then each row's PNG
    /// predictor (its first byte) undone, as `/Predictor 15` says.
    pub fn unpredict(data: &[u8], predicted: bool, bpp: usize, width: usize) -> Vec<u8> {
        let stored = inflate(data);
        if !predicted {
            return stored;
        }
        let line = bpp * width;
        let mut out: Vec<u8> = Vec::new();
        for (r, row) in stored.chunks(line + 1).enumerate() {
            let (filter, row) = (row[0], &row[1..]);
            assert!(filter <= 4, "row {r}: filter {filter}");
            let start = out.len();
            for (i, &d) in row.iter().enumerate() {
                let a = if i >= bpp { out[start + i - bpp] } else { 0 };
                let b = if r > 0 { out[start + i - line] } else { 0 };
                let c = if r > 0 && i >= bpp {
                    out[start + i - line - bpp]
                } else {
                    0
                };
                out.push(d.wrapping_add(super::predict(filter, a, b, c)));
            }
        }
        out
    }

    #[test]
    fn decodes_a_png_and_keeps_only_a_mask_that_matters() {
        let image = decode(&png(3, 2, true), super::FIGURE).expect("a PNG");
        assert_eq!((image.width, image.height, image.gray), (3, 2, false));
        let Data::Deflated {
            samples,
            alpha,
            predicted,
        } = &image.data
        else {
            panic!("pixels")
        };
        assert_eq!(unpredict(samples, *predicted, 3, 3), [200; 18]);
        assert_eq!(
            unpredict(alpha.as_deref().expect("a mask"), *predicted, 1, 3),
            [0, 200, 200, 200, 200, 200]
        );
        let image = decode(&png(3, 2, false), super::FIGURE).expect("a PNG");
        assert!(matches!(image.data, Data::Deflated { alpha: None, .. }));
    }

    #[test]
    fn refuses_what_it_cannot_or_should_not_draw() {
        assert_eq!(
            decode(b"GIF89a...", super::FIGURE).unwrap_err(),
            "is not a PNG or JPEG file"
        );
        assert!(
            decode(&png(4097, 1, false), super::FIGURE)
                .unwrap_err()
                .contains("is 4097 x 1 pixels; a picture may be at most 4096 x 4096")
        );
        let mut cut = png(20, 20, false);
        cut.truncate(cut.len() - 20);
        assert!(
            decode(&cut, super::FIGURE)
                .unwrap_err()
                .starts_with("is not a readable PNG")
        );
        let big = vec![0u8; super::MAX_BYTES + 1];
        assert!(
            decode(&big, super::FIGURE)
                .unwrap_err()
                .contains("at most 5 MB")
        );
        assert!(
            decode(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0], super::FIGURE)
                .unwrap_err()
                .starts_with("is not a readable JPEG")
        );
    }

    /// The test pictures (see tests/fixtures/pictures/README.md).
    const FLAG: &[u8] = include_bytes!("../../tests/fixtures/pictures/flag.jpg");
    const PROGRESSIVE: &[u8] = include_bytes!("../../tests/fixtures/pictures/flag-progressive.jpg");
    const GRAY: &[u8] = include_bytes!("../../tests/fixtures/pictures/flag-gray.jpg");

    /// `jpeg` with its frame header's height and width set.
    fn claiming(jpeg: &[u8], height: u16, width: u16) -> Vec<u8> {
        let mut out = jpeg.to_vec();
        let sof = (2..out.len() - 1)
            .find(|&i| out[i] == 0xFF && matches!(out[i + 1], 0xC0 | 0xC2))
            .expect("a frame header");
        out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        out
    }

    /// `jpeg` with an EXIF block giving `orientation`, in big- or
    /// little-endian TIFF, right after its start marker.
    pub fn with_orientation(jpeg: &[u8], orientation: u16, big: bool) -> Vec<u8> {
        let u16b = |v: u16| {
            if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let u32b = |v: u32| {
            if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut tiff = if big { b"MM".to_vec() } else { b"II".to_vec() };
        tiff.extend(u16b(42));
        tiff.extend(u32b(8));
        tiff.extend(u16b(1));
        tiff.extend(u16b(0x0112));
        tiff.extend(u16b(3));
        tiff.extend(u32b(1));
        tiff.extend(u16b(orientation));
        tiff.extend([0, 0]);
        tiff.extend(u32b(0));
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(u16::try_from(app1.len() + 2).expect("short").to_be_bytes());
        out.extend(app1);
        out.extend(&jpeg[2..]);
        out
    }

    /// A JPEG is fully decoded at load: baseline,
    /// progressive and grey ones are read; cut short anywhere (even by its
    /// last byte), or claiming more pixels than it holds, it is refused.
    #[test]
    fn truncated_or_lying_jpegs_are_refused() {
        for (jpeg, gray) in [(FLAG, false), (PROGRESSIVE, false), (GRAY, true)] {
            let image = decode(jpeg, super::FIGURE).expect("a JPEG");
            assert_eq!((image.width, image.height, image.gray), (32, 16, gray));
            assert_eq!(image.data, Data::Jpeg(jpeg.to_vec()));
            for cut in 1..jpeg.len() - 3 {
                let why = decode(&jpeg[..jpeg.len() - cut], super::FIGURE).expect_err("cut short");
                assert!(why.starts_with("is not a readable JPEG"), "{cut}: {why}");
            }
            for (h, w) in [(4096, 4096), (16, 4096), (4096, 32), (64, 64)] {
                let why = decode(&claiming(jpeg, h, w), super::FIGURE).expect_err("a lie");
                assert!(why.starts_with("is not a readable JPEG"), "{h}x{w}: {why}");
            }
            assert_eq!(
                decode(&claiming(jpeg, 0, 32), super::FIGURE).expect_err("no rows"),
                "is 32 x 0 pixels: a picture needs at least one pixel each way"
            );
            assert_eq!(
                decode(&claiming(jpeg, 16, 0), super::FIGURE).expect_err("no columns"),
                "is 0 x 16 pixels: a picture needs at least one pixel each way"
            );
            assert_eq!(
                decode(&claiming(jpeg, 5000, 32), super::FIGURE).expect_err("too tall"),
                "is 32 x 5000 pixels; a picture may be at most 4096 x 4096"
            );
            // What a camera appends after the end marker is not embedded.
            let mut trailer = jpeg.to_vec();
            trailer.extend(b"motion photo video data");
            let image = decode(&trailer, super::FIGURE).expect("a JPEG with a trailer");
            assert_eq!(image.data, Data::Jpeg(jpeg.to_vec()));
        }
    }

    /// Zero pixels get their own message in PNGs too.
    #[test]
    fn an_empty_png_has_its_own_message() {
        let mut empty = png(1, 1, false);
        // IHDR's height, then its CRC, recomputed.
        empty[20..24].copy_from_slice(&0u32.to_be_bytes());
        let crc = crc32(&empty[12..29]);
        empty[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            decode(&empty, super::FIGURE).expect_err("no rows"),
            "is 1 x 0 pixels: a picture needs at least one pixel each way"
        );
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// The EXIF orientation is read, in either byte
    /// order, and turns the printed size for the quarter turns.
    #[test]
    fn exif_orientation_is_kept() {
        for big in [true, false] {
            for (value, orientation) in [
                (1, Orientation::Upright),
                (2, Orientation::MirrorX),
                (3, Orientation::Turn180),
                (4, Orientation::MirrorY),
                (5, Orientation::Transpose),
                (6, Orientation::TurnRight),
                (7, Orientation::Transverse),
                (8, Orientation::TurnLeft),
                (9, Orientation::Upright),
            ] {
                let image =
                    decode(&with_orientation(FLAG, value, big), super::FIGURE).expect("a JPEG");
                assert_eq!(image.orientation, orientation, "{value} big={big}");
                let upright = if orientation.turns() {
                    (16, 32)
                } else {
                    (32, 16)
                };
                assert_eq!(image.upright_size(), upright);
            }
        }
        assert_eq!(
            decode(FLAG, super::FIGURE).expect("a JPEG").orientation,
            Orientation::Upright
        );
        assert_eq!(
            super::exif_orientation(b"MM\0\x2A\xFF\xFF\xFF\xFF"),
            Orientation::Upright
        );
        assert_eq!(super::exif_orientation(b""), Orientation::Upright);
    }

    /// A photo-like PNG: a gradient with a little noise, RGB.
    fn photo(width: u32, height: u32) -> (Vec<u8>, Vec<u8>) {
        let mut seed = 7u32;
        let pixels: Vec<u8> = (0..width * height * 3)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let (x, y) = ((i / 3) % width, (i / 3) / width);
                let base = (x * 200 / width + y * 50 / height) as u8;
                base.wrapping_add((seed >> 16) as u8 % 8)
            })
            .collect();
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, width, height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().expect("a header");
            writer.write_image_data(&pixels).expect("pixels");
        }
        (out, pixels)
    }

    /// Samples are kept with PNG predictors: undone, they give back every
    /// pixel exactly, and they compress better than the raw samples.
    #[test]
    fn png_samples_are_kept_with_predictors_that_undo_exactly() {
        let (file, pixels) = photo(300, 200);
        let image = decode(&file, super::FIGURE).expect("a PNG");
        assert_eq!((image.width, image.height), (300, 200));
        let Data::Deflated {
            samples, predicted, ..
        } = &image.data
        else {
            panic!("pixels")
        };
        assert!(predicted, "a photo is kept with predictors");
        assert_eq!(unpredict(samples, true, 3, 300), pixels);
        let mut raw = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut raw, &pixels).expect("in memory");
        let raw = raw.finish().expect("in memory");
        assert!(
            samples.len() * 3 < raw.len() * 2,
            "{} bytes predicted, {} raw",
            samples.len(),
            raw.len()
        );
    }

    /// A picture with more pixels than 300 dpi in its box is shrunk to fit
    /// the box, proportions kept, each kept pixel the average of the area
    /// it covers; one that fits is kept as it is. A JPEG over the box is
    /// decoded and kept as samples; a turned photo is fitted upright.
    #[test]
    fn a_picture_larger_than_300_dpi_in_its_box_is_shrunk_to_fit() {
        let (file, _) = photo(1600, 1200);
        let image = decode(&file, super::FIGURE).expect("a PNG");
        assert_eq!((image.width, image.height), (533, 400));
        let Data::Deflated {
            samples, predicted, ..
        } = &image.data
        else {
            panic!("pixels")
        };
        let kept = unpredict(samples, *predicted, 3, 533);
        assert_eq!(kept.len(), 533 * 400 * 3);
        // The gradient survives: left dark, right light, by the average.
        let at = |x: usize, y: usize| kept[(y * 533 + x) * 3];
        assert!(
            at(0, 0) < 10 && at(532, 399) > 240,
            "{} {}",
            at(0, 0),
            at(532, 399)
        );
        let logo = decode(&file, super::LOGO).expect("a PNG");
        assert_eq!((logo.width, logo.height), (223, 167));
        let (small, _) = photo(500, 300);
        let kept = decode(&small, super::FIGURE).expect("a PNG");
        assert_eq!((kept.width, kept.height), (500, 300));

        let tiny = super::Keep { across: 8, down: 8 };
        let image = decode(FLAG, tiny).expect("a JPEG");
        assert_eq!((image.width, image.height, image.gray), (8, 4, false));
        let Data::Deflated {
            samples,
            alpha,
            predicted,
        } = &image.data
        else {
            panic!("a shrunk JPEG is kept as samples")
        };
        assert!(alpha.is_none());
        assert_eq!(unpredict(samples, *predicted, 3, 8).len(), 8 * 4 * 3);
        let image = decode(GRAY, tiny).expect("a JPEG");
        assert_eq!((image.width, image.height, image.gray), (8, 4, true));
        let Data::Deflated {
            samples, predicted, ..
        } = &image.data
        else {
            panic!("a shrunk JPEG is kept as samples")
        };
        assert_eq!(unpredict(samples, *predicted, 1, 8).len(), 8 * 4);
        // Turned a quarter: 32 x 16 stored is 16 x 32 upright, fitted to
        // 8 x 8 upright: 4 x 8, stored as 8 x 4.
        let turned = decode(&with_orientation(FLAG, 6, true), tiny).expect("a JPEG");
        assert_eq!((turned.width, turned.height), (8, 4));
        assert_eq!(turned.upright_size(), (4, 8));
        let turned = decode(
            &with_orientation(FLAG, 6, true),
            super::Keep {
                across: 4,
                down: 100,
            },
        )
        .expect("a JPEG");
        assert_eq!(turned.upright_size(), (4, 8));
    }
}
