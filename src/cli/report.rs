//! `sortie report merge`: the JSON reports of N shards (`sortie test --shard K/N`) → one
//! JUnit, JSON and HTML report of the whole run, as if one job had run every file.

use std::io::Write;
use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Kind};
use crate::report::model::contract::coverage_line;
use crate::report::model::merge::{merge, MergeError, ShardReport};
use crate::report::model::{Report, FORMAT};
use crate::report::terminal::render_summary;
use crate::report::{ReportTargets, WriteError};
use crate::secret::Redactor;
use crate::spec::ast::Span;

/// Arguments of `sortie report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// What to do with reports.
    #[command(subcommand)]
    pub command: ReportCommand,
}

/// `sortie report` commands.
#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Merge the JSON reports of shards (sortie test --shard K/N --report-json) into the
    /// JUnit, JSON and HTML reports of the whole run.
    ///
    /// Every K of one N must be there once, from the same sortie version, and no file may be
    /// in two shards. Files come out in the order one unsharded run takes them, with the
    /// summary and the run's exit code recomputed. Exit 0 when the merge worked (the merged
    /// report carries the run's exit code), 2 when a shard report cannot be read or the
    /// shards do not fit together, 3 when a report cannot be written.
    Merge(MergeArgs),
}

/// Arguments of `sortie report merge`.
#[derive(Args, Debug)]
#[command(group(
    ArgGroup::new("output")
        .required(true)
        .multiple(true)
        .args(["report_junit", "report_json", "report_html"])
))]
pub struct MergeArgs {
    /// The shards' JSON reports.
    #[arg(value_name = "SHARD.json", required = true)]
    pub shards: Vec<PathBuf>,
    /// Write the merged JUnit XML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub report_junit: Option<PathBuf>,
    /// Write the merged JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub report_json: Option<PathBuf>,
    /// Write the merged HTML report to DIR/index.html.
    #[arg(long, value_name = "DIR")]
    pub report_html: Option<PathBuf>,
    /// The merged run fails (its exit code 4) when less than N% of the OpenAPI document's
    /// operations were exercised by all the shards together (they ran with --openapi).
    #[arg(long, value_name = "N", value_parser = super::args::parse_percent)]
    pub openapi_coverage: Option<f64>,
}

/// `sortie report …`.
pub fn run(args: &ReportArgs, color: bool) -> u8 {
    match &args.command {
        ReportCommand::Merge(m) => run_merge(m, color),
    }
}

/// The fields every report format has: read first, so another format gets a clear error.
#[derive(Deserialize)]
struct Header {
    format: u32,
}

/// A problem with an input file, with its text for the excerpt when it has a place.
fn input_error(name: &str, message: String) -> Diagnostic {
    Diagnostic::new(Kind::Input, "invalid shard report", message).in_file(name)
}

/// A JSON error placed at its line and column in `text`.
fn json_error(name: &str, text: &str, e: &serde_json::Error) -> Diagnostic {
    let full = e.to_string();
    // serde_json ends its message with the place, which the excerpt shows.
    let message = full
        .rfind(" at line ")
        .map_or(full.as_str(), |at| &full[..at]);
    let d = input_error(name, format!("not a sortie JSON report: {message}"));
    if e.line() == 0 {
        return d;
    }
    let line_start: usize = text
        .split_inclusive('\n')
        .take(e.line() - 1)
        .map(str::len)
        .sum();
    let offset = (line_start + e.column().saturating_sub(1)).min(text.len());
    d.at(Span::new(offset, offset))
}

/// Reads one shard report, or the input error to print (with the file's text).
fn read_shard(path: &std::path::Path) -> Result<ShardReport, super::Problem> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| super::problem(input_error(&name, format!("cannot read: {e}"))))?;
    let header: Header = serde_json::from_str(&text)
        .map_err(|e| super::problem_in(json_error(&name, &text, &e), text.clone()))?;
    if header.format != FORMAT {
        let e = MergeError::Format {
            name: name.clone(),
            found: header.format,
        };
        return Err(super::problem(input_error(&name, e.to_string())));
    }
    let report: Report = serde_json::from_str(&text)
        .map_err(|e| super::problem_in(json_error(&name, &text, &e), text.clone()))?;
    Ok(ShardReport { name, report })
}

fn run_merge(args: &MergeArgs, color: bool) -> u8 {
    // Shard reports are redacted already; nothing is secret here.
    let redactor = Redactor::new();
    let mut shards = Vec::with_capacity(args.shards.len());
    for path in &args.shards {
        match read_shard(path) {
            Ok(s) => shards.push(s),
            Err(p) => return super::fail_located(&p, color, &redactor),
        }
    }
    let count = shards.len();
    let mut report = match merge(shards) {
        Ok(r) => r,
        Err(e) => {
            let d = Diagnostic::new(Kind::Input, "cannot merge", e.to_string());
            return super::fail(&d, None, color, &redactor);
        }
    };
    if let Some(required) = args.openapi_coverage {
        let Some(contract) = report.contract.as_mut() else {
            let d = super::usage_error(
                "--openapi-coverage: the shards checked no OpenAPI contract (run them with --openapi)",
            );
            return super::fail(&d, None, color, &redactor);
        };
        contract.required_coverage = Some(required);
        report.exit_code = report.computed_exit_code();
    }
    let targets = ReportTargets {
        junit: args.report_junit.clone(),
        json: args.report_json.clone(),
        html: args.report_html.clone(),
    };
    let mut code = 0;
    for e in targets.write(&report) {
        code = code.max(lost(&e, color, &redactor).exit_code());
    }
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "merged:   {count} shard report{} ({})",
        if count == 1 { "" } else { "s" },
        report.tool
    );
    let _ = write!(
        err,
        "{}",
        render_summary(&report.summary, report.duration_ms.0, color)
    );
    if let Some(contract) = &report.contract {
        let _ = writeln!(err, "contract: {}", coverage_line(&contract.coverage));
        if contract.below_required() {
            let _ = writeln!(
                err,
                "coverage: {:.1}% of operations, below --openapi-coverage {}; never exercised: {}",
                contract.operations_percent,
                contract.required_coverage.unwrap_or_default(),
                contract.coverage.operations_never_exercised.join(", ")
            );
        }
    }
    let _ = writeln!(err, "run exit: {}", report.exit_code);
    code
}

/// Prints a report that could not be written; gives its kind (a runtime error: the run
/// fails when its report is lost).
pub(super) fn lost(e: &WriteError, color: bool, redactor: &Redactor) -> Kind {
    let d = Diagnostic::new(Kind::Runtime, "output error", e.to_string())
        .in_file(e.path.display().to_string());
    super::fail(&d, None, color, redactor);
    d.kind
}
