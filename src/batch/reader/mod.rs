//! The batch's CSV reader, in one place: `guard` knows from the bytes alone
//! where each record ends (csv_core's grammar, with a cap on a record and
//! every quote break described), `input` reopens the CSV at any byte and
//! decodes its cells, `index` is the first read (where each patient's rows
//! are), `patients` the second (each patient's rows, as soon as its last is
//! read). One patient's rows become a plan in `parse::csv`; the header's
//! columns are `parse::columns`. A workbook's sheet becomes such a CSV in
//! `workbook` (an `.ods` read in `ods`, an `.xls` in `xls` and its container
//! in `cfb`), so its rows take the same road.

mod cfb;
pub(super) mod guard;
pub(super) mod index;
pub(super) mod input;
mod ods;
pub(super) mod patients;
pub mod workbook;
mod xls;
