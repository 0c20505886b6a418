//! Proxy selection as curl does it: `--proxy`, `--noproxy`, and the environment
//! (`<scheme>_proxy` lower case, `HTTPS_PROXY` but never `HTTP_PROXY`, `all_proxy`/`ALL_PROXY`,
//! `no_proxy`/`NO_PROXY`).
//!
//! The transport speaks to `http://` proxies (plain requests in absolute form, CONNECT
//! tunnels for HTTPS); other schemes parse, so that the error can name them.

use std::net::{Ipv4Addr, Ipv6Addr};

/// An error in a proxy option or variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxyError {
    /// The scheme is not one curl knows (`http`, `https`, `socks4`, `socks4a`, `socks5`,
    /// `socks5h`, `socks`).
    #[error("Unsupported proxy scheme for '{0}'")]
    UnsupportedScheme(String),
    /// No host, a bad port or a bad IPv6 literal.
    #[error("Unsupported proxy syntax in '{0}'")]
    Syntax(String),
}

/// The proxy protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyScheme {
    /// `http://` (the default): HTTP proxy.
    Http,
    /// `https://`: HTTP proxy reached over TLS.
    Https,
    /// `socks4://` and `socks://` (curl maps `socks` to SOCKS4): the client resolves names.
    Socks4,
    /// `socks4a://`: the proxy resolves names.
    Socks4a,
    /// `socks5://`: the client resolves names.
    Socks5,
    /// `socks5h://`: the proxy resolves names.
    Socks5h,
}

/// A parsed proxy.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyConfig {
    /// The protocol.
    pub scheme: ProxyScheme,
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    /// Port; curl's default is 1080, or 443 for `https://`.
    pub port: u16,
    /// Percent-decoded user name.
    pub username: Option<String>,
    /// Percent-decoded password (empty when only a user name is given).
    pub password: Option<String>,
}

impl std::fmt::Debug for ProxyConfig {
    // The password stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("scheme", &self.scheme)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

impl ProxyConfig {
    /// Parses `[protocol://][user[:password]@]host[:port][/…]` as curl does.
    pub fn parse(value: &str) -> Result<Self, ProxyError> {
        let syntax = || ProxyError::Syntax(value.to_string());
        let (scheme, rest) = match value.split_once("://") {
            Some((scheme, rest)) => (parse_scheme(scheme, value)?, rest),
            None => (ProxyScheme::Http, value),
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
            let (host, after) = bracketed.split_once(']').ok_or_else(syntax)?;
            host.parse::<Ipv6Addr>().map_err(|_| syntax())?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(syntax)?),
            };
            (host, port)
        } else {
            match hostport.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (hostport, None),
            }
        };
        if host.is_empty() {
            return Err(syntax());
        }
        let default_port = if scheme == ProxyScheme::Https {
            443
        } else {
            1080
        };
        let port = match port {
            None | Some("") => default_port,
            Some(p) => p.parse::<u16>().map_err(|_| syntax())?,
        };
        let (username, password) = match userinfo {
            None => (None, None),
            Some(info) => {
                let (user, password) = info.split_once(':').unwrap_or((info, ""));
                (Some(percent_decode(user)), Some(percent_decode(password)))
            }
        };
        Ok(ProxyConfig {
            scheme,
            host: percent_decode(host),
            port,
            username,
            password,
        })
    }
}

fn parse_scheme(scheme: &str, value: &str) -> Result<ProxyScheme, ProxyError> {
    match scheme.to_ascii_lowercase().as_str() {
        "http" => Ok(ProxyScheme::Http),
        "https" => Ok(ProxyScheme::Https),
        "socks4" | "socks" => Ok(ProxyScheme::Socks4),
        "socks4a" => Ok(ProxyScheme::Socks4a),
        "socks5" => Ok(ProxyScheme::Socks5),
        "socks5h" => Ok(ProxyScheme::Socks5h),
        _ => Err(ProxyError::UnsupportedScheme(value.to_string())),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The proxy-related options of a run (`--proxy`, `--noproxy`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ProxyOptions<'a> {
    /// `--proxy`; an empty value disables proxies, the environment's included.
    pub proxy: Option<&'a str>,
    /// `--noproxy`; overrides `no_proxy`/`NO_PROXY`.
    pub no_proxy: Option<&'a str>,
}

/// The proxy for a request to `scheme://host`, or `None` to connect directly.
///
/// `env` reads an environment variable (inject `|k| std::env::var(k).ok()`); `host` is the URL
/// host (IPv6 with or without brackets).
pub fn select_proxy(
    scheme: &str,
    host: &str,
    options: &ProxyOptions<'_>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ProxyConfig>, ProxyError> {
    let env_no_proxy;
    let no_proxy = match options.no_proxy {
        Some(list) => Some(list),
        None => {
            env_no_proxy = env("no_proxy").or_else(|| env("NO_PROXY"));
            env_no_proxy.as_deref()
        }
    };
    if no_proxy.is_some_and(|list| no_proxy_matches(host, list)) {
        return Ok(None);
    }
    let value = match options.proxy {
        Some(explicit) => Some(explicit.to_string()),
        None => proxy_from_env(scheme, env),
    };
    match value {
        Some(v) if !v.is_empty() => ProxyConfig::parse(&v).map(Some),
        _ => Ok(None),
    }
}

/// `<scheme>_proxy`, its upper-case form except for `http` (CGI's `HTTP_PROXY` header issue),
/// then `all_proxy` and `ALL_PROXY`. A variable set to "" stops the search.
fn proxy_from_env(scheme: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let lower = format!("{}_proxy", scheme.to_ascii_lowercase());
    let mut found = env(&lower);
    if found.is_none() && lower != "http_proxy" {
        found = env(&lower.to_ascii_uppercase());
    }
    found
        .or_else(|| env("all_proxy"))
        .or_else(|| env("ALL_PROXY"))
}

/// Whether `host` is excluded by a no-proxy list, by curl's rules: `*` alone matches all;
/// otherwise comma-separated names matching exactly or as a domain suffix (a leading or
/// trailing dot is ignored), case-insensitively; for an IP address host, addresses and CIDR
/// ranges (`10.0.0.0/8`, `fe80::/10`). Ports are not supported. A blank inside an entry ends
/// the list, as in curl.
pub fn no_proxy_matches(host: &str, list: &str) -> bool {
    if host.is_empty() || list.is_empty() {
        return false;
    }
    if list == "*" {
        return true;
    }
    enum Host<'a> {
        Name(&'a str),
        V4(Ipv4Addr),
        V6(Ipv6Addr),
    }
    let unbracketed = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let host = if let Ok(v4) = unbracketed.parse::<Ipv4Addr>() {
        Host::V4(v4)
    } else if let Ok(v6) = unbracketed.parse::<Ipv6Addr>() {
        Host::V6(v6)
    } else {
        Host::Name(host.strip_suffix('.').unwrap_or(host))
    };

    let mut rest = list;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let end = rest.find([' ', '\t', ',']).unwrap_or(rest.len());
        let token = &rest[..end];
        rest = &rest[end..];
        if !token.is_empty() {
            let matched = match host {
                Host::Name(name) => {
                    let token = token.strip_suffix('.').unwrap_or(token);
                    let token = token.strip_prefix('.').unwrap_or(token);
                    name.eq_ignore_ascii_case(token)
                        || (name.len() > token.len()
                            && name.as_bytes()[name.len() - token.len() - 1] == b'.'
                            && name[name.len() - token.len()..].eq_ignore_ascii_case(token))
                }
                Host::V4(ip) => cidr_match(token, |net: Ipv4Addr, bits| {
                    let bits = bits.unwrap_or(32);
                    bits <= 32 && prefix_eq(&ip.octets(), &net.octets(), bits)
                }),
                Host::V6(ip) => cidr_match(token, |net: Ipv6Addr, bits| {
                    let bits = bits.unwrap_or(128);
                    bits <= 128 && prefix_eq(&ip.octets(), &net.octets(), bits)
                }),
            };
            if matched {
                return true;
            }
        }
        rest = rest.trim_start_matches([' ', '\t']);
        if !rest.starts_with(',') {
            return false;
        }
        rest = rest.trim_start_matches(',');
    }
}

/// Parses `addr[/bits]` (bits read like C's `atoi`; 0 or none means the whole address).
fn cidr_match<A: std::str::FromStr>(token: &str, test: impl Fn(A, Option<u32>) -> bool) -> bool {
    let (addr, bits) = match token.split_once('/') {
        Some((addr, bits)) => {
            let digits: String = bits.chars().take_while(char::is_ascii_digit).collect();
            let bits = digits.parse::<u32>().unwrap_or(0);
            (addr, (bits != 0).then_some(bits))
        }
        None => (token, None),
    };
    addr.parse::<A>().is_ok_and(|net| test(net, bits))
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u32) -> bool {
    let full = (bits / 8) as usize;
    let rest = bits % 8;
    if a[..full] != b[..full] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    (a[full] & mask) == (b[full] & mask)
}

#[cfg(test)]
#[path = "proxy_tests.rs"]
mod tests;
