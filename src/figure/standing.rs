//! The standing front view (`view = "standing-front"` on an exercise that starts
//! standing): the patient seen straight from the front, facing the viewer,
//! so a leg lifted out to the side, a step sideways or a foot crossed over
//! the other shows, which a side view hides (the movement is towards the
//! viewer there).
//!
//! The patient's left is on the viewer's right. A position gives `legs =
//! [left, right]`, how far each straight leg swings out to its own side
//! from hanging (-30 to 60 degrees; a negative one crosses in front of the
//! other leg and is drawn over it; of two crossing, the one that crosses
//! further), `arms = [left, right]`, how far each
//! straight arm is raised out to its side (0 to 170), `step`, how far the
//! whole body has moved to the patient's left (negative: right), and
//! `rest`, the feet on the floor (`left_foot`, `right_foot`, `feet`). The
//! lowest foot stands on the floor; each foot in `rest` must touch it.
//! Props: `chair`, its back under the right hand of the start position,
//! held as a support.

use super::read::{Ctx, Foot, Known, Name, Num, Prop, Scene};
use super::side::{
    EYE_R, FOREARM, FOREARM_W, HALO, HAND_R, HIP_HALF, LOWER_BACK, NECK, SHIN, SHIN_W, THIGH,
    THIGH_W, TOUCH, TRUNK_W, UPPER_ARM, UPPER_ARM_W, UPPER_BACK,
};
use super::views::{Poses, check_props, need_words, range, tones};
use super::{Mark, PROP_W, Tone, V, dir, disc, mark, v};
use crate::diag::Span;
use crate::fields::Spanned;

const SHOULDER_HALF: f32 = 12.0;
/// A foot seen from the front: a short stroke across the end of the shin,
/// reaching this far below the ankle.
const FOOT_DOWN: f32 = 2.6;
const FOOT_W: f32 = 4.4;
/// Height of a chair's seat.
const SEAT: f32 = 22.0;
/// Depth of a chair's seat, seen from its side.
const SEAT_DEPTH: f32 = 16.0;

/// One position as written.
struct Pose {
    legs: [Num; 2],
    arms: [Num; 2],
    step: Num,
    rest: Vec<Spanned<Foot>>,
}

/// Draw a standing figure from the front.
pub fn draw(ctx: &mut Ctx, poses: &Poses, props: &[Name], position: &str) -> Option<Scene> {
    let props = check_props(ctx, props, &[Prop::Chair]);
    need_words(ctx, position, &["standing"], "standing-front", "standing");
    let read = read_poses(ctx, poses);
    if !ctx.ok {
        return None;
    }
    let bodies: Vec<Body> = read.iter().map(Body::new).collect();
    for ((pose, body), (name, _, span)) in read.iter().zip(&bodies).zip(poses) {
        check_rests(ctx, name, span.clone().map(Into::into), pose, body);
    }
    let mut marks = Vec::new();
    if let Some(chair) = props.iter().find(|p| p.value == Prop::Chair) {
        let hand = bodies[0].hand(-1.0);
        if read[0].arms[1].v > 60 {
            ctx.error(
                chair.span.clone(),
                format!(
                    "a chair stands under the right hand, but the start position raises that arm {}° (at most 60°)",
                    read[0].arms[1].v
                ),
            );
        }
        marks.extend(chair_beside(hand));
    }
    if !ctx.ok {
        return None;
    }
    let mut joints = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        let (tone, _) = tones(i, bodies.len());
        marks.extend(body.marks(tone));
        joints.push(body.joints());
    }
    Some(Scene {
        marks,
        front: Vec::new(),
        joints,
        floor: Some(0.0),
    })
}

fn read_poses(ctx: &mut Ctx, poses: &Poses) -> Vec<Pose> {
    let mut read: Vec<Pose> = Vec::new();
    for &(name, table, _) in poses {
        ctx.only_keys(
            table,
            &["legs", "arms", "step", "rest"],
            &format!("the figure's `{name}` position"),
        );
        let last = read.last();
        let zero = || Num { v: 0, span: None };
        let legs = ctx
            .pair_of(table, "legs", "[left, right]")
            .or(last.map(|p| p.legs.clone()))
            .unwrap_or_else(|| [zero(), zero()]);
        let arms = ctx
            .pair_of(table, "arms", "[left, right]")
            .or(last.map(|p| p.arms.clone()))
            .unwrap_or_else(|| [zero(), zero()]);
        let step = ctx
            .int(table, "step")
            .or(last.map(|p| p.step.clone()))
            .unwrap_or_else(zero);
        let written = table
            .get("rest")
            .is_some()
            .then(|| ctx.names(table, "rest"));
        for leg in &legs {
            range(ctx, name, leg, "leg swing out to the side", -30, 60);
        }
        for arm in &arms {
            range(ctx, name, arm, "arm raise out to the side", 0, 170);
        }
        if !(-40..=40).contains(&step.v) {
            ctx.error(
                step.span.clone(),
                format!(
                    "`{name}`: a step of {} units is more than the 40 a figure box shows",
                    step.v
                ),
            );
        }
        // Read once: a position that keeps the one before's is not told
        // its unknown names again.
        let rest = match written {
            Some(names) => ctx.known(&names, Foot::ALL, "resting part"),
            None => read.last().map(|p| p.rest.clone()).unwrap_or_default(),
        };
        read.push(Pose {
            legs,
            arms,
            step,
            rest,
        });
    }
    read
}

/// Each foot in `rest` touches the floor; a standing position rests one.
fn check_rests(ctx: &mut Ctx, name: &str, at: Option<Span>, pose: &Pose, body: &Body) {
    if pose.rest.is_empty() {
        ctx.error(
            at,
            format!("`{name}`: standing needs a foot on the floor: `rest = [\"feet\"]`"),
        );
    }
    for r in &pose.rest {
        let sides: &[f32] = match r.value {
            Foot::Left => &[1.0],
            Foot::Right => &[-1.0],
            Foot::Both => &[1.0, -1.0],
        };
        for &s in sides {
            let gap = body.sole(s);
            if gap > TOUCH {
                ctx.error(
                    r.span.clone(),
                    format!(
                        "`{name}`: `{}` should rest on the floor but is {gap:.1} units above it",
                        r.value.name()
                    ),
                );
            }
        }
    }
}

/// One standing position placed on the floor: `x` grows to the patient's
/// left (the viewer's right), `y` up.
struct Body {
    pelvis: V,
    /// Each leg's swing out to its side, left then right, in degrees.
    legs: [f32; 2],
    arms: [f32; 2],
}

impl Body {
    fn new(pose: &Pose) -> Body {
        let legs = [pose.legs[0].f(), pose.legs[1].f()];
        let arms = [pose.arms[0].f(), pose.arms[1].f()];
        let mut body = Body {
            pelvis: v(pose.step.f(), 0.0),
            legs,
            arms,
        };
        // The lowest foot stands on the floor.
        let lowest = body.sole(1.0).min(body.sole(-1.0));
        body.pelvis.y -= lowest;
        body
    }

    /// Which leg: 0 for the left (`side` 1), 1 for the right (-1).
    fn index(side: f32) -> usize {
        usize::from(side < 0.0)
    }

    /// Down the leg of `side` (1 left, -1 right): its swing out to that side.
    fn down(&self, side: f32) -> V {
        let out = self.legs[Self::index(side)];
        dir(-90.0 + side * out)
    }

    fn hip(&self, side: f32) -> V {
        self.pelvis.add(v(side * HIP_HALF, 0.0))
    }

    fn knee(&self, side: f32) -> V {
        self.hip(side).add(self.down(side).mul(THIGH))
    }

    fn ankle(&self, side: f32) -> V {
        self.knee(side).add(self.down(side).mul(SHIN))
    }

    /// The foot: across the end of the shin, toes a little outward.
    fn foot(&self, side: f32) -> [V; 2] {
        let d = self.down(side);
        let out = d.left().mul(side);
        let base = self.ankle(side).add(d.mul(FOOT_DOWN - FOOT_W / 2.0 + 0.3));
        [base.sub(out.mul(0.8)), base.add(out.mul(2.4))]
    }

    /// How far the sole of the foot of `side` is above the floor (y = 0).
    fn sole(&self, side: f32) -> f32 {
        let [a, b] = self.foot(side);
        a.y.min(b.y) - FOOT_W / 2.0
    }

    fn neck(&self) -> V {
        self.pelvis.add(v(0.0, LOWER_BACK + UPPER_BACK))
    }

    fn shoulder(&self, side: f32) -> V {
        self.neck().add(v(side * SHOULDER_HALF, 0.0))
    }

    /// The hand of `side`, the arm straight and raised out to that side.
    fn hand(&self, side: f32) -> V {
        let raise = self.arms[Self::index(side)];
        let d = dir(-90.0 + side * raise);
        self.shoulder(side).add(d.mul(UPPER_ARM + FOREARM))
    }

    fn head(&self) -> V {
        self.neck().add(v(0.0, NECK))
    }

    /// The body's strokes: legs (one crossing in front of the other over
    /// it, with a white edge), trunk, arms and a head facing the viewer.
    fn marks(&self, tone: Tone) -> Vec<Mark> {
        let mut out = Vec::new();
        // A leg that crosses (swings in towards the other) is in front;
        // of two, the one that crosses further.
        let crossing = |side: f32| self.legs[Self::index(side)] < 0.0;
        let order = if crossing(1.0) && self.legs[0] <= self.legs[1] {
            [-1.0, 1.0]
        } else {
            [1.0, -1.0]
        };
        for side in order {
            let (hip, knee, ankle) = (self.hip(side), self.knee(side), self.ankle(side));
            if crossing(side) {
                out.push(mark(&[hip, knee], THIGH_W + 2.0 * HALO, Tone::Paper));
                out.push(mark(&[knee, ankle], SHIN_W + 2.0 * HALO, Tone::Paper));
            }
            out.push(mark(&[hip, knee], THIGH_W, tone));
            out.push(mark(&[knee, ankle], SHIN_W, tone));
            out.push(mark(&self.foot(side), FOOT_W, tone));
        }
        out.push(mark(&[self.pelvis, self.neck()], TRUNK_W, tone));
        out.push(mark(&[self.hip(1.0), self.hip(-1.0)], TRUNK_W, tone));
        out.push(mark(
            &[self.shoulder(1.0), self.shoulder(-1.0)],
            TRUNK_W,
            tone,
        ));
        for side in [1.0, -1.0] {
            let from = self.shoulder(side);
            let hand = self.hand(side);
            let elbow = from.add(hand.sub(from).mul(UPPER_ARM / (UPPER_ARM + FOREARM)));
            out.push(mark(&[from, elbow], UPPER_ARM_W, tone));
            out.push(mark(&[elbow, hand], FOREARM_W, tone));
            out.push(disc(hand, HAND_R, tone));
        }
        let head = self.head();
        out.extend(super::head(head, None, tone));
        // Two eyes: the face is towards the viewer.
        for s in [1.0, -1.0] {
            out.push(disc(head.add(v(s * 2.3, 1.0)), EYE_R, Tone::Paper));
        }
        out
    }

    fn joints(&self) -> Vec<(&'static str, V)> {
        vec![
            ("head", self.head()),
            ("chest", self.neck().add(v(0.0, -8.0))),
            ("hips", self.pelvis),
            ("left_knee", self.knee(1.0)),
            ("right_knee", self.knee(-1.0)),
            ("left_foot", self.ankle(1.0)),
            ("right_foot", self.ankle(-1.0)),
            ("left_hand", self.hand(1.0)),
            ("right_hand", self.hand(-1.0)),
        ]
    }
}

/// A chair standing beside the body, seen from its side: its back's top
/// just under `hand`, the seat reaching away from the body.
fn chair_beside(hand: V) -> Vec<Mark> {
    let top = hand.y - HAND_R;
    let back = hand.x;
    let front = back - SEAT_DEPTH;
    vec![
        mark(&[v(back, top), v(back, 0.0)], 2.2, Tone::Prop),
        mark(&[v(back, SEAT), v(front, SEAT)], 2.6, Tone::Prop),
        mark(&[v(front, SEAT), v(front, 0.0)], 2.2, Tone::Prop),
        mark(&[v(back, top), v(back - 1.5, top)], PROP_W, Tone::Prop),
    ]
}

#[cfg(test)]
mod tests {
    use super::{Body, Pose};
    use crate::figure::read::Num;

    fn pose(legs: [i32; 2]) -> Pose {
        let n = |v: i32| Num { v, span: None };
        Pose {
            legs: [n(legs[0]), n(legs[1])],
            arms: [n(0), n(0)],
            step: n(0),
            rest: Vec::new(),
        }
    }

    /// A leg swung out to the side moves its foot out and up, off the
    /// floor, while the standing foot stays on it and the leg keeps its
    /// length; a negative swing crosses the foot past the other one.
    #[test]
    fn a_leg_out_to_the_side_lifts_its_foot_off_the_floor() {
        let standing = Body::new(&pose([0, 0]));
        let lifted = Body::new(&pose([30, 0]));
        assert!(standing.sole(1.0).abs() < 0.01 && lifted.sole(-1.0).abs() < 0.01);
        assert!(lifted.sole(1.0) > 5.0, "{}", lifted.sole(1.0));
        assert!(lifted.ankle(1.0).x > standing.ankle(1.0).x + 15.0);
        let length = |b: &Body| b.ankle(1.0).sub(b.hip(1.0)).len();
        assert!((length(&lifted) - length(&standing)).abs() < 0.01);
        // The patient's left is the viewer's right: a crossing left foot
        // ends up right of the right foot's place, seen from the front.
        let crossed = Body::new(&pose([-14, -12]));
        assert!(crossed.ankle(1.0).x < crossed.ankle(-1.0).x);
    }
}
