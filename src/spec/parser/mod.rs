//! The spec-file parser: `nom` over `&str` with `nom_locate` spans.
//!
//! One function per grammar rule. A rule that does not apply returns a recoverable error
//! (`nom::Err::Error`, no message, nothing allocated) so that its caller may try another; once
//! a rule has seen enough to know what the text means it commits, and any later mistake is a
//! `nom::Err::Failure` with a message placed on the character that is wrong.

mod body;
mod columns;
mod connection;
mod entry;
mod json;
mod option;
mod predicate;
mod primitives;
mod query;
mod section;

#[cfg(test)]
mod fuzz_regressions;
#[cfg(test)]
mod tests;

use nom::Input as _;
use nom_locate::LocatedSpan;

use super::ast::{Pos, Span, SpecFile};
use super::error::SyntaxError;

/// Parser input: the source with its location.
pub(crate) type In<'a> = LocatedSpan<&'a str>;

/// Result of a grammar rule.
pub(crate) type PResult<'a, T> = nom::IResult<In<'a>, T, PError<'a>>;

/// A parse error: where it happened and, for committed errors, what was expected.
#[derive(Debug)]
pub(crate) struct PError<'a> {
    input: In<'a>,
    message: Option<String>,
}

impl<'a> nom::error::ParseError<In<'a>> for PError<'a> {
    fn from_error_kind(input: In<'a>, _kind: nom::error::ErrorKind) -> Self {
        PError {
            input,
            message: None,
        }
    }

    fn append(_input: In<'a>, _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// Parses a whole spec file.
pub fn parse_spec(source: &str) -> Result<SpecFile, SyntaxError> {
    columns::with_table(source, || parse_spec_here(source))
}

fn parse_spec_here(source: &str) -> Result<SpecFile, SyntaxError> {
    let input = In::new(source);
    match entry::spec_file(input) {
        Ok((_, file)) => Ok(file),
        Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => Err(SyntaxError {
            pos: pos(&e.input),
            message: e.message.unwrap_or_else(|| "unexpected text".to_string()),
        }),
        Err(nom::Err::Incomplete(_)) => Err(SyntaxError {
            pos: pos(&input),
            message: "unexpected end of file".to_string(),
        }),
    }
}

/// The position of the input's first character.
#[inline]
pub(crate) fn pos(i: &In) -> Pos {
    Pos {
        line: i.location_line(),
        column: columns::column(i),
    }
}

/// The span from `start` up to (not including) `end`.
#[inline]
pub(crate) fn span(start: &In, end: &In) -> Span {
    match columns::same_line_columns(start, end) {
        Some((first, last)) => Span {
            start: Pos {
                line: start.location_line(),
                column: first,
            },
            end: Pos {
                line: end.location_line(),
                column: last,
            },
        },
        None => span_apart(start, end),
    }
}

/// [`span`] across lines or on non-ASCII text: each end's column on its own.
#[cold]
#[inline(never)]
fn span_apart(start: &In, end: &In) -> Span {
    Span {
        start: pos(start),
        end: pos(end),
    }
}

/// A committed error at `i`.
#[inline]
pub(crate) fn fail<'a, T>(i: In<'a>, message: impl Into<String>) -> PResult<'a, T> {
    Err(nom::Err::Failure(PError {
        input: i,
        message: Some(message.into()),
    }))
}

/// A recoverable error at `i`: this rule does not apply here.
#[inline]
pub(crate) fn backtrack<T>(i: In) -> PResult<T> {
    Err(nom::Err::Error(PError {
        input: i,
        message: None,
    }))
}

/// The input after its first `n` bytes.
#[inline]
pub(crate) fn advance(i: In, n: usize) -> In {
    // Most advances are a few bytes on one line: checked here, that costs less than the
    // line count `take_from` makes.
    if n <= 32 && !i.fragment().as_bytes()[..n].contains(&b'\n') {
        return advance_inline(i, n);
    }
    i.take_from(n)
}

/// The input after its first `n` bytes, which hold no line break: the line is unchanged, so
/// nothing needs counting (most advances stay on one line; this keeps them cheap).
#[inline]
pub(crate) fn advance_inline(i: In, n: usize) -> In {
    let frag = *i.fragment();
    debug_assert!(!frag.as_bytes()[..n].contains(&b'\n'));
    // SAFETY: the new span is a sub-slice of the same source text, `n` bytes further on the
    // same line, which is what nom_locate requires of offset, line and fragment.
    unsafe { In::new_from_raw_offset(i.location_offset() + n, i.location_line(), &frag[n..], ()) }
}

/// The input after `n` bytes that end with the only line break among them: the start of
/// the next line, without counting.
#[inline]
pub(crate) fn next_line(i: In, n: usize) -> In {
    let frag = *i.fragment();
    debug_assert!(frag.as_bytes()[..n].iter().filter(|b| **b == b'\n').count() == 1);
    debug_assert!(frag.as_bytes()[n - 1] == b'\n');
    // SAFETY: a sub-slice of the same source text, starting the line after this one.
    unsafe {
        In::new_from_raw_offset(
            i.location_offset() + n,
            i.location_line() + 1,
            &frag[n..],
            (),
        )
    }
}

/// Splits off the longest prefix of bytes matching `pred`, which must reject `\n` and accept
/// only ASCII: (the rest, the prefix).
#[inline]
pub(crate) fn scan<'a>(i: In<'a>, pred: impl Fn(u8) -> bool) -> (In<'a>, &'a str) {
    let frag = *i.fragment();
    let n = frag.bytes().take_while(|b| pred(*b)).count();
    (advance_inline(i, n), &frag[..n])
}

/// The input `idx` bytes after `base`, counted on from `near`: a point of the same input at
/// or after `base`, normally at or before the target. Advancing counts the line breaks it
/// passes, so a loop that keeps `near` at its last stop stays linear on long text.
#[inline]
pub(crate) fn advance_near<'a>(base: In<'a>, near: In<'a>, idx: usize) -> In<'a> {
    match idx.checked_sub(near.location_offset() - base.location_offset()) {
        Some(n) => advance(near, n),
        None => advance(base, idx),
    }
}

/// The next character, if any.
#[inline]
pub(crate) fn peek(i: &In) -> Option<char> {
    i.fragment().chars().next()
}

/// True when the input starts with `s`.
#[inline]
pub(crate) fn starts(i: &In, s: &str) -> bool {
    i.fragment().starts_with(s)
}

/// Consumes `s` when the input starts with it.
#[inline]
pub(crate) fn eat<'a>(i: In<'a>, s: &str) -> Option<In<'a>> {
    debug_assert!(!s.contains('\n'));
    starts(&i, s).then(|| advance_inline(i, s.len()))
}

/// A committed error at `i`, for rules that return something other than [`PResult`].
pub(crate) fn error_at<'a>(i: In<'a>, message: impl Into<String>) -> nom::Err<PError<'a>> {
    nom::Err::Failure(PError {
        input: i,
        message: Some(message.into()),
    })
}

/// Runs a rule and turns "does not apply" into `None`, keeping committed errors.
pub(crate) type Optional<'a, T> = Result<Option<(In<'a>, T)>, nom::Err<PError<'a>>>;

/// Runs a rule; "does not apply" becomes `Ok(None)`, committed errors stay errors.
#[inline]
pub(crate) fn optional<'a, T>(
    i: In<'a>,
    rule: impl FnOnce(In<'a>) -> PResult<'a, T>,
) -> Optional<'a, T> {
    match rule(i) {
        Ok(r) => Ok(Some(r)),
        Err(nom::Err::Error(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Parses a text holding `{{…}}` expressions (a value from `sortie.yaml`): everything outside
/// the braces is literal, with no escapes (the YAML layer already decoded them). Positions
/// are relative to the text: line 1, column 1 is its first character.
pub fn parse_template(text: &str) -> Result<super::ast::Template, SyntaxError> {
    columns::with_table(text, || parse_template_here(text))
}

fn parse_template_here(text: &str) -> Result<super::ast::Template, SyntaxError> {
    use super::ast::{Template, TemplatePart};
    let input = In::new(text);
    let mut parts = Vec::new();
    let mut rest = input;
    loop {
        let fragment = *rest.fragment();
        let Some(at) = fragment.find("{{") else {
            if !fragment.is_empty() {
                parts.push(TemplatePart::Literal(fragment.to_string()));
            }
            break;
        };
        if at > 0 {
            parts.push(TemplatePart::Literal(fragment[..at].to_string()));
        }
        match primitives::template_expr(advance(rest, at)) {
            Ok((after, expr)) => {
                parts.push(TemplatePart::Expr(Box::new(expr)));
                rest = after;
            }
            Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => {
                return Err(SyntaxError {
                    pos: pos(&e.input),
                    message: e.message.unwrap_or_else(|| "invalid template".to_string()),
                })
            }
            Err(nom::Err::Incomplete(_)) => {
                return Err(SyntaxError {
                    pos: pos(&rest),
                    message: "unexpected end of text".to_string(),
                })
            }
        }
    }
    Ok(Template {
        parts: parts.into(),
        span: span(&input, &rest),
    })
}
