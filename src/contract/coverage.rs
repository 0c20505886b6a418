//! Contract coverage: which operations and documented responses a run exercised.
//!
//! Figures: A of B operations exercised, C of D documented responses (operation × `responses`
//! key) exercised, and E undocumented requests (responses whose request matched no operation).
//! Recording is thread-safe; the report is serialisable.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use super::openapi::{OpenApi, OperationInfo, ResponseCheck};

/// Accumulates checked responses of a run.
#[derive(Debug)]
pub struct Coverage {
    catalog: Vec<OperationInfo>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Operation index → what was seen.
    seen: HashMap<usize, Seen>,
    /// (method, path) → how many requests matched no operation, and their statuses.
    undocumented: BTreeMap<(String, String), (usize, BTreeSet<u16>)>,
    undocumented_total: usize,
}

#[derive(Debug, Default)]
struct Seen {
    statuses: BTreeSet<u16>,
    /// `responses` keys exercised.
    responses: BTreeSet<String>,
    /// Statuses no `responses` key covers.
    undocumented_statuses: BTreeSet<u16>,
}

/// The coverage of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageReport {
    /// A: operations with at least one recorded response.
    pub operations_exercised: usize,
    /// B: operations in the document.
    pub operations_total: usize,
    /// C: documented responses (operation × `responses` key) exercised.
    pub responses_exercised: usize,
    /// D: documented responses in the document.
    pub responses_total: usize,
    /// E: recorded responses whose request matched no operation.
    pub undocumented_requests: usize,
    /// Those requests, one entry per method and path.
    pub undocumented: Vec<UndocumentedRequest>,
    /// Operations never exercised (`GET /pets/{petId}`), in document order.
    pub operations_never_exercised: Vec<String>,
    /// Every operation, in document order.
    pub operations: Vec<OperationCoverage>,
}

/// Requests to one method and path that no operation describes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndocumentedRequest {
    /// Upper-case method.
    pub method: String,
    /// Request path.
    pub path: String,
    /// How many responses were recorded.
    pub count: usize,
    /// Their distinct statuses, ascending.
    pub statuses: Vec<u16>,
}

/// What was seen of one operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationCoverage {
    /// `METHOD /path/template`.
    pub operation: String,
    /// `operationId`, when present.
    pub operation_id: Option<String>,
    /// Every documented `responses` key, in document order.
    pub responses: Vec<String>,
    /// Distinct statuses received, ascending.
    pub statuses_seen: Vec<u16>,
    /// Documented `responses` keys exercised, in document order.
    pub responses_seen: Vec<String>,
    /// Documented `responses` keys never exercised, in document order.
    pub responses_never_seen: Vec<String>,
    /// Statuses received that no `responses` key covers, ascending.
    pub undocumented_statuses: Vec<u16>,
}

impl Coverage {
    /// Empty coverage of `api`'s operations.
    pub fn new(api: &OpenApi) -> Self {
        Self::from_catalog(api.operations())
    }

    /// Empty coverage of the given operations.
    pub fn from_catalog(catalog: Vec<OperationInfo>) -> Self {
        Coverage {
            catalog,
            state: Mutex::new(State::default()),
        }
    }

    /// Records one checked response.
    pub fn record(&self, check: &ResponseCheck) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match check {
            ResponseCheck::Undocumented(unmatched) => {
                state.undocumented_total += 1;
                let entry = state
                    .undocumented
                    .entry((unmatched.method.clone(), unmatched.path.clone()))
                    .or_default();
                entry.0 += 1;
                entry.1.insert(unmatched.status);
            }
            ResponseCheck::Matched(matched) => {
                let seen = state.seen.entry(matched.operation.index).or_default();
                seen.statuses.insert(matched.status);
                match &matched.response {
                    Some(key) => {
                        seen.responses.insert(key.clone());
                    }
                    None => {
                        seen.undocumented_statuses.insert(matched.status);
                    }
                }
            }
        }
    }

    /// The figures and lists so far.
    pub fn report(&self) -> CoverageReport {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let empty = Seen::default();
        let mut operations = Vec::with_capacity(self.catalog.len());
        for info in &self.catalog {
            let seen = state.seen.get(&info.operation.index).unwrap_or(&empty);
            let (responses_seen, responses_never_seen) = info
                .responses
                .iter()
                .cloned()
                .partition(|key| seen.responses.contains(key));
            operations.push(OperationCoverage {
                operation: info.operation.to_string(),
                operation_id: info.operation.operation_id.clone(),
                responses: info.responses.clone(),
                statuses_seen: seen.statuses.iter().copied().collect(),
                responses_seen,
                responses_never_seen,
                undocumented_statuses: seen.undocumented_statuses.iter().copied().collect(),
            });
        }
        let undocumented = state
            .undocumented
            .iter()
            .map(|((method, path), (count, statuses))| UndocumentedRequest {
                method: method.clone(),
                path: path.clone(),
                count: *count,
                statuses: statuses.iter().copied().collect(),
            })
            .collect();
        CoverageReport::of(operations, undocumented, state.undocumented_total)
    }
}

/// Why coverage reports cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the coverage reports are not of the same operations: {0}")]
pub struct CoverageMergeError(String);

impl CoverageReport {
    /// A report from its per-operation parts, the figures computed.
    fn of(
        operations: Vec<OperationCoverage>,
        undocumented: Vec<UndocumentedRequest>,
        undocumented_requests: usize,
    ) -> Self {
        CoverageReport {
            operations_exercised: operations
                .iter()
                .filter(|o| !o.statuses_seen.is_empty())
                .count(),
            operations_total: operations.len(),
            responses_exercised: operations.iter().map(|o| o.responses_seen.len()).sum(),
            responses_total: operations.iter().map(|o| o.responses.len()).sum(),
            undocumented_requests,
            undocumented,
            operations_never_exercised: operations
                .iter()
                .filter(|o| o.statuses_seen.is_empty())
                .map(|o| o.operation.clone())
                .collect(),
            operations,
        }
    }

    /// The coverage of runs of the same document taken together (the shards of one run):
    /// what any of them exercised is exercised. Errors when their operations differ.
    pub fn merge(parts: &[&CoverageReport]) -> Result<CoverageReport, CoverageMergeError> {
        let Some(first) = parts.first() else {
            return Ok(CoverageReport::of(Vec::new(), Vec::new(), 0));
        };
        let mut operations = first.operations.clone();
        let mut undocumented: BTreeMap<(String, String), (usize, BTreeSet<u16>)> = BTreeMap::new();
        for part in parts {
            let same = part.operations.len() == operations.len()
                && part
                    .operations
                    .iter()
                    .zip(&operations)
                    .all(|(a, b)| a.operation == b.operation && a.responses == b.responses);
            if !same {
                let names = |r: &CoverageReport| {
                    r.operations
                        .iter()
                        .map(|o| o.operation.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(CoverageMergeError(format!(
                    "[{}] and [{}]",
                    names(first),
                    names(part)
                )));
            }
            for (into, from) in operations.iter_mut().zip(&part.operations) {
                let seen: BTreeSet<u16> = into
                    .statuses_seen
                    .iter()
                    .chain(&from.statuses_seen)
                    .copied()
                    .collect();
                into.statuses_seen = seen.into_iter().collect();
                let undocumented: BTreeSet<u16> = into
                    .undocumented_statuses
                    .iter()
                    .chain(&from.undocumented_statuses)
                    .copied()
                    .collect();
                into.undocumented_statuses = undocumented.into_iter().collect();
                let exercised = |key: &String| {
                    into.responses_seen.contains(key) || from.responses_seen.contains(key)
                };
                let (seen, never): (Vec<String>, Vec<String>) =
                    into.responses.iter().cloned().partition(exercised);
                into.responses_seen = seen;
                into.responses_never_seen = never;
            }
            for u in &part.undocumented {
                let entry = undocumented
                    .entry((u.method.clone(), u.path.clone()))
                    .or_default();
                entry.0 += u.count;
                entry.1.extend(u.statuses.iter().copied());
            }
        }
        let undocumented = undocumented
            .into_iter()
            .map(|((method, path), (count, statuses))| UndocumentedRequest {
                method,
                path,
                count,
                statuses: statuses.into_iter().collect(),
            })
            .collect();
        let total = parts.iter().map(|p| p.undocumented_requests).sum();
        Ok(CoverageReport::of(operations, undocumented, total))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{OpenApi, ResponseInput};
    use super::*;
    use serde_json::json;
    use std::path::Path;

    fn api() -> OpenApi {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/contract/openapi/petstore.v30.yaml");
        OpenApi::load(&path).expect("fixture loads")
    }

    /// Operation, statuses seen, responses seen, never seen, undocumented statuses.
    type Row<'a> = (&'a str, Vec<u16>, Vec<String>, Vec<String>, Vec<u16>);

    /// (method, url, status) of a run; bodies are empty so only matching matters.
    const RUN: [(&str, &str, u16); 10] = [
        ("GET", "/v1/pets", 200),
        ("GET", "http://127.0.0.1:8080/v1/pets?page=2", 200),
        ("GET", "/v1/pets", 503),
        ("POST", "/v1/pets", 409),
        ("POST", "/v1/pets", 400),
        ("DELETE", "/v1/pets/1", 500),
        ("GET", "/v1/nope", 404),
        ("GET", "/v1/nope?x=1", 404),
        ("PUT", "/v1/pets/1", 405),
        ("GET", "/health", 200),
    ];

    fn record_run(api: &OpenApi, coverage: &Coverage) {
        for (method, url, status) in RUN {
            let check = api
                .check_response(&ResponseInput {
                    method,
                    url,
                    status,
                    headers: &[],
                    body: b"",
                })
                .expect("checks");
            coverage.record(&check);
        }
    }

    #[test]
    fn figures_and_lists() {
        let api = api();
        let coverage = Coverage::new(&api);
        let before = coverage.report();
        assert_eq!(
            (before.operations_exercised, before.operations_total),
            (0, 8)
        );
        assert_eq!(
            (before.responses_exercised, before.responses_total),
            (0, 11)
        );
        record_run(&api, &coverage);
        let report = coverage.report();
        assert_eq!(
            (report.operations_exercised, report.operations_total),
            (4, 8)
        );
        assert_eq!(
            (report.responses_exercised, report.responses_total),
            (4, 11)
        );
        assert_eq!(report.undocumented_requests, 3);
        assert_eq!(
            report.undocumented,
            vec![
                UndocumentedRequest {
                    method: "GET".into(),
                    path: "/v1/nope".into(),
                    count: 2,
                    statuses: vec![404],
                },
                UndocumentedRequest {
                    method: "PUT".into(),
                    path: "/v1/pets/1".into(),
                    count: 1,
                    statuses: vec![405],
                },
            ]
        );
        assert_eq!(
            report.operations_never_exercised,
            vec![
                "GET /pets/mine",
                "GET /pets/{petId}",
                "POST /users",
                "GET /files/{name}.{ext}"
            ]
        );
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let per_operation: Vec<Row<'_>> = report
            .operations
            .iter()
            .map(|o| {
                (
                    o.operation.as_str(),
                    o.statuses_seen.clone(),
                    o.responses_seen.clone(),
                    o.responses_never_seen.clone(),
                    o.undocumented_statuses.clone(),
                )
            })
            .collect();
        assert_eq!(
            per_operation,
            vec![
                (
                    "GET /pets",
                    vec![200, 503],
                    strings(&["200", "default"]),
                    vec![],
                    vec![]
                ),
                (
                    "POST /pets",
                    vec![400, 409],
                    strings(&["4XX"]),
                    strings(&["201"]),
                    vec![]
                ),
                ("GET /pets/mine", vec![], vec![], strings(&["200"]), vec![]),
                (
                    "GET /pets/{petId}",
                    vec![],
                    vec![],
                    strings(&["200", "404"]),
                    vec![]
                ),
                (
                    "DELETE /pets/{petId}",
                    vec![500],
                    vec![],
                    strings(&["204"]),
                    vec![500]
                ),
                ("POST /users", vec![], vec![], strings(&["201"]), vec![]),
                (
                    "GET /files/{name}.{ext}",
                    vec![],
                    vec![],
                    strings(&["200"]),
                    vec![]
                ),
                ("GET /health", vec![200], strings(&["200"]), vec![], vec![]),
            ]
        );
        assert_eq!(
            report.operations[0].operation_id.as_deref(),
            Some("listPets")
        );
        assert_eq!(report.operations[6].operation_id, None);
    }

    #[test]
    fn report_serialises() {
        let api = api();
        let coverage = Coverage::new(&api);
        record_run(&api, &coverage);
        let value = serde_json::to_value(coverage.report()).expect("serialises");
        assert_eq!(value["operations_exercised"], json!(4));
        assert_eq!(value["responses_total"], json!(11));
        assert_eq!(
            value["operations"][1],
            json!({
                "operation": "POST /pets",
                "operation_id": "createPet",
                "responses": ["201", "4XX"],
                "statuses_seen": [400, 409],
                "responses_seen": ["4XX"],
                "responses_never_seen": ["201"],
                "undocumented_statuses": []
            })
        );
        let back: CoverageReport = serde_json::from_value(value).expect("deserialises");
        assert_eq!(back, coverage.report());
    }

    #[test]
    fn merged_parts_count_what_any_exercised() {
        let api = api();
        let record = |calls: &[(&str, &str, u16)]| {
            let coverage = Coverage::new(&api);
            for (method, url, status) in calls {
                let input = ResponseInput {
                    method,
                    url,
                    status: *status,
                    headers: &[],
                    body: b"",
                };
                coverage.record(&api.check_response(&input).expect("checks"));
            }
            coverage.report()
        };
        let one = record(&RUN[..5]);
        let two = record(&RUN[5..]);
        let whole = {
            let coverage = Coverage::new(&api);
            record_run(&api, &coverage);
            coverage.report()
        };
        assert_eq!(CoverageReport::merge(&[&one, &two]), Ok(whole.clone()));
        assert_eq!(CoverageReport::merge(&[&two, &one]), Ok(whole.clone()));
        assert_eq!(CoverageReport::merge(&[&whole]), Ok(whole.clone()));
        let mut other = whole.clone();
        other.operations.pop();
        let err = CoverageReport::merge(&[&whole, &other]).expect_err("other operations");
        assert!(
            err.to_string().contains("not of the same operations"),
            "{err}"
        );
    }

    #[test]
    fn parallel_recording_matches_serial() {
        use rayon::prelude::*;
        let api = api();
        let serial = Coverage::new(&api);
        let parallel = Coverage::new(&api);
        for _ in 0..25 {
            record_run(&api, &serial);
        }
        (0..25)
            .into_par_iter()
            .for_each(|_| record_run(&api, &parallel));
        let report = parallel.report();
        assert_eq!(report, serial.report());
        assert_eq!(report.undocumented_requests, 75);
        assert_eq!(report.undocumented[0].count, 50);
    }
}
