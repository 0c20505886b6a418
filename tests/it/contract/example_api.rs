//! `--openapi` with the example API and an OpenAPI 3.1 document (`fixtures/contract/
//! example-api.openapi.json`): coverage gathered over files run in parallel, in the terminal
//! summary and the JSON, JUnit and HTML reports; `--openapi-coverage` passing and failing;
//! `openapi:` in sortie.yaml; shards merged; `sortie run`.

use serde_json::{json, Value};

use super::{errors, fixture, sortie_in};
use crate::report::junit::{junit_schema, without_file_and_line, xmllint};
use crate::support::{ExampleApi, Out, TempDir};

const A: &str = "GET {{base}}/ok\nHTTP 200\n\n\
                 GET {{base}}/price\nHTTP 200\n\n\
                 # Not in the document\nGET {{base}}/nope?secret={{token}}\nHTTP 404\n";
const B: &str = "GET {{base}}/counter/b\nHTTP 200\n\n\
                 GET {{base}}/flaky/b\n[Options]\nmax-retries: 3\nretry-delay: 10ms\nHTTP 200\n\n\
                 # Left out of the contract\nGET {{base}}/token\n[Options]\nopenapi: false\nHTTP 200\n";

const COVERAGE: &str =
    "contract: 4/6 operations, 4/8 documented responses exercised, 1 undocumented request\n";

/// The two specs in `dir/specs`, run with `args` against a fresh example API.
fn run_specs(dir: &TempDir, args: &[&str]) -> Out {
    let api = ExampleApi::start();
    dir.write("specs/a.hurl", A);
    dir.write("specs/b.hurl", B);
    let base = format!("base={}", api.base);
    let mut all = vec![
        "test",
        "specs",
        "--jobs",
        "2",
        "--variable",
        &base,
        "--secret",
        "token=t0p-s3cret",
    ];
    all.extend_from_slice(args);
    sortie_in(dir, &all)
}

fn document() -> String {
    fixture("example-api.openapi.json").display().to_string()
}

#[test]
fn coverage_in_the_summary_and_every_report() {
    let dir = TempDir::new("coverage-reports");
    let doc = document();
    let out = run_specs(
        &dir,
        &[
            "--openapi",
            &doc,
            "--openapi-coverage",
            "60",
            "--report-json",
            "report.json",
            "--report-junit",
            "junit.xml",
            "--report-html",
            "html",
        ],
    );
    out.assert_code(0);
    out.err_has("entries:  6 passed, 0 failed");
    out.err_has(COVERAGE);

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("report.json")).unwrap()).unwrap();
    let c = &report["contract"];
    assert_eq!(c["document"], json!(doc));
    assert_eq!(c["openapi"], "3.1");
    assert_eq!(c["required_coverage"], 60.0);
    assert_eq!(
        [
            &c["operations_exercised"],
            &c["operations_total"],
            &c["responses_exercised"],
            &c["responses_total"],
            &c["undocumented_requests"]
        ],
        [&json!(4), &json!(6), &json!(4), &json!(8), &json!(1)]
    );
    assert_eq!(
        c["operations_never_exercised"],
        json!(["GET /token", "DELETE /counter/{key}"])
    );
    // The request path is redacted like every text of the report.
    assert_eq!(
        c["undocumented"],
        json!([{"method": "GET", "path": "/nope", "count": 1, "statuses": [404]}])
    );
    let flaky = c["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["operation"] == "GET /flaky/{key}")
        .unwrap();
    assert_eq!(
        flaky,
        &json!({
            "operation": "GET /flaky/{key}", "operation_id": "flaky", "responses": ["200", "5XX"],
            "statuses_seen": [200], "responses_seen": ["200"], "responses_never_seen": ["5XX"],
            "undocumented_statuses": []
        })
    );
    // Each checked response has its passing `contract` assert at the request line.
    let ok_run = &report["files"][0]["entries"][0]["runs"][0];
    let contract = ok_run["asserts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == "contract")
        .unwrap();
    assert_eq!(
        (&contract["line"], &contract["column"], &contract["pass"]),
        (&json!(1), &json!(1), &json!(true))
    );
    assert_eq!(contract["actual"], "status 200, conforms");

    let junit = std::fs::read_to_string(dir.path("junit.xml")).unwrap();
    assert!(
        junit.contains("<property name=\"contract.operations\" value=\"4/6\"/>"),
        "{junit}"
    );
    assert!(junit.contains("<property name=\"contract.responses\" value=\"4/8\"/>"));
    assert!(junit.contains("<property name=\"contract.undocumented_requests\" value=\"1\"/>"));
    assert!(junit.contains("<testcase name=\"operation coverage &gt;= 60%\""));

    let html = std::fs::read_to_string(dir.path("html/index.html")).unwrap();
    assert!(html.contains(
        "<section id=\"contract\" class=\"contract\" data-operations-exercised=\"4\" \
         data-operations-total=\"6\" data-responses-exercised=\"4\" data-responses-total=\"8\" \
         data-undocumented=\"1\">"
    ));
    assert!(html.contains("<tr class=\"never\" data-operation=\"DELETE /counter/{key}\">"));
    assert!(html.contains("<td class=\"mono\">GET /nope</td>"));
    for text in [&report.to_string(), &junit, &html, &out.stderr] {
        assert!(!text.contains("t0p-s3cret"), "a secret leaked");
    }
}

#[test]
fn too_little_coverage_fails_the_run_with_the_operations_never_exercised() {
    let dir = TempDir::new("coverage-fail");
    let doc = document();
    let out = run_specs(
        &dir,
        &[
            "--openapi",
            &doc,
            "--openapi-coverage",
            "70",
            "--report-json",
            "report.json",
            "--report-junit",
            "junit.xml",
        ],
    );
    out.assert_code(4);
    out.err_has("entries:  6 passed, 0 failed");
    let errors = errors(&out.stderr);
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    assert!(
        errors[0].starts_with(&format!(
            "error: contract coverage\n  4/6 operations of {doc} exercised (66.7%), below --openapi-coverage 70\n"
        )),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].ends_with("  never exercised:\n    GET /token\n    DELETE /counter/{key}\n"),
        "{}",
        errors[0]
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("report.json")).unwrap()).unwrap();
    assert_eq!(report["exit_code"], 4);
    let junit = std::fs::read_to_string(dir.path("junit.xml")).unwrap();
    assert!(
        junit.contains(
            "<failure message=\"66.7% of operations exercised, below 70%\" type=\"assert\">"
        ),
        "{junit}"
    );
    // The contract suite keeps the report valid against Jenkins' JUnit schema.
    let copy = dir.path("junit-for-xsd.xml");
    std::fs::write(&copy, without_file_and_line(&junit)).unwrap();
    let check = std::process::Command::new(xmllint())
        .args(["--noout", "--schema"])
        .arg(junit_schema())
        .arg(&copy)
        .output()
        .expect("xmllint runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // Without a document the requirement is a usage error.
    let out = run_specs(&dir, &["--openapi-coverage", "70"]);
    out.assert_code(1);
    out.err_has("--openapi-coverage needs an OpenAPI document");
}

#[test]
fn a_3_1_schema_violation_and_a_documented_5xx() {
    let api = ExampleApi::start();
    let dir = TempDir::new("openapi-31");
    dir.write(
        "spec.hurl",
        "GET {{base}}/token\nX-Token: abc\nHTTP 200\n\n\
         GET {{base}}/token\nHTTP 200\n\n\
         GET {{base}}/flaky/c\nHTTP 503\n",
    );
    let doc = document();
    let base = format!("base={}", api.base);
    let out = sortie_in(
        &dir,
        &[
            "test",
            "spec.hurl",
            "--continue-on-error",
            "--variable",
            &base,
            "--openapi",
            &doc,
        ],
    );
    out.assert_code(4);
    let errors = errors(&out.stderr);
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    for needle in [
        "error: contract violation\n --> spec.hurl:5:1\n",
        "the response breaks the contract of GET /token (status 200)",
        "body $.token: \"\" is shorter than 1 character (schema: example-api.openapi.json#/paths/~1token/get/responses/200/content/application~1json/schema/properties/token/minLength)",
    ] {
        assert!(errors[0].contains(needle), "{needle:?} not in:\n{}", errors[0]);
    }
    out.err_has(
        "contract: 2/6 operations, 2/8 documented responses exercised, 0 undocumented requests\n",
    );
}

#[test]
fn the_document_can_come_from_sortie_yaml() {
    let dir = TempDir::new("openapi-config");
    std::fs::create_dir_all(dir.path("api")).unwrap();
    std::fs::copy(
        fixture("example-api.openapi.json"),
        dir.path("api/example.json"),
    )
    .unwrap();
    dir.write("sortie.yaml", "openapi: api/example.json\n");
    let out = run_specs(&dir, &[]);
    out.assert_code(0);
    out.err_has(COVERAGE);
    // --openapi wins over the config file.
    let other = fixture("httpbin.openapi.yaml");
    let out = run_specs(&dir, &["--openapi", other.to_str().unwrap()]);
    out.err_has(
        "contract: 0/9 operations, 0/10 documented responses exercised, 5 undocumented requests\n",
    );
    // A wrong value is an error at its place.
    dir.write("sortie.yaml", "connections: {}\nopenapi: [a]\n");
    let out = run_specs(&dir, &[]);
    out.assert_code(2);
    out.err_has(" --> sortie.yaml:2:1\n");
    out.err_has("'openapi' must be the path of an OpenAPI document");
}

#[test]
fn shards_merge_into_the_coverage_of_the_whole_run() {
    let dir = TempDir::new("coverage-merge");
    let doc = document();
    for k in ["1/2", "2/2"] {
        let json = format!("shard-{}.json", &k[..1]);
        let out = run_specs(
            &dir,
            &["--openapi", &doc, "--shard", k, "--report-json", &json],
        );
        out.assert_code(0);
    }
    let merge = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "merge",
            "shard-1.json",
            "shard-2.json",
            "--report-json",
            "merged.json",
        ];
        args.extend_from_slice(extra);
        sortie_in(&dir, &args)
    };
    let out = merge(&[]);
    out.assert_code(0);
    out.err_has(COVERAGE);
    out.err_has("run exit: 0\n");
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("merged.json")).unwrap()).unwrap();
    assert_eq!(merged["contract"]["operations_exercised"], 4);
    assert_eq!(merged["contract"]["responses_exercised"], 4);
    assert_eq!(merged["contract"]["undocumented_requests"], 1);

    let out = merge(&["--openapi-coverage", "70"]);
    out.assert_code(0);
    out.err_has("coverage: 66.7% of operations, below --openapi-coverage 70; never exercised: GET /token, DELETE /counter/{key}\n");
    out.err_has("run exit: 4\n");
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("merged.json")).unwrap()).unwrap();
    assert_eq!(merged["exit_code"], 4);
}

#[test]
fn sortie_run_checks_the_response_it_prints() {
    let api = ExampleApi::start();
    let dir = TempDir::new("openapi-run");
    dir.write("token.hurl", "GET {{base}}/token\n");
    let doc = document();
    let base = format!("base={}", api.base);
    let out = sortie_in(
        &dir,
        &["run", "token.hurl", "--variable", &base, "--openapi", &doc],
    );
    out.assert_code(4);
    out.err_has("error: contract violation\n --> token.hurl:1:1\n");
    out.err_has("body $.token: \"\" is shorter than 1 character");
}
