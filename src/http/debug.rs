//! The request as sent, for `debug-request` and `--debug`: credentials and secrets masked.

use super::response::HttpResponse;
use crate::secret::Redactor;

/// Renders a request line, headers and body, each line prefixed with `> `.
pub fn render_request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
    redactor: &Redactor,
) -> String {
    let mut out = format!("> {method} {}\n", redactor.redact(url));
    for (name, value) in headers {
        out.push_str(&format!(
            "> {name}: {}\n",
            redactor.header_value(name, value)
        ));
    }
    out.push_str(">\n");
    if let Some(body) = body.filter(|b| !b.is_empty()) {
        match std::str::from_utf8(body) {
            Ok(text) if !text.contains('\0') => {
                out.push_str(&redactor.redact(text));
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => out.push_str(&format!("[{} bytes of binary data]\n", body.len())),
        }
    }
    out
}

/// Renders a response's status line and headers, each line prefixed with `< `, and its
/// body as text when `body` (credentials and secrets masked).
pub fn render_response(response: &HttpResponse, body: bool, redactor: &Redactor) -> String {
    let mut out = format!("< {} {}\n", response.version, response.status);
    for (name, value) in &response.headers {
        out.push_str(&format!(
            "< {name}: {}\n",
            redactor.header_value(name, value)
        ));
    }
    out.push_str("<\n");
    if body {
        match response.body() {
            Ok(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) if !text.contains('\0') => {
                    out.push_str(&redactor.redact(text));
                    if !text.is_empty() && !text.ends_with('\n') {
                        out.push('\n');
                    }
                }
                _ => out.push_str(&format!("[{} bytes of binary data]\n", bytes.len())),
            },
            Err(e) => out.push_str(&format!("[the body cannot be decoded: {e}]\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_credentials_and_secrets() {
        let r = Redactor::new();
        r.add("CANARY-42");
        let out = render_request(
            "POST",
            "http://127.0.0.1/x?key=CANARY-42",
            &[
                ("Authorization".into(), "Bearer abc".into()),
                ("X-Key".into(), "CANARY-42".into()),
            ],
            Some(b"{\"secret\": \"CANARY-42\"}"),
            &r,
        );
        assert_eq!(
            out,
            "> POST http://127.0.0.1/x?key=***\n> Authorization: ***\n> X-Key: ***\n>\n{\"secret\": \"***\"}\n"
        );
        let bin = render_request("PUT", "http://h/", &[], Some(&[0, 1, 2]), &r);
        assert!(bin.ends_with("[3 bytes of binary data]\n"));
    }
}
