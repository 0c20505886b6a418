//! The spec-file parser: `nom` over the source with byte-offset positions ([`In`]).
//!
//! One function per grammar rule. A rule that does not apply returns a recoverable error
//! (`nom::Err::Error`, no message, nothing allocated) so that its caller may try another; once
//! a rule has seen enough to know what the text means it commits, and any later mistake is a
//! `nom::Err::Failure` with a message placed on the character that is wrong.

mod body;
mod connection;
mod entry;
mod input;
mod json;
mod option;
mod predicate;
mod primitives;
mod query;
mod section;

#[cfg(test)]
mod fuzz_regressions;
#[cfg(test)]
pub(crate) mod tests;

pub(crate) use input::In;

use super::ast::{ConnectionBlock, Entry, Span, SpecFile};
use super::error::SyntaxError;

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

/// The largest source the parser reads: spans are 32-bit byte offsets.
pub const MAX_SOURCE_LEN: usize = u32::MAX as usize;

/// Parses a whole spec file.
pub fn parse_spec(source: &str) -> Result<SpecFile, SyntaxError> {
    check_size(source)?;
    match entry::spec_file(In::new(source)) {
        Ok((_, file)) => Ok(file),
        Err(e) => Err(parse_failure(e)),
    }
}

/// Parses a spec file handing each entry to `on_entry` as soon as it is parsed, so that only
/// one entry's syntax tree is in memory at a time (`sortie check`); gives the connection
/// blocks. The same errors as [`parse_spec`], after the entries before them were handed on.
pub fn parse_spec_entries(
    source: &str,
    mut on_entry: impl FnMut(Entry),
) -> Result<Vec<ConnectionBlock>, SyntaxError> {
    check_size(source)?;
    match entry::spec_file_with(In::new(source), &mut on_entry) {
        Ok((_, connections)) => Ok(connections),
        Err(e) => Err(parse_failure(e)),
    }
}

fn check_size(source: &str) -> Result<(), SyntaxError> {
    if source.len() > MAX_SOURCE_LEN {
        return Err(SyntaxError {
            span: Span::default(),
            message: "the file is larger than 4 GiB".to_string(),
        });
    }
    Ok(())
}

fn parse_failure(e: nom::Err<PError>) -> SyntaxError {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => syntax_error(e),
        nom::Err::Incomplete(_) => SyntaxError {
            span: Span::default(),
            message: "unexpected end of file".to_string(),
        },
    }
}

fn syntax_error(e: PError) -> SyntaxError {
    let at = e.input.offset();
    SyntaxError {
        span: Span::new(at, at),
        message: e.message.unwrap_or_else(|| "unexpected text".to_string()),
    }
}

/// The span from `start` up to (not including) `end`.
#[inline]
pub(crate) fn span(start: &In, end: &In) -> Span {
    Span::new(start.offset(), end.offset())
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
    i.advance(n)
}

/// Splits off the longest prefix of bytes matching `pred`, which must accept only ASCII:
/// (the rest, the prefix).
#[inline]
pub(crate) fn scan<'a>(i: In<'a>, pred: impl Fn(u8) -> bool) -> (In<'a>, &'a str) {
    let frag = i.fragment();
    let n = frag.bytes().take_while(|b| pred(*b)).count();
    (i.advance(n), &frag[..n])
}

/// Splits off the longest prefix of characters matching `pred`: (the rest, the prefix).
#[inline]
pub(crate) fn scan_chars<'a>(i: In<'a>, pred: impl Fn(char) -> bool) -> (In<'a>, &'a str) {
    let frag = i.fragment();
    let n = frag.find(|c: char| !pred(c)).unwrap_or(frag.len());
    (i.advance(n), &frag[..n])
}

/// The 1-based line of `offset` in the input's source, for messages that name the line of
/// an earlier declaration.
pub(crate) fn line_of(i: &In, offset: u32) -> u32 {
    let before = &i.source().as_bytes()[..(offset as usize).min(i.source().len())];
    u32::try_from(memchr::memchr_iter(b'\n', before).count() + 1).unwrap_or(u32::MAX)
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
    starts(&i, s).then(|| i.advance(s.len()))
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
/// the braces is literal, with no escapes (the YAML layer already decoded them). Spans are
/// byte offsets in the text.
pub fn parse_template(text: &str) -> Result<super::ast::Template, SyntaxError> {
    use super::ast::{Template, TemplatePart};
    let input = In::new(text);
    let mut parts = Vec::new();
    let mut rest = input;
    loop {
        let fragment = rest.fragment();
        let Some(at) = fragment.find("{{") else {
            if !fragment.is_empty() {
                parts.push(TemplatePart::Literal(fragment.into()));
            }
            rest = rest.advance(fragment.len());
            break;
        };
        if at > 0 {
            parts.push(TemplatePart::Literal(fragment[..at].into()));
        }
        match primitives::template_expr(advance(rest, at)) {
            Ok((after, expr)) => {
                parts.push(TemplatePart::Expr(Box::new(expr)));
                rest = after;
            }
            Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => return Err(syntax_error(e)),
            Err(nom::Err::Incomplete(_)) => {
                return Err(SyntaxError {
                    span: span(&rest, &rest),
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
