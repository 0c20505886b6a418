//! Secrets and their redaction: every text the program prints or writes goes through a
//! [`Redactor`] first, so secret values appear as `***` everywhere.

use std::sync::{Arc, RwLock};

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// Headers whose values are masked whoever set them.
pub const MASKED_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// A shared, growing set of secret values. Cloning gives another handle to the same set, so a
/// secret learnt anywhere (a token obtained, a capture marked `redact`) is masked everywhere.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    secrets: Arc<RwLock<Vec<String>>>,
}

impl Redactor {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a secret value, in every form it can take on the way out: as written,
    /// JSON-escaped, URL-encoded (`%20` and `+`), base64 (standard and URL-safe), hex, lower
    /// and upper case. Empty values are ignored: they would mask nothing useful.
    pub fn add(&self, secret: impl Into<String>) {
        let secret = secret.into();
        if secret.is_empty() {
            return;
        }
        let forms = forms(&secret);
        let mut secrets = self.secrets.write().unwrap_or_else(|e| e.into_inner());
        let mut added = false;
        for form in forms {
            if !secrets.contains(&form) {
                secrets.push(form);
                added = true;
            }
        }
        if added {
            // Longest first, so a secret that contains another is masked whole.
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// True when `text` holds a secret in one of its forms (a value derived from a secret).
    pub fn reveals_secret(&self, text: &str) -> bool {
        let secrets = self.secrets.read().unwrap_or_else(|e| e.into_inner());
        secrets.iter().any(|s| text.contains(s.as_str()))
    }

    /// True when `value` is a known secret.
    pub fn is_secret(&self, value: &str) -> bool {
        let secrets = self.secrets.read().unwrap_or_else(|e| e.into_inner());
        secrets.iter().any(|s| s == value)
    }

    /// The text with every secret replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        let secrets = self.secrets.read().unwrap_or_else(|e| e.into_inner());
        let mut out = text.to_string();
        for secret in secrets.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
        out
    }

    /// A header value as it may be shown: masked for credential headers, redacted otherwise.
    pub fn header_value(&self, name: &str, value: &str) -> String {
        if is_masked_header(name) {
            MASK.to_string()
        } else {
            self.redact(value)
        }
    }
}

/// The forms of a secret that outputs may show. Short transformed forms (under 4
/// characters) are left out: they would mask ordinary text.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
    let b64_url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret);
    let json = serde_json::Value::String(secret.to_string()).to_string();
    let json = json[1..json.len() - 1].to_string();
    let url = url_encoded(secret, false);
    let form = url_encoded(secret, true);
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let mut out = vec![secret.to_string()];
    for form in [
        json,
        url,
        form,
        b64.trim_end_matches('=').to_string(),
        b64,
        b64_url,
        hex.clone(),
        hex.to_ascii_uppercase(),
        secret.to_lowercase(),
        secret.to_uppercase(),
    ] {
        if form.len() >= 4 && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// A secret as the transport percent-encodes it (query and form values); with `plus`, spaces
/// as `+` (form encoding).
fn url_encoded(text: &str, plus: bool) -> String {
    let escaped = crate::http::request::escape(text);
    if plus {
        escaped.replace("%20", "+")
    } else {
        escaped
    }
}

/// True for headers whose values are always masked.
pub fn is_masked_header(name: &str) -> bool {
    MASKED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_occurrence_longest_first() {
        let r = Redactor::new();
        r.add("CANARY-1");
        r.add("CANARY-12345");
        r.add("");
        assert_eq!(r.redact("a CANARY-12345 b CANARY-1 c"), "a *** b *** c");
        assert!(r.is_secret("CANARY-1"));
        assert!(!r.is_secret("CANARY"));
    }

    #[test]
    fn every_form_of_a_secret_is_masked() {
        use base64::Engine as _;
        let r = Redactor::new();
        let secret = "Sécret \"pa/ss\"+1";
        r.add(secret);
        let shown = [
            secret.to_string(),
            serde_json::json!({ "p": secret }).to_string(),
            format!("?p={}", url_encoded(secret, false)),
            format!("p={}", url_encoded(secret, true)),
            base64::engine::general_purpose::STANDARD.encode(secret),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret),
            secret.bytes().map(|b| format!("{b:02x}")).collect(),
            secret.to_lowercase(),
            secret.to_uppercase(),
        ];
        for text in shown {
            let redacted = r.redact(&text);
            assert!(r.reveals_secret(&text), "{text}");
            assert!(redacted.contains(MASK), "{text} → {redacted}");
            assert!(!r.reveals_secret(&redacted), "{text} → {redacted}");
        }
        assert!(!r.reveals_secret("nothing here"));
    }

    #[test]
    fn clones_share_the_set() {
        let r = Redactor::new();
        let other = r.clone();
        other.add("tok-9");
        assert_eq!(r.redact("Bearer tok-9"), "Bearer ***");
    }

    #[test]
    fn credential_headers_are_masked_whatever_their_value() {
        let r = Redactor::new();
        assert_eq!(r.header_value("Authorization", "Basic abc"), "***");
        assert_eq!(r.header_value("set-cookie", "id=1"), "***");
        assert_eq!(r.header_value("X-Trace", "1"), "1");
    }
}
