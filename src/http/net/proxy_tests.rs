use super::*;

fn cfg(
    scheme: ProxyScheme,
    host: &str,
    port: u16,
    user: Option<&str>,
    pass: Option<&str>,
) -> ProxyConfig {
    ProxyConfig {
        scheme,
        host: host.to_string(),
        port,
        username: user.map(str::to_string),
        password: pass.map(str::to_string),
    }
}

#[test]
fn proxy_strings() {
    use ProxyScheme::*;
    let cases = [
        (
            "proxy.local",
            Ok(cfg(Http, "proxy.local", 1080, None, None)),
        ),
        (
            "proxy.local:3128",
            Ok(cfg(Http, "proxy.local", 3128, None, None)),
        ),
        (
            "http://proxy.local:8080/",
            Ok(cfg(Http, "proxy.local", 8080, None, None)),
        ),
        (
            "HTTPS://proxy.local",
            Ok(cfg(Https, "proxy.local", 443, None, None)),
        ),
        ("socks://s:9050", Ok(cfg(Socks4, "s", 9050, None, None))),
        ("socks4a://s", Ok(cfg(Socks4a, "s", 1080, None, None))),
        (
            "socks5://u@s",
            Ok(cfg(Socks5, "s", 1080, Some("u"), Some(""))),
        ),
        (
            "socks5h://u:p%40ss@s:1",
            Ok(cfg(Socks5h, "s", 1, Some("u"), Some("p@ss"))),
        ),
        (
            "http://us%3Aer:pa:ss@[::1]:3128",
            Ok(cfg(Http, "::1", 3128, Some("us:er"), Some("pa:ss"))),
        ),
        ("http://[::1]", Ok(cfg(Http, "::1", 1080, None, None))),
        (
            "ftp://proxy.local",
            Err(ProxyError::UnsupportedScheme(
                "ftp://proxy.local".to_string(),
            )),
        ),
        (
            "http://:8080",
            Err(ProxyError::Syntax("http://:8080".to_string())),
        ),
        (
            "http://h:99999",
            Err(ProxyError::Syntax("http://h:99999".to_string())),
        ),
        (
            "http://[zz]:1",
            Err(ProxyError::Syntax("http://[zz]:1".to_string())),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(ProxyConfig::parse(input), expected, "input {input}");
    }
}

#[test]
fn no_proxy_rules() {
    let cases = [
        ("example.com", "*", true),
        ("example.com", "example.com", true),
        ("www.example.com", "example.com", true),
        ("www.example.com", ".example.com", true),
        ("example.com", ".example.com", true),
        ("EXAMPLE.com.", "example.COM.", true),
        ("nonexample.com", "example.com", false),
        ("example.com", "www.example.com", false),
        ("example.com", "*.example.com", false),
        ("example.com", "a.org, ,example.com", true),
        ("example.com", "a.org example.com", false),
        ("example.com", "example.com:443", false),
        ("example.com", "*,a.org", false),
        ("localhost", "127.0.0.1", false),
        ("127.0.0.1", "127.0.0.1", true),
        ("127.0.0.1", "localhost", false),
        ("10.1.2.3", "10.0.0.0/8", true),
        ("11.1.2.3", "10.0.0.0/8", false),
        ("10.1.2.3", "10.1.2.0/24x", true),
        ("10.1.2.3", "10.1.2.0/33", false),
        ("10.1.2.3", "10.1.2.0/abc", false),
        ("[::1]", "::1", true),
        ("::1", "::1", true),
        ("[fe80::1]", "fe80::/10", true),
        ("[fec0::1]", "fe80::/10", false),
        ("[2001:db8::1]", "2001:db8::/129", false),
        ("", "*", false),
        ("a.com", "", false),
    ];
    for (host, list, expected) in cases {
        assert_eq!(
            no_proxy_matches(host, list),
            expected,
            "host {host} list {list:?}"
        );
    }
}

#[test]
fn selection_from_options_and_environment() {
    use ProxyScheme::*;
    type Env = &'static [(&'static str, &'static str)];
    let lookup = |vars: Env| {
        move |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let none = ProxyOptions::default();
    let explicit = ProxyOptions {
        proxy: Some("p.local:3128"),
        no_proxy: None,
    };
    let disabled = ProxyOptions {
        proxy: Some(""),
        no_proxy: None,
    };
    let noproxy_opt = ProxyOptions {
        proxy: Some("p.local:3128"),
        no_proxy: Some("api.test"),
    };
    let cases: &[(&str, &str, ProxyOptions, Env, Option<ProxyConfig>)] = &[
        (
            "http",
            "api.test",
            none,
            &[("http_proxy", "h.local:1")],
            Some(cfg(Http, "h.local", 1, None, None)),
        ),
        // HTTP_PROXY in upper case is never read.
        (
            "http",
            "api.test",
            none,
            &[("HTTP_PROXY", "h.local:1")],
            None,
        ),
        (
            "https",
            "api.test",
            none,
            &[("HTTPS_PROXY", "s.local:2")],
            Some(cfg(Http, "s.local", 2, None, None)),
        ),
        (
            "https",
            "api.test",
            none,
            &[("https_proxy", "lo:3"), ("HTTPS_PROXY", "up:4")],
            Some(cfg(Http, "lo", 3, None, None)),
        ),
        (
            "https",
            "api.test",
            none,
            &[("ALL_PROXY", "socks5h://a:5")],
            Some(cfg(Socks5h, "a", 5, None, None)),
        ),
        (
            "http",
            "api.test",
            none,
            &[("all_proxy", "x:6"), ("ALL_PROXY", "y:7")],
            Some(cfg(Http, "x", 6, None, None)),
        ),
        // An empty variable stops the search.
        (
            "http",
            "api.test",
            none,
            &[("http_proxy", ""), ("ALL_PROXY", "y:7")],
            None,
        ),
        (
            "http",
            "api.test",
            none,
            &[("http_proxy", "h:1"), ("no_proxy", "test")],
            None,
        ),
        (
            "http",
            "api.test",
            none,
            &[("http_proxy", "h:1"), ("NO_PROXY", "*")],
            None,
        ),
        (
            "http",
            "api.test",
            none,
            &[
                ("http_proxy", "h:1"),
                ("no_proxy", "other"),
                ("NO_PROXY", "*"),
            ],
            Some(cfg(Http, "h", 1, None, None)),
        ),
        // --proxy wins over the environment, env no_proxy still applies.
        (
            "http",
            "api.test",
            explicit,
            &[("http_proxy", "h:1")],
            Some(cfg(Http, "p.local", 3128, None, None)),
        ),
        (
            "http",
            "api.test",
            explicit,
            &[("no_proxy", "api.test")],
            None,
        ),
        ("http", "api.test", noproxy_opt, &[], None),
        (
            "http",
            "api.test",
            ProxyOptions {
                no_proxy: Some("other"),
                ..noproxy_opt
            },
            &[("no_proxy", "*")],
            Some(cfg(Http, "p.local", 3128, None, None)),
        ),
        ("http", "api.test", disabled, &[("http_proxy", "h:1")], None),
        ("http", "api.test", none, &[], None),
    ];
    for (scheme, host, options, env, expected) in cases {
        assert_eq!(
            &select_proxy(scheme, host, options, &lookup(env)).unwrap(),
            expected,
            "{scheme}://{host} {options:?} {env:?}"
        );
    }
    assert_eq!(
        select_proxy("http", "a", &none, &lookup(&[("http_proxy", "gopher://x")])),
        Err(ProxyError::UnsupportedScheme("gopher://x".to_string()))
    );
}
