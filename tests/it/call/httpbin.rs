//! The `sortie call` checks again, against a real httpbin (Debian's `python3-httpbin`) that
//! the tests start on 127.0.0.1 and share.

use base64::Engine as _;

use super::call;
use crate::support::{httpbin, TempDir};

#[test]
fn get_echoes_encoded_query_parameters() {
    let hb = httpbin();
    let out = call(&[
        "GET",
        &hb.url("/get?x=1"),
        "-q",
        "a b=1&2",
        "-q",
        "c=é",
        "-H",
        "X-Trace: t-1",
    ]);
    out.assert_code(0);
    let v = out.json();
    assert_eq!(
        v["args"],
        serde_json::json!({"x": "1", "a b": "1&2", "c": "é"})
    );
    assert_eq!(v["headers"]["X-Trace"], "t-1");
}

#[test]
fn status_503_is_retried_then_reported_with_the_attempts() {
    let hb = httpbin();
    let out = call(&[
        "GET",
        &hb.url("/status/503"),
        "--max-retries",
        "2",
        "--debug",
    ]);
    out.assert_code(3);
    let last = out.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: ") && last.contains("503") && last.contains("after 3 attempts"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("> GET ").count(),
        3,
        "three requests sent:\n{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("retrying in").count(),
        2,
        "{}",
        out.stderr
    );
}

#[test]
fn statuses_set_the_exit_code() {
    let hb = httpbin();
    call(&["GET", &hb.url("/status/204")]).assert_code(0);
    call(&["GET", &hb.url("/status/404")])
        .assert_code(3)
        .assert_one_line_error("404 Not Found");
    call(&["GET", &hb.url("/status/429"), "--max-retries", "2"])
        .assert_code(3)
        .assert_one_line_error("429");
}

#[test]
fn post_echoes_multipart_files_and_fields() {
    let hb = httpbin();
    let dir = TempDir::new("httpbin-multipart");
    let report = dir.join("report.bin");
    let pdf: &[u8] = b"%PDF\x00\xff\xfe";
    std::fs::write(&report, pdf).unwrap();
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "hello notes").unwrap();
    let out = call(&[
        "POST",
        &hb.url("/post"),
        "--form",
        "title=Q3",
        "--form",
        "owner=ada",
        "--file",
        &format!("doc=@{}", report.display()),
        "--file-name",
        "doc=q3.pdf",
        "--file",
        &format!("notes=@{}", notes.display()),
    ]);
    out.assert_code(0);
    let v = out.json();
    assert_eq!(
        v["form"],
        serde_json::json!({"title": "Q3", "owner": "ada"})
    );
    assert_eq!(v["files"]["notes"], "hello notes");
    // httpbin shows a binary file as a data URL with the part's content type.
    let expected = format!(
        "data:application/pdf;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(pdf)
    );
    assert_eq!(v["files"]["doc"], expected.as_str());
    let ct = v["headers"]["Content-Type"].as_str().unwrap();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
}

#[test]
fn post_echoes_url_encoded_forms_and_json_data() {
    let hb = httpbin();
    let out = call(&[
        "POST",
        &hb.url("/post"),
        "--form",
        "title=Q3 & Q4",
        "--form",
        "n=é",
    ]);
    out.assert_code(0);
    let v = out.json();
    assert_eq!(v["form"], serde_json::json!({"title": "Q3 & Q4", "n": "é"}));
    assert_eq!(
        v["headers"]["Content-Type"],
        "application/x-www-form-urlencoded"
    );

    let dir = TempDir::new("httpbin-data");
    let item = dir.join("item.json");
    std::fs::write(&item, r#"{"id": 7, "tags": ["a", "b"]}"#).unwrap();
    for data in [
        r#"{"id": 7, "tags": ["a", "b"]}"#.to_string(),
        format!("@{}", item.display()),
    ] {
        let out = call(&["PUT", &hb.url("/put"), "--data", &data]);
        out.assert_code(0);
        let v = out.json();
        assert_eq!(
            v["json"],
            serde_json::json!({"id": 7, "tags": ["a", "b"]}),
            "{data}"
        );
        assert_eq!(v["headers"]["Content-Type"], "application/json", "{data}");
    }
}

#[test]
fn redirects_five_followed_six_refused() {
    let hb = httpbin();
    let out = call(&["GET", &hb.url("/redirect/5")]);
    out.assert_code(0);
    assert_eq!(out.json()["url"], hb.url("/get"));
    call(&["GET", &hb.url("/absolute-redirect/5")]).assert_code(0);
    call(&["GET", &hb.url("/redirect/6")])
        .assert_code(3)
        .assert_one_line_error("too many redirects");
    call(&[
        "GET",
        &hb.url("/relative-redirect/3"),
        "--max-redirects",
        "2",
    ])
    .assert_code(3)
    .assert_one_line_error("too many redirects");
}

#[test]
fn redirect_to_rewrites_or_keeps_the_method() {
    let hb = httpbin();
    for (status, method, data) in [
        ("302", "GET", ""),
        ("303", "GET", ""),
        ("307", "POST", "{\"a\":1}"),
        ("308", "POST", "{\"a\":1}"),
    ] {
        let out = call(&[
            "POST",
            &hb.url(&format!("/redirect-to?url=/anything&status_code={status}")),
            "--data",
            "{\"a\":1}",
        ]);
        out.assert_code(0);
        let v = out.json();
        assert_eq!(v["method"], method, "{status}");
        assert_eq!(v["data"], data, "{status}");
    }
}

#[test]
fn gzip_and_deflate_are_decoded() {
    let hb = httpbin();
    let out = call(&["GET", &hb.url("/gzip")]);
    out.assert_code(0);
    assert_eq!(out.json()["gzipped"], true);
    let out = call(&["GET", &hb.url("/deflate")]);
    out.assert_code(0);
    assert_eq!(out.json()["deflated"], true);
}

#[test]
fn full_response_keeps_repeated_headers_as_a_list() {
    let hb = httpbin();
    let out = call(&[
        "GET",
        &hb.url("/response-headers?X-Multi=1&X-Multi=2"),
        "--full-response",
    ]);
    out.assert_code(0);
    let v = out.json();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["status", "headers", "body"]);
    assert_eq!(v["status"], 200);
    assert_eq!(v["headers"]["x-multi"], serde_json::json!(["1", "2"]));
    assert_eq!(v["headers"]["content-type"], "application/json");
    assert!(v["body"].is_object(), "{v}");
}

#[test]
fn bytes_come_out_raw_or_base64() {
    let hb = httpbin();
    let raw = call(&[
        "GET",
        &hb.url("/bytes/64?seed=7"),
        "--response-type",
        "binary",
    ]);
    raw.assert_code(0);
    assert_eq!(raw.stdout_bytes.len(), 64);
    let full = call(&[
        "GET",
        &hb.url("/bytes/64?seed=7"),
        "--response-type",
        "binary",
        "--full-response",
    ]);
    full.assert_code(0);
    let body = base64::engine::general_purpose::STANDARD
        .decode(full.json()["body"].as_str().unwrap())
        .unwrap();
    assert_eq!(body, raw.stdout_bytes, "the same seed gives the same bytes");
}

#[test]
fn basic_auth_passes_and_debug_masks_it() {
    let hb = httpbin();
    let token = base64::engine::general_purpose::STANDARD.encode("user:s3cret-pw");
    let out = call(&[
        "GET",
        &hb.url("/basic-auth/user/s3cret-pw"),
        "-H",
        &format!("Authorization: Basic {token}"),
        "--debug",
    ]);
    out.assert_code(0);
    assert_eq!(out.json()["authenticated"], true);
    assert!(
        out.stderr.contains("> Authorization: ***"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(&token), "{}", out.stderr);
    let wrong = base64::engine::general_purpose::STANDARD.encode("user:wrong");
    call(&[
        "GET",
        &hb.url("/basic-auth/user/pass"),
        "-H",
        &format!("Authorization: Basic {wrong}"),
    ])
    .assert_code(3)
    .assert_one_line_error("401");
}

#[test]
fn debug_never_shows_a_bearer_token() {
    let hb = httpbin();
    let out = call(&[
        "GET",
        &hb.url("/headers"),
        "-H",
        "Authorization: Bearer CANARY-abc123",
        "--debug",
    ]);
    out.assert_code(0);
    assert_eq!(
        out.json()["headers"]["Authorization"],
        "Bearer CANARY-abc123",
        "sent for real"
    );
    assert!(
        out.stderr.contains("> Authorization: ***"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("CANARY-abc123"), "{}", out.stderr);
}
