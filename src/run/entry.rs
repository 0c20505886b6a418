//! Running one entry: its options, then Hurl's `repeat` and `retry` around sending the
//! request and checking the response (the checking itself is [`crate::check::response`]).

use std::path::Path;
use std::time::{Instant, SystemTime};

use crate::check::{check_response, CheckContext, CheckError, Context, ResponseData, Value};
use crate::diagnostic::{Diagnostic, Kind};
use crate::http::{Client, Exchange, TransportOptions};
use crate::spec::ast::{Entry, Expr, Span, Template};

use super::connect::{EntryConnection, FileConnections};
use super::event::{RunEvent, RunObserver};
use super::request::{apply_options, build_request, EntrySettings};
use super::result::{EntryResult, EntryRun};
use super::template::Scope;
use super::variables::Variables;

/// What an entry runs with: the file's client and variables, and the run's defaults.
pub struct EntryContext<'a> {
    /// The file's client (keep-alive, cookies).
    pub client: &'a Client<'a>,
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
    /// The 1-based line of the entry's request, for reports.
    pub line: u32,
    /// The spec file.
    pub path: &'a Path,
    /// Where the run's events go (`output: -` hands the body to it).
    pub observer: &'a dyn RunObserver,
}

/// An error met before the request could be sent (an option, a template): a runtime error.
fn runtime(e: CheckError, title: &str) -> Diagnostic {
    Diagnostic::new(Kind::Runtime, title, e.to_string()).at(e.span)
}

/// Runs an entry (index is 1-based) and returns its result.
pub fn run_entry(entry: &Entry, index: usize, cx: &mut EntryContext) -> EntryResult {
    let started = Instant::now();
    let mut result = EntryResult {
        index,
        name: entry.name.clone(),
        line: cx.line,
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
                .push(failed_run(1, runtime(e, "invalid option")));
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

fn failed_run(number: u32, problem: Diagnostic) -> EntryRun {
    EntryRun {
        number,
        started_at: SystemTime::now(),
        duration: Default::default(),
        request: String::new(),
        attempts: Vec::new(),
        redirects: Vec::new(),
        status: None,
        request_headers: Vec::new(),
        response_headers: Vec::new(),
        asserts: Vec::new(),
        captures: Vec::new(),
        problems: vec![problem],
        response: None,
    }
}

/// The variables of one run with the file root: what templates, files and captures see.
struct RunScope<'a> {
    vars: &'a mut Variables,
    file_root: &'a Path,
}

impl RunScope<'_> {
    fn scope(&self) -> Scope<'_> {
        Scope {
            vars: self.vars,
            file_root: self.file_root,
        }
    }
}

impl Context for RunScope<'_> {
    fn render(&self, t: &Template) -> Result<String, CheckError> {
        self.scope().render_template(t)
    }

    fn variable(&self, name: &str) -> Option<Value> {
        self.vars.get(name).cloned()
    }

    fn expr(&self, e: &Expr) -> Result<Value, CheckError> {
        self.scope().eval(e)
    }

    fn read_file(&self, t: &Template) -> Result<Vec<u8>, CheckError> {
        self.scope().read(t)
    }
}

impl CheckContext for RunScope<'_> {
    fn capture(&mut self, name: String, value: Value, secret: bool) {
        if secret {
            self.vars.insert_secret(name, value);
        } else {
            self.vars.insert(name, value);
        }
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
            Err(e) => return failed_run(number, runtime(e, "invalid request")),
        }
    };
    let sent = redactor.redact(&format!("{} {}", request.method, request.url));
    let exchange: Exchange = match connection {
        None => cx.client.execute(&request, transport),
        Some(c) => {
            let connector = cx.connections.connector();
            match connector.send(cx.client, &request, transport, &c.connection, &redactor) {
                Ok(exchange) => exchange,
                Err(e) => {
                    let problem = Diagnostic::from(e)
                        .at(c.span)
                        .map_text(|t| redactor.redact(t));
                    let mut run = failed_run(number, problem);
                    run.request = sent;
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
        request: sent,
        attempts: exchange.attempts.clone(),
        redirects: exchange.redirects.clone(),
        status: None,
        request_headers: request
            .headers
            .iter()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect(),
        response_headers: Vec::new(),
        asserts: Vec::new(),
        captures: Vec::new(),
        problems: Vec::new(),
        response: None,
    };
    let response = match &exchange.result {
        Ok(r) => r,
        Err(e) => {
            run.problems.push(
                Diagnostic::new(Kind::Runtime, "http request", redactor.redact(&e.message))
                    .at(entry.request.span),
            );
            run.duration = started.elapsed();
            return run;
        }
    };
    run.status = Some(response.status);
    run.request_headers = response.request_headers.clone();
    run.response_headers = response.headers.clone();
    if let Some(output) = &settings.output {
        let written = match response.body() {
            Err(e) => Err(format!("cannot write the body: {e}")),
            Ok(body) if output == "-" => {
                cx.observer.event(RunEvent::Output {
                    path: cx.path,
                    body,
                });
                Ok(())
            }
            Ok(body) => write_output(output, body),
        };
        if let Err(e) = written {
            run.problems
                .push(Diagnostic::new(Kind::Runtime, "output", e).at(request_line(entry)));
        }
    }
    if let Some(expected) = &entry.response {
        let data = ResponseData {
            response,
            redirects: &exchange.redirects,
            duration: exchange.duration,
        };
        let mut scope = RunScope {
            vars,
            file_root: cx.file_root,
        };
        let checked = check_response(expected, &data, &mut scope);
        run.asserts = checked.asserts;
        run.captures = checked.captures;
        run.problems.extend(checked.problems);
    }
    // Everything reported is redacted once more: captures marked redact are known now.
    run.problems = std::mem::take(&mut run.problems)
        .into_iter()
        .map(|p| p.map_text(|t| redactor.redact(t)))
        .collect();
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

/// The start of the request line, for problems about the whole request.
fn request_line(entry: &Entry) -> Span {
    entry.request.span.first()
}

fn write_output(path: &str, body: &[u8]) -> Result<(), String> {
    std::fs::write(path, body).map_err(|e| format!("cannot write the body to {path}: {e}"))
}
