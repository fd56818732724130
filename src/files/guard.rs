//! The one output guard every command that writes calls before it builds
//! anything: no file it writes may be one it reads (the plan or CSV, the
//! settings file, the clinic catalogue, a picture, a font), a sheet the run
//! writes, or another file it writes; and no output may be anything but a
//! regular file or a character device (`/dev/null`), so a rename can never
//! replace a device node, a pipe or a folder.
//!
//! Two paths are one file when they lead to the same file (through symbolic
//! or hard links, `..`, or a differently written folder), or, for a file not
//! there yet, to the same place. A batch's sheets are not known before they
//! are built, so every name shaped like a sheet's (`ID_YYYY-MM-DD.pdf`) in
//! its output folder counts as one of them.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// One file a command writes, and the option that names it.
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    /// `-o`, `--report`, `--combine`, or "the sheet" for a default path.
    pub flag: &'static str,
    pub path: &'a Path,
}

/// Where a run's sheets go.
#[derive(Debug, Clone, Copy)]
pub enum Sheets<'a> {
    /// The command writes no sheet (or writes it to stdout).
    None,
    /// One plan's sheet (`-o`, or its default path).
    File(Output<'a>),
    /// A batch's sheets, one per patient, in this folder.
    Folder(&'a Path),
}

/// Refuse the run, before anything is built, if an output is an input, a
/// sheet of this run, or another output, or is not something rx may write.
/// `-` (stdout) is never a file and is skipped.
pub fn refuse_clashes(inputs: &[PathBuf], outputs: &[Output], sheets: Sheets) -> Result<(), Error> {
    let outputs: Vec<&Output> = outputs.iter().filter(|o| !is_stdio(o.path)).collect();
    let inputs: Vec<&Path> = inputs
        .iter()
        .map(PathBuf::as_path)
        .filter(|p| !is_stdio(p))
        .collect();
    let overlap = |flag: &str, path: &Path, what: String| Error::Overlap {
        flag: flag.to_owned(),
        path: path.to_owned(),
        what,
    };
    if let Sheets::File(sheet) = sheets
        && !is_stdio(sheet.path)
    {
        writable(sheet.path)?;
        if let Some(input) = inputs.iter().find(|i| same(sheet.path, i)) {
            return Err(overlap(
                sheet.flag,
                sheet.path,
                format!("the input file {}", input.display()),
            ));
        }
    }
    for (n, output) in outputs.iter().enumerate() {
        writable(output.path)?;
        has_a_folder(output.path, sheets)?;
        if let Some(input) = inputs.iter().find(|i| same(output.path, i)) {
            return Err(overlap(
                output.flag,
                output.path,
                format!("the input file {}", input.display()),
            ));
        }
        if let Some(other) = outputs[..n].iter().find(|o| same(output.path, o.path)) {
            return Err(overlap(
                output.flag,
                output.path,
                format!("the {} file {}", other.flag, other.path.display()),
            ));
        }
        match sheets {
            Sheets::File(sheet) if !is_stdio(sheet.path) && same(output.path, sheet.path) => {
                return Err(overlap(
                    output.flag,
                    output.path,
                    format!("this run's sheet {}", sheet.path.display()),
                ));
            }
            Sheets::Folder(dir) if among_sheets(output.path, dir) => {
                return Err(overlap(
                    output.flag,
                    output.path,
                    format!("{}", SheetsIn(dir)),
                ));
            }
            _ => {}
        }
    }
    if let Sheets::Folder(dir) = sheets
        && let Some(input) = inputs.iter().find(|i| among_sheets(i, dir))
    {
        return Err(overlap(
            "the sheets in",
            dir,
            format!(
                "the input file {} (a name like ID_YYYY-MM-DD.pdf there is a sheet's)",
                input.display()
            ),
        ));
    }
    Ok(())
}

/// "a sheet this run writes in out (a name like ID_YYYY-MM-DD.pdf there is
/// a sheet's)".
struct SheetsIn<'a>(&'a Path);

impl std::fmt::Display for SheetsIn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a sheet this run writes in {} (a name like ID_YYYY-MM-DD.pdf there is a sheet's)",
            self.0.display()
        )
    }
}

/// `-`: stdin or stdout, never a file.
fn is_stdio(path: &Path) -> bool {
    path == Path::new("-")
}

/// What is at `path` may be written: nothing yet, a regular file (or a
/// link to one: the link is replaced, never followed), or a character
/// device, which is written in place. A folder, a pipe, a socket or a block
/// device is refused.
pub fn writable(path: &Path) -> Result<(), Error> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    if meta.is_file() || is_char_device(&meta) {
        return Ok(());
    }
    Err(Error::NotWritable {
        path: path.to_owned(),
    })
}

/// A character device (`/dev/null`, a terminal): written in place.
pub fn is_char_device(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Whether `path` leads (through any link) into `dir` under a name shaped
/// like a sheet's.
fn among_sheets(path: &Path, dir: &Path) -> bool {
    let (Some(at), Some(dir)) = (place(path), place(dir)) else {
        return false;
    };
    at.parent() == Some(dir.as_path())
        && at
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(super::names::looks_like_sheet)
}

/// The folder `path` is to be written in exists, or the run makes it (the
/// batch's folder of sheets, a folder inside it, or one on the way to it):
/// a report or combined PDF with nowhere to go fails before any sheet is
/// built, not after.
fn has_a_folder(path: &Path, sheets: Sheets) -> Result<(), Error> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if std::fs::metadata(parent).is_ok_and(|m| m.is_dir()) {
        return Ok(());
    }
    if let Sheets::Folder(dir) = sheets
        && let (Some(parent), Some(dir)) = (place(parent), place(dir))
        && (parent.starts_with(&dir) || dir.starts_with(&parent))
    {
        return Ok(());
    }
    Err(Error::Write {
        path: path.to_owned(),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no folder {}", parent.display()),
        ),
    })
}

/// Whether two paths are one file: the same file on disk (through any
/// link), or the same place for a file not there yet.
pub fn same(a: &Path, b: &Path) -> bool {
    if same_file(a, b) {
        return true;
    }
    match (place(a), place(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// Whether two existing paths are one file (device and inode on Unix).
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(a_meta), Ok(b_meta)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a_meta.dev() == b_meta.dev() && a_meta.ino() == b_meta.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a_meta, b_meta);
        matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
    }
}

/// Where a path leads: its nearest existing ancestor with every link
/// resolved, then the rest as written. `None` when that cannot be said
/// (a `..` under a folder that does not exist).
fn place(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut rest = Vec::new();
    let mut at = absolute.as_path();
    loop {
        if let Ok(found) = std::fs::canonicalize(at) {
            return Some(rest.iter().rev().fold(found, |p, name| p.join(name)));
        }
        rest.push(at.file_name()?.to_owned());
        at = at.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{Output, Sheets, refuse_clashes, same};
    use crate::error::Error;

    fn folder() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    #[test]
    fn a_file_not_there_yet_is_one_file_however_its_folder_is_written() {
        let dir = folder();
        std::fs::create_dir(dir.path().join("out")).expect("mkdir");
        let plain = dir.path().join("out/all.pdf");
        let roundabout = dir.path().join("out/../out/./all.pdf");
        assert!(same(&plain, &roundabout));
        assert!(!same(&plain, &dir.path().join("out/other.pdf")));
    }

    #[test]
    fn an_output_linked_to_an_input_is_refused() {
        let dir = folder();
        let input = dir.path().join("clinic.toml");
        std::fs::write(&input, "x").expect("write");
        let link = dir.path().join("booklet.pdf");
        std::fs::hard_link(&input, &link).expect("link");
        let outputs = [Output {
            flag: "-o",
            path: &link,
        }];
        let err = refuse_clashes(std::slice::from_ref(&input), &outputs, Sheets::None)
            .expect_err("a hard link to an input");
        assert!(matches!(err, Error::Overlap { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn an_output_linked_to_a_sheet_of_the_run_is_refused() {
        let dir = folder();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("P4_2026-03-02.pdf"), "%PDF").expect("write");
        let link = dir.path().join("all.pdf");
        std::os::unix::fs::symlink(out.join("P4_2026-03-02.pdf"), &link).expect("symlink");
        let outputs = [Output {
            flag: "--combine",
            path: &link,
        }];
        let err = refuse_clashes(&[], &outputs, Sheets::Folder(&out)).expect_err("a sheet");
        assert!(matches!(err, Error::Overlap { .. }), "{err}");
    }

    #[test]
    fn report_and_combine_in_the_sheet_folder_are_refused_only_with_a_sheets_name() {
        let dir = folder();
        let out = dir.path().join("out");
        let sheet_like = out.join("P4_2026-03-02.pdf");
        let other = out.join("all.pdf");
        let inputs: Vec<PathBuf> = Vec::new();
        let run = |path: &Path| {
            refuse_clashes(
                &inputs,
                &[Output {
                    flag: "--combine",
                    path,
                }],
                Sheets::Folder(&out),
            )
        };
        assert!(run(&sheet_like).is_err());
        assert!(run(&other).is_ok());
    }
}
