//! Sheets in the patient's language: the Spanish example sheet
//! has no English word left, plurals, where the language comes from (plan,
//! settings, CSV column, `--language`), and an entry the catalogue has no
//! translation for (an error, or English with a note under
//! `--allow-fallback`).

use std::collections::BTreeSet;

use crate::catalogue::CLINIC;
use crate::pdf::{Pdf, flat};
use crate::support::{PLAN, Test, builtin_exercises, plan_with, repo};

/// The lower-case words of `text`: runs of letters.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The values of the English message file, one a line: not ids, comments
/// or `{ $placeables }` (each of those ends a fragment: a line break).
fn english_messages() -> String {
    let messages = std::fs::read_to_string(repo("templates/lang/en/sheet.ftl")).expect("en file");
    let mut text = String::new();
    for line in messages
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
    {
        // A value follows `id =` or is a variant `[key] value`.
        let value = match line.split_once(" = ") {
            Some((id, value)) if !id.starts_with(' ') => value,
            _ => line.rsplit_once(']').map_or("", |(_, v)| v),
        };
        let mut depth = 0;
        for c in value.chars() {
            match c {
                '{' => {
                    depth += 1;
                    text.push('\n');
                }
                '}' => depth -= 1,
                _ if depth == 0 => text.push(c),
                _ => {}
            }
        }
        text.push('\n');
    }
    text
}

/// Every word an English sheet can print from rx's own text: the English
/// message file and the built-in catalogue's English patient text.
fn english_vocabulary() -> BTreeSet<String> {
    let mut text = english_messages();
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    for entry in catalogue.entries() {
        text.extend([&entry.name, &entry.position, &entry.why].map(|s| format!("{s}\n")));
        text.extend(
            entry
                .steps
                .iter()
                .chain(&entry.cautions)
                .map(|s| format!("{s}\n")),
        );
    }
    for safety in catalogue.safety() {
        text.push_str(&safety.text);
    }
    words(&text)
}

/// Words that are the same in both languages, or are the plan's names.
const SAME: &[&str] = &[
    // Spanish words spelt as English ones: "a la", "no", "pelvis", "use"
    // (usted's "use las dos manos"), the short months "nov" and "mar"
    // (martes in the log, as "Mar" is March), and "s" for seconds.
    "a",
    "no",
    "pelvis",
    "use",
    "nov",
    "mar",
    "s",
    // "min" for minutes, in both languages ("4 min", a timed dose's "2 min").
    "min",
    // "do", domingo's two letters in a two-week band of the log.
    "do",
    // The example plan's patient, prescriber and clinic.
    "josé",
    "müller",
    "łukasz",
    "mrn",
    "dana",
    "reyes",
    "pt",
    "dpt",
    "riverside",
    "physical",
    "therapy",
];

#[test]
fn spanish_example_sheet_has_no_english_word() {
    let test = Test::new()
        .args(&[
            "build",
            repo("examples/plan-es.toml")
                .to_str()
                .expect("a UTF-8 path"),
            "-o",
            "hoja.pdf",
        ])
        .status(0)
        .stdout("wrote hoja.pdf: 4 pages, 6 exercises\n")
        .stderr_starts_with("warning[RX0203]: cat-stretch");
    test.run();
    let pdf = Pdf::open(&test.path("hoja.pdf"));
    let text = pdf.text();
    let english = english_vocabulary();
    assert!(english.len() > 300, "{}", english.len());
    let left: Vec<String> = words(&text)
        .into_iter()
        .filter(|w| english.contains(w) && !SAME.contains(&w.as_str()))
        .collect();
    assert!(
        left.is_empty(),
        "English words on the Spanish sheet: {left:?}"
    );
    // The document title is Spanish too.
    assert_eq!(
        pdf.info("Title").as_deref(),
        Some("Programa de ejercicios en casa – José Müller-Łukasz")
    );
    let flat = flat(&text);
    for needle in [
        "Haga estos ejercicios desde el domingo 22 de noviembre de 2026 hasta su cita de seguimiento del domingo 6 de diciembre de 2026.",
        "Para su seguridad",
        "1. Estiramiento de rodilla al pecho",
        "6 veces de cada lado · una vez al día",
        "8 veces de cada lado · sostenga 15 segundos · una vez al día",
        "Precauciones: Hágalo con suavidad. Deténgase si le duele.",
        "¿Tiene preguntas? Llame a Riverside Physical Therapy al +1 555 0142.",
        "Firma de su terapeuta",
        "Registro de ejercicios",
        "Semanas 1–2 · del 22 nov 2026 al 5 dic 2026",
        "Dolor hoy (0–10)",
        "Comentarios de la semana 2:",
        "Página 4 de 4",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in\n{flat}");
    }
}

#[test]
fn spanish_plurals_for_one_and_many() {
    let plan = plan_with(
        "review = 2026-12-06\n",
        "review = 2026-12-06\nlanguage = \"es\"\n",
    )
    .replace(
        "sets = 1\nreps = 10\nhold = 10\nper_day = 1",
        "sets = 2\nreps = 10\nhold = 10\nper_day = 2\nexceed = \"test\"",
    )
    .replace(
        "side = \"both\"",
        "side = \"both\"\nsets = 1\nreps = 1\nhold = 1\nper_week = 3\nexceed = \"test\"",
    );
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml", "-o", "plan.pdf"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf")
        .stderr_starts_with("warning[RX0206]: bridge");
    test.run();
    let flat = flat(&Pdf::open(&test.path("plan.pdf")).text());
    for needle in [
        "2 series de 10 repeticiones · sostenga 10 segundos · 2 veces al día",
        "una vez de cada lado · sostenga 1 segundo · 3 días a la semana",
        // The log's short dose.
        "2 × 10 · sostenga 10 s · 2 veces al día",
        "1 repetición · sostenga 1 s · cada lado · 3 días a la semana: marque los días",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in\n{flat}");
    }
}

/// The sheet's first heading, "Home exercises for" or "Ejercicios en casa para".
fn spanish(test: &Test, file: &str) -> bool {
    let text = Pdf::open(&test.path(file)).text();
    let es = text.contains("Ejercicios en casa para");
    assert_ne!(es, text.contains("Home exercises for"), "{text}");
    es
}

#[test]
fn language_from_plan_settings_and_command_line() {
    let es_plan = plan_with(
        "review = 2026-12-06\n",
        "review = 2026-12-06\nlanguage = \"es\"\n",
    );
    let en_plan = plan_with(
        "review = 2026-12-06\n",
        "review = 2026-12-06\nlanguage = \"EN\"\n",
    );
    let settings = "[defaults]\nlanguage = \"es\"\n";
    // (plan, settings?, --language, Spanish?)
    let cases: [(&str, bool, Option<&str>, bool); 6] = [
        (PLAN, false, None, false),
        (&es_plan, false, None, true),
        (PLAN, true, None, true),
        (&en_plan, true, None, false),
        (&es_plan, true, Some("en"), false),
        (PLAN, false, Some("es"), true),
    ];
    for (i, (plan, with_settings, flag, expected)) in cases.into_iter().enumerate() {
        let mut args = vec!["build", "plan.toml", "-o", "plan.pdf"];
        if with_settings {
            args.extend(["--config", "rx.toml"]);
        } else {
            args.push("--no-config");
        }
        if let Some(code) = flag {
            args.extend(["--language", code]);
        }
        let test = Test::new()
            .file("plan.toml", plan)
            .file("rx.toml", settings)
            .args(&args)
            .status(0)
            .stdout_starts_with("wrote plan.pdf");
        test.run();
        assert_eq!(spanish(&test, "plan.pdf"), expected, "case {i}: {args:?}");
    }
}

#[test]
fn csv_language_column_per_patient() {
    let csv = "patient_id,name,prescriber,issued,weeks,Preferred Language,exercise\n\
               A1,Ana,Dana,2026-11-22,2,Spanish,bridge\n\
               B2,Bob,Dana,2026-11-22,2,,bridge\n";
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out/", "--no-config"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out/\n");
    test.run();
    let mut sheets: Vec<_> = std::fs::read_dir(test.path("out"))
        .expect("out/")
        .map(|e| e.expect("entry").file_name().into_string().expect("UTF-8"))
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    sheets.sort();
    assert_eq!(sheets.len(), 2, "{sheets:?}");
    let languages: Vec<bool> = sheets
        .iter()
        .map(|n| spanish(&test, &format!("out/{n}")))
        .collect();
    let a = sheets
        .iter()
        .position(|n| n.contains("A1"))
        .expect("A1's sheet");
    assert!(
        languages[a] && !languages[1 - a],
        "{sheets:?} {languages:?}"
    );
}

#[test]
fn unknown_language_lists_the_languages() {
    // Every folder of templates/lang, English first (a new one adds itself).
    let available = rx::lang::Language::available();
    assert!(
        available.starts_with("en (English), es (Spanish)"),
        "{available}"
    );
    let plan = plan_with(
        "review = 2026-12-06\n",
        "review = 2026-12-06\nlanguage = \"fr\"\n",
    );
    Test::new()
        .file("plan.toml", plan)
        .args(&["check", "plan.toml", "--no-config"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr(format!(
            "error[RX0107]: unknown language \"fr\"\n  --> plan.toml:12:12\n   |\n12 | language = \"fr\"\n   |            ^^^^ not a sheet language\n   = help: available: {available}\n\n",
        ))
        .run();
    Test::new()
        .file("plan.toml", PLAN)
        .args(&["build", "plan.toml", "--language", "fr"])
        .status(2)
        .stderr_starts_with(format!(
            "error: invalid value 'fr' for '--language <CODE>': unknown language \"fr\" (available: {available})\n",
        ))
        .run();
}

#[test]
fn missing_translation_is_located_unless_fallback_allowed() {
    let plan = plan_with(
        "review = 2026-12-06\n",
        "review = 2026-12-06\nlanguage = \"es\"\n",
    ) + "\n[[exercise]]\nname = \"wall squat\"\nreps = 5\n";
    Test::new()
        .file("clinic.toml", CLINIC)
        .file("plan.toml", &plan)
        .args(&["--catalogue", "clinic.toml", "build", "plan.toml", "-o", "plan.pdf"])
        .status(1)
        .stdout("plan.toml: 1 error; no sheet written\n")
        .stderr(
            "error[RX0207]: `wall-sit` has no Spanish text in the catalogue\n  --> plan.toml:26:8\n   |\n26 | name = \"wall squat\"\n   |        ^^^^^^^^^^^^ no `[exercise.es]` for this entry\n   = help: add the translation to the catalogue (see templates/FORMAT.md), or build with `--allow-fallback` to print it in English\n\n",
        )
        .run();
    let test = Test::new()
        .file("clinic.toml", CLINIC)
        .file("plan.toml", &plan)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "build",
            "plan.toml",
            "-o",
            "plan.pdf",
            "--allow-fallback",
        ])
        .status(0)
        .stdout_starts_with("wrote plan.pdf")
        .stderr_starts_with("warning[RX0207]: `wall-sit` has no Spanish text in the catalogue\n");
    test.run();
    let sheet = flat(&Pdf::open(&test.path("plan.pdf")).text());
    for needle in [
        "3. Wall sit",
        // Beside the figure box, whose words pdftotext puts in between.
        "Este ejercicio está en inglés porque todavía no tiene",
        "Stand with your back to a wall.",
        "1. Puente",
    ] {
        assert!(sheet.contains(needle), "missing {needle:?} in\n{sheet}");
    }
    // A clinic translation is used like the built-in ones.
    let translated = CLINIC.replace(
        "\n[exercise.limits]",
        "\n[exercise.es]\nname = \"Sentadilla en la pared\"\nposition = \"De pie, de espaldas a la pared\"\nwhy = \"Fortalece sin mover la espalda.\"\nsteps = [\"Párese de espaldas a la pared.\", \"Deslícese un poco hacia abajo y sostenga.\"]\ncautions = [\"Deténgase si le duelen las rodillas.\"]\n\n[exercise.limits]",
    );
    let test = Test::new()
        .file("clinic.toml", translated)
        .file("plan.toml", &plan)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "build",
            "plan.toml",
            "-o",
            "plan.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    let sheet = flat(&Pdf::open(&test.path("plan.pdf")).text());
    assert!(sheet.contains("3. Sentadilla en la pared"), "{sheet}");
    assert!(!sheet.contains("inglés"), "{sheet}");
}

/// What the built-in catalogue writes for clinicians only, which the
/// booklet prints as written in any language: ids, aliases, source titles
/// and records, notes, readings and the reasons for defaults.
fn clinicians_text() -> String {
    use rx::catalogue::Origin;
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    // A source's record (publisher, addresses, what is not known) too.
    let mut text: Vec<String> = catalogue
        .sources()
        .flat_map(|s| {
            [s.title.clone()]
                .into_iter()
                .chain(s.publisher.clone())
                .chain(s.not_known.clone())
                .chain(s.urls.iter().chain(&s.seen_at).cloned())
        })
        .collect();
    let origin = |o: &Origin| match o {
        Origin::Default(reason) => reason.clone(),
        Origin::From(ids) => ids.join(" "),
    };
    for entry in catalogue.entries() {
        text.push(entry.id.clone());
        text.extend(entry.aliases.iter().chain(&entry.notes).cloned());
        text.extend(entry.figure_note.clone());
        for p in &entry.prescriptions {
            text.push(origin(&p.origin));
            text.extend(p.note.iter().chain(&p.reading).cloned());
        }
        let l = &entry.limits;
        for limit in [&l.sets, &l.reps, &l.per_day, &l.per_week]
            .into_iter()
            .chain(&l.hold)
        {
            text.push(origin(&limit.origin));
            text.extend(limit.note.clone());
        }
        text.push(origin(&entry.per_side.origin));
    }
    text.extend(catalogue.routines().iter().map(|r| r.id.clone()));
    text.join("\n")
}

#[test]
fn spanish_booklet_has_no_english_message_left() {
    let test = Test::new()
        .args(&[
            "catalogue",
            "--format",
            "pdf",
            "--language",
            "es",
            "-o",
            "libro.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote libro.pdf: ")
        .stdout_ends_with(format!(" pages, {} exercises\n", builtin_exercises()));
    let out = test.run();
    let pdf = Pdf::open(&test.path("libro.pdf"));
    assert_eq!(
        out.stdout,
        format!(
            "wrote libro.pdf: {} pages, {} exercises\n",
            pdf.pages(),
            builtin_exercises()
        ),
        "the summary gives the booklet's own page count"
    );
    let text = pdf.text();
    let flat = flat(&text);
    let clinicians = clinicians_text();
    // No word of an English message, but those the catalogue's clinician
    // text (printed as written) or Spanish also has.
    // So does the command a routine starts with.
    let kept = words(&format!("{clinicians}\nrx new plan.toml --routine"));
    let messages = words(&english_messages());
    assert!(messages.len() > 150, "{}", messages.len());
    let left: Vec<String> = words(&text)
        .into_iter()
        .filter(|w| messages.contains(w) && !kept.contains(w) && !SAME.contains(&w.as_str()))
        .collect();
    assert!(
        left.is_empty(),
        "English words in the Spanish booklet: {left:?}"
    );
    // Nor any English message's phrase of two words or more.
    let english = english_messages();
    let phrases: Vec<&str> = english
        .lines()
        .map(|l| l.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|l| l.split_whitespace().count() >= 2 && !clinicians.contains(l))
        .collect();
    assert!(phrases.len() > 60, "{}", phrases.len());
    let left: Vec<&&str> = phrases.iter().filter(|p| flat.contains(*p)).collect();
    assert!(
        left.is_empty(),
        "English phrases in the Spanish booklet: {left:?}"
    );
    assert_eq!(pdf.info("Title").as_deref(), Some("Catálogo de ejercicios"));
    for needle in [
        "Consejos de seguridad Se imprimen en el recuadro \"Para su seguridad\" de cada hoja, en este orden.",
        "Impreso el jueves 26 de noviembre de 2026.",
        "Rutina inicial: Diez estiramientos para aliviar el dolor en la parte baja de la espalda",
        "1. Estiramiento de rodilla al pecho: una vez de cada lado · sostenga 20 segundos",
        "Posición inicial: Boca arriba, con las rodillas dobladas",
        "Por qué le ayuda:",
        "relieve: 6–8 veces, alternando los lados, sin sostener, según \"Stretches to Relieve Lower Back Pain\".",
        "Límites: Puente",
        "Sostener: sin sostener: las fuentes no lo describen",
        "Total diario: como máximo 20 repeticiones y 5 min de tiempo sostenido al día de cada lado",
        "De cada lado: sí, primero un lado y luego el otro",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in\n{flat}");
    }
    // The last page's footer, from the booklet's own page count.
    let last = format!("Catálogo de ejercicios · página {0} de {0}", pdf.pages());
    assert!(
        flat.ends_with(&last),
        "missing {last:?} at the end of\n{flat}"
    );
}

#[test]
fn booklet_language_from_settings_and_command_line() {
    let settings = "[defaults]\nlanguage = \"es\"\n";
    // (settings?, --language, Spanish?)
    let cases = [
        (false, None, false),
        (true, None, true),
        (true, Some("en"), false),
        (false, Some("Spanish"), true),
    ];
    for (with_settings, flag, expected) in cases {
        let mut args = vec!["catalogue", "--format", "pdf", "-o", "b.pdf"];
        args.push(if with_settings {
            "--config=rx.toml"
        } else {
            "--no-config"
        });
        args.extend(flag.iter().flat_map(|code| ["--language", code]));
        let test = Test::new()
            .file("rx.toml", settings)
            .args(&args)
            .status(0)
            .stdout_starts_with("wrote b.pdf");
        test.run();
        let title = Pdf::open(&test.path("b.pdf")).info("Title");
        let spanish = title.as_deref() == Some("Catálogo de ejercicios");
        assert_eq!(spanish, expected, "{args:?}: {title:?}");
    }
}

#[test]
fn spanish_booklet_prints_an_untranslated_clinic_entry_in_english_with_the_note() {
    let test = Test::new()
        .file("clinic.toml", CLINIC)
        .args(&[
            "--catalogue",
            "clinic.toml",
            "catalogue",
            "--format",
            "pdf",
            "--language",
            "es",
            "-o",
            "libro.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote libro.pdf");
    test.run();
    let flat = flat(&Pdf::open(&test.path("libro.pdf")).text());
    for needle in [
        "Wall sit Identificador: wall-sit",
        "Este ejercicio está en inglés porque todavía no tiene traducción al",
        "1. Stand with your back to a wall.",
        "Límites: Wall sit",
        // The built-in entries stay Spanish.
        "Límites: Puente",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in\n{flat}");
    }
}

/// A Spanish-speaking therapist names the exercises in Spanish: "Puente"
/// and "puente" are the bridge, checked and printed like its English name.
#[test]
fn a_plan_names_an_exercise_by_its_spanish_name() {
    let plan = plan_with("name = \"Bridge\"", "name = \"puente\"").replace(
        "review = 2026-12-06",
        "review = 2026-12-06\nlanguage = \"es\"",
    );
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml", "-o", "plan.pdf"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ");
    test.run();
    let text = Pdf::open(&test.path("plan.pdf")).text();
    assert!(text.contains("Puente"), "{text}");
}
