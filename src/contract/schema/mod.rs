//! JSON Schema compilation and validation: the `matchesSchema` predicate, and the engine under
//! OpenAPI body checks.
//!
//! The draft comes from `$schema` (4, 6, 7, 2019-09, 2020-12; 2020-12 when absent). Formats are
//! asserted. `$ref`s resolve to local definitions and local files only.

mod cache;
mod keywords;
mod retriever;

use std::collections::HashMap;
use std::path::Path;

use jsonschema::Draft;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::load::{parse_text, read_document};
use super::pointer;
use super::ContractError;

pub use cache::{validate_many, SchemaCache};
pub(crate) use keywords::{DISCRIMINATOR_KEYWORD, FORMAT_KEYWORD, WRITE_ONLY_KEYWORD};

/// Where a schema comes from.
#[derive(Clone, Copy, Debug)]
pub enum SchemaSource<'a> {
    /// A JSON or YAML file; relative `$ref`s resolve next to it.
    File(&'a Path),
    /// Schema text (JSON, or YAML); relative `$ref`s resolve in `base_dir` when given.
    Text {
        /// The schema text.
        text: &'a str,
        /// Directory for relative file `$ref`s, usually the spec file's.
        base_dir: Option<&'a Path>,
    },
    /// An already-parsed schema; relative `$ref`s resolve in `base_dir` when given.
    Value {
        /// The schema.
        value: &'a Value,
        /// Directory for relative file `$ref`s, usually the spec file's.
        base_dir: Option<&'a Path>,
    },
}

/// A JSON Schema draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchemaDraft {
    /// Draft 4.
    Draft4,
    /// Draft 6.
    Draft6,
    /// Draft 7.
    Draft7,
    /// Draft 2019-09.
    Draft201909,
    /// Draft 2020-12.
    Draft202012,
}

impl std::fmt::Display for SchemaDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SchemaDraft::Draft4 => "draft-04",
            SchemaDraft::Draft6 => "draft-06",
            SchemaDraft::Draft7 => "draft-07",
            SchemaDraft::Draft201909 => "2019-09",
            SchemaDraft::Draft202012 => "2020-12",
        })
    }
}

/// One reason an instance does not match a schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaViolation {
    /// JSON Pointer to the offending value (`""` for the root, `/pets/0/name`).
    pub instance_path: String,
    /// The same location as JSONPath (`$`, `$.pets[0].name`).
    pub json_path: String,
    /// The failing keyword's location: `#/properties/name/type`, or `file#/pointer` when the
    /// keyword lives in another file or in an OpenAPI document.
    pub schema_path: String,
    /// The failing keyword (`type`, `required`, `format`, `writeOnly`, …).
    pub keyword: String,
    /// The validator's message.
    pub message: String,
}

impl std::fmt::Display for SchemaViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.json_path, self.message)
    }
}

/// The dialect a schema is compiled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Plain JSON Schema.
    JsonSchema,
    /// A bundle made by the OpenAPI converter: OpenAPI formats and sortie keywords on.
    OpenApi,
}

/// Turns keyword locations of a bundled schema back into the document's locations.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    /// `$defs` key → `file#/pointer` of the schema it was converted from.
    pub defs: HashMap<String, String>,
}

/// A compiled schema; cheap to share (`Send + Sync`).
#[derive(Debug)]
pub struct CompiledSchema {
    validator: jsonschema::Validator,
    draft: SchemaDraft,
    origin: String,
    base_uri: Option<String>,
    origins: Option<Origins>,
}

impl CompiledSchema {
    /// Reads (for files), parses and compiles a schema; its `$ref`s may read any local file.
    pub fn compile(source: &SchemaSource<'_>) -> Result<Self, ContractError> {
        Self::compile_within(source, None)
    }

    /// As [`Self::compile`], with every file a `$ref` reads confined to `root` (a spec's file
    /// root): a `$ref` that leads outside, symbolic links resolved, is a compile error.
    pub fn compile_within(
        source: &SchemaSource<'_>,
        root: Option<&Path>,
    ) -> Result<Self, ContractError> {
        let root = match root {
            Some(dir) => Some(dir.canonicalize().map_err(|source| ContractError::Io {
                path: dir.to_path_buf(),
                source,
            })?),
            None => None,
        };
        match *source {
            SchemaSource::File(path) => {
                let canonical = path.canonicalize().map_err(|source| ContractError::Io {
                    path: path.to_path_buf(),
                    source,
                })?;
                let value = read_document(&canonical)?;
                let base = url::Url::from_file_path(&canonical).ok().map(String::from);
                compile_value(
                    &value,
                    base,
                    path.display().to_string(),
                    Dialect::JsonSchema,
                    None,
                    root,
                )
            }
            SchemaSource::Text { text, base_dir } => {
                let value = parse_text(text, "inline schema")?;
                compile_value(
                    &value,
                    dir_base(base_dir),
                    "inline schema".into(),
                    Dialect::JsonSchema,
                    None,
                    root,
                )
            }
            SchemaSource::Value { value, base_dir } => compile_value(
                value,
                dir_base(base_dir),
                "inline schema".into(),
                Dialect::JsonSchema,
                None,
                root,
            ),
        }
    }

    /// The draft the schema was compiled for.
    pub fn draft(&self) -> SchemaDraft {
        self.draft
    }

    /// Where the schema came from (a path, `inline schema`, or an OpenAPI location).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether `instance` is valid; faster than [`Self::validate`] when it is.
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.validator.is_valid(instance)
    }

    /// Every violation, in the validator's order; empty when `instance` is valid.
    pub fn validate(&self, instance: &Value) -> Vec<SchemaViolation> {
        if self.validator.is_valid(instance) {
            return Vec::new();
        }
        self.validator
            .iter_errors(instance)
            .map(|err| self.violation(&err))
            .collect()
    }

    fn violation(&self, err: &jsonschema::ValidationError<'_>) -> SchemaViolation {
        let instance_path = err.instance_path().as_str().to_string();
        let keyword = err.kind().keyword();
        let keyword = keywords::original_keyword(keyword)
            .unwrap_or(keyword)
            .to_string();
        SchemaViolation {
            json_path: pointer::to_json_path(&instance_path),
            instance_path,
            schema_path: self.schema_path(err),
            keyword,
            message: message(err),
        }
    }

    /// `#/pointer` within the root schema, `file#/pointer` elsewhere, or the OpenAPI location.
    fn schema_path(&self, err: &jsonschema::ValidationError<'_>) -> String {
        let fallback = || format!("#{}", err.schema_path().as_str());
        let Some(absolute) = err.absolute_keyword_location() else {
            return rename_keywords(&fallback());
        };
        let absolute = absolute.as_str();
        let (resource, fragment) = absolute.split_once('#').unwrap_or((absolute, ""));
        if let Some(origins) = &self.origins {
            return rename_keywords(&bundled_location(origins, fragment).unwrap_or_else(fallback));
        }
        let same_resource = self
            .base_uri
            .as_deref()
            .is_some_and(|base| base.split('#').next() == Some(resource));
        if same_resource {
            return format!("#{fragment}");
        }
        let shown = url::Url::parse(resource)
            .ok()
            .and_then(|u| u.to_file_path().ok())
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| resource.to_string());
        format!("{shown}#{fragment}")
    }
}

/// Maps `/$defs/<key>/rest` to `<origin of key>/rest`.
fn bundled_location(origins: &Origins, fragment: &str) -> Option<String> {
    let rest = fragment.strip_prefix("/$defs/")?;
    let (key, tail) = rest.split_once('/').map_or((rest, ""), |(k, t)| (k, t));
    let origin = origins.defs.get(key)?;
    Some(if tail.is_empty() {
        origin.clone()
    } else {
        format!("{origin}/{tail}")
    })
}

fn rename_keywords(path: &str) -> String {
    let mut out = path.to_string();
    for keyword in [DISCRIMINATOR_KEYWORD, FORMAT_KEYWORD, WRITE_ONLY_KEYWORD] {
        if let Some(original) = keywords::original_keyword(keyword) {
            out = out.replace(keyword, original);
        }
    }
    out
}

/// The validator's message, with the failing branches of `anyOf`/`oneOf` summarised.
fn message(err: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::ValidationErrorKind as Kind;
    let base = short_message(err);
    let context = match err.kind() {
        Kind::AnyOf { context } | Kind::OneOfNotValid { context } => context,
        _ => return base,
    };
    let branches: Vec<String> = context
        .iter()
        .enumerate()
        .filter_map(|(i, errors)| {
            errors.first().map(|first| {
                let at = pointer::to_json_path(first.instance_path().as_str());
                format!("branch {i}: {at}: {}", short_message(first))
            })
        })
        .collect();
    if branches.is_empty() {
        base
    } else {
        format!("{base} ({})", branches.join("; "))
    }
}

/// Messages quote the instance; a large one is replaced by `value` to keep reports readable.
fn short_message(err: &jsonschema::ValidationError<'_>) -> String {
    const MAX_QUOTED: usize = 80;
    let quoted = serde_json::to_string(err.instance().as_ref()).map_or(usize::MAX, |s| s.len());
    if quoted <= MAX_QUOTED {
        err.to_string()
    } else {
        err.masked().to_string()
    }
}

fn dir_base(base_dir: Option<&Path>) -> Option<String> {
    let dir = base_dir?;
    let absolute = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    url::Url::from_directory_path(absolute)
        .ok()
        .map(String::from)
}

/// The draft `$schema` names, 2020-12 when absent; an unknown `$schema` is an error.
fn detect_draft(value: &Value, origin: &str) -> Result<(Draft, SchemaDraft), ContractError> {
    let Some(uri) = value.get("$schema") else {
        return Ok((Draft::Draft202012, SchemaDraft::Draft202012));
    };
    let uri = uri.as_str().unwrap_or_default();
    match Draft::from_schema_uri(uri) {
        Draft::Draft4 => Ok((Draft::Draft4, SchemaDraft::Draft4)),
        Draft::Draft6 => Ok((Draft::Draft6, SchemaDraft::Draft6)),
        Draft::Draft7 => Ok((Draft::Draft7, SchemaDraft::Draft7)),
        Draft::Draft201909 => Ok((Draft::Draft201909, SchemaDraft::Draft201909)),
        Draft::Draft202012 => Ok((Draft::Draft202012, SchemaDraft::Draft202012)),
        _ => Err(ContractError::InvalidSchema {
            origin: origin.to_string(),
            message: format!(
                "unknown $schema {uri:?}: drafts 4, 6, 7, 2019-09 and 2020-12 are supported"
            ),
        }),
    }
}

/// Compiles a parsed schema. `base_uri` anchors relative `$ref`s; `origins` is set for
/// OpenAPI bundles; `root` (canonical) confines the files `$ref`s read.
pub(crate) fn compile_value(
    value: &Value,
    base_uri: Option<String>,
    origin: String,
    dialect: Dialect,
    origins: Option<Origins>,
    root: Option<std::path::PathBuf>,
) -> Result<CompiledSchema, ContractError> {
    let (draft, schema_draft) = detect_draft(value, &origin)?;
    let mut options = jsonschema::options()
        .with_draft(draft)
        .with_retriever(retriever::LocalRetriever { root });
    options = match dialect {
        Dialect::JsonSchema => keywords::json_schema(options),
        Dialect::OpenApi => keywords::openapi(options),
    };
    if let Some(base) = &base_uri {
        options = options.with_base_uri(base.clone());
    }
    let validator = options.build(value).map_err(|err| {
        let mut message = err.to_string();
        if base_uri.is_none() && message.contains("No base URI") {
            message.push_str(": a relative $ref needs a base directory");
        }
        ContractError::InvalidSchema {
            origin: origin.clone(),
            message,
        }
    })?;
    Ok(CompiledSchema {
        validator,
        draft: schema_draft,
        origin,
        base_uri,
        origins,
    })
}

#[cfg(test)]
mod tests;
