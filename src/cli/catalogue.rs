//! `rx catalogue [ID]`: list the catalogue as a table, or show one entry in
//! full. `rx catalogue --format pdf`: the whole catalogue as a booklet.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::options::PaperArg;
use super::{output, today};
use crate::catalogue::{Catalogue, Entry, Equipment, Limit, Origin, Posture, Query, Region, Word};
use crate::dose::{DAILY_MARGIN, Daily};
use crate::error::{Error, Exit};
use crate::files::guard;
use crate::files::write::Existing;
use crate::fonts::Fonts;
use crate::lang::Language;
use crate::layout::{self, Options};
use crate::settings::Settings;

#[derive(Debug, Args)]
pub struct CatalogueArgs {
    /// An exercise id, name or alias to show in full.
    #[arg(value_name = "ID", value_parser = super::candidates::exercises(), hide_possible_values = true)]
    exercise: Option<String>,

    /// Output format: a table (or one entry) as text, JSON for tools, or a
    /// PDF booklet of the whole catalogue with every figure.
    #[arg(long, value_enum, default_value_t)]
    format: CatalogueFormat,

    /// PDF only: where to write the booklet (`-` for stdout).
    #[arg(short, long, value_name = "PATH", default_value = "catalogue.pdf")]
    output: PathBuf,

    /// PDF only: paper size.
    #[arg(long, value_enum, default_value_t)]
    paper: PaperArg,

    /// PDF only: large print (body text 16 pt).
    #[arg(long)]
    large_print: bool,

    /// The language of the listing's names and headings, and of the PDF
    /// booklet, e.g. `es` (default: the settings' `language`, else en).
    #[arg(long, value_name = "CODE", value_parser = super::candidates::languages(), hide_possible_values = true)]
    language: Option<Language>,

    /// Only exercises for this region (neck, shoulder, hip, knee,
    /// foot-ankle, back, balance); give it again for any of several.
    #[arg(long, value_name = "REGION", value_parser = word::<Region>)]
    region: Vec<Region>,

    /// Only exercises done in this position (lying-back, lying-side,
    /// lying-front, sitting, standing, kneeling, half-kneeling, all-fours);
    /// give it again for any of several.
    #[arg(long, value_name = "POSITION", value_parser = word::<Posture>)]
    position: Vec<Posture>,

    /// Only exercises that use this (chair, wall, band, towel, step,
    /// weight, ball, doorway, table); give it again for all of several.
    #[arg(long, value_name = "THING", value_parser = word::<Equipment>)]
    equipment: Vec<Equipment>,

    /// Only exercises with this word in their name, aliases or regions
    /// (English, and the listing's language).
    #[arg(long, value_name = "WORD")]
    search: Option<String>,
}

/// A word of one of the catalogue's vocabularies, or the list of them.
fn word<T: Word + Send + Sync>(text: &str) -> Result<T, String> {
    T::from_word(text)
        .ok_or_else(|| format!("unknown {} \"{text}\" (known: {})", T::WHAT, T::words()))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
enum CatalogueFormat {
    #[default]
    Human,
    Json,
    Pdf,
}

/// `inputs`: every file the run read (the clinic catalogue and its
/// pictures, the settings file and its logo), none of which `-o` may name.
pub fn run(
    args: &CatalogueArgs,
    catalogue: &Catalogue,
    clinic: &Settings,
    inputs: &[PathBuf],
) -> Result<Exit, Error> {
    let language = args
        .language
        .or_else(|| clinic.language.as_ref().map(|l| l.value))
        .unwrap_or_default();
    let query = Query {
        regions: args.region.clone(),
        postures: args.position.clone(),
        equipment: args.equipment.clone(),
        words: args.search.clone(),
        language,
    };
    if args.exercise.is_some() && !query.is_empty() {
        return Err(Error::Usage {
            message: "give an exercise to show, or --region, --position, --equipment or --search to list, not both".to_owned(),
        });
    }
    let found;
    let catalogue = if query.is_empty() {
        catalogue
    } else {
        found = catalogue.only(&query);
        &found
    };
    if args.format == CatalogueFormat::Pdf {
        if args.exercise.is_some() {
            return Err(Error::Usage {
                message: "the PDF booklet holds the whole catalogue: leave out the exercise"
                    .to_owned(),
            });
        }
        let output = guard::Output {
            flag: "-o",
            path: &args.output,
        };
        guard::refuse_clashes(inputs, &[output], guard::Sheets::None)?;
        if catalogue.entries().is_empty() {
            return Err(Error::Usage {
                message: "no exercise matches: the booklet would be empty".to_owned(),
            });
        }
        return booklet(args, catalogue, language);
    }
    let text = match &args.exercise {
        Some(name) => {
            let Some(entry) = catalogue.find(name) else {
                return Err(Error::UnknownExercise {
                    name: crate::fields::shorten(name),
                    help: crate::suggest::did_you_mean(&catalogue.suggest(name)),
                });
            };
            match args.format {
                CatalogueFormat::Json => json(&JsonEntry::new(entry, catalogue)),
                _ => show(entry, catalogue),
            }
        }
        None => match args.format {
            CatalogueFormat::Human | CatalogueFormat::Pdf => {
                table(catalogue, language, &query.regions)
            }
            CatalogueFormat::Json => json(&JsonCatalogue::new(catalogue)),
        },
    };
    output::stdout(&text).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Exit::Ok)
}

/// The pictures a clinic catalogue names (`figure_image`), found relative to
/// the catalogue file's folder and confined to it: a
/// name that leads outside it, by an absolute path, `..` or a symbolic link,
/// is refused, as is anything but a regular file (a folder, a device such as
/// /dev/zero, a named pipe that would wait forever). The size is checked
/// before reading, and no more than the cap plus one byte is ever read.
pub struct PicturesBeside {
    /// The catalogue's folder, symbolic links resolved; or why it cannot be.
    folder: Result<PathBuf, String>,
    /// The folder as the user wrote it (empty for the current one), which
    /// names are joined to for messages.
    shown: PathBuf,
    /// Every picture file read, so `-o` can refuse to write over one.
    read: std::cell::RefCell<Vec<PathBuf>>,
    /// The file the pictures belong to, as messages name it.
    what: &'static str,
}

impl PicturesBeside {
    pub fn new(catalogue: &Path) -> PicturesBeside {
        PicturesBeside::beside(catalogue, "catalogue")
    }

    /// Pictures beside `file` (a catalogue, or the settings file whose
    /// logo this reads), which messages call `what`.
    pub fn beside(file: &Path, what: &'static str) -> PicturesBeside {
        let shown = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let here = if shown.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &shown
        };
        let folder = std::fs::canonicalize(here).map_err(|e| {
            format!(
                "cannot be read: the {what}'s folder {} cannot be opened ({e})",
                here.display()
            )
        });
        PicturesBeside {
            folder,
            shown,
            read: std::cell::RefCell::new(Vec::new()),
            what,
        }
    }

    /// The picture files read so far.
    pub fn read_so_far(&self) -> Vec<PathBuf> {
        self.read.borrow().clone()
    }
}

impl PicturesBeside {
    /// `name` (relative to the file that names it) resolved through any
    /// link, and as shown in messages; an error unless it lies in that
    /// file's folder or below (`what`: "pictures" or "fonts", for the help).
    fn within_folder(&self, name: &str, what: &str) -> Result<(PathBuf, String), String> {
        let folder = self.folder.as_ref().map_err(Clone::clone)?;
        let path = self.shown.join(name);
        let shown = path.display().to_string();
        let real = std::fs::canonicalize(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("does not exist (looked for {shown})"),
            _ => format!("cannot be read ({shown}: {e})"),
        })?;
        if !real.starts_with(folder) {
            return Err(format!(
                "is outside the {file}'s folder ({}); keep {what} in the {file}'s folder or below it",
                real.display(),
                file = self.what
            ));
        }
        Ok((real, shown))
    }
}

impl crate::catalogue::Pictures for PicturesBeside {
    fn locate(&self, name: &str) -> Result<String, String> {
        let (real, shown) = self.within_folder(name, "pictures")?;
        check_picture_file(&std::fs::metadata(&real), &shown)?;
        real.into_os_string()
            .into_string()
            .map_err(|_| format!("cannot be read ({shown}: the path is not UTF-8)"))
    }

    fn read_font(&self, name: &str) -> Result<Vec<u8>, String> {
        use std::io::Read as _;
        let (real, shown) = self.within_folder(name, "fonts")?;
        let file =
            std::fs::File::open(&real).map_err(|e| format!("cannot be read ({shown}: {e})"))?;
        let meta = file
            .metadata()
            .map_err(|e| format!("cannot be read ({shown}: {e})"))?;
        if !meta.is_file() {
            return Err(format!("is not a regular file ({shown})"));
        }
        self.read.borrow_mut().push(real);
        let mut bytes = Vec::new();
        file.take(crate::fonts::clinic::MAX_FONT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot be read ({shown}: {e})"))?;
        Ok(bytes)
    }

    fn read(&self, key: &str) -> Result<Vec<u8>, String> {
        use std::io::Read as _;
        self.read.borrow_mut().push(PathBuf::from(key));
        let file = std::fs::File::open(key).map_err(|e| format!("cannot be read ({key}: {e})"))?;
        // Checked again on the open file: the name may now lead elsewhere.
        check_picture_file(&file.metadata(), key)?;
        let max = crate::picture::MAX_BYTES;
        let mut bytes = Vec::new();
        file.take(max as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot be read ({key}: {e})"))?;
        if bytes.len() > max {
            return Err(format!(
                "is larger than {} MB, the most a picture may be",
                max / 1_048_576
            ));
        }
        Ok(bytes)
    }
}

/// A picture must be a regular file no larger than the cap.
fn check_picture_file(
    meta: &std::io::Result<std::fs::Metadata>,
    shown: &str,
) -> Result<(), String> {
    let meta = meta
        .as_ref()
        .map_err(|e| format!("cannot be read ({shown}: {e})"))?;
    if meta.is_dir() {
        return Err(format!("is a folder ({shown}), not a picture"));
    }
    if !meta.is_file() {
        return Err(format!(
            "is not a regular file ({shown}: a device, pipe or socket), not a picture"
        ));
    }
    let max = crate::picture::MAX_BYTES;
    if meta.len() > max as u64 {
        return Err(format!(
            "is {:.1} MB; a picture may be at most {} MB",
            meta.len() as f64 / 1_048_576.0,
            max / 1_048_576
        ));
    }
    Ok(())
}

/// Lay out, render and write the booklet.
fn booklet(args: &CatalogueArgs, catalogue: &Catalogue, language: Language) -> Result<Exit, Error> {
    let fonts = Fonts::load();
    let options = Options {
        paper: args.paper.into(),
        large_print: args.large_print,
        language,
    };
    let document = layout::booklet(catalogue, options, &fonts, today()?);
    let pdf = crate::render::render(&document, &fonts).map_err(|e| e.writing(&args.output))?;
    let what = format!("{} exercises", catalogue.entries().len());
    // The booklet is the catalogue's, not a patient's: a new one replaces
    // the last.
    let written = output::pdf(&args.output, &pdf, Existing::Replace)?;
    output::wrote(&args.output, written, document.pages.len(), &what)?;
    Ok(Exit::Ok)
}

fn json<T: Serialize>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).expect("catalogue entries serialise to JSON");
    text.push('\n');
    text
}

/// The whole catalogue for tools: its sources, exercises, the safety lines
/// every sheet carries, and the starter routines.
#[derive(Serialize)]
struct JsonCatalogue<'a> {
    /// The shape's version; a field that changes meaning or goes away makes
    /// a new one.
    version: u32,
    sources: Vec<&'a crate::catalogue::Source>,
    exercises: Vec<JsonEntry<'a>>,
    safety: &'a [crate::catalogue::Safety],
    routines: &'a [crate::catalogue::Routine],
}

impl<'a> JsonCatalogue<'a> {
    fn new(catalogue: &'a Catalogue) -> Self {
        JsonCatalogue {
            version: 1,
            sources: catalogue.sources().collect(),
            exercises: catalogue
                .entries()
                .iter()
                .map(|e| JsonEntry::new(e, catalogue))
                .collect(),
            safety: catalogue.safety(),
            routines: catalogue.routines(),
        }
    }
}

/// An entry with its source titles spelled out and its daily-volume limit,
/// for tools.
#[derive(Serialize)]
struct JsonEntry<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    source_titles: Vec<String>,
    /// The largest daily total per side any one source prescribes.
    daily_largest: Daily,
    /// A plan's daily total per side may be up to this many times `daily_largest`.
    daily_margin: u64,
    /// Per field: each source's range, the catalogue's limit, the clinic's
    /// (with its file, line and basis) and which applies.
    limits_by_field: Vec<crate::limits::Shown<'a>>,
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
            daily_largest: crate::dose::largest_daily(entry).0,
            daily_margin: DAILY_MARGIN,
            limits_by_field: crate::limits::shown(entry),
        }
    }
}

/// The listing: per region (in the vocabulary's order, entries with no
/// region last), a heading and one row per entry, in `language`: its
/// headings and each entry's name (English where it has none there). An
/// entry for two regions is listed under each; with `regions` given, under
/// those only.
fn table(catalogue: &Catalogue, language: Language, regions: &[Region]) -> String {
    let words = language.messages();
    if catalogue.entries().is_empty() {
        return format!("{}\n", words.text("catalogue-none"));
    }
    let header = [
        "catalogue-id",
        "catalogue-name",
        "catalogue-sets",
        "catalogue-reps",
        "catalogue-hold",
        "catalogue-each-side",
        "catalogue-per-day",
        "catalogue-per-week",
    ]
    .map(|key| words.text(key));
    let (yes, no) = (words.text("catalogue-yes"), words.text("catalogue-no"));
    let row = |e: &Entry| -> [String; 8] {
        let l = &e.limits;
        [
            e.id.clone(),
            e.printed_or_english(language).0.name.to_owned(),
            l.sets.range(),
            l.reps.range(),
            l.hold.as_ref().map_or("-".to_owned(), Limit::range),
            if e.per_side.value { &yes } else { &no }.clone(),
            l.per_day.range(),
            l.per_week.range(),
        ]
    };
    let mut groups: Vec<(String, Vec<[String; 8]>)> = Region::ALL
        .iter()
        .filter(|(_, region)| regions.is_empty() || regions.contains(region))
        .map(|(word, region)| {
            let rows = catalogue
                .entries()
                .iter()
                .filter(|e| e.regions.contains(region))
                .map(|e| row(e))
                .collect();
            (words.text(&format!("region-{word}")), rows)
        })
        .collect();
    let others = catalogue
        .entries()
        .iter()
        .filter(|e| e.regions.is_empty())
        .map(|e| row(e))
        .collect();
    groups.push((words.text("region-none"), others));
    groups.retain(|(_, rows)| !rows.is_empty());
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in groups.iter().flat_map(|(_, rows)| rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = String::new();
    for (i, (heading, rows)) in groups.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{heading} ({})", rows.len());
        out.push_str(&line(&header));
        for row in rows {
            out.push_str(&line(row));
        }
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
    let _ = writeln!(out, "Class: {}", class(entry));
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
    let _ = writeln!(out, "\nEach source's own prescription:");
    for (i, p) in entry.prescriptions.iter().enumerate() {
        let recommended = if i == entry.recommended && entry.prescriptions.len() > 1 {
            " (a plan's missing fields start here)"
        } else {
            ""
        };
        let _ = writeln!(out, "  {}{recommended}: {}", p.label(), p.summary());
        let _ = writeln!(out, "      {}", catalogue.cite(&p.origin));
        if let Some(note) = &p.note {
            let _ = writeln!(out, "      says: {note}");
        }
        if let Some(reading) = &p.reading {
            let _ = writeln!(out, "      our reading: {reading}");
        }
    }
    let _ = writeln!(out, "\n{}", entry.daily_sentence());
    let _ = writeln!(out, "\nDose limits (recommended in brackets):");
    let l = &entry.limits;
    let rows = [
        ("sets", Some(&l.sets)),
        ("reps", Some(&l.reps)),
        ("hold (seconds)", l.hold.as_ref()),
        ("times per day", Some(&l.per_day)),
        ("days per week", Some(&l.per_week)),
        ("minutes a bout", l.minutes.as_ref()),
    ];
    for ((field, limit), shown) in rows.into_iter().zip(crate::limits::shown(entry)) {
        // Only a timed exercise has a time; the others are counted.
        if field == "minutes a bout" && limit.is_none() && shown.clinic.is_none() {
            continue;
        }
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
                let _ = writeln!(
                    out,
                    "  {field}: none (no hold in the sources; `hold = 0` is accepted)"
                );
            }
        }
        if let Some(clinic) = shown.clinic {
            let basis = clinic
                .basis
                .as_ref()
                .map_or(String::new(), |b| format!(", basis \"{b}\""));
            let _ = writeln!(
                out,
                "      clinic: {} ({}){basis}",
                clinic.range.range(),
                clinic.place
            );
            let _ = writeln!(out, "      applies: the clinic's {}", clinic.range.range());
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
    // What the figure settles that the sources leave open: a clinician
    // reviewing the entry sees it here as in the booklet.
    if let Some(note) = &entry.figure_note {
        let _ = writeln!(out, "\nAbout the figure: {note}");
    }
    // What a screen reader says for the figure, in each language, so a
    // clinician can check the words against the drawing.
    if let Some(alt) = &entry.figure_alt {
        let _ = writeln!(out, "\nThe figure in words (for screen readers): {alt}");
        for (language, t) in &entry.translations {
            if let Some(alt) = &t.figure_alt {
                let _ = writeln!(out, "  {}: {alt}", language.code());
            }
        }
    }
    let _ = writeln!(
        out,
        "\nSources: {}",
        catalogue.cite(&Origin::From(entry.sources.clone()))
    );
    for source in entry.sources.iter().filter_map(|id| catalogue.source(id)) {
        let _ = writeln!(out, "  {}: \"{}\"", source.id, source.title);
        for line in source_record(source) {
            let _ = writeln!(out, "      {line}");
        }
    }
    out
}

/// "regions knee, balance; posture standing; equipment chair", the words
/// `--region`, `--position` and `--equipment` find the entry by.
fn class(entry: &Entry) -> String {
    let words = |w: Vec<&str>| {
        if w.is_empty() {
            "none".to_owned()
        } else {
            w.join(", ")
        }
    };
    format!(
        "regions {}; posture {}; equipment {}",
        words(entry.regions.iter().map(|r| r.word()).collect()),
        entry.posture.map_or("not given", |p| p.word()),
        words(entry.equipment.iter().map(|e| e.word()).collect()),
    )
}

/// What the catalogue records of a source, one fact a line: publisher,
/// pages, how and when it was seen (with any copy it was read from), and
/// what is not known.
fn source_record(source: &crate::catalogue::Source) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(publisher) = &source.publisher {
        lines.push(format!("publisher: {publisher}"));
    }
    for url in &source.urls {
        lines.push(format!("page: {url}"));
    }
    let mut seen: Vec<String> = source.seen.iter().map(|s| s.word().to_owned()).collect();
    seen.extend(source.date_seen.clone());
    if !seen.is_empty() {
        lines.push(format!("seen: {}", seen.join(", ")));
    }
    for url in &source.seen_at {
        lines.push(format!("seen at (a copy): {url}"));
    }
    if let Some(text) = &source.not_known {
        lines.push(format!("not known: {text}"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::show;
    use crate::catalogue::{builtin, wording::plural_one};

    #[test]
    fn no_entry_shown_in_full_reads_one_with_a_plural() {
        let catalogue = builtin().expect("built-in catalogue");
        for entry in catalogue.entries() {
            let text = show(entry, &catalogue);
            assert_eq!(plural_one(&text), None, "rx catalogue {}", entry.id);
        }
    }
}
