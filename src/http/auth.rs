//! Credentials a request is sent with beyond its own headers, as Hurl (libcurl) adds them:
//! `user` from the options or a `.netrc` file, Basic by default, AWS SigV4 signatures
//! (`aws-sigv4`), HTTP Digest answers (`digest`).

use base64::Engine as _;
use url::Url;

use super::net::digest::{Challenge, DigestClient, DigestRequest};
use super::net::netrc::{default_netrc_path, read_netrc_file, resolve_credentials, NetrcMode};
use super::net::sigv4::{sign, AwsSigV4Option, Credentials, SigningRequest};
use super::request::{NetrcUse, TransportOptions};
use super::response::{HttpResponse, TransportError, TransportErrorKind};

fn auth_error(message: String) -> TransportError {
    TransportError::new(TransportErrorKind::Auth, message)
}

/// The `user:password` a request to `url` is sent with: `user`, else the `.netrc` entry of
/// the host when `netrc` asks (a `netrc` whose file is missing is an error).
pub(super) fn user_for(
    url: &Url,
    options: &TransportOptions,
) -> Result<Option<String>, TransportError> {
    if options.user.is_some() {
        return Ok(options.user.clone());
    }
    let (mode, file) = match &options.net.netrc {
        NetrcUse::Off => return Ok(None),
        NetrcUse::Required(file) => (NetrcMode::Required, file),
        NetrcUse::Optional(file) => (NetrcMode::Optional, file),
    };
    let path = match file {
        Some(path) => Some(path.clone()),
        None => default_netrc_path(|name| std::env::var(name).ok()),
    };
    let text = match &path {
        Some(path) => read_netrc_file(path).map_err(|e| auth_error(e.to_string()))?,
        None => None,
    };
    if text.is_none() && mode == NetrcMode::Required {
        return Err(auth_error(format!(
            "netrc: no .netrc file ({})",
            path.map_or("set HOME or NETRC".to_string(), |p| p.display().to_string())
        )));
    }
    let host = url.host_str().unwrap_or("").trim_matches(['[', ']']);
    let found = resolve_credentials(mode, text.as_deref(), host, None, None)
        .map_err(|e| auth_error(e.to_string()))?;
    Ok(found.map(|c| format!("{}:{}", c.login, c.password.unwrap_or_default())))
}

/// `Authorization: Basic …` for `user:password`.
pub(super) fn basic(user: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(user)
    )
}

/// The headers of an AWS SigV4 signature (`Authorization`, the date, the payload hash for
/// S3) for a request about to be sent; none when the request sets `Authorization` itself.
pub(super) fn sigv4_headers(
    option: &str,
    user: &str,
    method: &str,
    url: &Url,
    headers: &[(String, String)],
    body: &[u8],
    path_as_is: bool,
) -> Result<Vec<(String, String)>, TransportError> {
    let option =
        AwsSigV4Option::parse(option).map_err(|e| auth_error(format!("aws-sigv4: {e}")))?;
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let request = SigningRequest {
        method,
        url: url.as_str(),
        headers: &pairs,
        body,
        path_as_is,
    };
    let signature = sign(
        &request,
        &Credentials::from_user_option(user),
        &option,
        chrono::Utc::now(),
    )
    .map_err(|e| auth_error(format!("aws-sigv4: {e}")))?;
    Ok(signature.map(|s| s.headers).unwrap_or_default())
}

/// The `Authorization` answering a `401`'s Digest challenge for the same request, as curl's
/// `--digest` sends it; `None` when the response has no Digest challenge.
pub(super) fn digest_answer(
    response: &HttpResponse,
    user: &str,
    method: &str,
    target: &str,
    body: &[u8],
) -> Option<String> {
    let challenge = response
        .headers_named("www-authenticate")
        .find_map(|v| Challenge::parse(v).ok())?;
    let cnonce = base64::engine::general_purpose::STANDARD.encode(uuid::Uuid::new_v4().as_bytes());
    let mut client = DigestClient::new(challenge, cnonce);
    let (name, password) = user.split_once(':').unwrap_or((user, ""));
    Some(client.authorization(
        name,
        password,
        &DigestRequest {
            method,
            uri: target,
            body,
        },
    ))
}
