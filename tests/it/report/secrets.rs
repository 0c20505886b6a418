//! Secrets never reach a report: a `--secret` (and a `SORTIE_SECRET_*`) sent in a header
//! and a query, expected by a failing assert and captured, shows as `***` in the JUnit and
//! JSON reports, the GitHub annotations and the terminal.

use super::sortie;
use crate::support::{ExampleApi, TempDir};

/// A secret used here; it must never appear in a report.
const CANARY: &str = "CANARY-7f3a9c1e";

#[test]
fn secrets_never_appear_in_the_junit_or_json_report() {
    let api = ExampleApi::start();
    let dir = TempDir::new("secrets");
    let other = "CANARY-env-55d1";
    dir.write(
        "specs/token.hurl",
        "# Send the token\n\
         GET {{base}}/token?t={{token}}\n\
         X-Token: {{token}}\n\
         X-Other: {{other}}\n\
         HTTP 200\n\
         [Captures]\n\
         seen: jsonpath \"$.token\"\n\
         hidden: jsonpath \"$.token\" redact\n\
         [Asserts]\n\
         jsonpath \"$.token\" == \"{{token}}-rotated\"\n\
         header \"Content-Type\" == \"{{other}}\"\n",
    );
    let junit = dir.path("junit.xml");
    let json = dir.path("report.json");
    let out = sortie(
        &[
            "test",
            dir.path("specs").to_str().unwrap(),
            "--variable",
            &format!("base={}", api.base),
            "--secret",
            &format!("token={CANARY}"),
            "--continue-on-error",
            "--report-junit",
            junit.to_str().unwrap(),
            "--report-json",
            json.to_str().unwrap(),
        ],
        &[("SORTIE_SECRET_other", other), ("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(out.code, Some(4), "{}", out.stderr);
    let junit = std::fs::read_to_string(junit).unwrap();
    let json = std::fs::read_to_string(json).unwrap();
    for (what, text) in [
        ("JUnit", &junit),
        ("JSON", &json),
        ("stdout", &out.stdout),
        ("stderr", &out.stderr),
    ] {
        assert!(!text.contains(CANARY), "{what} leaks the secret:\n{text}");
        assert!(
            !text.contains(other),
            "{what} leaks the environment secret:\n{text}"
        );
        assert!(text.contains("***"), "{what} shows no mask:\n{text}");
    }
    // The failing assert's expected value is there, masked.
    assert!(junit.contains("***-rotated"), "{junit}");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let run = &report["files"][0]["entries"][0]["runs"][0];
    assert_eq!(
        run["captures"],
        serde_json::json!([{"name": "seen", "value": "***"}, {"name": "hidden", "value": "***"}])
    );
    assert!(run["request"].as_str().unwrap().ends_with("/token?t=***"));
    assert!(out.stdout.contains("::error file="), "{}", out.stdout);
}
