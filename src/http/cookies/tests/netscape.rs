//! Expectations from `oracle/results/cookie_file.txt`, `storage_comments.txt`,
//! `edge_storage_set.txt`, `edge_file.txt`, `path_attr.txt` and `edge_pairs.txt`.

use super::*;

/// domain, subdomains, path, sanitized path, secure, httponly, expiry, name, value.
type Row = (
    String,
    bool,
    String,
    String,
    bool,
    bool,
    i64,
    String,
    String,
);

fn row(line: &str) -> Result<Row, Rejected> {
    let c = parse_curl_line(line)?.cookie;
    Ok((
        c.domain.unwrap_or_default(),
        c.tailmatch,
        c.path.unwrap_or_default(),
        c.spath.unwrap_or_default(),
        c.secure,
        c.http_only,
        c.expires,
        c.name,
        c.value,
    ))
}

#[allow(clippy::too_many_arguments)]
fn r(
    d: &str,
    t: bool,
    p: &str,
    sp: &str,
    s: bool,
    h: bool,
    e: i64,
    n: &str,
    v: &str,
) -> Result<Row, Rejected> {
    Ok((
        d.into(),
        t,
        p.into(),
        sp.into(),
        s,
        h,
        e,
        n.into(),
        v.into(),
    ))
}

#[test]
fn curl_reads_cookie_file_lines() {
    let cases: Vec<(&str, Result<Row, Rejected>)> = vec![
        (
            "example.com\tFALSE\t/\tFALSE\t0\tf1\tfile",
            r("example.com", false, "/", "", false, false, 0, "f1", "file"),
        ),
        (
            ".example.com\tTRUE\t/\tFALSE\t0\tf2\tfile",
            r("example.com", true, "/", "", false, false, 0, "f2", "file"),
        ),
        (
            "#HttpOnly_example.com\tFALSE\t/\tFALSE\t4102444800\tf3\tfile",
            r(
                "example.com",
                false,
                "/",
                "",
                false,
                true,
                4102444800,
                "f3",
                "file",
            ),
        ),
        (
            "example.com\tFALSE\t/\tTRUE\t0\tf4\tsecure",
            r(
                "example.com",
                false,
                "/",
                "",
                true,
                false,
                0,
                "f4",
                "secure",
            ),
        ),
        (
            "example.com\tFALSE\t/\tFALSE\t0\tf6",
            r("example.com", false, "/", "", false, false, 0, "f6", ""),
        ),
        // No path column: "/" made up, and its sanitized form stays "/".
        (
            "example.com\tFALSE\tFALSE\t0\tf7\tnopath",
            r(
                "example.com",
                false,
                "/",
                "/",
                false,
                false,
                0,
                "f7",
                "nopath",
            ),
        ),
        (
            "example.com\tfalse\t/x\tfalse\t0\tf8\tlow",
            r(
                "example.com",
                false,
                "/x",
                "/x",
                false,
                false,
                0,
                "f8",
                "low",
            ),
        ),
        (
            "example.com\ttrue\t/x/\tTrue\t0\tf9\tv",
            r("example.com", true, "/x/", "/x", true, false, 0, "f9", "v"),
        ),
        (
            "example.com\t\tFALSE\t/\tFALSE\t0\tf10\tv",
            r("example.com", false, "/", "", false, false, 0, "f10", "v"),
        ),
        (
            "example.com\tFALSE\t/\tFALSE\t0\tf12\tv with space\r\n",
            r(
                "example.com",
                false,
                "/",
                "",
                false,
                false,
                0,
                "f12",
                "v with space",
            ),
        ),
        (
            "example.com\tFALSE\t/\tFALSE\t+5\tplus\tv",
            r("example.com", false, "/", "", false, false, 5, "plus", "v"),
        ),
        (
            "example.com\tFALSE\t/\tFALSE\t12abc\tg\tv",
            r("example.com", false, "/", "", false, false, 12, "g", "v"),
        ),
        (
            "example.com FALSE / FALSE 0 f9 spaces",
            Err(Rejected::NetscapeFields),
        ),
        (
            "example.com\tFALSE\t/\tFALSE\tabc\tf13\tbad",
            Err(Rejected::NetscapeExpires),
        ),
        (
            "example.com\tFALSE\t/\tFALSE\t-1\tf13\tbad",
            Err(Rejected::NetscapeExpires),
        ),
        (
            "example.com\tFALSE\t/\tFALSE\t0\tf15\ta\tb",
            Err(Rejected::NetscapeFields),
        ),
        (
            "example.com\tFALSE\t/\tFALSE\t0",
            Err(Rejected::NetscapeFields),
        ),
        ("# Netscape HTTP Cookie File", Err(Rejected::Comment)),
        (
            "#HttpOnly_#x\tFALSE\t/\tFALSE\t0\ta\tb",
            Err(Rejected::Comment),
        ),
        ("", Err(Rejected::NetscapeFields)),
    ];
    for (line, expected) in cases {
        assert_eq!(row(line), expected, "{line:?}");
    }
}

#[test]
fn curl_flags_prefixed_names() {
    let flags = |l| parse_curl_line(l).map(|p| (p.secure_prefix, p.host_prefix));
    assert_eq!(
        flags("example.com\tFALSE\t/\tTRUE\t0\t__Secure-a\tv"),
        Ok((true, false))
    );
    assert_eq!(
        flags("example.com\tFALSE\t/\tFALSE\t0\t__host-f14\tx"),
        Ok((false, true))
    );
    assert_eq!(
        flags("example.com\tFALSE\t/\tFALSE\t0\t__Hostx\tx"),
        Ok((false, false))
    );
}

#[test]
fn hurl_reads_storage_lines() {
    let cases: Vec<(&str, Result<&str, NetscapeError>)> = vec![
        (
            "localhost  TRUE    /   FALSE   0   cookie1 valueA",
            Ok("localhost\tTRUE\t/\tFALSE\t0\tcookie1\tvalueA"),
        ),
        (
            "#HttpOnly_example.com\t\t   FALSE\t\t  \t/\tFALSE\t1\tcookie2\tfoo bar baz",
            Ok("#HttpOnly_example.com\tFALSE\t/\tFALSE\t1\tcookie2\tfoo bar baz"),
        ),
        (
            ".example.com TRUE / TRUE 4102444800 cs2 v 2",
            Ok(".example.com\tTRUE\t/\tTRUE\t4102444800\tcs2\tv 2"),
        ),
        (
            "example.com FALSE / FALSE +5 plus v",
            Ok("example.com\tFALSE\t/\tFALSE\t5\tplus\tv"),
        ),
        (
            "example.com FALSE / FALSE 0 empty",
            Ok("example.com\tFALSE\t/\tFALSE\t0\tempty\t"),
        ),
        (
            "example.com FALSE / FALSE 0 tab a\tb",
            Ok("example.com\tFALSE\t/\tFALSE\t0\ttab\ta\tb"),
        ),
        (
            "example.com FALSE / maybe 0 bad v",
            Err(NetscapeError::BadFlag("secure flag", "maybe".into())),
        ),
        (
            "example.com false / FALSE 0 n v",
            Err(NetscapeError::BadFlag("subdomains flag", "false".into())),
        ),
        (
            "example.com FALSE / FALSE -1 n v",
            Err(NetscapeError::BadExpiry("-1".into())),
        ),
        (
            "example.com FALSE / FALSE 0",
            Err(NetscapeError::MissingField("name")),
        ),
        ("xxx", Err(NetscapeError::MissingField("subdomains flag"))),
        ("", Err(NetscapeError::MissingField("domain"))),
    ];
    for (line, expected) in cases {
        let got = HurlLine::parse(line).map(|l| l.format());
        assert_eq!(got, expected.map(str::to_string), "{line:?}");
    }
}

#[test]
fn hurl_rewrites_curl_lines_for_its_jar() {
    let cookie = |name: &str, value: &str, path: Option<&str>, tailmatch, http_only| Cookie {
        name: name.into(),
        value: value.into(),
        domain: Some("example.com".into()),
        path: path.map(str::to_string),
        spath: None,
        expires: 0,
        tailmatch,
        secure: false,
        http_only,
        live: true,
        creation: 1,
    };
    let cases = vec![
        (
            cookie("a", "1", Some("/a/"), false, false),
            Ok("example.com\tFALSE\t/a/\tFALSE\t0\ta\t1"),
        ),
        (
            cookie("d", "v", Some("/"), true, true),
            Ok("#HttpOnly_.example.com\tTRUE\t/\tFALSE\t0\td\tv"),
        ),
        (
            cookie("sp", "v 2", Some("/"), false, false),
            Ok("example.com\tFALSE\t/\tFALSE\t0\tsp\tv 2"),
        ),
        (
            cookie("emp", "", Some("/"), false, false),
            Ok("example.com\tFALSE\t/\tFALSE\t0\temp\t"),
        ),
        // A name with a space: Hurl's reading shifts it into the value.
        (
            cookie("j k", "1", Some("/"), false, false),
            Ok("example.com\tFALSE\t/\tFALSE\t0\tj\tk\t1"),
        ),
        // An empty path or a path with a space: Hurl cannot read the line, it is left out.
        (
            cookie("q5", "5", Some(""), false, false),
            Err(NetscapeError::BadFlag("secure flag", "0".into())),
        ),
        (
            cookie("i", "1", Some("/a b"), false, false),
            Err(NetscapeError::BadFlag("secure flag", "b".into())),
        ),
    ];
    for (c, expected) in cases {
        assert_eq!(
            hurl_line(&c),
            expected.map(str::to_string),
            "{}",
            c.to_netscape()
        );
    }
}

#[test]
fn cookie_file_line_length() {
    let ok = format!("a\t{}", "x".repeat(4996));
    let too_long = format!("b\t{}", "x".repeat(4997));
    let text = format!("{ok}\n{too_long}\r\nlast");
    let lines: Vec<&str> = file_lines(&text).collect();
    assert_eq!(lines, vec![ok.as_str(), "last"]);
    let at_eof = format!("c\t{}", "x".repeat(4997));
    assert_eq!(file_lines(&at_eof).count(), 0);
}

#[test]
fn jar_file_frame() {
    assert_eq!(
        format!("{JAR_FILE_HEADER}{}", jar_file_section("a/b.hurl")),
        "# Netscape HTTP Cookie File\n# This file was generated by Hurl\n\n# Cookies for file <a/b.hurl>\n"
    );
}
