//! Reading a `Set-Cookie` header the way curl does (`Curl_cookie_add`, header branch).
//!
//! curl is lenient in some places (any text after `Path=`, unparsable dates make session
//! cookies) and strict in others (a TAB or a control byte drops the cookie, `Secure` from an
//! insecure origin drops it). Every rule here was checked against Hurl 8.0.1: see
//! `oracle/results/parse_edges.txt`, `secure.txt`, `expiry.txt` and `dates.txt`.

use super::cookie::Cookie;
use super::date;
use super::error::Rejected;
use super::host;
use super::path;

/// Longest name or value curl reads from one `name=value` pair (bytes).
const MAX_PART: usize = 4095;
/// Longest name plus value curl accepts (bytes).
const MAX_NAME_AND_VALUE: usize = 4096;
/// Longest `Set-Cookie` value curl accepts: its 5000-byte line limit counts the space after
/// the colon and the CRLF too (checked with Hurl: 4997 bytes pass, 4998 do not).
pub(crate) const MAX_HEADER_VALUE: usize = 4997;

/// Where a response came from, for the default domain and path.
#[derive(Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub host: &'a str,
    pub path: &'a str,
}

/// A cookie read from a header or a file line, before the jar's own checks.
pub(crate) struct Parsed {
    pub cookie: Cookie,
    /// The name (or any attribute's name) starts with `__Secure-`.
    pub secure_prefix: bool,
    /// The name (or any attribute's name) starts with `__Host-`.
    pub host_prefix: bool,
}

/// The attributes gathered while scanning the pairs.
#[derive(Default)]
struct Scan {
    name: Option<String>,
    value: String,
    domain: Option<String>,
    tailmatch: bool,
    path: Option<String>,
    max_age: Option<String>,
    expires: Option<String>,
    secure: bool,
    http_only: bool,
    secure_prefix: bool,
    host_prefix: bool,
}

/// Parses one `Set-Cookie` value. `origin` is `None` for a `Set-Cookie:` line of a cookie file
/// (any `Domain` is then accepted, and nothing is defaulted). `secure_origin` tells whether
/// the response came over https or from localhost; `from_file` whether the line comes from a
/// cookie file (where `Secure` is always allowed). `now` is unix seconds, for `Max-Age`.
pub(crate) fn parse(
    line: &str,
    origin: Option<Origin<'_>>,
    secure_origin: bool,
    from_file: bool,
    now: i64,
) -> Result<Parsed, Rejected> {
    // curl works on C strings: a NUL ends the line.
    let line = line.split('\0').next().unwrap_or_default();
    let b = line.as_bytes();
    let mut scan = Scan::default();
    let mut bad: Option<Rejected> = None;
    let mut pos = skip_blanks(b, 0);
    loop {
        let end = b[pos..]
            .iter()
            .position(|&c| c == b';')
            .map_or(b.len(), |i| pos + i);
        if let Some(err) = pair(&b[pos..end], &mut scan, origin, secure_origin, from_file)? {
            bad.get_or_insert(err);
        }
        if end >= b.len() {
            break;
        }
        pos = skip_blanks(b, end + 1);
        if pos >= b.len() {
            // Only blanks after the last ';'.
            break;
        }
    }
    let Some(name) = scan.name.take() else {
        return Err(bad.unwrap_or(Rejected::NoName));
    };
    if let Some(err) = bad {
        return Err(err);
    }
    let expires = expiry(&scan, now);
    let domain = scan.domain.or_else(|| origin.map(|o| o.host.to_string()));
    let cookie_path = scan
        .path
        .or_else(|| origin.and_then(|o| path::default_path(o.path)));
    let spath = cookie_path.as_deref().map(path::sanitize);
    Ok(Parsed {
        cookie: Cookie {
            name,
            value: scan.value,
            domain,
            path: cookie_path,
            spath,
            expires,
            tailmatch: scan.tailmatch,
            secure: scan.secure,
            http_only: scan.http_only,
            live: !from_file,
            creation: 0,
        },
        secure_prefix: scan.secure_prefix,
        host_prefix: scan.host_prefix,
    })
}

/// Reads one `name[=value]` segment (without its `;`). `Err` drops the cookie at once;
/// `Ok(Some(_))` marks it bad but keeps scanning, as curl does for a foreign `Domain`.
fn pair(
    seg: &[u8],
    scan: &mut Scan,
    origin: Option<Origin<'_>>,
    secure_origin: bool,
    from_file: bool,
) -> Result<Option<Rejected>, Rejected> {
    // The name: everything up to '=', TAB, CR or LF (spaces included, trimmed below).
    let name_len = seg
        .iter()
        .take(MAX_PART)
        .take_while(|&&c| !matches!(c, b'\t' | b'\r' | b'\n' | b'='))
        .count();
    if name_len == 0 {
        // Not a pair at all (an empty segment, or one starting with '='): ignored.
        return Ok(None);
    }
    // The value follows '=' after optional whitespace and stops at CR or LF.
    let mut i = name_len;
    while i < seg.len() && is_c_space(seg[i]) {
        i += 1;
    }
    let raw_value: &[u8] = if seg.get(i) == Some(&b'=') {
        let v = &seg[i + 1..];
        let n = v
            .iter()
            .take(MAX_PART)
            .take_while(|&&c| c != b'\r' && c != b'\n')
            .count();
        &v[..n]
    } else {
        &[]
    };
    if name_len >= MAX_PART
        || raw_value.len() >= MAX_PART
        || name_len + raw_value.len() > MAX_NAME_AND_VALUE
    {
        return Err(Rejected::Oversized);
    }
    let has_equals = seg.get(name_len) == Some(&b'=');
    let name = trim_end_blanks(&seg[..name_len]);
    let value = trim_start_blanks(trim_end_blanks(raw_value));
    if value.contains(&b'\t') {
        return Err(Rejected::TabInValue);
    }
    if name.len() > 3 && name.starts_with(b"__") {
        if starts_with_ignore_case(name, b"__Secure-") {
            scan.secure_prefix = true;
        } else if starts_with_ignore_case(name, b"__Host-") {
            scan.host_prefix = true;
        }
    }
    let name_str = String::from_utf8_lossy(name);
    let value_str = String::from_utf8_lossy(value);
    if scan.name.is_none() {
        // The first pair is the cookie itself.
        if !has_equals {
            return Err(Rejected::NoName);
        }
        if invalid_octets(value) || invalid_octets(name) {
            return Err(Rejected::InvalidOctets);
        }
        scan.name = Some(name_str.into_owned());
        scan.value = value_str.into_owned();
        return Ok(None);
    }
    if value.is_empty() {
        // `Secure` and `HttpOnly`, also written `Secure=`; other names go on only with '='.
        if name_str.eq_ignore_ascii_case("secure") {
            if secure_origin || from_file {
                scan.secure = true;
                return Ok(None);
            }
            return Err(Rejected::SecureFromInsecureOrigin);
        }
        if name_str.eq_ignore_ascii_case("httponly") {
            scan.http_only = true;
            return Ok(None);
        }
        if !has_equals {
            return Ok(None);
        }
    }
    let value = value_str.into_owned();
    if name_str.eq_ignore_ascii_case("path") {
        scan.path = Some(value);
    } else if name_str.eq_ignore_ascii_case("domain") && !value.is_empty() {
        return Ok(domain(value, scan, origin));
    } else if name_str.eq_ignore_ascii_case("max-age") {
        scan.max_age = Some(value);
    } else if name_str.eq_ignore_ascii_case("expires") {
        scan.expires = Some(value);
    }
    // `Version`, `SameSite` and unknown attributes do not change what curl stores.
    Ok(None)
}

/// The `Domain` attribute: one leading dot ignored; it must be the host or a parent of it
/// (for an IP address, the address itself, and then the cookie stays host-only).
fn domain(value: String, scan: &mut Scan, origin: Option<Origin<'_>>) -> Option<Rejected> {
    let v = value.strip_prefix('.').unwrap_or(&value).to_string();
    let Some(origin) = origin else {
        // A cookie file line may name any domain.
        scan.tailmatch = !host::is_ip(&v);
        scan.domain = Some(v);
        return None;
    };
    let ip = host::is_ip(origin.host);
    if (ip && v == origin.host) || (!ip && host::tail_matches(&v, origin.host)) {
        if !ip {
            scan.tailmatch = true;
        }
        scan.domain = Some(v);
        None
    } else {
        Some(Rejected::DomainMismatch(v))
    }
}

/// The expiry curl records: `Max-Age` wins over `Expires`; 0 is a session cookie, 1 deleted.
fn expiry(scan: &Scan, now: i64) -> i64 {
    if let Some(max_age) = &scan.max_age {
        let digits = max_age.strip_prefix('"').unwrap_or(max_age);
        return match parse_offset(digits) {
            Offset::Overflow => i64::MAX,
            // Negative or not a number: the cookie is deleted.
            Offset::Invalid | Offset::Value(0) => 1,
            Offset::Value(v) if i64::MAX - now < v => i64::MAX,
            Offset::Value(v) => v + now,
        };
    }
    match scan.expires.as_deref().map(date::parse_expires) {
        None | Some(None) => 0,
        Some(Some(0)) => 1,
        // Dates before 1970 make session cookies in curl.
        Some(Some(t)) if t < 0 => 0,
        Some(Some(t)) => t,
    }
}

/// Outcome of curl's `curlx_strtoofft`.
pub(crate) enum Offset {
    Value(i64),
    Invalid,
    Overflow,
}

/// A non-negative decimal number as `curlx_strtoofft` reads it: blanks skipped, `-` refused,
/// an optional `+`, then digits; anything after the digits is ignored.
pub(crate) fn parse_offset(s: &str) -> Offset {
    let s = s.trim_start_matches([' ', '\t']);
    if s.as_bytes()
        .first()
        .is_some_and(|&c| c == b'-' || is_c_space(c))
    {
        return Offset::Invalid;
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Offset::Invalid;
    }
    match s[..digits].parse::<i64>() {
        Ok(v) => Offset::Value(v),
        Err(_) => Offset::Overflow,
    }
}

/// C's `isspace`.
fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// curl's `ISBLANK`: space or TAB.
fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

pub(crate) fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_blank(b[i]) {
        i += 1;
    }
    i
}

fn trim_end_blanks(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., last] = s {
        if !is_blank(*last) {
            break;
        }
        s = rest;
    }
    s
}

fn trim_start_blanks(s: &[u8]) -> &[u8] {
    &s[skip_blanks(s, 0)..]
}

pub(crate) fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Control bytes (but TAB) and DEL, which curl refuses in a cookie's name and value.
fn invalid_octets(s: &[u8]) -> bool {
    s.iter()
        .any(|&c| (c < 0x20 && c != b'\t' && c != 0) || c == 0x7f)
}

#[cfg(test)]
#[path = "tests/set_cookie.rs"]
mod tests;
