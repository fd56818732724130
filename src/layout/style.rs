//! Type sizes and spacing for normal and large print, and the greys.

use crate::document::Gray;

/// Body text.
pub const INK: Gray = 0.0;
/// Secondary text: still dark enough for low vision.
pub const SOFT: Gray = 0.25;
/// Lines and box borders.
pub const RULE: Gray = 0.55;
/// Background of the dose band.
pub const TINT: Gray = 0.9;

/// Sizes in points. Large print keeps body text at 16 pt or more, as
/// low-vision guidance asks, and scales everything else with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub margin: f32,
    pub title: f32,
    pub heading: f32,
    pub dose: f32,
    pub body: f32,
    /// Header and footer text, and the log's day labels.
    pub small: f32,
    /// Line height as a multiple of the font size.
    pub leading: f32,
    /// Gap between blocks.
    pub gap: f32,
    /// The space kept beside each exercise for its illustration.
    pub figure_w: f32,
    pub figure_h: f32,
    /// Whether an exercise's figure sits beside its name and dose band
    /// (the band over the text column) rather than under it.
    pub figure_beside_band: bool,
    /// Side of a tick box in the log.
    pub tick: f32,
}

impl Style {
    pub fn new(large_print: bool) -> Style {
        if large_print {
            Style {
                margin: 40.0,
                title: 28.0,
                heading: 22.0,
                dose: 18.0,
                body: 16.0,
                // Large print means large everywhere: the header, the log's
                // labels and the footer too.
                small: 16.0,
                // Within the 1.2 to 1.5 low-vision guidance asks for; 1.3
                // set one exercise a page, each page part empty, and 1.25
                // left pages before an exercise three-fifths full.
                leading: 1.2,
                gap: 14.0,
                // About 1.3 times the normal figure: at 1.5 times it the
                // text beside it ran so narrow and the block so tall that,
                // on A4 with a logo, page 1 held only the title.
                figure_w: 185.0,
                figure_h: 138.75,
                // Beside the figure, the band's 22 pt name and 18 pt dose
                // wrap to more lines than the text beside it saves.
                figure_beside_band: false,
                tick: 18.0,
            }
        } else {
            Style {
                margin: 40.0,
                title: 24.0,
                heading: 17.0,
                dose: 13.5,
                body: 11.5,
                // Nothing a patient reads is below 11 pt.
                small: 11.0,
                leading: 1.22,
                gap: 10.0,
                // A quarter larger than the 140 x 105 they were: with each
                // box cut to its drawing's height, this costs no page over
                // the page-fill test's plans.
                figure_w: 175.0,
                figure_h: 131.25,
                // The text beside the figure starts with the band, so more
                // of it runs under the figure at the full width.
                figure_beside_band: true,
                tick: 13.0,
            }
        }
    }

    pub fn line(&self, size: f32) -> f32 {
        size * self.leading
    }
}
