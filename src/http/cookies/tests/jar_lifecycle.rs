//! Jar scenarios over time: expiry, replacement, cookie files, storage comments, limits.
//! Each is a copy of one recorded from Hurl 8.0.1 (the file named in each test, under
//! `oracle/results/`).

use super::tests::{check, run, target, Step::*, NOW};
use super::*;

#[test]
fn expiry_and_deletion() {
    // expiry (recorded at 1796077303; expiries below are relative to the test's clock)
    check(
        &[
            Set(
                "http://example.com:18801/",
                &[
                    "m0=1", "m1=1", "e0=1", "e1=1", "keep=1", "bad=1", "neg=1", "sp=1", "q=1",
                ],
            ),
            Set(
                "http://example.com:18801/",
                &[
                    "m0=x; Max-Age=0",
                    "m1=x; Max-Age=-1",
                    "e0=x; Expires=Thu, 01 Jan 1970 00:00:01 GMT",
                    "e1=x; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
                    "keep=2; Max-Age=3600",
                    "bad=x; Max-Age=abc",
                    "neg=x; Max-Age=-0",
                    "sp=x; Max-Age= 10",
                    "q=x; Max-Age=\"100\"",
                ],
            ),
            Send("http://example.com:18801/", Some("keep=2; sp=x; q=x")),
            Set(
                "http://example.com:18801/",
                &[
                    "fut=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
                    "prec=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:01 GMT",
                    "prec2=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=0",
                    "junk=1; Expires=???",
                    "big=1; Max-Age=99999999999999999999",
                    "ep=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                ],
            ),
            Send(
                "http://example.com:18801/",
                Some("junk=1; prec=1; keep=2; big=1; fut=1; sp=x; q=x"),
            ),
        ],
        &[
            "example.com\tFALSE\t/\tFALSE\t1800003600\tkeep\t2",
            "example.com\tFALSE\t/\tFALSE\t1800000010\tsp\tx",
            "example.com\tFALSE\t/\tFALSE\t1800000100\tq\tx",
            "example.com\tFALSE\t/\tFALSE\t4102444800\tfut\t1",
            "example.com\tFALSE\t/\tFALSE\t1800000100\tprec\t1",
            "example.com\tFALSE\t/\tFALSE\t0\tjunk\t1",
            "example.com\tFALSE\t/\tFALSE\t9223372036854775807\tbig\t1",
        ],
    );
    // expiry_last: a cookie deleted by the last response stays in the jar file, expiry 1.
    check(
        &[
            Set("http://example.com:18801/", &["a=1", "b=1"]),
            Send("http://example.com:18801/", Some("b=1; a=1")),
            Set("http://example.com:18801/", &["a=; Max-Age=0"]),
        ],
        &[
            "example.com\tFALSE\t/\tFALSE\t1\ta\t",
            "example.com\tFALSE\t/\tFALSE\t0\tb\t1",
        ],
    );
    // Time passing: a Max-Age cookie is sent until its last second, not after.
    check(
        &[
            Set("http://example.com/", &["short=1; Max-Age=10", "long=1"]),
            Wait(10),
            Send("http://example.com/", Some("short=1; long=1")),
            Wait(1),
            Send("http://example.com/", Some("long=1")),
        ],
        &["example.com\tFALSE\t/\tFALSE\t0\tlong\t1"],
    );
}

#[test]
fn replacement_keeps_the_place() {
    // replace: names compare case-insensitively, the new name is kept.
    check(
        &[
            Set("http://example.com:18801/", &["a=1", "b=1", "c=1"]),
            Send("http://example.com:18801/", Some("c=1; b=1; a=1")),
            Set("http://example.com:18801/", &["a=2", "A=3"]),
            Send("http://example.com:18801/sub/", Some("c=1; b=1; A=3")),
            Set("http://example.com:18801/sub/", &["a=4"]),
            Set("http://example.com:18801/", &["a=5; Domain=example.com"]),
            Send(
                "http://example.com:18801/sub/x",
                Some("a=4; a=5; c=1; b=1; A=3"),
            ),
            Set("http://example.com:18801/", &["b=2; Path=/"]),
            Send("http://example.com:18801/", Some("a=5; c=1; b=2; A=3")),
        ],
        &[
            "example.com\tFALSE\t/\tFALSE\t0\tA\t3",
            "example.com\tFALSE\t/\tFALSE\t0\tb\t2",
            "example.com\tFALSE\t/\tFALSE\t0\tc\t1",
            "example.com\tFALSE\t/sub/\tFALSE\t0\ta\t4",
            ".example.com\tTRUE\t/\tFALSE\t0\ta\t5",
        ],
    );
    // edge_replace: "/" and "//" differ; domains compare case-insensitively; a host-only
    // deletion leaves the domain cookie of the same name.
    check(
        &[
            Set(
                "http://example.com:18801/",
                &[
                    "a=1; Path=/",
                    "b=1; Domain=example.com",
                    "c=1; Domain=example.com",
                ],
            ),
            Send("http://example.com:18801/", Some("c=1; b=1; a=1")),
            Set(
                "http://example.com:18801/",
                &["a=2; Path=//", "b=2; Domain=EXAMPLE.COM", "c=; Max-Age=0"],
            ),
            Send("http://example.com:18801/", Some("a=2; c=1; b=2; a=1")),
            Send("http://www.example.com:18801/", Some("c=1; b=2")),
        ],
        &[
            "example.com\tFALSE\t/\tFALSE\t0\ta\t1",
            ".EXAMPLE.COM\tTRUE\t/\tFALSE\t0\tb\t2",
            ".example.com\tTRUE\t/\tFALSE\t0\tc\t1",
            "example.com\tFALSE\t//\tFALSE\t0\ta\t2",
        ],
    );
}

#[test]
fn storage_comments() {
    // storage_comments, edge_storage_set
    check(
        &[
            Storage("example.com\tFALSE\t/\tFALSE\t0\tcs1\tv1"),
            Send("http://example.com/", Some("cs1=v1")),
            Storage(".example.com TRUE / TRUE 4102444800 cs2 v 2"),
            Send("http://example.com/", Some("cs1=v1")),
            Send("https://www.example.com/", Some("cs2=v 2")),
            Storage("example.com FALSE / FALSE 0 cs1 replaced"),
            Storage("localhost FALSE / TRUE 0 sec v"),
            Send("http://localhost/", Some("sec=v")),
            Storage("example.com FALSE / FALSE 0 __Host-x v"),
            Storage("example.com FALSE / FALSE 0 tab a\tb"),
            Send("http://example.com/", Some("cs1=replaced")),
            Clear,
            Send("http://example.com/", None),
            Set("http://example.com/", &["after=1"]),
        ],
        &["example.com\tFALSE\t/\tFALSE\t0\tafter\t1"],
    );
    let mut jar = CookieJar::new();
    assert_eq!(
        jar.add_netscape("example.com FALSE / maybe 0 bad v"),
        Err(StorageSetError::Syntax(NetscapeError::BadFlag(
            "secure flag",
            "maybe".into()
        )))
    );
    assert_eq!(
        jar.add_netscape("example.com FALSE / FALSE 0 __Host-x v"),
        Err(StorageSetError::Rejected(Rejected::HostPrefix))
    );
    let stored = jar
        .add_netscape("#HttpOnly_.example.com FALSE / FALSE 0 ho a b  c")
        .expect("stored");
    assert_eq!(
        stored.to_string(),
        "Added cookie ho=\"a b  c\" for domain example.com, path /, expire 0"
    );
    assert!(!jar.is_empty());
}

#[test]
fn cookie_file_is_read_before_each_request() {
    // cookie_file_reread, edge_file
    let mut jar = CookieJar::new();
    jar.set_cookie_file(
        "# Netscape HTTP Cookie File\n\nexample.com\tFALSE\t/\tFALSE\t0\tf1\tfile\n\
         .example.com\tTRUE\t/\tFALSE\t0\tf2\tfile\nexample.com\tFALSE\t/\tFALSE\t1\told\tx\n\
         Set-Cookie: nodomain=1\nset-cookie: lower=1; Domain=example.com; Path=/\n\
         example.com\tFALSE\tFALSE\t0\tnopath\tfile",
    );
    let lines = run(
        &mut jar,
        &[
            Send(
                "http://example.com/",
                Some("nopath=file; lower=1; f2=file; f1=file"),
            ),
            Send("http://127.0.0.1/", Some("nodomain=1")),
            Set("http://example.com/", &["f1=live", "nopath=header"]),
            Send(
                "http://example.com/",
                Some("nopath=header; nopath=file; lower=1; f2=file; f1=live"),
            ),
            Set(
                "http://example.com/",
                &[
                    "f1=gone; Max-Age=0",
                    "f2=gone; Domain=example.com; Max-Age=0",
                ],
            ),
            Send(
                "http://example.com/",
                Some("nopath=header; nopath=file; lower=1; f1=file"),
            ),
            Send(
                "http://example.com/",
                Some("nopath=header; nopath=file; lower=1; f2=file; f1=file"),
            ),
        ],
    );
    assert_eq!(
        lines,
        ".example.com\tTRUE\t/\tFALSE\t0\tlower\t1\n\
         example.com\tFALSE\t/\tFALSE\t0\tnopath\tfile\n\
         example.com\tFALSE\t/\tFALSE\t0\tnopath\theader\n\
         example.com\tFALSE\t/\tFALSE\t0\tf1\tfile\n\
         .example.com\tTRUE\t/\tFALSE\t0\tf2\tfile\n"
    );
}

#[test]
fn limits() {
    // limit_set_cookie: 50 per response.
    let mut jar = CookieJar::new().with_clock(Clock::Fixed(NOW));
    let names: Vec<String> = (0..55).map(|i| format!("c{i:02}=1")).collect();
    let outcomes = jar.store_response(
        &target("http://example.com/"),
        names.iter().map(String::as_str),
    );
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 50);
    assert_eq!(outcomes[50], Err(Rejected::TooMany));
    // limit_send: 150 per request, the first 150 in the jar's order, then sorted.
    let mut jar = CookieJar::new().with_clock(Clock::Fixed(NOW));
    for prefix in ["a", "b", "c", "d"] {
        let names: Vec<String> = (0..45).map(|i| format!("{prefix}{i:03}=1")).collect();
        jar.store_response(
            &target("http://example.com:18801/"),
            names.iter().map(String::as_str),
        );
    }
    let sent = jar
        .cookies_for(&target("http://example.com:18801/"))
        .expect("cookies");
    let names: Vec<&str> = sent.value.split("; ").collect();
    assert_eq!(
        (names.len(), names[0], names[149]),
        (150, "d014=1", "a000=1")
    );
    assert_eq!(jar.cookies().count(), 180);
    // limit_header_len: the header stops short of 8190 bytes, and says so.
    let mut jar = CookieJar::new().with_clock(Clock::Fixed(NOW));
    let big: Vec<String> = (0..9)
        .map(|i| format!("h{i}={}", "v".repeat(1000)))
        .collect();
    jar.store_response(
        &target("http://example.com/"),
        big.iter().map(String::as_str),
    );
    let sent = jar
        .cookies_for(&target("http://example.com/"))
        .expect("cookies");
    assert!(sent.truncated);
    assert_eq!(sent.value.split("; ").count(), 8);
    // limit_line: a Set-Cookie value over 4997 bytes is refused (short pairs, as recorded).
    let line = |n: usize| {
        let mut out = String::from("l=v");
        while out.len() < n {
            out.push_str("; c=");
            out.push_str(&"x".repeat(90.min((n - out.len()).max(1))));
        }
        out.truncate(n);
        out
    };
    let outcomes = jar.store_response(
        &target("http://example.com/"),
        [line(4997).as_str(), line(4998).as_str()],
    );
    assert!(outcomes[0].is_ok());
    assert_eq!(outcomes[1], Err(Rejected::LineTooLong));
}

#[test]
fn rejections_are_reported() {
    let mut jar = CookieJar::new().with_clock(Clock::Fixed(NOW));
    let headers = [
        "a=1; Secure",
        "b=1; Domain=com",
        "c=1; Domain=other.org",
        "__Secure-d=1",
        "ok=1",
        "ok=2",
    ];
    let outcomes = jar.store_response(&target("http://www.example.com/"), headers);
    let shown: Vec<String> = outcomes
        .iter()
        .map(|o| match o {
            Ok(s) => s.to_string(),
            Err(e) => e.to_string(),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "Secure cookie from an insecure origin",
            "domain must not set cookies for public suffix 'com'",
            "bad tailmatch domain: other.org",
            "__Secure- prefix without Secure",
            "Added cookie ok=\"1\" for domain www.example.com, path /, expire 0",
            "Replaced cookie ok=\"2\" for domain www.example.com, path /, expire 0",
        ]
    );
    assert_eq!(jar.cookies().count(), 1);
}

#[test]
fn httpbin_set_and_delete() {
    // oracle/httpbin.hurl against httpbin's own Set-Cookie headers (results/httpbin.txt).
    check(
        &[
            Set(
                "http://localhost:18804/cookies/set?a=1&b=2",
                &["a=1; Path=/", "b=2; Path=/"],
            ),
            Send("http://localhost:18804/cookies", Some("b=2; a=1")),
            Set(
                "http://localhost:18804/cookies/delete?a",
                &["a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"],
            ),
            Send("http://localhost:18804/cookies", Some("b=2")),
            Send("http://127.0.0.1:18804/cookies", None),
        ],
        &["localhost\tFALSE\t/\tFALSE\t0\tb\t2"],
    );
}
