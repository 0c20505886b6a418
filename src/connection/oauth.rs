//! Token requests through the `oauth2` crate. Its HTTP goes through [`TokenHttp`], a
//! `SyncHttpClient` over sortie's own `ureq` agent (the crate's default features would pull
//! reqwest and tokio): no redirects, no status-as-error, a time limit, and the connection's
//! extra headers on every token request.

use super::error::ConnectionError;
use std::cell::Cell;
use std::time::Duration;

use oauth2::basic::{BasicClient, BasicRequestTokenError};
use oauth2::{
    AuthUrl, ClientId, ClientSecret, EndpointNotSet, EndpointSet, HttpClientError, HttpRequest,
    HttpResponse, RedirectUrl, RefreshToken, RequestTokenError, Scope, SyncHttpClient,
    TokenResponse, TokenUrl,
};

use super::store::TokenStore;
use super::token::Token;
use super::{Flow, OAuthConfig};
use crate::notice::{Notice, NoticeSink};
use crate::secret::Redactor;

/// Time limit of one token request (`SORTIE_TOKEN_TIMEOUT_SECS` overrides it, for tests).
pub const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// Largest token response read.
const MAX_RESPONSE: u64 = 1 << 20;

/// A client with only its token endpoint set.
pub type TokenClient =
    BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// A client with its authorization and token endpoints set (`sortie login`).
pub type CodeClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// The `ureq` agent token requests go through.
pub fn token_agent() -> ureq::Agent {
    let limit = std::env::var("SORTIE_TOKEN_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(TOKEN_TIMEOUT, Duration::from_secs);
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(limit))
        .user_agent(concat!("sortie/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

/// `oauth2`'s HTTP client: a `ureq` agent plus the connection's extra headers. It remembers
/// the last status, for error messages.
pub struct TokenHttp<'a> {
    agent: &'a ureq::Agent,
    headers: &'a [(String, String)],
    status: Cell<Option<u16>>,
}

impl<'a> TokenHttp<'a> {
    /// A client sending `headers` on every request.
    pub fn new(agent: &'a ureq::Agent, headers: &'a [(String, String)]) -> Self {
        TokenHttp {
            agent,
            headers,
            status: Cell::new(None),
        }
    }
}

impl SyncHttpClient for TokenHttp<'_> {
    type Error = HttpClientError<ureq::Error>;

    fn call(&self, mut request: HttpRequest) -> Result<HttpResponse, Self::Error> {
        for (name, value) in self.headers {
            let name = ureq::http::HeaderName::from_bytes(name.as_bytes())
                .map_err(ureq::http::Error::from)?;
            let value =
                ureq::http::HeaderValue::from_str(value).map_err(ureq::http::Error::from)?;
            request.headers_mut().insert(name, value);
        }
        let response = self.agent.run(request).map_err(Box::new)?;
        self.status.set(Some(response.status().as_u16()));
        let mut builder = ureq::http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            builder = builder.header(name, value);
        }
        let body = response
            .into_body()
            .into_with_config()
            .limit(MAX_RESPONSE)
            .read_to_vec()
            .map_err(Box::new)?;
        builder.body(body).map_err(HttpClientError::Http)
    }
}

/// A client for `url` (the token or the refresh endpoint).
pub fn token_client(config: &OAuthConfig, url: &str) -> Result<TokenClient, ConnectionError> {
    let token_url = TokenUrl::new(url.to_string())
        .map_err(|e| ConnectionError::Token(format!("invalid token URL '{url}': {e}")))?;
    let mut client =
        BasicClient::new(ClientId::new(config.client_id.clone())).set_token_uri(token_url);
    if let Some(secret) = &config.client_secret {
        client = client.set_client_secret(ClientSecret::new(secret.clone()));
    }
    Ok(client)
}

/// A client for the authorization code flow with PKCE.
pub fn code_client(
    config: &OAuthConfig,
    authorize_url: &str,
) -> Result<CodeClient, ConnectionError> {
    let auth = AuthUrl::new(authorize_url.to_string()).map_err(|e| {
        ConnectionError::Token(format!("invalid authorize URL '{authorize_url}': {e}"))
    })?;
    let redirect = RedirectUrl::new(config.redirect_uri.clone()).map_err(|e| {
        ConnectionError::Token(format!(
            "invalid redirect URI '{}': {e}",
            config.redirect_uri
        ))
    })?;
    Ok(token_client(config, &config.token_url)?
        .set_auth_uri(auth)
        .set_redirect_uri(redirect))
}

/// Scopes as `oauth2` wants them.
pub fn scopes(config: &OAuthConfig) -> Vec<Scope> {
    config.scopes.iter().cloned().map(Scope::new).collect()
}

/// A new token for a connection: with the previous token's refresh token when there is one,
/// else with the connection's grant (client credentials, or the refresh token of the
/// declaration or of `sortie login`). Every token obtained is added to the redactor before
/// this returns.
pub fn fetch_token(
    name: &str,
    config: &OAuthConfig,
    previous: Option<&Token>,
    store: &TokenStore,
    redactor: &Redactor,
    notices: Option<&dyn NoticeSink>,
) -> Result<Token, ConnectionError> {
    let agent = token_agent();
    if let Some(refresh) = previous.and_then(|t| t.refresh.as_deref()) {
        match refresh_grant(name, config, refresh, &agent, redactor, notices) {
            Ok(token) => return Ok(token),
            // A client can always ask again; other flows have nothing else to try.
            Err(_) if config.flow == Flow::ClientCredentials => {}
            Err(e) => return Err(e),
        }
    }
    match config.flow {
        Flow::ClientCredentials => {
            let client = token_client(config, &config.token_url)?;
            let http = TokenHttp::new(&agent, &config.headers);
            if let Some(sink) = notices {
                sink.notice(Notice::Connection(format!(
                    "connection '{name}': requesting an access token from {}",
                    redactor.redact(&config.token_url)
                )));
            }
            let mut request = client
                .exchange_client_credentials()
                .add_scopes(scopes(config));
            for (k, v) in &config.params {
                request = request.add_extra_param(k.clone(), v.clone());
            }
            let answer = request.request(&http);
            finish(answer, &http, &config.token_url, redactor)
        }
        Flow::AuthorizationCode => {
            if let Some(refresh) = &config.refresh_token {
                return refresh_grant(name, config, refresh, &agent, redactor, notices);
            }
            let stored = store.load(name)?.ok_or_else(|| {
                ConnectionError::Token(format!("no refresh token: run 'sortie login {name}' or give the connection a refresh-token"))
            })?;
            if stored.token_url != config.token_url || stored.client_id != config.client_id {
                return Err(ConnectionError::Token(format!(
                    "the token saved by 'sortie login {name}' is for another token URL or client id; run 'sortie login {name}' again"
                )));
            }
            redactor.add(stored.refresh_token.clone());
            let token = refresh_grant(
                name,
                config,
                &stored.refresh_token,
                &agent,
                redactor,
                notices,
            )?;
            // Servers that rotate refresh tokens invalidate the old one: keep the new one.
            if let Some(new) = token
                .refresh
                .as_ref()
                .filter(|r| **r != stored.refresh_token)
            {
                let _ = store.save(name, config, new);
            }
            Ok(token)
        }
    }
}

fn refresh_grant(
    name: &str,
    config: &OAuthConfig,
    refresh: &str,
    agent: &ureq::Agent,
    redactor: &Redactor,
    notices: Option<&dyn NoticeSink>,
) -> Result<Token, ConnectionError> {
    let client = token_client(config, &config.refresh_url)?;
    let http = TokenHttp::new(agent, &config.headers);
    if let Some(sink) = notices {
        sink.notice(Notice::Connection(format!(
            "connection '{name}': refreshing the access token at {}",
            redactor.redact(&config.refresh_url)
        )));
    }
    let refresh = RefreshToken::new(refresh.to_string());
    let mut request = client
        .exchange_refresh_token(&refresh)
        .add_scopes(scopes(config));
    for (k, v) in &config.params {
        request = request.add_extra_param(k.clone(), v.clone());
    }
    let answer = request.request(&http);
    let mut token = finish(answer, &http, &config.refresh_url, redactor)?;
    // A server that does not rotate refresh tokens sends none back: the old one still works.
    if token.refresh.is_none() {
        token.refresh = Some(refresh.secret().clone());
    }
    Ok(token)
}

/// The token from a token response, registered with the redactor; or what went wrong.
pub fn finish<R: TokenResponse>(
    answer: Result<R, BasicRequestTokenError<HttpClientError<ureq::Error>>>,
    http: &TokenHttp,
    url: &str,
    redactor: &Redactor,
) -> Result<Token, ConnectionError> {
    match answer {
        Ok(response) => {
            let access = response.access_token().secret().clone();
            if access.is_empty() {
                return Err(ConnectionError::Token(format!(
                    "the token endpoint {url} answered an empty access_token"
                )));
            }
            redactor.add(access.clone());
            let refresh = response.refresh_token().map(|r| r.secret().clone());
            if let Some(r) = &refresh {
                redactor.add(r.clone());
            }
            Ok(Token::new(access, refresh, response.expires_in()))
        }
        Err(e) => Err(ConnectionError::Token(redactor.redact(&describe_error(
            e,
            http.status.get(),
            url,
        )))),
    }
}

/// What the token endpoint said, or why it said nothing.
pub fn describe_error(
    e: BasicRequestTokenError<HttpClientError<ureq::Error>>,
    status: Option<u16>,
    url: &str,
) -> String {
    let status = status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
    match e {
        RequestTokenError::ServerResponse(r) => {
            format!("the token endpoint {url} refused the request{status}: {r}")
        }
        RequestTokenError::Parse(err, body) => {
            let text = String::from_utf8_lossy(&body);
            format!(
                "the token endpoint {url} gave an answer that is not a token response{status}: {err}; it said: {}",
                excerpt(&text)
            )
        }
        RequestTokenError::Other(message) => {
            format!("the token endpoint {url} gave an unexpected answer{status}: {message}")
        }
        RequestTokenError::Request(e) => {
            format!("the token request to {url} failed: {}", transport_error(&e))
        }
    }
}

fn transport_error(e: &HttpClientError<ureq::Error>) -> String {
    match e {
        HttpClientError::Reqwest(inner) => match inner.as_ref() {
            ureq::Error::Timeout(what) => format!("timed out ({what})"),
            ureq::Error::HostNotFound => "host not found".to_string(),
            ureq::Error::ConnectionFailed => "connection failed".to_string(),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                "connection refused".to_string()
            }
            ureq::Error::BodyExceedsLimit(n) => format!("the answer is larger than {n} bytes"),
            other => other.to_string(),
        },
        HttpClientError::Http(e) => format!("invalid request: {e}"),
        HttpClientError::Io(e) => e.to_string(),
        HttpClientError::Other(m) => m.clone(),
        other => other.to_string(),
    }
}

/// A short, one-line excerpt of an answer body.
fn excerpt(text: &str) -> String {
    const MAX: usize = 200;
    let flat: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.is_empty() {
        return "(an empty body)".to_string();
    }
    if flat.chars().count() > MAX {
        format!("{}…", flat.chars().take(MAX).collect::<String>())
    } else {
        flat
    }
}
