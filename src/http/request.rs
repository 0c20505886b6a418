//! What is sent: a fully resolved request and the transport options that apply to it.

use std::path::PathBuf;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::time::Duration;

use super::retry::RetryPolicy;

/// A request with every template already resolved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HttpRequest {
    /// Method, e.g. `GET` (any token is allowed, as in Hurl).
    pub method: String,
    /// The URL as given (query parameters below are appended to it).
    pub url: String,
    /// Extra query parameters, appended in order.
    pub query: Vec<(String, String)>,
    /// Headers in order; repeats are sent as repeats.
    pub headers: Vec<Header>,
    /// `[Cookies]`: sent in the `Cookie` line with the cookie store's, unless a header sets
    /// `Cookie` itself.
    pub cookies: Vec<(String, String)>,
    /// The body.
    pub body: RequestBody,
}

/// A request header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Name as written.
    pub name: String,
    /// Value.
    pub value: String,
    /// True when a connection added it (dropped on a redirect to another origin).
    pub from_connection: bool,
}

impl Header {
    /// A header set by the user.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
            from_connection: false,
        }
    }
}

/// A request body before encoding.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum RequestBody {
    /// No body.
    #[default]
    Empty,
    /// Raw bytes with an optional default content type (a `Content-Type` header wins).
    Bytes {
        /// The bytes.
        data: Vec<u8>,
        /// Content type to send when no header sets one.
        content_type: Option<String>,
        /// What the spec wrote (a curl command line writes each differently).
        origin: BodyOrigin,
    },
    /// `application/x-www-form-urlencoded` fields.
    Form(Vec<(String, String)>),
    /// `multipart/form-data` parts.
    Multipart(Vec<Part>),
}

/// Where a body's bytes come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum BodyOrigin {
    /// Text: JSON, XML, a multiline or one-line string.
    #[default]
    Text,
    /// Bytes: `base64,…;` or `hex,…;`.
    Binary,
    /// A file, with its path as Hurl shows it (the file root joined to the name written).
    File(String),
}

/// One multipart part.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// Field name.
    pub name: String,
    /// Text or file.
    pub content: PartContent,
}

/// The content of a multipart part.
#[derive(Clone, Debug, PartialEq)]
pub enum PartContent {
    /// A text field.
    Text(String),
    /// A file read from disk.
    File {
        /// Where to read it.
        path: PathBuf,
        /// Content type; guessed from the file name when `None`.
        content_type: Option<String>,
        /// The file name sent; the path's file name when `None`.
        filename: Option<String>,
    },
}

/// A body ready to send: bytes and the content type they need.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EncodedBody {
    /// The bytes sent.
    pub data: Vec<u8>,
    /// Content type sent among the request's headers unless one of them sets it (Hurl's
    /// implicit content type: JSON, XML, form).
    pub content_type: Option<String>,
    /// Content type sent after the length (a multipart body's boundary, as libcurl does).
    pub trailing_content_type: Option<String>,
}

/// Why a request body could not be prepared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// A multipart file could not be read.
    #[error("cannot read {path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// The system's reason.
        reason: String,
    },
}

impl RequestBody {
    /// Encodes the body once, so retries and 307/308 redirects send the same bytes.
    /// Fails when a multipart file cannot be read. An empty body is no body.
    pub fn encode(&self) -> Result<Option<EncodedBody>, BodyError> {
        match self {
            RequestBody::Empty => Ok(None),
            RequestBody::Bytes {
                data, content_type, ..
            } => Ok(Some(EncodedBody {
                data: data.clone(),
                content_type: content_type.clone(),
                trailing_content_type: None,
            })),
            RequestBody::Form(fields) => Ok(Some(EncodedBody {
                data: form_encode(fields).into_bytes(),
                content_type: Some("application/x-www-form-urlencoded".to_string()),
                trailing_content_type: None,
            })),
            RequestBody::Multipart(parts) => super::multipart::encode(parts).map(Some),
        }
    }
}

/// `name=value&…`, each side escaped as libcurl's `curl_easy_escape` does.
pub fn form_encode(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The bytes percent-encoded by libcurl's `curl_easy_escape`: all but ASCII letters, digits
/// and `-._~` (RFC 3986's unreserved characters).
pub const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`NOT_UNRESERVED`] but `/`: paths keep their segments (the `urlEncode` filter, SigV4).
pub const NOT_UNRESERVED_OR_SLASH: &AsciiSet = &NOT_UNRESERVED.remove(b'/');

/// Percent-encodes every byte but ASCII letters, digits and `-._~` (libcurl's
/// `curl_easy_escape`, which Hurl uses for form fields and `[Query]` parameters).
pub fn escape(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

/// A content type from a file name's extension, as Hurl guesses it for multipart files.
pub fn guess_content_type(name: &str) -> &'static str {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    match ext {
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "txt" => "text/plain",
        "htm" | "html" => "text/html",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// The time limit of a request when none is given: 300 s, as Hurl's `--max-time`.
pub const DEFAULT_MAX_TIME: Duration = Duration::from_secs(300);
/// The time limit to connect when none is given: 300 s, as Hurl's and curl's.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(300);
/// Redirects followed at most when none is given, as Hurl.
pub const DEFAULT_MAX_REDIRECTS: u32 = 50;

/// How a request is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct TransportOptions {
    /// Time limit for the whole request (all redirect hops of one attempt).
    pub timeout: Option<Duration>,
    /// Time limit for connecting.
    pub connect_timeout: Option<Duration>,
    /// Skip TLS verification for this request.
    pub insecure: bool,
    /// Follow redirects.
    pub follow_redirects: bool,
    /// Most redirects followed; `None` = no limit.
    pub max_redirects: Option<u32>,
    /// Keep credentials on redirects to another origin.
    pub location_trusted: bool,
    /// Transport retries.
    pub retry: RetryPolicy,
    /// Print each request as sent to stderr, secrets masked.
    pub debug: bool,
    /// Largest response body accepted, in bytes (as received, and decoded).
    pub max_body_bytes: u64,
    /// `User-Agent` sent unless the request sets one (`--user-agent`).
    pub user_agent: Option<String>,
    /// Show bodies too in the debug output (`--very-verbose`).
    pub debug_bodies: bool,
    /// Speak HTTP/1.0 (`--http1.0`).
    pub http10: bool,
    /// `--user name:password`: Basic authentication unless the request has an
    /// `Authorization` header; not sent to another origin after a redirect (unless trusted).
    pub user: Option<String>,
    /// Ask for compressed bodies (`Accept-Encoding: gzip, deflate, br`) unless the request
    /// sets `Accept-Encoding`.
    pub compressed: bool,
    /// How requests reach servers: proxies, certificates, name overrides, authentication
    /// schemes, rate.
    pub net: NetOptions,
}

/// Which IP address family connections use (`ipv4`, `ipv6`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IpVersion {
    /// Whatever the name resolves to.
    #[default]
    Any,
    /// IPv4 addresses only.
    V4,
    /// IPv6 addresses only.
    V6,
}

/// `netrc` / `netrc-optional` / `netrc-file`: credentials from a `.netrc` file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum NetrcUse {
    /// No `.netrc`.
    #[default]
    Off,
    /// `netrc`: credentials from the file, which must exist (`$NETRC` or `~/.netrc` unless
    /// a file is given).
    Required(Option<PathBuf>),
    /// `netrc-optional` / `netrc-file`: credentials from the file when it has some.
    Optional(Option<PathBuf>),
}

/// Checks the values of network settings that have a syntax (proxy, `resolve`,
/// `connect-to`, `pinnedpubkey`, `aws-sigv4`), so that a bad one is reported where it is
/// written rather than when a request needs it.
pub fn check_net_values(net: &NetOptions) -> Result<(), String> {
    use super::net::{hosts::HostOverrides, pinning::PinnedPubKey, proxy::ProxyConfig};
    if let Some(proxy) = net.proxy.as_deref().filter(|p| !p.is_empty()) {
        ProxyConfig::parse(proxy).map_err(|e| format!("proxy: {e}"))?;
    }
    HostOverrides::new(&net.resolve, &net.connect_to).map_err(|e| e.to_string())?;
    if let Some(pin) = &net.pinned_pub_key {
        PinnedPubKey::from_option(pin).map_err(|e| format!("pinnedpubkey: {e}"))?;
    }
    if let Some(aws) = &net.aws_sigv4 {
        super::net::sigv4::AwsSigV4Option::parse(aws).map_err(|e| format!("aws-sigv4: {e}"))?;
    }
    Ok(())
}

/// Hurl's network flags and options: each acts on every request it applies to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetOptions {
    /// `proxy`: `[scheme://][user:password@]host[:port]`; `""` disables proxies, the
    /// environment's included. `None`: the environment decides (`http_proxy`, …).
    pub proxy: Option<String>,
    /// `noproxy`: hosts reached directly (overrides `no_proxy`).
    pub no_proxy: Option<String>,
    /// `cacert`: CA certificates (PEM) trusted instead of the system's.
    pub cacert: Option<PathBuf>,
    /// `cert`: the client certificate (PEM).
    pub cert: Option<PathBuf>,
    /// `key`: the client certificate's private key (PEM).
    pub key: Option<PathBuf>,
    /// `pinnedpubkey`: `sha256//…` hashes, or a public key file.
    pub pinned_pub_key: Option<String>,
    /// `resolve HOST:PORT:ADDR[,ADDR]…`, in order.
    pub resolve: Vec<String>,
    /// `connect-to HOST1:PORT1:HOST2:PORT2`, in order.
    pub connect_to: Vec<String>,
    /// `unix-socket`: connect to this socket instead of the URL's host.
    pub unix_socket: Option<PathBuf>,
    /// `ipv4` / `ipv6`.
    pub ip: IpVersion,
    /// `path-as-is`: send the URL's path without removing `.` and `..` segments.
    pub path_as_is: bool,
    /// `netrc`, `netrc-optional`, `netrc-file`.
    pub netrc: NetrcUse,
    /// `aws-sigv4 PROVIDER1[:PROVIDER2[:REGION[:SERVICE]]]`, signed with `user`.
    pub aws_sigv4: Option<String>,
    /// `digest`: answer a server's Digest challenge with `user`.
    pub digest: bool,
    /// `limit-rate`: bytes per second, up and down.
    pub limit_rate: Option<u64>,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            timeout: None,
            connect_timeout: None,
            insecure: false,
            follow_redirects: false,
            max_redirects: Some(DEFAULT_MAX_REDIRECTS),
            location_trusted: false,
            retry: RetryPolicy::default(),
            debug: false,
            max_body_bytes: 1 << 30,
            user_agent: None,
            debug_bodies: false,
            http10: false,
            user: None,
            compressed: false,
            net: NetOptions::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_are_escaped_as_libcurl_does() {
        let body = RequestBody::Form(vec![
            ("title".into(), "Q3 & Q4".into()),
            ("n".into(), "é~x".into()),
        ]);
        let encoded = body.encode().unwrap().unwrap();
        assert_eq!(encoded.data, b"title=Q3%20%26%20Q4&n=%C3%A9~x");
        assert_eq!(
            encoded.content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn content_types_are_guessed_as_hurl_does() {
        assert_eq!(guess_content_type("a.txt"), "text/plain");
        assert_eq!(guess_content_type("q3.pdf"), "application/pdf");
        assert_eq!(guess_content_type("a.json"), "application/octet-stream");
        assert_eq!(guess_content_type("noext"), "application/octet-stream");
    }
}
