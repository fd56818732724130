//! Test fixtures shared by the catalogue's and the figure engine's tests:
//! a clinic exercise (`wall-sit`, lying on the back, limits given as "no
//! figure in the sources") and a figure for it.

/// A clinic file's exercise, its keys ending with `per_side` and limits,
/// no figure.
pub const WALL_SIT: &str = r#"
[[exercise]]
id = "wall-sit"
name = "Wall sit"
sources = ["relieve"]
position = "Lying on your back"
targets = "t"
why = "w"
when = "w"
steps = ["s"]
cautions = ["c"]
per_side = { value = false, from = ["relieve"] }
[exercise.limits]
sets = { min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }
reps = { min = 1, max = 3, recommended = 1, default = "no figure in the sources: 1 to 3" }
per_day = { min = 1, max = 2, recommended = 1, default = "no figure in the sources: once" }
per_week = { min = 1, max = 7, default = "no figure in the sources: daily" }
"#;

/// A valid lying figure for `WALL_SIT`.
pub const WALL_SIT_LYING: &str = r#"
[figure.wall-sit.start]
trunk = 180
neck = 7
hips = 40
knees = 90
ankles = -40
shoulders = -5
rest = ["head", "shoulder", "hip", "feet", "hands"]
"#;
