//! The two views for rotations, where a side view would hide the motion.
//!
//! `feet`: lying on the back, seen from the feet. Shoulders and arms lie
//! flat on the floor; the bent knees stand up (`legs = 0`) or drop to one
//! side (`legs` degrees, positive to the viewer's right) with the pelvis
//! rolling a quarter as far.
//!
//! `front`: sitting on a chair, seen from the front. The shoulders turn
//! over the hips (`turn` degrees, positive to the patient's right, which is
//! the viewer's left), which narrows them as seen; each hand reaches a named
//! place, the elbow bending outward; a hand on the chair's back is behind
//! the body.

use toml_edit::TableLike;

use super::read::{Ctx, Name, Num, Scene};
use super::side::{
    FOREARM, FOREARM_W, HEAD_R, LOWER_BACK, NECK, SHIN_W, THIGH_W, TOUCH, TRUNK_W, UPPER_ARM,
    UPPER_ARM_W, UPPER_BACK,
};
use super::{Mark, Tone, V, disc, mark, v};

/// Rotation views are drawn larger than side views: they show less of
/// the body.
const FEET_SCALE: f32 = 1.1;

const SHOULDER_HALF: f32 = 17.0;
/// Height of a chair seat.
const SEAT: f32 = 22.0;
/// Height of the bent knees above the floor, seen from the feet.
const KNEE_UP: f32 = 26.0;
const PILLOW: f32 = 6.0;
const TARGETS: &[&str] = &["thigh", "knee", "left_knee", "right_knee", "chair_back"];

type Poses<'a> = [(
    &'static str,
    &'a dyn TableLike,
    Option<std::ops::Range<usize>>,
)];

fn tones(i: usize, count: usize) -> (Tone, Tone) {
    if i + 1 == count {
        (Tone::After, Tone::AfterFar)
    } else {
        (Tone::Before, Tone::BeforeFar)
    }
}

fn scaled(marks: &mut [Mark], joints: &mut [(&'static str, V)], k: f32) {
    for m in marks.iter_mut() {
        m.width *= k;
        for p in &mut m.points {
            *p = (p.0 * k, p.1 * k);
        }
    }
    for (_, p) in joints.iter_mut() {
        *p = p.mul(k);
    }
}

fn check_props(ctx: &mut Ctx, props: &[Name], allowed: &[&str]) {
    for prop in props {
        if !allowed.contains(&prop.value.as_str()) {
            ctx.unknown(prop, "prop for this view", allowed);
        }
    }
}

fn need_words(ctx: &mut Ctx, position: &str, words: &[&str], view: &str, shows: &str) {
    if !words.iter().any(|w| position.contains(w)) {
        let span = ctx.span.clone();
        ctx.error(
            span,
            format!("a `{view}` view shows {shows}, but the exercise starts \"{position}\""),
        );
    }
}

fn range(ctx: &mut Ctx, pose: &str, n: &Num, words: &str, least: i32, most: i32) {
    if !(least..=most).contains(&n.v) {
        ctx.error(
            n.span.clone(),
            format!(
                "`{pose}`: a {words} of {}° is outside the human range ({least}° to {most}°)",
                n.v
            ),
        );
    }
}

/// Lying on the back, seen from the feet.
pub fn feet(ctx: &mut Ctx, poses: &Poses, props: &[Name], position: &str) -> Option<Scene> {
    check_props(ctx, props, &["pillow"]);
    need_words(
        ctx,
        position,
        &["lying on your back"],
        "feet",
        "lying on the back",
    );
    let pillow = props.iter().any(|p| p.value == "pillow");
    let mut legs: Vec<Num> = Vec::new();
    for &(name, table, _) in poses {
        ctx.only_keys(table, &["legs"], &format!("the figure's `{name}` position"));
        let n = ctx.int(table, "legs").or(legs.last().cloned());
        let n = n.unwrap_or(Num { v: 0, span: None });
        range(ctx, name, &n, "leg drop", -75, 75);
        legs.push(n);
    }
    if !ctx.ok {
        return None;
    }
    let lift = if pillow { PILLOW } else { 0.0 };
    let head = v(0.0, lift + HEAD_R);
    let y = TRUNK_W / 2.0;
    // The head, shoulders and arms do not move: drawn once, behind the legs.
    let mut marks = Vec::new();
    if pillow {
        marks.push(mark(
            &[v(-8.0, lift / 2.0), v(8.0, lift / 2.0)],
            lift,
            Tone::Prop,
        ));
    }
    // The head is drawn over the start position's legs, though they are
    // nearer: it is what shows the view is from the feet. Head, shoulders
    // and arms do not move, so they are a shade lighter than the end
    // position's legs: at sheet size black on black read as one blob.
    let mut upper = vec![
        disc(head, HEAD_R, Tone::AfterFar),
        mark(
            &[v(-SHOULDER_HALF, y), v(SHOULDER_HALF, y)],
            TRUNK_W,
            Tone::AfterFar,
        ),
    ];
    for s in [-1.0, 1.0] {
        let elbow = v(s * (SHOULDER_HALF + UPPER_ARM), UPPER_ARM_W / 2.0);
        let hand = v(s * (SHOULDER_HALF + UPPER_ARM + FOREARM), FOREARM_W / 2.0);
        upper.push(mark(
            &[v(s * SHOULDER_HALF, UPPER_ARM_W / 2.0), elbow],
            UPPER_ARM_W,
            Tone::AfterFar,
        ));
        upper.push(mark(&[elbow, hand], FOREARM_W, Tone::AfterFar));
    }
    let mut joints = Vec::new();
    for (i, n) in legs.iter().enumerate() {
        let (tone, far) = tones(i, legs.len());
        let drop = n.f();
        let side = if drop < 0.0 { -1.0 } else { 1.0 };
        if i + 1 == legs.len() {
            marks.append(&mut upper);
        }
        // Seen from the feet each leg is its shin, standing on the foot; the
        // knees turn about the feet, which stay on the floor.
        let foot = |s: f32| v(s * 5.5, THIGH_W / 2.0);
        let knee = |s: f32| foot(s).add(rotate(v(-s, KNEE_UP - THIGH_W / 2.0), -drop));
        // The leg the knees drop towards lies underneath.
        marks.push(mark(&[foot(side), knee(side)], THIGH_W, far));
        marks.push(mark(&[foot(-side), knee(-side)], THIGH_W, tone));
        for s in [-1.0, 1.0] {
            if knee(s).y - THIGH_W / 2.0 < -TOUCH {
                ctx.error(
                    n.span.clone(),
                    format!("`{}`: the knees would go through the floor", poses[i].0),
                );
            }
        }
        let mid = knee(-1.0).add(knee(1.0)).mul(0.5);
        joints.push(vec![
            ("head", head),
            ("pelvis", v(0.0, y)),
            ("knees", mid),
            ("left_knee", knee(-1.0)),
            ("right_knee", knee(1.0)),
            ("feet", v(0.0, 0.0)),
        ]);
    }
    if !ctx.ok {
        return None;
    }
    for j in &mut joints {
        scaled(&mut [], j, FEET_SCALE);
    }
    scaled(&mut marks, &mut [], FEET_SCALE);
    Some(Scene {
        marks,
        front: Vec::new(),
        joints,
        floor: Some(0.0),
    })
}

fn rotate(p: V, deg: f32) -> V {
    let (s, c) = deg.to_radians().sin_cos();
    v(p.x * c - p.y * s, p.x * s + p.y * c)
}

/// Sitting on a chair, seen from the front. The patient's left is the
/// viewer's right.
pub fn front(ctx: &mut Ctx, poses: &Poses, props: &[Name], position: &str) -> Option<Scene> {
    check_props(ctx, props, &["chair"]);
    need_words(ctx, position, &["sitting", "seated"], "front", "sitting");
    let chair = props.iter().any(|p| p.value == "chair");
    let mut read: Vec<(Num, [Name; 2])> = Vec::new();
    for (name, table, span) in poses {
        let (name, table) = (*name, *table);
        ctx.only_keys(
            table,
            &["turn", "hands"],
            &format!("the figure's `{name}` position"),
        );
        let turn = ctx
            .int(table, "turn")
            .or(read.last().map(|r| r.0.clone()))
            .unwrap_or(Num { v: 0, span: None });
        range(ctx, name, &turn, "trunk turn", -60, 60);
        let hands = if table.get("hands").is_some() {
            let names = ctx.names(table, "hands");
            match <[Name; 2]>::try_from(names) {
                Ok(pair) => Some(pair),
                Err(_) => {
                    let at = table.get("hands").and_then(|i| i.span()).map(Into::into);
                    ctx.error(at, "`hands` names two places: [left hand, right hand]");
                    None
                }
            }
        } else {
            read.last().map(|r| r.1.clone())
        };
        let hands = hands.unwrap_or_else(|| {
            let at = span.clone().map(Into::into);
            if ctx.ok {
                ctx.error(at, format!("`{name}` needs `hands = [left, right]`"));
            }
            let none = || Name::new("thigh".to_owned(), None::<crate::diag::Span>);
            [none(), none()]
        });
        for hand in &hands {
            if !TARGETS.contains(&hand.value.as_str()) {
                ctx.unknown(hand, "place for a hand", TARGETS);
            }
        }
        read.push((turn, hands));
    }
    if !ctx.ok {
        return None;
    }
    // Viewer's x of a point on the patient's side `s` (-1 left, 1 right).
    let x = |s: f32, d: f32| -s * d;
    let hip = v(0.0, SEAT + TRUNK_W / 2.0);
    let neck = v(0.0, hip.y + LOWER_BACK + UPPER_BACK);
    let mut marks = Vec::new();
    if chair {
        let back = neck.y + 2.0;
        for s in [-1.0, 1.0] {
            marks.push(mark(
                &[v(x(s, 15.0), back), v(x(s, 15.0), 0.0)],
                2.2,
                Tone::Prop,
            ));
        }
        marks.push(mark(&[v(-15.0, back), v(15.0, back)], 2.6, Tone::Prop));
        marks.push(mark(
            &[v(-17.0, SEAT - 1.3), v(17.0, SEAT - 1.3)],
            2.6,
            Tone::Prop,
        ));
    }
    // Hips, legs and trunk stay put: drawn once.
    for s in [-1.0, 1.0] {
        let knee = v(x(s, 8.5), SEAT + 1.0);
        marks.push(mark(&[v(x(s, 7.0), hip.y), knee], THIGH_W, Tone::After));
        marks.push(mark(
            &[knee, v(x(s, 9.0), SHIN_W / 2.0)],
            SHIN_W,
            Tone::After,
        ));
    }
    marks.push(mark(
        &[v(-10.0, hip.y), v(10.0, hip.y)],
        TRUNK_W,
        Tone::After,
    ));
    let trunk = mark(&[hip, neck], TRUNK_W, Tone::After);
    let mut joints = Vec::new();
    let mut front_marks = Vec::new();
    for (i, (turn, hands)) in read.iter().enumerate() {
        let (tone, _) = tones(i, read.len());
        let t = turn.f();
        // Turning narrows the shoulders as the viewer sees them.
        let shoulder = |s: f32| v(x(s, SHOULDER_HALF * t.to_radians().cos()), neck.y);
        let head = v(0.0, neck.y + NECK);
        let mut named = vec![("head", head), ("hips", hip)];
        let mut behind = Vec::new();
        let mut over = Vec::new();
        for (k, s) in [(0, -1.0), (1, 1.0)] {
            let target = hands[k].value.as_str();
            let goal = match target {
                "thigh" => v(x(s, 9.0), hip.y + 1.0),
                "knee" => v(x(s, 8.5), SEAT + 7.0),
                "left_knee" => v(x(-1.0, 8.5), SEAT + 7.0),
                "right_knee" => v(x(1.0, 8.5), SEAT + 7.0),
                _ => v(x(s, 15.0), neck.y - 12.0),
            };
            let from = shoulder(s);
            let Some(elbow) = elbow(from, goal, if x(s, 1.0) < 0.0 { -1.0 } else { 1.0 }) else {
                ctx.error(
                    hands[k].span.clone(),
                    format!(
                        "`{}`: the {} hand cannot reach `{target}`",
                        poses[i].0,
                        if s < 0.0 { "left" } else { "right" }
                    ),
                );
                continue;
            };
            // A hand on the chair's back is behind the body.
            let arm = [
                mark(&[from, elbow], UPPER_ARM_W, tone),
                mark(&[elbow, goal], FOREARM_W, tone),
            ];
            if target == "chair_back" {
                behind.extend(arm);
            } else {
                over.extend(arm);
            }
            named.push((if s < 0.0 { "left_hand" } else { "right_hand" }, goal));
        }
        marks.extend(behind);
        let mut upper = vec![trunk.clone()];
        upper[0].tone = tone;
        upper.push(mark(&[shoulder(-1.0), shoulder(1.0)], TRUNK_W, tone));
        upper.push(disc(head, HEAD_R, tone));
        // A nose shows which way a turned head faces.
        if t.abs() >= 10.0 {
            let side = -t.signum() * t.to_radians().sin().abs();
            upper.push(mark(
                &[
                    head.add(v(side * (HEAD_R - 1.0), -1.0)),
                    head.add(v(side * (HEAD_R + 2.2), -1.5)),
                ],
                2.6,
                tone,
            ));
        }
        upper.extend(over);
        if i + 1 == read.len() {
            front_marks = upper;
        } else {
            marks.extend(upper);
        }
        joints.push(named);
    }
    if !ctx.ok {
        return None;
    }
    marks.extend(front_marks);
    Some(Scene {
        marks,
        front: Vec::new(),
        joints,
        floor: Some(0.0),
    })
}

/// Where the elbow shows for the hand to reach `goal` from `shoulder`: an
/// arm that does not need its full length bends partly out of sight, so the
/// elbow bulges out from the straight line only a little, away from the
/// body's midline (`side` is -1 left, 1 right of the drawing). `None` when
/// the arm is too short.
fn elbow(shoulder: V, goal: V, side: f32) -> Option<V> {
    let d = goal.sub(shoulder);
    let dist = d.len();
    let reach = UPPER_ARM + FOREARM;
    if dist > reach {
        return None;
    }
    let mid = shoulder.add(d.mul(0.5));
    let bulge = 0.45
        * ((reach / 2.0).powi(2) - (dist / 2.0).powi(2))
            .max(0.0)
            .sqrt();
    let n = if dist > 1e-3 {
        d.mul(1.0 / dist).left()
    } else {
        v(1.0, 0.0)
    };
    let n = if n.x * side >= 0.0 { n } else { n.mul(-1.0) };
    Some(mid.add(n.mul(bulge)))
}
