//! What the front view (`seated`) needs for the shoulder exercises done
//! standing or against a door: arm poses a place on the body cannot say
//! (an elbow tucked at the side with the forearm turned in or out, an arm
//! drawn across the chest and the hand that holds it), straight standing
//! legs, and the two things the arm works against: a door frame beside
//! the working hand (`doorway`) and an elastic band tied to a door
//! (`band`).
//!
//! The working arm is the patient's right, the one nearest the camera.
//! Points are in the room of the front view (x to the patient's left, y
//! towards the viewer, z up), before the camera turns them into strokes.

use super::read::Prop;
use super::side::{FOREARM, HAND_R, HEAD_R, NECK, SHIN, SHIN_W, THIGH, TOWEL_W, UPPER_ARM};
use super::space::{P3, add, sub};
use super::{Mark, PROP_W, Tone, V, mark};

/// The hand places of this module, beside `seated`'s places on the body.
pub const POSES: &[&str] = &[
    "frame",
    "front",
    "out",
    "in",
    "across",
    "other_arm",
    "head",
    "back",
];
/// The poses whose hand is behind the body, drawn before it.
pub const BEHIND: &[&str] = &["head", "back"];
/// The props of this module.
pub const PROPS: &[Prop] = &[Prop::Doorway, Prop::Band];
/// Half the width of a doorway, to the hands on its frame, and how far
/// each shoulder is from the middle of the body.
const FRAME_HALF: f32 = 28.0;
const SHOULDER_GAP: f32 = 14.0;
/// How far below the shoulders the hands rest behind the low back.
const UPPER_BACK_DROP: f32 = 24.0;
/// How far `out` and `in` turn the forearm from pointing forward.
const OUT: f32 = 60.0;
const IN: f32 = 70.0;
/// A door frame's post: its width across the doorway and its depth.
const POST_W: f32 = 4.0;
const POST_DEPTH: f32 = 14.0;
/// How far the band's door stands out to the side of the body.
const BAND_DOOR: f32 = 46.0;

fn scale(a: P3, k: f32) -> P3 {
    [a[0] * k, a[1] * k, a[2] * k]
}

/// The body a pose is placed against: where each shoulder is, the
/// patient's left and the way the chest faces (both level unit vectors).
pub struct Frame {
    pub shoulders: [P3; 2],
    pub left: P3,
    pub facing: P3,
}

/// Elbow and hand of an arm in `pose` on `side` (1 the patient's left, -1
/// the right): `front`, `out` and `in` keep the upper arm hanging, the
/// elbow at the side bent to a right angle, the forearm forward, turned
/// out to its own side or in across the belly; `across` reaches the arm
/// straight across the chest past the other shoulder. `other_arm` is
/// placed by `hold`, once the other arm is. `None` for any other name.
pub fn pose(name: &str, side: f32, body: &Frame) -> Option<(P3, P3)> {
    let k = usize::from(side < 0.0);
    let shoulder = body.shoulders[k];
    let elbow = add(shoulder, [0.0, 0.0, -UPPER_ARM]);
    let forearm = |turn: f32| {
        let (s, c) = turn.to_radians().sin_cos();
        add(
            scale(body.facing, c * FOREARM),
            scale(body.left, side * s * FOREARM),
        )
    };
    match name {
        "front" => Some((elbow, add(elbow, forearm(0.0)))),
        "out" => Some((elbow, add(elbow, forearm(OUT)))),
        "in" => Some((elbow, add(elbow, forearm(-IN)))),
        "across" => {
            // The hand just past the other shoulder, in front of the
            // chest and a little below it: all but straight.
            let other = body.shoulders[1 - k];
            let hand = add(
                add(other, scale(body.left, -side * 4.0)),
                add(scale(body.facing, 13.0), [0.0, 0.0, -4.0]),
            );
            super::seated::elbow(shoulder, hand, body.facing).map(|elbow| (elbow, hand))
        }
        // A hand on the door frame, out to its own side a little above
        // the head, the elbow bent out and down (the door lean).
        "frame" => {
            let hand = add(
                add(
                    shoulder,
                    scale(body.left, side * (FRAME_HALF - SHOULDER_GAP)),
                ),
                add(scale(body.facing, -3.0), [0.0, 0.0, NECK + 4.0]),
            );
            let toward = add(scale(body.left, side), [0.0, 0.0, -1.0]);
            super::seated::elbow(shoulder, hand, toward).map(|elbow| (elbow, hand))
        }
        // Hands behind the head or the low back, the elbows out to the
        // sides and pressed back.
        "head" | "back" => {
            let out = scale(body.left, side);
            let behind = scale(body.facing, -1.0);
            let (centre, up) = if name == "head" {
                let head = add(body.shoulders[0], body.shoulders[1]);
                (add(scale(head, 0.5), [0.0, 0.0, NECK]), 0.1)
            } else {
                let neck = scale(add(body.shoulders[0], body.shoulders[1]), 0.5);
                (add(neck, [0.0, 0.0, -UPPER_BACK_DROP]), 0.0)
            };
            let hand = add(add(centre, scale(behind, HEAD_R + 1.0)), scale(out, 2.0));
            let toward = add(add(out, scale(behind, 0.4)), [0.0, 0.0, up]);
            super::seated::elbow(shoulder, hand, toward).map(|elbow| (elbow, hand))
        }
        _ => None,
    }
}

/// Where a hand holding the other arm (`other_arm`) grips it: on its
/// upper arm, above the elbow, on the side facing the viewer.
pub fn hold(other_shoulder: P3, other_elbow: P3, facing: P3) -> P3 {
    let above = add(other_shoulder, scale(sub(other_elbow, other_shoulder), 0.8));
    add(above, scale(facing, 2.0))
}

/// Straight standing legs under `hip` (the middle of the hips, `half`
/// from each hip joint), feet flat and pointing the way the hips face;
/// the patient's left leg (the far one) first.
pub fn standing_legs(hip: P3, half: f32, tone: Tone, see: impl Fn(P3) -> V) -> Vec<Mark> {
    use super::side::{FOOT, THIGH_W};
    let mut marks = Vec::new();
    for s in [1.0, -1.0] {
        let top = add(hip, [s * half, 0.0, 0.0]);
        let knee = add(top, [0.0, 0.0, -THIGH]);
        let ankle = [top[0], top[1], SHIN_W / 2.0];
        let toe = add(ankle, [0.0, FOOT, 0.0]);
        marks.push(mark(&[see(top), see(knee)], THIGH_W, tone));
        marks.push(mark(&[see(knee), see(ankle), see(toe)], SHIN_W, tone));
    }
    marks
}

/// The height of the hips' middle when standing straight.
pub const STANDING_HIP: f32 = THIGH + SHIN + SHIN_W / 2.0;

/// A door frame's post beside the right hand of the last position: on
/// the outside of a hand turned `out`, on the inside of one held `in`
/// front (`front`, `in`), so the hand presses into it; from the floor line
/// to above the head (`span`: the head's top and the floor line), drawn as
/// a block with its depth.
pub fn doorway(hand: P3, name: &str, span: (f32, f32), see: impl Fn(P3) -> V) -> Vec<Mark> {
    if name == "frame" {
        return frame(hand, span, see);
    }
    // The right hand's outside is the patient's right (-x).
    let x = if name == "out" {
        hand[0] - HAND_R - POST_W / 2.0
    } else {
        hand[0] + HAND_R + POST_W / 2.0
    };
    post(x, hand[1] - POST_DEPTH / 2.0, (span.0 + NECK, span.1), &see)
}

/// A whole door frame round a body whose hands rest on it (`frame`): a
/// post on each side just beyond the hands, their front faces where the
/// hands press, and the top of the frame across above the head.
fn frame(hand: P3, span: (f32, f32), see: impl Fn(P3) -> V) -> Vec<Mark> {
    let x = hand[0].abs() + HAND_R + POST_W / 2.0;
    let y = hand[1] - HAND_R - POST_DEPTH;
    let top = span.0 + NECK;
    let mut marks = post(-x, y, (top, span.1), &see);
    marks.extend(post(x, y, (top, span.1), &see));
    let front = y + POST_DEPTH;
    marks.push(mark(
        &[see([-x, front, top]), see([x, front, top])],
        PROP_W * 2.0,
        Tone::Prop,
    ));
    marks
}

/// An upright block, `POST_W` wide and `POST_DEPTH` deep, its front face
/// towards the viewer, from the drawing's floor line (`span.1`) up to
/// `span.0`: an upright stays upright through the camera, so its foot is
/// put on the line, however far back the post stands.
fn post(x: f32, y: f32, span: (f32, f32), see: &impl Fn(P3) -> V) -> Vec<Mark> {
    let (top, floor) = span;
    let (x0, x1) = (x - POST_W / 2.0, x + POST_W / 2.0);
    let (y0, y1) = (y, y + POST_DEPTH);
    let foot = |p: P3| super::v(see(p).x, floor);
    let front = [
        foot([x0, y1, 0.0]),
        see([x0, y1, top]),
        see([x1, y1, top]),
        foot([x1, y1, 0.0]),
    ];
    vec![
        super::outline(&front, PROP_W, Tone::Prop),
        mark(
            &[see([x0, y1, top]), see([x0, y0, top]), see([x1, y0, top])],
            PROP_W,
            Tone::Prop,
        ),
        mark(
            &[see([x1, y0, top]), see([x1, y1, top])],
            PROP_W,
            Tone::Prop,
        ),
        mark(
            &[see([x1, y0, top]), foot([x1, y0, 0.0])],
            PROP_W,
            Tone::Prop,
        ),
    ]
}

/// An elastic band from the right hand of the last position (`hand`) to
/// a door's edge beside the body at the same height, on the side the
/// hand moves away from (from `start_hand`): a flat band, two dark
/// edges with white between, and the door's edge with its knob.
pub fn band(hand: P3, start_hand: P3, span: (f32, f32), see: impl Fn(P3) -> V) -> Vec<Mark> {
    let away = if hand[0] < start_hand[0] { 1.0 } else { -1.0 };
    let knob = [away * BAND_DOOR, hand[1], hand[2]];
    let mut marks = post(
        knob[0] + away * (POST_W / 2.0 + 1.0),
        hand[1] - POST_DEPTH / 2.0,
        (span.0 + NECK, span.1),
        &see,
    );
    let line = [see(hand), see(knob)];
    marks.push(mark(&line, TOWEL_W, Tone::Towel));
    marks.push(mark(&line, TOWEL_W - 1.6, Tone::Paper));
    marks.push(super::disc(see(knob), 1.8, Tone::Prop));
    marks
}

/// A thin white edge under an arm's strokes, so an arm held in front of
/// the body or across the other arm does not merge with them.
pub fn halo(arm: &[Mark]) -> Vec<Mark> {
    arm.iter()
        .map(|m| Mark {
            width: m.width + 2.0 * super::side::HALO,
            tone: Tone::Paper,
            ..m.clone()
        })
        .collect()
}

/// The top of the head of a body whose neck is at `neck`.
pub fn head_top(neck: P3) -> f32 {
    neck[2] + NECK + HEAD_R
}

#[cfg(test)]
mod tests {
    use super::{Frame, P3, band, doorway, hold, pose, sub};
    use crate::figure::side::{FOREARM, HAND_R, UPPER_ARM};
    use crate::figure::{Mark, V, bounds, v};

    /// Seen straight from the front: x across, z up.
    fn flat(p: P3) -> V {
        v(p[0], p[2])
    }

    fn reach(a: P3, b: P3) -> f32 {
        let d = sub(b, a);
        (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
    }

    fn body() -> Frame {
        Frame {
            shoulders: [[14.0, 0.0, 60.0], [-14.0, 0.0, 60.0]],
            left: [1.0, 0.0, 0.0],
            facing: [0.0, 1.0, 0.0],
        }
    }

    /// The band rotations: the elbow stays at the side, the forearm keeps
    /// its length and turns out to the arm's own side or in across the
    /// belly, past the middle of the body.
    #[test]
    fn a_forearm_turns_out_or_in_about_an_elbow_kept_at_the_side() {
        let body = body();
        let (elbow, front) = pose("front", -1.0, &body).expect("front");
        assert!((reach(body.shoulders[1], elbow) - UPPER_ARM).abs() < 1e-3);
        for name in ["out", "in"] {
            let (e, hand) = pose(name, -1.0, &body).expect(name);
            assert_eq!(e, elbow, "{name}: the elbow stays at the side");
            assert!((reach(e, hand) - FOREARM).abs() < 1e-3, "{name}");
        }
        let out = pose("out", -1.0, &body).expect("out").1;
        let inward = pose("in", -1.0, &body).expect("in").1;
        // The right arm: out is further to the patient's right (-x) than
        // straight ahead, in crosses the middle to the left.
        assert!(out[0] < front[0] - 10.0, "{out:?}");
        assert!(inward[0] > 0.0, "{inward:?}");
        assert!(pose("wave", -1.0, &body).is_none());
    }

    /// The cross-body stretch: the arm reaches past the other shoulder in
    /// front of the chest, no longer than an arm, and the other hand
    /// holds it above the elbow.
    #[test]
    fn an_arm_across_the_chest_reaches_past_the_other_shoulder() {
        let body = body();
        let (elbow, hand) = pose("across", -1.0, &body).expect("across");
        assert!(hand[0] > body.shoulders[0][0], "{hand:?}");
        assert!(hand[1] > 5.0, "in front of the chest: {hand:?}");
        assert!(reach(body.shoulders[1], hand) <= UPPER_ARM + FOREARM);
        let grip = hold(body.shoulders[1], elbow, body.facing);
        assert!(reach(grip, elbow) < reach(grip, body.shoulders[1]));
    }

    /// A door frame stands against the side of the hand that presses: the
    /// outside of a right hand turned out, the inside of one held in
    /// front; it stands on the floor line and rises above the head.
    #[test]
    fn a_door_frame_stands_where_the_hand_presses() {
        let hand = [-29.0, 9.0, 45.0];
        let (x0, y0, x1, y1) = bounds(&doorway(hand, "out", (90.0, 0.0), flat));
        assert!(x1 <= hand[0] - HAND_R + 1.0, "outside: {x1}");
        assert!(y0.abs() < 1.0 && y1 > 90.0, "{y0} {y1}");
        let (x0_in, ..) = bounds(&doorway(hand, "front", (90.0, 0.0), flat));
        assert!(x0_in >= hand[0] + HAND_R - 1.0, "inside: {x0_in}");
        assert!(x0 < x0_in);
    }

    /// The band is tied on the side the hand moves away from: to the
    /// patient's left for a right arm turning out, to the right for one
    /// turning in; it runs from the hand to the knob at the hand's height.
    #[test]
    fn a_band_is_tied_on_the_side_the_hand_moves_away_from() {
        let (out, inward) = ([-29.0, 9.0, 45.0], [-3.0, 6.0, 45.0]);
        let knob = |marks: &[Mark]| marks.last().expect("the knob").points[0];
        let turning_out = band(out, inward, (90.0, 0.0), flat);
        let turning_in = band(inward, out, (90.0, 0.0), flat);
        assert!(knob(&turning_out).0 > 30.0, "{:?}", knob(&turning_out));
        assert!(knob(&turning_in).0 < -30.0, "{:?}", knob(&turning_in));
        assert!((knob(&turning_out).1 - 45.0).abs() < 1e-3);
    }

    /// Hands behind the head or the low back: the hand is behind the
    /// body, the elbow out past the shoulder, and the arm keeps its length.
    #[test]
    fn hands_behind_the_head_or_back_put_the_elbows_out_to_the_sides() {
        let body = body();
        for name in ["head", "back"] {
            for (k, side) in [(0, 1.0), (1, -1.0)] {
                let (elbow, hand) = pose(name, side, &body).expect(name);
                assert!(hand[1] < 0.0, "{name}: the hand is behind: {hand:?}");
                assert!(elbow[0] * side > body.shoulders[k][0] * side, "{name}");
                assert!((reach(body.shoulders[k], elbow) - UPPER_ARM).abs() < 1e-3);
                assert!((reach(elbow, hand) - FOREARM).abs() < 1e-3);
            }
        }
        let head = pose("head", 1.0, &body).expect("head").1;
        let back = pose("back", 1.0, &body).expect("back").1;
        assert!(head[2] > body.shoulders[0][2] && back[2] < body.shoulders[0][2]);
    }

    /// The door lean: each hand on the frame out to its own side, above
    /// the shoulder, and the frame's two posts just beyond the hands,
    /// joined across above the head.
    #[test]
    fn hands_on_a_door_frame_stand_inside_its_two_posts() {
        let body = body();
        let (_, right) = pose("frame", -1.0, &body).expect("frame");
        let (_, left) = pose("frame", 1.0, &body).expect("frame");
        assert!(right[0] < body.shoulders[1][0] && left[0] > body.shoulders[0][0]);
        assert!(right[2] > body.shoulders[1][2] + 10.0, "{right:?}");
        let (x0, _, x1, y1) = bounds(&doorway(right, "frame", (90.0, 0.0), flat));
        assert!(x0 < right[0] - HAND_R && x1 > left[0] + HAND_R, "{x0} {x1}");
        assert!(y1 > 90.0);
    }
}
