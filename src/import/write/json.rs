//! JSON bodies: a JSON value whose strings may hold variables, written pretty-printed in
//! Hurl's JSON body syntax (a variable may also stand as a whole value: `"id": {{id}}`).

use serde_json::Value;

use super::text::{Kind, Text};

/// Marks a JSON string that stands for a whole-value variable, where an importer replaced
/// an unquoted `{{name}}` to let the text parse as JSON. A private-use character that real
/// documents do not start strings with.
pub(crate) const VAR_MARK: char = '\u{e000}';

/// A JSON value for a body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// A number as written by `serde_json`.
    Number(String),
    String(Text),
    Array(Vec<Json>),
    Object(Vec<(Text, Json)>),
    /// `{{name}}` as a whole value.
    Var(String),
}

impl Json {
    /// Converts a parsed value; `text` turns each string (and key) into a [`Text`], so an
    /// importer decides whether `{{…}}` in strings are variables or literal text.
    pub(crate) fn from_value(v: &Value, text: &dyn Fn(&str) -> Text) -> Json {
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.to_string()),
            Value::String(s) => match s.strip_prefix(VAR_MARK) {
                Some(name) => Json::Var(name.to_string()),
                None => Json::String(text(s)),
            },
            Value::Array(items) => {
                Json::Array(items.iter().map(|i| Json::from_value(i, text)).collect())
            }
            Value::Object(members) => Json::Object(
                members
                    .iter()
                    .map(|(k, v)| (text(k), Json::from_value(v, text)))
                    .collect(),
            ),
        }
    }

    /// True for an object or an array: the only JSON values written as JSON bodies.
    pub(crate) fn is_container(&self) -> bool {
        matches!(self, Json::Array(_) | Json::Object(_))
    }

    /// Pretty-printed with two-space indents, as `serde_json` does.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(t) => {
                out.push('"');
                out.push_str(&t.escaped(Kind::Json));
                out.push('"');
            }
            Json::Var(name) => {
                out.push_str("{{");
                out.push_str(name);
                out.push_str("}}");
            }
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    item.write(out, depth + 1);
                }
                newline(out, depth);
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    out.push('"');
                    out.push_str(&k.escaped(Kind::Json));
                    out.push_str("\": ");
                    v.write(out, depth + 1);
                }
                newline(out, depth);
                out.push('}');
            }
        }
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Replaces each `{{name}}` that stands outside JSON strings by a marked string, so text
/// such as `{"id": {{id}}}` parses as JSON. Names are passed through `rename`.
pub(crate) fn mark_bare_variables(text: &str, rename: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if rest.starts_with("{{") {
            if let Some(end) = rest.find("}}") {
                let name = rest[2..end].trim();
                if !name.is_empty() && !name.contains(['"', '\\', '{', '\n']) {
                    out.push('"');
                    out.push(VAR_MARK);
                    out.push_str(&rename(name));
                    out.push('"');
                    rest = &rest[end + 2..];
                    continue;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_like_serde_json_with_hurl_escapes() {
        let v: Value = serde_json::from_str(
            r#"{"name":"a {{b}}","tags":[],"n":{"x":1.5,"y":[true,null]},"e":{}}"#,
        )
        .unwrap();
        let json = Json::from_value(&v, &|s| Text::lit(s));
        assert_eq!(
            json.render(),
            "{\n  \"name\": \"a \\u007b{b}}\",\n  \"tags\": [],\n  \"n\": {\n    \"x\": 1.5,\n    \"y\": [\n      true,\n      null\n    ]\n  },\n  \"e\": {}\n}"
        );
    }

    #[test]
    fn bare_variables_become_whole_value_templates() {
        let text = r#"{"id": {{user id}}, "s": "{{keep}} }}", "list": [{{a}}]}"#;
        let marked = mark_bare_variables(text, &|n| n.replace(' ', "_"));
        let v: Value = serde_json::from_str(&marked).unwrap();
        let json = Json::from_value(&v, &|s| Text::lit(s));
        assert_eq!(
            json.render(),
            "{\n  \"id\": {{user_id}},\n  \"s\": \"\\u007b{keep}} }}\",\n  \"list\": [\n    {{a}}\n  ]\n}"
        );
    }
}
