//! Contract checking: JSON Schema validation (`matchesSchema`), OpenAPI 3.0/3.1 response
//! validation, and contract coverage.
//!
//! * [`SchemaCache::get_or_compile`] compiles a [`SchemaSource`] (file, text or value) once per
//!   run; [`CompiledSchema::validate`] lists every [`SchemaViolation`].
//! * [`OpenApi::load`] reads a document; [`OpenApi::check_response`] matches a
//!   [`ResponseInput`] to its operation and returns a [`ResponseCheck`]: undocumented, or
//!   matched with its [`ContractViolation`]s.
//! * [`Coverage::record`] accumulates checks; [`Coverage::report`] gives the
//!   [`CoverageReport`].
//!
//! Self-contained: inputs are plain values (`serde_json::Value`, status, header pairs, method,
//! URL, body bytes), so the module depends on nothing else in sortie: `check` evaluates
//! `matchesSchema` with it, `run` validates responses and gathers coverage with it, and
//! `report` shows the [`CoverageReport`]. Nothing is fetched from the network: `$ref`s
//! resolve to local files only.

pub mod coverage;
mod error;
mod load;
pub mod openapi;
mod pointer;
pub mod schema;

pub use coverage::{
    Coverage, CoverageMergeError, CoverageReport, OperationCoverage, UndocumentedRequest,
};
pub use error::ContractError;
pub use openapi::{
    ContractViolation, MatchedResponse, OpenApi, OpenApiVersion, OperationInfo, OperationRef,
    ResponseCheck, ResponseInput, Unmatched, UnmatchedReason, ViolationKind,
};
pub use schema::{
    validate_many, CompiledSchema, SchemaCache, SchemaDraft, SchemaSource, SchemaViolation,
};
