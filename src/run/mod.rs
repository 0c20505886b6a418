//! Running spec files: files in parallel (rayon), entries of a file in order.

pub mod connect;
pub mod entry;
pub mod file;
pub mod request;
pub mod result;
pub mod template;
pub mod variables;

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

pub use connect::ConnectionOptions;
pub use file::RunOptions;
pub use result::{EntryResult, FileResult, Outcome, Problem, ProblemKind, RunResult};
pub use variables::Variables;

/// Runs files on `jobs` threads; calls `on_done` as each file finishes (for progress).
pub fn run_files(
    files: &[PathBuf],
    vars: &Variables,
    options: &RunOptions,
    jobs: usize,
    on_done: &(dyn Fn(&FileResult) + Sync),
) -> RunResult {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build();
    let run = || -> Vec<FileResult> {
        files
            .par_iter()
            .map(|path| {
                let r = file::run_file(path, vars, options);
                on_done(&r);
                r
            })
            .collect()
    };
    let results = match pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    RunResult {
        files: results,
        duration: started.elapsed(),
    }
}
