//! One Postman request as an entry: URL (with its query and path variables), headers,
//! body, auth and scripts.

use serde_json::Value;

use super::super::secret::{protect_header, protect_json, protect_value};
use super::super::write::connection::{declare, Connection};
use super::super::write::entry::{Body, Entry, Part as FormPart, Response};
use super::super::write::json::{mark_bare_variables, Json};
use super::super::write::one_line;
use super::super::write::text::{variable_name, Text};
use super::auth::{self, Outcome};
use super::script::{self, Translated};
use super::{script_lines, spec_var_name, Ctx, Scope};

/// The entry of a request item, or `None` (with a warning) when it has no URL. The
/// connection it uses is added to `connections` (once per file).
pub(super) fn entry(
    ctx: &mut Ctx,
    item: &Value,
    scope: &Scope,
    connections: &mut Vec<Connection>,
) -> Option<Entry> {
    let name = item
        .get("name")
        .and_then(Value::as_str)
        .map(one_line)
        .filter(|n| !n.is_empty());
    let request = item.get("request")?;
    let shown_name = name.clone().unwrap_or_else(|| "unnamed".into());
    // v2.1 also allows a request written as its URL alone.
    let (method, url) = match request {
        Value::String(u) => ("GET".to_string(), Value::String(u.clone())),
        r => (
            r.get("method")
                .and_then(Value::as_str)
                .unwrap_or("GET")
                .to_ascii_uppercase(),
            r.get("url").cloned().unwrap_or(Value::Null),
        ),
    };
    if method.is_empty() || !method.chars().all(|c| c.is_ascii_uppercase()) {
        ctx.warnings.push(format!(
            "request \"{shown_name}\" skipped: method '{method}' is not a word in capitals"
        ));
        return None;
    }
    let Some((url, query)) = url_and_query(ctx, &url) else {
        ctx.warnings
            .push(format!("request \"{shown_name}\" skipped: it has no URL"));
        return None;
    };
    let mut entry = Entry::new(&method, url);
    entry.name = name;
    entry.query = query;

    for h in request
        .get("header")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if h.get("disabled").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let Some(key) = h
            .get("key")
            .and_then(Value::as_str)
            .filter(|k| !k.trim().is_empty())
        else {
            continue;
        };
        let raw = h.get("value").map(super::value_text).unwrap_or_default();
        let value = ctx.text(&raw);
        let source = format!("of the request \"{shown_name}\"");
        let value = protect_header(key, &value, &mut ctx.vars, &source);
        entry.headers.push((ctx.text(key.trim()), value));
    }

    if let Some(body) = request.get("body") {
        set_body(ctx, body, &mut entry, &shown_name);
    }

    let auth = auth::effective(request.get("auth"), scope.auth.clone(), &shown_name);
    if let Some((a, owner)) = auth {
        match auth::outcome(a, &owner, ctx) {
            Some(Outcome::Connection(c)) => {
                let name = declare(connections, c);
                entry.option("connection", name);
            }
            Some(Outcome::Query(k, v, todo)) => {
                entry.notes.push(todo);
                entry.query.push((k, v));
            }
            Some(Outcome::Todo(todo)) => entry.notes.push(todo),
            None => {}
        }
    }

    for line in script_lines(item, "prerequest") {
        let t = line.trim();
        if !t.is_empty() && !t.starts_with("//") {
            entry
                .notes
                .push(format!("TODO (from Postman pre-request script): {t}"));
        }
    }
    let mut tests = scope.tests.clone();
    tests.extend(script_lines(item, "test"));
    let mut translated = Translated::default();
    script::translate(&tests, &mut translated);
    if !translated.statuses.is_empty()
        || !translated.asserts.is_empty()
        || !translated.captures.is_empty()
    {
        let mut statuses = translated.statuses.iter();
        let status = statuses.next().copied();
        let mut asserts: Vec<String> = statuses.map(|s| format!("status == {s}")).collect();
        asserts.extend(translated.asserts);
        entry.response = Some(Response {
            status,
            captures: translated.captures,
            asserts,
        });
    }
    entry.trailing = translated
        .todo
        .into_iter()
        .map(|l| format!("TODO (from Postman test script): {l}"))
        .collect();
    Some(entry)
}

/// The URL (path variables as templates) and, when every enabled query parameter is plain
/// text, the query as `[Query]` pairs (else the query stays in the URL as written).
fn url_and_query(ctx: &mut Ctx, url: &Value) -> Option<(Text, Vec<(Text, Text)>)> {
    let (raw, params, path_vars) = match url {
        Value::String(s) => (s.clone(), None, None),
        Value::Object(o) => {
            let raw = match o.get("raw").and_then(Value::as_str) {
                Some(r) => r.to_string(),
                None => build_raw(url)?,
            };
            (
                raw,
                o.get("query").and_then(Value::as_array),
                o.get("variable").and_then(Value::as_array),
            )
        }
        _ => return None,
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let (base, query_string) = match raw.split_once('?') {
        Some((b, q)) => (b.to_string(), Some(q.to_string())),
        None => (raw.to_string(), None),
    };
    // Path variables `:id` take the values Postman stores for them.
    let mut base = base;
    for v in path_vars.into_iter().flatten() {
        let Some(key) = v.get("key").and_then(Value::as_str) else {
            continue;
        };
        let name = variable_name(key);
        let value = v.get("value").map(super::value_text);
        let replaced = replace_path_variable(&base, key, &name);
        if replaced != base {
            base = replaced;
            ctx.vars.declare(
                &name,
                value.as_deref().filter(|s| !s.is_empty()),
                false,
                Some("a path variable of the collection"),
            );
        }
    }
    let mut url = ctx.text(&base);
    if !url.display().contains("://") && !url.display().starts_with("{{") {
        // Postman's default scheme.
        let mut with = Text::lit("http://");
        with.push_text(&url);
        url = with;
    }
    let pairs: Vec<(String, Option<String>)> = match params {
        Some(list) => list
            .iter()
            .filter(|p| p.get("disabled").and_then(Value::as_bool) != Some(true))
            .map(|p| {
                (
                    p.get("key")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    p.get("value").and_then(Value::as_str).map(str::to_string),
                )
            })
            .collect(),
        None => query_string
            .iter()
            .flat_map(|q| q.split('&'))
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (p.to_string(), None),
            })
            .collect(),
    };
    // `%` or `+` would be encoded again by [Query]; a name alone has no `name: value` form.
    let plain = pairs.iter().all(|(k, v)| {
        !k.is_empty()
            && !k.contains(['%', '+'])
            && v.as_ref().is_some_and(|v| !v.contains(['%', '+']))
    });
    if !plain {
        if let Some(q) = query_string {
            url.push_lit("?");
            url.push_text(&ctx.text(&q));
        }
        return Some((url, Vec::new()));
    }
    let mut query = Vec::new();
    for (k, v) in pairs {
        let key = ctx.text(&k);
        let value = ctx.text(&v.unwrap_or_default());
        let value = protect_value(
            &key,
            value,
            &mut ctx.vars,
            "query parameter of the collection",
        );
        query.push((key, value));
    }
    Some((url, query))
}

/// `:name` path segments (`/users/:id/…`) written as `{{name}}`.
fn replace_path_variable(url: &str, key: &str, name: &str) -> String {
    let needle = format!("/:{key}");
    let mut out = String::new();
    let mut rest = url;
    while let Some(pos) = rest.find(&needle) {
        let after = &rest[pos + needle.len()..];
        let ends = after
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
        out.push_str(&rest[..pos]);
        if ends {
            out.push_str(&format!("/{{{{{name}}}}}"));
        } else {
            out.push_str(&needle);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A URL from its parts, for collections that store no `raw`.
fn build_raw(url: &Value) -> Option<String> {
    let join = |v: Option<&Value>, sep: &str| -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            Value::Array(parts) => Some(
                parts
                    .iter()
                    .filter_map(|p| {
                        p.as_str()
                            .or_else(|| p.get("value").and_then(Value::as_str))
                    })
                    .collect::<Vec<_>>()
                    .join(sep),
            ),
            _ => None,
        }
    };
    let host = join(url.get("host"), ".")?;
    let mut raw = String::new();
    if let Some(p) = url.get("protocol").and_then(Value::as_str) {
        raw.push_str(p);
        raw.push_str("://");
    }
    raw.push_str(&host);
    if let Some(port) = url.get("port").and_then(Value::as_str) {
        raw.push(':');
        raw.push_str(port);
    }
    if let Some(path) = join(url.get("path"), "/") {
        if !path.is_empty() {
            raw.push('/');
            raw.push_str(&path);
        }
    }
    Some(raw)
}

fn set_body(ctx: &mut Ctx, body: &Value, entry: &mut Entry, request: &str) {
    if body.get("disabled").and_then(Value::as_bool) == Some(true) {
        return;
    }
    let source = format!("of the request \"{request}\"");
    match body.get("mode").and_then(Value::as_str) {
        Some("raw") => {
            let raw = body.get("raw").and_then(Value::as_str).unwrap_or("");
            if raw.is_empty() {
                return;
            }
            let language = body
                .pointer("/options/raw/language")
                .and_then(Value::as_str)
                .unwrap_or("text");
            let header_json = entry.headers.iter().any(|(k, v)| {
                k.display().eq_ignore_ascii_case("content-type") && v.display().contains("json")
            });
            if language == "json" || header_json {
                if let Some(json) = json_body(ctx, raw) {
                    entry.body = Some(Body::Json(protect_json(json, &mut ctx.vars, &source)));
                    return;
                }
            }
            // Postman sets a Content-Type from the language when the request has none.
            let content_type = match language {
                "json" => "application/json",
                "xml" => "application/xml",
                "html" => "text/html",
                "javascript" => "application/javascript",
                _ => "text/plain",
            };
            if !entry.has_header("Content-Type") {
                entry
                    .headers
                    .push((Text::lit("Content-Type"), Text::lit(content_type)));
            }
            let lang = match language {
                "json" => Some("json"),
                "xml" => Some("xml"),
                _ => None,
            };
            entry.body = Some(Body::Text {
                text: ctx.text(raw),
                lang,
            });
        }
        Some("urlencoded") => {
            for f in enabled(body.get("urlencoded")) {
                let Some(key) = f.get("key").and_then(Value::as_str) else {
                    continue;
                };
                let key = ctx.text(key);
                let raw = f.get("value").map(super::value_text).unwrap_or_default();
                let value = ctx.text(&raw);
                let value =
                    protect_value(&key, value, &mut ctx.vars, &format!("form field {source}"));
                entry.form.push((key, value));
            }
        }
        Some("formdata") => {
            for f in enabled(body.get("formdata")) {
                let Some(key) = f.get("key").and_then(Value::as_str) else {
                    continue;
                };
                let key = ctx.text(key);
                if f.get("type").and_then(Value::as_str) == Some("file") {
                    let srcs: Vec<String> = match f.get("src") {
                        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
                        Some(Value::Array(list)) => list
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect(),
                        _ => Vec::new(),
                    };
                    if srcs.is_empty() {
                        entry.notes.push(format!(
                            "TODO: the form file {} has no file in the collection; add it under [Multipart]",
                            key.display()
                        ));
                    }
                    for src in srcs {
                        warn_absolute(ctx, &src);
                        entry.multipart.push(FormPart::File {
                            name: key.clone(),
                            path: ctx.text(&src),
                            content_type: f
                                .get("contentType")
                                .and_then(Value::as_str)
                                .filter(|c| !c.is_empty() && !c.contains(char::is_whitespace))
                                .map(str::to_string),
                            filename: None,
                        });
                    }
                } else {
                    let raw = f.get("value").map(super::value_text).unwrap_or_default();
                    let value = ctx.text(&raw);
                    let value =
                        protect_value(&key, value, &mut ctx.vars, &format!("form field {source}"));
                    entry.multipart.push(FormPart::Field(key, value));
                }
            }
        }
        Some("file") => match body.pointer("/file/src").and_then(Value::as_str) {
            Some(src) if !src.is_empty() => {
                warn_absolute(ctx, src);
                entry.body = Some(Body::File(ctx.text(src)));
            }
            _ => entry
                .notes
                .push("TODO: the body is a file the collection does not name".into()),
        },
        Some("graphql") => graphql(ctx, body, entry),
        _ => {}
    }
}

fn enabled(list: Option<&Value>) -> impl Iterator<Item = &Value> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|f| f.get("disabled").and_then(Value::as_bool) != Some(true))
}

fn warn_absolute(ctx: &mut Ctx, path: &str) {
    if path.starts_with('/') || path.get(1..3) == Some(":\\") {
        ctx.warnings.push(format!(
            "the file {path} is an absolute path; spec files read files relative to \
             themselves (or --file-root): copy it next to the spec"
        ));
    }
}

/// JSON text with Postman variables (also as whole values: `"age": {{age}}`), when it
/// parses as an object or array.
fn json_body(ctx: &mut Ctx, raw: &str) -> Option<Json> {
    // Declares the variables (and warns about renamed ones).
    ctx.text(raw);
    let marked = mark_bare_variables(raw, &spec_var_name);
    let value: Value = serde_json::from_str(&marked).ok()?;
    let convert = |s: &str| template_text(s, &spec_var_name);
    let json = Json::from_value(&value, &convert);
    json.is_container().then_some(json)
}

/// `{{name}}` references in a JSON string as variables, named by `rename`.
fn template_text(s: &str, rename: &dyn Fn(&str) -> String) -> Text {
    let mut out = Text::default();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let raw = &rest[start + 2..start + 2 + len];
        if raw.trim().is_empty() || raw.contains('{') {
            out.push_lit(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        }
        out.push_lit(&rest[..start]);
        out.push_var(&rename(raw));
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_lit(rest);
    out
}

/// A GraphQL body: a ```` ```graphql ```` string, or with variables, the JSON a GraphQL
/// client sends (`{"query": …, "variables": …}`), which every runner sends the same way.
fn graphql(ctx: &mut Ctx, body: &Value, entry: &mut Entry) {
    let query = body
        .pointer("/graphql/query")
        .and_then(Value::as_str)
        .unwrap_or("");
    let variables = body
        .pointer("/graphql/variables")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if variables.is_empty() {
        let mut text = ctx.text(query.trim_end());
        text.push_lit("\n");
        entry.body = Some(Body::Text {
            text,
            lang: Some("graphql"),
        });
        return;
    }
    let query_text = ctx.text(query);
    match json_body(ctx, variables) {
        Some(vars @ Json::Object(_)) => {
            entry.body = Some(Body::Json(Json::Object(vec![
                (Text::lit("query"), Json::String(query_text)),
                (Text::lit("variables"), vars),
            ])));
        }
        _ => {
            entry
                .notes
                .push("TODO: the GraphQL variables are not a JSON object and were left out".into());
            let mut text = query_text;
            text.push_lit("\n");
            entry.body = Some(Body::Text {
                text,
                lang: Some("graphql"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_variables_become_templates() {
        assert_eq!(
            replace_path_variable("{{base}}/users/:id/posts/:idx", "id", "id"),
            "{{base}}/users/{{id}}/posts/:idx"
        );
        assert_eq!(
            replace_path_variable("/a/:id.json", "id", "id"),
            "/a/{{id}}.json"
        );
    }

    #[test]
    fn urls_without_raw_are_built_from_parts() {
        let url = serde_json::json!({
            "protocol": "https", "host": ["api", "example", "com"], "port": "8443",
            "path": ["v1", "items"]
        });
        assert_eq!(
            build_raw(&url).as_deref(),
            Some("https://api.example.com:8443/v1/items")
        );
    }

    #[test]
    fn json_bodies_keep_variables() {
        let mut ctx = Ctx::default();
        let json = json_body(
            &mut ctx,
            r#"{"name": "{{user name}}", "age": {{age}}, "tag": "{{$guid}}"}"#,
        )
        .unwrap();
        assert_eq!(
            json.render(),
            "{\n  \"name\": \"{{user_name}}\",\n  \"age\": {{age}},\n  \"tag\": \"{{newUuid}}\"\n}"
        );
        assert!(json_body(&mut ctx, "not json").is_none());
    }
}
