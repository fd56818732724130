//! A clinic's own picture for an exercise (`figure_image = "wall-sit.png"`):
//! a PNG or JPEG file, checked and decoded when the catalogue loads.
//!
//! The file's bytes come from the caller (only `cli` reads files). A picture
//! is refused when larger than `MAX_BYTES`, wider or taller than `MAX_SIDE`
//! pixels (checked from the header, before any pixel is decoded), or when it
//! does not decode. A JPEG keeps its own bytes, which the PDF embeds as they
//! are; a PNG becomes 8-bit pixels, its transparency a separate mask.

use std::io::Cursor;

/// Largest picture file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Widest and tallest picture accepted, in pixels.
pub const MAX_SIDE: u32 = 4096;

/// A decoded picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// One channel (grey) or three (RGB).
    pub gray: bool,
    pub data: Data,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// The JPEG file itself.
    Jpeg(Vec<u8>),
    /// 8-bit samples, row by row, and the alpha channel if any.
    Pixels {
        samples: Vec<u8>,
        alpha: Option<Vec<u8>>,
    },
}

impl Image {
    /// "PNG" or "JPEG", for messages and the layout dump.
    pub fn kind(&self) -> &'static str {
        match self.data {
            Data::Jpeg(_) => "jpeg",
            Data::Pixels { .. } => "png",
        }
    }
}

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

fn too_big(width: u32, height: u32) -> Option<String> {
    (width > MAX_SIDE || height > MAX_SIDE || width == 0 || height == 0).then(|| {
        format!("is {width} x {height} pixels; a picture may be at most {MAX_SIDE} x {MAX_SIDE}")
    })
}

fn png(bytes: &[u8]) -> Result<Image, String> {
    let broken = |e: png::DecodingError| format!("is not a readable PNG ({e})");
    // Enough for the largest accepted picture, RGBA at 16 bits.
    let limits = png::Limits {
        bytes: (MAX_SIDE as usize) * (MAX_SIDE as usize) * 8,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(broken)?;
    let (width, height) = (reader.info().width, reader.info().height);
    if let Some(message) = too_big(width, height) {
        return Err(message);
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "is too large to decode".to_owned())?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(broken)?;
    buf.truncate(frame.buffer_size());
    let (channels, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err("uses a palette rx cannot expand".to_owned()),
    };
    let (samples, alpha) = if has_alpha {
        let step = channels + 1;
        let mut samples = Vec::with_capacity(buf.len() / step * channels);
        let mut alpha = Vec::with_capacity(buf.len() / step);
        for px in buf.chunks_exact(step) {
            samples.extend_from_slice(&px[..channels]);
            alpha.push(px[channels]);
        }
        // A fully opaque mask changes nothing: leave it out.
        let alpha = alpha.iter().any(|&a| a != 255).then_some(alpha);
        (samples, alpha)
    } else {
        (buf, None)
    };
    Ok(Image {
        width,
        height,
        gray: channels == 1,
        data: Data::Pixels { samples, alpha },
    })
}

fn jpeg(bytes: &[u8]) -> Result<Image, String> {
    let broken = |e: zune_jpeg::errors::DecodeErrors| format!("is not a readable JPEG ({e:?})");
    let options = zune_jpeg::zune_core::options::DecoderOptions::default()
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, options);
    decoder.decode_headers().map_err(|e| {
        let text = format!("{e:?}");
        if text.contains("width") || text.contains("height") {
            format!("is larger than {MAX_SIDE} x {MAX_SIDE} pixels")
        } else {
            broken(e)
        }
    })?;
    let info = decoder
        .info()
        .ok_or_else(|| "is not a readable JPEG".to_owned())?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if let Some(message) = too_big(width, height) {
        return Err(message);
    }
    let gray = match info.components {
        1 => true,
        3 => false,
        n => {
            return Err(format!(
                "has {n} colour channels (CMYK?); save it as an RGB or greyscale JPEG"
            ));
        }
    };
    // Decode every pixel once, so a truncated file is caught here rather
    // than in a PDF viewer.
    decoder.decode().map_err(broken)?;
    Ok(Image {
        width,
        height,
        gray,
        data: Data::Jpeg(bytes.to_vec()),
    })
}

#[cfg(test)]
pub mod tests {
    use super::{Data, decode};

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

    #[test]
    fn decodes_a_png_and_keeps_only_a_mask_that_matters() {
        let image = decode(&png(3, 2, true)).expect("a PNG");
        assert_eq!((image.width, image.height, image.gray), (3, 2, false));
        let Data::Pixels { samples, alpha } = &image.data else {
            panic!("pixels")
        };
        assert_eq!(samples.len(), 18);
        assert_eq!(alpha.as_ref().map(Vec::len), Some(6));
        let image = decode(&png(3, 2, false)).expect("a PNG");
        assert!(matches!(image.data, Data::Pixels { alpha: None, .. }));
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
}
