//! `sortie import openapi`: starter spec files from an OpenAPI document. The importers
//! (`crate::import`) build the texts; this writes them.

mod openapi;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::diagnostic::{Diagnostic, Kind};
use crate::import::Import;
use crate::secret::Redactor;

/// Arguments of `sortie import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// What to import.
    #[command(subcommand)]
    pub source: ImportSource,
}

/// The sources `sortie import` reads.
#[derive(Subcommand, Debug)]
pub enum ImportSource {
    /// An OpenAPI 3.0 or 3.1 document (YAML or JSON): one spec file per tag (or per first
    /// path segment), one entry per operation.
    ///
    /// Each entry sends an example request (path, query and header parameters and a body
    /// from the document's examples, defaults or schemas) and asserts the lowest documented
    /// success status; security schemes become [Connection] blocks, credentials variables
    /// without values in variables.env. The specs are ready to run with --openapi FILE.
    /// Example:
    ///   sortie import openapi petstore.yaml --out specs/petstore
    #[command(verbatim_doc_comment)]
    Openapi(openapi::OpenapiArgs),
}

/// The name of the variables file written next to the imported specs.
const VARIABLES_FILE: &str = "variables.env";

/// Runs `sortie import`; returns the exit code.
pub fn run(args: &ImportArgs, color: bool) -> u8 {
    let redactor = Redactor::new();
    let result = match &args.source {
        ImportSource::Openapi(a) => openapi::openapi(a),
    };
    match result {
        Ok(()) => 0,
        Err(d) => super::fail(&d, None, color, &redactor),
    }
}

/// Every generated file must be a spec sortie reads: anything else is a bug of the
/// importer, reported rather than written.
fn check_parses(result: &Import) -> Result<(), Diagnostic> {
    for f in &result.files {
        if let Err(e) = crate::spec::parse_spec(&f.text) {
            let at = crate::spec::source::line_col(&f.text, e.span.start as usize);
            return Err(runtime(format!(
                "the imported spec {} does not parse at {}:{} ({}); please report this bug",
                f.path, at.line, at.column, e.message
            )));
        }
    }
    Ok(())
}

fn warn(warnings: &[String]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
}

/// Writes the files and `variables.env` under `dir`, refusing to replace files unless
/// `force`; lists what was written on stderr.
fn write_all(result: &Import, dir: &Path, force: bool) -> Result<(), Diagnostic> {
    let variables = result.variables_text();
    let mut planned: Vec<(PathBuf, &str, bool)> = result
        .files
        .iter()
        .map(|f| (dir.join(&f.path), f.text.as_str(), false))
        .collect();
    if !variables.is_empty() {
        planned.push((dir.join(VARIABLES_FILE), variables.as_str(), true));
    }
    if !force {
        if let Some((existing, _, _)) = planned.iter().find(|(p, _, _)| p.exists()) {
            return Err(super::usage_error(format!(
                "{} already exists: choose another --out folder, or --force to overwrite",
                existing.display()
            )));
        }
    }
    let mut err = std::io::stderr().lock();
    for (path, text, private) in &planned {
        write_file(path, text, *private)?;
        let _ = writeln!(err, "wrote {}", path.display());
    }
    let mut hint = format!("run them with: sortie test {}", dir.display());
    if !variables.is_empty() {
        hint.push_str(&format!(
            " --variables-file {}",
            dir.join(VARIABLES_FILE).display()
        ));
    }
    let _ = writeln!(err, "{hint}");
    Ok(())
}

/// Writes one file, creating its folder; `private` files (credentials) are readable by the
/// user only.
fn write_file(path: &Path, text: &str, private: bool) -> Result<(), Diagnostic> {
    let cannot = |e: std::io::Error| runtime(format!("cannot write {}: {e}", path.display()));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(cannot)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(path).map_err(cannot)?;
    file.write_all(text.as_bytes()).map_err(cannot)
}

fn runtime(message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Kind::Runtime, "import", message)
}
