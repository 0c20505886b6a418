//! `--resolve` and `--connect-to`, parsed and applied as curl does.
//!
//! - `--resolve [+]HOST:PORT:ADDR[,ADDR]…` pins the addresses of `HOST:PORT` (`*` as HOST
//!   matches any host, tried after the specific entries; IPv6 addresses may be bracketed; `+`
//!   only marks the entry as expiring after curl's cache timeout; `-HOST:PORT` removes an entry).
//! - `--connect-to HOST1:PORT1:HOST2:PORT2` sends connections for `HOST1:PORT1` to
//!   `HOST2:PORT2` (empty HOST1/PORT1 match any; empty HOST2/PORT2 keep the request's); the
//!   first entry that changes something wins.
//!
//! [`HostOverrides::target`] applies both: connect-to first, then the resolve entries for the
//! resulting host and port.

use std::net::IpAddr;

/// An error in a `--resolve` or `--connect-to` value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostsError {
    /// A `--resolve` value that is not `[+]HOST:PORT:ADDR[,ADDR]…` or `-HOST:PORT`.
    #[error("Couldn't parse CURLOPT_RESOLVE entry '{0}'")]
    Resolve(String),
    /// A `--connect-to` value that is not `HOST1:PORT1:HOST2:PORT2`.
    #[error("Invalid --connect-to value '{0}'")]
    ConnectTo(String),
}

/// One `--resolve` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveEntry {
    /// The host name (lower case), `None` for the `*` wildcard.
    pub host: Option<String>,
    /// The port.
    pub port: u16,
    /// The addresses, in order.
    pub addrs: Vec<IpAddr>,
    /// `+` prefix: curl lets the entry expire with its DNS cache (60 s).
    pub transient: bool,
}

/// A parsed `--resolve` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveOp {
    /// Add (or replace) an entry.
    Add(ResolveEntry),
    /// `-HOST:PORT`: remove the entry.
    Remove {
        /// The host (lower case), `None` for `*`.
        host: Option<String>,
        /// The port.
        port: u16,
    },
}

impl ResolveOp {
    /// Parses one `--resolve` value.
    pub fn parse(value: &str) -> Result<Self, HostsError> {
        let err = || HostsError::Resolve(value.to_string());
        if let Some(rest) = value.strip_prefix('-') {
            let (host, port) = rest.split_once(':').ok_or_else(err)?;
            let port = port.parse::<u16>().map_err(|_| err())?;
            return Ok(ResolveOp::Remove {
                host: host_key(host),
                port,
            });
        }
        let (transient, rest) = match value.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, value),
        };
        let mut parts = rest.splitn(3, ':');
        let host = parts.next().filter(|h| !h.is_empty()).ok_or_else(err)?;
        let port = parts
            .next()
            .and_then(|p| p.parse::<u16>().ok())
            .ok_or_else(err)?;
        let addrs = parts
            .next()
            .ok_or_else(err)?
            .split(',')
            .map(|a| {
                let a = a.trim();
                let a = a
                    .strip_prefix('[')
                    .and_then(|a| a.strip_suffix(']'))
                    .unwrap_or(a);
                a.parse::<IpAddr>().map_err(|_| err())
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ResolveOp::Add(ResolveEntry {
            host: host_key(host),
            port,
            addrs,
            transient,
        }))
    }
}

fn host_key(host: &str) -> Option<String> {
    (host != "*").then(|| host.to_ascii_lowercase())
}

/// One `--connect-to` entry; `None` parts are the empty ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectTo {
    /// HOST1, `None` to match any host.
    pub from_host: Option<String>,
    /// PORT1, `None` to match any port.
    pub from_port: Option<u16>,
    /// HOST2, `None` to keep the request's host.
    pub to_host: Option<String>,
    /// PORT2, `None` to keep the request's port.
    pub to_port: Option<u16>,
}

impl ConnectTo {
    /// Parses one `--connect-to` value (IPv6 hosts in brackets).
    pub fn parse(value: &str) -> Result<Self, HostsError> {
        let err = || HostsError::ConnectTo(value.to_string());
        let (from_host, rest) = split_host(value).ok_or_else(err)?;
        let rest = rest.strip_prefix(':').ok_or_else(err)?;
        let (from_port, rest) = rest.split_once(':').ok_or_else(err)?;
        let (to_host, to_port) = split_host(rest).ok_or_else(err)?;
        let to_port = match to_port {
            "" => "",
            p => p.strip_prefix(':').ok_or_else(err)?,
        };
        let port = |p: &str| -> Result<Option<u16>, HostsError> {
            match p {
                "" => Ok(None),
                p => p.parse::<u16>().map(Some).map_err(|_| err()),
            }
        };
        let host = |h: &str| (!h.is_empty()).then(|| h.to_string());
        Ok(ConnectTo {
            from_host: host(from_host),
            from_port: port(from_port)?,
            to_host: host(to_host),
            to_port: port(to_port)?,
        })
    }

    fn matches(&self, host: &str, port: u16) -> bool {
        let host_ok = self
            .from_host
            .as_deref()
            .is_none_or(|h| unbracket(h).eq_ignore_ascii_case(unbracket(host)));
        host_ok && self.from_port.is_none_or(|p| p == port)
    }
}

/// Splits a leading host (bracketed IPv6 kept whole) from the rest, which starts with ':' or
/// is empty.
fn split_host(s: &str) -> Option<(&str, &str)> {
    if s.starts_with('[') {
        let end = s.find(']')? + 1;
        Some(s.split_at(end))
    } else {
        let end = s.find(':').unwrap_or(s.len());
        Some(s.split_at(end))
    }
}

fn unbracket(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// Where a request to `host:port` connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectTarget {
    /// Host to connect to (IPv6 without brackets).
    pub host: String,
    /// Port to connect to.
    pub port: u16,
    /// Pinned addresses from `--resolve`; empty means resolve `host` normally.
    pub addrs: Vec<IpAddr>,
}

/// The `--resolve` and `--connect-to` options of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostOverrides {
    resolves: Vec<ResolveEntry>,
    connects: Vec<ConnectTo>,
}

impl HostOverrides {
    /// Parses the options, in the order given (later `--resolve` entries replace earlier ones).
    pub fn new<S: AsRef<str>>(resolves: &[S], connects_to: &[S]) -> Result<Self, HostsError> {
        let mut overrides = HostOverrides::default();
        for value in resolves {
            match ResolveOp::parse(value.as_ref())? {
                ResolveOp::Add(entry) => {
                    overrides
                        .resolves
                        .retain(|e| !(e.host == entry.host && e.port == entry.port));
                    overrides.resolves.push(entry);
                }
                ResolveOp::Remove { host, port } => {
                    overrides
                        .resolves
                        .retain(|e| !(e.host == host && e.port == port));
                }
            }
        }
        for value in connects_to {
            overrides.connects.push(ConnectTo::parse(value.as_ref())?);
        }
        Ok(overrides)
    }

    /// The `--resolve` addresses for `host:port`: a specific entry, else a `*` one.
    pub fn resolve(&self, host: &str, port: u16) -> Option<&[IpAddr]> {
        let host = unbracket(host).to_ascii_lowercase();
        let specific = self
            .resolves
            .iter()
            .find(|e| e.port == port && e.host.as_deref() == Some(host.as_str()));
        specific
            .or_else(|| {
                self.resolves
                    .iter()
                    .find(|e| e.port == port && e.host.is_none())
            })
            .map(|e| e.addrs.as_slice())
    }

    /// Where a request to `host:port` (the URL's host and effective port) connects.
    pub fn target(&self, host: &str, port: u16) -> ConnectTarget {
        let mut to_host = unbracket(host).to_string();
        let mut to_port = port;
        let first = self
            .connects
            .iter()
            .find(|c| c.matches(host, port) && (c.to_host.is_some() || c.to_port.is_some()));
        if let Some(c) = first {
            if let Some(h) = &c.to_host {
                to_host = unbracket(h).to_string();
            }
            if let Some(p) = c.to_port {
                to_port = p;
            }
        }
        let addrs = self
            .resolve(&to_host, to_port)
            .map(<[IpAddr]>::to_vec)
            .unwrap_or_default();
        ConnectTarget {
            host: to_host,
            port: to_port,
            addrs,
        }
    }
}

#[cfg(test)]
#[path = "hosts_tests.rs"]
mod tests;
