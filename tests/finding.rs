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
