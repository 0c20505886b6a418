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

/// Every form a secret takes on the way out is masked in every output: JSON-escaped in an
/// echoed body, URL-encoded in a query (debug output, `url` assert), base64 in an echoed
/// Basic header, hex in a failing `bytes` assert, a value derived by a filter.
#[test]
fn secrets_in_transformed_forms_never_appear() {
    use base64::Engine as _;
    let server = crate::support::TestServer::echo();
    let dir = TempDir::new("secrets-forms");
    let secret = "Canary \"q/8\" 7f3a";
    dir.write(
        "specs/forms.hurl",
        "GET {{base}}/echo\n\
         [Query]\n\
         q: {{token}}\n\
         [BasicAuth]\n\
         bob: {{token}}\n\
         HTTP 200\n\
         [Captures]\n\
         derived: variable \"token\" utf8Encode base64Encode\n\
         [Asserts]\n\
         url == \"nothing\"\n\
         body == \"nothing\"\n\
         bytes == hex,00;\n\
         variable \"derived\" == \"nothing\"\n",
    );
    let junit = dir.path("junit.xml");
    let json = dir.path("report.json");
    let html = dir.path("html");
    let out = sortie(
        &[
            "test",
            dir.path("specs").to_str().unwrap(),
            "--variable",
            &format!("base=http://127.0.0.1:{}", server.port),
            "--secret",
            &format!("token={secret}"),
            "--very-verbose",
            "--continue-on-error",
            "--report-junit",
            junit.to_str().unwrap(),
            "--report-json",
            json.to_str().unwrap(),
            "--report-html",
            html.to_str().unwrap(),
        ],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(out.code, Some(4), "{}", out.stderr);
    let b64 = base64::engine::general_purpose::STANDARD;
    let forms = [
        secret.to_string(),
        serde_json::Value::String(secret.into()).to_string().trim_matches('"').to_string(),
        "Canary%20%22q%2F8%22%207f3a".to_string(),
        b64.encode(secret),
        b64.encode(format!("bob:{secret}")),
        secret.bytes().map(|b| format!("{b:02x}")).collect::<String>(),
    ];
    let outputs = [
        ("JUnit", std::fs::read_to_string(&junit).unwrap()),
        ("JSON", std::fs::read_to_string(&json).unwrap()),
        ("HTML", std::fs::read_to_string(html.join("index.html")).unwrap()),
        ("stdout", out.stdout.clone()),
        ("stderr", out.stderr.clone()),
    ];
    for (what, text) in &outputs {
        for form in &forms {
            assert!(!text.contains(form.as_str()), "{what} leaks {form:?}:\n{text}");
        }
    }
}
