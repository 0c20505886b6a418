//! `sortie call` against servers that misbehave: retries, Retry-After, timeouts, broken
//! connections, redirects (limits, method rewriting, credentials across origins) and TLS.

use std::io::Write;
use std::time::{Duration, SystemTime};

use super::call;
use crate::support::{free_port, raw_response, RawServer, Reply, TestServer, TlsServer};

// ---------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------

#[test]
fn retries_503_503_200_and_succeeds_on_the_third_request() {
    let server = TestServer::script(vec![
        Reply::status(503),
        Reply::status(503),
        Reply::json(serde_json::json!({"ok": true})),
    ]);
    let out = call(&["GET", &server.url("/flaky"), "--max-retries", "2"]);
    out.assert_code(0);
    assert_eq!(server.count(), 3);
    assert_eq!(out.json(), serde_json::json!({"ok": true}));
    assert_eq!(
        out.stderr, "",
        "a success after retries prints nothing on stderr"
    );
}

#[test]
fn retries_run_out_and_the_reason_counts_the_attempts() {
    let server = TestServer::script(vec![
        Reply::status(503),
        Reply::status(503),
        Reply::json(serde_json::json!({"ok": true})),
    ]);
    let out = call(&["GET", &server.url("/flaky"), "--max-retries", "1"]);
    out.assert_code(3).assert_one_line_error("503");
    assert!(out.stderr.contains("after 2 attempts"), "{}", out.stderr);
    assert_eq!(server.count(), 2, "one try and one retry, no more");
}

#[test]
fn without_max_retries_a_503_is_sent_once() {
    let server = TestServer::script(vec![Reply::status(503), Reply::status(200)]);
    let out = call(&["GET", &server.url("/once")]);
    out.assert_code(3)
        .assert_one_line_error("503 Service Unavailable");
    assert_eq!(server.count(), 1);
}

#[test]
fn a_429_is_not_retried_without_retry_all_errors() {
    let server = TestServer::script(vec![Reply::status(429), Reply::json(serde_json::json!({}))]);
    let out = call(&["GET", &server.url("/limited"), "--max-retries", "3"]);
    out.assert_code(3)
        .assert_one_line_error("429 Too Many Requests");
    assert_eq!(server.count(), 1);
}

#[test]
fn a_429_is_retried_with_retry_all_errors() {
    let server = TestServer::script(vec![
        Reply::status(429),
        Reply::status(429),
        Reply::json(serde_json::json!({"n": 3})),
    ]);
    let out = call(&[
        "GET",
        &server.url("/limited"),
        "--max-retries",
        "3",
        "--retry-all-errors",
    ]);
    out.assert_code(0);
    assert_eq!(server.count(), 3);
    assert_eq!(out.json()["n"], 3);
}

/// The wait `--debug` announces before the retry, in milliseconds.
fn announced_wait(stderr: &str) -> u64 {
    let line = stderr
        .lines()
        .find(|l| l.contains("retrying in"))
        .unwrap_or_else(|| panic!("no retry announced:\n{stderr}"));
    let ms = line
        .split("retrying in ")
        .nth(1)
        .and_then(|r| r.strip_suffix(" ms"))
        .unwrap();
    ms.parse()
        .unwrap_or_else(|_| panic!("not a number of ms: {line}"))
}

#[test]
fn retry_after_seconds_sets_the_wait_and_beats_retry_delay() {
    let server = TestServer::script(vec![
        Reply::status(429).header("Retry-After", "1"),
        Reply::json(serde_json::json!({"ok": true})),
    ]);
    let out = call(&[
        "GET",
        &server.url("/later"),
        "--max-retries",
        "1",
        "--retry-all-errors",
        "--retry-delay",
        "50",
        "--debug",
    ]);
    out.assert_code(0);
    assert_eq!(server.count(), 2);
    assert!(
        out.stderr.contains("attempt 1 failed (status 429)"),
        "{}",
        out.stderr
    );
    assert_eq!(announced_wait(&out.stderr), 1000);
}

#[test]
fn retry_after_as_an_http_date_sets_the_wait() {
    let server = TestServer::start(|_, i| {
        if i == 0 {
            let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
            Reply::status(503).header("Retry-After", &when)
        } else {
            Reply::json(serde_json::json!({"ok": true}))
        }
    });
    let out = call(&[
        "GET",
        &server.url("/later"),
        "--max-retries",
        "1",
        "--debug",
    ]);
    out.assert_code(0);
    assert_eq!(server.count(), 2);
    // The date has one-second resolution: between 2 and 3 s from when it was written, less
    // the time the response took to arrive.
    let wait = announced_wait(&out.stderr);
    assert!(
        (1000..=3000).contains(&wait),
        "wait {wait} ms:\n{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Timeouts and broken connections
// ---------------------------------------------------------------------------------------

#[test]
fn a_server_that_hangs_is_cut_off_by_the_timeout() {
    let server = RawServer::hang();
    let out = call(&["GET", &server.url("/slow"), "--timeout", "300"]);
    out.assert_code(3)
        .assert_one_line_error("timed out after 300 ms");
    assert!(
        out.elapsed < Duration::from_secs(10),
        "took {:?}",
        out.elapsed
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn a_timeout_is_retried_like_a_network_error() {
    let server = RawServer::hang();
    let out = call(&[
        "GET",
        &server.url("/slow"),
        "--timeout",
        "300",
        "--max-retries",
        "1",
    ]);
    out.assert_code(3).assert_one_line_error("timed out");
    assert!(out.stderr.contains("after 2 attempts"), "{}", out.stderr);
    assert!(
        out.elapsed < Duration::from_secs(10),
        "took {:?}",
        out.elapsed
    );
    assert_eq!(server.count(), 2);
}

#[test]
fn a_connection_dropped_mid_body_is_a_clear_runtime_error() {
    let server = RawServer::drop_mid_body();
    let out = call(&["GET", &server.url("/short"), "--response-type", "text"]);
    out.assert_code(3)
        .assert_one_line_error("closed before the response was complete");
    assert!(out.stdout.is_empty(), "no partial body is printed");
    assert_eq!(server.count(), 1);
}

#[test]
fn a_connection_dropped_mid_body_is_retried() {
    let server = RawServer::drop_mid_body();
    let out = call(&["GET", &server.url("/short"), "--max-retries", "2"]);
    out.assert_code(3).assert_one_line_error("after 3 attempts");
    assert_eq!(server.count(), 3);
}

#[test]
fn a_refused_connection_is_a_runtime_error() {
    let port = free_port();
    let out = call(&["GET".to_string(), format!("http://127.0.0.1:{port}/")]);
    out.assert_code(3).assert_one_line_error("127.0.0.1");
}

// ---------------------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------------------

/// `/hop/N` redirects to `/hop/N-1`; `/hop/0` answers 200.
fn hops() -> TestServer {
    TestServer::start(|rq, _| {
        let n: u32 = rq.path().trim_start_matches("/hop/").parse().unwrap_or(0);
        if n == 0 {
            Reply::json(serde_json::json!({"arrived": true}))
        } else {
            Reply::status(302).header("Location", &format!("/hop/{}", n - 1))
        }
    })
}

#[test]
fn five_redirects_are_followed_by_default() {
    let server = hops();
    let out = call(&["GET", &server.url("/hop/5")]);
    out.assert_code(0);
    assert_eq!(out.json(), serde_json::json!({"arrived": true}));
    assert_eq!(server.count(), 6);
}

#[test]
fn a_sixth_redirect_is_refused_by_default() {
    let server = hops();
    let out = call(&["GET", &server.url("/hop/6")]);
    out.assert_code(3)
        .assert_one_line_error("too many redirects");
    assert_eq!(server.count(), 6, "the sixth Location is not fetched");
}

#[test]
fn max_redirects_sets_the_limit() {
    let server = hops();
    call(&["GET", &server.url("/hop/2"), "--max-redirects", "2"]).assert_code(0);
    call(&["GET", &server.url("/hop/3"), "--max-redirects", "2"])
        .assert_code(3)
        .assert_one_line_error("too many redirects");
    call(&["GET", &server.url("/hop/9"), "--max-redirects", "9"]).assert_code(0);
}

/// `/to/STATUS` redirects with that status to `/landing`; everything else is echoed.
fn redirector() -> TestServer {
    TestServer::start(|rq, _| match rq.path().strip_prefix("/to/") {
        Some(status) => Reply::status(status.parse().unwrap()).header("Location", "/landing"),
        None => Reply::json(rq.to_json()),
    })
}

#[test]
fn redirects_301_302_303_turn_post_into_get_without_a_body() {
    for status in [301, 302, 303] {
        let server = redirector();
        let out = call(&[
            "POST",
            &server.url(&format!("/to/{status}")),
            "--data",
            r#"{"a":1}"#,
        ]);
        out.assert_code(0);
        let requests = server.requests();
        assert_eq!(requests.len(), 2, "{status}");
        assert_eq!(requests[0].method, "POST");
        assert_eq!(requests[0].body, br#"{"a":1}"#);
        let landing = &requests[1];
        assert_eq!(landing.url, "/landing");
        assert_eq!(landing.method, "GET", "{status} turns POST into GET");
        assert!(landing.body.is_empty(), "{status} drops the body");
        assert_eq!(
            landing.header("content-type"),
            None,
            "{status} drops Content-Type"
        );
        assert!(
            landing.header("content-length").is_none_or(|v| v == "0"),
            "{status}: {:?}",
            landing.headers
        );
        assert_eq!(out.json()["method"], "GET");
    }
}

#[test]
fn redirects_307_308_keep_the_method_and_the_body() {
    for status in [307, 308] {
        let server = redirector();
        let out = call(&[
            "POST",
            &server.url(&format!("/to/{status}")),
            "--data",
            r#"{"a":1}"#,
        ]);
        out.assert_code(0);
        let requests = server.requests();
        assert_eq!(requests.len(), 2, "{status}");
        let landing = &requests[1];
        assert_eq!(landing.url, "/landing");
        assert_eq!(landing.method, "POST", "{status} keeps POST");
        assert_eq!(landing.body, br#"{"a":1}"#, "{status} keeps the body");
        assert_eq!(landing.header("content-type"), Some("application/json"));
    }
}

#[test]
fn a_cross_origin_redirect_drops_authorization_and_cookie() {
    // Same host, another port: another origin.
    let other = TestServer::echo();
    let target = other.url("/landing");
    let first = TestServer::start(move |_, _| Reply::status(302).header("Location", &target));
    let out = call(&[
        "GET",
        &first.url("/start"),
        "-H",
        "Authorization: Bearer CANARY-abc123",
        "-H",
        "Cookie: session=CANARY-cookie",
        "-H",
        "X-Trace: t-1",
    ]);
    out.assert_code(0);
    let sent = &first.requests()[0];
    assert_eq!(sent.header("authorization"), Some("Bearer CANARY-abc123"));
    assert_eq!(sent.header("cookie"), Some("session=CANARY-cookie"));
    let landed = &other.requests()[0];
    assert_eq!(landed.header("authorization"), None, "{:?}", landed.headers);
    assert_eq!(landed.header("cookie"), None, "{:?}", landed.headers);
    assert_eq!(
        landed.header("x-trace"),
        Some("t-1"),
        "other headers still travel"
    );
    assert!(!out.stdout.contains("CANARY"));
}

#[test]
fn a_same_origin_redirect_keeps_authorization_and_cookie() {
    let server = redirector();
    let out = call(&[
        "GET",
        &server.url("/to/302"),
        "-H",
        "Authorization: Bearer CANARY-abc123",
        "-H",
        "Cookie: session=s1",
    ]);
    out.assert_code(0);
    let landed = &server.requests()[1];
    assert_eq!(landed.url, "/landing");
    assert_eq!(landed.header("authorization"), Some("Bearer CANARY-abc123"));
    assert_eq!(landed.header("cookie"), Some("session=s1"));
}

#[test]
fn a_raw_redirect_with_a_relative_location_and_no_body_is_followed() {
    // Written by hand: `Location` relative to the current path, no Content-Length on the
    // redirect, the connection closed after each answer.
    let server = RawServer::start(|stream, request, _| {
        let reply = if request.line.starts_with("GET /a/b ") {
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: c?x=1\r\nConnection: close\r\n\r\n"
                .to_vec()
        } else if request.line.starts_with("GET /a/c?x=1 ") {
            raw_response(
                200,
                "OK",
                &[("Content-Type", "application/json")],
                br#"{"at":"c"}"#,
            )
        } else {
            raw_response(404, "Not Found", &[], b"")
        };
        let _ = stream.write_all(&reply);
    });
    let out = call(&["GET", &server.url("/a/b")]);
    out.assert_code(0);
    assert_eq!(out.json(), serde_json::json!({"at": "c"}));
    assert_eq!(server.count(), 2);
}

// ---------------------------------------------------------------------------------------
// TLS
// ---------------------------------------------------------------------------------------

#[test]
fn a_self_signed_certificate_is_refused_by_default() {
    let server = TlsServer::start(vec![(200, "OK", br#"{"tls":true}"#.to_vec())]);
    let out = call(&["GET", &server.url("/secure")]);
    out.assert_code(3);
    let lower = out.stderr.to_lowercase();
    assert!(
        lower.contains("tls") && lower.contains("certificate"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert_eq!(server.count(), 0, "no request gets through");
}

#[test]
fn a_certificate_failure_is_not_retried() {
    let server = TlsServer::start(vec![(200, "OK", b"{}".to_vec())]);
    let out = call(&["GET", &server.url("/secure"), "--max-retries", "2"]);
    out.assert_code(3).assert_one_line_error("TLS error");
    assert!(!out.stderr.contains("attempts"), "{}", out.stderr);
    assert_eq!(server.connections(), 1, "retrying cannot fix a certificate");
    assert_eq!(server.count(), 0);
}

#[test]
fn insecure_accepts_a_self_signed_certificate_with_one_warning() {
    let server = TlsServer::start(vec![(200, "OK", br#"{"tls":true}"#.to_vec())]);
    let out = call(&["GET", &server.url("/secure"), "--insecure"]);
    out.assert_code(0);
    assert_eq!(out.json(), serde_json::json!({"tls": true}));
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one warning line:\n{}", out.stderr);
    assert!(
        lines[0].starts_with("warning:") && lines[0].contains("insecure"),
        "{}",
        lines[0]
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn insecure_warns_once_even_across_retries() {
    let server = TlsServer::start(vec![
        (503, "Service Unavailable", Vec::new()),
        (200, "OK", b"{}".to_vec()),
    ]);
    let out = call(&[
        "GET",
        &server.url("/secure"),
        "--insecure",
        "--max-retries",
        "1",
    ]);
    out.assert_code(0);
    assert_eq!(server.count(), 2);
    assert_eq!(
        out.stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .count(),
        1,
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}
