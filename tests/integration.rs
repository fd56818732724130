//! Integration tests: run the real `rx` binary in a temporary folder and
//! compare its exit code, stdout and stderr. One module per command.
//!
//! They need only a Rust toolchain: PDFs are read by `pdf` (over lopdf).
//! `pdf_tools` reads them again with poppler and qpdf; those tests are
//! ignored unless asked for (`.ci/run` installs the tools and runs them),
//! as are `libreoffice` and `browser` (headless Chromium).

mod pdf;
mod support;

mod accessibility;
mod archival;
mod batch;
mod black_print;
mod browser;
mod build;
mod catalogue;
mod check;
mod clinic_limits;
mod combine;
mod docs;
mod doses;
mod exceed;
mod faults;
mod figures;
mod finding;
mod frequency;
mod fuzz_corpus;
mod hostile_text;
mod install;
mod language;
mod library;
mod libreoffice;
mod limits;
mod new;
mod outputs;
mod page_fill;
mod pdf_tools;
mod properties;
mod reliability;
mod runs;
mod schema;
mod scripts;
mod serve;
mod settings;
mod sheet_bounds;
mod sizes;
mod sources;
mod spreadsheets;
mod steps;
mod template;
mod timed;
mod video;
mod words;
mod workbooks;
mod xls;
