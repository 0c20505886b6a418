//! Memory stays flat in the number of files and entries: a run keeps no response past its
//! entry and, with no report file asked for, no passed entry's result; what it keeps is
//! counted by the binary's census (`SORTIE_DEBUG_CENSUS`), never measured as RSS or time.

use crate::support::{sortie, Reply, TempDir, TestServer};

const FILES: usize = 400;
const ENTRIES: usize = 3;
const JOBS: usize = 2;
/// Files whose second entry fails (its third is then skipped).
const FAILING: [usize; 3] = [100, 200, 300];

/// The census line's counts: (responses live, peak, entry runs live, peak).
fn census(stderr: &str) -> (usize, usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("census: "))
        .unwrap_or_else(|| panic!("no census line:\n{stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 4, "{line}");
    (numbers[0], numbers[1], numbers[2], numbers[3])
}

fn write_specs(dir: &TempDir, server: &TestServer) {
    for f in 1..=FILES {
        let mut spec = String::new();
        for e in 1..=ENTRIES {
            let status = if FAILING.contains(&f) && e == 2 {
                201
            } else {
                200
            };
            spec.push_str(&format!(
                "# Entry {e}\nGET {}\nHTTP {status}\n[Asserts]\njsonpath \"$.status\" == \"ok\"\n\n",
                server.url(&format!("/f{f}/e{e}"))
            ));
        }
        dir.write(&format!("spec_{f:03}.hurl"), &spec);
    }
}

#[test]
fn four_hundred_files_keep_no_response_and_no_passed_entry() {
    let server = TestServer::start(|_, _| {
        Reply::json(serde_json::json!({"status": "ok", "padding": "x".repeat(2000)}))
    });
    let dir = TempDir::new("memory");
    write_specs(&dir, &server);
    let out = sortie()
        .args([
            "test",
            dir.to_str().unwrap(),
            "--no-progress",
            "--color",
            "never",
        ])
        .args(["--jobs", &JOBS.to_string(), "--max-time", "10"])
        .env("SORTIE_DEBUG_CENSUS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    let failed = FAILING.len();
    let passed = FILES * ENTRIES - 2 * failed;
    assert!(
        stderr.contains(&format!(
            "entries:  {passed} passed, {failed} failed, 0 errored, {failed} skipped"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("requests: {} (", FILES * ENTRIES - failed)),
        "{stderr}"
    );
    // The failures are still shown at their place: their results (and files' text) were kept.
    for f in FAILING {
        assert!(
            stderr.contains(&format!("spec_{f:03}.hurl:9:6")),
            "failure of file {f} at its line:\n{stderr}"
        );
    }
    assert_eq!(server.count(), FILES * ENTRIES - failed);

    let (responses, responses_peak, runs, runs_peak) = census(&stderr);
    // No response (body included) outlives its entry, and no more are alive at once than the
    // files running at once need, whatever the number of entries.
    assert_eq!(responses, 0, "{stderr}");
    assert!(
        (1..=2 * JOBS).contains(&responses_peak),
        "{responses_peak} responses alive at once"
    );
    // At the end only the failing entries' runs are kept, for their messages; passed entries'
    // runs are dropped as soon as they finish.
    assert_eq!(runs, failed, "{stderr}");
    assert!(
        runs_peak <= failed + 2 * JOBS,
        "{runs_peak} entry runs alive at once"
    );
}

#[test]
fn a_report_file_still_gets_every_entry_in_full() {
    let server = TestServer::start(|_, _| Reply::json(serde_json::json!({"status": "ok"})));
    let dir = TempDir::new("memory-report");
    write_specs(&dir, &server);
    let report = dir.path("report/run.json");
    let out = sortie()
        .args([
            "test",
            dir.to_str().unwrap(),
            "--no-progress",
            "--color",
            "never",
        ])
        .args(["--jobs", &JOBS.to_string(), "--max-time", "10"])
        .arg("--report-json")
        .arg(&report)
        .env("SORTIE_DEBUG_CENSUS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), FILES);
    for file in files {
        let entries = file["entries"].as_array().unwrap();
        assert_eq!(entries.len(), ENTRIES, "{}", file["path"]);
        let first = &entries[0];
        assert_eq!(first["outcome"], "passed");
        assert_eq!(first["runs"][0]["asserts"].as_array().unwrap().len(), 2);
        assert!(file["source"].is_string());
    }
    let failed = FAILING.len();
    assert_eq!(json["summary"]["passed"], FILES * ENTRIES - 2 * failed);
    assert_eq!(json["summary"]["requests"], FILES * ENTRIES - failed);
    // Still no response kept past its entry.
    let (responses, _, runs, _) = census(&stderr);
    assert_eq!(responses, 0, "{stderr}");
    assert_eq!(runs, FILES * ENTRIES - failed, "{stderr}");
}
