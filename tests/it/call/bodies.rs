//! `sortie call`: what goes out (query, headers, data, forms, multipart, debug output), what
//! comes back (output modes, content encodings, exit codes) and bad command lines.

use std::io::Write;

use base64::Engine as _;

use super::call;
use super::multipart::parse_multipart;
use crate::support::{Reply, TempDir, TestServer};

// ---------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------

#[test]
fn multipart_parts_carry_field_names_file_names_and_types() {
    let dir = TempDir::new("multipart");
    let report = dir.join("report.bin");
    let pdf: &[u8] = b"%PDF-1.4\x00\xff\xfe binary";
    std::fs::write(&report, pdf).unwrap();
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "line one\nline two\n").unwrap();
    let server = TestServer::echo();
    let out = call(&[
        "POST",
        &server.url("/upload"),
        "--form",
        "title=Q3 report",
        "--file",
        &format!("doc=@{}", report.display()),
        "--file-name",
        "doc=q3.pdf",
        "--file",
        &format!("notes=@{}", notes.display()),
    ]);
    out.assert_code(0);
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    let content_type = sent.header("content-type").expect("a Content-Type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = parse_multipart(content_type, &sent.body);
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert_eq!(parts[0].name, "title");
    assert_eq!(parts[0].filename, None);
    assert_eq!(parts[0].data, b"Q3 report");
    assert_eq!(parts[1].name, "doc");
    assert_eq!(
        parts[1].filename.as_deref(),
        Some("q3.pdf"),
        "--file-name overrides the path's name"
    );
    assert_eq!(
        parts[1].content_type.as_deref(),
        Some("application/pdf"),
        "type from q3.pdf"
    );
    assert_eq!(parts[1].data, pdf, "binary file bytes unchanged");
    assert_eq!(parts[2].name, "notes");
    assert_eq!(
        parts[2].filename.as_deref(),
        Some("notes.txt"),
        "the path's file name"
    );
    assert_eq!(parts[2].content_type.as_deref(), Some("text/plain"));
    assert_eq!(parts[2].data, b"line one\nline two\n");
}

#[test]
/// Escaped as libcurl (and so Hurl) escapes them: `%20` for a space.
fn form_alone_is_url_encoded() {
    let server = TestServer::echo();
    let out = call(&[
        "PUT",
        &server.url("/form"),
        "--form",
        "title=Q3 & Q4",
        "--form",
        "n=é",
    ]);
    out.assert_code(0);
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "PUT");
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        "title=Q3%20%26%20Q4&n=%C3%A9"
    );
}

#[test]
fn query_parameters_are_encoded_and_appended() {
    let server = TestServer::echo();
    let out = call(&[
        "GET",
        &server.url("/search?x=1"),
        "-q",
        "a b=1&2",
        "-q",
        "c=é/?#",
        "--query",
        "empty=",
    ]);
    out.assert_code(0);
    assert_eq!(
        server.requests()[0].url,
        "/search?x=1&a%20b=1%262&c=%C3%A9%2F%3F%23&empty="
    );
}

#[test]
fn data_strings_get_a_content_type_from_their_shape() {
    let server = TestServer::echo();
    call(&["POST", &server.url("/d"), "--data", r#"{"name": "Ada"}"#]).assert_code(0);
    call(&["POST", &server.url("/d"), "--data", "plain words"]).assert_code(0);
    call(&[
        "POST",
        &server.url("/d"),
        "--data",
        "<a/>",
        "-H",
        "Content-Type: application/xml",
    ])
    .assert_code(0);
    let sent = server.requests();
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    assert_eq!(sent[0].body, br#"{"name": "Ada"}"#);
    assert_eq!(
        sent[1].header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(sent[1].body, b"plain words");
    let types: Vec<_> = sent[2]
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .collect();
    assert_eq!(
        types.len(),
        1,
        "a -H Content-Type replaces the guessed one: {types:?}"
    );
    assert_eq!(types[0].1, "application/xml");
}

#[test]
fn data_from_a_file_sends_its_bytes() {
    let dir = TempDir::new("data-file");
    let json = dir.join("item.json");
    std::fs::write(&json, "{\"id\": 7,\n \"tags\": [\"a\"]}\n").unwrap();
    let blob = dir.join("blob");
    std::fs::write(&blob, [0u8, 159, 146, 150, 255]).unwrap();
    let server = TestServer::echo();
    call(&[
        "PATCH",
        &server.url("/items/7"),
        "--data",
        &format!("@{}", json.display()),
    ])
    .assert_code(0);
    call(&[
        "POST",
        &server.url("/blob"),
        "--data",
        &format!("@{}", blob.display()),
    ])
    .assert_code(0);
    let sent = server.requests();
    assert_eq!(sent[0].method, "PATCH");
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    assert_eq!(sent[0].body, b"{\"id\": 7,\n \"tags\": [\"a\"]}\n");
    assert_eq!(
        sent[1].header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(sent[1].body, [0u8, 159, 146, 150, 255]);
}

#[test]
fn every_method_sends_its_name_and_body() {
    let server = TestServer::echo();
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "delete"] {
        call(&[method, &server.url("/m"), "--data", "x=1"]).assert_code(0);
    }
    let sent = server.requests();
    let methods: Vec<&str> = sent.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["GET", "POST", "PUT", "PATCH", "DELETE", "DELETE"]);
    for r in &sent {
        assert_eq!(r.body, b"x=1", "{} sends the body", r.method);
    }
}

// ---------------------------------------------------------------------------------------
// --debug
// ---------------------------------------------------------------------------------------

#[test]
fn debug_prints_the_request_with_credentials_masked() {
    // A 503 (retried), a redirect, then the answer: every request printed, none leaking.
    let server = TestServer::start(|rq, i| match (i, rq.path()) {
        (0, _) => Reply::status(503),
        (_, "/start") => Reply::status(307).header("Location", "/end"),
        _ => Reply::json(rq.to_json()),
    });
    let out = call(&[
        "POST",
        &server.url("/start"),
        "-H",
        "Authorization: Bearer CANARY-abc123",
        "-H",
        "Cookie: sid=CANARY-abc123",
        "-H",
        "X-Trace: t-42",
        "--data",
        r#"{"q":1}"#,
        "--max-retries",
        "1",
        "--debug",
    ]);
    out.assert_code(0);
    assert_eq!(server.count(), 3);
    let stderr = &out.stderr;
    assert!(
        !stderr.contains("CANARY-abc123"),
        "the canary leaked:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("> POST {}\n", server.url("/start"))),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("> POST {}\n", server.url("/end"))),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("> Authorization: ***\n").count(),
        3,
        "{stderr}"
    );
    assert_eq!(stderr.matches("> Cookie: ***\n").count(), 3, "{stderr}");
    assert!(stderr.contains("> X-Trace: t-42\n"), "{stderr}");
    assert!(
        stderr.contains("> Content-Type: application/json\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("{\"q\":1}\n"),
        "the body is shown: {stderr}"
    );
    assert!(stderr.contains("attempt 1 failed (status 503)"), "{stderr}");
    // The server did get the real value.
    assert_eq!(
        server.requests()[2].header("authorization"),
        Some("Bearer CANARY-abc123")
    );
}

#[test]
fn without_debug_nothing_is_printed_on_stderr() {
    let server = TestServer::echo();
    let out = call(&[
        "GET",
        &server.url("/quiet"),
        "-H",
        "Authorization: Bearer CANARY-abc123",
    ]);
    out.assert_code(0);
    assert_eq!(out.stderr, "");
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

#[test]
fn full_response_prints_status_headers_and_body() {
    let server = TestServer::script(vec![Reply::json(
        serde_json::json!({"id": 7, "tags": ["a"]}),
    )
    .with_status(201)
    .header("X-Multi", "one")
    .header("X-Multi", "two")
    .header("X-Single", "solo")]);
    let out = call(&[
        "POST",
        &server.url("/items"),
        "--data",
        "{}",
        "--full-response",
    ]);
    out.assert_code(0);
    let v = out.json();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["status", "headers", "body"]);
    assert_eq!(v["status"], 201);
    assert_eq!(
        v["headers"]["x-multi"],
        serde_json::json!(["one", "two"]),
        "repeats kept as a list"
    );
    assert_eq!(v["headers"]["x-single"], "solo");
    assert_eq!(v["headers"]["content-type"], "application/json");
    assert_eq!(v["body"], serde_json::json!({"id": 7, "tags": ["a"]}));
}

#[test]
fn full_response_with_binary_has_a_base64_body() {
    let bytes: Vec<u8> = vec![0, 1, 2, 200, 255, b'\n'];
    let server = TestServer::script(vec![Reply::status(200)
        .header("Content-Type", "application/octet-stream")
        .body(bytes.clone())]);
    let out = call(&[
        "GET",
        &server.url("/bin"),
        "--full-response",
        "--response-type",
        "binary",
    ]);
    out.assert_code(0);
    let v = out.json();
    assert_eq!(v["status"], 200);
    let body = base64::engine::general_purpose::STANDARD
        .decode(v["body"].as_str().expect("a base64 string"))
        .unwrap();
    assert_eq!(body, bytes);
}

#[test]
fn full_response_of_an_error_still_prints_then_exits_3() {
    let server = TestServer::script(vec![Reply::status(404)
        .header("Content-Type", "text/html")
        .body("<h1>nope</h1>")]);
    let out = call(&["GET", &server.url("/missing"), "--full-response"]);
    out.assert_code(3).assert_one_line_error("404 Not Found");
    let v = out.json();
    assert_eq!(v["status"], 404);
    assert_eq!(
        v["body"], "<h1>nope</h1>",
        "a non-JSON error page is kept as text"
    );
}

#[test]
fn response_type_binary_writes_the_raw_bytes() {
    let bytes: Vec<u8> = (0..=255).collect();
    let server = TestServer::script(vec![Reply::status(200)
        .header("Content-Type", "application/octet-stream")
        .body(bytes.clone())]);
    let out = call(&["GET", &server.url("/raw"), "--response-type", "binary"]);
    out.assert_code(0);
    assert_eq!(out.stdout_bytes, bytes);
}

#[test]
fn response_type_text_decodes_the_charset() {
    let server = TestServer::script(vec![Reply::status(200)
        .header("Content-Type", "text/plain; charset=ISO-8859-1")
        .body(b"caf\xe9 cr\xe8me".to_vec())]);
    let out = call(&["GET", &server.url("/latin1"), "--response-type", "text"]);
    out.assert_code(0);
    assert_eq!(out.stdout, "café crème");
}

#[test]
fn json_output_is_pretty_printed_and_non_json_is_refused() {
    let server = TestServer::script(vec![
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(r#"{"a":[1,2]}"#),
        Reply::status(200)
            .header("Content-Type", "text/html")
            .body("<html>"),
    ]);
    let out = call(&["GET", &server.url("/one")]);
    out.assert_code(0);
    assert_eq!(out.stdout, "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n");
    call(&["GET", &server.url("/two")])
        .assert_code(3)
        .assert_one_line_error("not JSON");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn raw_deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn gzip_and_deflate_responses_are_decoded() {
    let doc = br#"{"compressed": true, "text": "hello hello hello hello"}"#;
    let server = TestServer::start(move |rq, _| {
        let (coding, body) = match rq.path() {
            "/gzip" => ("gzip", gzip(doc)),
            "/deflate" => ("deflate", zlib(doc)),
            "/raw-deflate" => ("deflate", raw_deflate(doc)),
            _ => ("deflate, gzip", gzip(&zlib(doc))),
        };
        Reply::status(200)
            .header("Content-Type", "application/json")
            .header("Content-Encoding", coding)
            .body(body)
    });
    for path in ["/gzip", "/deflate", "/raw-deflate", "/both"] {
        let out = call(&["GET", &server.url(path)]);
        out.assert_code(0);
        assert_eq!(out.json()["text"], "hello hello hello hello", "{path}");
        let raw = call(&["GET", &server.url(path), "--response-type", "binary"]);
        assert_eq!(
            raw.stdout_bytes, doc,
            "{path}: binary output is decoded too"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------------------

#[test]
fn statuses_below_400_exit_0_and_the_rest_exit_3_with_one_line() {
    let server = TestServer::start(|rq, _| {
        let status: u16 = rq.path().trim_start_matches('/').parse().unwrap();
        Reply::status(status)
    });
    for status in [200, 201, 202, 204, 304, 399] {
        let out = call(&["GET", &server.url(&format!("/{status}"))]);
        out.assert_code(0);
        assert_eq!(out.stderr, "", "{status}");
    }
    for (status, reason) in [
        (400, "400 Bad Request"),
        (401, "401 Unauthorized"),
        (404, "404 Not Found"),
        (500, "500 Internal Server Error"),
        (503, "503"),
    ] {
        let out = call(&["DELETE", &server.url(&format!("/{status}"))]);
        out.assert_code(3).assert_one_line_error(reason);
        assert!(out.stderr.contains("DELETE"), "{}", out.stderr);
    }
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

/// Asserts a bad command line fails with `code` and one clear line naming `needle`.
fn rejects(args: &[&str], code: i32, needle: &str) {
    let out = call(args);
    out.assert_code(code).assert_one_line_error(needle);
    assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
}

#[test]
fn invalid_urls_are_usage_errors() {
    rejects(&["GET", "not a url"], 1, "invalid URL");
    rejects(&["GET", "ftp://127.0.0.1/file"], 1, "invalid URL");
    rejects(&["GET", "http://127.0.0.1:99999/"], 1, "invalid URL");
    rejects(&["GET", "http://"], 1, "invalid URL");
    rejects(&["GET", "127.0.0.1/x"], 1, "invalid URL");
}

#[test]
fn unknown_methods_are_usage_errors() {
    let server = TestServer::echo();
    rejects(&["FETCH", &server.url("/")], 1, "unknown method 'FETCH'");
    rejects(&["G ET", &server.url("/")], 1, "unknown method");
    assert_eq!(server.count(), 0);
}

#[test]
fn malformed_headers_and_queries_are_usage_errors() {
    let server = TestServer::echo();
    let url = server.url("/");
    rejects(&["GET", &url, "-H", "NoColonHere"], 1, "malformed header");
    rejects(&["GET", &url, "-H", "Bad Name: x"], 1, "malformed header");
    rejects(&["GET", &url, "-H", ": empty name"], 1, "malformed header");
    rejects(&["GET", &url, "-q", "novalue"], 1, "malformed -q");
    rejects(&["GET", &url, "-q", "=nameless"], 1, "malformed -q");
    rejects(&["POST", &url, "--form", "novalue"], 1, "malformed --form");
    rejects(
        &["POST", &url, "--file", "doc=/no/at/sign"],
        1,
        "malformed --file",
    );
    rejects(
        &["POST", &url, "--data", "x", "--form", "a=1"],
        1,
        "cannot be combined",
    );
    rejects(
        &["POST", &url, "--file-name", "doc=q3.pdf"],
        1,
        "--file-name",
    );
    assert_eq!(server.count(), 0, "nothing is sent");
}

#[test]
fn unreadable_files_are_runtime_errors() {
    let server = TestServer::echo();
    let url = server.url("/");
    rejects(
        &["POST", &url, "--data", "@/missing"],
        3,
        "cannot read /missing",
    );
    rejects(
        &["POST", &url, "--file", "doc=@/missing"],
        3,
        "cannot read /missing",
    );
    rejects(
        &[
            "POST",
            &url,
            "--form",
            "a=1",
            "--file",
            "doc=@/missing",
            "--max-retries",
            "2",
        ],
        3,
        "cannot read /missing",
    );
    assert_eq!(server.count(), 0, "nothing is sent");
}
