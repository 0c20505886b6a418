//! Token requests through the `oauth2` crate. Its HTTP goes through [`TokenHttp`], a
//! `SyncHttpClient` over sortie's own transport (the crate's default features would pull
//! reqwest and tokio): no redirects, a time limit, the connection's network settings and its
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
use crate::http::request::BodyOrigin;
use crate::http::{Client, Header, RequestBody, TransportError, TransportOptions};
use crate::notice::Discard;
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

/// How token requests are sent: through sortie's own transport, with the connection's
/// network settings (proxy, certificates), no redirects, a time limit, a bounded answer.
pub fn token_transport(config: &OAuthConfig) -> TransportOptions {
    let limit = std::env::var("SORTIE_TOKEN_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(TOKEN_TIMEOUT, Duration::from_secs);
    config.network.apply(&TransportOptions {
        timeout: Some(limit),
        connect_timeout: Some(limit),
        max_body_bytes: MAX_RESPONSE,
        ..TransportOptions::default()
    })
}

/// `oauth2`'s HTTP client: sortie's client (no cookies) plus the connection's extra headers.
/// It remembers the last status, for error messages.
pub struct TokenHttp<'a> {
    client: Client<'static>,
    options: TransportOptions,
    headers: &'a [(String, String)],
    status: Cell<Option<u16>>,
}

impl<'a> TokenHttp<'a> {
    /// A client for the token requests of `config`, sending its extra headers.
    pub fn new(config: &'a OAuthConfig) -> Self {
        TokenHttp {
            client: Client::new(Redactor::new(), &Discard).without_cookie_store(),
            options: token_transport(config),
            headers: &config.headers,
            status: Cell::new(None),
        }
    }
}

impl SyncHttpClient for TokenHttp<'_> {
    type Error = HttpClientError<TransportError>;

    fn call(&self, request: HttpRequest) -> Result<HttpResponse, Self::Error> {
        let mut headers: Vec<Header> = request
            .headers()
            .iter()
            .filter(|(name, _)| {
                !self
                    .headers
                    .iter()
                    .any(|(extra, _)| extra.eq_ignore_ascii_case(name.as_str()))
            })
            .map(|(name, value)| {
                Header::new(name.as_str(), String::from_utf8_lossy(value.as_bytes()))
            })
            .collect();
        headers.extend(self.headers.iter().map(|(n, v)| Header::new(n, v)));
        let sent = crate::http::HttpRequest {
            method: request.method().as_str().to_string(),
            url: request.uri().to_string(),
            headers,
            body: RequestBody::Bytes {
                data: request.body().clone(),
                content_type: None,
                origin: BodyOrigin::Text,
            },
            ..Default::default()
        };
        let response = self
            .client
            .execute(&sent, &self.options)
            .result
            .map_err(|e| HttpClientError::Reqwest(Box::new(e)))?;
        self.status.set(Some(response.status));
        let mut builder = oauth2::http::Response::builder().status(response.status);
        for (name, value) in &response.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = response
            .body()
            .map_err(|e| HttpClientError::Other(format!("the answer can not be decoded: {e}")))?;
        builder.body(body.to_vec()).map_err(HttpClientError::Http)
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
    if let Some(refresh) = previous.and_then(|t| t.refresh.as_deref()) {
        match refresh_grant(name, config, refresh, redactor, notices) {
            Ok(token) => return Ok(token),
            // A client can always ask again; other flows have nothing else to try.
            Err(_) if config.flow == Flow::ClientCredentials => {}
            Err(e) => return Err(e),
        }
    }
    match config.flow {
        Flow::ClientCredentials => {
            let client = token_client(config, &config.token_url)?;
            let http = TokenHttp::new(config);
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
                return refresh_grant(name, config, refresh, redactor, notices);
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
            let token = refresh_grant(name, config, &stored.refresh_token, redactor, notices)?;
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
    redactor: &Redactor,
    notices: Option<&dyn NoticeSink>,
) -> Result<Token, ConnectionError> {
    let client = token_client(config, &config.refresh_url)?;
    let http = TokenHttp::new(config);
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
    answer: Result<R, BasicRequestTokenError<HttpClientError<TransportError>>>,
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
        Err(RequestTokenError::Parse(error, body)) => {
            // Token-looking values are secrets before anything can show the body.
            let json: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
            if let Some(serde_json::Value::Object(fields)) = &json {
                for name in ["access_token", "refresh_token", "id_token"] {
                    if let Some(serde_json::Value::String(value)) = fields.get(name) {
                        redactor.add(value.clone());
                    }
                }
            }
            match json.as_ref().and_then(lenient_token) {
                Some(token) => Ok(token),
                None => Err(ConnectionError::Token(redactor.redact(&describe_error(
                    RequestTokenError::Parse(error, body),
                    http.status.get(),
                    url,
                )))),
            }
        }
        Err(e) => Err(ConnectionError::Token(redactor.redact(&describe_error(
            e,
            http.status.get(),
            url,
        )))),
    }
}

/// A token response that strict parsing refused but lenient clients take, as real providers
/// send them: `expires_in` as a string, a float or negative (expired), `token_type` missing
/// (Bearer). `None` without a non-empty `access_token`.
fn lenient_token(json: &serde_json::Value) -> Option<Token> {
    let fields = json.as_object()?;
    let access = fields.get("access_token")?.as_str().filter(|a| !a.is_empty())?;
    let refresh = fields
        .get("refresh_token")
        .and_then(|r| r.as_str())
        .map(str::to_string);
    let seconds = match fields.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let lifetime = seconds.map(|s| Duration::from_secs(s.max(0.0) as u64));
    Some(Token::new(access.to_string(), refresh, lifetime))
}

/// What the token endpoint said, or why it said nothing.
pub fn describe_error(
    e: BasicRequestTokenError<HttpClientError<TransportError>>,
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

fn transport_error(e: &HttpClientError<TransportError>) -> String {
    match e {
        HttpClientError::Reqwest(inner) => inner.message.clone(),
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
