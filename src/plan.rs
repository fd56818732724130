//! The resolved plan: what resolve produces, check inspects and layout draws.
//!
//! Every exercise is a catalogue entry with a complete dose: fields the
//! therapist left out hold the catalogue's recommended values. The plan keeps
//! what was written (`given`) beside it, so check can point at the line.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::catalogue::{Entry, Prescription, Sides};
use crate::lang::{Arg, Language, Messages};
use crate::parse::RawExercise;

/// A plan whose names and dates are resolved. It may still fail `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub patient: Patient,
    pub prescriber: Prescriber,
    /// The clinic's details beyond its name and phone (from the settings).
    pub contact: Contact,
    pub issued: NaiveDate,
    pub review: NaiveDate,
    pub notes: Option<String>,
    pub sheet: SheetOptions,
    pub exercises: Vec<Prescribed>,
    /// The catalogue's general safety advice, printed on every sheet.
    pub safety: Vec<Advice>,
}

/// One line of safety advice: the catalogue's (English, and the languages
/// it is translated into) or the clinic's settings' (printed as written,
/// whatever the sheet's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub text: String,
    pub translations: BTreeMap<Language, String>,
    pub as_written: bool,
}

impl Advice {
    /// A clinic's own line, printed as written.
    pub fn as_written(text: String) -> Advice {
        Advice {
            text,
            translations: BTreeMap::new(),
            as_written: true,
        }
    }

    /// The line in `language`; `None` when the catalogue gives none in it.
    pub fn printed(&self, language: Language) -> Option<&str> {
        if self.as_written || language == Language::ENGLISH {
            return Some(&self.text);
        }
        self.translations.get(&language).map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    pub name: String,
    pub id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prescriber {
    pub name: String,
    pub clinic: Option<String>,
    pub phone: Option<String>,
}

/// How to reach the clinic, and its logo: printed at the top of page 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub address: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub logo: Option<Arc<crate::document::Image>>,
}

/// Sheet options a plan may set in `[plan]`; command-line options win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetOptions {
    pub paper: Option<Paper>,
    pub large_print: Option<bool>,
    /// The sheet's language: the plan's, else the settings', else the
    /// command line's when given (which wins over both); `None` is English.
    pub language: Option<Language>,
}

/// Page size of the sheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

impl Paper {
    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "letter" => Some(Paper::Letter),
            "a4" => Some(Paper::A4),
            _ => None,
        }
    }
}

/// One exercise of the plan with its full dose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prescribed {
    pub entry: Arc<Entry>,
    pub dose: Dose,
    pub note: Option<String>,
    /// A link to a video of the exercise, printed as a QR code.
    pub video: Option<String>,
    /// The exercise as written, with spans.
    pub given: RawExercise,
    /// Index into the entry's prescriptions of the one the fields left out
    /// were taken from (resolve's starting prescription).
    pub source: usize,
}

impl Prescribed {
    /// The prescription the fields left out were taken from.
    pub fn source(&self) -> &Prescription {
        self.entry
            .prescriptions
            .get(self.source)
            .unwrap_or_else(|| self.entry.recommended_prescription())
    }

    /// The dose as the sheet prints it (`Dose::parts`), with the source's
    /// own words for the count or hold (`Prescription::words`, in the
    /// sheet's language) where the plan left that part out, took it from
    /// that source, and the whole dose is the source's: "at least 8 times"
    /// rather than our reading of it, "8".
    pub fn parts(&self, m: &Messages) -> Vec<String> {
        let words = self.words(m);
        let said = Said {
            count: words
                .and_then(|w| w.count.as_deref())
                .filter(|_| self.given.reps.is_none() && self.dose.sets == 1),
            hold: words
                .and_then(|w| w.hold.as_deref())
                .filter(|_| self.given.hold.is_none() && self.dose.hold.is_some()),
            minutes: words
                .and_then(|w| w.minutes.as_deref())
                .filter(|_| self.given.minutes.is_none() && self.dose.minutes.is_some()),
        };
        self.dose.worded(m, said)
    }

    /// The source's words in the sheet's language, where the whole dose is
    /// that source's.
    fn words(&self, m: &Messages) -> Option<&crate::catalogue::Words> {
        let source = self.source();
        source
            .words
            .get(&m.language())
            .filter(|_| crate::dose::differences(source, &self.dose).is_empty())
    }

    /// The hold as the steps say it ("Hold for {hold}."): the source's
    /// words where the dose line prints its words for the hold ("a few
    /// seconds"), else the figure ("20 seconds"); `None` without a hold.
    pub fn step_hold(&self, m: &Messages) -> Option<String> {
        let seconds = self.dose.hold.filter(|&s| s > 0)?;
        let worded = self
            .words(m)
            .filter(|w| w.hold.is_some() && self.given.hold.is_none())
            .and_then(|w| w.hold_time.clone());
        Some(worded.unwrap_or_else(|| figure_hold(seconds, m)))
    }

    /// `parts` as one line: the dose as the sheet prints it.
    pub fn sentence(&self, m: &Messages) -> String {
        self.parts(m).join(" · ")
    }
}

impl Prescribed {
    /// The steps the sheet prints in `language`: those of the source the
    /// dose is taken from, where it has its own technique and the dose is
    /// that source's as a whole; else `None`, the entry's own.
    pub fn steps(&self, language: Language) -> Option<&[String]> {
        let source = self.source();
        if !crate::dose::differences(source, &self.dose).is_empty() {
            return None;
        }
        source.steps.get(&language).map(Vec::as_slice)
    }
}

/// A hold of `seconds` as the steps say it: "20 seconds".
pub fn figure_hold(seconds: u32, m: &Messages) -> String {
    m.with("step-hold", &[("seconds", crate::lang::Arg::from(seconds))])
}

/// A source's words to print in place of a dose part's figure.
#[derive(Debug, Clone, Copy, Default)]
pub struct Said<'a> {
    pub count: Option<&'a str>,
    pub hold: Option<&'a str>,
    /// In place of "for 2 minutes" ("for a few minutes").
    pub minutes: Option<&'a str>,
}

/// A complete dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dose {
    pub sets: u32,
    pub reps: u32,
    /// Seconds; `None` for no hold (an exercise no source holds, or a dose
    /// without one, such as `hold = 0`).
    pub hold: Option<u32>,
    pub frequency: Frequency,
    /// Days a week beside a times-a-day `frequency`, where the dose's
    /// source gives both ("1 time a day, 4 to 5 days a week"); `None`
    /// otherwise (times a day then means every day).
    pub days_a_week: Option<u32>,
    /// Minutes a bout of a timed exercise lasts, a time spent moving
    /// ("march on the spot for 2 minutes"); `None` for a counted dose.
    pub minutes: Option<u32>,
    /// `None` for exercises not done per side.
    pub side: Option<Side>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    PerDay(u32),
    PerWeek(u32),
}

impl Frequency {
    /// "once a day", "twice a day", "3 days a week", as sheets say it.
    pub fn words(self, m: &Messages) -> String {
        match self {
            Frequency::PerDay(n) => m.with("per-day", &[("times", Arg::from(n))]),
            Frequency::PerWeek(n) => m.with("per-week", &[("days", Arg::from(n))]),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
    /// The count on each side in turn.
    Both,
    /// The count while taking turns from side to side, as a source words it
    /// ("repeat six to eight times, alternating sides"); the sheet says
    /// "alternating sides" and never turns it into "each side".
    Alternate,
}

impl Side {
    pub fn parse(s: &str) -> Option<Side> {
        match s.trim().to_ascii_lowercase().as_str() {
            "left" => Some(Side::Left),
            "right" => Some(Side::Right),
            "both" => Some(Side::Both),
            "alternate" => Some(Side::Alternate),
            _ => None,
        }
    }
}

impl Dose {
    /// The dose prescription `p` of `entry` gives a plan that writes no dose
    /// field (see `Entry::starting`), with the catalogue's recommended sets
    /// and frequency: what `rx new` writes for a routine and the booklet shows.
    pub fn starting(entry: &Entry, p: &Prescription) -> Dose {
        let l = &entry.limits;
        let (reps, hold) = entry.starting(p);
        Dose {
            sets: l.sets.recommended.unwrap_or(l.sets.min),
            reps,
            hold: (hold > 0).then_some(hold),
            frequency: match (l.per_day.recommended, l.per_week.recommended) {
                (Some(n), _) => Frequency::PerDay(n),
                (None, Some(n)) => Frequency::PerWeek(n),
                (None, None) => Frequency::PerDay(l.per_day.min),
            },
            days_a_week: None,
            minutes: p.minutes.map(|r| r.min),
            side: match p.sides {
                _ if !entry.per_side.value => None,
                Some(Sides::Alternate) => Some(Side::Alternate),
                _ => Some(Side::Both),
            },
        }
    }
    /// The dose in plain words: "10 times on each side · hold 10 seconds ·
    /// once a day", "2 sets of 8 · twice a day".
    pub fn sentence(&self, m: &Messages) -> String {
        self.parts(m).join(" · ")
    }

    /// The parts of the sentence: "10 times on each side", "hold 10
    /// seconds", ... A hold of 0 or none prints no hold part. One set reads
    /// as a count ("once", "10 times"), and done on each side in turn, the
    /// side goes with it ("once on each side", not "1 set of 1 · each side").
    pub fn parts(&self, m: &Messages) -> Vec<String> {
        self.worded(m, Said::default())
    }

    /// `parts`, with a source's words in place of the count or the hold
    /// where `said` gives them ("at least 8 times · each side"). A timed
    /// dose says its time ("for 2 minutes"), after its count only where
    /// it is done more than once.
    pub fn worded(&self, m: &Messages, said: Said) -> Vec<String> {
        let timed_once = self.minutes.is_some() && self.sets == 1 && self.reps == 1;
        let each_side =
            self.sets == 1 && self.side == Some(Side::Both) && said.count.is_none() && !timed_once;
        let count = if let Some(words) = said.count {
            words.to_owned()
        } else if each_side {
            m.with("dose-each-side", &[("reps", self.reps.into())])
        } else {
            m.with(
                "dose-sets",
                &[("sets", self.sets.into()), ("reps", self.reps.into())],
            )
        };
        let mut parts = Vec::new();
        if !timed_once {
            parts.push(count);
        }
        if let Some(minutes) = self.minutes {
            parts.push(match said.minutes {
                Some(words) => words.to_owned(),
                None => m.with("dose-minutes", &[("minutes", minutes.into())]),
            });
        }
        if let Some(hold) = self.hold.filter(|&h| h > 0) {
            parts.push(match said.hold {
                Some(words) => words.to_owned(),
                None => m.with("dose-hold", &[("seconds", hold.into())]),
            });
        }
        let side = match self.side {
            Some(Side::Both) if each_side => None,
            Some(Side::Both) => Some("side-both"),
            Some(Side::Alternate) => Some("side-alternate"),
            Some(Side::Left) => Some("side-left"),
            Some(Side::Right) => Some("side-right"),
            None => None,
        };
        parts.extend(side.map(|id| m.text(id)));
        parts.push(self.frequency.words(m));
        if let (Frequency::PerDay(_), Some(days)) = (self.frequency, self.days_a_week) {
            parts.push(Frequency::PerWeek(days).words(m));
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::{Dose, Frequency, Side};
    use crate::lang::Language;

    #[test]
    fn dose_sentence_reads_plainly() {
        let en = Language::ENGLISH.messages();
        let dose = Dose {
            sets: 1,
            reps: 10,
            hold: Some(10),
            frequency: Frequency::PerDay(1),
            days_a_week: None,
            minutes: None,
            side: Some(Side::Both),
        };
        assert_eq!(
            dose.sentence(en),
            "10 times on each side · hold 10 seconds · once a day"
        );
        let once = Dose {
            reps: 1,
            hold: None,
            ..dose
        };
        assert_eq!(once.sentence(en), "once on each side · once a day");
        let dose = Dose {
            sets: 2,
            hold: None,
            side: None,
            frequency: Frequency::PerWeek(3),
            ..dose
        };
        assert_eq!(dose.sentence(en), "2 sets of 10 · 3 days a week");
        let dose = Dose {
            sets: 1,
            reps: 8,
            hold: None,
            frequency: Frequency::PerDay(1),
            days_a_week: None,
            minutes: None,
            side: Some(Side::Alternate),
        };
        assert_eq!(
            dose.sentence(en),
            "8 times · alternating sides · once a day"
        );
    }

    #[test]
    fn spanish_doses_take_the_right_plural() {
        let es = Language::parse("es").expect("es").messages();
        let dose = |sets, reps, hold, frequency, side| Dose {
            sets,
            reps,
            hold,
            frequency,
            days_a_week: None,
            minutes: None,
            side,
        };
        let cases = [
            (
                dose(1, 10, Some(1), Frequency::PerDay(1), Some(Side::Both)),
                "10 veces de cada lado · sostenga 1 segundo · una vez al día",
            ),
            (
                dose(2, 1, Some(10), Frequency::PerDay(2), None),
                "2 series de 1 repetición · sostenga 10 segundos · 2 veces al día",
            ),
            (
                dose(3, 8, None, Frequency::PerDay(3), Some(Side::Alternate)),
                "3 series de 8 repeticiones · alternando los lados · 3 veces al día",
            ),
            (
                dose(1, 1, None, Frequency::PerWeek(3), Some(Side::Left)),
                "una vez · solo el lado izquierdo · 3 días a la semana",
            ),
            (
                dose(1, 5, None, Frequency::PerWeek(1), Some(Side::Right)),
                "5 veces · solo el lado derecho · una vez a la semana",
            ),
            (
                dose(1, 5, None, Frequency::PerWeek(7), None),
                "5 veces · todos los días",
            ),
        ];
        for (dose, words) in cases {
            assert_eq!(dose.sentence(es), words);
        }
    }
}
