//! zlib compression of a PDF's streams, with one compressor per thread.
//!
//! Invariant: the bytes out depend on nothing but the bytes in: the
//! compressor is reset before every stream, and a reset one writes the same
//! bytes as a fresh one.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

/// zlib level for every stream. printpdf's own, level 9, cost ~3 ms a
/// sheet. Measured with `cargo bench --bench sheet` (2026-12-01): level 4
/// against level 2 makes the sheet with six QR codes 1.7 KB smaller (28.6
/// KB) for +0.16 ms (1.19 ms); level 6 saves only 0.3 KB more for another
/// +0.2 ms. Vector QR modules compress poorly, so they need the higher level.
const COMPRESSION_LEVEL: u32 = 4;

thread_local! {
    static Z: RefCell<Compress> =
        RefCell::new(Compress::new(Compression::new(COMPRESSION_LEVEL), true));
}

/// zlib-compress `data`. One compressor per thread, reset between streams:
/// a sheet has a dozen small streams, and setting up a fresh one (its
/// window and tables allocated and zeroed) cost more than compressing most
/// of them.
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
