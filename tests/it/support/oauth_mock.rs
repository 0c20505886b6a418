//! A real OAuth 2.0 provider on 127.0.0.1: `oauth2-mock-server` from npm, run under a watchdog.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, TryRecvError};
use std::thread;

use super::within_time_limit;

/// The CLI of `oauth2-mock-server`: `SORTIE_OAUTH2_MOCK`, else where `.ci/run` installs it.
pub fn mock_cli() -> PathBuf {
    if let Some(p) = std::env::var_os("SORTIE_OAUTH2_MOCK") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".cache/sortie-npm/node_modules/.bin/oauth2-mock-server")
}

/// A real OAuth 2.0 provider on 127.0.0.1, killed when the guard drops. Node runs the mock's
/// CLI under a watchdog that exits when its stdin closes, so the server also ends when the
/// test process dies without dropping the guard.
pub struct OAuthMock {
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub base: String,
    /// The `iss` of its tokens.
    pub issuer: String,
    child: Child,
}

impl OAuthMock {
    /// Starts the mock on a free port and waits until it says where it listens.
    pub fn start() -> Self {
        let cli = mock_cli();
        assert!(
            cli.exists(),
            "oauth2-mock-server is not installed at {}: run `npm install --prefix \"$HOME/.cache/sortie-npm\" oauth2-mock-server@7` (as .ci/run does) or set SORTIE_OAUTH2_MOCK",
            cli.display()
        );
        let cli = std::fs::canonicalize(&cli).unwrap_or(cli);
        let script = "process.stdin.on('end', () => process.exit(0)); process.stdin.on('data', () => {}); \
                      process.stdin.resume(); const cli = process.env.MOCK_CLI; \
                      process.argv = [process.argv[0], cli, '-a', '127.0.0.1', '-p', '0']; require(cli);";
        let mut child = Command::new("node")
            .arg("-e")
            .arg(script)
            .env("MOCK_CLI", &cli)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node (is Node.js installed?)");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let (mut base, mut issuer) = (None, None);
        let started = within_time_limit(|| loop {
            let line = match rx.try_recv() {
                Ok(line) => line,
                Err(TryRecvError::Empty) => return None,
                // Its stdout closed: it will say nothing more.
                Err(TryRecvError::Disconnected) => return Some(false),
            };
            if let Some(u) = line.strip_prefix("OAuth 2 server listening on ") {
                base = Some(u.trim().to_string());
            } else if let Some(u) = line.strip_prefix("OAuth 2 issuer is ") {
                issuer = Some(u.trim().to_string());
            }
            if base.is_some() && issuer.is_some() {
                return Some(true);
            }
        });
        if started != Some(true) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("oauth2-mock-server did not start within the time limit");
        }
        OAuthMock {
            base: base.unwrap(),
            issuer: issuer.unwrap(),
            child,
        }
    }
}

impl Drop for OAuthMock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
