//! `sortie import openapi FILE [--out DIR]`: one spec file per tag of an OpenAPI document,
//! written with `variables.env`, ready to run with `--openapi FILE`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::diagnostic::{Diagnostic, Kind};
use crate::import;

/// Arguments of `sortie import openapi`.
#[derive(Args, Debug)]
pub struct OpenapiArgs {
    /// The OpenAPI 3.0 or 3.1 document, YAML or JSON.
    #[arg(value_name = "FILE")]
    pub document: PathBuf,
    /// The folder to write into [default: a folder named after the document's title].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite files that already exist in the output folder.
    #[arg(long)]
    pub force: bool,
}

/// Imports the document and writes its specs.
pub(super) fn openapi(args: &OpenapiArgs) -> Result<(), Diagnostic> {
    let name = args.document.display().to_string();
    let text = std::fs::read_to_string(&args.document).map_err(|e| {
        Diagnostic::new(Kind::Input, "input error", format!("cannot read: {e}")).in_file(&name)
    })?;
    let result = import::openapi::import(&text).map_err(|e| Diagnostic::from(e).in_file(&name))?;
    if result.files.is_empty() {
        return Err(
            Diagnostic::new(Kind::Input, "import error", "the document has no operation")
                .in_file(&name),
        );
    }
    super::check_parses(&result)?;
    super::warn(&result.warnings);
    let dir = args.out.clone().unwrap_or_else(|| {
        let title = title_of(&text).unwrap_or_else(|| "openapi".to_string());
        PathBuf::from(import::slug(&title))
    });
    super::write_all(&result, &dir, args.force)?;
    let _ = writeln!(
        std::io::stderr().lock(),
        "check every response against the document: add --openapi {name}"
    );
    Ok(())
}

/// The document's `info.title`, JSON or YAML.
fn title_of(text: &str) -> Option<String> {
    let value: serde_norway::Value = serde_norway::from_str(text).ok()?;
    value
        .get("info")?
        .get("title")?
        .as_str()
        .map(str::to_string)
}
