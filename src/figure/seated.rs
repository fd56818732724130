//! The seated view (`view = "front"`): sitting on a chair, seen from in
//! front, above and off to the patient's right (a three-quarter view), so
//! a turn of the shoulders over the still hips shows as the shoulder line
//! swinging round, the face coming round with it. A flat front view could
//! not show the turn: its crossed arms and a circle round the body read as
//! a hug.
//!
//! The body is placed in the room (x to the patient's left, y towards the
//! viewer, z up) and projected by a `Camera`. A position gives `turn`, how
//! far the shoulders turn to the patient's right (-60 to 60 degrees), and
//! `hands = [left, right]`, each one of `thigh`, `knee` (its own side),
//! `left_knee`, `right_knee`, `chair_back`; a hand out of reach is an
//! error at its name. An exercise that starts "standing" stands on
//! straight legs, and the arm poses, door frame and band of the shoulder
//! exercises are in `reach`.

use super::read::{Ctx, Known, Name, Num, Prop, Scene};
use super::side::{
    FOOT, FOREARM, FOREARM_W, HAND_R, HIP_HALF, LOWER_BACK, NECK, SHIN_W, THIGH, THIGH_W, TRUNK_W,
    UPPER_ARM, UPPER_ARM_W, UPPER_BACK,
};
use super::space::{Camera, P3, add, sub, unit};
use super::views::{Poses, check_props, need_words, range, tones};
use super::{Mark, Tone, V, disc, mark, reach};

const SHOULDER_HALF: f32 = 14.0;
/// Height of the chair seat.
const SEAT: f32 = 22.0;
/// Where the chair's back stands, behind the hips.
const BACK_Y: f32 = -9.0;
const CHAIR_HALF: f32 = 15.0;
const TARGETS: &[&str] = &["thigh", "knee", "left_knee", "right_knee", "chair_back"];
/// In front, a little above and off to the patient's right, the side the
/// turn goes to: at the start the body faces past the viewer to the
/// right; turned, the shoulders and face come round to the viewer while
/// the hips and knees stay pointing right.
const CAMERA: Camera = Camera {
    elevation: 28.0,
    yaw: -38.0,
};

fn see(p: P3) -> V {
    CAMERA.see(p)
}

fn scale(a: P3, k: f32) -> P3 {
    [a[0] * k, a[1] * k, a[2] * k]
}

/// Draw the seated figure: chair and legs once, then each position's
/// upper body and arms.
pub fn draw(ctx: &mut Ctx, poses: &Poses, props: &[Name], position: &str) -> Option<Scene> {
    let allowed: Vec<Prop> = std::iter::once(Prop::Chair)
        .chain(reach::PROPS.iter().copied())
        .collect();
    let props = check_props(ctx, props, &allowed);
    need_words(
        ctx,
        position,
        &["sitting", "seated", "standing"],
        "front",
        "sitting or standing",
    );
    let chair = props.iter().any(|p| p.value == Prop::Chair);
    // Standing where the position says so and gives no seat.
    let standing = position.contains("standing")
        && !["sitting", "seated"].iter().any(|w| position.contains(w));
    let read = read_poses(ctx, poses);
    if !ctx.ok {
        return None;
    }
    let hip = if standing {
        [0.0, 0.0, reach::STANDING_HIP]
    } else {
        [0.0, 0.0, SEAT + TRUNK_W / 2.0]
    };
    let neck = add(hip, [0.0, -2.0, LOWER_BACK + UPPER_BACK]);
    let mut marks = if chair { chair_back() } else { Vec::new() };
    let mut joints = Vec::new();
    let mut over = Vec::new();
    // The right hand of each position, for the door frame and the band.
    let mut right_hands = Vec::new();
    for (i, (turn, hands)) in read.iter().enumerate() {
        let (tone, _) = tones(i, read.len());
        let body = Seated {
            hip,
            neck,
            t: turn.f(),
            standing,
        };
        let (behind, front, named) = body.arms(ctx, poses[i].0, hands, tone);
        right_hands.push(body.right_hand(&hands[1]));
        marks.extend(behind);
        let mut upper = body.upper_body(tone);
        upper.extend(front);
        // The start sits under the legs' black; the end over them.
        if i + 1 == read.len() {
            over = upper;
        } else {
            marks.extend(upper);
        }
        joints.push(named);
    }
    if !ctx.ok {
        return None;
    }
    if chair {
        marks.extend(seat());
    }
    if standing {
        marks.extend(reach::standing_legs(hip, HIP_HALF, Tone::After, see));
    } else {
        marks.extend(legs(hip));
    }
    marks.extend(over);
    // A floor line under the lowest foot or chair leg: the room's floor
    // seen at a slant has no one height, and this keeps all of it above.
    // A door stands on the same line.
    let floor = super::bounds(&marks).1;
    let top = reach::head_top(neck);
    let (first, last) = (right_hands.first().cloned(), right_hands.last().cloned());
    for prop in &props {
        let Some(Some((hand, pose))) = last.clone() else {
            if prop.value != Prop::Chair {
                let at = prop.span.clone();
                ctx.error(
                    at,
                    format!(
                        "a `{}` needs a right hand that is `front`, `out`, `in` or `frame`",
                        prop.value.name()
                    ),
                );
            }
            continue;
        };
        match prop.value {
            // Under the body: the frame stands behind the arm.
            Prop::Doorway => {
                let post = reach::doorway(hand, &pose, (top, floor), see);
                if ["front", "in"].contains(&pose.as_str()) {
                    // The post stands in front of the body, the palm on
                    // its side: over the body, the hand over the post.
                    marks.extend(post);
                    marks.push(disc(see(hand), HAND_R + super::side::HALO, Tone::Paper));
                    marks.push(disc(see(hand), HAND_R, Tone::After));
                } else {
                    // Beside or round the body: behind it.
                    marks.splice(0..0, post);
                }
            }
            Prop::Band => {
                let from = first.clone().flatten().map_or(hand, |(h, _)| h);
                marks.extend(reach::band(hand, from, (top, floor), see));
            }
            // The chair is drawn with the legs; `check_props` let no other
            // prop through.
            _ => {}
        }
    }
    if !ctx.ok {
        return None;
    }
    Some(Scene {
        marks,
        front: Vec::new(),
        joints,
        floor: Some(floor),
    })
}

fn read_poses(ctx: &mut Ctx, poses: &Poses) -> Vec<(Num, [Name; 2])> {
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
            let known = TARGETS.contains(&hand.value.as_str())
                || reach::POSES.contains(&hand.value.as_str());
            if !known {
                let all: Vec<&str> = TARGETS.iter().chain(reach::POSES).copied().collect();
                ctx.unknown(hand, "place for a hand", &all);
            }
        }
        read.push((turn, hands));
    }
    read
}

/// The chair's back: two uprights and a top rail, behind the body.
fn chair_back() -> Vec<Mark> {
    let top = SEAT + LOWER_BACK + UPPER_BACK - 2.0;
    let mut marks = Vec::new();
    for s in [-1.0, 1.0] {
        marks.push(mark(
            &[
                see([s * CHAIR_HALF, BACK_Y, 0.0]),
                see([s * CHAIR_HALF, BACK_Y, top]),
            ],
            2.2,
            Tone::Prop,
        ));
    }
    marks.push(mark(
        &[
            see([-CHAIR_HALF, BACK_Y, top]),
            see([CHAIR_HALF, BACK_Y, top]),
        ],
        2.6,
        Tone::Prop,
    ));
    marks
}

/// The seat's front edge and the front legs, under the thighs.
fn seat() -> Vec<Mark> {
    let front = 12.0;
    let mut marks = vec![super::outline(
        &[
            see([-CHAIR_HALF, BACK_Y, SEAT]),
            see([CHAIR_HALF, BACK_Y, SEAT]),
            see([CHAIR_HALF, front, SEAT]),
            see([-CHAIR_HALF, front, SEAT]),
        ],
        1.6,
        Tone::Prop,
    )];
    for s in [-1.0, 1.0] {
        marks.push(mark(
            &[
                see([s * CHAIR_HALF, front, SEAT]),
                see([s * CHAIR_HALF, front, 0.0]),
            ],
            2.2,
            Tone::Prop,
        ));
    }
    marks
}

/// Hips, thighs forward, shins down, feet flat: still, drawn once.
fn legs(hip: P3) -> Vec<Mark> {
    let mut marks = vec![mark(
        &[
            see(add(hip, [-HIP_HALF, 0.0, 0.0])),
            see(add(hip, [HIP_HALF, 0.0, 0.0])),
        ],
        TRUNK_W,
        Tone::After,
    )];
    // The patient's left leg is the far one from this camera: first.
    for s in [1.0, -1.0] {
        let top = add(hip, [s * HIP_HALF, 0.0, 0.0]);
        let knee = add(top, [s * 1.5, THIGH - 2.0, -1.0]);
        let ankle = [knee[0], knee[1] + 1.0, SHIN_W / 2.0];
        let toe = add(ankle, [0.0, FOOT, 0.0]);
        marks.push(mark(&[see(top), see(knee)], THIGH_W, Tone::After));
        marks.push(mark(
            &[see(knee), see(ankle), see(toe)],
            SHIN_W,
            Tone::After,
        ));
    }
    marks
}

/// One position of the seated body: the shoulders turned `t` degrees to
/// the patient's right over the still hips.
struct Seated {
    hip: P3,
    neck: P3,
    t: f32,
    /// Standing (straight legs, no chair): a hand at the `thigh` hangs.
    standing: bool,
}

/// Arm marks behind the body, arm marks over it, and the named joints.
type Arms = (Vec<Mark>, Vec<Mark>, Vec<(&'static str, V)>);

impl Seated {
    /// The patient's left, turned with the shoulders.
    fn left(&self) -> P3 {
        let (s, c) = self.t.to_radians().sin_cos();
        [c, s, 0.0]
    }

    /// Where the face looks, turned with the shoulders.
    fn facing(&self) -> P3 {
        let (s, c) = self.t.to_radians().sin_cos();
        [-s, c, 0.0]
    }

    fn shoulder(&self, side: f32) -> P3 {
        add(self.neck, scale(self.left(), side * SHOULDER_HALF))
    }

    fn head(&self) -> P3 {
        add(self.neck, [0.0, 0.0, NECK])
    }

    /// Each hand reaching its place, the elbow bowed out to its side; a
    /// hand on the chair's back is behind the body. The arm poses of
    /// `reach` (`front`, `out`, `in`, `across`) place the elbow too; a
    /// hand on the `other_arm` holds it once it is placed.
    fn arms(&self, ctx: &mut Ctx, pose: &str, hands: &[Name; 2], tone: Tone) -> Arms {
        let chest = add(self.neck, [0.0, 0.0, -8.0]);
        let mut named = vec![
            ("head", see(self.head())),
            ("chest", see(chest)),
            ("hips", see(self.hip)),
        ];
        let mut placed: [Option<(P3, P3)>; 2] = [None, None];
        for (k, side) in [(0, 1.0), (1, -1.0)] {
            placed[k] = self.place(&hands[k].value, side);
        }
        for k in [0, 1] {
            if hands[k].value == "other_arm" {
                let other = placed[1 - k].filter(|_| hands[1 - k].value != "other_arm");
                let side = if k == 0 { 1.0 } else { -1.0 };
                placed[k] = other.and_then(|(elbow_at, _)| {
                    let from = self.shoulder(side);
                    let grip = reach::hold(self.shoulder(-side), elbow_at, self.facing());
                    elbow(from, grip, [side, 0.0, -1.0]).map(|e| (e, grip))
                });
            }
        }
        let (mut behind, mut over) = (Vec::new(), Vec::new());
        for (k, side) in [(0, 1.0), (1, -1.0)] {
            let target = hands[k].value.as_str();
            let from = self.shoulder(side);
            let Some((elbow, goal)) = placed[k] else {
                ctx.error(
                    hands[k].span.clone(),
                    format!(
                        "`{pose}`: the {} hand cannot reach `{target}`",
                        if side > 0.0 { "left" } else { "right" }
                    ),
                );
                continue;
            };
            let arm = [
                mark(&[see(from), see(elbow)], UPPER_ARM_W, tone),
                mark(&[see(elbow), see(goal)], FOREARM_W, tone),
                disc(see(goal), HAND_R, tone),
            ];
            if target == "chair_back" || reach::BEHIND.contains(&target) {
                behind.extend(arm);
            } else {
                if reach::POSES.contains(&target) {
                    // Held in front of the body: a white edge keeps the
                    // arm apart from the trunk and the other arm.
                    over.extend(reach::halo(&arm));
                }
                over.extend(arm);
            }
            let (hand, at_elbow) = if side > 0.0 {
                ("left_hand", "left_elbow")
            } else {
                ("right_hand", "right_elbow")
            };
            named.push((hand, see(goal)));
            named.push((at_elbow, see(elbow)));
        }
        (behind, over, named)
    }

    /// Elbow and hand of the arm on `side` reaching `target`; `None` out
    /// of reach, or for `other_arm` (placed once the other arm is).
    fn place(&self, target: &str, side: f32) -> Option<(P3, P3)> {
        let frame = reach::Frame {
            shoulders: [self.shoulder(1.0), self.shoulder(-1.0)],
            left: self.left(),
            facing: self.facing(),
        };
        if let Some(arm) = reach::pose(target, side, &frame) {
            return Some(arm);
        }
        let from = self.shoulder(side);
        if self.standing && target == "thigh" {
            // Standing, the arm hangs at the side, the elbow a little bent.
            let elbow = add(from, [0.0, 0.0, -UPPER_ARM]);
            return Some((elbow, add(elbow, [side * 1.5, 3.0, -FOREARM + 0.4])));
        }
        let knee = |s: f32| [s * (HIP_HALF + 1.5), THIGH - 4.0, SEAT + 9.0];
        let goal = match target {
            "thigh" => [side * (HIP_HALF + 1.0), THIGH * 0.45, SEAT + 10.0],
            "knee" => knee(side),
            "left_knee" => knee(1.0),
            "right_knee" => knee(-1.0),
            "other_arm" => return None,
            _ => [side * CHAIR_HALF, BACK_Y, SEAT + LOWER_BACK + 6.0],
        };
        elbow(from, goal, [side, 0.0, -0.6]).map(|e| (e, goal))
    }

    /// The right hand and its pose, where it is one a door frame or a
    /// band can work against (`front`, `out`, `in`).
    fn right_hand(&self, name: &Name) -> Option<(P3, String)> {
        let pose = name.value.as_str();
        if !["front", "out", "in", "frame"].contains(&pose) {
            return None;
        }
        self.place(pose, -1.0)
            .map(|(_, hand)| (hand, pose.to_owned()))
    }

    /// Trunk, shoulder line and head, its face turned with the shoulders.
    fn upper_body(&self, tone: Tone) -> Vec<Mark> {
        let mut marks = vec![
            mark(&[see(self.hip), see(self.neck)], TRUNK_W, tone),
            mark(
                &[see(self.shoulder(1.0)), see(self.shoulder(-1.0))],
                TRUNK_W,
                tone,
            ),
        ];
        let head = self.head();
        let face = see(add(head, self.facing())).sub(see(head));
        // A face turned away from the viewer shows no nose or eye.
        let (ys, yc) = CAMERA.yaw.to_radians().sin_cos();
        let toward = self.facing()[0] * ys + self.facing()[1] * yc;
        marks.extend(super::head(
            see(head),
            (toward > -0.2).then_some(face),
            tone,
        ));
        marks
    }
}

/// The elbow of an arm from `shoulder` to `hand`, bowed towards `toward`;
/// `None` when the hand is out of the arm's reach.
pub(super) fn elbow(shoulder: P3, hand: P3, toward: P3) -> Option<P3> {
    let d = sub(hand, shoulder);
    let len = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
    if len > UPPER_ARM + FOREARM {
        return None;
    }
    let a = (UPPER_ARM * UPPER_ARM - FOREARM * FOREARM + len * len) / (2.0 * len.max(1e-3));
    let out = (UPPER_ARM * UPPER_ARM - a * a).max(0.0).sqrt();
    let u = unit(d);
    let along = u[0] * toward[0] + u[1] * toward[1] + u[2] * toward[2];
    let n = unit(sub(toward, scale(u, along)));
    Some(add(add(shoulder, scale(u, a)), scale(n, out)))
}

#[cfg(test)]
mod tests {
    use super::{CAMERA, Seated, see};

    /// A blind reading test of the figures: a front view could not show the turn.
    /// Here the shoulder line swings against the hips as seen, the
    /// patient's left shoulder comes towards the viewer, and the face
    /// turns round to the viewer.
    #[test]
    fn a_turn_swings_the_shoulder_line_and_the_face() {
        let body = |t: f32| Seated {
            hip: [0.0, 0.0, 27.0],
            neck: [0.0, -2.0, 57.0],
            t,
            standing: false,
        };
        let slope = |b: &Seated| {
            let (l, r) = (see(b.shoulder(1.0)), see(b.shoulder(-1.0)));
            (l.y - r.y).atan2(l.x - r.x).to_degrees()
        };
        let (start, end) = (body(0.0), body(45.0));
        assert!((slope(&end) - slope(&start)).abs() > 15.0);
        let depth = |p: [f32; 3]| {
            let (s, c) = CAMERA.yaw.to_radians().sin_cos();
            p[0] * s + p[1] * c
        };
        assert!(depth(end.shoulder(1.0)) > depth(start.shoulder(1.0)) + 5.0);
        let toward = |b: &Seated| depth(b.facing());
        assert!(toward(&end) > 0.95 && toward(&start) < 0.85);
    }

    /// A door post the palm presses on from the side stands in front of
    /// the body: drawn over it, the hand over the post. A post beside the
    /// body (the outward press) stays behind it.
    #[test]
    fn a_door_post_in_front_of_the_body_is_drawn_over_it() {
        use crate::figure::{Figure, Tone};
        let catalogue = crate::catalogue::builtin().expect("the built-in catalogue");
        let marks = |id: &str| match &catalogue.find(id).expect("an exercise").figure {
            Some(Figure::Drawing(d)) => d.marks.clone(),
            _ => panic!("{id} has no drawing"),
        };
        let first = |marks: &[crate::figure::Mark], tone: Tone| {
            marks.iter().position(|m| m.tone == tone).expect("a mark")
        };
        let inward = marks("isometric-door-press-inward");
        assert!(first(&inward, Tone::Prop) > first(&inward, Tone::After));
        let hand = inward.iter().rposition(|m| m.tone == Tone::After);
        let post = inward.iter().rposition(|m| m.tone == Tone::Prop);
        assert!(hand > post, "the hand is over the post");
        let outward = marks("isometric-door-press-outward");
        assert!(first(&outward, Tone::Prop) < first(&outward, Tone::After));
    }
}
