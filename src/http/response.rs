//! What came back: responses, attempts, redirects and transport errors.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use super::decode::{codings, decode_content, DecodeError};
use crate::census::{Counted, Token};

/// A response. Its body is kept as received; [`HttpResponse::body`] undoes the
/// `Content-Encoding` the first time something reads it, so an unknown coding fails only
/// what reads the body.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: String,
    /// Headers in order, repeats kept, names as received.
    pub headers: Vec<(String, String)>,
    /// The body's bytes as received (chunks joined, still in its content encoding).
    pub raw_body: Vec<u8>,
    /// The URL that answered (after redirects).
    pub url: String,
    /// Time from sending the final request to the end of its body.
    pub duration: Duration,
    /// The server's address.
    pub peer: Option<std::net::SocketAddr>,
    /// The server's certificate chain (DER, leaf first), over HTTPS.
    pub certificates: Option<Vec<Vec<u8>>>,
    /// Largest decoded body accepted.
    pub max_decoded: u64,
    /// The header lines sent with the request that got this response (the last redirect
    /// hop), in order, as sent: for reports.
    pub request_headers: Vec<(String, String)>,
    decoded: OnceLock<Result<Vec<u8>, DecodeError>>,
    /// Counts the response among the live ones.
    _census: Token,
}

impl PartialEq for HttpResponse {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status
            && self.version == other.version
            && self.headers == other.headers
            && self.raw_body == other.raw_body
            && self.url == other.url
    }
}

impl HttpResponse {
    /// A response received from `url`.
    pub fn new(
        status: u16,
        version: &str,
        headers: Vec<(String, String)>,
        raw_body: Vec<u8>,
        url: &str,
    ) -> Self {
        HttpResponse {
            status,
            version: version.to_string(),
            headers,
            raw_body,
            url: url.to_string(),
            duration: Duration::ZERO,
            peer: None,
            certificates: None,
            max_decoded: u64::MAX,
            request_headers: Vec::new(),
            decoded: OnceLock::new(),
            _census: Token::new(Counted::Response),
        }
    }

    /// The `Content-Encoding` codings, in the order the server applied them.
    pub fn codings(&self) -> Vec<String> {
        codings(self.headers_named("content-encoding"))
    }

    /// The body with its content encoding undone (decoded once, on first use).
    pub fn body(&self) -> Result<&[u8], DecodeError> {
        if self.header("content-encoding").is_none() {
            return Ok(&self.raw_body);
        }
        self.decoded
            .get_or_init(|| decode_content(&self.codings(), &self.raw_body, self.max_decoded))
            .as_deref()
            .map_err(Clone::clone)
    }

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
        reason_phrase(self.status)
    }
}

/// The reason phrase of RFC 9110 for a status, or `""`.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "",
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
    /// The connection could not be made within the connect time limit.
    ConnectTimeout,
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
    /// Credentials could not be found or used (`netrc`, `aws-sigv4`).
    Auth,
    /// The run was stopped (Ctrl-C, SIGTERM) while the request was in flight.
    Interrupted,
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
                | TransportErrorKind::ConnectTimeout
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

impl std::error::Error for TransportError {}

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
