//! The client: a wire (kept-alive connections, shared by the files one worker thread runs, or
//! a call's own) with a cookie jar per spec file or call, the attempt loop with
//! transport retries, and redirects followed by sortie itself, hop by hop as Hurl does.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Instant, SystemTime};

use url::Url;

use super::cookies::{merge_cookie_header, CookieJar, RequestTarget};
use super::debug::{render_request, render_response};
use super::redirect::{is_credential, redirect_method, strips_credentials};
use super::request::{escape, EncodedBody, Header, HttpRequest, TransportOptions};
use super::response::{
    Attempt, Exchange, HttpResponse, Redirect, TransportError, TransportErrorKind,
};
use super::retry::parse_retry_after;
use super::wire::{header_lines, Head, Limits, Wire, WireRequest};
use crate::notice::{Notice, NoticeSink};
use crate::secret::Redactor;

/// The `User-Agent` sent unless the request or `--user-agent` sets one.
pub const USER_AGENT: &str = concat!("sortie/", env!("CARGO_PKG_VERSION"));

/// Sends requests. Cheap to share by reference within one spec file: it keeps the file's
/// connections and cookies.
pub struct Client<'n> {
    wire: Arc<Wire>,
    redactor: Redactor,
    notices: &'n dyn NoticeSink,
    cookies: Mutex<CookieJar>,
    store_cookies: bool,
    /// The last URL parsed (without `[Query]`): entries of a file often send the same one.
    last_url: Mutex<Option<(String, Url)>>,
}

/// What one hop sends.
struct Hop<'a> {
    method: &'a str,
    url: &'a Url,
    headers: &'a [Header],
    /// The one `Cookie` header: the store's, `[Cookies]` and written ones merged.
    cookie: Option<String>,
    /// `user` (or the `.netrc` entry), until a redirect to another origin drops it.
    user: Option<&'a str>,
    /// The path as written, for `path-as-is` (the first hop only).
    raw_path: Option<&'a str>,
    /// The answer to a Digest challenge, when one came.
    digest: Option<String>,
    body: Option<&'a EncodedBody>,
}

impl<'n> Client<'n> {
    /// A client with its own connections; what it has to tell (requests as sent with
    /// `debug`, retries, warnings) goes to `notices`.
    pub fn new(redactor: Redactor, notices: &'n dyn NoticeSink) -> Self {
        Client::with_wire(Arc::new(Wire::new()), redactor, notices)
    }

    /// A client sending on `wire`, whose kept-alive connections other clients (the earlier
    /// files of the same worker thread) may have opened; its cookies are its own.
    pub fn with_wire(wire: Arc<Wire>, redactor: Redactor, notices: &'n dyn NoticeSink) -> Self {
        Client {
            wire,
            redactor,
            notices,
            cookies: Mutex::new(CookieJar::new()),
            store_cookies: true,
            last_url: Mutex::new(None),
        }
    }

    /// The client without a cookie store (`--no-cookie-store`): responses' cookies are not
    /// kept; `[Cookies]` and written `Cookie` headers are still sent.
    pub fn without_cookie_store(mut self) -> Self {
        self.store_cookies = false;
        self
    }

    /// The file's cookie store (`--cookie FILE`, `@cookie_storage_*`, `--cookie-jar`).
    pub fn cookie_jar(&self) -> MutexGuard<'_, CookieJar> {
        self.cookies.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Where this client's notices go (connections add theirs).
    pub fn notices(&self) -> &'n dyn NoticeSink {
        self.notices
    }

    /// [`full_url`], the last URL without a query parsed once.
    fn parse_url(&self, url: &str, query: &[(String, String)]) -> Result<Url, TransportError> {
        if !query.is_empty() {
            return full_url(url, query);
        }
        let mut last = self.last_url.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((text, parsed)) = last.as_ref() {
            if text == url {
                return Ok(parsed.clone());
            }
        }
        let parsed = full_url(url, query)?;
        *last = Some((url.to_string(), parsed.clone()));
        Ok(parsed)
    }

    /// Sends the request, following redirects and retrying as the options say.
    pub fn execute(&self, request: &HttpRequest, options: &TransportOptions) -> Exchange {
        let started = Instant::now();
        let failed = |error: TransportError| Exchange {
            attempts: Vec::new(),
            result: Err(error),
            redirects: Vec::new(),
            duration: started.elapsed(),
        };
        let body = match request.body.encode() {
            Ok(body) => body,
            Err(e) => return failed(TransportError::new(TransportErrorKind::Body, e.to_string())),
        };
        let url = match self.parse_url(&request.url, &request.query) {
            Ok(url) => url,
            Err(error) => return failed(error),
        };
        let mut attempts: Vec<Attempt> = Vec::new();
        let mut number = 1;
        loop {
            let attempt_start = Instant::now();
            let started_at = SystemTime::now();
            let (redirects, result) = self.follow(request, &url, body.as_ref(), options);
            let outcome = result.as_ref().map(|r| r.status).map_err(Clone::clone);
            let retry_after = match &result {
                Ok(r) if r.status == 429 || r.status == 503 => r
                    .header("retry-after")
                    .and_then(|v| parse_retry_after(v, SystemTime::now())),
                _ => None,
            };
            let wants_retry = match &result {
                Ok(r) => options.retry.retries_status(r.status),
                Err(e) => e.is_retriable(),
            };
            let retry = wants_retry
                && number <= options.retry.max_retries
                && crate::interrupt::interrupted().is_none();
            // A wait between attempts is bounded by the request's own time limit.
            let delay = retry.then(|| {
                let wait = options.retry.delay_before(number + 1, retry_after);
                options.timeout.map_or(wait, |limit| wait.min(limit))
            });
            attempts.push(Attempt {
                number,
                started_at,
                duration: attempt_start.elapsed(),
                outcome,
                redirects: redirects.clone(),
                retry_delay: delay,
            });
            let Some(wait) = delay else {
                return Exchange {
                    attempts,
                    result,
                    redirects,
                    duration: started.elapsed(),
                };
            };
            if options.debug {
                let reason = match &result {
                    Ok(r) => format!("status {}", r.status),
                    Err(e) => self.redactor.redact(&e.message),
                };
                self.notices.notice(Notice::Retrying {
                    attempt: number,
                    reason,
                    delay: wait,
                });
            }
            crate::interrupt::sleep(wait);
            number += 1;
        }
    }

    /// One attempt: the request and, when asked, every redirect after it (Hurl's rules:
    /// 301 to 303 become GET and lose the body, other 3xx keep both; a hop to another scheme,
    /// host or port than the first request's loses the credentials unless trusted).
    fn follow(
        &self,
        request: &HttpRequest,
        url: &Url,
        body: Option<&EncodedBody>,
        options: &TransportOptions,
    ) -> (Vec<Redirect>, Result<HttpResponse, TransportError>) {
        let deadline = options.timeout.map(|t| Instant::now() + t);
        let mut redirects = Vec::new();
        let mut method = request.method.clone();
        let mut current = url.clone();
        let mut headers: Vec<Header> = request.headers.clone();
        let mut body = body;
        let user = match super::auth::user_for(url, options) {
            Ok(user) => user,
            Err(e) => return (redirects, Err(e)),
        };
        let mut user = user.as_deref();
        let mut raw_path = options
            .net
            .path_as_is
            .then(|| super::route::raw_path(&request.url))
            .flatten();
        let mut digest: Option<String> = None;
        loop {
            let target = cookie_target(&current, &headers);
            let jar_cookies = target
                .as_ref()
                .and_then(|t| self.cookie_jar().cookies_for(t));
            let cookie = merge_cookie_header(
                jar_cookies.as_ref(),
                request
                    .cookies
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
                headers
                    .iter()
                    .filter(|h| h.name.eq_ignore_ascii_case("cookie"))
                    .map(|h| h.value.as_str()),
            );
            let hop = Hop {
                method: &method,
                url: &current,
                headers: &headers,
                cookie,
                user,
                raw_path,
                digest: digest.take(),
                body,
            };
            let answered = hop.digest.is_some();
            let response = match self.send(&hop, options, deadline) {
                Ok(r) => r,
                Err(e) => return (redirects, Err(e)),
            };
            // `digest`: the first request goes without credentials; the server's challenge
            // is answered once, on the same URL.
            if let (true, 401, false, Some(user)) =
                (options.net.digest, response.status, answered, user)
            {
                let target = super::route::route(&current, raw_path, options)
                    .map(|r| r.target)
                    .unwrap_or_default();
                let data = body.map_or(&[][..], |b| &b.data);
                digest = super::auth::digest_answer(&response, user, &method, &target, data);
                if digest.is_some() {
                    continue;
                }
            }
            if let (true, Some(target)) = (self.store_cookies, &target) {
                // Refused cookies are dropped silently, as curl does.
                let _ = self
                    .cookie_jar()
                    .store_response(target, response.headers_named("set-cookie"));
            }
            let location = response.header("location").map(str::to_string);
            let (true, true, Some(location)) = (
                options.follow_redirects,
                (300..400).contains(&response.status),
                location,
            ) else {
                return (redirects, Ok(response));
            };
            if options
                .max_redirects
                .is_some_and(|max| redirects.len() as u32 >= max)
            {
                let e = TransportError::new(
                    TransportErrorKind::TooManyRedirects,
                    format!(
                        "too many redirects: {url} redirected more than {} times",
                        options.max_redirects.unwrap_or_default()
                    ),
                );
                return (redirects, Err(e));
            }
            let next = match current.join(location.trim()) {
                Ok(next) => next,
                Err(e) => {
                    let message = format!("invalid redirect Location '{location}': {e}");
                    return (
                        redirects,
                        Err(TransportError::new(TransportErrorKind::InvalidUrl, message)),
                    );
                }
            };
            if !matches!(next.scheme(), "http" | "https") {
                let message = format!(
                    "a redirect to '{next}' is not followed: only http and https are supported"
                );
                return (
                    redirects,
                    Err(TransportError::new(TransportErrorKind::InvalidUrl, message)),
                );
            }
            redirects.push(Redirect {
                url: current.to_string(),
                status: response.status,
                location: next.to_string(),
            });
            let next_method = redirect_method(response.status, &method);
            if next_method != method {
                body = None;
            }
            method = next_method;
            if strips_credentials(url, &next) && !options.location_trusted {
                headers.retain(|h| !is_credential(h));
                user = None;
            }
            raw_path = None;
            current = next;
        }
    }

    /// One exchange, no redirect followed.
    fn send(
        &self,
        hop: &Hop,
        options: &TransportOptions,
        deadline: Option<Instant>,
    ) -> Result<HttpResponse, TransportError> {
        let url = hop.url;
        let host = url.host_str().unwrap_or("");
        let host_header = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let routed = super::route::route(url, hop.raw_path, options)?;
        let has = |name: &str| {
            hop.headers
                .iter()
                .any(|h| h.name.eq_ignore_ascii_case(name))
        };
        let mut sent: Vec<(String, String)> = hop
            .headers
            .iter()
            .filter(|h| !h.name.eq_ignore_ascii_case("cookie"))
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect();
        if let Some(ct) = hop.body.and_then(|b| b.content_type.as_ref()) {
            if !has("content-type") {
                sent.push(("Content-Type".to_string(), ct.clone()));
            }
        }
        if !has("user-agent") {
            let agent = options.user_agent.as_deref().unwrap_or(USER_AGENT);
            sent.push(("User-Agent".to_string(), agent.to_string()));
        }
        let data: &[u8] = hop.body.map_or(&[], |b| &b.data);
        // After the User-Agent, as Hurl adds them: the user's credentials in the scheme asked
        // for (Basic unless SigV4 or Digest), then Accept-Encoding.
        if let (Some(user), false) = (hop.user, has("authorization")) {
            let net = &options.net;
            if let Some(aws) = &net.aws_sigv4 {
                let signed = super::auth::sigv4_headers(
                    aws,
                    user,
                    hop.method,
                    url,
                    &sent,
                    data,
                    net.path_as_is,
                )?;
                sent.extend(signed);
            } else if let Some(answer) = &hop.digest {
                sent.push(("Authorization".to_string(), answer.clone()));
            } else if !net.digest {
                sent.push(("Authorization".to_string(), super::auth::basic(user)));
            }
        }
        if options.compressed && !has("accept-encoding") {
            sent.push((
                "Accept-Encoding".to_string(),
                "gzip, deflate, br".to_string(),
            ));
        }
        let head = Head {
            method: hop.method,
            target: &routed.target,
            host: &host_header,
            headers: &sent,
            cookies: hop.cookie.as_deref(),
            body_len: data.len(),
            trailing_content_type: hop.body.and_then(|b| b.trailing_content_type.as_deref()),
            http10: options.http10,
            via_proxy: routed.via_proxy,
            proxy_authorization: routed.proxy_authorization.as_deref(),
        };
        if options.debug {
            let mut shown = Vec::with_capacity(sent.len() + 1);
            if let Some(c) = &hop.cookie {
                shown.push(("Cookie".to_string(), c.clone()));
            }
            shown.extend(sent.iter().cloned());
            self.notices.notice(Notice::RequestSent(render_request(
                hop.method,
                url.as_str(),
                &shown,
                Some(data),
                &self.redactor,
            )));
        }
        // Shown once per run by the reporters, redirect hops included.
        if options.insecure && url.scheme() == "https" {
            self.notices.notice(Notice::Warning {
                key: "insecure",
                message: format!(
                    "TLS certificate verification is off (insecure) for {}",
                    self.redactor.redact(url.as_str())
                ),
            });
        }
        let limits = Limits {
            connect_timeout: options.connect_timeout,
            deadline,
            max_body: options.max_body_bytes,
            rate: options.net.limit_rate.and_then(std::num::NonZeroU64::new),
        };
        let request_headers: Vec<(String, String)> = header_lines(&head)
            .into_iter()
            .map(|(name, value)| (name.to_string(), value.into_owned()))
            .collect();
        let started = Instant::now();
        let wire = WireRequest {
            endpoint: &routed.endpoint,
            head,
            body: data,
        };
        let response = self
            .wire
            .send(&wire, &limits)
            .map_err(|e| describe(e, url, options))?;
        let mut out = HttpResponse::new(
            response.head.status,
            response.head.version,
            response.head.headers,
            response.body,
            url.as_str(),
        );
        out.duration = started.elapsed();
        if options.debug {
            self.notices
                .notice(Notice::ResponseReceived(render_response(
                    &out,
                    options.debug_bodies,
                    &self.redactor,
                )));
        }
        out.peer = response.peer;
        out.certificates = response.certificates;
        out.max_decoded = options.max_body_bytes;
        out.request_headers = request_headers;
        Ok(out)
    }
}

/// What the cookie store sees of a hop: its URL, with the host of a written `Host` header
/// (as curl does).
fn cookie_target(url: &Url, headers: &[Header]) -> Option<RequestTarget> {
    let target = RequestTarget::from_url(url).ok()?;
    Some(
        match headers.iter().find(|h| h.name.eq_ignore_ascii_case("host")) {
            Some(h) => target.with_host_header(&h.value),
            None => target,
        },
    )
}

/// A transport error with the URL and, for a timeout, which limit fired.
fn describe(e: TransportError, url: &Url, options: &TransportOptions) -> TransportError {
    let message = match e.kind {
        TransportErrorKind::Timeout => match options.timeout {
            Some(t) => format!(
                "{url}: timed out after {} ms (the request's time limit, max-time)",
                t.as_millis()
            ),
            None => format!("{url}: timed out"),
        },
        TransportErrorKind::ConnectTimeout => match options.connect_timeout {
            Some(t) if options.timeout.is_none_or(|total| t <= total) => format!(
                "{url}: could not connect within {} ms (connect-timeout)",
                t.as_millis()
            ),
            _ => match options.timeout {
                Some(t) => format!(
                    "{url}: timed out connecting, after {} ms (the request's time limit, max-time)",
                    t.as_millis()
                ),
                None => format!("{url}: timed out connecting"),
            },
        },
        _ => format!("{url}: {}", e.message),
    };
    TransportError::new(e.kind, message)
}

/// The URL with the `[Query]` parameters appended as Hurl appends them (escaped as libcurl
/// does), parsed.
pub fn full_url(url: &str, query: &[(String, String)]) -> Result<Url, TransportError> {
    let invalid = |reason: String| {
        TransportError::new(
            TransportErrorKind::InvalidUrl,
            format!("invalid URL '{url}': {reason}"),
        )
    };
    let mut text = url.to_string();
    if let Some(hash) = text.find('#') {
        text.truncate(hash);
    }
    for (i, (k, v)) in query.iter().enumerate() {
        let sep = if i == 0 && !text.contains('?') {
            '?'
        } else if text.ends_with('?') || text.ends_with('&') {
            '\0'
        } else {
            '&'
        };
        if sep != '\0' {
            text.push(sep);
        }
        text.push_str(&escape(k));
        text.push('=');
        text.push_str(&escape(v));
    }
    let parsed = Url::parse(&text).map_err(|e| invalid(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("only http and https are supported".to_string()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid("no host".to_string()));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_are_appended_and_escaped_as_libcurl_does() {
        let q = vec![
            ("a b".to_string(), "1&2".to_string()),
            ("c".to_string(), "é".to_string()),
        ];
        assert_eq!(
            full_url("http://h.test/p?x=1", &q).unwrap().as_str(),
            "http://h.test/p?x=1&a%20b=1%262&c=%C3%A9"
        );
        assert_eq!(
            full_url("http://h.test/p", &q[1..]).unwrap().as_str(),
            "http://h.test/p?c=%C3%A9"
        );
        assert_eq!(
            full_url("http://h.test/p#frag", &[]).unwrap().as_str(),
            "http://h.test/p"
        );
        for bad in ["ftp://h.test/", "nope", "http://"] {
            assert_eq!(
                full_url(bad, &[]).unwrap_err().kind,
                TransportErrorKind::InvalidUrl,
                "{bad}"
            );
        }
    }
}
