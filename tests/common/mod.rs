//! Shared helpers for the `sortie call` integration tests: the binary, in-process servers on
//! 127.0.0.1 (scripted tiny_http servers, raw TCP servers for faults, a self-signed TLS
//! server), a multipart parser, and a guard for a real httpbin process.
//!
//! Every server binds 127.0.0.1 only; every call gets `--timeout` and a 30 s process limit.

#![allow(dead_code)]

pub mod httpbin;
pub mod multipart;
pub mod servers;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Every `sortie` process is killed after this long, so nothing can hang the suite.
pub const PROCESS_LIMIT: Duration = Duration::from_secs(30);

// ----------------------------------------------------------------------------------------
// Running the binary
// ----------------------------------------------------------------------------------------

/// What a `sortie call` run gave back.
#[derive(Debug)]
pub struct Out {
    /// Exit code (`None` when killed by a signal or the process limit).
    pub code: Option<i32>,
    /// Raw stdout.
    pub stdout: Vec<u8>,
    /// Stderr as text.
    pub stderr: String,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Out {
    /// Stdout as text.
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not JSON ({e}): {}\n{self:?}", self.stdout_text())
        })
    }

    /// Asserts the exit code and that nothing panicked.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "exit code; stderr:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout_text()
        );
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
        self
    }

    /// Asserts stderr is exactly one line, starting with `error: `, and containing `needle`.
    pub fn assert_one_line_error(&self, needle: &str) -> &Self {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one stderr line, got:\n{}",
            self.stderr
        );
        assert!(lines[0].starts_with("error: "), "stderr: {}", self.stderr);
        assert!(
            lines[0].to_lowercase().contains(&needle.to_lowercase()),
            "stderr should mention {needle:?}: {}",
            self.stderr
        );
        self
    }
}

/// The real binary, with the process time limit set.
pub fn sortie() -> Command {
    let mut cmd = Command::cargo_bin("sortie").expect("the sortie binary");
    cmd.env_remove("NO_COLOR");
    cmd.timeout(PROCESS_LIMIT);
    cmd
}

/// Runs `sortie call ARGS…`, adding `--timeout 5000` unless the arguments set one.
pub fn call<S: AsRef<str>>(args: &[S]) -> Out {
    let mut argv: Vec<String> = vec!["call".to_string()];
    argv.extend(args.iter().map(|a| a.as_ref().to_string()));
    if !argv.iter().any(|a| a == "--timeout") {
        argv.push("--timeout".to_string());
        argv.push("5000".to_string());
    }
    let start = Instant::now();
    let output = sortie().args(&argv).output().expect("run sortie");
    Out {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sortie-call-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().unwrap().port()
}
