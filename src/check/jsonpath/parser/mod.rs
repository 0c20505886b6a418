//! Parses an expression into a [`Query`], accepting exactly what Hurl 8.0.1 accepts.
//!
//! The grammar is RFC 9535's, with Hurl's particulars: a filter may be written `?(…)` (the
//! parentheses are a grouping), blank space is allowed before a segment but not around the
//! whole expression, and a few ill-formed filters Hurl lets through (`?-@.a==1`) or rejects
//! (`?( @.a==1)`) are let through or rejected here too.

mod filter;
mod literal;
mod reader;

pub(super) use filter::whole_match;

use super::ast::{Origin, Query, Segment, Selector};
use super::error::{JsonPathError, JsonPathErrorKind};
use reader::Reader;

/// Parses a whole expression: `$` then segments, nothing after.
pub(super) fn parse(text: &str) -> Result<Query, JsonPathError> {
    let mut r = Reader::new(text);
    r.expect("$", "'$'")?;
    let segments = segments(&mut r)?;
    if !r.is_eof() {
        return Err(r.error_here(JsonPathErrorKind::Expecting("end of expression")));
    }
    Ok(Query {
        origin: Origin::Root,
        segments,
    })
}

/// Zero or more segments, each possibly preceded by blank space.
fn segments(r: &mut Reader) -> Result<Vec<Segment>, JsonPathError> {
    let mut segments = Vec::new();
    loop {
        let save = r.pos();
        r.skip_blank();
        if r.eat("..") {
            segments.push(Segment::Descendant(descendant_selectors(r)?));
        } else if let Some(selectors) = bracketed(r)? {
            segments.push(Segment::Child(selectors));
        } else if r.eat(".") {
            let at = r.pos();
            let selector = if r.eat("*") {
                Selector::Wildcard
            } else if let Some(name) = member_name(r) {
                Selector::Name(name)
            } else {
                let kind = JsonPathErrorKind::Expecting("a wildcard or a member name");
                return Err(r.error_at(at, kind));
            };
            segments.push(Segment::Child(vec![selector]));
        } else {
            r.seek(save);
            return Ok(segments);
        }
    }
}

/// What follows `..`: a bracketed selection, `*` or a member name.
fn descendant_selectors(r: &mut Reader) -> Result<Vec<Selector>, JsonPathError> {
    let at = r.pos();
    if let Some(selectors) = bracketed(r)? {
        Ok(selectors)
    } else if r.eat("*") {
        Ok(vec![Selector::Wildcard])
    } else if let Some(name) = member_name(r) {
        Ok(vec![Selector::Name(name)])
    } else {
        let kind =
            JsonPathErrorKind::Expecting("a bracketed selection, a wildcard or a member name");
        Err(r.error_at(at, kind))
    }
}

/// `[selector, …]`, or `None` when the text does not start with `[`.
fn bracketed(r: &mut Reader) -> Result<Option<Vec<Selector>>, JsonPathError> {
    if !r.eat("[") {
        return Ok(None);
    }
    r.skip_blank();
    let mut selectors = vec![selector(r)?];
    loop {
        r.skip_blank();
        if !r.eat(",") {
            break;
        }
        r.skip_blank();
        selectors.push(selector(r)?);
    }
    r.skip_blank();
    r.expect("]", "']'")?;
    Ok(Some(selectors))
}

fn selector(r: &mut Reader) -> Result<Selector, JsonPathError> {
    let at = r.pos();
    if let Some(name) = literal::string(r)? {
        Ok(Selector::Name(name))
    } else if r.eat("*") {
        Ok(Selector::Wildcard)
    } else if let Some(slice) = slice(r)? {
        Ok(slice)
    } else if let Some(index) = literal::integer(r)? {
        Ok(Selector::Index(index))
    } else if r.eat("?") {
        r.skip_blank();
        r.enter()?;
        let expr = filter::logical_or(r)?;
        r.leave();
        Ok(Selector::Filter(expr))
    } else {
        Err(r.error_at(at, JsonPathErrorKind::Expecting("a selector")))
    }
}

/// `start:end:step`, each part optional; `None` (position restored) without a first `:`.
fn slice(r: &mut Reader) -> Result<Option<Selector>, JsonPathError> {
    let save = r.pos();
    let start = literal::integer(r)?;
    if start.is_some() {
        r.skip_blank();
    }
    if !r.eat(":") {
        r.seek(save);
        return Ok(None);
    }
    r.skip_blank();
    let end = literal::integer(r)?;
    if end.is_some() {
        r.skip_blank();
    }
    let step = if r.eat(":") {
        r.skip_blank();
        literal::integer(r)?.unwrap_or(1)
    } else {
        1
    };
    Ok(Some(Selector::Slice { start, end, step }))
}

/// A member name as written after `.`: a letter, `_` or non-ASCII character, then also
/// digits. `None`, position unchanged, when there is none.
fn member_name(r: &mut Reader) -> Option<String> {
    let first = r.peek().filter(|&c| is_name_first(c))?;
    r.read();
    let mut name = String::from(first);
    while let Some(c) = r.peek().filter(|&c| is_name_first(c) || c.is_ascii_digit()) {
        r.read();
        name.push(c);
    }
    Some(name)
}

fn is_name_first(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}
