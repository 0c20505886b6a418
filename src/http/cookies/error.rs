//! Why a cookie was not stored, and the errors of the module's inputs.

use thiserror::Error;

/// Why the jar did not store a cookie. curl drops such cookies silently (Hurl shows nothing);
/// the reason is for debug output.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Rejected {
    /// The response already set 50 cookies (curl's limit per response).
    #[error("more than 50 cookies in one response")]
    TooMany,
    /// The `Set-Cookie` value is longer than curl's line limit.
    #[error("Set-Cookie line too long")]
    LineTooLong,
    /// A name or value of 4095 bytes or more, or both together over 4096.
    #[error("oversized cookie name or value")]
    Oversized,
    /// A TAB inside a value.
    #[error("cookie contains TAB")]
    TabInValue,
    /// No `name=value` pair first.
    #[error("no cookie name")]
    NoName,
    /// A control byte or DEL in the name or value.
    #[error("invalid octets in name/value")]
    InvalidOctets,
    /// `Secure` on a response that came over plain http from a host other than localhost.
    #[error("Secure cookie from an insecure origin")]
    SecureFromInsecureOrigin,
    /// A `Domain` the request host is not part of.
    #[error("bad tailmatch domain: {0}")]
    DomainMismatch(String),
    /// A `Domain` that is a public suffix for the request host (`co.uk`, `localhost` from
    /// `sub.localhost`).
    #[error("domain must not set cookies for public suffix '{0}'")]
    PublicSuffix(String),
    /// A `__Secure-` cookie without `Secure`.
    #[error("__Secure- prefix without Secure")]
    SecurePrefix,
    /// A `__Host-` cookie without `Secure`, with a `Domain`, or with a path other than `/`.
    #[error("__Host- prefix without Secure, with a Domain or a path other than /")]
    HostPrefix,
    /// A non-secure cookie over plain http would overlay a secure cookie of the same name.
    #[error("would overlay an existing secure cookie")]
    OverlaysSecure,
    /// A cookie file line for a cookie the server has set since: the live one is kept.
    #[error("a cookie set by the server takes precedence")]
    ShadowedByLive,
    /// A cookie file comment.
    #[error("comment line")]
    Comment,
    /// A cookie file line without the 6 or 7 tab-separated fields.
    #[error("not a Netscape cookie line")]
    NetscapeFields,
    /// A cookie file line whose expiry is not a non-negative number.
    #[error("bad expiry in Netscape cookie line")]
    NetscapeExpires,
}

/// A Netscape cookie line Hurl's parser refuses (a `@cookie_storage_set` value, or a cookie
/// Hurl leaves out of its jar file).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NetscapeError {
    /// A field is missing (the line has fewer than 6 fields).
    #[error("missing {0}")]
    MissingField(&'static str),
    /// A flag column is not `TRUE` or `FALSE` (case matters).
    #[error("{0} must be TRUE or FALSE, not '{1}'")]
    BadFlag(&'static str, String),
    /// The expiry is not a non-negative integer.
    #[error("expiry must be a non-negative integer, not '{0}'")]
    BadExpiry(String),
}

/// Why `@cookie_storage_set` stored nothing.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum StorageSetError {
    /// Hurl's parser refuses the line: Hurl warns "Cookie string can not be parsed: '...'".
    #[error("cookie string can not be parsed: {0}")]
    Syntax(#[from] NetscapeError),
    /// The line parses, but curl does not store it (Hurl says nothing).
    #[error("cookie not stored: {0}")]
    Rejected(#[from] Rejected),
}

/// A URL the cookie engine cannot work with.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TargetError {
    /// Cookies go with http and https (and ws/wss) URLs only.
    #[error("no cookies for scheme '{0}'")]
    Scheme(String),
    /// The URL has no host.
    #[error("URL has no host")]
    NoHost,
}

/// The `Expires` attribute of a response cookie is not a date Hurl reads.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("could not parse Cookie Expires attribute value <{0}>")]
pub struct ExpiresError(pub String);
