use super::*;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn add(host: Option<&str>, port: u16, addrs: &[&str], transient: bool) -> ResolveOp {
    ResolveOp::Add(ResolveEntry {
        host: host.map(str::to_string),
        port,
        addrs: addrs.iter().map(|a| ip(a)).collect(),
        transient,
    })
}

#[test]
fn resolve_values() {
    let cases = [
        (
            "example.com:443:127.0.0.1",
            Ok(add(Some("example.com"), 443, &["127.0.0.1"], false)),
        ),
        (
            "Example.COM:80:10.0.0.1,10.0.0.2",
            Ok(add(
                Some("example.com"),
                80,
                &["10.0.0.1", "10.0.0.2"],
                false,
            )),
        ),
        (
            "+api:8080:[::1],127.0.0.1",
            Ok(add(Some("api"), 8080, &["::1", "127.0.0.1"], true)),
        ),
        (
            "api:8080:2001:db8::1",
            Ok(add(Some("api"), 8080, &["2001:db8::1"], false)),
        ),
        ("*:443:192.0.2.1", Ok(add(None, 443, &["192.0.2.1"], false))),
        (
            "-example.com:443",
            Ok(ResolveOp::Remove {
                host: Some("example.com".to_string()),
                port: 443,
            }),
        ),
        (
            "example.com:443",
            Err(HostsError::Resolve("example.com:443".to_string())),
        ),
        (
            "example.com:x:1.2.3.4",
            Err(HostsError::Resolve("example.com:x:1.2.3.4".to_string())),
        ),
        (
            "example.com:443:not-an-ip",
            Err(HostsError::Resolve("example.com:443:not-an-ip".to_string())),
        ),
        (
            ":443:1.2.3.4",
            Err(HostsError::Resolve(":443:1.2.3.4".to_string())),
        ),
        (
            "-example.com",
            Err(HostsError::Resolve("-example.com".to_string())),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(ResolveOp::parse(input), expected, "input {input}");
    }
}

#[test]
fn connect_to_values() {
    let ct = |fh: Option<&str>, fp: Option<u16>, th: Option<&str>, tp: Option<u16>| ConnectTo {
        from_host: fh.map(str::to_string),
        from_port: fp,
        to_host: th.map(str::to_string),
        to_port: tp,
    };
    let cases = [
        (
            "a.com:443:b.com:8443",
            Ok(ct(Some("a.com"), Some(443), Some("b.com"), Some(8443))),
        ),
        ("::b.com:", Ok(ct(None, None, Some("b.com"), None))),
        (":80::8080", Ok(ct(None, Some(80), None, Some(8080)))),
        (
            "[::1]:443:[fe80::2]:8443",
            Ok(ct(Some("[::1]"), Some(443), Some("[fe80::2]"), Some(8443))),
        ),
        (
            "a.com:443:b.com",
            Ok(ct(Some("a.com"), Some(443), Some("b.com"), None)),
        ),
        (
            "a.com:443",
            Err(HostsError::ConnectTo("a.com:443".to_string())),
        ),
        (
            "a.com:x:b.com:1",
            Err(HostsError::ConnectTo("a.com:x:b.com:1".to_string())),
        ),
        (
            "a.com:1:b.com:70000",
            Err(HostsError::ConnectTo("a.com:1:b.com:70000".to_string())),
        ),
        (
            "[::1:443:b:1",
            Err(HostsError::ConnectTo("[::1:443:b:1".to_string())),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(ConnectTo::parse(input), expected, "input {input}");
    }
}

#[test]
fn targets() {
    let overrides = HostOverrides::new(
        &[
            "api.test:443:10.0.0.1",
            "*:443:10.9.9.9",
            "other.test:443:10.0.0.2",
            "other.test:443:10.0.0.3",
            "gone.test:80:10.0.0.4",
            "-gone.test:80",
            "backend:8443:[::1]",
        ],
        &[
            "moved.test:443:api.test:",
            "noop.test:443::",
            "noop.test:443:backend:8443",
            ":8080:127.0.0.1:9090",
            "[::1]:443:v6.test:444",
        ],
    )
    .unwrap();
    let target = |h: &str, p: u16, addrs: &[&str]| ConnectTarget {
        host: h.to_string(),
        port: p,
        addrs: addrs.iter().map(|a| ip(a)).collect(),
    };
    let cases = [
        (("api.test", 443), target("api.test", 443, &["10.0.0.1"])),
        (("API.test", 443), target("API.test", 443, &["10.0.0.1"])),
        // A later entry for the same host and port replaces the earlier one.
        (
            ("other.test", 443),
            target("other.test", 443, &["10.0.0.3"]),
        ),
        // The wildcard comes after specific entries, for the same port only.
        (
            ("anything.test", 443),
            target("anything.test", 443, &["10.9.9.9"]),
        ),
        (("anything.test", 80), target("anything.test", 80, &[])),
        (("gone.test", 80), target("gone.test", 80, &[])),
        // connect-to, then resolve for the new host.
        (("moved.test", 443), target("api.test", 443, &["10.0.0.1"])),
        // An entry that changes nothing is skipped.
        (("noop.test", 443), target("backend", 8443, &["::1"])),
        (("x.test", 8080), target("127.0.0.1", 9090, &[])),
        (("[::1]", 443), target("v6.test", 444, &[])),
    ];
    for ((host, port), expected) in cases {
        assert_eq!(overrides.target(host, port), expected, "{host}:{port}");
    }
    assert_eq!(overrides.resolve("nothing", 1), None);
    assert_eq!(
        HostOverrides::new(&["bad"], &[] as &[&str]),
        Err(HostsError::Resolve("bad".to_string()))
    );
}
