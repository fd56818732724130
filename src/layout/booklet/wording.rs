//! The booklet's sentences in its language: where a figure comes from, each
//! source's prescription, a limit, the daily total. Every word comes from
//! the language's messages (`booklet-*`); what the catalogue writes for
//! clinicians (source titles, notes, readings, defaults' reasons, aliases)
//! prints as written.

use crate::catalogue::{Catalogue, Limit, Origin};
use crate::lang::{Arg, Messages};

// One wording of a prescription and of the daily total, shared with `rx
// catalogue ID`.
pub use crate::catalogue::wording::{daily, label, summary};

/// "from "Title A" and "Title B"", or a default's own reason.
pub fn cite(catalogue: &Catalogue, origin: &Origin, m: &Messages) -> String {
    match origin {
        Origin::Default(text) => text.clone(),
        Origin::From(ids) => {
            let titles = titles(catalogue, ids, m);
            m.with("booklet-from", &[("sources", Arg::Text(&titles))])
        }
    }
}

/// "from a, b and c" by source id, or a default's own reason: the limits
/// table cites its sources this way, as its notes do, since the
/// prescriptions table just above names each id with its title (six titles
/// repeated on every row made an entry with many sources longer than a
/// page).
pub fn cite_ids(origin: &Origin, m: &Messages) -> String {
    match origin {
        Origin::Default(text) => text.clone(),
        Origin::From(ids) => m.with("booklet-from", &[("sources", Arg::Text(&join(ids, m)))]),
    }
}

/// The sources' titles, quoted: ""Title A" and "Title B"".
pub fn titles(catalogue: &Catalogue, ids: &[String], m: &Messages) -> String {
    let titles: Vec<String> = ids
        .iter()
        .map(|id| match catalogue.source(id) {
            Some(s) => format!("\"{}\"", s.title),
            None => format!("\"{id}\""),
        })
        .collect();
    join(&titles, m)
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String], m: &Messages) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => m.with(
            "booklet-and",
            &[("first", (&rest.join(", ")).into()), ("last", last.into())],
        ),
    }
}

/// One limit: "8–12 (recommended 10), from relieve. Note: ...".
pub fn limit(limit: &Limit, seconds: bool, m: &Messages) -> String {
    let range = limit.range();
    let mut text = if seconds {
        m.with(
            "booklet-seconds",
            &[("range", Arg::Text(&range)), ("most", limit.max.into())],
        )
    } else {
        range
    };
    if let Some(r) = limit.recommended {
        text.push(' ');
        text.push_str(&m.with("booklet-recommended", &[("value", r.into())]));
    }
    let source = cite_ids(&limit.origin, m);
    let mut text = m.with(
        "booklet-limit",
        &[("limit", Arg::Text(&text)), ("source", Arg::Text(&source))],
    );
    if let Some(note) = &limit.note {
        text.push(' ');
        text.push_str(&m.with("booklet-limit-note", &[("note", note.into())]));
    }
    text
}

/// A clinic's own limit, which applies in place of the catalogue's: its
/// range, the file and line it was written on, and its basis.
pub fn clinic_limit(clinic: &crate::limits::ClinicLimit, m: &Messages) -> String {
    let range = clinic.range.range();
    let place = clinic.place.to_string();
    match &clinic.basis {
        Some(basis) => m.with(
            "booklet-clinic-limit",
            &[
                ("range", Arg::Text(&range)),
                ("place", Arg::Text(&place)),
                ("basis", Arg::Text(basis)),
            ],
        ),
        None => m.with(
            "booklet-clinic-limit-sourced",
            &[("range", Arg::Text(&range)), ("place", Arg::Text(&place))],
        ),
    }
}
