//! One entry of the table: its row (name, outcome, requests, duration, timeline) and its
//! details (problems with their diffs, spec lines, waterfall, asserts, captures, headers).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::source::{failing_lines, problem_lines, Lines};
use super::timeline::{describe, entry_bar, segments, Scale};
use super::{badge, esc, human};
use crate::report::model::{EntryReport, FileReport, HeaderReport, Problem, RunReport};

/// The `<tbody>` of an entry: its row and its details (open when it failed).
pub(super) fn entry_rows(
    out: &mut String,
    scale: &Scale,
    fi: usize,
    file: &FileReport,
    entry: &EntryReport,
    lines: &Lines,
) {
    let id = format!("{fi}-{}", entry.index);
    let open = entry.outcome.is_failure();
    let mut search = format!("{} {}", file.path, entry.name);
    if let Some(run) = entry.runs.last() {
        search.push(' ');
        search.push_str(&run.request);
    }
    let _ = write!(
        out,
        "<tbody class=\"entry\" id=\"e{id}\" data-file=\"f{fi}\" data-outcome=\"{}\" data-search=\"{}\">\n\
         <tr class=\"row\"><td><button class=\"toggle\" aria-controls=\"d{id}\" aria-expanded=\"{open}\">{}</button>\
         <span class=\"where\">line {}</span></td><td>{}",
        entry.outcome.name(),
        esc(&search.to_lowercase()),
        esc(&entry.name),
        entry.line,
        badge(entry.outcome)
    );
    let reruns = entry.runs.len().saturating_sub(1);
    if !entry.outcome.is_failure() && (reruns > 0 || entry.transport_retries > 0) {
        out.push_str(" <span class=\"flaky\">after retries</span>");
    }
    let _ = write!(out, "</td><td>{}", entry.requests);
    let mut extra = Vec::new();
    if entry.transport_retries > 0 {
        extra.push(plural(entry.transport_retries, "retry", "retries"));
    }
    if reruns > 0 {
        extra.push(plural(reruns, "rerun", "reruns"));
    }
    if !extra.is_empty() {
        let _ = write!(out, " <span class=\"where\">({})</span>", extra.join(", "));
    }
    let _ = write!(out, "</td><td>{}</td><td>", human(entry.duration_ms.0));
    entry_bar(out, scale, entry);
    let _ = write!(
        out,
        "</td></tr>\n<tr class=\"detail\" id=\"d{id}\"{}><td colspan=\"5\">\n",
        if open { "" } else { " hidden" }
    );
    entry_detail(out, scale, file, entry, lines);
    out.push_str("</td></tr>\n</tbody>\n");
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn entry_detail(
    out: &mut String,
    scale: &Scale,
    file: &FileReport,
    entry: &EntryReport,
    lines: &Lines,
) {
    if let Some(reason) = &entry.skip_reason {
        let _ = writeln!(out, "<p class=\"skip-reason\">{}</p>", esc(reason));
    }
    let last = entry.runs.last();
    if let Some(run) = last.filter(|r| !r.request.is_empty()) {
        let _ = write!(out, "<p class=\"request\">{}", esc(&run.request));
        if let Some(status) = run.status {
            let _ = write!(out, " → {status}");
        }
        out.push_str("</p>\n");
    }
    if let Some(run) = last.filter(|r| !r.problems.is_empty()) {
        out.push_str("<h3>problems</h3>\n");
        for p in &run.problems {
            problem(out, &file.path, p);
        }
    }
    out.push_str("<h3>spec</h3>\n");
    let next = file
        .entries
        .iter()
        .find(|e| e.index == entry.index + 1)
        .map(|e| e.line);
    lines.excerpt(
        out,
        lines.entry_range(entry.line, next),
        &failing_lines(entry),
    );
    waterfall(out, scale, entry);
    for run in &entry.runs {
        run_detail(out, entry, run);
    }
}

/// The `<tbody>` of a file that could not be read or parsed.
pub(super) fn file_problem_row(
    out: &mut String,
    fi: usize,
    file: &FileReport,
    p: &Problem,
    lines: &Lines,
) {
    let id = format!("{fi}-0");
    let _ = write!(
        out,
        "<tbody class=\"entry file-problem\" id=\"e{id}\" data-file=\"f{fi}\" data-outcome=\"{}\" data-search=\"{}\">\n\
         <tr class=\"row\"><td><button class=\"toggle\" aria-controls=\"d{id}\" aria-expanded=\"true\">{}</button>\
         </td><td>{}</td><td>0</td><td>{}</td><td></td></tr>\n\
         <tr class=\"detail\" id=\"d{id}\"><td colspan=\"5\">\n<h3>problems</h3>\n",
        file.outcome.name(),
        esc(&format!("{} {}", file.path, p.title).to_lowercase()),
        esc(&format!("the file could not be run: {}", p.title)),
        badge(file.outcome),
        human(file.duration_ms.0)
    );
    problem(out, &file.path, p);
    out.push_str("<h3>spec</h3>\n");
    let failing: BTreeSet<usize> = problem_lines(p).collect();
    let line = failing.first().copied().unwrap_or(1);
    lines.excerpt(out, (line.saturating_sub(5).max(1), line + 5), &failing);
    out.push_str("</td></tr>\n</tbody>\n");
}

/// A problem: title, place, message and notes, diff lines coloured.
fn problem(out: &mut String, path: &str, p: &Problem) {
    let _ = write!(
        out,
        "<div class=\"problem {}\"><div><span class=\"title\">{}</span>",
        p.kind.name(),
        esc(&p.title)
    );
    if let (Some(line), Some(column)) = (p.line, p.column) {
        let _ = write!(
            out,
            "<span class=\"place\">{}:{line}:{column}</span>",
            esc(path)
        );
    }
    let _ = write!(
        out,
        "</div><div class=\"message\">{}</div>",
        esc(&p.message)
    );
    if !p.notes.is_empty() {
        out.push_str("<pre class=\"notes\">");
        for note in &p.notes {
            notes(out, note);
        }
        out.push_str("</pre>");
    }
    out.push_str("</div>\n");
}

/// A note's lines, classed: expected and actual, and in a unified diff, its headers, hunks,
/// removed and added lines.
fn notes(out: &mut String, note: &str) {
    let is_diff = note
        .lines()
        .any(|l| l.starts_with("@@") || l.starts_with("--- "));
    for line in note.lines() {
        let class = if line.starts_with("expected:") {
            Some("expected")
        } else if line.starts_with("actual:") {
            Some("actual")
        } else if !is_diff {
            None
        } else if line.starts_with("--- ") || line.starts_with("+++ ") {
            Some("head")
        } else if line.starts_with("@@") {
            Some("hunk")
        } else if line.starts_with('-') {
            Some("del")
        } else if line.starts_with('+') {
            Some("ins")
        } else {
            None
        };
        match class {
            Some(c) => {
                let _ = writeln!(out, "<span class=\"{c}\">{}</span>", esc(line));
            }
            None => {
                let _ = writeln!(out, "{}", esc(line));
            }
        }
    }
}

/// Every attempt of every run, and the waits between them, on the entry's own time axis.
fn waterfall(out: &mut String, run_scale: &Scale, entry: &EntryReport) {
    let Some(scale) = Scale::of_entry(entry) else {
        return;
    };
    out.push_str("<h3>waterfall</h3>\n<div class=\"waterfall\">\n");
    for run in &entry.runs {
        for a in &run.attempts {
            let label = describe(run, a);
            let _ = write!(
                out,
                "<div class=\"wf-row\"><span class=\"wf-label\" title=\"{0}\">{0}</span>\
                 <span class=\"wf-track\">",
                esc(&label)
            );
            segments(out, &scale, run, a);
            out.push_str("</span></div>\n");
        }
    }
    let first = entry
        .runs
        .iter()
        .flat_map(|r| &r.attempts)
        .map(|a| a.started_at)
        .min();
    let _ = write!(
        out,
        "<div class=\"wf-axis\"><span>{} into the run</span><span>{} later</span></div>\n</div>\n",
        first.map_or_else(String::new, |t| human(run_scale.offset(t))),
        human(scale.span())
    );
}

/// A run: its request and result, asserts, captures, redirects and headers.
fn run_detail(out: &mut String, entry: &EntryReport, run: &RunReport) {
    let _ = writeln!(
        out,
        "<div class=\"run-head\">run {} of {} {} <span class=\"where\">{}</span></div>",
        run.number,
        entry.runs.len(),
        badge(run.outcome),
        human(run.duration_ms.0)
    );
    if !std::ptr::eq(run, entry.runs.last().unwrap_or(run)) {
        for p in &run.problems {
            let _ = writeln!(
                out,
                "<p class=\"earlier-problem\">{}: {}</p>",
                esc(&p.title),
                esc(&p.message)
            );
        }
    }
    if !run.asserts.is_empty() {
        out.push_str(
            "<table class=\"kv asserts\"><tr><th>line</th><th>assert</th><th>expected</th>\
             <th>actual</th><th></th></tr>\n",
        );
        for a in &run.asserts {
            let _ = writeln!(
                out,
                "<tr class=\"{}\"><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td>\
                 <td class=\"mono\">{}</td><td>{}</td></tr>",
                if a.pass { "assert-pass" } else { "assert-fail" },
                a.line.map_or_else(String::new, |l| l.to_string()),
                esc(&a.source),
                esc(&a.expected),
                esc(&a.actual),
                if a.pass { "✓" } else { "✗" }
            );
        }
        out.push_str("</table>\n");
    }
    if !run.captures.is_empty() {
        out.push_str("<table class=\"kv captures\"><tr><th>capture</th><th>value</th></tr>\n");
        for c in &run.captures {
            let _ = writeln!(
                out,
                "<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
                esc(&c.name),
                esc(&c.value)
            );
        }
        out.push_str("</table>\n");
    }
    if !run.redirects.is_empty() {
        out.push_str(
            "<table class=\"kv redirects\"><tr><th>redirect</th><th>status</th><th>to</th></tr>\n",
        );
        for r in &run.redirects {
            let _ = writeln!(
                out,
                "<tr><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td></tr>",
                esc(&r.url),
                r.status,
                esc(&r.location)
            );
        }
        out.push_str("</table>\n");
    }
    if !run.request_headers.is_empty() || !run.response_headers.is_empty() {
        out.push_str("<div class=\"columns\">");
        headers(out, "request headers", "none", &run.request_headers);
        headers(out, "response headers", "none", &run.response_headers);
        out.push_str("</div>\n");
    }
}

fn headers(out: &mut String, title: &str, empty: &str, headers: &[HeaderReport]) {
    let _ = write!(
        out,
        "<table class=\"kv headers\"><tr><th colspan=\"2\">{title}</th></tr>"
    );
    if headers.is_empty() {
        let _ = write!(
            out,
            "<tr><td class=\"none\" colspan=\"2\">{empty}</td></tr>"
        );
    }
    for h in headers {
        let _ = write!(
            out,
            "<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
            esc(&h.name),
            esc(&h.value)
        );
    }
    out.push_str("</table>");
}
