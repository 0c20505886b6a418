//! The client: one `ureq` agent (keep-alive pool and cookie jar) per spec file or call, the
//! attempt loop with transport retries, and redirects followed by sortie itself.

use std::time::{Duration, Instant, SystemTime};

use ureq::http;

use super::debug::render_request;
use super::decode::decode_content;
use super::redirect::{
    is_body_header, is_credential, is_redirect, keeps_method, resolve, same_origin,
};
use super::request::{EncodedBody, Header, HttpRequest, TransportOptions};
use super::response::{
    Attempt, Exchange, HttpResponse, Redirect, TransportError, TransportErrorKind,
};
use super::retry::parse_retry_after;
use crate::notice::{Notice, NoticeSink};
use crate::secret::Redactor;

/// Sends requests. Cheap to share by reference within one spec file.
pub struct Client<'n> {
    agent: ureq::Agent,
    redactor: Redactor,
    notices: &'n dyn NoticeSink,
}

impl<'n> Client<'n> {
    /// A client with its own connection pool and cookie jar; what it has to tell (requests as
    /// sent with `debug`, retries, warnings) goes to `notices`.
    pub fn new(redactor: Redactor, notices: &'n dyn NoticeSink) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .allow_non_standard_methods(true)
            .user_agent(concat!("sortie/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Client {
            agent,
            redactor,
            notices,
        }
    }

    /// Where this client's notices go (connections add theirs).
    pub fn notices(&self) -> &'n dyn NoticeSink {
        self.notices
    }

    /// Sends the request, following redirects and retrying as the options say.
    pub fn execute(&self, request: &HttpRequest, options: &TransportOptions) -> Exchange {
        let started = Instant::now();
        let mut attempts: Vec<Attempt> = Vec::new();
        let body = match request.body.encode() {
            Ok(body) => body,
            Err(message) => {
                let error = TransportError::new(TransportErrorKind::Body, message);
                return Exchange {
                    attempts: Vec::new(),
                    result: Err(error),
                    redirects: Vec::new(),
                    duration: started.elapsed(),
                };
            }
        };
        let url = match full_url(&request.url, &request.query) {
            Ok(url) => url,
            Err(error) => {
                return Exchange {
                    attempts: Vec::new(),
                    result: Err(error),
                    redirects: Vec::new(),
                    duration: started.elapsed(),
                }
            }
        };
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
            let retry = wants_retry && number <= options.retry.max_retries;
            let delay = retry.then(|| options.retry.delay_before(number + 1, retry_after));
            attempts.push(Attempt {
                number,
                started_at,
                duration: attempt_start.elapsed(),
                outcome,
                redirects: redirects.clone(),
                retry_delay: delay,
            });
            match delay {
                Some(wait) => {
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
                    std::thread::sleep(wait);
                    number += 1;
                }
                None => {
                    return Exchange {
                        attempts,
                        result,
                        redirects,
                        duration: started.elapsed(),
                    }
                }
            }
        }
    }

    /// One attempt: the request and, when asked, every redirect after it.
    fn follow(
        &self,
        request: &HttpRequest,
        url: &str,
        body: Option<&EncodedBody>,
        options: &TransportOptions,
    ) -> (Vec<Redirect>, Result<HttpResponse, TransportError>) {
        let start = Instant::now();
        let mut redirects = Vec::new();
        let mut method = request.method.clone();
        let mut current = url.to_string();
        let mut headers: Vec<Header> = request.headers.clone();
        let mut body = body.cloned();
        let origin = url::Url::parse(url).ok();
        loop {
            let remaining = match options.timeout {
                Some(limit) => match limit.checked_sub(start.elapsed()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => {
                        let e = TransportError::new(
                            TransportErrorKind::Timeout,
                            format!("timed out after {} ms", limit.as_millis()),
                        );
                        return (redirects, Err(e));
                    }
                },
                None => None,
            };
            let response = match self.send(
                &method,
                &current,
                &headers,
                body.as_ref(),
                options,
                remaining,
            ) {
                Ok(r) => r,
                Err(e) => return (redirects, Err(e)),
            };
            let location = response.header("location").map(str::to_string);
            let (true, Some(location)) = (
                options.follow_redirects && is_redirect(response.status),
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
            let next = match resolve(&current, &location) {
                Ok(next) => next,
                Err(message) => {
                    return (
                        redirects,
                        Err(TransportError::new(TransportErrorKind::InvalidUrl, message)),
                    )
                }
            };
            redirects.push(Redirect {
                url: current.clone(),
                status: response.status,
                location: next.to_string(),
            });
            if !keeps_method(response.status) {
                if method != "HEAD" {
                    method = "GET".to_string();
                }
                body = None;
                headers.retain(|h| !is_body_header(&h.name));
            }
            let crosses = origin.as_ref().is_none_or(|o| !same_origin(o, &next));
            if crosses && !options.location_trusted {
                headers.retain(|h| !is_credential(h));
            }
            current = next.to_string();
        }
    }

    /// One HTTP exchange, no redirect followed.
    fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[Header],
        body: Option<&EncodedBody>,
        options: &TransportOptions,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let mut builder = http::Request::builder().method(method).uri(url);
        let mut sent_headers: Vec<(String, String)> = Vec::new();
        let has_content_type = headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("content-type"));
        if let Some(ct) = body
            .and_then(|b| b.content_type.as_ref())
            .filter(|_| !has_content_type)
        {
            sent_headers.push(("Content-Type".to_string(), ct.clone()));
        }
        sent_headers.extend(headers.iter().map(|h| (h.name.clone(), h.value.clone())));
        for (name, value) in &sent_headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if options.debug {
            self.notices.notice(Notice::RequestSent(render_request(
                method,
                url,
                &sent_headers,
                body.map(|b| &b.data[..]),
                &self.redactor,
            )));
        }
        // Shown once per run by the reporters, redirect hops included.
        if options.insecure && url.starts_with("https:") {
            self.notices.notice(Notice::Warning {
                key: "insecure",
                message: format!(
                    "TLS certificate verification is off (insecure) for {}",
                    self.redactor.redact(url)
                ),
            });
        }
        let invalid = |e: http::Error| {
            TransportError::new(
                TransportErrorKind::InvalidUrl,
                format!("invalid request {url}: {e}"),
            )
        };
        let started = Instant::now();
        let result = match body {
            Some(b) => {
                let req = builder.body(&b.data[..]).map_err(invalid)?;
                let req = self.configure(req, options, timeout);
                self.agent.run(req)
            }
            None => {
                let req = builder.body(()).map_err(invalid)?;
                let req = self.configure(req, options, timeout);
                self.agent.run(req)
            }
        };
        let response = result.map_err(|e| map_error(e, url, options.timeout))?;
        let status = response.status().as_u16();
        let version = match response.version() {
            http::Version::HTTP_09 => "HTTP/0.9",
            http::Version::HTTP_10 => "HTTP/1.0",
            http::Version::HTTP_2 => "HTTP/2",
            http::Version::HTTP_3 => "HTTP/3",
            _ => "HTTP/1.1",
        }
        .to_string();
        let response_headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let raw = response
            .into_body()
            .into_with_config()
            .limit(options.max_body_bytes)
            .read_to_vec()
            .map_err(|e| map_error(e, url, options.timeout))?;
        let encodings: Vec<&str> = response_headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("content-encoding"))
            .map(|(_, v)| v.as_str())
            .collect();
        let body = decode_content(&encodings, raw)
            .map_err(|m| TransportError::new(TransportErrorKind::Protocol, m))?;
        Ok(HttpResponse {
            status,
            version,
            headers: response_headers,
            body,
            url: url.to_string(),
            duration: started.elapsed(),
        })
    }

    fn configure<S: ureq::AsSendBody>(
        &self,
        req: http::Request<S>,
        options: &TransportOptions,
        timeout: Option<Duration>,
    ) -> http::Request<S> {
        let mut config = self
            .agent
            .configure_request(req)
            .timeout_global(timeout)
            .timeout_connect(options.connect_timeout);
        if options.insecure {
            let tls = ureq::tls::TlsConfig::builder()
                .disable_verification(true)
                .build();
            config = config.tls_config(tls);
        }
        config.build()
    }
}

/// The URL with extra query parameters appended.
fn full_url(url: &str, query: &[(String, String)]) -> Result<String, TransportError> {
    let mut parsed = url::Url::parse(url).map_err(|e| {
        TransportError::new(
            TransportErrorKind::InvalidUrl,
            format!("invalid URL '{url}': {e}"),
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(TransportError::new(
            TransportErrorKind::InvalidUrl,
            format!("invalid URL '{url}': only http and https are supported"),
        ));
    }
    if query.is_empty() {
        // Keep the URL exactly as written.
        return Ok(url.to_string());
    }
    parsed.query_pairs_mut().extend_pairs(query);
    Ok(parsed.to_string())
}

fn map_error(e: ureq::Error, url: &str, timeout: Option<Duration>) -> TransportError {
    use TransportErrorKind as K;
    let (kind, message) = match e {
        ureq::Error::Timeout(what) => (
            K::Timeout,
            match timeout {
                Some(t) => format!("{url}: timed out after {} ms ({what})", t.as_millis()),
                None => format!("{url}: timed out ({what})"),
            },
        ),
        ureq::Error::HostNotFound => (K::Dns, format!("{url}: host not found")),
        ureq::Error::ConnectionFailed => (K::Connect, format!("{url}: connection failed")),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                (K::Connect, format!("{url}: connection refused"))
            }
            // rustls reports handshake and certificate failures as InvalidData I/O errors
            // (e.g. "invalid peer certificate: UnknownIssuer"): not retriable, and named TLS.
            std::io::ErrorKind::InvalidData if url.starts_with("https:") => {
                (K::Tls, format!("{url}: TLS error: {io}"))
            }
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                (K::Timeout, format!("{url}: timed out"))
            }
            std::io::ErrorKind::UnexpectedEof
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::BrokenPipe => (
                K::Io,
                format!("{url}: the connection closed before the response was complete ({io})"),
            ),
            _ => (K::Io, format!("{url}: {io}")),
        },
        ureq::Error::BodyExceedsLimit(limit) => (
            K::BodyTooLarge,
            format!("{url}: the response body is larger than {limit} bytes"),
        ),
        ureq::Error::Tls(m) => (K::Tls, format!("{url}: TLS error: {m}")),
        ureq::Error::Rustls(e) => (K::Tls, format!("{url}: TLS error: {e}")),
        ureq::Error::BadUri(m) => (K::InvalidUrl, format!("invalid URL '{url}': {m}")),
        ureq::Error::Http(e) => (K::InvalidUrl, format!("invalid request {url}: {e}")),
        ureq::Error::Protocol(e) => (K::Protocol, format!("{url}: invalid HTTP response: {e}")),
        other => (K::Io, format!("{url}: {other}")),
    };
    TransportError::new(kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_are_appended_and_encoded() {
        let q = vec![
            ("a b".to_string(), "1&2".to_string()),
            ("c".to_string(), "é".to_string()),
        ];
        assert_eq!(
            full_url("http://h.test/p?x=1", &q).unwrap(),
            "http://h.test/p?x=1&a+b=1%262&c=%C3%A9"
        );
        assert_eq!(full_url("http://h.test/p", &[]).unwrap(), "http://h.test/p");
        assert_eq!(
            full_url("ftp://h.test/", &[]).unwrap_err().kind,
            TransportErrorKind::InvalidUrl
        );
        assert_eq!(
            full_url("nope", &[]).unwrap_err().kind,
            TransportErrorKind::InvalidUrl
        );
    }
}
