//! A connection's network settings: the proxy it is reached through, the CA it is verified
//! against, the client certificate it wants (mTLS), a pinned key. They apply to the
//! connection's requests and to its token requests alike.

use std::path::PathBuf;

use super::error::ConnectionError;
use crate::http::request::{check_net_values, TransportOptions};

/// The keys of every connection type that set its network settings.
pub const NETWORK_KEYS: [&str; 6] = ["proxy", "cacert", "cert", "key", "pinnedpubkey", "insecure"];

/// What a connection declares about the network; `None` keeps the run's setting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConnectionNetwork {
    /// `proxy: [http://][user:password@]host[:port]` (`""`: none).
    pub proxy: Option<String>,
    /// `cacert: FILE`.
    pub cacert: Option<PathBuf>,
    /// `cert: FILE`.
    pub cert: Option<PathBuf>,
    /// `key: FILE`.
    pub key: Option<PathBuf>,
    /// `pinnedpubkey: sha256//…`.
    pub pinned_pub_key: Option<String>,
    /// `insecure: true|false`.
    pub insecure: Option<bool>,
}

impl ConnectionNetwork {
    /// Reads the network keys among a connection's rendered values.
    pub fn from_values(values: &[(String, String)]) -> Result<Self, ConnectionError> {
        let get = |key: &str| {
            values
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim().to_string())
        };
        let insecure = match get("insecure").as_deref() {
            None => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(other) => {
                return Err(ConnectionError::Invalid(format!(
                    "insecure: expecting true or false, got '{other}'"
                )))
            }
        };
        let network = ConnectionNetwork {
            proxy: get("proxy"),
            cacert: get("cacert").map(PathBuf::from),
            cert: get("cert").map(PathBuf::from),
            key: get("key").map(PathBuf::from),
            pinned_pub_key: get("pinnedpubkey"),
            insecure,
        };
        check_net_values(&network.apply(&TransportOptions::default()).net)
            .map_err(ConnectionError::Invalid)?;
        Ok(network)
    }

    /// `options` with the connection's settings over the run's.
    pub fn apply(&self, options: &TransportOptions) -> TransportOptions {
        let mut out = options.clone();
        if let Some(proxy) = &self.proxy {
            out.net.proxy = Some(proxy.clone());
        }
        if let Some(file) = &self.cacert {
            out.net.cacert = Some(file.clone());
        }
        if let Some(file) = &self.cert {
            out.net.cert = Some(file.clone());
        }
        if let Some(file) = &self.key {
            out.net.key = Some(file.clone());
        }
        if let Some(pin) = &self.pinned_pub_key {
            out.net.pinned_pub_key = Some(pin.clone());
        }
        if let Some(insecure) = self.insecure {
            out.insecure = insecure;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_keys_override_the_run() {
        let values = [
            ("proxy".to_string(), "http://127.0.0.1:3128".to_string()),
            ("cert".to_string(), "client.pem".to_string()),
            ("insecure".to_string(), "true".to_string()),
        ];
        let net = ConnectionNetwork::from_values(&values).unwrap();
        let applied = net.apply(&TransportOptions::default());
        assert_eq!(applied.net.proxy.as_deref(), Some("http://127.0.0.1:3128"));
        assert_eq!(applied.net.cert, Some(PathBuf::from("client.pem")));
        assert!(applied.insecure);
        assert_eq!(
            ConnectionNetwork::default().apply(&TransportOptions::default()),
            TransportOptions::default()
        );
        let bad = [("insecure".to_string(), "yes".to_string())];
        assert!(ConnectionNetwork::from_values(&bad).is_err());
        let bad_proxy = [("proxy".to_string(), "socks9://x".to_string())];
        assert!(ConnectionNetwork::from_values(&bad_proxy).is_err());
    }
}
