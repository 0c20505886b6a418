//! Bodies: JSON, XML, multiline strings, one-line strings, `base64,`, `hex,` and `file,`.

use base64::Engine as _;

use super::json::{json_value, starts_json};
use super::primitives::{backtick_string, filename, line_end, sp0, TemplateBuilder};
use super::{advance, backtrack, eat, fail, span, starts, In, PResult};
use crate::spec::ast::{
    Body, BodyKind, Expr, JsonBody, JsonPiece, JsonValue, MultilineString, Template, TemplatePart,
};

/// A body, if one starts at the input (after blank lines were skipped).
pub(crate) fn body(i: In) -> PResult<Body> {
    let start = sp0(i);
    let (rest, kind) = body_kind(start)?;
    let body = Body {
        kind,
        span: span(&start, &rest),
    };
    let (rest, ()) = line_end(rest)?;
    Ok((rest, body))
}

fn body_kind(i: In) -> PResult<BodyKind> {
    if starts(&i, "```") {
        let (rest, m) = multiline(i)?;
        return Ok((rest, BodyKind::Multiline(Box::new(m))));
    }
    if starts(&i, "`") {
        let (rest, t) = backtick_string(i)?;
        return Ok((rest, BodyKind::Oneline(t)));
    }
    if starts(&i, "<") {
        let (rest, x) = xml(i)?;
        return Ok((rest, BodyKind::Xml(x)));
    }
    if let Some(r) = bytes_literal(i)? {
        return Ok(r);
    }
    // `[C` cannot start JSON: a misplaced `[Connection …]` block, reported by the file rule.
    if starts(&i, "[Connection") {
        return backtrack(i);
    }
    if starts_json(&i) || starts(&i, "{{") {
        let (rest, value) = json_value(i)?;
        let pieces = json_pieces(i.up_to(&rest), &value);
        return Ok((rest, BodyKind::Json(Box::new(JsonBody { value, pieces }))));
    }
    backtrack(i)
}

/// `base64,…;`, `hex,…;` or `file,…;`, shared by bodies and predicate values.
pub(crate) fn bytes_literal(i: In) -> Result<Option<(In, BodyKind)>, nom::Err<super::PError>> {
    if let Some(rest) = eat(i, "base64,") {
        let (rest, bytes) = base64_content(rest)?;
        return Ok(Some((rest, BodyKind::Base64(bytes))));
    }
    if let Some(rest) = eat(i, "hex,") {
        let (rest, bytes) = hex_content(rest)?;
        return Ok(Some((rest, BodyKind::Hex(bytes))));
    }
    if let Some(rest) = eat(i, "file,") {
        let (rest, name) = file_content(rest)?;
        return Ok(Some((rest, BodyKind::File(name))));
    }
    Ok(None)
}

/// The standard alphabet; as in Hurl, the `=` padding may be left out.
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

fn base64_content(i: In) -> PResult<Vec<u8>> {
    let s = i.fragment();
    let mut clean = String::new();
    for (idx, c) in s.char_indices() {
        match c {
            ';' => {
                return match BASE64.decode(&clean) {
                    Ok(bytes) => Ok((advance(i, idx + 1), bytes)),
                    Err(e) => fail(i, format!("invalid base64: {e}")),
                }
            }
            ' ' | '\t' | '\n' | '\r' => {}
            c if c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=' => clean.push(c),
            _ => return fail(advance(i, idx), "expecting a base64 character or ';'"),
        }
    }
    fail(i, "expecting ';' at the end of the base64 text")
}

fn hex_content(i: In) -> PResult<Vec<u8>> {
    let s = i.fragment();
    let mut bytes = Vec::new();
    let mut high: Option<u8> = None;
    for (idx, c) in s.char_indices() {
        match c {
            ';' if high.is_none() => return Ok((advance(i, idx + 1), bytes)),
            ';' => return fail(advance(i, idx), "odd number of hexadecimal digits"),
            ' ' | '\t' => {}
            c if c.is_ascii_hexdigit() => {
                let d = c.to_digit(16).unwrap_or(0) as u8;
                match high.take() {
                    Some(h) => bytes.push(h << 4 | d),
                    None => high = Some(d),
                }
            }
            _ => return fail(advance(i, idx), "expecting a hexadecimal digit or ';'"),
        }
    }
    fail(i, "expecting ';' at the end of the hex text")
}

fn file_content(i: In) -> PResult<Template> {
    let start = sp0(i);
    let (rest, name) = filename(start)?;
    let rest = sp0(rest);
    let Some(after) = eat(rest, ";") else {
        return fail(
            rest,
            "expecting ';' after the file name, as in file,data.bin;",
        );
    };
    Ok((after, name))
}

/// The language hints Hurl knows after ```` ``` ````.
const LANGUAGE_HINTS: [&str; 4] = ["json", "xml", "graphql", "raw"];

/// ```` ```hint ```` line break … ```` ``` ````, as Hurl reads it: the hint is `json`, `xml`,
/// `graphql` (with its `variables`), `raw` (no `{{…}}`) or none; anything else on the
/// opening line is an error.
pub(crate) fn multiline(i: In) -> PResult<MultilineString> {
    let Some(after_ticks) = eat(i, "```") else {
        return backtrack(i);
    };
    let (after_lang, lang) = LANGUAGE_HINTS
        .iter()
        .find_map(|hint| eat(after_ticks, hint).map(|rest| (rest, Some(*hint))))
        .unwrap_or((after_ticks, None));
    let after_lang = match lang {
        Some("graphql") => eat(after_lang, ",").unwrap_or(after_lang),
        _ => after_lang,
    };
    let hint_at = advance(
        after_lang,
        after_lang
            .fragment()
            .find(|c| c != ' ' && c != '\t')
            .unwrap_or(after_lang.fragment().len()),
    );
    let hint_len = hint_at
        .fragment()
        .find(['\n', '\r', '`'])
        .unwrap_or(hint_at.fragment().len());
    if hint_len > 0 {
        return fail(
            hint_at,
            format!(
                "invalid language hint '{}': after ``` write json, xml, graphql, raw or nothing, then a line break",
                &hint_at.fragment()[..hint_len]
            ),
        );
    }
    let Some(content_start) = eat(hint_at, "\n").or_else(|| eat(hint_at, "\r\n")) else {
        return fail(
            hint_at,
            "expecting a line break after ``` (a one-line string is written `text`)",
        );
    };
    let Some(end) = content_start.fragment().find("```") else {
        return fail(i, "this multiline string has no closing ```");
    };
    let content_end = advance(content_start, end);
    let (query_end, graphql_variables) = match lang {
        Some("graphql") => graphql_variables(content_start, content_end)?,
        _ => (content_end, None),
    };
    let content = if lang == Some("raw") {
        Template::literal(
            content_start.up_to(&content_end),
            span(&content_start, &content_end),
        )
    } else {
        multiline_content(content_start, query_end)?
    };
    Ok((
        advance(content_end, 3),
        MultilineString {
            lang: lang.map(str::to_string),
            content,
            graphql_variables,
        },
    ))
}

/// A multiline string's text with its `{{…}}` expressions; backslashes are kept as written.
fn multiline_content<'a>(
    start: In<'a>,
    end: In<'a>,
) -> Result<Template, nom::Err<super::PError<'a>>> {
    let raw = start.up_to(&end);
    let mut b = TemplateBuilder::default();
    let mut run = 0;
    let mut idx = 0;
    while let Some(found) = raw[idx..].find("{{") {
        let at = idx + found;
        b.push_str(&raw[run..at]);
        let (after, e) = super::primitives::template_expr(advance(start, at))?;
        b.push_expr(e);
        idx = after.offset() - start.offset();
        run = idx;
    }
    b.push_str(&raw[run..]);
    Ok(b.finish(span(&start, &end)))
}

/// The `variables { … }` object of a ```` ```graphql ```` string, as Hurl reads it: at the
/// start of a line after the query's first line, then only whitespace up to the closing
/// ```` ``` ````. Returns where the query ends (after its last line break) and the object.
fn graphql_variables<'a>(
    start: In<'a>,
    end: In<'a>,
) -> Result<(In<'a>, Option<Box<JsonBody>>), nom::Err<super::PError<'a>>> {
    let raw = start.up_to(&end);
    let Some(at) = raw
        .match_indices('\n')
        .map(|(nl, _)| nl + 1)
        .find(|&line| raw[line..].starts_with("variables"))
    else {
        return Ok((end, None));
    };
    let query_end = advance(start, at);
    let after_word = advance(query_end, "variables".len());
    let skip = after_word
        .fragment()
        .find(|c| c != ' ' && c != '\t')
        .unwrap_or(0);
    let object_at = advance(after_word, skip);
    if !starts(&object_at, "{") {
        return fail(
            object_at,
            "expecting a JSON object of GraphQL variables after 'variables'",
        );
    }
    let (rest, value) = json_value(object_at)?;
    let trailing = &raw[rest.offset() - start.offset()..];
    if let Some(bad) = trailing.find(|c: char| !c.is_whitespace()) {
        return fail(
            advance(rest, bad),
            "expecting ``` to close the GraphQL query after its variables",
        );
    }
    let pieces = json_pieces(object_at.up_to(&rest), &value);
    Ok((query_end, Some(Box::new(JsonBody { value, pieces }))))
}

fn start_tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (k, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(k),
            _ => {}
        }
    }
    None
}

/// An XML document, verbatim: prolog, comments and one root element.
pub(crate) fn xml(i: In) -> PResult<String> {
    let s = i.fragment();
    let mut idx = 0;
    let mut depth = 0usize;
    let mut seen_root = false;
    while idx < s.len() {
        let rest = &s[idx..];
        if !rest.starts_with('<') {
            if seen_root && depth == 0 {
                break;
            }
            if !seen_root {
                // Only blank text may stand before the root element.
                let text = &rest[..rest.find('<').unwrap_or(rest.len())];
                if let Some(k) = text.find(|c: char| !c.is_whitespace()) {
                    return fail(advance(i, idx + k), "expecting an XML element");
                }
            }
            idx += rest.find('<').unwrap_or(rest.len());
            continue;
        }
        let (close, kind) = if rest.starts_with("<!--") {
            ("-->", 0)
        } else if rest.starts_with("<![CDATA[") {
            ("]]>", 0)
        } else if rest.starts_with("<?") {
            ("?>", 0)
        } else if rest.starts_with("<!") {
            (">", 0)
        } else if rest.starts_with("</") {
            (">", -1)
        } else {
            (">", 1)
        };
        let found = if kind == 1 {
            start_tag_end(rest)
        } else {
            rest.find(close)
        };
        let Some(end) = found else {
            return fail(advance(i, idx), "this XML tag is not closed");
        };
        let tag = &rest[..end];
        idx += end + close.len();
        match kind {
            1 if tag.ends_with('/') => seen_root = true,
            1 => {
                depth += 1;
                seen_root = true;
            }
            -1 => {
                if depth == 0 {
                    return fail(
                        advance(i, idx - end - close.len()),
                        "unexpected closing tag",
                    );
                }
                depth -= 1;
            }
            _ => {}
        }
        if seen_root && depth == 0 {
            break;
        }
    }
    if depth > 0 || !seen_root {
        return fail(i, "this XML body is not complete: an element is not closed");
    }
    Ok((advance(i, idx), s[..idx].to_string()))
}

/// The expressions of a JSON value, in the order they are written.
fn json_exprs<'a>(v: &'a JsonValue, out: &mut Vec<&'a Expr>) {
    let template = |t: &'a Template, out: &mut Vec<&'a Expr>| {
        for part in &t.parts {
            if let TemplatePart::Expr(e) = part {
                out.push(e);
            }
        }
    };
    match v {
        JsonValue::String(t) => template(t, out),
        JsonValue::Expr(e) => out.push(e),
        JsonValue::Array(items) => items.iter().for_each(|i| json_exprs(i, out)),
        JsonValue::Object(members) => {
            for (k, v) in members {
                template(k, out);
                json_exprs(v, out);
            }
        }
        JsonValue::Null | JsonValue::Bool(_) | JsonValue::Number(_) => {}
    }
}

/// A JSON body's text as written, cut at its expressions: each `{{…}}` is inside a string
/// or in value position, in the order of the value's expressions.
pub(crate) fn json_pieces(raw: &str, value: &JsonValue) -> Vec<JsonPiece> {
    let mut exprs = Vec::new();
    json_exprs(value, &mut exprs);
    let mut exprs = exprs.into_iter();
    let bytes = raw.as_bytes();
    let mut pieces = Vec::new();
    let (mut idx, mut run, mut in_string) = (0, 0, false);
    while idx < bytes.len() {
        match bytes[idx] {
            b'\\' if in_string => idx += 2,
            b'"' => {
                in_string = !in_string;
                idx += 1;
            }
            b'{' if raw[idx..].starts_with("{{") => {
                let Some(close) = raw[idx..].find("}}") else {
                    break;
                };
                let Some(expr) = exprs.next() else {
                    break;
                };
                if run < idx {
                    pieces.push(JsonPiece::Text(raw[run..idx].to_string()));
                }
                let expr = Box::new(expr.clone());
                pieces.push(if in_string {
                    JsonPiece::InString(expr)
                } else {
                    JsonPiece::Value(expr)
                });
                idx += close + 2;
                run = idx;
            }
            _ => idx += 1,
        }
    }
    if run < raw.len() {
        pieces.push(JsonPiece::Text(raw[run..].to_string()));
    }
    pieces
}
