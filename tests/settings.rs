//! Clinic settings (`rx.toml`): where rx finds them, the order in
//! which plan values and command-line options override them, `rx config`,
//! the clinic on the sheet (logo, clinic block, contact line), and located
//! diagnostics for a bad settings file.

use crate::catalogue::CLINIC;
use crate::pdf::Pdf;
use crate::support::{PLAN, Test, plan_with, repo};

/// A clinic's settings as docs/settings.md's example writes them: every key
/// must work exactly as written.
const SETTINGS: &str = r#"[clinic]
name = "Riverside Physical Therapy"
address = "12 River Road, Springfield"
phone = "+1 555 0142"
email = "front.desk@riverside.example"
logo = "logo.png"                                        # relative to this file
videos = "https://videos.riverside.example/exercises/"  # + the exercise id
[prescriber]
name = "Dana Reyes, PT, DPT"
[defaults]
paper = "a4"
large_print = false
catalogue = "clinic-catalogue.toml"
"#;

/// `PLAN` without its `[prescriber]` table: the settings give it.
fn plan_without_prescriber() -> String {
    plan_with(
        "[prescriber]\nname = \"Dana Reyes, PT, DPT\"\nclinic = \"Riverside Physical Therapy\"\n",
        "",
    )
}

fn logo() -> Vec<u8> {
    std::fs::read(repo("examples/logo.png")).expect("the example logo")
}

/// A test folder holding the settings, their logo and catalogue.
fn clinic(settings: &str) -> Test {
    Test::new()
        .file("rx.toml", settings)
        .file("logo.png", logo())
        .file("clinic-catalogue.toml", CLINIC)
}

/// A4 is 595 x 842 points; letter 612 x 792.
fn width(test: &Test, pdf: &str) -> u32 {
    Pdf::open(&test.path(pdf)).page_size(1).0.round() as u32
}

/// Every text on the sheet with all whitespace removed, so a link broken
/// over lines reads whole.
/// The links the sheet prints, in order, each held to the link its
/// annotation opens (`support::printed_links`).
fn printed(pdf: &Pdf) -> Vec<String> {
    crate::support::printed_links(pdf)
        .into_iter()
        .map(|(text, uris)| {
            assert_eq!(
                uris,
                std::slice::from_ref(&text),
                "the printed link opens itself"
            );
            text
        })
        .collect()
}

#[test]
fn settings_are_found_from_a_parent_folder() {
    let test = clinic(SETTINGS)
        .file("visits/plan.toml", plan_without_prescriber())
        .in_folder("visits")
        .find_settings()
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ")
        .keeps_sources_note()
        .stderr("rx: note: settings from ../rx.toml (found from the current folder); catalogue from ../clinic-catalogue.toml ([defaults] catalogue in ../rx.toml)\n");
    test.run();
    let pdf = Pdf::open(&test.path("visits/plan.pdf"));
    let text = crate::pdf::flat(&pdf.text());
    assert!(text.contains("Dana Reyes, PT, DPT"), "{text}");
    assert!(text.contains("12 River Road, Springfield"), "{text}");
    assert_eq!(
        width(&test, "visits/plan.pdf"),
        595,
        "[defaults] paper = \"a4\""
    );
    // The video base URL + the exercise id, for an exercise without its own.
    assert!(
        printed(&pdf).contains(&"https://videos.riverside.example/exercises/bridge".to_owned()),
        "{text}"
    );
}

#[test]
fn config_option_and_rx_config_variable_name_the_settings_file() {
    let moved = SETTINGS.replace("logo = \"logo.png\"", "logo = \"../logo.png\"");
    let test = Test::new()
        .file("logo.png", logo())
        .file("clinic-catalogue.toml", CLINIC)
        .file(
            "conf/clinic.toml",
            moved.replace("\"clinic-catalogue", "\"../clinic-catalogue"),
        )
        .file("conf/logo.png", logo())
        .file("plan.toml", plan_without_prescriber());
    // The logo is confined to the settings file's folder.
    test.in_same_folder()
        .args(&["--config", "conf/clinic.toml", "check", "plan.toml"])
        .status(1)
        .stderr_contains("error[RX0107]: logo `../logo.png` is outside the settings file's folder")
        .stderr_contains(" --> conf/clinic.toml:6:8\n")
        .run();
    let test = Test::new()
        .file(
            "conf/clinic.toml",
            SETTINGS.replace("\"clinic-catalogue", "\"../clinic-catalogue"),
        )
        .file("conf/logo.png", logo())
        .file("clinic-catalogue.toml", CLINIC)
        .file("plan.toml", plan_without_prescriber());
    test.in_same_folder()
        .args(&[
            "build",
            "--config",
            "conf/clinic.toml",
            "plan.toml",
            "-o",
            "a.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote a.pdf: ")
        .run();
    assert_eq!(width(&test, "a.pdf"), 595);
    test.in_same_folder()
        .env("RX_CONFIG", "conf/clinic.toml")
        .args(&["build", "plan.toml", "-o", "b.pdf"])
        .status(0)
        .stdout_starts_with("wrote b.pdf: ")
        .keeps_sources_note()
        .stderr("rx: note: settings from conf/clinic.toml (RX_CONFIG); catalogue from conf/../clinic-catalogue.toml ([defaults] catalogue in conf/clinic.toml)\n")
        .run();
    assert_eq!(width(&test, "b.pdf"), 595);
    // `--no-config` ignores RX_CONFIG: the plan then lacks its prescriber.
    test.in_same_folder()
        .env("RX_CONFIG", "conf/clinic.toml")
        .args(&["check", "--no-config", "plan.toml"])
        .status(1)
        .stdout("plan.toml: invalid, 1 error\n")
        .stderr_contains("error[RX0106]: missing prescriber name")
        .run();
    // A settings file that is not there is an error, not "no settings".
    test.in_same_folder()
        .args(&["check", "--config", "none.toml", "plan.toml"])
        .status(2)
        .stderr_starts_with("rx: error: ")
        .stderr_contains("none.toml")
        .run();
}

#[test]
fn plan_values_override_settings_and_options_override_both() {
    let plan = plan_with("[plan]\n", "[plan]\npaper = \"letter\"\n")
        .replace("Dana Reyes, PT, DPT", "Sam Okafor, PT");
    let test = clinic(SETTINGS).file("plan.toml", plan);
    // The plan's paper and prescriber win over the settings'.
    test.in_same_folder()
        .args(&[
            "build",
            "--config",
            "rx.toml",
            "plan.toml",
            "-o",
            "plan.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote plan.pdf")
        .run();
    assert_eq!(width(&test, "plan.pdf"), 612);
    let text = Pdf::open(&test.path("plan.pdf")).text();
    assert!(text.contains("Sam Okafor, PT"), "{text}");
    assert!(!text.contains("Dana Reyes"), "{text}");
    // `--paper` wins over the plan's.
    test.in_same_folder()
        .args(&[
            "build",
            "--config",
            "rx.toml",
            "plan.toml",
            "--paper",
            "a4",
            "-o",
            "a4.pdf",
        ])
        .status(0)
        .stdout_starts_with("wrote a4.pdf")
        .run();
    assert_eq!(width(&test, "a4.pdf"), 595);
    // `[defaults] catalogue` is used, and `--catalogue` wins over it.
    let wall = format!("{PLAN}\n[[exercise]]\nname = \"wall sit\"\nreps = 3\n");
    test.in_same_folder()
        .file("wall.toml", &wall)
        .args(&["check", "--config", "rx.toml", "wall.toml"])
        .status(0)
        .stdout("wall.toml: ok, 3 exercises\n")
        .run();
    test.in_same_folder()
        .file("other.toml", "[sources.x]\ntitle = \"x\"\n")
        .args(&[
            "check",
            "--config",
            "rx.toml",
            "--catalogue",
            "other.toml",
            "wall.toml",
        ])
        .status(1)
        .stdout("wall.toml: invalid, 1 error\n")
        .stderr_contains("error[RX0201]: unknown exercise \"wall sit\"")
        .run();
}

#[test]
fn a_plan_video_wins_over_the_settings_base_url() {
    let plan = plan_with(
        "per_day = 1\n",
        "per_day = 1\nvideo = \"https://youtu.example/own\"\n",
    );
    let test = clinic(SETTINGS)
        .file("plan.toml", plan)
        .args(&["build", "--config", "rx.toml", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    assert_eq!(
        printed(&Pdf::open(&test.path("plan.pdf"))),
        [
            "https://youtu.example/own",
            "https://videos.riverside.example/exercises/knee-to-chest-stretch"
        ]
    );
}

#[test]
fn the_sheet_shows_the_logo_clinic_block_and_contact_line() {
    let test = clinic(SETTINGS)
        .file("plan.toml", plan_without_prescriber())
        .args(&["build", "--config", "rx.toml", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    let logos: Vec<_> = pdf.images().into_iter().filter(|i| i.page == 1).collect();
    assert_eq!(logos.len(), 1, "{logos:?}");
    assert_eq!((logos[0].width, logos[0].height), (240, 90));
    let page1 = crate::pdf::flat(&pdf.page_text(1));
    for line in [
        "Riverside Physical Therapy",
        "12 River Road, Springfield",
        "Phone +1 555 0142 ·",
        "front.desk@riverside.example",
    ] {
        assert!(page1.contains(line), "{line:?} not on page 1: {page1}");
    }
    let text = crate::pdf::flat(&pdf.text());
    assert!(
        text.contains(
            "Questions? Call Riverside Physical Therapy at +1 555 0142, or e-mail front.desk@riverside.example."
        ),
        "{text}"
    );
}

/// With the clinic in the header, page 1 prints each of the clinic's and
/// the prescriber's fields once: the clinic's name and phone are not
/// repeated by a plain header line above a clinic block.
#[test]
fn the_clinic_header_prints_each_field_once() {
    let test = clinic(SETTINGS)
        .file("plan.toml", plan_without_prescriber())
        .args(&["build", "--config", "rx.toml", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    let page1 = crate::pdf::flat(&pdf.page_text(1));
    // The contact line, a sentence after the exercises, names the clinic
    // and its phone on purpose: the header and clinic column print them
    // once beside it.
    let contact = "Questions? Call Riverside Physical Therapy at +1 555 0142, or e-mail front.desk@riverside.example.";
    let page1 = page1.replace(contact, "");
    for field in [
        "Riverside Physical Therapy",
        "12 River Road, Springfield",
        "+1 555 0142",
        "front.desk@riverside.example",
        "Dana Reyes, PT, DPT",
    ] {
        assert_eq!(
            page1.matches(field).count(),
            1,
            "{field:?} on page 1: {page1}"
        );
    }
}

#[test]
fn safety_lines_are_added_or_replaced() {
    let add = format!("{SETTINGS}[safety]\nadd = [\"Drink a glass of water afterwards.\"]\n");
    let test = clinic(&add)
        .file("plan.toml", PLAN)
        .args(&["build", "--config", "rx.toml", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    let text = crate::pdf::flat(&Pdf::open(&test.path("plan.pdf")).text());
    assert!(
        text.contains("Drink a glass of water afterwards."),
        "{text}"
    );
    assert!(
        text.contains("If a stretch hurts, stop doing it."),
        "{text}"
    );
    let replace = format!("{SETTINGS}[safety]\nreplace = [\"Call us if anything hurts.\"]\n");
    let test = clinic(&replace)
        .file("plan.toml", PLAN)
        .args(&["build", "--config", "rx.toml", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    let text = crate::pdf::flat(&Pdf::open(&test.path("plan.pdf")).text());
    assert!(text.contains("Call us if anything hurts."), "{text}");
    assert!(
        !text.contains("If a stretch hurts, stop doing it."),
        "{text}"
    );
}

#[test]
fn rx_config_says_where_each_setting_came_from() {
    clinic(SETTINGS)
        .find_settings()
        .args(&["config"])
        .status(0)
        .stdout(
            r#"# settings file: rx.toml (found from the current folder)
clinic.name = "Riverside Physical Therapy"                    # rx.toml:2
clinic.address = "12 River Road, Springfield"                 # rx.toml:3
clinic.phone = "+1 555 0142"                                  # rx.toml:4
clinic.email = "front.desk@riverside.example"                 # rx.toml:5
clinic.website                                                # not set
clinic.logo = "logo.png"                                      # rx.toml:6
clinic.videos = "https://videos.riverside.example/exercises/"  # rx.toml:7
prescriber.name = "Dana Reyes, PT, DPT"                       # rx.toml:9
defaults.paper = "a4"                                         # rx.toml:11
defaults.large_print = false                                  # rx.toml:12
defaults.language = "en"                                      # built-in default
defaults.minutes_a_day = 60                                   # built-in default
defaults.catalogue = "clinic-catalogue.toml"                  # rx.toml:13
defaults.pdfa = true                                          # built-in default
safety.add                                                    # not set
safety.replace                                                # not set
fonts                                                         # not set
"#,
        )
        .run();
    Test::new()
        .args(&["config", "--catalogue", "mine.toml"])
        .status(0)
        .stdout(
            r#"# settings file: none (RX_CONFIG is empty)
clinic.name                       # not set
clinic.address                    # not set
clinic.phone                      # not set
clinic.email                      # not set
clinic.website                    # not set
clinic.logo                       # not set
clinic.videos                     # not set
prescriber.name                   # not set
defaults.paper = "letter"         # built-in default
defaults.large_print = false      # built-in default
defaults.language = "en"          # built-in default
defaults.minutes_a_day = 60       # built-in default
defaults.catalogue = "mine.toml"  # command line
defaults.pdfa = true              # built-in default
safety.add                        # not set
safety.replace                    # not set
fonts                             # not set
"#,
        )
        .run();
    clinic(SETTINGS)
        .args(&["config", "--config", "rx.toml", "--format", "json"])
        .status(0)
        .stdout_contains("  \"file\": \"rx.toml\",\n  \"how\": \"rx.toml (--config)\",\n")
        .stdout_contains(
            "      \"key\": \"defaults.paper\",\n      \"value\": \"a4\",\n      \"from\": \"file\",\n      \"file\": \"rx.toml\",\n      \"line\": 11\n",
        )
        .run();
}

#[test]
fn a_bad_settings_file_gets_located_diagnostics() {
    let bad = SETTINGS
        .replace("phone = ", "phon = ")
        .replace("large_print = false", "large_print = \"no\"")
        .replace("paper = \"a4\"", "paper = \"legal\"");
    let expected = r#"error[RX0104]: unknown key `phon` in [clinic]
 --> rx.toml:4:1
  |
4 | phon = "+1 555 0142"
  | ^^^^ not a known key
  = help: did you mean `phone`?

error[RX0107]: unknown paper size "legal"
  --> rx.toml:11:9
   |
11 | paper = "legal"
   |         ^^^^^^^
   = help: use "letter" or "a4"

error[RX0105]: `large_print` must be true or false, not a string
  --> rx.toml:12:15
   |
12 | large_print = "no"
   |               ^^^^ expected true or false

"#;
    let test = clinic(&bad).file("plan.toml", PLAN);
    for command in [
        &["config"][..],
        &["check", "plan.toml"],
        &["build", "plan.toml"],
    ] {
        test.in_same_folder()
            .find_settings()
            .args(command)
            .status(1)
            .stderr(expected)
            .run();
    }
    assert!(!test.path("plan.pdf").exists());
}

#[test]
fn a_csv_batch_uses_the_settings() {
    let csv = "patient_id,patient_name,issued,review,exercise\nA1,Ann Lee,2026-11-22,2026-12-06,bridge\nB2,Bo Chan,2026-11-22,2026-12-06,wall sit\n";
    let test = clinic(SETTINGS)
        .file("plans.csv", csv)
        .find_settings()
        .args(&["build", "plans.csv", "-o", "out"])
        .status(0)
        .stdout("built 2 of 2 patients, skipped 0; written to out\n")
        .keeps_sources_note()
        .stderr("rx: note: settings from rx.toml (found from the current folder); catalogue from clinic-catalogue.toml ([defaults] catalogue in rx.toml)\n");
    test.run();
    let sheets: Vec<_> = std::fs::read_dir(test.path("out"))
        .expect("the sheets' folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert_eq!(sheets.len(), 2, "{sheets:?}");
    for sheet in sheets {
        let pdf = Pdf::open(&sheet);
        assert_eq!(
            pdf.page_size(1).0.round() as u32,
            595,
            "{}",
            sheet.display()
        );
        let text = crate::pdf::flat(&pdf.text());
        assert!(text.contains("Dana Reyes, PT, DPT"), "{text}");
        assert!(
            text.contains("Questions? Call Riverside Physical Therapy"),
            "{text}"
        );
    }
}

#[test]
fn a_logo_over_its_cap_or_not_a_picture_is_refused() {
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(1024 * 1024 + 1, 0);
    let test = clinic(SETTINGS)
        .file("logo.png", big)
        .file("plan.toml", PLAN);
    test.in_same_folder()
        .args(&["check", "--config", "rx.toml", "plan.toml"])
        .status(1)
        .stderr(
            r#"error[RX0107]: logo `logo.png` is 1025 KB; a logo may be at most 1024 KB
 --> rx.toml:6:8
  |
6 | logo = "logo.png"                                        # relative to this file
  |        ^^^^^^^^^^ the clinic's logo, a PNG or JPEG file

"#,
        )
        .run();
    test.in_same_folder()
        .file("logo.png", "not a picture")
        .args(&[
            "check",
            "--config",
            "rx.toml",
            "plan.toml",
            "--format",
            "json",
        ])
        .status(1)
        .stdout_contains("\"message\": \"logo `logo.png` is not a PNG or JPEG file\"")
        .stdout_contains("\"file\": \"rx.toml\",\n    \"line\": 6,")
        .run();
}

#[test]
fn a_clinic_catalogue_video_wins_over_the_settings_base_url() {
    let catalogue = CLINIC.replace(
        "per_side = {",
        "video = \"https://clinic.example/v/wall\"\nper_side = {",
    );
    let plan = format!("{PLAN}\n[[exercise]]\nname = \"wall sit\"\nreps = 3\n");
    let test = clinic(SETTINGS)
        .file("clinic-catalogue.toml", catalogue)
        .file("plan.toml", plan)
        .args(&["build", "--config", "rx.toml", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    let links = printed(&Pdf::open(&test.path("plan.pdf")));
    assert!(
        links.iter().any(|l| l == "https://clinic.example/v/wall"),
        "{links:?}"
    );
    assert!(
        !links.iter().any(|l| l.ends_with("exercises/wall-sit")),
        "{links:?}"
    );
    assert!(
        links.iter().any(|l| l.ends_with("exercises/bridge")),
        "{links:?}"
    );
    // A catalogue video that is not a link is a located catalogue error.
    test.in_same_folder()
        .file("clinic-catalogue.toml", CLINIC.replace("per_side = {", "video = \"wall.mp4\"\nper_side = {"))
        .args(&["check", "--config", "rx.toml", "plan.toml"])
        .status(1)
        .stderr_contains("error[RX0107]: `video` is not a web link rx can print: \"wall.mp4\"\n  --> clinic-catalogue.toml:")
        .run();
}

/// The SHA-256 of a test file, as the report gives it.
fn sha256(test: &Test, name: &str) -> String {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(test.path(name)).expect("the file");
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_build_names_the_settings_file_and_catalogue_it_found() {
    let test = clinic(SETTINGS)
        .file("visits/plan.toml", plan_without_prescriber())
        .in_folder("visits")
        .find_settings()
        .args(&["build", "plan.toml", "--format", "json"])
        .status(0)
        .stdout_satisfies("is the JSON report", |o| o.starts_with('{'));
    let report = test.run().stdout;
    let report: serde_json::Value = serde_json::from_str(&report).expect("the JSON report");
    assert_eq!(
        report["settings"],
        serde_json::json!({
            "path": "../rx.toml",
            "how": "found from the current folder",
            "sha256": sha256(&test, "rx.toml"),
        })
    );
    assert_eq!(
        report["catalogue"],
        serde_json::json!({
            "path": "../clinic-catalogue.toml",
            "how": "[defaults] catalogue in ../rx.toml",
            "sha256": sha256(&test, "clinic-catalogue.toml"),
        })
    );
    // `rx check` says it on stderr too; files named on the command line
    // are not repeated back.
    test.in_same_folder()
        .args(&["check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 2 exercises\n")
        .keeps_sources_note()
        .stderr("rx: note: settings from ../rx.toml (found from the current folder); catalogue from ../clinic-catalogue.toml ([defaults] catalogue in ../rx.toml)\n")
        .run();
    test.in_same_folder()
        .args(&["--config", "../rx.toml", "check", "plan.toml"])
        .status(0)
        .stdout("plan.toml: ok, 2 exercises\n")
        .run();
}

#[cfg(unix)]
#[test]
fn a_settings_file_or_catalogue_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let test = clinic(SETTINGS)
        .file("visits/plan.toml", plan_without_prescriber())
        .in_folder("visits")
        .find_settings();
    let open_to_all = |name: &str| {
        std::fs::set_permissions(test.path(name), std::fs::Permissions::from_mode(0o666))
            .expect("chmod");
    };
    open_to_all("rx.toml");
    test.in_same_folder()
        .args(&["build", "plan.toml"])
        .status(2)
        .stderr("rx: error: refusing the settings file ../rx.toml: other users can write it (mode 0666), so any of them could change every sheet; `chmod o-w` it if its contents are yours\n")
        .run();
    assert!(!test.path("visits/plan.pdf").exists());
    std::fs::set_permissions(test.path("rx.toml"), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    open_to_all("clinic-catalogue.toml");
    test.in_same_folder()
        .args(&["build", "plan.toml", "--format", "json"])
        .status(2)
        .stdout_contains("\"code\": \"RX0110\"")
        .stdout_contains("refusing the clinic catalogue ../clinic-catalogue.toml: other users can write it (mode 0666)")
        .run();
    assert!(!test.path("visits/plan.pdf").exists());
}

/// Another user's file can be made only as root; elsewhere the rule is
/// tested on its own (`files::trust`).
#[cfg(unix)]
#[test]
fn a_settings_file_of_another_user_is_refused() {
    let test = clinic(SETTINGS)
        .file("visits/plan.toml", plan_without_prescriber())
        .in_folder("visits")
        .find_settings();
    if std::os::unix::fs::chown(test.path("rx.toml"), Some(4242), None).is_err() {
        eprintln!("skipped: only root can give a file to another user");
        return;
    }
    test.in_same_folder()
        .args(&["check", "plan.toml"])
        .status(2)
        .stderr_satisfies("names the file and its owner", |e| {
            e.starts_with("rx: error: refusing the settings file ../rx.toml: it belongs to user 4242, not to you (user ")
        })
        .run();
}

#[test]
fn the_settings_search_stops_at_home_and_at_a_git_work_tree() {
    // A settings file above the home folder, or above a repository, that
    // would make every plan invalid (no clinic catalogue there).
    let above = "[defaults]\ncatalogue = \"missing.toml\"\n";
    let test = Test::new()
        .file("rx.toml", above)
        .file("home/visits/plan.toml", PLAN)
        .file("repo/.git/HEAD", "ref: refs/heads/main\n")
        .file("repo/visits/plan.toml", PLAN)
        .find_settings();
    let home = test.path("home");
    let home = home.to_str().expect("a UTF-8 path");
    for folder in ["home/visits", "repo/visits"] {
        test.in_same_folder()
            .in_folder(folder)
            .env("HOME", home)
            .args(&["check", "plan.toml"])
            .status(0)
            .stdout("plan.toml: ok, 2 exercises\n")
            .run();
    }
}

#[cfg(unix)]
#[test]
fn a_broken_rx_toml_met_on_the_way_up_is_an_error_naming_it() {
    let test = Test::new()
        .file("visits/plan.toml", PLAN)
        .in_folder("visits")
        .find_settings();
    std::os::unix::fs::symlink("gone.toml", test.path("rx.toml")).expect("symlink");
    let home = test.dir().to_str().expect("a UTF-8 path").to_owned();
    test.in_same_folder()
        .env("HOME", &home)
        .args(&["check", "plan.toml"])
        .status(2)
        .stderr("rx: error: cannot read ../rx.toml: no such file or folder (the settings file, found from the current folder; --no-config uses none)\n")
        .run();
    std::fs::remove_file(test.path("rx.toml")).expect("rm");
    let made = std::process::Command::new("mkfifo")
        .arg(test.path("rx.toml"))
        .status();
    if made.is_ok_and(|s| s.success()) {
        test.in_same_folder()
            .env("HOME", &home)
            .args(&["check", "plan.toml"])
            .status(2)
            .stderr("rx: error: ../rx.toml is not a regular file (a device, pipe or socket); rx reads only files (the settings file, found from the current folder; --no-config uses none)\n")
            .run();
    }
}

#[test]
fn a_build_names_a_settings_file_and_catalogue_given_on_the_command_line_too() {
    clinic(SETTINGS)
        .file("plan.toml", crate::support::PLAN)
        .args(&[
            "--config",
            "rx.toml",
            "--catalogue",
            "clinic-catalogue.toml",
            "check",
            "plan.toml",
        ])
        .status(0)
        .stdout_starts_with("plan.toml: ok")
        .keeps_sources_note()
        .stderr_starts_with(
            "rx: note: settings from rx.toml (--config); catalogue from clinic-catalogue.toml (--catalogue)\n",
        )
        .run();
}
