//! `sortie login`: the authorization code flow with PKCE on a loopback redirect.
//!
//! sortie listens on the connection's `redirect-uri` (a loopback address), prints the
//! authorization URL and opens a browser when there is one, waits for the redirect carrying
//! the code, checks `state`, exchanges the code (with the PKCE verifier) and keeps the
//! refresh token in the [`TokenStore`].

use super::error::ConnectionError;
use crate::notice::{Notice, NoticeSink};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use oauth2::{AuthorizationCode, CsrfToken, PkceCodeChallenge};

use super::oauth::{code_client, finish, scopes, TokenHttp};
use super::store::TokenStore;
use super::{Connection, Flow};
use crate::secret::Redactor;

/// The default time limit of a login.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// How a login runs.
#[derive(Clone, Debug)]
pub struct LoginOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// Try to open a browser.
    pub open_browser: bool,
}

impl Default for LoginOptions {
    fn default() -> Self {
        LoginOptions {
            timeout: DEFAULT_TIMEOUT,
            open_browser: true,
        }
    }
}

/// Logs in to `conn` and saves its refresh token; returns the file it went to. The
/// authorization URL goes to `out` on a line of its own; progress goes to `notices`.
pub fn login(
    conn: &Connection,
    store: &TokenStore,
    options: &LoginOptions,
    redactor: &Redactor,
    out: &mut dyn Write,
    notices: &dyn NoticeSink,
) -> Result<PathBuf, ConnectionError> {
    let config = match &conn.auth {
        super::Auth::OAuth(c) if c.flow == Flow::AuthorizationCode => c,
        _ => {
            return Err(ConnectionError::Login(format!(
                "connection '{}' is not an oauth2-authorization-code connection: only those log in",
                conn.name
            )))
        }
    };
    let authorize_url = config.authorize_url.as_deref().ok_or_else(|| {
        ConnectionError::Login(format!("connection '{}' has no authorize-url", conn.name))
    })?;
    let redirect = url::Url::parse(&config.redirect_uri)
        .map_err(|e| ConnectionError::Login(format!("invalid redirect-uri: {e}")))?;
    let host = redirect
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_string();
    if !matches!(host.as_str(), "127.0.0.1" | "localhost" | "::1") {
        return Err(ConnectionError::Login(format!(
            "redirect-uri '{}' must be a loopback address (127.0.0.1, localhost or [::1]) for sortie to receive the code",
            config.redirect_uri
        )));
    }
    let port = redirect.port_or_known_default().unwrap_or(80);
    let bind_host = if host == "localhost" {
        "127.0.0.1"
    } else {
        host.as_str()
    };
    let listener = TcpListener::bind((bind_host, port)).map_err(|e| {
        ConnectionError::Login(format!(
            "cannot listen on {bind_host}:{port} for the redirect: {e}"
        ))
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| ConnectionError::Login(e.to_string()))?;

    let client = code_client(config, authorize_url)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(scopes(config))
        .set_pkce_challenge(challenge);
    for (k, v) in &config.params {
        request = request.add_extra_param(k.clone(), v.clone());
    }
    let (url, state) = request.url();
    notices.notice(Notice::Progress(format!(
        "Open this address in a browser to log in to '{}':",
        conn.name
    )));
    writeln!(out, "{url}")
        .and_then(|()| out.flush())
        .map_err(|e| ConnectionError::Login(e.to_string()))?;
    if options.open_browser {
        open_browser(url.as_str());
    }
    notices.notice(Notice::Progress(format!(
        "Waiting for the redirect to {} (at most {} s)…",
        config.redirect_uri,
        options.timeout.as_secs()
    )));
    let code = wait_for_code(&listener, redirect.path(), state.secret(), options.timeout)?;

    let http = TokenHttp::new(config);
    let mut exchange = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(verifier);
    for (k, v) in &config.params {
        exchange = exchange.add_extra_param(k.clone(), v.clone());
    }
    let token = finish(exchange.request(&http), &http, &config.token_url, redactor)
        .map_err(|e| ConnectionError::Login(format!("connection '{}': {e}", conn.name)))?;
    let refresh = token.refresh.ok_or_else(|| {
        ConnectionError::Login(format!(
            "the token endpoint gave no refresh token for '{}' (does the provider need a scope such as offline_access?)",
            conn.name
        ))
    })?;
    store.save(&conn.name, config, &refresh)
}

/// Waits for the browser's request to `path` and returns its code, after checking `state`.
fn wait_for_code(
    listener: &TcpListener,
    path: &str,
    state: &str,
    timeout: Duration,
) -> Result<String, ConnectionError> {
    let deadline = Instant::now() + timeout;
    loop {
        if Instant::now() >= deadline {
            return Err(ConnectionError::Login(format!(
                "no redirect came within {} s; try again",
                timeout.as_secs()
            )));
        }
        let stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            Err(e) => {
                return Err(ConnectionError::Login(format!(
                    "cannot accept the redirect: {e}"
                )))
            }
        };
        match answer(stream, path, state) {
            Some(result) => return result,
            None => continue,
        }
    }
}

/// Reads one request; `None` when it is not the redirect (a favicon, a probe).
fn answer(
    mut stream: TcpStream,
    path: &str,
    state: &str,
) -> Option<Result<String, ConnectionError>> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    reader.read_line(&mut line).ok()?;
    // The rest of the head is read so that the browser sees a clean answer.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let url = url::Url::parse(&format!("http://localhost{target}")).ok()?;
    if url.path() != path {
        reply(&mut stream, "404 Not Found", "Not the login redirect.");
        return None;
    }
    let params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let result = if let Some(error) = get("error") {
        let description = get("error_description")
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        Err(ConnectionError::Login(format!(
            "the authorization server refused the login: {error}{description}"
        )))
    } else if get("state").as_deref() != Some(state) {
        Err(ConnectionError::Login("the redirect's state does not match the one sent: the login was not started by this sortie".to_string()))
    } else {
        get("code")
            .ok_or_else(|| ConnectionError::Login("the redirect carries no code".to_string()))
    };
    match &result {
        Ok(_) => reply(
            &mut stream,
            "200 OK",
            "Logged in. You can close this window and go back to sortie.",
        ),
        Err(e) => reply(
            &mut stream,
            "400 Bad Request",
            &format!("Login failed: {e}"),
        ),
    }
    Some(result)
}

fn reply(stream: &mut TcpStream, status: &str, text: &str) {
    let body = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>sortie</title><p>{}</p>\n",
        escape(text)
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Opens `url` in a browser when the session has one; never fails.
fn open_browser(url: &str) {
    let graphical = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if graphical {
        // Without a display, xdg-open would start a text browser in this terminal.
        "xdg-open"
    } else {
        return;
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = spawned {
        // Reaped in the background so no zombie is left.
        std::thread::spawn(move || child.wait());
    }
}
