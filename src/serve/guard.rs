//! Who may use the editor: the one browser given the address with the
//! token, through the server's own address only.
//!
//! - The token: 32 random bytes from the OS, in hex, in the address the
//!   browser is opened with (`/?token=...`); that first request gets it
//!   back as a cookie (HttpOnly, SameSite=Strict), which every later
//!   request must carry. Compared in constant time.
//! - Host must be the server's own (`127.0.0.1:PORT` or `localhost:PORT`):
//!   a page of another site that rebinds its name to 127.0.0.1 sends its
//!   own name as Host.
//! - Origin, where the browser sends one, must be the server's own: another
//!   site's script is refused before its request is read.
//! - A request body is read up to `MAX_BODY` bytes only.
//!
//! Pure: the server passes in the headers it received.

use super::reply::Refusal;

/// The largest request body read: the largest plan rx reads, with room for
/// JSON's quoting.
pub const MAX_BODY: usize = 2 * crate::parse::MAX_FILE_BYTES;

/// The cookie's name.
const COOKIE: &str = "rx_token";

/// The server's token and the addresses it answers on.
#[derive(Debug, Clone)]
pub struct Guard {
    token: String,
    port: u16,
}

/// The headers and query a request was checked on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked<'a> {
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub cookie: Option<&'a str>,
    /// `?token=` in the address.
    pub token: Option<&'a str>,
}

/// A request let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// By its cookie.
    Cookie,
    /// By the token in its address: answer with the cookie.
    Token,
}

impl Guard {
    /// A guard with a fresh random token, for a server on `port`.
    pub fn new(port: u16) -> std::io::Result<Guard> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        Ok(Guard::with_token(hex(&bytes), port))
    }

    fn with_token(token: String, port: u16) -> Guard {
        Guard { token, port }
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// The `Set-Cookie` value that carries the token from then on.
    pub fn cookie(&self) -> String {
        format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", self.token)
    }

    /// Whether a request may be answered.
    pub fn check(&self, asked: &Asked) -> Result<Pass, Refusal> {
        let refuse = |why: &str| Refusal::Forbidden {
            why: why.to_owned(),
        };
        let host = asked.host.ok_or_else(|| refuse("no Host header"))?;
        if !self.own_host(host) {
            return Err(refuse("the Host is not this editor's address"));
        }
        if let Some(origin) = asked.origin {
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|h| self.own_host(h));
            if !own {
                return Err(refuse("a request from another site"));
            }
        }
        let cookie = asked.cookie.and_then(|header| {
            header
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == COOKIE)
                .map(|(_, value)| value)
        });
        if cookie.is_some_and(|c| same(c, &self.token)) {
            return Ok(Pass::Cookie);
        }
        if asked.token.is_some_and(|t| same(t, &self.token)) {
            return Ok(Pass::Token);
        }
        Err(refuse(
            "no valid token; open the address rx serve printed, with its token",
        ))
    }

    fn own_host(&self, host: &str) -> bool {
        let port = self.port.to_string();
        ["127.0.0.1", "localhost"].iter().any(|name| {
            host.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|p| p == port)
        })
    }
}

/// Equal, in a time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::{Asked, Guard, Pass};

    fn guard() -> Guard {
        Guard::with_token("abc123".to_owned(), 8080)
    }

    fn asked<'a>(host: &'a str, cookie: Option<&'a str>) -> Asked<'a> {
        Asked {
            host: Some(host),
            cookie,
            ..Asked::default()
        }
    }

    #[test]
    fn the_token_passes_once_in_the_address_then_by_its_cookie() {
        let g = guard();
        let first = Asked {
            token: Some("abc123"),
            ..asked("127.0.0.1:8080", None)
        };
        assert_eq!(g.check(&first), Ok(Pass::Token));
        assert!(g.cookie().contains("HttpOnly") && g.cookie().contains("SameSite=Strict"));
        let later = asked("localhost:8080", Some("a=b; rx_token=abc123"));
        assert_eq!(g.check(&later), Ok(Pass::Cookie));
        assert!(
            g.check(&asked("127.0.0.1:8080", Some("rx_token=abc124")))
                .is_err()
        );
        assert!(g.check(&asked("127.0.0.1:8080", None)).is_err());
    }

    #[test]
    fn another_host_or_origin_is_refused_even_with_the_token() {
        let g = guard();
        let cookie = Some("rx_token=abc123");
        for host in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "127.0.0.1",
            "127.0.0.1.evil:8080",
        ] {
            assert!(g.check(&asked(host, cookie)).is_err(), "{host}");
        }
        for origin in ["http://evil.example", "null", "https://127.0.0.1:8080"] {
            let a = Asked {
                origin: Some(origin),
                ..asked("127.0.0.1:8080", cookie)
            };
            assert!(g.check(&a).is_err(), "{origin}");
        }
        let own = Asked {
            origin: Some("http://127.0.0.1:8080"),
            ..asked("127.0.0.1:8080", cookie)
        };
        assert_eq!(g.check(&own), Ok(Pass::Cookie));
    }

    #[test]
    fn a_new_guard_has_a_long_random_token() {
        let a = Guard::new(1).expect("random bytes");
        let b = Guard::new(1).expect("random bytes");
        assert_eq!(a.token().len(), 64);
        assert_ne!(a.token(), b.token());
    }
}
