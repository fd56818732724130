//! One `[[exercise]]` table to an `Entry`: its texts, lists, class words,
//! translations and `per_side`, with its prescriptions (`prescriptions.rs`)
//! and limits (`limits.rs`) read through the same `Loader`; and the glyph
//! check of an entry's printed text. The one reader of an exercise's fields,
//! for a whole file and for one built-in entry read when first looked up
//! (`builtin::builtin_entry`). FORMAT.md's rules: only the keys it lists;
//! `id`, `name`, `position`, `targets`, `why`, `when` given; `id` in
//! kebab-case; steps and cautions given, none empty, each step's markers
//! valid; `sources` given (or the file's one source); `per_side` with its
//! value and origin.

use toml_edit::TableLike;

use super::Loader;
use super::limits::{minutes_span, spans};
use super::prescriptions::from_limits;
use crate::catalogue::{Entry, PerSide, Prescription, alts, class, steps, translations};
use crate::diag::Span;
use crate::fonts::{self, Fonts};

const EXERCISE_KEYS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "sources",
    "position",
    "regions",
    "posture",
    "equipment",
    "targets",
    "why",
    "when",
    "steps",
    "cautions",
    "notes",
    "per_side",
    "prescription",
    "recommended",
    "limits",
    "figure_image",
    "figure_note",
    "figure_alt",
    "video",
];

impl Loader<'_> {
    pub(super) fn entry(&mut self, table: &dyn TableLike, span: Option<Span>) -> Option<Entry> {
        self.reader.only_keys(
            table,
            &translations::keys_with(EXERCISE_KEYS),
            "[[exercise]]",
        );
        let text = |loader: &mut Loader, key: &str| {
            loader
                .reader
                .required_text(table, key, &format!("exercise `{key}`"), span.clone())
                .map(|t| t.value)
        };
        let id = text(self, "id");
        let name = text(self, "name");
        let position = text(self, "position");
        let targets = text(self, "targets");
        let why = text(self, "why");
        let when = text(self, "when");
        let aliases = self.texts(table, "aliases");
        let sources = self.reader.text_list(table, "sources");
        let mut sources = self.source_ids(sources);
        if table.get("sources").is_none()
            && let Some(id) = self.implied_source()
        {
            sources.push(id);
        }
        let steps = self.steps(table);
        let cautions = self.texts(table, "cautions");
        let notes = self.texts(table, "notes");
        self.required_lists(span.clone(), &steps, &cautions, &sources);
        let translations = translations::exercise(&mut self.reader, table, &steps, cautions.len());
        if let Some(id) = &id
            && !is_kebab(id)
        {
            let at = table.get("id").and_then(|i| i.span().map(Span::from));
            self.error(
                at,
                format!("id `{id}` is not kebab-case (like `knee-to-chest`)"),
            );
        }
        let class = class::read(&mut self.reader, table);
        let per_side = self.per_side(table, span.clone());
        self.frequencies.clear();
        let given = self.prescriptions(table, per_side.as_ref());
        let recommended = self.recommended(table, &given, span.clone());
        let derived = (!given.is_empty()).then(|| spans(&given, recommended.unwrap_or(0)));
        let mut limits = self.limits(table, span.clone(), derived);
        if let Some(limits) = &mut limits {
            limits.minutes = minutes_span(&given, recommended.unwrap_or(0));
        }
        if let Some(limits) = &limits {
            self.within_limits(limits);
        }
        let prescriptions: Vec<Prescription> = match &limits {
            _ if !given.is_empty() => given.into_iter().map(|(p, _)| p).collect(),
            Some(limits) => vec![from_limits(limits, per_side.as_ref())],
            None => Vec::new(),
        };
        if let (Some(id), Some(image)) = (&id, self.reader.text(table, "figure_image")) {
            self.images.push((id.clone(), image));
        }
        Some(Entry {
            id: id?,
            name: name?,
            aliases,
            sources,
            position: position?,
            regions: class.regions,
            posture: class.posture,
            equipment: class.equipment,
            targets: targets?,
            why: why?,
            when: when?,
            steps,
            cautions,
            notes,
            figure_note: self.reader.text(table, "figure_note").map(|n| n.value),
            figure_alt: alts::read(&mut self.reader, table),
            video: self.reader.url(table, "video").map(|v| v.value),
            per_side: per_side?,
            prescriptions,
            recommended: recommended?,
            limits: limits?,
            clinic: Vec::new(),
            figure: None,
            undrawable: None,
            translations,
        })
    }

    /// The exercise's steps, each checked for its markers
    /// (`steps::problems`).
    fn steps(&mut self, table: &dyn TableLike) -> Vec<String> {
        let steps = self.reader.text_list(table, "steps");
        for step in &steps {
            for d in steps::problems(&step.value, step.span.as_ref()) {
                self.reader.push(d);
            }
        }
        steps.into_iter().map(|t| t.value).collect()
    }

    /// A list of texts, as their values.
    pub(super) fn texts(&mut self, table: &dyn TableLike, key: &str) -> Vec<String> {
        self.reader
            .text_list(table, key)
            .into_iter()
            .map(|t| t.value)
            .collect()
    }

    /// An exercise needs steps and cautions, none empty, and sources.
    fn required_lists(
        &mut self,
        span: Option<Span>,
        steps: &[String],
        cautions: &[String],
        sources: &[String],
    ) {
        if steps.is_empty() || steps.iter().any(String::is_empty) {
            self.error(
                span.clone(),
                "an exercise needs `steps`, none of them empty",
            );
        }
        if cautions.is_empty() || cautions.iter().any(String::is_empty) {
            self.error(
                span.clone(),
                "an exercise needs at least one caution, none of them empty",
            );
        }
        if sources.is_empty() {
            self.error(span, "an exercise needs `sources`");
        }
    }

    fn per_side(&mut self, entry: &dyn TableLike, span: Option<Span>) -> Option<PerSide> {
        let Some(table) = self.reader.table(entry, "per_side") else {
            self.error(
                span,
                "exercise without `per_side = { value = ..., from = [...] }`",
            );
            return None;
        };
        let at = entry.get("per_side").and_then(|i| i.span().map(Span::from));
        self.reader
            .only_keys(table, &["value", "from", "default"], "`per_side`");
        let value = self.reader.flag(table, "value");
        let origin = self.origin(table, at.clone());
        if value.is_none() {
            self.error(at, "`per_side` needs `value = true` or `value = false`");
        }
        Some(PerSide {
            value: value?.value,
            origin: origin?,
        })
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The glyph check of an entry's printed text, run once per entry as its
/// catalogue loads (with the bundled fonts), and again where a plan uses an
/// entry that failed it (with the clinic's fonts too): the text of every
/// language the entry has, in the order the sheet prints it, each in the
/// weights it is drawn in.
pub fn undrawable(entry: &Entry, fonts: &Fonts) -> Option<char> {
    crate::lang::Language::all()
        .filter_map(|language| entry.printed(language).map(|p| (language, p)))
        .find_map(|(language, printed)| {
            // A source's own steps print in place of the entry's.
            let own = entry
                .prescriptions
                .iter()
                .filter_map(move |p| p.steps.get(&language))
                .flatten();
            [printed.position, printed.why]
                .into_iter()
                .chain(printed.steps.iter().map(String::as_str))
                .chain(own.map(String::as_str))
                .chain(printed.cautions.iter().map(String::as_str))
                .map(|text| (text, fonts::REGULAR))
                .chain([(printed.name, fonts::BOTH)])
                .find_map(|(text, weights)| fonts.undrawable_in(text, weights))
        })
}
