//! `rx serve`: the editor's HTTP API and its safety rules, driven over a
//! raw `TcpStream` against the real binary (no browser, no HTTP client
//! crate). Each test starts its own server on a free loopback port in a
//! temporary folder and stops it with SIGTERM.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::{EPOCH, Serving, file_names, serve_command};

/// A running `rx serve` in its temporary folder.
struct Served {
    server: Serving,
    port: u16,
    token: String,
    dir: tempfile::TempDir,
}

/// An HTTP answer.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The error code of a refusal, which every error carries.
    fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .expect("an error with a code")
            .to_owned()
    }
}

impl Served {
    fn start() -> Served {
        Served::start_in(tempfile::tempdir().expect("a temp dir"), None)
    }

    /// A server started in `dir`; with `folder`, `rx serve FOLDER` from
    /// `dir` with no settings file chosen (it is looked for from FOLDER).
    fn start_in(dir: tempfile::TempDir, folder: Option<&str>) -> Served {
        Served::start_with(dir, folder, &[])
    }

    /// As `start_in`, with `global` arguments before `serve`
    /// (`--catalogue FILE`).
    fn start_with(dir: tempfile::TempDir, folder: Option<&str>, global: &[&str]) -> Served {
        let given = std::ffi::OsStr::new(folder.unwrap_or("."));
        let mut command = serve_command(dir.path(), global, &[given]);
        if folder.is_some() {
            command.env_remove("RX_CONFIG");
        }
        let server = Serving::start(command);
        Served {
            port: server.port,
            token: server.token.clone(),
            server,
            dir,
        }
    }

    fn folder(&self) -> &Path {
        self.dir.path()
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn cookie(&self) -> String {
        format!("rx_token={}", self.token)
    }

    /// Send `head` (request line and headers, no blank line) and `body`.
    fn raw(&self, head: &str, body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("a timeout");
        let mut request = format!("{head}\r\nConnection: close\r\n");
        if !body.is_empty() {
            request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).expect("sent");
        let _ = stream.write_all(body);
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&bytes)));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status");
        Answer {
            status,
            head,
            body: bytes[split + 4..].to_vec(),
        }
    }

    fn get(&self, path: &str) -> Answer {
        self.raw(
            &format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}",
                self.host(),
                self.cookie()
            ),
            b"",
        )
    }

    fn post(&self, path: &str, body: &serde_json::Value) -> Answer {
        self.raw(
            &format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: http://{}\r\nContent-Type: application/json",
                self.host(),
                self.cookie(),
                self.host()
            ),
            body.to_string().as_bytes(),
        )
    }

    /// SIGTERM, and the exit status once it has stopped, with the folder.
    fn stop(self) -> (std::process::ExitStatus, tempfile::TempDir) {
        (self.server.stop(), self.dir)
    }
}

/// A valid plan as the page sends it, its bridge at `reps`.
fn plan(reps: &str) -> serde_json::Value {
    serde_json::json!({
        "patient": {"name": "Ana Díaz", "id": "MRN-1"},
        "prescriber": {"name": "Dana Reyes, PT"},
        "plan": {"issued": "2026-11-22", "weeks": "2"},
        "exercises": [
            {"name": "bridge", "reps": reps},
            {"name": "clamshell"},
        ],
    })
}

fn rx(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(args)
        .current_dir(dir)
        .env("RX_CONFIG", "")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("rx runs")
}

#[cfg(target_os = "linux")]
#[test]
fn serve_listens_on_the_loopback_address_only() {
    let served = Served::start();
    // /proc/net/tcp lists each listening socket (state 0A) by its local
    // address in hex: 0100007F is 127.0.0.1.
    let table = std::fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp");
    let port = format!(":{:04X}", served.port);
    let listening: Vec<&str> = table
        .lines()
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.get(3) == Some(&"0A") && cols[1].ends_with(&port)).then_some(cols[1])
        })
        .collect();
    assert_eq!(listening, [format!("0100007F{port}")]);
    let v6 = std::fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
    assert!(!v6.lines().any(|l| {
        l.split_whitespace()
            .nth(1)
            .is_some_and(|a| a.ends_with(&port))
    }));
}

#[test]
fn serve_requires_the_token_then_carries_it_in_a_strict_http_only_cookie() {
    let served = Served::start();
    let host = served.host();
    let none = served.raw(&format!("GET /api/info HTTP/1.1\r\nHost: {host}"), b"");
    assert_eq!((none.status, none.code().as_str()), (403, "RX0801"));
    // The token with its first digit changed.
    let first_digit = if served.token.starts_with('0') {
        '1'
    } else {
        '0'
    };
    let wrong = served.raw(
        &format!(
            "GET /api/info HTTP/1.1\r\nHost: {host}\r\nCookie: rx_token={first_digit}{}",
            &served.token[1..]
        ),
        b"",
    );
    assert_eq!((wrong.status, wrong.code().as_str()), (403, "RX0801"));
    let first = served.raw(
        &format!("GET /?token={} HTTP/1.1\r\nHost: {host}", served.token),
        b"",
    );
    assert_eq!(first.status, 303, "{}", first.head);
    let cookie = first
        .head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .expect("a cookie");
    assert!(cookie.contains(&served.cookie()), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let page = served.get("/");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("<h1>rx plan editor</h1>"));
    assert_eq!(served.get("/api/info").status, 200);
}

#[test]
fn serve_refuses_another_host_or_origin_even_with_the_token() {
    let served = Served::start();
    let cookie = served.cookie();
    let rebound = served.raw(
        &format!(
            "GET /api/info HTTP/1.1\r\nHost: evil.example:{}\r\nCookie: {cookie}",
            served.port
        ),
        b"",
    );
    assert_eq!((rebound.status, rebound.code().as_str()), (403, "RX0801"));
    let body = serde_json::json!({"plan": plan("10"), "file": "x.toml"}).to_string();
    let foreign = served.raw(
        &format!(
            "POST /api/save HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nOrigin: http://evil.example",
            served.host()
        ),
        body.as_bytes(),
    );
    assert_eq!((foreign.status, foreign.code().as_str()), (403, "RX0801"));
    assert!(!served.folder().join("x.toml").exists());
}

#[test]
fn serve_never_reads_or_writes_outside_its_folder_links_included() {
    let served = Served::start();
    let outside = tempfile::tempdir().expect("a temp dir");
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, "[patient]\nname = \"Secret\"\n").expect("written");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, served.folder().join("link.toml")).expect("a link");
        std::os::unix::fs::symlink(outside.path(), served.folder().join("out")).expect("a link");
    }
    let mut names = vec![
        "../secret.toml".to_owned(),
        secret.display().to_string(),
        "link.toml".to_owned(),
        "out/secret.toml".to_owned(),
    ];
    names.push(format!(
        "../{}/secret.toml",
        outside.path().file_name().unwrap().to_string_lossy()
    ));
    for name in &names {
        let query: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
        let opened = served.get(&format!("/api/open?file={query}"));
        assert_eq!(
            (opened.status, opened.code().as_str()),
            (403, "RX0802"),
            "{name}"
        );
        assert!(!String::from_utf8_lossy(&opened.body).contains("Secret"));
    }
    for name in [
        "../new.toml",
        "link.toml",
        "out/new.toml",
        "/tmp/rx-serve-new.toml",
    ] {
        let saved = served.post(
            "/api/save",
            &serde_json::json!({"plan": plan("10"), "file": name, "overwrite": true}),
        );
        assert_eq!(
            (saved.status, saved.code().as_str()),
            (403, "RX0802"),
            "{name}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&secret).expect("readable"),
        "[patient]\nname = \"Secret\"\n"
    );
    assert_eq!(file_names(outside.path()), ["secret.toml"]);
    assert!(!Path::new("/tmp/rx-serve-new.toml").exists());
}

#[test]
fn serve_refuses_a_request_body_over_its_cap() {
    let served = Served::start();
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nContent-Length: 3000000",
        served.host(),
        served.cookie()
    );
    // The length alone refuses it: no byte of the body is sent.
    let mut stream = TcpStream::connect(("127.0.0.1", served.port)).expect("connects");
    stream
        .write_all(format!("{head}\r\nConnection: close\r\n\r\n").as_bytes())
        .expect("sent");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("\"RX0803\""), "{text}");
}

#[test]
fn serve_answers_unknown_routes_and_bad_bodies_with_json_errors() {
    let served = Served::start();
    let missing = served.get("/etc/passwd");
    assert_eq!((missing.status, missing.code().as_str()), (404, "RX0804"));
    let method = served.get("/api/check");
    assert_eq!((method.status, method.code().as_str()), (405, "RX0804"));
    let bad = served.post("/api/check", &serde_json::json!({"plan": {"patient": 3}}));
    assert_eq!((bad.status, bad.code().as_str()), (400, "RX0805"));
    let figure = served.get("/api/figure/nothing-like-it.svg");
    assert_eq!((figure.status, figure.code().as_str()), (404, "RX0804"));
}

#[test]
fn serve_stops_on_sigterm_leaving_nothing_behind() {
    let served = Served::start();
    let saved = served.post(
        "/api/build",
        &serde_json::json!({"plan": plan("10"), "file": "ana.toml"}),
    );
    assert_eq!(
        saved.status,
        200,
        "{}",
        String::from_utf8_lossy(&saved.body)
    );
    assert_eq!(
        served
            .post("/api/preview", &serde_json::json!({"plan": plan("10")}))
            .status,
        200
    );
    let (status, dir) = served.stop();
    assert!(status.success(), "{status:?}");
    assert_eq!(file_names(dir.path()), ["ana.pdf", "ana.toml"]);
}

/// The editor's diagnostics are `rx check --format json`'s for the saved
/// TOML, each tied to its field; the fixed plan's preview is the PDF
/// `rx build` writes from the saved file.
#[test]
fn the_editor_checks_as_rx_check_and_previews_the_pdf_rx_build_writes() {
    let served = Served::start();
    let catalogue = rx(served.folder(), &["catalogue", "--format", "json"]);
    let entries: serde_json::Value =
        serde_json::from_slice(&catalogue.stdout).expect("the catalogue as JSON");
    let bridge = entries["exercises"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["id"] == "bridge"))
        .expect("bridge in the catalogue");
    let max = bridge["limits"]["reps"]["max"]
        .as_u64()
        .expect("a reps limit");
    let beyond = (max + 1).to_string();

    let body = serde_json::json!({"plan": plan(&beyond), "file": "ana.toml"});
    let checked = served.post("/api/check", &body).json();
    assert_eq!(checked["valid"], false);
    let diagnostics = checked["diagnostics"].as_array().expect("diagnostics");
    let at_reps: Vec<&serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d["field"] == "exercise.0.reps")
        .collect();
    assert_eq!(at_reps.len(), 1, "{checked}");
    assert_eq!(at_reps[0]["code"], "RX0203");
    let refused = served.post("/api/preview", &body);
    assert_eq!(refused.status, 422);

    let saved = served.post("/api/save", &body);
    assert_eq!(saved.status, 200);
    let check = rx(served.folder(), &["check", "--format", "json", "ana.toml"]);
    let mut from_check: serde_json::Value =
        serde_json::from_slice(&check.stdout).expect("rx check's JSON");
    // rx check's JSON, plus what the page shows beside it.
    let mut from_editor = checked["diagnostics"].clone();
    for d in from_editor.as_array_mut().expect("an array") {
        let d = d.as_object_mut().expect("an object");
        for key in ["field", "shown", "editor_help"] {
            d.remove(key);
        }
    }
    assert_eq!(from_editor, std::mem::take(&mut from_check));

    let fixed = serde_json::json!({"plan": plan(&max.to_string()), "file": "ana.toml"});
    let preview = served.post("/api/preview", &fixed);
    assert_eq!(preview.status, 200);
    assert!(preview.body.starts_with(b"%PDF-"));
    let saved = served.post(
        "/api/save",
        &serde_json::json!({"plan": plan(&max.to_string()), "file": "ana.toml", "overwrite": true}),
    );
    assert_eq!(saved.status, 200);
    let check = rx(served.folder(), &["check", "ana.toml"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = rx(served.folder(), &["build", "ana.toml", "-o", "built.pdf"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let built = std::fs::read(served.folder().join("built.pdf")).expect("the built sheet");
    assert!(
        built == preview.body,
        "rx build's PDF differs from the preview"
    );
}

#[test]
fn saving_never_replaces_a_file_without_the_overwrite_flag() {
    let served = Served::start();
    let path: PathBuf = served.folder().join("ana.toml");
    std::fs::write(&path, "# the therapist's own file\n").expect("written");
    let body = serde_json::json!({"plan": plan("10"), "file": "ana.toml"});
    let refused = served.post("/api/save", &body);
    assert_eq!((refused.status, refused.code().as_str()), (409, "RX0603"));
    assert_eq!(
        std::fs::read_to_string(&path).expect("readable"),
        "# the therapist's own file\n"
    );
    let body = serde_json::json!({"plan": plan("10"), "file": "ana.toml", "overwrite": true});
    assert_eq!(served.post("/api/save", &body).status, 200);
    assert!(
        std::fs::read_to_string(&path)
            .expect("readable")
            .contains("name = \"bridge\"")
    );
}

/// The library finds what `rx catalogue`'s filters find, each with its
/// figure as SVG.
#[test]
fn the_library_searches_and_filters_as_rx_catalogue_with_svg_figures() {
    let served = Served::start();
    let listed = rx(
        served.folder(),
        &["catalogue", "--region", "knee", "--format", "json"],
    );
    let knee: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    let want: Vec<&str> = knee["exercises"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["id"].as_str().expect("an id"))
        .collect();
    assert!(!want.is_empty());
    let found = served.get("/api/library?region=knee").json();
    let got: Vec<&str> = found["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|e| e["id"].as_str().expect("an id"))
        .collect();
    assert_eq!(got, want);
    let bridge = served.get("/api/library?q=bridge").json();
    let first = &bridge["results"][0];
    assert_eq!(first["id"], "bridge");
    let figure = served.get(first["figure"].as_str().expect("a figure"));
    assert_eq!(figure.status, 200);
    assert!(figure.head.contains("image/svg+xml"));
    assert!(
        figure
            .body
            .starts_with(b"<svg xmlns=\"http://www.w3.org/2000/svg\"")
    );
}

/// An exercise added in the editor starts at the dose `rx new` writes for
/// it, and names that dose's source.
#[test]
fn an_added_exercise_starts_at_rx_news_dose_and_names_its_source() {
    let served = Served::start();
    let new = rx(served.folder(), &["new", "-", "--exercise", "bridge"]);
    let text = String::from_utf8_lossy(&new.stdout);
    let added = served.get("/api/exercise?name=bridge").json();
    assert!(
        added["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("Recommended dose, from “")),
        "{added}"
    );
    let mut compared = 0;
    for line in text
        .lines()
        .skip_while(|l| !l.starts_with("name = \"bridge\""))
        .skip(1)
    {
        let Some((key, rest)) = line.split_once(" = ") else {
            continue;
        };
        let value = rest
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        assert_eq!(added["fields"][key.trim()], value, "{key}");
        compared += 1;
    }
    assert!(compared >= 2, "{text}");
}

/// A reason given in the editor for a dose past its limit is written as the
/// plan's `exceed`: the error becomes `rx check`'s warning, kept at its
/// field, and the plan previews.
#[test]
fn an_exceed_reason_lets_a_dose_past_its_limit_through_as_a_warning() {
    let served = Served::start();
    let mut with_reason = plan("13");
    with_reason["exercises"][0]["exceed"] = serde_json::json!({"reps": "week 3 progression"});
    let body = serde_json::json!({ "plan": with_reason });
    let checked = served.post("/api/check", &body).json();
    assert_eq!(checked["valid"], true, "{checked}");
    let at_reps: Vec<&serde_json::Value> = checked["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["field"] == "exercise.0.reps")
        .collect();
    assert_eq!(at_reps.len(), 1, "{checked}");
    assert_eq!(
        (&at_reps[0]["code"], &at_reps[0]["severity"]),
        (&"RX0203".into(), &"warning".into())
    );
    assert!(
        checked["toml"]
            .as_str()
            .is_some_and(|t| t.contains("exceed = { reps = \"week 3 progression\" }"))
    );
    assert_eq!(served.post("/api/preview", &body).status, 200);
}

/// `rx serve FOLDER` reads the clinic's settings found from FOLDER, not
/// from where it was started, and offers their prescriber and clinic.
#[test]
fn serve_reads_the_settings_found_from_the_folder_it_serves() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let clinic = dir.path().join("clinic");
    std::fs::create_dir(&clinic).expect("a folder");
    std::fs::write(
        clinic.join("rx.toml"),
        "[clinic]\nname = \"Riverside Physical Therapy\"\n[prescriber]\nname = \"Dana Reyes, PT\"\n",
    )
    .expect("written");
    let served = Served::start_in(dir, Some("clinic"));
    let info = served.get("/api/info").json();
    assert_eq!(info["settings"]["prescriber"], "Dana Reyes, PT", "{info}");
    assert_eq!(info["settings"]["clinic"], "Riverside Physical Therapy");
}

/// The editor's report of building the batch `file` in the served folder,
/// asked for and answered with 200.
fn batch_report(served: &Served, file: &str) -> serde_json::Value {
    let answer = served.post("/api/batch", &serde_json::json!({"file": file}));
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.json()
}

/// Each reported patient's id and status, in the report's order.
fn statuses(report: &serde_json::Value) -> Vec<(&str, &str)> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().expect("an id"),
                r["status"].as_str().expect("a status"),
            )
        })
        .collect()
}
/// A CSV of many plans in the folder is built as `rx build plans.csv`
/// builds it, sheets in the folder named after it, every patient reported.
#[test]
fn a_batch_in_the_folder_is_built_and_every_patient_reported() {
    let served = Served::start();
    let header = "patient_id,patient_name,prescriber,issued,review,exercise,reps";
    std::fs::write(
        served.folder().join("plans.csv"),
        format!(
            "{header}\nA1,Ann Lee,Dana Reyes PT,2026-11-22,2026-12-06,bridge,10\nB2,Bo Chan,Dana Reyes PT,2026-11-22,2026-12-06,bridge,400\n"
        ),
    )
    .expect("written");
    let listed = served.get("/api/plans").json();
    assert_eq!(listed["batches"], serde_json::json!(["plans.csv"]));
    let report = batch_report(&served, "plans.csv");
    let rows = statuses(&report);
    assert_eq!(rows, [("A1", "built"), ("B2", "skipped")]);
    assert_eq!(report["rows"][1]["diagnostics"][0]["column_name"], "reps");
    let sheet = report["rows"][0]["sheet"].as_str().expect("a sheet");
    assert!(served.folder().join(sheet).is_file(), "{sheet}");
    assert!(sheet.starts_with("plans/"), "{sheet}");
    let outside = served.post("/api/batch", &serde_json::json!({"file": "../plans.csv"}));
    assert_eq!((outside.status, outside.code().as_str()), (403, "RX0802"));
}

/// A workbook in the folder is listed and built from the editor as
/// `rx build plans.xlsx` builds it, a problem located by sheet and cell.
#[test]
fn a_workbook_batch_in_the_folder_is_built_and_every_patient_reported() {
    use crate::workbooks::{Cell, rows, workbook};
    let served = Served::start();
    let mut plans = rows();
    let mut over = plans[0].clone();
    over[0] = Cell::Text("P3");
    over[6] = Cell::Number(400.0);
    plans.push(over);
    std::fs::write(served.folder().join("plans.xlsx"), workbook(&plans)).expect("written");
    // Excel's owner file beside an open workbook is no batch.
    std::fs::write(served.folder().join("~$plans.xlsx"), b"\x05owner").expect("written");
    let listed = served.get("/api/plans").json();
    assert_eq!(listed["batches"], serde_json::json!(["plans.xlsx"]));
    let report = batch_report(&served, "plans.xlsx");
    let rows = statuses(&report);
    assert_eq!(rows, [("P1", "built"), ("P2", "built"), ("P3", "skipped")]);
    let problem = &report["rows"][2]["diagnostics"][0];
    // The header is row 1 and P3 the fourth row under it; reps is column G.
    assert_eq!(
        (problem["sheet"].as_str(), problem["cell"].as_str()),
        (Some("Plans"), Some("G5")),
        "{problem}"
    );
    for row in &report["rows"].as_array().expect("rows")[..2] {
        let sheet = row["sheet"].as_str().expect("a sheet");
        assert!(
            sheet.starts_with("plans/") && served.folder().join(sheet).is_file(),
            "{sheet}"
        );
    }
}

/// A clinic entry's own photo shows in the library as the picture the
/// sheet prints (its pixels, in the SVG as a data URI), not an outline.
#[test]
fn a_clinic_picture_shows_in_the_library_as_its_pixels() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let clinic = dir.path().join("clinic");
    std::fs::create_dir(&clinic).expect("a folder");
    std::fs::write(
        clinic.join("catalogue.toml"),
        crate::sheet_bounds::picture_entry("wall-photo", "photo.png"),
    )
    .expect("written");
    // Three by two RGB pixels, each its own colour.
    let pixels: Vec<u8> = (0..18).map(|i| (i * 14) as u8).collect();
    let mut photo = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut photo, 3, 2);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("a PNG header");
        writer.write_image_data(&pixels).expect("PNG pixels");
    }
    std::fs::write(clinic.join("photo.png"), photo).expect("written");
    let served = Served::start_with(dir, None, &["--catalogue", "clinic/catalogue.toml"]);
    let found = served.get("/api/library?q=wall-photo").json();
    let address = found["results"][0]["figure"]
        .as_str()
        .unwrap_or_else(|| panic!("a figure in {found}"));
    let svg = String::from_utf8(served.get(address).body).expect("SVG is text");
    let data = svg
        .split("href=\"data:image/png;base64,")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no PNG picture in {svg}"));
    let file = base64(data);
    let mut reader = png::Decoder::new(std::io::Cursor::new(file))
        .read_info()
        .expect("a PNG");
    let mut shown = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut shown).expect("its pixels");
    shown.truncate(info.buffer_size());
    assert_eq!((info.width, info.height, shown), (3, 2, pixels));
}

/// Standard base64, as the SVG's data URI holds it.
fn base64(text: &str) -> Vec<u8> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let values: Vec<u32> = text
        .bytes()
        .take_while(|&b| b != b'=')
        .map(|b| DIGITS.bytes().position(|d| d == b).expect("a base64 digit") as u32)
        .collect();
    let mut out = Vec::new();
    for group in values.chunks(4) {
        let n = group
            .iter()
            .enumerate()
            .fold(0, |n, (i, v)| n | v << (18 - 6 * i));
        out.extend(n.to_be_bytes()[1..group.len()].iter().copied());
    }
    out
}

/// The page shows `rx check`'s codes and messages, but says what to do in
/// the editor's words (the reason's box, not `exceed.reps = …`), names the
/// exercise as the library does, says what an empty side means and how the
/// sheet prints the dates.
#[test]
fn the_editor_words_help_names_and_dates_as_clinic_staff_meet_them() {
    let served = Served::start();
    let bridge = crate::support::builtin_entry("bridge");
    let over = served.post("/api/check", &serde_json::json!({"plan": plan("13")}));
    let over = over.json();
    let d = over["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "RX0203")
        .unwrap_or_else(|| panic!("a dose past its limit in {over}"));
    let message = d["message"].as_str().expect("rx check's message");
    let rest = message
        .strip_prefix(&format!("{}: ", bridge.id))
        .unwrap_or_else(|| panic!("rx check names the id: {message}"));
    assert_eq!(d["shown"], format!("{}: {rest}", bridge.name));
    assert!(
        d["help"]
            .as_str()
            .is_some_and(|h| h.contains("`exceed.reps")),
        "{d}"
    );
    assert_eq!(
        d["editor_help"],
        "to prescribe beyond the limit on purpose, give a reason in “Reason for going past the limit (reps)”"
    );

    let added = served.get("/api/exercise?name=bridge").json();
    let source = added["source"].as_str().expect("a source");
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let title = &catalogue
        .source(match &bridge.recommended_prescription().origin {
            rx::catalogue::Origin::From(ids) => &ids[0],
            rx::catalogue::Origin::Default(_) => panic!("bridge's dose has a source"),
        })
        .expect("its source")
        .title;
    assert!(source.contains(&format!("“{title}”")), "{source}");
    assert_eq!(
        added["side_default"],
        if bridge.per_side.value {
            "As the exercise says: each side in turn"
        } else {
            "Not one side at a time"
        }
    );

    let valid = serde_json::json!({"plan": plan("10")});
    let dates = served.post("/api/check", &valid).json()["dates"].clone();
    let sheet = served.post("/api/preview", &valid);
    let text = crate::pdf::flat(&crate::pdf::Pdf::parse(&sheet.body).expect("a PDF").text());
    for date in ["issued", "review"] {
        let printed = dates[date]
            .as_str()
            .unwrap_or_else(|| panic!("{date} in {dates}"));
        assert!(
            text.contains(&crate::pdf::flat(printed)),
            "{printed} is not on the sheet:\n{text}"
        );
    }
}
