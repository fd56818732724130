//! `rx man [COMMAND]`: the man page of rx, or of one command, in roff.
//!
//! Generated from the clap types, so it says what `--help` says. rx's page
//! refers to `rx-build(1)` and the like, as git's does; `rx man build`
//! prints that page.

use clap::{Args, CommandFactory};

use super::output;
use crate::error::{Error, Exit};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print; without it, rx's own page.
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

pub fn run(args: &ManArgs) -> Result<Exit, Error> {
    let mut rx = super::Args::command();
    // Built, so each command knows its full name (`rx-build`, `rx build`).
    rx.build();
    let command = match &args.command {
        None => rx,
        Some(name) => match rx.find_subcommand(name) {
            Some(command) => command.clone(),
            None => return Err(super::unknown_command(&rx, name)),
        },
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(super::stdout_error)?;
    let page = String::from_utf8(page).expect("clap_mangen writes UTF-8 roff");
    output::stdout(&page).map_err(super::stdout_error)?;
    Ok(Exit::Ok)
}
