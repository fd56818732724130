//! Files on disk, for `cli` and `batch` alike: what every command asks of
//! an input file before reading it (here), how an output file is written
//! (`write`: atomically, never leaving a partial PDF) and what a sheet's file
//! is called (`names`). The stages never touch a file; these are the only
//! file-system rules, so `rx build plan.toml` and a CSV batch write the same
//! way. `guard` is the one check every command that writes makes first:
//! no output may be an input, a sheet of the run, or another output;
//! `trust` the check a settings file or catalogue passes before it is read.

pub mod guard;
pub mod names;
pub mod trust;
pub mod write;

pub use names::file_name;
pub use write::write_atomic;

use std::fs::Metadata;
use std::path::Path;

use crate::error::Error;

/// The file's metadata, if it is a regular file. A folder, a missing file
/// or anything else (a FIFO would block, a device like `/dev/zero` never
/// ends) is an `Error` naming the path.
pub fn regular(path: &Path) -> Result<Metadata, Error> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    if !meta.is_file() {
        return Err(Error::NotAFile {
            path: path.to_owned(),
        });
    }
    Ok(meta)
}

/// The bytes of the regular file at `path`, at most `cap` of them: callers
/// pass one byte past their limit, so a file over it is seen as such
/// without ever being held whole.
pub fn read_at_most(path: &Path, cap: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    regular(path)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(cap).read_to_end(&mut bytes))
        .map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
    Ok(bytes)
}
