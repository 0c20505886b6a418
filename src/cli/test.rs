//! `sortie test` and `sortie run`: the main job.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::args::{CommonArgs, RunArgs, TestArgs};
use super::setup::setup;
use super::{fail, fail_located, problem, usage_error, Problem};
use crate::diagnostic::{exit_code, Diagnostic, Kind};
use crate::http::cookies::{jar_file_section, JAR_FILE_HEADER};
use crate::http::decode::decode_text;
use crate::http::HttpResponse;
use crate::report::github;
use crate::report::live::LiveReporter;
use crate::report::model::build::RunInfo;
use crate::report::model::{Report, ShardOf, Summary};
use crate::report::progress::{self, Progress};
use crate::report::tap::write_tap;
use crate::report::terminal::{render_contract_summary, render_summary};
use crate::report::ReportTargets;
use crate::run::request::ResponsePrint;
use crate::run::{run_files, FileResult, Outcome, Retain, RunOptions, RunResult, Variables};
use crate::secret::Redactor;
use crate::spec::options::ResponseType;

/// The files of a test run: the paths (default `.`) and the globs, sorted, each once.
fn test_files(args: &TestArgs) -> Result<Vec<PathBuf>, Problem> {
    let mut files = if args.paths.is_empty() && !args.glob.is_empty() {
        Vec::new()
    } else {
        super::spec_files(&args.paths).map_err(problem)?
    };
    for pattern in &args.glob {
        let paths = glob::glob(pattern)
            .map_err(|e| problem(usage_error(format!("--glob '{pattern}': {e}"))))?;
        let mut found: Vec<PathBuf> = paths
            .filter_map(Result::ok)
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        for path in found {
            if !files.contains(&path) {
                files.push(path);
            }
        }
    }
    Ok(files)
}

/// `--report-json`: a file, or `DIR/report.json` when given a folder (as Hurl takes one).
fn json_report_path(path: &Path) -> PathBuf {
    let is_dir = path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/');
    if is_dir {
        path.join("report.json")
    } else {
        path.to_path_buf()
    }
}

/// Writes one side file from the run's results.
type ReportWriter = fn(&Path, &RunResult, &Redactor) -> std::io::Result<()>;

/// The report model, when a report or `--json` needs it.
fn run_report(
    args: &TestArgs,
    result: &RunResult,
    redactor: &Redactor,
    started_at: SystemTime,
) -> Report {
    let info = RunInfo {
        started_at,
        shard: args.shard.map(|s| ShardOf {
            index: s.index,
            total: s.total,
        }),
    };
    Report::from_run(result, redactor, info)
}

/// Writes the reports and side files asked for; the kinds of what could not be written (a
/// lost report fails the run).
fn write_outputs(
    args: &TestArgs,
    result: &RunResult,
    report: Option<&Report>,
    redactor: &Redactor,
    color: bool,
) -> Vec<Kind> {
    let mut kinds = Vec::new();
    let targets = ReportTargets {
        junit: args.report_junit.clone(),
        json: args.report_json.as_deref().map(json_report_path),
        html: args.report_html.clone(),
    };
    if let Some(report) = report {
        for e in targets.write(report) {
            kinds.push(super::report::lost(&e, color, redactor));
        }
    }
    if let Some(path) = args.report_tap.as_deref() {
        if let Err(e) = write_tap(path, result, redactor) {
            let d = Diagnostic::new(
                Kind::Runtime,
                "output error",
                format!("cannot write the TAP report: {e}"),
            )
            .in_file(path.display().to_string());
            fail(&d, None, color, redactor);
            kinds.push(d.kind);
        }
    }
    kinds.extend(write_side_files(&args.common, result, redactor, color));
    kinds
}

/// Writes the files of `--curl FILE` and `--cookie-jar FILE`; the kinds of what could not be
/// written.
fn write_side_files(
    common: &CommonArgs,
    result: &RunResult,
    redactor: &Redactor,
    color: bool,
) -> Vec<Kind> {
    let files: [(Option<&Path>, &str, ReportWriter); 2] = [
        (common.curl.as_deref(), "curl commands", write_curl),
        (common.cookie_jar.as_deref(), "cookie jar", write_cookie_jar),
    ];
    let mut kinds = Vec::new();
    for (path, what, write) in files {
        let Some(path) = path else { continue };
        if let Err(e) = write(path, result, redactor) {
            let d = Diagnostic::new(
                Kind::Runtime,
                "output error",
                format!("cannot write the {what}: {e}"),
            )
            .in_file(path.display().to_string());
            fail(&d, None, color, redactor);
            kinds.push(d.kind);
        }
    }
    kinds
}

/// `--cookie-jar FILE`: each file's cookies at the end of its run, in the Netscape format
/// Hurl writes (one section per file), secrets masked.
fn write_cookie_jar(path: &Path, result: &RunResult, redactor: &Redactor) -> std::io::Result<()> {
    let mut text = JAR_FILE_HEADER.to_string();
    for file in &result.files {
        text.push_str(&jar_file_section(&file.path.display().to_string()));
        text.push_str(&redactor.redact(file.cookies.as_deref().unwrap_or_default()));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::report::write_atomically(path, text.as_bytes())
}

/// `--curl FILE`: every request sent, as curl command lines, in file order (each already
/// masked).
fn write_curl(path: &Path, result: &RunResult, _: &Redactor) -> std::io::Result<()> {
    let mut text = String::new();
    for run in result
        .files
        .iter()
        .flat_map(|f| &f.entries)
        .flat_map(|e| &e.runs)
    {
        if let Some(cmd) = &run.curl {
            text.push_str(cmd);
            text.push('\n');
        }
    }
    crate::report::write_atomically(path, text.as_bytes())
}

/// `--json`: one line of JSON per file on stdout (the file's part of the JSON report).
fn print_json_lines(report: &Report) {
    let mut out = std::io::stdout().lock();
    for file in &report.files {
        if let Ok(line) = serde_json::to_string(file) {
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = out.flush();
}

/// Runs `files` `repeat` times over (Hurl's `--repeat`; -1: until interrupted) and joins the
/// results in order.
fn run_repeated(
    files: &[PathBuf],
    vars: &Variables,
    options: &RunOptions,
    jobs: usize,
    repeat: Option<i64>,
    reporter: &LiveReporter,
) -> RunResult {
    let times = repeat.unwrap_or(1);
    if times == 1 {
        return run_files(files, vars, options, jobs, reporter);
    }
    let mut all = RunResult {
        files: Vec::new(),
        duration: Default::default(),
        contract: None,
    };
    let mut round = 0;
    while (times < 0 || round < times) && crate::interrupt::interrupted().is_none() {
        let result = run_files(files, vars, options, jobs, reporter);
        all.files.extend(result.files);
        all.duration += result.duration;
        // The coverage is the run's, gathered over every round.
        all.contract = result.contract;
        round += 1;
    }
    all
}

/// `sortie test`.
pub fn test(args: &TestArgs, color: bool) -> u8 {
    let redactor = Redactor::new();
    match test_with(args, &redactor, color) {
        Ok(code) => code,
        Err(p) => fail_located(&p, color, &redactor),
    }
}

fn test_with(args: &TestArgs, redactor: &Redactor, color: bool) -> Result<u8, Problem> {
    if let Some(n) = args.common.repeat.filter(|n| *n < -1 || *n == 0) {
        return Err(problem(usage_error(format!(
            "--repeat: expecting -1 (until interrupted) or 1 or more, got {n}"
        ))));
    }
    let (vars, mut options) = setup(&args.common, redactor)?;
    let wants_report = args.report_junit.is_some()
        || args.report_json.is_some()
        || args.report_html.is_some()
        || args.common.json;
    // Report files and `--curl` read every entry at the end; the terminal, TAP and GitHub
    // annotations only failures and counts, so passed entries are dropped as they finish.
    if !wants_report && args.common.curl.is_none() {
        options.retain = Retain::Failures;
    }
    let files = test_files(args)?;
    let files = match args.shard {
        Some(shard) => shard.select(files),
        None => files,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, files.len().max(1));
    let show_bar = if args.progress_bar {
        std::io::stderr().is_terminal()
    } else {
        progress::wanted(args.no_progress)
    };
    let total = match args.common.repeat {
        Some(n) if n > 1 => files.len() * n as usize,
        _ => files.len(),
    };
    let progress = Progress::new(total, show_bar);
    let reporter = LiveReporter::new(progress, color, redactor.clone(), jobs == 1);
    let started_at = SystemTime::now();
    let result = run_repeated(&files, &vars, &options, jobs, args.common.repeat, &reporter);
    reporter.finish();
    if let Some(d) = super::contract::coverage_problem(&result) {
        fail(&d, None, color, redactor);
    }
    let mut kinds: Vec<Kind> = result.problem_kinds().collect();
    let report = wants_report.then(|| run_report(args, &result, redactor, started_at));
    kinds.extend(write_outputs(
        args,
        &result,
        report.as_ref(),
        redactor,
        color,
    ));
    if let (true, Some(report)) = (args.common.json, &report) {
        print_json_lines(report);
    }
    if github::enabled() {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(github::annotations(&result, redactor).as_bytes());
        let _ = out.flush();
    }
    let mut err = std::io::stderr().lock();
    if let Some(shard) = args.shard {
        let _ = writeln!(
            err,
            "shard:    {}/{} ({} files in this part)",
            shard.index,
            shard.total,
            result.files.len()
        );
    }
    let summary = Summary::of_run(&result);
    let _ = write!(err, "{}", render_summary(&summary, result.duration, color));
    if let Some(contract) = &result.contract {
        let _ = write!(err, "{}", render_contract_summary(contract, color));
    }
    if std::env::var_os("SORTIE_DEBUG_CENSUS").is_some() {
        let _ = writeln!(err, "{}", crate::census::line());
    }
    if let Some(signal) = crate::interrupt::interrupted() {
        let _ = writeln!(err, "interrupted: the reports hold what finished");
        return Ok(crate::interrupt::exit_code(signal));
    }
    Ok(exit_code(kinds))
}

/// What `sortie run` prints of the last response: with `-i` (or `include-full-response`) its
/// status line and headers (as received), then its body: as received, or decoded with
/// `--compressed` or a `response-type`, pretty-printed when JSON and asked (`--pretty`, a
/// terminal without `--no-pretty`, or `response-type: json`).
fn response_output(
    response: &HttpResponse,
    print: ResponsePrint,
    common: &CommonArgs,
    to_terminal: bool,
) -> Vec<u8> {
    let mut out = Vec::new();
    if common.include || print.full_response {
        out.extend_from_slice(format!("{} {}\n", response.version, response.status).as_bytes());
        for (name, value) in &response.headers {
            out.extend_from_slice(format!("{name}: {value}\n").as_bytes());
        }
        out.push(b'\n');
    }
    let decoded = common.compressed || print.response_type.is_some();
    let body: &[u8] = if decoded {
        response.body().unwrap_or(&response.raw_body)
    } else {
        &response.raw_body
    };
    if print.response_type == Some(ResponseType::Text) {
        // Checked when the entry ran: the body is text in its charset.
        if let Ok(text) = decode_text(body, response.charset().as_deref()) {
            out.extend_from_slice(text.as_bytes());
            return out;
        }
    }
    let as_json = print.response_type == Some(ResponseType::Json);
    let pretty = as_json || (!common.no_pretty && (common.pretty || to_terminal));
    let is_json = as_json
        || response
            .mime_type()
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    if pretty && is_json {
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
            if let Ok(text) = serde_json::to_string_pretty(&value) {
                out.extend_from_slice(text.as_bytes());
                out.push(b'\n');
                return out;
            }
        }
    }
    out.extend_from_slice(body);
    out
}

/// The last response of a file whose every entry passed (Hurl prints nothing otherwise), and
/// how its entry asks to print it.
fn last_response(file: &FileResult) -> Option<(&HttpResponse, ResponsePrint)> {
    if !matches!(file.outcome(), Outcome::Passed | Outcome::Skipped) {
        return None;
    }
    file.entries
        .iter()
        .rev()
        .filter_map(|e| e.runs.last())
        .find_map(|r| r.response.as_ref().map(|response| (response, r.print)))
}

/// `sortie run`: one file; prints the last response (Hurl's default mode).
pub fn run(args: &RunArgs, color: bool) -> u8 {
    if args.test {
        let test_args = TestArgs {
            paths: vec![args.file.clone()],
            glob: Vec::new(),
            jobs: Some(1),
            test: true,
            parallel: false,
            no_progress: false,
            progress_bar: false,
            shard: None,
            report_junit: None,
            report_json: None,
            report_tap: None,
            report_html: None,
            common: args.common.clone(),
        };
        return test(&test_args, color);
    }
    let redactor = Redactor::new();
    let (vars, mut options) = match setup(&args.common, &redactor) {
        Ok(s) => s,
        Err(p) => return fail_located(&p, color, &redactor),
    };
    options.keep_responses = true;
    let reporter = LiveReporter::new(Progress::new(1, false), color, redactor.clone(), true);
    let started_at = SystemTime::now();
    let result = run_files(
        std::slice::from_ref(&args.file),
        &vars,
        &options,
        1,
        &reporter,
    );
    let Some(file) = result.files.first() else {
        return Kind::Input.exit_code();
    };
    if let Some(d) = super::contract::coverage_problem(&result) {
        fail(&d, None, color, &redactor);
    }
    let mut kinds: Vec<Kind> = result.problem_kinds().collect();
    kinds.extend(write_side_files(&args.common, &result, &redactor, color));
    if args.common.json {
        let report = Report::from_run(
            &result,
            &redactor,
            RunInfo {
                started_at,
                shard: None,
            },
        );
        print_json_lines(&report);
    } else if let (Some((response, print)), false) = (last_response(file), args.common.no_output) {
        let to_file = args.common.output.as_ref().filter(|p| p.as_os_str() != "-");
        let to_terminal = to_file.is_none() && std::io::stdout().is_terminal();
        let bytes = response_output(response, print, &args.common, to_terminal);
        // As Hurl: binary bytes are not written to a terminal unless `--output -` says so.
        let binary_to_terminal =
            to_terminal && args.common.output.is_none() && super::is_binary(&bytes);
        let written = match to_file {
            None if binary_to_terminal => Err(
                "binary output can mess up your terminal: use --output - to write it to the \
                 terminal anyway, or --output FILE to save it to a file"
                    .to_string(),
            ),
            Some(path) => std::fs::write(path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
            None => {
                // The user's data, unchanged.
                let mut out = std::io::stdout().lock();
                out.write_all(&bytes)
                    .and_then(|()| out.flush())
                    .map_err(|e| format!("cannot write the output: {e}"))
            }
        };
        if let Err(message) = written {
            let d = Diagnostic::new(Kind::Runtime, "output error", message);
            fail(&d, None, color, &redactor);
            kinds.push(d.kind);
        }
    }
    if let Some(signal) = crate::interrupt::interrupted() {
        return crate::interrupt::exit_code(signal);
    }
    exit_code(kinds)
}
