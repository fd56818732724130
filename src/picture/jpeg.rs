//! The structure of a JPEG file, read without decoding a pixel: its size,
//! components, EXIF block and where it ends, and whether its coded data
//! really holds every block its header promises.
//!
//! The decoder rx uses (zune-jpeg) is lenient: data that runs out early, in
//! a cut-short file or under a header claiming more pixels than the file
//! holds, it fills with grey and reports success. So before decoding, the
//! markers are walked from start to end-of-image (a file that ends first is
//! cut short), and each scan's Huffman codes are stepped through block by
//! block, counting the blocks the data holds against the blocks the size
//! implies. Only progressive refinement scans, whose
//! length depends on earlier scans, are not counted; the first scan of every
//! image is.

use std::ops::Range;

/// What a JPEG's markers say.
#[derive(Debug, Default)]
pub struct Layout {
    pub width: u16,
    pub height: u16,
    /// Each component's id and horizontal and vertical sampling factors.
    pub components: Vec<(u8, u8, u8)>,
    /// Where the EXIF (TIFF) data lies, if there is any.
    pub exif: Option<Range<usize>>,
    /// Just past the end-of-image marker.
    pub end: usize,
}

/// Walk `bytes` from the start-of-image marker to end-of-image. A size of
/// zero or over `max_side` comes back as soon as it is read (the caller
/// refuses it in words of its own); a file that ends early, uses a coding
/// rx cannot read, or holds fewer blocks than its size needs is an error,
/// in words.
pub fn layout(bytes: &[u8], max_side: u32) -> Result<Layout, String> {
    let mut layout = Layout::default();
    let mut progressive = false;
    let mut seen_frame = false;
    let mut scans = 0;
    let mut restart = 0u16;
    // Huffman tables in force: [class: DC, AC][id].
    let mut tables: [[Option<Huffman>; 4]; 2] = Default::default();
    let mut at = 2;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        if *bytes.get(at).ok_or_else(cut)? != 0xFF {
            return Err(corrupt("a marker is missing"));
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at).ok_or_else(cut)?;
        at += 1;
        match marker {
            0xD9 if scans == 0 => return Err(corrupt("it has no image data")),
            0xD9 => {
                layout.end = at;
                return Ok(layout);
            }
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at).ok_or_else(cut)?,
            *bytes.get(at + 1).ok_or_else(cut)?,
        ]));
        if len < 2 {
            return Err(corrupt("a marker has a bad length"));
        }
        let body = bytes.get(at + 2..at + len).ok_or_else(cut)?;
        at += len;
        match marker {
            // Start of frame: baseline, extended and progressive Huffman.
            0xC0..=0xC2 => {
                frame(&mut layout, body)?;
                progressive = marker == 0xC2;
                let sides = [layout.width, layout.height].map(u32::from);
                if sides.iter().any(|&s| s == 0 || s > max_side) {
                    return Ok(layout);
                }
                seen_frame = true;
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(corrupt(
                    "it uses lossless or arithmetic coding, which rx cannot read",
                ));
            }
            0xC4 => huffman_tables(body, &mut tables)?,
            0xDD => {
                let r = body
                    .get(..2)
                    .ok_or_else(|| corrupt("its restart interval is too short"))?;
                restart = u16::from_be_bytes([r[0], r[1]]);
            }
            0xDA => {
                if !seen_frame {
                    return Err(corrupt("image data comes before its frame header"));
                }
                let (scan, next) = scan(bytes, body, at, &layout, &tables, progressive, restart)?;
                scan.count_blocks()?;
                scans += 1;
                at = next;
            }
            0xE1 if layout.exif.is_none() && body.starts_with(b"Exif\0\0") => {
                layout.exif = Some(at - body.len() + 6..at);
            }
            _ => {}
        }
    }
}

/// A start-of-frame segment: the size and the components with their
/// sampling factors, each 1 to 4.
fn frame(layout: &mut Layout, body: &[u8]) -> Result<(), String> {
    let short = || corrupt("its frame header is too short");
    let head = body.get(..6).ok_or_else(short)?;
    layout.height = u16::from_be_bytes([head[1], head[2]]);
    layout.width = u16::from_be_bytes([head[3], head[4]]);
    let n = usize::from(head[5]);
    layout.components = body
        .get(6..6 + 3 * n)
        .ok_or_else(short)?
        .chunks_exact(3)
        .map(|c| (c[0], c[1] >> 4, c[1] & 15))
        .collect();
    let sampling_ok = layout
        .components
        .iter()
        .all(|c| (1..=4).contains(&c.1) && (1..=4).contains(&c.2));
    if !sampling_ok || n == 0 {
        return Err(corrupt("its frame header is invalid"));
    }
    Ok(())
}

/// A define-Huffman-tables segment: each table into `tables`, by class
/// (DC, AC) and id.
fn huffman_tables(body: &[u8], tables: &mut [[Option<Huffman>; 4]; 2]) -> Result<(), String> {
    let mut rest = body;
    while let [class_id, tail @ ..] = rest {
        let short = || corrupt("a Huffman table is cut short");
        let counts: [u8; 16] = tail
            .get(..16)
            .and_then(|c| c.try_into().ok())
            .ok_or_else(short)?;
        let total: usize = counts.iter().map(|&c| usize::from(c)).sum();
        let symbols = tail.get(16..16 + total).ok_or_else(short)?;
        let class = usize::from(class_id >> 4).min(1);
        tables[class][usize::from(class_id & 3)] = Some(Huffman::new(&counts, symbols));
        rest = &tail[16 + total..];
    }
    Ok(())
}

fn cut() -> String {
    "is not a readable JPEG (the file is cut short)".to_owned()
}

fn corrupt(what: &str) -> String {
    format!("is not a readable JPEG ({what})")
}

fn short_data(layout: &Layout) -> String {
    format!(
        "is not a readable JPEG (its header says {} x {} pixels, but the file holds data for fewer)",
        layout.width, layout.height
    )
}

/// A Huffman table as JPEG's decoding procedure uses it (ITU T.81 F.2.2.3):
/// for each code length, the largest code, and where its symbols start.
#[derive(Debug, Clone)]
struct Huffman {
    /// Largest code of each length 1..=16, or -1 when there is none.
    max_code: [i32; 17],
    /// First code of each length, minus the index of its first symbol.
    offset: [i32; 17],
    symbols: Vec<u8>,
}

impl Huffman {
    fn new(counts: &[u8; 16], symbols: &[u8]) -> Huffman {
        let mut max_code = [-1; 17];
        let mut offset = [0; 17];
        let (mut code, mut index) = (0i32, 0i32);
        for len in 1..=16 {
            let n = i32::from(counts[len - 1]);
            if n > 0 {
                offset[len] = code - index;
                code += n;
                index += n;
                max_code[len] = code - 1;
            }
            code <<= 1;
        }
        Huffman {
            max_code,
            offset,
            symbols: symbols.to_vec(),
        }
    }

    fn decode(&self, bits: &mut Bits) -> Option<u8> {
        let mut code = 0i32;
        for len in 1..=16 {
            code = (code << 1) | i32::from(bits.bit()?);
            if code <= self.max_code[len] {
                let index = usize::try_from(code - self.offset[len]).ok()?;
                return self.symbols.get(index).copied();
            }
        }
        None
    }
}

/// Bits of one restart interval's coded data, byte stuffing removed.
struct Bits<'a> {
    data: &'a [u8],
    at: usize,
    bit: u8,
}

impl<'a> Bits<'a> {
    fn new(data: &'a [u8]) -> Bits<'a> {
        Bits {
            data,
            at: 0,
            bit: 0,
        }
    }

    /// The next bit; `None` past the end of the data.
    fn bit(&mut self) -> Option<u8> {
        let byte = *self.data.get(self.at)?;
        let b = (byte >> (7 - self.bit)) & 1;
        self.bit += 1;
        if self.bit == 8 {
            self.bit = 0;
            self.at += 1;
        }
        Some(b)
    }

    fn skip(&mut self, n: u8) -> Option<()> {
        for _ in 0..n {
            self.bit()?;
        }
        Some(())
    }
}

/// One scan: its components' tables and block counts, its spectral range,
/// and its coded data cut at each restart marker.
struct Scan<'a> {
    /// Per component: its DC and AC tables, its sampling factors.
    components: Vec<(Option<Huffman>, Option<Huffman>, u8, u8)>,
    layout: &'a Layout,
    progressive: bool,
    /// Spectral selection (first and last coefficient) and successive
    /// approximation high bit.
    ss: u8,
    se: u8,
    ah: u8,
    restart: u16,
    /// Each restart interval's bytes, stuffing removed.
    intervals: Vec<Vec<u8>>,
}

/// Read a scan header (`body`) and its coded data from `at`; the scan and
/// where the next marker starts.
fn scan<'a>(
    bytes: &[u8],
    body: &[u8],
    mut at: usize,
    layout: &'a Layout,
    tables: &[[Option<Huffman>; 4]; 2],
    progressive: bool,
    restart: u16,
) -> Result<(Scan<'a>, usize), String> {
    let short = || corrupt("a scan header is too short");
    let n = usize::from(*body.first().ok_or_else(short)?);
    let specs = body.get(1..1 + 2 * n).ok_or_else(short)?;
    let tail = body.get(1 + 2 * n..1 + 2 * n + 3).ok_or_else(short)?;
    let mut components = Vec::new();
    for spec in specs.chunks_exact(2) {
        let &(_, h, v) = layout
            .components
            .iter()
            .find(|c| c.0 == spec[0])
            .ok_or_else(|| corrupt("a scan names an unknown component"))?;
        let dc = tables[0][usize::from(spec[1] >> 4) & 3].clone();
        let ac = tables[1][usize::from(spec[1] & 15) & 3].clone();
        components.push((dc, ac, h, v));
    }
    if components.is_empty() {
        return Err(corrupt("a scan has no components"));
    }
    // Coded data runs to the next marker that is not a restart.
    let mut intervals = vec![Vec::new()];
    loop {
        match bytes.get(at..at + 2) {
            None => return Err(cut()),
            Some([0xFF, 0x00]) => {
                intervals.last_mut().expect("one interval").push(0xFF);
                at += 2;
            }
            Some([0xFF, 0xD0..=0xD7]) => {
                intervals.push(Vec::new());
                at += 2;
            }
            Some([0xFF, 0xFF]) => at += 1,
            Some([0xFF, _]) => break,
            Some(&[b, _]) => {
                intervals.last_mut().expect("one interval").push(b);
                at += 1;
            }
            Some(_) => return Err(cut()),
        }
    }
    let scan = Scan {
        components,
        layout,
        progressive,
        ss: tail[0],
        se: tail[1].min(63),
        ah: tail[2] >> 4,
        restart,
        intervals,
    };
    Ok((scan, at))
}

impl Scan<'_> {
    /// Step through every block the image's size implies; an error if the
    /// data runs out (or a code is not in its table) before the last one.
    fn count_blocks(&self) -> Result<(), String> {
        // Refinement scans' lengths depend on earlier scans: not counted.
        if self.progressive && self.ah > 0 {
            return Ok(());
        }
        let layout = self.layout;
        let (w, h) = (u32::from(layout.width), u32::from(layout.height));
        let h_max = u32::from(layout.components.iter().map(|c| c.1).max().unwrap_or(1));
        let v_max = u32::from(layout.components.iter().map(|c| c.2).max().unwrap_or(1));
        // Each unit (an MCU, or a block in a one-component scan) and the
        // blocks of each component in it.
        let (units, per_unit): (u32, Vec<u32>) = if self.components.len() == 1 {
            let (_, _, hs, vs) = &self.components[0];
            let cw = (w * u32::from(*hs)).div_ceil(h_max);
            let ch = (h * u32::from(*vs)).div_ceil(v_max);
            (cw.div_ceil(8) * ch.div_ceil(8), vec![1])
        } else {
            let units = w.div_ceil(8 * h_max) * h.div_ceil(8 * v_max);
            let per = self
                .components
                .iter()
                .map(|c| u32::from(c.2) * u32::from(c.3))
                .collect();
            (units, per)
        };
        let short = || short_data(layout);
        let per_interval = if self.restart == 0 {
            units
        } else {
            u32::from(self.restart)
        };
        let mut eob_run = 0u32;
        let mut intervals = self.intervals.iter();
        let mut bits = Bits::new(&[]);
        for unit in 0..units {
            if unit % per_interval == 0 {
                bits = Bits::new(intervals.next().ok_or_else(short)?);
                eob_run = 0;
            }
            for (c, &blocks) in self.components.iter().zip(&per_unit) {
                for _ in 0..blocks {
                    let ok = if !self.progressive {
                        sequential_block(&mut bits, c.0.as_ref(), c.1.as_ref())
                    } else if self.ss == 0 {
                        dc_block(&mut bits, c.0.as_ref())
                    } else {
                        ac_first_block(&mut bits, c.1.as_ref(), self.ss..=self.se, &mut eob_run)
                    };
                    ok.ok_or_else(short)?;
                }
            }
        }
        Ok(())
    }
}

/// A DC difference: its size category, then that many bits.
fn dc_block(bits: &mut Bits, dc: Option<&Huffman>) -> Option<()> {
    let size = dc?.decode(bits)?;
    bits.skip(size)
}

/// A sequential block: a DC difference, then AC run/size codes up to the
/// end-of-block code or the 63rd coefficient.
fn sequential_block(bits: &mut Bits, dc: Option<&Huffman>, ac: Option<&Huffman>) -> Option<()> {
    dc_block(bits, dc)?;
    let ac = ac?;
    let mut k = 1;
    while k < 64 {
        let rs = ac.decode(bits)?;
        let (run, size) = (rs >> 4, rs & 15);
        if size == 0 {
            if run != 15 {
                break;
            }
            k += 16;
        } else {
            k += usize::from(run) + 1;
            bits.skip(size)?;
        }
    }
    Some(())
}

/// A progressive first AC scan's block: as a sequential block's AC part,
/// over the scan's band of coefficients, but an end-of-band code may cover a
/// run of the following blocks.
fn ac_first_block(
    bits: &mut Bits,
    ac: Option<&Huffman>,
    band: std::ops::RangeInclusive<u8>,
    eob_run: &mut u32,
) -> Option<()> {
    if *eob_run > 0 {
        *eob_run -= 1;
        return Some(());
    }
    let ac = ac?;
    let mut k = usize::from(*band.start());
    while k <= usize::from(*band.end()) {
        let rs = ac.decode(bits)?;
        let (run, size) = (rs >> 4, rs & 15);
        if size == 0 {
            if run != 15 {
                let mut extra = 0u32;
                for _ in 0..run {
                    extra = (extra << 1) | u32::from(bits.bit()?);
                }
                *eob_run = (1u32 << run) + extra - 1;
                break;
            }
            k += 16;
        } else {
            k += usize::from(run) + 1;
            bits.skip(size)?;
        }
    }
    Some(())
}
