//! `rx config`: the clinic's settings in effect (`rx.toml`, found and read
//! by `settings`), each with its value and where it came from, as lines or
//! as JSON for tools.

use std::path::Path;

use clap::Args;
use serde::Serialize;

use super::settings::Loaded;
use super::{Format, output};
use crate::error::{Error, Exit};
use crate::fields::Spanned;

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Output format: one line per setting, or JSON for tools.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl ConfigArgs {
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// One setting as `rx config` shows it.
#[derive(Debug, Serialize)]
struct Shown {
    key: String,
    value: serde_json::Value,
    /// "file", "built-in default", "command line" or "not set".
    from: &'static str,
    file: Option<String>,
    line: Option<usize>,
}

#[derive(Debug, Serialize)]
struct JsonConfig<'a> {
    file: Option<&'a str>,
    how: &'a str,
    settings: Vec<Shown>,
}

/// `rx config`: every setting, its value and where it came from.
/// `catalogue` is `--catalogue`, which wins over `[defaults] catalogue`.
pub fn run(args: &ConfigArgs, loaded: &Loaded, catalogue: Option<&Path>) -> Result<Exit, Error> {
    let shown = rows(loaded, catalogue);
    let text = if args.json() {
        let json = JsonConfig {
            file: loaded.file.as_ref().map(|f| f.name.as_str()),
            how: &loaded.how,
            settings: shown,
        };
        let mut text = serde_json::to_string_pretty(&json).expect("settings serialise to JSON");
        text.push('\n');
        text
    } else {
        human(&loaded.how, &shown)
    };
    output::stdout(&text).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Exit::Ok)
}

/// `key = value` lines, TOML-like, each with where it came from.
fn human(how: &str, shown: &[Shown]) -> String {
    let mut out = format!("# settings file: {how}\n");
    let lines: Vec<(String, String)> = shown
        .iter()
        .map(|s| {
            let from = match (&s.file, s.line) {
                (Some(file), Some(line)) => format!("{file}:{line}"),
                _ => s.from.to_owned(),
            };
            let line = if s.value.is_null() {
                s.key.clone()
            } else {
                format!("{} = {}", s.key, s.value)
            };
            (line, from)
        })
        .collect();
    let column = lines
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    for (line, from) in lines {
        out.push_str(&format!("{line:<column$}  # {from}\n"));
    }
    out
}

fn rows(loaded: &Loaded, catalogue: Option<&Path>) -> Vec<Shown> {
    let s = &loaded.settings;
    let file = loaded.file.as_ref();
    let at = |key: &str, value: serde_json::Value, span: &Option<crate::diag::Span>| {
        let line = match (file, span) {
            (Some(f), Some(crate::diag::Span::Bytes(range))) => Some(f.line_col(range.start).0),
            _ => None,
        };
        Shown {
            key: key.to_owned(),
            value,
            from: "file",
            file: file.map(|f| f.name.clone()),
            line,
        }
    };
    let text = |key: &'static str, v: &Option<Spanned<String>>| match v {
        Some(v) => at(key, v.value.clone().into(), &v.span),
        None => unset(key, serde_json::Value::Null, "not set"),
    };
    let lines = |key: &'static str, v: &[Spanned<String>], span: Option<&Spanned<String>>| {
        let value: Vec<&str> = v.iter().map(|s| s.value.as_str()).collect();
        at(key, value.into(), &span.and_then(|s| s.span.clone()))
    };
    let mut out = vec![
        text("clinic.name", &s.clinic),
        text("clinic.address", &s.address),
        text("clinic.phone", &s.phone),
        text("clinic.email", &s.email),
        text("clinic.website", &s.website),
        text(
            "clinic.logo",
            &s.logo.as_ref().map(|(name, _)| name.clone()),
        ),
        text("clinic.videos", &s.videos),
        text("prescriber.name", &s.prescriber),
        match &s.paper {
            Some(p) => at("defaults.paper", paper_name(p.value).into(), &p.span),
            None => unset("defaults.paper", "letter".into(), "built-in default"),
        },
        match &s.large_print {
            Some(b) => at("defaults.large_print", b.value.into(), &b.span),
            None => unset("defaults.large_print", false.into(), "built-in default"),
        },
        match &s.language {
            Some(l) => at("defaults.language", l.value.code().into(), &l.span),
            None => unset("defaults.language", "en".into(), "built-in default"),
        },
        match &s.minutes_a_day {
            Some(m) => at("defaults.minutes_a_day", m.value.into(), &m.span),
            None => unset(
                "defaults.minutes_a_day",
                crate::dose::MINUTES_A_DAY.into(),
                "built-in default",
            ),
        },
        match (catalogue, &s.catalogue) {
            (Some(path), _) => unset(
                "defaults.catalogue",
                path.display().to_string().into(),
                "command line",
            ),
            (None, Some(c)) => at("defaults.catalogue", c.value.clone().into(), &c.span),
            (None, None) => unset("defaults.catalogue", "built-in".into(), "built-in default"),
        },
        match &s.pdfa {
            Some(b) => at("defaults.pdfa", b.value.into(), &b.span),
            None => unset(
                "defaults.pdfa",
                crate::document::PDFA_BY_DEFAULT.into(),
                "built-in default",
            ),
        },
    ];
    out.push(if s.safety_add.is_empty() {
        unset("safety.add", serde_json::Value::Null, "not set")
    } else {
        lines("safety.add", &s.safety_add, s.safety_add.first())
    });
    out.push(match &s.safety_replace {
        Some(replace) => lines("safety.replace", replace, replace.first()),
        None => unset("safety.replace", serde_json::Value::Null, "not set"),
    });
    out.push(if s.font_names.is_empty() {
        unset("fonts", serde_json::Value::Null, "not set")
    } else {
        lines("fonts", &s.font_names, s.font_names.first())
    });
    // The clinic's own limits, each field with its basis beside it.
    for (i, limit) in s.limits.iter().enumerate() {
        let id = &limit.exercise.value;
        let key = format!("limits.{id}.{}", limit.field.key());
        let range = serde_json::json!([limit.range.value.min, limit.range.value.max]);
        out.push(at(&key, range, &limit.range.span));
        let last_of_table = s
            .limits
            .get(i + 1)
            .is_none_or(|next| next.exercise != limit.exercise);
        if let (Some(basis), true) = (&limit.basis, last_of_table) {
            let key = format!("limits.{id}.basis");
            out.push(at(&key, basis.value.clone().into(), &basis.span));
        }
    }
    out
}

fn unset(key: &str, value: serde_json::Value, from: &'static str) -> Shown {
    Shown {
        key: key.to_owned(),
        value,
        from,
        file: None,
        line: None,
    }
}

fn paper_name(paper: crate::plan::Paper) -> &'static str {
    match paper {
        crate::plan::Paper::Letter => "letter",
        crate::plan::Paper::A4 => "a4",
    }
}
