//! Shared helpers for the report tests: an in-process API on 127.0.0.1, spec folders in a
//! temporary directory, the `sortie` binary, and the external JUnit tools (`xmllint`, the
//! `junitparser` Python package) that `.ci/run` installs.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Response, Server};

/// A secret used in the secret tests; it must never appear in a report.
pub const CANARY: &str = "CANARY-7f3a9c1e";

/// The example API, served on a free loopback port by four threads until dropped.
///
/// * `GET /ok` → `{"status":"ok"}`
/// * `GET /price` → `{"name":"Gadget","price":12}`
/// * `GET /flaky/KEY` → 503 twice, then 200 (per KEY)
/// * `GET /counter/KEY` → `{"n": N}`, N counting calls per KEY from 1
/// * `GET /token` → `{"token": <the X-Token header>}`
pub struct Api {
    server: Arc<Server>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The port.
    pub port: u16,
}

impl Drop for Api {
    fn drop(&mut self) {
        for _ in 0..4 {
            self.server.unblock();
        }
    }
}

fn json(status: u16, body: serde_json::Value) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.to_string().into_bytes())
        .with_status_code(status)
        .with_header(Header::from_bytes("Content-Type", "application/json").unwrap())
}

/// Starts the API.
pub fn api() -> Api {
    let server = Arc::new(Server::http("127.0.0.1:0").expect("a free loopback port"));
    let port = server.server_addr().to_ip().expect("an IP address").port();
    let counters: Arc<Mutex<HashMap<String, u64>>> = Arc::default();
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let counters = Arc::clone(&counters);
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                let url = req.url().to_string();
                let count = || {
                    let mut c = counters.lock().unwrap();
                    let n = c.entry(url.clone()).or_insert(0);
                    *n += 1;
                    *n
                };
                let token = req
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("X-Token"))
                    .map(|h| h.value.to_string())
                    .unwrap_or_default();
                let path = url.split('?').next().unwrap_or_default();
                let response = match path {
                    "/ok" => json(200, serde_json::json!({"status": "ok"})),
                    "/price" => json(200, serde_json::json!({"name": "Gadget", "price": 12})),
                    "/token" => json(200, serde_json::json!({"token": token})),
                    u if u.starts_with("/flaky/") => match count() {
                        1 | 2 => json(503, serde_json::json!({"error": "try again"})),
                        _ => json(200, serde_json::json!({"status": "recovered"})),
                    },
                    u if u.starts_with("/counter/") => json(200, serde_json::json!({"n": count()})),
                    _ => json(404, serde_json::json!({"error": "not found"})),
                };
                let _ = req.respond(response);
            }
        });
    }
    Api {
        server,
        base: format!("http://127.0.0.1:{port}"),
        port,
    }
}

/// A loopback port with nothing listening (connection refused).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("bound").port()
}

/// A fresh empty directory under the system's temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new directory named after `label`.
    pub fn new(label: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("sortie-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// A path inside.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The specs of the mixed run: passing, failing (with a JSON diff), erroring (connection
/// refused), skipped, passing on the 3rd transport attempt, passing on the 3rd Hurl `retry`
/// run, failing every `retry` run, and a file that does not parse.
pub const MIXED_SPECS: &[(&str, &str)] = &[
    (
        "a-pass.hurl",
        "# The API is up\nGET {{base}}/ok\nHTTP 200\n[Captures]\nstate: jsonpath \"$.status\"\n[Asserts]\njsonpath \"$.status\" == \"ok\"\n",
    ),
    (
        "b-fail.hurl",
        "# The price is still 10\nGET {{base}}/price\nHTTP 200\n{\"name\": \"Gadget\", \"price\": 10}\n\n\
         # Never reached\nGET {{base}}/ok\nHTTP 200\n",
    ),
    (
        "c-error.hurl",
        "# Nobody listens here\nGET http://127.0.0.1:{{closed}}/x\nHTTP 200\n",
    ),
    (
        "d-skip.hurl",
        "# Switched off\nGET {{base}}/ok\n[Options]\nskip: true\nHTTP 200\n\n\
         # Still on\nGET {{base}}/ok\nHTTP 200\n",
    ),
    (
        "e-flaky.hurl",
        "# Flaky, retried by the transport\nGET {{base}}/flaky/e\n[Options]\nmax-retries: 3\nretry-delay: 10ms\nHTTP 200\n",
    ),
    (
        "f-retry.hurl",
        "# Ready on the third look\nGET {{base}}/counter/f\n[Options]\nretry: 5\nretry-interval: 10ms\nHTTP 200\n[Asserts]\njsonpath \"$.n\" >= 3\n",
    ),
    (
        "g-parse.hurl",
        "GET {{base}}/ok\nHTTP 200\n[Asserts]\nstatus ==\n",
    ),
    (
        "h-retry-fail.hurl",
        "# Never 10\nGET {{base}}/price\n[Options]\nretry: 2\nretry-interval: 10ms\nHTTP 200\n[Asserts]\njsonpath \"$.price\" == 10\n",
    ),
];

/// What a `sortie` run gave back.
#[derive(Debug)]
pub struct Out {
    /// Exit code.
    pub code: Option<i32>,
    /// Stdout.
    pub stdout: String,
    /// Stderr.
    pub stderr: String,
}

/// Runs `sortie ARGS` with colour off, no GitHub variables and a 60 s limit, plus `env`.
pub fn sortie(args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_sortie"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .timeout(Duration::from_secs(60));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("sortie runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes the mixed specs into a new folder, runs them against a new API with JUnit and JSON
/// reports, and returns (folder, api, output). Reports: `junit.xml` and `report.json` in the
/// folder (outside the spec folder `specs/`).
pub fn mixed_run(label: &str) -> (TempDir, Api, Out) {
    let dir = TempDir::new(label);
    for (name, text) in MIXED_SPECS {
        dir.write(&format!("specs/{name}"), text);
    }
    let api = api();
    let base = format!("base={}", api.base);
    let closed = format!("closed={}", closed_port());
    let specs = dir.path("specs");
    let junit = dir.path("junit.xml");
    let json = dir.path("report.json");
    let out = sortie(
        &[
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
            "--report-junit",
            junit.to_str().unwrap(),
            "--report-json",
            json.to_str().unwrap(),
        ],
        &[],
    );
    (dir, api, out)
}

/// The path of a tool, or a panic saying how to install it.
pub fn xmllint() -> &'static str {
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
pub fn python_with_junitparser() -> &'static str {
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
pub fn junit_schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/junit-10.xsd")
}
