//! Host names as curl's cookie engine compares them: IP detection, tail matching, the public
//! suffix check, and the hash that files cookies into buckets.

use std::net::{Ipv4Addr, Ipv6Addr};

use psl::Psl;

/// Number of buckets curl spreads cookies over; the jar lists them bucket by bucket.
pub(crate) const BUCKETS: usize = 63;

/// Whether `host` is a numeric IPv4 or IPv6 address (curl's `Curl_host_is_ipnum`).
pub(crate) fn is_ip(host: &str) -> bool {
    host.parse::<Ipv4Addr>().is_ok() || host.parse::<Ipv6Addr>().is_ok()
}

/// Whether `host` is `domain` or one of its subdomains, case-insensitively: the domain must
/// end the host on a label boundary (`ample.com` does not match `example.com`).
pub(crate) fn tail_matches(domain: &str, host: &str) -> bool {
    let (d, h) = (domain.as_bytes(), host.as_bytes());
    if h.len() < d.len() || !h[h.len() - d.len()..].eq_ignore_ascii_case(d) {
        return false;
    }
    h.len() == d.len() || h[h.len() - d.len() - 1] == b'.'
}

/// The bucket of a cookie domain or request host: a hash of its last two labels, bucket 0
/// for IP addresses and for cookies without a domain.
///
/// A request only ever looks at its host's bucket, so a domain cookie for a one-label domain
/// (`Domain=localhost`) is not sent to `sub.localhost` unless both hash alike: curl does this.
pub(crate) fn bucket(domain: Option<&str>) -> usize {
    let Some(domain) = domain.filter(|d| !is_ip(d)) else {
        return 0;
    };
    let top = top_domain(domain.as_bytes());
    let mut h: u64 = 5381;
    for &c in top {
        h = h.wrapping_add(h << 5) ^ u64::from(c.to_ascii_uppercase());
    }
    (h % BUCKETS as u64) as usize
}

/// The last two labels of a name (all of it when it has fewer), as curl hashes it.
fn top_domain(d: &[u8]) -> &[u8] {
    let Some(last) = d.iter().rposition(|&c| c == b'.') else {
        return d;
    };
    match d[..last].iter().rposition(|&c| c == b'.') {
        Some(first) => &d[first + 1..],
        None => d,
    }
}

/// Whether a response from `host` may set a cookie for `cookie_domain`, per the Public Suffix
/// List as libpsl's `psl_is_cookie_domain_acceptable` decides (curl builds with libpsl, as
/// Hurl's does): the host itself is always fine; a parent domain must be longer than the
/// host's public suffix (`co.uk`, `github.io` and every bare TLD are refused).
pub(crate) fn domain_acceptable(host: &str, cookie_domain: &str) -> bool {
    // curl gives up (refuses) on names that do not fit its 256-byte buffers.
    if host.len() >= 256 || cookie_domain.len() >= 256 {
        return false;
    }
    let host = host.to_ascii_lowercase();
    let domain = cookie_domain.trim_start_matches('.').to_ascii_lowercase();
    if host == domain {
        return true;
    }
    if is_ip(&host) || domain.len() >= host.len() {
        return false;
    }
    let tail = &host[host.len() - domain.len()..];
    if tail != domain || host.as_bytes()[host.len() - domain.len() - 1] != b'.' {
        return false;
    }
    match psl::List.suffix(host.as_bytes()) {
        Some(suffix) => domain.len() > suffix.as_bytes().len(),
        None => true,
    }
}

#[cfg(test)]
#[path = "tests/host.rs"]
mod tests;
