//! Benchmark for one sheet: prints figures, asserts
//! nothing.
//!
//! Run with `cargo bench --bench sheet`. Reports, for the example plan:
//! the median time to lay out and render one sheet in-process over 1,000
//! sheets, bytes per sheet, and the median wall time of a whole `rx build`
//! process. Targets: <= 1.5 ms per sheet, <= 25 KB (25,600 bytes: a KB is
//! 1,024 bytes in every figure rx's benches print) per sheet, <= 15 ms per
//! process. It also renders the same plan with the figures taken out,
//! alternating with the real one so both see the same machine load, and
//! reports what the figures cost. The figures' budget: <= 5 KB and <= 0.2 ms.
//! Pages per sheet, and the same plan with a video QR code on
//! each of its six exercises (in-process), and with the example clinic
//! settings (logo and the six QR codes, a whole `rx build`): the same
//! targets apply. The same plan for a patient with an Arabic name
//! (bidi and shaping, the Noto Sans Arabic subset), alternating with the
//! Latin one, and what it costs. And what tagging costs (the structure
//! tree a screen reader reads): the example laid out and rendered tagged
//! and untagged (`render::render_untagged`), alternately, in bytes and
//! time per sheet; target <= +15 % each.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rx::fonts::Fonts;
use rx::layout::{self, Options};

const SHEETS: usize = 1_000;
const PROCESSES: usize = 60;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/plan.toml");
    let bytes = std::fs::read(&example).expect("examples/plan.toml");
    let catalogue = rx::catalogue::builtin().expect("built-in catalogue");
    let fonts = Fonts::load();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let (_, checked) = rx::check_plan(&bytes, &catalogue, &fonts, today);
    let plan = checked.plan.expect("the example plan is valid");

    let mut bare = plan.clone();
    for exercise in &mut bare.exercises {
        let mut entry = (*exercise.entry).clone();
        entry.figure = None;
        exercise.entry = std::sync::Arc::new(entry);
    }
    let sheet = |plan: &rx::plan::Plan| {
        let start = Instant::now();
        let document = layout::sheet(plan, Options::default(), &fonts);
        let pdf = rx::render::render(&document, &fonts).expect("the bundled fonts embed");
        (start.elapsed(), std::hint::black_box(pdf).len())
    };
    let mut times = Vec::with_capacity(SHEETS);
    let mut bare_times = Vec::with_capacity(SHEETS);
    let (mut size, mut bare_size) = (0, 0);
    for _ in 0..SHEETS {
        let (t, n) = sheet(&plan);
        times.push(t);
        size = n;
        let (t, n) = sheet(&bare);
        bare_times.push(t);
        bare_size = n;
    }
    let per_sheet = median(times);
    let per_bare_sheet = median(bare_times);

    let (mut tagged_times, mut untagged_times) = (Vec::new(), Vec::new());
    let (mut tagged_size, mut untagged_size) = (0, 0);
    for _ in 0..SHEETS {
        let (t, n) = sheet(&plan);
        tagged_times.push(t);
        tagged_size = n;
        let start = Instant::now();
        let document = layout::sheet(&plan, Options::default(), &fonts);
        let pdf = rx::render::render_untagged(&document, &fonts).expect("the bundled fonts embed");
        untagged_times.push(start.elapsed());
        untagged_size = std::hint::black_box(pdf).len();
    }
    let (per_tagged, per_untagged) = (median(tagged_times), median(untagged_times));
    let pages = layout::sheet(&plan, Options::default(), &fonts).pages.len();

    let arabic_text = String::from_utf8_lossy(&bytes).replace("José Müller-Łukasz", "محمد الأحمد");
    let (_, checked) = rx::check_plan(arabic_text.as_bytes(), &catalogue, &fonts, today);
    let arabic = checked
        .plan
        .expect("the example plan with an Arabic name is valid");
    let (mut latin_times, mut arabic_times) = (Vec::new(), Vec::new());
    let mut arabic_size = 0;
    for _ in 0..SHEETS {
        latin_times.push(sheet(&plan).0);
        let (t, n) = sheet(&arabic);
        arabic_times.push(t);
        arabic_size = n;
    }
    let (per_latin, per_arabic) = (median(latin_times), median(arabic_times));

    let mut with_videos = plan.clone();
    for exercise in &mut with_videos.exercises {
        exercise.video = Some(format!(
            "https://videos.riverside.example/exercises/{}",
            exercise.entry.id
        ));
    }
    // The first sheet encodes its six codes; later sheets find them in
    // the encoder's cache, as a batch's sheets do.
    let (cold, _) = sheet(&with_videos);
    let mut video_times = Vec::with_capacity(SHEETS);
    let mut video_size = 0;
    for _ in 0..SHEETS {
        let (t, n) = sheet(&with_videos);
        video_times.push(t);
        video_size = n;
    }
    let per_video_sheet = median(video_times);
    let video_pages = layout::sheet(&with_videos, Options::default(), &fonts)
        .pages
        .len();

    // The same plan with a Spanish sheet: its words come from
    // the Spanish message file and catalogue translations.
    let es_bytes = std::fs::read(root.join("examples/plan-es.toml")).expect("plan-es.toml");
    let (_, checked) = rx::check_plan(&es_bytes, &catalogue, &fonts, today);
    let es_plan = checked.plan.expect("the Spanish example plan is valid");
    let es_options = Options {
        language: es_plan.sheet.language.unwrap_or_default(),
        ..Options::default()
    };
    let mut es_times = Vec::with_capacity(SHEETS);
    let mut es_size = 0;
    let mut es_pages = 0;
    for _ in 0..SHEETS {
        let start = Instant::now();
        let document = layout::sheet(&es_plan, es_options, &fonts);
        es_pages = document.pages.len();
        let pdf = rx::render::render(&document, &fonts).expect("the bundled fonts embed");
        es_times.push(start.elapsed());
        es_size = std::hint::black_box(pdf).len();
    }
    let per_es_sheet = median(es_times);

    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("sheet.pdf");
    let mut process_times = Vec::with_capacity(PROCESSES);
    for _ in 0..PROCESSES {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_rx"))
            .env("RX_CONFIG", "") // no clinic settings file: the bare example
            .arg("build")
            .arg(&example)
            .arg("-o")
            .arg(&output)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run rx");
        process_times.push(start.elapsed());
        assert!(status.success(), "rx build failed");
    }
    let per_process = median(process_times);
    let clinic_output = out_dir.path().join("clinic.pdf");
    let clinic = Command::new(env!("CARGO_BIN_EXE_rx"))
        .arg("--config")
        .arg(root.join("examples/rx.toml"))
        .arg("build")
        .arg(&example)
        .arg("-o")
        .arg(&clinic_output)
        .output()
        .expect("run rx");
    assert!(clinic.status.success(), "rx build --config failed");
    let clinic_size = std::fs::metadata(&clinic_output).expect("the sheet").len();
    let clinic_said = String::from_utf8_lossy(&clinic.stdout).trim().to_owned();

    let verdict = |ok: bool| if ok { "ok" } else { "OVER TARGET" };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let es_line = format!(
        "the same plan in Spanish (examples/plan-es.toml): {:.3} ms, {es_size} bytes ({:.1} KB), {es_pages} pages",
        ms(per_es_sheet),
        es_size as f64 / 1024.0
    );
    println!("example plan: 6 exercises");
    println!(
        "layout+render, median of {SHEETS}: {:.3} ms (target <= 1.5 ms: {})",
        ms(per_sheet),
        verdict(ms(per_sheet) <= 1.5)
    );
    println!(
        "bytes per sheet: {size} ({:.2} KB; target <= 25 KB: {})",
        size as f64 / 1024.0,
        verdict(size <= 25 * 1024)
    );
    println!(
        "with an Arabic patient name: {:.3} ms (+{:.3} ms on the Latin sheet's {:.3} ms, measured alternately), {arabic_size} bytes (+{} bytes: two more font subsets)",
        ms(per_arabic),
        ms(per_arabic) - ms(per_latin),
        ms(per_latin),
        arabic_size as i64 - size as i64,
    );
    let figures = plan.exercises.iter().filter(|e| e.entry.figure.is_some());
    let extra_ms = ms(per_sheet) - ms(per_bare_sheet);
    let extra_bytes = size as i64 - bare_size as i64;
    println!(
        "the {} figures: +{extra_ms:.3} ms ({:.3} ms without; budget <= 0.2 ms: {}), +{extra_bytes} bytes ({bare_size} without; budget <= 5 KB: {})",
        figures.count(),
        ms(per_bare_sheet),
        verdict(extra_ms <= 0.2),
        verdict(extra_bytes <= 5 * 1024)
    );
    let share = |with: f64, without: f64| (with / without - 1.0) * 100.0;
    let (time_cost, size_cost) = (
        share(ms(per_tagged), ms(per_untagged)),
        share(tagged_size as f64, untagged_size as f64),
    );
    println!(
        "tagging (structure tree, marked content, links): {:.3} ms vs {:.3} ms untagged ({time_cost:+.1} %; target <= +15 %: {}), {tagged_size} vs {untagged_size} bytes ({size_cost:+.1} %; target <= +15 %: {}), measured alternately",
        ms(per_tagged),
        ms(per_untagged),
        verdict(time_cost <= 15.0),
        verdict(size_cost <= 15.0)
    );
    println!("pages per sheet: {pages}");
    println!(
        "with a video QR code on each exercise: {:.3} ms (target <= 1.5 ms: {}; the first sheet, encoding the six codes: {:.3} ms), {video_size} bytes ({:.2} KB; target <= 25 KB: {}), {video_pages} pages",
        ms(per_video_sheet),
        verdict(ms(per_video_sheet) <= 1.5),
        ms(cold),
        video_size as f64 / 1024.0,
        verdict(video_size <= 25 * 1024)
    );
    println!(
        "with examples/rx.toml (logo and six QR codes), one `rx build`: {clinic_size} bytes ({:.2} KB; target <= 25 KB: {}); {clinic_said}",
        clinic_size as f64 / 1024.0,
        verdict(clinic_size <= 25 * 1024)
    );
    println!(
        "whole `rx build` process, median of {PROCESSES}: {:.2} ms (target <= 15 ms: {})",
        ms(per_process),
        verdict(ms(per_process) <= 15.0)
    );
    println!("{es_line}");
}
