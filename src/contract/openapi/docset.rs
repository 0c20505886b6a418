//! The files of an OpenAPI document and `$ref` resolution between them.
//!
//! Every file reachable through `$ref`s is loaded and every `$ref` is checked when the document
//! is loaded, so a broken reference is reported once, up front. Remote references are refused.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::super::load::read_document;
use super::super::pointer;
use super::super::ContractError;

/// A value's location: a file of the set and a JSON Pointer in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Loc {
    /// Index in [`DocSet::files`]; 0 is the root document.
    pub file: usize,
    /// JSON Pointer into that file.
    pub pointer: String,
}

impl Loc {
    /// The location of a child value.
    pub fn child(&self, token: &str) -> Loc {
        Loc {
            file: self.file,
            pointer: pointer::push(&self.pointer, token),
        }
    }
}

struct DocFile {
    /// Canonical path (a made-up one inside the base directory for inline documents).
    path: PathBuf,
    /// Path shown in messages: relative to the root document's directory.
    name: String,
    value: Value,
}

/// The root document and the files it references.
pub(crate) struct DocSet {
    files: Vec<DocFile>,
    by_path: HashMap<PathBuf, usize>,
}

/// `$ref`s under these keys are example data, not references.
const DATA_KEYS: [&str; 2] = ["example", "examples"];

/// Follows at most this many `$ref`s in a row.
const MAX_REF_CHAIN: usize = 32;

impl DocSet {
    /// Loads `path` and every file it references.
    pub fn load(path: &Path) -> Result<Self, ContractError> {
        let canonical = path.canonicalize().map_err(|source| ContractError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let value = read_document(&canonical)?;
        let name = canonical.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Self::build(canonical, name, value)
    }

    /// A document given as a value; relative file references resolve in `base_dir`.
    pub fn from_value(value: Value, base_dir: &Path) -> Result<Self, ContractError> {
        let dir = base_dir
            .canonicalize()
            .unwrap_or_else(|_| base_dir.to_path_buf());
        Self::build(dir.join("<inline>"), "inline document".to_string(), value)
    }

    fn build(root: PathBuf, name: String, value: Value) -> Result<Self, ContractError> {
        let mut set = DocSet {
            files: Vec::new(),
            by_path: HashMap::new(),
        };
        set.by_path.insert(root.clone(), 0);
        set.files.push(DocFile {
            path: root,
            name,
            value,
        });
        let mut queue = VecDeque::from([0]);
        while let Some(file) = queue.pop_front() {
            let mut refs = Vec::new();
            collect_refs(&set.files[file].value, &mut refs);
            for reference in refs {
                let (target, _) = set.file_of(file, &reference)?;
                if let Target::Other(path) = target {
                    if !set.by_path.contains_key(&path) {
                        let value = read_document(&path)?;
                        let index = set.files.len();
                        let name = set.relative_name(&path);
                        set.by_path.insert(path.clone(), index);
                        set.files.push(DocFile { path, name, value });
                        queue.push_back(index);
                    }
                }
            }
        }
        // Every reference must land on a value.
        for file in 0..set.files.len() {
            let mut refs = Vec::new();
            collect_refs(&set.files[file].value, &mut refs);
            for reference in refs {
                set.resolve_ref(file, &reference)?;
            }
        }
        Ok(set)
    }

    /// The root document.
    pub fn root(&self) -> &Value {
        &self.files[0].value
    }

    /// The value at `loc`.
    pub fn get(&self, loc: &Loc) -> Option<&Value> {
        self.files.get(loc.file)?.value.pointer(&loc.pointer)
    }

    /// `file#/pointer`, for messages and schema paths.
    pub fn display(&self, loc: &Loc) -> String {
        let name = self.files.get(loc.file).map_or("?", |f| f.name.as_str());
        format!("{name}#{}", loc.pointer)
    }

    /// Where `reference`, written in file `from`, points.
    pub fn resolve_ref(&self, from: usize, reference: &str) -> Result<Loc, ContractError> {
        let (target, fragment) = self.file_of(from, reference)?;
        let file = match target {
            Target::Same => from,
            Target::Other(path) => *self
                .by_path
                .get(&path)
                .ok_or_else(|| self.unresolved(from, reference))?,
        };
        let fragment = percent_decode_str(fragment).decode_utf8_lossy();
        let pointer = if fragment.is_empty() || fragment.starts_with('/') {
            fragment.into_owned()
        } else {
            find_anchor(&self.files[file].value, &fragment, String::new())
                .ok_or_else(|| self.unresolved(from, reference))?
        };
        let loc = Loc { file, pointer };
        if self.get(&loc).is_none() {
            return Err(self.unresolved(from, reference));
        }
        Ok(loc)
    }

    /// Follows `$ref`s from `loc` to a value that is not a reference.
    pub fn deref(&self, loc: Loc) -> Result<(Loc, &Value), ContractError> {
        let mut loc = loc;
        for _ in 0..MAX_REF_CHAIN {
            let value = self.get(&loc).ok_or_else(|| ContractError::UnresolvedRef {
                reference: loc.pointer.clone(),
                origin: self.display(&loc),
            })?;
            match value.get("$ref").and_then(Value::as_str) {
                Some(reference) => loc = self.resolve_ref(loc.file, reference)?,
                None => return Ok((loc, value)),
            }
        }
        Err(ContractError::RefCycle {
            location: self.display(&loc),
        })
    }

    fn unresolved(&self, from: usize, reference: &str) -> ContractError {
        ContractError::UnresolvedRef {
            reference: reference.to_string(),
            origin: self
                .files
                .get(from)
                .map_or_else(String::new, |f| f.name.clone()),
        }
    }

    /// The file part of a reference, resolved against the file it is written in.
    fn file_of<'r>(
        &self,
        from: usize,
        reference: &'r str,
    ) -> Result<(Target, &'r str), ContractError> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file_part.is_empty() {
            return Ok((Target::Same, fragment));
        }
        let origin = || self.files[from].name.clone();
        let remote = || ContractError::RemoteRef {
            reference: reference.to_string(),
            origin: origin(),
        };
        let path = if file_part.starts_with("//") {
            return Err(remote());
        } else if has_scheme(file_part) {
            let url = url::Url::parse(file_part).map_err(|_| remote())?;
            if url.scheme() != "file" {
                return Err(remote());
            }
            url.to_file_path().map_err(|()| remote())?
        } else {
            let decoded = percent_decode_str(file_part).decode_utf8_lossy();
            let dir = self.files[from]
                .path
                .parent()
                .map_or_else(PathBuf::new, Path::to_path_buf);
            dir.join(decoded.as_ref())
        };
        let canonical = path.canonicalize().map_err(|source| ContractError::Io {
            path: path.clone(),
            source,
        })?;
        if canonical == self.files[from].path {
            return Ok((Target::Same, fragment));
        }
        Ok((Target::Other(canonical), fragment))
    }

    fn relative_name(&self, path: &Path) -> String {
        let root_dir = self.files[0].path.parent();
        root_dir
            .and_then(|dir| path.strip_prefix(dir).ok())
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

enum Target {
    Same,
    Other(PathBuf),
}

/// `scheme:` at the start (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`).
fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    if let Value::String(reference) = child {
                        out.push(reference.clone());
                    }
                } else if !DATA_KEYS.contains(&key.as_str()) {
                    collect_refs(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

/// The pointer of the schema declaring `$anchor: name` (or the older `$id: "#name"`).
fn find_anchor(value: &Value, name: &str, at: String) -> Option<String> {
    match value {
        Value::Object(map) => {
            let anchored = map.get("$anchor").and_then(Value::as_str) == Some(name)
                || map
                    .get("$id")
                    .and_then(Value::as_str)
                    .and_then(|id| id.strip_prefix('#'))
                    == Some(name);
            if anchored {
                return Some(at);
            }
            map.iter()
                .filter(|(key, _)| !DATA_KEYS.contains(&key.as_str()))
                .find_map(|(key, child)| find_anchor(child, name, pointer::push(&at, key)))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_anchor(item, name, format!("{at}/{i}"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemes_are_recognised() {
        let cases = [
            ("https://x/y.json", true),
            ("file:///a.json", true),
            ("urn:x", true),
            ("schemas/pet.yaml", false),
            ("./a:b.yaml", false),
            ("1abc:x", false),
        ];
        for (text, expected) in cases {
            assert_eq!(has_scheme(text), expected, "{text}");
        }
    }

    #[test]
    fn local_refs_anchors_and_chains() {
        let doc = json!({
            "components": {
                "schemas": {
                    "A": {"$ref": "#/components/schemas/B"},
                    "B": {"$ref": "#named"},
                    "C": {"$anchor": "named", "type": "string"},
                    "Loop": {"$ref": "#/components/schemas/Loop"}
                }
            },
            "examples": {"e": {"$ref": "#/nowhere"}}
        });
        let dir = std::env::temp_dir();
        let set = DocSet::from_value(doc, &dir).expect("loads");
        let start = Loc {
            file: 0,
            pointer: "/components/schemas/A".into(),
        };
        let (loc, value) = set.deref(start).expect("resolves");
        assert_eq!(loc.pointer, "/components/schemas/C");
        assert_eq!(value, &json!({"$anchor": "named", "type": "string"}));
        assert_eq!(set.display(&loc), "inline document#/components/schemas/C");
        let looped = Loc {
            file: 0,
            pointer: "/components/schemas/Loop".into(),
        };
        let err = set.deref(looped).expect_err("cycle");
        assert_eq!(
            err.to_string(),
            "$ref cycle at inline document#/components/schemas/Loop"
        );
    }

    #[test]
    fn broken_and_remote_refs_fail_at_load() {
        let dir = std::env::temp_dir();
        let broken = json!({"a": {"$ref": "#/components/schemas/Missing"}});
        let err = DocSet::from_value(broken, &dir).err().expect("unresolved");
        assert_eq!(
            err.to_string(),
            "unresolved $ref \"#/components/schemas/Missing\" in inline document"
        );
        for reference in [
            "https://example.com/pet.json#/Pet",
            "//example.com/pet.json",
        ] {
            let remote = json!({"a": {"$ref": reference}});
            let err = DocSet::from_value(remote, &dir).err().expect("remote");
            assert!(matches!(err, ContractError::RemoteRef { .. }), "{err}");
        }
    }
}
