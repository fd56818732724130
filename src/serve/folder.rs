//! The one folder `rx serve` reads and writes: every name the page sends
//! is checked here before any file is touched.
//!
//! A name is a relative path of plain parts (no `..`, no root, no drive,
//! no backslash); the file it names, resolved through every link, must lie
//! inside the folder (itself resolved once, at start). A file to write
//! must be in a folder inside it, and is written through `files`' atomic
//! write, which replaces a link rather than following it.

use std::path::{Component, Path, PathBuf};

use super::reply::Refusal;

/// The endings of a batch's name: a CSV (or tab-separated export) or a
/// workbook rx reads, as `rx build` tells them apart.
pub const BATCHES: &[&str] = &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"];

/// The folder the editor works in, resolved (canonical).
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder at `path`, resolved through its links.
    pub fn open(path: &Path) -> std::io::Result<Folder> {
        let root = std::fs::canonicalize(path)?;
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("{} is not a folder", path.display()),
            ));
        }
        Ok(Folder { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// An existing file inside the folder, to read.
    pub fn existing(&self, name: &str) -> Result<PathBuf, Refusal> {
        let path = self.root.join(relative(name)?);
        let real = std::fs::canonicalize(&path).map_err(|_| Refusal::NotFound {
            what: format!("no file \"{}\" in the folder", shorten(name)),
        })?;
        if !real.starts_with(&self.root) {
            return Err(outside(name));
        }
        if !real.is_file() {
            return Err(Refusal::NotFound {
                what: format!("\"{}\" is not a file", shorten(name)),
            });
        }
        Ok(real)
    }

    /// A file inside the folder to write: its folder, resolved, must be
    /// inside; an existing link at the name must point inside too.
    pub fn writable(&self, name: &str) -> Result<PathBuf, Refusal> {
        let relative = relative(name)?;
        let path = self.root.join(&relative);
        let parent = path.parent().unwrap_or(&self.root);
        let real_parent = std::fs::canonicalize(parent).map_err(|_| Refusal::NotFound {
            what: format!("no folder for \"{}\"", shorten(name)),
        })?;
        if !real_parent.starts_with(&self.root) {
            return Err(outside(name));
        }
        let file_name = relative
            .file_name()
            .expect("a relative name of plain parts ends in a file name");
        let target = real_parent.join(file_name);
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            match std::fs::canonicalize(&target) {
                Ok(real) if real.starts_with(&self.root) => {}
                _ => return Err(outside(name)),
            }
        }
        Ok(target)
    }

    /// The plans in the folder (`*.toml` files but the settings' `rx.toml`,
    /// links out of it left out), by name.
    pub fn plans(&self) -> Vec<String> {
        self.files(&["toml"])
            .into_iter()
            .filter(|n| n != "rx.toml")
            .collect()
    }

    /// The batches of many plans in the folder: CSVs and workbooks (not
    /// the `~$plans.xlsx` owner file Excel keeps beside an open workbook).
    pub fn batches(&self) -> Vec<String> {
        self.files(BATCHES)
            .into_iter()
            .filter(|n| !n.starts_with("~$"))
            .collect()
    }

    /// The files in the folder (not in its subfolders) whose names end in
    /// one of `extensions`, hidden ones and links out left out, sorted.
    fn files(&self, extensions: &[&str]) -> Vec<String> {
        let Ok(dir) = std::fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut names: Vec<String> = dir
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| {
                !n.starts_with('.')
                    && Path::new(n)
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
            })
            .filter(|n| self.existing(n).is_ok())
            .collect();
        crate::order::sort(&mut names);
        names
    }
}

/// `name` as a relative path of plain parts.
fn relative(name: &str) -> Result<PathBuf, Refusal> {
    let refused = || outside(name);
    if name.is_empty() || name.len() > 255 || name.contains(['\\', ':', '\0']) {
        return Err(refused());
    }
    let path = Path::new(name);
    if path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(refused());
    }
    Ok(path.to_owned())
}

fn outside(name: &str) -> Refusal {
    Refusal::Outside {
        name: shorten(name),
    }
}

fn shorten(name: &str) -> String {
    crate::fields::shorten(name)
}

#[cfg(test)]
mod tests {
    use super::Folder;

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let folder = Folder::open(dir.path()).expect("the folder");
        std::fs::write(dir.path().join("plan.toml"), "x").expect("written");
        assert!(folder.existing("plan.toml").is_ok());
        for name in [
            "../plan.toml",
            "/etc/passwd",
            "a/../../b.toml",
            "",
            ".",
            "a\\b.toml",
        ] {
            assert!(folder.existing(name).is_err(), "{name}");
            assert!(folder.writable(name).is_err(), "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_pointing_out_of_the_folder_are_refused_for_reading_and_writing() {
        let outside = tempfile::tempdir().expect("a temp dir");
        std::fs::write(outside.path().join("secret.toml"), "x").expect("written");
        let dir = tempfile::tempdir().expect("a temp dir");
        std::os::unix::fs::symlink(
            outside.path().join("secret.toml"),
            dir.path().join("in.toml"),
        )
        .expect("a link");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("sub")).expect("a link");
        let folder = Folder::open(dir.path()).expect("the folder");
        assert!(folder.existing("in.toml").is_err());
        assert!(folder.writable("in.toml").is_err());
        assert!(folder.existing("sub/secret.toml").is_err());
        assert!(folder.writable("sub/new.toml").is_err());
        assert!(folder.plans().is_empty());
    }
}
