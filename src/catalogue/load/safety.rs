//! `[[safety]]`: the general safety lines printed on sheets, with their
//! translations. FORMAT.md's rules: `text` given; `from` names sources (or
//! the file's one source); `only` is "daily" or "not-daily"; `regions` are
//! known region words.

use toml_edit::TableLike;

use super::Loader;
use crate::catalogue::{Only, Safety, translations};
use crate::diag::Span;

impl Loader<'_> {
    pub(super) fn safety(&mut self, table: &dyn TableLike, span: Option<Span>) {
        self.reader.only_keys(
            table,
            &translations::keys_with(&["text", "from", "only", "regions"]),
            "[[safety]]",
        );
        let translations = translations::safety(&mut self.reader, table);
        let text = self
            .reader
            .required_text(table, "text", "safety text", span.clone());
        let only = match self.reader.text(table, "only") {
            None => None,
            Some(only) => match only.value.as_str() {
                "daily" => Some(Only::Daily),
                "not-daily" => Some(Only::NotDaily),
                other => {
                    self.error(
                        only.span,
                        format!("unknown `only = \"{other}\"`; use \"daily\" or \"not-daily\""),
                    );
                    return;
                }
            },
        };
        let regions = crate::catalogue::class::regions(&mut self.reader, table);
        let from = self.reader.text_list(table, "from");
        let from = match (from.is_empty(), self.implied_source()) {
            (true, Some(id)) => vec![id],
            (true, None) => {
                self.error(span, "safety advice needs `from = [source ids]`");
                return;
            }
            (false, _) => self.source_ids(from),
        };
        if let Some(text) = text {
            self.catalogue.safety.push(Safety {
                text: text.value,
                from,
                only,
                regions,
                translations,
            });
        }
    }
}
