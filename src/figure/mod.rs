//! The figure engine: an exercise's illustration, from the catalogue's
//! description to strokes on the page. A subsystem as large as a stage, so
//! it has its own module, though catalogue loading and layout are its only
//! callers.
//!
//! A figure is a pictogram described as data (`templates/FORMAT.md`,
//! "Figures"): one or two key positions, `start` and `end`, of a body with
//! fixed proportions, seen from the side, from above (lying
//! on the back), from the front (sitting or standing) or from in front (lying on the
//! side), plus props and arrows for the motion, drawn to one visual grammar
//! (FORMAT.md: black end position, grey start, outlined working far limbs
//! and props). It goes through three steps:
//!
//! 1. read (`read`): a `[figure.ID]` table, every key, number and name
//!    checked with a located diagnostic, when the catalogue loads;
//! 2. pose (`side` and its `props`, `views`, `lying`, `standing`, with `space` for the
//!    oblique cameras; `arrow`, `inset`): the joint angles turned into
//!    strokes (`Mark`s) on a canvas of at least `CANVAS_W` x `CANVAS_H`
//!    figure units (y up), larger for a posture that needs it, and the
//!    drawing checked: joint angles within a human range, the parts a
//!    position says rest on their support do, a figure agrees with the
//!    exercise's position (lying, standing, kneeling, sitting...), each prop
//!    serves the body. Segment lengths belong to the body, not to a
//!    position, so a limb cannot change length between positions;
//! 3. draw (`draw`): the strokes scaled into a box on the page and given
//!    their greys, as `Document` items; `preview` lays one figure out large
//!    with its joints named and its file's problems, for `rx figure`.
//!
//! A clinic may give a picture instead (`figure_image`): `image` and `jpeg`
//! check and decode a PNG or JPEG into the `Document`'s own image type, once
//! at load. Catalogue loading attaches both kinds to their exercises
//! (`catalogue::figures`). Pure: no file is read here, and the same figure
//! text always gives the same strokes.

mod arrow;
pub mod draw;
mod inset;
mod lying;
pub mod preview;
mod props;
mod reach;
mod read;
mod seated;
mod side;
mod space;
mod standing;
mod views;

use std::sync::Arc;

pub use read::read;

use crate::document::Image;

/// Width of the standard canvas a drawing is placed on, in figure units:
/// a figure that fits it is drawn at the sheet's common scale, a larger one
/// (a standing person, about 100 units tall with the floor) gets a larger
/// canvas and is scaled down into the same box.
pub const CANVAS_W: f32 = 132.0;
/// Height of the standard canvas, in figure units.
pub const CANVAS_H: f32 = 99.0;

/// An exercise's illustration.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// Drawn by rx from a figure description.
    Drawing(Arc<Drawing>),
    /// A clinic's own picture (`figure_image`).
    Image(Arc<Image>),
}

// Every coordinate of a drawing is finite (it is computed from whole-number
// angles and fixed lengths), so equality is reflexive.
impl Eq for Figure {}

/// A figure resolved to strokes on the canvas, in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub marks: Vec<Mark>,
    /// The canvas the marks sit on (width, height), at least
    /// `CANVAS_W` x `CANVAS_H`; the marks are centred on it.
    pub size: (f32, f32),
    /// The last position's named joints on the canvas, for arrows' names
    /// and for `rx figure`'s labels.
    pub joints: Vec<(&'static str, (f32, f32))>,
}

/// One round-capped stroke: a polyline, or a disc when its two points
/// (almost) coincide.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Canvas points, y up.
    pub points: Vec<(f32, f32)>,
    /// Stroke width in figure units.
    pub width: f32,
    pub tone: Tone,
}

/// What a mark is, which decides its grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tone {
    /// The start position, when an end position follows.
    Before,
    /// The far-side limbs of the start position.
    BeforeFar,
    /// The end position (or the only one).
    After,
    /// The far-side limbs of the end position.
    AfterFar,
    Floor,
    /// Props (pillow, chair, wall, step, band, ball, mat): thin dark
    /// outlines, never the start position's grey.
    Prop,
    /// A towel or strap held in the hands.
    Towel,
    Arrow,
    /// White: an eye, or the inside of an outlined limb.
    Paper,
}

/// A point or direction in figure units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct V {
    x: f32,
    y: f32,
}

fn v(x: f32, y: f32) -> V {
    V { x, y }
}

/// The unit vector at `deg` degrees, counter-clockwise from +x.
fn dir(deg: f32) -> V {
    let r = deg.to_radians();
    v(r.cos(), r.sin())
}

impl V {
    fn add(self, o: V) -> V {
        v(self.x + o.x, self.y + o.y)
    }
    fn sub(self, o: V) -> V {
        v(self.x - o.x, self.y - o.y)
    }
    fn mul(self, s: f32) -> V {
        v(self.x * s, self.y * s)
    }
    fn len(self) -> f32 {
        self.x.hypot(self.y)
    }
    /// The direction of this vector in degrees.
    fn angle(self) -> f32 {
        self.y.atan2(self.x).to_degrees()
    }
    /// Turned 90 degrees counter-clockwise.
    fn left(self) -> V {
        v(-self.y, self.x)
    }
    fn tuple(self) -> (f32, f32) {
        (self.x, self.y)
    }
}

/// A stroke through `points`.
fn mark(points: &[V], width: f32, tone: Tone) -> Mark {
    Mark {
        points: points.iter().map(|p| p.tuple()).collect(),
        width,
        tone,
    }
}

/// A filled disc: a near-zero-length stroke with a wide round cap.
fn disc(centre: V, radius: f32, tone: Tone) -> Mark {
    mark(&[centre, centre.add(v(0.01, 0.0))], 2.0 * radius, tone)
}

/// Width of a prop's outline.
pub(crate) const PROP_W: f32 = 1.2;

/// A closed outline through `points`.
fn outline(points: &[V], width: f32, tone: Tone) -> Mark {
    let mut closed = points.to_vec();
    closed.extend(points.first().copied());
    mark(&closed, width, tone)
}

/// A head at `centre` whose face looks along `face` (a direction, any
/// length): the disc, a nose that stands out of it and an eye, so the way
/// the figure faces reads at print size. No face for `None` (seen from
/// behind, or a face turned into the floor).
fn head(centre: V, face: Option<V>, tone: Tone) -> Vec<Mark> {
    let r = side::HEAD_R;
    let mut out = vec![disc(centre, r, tone)];
    if let Some(f) = face.filter(|f| f.len() > 1e-3) {
        let f = f.mul(1.0 / f.len());
        // The top of the head is a quarter turn from the face, whichever
        // way the face points, so the eye sits above the nose.
        let up = if f.x >= 0.0 {
            f.left()
        } else {
            f.left().mul(-1.0)
        };
        out.push(mark(
            &[centre.add(f.mul(r - 2.0)), centre.add(f.mul(r + 0.4))],
            side::NOSE_W,
            tone,
        ));
        out.push(disc(
            centre.add(f.mul(2.6)).add(up.mul(2.0)),
            side::EYE_R,
            Tone::Paper,
        ));
    }
    out
}

impl Drawing {
    /// Lowest, leftmost, highest and rightmost extent of the strokes,
    /// including their width: (min x, min y, max x, max y).
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        bounds(&self.marks)
    }
}

fn bounds(marks: &[Mark]) -> (f32, f32, f32, f32) {
    let mut b = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for m in marks {
        let r = m.width / 2.0;
        for &(x, y) in &m.points {
            b = (
                b.0.min(x - r),
                b.1.min(y - r),
                b.2.max(x + r),
                b.3.max(y + r),
            );
        }
    }
    b
}

fn shift(marks: &mut [Mark], d: V) {
    for m in marks {
        for p in &mut m.points {
            *p = (p.0 + d.x, p.1 + d.y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Drawing, Figure, Mark, Tone};
    use crate::catalogue::fixtures::{WALL_SIT as EXERCISE, WALL_SIT_LYING as LYING};
    use crate::catalogue::{self, FIGURES_NAME, builtin_text, figures_text};
    use crate::diag::{SourceFile, render};

    fn builtin() -> catalogue::Catalogue {
        let base = catalogue::extend(catalogue::Catalogue::default(), builtin_text())
            .expect("the built-in catalogue is valid");
        match catalogue::add_figures(base, figures_text()) {
            Ok(c) => c,
            Err(diagnostics) => {
                let file = SourceFile::new(FIGURES_NAME, figures_text());
                let shown: Vec<String> = diagnostics.iter().map(|d| render(d, &file)).collect();
                panic!("{}", shown.join("\n"));
            }
        }
    }

    fn drawing(figure: Option<&Figure>) -> &Drawing {
        match figure {
            Some(Figure::Drawing(d)) => d,
            _ => panic!("no drawing"),
        }
    }

    #[test]
    fn every_builtin_exercise_has_a_figure() {
        let catalogue = builtin();
        assert!(!catalogue.entries().is_empty());
        for entry in catalogue.entries() {
            assert!(entry.figure.is_some(), "{} has no figure", entry.id);
        }
        // The shipped path loads them too.
        let shipped = catalogue::builtin().expect("valid");
        assert!(shipped.entries().iter().all(|e| e.figure.is_some()));
    }

    #[test]
    fn no_two_figures_are_alike() {
        let catalogue = builtin();
        let entries = catalogue.entries();
        for (i, a) in entries.iter().enumerate() {
            for b in &entries[i + 1..] {
                assert_ne!(a.figure, b.figure, "{} and {} look alike", a.id, b.id);
            }
        }
    }

    fn length(m: &Mark) -> f32 {
        m.points
            .windows(2)
            .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
            .sum()
    }

    /// Each limb keeps its length between the start and the end
    /// position (the body's segments are its own, not the position's).
    #[test]
    fn limbs_keep_their_length_between_positions() {
        let catalogue = builtin();
        let mut compared = 0;
        for entry in catalogue.entries() {
            // A thigh that turns out towards the viewer (`spread`) between
            // the positions keeps its length but is drawn foreshortened.
            let turned_out = figures_text().split("[figure.").any(|table| {
                table.starts_with(&format!("{}.end]", entry.id)) && table.contains("spread")
            });
            if turned_out {
                continue;
            }
            let d = drawing(entry.figure.as_ref());
            let body = |tones: [Tone; 2]| -> Vec<&Mark> {
                d.marks
                    .iter()
                    .filter(|m| tones.contains(&m.tone) && m.width != super::side::TOWEL_W)
                    // A belly is drawn only where it bulges, a nose only on a
                    // raised head: neither is a limb.
                    .filter(|m| !(m.width == super::side::TRUNK_W && m.points.len() == 2))
                    .filter(|m| m.width != super::side::NOSE_W)
                    .collect()
            };
            let start = body([Tone::Before, Tone::BeforeFar]);
            let end = body([Tone::After, Tone::AfterFar]);
            if start.is_empty() || start.len() != end.len() {
                continue;
            }
            compared += 1;
            for (a, b) in start.iter().zip(&end) {
                assert!(
                    (length(a) - length(b)).abs() < 0.01,
                    "{}: a stroke is {} long at the start, {} at the end",
                    entry.id,
                    length(a),
                    length(b)
                );
            }
        }
        // Every side view with two positions (since the second blind test
        // of the figures the pelvic tilt and the deep abdominal figure have a
        // start and an end too; since the third the bottom stretch has one
        // position, the figure 4 held; since the fifth the knee to chest,
        // the knee held and the far foot down). The eleven of the low back
        // at least: a library entry adds to them.
        assert!(compared >= 11, "{compared}");
    }

    /// A blind reading test of the figures: feet have toes, which lie flat on the
    /// floor when the foot points steeply down (face down on the toes, up
    /// on the toes) and follow the foot otherwise; near limbs get a white
    /// edge under them.
    #[test]
    fn toes_lie_flat_under_a_steep_foot_and_near_limbs_have_an_edge() {
        let catalogue = builtin();
        let toes = |id: &str| -> Vec<Mark> {
            let d = drawing(catalogue.find(id).and_then(|e| e.figure.as_ref()));
            d.marks
                .iter()
                .filter(|m| m.width == super::side::TOES_W)
                .filter(|m| matches!(m.tone, Tone::After | Tone::AfterFar))
                .cloned()
                .collect()
        };
        let press_up = toes("spine-press-up");
        assert_eq!(press_up.len(), 2, "near and far toes");
        for m in &press_up {
            let (a, b) = (m.points[0], m.points[1]);
            assert!((a.1 - b.1).abs() < 1e-3, "flat: {a:?} {b:?}");
            assert!((a.0 - b.0).abs() > 1.0, "and of some length: {a:?} {b:?}");
        }
        // The bridge's feet are flat on the floor: the toes go on along
        // them, pointing away from the heel.
        for m in toes("bridge") {
            assert!(m.points[1].0 > m.points[0].0, "{:?}", m.points);
        }
        let d = drawing(catalogue.find("bridge").and_then(|e| e.figure.as_ref()));
        let edges = d
            .marks
            .iter()
            .filter(|m| m.tone == Tone::Paper && m.width > super::side::SHIN_W)
            .count();
        // Thigh, shin and forearm edges in each of the two positions.
        assert!(edges >= 6, "{edges} white edges");
    }

    #[test]
    fn drawings_fit_their_canvas_and_rest_on_the_floor() {
        let catalogue = builtin();
        for entry in catalogue.entries() {
            let d = drawing(entry.figure.as_ref());
            let (x0, y0, x1, y1) = d.bounds();
            assert!(x0 >= 0.0 && y0 >= 0.0, "{}: {x0},{y0}", entry.id);
            assert!(x1 <= d.size.0 && y1 <= d.size.1, "{}: {x1},{y1}", entry.id);
            let floor = d.marks.iter().find(|m| m.tone == Tone::Floor);
            // Only the views from above and of lying on the side (a
            // raised camera) have no floor line.
            let view = |name: &str| {
                figures_text().contains(&format!("[figure.{}]\nview = \"{name}\"", entry.id))
            };
            let from_above = view("above");
            let Some(floor) = floor else {
                assert!(from_above || view("side-lying"), "{}: no floor", entry.id);
                continue;
            };
            assert!(!from_above, "{}: a floor seen from above", entry.id);
            let floor_top = floor.points[0].1 + floor.width / 2.0;
            // Nothing of the body sinks into the floor.
            for m in &d.marks {
                if matches!(m.tone, Tone::After | Tone::Before) {
                    for p in &m.points {
                        assert!(p.1 - m.width / 2.0 >= floor_top - 1.6, "{}", entry.id);
                    }
                }
            }
        }
    }

    /// The clinic file's rendered diagnostics for `figure`.
    fn problems(figure: &str) -> String {
        let text = format!("{EXERCISE}{figure}");
        let base = catalogue::extend(catalogue::Catalogue::default(), builtin_text())
            .expect("the built-in catalogue is valid");
        let errors = catalogue::extend(base, &text).expect_err("a bad figure");
        let file = SourceFile::new("clinic.toml", text);
        errors.iter().map(|d| render(d, &file)).collect()
    }

    #[test]
    fn a_valid_clinic_figure_is_drawn() {
        let base = catalogue::extend(catalogue::Catalogue::default(), builtin_text())
            .expect("the built-in catalogue is valid");
        let c = catalogue::extend(base, &format!("{EXERCISE}{LYING}")).expect("valid");
        assert!(c.find("wall-sit").and_then(|e| e.figure.as_ref()).is_some());
        // A clinic file that replaces a built-in exercise keeps its figure.
        let again = catalogue::add_figures(c, figures_text()).expect("valid");
        let replaced = builtin_text().replace("name = \"Bridge\"", "name = \"Bridge (clinic)\"");
        let replaced = replaced[replaced
            .find("[[exercise]]\nid = \"bridge\"")
            .expect("bridge")..]
            .split("\n# relieve #8")
            .next()
            .expect("the bridge entry")
            .to_owned();
        let c = catalogue::extend(again, &replaced).expect("valid");
        let bridge = c.find("bridge").expect("bridge");
        assert_eq!(bridge.name, "Bridge (clinic)");
        assert!(bridge.figure.is_some());
    }

    #[test]
    fn a_joint_beyond_its_range_is_located() {
        let shown = problems(&LYING.replace("knees = 90", "knees = [90, 170]"));
        assert_eq!(
            shown,
            "error[RX0501]: figure `wall-sit`: `start`: a far knee bend of 170° is outside the human range (0° to 150°)\n  \
             --> clinic.toml:23:14\n   |\n23 | knees = [90, 170]\n   |              ^^^\n"
        );
    }

    #[test]
    fn a_belly_beyond_its_range_is_located_in_units() {
        let shown = problems(&LYING.replace("neck = 7", "neck = 7\nbelly = 9"));
        assert!(
            shown.contains(
                "`start`: a belly out of 9 units is outside the human range (0 units to 6 units)"
            ),
            "{shown}"
        );
        assert!(shown.contains("clinic.toml:22:9"), "{shown}");
    }

    #[test]
    fn a_part_that_should_rest_but_floats_is_located() {
        let shown = problems(&LYING.replace("neck = 7", "neck = 40"));
        assert!(
            shown.contains("`start`: `head` should rest on the floor but is 7.6 units above it"),
            "{shown}"
        );
        assert!(shown.contains("clinic.toml:26:9"), "{shown}");
    }

    #[test]
    fn an_unknown_resting_part_is_reported_once_when_the_end_keeps_the_start_rest() {
        let figure = LYING.replace("\"hip\", \"feet\"", "\"hip\", \"feets\"")
            + "[figure.wall-sit.end]\ntrunk = 200\n";
        let shown = problems(&figure);
        assert_eq!(
            shown.matches("unknown resting part `feets`").count(),
            1,
            "{shown}"
        );
        assert!(shown.contains("did you mean `feet`?"), "{shown}");
        assert!(shown.contains("clinic.toml:26:"), "{shown}");
    }

    #[test]
    fn an_unknown_standing_foot_is_reported_once_when_the_end_keeps_the_start_rest() {
        let shown = problems(
            "[figure.wall-sit]\nview = \"standing-front\"\nstart = { legs = 0, rest = [\"lef_foot\"] }\nend = { legs = 10 }\n",
        );
        assert_eq!(
            shown.matches("unknown resting part `lef_foot`").count(),
            1,
            "{shown}"
        );
        assert!(shown.contains("did you mean `left_foot`?"), "{shown}");
    }

    #[test]
    fn an_unknown_side_view_prop_is_located_with_the_nearest_name() {
        let shown = problems(&format!("[figure.wall-sit]\nprops = [\"pilow\"]\n{LYING}"));
        assert!(
            shown.starts_with("error[RX0501]: figure `wall-sit`: unknown prop `pilow`\n"),
            "{shown}"
        );
        assert!(shown.contains("did you mean `pillow`?"), "{shown}");
    }

    #[test]
    fn a_lying_exercise_must_be_drawn_lying_on_its_back() {
        let shown = problems(&LYING.replace("trunk = 180", "trunk = 0").replace(
            "rest = [\"head\", \"shoulder\", \"hip\", \"feet\", \"hands\"]",
            "rest = []",
        ));
        assert!(shown.contains("must show it lying"), "{shown}");
        assert!(shown.contains("must show it on the back"), "{shown}");
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let figure = format!(
            "{LYING}[figure.wall-sit]\nprops = [\"pilow\"]\narrows = [{{ push = \"hipp\", angle = 90 }}]\n"
        )
        .replace("[figure.wall-sit.start]", "[figure.wall-sit.start]\nkneez = 3");
        let shown = problems(&figure);
        assert!(shown.contains("unknown key `kneez`"), "{shown}");
        assert!(shown.contains("did you mean `knees`"), "{shown}");
        assert!(shown.contains("unknown prop `pilow`"), "{shown}");
        let shown = problems(&format!(
            "{LYING}[figure.wall-sit]\narrows = [{{ push = \"hipp\", angle = 90 }}]\n"
        ));
        assert!(shown.contains("unknown joint `hipp`"), "{shown}");
        assert!(shown.contains("did you mean `hip`"), "{shown}");
        let shown = problems("[figure.wal-sit.start]\ntrunk = 0\n");
        assert!(
            shown.contains("figure for `wal-sit`, which is not an exercise id"),
            "{shown}"
        );
        assert!(shown.contains("did you mean `wall-sit`"), "{shown}");
    }

    #[test]
    fn a_pillow_or_chair_must_carry_its_part_at_a_real_height() {
        let with = |props: &str, figure: &str| {
            problems(&format!("[figure.wall-sit]\nprops = [{props}]\n{figure}"))
        };
        let shown = with("\"pillow\"", LYING);
        assert!(
            shown.contains("the head rests 0.8 units above the floor; a pillow raises it 2 to 10"),
            "{shown}"
        );
        let shown = with("\"chair\"", LYING);
        assert!(
            shown.contains("the seat would be 1.5 units high; a chair seat is 12 to 32"),
            "{shown}"
        );
        let shown = with(
            "\"pillow\"",
            &LYING.replace("rest = [\"head\", ", "rest = ["),
        );
        assert!(
            shown.contains("a pillow needs `head` among the start position's `rest`"),
            "{shown}"
        );
    }

    #[test]
    fn a_view_from_above_is_checked_and_located() {
        let above =
            "[figure.wall-sit]\nview = \"above\"\nstart = { legs = 0 }\nend = { legs = 80 }\n";
        let shown = problems(above);
        assert!(
            shown.contains("`end`: a leg drop of 80° is outside the human range (-75° to 75°)"),
            "{shown}"
        );
        assert!(shown.contains("clinic.toml:21:16"), "{shown}");
        let sitting = format!("{EXERCISE}{above}")
            .replace("Lying on your back", "Sitting on a chair")
            .replace("legs = 80", "legs = 40");
        let base = catalogue::extend(catalogue::Catalogue::default(), builtin_text())
            .expect("the built-in catalogue is valid");
        let errors = catalogue::extend(base, &sitting).expect_err("not lying");
        let shown: String = errors
            .iter()
            .map(|d| render(d, &SourceFile::new("clinic.toml", sitting.clone())))
            .collect();
        assert!(
            shown.contains("the `above` view shows lying on the back, but the exercise starts \"sitting on a chair\""),
            "{shown}"
        );
    }

    /// Knees that fall apart (soles together) are drawn from above: each
    /// knee out to its own side, the feet staying; too far is located.
    #[test]
    fn knees_fall_apart_each_to_its_own_side_from_above() {
        let figure = |end: &str| {
            format!(
                "[figure.wall-sit]\nview = \"above\"\nstart = {{ legs = 0 }}\nend = {{ {end} }}\n"
            )
        };
        let knees_apart = |end: &str| {
            let c = load(&format!("{EXERCISE}{}", figure(end))).unwrap_or_else(|e| panic!("{e}"));
            let d = drawing(c.find("wall-sit").and_then(|e| e.figure.as_ref()));
            let knee = |name: &str| d.joints.iter().find(|j| j.0 == name).expect(name).1;
            let (l, r) = (knee("left_knee"), knee("right_knee"));
            (l.0 - r.0).hypot(l.1 - r.1)
        };
        assert!(knees_apart("apart = 45") > knees_apart("apart = 0") + 10.0);
        let shown = problems(&figure("legs = 40, apart = 45"));
        assert!(
            shown.contains("a leg drop of 40° with the knees 45° apart takes one knee past 75°"),
            "{shown}"
        );
    }

    const STANDING: &str = r#"
[figure.wall-sit.start]
trunk = 90
hips = 0
knees = 0
ankles = 0
rest = ["feet"]
"#;

    /// The clinic file's catalogue, or its rendered diagnostics.
    fn load(text: &str) -> Result<catalogue::Catalogue, String> {
        let base = catalogue::extend(catalogue::Catalogue::default(), builtin_text())
            .expect("the built-in catalogue is valid");
        catalogue::extend(base, text).map_err(|errors| {
            let file = SourceFile::new("clinic.toml", text);
            errors.iter().map(|d| render(d, &file)).collect()
        })
    }

    /// A standing person (taller than the standard canvas) is
    /// drawn on a larger canvas, which the sheet scales into the same box.
    #[test]
    fn a_standing_figure_gets_a_canvas_that_fits_it() {
        let text = format!("{EXERCISE}{STANDING}").replace("Lying on your back", "Standing");
        let c = load(&text).unwrap_or_else(|e| panic!("{e}"));
        let d = drawing(c.find("wall-sit").and_then(|e| e.figure.as_ref()));
        let (_, y0, _, y1) = d.bounds();
        assert!(y1 - y0 > 100.0, "{y0}..{y1}");
        assert!(
            d.size.1 > super::CANVAS_H && d.size.0 == super::CANVAS_W,
            "{:?}",
            d.size
        );
        // Standing needs a foot on the floor and an upright trunk.
        let shown = load(&text.replace("trunk = 90", "trunk = 180")).expect_err("lying");
        assert!(shown.contains("must show it standing"), "{shown}");
    }

    /// Seen from the front, standing: a leg out to the side is drawn, a
    /// swing beyond the human range, a foot said to rest that does not,
    /// and a chair under a raised hand are each located.
    #[test]
    fn a_standing_front_view_is_checked_and_located() {
        let standing = |figure: &str| {
            format!("{EXERCISE}[figure.wall-sit]\nview = \"standing-front\"\n{figure}")
                .replace("Lying on your back", "Standing")
        };
        let good = "start = { legs = 0, rest = [\"feet\"] }\nend = { legs = [30, 0], rest = [\"right_foot\"] }\n";
        load(&standing(good)).unwrap_or_else(|e| panic!("{e}"));
        let shown = load(&standing(&good.replace("[30, 0]", "[70, 0]"))).expect_err("too far");
        assert!(
            shown.contains(
                "`end`: a leg swing out to the side of 70° is outside the human range (-30° to 60°)"
            ),
            "{shown}"
        );
        let shown =
            load(&standing(&good.replace("\"right_foot\"", "\"feet\""))).expect_err("floats");
        assert!(
            shown.contains("`end`: `feet` should rest on the floor but is 6.0 units above it"),
            "{shown}"
        );
        assert!(shown.contains("clinic.toml:21:33"), "{shown}");
        let chair = standing(&format!(
            "props = [\"chair\"]\n{}",
            good.replace("legs = 0,", "legs = 0, arms = [0, 90],")
        ));
        let shown = load(&chair).expect_err("hand too high");
        assert!(
            shown.contains("a chair stands under the right hand, but the start position raises that arm 90° (at most 60°)"),
            "{shown}"
        );
    }

    /// Each prop is checked against the body it serves, with an
    /// error at the prop's name.
    #[test]
    fn props_are_checked_where_they_are_named() {
        let with = |props: &str, figure: &str| {
            problems(&format!("[figure.wall-sit]\nprops = [{props}]\n{figure}"))
        };
        let shown = with("\"wall\"", LYING);
        assert!(
            shown.contains(
                "a wall stands behind an upright back, but the start position's `trunk` is 180°"
            ),
            "{shown}"
        );
        assert!(shown.contains("clinic.toml:19:10"), "{shown}");
        let shown = with("\"mat\", \"step\"", &LYING.replace(", \"feet\"", ""));
        assert!(shown.contains("a step needs a foot"), "{shown}");
        assert!(shown.contains("clinic.toml:19:17"), "{shown}");
        let shown = with("\"balll\"", LYING);
        assert!(shown.contains("unknown prop `balll`"), "{shown}");
        assert!(shown.contains("did you mean `ball`"), "{shown}");
        // Every prop on a body that suits them draws.
        let standing = format!(
            "{EXERCISE}[figure.wall-sit]\nprops = [\"wall\", \"step\", \"band\", \"ball\", \"strap\"]\n{STANDING}"
        )
        .replace("Lying on your back", "Standing");
        load(&standing).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Lying on the side has its own view, checked like the others.
    #[test]
    fn side_lying_is_its_own_view() {
        let clam = format!(
            "{EXERCISE}[figure.wall-sit]\nview = \"side-lying\"\nprops = [\"band\", \"pillow\"]\nstart = {{ hips = 45, knees = 90 }}\nend = {{ open = 45 }}\n"
        )
        .replace("Lying on your back", "Lying on your side");
        let c = load(&clam).unwrap_or_else(|e| panic!("{e}"));
        // In the third blind reading test the closed start lies under the black lower leg,
        // so it shows as an edge, not a grey wedge (a pillow) between them.
        let d = drawing(c.find("wall-sit").and_then(|e| e.figure.as_ref()));
        let first = |tone: Tone| d.marks.iter().position(|m| m.tone == tone);
        assert!(first(Tone::Before) < first(Tone::After), "{d:?}");
        let shown = load(&clam.replace("open = 45", "open = 80")).expect_err("too far");
        assert!(
            shown.contains("`end`: a knee opening of 80° is outside the human range (0° to 60°)"),
            "{shown}"
        );
        let shown = load(&clam.replace("props = [\"band\", \"pillow\"]", "props = [\"chair\"]"))
            .expect_err("no chair");
        assert!(
            shown.contains("unknown prop for this view `chair`"),
            "{shown}"
        );
        // Drawn from the side, it is told which view to use.
        let side = format!("{EXERCISE}{LYING}").replace("Lying on your back", "Lying on your side");
        let shown = load(&side).expect_err("needs the view");
        assert!(shown.contains("use `view = \"side-lying\"`"), "{shown}");
    }

    /// A blind reading test of the figures: "opposite arm and leg" read only when the
    /// supporting limbs are grey: `still` draws a near limb in the far
    /// side's mid-grey, and an unknown name is located.
    #[test]
    fn still_near_limbs_are_mid_grey() {
        let catalogue = builtin();
        let d = drawing(catalogue.find("bird-dog").and_then(|e| e.figure.as_ref()));
        let upper_arms = |tone: Tone| {
            d.marks
                .iter()
                .filter(|m| m.width == super::side::UPPER_ARM_W && m.tone == tone)
                .count()
        };
        // The end position: the near (supporting) arm mid-grey, the far
        // (working) arm outlined in black.
        assert_eq!(upper_arms(Tone::AfterFar), 1);
        assert_eq!(upper_arms(Tone::After), 1);
        let text = format!("{EXERCISE}[figure.wall-sit]\nstill = [\"near_arms\"]\n{LYING}");
        let shown = load(&text).expect_err("unknown limb");
        assert!(shown.contains("unknown still limb `near_arms`"), "{shown}");
        assert!(shown.contains("did you mean `near_arm`"), "{shown}");
        assert!(shown.contains("clinic.toml:19:10"), "{shown}");
        let text = format!(
            "{EXERCISE}[figure.wall-sit]\nview = \"above\"\nstill = [\"near_arm\"]\nstart = {{ legs = 0 }}\n"
        );
        let shown = load(&text).expect_err("side view only");
        assert!(shown.contains("only a side view has `still`"), "{shown}");
    }

    /// Half-kneeling rests one knee and the other foot.
    #[test]
    fn half_kneeling_rests_one_knee() {
        let text = format!("{EXERCISE}{STANDING}").replace("Lying on your back", "Half-kneeling");
        let shown = load(&text).expect_err("standing is not half-kneeling");
        assert!(shown.contains("must show it half-kneeling"), "{shown}");
    }

    /// An inset enlarges one joint; its numbers are checked.
    #[test]
    fn an_inset_is_drawn_and_checked() {
        let inset = |spec: &str| format!("{EXERCISE}[figure.wall-sit]\ninset = {spec}\n{LYING}");
        let c = load(&inset(
            "{ joint = \"near_knee\", scale = 2, radius = 14, offset = [0, 40] }",
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let plain = load(&format!("{EXERCISE}{LYING}")).unwrap_or_else(|e| panic!("{e}"));
        let marks = |c: &catalogue::Catalogue| {
            drawing(c.find("wall-sit").and_then(|e| e.figure.as_ref()))
                .marks
                .len()
        };
        // The enlarged strokes (thigh and shin, near and far), a white
        // ground and two rings.
        assert!(
            marks(&c) >= marks(&plain) + 7,
            "{} {}",
            marks(&c),
            marks(&plain)
        );
        let rings = drawing(c.find("wall-sit").and_then(|e| e.figure.as_ref()))
            .marks
            .iter()
            .filter(|m| m.tone == Tone::Floor && m.points.len() == 25)
            .count();
        assert_eq!(rings, 2);
        let shown = load(&inset("{ joint = \"near_knee\", scale = 9 }")).expect_err("too large");
        assert!(
            shown.contains("an inset's `scale` is 2 to 5 and its `radius` 8 to 30 units"),
            "{shown}"
        );
        assert!(shown.contains("clinic.toml:19:9"), "{shown}");
        let shown = load(&inset("{ joint = \"near_kne\" }")).expect_err("no such joint");
        assert!(shown.contains("did you mean `near_knee`"), "{shown}");
        let shown = load(&inset("{ joint = \"near_knee\", offset = [5, 5] }")).expect_err("on top");
        assert!(shown.contains("must sit at least"), "{shown}");
    }

    #[test]
    fn a_figure_too_big_for_its_box_is_rejected() {
        let shown = problems(&format!(
            "{LYING}[figure.wall-sit]\narrows = [{{ push = \"head\", angle = 180, length = 300 }}]\n"
        ));
        assert!(
            shown.contains("at most 258 x 192 prints legibly in a figure box"),
            "{shown}"
        );
    }
}
