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
            let width = if end.line == start.line && end.column > start.column {
                (end.column - start.column) as usize
            } else {
                1
            };
            let (line, caret_at, width) =
                window(&line, start.column.saturating_sub(1) as usize, width);
            out.push_str(&format!("{gutter} {bar}\n"));
            out.push_str(&format!(
                "{} {bar} {line}\n",
                paint(&line_no, ACCENT, color)
            ));
            let pad = " ".repeat(caret_at);
            let carets = paint(&"^".repeat(width), ERROR, color);
            let mut lines = d.message.lines();
            let first = lines.next().unwrap_or("");
            out.push_str(&format!(
                "{gutter} {bar} {pad}{carets} {}\n",
                paint(&cut(first), ERROR, color)
            ));
            for rest in lines {
                out.push_str(&format!(
                    "{gutter} {bar} {pad}{}\n",
                    paint(&cut(rest), ERROR, color)
                ));
            }
            out.push_str(&format!("{gutter} {bar}\n"));
        }
        None => push_message(&mut out, &gutter, &d.message, color),
    }
    push_notes(&mut out, &gutter, &d.notes);
    out
}

/// Characters of a source line shown around the caret; a longer line is cut.
const SHOWN_LINE: usize = 160;
/// Characters of a message line shown; the rest is counted, not printed.
const SHOWN_MESSAGE: usize = 1000;

/// The part of `line` shown around the span at char `at` of `width` chars: the line as it is
/// when short, else a window with `…` on the cut sides. Gives the text, where the span starts
/// in it, and the span's width in it.
fn window(line: &str, at: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= SHOWN_LINE {
        return (line.to_string(), at, width);
    }
    let from = at.saturating_sub(SHOWN_LINE / 2).min(chars.len());
    let to = (from + SHOWN_LINE).min(chars.len());
    let mut text = String::new();
    if from > 0 {
        text.push('…');
    }
    text.extend(&chars[from..to]);
    if to < chars.len() {
        text.push('…');
    }
    let caret_at = at - from + usize::from(from > 0);
    let width = width.min(to.saturating_sub(at)).max(1);
    (text, caret_at, width)
}

/// A message line, cut when very long.
fn cut(line: &str) -> String {
    let count = line.chars().count();
    if count <= SHOWN_MESSAGE {
        return line.to_string();
    }
    let kept: String = line.chars().take(SHOWN_MESSAGE).collect();
    format!("{kept}… ({} more characters)", count - SHOWN_MESSAGE)
}

fn push_message(out: &mut String, gutter: &str, message: &str, color: bool) {
    for line in message.lines() {
        out.push_str(&format!("{gutter}  {}\n", paint(&cut(line), ERROR, color)));
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
    fn long_lines_and_messages_are_cut_around_the_caret() {
        let source = format!("GET http://x/{}?q=\n", "a".repeat(200_000));
        let at_q = source.find("?q").unwrap();
        let d = Diagnostic::new(
            Kind::Input,
            "parse error",
            format!("bad {}", "m".repeat(5000)),
        )
        .in_file("long.hurl")
        .at(Span::new(at_q, at_q + 2));
        let out = render(&d, Some(&source), false);
        assert!(out.len() < 2000, "{} bytes", out.len());
        assert!(out.contains("…aaaa"), "{out}");
        assert!(out.contains("?q"), "{out}");
        assert!(out.contains("(4004 more characters)"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let text = lines.iter().find(|l| l.contains("?q")).unwrap();
        let carets = lines.iter().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            text.chars().position(|c| c == '?'),
            carets.chars().position(|c| c == '^')
        );
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
