//! Input files: what every command asks of a file before reading it.

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
