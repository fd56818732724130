//! Pass 2: read the CSV again and hand over each patient's rows as soon as
//! its last row is read (pass 1 noted which record that is), holding only
//! the patients whose rows are still being read, and at most
//! `caps::EXERCISES + 1` rows of any one of them.

use std::collections::HashMap;

use super::index::{self, Index, Patient};
use super::input::{self, Input, Records, decode, patient_id};
use crate::error::Error;
use crate::parse::caps;
use crate::parse::csv::Row;

/// Call `each` with every indexed patient's id, index entry and rows, in
/// the order their last rows come in the file. A blocked patient's rows are
/// not kept: it is skipped whatever they say.
pub(in crate::batch) fn each(
    input: &Input,
    index: &Index,
    mut each: impl FnMut(&[u8], &Patient, &[Row]),
) -> Result<(), Error> {
    let mut records = Records::open(input, index.delimiter, index.start, 1)?;
    let mut record = csv::ByteRecord::new();
    let mut in_flight: HashMap<Box<[u8]>, Vec<Row>> = HashMap::new();
    let mut number: u64 = 0;
    let path = input.name();
    let mut read = |record: &mut csv::ByteRecord| {
        records
            .reader
            .read_byte_record(record)
            .map_err(|e| input::csv_error(&path, e))
    };
    // Skip the header; pass 1 read it.
    read(&mut record)?;
    while read(&mut record)? {
        number += 1;
        let id = patient_id(&record, index.id_at);
        let key = &id[..id.len().min(index::MAX_ID)];
        let Some(patient) = index.patients.get(key) else {
            continue; // a blank line or a row without an id
        };
        let rows = in_flight.entry(key.into()).or_default();
        if patient.blocked.is_empty() && rows.len() <= caps::EXERCISES {
            let (cells, bad_utf8) = decode(&record, index.header.len());
            rows.push(Row {
                number: number as usize + 1,
                cells,
                width: record.len(),
                bad_utf8,
            });
        }
        if patient.last_record != number {
            continue;
        }
        let rows = in_flight
            .remove(key)
            .expect("the patient's rows are in flight");
        each(key, patient, &rows);
    }
    Ok(())
}
