//! Bodies placed in three dimensions and seen from an oblique camera, for
//! the views where a flat side view would hide the motion (knees that drop
//! or open, shoulders that turn).
//!
//! Points are `[x, y, z]` in figure units in the patient's own frame while
//! a limb is built (x along the body towards the feet, y to the patient's
//! left, z towards the front), then mapped to the room by each view and
//! projected by a `Camera`. Lengths are the body's (`side`), so a limb keeps
//! its length whatever the camera makes of it.

use super::side::{FOOT, HIP_HALF, SHIN, THIGH, THIGH_W};
use super::{V, v};

pub type P3 = [f32; 3];

pub fn sub(a: P3, b: P3) -> P3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub fn add(a: P3, b: P3) -> P3 {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

pub fn unit(a: P3) -> P3 {
    let l = (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).sqrt().max(1e-6);
    [a[0] / l, a[1] / l, a[2] / l]
}

/// `p` turned `deg` degrees about the unit axis `k` (right-hand rule).
pub fn rodrigues(p: P3, k: P3, deg: f32) -> P3 {
    let (s, c) = deg.to_radians().sin_cos();
    let cross = [
        k[1] * p[2] - k[2] * p[1],
        k[2] * p[0] - k[0] * p[2],
        k[0] * p[1] - k[1] * p[0],
    ];
    let dot = k[0] * p[0] + k[1] * p[1] + k[2] * p[2];
    std::array::from_fn(|i| p[i] * c + cross[i] * s + k[i] * dot * (1.0 - c))
}

/// A camera looking along the room's -y axis (x right, z up), swung
/// `yaw` degrees round towards +x and raised by `elevation` degrees: a
/// point nearer the camera shows lower.
#[derive(Debug, Clone, Copy)]
pub struct Camera {
    pub elevation: f32,
    pub yaw: f32,
}

impl Camera {
    pub fn see(self, p: P3) -> V {
        let (ys, yc) = self.yaw.to_radians().sin_cos();
        let (x, y) = (p[0] * yc - p[1] * ys, p[0] * ys + p[1] * yc);
        let (s, c) = self.elevation.to_radians().sin_cos();
        v(x, p[2] * c - y * s)
    }
}

/// One leg in the patient's frame: x along the body towards the feet, y to
/// the patient's left, z towards the front.
#[derive(Debug, Clone)]
pub struct Leg {
    pub hip: P3,
    pub knee: P3,
    pub ankle: P3,
    pub toe: P3,
}

/// A leg's bends, as in the side view: the thigh swings forward by `hip`,
/// the shin folds back by `knee`, the foot lifts by `ankle`.
#[derive(Debug, Clone, Copy)]
pub struct Bends {
    pub hip: f32,
    pub knee: f32,
    pub ankle: f32,
}

impl Leg {
    /// A leg from the hip joint at `pelvis` (its centre), `side` 1 for the
    /// left leg and -1 the right. The thigh and shin lean in so the knees
    /// and feet touch; their length along the leg stays THIGH and SHIN.
    pub fn bent(pelvis: P3, side: f32, b: Bends) -> Leg {
        let hip = add(pelvis, [0.0, side * HIP_HALF, 0.0]);
        let inward = side * (HIP_HALF - THIGH_W / 2.0);
        let reach = (THIGH * THIGH - inward * inward).sqrt();
        let at = |deg: f32, len: f32| {
            let (s, c) = deg.to_radians().sin_cos();
            [len * c, 0.0, len * s]
        };
        let mut knee = add(hip, at(b.hip, reach));
        knee[1] -= inward;
        let shin = b.hip - b.knee;
        let ankle = add(knee, at(shin, SHIN));
        let toe = add(ankle, at(shin + 90.0 + b.ankle, FOOT));
        Leg {
            hip,
            knee,
            ankle,
            toe,
        }
    }

    /// The knee turned `deg` degrees about the line from hip to ankle,
    /// positive towards the patient's right (-y); the foot rolls with it.
    pub fn dropped(self, deg: f32) -> Leg {
        let axis = unit(sub(self.ankle, self.hip));
        let turn = |p: P3, about: P3| add(about, rodrigues(sub(p, about), axis, deg));
        Leg {
            knee: turn(self.knee, self.hip),
            toe: turn(self.toe, self.ankle),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Bends, Leg, P3, sub};
    use crate::figure::side::{FOOT, SHIN, THIGH, THIGH_W};

    fn dist(a: P3, b: P3) -> f32 {
        let d = sub(a, b);
        (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
    }

    const CROOK: Bends = Bends {
        hip: 45.0,
        knee: 100.0,
        ankle: -35.0,
    };

    /// A knee that drops keeps its thigh and shin; only the
    /// drawing shortens them.
    #[test]
    fn dropped_knees_keep_their_limbs_and_fall_to_the_right() {
        for side in [1.0, -1.0] {
            let up = Leg::bent([40.0, 0.0, 5.0], side, CROOK);
            let (thigh, shin) = (dist(up.hip, up.knee), dist(up.knee, up.ankle));
            assert!((thigh - THIGH).abs() < 1e-3, "{thigh}");
            assert!((shin - SHIN).abs() < 1e-3, "{shin}");
            for deg in [-75.0, -30.0, 30.0, 75.0] {
                let down = Leg::bent([40.0, 0.0, 5.0], side, CROOK).dropped(deg);
                assert!((dist(down.hip, down.knee) - thigh).abs() < 1e-3);
                assert!((dist(down.knee, down.ankle) - shin).abs() < 1e-3);
                assert!((dist(down.ankle, down.toe) - FOOT).abs() < 1e-3);
                // Lower, but off the floor even at the largest drop, and to
                // the patient's right (-y) when positive.
                assert!(down.knee[2] < up.knee[2]);
                assert!(down.knee[2] - THIGH_W / 2.0 > 0.0, "{deg}");
                assert_eq!(down.knee[1] < up.knee[1], deg > 0.0, "{deg}");
            }
        }
    }
}
