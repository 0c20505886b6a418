//! `sortie import curl|postman|openapi`: starter spec files from a curl command, a Postman
//! collection or an OpenAPI document. The importers (`crate::import`) build the texts; this
//! writes them.

mod openapi;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::diagnostic::{Diagnostic, Kind};
use crate::import::{self, Import, SpecFile, Variable};
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
    /// A curl command, as pasted from API docs or a browser's "Copy as cURL (bash)".
    ///
    /// The spec goes to stdout (or to DIR with --out, with a variables.env file holding the
    /// values taken out of the command). Credentials (-u passwords, Authorization and key
    /// headers, session cookies) become secret variables; $NAME shell variables become
    /// {{NAME}}. Several commands (one per line, or joined by ; or &&) make several entries.
    /// Examples:
    ///   sortie import curl 'curl -X POST https://api.example.com/v1/items -H "Authorization: Bearer abc" -d "{\"name\":\"x\"}"'
    ///   sortie import curl -- curl -u user:pass https://api.example.com/v1/me
    ///   pbpaste | sortie import curl --out specs/
    #[command(verbatim_doc_comment)]
    Curl(CurlArgs),
    /// A Postman Collection (v2.1 or v2.0) export: one spec file per folder.
    ///
    /// Requests become entries named after them; collection and folder variables go to
    /// variables.env; auth becomes [Connection] blocks (API key, Basic, Bearer, OAuth 2.0
    /// client credentials and authorization code); pm.test checks that map one to one
    /// become the status line, asserts and captures, others a # TODO comment.
    Postman(PostmanArgs),
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

/// Arguments of `sortie import curl`.
#[derive(Args, Debug)]
pub struct CurlArgs {
    /// Write the spec and variables.env into this folder instead of printing the spec.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite files that already exist in --out.
    #[arg(long)]
    pub force: bool,
    /// The command: one quoted argument holding it all, or its words after `--`; nothing
    /// (or -) reads it from stdin.
    #[arg(
        value_name = "COMMAND",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<String>,
}

/// Arguments of `sortie import postman`.
#[derive(Args, Debug)]
pub struct PostmanArgs {
    /// The collection's JSON file (Postman: Export, Collection v2.1).
    #[arg(value_name = "COLLECTION.json")]
    pub collection: PathBuf,
    /// The folder to write into [default: a folder named after the collection].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite files that already exist in the output folder.
    #[arg(long)]
    pub force: bool,
}

/// The name of the variables file written next to the imported specs.
const VARIABLES_FILE: &str = "variables.env";

/// Runs `sortie import`; returns the exit code.
pub fn run(args: &ImportArgs, color: bool) -> u8 {
    let redactor = Redactor::new();
    let result = match &args.source {
        ImportSource::Curl(a) => curl(a),
        ImportSource::Postman(a) => postman(a),
        ImportSource::Openapi(a) => openapi::openapi(a),
    };
    match result {
        Ok(()) => 0,
        Err(d) => super::fail(&d, None, color, &redactor),
    }
}

fn curl(args: &CurlArgs) -> Result<(), Diagnostic> {
    let text = command_text(&args.command)?;
    let imported = import::curl::import(&text)?;
    let spec = SpecFile {
        path: format!("{}.hurl", curl_file_stem(&imported.spec)),
        text: imported.spec,
    };
    let result = Import {
        files: vec![spec],
        variables: imported.variables,
        warnings: imported.warnings,
    };
    check_parses(&result)?;
    warn(&result.warnings);
    match &args.out {
        Some(dir) => write_all(&result, dir, args.force),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(result.files[0].text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| runtime(format!("cannot write the spec: {e}")))?;
            note_variables(&result.variables);
            Ok(())
        }
    }
}

fn postman(args: &PostmanArgs) -> Result<(), Diagnostic> {
    let text = std::fs::read_to_string(&args.collection).map_err(|e| {
        Diagnostic::new(Kind::Input, "input error", format!("cannot read: {e}"))
            .in_file(args.collection.display().to_string())
    })?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| import::postman::PostmanError::Json(e.to_string()))?;
    let result = import::postman::import_value(&value)?;
    if result.files.is_empty() {
        return Err(Diagnostic::new(
            Kind::Input,
            "import error",
            "the collection holds no request",
        ));
    }
    check_parses(&result)?;
    warn(&result.warnings);
    let dir = args.out.clone().unwrap_or_else(|| {
        let name = value
            .pointer("/info/name")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("collection");
        PathBuf::from(import::slug(name))
    });
    write_all(&result, &dir, args.force)
}

/// The command's text: the one argument as written, the words quoted back for the shell
/// reader, or stdin.
fn command_text(words: &[String]) -> Result<String, Diagnostic> {
    match words {
        [] => read_stdin(),
        [one] if one == "-" => read_stdin(),
        [one] => Ok(one.clone()),
        words => {
            let mut quoted: Vec<String> = words.iter().map(|w| shell_quote(w)).collect();
            // `sortie import curl -- -X POST URL`: the words of curl's arguments only.
            if words[0] != "curl" {
                quoted.insert(0, "curl".to_string());
            }
            Ok(quoted.join(" "))
        }
    }
}

fn read_stdin() -> Result<String, Diagnostic> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| {
        Diagnostic::new(
            Kind::Input,
            "input error",
            format!("cannot read the curl command from stdin: {e}"),
        )
    })?;
    Ok(text)
}

/// A word in single quotes, as bash reads it back unchanged.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// A file name for a curl import: the last plain segment of the first URL's path
/// (`…/v1/chat/completions` → `completions`), else `request`.
fn curl_file_stem(spec: &str) -> String {
    let Ok(file) = crate::spec::parse_spec(spec) else {
        return "request".to_string();
    };
    let Some(entry) = file.entries.first() else {
        return "request".to_string();
    };
    let url = entry.request.url.to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once("://").map_or(path, |(_, rest)| rest);
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    segments
        .into_iter()
        .rev()
        .map(|segment| segment.split('.').next().unwrap_or(""))
        .find(|segment| !segment.is_empty() && !segment.contains("{{"))
        .map_or_else(|| "request".to_string(), import::slug)
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

/// Names the variables the printed spec needs (values are only written to files, with
/// --out: a credential is not echoed to the terminal).
fn note_variables(variables: &[Variable]) {
    if variables.is_empty() {
        return;
    }
    let names: Vec<String> = variables
        .iter()
        .map(|v| match (&v.value, v.secret) {
            (_, true) => format!("{} (secret)", v.name),
            (None, false) => format!("{} (no value in the command)", v.name),
            (Some(_), false) => v.name.clone(),
        })
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "note: the spec uses the variables {}; with --out DIR, {VARIABLES_FILE} holds the values found",
        names.join(", ")
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_back_for_the_shell_reader() {
        let words: Vec<String> = ["curl", "-H", "X: it's $HOME", "https://h/"]
            .map(String::from)
            .to_vec();
        let text = command_text(&words).unwrap();
        assert_eq!(text, "'curl' '-H' 'X: it'\\''s $HOME' 'https://h/'");
        let spec = import::curl::import(&text).unwrap().spec;
        assert_eq!(spec, "GET https://h/\nX: it's $HOME\n");
        let flags: Vec<String> = ["-u", "a:b", "https://h/"].map(String::from).to_vec();
        assert!(command_text(&flags).unwrap().starts_with("curl '-u'"));
    }

    #[test]
    fn curl_file_names_come_from_the_url() {
        let stem = |spec: &str| curl_file_stem(spec);
        assert_eq!(
            stem("GET https://h/v1/chat/completions?x=1\n"),
            "completions"
        );
        assert_eq!(stem("GET https://h/a/{{id}}/Messages.json\n"), "messages");
        assert_eq!(stem("GET https://h/\n"), "request");
        assert_eq!(stem("GET {{base}}/items/{{id}}\n"), "items");
    }
}
