//! The real `sortie` binary, run as a user runs it: [`sortie`] makes the command, [`run`]
//! runs it and gives back its exit code, stdout and stderr.

use std::time::{Duration, Instant};

use assert_cmd::Command;

use super::TIME_LIMIT;

/// The path of the `sortie` binary cargo built for these tests.
pub const SORTIE: &str = env!("CARGO_BIN_EXE_sortie");

/// The environment variables of proxies (curl's, which sortie reads as Hurl does).
pub const PROXY_VARIABLES: [&str; 7] = [
    "http_proxy",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

/// `sortie` without `NO_COLOR`, `GITHUB_ACTIONS` and proxies from the environment (each test
/// sets what it wants), killed after [`TIME_LIMIT`].
pub fn sortie() -> Command {
    let mut cmd = Command::new(SORTIE);
    cmd.env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .timeout(TIME_LIMIT);
    for name in PROXY_VARIABLES {
        cmd.env_remove(name);
    }
    cmd
}

/// Runs `cmd` to the end and collects what it did.
pub fn run(cmd: &mut Command) -> Out {
    let start = Instant::now();
    let output = cmd.output().expect("run sortie");
    Out {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stdout_bytes: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// What a `sortie` run gave back.
#[derive(Debug)]
pub struct Out {
    /// Exit code (`None` when killed by a signal or the time limit).
    pub code: Option<i32>,
    /// Stdout as text.
    pub stdout: String,
    /// Stdout as it came, for binary output.
    pub stdout_bytes: Vec<u8>,
    /// Stderr as text.
    pub stderr: String,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Out {
    /// Stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout_bytes)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}\n{self:?}", self.stdout))
    }

    /// Asserts the exit code and that nothing panicked.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "exit code; stderr:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout
        );
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
        self
    }

    /// Asserts stderr contains `needle`.
    pub fn err_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}:\n{}",
            self.stderr
        );
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
