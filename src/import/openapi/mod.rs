//! `sortie import openapi FILE`: an OpenAPI 3.0 or 3.1 document (JSON or YAML) becomes
//! starter specs, one file per tag (for untagged operations, per first path segment that
//! is not a parameter, or `root`),
//! one entry per operation:
//!
//! * the URL is `{{base_url}}` and the path, with path parameters from their `example`,
//!   `examples`, schema `example`/`default`/`enum[0]`, or else a `{{name}}` variable;
//! * required query, header and cookie parameters (and optional ones with an example);
//! * a request body from the media type's `example`/`examples`, or built from its schema
//!   (JSON, form or multipart);
//! * the lowest documented 2xx status asserted (`HTTP *` when there is none);
//! * security schemes as `[Connection]` blocks (API key in a header, HTTP basic and
//!   bearer, OAuth 2.0 client credentials and authorization code), credentials as
//!   variables without values.
//!
//! The variables text offers the document's first server URL as `base_url`.

mod operation;
mod schema;

use std::fmt;

use serde_json::Value;

use super::vars::VarSet;
use super::write::connection::Connection;
use super::write::entry::Entry;
use super::{slug, unique_path, Import, SpecFile};

/// Why a document could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenApiError {
    /// Neither JSON nor YAML: the parser's message.
    Parse(String),
    /// Not an OpenAPI document: what is missing.
    NotOpenApi(String),
    /// An OpenAPI version other than 3.0 or 3.1 (Swagger 2.0): the version.
    UnsupportedVersion(String),
}

impl fmt::Display for OpenApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenApiError::Parse(e) => write!(f, "the document is neither JSON nor YAML: {e}"),
            OpenApiError::NotOpenApi(what) => write!(f, "not an OpenAPI document: {what}"),
            OpenApiError::UnsupportedVersion(v) => write!(
                f,
                "unsupported OpenAPI version {v}: only 3.0 and 3.1 are read (convert Swagger 2.0 first)"
            ),
        }
    }
}

impl std::error::Error for OpenApiError {}

impl From<OpenApiError> for crate::diagnostic::Diagnostic {
    fn from(e: OpenApiError) -> Self {
        use crate::diagnostic::{Diagnostic, Kind};
        Diagnostic::new(Kind::Input, "import error", e.to_string())
    }
}

/// Imports a document from its text, JSON or YAML.
pub fn import(text: &str) -> Result<Import, OpenApiError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let value = if trimmed.starts_with('{') {
        serde_json::from_str(trimmed).map_err(|e| OpenApiError::Parse(e.to_string()))?
    } else {
        let yaml: serde_norway::Value =
            serde_norway::from_str(trimmed).map_err(|e| OpenApiError::Parse(e.to_string()))?;
        yaml_to_json(yaml)
    };
    import_value(&value)
}

/// YAML as JSON: keys that are not strings (`200:` is an integer) become strings.
fn yaml_to_json(v: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match yaml_to_json(k) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// Imports a parsed document.
pub fn import_value(doc: &Value) -> Result<Import, OpenApiError> {
    if let Some(v) = doc.get("swagger") {
        return Err(OpenApiError::UnsupportedVersion(value_text(v)));
    }
    let version = doc
        .get("openapi")
        .map(value_text)
        .ok_or_else(|| OpenApiError::NotOpenApi("no \"openapi\" version".into()))?;
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(OpenApiError::UnsupportedVersion(version));
    }
    let title = doc
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("API")
        .to_string();

    let mut ctx = Ctx {
        doc,
        vars: VarSet::default(),
        warnings: Vec::new(),
    };
    let (base, note) = base_url(doc);
    ctx.vars
        .declare("base_url", base.as_deref(), false, Some(&note));

    let mut groups: Vec<Group> = Vec::new();
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let Some(item) = schema::resolve(doc, item) else {
            ctx.warnings.push(format!(
                "path {path}: its $ref is not in this document; skipped"
            ));
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let group_name = group_of(op, path);
            let at = match groups.iter().position(|g| g.name == group_name) {
                Some(i) => i,
                None => {
                    groups.push(Group {
                        name: group_name,
                        connections: Vec::new(),
                        entries: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[at];
            if let Some(entry) =
                operation::entry(&mut ctx, path, method, item, op, &mut group.connections)
            {
                group.entries.push(entry);
            }
        }
    }
    if groups.is_empty() {
        ctx.warnings.push("the document has no operations".into());
    }

    let mut taken = Vec::new();
    let mut files = Vec::new();
    for g in groups {
        let ext = if g.connections.is_empty() {
            "hurl"
        } else {
            "sortie"
        };
        let path = unique_path(&mut taken, &slug(&g.name), ext);
        let header = vec![format!(
            "Imported from the OpenAPI document \"{title}\": operations tagged or under \"{}\".",
            g.name
        )];
        let text = super::write::spec_text(&header, &g.connections, &g.entries);
        files.push(SpecFile { path, text });
    }
    Ok(Import {
        files,
        variables: ctx.vars.into_vec(),
        warnings: ctx.warnings,
    })
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operations of one file.
struct Group {
    name: String,
    connections: Vec<Connection>,
    entries: Vec<Entry>,
}

/// State of one import.
pub(crate) struct Ctx<'a> {
    pub(crate) doc: &'a Value,
    pub(crate) vars: VarSet,
    pub(crate) warnings: Vec<String>,
}

/// The file an operation goes to: its first tag, else its path's first segment that is not
/// a parameter, else `root`.
fn group_of(op: &Value, path: &str) -> String {
    if let Some(tag) = op
        .get("tags")
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
    {
        return tag.to_string();
    }
    path.split('/')
        .find(|s| !s.is_empty() && !s.starts_with('{'))
        .unwrap_or("root")
        .to_string()
}

/// The first server's URL with its variables' defaults, and a note for the variables text.
fn base_url(doc: &Value) -> (Option<String>, String) {
    let Some(server) = doc.pointer("/servers/0") else {
        return (
            None,
            "the API's base URL (the document lists no server)".to_string(),
        );
    };
    let mut url = server
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if let Some(Value::Object(vars)) = server.get("variables") {
        for (name, v) in vars {
            if let Some(default) = v.get("default") {
                url = url.replace(&format!("{{{name}}}"), &value_text(default));
            }
        }
    }
    let url = url.trim_end_matches('/').to_string();
    if url.is_empty() || url.starts_with('/') {
        let note = format!(
            "the API's base URL: the document's server is \"{}\", relative to where the \
             document is served",
            if url.is_empty() { "/" } else { &url }
        );
        return (None, note);
    }
    (
        Some(url),
        "the API's base URL: the document's first server".to_string(),
    )
}

/// A scalar as text (numbers and booleans as written in JSON).
pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
