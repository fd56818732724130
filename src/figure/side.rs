//! The side view: a jointed body in the plane of the motion.
//!
//! A position gives the direction of the lower back (`trunk`, degrees
//! counter-clockwise from pointing right) and the bend of every joint. The
//! body faces right when upright, so lying on the back puts the head on the
//! left and lying face down puts it on the right. "Near" limbs are the ones
//! on the viewer's side, drawn over the body; "far" ones are drawn behind it.
//!
//! Joint bends are anatomical: flexion is positive. `spine` and `neck` bend
//! the upper back and the head towards the front; `hips` and `shoulders`
//! swing the thigh and the upper arm forward from hanging down; `knees` fold
//! the shin back; `elbows` fold the forearm forward; `ankles` lift the toes
//! towards the shin (negative points them).

use toml_edit::TableLike;

use super::read::{Ctx, Known, Name, Num, Part, Scene};
use super::{Mark, Tone, V, dir, disc, mark, props, v};
use crate::diag::Span;
use crate::fields::Spanned;

pub const LOWER_BACK: f32 = 12.0;
pub const UPPER_BACK: f32 = 18.0;
/// From the top of the trunk to the centre of the head.
pub const NECK: f32 = 13.0;
pub const HEAD_R: f32 = 6.5;
pub const THIGH: f32 = 24.0;
pub const SHIN: f32 = 23.0;
pub const FOOT: f32 = 7.0;
/// The toes beyond the ball of the foot (the `toe` joint).
pub const TOES: f32 = 2.6;
pub const TOES_W: f32 = 4.0;
pub const UPPER_ARM: f32 = 17.0;
pub const FOREARM: f32 = 18.0;

pub const TRUNK_W: f32 = 10.0;
pub const THIGH_W: f32 = 8.5;
pub const SHIN_W: f32 = 5.5;
pub const UPPER_ARM_W: f32 = 6.5;
pub const FOREARM_W: f32 = 4.2;
/// The white edge round the near leg and arm where they cross other parts.
pub const HALO: f32 = 0.9;
/// The line width of a hollow (outlined) limb.
pub const OUTLINE: f32 = 1.3;
pub const TOWEL_W: f32 = 3.0;
pub const NOSE_W: f32 = 4.4;
/// The white eye on a head, which shows the face side.
pub const EYE_R: f32 = 1.1;
/// A hand: a disc at the end of the forearm, so a hand that holds or
/// pushes shows.
pub const HAND_R: f32 = 2.7;
/// Half the width of the hips, joint to joint (views other than the side).
pub const HIP_HALF: f32 = 7.0;

/// How far a part may be from what it rests on and still touch it.
pub const TOUCH: f32 = 1.5;

const POSE_KEYS: &[&str] = &[
    "trunk",
    "spine",
    "neck",
    "hips",
    "knees",
    "ankles",
    "shoulders",
    "elbows",
    "spread",
    "belly",
    "rest",
];
pub const JOINTS: &[&str] = &[
    "head",
    "shoulder",
    "waist",
    "hip",
    "near_knee",
    "far_knee",
    "near_ankle",
    "far_ankle",
    "near_toe",
    "far_toe",
    "near_elbow",
    "far_elbow",
    "near_hand",
    "far_hand",
];

/// Human range of each bend, in degrees: (key, words, least, most).
const RANGES: &[(&str, &str, i32, i32)] = &[
    ("spine", "spine bend", -45, 70),
    ("neck", "neck bend", -50, 60),
    ("hips", "hip bend", -30, 130),
    ("knees", "knee bend", 0, 150),
    ("ankles", "ankle bend", -50, 25),
    ("shoulders", "shoulder angle", -60, 180),
    ("elbows", "elbow bend", 0, 150),
    ("spread", "thigh turned out", 0, 60),
    ("belly", "belly out", 0, 6),
];
/// A thigh turned out this far (or more) has its knee bend seen from the
/// side at an angle, so the drawing may fold the knee either way.
const TURNED_OUT: i32 = 30;

/// One position as written; an `end` starts as a copy of `start`.
#[derive(Debug, Clone)]
pub(super) struct Pose {
    name: &'static str,
    pub trunk: Num,
    spine: Num,
    neck: Num,
    hips: [Num; 2],
    knees: [Num; 2],
    ankles: [Num; 2],
    shoulders: [Num; 2],
    elbows: [Num; 2],
    spread: [Num; 2],
    /// How far the belly bulges from the trunk's line: drawn only for
    /// exercises that draw the belly in.
    belly: Num,
    pub rest: Vec<Spanned<Part>>,
}

impl Pose {
    fn bends(&self, key: &str) -> [Num; 2] {
        match key {
            "spine" => [self.spine.clone(), self.spine.clone()],
            "neck" => [self.neck.clone(), self.neck.clone()],
            "belly" => [self.belly.clone(), self.belly.clone()],
            "hips" => self.hips.clone(),
            "knees" => self.knees.clone(),
            "ankles" => self.ankles.clone(),
            "shoulders" => self.shoulders.clone(),
            "spread" => self.spread.clone(),
            _ => self.elbows.clone(),
        }
    }
}

/// The joints of one position, hip at the origin until placed.
#[derive(Debug, Clone)]
pub(super) struct Body {
    pub head: V,
    pub shoulder: V,
    pub waist: V,
    pub hip: V,
    pub knee: [V; 2],
    pub ankle: [V; 2],
    pub toe: [V; 2],
    pub elbow: [V; 2],
    pub hand: [V; 2],
    /// The belly's bulge, offset from the lower back towards the front.
    belly: Option<V>,
    /// Which way the face looks, in degrees, when it shows a nose.
    face: Option<f32>,
}

pub(super) const NEAR: usize = 0;
pub(super) const FAR: usize = 1;

impl Body {
    fn new(p: &Pose) -> Body {
        let lower = p.trunk.f();
        let upper = lower - p.spine.f();
        let hip = v(0.0, 0.0);
        let waist = hip.add(dir(lower).mul(LOWER_BACK));
        let shoulder = waist.add(dir(upper).mul(UPPER_BACK));
        let head = shoulder.add(dir(upper - p.neck.f()).mul(NECK));
        let mut body = Body {
            head,
            shoulder,
            waist,
            hip,
            knee: [hip; 2],
            ankle: [hip; 2],
            toe: [hip; 2],
            elbow: [shoulder; 2],
            hand: [shoulder; 2],
            belly: (p.belly.v > 0).then(|| dir(lower - 90.0).mul(p.belly.f())),
            // A nose says which way a raised head faces, which a bent back
            // alone does not (an arch reads as a hunch). A head lying on
            // the floor needs none, and one turned down would poke into it.
            face: Some(upper - p.neck.f() - 90.0).filter(|&f| dir(f).y > -0.7),
        };
        for s in [NEAR, FAR] {
            let thigh = lower + 180.0 + p.hips[s].f();
            let shin = thigh - p.knees[s].f();
            let foot = shin + 90.0 + p.ankles[s].f();
            // A thigh turned out towards the viewer looks shorter.
            let seen = THIGH * p.spread[s].f().to_radians().cos();
            body.knee[s] = hip.add(dir(thigh).mul(seen));
            body.ankle[s] = body.knee[s].add(dir(shin).mul(SHIN));
            body.toe[s] = body.ankle[s].add(dir(foot).mul(FOOT));
            let arm = upper + 180.0 + p.shoulders[s].f();
            let forearm = arm + p.elbows[s].f();
            body.elbow[s] = shoulder.add(dir(arm).mul(UPPER_ARM));
            body.hand[s] = body.elbow[s].add(dir(forearm).mul(FOREARM));
        }
        body
    }

    fn joints(&self) -> Vec<(&'static str, V)> {
        let mut out = vec![
            ("head", self.head),
            ("shoulder", self.shoulder),
            ("waist", self.waist),
            ("hip", self.hip),
        ];
        for (s, side) in [(NEAR, "near"), (FAR, "far")] {
            let named: [(&'static str, V); 5] = match side {
                "near" => [
                    ("near_knee", self.knee[s]),
                    ("near_ankle", self.ankle[s]),
                    ("near_toe", self.toe[s]),
                    ("near_elbow", self.elbow[s]),
                    ("near_hand", self.hand[s]),
                ],
                _ => [
                    ("far_knee", self.knee[s]),
                    ("far_ankle", self.ankle[s]),
                    ("far_toe", self.toe[s]),
                    ("far_elbow", self.elbow[s]),
                    ("far_hand", self.hand[s]),
                ],
            };
            out.extend(named);
        }
        out
    }

    /// Far arm and leg, trunk, head, near leg and arm.
    /// `working` (far leg, far arm): a far limb that does the exercise,
    /// drawn in `tone` as an outline (a hollow limb) instead of the far
    /// side's grey, which never carries meaning. `still` (near leg, near
    /// arm): a near limb that only holds the body up, drawn in the far
    /// side's grey so the working limbs alone are black.
    fn marks(&self, tone: Tone, far: Tone, working: [bool; 2], still: [bool; 2]) -> Vec<Mark> {
        let limb = |points: &[V], width: f32, tone: Tone, hollow: bool, out: &mut Vec<Mark>| {
            out.push(mark(points, width, tone));
            if hollow {
                out.push(mark(points, width - 2.0 * OUTLINE, Tone::Paper));
            }
        };
        let leg = |s: usize, tone: Tone, hollow: bool, out: &mut Vec<Mark>| {
            limb(&[self.hip, self.knee[s]], THIGH_W, tone, hollow, out);
            limb(
                &[self.knee[s], self.ankle[s], self.toe[s]],
                SHIN_W,
                tone,
                hollow,
                out,
            );
            limb(&[self.toe[s], self.toes(s)], TOES_W, tone, hollow, out);
        };
        let arm = |s: usize, tone: Tone, hollow: bool, out: &mut Vec<Mark>| {
            limb(
                &[self.shoulder, self.elbow[s]],
                UPPER_ARM_W,
                tone,
                hollow,
                out,
            );
            limb(&[self.elbow[s], self.hand[s]], FOREARM_W, tone, hollow, out);
            out.push(disc(self.hand[s], HAND_R, tone));
        };
        let pick = |w: bool| if w { tone } else { far };
        let mut out = Vec::with_capacity(24);
        arm(FAR, pick(working[1]), working[1], &mut out);
        leg(FAR, pick(working[0]), working[0], &mut out);
        out.push(mark(&[self.hip, self.waist, self.shoulder], TRUNK_W, tone));
        if let Some(out_by) = self.belly {
            // A dome over the middle of the lower back.
            let at = |k: f32| self.hip.add(self.waist.sub(self.hip).mul(k)).add(out_by);
            out.push(mark(&[at(0.35), at(0.75)], TRUNK_W, tone));
        }
        out.extend(super::head(self.head, self.face.map(dir), tone));
        out.extend(self.halo());
        leg(NEAR, if still[0] { far } else { tone }, false, &mut out);
        arm(NEAR, if still[1] { far } else { tone }, false, &mut out);
        out
    }

    /// A thin white edge under the near leg and arm, so where they cross
    /// the trunk, the far limbs or each other (hands on a shin, a knee
    /// drawn to the chest) they stay apart at print size instead of
    /// merging into one black shape. It starts partway along the thigh and
    /// the upper arm, so the limbs stay joined to the trunk.
    fn halo(&self) -> Vec<Mark> {
        let from = |a: V, b: V, k: f32| a.add(b.sub(a).mul(k));
        let w = 2.0 * HALO;
        vec![
            mark(
                &[from(self.hip, self.knee[NEAR], 0.55), self.knee[NEAR]],
                THIGH_W + w,
                Tone::Paper,
            ),
            mark(
                &[
                    self.knee[NEAR],
                    self.ankle[NEAR],
                    self.toe[NEAR],
                    self.toes(NEAR),
                ],
                SHIN_W + w,
                Tone::Paper,
            ),
            mark(
                &[
                    from(self.shoulder, self.elbow[NEAR], 0.6),
                    self.elbow[NEAR],
                    self.hand[NEAR],
                ],
                FOREARM_W + w,
                Tone::Paper,
            ),
            disc(self.hand[NEAR], HAND_R + HALO, Tone::Paper),
        ]
    }

    /// The tip of the toes of leg `s`: beyond the ball of the foot (the
    /// `toe` joint), along the foot, but flat forward on the floor when the
    /// foot points steeply down (up on the toes, toes tucked), so a raised
    /// heel reads as a heel off the floor, not as a pointed foot.
    fn toes(&self, s: usize) -> V {
        let foot = self.toe[s].sub(self.ankle[s]);
        let along = foot.mul(1.0 / foot.len().max(1e-3));
        let way = if along.y < -0.5 {
            v(along.x.signum(), 0.0)
        } else {
            along
        };
        self.toe[s].add(way.mul(TOES))
    }

    /// The points of a resting part and the half-width of the stroke there.
    fn part(&self, part: Part) -> Vec<(V, f32)> {
        let knee = |s: usize| (self.knee[s], THIGH_W / 2.0);
        let foot = |s: usize| [(self.ankle[s], SHIN_W / 2.0), (self.toe[s], SHIN_W / 2.0)];
        let hand = |s: usize| (self.hand[s], HAND_R);
        let elbow = |s: usize| (self.elbow[s], UPPER_ARM_W / 2.0);
        match part {
            Part::Head => vec![(self.head, HEAD_R)],
            Part::Shoulder => vec![(self.shoulder, TRUNK_W / 2.0)],
            Part::Waist => vec![(self.waist, TRUNK_W / 2.0)],
            Part::Hip => vec![(self.hip, TRUNK_W / 2.0)],
            Part::NearKnee => vec![knee(NEAR)],
            Part::FarKnee => vec![knee(FAR)],
            Part::Knees => vec![knee(NEAR), knee(FAR)],
            Part::NearFoot => foot(NEAR).to_vec(),
            Part::FarFoot => foot(FAR).to_vec(),
            Part::Feet => [foot(NEAR), foot(FAR)].concat(),
            Part::NearToe => vec![(self.toe[NEAR], SHIN_W / 2.0)],
            Part::FarToe => vec![(self.toe[FAR], SHIN_W / 2.0)],
            Part::Toes => vec![
                (self.toe[NEAR], SHIN_W / 2.0),
                (self.toe[FAR], SHIN_W / 2.0),
            ],
            Part::NearHand => vec![hand(NEAR)],
            Part::FarHand => vec![hand(FAR)],
            Part::Hands => vec![hand(NEAR), hand(FAR)],
            Part::NearElbow => vec![elbow(NEAR)],
            Part::FarElbow => vec![elbow(FAR)],
            Part::Elbows => vec![elbow(NEAR), elbow(FAR)],
        }
    }

    pub fn shift(&mut self, d: V) {
        for p in [
            &mut self.head,
            &mut self.shoulder,
            &mut self.waist,
            &mut self.hip,
        ] {
            *p = p.add(d);
        }
        for s in [NEAR, FAR] {
            for p in [
                &mut self.knee[s],
                &mut self.ankle[s],
                &mut self.toe[s],
                &mut self.elbow[s],
                &mut self.hand[s],
            ] {
                *p = p.add(d);
            }
        }
    }

    /// The lowest edge of any stroke.
    fn lowest(&self) -> f32 {
        // The white edges (the halo, an eye) are not the body.
        let mut marks = self.marks(Tone::After, Tone::After, [false; 2], [false; 2]);
        // Toes lie flat or follow the foot: they do not decide the floor.
        marks.retain(|m| m.tone != Tone::Paper && m.width != TOES_W);
        super::bounds(&marks).1
    }
}

fn zero() -> Num {
    Num { v: 0, span: None }
}

fn read_pose(
    ctx: &mut Ctx,
    name: &'static str,
    table: &dyn TableLike,
    base: Option<&Pose>,
) -> Pose {
    ctx.only_keys(table, POSE_KEYS, &format!("the figure's `{name}` position"));
    let mut p = base.cloned().unwrap_or(Pose {
        name,
        trunk: zero(),
        spine: zero(),
        neck: zero(),
        hips: [zero(), zero()],
        knees: [zero(), zero()],
        ankles: [zero(), zero()],
        shoulders: [zero(), zero()],
        elbows: [zero(), zero()],
        spread: [zero(), zero()],
        belly: zero(),
        rest: Vec::new(),
    });
    p.name = name;
    if let Some(n) = ctx.int(table, "trunk") {
        p.trunk = n;
    } else if base.is_none() && table.get("trunk").is_none() {
        let span = ctx.span.clone();
        ctx.error(
            span,
            "the `start` position needs `trunk`, the direction of the lower back in degrees",
        );
    }
    for (key, slot) in [
        ("spine", &mut p.spine),
        ("neck", &mut p.neck),
        ("belly", &mut p.belly),
    ] {
        if let Some(n) = ctx.int(table, key) {
            *slot = n;
        }
    }
    for (key, slot) in [
        ("hips", &mut p.hips),
        ("knees", &mut p.knees),
        ("ankles", &mut p.ankles),
        ("shoulders", &mut p.shoulders),
        ("elbows", &mut p.elbows),
        ("spread", &mut p.spread),
    ] {
        if let Some(pair) = ctx.pair(table, key) {
            *slot = pair;
        }
    }
    if table.get("rest").is_some() {
        let names = ctx.names(table, "rest");
        p.rest = ctx.known(&names, Part::ALL, "resting part");
    }
    check_ranges(ctx, name, &p);
    p
}

/// Every bend of `p` within the human range (`RANGES`); a pair given as
/// one value is reported once.
fn check_ranges(ctx: &mut Ctx, name: &str, p: &Pose) {
    for &(key, words, least, most) in RANGES {
        let bends = p.bends(key);
        let sides: &[usize] = if bends[0].span == bends[1].span {
            &[0]
        } else {
            &[0, 1]
        };
        for &s in sides {
            let n = &bends[s];
            let turned_out = key == "knees" && p.spread[s].v >= TURNED_OUT;
            let seen = if turned_out { n.v.abs() } else { n.v };
            if !(least..=most).contains(&seen) {
                let which = match (sides.len(), s) {
                    (1, _) => "",
                    (_, 0) => "near ",
                    _ => "far ",
                };
                // Every bend is in degrees; the belly's bulge is a length.
                let unit = if key == "belly" { " units" } else { "°" };
                ctx.error(
                    n.span.clone(),
                    format!(
                        "`{name}`: a {which}{words} of {}{unit} is outside the human range ({least}{unit} to {most}{unit})",
                        n.v
                    ),
                );
            }
        }
    }
}

/// Each position's body, its lowest point on the floor; the later positions
/// keep the `anchor` joint where the start position has it.
fn place_bodies(read: &[Pose], anchor: &str) -> Vec<Body> {
    let mut bodies: Vec<Body> = read.iter().map(Body::new).collect();
    for body in &mut bodies {
        let low = body.lowest();
        body.shift(v(0.0, -low));
    }
    let anchor_x = |b: &Body| {
        b.joints()
            .into_iter()
            .find(|(n, _)| *n == anchor)
            .map_or(0.0, |(_, p)| p.x)
    };
    let x0 = anchor_x(&bodies[0]);
    for body in bodies.iter_mut().skip(1) {
        let dx = x0 - anchor_x(body);
        body.shift(v(dx, 0.0));
    }
    bodies
}

/// The parts a position says rest (on the floor, the pillow `pillow` high
/// or the chair's seat `seat` high) do.
fn check_rests(ctx: &mut Ctx, pose: &Pose, body: &Body, under: &props::Props) {
    let (pillow, seat, step) = (under.pillow, under.seat, under.step);
    for rest in &pose.rest {
        let foot = rest.value.is_foot();
        let support = match rest.value {
            Part::Head => pillow.unwrap_or(0.0),
            Part::Hip => seat.unwrap_or(0.0),
            _ if foot => step.unwrap_or(0.0),
            _ => 0.0,
        };
        let on = match (rest.value, pillow, seat) {
            (Part::Head, Some(_), _) => "the pillow",
            (Part::Hip, _, Some(_)) => "the chair",
            _ if foot && step.is_some() => "the step",
            _ => "the floor",
        };
        for (p, r) in body.part(rest.value) {
            let gap = p.y - r - support;
            if gap.abs() > TOUCH {
                ctx.error(
                    rest.span.clone(),
                    format!(
                        "`{}`: `{}` should rest on {on} but is {:.1} units {}",
                        pose.name,
                        rest.value.name(),
                        gap.abs(),
                        if gap > 0.0 { "above it" } else { "inside it" }
                    ),
                );
                break;
            }
        }
    }
}

/// Draw a side-view figure: its positions, props and the floor.
pub fn draw(
    ctx: &mut Ctx,
    figure: &dyn TableLike,
    poses: &[(&'static str, &dyn TableLike, Option<std::ops::Range<usize>>)],
    props: &[Name],
    position: &str,
) -> Option<Scene> {
    let mut read: Vec<Pose> = Vec::new();
    for &(name, table, _) in poses {
        let pose = read_pose(ctx, name, table, read.first());
        read.push(pose);
    }
    let props = ctx.known(props, props::PROPS, "prop");
    let anchor = ctx
        .reader
        .text(figure, "anchor")
        .unwrap_or_else(|| Name::new("hip".to_owned(), None::<Span>));
    if !JOINTS.contains(&anchor.value.as_str()) {
        ctx.unknown(&anchor, "joint", JOINTS);
    }
    if !ctx.ok {
        return None;
    }

    let working = read_limbs(ctx, figure, "working", ["far_leg", "far_arm"]);
    let still = read_limbs(ctx, figure, "still", ["near_leg", "near_arm"]);
    if !ctx.ok {
        return None;
    }
    let mut bodies = place_bodies(&read, &anchor.value);
    props::lift(&props, &mut bodies);
    let placed = props::place(ctx, &props, &read[0], &bodies);
    for (pose, body) in read.iter().zip(&bodies) {
        check_rests(ctx, pose, body, &placed);
    }
    agree(ctx, &read[0], position, placed.seat.is_some());

    let last = bodies.len() - 1;
    let mut marks = placed.under;
    for (i, body) in bodies.iter().enumerate() {
        let (tone, far) = if i == last {
            (Tone::After, Tone::AfterFar)
        } else {
            (Tone::Before, Tone::BeforeFar)
        };
        let hollow = if i == last { working } else { [false; 2] };
        marks.extend(body.marks(tone, far, hollow, still));
    }
    marks.extend(placed.held);
    if !ctx.ok {
        return None;
    }
    Some(Scene {
        marks,
        front: Vec::new(),
        joints: bodies.iter().map(Body::joints).collect(),
        floor: Some(placed.floor),
    })
}

/// Which of two limbs a list names: the far limbs that do the exercise
/// (`working = ["far_leg", "far_arm"]`; near limbs are black anyway), or
/// the near limbs that only hold the body up (`still = ["near_leg",
/// "near_arm"]`), as (leg, arm).
fn read_limbs(ctx: &mut Ctx, figure: &dyn TableLike, key: &str, limbs: [&str; 2]) -> [bool; 2] {
    let names = ctx.names(figure, key);
    let what = if key == "still" {
        "still limb"
    } else {
        "working limb"
    };
    for name in &names {
        if !limbs.contains(&name.value.as_str()) {
            ctx.unknown(name, what, &limbs);
        }
    }
    limbs.map(|w| names.iter().any(|n| n.value == w))
}

/// The start position must agree with the exercise's written starting
/// position: lying on the back or face down, on hands and knees, kneeling,
/// sitting.
fn agree(ctx: &mut Ctx, start: &Pose, position: &str, chair: bool) {
    let rests = |part: Part| start.rest.iter().any(|r| r.value == part);
    let said = |words: &str| position.contains(words);
    let mut problems = Vec::new();
    if said("lying") && !(rests(Part::Shoulder) && rests(Part::Hip)) {
        problems.push("lying: rest `shoulder` and `hip` on the floor");
    }
    // The body faces right when upright, so its front points 90° clockwise
    // of the trunk.
    let front = dir(start.trunk.f() - 90.0).y;
    if said("on your back") && front < 0.7 {
        problems.push("on the back: the front faces up (`trunk` near 180)");
    }
    if said("face down") && front > -0.7 {
        problems.push("face down: the front faces the floor (`trunk` near 0)");
    }
    let hands = rests(Part::Hands) || (rests(Part::NearHand) && rests(Part::FarHand));
    let knees = rests(Part::Knees) || (rests(Part::NearKnee) && rests(Part::FarKnee));
    if said("hands and knees") && !(hands && knees) {
        problems.push("on hands and knees: rest `hands` and `knees` on the floor");
    }
    let a_knee = knees || rests(Part::NearKnee) || rests(Part::FarKnee);
    if said("kneeling") && !a_knee {
        problems.push("kneeling: rest a knee on the floor");
    }
    if (said("sitting") || said("seated")) && !chair {
        problems.push("sitting: add the `chair` prop");
    }
    let a_foot = start.rest.iter().any(|r| r.value.is_foot());
    if said("standing") && !(a_foot && (45..=135).contains(&start.trunk.v)) {
        problems.push("standing: an upright trunk (`trunk` 45 to 135) on a resting foot");
    }
    let one_knee = rests(Part::NearKnee) != rests(Part::FarKnee) && !rests(Part::Knees);
    if (said("half-kneeling") || said("half kneeling")) && !(one_knee && a_foot) {
        problems.push("half-kneeling: rest one knee and the other foot");
    }
    if said("on your side") || said("side-lying") {
        problems.push("lying on the side: use `view = \"side-lying\"`");
    }
    for problem in problems {
        let (what, how) = problem.split_once(": ").unwrap_or((problem, ""));
        let span = ctx.span.clone();
        ctx.error(
            span,
            format!("the exercise starts \"{position}\", so the start position must show it {what} ({how})"),
        );
    }
}
