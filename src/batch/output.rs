//! Writing sheets: atomic files with safe, stable, distinct names, and the
//! run lock that lets two runs share a folder without breaking each other.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::Error;

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so an interrupted run never leaves a partial PDF at `path`.
/// Without `replace`, an existing file (or symlink) at `path` is left alone
/// and reported; a symlink is never followed either way.
///
/// The temporary file is named `.rx-<pid>-<random>.part`, so a batch that
/// starts in the same folder can tell a live run's files from a dead one's.
pub fn write_atomic(path: &Path, bytes: &[u8], replace: bool) -> Result<(), Error> {
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
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".rx-{}-", std::process::id()))
        .suffix(".part")
        .tempfile_in(folder)
        .map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
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
pub(super) fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// A batch's hold on its output folder: a lock file `.rx-<pid>.lock` held
/// locked for the run. At start-up, the temporary files of runs whose lock
/// file is no longer locked (killed runs: SIGKILL leaves no chance to clean
/// up) are removed; a live run's files are left alone.
pub(super) struct RunLock {
    path: PathBuf,
    _file: File,
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
        Ok(RunLock { path, _file: file })
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
pub(super) fn names_in(dir: &Path) -> HashMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return HashMap::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .map(|name| (name.to_ascii_lowercase(), name))
        .collect()
}

/// `<patient id>_<issued>.pdf` for one id on its own; a batch uses `stems`,
/// which also keeps ids apart from each other.
pub fn file_name(id: &str, issued: NaiveDate) -> String {
    format!("{}_{issued}.pdf", stem(id.as_bytes(), Hash::Short))
}

/// How much of an id's hash a name carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hash {
    /// Only when the id had to change (or looks like a name that did).
    Short,
    /// Always, 8 hex digits.
    Always,
    /// Always, 16 hex digits.
    Long,
}

/// The id made a safe, portable file-name stem: only ASCII letters, digits,
/// `-`, `_` and `.`, not starting with a dot, not a Windows device name, at
/// most 64 characters. When the id had to change, or already ends the way a
/// changed id does (`-` and 8 hex digits), a hash of the original id is
/// added, so no id can take the name another id was changed into.
fn stem(id: &[u8], hash: Hash) -> String {
    const MAX: usize = 64;
    let text = String::from_utf8_lossy(id);
    let mut stem: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(MAX)
        .collect();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    let base = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        stem.insert(0, '_');
    }
    if stem.is_empty() {
        stem.push_str("patient");
    }
    let changed = stem.as_bytes() != id || looks_hashed(&stem);
    match hash {
        Hash::Short if !changed => {}
        Hash::Short | Hash::Always => stem.push_str(&format!("-{:08x}", fnv(id) as u32)),
        Hash::Long => stem.push_str(&format!("-{:016x}", fnv(id))),
    }
    stem
}

fn looks_hashed(stem: &str) -> bool {
    let bytes = stem.as_bytes();
    bytes.len() >= 9
        && bytes[bytes.len() - 9] == b'-'
        && bytes[bytes.len() - 8..]
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
}

/// A file-name stem for every id of a batch, no two alike even ignoring
/// case: ids whose stems meet (`Abc` and `abc`; a hash collision) get a
/// hash, then a longer one, then, if they still meet, a number in id order.
pub(super) fn stems(ids: &[&[u8]]) -> Vec<String> {
    let mut ids: Vec<(usize, &[u8])> = ids.iter().copied().enumerate().collect();
    ids.sort_by(|a, b| a.1.cmp(b.1));
    let mut out: Vec<String> = ids.iter().map(|(_, id)| stem(id, Hash::Short)).collect();
    for level in [Hash::Always, Hash::Long] {
        let clashing = clashes(&out);
        if clashing.is_empty() {
            break;
        }
        for i in clashing {
            out[i] = stem(ids[i].1, level);
        }
    }
    for (n, i) in clashes(&out).into_iter().enumerate() {
        out[i].push_str(&format!("-{}", n + 1));
    }
    let mut stems = vec![String::new(); ids.len()];
    for ((at, _), stem) in ids.into_iter().zip(out) {
        stems[at] = stem;
    }
    stems
}

/// Positions of stems that equal another stem, ignoring ASCII case.
fn clashes(stems: &[String]) -> Vec<usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for stem in stems {
        *seen.entry(stem.to_ascii_lowercase()).or_default() += 1;
    }
    (0..stems.len())
        .filter(|&i| seen[&stems[i].to_ascii_lowercase()] > 1)
        .collect()
}

/// FNV-1a: a small stable hash (the same on every run and machine).
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{file_name, stems};

    #[test]
    fn hostile_ids_become_safe_distinct_file_names() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let names: Vec<String> = [
            "MRN-1",
            "../../x",
            "/etc/passwd",
            "CON",
            "a\0b",
            "a\nb",
            ".hidden",
            "",
        ]
        .iter()
        .map(|id| file_name(id, day))
        .collect();
        assert_eq!(names[0], "MRN-1_2026-11-22.pdf");
        for name in &names {
            assert!(
                !name.contains('/') && !name.contains('\\') && !name.starts_with('.'),
                "{name}"
            );
            assert!(name.chars().all(|c| c.is_ascii_graphic()), "{name}");
        }
        assert!(names[3].starts_with("_CON-"));
        // "a\0b" and "a\nb" both clean up to "a_b" but stay distinct.
        assert_ne!(names[4], names[5]);
        assert!(file_name(&"x".repeat(300), day).len() < 100);
    }

    /// Issue 11, finding 3: ids that differ only by case, or an id equal to
    /// another id's cleaned name, never share a file.
    #[test]
    fn issue_11_3_no_two_ids_share_a_name_ignoring_case() {
        let cleaned = stems(&[b"a/b"])[0].clone();
        assert!(cleaned.starts_with("a_b-"), "{cleaned}");
        let ids: Vec<&[u8]> = vec![b"Abc", b"abc", b"ABC", b"a/b", cleaned.as_bytes(), b"MRN-1"];
        let stems = stems(&ids);
        let mut lower: Vec<String> = stems.iter().map(|s| s.to_ascii_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), ids.len(), "{stems:?}");
        assert_eq!(
            stems[5], "MRN-1",
            "an id that clashes with none keeps its name"
        );
        // The same ids in another order get the same names.
        let mut reversed = ids.clone();
        reversed.reverse();
        let mut again = super::stems(&reversed);
        again.reverse();
        assert_eq!(again, stems);
    }
}
