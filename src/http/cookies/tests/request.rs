use super::*;

fn target(url: &str) -> Result<RequestTarget, TargetError> {
    RequestTarget::from_url(&Url::parse(url).expect("test URL"))
}

#[test]
fn targets_from_urls() {
    // (URL, host, path, secure context)
    let cases = [
        ("http://example.com", "example.com", "/", false),
        (
            "http://EXAMPLE.com:8080/a/b?x=/y",
            "example.com",
            "/a/b",
            false,
        ),
        ("https://example.com/a", "example.com", "/a", true),
        ("wss://example.com/", "example.com", "/", true),
        ("ws://example.com/", "example.com", "/", false),
        ("http://example.com./a", "example.com.", "/a", false),
        ("http://localhost:3000/", "localhost", "/", true),
        ("http://LOCALHOST/", "localhost", "/", true),
        ("http://127.0.0.1:8000/", "127.0.0.1", "/", true),
        ("http://127.1/", "127.0.0.1", "/", true),
        ("http://127.0.0.2/", "127.0.0.2", "/", false),
        ("http://[::1]:8000/", "::1", "/", true),
        ("http://[2001:db8::1]/", "2001:db8::1", "/", false),
        ("http://sub.localhost/", "sub.localhost", "/", false),
    ];
    for (url, host, path, secure) in cases {
        let t = target(url).expect("http URL");
        assert_eq!(
            (t.host(), t.path(), t.is_secure_context()),
            (host, path, secure),
            "{url}"
        );
    }
    assert_eq!(
        target("ftp://example.com/"),
        Err(TargetError::Scheme("ftp".into()))
    );
    assert_eq!(
        target("file:///tmp/x"),
        Err(TargetError::Scheme("file".into()))
    );
}

#[test]
fn written_host_header() {
    let base = target("https://example.com/p").expect("URL");
    let cases = [
        ("other.org", "other.org"),
        ("other.org:8080", "other.org"),
        (" Other.org ", "Other.org"),
        ("[::1]:80", "::1"),
        ("[::1]", "::1"),
        ("", "example.com"),
    ];
    for (header, host) in cases {
        let t = base.clone().with_host_header(header);
        assert_eq!(t.host(), host, "{header:?}");
        assert_eq!(t.path(), "/p");
    }
    let local = target("http://example.com/")
        .expect("URL")
        .with_host_header("localhost:80");
    assert!(local.is_secure_context());
}

/// Jar cookies, `[Cookies]`, written `Cookie` headers, merged header.
type MergeCase<'a> = (
    Option<&'a JarCookies>,
    &'a [(&'a str, &'a str)],
    Vec<&'a str>,
    Option<&'a str>,
);

#[test]
fn one_cookie_header() {
    let jar = |v: &str, truncated| JarCookies {
        value: v.to_string(),
        truncated,
    };
    let full = jar("both=jar; jar=1", false);
    let cut = jar("big=1", true);
    let empty_cut = jar("", true);
    let section = [("sec", "1"), ("both", "sec")];
    // (jar, [Cookies], written Cookie headers, merged header)
    let cases: Vec<MergeCase<'_>> = vec![
        (
            Some(&full),
            &section,
            vec![],
            Some("both=jar; jar=1; sec=1; both=sec"),
        ),
        (
            Some(&full),
            &[],
            vec!["hdr=1; both=hdr"],
            Some("both=jar; jar=1; hdr=1; both=hdr"),
        ),
        (
            Some(&full),
            &section[..1],
            vec!["hdr=1"],
            Some("both=jar; jar=1; sec=1; hdr=1"),
        ),
        (
            Some(&full),
            &[],
            vec!["h1=1", " h2=2 "],
            Some("both=jar; jar=1; h1=1; h2=2"),
        ),
        (None, &section, vec![], Some("sec=1; both=sec")),
        (None, &[], vec!["hdr=1"], Some("hdr=1")),
        (None, &section[..1], vec![""], Some("sec=1")),
        (None, &[], vec!["", "  "], None),
        (None, &[], vec![], None),
        // curl drops [Cookies] when its header reached the size cap.
        (Some(&cut), &section, vec!["hdr=1"], Some("big=1; hdr=1")),
        (Some(&empty_cut), &section, vec![], None),
    ];
    for (jar, section, written, expected) in cases {
        let got = merge_cookie_header(jar, section.iter().copied(), written.iter().copied());
        assert_eq!(got.as_deref(), expected, "{jar:?} {section:?} {written:?}");
    }
}
