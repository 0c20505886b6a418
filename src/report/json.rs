//! The JSON report (`--report-json FILE`): every file, entry, run, transport attempt, assert
//! and capture, with timings. Every string in it is redacted; captures marked `redact` keep
//! their `***`.
//!
//! Shape (`format` is 1; times are RFC 3339 in UTC, durations milliseconds as numbers):
//!
//! ```text
//! { format, tool, exit_code, duration_ms,
//!   summary: { files, files_failed, passed, failed, errored, skipped, requests,
//!              transport_retries, entry_reruns },
//!   files: [ { path, outcome, started_at, duration_ms, problem,
//!     entries: [ { index, name, line, outcome, skipped, skip_reason, duration_ms,
//!       runs: [ { number, outcome, started_at, duration_ms, request, status,
//!         attempts: [ { number, started_at, duration_ms, status, error: {kind, message},
//!                       retry_delay_ms, redirects } ],
//!         redirects: [ { url, status, location } ],
//!         asserts: [ { line, column, source, expected, actual, pass } ],
//!         captures: [ { name, value } ],
//!         problems: [ { kind, title, line, column, message, notes, rendered } ] } ] } ] } ] }
//! ```

use std::path::Path;
use std::time::{Duration, SystemTime};

use serde_json::{json, Map, Value};

use super::SourceView;
use crate::diagnostic::{Diagnostic, Kind};
use crate::http::{Attempt, Redirect};
use crate::run::result::EntryRun;
use crate::run::{EntryResult, FileResult, Outcome, RunResult};
use crate::secret::Redactor;

/// The lowercase name of an outcome.
pub fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Passed => "passed",
        Outcome::Skipped => "skipped",
        Outcome::Failed => "failed",
        Outcome::Errored => "errored",
    }
}

fn millis(d: Duration) -> Value {
    json!((d.as_secs_f64() * 1_000_000.0).round() / 1000.0)
}

fn time(at: SystemTime) -> Value {
    let t = chrono::DateTime::<chrono::Utc>::from(at);
    json!(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

fn redirect(r: &Redirect) -> Value {
    json!({ "url": r.url, "status": r.status, "location": r.location })
}

fn attempt(a: &Attempt) -> Value {
    let (status, error) = match &a.outcome {
        Ok(status) => (json!(status), Value::Null),
        Err(e) => (
            Value::Null,
            json!({ "kind": format!("{:?}", e.kind).to_lowercase(), "message": e.message }),
        ),
    };
    json!({
        "number": a.number,
        "started_at": time(a.started_at),
        "duration_ms": millis(a.duration),
        "status": status,
        "error": error,
        "retry_delay_ms": a.retry_delay.map_or(Value::Null, millis),
        "redirects": a.redirects.iter().map(redirect).collect::<Vec<_>>(),
    })
}

/// The lowercase name of a problem's kind.
pub fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Assert => "assert",
        Kind::Runtime => "runtime",
        Kind::Input => "input",
        Kind::Usage => "usage",
    }
}

fn problem(view: &SourceView, p: &Diagnostic) -> Value {
    let start = view.place(p).map(|(start, _)| start);
    json!({
        "kind": kind_name(p.kind),
        "title": p.title,
        "line": start.map(|p| p.line),
        "column": start.map(|p| p.column),
        "message": p.message,
        "notes": p.notes,
        "rendered": view.render(p, false),
    })
}

fn run(view: &SourceView, r: &EntryRun) -> Value {
    json!({
        "number": r.number,
        "outcome": outcome_name(r.outcome()),
        "started_at": time(r.started_at),
        "duration_ms": millis(r.duration),
        "request": r.request,
        "status": r.status,
        "attempts": r.attempts.iter().map(attempt).collect::<Vec<_>>(),
        "redirects": r.redirects.iter().map(redirect).collect::<Vec<_>>(),
        "asserts": r.asserts.iter().map(|a| {
            let at = view.line_col(a.span.start);
            json!({
            "line": at.map(|p| p.line),
            "column": at.map(|p| p.column),
            "source": a.what,
            "expected": a.expected,
            "actual": a.actual,
            "pass": a.passed,
        })}).collect::<Vec<_>>(),
        "captures": r.captures.iter().map(|c| json!({ "name": c.name, "value": c.value })).collect::<Vec<_>>(),
        "problems": r.problems.iter().map(|p| problem(view, p)).collect::<Vec<_>>(),
    })
}

fn entry(view: &SourceView, e: &EntryResult) -> Value {
    json!({
        "index": e.index,
        "name": e.name,
        "line": e.line,
        "outcome": outcome_name(e.outcome()),
        "skipped": e.skipped,
        "skip_reason": e.skip_reason,
        "duration_ms": millis(e.duration),
        "requests": e.requests(),
        "transport_retries": e.transport_retries(),
        "runs": e.runs.iter().map(|r| run(view, r)).collect::<Vec<_>>(),
    })
}

/// One file's part of the report.
pub fn file_json(f: &FileResult) -> Value {
    let view = SourceView::of(f);
    json!({
        "path": f.path.display().to_string(),
        "outcome": outcome_name(f.outcome()),
        "started_at": time(f.started_at),
        "duration_ms": millis(f.duration),
        "problem": f.file_problem.as_ref().map_or(Value::Null, |p| problem(&view, p)),
        "entries": f.entries.iter().map(|e| entry(&view, e)).collect::<Vec<_>>(),
    })
}

/// Every string (and key) of a value, redacted in place.
fn redact_value(v: &mut Value, redactor: &Redactor) {
    match v {
        Value::String(s) => *s = redactor.redact(s),
        Value::Array(items) => items.iter_mut().for_each(|i| redact_value(i, redactor)),
        Value::Object(map) => {
            let taken = std::mem::take(map);
            *map = taken
                .into_iter()
                .map(|(k, mut v)| {
                    redact_value(&mut v, redactor);
                    (redactor.redact(&k), v)
                })
                .collect::<Map<_, _>>();
        }
        _ => {}
    }
}

/// The report as a JSON value, redacted.
pub fn json_report(result: &RunResult, redactor: &Redactor) -> Value {
    let (passed, failed, errored, skipped) = result.counts();
    let entries = || result.files.iter().flat_map(|f| &f.entries);
    let files_failed = result
        .files
        .iter()
        .filter(|f| matches!(f.outcome(), Outcome::Failed | Outcome::Errored))
        .count();
    let mut v = json!({
        "format": 1,
        "tool": format!("sortie {}", env!("CARGO_PKG_VERSION")),
        "exit_code": result.exit_code(),
        "duration_ms": millis(result.duration),
        "summary": {
            "files": result.files.len(),
            "files_failed": files_failed,
            "passed": passed,
            "failed": failed,
            "errored": errored,
            "skipped": skipped,
            "requests": entries().map(EntryResult::requests).sum::<usize>(),
            "transport_retries": entries().map(EntryResult::transport_retries).sum::<usize>(),
            "entry_reruns": entries().map(|e| e.runs.len().saturating_sub(1)).sum::<usize>(),
        },
        "files": result.files.iter().map(file_json).collect::<Vec<_>>(),
    });
    redact_value(&mut v, redactor);
    v
}

/// Writes the report to `path` atomically, pretty-printed.
pub fn write_json(path: &Path, result: &RunResult, redactor: &Redactor) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(&json_report(result, redactor))
        .map_err(std::io::Error::other)?;
    text.push('\n');
    super::write_atomically(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_and_key_is_redacted() {
        let r = Redactor::new();
        r.add("tok-1");
        let mut v = json!({"a": ["Bearer tok-1", 3, {"tok-1": "x tok-1"}]});
        redact_value(&mut v, &r);
        assert_eq!(v, json!({"a": ["Bearer ***", 3, {"***": "x ***"}]}));
    }

    #[test]
    fn durations_are_milliseconds_with_three_decimals() {
        assert_eq!(millis(Duration::from_micros(12_345)), json!(12.345));
        assert_eq!(millis(Duration::from_nanos(1_500)), json!(0.002));
    }
}
