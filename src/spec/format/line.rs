//! The canonical text of each kind of line, from the tree and the source text of its values.

use crate::spec::ast::{
    Assert, Capture, FileParam, Predicate, PredicateFunc, PredicateValueKind, Response, Span,
    Status, Version,
};
use crate::spec::options::{lookup_option, EntryOption, OptionSetting, ValueKind};

/// The source text of `span`.
pub(super) fn slice(source: &str, span: Span) -> &str {
    source.get(span.range()).unwrap_or("")
}

/// `key: value`, or `key:` for an empty value.
pub(super) fn key_value(key: &str, value: &str) -> String {
    if value.is_empty() {
        format!("{key}:")
    } else {
        format!("{key}: {value}")
    }
}

/// `name: file,path; type; filename=name`.
pub(super) fn file_param(source: &str, param: &FileParam) -> String {
    let mut value = format!("file,{};", slice(source, param.path.span));
    let mut extras = Vec::new();
    if let Some(content_type) = &param.content_type {
        extras.push(content_type.clone());
    }
    if let Some(name) = &param.filename {
        extras.push(format!("filename={}", slice(source, name.span)));
    }
    if !extras.is_empty() {
        value.push(' ');
        value.push_str(&extras.join("; "));
    }
    key_value(slice(source, param.key.span), &value)
}

/// `name: value`, the value as written, except that a duration given as a bare number
/// gets its unit (`ms`, the default of `[Options]`) and `variable: name = value` loses the
/// spaces around `=`.
pub(super) fn option(source: &str, option: &EntryOption) -> String {
    let value = after_colon(&source[option.name.span.end as usize..option.span.end as usize]);
    let kind = lookup_option(&option.name.value).map(|(_, kind)| kind);
    let value = match (&option.setting, kind) {
        (OptionSetting::Variable(definition), _) => {
            let rest = &source[definition.name.span.end as usize..option.span.end as usize];
            let rest = rest.trim_start_matches([' ', '\t']);
            let rest = rest.strip_prefix('=').unwrap_or(rest);
            format!(
                "{}={}",
                definition.name.value,
                rest.trim_matches([' ', '\t'])
            )
        }
        (_, Some(ValueKind::DurationMs)) if value.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{value}ms")
        }
        _ => value.to_string(),
    };
    key_value(&option.name.value, &value)
}

/// The text after `:` (and the spaces around it), without trailing spaces.
fn after_colon(text: &str) -> &str {
    let text = text.trim_start_matches([' ', '\t']);
    text.strip_prefix(':')
        .unwrap_or(text)
        .trim_matches([' ', '\t'])
}

/// `base64,…;` or `hex,…;` without the spaces after the comma and before the `;` (the
/// spaces inside, line breaks included, are kept).
pub(super) fn bytes_literal(written: &str) -> String {
    let Some((kind, rest)) = written.split_once(',') else {
        return written.to_string();
    };
    let content = rest.strip_suffix(';').unwrap_or(rest);
    format!("{kind},{};", content.trim_matches([' ', '\t']))
}

/// `HTTP/1.1 200`, `HTTP *`.
pub(super) fn status_line(response: &Response) -> String {
    let version = match response.version.value {
        Version::Http10 => "HTTP/1.0",
        Version::Http11 => "HTTP/1.1",
        Version::Http2 => "HTTP/2",
        Version::Http3 => "HTTP/3",
        Version::Any => "HTTP",
    };
    match response.status.value {
        Status::Code(code) => format!("{version} {code}"),
        Status::Any => format!("{version} *"),
    }
}

/// `name: query filters… [redact]`.
pub(super) fn capture(source: &str, capture: &Capture) -> String {
    let mut out = format!("{}: ", slice(source, capture.name.span));
    out.push_str(&tokens(slice(source, capture.query.span)));
    for filter in &capture.filters {
        out.push(' ');
        out.push_str(&tokens(slice(source, filter.span)));
    }
    if capture.redact {
        out.push_str(" redact");
    }
    out
}

/// `query filters… predicate`.
pub(super) fn assert(source: &str, assert: &Assert) -> String {
    let mut out = tokens(slice(source, assert.query.span));
    for filter in &assert.filters {
        out.push(' ');
        out.push_str(&tokens(slice(source, filter.span)));
    }
    out.push(' ');
    out.push_str(&predicate(source, &assert.predicate));
    out
}

/// `[not] function [value]`, with the operators' symbols; the value as written.
fn predicate(source: &str, predicate: &Predicate) -> String {
    use PredicateFunc as F;
    let (name, value) = match &predicate.func {
        F::Equal(v) => ("==", Some(v)),
        F::NotEqual(v) => ("!=", Some(v)),
        F::Greater(v) => (">", Some(v)),
        F::GreaterOrEqual(v) => (">=", Some(v)),
        F::Less(v) => ("<", Some(v)),
        F::LessOrEqual(v) => ("<=", Some(v)),
        F::StartWith(v) => ("startsWith", Some(v)),
        F::EndWith(v) => ("endsWith", Some(v)),
        F::Contain(v) => ("contains", Some(v)),
        F::Include(v) => ("includes", Some(v)),
        F::Match(v) => ("matches", Some(v)),
        F::MatchesSchema(v) => ("matchesSchema", Some(v)),
        F::Exist => ("exists", None),
        F::IsBoolean => ("isBoolean", None),
        F::IsCollection => ("isCollection", None),
        F::IsDate => ("isDate", None),
        F::IsEmpty => ("isEmpty", None),
        F::IsFloat => ("isFloat", None),
        F::IsInteger => ("isInteger", None),
        F::IsIpv4 => ("isIpv4", None),
        F::IsIpv6 => ("isIpv6", None),
        F::IsIsoDate => ("isIsoDate", None),
        F::IsList => ("isList", None),
        F::IsNumber => ("isNumber", None),
        F::IsObject => ("isObject", None),
        F::IsString => ("isString", None),
        F::IsUuid => ("isUuid", None),
    };
    let mut out = String::new();
    if predicate.not {
        out.push_str("not ");
    }
    out.push_str(name);
    if let Some(value) = value {
        out.push(' ');
        match &value.kind {
            PredicateValueKind::File(name) => {
                out.push_str(&format!("file,{};", slice(source, name.span)));
            }
            PredicateValueKind::Base64(_) | PredicateValueKind::Hex(_) => {
                out.push_str(&bytes_literal(slice(source, value.span)));
            }
            _ => out.push_str(slice(source, value.span)),
        }
    }
    out
}

/// A query or a filter (`header "X"`, `nth 0`, `replace /a b/ "c"`) with its words one
/// space apart: a word is a `"…"` string, a `/…/` regex, a `{{…}}` template or a run of
/// other characters.
pub(super) fn tokens(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' || bytes[i] == b'\t' {
            i += 1;
            continue;
        }
        let end = match bytes[i] {
            b'"' => skip_quoted(bytes, i),
            b'/' => skip_regex(bytes, i),
            b'{' if bytes.get(i + 1) == Some(&b'{') => skip_template(bytes, i),
            _ => {
                let n = bytes[i..]
                    .iter()
                    .position(|b| *b == b' ' || *b == b'\t')
                    .unwrap_or(bytes.len() - i);
                i + n
            }
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[i..end]);
        i = end;
    }
    out
}

/// The end of the `"…"` string at `i` (templates inside may hold strings of their own).
fn skip_quoted(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'{' if bytes.get(i + 1) == Some(&b'{') => i = skip_template(bytes, i),
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The end of the `/…/` regex at `i`.
fn skip_regex(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'/' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The end of the `{{…}}` template at `i`; its function arguments may be strings, which
/// hold no template (the parser refuses one there), so this nests one level at most.
fn skip_template(bytes: &[u8], mut i: usize) -> usize {
    i += 2;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // A string argument: to its closing quote.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => return i + 2,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_one_space_apart() {
        let cases = [
            ("nth    0", "nth 0"),
            ("header\t\"X  Y\"", "header \"X  Y\""),
            (
                "replace   /a b\\/ /   \"c  d\"",
                "replace /a b\\/ / \"c  d\"",
            ),
            ("jsonpath  \"$['a b']\"", "jsonpath \"$['a b']\""),
            ("nth   {{ i }}", "nth {{ i }}"),
            (
                "header  \"{{getEnv \"A B\"}} x\"",
                "header \"{{getEnv \"A B\"}} x\"",
            ),
            ("regex \"a\\\" b\"", "regex \"a\\\" b\""),
            ("count", "count"),
        ];
        for (input, want) in cases {
            assert_eq!(tokens(input), want, "{input}");
        }
    }
}
