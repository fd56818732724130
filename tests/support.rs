//! `Test`: runs the real `rx` binary in a temporary folder and checks the
//! exit status, stdout and stderr it was told to expect (after casey/just's
//! `Test`), so no test can forget to assert on a run.
//!
//! `run` panics unless `status` was given. A stream with no expectation must
//! be empty; `stdout`/`stderr` pin the exact text, and the `_contains`,
//! `_starts_with`, `_ends_with` and `_satisfies` forms are for text that is
//! impractical to pin whole (a temporary path, a sheet's size). A mismatch
//! panics with every failed expectation, a line diff for pinned text, and
//! both streams in full.
//!
//! Pinned text lives in one of two places. A literal in a test (`stdout`,
//! `stderr`, a diagnostic's full text) is edited by hand: a mismatch names
//! the file and line of the literal. A pinned file (the figure dump in
//! `tests/pinned/`) is compared by `pinned`; run with `RX_BLESS=1` (as in
//! `RX_BLESS=1 cargo test --test integration figures`) and it is rewritten
//! with the actual text instead of failing. Without the switch a mismatch
//! fails with the diff. Read `git diff tests/pinned/` before committing a
//! blessed file: every line of it is a change to what rx prints.
//!
//! Every run is isolated from settings files: `RX_CONFIG` is set but empty
//! (no settings file), so an `rx.toml` in a parent of the temporary folder
//! cannot change a test. A test of settings gives `--config`, sets
//! `RX_CONFIG` with `env`, or lets `rx` look for `rx.toml` with
//! `find_settings`.

use std::panic::Location;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

#[must_use = "a Test runs nothing until `.run()`"]
pub struct Test {
    /// Shared by the runs `in_same_folder` makes; removed with the last.
    dir: Rc<tempfile::TempDir>,
    args: Vec<String>,
    /// Variables set for the run; a `None` value removes one.
    env: Vec<(String, Option<String>)>,
    /// The folder the run starts in, under the test folder ("" for itself).
    folder: PathBuf,
    /// Bytes for the run's stdin (none: stdin is empty).
    stdin: Option<Vec<u8>>,
    status: Option<i32>,
    stdout: Vec<Expect>,
    stderr: Vec<Expect>,
    /// Whether stderr is checked with the line naming the settings file and
    /// clinic catalogue (`keeps_sources_note`); else that line is taken out
    /// first, as most tests are about something else.
    sources_note: bool,
}

/// The line every `build` and `check` with a settings file or clinic
/// catalogue prints first on stderr.
fn is_sources_note(line: &str) -> bool {
    line.starts_with("rx: note: settings from ")
        || line.starts_with("rx: note: no settings file; catalogue from ")
}

/// What a run of `rx` produced; `run` has already checked it against the
/// expectations.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    /// stdout as written, for binary output (`-o -`).
    pub stdout_bytes: Vec<u8>,
}

/// A property of a stream's bytes.
type Check = Box<dyn Fn(&[u8]) -> bool>;

/// One expectation on a stream.
enum Expect {
    /// The exact text, and where the test wrote it (a literal is not
    /// blessed: the failure says where to edit it).
    Is(String, &'static Location<'static>),
    Contains(String),
    StartsWith(String),
    EndsWith(String),
    /// A description of the property, and the property.
    Satisfies(String, Check),
}

impl Expect {
    /// `None` if `actual` meets it, else what went wrong.
    fn failure(&self, actual: &[u8]) -> Option<String> {
        let text = String::from_utf8_lossy(actual);
        let (ok, what) = match self {
            Expect::Is(want, at) => {
                if text == want.as_str() {
                    return None;
                }
                return Some(format!(
                    "is not the text pinned at {}:{} (- expected, + actual; \
                     RX_BLESS rewrites pinned files only, so edit this literal by hand):\n{}",
                    at.file(),
                    at.line(),
                    diff(want, &text)
                ));
            }
            Expect::Contains(want) => (text.contains(want.as_str()), format!("contains {want:?}")),
            Expect::StartsWith(want) => (
                text.starts_with(want.as_str()),
                format!("starts with {want:?}"),
            ),
            Expect::EndsWith(want) => {
                (text.ends_with(want.as_str()), format!("ends with {want:?}"))
            }
            Expect::Satisfies(what, check) => (check(actual), what.clone()),
        };
        (!ok).then(|| format!("does not meet: {what}"))
    }
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: Rc::new(tempfile::tempdir().expect("a temporary folder")),
            args: Vec::new(),
            env: vec![
                ("SOURCE_DATE_EPOCH".into(), Some("1795651200".into())), // 2026-11-25
                ("RX_CONFIG".into(), Some(String::new())),
            ],
            folder: PathBuf::new(),
            stdin: None,
            status: None,
            stdout: Vec::new(),
            stderr: Vec::new(),
            sources_note: false,
        }
    }

    /// Another run in this test's folder (with the files earlier runs left),
    /// with no arguments and no expectations yet.
    pub fn in_same_folder(&self) -> Test {
        Test {
            dir: Rc::clone(&self.dir),
            args: Vec::new(),
            env: self.env.clone(),
            folder: self.folder.clone(),
            stdin: None,
            status: None,
            stdout: Vec::new(),
            stderr: Vec::new(),
            sources_note: false,
        }
    }

    /// Set an environment variable for the run (`SOURCE_DATE_EPOCH` is set
    /// to 2026-11-25 and `RX_CONFIG` to empty unless replaced here).
    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), Some(value.to_owned())));
        self
    }

    /// Let `rx` look for `rx.toml` from the folder it starts in upwards (no
    /// `RX_CONFIG`): for tests of that search, with an `rx.toml` in the
    /// test folder so none outside it is reached.
    pub fn find_settings(mut self) -> Test {
        self.env.retain(|(k, _)| k != "RX_CONFIG");
        self.env.push(("RX_CONFIG".into(), None));
        self
    }

    /// Start the run in `folder`, under the test folder (created).
    pub fn in_folder(mut self, folder: &str) -> Test {
        std::fs::create_dir_all(self.dir.path().join(folder)).expect("create the folder");
        self.folder = PathBuf::from(folder);
        self
    }

    /// Write a file into the test folder.
    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Test {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create fixture folder");
        }
        std::fs::write(path, contents).expect("write fixture");
        self
    }

    pub fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// Bytes to give the run on stdin.
    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Test {
        self.stdin = Some(bytes.as_ref().to_vec());
        self
    }

    /// The exit status the run must end with.
    pub fn status(mut self, code: i32) -> Test {
        self.status = Some(code);
        self
    }

    /// stdout must be exactly `text`.
    #[track_caller]
    pub fn stdout(mut self, text: impl Into<String>) -> Test {
        self.stdout
            .push(Expect::Is(text.into(), Location::caller()));
        self
    }

    pub fn stdout_contains(mut self, text: impl Into<String>) -> Test {
        self.stdout.push(Expect::Contains(text.into()));
        self
    }

    pub fn stdout_starts_with(mut self, text: impl Into<String>) -> Test {
        self.stdout.push(Expect::StartsWith(text.into()));
        self
    }

    pub fn stdout_ends_with(mut self, text: impl Into<String>) -> Test {
        self.stdout.push(Expect::EndsWith(text.into()));
        self
    }

    /// stdout as text has the property `what` describes.
    pub fn stdout_satisfies(mut self, what: &str, check: impl Fn(&str) -> bool + 'static) -> Test {
        self.stdout.push(satisfies(what, check));
        self
    }

    /// stdout's raw bytes have the property `what` describes.
    pub fn stdout_bytes_satisfy(
        mut self,
        what: &str,
        check: impl Fn(&[u8]) -> bool + 'static,
    ) -> Test {
        self.stdout
            .push(Expect::Satisfies(what.to_owned(), Box::new(check)));
        self
    }

    /// stderr must be exactly `text`.
    /// Check stderr with the line naming the settings file and catalogue.
    pub fn keeps_sources_note(mut self) -> Test {
        self.sources_note = true;
        self
    }

    #[track_caller]
    pub fn stderr(mut self, text: impl Into<String>) -> Test {
        self.stderr
            .push(Expect::Is(text.into(), Location::caller()));
        self
    }

    pub fn stderr_contains(mut self, text: impl Into<String>) -> Test {
        self.stderr.push(Expect::Contains(text.into()));
        self
    }

    pub fn stderr_starts_with(mut self, text: impl Into<String>) -> Test {
        self.stderr.push(Expect::StartsWith(text.into()));
        self
    }

    /// stderr as text has the property `what` describes.
    pub fn stderr_satisfies(mut self, what: &str, check: impl Fn(&str) -> bool + 'static) -> Test {
        self.stderr.push(satisfies(what, check));
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The test folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The `rx` command this test runs, for a test that must start it and
    /// stop it itself.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rx"));
        command
            .args(&self.args)
            .current_dir(self.dir.path().join(&self.folder));
        for (key, value) in &self.env {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        command
    }

    /// Run `rx` and check the expected status, stdout and stderr, and that
    /// every PDF the run wrote in the test's folder (or on stdout) is a sound
    /// PDF, read back by `tests/pdf`; panics on any mismatch, or if no status
    /// was given, at the test's own line.
    #[track_caller]
    pub fn run(&self) -> Output {
        let before = pdfs(self.dir.path());
        let Some(status) = self.status else {
            panic!(
                "Test::run: say which exit status `rx {}` should end with: .status(n)",
                self.args.join(" ")
            );
        };
        let output = match &self.stdin {
            None => self.command().output().expect("run rx"),
            Some(bytes) => {
                use std::io::Write;
                use std::process::Stdio;
                let mut child = self
                    .command()
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("run rx");
                let mut stdin = child.stdin.take().expect("a piped stdin");
                let bytes = bytes.clone();
                // Write from a thread: rx may stop reading, or write a lot first.
                let writer = std::thread::spawn(move || {
                    let _ = stdin.write_all(&bytes);
                });
                let output = child.wait_with_output().expect("rx ends");
                writer.join().expect("stdin writer");
                output
            }
        };
        let code = output.status.code();
        let mut failures = Vec::new();
        if code != Some(status) {
            failures.push(format!("exit status {code:?}, expected {status}"));
        }
        let stderr_checked: Vec<u8> = if self.sources_note {
            output.stderr.clone()
        } else {
            String::from_utf8_lossy(&output.stderr)
                .split_inclusive('\n')
                .filter(|line| !is_sources_note(line))
                .collect::<String>()
                .into_bytes()
        };
        for (stream, expects, actual) in [
            ("stdout", &self.stdout, &output.stdout),
            ("stderr", &self.stderr, &stderr_checked),
        ] {
            if expects.is_empty() && !actual.is_empty() {
                failures.push(format!("{stream} should be empty"));
            }
            for expect in expects {
                if let Some(failure) = expect.failure(actual) {
                    failures.push(format!("{stream} {failure}"));
                }
            }
        }
        for (path, stamp) in pdfs(self.dir.path()) {
            if before.get(&path) != Some(&stamp) {
                let bytes = std::fs::read(&path).unwrap_or_default();
                if let Err(e) = crate::pdf::Pdf::parse(&bytes) {
                    failures.push(format!(
                        "wrote {} that is not a sound PDF: {e}",
                        path.display()
                    ));
                }
            }
        }
        if output.stdout.starts_with(b"%PDF-")
            && let Err(e) = crate::pdf::Pdf::parse(&output.stdout)
        {
            failures.push(format!("wrote a PDF to stdout that is not sound: {e}"));
        }
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if !failures.is_empty() {
            panic!(
                "rx {}\n{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.args.join(" "),
                failures.join("\n"),
                if output.stdout.len() > 4096 {
                    format!("({} bytes)", output.stdout.len())
                } else {
                    stdout.clone()
                },
                stderr
            );
        }
        Output {
            stdout,
            stdout_bytes: output.stdout,
        }
    }
}

/// Every `.pdf` file under `dir`, with its length and modification time, so
/// a run's new or rewritten PDFs can be told from those it left alone.
fn pdfs(dir: &Path) -> std::collections::HashMap<PathBuf, (u64, std::time::SystemTime)> {
    let mut found = std::collections::HashMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                folders.push(path);
            } else if meta.is_file() && path.extension().is_some_and(|e| e == "pdf") {
                let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                found.insert(path, (meta.len(), modified));
            }
        }
    }
    found
}

fn satisfies(what: &str, check: impl Fn(&str) -> bool + 'static) -> Expect {
    Expect::Satisfies(
        what.to_owned(),
        Box::new(move |bytes| check(&String::from_utf8_lossy(bytes))),
    )
}

/// A line diff of `want` and `got`: common lines indented, others marked
/// `-` (only in `want`) or `+` (only in `got`); a last line without a line
/// end is marked so.
fn diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.split_inclusive('\n').collect();
    let b: Vec<&str> = got.split_inclusive('\n').collect();
    // Longest common subsequence table, from the ends.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    let mut line = |mark: char, text: &str| match text.strip_suffix('\n') {
        Some(text) => out.push_str(&format!("{mark} {text}\n")),
        None => out.push_str(&format!("{mark} {text} [no line end]\n")),
    };
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            line(' ', a[i]);
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            line('+', b[j]);
            j += 1;
        } else {
            line('-', a[i]);
            i += 1;
        }
    }
    out
}

/// Whether this run rewrites pinned files (`RX_BLESS=1`) instead of
/// failing on them.
fn blessing() -> bool {
    std::env::var_os("RX_BLESS").is_some_and(|v| v == "1")
}

/// `actual` must be the text of the pinned file `file` (a path in the
/// repository, as `tests/pinned/bridge-figure.txt`); with `RX_BLESS=1` the
/// file is written with `actual` instead. Panics at the caller's line with
/// a line diff on a mismatch.
#[track_caller]
pub fn pinned(file: &str, actual: &str) {
    if let Err(failure) = check_pinned(&repo(file), actual, blessing()) {
        panic!("{failure}");
    }
}

/// `pinned`'s work, with the switch given: `Ok` if the file holds `actual`
/// or was blessed with it, else what went wrong.
fn check_pinned(path: &Path, actual: &str, bless: bool) -> Result<(), String> {
    let want = std::fs::read_to_string(path);
    if want.as_deref().is_ok_and(|want| want == actual) {
        return Ok(());
    }
    if bless {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        return std::fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()));
    }
    let rerun = "run with RX_BLESS=1 to rewrite it with the actual text";
    Err(match want {
        Err(e) => format!("pinned file {}: {e} ({rerun})", path.display()),
        Ok(want) => format!(
            "{} is not the actual text ({rerun}; - pinned, + actual):\n{}",
            path.display(),
            diff(&want, actual)
        ),
    })
}

/// A valid plan; tests change one thing in it at a time.
pub const PLAN: &str = r#"[patient]
name = "José Müller-Łukasz"
id = "MRN-004211"

[prescriber]
name = "Dana Reyes, PT, DPT"
clinic = "Riverside Physical Therapy"

[plan]
issued = 2026-11-22
review = 2026-12-06

[[exercise]]
name = "Bridge"
sets = 1
reps = 10
hold = 10
per_day = 1

[[exercise]]
name = "knee to chest"
side = "both"
"#;

/// `PLAN` with `from` replaced by `to`; panics if `from` is not there so a
/// test can never silently check the unchanged plan.
pub fn plan_with(from: &str, to: &str) -> String {
    assert!(PLAN.contains(from), "fixture does not contain {from:?}");
    PLAN.replacen(from, to, 1)
}

/// The repository's own path, for bundled examples.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// How many exercises the built-in catalogue holds: tests that list the
/// whole catalogue derive their expectations from it, so a new entry changes
/// data, not tests.
pub fn builtin_exercises() -> usize {
    builtin_exercises_with(&[])
}

/// How many exercises the built-in catalogue holds once a clinic file with
/// these ids is added (an id the catalogue has replaces its entry).
pub fn builtin_exercises_with(clinic_ids: &[&str]) -> usize {
    let builtin = rx::catalogue::builtin().expect("the built-in catalogue loads");
    let added = clinic_ids
        .iter()
        .filter(|id| !builtin.entries().iter().any(|e| e.id == **id))
        .count();
    builtin.entries().len() + added
}

/// A built-in entry, by id: tests take the ranges, sources and names they
/// check from it, so a change to the catalogue's data fails only the tests
/// about that data, never one about a mechanism that uses the entry.
#[track_caller]
pub fn builtin_entry(id: &str) -> std::sync::Arc<rx::catalogue::Entry> {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue loads");
    let found = catalogue.entries().iter().find(|e| e.id == id).cloned();
    found.unwrap_or_else(|| panic!("no built-in entry {id:?}"))
}

/// The `= note:` a limit diagnostic gives for `field` of the built-in
/// entry `id`: `limit from "Title" and ... (the limit's own note)`.
#[track_caller]
pub fn limit_note(id: &str, field: rx::dose::Field) -> String {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue loads");
    let entry = builtin_entry(id);
    let limit = field.limit(&entry.limits).expect("the field has a limit");
    let mut note = format!("limit {}", catalogue.cite(&limit.origin));
    if let Some(extra) = &limit.note {
        note.push_str(&format!(" ({extra})"));
    }
    note
}

/// The header of a batch CSV with every dose column.
pub const CSV_HEADER: &str = "patient_id,patient_name,prescriber,clinic,issued,review,exercise,sets,reps,hold,per_day,per_week,side,note,exceed";

/// The PDFs in a folder, by name, with their bytes.
pub fn sheets(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut sheets: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the output folder")
        .map(|e| {
            let e = e.expect("an entry");
            let bytes = std::fs::read(e.path()).expect("a sheet");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    sheets.sort();
    sheets
}

/// One `CSV_HEADER` row: patient `id` and `name` doing `exercise`, `reps`
/// (empty: the catalogue's).
pub fn csv_row(id: &str, name: &str, exercise: &str, reps: &str) -> String {
    format!("{id},{name},Dana Reyes PT,Riverside PT,2026-11-22,2026-12-06,{exercise},,{reps},,,,,,")
}

/// Whether a run holds `dir` (its `.rx-PID.lock` is there).
pub fn locked(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".lock"))
    })
}

mod tests {
    use super::{Test, check_pinned};

    #[test]
    fn blessing_writes_the_actual_text_to_the_pinned_file() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("dump.txt");
        std::fs::write(&path, "old\n").expect("the pinned file");
        assert_eq!(check_pinned(&path, "new\n", true), Ok(()));
        assert_eq!(std::fs::read_to_string(&path).expect("blessed"), "new\n");

        // A pin that has no file yet is written, with its folder.
        let fresh = dir.path().join("pinned/fresh.txt");
        assert_eq!(check_pinned(&fresh, "made\n", true), Ok(()));
        assert_eq!(std::fs::read_to_string(&fresh).expect("made"), "made\n");
    }

    #[test]
    fn a_pinned_file_that_differs_fails_without_blessing() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("dump.txt");
        std::fs::write(&path, "same\nold\n").expect("the pinned file");
        assert_eq!(check_pinned(&path, "same\nold\n", false), Ok(()));

        let failure = check_pinned(&path, "same\nnew\n", false).expect_err("a mismatch fails");
        assert!(failure.contains("  same\n"), "{failure}");
        assert!(failure.contains("- old\n"), "{failure}");
        assert!(failure.contains("+ new\n"), "{failure}");
        assert!(failure.contains("RX_BLESS=1"), "{failure}");
        assert_eq!(std::fs::read_to_string(&path).expect("kept"), "same\nold\n");

        let missing = dir.path().join("missing.txt");
        let failure = check_pinned(&missing, "text\n", false).expect_err("no file fails");
        assert!(failure.contains("RX_BLESS=1"), "{failure}");
        assert!(!missing.exists());
    }

    #[test]
    fn a_pinned_literal_that_differs_says_where_the_literal_is() {
        let (test, line) = (Test::new().stderr("old\n"), line!());
        let failure = test.stderr[0].failure(b"new\n").expect("a mismatch");
        assert!(
            failure.contains(&format!("{}:{line} ", file!())),
            "{failure}"
        );
        assert!(failure.contains("edit this literal by hand"), "{failure}");
        assert!(failure.contains("- old\n+ new\n") || failure.contains("+ new\n- old\n"));
    }
}

/// Each link the sheet prints for a patient to type, as its tagged
/// `Link` element reads (its lines joined, spaces removed), with the URI
/// its annotation opens. Read from the structure, not the page's lines: a
/// link broken over lines in the illustration column sits level with the
/// steps beside it, and a reader that reads a page line by line across
/// both columns puts their words between its pieces.
pub fn printed_links(pdf: &crate::pdf::Pdf) -> Vec<(String, Vec<String>)> {
    pdf.tree()
        .all("Link")
        .into_iter()
        .map(|e| (e.text.split_whitespace().collect(), e.links.clone()))
        .collect()
}

/// The date every run takes as today (1795651200: 2026-11-26 00:00 UTC),
/// as `SOURCE_DATE_EPOCH`.
pub const EPOCH: &str = "1795651200";

/// A running `rx serve --no-open` and the address it printed; killed if
/// dropped before `stop`. `tests/serve.rs` and `tests/browser.rs` start
/// their servers here.
pub struct Serving {
    child: std::process::Child,
    /// The address with its token, as the browser would be opened with.
    pub url: String,
    pub port: u16,
    pub token: String,
}

/// `rx serve --no-open ARGS` from `cwd`, as every test run is: no settings
/// file (`RX_CONFIG` empty, unless the caller removes it) and today
/// 2026-11-25. Add arguments (a global `--catalogue` goes before `serve`
/// too) and start it with `Serving::start`.
pub fn serve_command(cwd: &Path, global: &[&str], args: &[&std::ffi::OsStr]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rx"));
    command
        .args(global)
        .args(["serve", "--no-open"])
        .args(args)
        .current_dir(cwd)
        .env("RX_CONFIG", "")
        .env("SOURCE_DATE_EPOCH", EPOCH);
    command
}

impl Serving {
    /// Spawn `command` (from `serve_command`) and wait for its address line.
    pub fn start(mut command: Command) -> Serving {
        use std::io::BufRead as _;
        use std::process::Stdio;
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("rx serve starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the address line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("not a loopback address: {url}"));
        let (port, token) = rest
            .split_once("/?token=")
            .unwrap_or_else(|| panic!("no token in {url}"));
        Serving {
            port: port.parse().expect("a port"),
            token: token.to_owned(),
            url,
            child,
        }
    }

    /// SIGTERM, and the exit status once it has stopped (within 10 s).
    pub fn stop(mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let start = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("waits") {
                return status;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "rx serve did not stop on SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The names of the files in `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder reads")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
