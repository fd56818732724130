//! `rx catalogue [ID]`: list the catalogue as a table, or show one entry in full.

use std::fmt::Write as _;

use clap::Args;
use serde::Serialize;

use super::{Format, output};
use crate::catalogue::{Catalogue, Entry, Limit, Origin};
use crate::error::{Error, Exit};

#[derive(Debug, Args)]
pub struct CatalogueArgs {
    /// An exercise id, name or alias to show in full.
    #[arg(value_name = "ID")]
    exercise: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: &CatalogueArgs, catalogue: &Catalogue) -> Result<Exit, Error> {
    let text = match &args.exercise {
        Some(name) => {
            let Some(entry) = catalogue.find(name) else {
                return Err(Error::UnknownExercise {
                    name: crate::parse::fields::shorten(name),
                    help: crate::suggest::did_you_mean(&catalogue.suggest(name)),
                });
            };
            match args.format {
                Format::Human => show(entry, catalogue),
                Format::Json => json(&JsonEntry::new(entry, catalogue)),
            }
        }
        None => match args.format {
            Format::Human => table(catalogue),
            Format::Json => {
                let all: Vec<JsonEntry> = catalogue
                    .entries()
                    .iter()
                    .map(|e| JsonEntry::new(e, catalogue))
                    .collect();
                json(&all)
            }
        },
    };
    output::stdout(&text).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Exit::Ok)
}

fn json<T: Serialize>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).expect("catalogue entries serialise to JSON");
    text.push('\n');
    text
}

/// An entry with its source titles spelled out, for tools.
#[derive(Serialize)]
struct JsonEntry<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    source_titles: Vec<String>,
}

impl<'a> JsonEntry<'a> {
    fn new(entry: &'a Entry, catalogue: &Catalogue) -> Self {
        let source_titles = entry
            .sources
            .iter()
            .filter_map(|id| catalogue.source(id).map(|s| s.title.clone()))
            .collect();
        JsonEntry {
            entry,
            source_titles,
        }
    }
}

fn table(catalogue: &Catalogue) -> String {
    let header = [
        "ID",
        "NAME",
        "SETS",
        "REPS",
        "HOLD (S)",
        "EACH SIDE",
        "PER DAY",
        "PER WEEK",
    ];
    let rows: Vec<[String; 8]> = catalogue
        .entries()
        .iter()
        .map(|e| {
            let l = &e.limits;
            [
                e.id.clone(),
                e.name.clone(),
                l.sets.range(),
                l.reps.range(),
                l.hold.as_ref().map_or("-".to_owned(), Limit::range),
                if e.per_side.value { "yes" } else { "no" }.to_owned(),
                l.per_day.range(),
                l.per_week.range(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        let _ = writeln!(out, "{}", padded.join("  ").trim_end());
    };
    line(&header.map(str::to_owned));
    for row in &rows {
        line(row);
    }
    out
}

fn show(entry: &Entry, catalogue: &Catalogue) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", entry.name, entry.id);
    if !entry.aliases.is_empty() {
        let _ = writeln!(out, "Also called: {}", entry.aliases.join(", "));
    }
    let _ = writeln!(out, "Position: {}", entry.position);
    let _ = writeln!(out, "Targets: {}", entry.targets);
    let _ = writeln!(out, "Why it helps: {}", entry.why);
    let _ = writeln!(out, "When: {}", entry.when);
    let _ = writeln!(out, "\nSteps:");
    for (i, step) in entry.steps.iter().enumerate() {
        let _ = writeln!(out, "  {}. {step}", i + 1);
    }
    let _ = writeln!(out, "\nCautions:");
    for caution in &entry.cautions {
        let _ = writeln!(out, "  - {caution}");
    }
    let _ = writeln!(out, "\nDose limits (recommended in brackets):");
    let l = &entry.limits;
    let rows = [
        ("sets", Some(&l.sets)),
        ("reps", Some(&l.reps)),
        ("hold (seconds)", l.hold.as_ref()),
        ("times per day", Some(&l.per_day)),
        ("days per week", Some(&l.per_week)),
    ];
    for (field, limit) in rows {
        match limit {
            Some(limit) => {
                let recommended = limit
                    .recommended
                    .map_or(String::new(), |r| format!(" [{r}]"));
                let _ = writeln!(out, "  {field}: {}{recommended}", limit.range());
                let _ = writeln!(out, "      {}", catalogue.cite(&limit.origin));
                if let Some(note) = &limit.note {
                    let _ = writeln!(out, "      note: {note}");
                }
            }
            None => {
                let _ = writeln!(out, "  {field}: does not apply (no hold in the sources)");
            }
        }
    }
    let side = if entry.per_side.value { "yes" } else { "no" };
    let _ = writeln!(out, "  each side: {side}");
    let _ = writeln!(out, "      {}", catalogue.cite(&entry.per_side.origin));
    if !entry.notes.is_empty() {
        let _ = writeln!(out, "\nNotes for clinicians:");
        for note in &entry.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    let _ = writeln!(
        out,
        "\nSources: {}",
        catalogue.cite(&Origin::From(entry.sources.clone()))
    );
    out
}
