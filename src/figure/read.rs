//! Reading one `[figure.ID]` table: keys, numbers and names, each checked
//! with a located diagnostic, then handed to the view that draws it.

use toml_edit::TableLike;

use super::{
    CANVAS_H, CANVAS_W, Drawing, Mark, Tone, V, arrow, bounds, inset, lying, mark, seated, shift,
    side, standing, v, views,
};
use crate::diag::{Code, Diagnostic, Span};
use crate::fields::toml::Reader;
use crate::fields::{Spanned, shorten};
use crate::suggest;

const FIGURE_KEYS: &[&str] = &[
    "view", "anchor", "props", "working", "still", "arrows", "inset", "start", "end",
];
const VIEWS: &[&str] = &["side", "above", "front", "standing-front", "side-lying"];
/// Space kept clear round the edge of the canvas, in figure units.
const MARGIN: f32 = 3.0;

/// A whole number as written, with where.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Num {
    pub v: i32,
    pub span: Option<Span>,
}

impl Num {
    pub fn f(&self) -> f32 {
        self.v as f32
    }
}

/// A name as written (a joint, a prop), with where.
pub(super) type Name = Spanned<String>;

/// A name a figure may write, one of a fixed set: parsed once here, so
/// the views match on variants (a misspelt one does not compile) and print
/// the name as it is written.
pub(super) trait Known: Copy + PartialEq + 'static {
    /// The name a figure writes.
    fn name(self) -> &'static str;
}

/// A prop a figure may show; which of them a view draws is the view's own
/// list (`props::PROPS` for the side view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prop {
    Pillow,
    Towel,
    Strap,
    Chair,
    Wall,
    Step,
    Band,
    Ball,
    Mat,
    BackTowel,
    Doorway,
}

impl Known for Prop {
    fn name(self) -> &'static str {
        match self {
            Prop::Pillow => "pillow",
            Prop::Towel => "towel",
            Prop::Strap => "strap",
            Prop::Chair => "chair",
            Prop::Wall => "wall",
            Prop::Step => "step",
            Prop::Band => "band",
            Prop::Ball => "ball",
            Prop::Mat => "mat",
            Prop::BackTowel => "back_towel",
            Prop::Doorway => "doorway",
        }
    }
}

/// A part of the side view's body that a position says rests on what is
/// under it (the floor, a pillow, a seat, a step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Head,
    Shoulder,
    Waist,
    Hip,
    NearKnee,
    FarKnee,
    Knees,
    NearFoot,
    FarFoot,
    Feet,
    NearToe,
    FarToe,
    Toes,
    NearHand,
    FarHand,
    Hands,
    NearElbow,
    FarElbow,
    Elbows,
}

impl Part {
    /// Every part, in the order an unknown name's "known:" list gives them.
    pub const ALL: &[Part] = &[
        Part::Head,
        Part::Shoulder,
        Part::Waist,
        Part::Hip,
        Part::NearKnee,
        Part::FarKnee,
        Part::Knees,
        Part::NearFoot,
        Part::FarFoot,
        Part::Feet,
        Part::NearToe,
        Part::FarToe,
        Part::Toes,
        Part::NearHand,
        Part::FarHand,
        Part::Hands,
        Part::NearElbow,
        Part::FarElbow,
        Part::Elbows,
    ];

    /// A foot or toes: what stands on a step.
    pub fn is_foot(self) -> bool {
        matches!(
            self,
            Part::NearFoot | Part::FarFoot | Part::Feet | Part::NearToe | Part::FarToe | Part::Toes
        )
    }
}

impl Known for Part {
    fn name(self) -> &'static str {
        match self {
            Part::Head => "head",
            Part::Shoulder => "shoulder",
            Part::Waist => "waist",
            Part::Hip => "hip",
            Part::NearKnee => "near_knee",
            Part::FarKnee => "far_knee",
            Part::Knees => "knees",
            Part::NearFoot => "near_foot",
            Part::FarFoot => "far_foot",
            Part::Feet => "feet",
            Part::NearToe => "near_toe",
            Part::FarToe => "far_toe",
            Part::Toes => "toes",
            Part::NearHand => "near_hand",
            Part::FarHand => "far_hand",
            Part::Hands => "hands",
            Part::NearElbow => "near_elbow",
            Part::FarElbow => "far_elbow",
            Part::Elbows => "elbows",
        }
    }
}

/// What a standing figure seen from the front rests on the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Foot {
    Left,
    Right,
    Both,
}

impl Foot {
    /// Every one, in the order an unknown name's "known:" list gives them.
    pub const ALL: &[Foot] = &[Foot::Left, Foot::Right, Foot::Both];
}

impl Known for Foot {
    fn name(self) -> &'static str {
        match self {
            Foot::Left => "left_foot",
            Foot::Right => "right_foot",
            Foot::Both => "feet",
        }
    }
}

/// Which way the figure is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum View {
    /// From the side: a jointed skeleton in the plane of the body.
    Side,
    /// Lying on the back, seen from above: knees that drop to one side.
    Above,
    /// Seen in three-quarter view from the front, sitting (or standing for
    /// the arms): shoulders that turn over the hips, arms before the body.
    Front,
    /// Standing, seen straight from the front: a leg out to the side, a
    /// step sideways or across.
    StandingFront,
    /// Lying on the side, seen from in front and above: a knee that opens.
    SideLying,
}

/// Reports problems with one figure, each message naming it.
pub(super) struct Ctx<'a> {
    pub reader: &'a mut Reader,
    pub id: &'a str,
    /// The whole `[figure.ID]` table, for problems of the figure as a whole.
    pub span: Option<Span>,
    pub ok: bool,
}

impl Ctx<'_> {
    pub fn error(&mut self, span: Option<Span>, message: impl AsRef<str>) {
        self.ok = false;
        self.reader.push(
            Diagnostic::error(
                Code::BadCatalogue,
                format!("figure `{}`: {}", self.id, message.as_ref()),
            )
            .at(span),
        );
    }

    /// An error with a "did you mean" among `known`, or the list of them.
    pub fn unknown(&mut self, name: &Name, what: &str, known: &[&str]) {
        self.ok = false;
        let help = suggest::did_you_mean(&suggest::nearest(&name.value, known, 3))
            .unwrap_or_else(|| format!("known: {}", known.join(", ")));
        self.reader.push(
            Diagnostic::error(
                Code::BadCatalogue,
                format!(
                    "figure `{}`: unknown {what} `{}`",
                    self.id,
                    shorten(&name.value)
                ),
            )
            .at(name.span.clone())
            .help(help),
        );
    }

    /// Each of `names` that is one of `known`, in order, with where it
    /// was written; any other is an error at the name ("unknown {what}"),
    /// with a "did you mean" among `known` or the list of them.
    pub fn known<T: Known>(&mut self, names: &[Name], known: &[T], what: &str) -> Vec<Spanned<T>> {
        let mut found = Vec::new();
        for name in names {
            match known.iter().find(|k| k.name() == name.value) {
                Some(&k) => found.push(Spanned::new(k, name.span.clone())),
                None => {
                    let words: Vec<&str> = known.iter().map(|k| k.name()).collect();
                    self.unknown(name, what, &words);
                }
            }
        }
        found
    }

    pub fn only_keys(&mut self, table: &dyn TableLike, allowed: &[&str], context: &str) {
        let before = self.reader.diagnostics.len();
        self.reader.only_keys(table, allowed, context);
        if self.reader.diagnostics.len() > before {
            self.ok = false;
        }
    }

    fn wrong_type(&mut self, span: Option<Span>, key: &str, expected: &str) {
        self.ok = false;
        self.reader.push(
            Diagnostic::error(Code::WrongType, format!("`{key}` must be {expected}"))
                .at(span)
                .label(format!("expected {expected}")),
        );
    }

    /// A whole number between -1000 and 1000 (angles, offsets, lengths).
    pub fn int(&mut self, table: &dyn TableLike, key: &str) -> Option<Num> {
        let item = table.get(key)?;
        let span = item.span().map(Span::from);
        match item.as_integer() {
            Some(n) if (-1000..=1000).contains(&n) => Some(Num { v: n as i32, span }),
            Some(n) => {
                self.ok = false;
                self.reader.push(
                    Diagnostic::error(
                        Code::BadValue,
                        format!("`{key}` = {n} is too large for a figure"),
                    )
                    .at(span)
                    .label("between -1000 and 1000"),
                );
                None
            }
            None => {
                self.wrong_type(span, key, "a whole number");
                None
            }
        }
    }

    /// One number for both sides, or `[near, far]`.
    pub fn pair(&mut self, table: &dyn TableLike, key: &str) -> Option<[Num; 2]> {
        self.pair_of(table, key, "[near, far]")
    }

    /// One number for both sides, or a list of two, in the order `sides`
    /// says (`[near, far]`, `[left, right]`).
    pub fn pair_of(&mut self, table: &dyn TableLike, key: &str, sides: &str) -> Option<[Num; 2]> {
        let item = table.get(key)?;
        let span = item.span().map(Span::from);
        if item.as_integer().is_some() {
            let n = self.int(table, key)?;
            return Some([n.clone(), n]);
        }
        let expected = format!("a whole number, or a list of two: {sides}");
        let Some(array) = item.as_array() else {
            self.wrong_type(span, key, &expected);
            return None;
        };
        let nums: Vec<Num> = array
            .iter()
            .filter_map(|value| {
                let n = value.as_integer().filter(|n| (-1000..=1000).contains(n))?;
                Some(Num {
                    v: n as i32,
                    span: value.span().map(Span::from),
                })
            })
            .collect();
        match <[Num; 2]>::try_from(nums) {
            Ok(pair) if array.len() == 2 => Some(pair),
            _ => {
                self.wrong_type(span, key, &expected);
                None
            }
        }
    }

    /// A list of names, or one name.
    pub fn names(&mut self, table: &dyn TableLike, key: &str) -> Vec<Name> {
        if table.get(key).and_then(|i| i.as_str()).is_some() {
            return self.reader.text(table, key).into_iter().collect();
        }
        let before = self.reader.diagnostics.len();
        let names = self.reader.text_list(table, key);
        if self.reader.diagnostics.len() > before {
            self.ok = false;
        }
        names
    }
}

/// Read and draw one figure. `span` is the figure's table; `entry` is the
/// exercise it illustrates (its id, and the starting position the figure
/// must agree with). `None` when anything is wrong; every problem is in `reader`.
pub fn read(
    reader: &mut Reader,
    table: &dyn TableLike,
    span: Option<Span>,
    id: &str,
    position: &str,
) -> Option<Drawing> {
    let mut ctx = Ctx {
        reader,
        id,
        span: span.clone(),
        ok: true,
    };
    ctx.only_keys(table, FIGURE_KEYS, "a figure");
    let view = match ctx.reader.text(table, "view") {
        None => View::Side,
        Some(name) => match name.value.as_str() {
            "side" => View::Side,
            "above" => View::Above,
            "front" => View::Front,
            "standing-front" => View::StandingFront,
            "side-lying" => View::SideLying,
            _ => {
                ctx.unknown(&name, "view", VIEWS);
                return None;
            }
        },
    };
    let props = ctx.names(table, "props");
    let arrows = ctx.reader.tables(table, "arrows");
    let mut poses = Vec::new();
    for key in ["start", "end"] {
        if table.get(key).is_some() {
            match ctx.reader.table(table, key) {
                Some(t) => poses.push((key, t, table.get(key).and_then(|i| i.span()))),
                None => ctx.ok = false,
            }
        }
    }
    if poses.first().is_none_or(|(key, ..)| *key != "start") {
        ctx.error(span.clone(), "a figure needs a `start` position");
        return None;
    }
    let position = position.to_lowercase();
    let mut scene = match view {
        View::Side => side::draw(&mut ctx, table, &poses, &props, &position)?,
        View::Above => views::above(&mut ctx, &poses, &props, &position)?,
        View::Front => seated::draw(&mut ctx, &poses, &props, &position)?,
        View::StandingFront => standing::draw(&mut ctx, &poses, &props, &position)?,
        View::SideLying => lying::draw(&mut ctx, &poses, &props, &position)?,
    };
    for key in ["anchor", "working", "still"] {
        if view != View::Side && table.get(key).is_some() {
            let at = table.get(key).and_then(|i| i.span()).map(Span::from);
            ctx.error(at, format!("only a side view has `{key}`"));
        }
    }
    for (arrow, at) in arrows {
        if let Some(mark) = arrow::read(&mut ctx, arrow, at, &scene.joints) {
            // A white edge keeps a black arrow readable where it crosses
            // a black limb.
            let mut halo = mark.clone();
            halo.width += 2.0 * arrow::HALO;
            halo.tone = Tone::Paper;
            scene.front.extend([halo, mark]);
        }
    }
    if let Some(inset) = ctx.reader.table(table, "inset") {
        let at = table.get("inset").and_then(|i| i.span()).map(Span::from);
        let last = scene.joints.last().cloned().unwrap_or_default();
        // The close-up shows the floor too: a heel off it, a foot on it.
        let mut seen = scene.marks.clone();
        if let Some(y) = scene.floor {
            let y = y - FLOOR_W / 2.0;
            seen.insert(
                0,
                mark(&[v(-1e3, y), v(1e3, y)], FLOOR_W / 2.0, Tone::Floor),
            );
        }
        match inset::read(&mut ctx, inset, at, &seen, &last) {
            Some(marks) => scene.front.splice(0..0, marks).for_each(drop),
            None => ctx.ok = false,
        }
    } else if table.get("inset").is_some() {
        ctx.ok = false;
    }
    if !ctx.ok {
        return None;
    }
    place(&mut ctx, scene)
}

/// A figure's strokes before they are centred on the canvas.
pub(super) struct Scene {
    /// Drawn first, in order: props under the body, then each position.
    pub marks: Vec<Mark>,
    /// Drawn last: arrows.
    pub front: Vec<Mark>,
    /// Every named joint of each position, in the positions' order.
    pub joints: Vec<Vec<(&'static str, V)>>,
    /// The floor's height, for views that have one.
    pub floor: Option<f32>,
}

/// Centre the scene on its canvas: the standard canvas, or a larger one
/// when the posture needs it (a standing person is taller than the
/// canvas), so every posture fits its box; the sheet then scales it down.
fn place(ctx: &mut Ctx, scene: Scene) -> Option<Drawing> {
    let Scene {
        mut marks,
        front,
        floor,
        joints,
    } = scene;
    marks.extend(front);
    let (x0, y0, x1, y1) = bounds(&marks);
    let floor_h = if floor.is_some() { FLOOR_W } else { 0.0 };
    let (w, h) = (x1 - x0, y1 - y0 + floor_h);
    let size = (
        (w + 2.0 * MARGIN).max(CANVAS_W),
        (h + 2.0 * MARGIN).max(CANVAS_H),
    );
    if size.0 > LARGEST * CANVAS_W || size.1 > LARGEST * CANVAS_H {
        let span = ctx.span.clone();
        ctx.error(
            span,
            format!(
                "the drawing is {w:.0} x {h:.0} units; at most {:.0} x {:.0} prints legibly in a figure box",
                LARGEST * CANVAS_W - 2.0 * MARGIN,
                LARGEST * CANVAS_H - 2.0 * MARGIN
            ),
        );
        return None;
    }
    let d = v(
        (size.0 - w) / 2.0 - x0,
        // The floor line sits just under what rests on it.
        (size.1 - h) / 2.0 - y0 + floor_h,
    );
    shift(&mut marks, d);
    if let Some(y) = floor {
        let y = y + d.y - FLOOR_W / 2.0;
        let line = Mark {
            points: vec![(MARGIN, y), (size.0 - MARGIN, y)],
            width: FLOOR_W,
            tone: Tone::Floor,
        };
        marks.insert(0, line);
    }
    let joints = joints
        .last()
        .map(|named| {
            named
                .iter()
                .map(|&(name, p)| (name, (p.x + d.x, p.y + d.y)))
                .collect()
        })
        .unwrap_or_default();
    Some(Drawing {
        marks,
        size,
        joints,
    })
}

/// How many times the standard canvas a drawing may span, each way: a
/// larger one would print too small to read.
const LARGEST: f32 = 2.0;

/// Width of the floor line.
const FLOOR_W: f32 = 1.6;

/// The joint called `name` in `joints`, or a located error listing them.
pub(super) fn joint(ctx: &mut Ctx, joints: &[(&'static str, V)], name: &Name) -> Option<V> {
    match joints.iter().find(|(n, _)| *n == name.value) {
        Some(&(_, p)) => Some(p),
        None => {
            let known: Vec<&str> = joints.iter().map(|(n, _)| *n).collect();
            ctx.unknown(name, "joint", &known);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Foot, Known, Part, Prop};
    use crate::figure::{lying, props, reach};

    /// Every name a view accepts reads back as the variant it came from,
    /// and no two variants share a name.
    fn reads_back<T: Known + std::fmt::Debug>(all: &[T]) {
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.name(), b.name(), "{a:?} and {b:?}");
            }
            let found = all.iter().find(|k| k.name() == a.name());
            assert_eq!(found, Some(a));
        }
    }

    #[test]
    fn every_prop_and_resting_part_name_reads_back_as_itself() {
        reads_back(Part::ALL);
        reads_back(Foot::ALL);
        let mut every: Vec<Prop> = props::PROPS.to_vec();
        every.extend(reach::PROPS);
        every.extend(lying::PROPS);
        every.sort_by_key(|p| p.name());
        every.dedup();
        reads_back(&every);
        // The side view's parts are written snake_case, as FORMAT.md lists.
        assert!(
            Part::ALL
                .iter()
                .all(|p| p.name().chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        );
    }
}
