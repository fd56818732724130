//! `rx serve`: a local plan editor in the browser, for one user on the
//! clinic's own PC.
//!
//! The page (`page/`, embedded) searches the library, builds a plan and
//! sends it, as JSON, to the API (`api`); the server writes it as the TOML
//! plan `rx build` reads (`plan`) and takes it through the command's one
//! `Run`, so the diagnostics are `rx check`'s and the preview is the PDF
//! `rx build` writes for the same plan. `server` runs the accept loop on
//! 127.0.0.1 and stops on Ctrl-C or SIGTERM; `guard` lets through only the
//! browser given the token, on the server's own address; `folder` keeps
//! every file read or written inside the one folder served; `reply` is
//! what the server answers and what it refuses. `batch` builds a CSV or a
//! workbook of many plans in the folder; `words` says what `rx check`
//! found in the page's words (its help, the exercise's name).
//!
//! Like `batch`, this module reads and writes files (plans and sheets in
//! the folder, through `files`' atomic writes) and talks on a socket; the
//! stages it calls stay pure.

mod api;
mod batch;
mod folder;
mod guard;
pub(crate) mod page;
mod plan;
mod reply;
mod server;
mod words;

pub use folder::Folder;
pub use server::serve;

use crate::run::Run;

/// What the editor works with: the run every plan goes through (catalogue,
/// fonts, the clinic's settings, today), and the folder served.
#[derive(Debug)]
pub struct Editor<'a> {
    pub run: Run<'a>,
    pub folder: Folder,
}
