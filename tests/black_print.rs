//! Figures on a black-only printer: a home printer out of colour, or a
//! photocopy, prints each grey as black dots or not at all. Every built-in
//! figure with a start and an end position is drawn as the sheet draws it
//! (`figure::draw::items`, in its normal-print box), rasterised here at
//! 150 dpi and made 1-bit two ways (a 50 % threshold, and Floyd–Steinberg
//! error diffusion); the start position must still show: enough of the
//! pixels only it covers are black, where the paper around it is white.

use rx::catalogue::Figure;
use rx::document::Item;
use rx::figure::draw::{Fit, items};
use rx::figure::{Drawing, Tone};
use rx::layout::Style;

/// Pixels per point at 150 dpi.
const SCALE: f32 = 150.0 / 72.0;

/// Least share of the start position's own pixels left black. A start
/// drawn in the light grey alone keeps none under the threshold; its dark
/// rim, about a point wide on limbs ten points thick, keeps a sixth or more.
const VISIBLE: f32 = 0.10;

/// A grey picture, 0 black to 1 white, row by row.
struct Raster {
    w: usize,
    h: usize,
    px: Vec<f32>,
}

impl Raster {
    fn white(w_pt: f32, h_pt: f32) -> Raster {
        let (w, h) = (
            (w_pt * SCALE).ceil() as usize,
            (h_pt * SCALE).ceil() as usize,
        );
        Raster {
            w,
            h,
            px: vec![1.0; w * h],
        }
    }

    /// Every pixel whose centre is within `width / 2` of the polyline
    /// `points` (round caps and joins, as render strokes them), in points.
    fn stroke(&self, points: &[(f32, f32)], width: f32, mut paint: impl FnMut(usize)) {
        let r = width / 2.0 * SCALE;
        let pts: Vec<(f32, f32)> = points
            .iter()
            .map(|&(x, y)| (x * SCALE, y * SCALE))
            .collect();
        let segments: Vec<((f32, f32), (f32, f32))> = if pts.len() == 1 {
            vec![(pts[0], pts[0])]
        } else {
            pts.windows(2).map(|s| (s[0], s[1])).collect()
        };
        for (a, b) in segments {
            let x0 = (a.0.min(b.0) - r).floor().max(0.0) as usize;
            let x1 = ((a.0.max(b.0) + r).ceil().max(0.0) as usize).min(self.w);
            let y0 = (a.1.min(b.1) - r).floor().max(0.0) as usize;
            let y1 = ((a.1.max(b.1) + r).ceil().max(0.0) as usize).min(self.h);
            for y in y0..y1 {
                for x in x0..x1 {
                    let p = (x as f32 + 0.5, y as f32 + 0.5);
                    if distance(p, a, b) <= r {
                        paint(y * self.w + x);
                    }
                }
            }
        }
    }

    /// 1-bit: black (0) where the grey is under half.
    fn threshold(&self) -> Vec<bool> {
        self.px.iter().map(|&g| g < 0.5).collect()
    }

    /// 1-bit by Floyd–Steinberg error diffusion: true is black.
    fn floyd_steinberg(&self) -> Vec<bool> {
        let mut px = self.px.clone();
        let mut black = vec![false; px.len()];
        for y in 0..self.h {
            for x in 0..self.w {
                let i = y * self.w + x;
                let old = px[i];
                let new = if old < 0.5 { 0.0 } else { 1.0 };
                black[i] = new == 0.0;
                let error = old - new;
                let mut spread = |dx: isize, dy: usize, share: f32| {
                    let (nx, ny) = (x as isize + dx, y + dy);
                    if nx >= 0 && (nx as usize) < self.w && ny < self.h {
                        px[ny * self.w + nx as usize] += error * share;
                    }
                };
                spread(1, 0, 7.0 / 16.0);
                spread(-1, 1, 3.0 / 16.0);
                spread(0, 1, 5.0 / 16.0);
                spread(1, 1, 1.0 / 16.0);
            }
        }
        black
    }
}

/// Distance from `p` to the segment `a`-`b`.
fn distance(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

/// The figure as printed: its items painted in order.
fn printed(figure: &Figure, w: f32, h: f32) -> Raster {
    let mut raster = Raster::white(w, h);
    for item in items(figure, 0.0, 0.0, w, h) {
        if let Item::Path { points, stroke } = item {
            let mut covered = Vec::new();
            raster.stroke(&points, stroke.width, |i| covered.push(i));
            for i in covered {
                raster.px[i] = stroke.gray;
            }
        }
    }
    raster
}

/// The pixels the start position shows: those whose last mark (in
/// drawing order) is one of the start position's body strokes, not
/// covered by the end position, a prop or an arrow drawn after it.
fn start_pixels(drawing: &Drawing, w: f32, h: f32) -> Vec<usize> {
    let fit = Fit::new(drawing, 0.0, 0.0, w, h);
    // Points per figure unit, from the fit itself.
    let (a, b) = (fit.point((0.0, 0.0)), fit.point((100.0, 0.0)));
    let scale = (b.0 - a.0) / 100.0;
    let canvas = Raster::white(w, h);
    let mut owner = vec![None; canvas.px.len()];
    for mark in &drawing.marks {
        let points: Vec<(f32, f32)> = mark.points.iter().map(|&p| fit.point(p)).collect();
        canvas.stroke(&points, mark.width * scale, |i| owner[i] = Some(mark.tone));
    }
    owner
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t, Some(Tone::Before | Tone::BeforeFar)))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn the_start_position_stays_visible_printed_in_black_only() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let style = Style::new(false);
    let (w, h) = (style.figure_w, style.figure_h);
    let mut checked = 0;
    let mut faint = Vec::new();
    for entry in catalogue.entries() {
        let Some(figure @ Figure::Drawing(drawing)) = &entry.figure else {
            continue;
        };
        let start = start_pixels(drawing, w, h);
        if start.is_empty() {
            continue;
        }
        checked += 1;
        let raster = printed(figure, w, h);
        for (how, black) in [
            ("threshold", raster.threshold()),
            ("Floyd-Steinberg", raster.floyd_steinberg()),
        ] {
            let shown = start.iter().filter(|&&i| black[i]).count();
            let share = shown as f32 / start.len() as f32;
            if share < VISIBLE {
                faint.push(format!(
                    "{} ({how}): {shown} of {} start pixels black",
                    entry.id,
                    start.len()
                ));
            }
        }
    }
    let drawn = catalogue
        .entries()
        .iter()
        .filter(|e| matches!(e.figure, Some(Figure::Drawing(_))))
        .count();
    assert!(
        checked > drawn / 2,
        "most figures show a start and an end: {checked} of {drawn}"
    );
    assert!(faint.is_empty(), "{}", faint.join("\n"));
}
