//! An inset: a close-up of one joint (`inset = { joint = "near_ankle",
//! scale = 3, radius = 16, offset = [-30, 20] }`), for a detail too small
//! to read at print size, such as an ankle crossed over a knee. The
//! figure's strokes round the joint are enlarged `scale` times and cut to a
//! circle of `radius` units centred `offset` units from the joint; a thin
//! ring round the joint in the figure says what is enlarged.

use toml_edit::TableLike;

use super::read::{Ctx, joint};
use super::{Mark, Tone, V, dir, disc, mark, outline, v};
use crate::diag::Span;

const KEYS: &[&str] = &["joint", "scale", "radius", "offset"];
const RING_W: f32 = 1.0;

/// Read the inset table and draw it from `marks`, round a joint of the
/// last position (`joints`).
pub fn read(
    ctx: &mut Ctx,
    table: &dyn TableLike,
    span: Option<Span>,
    marks: &[Mark],
    joints: &[(&'static str, V)],
) -> Option<Vec<Mark>> {
    ctx.only_keys(table, KEYS, "an inset");
    let Some(name) = ctx.reader.text(table, "joint") else {
        ctx.error(span, "an inset needs `joint`, the joint to enlarge");
        return None;
    };
    let at = joint(ctx, joints, &name)?;
    let scale = ctx.int(table, "scale").map_or(3, |n| n.v);
    let radius = ctx.int(table, "radius").map_or(16, |n| n.v);
    let offset = ctx.pair(table, "offset");
    let offset = offset.map_or(v(-30.0, 24.0), |[x, y]| v(x.f(), y.f()));
    if !(2..=5).contains(&scale) || !(8..=30).contains(&radius) {
        ctx.error(
            span,
            "an inset's `scale` is 2 to 5 and its `radius` 8 to 30 units",
        );
        return None;
    }
    let (k, r) = (scale as f32, radius as f32);
    let centre = at.add(offset);
    if offset.len() < r + r / k + 2.0 {
        ctx.error(
            span,
            format!("an inset of radius {radius} must sit at least {:.0} units from its joint (`offset`)", r + r / k + 2.0),
        );
        return None;
    }
    let circle = |c: V, r: f32| -> Vec<V> {
        (0..24)
            .map(|i| c.add(dir(i as f32 * 15.0).mul(r)))
            .collect()
    };
    let mut out = vec![disc(centre, r, Tone::Paper)];
    for m in marks {
        let width = m.width * k;
        let pts: Vec<V> = m
            .points
            .iter()
            .map(|&(x, y)| centre.add(v(x, y).sub(at).mul(k)))
            .collect();
        for piece in clip(&pts, centre, r - width / 2.0) {
            out.push(mark(&piece, width, m.tone));
        }
    }
    out.push(outline(&circle(centre, r), RING_W, Tone::Floor));
    out.push(outline(&circle(at, r / k), RING_W, Tone::Floor));
    Some(out)
}

/// The parts of the polyline `pts` inside the circle at `c` of radius `r`.
fn clip(pts: &[V], c: V, r: f32) -> Vec<Vec<V>> {
    let mut pieces: Vec<Vec<V>> = Vec::new();
    if r <= 0.0 {
        return pieces;
    }
    let mut open = false;
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let d = b.sub(a);
        let f = a.sub(c);
        let (qa, qb, qc) = (
            d.x * d.x + d.y * d.y,
            2.0 * (f.x * d.x + f.y * d.y),
            f.x * f.x + f.y * f.y - r * r,
        );
        let disc = qb * qb - 4.0 * qa * qc;
        if qa < 1e-9 || disc < 0.0 {
            // A dot (a disc's two points) or a segment missing the circle.
            let inside = qc <= 0.0;
            if inside && qa < 1e-9 {
                pieces.push(vec![a, b]);
            }
            open = false;
            continue;
        }
        let s = disc.sqrt();
        let t0 = ((-qb - s) / (2.0 * qa)).max(0.0);
        let t1 = ((-qb + s) / (2.0 * qa)).min(1.0);
        if t0 >= t1 {
            open = false;
            continue;
        }
        let (p, q) = (a.add(d.mul(t0)), a.add(d.mul(t1)));
        match pieces.last_mut() {
            Some(last) if open && t0 == 0.0 => last.push(q),
            _ => pieces.push(vec![p, q]),
        }
        open = t1 >= 1.0;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::{clip, v};

    #[test]
    fn a_line_through_a_circle_keeps_only_its_middle() {
        let pieces = clip(
            &[v(-10.0, 0.0), v(0.0, 0.0), v(10.0, 0.0)],
            v(0.0, 0.0),
            5.0,
        );
        assert_eq!(pieces.len(), 1);
        let p = &pieces[0];
        assert!(
            (p[0].x + 5.0).abs() < 1e-4 && (p[p.len() - 1].x - 5.0).abs() < 1e-4,
            "{p:?}"
        );
        assert!(clip(&[v(-10.0, 9.0), v(10.0, 9.0)], v(0.0, 0.0), 5.0).is_empty());
    }
}
