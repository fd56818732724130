//! A BIFF stream -> its records, as calamine 0.32's `RecordIter` reads
//! them (a CONTINUE record joined to the one before), each with where it
//! starts, for messages.

use super::Fault;
use crate::batch::reader::cfb::u16_at;

/// A BIFF record: its type, where it starts in the stream, its data and
/// the CONTINUE records calamine joins to it.
pub(super) struct Record<'a> {
    pub typ: u16,
    pub at: usize,
    pub data: &'a [u8],
    pub cont: std::collections::VecDeque<&'a [u8]>,
}

impl<'a> Record<'a> {
    /// The next CONTINUE record's data, as calamine moves on to it.
    pub fn next_part(&mut self) -> bool {
        match self.cont.pop_front() {
            Some(part) => {
                self.data = part;
                true
            }
            None => false,
        }
    }

    pub fn short(&self, what: &str) -> Fault {
        Fault::Damaged(format!(
            "its {what} record at byte {} is {} bytes, too short",
            self.at,
            self.data.len()
        ))
    }

    /// The data, when it is at least `n` bytes.
    pub fn at_least(&self, n: usize, what: &str) -> Result<&'a [u8], Fault> {
        if self.data.len() < n {
            return Err(self.short(what));
        }
        Ok(self.data)
    }
}

/// The records from byte `at` of the stream on, as calamine's
/// `RecordIter` reads them.
pub(super) struct Records<'a> {
    pub stream: &'a [u8],
    pub at: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Fault>;

    fn next(&mut self) -> Option<Self::Item> {
        let cut = |at: usize| {
            Some(Err(Fault::Damaged(format!(
                "it is cut short: the record at byte {at} runs past the end of the stream"
            ))))
        };
        if self.stream.len() < 4 {
            return if self.stream.is_empty() {
                None
            } else {
                cut(self.at)
            };
        }
        let at = self.at;
        let typ = u16_at(self.stream, 0);
        let len = usize::from(u16_at(self.stream, 2));
        if self.stream.len() < len + 4 {
            return cut(at);
        }
        let (record, next) = self.stream.split_at(len + 4);
        self.stream = next;
        self.at += len + 4;
        let mut cont = std::collections::VecDeque::new();
        if next.len() > 4 && u16_at(next, 0) == 0x003C {
            while self.stream.len() > 4 && u16_at(self.stream, 0) == 0x003C {
                let len = usize::from(u16_at(self.stream, 2));
                if self.stream.len() < len + 4 {
                    return cut(self.at);
                }
                let (part, rest) = self.stream.split_at(len + 4);
                cont.push_back(&part[4..]);
                self.stream = rest;
                self.at += len + 4;
            }
        }
        Some(Ok(Record {
            typ,
            at,
            data: &record[4..],
            cont,
        }))
    }
}
