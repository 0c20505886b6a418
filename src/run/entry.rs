//! Running one entry: its options, then Hurl's `repeat` and `retry` around sending the
//! request and checking the response (the checking itself is [`crate::check::response`]).

use std::path::Path;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use crate::census::{Counted, Token};
use crate::check::{
    check_response, CheckContext, CheckError, Context, ResponseData, SchemaRef, Value,
};
use crate::contract::{CompiledSchema, SchemaCache};
use crate::diagnostic::{Diagnostic, Kind};
use crate::http::client::full_url;
use crate::http::cookies::StorageSetError;
use crate::http::curl::{curl_command, store_cookies_for, CurlContext};
use crate::http::decode::decode_text;
use crate::http::{Client, Exchange, HttpRequest, HttpResponse, TransportOptions};
use crate::notice::Notice;
use crate::spec::ast::{CookieStorage, Entry, Expr, Span, Template};
use crate::spec::options::{OptionKey, ResponseType};

use super::connect::{EntryConnection, FileConnections};
use super::contract::ContractOptions;
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
    /// Keep the request as a curl command line.
    pub curl: bool,
    /// The run's `--cookie FILE`, for the curl command line.
    pub cookie_file: Option<&'a str>,
    /// Add the response to a failure's notes.
    pub error_long: bool,
    /// The connections the file sees.
    pub connections: &'a FileConnections<'a>,
    /// The run's schema cache and OpenAPI contract.
    pub contract: &'a ContractOptions,
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
        if number > 0 && crate::interrupt::interrupted().is_some() {
            break;
        }
        let mut retries_left = settings.retry;
        // Before each run of the entry, not before its retries (as Hurl).
        if !settings.delay.is_zero() {
            crate::interrupt::sleep(settings.delay);
        }
        loop {
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
            let stopped = crate::interrupt::interrupted().is_some();
            if passed || retries_left == 0 || stopped {
                *cx.vars = vars;
                if !passed {
                    break 'repeat;
                }
                break;
            }
            if retries_left > 0 {
                retries_left -= 1;
            }
            crate::interrupt::sleep(settings.retry_interval);
        }
    }
    result.duration = started.elapsed();
    result
}

/// Hurl's experimental `@cookie_storage_set:` then `@cookie_storage_clear`, before each run
/// of the entry; a line the store cannot read is a warning, as in Hurl.
fn apply_cookie_storage(client: &Client, storage: &CookieStorage) {
    if let Some(line) = &storage.set {
        let added = client.cookie_jar().add_netscape(line);
        // A cookie curl refuses is dropped silently, as in Hurl.
        if let Err(StorageSetError::Syntax(e)) = added {
            client.notices().notice(Notice::Warning {
                key: "cookie_storage_set",
                message: format!(
                    "@cookie_storage_set: cookie line can not be read ({e}): '{line}'"
                ),
            });
        }
    }
    if storage.clear {
        client.cookie_jar().clear();
    }
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
        curl: None,
        print: Default::default(),
        census: Token::new(Counted::EntryRun),
    }
}

/// The variables of one run with the file root: what templates, files and captures see;
/// and the run's compiled schemas.
struct RunScope<'a> {
    vars: &'a mut Variables,
    file_root: &'a Path,
    schemas: &'a SchemaCache,
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

    fn schema(&self, source: SchemaRef, span: Span) -> Result<Arc<CompiledSchema>, CheckError> {
        self.scope().schema_from(self.schemas, source, span)
    }
}

impl CheckContext for RunScope<'_> {
    fn capture(&mut self, name: String, value: Value, secret: bool) {
        // A value derived from a secret (a filter of it, a body echoing it) stays secret.
        let derived =
            matches!(&value, Value::String(text) if self.vars.redactor().reveals_secret(text));
        if secret || derived {
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
    if let Some(storage) = &entry.cookie_storage {
        apply_cookie_storage(cx.client, storage);
    }
    // Before sending, as Hurl: the cookies the request goes out with.
    let curl = cx.curl.then(|| {
        let curl_cx = curl_context(cx, settings, &request);
        redactor.redact(&curl_command(&request, transport, &curl_cx))
    });
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
        curl,
        print: settings.print,
        census: Token::new(Counted::EntryRun),
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
    if let Err(message) = read_as(response, settings.print.response_type) {
        let at = option_span(entry, OptionKey::ResponseType).unwrap_or(request_line(entry));
        run.problems
            .push(Diagnostic::new(Kind::Runtime, "response type", message).at(at));
        run.duration = started.elapsed();
        return run;
    }
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
            Ok(body) => {
                let scope = Scope {
                    vars,
                    file_root: cx.file_root,
                };
                write_output(&scope, output, body, request_line(entry))
            }
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
            response_type: settings.print.response_type,
            document: Default::default(),
        };
        let mut scope = RunScope {
            vars,
            file_root: cx.file_root,
            schemas: &cx.contract.schemas,
        };
        let checked = check_response(expected, &data, &mut scope, !settings.no_assert);
        run.asserts = checked.asserts;
        run.captures = checked.captures;
        run.problems.extend(checked.problems);
    }
    if let (Some(openapi), true) = (&cx.contract.openapi, settings.openapi) {
        let checked = openapi.check(
            &request.method,
            &exchange.redirects,
            response,
            !settings.no_assert,
            entry.request.span,
        );
        run.asserts.extend(checked.assert);
        run.problems.extend(checked.problem);
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
    if cx.error_long && !run.problems.is_empty() {
        let shown = long_error_note(response);
        for p in &mut run.problems {
            p.notes.push(redactor.redact(&shown));
        }
    }
    if cx.keep_response {
        run.response = Some(response.clone());
    }
    run.duration = started.elapsed();
    run
}

/// The response under a failure with `--error-format long`: status line, headers (credential
/// headers masked) and the body as text, cut after 4 KiB.
fn long_error_note(response: &crate::http::HttpResponse) -> String {
    const MAX: usize = 4096;
    let mut out = format!("response: {} {}\n", response.version, response.status);
    for (name, value) in &response.headers {
        let shown = if crate::secret::is_masked_header(name) {
            crate::secret::MASK
        } else {
            value.as_str()
        };
        out.push_str(&format!("{name}: {shown}\n"));
    }
    if let Ok(body) = response.body() {
        let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
        if !text.is_empty() {
            out.push('\n');
            out.push_str(&text);
            if body.len() > MAX {
                out.push_str(&format!("… ({} bytes in all)", body.len()));
            }
        }
    }
    out
}

/// What the curl command line of a request needs from the run: the store's cookies, the
/// `--cookie` file, the resolved `output`.
fn curl_context(cx: &EntryContext, settings: &EntrySettings, request: &HttpRequest) -> CurlContext {
    let store_cookies = match full_url(&request.url, &request.query) {
        Ok(url) => store_cookies_for(&cx.client.cookie_jar(), &url),
        Err(_) => Vec::new(),
    };
    let output = settings.output.as_ref().map(|o| match o.as_str() {
        "-" => "-".to_string(),
        name => cx.file_root.join(name).display().to_string(),
    });
    CurlContext {
        store_cookies,
        cookie_file: cx.cookie_file.map(str::to_string),
        output,
    }
}

/// Checks that the body is what `response-type` says it is: JSON, or text in its charset.
fn read_as(response: &HttpResponse, kind: Option<ResponseType>) -> Result<(), String> {
    let Some(kind) = kind.filter(|k| *k != ResponseType::Binary) else {
        return Ok(());
    };
    let body = response
        .body()
        .map_err(|e| format!("the body can not be decompressed: {e}"))?;
    let text = decode_text(body, response.charset().as_deref())
        .map_err(|e| format!("response-type: the body is not text ({e})"))?;
    if kind == ResponseType::Json {
        serde_json::from_str::<serde::de::IgnoredAny>(text.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("response-type: json, but the body is not JSON ({e})"))?;
    }
    Ok(())
}

/// Where an `[Options]` key of the entry is written.
fn option_span(entry: &Entry, key: OptionKey) -> Option<Span> {
    let options = entry.request.options.as_ref()?;
    options
        .items
        .iter()
        .rev()
        .find(|o| o.setting.key() == key)
        .map(|o| o.span)
}

/// The start of the request line, for problems about the whole request.
fn request_line(entry: &Entry) -> Span {
    entry.request.span.first()
}

/// `output: FILE`: relative to the file root and confined to it, as Hurl.
fn write_output(scope: &Scope, name: &str, body: &[u8], at: Span) -> Result<(), String> {
    let path = scope.confined_path(name, at).map_err(|e| e.to_string())?;
    std::fs::write(&path, body).map_err(|e| format!("cannot write the body to {name}: {e}"))
}
