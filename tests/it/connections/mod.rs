//! Connections (`api-key`, `basic`, OAuth 2.0) against in-process token servers and a real
//! OAuth 2.0 provider. Each test runs the binary in a [`Workspace`]: a temporary folder with
//! its own state directory.

mod config;
mod oauth_mock;
mod tokens;

use std::path::PathBuf;

use crate::support::{run, sortie, Out, Reply, TempDir};

/// A fresh folder for one test: the working directory and the state directory of its runs.
struct Workspace {
    /// The folder.
    dir: TempDir,
}

impl Workspace {
    /// An empty folder named after the test.
    fn new(name: &str) -> Self {
        let dir = TempDir::new(&format!("conn-{name}"));
        std::fs::create_dir_all(dir.join("state")).unwrap();
        Workspace { dir }
    }

    /// Writes a file in the folder; returns its path.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        self.dir.write(name, text)
    }

    /// The state directory given to sortie as XDG_STATE_HOME.
    fn state(&self) -> PathBuf {
        self.dir.join("state")
    }

    /// Runs `sortie ARGS…` in the folder, with its own state directory, and returns what it
    /// did.
    fn run(&self, args: &[&str]) -> Out {
        self.run_with(args, &[])
    }

    /// Runs `sortie ARGS…` with extra environment variables.
    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Out {
        run(sortie()
            .current_dir(&self.dir)
            .env("XDG_STATE_HOME", self.state())
            .args(args)
            .envs(env.iter().copied()))
    }
}

/// A JSON answer with this status.
fn json(status: u16, value: serde_json::Value) -> Reply {
    Reply::json(value).with_status(status)
}

/// A token endpoint answer: `access_token` with a lifetime, and maybe a refresh token.
fn token(access: &str, expires_in: u64, refresh: Option<&str>) -> Reply {
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

/// An entry using `connection`, expecting 200.
fn entry(url: &str, connection: &str) -> String {
    format!("GET {url}\n[Options]\nconnection: {connection}\nHTTP 200\n\n")
}
