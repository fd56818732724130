//! Arrows for the motion: along a joint's path from the start to the end
//! position, pushing away from or pulling towards a joint, or turning round
//! one.

use toml_edit::TableLike;

use super::read::{Ctx, Name, Num, joint};
use super::{Mark, Tone, V, dir, mark, v};
use crate::diag::Span;

const ARROW_KEYS: &[&str] = &[
    "path", "push", "pull", "turn", "offset", "bend", "angle", "length", "gap", "radius", "from",
    "to", "both", "flat",
];
const KINDS: &[&str] = &["path", "push", "pull", "turn"];

pub const ARROW_W: f32 = 2.4;
/// The white edge round an arrow.
pub const HALO: f32 = 1.2;
/// Length of each barb of an arrowhead.
const BARB: f32 = 6.0;
/// Shortest shaft drawn, so a small motion still gets a readable arrow.
const SHORTEST: f32 = 10.0;

/// Read one `arrows` entry and draw it; `joints` holds each position's
/// joints, start first.
pub fn read(
    ctx: &mut Ctx,
    table: &dyn TableLike,
    span: Option<Span>,
    joints: &[Vec<(&'static str, V)>],
) -> Option<Mark> {
    ctx.only_keys(table, ARROW_KEYS, "an arrow");
    let kinds: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| table.get(k).is_some())
        .collect();
    let [kind] = kinds[..] else {
        ctx.error(
            span,
            "an arrow needs exactly one of `path`, `push`, `pull` or `turn`, naming a joint",
        );
        return None;
    };
    let name: Name = ctx.reader.text(table, kind)?;
    let num = |ctx: &mut Ctx, key: &str| ctx.int(table, key);
    let need = |ctx: &mut Ctx, key: &str| {
        let n = ctx.int(table, key);
        if n.is_none() && table.get(key).is_none() {
            ctx.error(span.clone(), format!("a `{kind}` arrow needs `{key}`"));
        }
        n
    };
    let last = joints.last()?;
    let points = match kind {
        "path" => path_of(ctx, table, span, joints, &name)?,
        "push" | "pull" => {
            let at = joint(ctx, last, &name)?;
            let angle = need(ctx, "angle")?;
            let length = num(ctx, "length").map_or(12.0, |n| n.f());
            let gap = num(ctx, "gap").map_or(4.0, |n| n.f());
            let u = dir(angle.f());
            let near = at.add(u.mul(gap));
            let far = at.add(u.mul(gap + length));
            if kind == "push" {
                vec![near, far]
            } else {
                vec![far, near]
            }
        }
        _ => turn_of(ctx, table, span, last, &name)?,
    };
    let both = match table.get("both") {
        None => false,
        Some(_) => ctx.reader.flag(table, "both").is_some_and(|b| b.value),
    };
    Some(mark(&headed(&points, both), ARROW_W, Tone::Arrow))
}

/// A `turn` arrow: an arc round the joint `name` of the last position,
/// squashed by `flat` for a turn about an upright axis.
fn turn_of(
    ctx: &mut Ctx,
    table: &dyn TableLike,
    span: Option<Span>,
    last: &[(&'static str, V)],
    name: &Name,
) -> Option<Vec<V>> {
    let at = joint(ctx, last, name)?;
    let mut need = |key: &str| {
        let n = ctx.int(table, key);
        if n.is_none() && table.get(key).is_none() {
            ctx.error(span.clone(), format!("a `turn` arrow needs `{key}`"));
        }
        n
    };
    let (Some(radius), Some(from), Some(to)) = (need("radius"), need("from"), need("to")) else {
        return None;
    };
    if radius.v <= 0 || (to.v - from.v).abs() < 10 || (to.v - from.v).abs() > 340 {
        ctx.error(
            span,
            "a `turn` arrow needs a positive `radius` and `from`/`to` 10° to 340° apart",
        );
        return None;
    }
    // `flat`: the circle seen at a slant, squashed to that percent of its
    // height, for a turn about an upright axis (a trunk turning, seen from
    // the front).
    let flat = match ctx.int(table, "flat") {
        None => 1.0,
        Some(n) if (10..=100).contains(&n.v) => n.f() / 100.0,
        Some(n) => {
            ctx.error(n.span, "`flat` is a percentage from 10 to 100");
            return None;
        }
    };
    Some(
        arc(at, radius, from, to)
            .into_iter()
            .map(|p| v(p.x, at.y + (p.y - at.y) * flat))
            .collect(),
    )
}

/// A `path` arrow: the joint `name` from the start position to the end.
fn path_of(
    ctx: &mut Ctx,
    table: &dyn TableLike,
    span: Option<Span>,
    joints: &[Vec<(&'static str, V)>],
    name: &Name,
) -> Option<Vec<V>> {
    let [first, .., last] = joints else {
        ctx.error(span, "a `path` arrow needs a start and an end position");
        return None;
    };
    let from = joint(ctx, first, name)?;
    let to = joint(ctx, last, name)?;
    let offset = ctx.int(table, "offset").map_or(0.0, |n| n.f());
    let bend = ctx.int(table, "bend").map_or(0.0, |n| n.f());
    if (to.sub(from)).len() < 0.5 {
        ctx.error(
            name.span.clone(),
            format!("`{}` does not move between the positions", name.value),
        );
        return None;
    }
    Some(path(from, to, offset, bend))
}

/// From `from` to `to`, moved `offset` to the left of the motion and bowed
/// so its direction turns by `bend` degrees along the way.
fn path(from: V, to: V, offset: f32, bend: f32) -> Vec<V> {
    let d = to.sub(from);
    let len = d.len();
    let u = d.mul(1.0 / len);
    let n = u.left();
    // Trim a little off long motions so the arrow does not touch the body;
    // stretch short ones so the arrow reads.
    let want = if len > SHORTEST + 4.0 {
        len - 4.0
    } else {
        len.max(SHORTEST)
    };
    let mid = from.add(d.mul(0.5)).add(n.mul(offset));
    let a = mid.sub(u.mul(want / 2.0));
    let b = mid.add(u.mul(want / 2.0));
    // A quadratic curve whose ends lean by half the bend each way; a
    // positive bend bows it to the right of the motion.
    let h = want / 2.0 * (bend / 2.0).to_radians().tan();
    let c = mid.sub(n.mul(h));
    (0..=8)
        .map(|i| {
            let t = i as f32 / 8.0;
            a.mul((1.0 - t) * (1.0 - t))
                .add(c.mul(2.0 * t * (1.0 - t)))
                .add(b.mul(t * t))
        })
        .collect()
}

/// An arc round `centre` from angle `from` to `to`, in steps of at most 15°.
fn arc(centre: V, radius: Num, from: Num, to: Num) -> Vec<V> {
    let span = (to.v - from.v) as f32;
    let steps = (span.abs() / 15.0).ceil().max(2.0) as usize;
    (0..=steps)
        .map(|i| {
            let a = from.f() + span * i as f32 / steps as f32;
            centre.add(dir(a).mul(radius.f()))
        })
        .collect()
}

/// The shaft with a two-barbed head at its end (and at its start, with
/// `both`), as one stroke.
fn headed(points: &[V], both: bool) -> Vec<V> {
    let head = |tip: V, back: V| -> [V; 4] {
        let d = tip.sub(back);
        let u = d.mul(1.0 / d.len().max(1e-3));
        let a = u.angle();
        [
            tip.sub(dir(a + 28.0).mul(BARB)),
            tip,
            tip.sub(dir(a - 28.0).mul(BARB)),
            tip,
        ]
    };
    let n = points.len();
    let mut out = Vec::with_capacity(n + 8);
    if both && n >= 2 {
        let [b1, tip, b2, _] = head(points[0], points[1]);
        out.extend([b1, tip, b2]);
    }
    out.extend_from_slice(points);
    if n >= 2 {
        let [b1, tip, b2, _] = head(points[n - 1], points[n - 2]);
        out.extend([b1, tip, b2]);
    }
    out.dedup_by(|a, b| (a.x - b.x).abs() < 1e-4 && (a.y - b.y).abs() < 1e-4);
    out
}
