//! The side-lying view (`view = "side-lying"`): lying on the left side,
//! the head on the left, seen from in front by a raised camera, so both a
//! bend of the hips and knees (seen from above) and a knee that opens
//! towards the ceiling (seen from the front) show. The upper body lies
//! still and is drawn once; the legs are placed in 3D, so they keep their
//! lengths in every position.
//!
//! A position gives `hips` and `knees` (the side view's bends, both legs)
//! and `open`: how far the top knee turns up about the line from its hip
//! to its ankle, the feet staying together (a clam).

use super::read::{Ctx, Name, Num, Prop, Scene};
use super::side::{
    FOREARM, FOREARM_W, HAND_R, HEAD_R, HIP_HALF, LOWER_BACK, NECK, SHIN_W, THIGH_W, TRUNK_W,
    UPPER_ARM, UPPER_ARM_W, UPPER_BACK,
};
use super::space::{Bends, Camera, Leg, P3, add, sub, unit};
use super::views::{Poses, check_props, need_words, range, tones};
use super::{Mark, PROP_W, Tone, V, disc, mark, outline};

pub(super) const PROPS: &[Prop] = &[Prop::Pillow, Prop::Band, Prop::Mat];
/// Half the shoulders' width, seen stacked one over the other.
const SHOULDER_HALF: f32 = 12.0;
/// Height of the body's midline over the floor: the lower shoulder rests.
const MIDLINE: f32 = SHOULDER_HALF + TRUNK_W / 2.0;
const CAMERA: Camera = Camera {
    elevation: 20.0,
    yaw: 35.0,
};
const PILLOW_W: f32 = 9.0;

/// One position as written: hip and knee bends, and the top knee's turn.
struct Pose {
    hips: Num,
    knees: Num,
    open: Num,
}

/// Where a point of the patient's frame (x towards the feet, y to the
/// patient's left, z to the front) shows: lying on the left side, the front
/// towards the viewer.
fn seen(p: P3) -> V {
    CAMERA.see(room(p))
}

fn room(p: P3) -> P3 {
    [p[0], p[2], MIDLINE - p[1]]
}

/// Draw a side-lying figure.
pub fn draw(ctx: &mut Ctx, poses: &Poses, props: &[Name], position: &str) -> Option<Scene> {
    let props = check_props(ctx, props, PROPS);
    need_words(
        ctx,
        position,
        &["on your side", "side-lying", "side lying"],
        "side-lying",
        "lying on the side",
    );
    let read = read_poses(ctx, poses);
    if !ctx.ok {
        return None;
    }
    let has = |prop: Prop| props.iter().any(|p| p.value == prop);
    let mut marks: Vec<Mark> = has(Prop::Mat).then(mat).into_iter().collect();
    let pelvis = [NECK + UPPER_BACK + LOWER_BACK, 0.0, 0.0];
    let mut joints = Vec::new();
    let mut legs = Vec::new();
    for (i, pose) in read.iter().enumerate() {
        let (tone, far) = tones(i, read.len());
        let bends = Bends {
            hip: pose.hips.f(),
            knee: pose.knees.f(),
            ankle: 0.0,
        };
        let bottom = Leg::bent(pelvis, 1.0, bends);
        let top = Leg::bent(pelvis, -1.0, bends).dropped(pose.open.f());
        let pts = |l: &Leg| [l.hip, l.knee, l.ankle, l.toe].map(seen);
        let [bh, bk, ba, bt] = pts(&bottom);
        let [th, tk, ta, tt] = pts(&top);
        let _ = far;
        if i + 1 < read.len() {
            // The closed start lies on the lower leg: drawn under it, so
            // only its edge shows (a light-grey wedge between the black
            // legs read as a pillow between the knees).
            marks.push(mark(&[th, tk], THIGH_W, tone));
            marks.push(mark(&[tk, ta, tt], SHIN_W, tone));
        }
        // The lower leg lies still under the top one: drawn once, black
        // (it is where the body ends up too; a grey one read as the start).
        if i == 0 {
            marks.push(mark(&[bh, bk], THIGH_W, Tone::After));
            marks.push(mark(&[bk, ba, bt], SHIN_W, Tone::After));
        }
        if i + 1 == read.len() {
            // A white edge keeps the top leg apart from the black lower one.
            let halo = 2.0 * super::side::HALO;
            legs.push(mark(
                &[th.add(tk.sub(th).mul(0.5)), tk],
                THIGH_W + halo,
                Tone::Paper,
            ));
            legs.push(mark(&[tk, ta, tt], SHIN_W + halo, Tone::Paper));
            legs.push(mark(&[th, tk], THIGH_W, tone));
            legs.push(mark(&[tk, ta, tt], SHIN_W, tone));
        }
        if has(Prop::Band) && i + 1 == read.len() {
            let at = |l: &Leg| seen(add(l.hip, scale(sub(l.knee, l.hip), 0.8)));
            legs.push(mark(&[at(&bottom), at(&top)], 2.0, Tone::Prop));
        }
        joints.push(vec![
            ("head", seen([0.0, 0.0, 0.0])),
            ("pelvis", seen(pelvis)),
            ("top_knee", tk),
            ("bottom_knee", bk),
            ("knees", tk.add(bk).mul(0.5)),
            ("feet", ta.add(ba).mul(0.5)),
        ]);
    }
    marks.extend(upper_body(has(Prop::Pillow)));
    marks.extend(legs);
    Some(Scene {
        marks,
        front: Vec::new(),
        joints,
        floor: None,
    })
}

fn scale(a: P3, k: f32) -> P3 {
    [a[0] * k, a[1] * k, a[2] * k]
}

fn read_poses(ctx: &mut Ctx, poses: &Poses) -> Vec<Pose> {
    let mut read: Vec<Pose> = Vec::new();
    for &(name, table, _) in poses {
        ctx.only_keys(
            table,
            &["hips", "knees", "open"],
            &format!("the figure's `{name}` position"),
        );
        let last = read.last();
        let zero = || Num { v: 0, span: None };
        let mut get = |key: &str, before: Option<&Num>, default: i32| {
            ctx.int(table, key).or(before.cloned()).unwrap_or(Num {
                v: default,
                ..zero()
            })
        };
        let pose = Pose {
            hips: get("hips", last.map(|p| &p.hips), 45),
            knees: get("knees", last.map(|p| &p.knees), 90),
            open: get("open", last.map(|p| &p.open), 0),
        };
        range(ctx, name, &pose.hips, "hip bend", 0, 120);
        range(ctx, name, &pose.knees, "knee bend", 0, 150);
        range(ctx, name, &pose.open, "knee opening", 0, 60);
        read.push(pose);
    }
    read
}

/// A mat under the body, seen at a slant.
fn mat() -> Mark {
    let corners = [[-24.0, -14.0], [92.0, -14.0], [92.0, 30.0], [-24.0, 30.0]];
    let pts: Vec<V> = corners
        .iter()
        .map(|c| CAMERA.see([c[0], c[1], 0.0]))
        .collect();
    outline(&pts, PROP_W, Tone::Prop)
}

/// The still upper body: the lower arm folded under the head, trunk with
/// shoulders and hips stacked, the head facing the viewer, the top hand
/// on the side of the waist.
fn upper_body(pillow: bool) -> Vec<Mark> {
    let mut marks = Vec::new();
    let shoulder = [NECK, 0.0, 0.0];
    let pelvis = [NECK + UPPER_BACK + LOWER_BACK, 0.0, 0.0];
    // The head rests on the pillow, or on the lower arm.
    let rest = if pillow { PILLOW_W } else { UPPER_ARM_W };
    let head_room = [0.0, 0.0, rest + HEAD_R];
    if pillow {
        let box_: Vec<V> = [[-8.0, -6.0], [8.0, -6.0], [8.0, 8.0], [-8.0, 8.0]]
            .iter()
            .map(|c| CAMERA.see([c[0], c[1], PILLOW_W]))
            .collect();
        marks.push(outline(&box_, PROP_W, Tone::Prop));
    }
    // Without a pillow the head rests on the lower arm, folded: the elbow
    // out beyond the head, the hand back under it. With one the arm lies
    // out of sight under the body: a grey arm under an outlined pillow
    // read as a grey cushion, the start position's colour.
    if !pillow {
        let low = room([NECK, SHOULDER_HALF, 0.0]);
        let elbow = [low[0] - UPPER_ARM * 0.9, 8.0, UPPER_ARM_W / 2.0];
        let hand = [elbow[0] + FOREARM * 0.5, 2.0, UPPER_ARM_W / 2.0];
        marks.push(mark(
            &[CAMERA.see(low), CAMERA.see(elbow)],
            UPPER_ARM_W,
            Tone::AfterFar,
        ));
        marks.push(mark(
            &[CAMERA.see(elbow), CAMERA.see(hand)],
            FOREARM_W,
            Tone::AfterFar,
        ));
    }
    // The shoulders and hips stacked, joined by the spine: the trunk seen
    // from the front, lying.
    let across = |at: P3, half: f32| {
        [
            seen(add(at, [0.0, half, 0.0])),
            seen(add(at, [0.0, -half, 0.0])),
        ]
    };
    marks.push(mark(&[seen(shoulder), seen(pelvis)], TRUNK_W, Tone::After));
    marks.push(mark(
        &across(shoulder, SHOULDER_HALF),
        UPPER_ARM_W,
        Tone::After,
    ));
    marks.push(mark(&across(pelvis, HIP_HALF), UPPER_ARM_W, Tone::After));
    let neck = seen(shoulder);
    let head = CAMERA.see(head_room);
    marks.push(mark(&[neck, head], TRUNK_W * 0.6, Tone::After));
    // The face looks at the viewer: its front shows lower in the drawing.
    let face = CAMERA.see([0.0, 1.0, 0.0]).sub(CAMERA.see([0.0, 0.0, 0.0]));
    marks.extend(super::head(
        head,
        Some(face.add(super::v(0.6, 0.0))),
        Tone::After,
    ));
    // The top arm: the hand on the side of the waist, clear of the knee
    // that opens (a hand on the hip met it).
    let top = room([NECK, -SHOULDER_HALF, 0.0]);
    let hand = [NECK + UPPER_BACK + 1.0, 3.0, MIDLINE + HIP_HALF + 2.0];
    let elbow = bend(top, hand, [0.0, 0.3, 1.0]);
    let [s, e, h] = [top, elbow, hand].map(|p| CAMERA.see(p));
    marks.push(mark(&[s, e], UPPER_ARM_W, Tone::After));
    marks.push(mark(&[e, h], FOREARM_W, Tone::After));
    marks.push(disc(h, HAND_R, Tone::After));
    marks
}

/// The elbow of an arm from `shoulder` to `hand` (room points), bowed
/// towards `toward`.
fn bend(shoulder: P3, hand: P3, toward: P3) -> P3 {
    let d = sub(hand, shoulder);
    let len = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
    let half = (UPPER_ARM + FOREARM) / 2.0;
    let out = ((half * half) - (len / 2.0).powi(2)).max(0.0).sqrt();
    // The part of "towards the viewer" square to the arm.
    let u = unit(d);
    let along = u[0] * toward[0] + u[1] * toward[1] + u[2] * toward[2];
    let n = unit(sub(toward, scale(u, along)));
    add(add(shoulder, scale(d, 0.5)), scale(n, out))
}

#[cfg(test)]
mod tests {
    use super::upper_body;
    use crate::figure::Tone;

    /// A blind reading test of the figures: a grey arm under the head read as a grey
    /// pillow; with a pillow the lower arm is out of sight, without one
    /// the head rests on it.
    #[test]
    fn a_pillow_hides_the_lower_arm() {
        let grey = |pillow: bool| {
            upper_body(pillow)
                .iter()
                .filter(|m| m.tone == Tone::AfterFar)
                .count()
        };
        assert_eq!(grey(true), 0);
        assert_eq!(grey(false), 2);
        let props = |pillow: bool| {
            upper_body(pillow)
                .iter()
                .filter(|m| m.tone == Tone::Prop)
                .count()
        };
        assert_eq!((props(true), props(false)), (1, 0));
    }
}
