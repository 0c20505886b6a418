//! The one error type of contract checking: loading and compiling, never validation results
//! (those are data: [`super::SchemaViolation`], [`super::ContractViolation`]).

use std::path::PathBuf;

/// Why a schema or an OpenAPI document could not be loaded or compiled.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file or text is neither valid JSON nor valid YAML.
    #[error("cannot parse {origin}: {message}")]
    Parse {
        /// The file path, or `inline schema` for text.
        origin: String,
        /// The parser's message.
        message: String,
    },
    /// The schema is not a valid JSON Schema, or one of its `$ref`s cannot be resolved.
    #[error("invalid schema {origin}: {message}")]
    InvalidSchema {
        /// Where the schema comes from.
        origin: String,
        /// The compiler's message.
        message: String,
    },
    /// The document's `openapi` field names a version other than 3.0.x or 3.1.x.
    #[error("unsupported OpenAPI version {found:?} (3.0.x and 3.1.x are supported)")]
    UnsupportedVersion {
        /// The `openapi` field, or an empty string when absent.
        found: String,
    },
    /// A `$ref` names a remote document; sortie never fetches them.
    #[error("remote $ref {reference:?} in {origin} is not supported: only local files are read")]
    RemoteRef {
        /// The reference as written.
        reference: String,
        /// The file holding it.
        origin: String,
    },
    /// A `$ref` points to nothing.
    #[error("unresolved $ref {reference:?} in {origin}")]
    UnresolvedRef {
        /// The reference as written.
        reference: String,
        /// The file holding it.
        origin: String,
    },
    /// A `$ref` chain loops back on itself without reaching a value.
    #[error("$ref cycle at {location}")]
    RefCycle {
        /// Where the cycle was detected.
        location: String,
    },
    /// The document's structure is not what OpenAPI requires.
    #[error("invalid OpenAPI document {origin}: {message}")]
    InvalidDocument {
        /// The file.
        origin: String,
        /// What is wrong.
        message: String,
    },
}
