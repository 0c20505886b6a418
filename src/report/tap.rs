//! The TAP report (`--report-tap FILE`, Test Anything Protocol version 13): one test point
//! per file, `ok` when every entry passed. As in Hurl, an existing report is appended to: its
//! test points come first and the numbering goes on.

use std::path::Path;

use crate::run::{Outcome, RunResult};
use crate::secret::Redactor;

/// One test point: passed, and the file's path.
type Point = (bool, String);

/// The test points of an existing report (unreadable lines are left out).
fn read_points(text: &str) -> Vec<Point> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let (ok, rest) = if let Some(rest) = line.strip_prefix("not ok") {
                (false, rest)
            } else if let Some(rest) = line.strip_prefix("ok") {
                (true, rest)
            } else {
                return None;
            };
            let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
            let description = rest.trim_start_matches('-').trim();
            Some((ok, description.to_string()))
        })
        .collect()
}

/// The report's text for `points`.
fn render(points: &[Point]) -> String {
    let mut out = format!("TAP version 13\n1..{}\n", points.len());
    for (i, (ok, description)) in points.iter().enumerate() {
        let state = if *ok { "ok" } else { "not ok" };
        out.push_str(&format!("{state} {} - {description}\n", i + 1));
    }
    out
}

/// Writes (or extends) the TAP report at `path`.
pub fn write_tap(path: &Path, result: &RunResult, redactor: &Redactor) -> std::io::Result<()> {
    let mut points = match std::fs::read_to_string(path) {
        Ok(text) => read_points(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    for file in &result.files {
        let ok = matches!(file.outcome(), Outcome::Passed | Outcome::Skipped);
        points.push((ok, redactor.redact(&file.path.display().to_string())));
    }
    super::write_atomically(path, render(&points).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_reads_back_points() {
        let points = vec![
            (true, "a.hurl".to_string()),
            (false, "b/c.hurl".to_string()),
        ];
        let text = render(&points);
        assert_eq!(
            text,
            "TAP version 13\n1..2\nok 1 - a.hurl\nnot ok 2 - b/c.hurl\n"
        );
        assert_eq!(read_points(&text), points);
        assert_eq!(
            read_points("TAP version 13\n1..2\n ok 1  -x.hurl\nnot ok 2 - y.hurl\n"),
            vec![(true, "x.hurl".to_string()), (false, "y.hurl".to_string())]
        );
    }
}
