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

    /// Adds a secret value. Empty values are ignored: they would mask nothing useful.
    pub fn add(&self, secret: impl Into<String>) {
        let secret = secret.into();
        if secret.is_empty() {
            return;
        }
        let mut secrets = self.secrets.write().unwrap_or_else(|e| e.into_inner());
        if !secrets.contains(&secret) {
            secrets.push(secret);
            // Longest first, so a secret that contains another is masked whole.
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
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
