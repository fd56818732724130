//! Benchmark for `rx serve`: prints figures, asserts nothing.
//!
//! Run with `cargo bench --bench serve`. Starts the real server (the
//! release binary) on a free loopback port in a temporary folder, opens
//! the example plan (six exercises) through the API, then sends N rounds
//! of what the page sends after each change: a check, then a preview (the
//! sheet's PDF). Reports p50 and p95 of the check, of the preview and of
//! the two together, and the server's resident memory (VmRSS from /proc)
//! idle after start and idle after the rounds. Targets: check + preview
//! p95 <= 20 ms on 2 cores; idle <= 30 MB.
//!
//! It starts the server itself rather than through `tests/support.rs`'s
//! `Serving`, which the tests share: a bench is a crate of its own, and
//! support.rs belongs to the integration binary (it uses its `pdf` module
//! and the `Test` builder), so it cannot be included here alone.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 300;

struct Server {
    port: u16,
    cookie: String,
}

impl Server {
    fn send(&self, method: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.port,
            self.cookie,
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("sent");
        stream.write_all(body).expect("sent");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read");
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        let status = String::from_utf8_lossy(&bytes[9..12])
            .parse()
            .expect("a status");
        (status, bytes[split + 4..].to_vec())
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::copy(
        root.join("examples/plan.toml"),
        dir.path().join("plan.toml"),
    )
    .expect("the example plan");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rx"))
        .args(["serve", "--no-open", "."])
        .current_dir(dir.path())
        .env("RX_CONFIG", "")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("rx serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("an address");
    let rest = url.trim_start_matches("http://127.0.0.1:");
    let (port, token) = rest.split_once("/?token=").expect("a token");
    let server = Server {
        port: port.parse().expect("a port"),
        cookie: format!("rx_token={token}"),
    };
    std::thread::sleep(Duration::from_millis(300));
    let idle_start = rss_kb(child.id());

    let (status, opened) = server.send("GET", "/api/open?file=plan.toml", b"");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&opened));
    let opened: serde_json::Value = serde_json::from_slice(&opened).expect("JSON");
    let exercises = opened["plan"]["exercises"].as_array().map_or(0, Vec::len);
    let body = serde_json::json!({ "plan": opened["plan"] }).to_string();

    let (mut checks, mut previews, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let mut pdf_bytes = 0;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let (status, _) = server.send("POST", "/api/check", body.as_bytes());
        let checked = t.elapsed();
        assert_eq!(status, 200);
        let (status, pdf) = server.send("POST", "/api/preview", body.as_bytes());
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
        let total = t.elapsed();
        pdf_bytes = pdf.len();
        checks.push(checked);
        previews.push(total - checked);
        both.push(total);
    }
    std::thread::sleep(Duration::from_millis(300));
    let idle_after = rss_kb(child.id());
    let _ = child.kill();
    let _ = child.wait();

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("rx serve, example plan ({exercises} exercises), {ROUNDS} rounds of check + preview:");
    for (name, samples) in [
        ("check", &mut checks),
        ("preview", &mut previews),
        ("check + preview", &mut both),
    ] {
        println!(
            "  {name:<16} p50 {:6.2} ms   p95 {:6.2} ms",
            ms(percentile(samples, 0.5)),
            ms(percentile(samples, 0.95))
        );
    }
    println!("  preview PDF      {pdf_bytes} bytes");
    println!(
        "  idle RSS         {:.1} MB after start, {:.1} MB after the rounds (target <= 30 MB)",
        idle_start as f64 / 1024.0,
        idle_after as f64 / 1024.0
    );
}
