//! The request head, byte for byte as Hurl (libcurl) writes it:
//!
//! ```text
//! METHOD target HTTP/1.1
//! Host: host[:port]          unless the request sets Host
//! Accept: */*                unless the request sets Accept
//! Cookie: a=1; b=2           the cookie store and [Cookies], unless the request sets Cookie
//! …the request's headers, in order (Hurl's own come last: Content-Type, User-Agent…)
//! Content-Length: N          when there is a body and the request sets none
//! Content-Type: multipart/…  for a multipart body, after its length (as libcurl's mime)
//! ```
//!
//! A header with an empty value is sent as `Name:`. An empty body sends no length at all,
//! as curl does for an empty POST.

use std::borrow::Cow;

/// What goes into a request head.
#[derive(Clone, Copy, Debug)]
pub struct Head<'a> {
    /// The method token, sent as written (`CONNECT`, custom methods).
    pub method: &'a str,
    /// The request target: `/path?query`, or the absolute URL through a plain HTTP proxy.
    pub target: &'a str,
    /// `host` or `host:port` (the port only when not the scheme's default).
    pub host: &'a str,
    /// The request's own headers, in order.
    pub headers: &'a [(String, String)],
    /// The cookies to send (`a=1; b=2`), when any.
    pub cookies: Option<&'a str>,
    /// The body's length (0: no body).
    pub body_len: usize,
    /// A content type sent after the length (a multipart body's boundary), unless the
    /// request sets one.
    pub trailing_content_type: Option<&'a str>,
    /// Send `HTTP/1.0` on the request line (else `HTTP/1.1`).
    pub http10: bool,
    /// Through an HTTP proxy (plain HTTP): `Proxy-Connection: Keep-Alive`, as curl sends.
    pub via_proxy: bool,
    /// `Proxy-Authorization` for that proxy.
    pub proxy_authorization: Option<&'a str>,
}

fn has(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// Appends `Name: value` (or `Name:` for an empty value) and a line break.
fn line(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.push(b':');
    if !value.is_empty() {
        out.push(b' ');
        out.extend_from_slice(value.as_bytes());
    }
    out.extend_from_slice(b"\r\n");
}

/// The head's header lines, in the order they are sent (what `write_head` writes after
/// the request line; reports show them).
pub fn header_lines<'a>(h: &Head<'a>) -> Vec<(&'a str, Cow<'a, str>)> {
    let mut lines: Vec<(&'a str, Cow<'a, str>)> = Vec::with_capacity(h.headers.len() + 4);
    if !has(h.headers, "host") {
        lines.push(("Host", Cow::Borrowed(h.host)));
    }
    if let Some(auth) = h.proxy_authorization {
        lines.push(("Proxy-Authorization", Cow::Borrowed(auth)));
    }
    if !has(h.headers, "accept") {
        lines.push(("Accept", Cow::Borrowed("*/*")));
    }
    if h.via_proxy {
        lines.push(("Proxy-Connection", Cow::Borrowed("Keep-Alive")));
    }
    if let Some(cookies) = h.cookies.filter(|c| !c.is_empty()) {
        if !has(h.headers, "cookie") {
            lines.push(("Cookie", Cow::Borrowed(cookies)));
        }
    }
    for (name, value) in h.headers {
        lines.push((name, Cow::Borrowed(value)));
    }
    if h.body_len > 0 && !has(h.headers, "content-length") {
        lines.push(("Content-Length", Cow::Owned(h.body_len.to_string())));
    }
    if let Some(ct) = h.trailing_content_type {
        if !has(h.headers, "content-type") {
            lines.push(("Content-Type", Cow::Borrowed(ct)));
        }
    }
    lines
}

/// The head's bytes.
pub fn write_head(h: &Head) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(h.method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(h.target.as_bytes());
    out.extend_from_slice(if h.http10 {
        b" HTTP/1.0\r\n"
    } else {
        b" HTTP/1.1\r\n"
    });
    for (name, value) in header_lines(h) {
        line(&mut out, name, &value);
    }
    out.extend_from_slice(b"\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head<'a>(headers: &'a [(String, String)]) -> Head<'a> {
        Head {
            method: "GET",
            target: "/x?a=1",
            host: "127.0.0.1:8000",
            headers,
            cookies: None,
            body_len: 0,
            trailing_content_type: None,
            http10: false,
            via_proxy: false,
            proxy_authorization: None,
        }
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn text(h: &Head) -> String {
        String::from_utf8(write_head(h)).unwrap()
    }

    #[test]
    fn defaults_then_headers_in_order() {
        let headers = h(&[
            ("X-A", "1"),
            ("Content-Type", "application/json"),
            ("User-Agent", "sortie/1"),
        ]);
        let mut hd = head(&headers);
        hd.method = "POST";
        hd.body_len = 8;
        assert_eq!(
            text(&hd),
            "POST /x?a=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\nX-A: 1\r\nContent-Type: application/json\r\nUser-Agent: sortie/1\r\nContent-Length: 8\r\n\r\n"
        );
    }

    #[test]
    fn written_host_accept_and_length_replace_the_defaults() {
        let headers = h(&[
            ("Host", "other"),
            ("Accept", "text/plain"),
            ("Content-Length", "1"),
        ]);
        let mut hd = head(&headers);
        hd.body_len = 5;
        assert_eq!(
            text(&hd),
            "GET /x?a=1 HTTP/1.1\r\nHost: other\r\nAccept: text/plain\r\nContent-Length: 1\r\n\r\n"
        );
    }

    #[test]
    fn cookies_after_accept_unless_written_and_empty_values() {
        let headers = h(&[("X-Empty", "")]);
        let mut hd = head(&headers);
        hd.cookies = Some("b=2; c=3");
        assert_eq!(
            text(&hd),
            "GET /x?a=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\nCookie: b=2; c=3\r\nX-Empty:\r\n\r\n"
        );
        let written = h(&[("Cookie", "a=1")]);
        let mut hd = head(&written);
        hd.cookies = Some("b=2");
        assert_eq!(
            text(&hd),
            "GET /x?a=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\nCookie: a=1\r\n\r\n"
        );
    }

    #[test]
    fn multipart_type_after_the_length_and_no_length_without_a_body() {
        let headers = h(&[("User-Agent", "u")]);
        let mut hd = head(&headers);
        hd.method = "POST";
        hd.body_len = 137;
        hd.trailing_content_type = Some("multipart/form-data; boundary=b");
        assert_eq!(
            text(&hd),
            "POST /x?a=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\nUser-Agent: u\r\nContent-Length: 137\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n"
        );
        hd.body_len = 0;
        hd.trailing_content_type = None;
        hd.method = "CONNECT";
        hd.target = "/connect";
        assert_eq!(
            text(&hd),
            "CONNECT /connect HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\nUser-Agent: u\r\n\r\n"
        );
    }
}
