//! Rendering a diagnostic as the terminal shows it: title, place, the source line with carets
//! under the span, then the notes.

use anstyle::{AnsiColor, Style};

use super::{Diagnostic, Kind};
use crate::spec::source::LineIndex;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const ACCENT: Style = AnsiColor::Blue.on_default().bold();
const BOLD: Style = Style::new().bold();

fn paint(s: &str, style: Style, color: bool) -> String {
    if color {
        format!("{}{s}{}", style.render(), style.render_reset())
    } else {
        s.to_string()
    }
}

/// Renders a diagnostic; `source` is the text of its file when it could be read.
pub fn render(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let index = source.filter(|_| d.span.is_some()).map(LineIndex::new);
    render_with_index(d, source.zip(index.as_ref()), color)
}

/// Renders a warning: what would fail or surprise when the file runs, without failing now.
pub fn render_warning(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let index = source.filter(|_| d.span.is_some()).map(LineIndex::new);
    render_labelled(d, source.zip(index.as_ref()), color, ("warning", WARNING))
}

/// [`render`] with the file's line index already built (a file with many failures builds it
/// once).
pub fn render_with_index(
    d: &Diagnostic,
    source: Option<(&str, &LineIndex)>,
    color: bool,
) -> String {
    render_labelled(d, source, color, ("error", ERROR))
}

fn render_labelled(
    d: &Diagnostic,
    source: Option<(&str, &LineIndex)>,
    color: bool,
    (label, label_style): (&str, Style),
) -> String {
    let mut out = String::new();
    if d.kind == Kind::Usage && d.file.is_none() {
        // A bad command line: one line, as clap writes its own.
        out.push_str(&paint(label, label_style, color));
        out.push_str(&format!(": {}\n", d.message));
        return out;
    }
    out.push_str(&paint(label, label_style, color));
    out.push_str(&paint(&format!(": {}", d.title), BOLD, color));
    out.push('\n');
    let file = d.file.as_deref().unwrap_or("");
    let (Some(span), Some((text, index))) = (d.span, source) else {
        if !file.is_empty() {
            out.push_str(&format!("  {} {file}\n", paint("-->", ACCENT, color)));
        }
        push_message(&mut out, "", &d.message, color);
        push_notes(&mut out, "", &d.notes);
        return out;
    };
    let start = index.line_col(text, span.start as usize);
    let end = index.line_col(text, span.end as usize);
    let line_no = start.line.to_string();
    let gutter = " ".repeat(line_no.len());
    out.push_str(&format!(
        "{gutter}{} {file}:{}:{}\n",
        paint("-->", ACCENT, color),
        start.line,
        start.column
    ));
    let bar = paint("|", ACCENT, color);
    match index.line_text(text, start.line) {
        Some(line) => {
            let line = line.replace('\t', " ");
            out.push_str(&format!("{gutter} {bar}\n"));
            out.push_str(&format!(
                "{} {bar} {line}\n",
                paint(&line_no, ACCENT, color)
            ));
            let width = if end.line == start.line && end.column > start.column {
                (end.column - start.column) as usize
            } else {
                1
            };
            let pad = " ".repeat(start.column.saturating_sub(1) as usize);
            let carets = paint(&"^".repeat(width), ERROR, color);
            let mut lines = d.message.lines();
            let first = lines.next().unwrap_or("");
            out.push_str(&format!(
                "{gutter} {bar} {pad}{carets} {}\n",
                paint(first, ERROR, color)
            ));
            for rest in lines {
                out.push_str(&format!(
                    "{gutter} {bar} {pad}{}\n",
                    paint(rest, ERROR, color)
                ));
            }
            out.push_str(&format!("{gutter} {bar}\n"));
        }
        None => push_message(&mut out, &gutter, &d.message, color),
    }
    push_notes(&mut out, &gutter, &d.notes);
    out
}

fn push_message(out: &mut String, gutter: &str, message: &str, color: bool) {
    for line in message.lines() {
        out.push_str(&format!("{gutter}  {}\n", paint(line, ERROR, color)));
    }
}

fn push_notes(out: &mut String, gutter: &str, notes: &[String]) {
    for note in notes {
        for line in note.lines() {
            out.push_str(&format!("{gutter}  {line}\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ast::Span;

    fn at(span: Span) -> Diagnostic {
        Diagnostic::new(Kind::Input, "parse error", "expecting a value")
            .in_file("api.hurl")
            .at(span)
    }

    #[test]
    fn renders_plain_with_carets_under_the_span() {
        let source = "GET http://x\nheader == xx\n";
        let out = render(&at(Span::new(22, 24)), Some(source), false);
        assert_eq!(
            out,
            "error: parse error\n --> api.hurl:2:10\n  |\n2 | header == xx\n  |          ^^ expecting a value\n  |\n"
        );
    }

    #[test]
    fn columns_count_characters() {
        let source = "GET http://é/\nheader == xx\n";
        let out = render(&at(Span::new(24, 26)), Some(source), false);
        assert!(out.contains("api.hurl:2:10"), "{out}");
    }

    #[test]
    fn renders_without_source_or_position() {
        let d = Diagnostic::new(Kind::Input, "input error", "No such file").in_file("gone.hurl");
        let out = render(&d, None, false);
        assert_eq!(out, "error: input error\n  --> gone.hurl\n  No such file\n");
    }

    #[test]
    fn a_span_past_the_end_renders_at_the_last_line() {
        let d = at(Span::new(500, 500));
        let out = render(&d, Some("GET http://x\n"), false);
        assert!(out.contains("api.hurl:2:1"), "{out}");
    }

    #[test]
    fn colour_is_only_added_on_request() {
        let d = at(Span::new(0, 1));
        assert!(!render(&d, Some("x"), false).contains('\x1b'));
        assert!(render(&d, Some("x"), true).contains('\x1b'));
    }
}
