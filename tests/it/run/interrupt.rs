//! A run stopped by Ctrl-C or SIGTERM: the request in flight to a server that never answers
//! ends within the grace, later entries are marked "interrupted", the reports are written with
//! what finished (replacing the previous run's), and the exit code is 130 or 143.

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::support::{within_time_limit, RawServer, TempDir, SORTIE};

fn interrupted_run(signal: &str, expected_code: i32) {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    // Reads the request, then keeps the connection open without a word.
    let silent = RawServer::start(move |stream, _, _| {
        counter.fetch_add(1, Ordering::SeqCst);
        let mut buf = [0u8; 64];
        while matches!(std::io::Read::read(stream, &mut buf), Ok(n) if n > 0) {}
    });
    let dir = TempDir::new(&format!("interrupt-{signal}"));
    let spec = dir.write(
        "slow.hurl",
        &format!(
            "# Never answered\nGET http://127.0.0.1:{port}/silent\nHTTP 200\n\n# Never started\nGET http://127.0.0.1:{port}/later\nHTTP 200\n",
            port = silent.port
        ),
    );
    let junit = dir.path("junit.xml");
    std::fs::write(&junit, "stale report of an earlier run").unwrap();
    let json = dir.path("report.json");
    let mut child = Command::new(SORTIE)
        .arg("test")
        .arg(&spec)
        .args(["--report-junit", junit.to_str().unwrap()])
        .args(["--report-json", json.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    within_time_limit(|| (seen.load(Ordering::SeqCst) > 0).then_some(()))
        .expect("the request reaches the silent server");
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let Some(status) = within_time_limit(|| child.try_wait().unwrap()) else {
        let _ = child.kill();
        panic!("sortie did not stop after {signal}");
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(expected_code), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert!(!junit.contains("stale report"), "{junit}");
    assert!(junit.contains("interrupted"), "{junit}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let entries = &report["files"][0]["entries"];
    assert_eq!(entries[0]["outcome"], "errored", "{report}");
    assert_eq!(entries[1]["skipped"], true, "{report}");
    assert!(
        entries[1]["skip_reason"]
            .as_str()
            .unwrap()
            .contains("interrupted"),
        "{report}"
    );
}

#[test]
fn ctrl_c_writes_the_reports_and_exits_130() {
    interrupted_run("-INT", 130);
}

#[test]
fn sigterm_writes_the_reports_and_exits_143() {
    interrupted_run("-TERM", 143);
}
