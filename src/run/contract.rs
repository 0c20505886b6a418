//! Contracts in a run: the schemas of `matchesSchema` compiled once per run and shared by the
//! files run in parallel, and each response checked against the OpenAPI document of
//! `--openapi`, its coverage gathered across every file.

use std::sync::Arc;

use crate::check::{AssertResult, CheckError, CheckErrorKind, SchemaRef};
use crate::contract::{
    CompiledSchema, ContractError, ContractViolation, Coverage, CoverageReport, OpenApi,
    OpenApiVersion, ResponseCheck, ResponseInput, SchemaCache, SchemaSource,
};
use crate::diagnostic::{Diagnostic, Kind};
use crate::http::{HttpResponse, Redirect};
use crate::spec::ast::Span;

use super::template::Scope;

/// What a run checks contracts with.
#[derive(Clone, Debug, Default)]
pub struct ContractOptions {
    /// The `matchesSchema` schemas compiled so far, shared by every file of the run.
    pub schemas: Arc<SchemaCache>,
    /// The OpenAPI document responses are checked against (`--openapi`), with the run's
    /// coverage.
    pub openapi: Option<Arc<OpenApiContract>>,
}

/// An OpenAPI document loaded for a run, and what the run exercised of it.
#[derive(Debug)]
pub struct OpenApiContract {
    /// The document as the user named it.
    pub document: String,
    api: OpenApi,
    coverage: Coverage,
    /// `--openapi-coverage N`: the run fails below N% of operations exercised.
    pub required_coverage: Option<f64>,
}

/// What a run found of its OpenAPI contract: what reports show.
#[derive(Clone, Debug, PartialEq)]
pub struct ContractResult {
    /// The document as the user named it.
    pub document: String,
    /// Its OpenAPI version.
    pub version: OpenApiVersion,
    /// Operations and responses exercised, undocumented requests.
    pub coverage: CoverageReport,
    /// `--openapi-coverage N`, when given.
    pub required_coverage: Option<f64>,
}

impl ContractResult {
    /// The share of operations exercised, in percent (100 for a document without any).
    pub fn operations_percent(&self) -> f64 {
        percent(
            self.coverage.operations_exercised,
            self.coverage.operations_total,
        )
    }

    /// True when `--openapi-coverage` asks for more operations than were exercised.
    pub fn below_required(&self) -> bool {
        self.required_coverage
            .is_some_and(|n| self.operations_percent() < n)
    }
}

/// `part` of `total` in percent; 100 when there is nothing to cover.
pub fn percent(part: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        part as f64 * 100.0 / total as f64
    }
}

impl OpenApiContract {
    /// A loaded document (`document`: its name for messages) with empty coverage.
    pub fn new(document: String, api: OpenApi, required_coverage: Option<f64>) -> Self {
        OpenApiContract {
            document,
            coverage: Coverage::new(&api),
            api,
            required_coverage,
        }
    }

    /// The coverage so far.
    pub fn result(&self) -> ContractResult {
        ContractResult {
            document: self.document.clone(),
            version: self.api.version(),
            coverage: self.coverage.report(),
            required_coverage: self.required_coverage,
        }
    }

    /// Checks a response to `method` (the request's, before redirects), records it in the
    /// coverage, and gives the `contract` assert and its problem when it does not conform.
    /// Without `asserts` (`--no-assert`) the response is only counted. `at` is the request
    /// line, where a violation is reported.
    pub fn check(
        &self,
        method: &str,
        redirects: &[Redirect],
        response: &HttpResponse,
        asserts: bool,
        at: Span,
    ) -> ContractCheck {
        let method = final_method(method, redirects);
        let body = match response.body() {
            Ok(body) => body,
            Err(e) => {
                return ContractCheck::problem(
                    Diagnostic::new(
                        Kind::Assert,
                        "contract violation",
                        format!("the body can not be decoded for the contract check: {e}"),
                    )
                    .at(at),
                );
            }
        };
        let input = ResponseInput {
            method: &method,
            url: &response.url,
            status: response.status,
            headers: &response.headers,
            body,
        };
        let checked = match self.api.check_response(&input) {
            Ok(checked) => checked,
            Err(e) => {
                return ContractCheck::problem(
                    Diagnostic::new(Kind::Runtime, "contract", self.error_text(&e)).at(at),
                )
            }
        };
        self.coverage.record(&checked);
        let ResponseCheck::Matched(matched) = checked else {
            return ContractCheck::default();
        };
        if !asserts {
            return ContractCheck::default();
        }
        let expected = match &matched.response {
            Some(key) => format!(
                "conforms to {} ({key}) in {}",
                matched.operation, self.document
            ),
            None => format!("conforms to {} in {}", matched.operation, self.document),
        };
        let count = matched.violations.len();
        let actual = match count {
            0 => format!("status {}, conforms", matched.status),
            1 => format!("status {}, 1 violation", matched.status),
            n => format!("status {}, {n} violations", matched.status),
        };
        let assert = AssertResult {
            span: at,
            what: "contract".to_string(),
            expected: expected.clone(),
            actual: actual.clone(),
            passed: count == 0,
        };
        let problem = (count > 0).then(|| {
            let mut notes = vec![
                format!("expected: {expected}"),
                format!("actual:   {actual}"),
            ];
            notes.extend(matched.violations.iter().map(violation_note));
            Diagnostic::new(
                Kind::Assert,
                "contract violation",
                format!(
                    "the response breaks the contract of {} (status {})",
                    matched.operation, matched.status
                ),
            )
            .at(at)
            .with_notes(notes)
        });
        ContractCheck {
            assert: Some(assert),
            problem,
        }
    }

    fn error_text(&self, e: &ContractError) -> String {
        format!("{}: {e}", self.document)
    }
}

/// A violation as a note: its sentence, and the schema keyword that failed.
fn violation_note(v: &ContractViolation) -> String {
    match &v.schema {
        Some(schema) => format!("{} (schema: {})", v.message, schema.schema_path),
        None => v.message.clone(),
    }
}

/// The method of the request that got the final response: 301, 302 and 303 turn the next
/// hop into a GET, as the transport follows them (libcurl's rule, see `http::redirect`).
fn final_method(method: &str, redirects: &[Redirect]) -> String {
    redirects
        .iter()
        .fold(method.to_ascii_uppercase(), |m, r| match r.status {
            301..=303 => "GET".to_string(),
            _ => m,
        })
}

/// The contract check of one response.
#[derive(Debug, Default)]
pub struct ContractCheck {
    /// The `contract` assert, when the request matched an operation.
    pub assert: Option<AssertResult>,
    /// Why the response does not conform (or could not be checked).
    pub problem: Option<Diagnostic>,
}

impl ContractCheck {
    fn problem(problem: Diagnostic) -> Self {
        ContractCheck {
            assert: None,
            problem: Some(problem),
        }
    }
}

impl Scope<'_> {
    /// The compiled schema of a `matchesSchema` value, from `cache` (compiled on first use):
    /// a schema file confined to the file root, as every `file,` value, and the files its
    /// `$ref`s read too.
    pub fn schema_from(
        &self,
        cache: &SchemaCache,
        source: SchemaRef,
        span: Span,
    ) -> Result<Arc<CompiledSchema>, CheckError> {
        let root = Some(self.file_root);
        let compiled = match &source {
            SchemaRef::File(name) => {
                let path = self.confined_path(name, span)?;
                cache
                    .get_or_compile_within(&SchemaSource::File(&path), root)
                    .map_err(|e| schema_error(e, Some(name), span))
            }
            SchemaRef::Value(value) => {
                let source = SchemaSource::Value {
                    value,
                    base_dir: Some(self.file_root),
                };
                cache
                    .get_or_compile_within(&source, root)
                    .map_err(|e| schema_error(e, None, span))
            }
            SchemaRef::Text(text) => {
                let source = SchemaSource::Text {
                    text,
                    base_dir: Some(self.file_root),
                };
                cache
                    .get_or_compile_within(&source, root)
                    .map_err(|e| schema_error(e, None, span))
            }
        }?;
        Ok(compiled)
    }
}

/// A schema that cannot be read or compiled, at the predicate's value.
fn schema_error(e: ContractError, file: Option<&str>, span: Span) -> CheckError {
    match (e, file) {
        (ContractError::Io { source, .. }, Some(name)) => CheckError::new(
            CheckErrorKind::FileRead {
                name: name.to_string(),
                reason: source.to_string(),
            },
            span,
        ),
        (e, _) => CheckError::invalid(e.to_string(), span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_change_the_method_as_the_transport_does() {
        let hop = |status| Redirect {
            url: "http://h.test/a".into(),
            status,
            location: "/b".into(),
        };
        assert_eq!(final_method("post", &[]), "POST");
        assert_eq!(final_method("POST", &[hop(307)]), "POST");
        assert_eq!(final_method("POST", &[hop(303)]), "GET");
        assert_eq!(final_method("PUT", &[hop(302), hop(308)]), "GET");
    }

    #[test]
    fn coverage_percent_and_threshold() {
        let result = |exercised, total, required| ContractResult {
            document: "api.yaml".into(),
            version: OpenApiVersion::V3_0,
            coverage: CoverageReport {
                operations_exercised: exercised,
                operations_total: total,
                responses_exercised: 0,
                responses_total: 0,
                undocumented_requests: 0,
                undocumented: Vec::new(),
                operations_never_exercised: Vec::new(),
                operations: Vec::new(),
            },
            required_coverage: required,
        };
        assert_eq!(result(1, 4, None).operations_percent(), 25.0);
        assert_eq!(result(0, 0, None).operations_percent(), 100.0);
        assert!(!result(1, 4, None).below_required());
        assert!(result(1, 4, Some(50.0)).below_required());
        assert!(!result(2, 4, Some(50.0)).below_required());
        assert!(!result(0, 0, Some(100.0)).below_required());
    }
}
