//! `rx serve`'s editor in a real browser: the real `rx serve --no-open
//! --port 0` on a temporary folder, driven in headless Chromium by
//! `tests/browser/editor.mjs` (playwright-core over the DevTools protocol,
//! axe-core injected into the page). The script searches, adds, sees rx's
//! own error beside the reps field, fixes it, adds from a region filter,
//! reorders by drag, saves and builds a workbook batch, by mouse, and the
//! same plan flow again by keyboard alone; the saved plans must pass
//! `rx check` and build the preview's bytes; axe-core must find no serious
//! or critical violation; it leaves screenshots at 1280×800 and at 200 %
//! under `target/tmp/browser/` for a person to look at.
//!
//! Ignored by default, so `cargo test` needs nothing but Rust; `.ci/run`
//! installs Chromium (`apt-get install chromium chromium-driver`) and the
//! script's packages (`npm ci` in `tests/browser`), then runs this group:
//! `cargo test --test integration browser -- --ignored`.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::support::{EPOCH, Serving, file_names, repo, serve_command};

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
    // Started from another folder, so the plans can only land in `folder`
    // through its argument.
    let served = Serving::start(serve_command(
        scratch.path(),
        &[],
        &["--port".as_ref(), "0".as_ref(), folder.path().as_os_str()],
    ));

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

    assert!(served.stop().success());
    // The two saves and the workbook's batch, and nothing else: a preview
    // is never written to disk.
    assert_eq!(
        file_names(folder.path()),
        ["ana.toml", "ben.toml", "plans", "plans.xlsx"]
    );
}
