//! The report model: one serde description of a finished run, built once from the run's
//! result ([`build`]), redacted as it is built, and read by every file report: the JSON report
//! is this model serialized, JUnit and HTML are rendered from it, and `sortie report merge`
//! reads shards' JSON reports back into it ([`merge`]) to write the reports of the whole run.
//!
//! The shape is that of the JSON report, documented in [`super::json`]. Durations are
//! [`Millis`] (milliseconds with three decimals in JSON, exact in memory) and times are
//! [`Timestamp`]s (RFC 3339 in UTC, to the millisecond, in JSON).

pub mod build;
pub mod contract;
pub mod merge;

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diagnostic::Kind;
pub use contract::ContractReport;

/// The report format written by this version, in the `format` field.
pub const FORMAT: u32 = 1;

/// The `tool` field of reports written by this version.
pub fn tool_name() -> String {
    format!("sortie {}", env!("CARGO_PKG_VERSION"))
}

/// A whole run: the root of the JSON report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// [`FORMAT`] of the version that wrote it.
    pub format: u32,
    /// `sortie VERSION`.
    pub tool: String,
    /// The run's exit code (0, 2, 3 or 4), as `sortie test` exited without a lost report.
    pub exit_code: u8,
    /// When the run started (for a merged report: the earliest shard's start).
    pub started_at: Timestamp,
    /// The run's wall time (for a merged report: from the earliest shard's start to the
    /// latest shard's end).
    pub duration_ms: Millis,
    /// The part of the file list this run ran (`--shard K/N`); none for a whole run.
    pub shard: Option<ShardOf>,
    /// Counts over every file and entry.
    pub summary: Summary,
    /// The OpenAPI contract responses were checked against (`--openapi`) and its coverage;
    /// absent when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractReport>,
    /// Every file, in the order the run took them.
    pub files: Vec<FileReport>,
}

/// `--shard K/N`: part `index` of `total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ShardOf {
    /// K, from 1.
    pub index: usize,
    /// N.
    pub total: usize,
}

/// Counts over a run's files and entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Files run.
    pub files: usize,
    /// Files that failed or errored.
    pub files_failed: usize,
    /// Entries that passed.
    pub passed: usize,
    /// Entries whose asserts failed.
    pub failed: usize,
    /// Entries with a runtime error.
    pub errored: usize,
    /// Entries not run.
    pub skipped: usize,
    /// Requests sent, every transport attempt counted.
    pub requests: usize,
    /// Transport attempts beyond the first of each run.
    pub transport_retries: usize,
    /// Hurl `retry`/`repeat` runs beyond the first of each entry.
    pub entry_reruns: usize,
}

impl Summary {
    /// The counts of these files.
    pub fn of_files(files: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for file in files {
            if file.outcome.is_failure() {
                s.files_failed += 1;
            }
            for entry in &file.entries {
                match entry.outcome {
                    Outcome::Passed => s.passed += 1,
                    Outcome::Failed => s.failed += 1,
                    Outcome::Errored => s.errored += 1,
                    Outcome::Skipped => s.skipped += 1,
                }
                s.requests += entry.requests;
                s.transport_retries += entry.transport_retries;
                s.entry_reruns += entry.runs.len().saturating_sub(1);
            }
        }
        s
    }

    /// Requests per second over `duration` (0 when no time passed).
    pub fn rate(&self, duration: Duration) -> f64 {
        let secs = duration.as_secs_f64();
        if secs > 0.0 {
            self.requests as f64 / secs
        } else {
            0.0
        }
    }
}

/// How an entry, a run or a file ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Every assert passed.
    Passed,
    /// Not run.
    Skipped,
    /// An assert failed.
    Failed,
    /// A runtime or input error.
    Errored,
}

impl Outcome {
    /// The lowercase name, as in the JSON report.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
            Outcome::Errored => "errored",
        }
    }

    /// Failed or errored.
    pub fn is_failure(self) -> bool {
        matches!(self, Outcome::Failed | Outcome::Errored)
    }
}

impl From<crate::run::Outcome> for Outcome {
    fn from(o: crate::run::Outcome) -> Self {
        match o {
            crate::run::Outcome::Passed => Outcome::Passed,
            crate::run::Outcome::Skipped => Outcome::Skipped,
            crate::run::Outcome::Failed => Outcome::Failed,
            crate::run::Outcome::Errored => Outcome::Errored,
        }
    }
}

/// One spec file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The path as the user gave or discovery found it.
    pub path: String,
    /// Errored when the file or an entry errored, else failed when an entry failed.
    pub outcome: Outcome,
    /// When the file started.
    pub started_at: Timestamp,
    /// How long it took.
    pub duration_ms: Millis,
    /// The problem that stopped the whole file (unreadable, parse error).
    pub problem: Option<Problem>,
    /// Entries, in order.
    pub entries: Vec<EntryReport>,
    /// The file's text, redacted (none when it could not be read): the HTML report shows
    /// the failing lines from it.
    pub source: Option<String>,
}

/// One entry of a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryReport {
    /// 1-based index in the file.
    pub index: usize,
    /// The entry's name.
    pub name: String,
    /// Line of the request.
    pub line: u32,
    /// Skipped, or the outcome of the last run.
    pub outcome: Outcome,
    /// Set when the entry was not run.
    pub skipped: bool,
    /// Why it was not run.
    pub skip_reason: Option<String>,
    /// Total time, runs and waits included.
    pub duration_ms: Millis,
    /// Requests sent, every transport attempt counted.
    pub requests: usize,
    /// Transport attempts beyond the first of each run.
    pub transport_retries: usize,
    /// Runs: one, or more with Hurl's `retry` or `repeat`.
    pub runs: Vec<RunReport>,
}

/// One run of an entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// 1 for the first run.
    pub number: u32,
    /// How it ended.
    pub outcome: Outcome,
    /// When it started.
    pub started_at: Timestamp,
    /// How long it took.
    pub duration_ms: Millis,
    /// The method and URL sent.
    pub request: String,
    /// The final status, if a response came.
    pub status: Option<u16>,
    /// Transport attempts.
    pub attempts: Vec<AttemptReport>,
    /// Redirects followed by the last attempt.
    pub redirects: Vec<RedirectReport>,
    /// Asserts evaluated.
    pub asserts: Vec<AssertReport>,
    /// Captures made.
    pub captures: Vec<CaptureReport>,
    /// Problems of the run; empty when it passed.
    pub problems: Vec<Problem>,
    /// The request headers sent (credential headers masked).
    pub request_headers: Vec<HeaderReport>,
    /// The response headers received (credential headers masked).
    pub response_headers: Vec<HeaderReport>,
}

/// One transport attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptReport {
    /// 1 for the first attempt.
    pub number: u32,
    /// When it started.
    pub started_at: Timestamp,
    /// How long it took, redirects included.
    pub duration_ms: Millis,
    /// The final status, when a response came.
    pub status: Option<u16>,
    /// Why no response came.
    pub error: Option<AttemptError>,
    /// The wait before the next attempt, when there was one.
    pub retry_delay_ms: Option<Millis>,
    /// Redirects followed.
    pub redirects: Vec<RedirectReport>,
}

impl AttemptReport {
    /// What the attempt got: `status N`, or the transport error.
    pub fn result_text(&self) -> String {
        match (&self.error, self.status) {
            (Some(e), _) => e.message.clone(),
            (None, Some(status)) => format!("status {status}"),
            (None, None) => "no response".to_string(),
        }
    }
}

/// A transport error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptError {
    /// `connect`, `timeout`, `dns`, `tls`, …
    pub kind: String,
    /// A one-line description.
    pub message: String,
}

/// One redirect hop that was followed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectReport {
    /// The URL that answered with a redirect.
    pub url: String,
    /// Its status.
    pub status: u16,
    /// Where it pointed.
    pub location: String,
}

/// One assert's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertReport {
    /// 1-based line in the spec.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// What it checks: `status`, `header Name`, `body`, `assert`, …
    pub source: String,
    /// What was expected.
    pub expected: String,
    /// What was found.
    pub actual: String,
    /// Did it hold.
    pub pass: bool,
}

/// One capture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureReport {
    /// The variable's name.
    pub name: String,
    /// Its value, rendered (`***` when secret).
    pub value: String,
}

/// A header, as shown in reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderReport {
    /// The name.
    pub name: String,
    /// The value, redacted (`***` for credential headers).
    pub value: String,
}

/// What a problem is about; decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    /// An assert did not hold.
    Assert,
    /// A runtime error.
    Runtime,
    /// An input error (a file that cannot be read or parsed).
    Input,
    /// A usage error.
    Usage,
}

impl ProblemKind {
    /// The lowercase name, as in the JSON report.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::Assert => "assert",
            ProblemKind::Runtime => "runtime",
            ProblemKind::Input => "input",
            ProblemKind::Usage => "usage",
        }
    }
}

impl From<Kind> for ProblemKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Assert => ProblemKind::Assert,
            Kind::Runtime => ProblemKind::Runtime,
            Kind::Input => ProblemKind::Input,
            Kind::Usage => ProblemKind::Usage,
        }
    }
}

impl From<ProblemKind> for Kind {
    fn from(k: ProblemKind) -> Self {
        match k {
            ProblemKind::Assert => Kind::Assert,
            ProblemKind::Runtime => Kind::Runtime,
            ProblemKind::Input => Kind::Input,
            ProblemKind::Usage => Kind::Usage,
        }
    }
}

/// A problem: an assert failure, a runtime error, a parse error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Its kind.
    pub kind: ProblemKind,
    /// The short title (`assert failure`, `http request`, `parse error`).
    pub title: String,
    /// 1-based line where it starts, when it has a place.
    pub line: Option<u32>,
    /// 1-based column where it starts.
    pub column: Option<u32>,
    /// The explanation.
    pub message: String,
    /// Extra lines: expected, actual, diffs.
    pub notes: Vec<String>,
    /// The whole error as the terminal shows it, without colour.
    pub rendered: String,
    /// 1-based line where it ends.
    pub end_line: Option<u32>,
    /// 1-based column where it ends (exclusive).
    pub end_column: Option<u32>,
}

impl Report {
    /// The kinds of every problem that decided an outcome: each file's own problem, the
    /// problems of each entry's last run, and an assert failure for a contract coverage
    /// below `--openapi-coverage` (as [`crate::run::RunResult::problem_kinds`]).
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
                    .flat_map(|r| r.problems.iter().map(|p| Kind::from(p.kind)));
                f.problem.iter().map(|p| Kind::from(p.kind)).chain(entries)
            })
            .chain(coverage)
    }

    /// The run's exit code from its problems (see [`crate::diagnostic::exit_code`]).
    pub fn computed_exit_code(&self) -> u8 {
        crate::diagnostic::exit_code(self.problem_kinds())
    }

    /// The JSON text of the report, pretty-printed, with a final newline.
    pub fn to_json_text(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }
}

/// A duration: milliseconds with three decimals in JSON, exact in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Millis(pub Duration);

impl Millis {
    /// The duration in milliseconds, rounded to the microsecond.
    pub fn as_ms(self) -> f64 {
        (self.0.as_secs_f64() * 1_000_000.0).round() / 1000.0
    }
}

impl Serialize for Millis {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_ms())
    }
}

impl<'de> Deserialize<'de> for Millis {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ms = f64::deserialize(d)?;
        if !ms.is_finite() || ms < 0.0 || ms > u64::MAX as f64 / 1000.0 {
            return Err(serde::de::Error::custom(format!(
                "expecting a duration in milliseconds, got {ms}"
            )));
        }
        Ok(Millis(Duration::from_micros((ms * 1000.0).round() as u64)))
    }
}

/// A point in time: RFC 3339 in UTC to the millisecond in JSON, exact in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub SystemTime);

impl Timestamp {
    /// The time in UTC.
    pub fn utc(self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::<chrono::Utc>::from(self.0)
    }

    /// RFC 3339 in UTC, to the millisecond: `2025-01-31T12:00:00.123Z`.
    pub fn rfc3339(self) -> String {
        self.utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// How long after `start` this is (zero when before).
    pub fn since(self, start: Timestamp) -> Duration {
        self.0.duration_since(start.0).unwrap_or_default()
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let t = chrono::DateTime::parse_from_rfc3339(&text).map_err(|e| {
            serde::de::Error::custom(format!("expecting an RFC 3339 time, got '{text}': {e}"))
        })?;
        Ok(Timestamp(SystemTime::from(t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_milliseconds_with_three_decimals() {
        let text = |d: Duration| serde_json::to_string(&Millis(d)).unwrap();
        assert_eq!(text(Duration::from_micros(12_345)), "12.345");
        assert_eq!(text(Duration::from_nanos(1_500)), "0.002");
        assert_eq!(text(Duration::from_millis(10)), "10.0");
        let back: Millis = serde_json::from_str("12.345").unwrap();
        assert_eq!(back, Millis(Duration::from_micros(12_345)));
        assert!(serde_json::from_str::<Millis>("-1").is_err());
    }

    #[test]
    fn times_are_rfc3339_utc_milliseconds_and_read_back() {
        let t = Timestamp(SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_123));
        let text = serde_json::to_string(&t).unwrap();
        assert_eq!(text, "\"2023-11-14T22:13:20.123Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&text).unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
    }

    #[test]
    fn outcomes_and_kinds_are_lowercase() {
        assert_eq!(
            serde_json::to_string(&Outcome::Errored).unwrap(),
            "\"errored\""
        );
        assert_eq!(
            serde_json::to_string(&ProblemKind::Runtime).unwrap(),
            "\"runtime\""
        );
        for o in [
            Outcome::Passed,
            Outcome::Skipped,
            Outcome::Failed,
            Outcome::Errored,
        ] {
            assert_eq!(
                serde_json::to_string(&o).unwrap(),
                format!("\"{}\"", o.name())
            );
        }
    }
}
