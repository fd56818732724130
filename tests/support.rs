//! A small builder that runs the real `rx` binary in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Test {
    pub dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

/// What a run of `rx` produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().expect("a temporary folder"),
            args: Vec::new(),
            env: vec![("SOURCE_DATE_EPOCH".into(), "1795651200".into())], // 2026-11-25
        }
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

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn run(&self) -> Output {
        let output = Command::new(env!("CARGO_BIN_EXE_rx"))
            .args(&self.args)
            .current_dir(self.dir.path())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("run rx");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
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
