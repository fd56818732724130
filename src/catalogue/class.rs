//! How an entry is classified, for finding it (`rx catalogue --region knee
//! --position standing --equipment chair`): the body regions it is for, the
//! posture it is done in, and the equipment it needs, each from a fixed
//! vocabulary (templates/FORMAT.md). The patient's own `position` line
//! stays free text; `posture` is its class.
//!
//! The words are read once, at load, with a located error for an unknown
//! one, so a typo never hides an entry from a search.

use serde::Serialize;
use toml_edit::TableLike;

use crate::diag::{Code, Diagnostic};
use crate::fields::Spanned;
use crate::fields::toml::Reader;
use crate::suggest;

/// A part of the body an exercise is for, or balance (falls prevention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    Neck,
    Shoulder,
    Hip,
    Knee,
    FootAnkle,
    Back,
    Balance,
}

/// The posture an exercise starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Posture {
    LyingBack,
    LyingSide,
    LyingFront,
    Sitting,
    Standing,
    Kneeling,
    HalfKneeling,
    AllFours,
}

/// Something the patient needs beside the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Equipment {
    Chair,
    Wall,
    Band,
    Towel,
    Step,
    Weight,
    Ball,
    Doorway,
    Table,
}

/// A fixed vocabulary: each value with the word the catalogue writes.
pub trait Word: Copy + PartialEq + 'static {
    /// Every value, in the order listings use.
    const ALL: &'static [(&'static str, Self)];
    /// What a value is, in messages ("region").
    const WHAT: &'static str;

    /// The word the catalogue file (and the command line) uses.
    fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(w, _)| *w)
            .expect("every value has a word")
    }

    /// The value `word` names, if any.
    fn from_word(word: &str) -> Option<Self> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
    }

    /// Every word, for help texts: "neck, shoulder, ...".
    fn words() -> String {
        Self::ALL
            .iter()
            .map(|(w, _)| *w)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Word for Region {
    const WHAT: &'static str = "region";
    const ALL: &'static [(&'static str, Region)] = &[
        ("neck", Region::Neck),
        ("shoulder", Region::Shoulder),
        ("hip", Region::Hip),
        ("knee", Region::Knee),
        ("foot-ankle", Region::FootAnkle),
        ("back", Region::Back),
        ("balance", Region::Balance),
    ];
}

impl Word for Posture {
    const WHAT: &'static str = "posture";
    const ALL: &'static [(&'static str, Posture)] = &[
        ("lying-back", Posture::LyingBack),
        ("lying-side", Posture::LyingSide),
        ("lying-front", Posture::LyingFront),
        ("sitting", Posture::Sitting),
        ("standing", Posture::Standing),
        ("kneeling", Posture::Kneeling),
        ("half-kneeling", Posture::HalfKneeling),
        ("all-fours", Posture::AllFours),
    ];
}

impl Word for Equipment {
    const WHAT: &'static str = "equipment";
    const ALL: &'static [(&'static str, Equipment)] = &[
        ("chair", Equipment::Chair),
        ("wall", Equipment::Wall),
        ("band", Equipment::Band),
        ("towel", Equipment::Towel),
        ("step", Equipment::Step),
        ("weight", Equipment::Weight),
        ("ball", Equipment::Ball),
        ("doorway", Equipment::Doorway),
        ("table", Equipment::Table),
    ];
}

/// An entry's classification, as read from its table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Class {
    pub regions: Vec<Region>,
    pub posture: Option<Posture>,
    pub equipment: Vec<Equipment>,
}

/// `regions`, `posture` and `equipment` of an `[[exercise]]` table, each
/// optional; an unknown or repeated word is an error at the word.
pub fn read(reader: &mut Reader, table: &dyn TableLike) -> Class {
    let regions = list(reader, table, "regions");
    let equipment = list(reader, table, "equipment");
    let posture = reader
        .text(table, "posture")
        .and_then(|word| one(reader, "posture", word));
    Class {
        regions,
        posture,
        equipment,
    }
}

/// The `regions` of a table other than an exercise's (a line of safety
/// advice), read as an exercise's are.
pub fn regions(reader: &mut Reader, table: &dyn TableLike) -> Vec<Region> {
    list(reader, table, "regions")
}

fn list<T: Word>(reader: &mut Reader, table: &dyn TableLike, key: &str) -> Vec<T> {
    let mut out = Vec::new();
    for word in reader.text_list(table, key) {
        let span = word.span.clone();
        let shown = word.value.clone();
        let Some(value) = one::<T>(reader, key, word) else {
            continue;
        };
        if out.contains(&value) {
            reader.push(
                Diagnostic::error(
                    Code::BadCatalogue,
                    format!("`{key}` names \"{shown}\" twice"),
                )
                .at(span),
            );
        } else {
            out.push(value);
        }
    }
    out
}

fn one<T: Word>(reader: &mut Reader, key: &str, word: Spanned<String>) -> Option<T> {
    if let Some(value) = T::from_word(&word.value) {
        return Some(value);
    }
    let known: Vec<&str> = T::ALL.iter().map(|(w, _)| *w).collect();
    let mut d = Diagnostic::error(
        Code::BadCatalogue,
        format!("`{key}`: unknown {} \"{}\"", T::WHAT, word.value),
    )
    .at(word.span)
    .note(format!("known: {}", T::words()));
    if let Some(help) = suggest::did_you_mean(&suggest::nearest(&word.value, &known, 1)) {
        d = d.help(help);
    }
    reader.push(d);
    None
}

#[cfg(test)]
mod tests {
    use super::{Equipment, Posture, Region};
    use crate::catalogue::{builtin, extend};
    use crate::diag::{SourceFile, render};

    /// A clinic entry classified by `class` (lines of the entry's table).
    fn clinic(class: &str) -> String {
        format!(
            r#"[sources.clinic]
title = "Ours"

[[exercise]]
id = "wall-sit"
name = "Wall sit"
position = "Standing with your back to a wall"
{class}
targets = "t"
why = "w"
when = "w"
steps = ["s"]
cautions = ["c"]
per_side = {{ value = false }}
[exercise.limits]
sets = {{ min = 1, max = 3, recommended = 1 }}
reps = {{ min = 1, max = 3, recommended = 1 }}
per_day = {{ min = 1, max = 2, recommended = 1 }}
per_week = {{ min = 1, max = 7 }}
"#
        )
    }

    #[test]
    fn a_clinic_entry_is_classified_by_region_posture_and_equipment() {
        let text =
            clinic("regions = [\"knee\", \"hip\"]\nposture = \"standing\"\nequipment = [\"wall\"]");
        let catalogue = extend(builtin().unwrap(), &text).expect("valid");
        let entry = catalogue.find("wall-sit").expect("the entry");
        assert_eq!(entry.regions, [Region::Knee, Region::Hip]);
        assert_eq!(entry.posture, Some(Posture::Standing));
        assert_eq!(entry.equipment, [Equipment::Wall]);
    }

    #[test]
    fn an_unknown_region_posture_or_equipment_is_an_error_at_the_word() {
        let text = clinic(
            "regions = [\"knees\"]\nposture = \"stood\"\nequipment = [\"chair\", \"chair\"]",
        );
        let errors = extend(builtin().unwrap(), &text).expect_err("refused");
        let file = SourceFile::new("clinic.toml", &text);
        let shown: String = errors.iter().map(|d| render(d, &file)).collect();
        assert_eq!(errors.len(), 3, "{shown}");
        assert!(
            shown.contains(
                "error[RX0501]: `regions`: unknown region \"knees\"\n --> clinic.toml:8:12"
            ) && shown.contains("did you mean `knee`?"),
            "{shown}"
        );
        assert!(
            shown.contains("`posture`: unknown posture \"stood\"\n --> clinic.toml:9:11")
                && shown.contains("known: lying-back, lying-side"),
            "{shown}"
        );
        assert!(
            shown.contains("`equipment` names \"chair\" twice\n  --> clinic.toml:10:23"),
            "{shown}"
        );
    }

    #[test]
    fn every_builtin_entry_has_regions_and_a_posture() {
        let catalogue = builtin().expect("the built-in catalogue");
        for entry in catalogue.entries() {
            assert!(!entry.regions.is_empty(), "`{}` has no region", entry.id);
            assert!(entry.posture.is_some(), "`{}` has no posture", entry.id);
        }
        let bridge = catalogue.find("bridge").expect("bridge");
        assert_eq!(bridge.posture, Some(Posture::LyingBack));
        assert!(bridge.regions.contains(&Region::Back));
        let towel = catalogue.find("towel hamstring stretch").expect("an entry");
        assert_eq!(towel.equipment, [Equipment::Towel]);
    }
}
