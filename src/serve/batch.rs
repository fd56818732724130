//! The editor's batch route: a CSV or a workbook of many plans in the
//! folder built as `rx build` builds it (`batch::Source` opens either), and
//! every patient reported as a row of the page's table.

use serde::{Deserialize, Serialize};

use super::Editor;
use super::api::Request;
use super::reply::{Refusal, Reply};
use crate::diag::{self, JsonDiagnostic, SourceFile};

/// What the page posts to build a batch.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PostedBatch {
    file: String,
    /// A workbook's sheet; the first if none.
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    overwrite: bool,
}

/// One patient of a batch, as the page's report table shows it.
#[derive(Serialize)]
struct Row {
    id: String,
    name: Option<String>,
    status: &'static str,
    sheet: Option<String>,
    pages: Option<usize>,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic>,
    error: Option<String>,
}

/// `POST /api/batch`: build a CSV or a workbook of many plans in the
/// folder, as `rx build plans.csv` (or `plans.xlsx`) does (its sheets in
/// the folder named after it), and report every patient. Existing sheets
/// with other bytes are kept unless `overwrite`.
pub fn build(editor: &Editor, req: &Request) -> Result<Reply, Refusal> {
    let posted: PostedBatch =
        serde_json::from_slice(req.body).map_err(|e| Refusal::BadRequest {
            why: format!("the body is not a batch to build: {e}"),
        })?;
    let name = posted.file;
    let stem = name
        .rsplit_once('.')
        .filter(|(_, ext)| {
            super::folder::BATCHES
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
        .map(|(stem, _)| stem)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Refusal::BadRequest {
            why: format!(
                "a batch is a CSV (.csv, .tsv, .txt) or a workbook (.xlsx, .xlsm, .xls, .ods): \"{}\"",
                crate::fields::shorten(&name)
            ),
        })?;
    let path = editor.folder.existing(&name)?;
    let out_dir = editor.folder.writable(stem)?;
    let source = match crate::batch::Source::open(&path, posted.sheet.as_deref()) {
        Ok(source) => source,
        Err(e) => return Ok(e.into()),
    };
    let options = crate::batch::Options {
        csv: crate::batch::CsvOptions {
            sheet: posted.sheet.clone(),
            ..crate::batch::CsvOptions::default()
        },
        build: Some(crate::batch::Build {
            out_dir,
            existing: if posted.overwrite {
                crate::batch::Existing::Replace
            } else {
                crate::batch::Existing::Keep
            },
            threads: 2,
        }),
    };
    let file = SourceFile::new(name.as_str(), "").with_sheet(source.place.clone());
    let mut rows = Vec::new();
    let mut general = Vec::new();
    let result = source.run(&editor.run, &options, |event| match event {
        crate::batch::Event::Patient(o) => rows.push((
            o.first_record,
            Row {
                id: o.id.clone(),
                name: o.name.clone(),
                status: o.status.as_str(),
                sheet: o.file.as_ref().map(|f| {
                    f.strip_prefix(editor.folder.root())
                        .unwrap_or(f)
                        .display()
                        .to_string()
                }),
                pages: o.pages,
                errors: o.diagnostics.iter().filter(|d| d.is_error()).count(),
                warnings: o.diagnostics.iter().filter(|d| !d.is_error()).count(),
                diagnostics: o
                    .diagnostics
                    .iter()
                    .map(|d| diag::to_json(d, &file))
                    .collect(),
                error: o.error.as_ref().map(|(_, message)| message.clone()),
            },
        )),
        crate::batch::Event::Diagnostics(d) => {
            general.extend(d.iter().map(|d| diag::to_json(d, &file)));
        }
        _ => {}
    });
    let report = match result {
        Ok(report) => report,
        Err(e) => return Ok(e.into()),
    };
    // Patients finish in any order; the report lists them in the file's.
    crate::order::by_key(&mut rows, |(first_record, _)| *first_record);
    let rows: Vec<Row> = rows.into_iter().map(|(_, row)| row).collect();
    Ok(Reply::json(
        200,
        &serde_json::json!({
            "file": name,
            "patients": report.patients,
            "built": report.built,
            "skipped": report.skipped,
            "unchanged": report.unchanged,
            "kept": report.kept,
            "failed": report.failed,
            "unreadable": report.unreadable,
            "rows": rows,
            "diagnostics": general,
        }),
    ))
}
