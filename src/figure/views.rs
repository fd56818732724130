//! The two views for rotations, where a side view would hide the motion.
//!
//! `above`: lying on the back, seen from above. The upper body lies still;
//! the bent knees point up (`legs = 0`) or drop to one side (`legs`
//! degrees, positive to the patient's right), which from above swings them
//! out sideways.
//!
//! `front`: sitting on a chair, seen from the front. The shoulders turn
//! over the hips (`turn` degrees, positive to the patient's right, which is
//! the viewer's left), which narrows them as seen; each hand reaches a named
//! place, the elbow bending outward; a hand on the chair's back is behind
//! the body.

use toml_edit::TableLike;

use super::read::{Ctx, Name, Num, Scene};
use super::side::{
    FOREARM, FOREARM_W, HAND_R, HEAD_R, HIP_HALF, LOWER_BACK, NECK, SHIN_W, THIGH_W, TRUNK_W,
    UPPER_ARM, UPPER_ARM_W, UPPER_BACK,
};
use super::space::{Bends, Camera, Leg, P3, add};
use super::{Mark, PROP_W, Tone, V, disc, mark, outline, v};

const SHOULDER_HALF: f32 = 17.0;
/// How far above the seated patient's eyes the front view looks from, in
/// degrees: enough for a turn of the shoulders to tilt their line.
const FRONT_ELEVATION: f32 = 30.0;
/// Height of a chair seat.
const SEAT: f32 = 22.0;
const TARGETS: &[&str] = &["thigh", "knee", "left_knee", "right_knee", "chair_back"];

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

pub(super) fn check_props(ctx: &mut Ctx, props: &[Name], allowed: &[&str]) {
    for prop in props {
        if !allowed.contains(&prop.value.as_str()) {
            ctx.unknown(prop, "prop for this view", allowed);
        }
    }
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
    check_props(ctx, props, &["pillow", "mat"]);
    need_words(
        ctx,
        position,
        &["lying on your back"],
        "above",
        "lying on the back",
    );
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
    let has = |name: &str| props.iter().any(|p| p.value == name);
    let pillow = if has("pillow") { PILLOW } else { 0.0 };
    let pelvis = [NECK + UPPER_BACK + LOWER_BACK, 0.0, TRUNK_W / 2.0];
    let mut marks = Vec::new();
    if has("mat") {
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

/// The bent legs of each position (`legs`: how far the knees drop), seen
/// from above, onto `marks`; each position's named joints.
fn legs_lying(
    legs: &[Num],
    pelvis: P3,
    pillow: f32,
    marks: &mut Vec<Mark>,
) -> Vec<Vec<(&'static str, V)>> {
    let mut joints = Vec::new();
    for (i, n) in legs.iter().enumerate() {
        let (tone, far) = tones(i, legs.len());
        // Within the allowed drop the knees stay off the floor (tested).
        let pose: Vec<Leg> = [1.0, -1.0]
            .map(|s| Leg::bent(pelvis, s, CROOK).dropped(n.f()))
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

/// Sitting on a chair, seen from the front. The patient's left is the
/// viewer's right.
pub fn front(ctx: &mut Ctx, poses: &Poses, props: &[Name], position: &str) -> Option<Scene> {
    check_props(ctx, props, &["chair"]);
    need_words(ctx, position, &["sitting", "seated"], "front", "sitting");
    let chair = props.iter().any(|p| p.value == "chair");
    let read = read_front(ctx, poses);
    if !ctx.ok {
        return None;
    }
    let hip = v(0.0, SEAT + TRUNK_W / 2.0);
    let neck = v(0.0, hip.y + LOWER_BACK + UPPER_BACK);
    let mut marks = if chair { chair_marks(neck) } else { Vec::new() };
    marks.extend(seated_legs(hip));
    let trunk = mark(&[hip, neck], TRUNK_W, Tone::After);
    let mut joints = Vec::new();
    let mut front_marks = Vec::new();
    for (i, (turn, hands)) in read.iter().enumerate() {
        let (tone, _) = tones(i, read.len());
        let seated = Seated {
            hip,
            neck,
            trunk: &trunk,
            tone,
            t: turn.f(),
        };
        let (behind, over, named) = seated.arms(ctx, poses[i].0, hands);
        marks.extend(behind);
        let mut upper = seated.upper_body();
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

/// Viewer's x of a point `d` from the midline on the patient's side `s`
/// (-1 left, 1 right).
fn x(s: f32, d: f32) -> f32 {
    -s * d
}

/// Each front position's trunk turn and the places its hands reach; a
/// position gives what the one before it does unless it says otherwise.
fn read_front(ctx: &mut Ctx, poses: &Poses) -> Vec<(Num, [Name; 2])> {
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
    read
}

/// The chair: its back up to just above the neck, and the seat.
fn chair_marks(neck: V) -> Vec<Mark> {
    let back = neck.y + 2.0;
    let mut marks = Vec::new();
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
    marks
}

/// Hips and legs stay put: drawn once.
fn seated_legs(hip: V) -> Vec<Mark> {
    let mut marks = Vec::new();
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
    marks
}

/// One front position of the seated body: the trunk turned `t` degrees.
struct Seated<'a> {
    hip: V,
    neck: V,
    trunk: &'a Mark,
    tone: Tone,
    t: f32,
}

/// Arm marks behind the body, arm marks over it, and the named joints.
type Arms = (Vec<Mark>, Vec<Mark>, Vec<(&'static str, V)>);

impl Seated<'_> {
    /// Turning narrows the shoulders as the viewer sees them, and, seen
    /// from a little above, tilts their line against the still hips: the
    /// shoulder that turns back shows higher.
    fn shoulder(&self, s: f32) -> V {
        let (sin, cos) = self.t.to_radians().sin_cos();
        let back = s * SHOULDER_HALF * sin;
        v(
            x(s, SHOULDER_HALF * cos),
            self.neck.y + back * FRONT_ELEVATION.to_radians().sin(),
        )
    }

    fn head(&self) -> V {
        v(0.0, self.neck.y + NECK)
    }

    /// Each hand reaching its place, the elbow bending outward; a hand on
    /// the chair's back is behind the body. A place out of reach is an
    /// error naming the position (`pose`).
    fn arms(&self, ctx: &mut Ctx, pose: &str, hands: &[Name; 2]) -> Arms {
        let (hip, neck, tone) = (self.hip, self.neck, self.tone);
        let chest = v(0.0, neck.y - 8.0);
        let mut named = vec![("head", self.head()), ("chest", chest), ("hips", hip)];
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
            let from = self.shoulder(s);
            let Some(elbow) = elbow(from, goal, if x(s, 1.0) < 0.0 { -1.0 } else { 1.0 }) else {
                ctx.error(
                    hands[k].span.clone(),
                    format!(
                        "`{pose}`: the {} hand cannot reach `{target}`",
                        if s < 0.0 { "left" } else { "right" }
                    ),
                );
                continue;
            };
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
        (behind, over, named)
    }

    /// Trunk, shoulders and head; a nose shows which way a turned head
    /// faces.
    fn upper_body(&self) -> Vec<Mark> {
        let (t, tone, head) = (self.t, self.tone, self.head());
        let mut upper = vec![self.trunk.clone()];
        upper[0].tone = tone;
        upper.push(mark(
            &[self.shoulder(-1.0), self.shoulder(1.0)],
            TRUNK_W,
            tone,
        ));
        upper.push(disc(head, HEAD_R, tone));
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
        upper
    }
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
