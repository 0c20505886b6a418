//! The result model of a run: what reporters read. Nothing here knows how it is printed.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::census::Token;
use crate::check::{AssertResult, CaptureResult};
use crate::diagnostic::{Diagnostic, Kind};
use crate::http::{Attempt, Redirect};

use super::contract::ContractResult;
use super::request::ResponsePrint;

/// How an entry (or a file) ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Every assert passed.
    Passed,
    /// Not run (`skip`, or an earlier entry failed).
    Skipped,
    /// An assert failed.
    Failed,
    /// A runtime error (network, undefined variable, bad regex…).
    Errored,
}

/// What a file's result keeps of its entries once they finished (and the run's observers had
/// them as they did).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Retain {
    /// Every entry in full: for report files, `--json`, `--curl` and `sortie run`.
    #[default]
    Everything,
    /// Entries that failed or errored in full (the terminal and the GitHub annotations show
    /// them); passed and skipped ones are only counted in [`FileResult::released`], so memory
    /// stays flat whatever the number of files and entries.
    Failures,
}

/// The passed and skipped entries of a file whose results were dropped ([`Retain::Failures`]),
/// counted for the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Released {
    /// Entries that passed.
    pub passed: usize,
    /// Entries not run.
    pub skipped: usize,
    /// Requests they sent, every transport attempt counted.
    pub requests: usize,
    /// Their transport retries.
    pub transport_retries: usize,
    /// Their Hurl `retry`/`repeat` runs beyond the first.
    pub entry_reruns: usize,
}

impl Released {
    /// Counts `entry` (passed or skipped) in.
    pub fn add(&mut self, entry: &EntryResult) {
        match entry.outcome() {
            Outcome::Skipped => self.skipped += 1,
            _ => self.passed += 1,
        }
        self.requests += entry.requests();
        self.transport_retries += entry.transport_retries();
        self.entry_reruns += entry.runs.len().saturating_sub(1);
    }
}

/// One run of an entry (Hurl's `retry` runs an entry again until its asserts pass).
#[derive(Clone, Debug, PartialEq)]
pub struct EntryRun {
    /// 1 for the first run.
    pub number: u32,
    /// When it started.
    pub started_at: SystemTime,
    /// How long it took.
    pub duration: Duration,
    /// The method and URL sent (redacted).
    pub request: String,
    /// Transport attempts of this run.
    pub attempts: Vec<Attempt>,
    /// Redirects followed by the last attempt.
    pub redirects: Vec<Redirect>,
    /// Final status, if a response came.
    pub status: Option<u16>,
    /// The request headers sent (of the last attempt's last hop; as built when no response
    /// came), unredacted: reporters redact them.
    pub request_headers: Vec<(String, String)>,
    /// The response headers received, unredacted: reporters redact them.
    pub response_headers: Vec<(String, String)>,
    /// Asserts evaluated.
    pub asserts: Vec<AssertResult>,
    /// Captures made.
    pub captures: Vec<CaptureResult>,
    /// Problems of this run; empty when it passed.
    pub problems: Vec<Diagnostic>,
    /// The response, when the run was asked to keep it (`sortie run`).
    pub response: Option<crate::http::HttpResponse>,
    /// The request as a curl command line (redacted), when asked (`--curl`).
    pub curl: Option<String>,
    /// How `sortie run` prints the response.
    pub print: ResponsePrint,
    /// Counts this run among the live ones (`SORTIE_DEBUG_CENSUS`).
    pub census: Token,
}

impl EntryRun {
    /// How this run ended.
    pub fn outcome(&self) -> Outcome {
        match self.problems.iter().map(|p| p.kind).max() {
            None => Outcome::Passed,
            Some(Kind::Assert) => Outcome::Failed,
            Some(_) => Outcome::Errored,
        }
    }
}

/// One entry's result.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryResult {
    /// 1-based index in the file.
    pub index: usize,
    /// The entry's name.
    pub name: String,
    /// Line of the request.
    pub line: u32,
    /// Runs: one, or more with Hurl's `retry` or `repeat`.
    pub runs: Vec<EntryRun>,
    /// Set when the entry was not run.
    pub skipped: bool,
    /// Why it was not run (`skip` option, an earlier entry failed), for reports.
    pub skip_reason: Option<String>,
    /// Total time.
    pub duration: Duration,
}

impl EntryResult {
    /// The outcome: skipped, or that of the last run (a retried entry passes when its last
    /// run passes).
    pub fn outcome(&self) -> Outcome {
        if self.skipped {
            return Outcome::Skipped;
        }
        self.runs.last().map_or(Outcome::Skipped, EntryRun::outcome)
    }

    /// Requests sent, every transport attempt counted.
    pub fn requests(&self) -> usize {
        self.runs.iter().map(|r| r.attempts.len()).sum()
    }

    /// Transport retries (attempts beyond the first of each run).
    pub fn transport_retries(&self) -> usize {
        self.runs
            .iter()
            .map(|r| r.attempts.len().saturating_sub(1))
            .sum()
    }
}

/// One file's result.
#[derive(Clone, Debug, PartialEq)]
pub struct FileResult {
    /// The path as the user gave or discovery found it.
    pub path: PathBuf,
    /// The file's text, for rendering errors (None when it could not be read).
    pub source: Option<String>,
    /// Entries, in order.
    pub entries: Vec<EntryResult>,
    /// A problem that stopped the whole file (unreadable, parse error).
    pub file_problem: Option<Diagnostic>,
    /// When the file started.
    pub started_at: SystemTime,
    /// How long it took.
    pub duration: Duration,
    /// The file's cookies at the end, as Netscape cookie lines (when `--cookie-jar` asks).
    pub cookies: Option<String>,
    /// Passed and skipped entries left out of `entries` ([`Retain::Failures`]).
    pub released: Released,
}

impl FileResult {
    /// Failed when an entry failed; errored when the file or an entry errored.
    pub fn outcome(&self) -> Outcome {
        if self.file_problem.is_some() {
            return Outcome::Errored;
        }
        self.entries
            .iter()
            .map(EntryResult::outcome)
            .filter(|o| *o != Outcome::Skipped)
            .max()
            .unwrap_or(Outcome::Passed)
    }
}

/// A whole run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunResult {
    /// Files, in the order they were given (sorted by discovery).
    pub files: Vec<FileResult>,
    /// Wall time.
    pub duration: Duration,
    /// The OpenAPI contract's coverage, when the run checked responses against one.
    pub contract: Option<ContractResult>,
}

impl RunResult {
    /// The kinds of every problem that decided an outcome: each file's own problem, the
    /// problems of each entry's last run, and an assert failure when fewer operations of the
    /// OpenAPI contract were exercised than `--openapi-coverage` asks.
    pub fn problem_kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        let coverage = self
            .contract
            .as_ref()
            .filter(|c| c.below_required())
            .map(|_| Kind::Assert);
        self.files
            .iter()
            .flat_map(|f| {
                let entries = f
                    .entries
                    .iter()
                    .filter_map(|e| e.runs.last())
                    .flat_map(|r| r.problems.iter().map(|p| p.kind));
                f.file_problem.iter().map(|p| p.kind).chain(entries)
            })
            .chain(coverage)
    }

    /// 0 all passed · 2 a file could not be read or parsed · 3 runtime error · 4 assert
    /// failure; see [`crate::diagnostic::exit_code`].
    pub fn exit_code(&self) -> u8 {
        crate::diagnostic::exit_code(self.problem_kinds())
    }

    /// Entries by outcome: (passed, failed, errored, skipped), released ones included.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for released in self.files.iter().map(|f| f.released) {
            c.0 += released.passed;
            c.3 += released.skipped;
        }
        for e in self.files.iter().flat_map(|f| &f.entries) {
            match e.outcome() {
                Outcome::Passed => c.0 += 1,
                Outcome::Failed => c.1 += 1,
                Outcome::Errored => c.2 += 1,
                Outcome::Skipped => c.3 += 1,
            }
        }
        c
    }
}
