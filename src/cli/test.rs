//! `sortie test` and `sortie run`: the main job.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::check::Value;
use crate::diagnostic::{exit_code, Diagnostic, Kind};
use crate::http::TransportOptions;
use crate::report::github;
use crate::report::live::LiveReporter;
use crate::report::model::build::RunInfo;
use crate::report::model::{Report, ShardOf, Summary};
use crate::report::progress::{self, Progress};
use crate::report::terminal::render_summary;
use crate::report::ReportTargets;
use crate::run::request::EntrySettings;
use crate::run::variables::{
    from_environment, parse_assignment, parse_variables_file, VariableError,
};
use crate::run::{run_files, RunOptions, Variables};
use crate::secret::Redactor;

/// Options shared by `test` and `run`: variables and the defaults of every `[Options]` key.
#[derive(Args, Debug, Default)]
pub struct CommonArgs {
    /// Define a variable, NAME=VALUE (repeatable). Also SORTIE_VARIABLE_name.
    #[arg(long = "variable", value_name = "NAME=VALUE")]
    pub variables: Vec<String>,
    /// Read variables from a file of name=value lines.
    #[arg(long = "variables-file", value_name = "FILE")]
    pub variables_files: Vec<PathBuf>,
    /// Define a secret variable, masked as *** in every output (repeatable). Also SORTIE_SECRET_name.
    #[arg(long = "secret", value_name = "NAME=VALUE")]
    pub secrets: Vec<String>,
    /// Files read by specs must be in this folder (default: each spec's folder).
    #[arg(long, value_name = "DIR")]
    pub file_root: Option<PathBuf>,
    /// Follow redirects (Hurl's `location`).
    #[arg(short = 'L', long)]
    pub location: bool,
    /// Keep credentials on redirects to another origin.
    #[arg(long)]
    pub location_trusted: bool,
    /// Most redirects followed (-1: no limit).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub max_redirs: Option<i64>,
    /// Skip TLS verification.
    #[arg(short = 'k', long)]
    pub insecure: bool,
    /// Time limit for each request: 10s, 500ms; a bare number is seconds, as in Hurl.
    #[arg(short = 'm', long, value_name = "DURATION")]
    pub max_time: Option<String>,
    /// Connect time limit: 5s, 500ms; a bare number is seconds.
    #[arg(long, value_name = "DURATION")]
    pub connect_timeout: Option<String>,
    /// Hurl's retry: run an entry again until its asserts pass, at most N times (-1: no limit).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub retry: Option<i64>,
    /// Wait between Hurl retries: 1s, 500ms; a bare number is milliseconds.
    #[arg(long, value_name = "DURATION")]
    pub retry_interval: Option<String>,
    /// Transport retries on network errors, timeouts and 5xx.
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Wait between transport retries: 500ms, 1s; a bare number is milliseconds.
    #[arg(long, value_name = "DURATION")]
    pub retry_delay: Option<String>,
    /// Exponential backoff with jitter for transport retries.
    #[arg(long)]
    pub retry_backoff: bool,
    /// Transport retries also on any status ≥ 300 that is not a followed redirect.
    #[arg(long)]
    pub retry_all_errors: bool,
    /// Wait before each request: 1s, 500ms; a bare number is milliseconds.
    #[arg(long, value_name = "DURATION")]
    pub delay: Option<String>,
    /// Send Accept-Encoding and decode compressed responses.
    #[arg(long)]
    pub compressed: bool,
    /// Print each request as sent to stderr (secrets masked).
    #[arg(short = 'v', long)]
    pub verbose: bool,
    /// Same as --verbose.
    #[arg(long)]
    pub very_verbose: bool,
    /// Keep running a file's entries after one fails.
    #[arg(long)]
    pub continue_on_error: bool,
    /// Read connections from this YAML file (default: sortie.yaml in the working directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use this connection for every entry that names none.
    #[arg(long, value_name = "NAME")]
    pub connection: Option<String>,
}

/// Arguments of `sortie test`.
#[derive(Args, Debug)]
pub struct TestArgs {
    /// Spec files or directories (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Files run at once (default: the number of cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Do not show a progress bar (there is none in CI or when stderr is not a terminal).
    #[arg(long)]
    pub no_progress: bool,
    /// Run only part K of N of the sorted file list (file i goes to part i % N + 1), so N CI
    /// jobs run disjoint parts that together cover every file once.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Write a JUnit XML report to FILE (one testsuite per file, one testcase per entry).
    #[arg(long, value_name = "FILE")]
    pub report_junit: Option<PathBuf>,
    /// Write a JSON report to FILE (every file, entry, run, attempt, assert and capture);
    /// `sortie report merge` joins the JSON reports of shards.
    #[arg(long, value_name = "FILE")]
    pub report_json: Option<PathBuf>,
    /// Write an HTML report to DIR/index.html: one self-contained page with a summary,
    /// filters, each failure with its spec lines and diff, and every attempt on a timeline.
    #[arg(long, value_name = "DIR")]
    pub report_html: Option<PathBuf>,
    /// Options shared with `run`.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `--shard K/N`: part K (1-based) of N.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which part, 1..=total.
    pub index: usize,
    /// How many parts.
    pub total: usize,
}

impl Shard {
    /// The files of this part: file i (0-based, in discovery order, which is sorted) belongs
    /// to part i % N + 1.
    pub fn select(&self, files: Vec<PathBuf>) -> Vec<PathBuf> {
        files
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % self.total == self.index - 1)
            .map(|(_, f)| f)
            .collect()
    }
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    let bad = || format!("expecting K/N with 1 <= K <= N, such as 2/3, got '{text}'");
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let (index, total): (usize, usize) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if index == 0 || total == 0 || index > total {
        return Err(bad());
    }
    Ok(Shard { index, total })
}

/// Arguments of `sortie run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The spec file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print the status line and headers before the body.
    #[arg(short = 'i', long = "include")]
    pub include: bool,
    /// Options shared with `test`.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// A duration flag: `500ms`, `2s`, `1m`, `1h`, or a bare number in `bare_unit_ms`.
fn parse_duration(text: &str, bare_unit_ms: u64, flag: &str) -> Result<Duration, String> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let unit = &text[digits.len()..];
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{flag}: expecting a duration such as 500ms or 2s, got '{text}'"))?;
    let ms = match unit {
        "" => bare_unit_ms,
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return Err(format!("{flag}: invalid unit '{unit}'; use ms, s, m or h")),
    };
    Ok(Duration::from_millis(n.saturating_mul(ms)))
}

/// Variables and options from the command line, or the usage (1) or input (2) error.
fn setup(
    args: &CommonArgs,
    redactor: &Redactor,
) -> Result<(Variables, RunOptions), super::Problem> {
    let usage = |m: String| super::problem(super::usage_error(m));
    let mut vars = Variables::new(redactor.clone());
    let (env_vars, env_secrets) = from_environment();
    for (name, value) in env_vars {
        vars.insert(name, value);
    }
    for file in &args.variables_files {
        let name = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|e| {
            let d = Diagnostic::new(Kind::Input, "input error", format!("cannot read: {e}"))
                .in_file(&name);
            super::problem(d)
        })?;
        match parse_variables_file(&text) {
            Ok(pairs) => pairs.into_iter().for_each(|(n, v)| vars.insert(n, v)),
            Err(e) => {
                let mut d = Diagnostic::new(Kind::Input, "invalid variables file", e.to_string())
                    .in_file(&name);
                if let VariableError::Line { span, .. } = e {
                    d = d.at(span);
                }
                return Err(super::problem_in(d, text));
            }
        }
    }
    for v in &args.variables {
        let (name, value) = parse_assignment(v).map_err(|e| usage(format!("--variable: {e}")))?;
        vars.insert(name, value);
    }
    for (name, value) in env_secrets {
        vars.insert_secret(name, value);
    }
    for s in &args.secrets {
        let (name, _) = parse_assignment(s).map_err(|e| usage(format!("--secret: {e}")))?;
        // Secrets stay strings: their text is what must never be shown.
        let text = s.split_once('=').map(|(_, v)| v).unwrap_or_default();
        vars.insert_secret(name, Value::String(text.to_string()));
    }
    let mut transport = TransportOptions::default();
    let mut settings = EntrySettings::default();
    transport.follow_redirects = args.location || args.location_trusted;
    transport.location_trusted = args.location_trusted;
    if let Some(n) = args.max_redirs {
        transport.max_redirects = (n >= 0).then_some(n as u32);
    }
    transport.insecure = args.insecure;
    if let Some(t) = &args.max_time {
        transport.timeout = Some(parse_duration(t, 1000, "--max-time").map_err(usage)?);
    }
    if let Some(t) = &args.connect_timeout {
        transport.connect_timeout =
            Some(parse_duration(t, 1000, "--connect-timeout").map_err(usage)?);
    }
    if let Some(n) = args.max_retries {
        transport.retry.max_retries = n;
    }
    if let Some(d) = &args.retry_delay {
        transport.retry.delay = parse_duration(d, 1, "--retry-delay").map_err(usage)?;
    }
    transport.retry.backoff = args.retry_backoff;
    transport.retry.retry_all_errors = args.retry_all_errors;
    transport.debug = args.verbose || args.very_verbose;
    if let Some(n) = args.retry {
        settings.retry = n;
    }
    if let Some(d) = &args.retry_interval {
        settings.retry_interval = parse_duration(d, 1, "--retry-interval").map_err(usage)?;
    }
    if let Some(d) = &args.delay {
        settings.delay = parse_duration(d, 1, "--delay").map_err(usage)?;
    }
    settings.compressed = args.compressed;
    Ok((
        vars,
        RunOptions {
            transport,
            settings,
            continue_on_error: args.continue_on_error,
            file_root: args.file_root.clone(),
            keep_responses: false,
            connections: super::connections::run_options(
                args.config.as_deref(),
                args.connection.as_deref(),
            )?,
        },
    ))
}

/// `sortie test`.
pub fn test(args: &TestArgs, color: bool) -> u8 {
    let redactor = Redactor::new();
    let (vars, options) = match setup(&args.common, &redactor) {
        Ok(s) => s,
        Err(p) => return super::fail_located(&p, color, &redactor),
    };
    let files = match super::spec_files(&args.paths) {
        Ok(files) => files,
        Err(d) => return super::fail(&d, None, color, &redactor),
    };
    let files = match args.shard {
        Some(shard) => shard.select(files),
        None => files,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, files.len().max(1));
    let progress = Progress::new(files.len(), progress::wanted(args.no_progress));
    let reporter = LiveReporter::new(progress, color, redactor.clone(), jobs == 1);
    let started_at = std::time::SystemTime::now();
    let result = run_files(&files, &vars, &options, jobs, &reporter);
    reporter.finish();
    let mut kinds: Vec<Kind> = result.problem_kinds().collect();
    let targets = ReportTargets {
        junit: args.report_junit.clone(),
        json: args.report_json.clone(),
        html: args.report_html.clone(),
    };
    if !targets.is_empty() {
        let info = RunInfo {
            started_at,
            shard: args.shard.map(|s| ShardOf {
                index: s.index,
                total: s.total,
            }),
        };
        let report = Report::from_run(&result, &redactor, info);
        for e in targets.write(&report) {
            // A lost report fails the run.
            kinds.push(super::report::lost(&e, color, &redactor));
        }
    }
    if github::enabled() {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(github::annotations(&result, &redactor).as_bytes());
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
    exit_code(kinds)
}

/// `sortie run`: one file; prints the last response.
pub fn run(args: &RunArgs, color: bool) -> u8 {
    let redactor = Redactor::new();
    let (vars, mut options) = match setup(&args.common, &redactor) {
        Ok(s) => s,
        Err(p) => return super::fail_located(&p, color, &redactor),
    };
    options.keep_responses = true;
    let reporter = LiveReporter::new(Progress::new(1, false), color, redactor.clone(), true);
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
    let last = file
        .entries
        .iter()
        .rev()
        .filter_map(|e| e.runs.last())
        .find_map(|r| r.response.as_ref());
    if let Some(response) = last {
        let mut out = std::io::stdout().lock();
        if args.include {
            let _ = writeln!(
                out,
                "{} {} {}",
                response.version,
                response.status,
                response.reason()
            );
            for (n, v) in &response.headers {
                let _ = writeln!(out, "{n}: {v}");
            }
            let _ = writeln!(out);
        }
        // The user's data, unchanged.
        let _ = out.write_all(response.body().unwrap_or(&response.raw_body));
        let _ = out.flush();
    }
    result.exit_code()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("500ms", 1000, "x").unwrap(),
            Duration::from_millis(500)
        );
        assert_eq!(
            parse_duration("2", 1000, "x").unwrap(),
            Duration::from_secs(2)
        );
        assert_eq!(
            parse_duration("2", 1, "x").unwrap(),
            Duration::from_millis(2)
        );
        assert_eq!(
            parse_duration("1m", 1, "x").unwrap(),
            Duration::from_secs(60)
        );
        assert!(parse_duration("2 s", 1, "x").is_err());
        assert!(parse_duration("fast", 1, "x").is_err());
    }

    #[test]
    fn shards_partition_the_files() {
        assert_eq!(parse_shard("2/3"), Ok(Shard { index: 2, total: 3 }));
        for bad in ["0/3", "4/3", "x", "1/0", "1/", "/3", "-1/3", "1/3/4"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        let files: Vec<PathBuf> = (0..7).map(|i| PathBuf::from(format!("{i}.hurl"))).collect();
        let mut seen: Vec<PathBuf> = (1..=3)
            .flat_map(|index| Shard { index, total: 3 }.select(files.clone()))
            .collect();
        assert_eq!(Shard { index: 1, total: 3 }.select(files.clone()).len(), 3);
        seen.sort();
        assert_eq!(seen, files);
    }
}
