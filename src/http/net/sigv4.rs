//! AWS Signature Version 4 signing, as curl's `--aws-sigv4` (with `--user KEY:SECRET`) does it.
//!
//! The behaviour follows libcurl 8's `http_aws_sigv4.c`: the option string
//! `provider1[:provider2[:region[:service]]]`, region and service taken from the host name when
//! omitted, the headers the request sets explicitly are all signed (plus `host` and the date
//! header), the path is normalized (dot segments) and, except for S3, URI-encoded once more, the
//! query is decoded, re-encoded and sorted, and S3 (`aws` provider) gets an
//! `x-amz-content-sha256` header.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// Longest provider, region or service curl accepts in the option string.
const MAX_PART_LEN: usize = 64;
/// curl refuses queries with this many `&`-separated components.
const MAX_QUERY_COMPONENTS: usize = 128;

/// An error while parsing the `--aws-sigv4` option or signing a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigV4Error {
    /// The first provider is empty or longer than 64 bytes.
    #[error("first aws-sigv4 provider cannot be empty (or longer than 64 bytes)")]
    InvalidProvider,
    /// No service in the option and none can be taken from the host name.
    #[error("aws-sigv4: service missing in parameters and hostname")]
    ServiceMissing,
    /// No region in the option and none can be taken from the host name.
    #[error("aws-sigv4: region missing in parameters and hostname")]
    RegionMissing,
    /// The URL is not an absolute `scheme://host/...` URL.
    #[error("invalid URL <{0}>")]
    InvalidUrl(String),
    /// The query has 128 components or more.
    #[error("aws-sigv4: too many query components")]
    TooManyQueryComponents,
    /// `--path-as-is` was asked together with SigV4, which curl refuses.
    #[error("Cannot use sigv4 authentication with path-as-is flag")]
    PathAsIs,
}

/// The parsed `--aws-sigv4 "provider1[:provider2[:region[:service]]]"` option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsSigV4Option {
    /// First provider (`aws`): algorithm name, secret prefix and request type.
    pub provider1: String,
    /// Second provider (`amz`): prefix of the date and content-sha256 headers.
    pub provider2: String,
    /// Region; when `None` it is taken from the host name.
    pub region: Option<String>,
    /// Service; when `None` it is taken from the host name.
    pub service: Option<String>,
}

impl AwsSigV4Option {
    /// Parses the option string as curl does; an empty string means `aws:amz`.
    ///
    /// Like curl, an empty or over-long second provider makes it default to the first one and
    /// stops parsing; an empty region or service is treated as absent.
    pub fn parse(value: &str) -> Result<Self, SigV4Error> {
        let line = if value.is_empty() { "aws:amz" } else { value };
        let mut parts = line.splitn(4, ':');
        let provider1 = parts.next().unwrap_or_default();
        if !valid_part(provider1) {
            return Err(SigV4Error::InvalidProvider);
        }
        let provider1 = provider1.to_string();
        let Some(provider2) = parts.next().filter(|p| valid_part(p)) else {
            return Ok(AwsSigV4Option {
                provider2: provider1.clone(),
                provider1,
                region: None,
                service: None,
            });
        };
        let region = parts.next().filter(|p| valid_part(p));
        // curl only reads the service when the region was read; it stops at the next ':'.
        let service = region
            .and(parts.next())
            .map(|s| s.split(':').next().unwrap_or_default())
            .filter(|p| valid_part(p));
        Ok(AwsSigV4Option {
            provider1,
            provider2: provider2.to_string(),
            region: region.map(str::to_string),
            service: service.map(str::to_string),
        })
    }
}

fn valid_part(part: &str) -> bool {
    !part.is_empty() && part.len() <= MAX_PART_LEN
}

/// The credentials curl takes from `--user KEY:SECRET`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Access key id, the `Credential=` prefix.
    pub access_key: String,
    /// Secret access key.
    pub secret_key: String,
}

impl Credentials {
    /// Splits a `--user` value at its first `:`; without one the secret is empty.
    pub fn from_user_option(user: &str) -> Self {
        let (access_key, secret_key) = user.split_once(':').unwrap_or((user, ""));
        Credentials {
            access_key: access_key.to_string(),
            secret_key: secret_key.to_string(),
        }
    }
}

impl std::fmt::Debug for Credentials {
    // The secret never reaches logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .finish()
    }
}

/// The request to sign.
#[derive(Debug, Clone, Copy)]
pub struct SigningRequest<'a> {
    /// The request method, as sent.
    pub method: &'a str,
    /// The absolute URL, its path and query as they go on the wire (already percent-encoded).
    pub url: &'a str,
    /// The headers the request sets explicitly (spec headers, `User-Agent`, implicit
    /// `Content-Type`…), in order; not the ones the transport adds by itself.
    pub headers: &'a [(&'a str, &'a str)],
    /// The request body.
    pub body: &'a [u8],
    /// Whether `--path-as-is` is on (curl then refuses to sign).
    pub path_as_is: bool,
}

/// The result of signing: the headers to add, and the intermediate strings curl logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Headers to add to the request, in curl's order: `Authorization`, then the date header
    /// unless the request had one, then `x-<provider2>-content-sha256` for S3.
    pub headers: Vec<(String, String)>,
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
}

/// Signs `request`; returns `None` when the request already has an `Authorization` header (curl
/// then leaves it alone).
pub fn sign(
    request: &SigningRequest<'_>,
    credentials: &Credentials,
    option: &AwsSigV4Option,
    now: DateTime<Utc>,
) -> Result<Option<Signature>, SigV4Error> {
    if request.path_as_is {
        return Err(SigV4Error::PathAsIs);
    }
    if find_header(request.headers, "authorization").is_some() {
        return Ok(None);
    }
    let url = SplitUrl::parse(request.url)?;
    let (region, service) = region_and_service(option, url.hostname)?;

    let provider1_lower = option.provider1.to_ascii_lowercase();
    let provider1_upper = option.provider1.to_ascii_uppercase();
    let provider2_lower = option.provider2.to_ascii_lowercase();

    // Payload hash: a user-given x-<p2>-content-sha256 wins; S3 gets the header added.
    let sha_key = format!("x-{provider2_lower}-content-sha256");
    let mut content_sha_header = None;
    let payload_hash = match find_header(request.headers, &sha_key) {
        Some(value) => value.trim_matches(is_blank).to_string(),
        None => {
            let hash = hex(&Sha256::digest(request.body));
            if provider1_lower == "aws" && service.eq_ignore_ascii_case("s3") {
                content_sha_header = Some((
                    format!("x-{}-content-sha256", option.provider2),
                    hash.clone(),
                ));
            }
            hash
        }
    };

    let mut timestamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let date_key = format!("X-{}-Date", ucfirst(&provider2_lower));

    // Header list: host, content sha, user headers, then trimmed, sorted and merged.
    let mut list: Vec<(String, String)> = Vec::new();
    if find_header(request.headers, "host").is_none() {
        list.push(("host".to_string(), url.host_header()));
    }
    if let Some((name, value)) = &content_sha_header {
        list.push((name.to_ascii_lowercase(), value.clone()));
    }
    for (name, value) in request.headers {
        list.push((name.to_ascii_lowercase(), trim_value(value)));
    }
    let date_header = match find_header(request.headers, &date_key)
        .or_else(|| find_header(request.headers, "date"))
    {
        None => {
            list.push((format!("x-{provider2_lower}-date"), timestamp.clone()));
            Some((date_key, timestamp.clone()))
        }
        Some(value) => {
            // curl takes the timestamp from the header when it is 16 alphanumerics.
            let value = value.trim_start_matches(is_blank);
            let end = value
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(value.len());
            timestamp = if end == 16 {
                value[..16].to_string()
            } else {
                String::new()
            };
            None
        }
    };
    // Stable sort by name keeps the values of duplicate headers in request order.
    list.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut merged: Vec<(String, String)> = Vec::with_capacity(list.len());
    for (name, value) in list {
        match merged.last_mut() {
            Some(last) if last.0 == name => {
                last.1.push(',');
                last.1.push_str(&value);
            }
            _ => merged.push((name, value)),
        }
    }
    let mut canonical_headers = String::new();
    for (name, value) in &merged {
        let _ = writeln!(canonical_headers, "{name}:{value}");
    }
    let signed_headers = merged
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");

    let canonical_path = canonical_path(url.path, should_uri_encode(service));
    let canonical_query = canonical_query(url.query)?;
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        canonical_path,
        canonical_query,
        canonical_headers,
        signed_headers,
        payload_hash
    );

    let date = timestamp.get(..8).unwrap_or_default();
    let request_type = format!("{provider1_lower}4_request");
    let scope = format!("{date}/{region}/{service}/{request_type}");
    let string_to_sign = format!(
        "{provider1_upper}4-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );

    let secret = format!("{provider1_upper}4{}", credentials.secret_key);
    let mut key = hmac_sha256(secret.as_bytes(), date.as_bytes());
    for part in [region, service, request_type.as_str()] {
        key = hmac_sha256(&key, part.as_bytes());
    }
    let signature = hex(&hmac_sha256(&key, string_to_sign.as_bytes()));

    let mut headers = vec![(
        "Authorization".to_string(),
        format!(
            "{provider1_upper}4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
            credentials.access_key
        ),
    )];
    headers.extend(date_header);
    headers.extend(content_sha_header);
    Ok(Some(Signature {
        headers,
        canonical_request,
        string_to_sign,
    }))
}

/// Region and service from the option, else from the first two host labels (`service.region.`).
fn region_and_service<'a>(
    option: &'a AwsSigV4Option,
    hostname: &'a str,
) -> Result<(&'a str, &'a str), SigV4Error> {
    if let Some(service) = option.service.as_deref() {
        return Ok((option.region.as_deref().unwrap_or_default(), service));
    }
    let label = |s: &'a str| -> Option<(&'a str, &'a str)> {
        let (label, rest) = s.split_once('.')?;
        valid_part(label).then_some((label, rest))
    };
    let (service, rest) = label(hostname).ok_or(SigV4Error::ServiceMissing)?;
    let region = match option.region.as_deref() {
        Some(region) => region,
        None => label(rest).ok_or(SigV4Error::RegionMissing)?.0,
    };
    Ok((region, service))
}

fn find_header<'a>(headers: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Trims blanks and collapses inner runs of blanks to one space, as curl does.
fn trim_value(value: &str) -> String {
    value
        .split(is_blank)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn ucfirst(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// S3 services sign the path as sent; the others URI-encode it once more.
fn should_uri_encode(service: &str) -> bool {
    !matches!(service, "s3" | "s3-express" | "s3-outposts")
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn canonical_path(path: &str, uri_encode: bool) -> String {
    let path = remove_dot_segments(path);
    let mut out = if uri_encode {
        percent_encoding::utf8_percent_encode(&path, super::super::request::NOT_UNRESERVED_OR_SLASH)
            .to_string()
    } else {
        path.to_string()
    };
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// RFC 3986 section 5.2.4, which curl's URL parser applies (double slashes are kept).
fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output: Vec<&str> = Vec::new();
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../") {
            input = rest;
        } else if let Some(rest) = input.strip_prefix("./") {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..];
            output.pop();
        } else if input == "/.." {
            input = "/";
            output.pop();
        } else if input == "." || input == ".." {
            input = "";
        } else {
            // Move the first segment (with its leading '/') to the output.
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            output.push(&input[..end]);
            input = &input[end..];
        }
    }
    output.concat()
}

fn canonical_query(query: Option<&str>) -> Result<String, SigV4Error> {
    let Some(query) = query else {
        return Ok(String::new());
    };
    let parts: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    if parts.len() >= MAX_QUERY_COMPONENTS {
        return Err(SigV4Error::TooManyQueryComponents);
    }
    let mut pairs: Vec<(String, String)> = parts
        .iter()
        .map(|part| match part.split_once('=') {
            Some((key, value)) => (decode_encode(key), decode_encode(value)),
            None => (decode_encode(part), String::new()),
        })
        .collect();
    // Byte order on key then value; empty strings sort first, as in curl's comparator.
    pairs.sort();
    Ok(pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&"))
}

/// Percent-decodes (leaving malformed escapes as they are) then re-encodes, `+` as `%20`.
fn decode_encode(component: &str) -> String {
    let bytes = component.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2])) {
                decoded.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    let mut out = String::with_capacity(decoded.len() * 3);
    for b in decoded {
        if is_unreserved(b) {
            out.push(b as char);
        } else if b == b'+' {
            out.push_str("%20");
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The parts of an absolute URL that signing needs, borrowed from it.
struct SplitUrl<'a> {
    scheme: &'a str,
    /// Host as written (IPv6 keeps its brackets).
    host: &'a str,
    /// Host name without IPv6 brackets.
    hostname: &'a str,
    port: Option<u16>,
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> SplitUrl<'a> {
    fn parse(url: &'a str) -> Result<Self, SigV4Error> {
        let invalid = || SigV4Error::InvalidUrl(url.to_string());
        let (scheme, rest) = url.split_once("://").ok_or_else(invalid)?;
        let rest = rest.split('#').next().unwrap_or_default();
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path_query) = rest.split_at(authority_end);
        let authority = authority.rsplit('@').next().unwrap_or_default();
        let (path, query) = match path_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path_query, None),
        };
        let (host, port) = if authority.starts_with('[') {
            let end = authority.find(']').ok_or_else(invalid)?;
            let port = authority[end + 1..].strip_prefix(':');
            (&authority[..=end], port)
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        let port = match port {
            Some("") | None => None,
            Some(p) => Some(p.parse::<u16>().map_err(|_| invalid())?),
        };
        if host.is_empty() {
            return Err(invalid());
        }
        let hostname = host.trim_start_matches('[').trim_end_matches(']');
        Ok(SplitUrl {
            scheme,
            host,
            hostname,
            port,
            path,
            query,
        })
    }

    /// The `Host` header curl sends: the port only when not the scheme's default.
    fn host_header(&self) -> String {
        let default = match self.scheme.to_ascii_lowercase().as_str() {
            "https" | "wss" => Some(443),
            "http" | "ws" => Some(80),
            _ => None,
        };
        match self.port {
            Some(port) if Some(port) != default => format!("{}:{port}", self.host),
            _ => self.host.to_string(),
        }
    }
}

#[cfg(test)]
#[path = "sigv4_tests.rs"]
mod tests;
