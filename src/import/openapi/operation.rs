//! One OpenAPI operation as an entry: URL with path parameters, query, header and cookie
//! parameters, an example body, the success status and the security scheme.

use serde_json::Value;

use super::super::secret::{protect_header, protect_json, protect_value};
use super::super::urlenc::encode;
use super::super::write::connection::{connection_name, declare, Auth, Connection};
use super::super::write::entry::{Body, Entry, Part as FormPart, Response};
use super::super::write::json::Json;
use super::super::write::one_line;
use super::super::write::text::{variable_name, Text};
use super::schema::{example_of, resolve};
use super::{value_text, Ctx};

/// The entry of an operation; its connection, if any, is added to `connections`.
pub(super) fn entry<'a>(
    ctx: &mut Ctx<'a>,
    path: &str,
    method: &str,
    item: &'a Value,
    op: &'a Value,
    connections: &mut Vec<Connection>,
) -> Option<Entry> {
    let upper = method.to_ascii_uppercase();
    let label = format!("{upper} {path}");
    let params = parameters(ctx, item, op);

    let mut url = Text::var("base_url");
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        url.push_lit(&rest[..open]);
        let name = &rest[open + 1..open + len];
        let param = params.iter().find(|p| {
            p.get("in").and_then(Value::as_str) == Some("path")
                && p.get("name").and_then(Value::as_str) == Some(name)
        });
        match param
            .and_then(|p| explicit_example(ctx.doc, p))
            .and_then(path_text)
        {
            Some(value) => url.push_lit(&encode(&value)),
            None => {
                let note = format!("path parameter {name} of {label}");
                url.push_var(&ctx.vars.add(name, None, false, Some(&note)));
            }
        }
        rest = &rest[open + len + 1..];
    }
    url.push_lit(rest);

    let mut entry = Entry::new(&upper, url);
    entry.name = Some(one_line(
        op.get("summary")
            .and_then(Value::as_str)
            .or_else(|| op.get("operationId").and_then(Value::as_str))
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&label),
    ));
    if op.get("deprecated").and_then(Value::as_bool) == Some(true) {
        entry.notes.push(format!("{label} is deprecated."));
    }
    if op.get("servers").is_some() || item.get("servers").is_some() {
        entry.notes.push(format!(
            "TODO: {label} has its own servers; {{{{base_url}}}} is the document's"
        ));
    }
    for p in &params {
        other_parameter(ctx, p, &mut entry, &label);
    }
    body(ctx, op, &mut entry, &label);
    security(ctx, op, &mut entry, connections, &label);

    let status = op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|r| r.keys())
        .filter_map(|k| k.parse::<u16>().ok())
        .filter(|c| (200..300).contains(c))
        .min();
    entry.response = Some(Response {
        status,
        ..Response::default()
    });
    Some(entry)
}

/// The path item's parameters, overridden by the operation's (same name and place).
fn parameters<'a>(ctx: &mut Ctx<'a>, item: &'a Value, op: &'a Value) -> Vec<&'a Value> {
    let mut out: Vec<&Value> = Vec::new();
    for list in [item.get("parameters"), op.get("parameters")] {
        for p in list.and_then(Value::as_array).into_iter().flatten() {
            let Some(p) = resolve(ctx.doc, p) else {
                ctx.warnings
                    .push("a parameter $ref is not in this document; skipped".to_string());
                continue;
            };
            let key = |x: &Value| (x.get("name").cloned(), x.get("in").cloned());
            out.retain(|q| key(q) != key(p));
            out.push(p);
        }
    }
    out
}

/// A value the document gives for a parameter: its `example`, `examples`, or its schema's
/// `example`, `examples`, `default` or first `enum` value (no made-up placeholder).
fn explicit_example(doc: &Value, p: &Value) -> Option<Value> {
    if let Some(e) = p.get("example") {
        return Some(e.clone());
    }
    if let Some(Value::Object(examples)) = p.get("examples") {
        if let Some(v) = examples
            .values()
            .find_map(|e| resolve(doc, e).and_then(|e| e.get("value")))
        {
            return Some(v.clone());
        }
    }
    let schema = resolve(doc, p.get("schema")?)?;
    for key in ["example", "default"] {
        if let Some(v) = schema.get(key) {
            return Some(v.clone());
        }
    }
    for key in ["examples", "enum"] {
        if let Some(Value::Array(list)) = schema.get(key) {
            if let Some(v) = list.first() {
                return Some(v.clone());
            }
        }
    }
    None
}

/// A scalar (or list of scalars, comma-joined as the `simple` style does) as path text.
fn path_text(v: Value) -> Option<String> {
    match v {
        Value::Array(items) => {
            let parts: Option<Vec<String>> = items.into_iter().map(path_text).collect();
            parts.map(|p| p.join(","))
        }
        Value::Object(_) | Value::Null => None,
        other => Some(value_text(&other)),
    }
}

/// A query, header or cookie parameter, when required or given an example.
fn other_parameter(ctx: &mut Ctx, p: &Value, entry: &mut Entry, label: &str) {
    let place = p.get("in").and_then(Value::as_str).unwrap_or("");
    let Some(name) = p.get("name").and_then(Value::as_str) else {
        return;
    };
    if place == "path" {
        return;
    }
    let required = p.get("required").and_then(Value::as_bool) == Some(true);
    let example = explicit_example(ctx.doc, p);
    if !required && example.is_none() {
        return;
    }
    if place == "header"
        && ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
    {
        return;
    }
    let mut values: Vec<Text> = match example {
        Some(Value::Array(items)) if place == "query" => items
            .iter()
            .filter(|v| !v.is_object())
            .map(|v| Text::lit(value_text(v)))
            .collect(),
        Some(v) => match path_text(v) {
            Some(s) => vec![Text::lit(s)],
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    if values.is_empty() {
        let note = format!("{place} parameter {name} of {label}");
        values.push(Text::var(ctx.vars.add(
            &variable_name(name),
            None,
            false,
            Some(&note),
        )));
    }
    let key = Text::lit(name);
    for value in values {
        match place {
            "query" => {
                let value = protect_value(
                    &key,
                    value,
                    &mut ctx.vars,
                    "query parameter of the OpenAPI document",
                );
                entry.query.push((key.clone(), value));
            }
            "header" => {
                let value = protect_header(name, &value, &mut ctx.vars, "of the OpenAPI document");
                entry.headers.push((key.clone(), value));
            }
            "cookie" => {
                let value =
                    protect_value(&key, value, &mut ctx.vars, "cookie of the OpenAPI document");
                entry.cookies.push((key.clone(), value));
            }
            _ => {}
        }
    }
}

fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
}

/// The request body: the first JSON media type, else a form, multipart, text, or a file.
fn body(ctx: &mut Ctx, op: &Value, entry: &mut Entry, label: &str) {
    let Some(rb) = op.get("requestBody").and_then(|b| resolve(ctx.doc, b)) else {
        return;
    };
    let Some(content) = rb.get("content").and_then(Value::as_object) else {
        return;
    };
    let pick = content
        .iter()
        .find(|(m, _)| is_json(m))
        .or_else(|| {
            content
                .iter()
                .find(|(m, _)| m.starts_with("application/x-www-form-urlencoded"))
        })
        .or_else(|| content.iter().find(|(m, _)| m.starts_with("multipart/")))
        .or_else(|| content.iter().next());
    let Some((media_type, media)) = pick else {
        return;
    };
    let media = resolve(ctx.doc, media).unwrap_or(media);
    let example = example_of(ctx.doc, media, true);
    let bare = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let content_type = |entry: &mut Entry| {
        if !entry.has_header("Content-Type") {
            entry
                .headers
                .push((Text::lit("Content-Type"), Text::lit(media_type.as_str())));
        }
    };
    let source = format!("of the OpenAPI example of {label}");
    if is_json(media_type) {
        let value = example.unwrap_or(Value::Object(Default::default()));
        let json = Json::from_value(&value, &|s| Text::lit(s));
        if bare != "application/json" && bare != "*/*" {
            content_type(entry);
        }
        if json.is_container() {
            entry.body = Some(Body::Json(protect_json(json, &mut ctx.vars, &source)));
        } else {
            if bare == "application/json" || bare == "*/*" {
                content_type(entry);
            }
            entry.body = Some(Body::Text {
                text: Text::lit(value.to_string()),
                lang: None,
            });
        }
        return;
    }
    if bare == "application/x-www-form-urlencoded" {
        if let Some(Value::Object(fields)) = example {
            for (k, v) in &fields {
                for value in field_values(v) {
                    let key = Text::lit(k.as_str());
                    let value = protect_value(
                        &key,
                        Text::lit(value),
                        &mut ctx.vars,
                        &format!("form field {source}"),
                    );
                    entry.form.push((key, value));
                }
            }
        }
        return;
    }
    if bare.starts_with("multipart/") {
        let schema = media.get("schema").and_then(|s| resolve(ctx.doc, s));
        if let Some(Value::Object(fields)) = example {
            for (k, v) in &fields {
                let key = Text::lit(k.as_str());
                if is_binary_property(ctx.doc, schema, media, k) {
                    let file = format!("{}.bin", slug_file(k));
                    entry.notes.push(format!(
                        "TODO: put the file {file} next to this spec for the {k} part of {label}"
                    ));
                    entry.multipart.push(FormPart::File {
                        name: key,
                        path: Text::lit(file),
                        content_type: None,
                        filename: None,
                    });
                    continue;
                }
                for value in field_values(v) {
                    let value = protect_value(
                        &key,
                        Text::lit(value),
                        &mut ctx.vars,
                        &format!("form field {source}"),
                    );
                    entry.multipart.push(FormPart::Field(key.clone(), value));
                }
            }
        }
        return;
    }
    content_type(entry);
    match example {
        Some(Value::String(s)) if bare.starts_with("text/") || bare.contains("xml") => {
            entry.body = Some(Body::Text {
                text: Text::lit(s),
                lang: if bare.contains("xml") {
                    Some("xml")
                } else {
                    None
                },
            });
        }
        _ => {
            let file = format!(
                "{}.bin",
                slug_file(
                    op.get("operationId")
                        .and_then(Value::as_str)
                        .unwrap_or("body")
                )
            );
            entry.notes.push(format!(
                "TODO: put the {bare} body of {label} in {file}, next to this spec"
            ));
            entry.body = Some(Body::File(Text::lit(file)));
        }
    }
}

/// A form field's values: scalars as text, a list as one value each, an object as JSON.
fn field_values(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Object(_) | Value::Array(_) => i.to_string(),
                other => value_text(other),
            })
            .collect(),
        Value::Object(_) => vec![v.to_string()],
        other => vec![value_text(other)],
    }
}

/// True when a multipart property is a file: `format: binary`/`base64`, a
/// `contentMediaType` (3.1), or an encoding whose content type is not text.
fn is_binary_property(doc: &Value, schema: Option<&Value>, media: &Value, name: &str) -> bool {
    let prop = schema
        .and_then(|s| s.get("properties"))
        .and_then(|p| p.get(name))
        .and_then(|p| resolve(doc, p));
    let items = prop
        .and_then(|p| p.get("items"))
        .and_then(|i| resolve(doc, i));
    let binary = |s: Option<&Value>| {
        s.is_some_and(|s| {
            matches!(
                s.get("format").and_then(Value::as_str),
                Some("binary" | "base64")
            ) || s.get("contentMediaType").is_some()
        })
    };
    let encoded = media
        .pointer(&format!(
            "/encoding/{}/contentType",
            name.replace('~', "~0").replace('/', "~1")
        ))
        .and_then(Value::as_str)
        .is_some_and(|ct| !ct.starts_with("text/") && !ct.contains("json"));
    binary(prop) || binary(items) || encoded
}

fn slug_file(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        "body".into()
    } else {
        s
    }
}

/// The security scheme of the operation (or the document) as a connection, query
/// parameter or cookie; the first scheme of the first requirement is used.
fn security(
    ctx: &mut Ctx,
    op: &Value,
    entry: &mut Entry,
    connections: &mut Vec<Connection>,
    label: &str,
) {
    let requirements = op
        .get("security")
        .or_else(|| ctx.doc.get("security"))
        .and_then(Value::as_array);
    let Some(first) = requirements
        .and_then(|r| r.first())
        .and_then(Value::as_object)
    else {
        return;
    };
    let mut used = false;
    for (scheme_name, scopes) in first {
        let scopes: Vec<&str> = scopes
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if used {
            entry.notes.push(format!(
                "TODO: {label} also requires the security scheme {scheme_name}; add it by hand"
            ));
            continue;
        }
        let scheme = ctx
            .doc
            .pointer(&format!(
                "/components/securitySchemes/{}",
                scheme_name.replace('~', "~0").replace('/', "~1")
            ))
            .and_then(|s| resolve(ctx.doc, s));
        let Some(scheme) = scheme else {
            ctx.warnings.push(format!(
                "{label}: the security scheme {scheme_name} is not in components.securitySchemes"
            ));
            continue;
        };
        used = true;
        apply_scheme(ctx, scheme_name, scheme, &scopes, entry, connections, label);
    }
}

fn apply_scheme(
    ctx: &mut Ctx,
    scheme_name: &str,
    scheme: &Value,
    scopes: &[&str],
    entry: &mut Entry,
    connections: &mut Vec<Connection>,
    label: &str,
) {
    let conn = connection_name(scheme_name);
    let prefix = conn.replace('-', "_");
    let note = |what: &str| format!("the {what} of the security scheme {scheme_name}");
    let var = |ctx: &mut Ctx, field: &str, what: &str, secret: bool| {
        Text::var(ctx.vars.add(
            &format!("{prefix}_{field}"),
            None,
            secret,
            Some(&note(what)),
        ))
    };
    let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
    let auth = match kind {
        "apiKey" => {
            let name = scheme
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("X-Api-Key");
            let key = var(ctx, "api_key", "API key", true);
            match scheme.get("in").and_then(Value::as_str) {
                Some("query") => {
                    entry.notes.push(format!(
                        "TODO: the API key {name} goes in the query, which sortie's api-key \
                         connection cannot do: it is under [Query]"
                    ));
                    entry.query.push((Text::lit(name), key));
                    return;
                }
                Some("cookie") => {
                    entry.cookies.push((Text::lit(name), key));
                    return;
                }
                _ => Auth::ApiKey {
                    key,
                    header: Some(Text::lit(name)),
                    scheme: Some("none"),
                },
            }
        }
        "http" => match scheme
            .get("scheme")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("basic") => Auth::Basic {
                username: var(ctx, "username", "user name", false),
                password: var(ctx, "password", "password", true),
            },
            Some("bearer") => Auth::ApiKey {
                key: var(ctx, "token", "bearer token", true),
                header: None,
                scheme: Some("Bearer"),
            },
            other => {
                entry.notes.push(format!(
                    "TODO: {label} uses HTTP {} authentication, which has no sortie connection",
                    other.unwrap_or("?")
                ));
                return;
            }
        },
        "oauth2" => {
            let flows = scheme.get("flows");
            let scopes = (!scopes.is_empty()).then(|| Text::lit(scopes.join(" ")));
            // A relative URL is relative to the server.
            let url = |flow: &Value, key: &str| -> Option<Text> {
                let u = flow.get(key).and_then(Value::as_str)?;
                let mut t = Text::default();
                if u.starts_with('/') {
                    t.push_var("base_url");
                }
                t.push_lit(u);
                Some(t)
            };
            if let Some(flow) = flows.and_then(|f| f.get("clientCredentials")) {
                let Some(token_url) = url(flow, "tokenUrl") else {
                    return;
                };
                Auth::ClientCredentials {
                    token_url,
                    client_id: var(ctx, "client_id", "OAuth 2.0 client id", false),
                    client_secret: var(ctx, "client_secret", "OAuth 2.0 client secret", true),
                    scopes,
                    headers: Vec::new(),
                    params: Vec::new(),
                }
            } else if let Some(flow) = flows.and_then(|f| f.get("authorizationCode")) {
                let Some(token_url) = url(flow, "tokenUrl") else {
                    return;
                };
                Auth::AuthorizationCode {
                    authorize_url: url(flow, "authorizationUrl"),
                    token_url,
                    client_id: var(ctx, "client_id", "OAuth 2.0 client id", false),
                    client_secret: None,
                    scopes,
                }
            } else {
                entry.notes.push(format!(
                    "TODO: {label} uses an OAuth 2.0 flow sortie's connections do not support \
                     (implicit or password)"
                ));
                return;
            }
        }
        other => {
            entry.notes.push(format!(
                "TODO: {label} uses {other} security ({scheme_name}), which has no sortie connection"
            ));
            return;
        }
    };
    let c = Connection {
        name: conn,
        auth,
        notes: Vec::new(),
    };
    let name = declare(connections, c);
    entry.option("connection", name);
}
