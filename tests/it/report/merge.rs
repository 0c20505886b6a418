//! `sortie report merge`: the JSON reports of three shards of the mixed specs merge into the
//! JSON and JUnit reports one unsharded run writes (entry for entry, timings aside), and an
//! HTML report; shards that overlap, miss a part, or are not reports are refused (exit 2);
//! a bad command line is a usage error (exit 1).

use std::path::{Path, PathBuf};

use super::{sortie, MIXED_SPECS};
use crate::support::{free_port, ExampleApi, Out, TempDir};
use serde_json::Value;

/// Runs `sortie test specs/ ARGS` against a new API (fresh flaky counters); gives the output
/// and the API's port, to normalise the reports.
fn run(dir: &TempDir, closed: u16, args: &[&str]) -> (Out, u16) {
    let api = ExampleApi::start();
    let base = format!("base={}", api.base);
    let closed = format!("closed={closed}");
    let specs = dir.path("specs");
    let mut argv = vec![
        "test",
        specs.to_str().unwrap(),
        "--variable",
        &base,
        "--variable",
        &closed,
        "--max-time",
        "10s",
        "--jobs",
        "2",
    ];
    argv.extend_from_slice(args);
    (sortie(&argv, &[]), api.port)
}

fn mixed_specs(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    for (name, text) in MIXED_SPECS {
        dir.write(&format!("specs/{name}"), text);
    }
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Three shard reports of the mixed specs: (their paths, the ports of their APIs).
fn three_shards(dir: &TempDir, closed: u16) -> (Vec<PathBuf>, Vec<u16>) {
    let mut reports = Vec::new();
    let mut ports = Vec::new();
    for k in 1..=3 {
        let report = dir.path(&format!("shards/sortie-{k}.json"));
        let shard = format!("{k}/3");
        let (out, port) = run(
            dir,
            closed,
            &["--shard", &shard, "--report-json", path(&report)],
        );
        assert!(matches!(out.code, Some(0 | 2 | 3 | 4)), "{}", out.stderr);
        reports.push(report);
        ports.push(port);
    }
    (reports, ports)
}

/// The report text with each API port replaced by `PORT`.
fn normalise_ports(text: &str, ports: &[u16]) -> String {
    ports.iter().fold(text.to_string(), |t, p| {
        t.replace(&format!("127.0.0.1:{p}"), "127.0.0.1:PORT")
    })
}

/// The JSON report without timings (and the `Date` response header, which is a time).
fn without_timings(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove("started_at");
            map.remove("duration_ms");
            let is_date = map
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case("date"));
            if is_date {
                map.remove("value");
            }
            map.values_mut().for_each(without_timings);
        }
        Value::Array(items) => items.iter_mut().for_each(without_timings),
        _ => {}
    }
}

fn read_json(p: &Path, ports: &[u16]) -> Value {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut v: Value = serde_json::from_str(&normalise_ports(&text, ports)).unwrap();
    without_timings(&mut v);
    v
}

/// The JUnit report without times and durations.
fn junit_without_timings(p: &Path, ports: &[u16]) -> String {
    let text = normalise_ports(&std::fs::read_to_string(p).unwrap(), ports);
    let attrs = regex::Regex::new(r#" (time|timestamp)="[^"]*""#).unwrap();
    let ms = regex::Regex::new(r"\d+ ms\b").unwrap();
    ms.replace_all(&attrs.replace_all(&text, ""), "N ms")
        .into_owned()
}

#[test]
fn three_shards_merge_into_the_reports_of_one_unsharded_run() {
    let dir = mixed_specs("merge");
    let closed = free_port();
    let whole_json = dir.path("whole/sortie.json");
    let whole_junit = dir.path("whole/junit.xml");
    let (whole, whole_port) = run(
        &dir,
        closed,
        &[
            "--report-json",
            path(&whole_json),
            "--report-junit",
            path(&whole_junit),
        ],
    );
    assert_eq!(whole.code, Some(2), "{}", whole.stderr);

    let (shards, ports) = three_shards(&dir, closed);
    let merged_json = dir.path("merged/sortie.json");
    let merged_junit = dir.path("merged/junit.xml");
    let merged_html = dir.path("merged/html");
    let mut args = vec![
        "report",
        "merge",
        "--report-json",
        path(&merged_json),
        "--report-junit",
        path(&merged_junit),
        "--report-html",
        path(&merged_html),
    ];
    // The shards in any order.
    args.extend([path(&shards[2]), path(&shards[0]), path(&shards[1])]);
    let out = sortie(&args, &[]);
    assert_eq!(out.code, Some(0), "the merge worked: {}", out.stderr);
    assert!(
        out.stderr.contains("merged:   3 shard reports"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("files:    8 (4 passed, 4 failed)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("run exit: 2"), "{}", out.stderr);

    let mut all_ports = ports.clone();
    all_ports.push(whole_port);
    let expected = read_json(&whole_json, &all_ports);
    let merged = read_json(&merged_json, &all_ports);
    assert_eq!(merged["exit_code"], 2);
    assert_eq!(merged["shard"], Value::Null);
    assert_eq!(merged["summary"], expected["summary"]);
    let (m, e) = (
        merged["files"].as_array().unwrap(),
        expected["files"].as_array().unwrap(),
    );
    assert_eq!(m.len(), 8);
    for (m, e) in m.iter().zip(e) {
        assert_eq!(m, e, "file {}", e["path"]);
    }
    assert_eq!(merged, expected, "the whole report, timings aside");

    assert_eq!(
        junit_without_timings(&merged_junit, &all_ports),
        junit_without_timings(&whole_junit, &all_ports),
        "the JUnit reports, timings aside"
    );
    let html = std::fs::read_to_string(merged_html.join("index.html")).unwrap();
    assert_eq!(
        html.matches("<tbody class=\"entry").count(),
        10,
        "9 entries and a parse error"
    );
    assert!(html.contains("data-stat=\"files\"><span class=\"n\">8</span>"));
}

#[test]
fn overlapping_missing_and_mismatched_shards_are_refused() {
    let dir = mixed_specs("merge-refused");
    let closed = free_port();
    let (shards, _) = three_shards(&dir, closed);
    let out_json = dir.path("merged.json");
    let merge = |inputs: &[&Path]| {
        let mut args = vec!["report", "merge", "--report-json", path(&out_json)];
        args.extend(inputs.iter().map(|p| path(p)));
        sortie(&args, &[])
    };

    let out = merge(&[&shards[0], &shards[2]]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("shard 2/3 is missing (got 1/3, 3/3)"),
        "{}",
        out.stderr
    );

    let out = merge(&[&shards[0], &shards[1], &shards[1], &shards[2]]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("are both shard 2/3"), "{}", out.stderr);

    // Overlap: two runs whose parts share a file (a-pass.hurl is part 1/2 of one list and
    // part 2/2 of the other).
    let specs = dir.path("specs");
    let a = specs.join("a-pass.hurl");
    let d = specs.join("d-skip.hurl");
    let one = dir.path("overlap/one.json");
    let two = dir.path("overlap/two.json");
    let api = ExampleApi::start();
    let base = format!("base={}", api.base);
    for (files, shard, report) in [([&a, &d], "1/2", &one), ([&d, &a], "2/2", &two)] {
        let out = sortie(
            &[
                "test",
                path(files[0]),
                path(files[1]),
                "--variable",
                &base,
                "--shard",
                shard,
                "--report-json",
                path(report),
            ],
            &[],
        );
        assert_eq!(out.code, Some(0), "{}", out.stderr);
    }
    let out = merge(&[&one, &two]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "{} is in both {} (shard 1/2) and {} (shard 2/2)",
            a.display(),
            one.display(),
            two.display()
        )),
        "{}",
        out.stderr
    );

    // Another version's report.
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&shards[1]).unwrap()).unwrap();
    v["tool"] = "sortie 0.0.1".into();
    let other = dir.path("other-version.json");
    std::fs::write(&other, v.to_string()).unwrap();
    let out = merge(&[&shards[0], &other, &shards[2]]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("was written by sortie 0.0.1"),
        "{}",
        out.stderr
    );

    // Nothing was written by a refused merge.
    assert!(!out_json.exists());
}

#[test]
fn unreadable_shard_reports_are_input_errors_and_bad_command_lines_usage_errors() {
    let dir = TempDir::new("merge-bad-input");
    let out_json = dir.path("merged.json");
    let merge = |inputs: &[&str]| {
        let mut args = vec!["report", "merge", "--report-json", path(&out_json)];
        args.extend_from_slice(inputs);
        sortie(&args, &[])
    };

    let missing = dir.path("nope.json");
    let out = merge(&[path(&missing)]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot read") && out.stderr.contains("nope.json"),
        "{}",
        out.stderr
    );

    let junk = dir.write("junk.json", "{\n  \"format\": 1,\n  oops\n}\n");
    let out = merge(&[path(&junk)]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("{}:3:3", junk.display())),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("not a sortie JSON report"),
        "{}",
        out.stderr
    );

    let future = dir.write("future.json", "{\"format\": 99}");
    let out = merge(&[path(&future)]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("report format 99; this sortie reads format 1"),
        "{}",
        out.stderr
    );

    let junit = dir.write("junit.xml", "<testsuites/>");
    let out = merge(&[path(&junit)]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("junit.xml"), "{}", out.stderr);

    // No report asked for, or no shard given: usage errors.
    let out = sortie(&["report", "merge", path(&junk)], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("--report-json"), "{}", out.stderr);
    let out = sortie(&["report", "merge", "--report-json", path(&out_json)], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(!out_json.exists());
}
