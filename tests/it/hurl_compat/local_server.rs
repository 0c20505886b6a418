//! The differential suite's own HTTP/1.1 server on 127.0.0.1, for what httpbin cannot do:
//! it reports the request exactly as received (chunked or not, every header line, the body
//! bytes), answers with any status and header lines (odd `Set-Cookie`s, redirects), serves
//! bodies in every content coding (including unknown ones and zstd), and counts hits.
//!
//! It is a raw `TcpListener`, so nothing normalises what the clients send: a connection is
//! kept alive across requests as curl expects, and each is served on its own thread.
//!
//! Routes (any method):
//! * `…/response?status=N&header=Name:%20value&body=TEXT&body_hex=HEX` (any path ending so,
//!   for cookie paths) — that status, those header lines (repeatable, sent as written), and
//!   `body` (as `text/plain` unless a Content-Type header is given) or the bytes of
//!   `body_hex`, or else the echo below.
//! * `/enc/CODING` — `{"message":"Hello, encodings!"}` as JSON in `Content-Encoding` CODING:
//!   `identity`, `gzip`, `deflate` (zlib), `br`, `zstd`, `gzip-gzip` (`gzip, gzip`), or
//!   anything else, sent as that coding's name over the plain bytes.
//! * `/counter?key=K&fail_after=N&ok_from=M` — the hit count of K as text; 500 past N hits
//!   or before hit M, else 200.
//! * `/json` — a fixed JSON document for JSONPath queries.
//! * anything else — the echo: the request as JSON (`method`, `target`, `version`,
//!   `headers` as lowercase name → values in order, `header_names` as sent, `cookies` (the
//!   `name=value` pairs of all `Cookie` headers, in order), `chunked`,
//!   `body`, `body_length`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A request as it came off the wire.
#[derive(Debug, Default)]
struct WireRequest {
    method: String,
    target: String,
    version: String,
    headers: Vec<(String, String)>,
    chunked: bool,
    body: Vec<u8>,
}

impl WireRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// Query parameters in order, percent-decoded.
    fn query(&self) -> Vec<(String, String)> {
        let query = self.target.split_once('?').map(|(_, q)| q).unwrap_or("");
        form_urlencoded::parse(query.as_bytes())
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect()
    }

    fn param(&self, name: &str) -> Option<String> {
        self.query()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// Every `name=value` pair of every `Cookie` header, in order: the same list whether a
    /// client sends one merged header or several.
    fn cookies(&self) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, v)| v.split(';'))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn to_json(&self) -> serde_json::Value {
        let mut headers = serde_json::Map::new();
        for (name, value) in &self.headers {
            let entry = headers
                .entry(name.to_ascii_lowercase())
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let serde_json::Value::Array(values) = entry {
                values.push(value.clone().into());
            }
        }
        serde_json::json!({
            "method": self.method,
            "target": self.target,
            "version": self.version,
            "headers": headers,
            "header_names": self.headers.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
            "cookies": self.cookies(),
            "chunked": self.chunked,
            "body": String::from_utf8_lossy(&self.body),
            "body_length": self.body.len(),
        })
    }
}

/// An answer: status, header lines as written, body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(value: serde_json::Value) -> Self {
        Answer {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }
}

/// The server; it runs until the test process ends.
pub struct LocalServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl LocalServer {
    /// Binds a free port on 127.0.0.1 and serves in background threads.
    pub fn start() -> LocalServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the local server");
        let port = listener.local_addr().expect("a local address").port();
        let counters: Arc<Mutex<HashMap<String, u64>>> = Arc::default();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let counters = counters.clone();
                thread::spawn(move || serve_connection(stream, &counters));
            }
        });
        LocalServer { port }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn serve_connection(stream: TcpStream, counters: &Mutex<HashMap<String, u64>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let Some(request) = read_request(&mut reader, &mut writer) else {
            return;
        };
        let answer = answer(&request, counters);
        let close = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        let no_body = request.method == "HEAD";
        if write_answer(&mut writer, &answer, no_body).is_err() || close {
            return;
        }
    }
}

/// Reads one request: head, then a chunked or `Content-Length` body.
fn read_request(reader: &mut impl BufRead, writer: &mut impl Write) -> Option<WireRequest> {
    let mut line = String::new();
    // Blank lines between requests are allowed (RFC 9112 §2.2).
    while line.trim_end().is_empty() {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
    }
    let mut parts = line.trim_end().splitn(3, ' ');
    let mut request = WireRequest {
        method: parts.next()?.to_string(),
        target: parts.next()?.to_string(),
        version: parts.next().unwrap_or("").to_string(),
        ..WireRequest::default()
    };
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let text = line.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let (name, value) = text.split_once(':')?;
        request
            .headers
            .push((name.to_string(), value.trim().to_string()));
    }
    if request
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").ok()?;
    }
    request.chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if request.chunked {
        request.body = read_chunked(reader)?;
    } else if let Some(length) = request.header("content-length") {
        let length: usize = length.trim().parse().ok()?;
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        request.body = body;
    }
    Some(request)
}

fn read_chunked(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let size = line.trim().split(';').next()?;
        let size = usize::from_str_radix(size, 16).ok()?;
        if size == 0 {
            // Trailers, up to the blank line.
            loop {
                line.clear();
                if reader.read_line(&mut line).ok()? == 0 || line.trim().is_empty() {
                    return Some(body);
                }
            }
        }
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).ok()?;
        chunk.truncate(size);
        body.extend_from_slice(&chunk);
    }
}

fn write_answer(writer: &mut impl Write, answer: &Answer, no_body: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", answer.status, reason(answer.status));
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", answer.body.len()));
    writer.write_all(head.as_bytes())?;
    if !no_body {
        writer.write_all(&answer.body)?;
    }
    writer.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

fn answer(request: &WireRequest, counters: &Mutex<HashMap<String, u64>>) -> Answer {
    let path = request.path();
    if path.ends_with("/response") {
        return scripted(request);
    }
    if let Some(coding) = path.strip_prefix("/enc/") {
        return encoded(coding);
    }
    match path {
        "/counter" => {
            let key = request.param("key").unwrap_or_default();
            let number = |name| request.param(name).and_then(|v| v.parse::<u64>().ok());
            let fail_after = number("fail_after").unwrap_or(u64::MAX);
            let ok_from = number("ok_from").unwrap_or(0);
            let mut counters = counters.lock().unwrap_or_else(|e| e.into_inner());
            let hits = counters.entry(key).or_insert(0);
            *hits += 1;
            Answer {
                status: if *hits > fail_after || *hits < ok_from {
                    500
                } else {
                    200
                },
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: hits.to_string().into_bytes(),
            }
        }
        "/json" => Answer::json(document()),
        _ => Answer::json(request.to_json()),
    }
}

/// `/response`: the status, header lines and body the query asks for.
fn scripted(request: &WireRequest) -> Answer {
    let mut answer = Answer::json(request.to_json());
    let mut headers = Vec::new();
    for (name, value) in request.query() {
        match name.as_str() {
            "status" => answer.status = value.parse().unwrap_or(200),
            "header" => {
                if let Some((n, v)) = value.split_once(':') {
                    headers.push((n.trim().to_string(), v.trim().to_string()));
                }
            }
            "body" => {
                answer.body = value.into_bytes();
                answer.headers = vec![("Content-Type".into(), "text/plain".into())];
            }
            "body_hex" => {
                answer.body = from_hex(&value);
                answer.headers = vec![("Content-Type".into(), "text/plain".into())];
            }
            _ => {}
        }
    }
    if headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        answer.headers.clear();
    }
    answer.headers.extend(headers);
    answer
}

/// The bytes of a hexadecimal string (pairs that are not hexadecimal are skipped).
fn from_hex(hex: &str) -> Vec<u8> {
    hex.as_bytes()
        .chunks(2)
        .filter_map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

/// `/enc/CODING`: a JSON document in that content coding.
fn encoded(coding: &str) -> Answer {
    let plain = br#"{"message":"Hello, encodings!"}"#.to_vec();
    let (name, body) = match coding {
        "gzip" => ("gzip".to_string(), gzip(&plain)),
        "deflate" => ("deflate".to_string(), zlib(&plain)),
        "br" => ("br".to_string(), brotli_stored(&plain)),
        "zstd" => ("zstd".to_string(), zstd_raw(&plain)),
        "gzip-gzip" => ("gzip, gzip".to_string(), gzip(&gzip(&plain))),
        other => (other.to_string(), plain),
    };
    Answer {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Content-Encoding".into(), name),
        ],
        body,
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("zlib in memory");
    encoder.finish().expect("zlib in memory")
}

/// A Brotli stream (RFC 7932) of one uncompressed meta-block (at most 65536 bytes) and an
/// empty last one: WBITS=16 (bit `0`), ISLAST=0, MNIBBLES=4 (`00`), MLEN-1 in 16 bits,
/// ISUNCOMPRESSED=1, padding to the byte, the bytes, then ISLAST=1 and ISLASTEMPTY=1.
fn brotli_stored(data: &[u8]) -> Vec<u8> {
    assert!(!data.is_empty() && data.len() <= 65536);
    let bits: u32 = (((data.len() - 1) as u32) << 4) | (1 << 20);
    let mut out = bits.to_le_bytes()[..3].to_vec();
    out.extend_from_slice(data);
    out.push(0b11);
    out
}

/// A zstd frame (RFC 8878) with a single segment, its content size in one byte and one raw
/// last block.
fn zstd_raw(data: &[u8]) -> Vec<u8> {
    assert!(data.len() < 256);
    let mut out = vec![0x28, 0xB5, 0x2F, 0xFD, 0x20, data.len() as u8];
    let block_header: u32 = 1 | ((data.len() as u32) << 3);
    out.extend_from_slice(&block_header.to_le_bytes()[..3]);
    out.extend_from_slice(data);
    out
}

/// `/json`: a document for JSONPath queries.
fn document() -> serde_json::Value {
    serde_json::json!({
        "store": "main",
        "count": 3,
        "single": [42],
        "empty": [],
        "items": [
            {"id": 1, "name": "apple", "price": 1.5, "tags": ["fruit", "red"]},
            {"id": 2, "name": "banana", "price": 0.25, "tags": ["fruit"]},
            {"id": 3, "name": "carrot", "price": 0.75, "tags": ["vegetable", "orange", "root"],
             "origin": {"country": "FR"}}
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handmade_brotli_stream_decodes() {
        let plain = b"Hello, encodings!".to_vec();
        let mut out = Vec::new();
        brotli_decompressor::Decompressor::new(&brotli_stored(&plain)[..], 4096)
            .read_to_end(&mut out)
            .expect("a valid brotli stream");
        assert_eq!(out, plain);
    }
}
