//! `sortie login NAME` and `sortie logout NAME`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::connections::{environment_variables, find, load_config, resolve};
use crate::check::Value;
use crate::connection::login::{login, LoginOptions};
use crate::connection::{is_valid_name, Declaration, TokenStore};
use crate::diagnostic::{Diagnostic, Kind};
use crate::run::file::read_spec;
use crate::run::variables::parse_assignment;
use crate::secret::Redactor;
use crate::spec::parse_spec;

/// Arguments of `sortie login`.
#[derive(Args, Debug)]
pub struct LoginArgs {
    /// The connection: an oauth2-authorization-code connection of sortie.yaml (or of --file).
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Read connections from this YAML file (default: sortie.yaml in the working directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Take the connection from this spec file's [Connection] blocks.
    #[arg(long, value_name = "SPEC")]
    pub file: Option<PathBuf>,
    /// Define a variable for the connection's templates, NAME=VALUE (repeatable).
    #[arg(long = "variable", value_name = "NAME=VALUE")]
    pub variables: Vec<String>,
    /// Define a secret variable, masked as *** (repeatable).
    #[arg(long = "secret", value_name = "NAME=VALUE")]
    pub secrets: Vec<String>,
    /// Give up when no redirect came after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub timeout: u64,
    /// Only print the address; do not try to open a browser.
    #[arg(long)]
    pub no_browser: bool,
}

/// Arguments of `sortie logout`.
#[derive(Args, Debug)]
pub struct LogoutArgs {
    /// The connection whose saved refresh token is deleted.
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// `sortie login`: exit 0 once the refresh token is saved.
pub fn run_login(args: &LoginArgs, color: bool) -> u8 {
    let redactor = Redactor::new();
    let usage = |message: String| super::fail(&super::usage_error(message), None, color, &redactor);
    if !is_valid_name(&args.name) {
        return usage(format!(
            "invalid connection name '{}': use letters, digits, '_' or '-'",
            args.name
        ));
    }
    let mut vars = environment_variables(&redactor);
    for v in &args.variables {
        match parse_assignment(v) {
            Ok((n, value)) => vars.insert(n, value),
            Err(e) => return usage(format!("--variable: {e}")),
        }
    }
    for s in &args.secrets {
        match s.split_once('=') {
            Some((n, value)) if !n.is_empty() => {
                vars.insert_secret(n, Value::String(value.to_string()))
            }
            _ => return usage("--secret: expecting NAME=VALUE".to_string()),
        }
    }
    let decl = match declaration(args) {
        Ok(d) => d,
        Err(p) => return super::fail_located(&p, color, &redactor),
    };
    let conn = match resolve(&decl, &vars) {
        Ok(c) => c,
        Err(d) => return super::fail(&d, None, color, &redactor),
    };
    let options = LoginOptions {
        timeout: Duration::from_secs(args.timeout.max(1)),
        open_browser: !args.no_browser,
    };
    let store = TokenStore::from_env();
    let mut stdout = std::io::stdout().lock();
    let notices = super::StderrNotices::new(redactor.clone());
    match login(&conn, &store, &options, &redactor, &mut stdout, &notices) {
        Ok(path) => {
            eprintln!(
                "Logged in to '{}'; refresh token saved to {}",
                conn.name,
                path.display()
            );
            0
        }
        Err(e) => super::fail(&Diagnostic::from(e), None, color, &redactor),
    }
}

/// The declaration to log in with: from `--file`, else from the config file; or the
/// problem, with the text of the file it is in.
fn declaration(args: &LoginArgs) -> Result<Declaration, super::Problem> {
    if let Some(spec_path) = &args.file {
        let name = spec_path.display().to_string();
        let text =
            read_spec(spec_path).map_err(|e| super::problem(Diagnostic::from(e).in_file(&name)))?;
        let spec = match parse_spec(&text) {
            Ok(spec) => spec,
            Err(e) => return Err(super::problem_in(Diagnostic::from(e).in_file(&name), text)),
        };
        if let Some(block) = spec.connections.iter().find(|b| b.name.value == args.name) {
            return Ok(Declaration::from_block(block, spec_path, &text));
        }
    }
    let config = load_config(args.config.as_deref())?;
    find(&args.name, &config).cloned().map_err(super::problem)
}

/// `sortie logout`: deletes the saved refresh token; exit 0 whether there was one or not.
pub fn run_logout(args: &LogoutArgs) -> u8 {
    let store = TokenStore::from_env();
    match store.remove(&args.name) {
        Ok(true) => {
            eprintln!(
                "Logged out of '{}': its saved refresh token is deleted",
                args.name
            );
            0
        }
        Ok(false) => {
            eprintln!("No saved refresh token for '{}'", args.name);
            0
        }
        Err(e) => {
            let kind = if is_valid_name(&args.name) {
                Kind::Runtime
            } else {
                Kind::Usage
            };
            let d = Diagnostic::from(e).with_kind(kind);
            super::fail(&d, None, false, &Redactor::new())
        }
    }
}
