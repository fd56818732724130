//! Writing output files: atomically (a temporary file in the same folder,
//! renamed into place), and the run lock that lets two batches share a
//! folder without breaking each other.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so an interrupted run never leaves a partial PDF at `path`.
/// Without `replace`, an existing file (or symlink) at `path` is left alone
/// and reported; a symlink is never followed either way.
///
/// The temporary file is named `.rx-<pid>-<random>.part`, so a batch that
/// starts in the same folder can tell a live run's files from a dead one's.
pub fn write_atomic(path: &Path, bytes: &[u8], replace: bool) -> Result<(), Error> {
    write_atomic_when(path, bytes, replace, Durable::Now)
}

/// When a written file reaches the disk: `Now` (its data synced before it
/// takes its name, so a name rx reports always holds the whole file, even
/// after a power cut) or `Later`, for a batch that syncs its folder once at
/// the end (`sync_folder`): one sync per sheet would cost more than the
/// sheet (2 ms a file on the CI machine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durable {
    Now,
    Later,
}

fn write_atomic_when(path: &Path, bytes: &[u8], replace: bool, sync: Durable) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write {
        path: path.to_owned(),
        source,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    let mut temp = temporary(folder).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    persist(temp, path, replace, sync)
}

/// A temporary file in `folder`, named so a later run can tell whose it is.
fn temporary(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!(".rx-{}-", std::process::id()))
        .suffix(".part")
        .tempfile_in(folder)
}

/// Give the written temporary file `temp` the name `path`: replacing what
/// is there, or only if nothing is.
fn persist(
    temp: tempfile::NamedTempFile,
    path: &Path,
    replace: bool,
    sync: Durable,
) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write {
        path: path.to_owned(),
        source,
    };
    if sync == Durable::Now {
        temp.as_file().sync_data().map_err(fail)?;
    }
    // Temporary files are private (0600); a sheet is an ordinary document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    let persisted = if replace {
        temp.persist(path)
    } else {
        match temp.persist_noclobber(path) {
            Err(e) if no_atomic_noclobber(&e.error) && !exists(path) => {
                // FAT and exFAT have neither hard links nor an atomic
                // no-replace rename: having just checked that nothing is
                // there, rename over the name.
                e.file.persist(path)
            }
            other => other,
        }
    };
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => Error::SheetExists {
            path: path.to_owned(),
        },
        _ => fail(e.error),
    })?;
    Ok(())
}

/// What to do where an output file already exists with other bytes than
/// the ones to write. A file with the very same bytes is always left as it
/// is and reported unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Existing {
    /// Leave it and report an error that names `--force` and
    /// `--skip-existing`.
    #[default]
    Refuse,
    /// Write over it (`--force`).
    Replace,
    /// Leave it, and say it no longer matches (`--skip-existing`).
    Keep,
}

/// What became of an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// There was none; it is written.
    New,
    /// One with other bytes was there and is replaced (`Existing::Replace`).
    Replaced,
    /// One with these very bytes is there: nothing written.
    Unchanged,
    /// One with other bytes is there and is left as it is (`Existing::Keep`):
    /// it no longer matches what rx would write.
    KeptStale,
}

/// Write `bytes` to `path` atomically unless a file with the same bytes is
/// already there; where one with other bytes is, do as `existing` says.
pub fn write_unless_same(
    path: &Path,
    bytes: &[u8],
    existing: Existing,
    sync: Durable,
) -> Result<Written, Error> {
    let seen = same_bytes(path, bytes)?;
    settle(path, bytes, existing, sync, seen)
}

/// `write_unless_same` once `path` was looked at: `seen` is what was there
/// (`None`: nothing; `Some(same)`: a file, with the same bytes or not).
fn settle(
    path: &Path,
    bytes: &[u8],
    existing: Existing,
    sync: Durable,
    seen: Option<bool>,
) -> Result<Written, Error> {
    match seen {
        None => match write_atomic_when(path, bytes, false, sync) {
            // Something took the name between the look and the link: most
            // likely another run of the same CSV, with these very bytes.
            // Look again, and settle by what is there now.
            Err(taken @ Error::SheetExists { .. }) => match same_bytes(path, bytes)? {
                None => Err(taken),
                seen => settle(path, bytes, existing, sync, seen),
            },
            written => written.map(|()| Written::New),
        },
        Some(true) => Ok(Written::Unchanged),
        Some(false) => match existing {
            Existing::Replace => {
                write_atomic_when(path, bytes, true, sync).map(|()| Written::Replaced)
            }
            Existing::Keep => Ok(Written::KeptStale),
            Existing::Refuse => Err(Error::SheetExists {
                path: path.to_owned(),
            }),
        },
    }
}

/// Write an output file (a report, a combined PDF, a preview): a
/// character device such as `/dev/null` is written in place, since a
/// rename would replace the device node; anything else that is not a
/// regular file (a pipe, a socket, a folder) is refused; a file is written
/// as `write_unless_same` does.
pub fn write_output(
    path: &Path,
    bytes: &[u8],
    existing: Existing,
    sync: Durable,
) -> Result<Written, Error> {
    if std::fs::metadata(path).is_ok_and(|m| super::guard::is_char_device(&m)) {
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
            .map_err(|source| Error::Write {
                path: path.to_owned(),
                source,
            })?;
        return Ok(Written::New);
    }
    super::guard::writable(path)?;
    write_unless_same(path, bytes, existing, sync)
}

/// An output file written in pieces (the combined PDF, too large to hold
/// whole): into a temporary file beside `path`, then settled like
/// `write_unless_same`. Dropped unsettled, the temporary file is removed.
pub struct Pending {
    path: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl Pending {
    pub fn new(path: &Path) -> Result<Pending, Error> {
        if path.is_dir() {
            return Err(Error::IsDirectory {
                path: path.to_owned(),
            });
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = temporary(folder).map_err(|source| Error::Write {
            path: path.to_owned(),
            source,
        })?;
        Ok(Pending {
            path: path.to_owned(),
            temp,
        })
    }

    /// Where to write the file's bytes.
    pub fn file(&self) -> &File {
        self.temp.as_file()
    }

    /// The error of a failed write to `file`.
    pub fn failed(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.path.clone(),
            source,
        }
    }

    /// Give the file its name unless a file with the same bytes is there;
    /// where one with other bytes is, do as `existing` says. Synced first.
    pub fn settle(self, existing: Existing) -> Result<Written, Error> {
        let path = self.path;
        let same = same_file(&path, &self.temp)?;
        match same {
            None => persist(self.temp, &path, false, Durable::Now).map(|()| Written::New),
            Some(true) => Ok(Written::Unchanged),
            Some(false) => match existing {
                Existing::Replace => {
                    persist(self.temp, &path, true, Durable::Now).map(|()| Written::Replaced)
                }
                Existing::Keep => Ok(Written::KeptStale),
                Existing::Refuse => Err(Error::SheetExists { path }),
            },
        }
    }
}

/// `same_bytes` for bytes written to a temporary file: compared a piece at
/// a time, never read whole.
fn same_file(path: &Path, temp: &tempfile::NamedTempFile) -> Result<Option<bool>, Error> {
    use std::io::Read as _;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(None);
    };
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    let read = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let len = temp.as_file().metadata().map_err(read)?.len();
    if !meta.is_file() || meta.len() != len {
        return Ok(Some(false));
    }
    let mut ours = std::io::BufReader::new(temp.reopen().map_err(read)?);
    let mut theirs = std::io::BufReader::new(File::open(path).map_err(read)?);
    let (mut a, mut b) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = ours.read(&mut a).map_err(read)?;
        if n == 0 {
            // Both are `len` bytes long: the rest of theirs is empty too.
            return Ok(Some(true));
        }
        theirs.read_exact(&mut b[..n]).map_err(read)?;
        if a[..n] != b[..n] {
            return Ok(Some(false));
        }
    }
}

/// Make every file written with `Durable::Later` in `dir` durable: one
/// `syncfs` of the file system `dir` is on (Linux), then the folder itself
/// (its new names). Elsewhere the folder's entries are synced, and the
/// sheets' data is left to the system's own write-back.
pub fn sync_folder(dir: &Path) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write {
        path: dir.to_owned(),
        source,
    };
    #[cfg(unix)]
    {
        let folder = std::fs::File::open(dir).map_err(fail)?;
        #[cfg(target_os = "linux")]
        rustix::fs::syncfs(&folder).map_err(|e| fail(e.into()))?;
        folder.sync_all().map_err(fail)?;
    }
    #[cfg(not(unix))]
    let _ = fail;
    Ok(())
}

/// Whether the file at `path` holds exactly `bytes` (`None`: there is no
/// file). A symlink or anything but a regular file counts as different and
/// is never followed; a file of another size is not read.
fn same_bytes(path: &Path, bytes: &[u8]) -> Result<Option<bool>, Error> {
    use std::io::Read as _;
    // Nothing that can be looked at is there (missing, or a path through
    // a file): writing will say what is wrong, as a write error.
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(None);
    };
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return Ok(Some(false));
    }
    let mut there = Vec::with_capacity(bytes.len());
    File::open(path)
        .and_then(|f| f.take(bytes.len() as u64 + 1).read_to_end(&mut there))
        .map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
    Ok(Some(there == bytes))
}

/// The errors a file system without hard links or `RENAME_NOREPLACE` gives
/// for tempfile's no-clobber rename (its fallback is a hard link): EPERM on
/// FAT and exFAT, EINVAL or "unsupported" elsewhere. The temporary file was
/// just created in the same folder, so a permission error here is about the
/// operation, not the folder.
fn no_atomic_noclobber(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied
            | std::io::ErrorKind::Unsupported
            | std::io::ErrorKind::InvalidInput
    )
}

/// Whether anything, even a dangling symlink, has this name.
pub fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// A batch's hold on its output folder: a lock file `.rx-<pid>.lock` held
/// locked for the run. At start-up, the temporary files of runs whose lock
/// file is no longer locked (killed runs: SIGKILL leaves no chance to clean
/// up) are removed; a live run's files are left alone.
pub struct RunLock {
    path: PathBuf,
    file: File,
}

impl RunLock {
    pub fn take(dir: &Path) -> Result<RunLock, Error> {
        let pid = std::process::id();
        let path = dir.join(format!(".rx-{pid}.lock"));
        let fail = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let file = File::create(&path).map_err(fail)?;
        file.lock().map_err(fail)?;
        remove_dead_parts(dir, pid);
        Ok(RunLock { path, file })
    }

    /// Whether the lock file at this run's path is still the one the run
    /// holds: the output folder was not moved, removed or replaced (by a
    /// symlink to another folder, say) while the run wrote into it, so the
    /// sheets it wrote by that path are in it.
    pub fn in_place(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match (std::fs::metadata(&self.path), self.file.metadata()) {
                (Ok(there), Ok(held)) => there.dev() == held.dev() && there.ino() == held.ino(),
                _ => false,
            }
        }
        #[cfg(not(unix))]
        {
            // A folder holding an open file cannot be moved or removed.
            self.path.is_file()
        }
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Remove the temporary files and lock files of dead runs. Best effort: a
/// file that cannot be removed is left for the next run.
fn remove_dead_parts(dir: &Path, own: u32) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut parts: Vec<(u32, PathBuf)> = Vec::new();
    let mut dead: Vec<(u32, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(".rx-") else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        if let Some(pid) = rest
            .strip_suffix(".lock")
            .and_then(|p| p.parse::<u32>().ok())
        {
            if pid != own && is_dead(&entry.path()) {
                dead.push((pid, entry.path()));
            }
        } else if let Some((pid, _)) = rest.strip_suffix(".part").and_then(|r| r.split_once('-'))
            && let Ok(pid) = pid.parse::<u32>()
        {
            parts.push((pid, entry.path()));
        }
    }
    for (pid, lock) in dead {
        for (_, part) in parts.iter().filter(|(p, _)| *p == pid) {
            let _ = std::fs::remove_file(part);
        }
        let _ = std::fs::remove_file(lock);
    }
}

/// A lock file nobody holds belongs to a run that has ended.
fn is_dead(lock: &Path) -> bool {
    File::open(lock).is_ok_and(|f| f.try_lock().is_ok())
}

/// The file names already in the output folder, by their lower-case form:
/// on a case-insensitive folder (Windows, macOS, exFAT) `a.pdf` and `A.pdf`
/// are one file, so a sheet must not take a name another file already has
/// in another case.
pub fn names_in(dir: &Path) -> HashMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return HashMap::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .map(|name| (name.to_ascii_lowercase(), name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Durable, Existing, Written, settle};

    /// Two runs of the same CSV at once: the other run links the very same
    /// sheet between this run's look (nothing there) and its link. That is
    /// the sheet this plan gives, not one in the way.
    #[test]
    fn a_sheet_written_by_another_run_between_look_and_link_is_unchanged() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("P1_2026-11-22.pdf");
        std::fs::write(&path, b"the same sheet").expect("the other run's sheet");
        let written = settle(
            &path,
            b"the same sheet",
            Existing::Refuse,
            Durable::Later,
            None,
        );
        assert!(matches!(written, Ok(Written::Unchanged)), "{written:?}");
    }

    /// The same race with other bytes is still the clash it always was,
    /// and `--force` still replaces it.
    #[test]
    fn a_different_sheet_written_between_look_and_link_follows_the_rules() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("P1_2026-11-22.pdf");
        std::fs::write(&path, b"another sheet").expect("the other run's sheet");
        let refused = settle(&path, b"this sheet", Existing::Refuse, Durable::Later, None);
        assert!(
            matches!(refused, Err(crate::error::Error::SheetExists { .. })),
            "{refused:?}"
        );
        let replaced = settle(
            &path,
            b"this sheet",
            Existing::Replace,
            Durable::Later,
            None,
        );
        assert!(matches!(replaced, Ok(Written::Replaced)), "{replaced:?}");
        assert_eq!(std::fs::read(&path).expect("the sheet"), b"this sheet");
    }
}
