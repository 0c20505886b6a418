//! Connections on the command line: `sortie.yaml` or `--config FILE`, `--connection NAME`,
//! and connections used outside spec files (`call`, `login`).

use std::path::Path;
use std::sync::Arc;

use super::exit;
use crate::connection::config::{self, Config, ConfigError};
use crate::connection::{is_valid_name, Connection, Connector, Declaration};
use crate::diagnostic::{render, Diagnostic};
use crate::run::connect::render as render_declaration;
use crate::run::template::Scope;
use crate::run::{ConnectionOptions, Variables};

fn diagnostic(e: &ConfigError) -> Diagnostic {
    Diagnostic::new(
        "invalid config",
        e.path.display().to_string(),
        e.pos,
        e.message.clone(),
    )
}

/// Reads the config file, printing its error (exit 2) with the offending line.
pub(super) fn load_config(path: Option<&Path>, color: bool) -> Result<Config, u8> {
    config::load(path).map_err(|(e, source)| {
        eprint!("{}", render(&diagnostic(&e), source.as_deref(), color));
        exit::INPUT
    })
}

/// The config file's error on one line (`sortie call` prints one-line errors).
pub(super) fn one_line(e: &ConfigError) -> String {
    match e.pos {
        Some(p) => format!(
            "{}:{}:{}: {}",
            e.path.display(),
            p.line,
            p.column,
            e.message
        ),
        None => format!("{}: {}", e.path.display(), e.message),
    }
}

/// The connection setup of `sortie test` / `sortie run`.
pub(super) fn run_options(
    path: Option<&Path>,
    default: Option<&str>,
    color: bool,
) -> Result<ConnectionOptions, u8> {
    if let Some(name) = default.filter(|n| !is_valid_name(n)) {
        eprintln!("error: --connection: invalid connection name '{name}': use letters, digits, '_' or '-'");
        return Err(exit::USAGE);
    }
    let config = load_config(path, color)?;
    Ok(ConnectionOptions {
        shared: Arc::new(config.connections),
        connector: Arc::new(Connector::default()),
        default: default.map(str::to_string),
    })
}

/// Renders `decl` with `vars` (outside any spec file: errors name the declaration's place).
pub(super) fn resolve(decl: &Declaration, vars: &Variables) -> Result<Connection, String> {
    let scope = Scope {
        vars,
        file_root: Path::new("."),
    };
    render_declaration(decl, &scope, vars.redactor()).map_err(|e| {
        vars.redactor()
            .redact(&format!("{}: {}", e.origin(decl), e.message))
    })
}

/// The declaration `name` of the config file, or why there is none (exit 2).
pub(super) fn find<'a>(name: &str, config: &'a Config) -> Result<&'a Declaration, String> {
    config
        .connections
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| {
            let place = match &config.path {
                Some(p) => format!("in {}", p.display()),
                None => format!(
                    "(no {} here; give one with --config FILE)",
                    config::DEFAULT_FILE
                ),
            };
            format!("undefined connection '{name}' {place}")
        })
}

/// The connection `sortie call --connection NAME` uses: from the config file, its templates
/// rendered with `SORTIE_VARIABLE_*` and `SORTIE_SECRET_*`.
pub(super) fn for_call(
    name: &str,
    path: Option<&Path>,
    vars: &Variables,
) -> Result<Connection, (u8, String)> {
    let config = config::load(path).map_err(|(e, _)| (exit::INPUT, one_line(&e)))?;
    let decl = find(name, &config).map_err(|m| (exit::INPUT, m))?;
    resolve(decl, vars).map_err(|m| (exit::RUNTIME, m))
}

/// Variables from the environment only (`SORTIE_VARIABLE_*`, `SORTIE_SECRET_*`).
pub(super) fn environment_variables(redactor: &crate::secret::Redactor) -> Variables {
    let mut vars = Variables::new(redactor.clone());
    let (plain, secrets) = crate::run::variables::from_environment();
    for (n, v) in plain {
        vars.insert(n, v);
    }
    for (n, v) in secrets {
        vars.insert_secret(n, v);
    }
    vars
}
