//! What a new user meets first, run as the real binary against servers on 127.0.0.1:
//! `call --max-redirects 0`, `call --data @-`, the place of an invalid JSONPath, which time
//! limit fired, a folder without specs, a misspelt `--connection`, and binary bodies on a
//! terminal (a pseudo-terminal made by `script`, from util-linux).

use super::{call, Workspace};
use crate::support::{sortie, RawServer, Reply, TestServer, SORTIE};

/// `/to/302` answers a redirect to `/landing`; `/landing` answers 200.
fn redirector() -> TestServer {
    TestServer::start(|rq, _| match rq.path() {
        "/to/302" => Reply::status(302).header("Location", "/landing"),
        _ => Reply::json(serde_json::json!({"landed": true})),
    })
}

#[test]
fn max_redirects_0_gives_the_redirect_itself() {
    let server = redirector();
    let out = call(&[
        "GET",
        &server.url("/to/302"),
        "--max-redirects",
        "0",
        "--full-response",
    ]);
    out.assert_code(0);
    let v = out.json();
    assert_eq!(v["status"], 302);
    assert_eq!(v["headers"]["location"], "/landing");
    assert_eq!(server.count(), 1, "the redirect is not followed");
    // By default it is followed.
    let out = call(&["GET", &server.url("/to/302")]);
    out.assert_code(0);
    assert_eq!(out.json()["landed"], true);
}

#[test]
fn data_at_dash_sends_stdin() {
    let server = TestServer::echo();
    let out = sortie()
        .args(["call", "POST", &server.url("/items"), "--data", "@-"])
        .args(["--timeout", "5000"])
        .write_stdin("{\"name\": \"from stdin\"}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let sent = &server.requests()[0];
    assert_eq!(sent.body, b"{\"name\": \"from stdin\"}");
    assert_eq!(sent.header("content-type"), Some("application/json"));
}

#[test]
fn an_invalid_jsonpath_is_shown_at_its_character() {
    let server = TestServer::script(vec![Reply::json(serde_json::json!({"a": [1]}))]);
    let ws = Workspace::new("polish-jsonpath");
    ws.write(
        "bad.hurl",
        &format!(
            "GET {}\nHTTP 200\n[Asserts]\njsonpath \"$.a[\" == 1\n",
            server.url("/")
        ),
    );
    let out = ws.run(&["test", "bad.hurl", "--color", "never", "--no-progress"]);
    out.assert_code(4)
        .err_has("--> bad.hurl:4:15")
        .err_has("4 | jsonpath \"$.a[\" == 1\n  |               ^ invalid JSONPath expression '$.a[': expecting a selector\n");
}

#[test]
fn a_timeout_names_the_limit_and_its_value() {
    let server = RawServer::hang();
    let ws = Workspace::new("polish-timeout");
    ws.write(
        "slow.hurl",
        &format!(
            "GET {}\n[Options]\nmax-time: 300ms\nHTTP 200\n",
            server.url("/slow")
        ),
    );
    ws.run(&["test", "slow.hurl", "--color", "never", "--no-progress"])
        .assert_code(3)
        .err_has("timed out after 300 ms (the request's time limit, max-time)");
}

#[test]
fn a_folder_without_specs_is_an_input_error() {
    let ws = Workspace::new("polish-empty");
    ws.write("empty/readme.md", "no specs here\n");
    for command in ["test", "check", "fmt"] {
        ws.run(&[command, "empty", "--color", "never"])
            .assert_code(2)
            .err_has("--> empty")
            .err_has("no spec files here: sortie reads *.hurl and *.sortie files");
    }
}

#[test]
fn a_misspelt_connection_gets_a_suggestion() {
    let ws = Workspace::new("polish-connection");
    ws.write(
        "sortie.yaml",
        "connections:\n  billing:\n    type: api-key\n    api-key: k\n",
    );
    ws.run(&[
        "call",
        "GET",
        "http://127.0.0.1:9/",
        "--connection",
        "biling",
    ])
    .assert_code(2)
    .err_has("undefined connection 'biling' in sortie.yaml; did you mean 'billing'?");
    ws.write("a.hurl", "GET http://127.0.0.1:9/\n");
    ws.run(&["test", "a.hurl", "--connection", "billng", "--no-progress"])
        .assert_code(2)
        .err_has("did you mean 'billing'?");
}

/// A PNG-like body: it holds NUL bytes, as binary files do.
const BINARY: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01";

fn binary_server() -> TestServer {
    TestServer::start(|_, _| {
        Reply::status(200)
            .header("Content-Type", "image/png")
            .body(BINARY.to_vec())
    })
}

/// Runs a shell command line under a pseudo-terminal: (exit code, what the terminal shows).
fn in_terminal(ws: &Workspace, command: &str) -> (i32, String) {
    let out = std::process::Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .current_dir(&ws.dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("script (util-linux) runs the command in a pseudo-terminal");
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    // The command line ends with `echo exit=$?`, maybe right after bytes without a newline.
    let code = shown
        .rfind("exit=")
        .and_then(|at| shown[at + 5..].trim().parse().ok())
        .unwrap_or_else(|| panic!("no exit code in {shown:?}"));
    (code, shown)
}

#[test]
fn binary_bodies_are_not_written_to_a_terminal() {
    let server = binary_server();
    let ws = Workspace::new("polish-binary");
    let bin = SORTIE;
    let url = server.url("/logo.png");
    ws.write("logo.hurl", &format!("GET {url}\nHTTP 200\n"));

    let (code, shown) = in_terminal(
        &ws,
        &format!("{bin} call GET {url} --response-type binary --timeout 5000; echo exit=$?"),
    );
    assert_eq!(code, 3, "{shown}");
    assert!(
        shown.contains("the response body is binary (18 bytes) and would mess up the terminal"),
        "{shown}"
    );
    assert!(!shown.contains("IHDR"), "the bytes were written: {shown}");

    let (code, shown) = in_terminal(&ws, &format!("{bin} run logo.hurl; echo exit=$?"));
    assert_eq!(code, 3, "{shown}");
    assert!(
        shown.contains("binary output can mess up your terminal"),
        "{shown}"
    );
    assert!(!shown.contains("IHDR"), "the bytes were written: {shown}");
    // `--output -` writes them anyway, as Hurl.
    let (code, shown) = in_terminal(
        &ws,
        &format!("{bin} run logo.hurl --output -; echo exit=$?"),
    );
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("IHDR"), "{shown}");

    // Not a terminal: the bytes, unchanged.
    let out = call(&["GET", &url, "--response-type", "binary"]);
    out.assert_code(0);
    assert_eq!(out.stdout_bytes, BINARY);
    let out = ws.sortie().args(["run", "logo.hurl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, BINARY);
}

#[test]
fn full_response_marks_a_base64_body() {
    let server = binary_server();
    let out = call(&[
        "GET",
        &server.url("/logo.png"),
        "--response-type",
        "binary",
        "--full-response",
    ]);
    out.assert_code(0);
    let v = out.json();
    assert_eq!(v["body_encoding"], "base64");
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD
        .decode(v["body"].as_str().unwrap())
        .unwrap();
    assert_eq!(body, BINARY);
    // A JSON or text body is not base64 and not marked.
    let server = TestServer::script(vec![Reply::json(serde_json::json!({"a": 1}))]);
    let v = call(&["GET", &server.url("/"), "--full-response"]).json();
    assert!(v.get("body_encoding").is_none(), "{v}");
}
