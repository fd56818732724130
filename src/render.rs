//! Stage 5, render: `&Document` + `&Fonts` -> PDF bytes.
