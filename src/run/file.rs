//! Running one spec file: parse it, then its entries in order with one client.

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use crate::http::{Client, TransportOptions};
use crate::spec::parse_spec;

use super::connect::{ConnectionOptions, FileConnections};
use super::entry::{run_entry, EntryContext};
use super::request::EntrySettings;
use super::result::{EntryResult, FileResult, Outcome, Problem, ProblemKind};
use super::variables::Variables;

/// How every file of a run is run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Transport defaults (from the command line).
    pub transport: TransportOptions,
    /// Entry defaults (from the command line).
    pub settings: EntrySettings,
    /// Keep running a file's entries after one fails.
    pub continue_on_error: bool,
    /// Files read by specs stay inside this folder (default: each spec's folder).
    pub file_root: Option<PathBuf>,
    /// Keep each run's response in the result (for `sortie run`).
    pub keep_responses: bool,
    /// Connections from `sortie.yaml`, the shared token cache, `--connection`.
    pub connections: ConnectionOptions,
}

fn input_problem(title: &str, message: String) -> Problem {
    Problem {
        kind: ProblemKind::Runtime,
        title: title.to_string(),
        pos: None,
        end: None,
        message,
        notes: Vec::new(),
    }
}

/// Runs one file with a copy of the run's variables.
pub fn run_file(path: &Path, vars: &Variables, options: &RunOptions) -> FileResult {
    let started = Instant::now();
    let mut result = FileResult {
        path: path.to_path_buf(),
        source: None,
        entries: Vec::new(),
        file_problem: None,
        started_at: SystemTime::now(),
        duration: Default::default(),
    };
    let text = match std::fs::read(path) {
        Err(e) => {
            result.file_problem = Some(input_problem("input error", format!("cannot read: {e}")));
            return result;
        }
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                result.file_problem = Some(input_problem(
                    "input error",
                    format!("not UTF-8 text (invalid byte at offset {at})"),
                ));
                return result;
            }
        },
    };
    let spec = match parse_spec(&text) {
        Ok(spec) => spec,
        Err(e) => {
            result.file_problem = Some(Problem {
                kind: ProblemKind::Runtime,
                title: "parse error".to_string(),
                pos: Some(e.pos),
                end: None,
                message: e.message,
                notes: Vec::new(),
            });
            result.source = Some(text);
            return result;
        }
    };
    let file_root = options.file_root.clone().unwrap_or_else(|| {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    });
    let connections = FileConnections::new(&spec, path, &options.connections);
    if let Err(problem) = connections.check(&spec) {
        result.file_problem = Some(problem);
        result.source = Some(text);
        return result;
    }
    let mut vars = vars.clone();
    let client = Client::new(vars.redactor().clone());
    let mut stopped = false;
    for (idx, entry) in spec.entries.iter().enumerate() {
        if stopped {
            result.entries.push(EntryResult {
                index: idx + 1,
                name: entry.name.clone(),
                line: entry.request.span.start.line,
                runs: Vec::new(),
                skipped: true,
                skip_reason: Some("not run: an earlier entry failed".to_string()),
                duration: Default::default(),
            });
            continue;
        }
        let mut cx = EntryContext {
            client: &client,
            vars: &mut vars,
            file_root: &file_root,
            defaults: &options.transport,
            settings: &options.settings,
            keep_response: options.keep_responses,
            connections: &connections,
        };
        let entry_result = run_entry(entry, idx + 1, &mut cx);
        if matches!(entry_result.outcome(), Outcome::Failed | Outcome::Errored)
            && !options.continue_on_error
        {
            stopped = true;
        }
        result.entries.push(entry_result);
    }
    result.source = Some(text);
    result.duration = started.elapsed();
    result
}
