//! Where the files that change every sheet came from: the settings file and
//! the clinic catalogue. A `build` or `check` names them on stderr when they
//! were not named on the command line (found by the upward search, given by
//! `RX_CONFIG`, or named by `[defaults] catalogue`), and a build report
//! always carries them with their SHA-256, so a sheet can be traced to the
//! exact files that shaped it.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

/// One file that shaped the run.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// As the run named it (relative to the current folder when found).
    pub path: String,
    /// How it was chosen: "--config", "RX_CONFIG", "found from the current
    /// folder", "--catalogue" or "[defaults] catalogue in FILE".
    pub how: String,
    /// The SHA-256 of the bytes read, in lowercase hex.
    pub sha256: String,
    /// Given on the command line: the user already named it.
    #[serde(skip)]
    pub named: bool,
    /// The path itself, which `path` may show only approximately.
    #[serde(skip)]
    pub file: PathBuf,
}

impl Provenance {
    pub fn new(path: &Path, how: String, named: bool, bytes: &[u8]) -> Provenance {
        Provenance {
            path: path.display().to_string(),
            how,
            sha256: sha256(bytes),
            named,
            file: path.to_owned(),
        }
    }
}

/// The run's settings file and clinic catalogue, where there are.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub settings: Option<Provenance>,
    pub catalogue: Option<Provenance>,
}

impl Sources {
    /// The stderr line naming them whenever either is used, however it was
    /// chosen (a file named on the command line can still be the wrong
    /// one): "settings from ../rx.toml (found from the current folder);
    /// catalogue from ...". None where rx runs on its own defaults.
    pub fn line(&self) -> Option<String> {
        if self.settings.is_none() && self.catalogue.is_none() {
            return None;
        }
        let said = |what: &str, file: &Option<Provenance>, none: &str| match file {
            Some(f) => format!("{what} from {} ({})", f.path, f.how),
            None => none.to_owned(),
        };
        Some(format!(
            "{}; {}",
            said("settings", &self.settings, "no settings file"),
            said("catalogue", &self.catalogue, "the built-in catalogue only")
        ))
    }
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Provenance, Sources, sha256};

    #[test]
    fn sha256_is_the_standard_digest_in_hex() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn every_settings_file_and_catalogue_used_is_told() {
        let found = Provenance::new(
            Path::new("../rx.toml"),
            "found from the current folder".into(),
            false,
            b"",
        );
        let named = Provenance::new(Path::new("c.toml"), "--catalogue".into(), true, b"");
        let sources = Sources {
            settings: Some(found),
            catalogue: Some(named.clone()),
        };
        assert_eq!(
            sources.line().as_deref(),
            Some(
                "settings from ../rx.toml (found from the current folder); catalogue from c.toml (--catalogue)"
            )
        );
        // Named on the command line, it is still told.
        let typed = Sources {
            settings: None,
            catalogue: Some(named),
        };
        assert_eq!(
            typed.line().as_deref(),
            Some("no settings file; catalogue from c.toml (--catalogue)")
        );
        assert_eq!(Sources::default().line(), None);
    }
}
