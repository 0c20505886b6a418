//! A request as a curl command line (`--curl FILE`), so it can be replayed by hand: the
//! method, headers, cookies, body and the transport options that change what is sent.

use super::client::full_url;
use super::request::{HttpRequest, PartContent, RequestBody, TransportOptions};

/// An argument quoted for a POSIX shell: `'…'`, or `$'…'` when it holds characters a single-
/// quoted string cannot (quotes, control characters).
pub fn shell_quote(arg: &str) -> String {
    let plain = arg
        .chars()
        .all(|c| c != '\'' && c != '\\' && !c.is_control());
    if plain {
        return format!("'{arg}'");
    }
    let mut out = String::from("$'");
    for c in arg.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The curl command line that sends `request` with `options`.
pub fn curl_command(request: &HttpRequest, options: &TransportOptions) -> String {
    let mut args: Vec<String> = vec!["curl".to_string()];
    let mut push = |flag: &str, value: Option<String>| {
        args.push(flag.to_string());
        if let Some(v) = value {
            args.push(shell_quote(&v));
        }
    };
    let has_body = !matches!(request.body, RequestBody::Empty);
    let implied = if has_body { "POST" } else { "GET" };
    if request.method != implied || (has_body && request.method == "GET") {
        push("--request", Some(request.method.clone()));
    }
    for h in &request.headers {
        push("--header", Some(format!("{}: {}", h.name, h.value)));
    }
    if !request.cookies.is_empty() {
        let cookies: Vec<String> = request
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        push("--cookie", Some(cookies.join("; ")));
    }
    match &request.body {
        RequestBody::Empty => {}
        RequestBody::Bytes { data, content_type } => {
            if let Some(ct) = content_type {
                if !request
                    .headers
                    .iter()
                    .any(|h| h.name.eq_ignore_ascii_case("content-type"))
                {
                    push("--header", Some(format!("Content-Type: {ct}")));
                }
            }
            push(
                "--data-binary",
                Some(String::from_utf8_lossy(data).into_owned()),
            );
        }
        RequestBody::Form(fields) => {
            for (k, v) in fields {
                push("--data-urlencode", Some(format!("{k}={v}")));
            }
        }
        RequestBody::Multipart(parts) => {
            for part in parts {
                let value = match &part.content {
                    PartContent::Text(t) => format!("{}={t}", part.name),
                    PartContent::File {
                        path,
                        content_type,
                        filename,
                    } => {
                        let mut v = format!("{}=@{}", part.name, path.display());
                        if let Some(ct) = content_type {
                            v.push_str(&format!(";type={ct}"));
                        }
                        if let Some(name) = filename {
                            v.push_str(&format!(";filename={name}"));
                        }
                        v
                    }
                };
                push("--form", Some(value));
            }
        }
    }
    if options.follow_redirects {
        push(
            if options.location_trusted {
                "--location-trusted"
            } else {
                "--location"
            },
            None,
        );
        if let Some(max) = options.max_redirects {
            push("--max-redirs", Some(max.to_string()));
        }
    }
    if options.insecure {
        push("--insecure", None);
    }
    if let Some(t) = options.connect_timeout {
        push("--connect-timeout", Some(format!("{}", t.as_secs_f64())));
    }
    if let Some(t) = options.timeout {
        push("--max-time", Some(format!("{}", t.as_secs_f64())));
    }
    if let Some(agent) = &options.user_agent {
        push("--user-agent", Some(agent.clone()));
    }
    if options.http10 {
        push("--http1.0", None);
    }
    let url = full_url(&request.url, &request.query)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| request.url.clone());
    args.push(shell_quote(&url));
    args.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::Header;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "$'it\\'s'");
        assert_eq!(shell_quote("a\nb\\"), "$'a\\nb\\\\'");
    }

    #[test]
    fn commands() {
        let mut request = HttpRequest {
            method: "GET".into(),
            url: "http://h.test/items".into(),
            query: vec![("q".into(), "a b".into())],
            ..HttpRequest::default()
        };
        let options = TransportOptions::default();
        assert_eq!(
            curl_command(&request, &options),
            "curl 'http://h.test/items?q=a%20b'"
        );
        request.method = "PUT".into();
        request.headers = vec![Header::new("X-A", "1")];
        request.cookies = vec![("c".into(), "2".into())];
        request.body = RequestBody::Bytes {
            data: b"{\"a\": 1}".to_vec(),
            content_type: Some("application/json".into()),
        };
        assert_eq!(
            curl_command(&request, &options),
            "curl --request 'PUT' --header 'X-A: 1' --cookie 'c=2' --header 'Content-Type: application/json' --data-binary '{\"a\": 1}' 'http://h.test/items?q=a%20b'"
        );
    }
}
