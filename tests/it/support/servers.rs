//! In-process servers on 127.0.0.1: scripted tiny_http servers that record requests, raw TCP
//! servers for faults tiny_http cannot make, and a TLS server with a self-signed certificate.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::TIME_LIMIT;

/// A request as a test server received it.
#[derive(Clone, Debug, Default)]
pub struct Recorded {
    /// Method.
    pub method: String,
    /// Path and query.
    pub url: String,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.url.split('?').next().unwrap_or("")
    }

    /// The form fields of a URL-encoded body.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    /// One form field.
    pub fn field(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// The request as JSON, for echo servers.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "method": self.method,
            "url": self.url,
            "headers": self.headers.iter().map(|(n, v)| vec![n.clone(), v.clone()]).collect::<Vec<_>>(),
            "body": String::from_utf8_lossy(&self.body),
        })
    }
}

/// A scripted answer.
#[derive(Clone, Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers (repeats are sent as repeats).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A status with an empty body.
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A 200 with a JSON body.
    pub fn json(value: serde_json::Value) -> Self {
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(value.to_string())
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets the status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
}

type Handler = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

/// A tiny_http server on 127.0.0.1 answering with a handler; it records every request.
pub struct TestServer {
    /// Its port.
    pub port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    count: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl TestServer {
    /// A server whose answer comes from `handler(request, index)` (index 0 for the first).
    pub fn start(handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Self {
        let handler: Arc<Handler> = Arc::new(handler);
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind a test server");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, c, s) = (requests.clone(), count.clone(), stop.clone());
        let thread = thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                let mut rq = match server.recv_timeout(Duration::from_millis(50)) {
                    Ok(Some(rq)) => rq,
                    Ok(None) => continue,
                    Err(_) => break,
                };
                let mut body = Vec::new();
                let _ = rq.as_reader().read_to_end(&mut body);
                let recorded = Recorded {
                    method: rq.method().as_str().to_string(),
                    url: rq.url().to_string(),
                    headers: rq
                        .headers()
                        .iter()
                        .map(|h| {
                            (
                                h.field.as_str().as_str().to_string(),
                                h.value.as_str().to_string(),
                            )
                        })
                        .collect(),
                    body,
                };
                let index = c.fetch_add(1, Ordering::SeqCst);
                r.lock().unwrap().push(recorded.clone());
                let reply = handler(&recorded, index);
                let mut response =
                    tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
                for (name, value) in &reply.headers {
                    let header = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                        .expect("a valid header");
                    response.add_header(header);
                }
                let _ = rq.respond(response);
            }
        });
        TestServer {
            port,
            requests,
            count,
            stop,
            thread: Some(thread),
        }
    }

    /// A server answering with `replies` in order (the last one repeats once they run out).
    pub fn script(replies: Vec<Reply>) -> Self {
        assert!(!replies.is_empty());
        TestServer::start(move |_, i| replies[i.min(replies.len() - 1)].clone())
    }

    /// A server that answers every request with the request itself as JSON.
    pub fn echo() -> Self {
        TestServer::start(|rq, _| Reply::json(rq.to_json()))
    }

    /// `http://127.0.0.1:PORT` + path.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// How many requests it received.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A request head read off a raw connection.
#[derive(Clone, Debug, Default)]
pub struct RawRequest {
    /// The request line, e.g. `GET /x HTTP/1.1`.
    pub line: String,
}

/// Reads a request head (up to the blank line) and any `Content-Length` body.
pub fn read_request(stream: &mut impl Read) -> Option<RawRequest> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
        if head.len() > 64 * 1024 {
            return None;
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let line = lines.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some(RawRequest { line })
}

type RawHandler = dyn Fn(&mut TcpStream, &RawRequest, usize) + Send + Sync;

/// A raw TCP server on 127.0.0.1: one request per connection, handled on its own thread.
pub struct RawServer {
    /// Its port.
    pub port: u16,
    count: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl RawServer {
    /// A server calling `handler(stream, request, index)` for each request head it reads.
    pub fn start(
        handler: impl Fn(&mut TcpStream, &RawRequest, usize) + Send + Sync + 'static,
    ) -> Self {
        let handler: Arc<RawHandler> = Arc::new(handler);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a raw server");
        let port = listener.local_addr().unwrap().port();
        let count = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (count.clone(), stop.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let (handler, c) = (handler.clone(), c.clone());
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(TIME_LIMIT));
                    if let Some(request) = read_request(&mut stream) {
                        let index = c.fetch_add(1, Ordering::SeqCst);
                        handler(&mut stream, &request, index);
                    }
                });
            }
        });
        RawServer { port, count, stop }
    }

    /// A server that reads the request and then sends nothing until the client gives up.
    pub fn hang() -> Self {
        RawServer::start(|stream, _, _| {
            // Blocks until the client closes the connection (or the time limit passes).
            let mut sink = [0u8; 64];
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
        })
    }

    /// A server that announces a body of 1000 bytes, sends 10 and closes.
    pub fn drop_mid_body() -> Self {
        RawServer::start(|stream, _, _| {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n0123456789",
            );
            let _ = stream.flush();
            let _ = stream.shutdown(Shutdown::Both);
        })
    }

    /// `http://127.0.0.1:PORT` + path.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// How many request heads it read.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A complete HTTP/1.1 response with `Connection: close`.
pub fn raw_response(status: u16, reason: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// An HTTPS server on 127.0.0.1 with a self-signed certificate (made now, for `localhost` and
/// `127.0.0.1`). It answers each request with `replies` in order (the last one repeats), and
/// counts the requests that got through the handshake.
pub struct TlsServer {
    /// Its port.
    pub port: u16,
    count: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl TlsServer {
    /// Starts the server.
    pub fn start(replies: Vec<(u16, &'static str, Vec<u8>)>) -> Self {
        use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
        let certified = rcgen::generate_simple_self_signed(vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
        ])
        .expect("a self-signed certificate");
        let key =
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.key_pair.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![certified.cert.der().clone()], key)
            .expect("a server config");
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a TLS server");
        let port = listener.local_addr().unwrap().port();
        let count = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s, conns) = (count.clone(), stop.clone(), connections.clone());
        let replies = Arc::new(replies);
        thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(tcp) = stream else { continue };
                conns.fetch_add(1, Ordering::SeqCst);
                let (config, c, replies) = (config.clone(), c.clone(), replies.clone());
                thread::spawn(move || {
                    let _ = tcp.set_read_timeout(Some(TIME_LIMIT));
                    let Ok(conn) = rustls::ServerConnection::new(config) else {
                        return;
                    };
                    let mut tls = rustls::StreamOwned::new(conn, tcp);
                    // The handshake happens here; a client that refuses the certificate
                    // makes this fail, and the request is not counted.
                    if read_request(&mut tls).is_none() {
                        return;
                    }
                    let index = c.fetch_add(1, Ordering::SeqCst);
                    let (status, reason, body) = &replies[index.min(replies.len() - 1)];
                    let response = raw_response(
                        *status,
                        reason,
                        &[("Content-Type", "application/json")],
                        body,
                    );
                    let _ = tls.write_all(&response);
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                });
            }
        });
        TlsServer {
            port,
            count,
            connections,
            stop,
        }
    }

    /// `https://127.0.0.1:PORT` + path.
    pub fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }

    /// Requests that completed the handshake.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// TCP connections accepted (handshake or not).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A browser's `GET url` (plain HTTP, no redirect followed): status and headers of the answer.
pub fn browser_get(url: &str) -> (u16, Vec<(String, String)>) {
    let url = url::Url::parse(url).expect("a URL");
    let host = url.host_str().expect("a host");
    let port = url.port_or_known_default().expect("a port");
    let mut stream = TcpStream::connect((host, port)).expect("connect");
    stream.set_read_timeout(Some(TIME_LIMIT)).unwrap();
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    (status, headers)
}
