use super::*;

#[test]
fn tail_matching() {
    // (cookie domain, request host, matches)
    let cases = [
        ("example.com", "example.com", true),
        ("example.com", "www.example.com", true),
        ("example.com", "a.b.example.com", true),
        ("EXAMPLE.com", "www.example.COM", true),
        ("example.com", "ample.com", false),
        ("ample.com", "example.com", false),
        ("www.example.com", "example.com", false),
        ("example.com", "example.com.au", false),
        ("", "example.com", false),
        ("", "example.com.", true),
    ];
    for (domain, host, expected) in cases {
        assert_eq!(tail_matches(domain, host), expected, "{domain} / {host}");
    }
}

#[test]
fn ip_addresses() {
    let cases = [
        ("127.0.0.1", true),
        ("::1", true),
        ("2001:db8::1", true),
        ("10.1.2.3", true),
        ("127.1", false),
        ("[::1]", false),
        ("localhost", false),
        ("1.2.3.4.5", false),
    ];
    for (host, expected) in cases {
        assert_eq!(is_ip(host), expected, "{host}");
    }
}

#[test]
fn buckets_follow_the_last_two_labels() {
    // Same bucket: names that share their last two labels (any case), and IP addresses.
    let same = [
        ("example.com", "www.example.com"),
        ("alpha.com", "ALPHA.COM"),
        ("eta.co.uk", "theta.co.uk"),
        ("127.0.0.1", "::1"),
        // From oracle/results/edge_hash_collision.txt: curl sent a `Domain=localhost`
        // cookie to s26.localhost (a hash collision) but not to s27.localhost.
        ("localhost", "s26.localhost"),
        ("intranet", "w41.intranet"),
    ];
    for (a, b) in same {
        assert_eq!(bucket(Some(a)), bucket(Some(b)), "{a} / {b}");
    }
    let different = [("localhost", "s27.localhost"), ("intranet", "www.intranet")];
    for (a, b) in different {
        assert_ne!(bucket(Some(a)), bucket(Some(b)), "{a} / {b}");
    }
    assert_eq!(bucket(None), 0);
    assert_eq!(bucket(Some("10.1.2.3")), 0);
    assert!(bucket(Some("example.com")) < BUCKETS);
}

#[test]
fn public_suffixes_refused() {
    // (request host, cookie domain, acceptable) — oracle: domain_rejected, localhost_and_ip,
    // single_label.
    let cases = [
        ("www.example.com", "example.com", true),
        ("www.example.com", ".example.com", true),
        ("www.example.com", "com", false),
        ("www.example.co.uk", "co.uk", false),
        ("www.example.co.uk", "example.co.uk", true),
        ("localhost", "localhost", true),
        ("sub.localhost", "localhost", false),
        ("intranet", "intranet", true),
        ("www.intranet", "intranet", false),
        ("foo.local", "local", false),
        ("foo.local", "foo.local", true),
        ("WWW.Example.COM", "example.com", true),
        ("127.0.0.1", "0.0.1", false),
        ("www.example.com", "other.org", false),
    ];
    for (host, domain, expected) in cases {
        assert_eq!(
            domain_acceptable(host, domain),
            expected,
            "{host} / {domain}"
        );
    }
    let long = format!("{}.example.com", "a".repeat(250));
    assert!(!domain_acceptable(&long, "example.com"));
}
