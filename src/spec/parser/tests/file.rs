//! Whole files: entries and their names, responses, sections in the wrong place, connection
//! blocks, line endings.

use super::{shape, t};
use crate::spec::ast::{SpecFile, Status, Version};
use crate::spec::parse_spec;

/// Parses a file that must be valid.
fn parse(src: &str) -> SpecFile {
    parse_spec(src).unwrap_or_else(|e| panic!("{src:?}: {e}"))
}

/// Checks the error of a file that must be invalid.
fn check_errors(rows: &[(&str, u32, u32, &str)]) {
    for (src, line, column, word) in rows {
        match parse_spec(src) {
            Ok(file) => panic!("{src:?} parsed: {file:?}"),
            Err(e) => {
                let at = crate::spec::source::line_col(src, e.span.start as usize);
                assert_eq!((at.line, at.column), (*line, *column), "{src:?}: {}", e.message);
                assert!(e.message.contains(word), "{src:?}: {}", e.message);
            }
        }
    }
}

#[test]
fn empty_files() {
    for src in ["", "\n\n", "   \n\t\n", "# only\n\n  # comments\n", "# one\r\n# two", "#"] {
        assert_eq!(parse(src), SpecFile::default(), "{src:?}");
    }
}

#[test]
fn entry_names() {
    let rows: &[(&str, &[(&str, bool)])] = &[
        ("GET http://a", &[("GET http://a", false)]),
        ("# Get the user\nGET {{base}}/users/{{id}}\n", &[("Get the user", true)]),
        ("#   Login   \nPOST {{base}}/login  # trailing\n", &[("Login", true)]),
        ("# not the name\n\nGET http://a", &[("GET http://a", false)]),
        ("#\nGET http://a", &[("GET http://a", false)]),
        ("  # indented\n  GET http://a", &[("indented", true)]),
        ("GET {{ base }}/u?q=\\#x  # c", &[("GET {{ base }}/u?q=\\#x", false)]),
        ("# First\r\nGET http://a\r\n", &[("First", true)]),
        (
            "# one\nGET http://a\nHTTP 200\n# two\nPOST http://b\n\nPUT http://c\n",
            &[("one", true), ("two", true), ("PUT http://c", false)],
        ),
        (
            "GET http://a\nHTTP 200\n[Asserts]\nstatus == 200\n# next\nGET http://b\n",
            &[("GET http://a", false), ("next", true)],
        ),
        ("# a\n# b\nGET http://a", &[("b", true)]),
        ("HEAD http://a\nOPTIONS http://b\nDELETE http://c", &[("HEAD http://a", false), ("OPTIONS http://b", false), ("DELETE http://c", false)]),
    ];
    for (src, names) in rows {
        let file = parse(src);
        let got: Vec<(&str, bool)> = file.entries.iter().map(|e| (e.name.as_str(), e.named_by_comment)).collect();
        assert_eq!(got, *names, "{src:?}");
    }
}

#[test]
fn responses() {
    let rows: &[(&str, Option<(Version, Status)>)] = &[
        ("GET http://a", None),
        ("GET http://a\nHTTP 200", Some((Version::Any, Status::Code(200)))),
        ("GET http://a\n\n# c\nHTTP *\n", Some((Version::Any, Status::Any))),
        ("GET http://a\nHTTP/1.0 *", Some((Version::Http10, Status::Any))),
        ("GET http://a\nHTTP/1.1 404 # c", Some((Version::Http11, Status::Code(404)))),
        ("GET http://a\nHTTP/2 201", Some((Version::Http2, Status::Code(201)))),
        ("GET http://a\n  HTTP/3 100", Some((Version::Http3, Status::Code(100)))),
        ("GET http://a\nHTTP 999", Some((Version::Any, Status::Code(999)))),
    ];
    for (src, want) in rows {
        let file = parse(src);
        let got = file.entries[0].response.as_ref().map(|r| (r.version.value, r.status.value));
        assert_eq!(got, *want, "{src:?}");
    }
}

const FULL: &str = r#"# Create an order
POST {{base}}/orders?src=test
Content-Type: application/json
X-Trace: {{trace}} # comment
[Query]
page: 1
[Options]
retry: 2
delay: 1s
[BasicAuth]
bob: secret
{
  "item": "book",
  "qty": {{qty}}
}

HTTP/1.1 201
Location: /orders/{{id}}
[Captures]
order_id: jsonpath "$.id"
[Asserts]
jsonpath "$.item" == "book"
header "Location" startsWith "/orders/"
{"id": {{id}}}
"#;

#[test]
fn full_entry() {
    let file = parse(FULL);
    assert_eq!(file.entries.len(), 1);
    let e = &file.entries[0];
    assert_eq!((e.name.as_str(), e.named_by_comment), ("Create an order", true));
    let r = &e.request;
    assert_eq!(r.method.value, "POST");
    assert_eq!(shape(&r.url), shape(&t("{{base}}/orders?src=test")));
    let headers: Vec<(String, String)> = r.headers.iter().map(|h| (h.key.to_string(), h.value.to_string())).collect();
    assert_eq!(headers, [("Content-Type".into(), "application/json".into()), ("X-Trace".into(), "{{trace}}".into())]);
    assert_eq!(r.query.as_ref().map(|s| s.items.len()), Some(1));
    assert_eq!(r.options.as_ref().map(|s| s.items.len()), Some(2));
    assert_eq!(r.basic_auth.as_ref().map(|s| s.items[0].value.to_string()), Some("secret".into()));
    assert!(r.form.is_none() && r.multipart.is_none() && r.cookies.is_none());
    assert!(matches!(r.body.as_deref(), Some(crate::spec::ast::Body { kind: crate::spec::ast::BodyKind::Json(_), .. })));
    let body = r.body.as_ref().unwrap();
    let at = |offset: u32| crate::spec::source::line_col(FULL, offset as usize);
    assert_eq!((at(body.span.start).line, at(body.span.end).line, at(body.span.end).column), (12, 15, 2));
    let resp = e.response.as_ref().expect("a response");
    assert_eq!((resp.version.value, resp.status.value), (Version::Http11, Status::Code(201)));
    assert_eq!(resp.headers.len(), 1);
    assert_eq!(resp.captures.as_ref().map(|s| s.items.len()), Some(1));
    assert_eq!(resp.asserts.as_ref().map(|s| s.items.len()), Some(2));
    assert!(resp.body.is_some());
    assert_eq!(at(resp.span.start).line, 17);
}

#[test]
fn crlf_line_endings() {
    let lf = FULL.to_string();
    let crlf = lf.replace('\n', "\r\n");
    let (a, b) = (parse(&lf), parse(&crlf));
    // Same tree (spans left out), but a JSON body's text keeps its line ends, as written.
    assert_eq!(shape(&a), shape(&b).replace("\\r\\n", "\\n"));
    let src = "# First\r\nGET http://a\r\nAccept: */*\r\n\r\nHTTP 200\r\n[Asserts]\r\nstatus == 200\r\nbody contains \"x\"\r\n";
    let file = parse(src);
    let e = &file.entries[0];
    assert_eq!(e.name, "First");
    assert_eq!(e.request.headers[0].value.to_string(), "*/*");
    assert_eq!(e.response.as_ref().and_then(|r| r.asserts.as_ref()).map(|s| s.items.len()), Some(2));
}

#[test]
fn connections() {
    let src = "[Connection a]\ntype: basic\nusername: u\npassword: p\n\n[Connection b]\ntype: api-key\napi-key: k\n\n# Call\nGET http://x\n";
    let file = parse(src);
    let names: Vec<&str> = file.connections.iter().map(|c| c.name.value.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(file.entries[0].name, "Call");
    check_errors(&[
        (
            "[Connection a]\ntype: basic\nusername: u\npassword: p\n[Connection a]\ntype: api-key\napi-key: k\n",
            5,
            13,
            "connection 'a' is already declared at line 1",
        ),
        ("GET http://a\n[Connection x]\ntype: basic\n", 2, 1, "must come before the first request"),
        ("GET http://a\n\n  [Connection x]\n", 3, 3, "must come before the first request"),
        ("[Connection a]\ntype: basic\nusername: u\n\nGET http://x", 1, 1, "missing the key 'password'"),
    ]);
}

#[test]
fn sections_in_the_wrong_place() {
    check_errors(&[
        ("GET http://a\n[Asserts]\nstatus == 200\n", 2, 2, "[Asserts] belongs to a response"),
        ("GET http://a\n[Captures]\n", 2, 2, "add a status line"),
        ("GET http://a\nHTTP 200\n[Query]\na: b\n", 3, 2, "[Query] belongs to a request"),
        ("GET http://a\nHTTP 200\n[Options]\n", 3, 2, "belongs to a request"),
        ("GET http://a\n[Query]\na: b\n[Query]\nc: d\n", 4, 1, "duplicate section [Query]"),
        ("GET http://a\n[Query]\na: b\n[QueryStringParams]\n", 4, 1, "duplicate section [QueryStringParams]"),
        ("GET http://a\nHTTP 200\n[Asserts]\nstatus == 200\n[Asserts]\n", 5, 1, "duplicate section [Asserts]"),
        ("GET http://a\n[Qeury]\n", 2, 2, "did you mean [Query]?"),
        ("GET http://a\nHTTP 200\n[Assert]\n", 3, 2, "did you mean [Asserts]?"),
        ("GET http://a\n[Options]\nretyr: 1\n", 3, 1, "did you mean 'retry'?"),
        ("GET http://a\nHTTP 200\n[Asserts]\nstauts == 200\n", 4, 1, "did you mean 'status'?"),
    ]);
    // Sections may come in any order, each once.
    let file = parse("GET http://a\n[Options]\nretry: 1\n[Query]\na: b\n[Form]\nc: d\n[Cookies]\ne: f\n");
    let r = &file.entries[0].request;
    assert!(r.options.is_some() && r.query.is_some() && r.form.is_some() && r.cookies.is_some());
    let file = parse("GET http://a\nHTTP 200\n[Asserts]\nstatus == 200\n[Captures]\nx: status\n");
    let resp = file.entries[0].response.as_ref().unwrap();
    assert!(resp.asserts.is_some() && resp.captures.is_some());
}

#[test]
fn request_and_status_lines() {
    check_errors(&[
        ("get http://a", 1, 1, "expecting a request line such as GET https://example.org, found 'g'"),
        ("Get http://a", 1, 1, "HTTP method in capital letters"),
        ("GET", 1, 4, "a space then a URL"),
        ("GET\thttp://a\nGET", 2, 4, "a space then a URL"),
        ("GET   ", 1, 7, "expecting a URL"),
        ("GET http://a\nHTTP 20\n", 2, 6, "status code (100 to 999) or *"),
        ("GET http://a\nHTTP 2000\n", 2, 6, "status code"),
        ("GET http://a\nHTTP 200OK\n", 2, 6, "status code"),
        ("GET http://a\nHTTP/1.2 200\n", 2, 1, "invalid HTTP version 'HTTP/1.2'"),
        ("GET http://a\nHTTPS 200\n", 2, 1, "invalid HTTP version"),
        ("GET http://a\nHTTP\n", 2, 5, "a space then a status code"),
        ("GET http://a\nHTTP 200 OK\n", 2, 10, "end of the line"),
        ("GET http://a\n{\"a\": }\n", 2, 7, "JSON value"),
        ("GET http://a\nX: {{y\n", 2, 7, "'}}'"),
        ("GET http://a\nHTTP 200\nhello\n", 3, 1, "expecting a request line"),
        ("GET http://a\n\nbody text\n", 3, 1, "expecting a request line"),
        ("GET http://a\nHTTP 200\n[Asserts]\nstatus == 200\nGET", 5, 4, "a space then a URL"),
        ("GET http://a\nHTTP 200\n[Asserts]\nstatus == -\n", 4, 12, "digit after '-'"),
    ]);
}

#[test]
fn bodies_and_following_entries() {
    let src = "POST http://a\n```\nGET http://not-a-request\n```\nGET http://b\nHTTP 200\n`ok`\nGET http://c\n";
    let file = parse(src);
    let names: Vec<&str> = file.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["POST http://a", "GET http://b", "GET http://c"]);
    assert!(file.entries[0].request.body.is_some());
    assert!(file.entries[1].response.as_ref().unwrap().body.is_some());
}

#[test]
fn cookie_storage_commands_above_a_request() {
    use crate::spec::ast::CookieStorage;
    let set = |line: &str, clear| Some(CookieStorage { set: Some(line.to_string()), clear });
    let clear = Some(CookieStorage { set: None, clear: true });
    let rows: &[(&str, &[Option<CookieStorage>])] = &[
        ("GET http://a\n", &[None]),
        (
            "# @cookie_storage_set: localhost\tFALSE\t/\tFALSE\t0\tc\tv\nGET http://a\n",
            &[set("localhost\tFALSE\t/\tFALSE\t0\tc\tv", false)],
        ),
        // Blank and other comment lines in between, the first set wins, clear anywhere.
        (
            "#@cookie_storage_set: a\n\n# x @cookie_storage_clear\n# @cookie_storage_set: b\n\nGET http://a\n",
            &[set("a", true)],
        ),
        // Only the lines directly above: not those of an earlier entry.
        (
            "# @cookie_storage_clear\nGET http://a\nHTTP 200\n# named\nGET http://b\n",
            &[clear.clone(), None],
        ),
        (
            "GET http://a\nHTTP 200\n\r\n# @cookie_storage_clear\r\nGET http://b\r\n",
            &[None, clear.clone()],
        ),
    ];
    for (src, expected) in rows {
        let got: Vec<Option<CookieStorage>> = parse(src)
            .entries
            .into_iter()
            .map(|e| e.cookie_storage.map(|b| *b))
            .collect();
        assert_eq!(&got, expected, "{src:?}");
    }
}
