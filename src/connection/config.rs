//! `sortie.yaml`: connections shared by every file of a run.
//!
//! ```yaml
//! connections:
//!   billing:
//!     type: oauth2-client-credentials
//!     token-url: "{{auth_base}}/oauth/token"
//!     client-id: "{{billing_client_id}}"
//!     client-secret: "{{billing_client_secret}}"
//!     scopes: invoices:read invoices:write     # or a list
//!     header: "X-Tenant: acme"                 # or a list
//!     param: [audience=https://api.example.com]
//! ```
//!
//! `openapi: api.yaml` names the OpenAPI document every response is checked against (as
//! `--openapi`), relative to the config file's folder.
//!
//! The YAML is parsed with `serde_norway`; keys are checked against the same table as
//! `[Connection]` blocks, and values are templates. Since the YAML value tree carries no
//! positions, errors about a key are placed by finding that key in the text by indentation.

use std::path::{Path, PathBuf};

use serde_norway::Value;

use super::{is_valid_name, Declaration, Origin, Setting};
use crate::diagnostic::{Diagnostic, Kind};
use crate::spec::ast::Span;
use crate::spec::options::{did_you_mean, ConnectionType, KeyRule, CONNECTION_TYPES};
use crate::spec::parse_template;
use crate::spec::source::{LineCol, LineIndex};

/// The file looked for in the working directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "sortie.yaml";

/// A mistake in a config file, with its place when there is one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), pos.map(|p| format!(":{p}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// Where the mistake is, as a line and column.
    pub pos: Option<LineCol>,
    /// The same place as byte offsets in the file's text, for the caret renderer.
    pub span: Option<Span>,
    /// What is wrong.
    pub message: String,
}

impl From<ConfigError> for Diagnostic {
    fn from(e: ConfigError) -> Diagnostic {
        let mut d = Diagnostic::new(Kind::Input, "invalid config", e.message)
            .in_file(e.path.display().to_string());
        d.span = e.span;
        d
    }
}

/// A config file read and checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The file, when there was one.
    pub path: Option<PathBuf>,
    /// Its text, for rendering errors.
    pub source: String,
    /// Its connections, in file order.
    pub connections: Vec<Declaration>,
    /// `openapi:`, relative to the working directory (the file's folder joined).
    pub openapi: Option<PathBuf>,
}

/// What a config file declares.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Declared {
    /// Its connections, in file order.
    pub connections: Vec<Declaration>,
    /// `openapi:` as written.
    pub openapi: Option<String>,
}

/// Reads `explicit` (`--config FILE`, which must exist) or else `sortie.yaml` in the working
/// directory when there is one. Errors come with the file's text when it could be read.
pub fn load(explicit: Option<&Path>) -> Result<Config, (ConfigError, Option<String>)> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(DEFAULT_FILE);
            if !p.is_file() {
                return Ok(Config::default());
            }
            p
        }
    };
    let source = std::fs::read_to_string(&path).map_err(|e| {
        let error = ConfigError {
            path: path.clone(),
            pos: None,
            span: None,
            message: format!("cannot read: {e}"),
        };
        (error, None)
    })?;
    match parse_config(&source, &path) {
        Ok(declared) => {
            let dir = path.parent().unwrap_or(Path::new(""));
            Ok(Config {
                openapi: declared.openapi.map(|p| dir.join(p)),
                path: Some(path),
                source,
                connections: declared.connections,
            })
        }
        Err(e) => Err((e, Some(masked_secrets(&source)))),
    }
}

/// The config text with the values of secret keys (and of keys that look like a misspelt
/// one, `pasword:`) masked, byte for byte, so an error snippet never shows them and places
/// in the text stay where they were.
pub fn masked_secrets(source: &str) -> String {
    use crate::spec::options::{did_you_mean, SECRET_CONNECTION_KEYS};
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let masked = line.split_once(':').and_then(|(key, value)| {
            let key = key
                .trim()
                .trim_start_matches('-')
                .trim()
                .trim_matches(['"', '\'']);
            let secret = SECRET_CONNECTION_KEYS.contains(&key)
                || did_you_mean(key, SECRET_CONNECTION_KEYS.iter().copied()).is_some();
            secret.then(|| {
                let body = value.trim_end_matches(['\r', '\n']);
                let ending = &value[body.len()..];
                let hidden: String = body
                    .chars()
                    .map(|c| {
                        if c.is_whitespace() {
                            c.to_string()
                        } else {
                            "*".repeat(c.len_utf8())
                        }
                    })
                    .collect();
                format!("{}:{hidden}{ending}", &line[..line.len() - value.len() - 1])
            })
        });
        out.push_str(masked.as_deref().unwrap_or(line));
    }
    out
}

/// The connections of a config file's text.
pub fn parse(source: &str, path: &Path) -> Result<Vec<Declaration>, ConfigError> {
    parse_config(source, path).map(|d| d.connections)
}

/// Everything a config file's text declares.
pub fn parse_config(source: &str, path: &Path) -> Result<Declared, ConfigError> {
    let error = |pos: Option<LineCol>, message: String| ConfigError {
        path: path.to_path_buf(),
        pos,
        span: pos
            .and_then(|p| LineIndex::new(source).offset_of(source, p))
            .map(|o| Span::new(o, o)),
        message,
    };
    let root: Value = serde_norway::from_str(source).map_err(|e| {
        let pos = e
            .location()
            .map(|l| LineCol::at(l.line() as u32, l.column() as u32));
        error(
            pos,
            format!("invalid YAML: {}", strip_location(&e.to_string())),
        )
    })?;
    let index = KeyIndex::new(source);
    let at = |keys: &[&str]| index.get(keys).or(Some(LineCol::at(1, 1)));
    let top = match root {
        Value::Null => return Ok(Declared::default()),
        Value::Mapping(m) => m,
        _ => {
            return Err(error(
                Some(LineCol::at(1, 1)),
                "expecting a mapping with a 'connections:' key".into(),
            ))
        }
    };
    let mut out = Vec::new();
    let mut openapi = None;
    for (key, value) in top {
        let key = scalar(&key).unwrap_or_default();
        if key == "openapi" {
            match value {
                Value::String(p) if !p.is_empty() => openapi = Some(p),
                _ => {
                    let msg = "'openapi' must be the path of an OpenAPI document".to_string();
                    return Err(error(at(&["openapi"]), msg));
                }
            }
            continue;
        }
        if key != "connections" {
            let msg =
                format!("unknown key '{key}'; the top-level keys are 'connections' and 'openapi'");
            return Err(error(at(&[&key]), msg));
        }
        let connections = match value {
            Value::Null => continue,
            Value::Mapping(m) => m,
            _ => {
                return Err(error(
                    at(&["connections"]),
                    "'connections' must be a mapping of names to connections".into(),
                ))
            }
        };
        for (name, body) in connections {
            let name = scalar(&name).unwrap_or_default();
            let name_pos = at(&["connections", &name]);
            if !is_valid_name(&name) {
                let msg =
                    format!("invalid connection name '{name}': use letters, digits, '_' or '-'");
                return Err(error(name_pos, msg));
            }
            let body = match body {
                Value::Mapping(m) => m,
                _ => {
                    return Err(error(
                        name_pos,
                        format!("connection '{name}' must be a mapping of keys to values"),
                    ))
                }
            };
            out.push(declaration(&index, path, &name, body).map_err(|(pos, m)| error(pos, m))?);
        }
    }
    Ok(Declared {
        connections: out,
        openapi,
    })
}

type Located = (Option<LineCol>, String);

fn declaration(
    index: &KeyIndex,
    path: &Path,
    name: &str,
    body: serde_norway::Mapping,
) -> Result<Declaration, Located> {
    let at = |key: &str| {
        index
            .get(&["connections", name, key])
            .or(Some(LineCol::at(1, 1)))
    };
    let name_pos = index
        .get(&["connections", name])
        .unwrap_or(LineCol::at(1, 1));
    let mut kind = None;
    let mut settings = Vec::new();
    let mut pending = Vec::new();
    for (key, value) in body {
        let key = scalar(&key).unwrap_or_default();
        if key == "type" {
            let written = scalar(&value).unwrap_or_default();
            kind = Some(
                ConnectionType::from_name(&written)
                    .ok_or_else(|| (at("type"), unknown_type(&written)))?,
            );
        } else {
            pending.push((key, value));
        }
    }
    let types: Vec<&str> = CONNECTION_TYPES.iter().map(|(n, _, _)| *n).collect();
    let kind = kind.ok_or_else(|| {
        let msg = format!(
            "connection '{name}' has no type: add 'type: …' ({})",
            types.join(", ")
        );
        (Some(name_pos), msg)
    })?;
    let allowed = kind.keys();
    for (key, value) in pending {
        let Some((_, rule)) = allowed.iter().find(|(k, _)| *k == key) else {
            let names = allowed.iter().map(|(k, _)| *k);
            let msg = match did_you_mean(&key, names) {
                Some(k) => format!(
                    "unknown key '{key}' for a {} connection; did you mean '{k}'?",
                    kind.name()
                ),
                None => format!(
                    "unknown key '{key}' for a {} connection; its keys are {}",
                    kind.name(),
                    allowed
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err((at(&key), msg));
        };
        let pos = at(&key).unwrap_or_default();
        let texts: Vec<String> =
            match &value {
                Value::Sequence(items) if *rule == KeyRule::Repeatable || key == "scopes" => {
                    let mut texts = Vec::new();
                    for item in items {
                        texts.push(scalar(item).ok_or_else(|| {
                            (Some(pos), format!("'{key}' must be a list of texts"))
                        })?);
                    }
                    if key == "scopes" {
                        vec![texts.join(" ")]
                    } else {
                        texts
                    }
                }
                Value::Null => return Err((Some(pos), format!("'{key}' has no value"))),
                other => vec![scalar(other).ok_or_else(|| {
                    (
                        Some(pos),
                        format!("'{key}' must be a text, not a list or a mapping"),
                    )
                })?],
            };
        for text in texts {
            let value = parse_template(&text).map_err(|e| {
                (
                    Some(pos),
                    format!(
                        "{key}: {} (column {} of the value)",
                        e.message,
                        text[..(e.span.start as usize).min(text.len())]
                            .chars()
                            .count()
                            + 1
                    ),
                )
            })?;
            settings.push(Setting {
                key: key.clone(),
                value,
                pos,
            });
        }
    }
    for (key, rule) in allowed {
        if *rule == KeyRule::Required && !settings.iter().any(|s| s.key == *key) {
            let msg = format!(
                "connection '{name}' ({}) is missing the key '{key}'",
                kind.name()
            );
            return Err((Some(name_pos), msg));
        }
    }
    Ok(Declaration {
        name: name.to_string(),
        kind,
        settings,
        origin: Origin {
            file: path.to_path_buf(),
            pos: name_pos,
        },
    })
}

fn unknown_type(written: &str) -> String {
    let names = CONNECTION_TYPES.iter().map(|(n, _, _)| *n);
    let list: Vec<&str> = CONNECTION_TYPES.iter().map(|(n, _, _)| *n).collect();
    match did_you_mean(written, names) {
        Some(s) => format!("unknown connection type '{written}'; did you mean '{s}'?"),
        None => format!(
            "unknown connection type '{written}'; the types are {}",
            list.join(", ")
        ),
    }
}

/// A scalar as text (strings, numbers, booleans); `None` for lists, mappings and null.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

/// `serde_norway` ends its messages with the place; the diagnostic shows it already.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => {
            let rest = &message[i + " at line ".len()..];
            let skip = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ' ' || c.is_ascii_alphabetic()))
                .unwrap_or(rest.len());
            let tail = &rest[skip..];
            format!("{}{}", &message[..i], tail)
        }
        None => message.to_string(),
    }
}

/// Where a key path (`connections` → `api` → `token-url`) is written: the first line of
/// each nested key; for a path not written line by line (flow style), the deepest key found.
pub fn locate(source: &str, path: &[&str]) -> Option<LineCol> {
    KeyIndex::new(source).get(path)
}

/// The places of every block-style key of a YAML text, found in one pass (a file with
/// thousands of connections is indexed once, not searched once per key).
pub struct KeyIndex {
    places: std::collections::HashMap<String, LineCol>,
}

impl KeyIndex {
    /// Indexes `source`.
    pub fn new(source: &str) -> Self {
        let mut places = std::collections::HashMap::new();
        let mut stack: Vec<(usize, String)> = Vec::new();
        for (idx, line) in source.lines().enumerate() {
            let trimmed = line.trim_start_matches(' ');
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
                continue;
            }
            let indent = line.len() - trimmed.len();
            while stack.last().is_some_and(|(i, _)| *i >= indent) {
                stack.pop();
            }
            let Some((key, _)) = key_of(trimmed) else {
                continue;
            };
            stack.push((indent, key.to_string()));
            let path = stack
                .iter()
                .map(|(_, k)| k.as_str())
                .collect::<Vec<_>>()
                .join("\u{0}");
            places
                .entry(path)
                .or_insert_with(|| LineCol::at(idx as u32 + 1, indent as u32 + 1));
        }
        KeyIndex { places }
    }

    /// The place of `path`, or of its deepest written prefix.
    pub fn get(&self, path: &[&str]) -> Option<LineCol> {
        (1..=path.len())
            .rev()
            .find_map(|n| self.places.get(&path[..n].join("\u{0}")).copied())
    }
}

/// The key of a `key: value` line, unquoted, and where the rest starts.
fn key_of(line: &str) -> Option<(&str, usize)> {
    let (key, after) = if let Some(q) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = line[1..].find(q)? + 1;
        (&line[1..end], end + 1)
    } else {
        let colon = line.find(':')?;
        (line[..colon].trim_end(), colon)
    };
    let rest = &line[after..];
    let rest = rest.trim_start();
    if !rest.starts_with(':') {
        return None;
    }
    let after_colon = &rest[1..];
    (after_colon.is_empty() || after_colon.starts_with([' ', '\t'])).then_some((key, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_are_masked_in_place_for_error_snippets() {
        let text = "connections:\n  api:\n    pasword: hunter2é\n    client-secret: \"s3\"\r\n    header: X-A: 1\n";
        let masked = masked_secrets(text);
        assert_eq!(masked.len(), text.len());
        assert!(
            !masked.contains("hunter2") && !masked.contains("s3"),
            "{masked}"
        );
        assert!(masked.contains("    pasword: *********\n"), "{masked}");
        assert!(masked.contains("client-secret: ****\r\n"), "{masked}");
        assert!(masked.contains("header: X-A: 1"), "{masked}");
    }

    fn parse_ok(yaml: &str) -> Vec<Declaration> {
        parse(yaml, Path::new("sortie.yaml")).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn parse_err(yaml: &str) -> ConfigError {
        parse(yaml, Path::new("sortie.yaml")).unwrap_err()
    }

    #[test]
    fn reads_connections_with_templates_lists_and_positions() {
        let yaml = "# shared\nconnections:\n  billing:\n    type: oauth2-client-credentials\n    token-url: \"{{base}}/token\"\n    client-id: id-1\n    client-secret: \"{{secret}}\"\n    scopes: [a, b]\n    header:\n      - \"X-Tenant: acme\"\n      - \"X-Env: ci\"\n    param: audience=api\n  key:\n    type: api-key\n    api-key: 12345\n";
        let decls = parse_ok(yaml);
        assert_eq!(decls.len(), 2);
        let b = &decls[0];
        assert_eq!(b.name, "billing");
        assert_eq!(b.kind, ConnectionType::OAuth2ClientCredentials);
        assert_eq!(b.origin.pos, LineCol::at(3, 3));
        assert_eq!(b.origin.to_string(), "sortie.yaml:3:3");
        let token_url = b.settings.iter().find(|s| s.key == "token-url").unwrap();
        assert_eq!(token_url.pos, LineCol::at(5, 5));
        assert_eq!(token_url.value.parts.len(), 2);
        let scopes = b.settings.iter().find(|s| s.key == "scopes").unwrap();
        assert_eq!(scopes.value.as_literal().unwrap(), "a b");
        assert_eq!(b.settings.iter().filter(|s| s.key == "header").count(), 2);
        assert_eq!(decls[1].settings[0].value.as_literal().unwrap(), "12345");
        assert!(parse_ok("").is_empty());
        assert!(parse_ok("connections:\n").is_empty());
    }

    #[test]
    fn errors_have_places() {
        let e = parse_err("connections:\n  a:\n    type: api-key\n    api-key: [\n");
        assert!(e.message.starts_with("invalid YAML"), "{e:?}");
        assert!(e.pos.is_some());
        assert!(!e.message.contains(" at line "), "{e:?}");

        let e = parse_err("connection:\n  a: {}\n");
        assert_eq!(e.pos, Some(LineCol::at(1, 1)));
        assert!(e.message.contains("unknown key 'connection'"), "{e:?}");

        let e = parse_err("connections:\n  a:\n    type: oauth\n    api-key: k\n");
        assert_eq!(e.pos, Some(LineCol::at(3, 5)));
        assert!(
            e.message.contains("unknown connection type 'oauth'"),
            "{e:?}"
        );

        let e = parse_err("connections:\n  a:\n    type: api-key\n    api-kye: k\n");
        assert_eq!(e.pos, Some(LineCol::at(4, 5)));
        assert!(e.message.contains("did you mean 'api-key'"), "{e:?}");

        let e = parse_err("connections:\n  a:\n    type: basic\n    username: u\n");
        assert_eq!(e.pos, Some(LineCol::at(2, 3)));
        assert!(e.message.contains("missing the key 'password'"), "{e:?}");

        let e = parse_err("connections:\n  a:\n    api-key: k\n");
        assert!(e.message.contains("has no type"), "{e:?}");

        let e = parse_err("connections:\n  a:\n    type: api-key\n    api-key: \"{{oops\"\n");
        assert_eq!(e.pos, Some(LineCol::at(4, 5)));
        assert!(e.message.contains("api-key:"), "{e:?}");

        let e = parse_err(
            "connections:\n  a:\n    type: api-key\n    api-key: k\n    scheme: [a, b]\n",
        );
        assert!(e.message.contains("must be a text"), "{e:?}");

        let e = parse_err("connections:\n  ../x:\n    type: api-key\n    api-key: k\n");
        assert!(e.message.contains("invalid connection name"), "{e:?}");
    }

    #[test]
    fn reads_the_openapi_document() {
        let declared = parse_config(
            "openapi: api/petstore.yaml
connections: {}
",
            Path::new("c.yaml"),
        )
        .unwrap();
        assert_eq!(declared.openapi.as_deref(), Some("api/petstore.yaml"));
        assert!(declared.connections.is_empty());
        for bad in [
            "openapi:
",
            "openapi: [a]
",
            "openapi: ''
",
        ] {
            let e = parse_config(bad, Path::new("c.yaml")).unwrap_err();
            assert!(
                e.message.contains("'openapi' must be the path"),
                "{bad}: {e:?}"
            );
            assert_eq!(e.pos, Some(LineCol::at(1, 1)), "{bad}");
        }
        let e = parse_err(
            "servers: x
",
        );
        assert!(
            e.message
                .contains("the top-level keys are 'connections' and 'openapi'"),
            "{e:?}"
        );
    }

    #[test]
    fn locates_keys_by_indentation() {
        let yaml = "connections:\n  a:\n    type: basic\n  b:\n    # c\n    'type': x\n";
        assert_eq!(
            locate(yaml, &["connections", "b", "type"]),
            Some(LineCol::at(6, 5))
        );
        assert_eq!(
            locate(yaml, &["connections", "a", "type"]),
            Some(LineCol::at(3, 5))
        );
        assert_eq!(locate(yaml, &["connections", "c"]), Some(LineCol::at(1, 1)));
        assert_eq!(locate(yaml, &["nope"]), None);
        assert_eq!(
            locate("connections: {a: {type: x}}\n", &["connections", "a"]),
            Some(LineCol::at(1, 1))
        );
    }
}
