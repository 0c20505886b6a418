//! The reports of a run: JUnit, JSON, the terminal and GitHub annotations, secrets in them,
//! and `--shard`. Most tests run the mixed specs against the example API; the JUnit tests
//! also use external JUnit tools.

mod html;
mod json;
pub(crate) mod junit;
mod merge;
mod secrets;
mod shard;
mod terminal;

use crate::support::{free_port, run, ExampleApi, Out, TempDir};

/// The specs of the mixed run: passing, failing (with a JSON diff), erroring (connection
/// refused), skipped, passing on the 3rd transport attempt, passing on the 3rd Hurl `retry`
/// run, failing every `retry` run, and a file that does not parse.
const MIXED_SPECS: &[(&str, &str)] = &[
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

/// Runs `sortie ARGS` with `NO_COLOR=1`, plus `env`.
fn sortie(args: &[&str], env: &[(&str, &str)]) -> Out {
    run(crate::support::sortie()
        .env("NO_COLOR", "1")
        .args(args)
        .envs(env.iter().copied()))
}

/// Writes the mixed specs into a new folder, runs them against a new API with JUnit and JSON
/// reports, and returns (folder, api, output). Reports: `junit.xml` and `report.json` in the
/// folder (outside the spec folder `specs/`).
fn mixed_run(label: &str) -> (TempDir, ExampleApi, Out) {
    let dir = TempDir::new(label);
    for (name, text) in MIXED_SPECS {
        dir.write(&format!("specs/{name}"), text);
    }
    let api = ExampleApi::start();
    let base = format!("base={}", api.base);
    let closed = format!("closed={}", free_port());
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
