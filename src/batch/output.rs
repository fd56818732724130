//! Writing sheets: atomic files with safe, stable names.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::error::Error;

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so an interrupted run never leaves a partial PDF at `path`.
/// Without `replace`, an existing file (or symlink) at `path` is left alone
/// and reported; a symlink is never followed either way.
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
        .prefix(".rx-")
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
        temp.persist_noclobber(path)
    };
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => Error::Exists {
            path: path.to_owned(),
        },
        _ => fail(e.error),
    })?;
    Ok(())
}

/// Temporary files of an earlier run that was killed (SIGKILL leaves no
/// chance to clean up). They are ours by name; removing them is best effort.
pub(super) fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.starts_with(".rx-") && name.ends_with(".part") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether anything, even a dangling symlink, has this name.
pub(super) fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// `<patient id>_<issued>.pdf`, with the id made a safe, portable file name:
/// only ASCII letters, digits, `-`, `_` and `.`, not starting with a dot, not
/// a Windows device name, at most 64 characters. When the id had to change,
/// a hash of the original id is added, so two ids that clean up alike still
/// get two files, the same ones on every run.
pub fn file_name(id: &str, issued: NaiveDate) -> String {
    const MAX: usize = 64;
    let mut stem: String = id
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
    if stem != id {
        stem.push_str(&format!("-{:08x}", fnv(id.as_bytes()) as u32));
    }
    format!("{stem}_{issued}.pdf")
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

    use super::file_name;

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
}
