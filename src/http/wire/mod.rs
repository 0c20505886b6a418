//! sortie's HTTP/1.1 wire: requests written byte for byte as Hurl (libcurl) writes them
//! ([`head`]), responses read with `httparse` ([`read`]), TLS with rustls ([`tls`]), and
//! connections kept alive per client.
//!
//! A general-purpose client would normalise what a contract tester must send as written:
//! the method token, a `Content-Length` the spec sets, the order of headers, an empty body
//! with no framing at all. Owning the connection also gives the peer's address and
//! certificate to the `ip` and `certificate` queries.

mod head;
mod read;
mod stream;
mod tls;

use std::io::{BufReader, Write};
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use head::{header_lines, write_head, Head};
pub use read::{Framing, ResponseHead};
pub use stream::{Endpoint, Route};
pub use tls::TlsSettings;

use super::response::{TransportError, TransportErrorKind};
use read::{io_error, read_body, read_head};
use stream::{connect, Stream};

/// A request as the wire sends it.
#[derive(Clone, Copy, Debug)]
pub struct WireRequest<'a> {
    /// Where to connect.
    pub endpoint: &'a Endpoint,
    /// The head.
    pub head: Head<'a>,
    /// The body (its length is in the head).
    pub body: &'a [u8],
}

/// Time limits and size limits of one exchange.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    /// Time allowed to connect.
    pub connect_timeout: Option<Duration>,
    /// When the whole exchange must be over.
    pub deadline: Option<Instant>,
    /// Largest body read, in bytes as received.
    pub max_body: u64,
    /// Bytes per second, up and down (`limit-rate`).
    pub rate: Option<std::num::NonZeroU64>,
}

/// A response as received: the body still in its content encoding.
#[derive(Clone, Debug)]
pub struct WireResponse {
    /// Status line and headers.
    pub head: ResponseHead,
    /// The body's bytes as received (chunks joined).
    pub body: Vec<u8>,
    /// The server's address.
    pub peer: Option<SocketAddr>,
    /// The server's certificate chain, DER, leaf first (HTTPS).
    pub certificates: Option<Vec<Vec<u8>>>,
}

struct Idle {
    endpoint: Endpoint,
    conn: BufReader<Stream>,
}

/// Connections of one client, kept open between requests (keep-alive).
#[derive(Default)]
pub struct Wire {
    idle: Mutex<Vec<Idle>>,
}

/// Idle connections kept per client.
const MAX_IDLE: usize = 8;

impl Wire {
    /// A wire with no open connection.
    pub fn new() -> Self {
        Wire::default()
    }

    fn take_idle(&self, endpoint: &Endpoint) -> Option<BufReader<Stream>> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        let at = idle.iter().rposition(|i| &i.endpoint == endpoint)?;
        Some(idle.swap_remove(at).conn)
    }

    fn put_idle(&self, endpoint: &Endpoint, conn: BufReader<Stream>) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() >= MAX_IDLE {
            idle.remove(0);
        }
        idle.push(Idle {
            endpoint: endpoint.clone(),
            conn,
        });
    }

    /// Sends `request` and reads its response. A kept-alive connection that the server had
    /// closed is replaced by a new one, once, when nothing of the response had come.
    pub fn send(
        &self,
        request: &WireRequest,
        limits: &Limits,
    ) -> Result<WireResponse, TransportError> {
        let head = write_head(&request.head);
        if let Some(conn) = self.take_idle(request.endpoint) {
            match self.exchange(conn, request, &head, limits) {
                Ok(Some(response)) => return Ok(response),
                // Closed before answering: the request goes out again on a new connection.
                Ok(None) => {}
                Err(e) => return Err(e),
            }
        }
        let stream = connect(request.endpoint, limits.connect_timeout, limits.deadline)?;
        let conn = BufReader::with_capacity(16 * 1024, stream);
        match self.exchange(conn, request, &head, limits)? {
            Some(response) => Ok(response),
            None => Err(TransportError::new(
                TransportErrorKind::Io,
                "the server closed the connection without answering",
            )),
        }
    }

    /// One exchange on `conn`; `Ok(None)` when the connection closed before any byte of a
    /// response came back (or could not take the request).
    fn exchange(
        &self,
        mut conn: BufReader<Stream>,
        request: &WireRequest,
        head: &[u8],
        limits: &Limits,
    ) -> Result<Option<WireResponse>, TransportError> {
        conn.get_mut().set_deadline(limits.deadline)?;
        conn.get_mut().set_rate(limits.rate);
        let stream = conn.get_mut();
        let written = stream
            .write_all(head)
            .and_then(|()| stream.write_all(request.body))
            .and_then(|()| stream.flush());
        if let Err(e) = written {
            let e = io_error(&e);
            return match e.kind {
                TransportErrorKind::Io => Ok(None),
                _ => Err(e),
            };
        }
        conn.get_mut().set_deadline(limits.deadline)?;
        let Some(response_head) = read_head(&mut conn)? else {
            return Ok(None);
        };
        let framing = Framing::of(request.head.method, &response_head)?;
        let body = read_body(&mut conn, framing, limits.max_body)?;
        let stream = conn.get_ref();
        let peer = stream.peer();
        let certificates = stream.certificates();
        if response_head.keeps_alive() && framing != Framing::UntilClose {
            self.put_idle(request.endpoint, conn);
        }
        Ok(Some(WireResponse {
            head: response_head,
            body,
            peer,
            certificates,
        }))
    }
}
