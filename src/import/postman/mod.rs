//! `sortie import postman COLLECTION.json`: a Postman Collection (v2.1, and v2.0) becomes
//! one spec file per folder.
//!
//! * Requests directly in the collection go to one file named after the collection; a
//!   folder's requests to a file named after the folder, nested folders to paths
//!   (`users/admin.hurl`). Each request is an entry named by its Postman name.
//! * Collection and folder variables become the variables text; `{{var}}` references stay
//!   (names made valid: `{{base url}}` → `{{base_url}}`); `{{$guid}}` → `{{newUuid}}`.
//! * Auth (collection, folder or request level, with `inherit` and `noauth`) becomes
//!   `[Connection]` blocks used with `connection:`; literal credentials become secret
//!   variables.
//! * Test scripts become status lines, asserts and captures where a line maps one to one
//!   (see [`script`]); other lines are kept as `# TODO` comments.

mod auth;
mod request;
mod script;

use std::collections::BTreeSet;

use serde_json::Value;

use super::vars::VarSet;
use super::write::connection::Connection;
use super::write::entry::Entry;
use super::write::text::{variable_name, Text};
use super::{slug, unique_path, Import, SpecFile};

/// Why a collection could not be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PostmanError {
    /// The text is not JSON: the parser's message.
    #[error("the collection is not valid JSON: {0}")]
    Json(String),
    /// The JSON is not a Postman collection: what is missing.
    #[error("not a Postman collection: {0}")]
    NotACollection(String),
    /// A collection format this importer does not read (v1): its schema.
    #[error("unsupported Postman collection format '{0}': export it as Collection v2.1")]
    UnsupportedSchema(String),
}

impl From<PostmanError> for crate::diagnostic::Diagnostic {
    fn from(e: PostmanError) -> Self {
        use crate::diagnostic::{Diagnostic, Kind};
        Diagnostic::new(Kind::Input, "import error", e.to_string())
    }
}

/// Imports a collection from its JSON text.
pub fn import(text: &str) -> Result<Import, PostmanError> {
    let value: Value = serde_json::from_str(text).map_err(|e| PostmanError::Json(e.to_string()))?;
    import_value(&value)
}

/// Imports a parsed collection.
pub fn import_value(collection: &Value) -> Result<Import, PostmanError> {
    let info = collection
        .get("info")
        .ok_or_else(|| PostmanError::NotACollection("no \"info\" object".into()))?;
    if let Some(schema) = info.get("schema").and_then(Value::as_str) {
        if !schema.contains("/v2.") {
            return Err(PostmanError::UnsupportedSchema(schema.to_string()));
        }
    }
    let items = collection
        .get("item")
        .and_then(Value::as_array)
        .ok_or_else(|| PostmanError::NotACollection("no \"item\" list".into()))?;
    let name = info
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("collection")
        .to_string();

    let mut ctx = Ctx::default();
    ctx.declare_variables(collection, "collection variable");
    let root = Scope {
        auth: auth::effective(collection.get("auth"), None, &name),
        tests: script_lines(collection, "test"),
        prerequest: labelled(script_lines(collection, "prerequest"), "the collection"),
        folders: Vec::new(),
    };
    let mut builds = Vec::new();
    ctx.walk(items, &root, &mut builds);

    let mut taken = Vec::new();
    let mut files = Vec::new();
    for b in builds {
        let stem = if b.folders.is_empty() {
            slug(&name)
        } else {
            b.folders
                .iter()
                .map(|f| slug(f))
                .collect::<Vec<_>>()
                .join("/")
        };
        let ext = if b.connections.is_empty() {
            "hurl"
        } else {
            "sortie"
        };
        let path = unique_path(&mut taken, &stem, ext);
        let mut header = vec![if b.folders.is_empty() {
            format!("Imported from the Postman collection \"{name}\".")
        } else {
            format!(
                "Imported from the Postman collection \"{name}\", folder \"{}\".",
                b.folders.join(" / ")
            )
        }];
        header.extend(b.header);
        let text = super::write::spec_text(&header, &b.connections, &b.entries);
        files.push(SpecFile { path, text });
    }
    Ok(Import {
        files,
        variables: ctx.vars.into_vec(),
        warnings: ctx.warnings,
    })
}

/// What folders pass down to their items.
#[derive(Clone)]
struct Scope<'a> {
    /// The auth in force and the name of its owner (collection, folder or request).
    auth: Option<(&'a Value, String)>,
    /// Test script lines of the collection and enclosing folders, run for every request.
    tests: Vec<String>,
    /// Pre-request script lines of the collection and folders: (owner, line).
    prerequest: Vec<(String, String)>,
    /// Folder names from the collection down.
    folders: Vec<String>,
}

/// One file being built.
struct Build {
    folders: Vec<String>,
    header: Vec<String>,
    connections: Vec<Connection>,
    entries: Vec<Entry>,
}

/// State of one import.
#[derive(Default)]
pub(crate) struct Ctx {
    pub(crate) vars: VarSet,
    pub(crate) warnings: Vec<String>,
    /// Variable names already warned about.
    renamed: BTreeSet<String>,
}

impl Ctx {
    fn walk(&mut self, items: &[Value], scope: &Scope, out: &mut Vec<Build>) {
        let at = out.len();
        let mut build = Build {
            folders: scope.folders.clone(),
            header: scope
                .prerequest
                .iter()
                .map(|(owner, line)| {
                    format!("TODO (from Postman pre-request script of {owner}): {line}")
                })
                .collect(),
            connections: Vec::new(),
            entries: Vec::new(),
        };
        for item in items {
            let name = item
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("unnamed")
                .to_string();
            if let Some(children) = item.get("item").and_then(Value::as_array) {
                self.declare_variables(item, &format!("variable of the folder \"{name}\""));
                let mut inner = scope.clone();
                inner.auth = auth::effective(item.get("auth"), scope.auth.clone(), &name);
                inner.tests.extend(script_lines(item, "test"));
                inner.prerequest.extend(labelled(
                    script_lines(item, "prerequest"),
                    &format!("the folder \"{name}\""),
                ));
                inner.folders.push(name);
                self.walk(children, &inner, out);
            } else if item.get("request").is_some() {
                if let Some(entry) = request::entry(self, item, scope, &mut build.connections) {
                    build.entries.push(entry);
                }
            }
        }
        if !build.entries.is_empty() {
            out.insert(at, build);
        }
    }

    /// Declares the `variable` list of a collection or folder.
    fn declare_variables(&mut self, owner: &Value, what: &str) {
        let Some(list) = owner.get("variable").and_then(Value::as_array) else {
            return;
        };
        for v in list {
            if v.get("disabled").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let Some(key) = v.get("key").or_else(|| v.get("id")).and_then(Value::as_str) else {
                continue;
            };
            let value = v.get("value").map(value_text);
            let secret = v.get("type").and_then(Value::as_str) == Some("secret");
            let name = self.var_name(key);
            if let (Some(existing), Some(new)) = (self.vars.get(&name), value.as_deref()) {
                if existing.value.as_deref().is_some_and(|old| old != new) {
                    self.warnings.push(format!(
                        "the {what} {name} = {new} differs from the value kept ({}); the \
                         variables text has one value per name",
                        existing.value.as_deref().unwrap_or("")
                    ));
                    continue;
                }
            }
            if value.as_deref().is_some_and(|v| v.contains("{{")) {
                self.warnings.push(format!(
                    "the {what} {name} refers to other variables ({}); a variables file is \
                     not templated: give it its final value",
                    value.as_deref().unwrap_or("")
                ));
            }
            self.vars
                .declare(&name, value.as_deref(), secret, Some(what));
        }
    }

    /// A Postman variable name as a spec variable name (or function), warning once when
    /// it changes.
    fn var_name(&mut self, raw: &str) -> String {
        let raw = raw.trim();
        let name = spec_var_name(raw);
        if name != raw && self.renamed.insert(raw.to_string()) {
            let warning = match raw.strip_prefix('$') {
                Some(_) if name == "newUuid" || name == "newDate" => None,
                Some(_) => Some(format!(
                    "Postman's dynamic variable {{{{{raw}}}}} has no equivalent: it is \
                     {{{{{name}}}}}, to be given a value"
                )),
                None => Some(format!("variable {{{{{raw}}}}} is renamed {{{{{name}}}}}")),
            };
            self.warnings.extend(warning);
        }
        name
    }

    /// Postman text with `{{var}}` references as a [`Text`]; variables not declared yet
    /// are declared without a value (the user must give one).
    pub(crate) fn text(&mut self, s: &str) -> Text {
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
            let name = self.var_name(raw);
            if name != "newUuid" && name != "newDate" {
                self.vars.declare(
                    &name,
                    None,
                    false,
                    Some("used by the collection, which gives no value"),
                );
            }
            out.push_var(&name);
            rest = &rest[start + 2 + len + 2..];
        }
        out.push_lit(rest);
        out
    }
}

/// The spec name of a Postman variable: made valid (`base url` → `base_url`), and for
/// Postman's dynamic variables, the equivalent function (`$guid` → `newUuid`) or
/// `postman_<name>`.
pub(crate) fn spec_var_name(raw: &str) -> String {
    let raw = raw.trim();
    match raw {
        "$guid" | "$randomUUID" => "newUuid".into(),
        "$isoTimestamp" => "newDate".into(),
        _ => match raw.strip_prefix('$') {
            Some(dynamic) => format!("postman_{}", variable_name(dynamic)),
            None => variable_name(raw),
        },
    }
}

/// A variable's value as text (Postman also stores numbers and booleans).
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The lines of an item's scripts for `listen` (`test` or `prerequest`).
fn script_lines(item: &Value, listen: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in item
        .get("event")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if event.get("listen").and_then(Value::as_str) != Some(listen)
            || event.get("disabled").and_then(Value::as_bool) == Some(true)
        {
            continue;
        }
        match event.get("script").and_then(|s| s.get("exec")) {
            Some(Value::Array(lines)) => {
                out.extend(lines.iter().filter_map(Value::as_str).map(str::to_string))
            }
            Some(Value::String(s)) => out.extend(s.lines().map(str::to_string)),
            _ => {}
        }
    }
    out
}

fn labelled(lines: Vec<String>, owner: &str) -> Vec<(String, String)> {
    lines
        .into_iter()
        .filter(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with("//")
        })
        .map(|l| (owner.to_string(), l.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests;
