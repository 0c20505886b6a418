//! Where a request goes: the connection's route (direct, `resolve`/`connect-to`, an HTTP
//! proxy from `proxy` or the environment, a Unix socket), the TLS settings, and the request
//! target as it is written on the request line.

use std::sync::OnceLock;

use url::Url;

use super::net::hosts::HostOverrides;
use super::net::proxy::{select_proxy, ProxyOptions, ProxyScheme};
use super::request::TransportOptions;
use super::response::{TransportError, TransportErrorKind};
use super::wire::{Endpoint, Route, TlsSettings};

/// A request's way to its server.
pub(super) struct Routed {
    /// Where the wire connects.
    pub endpoint: Endpoint,
    /// The request line's target: `/path?query`, or the absolute URL through a proxy.
    pub target: String,
    /// Through an HTTP proxy, for a plain HTTP request (the head says so).
    pub via_proxy: bool,
    /// `Proxy-Authorization` for that proxy's plain HTTP requests.
    pub proxy_authorization: Option<String>,
}

fn error(kind: TransportErrorKind, message: String) -> TransportError {
    TransportError::new(kind, message)
}

/// The path of a URL as written, `.` and `..` segments kept (`path-as-is`): from the first
/// `/` after the authority up to the query or fragment.
pub(super) fn raw_path(text: &str) -> Option<&str> {
    let after_scheme = &text[text.find("://")? + 3..];
    let start = after_scheme.find(['/', '?', '#'])?;
    let rest = &after_scheme[start..];
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let path = &rest[..end];
    (!path.is_empty()).then_some(path)
}

/// A proxy variable of the environment. The usual ones are read once per process: the
/// environment does not change during a run, and each read takes a lock and scans it.
fn proxy_env(name: &str) -> Option<String> {
    const NAMES: [&str; 7] = [
        "http_proxy",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
    ];
    static VALUES: OnceLock<Vec<Option<String>>> = OnceLock::new();
    let Some(at) = NAMES.iter().position(|n| *n == name) else {
        return std::env::var(name).ok();
    };
    VALUES.get_or_init(|| NAMES.iter().map(|n| std::env::var(n).ok()).collect())[at].clone()
}

/// The route of a request to `url` (`raw_path`: the path to send as written, for
/// `path-as-is`), by the options' network settings and the environment's proxies.
pub(super) fn route(
    url: &Url,
    raw_path: Option<&str>,
    options: &TransportOptions,
) -> Result<Routed, TransportError> {
    let net = &options.net;
    let host = url.host_str().unwrap_or("").trim_matches(['[', ']']);
    let port = url.port_or_known_default().unwrap_or(80);
    let tls = url.scheme() == "https";
    let mut target = raw_path.unwrap_or(url.path()).to_string();
    if let Some(query) = url.query() {
        target.push('?');
        target.push_str(query);
    }
    let tls_settings = TlsSettings {
        insecure: options.insecure,
        cacert: net.cacert.clone(),
        cert: net.cert.clone(),
        key: net.key.clone(),
        pinned_pub_key: net.pinned_pub_key.clone(),
    };
    let endpoint = |route| Endpoint {
        tls,
        host: host.to_string(),
        port,
        tls_settings: tls_settings.clone(),
        route,
    };
    if let Some(path) = &net.unix_socket {
        return Ok(Routed {
            endpoint: endpoint(Route::Unix(path.clone())),
            target,
            via_proxy: false,
            proxy_authorization: None,
        });
    }
    let proxy_options = ProxyOptions {
        proxy: net.proxy.as_deref(),
        no_proxy: net.no_proxy.as_deref(),
    };
    let proxy = select_proxy(url.scheme(), host, &proxy_options, &proxy_env)
        .map_err(|e| error(TransportErrorKind::InvalidUrl, format!("proxy: {e}")))?;
    if let Some(proxy) = proxy {
        if proxy.scheme != ProxyScheme::Http {
            return Err(error(
                TransportErrorKind::Connect,
                format!(
                    "proxy {}:{}: only http:// proxies are supported (plain requests and CONNECT tunnels)",
                    proxy.host, proxy.port
                ),
            ));
        }
        let authorization = proxy.username.as_ref().map(|user| {
            use base64::Engine as _;
            let pair = format!("{user}:{}", proxy.password.as_deref().unwrap_or(""));
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        });
        let mut absolute = url.clone();
        absolute.set_fragment(None);
        let via_proxy = !tls;
        let target = if via_proxy {
            match raw_path {
                Some(path) => {
                    let origin = absolute.origin().ascii_serialization();
                    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
                    format!("{origin}{path}{query}")
                }
                None => absolute.to_string(),
            }
        } else {
            target
        };
        return Ok(Routed {
            endpoint: endpoint(Route::Proxy {
                host: proxy.host,
                port: proxy.port,
                authorization: authorization.clone(),
                ip: net.ip,
            }),
            target,
            via_proxy,
            proxy_authorization: authorization.filter(|_| via_proxy),
        });
    }
    let overrides = HostOverrides::new(&net.resolve, &net.connect_to)
        .map_err(|e| error(TransportErrorKind::InvalidUrl, e.to_string()))?;
    let to = overrides.target(host, port);
    Ok(Routed {
        endpoint: endpoint(Route::Direct {
            host: to.host,
            port: to.port,
            addrs: to.addrs,
            ip: net.ip,
        }),
        target,
        via_proxy: false,
        proxy_authorization: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::NetOptions;

    fn routed(url: &str, net: NetOptions) -> Routed {
        let options = TransportOptions {
            net,
            ..TransportOptions::default()
        };
        let raw = options.net.path_as_is.then(|| raw_path(url)).flatten();
        route(&Url::parse(url).unwrap(), raw, &options).unwrap()
    }

    #[test]
    fn raw_paths_keep_dot_segments() {
        assert_eq!(raw_path("http://h/a/../b?x#f"), Some("/a/../b"));
        assert_eq!(raw_path("http://h:8/./c"), Some("/./c"));
        assert_eq!(raw_path("http://h?x"), None);
        assert_eq!(raw_path("http://h"), None);
    }

    #[test]
    fn direct_resolve_connect_to_and_unix_routes() {
        let net = NetOptions {
            resolve: vec!["api.test:80:127.0.0.2".into()],
            connect_to: vec!["other.test:80:api.test:80".into()],
            proxy: Some(String::new()),
            ..NetOptions::default()
        };
        let r = routed("http://other.test/x?q=1", net.clone());
        assert_eq!(r.target, "/x?q=1");
        assert_eq!(
            r.endpoint.route,
            Route::Direct {
                host: "api.test".into(),
                port: 80,
                addrs: vec!["127.0.0.2".parse().unwrap()],
                ip: Default::default(),
            }
        );
        let unix = NetOptions {
            unix_socket: Some("/tmp/s.sock".into()),
            ..net
        };
        assert_eq!(
            routed("http://h/", unix).endpoint.route,
            Route::Unix("/tmp/s.sock".into())
        );
    }

    #[test]
    fn http_proxies_get_absolute_targets_and_https_a_tunnel() {
        let net = NetOptions {
            proxy: Some("http://bob:pw@127.0.0.1:3128".into()),
            path_as_is: true,
            ..NetOptions::default()
        };
        let plain = routed("http://example.test:8080/a/../p?q=1", net.clone());
        assert_eq!(plain.target, "http://example.test:8080/a/../p?q=1");
        assert!(plain.via_proxy);
        assert_eq!(plain.proxy_authorization.as_deref(), Some("Basic Ym9iOnB3"));
        let secure = routed("https://secure.test/s", net);
        assert_eq!(secure.target, "/s");
        assert!(!secure.via_proxy && secure.proxy_authorization.is_none());
        assert!(matches!(
            secure.endpoint.route,
            Route::Proxy {
                port: 3128,
                authorization: Some(_),
                ..
            }
        ));
    }
}
