//! An `.xls`'s container, an OLE2 compound file -> its `Workbook` stream,
//! found the way calamine 0.32 finds it (`calamine/src/cfb.rs`), so that
//! `xls` walks the very bytes calamine will read.
//!
//! calamine trusts the container: it reserves what the header and the
//! directory say (a stream "of 4 GiB"), follows sector chains with no end
//! (a chain that loops grows until memory runs out), and indexes its
//! tables with the numbers it finds (a sector past the table, or a sector
//! cut short by the end of the file, ends the program). Here every such
//! number is checked first: a reservation is at most the file's size, a
//! chain visits at most as many sectors as the file holds, and every
//! sector read is whole and inside the file. A container that fails one is
//! refused as damaged before calamine opens it.

/// The eight bytes every compound file starts with.
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sector numbers from here up end a chain or mark special sectors.
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

/// Most bytes calamine may reserve for a table the header sizes: the
/// workbook size cap, far above what a real file's header asks for.
const MAX_RESERVED: u64 = super::workbook::MAX_WORKBOOK;

/// Whether the bytes are a compound file (an `.xls`, whatever its name).
pub fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

/// The `Workbook` stream (or a BIFF5 file's `Book`) of the compound file
/// `bytes`, or why calamine could not read the container safely.
pub fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let file = File::open(bytes)?;
    let dirs = file.directories()?;
    let (mini_fats, ministream) = file.mini_stream(&dirs)?;
    let find = |name: &str| dirs.iter().find(|d| d.name == name);
    let Some(stream) = find("Workbook").or_else(|| find("Book")) else {
        return Err("it holds no workbook (no `Workbook` stream)".to_owned());
    };
    if stream.len < 4096 {
        let sectors = Sectors {
            data: &ministream,
            size: 64,
            maxid: file.sectors.maxid.saturating_mul(8),
        };
        sectors.chain(stream.start, &mini_fats, stream.len)
    } else {
        reserve(stream.len, file.len, "the workbook stream")?;
        file.sectors.chain(stream.start, &file.fats, stream.len)
    }
}

/// The container's header and sector tables, as calamine loads them.
struct File<'a> {
    version: u16,
    sectors: Sectors<'a>,
    fats: Vec<u32>,
    dir_len: u64,
    dir_start: u32,
    mini_fat_len: u64,
    mini_fat_start: u32,
    len: u64,
}

impl<'a> File<'a> {
    fn open(bytes: &'a [u8]) -> Result<File<'a>, String> {
        if bytes.len() < 512 {
            return Err(truncated());
        }
        if !is_cfb(bytes) {
            return Err("it is not an Excel 97-2003 workbook".to_owned());
        }
        let size: usize = match u16_at(bytes, 30) {
            0x0009 => 512,
            0x000C => 4096,
            s => return Err(format!("its sector size (shift {s:#x}) is not 512 or 4096")),
        };
        if bytes.len() < size {
            return Err(truncated());
        }
        if u16_at(bytes, 32) != 0x0006 {
            return Err("its mini sector size is not 64".to_owned());
        }
        let len = bytes.len() as u64;
        let (dir_len, mini_fat_len) = (u64::from(u32_at(bytes, 40)), u64::from(u32_at(bytes, 64)));
        // calamine reserves these from the header's own numbers; the DIFAT
        // count it reads is the four bytes at 62 (not the header's 72).
        reserve_table(u64::from(u32_at(bytes, 62)), "its sector index")?;
        reserve_table(u64::from(u32_at(bytes, 44)), "its sector table")?;
        reserve(dir_len * size as u64, len, "its directory")?;
        reserve(mini_fat_len * size as u64, len, "its small-stream table")?;
        let sectors = Sectors {
            data: &bytes[size..],
            size,
            maxid: u32::try_from(bytes.len() / size).unwrap_or(u32::MAX),
        };

        // The sector index: 109 entries in the header, then a chain of
        // sectors of more, each ending in the next one's number.
        let mut difat: Vec<u32> = words(&bytes[76..512]).collect();
        let mut id = u32_at(bytes, 68);
        let mut steps = 0u64;
        while id < RESERVED_SECTORS {
            steps += 1;
            if steps > u64::from(sectors.maxid) + 1 {
                return Err(looped());
            }
            difat.extend(words(sectors.get(id)?));
            id = difat.pop().expect("a whole sector was just added");
        }
        let mut fats = Vec::new();
        let mut count = 0u64;
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            count += 1;
            if count > u64::from(sectors.maxid) + 1 {
                return Err("its sector table is longer than the file".to_owned());
            }
            fats.extend(words(sectors.get(id)?));
        }
        Ok(File {
            version: u16_at(bytes, 26),
            sectors,
            fats,
            dir_len,
            dir_start: u32_at(bytes, 48),
            mini_fat_len,
            mini_fat_start: u32_at(bytes, 60),
            len,
        })
    }

    /// The directory entries, and the root's check calamine makes.
    fn directories(&self) -> Result<Vec<Directory>, String> {
        let size = self.sectors.size;
        let dirs = self
            .sectors
            .chain(self.dir_start, &self.fats, self.dir_len * size as u64)?;
        if dirs.len() % 128 != 0 {
            return Err(truncated());
        }
        let dirs: Vec<Directory> = dirs
            .chunks(128)
            .map(|c| Directory::from_slice(c, size))
            .collect();
        if dirs.is_empty() || (self.version != 3 && dirs[0].start == ENDOFCHAIN) {
            return Err("its root directory is empty".to_owned());
        }
        Ok(dirs)
    }

    /// The small-stream table and the small streams' sectors, when the
    /// header says there are any.
    fn mini_stream(&self, dirs: &[Directory]) -> Result<(Vec<u32>, Vec<u8>), String> {
        if self.mini_fat_len == 0 {
            return Ok((Vec::new(), Vec::new()));
        }
        reserve(dirs[0].len, self.len, "its small streams")?;
        let ministream = self.sectors.chain(dirs[0].start, &self.fats, dirs[0].len)?;
        let size = self.sectors.size as u64;
        let minifat =
            self.sectors
                .chain(self.mini_fat_start, &self.fats, self.mini_fat_len * size)?;
        Ok((words(&minifat).collect(), ministream))
    }
}

/// A reservation of `bytes` calamine makes from a number in the file of
/// `len` bytes.
fn reserve(bytes: u64, len: u64, what: &str) -> Result<(), String> {
    if bytes > len {
        return Err(format!(
            "{what} says it is {bytes} bytes, more than the file's {len}"
        ));
    }
    Ok(())
}

/// A table of `entries` four-byte numbers calamine reserves.
fn reserve_table(entries: u64, what: &str) -> Result<(), String> {
    if entries * 4 > MAX_RESERVED {
        return Err(format!("{what} says it has {entries} entries"));
    }
    Ok(())
}

/// A run of equal sectors, numbered from 0.
#[derive(Clone, Copy)]
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    maxid: u32,
}

impl<'a> Sectors<'a> {
    /// Sector `id`, whole: calamine hands a sector cut short by the end of
    /// the data to code that needs a whole one.
    fn get(&self, id: u32) -> Result<&'a [u8], String> {
        if id > self.maxid {
            return Err(format!(
                "it is cut short: its sector {id} is past the end of the file"
            ));
        }
        let start = id as usize * self.size;
        self.data
            .get(start..start + self.size)
            .ok_or_else(truncated)
    }

    /// The bytes of the chain from `id` (the first `len` when `len` is not
    /// 0), with every step calamine takes checked.
    fn chain(&self, mut id: u32, table: &[u32], len: u64) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > u64::from(self.maxid) + 1 {
                return Err(looped());
            }
            out.extend_from_slice(self.get(id)?);
            id = *table
                .get(id as usize)
                .ok_or_else(|| format!("sector {id} is not in the sector table"))?;
        }
        if len > 0 {
            out.truncate(usize::try_from(len).unwrap_or(usize::MAX));
        }
        Ok(out)
    }
}

/// A directory entry: a stream's name, first sector and size.
struct Directory {
    name: String,
    start: u32,
    len: u64,
}

impl Directory {
    /// As calamine reads one: the name cut at its first NUL, the size four
    /// bytes in a file of 512-byte sectors, eight in one of 4096.
    fn from_slice(entry: &[u8], sector_size: usize) -> Directory {
        let units: Vec<u16> = entry[..64]
            .chunks(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        let mut name: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        if let Some(end) = name.find('\0') {
            name.truncate(end);
        }
        let len = if sector_size == 512 {
            u64::from(u32_at(entry, 120))
        } else {
            u64::from_le_bytes(entry[120..128].try_into().expect("eight bytes"))
        };
        Directory {
            name,
            start: u32_at(entry, 116),
            len,
        }
    }
}

fn truncated() -> String {
    "it is cut short: the file ends inside a sector".to_owned()
}

fn looped() -> String {
    "a chain of its sectors loops".to_owned()
}

fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

pub(super) fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

pub(super) fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}
