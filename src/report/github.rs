//! GitHub Actions annotations: with `GITHUB_ACTIONS=true`, one
//! `::error file=…,line=…,col=…,title=…::message` workflow command per failure, on stdout,
//! so each failure shows on the spec's line in the pull request.

use super::SourceView;
use crate::diagnostic::Diagnostic;
use crate::run::{FileResult, RunResult};
use crate::secret::Redactor;

/// True when running in GitHub Actions.
pub fn enabled() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// Escapes a message (the part after `::`): `%`, `\r`, `\n`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(
    file: &FileResult,
    view: &SourceView,
    entry: Option<&str>,
    p: &Diagnostic,
    redactor: &Redactor,
) -> String {
    let mut props = vec![format!(
        "file={}",
        escape_property(&file.path.display().to_string())
    )];
    if let Some((pos, end)) = view.place(p) {
        props.push(format!("line={}", pos.line));
        props.push(format!("col={}", pos.column));
        if end.line == pos.line && end.column > pos.column {
            props.push(format!("endColumn={}", end.column));
        }
    }
    let title = match entry {
        Some(name) => format!("{name}: {}", p.title),
        None => p.title.clone(),
    };
    props.push(format!(
        "title={}",
        escape_property(&redactor.redact(&title))
    ));
    let mut message = p.message.clone();
    for note in &p.notes {
        message.push('\n');
        message.push_str(note);
    }
    format!(
        "::error {}::{}\n",
        props.join(","),
        escape_data(&redactor.redact(&message))
    )
}

/// The annotations of a file's failures (each entry's last run), one line each.
pub fn file_annotations(file: &FileResult, redactor: &Redactor) -> String {
    let view = SourceView::of(file);
    if let Some(p) = &file.file_problem {
        return annotation(file, &view, None, p, redactor);
    }
    file.entries
        .iter()
        .filter_map(|e| e.runs.last().map(|r| (e, r)))
        .flat_map(|(e, r)| r.problems.iter().map(move |p| (e, p)))
        .map(|(e, p)| annotation(file, &view, Some(&e.name), p, redactor))
        .collect()
}

/// The annotations of a whole run, in file order.
pub fn annotations(result: &RunResult, redactor: &Redactor) -> String {
    result
        .files
        .iter()
        .map(|f| file_annotations(f, redactor))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Kind;
    use crate::spec::ast::Span;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn one_line_per_failure_with_place_and_redacted_text() {
        let redactor = Redactor::new();
        redactor.add("CANARY-9");
        // Line 7, columns 5 to 9.
        let source = "1\n2\n3\n4\n5\n6\nabc h:1234\n";
        let problem = Diagnostic::new(Kind::Assert, "assert failure", "header does not match")
            .at(Span::new(16, 20))
            .with_notes(vec![
                "expected: \"CANARY-9\"".into(),
                "actual:   \"x\"".into(),
            ]);
        let file = FileResult {
            path: "api/items, v2.hurl".into(),
            source: Some(source.to_string()),
            entries: Vec::new(),
            file_problem: Some(problem),
            started_at: std::time::SystemTime::now(),
            duration: Default::default(),
            cookies: None,
            released: Default::default(),
        };
        assert_eq!(
            file_annotations(&file, &redactor),
            "::error file=api/items%2C v2.hurl,line=7,col=5,endColumn=9,title=assert failure::\
             header does not match%0Aexpected: \"***\"%0Aactual:   \"x\"\n"
        );
    }
}
