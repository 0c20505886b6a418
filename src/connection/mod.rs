//! Connections: how requests authenticate. Declared in `[Connection NAME]` blocks or in
//! `sortie.yaml`, resolved once their templates are rendered, then turned into one header per
//! request: a static one (`api-key`, `basic`) or an OAuth 2.0 access token shared by every
//! file of the run.
//!
//! * [`config`] reads `sortie.yaml`.
//! * [`token`] is the run's token cache (single flight, renewal).
//! * [`oauth`] makes token requests through the `oauth2` crate over sortie's own transport.
//! * [`login`] is `sortie login`: authorization code with PKCE on a loopback redirect.
//! * [`store`] keeps refresh tokens in the user's state directory.
//!
//! This module depends on `spec`, `http` and `secret` only; the runner renders the templates
//! and hands [`resolve`] plain text.

pub mod config;
mod error;
pub mod login;
pub mod network;
pub mod oauth;
pub mod store;
pub mod token;

use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use crate::http::{Client, Exchange, Header, HttpRequest, TransportOptions};
use crate::notice::{Notice, NoticeSink};
use crate::secret::Redactor;
use crate::spec::ast::{ConnectionBlock, Template};
use crate::spec::options::{ConnectionType, SECRET_CONNECTION_KEYS};
use crate::spec::source::{LineCol, LineIndex};

pub use error::ConnectionError;
pub use network::ConnectionNetwork;
pub use store::TokenStore;
pub use token::{Token, TokenCache};

/// The redirect URI `sortie login` listens on when the connection names none.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

/// A place in a file: where a connection or one of its keys is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// Line and column.
    pub pos: LineCol,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.file.display(),
            self.pos.line,
            self.pos.column
        )
    }
}

/// One `key: value` of a declaration, its value not yet rendered.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    /// The key, e.g. `token-url`.
    pub key: String,
    /// The value template.
    pub value: Template,
    /// Where the key stands.
    pub pos: LineCol,
}

/// A declared connection: a type and its settings, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Declaration {
    /// The connection's name.
    pub name: String,
    /// Its type.
    pub kind: ConnectionType,
    /// Its keys in order (`header` and `param` may repeat).
    pub settings: Vec<Setting>,
    /// Where its name stands.
    pub origin: Origin,
}

impl Declaration {
    /// A `[Connection NAME]` block of the spec file `file`, whose text is `source`.
    pub fn from_block(block: &ConnectionBlock, file: &Path, source: &str) -> Self {
        let index = LineIndex::new(source);
        let at = |offset: u32| index.line_col(source, offset as usize);
        Declaration {
            name: block.name.value.clone(),
            kind: block.kind.value,
            settings: block
                .settings
                .iter()
                .map(|s| Setting {
                    key: s.key.value.clone(),
                    value: s.value.clone(),
                    pos: at(s.key.span.start),
                })
                .collect(),
            origin: Origin {
                file: file.to_path_buf(),
                pos: at(block.name.span.start),
            },
        }
    }
}

/// True for a valid connection name: letters, digits, `_` and `-` (it names a file too).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A connection with every value rendered.
#[derive(Clone, PartialEq, Eq)]
pub struct Connection {
    /// Its name, for messages and the token store.
    pub name: String,
    /// How it authenticates.
    pub auth: Auth,
    /// How it is reached (proxy, certificates).
    pub network: ConnectionNetwork,
}

/// How a connection authenticates.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// One header with a fixed value (`api-key`, `basic`).
    Static {
        /// Header name.
        header: String,
        /// Header value (a secret).
        value: String,
    },
    /// An OAuth 2.0 access token, sent as `Authorization: Bearer …`.
    OAuth(Box<OAuthConfig>),
}

/// The OAuth 2.0 grants sortie obtains tokens with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flow {
    /// `oauth2-client-credentials`.
    ClientCredentials,
    /// `oauth2-authorization-code`: tokens come from a refresh token (`sortie login` or the
    /// `refresh-token` key).
    AuthorizationCode,
}

/// A resolved OAuth 2.0 connection. It is also the token cache's key: two files declaring
/// the same block share one token.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OAuthConfig {
    /// The grant.
    pub flow: Flow,
    /// Token endpoint.
    pub token_url: String,
    /// Endpoint for refresh-token requests (the token endpoint unless given).
    pub refresh_url: String,
    /// Authorization endpoint (`sortie login`).
    pub authorize_url: Option<String>,
    /// Client id.
    pub client_id: String,
    /// Client secret (a secret).
    pub client_secret: Option<String>,
    /// Scopes asked for.
    pub scopes: Vec<String>,
    /// Extra headers on token requests.
    pub headers: Vec<(String, String)>,
    /// Extra form fields on token requests.
    pub params: Vec<(String, String)>,
    /// A refresh token given in the declaration (a secret).
    pub refresh_token: Option<String>,
    /// Where `sortie login` receives the code.
    pub redirect_uri: String,
    /// How the token endpoint is reached: the connection's network settings.
    pub network: ConnectionNetwork,
}

// Hand-written so that no `{:?}` can print a secret.
impl fmt::Debug for OAuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthConfig")
            .field("flow", &self.flow)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.auth {
            Auth::Static { header, .. } => write!(f, "Connection({}, {header}: ***)", self.name),
            Auth::OAuth(c) => write!(f, "Connection({}, {c:?})", self.name),
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Static { header, .. } => write!(f, "Static({header}: ***)"),
            Auth::OAuth(c) => write!(f, "OAuth({c:?})"),
        }
    }
}

/// Builds a connection from its rendered `key: value` pairs. Secret values are added to the
/// redactor first, so that no message below can show them.
pub fn resolve(
    name: &str,
    kind: ConnectionType,
    values: &[(String, String)],
    redactor: &Redactor,
) -> Result<Connection, ConnectionError> {
    for (key, value) in values {
        if SECRET_CONNECTION_KEYS.contains(&key.as_str()) {
            redactor.add(value.clone());
        }
    }
    let get = |key: &str| values.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim());
    let all = |key: &'static str| {
        values
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.trim())
    };
    let required = |key: &str| match get(key) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        Some(_) => Err(ConnectionError::Invalid(format!("'{key}' is empty"))),
        None => Err(ConnectionError::Invalid(format!(
            "the key '{key}' is missing"
        ))),
    };
    let mut auth = match kind {
        ConnectionType::ApiKey => {
            let key = required("api-key")?;
            let header = get("header")
                .filter(|h| !h.is_empty())
                .unwrap_or("Authorization");
            if !is_header_name(header) {
                return Err(ConnectionError::Invalid(format!(
                    "'{header}' is not a valid header name"
                )));
            }
            let value = match get("scheme")
                .unwrap_or("Basic")
                .to_ascii_lowercase()
                .as_str()
            {
                "basic" => format!("Basic {key}"),
                "bearer" => format!("Bearer {key}"),
                "none" | "" => key,
                other => {
                    return Err(ConnectionError::Invalid(format!(
                        "unknown scheme '{other}': use Basic, Bearer or none"
                    )))
                }
            };
            Auth::Static {
                header: header.to_string(),
                value,
            }
        }
        ConnectionType::Basic => {
            let user = required("username")?;
            let password = get("password").unwrap_or_default();
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            redactor.add(encoded.clone());
            Auth::Static {
                header: "Authorization".to_string(),
                value: format!("Basic {encoded}"),
            }
        }
        ConnectionType::OAuth2ClientCredentials | ConnectionType::OAuth2AuthorizationCode => {
            let flow = if kind == ConnectionType::OAuth2ClientCredentials {
                Flow::ClientCredentials
            } else {
                Flow::AuthorizationCode
            };
            let token_url = http_url("token-url", &required("token-url")?)?;
            let refresh_url = match get("refresh-url").filter(|v| !v.is_empty()) {
                Some(u) => http_url("refresh-url", u)?,
                None => token_url.clone(),
            };
            let authorize_url = match get("authorize-url").filter(|v| !v.is_empty()) {
                Some(u) => Some(http_url("authorize-url", u)?),
                None => None,
            };
            let redirect_uri = match get("redirect-uri").filter(|v| !v.is_empty()) {
                Some(u) => http_url("redirect-uri", u)?,
                None => DEFAULT_REDIRECT_URI.to_string(),
            };
            let client_secret = match flow {
                Flow::ClientCredentials => Some(required("client-secret")?),
                Flow::AuthorizationCode => get("client-secret")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            };
            let headers = all("header")
                .map(parse_header)
                .collect::<Result<Vec<_>, _>>()?;
            let params = all("param")
                .map(parse_param)
                .collect::<Result<Vec<_>, _>>()?;
            Auth::OAuth(Box::new(OAuthConfig {
                flow,
                token_url,
                refresh_url,
                authorize_url,
                client_id: required("client-id")?,
                client_secret,
                scopes: get("scopes")
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                headers,
                params,
                refresh_token: get("refresh-token")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
                redirect_uri,
                network: ConnectionNetwork::default(),
            }))
        }
    };
    let network = ConnectionNetwork::from_values(values)?;
    if let Auth::OAuth(config) = &mut auth {
        config.network = network.clone();
    }
    Ok(Connection {
        name: name.to_string(),
        auth,
        network,
    })
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn http_url(key: &str, text: &str) -> Result<String, ConnectionError> {
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => Ok(text.to_string()),
        Ok(_) => Err(ConnectionError::Invalid(format!(
            "{key} '{text}' is not an http or https URL"
        ))),
        Err(e) => Err(ConnectionError::Invalid(format!(
            "{key} '{text}' is not a valid URL: {e}"
        ))),
    }
}

/// `header: Name: value`.
fn parse_header(text: &str) -> Result<(String, String), ConnectionError> {
    match text.split_once(':') {
        Some((name, value)) if is_header_name(name.trim()) && !value.contains(['\r', '\n']) => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(ConnectionError::Invalid(format!(
            "header '{text}' must be written 'Name: value'"
        ))),
    }
}

/// `param: name=value`.
fn parse_param(text: &str) -> Result<(String, String), ConnectionError> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(ConnectionError::Invalid(format!(
            "param '{text}' must be written 'name=value'"
        ))),
    }
}

/// The header a connection adds to one request, and the access token in it, if any.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The header, marked as the connection's (dropped on cross-origin redirects).
    pub header: Header,
    /// The OAuth access token sent, for renewal on a 401.
    pub token: Option<String>,
}

/// Gives connections their credentials: one per run, shared by every file (the token cache
/// and the refresh-token store).
#[derive(Debug)]
pub struct Connector {
    cache: TokenCache,
    store: TokenStore,
}

impl Default for Connector {
    fn default() -> Self {
        Connector::new(TokenStore::from_env())
    }
}

impl Connector {
    /// A connector keeping refresh tokens in `store`.
    pub fn new(store: TokenStore) -> Self {
        Connector {
            cache: TokenCache::default(),
            store,
        }
    }

    /// The refresh-token store.
    pub fn store(&self) -> &TokenStore {
        &self.store
    }

    /// The header for `conn`: a cached access token (fetched once per run, renewed before it
    /// expires) or the connection's static header.
    pub fn credentials(
        &self,
        conn: &Connection,
        redactor: &Redactor,
        notices: Option<&dyn NoticeSink>,
    ) -> Result<Credentials, ConnectionError> {
        self.obtain(conn, None, redactor, notices)
    }

    /// New credentials after the server refused `used` with a 401. Several requests refused at
    /// once share one renewal.
    pub fn renew(
        &self,
        conn: &Connection,
        used: &Credentials,
        redactor: &Redactor,
        notices: Option<&dyn NoticeSink>,
    ) -> Result<Credentials, ConnectionError> {
        self.obtain(conn, used.token.as_deref(), redactor, notices)
    }

    fn obtain(
        &self,
        conn: &Connection,
        rejected: Option<&str>,
        redactor: &Redactor,
        notices: Option<&dyn NoticeSink>,
    ) -> Result<Credentials, ConnectionError> {
        let config = match &conn.auth {
            Auth::Static { header, value } => {
                return Ok(Credentials {
                    header: connection_header(header, value),
                    token: None,
                })
            }
            Auth::OAuth(config) => config,
        };
        let fetch = |previous: Option<&Token>| {
            oauth::fetch_token(&conn.name, config, previous, &self.store, redactor, notices)
        };
        let token = match rejected {
            Some(bad) => self.cache.renew(config, bad, fetch),
            None => self.cache.get(config, fetch),
        }
        .map_err(|e| e.of(&conn.name))?;
        Ok(Credentials {
            header: connection_header("Authorization", &format!("Bearer {}", token.access)),
            token: Some(token.access),
        })
    }

    /// Sends `request` with the connection's header (unless the request sets that header
    /// itself); on a 401 to an OAuth token, renews the token once and sends it again. The
    /// attempts of both sends are kept.
    pub fn send(
        &self,
        client: &Client,
        request: &HttpRequest,
        transport: &TransportOptions,
        conn: &Connection,
        redactor: &Redactor,
    ) -> Result<Exchange, ConnectionError> {
        let transport = &conn.network.apply(transport);
        let notices = transport.debug.then(|| client.notices());
        let creds = self.credentials(conn, redactor, notices)?;
        let mut request = request.clone();
        if !add_credentials(&mut request, &creds) {
            return Ok(client.execute(&request, transport));
        }
        let first = client.execute(&request, transport);
        let refused = matches!(&first.result, Ok(r) if r.status == 401);
        if !refused || creds.token.is_none() {
            return Ok(first);
        }
        if let Some(sink) = notices {
            sink.notice(Notice::Connection(format!(
                "connection '{}': the access token was refused (401); renewing it",
                conn.name
            )));
        }
        let renewed = self.renew(conn, &creds, redactor, notices)?;
        request.headers.retain(|h| !h.from_connection);
        add_credentials(&mut request, &renewed);
        let mut second = client.execute(&request, transport);
        let mut attempts = first.attempts;
        let offset = attempts.len() as u32;
        attempts.extend(second.attempts.into_iter().map(|mut a| {
            a.number += offset;
            a
        }));
        second.attempts = attempts;
        second.duration += first.duration;
        Ok(second)
    }
}

fn connection_header(name: &str, value: &str) -> Header {
    Header {
        name: name.to_string(),
        value: value.to_string(),
        from_connection: true,
    }
}

/// Adds the connection's header unless the request already sets one of that name (the
/// entry's own header wins). Returns whether it was added.
pub fn add_credentials(request: &mut HttpRequest, creds: &Credentials) -> bool {
    let taken = request
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case(&creds.header.name));
    if !taken {
        request.headers.push(creds.header.clone());
    }
    !taken
}

#[cfg(test)]
mod tests;
