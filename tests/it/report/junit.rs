//! The JUnit report of a run with passing, failing, erroring, skipped, transport-retried,
//! Hurl-retried and unparsable specs: valid against Jenkins' schema (checked by `xmllint`),
//! read correctly by a real JUnit consumer (`junitparser`), and stable (an `insta` snapshot).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{mixed_run, sortie, MIXED_SPECS};
use crate::support::{free_port, ExampleApi, TempDir};

/// `xmllint` (Debian's libxml2-utils, which `.ci/run` installs), or a panic saying how to install it.
pub(crate) fn xmllint() -> &'static str {
    let ok = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "xmllint not found: install Debian's libxml2-utils (.ci/run does)"
    );
    "xmllint"
}

/// A Python with the `junitparser` package: `python3` or `/usr/bin/python3`.
fn python_with_junitparser() -> &'static str {
    for python in ["python3", "/usr/bin/python3"] {
        let ok = std::process::Command::new(python)
            .args(["-c", "import junitparser"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return python;
        }
    }
    panic!("no python3 with junitparser: `python3 -m pip install junitparser` (.ci/run does)");
}

/// The JUnit schema used by Jenkins, from the shared folder.
pub(crate) fn junit_schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/junit-10.xsd")
}

/// The report without the testcase `file` and `line` attributes, which Jenkins' schema lacks
/// (GitLab and GitHub test-report actions read them).
pub(crate) fn without_file_and_line(xml: &str) -> String {
    let attrs = regex::Regex::new(r#" (file|line)="[^"]*""#).unwrap();
    let testcase = regex::Regex::new(r"<testcase [^>]*>").unwrap();
    testcase
        .replace_all(xml, |c: &regex::Captures| {
            attrs.replace_all(&c[0], "").into_owned()
        })
        .into_owned()
}

#[test]
fn the_report_validates_against_the_jenkins_junit_schema() {
    let (dir, _api, out) = mixed_run("junit-xsd");
    assert_eq!(out.code, Some(2), "a parse error wins: {}", out.stderr);
    let xml = std::fs::read_to_string(dir.path("junit.xml")).expect("the JUnit report is written");
    assert!(xml.contains(" file=\"") && xml.contains(" line=\""));
    assert!(!xml.contains('\u{1b}'), "no ANSI codes");
    let copy = dir.path("junit-for-xsd.xml");
    std::fs::write(&copy, without_file_and_line(&xml)).unwrap();
    let check = Command::new(xmllint())
        .args(["--noout", "--schema"])
        .arg(junit_schema())
        .arg(&copy)
        .output()
        .expect("xmllint runs");
    assert!(
        check.status.success(),
        "xmllint: {}\n{}",
        String::from_utf8_lossy(&check.stderr),
        xml
    );
    // Every kind of result is in there.
    for element in [
        "<failure ",
        "<error ",
        "<skipped ",
        "<flakyFailure ",
        "<rerunFailure ",
    ] {
        assert!(xml.contains(element), "{element} missing:\n{xml}");
    }
}

/// Reads the report with junitparser (and the flaky/rerun elements, which junitparser does
/// not model, with ElementTree); prints JSON.
const READER: &str = r#"
import json, sys
import xml.etree.ElementTree as ET
from junitparser import JUnitXml, Failure, Error, Skipped

path = sys.argv[1]
report = JUnitXml.fromfile(path)
suites = []
for suite in report:
    cases = []
    for case in suite:
        results = []
        for r in case.result:
            kind = {Failure: "failure", Error: "error", Skipped: "skipped"}.get(type(r), type(r).__name__)
            results.append({"kind": kind, "message": r.message, "type": r.type, "text": r.text})
        cases.append({"name": case.name, "classname": case.classname, "time": case.time,
                      "passed": case.is_passed, "skipped": case.is_skipped, "results": results})
    suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                   "errors": suite.errors, "skipped": suite.skipped, "cases": cases})
others = {}
for case in ET.parse(path).getroot().iter("testcase"):
    others[case.get("name")] = [{"tag": c.tag, "message": c.get("message"), "type": c.get("type"),
                                  "text": c.text} for c in case
                                 if c.tag in ("flakyFailure", "flakyError", "rerunFailure", "rerunError")]
print(json.dumps({"tests": report.tests, "failures": report.failures, "errors": report.errors,
                  "suites": suites, "reruns": others}))
"#;

#[test]
fn junitparser_reads_names_classnames_counts_and_failure_texts() {
    let (dir, _api, out) = mixed_run("junit-parser");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let report = dir.path("junit.xml");
    let read = Command::new(python_with_junitparser())
        .args(["-c", READER])
        .arg(&report)
        .output()
        .expect("python runs");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    let specs = dir.path("specs");
    let spec = |name: &str| specs.join(name).display().to_string();
    let class = |name: &str| specs.join(name).with_extension("").display().to_string();

    assert_eq!(
        (
            v["tests"].as_u64(),
            v["failures"].as_u64(),
            v["errors"].as_u64()
        ),
        (Some(10), Some(2), Some(2))
    );
    let suites = v["suites"].as_array().unwrap();
    let names: Vec<&str> = suites.iter().map(|s| s["name"].as_str().unwrap()).collect();
    let files = [
        "a-pass",
        "b-fail",
        "c-error",
        "d-skip",
        "e-flaky",
        "f-retry",
        "g-parse",
        "h-retry-fail",
    ];
    let expected: Vec<String> = files.iter().map(|f| spec(&format!("{f}.hurl"))).collect();
    assert_eq!(names, expected);
    let suite = |f: &str| {
        suites
            .iter()
            .find(|s| s["name"] == spec(&format!("{f}.hurl")))
            .unwrap()
    };
    let counts = |f: &str| {
        let s = suite(f);
        [&s["tests"], &s["failures"], &s["errors"], &s["skipped"]].map(|n| n.as_u64().unwrap())
    };
    assert_eq!(counts("a-pass"), [1, 0, 0, 0]);
    assert_eq!(counts("b-fail"), [2, 1, 0, 1]);
    assert_eq!(counts("c-error"), [1, 0, 1, 0]);
    assert_eq!(counts("d-skip"), [2, 0, 0, 1]);
    assert_eq!(counts("e-flaky"), [1, 0, 0, 0]);
    assert_eq!(counts("f-retry"), [1, 0, 0, 0]);
    assert_eq!(counts("g-parse"), [1, 0, 1, 0]);
    assert_eq!(counts("h-retry-fail"), [1, 1, 0, 0]);

    // Names are entry names, classnames the file path without extension.
    let case = |f: &str, i: usize| &suite(f)["cases"][i];
    assert_eq!(case("a-pass", 0)["name"], "The API is up");
    assert_eq!(case("a-pass", 0)["classname"], class("a-pass.hurl"));
    assert_eq!(case("a-pass", 0)["passed"], true);
    assert_eq!(
        case("h-retry-fail", 0)["classname"],
        class("h-retry-fail.hurl")
    );

    // The failure holds the whole rendered error, diff included, without colour.
    let failure = &case("b-fail", 0)["results"][0];
    assert_eq!(case("b-fail", 0)["name"], "The price is still 10");
    assert_eq!(failure["kind"], "failure");
    assert_eq!(failure["type"], "assert");
    let text = failure["text"].as_str().unwrap();
    for part in [
        "error: assert failure",
        &format!("--> {}:4:1", spec("b-fail.hurl")),
        "4 | {\"name\": \"Gadget\", \"price\": 10}",
        "--- expected",
        "+++ actual",
        "-  \"price\": 10",
        "+  \"price\": 12",
        "differs at: $.price",
    ] {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
    assert!(failure["message"]
        .as_str()
        .unwrap()
        .starts_with("line 4: JSON body does not match"));
    let skipped = &case("b-fail", 1)["results"][0];
    assert_eq!(
        (&skipped["kind"], &skipped["message"]),
        (
            &"skipped".into(),
            &"not run: an earlier entry failed".into()
        )
    );
    assert_eq!(case("d-skip", 0)["results"][0]["message"], "skip option");
    assert_eq!(case("d-skip", 1)["passed"], true);

    // Runtime errors and unparsable files are errors.
    let error = &case("c-error", 0)["results"][0];
    assert_eq!(
        (&error["kind"], &error["type"]),
        (&"error".into(), &"http request".into())
    );
    assert!(error["text"]
        .as_str()
        .unwrap()
        .contains(&format!("--> {}:2:1", spec("c-error.hurl"))));
    let parse = case("g-parse", 0);
    assert_eq!(parse["name"], "g-parse.hurl");
    assert_eq!(parse["classname"], class("g-parse.hurl"));
    assert_eq!(
        (&parse["results"][0]["kind"], &parse["results"][0]["type"]),
        (&"error".into(), &"parse error".into())
    );
    assert!(parse["results"][0]["text"]
        .as_str()
        .unwrap()
        .contains(&format!("--> {}:4:", spec("g-parse.hurl"))));

    // Earlier failures are flaky or rerun elements of the same test case, never test cases.
    let reruns = |name: &str| -> Vec<(String, String)> {
        v["reruns"][name]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["tag"].as_str().unwrap().to_string(),
                    r["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        reruns("Flaky, retried by the transport"),
        [
            (
                "flakyFailure".to_string(),
                "attempt 1 of run 1: status 503".to_string()
            ),
            (
                "flakyFailure".to_string(),
                "attempt 2 of run 1: status 503".to_string()
            ),
        ]
    );
    let retried = reruns("Ready on the third look");
    assert_eq!(retried.len(), 2);
    assert!(retried.iter().all(|(tag, _)| tag == "flakyFailure"));
    assert!(
        retried[0].1.starts_with(
            "run 1: line 8: assert failed (expected greater than or equal to 3, actual 1)"
        ),
        "{retried:?}"
    );
    assert!(retried[1].1.starts_with("run 2: "), "{retried:?}");
    let never = reruns("Never 10");
    assert_eq!(never.len(), 2);
    assert!(never.iter().all(|(tag, _)| tag == "rerunFailure"));
    let text = v["reruns"]["Never 10"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("error: assert failure") && text.contains("actual:   12"),
        "{text}"
    );
    assert!(reruns("The API is up").is_empty());
}

/// Times, timestamps, ports, the temporary folder and millisecond counts replaced by
/// placeholders.
fn normalise(xml: &str, dir: &std::path::Path, ports: &[u16]) -> String {
    let mut s = xml.replace(&dir.display().to_string(), "[DIR]");
    for port in ports {
        s = s.replace(&format!(":{port}"), ":[PORT]");
    }
    let rules = [
        (r#"time="[0-9.]+""#, r#"time="[TIME]""#),
        (r#"timestamp="[^"]+""#, r#"timestamp="[TIMESTAMP]""#),
        (r"\b\d+ ms\b", "[N] ms"),
    ];
    for (pattern, with) in rules {
        s = regex::Regex::new(pattern)
            .unwrap()
            .replace_all(&s, with)
            .into_owned();
    }
    s
}

#[test]
fn the_whole_report_matches_its_snapshot() {
    let dir = TempDir::new("junit-snapshot");
    for (name, text) in MIXED_SPECS {
        dir.write(&format!("specs/{name}"), text);
    }
    let api = ExampleApi::start();
    let closed = free_port();
    let junit = dir.path("junit.xml");
    let out = sortie(
        &[
            "test",
            dir.path("specs").to_str().unwrap(),
            "--variable",
            &format!("base={}", api.base),
            "--variable",
            &format!("closed={closed}"),
            "--max-time",
            "10s",
            "--report-junit",
            junit.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let xml = std::fs::read_to_string(&junit).unwrap();
    insta::assert_snapshot!(
        "junit_mixed_run",
        normalise(&xml, &dir, &[api.port, closed])
    );
}

#[test]
fn the_report_is_written_when_the_run_fails_with_3_or_4() {
    let api = ExampleApi::start();
    for (spec, code) in [
        ("GET http://127.0.0.1:{{closed}}/\nHTTP 200\n", 3),
        ("GET {{base}}/price\nHTTP 201\n", 4),
    ] {
        let dir = TempDir::new("junit-exit");
        dir.write("specs/one.hurl", spec);
        let junit = dir.path("out/deeper/junit.xml");
        let out = sortie(
            &[
                "test",
                dir.path("specs").to_str().unwrap(),
                "--variable",
                &format!("base={}", api.base),
                "--variable",
                &format!("closed={}", free_port()),
                "--report-junit",
                junit.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(out.code, Some(code), "{}", out.stderr);
        let xml = std::fs::read_to_string(&junit).expect("written, folders created");
        assert!(xml.contains("tests=\"1\""), "{xml}");
        // Only the report is left in its folder: the temporary file was renamed.
        assert_eq!(
            std::fs::read_dir(dir.path("out/deeper")).unwrap().count(),
            1
        );
    }
}

#[test]
fn an_unwritable_report_is_an_error_that_names_the_file() {
    let api = ExampleApi::start();
    let dir = TempDir::new("junit-unwritable");
    dir.write("specs/one.hurl", "GET {{base}}/ok\nHTTP 200\n");
    std::fs::create_dir_all(dir.path("taken.xml")).unwrap();
    let out = sortie(
        &[
            "test",
            dir.path("specs").to_str().unwrap(),
            "--variable",
            &format!("base={}", api.base),
            "--report-junit",
            dir.path("taken.xml").to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.code, Some(3), "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot write the JUnit report"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("taken.xml"), "{}", out.stderr);
}
