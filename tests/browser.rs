//! `rx serve`'s editor in a real browser: the real `rx serve --no-open
//! --port 0` on a temporary folder, driven in headless Chromium by
//! `tests/browser/editor.mjs` (playwright-core over the DevTools protocol,
//! axe-core injected into the page). The script searches, adds, sees rx's
//! own error beside the reps field, fixes it, adds from a region filter and
//! saves, by mouse and again by keyboard alone; the saved plans must pass
//! `rx check` and build the preview's bytes; axe-core must find no serious
//! or critical violation; it leaves screenshots at 1280×800 and at 200 %
//! under `target/tmp/browser/` for a person to look at.
//!
//! Ignored by default, so `cargo test` needs nothing but Rust; `.ci/run`
//! installs Chromium (`apt-get install chromium chromium-driver`) and the
//! script's packages (`npm ci` in `tests/browser`), then runs this group:
//! `cargo test --test integration browser -- --ignored`.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::repo;

/// The date every run takes as today, as in `support`.
const EPOCH: &str = "1795651200";

/// A running `rx serve` and the address it printed, token and all.
struct Served {
    child: Child,
    url: String,
}

impl Served {
    /// `rx serve` on `folder`, started from `cwd` (another folder, so the
    /// plans can only land in `folder` through its argument).
    fn start(folder: &Path, cwd: &Path) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rx"))
            .arg("serve")
            .arg("--no-open")
            .args(["--port", "0"])
            .arg(folder)
            .current_dir(cwd)
            .env("RX_CONFIG", "")
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("rx serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the address line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:") && w.contains("?token="))
            .unwrap_or_else(|| panic!("no loopback address with a token in {line:?}"))
            .to_owned();
        Served { child, url }
    }

    /// SIGTERM; it must stop.
    fn stop(mut self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let start = Instant::now();
        while self.child.try_wait().expect("waits").is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "rx serve did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
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

#[test]
#[ignore = "needs Chromium and `npm ci` in tests/browser; .ci/run runs it"]
fn browser_editor_flows_by_mouse_and_keyboard_save_plans_that_build_the_preview() {
    let script = repo("tests/browser");
    assert!(
        script.join("node_modules/playwright-core").is_dir(),
        "run `npm ci` in {} first",
        script.display()
    );
    let folder = tempfile::tempdir().expect("a temp dir");
    let scratch = tempfile::tempdir().expect("a temp dir");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let served = Served::start(folder.path(), scratch.path());

    let out = Command::new("node")
        .arg("editor.mjs")
        .current_dir(&script)
        .env("RX_URL", &served.url)
        .env("RX_FOLDER", folder.path())
        .env("RX_BIN", env!("CARGO_BIN_EXE_rx"))
        .env("RX_SHOTS", &shots)
        .env("RX_SCRATCH", scratch.path())
        .env("RX_CONFIG", "")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("node must be installed (Node 20): {e}"));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the browser flows failed:\n{said}");
    for flow in ["mouse flow", "keyboard flow", "200 % zoom"] {
        assert!(
            said.contains(&format!("ok: {flow}")),
            "no {flow} in:\n{said}"
        );
    }
    println!("{said}screenshots in {}", shots.display());

    served.stop();
    // The two saves, and nothing else: a preview is never written to disk.
    assert_eq!(names(folder.path()), ["ana.toml", "ben.toml"]);
}
