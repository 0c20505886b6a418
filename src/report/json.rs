//! The JSON report (`--report-json FILE`): the [report model](super::model) serialized: every
//! file, entry, run, transport attempt, assert and capture, with timings. Every string in it
//! is redacted; captures marked `redact` keep their `***`. `sortie report merge` reads these
//! reports back.
//!
//! Shape (`format` is 1; times are RFC 3339 in UTC, durations milliseconds as numbers):
//!
//! ```text
//! { format, tool, exit_code, started_at, duration_ms, shard: { index, total } | null,
//!   summary: { files, files_failed, passed, failed, errored, skipped, requests,
//!              transport_retries, entry_reruns },
//!   files: [ { path, outcome, started_at, duration_ms, problem,
//!     entries: [ { index, name, line, outcome, skipped, skip_reason, duration_ms,
//!                  requests, transport_retries,
//!       runs: [ { number, outcome, started_at, duration_ms, request, status,
//!         attempts: [ { number, started_at, duration_ms, status, error: {kind, message},
//!                       retry_delay_ms, redirects } ],
//!         redirects: [ { url, status, location } ],
//!         asserts: [ { line, column, source, expected, actual, pass } ],
//!         captures: [ { name, value } ],
//!         problems: [ { kind, title, line, column, message, notes, rendered,
//!                       end_line, end_column } ],
//!         request_headers: [ { name, value } ], response_headers: [ { name, value } ]
//!       } ] } ],
//!     source } ] }
//! ```
//!
//! `started_at` and `shard` at the top, `source` (the file's text, redacted), the headers of
//! each run (credential headers masked) and the end of each problem's place were added to
//! format 1 without changing any earlier field.

use std::path::Path;

use super::model::Report;

/// Writes the report to `path` atomically, pretty-printed.
pub fn write_json(path: &Path, report: &Report) -> std::io::Result<()> {
    let text = report.to_json_text().map_err(std::io::Error::other)?;
    super::write_atomically(path, text.as_bytes())
}
