//! Connections: a TCP stream or a Unix socket, plain or wrapped in TLS, opened within a time
//! limit (directly, to a `resolve`/`connect-to` target, or through an HTTP proxy's CONNECT
//! tunnel), paced by `limit-rate`, with the peer's address and certificate kept for the `ip`
//! and `certificate` queries.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::num::NonZeroU64;
#[cfg(unix)]
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rustls::{ClientConnection, StreamOwned};

use super::super::net::ratelimit::{Clock, Pacer, SystemClock};
use super::super::request::IpVersion;
use super::super::response::{TransportError, TransportErrorKind};
use super::tls::{check_pin, client_config, server_name, TlsSettings};
use crate::interrupt::POLL;

/// The socket under a connection.
pub enum Socket {
    /// TCP.
    Tcp(TcpStream),
    /// A Unix domain socket (`unix-socket`).
    #[cfg(unix)]
    Unix(UnixStream),
}

impl Socket {
    fn set_timeout(&self, limit: Option<Duration>) -> io::Result<()> {
        match self {
            Socket::Tcp(s) => {
                s.set_read_timeout(limit)?;
                s.set_write_timeout(limit)
            }
            #[cfg(unix)]
            Socket::Unix(s) => {
                s.set_read_timeout(limit)?;
                s.set_write_timeout(limit)
            }
        }
    }

    fn peer(&self) -> Option<SocketAddr> {
        match self {
            Socket::Tcp(s) => s.peer_addr().ok(),
            #[cfg(unix)]
            Socket::Unix(_) => None,
        }
    }

    /// Acknowledges what came at once, instead of after the delayed-ACK timer (40 ms on
    /// Linux). A server that writes a response in two parts without `TCP_NODELAY` holds the
    /// second part back until the first is acknowledged, and on a long-lived connection the
    /// kernel delays that acknowledgement: every such response would take 40 ms more.
    fn quick_ack(&self) {
        #[cfg(target_os = "linux")]
        if let Socket::Tcp(s) = self {
            // An optimisation only: a socket that refuses it is served the usual way.
            let _ = socket2::SockRef::from(s).set_tcp_quickack(true);
        }
    }
}

impl Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Socket::Tcp(s) => s.read(buf),
            #[cfg(unix)]
            Socket::Unix(s) => s.read(buf),
        }
    }
}

impl Write for Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Socket::Tcp(s) => s.write(buf),
            #[cfg(unix)]
            Socket::Unix(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Socket::Tcp(s) => s.flush(),
            #[cfg(unix)]
            Socket::Unix(s) => s.flush(),
        }
    }
}

enum Layer {
    Plain(Socket),
    Tls(Box<StreamOwned<ClientConnection, Socket>>),
}

/// An open connection.
pub struct Stream {
    layer: Layer,
    /// `limit-rate`: reads and writes wait for their share of bytes per second.
    pacer: Option<(Pacer, SystemClock)>,
    /// When the exchange must be over (pacing never waits past it).
    deadline: Option<Instant>,
    /// The read and write time-out last set on the socket: set again only when it changes
    /// (two system calls saved per exchange on a kept-alive connection).
    timeout: Option<Duration>,
    /// The server's address, asked of the socket once.
    peer: std::cell::OnceCell<Option<SocketAddr>>,
    /// Reads since the deadline was last set (the start of a request or of its response).
    reads: u32,
}

impl Stream {
    fn new(layer: Layer) -> Self {
        Stream {
            layer,
            pacer: None,
            deadline: None,
            timeout: None,
            peer: std::cell::OnceCell::new(),
            reads: 0,
        }
    }

    fn socket(&self) -> &Socket {
        match &self.layer {
            Layer::Plain(s) => s,
            Layer::Tls(s) => &s.sock,
        }
    }

    /// Bounds the next reads and writes by `deadline` (`None`: no limit). Reads wait at most
    /// [`POLL`] at a time, so that a stopped run is noticed.
    pub fn set_deadline(&mut self, deadline: Option<Instant>) -> Result<(), TransportError> {
        self.deadline = deadline;
        self.reads = 0;
        let left = remaining(deadline)?;
        let slice = left.map_or(POLL, |l| l.min(POLL));
        if self.timeout == Some(slice) {
            return Ok(());
        }
        self.socket()
            .set_timeout(Some(slice))
            .map_err(|e| TransportError::new(TransportErrorKind::Io, e.to_string()))?;
        self.timeout = Some(slice);
        Ok(())
    }

    /// Whether a read that waited a [`POLL`] slice should wait again: the deadline is not
    /// reached and the run not cut; else the error to give.
    fn keep_waiting(&self) -> io::Result<()> {
        if crate::interrupt::cut() {
            return Err(crate::interrupt::Stopped::io());
        }
        match self.deadline {
            Some(d) if Instant::now() >= d => {
                Err(io::Error::new(io::ErrorKind::TimedOut, "timed out"))
            }
            _ => Ok(()),
        }
    }

    /// Paces the next reads and writes at `rate` bytes per second (`None`: as fast as they go).
    pub fn set_rate(&mut self, rate: Option<NonZeroU64>) {
        self.pacer = rate.map(|rate| {
            let clock = SystemClock::new();
            (Pacer::new(rate, clock.now()), clock)
        });
    }

    /// The address of the server (none over a Unix socket).
    pub fn peer(&self) -> Option<SocketAddr> {
        *self.peer.get_or_init(|| self.socket().peer())
    }

    /// The server's certificate chain (DER, leaf first), over TLS.
    pub fn certificates(&self) -> Option<Vec<Vec<u8>>> {
        match &self.layer {
            Layer::Plain(_) => None,
            Layer::Tls(s) => s
                .conn
                .peer_certificates()
                .map(|chain| chain.iter().map(|c| c.as_ref().to_vec()).collect()),
        }
    }

    /// How many of `wanted` bytes may move now, after waiting for them (never past the
    /// deadline: then a time-out).
    fn allowance(&mut self, wanted: usize) -> io::Result<usize> {
        let Some((pacer, clock)) = &mut self.pacer else {
            return Ok(wanted);
        };
        let wanted = u64::try_from(wanted).unwrap_or(u64::MAX).min(pacer.burst());
        let wait = pacer.delay(clock.now(), wanted);
        if let Some(deadline) = self.deadline {
            if Instant::now() + wait > deadline {
                return Err(io::Error::new(io::ErrorKind::TimedOut, "limit-rate"));
            }
        }
        clock.sleep(wait);
        Ok(usize::try_from(wanted).unwrap_or(usize::MAX))
    }

    fn consumed(&mut self, n: usize) {
        if let Some((pacer, clock)) = &mut self.pacer {
            pacer.consume(clock.now(), u64::try_from(n).unwrap_or(u64::MAX));
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let allowed = self.allowance(buf.len())?;
        // A second read: the response came in parts; acknowledge at once from now on (one
        // system call per response, none for a response that comes whole).
        if self.reads == 1 {
            self.socket().quick_ack();
        }
        self.reads = self.reads.saturating_add(1);
        let n = loop {
            let read = match &mut self.layer {
                Layer::Plain(s) => s.read(&mut buf[..allowed]),
                Layer::Tls(s) => s.read(&mut buf[..allowed]),
            };
            match read {
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    self.keep_waiting()?
                }
                other => break other?,
            }
        };
        self.consumed(n);
        Ok(n)
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let allowed = self.allowance(buf.len())?;
        let n = match &mut self.layer {
            Layer::Plain(s) => s.write(&buf[..allowed]),
            Layer::Tls(s) => s.write(&buf[..allowed]),
        }?;
        self.consumed(n);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.layer {
            Layer::Plain(s) => s.flush(),
            Layer::Tls(s) => s.flush(),
        }
    }
}

/// How a connection reaches the server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// To `host:port` (the URL's, or a `connect-to` target), at `addrs` when `resolve` pins
    /// them.
    Direct {
        /// Host name or address to connect to.
        host: String,
        /// Port to connect to.
        port: u16,
        /// Addresses given by `resolve` (empty: resolve `host`).
        addrs: Vec<IpAddr>,
        /// Which address family to use.
        ip: IpVersion,
    },
    /// Through an HTTP proxy: plain HTTP requests go to it with absolute URLs, HTTPS ones
    /// through a CONNECT tunnel.
    Proxy {
        /// The proxy's host.
        host: String,
        /// The proxy's port.
        port: u16,
        /// `Proxy-Authorization` value, when the proxy URL has credentials.
        authorization: Option<String>,
        /// Which address family to use.
        ip: IpVersion,
    },
    /// A Unix domain socket (`unix-socket`).
    Unix(PathBuf),
}

/// Where to connect and how.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// `https` when true.
    pub tls: bool,
    /// The URL's host name or IP address (IPv6 without brackets): the name the server's
    /// certificate must be for, and the target of a CONNECT.
    pub host: String,
    /// The URL's port.
    pub port: u16,
    /// Certificate checks and client certificate, over TLS.
    pub tls_settings: TlsSettings,
    /// How to reach the server.
    pub route: Route,
}

/// Time left before `deadline`, or a timeout error.
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

fn connect_timeout() -> TransportError {
    TransportError::new(TransportErrorKind::ConnectTimeout, "connect timed out")
}

/// The addresses to try for `host:port`: the pinned ones, else the resolver's, of the family
/// asked for.
fn addresses(
    host: &str,
    port: u16,
    pinned: &[IpAddr],
    ip: IpVersion,
) -> Result<Vec<SocketAddr>, TransportError> {
    let resolved: Vec<SocketAddr> = if pinned.is_empty() {
        (host, port)
            .to_socket_addrs()
            .map_err(|e| {
                TransportError::new(
                    TransportErrorKind::Dns,
                    format!("could not resolve host {host} ({e})"),
                )
            })?
            .collect()
    } else {
        pinned.iter().map(|a| SocketAddr::new(*a, port)).collect()
    };
    let addrs: Vec<SocketAddr> = resolved
        .into_iter()
        .filter(|a| match ip {
            IpVersion::Any => true,
            IpVersion::V4 => a.is_ipv4(),
            IpVersion::V6 => a.is_ipv6(),
        })
        .collect();
    if addrs.is_empty() {
        let family = match ip {
            IpVersion::Any => "",
            IpVersion::V4 => " (IPv4 only)",
            IpVersion::V6 => " (IPv6 only)",
        };
        return Err(TransportError::new(
            TransportErrorKind::Dns,
            format!("could not resolve host {host}{family}"),
        ));
    }
    Ok(addrs)
}

/// A TCP connection to the first of `addrs` that answers, within `limit`.
fn tcp(
    addrs: Vec<SocketAddr>,
    host: &str,
    port: u16,
    limit: Option<Instant>,
) -> Result<TcpStream, TransportError> {
    let mut last = None;
    for addr in addrs {
        let attempt = match remaining(limit) {
            Err(_) => break,
            Ok(None) => TcpStream::connect(addr),
            Ok(Some(left)) => TcpStream::connect_timeout(&addr, left),
        };
        match attempt {
            Ok(s) => {
                let _ = s.set_nodelay(true);
                return Ok(s);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
            TransportError::new(TransportErrorKind::Connect, "connection refused")
        }
        Some(e) if e.kind() != io::ErrorKind::TimedOut => TransportError::new(
            TransportErrorKind::Connect,
            format!("could not connect to {host}:{port} ({e})"),
        ),
        _ => connect_timeout(),
    })
}

#[cfg(unix)]
fn unix(path: &PathBuf) -> Result<Socket, TransportError> {
    UnixStream::connect(path).map(Socket::Unix).map_err(|e| {
        TransportError::new(
            TransportErrorKind::Connect,
            format!(
                "could not connect to the Unix socket {} ({e})",
                path.display()
            ),
        )
    })
}

#[cfg(not(unix))]
fn unix(path: &PathBuf) -> Result<Socket, TransportError> {
    Err(TransportError::new(
        TransportErrorKind::Connect,
        format!(
            "unix-socket {}: Unix sockets are not available on this system",
            path.display()
        ),
    ))
}

/// Opens the CONNECT tunnel of an HTTPS request through an HTTP proxy, as curl asks for it.
fn tunnel(
    socket: &mut Socket,
    endpoint: &Endpoint,
    authorization: Option<&str>,
) -> Result<(), TransportError> {
    let target = match endpoint.host.contains(':') {
        true => format!("[{}]:{}", endpoint.host, endpoint.port),
        false => format!("{}:{}", endpoint.host, endpoint.port),
    };
    let mut head = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
    if let Some(auth) = authorization {
        head.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
    }
    head.push_str("Proxy-Connection: Keep-Alive\r\n\r\n");
    let proxy_error = |e: io::Error| match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => connect_timeout(),
        _ => TransportError::new(
            TransportErrorKind::Connect,
            format!("the proxy's CONNECT failed: {e}"),
        ),
    };
    socket
        .write_all(head.as_bytes())
        .and_then(|()| socket.flush())
        .map_err(proxy_error)?;
    // The proxy's answer is read a byte at a time, so that nothing of the tunnel is taken.
    let mut reader = BufReader::with_capacity(1, socket);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).map_err(proxy_error)?;
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).map_err(proxy_error)?;
        if n == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    if !status.starts_with('2') {
        return Err(TransportError::new(
            TransportErrorKind::Connect,
            format!(
                "the proxy refused to open a tunnel to {target}: {}",
                status_line.trim()
            ),
        ));
    }
    Ok(())
}

/// Opens a connection to `endpoint`: every address of the route is tried in turn, each within
/// `connect_timeout` and the overall `deadline`; the TLS handshake (and the pin check) is done
/// here, so that certificate errors are reported as such.
pub fn connect(
    endpoint: &Endpoint,
    connect_timeout_limit: Option<Duration>,
    deadline: Option<Instant>,
) -> Result<Stream, TransportError> {
    let connect_deadline = connect_timeout_limit.map(|t| Instant::now() + t);
    let limit = match (deadline, connect_deadline) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut socket = match &endpoint.route {
        Route::Direct {
            host,
            port,
            addrs,
            ip,
        } => Socket::Tcp(tcp(
            addresses(host, *port, addrs, *ip)?,
            host,
            *port,
            limit,
        )?),
        Route::Proxy { host, port, ip, .. } => {
            Socket::Tcp(tcp(addresses(host, *port, &[], *ip)?, host, *port, limit)?)
        }
        Route::Unix(path) => unix(path)?,
    };
    let left = remaining(limit).map_err(|_| connect_timeout())?;
    socket
        .set_timeout(left)
        .map_err(|e| TransportError::new(TransportErrorKind::Io, e.to_string()))?;
    if let (true, Route::Proxy { authorization, .. }) = (endpoint.tls, &endpoint.route) {
        tunnel(&mut socket, endpoint, authorization.as_deref())?;
    }
    if !endpoint.tls {
        return Ok(Stream::new(Layer::Plain(socket)));
    }
    let config = client_config(&endpoint.tls_settings)?;
    let conn = ClientConnection::new(config, server_name(&endpoint.host)?)
        .map_err(|e| TransportError::new(TransportErrorKind::Tls, format!("TLS error: {e}")))?;
    let mut stream = StreamOwned::new(conn, socket);
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
    let stream = Stream::new(Layer::Tls(Box::new(stream)));
    if let Some(pin) = &endpoint.tls_settings.pinned_pub_key {
        let chain = stream.certificates();
        check_pin(
            pin,
            chain.as_ref().and_then(|c| c.first()).map(Vec::as_slice),
        )?;
    }
    Ok(stream)
}
