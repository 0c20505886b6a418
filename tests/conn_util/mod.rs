//! Helpers for the connection tests: the binary in a temporary folder with its own state
//! directory, a scripted tiny_http server on 127.0.0.1, and a real OAuth 2.0 provider
//! (`oauth2-mock-server` from npm) run under a watchdog.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Every `sortie` process is killed after this long, so nothing can hang the suite.
pub const PROCESS_LIMIT: Duration = Duration::from_secs(60);

/// A fresh folder for one test: the working directory and the state directory of its runs.
pub struct Workspace {
    /// The folder.
    pub dir: PathBuf,
}

impl Workspace {
    /// An empty folder named after the test.
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("sortie-conn-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("state")).unwrap();
        Workspace { dir }
    }

    /// Writes a file in the folder; returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The state directory given to sortie as XDG_STATE_HOME.
    pub fn state(&self) -> PathBuf {
        self.dir.join("state")
    }

    /// `sortie ARGS…` run in the folder, with its own state directory.
    pub fn sortie(&self) -> Command {
        let mut cmd = Command::cargo_bin("sortie").expect("the sortie binary");
        cmd.current_dir(&self.dir)
            .env("XDG_STATE_HOME", self.state())
            .env_remove("NO_COLOR")
            .env_remove("GITHUB_ACTIONS")
            .timeout(PROCESS_LIMIT);
        cmd
    }

    /// Runs `sortie ARGS…` and returns what it did.
    pub fn run(&self, args: &[&str]) -> Out {
        self.run_with(args, &[])
    }

    /// Runs `sortie ARGS…` with extra environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Out {
        let mut cmd = self.sortie();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let output = cmd.args(args).output().expect("run sortie");
        Out {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a run gave back.
#[derive(Debug)]
pub struct Out {
    /// Exit code (`None` when killed).
    pub code: Option<i32>,
    /// Stdout.
    pub stdout: String,
    /// Stderr.
    pub stderr: String,
}

impl Out {
    /// Asserts the exit code and that nothing panicked.
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "exit code\nstderr:\n{}\nstdout:\n{}",
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
}

/// A request as a test server received it.
#[derive(Clone, Debug, Default)]
pub struct Recorded {
    /// Method.
    pub method: String,
    /// Path and query.
    pub url: String,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// Body as text.
    pub body: String,
}

impl Recorded {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The form fields of the body.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }

    /// One form field.
    pub fn field(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// A scripted answer: status, content type, body (the Location of a 3xx).
pub type Reply = (u16, &'static str, String);

/// A JSON answer.
pub fn json(status: u16, value: serde_json::Value) -> Reply {
    (status, "application/json", value.to_string())
}

/// The scripted tiny_http server shared with the other integration tests.
#[path = "../common/servers.rs"]
mod servers;

/// A tiny_http server on 127.0.0.1 answering with a handler; it records every request.
pub struct Server {
    /// Its port.
    pub port: u16,
    inner: servers::TestServer,
}

impl From<&servers::Recorded> for Recorded {
    fn from(r: &servers::Recorded) -> Self {
        Recorded {
            method: r.method.clone(),
            url: r.url.clone(),
            headers: r.headers.clone(),
            body: String::from_utf8_lossy(&r.body).into_owned(),
        }
    }
}

impl Server {
    /// A server whose answer comes from `handler(request, index)` (index 0 for the first).
    pub fn start(handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Self {
        let inner = servers::TestServer::start(move |request, index| {
            let (status, content_type, body) = handler(&Recorded::from(request), index);
            let reply = servers::Reply::status(status).header("Content-Type", content_type);
            // A redirect's "body" is its Location.
            if (300..400).contains(&status) {
                reply.header("Location", &body)
            } else {
                reply.body(body)
            }
        });
        Server {
            port: inner.port,
            inner,
        }
    }

    /// `http://127.0.0.1:PORT` + path.
    pub fn url(&self, path: &str) -> String {
        self.inner.url(path)
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.requests().iter().map(Recorded::from).collect()
    }

    /// How many requests it received.
    pub fn count(&self) -> usize {
        self.inner.count()
    }
}

/// A token endpoint answer: `access_token` with a lifetime, and maybe a refresh token.
pub fn token(access: &str, expires_in: u64, refresh: Option<&str>) -> Reply {
    let mut body = serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": expires_in,
    });
    if let Some(r) = refresh {
        body["refresh_token"] = r.into();
    }
    json(200, body)
}

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
        let mut child = StdCommand::new("node")
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
        let deadline = Instant::now() + Duration::from_secs(30);
        let (mut base, mut issuer) = (None, None);
        while base.is_none() || issuer.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = match rx.recv_timeout(left) {
                Ok(l) => l,
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("oauth2-mock-server did not start within 30 s");
                }
            };
            if let Some(u) = line.strip_prefix("OAuth 2 server listening on ") {
                base = Some(u.trim().to_string());
            } else if let Some(u) = line.strip_prefix("OAuth 2 issuer is ") {
                issuer = Some(u.trim().to_string());
            }
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

/// The claims of a JWT, after checking it has three dot-separated base64url parts.
pub fn jwt_claims(token: &str) -> Option<serde_json::Value> {
    use base64::Engine as _;
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(parts[1])
        .ok()?;
    serde_json::from_slice(&payload).ok()
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The file mode bits of a path.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
