//! `specs/httpbin/` exercises the spec language against real httpbin and must pass;
//! `specs/failing/` holds deliberately failing specs whose reported place, expected and
//! actual values are checked.

use std::path::Path;

use crate::support::{httpbin, run, sortie};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sortie_test(path: &str) -> (i32, String, String) {
    let bin = httpbin();
    let out = run(sortie()
        .current_dir(repo())
        .args([
            "test",
            path,
            "--color",
            "never",
            "--jobs",
            "2",
            "--max-time",
            "20s",
        ])
        .args(["--variable", &format!("httpbin={}", bin.url(""))])
        .args(["--variable", "page=2", "--variable", "run_id=r-77"])
        .args(["--secret", "password=CANARY-pass-9"])
        .args(["--file-root", "."]));
    (out.code.unwrap_or(-1), out.stdout, out.stderr)
}

#[test]
fn httpbin_specs_pass() {
    let (code, stdout, stderr) = sortie_test("specs/httpbin");
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("failed, 0 errored"), "{stderr}");
    assert!(stderr.contains(" 0 failed, 0 errored"), "{stderr}");
    assert!(!stderr.contains("CANARY-pass-9") && !stdout.contains("CANARY-pass-9"));
}

/// Runs one failing spec: its exit code and what it printed.
fn failing(name: &str) -> (i32, String) {
    let (code, _, stderr) = sortie_test(&format!("specs/failing/{name}"));
    (code, stderr)
}

#[test]
fn status_mismatch_is_reported_on_the_status_line() {
    let (code, err) = failing("status.hurl");
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("--> specs/failing/status.hurl:3:6"), "{err}");
    assert!(
        err.contains("expected: 200") && err.contains("actual:   404"),
        "{err}"
    );
}

#[test]
fn json_mismatch_shows_a_diff_of_the_differing_value() {
    let (code, err) = failing("json_body.hurl");
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("--> specs/failing/json_body.hurl:6:19"),
        "{err}"
    );
    assert!(err.contains("-  \"price\": 10\n"), "{err}");
    assert!(err.contains("+  \"price\": 9.5\n"), "{err}");
    assert!(err.contains("$.price"), "{err}");
    // Equal members are context, not changes.
    assert!(!err.contains("-  \"name\""), "{err}");
}

#[test]
fn failing_assert_reports_expected_and_actual() {
    let (code, err) = failing("assert.hurl");
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("--> specs/failing/assert.hurl:5:30"), "{err}");
    assert!(err.contains("expected: greater than 5"), "{err}");
    assert!(err.contains("actual:   1"), "{err}");
}

#[test]
fn undefined_variable_is_a_runtime_error_at_its_place() {
    let (code, err) = failing("undefined_variable.hurl");
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("--> specs/failing/undefined_variable.hurl:1:29"),
        "{err}"
    );
    assert!(err.contains("undefined variable 'nope'"), "{err}");
}

/// An assert that cannot be evaluated is an assert failure, as in Hurl.
#[test]
fn invalid_regex_in_an_assert_is_an_assert_failure() {
    let (code, err) = failing("bad_regex.hurl");
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("specs/failing/bad_regex.hurl:4:"), "{err}");
}

#[test]
fn runtime_errors_win_over_assert_failures() {
    let (code, _, err) = sortie_test("specs/failing");
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("files:    5 (0 passed, 5 failed)"), "{err}");
}
