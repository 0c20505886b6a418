//! A request as a curl command line (`--curl FILE`), written exactly as Hurl 8.0.1 writes it:
//! the method, headers, body, cookies, the options that differ from the defaults (in Hurl's
//! order) and the URL, so a Hurl user's scripts read the same file.

use std::time::Duration;

use url::Url;

use super::cookies::CookieJar;
use super::request::{
    BodyOrigin, HttpRequest, IpVersion, NetrcUse, PartContent, RequestBody, TransportOptions,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_REDIRECTS, DEFAULT_MAX_TIME,
};

/// What the command line needs beyond the request and its options.
#[derive(Clone, Debug, Default)]
pub struct CurlContext {
    /// The cookie store's cookies for the request's host and path (`--cookie`, after the
    /// request's own `[Cookies]`), as Hurl lists them.
    pub store_cookies: Vec<(String, String)>,
    /// `--cookie FILE` of the run.
    pub cookie_file: Option<String>,
    /// Where the entry writes the body (`[Options] output`), already resolved.
    pub output: Option<String>,
}

/// The stored cookies Hurl writes on a request's command line: not deleted, for the URL's
/// domain (any host when it is an IP address) and under the cookie's path, in the store's
/// order. Hurl does not check `Secure` or expiry dates here.
pub fn store_cookies_for(jar: &CookieJar, url: &Url) -> Vec<(String, String)> {
    jar.cookies()
        .filter(|c| c.expires() != 1)
        .filter(|c| {
            let Some(host) = url.domain() else {
                return true;
            };
            let domain = c.domain().unwrap_or_default();
            if c.include_subdomains() {
                host.ends_with(domain)
            } else {
                host == domain
            }
        })
        .filter(|c| url.path().starts_with(c.path().unwrap_or_default()))
        .map(|c| (c.name().to_string(), c.value().to_string()))
        .collect()
}

/// `'…'`, or `$'…'` with `\n`, `\t`, `'` and `\` escaped when the text holds a line break, a
/// tab or a quote (Hurl's `encode_shell_string`; other characters are written as they are).
pub fn shell_string(s: &str) -> String {
    if !s.contains(['\n', '\t', '\'']) {
        return format!("'{s}'");
    }
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `$'\x68\x69'`: every byte escaped.
fn shell_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("$'");
    for b in bytes {
        out.push_str(&format!("\\x{b:02x}"));
    }
    out.push('\'');
    out
}

/// Percent-encodes every byte but ASCII letters and digits (Hurl's form and query values).
fn escape_all(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The curl command line that sends `request` with `options`, as Hurl writes it.
pub fn curl_command(request: &HttpRequest, options: &TransportOptions, cx: &CurlContext) -> String {
    let mut args: Vec<String> = vec!["curl".to_string()];
    let has_body = match &request.body {
        RequestBody::Empty => false,
        RequestBody::Bytes { data, .. } => !data.is_empty(),
        RequestBody::Form(fields) => !fields.is_empty(),
        RequestBody::Multipart(parts) => !parts.is_empty(),
    };
    method_args(&mut args, &request.method, has_body, options);
    header_args(&mut args, request);
    body_args(&mut args, &request.body);
    let cookies: Vec<String> = request
        .cookies
        .iter()
        .chain(&cx.store_cookies)
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    if !cookies.is_empty() {
        args.push("--cookie".to_string());
        args.push(shell_string(&cookies.join("; ")));
    }
    option_args(&mut args, options, cx);
    if let Some(output) = &cx.output {
        args.push("--output".to_string());
        args.push(output.clone());
    }
    let mut url = request.url.clone();
    if !request.query.is_empty() {
        let query: Vec<String> = request
            .query
            .iter()
            .map(|(name, value)| format!("{name}={}", escape_all(value)))
            .collect();
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query.join("&"));
    }
    // curl reads {} and [] as its URL globbing unless told not to.
    if url.contains(['{', '}', '[', ']']) {
        args.push("--globoff".to_string());
    }
    args.push(format!("'{url}'"));
    args.join(" ")
}

/// Hurl's method flags: `--head`; nothing for a GET without body or a POST with one;
/// `--data ''` for a POST without body when redirects are followed; `--request` otherwise.
fn method_args(args: &mut Vec<String>, method: &str, has_body: bool, options: &TransportOptions) {
    let mut push = |a: &[&str]| args.extend(a.iter().map(|s| s.to_string()));
    match (method, has_body) {
        ("GET", false) | ("POST", true) => {}
        ("HEAD", _) => push(&["--head"]),
        ("POST", false) if options.follow_redirects => push(&["--data", "''"]),
        (m, _) => push(&["--request", m]),
    }
}

/// Each header, then the content type Hurl makes explicit: the implicit one (JSON, XML), or
/// an empty one for a text or file body (curl would add a form type), or
/// `application/octet-stream` for bytes.
fn header_args(args: &mut Vec<String>, request: &HttpRequest) {
    for h in &request.headers {
        args.push("--header".to_string());
        args.push(if h.value.is_empty() {
            shell_string(&format!("{};", h.name))
        } else {
            shell_string(&format!("{}: {}", h.name, h.value))
        });
    }
    if request
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("content-type"))
    {
        return;
    }
    let RequestBody::Bytes {
        data,
        content_type,
        origin,
    } = &request.body
    else {
        return;
    };
    let header = match (content_type, origin) {
        (Some(ct), _) => format!("'Content-Type: {ct}'"),
        _ if data.is_empty() => return,
        (None, BodyOrigin::Binary) => "'Content-Type: application/octet-stream'".to_string(),
        (None, BodyOrigin::Text | BodyOrigin::File(_)) => "'Content-Type:'".to_string(),
    };
    args.push("--header".to_string());
    args.push(header);
}

/// `--data` per form field, `--form` per part, `--data`/`--data-binary` for a body.
fn body_args(args: &mut Vec<String>, body: &RequestBody) {
    match body {
        RequestBody::Empty => {}
        RequestBody::Form(fields) => {
            for (name, value) in fields {
                args.push("--data".to_string());
                args.push(format!("'{name}={}'", escape_all(value)));
            }
        }
        RequestBody::Multipart(parts) => {
            for part in parts {
                let value = match &part.content {
                    PartContent::Text(text) => format!("{}={text}", part.name),
                    PartContent::File {
                        path, content_type, ..
                    } => {
                        let ct = content_type.clone().unwrap_or_else(|| {
                            super::request::guess_content_type(&path.to_string_lossy()).to_string()
                        });
                        format!("{}=@{};type={ct}", part.name, path.display())
                    }
                };
                args.push("--form".to_string());
                args.push(format!("'{value}'"));
            }
        }
        RequestBody::Bytes { data, origin, .. } if !data.is_empty() => match origin {
            BodyOrigin::Text => {
                args.push("--data".to_string());
                args.push(shell_string(&String::from_utf8_lossy(data)));
            }
            BodyOrigin::Binary => {
                args.push("--data".to_string());
                args.push(shell_bytes(data));
            }
            BodyOrigin::File(path) => {
                args.push("--data-binary".to_string());
                args.push(format!("'@{path}'"));
            }
        },
        RequestBody::Bytes { .. } => {}
    }
}

/// The options that change what is sent, in Hurl's order, when they are not the defaults.
fn option_args(args: &mut Vec<String>, options: &TransportOptions, cx: &CurlContext) {
    let mut push = |flag: &str, value: Option<String>| {
        args.push(flag.to_string());
        args.extend(value);
    };
    let secs = |d: Option<Duration>| d.map_or(0, |d| d.as_secs()).to_string();
    let path = |p: &std::path::Path| p.display().to_string();
    let net = &options.net;
    if let Some(aws) = &net.aws_sigv4 {
        push("--aws-sigv4", Some(aws.clone()));
    }
    if let Some(file) = &net.cacert {
        push("--cacert", Some(path(file)));
    }
    if let Some(file) = &net.cert {
        push("--cert", Some(path(file)));
    }
    if let Some(file) = &net.key {
        push("--key", Some(path(file)));
    }
    if options.compressed {
        push("--compressed", None);
    }
    if options.connect_timeout != Some(DEFAULT_CONNECT_TIMEOUT) {
        push("--connect-timeout", Some(secs(options.connect_timeout)));
    }
    for connect in &net.connect_to {
        push("--connect-to", Some(connect.clone()));
    }
    if let Some(file) = &cx.cookie_file {
        push("--cookie", Some(file.clone()));
    }
    if net.digest {
        push("--digest", None);
    }
    if options.http10 {
        push("--http1.0", None);
    }
    if options.insecure {
        push("--insecure", None);
    }
    match net.ip {
        IpVersion::Any => {}
        IpVersion::V4 => push("--ipv4", None),
        IpVersion::V6 => push("--ipv6", None),
    }
    match (options.follow_redirects, options.location_trusted) {
        (_, true) => push("--location-trusted", None),
        (true, false) => push("--location", None),
        (false, false) => {}
    }
    if options.max_body_bytes != TransportOptions::default().max_body_bytes {
        push("--max-filesize", Some(options.max_body_bytes.to_string()));
    }
    if let Some(rate) = net.limit_rate {
        push("--limit-rate", Some(rate.to_string()));
    }
    if options.max_redirects != Some(DEFAULT_MAX_REDIRECTS) {
        let max = options.max_redirects.map_or(-1, i64::from);
        push("--max-redirs", Some(max.to_string()));
    }
    if options.timeout != Some(DEFAULT_MAX_TIME) {
        push("--max-time", Some(secs(options.timeout)));
    }
    match &net.netrc {
        NetrcUse::Off => {}
        NetrcUse::Required(None) => push("--netrc", None),
        NetrcUse::Optional(None) => push("--netrc-optional", None),
        NetrcUse::Required(Some(file)) => push("--netrc-file", Some(format!("'{}'", path(file)))),
        NetrcUse::Optional(Some(file)) => {
            push("--netrc-file", Some(format!("'{}'", path(file))));
            push("--netrc-optional", None);
        }
    }
    if net.path_as_is {
        push("--path-as-is", None);
    }
    if let Some(pin) = &net.pinned_pub_key {
        push("--pinnedpubkey", Some(pin.clone()));
    }
    if let Some(proxy) = &net.proxy {
        push("--proxy", Some(format!("'{proxy}'")));
    }
    for resolve in &net.resolve {
        push("--resolve", Some(resolve.clone()));
    }
    if let Some(socket) = &net.unix_socket {
        push("--unix-socket", Some(format!("'{}'", path(socket))));
    }
    if let Some(user) = &options.user {
        push("--user", Some(format!("'{user}'")));
    }
    if let Some(agent) = &options.user_agent {
        push("--user-agent", Some(format!("'{agent}'")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::Header;

    fn defaults() -> TransportOptions {
        TransportOptions {
            timeout: Some(DEFAULT_MAX_TIME),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            ..TransportOptions::default()
        }
    }

    #[test]
    fn shell_strings_as_hurl_writes_them() {
        assert_eq!(shell_string("a b\\c"), "'a b\\c'");
        assert_eq!(shell_string("it's"), "$'it\\'s'");
        assert_eq!(shell_string("a\nb\t\\"), "$'a\\nb\\t\\\\'");
        assert_eq!(shell_bytes(b"hi\0"), "$'\\x68\\x69\\x00'");
    }

    #[test]
    fn commands_as_hurl_writes_them() {
        let get = HttpRequest {
            method: "GET".into(),
            url: "http://h.test/items".into(),
            query: vec![("q".into(), "a b-c".into())],
            ..HttpRequest::default()
        };
        let cx = CurlContext::default();
        assert_eq!(
            curl_command(&get, &defaults(), &cx),
            "curl 'http://h.test/items?q=a%20b%2Dc'"
        );
        let text = HttpRequest {
            method: "POST".into(),
            url: "http://h.test/echo".into(),
            headers: vec![Header::new("X-Trace", "abc"), Header::new("X-Empty", "")],
            body: RequestBody::Bytes {
                data: b"hello".to_vec(),
                content_type: None,
                origin: BodyOrigin::Text,
            },
            ..HttpRequest::default()
        };
        assert_eq!(
            curl_command(&text, &defaults(), &cx),
            "curl --header 'X-Trace: abc' --header 'X-Empty;' --header 'Content-Type:' --data 'hello' 'http://h.test/echo'"
        );
        let json = HttpRequest {
            method: "PUT".into(),
            url: "http://h.test/{id}".into(),
            cookies: vec![("c".into(), "2".into())],
            body: RequestBody::Bytes {
                data: b"{\"a\": 'x'}".to_vec(),
                content_type: Some("application/json".into()),
                origin: BodyOrigin::Text,
            },
            ..HttpRequest::default()
        };
        let options = TransportOptions {
            follow_redirects: true,
            timeout: Some(Duration::from_secs(5)),
            connect_timeout: None,
            user: Some("bob:pw".into()),
            ..defaults()
        };
        let cx = CurlContext {
            store_cookies: vec![("s".into(), "1".into())],
            ..CurlContext::default()
        };
        assert_eq!(
            curl_command(&json, &options, &cx),
            "curl --request PUT --header 'Content-Type: application/json' --data $'{\"a\": \\'x\\'}' --cookie 'c=2; s=1' --connect-timeout 0 --location --max-time 5 --user 'bob:pw' --globoff 'http://h.test/{id}'"
        );
    }

    #[test]
    fn methods_and_bodies() {
        let post = HttpRequest {
            method: "POST".into(),
            url: "http://h.test/".into(),
            ..HttpRequest::default()
        };
        let follow = TransportOptions {
            follow_redirects: true,
            ..defaults()
        };
        let cx = CurlContext::default();
        assert_eq!(
            curl_command(&post, &defaults(), &cx),
            "curl --request POST 'http://h.test/'"
        );
        assert_eq!(
            curl_command(&post, &follow, &cx),
            "curl --data '' --location 'http://h.test/'"
        );
        let binary = HttpRequest {
            body: RequestBody::Bytes {
                data: b"hi".to_vec(),
                content_type: None,
                origin: BodyOrigin::Binary,
            },
            ..post.clone()
        };
        assert_eq!(
            curl_command(&binary, &defaults(), &cx),
            "curl --header 'Content-Type: application/octet-stream' --data $'\\x68\\x69' 'http://h.test/'"
        );
        let file = HttpRequest {
            body: RequestBody::Bytes {
                data: b"hi".to_vec(),
                content_type: None,
                origin: BodyOrigin::File("data.bin".into()),
            },
            ..post.clone()
        };
        assert_eq!(
            curl_command(&file, &defaults(), &cx),
            "curl --header 'Content-Type:' --data-binary '@data.bin' 'http://h.test/'"
        );
        let form = HttpRequest {
            body: RequestBody::Form(vec![("a".into(), "x y".into())]),
            ..post.clone()
        };
        assert_eq!(
            curl_command(&form, &defaults(), &cx),
            "curl --data 'a=x%20y' 'http://h.test/'"
        );
        let head = HttpRequest {
            method: "HEAD".into(),
            ..post
        };
        assert_eq!(
            curl_command(&head, &defaults(), &cx),
            "curl --head 'http://h.test/'"
        );
    }
}
