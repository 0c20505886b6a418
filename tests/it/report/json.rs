//! The JSON report: every file, entry, run, transport attempt (number, duration, status or
//! error, retry delay), assert (expected, actual, pass, line) and capture, with timings.

use serde_json::{json, Value};

use super::mixed_run;

fn file<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in the report"))
}

#[test]
fn the_json_report_holds_every_file_entry_run_attempt_assert_and_capture() {
    let (dir, _api, out) = mixed_run("json");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let text =
        std::fs::read_to_string(dir.path("report.json")).expect("the JSON report is written");
    let report: Value = serde_json::from_str(&text).unwrap();

    assert_eq!(report["format"], 1);
    assert_eq!(report["exit_code"], 2);
    assert!(report["duration_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(
        report["summary"],
        json!({
            "files": 8, "files_failed": 4, "passed": 4, "failed": 2, "errored": 1, "skipped": 2,
            "requests": 13, "transport_retries": 2, "entry_reruns": 4
        })
    );
    assert_eq!(report["files"].as_array().unwrap().len(), 8);

    // A passing entry: its run, its one attempt, its asserts (implicit status too) and capture.
    let pass = file(&report, "a-pass.hurl");
    assert_eq!(pass["outcome"], "passed");
    assert!(pass["started_at"].as_str().unwrap().ends_with('Z'));
    let entry = &pass["entries"][0];
    assert_eq!(
        (&entry["name"], &entry["line"], &entry["outcome"]),
        (&json!("The API is up"), &json!(2), &json!("passed"))
    );
    let run = &entry["runs"][0];
    assert_eq!(run["number"], 1);
    assert_eq!(run["status"], 200);
    assert!(run["request"]
        .as_str()
        .unwrap()
        .starts_with("GET http://127.0.0.1:"));
    assert_eq!(run["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(run["attempts"][0]["status"], 200);
    assert_eq!(run["attempts"][0]["error"], Value::Null);
    assert!(run["attempts"][0]["duration_ms"].is_number());
    let asserts = run["asserts"].as_array().unwrap();
    assert!(asserts.contains(&json!({"line": 3, "column": 6, "source": "status", "expected": "200", "actual": "200", "pass": true})), "{asserts:?}");
    let jsonpath = asserts.iter().find(|a| a["line"] == 7).unwrap();
    assert_eq!(
        (&jsonpath["actual"], &jsonpath["pass"]),
        (&json!("\"ok\""), &json!(true))
    );
    assert_eq!(run["captures"], json!([{"name": "state", "value": "ok"}]));

    // Transport attempts: status or error, and the wait before the next one.
    let flaky = &file(&report, "e-flaky.hurl")["entries"][0]["runs"][0]["attempts"];
    let summary: Vec<Value> = flaky
        .as_array()
        .unwrap()
        .iter()
        .map(|a| json!([a["number"], a["status"], a["retry_delay_ms"]]))
        .collect();
    assert_eq!(
        summary,
        [
            json!([1, 503, 10.0]),
            json!([2, 503, 10.0]),
            json!([3, 200, null])
        ]
    );
    let refused = &file(&report, "c-error.hurl")["entries"][0]["runs"][0];
    assert_eq!(refused["outcome"], "errored");
    assert_eq!(refused["attempts"][0]["status"], Value::Null);
    assert_eq!(refused["attempts"][0]["error"]["kind"], "connect");
    assert_eq!(refused["problems"][0]["kind"], "runtime");

    // Hurl retry runs are all there, with their failed asserts.
    let retried = &file(&report, "f-retry.hurl")["entries"][0];
    let outcomes: Vec<&Value> = retried["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["outcome"])
        .collect();
    assert_eq!(
        outcomes,
        [&json!("failed"), &json!("failed"), &json!("passed")]
    );
    let failed_assert = retried["runs"][0]["asserts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["pass"] == false)
        .unwrap();
    assert_eq!(
        (&failed_assert["line"], &failed_assert["actual"]),
        (&json!(8), &json!("1"))
    );

    // Failures carry their notes (the diff) and the rendered error, without colour.
    let problem = &file(&report, "b-fail.hurl")["entries"][0]["runs"][0]["problems"][0];
    assert_eq!(
        (&problem["kind"], &problem["line"], &problem["column"]),
        (&json!("assert"), &json!(4), &json!(1))
    );
    assert!(problem["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("+  \"price\": 12")));
    assert!(problem["rendered"]
        .as_str()
        .unwrap()
        .contains("b-fail.hurl:4:1"));
    assert!(!text.contains('\u{1b}'));
    let skipped = &file(&report, "b-fail.hurl")["entries"][1];
    assert_eq!(
        (&skipped["outcome"], &skipped["skip_reason"]),
        (
            &json!("skipped"),
            &json!("not run: an earlier entry failed")
        )
    );

    // A file that does not parse has its problem and no entries.
    let parse = file(&report, "g-parse.hurl");
    assert_eq!(parse["outcome"], "errored");
    assert_eq!(
        (&parse["problem"]["title"], &parse["problem"]["line"]),
        (&json!("parse error"), &json!(4))
    );
    assert_eq!(parse["entries"], json!([]));
}
