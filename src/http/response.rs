//! What came back: responses, attempts, redirects and transport errors.

use std::time::{Duration, SystemTime};

/// A response, body already decoded from its content encoding.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// `HTTP/1.0`, `HTTP/1.1`, `HTTP/2` or `HTTP/3`.
    pub version: String,
    /// Headers in order, repeats kept, names as received.
    pub headers: Vec<(String, String)>,
    /// Body bytes (gzip, deflate and br already undone).
    pub body: Vec<u8>,
    /// The URL that answered (after redirects).
    pub url: String,
    /// Time from sending the final request to the end of its body.
    pub duration: Duration,
}

impl HttpResponse {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header with this name, in order.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of `Content-Type`, lower-cased, without parameters.
    pub fn mime_type(&self) -> Option<String> {
        let ct = self.header("content-type")?;
        Some(ct.split(';').next()?.trim().to_ascii_lowercase())
    }

    /// The `charset` parameter of `Content-Type`, if any.
    pub fn charset(&self) -> Option<String> {
        let ct = self.header("content-type")?;
        ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches('"').to_string())
        })
    }

    /// The standard reason phrase for the status, e.g. `Not Found`.
    pub fn reason(&self) -> &'static str {
        ureq::http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("")
    }
}

/// One redirect hop that was followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The URL that answered with a redirect.
    pub url: String,
    /// Its status (301, 302, 303, 307 or 308).
    pub status: u16,
    /// Where it pointed, resolved to an absolute URL.
    pub location: String,
}

/// Why a request got no response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// A one-line description.
    pub message: String,
}

/// Kinds of transport failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// The URL is not valid or not http(s).
    InvalidUrl,
    /// The host name did not resolve.
    Dns,
    /// The connection was refused or could not be made.
    Connect,
    /// A time limit was hit.
    Timeout,
    /// TLS handshake or certificate verification failed.
    Tls,
    /// The connection broke while sending or receiving.
    Io,
    /// The server's answer was not valid HTTP.
    Protocol,
    /// More redirects than allowed.
    TooManyRedirects,
    /// The body was larger than allowed.
    BodyTooLarge,
    /// The request body could not be prepared (a file could not be read).
    Body,
}

impl TransportError {
    /// An error of a kind with a message.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
        }
    }

    /// Network errors and timeouts: worth sending again.
    pub fn is_retriable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Dns
                | TransportErrorKind::Connect
                | TransportErrorKind::Timeout
                | TransportErrorKind::Io
                | TransportErrorKind::Protocol
        )
    }
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// One attempt at a request (with the redirects it followed).
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    /// 1 for the first attempt.
    pub number: u32,
    /// When it started.
    pub started_at: SystemTime,
    /// How long it took, redirects included.
    pub duration: Duration,
    /// The final status, or why there was none.
    pub outcome: Result<u16, TransportError>,
    /// Redirects followed.
    pub redirects: Vec<Redirect>,
    /// The wait before the next attempt, when there was one.
    pub retry_delay: Option<Duration>,
}

/// A request with all its attempts.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// Every attempt, in order.
    pub attempts: Vec<Attempt>,
    /// The last attempt's response, or its error.
    pub result: Result<HttpResponse, TransportError>,
    /// The redirects of the last attempt.
    pub redirects: Vec<Redirect>,
    /// From the first attempt's start to the last one's end, waits included.
    pub duration: Duration,
}

impl Exchange {
    /// Attempts beyond the first.
    pub fn retries(&self) -> usize {
        self.attempts.len().saturating_sub(1)
    }
}
