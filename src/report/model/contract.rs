//! The OpenAPI contract of a run in the report model: the document, the coverage figures and
//! lists, and the `--openapi-coverage` requirement (which decides the exit code with the
//! entries' problems).

use serde::{Deserialize, Serialize};

use crate::contract::{CoverageMergeError, CoverageReport, OpenApiVersion};
use crate::run::contract::percent;

/// What a run checked of its OpenAPI document (`--openapi`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractReport {
    /// The document as the user named it.
    pub document: String,
    /// Its OpenAPI version: `3.0` or `3.1`.
    pub openapi: OpenApiVersion,
    /// `--openapi-coverage N`: the least share of operations, in percent, the run must
    /// exercise.
    pub required_coverage: Option<f64>,
    /// The share of operations exercised, in percent.
    pub operations_percent: f64,
    /// The figures (A/B operations, C/D documented responses, E undocumented requests) and
    /// the lists: every operation with the statuses seen and the responses never seen, the
    /// operations never exercised, the undocumented requests.
    #[serde(flatten)]
    pub coverage: CoverageReport,
}

impl ContractReport {
    /// A report of `coverage`, its percentage computed.
    pub fn new(
        document: String,
        openapi: OpenApiVersion,
        required_coverage: Option<f64>,
        coverage: CoverageReport,
    ) -> Self {
        ContractReport {
            document,
            openapi,
            required_coverage,
            operations_percent: percent(coverage.operations_exercised, coverage.operations_total),
            coverage,
        }
    }

    /// True when fewer operations were exercised than `--openapi-coverage` asks.
    pub fn below_required(&self) -> bool {
        self.required_coverage
            .is_some_and(|n| self.operations_percent < n)
    }

    /// The contract of shards of one run taken together: the same document, what any shard
    /// exercised is exercised; the strictest requirement stands.
    pub fn merge(parts: &[&ContractReport]) -> Result<Option<ContractReport>, CoverageMergeError> {
        let Some(first) = parts.first() else {
            return Ok(None);
        };
        let coverages: Vec<&CoverageReport> = parts.iter().map(|p| &p.coverage).collect();
        let coverage = CoverageReport::merge(&coverages)?;
        let required = parts
            .iter()
            .filter_map(|p| p.required_coverage)
            .fold(None, |max: Option<f64>, n| {
                Some(max.map_or(n, |m| m.max(n)))
            });
        Ok(Some(ContractReport::new(
            first.document.clone(),
            first.openapi,
            required,
            coverage,
        )))
    }
}

/// The summary line of the terminal and the HTML report: `A/B operations, C/D documented
/// responses exercised, E undocumented requests`.
pub fn coverage_line(c: &CoverageReport) -> String {
    format!(
        "{}/{} operations, {}/{} documented responses exercised, {} undocumented request{}",
        c.operations_exercised,
        c.operations_total,
        c.responses_exercised,
        c.responses_total,
        c.undocumented_requests,
        if c.undocumented_requests == 1 {
            ""
        } else {
            "s"
        }
    )
}
