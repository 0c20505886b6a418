//! The JUnit XML report (`--report-junit FILE`), written with `quick-junit`.
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
//! Every text is redacted, free of ANSI codes and of characters XML cannot hold. The
//! document validates against Jenkins' JUnit schema (`junit-10.xsd`) except for the
//! `file` and `line` attributes of `<testcase>`, which GitLab and GitHub actions read.

use std::path::Path;
use std::time::{Duration, SystemTime};

use quick_junit::{
    FlakyOrRerun, NonSuccessKind, Report, TestCase, TestCaseStatus, TestRerun, TestSuite, XmlString,
};

use super::render_problems;
use super::SourceView;
use crate::diagnostic::{Diagnostic, Kind};
use crate::http::Attempt;
use crate::run::result::EntryRun;
use crate::run::{EntryResult, FileResult, Outcome, RunResult};
use crate::secret::Redactor;

/// Longest `message` attribute (the whole text is in the element's body).
const MESSAGE_MAX: usize = 300;

/// Redacted, without characters XML 1.0 cannot hold (`XmlString` also drops ANSI escapes and
/// control characters).
fn xml(redactor: &Redactor, text: &str) -> XmlString {
    let redacted = redactor.redact(text);
    XmlString::new(redacted.replace(['\u{fffe}', '\u{ffff}'], ""))
}

fn timestamp(at: SystemTime) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::<chrono::Utc>::from(at).fixed_offset()
}

/// The file path without its extension: the test case's class.
fn classname(path: &Path) -> String {
    path.with_extension("").display().to_string()
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
fn summary(view: &SourceView, problems: &[Diagnostic]) -> String {
    let Some(p) = problems.first() else {
        return String::new();
    };
    let mut s = match view.place(p) {
        Some((start, _)) => format!("line {}: {}", start.line, first_line(&p.message)),
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

fn kind_of(problems: &[Diagnostic]) -> NonSuccessKind {
    if problems.iter().any(|p| p.kind != Kind::Assert) {
        NonSuccessKind::Error
    } else {
        NonSuccessKind::Failure
    }
}

/// The `type` attribute: `assert` for assert failures, else the runtime error's title.
fn type_of(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .find(|p| p.kind != Kind::Assert)
        .map_or_else(|| "assert".to_string(), |p| p.title.clone())
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// What an attempt got: a status, or the transport error.
pub(crate) fn attempt_outcome(a: &Attempt) -> String {
    match &a.outcome {
        Ok(status) => format!("status {status}"),
        Err(e) => e.message.clone(),
    }
}

/// A transport attempt that was sent again.
fn attempt_rerun(redactor: &Redactor, run: &EntryRun, a: &Attempt) -> TestRerun {
    let kind = if a.outcome.is_ok() {
        NonSuccessKind::Failure
    } else {
        NonSuccessKind::Error
    };
    let mut r = TestRerun::new(kind);
    r.set_type("transport retry");
    r.set_message(xml(
        redactor,
        &format!(
            "attempt {} of run {}: {}",
            a.number,
            run.number,
            attempt_outcome(a)
        ),
    ));
    let mut text = format!(
        "{}\nattempt {}: {} after {}",
        run.request,
        a.number,
        attempt_outcome(a),
        ms(a.duration)
    );
    if let Some(delay) = a.retry_delay {
        text.push_str(&format!(", sent again after {}", ms(delay)));
    }
    r.set_description(xml(redactor, &text));
    r
}

/// A Hurl `retry` (or `repeat`) run that did not pass.
fn run_rerun(redactor: &Redactor, file: &FileResult, run: &EntryRun) -> TestRerun {
    let mut r = TestRerun::new(kind_of(&run.problems));
    r.set_type(xml(redactor, &type_of(&run.problems)));
    r.set_message(xml(
        redactor,
        &format!(
            "run {}: {}",
            run.number,
            summary(&SourceView::of(file), &run.problems)
        ),
    ));
    r.set_description(xml(redactor, &render_problems(file, &run.problems, false)));
    r
}

/// Everything that failed before the entry's final outcome, in order.
fn earlier_failures(redactor: &Redactor, file: &FileResult, entry: &EntryResult) -> Vec<TestRerun> {
    let mut out = Vec::new();
    let last = entry.runs.len().saturating_sub(1);
    for (i, run) in entry.runs.iter().enumerate() {
        let sent_again = run.attempts.len().saturating_sub(1);
        for a in &run.attempts[..sent_again] {
            out.push(attempt_rerun(redactor, run, a));
        }
        if i < last && run.outcome() != Outcome::Passed {
            out.push(run_rerun(redactor, file, run));
        }
    }
    out
}

/// A short log of the runs and attempts, for `<system-out>`.
fn run_log(entry: &EntryResult) -> String {
    let mut log = String::new();
    for run in &entry.runs {
        log.push_str(&format!(
            "run {}: {} ({})\n",
            run.number,
            run.request,
            ms(run.duration)
        ));
        for a in &run.attempts {
            log.push_str(&format!(
                "  attempt {}: {} in {}\n",
                a.number,
                attempt_outcome(a),
                ms(a.duration)
            ));
        }
    }
    log
}

fn entry_case(redactor: &Redactor, file: &FileResult, entry: &EntryResult) -> TestCase {
    let reruns = earlier_failures(redactor, file, entry);
    let status = match (entry.outcome(), entry.runs.last()) {
        (Outcome::Failed | Outcome::Errored, Some(run)) => {
            let mut s = TestCaseStatus::non_success(kind_of(&run.problems));
            s.set_type(xml(redactor, &type_of(&run.problems)));
            s.set_message(xml(
                redactor,
                &summary(&SourceView::of(file), &run.problems),
            ));
            s.set_description(xml(redactor, &render_problems(file, &run.problems, false)));
            s.set_rerun_kind(FlakyOrRerun::Rerun);
            s.add_reruns(reruns.clone());
            s
        }
        (Outcome::Passed, _) => TestCaseStatus::Success {
            flaky_runs: reruns.clone(),
        },
        _ => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(xml(
                redactor,
                entry.skip_reason.as_deref().unwrap_or("not run"),
            ));
            s
        }
    };
    let mut case = TestCase::new(xml(redactor, &entry.name), status);
    case.set_classname(xml(redactor, &classname(&file.path)));
    case.set_time(entry.duration);
    case.extra.insert(
        "file".into(),
        xml(redactor, &file.path.display().to_string()),
    );
    case.extra
        .insert("line".into(), entry.line.to_string().into());
    if entry.outcome() != Outcome::Passed || !reruns.is_empty() {
        let log = run_log(entry);
        if !log.is_empty() {
            case.set_system_out(xml(redactor, &log));
        }
    }
    case
}

/// The test case of a file that could not be read or parsed.
fn file_case(redactor: &Redactor, file: &FileResult, problem: &Diagnostic) -> TestCase {
    let view = SourceView::of(file);
    let problems = std::slice::from_ref(problem);
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_type(xml(redactor, &problem.title));
    status.set_message(xml(
        redactor,
        &format!("{}: {}", problem.title, summary(&view, problems)),
    ));
    status.set_description(xml(redactor, &render_problems(file, problems, false)));
    let name = file.path.file_name().map_or_else(
        || file.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut case = TestCase::new(xml(redactor, &name), status);
    case.set_classname(xml(redactor, &classname(&file.path)));
    case.set_time(file.duration);
    case.extra.insert(
        "file".into(),
        xml(redactor, &file.path.display().to_string()),
    );
    case.extra.insert(
        "line".into(),
        view.place(problem)
            .map_or(1, |(start, _)| start.line)
            .to_string()
            .into(),
    );
    case
}

/// The report as a `quick-junit` value.
pub fn junit_report(result: &RunResult, redactor: &Redactor) -> Report {
    let mut report = Report::new("sortie");
    report.set_time(result.duration);
    for file in &result.files {
        let mut suite = TestSuite::new(xml(redactor, &file.path.display().to_string()));
        suite.set_timestamp(timestamp(file.started_at));
        suite.set_time(file.duration);
        match &file.file_problem {
            Some(problem) => {
                suite.add_test_case(file_case(redactor, file, problem));
            }
            None => {
                suite.add_test_cases(file.entries.iter().map(|e| entry_case(redactor, file, e)));
            }
        }
        report.add_test_suite(suite);
    }
    report
}

/// The report as XML text. The `skipped` count of `<testsuites>` is left out: Jenkins'
/// schema has no such attribute there (each `<testsuite>` has its own).
pub fn junit_xml(result: &RunResult, redactor: &Redactor) -> String {
    let xml = junit_report(result, redactor)
        .to_string()
        .unwrap_or_else(|e| {
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
pub fn write_junit(path: &Path, result: &RunResult, redactor: &Redactor) -> std::io::Result<()> {
    super::write_atomically(path, junit_xml(result, redactor).as_bytes())
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
    fn text_is_redacted_and_cleaned() {
        let r = Redactor::new();
        r.add("s3cret");
        let cleaned = xml(&r, "a \u{1b}[31ms3cret\u{1b}[0m \u{0}\u{fffe}b");
        assert_eq!(cleaned.as_str(), "a *** b");
    }

    #[test]
    fn summary_names_line_expected_and_actual() {
        let p = Diagnostic::new(Kind::Assert, "assert failure", "status does not match")
            .at(crate::spec::ast::Span::new(7, 10))
            .with_notes(vec!["expected: 200".into(), "actual:   404".into()]);
        let file = FileResult {
            path: "a.hurl".into(),
            source: Some("GET x\n\nHTTP 200\n".to_string()),
            entries: Vec::new(),
            file_problem: None,
            started_at: std::time::SystemTime::now(),
            duration: Default::default(),
            cookies: None,
        };
        let view = SourceView::of(&file);
        assert_eq!(
            summary(&view, std::slice::from_ref(&p)),
            "line 3: status does not match (expected 200, actual 404)"
        );
        assert!(summary(&view, &[p.clone(), p]).ends_with(" and 1 more"));
    }
}
