//! Running one entry: options, the request, implicit asserts, captures and asserts, with
//! Hurl's `retry` and `repeat` around it.

use std::path::Path;
use std::time::{Instant, SystemTime};

use crate::check::{
    apply_filters, eval_predicate, eval_query, json_diff, text_diff, CheckError, CheckErrorKind,
    ResponseData, Value,
};
use crate::http::{Client, Exchange, HttpResponse, TransportOptions};
use crate::spec::ast::{Body, BodyKind, Entry, Pos, Response, Span, Status, Version};

use super::connect::{EntryConnection, FileConnections};
use super::request::{apply_options, body_bytes, build_request, json_value, EntrySettings};
use super::result::{AssertResult, CaptureResult, EntryResult, EntryRun, Problem, ProblemKind};
use super::template::Scope;
use super::variables::Variables;

/// What an entry runs with: the file's client and variables, and the run's defaults.
pub struct EntryContext<'a> {
    /// The file's client (keep-alive, cookies).
    pub client: &'a Client,
    /// The file's variables; captures are added to them.
    pub vars: &'a mut Variables,
    /// Files read by the spec stay in here.
    pub file_root: &'a Path,
    /// Transport options before `[Options]`.
    pub defaults: &'a TransportOptions,
    /// Entry settings before `[Options]` (from the command line).
    pub settings: &'a EntrySettings,
    /// Keep the response in the result.
    pub keep_response: bool,
    /// The connections the file sees.
    pub connections: &'a FileConnections<'a>,
}

fn problem_from(e: &CheckError, title: &str) -> Problem {
    Problem {
        kind: match e.kind {
            CheckErrorKind::Runtime => ProblemKind::Runtime,
            CheckErrorKind::Assert => ProblemKind::Assert,
        },
        title: title.to_string(),
        pos: Some(e.span.start),
        end: Some(e.span.end),
        message: e.message.clone(),
        notes: Vec::new(),
    }
}

fn assert_problem(span: Span, message: String, notes: Vec<String>) -> Problem {
    Problem {
        kind: ProblemKind::Assert,
        title: "assert failure".to_string(),
        pos: Some(span.start),
        end: Some(span.end),
        message,
        notes,
    }
}

/// Runs an entry (index is 1-based) and returns its result.
pub fn run_entry(entry: &Entry, index: usize, cx: &mut EntryContext) -> EntryResult {
    let started = Instant::now();
    let mut result = EntryResult {
        index,
        name: entry.name.clone(),
        line: entry.request.span.start.line,
        runs: Vec::new(),
        skipped: false,
        skip_reason: None,
        duration: Default::default(),
    };
    let mut transport = cx.defaults.clone();
    let mut settings = cx.settings.clone();
    if let Some(options) = &entry.request.options {
        if let Err(e) = apply_options(
            &options.items,
            cx.vars,
            cx.file_root,
            &mut transport,
            &mut settings,
        ) {
            result
                .runs
                .push(failed_run(1, problem_from(&e, "invalid option")));
            result.duration = started.elapsed();
            return result;
        }
    }
    if settings.skip {
        result.skipped = true;
        result.skip_reason = Some("skip option".to_string());
        return result;
    }
    let connection = match cx
        .connections
        .for_entry(entry, &settings, cx.vars, cx.file_root)
    {
        Ok(c) => c,
        Err(problem) => {
            result.runs.push(failed_run(1, problem));
            result.duration = started.elapsed();
            return result;
        }
    };
    let repeats = if settings.repeat < 0 {
        u32::MAX
    } else {
        settings.repeat.max(1) as u32
    };
    let mut number = 0;
    'repeat: for _ in 0..repeats {
        let mut retries_left = settings.retry;
        loop {
            if !settings.delay.is_zero() {
                std::thread::sleep(settings.delay);
            }
            number += 1;
            // A run works on a copy of the variables: only a passing (or last) run keeps its
            // captures.
            let mut vars = cx.vars.clone();
            let run = run_once(
                entry,
                number,
                &mut vars,
                cx,
                &transport,
                &settings,
                connection.as_ref(),
            );
            let passed = run.problems.is_empty();
            result.runs.push(run);
            if passed || retries_left == 0 {
                *cx.vars = vars;
                if !passed {
                    break 'repeat;
                }
                break;
            }
            if retries_left > 0 {
                retries_left -= 1;
            }
            std::thread::sleep(settings.retry_interval);
        }
    }
    result.duration = started.elapsed();
    result
}

fn connection_problem(message: &str, span: Span) -> Problem {
    Problem {
        kind: ProblemKind::Runtime,
        title: "connection".to_string(),
        pos: Some(span.start),
        end: Some(span.end),
        message: message.to_string(),
        notes: Vec::new(),
    }
}

fn failed_run(number: u32, problem: Problem) -> EntryRun {
    EntryRun {
        number,
        started_at: SystemTime::now(),
        duration: Default::default(),
        request: String::new(),
        attempts: Vec::new(),
        redirects: Vec::new(),
        status: None,
        asserts: Vec::new(),
        captures: Vec::new(),
        problems: vec![problem],
        response: None,
    }
}

fn run_once(
    entry: &Entry,
    number: u32,
    vars: &mut Variables,
    cx: &EntryContext,
    transport: &TransportOptions,
    settings: &EntrySettings,
    connection: Option<&EntryConnection>,
) -> EntryRun {
    let started = Instant::now();
    let started_at = SystemTime::now();
    let redactor = vars.redactor().clone();
    let request = {
        let scope = Scope {
            vars,
            file_root: cx.file_root,
        };
        match build_request(&entry.request, &scope, settings) {
            Ok(r) => r,
            Err(e) => return failed_run(number, problem_from(&e, "invalid request")),
        }
    };
    let exchange: Exchange = match connection {
        None => cx.client.execute(&request, transport),
        Some(c) => {
            let connector = cx.connections.connector();
            match connector.send(cx.client, &request, transport, &c.connection, &redactor) {
                Ok(exchange) => exchange,
                Err(e) => {
                    let mut run = failed_run(number, connection_problem(&e.to_string(), c.span));
                    run.request = redactor.redact(&format!("{} {}", request.method, request.url));
                    run.duration = started.elapsed();
                    return run;
                }
            }
        }
    };
    let mut run = EntryRun {
        number,
        started_at,
        duration: Default::default(),
        request: redactor.redact(&format!("{} {}", request.method, request.url)),
        attempts: exchange.attempts.clone(),
        redirects: exchange.redirects.clone(),
        status: None,
        asserts: Vec::new(),
        captures: Vec::new(),
        problems: Vec::new(),
        response: None,
    };
    let response = match &exchange.result {
        Ok(r) => r,
        Err(e) => {
            run.problems.push(Problem {
                kind: ProblemKind::Runtime,
                title: "http request".to_string(),
                pos: Some(entry.request.span.start),
                end: Some(entry.request.span.end),
                message: redactor.redact(&e.message),
                notes: Vec::new(),
            });
            run.duration = started.elapsed();
            return run;
        }
    };
    run.status = Some(response.status);
    if let Some(output) = &settings.output {
        if let Err(e) = write_output(output, &response.body) {
            run.problems.push(Problem {
                kind: ProblemKind::Runtime,
                title: "output".to_string(),
                pos: Some(entry.request.span.start),
                end: None,
                message: e,
                notes: Vec::new(),
            });
        }
    }
    if let Some(expected) = &entry.response {
        let data = ResponseData {
            response,
            redirects: &exchange.redirects,
            duration: exchange.duration,
        };
        check_response(expected, &data, vars, cx.file_root, &mut run);
    }
    // Everything reported is redacted once more: captures marked redact are known now.
    for p in &mut run.problems {
        p.message = redactor.redact(&p.message);
        for n in &mut p.notes {
            *n = redactor.redact(n);
        }
    }
    for a in &mut run.asserts {
        a.expected = redactor.redact(&a.expected);
        a.actual = redactor.redact(&a.actual);
    }
    if cx.keep_response {
        run.response = Some(response.clone());
    }
    run.duration = started.elapsed();
    run
}

fn write_output(path: &str, body: &[u8]) -> Result<(), String> {
    use std::io::Write;
    if path == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(body)
            .map_err(|e| format!("cannot write the body to stdout: {e}"));
    }
    std::fs::write(path, body).map_err(|e| format!("cannot write the body to {path}: {e}"))
}

/// Implicit asserts, captures, asserts and the body, in Hurl's order.
fn check_response(
    expected: &Response,
    data: &ResponseData,
    vars: &mut Variables,
    file_root: &Path,
    run: &mut EntryRun,
) {
    let response = data.response;
    if expected.version.value != Version::Any {
        let want = match expected.version.value {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
            Version::Http2 => "HTTP/2",
            Version::Http3 => "HTTP/3",
            Version::Any => "HTTP",
        };
        record(
            run,
            expected.version.span,
            "version",
            want.to_string(),
            response.version.clone(),
            want == response.version,
            None,
        );
    }
    if let Status::Code(code) = expected.status.value {
        let passed = code == response.status;
        record(
            run,
            expected.status.span,
            "status",
            code.to_string(),
            response.status.to_string(),
            passed,
            None,
        );
    }
    for h in &expected.headers {
        let scope = Scope { vars, file_root };
        let (name, value) = match (
            scope.render_template(&h.key),
            scope.render_template(&h.value),
        ) {
            (Ok(n), Ok(v)) => (n, v),
            (Err(e), _) | (_, Err(e)) => {
                run.problems.push(problem_from(&e, "invalid header"));
                continue;
            }
        };
        let actual: Vec<&str> = response.headers_named(&name).collect();
        let passed = actual.contains(&value.as_str());
        let shown = if actual.is_empty() {
            "none".to_string()
        } else {
            actual
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        record(
            run,
            h.span,
            &format!("header {name}"),
            format!("{value:?}"),
            shown,
            passed,
            None,
        );
    }
    if let Some(captures) = &expected.captures {
        for c in &captures.items {
            let scope = Scope { vars, file_root };
            let value = eval_query(&c.query, data, &scope)
                .and_then(|v| apply_filters(&c.filters, v, &scope));
            let name = match scope.render_template(&c.name) {
                Ok(n) => n,
                Err(e) => {
                    run.problems.push(problem_from(&e, "capture"));
                    continue;
                }
            };
            match value {
                Ok(Some(v)) => {
                    let shown = if c.redact {
                        crate::secret::MASK.to_string()
                    } else {
                        v.render()
                    };
                    if c.redact {
                        vars.insert_secret(name.clone(), v);
                    } else {
                        vars.insert(name.clone(), v);
                    }
                    run.captures.push(CaptureResult { name, value: shown });
                }
                Ok(None) => run.problems.push(Problem {
                    kind: ProblemKind::Runtime,
                    title: "capture".to_string(),
                    pos: Some(c.query.span.start),
                    end: Some(c.query.span.end),
                    message: format!("the capture '{name}' has no value"),
                    notes: Vec::new(),
                }),
                Err(e) => run.problems.push(problem_from(&e, "capture")),
            }
        }
    }
    if let Some(asserts) = &expected.asserts {
        let scope = Scope { vars, file_root };
        for a in &asserts.items {
            let actual = eval_query(&a.query, data, &scope)
                .and_then(|v| apply_filters(&a.filters, v, &scope));
            let actual = match actual {
                Ok(v) => v,
                Err(e) => {
                    run.problems.push(problem_from(&e, "assert"));
                    continue;
                }
            };
            match eval_predicate(&a.predicate, actual.as_ref(), &scope) {
                Ok(outcome) => {
                    let source = format!("line {}", a.span.start.line);
                    run.asserts.push(AssertResult {
                        pos: a.span.start,
                        source,
                        expected: outcome.expected.clone(),
                        actual: outcome.actual.clone(),
                        passed: outcome.passed,
                    });
                    if !outcome.passed {
                        let mut notes = vec![
                            format!("expected: {}", outcome.expected),
                            format!("actual:   {}", outcome.actual),
                        ];
                        notes.extend(outcome.diff);
                        run.problems.push(assert_problem(
                            a.predicate.span,
                            "assert failed".to_string(),
                            notes,
                        ));
                    }
                }
                Err(e) => run.problems.push(problem_from(&e, "assert")),
            }
        }
    }
    if let Some(body) = &expected.body {
        let scope = Scope { vars, file_root };
        check_body(body, response, &scope, run);
    }
}

fn record(
    run: &mut EntryRun,
    span: Span,
    what: &str,
    expected: String,
    actual: String,
    passed: bool,
    diff: Option<String>,
) {
    run.asserts.push(AssertResult {
        pos: span.start,
        source: what.to_string(),
        expected: expected.clone(),
        actual: actual.clone(),
        passed,
    });
    if !passed {
        let mut notes = vec![
            format!("expected: {expected}"),
            format!("actual:   {actual}"),
        ];
        notes.extend(diff);
        run.problems.push(assert_problem(
            span,
            format!("{what} does not match"),
            notes,
        ));
    }
}

fn check_body(body: &Body, response: &HttpResponse, scope: &Scope, run: &mut EntryRun) {
    let start = body.span.start;
    let line_span = Span {
        start,
        end: Pos::at(start.line, start.column + 1),
    };
    match &body.kind {
        BodyKind::Json(expected) => {
            let expected = match json_value(expected, scope) {
                Ok(v) => v,
                Err(e) => return run.problems.push(problem_from(&e, "body")),
            };
            let actual: serde_json::Value = match serde_json::from_slice(&response.body) {
                Ok(v) => v,
                Err(e) => {
                    let text = String::from_utf8_lossy(&response.body);
                    return record(
                        run,
                        line_span,
                        "body",
                        "a JSON body".to_string(),
                        format!("not JSON ({e}): {}", truncate(&text)),
                        false,
                        None,
                    );
                }
            };
            let diff = json_diff(&expected, &actual);
            let passed = diff.is_none();
            let notes = diff.map(|d| {
                let mut text = d.diff;
                if !d.paths.is_empty() {
                    text.push_str(&format!("differs at: {}", d.paths.join(", ")));
                }
                text
            });
            record(
                run,
                line_span,
                "JSON body",
                Value::from_json(&expected).to_string(),
                Value::from_json(&actual).to_string(),
                passed,
                notes,
            );
        }
        kind => {
            let (expected, _) = match body_bytes(kind, scope) {
                Ok(b) => b,
                Err(e) => return run.problems.push(problem_from(&e, "body")),
            };
            let passed = expected == response.body;
            match (
                std::str::from_utf8(&expected),
                std::str::from_utf8(&response.body),
            ) {
                (Ok(e), Ok(a)) => {
                    let diff = (!passed).then(|| text_diff(e, a));
                    record(
                        run,
                        line_span,
                        "body",
                        truncate(e),
                        truncate(a),
                        passed,
                        diff,
                    );
                }
                _ => record(
                    run,
                    line_span,
                    "body",
                    format!("{} bytes", expected.len()),
                    format!("{} bytes", response.body.len()),
                    passed,
                    None,
                ),
            }
        }
    }
}

fn truncate(s: &str) -> String {
    const MAX: usize = 200;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}…")
    } else {
        format!("{s:?}")
    }
}
