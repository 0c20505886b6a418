//! Spec source excerpts with their failing lines highlighted.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::esc;
use crate::report::model::{EntryReport, Problem};

/// Excerpts longer than this show their start and the failing lines' surroundings only.
const MAX_LINES: usize = 80;
/// Lines shown from the start of a long excerpt.
const HEAD_LINES: usize = 20;
/// Lines shown around each failing line of a long excerpt.
const AROUND: usize = 3;

/// A file's text as lines (none when it could not be read).
pub(super) struct Lines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    /// The lines of `source`.
    pub(super) fn new(source: Option<&'a str>) -> Self {
        Lines {
            lines: source.map(|s| s.lines().collect()).unwrap_or_default(),
        }
    }

    fn get(&self, line: usize) -> &'a str {
        self.lines.get(line.wrapping_sub(1)).copied().unwrap_or("")
    }

    /// The lines of an entry: from the comments right above its request line to the line
    /// before the next entry, without the blank lines and comments at its end (they belong
    /// to the next entry).
    pub(super) fn entry_range(&self, line: u32, next: Option<u32>) -> (usize, usize) {
        let line = line as usize;
        let mut start = line;
        while start > 1 && self.get(start - 1).trim_start().starts_with('#') {
            start -= 1;
        }
        let mut end = next.map_or(self.lines.len(), |n| (n as usize).saturating_sub(1));
        while end > line && {
            let t = self.get(end).trim();
            t.is_empty() || t.starts_with('#')
        } {
            end -= 1;
        }
        (start, end.max(line))
    }

    /// Writes lines `range` (1-based, inclusive, widened to take in every failing line) as
    /// a `<pre>`, each line numbered, the failing ones marked `fail`.
    pub(super) fn excerpt(
        &self,
        out: &mut String,
        range: (usize, usize),
        failing: &BTreeSet<usize>,
    ) {
        if self.lines.is_empty() {
            out.push_str("<p class=\"none\">The file's text is not in the report.</p>\n");
            return;
        }
        let last = self.lines.len();
        let failing: BTreeSet<usize> = failing.iter().map(|&l| l.clamp(1, last)).collect();
        let lo = failing
            .iter()
            .copied()
            .fold(range.0, usize::min)
            .clamp(1, last);
        let hi = failing
            .iter()
            .copied()
            .fold(range.1, usize::max)
            .clamp(lo, last);
        let shown: BTreeSet<usize> = if hi - lo < MAX_LINES {
            (lo..=hi).collect()
        } else {
            let head = lo..(lo + HEAD_LINES).min(hi + 1);
            let around = failing
                .iter()
                .flat_map(|&f| f.saturating_sub(AROUND).max(lo)..=(f + AROUND).min(hi));
            head.chain(around).collect()
        };
        out.push_str("<pre class=\"source\">");
        let mut previous = None;
        for n in shown {
            if previous.is_some_and(|p: usize| n > p + 1) {
                out.push_str("<span class=\"line gap\"><span class=\"ln\">⋯</span></span>");
            }
            let class = if failing.contains(&n) {
                "line fail"
            } else {
                "line"
            };
            let _ = write!(
                out,
                "<span class=\"{class}\" data-line=\"{n}\"><span class=\"ln\">{n}</span>{}</span>",
                esc(self.get(n))
            );
            previous = Some(n);
        }
        out.push_str("</pre>\n");
    }
}

/// The lines a problem covers (a span that ends at the start of a line stops before it).
pub(super) fn problem_lines(p: &Problem) -> impl Iterator<Item = usize> {
    let start = p.line.map_or(0, |l| l as usize);
    let mut end = p.end_line.map_or(start, |l| l as usize);
    if end > start && p.end_column == Some(1) {
        end -= 1;
    }
    (start..=end.max(start)).filter(|&l| l > 0)
}

/// The lines that made an entry fail: its last run's problems and failed asserts.
pub(super) fn failing_lines(entry: &EntryReport) -> BTreeSet<usize> {
    let Some(run) = entry.runs.last() else {
        return BTreeSet::new();
    };
    if !entry.outcome.is_failure() {
        return BTreeSet::new();
    }
    let asserts = run
        .asserts
        .iter()
        .filter(|a| !a.pass)
        .filter_map(|a| a.line.map(|l| l as usize));
    run.problems
        .iter()
        .flat_map(problem_lines)
        .chain(asserts)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str =
        "# First\nGET /a\nHTTP 200\n\n# Second\nGET /b\nHTTP 200\n[Asserts]\nstatus == 201\n\n";

    #[test]
    fn an_entry_runs_from_its_name_to_its_last_line() {
        let lines = Lines::new(Some(SPEC));
        assert_eq!(lines.entry_range(2, Some(6)), (1, 3));
        assert_eq!(lines.entry_range(6, None), (5, 9));
    }

    #[test]
    fn failing_lines_are_marked_and_long_excerpts_cut() {
        let lines = Lines::new(Some(SPEC));
        let mut out = String::new();
        lines.excerpt(&mut out, (5, 9), &BTreeSet::from([9]));
        assert!(out.contains("<span class=\"line fail\" data-line=\"9\"><span class=\"ln\">9</span>status == 201</span>"));
        assert!(out.contains(
            "<span class=\"line\" data-line=\"6\"><span class=\"ln\">6</span>GET /b</span>"
        ));
        assert!(!out.contains("data-line=\"4\""));

        let long: String = (1..=300).map(|i| format!("line {i}\n")).collect();
        let lines = Lines::new(Some(&long));
        let mut out = String::new();
        lines.excerpt(&mut out, (1, 300), &BTreeSet::from([200]));
        assert!(out.contains("data-line=\"20\"") && !out.contains("data-line=\"21\""));
        assert!(out.contains("data-line=\"197\"") && out.contains("data-line=\"203\""));
        assert!(!out.contains("data-line=\"204\""));
        assert_eq!(out.matches("line gap").count(), 1);
    }

    #[test]
    fn a_span_ending_at_a_line_start_stops_before_it() {
        let p = Problem {
            kind: crate::report::model::ProblemKind::Assert,
            title: String::new(),
            line: Some(4),
            column: Some(1),
            message: String::new(),
            notes: Vec::new(),
            rendered: String::new(),
            end_line: Some(6),
            end_column: Some(1),
        };
        assert_eq!(problem_lines(&p).collect::<Vec<_>>(), [4, 5]);
    }
}
