//! The CSV record-boundary property (issue 11), shared by the `csv_records`
//! fuzz target and `tests/fuzz_corpus.rs`:
//!
//! The input bytes describe patients and their rows (exercise, a note made
//! of letters, spaces, commas, quotes and line breaks), written as a proper
//! CSV, then broken in one place: a quote deleted, or a quote opened at the
//! start of a cell and never closed. Whatever the break, every patient is
//! either built with exactly its own rows (the same exercises in order, the
//! same notes but for quote characters) or reported by an error that names
//! it: never built with another patient's rows, never silently dropped.

use std::collections::BTreeMap;

use rx::batch::{Event, Input, Options};
use rx::catalogue::Catalogue;
use rx::fonts::Fonts;

const EXERCISES: [&str; 5] = [
    "bridge",
    "bird-dog",
    "cat-stretch",
    "pelvic-tilt",
    "knee-to-chest-stretch",
];
const NOTE: [char; 8] = ['a', 'b', ' ', ',', '"', '\n', 'x', 'é'];

struct Row {
    patient: usize,
    exercise: usize,
    note: String,
}

fn quoted(cell: &str) -> String {
    if cell.contains([',', '"', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// Check the property on one input.
pub fn property(data: &[u8], catalogue: &Catalogue, fonts: &Fonts, today: chrono::NaiveDate) {
    let mut bytes = data.iter().copied();
    let (Some(kind), Some(at), Some(shape)) = (bytes.next(), bytes.next(), bytes.next()) else {
        return;
    };
    let patients = 1 + usize::from(shape % 6);
    let crlf = shape & 0x80 != 0;
    let mut rows = Vec::new();
    while rows.len() < 40 {
        let (Some(p), Some(e), Some(len)) = (bytes.next(), bytes.next(), bytes.next()) else {
            break;
        };
        let note = (0..len % 10)
            .map_while(|_| bytes.next())
            .map(|b| NOTE[usize::from(b) % NOTE.len()])
            .collect();
        rows.push(Row {
            patient: usize::from(p) % patients,
            exercise: usize::from(e) % EXERCISES.len(),
            note,
        });
    }
    if rows.is_empty() {
        return;
    }
    let end = if crlf { "\r\n" } else { "\n" };
    let mut text = String::from("patient_id,patient_name,prescriber,issued,review,exercise,note");
    for row in &rows {
        text.push_str(end);
        text.push_str(&format!(
            "P{0},Name {0},Dana,2026-11-22,2026-12-06,{1},{2}",
            row.patient,
            EXERCISES[row.exercise],
            quoted(&row.note)
        ));
    }
    // Break it in one place.
    let mut csv = text.into_bytes();
    match kind % 3 {
        1 => {
            let quotes: Vec<usize> = (0..csv.len()).filter(|&i| csv[i] == b'"').collect();
            if !quotes.is_empty() {
                csv.remove(quotes[usize::from(at) % quotes.len()]);
            }
        }
        2 => {
            // A cell start after the id: after a comma, never the first cell.
            let starts: Vec<usize> = (0..csv.len())
                .filter(|&i| csv[i] == b',' && !line_is_header(&csv, i))
                .map(|i| i + 1)
                .collect();
            if !starts.is_empty() {
                csv.insert(starts[usize::from(at) % starts.len()], b'"');
            }
        }
        _ => {}
    }

    let mut valid: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut errors: Vec<String> = Vec::new();
    rx::batch::run(
        Input::Bytes(&csv),
        &rx::Run::new(catalogue, fonts, today),
        &Options::default(),
        |event| match event {
            Event::Valid { id, plan } => {
                let got = plan
                    .exercises
                    .iter()
                    .map(|e| (e.entry.id.clone(), strip(e.note.as_deref().unwrap_or(""))))
                    .collect();
                valid.insert(String::from_utf8_lossy(id).into_owned(), got);
            }
            Event::Diagnostics(ds) => errors.extend(
                ds.iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.message.clone()),
            ),
            _ => {}
        },
    )
    .expect("a batch in memory runs");

    for patient in 0..patients {
        let id = format!("P{patient}");
        let own: Vec<(String, String)> = rows
            .iter()
            .filter(|r| r.patient == patient)
            .map(|r| (EXERCISES[r.exercise].to_owned(), strip(&r.note)))
            .collect();
        if own.is_empty() {
            continue;
        }
        match valid.remove(&id) {
            Some(got) => assert_eq!(
                got,
                own,
                "{id} was built with rows not its own from\n{}",
                String::from_utf8_lossy(&csv)
            ),
            None => assert!(
                errors
                    .iter()
                    .any(|m| m.starts_with(&format!("patient {id}: "))),
                "{id} was neither built nor reported: {errors:#?}"
            ),
        }
    }
    assert!(
        valid.is_empty(),
        "built patients that were never written: {valid:?}"
    );
}

fn line_is_header(csv: &[u8], at: usize) -> bool {
    !csv[..at].contains(&b'\n')
}

/// A note as a sheet would show it, but for quote characters (which a
/// deleted quote may add or remove) and the trimming every cell gets.
fn strip(note: &str) -> String {
    note.replace('"', "").trim().to_owned()
}
