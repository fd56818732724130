//! A clinic's own picture for an exercise (`figure_image = "wall-sit.png"`):
//! a PNG or JPEG file, checked and decoded when the catalogue loads.
//!
//! The file's bytes come from the caller (only `cli` reads files). A picture
//! is refused when larger than `MAX_BYTES`, when it has no pixels or is wider
//! or taller than `MAX_SIDE` (checked from the header, before any pixel is
//! decoded), or when it does not decode in full: a truncated file, or a
//! header claiming more pixels than the file holds data for, is an error
//! here, never a grey square or a corrupt stream in the PDF (issue 11,
//! finding 9).
//!
//! What is kept is what the PDF embeds, so a picture costs its compressed
//! size, once, however many entries and sheets show it (finding 15): a JPEG
//! keeps its own bytes up to its end marker (the PDF decodes them); a PNG is
//! decoded row by row into 8-bit samples, compressed as they come, its
//! transparency a separate compressed mask. The EXIF orientation a phone
//! writes is kept beside the pixels and applied when the picture is placed
//! on the page (a rotation or mirror in the PDF), so photos print upright
//! without re-encoding them.

use std::io::{Cursor, Write as _};

use flate2::Compression;
use flate2::write::ZlibEncoder;

use crate::document::image::{Data, Image, Orientation};

/// Largest picture file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Widest and tallest picture accepted, in pixels.
pub const MAX_SIDE: u32 = 4096;

/// Decode a PNG or JPEG file, or say in words why not.
pub fn decode(bytes: &[u8]) -> Result<Image, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "is {:.1} MB; a picture may be at most {} MB",
            bytes.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        ));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        jpeg(bytes)
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

fn png(bytes: &[u8]) -> Result<Image, String> {
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
    let mut pixels = Pixels::new(channels, has_alpha);
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
    if pixels.rows != height {
        return Err(format!(
            "is not a readable PNG (it ends after {} of its {height} rows)",
            pixels.rows
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
    let (samples, alpha) = pixels.finish()?;
    Ok(Image {
        width,
        height,
        gray: channels == 1,
        orientation,
        data: Data::Deflated { samples, alpha },
    })
}

/// PNG rows, split into colour and alpha and compressed as they come, so a
/// large picture never sits in memory uncompressed.
struct Pixels {
    channels: usize,
    has_alpha: bool,
    samples: ZlibEncoder<Vec<u8>>,
    alpha: ZlibEncoder<Vec<u8>>,
    /// Whether every alpha value so far is 255: then the mask is dropped.
    opaque: bool,
    rows: u32,
    scratch: Vec<u8>,
}

impl Pixels {
    fn new(channels: usize, has_alpha: bool) -> Pixels {
        Pixels {
            channels,
            has_alpha,
            samples: deflater(),
            alpha: deflater(),
            opaque: true,
            rows: 0,
            scratch: Vec::new(),
        }
    }

    fn row(&mut self, row: &[u8]) -> Result<(), String> {
        self.rows += 1;
        let failed = |e: std::io::Error| format!("cannot be compressed ({e})");
        if !self.has_alpha {
            return self.samples.write_all(row).map_err(failed);
        }
        let step = self.channels + 1;
        self.scratch.clear();
        for px in row.chunks_exact(step) {
            self.scratch.extend_from_slice(&px[..self.channels]);
        }
        self.samples.write_all(&self.scratch).map_err(failed)?;
        self.scratch.clear();
        self.scratch
            .extend(row.chunks_exact(step).map(|px| px[self.channels]));
        self.opaque &= self.scratch.iter().all(|&a| a == 255);
        self.alpha.write_all(&self.scratch).map_err(failed)
    }

    fn finish(self) -> Result<(Vec<u8>, Option<Vec<u8>>), String> {
        let failed = |e: std::io::Error| format!("cannot be compressed ({e})");
        let samples = self.samples.finish().map_err(failed)?;
        // A fully opaque mask changes nothing: leave it out.
        let alpha = if self.opaque {
            None
        } else {
            Some(self.alpha.finish().map_err(failed)?)
        };
        Ok((samples, alpha))
    }
}

fn jpeg(bytes: &[u8]) -> Result<Image, String> {
    let layout = super::jpeg::layout(bytes, MAX_SIDE)?;
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
    drop(decoded);
    let orientation = layout
        .exif
        .map_or(Orientation::Upright, |r| exif_orientation(&bytes[r]));
    Ok(Image {
        width,
        height,
        gray,
        orientation,
        data: Data::Jpeg(bytes[..layout.end].to_vec()),
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

    #[test]
    fn decodes_a_png_and_keeps_only_a_mask_that_matters() {
        let image = decode(&png(3, 2, true)).expect("a PNG");
        assert_eq!((image.width, image.height, image.gray), (3, 2, false));
        let Data::Deflated { samples, alpha } = &image.data else {
            panic!("pixels")
        };
        assert_eq!(inflate(samples), [200; 18]);
        assert_eq!(
            inflate(alpha.as_deref().expect("a mask")),
            [0, 200, 200, 200, 200, 200]
        );
        let image = decode(&png(3, 2, false)).expect("a PNG");
        assert!(matches!(image.data, Data::Deflated { alpha: None, .. }));
    }

    #[test]
    fn refuses_what_it_cannot_or_should_not_draw() {
        assert_eq!(
            decode(b"GIF89a...").unwrap_err(),
            "is not a PNG or JPEG file"
        );
        assert!(
            decode(&png(4097, 1, false))
                .unwrap_err()
                .contains("is 4097 x 1 pixels; a picture may be at most 4096 x 4096")
        );
        let mut cut = png(20, 20, false);
        cut.truncate(cut.len() - 20);
        assert!(
            decode(&cut)
                .unwrap_err()
                .starts_with("is not a readable PNG")
        );
        let big = vec![0u8; super::MAX_BYTES + 1];
        assert!(decode(&big).unwrap_err().contains("at most 5 MB"));
        assert!(
            decode(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0])
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

    /// Issue 11, finding 9: a JPEG is fully decoded at load: baseline,
    /// progressive and grey ones are read; cut short anywhere (even by its
    /// last byte), or claiming more pixels than it holds, it is refused.
    #[test]
    fn issue_11_finding_9_truncated_or_lying_jpegs_are_refused() {
        for (jpeg, gray) in [(FLAG, false), (PROGRESSIVE, false), (GRAY, true)] {
            let image = decode(jpeg).expect("a JPEG");
            assert_eq!((image.width, image.height, image.gray), (32, 16, gray));
            assert_eq!(image.data, Data::Jpeg(jpeg.to_vec()));
            for cut in 1..jpeg.len() - 3 {
                let why = decode(&jpeg[..jpeg.len() - cut]).expect_err("cut short");
                assert!(why.starts_with("is not a readable JPEG"), "{cut}: {why}");
            }
            for (h, w) in [(4096, 4096), (16, 4096), (4096, 32), (64, 64)] {
                let why = decode(&claiming(jpeg, h, w)).expect_err("a lie");
                assert!(why.starts_with("is not a readable JPEG"), "{h}x{w}: {why}");
            }
            assert_eq!(
                decode(&claiming(jpeg, 0, 32)).expect_err("no rows"),
                "is 32 x 0 pixels: a picture needs at least one pixel each way"
            );
            assert_eq!(
                decode(&claiming(jpeg, 16, 0)).expect_err("no columns"),
                "is 0 x 16 pixels: a picture needs at least one pixel each way"
            );
            assert_eq!(
                decode(&claiming(jpeg, 5000, 32)).expect_err("too tall"),
                "is 32 x 5000 pixels; a picture may be at most 4096 x 4096"
            );
            // What a camera appends after the end marker is not embedded.
            let mut trailer = jpeg.to_vec();
            trailer.extend(b"motion photo video data");
            let image = decode(&trailer).expect("a JPEG with a trailer");
            assert_eq!(image.data, Data::Jpeg(jpeg.to_vec()));
        }
    }

    /// Issue 11, finding 9: zero pixels get their own message in PNGs too.
    #[test]
    fn issue_11_finding_9_an_empty_png_has_its_own_message() {
        let mut empty = png(1, 1, false);
        // IHDR's height, then its CRC, recomputed.
        empty[20..24].copy_from_slice(&0u32.to_be_bytes());
        let crc = crc32(&empty[12..29]);
        empty[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            decode(&empty).expect_err("no rows"),
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

    /// Issue 11, finding 9: the EXIF orientation is read, in either byte
    /// order, and turns the printed size for the quarter turns.
    #[test]
    fn issue_11_finding_9_exif_orientation_is_kept() {
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
                let image = decode(&with_orientation(FLAG, value, big)).expect("a JPEG");
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
            decode(FLAG).expect("a JPEG").orientation,
            Orientation::Upright
        );
        assert_eq!(
            super::exif_orientation(b"MM\0\x2A\xFF\xFF\xFF\xFF"),
            Orientation::Upright
        );
        assert_eq!(super::exif_orientation(b""), Orientation::Upright);
    }
}
