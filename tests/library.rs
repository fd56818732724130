//! The library's exercises as their sources prescribe them: each source's
//! dose, written in a plan as the source gives it, passes `rx check`; a
//! dose one step beyond every source's range is refused.

use crate::support::Test;

/// Each prescription of the library's exercises: exercise id, source id,
/// and the plan's dose lines as that source gives it (the top of its
/// ranges, its sets and days where it gives them).
const AS_WRITTEN: &[(&str, &str, &str)] = &[
    (
        "knee-to-chest-stretch",
        "relieve",
        "reps = 8\nhold = 0\nside = \"both\"",
    ),
    (
        "knee-to-chest-stretch",
        "essential",
        "reps = 1\nhold = 30\nside = \"both\"",
    ),
    (
        "knee-to-chest-stretch",
        "csp-back",
        "reps = 5\nhold = 5\nside = \"both\"",
    ),
    (
        "knee-to-chest-stretch",
        "healthwise-knee-to-chest",
        "reps = 4\nhold = 30\nside = \"both\"",
    ),
    (
        "knee-to-chest-stretch",
        "versus-arthritis-back",
        "reps = 5\nhold = 5\nside = \"both\"",
    ),
    ("pelvic-tilt", "relieve", "reps = 12\nhold = 0"),
    ("pelvic-tilt", "gentle", "reps = 15\nhold = 5"),
    ("pelvic-tilt", "csp-back", "reps = 5\nhold = 5"),
    ("pelvic-tilt", "versus-arthritis-back", "reps = 5\nhold = 5"),
    ("pelvic-tilt", "krames-pelvic-tilt", "reps = 5\nhold = 15"),
    ("sit-to-stand", "nhs-strength", "reps = 5\nper_week = 2"),
    ("sit-to-stand", "cdc-steadi", "sets = 2\nreps = 15"),
    ("sit-to-stand", "nhs-tayside", "reps = 10\nper_week = 3"),
    ("sit-to-stand", "nsw-active", "reps = 5"),
    ("sit-to-stand", "au-choose-health", "reps = 15"),
    (
        "heel-raise-standing",
        "nhs-strength",
        "reps = 5\nper_week = 2",
    ),
    (
        "heel-raise-standing",
        "nhs-tayside",
        "reps = 10\nper_week = 3",
    ),
    (
        "one-leg-stand",
        "nhs-balance",
        "reps = 3\nhold = 10\nside = \"both\"\nper_week = 2",
    ),
    (
        "one-leg-stand",
        "nia-go4life",
        "sets = 2\nreps = 15\nhold = 10\nside = \"both\"",
    ),
    (
        "heel-toe-stand",
        "nhs-tayside",
        "reps = 1\nhold = 10\nside = \"both\"\nper_week = 3",
    ),
    (
        "heel-toe-stand",
        "nsw-active",
        "reps = 1\nhold = 10\nside = \"both\"",
    ),
    ("heel-to-toe-walk", "nhs-balance", "reps = 20\nper_week = 2"),
    ("heel-to-toe-walk", "nia-go4life", "reps = 20"),
    (
        "mini-squat-with-support",
        "nhs-strength",
        "reps = 5\nper_week = 2",
    ),
    (
        "mini-squat-with-support",
        "otago",
        "sets = 1\nreps = 10\nper_week = 3",
    ),
    (
        "neck-rotation",
        "aruk-neck",
        "reps = 5\nhold = 5\nside = \"both\"",
    ),
    (
        "neck-rotation",
        "healthwise-neck",
        "reps = 4\nhold = 30\nside = \"both\"",
    ),
    (
        "neck-rotation",
        "nhs-sitting",
        "reps = 3\nhold = 5\nside = \"both\"\nper_week = 2",
    ),
    (
        "neck-rotation",
        "nia-flexibility",
        "reps = 5\nhold = 30\nside = \"both\"",
    ),
    (
        "neck-rotation",
        "otago",
        "reps = 5\nhold = 0\nside = \"both\"\nper_week = 3",
    ),
    (
        "chest-stretch-seated",
        "nhs-sitting",
        "reps = 5\nhold = 10\nper_week = 2",
    ),
    (
        "shoulder-blade-squeeze",
        "healthwise-neck",
        "reps = 12\nhold = 6",
    ),
    ("arm-raises-seated", "nhs-sitting", "reps = 5\nper_week = 2"),
    ("shoulder-rolls", "au-choose-health", "reps = 5"),
    (
        "arm-raise-stretch-standing",
        "versus-arthritis-shoulders",
        "reps = 5\nhold = 10",
    ),
    (
        "shoulder-scaption",
        "msd-shoulder-scaption",
        "sets = 3\nreps = 10\nside = \"both\"\nper_day = 1",
    ),
    (
        "standing-knee-raise",
        "nsw-active",
        "reps = 8\nhold = 5\nside = \"both\"",
    ),
    (
        "seated-knee-extension",
        "aaos-knee",
        "sets = 3\nreps = 10\nhold = 5\nside = \"right\"\nper_week = 5",
    ),
    (
        "seated-knee-extension",
        "aruk-knee",
        "reps = 15\nhold = 10\nside = \"both\"",
    ),
    (
        "hip-marching-seated",
        "nhs-sitting",
        "reps = 5\nhold = 0\nside = \"both\"\nper_week = 2",
    ),
    (
        "hip-marching-seated",
        "au-choose-health",
        "reps = 10\nhold = 5\nside = \"both\"",
    ),
    (
        "seated-ankle-stretch",
        "nhs-sitting",
        "sets = 2\nreps = 5\nside = \"both\"\nper_week = 2",
    ),
    (
        "standing-quadriceps-stretch",
        "aaos-knee",
        "reps = 3\nhold = 60\nside = \"both\"\nper_week = 5",
    ),
    (
        "standing-quadriceps-stretch",
        "csp-back",
        "reps = 3\nhold = 5\nside = \"both\"",
    ),
    (
        "neck-side-bend-stretch",
        "aruk-neck",
        "reps = 5\nhold = 5\nside = \"both\"",
    ),
    (
        "neck-side-bend-stretch",
        "healthwise-neck",
        "reps = 4\nhold = 30\nside = \"both\"",
    ),
    (
        "chin-retraction-standing",
        "otago",
        "reps = 5\nhold = 0\nper_week = 3",
    ),
    ("neck-flexion-tilt", "aruk-neck", "reps = 5\nhold = 5"),
    (
        "neck-forward-back-stretch",
        "aruk-neck",
        "reps = 5\nhold = 5",
    ),
    (
        "head-rolls",
        "aaos-spine",
        "sets = 3\nreps = 3\nhold = 5\nper_week = 7",
    ),
    (
        "shoulder-shrug",
        "umass-shoulder-shrug",
        "reps = 10\nhold = 5",
    ),
    ("chin-tuck-lying", "healthwise-neck", "reps = 12\nhold = 6"),
    (
        "upper-body-twist-seated",
        "nhs-sitting",
        "reps = 5\nhold = 5\nside = \"both\"\nper_week = 2",
    ),
    // ---- neck: new rows go above this line, below the previous marker ----
    (
        "pendulum",
        "aaos-shoulder",
        "sets = 2\nreps = 10\nside = \"both\"",
    ),
    (
        "pendulum",
        "aruk-shoulder",
        "reps = 5\nside = \"both\"\nper_day = 3",
    ),
    (
        "pendulum",
        "krames-pendulum",
        "minutes = 5\nside = \"both\"\nper_day = 3",
    ),
    (
        "crossover-arm-stretch",
        "aaos-shoulder",
        "reps = 4\nhold = 0\nside = \"both\"\nper_week = 6",
    ),
    (
        "shoulder-external-rotation-band",
        "aaos-shoulder",
        "sets = 3\nreps = 12\nside = \"both\"\nper_week = 3",
    ),
    (
        "shoulder-external-rotation-band",
        "msd-shoulder-external-rotation",
        "sets = 3\nreps = 10\nside = \"both\"\nper_day = 1",
    ),
    (
        "shoulder-internal-rotation-band",
        "commonspirit-internal-rotation",
        "reps = 12\nside = \"both\"",
    ),
    (
        "shoulder-internal-rotation-band",
        "msd-shoulder-internal-rotation",
        "sets = 3\nreps = 10\nside = \"both\"\nper_day = 1",
    ),
    (
        "towel-shoulder-stretch-behind-back",
        "nia-flexibility",
        "reps = 5\nhold = 30\nside = \"both\"",
    ),
    (
        "arm-lifts-hands-behind-head-and-back",
        "versus-arthritis-shoulders",
        "reps = 5\nhold = 5",
    ),
    (
        "shoulder-girdle-stretch-raise-squeeze-lower",
        "aruk-shoulder",
        "reps = 10\nhold = 5",
    ),
    (
        "door-lean-chest-stretch",
        "aruk-shoulder",
        "reps = 3\nhold = 30",
    ),
    (
        "isometric-door-press-outward",
        "aruk-shoulder",
        "sets = 3\nreps = 10\nhold = 5\nside = \"both\"",
    ),
    (
        "isometric-door-press-inward",
        "aruk-shoulder",
        "sets = 3\nreps = 10\nhold = 5\nside = \"both\"",
    ),
    // ---- shoulder: new rows go above this line, below the previous marker ----

    // The knee exercises of the AAOS programme, MSD Manuals, Krames,
    // Arthritis Research UK and NSW.
    ("step-up", "aruk-knee", "reps = 10\nside = \"both\""),
    ("step-up", "nsw-active", "reps = 5\nside = \"both\""),
    (
        "half-squat",
        "aaos-knee",
        "sets = 3\nreps = 10\nper_week = 5",
    ),
    ("squat", "msd-squat", "sets = 3\nreps = 10\nper_week = 4"),
    (
        "hamstring-curl-standing",
        "aaos-knee",
        "sets = 3\nreps = 10\nhold = 5\nside = \"right\"\nper_week = 5",
    ),
    (
        "straight-leg-raise",
        "aaos-knee",
        "sets = 3\nreps = 10\nhold = 5\nside = \"right\"\nper_week = 5",
    ),
    (
        "straight-leg-raise",
        "msd-straight-leg-raise",
        "sets = 3\nreps = 10\nhold = 0\nside = \"right\"\nper_day = 1",
    ),
    (
        "straight-leg-raise",
        "krames-straight-leg-raise",
        "sets = 2\nreps = 5\nhold = 10\nside = \"right\"\nper_day = 3",
    ),
    (
        "towel-hamstring-stretch",
        "relieve",
        "reps = 2\nhold = 30\nside = \"both\"",
    ),
    (
        "towel-hamstring-stretch",
        "aaos-knee",
        "reps = 3\nhold = 60\nside = \"both\"\nper_week = 5",
    ),
    (
        "prone-quadriceps-stretch",
        "msd-prone-quadriceps-stretch",
        "sets = 1\nreps = 4\nhold = 30\nside = \"both\"\nper_day = 3",
    ),
    (
        "prone-resisted-knee-flexion",
        "msd-prone-resisted-knee-flexion",
        "sets = 3\nreps = 10\nside = \"right\"\nper_day = 1",
    ),
    (
        "leg-cross-isometric",
        "aruk-knee",
        "sets = 4\nreps = 1\nhold = 10\nside = \"both\"",
    ),
    (
        "knee-bend-leg-stretch",
        "aruk-knee",
        "reps = 10\nhold = 5\nside = \"both\"",
    ),
    (
        "knee-bend-leg-stretch",
        "versus-arthritis-knee-pain",
        "reps = 10\nhold = 5\nside = \"both\"",
    ),
    (
        "towel-knee-straightening",
        "first-community-knee",
        "sets = 3\nreps = 10\nhold = 0\nside = \"both\"\nper_day = 3",
    ),
    (
        "knee-press-down",
        "sussex-msk-hip-knee",
        "reps = 10\nhold = 5\nside = \"both\"\nper_day = 1",
    ),
    (
        "knee-bend-leg-stretch",
        "first-community-knee",
        "sets = 1\nreps = 20\nhold = 0\nside = \"both\"\nper_day = 8",
    ),
    // ---- knee: new rows go above this line, below the previous marker ----

    // Foot and ankle.
    (
        "toe-raise-standing",
        "nhs-tayside",
        "reps = 10\nper_week = 3",
    ),
    (
        "seated-heel-toe-raises",
        "au-choose-health",
        "reps = 1\nhold = 30",
    ),
    (
        "wall-calf-stretch-straight-knee",
        "aruk-foot",
        "reps = 10\nhold = 0\nside = \"both\"",
    ),
    (
        "wall-calf-stretch-straight-knee",
        "saint-lukes-heel-cord",
        "reps = 3\nhold = 10\nside = \"both\"",
    ),
    (
        "wall-calf-stretch-bent-knee",
        "aruk-foot",
        "reps = 10\nhold = 0\nside = \"both\"",
    ),
    (
        "wall-calf-stretch-bent-knee",
        "msd-standing-soleus-stretch",
        "sets = 1\nreps = 4\nhold = 30\nside = \"both\"\nper_day = 3",
    ),
    (
        "calf-raise-single-leg",
        "aaos-foot-ankle",
        "sets = 2\nreps = 10\nside = \"right\"\nper_week = 7",
    ),
    (
        "towel-calf-stretch",
        "aruk-foot",
        "reps = 3\nhold = 30\nside = \"both\"",
    ),
    (
        "towel-pickup",
        "aruk-foot",
        "reps = 20\nhold = 0\nside = \"both\"",
    ),
    (
        "seated-plantar-fascia-stretch",
        "aruk-foot",
        "reps = 3\nhold = 20\nside = \"both\"",
    ),
    (
        "plantar-fascia-roll",
        "aruk-foot",
        "minutes = 5\nside = \"both\"\nper_day = 3",
    ),
    // ---- foot-ankle: new rows go above this line, below the previous marker ----
    (
        "standing-hip-abduction",
        "eskenazi-hip-abduction",
        "reps = 10\nhold = 0\nside = \"both\"",
    ),
    (
        "standing-hip-abduction",
        "nsw-active",
        "reps = 8\nhold = 5\nside = \"both\"",
    ),
    ("bridge", "relieve", "reps = 12\nhold = 0"),
    ("bridge", "essential", "reps = 10\nhold = 15"),
    ("bridge", "healthwise-bridging", "reps = 12\nhold = 6"),
    (
        "bridge",
        "msd-bridging",
        "sets = 3\nreps = 10\nhold = 0\nper_day = 1",
    ),
    (
        "clamshell",
        "msd-clamshell",
        "sets = 3\nreps = 10\nside = \"both\"\nper_day = 3",
    ),
    (
        "clamshell",
        "coxa-hip-level-1",
        "reps = 15\nhold = 0\nside = \"both\"",
    ),
    (
        "hip-knee-lift-stretch",
        "aruk-hip",
        "reps = 10\nhold = 10\nside = \"alternate\"",
    ),
    (
        "prone-hip-extension",
        "msd-prone-hip-extension",
        "sets = 3\nreps = 10\nside = \"right\"\nper_day = 1",
    ),
    (
        "hip-abduction-all-fours",
        "baycare-hip-abduction",
        "reps = 5\nhold = 3\nside = \"both\"",
    ),
    (
        "hip-external-rotation-stretch",
        "aruk-hip",
        "reps = 10\nhold = 10",
    ),
    ("marching-warm-up", "otago", "minutes = 2\nper_week = 3"),
    ("backwards-walking", "living-well-falkirk", "reps = 20"),
    (
        "sideways-walking",
        "nhs-balance",
        "reps = 10\nside = \"both\"\nper_week = 2",
    ),
    (
        "simple-grapevine",
        "nhs-balance",
        "reps = 5\nside = \"both\"\nper_week = 2",
    ),
    // ---- hip-balance: new rows go above this line, below the previous marker ----
    (
        "lower-trunk-rotation",
        "relieve",
        "reps = 8\nhold = 0\nside = \"alternate\"",
    ),
    (
        "lower-trunk-rotation",
        "gentle",
        "reps = 10\nhold = 15\nside = \"both\"",
    ),
    (
        "lower-trunk-rotation",
        "essential",
        "reps = 1\nhold = 30\nside = \"both\"",
    ),
    (
        "lower-trunk-rotation",
        "csp-back",
        "reps = 3\nhold = 10\nside = \"both\"",
    ),
    (
        "lower-trunk-rotation",
        "nhs-lower-back",
        "reps = 10\nhold = 5\nside = \"alternate\"\nper_week = 7",
    ),
    (
        "lower-trunk-rotation",
        "versus-arthritis-back",
        "reps = 3\nhold = 10\nside = \"both\"",
    ),
    ("lower-back-stretch", "relieve", "reps = 8\nhold = 30"),
    (
        "lower-back-stretch",
        "nhs-lower-back",
        "reps = 10\nhold = 5\nper_week = 7",
    ),
    (
        "kneeling-back-extension",
        "aaos-spine",
        "reps = 10\nhold = 0\nper_week = 7",
    ),
    (
        "deep-lunge",
        "csp-back",
        "reps = 3\nhold = 5\nside = \"both\"",
    ),
    (
        "prone-bent-knee-hip-lift",
        "versus-arthritis-back",
        "reps = 5\nhold = 8\nside = \"both\"",
    ),
    (
        "prone-stomach-tone",
        "versus-arthritis-back",
        "reps = 3\nhold = 10",
    ),
    ("spine-press-up", "gentle", "reps = 10\nhold = 5"),
    (
        "spine-press-up",
        "nhs-lower-back",
        "reps = 10\nhold = 10\nper_week = 7",
    ),
    (
        "standing-back-bend",
        "nyu-back-bending",
        "reps = 10\nhold = 10",
    ),
    (
        "standing-back-bend",
        "healthwise-backward-bend",
        "reps = 4\nhold = 5",
    ),
    (
        "standing-back-bend",
        "nhs-inform-back",
        "reps = 10\nhold = 0\nper_day = 3",
    ),
    (
        "bird-dog",
        "relieve",
        "reps = 12\nhold = 10\nside = \"alternate\"",
    ),
    (
        "bird-dog",
        "healthwise-bird-dog",
        "reps = 12\nhold = 6\nside = \"both\"",
    ),
    ("deep-abdominal-stretch", "relieve", "reps = 5\nhold = 10"),
    (
        "deep-abdominal-stretch",
        "nhs-lower-back",
        "reps = 5\nhold = 50\nper_week = 7",
    ),
    // ---- back: new rows go above this line, below the previous marker ----
];

/// A dose one step beyond every source's range, and the error it gets.
const BEYOND: &[(&str, &str, &str)] = &[
    (
        "knee-to-chest-stretch",
        "reps = 9\nhold = 0",
        "knee-to-chest-stretch: 9 reps is above the catalogue limit of 8",
    ),
    (
        "knee-to-chest-stretch",
        "reps = 1\nhold = 31",
        "knee-to-chest-stretch: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "pelvic-tilt",
        "reps = 16",
        "pelvic-tilt: 16 reps is above the catalogue limit of 15",
    ),
    (
        "pelvic-tilt",
        "hold = 16",
        "pelvic-tilt: a hold of 16 seconds is above the catalogue limit of 15",
    ),
    (
        "sit-to-stand",
        "reps = 16",
        "sit-to-stand: 16 reps is above the catalogue limit of 15",
    ),
    (
        "sit-to-stand",
        "sets = 3\nreps = 5",
        "sit-to-stand: 3 sets is above the catalogue limit of 2",
    ),
    (
        "heel-raise-standing",
        "reps = 11",
        "heel-raise-standing: 11 reps is above the catalogue limit of 10",
    ),
    (
        "one-leg-stand",
        "hold = 11",
        "one-leg-stand: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "heel-toe-stand",
        "hold = 11",
        "heel-toe-stand: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "heel-to-toe-walk",
        "reps = 21",
        "heel-to-toe-walk: 21 reps is above the catalogue limit of 20",
    ),
    (
        "mini-squat-with-support",
        "reps = 11",
        "mini-squat-with-support: 11 reps is above the catalogue limit of 10",
    ),
    (
        "neck-rotation",
        "reps = 6",
        "neck-rotation: 6 reps is above the catalogue limit of 5",
    ),
    (
        "neck-rotation",
        "hold = 31",
        "neck-rotation: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "chest-stretch-seated",
        "hold = 11",
        "chest-stretch-seated: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "shoulder-blade-squeeze",
        "reps = 13",
        "shoulder-blade-squeeze: 13 reps is above the catalogue limit of 12",
    ),
    (
        "arm-raises-seated",
        "reps = 6",
        "arm-raises-seated: 6 reps is above the catalogue limit of 5",
    ),
    (
        "shoulder-rolls",
        "reps = 6",
        "shoulder-rolls: 6 reps is above the catalogue limit of 5",
    ),
    (
        "arm-raise-stretch-standing",
        "hold = 11",
        "arm-raise-stretch-standing: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "shoulder-scaption",
        "sets = 4\nreps = 10",
        "shoulder-scaption: 4 sets is above the catalogue limit of 3",
    ),
    (
        "standing-knee-raise",
        "reps = 9",
        "standing-knee-raise: 9 reps is above the catalogue limit of 8",
    ),
    (
        "standing-knee-raise",
        "hold = 6",
        "standing-knee-raise: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "seated-knee-extension",
        "hold = 11",
        "seated-knee-extension: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "seated-knee-extension",
        "sets = 4\nreps = 10\nhold = 5",
        "seated-knee-extension: 4 sets is above the catalogue limit of 3",
    ),
    (
        "hip-marching-seated",
        "reps = 11",
        "hip-marching-seated: 11 reps is above the catalogue limit of 10",
    ),
    (
        "hip-marching-seated",
        "hold = 6",
        "hip-marching-seated: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "seated-ankle-stretch",
        "reps = 6",
        "seated-ankle-stretch: 6 reps is above the catalogue limit of 5",
    ),
    (
        "seated-ankle-stretch",
        "sets = 3\nreps = 5",
        "seated-ankle-stretch: 3 sets is above the catalogue limit of 2",
    ),
    (
        "standing-quadriceps-stretch",
        "reps = 4",
        "standing-quadriceps-stretch: 4 reps is above the catalogue limit of 3",
    ),
    (
        "standing-quadriceps-stretch",
        "hold = 61",
        "standing-quadriceps-stretch: a hold of 61 seconds is above the catalogue limit of 60",
    ),
    (
        "neck-side-bend-stretch",
        "reps = 6",
        "neck-side-bend-stretch: 6 reps is above the catalogue limit of 5",
    ),
    (
        "neck-side-bend-stretch",
        "hold = 31",
        "neck-side-bend-stretch: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "chin-retraction-standing",
        "reps = 6",
        "chin-retraction-standing: 6 reps is above the catalogue limit of 5",
    ),
    (
        "neck-flexion-tilt",
        "reps = 6",
        "neck-flexion-tilt: 6 reps is above the catalogue limit of 5",
    ),
    (
        "neck-flexion-tilt",
        "hold = 6",
        "neck-flexion-tilt: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "neck-forward-back-stretch",
        "reps = 6",
        "neck-forward-back-stretch: 6 reps is above the catalogue limit of 5",
    ),
    (
        "neck-forward-back-stretch",
        "hold = 6",
        "neck-forward-back-stretch: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "head-rolls",
        "reps = 4",
        "head-rolls: 4 reps is above the catalogue limit of 3",
    ),
    (
        "head-rolls",
        "sets = 4\nreps = 3",
        "head-rolls: 4 sets is above the catalogue limit of 3",
    ),
    (
        "head-rolls",
        "hold = 6",
        "head-rolls: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "shoulder-shrug",
        "reps = 11",
        "shoulder-shrug: 11 reps is above the catalogue limit of 10",
    ),
    (
        "shoulder-shrug",
        "hold = 6",
        "shoulder-shrug: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "chin-tuck-lying",
        "reps = 13",
        "chin-tuck-lying: 13 reps is above the catalogue limit of 12",
    ),
    (
        "chin-tuck-lying",
        "hold = 7",
        "chin-tuck-lying: a hold of 7 seconds is above the catalogue limit of 6",
    ),
    (
        "upper-body-twist-seated",
        "reps = 6",
        "upper-body-twist-seated: 6 reps is above the catalogue limit of 5",
    ),
    (
        "upper-body-twist-seated",
        "hold = 6",
        "upper-body-twist-seated: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    // ---- neck: new rows go above this line, below the previous marker ----
    (
        "pendulum",
        "reps = 11",
        "pendulum: 11 reps is above the catalogue limit of 10",
    ),
    (
        "pendulum",
        "sets = 3\nreps = 5",
        "pendulum: 3 sets is above the catalogue limit of 2",
    ),
    (
        "pendulum",
        "reps = 5\nper_day = 4",
        "pendulum: 4 times a day is above the catalogue limit of 3",
    ),
    (
        "crossover-arm-stretch",
        "reps = 5",
        "crossover-arm-stretch: 5 reps is above the catalogue limit of 4",
    ),
    (
        "crossover-arm-stretch",
        "hold = 1",
        "crossover-arm-stretch: this exercise has no hold",
    ),
    (
        "shoulder-external-rotation-band",
        "reps = 13",
        "shoulder-external-rotation-band: 13 reps is above the catalogue limit of 12",
    ),
    (
        "shoulder-external-rotation-band",
        "sets = 4\nreps = 10",
        "shoulder-external-rotation-band: 4 sets is above the catalogue limit of 3",
    ),
    (
        "shoulder-external-rotation-band",
        "reps = 10\nper_day = 2",
        "shoulder-external-rotation-band: 2 times a day is above the catalogue limit of 1",
    ),
    (
        "shoulder-internal-rotation-band",
        "reps = 13",
        "shoulder-internal-rotation-band: 13 reps is above the catalogue limit of 12",
    ),
    (
        "shoulder-internal-rotation-band",
        "sets = 4\nreps = 10",
        "shoulder-internal-rotation-band: 4 sets is above the catalogue limit of 3",
    ),
    (
        "towel-shoulder-stretch-behind-back",
        "reps = 6",
        "towel-shoulder-stretch-behind-back: 6 reps is above the catalogue limit of 5",
    ),
    (
        "towel-shoulder-stretch-behind-back",
        "hold = 31",
        "towel-shoulder-stretch-behind-back: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "arm-lifts-hands-behind-head-and-back",
        "reps = 6",
        "arm-lifts-hands-behind-head-and-back: 6 reps is above the catalogue limit of 5",
    ),
    (
        "arm-lifts-hands-behind-head-and-back",
        "hold = 6",
        "arm-lifts-hands-behind-head-and-back: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "shoulder-girdle-stretch-raise-squeeze-lower",
        "reps = 11",
        "shoulder-girdle-stretch-raise-squeeze-lower: 11 reps is above the catalogue limit of 10",
    ),
    (
        "shoulder-girdle-stretch-raise-squeeze-lower",
        "hold = 6",
        "shoulder-girdle-stretch-raise-squeeze-lower: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "door-lean-chest-stretch",
        "reps = 4",
        "door-lean-chest-stretch: 4 reps is above the catalogue limit of 3",
    ),
    (
        "door-lean-chest-stretch",
        "hold = 31",
        "door-lean-chest-stretch: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "isometric-door-press-outward",
        "reps = 11",
        "isometric-door-press-outward: 11 reps is above the catalogue limit of 10",
    ),
    (
        "isometric-door-press-outward",
        "hold = 6",
        "isometric-door-press-outward: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "isometric-door-press-outward",
        "sets = 4\nreps = 10",
        "isometric-door-press-outward: 4 sets is above the catalogue limit of 3",
    ),
    (
        "isometric-door-press-inward",
        "reps = 11",
        "isometric-door-press-inward: 11 reps is above the catalogue limit of 10",
    ),
    (
        "isometric-door-press-inward",
        "hold = 6",
        "isometric-door-press-inward: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "isometric-door-press-inward",
        "sets = 4\nreps = 10",
        "isometric-door-press-inward: 4 sets is above the catalogue limit of 3",
    ),
    // ---- shoulder: new rows go above this line, below the previous marker ----

    // The knee exercises.
    (
        "step-up",
        "reps = 11",
        "step-up: 11 reps is above the catalogue limit of 10",
    ),
    (
        "half-squat",
        "sets = 4\nreps = 10",
        "half-squat: 4 sets is above the catalogue limit of 3",
    ),
    (
        "half-squat",
        "per_week = 6",
        "half-squat: 6 days a week is above the catalogue limit of 5",
    ),
    (
        "squat",
        "reps = 11",
        "squat: 11 reps is above the catalogue limit of 10",
    ),
    (
        "squat",
        "per_week = 5",
        "squat: 5 days a week is above the catalogue limit of 4",
    ),
    (
        "hamstring-curl-standing",
        "hold = 6",
        "hamstring-curl-standing: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "hamstring-curl-standing",
        "sets = 4\nreps = 10\nhold = 5",
        "hamstring-curl-standing: 4 sets is above the catalogue limit of 3",
    ),
    (
        "straight-leg-raise",
        "hold = 11",
        "straight-leg-raise: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "straight-leg-raise",
        "reps = 11",
        "straight-leg-raise: 11 reps is above the catalogue limit of 10",
    ),
    (
        "straight-leg-raise",
        "reps = 5\nper_day = 4",
        "straight-leg-raise: 4 times a day is above the catalogue limit of 3",
    ),
    (
        "towel-hamstring-stretch",
        "reps = 4",
        "towel-hamstring-stretch: 4 reps is above the catalogue limit of 3",
    ),
    (
        "towel-hamstring-stretch",
        "hold = 61",
        "towel-hamstring-stretch: a hold of 61 seconds is above the catalogue limit of 60",
    ),
    (
        "prone-quadriceps-stretch",
        "reps = 5",
        "prone-quadriceps-stretch: 5 reps is above the catalogue limit of 4",
    ),
    (
        "prone-quadriceps-stretch",
        "hold = 31",
        "prone-quadriceps-stretch: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "prone-quadriceps-stretch",
        "per_day = 4",
        "prone-quadriceps-stretch: 4 times a day is above the catalogue limit of 3",
    ),
    (
        "prone-resisted-knee-flexion",
        "reps = 11",
        "prone-resisted-knee-flexion: 11 reps is above the catalogue limit of 10",
    ),
    (
        "prone-resisted-knee-flexion",
        "reps = 10\nper_day = 2",
        "prone-resisted-knee-flexion: 2 times a day is above the catalogue limit of 1",
    ),
    (
        "leg-cross-isometric",
        "hold = 11",
        "leg-cross-isometric: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "leg-cross-isometric",
        "sets = 5\nreps = 1",
        "leg-cross-isometric: 5 sets is above the catalogue limit of 4",
    ),
    (
        "knee-bend-leg-stretch",
        "reps = 21",
        "knee-bend-leg-stretch: 21 reps is above the catalogue limit of 20",
    ),
    (
        "knee-bend-leg-stretch",
        "per_day = 9",
        "knee-bend-leg-stretch: 9 times a day is above the catalogue limit of 8",
    ),
    (
        "knee-bend-leg-stretch",
        "hold = 6",
        "knee-bend-leg-stretch: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "towel-knee-straightening",
        "reps = 11",
        "towel-knee-straightening: 11 reps is above the catalogue limit of 10",
    ),
    (
        "towel-knee-straightening",
        "sets = 4\nreps = 10",
        "towel-knee-straightening: 4 sets is above the catalogue limit of 3",
    ),
    (
        "towel-knee-straightening",
        "per_day = 4",
        "towel-knee-straightening: 4 times a day is above the catalogue limit of 3",
    ),
    (
        "knee-press-down",
        "reps = 11",
        "knee-press-down: 11 reps is above the catalogue limit of 10",
    ),
    (
        "knee-press-down",
        "hold = 6",
        "knee-press-down: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "knee-press-down",
        "per_day = 3",
        "knee-press-down: 3 times a day is above the catalogue limit of 2",
    ),
    // ---- knee: new rows go above this line, below the previous marker ----

    // Foot and ankle.
    (
        "toe-raise-standing",
        "reps = 11",
        "toe-raise-standing: 11 reps is above the catalogue limit of 10",
    ),
    (
        "seated-heel-toe-raises",
        "hold = 31",
        "seated-heel-toe-raises: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "wall-calf-stretch-straight-knee",
        "reps = 11",
        "wall-calf-stretch-straight-knee: 11 reps is above the catalogue limit of 10",
    ),
    (
        "wall-calf-stretch-straight-knee",
        "hold = 11",
        "wall-calf-stretch-straight-knee: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "wall-calf-stretch-bent-knee",
        "reps = 11",
        "wall-calf-stretch-bent-knee: 11 reps is above the catalogue limit of 10",
    ),
    (
        "wall-calf-stretch-bent-knee",
        "hold = 31",
        "wall-calf-stretch-bent-knee: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "wall-calf-stretch-bent-knee",
        "reps = 4\nhold = 30\nper_day = 4",
        "wall-calf-stretch-bent-knee: 4 times a day is above the catalogue limit of 3",
    ),
    (
        "calf-raise-single-leg",
        "reps = 11",
        "calf-raise-single-leg: 11 reps is above the catalogue limit of 10",
    ),
    (
        "calf-raise-single-leg",
        "sets = 3\nreps = 10",
        "calf-raise-single-leg: 3 sets is above the catalogue limit of 2",
    ),
    (
        "towel-calf-stretch",
        "hold = 31",
        "towel-calf-stretch: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "towel-calf-stretch",
        "reps = 4",
        "towel-calf-stretch: 4 reps is above the catalogue limit of 3",
    ),
    (
        "towel-pickup",
        "reps = 21",
        "towel-pickup: 21 reps is above the catalogue limit of 20",
    ),
    (
        "seated-plantar-fascia-stretch",
        "hold = 21",
        "seated-plantar-fascia-stretch: a hold of 21 seconds is above the catalogue limit of 20",
    ),
    (
        "seated-plantar-fascia-stretch",
        "reps = 4",
        "seated-plantar-fascia-stretch: 4 reps is above the catalogue limit of 3",
    ),
    (
        "plantar-fascia-roll",
        "minutes = 6",
        "plantar-fascia-roll: 6 minutes is above the catalogue limit of 5",
    ),
    (
        "plantar-fascia-roll",
        "per_day = 4",
        "plantar-fascia-roll: 4 times a day is above the catalogue limit of 3",
    ),
    // ---- foot-ankle: new rows go above this line, below the previous marker ----
    (
        "standing-hip-abduction",
        "reps = 11",
        "standing-hip-abduction: 11 reps is above the catalogue limit of 10",
    ),
    (
        "standing-hip-abduction",
        "hold = 6",
        "standing-hip-abduction: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "bridge",
        "reps = 13",
        "bridge: 13 reps is above the catalogue limit of 12",
    ),
    (
        "bridge",
        "sets = 4\nreps = 10",
        "bridge: 4 sets is above the catalogue limit of 3",
    ),
    (
        "clamshell",
        "reps = 16",
        "clamshell: 16 reps is above the catalogue limit of 15",
    ),
    (
        "clamshell",
        "sets = 3\nreps = 10\nper_day = 4",
        "clamshell: 4 times a day is above the catalogue limit of 3",
    ),
    (
        "hip-knee-lift-stretch",
        "reps = 11",
        "hip-knee-lift-stretch: 11 reps is above the catalogue limit of 10",
    ),
    (
        "hip-knee-lift-stretch",
        "hold = 11",
        "hip-knee-lift-stretch: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "prone-hip-extension",
        "sets = 3\nreps = 11",
        "prone-hip-extension: 11 reps is above the catalogue limit of 10",
    ),
    (
        "prone-hip-extension",
        "per_day = 2",
        "prone-hip-extension: 2 times a day is above the catalogue limit of 1",
    ),
    (
        "hip-abduction-all-fours",
        "reps = 6",
        "hip-abduction-all-fours: 6 reps is above the catalogue limit of 5",
    ),
    (
        "hip-abduction-all-fours",
        "hold = 4",
        "hip-abduction-all-fours: a hold of 4 seconds is above the catalogue limit of 3",
    ),
    (
        "hip-external-rotation-stretch",
        "reps = 11",
        "hip-external-rotation-stretch: 11 reps is above the catalogue limit of 10",
    ),
    (
        "hip-external-rotation-stretch",
        "hold = 11",
        "hip-external-rotation-stretch: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "marching-warm-up",
        "minutes = 3",
        "marching-warm-up: 3 minutes is above the catalogue limit of 2",
    ),
    (
        "marching-warm-up",
        "per_day = 3",
        "marching-warm-up: 3 times a day is above the catalogue limit of 2",
    ),
    (
        "backwards-walking",
        "reps = 21",
        "backwards-walking: 21 reps is above the catalogue limit of 20",
    ),
    (
        "sideways-walking",
        "reps = 11",
        "sideways-walking: 11 reps is above the catalogue limit of 10",
    ),
    (
        "simple-grapevine",
        "reps = 6",
        "simple-grapevine: 6 reps is above the catalogue limit of 5",
    ),
    // ---- hip-balance: new rows go above this line, below the previous marker ----
    (
        "lower-trunk-rotation",
        "reps = 11",
        "lower-trunk-rotation: 11 reps is above the catalogue limit of 10",
    ),
    (
        "lower-trunk-rotation",
        "hold = 31",
        "lower-trunk-rotation: a hold of 31 seconds is above the catalogue limit of 30",
    ),
    (
        "lower-back-stretch",
        "reps = 11",
        "lower-back-stretch: 11 reps is above the catalogue limit of 10",
    ),
    (
        "kneeling-back-extension",
        "reps = 11",
        "kneeling-back-extension: 11 reps is above the catalogue limit of 10",
    ),
    (
        "deep-lunge",
        "reps = 4",
        "deep-lunge: 4 reps is above the catalogue limit of 3",
    ),
    (
        "deep-lunge",
        "hold = 6",
        "deep-lunge: a hold of 6 seconds is above the catalogue limit of 5",
    ),
    (
        "prone-bent-knee-hip-lift",
        "reps = 6",
        "prone-bent-knee-hip-lift: 6 reps is above the catalogue limit of 5",
    ),
    (
        "prone-bent-knee-hip-lift",
        "hold = 9",
        "prone-bent-knee-hip-lift: a hold of 9 seconds is above the catalogue limit of 8",
    ),
    (
        "prone-stomach-tone",
        "reps = 4",
        "prone-stomach-tone: 4 reps is above the catalogue limit of 3",
    ),
    (
        "prone-stomach-tone",
        "hold = 11",
        "prone-stomach-tone: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "spine-press-up",
        "reps = 11",
        "spine-press-up: 11 reps is above the catalogue limit of 10",
    ),
    (
        "spine-press-up",
        "hold = 11",
        "spine-press-up: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "standing-back-bend",
        "reps = 11",
        "standing-back-bend: 11 reps is above the catalogue limit of 10",
    ),
    (
        "standing-back-bend",
        "hold = 11",
        "standing-back-bend: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "bird-dog",
        "reps = 13",
        "bird-dog: 13 reps is above the catalogue limit of 12",
    ),
    (
        "bird-dog",
        "hold = 11",
        "bird-dog: a hold of 11 seconds is above the catalogue limit of 10",
    ),
    (
        "deep-abdominal-stretch",
        "hold = 51",
        "deep-abdominal-stretch: a hold of 51 seconds is above the catalogue limit of 50",
    ),
    // ---- back: new rows go above this line, below the previous marker ----
];

fn plan(exercise: &str, dose: &str) -> String {
    format!(
        "[patient]\nname = \"Ana\"\n\n[prescriber]\nname = \"Dana Reyes, PT\"\n\n\
         [plan]\nissued = 2026-11-22\nreview = 2026-12-06\n\n\
         [[exercise]]\nname = \"{exercise}\"\n{dose}\n"
    )
}

#[test]
fn every_library_prescription_passes_as_its_source_writes_it() {
    for (exercise, _, dose) in AS_WRITTEN {
        Test::new()
            .file("plan.toml", plan(exercise, dose))
            .args(&["check", "plan.toml"])
            .status(0)
            .stdout("plan.toml: ok, 1 exercise\n")
            .run();
    }
    // The table holds every prescription of the exercises it names.
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let mut ids: Vec<&str> = AS_WRITTEN.iter().map(|(id, _, _)| *id).collect();
    ids.dedup();
    for id in ids {
        let entry = catalogue.find(id).expect("a library exercise");
        let in_catalogue: Vec<String> = entry.prescriptions.iter().map(|p| p.label()).collect();
        let in_table: Vec<String> = AS_WRITTEN
            .iter()
            .filter(|(e, _, _)| *e == id)
            .map(|(_, s, _)| (*s).to_owned())
            .collect();
        assert_eq!(in_table, in_catalogue, "{id}");
    }
}

#[test]
fn a_dose_beyond_every_library_source_is_refused() {
    for (exercise, dose, error) in BEYOND {
        Test::new()
            .file("plan.toml", plan(exercise, dose))
            .args(&["check", "plan.toml"])
            .status(1)
            .stdout("plan.toml: invalid, 1 error\n")
            .stderr_contains(*error)
            .run();
    }
}

#[test]
fn a_source_done_every_other_day_prints_its_days_a_week_not_once_a_day() {
    // MSD's squat: "1 time every other day", held as days a week only.
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let squat = catalogue.find("squat").expect("the squat");
    let days = squat.prescriptions[0]
        .per_week
        .expect("MSD's days a week")
        .min;
    let test = Test::new()
        .file("plan.toml", plan("squat", ""))
        .args(&["build", "plan.toml"])
        .status(0)
        .stdout_starts_with("wrote plan.pdf");
    test.run();
    let text = crate::pdf::flat(&crate::pdf::Pdf::open(&test.path("plan.pdf")).text());
    assert!(text.contains(&format!("{days} days a week")), "{text}");
    assert!(!text.contains("once a day"), "{text}");
}

#[test]
fn stay_safe_lines_for_one_region_print_only_on_plans_for_it() {
    let sheet_text = |exercise: &str| {
        let plan = format!(
            "[patient]\nname = \"Ada Patient\"\n[prescriber]\nname = \"Dana Reyes, PT\"\n[plan]\nissued = 2026-11-22\nweeks = 2\n\n[[exercise]]\nname = \"{exercise}\"\n"
        );
        let test = Test::new()
            .file("plan.toml", plan)
            .args(&["build", "plan.toml"])
            .status(0)
            .stdout_starts_with("wrote plan.pdf");
        test.run();
        crate::pdf::flat(&crate::pdf::Pdf::open(&test.path("plan.pdf")).text())
    };
    let back_line = "make sure your therapist knows about any back condition";
    let knee = sheet_text("seated-knee-extension");
    assert!(!knee.contains(back_line), "{knee}");
    // The general lines are still there.
    assert!(knee.contains("Never push yourself too hard."), "{knee}");
    let back = sheet_text("bridge");
    assert!(back.contains(back_line), "{back}");
}

#[test]
fn the_nhs_sitting_routine_holds_every_exercise_the_programme_prescribes() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let routine = catalogue
        .routines()
        .iter()
        .find(|r| r.id == "nhs-sitting")
        .expect("the NHS sitting routine");
    let prescribed: Vec<&str> = catalogue
        .entries()
        .iter()
        .filter(|e| e.prescription_from(&routine.from).is_some())
        .map(|e| e.id.as_str())
        .collect();
    assert!(
        !prescribed.is_empty(),
        "exercises from the NHS sitting programme"
    );
    for id in prescribed {
        assert!(
            routine.exercises.iter().any(|e| e == id),
            "{id} is in the NHS sitting programme but not in its routine"
        );
    }
}

#[test]
fn every_library_exercise_has_a_source_with_a_web_address_or_says_none_was_found() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let addressed = |id: &String| {
        catalogue
            .source(id)
            .is_some_and(|s| !s.urls.is_empty() || !s.seen_at.is_empty())
    };
    for entry in catalogue.entries() {
        let said = entry
            .notes
            .iter()
            .any(|n| n.starts_with("No public programme") || n.contains(": no public programme"));
        assert!(
            entry.sources.iter().any(addressed) || said,
            "{}: no source with a web address, and no note that one was searched for",
            entry.id
        );
    }
}
