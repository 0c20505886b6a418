//! The terminal report: each failure through the caret renderer (diffs coloured when colour
//! is on), then a summary.

use anstyle::{AnsiColor, Style};

use std::time::Duration;

use super::model::contract::coverage_line;
use super::model::Summary;
use super::SourceView;
use crate::diagnostic::Diagnostic;
use crate::run::{ContractResult, FileResult};

/// A file's problems: the file-level one, or each entry's last run's.
pub fn file_diagnostics(file: &FileResult) -> Vec<&Diagnostic> {
    if let Some(p) = &file.file_problem {
        return vec![p];
    }
    file.entries
        .iter()
        .filter_map(|e| e.runs.last())
        .flat_map(|run| run.problems.iter())
        .collect()
}

/// Every failure of a file, rendered; with `color`, diff lines are coloured too.
pub fn render_failures(file: &FileResult, color: bool) -> String {
    let view = SourceView::of(file);
    file_diagnostics(file)
        .into_iter()
        .map(|d| {
            if color {
                let mut d = d.clone();
                d.notes = d.notes.iter().map(|n| color_diff(n)).collect();
                view.render(&d, color)
            } else {
                view.render(d, color)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A unified diff with removed lines red, added lines green, headers bold and hunk markers
/// cyan. Notes that are not diffs (`expected: …`) are returned as they are.
pub fn color_diff(note: &str) -> String {
    let is_diff = note
        .lines()
        .any(|l| l.starts_with("@@") || l.starts_with("--- "));
    if !is_diff {
        return note.to_string();
    }
    let bold = Style::new().bold();
    let red = AnsiColor::Red.on_default();
    let green = AnsiColor::Green.on_default();
    let cyan = AnsiColor::Cyan.on_default();
    note.split_inclusive('\n')
        .map(|line| {
            let (text, newline) = match line.strip_suffix('\n') {
                Some(t) => (t, "\n"),
                None => (line, ""),
            };
            let style = if text.starts_with("--- ") || text.starts_with("+++ ") {
                Some(bold)
            } else if text.starts_with("@@") {
                Some(cyan)
            } else if text.starts_with('-') {
                Some(red)
            } else if text.starts_with('+') {
                Some(green)
            } else {
                None
            };
            match style {
                Some(style) => format!("{}{newline}", paint(text, style, true)),
                None => line.to_string(),
            }
        })
        .collect()
}

fn paint(s: &str, style: Style, color: bool) -> String {
    if color {
        format!("{}{s}{}", style.render(), style.render_reset())
    } else {
        s.to_string()
    }
}

/// The closing summary of a run that took `duration`.
pub fn render_summary(summary: &Summary, duration: Duration, color: bool) -> String {
    let green = AnsiColor::Green.on_default().bold();
    let red = AnsiColor::Red.on_default().bold();
    let yellow = AnsiColor::Yellow.on_default();
    let s = summary;
    let num = |n: usize, style: Style| {
        if n == 0 {
            n.to_string()
        } else {
            paint(&n.to_string(), style, color)
        }
    };
    format!(
        "files:    {} ({} passed, {} failed)\n\
         entries:  {} passed, {} failed, {} errored, {} skipped\n\
         requests: {} ({} transport retries, {} entry reruns)\n\
         duration: {:.2} s, {:.1} requests/s\n",
        s.files,
        num(s.files - s.files_failed, green),
        num(s.files_failed, red),
        num(s.passed, green),
        num(s.failed, red),
        num(s.errored, red),
        num(s.skipped, yellow),
        s.requests,
        s.transport_retries,
        s.entry_reruns,
        duration.as_secs_f64(),
        s.rate(duration)
    )
}

/// The summary's contract line (`--openapi`): `contract: A/B operations, C/D documented
/// responses exercised, E undocumented requests`, the figures red when `--openapi-coverage`
/// is not met.
pub fn render_contract_summary(contract: &ContractResult, color: bool) -> String {
    let line = coverage_line(&contract.coverage);
    let style = AnsiColor::Red.on_default().bold();
    let shown = if contract.below_required() {
        paint(&line, style, color)
    } else {
        line
    };
    format!("contract: {shown}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lines_are_coloured_and_other_notes_left_alone() {
        let diff =
            "--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n {\n-  \"price\": 10\n+  \"price\": 12\n";
        let out = color_diff(diff);
        let red = AnsiColor::Red.on_default();
        let green = AnsiColor::Green.on_default();
        assert!(out.contains(&format!(
            "{}-  \"price\": 10{}\n",
            red.render(),
            red.render_reset()
        )));
        assert!(out.contains(&format!(
            "{}+  \"price\": 12{}\n",
            green.render(),
            green.render_reset()
        )));
        assert!(out.contains("\n {\n"));
        assert_eq!(color_diff("expected: -5"), "expected: -5");
    }
}
