//! Integration tests: run the real `rx` binary in a temporary folder and
//! compare its exit code, stdout and stderr. One module per command.

mod support;

mod batch;
mod build;
mod catalogue;
mod check;
mod faults;
mod figures;
mod fuzz_corpus;
mod issue11_sheet;
mod limits;
mod new;
mod properties;
