//! Checking responses: queries read values from a response, filters transform them,
//! predicates test them, and JSON values are compared by meaning with a readable diff.
//!
//! The semantics follow Hurl 8:
//! * [`eval_query`] reads a value (`status`, `header`, `jsonpath`, `cookie`, …); `None` means
//!   the response has no such value.
//! * [`apply_filters`] transforms it (`count`, `nth`, `toInt`, `base64Decode`, …); a filter
//!   given the wrong type of input is an error naming the filter and both types.
//! * [`eval_predicate`] tests it (`==`, `contains`, `isUuid`, …) and describes the expected and
//!   actual values for reports, with a diff when JSON values differ.
//! * [`check_response`] checks a whole response against its expectation, in Hurl's order
//!   and with Hurl's verdicts (see [`response`]).
//!
//! Template rendering, variables and file reads come from the runner through [`Context`].

pub mod body;
mod compare;
mod cookie;
mod error;
pub mod expr_cache;
pub mod filter;
mod filter_codec;
mod filter_date;
pub mod json;
pub mod jsonpath;
pub mod predicate;
pub mod query;
pub mod response;
mod schema;
pub mod value;
pub mod xpath;
mod xpath_query;

#[cfg(test)]
mod testutil;

use std::sync::Arc;

use crate::contract::CompiledSchema;
use crate::http::{HttpResponse, Redirect};
use crate::spec::ast::{Expr, Span, Template};

pub use error::{CheckError, CheckErrorKind};
pub use filter::apply_filters;
pub use json::{json_diff, json_equal, text_diff, JsonDiff};
pub use predicate::{eval_predicate, predicate_value};
pub use query::eval_query;
pub use response::{check_response, AssertResult, CaptureResult, CheckContext, ResponseCheck};
pub use value::Value;

/// What the runner provides: template rendering, variables, file reads.
pub trait Context {
    /// Renders a template with the run's variables (an undefined variable is an Err with its span).
    fn render(&self, t: &Template) -> Result<String, CheckError>;
    /// The value of a variable, typed, if defined.
    fn variable(&self, name: &str) -> Option<Value>;
    /// Evaluates a bare `{{expr}}` to a typed Value (a variable keeps its type; functions like
    /// newUuid give strings).
    fn expr(&self, e: &Expr) -> Result<Value, CheckError>;
    /// Reads a `file,` value (the runner confines it to the spec's folder).
    fn read_file(&self, t: &Template) -> Result<Vec<u8>, CheckError>;
    /// The compiled schema of a `matchesSchema` value written at `span`. The runner compiles
    /// each schema once per run, and confines a schema file and the files its `$ref`s read
    /// to the spec's folder, as every `file,` value.
    fn schema(&self, source: SchemaRef, span: Span) -> Result<Arc<CompiledSchema>, CheckError>;
}

/// Where the schema of a `matchesSchema` predicate comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum SchemaRef {
    /// `file,name;`: the file name, rendered, relative to the spec's folder.
    File(String),
    /// An inline JSON object, or a variable holding an object.
    Value(serde_json::Value),
    /// A variable holding the schema's text (JSON or YAML).
    Text(String),
}

/// The response and what is known about its exchange.
pub struct ResponseData<'a> {
    /// The final response.
    pub response: &'a HttpResponse,
    /// The redirects followed before it, in order.
    pub redirects: &'a [Redirect],
    /// Whole exchange duration (the `duration` query, in ms).
    pub duration: std::time::Duration,
    /// `response-type: binary` makes the `body` query give bytes.
    pub response_type: Option<crate::spec::options::ResponseType>,
    /// The body as an XML or HTML document, parsed by the first `xpath` query.
    pub document: std::cell::OnceCell<Result<xpath::Document, String>>,
}

/// The result of a predicate, with human-readable descriptions for reports.
#[derive(Clone, Debug, PartialEq)]
pub struct PredicateOutcome {
    /// True when the assertion holds.
    pub passed: bool,
    /// e.g. `== "Widget"`, `greater than 3`, `not exists`.
    pub expected: String,
    /// e.g. `"Gadget"` or `none` or `integer 4`.
    pub actual: String,
    /// For JSON values compared with `==`: a unified diff and the differing JSON paths; for
    /// multi-line strings: a line diff.
    pub diff: Option<String>,
}
