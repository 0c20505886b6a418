//! Building the report model from a run's result. Every text goes through the run's
//! [`Redactor`] here, once, so every report written from the model is redacted.

use std::time::SystemTime;

use super::{
    tool_name, AssertReport, AttemptError, AttemptReport, CaptureReport, ContractReport,
    EntryReport, FileReport, HeaderReport, Millis, Problem, RedirectReport, Report, RunReport,
    ShardOf, Summary, Timestamp, FORMAT,
};
use crate::diagnostic::Diagnostic;
use crate::http::{Attempt, Redirect};
use crate::report::SourceView;
use crate::run::result::EntryRun;
use crate::run::ContractResult;
use crate::run::{EntryResult, FileResult, RunResult};
use crate::secret::Redactor;

/// What the report knows of a run beyond its result.
#[derive(Clone, Copy, Debug)]
pub struct RunInfo {
    /// When the run started.
    pub started_at: SystemTime,
    /// The part of the file list it ran (`--shard K/N`).
    pub shard: Option<ShardOf>,
}

impl Report {
    /// The report of a run, every text redacted with `redactor`.
    pub fn from_run(result: &RunResult, redactor: &Redactor, info: RunInfo) -> Report {
        let b = Builder { redactor };
        let files: Vec<FileReport> = result.files.iter().map(|f| b.file(f)).collect();
        Report {
            format: FORMAT,
            tool: tool_name(),
            exit_code: result.exit_code(),
            started_at: Timestamp(info.started_at),
            duration_ms: Millis(result.duration),
            shard: info.shard,
            summary: Summary::of_files(&files),
            contract: result.contract.as_ref().map(|c| b.contract(c)),
            files,
        }
    }
}

impl Summary {
    /// The counts of a run's result (the same as [`Summary::of_files`] on its report).
    pub fn of_run(result: &RunResult) -> Summary {
        let mut s = Summary {
            files: result.files.len(),
            ..Summary::default()
        };
        let (passed, failed, errored, skipped) = result.counts();
        (s.passed, s.failed, s.errored, s.skipped) = (passed, failed, errored, skipped);
        for file in &result.files {
            if super::Outcome::from(file.outcome()).is_failure() {
                s.files_failed += 1;
            }
            s.requests += file.released.requests;
            s.transport_retries += file.released.transport_retries;
            s.entry_reruns += file.released.entry_reruns;
            for entry in &file.entries {
                s.requests += entry.requests();
                s.transport_retries += entry.transport_retries();
                s.entry_reruns += entry.runs.len().saturating_sub(1);
            }
        }
        s
    }
}

struct Builder<'a> {
    redactor: &'a Redactor,
}

impl Builder<'_> {
    fn text(&self, s: &str) -> String {
        self.redactor.redact(s)
    }

    fn texts(&self, items: &[String]) -> Vec<String> {
        items.iter().map(|s| self.text(s)).collect()
    }

    fn headers(&self, headers: &[(String, String)]) -> Vec<HeaderReport> {
        headers
            .iter()
            .map(|(name, value)| HeaderReport {
                name: self.text(name),
                value: self.redactor.header_value(name, value),
            })
            .collect()
    }

    fn redirect(&self, r: &Redirect) -> RedirectReport {
        RedirectReport {
            url: self.text(&r.url),
            status: r.status,
            location: self.text(&r.location),
        }
    }

    fn attempt(&self, a: &Attempt) -> AttemptReport {
        let (status, error) = match &a.outcome {
            Ok(status) => (Some(*status), None),
            Err(e) => (
                None,
                Some(AttemptError {
                    kind: format!("{:?}", e.kind).to_lowercase(),
                    message: self.text(&e.message),
                }),
            ),
        };
        AttemptReport {
            number: a.number,
            started_at: Timestamp(a.started_at),
            duration_ms: Millis(a.duration),
            status,
            error,
            retry_delay_ms: a.retry_delay.map(Millis),
            redirects: a.redirects.iter().map(|r| self.redirect(r)).collect(),
        }
    }

    fn problem(&self, view: &SourceView, p: &Diagnostic) -> Problem {
        let place = view.place(p);
        Problem {
            kind: p.kind.into(),
            title: self.text(&p.title),
            line: place.map(|(start, _)| start.line),
            column: place.map(|(start, _)| start.column),
            message: self.text(&p.message),
            notes: self.texts(&p.notes),
            rendered: self.text(&view.render(p, false)),
            end_line: place.map(|(_, end)| end.line),
            end_column: place.map(|(_, end)| end.column),
        }
    }

    fn run(&self, view: &SourceView, r: &EntryRun) -> RunReport {
        RunReport {
            number: r.number,
            outcome: r.outcome().into(),
            started_at: Timestamp(r.started_at),
            duration_ms: Millis(r.duration),
            request: self.text(&r.request),
            status: r.status,
            attempts: r.attempts.iter().map(|a| self.attempt(a)).collect(),
            redirects: r.redirects.iter().map(|x| self.redirect(x)).collect(),
            asserts: r
                .asserts
                .iter()
                .map(|a| {
                    let at = view.line_col(a.span.start);
                    AssertReport {
                        line: at.map(|p| p.line),
                        column: at.map(|p| p.column),
                        source: self.text(&a.what),
                        expected: self.text(&a.expected),
                        actual: self.text(&a.actual),
                        pass: a.passed,
                    }
                })
                .collect(),
            captures: r
                .captures
                .iter()
                .map(|c| CaptureReport {
                    name: self.text(&c.name),
                    value: self.text(&c.value),
                })
                .collect(),
            problems: r.problems.iter().map(|p| self.problem(view, p)).collect(),
            request_headers: self.headers(&r.request_headers),
            response_headers: self.headers(&r.response_headers),
        }
    }

    fn entry(&self, view: &SourceView, e: &EntryResult) -> EntryReport {
        EntryReport {
            index: e.index,
            name: self.text(&e.name),
            line: e.line,
            outcome: e.outcome().into(),
            skipped: e.skipped,
            skip_reason: e.skip_reason.as_deref().map(|s| self.text(s)),
            duration_ms: Millis(e.duration),
            requests: e.requests(),
            transport_retries: e.transport_retries(),
            runs: e.runs.iter().map(|r| self.run(view, r)).collect(),
        }
    }

    /// The contract's coverage; request paths come from URLs the specs built, so they are
    /// redacted like every other text.
    fn contract(&self, c: &ContractResult) -> ContractReport {
        let mut coverage = c.coverage.clone();
        for u in &mut coverage.undocumented {
            u.path = self.text(&u.path);
        }
        ContractReport::new(
            self.text(&c.document),
            c.version,
            c.required_coverage,
            coverage,
        )
    }

    fn file(&self, f: &FileResult) -> FileReport {
        let view = SourceView::of(f);
        FileReport {
            path: self.text(&f.path.display().to_string()),
            outcome: f.outcome().into(),
            started_at: Timestamp(f.started_at),
            duration_ms: Millis(f.duration),
            problem: f.file_problem.as_ref().map(|p| self.problem(&view, p)),
            entries: f.entries.iter().map(|e| self.entry(&view, e)).collect(),
            source: f.source.as_deref().map(|s| self.text(s)),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::time::Duration;

    use super::*;
    use crate::census::{Counted, Token};
    use crate::check::{AssertResult, CaptureResult};
    use crate::diagnostic::Kind;
    use crate::http::{TransportError, TransportErrorKind};
    use crate::spec::ast::Span;

    /// A run of two files where every text holds `secret`: a failing entry retried by the
    /// transport and by Hurl `retry`, a skipped entry, and a file that did not parse.
    pub(crate) fn sample_run(secret: &str) -> RunResult {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let source = format!("# Get {secret}\nGET http://h/{secret}\nHTTP 200\n[Asserts]\njsonpath \"$.a\" == \"{secret}\"\n");
        let problem = Diagnostic::new(Kind::Assert, format!("assert {secret}"), secret)
            .at(Span::new(
                source.find("jsonpath").unwrap(),
                source.len() - 1,
            ))
            .with_notes(vec![
                format!("expected: == \"{secret}\""),
                "actual:   \"b\"".into(),
            ]);
        let attempt = |number, outcome, delay: Option<u64>| Attempt {
            number,
            started_at: at + Duration::from_millis(10 * number as u64),
            duration: Duration::from_millis(3),
            outcome,
            redirects: vec![Redirect {
                url: format!("http://h/{secret}"),
                status: 302,
                location: format!("http://h/{secret}/2"),
            }],
            retry_delay: delay.map(Duration::from_millis),
        };
        let run = |number, problems: Vec<Diagnostic>| EntryRun {
            number,
            started_at: at,
            duration: Duration::from_millis(40),
            request: format!("GET http://h/{secret}"),
            attempts: vec![
                attempt(
                    1,
                    Err(TransportError::new(
                        TransportErrorKind::Connect,
                        format!("refused {secret}"),
                    )),
                    Some(5),
                ),
                attempt(2, Ok(200), None),
            ],
            redirects: Vec::new(),
            status: Some(200),
            request_headers: vec![
                ("Authorization".into(), "Bearer abc".into()),
                (format!("X-{secret}"), format!("v {secret}")),
            ],
            response_headers: vec![("Set-Cookie".into(), "sid=1".into())],
            asserts: vec![AssertResult {
                span: Span::new(source.find("jsonpath").unwrap(), 0),
                what: format!("assert {secret}"),
                expected: format!("== \"{secret}\""),
                actual: "\"b\"".into(),
                passed: false,
            }],
            captures: vec![CaptureResult {
                name: secret.into(),
                value: secret.into(),
            }],
            problems,
            response: None,
            curl: None,
            print: Default::default(),
            census: Token::new(Counted::EntryRun),
        };
        let entry = EntryResult {
            index: 1,
            name: format!("Get {secret}"),
            line: 2,
            runs: vec![run(1, vec![problem.clone()]), run(2, vec![problem])],
            skipped: false,
            skip_reason: None,
            duration: Duration::from_millis(90),
        };
        let skipped = EntryResult {
            index: 2,
            name: "later".into(),
            line: 7,
            runs: Vec::new(),
            skipped: true,
            skip_reason: Some(format!("not run: {secret}")),
            duration: Duration::ZERO,
        };
        let parse = Diagnostic::new(Kind::Input, "parse error", format!("bad {secret}"))
            .at(Span::new(0, 3));
        RunResult {
            files: vec![
                FileResult {
                    path: "specs/a.hurl".into(),
                    source: Some(source),
                    entries: vec![entry, skipped],
                    file_problem: None,
                    started_at: at,
                    duration: Duration::from_millis(95),
                    cookies: None,
                    released: Default::default(),
                },
                FileResult {
                    path: format!("specs/{secret}.hurl").into(),
                    source: Some(format!("GET {secret}\n")),
                    entries: Vec::new(),
                    file_problem: Some(parse),
                    started_at: at,
                    duration: Duration::from_millis(1),
                    cookies: None,
                    released: Default::default(),
                },
            ],
            duration: Duration::from_millis(100),
            contract: None,
        }
    }

    fn info() -> RunInfo {
        RunInfo {
            started_at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            shard: Some(ShardOf { index: 2, total: 3 }),
        }
    }

    #[test]
    fn every_text_is_redacted_and_credential_headers_masked() {
        let secret = "s3cr3t-9x";
        let redactor = Redactor::new();
        redactor.add(secret);
        let report = Report::from_run(&sample_run(secret), &redactor, info());
        let text = report.to_json_text().unwrap();
        assert!(!text.contains(secret), "{text}");
        assert!(text.contains("***"));
        let run = &report.files[0].entries[0].runs[0];
        assert_eq!(run.request_headers[0].value, "***");
        assert_eq!(run.request_headers[1].name, "X-***");
        assert_eq!(run.response_headers[0].value, "***");
    }

    #[test]
    fn the_model_holds_places_counts_and_exit_code() {
        let result = sample_run("x");
        let report = Report::from_run(&result, &Redactor::new(), info());
        assert_eq!(report.exit_code, 2);
        assert_eq!(report.computed_exit_code(), 2);
        assert_eq!(report.summary, Summary::of_run(&result));
        assert_eq!(
            report.summary,
            Summary {
                files: 2,
                files_failed: 2,
                passed: 0,
                failed: 1,
                errored: 0,
                skipped: 1,
                requests: 4,
                transport_retries: 2,
                entry_reruns: 1
            }
        );
        let p = &report.files[0].entries[0].runs[1].problems[0];
        assert_eq!((p.line, p.column, p.end_line), (Some(5), Some(1), Some(5)));
        assert!(p.rendered.contains("a.hurl") || p.rendered.contains("5 | jsonpath"));
        let attempts = &report.files[0].entries[0].runs[0].attempts;
        assert_eq!(attempts[0].error.as_ref().unwrap().kind, "connect");
        assert_eq!(
            attempts[0].retry_delay_ms,
            Some(Millis(Duration::from_millis(5)))
        );
        assert_eq!(attempts[1].result_text(), "status 200");
        assert_eq!(report.shard, Some(ShardOf { index: 2, total: 3 }));
    }

    #[test]
    fn the_json_text_reads_back_into_the_same_model() {
        let report = Report::from_run(&sample_run("x"), &Redactor::new(), info());
        let text = report.to_json_text().unwrap();
        let back: Report = serde_json::from_str(&text).unwrap();
        assert_eq!(back, report);
    }
}
