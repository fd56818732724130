//! A stored picture as a PNG file, for the editor's SVG figures: the
//! samples a clinic's PNG was decoded into (`document::image::Data::Deflated`,
//! the stream the PDF embeds) wrapped in PNG's chunks, so the library shows
//! the picture the sheet prints, not a second decoding of the file.
//!
//! In: the picture's stored size, channels and zlib stream; out: the bytes
//! of a PNG (8-bit grey or RGB). A stream whose rows carry PNG predictors
//! is already PNG's image data and is kept as it is; one without gets a
//! "no filter" byte before each row and is compressed again. Pure and
//! deterministic.

use std::io::{Read as _, Write as _};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;

/// A PNG of `width` x `height` pixels of `channels` (1 grey, 3 RGB) 8-bit
/// samples, from their zlib stream; `None` if the stream does not hold
/// that many samples (it always does for a picture `picture` decoded).
pub fn png(
    width: u32,
    height: u32,
    channels: u8,
    stream: &[u8],
    predicted: bool,
) -> Option<Vec<u8>> {
    let data = if predicted {
        stream.to_vec()
    } else {
        let row = width as usize * usize::from(channels);
        let mut samples = Vec::with_capacity(row * height as usize);
        ZlibDecoder::new(stream)
            .take((row * height as usize + 1) as u64)
            .read_to_end(&mut samples)
            .ok()?;
        if samples.len() != row * height as usize || row == 0 {
            return None;
        }
        let mut z = ZlibEncoder::new(Vec::new(), Compression::new(4));
        for line in samples.chunks(row) {
            z.write_all(&[0]).ok()?;
            z.write_all(line).ok()?;
        }
        z.finish().ok()?
    };
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    // 8 bits; grey (0) or RGB (2); deflate, adaptive filters, no interlace.
    header.extend([8, if channels == 1 { 0 } else { 2 }, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &data);
    chunk(&mut out, b"IEND", &[]);
    Some(out)
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend(kind);
    out.extend(data);
    out.extend(crc.sum().to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::png;
    use std::io::Write as _;

    fn deflate(bytes: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(bytes).expect("in memory");
        z.finish().expect("in memory")
    }

    fn decoded(file: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = ::png::Decoder::new(std::io::Cursor::new(file))
            .read_info()
            .expect("a PNG header");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut pixels).expect("the pixels");
        pixels.truncate(info.buffer_size());
        (info.width, info.height, pixels)
    }

    #[test]
    fn unpredicted_samples_become_a_png_with_the_same_pixels() {
        let rgb: Vec<u8> = (0..2 * 3 * 3).map(|i| (i * 13) as u8).collect();
        let file = png(2, 3, 3, &deflate(&rgb), false).expect("a PNG");
        assert_eq!(decoded(&file), (2, 3, rgb));
    }

    #[test]
    fn predicted_rows_are_kept_as_the_png_image_data() {
        // Two grey rows, the second "up"-filtered (2): 10 20, then +5 +5.
        let rows = [0, 10, 20, 2, 5, 5];
        let file = png(2, 2, 1, &deflate(&rows), true).expect("a PNG");
        assert_eq!(decoded(&file), (2, 2, vec![10, 20, 15, 25]));
    }

    #[test]
    fn too_few_samples_are_no_png() {
        assert_eq!(png(4, 4, 1, &deflate(&[1, 2, 3]), false), None);
    }
}
