//! The view from above (lying on the back), where a side view would hide
//! knees that drop to one side, and what the other oblique views share
//! (tones, prop and position checks, ranges).
//!
//! `above`: lying on the back, seen from above. The upper body lies still;
//! the bent knees point up (`legs = 0`) or drop to one side (`legs`
//! degrees, positive to the patient's right), which from above swings them
//! out sideways, or fall apart, each to its own side (`apart` degrees). The seated view is in `seated`.

use toml_edit::TableLike;

use super::read::{Ctx, Name, Num, Prop, Scene};
use super::side::{
    FOREARM, FOREARM_W, HAND_R, HEAD_R, HIP_HALF, LOWER_BACK, NECK, SHIN_W, THIGH_W, TRUNK_W,
    UPPER_ARM, UPPER_ARM_W, UPPER_BACK,
};
use super::space::{Bends, Camera, Leg, P3, add};
use super::{Mark, PROP_W, Tone, V, disc, mark, outline};
use crate::fields::Spanned;

const SHOULDER_HALF: f32 = 17.0;

pub(super) type Poses<'a> = [(
    &'static str,
    &'a dyn TableLike,
    Option<std::ops::Range<usize>>,
)];

pub(super) fn tones(i: usize, count: usize) -> (Tone, Tone) {
    if i + 1 == count {
        (Tone::After, Tone::AfterFar)
    } else {
        (Tone::Before, Tone::BeforeFar)
    }
}

/// The props a view other than the side view draws (`allowed`), read
/// from what the figure names; any other is an error.
pub(super) fn check_props(ctx: &mut Ctx, props: &[Name], allowed: &[Prop]) -> Vec<Spanned<Prop>> {
    ctx.known(props, allowed, "prop for this view")
}

pub(super) fn need_words(ctx: &mut Ctx, position: &str, words: &[&str], view: &str, shows: &str) {
    if !words.iter().any(|w| position.contains(w)) {
        let span = ctx.span.clone();
        ctx.error(
            span,
            format!("the `{view}` view shows {shows}, but the exercise starts \"{position}\""),
        );
    }
}

pub(super) fn range(ctx: &mut Ctx, pose: &str, n: &Num, words: &str, least: i32, most: i32) {
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

/// Lying on the back, seen from high above the patient's right side:
/// the body lies across the drawing, the head on its pillow on the left, the arms lie out on
/// the floor, and the bent knees point up at the viewer (`legs = 0`) or
/// drop to one side (`legs` degrees, positive to the patient's right,
/// towards the viewer) while the feet stay. The legs are placed in 3D, so a
/// knee that drops keeps the lengths of its thigh and shin.
pub fn above(ctx: &mut Ctx, poses: &Poses, props: &[Name], position: &str) -> Option<Scene> {
    let props = check_props(ctx, props, &[Prop::Pillow, Prop::Mat]);
    need_words(
        ctx,
        position,
        &["lying on your back"],
        "above",
        "lying on the back",
    );
    let mut legs: Vec<(Num, Num)> = Vec::new();
    for &(name, table, _) in poses {
        ctx.only_keys(
            table,
            &["legs", "apart"],
            &format!("the figure's `{name}` position"),
        );
        let last = legs.last().cloned();
        let n = ctx.int(table, "legs").or(last.clone().map(|l| l.0));
        let n = n.unwrap_or(Num { v: 0, span: None });
        range(ctx, name, &n, "leg drop", -75, 75);
        let apart = ctx.int(table, "apart").or(last.map(|l| l.1));
        let apart = apart.unwrap_or(Num { v: 0, span: None });
        range(ctx, name, &apart, "knees apart", 0, 60);
        // Each knee keeps within the drop that leaves it off the floor.
        if n.v.abs() + apart.v > 75 {
            ctx.error(
                apart.span.clone(),
                format!(
                    "`{name}`: a leg drop of {}° with the knees {}° apart takes one knee past 75°",
                    n.v, apart.v
                ),
            );
        }
        legs.push((n, apart));
    }
    if !ctx.ok {
        return None;
    }
    let has = |prop: Prop| props.iter().any(|p| p.value == prop);
    let pillow = if has(Prop::Pillow) { PILLOW } else { 0.0 };
    let pelvis = [NECK + UPPER_BACK + LOWER_BACK, 0.0, TRUNK_W / 2.0];
    let mut marks = Vec::new();
    if has(Prop::Mat) {
        let corners = [[-12.0, -40.0], [-12.0, 40.0], [96.0, 40.0], [96.0, -40.0]];
        let pts: Vec<V> = corners
            .iter()
            .map(|c| from_feet([c[0], c[1], 0.0]))
            .collect();
        marks.push(outline(&pts, PROP_W, Tone::Prop));
    }
    if pillow > 0.0 {
        let corners = [[-7.0, -11.0], [-7.0, 11.0], [7.0, 11.0], [7.0, -11.0]];
        let pts: Vec<V> = corners
            .iter()
            .map(|c| from_feet([c[0], c[1], pillow]))
            .collect();
        marks.push(outline(&pts, PROP_W, Tone::Prop));
    }
    // The upper body does not move: drawn once, under the legs.
    marks.extend(upper_body_lying(pillow));
    let joints = legs_lying(&legs, pelvis, pillow, &mut marks);
    Some(Scene {
        marks,
        front: Vec::new(),
        joints,
        floor: None,
    })
}

/// The bent legs of each position (`legs`: how far the knees drop
/// together; `apart`: how far each falls out to its own side, the feet
/// staying), seen from above, onto `marks`; each position's named joints.
fn legs_lying(
    legs: &[(Num, Num)],
    pelvis: P3,
    pillow: f32,
    marks: &mut Vec<Mark>,
) -> Vec<Vec<(&'static str, V)>> {
    let mut joints = Vec::new();
    for (i, (n, apart)) in legs.iter().enumerate() {
        let (tone, far) = tones(i, legs.len());
        // Within the allowed drop the knees stay off the floor (tested).
        // The left leg (s = 1) falls apart to the patient's left, which
        // is a negative drop.
        let pose: Vec<Leg> = [1.0, -1.0]
            .map(|s| Leg::bent(pelvis, s, CROOK).dropped(n.f() - s * apart.f()))
            .into();
        // The leg on the side the knees drop to lies under the other one.
        let under = usize::from(n.f() > 0.0);
        for (k, leg) in [&pose[under], &pose[1 - under]].into_iter().enumerate() {
            let tone = if k == 0 && i + 1 == legs.len() && n.v != 0 {
                far
            } else {
                tone
            };
            let [hip, knee, ankle, toe] = [leg.hip, leg.knee, leg.ankle, leg.toe].map(from_feet);
            marks.push(mark(&[hip, knee], THIGH_W, tone));
            marks.push(mark(&[knee, ankle, toe], SHIN_W, tone));
        }
        let (left, right) = (from_feet(pose[0].knee), from_feet(pose[1].knee));
        joints.push(vec![
            ("head", from_feet([0.0, 0.0, HEAD_R + pillow])),
            ("pelvis", from_feet(pelvis)),
            ("knees", left.add(right).mul(0.5)),
            ("left_knee", left),
            ("right_knee", right),
            (
                "feet",
                from_feet(pose[0].ankle)
                    .add(from_feet(pose[1].ankle))
                    .mul(0.5),
            ),
        ]);
    }
    joints
}

/// The camera for lying on the back: high above the patient's right side
/// (60° up), so the whole body reads as seen from above, arms out on the
/// floor, head on the left, one view throughout (a lower camera mixed a
/// view from above for the arms with a side view for the head and legs),
/// and knees dropping to either side swing down or up.
const SIDE_CAMERA: Camera = Camera {
    elevation: 60.0,
    yaw: 0.0,
};

/// Where a point of the patient's frame shows: the patient's right is
/// nearest the viewer.
fn from_feet(p: P3) -> V {
    SIDE_CAMERA.see([p[0], -p[1], p[2]])
}

/// Hip, knee and ankle bends of lying with the knees up and the feet flat,
/// as in the side views' crook lying.
const CROOK: Bends = Bends {
    hip: 45.0,
    knee: 100.0,
    ankle: -35.0,
};
/// How high a pillow lifts the head.
const PILLOW: f32 = 4.0;

/// The upper body lying still, seen from the feet: head (on its pillow,
/// the face to the ceiling), arms out on the floor, trunk, shoulders, hips.
fn upper_body_lying(pillow: f32) -> Vec<Mark> {
    let head = [0.0, 0.0, HEAD_R + pillow];
    let shoulder = [NECK, 0.0, TRUNK_W / 2.0];
    let pelvis = [NECK + UPPER_BACK + LOWER_BACK, 0.0, TRUNK_W / 2.0];
    let (s, c) = ARMS_OUT.to_radians().sin_cos();
    let mut marks = super::head(
        from_feet(head),
        Some(from_feet([0.0, 0.0, 1.0]).sub(from_feet([0.0, 0.0, 0.0]))),
        Tone::After,
    );
    for side in [-1.0, 1.0] {
        let from = [NECK, side * SHOULDER_HALF, UPPER_ARM_W / 2.0];
        let elbow = add(from, [UPPER_ARM * c, side * UPPER_ARM * s, 0.0]);
        let hand = add(elbow, [FOREARM * c, side * FOREARM * s, 0.0]);
        marks.push(mark(
            &[from_feet(from), from_feet(elbow)],
            UPPER_ARM_W,
            Tone::After,
        ));
        marks.push(mark(
            &[from_feet(elbow), from_feet(hand)],
            FOREARM_W,
            Tone::After,
        ));
        marks.push(disc(from_feet(hand), HAND_R, Tone::After));
    }
    let across = |at: P3, half: f32| {
        [
            from_feet(add(at, [0.0, -half, 0.0])),
            from_feet(add(at, [0.0, half, 0.0])),
        ]
    };
    marks.push(mark(&across(shoulder, SHOULDER_HALF), TRUNK_W, Tone::After));
    marks.push(mark(
        &[from_feet(shoulder), from_feet(pelvis)],
        TRUNK_W,
        Tone::After,
    ));
    marks.push(mark(&across(pelvis, HIP_HALF), TRUNK_W, Tone::After));
    marks
}

/// How far the arms rest out from the body, in degrees from alongside it.
/// The steps leave the arms out (the sources disagree), so they lie
/// relaxed, a little out from the sides.
const ARMS_OUT: f32 = 35.0;
