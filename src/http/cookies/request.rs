//! What a request contributes to cookie decisions, and the one `Cookie` header it sends.

use url::{Host, Url};

use super::error::TargetError;

/// The host, path and security of a request, as curl's cookie engine sees it.
///
/// The port plays no part: cookies ignore ports, as in curl and every browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestTarget {
    host: String,
    path: String,
    https: bool,
}

impl RequestTarget {
    /// The target of a request to `url` (http, https, ws or wss). IPv6 hosts lose their
    /// brackets; a trailing dot stays (curl keeps `example.com.` apart from `example.com`).
    pub fn from_url(url: &Url) -> Result<Self, TargetError> {
        let https = match url.scheme() {
            "https" | "wss" => true,
            "http" | "ws" => false,
            other => return Err(TargetError::Scheme(other.to_string())),
        };
        let host = match url.host() {
            Some(Host::Domain(d)) => d.to_string(),
            Some(Host::Ipv4(ip)) => ip.to_string(),
            Some(Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(TargetError::NoHost),
        };
        Ok(RequestTarget {
            host,
            path: url.path().to_string(),
            https,
        })
    }

    /// The target with the host of a written `Host` header instead of the URL's (curl uses it
    /// for cookies): the port is dropped, an IPv6 address loses its brackets. An empty value
    /// changes nothing.
    pub fn with_host_header(mut self, value: &str) -> Self {
        let value = value.trim();
        let host = match value.strip_prefix('[') {
            Some(rest) => rest.split(']').next().unwrap_or(rest),
            None => value.split(':').next().unwrap_or(value),
        };
        if !host.is_empty() {
            self.host = host.to_string();
        }
        self
    }

    /// The host cookies are matched against.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The URL path (without the query).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether secure cookies are sent and accepted: over https, and (as curl decides) to
    /// `localhost`, `127.0.0.1` and `::1` over plain http too.
    pub fn is_secure_context(&self) -> bool {
        self.https
            || self.host.eq_ignore_ascii_case("localhost")
            || self.host == "127.0.0.1"
            || self.host == "::1"
    }
}

/// The cookies the jar sends with one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JarCookies {
    /// `name=value` pairs joined with `"; "`, in curl's order.
    pub value: String,
    /// Some cookies were left out because the header reached curl's 8190-byte cap; curl
    /// then also leaves out the request's own `[Cookies]`.
    pub truncated: bool,
}

/// The single `Cookie` header value of a request: the jar's cookies first (curl's order),
/// then the `[Cookies]` section's pairs, then the values of `Cookie` headers written in the
/// spec, in order. `None` when there is nothing to send.
///
/// Hurl (through libcurl) sends the jar's cookies and `[Cookies]` in one header, and a written
/// `Cookie` header as a second header, dropping `[Cookies]` in that case. sortie sends one
/// header with everything, in the order the server would read Hurl's headers. Empty written
/// values are skipped. On a redirect to another origin, pass no written headers (they are
/// dropped, as in Hurl) but keep `[Cookies]` (Hurl keeps them).
pub fn merge_cookie_header<'a>(
    jar: Option<&JarCookies>,
    section: impl IntoIterator<Item = (&'a str, &'a str)>,
    written: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(jar) = jar.filter(|j| !j.value.is_empty()) {
        parts.push(jar.value.clone());
    }
    if !jar.is_some_and(|j| j.truncated) {
        let pairs: Vec<String> = section
            .into_iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if !pairs.is_empty() {
            parts.push(pairs.join("; "));
        }
    }
    parts.extend(
        written
            .into_iter()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string),
    );
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
#[path = "tests/request.rs"]
mod tests;
