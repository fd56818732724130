//! Finding an exercise: each entry's regions, posture and equipment, and
//! `rx catalogue` filtered by them, by a search word, grouped by region and
//! in the sheet language.

use crate::support::Test;

#[test]
fn an_entry_shows_and_the_json_gives_its_regions_posture_and_equipment() {
    Test::new()
        .args(&["catalogue", "towel-hamstring-stretch"])
        .status(0)
        .stdout_contains(
            "Position: Lying on your back, knees bent\n\
             Class: regions back, knee; posture lying-back; equipment towel\n",
        )
        .run();
    let out = Test::new()
        .args(&["catalogue", "towel-hamstring-stretch", "--format", "json"])
        .status(0)
        .stdout_contains("\"posture\": \"lying-back\"")
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(json["regions"], serde_json::json!(["back", "knee"]));
    assert_eq!(json["equipment"], serde_json::json!(["towel"]));
}

#[test]
fn catalogue_lists_only_the_entries_of_a_region_position_and_equipment() {
    let args = [
        "--region",
        "back",
        "--position",
        "sitting",
        "--equipment",
        "chair",
    ];
    // Derived from the catalogue, so a new entry changes data, not tests.
    let builtin = rx::catalogue::builtin().expect("the built-in catalogue");
    let expected: Vec<&str> = builtin
        .entries()
        .iter()
        .filter(|e| {
            e.regions.contains(&rx::catalogue::Region::Back)
                && e.posture == Some(rx::catalogue::Posture::Sitting)
                && e.equipment.contains(&rx::catalogue::Equipment::Chair)
        })
        .map(|e| e.id.as_str())
        .collect();
    assert!(expected.contains(&"seated-lower-back-rotational-stretch"));
    let out = Test::new()
        .args(&[&["catalogue", "--format", "json"][..], &args].concat())
        .status(0)
        .stdout_contains("\"exercises\"")
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let ids: Vec<&str> = json["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids, expected);
    let out = Test::new()
        .args(&[&["catalogue"][..], &args].concat())
        .status(0)
        .stdout_starts_with(format!("Back ({})\nID ", expected.len()))
        .run();
    assert_eq!(
        out.stdout.lines().count(),
        2 + expected.len(),
        "{}",
        out.stdout
    );
    // Nothing matches: said plainly, not an empty table.
    Test::new()
        .args(&["catalogue", "--search", "xylophone"])
        .status(0)
        .stdout("no exercise matches\n")
        .run();
}

#[test]
fn catalogue_search_finds_a_word_in_names_aliases_and_region_words() {
    let out = Test::new()
        .args(&["catalogue", "--search", "Hamstring"])
        .status(0)
        .stdout_contains("towel-hamstring-stretch")
        .run();
    // Listed under each of its regions (the knee has other hamstring
    // exercises, the back none).
    assert!(out.stdout.starts_with("Knee ("), "{}", out.stdout);
    assert!(out.stdout.contains("\nBack (1)\n"), "{}", out.stdout);
    assert_eq!(
        out.stdout.matches("\ntowel-hamstring-stretch ").count(),
        2,
        "{}",
        out.stdout
    );
    // A region's word finds the region's entries; an alias finds its entry.
    let out = Test::new()
        .args(&["catalogue", "--search", "knee"])
        .status(0)
        .stdout_contains("towel-hamstring-stretch")
        .run();
    assert!(
        out.stdout.contains("knee-to-chest-stretch"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("\nbridge "), "{}", out.stdout);
    Test::new()
        .args(&["catalogue", "--search", "lower stomach"])
        .status(0)
        .stdout_contains("knee-to-chest-stretch")
        .run();
}

#[test]
fn catalogue_lists_in_the_language_asked_for() {
    Test::new()
        .args(&[
            "catalogue",
            "--language",
            "es",
            "--region",
            "knee",
            "--search",
            "muslo con una toalla",
        ])
        .status(0)
        .stdout(
            "Rodilla (1)\n\
             ID                       NOMBRE                                                      SERIES  REPETICIONES  SOSTENER (S)  CADA LADO  POR DÍA  POR SEMANA\n\
             towel-hamstring-stretch  Estiramiento de la parte de atrás del muslo con una toalla  1–3     2–3           20–60         sí         1–2      1–7\n",
        )
        .run();
    // A Spanish name is found in Spanish.
    Test::new()
        .args(&["catalogue", "--language", "es", "--search", "puente"])
        .status(0)
        .stdout_contains("bridge")
        .run();
}

#[test]
fn a_booklet_of_one_region_holds_only_that_regions_entries() {
    let knee = rx::catalogue::builtin()
        .expect("the built-in catalogue")
        .entries()
        .iter()
        .filter(|e| e.regions.contains(&rx::catalogue::Region::Knee))
        .count();
    let test = Test::new()
        .args(&[
            "catalogue",
            "--format",
            "pdf",
            "--region",
            "knee",
            "-o",
            "knee.pdf",
        ])
        .status(0)
        .stdout_satisfies("the knee's exercises", move |s| {
            s.ends_with(&format!(" pages, {knee} exercises\n"))
        });
    test.run();
    let text = crate::pdf::Pdf::open(&test.path("knee.pdf")).text();
    assert!(text.contains("Hamstring stretch with a towel"), "{text}");
    assert!(!text.contains("Bird dog"), "{text}");
    // No entry matching gives no empty booklet.
    Test::new()
        .args(&[
            "catalogue",
            "--format",
            "pdf",
            "--search",
            "xylophone",
            "-o",
            "none.pdf",
        ])
        .status(2)
        .stderr("rx: error: no exercise matches: the booklet would be empty\n")
        .run();
}

#[test]
fn catalogue_refuses_an_unknown_region_and_an_exercise_with_a_filter() {
    Test::new()
        .args(&["catalogue", "--region", "kne"])
        .status(2)
        .stderr_contains(
            "invalid value 'kne' for '--region <REGION>': unknown region \"kne\" (known: neck, shoulder, hip, knee, foot-ankle, back, balance)",
        )
        .run();
    Test::new()
        .args(&["catalogue", "bridge", "--region", "back"])
        .status(2)
        .stderr("rx: error: give an exercise to show, or --region, --position, --equipment or --search to list, not both\n")
        .run();
}

#[test]
fn catalogue_search_calf_finds_the_heel_raise_by_the_name_its_sources_print() {
    let out = Test::new()
        .args(&["catalogue", "--search", "calf"])
        .status(0)
        .stdout_contains("heel-raise-standing")
        .run();
    // Listed under each of its regions, foot and ankle before balance.
    let foot = out
        .stdout
        .find("Foot and ankle (")
        .expect("a foot and ankle group");
    let balance = out
        .stdout
        .find("Balance and falls (")
        .expect("a balance group");
    assert!(foot < balance, "{}", out.stdout);
    Test::new()
        .args(&[
            "catalogue",
            "--region",
            "balance",
            "--position",
            "standing",
            "--equipment",
            "chair",
        ])
        .status(0)
        .stdout_contains("heel-raise-standing")
        .run();
}
