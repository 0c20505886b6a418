//! The one error renderer: every parse, runtime and assertion error the program prints goes
//! through [`render`], so they all look alike:
//!
//! ```text
//! error: parse error
//!   --> api.hurl:4:18
//!    |
//!  4 | header "toto" == xx
//!    |                  ^^ expecting a value: …
//!    |
//! ```

use anstyle::{AnsiColor, Style};

use crate::spec::ast::Pos;

/// Something to report about a place in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Short title after `error:`.
    pub title: String,
    /// The file, as the user named it.
    pub file: String,
    /// Where it starts, when there is a place.
    pub pos: Option<Pos>,
    /// Where it ends (same line gives a caret run; otherwise one caret).
    pub end: Option<Pos>,
    /// The explanation shown under the carets.
    pub message: String,
    /// Extra lines after the source excerpt (expected/actual, diffs).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with a title, a place and a message.
    pub fn new(
        title: impl Into<String>,
        file: impl Into<String>,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            title: title.into(),
            file: file.into(),
            pos,
            end: None,
            message: message.into(),
            notes: Vec::new(),
        }
    }
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const ACCENT: Style = AnsiColor::Blue.on_default().bold();
const BOLD: Style = Style::new().bold();

fn paint(s: &str, style: Style, color: bool) -> String {
    if color {
        format!("{}{s}{}", style.render(), style.render_reset())
    } else {
        s.to_string()
    }
}

/// Renders a diagnostic; `source` is the file's text when it could be read.
pub fn render(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let mut out = String::new();
    out.push_str(&paint("error", ERROR, color));
    out.push_str(&paint(&format!(": {}", d.title), BOLD, color));
    out.push('\n');
    let Some(pos) = d.pos else {
        out.push_str(&format!("  {} {}\n", paint("-->", ACCENT, color), d.file));
        push_message(&mut out, "", &d.message, color);
        push_notes(&mut out, "", &d.notes);
        return out;
    };
    let line_no = pos.line.to_string();
    let gutter = " ".repeat(line_no.len());
    out.push_str(&format!(
        "{gutter}{} {}:{}:{}\n",
        paint("-->", ACCENT, color),
        d.file,
        pos.line,
        pos.column
    ));
    // Line 0 is no line: show no source rather than panic.
    let line = (pos.line as usize)
        .checked_sub(1)
        .and_then(|n| source.and_then(|s| s.split('\n').nth(n)));
    let bar = paint("|", ACCENT, color);
    match line {
        Some(line) => {
            let line = line.trim_end_matches('\r').replace('\t', " ");
            out.push_str(&format!("{gutter} {bar}\n"));
            out.push_str(&format!(
                "{} {bar} {line}\n",
                paint(&line_no, ACCENT, color)
            ));
            let width = match d.end {
                Some(end) if end.line == pos.line && end.column > pos.column => {
                    (end.column - pos.column) as usize
                }
                _ => 1,
            };
            let pad = " ".repeat(pos.column.saturating_sub(1) as usize);
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

    #[test]
    fn renders_plain_with_carets_under_the_span() {
        let mut d = Diagnostic::new(
            "parse error",
            "api.hurl",
            Some(Pos::at(2, 10)),
            "expecting a value",
        );
        d.end = Some(Pos::at(2, 12));
        let out = render(&d, Some("GET http://x\nheader == xx\n"), false);
        assert_eq!(
            out,
            "error: parse error\n --> api.hurl:2:10\n  |\n2 | header == xx\n  |          ^^ expecting a value\n  |\n"
        );
    }

    #[test]
    fn renders_without_source_or_position() {
        let d = Diagnostic::new("input error", "gone.hurl", None, "No such file");
        let out = render(&d, None, false);
        assert_eq!(out, "error: input error\n  --> gone.hurl\n  No such file\n");
    }

    #[test]
    fn a_position_on_line_zero_renders_without_source() {
        let d = Diagnostic::new("runtime error", "a.hurl", Some(Pos::default()), "boom");
        let out = render(&d, Some("GET http://x\n"), false);
        assert!(out.contains("a.hurl:0:0") && out.contains("boom"), "{out}");
        assert!(!out.contains("GET"), "{out}");
    }

    #[test]
    fn colour_is_only_added_on_request() {
        let d = Diagnostic::new("parse error", "a.hurl", Some(Pos::at(1, 1)), "bad");
        assert!(!render(&d, Some("x"), false).contains('\x1b'));
        assert!(render(&d, Some("x"), true).contains('\x1b'));
    }
}
