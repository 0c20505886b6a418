//! Rules shared by every part of the grammar: spaces, line ends, comments, strings with
//! templates, numbers and regex literals.

use super::{advance, backtrack, eat, fail, peek, scan, span, starts, In, PResult};
use crate::spec::ast::{Expr, ExprKind, Literal, Number, Spanned, Template, TemplatePart};

/// Zero or more spaces or tabs.
#[inline]
pub(crate) fn sp0(i: In) -> In {
    scan(i, |b| b == b' ' || b == b'\t').0
}

/// One or more spaces or tabs.
#[inline]
pub(crate) fn sp1(i: In) -> PResult<()> {
    let rest = sp0(i);
    if rest.offset() == i.offset() {
        backtrack(i)
    } else {
        Ok((rest, ()))
    }
}

/// `# …` up to the end of the line. (Line ends read comments byte by byte, in `line_rest`.)
#[cfg(test)]
pub(crate) fn comment(i: In<'_>) -> PResult<'_, &str> {
    if !starts(&i, "#") {
        return backtrack(i);
    }
    let n = i
        .fragment()
        .find(['\n', '\r'])
        .unwrap_or(i.fragment().len());
    Ok((advance(i, n), i.take(n)))
}

/// A line terminator: spaces, an optional comment, then a newline or the end of input.
#[inline]
pub(crate) fn lt(i: In) -> PResult<()> {
    // Most line ends are a line break alone.
    if i.fragment().as_bytes().first() == Some(&b'\n') {
        return Ok((advance(i, 1), ()));
    }
    match line_rest(i.fragment().as_bytes()) {
        Some((n, true)) => Ok((advance(i, n), ())),
        Some((n, false)) => Ok((advance(i, n), ())),
        None => backtrack(sp0(i)),
    }
}

/// For a line terminator at the start of `bytes`: its length and whether it ends with a
/// line break (else it ends the input). `None` when something else stands on the line.
#[inline]
fn line_rest(bytes: &[u8]) -> Option<(usize, bool)> {
    let mut n = bytes
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(bytes.len());
    if bytes.get(n) == Some(&b'#') {
        // Comments are short: a plain loop costs less than a `memchr` call.
        n += bytes[n..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(bytes.len() - n);
    }
    match &bytes[n..] {
        [] => Some((n, false)),
        [b'\n', ..] => Some((n + 1, true)),
        [b'\r', b'\n', ..] => Some((n + 2, true)),
        _ => None,
    }
}

/// Skips blank and comment-only lines.
#[inline]
pub(crate) fn lts(i: In) -> In {
    // Most calls stand on a line with something on it.
    match i.fragment().as_bytes().first() {
        None | Some(b' ' | b'\t' | b'#' | b'\n' | b'\r') => lts_loop(i),
        _ => i,
    }
}

fn lts_loop(mut i: In) -> In {
    loop {
        match line_rest(i.fragment().as_bytes()) {
            Some((n, true)) => i = advance(i, n),
            // Spaces or a comment that end the input.
            Some((n, false)) => return advance(i, n),
            None => return i,
        }
    }
}

/// The end of a line that must end here.
#[inline]
pub(crate) fn line_end(i: In) -> PResult<()> {
    // Most lines end with a line break alone.
    if i.fragment().as_bytes().first() == Some(&b'\n') {
        return Ok((advance(i, 1), ()));
    }
    line_end_rest(i)
}

fn line_end_rest(i: In) -> PResult<()> {
    match lt(i) {
        Ok(r) => Ok(r),
        Err(_) => {
            let at = sp0(i);
            fail(
                at,
                format!("expecting the end of the line, found {}", describe(&at)),
            )
        }
    }
}

/// A short description of what stands at the input, for messages.
pub(crate) fn describe(i: &In) -> String {
    match peek(i) {
        None => "the end of the file".to_string(),
        Some('\n') | Some('\r') => "the end of the line".to_string(),
        Some(c) => format!("'{c}'"),
    }
}

/// How a run of text ends and which escapes it knows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    /// A header, query or form key: letters, digits and `_-.[]@$`.
    Key,
    /// The rest of a line, up to a comment.
    Value,
    /// Inside `"…"`.
    Quoted,
    /// Inside `` `…` ``.
    Backtick,
    /// A file name, up to `;` or a space.
    Filename,
}

impl TextKind {
    fn stops(self, c: char) -> bool {
        match self {
            TextKind::Key => {
                !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '@' | '$'))
            }
            TextKind::Value => c == '#' || c == '\n' || c == '\r',
            TextKind::Quoted => c == '"' || c == '\n' || c == '\r',
            TextKind::Backtick => c == '`' || c == '\n' || c == '\r',
            TextKind::Filename => c == ';' || c == '#' || c.is_whitespace(),
        }
    }

    /// True for a byte that is certainly plain text here: not an escape, not a template
    /// start, not a stop. Non-ASCII bytes are plain only where no Unicode character stops.
    const fn plain_byte(self, b: u8) -> bool {
        if b >= 0x80 {
            return matches!(
                self,
                TextKind::Value | TextKind::Quoted | TextKind::Backtick
            );
        }
        match b {
            b'\\' | b'{' | b'\n' | b'\r' => false,
            _ => match self {
                TextKind::Key => {
                    b.is_ascii_alphanumeric()
                        || matches!(b, b'_' | b'-' | b'.' | b'[' | b']' | b'@' | b'$')
                }
                TextKind::Value => b != b'#',
                TextKind::Quoted => b != b'"',
                TextKind::Backtick => b != b'`',
                TextKind::Filename => !matches!(b, b';' | b'#' | b' ' | b'\t' | 0x0b | 0x0c),
            },
        }
    }

    /// This kind's bit in [`PLAIN`].
    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// For each byte, one bit per [`TextKind`] (`1 << kind`): set where the byte is plain text
/// of that kind (see `plain_byte`). A table lookup per byte, where the `match` cost several
/// branches a byte.
static PLAIN: [u8; 256] = {
    const KINDS: [TextKind; 5] = [
        TextKind::Key,
        TextKind::Value,
        TextKind::Quoted,
        TextKind::Backtick,
        TextKind::Filename,
    ];
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let mut k = 0;
        while k < KINDS.len() {
            if KINDS[k].plain_byte(b as u8) {
                table[b] |= 1 << KINDS[k] as u8;
            }
            k += 1;
        }
        b += 1;
    }
    table
};

impl TextKind {
    /// The character `\c` stands for, as Hurl 8 reads it; `None` when it is not an escape
    /// of this kind of text (`\u{…}` is read apart).
    fn escape(self, c: char) -> Option<char> {
        let common = match c {
            '\\' => Some('\\'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        common.or(match (self, c) {
            (TextKind::Key, ':' | '#' | '/') => Some(c),
            (TextKind::Value | TextKind::Quoted | TextKind::Backtick, '#' | '"' | '`' | '/') => {
                Some(c)
            }
            (TextKind::Filename, ';' | ' ' | '#' | '{' | '}') => Some(c),
            _ => None,
        })
    }

    fn escapes_list(self) -> &'static str {
        match self {
            TextKind::Key => "\\\\ \\: \\# \\/ \\n \\t \\r \\b \\f \\u{…}",
            TextKind::Value | TextKind::Quoted | TextKind::Backtick => {
                "\\\\ \\# \\\" \\` \\/ \\n \\t \\r \\b \\f \\u{…}"
            }
            TextKind::Filename => "\\\\ \\; \\# \\  \\{ \\} \\n \\t \\r \\b \\f \\u{…}",
        }
    }
}

/// Accumulates literal text and expressions into a [`Template`].
#[derive(Default)]
pub(crate) struct TemplateBuilder {
    parts: crate::spec::ast::TemplateParts,
    text: String,
}

impl TemplateBuilder {
    pub(crate) fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    pub(crate) fn push_char(&mut self, c: char) {
        self.text.push(c);
    }

    pub(crate) fn push_expr(&mut self, e: Expr) {
        if !self.text.is_empty() {
            self.parts
                .push(TemplatePart::Literal(std::mem::take(&mut self.text).into()));
        }
        self.parts.push(TemplatePart::Expr(Box::new(e)));
    }

    /// Removes the last `n` bytes of the pending literal: trailing spaces written as such.
    /// (Not trimmed by character: `\t` or `\u{20}` at the end of a value are kept.)
    pub(crate) fn drop_end(&mut self, n: usize) {
        self.text.truncate(self.text.len().saturating_sub(n));
    }

    pub(crate) fn finish(mut self, span: crate::spec::ast::Span) -> Template {
        if self.parts.is_empty() {
            // The common case: one literal, allocated at its exact size.
            let parts = if self.text.is_empty() {
                crate::spec::ast::TemplateParts::new()
            } else {
                smallvec::smallvec![TemplatePart::Literal(self.text.into())]
            };
            return Template { parts, span };
        }
        if !self.text.is_empty() {
            self.parts.push(TemplatePart::Literal(self.text.into()));
        }
        self.parts.shrink_to_fit();
        Template {
            parts: self.parts,
            span,
        }
    }
}

/// Text with templates and escapes, up to the first character that ends `kind`.
pub(crate) fn text(i: In, kind: TextKind) -> PResult<Template> {
    if let Some((rest, literal)) = plain_text(i, kind) {
        let end = trimmed_end(i, rest, kind);
        let kept = &literal[..end.offset() - i.offset()];
        return Ok((rest, Template::literal(kept, span(&i, &end))));
    }
    let (rest, builder) = text_builder(i, kind)?;
    let mut builder = builder;
    // The span ends after the last character kept.
    let end = trimmed_end(i, rest, kind);
    if kind == TextKind::Value {
        // The spaces dropped are raw text, so they are all in the pending literal.
        builder.drop_end(rest.offset() - end.offset());
    }
    Ok((rest, builder.finish(span(&i, &end))))
}

fn trimmed_end<'a>(start: In<'a>, rest: In<'a>, kind: TextKind) -> In<'a> {
    if kind != TextKind::Value {
        return rest;
    }
    let consumed = start.up_to(&rest);
    advance(start, consumed.trim_end_matches([' ', '\t']).len())
}

/// The length of the run of plain bytes of `kind` at the start of `bytes`.
#[inline]
fn plain_len(bytes: &[u8], kind: TextKind) -> usize {
    let bit = kind.bit();
    bytes
        .iter()
        .position(|&b| PLAIN[b as usize] & bit == 0)
        .unwrap_or(bytes.len())
}

/// Text of `kind` with no escape and no template (the common case): (the rest, the text).
/// `None` when one may stand in it, for [`text_builder`] to read.
#[inline]
fn plain_text(i: In<'_>, kind: TextKind) -> Option<(In<'_>, &str)> {
    let s = i.fragment();
    let n = plain_len(s.as_bytes(), kind);
    match s.as_bytes().get(n) {
        // An ASCII byte that is not plain is a stop, unless it starts an escape or a
        // template (a lone `{` is plain text where it does not stop).
        Some(&b) if b >= 0x80 || b == b'\\' || b == b'{' => None,
        // Every kind of text stops at a line break, so the line is unchanged.
        _ => Some((advance(i, n), &s[..n])),
    }
}

pub(crate) fn text_builder(i: In, kind: TextKind) -> PResult<TemplateBuilder> {
    let s = i.fragment();
    let mut b = TemplateBuilder::default();
    let mut run = 0;
    let mut idx = 0;
    let bytes = s.as_bytes();
    while idx < bytes.len() {
        // Fast run over bytes that are plain text for this kind.
        idx += plain_len(&bytes[idx..], kind);
        if idx == bytes.len() {
            break;
        }
        let c = if bytes[idx] < 0x80 {
            bytes[idx] as char
        } else {
            s[idx..].chars().next().unwrap_or('\0')
        };
        if c == '\\' {
            b.push_str(&s[run..idx]);
            let (after, decoded) = escape(advance(i, idx), kind)?;
            b.push_char(decoded);
            idx = after.offset() - i.offset();
            run = idx;
        } else if c == '{' && s[idx..].starts_with("{{") {
            b.push_str(&s[run..idx]);
            let (after, e) = template_expr(advance(i, idx))?;
            b.push_expr(e);
            idx = after.offset() - i.offset();
            run = idx;
        } else if kind.stops(c) {
            break;
        } else {
            idx += c.len_utf8();
        }
    }
    b.push_str(&s[run..idx]);
    // Every kind of text stops at a line break, so the line is unchanged.
    Ok((advance(i, idx), b))
}

/// `\x` at the input (which starts with the backslash): the decoded character.
fn escape(i: In, kind: TextKind) -> PResult<char> {
    let at = advance(i, 1);
    match peek(&at) {
        Some('u') => unicode_escape(advance(at, 1)),
        Some(c) => match kind.escape(c) {
            Some(decoded) => Ok((advance(at, c.len_utf8()), decoded)),
            None => fail(
                at,
                format!(
                    "invalid escape sequence '\\{c}'; the escapes here are {}",
                    kind.escapes_list()
                ),
            ),
        },
        None => fail(at, "expecting an escaped character after '\\'"),
    }
}

/// `{XXXX}` after `\u`.
fn unicode_escape(i: In) -> PResult<char> {
    let Some(inner) = eat(i, "{") else {
        return fail(i, "expecting '{' after '\\u', as in \\u{00e9}");
    };
    let (rest, hex) = super::scan_chars(inner, |c: char| c.is_ascii_hexdigit());
    if hex.is_empty() || hex.len() > 6 {
        return fail(
            inner,
            "expecting 1 to 6 hexadecimal digits, as in \\u{00e9}",
        );
    }
    let Some(after) = eat(rest, "}") else {
        return fail(rest, "expecting '}' to close the \\u{…} escape");
    };
    match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
        Some(c) => Ok((after, c)),
        None => fail(inner, format!("'{}' is not a Unicode scalar value", hex)),
    }
}

/// A key: letters, digits, `_-.[]@$`, escapes and templates. Empty is not a key.
#[inline]
pub(crate) fn key_string(i: In) -> PResult<Template> {
    let (rest, t) = text(i, TextKind::Key)?;
    if t.parts.is_empty() {
        return backtrack(i);
    }
    Ok((rest, t))
}

/// A key then spaces and `:`: (the rest after the colon, the key). Does not apply unless
/// both stand here. A plain key (no escape, no template: the common case) is read once and
/// built only when the colon follows, so the lines that end a list of `key: value` lines
/// (`[Asserts]`, `HTTP 200`) are passed over without building anything.
pub(crate) fn key_then_colon(i: In) -> PResult<Template> {
    let (after_key, key) = match plain_text(i, TextKind::Key) {
        Some((_, "")) => return backtrack(i),
        Some((rest, key)) => {
            let Some(after_colon) = eat(sp0(rest), ":") else {
                return backtrack(i);
            };
            return Ok((after_colon, Template::literal(key, span(&i, &rest))));
        }
        None => key_string(i)?,
    };
    let Some(after_colon) = eat(sp0(after_key), ":") else {
        return backtrack(i);
    };
    Ok((after_colon, key))
}

/// The rest of the line as a template, trailing spaces removed.
#[inline]
pub(crate) fn value_string(i: In) -> PResult<Template> {
    text(i, TextKind::Value)
}

/// `"…"` with templates and escapes.
pub(crate) fn quoted_string(i: In) -> PResult<Template> {
    let Some(inner) = eat(i, "\"") else {
        return backtrack(i);
    };
    if let Some((rest, literal)) = plain_text(inner, TextKind::Quoted) {
        if let Some(after) = eat(rest, "\"") {
            return Ok((after, Template::literal(literal, span(&i, &after))));
        }
    }
    let (rest, b) = text_builder(inner, TextKind::Quoted)?;
    let Some(after) = eat(rest, "\"") else {
        return fail(rest, "expecting '\"' to close the string");
    };
    Ok((after, b.finish(span(&i, &after))))
}

/// A quoted string where one is required, with a message naming what it is for.
pub(crate) fn required_quoted<'a>(i: In<'a>, what: &str) -> PResult<'a, Template> {
    match quoted_string(i) {
        Err(nom::Err::Error(_)) => fail(i, format!("expecting {what} as a quoted string \"…\"")),
        other => other,
    }
}

/// `` `…` `` on one line.
pub(crate) fn backtick_string(i: In) -> PResult<Template> {
    let Some(inner) = eat(i, "`") else {
        return backtrack(i);
    };
    let (rest, b) = text_builder(inner, TextKind::Backtick)?;
    let Some(after) = eat(rest, "`") else {
        return fail(rest, "expecting '`' to close the string");
    };
    Ok((after, b.finish(span(&i, &after))))
}

/// Names of built-in template functions; they cannot be used as variable names.
pub(crate) const FUNCTIONS: &[&str] = &[
    "newUuid",
    "newDate",
    "getEnv",
    "randomBool",
    "randomEmail",
    "randomFirstName",
    "randomFullName",
    "randomInt",
    "randomLastName",
    "randomString",
    "randomWord",
];

/// A variable name: letters, digits, `_` and `-`.
pub(crate) fn identifier(i: In<'_>) -> PResult<'_, &str> {
    // ASCII names (the common case) byte by byte; otherwise by characters.
    let bytes = i.fragment().as_bytes();
    let n = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(bytes.len());
    if bytes.get(n).is_none_or(|&b| b < 0x80) {
        if n == 0 {
            return backtrack(i);
        }
        return Ok((advance(i, n), i.take(n)));
    }
    let (rest, name) = super::scan_chars(i, |c: char| c.is_alphanumeric() || c == '_' || c == '-');
    if name.is_empty() {
        return backtrack(i);
    }
    Ok((rest, name))
}

/// `{{ name }}` or `{{ function args… }}`.
pub(crate) fn template_expr(i: In) -> PResult<Expr> {
    let Some(inner) = eat(i, "{{") else {
        return backtrack(i);
    };
    let start = sp0(inner);
    let (mut rest, name) = match identifier(start) {
        Ok(r) => r,
        Err(_) => {
            return fail(
                start,
                "expecting a variable name or a function such as newUuid inside {{…}}",
            )
        }
    };
    let name_str = name.to_string();
    let kind = if FUNCTIONS.contains(&name) {
        let mut args = Vec::new();
        while let Ok((after_sp, ())) = sp1(rest) {
            if let Err(nom::Err::Failure(e)) = integer(after_sp) {
                return Err(nom::Err::Failure(e));
            }
            if let Ok((after, n)) = integer(after_sp) {
                args.push(Literal::Integer(n));
                rest = after;
            } else if quoted_holds_template(&after_sp) {
                // Checked before parsing the string: a template there would be parsed by a
                // nested call, and `{{f "{{f "…` could nest deep enough to overflow the stack.
                return fail(after_sp, "a function argument cannot hold a template");
            } else if starts(&after_sp, "\"") {
                // A bad escape in the string is reported where it stands.
                let (after, s) = quoted_string(after_sp)?;
                let Some(s) = s.as_literal() else {
                    return fail(after_sp, "a function argument cannot hold a template");
                };
                args.push(Literal::String(s));
                rest = after;
            } else {
                break;
            }
        }
        ExprKind::Function {
            name: name_str,
            args,
        }
    } else {
        ExprKind::Variable(name_str)
    };
    let expr_span = span(&start, &rest);
    let before_close = sp0(rest);
    let Some(after) = eat(before_close, "}}") else {
        return fail(
            before_close,
            format!(
                "expecting '}}}}' to close the template, found {}",
                describe(&before_close)
            ),
        );
    };
    Ok((
        after,
        Expr {
            kind,
            span: expr_span,
        },
    ))
}

/// True when a `"…"` string starts at `i` and holds `{{` before it ends.
fn quoted_holds_template(i: &In) -> bool {
    let Some(inner) = i.fragment().strip_prefix('"') else {
        return false;
    };
    let mut chars = inner.chars();
    let mut brace = false;
    while let Some(c) = chars.next() {
        match c {
            '"' | '\n' | '\r' => return false,
            '{' if brace => return true,
            '{' => brace = true,
            '\\' => {
                chars.next();
                brace = false;
            }
            _ => brace = false,
        }
    }
    false
}

/// An integer: `-?[0-9]+`, within i64.
pub(crate) fn integer(i: In) -> PResult<i64> {
    let digits_start = eat(i, "-").unwrap_or(i);
    let (rest, digits) = scan(digits_start, |b| b.is_ascii_digit());
    if digits.is_empty() {
        return backtrack(i);
    }
    let text = i.up_to(&rest);
    match text.parse::<i64>() {
        Ok(n) => Ok((rest, n)),
        Err(_) => fail(i, format!("{text} does not fit in a 64-bit integer")),
    }
}

/// A number: integer, big integer or float (`1.5`, `-2e10`).
pub(crate) fn number(i: In) -> PResult<Number> {
    let digits_start = eat(i, "-").unwrap_or(i);
    let (mut rest, digits) = scan(digits_start, |b| b.is_ascii_digit());
    if digits.is_empty() {
        return backtrack(i);
    }
    let mut float = false;
    if let Some(frac) = eat(rest, ".") {
        let (after, d) = scan(frac, |b| b.is_ascii_digit());
        if d.is_empty() {
            return fail(frac, "expecting digits after the decimal point");
        }
        rest = after;
        float = true;
    }
    if let Some(exp) = eat(rest, "e").or_else(|| eat(rest, "E")) {
        let exp = eat(exp, "+").or_else(|| eat(exp, "-")).unwrap_or(exp);
        let (after, d) = scan(exp, |b| b.is_ascii_digit());
        if d.is_empty() {
            return fail(exp, "expecting digits in the exponent");
        }
        rest = after;
        float = true;
    }
    let text = i.up_to(&rest);
    let n = if float {
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Number::Float(f, text.to_string()),
            _ => return fail(i, format!("{text} is not a finite number")),
        }
    } else {
        match text.parse::<i64>() {
            Ok(n) => Number::Integer(n),
            Err(_) => Number::BigInteger(text.to_string()),
        }
    };
    Ok((rest, n))
}

/// `/pattern/` with `\/` for a slash; other escapes are kept for the regex engine.
pub(crate) fn regex_literal(i: In) -> PResult<Spanned<String>> {
    let Some(inner) = eat(i, "/") else {
        return backtrack(i);
    };
    let s = inner.fragment();
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((idx, c)) = chars.next() {
        match c {
            '/' => {
                let after = advance(inner, idx + 1);
                return Ok((
                    after,
                    Spanned {
                        value: out,
                        span: span(&i, &after),
                    },
                ));
            }
            '\\' => match chars.next() {
                Some((_, '/')) => out.push('/'),
                Some((_, '\n')) | None => break,
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
            },
            '\n' | '\r' => break,
            _ => out.push(c),
        }
    }
    fail(i, "this regex has no closing '/' on its line")
}

/// A file name up to `;` (escapes `\;`, `\ `), for `file,…;` and option values.
pub(crate) fn filename(i: In) -> PResult<Template> {
    let (rest, t) = text(i, TextKind::Filename)?;
    if t.parts.is_empty() {
        return fail(i, "expecting a file name");
    }
    Ok((rest, t))
}

/// A keyword followed by something that cannot continue a word.
#[inline]
pub(crate) fn keyword<'a>(i: In<'a>, word: &str) -> Option<In<'a>> {
    let rest = eat(i, word)?;
    match peek(&rest) {
        Some(c) if c.is_alphanumeric() || c == '_' || c == '-' => None,
        _ => Some(rest),
    }
}
