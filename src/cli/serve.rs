//! `rx serve [FOLDER]`: start the local plan editor and open it in the
//! browser. The editor itself is `crate::serve`; this settles its `Run`
//! and folder, prints the address and opens the browser.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use super::{output, today};
use crate::catalogue::Catalogue;
use crate::error::{Error, Exit};
use crate::run::Run;
use crate::settings::Settings;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder plans and sheets are read from and written to (default:
    /// the current folder); the clinic's `rx.toml` is looked for from it.
    #[arg(value_name = "FOLDER")]
    folder: Option<PathBuf>,

    /// Only print the editor's address; do not open the browser.
    #[arg(long)]
    no_open: bool,

    /// The port to listen on, on 127.0.0.1 (default: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
}

impl ServeArgs {
    /// The folder given, where the settings are looked for from.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }
}

pub fn run(args: &ServeArgs, catalogue: &Catalogue, clinic: &Arc<Settings>) -> Result<Exit, Error> {
    let given = args.folder.clone().unwrap_or_else(|| PathBuf::from("."));
    let folder = crate::serve::Folder::open(&given).map_err(|source| Error::Read {
        path: given.clone(),
        source,
    })?;
    let fonts = clinic.fonts();
    let run = Run {
        settings: Arc::clone(clinic),
        ..Run::new(catalogue, &fonts, today()?)
    };
    let editor = crate::serve::Editor { run, folder };
    crate::serve::serve(&editor, args.port, |url| {
        let _ = output::stdout(&format!(
            "rx editor for {} at {url}\n(Ctrl-C to stop)\n",
            editor.folder.root().display()
        ));
        if !args.no_open && !open(url) {
            output::note("open the address above in your browser");
        }
    })?;
    Ok(Exit::Ok)
}

/// Open `url` in the default browser; whether a browser was started.
fn open(url: &str) -> bool {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}
