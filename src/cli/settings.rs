//! The clinic's settings file (`rx.toml`): which one is in effect, reading
//! it, and `rx config`, which prints the settings in effect and where each
//! came from.
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

use clap::Args;
use serde::Serialize;

use super::{Format, output};
use crate::diag::{Diagnostic, SourceFile};
use crate::error::{Error, Exit};
use crate::fields::Spanned;
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

/// Which settings file the run uses.
pub fn choose(no_config: bool, config: Option<&Path>) -> Choice {
    if no_config {
        return Choice::Off("--no-config");
    }
    if let Some(path) = config {
        return Choice::File(path.to_owned(), "--config");
    }
    match std::env::var_os("RX_CONFIG") {
        Some(path) if path.is_empty() => Choice::Off("RX_CONFIG is empty"),
        Some(path) => Choice::File(PathBuf::from(path), "RX_CONFIG"),
        None => find().map_or(Choice::NotFound, |path| {
            Choice::File(path, "found from the current folder")
        }),
    }
}

/// `rx.toml` in the current folder or the nearest parent with one, named
/// relative to the current folder (`rx.toml`, `../rx.toml`, ...).
fn find() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
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

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Output format: one line per setting, or JSON for tools.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl ConfigArgs {
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// One setting as `rx config` shows it.
#[derive(Debug, Serialize)]
struct Shown {
    key: String,
    value: serde_json::Value,
    /// "file", "built-in default", "command line" or "not set".
    from: &'static str,
    file: Option<String>,
    line: Option<usize>,
}

#[derive(Debug, Serialize)]
struct JsonConfig<'a> {
    file: Option<&'a str>,
    how: &'a str,
    settings: Vec<Shown>,
}

/// `rx config`: every setting, its value and where it came from.
/// `catalogue` is `--catalogue`, which wins over `[defaults] catalogue`.
pub fn run(args: &ConfigArgs, loaded: &Loaded, catalogue: Option<&Path>) -> Result<Exit, Error> {
    let shown = rows(loaded, catalogue);
    let text = if args.json() {
        let json = JsonConfig {
            file: loaded.file.as_ref().map(|f| f.name.as_str()),
            how: &loaded.how,
            settings: shown,
        };
        let mut text = serde_json::to_string_pretty(&json).expect("settings serialise to JSON");
        text.push('\n');
        text
    } else {
        human(&loaded.how, &shown)
    };
    output::stdout(&text).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Exit::Ok)
}

/// `key = value` lines, TOML-like, each with where it came from.
fn human(how: &str, shown: &[Shown]) -> String {
    let mut out = format!("# settings file: {how}\n");
    let lines: Vec<(String, String)> = shown
        .iter()
        .map(|s| {
            let from = match (&s.file, s.line) {
                (Some(file), Some(line)) => format!("{file}:{line}"),
                _ => s.from.to_owned(),
            };
            let line = if s.value.is_null() {
                s.key.clone()
            } else {
                format!("{} = {}", s.key, s.value)
            };
            (line, from)
        })
        .collect();
    let column = lines
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    for (line, from) in lines {
        out.push_str(&format!("{line:<column$}  # {from}\n"));
    }
    out
}

fn rows(loaded: &Loaded, catalogue: Option<&Path>) -> Vec<Shown> {
    let s = &loaded.settings;
    let file = loaded.file.as_ref();
    let at = |key: &str, value: serde_json::Value, span: &Option<crate::diag::Span>| {
        let line = match (file, span) {
            (Some(f), Some(crate::diag::Span::Bytes(range))) => Some(f.line_col(range.start).0),
            _ => None,
        };
        Shown {
            key: key.to_owned(),
            value,
            from: "file",
            file: file.map(|f| f.name.clone()),
            line,
        }
    };
    let text = |key: &'static str, v: &Option<Spanned<String>>| match v {
        Some(v) => at(key, v.value.clone().into(), &v.span),
        None => unset(key, serde_json::Value::Null, "not set"),
    };
    let lines = |key: &'static str, v: &[Spanned<String>], span: Option<&Spanned<String>>| {
        let value: Vec<&str> = v.iter().map(|s| s.value.as_str()).collect();
        at(key, value.into(), &span.and_then(|s| s.span.clone()))
    };
    let mut out = vec![
        text("clinic.name", &s.clinic),
        text("clinic.address", &s.address),
        text("clinic.phone", &s.phone),
        text("clinic.email", &s.email),
        text("clinic.website", &s.website),
        text(
            "clinic.logo",
            &s.logo.as_ref().map(|(name, _)| name.clone()),
        ),
        text("clinic.videos", &s.videos),
        text("prescriber.name", &s.prescriber),
        match &s.paper {
            Some(p) => at("defaults.paper", paper_name(p.value).into(), &p.span),
            None => unset("defaults.paper", "letter".into(), "built-in default"),
        },
        match &s.large_print {
            Some(b) => at("defaults.large_print", b.value.into(), &b.span),
            None => unset("defaults.large_print", false.into(), "built-in default"),
        },
        match &s.language {
            Some(l) => at("defaults.language", l.value.code().into(), &l.span),
            None => unset("defaults.language", "en".into(), "built-in default"),
        },
        match &s.minutes_a_day {
            Some(m) => at("defaults.minutes_a_day", m.value.into(), &m.span),
            None => unset(
                "defaults.minutes_a_day",
                crate::dose::MINUTES_A_DAY.into(),
                "built-in default",
            ),
        },
        match (catalogue, &s.catalogue) {
            (Some(path), _) => unset(
                "defaults.catalogue",
                path.display().to_string().into(),
                "command line",
            ),
            (None, Some(c)) => at("defaults.catalogue", c.value.clone().into(), &c.span),
            (None, None) => unset("defaults.catalogue", "built-in".into(), "built-in default"),
        },
    ];
    out.push(if s.safety_add.is_empty() {
        unset("safety.add", serde_json::Value::Null, "not set")
    } else {
        lines("safety.add", &s.safety_add, s.safety_add.first())
    });
    out.push(match &s.safety_replace {
        Some(replace) => lines("safety.replace", replace, replace.first()),
        None => unset("safety.replace", serde_json::Value::Null, "not set"),
    });
    out.push(if s.font_names.is_empty() {
        unset("fonts", serde_json::Value::Null, "not set")
    } else {
        lines("fonts", &s.font_names, s.font_names.first())
    });
    // The clinic's own limits, each field with its basis beside it.
    for (i, limit) in s.limits.iter().enumerate() {
        let id = &limit.exercise.value;
        let key = format!("limits.{id}.{}", limit.field.key());
        let range = serde_json::json!([limit.range.value.min, limit.range.value.max]);
        out.push(at(&key, range, &limit.range.span));
        let last_of_table = s
            .limits
            .get(i + 1)
            .is_none_or(|next| next.exercise != limit.exercise);
        if let (Some(basis), true) = (&limit.basis, last_of_table) {
            let key = format!("limits.{id}.basis");
            out.push(at(&key, basis.value.clone().into(), &basis.span));
        }
    }
    out
}

fn unset(key: &str, value: serde_json::Value, from: &'static str) -> Shown {
    Shown {
        key: key.to_owned(),
        value,
        from,
        file: None,
        line: None,
    }
}

fn paper_name(paper: crate::plan::Paper) -> &'static str {
    match paper {
        crate::plan::Paper::Letter => "letter",
        crate::plan::Paper::A4 => "a4",
    }
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
