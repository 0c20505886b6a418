//! `sortie test` and `sortie run` from the outside: bad input of every kind gets a clear
//! error at its place with the right exit code; `run` prints the last response; the demo
//! command works.

use std::path::{Path, PathBuf};

use crate::support::{run, sortie as sortie_command, Reply, TempDir, TestServer};

fn api() -> TestServer {
    TestServer::start(|req, _| match req.path() {
        "/json" => Reply::json(serde_json::json!({"id": 7, "name": "Widget", "tags": ["a", "b"]})),
        "/text" => Reply::status(200)
            .header("Content-Type", "text/plain")
            .body("plain text, not JSON"),
        _ => Reply::status(404).body("no"),
    })
}

fn write_spec(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `sortie ARGS --color never --max-time 10s`: exit code (-1 when killed), stdout, stderr.
fn sortie(args: &[&str]) -> (i32, String, String) {
    let out = run(sortie_command()
        .args(args)
        .args(["--color", "never", "--max-time", "10s"]));
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    (out.code.unwrap_or(-1), out.stdout, out.stderr)
}

#[test]
fn a_malformed_variables_file_is_an_input_error_at_its_line() {
    let dir = TempDir::new("vars-file");
    let vars = write_spec(&dir, "vars.env", "host=localhost\n# fine\n  port 8080\n");
    let spec = write_spec(&dir, "a.hurl", "GET http://127.0.0.1:9/\n");
    let (code, _, err) = sortie(&[
        "test",
        spec.to_str().unwrap(),
        "--variables-file",
        vars.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("vars.env:3:3"), "{err}");
    assert!(err.contains("expecting name=value"), "{err}");
}

#[test]
fn a_capture_on_a_non_json_body_is_a_runtime_error_at_the_query() {
    let server = api();
    let dir = TempDir::new("capture-non-json");
    let spec = write_spec(
        &dir,
        "c.hurl",
        &format!(
            "GET {}\nHTTP 200\n[Captures]\nid: jsonpath \"$.id\"\n",
            server.url("/text")
        ),
    );
    let (code, _, err) = sortie(&["test", spec.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("c.hurl:4:5"), "{err}");
    assert!(err.to_lowercase().contains("not json"), "{err}");
}

#[test]
/// As in Hurl, an assert that cannot be evaluated is an assert failure (exit 4).
fn a_regex_that_does_not_compile_in_an_assert_is_an_assert_failure_at_its_place() {
    let server = api();
    let dir = TempDir::new("bad-regex");
    let spec = write_spec(
        &dir,
        "r.hurl",
        &format!(
            "GET {}\nHTTP 200\n[Asserts]\nbody matches \"([a-z\"\n",
            server.url("/text")
        ),
    );
    let (code, _, err) = sortie(&["test", spec.to_str().unwrap()]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("r.hurl:4:"), "{err}");
    assert!(err.to_lowercase().contains("regex"), "{err}");
}

#[test]
fn a_jsonpath_that_does_not_parse_in_an_assert_is_an_assert_failure_at_the_query() {
    let server = api();
    let dir = TempDir::new("bad-jsonpath");
    let spec = write_spec(
        &dir,
        "j.hurl",
        &format!(
            "GET {}\nHTTP 200\n[Asserts]\njsonpath \"$.[\" == 1\n",
            server.url("/json")
        ),
    );
    let (code, _, err) = sortie(&["test", spec.to_str().unwrap()]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("j.hurl:4:1"), "{err}");
    assert!(err.contains("JSONPath"), "{err}");
}

#[test]
fn a_parse_error_in_one_file_is_exit_2_and_the_others_still_run() {
    let server = api();
    let dir = TempDir::new("parse-and-run");
    write_spec(
        &dir,
        "a_ok.hurl",
        &format!("GET {}\nHTTP 200\n", server.url("/json")),
    );
    write_spec(&dir, "b_bad.hurl", "GET http://127.0.0.1/\nHTTP 2000\n");
    let (code, _, err) = sortie(&["test", dir.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("b_bad.hurl:2:6"), "{err}");
    assert!(err.contains("entries:  1 passed"), "{err}");
}

#[test]
fn run_prints_the_last_response_and_include_adds_the_head() {
    let server = api();
    let dir = TempDir::new("run");
    let spec = write_spec(
        &dir,
        "two.hurl",
        &format!(
            "GET {}\nHTTP 200\n\nGET {}\n",
            server.url("/json"),
            server.url("/text")
        ),
    );
    let (code, out, err) = sortie(&["run", spec.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "plain text, not JSON");
    let (code, out, _) = sortie(&["run", spec.to_str().unwrap(), "-i"]);
    assert_eq!(code, 0);
    // As Hurl: the status line without a reason phrase.
    assert!(out.starts_with("HTTP/1.1 200\n"), "{out}");
    assert!(
        out.to_lowercase().contains("content-type: text/plain\n"),
        "{out}"
    );
    assert!(out.ends_with("\n\nplain text, not JSON"), "{out}");
}

#[test]
fn secrets_never_reach_the_output() {
    let server = api();
    let dir = TempDir::new("secrets");
    let spec = write_spec(
        &dir,
        "s.hurl",
        &format!(
            "GET {}?key={{{{token}}}}\nAuthorization: Bearer {{{{token}}}}\nX-Token: {{{{token}}}}\nHTTP 200\n[Asserts]\njsonpath \"$.name\" == \"{{{{token}}}}\"\n",
            server.url("/json")
        ),
    );
    let (code, out, err) = sortie(&[
        "test",
        spec.to_str().unwrap(),
        "--secret",
        "token=CANARY-secret-314",
        "--verbose",
    ]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("***"), "{err}");
    assert!(
        !err.contains("CANARY-secret-314") && !out.contains("CANARY-secret-314"),
        "{err}"
    );
}

#[test]
fn continue_on_error_runs_the_entries_after_a_failure() {
    let server = api();
    let dir = TempDir::new("continue");
    let text = format!(
        "GET {0}\nHTTP 500\n\nGET {0}\nHTTP 200\n",
        server.url("/json")
    );
    let spec = write_spec(&dir, "c.hurl", &text);
    let (code, _, err) = sortie(&["test", spec.to_str().unwrap()]);
    assert_eq!(code, 4);
    assert!(
        err.contains("0 passed, 1 failed, 0 errored, 1 skipped"),
        "{err}"
    );
    let (code, _, err) = sortie(&["test", spec.to_str().unwrap(), "--continue-on-error"]);
    assert_eq!(code, 4);
    assert!(
        err.contains("1 passed, 1 failed, 0 errored, 0 skipped"),
        "{err}"
    );
}

#[test]
fn the_demo_runs_passing_and_failing_specs() {
    // `cargo test` builds the examples next to the test binaries.
    let exe = std::env::current_exe().unwrap();
    let demo = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples/demo");
    assert!(
        demo.exists(),
        "the demo example is built at {}",
        demo.display()
    );
    let out = std::process::Command::new(&demo)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("03-failing.hurl:9:"), "{err}");
    assert!(err.contains("-  \"price\": 10"), "{err}");
    assert!(err.contains("04-failing-status.hurl:3:6"), "{err}");
    assert!(err.contains("files:    4 (2 passed, 2 failed)"), "{err}");
}
