//! What the server answers: a `Reply` (status, type, body), and the
//! requests it refuses (`Refusal`), each with its code (RX0801–RX0805)
//! and a JSON body `{"error": {"code", "message"}}`, so the page, and any
//! tool, always has a message to show.

use serde::Serialize;

/// An answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Extra headers (the token cookie, a redirect's location).
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json<T: Serialize>(status: u16, value: &T) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body: serde_json::to_vec(value).expect("the API's values serialise"),
            headers: Vec::new(),
        }
    }

    pub fn bytes(content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            content_type,
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// An error with its code and message.
    pub fn error(status: u16, code: &'static str, message: String) -> Reply {
        #[derive(Serialize)]
        struct Body {
            error: Inner,
        }
        #[derive(Serialize)]
        struct Inner {
            code: &'static str,
            message: String,
        }
        Reply::json(
            status,
            &Body {
                error: Inner { code, message },
            },
        )
    }
}

/// A request the server will not carry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No token, a wrong one, or a Host or Origin that is not the
    /// server's own (another site, DNS rebinding).
    Forbidden { why: String },
    /// A file name outside the folder (`..`, an absolute path, a link out).
    Outside { name: String },
    /// A request body larger than `guard::MAX_BODY`.
    TooLarge { limit: usize },
    /// No such route, exercise, routine or file.
    NotFound { what: String },
    /// A route asked with the wrong method.
    Method,
    /// A body that is not the JSON the route takes.
    BadRequest { why: String },
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Forbidden { .. } => "RX0801",
            Refusal::Outside { .. } => "RX0802",
            Refusal::TooLarge { .. } => "RX0803",
            Refusal::NotFound { .. } | Refusal::Method => "RX0804",
            Refusal::BadRequest { .. } => "RX0805",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Refusal::Forbidden { .. } | Refusal::Outside { .. } => 403,
            Refusal::TooLarge { .. } => 413,
            Refusal::NotFound { .. } => 404,
            Refusal::Method => 405,
            Refusal::BadRequest { .. } => 400,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::Forbidden { why } => format!("refused: {why}"),
            Refusal::Outside { name } => {
                format!("\"{name}\" is not a file in the editor's folder")
            }
            Refusal::TooLarge { limit } => {
                format!("the request is larger than {limit} bytes, the most rx serve reads")
            }
            Refusal::NotFound { what } => what.clone(),
            Refusal::Method => "this address does not take that method".to_owned(),
            Refusal::BadRequest { why } => format!("bad request: {why}"),
        }
    }

    pub fn reply(&self) -> Reply {
        Reply::error(self.status(), self.code(), self.message())
    }
}

impl From<Refusal> for Reply {
    fn from(refusal: Refusal) -> Reply {
        refusal.reply()
    }
}

/// An environment error (a file rx cannot read or write, one that is
/// already there) as a reply with its own code (`Error::code`).
impl From<crate::error::Error> for Reply {
    fn from(e: crate::error::Error) -> Reply {
        let status = match e.code() {
            "RX0603" => 409,
            _ => 500,
        };
        Reply::error(status, e.code(), e.to_string())
    }
}
