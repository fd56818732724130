//! What a shell completes for options that accept more than a fixed list:
//! an exercise (by id, name or alias, and a clinic catalogue may add more),
//! a starter routine, a sheet language (by code or name). Each option's
//! parser accepts any text, which the command then checks against the
//! catalogue in use, but names the built-in ids as its possible values, so
//! `rx completions` and the man page offer them.

use std::ffi::OsStr;
use std::sync::OnceLock;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};

use crate::lang::Language;

/// A parser of free text that offers `values` to the shell.
#[derive(Clone, Copy)]
pub struct Candidates {
    values: fn() -> &'static [String],
}

impl TypedValueParser for Candidates {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            (self.values)()
                .iter()
                .map(|v| PossibleValue::new(v.as_str())),
        ))
    }
}

/// The built-in exercises' ids and starter routines' ids, read from one
/// load of the built-in catalogue (a completion script asks for both).
fn builtin_ids() -> &'static (Vec<String>, Vec<String>) {
    static IDS: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    IDS.get_or_init(|| {
        crate::catalogue::builtin()
            .map(|c| {
                let exercises = c.entries().iter().map(|e| e.id.clone()).collect();
                let routines = c.routines().iter().map(|r| r.id.clone()).collect();
                (exercises, routines)
            })
            .unwrap_or_default()
    })
}

/// The built-in exercises' ids.
pub fn exercises() -> Candidates {
    Candidates {
        values: || &builtin_ids().0,
    }
}

/// The built-in starter routines' ids.
pub fn routines() -> Candidates {
    Candidates {
        values: || &builtin_ids().1,
    }
}

/// The sheet languages' codes; the command reads a name too (`Spanish`).
pub fn languages() -> impl TypedValueParser<Value = Language> {
    Candidates {
        values: || {
            static CODES: OnceLock<Vec<String>> = OnceLock::new();
            CODES.get_or_init(|| Language::all().map(|l| l.code().to_owned()).collect())
        },
    }
    .try_map(|code| super::options::language_arg(&code))
}
