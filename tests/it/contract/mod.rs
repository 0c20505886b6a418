//! Contracts: the `matchesSchema` predicate and `--openapi` response validation against real
//! servers (httpbin with an OpenAPI 3.0 document, the example API with a 3.1 one), contract
//! coverage in every report and `--openapi-coverage`, and `sortie import openapi`.

mod example_api;
mod httpbin;
mod import;
mod schema;

use std::path::{Path, PathBuf};

use crate::support::{run, Out, TempDir};

/// A file of `fixtures/contract/`.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/contract")
        .join(name)
}

/// `sortie ARGS` in `dir`, without colour or progress bar.
fn sortie_in(dir: &TempDir, args: &[&str]) -> Out {
    run(crate::support::sortie()
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .args(args))
}

/// The stderr of a run split per error (each starts with `error: `), up to the summary.
fn errors(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("files:    ") {
            break;
        }
        if line.starts_with("error: ") {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    out
}
