//! `sortie login NAME` and `sortie logout NAME`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::connections::{environment_variables, find, load_config, resolve};
use super::exit;
use crate::check::Value;
use crate::connection::login::{login, LoginOptions};
use crate::connection::{is_valid_name, Declaration, TokenStore};
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
    if !is_valid_name(&args.name) {
        eprintln!(
            "error: invalid connection name '{}': use letters, digits, '_' or '-'",
            args.name
        );
        return exit::USAGE;
    }
    let mut vars = environment_variables(&redactor);
    for v in &args.variables {
        match parse_assignment(v) {
            Ok((n, value)) => vars.insert(n, value),
            Err(m) => {
                eprintln!("error: --variable: {m}");
                return exit::USAGE;
            }
        }
    }
    for s in &args.secrets {
        match s.split_once('=') {
            Some((n, value)) if !n.is_empty() => {
                vars.insert_secret(n, Value::String(value.to_string()))
            }
            _ => {
                eprintln!("error: --secret: expecting NAME=VALUE");
                return exit::USAGE;
            }
        }
    }
    let decl = match declaration(args, color) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let conn = match resolve(&decl, &vars) {
        Ok(c) => c,
        Err(m) => {
            eprintln!("error: {m}");
            return exit::RUNTIME;
        }
    };
    let options = LoginOptions {
        timeout: Duration::from_secs(args.timeout.max(1)),
        open_browser: !args.no_browser,
    };
    let store = TokenStore::from_env();
    let mut stdout = std::io::stdout().lock();
    match login(&conn, &store, &options, &redactor, &mut stdout) {
        Ok(path) => {
            eprintln!(
                "Logged in to '{}'; refresh token saved to {}",
                conn.name,
                path.display()
            );
            exit::OK
        }
        Err(m) => {
            eprintln!("error: {}", redactor.redact(&m));
            exit::RUNTIME
        }
    }
}

/// The declaration to log in with: from `--file`, else from the config file.
fn declaration(args: &LoginArgs, color: bool) -> Result<Declaration, u8> {
    if let Some(spec_path) = &args.file {
        let text = std::fs::read_to_string(spec_path).map_err(|e| {
            eprintln!("error: cannot read {}: {e}", spec_path.display());
            exit::INPUT
        })?;
        let spec = parse_spec(&text).map_err(|e| {
            eprintln!("error: {}:{e}", spec_path.display());
            exit::INPUT
        })?;
        if let Some(block) = spec.connections.iter().find(|b| b.name.value == args.name) {
            return Ok(Declaration::from_block(block, spec_path));
        }
    }
    let config = load_config(args.config.as_deref(), color)?;
    find(&args.name, &config).cloned().map_err(|m| {
        eprintln!("error: {m}");
        exit::INPUT
    })
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
            exit::OK
        }
        Ok(false) => {
            eprintln!("No saved refresh token for '{}'", args.name);
            exit::OK
        }
        Err(m) => {
            eprintln!("error: {m}");
            if is_valid_name(&args.name) {
                exit::RUNTIME
            } else {
                exit::USAGE
            }
        }
    }
}
