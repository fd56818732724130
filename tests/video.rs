//! Video links: `video` in a plan or a CSV, checked, and
//! printed as a QR code that reads back as the link, with the link under it.

use crate::pdf::{Pdf, flat};
use crate::support::{Test, plan_with};

/// The page drawn as a printer would draw its black boxes: each `re` filled
/// (`f`) while the fill is black, under the transformation `cm` sets (a QR
/// code is drawn in module units), `scale` pixels a point, top row first.
fn black_boxes(pdf: &Pdf, page: usize, scale: f32) -> (Vec<u8>, usize, usize) {
    let (w, h) = pdf.page_size(page);
    let (cols, rows) = ((w * scale) as usize, (h * scale) as usize);
    let mut grid = vec![255u8; cols * rows];
    let content = pdf.content(page);
    let mut stack: Vec<f32> = Vec::new();
    let mut gray = 0.0;
    let mut pending: Vec<[f32; 4]> = Vec::new();
    // Scale and offset of the current transformation (rx draws no
    // rotation or skew): x' = a x + e, y' = d y + f.
    let identity = [1.0, 1.0, 0.0, 0.0];
    let mut saved: Vec<[f32; 4]> = Vec::new();
    let mut ctm = identity;
    for token in content.split_whitespace() {
        match token {
            "g" => gray = stack.last().copied().unwrap_or(0.0),
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(identity),
            "cm" if stack.len() >= 6 => {
                let n = stack.len();
                let [a, d, e, f] = [stack[n - 6], stack[n - 3], stack[n - 2], stack[n - 1]];
                assert_eq!((stack[n - 5], stack[n - 4]), (0.0, 0.0), "no rotation");
                ctm = [
                    ctm[0] * a,
                    ctm[1] * d,
                    ctm[0] * e + ctm[2],
                    ctm[1] * f + ctm[3],
                ];
            }
            "re" if stack.len() >= 4 => {
                let n = stack.len();
                let [x, y, bw, bh] = [stack[n - 4], stack[n - 3], stack[n - 2], stack[n - 1]];
                let (x0, x1) = (ctm[0] * x + ctm[2], ctm[0] * (x + bw) + ctm[2]);
                let (y0, y1) = (ctm[1] * y + ctm[3], ctm[1] * (y + bh) + ctm[3]);
                pending.push([x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs()]);
            }
            "f" if gray == 0.0 => {
                for [x, y, bw, bh] in pending.drain(..) {
                    let (x0, x1) = ((x * scale) as usize, ((x + bw) * scale) as usize);
                    let (top, bottom) = (h - (y + bh), h - y);
                    let (y0, y1) = ((top * scale) as usize, (bottom * scale) as usize);
                    for row in y0..y1.min(rows) {
                        for col in x0..x1.min(cols) {
                            grid[row * cols + col] = 0;
                        }
                    }
                }
            }
            _ => {}
        }
        match token.parse::<f32>() {
            Ok(n) => stack.push(n),
            Err(_) => {
                stack.clear();
                if token != "re" {
                    pending.clear();
                }
            }
        }
    }
    (grid, cols, rows)
}

fn decode_all(pdf: &Pdf, page: usize) -> Vec<String> {
    let (grid, cols, rows) = black_boxes(pdf, page, 4.0);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(cols, rows, |x, y| grid[y * cols + x]);
    let mut found: Vec<String> = image
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect();
    found.sort();
    found
}

const URL: &str = "https://videos.riverside.example/exercises/bridge";

#[test]
fn a_video_link_prints_as_a_qr_code_that_reads_back() {
    let plan = plan_with(
        "reps = 10\nhold = 10\n",
        &format!("reps = 10\nhold = 10\nvideo = \"{URL}\"\n"),
    );
    let test = Test::new()
        .file("plan.toml", plan)
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout("wrote plan.pdf: 2 pages, 2 exercises\n");
    test.run();
    let pdf = Pdf::open(&test.path("plan.pdf"));
    let codes: Vec<String> = (1..=pdf.pages())
        .flat_map(|p| decode_all(&pdf, p))
        .collect();
    assert_eq!(codes, [URL]);
    // The link is printed too, for a patient without a phone camera.
    let links = crate::support::printed_links(&pdf);
    assert_eq!(links, [(URL.to_owned(), vec![URL.to_owned()])]);
    // (Its label wraps beside the code, so its lines interleave with the
    // steps' in reading order.)
    let text = flat(&pdf.text());
    assert!(text.contains("Scan to watch") && text.contains("a video"));
}

#[test]
fn a_video_column_in_a_csv() {
    let csv = format!(
        "patient_id,patient_name,prescriber,issued,review,exercise,video\n\
         P1,Ann Lee,Dana Reyes,2026-11-22,2026-12-06,bridge,{URL}\n\
         P2,Bo Chan,Dana Reyes,2026-11-22,2026-12-06,bridge,ftp://files.example/bridge\n"
    );
    let test = Test::new()
        .file("plans.csv", csv)
        .args(&["build", "plans.csv", "-o", "out"])
        .status(1)
        .stdout("built 1 of 2 patients, skipped 1; written to out\n")
        .stderr(
            "error[RX0107]: patient P2: `video` is not a web link rx can print: \"ftp://files.example/bridge\"\n  \
             --> plans.csv:3:video\n   = not an http(s) link\n   = help: give the video's web address, starting https://\n\n",
        );
    test.run();
    let pdf = Pdf::open(&test.path("out/P1_2026-11-22.pdf"));
    let codes: Vec<String> = (1..=pdf.pages())
        .flat_map(|p| decode_all(&pdf, p))
        .collect();
    assert_eq!(codes, [URL]);
}

#[test]
fn bad_video_links_are_located_errors() {
    for (video, label) in [
        ("\"javascript:alert(1)\"", "not an http(s) link"),
        ("\"https://\"", "no web address after the scheme"),
        (
            "\"https://v.example/a b\"",
            "spaces or characters a link cannot hold",
        ),
        (
            &format!("\"https://v.example/{}\"", "x".repeat(200)),
            "longer than 200 characters",
        ),
    ] {
        Test::new()
            .file(
                "plan.toml",
                plan_with("reps = 10\n", &format!("reps = 10\nvideo = {video}\n")),
            )
            .args(&["check", "plan.toml"])
            .status(1)
            .stdout("plan.toml: invalid, 1 error\n")
            .stderr_starts_with("error[RX0107]: `video` is not a web link rx can print: ")
            .stderr_contains(format!("^ {label}\n"))
            .run();
    }
    Test::new()
        .file(
            "plan.toml",
            plan_with("reps = 10\n", "reps = 10\nvideo = 3\n"),
        )
        .args(&["check", "plan.toml"])
        .status(1)
        .stderr_starts_with("error[RX0105]: `video` must be a string")
        .stdout("plan.toml: invalid, 1 error\n")
        .run();
}

/// An `exceed` reason is a clinical note: in `rx check`, never on
/// the patient's sheet.
#[test]
fn the_exceed_reason_stays_off_the_sheet() {
    let test = Test::new()
        .file(
            "plan.toml",
            plan_with(
                "reps = 10\n",
                "reps = 14\nexceed = \"Week 3 progression, cleared at review\"\n",
            ),
        )
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf: ")
        .stderr_contains("allowed by the reason given: \"Week 3 progression, cleared at review\"");
    test.run();
    let text = flat(&Pdf::open(&test.path("plan.pdf")).text());
    assert!(text.contains("14 times"), "{text}");
    assert!(!text.contains("Week 3 progression"), "{text}");
    assert!(!text.contains("on purpose"), "{text}");
}
