//! Where a catalogue file's facts come from: its `[sources.ID]` tables
//! (each read by `catalogue::sources::read`), the source ids a `from` or
//! `sources` names, and a limit's origin. FORMAT.md's rules: every source id
//! named exists (a "did you mean" otherwise); a limit gives `from` or a
//! `default` starting "no figure in the sources", never both; a file that
//! declares exactly one source of its own may leave `from` out.

use toml_edit::TableLike;

use super::Loader;
use crate::catalogue::{Origin, sources};
use crate::diag::{Code, Diagnostic, Span};
use crate::fields::Spanned;
use crate::suggest;

/// A default's text must say plainly that the sources give no figure.
const NO_FIGURE: &str = "no figure in the sources";

impl Loader<'_> {
    pub(super) fn sources(&mut self, root: &dyn TableLike) {
        let Some(table) = self.reader.table(root, "sources") else {
            return;
        };
        for (id, _) in table.iter() {
            let span = table
                .get_key_value(id)
                .and_then(|(k, _)| k.span().map(Span::from));
            let Some(table) = self.reader.table(table, id) else {
                continue;
            };
            if let Some(source) = sources::read(&mut self.reader, id, table, span) {
                self.catalogue.sources.insert(id.to_owned(), source);
                self.own_sources.push(id.to_owned());
            }
        }
    }

    /// The file's one declared source, which a `from` left out means. A
    /// clinic file that declares `[sources.clinic]` once needs no `from`
    /// anywhere else.
    pub(super) fn implied_source(&self) -> Option<String> {
        match self.own_sources.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// Source ids that exist; unknown ones are reported.
    pub(super) fn source_ids(&mut self, ids: Vec<Spanned<String>>) -> Vec<String> {
        let mut out = Vec::new();
        for id in ids {
            if self.catalogue.sources.contains_key(&id.value) {
                out.push(id.value);
            } else {
                let known: Vec<&str> = self.catalogue.sources.keys().map(String::as_str).collect();
                let help = suggest::did_you_mean(&suggest::nearest(&id.value, &known, 3));
                let mut d =
                    Diagnostic::error(Code::BadCatalogue, format!("unknown source `{}`", id.value))
                        .at(id.span);
                if let Some(help) = help {
                    d = d.help(help);
                }
                self.reader.push(d);
            }
        }
        out
    }

    /// `from = [...]` xor `default = "no figure in the sources: ..."`.
    pub(super) fn origin(&mut self, table: &dyn TableLike, span: Option<Span>) -> Option<Origin> {
        let from = self.reader.text_list(table, "from");
        let default = self.reader.text(table, "default");
        match (from.is_empty(), default) {
            (false, None) => {
                let ids = self.source_ids(from);
                (!ids.is_empty()).then_some(Origin::From(ids))
            }
            (true, Some(text)) => {
                if text.value.to_lowercase().starts_with(NO_FIGURE) {
                    Some(Origin::Default(text.value))
                } else {
                    self.error(
                        text.span,
                        format!("a `default` must start with \"{NO_FIGURE}\""),
                    );
                    None
                }
            }
            (false, Some(_)) => {
                self.error(span, "give either `from` or `default`, not both");
                None
            }
            (true, None) => match self.implied_source() {
                Some(id) => Some(Origin::From(vec![id])),
                None => {
                    self.error(
                        span,
                        "no source: give `from = [source ids]` or `default = \"no figure in the sources: ...\"`",
                    );
                    None
                }
            },
        }
    }
}
