//! Expectations from `oracle/results/query_attrs.txt` (every assert passed in Hurl 8.0.1),
//! `query_expires_formats.txt` and `query_expires_garbage.txt`.

use chrono::TimeZone;

use super::*;

const HEADERS: &[&str] = &[
    "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60; Domain=example.com; Path=/p; Secure; HttpOnly; SameSite=Lax",
    "b=2; expires=Wed, 21-Oct-2015 07:28:00 GMT; max-age=abc; domain; path; secure=1; httponly=; samesite",
    " c = 3 ; Path= /x ; SameSite= Strict ",
    "d=4; Max-Age=x; Max-Age=7",
    "e=5; Domain=one; Domain=two",
    "f=6; Expires=21 Oct 2015 07:28:00 +0000",
    "g=7; Expires=Wed, 21 Oct 2015 07:28:00 +0200",
    "h=8; Expires=Wed, 21-Oct-2015 07:28:00.123 GMT",
    "a=second",
    "j=\"q v\"; Path=/a=b",
    "noequals; Path=/",
];

fn find(name: &str) -> ResponseCookie {
    ResponseCookie::find(HEADERS.iter().copied(), name).expect(name)
}

fn utc(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2015, 10, 21, h, m, 0)
        .single()
        .expect("valid date")
}

#[test]
fn attributes() {
    let a = find("a");
    assert_eq!(
        (
            a.value(),
            a.max_age(),
            a.domain(),
            a.path(),
            a.same_site(),
            a.secure(),
            a.http_only()
        ),
        (
            "1",
            Some(60),
            Some("example.com"),
            Some("/p"),
            Some("Lax"),
            true,
            true
        )
    );
    assert_eq!(a.expires(), Ok(Some(utc(7, 28))));
    let b = find("b");
    assert_eq!(
        (
            b.max_age(),
            b.domain(),
            b.path(),
            b.same_site(),
            b.secure(),
            b.http_only()
        ),
        (None, None, None, None, false, false)
    );
    assert_eq!(b.expires(), Ok(Some(utc(7, 28))));
    // The header is trimmed, the name is not: the cookie is called "c ".
    assert_eq!(ResponseCookie::find(HEADERS.iter().copied(), "c"), None);
    let c = find("c ");
    assert_eq!(
        (c.value(), c.path(), c.same_site()),
        (" 3 ", Some(" /x "), Some(" Strict"))
    );
    assert_eq!(find("d").max_age(), Some(7));
    assert_eq!(find("e").domain(), Some("one"));
    assert_eq!(find("f").expires(), Ok(Some(utc(7, 28))));
    assert_eq!(find("g").expires(), Ok(Some(utc(5, 28))));
    let millis = chrono::Duration::milliseconds(123);
    assert_eq!(find("h").expires(), Ok(Some(utc(7, 28) + millis)));
    assert_eq!(find("j").value(), "\"q v\"");
    assert_eq!(find("j").path(), Some("/a"));
    assert_eq!(find("noequals; Path").value(), "/");
    assert_eq!(find("a").expires().map(|d| d.is_some()), Ok(true));
    assert_eq!(find("j").expires(), Ok(None));
}

#[test]
fn expires_formats() {
    let cases: &[(&str, Option<DateTime<Utc>>)] = &[
        ("Wed, 21 Oct 15 07:28:00 GMT", Some(utc(7, 28))),
        ("21 Oct 2015 07:28 EST", Some(utc(12, 28))),
        ("wed, 21 oct 2015 07:28:00 gmt", Some(utc(7, 28))),
        ("Wed,  21 Oct 2015 07:28:00 GMT", Some(utc(7, 28))),
        (" Wed, 21 Oct 2015 07:28:00 GMT", Some(utc(7, 28))),
        ("Wednesday, 21-Oct-15 07:28:00 GMT", None),
        ("Wed Oct 21 07:28:00 2015", None),
        ("Wed, 21-Oct-2015 07:28:00 UTC", None),
        ("Thu, 21 Oct 2015 07:28:00 GMT", None),
        ("???", None),
    ];
    for (text, expected) in cases {
        let header = format!("x=1; Expires={text}");
        let cookie = ResponseCookie::parse(&header).expect("a cookie");
        let got = cookie.expires();
        match expected {
            Some(d) => assert_eq!(got, Ok(Some(*d)), "{text}"),
            None => assert_eq!(got, Err(ExpiresError(text.to_string())), "{text}"),
        }
    }
    assert_eq!(
        ExpiresError("???".into()).to_string(),
        "could not parse Cookie Expires attribute value <???>"
    );
}

#[test]
fn parsing() {
    assert_eq!(ResponseCookie::parse("noequals"), None);
    assert_eq!(
        ResponseCookie::parse("id=a3fWa; Secure; ; Path=/a=b=c"),
        Some(ResponseCookie {
            name: "id".into(),
            value: "a3fWa".into(),
            attributes: vec![
                ResponseCookieAttribute {
                    name: "Secure".into(),
                    value: None
                },
                ResponseCookieAttribute {
                    name: String::new(),
                    value: None
                },
                ResponseCookieAttribute {
                    name: "Path".into(),
                    value: Some("/a".into())
                },
            ],
        })
    );
    // The first attribute of a name decides, even without a value.
    let c = ResponseCookie::parse("x=1; Path; Path=/p; Max-Age= 60; Max-Age=+5").expect("cookie");
    assert_eq!((c.path(), c.max_age()), (None, Some(5)));
    let flags = ResponseCookie::parse("x=1; secure=; HTTPONLY").expect("cookie");
    assert_eq!((flags.secure(), flags.http_only()), (false, true));
}
