//! `sortie call`: what goes out, what comes back, servers that misbehave, and real httpbin.

mod bodies;
mod faults;
mod httpbin;
mod multipart;

use crate::support::{run, sortie, Out};

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
