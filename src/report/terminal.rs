//! The terminal report: each failure through the caret renderer, then a summary.

use anstyle::{AnsiColor, Style};

use crate::diagnostic::{render, Diagnostic};
use crate::run::{FileResult, Outcome, Problem, RunResult};

/// Diagnostics for a file's problems: the file-level one, or each entry's last run's.
pub fn file_diagnostics(file: &FileResult) -> Vec<Diagnostic> {
    let name = file.path.display().to_string();
    let to_diag = |p: &Problem| Diagnostic {
        title: p.title.clone(),
        file: name.clone(),
        pos: p.pos,
        end: p.end,
        message: p.message.clone(),
        notes: p.notes.clone(),
    };
    if let Some(p) = &file.file_problem {
        return vec![to_diag(p)];
    }
    file.entries
        .iter()
        .filter_map(|e| e.runs.last())
        .flat_map(|run| run.problems.iter().map(to_diag))
        .collect()
}

/// Every failure of a file, rendered.
pub fn render_failures(file: &FileResult, color: bool) -> String {
    file_diagnostics(file)
        .iter()
        .map(|d| render(d, file.source.as_deref(), color))
        .collect::<Vec<_>>()
        .join("\n")
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
    let rate = if secs > 0.0 { requests as f64 / secs } else { 0.0 };
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
