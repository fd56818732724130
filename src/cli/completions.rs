//! `rx completions SHELL`: a shell completion script on stdout.
//!
//! Generated from the same clap types as `--help`, so completions never
//! offer a command or option rx does not have.

use clap::{Args, CommandFactory};

use super::output;
use crate::error::{Error, Exit};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL")]
    shell: clap_complete::Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<Exit, Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut super::Args::command(), "rx", &mut script);
    let script = String::from_utf8(script).expect("clap_complete writes UTF-8 scripts");
    output::stdout(&script).map_err(super::stdout_error)?;
    Ok(Exit::Ok)
}
