//! Reading a response: the head with `httparse`, then the body by its framing (a length,
//! chunks, or until the connection closes). Interim `1xx` answers are skipped.

use std::io::{self, BufRead, Read};

use super::super::response::{TransportError, TransportErrorKind};

/// Largest response head accepted (status line and headers).
const MAX_HEAD: usize = 1 << 20;

/// A response's status line and headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHead {
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: &'static str,
    /// The status code.
    pub status: u16,
    /// Headers in order, names as received.
    pub headers: Vec<(String, String)>,
}

impl ResponseHead {
    fn header<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True when the server keeps the connection open after this response.
    pub fn keeps_alive(&self) -> bool {
        let tokens = || {
            self.header("connection")
                .flat_map(|v| v.split(','))
                .map(|t| t.trim().to_ascii_lowercase())
        };
        if self.version == "HTTP/1.0" {
            tokens().any(|t| t == "keep-alive")
        } else {
            !tokens().any(|t| t == "close")
        }
    }
}

/// How a response body is delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// No body (HEAD, 204, 304).
    None,
    /// Exactly this many bytes.
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Until the server closes the connection.
    UntilClose,
}

impl Framing {
    /// The framing of `head`, the answer to a request with `method`.
    pub fn of(method: &str, head: &ResponseHead) -> Result<Framing, TransportError> {
        if method.eq_ignore_ascii_case("HEAD") || matches!(head.status, 204 | 304) {
            return Ok(Framing::None);
        }
        let chunked = head
            .header("transfer-encoding")
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case("chunked"));
        if chunked {
            return Ok(Framing::Chunked);
        }
        match head.header("content-length").next() {
            Some(v) => v
                .trim()
                .parse::<u64>()
                .map(Framing::Length)
                .map_err(|_| protocol(format!("invalid Content-Length '{v}'"))),
            None => Ok(Framing::UntilClose),
        }
    }
}

fn protocol(message: impl Into<String>) -> TransportError {
    TransportError::new(TransportErrorKind::Protocol, message)
}

/// An I/O error while reading, as a transport error.
pub fn io_error(e: &io::Error) -> TransportError {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TransportError::new(
            TransportErrorKind::Timeout,
            "timed out waiting for the response",
        ),
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => TransportError::new(
            TransportErrorKind::Io,
            format!("the connection closed before the response was complete ({e})"),
        ),
        // rustls reports certificate and handshake failures as InvalidData.
        io::ErrorKind::InvalidData => {
            TransportError::new(TransportErrorKind::Tls, format!("TLS error: {e}"))
        }
        _ => TransportError::new(TransportErrorKind::Io, e.to_string()),
    }
}

/// Reads one head; `Ok(None)` when the connection closed before its first byte (a kept-alive
/// connection the server had closed: the request may be sent again on a new one).
fn read_one_head(r: &mut impl BufRead) -> Result<Option<ResponseHead>, TransportError> {
    let mut buf: Vec<u8> = Vec::with_capacity(512);
    loop {
        let before = buf.len();
        let n = r.read_until(b'\n', &mut buf).map_err(|e| io_error(&e))?;
        if n == 0 {
            if buf.is_empty() {
                return Ok(None);
            }
            return Err(io_error(&io::Error::from(io::ErrorKind::UnexpectedEof)));
        }
        if buf.len() > MAX_HEAD {
            return Err(protocol("the response head is larger than 1 MiB"));
        }
        let line = &buf[before..];
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let mut slots = vec![httparse::EMPTY_HEADER; 64];
    loop {
        let mut response = httparse::Response::new(&mut slots);
        // Lenient as curl: header lines that are not valid are skipped, not fatal.
        let parsed = httparse::ParserConfig::default()
            .ignore_invalid_headers_in_responses(true)
            .allow_spaces_after_header_name_in_responses(true)
            .allow_obsolete_multiline_headers_in_responses(true)
            .parse_response(&mut response, &buf);
        match parsed {
            Ok(httparse::Status::Complete(_)) => {
                let version = match response.version {
                    Some(0) => "HTTP/1.0",
                    _ => "HTTP/1.1",
                };
                let status = response.code.unwrap_or(0);
                let headers = response
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_string(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect();
                return Ok(Some(ResponseHead {
                    version,
                    status,
                    headers,
                }));
            }
            Ok(httparse::Status::Partial) => {
                return Err(protocol("the response head is incomplete"))
            }
            Err(httparse::Error::TooManyHeaders) if slots.len() < 8192 => {
                slots = vec![httparse::EMPTY_HEADER; slots.len() * 4];
            }
            Err(e) => return Err(protocol(format!("invalid HTTP response: {e}"))),
        }
    }
}

/// Reads the final head of a response, skipping interim `1xx` answers (100 Continue…);
/// `Ok(None)` when the connection was closed before any byte came.
pub fn read_head(r: &mut impl BufRead) -> Result<Option<ResponseHead>, TransportError> {
    let mut first = true;
    loop {
        let head = match read_one_head(r)? {
            Some(head) => head,
            None if first => return Ok(None),
            None => return Err(io_error(&io::Error::from(io::ErrorKind::UnexpectedEof))),
        };
        first = false;
        if (100..200).contains(&head.status) && head.status != 101 {
            continue;
        }
        return Ok(Some(head));
    }
}

fn too_large(max: u64) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("the response body is larger than {max} bytes (max-filesize)"),
    )
}

/// Reads a body delimited by `framing`, at most `max` bytes.
pub fn read_body(
    r: &mut impl BufRead,
    framing: Framing,
    max: u64,
) -> Result<Vec<u8>, TransportError> {
    match framing {
        Framing::None => Ok(Vec::new()),
        Framing::Length(n) => {
            if n > max {
                return Err(too_large(max));
            }
            let mut body = Vec::with_capacity(n.min(1 << 20) as usize);
            let got = r.take(n).read_to_end(&mut body).map_err(|e| io_error(&e))?;
            if (got as u64) < n {
                return Err(io_error(&io::Error::from(io::ErrorKind::UnexpectedEof)));
            }
            Ok(body)
        }
        Framing::UntilClose => {
            let mut body = Vec::new();
            let got = r
                .take(max.saturating_add(1))
                .read_to_end(&mut body)
                .map_err(|e| io_error(&e))?;
            if got as u64 > max {
                return Err(too_large(max));
            }
            Ok(body)
        }
        Framing::Chunked => read_chunked(r, max),
    }
}

fn read_line(r: &mut impl BufRead, line: &mut Vec<u8>) -> Result<(), TransportError> {
    line.clear();
    let n = r
        .by_ref()
        .take(4096)
        .read_until(b'\n', line)
        .map_err(|e| io_error(&e))?;
    if n == 0 || !line.ends_with(b"\n") {
        return Err(io_error(&io::Error::from(io::ErrorKind::UnexpectedEof)));
    }
    Ok(())
}

fn read_chunked(r: &mut impl BufRead, max: u64) -> Result<Vec<u8>, TransportError> {
    let mut body = Vec::new();
    let mut line = Vec::new();
    loop {
        read_line(r, &mut line)?;
        let text = String::from_utf8_lossy(&line);
        // Chunk extensions after `;` are ignored.
        let size_text = text.split(';').next().unwrap_or("").trim();
        let size = u64::from_str_radix(size_text, 16)
            .map_err(|_| protocol(format!("invalid chunk size '{size_text}'")))?;
        if size == 0 {
            break;
        }
        if body.len() as u64 + size > max {
            return Err(too_large(max));
        }
        let got = r
            .by_ref()
            .take(size)
            .read_to_end(&mut body)
            .map_err(|e| io_error(&e))?;
        if (got as u64) < size {
            return Err(io_error(&io::Error::from(io::ErrorKind::UnexpectedEof)));
        }
        read_line(r, &mut line)?;
        if line != b"\r\n" && line != b"\n" {
            return Err(protocol("a chunk does not end with a line break"));
        }
    }
    // Trailers, up to the empty line.
    loop {
        read_line(r, &mut line)?;
        if line == b"\r\n" || line == b"\n" {
            return Ok(body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8], method: &str) -> Result<(ResponseHead, Vec<u8>), TransportError> {
        let mut r = io::BufReader::new(bytes);
        let head = read_head(&mut r)?.expect("a head");
        let framing = Framing::of(method, &head)?;
        let body = read_body(&mut r, framing, 1000)?;
        Ok((head, body))
    }

    #[test]
    fn lengths_chunks_and_close_delimited_bodies() {
        let (h, b) = parse(
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhelloEXTRA",
            "GET",
        )
        .unwrap();
        assert_eq!(
            (h.status, h.version, b.as_slice()),
            (200, "HTTP/1.1", &b"hello"[..])
        );
        assert_eq!(h.headers[1], ("X-A".to_string(), "b".to_string()));
        assert!(h.keeps_alive());
        let (_, b) = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n", "GET").unwrap();
        assert_eq!(b, b"hello world");
        let (h, b) = parse(b"HTTP/1.0 200 OK\r\n\r\nuntil close", "GET").unwrap();
        assert_eq!((h.version, b.as_slice()), ("HTTP/1.0", &b"until close"[..]));
        assert!(!h.keeps_alive());
        let (_, b) = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD").unwrap();
        assert!(b.is_empty());
        let (h, _) = parse(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "POST").unwrap();
        assert_eq!(h.status, 201);
        assert!(!h.keeps_alive());
    }

    #[test]
    fn header_lines_that_are_not_valid_are_skipped_as_curl_does() {
        let (h, b) = parse(
            b"HTTP/1.1 200 OK\r\nX-Foo: <b>\r\n<script>x</script>: foo\r\nContent-Length: 2\r\n\r\nok",
            "GET",
        )
        .unwrap();
        assert_eq!(b, b"ok");
        assert_eq!(h.headers[0], ("X-Foo".to_string(), "<b>".to_string()));
        assert_eq!(h.headers.len(), 2);
    }

    #[test]
    fn broken_responses_are_errors_of_the_right_kind() {
        let kind = |bytes: &[u8]| parse(bytes, "GET").unwrap_err().kind;
        assert_eq!(
            kind(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"),
            TransportErrorKind::Io
        );
        assert_eq!(
            kind(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"),
            TransportErrorKind::Protocol
        );
        assert_eq!(kind(b"NOT HTTP\r\n\r\n"), TransportErrorKind::Protocol);
        assert_eq!(
            kind(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            TransportErrorKind::Protocol
        );
        assert_eq!(
            kind(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"),
            TransportErrorKind::BodyTooLarge
        );
        assert_eq!(
            kind(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n"),
            TransportErrorKind::BodyTooLarge
        );
        assert_eq!(kind(b"HTTP/1.1 200 OK\r\nCont"), TransportErrorKind::Io);
        let mut empty = io::BufReader::new(&b""[..]);
        assert_eq!(read_head(&mut empty).unwrap(), None);
    }
}
