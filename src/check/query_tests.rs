//! Every query kind on a small response.

use std::time::Duration;

use chrono::TimeZone;

use super::*;
use crate::check::testutil::{assert_line, json_response, redirects, TestContext};
use crate::http::HttpResponse;

const BODY: &str = r#"{"name":"Widget","items":[{"id":1,"price":9.5},{"id":2,"price":12}],"big":18446744073709551616}"#;

fn eval_with(
    query: &str,
    response: &HttpResponse,
    cx: &TestContext,
) -> Result<Option<Value>, CheckError> {
    let a = assert_line(&format!("{query} exists"));
    let redirects = redirects();
    let data = ResponseData {
        response,
        redirects: &redirects,
        duration: Duration::from_millis(345),
        response_type: None,
        document: Default::default(),
    };
    eval_query(&a.query, &data, cx)
}

fn s(text: &str) -> Option<Value> {
    Some(Value::String(text.to_string()))
}

#[test]
fn every_query_kind() {
    let response = json_response(BODY);
    let cx = TestContext::with(&[
        ("h", Value::String("X-Trace".into())),
        ("v", Value::Integer(5)),
    ]);
    let expires = chrono::Utc
        .with_ymd_and_hms(2015, 10, 21, 7, 28, 0)
        .unwrap();
    let step = |location: &str, status: i64| {
        Value::Object(vec![
            ("location".to_string(), Value::String(location.to_string())),
            ("status".to_string(), Value::Integer(status)),
        ])
    };
    let rows: Vec<(&str, Option<Value>)> = vec![
        ("status", Some(Value::Integer(200))),
        ("version", s("1.1")),
        ("url", s("https://api.example.com/items?page=2")),
        (r#"header "X-Trace""#, s("abc")),
        (r#"header "x-trace""#, s("abc")),
        (r#"header "{{h}}""#, s("abc")),
        (
            r#"header "Vary""#,
            Some(Value::List(vec![
                Value::String("Accept".into()),
                Value::String("Origin".into()),
            ])),
        ),
        (r#"header "X-Missing""#, None),
        (r#"cookie "session""#, s("s3cr3t")),
        (r#"cookie "session[Value]""#, s("s3cr3t")),
        (r#"cookie "session[Max-Age]""#, Some(Value::Integer(60))),
        (r#"cookie "session[Path]""#, s("/")),
        (r#"cookie "session[HttpOnly]""#, Some(Value::Bool(true))),
        (r#"cookie "session[Secure]""#, None),
        (r#"cookie "session[SameSite]""#, s("Strict")),
        (r#"cookie "session[Domain]""#, None),
        (r#"cookie "theme[Expires]""#, Some(Value::Date(expires))),
        (r#"cookie "missing""#, None),
        ("body", s(BODY)),
        ("bytes", Some(Value::Bytes(BODY.as_bytes().to_vec()))),
        ("rawbytes", Some(Value::Bytes(BODY.as_bytes().to_vec()))),
        (r#"jsonpath "$.name""#, s("Widget")),
        (r#"jsonpath "$.items[1].price""#, Some(Value::Integer(12))),
        (r#"jsonpath "$.items[0].price""#, Some(Value::Float(9.5))),
        (
            r#"jsonpath "$.items[*].id""#,
            Some(Value::List(vec![Value::Integer(1), Value::Integer(2)])),
        ),
        // As Hurl 8: one node selected is that node, none is no value.
        (
            r#"jsonpath "$.items[?@.price > 10].id""#,
            Some(Value::Integer(2)),
        ),
        (r#"jsonpath "$.missing""#, None),
        (r#"jsonpath "$.missing[*]""#, None),
        (
            r#"jsonpath "$.big""#,
            Some(Value::BigInteger("18446744073709551616".into())),
        ),
        (r#"regex /"name":"(\w+)"/"#, s("Widget")),
        (r#"regex "\"id\":(\\d+)""#, s("1")),
        (r#"regex /Wid\w+/"#, s("Widget")),
        (r#"regex /nomatch(\d)/"#, None),
        (r#"variable "v""#, Some(Value::Integer(5))),
        (r#"variable "undefined""#, None),
        ("duration", Some(Value::Integer(345))),
        (
            "redirects",
            Some(Value::List(vec![
                step("https://example.com/a", 301),
                step("https://example.com/b", 302),
            ])),
        ),
    ];
    for (query, expected) in rows {
        assert_eq!(
            eval_with(query, &response, &cx).unwrap(),
            expected,
            "{query}"
        );
    }
}

#[test]
fn digests_and_charsets() {
    let mut response = json_response("hello");
    let cx = TestContext::default();
    let hex = |v: Option<Value>| match v {
        Some(Value::Bytes(b)) => b.iter().map(|x| format!("{x:02x}")).collect::<String>(),
        other => panic!("not bytes: {other:?}"),
    };
    assert_eq!(
        hex(eval_with("sha256", &response, &cx).unwrap()),
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    );
    assert_eq!(
        hex(eval_with("md5", &response, &cx).unwrap()),
        "5d41402abc4b2a76b9719d911017c592"
    );

    response.headers[0].1 = "text/plain; charset=ISO-8859-1".into();
    response.raw_body = b"caf\xe9".to_vec();
    assert_eq!(eval_with("body", &response, &cx).unwrap(), s("café"));
    assert_eq!(
        eval_with("regex /caf./", &response, &cx).unwrap(),
        s("café")
    );
    response.version = "HTTP/2".into();
    assert_eq!(eval_with("version", &response, &cx).unwrap(), s("2"));
}

#[test]
fn query_errors() {
    let response = json_response(BODY);
    let cx = TestContext::default();
    let rows = [
        (
            r#"jsonpath "$.items[""#,
            "invalid JSONPath expression '$.items['",
        ),
        (r#"jsonpath "$[?@.a =]""#, "invalid JSONPath expression"),
        (r#"regex "(""#, "invalid regex '('"),
        ("regex /a{2,1}/", "invalid regex 'a{2,1}'"),
        (r#"xpath "//a[""#, "XPath expression is not valid"),
        (r#"header "{{nope}}""#, "undefined variable 'nope'"),
    ];
    for (query, fragment) in rows {
        let e = eval_with(query, &response, &cx).unwrap_err();
        assert!(e.to_string().contains(fragment), "{query}: {}", e);
    }

    // An invalid JSONPath written plainly points at the character that is wrong.
    let start = assert_line(r#"jsonpath "$.[" exists"#).query.span.start;
    let e = eval_with(r#"jsonpath "$.[""#, &response, &cx).unwrap_err();
    // `jsonpath "$.` is 12 characters: the caret goes under the `[`.
    assert_eq!((e.span.start, e.span.end), (start + 12, start + 12));
    assert_eq!(
        e.to_string(),
        "invalid JSONPath expression '$.[': expecting a wildcard or a member name"
    );
    // With an escape or a template in it, at the whole query, with the column.
    let cx_vars = TestContext::with(&[("p", Value::String("$.[".into()))]);
    let a = assert_line(r#"jsonpath "{{p}}" exists"#);
    let e = eval_with(r#"jsonpath "{{p}}""#, &response, &cx_vars).unwrap_err();
    assert_eq!(e.span, a.query.span);
    assert!(e.to_string().ends_with("at column 3"), "{e}");
    let e = eval_with(r#"jsonpath "$\u{2e}[""#, &response, &cx).unwrap_err();
    assert_eq!(
        e.span,
        assert_line(r#"jsonpath "$\u{2e}[" exists"#).query.span
    );

    let bom = json_response("\u{feff}{\"a\": 1}");
    assert_eq!(
        eval_with(r#"jsonpath "$.a""#, &bom, &cx).unwrap(),
        Some(Value::Integer(1))
    );

    let text = json_response("<html></html>");
    let e = eval_with(r#"jsonpath "$.a""#, &text, &cx).unwrap_err();
    assert!(
        e.to_string().starts_with("the body is not JSON"),
        "{}",
        e.to_string()
    );

    let mut odd = json_response("x");
    odd.headers[0].1 = "text/plain; charset=klingon".into();
    let e = eval_with("body", &odd, &cx).unwrap_err();
    assert!(
        e.to_string().contains("unknown charset 'klingon'"),
        "{}",
        e.to_string()
    );
}
