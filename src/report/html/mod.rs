//! The HTML report (`--report-html DIR`): one self-contained page, `DIR/index.html`, for
//! people to open from a CI artifact. Inline CSS and JavaScript, no network (a Content
//! Security Policy forbids any load), every text escaped; it reads the
//! [report model](super::model), so it is redacted like the other reports.
//!
//! The page: a summary (files, entries by outcome, requests, retries, duration, requests per
//! second), then a table of files and entries with a "failed only" filter and a search (their
//! state is kept in the URL fragment: `#failed`, `#q=text`), each entry with a timeline of
//! its attempts over the run's wall time. An entry opens on its details: the spec lines with
//! the failing ones highlighted, each problem with expected, actual and the diff, a waterfall
//! of every run, attempt and retry wait, asserts, captures, redirects, and request and
//! response headers. Failing entries are open from the start.

mod contract;
mod entry;
mod source;
mod timeline;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use super::model::{FileReport, Outcome, Report};
use timeline::Scale;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// The name of the page in the report folder.
pub const INDEX: &str = "index.html";

/// Text escaped for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline have no place in a page.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A duration for people: `0.42 ms`, `12 ms`, `1.23 s`, `2 min 05 s`.
pub(crate) fn human(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 60_000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        let secs = d.as_secs();
        format!("{} min {:02} s", secs / 60, secs % 60)
    }
}

/// An outcome as a coloured badge.
pub(crate) fn badge(o: Outcome) -> String {
    format!("<span class=\"badge {0}\">{0}</span>", o.name())
}

/// The whole page.
pub fn html_page(report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let s = &report.summary;
    // Exit 4: only asserts failed; 2 and 3: something could not run.
    let verdict = match report.exit_code {
        0 => Outcome::Passed,
        4 => Outcome::Failed,
        _ => Outcome::Errored,
    };
    let title = format!(
        "sortie report: {} passed, {} failed, {} errored",
        s.passed, s.failed, s.errored
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n\
         <body data-exit-code=\"{}\" data-filter=\"all\">\n",
        esc(&title),
        report.exit_code
    );
    summary(&mut out, report, verdict);
    if let Some(c) = &report.contract {
        contract::contract_section(&mut out, c);
    }
    table(&mut out, report);
    let _ = write!(out, "<script>\n{JS}</script>\n</body>\n</html>\n");
    out
}

fn stat(out: &mut String, key: &str, class: &str, n: impl std::fmt::Display, label: &str) {
    let _ = writeln!(
        out,
        "<div class=\"stat {class}\" data-stat=\"{key}\"><span class=\"n\">{n}</span>\
         <span class=\"label\">{}</span></div>",
        esc(label)
    );
}

fn summary(out: &mut String, report: &Report, verdict: Outcome) {
    let s = &report.summary;
    let duration = report.duration_ms.0;
    let _ =
        write!(
        out,
        "<header>\n<h1>sortie report<span class=\"badge verdict {0}\">{0} · exit {1}</span></h1>\n\
         <p class=\"meta\">{2} · started {3} UTC",
        verdict.name(),
        report.exit_code,
        esc(&report.tool),
        esc(&report.started_at.utc().format("%Y-%m-%d %H:%M:%S").to_string()),
    );
    if let Some(shard) = report.shard {
        let _ = write!(out, " · shard {}/{}", shard.index, shard.total);
    }
    out.push_str("</p>\n</header>\n<section id=\"summary\" class=\"summary\">\n");
    stat(
        out,
        "files",
        "",
        s.files,
        &format!(
            "files ({} passed, {} failed)",
            s.files - s.files_failed,
            s.files_failed
        ),
    );
    stat(out, "passed", "passed", s.passed, "entries passed");
    stat(out, "failed", "failed", s.failed, "entries failed");
    stat(out, "errored", "errored", s.errored, "entries errored");
    stat(out, "skipped", "skipped", s.skipped, "entries skipped");
    stat(out, "requests", "", s.requests, "requests");
    stat(
        out,
        "transport_retries",
        "",
        s.transport_retries,
        "transport retries",
    );
    stat(out, "entry_reruns", "", s.entry_reruns, "entry reruns");
    stat(out, "duration", "", human(duration), "duration");
    stat(
        out,
        "rate",
        "",
        format!("{:.1}", s.rate(duration)),
        "requests/s",
    );
    out.push_str("</section>\n");
}

fn table(out: &mut String, report: &Report) {
    let rows: usize = report
        .files
        .iter()
        .map(|f| {
            if f.problem.is_some() {
                1
            } else {
                f.entries.len()
            }
        })
        .sum();
    let _ = write!(
        out,
        "<section id=\"results\">\n<div class=\"controls\">\
         <label><input type=\"checkbox\" id=\"failed-only\"> failed only</label>\
         <input type=\"search\" id=\"search\" placeholder=\"search files, entries, requests\" \
         aria-label=\"search\">\
         <span id=\"shown\" data-shown=\"{rows}\">showing {rows} of {rows}</span></div>\n\
         <table class=\"results\">\n<colgroup><col class=\"c-entry\"><col class=\"c-outcome\">\
         <col class=\"c-requests\"><col class=\"c-duration\"><col class=\"c-timeline\"></colgroup>\n\
         <thead><tr><th>entry</th><th>outcome</th><th>requests</th><th>duration</th>\
         <th>timeline (0 – {})</th></tr></thead>\n",
        human(report.duration_ms.0)
    );
    let scale = Scale::of_run(report);
    for (fi, file) in report.files.iter().enumerate() {
        file_rows(out, &scale, fi + 1, file);
    }
    out.push_str("</table>\n</section>\n");
}

fn file_rows(out: &mut String, scale: &Scale, fi: usize, file: &FileReport) {
    let _ = writeln!(
        out,
        "<tbody class=\"file-head\" data-file=\"f{fi}\" data-outcome=\"{}\"><tr><th colspan=\"5\">{}{}\
         <span class=\"where\">{}</span></th></tr></tbody>",
        file.outcome.name(),
        esc(&file.path),
        badge(file.outcome),
        human(file.duration_ms.0)
    );
    let lines = source::Lines::new(file.source.as_deref());
    match &file.problem {
        Some(problem) => entry::file_problem_row(out, fi, file, problem, &lines),
        None => {
            for e in &file.entries {
                entry::entry_rows(out, scale, fi, file, e, &lines);
            }
        }
    }
}

/// Writes the page to `DIR/index.html` atomically (the folder is created if needed).
pub fn write_html(dir: &Path, report: &Report) -> std::io::Result<()> {
    super::write_atomically(&dir.join(INDEX), html_page(report).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::build::tests::sample_run;
    use crate::report::model::build::RunInfo;
    use crate::secret::Redactor;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>\u{7}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\u{fffd}"
        );
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human(Duration::from_micros(420)), "0.42 ms");
        assert_eq!(human(Duration::from_millis(12)), "12 ms");
        assert_eq!(human(Duration::from_millis(1234)), "1.23 s");
        assert_eq!(human(Duration::from_secs(125)), "2 min 05 s");
    }

    #[test]
    fn the_page_is_self_contained_redacted_and_escaped() {
        let secret = "s3cr3t<b>";
        let redactor = Redactor::new();
        redactor.add(secret);
        let report = Report::from_run(
            &sample_run(secret),
            &redactor,
            RunInfo {
                started_at: std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
                shard: None,
            },
        );
        let page = html_page(&report);
        assert!(!page.contains("s3cr3t"), "a secret leaked");
        assert!(!page.contains("<b>"), "unescaped text");
        for external in ["src=\"http", "href=\"http", "@import", "url(http"] {
            assert!(!page.contains(external), "{external}");
        }
        assert!(page.contains("data-stat=\"failed\"><span class=\"n\">1</span>"));
        // The failing assert's line is highlighted; the request line is not.
        assert!(page.contains("<span class=\"line fail\" data-line=\"5\">"));
        assert!(page.contains("<span class=\"line\" data-line=\"2\">"));
        // The parse error of the second file is a row of its own, open.
        assert!(page.contains("class=\"entry file-problem\""));
    }
}
