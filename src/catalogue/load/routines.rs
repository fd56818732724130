//! `[[routine]]`: the starter routines of `rx new --routine`. FORMAT.md's
//! rules: `id` and `name` given; `from` names known sources; every exercise
//! named is in the catalogue, and there is at least one. A routine with an
//! id already known replaces it.

use std::collections::BTreeMap;

use toml_edit::TableLike;

use super::Loader;
use crate::catalogue::Routine;
use crate::diag::Span;

impl Loader<'_> {
    pub(super) fn routine(&mut self, table: &dyn TableLike, span: Option<Span>) {
        self.reader
            .only_keys(table, &["id", "name", "from", "exercises"], "[[routine]]");
        let id = self
            .reader
            .required_text(table, "id", "routine id", span.clone());
        let name = self
            .reader
            .required_text(table, "name", "routine name", span.clone());
        let from = self.reader.text_list(table, "from");
        let from = self.source_ids(from);
        let mut exercises = Vec::new();
        for wanted in self.reader.text_list(table, "exercises") {
            match self.catalogue.find_id(&wanted.value) {
                Some(id) => exercises.push(id.to_owned()),
                None => self.error(
                    wanted.span,
                    format!(
                        "routine exercise `{}` is not in the catalogue",
                        wanted.value
                    ),
                ),
            }
        }
        if exercises.is_empty() {
            self.error(span, "a routine needs `exercises`");
            return;
        }
        let (Some(id), Some(name)) = (id, name) else {
            return;
        };
        let routine = Routine {
            id: id.value,
            name: name.value,
            from,
            exercises,
            translations: BTreeMap::new(),
        };
        match self
            .catalogue
            .routines
            .iter()
            .position(|r| r.id == routine.id)
        {
            Some(i) => self.catalogue.routines[i] = routine,
            None => self.catalogue.routines.push(routine),
        }
    }
}
