//! A cookie as the jar keeps it.

use std::fmt;

/// One stored cookie, with the fields curl keeps (and writes to a Netscape cookie file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    pub(crate) name: String,
    pub(crate) value: String,
    /// `None` only for a `Set-Cookie:` line without `Domain` read from a cookie file: such a
    /// cookie is never written to the jar file (curl skips it).
    pub(crate) domain: Option<String>,
    /// The path as given (`Path` attribute, default path, or file column); `None` only for a
    /// `Set-Cookie:` line without `Path` read from a cookie file.
    pub(crate) path: Option<String>,
    /// The sanitized path, used to match requests and to find the cookie to replace.
    pub(crate) spath: Option<String>,
    /// Unix seconds; 0 for a session cookie, 1 for a cookie deleted by the server.
    pub(crate) expires: i64,
    /// Sent to subdomains too (a `Domain` attribute was given, or `TRUE` in a cookie file).
    pub(crate) tailmatch: bool,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    /// Set by a server (or a `@cookie_storage_set` line), not read from a cookie file: a file
    /// read again never replaces a live cookie.
    pub(crate) live: bool,
    /// Order of creation, kept when the cookie is replaced; the newest goes first among
    /// otherwise equal cookies in a `Cookie` header.
    pub(crate) creation: u64,
}

impl Cookie {
    /// The cookie's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cookie's value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The domain (a host name or IP address, without a leading dot).
    pub fn domain(&self) -> Option<&str> {
        self.domain.as_deref()
    }

    /// The path, as the jar file shows it.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Whether the cookie also goes to subdomains of [`Cookie::domain`].
    pub fn include_subdomains(&self) -> bool {
        self.tailmatch
    }

    /// Whether the cookie goes over https (and to localhost) only.
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Whether the cookie was marked `HttpOnly`.
    pub fn http_only(&self) -> bool {
        self.http_only
    }

    /// The expiry as curl records it: 0 for a session cookie, else unix seconds (1 is a cookie
    /// the server deleted, kept until the jar next drops expired cookies).
    pub fn expires(&self) -> i64 {
        self.expires
    }

    /// Whether the cookie lives as long as the session (no `Expires` or `Max-Age`).
    pub fn is_session(&self) -> bool {
        self.expires == 0
    }

    /// The cookie as one line of a Netscape cookie file, exactly as curl formats it (a domain
    /// cookie's domain gets a leading dot; `#HttpOnly_` prefixes an HttpOnly cookie).
    pub fn to_netscape(&self) -> String {
        let domain = self.domain.as_deref().unwrap_or("unknown");
        let dot = if self.tailmatch && !domain.starts_with('.') {
            "."
        } else {
            ""
        };
        format!(
            "{}{dot}{domain}\t{}\t{}\t{}\t{}\t{}\t{}",
            if self.http_only { "#HttpOnly_" } else { "" },
            bool_column(self.tailmatch),
            self.path.as_deref().unwrap_or("/"),
            bool_column(self.secure),
            self.expires,
            self.name,
            self.value
        )
    }

    /// Whether the cookie is past its expiry at `now` (unix seconds); session cookies never are.
    pub(crate) fn expired_at(&self, now: i64) -> bool {
        self.expires != 0 && self.expires < now
    }
}

pub(crate) fn bool_column(b: bool) -> &'static str {
    if b {
        "TRUE"
    } else {
        "FALSE"
    }
}

impl fmt::Display for Cookie {
    /// The Netscape line, as [`Cookie::to_netscape`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_netscape())
    }
}
