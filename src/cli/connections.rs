//! Connections on the command line: `sortie.yaml` or `--config FILE`, `--connection NAME`,
//! and connections used outside spec files (`call`, `login`).

use std::path::Path;
use std::sync::Arc;

use crate::connection::config::{self, Config};
use crate::connection::{is_valid_name, Connection, Connector, Declaration};
use crate::diagnostic::{Diagnostic, Kind};
use crate::run::connect::render as render_declaration;
use crate::run::template::Scope;
use crate::run::{ConnectionOptions, Variables};

/// Reads the config file; an error comes with the file's text, for the excerpt (exit 2).
pub(super) fn load_config(path: Option<&Path>) -> Result<Config, super::Problem> {
    config::load(path).map_err(|(e, source)| {
        Box::new(super::Located {
            diagnostic: Diagnostic::from(e),
            source,
        })
    })
}

/// The connection setup of `sortie test` / `sortie run`, from the config file read.
pub(super) fn run_options(
    config: Config,
    default: Option<&str>,
) -> Result<ConnectionOptions, super::Problem> {
    if let Some(name) = default.filter(|n| !is_valid_name(n)) {
        let d = super::usage_error(format!(
            "--connection: invalid connection name '{name}': use letters, digits, '_' or '-'"
        ));
        return Err(super::problem(d));
    }
    Ok(ConnectionOptions {
        shared: Arc::new(config.connections),
        connector: Arc::new(Connector::default()),
        default: default.map(str::to_string),
    })
}

/// Renders `decl` with `vars` (outside any spec file: errors name the declaration's place).
pub(super) fn resolve(decl: &Declaration, vars: &Variables) -> Result<Connection, Diagnostic> {
    let scope = Scope {
        vars,
        file_root: Path::new("."),
    };
    render_declaration(decl, &scope, vars.redactor()).map_err(|e| {
        let message = vars
            .redactor()
            .redact(&format!("{}: {}", e.origin(decl), e.message));
        Diagnostic::new(Kind::Runtime, "connection", message)
    })
}

/// The declaration `name` of the config file, or why there is none (exit 2).
pub(super) fn find<'a>(name: &str, config: &'a Config) -> Result<&'a Declaration, Diagnostic> {
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
            let names = config.connections.iter().map(|d| d.name.as_str());
            let suggestion = crate::spec::options::did_you_mean(name, names)
                .map(|s| format!("; did you mean '{s}'?"))
                .unwrap_or_default();
            Diagnostic::new(
                Kind::Input,
                "undefined connection",
                format!("undefined connection '{name}' {place}{suggestion}"),
            )
        })
}

/// The connection `sortie call --connection NAME` uses: from the config file, its templates
/// rendered with `SORTIE_VARIABLE_*` and `SORTIE_SECRET_*`.
pub(super) fn for_call(
    name: &str,
    path: Option<&Path>,
    vars: &Variables,
) -> Result<Connection, Diagnostic> {
    let config = config::load(path).map_err(|(e, _)| {
        // `sortie call` prints one-line errors: the place goes in the message.
        Diagnostic::new(Kind::Input, "invalid config", e.to_string())
    })?;
    let decl = find(name, &config)?;
    resolve(decl, vars)
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
