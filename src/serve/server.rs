//! The accept loop: a tiny_http server on 127.0.0.1, one request at a time
//! (one user; a check takes milliseconds), each let through `guard`,
//! its body read up to `guard::MAX_BODY`, answered by `api`.
//!
//! Ctrl-C and SIGTERM unblock the loop from a watching thread: the request
//! being answered finishes (a save completes, or its temporary file is
//! removed), then `serve` returns. Preview PDFs live in memory only, so
//! nothing is left in the folder.

use std::io::Read as _;
use std::sync::Arc;

use super::Editor;
use super::api::{self, Method, Request};
use super::guard::{Asked, Guard, MAX_BODY, Pass};
use super::reply::{Refusal, Reply};
use crate::error::Error;

/// What every answer carries: the page loads nothing from elsewhere, runs
/// no inline script, and is framed by no other site; nothing is cached.
const HEADERS: &[(&str, &str)] = &[
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; \
         connect-src 'self'; frame-src 'self' blob:; object-src 'self' blob:; \
         frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
];

/// Serve `editor` on 127.0.0.1:`port` (0: a free port) until Ctrl-C or
/// SIGTERM. `ready` is given the address to open, token included, once the
/// server listens.
pub fn serve(editor: &Editor, port: u16, ready: impl FnOnce(&str)) -> Result<(), Error> {
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| Error::Usage {
        message: format!("cannot listen on 127.0.0.1:{port}: {e}"),
    })?;
    let server = Arc::new(server);
    let port = server
        .server_addr()
        .to_ip()
        .map_or(port, |address| address.port());
    let guard = Guard::new(port).map_err(|e| Error::Usage {
        message: format!("no random token from the system: {e}"),
    })?;
    let stop = stop_on_signals(Arc::clone(&server))?;
    ready(&format!("http://127.0.0.1:{port}/?token={}", guard.token()));
    for request in server.incoming_requests() {
        answer(editor, &guard, request);
    }
    stop.finish();
    Ok(())
}

/// Answer one request; a client that went away is no error of the server's.
fn answer(editor: &Editor, guard: &Guard, mut request: tiny_http::Request) {
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_owned())
    };
    let (host, origin, cookie) = (header("Host"), header("Origin"), header("Cookie"));
    let (path, query) = api::split_url(request.url());
    let token = query
        .iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.clone());
    let asked = Asked {
        host: host.as_deref(),
        origin: origin.as_deref(),
        cookie: cookie.as_deref(),
        token: token.as_deref(),
    };
    let reply = match guard.check(&asked) {
        Err(refusal) => refusal.reply(),
        // The token leaves the address bar: the cookie carries it now.
        Ok(Pass::Token) if path == "/" => Reply {
            status: 303,
            content_type: "text/plain; charset=utf-8",
            body: b"see /".to_vec(),
            headers: vec![("Set-Cookie", guard.cookie()), ("Location", "/".to_owned())],
        },
        Ok(pass) => {
            let mut reply = match body(&mut request) {
                Ok(body) => {
                    let method = match request.method() {
                        tiny_http::Method::Get => Method::Get,
                        tiny_http::Method::Post => Method::Post,
                        _ => Method::Other,
                    };
                    let req = Request {
                        method,
                        path: &path,
                        query,
                        body: &body,
                    };
                    api::handle(editor, &req)
                }
                Err(refusal) => refusal.reply(),
            };
            if pass == Pass::Token {
                reply.headers.push(("Set-Cookie", guard.cookie()));
            }
            reply
        }
    };
    let _ = request.respond(response(reply));
}

/// The request's body, refused past `MAX_BODY` (by its stated length
/// before any of it is read, or as it is read).
fn body(request: &mut tiny_http::Request) -> Result<Vec<u8>, Refusal> {
    let too_large = Refusal::TooLarge { limit: MAX_BODY };
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_large);
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Refusal::BadRequest {
            why: format!("the body could not be read: {e}"),
        })?;
    if body.len() > MAX_BODY {
        return Err(too_large);
    }
    Ok(body)
}

fn response(reply: Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let headers = HEADERS
        .iter()
        .map(|&(k, v)| (k, v.to_owned()))
        .chain(std::iter::once((
            "Content-Type",
            reply.content_type.to_owned(),
        )))
        .chain(reply.headers);
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    response
}

/// The thread that stops the server on Ctrl-C or SIGTERM.
struct Stop {
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
    #[cfg(unix)]
    thread: std::thread::JoinHandle<()>,
}

impl Stop {
    /// End the watching thread (the server has stopped).
    fn finish(self) {
        #[cfg(unix)]
        {
            self.handle.close();
            let _ = self.thread.join();
        }
    }
}

#[cfg(unix)]
fn stop_on_signals(server: Arc<tiny_http::Server>) -> Result<Stop, Error> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).map_err(|e| Error::Usage {
            message: format!("cannot watch for Ctrl-C: {e}"),
        })?;
    let handle = signals.handle();
    let thread = std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            server.unblock();
        }
    });
    Ok(Stop { handle, thread })
}

/// Elsewhere Ctrl-C ends the process; a save in progress leaves at most
/// its temporary file, which the next batch in the folder clears.
#[cfg(not(unix))]
fn stop_on_signals(_server: Arc<tiny_http::Server>) -> Result<Stop, Error> {
    Ok(Stop {})
}
