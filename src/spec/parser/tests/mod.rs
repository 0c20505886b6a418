//! Table-driven tests for every grammar rule of the spec parser.
//!
//! Each rule has a table of `(input, expected)` rows. A row expects either the parsed value
//! and the text left after it, or an error: where it stands (line, column), whether the rule
//! committed (`Failure`) or only found that it does not apply (`Error`), and a word of the
//! message. Values are compared by shape, spans left out, so that rows stay one line each;
//! spans are checked by their own rows where they matter.

// The tables keep one row per line, wider than rustfmt would leave them.
#[rustfmt::skip]
mod body;
#[rustfmt::skip]
mod connection;
#[rustfmt::skip]
mod file;
#[rustfmt::skip]
mod json;
#[rustfmt::skip]
mod option;
#[rustfmt::skip]
mod predicate;
#[rustfmt::skip]
mod primitives;
#[rustfmt::skip]
mod query;
#[rustfmt::skip]
mod section;

use std::fmt::Debug;

use super::{In, PResult};
use crate::spec::ast::{Expr, ExprKind, Literal, Span, Template, TemplatePart};
use crate::spec::parser::primitives::FUNCTIONS;

/// An error as a row expects it.
#[derive(Debug)]
pub(super) struct Expected {
    committed: bool,
    line: u32,
    column: u32,
    word: &'static str,
}

/// What a row expects: the value and the text left, or an error.
pub(super) type Want<T> = Result<(T, &'static str), Expected>;

/// The rule parses `value` and leaves `rest`.
pub(super) fn ok<T>(value: T, rest: &'static str) -> Want<T> {
    Ok((value, rest))
}

/// The rule commits to an error at `line:column` whose message holds `word`.
pub(super) fn fails<T>(line: u32, column: u32, word: &'static str) -> Want<T> {
    Err(Expected {
        committed: true,
        line,
        column,
        word,
    })
}

/// The rule does not apply: a recoverable error at `line:column`, without a message.
pub(super) fn skips<T>(line: u32, column: u32) -> Want<T> {
    Err(Expected {
        committed: false,
        line,
        column,
        word: "",
    })
}

/// An error as the rule gave it: committed, line, column, message.
pub(super) type Got = (bool, u32, u32, String);

/// Runs a rule over `src`: the value and the text left, or the error.
pub(super) fn run<T>(rule: impl Fn(In) -> PResult<T>, src: &str) -> Result<(T, String), Got> {
    let error = |committed: bool, e: super::PError| {
        let at = crate::spec::source::line_col(e.input.source(), e.input.offset());
        (committed, at.line, at.column, e.message.unwrap_or_default())
    };
    match rule(In::new(src)) {
        Ok((rest, value)) => Ok((value, rest.fragment().to_string())),
        Err(nom::Err::Error(e)) => Err(error(false, e)),
        Err(nom::Err::Failure(e)) => Err(error(true, e)),
        Err(nom::Err::Incomplete(_)) => panic!("{src:?}: the parser asked for more input"),
    }
}

/// Checks every row of a table against a rule.
pub(super) fn check<T: Debug>(rule: impl Fn(In) -> PResult<T>, rows: Vec<(&str, Want<T>)>) {
    for (src, want) in rows {
        let got = run(&rule, src);
        match (got, want) {
            (Ok((value, rest)), Ok((expected, expected_rest))) => {
                assert_eq!(shape(&value), shape(&expected), "value of {src:?}");
                assert_eq!(rest, expected_rest, "text left after {src:?}");
            }
            (Err((committed, line, column, message)), Err(e)) => {
                let got = (committed, line, column);
                assert_eq!(
                    got,
                    (e.committed, e.line, e.column),
                    "error of {src:?}: {message}"
                );
                if e.committed {
                    assert!(message.contains(e.word), "message of {src:?}: {message}");
                } else {
                    assert_eq!(message, "", "a recoverable error has no message ({src:?})");
                }
            }
            (got, want) => panic!("{src:?}:\n  got  {got:?}\n  want {want:?}"),
        }
    }
}

/// Runs a rule that must fail and gives its error.
pub(super) fn error_of<T: Debug>(rule: impl Fn(In) -> PResult<T>, src: &str) -> Got {
    match run(rule, src) {
        Ok(v) => panic!("{src:?} parsed: {v:?}"),
        Err(e) => e,
    }
}

/// The `Debug` text of a value with every `Span { … }` replaced by `Span`.
pub(crate) fn shape<T: Debug>(value: &T) -> String {
    let text = format!("{value:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    // "Spanned {" does not contain "Span {": only spans themselves are dropped.
    while let Some(at) = rest.find("Span {") {
        out.push_str(&rest[..at]);
        out.push_str("Span");
        let mut depth = 0;
        let mut end = rest.len();
        for (k, c) in rest[at..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A span of a one-line ASCII source as `(start line, start column, end line, end
/// column)`, as the rows write places.
pub(super) fn lc(span: Span) -> (u32, u32, u32, u32) {
    (1, span.start + 1, 1, span.end + 1)
}

/// A template from a notation: literal text and `{{…}}` expressions, as in a spec file (no
/// escapes: the text is taken as is).
pub(super) fn t(notation: &str) -> Template {
    let mut parts = Vec::new();
    let mut rest = notation;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            parts.push(TemplatePart::Literal(rest[..open].into()));
        }
        let close = open
            + rest[open..]
                .find("}}")
                .expect("a closed {{…}} in the notation");
        parts.push(TemplatePart::Expr(Box::new(ex(&rest[open + 2..close]))));
        rest = &rest[close + 2..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.into()));
    }
    Template {
        parts: parts.into(),
        span: Span::default(),
    }
}

/// An expression from the inside of `{{…}}`: a variable, or a function and its arguments
/// (integers or `"strings"` without spaces or escapes).
pub(super) fn ex(inside: &str) -> Expr {
    let mut words = inside.split_whitespace();
    let name = words.next().expect("a name in the notation").to_string();
    let kind = if FUNCTIONS.contains(&name.as_str()) {
        let args = words
            .map(|w| match w.strip_prefix('"') {
                Some(s) => Literal::String(s.trim_end_matches('"').to_string()),
                None => Literal::Integer(w.parse().expect("an integer argument")),
            })
            .collect();
        ExprKind::Function { name, args }
    } else {
        ExprKind::Variable(name)
    };
    Expr {
        kind,
        span: Span::default(),
    }
}

#[test]
fn shape_leaves_spans_out() {
    let a = t("a{{x}}");
    let mut b = t("a{{x}}");
    b.span.end = 9;
    assert_eq!(shape(&a), shape(&b));
    assert_ne!(shape(&a), shape(&t("a{{y}}")));
    assert!(!shape(&a).contains("start"), "{}", shape(&a));
}

/// A template of one literal text, taken as is (`{{` included).
pub(super) fn lit(text: &str) -> Template {
    Template::literal(text, Span::default())
}
