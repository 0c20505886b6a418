//! Running spec files: files in parallel (rayon), entries of a file in order. The runner
//! prints nothing: it tells a [`RunObserver`] what happens ([`event`]) and returns the
//! results ([`result`]).

pub mod connect;
pub mod contract;
pub mod entry;
pub mod event;
pub mod file;
pub mod request;
pub mod result;
pub mod template;
pub mod variables;

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

pub use connect::ConnectionOptions;
pub use contract::{ContractOptions, ContractResult};
pub use event::{RunEvent, RunObserver, Unobserved};
pub use file::RunOptions;
pub use result::{EntryResult, FileResult, Outcome, Retain, RunResult};
pub use variables::Variables;

/// Runs files on `jobs` threads, telling `observer` as they go.
pub fn run_files(
    files: &[PathBuf],
    vars: &Variables,
    options: &RunOptions,
    jobs: usize,
    observer: &dyn RunObserver,
) -> RunResult {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build();
    let run = || -> Vec<FileResult> {
        files
            .par_iter()
            .map(|path| file::run_file(path, vars, options, observer))
            .collect()
    };
    let results = match pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    RunResult {
        files: results,
        duration: started.elapsed(),
        contract: options.contract.openapi.as_ref().map(|o| o.result()),
    }
}
