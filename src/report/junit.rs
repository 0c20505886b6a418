//! The JUnit XML report (`--report-junit FILE`), written with `quick-junit` from the
//! [report model](super::model) (so a merged run's report is the same as one job's).
//!
//! `<testsuites>` → one `<testsuite>` per file → one `<testcase>` per entry (`name` = entry
//! name, `classname` = the file path without extension, `file`, `line`, `time` in seconds).
//! An assert failure is a `<failure type="assert">`, a runtime error an `<error>`, both with
//! the whole rendered error (location, source line, expected and actual, the diff) as text.
//! A file that cannot be read or parsed is one `<testcase>` named after the file with an
//! `<error>`: GitLab and Jenkins list test cases, not suite-level output. Transport attempts
//! and Hurl `retry` runs that failed before the last are `<flakyFailure>`/`<flakyError>`
//! (the entry passed in the end) or `<rerunFailure>`/`<rerunError>` (it did not).
//!
//! Every text is redacted (the model is), free of ANSI codes and of characters XML cannot hold. The
//! document validates against Jenkins' JUnit schema (`junit-10.xsd`) except for the
//! `file` and `line` attributes of `<testcase>`, which GitLab and GitHub actions read.

use std::path::Path;

use quick_junit::{
    FlakyOrRerun, NonSuccessKind, Report, TestCase, TestCaseStatus, TestRerun, TestSuite, XmlString,
};

use super::model::contract::coverage_line;
use super::model::{
    AttemptReport, ContractReport, EntryReport, FileReport, Outcome, Problem, ProblemKind,
    Report as RunReport, RunReport as EntryRun, Timestamp,
};

/// Longest `message` attribute (the whole text is in the element's body).
const MESSAGE_MAX: usize = 300;

/// Without characters XML 1.0 cannot hold (`XmlString` also drops ANSI escapes and control
/// characters). The model's texts are already redacted.
fn xml(text: &str) -> XmlString {
    XmlString::new(text.replace(['\u{fffe}', '\u{ffff}'], ""))
}

fn timestamp(at: Timestamp) -> chrono::DateTime<chrono::FixedOffset> {
    at.utc().fixed_offset()
}

/// The file path without its extension: the test case's class.
fn classname(path: &str) -> String {
    Path::new(path).with_extension("").display().to_string()
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn shorten(s: String) -> String {
    if s.chars().count() > MESSAGE_MAX {
        let cut: String = s.chars().take(MESSAGE_MAX).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// One line about the problems: where the first is, what it says, expected and actual.
fn summary(problems: &[Problem]) -> String {
    let Some(p) = problems.first() else {
        return String::new();
    };
    let mut s = match p.line {
        Some(line) => format!("line {line}: {}", first_line(&p.message)),
        None => first_line(&p.message).to_string(),
    };
    let note = |prefix: &str| {
        p.notes
            .iter()
            .find_map(|n| n.strip_prefix(prefix))
            .map(|v| first_line(v).trim().to_string())
    };
    if let (Some(expected), Some(actual)) = (note("expected:"), note("actual:")) {
        s.push_str(&format!(" (expected {expected}, actual {actual})"));
    }
    if problems.len() > 1 {
        s.push_str(&format!(" and {} more", problems.len() - 1));
    }
    shorten(s)
}

/// The problems rendered as the terminal shows them, without colour.
fn rendered(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.rendered.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn kind_of(problems: &[Problem]) -> NonSuccessKind {
    if problems.iter().any(|p| p.kind != ProblemKind::Assert) {
        NonSuccessKind::Error
    } else {
        NonSuccessKind::Failure
    }
}

/// The `type` attribute: `assert` for assert failures, else the runtime error's title.
fn type_of(problems: &[Problem]) -> String {
    problems
        .iter()
        .find(|p| p.kind != ProblemKind::Assert)
        .map_or_else(|| "assert".to_string(), |p| p.title.clone())
}

fn ms(d: std::time::Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// A transport attempt that was sent again.
fn attempt_rerun(run: &EntryRun, a: &AttemptReport) -> TestRerun {
    let kind = if a.error.is_none() {
        NonSuccessKind::Failure
    } else {
        NonSuccessKind::Error
    };
    let mut r = TestRerun::new(kind);
    r.set_type("transport retry");
    r.set_message(xml(&format!(
        "attempt {} of run {}: {}",
        a.number,
        run.number,
        a.result_text()
    )));
    let mut text = format!(
        "{}\nattempt {}: {} after {}",
        run.request,
        a.number,
        a.result_text(),
        ms(a.duration_ms.0)
    );
    if let Some(delay) = a.retry_delay_ms {
        text.push_str(&format!(", sent again after {}", ms(delay.0)));
    }
    r.set_description(xml(&text));
    r
}

/// A Hurl `retry` (or `repeat`) run that did not pass.
fn run_rerun(run: &EntryRun) -> TestRerun {
    let mut r = TestRerun::new(kind_of(&run.problems));
    r.set_type(xml(&type_of(&run.problems)));
    r.set_message(xml(&format!(
        "run {}: {}",
        run.number,
        summary(&run.problems)
    )));
    r.set_description(xml(&rendered(&run.problems)));
    r
}

/// Everything that failed before the entry's final outcome, in order.
fn earlier_failures(entry: &EntryReport) -> Vec<TestRerun> {
    let mut out = Vec::new();
    let last = entry.runs.len().saturating_sub(1);
    for (i, run) in entry.runs.iter().enumerate() {
        let sent_again = run.attempts.len().saturating_sub(1);
        for a in &run.attempts[..sent_again] {
            out.push(attempt_rerun(run, a));
        }
        if i < last && run.outcome != Outcome::Passed {
            out.push(run_rerun(run));
        }
    }
    out
}

/// A short log of the runs and attempts, for `<system-out>`.
fn run_log(entry: &EntryReport) -> String {
    let mut log = String::new();
    for run in &entry.runs {
        log.push_str(&format!(
            "run {}: {} ({})\n",
            run.number,
            run.request,
            ms(run.duration_ms.0)
        ));
        for a in &run.attempts {
            log.push_str(&format!(
                "  attempt {}: {} in {}\n",
                a.number,
                a.result_text(),
                ms(a.duration_ms.0)
            ));
        }
    }
    log
}

fn entry_case(file: &FileReport, entry: &EntryReport) -> TestCase {
    let reruns = earlier_failures(entry);
    let status = match (entry.outcome, entry.runs.last()) {
        (Outcome::Failed | Outcome::Errored, Some(run)) => {
            let mut s = TestCaseStatus::non_success(kind_of(&run.problems));
            s.set_type(xml(&type_of(&run.problems)));
            s.set_message(xml(&summary(&run.problems)));
            s.set_description(xml(&rendered(&run.problems)));
            s.set_rerun_kind(FlakyOrRerun::Rerun);
            s.add_reruns(reruns.clone());
            s
        }
        (Outcome::Passed, _) => TestCaseStatus::Success {
            flaky_runs: reruns.clone(),
        },
        _ => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(xml(entry.skip_reason.as_deref().unwrap_or("not run")));
            s
        }
    };
    let mut case = TestCase::new(xml(&entry.name), status);
    case.set_classname(xml(&classname(&file.path)));
    case.set_time(entry.duration_ms.0);
    case.extra.insert("file".into(), xml(&file.path));
    case.extra
        .insert("line".into(), entry.line.to_string().into());
    if entry.outcome != Outcome::Passed || !reruns.is_empty() {
        let log = run_log(entry);
        if !log.is_empty() {
            case.set_system_out(xml(&log));
        }
    }
    case
}

/// The test case of a file that could not be read or parsed.
fn file_case(file: &FileReport, problem: &Problem) -> TestCase {
    let problems = std::slice::from_ref(problem);
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_type(xml(&problem.title));
    status.set_message(xml(&format!("{}: {}", problem.title, summary(problems))));
    status.set_description(xml(&rendered(problems)));
    let path = Path::new(&file.path);
    let name = path
        .file_name()
        .map_or_else(|| file.path.clone(), |n| n.to_string_lossy().into_owned());
    let mut case = TestCase::new(xml(&name), status);
    case.set_classname(xml(&classname(&file.path)));
    case.set_time(file.duration_ms.0);
    case.extra.insert("file".into(), xml(&file.path));
    case.extra
        .insert("line".into(), problem.line.unwrap_or(1).to_string().into());
    case
}

/// The OpenAPI contract (`--openapi`) as one more `<testsuite>`: its coverage as properties
/// (`contract.operations` = `3/8`, …), and with `--openapi-coverage` one test case that fails
/// when the run exercised too few operations, listing those never exercised.
fn contract_suite(contract: &ContractReport) -> TestSuite {
    let c = &contract.coverage;
    let mut suite = TestSuite::new(xml(&format!("contract {}", contract.document)));
    let openapi = serde_json::to_value(contract.openapi)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut properties = vec![
        ("contract.document", contract.document.clone()),
        ("contract.openapi", openapi),
        ("contract.coverage", coverage_line(c)),
        (
            "contract.operations",
            format!("{}/{}", c.operations_exercised, c.operations_total),
        ),
        (
            "contract.operations_percent",
            format!("{:.1}", contract.operations_percent),
        ),
        (
            "contract.responses",
            format!("{}/{}", c.responses_exercised, c.responses_total),
        ),
        (
            "contract.undocumented_requests",
            c.undocumented_requests.to_string(),
        ),
    ];
    if let Some(required) = contract.required_coverage {
        properties.push(("contract.required_coverage", required.to_string()));
    }
    for (name, value) in properties {
        suite.add_property((xml(name), xml(&value)));
    }
    let Some(required) = contract.required_coverage else {
        return suite;
    };
    let status = if contract.below_required() {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        s.set_type("assert");
        s.set_message(xml(&format!(
            "{:.1}% of operations exercised, below {required}%",
            contract.operations_percent
        )));
        let mut text = format!("{}\nnever exercised:\n", coverage_line(c));
        for o in &c.operations_never_exercised {
            text.push_str(&format!("  {o}\n"));
        }
        s.set_description(xml(&text));
        s
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(xml(&format!("operation coverage >= {required}%")), status);
    case.set_classname(xml(&format!("contract {}", contract.document)));
    suite.add_test_case(case);
    suite
}

/// The report as a `quick-junit` value.
pub fn junit_report(run: &RunReport) -> Report {
    let mut report = Report::new("sortie");
    report.set_time(run.duration_ms.0);
    for file in &run.files {
        let mut suite = TestSuite::new(xml(&file.path));
        suite.set_timestamp(timestamp(file.started_at));
        suite.set_time(file.duration_ms.0);
        match &file.problem {
            Some(problem) => {
                suite.add_test_case(file_case(file, problem));
            }
            None => {
                suite.add_test_cases(file.entries.iter().map(|e| entry_case(file, e)));
            }
        }
        report.add_test_suite(suite);
    }
    if let Some(contract) = &run.contract {
        report.add_test_suite(contract_suite(contract));
    }
    report
}

/// The report as XML text. The `skipped` count of `<testsuites>` is left out: Jenkins'
/// schema has no such attribute there (each `<testsuite>` has its own).
pub fn junit_xml(run: &RunReport) -> String {
    let xml = junit_report(run).to_string().unwrap_or_else(|e| {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- {e} -->\n<testsuites/>\n")
    });
    strip_root_skipped(xml)
}

fn strip_root_skipped(mut xml: String) -> String {
    let Some(start) = xml.find("<testsuites ") else {
        return xml;
    };
    let end = xml[start..].find('>').map_or(xml.len(), |e| start + e);
    if let Some(at) = xml[start..end].find(" skipped=\"").map(|a| start + a) {
        let value_start = at + " skipped=\"".len();
        if let Some(close) = xml[value_start..end].find('"') {
            xml.replace_range(at..value_start + close + 1, "");
        }
    }
    xml
}

/// Writes the report to `path` atomically.
pub fn write_junit(path: &Path, run: &RunReport) -> std::io::Result<()> {
    super::write_atomically(path, junit_xml(run).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_skipped_count_is_dropped_and_nothing_else() {
        let xml = "<?xml?>\n<testsuites name=\"sortie\" tests=\"2\" skipped=\"1\" failures=\"0\">\n<testsuite name=\"a\" skipped=\"1\">".to_string();
        assert_eq!(
            strip_root_skipped(xml),
            "<?xml?>\n<testsuites name=\"sortie\" tests=\"2\" failures=\"0\">\n<testsuite name=\"a\" skipped=\"1\">"
        );
    }

    #[test]
    fn text_is_cleaned() {
        let cleaned = xml("a \u{1b}[31m***\u{1b}[0m \u{0}\u{fffe}b");
        assert_eq!(cleaned.as_str(), "a *** b");
    }

    #[test]
    fn summary_names_line_expected_and_actual() {
        let p = Problem {
            kind: ProblemKind::Assert,
            title: "assert failure".into(),
            line: Some(3),
            column: Some(6),
            message: "status does not match".into(),
            notes: vec!["expected: 200".into(), "actual:   404".into()],
            rendered: String::new(),
            end_line: Some(3),
            end_column: Some(9),
        };
        assert_eq!(
            summary(std::slice::from_ref(&p)),
            "line 3: status does not match (expected 200, actual 404)"
        );
        assert!(summary(&[p.clone(), p]).ends_with(" and 1 more"));
    }
}
