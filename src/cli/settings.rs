//! The clinic's settings file (`rx.toml`): which one is in effect, and
//! reading it, for every command (`rx config` shows the result).
//!
//! The file is, in order: none with `--no-config`; `--config FILE`; the
//! `RX_CONFIG` environment variable (set but empty: none); else `rx.toml`
//! in the current folder or the nearest parent folder that has one, never
//! looking past the user's home folder, the top of a git work tree or the
//! file system the current folder is on (a slow network mount above it is
//! not searched). The file and the clinic catalogue must belong to the
//! user and be writable by no one else (`files::trust`). Its logo is read
//! beside it, confined to its folder, as a catalogue's pictures are.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::error::Error;
use crate::settings::Settings;

/// The settings file's name, looked for from the current folder up.
pub const FILE_NAME: &str = "rx.toml";

/// Where the settings file was found, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// `--no-config`, or `RX_CONFIG` set but empty.
    Off(&'static str),
    /// A file, and how it was chosen.
    File(PathBuf, &'static str),
    /// No `rx.toml` in the current folder or a parent.
    NotFound,
}

/// Which settings file the run uses; `folder` is where the upward search
/// starts (`rx serve FOLDER`'s folder; `None`: the current one).
pub fn choose(no_config: bool, config: Option<&Path>, folder: Option<&Path>) -> Choice {
    if no_config {
        return Choice::Off("--no-config");
    }
    if let Some(path) = config {
        return Choice::File(path.to_owned(), "--config");
    }
    match std::env::var_os("RX_CONFIG") {
        Some(path) if path.is_empty() => Choice::Off("RX_CONFIG is empty"),
        Some(path) => Choice::File(PathBuf::from(path), "RX_CONFIG"),
        None => find(folder).map_or(Choice::NotFound, |path| match folder {
            None => Choice::File(path, "found from the current folder"),
            Some(folder) => Choice::File(folder.join(path), "found from the served folder"),
        }),
    }
}

/// `rx.toml` in `folder` (default: the current folder) or the nearest
/// parent with one, named relative to it (`rx.toml`, `../rx.toml`, ...).
fn find(folder: Option<&Path>) -> Option<PathBuf> {
    let here = match folder {
        Some(folder) => folder.to_owned(),
        None => std::env::current_dir().ok()?,
    };
    let here = std::fs::canonicalize(&here).unwrap_or(here);
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .map(|h| std::fs::canonicalize(&h).unwrap_or(h));
    find_from(&here, home.as_deref())
}

/// The search from the folder `here` (canonical) upwards. It ends at the
/// user's home folder, at the top of a git work tree (a folder holding
/// `.git`) and at the file system root, whichever comes first, so a file
/// above the home folder (in `/home`) is never reached, and one that is
/// (in `/tmp`) must still pass `files::trust`; and it never crosses onto
/// another file system. Anything by the name but a
/// folder ends it too (a pipe, an unreadable file, a broken link): reading
/// it then fails naming it, rather than a file further up being used.
fn find_from(here: &Path, home: Option<&Path>) -> Option<PathBuf> {
    let start = device(here);
    let mut shown = PathBuf::new();
    for folder in here.ancestors() {
        if start.is_some() && device(folder) != start {
            return None;
        }
        if std::fs::symlink_metadata(folder.join(FILE_NAME)).is_ok_and(|m| !m.is_dir()) {
            return Some(shown.join(FILE_NAME));
        }
        let top = home == Some(folder) || std::fs::symlink_metadata(folder.join(".git")).is_ok();
        if top {
            return None;
        }
        shown.push("..");
    }
    None
}

/// The file system a folder is on, where the platform says.
fn device(folder: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(folder).ok().map(|m| m.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        None
    }
}

/// The settings in effect, the file they came from, and every file read
/// (the settings file and its logo: inputs `-o` must never write over).
#[derive(Debug, Default)]
pub struct Loaded {
    pub settings: Arc<Settings>,
    pub file: Option<SourceFile>,
    /// How the file was chosen, or why there is none.
    pub how: String,
    pub inputs: Vec<PathBuf>,
    /// The file, how it was chosen and its SHA-256, for the run to tell.
    pub provenance: Option<super::provenance::Provenance>,
}

impl Loaded {
    /// The clinic catalogue the settings name, relative to their file.
    pub fn catalogue(&self) -> Option<PathBuf> {
        let written = self.settings.catalogue.as_ref()?;
        let folder = self
            .file
            .as_ref()
            .and_then(|f| Path::new(&f.name).parent().map(Path::to_path_buf))
            .unwrap_or_default();
        Some(folder.join(&written.value))
    }
}

/// Read the settings `choice` names. `Err(Ok(...))`: the file is invalid,
/// with its diagnostics and text for the caller to print.
pub fn load(choice: &Choice) -> Result<Result<Loaded, (Vec<Diagnostic>, SourceFile)>, Error> {
    let (path, how) = match choice {
        Choice::Off(why) => {
            return Ok(Ok(Loaded {
                how: format!("none ({why})"),
                ..Loaded::default()
            }));
        }
        Choice::NotFound => {
            return Ok(Ok(Loaded {
                how: format!("none (no {FILE_NAME} in the current folder or its parents)"),
                ..Loaded::default()
            }));
        }
        Choice::File(path, how) => (path, *how),
    };
    // A file rx found, or was given by RX_CONFIG, says so when it fails:
    // the user named no settings file.
    let found = |cause: Error| match how {
        "--config" => cause,
        how => Error::Settings {
            how,
            cause: Box::new(cause),
        },
    };
    crate::files::trust::check(path, "settings file")?;
    let bytes = super::read_file(path).map_err(found)?;
    let provenance =
        super::provenance::Provenance::new(path, how.to_owned(), how == "--config", &bytes);
    let (text, problem) = crate::parse::decode(&bytes);
    let file = SourceFile::new(path.display().to_string(), text);
    let pictures = super::catalogue::PicturesBeside::beside(path, "settings file");
    let result = match problem {
        Some(d) => Err(vec![d]),
        None => crate::settings::read(&file.text, &pictures),
    };
    Ok(match result {
        Ok(settings) => {
            let mut inputs = vec![path.clone()];
            inputs.extend(pictures.read_so_far());
            Ok(Loaded {
                settings: Arc::new(settings),
                how: format!("{} ({how})", file.name),
                file: Some(file),
                inputs,
                provenance: Some(provenance),
            })
        }
        Err(diagnostics) => Err((diagnostics, file)),
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::find_from;

    #[test]
    fn the_search_ends_at_home_at_a_git_work_tree_and_at_anything_named_rx_toml() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let deep = root.join("home/visits/today");
        std::fs::create_dir_all(&deep).expect("mkdir");
        std::fs::write(root.join("rx.toml"), "").expect("write");
        let home = root.join("home");
        assert_eq!(find_from(&deep, Some(&home)), None, "not past home");
        assert_eq!(
            find_from(&deep, None),
            Some(PathBuf::from("../../../rx.toml"))
        );
        std::fs::create_dir(root.join("home/visits/.git")).expect("mkdir");
        assert_eq!(find_from(&deep, None), None, "not past a work tree");
        // Home's own file is read; a broken link is found, for the read to
        // report, not passed over.
        std::fs::write(home.join("rx.toml"), "").expect("write");
        std::fs::create_dir(home.join("other")).expect("mkdir");
        assert_eq!(
            find_from(&home.join("other"), Some(&home)),
            Some(Path::new("..").join("rx.toml"))
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("gone", deep.join("rx.toml")).expect("symlink");
            assert_eq!(find_from(&deep, None), Some(PathBuf::from("rx.toml")));
        }
    }
}
