//! The booklet's sentences in its language: where a figure comes from, each
//! source's prescription, a limit, the daily total. Every word comes from
//! the language's messages (`booklet-*`); what the catalogue writes for
//! clinicians (source titles, notes, readings, defaults' reasons, aliases)
//! prints as written.

use crate::catalogue::{Catalogue, Entry, Limit, Origin, Prescription, Sides};
use crate::dose::DAILY_MARGIN;
use crate::lang::{Arg, Messages};

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

/// Which source a prescription is: its ids, or "our default".
pub fn label(p: &Prescription, m: &Messages) -> String {
    match &p.origin {
        Origin::From(ids) => ids.join(", "),
        Origin::Default(_) => m.text("booklet-our-default"),
    }
}

/// The prescription in a few words: "6–8 times, alternating sides, no hold".
pub fn summary(p: &Prescription, m: &Messages) -> String {
    let reps = p.reps.range();
    let count = [("reps", Arg::Text(&reps)), ("most", p.reps.max.into())];
    let side = match p.sides {
        Some(Sides::Both) => m.with("booklet-each-side", &count),
        Some(Sides::Alternate) => m.with("booklet-alternating", &count),
        None => m.with("booklet-times", &count),
    };
    let hold = if p.hold.max == 0 {
        m.text("booklet-no-hold")
    } else {
        let seconds = p.hold.range();
        m.with(
            "booklet-hold",
            &[
                ("seconds", Arg::Text(&seconds)),
                ("most", p.hold.max.into()),
            ],
        )
    };
    let mut out = format!("{side}, {hold}");
    for (key, range) in [
        ("booklet-p-sets", p.sets),
        ("booklet-p-per-day", p.per_day),
        ("booklet-p-per-week", p.per_week),
    ] {
        if let Some(range) = range {
            let shown = range.range();
            let args = [("range", Arg::Text(&shown)), ("most", range.max.into())];
            out.push_str(", ");
            out.push_str(&m.with(key, &args));
        }
    }
    out
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

/// The daily-volume limit in words, with the source day it is a multiple of.
pub fn daily(entry: &Entry, m: &Messages) -> String {
    let (largest, reps, hold) = crate::dose::largest_daily(entry);
    let id = match (largest.hold == 0, entry.per_side.value) {
        (true, false) => "booklet-daily",
        (true, true) => "booklet-daily-side",
        (false, false) => "booklet-daily-hold",
        (false, true) => "booklet-daily-hold-side",
    };
    let (from, held_from) = (label(&reps, m), label(&hold, m));
    let holding = crate::catalogue::duration(DAILY_MARGIN * largest.hold);
    let held = crate::catalogue::duration(largest.hold);
    m.with(
        id,
        &[
            ("total", (DAILY_MARGIN * largest.reps).into()),
            ("margin", DAILY_MARGIN.into()),
            ("largest", largest.reps.into()),
            ("from", Arg::Text(&from)),
            ("holding", Arg::Text(&holding)),
            ("held", Arg::Text(&held)),
            ("held-from", Arg::Text(&held_from)),
        ],
    )
}
