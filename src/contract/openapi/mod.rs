//! OpenAPI 3.0 / 3.1 response validation.
//!
//! A document (YAML or JSON, `$ref`s within it and to relative files) is loaded once; each
//! response is then matched to its operation by method and URL, and checked: the status is
//! documented, the `Content-Type` is listed, the body matches the schema, required headers are
//! present and header values match their schemas. Schemas compile on first use and are cached;
//! [`OpenApi`] is `Send + Sync` for parallel runs.

mod dialect;
mod docset;
mod media;
mod plan;
mod response;
mod routes;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::load::parse_text;
use super::schema::{compile_value, CompiledSchema, Dialect, SchemaViolation};
use super::ContractError;
use docset::{DocSet, Loc};
use plan::ResponsePlan;
use routes::{RouteMatch, Routes};

/// Base URI of bundled schemas, so violations carry keyword locations to map back.
const BUNDLE_BASE_URI: &str = "urn:sortie:openapi";

/// The OpenAPI version of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenApiVersion {
    /// 3.0.x: schemas are a dialect of JSON Schema draft 4/5.
    #[serde(rename = "3.0")]
    V3_0,
    /// 3.1.x: schemas are JSON Schema 2020-12.
    #[serde(rename = "3.1")]
    V3_1,
}

/// A response to check, with the request that produced it.
#[derive(Clone, Copy, Debug)]
pub struct ResponseInput<'a> {
    /// Request method (any case).
    pub method: &'a str,
    /// Request URL, absolute or a path; the query string is ignored.
    pub url: &'a str,
    /// Response status code.
    pub status: u16,
    /// Response headers, names in any case; repeated names are joined with `, `.
    pub headers: &'a [(String, String)],
    /// Response body, decoded (no content encoding).
    pub body: &'a [u8],
}

/// An operation of the document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OperationRef {
    /// Position among the document's operations (document order).
    pub index: usize,
    /// Upper-case method.
    pub method: String,
    /// Path template as written under `paths` (`/pets/{petId}`).
    pub path: String,
    /// `operationId`, when present.
    pub operation_id: Option<String>,
}

impl std::fmt::Display for OperationRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// An operation and the response entries it documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationInfo {
    /// The operation.
    pub operation: OperationRef,
    /// Keys of its `responses`, in document order (`200`, `2XX`, `default`).
    pub responses: Vec<String>,
}

/// Why no operation matched a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmatchedReason {
    /// No path template matches the URL.
    PathNotFound,
    /// A path template matches, but has no operation for the method.
    MethodNotAllowed,
}

impl std::fmt::Display for UnmatchedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UnmatchedReason::PathNotFound => "no path of the document matches",
            UnmatchedReason::MethodNotAllowed => "the path has no operation for this method",
        })
    }
}

/// A request the document does not describe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    /// Upper-case method.
    pub method: String,
    /// The request's path (no query string).
    pub path: String,
    /// Response status code.
    pub status: u16,
    /// Why it did not match.
    pub reason: UnmatchedReason,
}

impl std::fmt::Display for Unmatched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} is undocumented: {}",
            self.method, self.path, self.reason
        )
    }
}

/// A response checked against its operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedResponse {
    /// The operation the request matched.
    pub operation: OperationRef,
    /// Response status code.
    pub status: u16,
    /// The `responses` key that describes the status (`200`, `2XX`, `default`); `None` when
    /// the status is undocumented.
    pub response: Option<String>,
    /// Every violation found; empty when the response conforms.
    pub violations: Vec<ContractViolation>,
}

/// The outcome of checking one response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum ResponseCheck {
    /// No operation matches the request.
    Undocumented(Unmatched),
    /// The request matched an operation.
    Matched(MatchedResponse),
}

impl ResponseCheck {
    /// Matched, with no violation.
    pub fn conforms(&self) -> bool {
        matches!(self, ResponseCheck::Matched(m) if m.violations.is_empty())
    }

    /// The violations (none for an undocumented request).
    pub fn violations(&self) -> &[ContractViolation] {
        match self {
            ResponseCheck::Matched(m) => &m.violations,
            ResponseCheck::Undocumented(_) => &[],
        }
    }
}

/// What kind of rule a response breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// The status code matches no `responses` key (exact, `2XX` range or `default`).
    UndocumentedStatus,
    /// The body's `Content-Type` is missing or not listed under the response's `content`.
    ContentTypeNotListed,
    /// The body does not match the schema (or is not JSON where JSON is declared).
    SchemaViolation,
    /// A header the response declares `required` is absent.
    MissingHeader,
    /// A header value does not match its schema.
    InvalidHeader,
}

/// One way a response breaks the contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractViolation {
    /// The rule broken.
    pub kind: ViolationKind,
    /// A complete sentence for reports.
    pub message: String,
    /// For schema violations (body or header): where and why.
    pub schema: Option<SchemaViolation>,
    /// For header violations: the header name as documented.
    pub header: Option<String>,
}

impl std::fmt::Display for ContractViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A loaded OpenAPI document, ready to check responses.
pub struct OpenApi {
    docs: DocSet,
    version: OpenApiVersion,
    routes: Routes,
    /// Responses of each operation, by operation index.
    plans: Vec<Vec<ResponsePlan>>,
    /// Compiled schemas by location, shared by responses that reference the same one.
    schemas: RwLock<HashMap<Loc, Arc<CompiledSchema>>>,
}

impl std::fmt::Debug for OpenApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenApi")
            .field("version", &self.version)
            .field("operations", &self.routes.operations.len())
            .finish_non_exhaustive()
    }
}

impl OpenApi {
    /// Loads a document file and the files it references.
    pub fn load(path: &Path) -> Result<Self, ContractError> {
        Self::from_docs(DocSet::load(path)?)
    }

    /// A document given as text (YAML or JSON); relative file `$ref`s resolve in `base_dir`.
    pub fn from_text(text: &str, base_dir: &Path) -> Result<Self, ContractError> {
        let value = parse_text(text, "inline document")?;
        Self::from_docs(DocSet::from_value(value, base_dir)?)
    }

    fn from_docs(docs: DocSet) -> Result<Self, ContractError> {
        let swagger = docs
            .root()
            .get("swagger")
            .map(|v| format!("swagger {}", v.as_str().unwrap_or_default()));
        let found = docs
            .root()
            .get("openapi")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or(swagger)
            .unwrap_or_default();
        let version = match found.split('.').take(2).collect::<Vec<_>>().as_slice() {
            ["3", "0"] => OpenApiVersion::V3_0,
            ["3", "1"] => OpenApiVersion::V3_1,
            _ => return Err(ContractError::UnsupportedVersion { found }),
        };
        let routes = Routes::build(&docs)?;
        let plans = routes
            .operations
            .iter()
            .map(|operation| plan::plan_responses(&docs, &operation.loc))
            .collect::<Result<_, _>>()?;
        Ok(OpenApi {
            docs,
            version,
            routes,
            plans,
            schemas: RwLock::new(HashMap::new()),
        })
    }

    /// The document's OpenAPI version.
    pub fn version(&self) -> OpenApiVersion {
        self.version
    }

    /// Every operation with its documented response keys, in document order.
    pub fn operations(&self) -> Vec<OperationInfo> {
        (0..self.routes.operations.len())
            .map(|index| OperationInfo {
                operation: self.operation_ref(index),
                responses: self.response_keys(index),
            })
            .collect()
    }

    /// The operation a request belongs to.
    pub fn find_operation(&self, method: &str, url: &str) -> Result<OperationRef, UnmatchedReason> {
        match self.routes.find(method, url) {
            RouteMatch::Found(index) => Ok(self.operation_ref(index)),
            RouteMatch::MethodNotAllowed => Err(UnmatchedReason::MethodNotAllowed),
            RouteMatch::NotFound => Err(UnmatchedReason::PathNotFound),
        }
    }

    /// Checks one response. Errors only when a schema of the document cannot be compiled.
    pub fn check_response(
        &self,
        input: &ResponseInput<'_>,
    ) -> Result<ResponseCheck, ContractError> {
        match self.routes.find(input.method, input.url) {
            RouteMatch::Found(index) => {
                Ok(ResponseCheck::Matched(self.check_matched(index, input)?))
            }
            miss => Ok(ResponseCheck::Undocumented(Unmatched {
                method: input.method.to_ascii_uppercase(),
                path: routes::request_path(input.url),
                status: input.status,
                reason: if miss == RouteMatch::MethodNotAllowed {
                    UnmatchedReason::MethodNotAllowed
                } else {
                    UnmatchedReason::PathNotFound
                },
            })),
        }
    }

    /// Checks many responses in order, sharing the schema cache (the lead's benchmark entry).
    pub fn check_responses(
        &self,
        inputs: &[ResponseInput<'_>],
    ) -> Result<Vec<ResponseCheck>, ContractError> {
        inputs
            .iter()
            .map(|input| self.check_response(input))
            .collect()
    }

    /// Compiles every response body and header schema now, to report document errors before
    /// a run. Returns how many schemas the responses use.
    pub fn compile_all(&self) -> Result<usize, ContractError> {
        let mut count = 0;
        for response in self.plans.iter().flatten() {
            let bodies = response.content.iter().filter_map(|m| m.schema.as_ref());
            let headers = response.headers.iter().filter_map(|h| h.schema.as_ref());
            for slot in bodies.chain(headers) {
                self.compiled(slot)?;
                count += 1;
            }
        }
        Ok(count)
    }

    fn operation_ref(&self, index: usize) -> OperationRef {
        let operation = &self.routes.operations[index];
        OperationRef {
            index,
            method: operation.method.clone(),
            path: operation.template.clone(),
            operation_id: operation.operation_id.clone(),
        }
    }

    fn response_keys(&self, index: usize) -> Vec<String> {
        self.plans[index].iter().map(|p| p.key.clone()).collect()
    }

    /// The compiled schema at `loc`, bundled and compiled on first use.
    fn schema(&self, loc: &Loc) -> Result<Arc<CompiledSchema>, ContractError> {
        if let Some(found) = self
            .schemas
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(loc)
        {
            return Ok(Arc::clone(found));
        }
        let bundle = dialect::bundle(&self.docs, self.version, loc)?;
        let compiled = Arc::new(compile_value(
            &bundle.schema,
            Some(BUNDLE_BASE_URI.to_string()),
            self.docs.display(loc),
            Dialect::OpenApi,
            Some(bundle.origins),
            None,
        )?);
        let mut schemas = self.schemas.write().unwrap_or_else(PoisonError::into_inner);
        Ok(Arc::clone(schemas.entry(loc.clone()).or_insert(compiled)))
    }
}

#[cfg(test)]
mod tests;
