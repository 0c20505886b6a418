//! Merging the reports of N shards (`sortie test --shard K/N`) into the report of the whole
//! run, as if one job had run every file.
//!
//! The shards must fit together: the same report format and tool, one report for each K of
//! the same N, no file in two shards, and as many files in each as `--shard` gives a part of
//! one file list. Shard K ran files K-1, K-1+N, K-1+2N… of the run's list, so taking the
//! shards' files in turn (1/N's first, 2/N's first, …, then each one's second…) gives the
//! files back in the order an unsharded run takes them.

use std::fmt;

use super::{ContractReport, Millis, Report, ShardOf, Summary, FORMAT};

/// A shard report with the name of the file it was read from, for errors.
#[derive(Clone, Debug)]
pub struct ShardReport {
    /// Where it was read from.
    pub name: String,
    /// The report.
    pub report: Report,
}

/// Why shards cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// No report given.
    #[error("no shard report to merge")]
    Empty,
    /// A report of another format.
    #[error("{name}: report format {found}; this sortie reads format {FORMAT}")]
    Format {
        /// The file.
        name: String,
        /// Its format.
        found: u32,
    },
    /// Reports written by different versions.
    #[error(
        "{name} was written by {found} but {first} by {expected}: merge the reports of one version"
    )]
    Tool {
        /// The file that differs.
        name: String,
        /// Its tool.
        found: String,
        /// The first file.
        first: String,
        /// The first file's tool.
        expected: String,
    },
    /// Shards of different N (a whole run counts as 1/1).
    #[error("{name} is shard {found} but {first} is shard {expected}: every shard must be part K of the same N")]
    Total {
        /// The file that differs.
        name: String,
        /// Its K/N.
        found: Shard,
        /// The first file.
        first: String,
        /// The first file's K/N.
        expected: Shard,
    },
    /// The same K twice.
    #[error("{first} and {second} are both shard {shard}")]
    Duplicate {
        /// The first file with it.
        first: String,
        /// The second.
        second: String,
        /// Their K/N.
        shard: Shard,
    },
    /// A K/N that is no part of a run (K is 1 to N).
    #[error("{name}: shard {shard} is not a part of a run (K/N with 1 <= K <= N)")]
    NotAPart {
        /// The file.
        name: String,
        /// Its K/N.
        shard: Shard,
    },
    /// Some K missing.
    #[error("{} (got {})", missing_text(missing, *more), list(present))]
    Missing {
        /// The first shards not given.
        missing: Vec<Shard>,
        /// True when more are missing than listed.
        more: bool,
        /// The shards given.
        present: Vec<Shard>,
    },
    /// A file in two shards.
    #[error("{path} is in both {first} (shard {first_shard}) and {second} (shard {second_shard}): shards must run disjoint parts")]
    Overlap {
        /// The spec file.
        path: String,
        /// One report.
        first: String,
        /// Its shard.
        first_shard: Shard,
        /// The other report.
        second: String,
        /// Its shard.
        second_shard: Shard,
    },
    /// File counts that no one file list splits into.
    #[error("{name} (shard {shard}) has {found} files, but part {index} of {total} files split in {parts} has {expected}: the shards did not run the same paths")]
    Count {
        /// The file.
        name: String,
        /// Its shard.
        shard: Shard,
        /// Files in it.
        found: usize,
        /// Files it should have.
        expected: usize,
        /// Files in all shards.
        total: usize,
        /// N.
        parts: usize,
        /// K.
        index: usize,
    },
    /// Shards that checked responses against different OpenAPI documents (or some against
    /// none).
    #[error("the shards' contracts do not fit together: {message}")]
    Contract {
        /// What differs.
        message: String,
    },
}

/// K/N, as shown in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shard(pub ShardOf);

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.0.index, self.0.total)
    }
}

fn missing_text(missing: &[Shard], more: bool) -> String {
    match (missing, more) {
        ([one], false) => format!("shard {one} is missing"),
        (_, false) => format!("shards {} are missing", list(missing)),
        (_, true) => format!("shards {}, … are missing", list(missing)),
    }
}

/// Missing shards listed at most.
const MISSING_LISTED: usize = 10;

fn list(shards: &[Shard]) -> String {
    shards
        .iter()
        .map(Shard::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The shard a report ran: its `shard`, or 1/1 for a whole run.
fn shard_of(report: &Report) -> Shard {
    Shard(report.shard.unwrap_or(ShardOf { index: 1, total: 1 }))
}

/// Checks that the shards fit together (see the module's documentation).
fn validate(shards: &[ShardReport]) -> Result<(), MergeError> {
    let first = shards.first().ok_or(MergeError::Empty)?;
    for s in shards {
        if s.report.format != FORMAT {
            return Err(MergeError::Format {
                name: s.name.clone(),
                found: s.report.format,
            });
        }
    }
    let total = shard_of(&first.report).0.total;
    for s in shards {
        if s.report.tool != first.report.tool {
            return Err(MergeError::Tool {
                name: s.name.clone(),
                found: s.report.tool.clone(),
                first: first.name.clone(),
                expected: first.report.tool.clone(),
            });
        }
        if shard_of(&s.report).0.total != total {
            return Err(MergeError::Total {
                name: s.name.clone(),
                found: shard_of(&s.report),
                first: first.name.clone(),
                expected: shard_of(&first.report),
            });
        }
    }
    let mut by_index: std::collections::BTreeMap<usize, &ShardReport> = Default::default();
    for s in shards {
        let shard = shard_of(&s.report);
        if shard.0.index == 0 || shard.0.index > shard.0.total {
            return Err(MergeError::NotAPart {
                name: s.name.clone(),
                shard,
            });
        }
        if let Some(other) = by_index.insert(shard.0.index, s) {
            return Err(MergeError::Duplicate {
                first: other.name.clone(),
                second: s.name.clone(),
                shard,
            });
        }
    }
    // N may be anything a file says: find the first missing parts without counting to N.
    let mut missing = (1..=total)
        .filter(|k| !by_index.contains_key(k))
        .map(|k| Shard(ShardOf { index: k, total }));
    let listed: Vec<Shard> = missing.by_ref().take(MISSING_LISTED).collect();
    if !listed.is_empty() {
        let more = missing.next().is_some();
        let mut present: Vec<Shard> = shards.iter().map(|s| shard_of(&s.report)).collect();
        present.sort();
        return Err(MergeError::Missing {
            missing: listed,
            more,
            present,
        });
    }
    let mut seen: std::collections::HashMap<&str, &ShardReport> = Default::default();
    for s in shards {
        for f in &s.report.files {
            if let Some(other) = seen.insert(&f.path, s) {
                return Err(MergeError::Overlap {
                    path: f.path.clone(),
                    first: other.name.clone(),
                    first_shard: shard_of(&other.report),
                    second: s.name.clone(),
                    second_shard: shard_of(&s.report),
                });
            }
        }
    }
    let files: usize = shards.iter().map(|s| s.report.files.len()).sum();
    for s in shards {
        let shard = shard_of(&s.report);
        let k = shard.0.index;
        // Files i with i % N == K - 1.
        let expected = files / total + usize::from(k - 1 < files % total);
        if s.report.files.len() != expected {
            return Err(MergeError::Count {
                name: s.name.clone(),
                shard,
                found: s.report.files.len(),
                expected,
                total: files,
                parts: total,
                index: k,
            });
        }
    }
    Ok(())
}

/// The report of the whole run: files in the order an unsharded run takes them, the summary
/// and exit code recomputed, the wall time from the earliest start to the latest end.
pub fn merge(shards: Vec<ShardReport>) -> Result<Report, MergeError> {
    validate(&shards)?;
    let mut shards: Vec<Report> = shards.into_iter().map(|s| s.report).collect();
    shards.sort_by_key(|r| shard_of(r).0.index);
    let started_at = shards
        .iter()
        .map(|r| r.started_at)
        .min()
        .ok_or(MergeError::Empty)?;
    let ended = shards
        .iter()
        .map(|r| r.started_at.0 + r.duration_ms.0)
        .max()
        .unwrap_or(started_at.0);
    let tool = shards[0].tool.clone();
    let contract = merge_contracts(&shards)?;
    let mut parts: Vec<std::vec::IntoIter<_>> =
        shards.into_iter().map(|r| r.files.into_iter()).collect();
    let mut files = Vec::new();
    'turns: loop {
        for part in &mut parts {
            match part.next() {
                Some(f) => files.push(f),
                // Later parts are never longer than earlier ones (checked above).
                None => break 'turns,
            }
        }
    }
    let mut report = Report {
        format: FORMAT,
        tool,
        exit_code: 0,
        started_at,
        duration_ms: Millis(ended.duration_since(started_at.0).unwrap_or_default()),
        shard: None,
        summary: Summary::of_files(&files),
        contract,
        files,
    };
    report.exit_code = report.computed_exit_code();
    Ok(report)
}

/// The shards' contracts taken together: every shard checked the same document, or none did.
fn merge_contracts(shards: &[Report]) -> Result<Option<ContractReport>, MergeError> {
    let parts: Vec<&ContractReport> = shards.iter().filter_map(|r| r.contract.as_ref()).collect();
    let Some(first) = parts.first() else {
        return Ok(None);
    };
    let mismatch = shards.iter().find(|r| {
        r.contract
            .as_ref()
            .is_none_or(|c| c.document != first.document || c.openapi != first.openapi)
    });
    if let Some(other) = mismatch {
        let what = match &other.contract {
            Some(c) => format!("against {} (OpenAPI {:?})", c.document, c.openapi),
            None => "against no OpenAPI document".to_string(),
        };
        return Err(MergeError::Contract {
            message: format!(
                "shard {} checked responses {what}, shard {} against {}",
                shard_of(other),
                shard_of(
                    shards
                        .iter()
                        .find(|r| r.contract.is_some())
                        .unwrap_or(other)
                ),
                first.document
            ),
        });
    }
    ContractReport::merge(&parts).map_err(|e| MergeError::Contract {
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::report::model::build::tests::sample_run;
    use crate::report::model::build::RunInfo;
    use crate::report::model::Timestamp;
    use crate::secret::Redactor;

    /// The sample run's report with its files renamed `names`, as shard `k`/`n`.
    fn shard(name: &str, k: usize, n: usize, names: &[&str], start_ms: u64) -> ShardReport {
        let base = Report::from_run(
            &sample_run("x"),
            &Redactor::new(),
            RunInfo {
                started_at: SystemTime::UNIX_EPOCH + Duration::from_millis(start_ms),
                shard: Some(ShardOf { index: k, total: n }),
            },
        );
        let mut report = base.clone();
        report.files = names
            .iter()
            .enumerate()
            .map(|(i, path)| {
                // Passing files, but the second file of shard 1 is the sample's parse error.
                let mut f = base.files[usize::from(k == 1 && i == 1)].clone();
                if !(k == 1 && i == 1) {
                    f.entries.truncate(0);
                    f.outcome = crate::report::model::Outcome::Passed;
                }
                f.path = path.to_string();
                f
            })
            .collect();
        report.summary = Summary::of_files(&report.files);
        report.exit_code = report.computed_exit_code();
        ShardReport {
            name: name.into(),
            report,
        }
    }

    fn paths(r: &Report) -> Vec<&str> {
        r.files.iter().map(|f| f.path.as_str()).collect()
    }

    fn three() -> Vec<ShardReport> {
        vec![
            shard("s3.json", 3, 3, &["c", "f"], 1_000),
            shard("s1.json", 1, 3, &["a", "d", "g"], 500),
            shard("s2.json", 2, 3, &["b", "e"], 2_000),
        ]
    }

    #[test]
    fn shards_interleave_back_into_the_unsharded_order() {
        let merged = merge(three()).unwrap();
        assert_eq!(paths(&merged), ["a", "b", "c", "d", "e", "f", "g"]);
        assert_eq!(merged.shard, None);
        assert_eq!(merged.summary.files, 7);
        assert_eq!(merged.summary.files_failed, 1);
        // The parse error in shard 1 decides the merged run's exit code.
        assert_eq!(merged.exit_code, 2);
        assert_eq!(
            merged.started_at,
            Timestamp(SystemTime::UNIX_EPOCH + Duration::from_millis(500))
        );
        // Shard 2 starts at 2.0 s and lasts 100 ms: 1.6 s after the first start.
        assert_eq!(merged.duration_ms, Millis(Duration::from_millis(1_600)));
    }

    #[test]
    fn a_whole_run_merges_into_itself() {
        let mut whole = shard("all.json", 1, 1, &["a", "b"], 0);
        whole.report.shard = None;
        let merged = merge(vec![whole.clone()]).unwrap();
        assert_eq!(merged.files, whole.report.files);
        assert_eq!(merged.summary, whole.report.summary);
    }

    #[test]
    fn misfits_are_refused_with_the_files_named() {
        let err = |shards: Vec<ShardReport>| merge(shards).unwrap_err().to_string();

        let mut missing = three();
        missing.remove(2);
        assert_eq!(err(missing), "shard 2/3 is missing (got 1/3, 3/3)");

        let mut twice = three();
        twice.push(shard("again.json", 2, 3, &["b", "e"], 0));
        assert_eq!(err(twice), "s2.json and again.json are both shard 2/3");

        let mut overlap = three();
        overlap[2] = shard("s2.json", 2, 3, &["b", "d"], 0);
        assert_eq!(
            err(overlap),
            "d is in both s1.json (shard 1/3) and s2.json (shard 2/3): shards must run disjoint parts"
        );

        let mut other_n = three();
        other_n[0] = shard("s3.json", 3, 4, &["c", "f"], 0);
        assert!(err(other_n).starts_with("s1.json is shard 1/3 but s3.json is shard 3/4"));

        let mut other_tool = three();
        other_tool[1].report.tool = "sortie 0.0.1".into();
        assert!(err(other_tool)
            .starts_with("s1.json was written by sortie 0.0.1 but s3.json by sortie "));

        let mut format = three();
        format[0].report.format = 9;
        assert_eq!(
            err(format),
            format!("s3.json: report format 9; this sortie reads format {FORMAT}")
        );

        let mut counts = three();
        counts[0] = shard("s3.json", 3, 3, &["c", "f", "h"], 0);
        assert!(err(counts)
            .contains("s3.json (shard 3/3) has 3 files, but part 3 of 8 files split in 3 has 2"));

        let mut two_missing = three();
        two_missing.truncate(1);
        assert_eq!(err(two_missing), "shards 1/3, 2/3 are missing (got 3/3)");

        let mut huge = three();
        huge.iter_mut()
            .for_each(|s| s.report.shard.as_mut().unwrap().total = usize::MAX);
        let text = err(huge);
        assert!(
            text.starts_with("shards 4/18446744073709551615, 5/"),
            "{text}"
        );
        assert!(
            text.contains("13/18446744073709551615, … are missing (got 1/"),
            "{text}"
        );

        let mut zero = three();
        zero[0].report.shard = Some(ShardOf { index: 0, total: 3 });
        assert_eq!(
            err(zero),
            "s3.json: shard 0/3 is not a part of a run (K/N with 1 <= K <= N)"
        );

        assert_eq!(err(Vec::new()), "no shard report to merge");
    }

    /// The coverage of the petstore fixture after `calls` (method, URL, status).
    fn contract(calls: &[(&str, &str, u16)], required: Option<f64>) -> ContractReport {
        use crate::contract::{Coverage, OpenApi, ResponseInput};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/contract/openapi/petstore.v30.yaml");
        let api = OpenApi::load(&path).unwrap();
        let coverage = Coverage::new(&api);
        for (method, url, status) in calls {
            let input = ResponseInput {
                method,
                url,
                status: *status,
                headers: &[],
                body: b"",
            };
            coverage.record(&api.check_response(&input).unwrap());
        }
        ContractReport::new(
            "petstore.v30.yaml".into(),
            api.version(),
            required,
            coverage.report(),
        )
    }

    #[test]
    fn the_shards_coverage_is_merged() {
        let mut shards = three();
        let calls: [&[(&str, &str, u16)]; 3] = [
            &[("GET", "/v1/pets", 200)],
            &[("GET", "/v1/pets", 503), ("GET", "/v1/nope", 404)],
            &[("DELETE", "/v1/pets/1", 204)],
        ];
        for (shard, calls) in shards.iter_mut().zip(calls) {
            let required = (shard.report.shard.unwrap().index == 2).then_some(50.0);
            shard.report.contract = Some(contract(calls, required));
        }
        let merged = merge(shards).unwrap();
        let all: Vec<(&str, &str, u16)> = calls.iter().flat_map(|c| c.iter().copied()).collect();
        let whole = contract(&all, Some(50.0));
        assert_eq!(merged.contract.as_ref(), Some(&whole));
        let c = merged.contract.as_ref().unwrap();
        assert_eq!(
            (
                c.coverage.operations_exercised,
                c.coverage.responses_exercised
            ),
            (2, 3)
        );
        assert_eq!(c.coverage.undocumented_requests, 1);
        // 2 of 8 operations, below the 50% shard 2/3 asked for: an assert failure (the
        // sample's parse error still decides the exit code).
        assert!(c.below_required());
        assert_eq!(merged.exit_code, 2);
        let mut only_contract = merged.clone();
        only_contract.files.clear();
        assert_eq!(only_contract.computed_exit_code(), 4);
    }

    #[test]
    fn shards_of_different_contracts_do_not_merge() {
        let err = |shards: Vec<ShardReport>| merge(shards).unwrap_err().to_string();
        let mut shards = three();
        shards[0].report.contract = Some(contract(&[], None));
        let text = err(shards);
        assert!(
            text.contains("checked responses against no OpenAPI document"),
            "{text}"
        );
        let mut shards = three();
        for s in &mut shards {
            s.report.contract = Some(contract(&[], None));
        }
        shards[1].report.contract.as_mut().unwrap().document = "other.yaml".into();
        let text = err(shards);
        assert!(text.contains("against other.yaml"), "{text}");
    }
}
