//! Spec bodies rendered: the bytes a request sends or a response must have, templates
//! resolved. Shared by the request builder and the implicit body assert.

use super::{CheckError, Context};
use crate::spec::ast::{BodyKind, JsonBody, JsonPiece, JsonValue, MultilineString};

/// A body's bytes and its default content type.
pub fn body_bytes(
    kind: &BodyKind,
    cx: &dyn Context,
) -> Result<(Vec<u8>, Option<&'static str>), CheckError> {
    Ok(match kind {
        BodyKind::Json(json) => (
            json_text(&json.pieces, cx)?.into_bytes(),
            Some("application/json"),
        ),
        BodyKind::Xml(x) => (x.clone().into_bytes(), Some("application/xml")),
        BodyKind::Multiline(m) => {
            let content_type = match m.lang.as_deref() {
                Some("json" | "graphql") => Some("application/json"),
                Some("xml") => Some("application/xml"),
                _ => None,
            };
            (multiline_text(m, cx)?.into_bytes(), content_type)
        }
        BodyKind::Oneline(t) => (cx.render(t)?.into_bytes(), None),
        // Hurl sends bytes and files without a content type.
        BodyKind::Base64(b) | BodyKind::Hex(b) => (b.clone(), None),
        BodyKind::File(t) => (cx.read_file(t)?, None),
    })
}

/// The text of a multiline string, as a body or a predicate value: its content rendered, or
/// for ```` ```graphql ```` Hurl's JSON document of the query and its variables.
pub fn multiline_text(m: &MultilineString, cx: &dyn Context) -> Result<String, CheckError> {
    let text = cx.render(&m.content)?;
    match m.lang.as_deref() {
        Some("graphql") => graphql_document(text.trim(), m.graphql_variables.as_deref(), cx),
        _ => Ok(text),
    }
}

/// Hurl's GraphQL request: `{"query":…}`, with `"variables":…` (compacted) when given.
fn graphql_document(
    query: &str,
    variables: Option<&JsonBody>,
    cx: &dyn Context,
) -> Result<String, CheckError> {
    let query = serde_json::Value::String(query.to_string());
    Ok(match variables {
        None => format!("{{\"query\":{query}}}"),
        Some(v) => format!(
            "{{\"query\":{query},\"variables\":{}}}",
            compact_json(&json_text(&v.pieces, cx)?)
        ),
    })
}

/// JSON text without the whitespace between its tokens (strings untouched).
fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// A JSON body's text as written with its expressions rendered, as Hurl sends it: inside a
/// string an expression's text is escaped (`"`, `\\`, line breaks, tabs); in value position
/// it must be a JSON number, boolean or null.
pub fn json_text(pieces: &[JsonPiece], cx: &dyn Context) -> Result<String, CheckError> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            JsonPiece::Text(text) => out.push_str(text),
            JsonPiece::InString(e) => {
                for c in cx.expr(e)?.render().chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        c => out.push(c),
                    }
                }
            }
            JsonPiece::Value(e) => {
                let text = cx.expr(e)?.render();
                let scalar = serde_json::from_str::<serde_json::Value>(&text)
                    .is_ok_and(|v| v.is_number() || v.is_boolean() || v.is_null());
                if !scalar {
                    return Err(CheckError::invalid(
                        format!("'{text}' is not a JSON number, boolean or null: in value position, an expression must give one (put it in quotes for a string)"),
                        e.span,
                    ));
                }
                out.push_str(&text);
            }
        }
    }
    Ok(out)
}

/// A JSON body as a `serde_json` value, templates resolved: inside strings the rendered
/// text, in value position the variable's own JSON.
pub fn json_value(v: &JsonValue, cx: &dyn Context) -> Result<serde_json::Value, CheckError> {
    Ok(match v {
        JsonValue::Null => serde_json::Value::Null,
        JsonValue::Bool(b) => serde_json::Value::Bool(*b),
        JsonValue::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
        JsonValue::String(t) => serde_json::Value::String(cx.render(t)?),
        JsonValue::Array(items) => serde_json::Value::Array(
            items
                .iter()
                .map(|i| json_value(i, cx))
                .collect::<Result<_, _>>()?,
        ),
        JsonValue::Object(members) => {
            let mut map = serde_json::Map::new();
            for (k, v) in members {
                map.insert(cx.render(k)?, json_value(v, cx)?);
            }
            serde_json::Value::Object(map)
        }
        JsonValue::Expr(e) => cx.expr(e)?.to_json(),
    })
}

#[cfg(test)]
mod tests {
    use super::compact_json;

    #[test]
    fn compact_json_keeps_strings_as_written() {
        let rows = [
            (
                "{\n  \"a\": 1,\n  \"b\": [true, null]\n}",
                "{\"a\":1,\"b\":[true,null]}",
            ),
            (
                "{\"s\": \"a b\\\" c \\\\\", \"t\": \"x\"}",
                "{\"s\":\"a b\\\" c \\\\\",\"t\":\"x\"}",
            ),
            ("{ }", "{}"),
        ];
        for (text, compact) in rows {
            assert_eq!(compact_json(text), compact, "{text}");
        }
    }
}
