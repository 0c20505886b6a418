//! Servers for the network options: a certificate authority with server and client
//! certificates written as PEM files, an HTTPS server that may require a client certificate,
//! an HTTP proxy that counts plain requests and CONNECT tunnels, and an HTTP server on a Unix
//! socket.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use base64::Engine as _;
use sha2::Digest as _;

use super::servers::{raw_response, read_request};
use super::{TempDir, TIME_LIMIT};

/// A test PKI: a CA, a server certificate for `localhost`/`127.0.0.1`/`api.test` signed by
/// it, and a client certificate signed by it; every file under `dir`.
pub struct Pki {
    /// Holds the files.
    pub dir: TempDir,
    /// The CA certificate (PEM): what `cacert` must name.
    pub ca: PathBuf,
    /// The client certificate (PEM).
    pub client_cert: PathBuf,
    /// The client's private key (PEM).
    pub client_key: PathBuf,
    /// `sha256//…` of the server's public key: what `pinnedpubkey` must say.
    pub server_pin: String,
    server_cert_der: Vec<u8>,
    server_key_der: Vec<u8>,
    ca_cert_der: Vec<u8>,
}

impl Pki {
    /// Makes the certificates and writes them under a new folder.
    pub fn new(label: &str) -> Self {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
        let dir = TempDir::new(label);
        let ca_key = KeyPair::generate().expect("a CA key");
        let mut ca_params = CertificateParams::new(Vec::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "sortie test CA");
        let ca = ca_params.self_signed(&ca_key).expect("a CA certificate");
        let server_key = KeyPair::generate().expect("a server key");
        let mut server_params = CertificateParams::new(vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "api.test".to_string(),
        ])
        .expect("server params");
        server_params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        server_params
            .distinguished_name
            .push(DnType::OrganizationName, "sortie tests");
        let server = server_params
            .signed_by(&server_key, &ca, &ca_key)
            .expect("a server certificate");
        let client_key = KeyPair::generate().expect("a client key");
        let mut client_params = CertificateParams::new(Vec::new()).expect("client params");
        client_params
            .distinguished_name
            .push(DnType::CommonName, "sortie client");
        let client = client_params
            .signed_by(&client_key, &ca, &ca_key)
            .expect("a client certificate");
        let spki = sha2::Sha256::digest(server_key.public_key_der());
        let pki = Pki {
            ca: dir.write("ca.pem", &ca.pem()),
            client_cert: dir.write("client.pem", &client.pem()),
            client_key: dir.write("client.key", &client_key.serialize_pem()),
            server_pin: format!(
                "sha256//{}",
                base64::engine::general_purpose::STANDARD.encode(spki)
            ),
            server_cert_der: server.der().to_vec(),
            server_key_der: server_key.serialize_der(),
            ca_cert_der: ca.der().to_vec(),
            dir,
        };
        pki.dir.write("server.pem", &server.pem());
        pki
    }

    fn server_config(&self, client_auth: bool) -> Arc<rustls::ServerConfig> {
        use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .expect("TLS versions");
        let builder = if client_auth {
            let mut roots = rustls::RootCertStore::empty();
            roots
                .add(CertificateDer::from(self.ca_cert_der.clone()))
                .expect("the CA as a client root");
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                provider,
            )
            .build()
            .expect("a client verifier");
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.server_key_der.clone()));
        Arc::new(
            builder
                .with_single_cert(
                    vec![CertificateDer::from(self.server_cert_der.clone())],
                    key,
                )
                .expect("a server config"),
        )
    }
}

/// An HTTPS server with the [`Pki`]'s server certificate, answering every request `200` with
/// the request line as its body; counts the requests that got through the handshake.
pub struct HttpsServer {
    /// Its port.
    pub port: u16,
    served: Arc<AtomicUsize>,
}

impl HttpsServer {
    /// Starts it; with `client_auth`, a client certificate signed by the CA is required.
    pub fn start(pki: &Pki, client_auth: bool) -> Self {
        let config = pki.server_config(client_auth);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind an HTTPS server");
        let port = listener.local_addr().unwrap().port();
        let served = Arc::new(AtomicUsize::new(0));
        let count = served.clone();
        thread::spawn(move || {
            for tcp in listener.incoming().flatten() {
                let (config, count) = (config.clone(), count.clone());
                thread::spawn(move || {
                    let _ = tcp.set_read_timeout(Some(TIME_LIMIT));
                    let Ok(conn) = rustls::ServerConnection::new(config) else {
                        return;
                    };
                    let mut tls = rustls::StreamOwned::new(conn, tcp);
                    while let Some(request) = read_request(&mut tls) {
                        count.fetch_add(1, Ordering::SeqCst);
                        let body = request.line.as_bytes();
                        let response =
                            raw_response(200, "OK", &[("Content-Type", "text/plain")], body);
                        if tls.write_all(&response).and_then(|()| tls.flush()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        HttpsServer { port, served }
    }

    /// Requests answered so far.
    pub fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }
}

/// What a [`TestProxy`] saw.
#[derive(Default, Debug)]
pub struct ProxyLog {
    /// Request lines of plain (absolute-form) requests.
    pub plain: Vec<String>,
    /// Targets of CONNECT requests.
    pub tunnels: Vec<String>,
    /// Every `Proxy-Authorization` value received.
    pub authorizations: Vec<String>,
}

/// An HTTP proxy on 127.0.0.1: plain requests are forwarded to their absolute URL's host (one
/// request per connection), CONNECT opens a tunnel; it refuses (407) requests without
/// `Proxy-Authorization` when it has credentials to check.
pub struct TestProxy {
    /// Its port.
    pub port: u16,
    log: Arc<Mutex<ProxyLog>>,
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

/// A request head: its line, its headers, its bytes as received.
type Head = (String, Vec<(String, String)>, Vec<u8>);

/// A request head read off a connection.
fn read_head(stream: &mut TcpStream) -> Option<Head> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let line = lines.next()?.to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some((line, headers, head))
}

impl TestProxy {
    /// Starts it; `credentials` (`user:password`) makes it require them.
    pub fn start(credentials: Option<&str>) -> Self {
        let expected = credentials.map(|c| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(c)
            )
        });
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a proxy");
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(ProxyLog::default()));
        let shared = log.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (log, expected) = (shared.clone(), expected.clone());
                thread::spawn(move || Self::serve(client, &log, expected.as_deref()));
            }
        });
        TestProxy { port, log }
    }

    fn serve(mut client: TcpStream, log: &Mutex<ProxyLog>, expected: Option<&str>) {
        let _ = client.set_read_timeout(Some(TIME_LIMIT));
        let Some((line, headers, head)) = read_head(&mut client) else {
            return;
        };
        let auth = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("proxy-authorization"))
            .map(|(_, v)| v.clone());
        let mut parts = line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        {
            let mut log = log.lock().unwrap();
            log.authorizations.extend(auth.clone());
            if method == "CONNECT" {
                log.tunnels.push(target.to_string());
            } else {
                log.plain.push(line.clone());
            }
        }
        if expected.is_some() && auth.as_deref() != expected {
            let _ = client.write_all(&raw_response(
                407,
                "Proxy Authentication Required",
                &[],
                b"",
            ));
            return;
        }
        let authority = if method == "CONNECT" {
            target.to_string()
        } else {
            let rest = target.split_once("://").map_or(target, |(_, r)| r);
            rest.split('/').next().unwrap_or("").to_string()
        };
        let Ok(upstream) = TcpStream::connect(&authority) else {
            let _ = client.write_all(&raw_response(502, "Bad Gateway", &[], b""));
            return;
        };
        if method == "CONNECT" {
            let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
        } else {
            // The head as received, and whatever body follows, go on unchanged.
            let mut up = upstream.try_clone().unwrap();
            if up.write_all(&head).is_err() {
                return;
            }
        }
        let (c2, u2) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
        let back = thread::spawn(move || pipe(u2, c2));
        pipe(client, upstream);
        let _ = back.join();
    }

    /// What it saw so far.
    pub fn log(&self) -> std::sync::MutexGuard<'_, ProxyLog> {
        self.log.lock().unwrap()
    }
}

/// An HTTP server on a Unix socket, answering `200` with the request line as its body.
#[cfg(unix)]
pub struct UnixServer {
    /// The socket's path.
    pub path: PathBuf,
    _dir: TempDir,
}

#[cfg(unix)]
impl UnixServer {
    /// Starts it in a new folder.
    pub fn start(label: &str) -> Self {
        let dir = TempDir::new(label);
        let path = dir.path("http.sock");
        let listener = std::os::unix::net::UnixListener::bind(&path).expect("bind a Unix socket");
        thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(TIME_LIMIT));
                    while let Some(request) = read_request(&mut stream) {
                        let body = request.line.as_bytes();
                        let response =
                            raw_response(200, "OK", &[("Content-Type", "text/plain")], body);
                        if stream.write_all(&response).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        UnixServer { path, _dir: dir }
    }
}
