//! Steps that say the dose: a catalogue step marked `{with-hold}` reads the
//! plan's hold ("Hold for 20 seconds.") or is left out when the dose has
//! none; a `{tip}` step is a tip, not a numbered step; a bad marker in a
//! catalogue is a located error (templates/FORMAT.md).

use crate::catalogue::CLINIC;
use crate::pdf::{Pdf, flat};
use crate::support::{PLAN, Test};

/// A plan of one exercise, `dose` its dose lines, in `language`.
fn plan(exercise: &str, dose: &str, language: &str) -> String {
    let head = PLAN.split("[[exercise]]").next().expect("the plan's head");
    let head = head.replace(
        "review = 2026-12-06",
        &format!("review = 2026-12-06\nlanguage = \"{language}\""),
    );
    format!("{head}[[exercise]]\nname = \"{exercise}\"\n{dose}\n")
}

/// The sheet's text, whitespace flattened, built from `plan`.
fn sheet_text(plan: &str) -> String {
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml", "-o", "sheet.pdf"])
        .status(0)
        .stdout_starts_with("wrote sheet.pdf: ")
        .stderr_satisfies("any warnings", |_| true);
    test.run();
    flat(&Pdf::open(&test.path("sheet.pdf")).text())
}

/// The built-in entry `id`'s steps in `language`, markers and all.
fn steps(id: &str, language: &str) -> Vec<String> {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let entry = catalogue
        .entries()
        .iter()
        .find(|e| e.id == id)
        .expect("the entry");
    let language = rx::lang::Language::parse(language).expect("a language rx has");
    let printed = entry.printed(language).expect("the entry's text");
    printed.steps.to_vec()
}

/// The index of `id`'s step marked `{with-hold}`, and the step after it
/// with its marker-free text.
fn hold_step(steps: &[String]) -> (usize, String) {
    let at = steps
        .iter()
        .position(|s| s.starts_with("{with-hold}"))
        .expect("a step about the hold");
    (at, steps[at + 1].clone())
}

#[test]
fn a_step_about_the_hold_says_the_plans_hold() {
    let english = sheet_text(&plan("knee to chest", "reps = 2\nhold = 20", "en"));
    let (at, next) = hold_step(&steps("knee-to-chest-stretch", "en"));
    assert!(
        english.contains(&format!("{}. Hold for 20 seconds.", at + 1)),
        "{english}"
    );
    assert!(
        english.contains(&format!("{}. {next}", at + 2)),
        "{english}"
    );
    assert!(!english.contains("on your sheet") && !english.contains('{'));

    let spanish = sheet_text(&plan("knee to chest", "reps = 2\nhold = 20", "es"));
    assert!(
        spanish.contains(&format!(
            "{}. Sostenga la posición durante 20 segundos.",
            at + 1
        )),
        "{spanish}"
    );
    assert!(!spanish.contains("indicado en su hoja") && !spanish.contains('{'));
}

#[test]
fn a_step_about_the_hold_is_left_out_when_the_dose_has_none() {
    for language in ["en", "es"] {
        // The bridge: one source holds it, another does not, and no
        // source has steps of its own for it.
        let text = sheet_text(&plan("bridge", "reps = 10\nhold = 0", language));
        let steps = steps("bridge", language);
        let (at, next) = hold_step(&steps);
        let held = steps[at].trim_start_matches("{with-hold}");
        let before_hold = held.split("{hold}").next().expect("text before the hold");
        assert!(
            !text.contains(before_hold.trim()),
            "{language}: {before_hold:?} printed without a hold: {text}"
        );
        // The step after it takes its number: no gap in the numbering.
        assert!(
            text.contains(&format!("{}. {next}", at + 1)),
            "{language}: {text}"
        );
        let last = steps.last().expect("steps");
        assert!(
            text.contains(&format!("{}. {last}", steps.len() - 1)),
            "{language}: the last step numbered one less: {text}"
        );
    }
}

#[test]
fn a_tip_is_printed_as_a_tip_after_the_numbered_steps() {
    let all = steps("pelvic-tilt", "en");
    let tip = all
        .iter()
        .find_map(|s| s.strip_prefix("{tip}"))
        .expect("pelvic tilt has a tip");
    let numbered = all.iter().filter(|s| !s.starts_with("{tip}")).count();
    let text = sheet_text(&plan("pelvic tilt", "reps = 10\nhold = 5", "en"));
    assert!(text.contains(&format!("Tip: {tip}")), "{text}");
    assert!(
        !text.contains(&format!("{}. {tip}", numbered + 1)),
        "the tip is not numbered: {text}"
    );
    let last = all
        .iter()
        .rfind(|s| !s.starts_with('{'))
        .expect("a plain last step");
    let last_at = text
        .find(&format!("{numbered}. {last}"))
        .expect("the last numbered step");
    let tip_at = text.find("Tip: ").expect("the tip");
    assert!(last_at < tip_at, "the tip follows the steps: {text}");
}

#[test]
fn an_unknown_step_marker_in_a_clinic_catalogue_is_a_located_error() {
    let clinic = CLINIC.replace("Slide down a little and hold.", "Hold for {hodl}.");
    Test::new()
        .file("clinic.toml", clinic)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stdout("")
        .stderr_contains(
            "error[RX0125]: unknown step marker `{hodl}`
  --> clinic.toml:14:45
   |
14 | steps = [\"Stand with your back to a wall.\", \"Hold for {hodl}.\"]
   |                                             ^^^^^^^^^^^^^^^^^^ markers: `{hold}`, `{with-hold}`, `{tip}`
   = help: did you mean `{hold}`?
",
        )
        .run();
}

#[test]
fn a_hold_marker_in_a_step_printed_without_a_hold_is_a_located_error() {
    let clinic = CLINIC.replace("Slide down a little and hold.", "Hold for {hold}.");
    Test::new()
        .file("clinic.toml", clinic)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stdout("")
        .stderr_contains(
            "error[RX0126]: `{hold}` in a step that is printed without a hold too
  --> clinic.toml:14:45
",
        )
        .stderr_contains("help: start the step with `{with-hold}`")
        .run();
    let flag_late = CLINIC.replace(
        "Slide down a little and hold.",
        "Slide down a little. {with-hold}Hold for {hold}.",
    );
    Test::new()
        .file("clinic.toml", flag_late)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stderr_contains(
            "error[RX0126]: `{with-hold}` is not at the start of the step\n  --> clinic.toml:14:45\n",
        )
        .run();
}

#[test]
fn a_translated_step_keeps_the_english_steps_markers() {
    let clinic = CLINIC.replace(
        "Slide down a little and hold.",
        "{with-hold}Slide down a little and hold for {hold}.",
    ) + "\n[exercise.es]\nname = \"Sentadilla\"\nposition = \"De pie\"\nwhy = \"Fortalece.\"\n\
          steps = [\"Párese contra la pared.\", \"Baje un poco durante {hold}.\"]\n\
          cautions = [\"Pare si le duele.\"]\n";
    Test::new()
        .file("clinic.toml", clinic)
        .args(&["--catalogue", "clinic.toml", "catalogue"])
        .status(1)
        .stderr_contains(
            "error[RX0126]: this step's markers (none) are not the English step's ({with-hold})",
        )
        .run();
}

/// Where a dose line prints a source's words for the hold ("hold a few
/// seconds"), the step about the hold says the same words, never a figure
/// the dose line does not give: for every built-in exercise whose starting
/// prescription has such words, in every language that has them.
#[test]
fn a_step_about_the_hold_says_the_sources_words_where_the_dose_line_does() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let mut seen = 0;
    for entry in catalogue.entries() {
        let source = entry.recommended_prescription();
        for (language, words) in &source.words {
            let (Some(hold), Some(time)) = (&words.hold, &words.hold_time) else {
                continue;
            };
            let code = language.code();
            let text = sheet_text(&plan(&entry.id, "", code));
            assert!(text.contains(hold.as_str()), "{}, {code}: {text}", entry.id);
            let steps = steps(&entry.id, code);
            let (at, _) = hold_step(&steps);
            let said = steps[at]
                .trim_start_matches("{with-hold}")
                .replace("{hold}", time);
            assert!(
                text.contains(&format!("{}. {said}", at + 1)),
                "{}, {code}: {said:?} not in {text}",
                entry.id
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "no built-in starting prescription has hold words");
}

/// Every built-in prescription that gives its hold in words gives the
/// step's words for it too, in the same language.
#[test]
fn hold_words_come_with_the_steps_words_for_the_hold() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    for entry in catalogue.entries() {
        for prescription in &entry.prescriptions {
            for (language, words) in &prescription.words {
                assert_eq!(
                    words.hold.is_some(),
                    words.hold_time.is_some(),
                    "{} ({}), {}: `hold` and `hold_time` go together",
                    entry.id,
                    prescription.label(),
                    language.code()
                );
            }
        }
    }
}
