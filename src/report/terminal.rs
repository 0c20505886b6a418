//! The terminal report: each failure through the caret renderer (diffs coloured when colour
//! is on), then a summary.

use anstyle::{AnsiColor, Style};

use super::SourceView;
use crate::diagnostic::Diagnostic;
use crate::run::{FileResult, Outcome, RunResult};

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

/// The closing summary.
pub fn render_summary(result: &RunResult, color: bool) -> String {
    let green = AnsiColor::Green.on_default().bold();
    let red = AnsiColor::Red.on_default().bold();
    let yellow = AnsiColor::Yellow.on_default();
    let (passed, failed, errored, skipped) = result.counts();
    let files_failed = result
        .files
        .iter()
        .filter(|f| matches!(f.outcome(), Outcome::Failed | Outcome::Errored))
        .count();
    let requests: usize = result
        .files
        .iter()
        .flat_map(|f| &f.entries)
        .map(|e| e.requests())
        .sum();
    let retries: usize = result
        .files
        .iter()
        .flat_map(|f| &f.entries)
        .map(|e| e.transport_retries())
        .sum();
    let reruns: usize = result
        .files
        .iter()
        .flat_map(|f| &f.entries)
        .map(|e| e.runs.len().saturating_sub(1))
        .sum();
    let secs = result.duration.as_secs_f64();
    let rate = if secs > 0.0 {
        requests as f64 / secs
    } else {
        0.0
    };
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
        result.files.len(),
        num(result.files.len() - files_failed, green),
        num(files_failed, red),
        num(passed, green),
        num(failed, red),
        num(errored, red),
        num(skipped, yellow),
        requests,
        retries,
        reruns,
        secs,
        rate
    )
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
