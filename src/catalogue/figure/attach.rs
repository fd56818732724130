//! Attaching figures to the exercises they illustrate, while a catalogue
//! file loads: `[figure.ID]` drawings, and `figure_image` pictures read
//! through the caller's `Files`.

use std::sync::Arc;

use toml_edit::TableLike;

use super::{Figure, image, read};
use crate::catalogue::{Entry, Files};
use crate::diag::{Code, Diagnostic, Span};
use crate::parse::fields::{Reader, Spanned, shorten};
use crate::suggest;

/// Draw each `[figure.ID]` of `root` and attach it to exercise ID; the ids
/// that had a table, drawn or not.
pub fn drawings(
    reader: &mut Reader,
    root: &dyn TableLike,
    entries: &mut [Arc<Entry>],
) -> Vec<String> {
    let mut drawn = Vec::new();
    let Some(table) = reader.table(root, "figure") else {
        return drawn;
    };
    for (id, _) in table.iter() {
        let key_span = table
            .get_key_value(id)
            .and_then(|(k, _)| k.span().map(Span::from));
        let Some(figure_table) = reader.table(table, id) else {
            continue;
        };
        let Some(i) = entries.iter().position(|e| e.id == id) else {
            let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
            let mut d = Diagnostic::error(
                Code::BadCatalogue,
                format!("figure for `{}`, which is not an exercise id", shorten(id)),
            )
            .at(key_span);
            if let Some(help) = suggest::did_you_mean(&suggest::nearest(id, &ids, 3)) {
                d = d.help(help);
            }
            reader.push(d);
            continue;
        };
        let span = table
            .get(id)
            .and_then(|item| item.span())
            .map(Span::from)
            .or(key_span);
        drawn.push(id.to_owned());
        let entry = Arc::clone(&entries[i]);
        if let Some(drawing) = read(reader, figure_table, span, &entry) {
            Arc::make_mut(&mut entries[i]).figure = Some(Figure::Drawing(Arc::new(drawing)));
        }
    }
    drawn
}

/// Read and decode each `figure_image` (exercise id, file name) and attach
/// it; an exercise that is also `drawn` may not have one.
pub fn images(
    reader: &mut Reader,
    images: Vec<(String, Spanned<String>)>,
    drawn: &[String],
    files: Files,
    entries: &mut [Arc<Entry>],
) {
    for (id, name) in images {
        let error = |reader: &mut Reader, message: String| {
            reader.push(Diagnostic::error(Code::BadCatalogue, message).at(name.span.clone()));
        };
        if drawn.contains(&id) {
            error(
                reader,
                format!("`{id}` has both a `figure_image` and a `[figure.{id}]`: keep one"),
            );
            continue;
        }
        match files(&name.value).and_then(|bytes| image::decode(&bytes)) {
            Ok(picture) => {
                if let Some(i) = entries.iter().position(|e| e.id == id) {
                    Arc::make_mut(&mut entries[i]).figure = Some(Figure::Image(Arc::new(picture)));
                }
            }
            Err(why) => error(
                reader,
                format!("figure image `{}` {why}", shorten(&name.value)),
            ),
        }
    }
}
