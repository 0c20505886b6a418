//! Jar scenarios, each a shortened copy of one recorded from Hurl 8.0.1 (the file named in
//! each test, under `oracle/results/`): what each request sends, and the jar file lines.

use url::Url;

use super::*;

pub(super) const NOW: i64 = 1_800_000_000;

/// One step of a scenario.
pub(super) enum Step<'a> {
    /// A response to a GET of the URL sets these cookies.
    Set(&'a str, &'a [&'a str]),
    /// A request to the URL sends this jar `Cookie` value (`None`: no header).
    Send(&'a str, Option<&'a str>),
    /// `# @cookie_storage_set: LINE`.
    Storage(&'a str),
    /// `# @cookie_storage_clear`.
    Clear,
    /// The clock moves on.
    Wait(i64),
}

pub(super) use Step::*;

pub(super) fn target(url: &str) -> RequestTarget {
    RequestTarget::from_url(&Url::parse(url).expect("test URL")).expect("http URL")
}

/// Runs the steps and returns the jar's export lines.
pub(super) fn run(jar: &mut CookieJar, steps: &[Step<'_>]) -> String {
    let mut now = NOW;
    jar.set_clock(Clock::Fixed(now));
    for (i, step) in steps.iter().enumerate() {
        match step {
            Set(url, headers) => {
                jar.store_response(&target(url), headers.iter().copied());
            }
            Send(url, expected) => {
                let got = jar.cookies_for(&target(url)).map(|j| j.value);
                assert_eq!(got.as_deref(), *expected, "step {i}: {url}");
            }
            Storage(line) => {
                let _ = jar.add_netscape(line);
            }
            Clear => jar.clear(),
            Wait(secs) => {
                now += secs;
                jar.set_clock(Clock::Fixed(now));
            }
        }
    }
    jar.netscape_export().lines
}

pub(super) fn check(steps: &[Step<'_>], jar_lines: &[&str]) {
    let lines = run(&mut CookieJar::new(), steps);
    let expected: String = jar_lines.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(lines, expected);
}

#[test]
fn host_only_cookies_ignore_ports() {
    // host_only
    check(
        &[
            Set("http://example.com:18801/a/b", &["ho=1"]),
            Send("http://example.com:18801/a/x", Some("ho=1")),
            Send("http://example.com:18803/a/x", Some("ho=1")),
            Send("https://example.com/a/x", Some("ho=1")),
            Send("http://www.example.com:18801/a/x", None),
            Send("http://EXAMPLE.COM/a/x", Some("ho=1")),
            Send("http://example.com/b", None),
        ],
        &["example.com\tFALSE\t/a/\tFALSE\t0\tho\t1"],
    );
}

#[test]
fn domain_cookies_reach_subdomains() {
    // domain_attr
    check(
        &[
            Set(
                "http://www.example.com:18801/",
                &[
                    "d1=1; Domain=example.com",
                    "d2=2; Domain=.example.com",
                    "d3=3; Domain=www.example.com",
                    "d4=4; Domain=EXAMPLE.com",
                    "d5=5; domain=example.com.",
                ],
            ),
            Send("http://example.com:18801/", Some("d4=4; d2=2; d1=1")),
            Send("http://a.b.example.com:18801/", Some("d4=4; d2=2; d1=1")),
            Send(
                "http://www.example.com:18803/",
                Some("d3=3; d4=4; d2=2; d1=1"),
            ),
            Send("http://other.org:18801/", None),
        ],
        &[
            ".example.com\tTRUE\t/\tFALSE\t0\td1\t1",
            ".example.com\tTRUE\t/\tFALSE\t0\td2\t2",
            ".www.example.com\tTRUE\t/\tFALSE\t0\td3\t3",
            ".EXAMPLE.com\tTRUE\t/\tFALSE\t0\td4\t4",
        ],
    );
    // domain_rejected
    check(
        &[
            Set(
                "http://www.example.com:18801/",
                &[
                    "r1=1; Domain=other.org",
                    "r2=2; Domain=com",
                    "r3=3; Domain=a.www.example.com",
                    "r4=4; Domain=ample.com",
                    "ok=5; Domain=",
                    "r6=6; Domain=.com",
                ],
            ),
            Send("http://www.example.com:18801/", Some("ok=5")),
            Send("http://example.com:18801/", None),
            Set(
                "http://www.example.co.uk:18801/",
                &["uk1=1; Domain=co.uk", "uk2=2; Domain=example.co.uk"],
            ),
            Send("http://example.co.uk:18801/", Some("uk2=2")),
        ],
        &[
            ".example.co.uk\tTRUE\t/\tFALSE\t0\tuk2\t2",
            "www.example.com\tFALSE\t/\tFALSE\t0\tok\t5",
        ],
    );
}

#[test]
fn localhost_ip_and_single_labels() {
    // localhost_and_ip, single_label, edge_hash_collision
    check(
        &[
            Set("http://localhost/", &["l1=1; Domain=localhost", "l2=2"]),
            Set("http://sub.localhost/", &["l3=3; Domain=localhost"]),
            Send("http://localhost/", Some("l2=2; l1=1")),
            Send("http://sub.localhost/", None),
            Send("http://s26.localhost/", Some("l1=1")),
            Set(
                "http://127.0.0.1/",
                &["i1=1; Domain=127.0.0.1", "i2=2", "i3=3; Domain=0.0.1"],
            ),
            Send("http://127.0.0.1:18803/x", Some("i2=2; i1=1")),
            Set("http://www.intranet/", &["s3=3; Domain=intranet"]),
            Send("http://intranet/", None),
        ],
        &[
            "127.0.0.1\tFALSE\t/\tFALSE\t0\ti1\t1",
            "127.0.0.1\tFALSE\t/\tFALSE\t0\ti2\t2",
            ".localhost\tTRUE\t/\tFALSE\t0\tl1\t1",
            "localhost\tFALSE\t/\tFALSE\t0\tl2\t2",
        ],
    );
}

#[test]
fn paths() {
    // default_path, path_attr
    check(
        &[
            Set("http://example.com/a/b/c", &["p1=1"]),
            Set("http://example.com/a/b", &["p2=2"]),
            Set(
                "http://example.com/?",
                &[
                    "q1=1; Path=/a",
                    "q3=3; Path=\"/a/b\"",
                    "q4=4; Path=a/b",
                    "q5=5; Path=",
                ],
            ),
            Send("http://example.com/", Some("q4=4; q5=5")),
            Send("http://example.com/a", Some("q4=4; p2=2; q1=1; q5=5")),
            Send("http://example.com/ab", Some("q4=4; q5=5")),
            Send(
                "http://example.com/a/b",
                Some("q3=3; p1=1; q4=4; p2=2; q1=1; q5=5"),
            ),
            Send("http://example.com/A/b", Some("q4=4; q5=5")),
        ],
        &[
            "example.com\tFALSE\t/a/b/\tFALSE\t0\tp1\t1",
            "example.com\tFALSE\t/a/\tFALSE\t0\tp2\t2",
            "example.com\tFALSE\t/a\tFALSE\t0\tq1\t1",
            "example.com\tFALSE\t\"/a/b\"\tFALSE\t0\tq3\t3",
            "example.com\tFALSE\ta/b\tFALSE\t0\tq4\t4",
            // q5 has an empty path: Hurl cannot read curl's line and leaves it out.
        ],
    );
}

#[test]
fn secure_cookies() {
    // secure
    check(
        &[
            Set(
                "http://example.com:18801/",
                &["s1=1; Secure", "n1=1", "s2=2; secure=", "s3=3; Secure=yes"],
            ),
            Set(
                "https://example.com:18802/",
                &[
                    "s4=4; Secure",
                    "h1=1; HttpOnly",
                    "h2=2; httponly=",
                    "h3=3; HttpOnly=no",
                ],
            ),
            Send(
                "http://example.com:18801/",
                Some("h3=3; h2=2; h1=1; s3=3; n1=1"),
            ),
            Send(
                "https://example.com:18802/",
                Some("h3=3; h2=2; h1=1; s4=4; s3=3; n1=1"),
            ),
            Set("http://localhost:18801/", &["ls=1; Secure"]),
            Send("http://localhost:18801/", Some("ls=1")),
            Send("https://localhost:18802/", Some("ls=1")),
            Set("http://127.0.0.1:18801/", &["is=1; Secure"]),
            Send("http://127.0.0.1:18801/", Some("is=1")),
        ],
        &[
            "127.0.0.1\tFALSE\t/\tTRUE\t0\tis\t1",
            "localhost\tFALSE\t/\tTRUE\t0\tls\t1",
            "example.com\tFALSE\t/\tFALSE\t0\tn1\t1",
            "example.com\tFALSE\t/\tFALSE\t0\ts3\t3",
            "example.com\tFALSE\t/\tTRUE\t0\ts4\t4",
            "#HttpOnly_example.com\tFALSE\t/\tFALSE\t0\th1\t1",
            "#HttpOnly_example.com\tFALSE\t/\tFALSE\t0\th2\t2",
            "example.com\tFALSE\t/\tFALSE\t0\th3\t3",
        ],
    );
    // secure_overlay: curl refuses /loginhelper too (it compares the first path segment).
    check(
        &[
            Set(
                "https://example.com:18802/",
                &["a=secure; Secure; Path=/login"],
            ),
            Set(
                "http://example.com:18801/",
                &[
                    "a=plain1; Path=/login/en",
                    "a=plain2; Path=/loginhelper",
                    "a=plain3; Path=/",
                ],
            ),
            Send(
                "https://example.com:18802/login/en",
                Some("a=secure; a=plain3"),
            ),
            Send("https://example.com:18802/loginhelper", Some("a=plain3")),
        ],
        &[
            "example.com\tFALSE\t/login\tTRUE\t0\ta\tsecure",
            "example.com\tFALSE\t/\tFALSE\t0\ta\tplain3",
        ],
    );
    // edge_secure_root
    check(
        &[
            Set("https://example.com:18802/", &["a=secure; Secure"]),
            Set(
                "http://example.com:18801/",
                &["a=plain; Path=/x", "b=plain"],
            ),
            Send("https://example.com:18802/x", Some("b=plain; a=secure")),
        ],
        &[
            "example.com\tFALSE\t/\tTRUE\t0\ta\tsecure",
            "example.com\tFALSE\t/\tFALSE\t0\tb\tplain",
        ],
    );
}

#[test]
fn prefixes() {
    // prefixes
    check(
        &[
            Set(
                "https://example.com/",
                &[
                    "__Secure-a=1; Secure",
                    "__Secure-b=2",
                    "__Host-c=3; Secure; Path=/",
                    "__Host-d=4; Secure; Path=/x",
                    "__Host-e=5; Secure; Path=/; Domain=example.com",
                    "__host-f=6",
                    "__secure-g=7; Secure",
                ],
            ),
            Send(
                "https://example.com/x",
                Some("__secure-g=7; __Secure-a=1; __Host-c=3"),
            ),
        ],
        &[
            "example.com\tFALSE\t/\tTRUE\t0\t__Secure-a\t1",
            "example.com\tFALSE\t/\tTRUE\t0\t__Host-c\t3",
            "example.com\tFALSE\t/\tTRUE\t0\t__secure-g\t7",
        ],
    );
}

#[test]
fn header_order() {
    // order: longest path, longest domain, longest name, newest first.
    check(
        &[
            Set(
                "http://www.example.com/a/b/",
                &[
                    "zz=1",
                    "y=1; Path=/",
                    "xxx=1; Path=/",
                    "w=1; Domain=example.com",
                    "vv=1; Domain=www.example.com",
                    "u=1; Path=/a",
                ],
            ),
            Set("http://www.example.com/", &["t=1", "s=1"]),
            Send(
                "http://www.example.com/a/b/c",
                Some("vv=1; zz=1; w=1; u=1; xxx=1; s=1; t=1; y=1"),
            ),
        ],
        &[
            "www.example.com\tFALSE\t/a/b/\tFALSE\t0\tzz\t1",
            "www.example.com\tFALSE\t/\tFALSE\t0\ty\t1",
            "www.example.com\tFALSE\t/\tFALSE\t0\txxx\t1",
            ".example.com\tTRUE\t/a/b/\tFALSE\t0\tw\t1",
            ".www.example.com\tTRUE\t/a/b/\tFALSE\t0\tvv\t1",
            "www.example.com\tFALSE\t/a\tFALSE\t0\tu\t1",
            "www.example.com\tFALSE\t/\tFALSE\t0\tt\t1",
            "www.example.com\tFALSE\t/\tFALSE\t0\ts\t1",
        ],
    );
}

#[test]
fn written_host_header_decides_the_domain() {
    // custom_host
    let mut jar = CookieJar::new().with_clock(Clock::Fixed(NOW));
    let with_host = target("http://example.com/").with_host_header("other.org");
    jar.store_response(&with_host, ["a=1"]);
    assert_eq!(
        jar.cookies_for(&target("http://other.org:18801/"))
            .map(|j| j.value),
        Some("a=1".into())
    );
    assert_eq!(jar.cookies_for(&target("http://example.com/")), None);
}
