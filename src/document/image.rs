//! A picture on a page, as the `Document` carries it and render embeds it:
//! the stored pixels in the form the PDF takes them (a JPEG's own bytes, or
//! compressed samples), with the EXIF orientation that turns them upright.
//!
//! The figure engine decodes a clinic's picture into this form once, when
//! the catalogue loads (`picture`); every sheet then shares it, and
//! render writes it without knowing where it came from.

/// A checked picture, in the form the PDF embeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Pixels as stored in the file, before `orientation` turns them.
    pub width: u32,
    pub height: u32,
    /// One channel (grey) or three (RGB).
    pub gray: bool,
    /// How the stored pixels turn to stand upright.
    pub orientation: Orientation,
    pub data: Data,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// The JPEG file up to its end-of-image marker (anything a camera
    /// appends after it, such as a motion photo's video, is dropped).
    Jpeg(Vec<u8>),
    /// 8-bit samples, row by row (with `predicted`, each row led by its PNG
    /// filter type), zlib-compressed; the alpha channel the same way, if any
    /// pixel is not fully opaque.
    Deflated {
        samples: Vec<u8>,
        alpha: Option<Vec<u8>>,
        /// Whether rows carry PNG predictors (`/Predictor 15`): kept where
        /// that is smaller, as for a photo; a flat logo is smaller without.
        predicted: bool,
    },
}

/// The EXIF orientation of a picture: how its stored pixels turn to stand
/// upright. Names say what is done to the stored picture.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Orientation {
    /// 1: as stored.
    #[default]
    Upright,
    /// 2: mirrored left to right.
    MirrorX,
    /// 3: turned half round.
    Turn180,
    /// 4: mirrored top to bottom.
    MirrorY,
    /// 5: mirrored across the top-left to bottom-right diagonal.
    Transpose,
    /// 6: turned a quarter clockwise (a phone held upright, camera on the left).
    TurnRight,
    /// 7: mirrored across the other diagonal.
    Transverse,
    /// 8: turned a quarter anticlockwise.
    TurnLeft,
}

impl Orientation {
    /// The orientation an EXIF tag value stands for; unknown values leave
    /// the picture as stored.
    pub fn from_exif(value: u16) -> Orientation {
        match value {
            2 => Orientation::MirrorX,
            3 => Orientation::Turn180,
            4 => Orientation::MirrorY,
            5 => Orientation::Transpose,
            6 => Orientation::TurnRight,
            7 => Orientation::Transverse,
            8 => Orientation::TurnLeft,
            _ => Orientation::Upright,
        }
    }

    /// Whether width and height trade places.
    pub fn turns(self) -> bool {
        matches!(
            self,
            Orientation::Transpose
                | Orientation::TurnRight
                | Orientation::Transverse
                | Orientation::TurnLeft
        )
    }

    /// A short name for the layout dump.
    pub fn name(self) -> &'static str {
        match self {
            Orientation::Upright => "upright",
            Orientation::MirrorX => "mirror-x",
            Orientation::Turn180 => "turn-180",
            Orientation::MirrorY => "mirror-y",
            Orientation::Transpose => "transpose",
            Orientation::TurnRight => "turn-right",
            Orientation::Transverse => "transverse",
            Orientation::TurnLeft => "turn-left",
        }
    }
}

impl Image {
    /// "png" or "jpeg", for messages and the layout dump.
    pub fn kind(&self) -> &'static str {
        match self.data {
            Data::Jpeg(_) => "jpeg",
            Data::Deflated { .. } => "png",
        }
    }

    /// Width and height as printed, upright.
    pub fn upright_size(&self) -> (u32, u32) {
        if self.orientation.turns() {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}
