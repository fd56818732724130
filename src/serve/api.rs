//! The editor's routes: the page, and the JSON API it calls. One request
//! in, one `Reply` out; the server has already let the request through its
//! guard and read its body.
//!
//! Every plan the page sends is written as TOML (`plan::toml`) and taken
//! through the editor's `Run`, so its diagnostics are `rx check`'s (the
//! same JSON as `rx check --format json`, each with the plan field it
//! belongs to) and its preview is the PDF `rx build` writes. The routes
//! are listed in docs/editor.md.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Editor;
use super::page;
use super::plan::{self, EditorPlan};
use super::reply::{Refusal, Reply};
use super::words;
use crate::catalogue::{Catalogue, Entry, Equipment, Origin, Posture, Query, Region, Word};
use crate::diag::{self, JsonDiagnostic, SourceFile};
use crate::lang::Language;
use crate::run::Checked;

/// The size of a library figure, in points (the figure engine's canvas
/// proportions).
const FIGURE_W: f32 = 160.0;
const FIGURE_H: f32 = 120.0;

/// The name diagnostics carry for a plan not yet saved.
const UNSAVED: &str = "plan.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Other,
}

/// A request, as the server read it.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub method: Method,
    pub path: &'a str,
    pub query: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl Request<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// Answer one request.
pub fn handle(editor: &Editor, req: &Request) -> Reply {
    route(editor, req).unwrap_or_else(Reply::from)
}

fn route(editor: &Editor, req: &Request) -> Result<Reply, Refusal> {
    use Method::{Get, Post};
    match (req.method, req.path) {
        (Get, "/") => Ok(Reply::bytes("text/html; charset=utf-8", page::html())),
        (Get, "/editor.css") => Ok(Reply::bytes("text/css; charset=utf-8", page::css())),
        (Get, "/editor.js") => Ok(Reply::bytes("text/javascript; charset=utf-8", page::js())),
        (Get, "/api/info") => Ok(info(editor)),
        (Get, "/api/library") => library(editor, req),
        (Get, "/api/exercise") => exercise(editor, req),
        (Get, "/api/routine") => routine(editor, req),
        (Get, "/api/plans") => Ok(Reply::json(
            200,
            &serde_json::json!({
                "plans": editor.folder.plans(),
                "batches": editor.folder.batches(),
            }),
        )),
        (Get, "/api/open") => open(editor, req),
        (Post, "/api/check") => check(editor, req),
        (Post, "/api/preview") => preview(editor, req),
        (Post, "/api/save") => save(editor, req, false),
        (Post, "/api/build") => save(editor, req, true),
        (Post, "/api/batch") => super::batch::build(editor, req),
        (Get, path) if path.starts_with("/api/figure/") => figure(editor, path),
        (
            _,
            "/" | "/editor.css" | "/editor.js" | "/api/info" | "/api/library" | "/api/exercise"
            | "/api/routine" | "/api/plans" | "/api/open" | "/api/check" | "/api/preview"
            | "/api/save" | "/api/build" | "/api/batch",
        ) => Err(Refusal::Method),
        _ => Err(Refusal::NotFound {
            what: format!("no page at \"{}\"", crate::fields::shorten(req.path)),
        }),
    }
}

/// What the page needs to start: the clinic's settings, the languages, the
/// library's filters, the routines and the plans in the folder.
fn info(editor: &Editor) -> Reply {
    let settings = &editor.run.settings;
    let words = Language::ENGLISH.messages();
    let catalogue = editor.run.catalogue;
    let value = serde_json::json!({
        "folder": editor.folder.root().display().to_string(),
        "today": editor.run.today.to_string(),
        "settings": {
            "prescriber": settings.prescriber.as_ref().map(|s| s.value.clone()),
            "clinic": settings.clinic.as_ref().map(|s| s.value.clone()),
            "phone": settings.phone.as_ref().map(|s| s.value.clone()),
            "language": settings.language.as_ref().map(|s| s.value.code()),
            "paper": settings.paper.as_ref().map(|s| paper_word(s.value)),
            "large_print": settings.large_print.as_ref().map(|s| s.value),
        },
        "languages": Language::all()
            .map(|l| serde_json::json!({ "code": l.code(), "name": l.name() }))
            .collect::<Vec<_>>(),
        "regions": Region::ALL
            .iter()
            .map(|(word, _)| serde_json::json!({
                "value": word,
                "label": words.text(&format!("region-{word}")),
            }))
            .collect::<Vec<_>>(),
        "positions": labels(Posture::ALL),
        "equipment": labels(Equipment::ALL),
        "routines": catalogue
            .routines()
            .iter()
            .map(|r| serde_json::json!({ "id": r.id, "name": r.name }))
            .collect::<Vec<_>>(),
        "plans": editor.folder.plans(),
    });
    Reply::json(200, &value)
}

fn paper_word(paper: crate::plan::Paper) -> &'static str {
    match paper {
        crate::plan::Paper::Letter => "letter",
        crate::plan::Paper::A4 => "a4",
    }
}

fn labels<T>(all: &[(&'static str, T)]) -> Vec<serde_json::Value> {
    all.iter()
        .map(|(word, _)| serde_json::json!({ "value": word, "label": word.replace('-', " ") }))
        .collect()
}

/// One exercise of the library, as a result row shows it.
#[derive(Serialize)]
struct Found<'a> {
    id: &'a str,
    name: &'a str,
    position: &'a str,
    regions: Vec<&'static str>,
    posture: Option<&'static str>,
    equipment: Vec<&'static str>,
    /// The recommended prescription in words, in the plan's language.
    dose: String,
    /// Whose that prescription is.
    source: String,
    /// The figure's address, if the entry has one.
    figure: Option<String>,
}

/// `/api/library?q=&region=&position=&equipment=&language=`: the entries
/// `rx catalogue`'s filters find.
fn library(editor: &Editor, req: &Request) -> Result<Reply, Refusal> {
    let language = language(req)?;
    let query = Query {
        regions: words(req.param("region"), "region")?,
        postures: words(req.param("position"), "position")?,
        equipment: words(req.param("equipment"), "equipment")?,
        words: req.param("q").map(str::to_owned),
        language,
    };
    let messages = language.messages();
    let found: Vec<Found> = editor
        .run
        .catalogue
        .entries()
        .iter()
        .filter(|e| query.matches(e))
        .map(|e| {
            let (printed, _) = e.printed_or_english(language);
            let p = e.recommended_prescription();
            Found {
                id: &e.id,
                name: printed.name,
                position: printed.position,
                regions: e.regions.iter().map(|r| r.word()).collect(),
                posture: e.posture.map(Word::word),
                equipment: e.equipment.iter().map(|q| q.word()).collect(),
                dose: crate::catalogue::wording::summary(p, messages),
                source: editor.run.catalogue.cite(&p.origin),
                figure: e
                    .figure
                    .as_ref()
                    .map(|_| format!("/api/figure/{}.svg", e.id)),
            }
        })
        .collect();
    Ok(Reply::json(200, &serde_json::json!({ "results": found })))
}

/// `language=CODE`, else English.
fn language(req: &Request) -> Result<Language, Refusal> {
    match req.param("language") {
        None => Ok(Language::ENGLISH),
        Some(code) => Language::parse(code).ok_or_else(|| Refusal::BadRequest {
            why: format!("unknown language \"{}\"", crate::fields::shorten(code)),
        }),
    }
}

/// A filter's words, comma-separated.
fn words<T: Word>(given: Option<&str>, what: &str) -> Result<Vec<T>, Refusal> {
    given
        .into_iter()
        .flat_map(|s| s.split(','))
        .filter(|w| !w.is_empty())
        .map(|w| {
            T::ALL
                .iter()
                .find(|(word, _)| *word == w)
                .map(|(_, v)| *v)
                .ok_or_else(|| Refusal::BadRequest {
                    why: format!("unknown {what} \"{}\"", crate::fields::shorten(w)),
                })
        })
        .collect()
}

/// `/api/figure/ID.svg`: the entry's figure, drawn by the figure engine.
fn figure(editor: &Editor, path: &str) -> Result<Reply, Refusal> {
    let id = path
        .strip_prefix("/api/figure/")
        .and_then(|rest| rest.strip_suffix(".svg"))
        .unwrap_or_default();
    let missing = || Refusal::NotFound {
        what: format!("no figure for \"{}\"", crate::fields::shorten(id)),
    };
    let entry = editor.run.catalogue.find(id).ok_or_else(missing)?;
    let figure = entry.figure.as_ref().ok_or_else(missing)?;
    let items = crate::figure::draw::items(figure, 0.0, 0.0, FIGURE_W, FIGURE_H);
    Ok(Reply::bytes(
        "image/svg+xml",
        crate::render::svg::svg(&items, FIGURE_W, FIGURE_H),
    ))
}

/// An exercise added to the plan: its name, and the dose fields filled
/// from a source's prescription, the source named.
#[derive(Serialize)]
struct Added {
    id: String,
    name: String,
    /// Whose dose it is, by the source's title and publisher.
    source: String,
    /// The dose fields, as the plan's fields take them.
    fields: BTreeMap<&'static str, String>,
    /// Where each value comes from, by field.
    notes: BTreeMap<&'static str, String>,
    /// What "Side" left empty means for it.
    side_default: &'static str,
}

fn added(catalogue: &Catalogue, entry: &Entry, from: &[String], language: Language) -> Added {
    let dose = crate::catalogue::start::starting_dose(entry, from);
    let mut fields = BTreeMap::new();
    let mut notes = BTreeMap::new();
    for start in dose.values {
        let value = match start.value {
            crate::catalogue::start::Value::Number(n) => n.to_string(),
            crate::catalogue::start::Value::Word(w) => w.to_owned(),
        };
        fields.insert(start.key, value);
        notes.insert(start.key, start.comment);
    }
    Added {
        id: entry.id.clone(),
        name: entry.printed_or_english(language).0.name.to_owned(),
        source: words::dose_source(catalogue, entry, from),
        fields,
        notes,
        side_default: words::side_default(entry),
    }
}

/// `/api/exercise?name=ID&from=SOURCE,...`.
fn exercise(editor: &Editor, req: &Request) -> Result<Reply, Refusal> {
    let name = req.param("name").unwrap_or_default();
    let catalogue = editor.run.catalogue;
    let entry = catalogue.find(name).ok_or_else(|| Refusal::NotFound {
        what: format!(
            "no exercise \"{}\" in the catalogue{}",
            crate::fields::shorten(name),
            crate::suggest::did_you_mean(&catalogue.suggest(name))
                .map(|h| format!("; {h}"))
                .unwrap_or_default()
        ),
    })?;
    let from: Vec<String> = req
        .param("from")
        .map(|f| f.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(Reply::json(
        200,
        &added(catalogue, entry, &from, language(req)?),
    ))
}

/// `/api/routine?id=ID`: a starter routine's exercises at its article's
/// doses.
fn routine(editor: &Editor, req: &Request) -> Result<Reply, Refusal> {
    let id = req.param("id").unwrap_or_default();
    let catalogue = editor.run.catalogue;
    let routine = catalogue.routine(id).ok_or_else(|| Refusal::NotFound {
        what: format!("no routine \"{}\"", crate::fields::shorten(id)),
    })?;
    let language = language(req)?;
    let exercises: Vec<Added> = routine
        .exercises
        .iter()
        .filter_map(|name| catalogue.find(name))
        .map(|e| added(catalogue, e, &routine.from, language))
        .collect();
    Ok(Reply::json(
        200,
        &serde_json::json!({
            "id": routine.id,
            "name": routine.name_in(language),
            "source": catalogue.cite(&Origin::From(routine.from.clone())),
            "exercises": exercises,
        }),
    ))
}

/// What the page posts: the plan, and for saving its file name and whether
/// the user agreed to replace the file there.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Posted {
    plan: EditorPlan,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    overwrite: bool,
}

fn posted(req: &Request) -> Result<Posted, Refusal> {
    serde_json::from_slice(req.body).map_err(|e| Refusal::BadRequest {
        why: format!("the body is not an editor plan: {e}"),
    })
}

/// A diagnostic as `rx check --format json` prints it, with the plan field
/// it belongs to.
#[derive(Serialize)]
struct AtField {
    field: String,
    #[serde(flatten)]
    diagnostic: JsonDiagnostic,
    /// The message as the page shows it: the exercise named as the library
    /// names it.
    shown: String,
    /// The help line in the editor's words (`words::help`).
    editor_help: Option<String>,
}

/// A plan checked: its TOML, what `Run::check` found, and the JSON of it.
struct Done {
    toml: plan::Toml,
    checked: Checked,
    json: serde_json::Value,
}

fn checked(editor: &Editor, posted: &Posted) -> Done {
    let toml = plan::toml(&posted.plan);
    let (text, checked) = editor.run.check(toml.text.as_bytes());
    let name = posted.file.as_deref().unwrap_or(UNSAVED);
    let file = SourceFile::new(name, text);
    let language = Language::parse(&posted.plan.plan.language).unwrap_or(Language::ENGLISH);
    let diagnostics: Vec<AtField> = checked
        .diagnostics
        .iter()
        .map(|d| {
            let field = toml.field_of(d);
            let diagnostic = diag::to_json(d, &file);
            // The exercise a field belongs to ("exercise.2.reps": the third).
            let entry = field
                .strip_prefix("exercise.")
                .and_then(|rest| rest.split('.').next())
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| posted.plan.exercises.get(i))
                .and_then(|e| editor.run.catalogue.find(&e.name));
            let name = entry.map(|e| e.printed_or_english(language).0.name);
            AtField {
                shown: words::named(
                    &diagnostic.message,
                    entry.map(|e| &**e),
                    name.unwrap_or_default(),
                ),
                editor_help: words::help(diagnostic.code, &field, diagnostic.help.as_deref()),
                field,
                diagnostic,
            }
        })
        .collect();
    // The dates as the sheet prints them, beside the date fields (the
    // browser shows a date field in its own format).
    let dates = checked.plan.as_ref().map(|plan| {
        let messages = editor.run.options(plan).language.messages();
        serde_json::json!({
            "issued": crate::lang::dates::long(messages, plan.issued),
            "review": crate::lang::dates::long(messages, plan.review),
        })
    });
    let json = serde_json::json!({
        "valid": !checked.refused(editor.run.deny_warnings),
        "file": name,
        "toml": toml.text,
        "diagnostics": diagnostics,
        "dates": dates,
    });
    Done {
        toml,
        checked,
        json,
    }
}

/// `POST /api/check`: the plan's diagnostics, each at its field.
fn check(editor: &Editor, req: &Request) -> Result<Reply, Refusal> {
    let done = checked(editor, &posted(req)?);
    Ok(Reply::json(200, &done.json))
}

/// `POST /api/preview`: the sheet's PDF, the bytes `rx build` writes for
/// the same plan; an invalid plan's diagnostics instead (422).
fn preview(editor: &Editor, req: &Request) -> Result<Reply, Refusal> {
    let mut done = checked(editor, &posted(req)?);
    match editor.run.accepted(&mut done.checked) {
        None => Ok(Reply::json(422, &done.json)),
        Some(plan) => match editor.run.sheet(&plan) {
            Ok(sheet) => Ok(Reply::bytes("application/pdf", sheet.pdf)),
            Err(e) => Ok(e.writing(std::path::Path::new("the preview")).into()),
        },
    }
}

/// `POST /api/save` (the plan as TOML in the folder) and `POST /api/build`
/// (that, and its sheet beside it, as `rx build` names it). An existing
/// file is replaced only with `overwrite`: else 409, nothing written.
fn save(editor: &Editor, req: &Request, build: bool) -> Result<Reply, Refusal> {
    let posted = posted(req)?;
    let name = posted.file.clone().ok_or_else(|| Refusal::BadRequest {
        why: "no file name to save the plan as".to_owned(),
    })?;
    let Some(stem) = name.strip_suffix(".toml").filter(|s| !s.is_empty()) else {
        return Err(Refusal::BadRequest {
            why: format!(
                "a plan file's name ends in .toml: \"{}\"",
                crate::fields::shorten(&name)
            ),
        });
    };
    let target = editor.folder.writable(&name)?;
    let mut done = checked(editor, &posted);
    let sheet = if build {
        let Some(plan) = editor.run.accepted(&mut done.checked) else {
            return Ok(Reply::json(422, &done.json));
        };
        let sheet_name = format!("{stem}.pdf");
        let sheet_path = editor.folder.writable(&sheet_name)?;
        let sheet = match editor.run.sheet(&plan) {
            Ok(sheet) => sheet,
            Err(e) => return Ok(e.writing(&sheet_path).into()),
        };
        Some((sheet_name, sheet_path, sheet))
    } else {
        None
    };
    // Nothing is written while any file would be replaced unasked.
    if !posted.overwrite {
        let taken = std::iter::once((&name, &target))
            .chain(sheet.as_ref().map(|(n, p, _)| (n, p)))
            .find(|(_, path)| std::fs::symlink_metadata(path).is_ok());
        if let Some((taken, _)) = taken {
            return Ok(Reply::error(
                409,
                "RX0603",
                format!(
                    "\"{}\" is already in the folder; replace it?",
                    crate::fields::shorten(taken)
                ),
            ));
        }
    }
    let text = done.toml.text.as_bytes();
    if let Err(e) = crate::files::write_atomic(&target, text, posted.overwrite) {
        return Ok(e.into());
    }
    let mut value = done.json;
    value["saved"] = serde_json::json!(name);
    if let Some((sheet_name, path, sheet)) = sheet {
        if let Err(e) = crate::files::write_atomic(&path, &sheet.pdf, posted.overwrite) {
            return Ok(e.into());
        }
        value["sheet"] = serde_json::json!(sheet_name);
        value["pages"] = serde_json::json!(sheet.pages);
    }
    Ok(Reply::json(200, &value))
}

/// `/api/open?file=NAME`: a plan in the folder as the editor holds it, with
/// its diagnostics as `rx check` gives them for the file.
fn open(editor: &Editor, req: &Request) -> Result<Reply, Refusal> {
    let name = req.param("file").unwrap_or_default();
    let path = editor.folder.existing(name)?;
    let bytes = match crate::files::read_at_most(&path, crate::parse::MAX_FILE_BYTES as u64 + 1) {
        Ok(bytes) => bytes,
        Err(e) => return Ok(e.into()),
    };
    let (text, checked) = editor.run.check(&bytes);
    let plan = plan::from_toml(&text).ok_or_else(|| Refusal::BadRequest {
        why: format!(
            "\"{}\" is not a TOML plan the editor can read",
            crate::fields::shorten(name)
        ),
    })?;
    let file = SourceFile::new(name, text);
    let diagnostics: Vec<JsonDiagnostic> = checked
        .diagnostics
        .iter()
        .map(|d| diag::to_json(d, &file))
        .collect();
    // Each exercise as the library names it, and what its empty "Side"
    // means (an unknown name: as written, and no side).
    let language = Language::parse(&plan.plan.language).unwrap_or(Language::ENGLISH);
    let exercises: Vec<serde_json::Value> = plan
        .exercises
        .iter()
        .map(|e| match editor.run.catalogue.find(&e.name) {
            Some(entry) => serde_json::json!({
                "name": entry.printed_or_english(language).0.name,
                "side_default": words::side_default(entry),
            }),
            None => serde_json::json!({ "name": e.name, "side_default": "As written" }),
        })
        .collect();
    Ok(Reply::json(
        200,
        &serde_json::json!({
            "file": name,
            "plan": plan,
            "exercises": exercises,
            "diagnostics": diagnostics,
        }),
    ))
}

/// The path and the decoded query of a request's address.
pub fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    (decode(path), pairs)
}

/// Percent-decoding (and `+` as a space), invalid UTF-8 replaced.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::split_url;

    #[test]
    fn an_address_is_split_into_its_path_and_decoded_query() {
        let (path, query) = split_url("/api/library?q=knee%20to+chest&region=back&x=%zz&y=%4");
        assert_eq!(path, "/api/library");
        assert_eq!(
            query,
            [
                ("q".to_owned(), "knee to chest".to_owned()),
                ("region".to_owned(), "back".to_owned()),
                ("x".to_owned(), "%zz".to_owned()),
                ("y".to_owned(), "%4".to_owned()),
            ]
        );
    }
}
