//! zlib compression of a PDF's streams: one compressor per thread, and the
//! font streams a batch's sheets share compressed once per thread.
//!
//! Invariant: the bytes out depend on nothing but the bytes in. The
//! compressor is reset before every stream, and a remembered stream is
//! returned only for input equal, byte for byte, to the one it was made
//! from, so a hit gives exactly what compressing again would.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

/// zlib level for every stream. printpdf's own, level 9, cost ~3 ms a
/// sheet. For the example plan (five pages) level 2 takes ~0.3 ms and gives
/// 22.5 KB; level 3 saves 2% for 10% more time; level 1 saves 0.2 ms but
/// gives 26.7 KB, over the 25 KB a sheet may take.
const COMPRESSION_LEVEL: u32 = 2;

/// Streams remembered per thread: two per face (program and `/ToUnicode`),
/// for four faces, twice over for batches whose sheets alternate between
/// two glyph sets.
const SHARED_STREAMS: usize = 16;

/// The largest stream remembered; bigger ones (a whole fallback face, when
/// subsetting failed) are compressed every time rather than held.
const SHARED_MAX: usize = 256 * 1024;

thread_local! {
    static Z: RefCell<Compress> =
        RefCell::new(Compress::new(Compression::new(COMPRESSION_LEVEL), true));
    static SHARED: RefCell<Shared> = const { RefCell::new(Shared { clock: 0, streams: Vec::new() }) };
}

/// The font streams this thread compressed last, most recent use first out
/// when full.
struct Shared {
    clock: u64,
    streams: Vec<Remembered>,
}

struct Remembered {
    raw: Vec<u8>,
    packed: Vec<u8>,
    used: u64,
}

/// zlib-compress `data`. One compressor per thread, reset between streams:
/// a sheet has a dozen small streams, and setting up a fresh one (its
/// window and tables allocated and zeroed) cost more than compressing most
/// of them. A reset stream writes the same bytes as a fresh one.
pub(super) fn deflate(data: &[u8]) -> Vec<u8> {
    Z.with(|z| {
        let mut z = z.borrow_mut();
        z.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let read = z.total_in() as usize;
            let status = z
                .compress_vec(&data[read..], &mut out, FlushCompress::Finish)
                .expect("compressing into a Vec cannot fail: no I/O");
            if status == Status::StreamEnd {
                break;
            }
            // Out of room: give it more and go on.
            out.reserve(out.capacity().max(64));
        }
        out
    })
}

/// `deflate(data)`, remembered for the next sheet: for a stream that is
/// the same on most sheets of a batch (a face's program and `/ToUnicode`
/// map, which depend only on the glyphs drawn). About a third of a sheet's
/// compression work was these streams, again and again.
pub(super) fn deflate_shared(data: &[u8]) -> Vec<u8> {
    if data.len() > SHARED_MAX {
        return deflate(data);
    }
    SHARED.with(|shared| {
        let mut shared = shared.borrow_mut();
        shared.clock += 1;
        let now = shared.clock;
        if let Some(hit) = shared.streams.iter_mut().find(|s| s.raw == data) {
            hit.used = now;
            return hit.packed.clone();
        }
        let packed = deflate(data);
        let remembered = Remembered {
            raw: data.to_vec(),
            packed: packed.clone(),
            used: now,
        };
        if shared.streams.len() < SHARED_STREAMS {
            shared.streams.push(remembered);
        } else if let Some(oldest) = shared.streams.iter_mut().min_by_key(|s| s.used) {
            *oldest = remembered;
        }
        packed
    })
}

#[cfg(test)]
mod tests {
    use super::{SHARED_STREAMS, deflate, deflate_shared};

    fn inflate(packed: &[u8]) -> Vec<u8> {
        use std::io::Read as _;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(packed)
            .read_to_end(&mut out)
            .expect("valid zlib");
        out
    }

    /// A remembered stream is given back only for the very same bytes, and
    /// is what compressing them afresh gives, however many streams came
    /// between and however the cache was filled.
    #[test]
    fn shared_gives_what_deflate_gives_for_the_same_bytes_only() {
        let streams: Vec<Vec<u8>> = (0..SHARED_STREAMS * 3)
            .map(|i| format!("BT /F1 12 Tf ({}) Tj ET\n", i % (SHARED_STREAMS + 3)).repeat(40))
            .map(String::into_bytes)
            .collect();
        for round in 0..3 {
            for (i, raw) in streams.iter().enumerate() {
                let shared = deflate_shared(raw);
                assert_eq!(shared, deflate(raw), "stream {i}, round {round}");
                assert_eq!(&inflate(&shared), raw, "stream {i}, round {round}");
            }
        }
        // Same length, one byte apart: never confused.
        let a = b"patient A".repeat(30);
        let mut b = a.clone();
        b[5] = b'B';
        let packed_a = deflate_shared(&a);
        assert_eq!(inflate(&deflate_shared(&b)), b);
        assert_eq!(inflate(&packed_a), a);
    }
}
