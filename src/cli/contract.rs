//! `--openapi FILE` (or `openapi:` in `sortie.yaml`) and `--openapi-coverage N`: the OpenAPI
//! document of a run, loaded and every schema of its responses compiled before the first
//! request, so a broken document is an input error (exit 2) up front.

use std::path::Path;
use std::sync::Arc;

use super::args::CommonArgs;
use super::{problem, usage_error, Problem};
use crate::contract::OpenApi;
use crate::diagnostic::{Diagnostic, Kind};
use crate::run::contract::{ContractOptions, OpenApiContract};
use crate::run::RunResult;

/// The contract options of `sortie test` / `sortie run`: `--openapi` wins over the config
/// file's `openapi:`.
pub(super) fn run_options(
    args: &CommonArgs,
    config_openapi: Option<&Path>,
) -> Result<ContractOptions, Problem> {
    let document = args.openapi.as_deref().or(config_openapi);
    let Some(path) = document else {
        if args.openapi_coverage.is_some() {
            return Err(problem(usage_error(
                "--openapi-coverage needs an OpenAPI document: --openapi FILE, or openapi: in sortie.yaml",
            )));
        }
        return Ok(ContractOptions::default());
    };
    let api = load(path)?;
    let contract = OpenApiContract::new(path.display().to_string(), api, args.openapi_coverage);
    Ok(ContractOptions {
        schemas: Default::default(),
        openapi: Some(Arc::new(contract)),
    })
}

/// Loads a document and compiles its response schemas; errors name the file (exit 2).
pub(super) fn load(path: &Path) -> Result<OpenApi, Problem> {
    let invalid = |e: crate::contract::ContractError| {
        problem(
            Diagnostic::new(Kind::Input, "invalid OpenAPI document", e.to_string())
                .in_file(path.display().to_string()),
        )
    };
    let api = OpenApi::load(path).map_err(invalid)?;
    api.compile_all().map_err(invalid)?;
    Ok(api)
}

/// The error of a run whose contract coverage is below `--openapi-coverage`: the figures and
/// every operation never exercised (an assert failure, exit 4).
pub(super) fn coverage_problem(result: &RunResult) -> Option<Diagnostic> {
    let contract = result.contract.as_ref().filter(|c| c.below_required())?;
    let c = &contract.coverage;
    let message = format!(
        "{}/{} operations of {} exercised ({:.1}%), below --openapi-coverage {}",
        c.operations_exercised,
        c.operations_total,
        contract.document,
        contract.operations_percent(),
        contract.required_coverage.unwrap_or_default()
    );
    let mut notes = vec!["never exercised:".to_string()];
    notes.extend(
        c.operations_never_exercised
            .iter()
            .map(|o| format!("  {o}")),
    );
    Some(
        Diagnostic::new(Kind::Assert, "contract coverage", message)
            .with_notes(vec![notes.join("\n")]),
    )
}
