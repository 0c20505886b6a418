//! Which operation a request (method + URL) belongs to.
//!
//! Each operation's path template is prefixed by the base path of each server that applies to
//! it (operation, path item, then document `servers`; server variables take their default, and
//! each listed `enum` value). Hosts are ignored: sortie runs against test servers whose host
//! differs from the document's. A single trailing slash is insignificant, query strings and
//! fragments are ignored, and when several templates match, the most specific wins: literal
//! segments before mixed ones (`{id}.json`) before bare parameters, left to right.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::super::ContractError;
use super::docset::{DocSet, Loc};

/// The HTTP methods a path item can hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Expanding server variables stops at this many base paths per server.
const MAX_SERVER_EXPANSIONS: usize = 64;

/// One operation of the document.
pub(crate) struct Operation {
    /// Upper-case method.
    pub method: String,
    /// The `paths` key, as written.
    pub template: String,
    /// `operationId`, when present.
    pub operation_id: Option<String>,
    /// The operation object (after following a path item `$ref`).
    pub loc: Loc,
    patterns: Vec<Pattern>,
}

/// What a request matched.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RouteMatch {
    /// The operation's index.
    Found(usize),
    /// A path matched, but none of its operations has this method.
    MethodNotAllowed,
    /// No path matched.
    NotFound,
}

/// All operations, in document order.
pub(crate) struct Routes {
    pub operations: Vec<Operation>,
}

#[derive(Clone, Debug)]
struct Pattern {
    segments: Vec<Segment>,
    trailing_slash: bool,
}

#[derive(Clone, Debug)]
enum Segment {
    Literal(String),
    Template(Vec<Part>),
}

#[derive(Clone, Debug)]
enum Part {
    Literal(String),
    Param,
}

/// Ordering of a match: lower is more specific.
type Specificity = (Vec<u8>, bool);

impl Routes {
    /// Indexes the operations of `docs`.
    pub fn build(docs: &DocSet) -> Result<Self, ContractError> {
        let root = docs.root();
        let root_servers = root.get("servers");
        let mut operations = Vec::new();
        let Some(paths) = root.get("paths").and_then(Value::as_object) else {
            return Ok(Routes { operations });
        };
        let paths_loc = Loc {
            file: 0,
            pointer: "/paths".into(),
        };
        for template in paths.keys() {
            if template.starts_with("x-") {
                continue;
            }
            let (item_loc, item) = docs.deref(paths_loc.child(template))?;
            let item_servers = non_empty(item.get("servers")).or(non_empty(root_servers));
            for method in METHODS {
                let Some(operation) = item.get(method).filter(|o| o.is_object()) else {
                    continue;
                };
                let servers = non_empty(operation.get("servers")).or(item_servers);
                let patterns = server_bases(servers)
                    .into_iter()
                    .map(|base| Pattern::new(&base, template))
                    .collect();
                operations.push(Operation {
                    method: method.to_ascii_uppercase(),
                    template: template.clone(),
                    operation_id: operation
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    loc: item_loc.child(method),
                    patterns,
                });
            }
        }
        Ok(Routes { operations })
    }

    /// The most specific operation for `method` and `url` (absolute, or a path).
    pub fn find(&self, method: &str, url: &str) -> RouteMatch {
        let (segments, trailing_slash) = request_segments(url);
        let mut best: Option<(Specificity, usize)> = None;
        let mut path_matched = false;
        for (index, operation) in self.operations.iter().enumerate() {
            let specificity = operation
                .patterns
                .iter()
                .filter_map(|p| p.matches(&segments, trailing_slash))
                .min();
            let Some(specificity) = specificity else {
                continue;
            };
            path_matched = true;
            if !operation.method.eq_ignore_ascii_case(method) {
                continue;
            }
            if best.as_ref().is_none_or(|(b, _)| specificity < *b) {
                best = Some((specificity, index));
            }
        }
        match best {
            Some((_, index)) => RouteMatch::Found(index),
            None if path_matched => RouteMatch::MethodNotAllowed,
            None => RouteMatch::NotFound,
        }
    }
}

/// The request's path: from an absolute URL, or the text before `?`/`#`.
pub(crate) fn request_path(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => parsed.path().to_string(),
        Err(_) => url.split(['?', '#']).next().unwrap_or_default().to_string(),
    }
}

fn request_segments(url: &str) -> (Vec<String>, bool) {
    let path = request_path(url);
    let (raw, trailing_slash) = split_path(&path);
    let segments = raw
        .iter()
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    (segments, trailing_slash)
}

/// Segments of a path, and whether it ends with a slash (the root `/` does not count).
fn split_path(path: &str) -> (Vec<&str>, bool) {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    if trimmed.is_empty() {
        return (Vec::new(), false);
    }
    let mut segments: Vec<&str> = trimmed.split('/').collect();
    let trailing_slash = segments.last() == Some(&"");
    if trailing_slash {
        segments.pop();
    }
    (segments, trailing_slash)
}

impl Pattern {
    fn new(base: &str, template: &str) -> Self {
        let (base_segments, _) = split_path(base);
        let (template_segments, trailing_slash) = split_path(template);
        let segments = base_segments
            .into_iter()
            .chain(template_segments)
            .map(parse_segment)
            .collect();
        Pattern {
            segments,
            trailing_slash,
        }
    }

    fn matches(&self, request: &[String], trailing_slash: bool) -> Option<Specificity> {
        if request.len() != self.segments.len() {
            return None;
        }
        let mut ranks = Vec::with_capacity(request.len());
        for (segment, actual) in self.segments.iter().zip(request) {
            let rank = match segment {
                Segment::Literal(literal) if literal == actual => 0,
                Segment::Literal(_) => return None,
                Segment::Template(parts) if match_parts(parts, actual) => {
                    if parts.iter().any(|p| matches!(p, Part::Literal(_))) {
                        1
                    } else {
                        2
                    }
                }
                Segment::Template(_) => return None,
            };
            ranks.push(rank);
        }
        Some((ranks, self.trailing_slash != trailing_slash))
    }
}

fn parse_segment(text: &str) -> Segment {
    let decoded = percent_decode_str(text).decode_utf8_lossy();
    if !decoded.contains('{') {
        return Segment::Literal(decoded.into_owned());
    }
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = decoded.as_ref();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        literal.push_str(&rest[..open]);
        if !literal.is_empty() {
            parts.push(Part::Literal(std::mem::take(&mut literal)));
        }
        parts.push(Part::Param);
        rest = &rest[open + close + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    Segment::Template(parts)
}

/// Whether `text` matches literal parts and parameters (each at least one character).
fn match_parts(parts: &[Part], text: &str) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Literal(literal), rest)) => text
            .strip_prefix(literal.as_str())
            .is_some_and(|remaining| match_parts(rest, remaining)),
        Some((Part::Param, rest)) => text
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .filter(|&end| end > 0)
            .any(|end| match_parts(rest, &text[end..])),
    }
}

fn non_empty(servers: Option<&Value>) -> Option<&Value> {
    servers.filter(|s| s.as_array().is_some_and(|a| !a.is_empty()))
}

/// Base paths of a `servers` list; `/` when absent (OpenAPI's default server is `/`).
fn server_bases(servers: Option<&Value>) -> Vec<String> {
    let Some(list) = servers.and_then(Value::as_array) else {
        return vec![String::new()];
    };
    let mut bases: Vec<String> = Vec::new();
    for server in list {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        for expanded in expand_variables(url, server.get("variables")) {
            let base = server_path(&expanded);
            if !bases.contains(&base) {
                bases.push(base);
            }
        }
    }
    if bases.is_empty() {
        bases.push(String::new());
    }
    bases
}

/// Each URL the server variables can produce: the default first, then `enum` values. A
/// variable without values stays `{name}` and matches any one segment.
fn expand_variables(url: &str, variables: Option<&Value>) -> Vec<String> {
    let mut urls = vec![url.to_string()];
    let Some(variables) = variables.and_then(Value::as_object) else {
        return urls;
    };
    for (name, variable) in variables {
        let placeholder = format!("{{{name}}}");
        if !url.contains(&placeholder) {
            continue;
        }
        let mut values: Vec<&str> = Vec::new();
        let listed = variable.get("enum").and_then(Value::as_array);
        let candidates = variable
            .get("default")
            .into_iter()
            .chain(listed.into_iter().flatten());
        for value in candidates.filter_map(Value::as_str) {
            if !values.contains(&value) {
                values.push(value);
            }
        }
        if values.is_empty() {
            continue;
        }
        let placeholder = placeholder.as_str();
        urls = urls
            .iter()
            .flat_map(|u| values.iter().map(move |v| u.replace(placeholder, v)))
            .take(MAX_SERVER_EXPANSIONS)
            .collect();
    }
    urls
}

/// The path of a server URL: absolute (`https://host/v1`), network-path (`//host/v1`) or
/// relative (`/v1`, `v1`).
fn server_path(url: &str) -> String {
    let after_authority = |rest: &str| rest.find('/').map_or("", |i| &rest[i..]).to_string();
    let path = if let Some(i) = url.find("://") {
        after_authority(&url[i + 3..])
    } else if let Some(rest) = url.strip_prefix("//") {
        after_authority(rest)
    } else {
        url.to_string()
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    if path.is_empty() || path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn server_paths() {
        let cases = [
            ("https://api.example.com/v1", "/v1"),
            ("https://api.example.com", ""),
            ("https://api.example.com/", ""),
            ("//api.example.com/base/", "/base"),
            ("/v2", "/v2"),
            ("v2", "/v2"),
            ("/", ""),
            ("http://{host}:{port}/api/{version}", "/api/{version}"),
        ];
        for (url, expected) in cases {
            assert_eq!(server_path(url), expected, "{url}");
        }
    }

    #[test]
    fn server_variables_expand_to_default_and_enum() {
        let variables = json!({
            "version": {"default": "v1", "enum": ["v1", "v2"]},
            "host": {"default": "api.example.com"},
            "unused": {"default": "x"}
        });
        assert_eq!(
            expand_variables("https://{host}/{version}/api", Some(&variables)),
            vec![
                "https://api.example.com/v1/api".to_string(),
                "https://api.example.com/v2/api".to_string()
            ]
        );
        let servers = json!([
            {"url": "https://{host}/{version}/api", "variables": variables},
            {"url": "http://localhost:8080/v1/api"}
        ]);
        assert_eq!(server_bases(Some(&servers)), vec!["/v1/api", "/v2/api"]);
        assert_eq!(server_bases(None), vec![""]);
    }

    #[test]
    fn segment_templates() {
        let cases = [
            ("{id}", "42", true),
            ("{id}", "", false),
            ("{name}.{ext}", "report.tar.gz", true),
            ("{name}.json", "report.json", true),
            ("{name}.json", ".json", false),
            ("v{major}", "v2", true),
            ("v{major}", "x2", false),
        ];
        for (template, text, expected) in cases {
            let Segment::Template(parts) = parse_segment(template) else {
                panic!("{template} is a template");
            };
            assert_eq!(
                match_parts(&parts, text),
                expected,
                "{template} vs {text:?}"
            );
        }
    }

    #[test]
    fn paths_split_with_trailing_slash() {
        assert_eq!(split_path("/"), (vec![], false));
        assert_eq!(split_path(""), (vec![], false));
        assert_eq!(split_path("/pets/"), (vec!["pets"], true));
        assert_eq!(split_path("/pets/1"), (vec!["pets", "1"], false));
        assert_eq!(
            request_path("http://127.0.0.1:8080/a%20b/c?x=1#f"),
            "/a%20b/c"
        );
        assert_eq!(request_path("/a/b?x=/y"), "/a/b");
    }
}
