//! Integers (indexes, slice bounds), number, string, boolean and null literals.

use super::super::ast::Literal;
use super::super::error::{JsonPathError, JsonPathErrorKind};
use super::reader::Reader;

/// The largest magnitude of an index or slice bound (I-JSON exact integers: 2⁵³-1).
const MAX_INTEGER: i64 = 9_007_199_254_740_991;

/// A literal (`null`, `true`, `false`, a number or a quoted string), or `None` when the text
/// does not start like one.
pub(super) fn literal(r: &mut Reader) -> Result<Option<Literal>, JsonPathError> {
    if r.eat("null") {
        Ok(Some(Literal::Null))
    } else if r.eat("true") {
        Ok(Some(Literal::Bool(true)))
    } else if r.eat("false") {
        Ok(Some(Literal::Bool(false)))
    } else if let Some(n) = number(r)? {
        Ok(Some(Literal::Number(n)))
    } else {
        Ok(string(r)?.map(Literal::String))
    }
}

/// An index, slice bound or step: an integer without leading zeros within ±(2⁵³-1).
pub(super) fn integer(r: &mut Reader) -> Result<Option<i64>, JsonPathError> {
    let start = r.pos();
    let Some((negative, digits)) = integer_text(r)? else {
        return Ok(None);
    };
    let magnitude: i64 = digits
        .parse()
        .map_err(|_| r.error_at(start, JsonPathErrorKind::IntegerOutOfRange))?;
    if magnitude > MAX_INTEGER {
        return Err(r.error_at(start, JsonPathErrorKind::IntegerOutOfRange));
    }
    Ok(Some(if negative { -magnitude } else { magnitude }))
}

/// The sign and digits of an integer: `0`, or an optional `-` and digits not starting with
/// `0`. A `-` not followed by such digits is an error (it leaves the position after them).
fn integer_text<'s>(r: &mut Reader<'s>) -> Result<Option<(bool, &'s str)>, JsonPathError> {
    if r.eat("0") {
        return Ok(Some((false, "0")));
    }
    let negative = r.eat("-");
    let at = r.pos();
    let digits = r.read_digits();
    if digits.is_empty() || digits.starts_with('0') {
        return if negative {
            Err(r.error_at(at, JsonPathErrorKind::Expecting("a non-zero digit")))
        } else {
            Ok(None)
        };
    }
    Ok(Some((negative, digits)))
}

/// A number literal: an integer, possibly with a fraction and an exponent.
fn number(r: &mut Reader) -> Result<Option<f64>, JsonPathError> {
    let save = r.pos();
    let (negative, digits) = if r.eat("-0") {
        (true, "0")
    } else if let Some(text) = integer_text(r)? {
        text
    } else {
        r.seek(save);
        return Ok(None);
    };
    // Digits always parse as f64 (huge integers round, as Hurl's `as_f64` rounds them).
    let magnitude: f64 = digits.parse().unwrap_or(f64::INFINITY);
    let fraction = fraction(r)?;
    let exponent = exponent(r)?;
    // Hurl 8.0.1 adds the fraction to the signed integer part, so `-1.5` is -0.5 there; the
    // sign applies to the whole number here (see the oracle's deviation rows).
    let mut value = magnitude + fraction.unwrap_or(0.0);
    if negative {
        value = -value;
    }
    if let Some(e) = exponent {
        // Scaled as Hurl scales it, so comparisons see the same f64.
        value *= 10f64.powi(e);
    }
    Ok(Some(value))
}

fn fraction(r: &mut Reader) -> Result<Option<f64>, JsonPathError> {
    if !r.eat(".") {
        return Ok(None);
    }
    let digits = r.read_digits();
    if digits.is_empty() {
        let kind = JsonPathErrorKind::Expecting("a digit after the decimal point");
        return Err(r.error_here(kind));
    }
    Ok(Some(format!("0.{digits}").parse().unwrap_or(0.0)))
}

fn exponent(r: &mut Reader) -> Result<Option<i32>, JsonPathError> {
    if !(r.eat("e") || r.eat("E")) {
        return Ok(None);
    }
    let at = r.pos();
    let negative = if r.eat("+") { false } else { r.eat("-") };
    let digits = r.read_digits();
    if digits.is_empty() {
        let kind = JsonPathErrorKind::Expecting("a digit in the exponent");
        return Err(r.error_here(kind));
    }
    let magnitude: i32 = digits
        .parse()
        .map_err(|_| r.error_at(at, JsonPathErrorKind::ExponentOutOfRange))?;
    Ok(Some(if negative { -magnitude } else { magnitude }))
}

/// A single- or double-quoted string, unescaped; `None` when the text does not start with a
/// quote.
pub(super) fn string(r: &mut Reader) -> Result<Option<String>, JsonPathError> {
    let quote = if r.eat("\"") {
        '"'
    } else if r.eat("'") {
        '\''
    } else {
        return Ok(None);
    };
    let mut out = String::new();
    while let Some(c) = r.peek() {
        let at = r.pos();
        if c == quote {
            r.read();
            return Ok(Some(out));
        } else if c == '\\' {
            r.read();
            out.push(escape(r, quote)?);
        } else if c == '"' || c == '\'' || is_unescaped(c) {
            // The other quote needs no escape.
            r.read();
            out.push(c);
        } else {
            return Err(r.error_at(at, JsonPathErrorKind::InvalidCharacter(c)));
        }
    }
    let what = if quote == '"' { "'\"'" } else { "\"'\"" };
    Err(r.error_here(JsonPathErrorKind::Expecting(what)))
}

/// RFC 9535 `unescaped`: anything but control characters, quotes and backslash.
fn is_unescaped(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{1F}' | '"' | '\'' | '\\')
}

/// The character of an escape sequence, the backslash already read.
fn escape(r: &mut Reader, quote: char) -> Result<char, JsonPathError> {
    let at = r.pos();
    let Some(c) = r.read() else {
        return Err(r.error_at(at, JsonPathErrorKind::Expecting("an escape character")));
    };
    match c {
        'b' => Ok('\u{8}'),
        'f' => Ok('\u{c}'),
        'n' => Ok('\n'),
        'r' => Ok('\r'),
        't' => Ok('\t'),
        '/' => Ok('/'),
        '\\' => Ok('\\'),
        'u' => unicode_escape(r),
        c if c == quote => Ok(c),
        c => Err(r.error_at(at, JsonPathErrorKind::InvalidEscape(c))),
    }
}

/// The character of `\uXXXX` (or of a `\uD8xx\uDCxx` surrogate pair), `\u` already read.
/// As in Hurl, a surrogate pair needs an uppercase `D` in both halves.
fn unicode_escape(r: &mut Reader) -> Result<char, JsonPathError> {
    if let Some(c) = non_surrogate(r)? {
        return Ok(c);
    }
    if let Some(c) = surrogate_pair(r)? {
        return Ok(c);
    }
    Err(r.error_here(JsonPathErrorKind::InvalidUnicodeEscape))
}

fn non_surrogate(r: &mut Reader) -> Result<Option<char>, JsonPathError> {
    let save = r.pos();
    let d1 = hex_digit(r)?;
    let d2 = hex_digit(r)?;
    if d1 == 0xD && d2 >= 8 {
        r.seek(save);
        return Ok(None);
    }
    let d3 = hex_digit(r)?;
    let d4 = hex_digit(r)?;
    let code = (d1 << 12) | (d2 << 8) | (d3 << 4) | d4;
    char::from_u32(code)
        .map(Some)
        .ok_or_else(|| r.error_at(save, JsonPathErrorKind::InvalidUnicodeEscape))
}

fn surrogate_pair(r: &mut Reader) -> Result<Option<char>, JsonPathError> {
    let start = r.pos();
    if !r.eat("D") {
        return Ok(None);
    }
    let d1 = hex_digit(r)?;
    if !(8..=0xB).contains(&d1) {
        return Ok(None);
    }
    let high = ((d1 - 8) << 8) | (hex_digit(r)? << 4) | hex_digit(r)?;
    r.expect("\\u", "'\\u' and a low surrogate")?;
    let low_at = r.pos();
    let not_low = |r: &Reader| r.error_at(low_at, JsonPathErrorKind::Expecting("a low surrogate"));
    if r.expect("D", "a low surrogate").is_err() {
        return Err(not_low(r));
    }
    let d1 = hex_digit(r)?;
    if d1 < 0xC {
        return Err(not_low(r));
    }
    let low = ((d1 - 0xC) << 8) | (hex_digit(r)? << 4) | hex_digit(r)?;
    char::from_u32(0x10000 + (high << 10) + low)
        .map(Some)
        .ok_or_else(|| r.error_at(start, JsonPathErrorKind::InvalidUnicodeEscape))
}

fn hex_digit(r: &mut Reader) -> Result<u32, JsonPathError> {
    let at = r.pos();
    r.read()
        .and_then(|c| c.to_digit(16))
        .ok_or_else(|| r.error_at(at, JsonPathErrorKind::Expecting("a hexadecimal digit")))
}
