//! The tools around a run: `sortie import`, `sortie fmt`, completions and manual pages, and
//! what a new user meets first (`call` and `run` details, messages). Each test runs the
//! binary in a [`Workspace`], a temporary folder as its working directory.

mod completions;
mod fmt;
mod import;
mod polish;

use std::path::PathBuf;

use assert_cmd::Command;

use crate::support::{run, sortie, Out, TempDir};

/// A fresh folder for one test, the working directory of its runs.
struct Workspace {
    /// The folder.
    dir: TempDir,
}

impl Workspace {
    /// An empty folder named after the test.
    fn new(name: &str) -> Self {
        Workspace {
            dir: TempDir::new(&format!("tools-{name}")),
        }
    }

    /// Writes a file in the folder (creating folders); returns its path.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        self.dir.write(name, text)
    }

    /// `sortie` with the folder as its working directory.
    fn sortie(&self) -> Command {
        let mut cmd = sortie();
        cmd.current_dir(&self.dir);
        cmd
    }

    /// Runs `sortie ARGS…` in the folder and returns what it did.
    fn run(&self, args: &[&str]) -> Out {
        run(self.sortie().args(args))
    }
}

/// Runs `sortie call ARGS…`, adding `--timeout 5000` unless the arguments set one.
fn call<S: AsRef<str>>(args: &[S]) -> Out {
    let mut argv: Vec<String> = vec!["call".to_string()];
    argv.extend(args.iter().map(|a| a.as_ref().to_string()));
    if !argv.iter().any(|a| a == "--timeout") {
        argv.push("--timeout".to_string());
        argv.push("5000".to_string());
    }
    run(sortie().args(&argv))
}

/// The permission bits of a file.
#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
