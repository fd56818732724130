//! Props of the side view, each drawn as a prop (a thin dark outline or
//! hatching, never the start position's grey) and each checked against the
//! body it serves, with an error at the prop's name:
//!
//! - `pillow` under the head, which must rest on it (2 to 10 units up);
//! - `chair` under the hip, which must rest on it (seat 12 to 32 units up);
//! - `step` under the feet: the body stands on it (a foot must rest);
//! - `mat` under the body, the floor line below it;
//! - `wall` behind an upright back (`trunk` 45° to 135°);
//! - `towel` or `strap` from the near hand round the ball of the near foot
//!   to the far hand;
//! - `back_towel` from the near hand down behind the back to the waist,
//!   where the far hand, out of sight behind the body, holds it (a towel
//!   held behind the back);
//! - `band` round both thighs above the knees;
//! - `ball` held between the knees.

use super::read::{Ctx, Known, Part, Prop};
use super::side::{Body, FAR, HEAD_R, NEAR, Pose, SHIN_W, THIGH_W, TOWEL_W, TRUNK_W};
use super::{Mark, PROP_W, Tone, V, mark, outline, v};
use crate::fields::Spanned;

/// The props the side view draws.
pub const PROPS: &[Prop] = &[
    Prop::Pillow,
    Prop::Towel,
    Prop::Strap,
    Prop::Chair,
    Prop::Wall,
    Prop::Step,
    Prop::Band,
    Prop::Ball,
    Prop::Mat,
    Prop::BackTowel,
];
/// Height of a step, and thickness of a mat.
pub const STEP: f32 = 9.0;
pub const MAT: f32 = 2.5;
const BALL_R: f32 = 6.0;

/// What the props hold up: the heights the resting parts are checked
/// against, and the marks under and over the body.
#[derive(Default)]
pub struct Props {
    pub pillow: Option<f32>,
    pub seat: Option<f32>,
    pub step: Option<f32>,
    pub floor: f32,
    pub under: Vec<Mark>,
    /// Drawn with the last position (towel, band): index of the body.
    pub held: Vec<Mark>,
}

fn named(props: &[Spanned<Prop>], prop: Prop) -> Option<&Spanned<Prop>> {
    props.iter().find(|p| p.value == prop)
}

/// Raise the bodies onto a step, if there is one; the step's height.
pub fn lift(props: &[Spanned<Prop>], bodies: &mut [Body]) -> Option<f32> {
    named(props, Prop::Step)?;
    for body in bodies.iter_mut() {
        body.shift(v(0.0, STEP));
    }
    Some(STEP)
}

/// Check and draw the props round the placed bodies (`start` first).
pub fn place(ctx: &mut Ctx, props: &[Spanned<Prop>], start: &Pose, bodies: &[Body]) -> Props {
    let mut out = Props::default();
    let (first, last) = (&bodies[0], &bodies[bodies.len() - 1]);
    let rests = |part: Part| start.rest.iter().any(|r| r.value == part);
    if named(props, Prop::Pillow).is_some() {
        pillow(ctx, props, first, rests(Part::Head), &mut out);
    }
    if named(props, Prop::Chair).is_some() {
        let top = first.hip.y - THIGH_W / 2.0;
        need_rest(ctx, props, Prop::Chair, Part::Hip, rests(Part::Hip));
        if rests(Part::Hip) && !(12.0..=32.0).contains(&top) {
            let at = named(props, Prop::Chair).and_then(|p| p.span.clone());
            ctx.error(
                at,
                format!("the seat would be {top:.1} units high; a chair seat is 12 to 32"),
            );
        }
        out.under.extend(chair(first.hip, top));
        out.seat = Some(top);
    }
    if let Some(name) = named(props, Prop::Step) {
        if !start.rest.iter().any(|r| r.value.is_foot()) {
            ctx.error(
                name.span.clone(),
                "a step needs a foot (`feet`, `near_foot`, `toes`...) among the start position's `rest`",
            );
        }
        out.under.extend(step(first));
        out.step = Some(STEP);
    }
    if named(props, Prop::Mat).is_some() {
        let (x0, x1) = extent(first);
        let (x0, x1) = (x0 - 4.0, x1 + 4.0);
        let pts = [v(x0, -MAT), v(x0, 0.0), v(x1, 0.0), v(x1, -MAT)];
        out.under.push(outline(&pts, PROP_W, Tone::Prop));
        out.floor = -MAT;
    }
    if let Some(name) = named(props, Prop::Wall) {
        let trunk = start.trunk.v;
        if !(45..=135).contains(&trunk) {
            ctx.error(
                name.span.clone(),
                format!("a wall stands behind an upright back, but the start position's `trunk` is {trunk}° (45° to 135°)"),
            );
        }
        out.under.extend(wall(bodies, out.floor));
    }
    held(props, last, &mut out);
    out
}

/// The pillow under the start position's head (`first`), which must rest
/// on it at a real height.
fn pillow(ctx: &mut Ctx, props: &[Spanned<Prop>], first: &Body, rests: bool, out: &mut Props) {
    let top = first.head.y - HEAD_R;
    need_rest(ctx, props, Prop::Pillow, Part::Head, rests);
    if rests && !(2.0..=10.0).contains(&top) {
        let at = named(props, Prop::Pillow).and_then(|p| p.span.clone());
        ctx.error(
            at,
            format!("the head rests {top:.1} units above the floor; a pillow raises it 2 to 10"),
        );
    }
    let x = first.head.x;
    let pts = [
        v(x - 9.0, 0.0),
        v(x - 10.0, top),
        v(x + 10.0, top),
        v(x + 9.0, 0.0),
    ];
    out.under.push(outline(&pts, PROP_W, Tone::Prop));
    out.pillow = Some(top);
}

/// A hatched block under the start position's feet.
fn step(first: &Body) -> Vec<Mark> {
    let x0 = first.ankle[NEAR].x.min(first.ankle[FAR].x) - 6.0;
    let x1 = first.toe[NEAR].x.max(first.toe[FAR].x) + 8.0;
    let mut out = vec![outline(
        &[v(x0, 0.0), v(x0, STEP), v(x1, STEP), v(x1, 0.0)],
        PROP_W,
        Tone::Prop,
    )];
    out.extend(hatch(x0, x1, 0.0, STEP));
    out
}

/// A hatched wall just behind the back of every position (the body faces
/// right), from the floor to above the highest head.
fn wall(bodies: &[Body], floor: f32) -> Vec<Mark> {
    let x = bodies
        .iter()
        .flat_map(|b| [b.shoulder.x, b.waist.x, b.hip.x])
        .fold(f32::MAX, f32::min)
        - TRUNK_W / 2.0
        - PROP_W / 2.0;
    let top = bodies
        .iter()
        .map(|b| b.head.y + HEAD_R + 6.0)
        .fold(0.0, f32::max);
    let mut out = vec![mark(&[v(x, floor), v(x, top)], PROP_W * 1.5, Tone::Prop)];
    // Hatching on the wall's far side.
    let mut y = floor + 4.0;
    while y < top {
        out.push(mark(&[v(x, y), v(x - 4.0, y - 4.0)], PROP_W, Tone::Prop));
        y += 7.0;
    }
    out
}

/// The props that go with the last position: a ball between the knees, a
/// towel or strap in the hands, a band round the thighs.
fn held(props: &[Spanned<Prop>], last: &Body, out: &mut Props) {
    if named(props, Prop::Ball).is_some() {
        let at = last.knee[NEAR].add(last.hip.sub(last.knee[NEAR]).mul(0.12));
        let pts: Vec<V> = (0..12)
            .map(|i| at.add(super::dir(i as f32 * 30.0).mul(BALL_R)))
            .collect();
        out.under.push(outline(&pts, PROP_W, Tone::Prop));
    }
    if named(props, Prop::Towel).is_some() || named(props, Prop::Strap).is_some() {
        out.held.extend(towel(last));
    }
    if named(props, Prop::BackTowel).is_some() {
        // Behind the body: under it, like the wall.
        let up = last.shoulder.sub(last.hip);
        let behind = up.mul(1.0 / up.len().max(1e-3)).left();
        let low = last
            .waist
            .add(behind.mul(TRUNK_W / 2.0 + TOWEL_W / 2.0 + 0.5));
        out.under.extend(between(last.hand[NEAR], low));
    }
    if named(props, Prop::Band).is_some() {
        let at = |s: usize| last.hip.add(last.knee[s].sub(last.hip).mul(0.8));
        let across = last.knee[NEAR].sub(last.hip);
        let n = across
            .mul(1.0 / across.len().max(1e-3))
            .left()
            .mul(THIGH_W / 2.0 + 1.0);
        for s in [NEAR, FAR] {
            let c = at(s);
            out.held.push(mark(&[c.add(n), c.sub(n)], 2.2, Tone::Prop));
        }
    }
}

fn need_rest(ctx: &mut Ctx, props: &[Spanned<Prop>], prop: Prop, part: Part, rests: bool) {
    if !rests {
        let at = named(props, prop).and_then(|p| p.span.clone());
        ctx.error(
            at,
            format!(
                "a {} needs `{}` among the start position's `rest`",
                prop.name(),
                part.name()
            ),
        );
    }
}

/// Leftmost and rightmost joint of a body.
fn extent(b: &Body) -> (f32, f32) {
    let xs = [
        b.head.x,
        b.shoulder.x,
        b.hip.x,
        b.knee[0].x,
        b.knee[1].x,
        b.toe[0].x,
        b.toe[1].x,
        b.hand[0].x,
        b.hand[1].x,
    ];
    let lo = xs.iter().copied().fold(f32::MAX, f32::min) - HEAD_R;
    let hi = xs.iter().copied().fold(f32::MIN, f32::max) + HEAD_R;
    (lo, hi)
}

/// Diagonal hatching across a box from `x0` to `x1`, `y0` to `y1`.
fn hatch(x0: f32, x1: f32, y0: f32, y1: f32) -> Vec<Mark> {
    let h = y1 - y0;
    let mut out = Vec::new();
    let mut x = x0 + 4.0;
    while x < x1 + h - 1.0 {
        let (a, b) = (v(x, y0), v(x - h, y1));
        // Clipped to the box.
        let a = if a.x > x1 { v(x1, y0 + (a.x - x1)) } else { a };
        let b = if b.x < x0 { v(x0, y1 - (x0 - b.x)) } else { b };
        out.push(mark(&[a, b], PROP_W * 0.7, Tone::Prop));
        x += 5.0;
    }
    out
}

/// A chair seen from the side, under a hip facing right: an outlined seat,
/// legs and back.
fn chair(hip: V, seat: f32) -> Vec<Mark> {
    let t = 2.6;
    let back = hip.x - TRUNK_W / 2.0 - 3.0;
    let front = hip.x + 13.0;
    vec![
        outline(
            &[
                v(back, seat - t),
                v(back, seat),
                v(front, seat),
                v(front, seat - t),
            ],
            PROP_W,
            Tone::Prop,
        ),
        mark(
            &[v(back, seat + 28.0), v(back, 0.0)],
            PROP_W * 1.5,
            Tone::Prop,
        ),
        mark(
            &[v(front - 1.0, seat - t), v(front - 1.0, 0.0)],
            PROP_W * 1.5,
            Tone::Prop,
        ),
    ]
}

/// A towel or strap round the ball of the near foot, held in both hands:
/// a flat band (two dark edges, white between), so it does not read as
/// an arm or a stick.
fn towel(body: &Body) -> [Mark; 2] {
    let foot = body.toe[NEAR].sub(body.ankle[NEAR]);
    let along = body.ankle[NEAR].add(foot.mul(0.75));
    let u = foot.mul(1.0 / foot.len().max(1e-3));
    // The sole is clockwise of the foot's direction.
    let sole = u.left().mul(-(SHIN_W / 2.0 + TOWEL_W / 2.0));
    let instep = sole.mul(-1.0);
    let band = [
        body.hand[NEAR],
        along.add(instep).add(u.mul(1.5)),
        along.add(u.mul(2.0 + SHIN_W / 2.0)),
        along.add(sole).add(u.mul(1.0)),
        along.add(sole).sub(u.mul(2.5)),
        body.hand[FAR],
    ];
    [
        mark(&band, TOWEL_W, Tone::Towel),
        mark(&band, TOWEL_W - 2.0 * TOWEL_EDGE, Tone::Paper),
    ]
}

/// The width of each dark edge of a towel or strap.
const TOWEL_EDGE: f32 = 0.8;

/// A towel held taut between two hands: a flat band straight from one to
/// the other (two dark edges, white between).
fn between(a: V, b: V) -> [Mark; 2] {
    [
        mark(&[a, b], TOWEL_W, Tone::Towel),
        mark(&[a, b], TOWEL_W - 2.0 * TOWEL_EDGE, Tone::Paper),
    ]
}

#[cfg(test)]
mod tests {
    use super::{TOWEL_EDGE, between};
    use crate::figure::side::TOWEL_W;
    use crate::figure::{Tone, v};

    /// A towel behind the back runs from hand to hand as a flat band: a
    /// dark stroke with a white one inside it, so it reads as cloth, not as
    /// an arm or a stick.
    #[test]
    fn a_towel_behind_the_back_is_a_flat_band_from_hand_to_hand() {
        let (a, b) = (v(10.0, 80.0), v(6.0, 45.0));
        let [edge, inside] = between(a, b);
        assert_eq!(edge.points, vec![(10.0, 80.0), (6.0, 45.0)]);
        assert_eq!(inside.points, edge.points);
        assert_eq!((edge.tone, inside.tone), (Tone::Towel, Tone::Paper));
        assert!((edge.width - inside.width - 2.0 * TOWEL_EDGE).abs() < 1e-6);
        assert_eq!(edge.width, TOWEL_W);
    }
}
