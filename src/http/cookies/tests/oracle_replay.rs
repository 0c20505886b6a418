//! Replays every scenario recorded from the real `hurl` 8.0.1 binary
//! (`fixtures/cookies/oracle/results/*.json`,
//! made by `oracle/run_oracle.py`) through the cookie engine, and checks that it sends the same
//! `Cookie` header lines with every request and writes the same `--cookie-jar` file, byte for
//! byte.
//!
//! The requests are rebuilt the way Hurl sends them (the jar's cookies and `[Cookies]` in one
//! header, a written `Cookie:` header as a second one that drops `[Cookies]`), so the recorded
//! lines can be compared as they are; sortie itself sends one merged header
//! (`merge_cookie_header`, unit-tested on its own).

use std::fs;
use std::path::{Path, PathBuf};

use super::{
    jar_file_section, merge_cookie_header, Clock, CookieJar, RequestTarget, JAR_FILE_HEADER,
};
use serde_json::Value;
use url::Url;

/// Scenarios not replayed, and why.
const NOT_REPLAYED: &[(&str, &str)] = &[
    (
        "non_utf8",
        "Hurl panics on a Set-Cookie value that is not UTF-8",
    ),
    (
        "query_expires_garbage",
        "the query error stops the file before its 2nd request",
    ),
    (
        "no_cookie_store_file",
        "hurl refuses --cookie with --no-cookie-store (a usage error)",
    ),
];

/// Requests where sortie deliberately differs from Hurl: (scenario, request index, why).
const DEVIATIONS: &[(&str, usize, &str)] = &[(
    "custom_host",
    1,
    "libcurl keeps using an earlier request's written Host header for cookies (a curl bug)",
)];

fn results_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cookies/oracle/results")
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What the replay produced: the Cookie lines of each request, and the jar file.
struct Replay {
    lines: Vec<Vec<String>>,
    jar: String,
}

fn replay(record: &Value, now: i64) -> Replay {
    // With --no-cookie-store, Hurl's first @cookie_storage_set starts curl's cookie engine
    // for the rest of the file (oracle: no_cookie_store_storage_set).
    let mut use_jar = !strs(&record["args"])
        .iter()
        .any(|a| a == "--no-cookie-store");
    let mut jar = CookieJar::new().with_clock(Clock::Fixed(now));
    if let Some(file) = record["jar_in"].as_str() {
        jar.set_cookie_file(file);
    }
    let mut lines = Vec::new();
    for entry in record["entries"].as_array().expect("entries") {
        for comment in strs(&entry["comments"]) {
            if let Some((_, line)) = comment.split_once("@cookie_storage_set:") {
                let _ = jar.add_netscape(line);
                use_jar = true;
            } else if comment.contains("@cookie_storage_clear") {
                jar.clear();
            }
        }
        let url = Url::parse(entry["url"].as_str().expect("url")).expect("valid url");
        let headers = strs(&entry["headers"]);
        let mut target = RequestTarget::from_url(&url).expect("http url");
        for h in &headers {
            if let Some((name, value)) = h.split_once(':') {
                if name.eq_ignore_ascii_case("host") {
                    target = target.with_host_header(value);
                }
            }
        }
        let from_jar = if use_jar {
            jar.cookies_for(&target)
        } else {
            None
        };
        let written: Vec<&String> = headers
            .iter()
            .filter(|h| h.to_ascii_lowercase().starts_with("cookie:"))
            .collect();
        let section: Vec<(String, String)> = strs(&entry["cookies"])
            .iter()
            .filter_map(|kv| {
                kv.split_once(": ")
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        let mut sent = Vec::new();
        if written.is_empty() {
            let pairs = section.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            if let Some(v) = merge_cookie_header(from_jar.as_ref(), pairs, []) {
                sent.push(format!("Cookie: {v}"));
            }
        } else {
            if let Some(j) = from_jar.as_ref().filter(|j| !j.value.is_empty()) {
                sent.push(format!("Cookie: {}", j.value));
            }
            sent.extend(written.iter().map(|h| h.to_string()));
        }
        lines.push(sent);
        if use_jar {
            let set_cookies = strs(&entry["set_cookies"]);
            jar.store_response(&target, set_cookies.iter().map(String::as_str));
        }
    }
    let mut file = JAR_FILE_HEADER.to_string();
    file.push_str(&jar_file_section(
        record["hurl_file"].as_str().expect("file"),
    ));
    file.push_str(&jar.netscape_export().lines);
    Replay { lines, jar: file }
}

/// The differences between a replay and the record, deviations left out.
fn differences(name: &str, record: &Value, r: &Replay) -> Vec<String> {
    let mut out = Vec::new();
    for (i, req) in record["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .enumerate()
    {
        if DEVIATIONS.iter().any(|(s, n, _)| *s == name && *n == i) {
            continue;
        }
        let expected = strs(&req["cookie_lines"]);
        if r.lines.get(i) != Some(&expected) {
            out.push(format!(
                "{name} request {i}: hurl sent {expected:?}, replay sent {:?}",
                r.lines.get(i)
            ));
        }
    }
    let expected_jar = record["jar"].as_str().expect("jar");
    if r.jar != expected_jar {
        out.push(format!(
            "{name} jar file:\n--- hurl\n{expected_jar}--- replay\n{}",
            r.jar
        ));
    }
    out
}

#[test]
fn every_recorded_scenario_replays_like_hurl() {
    let mut files: Vec<PathBuf> = fs::read_dir(results_dir())
        .expect("oracle/results")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for path in files {
        let record: Value =
            serde_json::from_str(&fs::read_to_string(&path).expect("read")).expect("json");
        let name = record["name"].as_str().expect("name").to_string();
        if NOT_REPLAYED.iter().any(|(n, _)| *n == name) {
            continue;
        }
        // Max-Age expiries depend on the second Hurl ran in: try each second of the run.
        let times = record["time"].as_array().expect("time");
        let (t0, t1) = (
            times[0].as_i64().expect("t0"),
            times[1].as_i64().expect("t1"),
        );
        let best = (t0..=t1)
            .map(|t| differences(&name, &record, &replay(&record, t)))
            .min_by_key(Vec::len)
            .expect("at least one second");
        failures.extend(best);
        replayed += 1;
    }
    assert!(replayed >= 30, "only {replayed} scenarios replayed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
