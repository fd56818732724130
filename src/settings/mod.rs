//! A clinic's settings (`rx.toml`): who the clinic is, its default
//! prescriber, catalogue, paper, print size and sheet language, its video links and its own
//! safety lines, so no one types them into every plan.
//!
//! `read` turns the file's text into `Settings` (every value with where it
//! was written, every problem a located diagnostic, the logo decoded like a
//! catalogue picture); `fill` and `finish` apply them to one plan, before
//! and after resolve. Precedence is decided here and in `run::Overrides`:
//! a plan's own value wins over a setting, and a command-line option over
//! both. Only `cli` finds and reads the file.

mod read;

use std::sync::Arc;

pub use read::{LOGO_MAX_BYTES, read};

use crate::diag::{Code, Diagnostic};
use crate::document::Image;
use crate::fields::Spanned;
use crate::lang::Language;
use crate::parse::RawPlan;
use crate::plan::{Advice, Contact, Paper, Plan};

/// The settings in effect: each value as written (with its span in the
/// settings file), or `None` where the file gives none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub clinic: Option<Spanned<String>>,
    pub address: Option<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    pub website: Option<Spanned<String>>,
    /// The logo's file name as written, and the decoded picture.
    pub logo: Option<(Spanned<String>, Arc<Image>)>,
    /// A base URL; an exercise's video is this followed by its id.
    pub videos: Option<Spanned<String>>,
    pub prescriber: Option<Spanned<String>>,
    pub paper: Option<Spanned<Paper>>,
    pub large_print: Option<Spanned<bool>>,
    /// The sheets' language where a plan gives none.
    pub language: Option<Spanned<Language>>,
    /// The most minutes a day a plan may take before check warns
    /// (`dose::MINUTES_A_DAY` when not given).
    pub minutes_a_day: Option<Spanned<u32>>,
    /// Whether sheets are PDF/A-2 (`document::PDFA_BY_DEFAULT` when not
    /// given); `--pdfa` and `--no-pdfa` win over it.
    pub pdfa: Option<Spanned<bool>>,
    /// The clinic catalogue, as written (relative to the settings file).
    pub catalogue: Option<Spanned<String>>,
    /// Safety lines printed after the catalogue's own.
    pub safety_add: Vec<Spanned<String>>,
    /// Safety lines printed instead of the catalogue's own, when given.
    pub safety_replace: Option<Vec<Spanned<String>>>,
    /// A clinic's fonts (`fonts = [...]`, relative to the settings file,
    /// then `--font`), tried in order after the bundled ones.
    pub fonts: Vec<crate::fonts::ClinicFont>,
    /// The settings file's `fonts`, as written (for `rx config`).
    pub font_names: Vec<Spanned<String>>,
    /// The clinic's own dose limits (`[limits.ID]`), as written: checked
    /// against the catalogue and attached to it by `limits::apply`.
    pub limits: Vec<crate::limits::RawLimit>,
}

impl Settings {
    /// The fonts a sheet is set in: the bundled ones, then the clinic's.
    pub fn fonts(&self) -> crate::fonts::Fonts {
        if self.fonts.is_empty() {
            crate::fonts::Fonts::load()
        } else {
            crate::fonts::Fonts::with_clinic(self.fonts.clone())
        }
    }
}

impl Settings {
    /// Fill what `raw` leaves out with the settings (before resolve): the
    /// prescriber, clinic and phone. A filled value has no span: it was
    /// checked where it was written, in the settings file. A prescriber
    /// given here answers parse's "missing prescriber name", for TOML plans
    /// and CSV rows alike (parse knows nothing of settings, so it said it).
    /// A plan that names another clinic gets neither its name nor phone.
    pub fn fill(&self, raw: &mut RawPlan, diagnostics: &mut Vec<Diagnostic>) {
        let unspanned = |s: &Option<Spanned<String>>| {
            s.as_ref().map(|s| Spanned {
                value: s.value.clone(),
                span: None,
            })
        };
        if raw.prescriber_name.is_none()
            && let Some(name) = unspanned(&self.prescriber)
        {
            raw.prescriber_name = Some(name);
            let missing =
                crate::parse::rules::missing(crate::parse::rules::Named::Prescriber, None, "")
                    .message;
            diagnostics.retain(|d| !(d.code == Code::Missing && d.message == missing));
        }
        if !self.same_clinic(raw.clinic.as_ref().map(|c| c.value.as_str())) {
            return;
        }
        if raw.clinic.is_none() {
            raw.clinic = unspanned(&self.clinic);
        }
        if raw.phone.is_none() {
            raw.phone = unspanned(&self.phone);
        }
    }

    /// Whether a plan's clinic is the one the settings describe (or either
    /// names none). A plan written for another clinic gets none of these
    /// contact details: a wrong number to call is worse than none.
    fn same_clinic(&self, plan: Option<&str>) -> bool {
        match (plan, &self.clinic) {
            (Some(plan), Some(ours)) => {
                plan.trim().to_lowercase() == ours.value.trim().to_lowercase()
            }
            _ => true,
        }
    }

    /// Complete a resolved plan: the clinic's address, e-mail and logo
    /// (unless the plan names another clinic),
    /// paper and print size where the plan gives none, a video link for
    /// each exercise without one, and the clinic's safety lines.
    pub fn finish(&self, plan: &mut Plan) {
        let value = |s: &Option<Spanned<String>>| s.as_ref().map(|s| s.value.clone());
        if self.same_clinic(plan.prescriber.clinic.as_deref()) {
            plan.contact = Contact {
                address: value(&self.address),
                email: value(&self.email),
                website: value(&self.website),
                logo: self.logo.as_ref().map(|(_, image)| Arc::clone(image)),
            };
        }
        if plan.sheet.paper.is_none() {
            plan.sheet.paper = self.paper.as_ref().map(|p| p.value);
        }
        if plan.sheet.large_print.is_none() {
            plan.sheet.large_print = self.large_print.as_ref().map(|b| b.value);
        }
        if plan.sheet.language.is_none() {
            plan.sheet.language = self.language.as_ref().map(|l| l.value);
        }
        if let Some(base) = &self.videos {
            for exercise in plan.exercises.iter_mut().filter(|e| e.video.is_none()) {
                // A link the id makes unprintable (too long, odd characters)
                // is left off rather than printed broken.
                let link = format!("{}{}", base.value, exercise.entry.id);
                exercise.video = crate::fields::url("videos", &link, None)
                    .ok()
                    .flatten()
                    .map(|s| s.value);
            }
        }
        if let Some(lines) = &self.safety_replace {
            plan.safety = lines
                .iter()
                .map(|s| Advice::as_written(s.value.clone()))
                .collect();
        }
        plan.safety.extend(
            self.safety_add
                .iter()
                .map(|s| Advice::as_written(s.value.clone())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;
    use crate::diag::Code;
    use crate::fields::Spanned;
    use crate::plan::Paper;

    fn given<T>(value: T) -> Option<Spanned<T>> {
        Some(Spanned::new(value, Some(0..1)))
    }

    fn checked(text: &str, settings: &Settings) -> crate::Checked {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let fonts = crate::fonts::Fonts::load();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let (raw, diagnostics) = crate::parse::toml::parse(text, None);
        let raw = raw.expect("TOML");
        let run = crate::Run {
            settings: std::sync::Arc::new(settings.clone()),
            ..crate::Run::new(&catalogue, &fonts, today)
        };
        run.check_parsed(&raw, diagnostics)
    }

    const BARE: &str =
        "[patient]\nname = \"A\"\n[plan]\nweeks = 2\n[[exercise]]\nname = \"bridge\"\n";

    #[test]
    fn settings_fill_only_what_the_plan_leaves_out() {
        let settings = Settings {
            prescriber: given("Dana".to_owned()),
            clinic: given("Riverside".to_owned()),
            phone: given("555".to_owned()),
            paper: given(Paper::A4),
            large_print: given(true),
            videos: given("https://v.example/".to_owned()),
            ..Settings::default()
        };
        let plan = checked(BARE, &settings)
            .plan
            .expect("valid with the settings");
        assert_eq!(plan.prescriber.name, "Dana");
        assert_eq!(plan.prescriber.clinic.as_deref(), Some("Riverside"));
        assert_eq!(plan.sheet.paper, Some(Paper::A4));
        assert_eq!(plan.sheet.large_print, Some(true));
        assert_eq!(
            plan.exercises[0].video.as_deref(),
            Some("https://v.example/bridge")
        );

        let own = BARE.replace(
            "[plan]\n",
            "[prescriber]\nname = \"Sam\"\nphone = \"777\"\n[plan]\npaper = \"letter\"\nlarge_print = false\n",
        );
        let plan = checked(&own, &settings).plan.expect("valid");
        assert_eq!(plan.prescriber.name, "Sam");
        assert_eq!(plan.prescriber.phone.as_deref(), Some("777"));
        assert_eq!(plan.sheet.paper, Some(Paper::Letter));
        assert_eq!(plan.sheet.large_print, Some(false));

        // A plan for another clinic gets none of this clinic's contacts.
        let other = BARE.replace(
            "[plan]\n",
            "[prescriber]\nname = \"Sam\"\nclinic = \"Hillside\"\n[plan]\n",
        );
        let contact = Settings {
            address: given("1 Road".to_owned()),
            ..settings.clone()
        };
        let plan = checked(&other, &contact).plan.expect("valid");
        assert_eq!(plan.prescriber.phone, None);
        assert_eq!(plan.contact.address, None);
        let same = other.replace("Hillside", "riverside");
        let plan = checked(&same, &contact).plan.expect("valid");
        assert_eq!(plan.prescriber.phone.as_deref(), Some("555"));
        assert_eq!(plan.contact.address.as_deref(), Some("1 Road"));

        // Without settings the plan still lacks its prescriber.
        let bare = checked(BARE, &Settings::default());
        let codes: Vec<(Code, &str)> = bare
            .diagnostics
            .iter()
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert_eq!(codes, [(Code::Missing, "missing prescriber name")]);
    }

    #[test]
    fn safety_lines_are_added_after_or_replace_the_catalogues() {
        let line = |s: &str| Spanned::new(s.to_owned(), Some(0..1));
        let text = BARE.replace("[plan]", "[prescriber]\nname = \"B\"\n[plan]");
        let base = checked(&text, &Settings::default())
            .plan
            .expect("valid")
            .safety;
        let add = Settings {
            safety_add: vec![line("Drink water.")],
            ..Settings::default()
        };
        let safety = checked(&text, &add).plan.expect("valid").safety;
        assert_eq!(safety.len(), base.len() + 1);
        assert_eq!(safety[..base.len()], base[..]);
        assert_eq!(safety.last().map(|a| a.text.as_str()), Some("Drink water."));
        let replace = Settings {
            safety_add: vec![line("Drink water.")],
            safety_replace: Some(vec![line("Call us.")]),
            ..Settings::default()
        };
        let safety = checked(&text, &replace).plan.expect("valid").safety;
        let texts: Vec<&str> = safety.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["Call us.", "Drink water."]);
    }
}
