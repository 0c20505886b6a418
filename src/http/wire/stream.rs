//! Connections: a TCP stream, plain or wrapped in TLS, opened within a time limit, with the
//! peer's address and certificate kept for the `ip` and `certificate` queries.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use rustls::{ClientConnection, StreamOwned};

use super::super::response::{TransportError, TransportErrorKind};
use super::tls::{client_config, TlsSettings};

/// An open connection.
pub enum Stream {
    /// Plain HTTP.
    Plain(TcpStream),
    /// HTTPS.
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => &s.sock,
        }
    }

    /// Bounds the next reads and writes (`None`: no limit).
    pub fn set_timeout(&self, limit: Option<Duration>) -> io::Result<()> {
        let tcp = self.tcp();
        tcp.set_read_timeout(limit)?;
        tcp.set_write_timeout(limit)
    }

    /// The address of the server.
    pub fn peer(&self) -> Option<SocketAddr> {
        self.tcp().peer_addr().ok()
    }

    /// The server's certificate chain (DER, leaf first), over TLS.
    pub fn certificates(&self) -> Option<Vec<Vec<u8>>> {
        match self {
            Stream::Plain(_) => None,
            Stream::Tls(s) => s
                .conn
                .peer_certificates()
                .map(|chain| chain.iter().map(|c| c.as_ref().to_vec()).collect()),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// Where to connect and how.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// `https` when true.
    pub tls: bool,
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Certificate checks, over TLS.
    pub tls_settings: TlsSettings,
}

/// Time left before `deadline`, or a timeout error naming `what`.
pub fn remaining(deadline: Option<Instant>) -> Result<Option<Duration>, TransportError> {
    match deadline {
        None => Ok(None),
        Some(d) => match d.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Ok(Some(left)),
            _ => Err(TransportError::new(
                TransportErrorKind::Timeout,
                "timed out",
            )),
        },
    }
}

/// Opens a connection to `endpoint`: every address the name resolves to is tried in turn,
/// each within `connect_timeout` and the overall `deadline`.
pub fn connect(
    endpoint: &Endpoint,
    connect_timeout: Option<Duration>,
    deadline: Option<Instant>,
) -> Result<Stream, TransportError> {
    let addrs: Vec<SocketAddr> = (endpoint.host.as_str(), endpoint.port)
        .to_socket_addrs()
        .map_err(|e| {
            TransportError::new(
                TransportErrorKind::Dns,
                format!("could not resolve host {} ({e})", endpoint.host),
            )
        })?
        .collect();
    if addrs.is_empty() {
        return Err(TransportError::new(
            TransportErrorKind::Dns,
            format!("could not resolve host {}", endpoint.host),
        ));
    }
    let connect_deadline = connect_timeout.map(|t| Instant::now() + t);
    let limit = match (deadline, connect_deadline) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut last = None;
    let mut tcp = None;
    for addr in addrs {
        let attempt = match remaining(limit) {
            Err(_) => break,
            Ok(None) => TcpStream::connect(addr),
            Ok(Some(left)) => TcpStream::connect_timeout(&addr, left),
        };
        match attempt {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let Some(tcp) = tcp else {
        return Err(match last {
            Some(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                TransportError::new(TransportErrorKind::Connect, "connection refused")
            }
            Some(e) if e.kind() != io::ErrorKind::TimedOut => TransportError::new(
                TransportErrorKind::Connect,
                format!(
                    "could not connect to {}:{} ({e})",
                    endpoint.host, endpoint.port
                ),
            ),
            _ => TransportError::new(TransportErrorKind::ConnectTimeout, "connect timed out"),
        });
    };
    let _ = tcp.set_nodelay(true);
    if !endpoint.tls {
        return Ok(Stream::Plain(tcp));
    }
    let name = ServerName::try_from(endpoint.host.clone()).map_err(|e| {
        TransportError::new(
            TransportErrorKind::InvalidUrl,
            format!("invalid host name for TLS '{}': {e}", endpoint.host),
        )
    })?;
    let conn = ClientConnection::new(client_config(&endpoint.tls_settings), name)
        .map_err(|e| TransportError::new(TransportErrorKind::Tls, format!("TLS error: {e}")))?;
    let mut stream = StreamOwned::new(conn, tcp);
    // The handshake now, so that certificate errors are reported as such.
    let left = remaining(limit).map_err(|_| {
        TransportError::new(TransportErrorKind::ConnectTimeout, "connect timed out")
    })?;
    stream
        .sock
        .set_read_timeout(left)
        .and_then(|()| stream.sock.set_write_timeout(left))
        .map_err(|e| TransportError::new(TransportErrorKind::Io, e.to_string()))?;
    while stream.conn.is_handshaking() {
        stream
            .conn
            .complete_io(&mut stream.sock)
            .map_err(|e| match e.kind() {
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TransportError::new(
                    TransportErrorKind::ConnectTimeout,
                    "timed out during the TLS handshake",
                ),
                _ => TransportError::new(TransportErrorKind::Tls, format!("TLS error: {e}")),
            })?;
    }
    Ok(Stream::Tls(Box::new(stream)))
}
