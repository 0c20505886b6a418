//! Connections in a run: which declarations a file sees (its own blocks, then `sortie.yaml`),
//! the checks made before its entries run, and each entry's connection with its templates
//! rendered.

use std::path::Path;
use std::sync::Arc;

use crate::check::CheckError;
use crate::connection::{self, Connection, ConnectionError, Connector, Declaration, Origin};
use crate::diagnostic::{Diagnostic, Kind};
use crate::secret::Redactor;
use crate::spec::ast::{Entry, Span, SpecFile};
use crate::spec::options::{did_you_mean, OptionSetting};
use crate::spec::source::LineCol;

use super::request::EntrySettings;
use super::template::Scope;
use super::variables::Variables;

/// The connection setup of a run, shared by every file.
#[derive(Clone, Debug, Default)]
pub struct ConnectionOptions {
    /// Declarations from `sortie.yaml` / `--config`: every file sees them.
    pub shared: Arc<Vec<Declaration>>,
    /// The run's token cache and refresh-token store.
    pub connector: Arc<Connector>,
    /// `--connection NAME`: used by every entry that names none.
    pub default: Option<String>,
}

/// The connections one file sees.
pub struct FileConnections<'a> {
    local: Vec<Declaration>,
    options: &'a ConnectionOptions,
    path: &'a Path,
}

/// An entry's connection and where to report its errors.
#[derive(Debug)]
pub struct EntryConnection {
    /// The connection, rendered.
    pub connection: Connection,
    /// The entry's `connection:` option, or its request line.
    pub span: Span,
}

fn problem(kind: Kind, title: &str, span: Option<Span>, message: String) -> Diagnostic {
    let d = Diagnostic::new(kind, title, message);
    match span {
        Some(span) => d.at(span),
        None => d,
    }
}

/// The value of an entry's last `connection:` option.
fn connection_option(entry: &Entry) -> Option<&crate::spec::ast::Template> {
    let options = entry.request.options.as_ref()?;
    options.items.iter().rev().find_map(|o| match &o.setting {
        OptionSetting::Connection(t) => Some(t),
        _ => None,
    })
}

impl<'a> FileConnections<'a> {
    /// The declarations of `spec` (the file at `path`, whose text is `source`) and of the run.
    pub fn new(
        spec: &SpecFile,
        path: &'a Path,
        source: &str,
        options: &'a ConnectionOptions,
    ) -> Self {
        FileConnections {
            local: spec
                .connections
                .iter()
                .map(|b| Declaration::from_block(b, path, source))
                .collect(),
            options,
            path,
        }
    }

    /// The run's connector.
    pub fn connector(&self) -> &Connector {
        &self.options.connector
    }

    /// The declaration named `name`.
    pub fn find(&self, name: &str) -> Option<&Declaration> {
        self.local
            .iter()
            .find(|d| d.name == name)
            .or_else(|| self.options.shared.iter().find(|d| d.name == name))
    }

    fn undefined(&self, name: &str) -> String {
        let names: Vec<&str> = self
            .local
            .iter()
            .chain(self.options.shared.iter())
            .map(|d| d.name.as_str())
            .collect();
        match did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("undefined connection '{name}'; did you mean '{s}'?"),
            None if names.is_empty() => format!(
                "undefined connection '{name}': declare it in a [Connection {name}] block or in sortie.yaml"
            ),
            None => format!("undefined connection '{name}'; the connections are {}", names.join(", ")),
        }
    }

    /// Mistakes found before any entry runs (exit 2): a name declared both in the file and in
    /// `sortie.yaml`, a `connection:` option or `--connection` naming no declaration.
    pub fn check(&self, spec: &SpecFile) -> Result<(), Diagnostic> {
        for (block, decl) in spec.connections.iter().zip(&self.local) {
            if let Some(shared) = self.options.shared.iter().find(|d| d.name == decl.name) {
                let message = format!(
                    "connection '{}' is declared twice: here ({}) and in {}",
                    decl.name, decl.origin, shared.origin
                );
                return Err(problem(
                    Kind::Input,
                    "connection declared twice",
                    Some(block.name.span),
                    message,
                ));
            }
        }
        let mut uses_default = false;
        for entry in &spec.entries {
            match connection_option(entry) {
                Some(t) => {
                    if let Some(name) = t.as_literal() {
                        if self.find(&name).is_none() {
                            return Err(problem(
                                Kind::Input,
                                "undefined connection",
                                Some(t.span),
                                self.undefined(&name),
                            ));
                        }
                    }
                }
                None => uses_default = true,
            }
        }
        if let Some(name) = self.options.default.as_deref().filter(|_| uses_default) {
            if self.find(name).is_none() {
                let message = format!("--connection {name}: {}", self.undefined(name));
                return Err(problem(Kind::Input, "undefined connection", None, message));
            }
        }
        Ok(())
    }

    /// The connection `entry` uses (its option, else `--connection`), rendered with `vars`.
    pub fn for_entry(
        &self,
        entry: &Entry,
        settings: &EntrySettings,
        vars: &Variables,
        file_root: &Path,
    ) -> Result<Option<EntryConnection>, Diagnostic> {
        let (name, span) = match &settings.connection {
            Some(name) => (
                name.clone(),
                connection_option(entry).map_or(entry.request.span, |t| t.span),
            ),
            None => match &self.options.default {
                Some(name) => (name.clone(), entry.request.span),
                None => return Ok(None),
            },
        };
        let redactor = vars.redactor();
        let Some(decl) = self.find(&name) else {
            return Err(problem(
                Kind::Runtime,
                "undefined connection",
                Some(span),
                self.undefined(&name),
            ));
        };
        let scope = Scope { vars, file_root };
        let local = decl.origin.file == self.path;
        let connection = render(decl, &scope, redactor).map_err(|e| {
            let message = redactor.redact(&e.message);
            if local {
                problem(
                    Kind::Runtime,
                    "connection",
                    Some(e.span.unwrap_or(span)),
                    message,
                )
            } else {
                let at = e.origin(decl);
                problem(
                    Kind::Runtime,
                    "connection",
                    Some(span),
                    format!("{message} (declared at {at})"),
                )
            }
        })?;
        Ok(Some(EntryConnection { connection, span }))
    }
}

/// Why a declaration could not be rendered.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    /// The template at fault, in the declaring file.
    pub span: Option<Span>,
    /// The key at fault, in the declaring file.
    pub key: Option<LineCol>,
    /// What went wrong (not yet redacted).
    pub message: String,
}

impl RenderError {
    /// Where the mistake is: the key at fault, else the declaration.
    pub fn origin(&self, decl: &Declaration) -> Origin {
        Origin {
            file: decl.origin.file.clone(),
            pos: self.key.unwrap_or(decl.origin.pos),
        }
    }
}

/// A connection's certificate and key files are named relative to the file that declares
/// the connection (a spec file or `sortie.yaml`).
fn relative_to_declaration(decl: &Declaration, key: &str, value: String) -> String {
    let is_file = matches!(key, "cacert" | "cert" | "key")
        || (key == "pinnedpubkey" && !value.starts_with("sha256//"));
    let base = decl
        .origin
        .file
        .parent()
        .filter(|p| !p.as_os_str().is_empty());
    match base {
        Some(base) if is_file && std::path::Path::new(&value).is_relative() => {
            base.join(&value).display().to_string()
        }
        _ => value,
    }
}

/// Renders a declaration's templates and resolves it.
pub fn render(
    decl: &Declaration,
    scope: &Scope,
    redactor: &Redactor,
) -> Result<Connection, RenderError> {
    let mut values = Vec::with_capacity(decl.settings.len());
    for s in &decl.settings {
        let text = scope
            .render_template(&s.value)
            .map_err(|e: CheckError| RenderError {
                span: Some(e.span),
                key: Some(s.pos),
                message: format!("connection '{}', {}: {e}", decl.name, s.key),
            })?;
        values.push((s.key.clone(), relative_to_declaration(decl, &s.key, text)));
    }
    connection::resolve(&decl.name, decl.kind, &values, redactor).map_err(|e: ConnectionError| {
        RenderError {
            span: None,
            key: None,
            message: e.of(&decl.name).to_string(),
        }
    })
}
