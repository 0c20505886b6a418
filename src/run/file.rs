//! Running one spec file: read and parse it, then its entries in order with one client (the
//! worker thread's connections, the file's cookies).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use crate::diagnostic::{Diagnostic, Kind};
use crate::http::wire::Wire;
use crate::http::{Client, TransportOptions};
use crate::spec::parse_spec;
use crate::spec::source::LineIndex;

use super::connect::{ConnectionOptions, FileConnections};
use super::contract::ContractOptions;
use super::entry::{run_entry, EntryContext};
use super::event::{FileNotices, RunEvent, RunObserver};
use super::request::EntrySettings;
use super::result::{EntryResult, FileResult, Outcome, Retain};
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
    /// Run each file from this entry on (1-based, `--from-entry`).
    pub from_entry: Option<usize>,
    /// Run each file up to this entry (`--to-entry`).
    pub to_entry: Option<usize>,
    /// Keep each request as a curl command line (`--curl`).
    pub curl: bool,
    /// Add the response to a failure's notes (`--error-format long`).
    pub error_long: bool,
    /// Keep the cookies responses set, for the file's next requests (not with
    /// `--no-cookie-store`).
    pub cookie_store: bool,
    /// Cookies every file starts with (`--cookie FILE`).
    pub cookie_file: Option<CookieFile>,
    /// Keep each file's cookies at the end in its result (`--cookie-jar FILE`).
    pub export_cookies: bool,
    /// The run's schema cache and OpenAPI contract (`--openapi`).
    pub contract: ContractOptions,
    /// What a file's result keeps of its finished entries.
    pub retain: Retain,
}

/// A Netscape cookie file given with `--cookie`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieFile {
    /// The path as given.
    pub path: String,
    /// Its text.
    pub text: String,
}

thread_local! {
    /// The kept-alive connections of the worker thread: the files it runs one after the
    /// other reuse them (each file has its own cookies). Closed when the run's pool ends.
    static WORKER_WIRE: Arc<Wire> = Arc::new(Wire::new());
}

/// The name of a signal that stops a run.
fn signal_name(signal: i32) -> &'static str {
    match signal {
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => "a signal",
    }
}

/// Why a spec file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The system could not read it.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// It is not UTF-8.
    #[error("not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
}

impl From<ReadError> for Diagnostic {
    fn from(e: ReadError) -> Diagnostic {
        Diagnostic::new(Kind::Input, "input error", e.to_string())
    }
}

/// Reads a spec file as text (a leading byte-order mark is dropped).
pub fn read_spec(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path)?;
    let text =
        String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.utf8_error().valid_up_to()))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Runs one file with a copy of the run's variables, telling `observer` as it goes.
pub fn run_file(
    path: &Path,
    vars: &Variables,
    options: &RunOptions,
    observer: &dyn RunObserver,
) -> FileResult {
    observer.event(RunEvent::FileStarted { path });
    let started = Instant::now();
    let mut result = FileResult {
        path: path.to_path_buf(),
        source: None,
        entries: Vec::new(),
        file_problem: None,
        started_at: SystemTime::now(),
        duration: Default::default(),
        cookies: None,
        released: Default::default(),
    };
    let name = path.display().to_string();
    match read_spec(path) {
        Err(e) => result.file_problem = Some(Diagnostic::from(e).in_file(name)),
        Ok(text) => {
            run_entries(&text, path, vars, options, observer, &mut result);
            // The text is for rendering failures: none to render, nothing to keep.
            let needed = options.retain == Retain::Everything
                || result.file_problem.is_some()
                || !result.entries.is_empty();
            result.source = needed.then_some(text);
        }
    }
    result.duration = started.elapsed();
    observer.event(RunEvent::FileFinished { file: &result });
    result
}

fn run_entries(
    text: &str,
    path: &Path,
    vars: &Variables,
    options: &RunOptions,
    observer: &dyn RunObserver,
    result: &mut FileResult,
) {
    let name = path.display().to_string();
    let spec = match parse_spec(text) {
        Ok(spec) => spec,
        Err(e) => {
            result.file_problem = Some(Diagnostic::from(e).in_file(name));
            return;
        }
    };
    let file_root = options.file_root.clone().unwrap_or_else(|| {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    });
    let connections = FileConnections::new(&spec, path, text, &options.connections);
    if let Err(problem) = connections.check(&spec) {
        result.file_problem = Some(problem.in_file(name));
        return;
    }
    let lines = LineIndex::new(text);
    let mut vars = vars.clone();
    let notices = FileNotices { path, observer };
    let wire = WORKER_WIRE.with(Arc::clone);
    let mut client = Client::with_wire(wire, vars.redactor().clone(), &notices);
    if !options.cookie_store {
        client = client.without_cookie_store();
    }
    if let Some(file) = &options.cookie_file {
        client.cookie_jar().set_cookie_file(&file.text);
    }
    let mut stopped = false;
    for (idx, entry) in spec.entries.iter().enumerate() {
        let line = lines.line(entry.request.span.start as usize);
        let number = idx + 1;
        let out_of_range = options.from_entry.is_some_and(|from| number < from)
            || options.to_entry.is_some_and(|to| number > to);
        let entry_result = if out_of_range {
            EntryResult {
                index: number,
                name: entry.name.clone(),
                line,
                runs: Vec::new(),
                skipped: true,
                skip_reason: Some("not run: outside --from-entry/--to-entry".to_string()),
                duration: Default::default(),
            }
        } else if let Some(signal) = crate::interrupt::interrupted() {
            EntryResult {
                index: number,
                name: entry.name.clone(),
                line,
                runs: Vec::new(),
                skipped: true,
                skip_reason: Some(format!("not run: interrupted ({})", signal_name(signal))),
                duration: Default::default(),
            }
        } else if stopped {
            EntryResult {
                index: idx + 1,
                name: entry.name.clone(),
                line,
                runs: Vec::new(),
                skipped: true,
                skip_reason: Some("not run: an earlier entry failed".to_string()),
                duration: Default::default(),
            }
        } else {
            observer.event(RunEvent::EntryStarted {
                path,
                index: idx + 1,
                name: &entry.name,
            });
            let mut cx = EntryContext {
                client: &client,
                vars: &mut vars,
                file_root: &file_root,
                defaults: &options.transport,
                settings: &options.settings,
                keep_response: options.keep_responses,
                curl: options.curl,
                cookie_file: options.cookie_file.as_ref().map(|f| f.path.as_str()),
                error_long: options.error_long,
                connections: &connections,
                contract: &options.contract,
                line,
                path,
                observer,
            };
            let mut r = run_entry(entry, idx + 1, &mut cx);
            for run in &mut r.runs {
                for p in &mut run.problems {
                    p.file = Some(name.clone());
                }
            }
            if matches!(r.outcome(), Outcome::Failed | Outcome::Errored)
                && !options.continue_on_error
            {
                stopped = true;
            }
            r
        };
        observer.event(RunEvent::EntryFinished {
            path,
            entry: &entry_result,
        });
        let kept = options.retain == Retain::Everything
            || matches!(entry_result.outcome(), Outcome::Failed | Outcome::Errored);
        if kept {
            result.entries.push(entry_result);
        } else {
            // Observers had it; only the counts stay.
            result.released.add(&entry_result);
        }
    }
    if options.export_cookies {
        result.cookies = Some(client.cookie_jar().netscape_export().lines);
    }
}
