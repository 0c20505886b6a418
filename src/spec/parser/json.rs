//! JSON values with templates: bodies, and object/array predicate values.

use super::primitives::{describe, template_expr, TemplateBuilder};
use super::{advance, backtrack, eat, fail, peek, span, starts, In, PResult};
use crate::spec::ast::{JsonValue, Template};

/// JSON whitespace: space, tab, newline, carriage return.
fn ws(i: In) -> In {
    let n = i
        .fragment()
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    advance(i, n)
}

/// True when a JSON value may start here (used to detect bodies).
pub(crate) fn starts_json(i: &In) -> bool {
    matches!(peek(i), Some('{' | '[' | '"' | '-' | '0'..='9'))
        || ["true", "false", "null"].iter().any(|w| starts(i, w))
}

/// How deep arrays and objects may nest. Deeper input is a syntax error rather than a stack
/// overflow (the parser and the tree's drop both recurse once per level).
pub(crate) const MAX_JSON_DEPTH: usize = 128;

/// A JSON value. Does not apply (recoverable) when nothing JSON-like starts here.
pub(crate) fn json_value(i: In) -> PResult<JsonValue> {
    value(i, 0)
}

/// A JSON value inside `depth` arrays or objects.
fn value(i: In, depth: usize) -> PResult<JsonValue> {
    if starts(&i, "{{") {
        let (rest, e) = template_expr(i)?;
        return Ok((rest, JsonValue::Expr(Box::new(e))));
    }
    match peek(&i) {
        Some('{') => object(i, depth + 1),
        Some('[') => array(i, depth + 1),
        Some('"') => {
            let (rest, s) = string(i)?;
            Ok((rest, JsonValue::String(s)))
        }
        Some('-' | '0'..='9') => number(i),
        _ => {
            for (word, value) in [
                ("true", JsonValue::Bool(true)),
                ("false", JsonValue::Bool(false)),
                ("null", JsonValue::Null),
            ] {
                if let Some(rest) = eat(i, word) {
                    return Ok((rest, value));
                }
            }
            backtrack(i)
        }
    }
}

/// A value where one is required. `before` is where the whitespace before it started, so that
/// a value missing at the end of the file is reported right after the last character.
fn required_value<'a>(before: In<'a>, depth: usize) -> PResult<'a, JsonValue> {
    let i = ws(before);
    match value(i, depth) {
        Err(nom::Err::Error(_)) => {
            if i.fragment().is_empty() {
                fail(before, "expecting a JSON value, found the end of the file")
            } else {
                fail(i, format!("expecting a JSON value, found {}", describe(&i)))
            }
        }
        other => other,
    }
}

fn object(i: In, depth: usize) -> PResult<JsonValue> {
    too_deep(i, depth)?;
    let mut rest = advance(i, 1);
    let mut members = Vec::new();
    let after_open = ws(rest);
    if let Some(after) = eat(after_open, "}") {
        return Ok((after, JsonValue::Object(members)));
    }
    loop {
        let key_at = ws(rest);
        let (after_key, key) = match string(key_at) {
            Ok(r) => r,
            Err(nom::Err::Error(_)) => {
                return if key_at.fragment().is_empty() {
                    fail(rest, "expecting a key, found the end of the file")
                } else {
                    fail(
                        key_at,
                        format!(
                            "expecting a key in double quotes, found {}",
                            describe(&key_at)
                        ),
                    )
                }
            }
            Err(e) => return Err(e),
        };
        let colon_at = ws(after_key);
        let Some(after_colon) = eat(colon_at, ":") else {
            return fail(
                colon_at,
                format!("expecting ':' after the key, found {}", describe(&colon_at)),
            );
        };
        let (after_value, value) = required_value(after_colon, depth)?;
        members.push((key, value));
        let sep = ws(after_value);
        if let Some(after) = eat(sep, "}") {
            return Ok((after, JsonValue::Object(members)));
        }
        if let Some(after_comma) = eat(sep, ",") {
            if starts(&ws(after_comma), "}") {
                return fail(sep, "trailing comma: a JSON object cannot end with ','");
            }
            rest = after_comma;
            continue;
        }
        if sep.fragment().is_empty() {
            return fail(
                after_value,
                "expecting ',' or '}', found the end of the file",
            );
        }
        return fail(
            sep,
            format!("expecting ',' or '}}', found {}", describe(&sep)),
        );
    }
}

/// Fails at `i` when an array or object opened there would be nested too deep.
fn too_deep(i: In, depth: usize) -> PResult<()> {
    if depth > MAX_JSON_DEPTH {
        return fail(
            i,
            format!("JSON nested too deep: at most {MAX_JSON_DEPTH} levels of arrays and objects"),
        );
    }
    Ok((i, ()))
}

fn array(i: In, depth: usize) -> PResult<JsonValue> {
    too_deep(i, depth)?;
    let mut rest = advance(i, 1);
    let mut items = Vec::new();
    if let Some(after) = eat(ws(rest), "]") {
        return Ok((after, JsonValue::Array(items)));
    }
    loop {
        let (after_value, value) = required_value(rest, depth)?;
        items.push(value);
        let sep = ws(after_value);
        if let Some(after) = eat(sep, "]") {
            return Ok((after, JsonValue::Array(items)));
        }
        if let Some(after_comma) = eat(sep, ",") {
            if starts(&ws(after_comma), "]") {
                return fail(sep, "trailing comma: a JSON array cannot end with ','");
            }
            rest = after_comma;
            continue;
        }
        if sep.fragment().is_empty() {
            return fail(
                after_value,
                "expecting ',' or ']', found the end of the file",
            );
        }
        return fail(
            sep,
            format!("expecting ',' or ']', found {}", describe(&sep)),
        );
    }
}

fn number(i: In) -> PResult<JsonValue> {
    let s = i.fragment().as_bytes();
    let mut n = 0;
    if s.first() == Some(&b'-') {
        n += 1;
    }
    let int_start = n;
    while s.get(n).is_some_and(u8::is_ascii_digit) {
        n += 1;
    }
    if n == int_start {
        return fail(advance(i, n), "expecting a digit");
    }
    if s[int_start] == b'0' && n > int_start + 1 {
        return fail(
            advance(i, int_start + 1),
            "a JSON number cannot start with 0 followed by digits",
        );
    }
    if s.get(n) == Some(&b'.') {
        n += 1;
        let frac = n;
        while s.get(n).is_some_and(u8::is_ascii_digit) {
            n += 1;
        }
        if n == frac {
            return fail(advance(i, n), "expecting a digit after the decimal point");
        }
    }
    if matches!(s.get(n), Some(b'e' | b'E')) {
        n += 1;
        if matches!(s.get(n), Some(b'+' | b'-')) {
            n += 1;
        }
        let exp = n;
        while s.get(n).is_some_and(u8::is_ascii_digit) {
            n += 1;
        }
        if n == exp {
            return fail(advance(i, n), "expecting a digit in the exponent");
        }
    }
    Ok((
        advance(i, n),
        JsonValue::Number(i.fragment()[..n].to_string()),
    ))
}

/// A JSON string: JSON escapes (`\uXXXX` with surrogate pairs) and templates.
pub(crate) fn string(i: In) -> PResult<Template> {
    let Some(inner) = eat(i, "\"") else {
        return backtrack(i);
    };
    let s = inner.fragment();
    let mut b = TemplateBuilder::default();
    let mut run = 0;
    let mut idx = 0;
    while idx < s.len() {
        let c = s[idx..].chars().next().unwrap_or('\0');
        match c {
            '"' => {
                b.push_str(&s[run..idx]);
                let after = advance(inner, idx + 1);
                return Ok((after, b.finish(span(&i, &after))));
            }
            '\\' => {
                b.push_str(&s[run..idx]);
                let (after, decoded) = escape(advance(inner, idx + 1))?;
                b.push_char(decoded);
                idx = after.offset() - inner.offset();
                run = idx;
            }
            '{' if s[idx..].starts_with("{{") => {
                b.push_str(&s[run..idx]);
                let (after, e) = template_expr(advance(inner, idx))?;
                b.push_expr(e);
                idx = after.offset() - inner.offset();
                run = idx;
            }
            '\n' | '\r' => break,
            c if (c as u32) < 0x20 => {
                return fail(
                    advance(inner, idx),
                    "control characters must be escaped in JSON strings",
                )
            }
            _ => idx += c.len_utf8(),
        }
    }
    fail(i, "this JSON string has no closing '\"' on its line")
}

/// After a backslash.
fn escape(i: In) -> PResult<char> {
    let decoded =
        match peek(&i) {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => return unicode(advance(i, 1)),
            _ => return fail(
                i,
                "invalid escape in a JSON string; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX",
            ),
        };
    Ok((advance(i, 1), decoded))
}

/// Four hex digits after `\u`, with a low surrogate after a high one.
fn unicode(i: In) -> PResult<char> {
    let (rest, high) = hex4(i)?;
    if (0xD800..0xDC00).contains(&high) {
        let Some(second) = eat(rest, "\\u") else {
            return fail(
                rest,
                "expecting a low surrogate \\uDC00-\\uDFFF after a high surrogate",
            );
        };
        let (after, low) = hex4(second)?;
        if !(0xDC00..0xE000).contains(&low) {
            return fail(
                second,
                "expecting a low surrogate \\uDC00-\\uDFFF after a high surrogate",
            );
        }
        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        return match char::from_u32(code) {
            Some(c) => Ok((after, c)),
            None => fail(i, "invalid Unicode escape"),
        };
    }
    match char::from_u32(high) {
        Some(c) => Ok((rest, c)),
        None => fail(i, "a lone low surrogate is not a character"),
    }
}

fn hex4(i: In) -> PResult<u32> {
    let s = i.fragment().as_bytes();
    for n in 0..4 {
        if !s.get(n).is_some_and(u8::is_ascii_hexdigit) {
            return fail(advance(i, n), "expecting 4 hexadecimal digits after \\u");
        }
    }
    let value = u32::from_str_radix(&i.fragment()[..4], 16).unwrap_or(0);
    Ok((advance(i, 4), value))
}
