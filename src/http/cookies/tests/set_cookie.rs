//! Expectations from `oracle/results/parse_edges.txt`, `edge_pairs.txt`, `secure.txt`,
//! `domain_*.txt`, `expiry.txt` and `prefixes.txt`.

use super::*;

const NOW: i64 = 1_800_000_000;

/// What a parse keeps: name, value, domain, path, subdomains, secure, httponly, expiry.
type Fields = (String, String, String, String, bool, bool, bool, i64);

fn parse_from(line: &str, host: &str, path: &str, secure: bool) -> Result<Fields, Rejected> {
    let c = parse(line, Some(Origin { host, path }), secure, false, NOW)?.cookie;
    Ok((
        c.name,
        c.value,
        c.domain.unwrap_or_default(),
        c.path.unwrap_or_default(),
        c.tailmatch,
        c.secure,
        c.http_only,
        c.expires,
    ))
}

#[test]
fn names_and_values() {
    let ok = |n: &str, v: &str, path: &str| -> Result<Fields, Rejected> {
        Ok((
            n.into(),
            v.into(),
            "example.com".into(),
            path.into(),
            false,
            false,
            false,
            0,
        ))
    };
    let cases: Vec<(&str, Result<Fields, Rejected>)> = vec![
        ("a=1", ok("a", "1", "/a/")),
        (" sp1 = v1 ", ok("sp1", "v1", "/a/")),
        ("sp2=  v 2  ; Path=/", ok("sp2", "v 2", "/")),
        ("q1=\"quoted\"", ok("q1", "\"quoted\"", "/a/")),
        ("dup=1; Path=/x; Path=/", ok("dup", "1", "/")),
        ("semi=a;b=c", ok("semi", "a", "/a/")),
        ("emp=", ok("emp", "", "/a/")),
        ("a=b=c", ok("a", "b=c", "/a/")),
        ("com=a,b", ok("com", "a,b", "/a/")),
        ("x=1;;; Path=/ ;", ok("x", "1", "/")),
        ("Version=1", ok("Version", "1", "/a/")),
        ("ver=1; Version=1", ok("ver", "1", "/a/")),
        ("pathonly=1; Path", ok("pathonly", "1", "/a/")),
        ("HttpOnly=1", ok("HttpOnly", "1", "/a/")),
        ("j k=1", ok("j k", "1", "/a/")),
        ("tab=a\tb\t", Err(Rejected::TabInValue)),
        ("trailing=ab\t", ok("trailing", "ab", "/a/")),
        ("x=1; Path=/a\tb", Err(Rejected::TabInValue)),
        // The first segment that is a pair at all is the cookie.
        ("=x; a=b", ok("a", "b", "/a/")),
        ("; c=d", ok("c", "d", "/a/")),
        ("noequals", Err(Rejected::NoName)),
        ("=emptyname", Err(Rejected::NoName)),
        ("t2\t=1", Err(Rejected::NoName)),
        ("ctl=a\u{1}b", Err(Rejected::InvalidOctets)),
        ("del=a\u{7f}b", Err(Rejected::InvalidOctets)),
        ("caf=\u{e9}", ok("caf", "\u{e9}", "/a/")),
        ("nul=a\0; Secure", ok("nul", "a", "/a/")),
    ];
    for (line, expected) in cases {
        assert_eq!(
            parse_from(line, "example.com", "/a/b", false),
            expected,
            "{line:?}"
        );
    }
}

#[test]
fn size_limits() {
    let long_name = format!("{}=v", "n".repeat(4094));
    assert!(parse_from(&long_name, "example.com", "/", false).is_ok());
    let cases = [
        format!("{}=v", "n".repeat(4095)),
        format!("long={}", "v".repeat(4094)),
        format!("a=1; c={}", "x".repeat(4095)),
    ];
    for line in cases {
        assert_eq!(
            parse_from(&line, "example.com", "/", false),
            Err(Rejected::Oversized),
            "{}",
            &line[..20]
        );
    }
}

#[test]
fn secure_and_http_only() {
    let http = |l| parse_from(l, "example.com", "/", false).map(|f| (f.5, f.6));
    let https = |l| parse_from(l, "example.com", "/", true).map(|f| (f.5, f.6));
    assert_eq!(
        http("s1=1; Secure"),
        Err(Rejected::SecureFromInsecureOrigin)
    );
    assert_eq!(
        http("s2=2; secure="),
        Err(Rejected::SecureFromInsecureOrigin)
    );
    assert_eq!(http("s3=3; Secure=yes"), Ok((false, false)));
    assert_eq!(https("s4=4; SECURE"), Ok((true, false)));
    assert_eq!(https("h1=1; HttpOnly"), Ok((false, true)));
    assert_eq!(https("h2=2; httponly="), Ok((false, true)));
    assert_eq!(https("h3=3; HttpOnly=no"), Ok((false, false)));
    // A cookie file line may always be secure.
    let file = parse("f=1; Secure", None, true, true, NOW).map(|p| p.cookie.secure);
    assert_eq!(file, Ok(true));
}

/// `Set-Cookie`, request host, then the domain kept and its subdomains flag.
type DomainCase = (&'static str, &'static str, Result<(String, bool), Rejected>);

#[test]
fn domains() {
    let dom = |l, host| parse_from(l, host, "/", false).map(|f| (f.2, f.4));
    let ok = |d: &str, sub| Ok((d.to_string(), sub));
    let cases: Vec<DomainCase> = vec![
        ("d=1", "www.example.com", ok("www.example.com", false)),
        (
            "d=1; Domain=example.com",
            "www.example.com",
            ok("example.com", true),
        ),
        (
            "d=1; Domain=.example.com",
            "www.example.com",
            ok("example.com", true),
        ),
        (
            "d=1; Domain=EXAMPLE.com",
            "www.example.com",
            ok("EXAMPLE.com", true),
        ),
        (
            "d=1; Domain=www.example.com",
            "www.example.com",
            ok("www.example.com", true),
        ),
        (
            "d=1; Domain=",
            "www.example.com",
            ok("www.example.com", false),
        ),
        (
            "d=1; domain=example.com.",
            "www.example.com",
            Err(Rejected::DomainMismatch("example.com.".into())),
        ),
        (
            "d=1; Domain=other.org",
            "www.example.com",
            Err(Rejected::DomainMismatch("other.org".into())),
        ),
        (
            "d=1; Domain=ample.com",
            "example.com",
            Err(Rejected::DomainMismatch("ample.com".into())),
        ),
        (
            "d=1; Domain=a.example.com",
            "example.com",
            Err(Rejected::DomainMismatch("a.example.com".into())),
        ),
        (
            "d=1; Domain=.",
            "example.com",
            Err(Rejected::DomainMismatch(String::new())),
        ),
        (
            "d=1; Domain=other.org; Domain=example.com",
            "example.com",
            Err(Rejected::DomainMismatch("other.org".into())),
        ),
        ("i=1; Domain=127.0.0.1", "127.0.0.1", ok("127.0.0.1", false)),
        (
            "i=1; Domain=0.0.1",
            "127.0.0.1",
            Err(Rejected::DomainMismatch("0.0.1".into())),
        ),
        (
            "i=1; Domain=localhost",
            "127.0.0.1",
            Err(Rejected::DomainMismatch("localhost".into())),
        ),
        ("l=1; Domain=localhost", "localhost", ok("localhost", true)),
    ];
    for (line, host, expected) in cases {
        assert_eq!(dom(line, host), expected, "{line} from {host}");
    }
    // A cookie file's Set-Cookie line may name any domain, and has no default one.
    let file = |l| {
        parse(l, None, true, true, NOW)
            .map(|p| (p.cookie.domain, p.cookie.path, p.cookie.tailmatch))
    };
    assert_eq!(
        file("f=1; Domain=example.com"),
        Ok((Some("example.com".into()), None, true))
    );
    assert_eq!(
        file("f=1; Domain=10.0.0.1; Path=/p"),
        Ok((Some("10.0.0.1".into()), Some("/p".into()), false))
    );
    assert_eq!(file("f=1"), Ok((None, None, false)));
}

#[test]
fn expiry() {
    let exp = |l| parse_from(l, "example.com", "/", false).map(|f| f.7);
    let cases = [
        ("a=1", 0),
        ("a=1; Max-Age=0", 1),
        ("a=1; Max-Age=-1", 1),
        ("a=1; Max-Age=-0", 1),
        ("a=1; Max-Age=abc", 1),
        ("a=1; Max-Age=", 1),
        ("a=1; Max-Age= -5", 1),
        ("a=1; Max-Age", 0),
        ("a=1; Max-Age=3600", NOW + 3600),
        ("a=1; Max-Age= 10", NOW + 10),
        ("a=1; Max-Age=\"100\"", NOW + 100),
        ("a=1; Max-Age=+5", NOW + 5),
        ("a=1; Max-Age=5abc", NOW + 5),
        ("a=1; Max-Age=99999999999999999999", i64::MAX),
        ("a=1; Max-Age=9223372036854775806", i64::MAX),
        ("a=1; Expires=Thu, 01 Jan 1970 00:00:01 GMT", 1),
        ("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", 1),
        ("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", 1445412480),
        ("a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT", 4102444800),
        ("a=1; Expires=Thu, 01 Jan 1960 00:00:00 GMT", 0),
        ("a=1; Expires=???", 0),
        ("a=1; Expires=", 0),
        ("a=1; Expires", 0),
        (
            "a=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:01 GMT",
            NOW + 100,
        ),
        ("a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=0", 1),
        ("a=1; Max-Age=abc; Expires=Fri, 01 Jan 2100 00:00:00 GMT", 1),
    ];
    for (line, expected) in cases {
        assert_eq!(exp(line), Ok(expected), "{line}");
    }
}

#[test]
fn prefixes_are_flagged() {
    let flags = |l| {
        parse(
            l,
            Some(Origin {
                host: "example.com",
                path: "/",
            }),
            true,
            false,
            NOW,
        )
        .map(|p| (p.secure_prefix, p.host_prefix))
    };
    assert_eq!(flags("__Secure-a=1"), Ok((true, false)));
    assert_eq!(flags("__secure-g=1"), Ok((true, false)));
    assert_eq!(flags("__Host-c=1"), Ok((false, true)));
    assert_eq!(flags("__host-f=1"), Ok((false, true)));
    // curl looks at every pair's name, attributes included.
    assert_eq!(flags("e=1; __Secure-x=1"), Ok((true, false)));
    assert_eq!(flags("__Hos=1"), Ok((false, false)));
}

#[test]
fn offsets() {
    let cases = [
        ("42", Some(42)),
        ("  42", Some(42)),
        ("+42", Some(42)),
        ("42abc", Some(42)),
        ("007", Some(7)),
    ];
    for (text, expected) in cases {
        let got = match parse_offset(text) {
            Offset::Value(v) => Some(v),
            _ => None,
        };
        assert_eq!(got, expected, "{text}");
    }
    for text in ["", "-1", "abc", "+-1", "\n5", " \r5"] {
        assert!(matches!(parse_offset(text), Offset::Invalid), "{text:?}");
    }
    assert!(matches!(
        parse_offset("9223372036854775808"),
        Offset::Overflow
    ));
}
