//! Section headers and the items of each section: key-values, multipart, captures, asserts.

use super::{check, fails, lc, ok, run, skips, t};
use crate::spec::ast::{
    Assert, Capture, FileParam, Filter, FilterKind, IntegerArg, KeyValue, MultipartParam,
    Number, Predicate, PredicateFunc, PredicateValue, PredicateValueKind, Query, QueryKind,
    Span,
};
use crate::spec::parser::{In, PResult};
use crate::spec::parser::section::{
    assert, capture, key_value, multipart_param, section_header, SectionName as S,
};

fn kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: t(key),
        value: t(value),
        span: Span::default(),
    }
}

fn file(key: &str, path: &str, content_type: Option<&str>, filename: Option<&str>) -> MultipartParam {
    MultipartParam::File(FileParam {
        key: t(key),
        path: t(path),
        content_type: content_type.map(str::to_string),
        filename: filename.map(t),
        span: Span::default(),
    })
}

fn q(kind: QueryKind) -> Query {
    Query {
        kind,
        span: Span::default(),
    }
}

fn f(kind: FilterKind) -> Filter {
    Filter {
        kind,
        span: Span::default(),
    }
}

fn cap(name: &str, query: QueryKind, filters: Vec<FilterKind>, redact: bool) -> Capture {
    Capture {
        name: t(name),
        query: q(query),
        filters: filters.into_iter().map(f).collect(),
        redact,
        span: Span::default(),
    }
}

fn equals(n: i64) -> Predicate {
    Predicate {
        not: false,
        func: PredicateFunc::Equal(PredicateValue {
            kind: PredicateValueKind::Number(Number::Integer(n)),
            span: Span::default(),
        }),
        span: Span::default(),
    }
}

fn check_assert(query: QueryKind, filters: Vec<FilterKind>, predicate: Predicate) -> Assert {
    Assert {
        query: q(query),
        filters: filters.into_iter().map(f).collect(),
        predicate,
        span: Span::default(),
    }
}

#[test]
fn section_headers() {
    fn rule(i: In) -> PResult<(S, String)> {
        section_header(i).map(|(r, h)| (r, (h.name, h.written.to_string())))
    }
    let known = |name: S, written: &str| (name, written.to_string());
    check(rule, vec![
        ("[Query]\nx", ok(known(S::Query, "Query"), "x")),
        ("[QueryStringParams]", ok(known(S::Query, "QueryStringParams"), "")),
        ("[Form]", ok(known(S::Form, "Form"), "")),
        ("[FormParams]", ok(known(S::Form, "FormParams"), "")),
        ("[Multipart]", ok(known(S::Multipart, "Multipart"), "")),
        ("[MultipartFormData]", ok(known(S::Multipart, "MultipartFormData"), "")),
        ("[Cookies]", ok(known(S::Cookies, "Cookies"), "")),
        ("[Options]", ok(known(S::Options, "Options"), "")),
        ("[BasicAuth]", ok(known(S::BasicAuth, "BasicAuth"), "")),
        ("[Captures]", ok(known(S::Captures, "Captures"), "")),
        ("  [Asserts]  # c\r\nx", ok(known(S::Asserts, "Asserts"), "x")),
        ("[Assert]", fails(1, 2, "unknown section [Assert]; did you mean [Asserts]?")),
        ("[Qeury]", fails(1, 2, "did you mean [Query]?")),
        ("[Foo]", fails(1, 2, "unknown section [Foo]")),
        ("[asserts]", fails(1, 2, "did you mean [Asserts]?")),
        ("[Asserts] x", fails(1, 11, "end of the line")),
        ("[Connection x]", skips(1, 1)),
        ("[Asserts", skips(1, 1)),
        ("[]", skips(1, 1)),
        ("[a b]", skips(1, 1)),
        ("x: [Query]", skips(1, 1)),
        ("", skips(1, 1)),
    ]);
    fn header_span(i: In) -> PResult<Span> {
        section_header(i).map(|(r, h)| (r, h.span))
    }
    let (h, _) = run(header_span, "  [Asserts] # c").unwrap();
    assert_eq!(lc(h), (1, 3, 1, 12));
}

#[test]
fn key_values() {
    check(key_value, vec![
        ("Content-Type: application/json\n", ok(kv("Content-Type", "application/json"), "")),
        ("  Accept :  */*  # any\nX", ok(kv("Accept", "*/*"), "X")),
        ("X-Token: Bearer {{token}}", ok(kv("X-Token", "Bearer {{token}}"), "")),
        ("{{name}}: {{value}}", ok(kv("{{name}}", "{{value}}"), "")),
        ("a\\:b: c:d", ok(kv("a:b", "c:d"), "")),
        ("key:", ok(kv("key", ""), "")),
        ("key:\r\nX", ok(kv("key", ""), "X")),
        ("id: a \\# b # c", ok(kv("id", "a # b"), "")),
        ("name: Émile", ok(kv("name", "Émile"), "")),
        ("key value", skips(1, 1)),
        ("key", skips(1, 1)),
        ("[Asserts]", skips(1, 1)),
        ("GET http://a:80", skips(1, 1)),
        ("{\"a\": 1}", skips(1, 1)),
        ("", skips(1, 1)),
        ("k: v\\x", fails(1, 6, "invalid escape")),
        ("k: {{x", fails(1, 7, "'}}'")),
        ("k\\q: v", fails(1, 3, "invalid escape")),
    ]);
    let (v, _) = run(key_value, "  Accept :  */*  # any").unwrap();
    assert_eq!(v.span.start, 2);
    assert_eq!(lc(v.key.span), (1, 3, 1, 9));
    assert_eq!(lc(v.value.span), (1, 13, 1, 16));
}

#[test]
fn multipart_params() {
    check(multipart_param, vec![
        ("field: value", ok(MultipartParam::Field(kv("field", "value")), "")),
        ("field: file", ok(MultipartParam::Field(kv("field", "file")), "")),
        ("doc: file,report.pdf;", ok(file("doc", "report.pdf", None, None), "")),
        ("doc: file, report.pdf ; # c\nX", ok(file("doc", "report.pdf", None, None), "X")),
        ("doc: file,report.pdf; application/pdf", ok(file("doc", "report.pdf", Some("application/pdf"), None), "")),
        ("doc: file,{{dir}}/a.pdf;", ok(file("doc", "{{dir}}/a.pdf", None, None), "")),
        (
            "doc: file,tmp/a1.pdf; application/pdf; filename=q3.pdf",
            ok(file("doc", "tmp/a1.pdf", Some("application/pdf"), Some("q3.pdf")), ""),
        ),
        ("doc: file,tmp/a1.pdf; filename=q3.pdf", ok(file("doc", "tmp/a1.pdf", None, Some("q3.pdf")), "")),
        ("doc: file,a.pdf;filename={{n}}.pdf  ", ok(file("doc", "a.pdf", None, Some("{{n}}.pdf")), "")),
        ("doc: file,a.pdf", fails(1, 16, "expecting ';' after the file name")),
        ("doc: file,;", fails(1, 11, "file name")),
        ("doc: file,a.pdf; filename=a; filename=b", fails(1, 30, "filename= is given twice")),
        ("doc: file,a.pdf; filename=", fails(1, 27, "file name")),
        ("doc: file,a.pdf; text/plain extra", fails(1, 29, "end of the line")),
        ("doc: file,a.pdf; filename=x; text/plain", fails(1, 30, "end of the line")),
        ("doc file,a.pdf;", skips(1, 1)),
    ]);
}

#[test]
fn captures() {
    let nth = |n| FilterKind::Nth(IntegerArg::Literal(n));
    check(capture, vec![
        ("id: jsonpath \"$.id\"", ok(cap("id", QueryKind::Jsonpath(t("$.id")), vec![], false), "")),
        ("token: header \"X-Token\" redact", ok(cap("token", QueryKind::Header(t("X-Token")), vec![], true), "")),
        ("n: jsonpath \"$.items\" count\nX", ok(cap("n", QueryKind::Jsonpath(t("$.items")), vec![FilterKind::Count], false), "X")),
        (
            "csrf: xpath \"string(//input/@value)\" nth 0 redact # secret",
            ok(cap("csrf", QueryKind::Xpath(t("string(//input/@value)")), vec![nth(0)], true), ""),
        ),
        (
            "x: body split \",\" nth -1 toInt",
            ok(cap("x", QueryKind::Body, vec![FilterKind::Split(t(",")), nth(-1), FilterKind::ToInt], false), ""),
        ),
        ("  s : status", ok(cap("s", QueryKind::Status, vec![], false), "")),
        ("redact: status redact", ok(cap("redact", QueryKind::Status, vec![], true), "")),
        ("x: jsonpth \"$\"", fails(1, 4, "unknown query 'jsonpth'; did you mean 'jsonpath'?")),
        ("x:", fails(1, 3, "expecting a query")),
        ("x: \"a\"", fails(1, 4, "expecting a query")),
        ("x: status ==", fails(1, 11, "end of the line")),
        ("x: status redact extra", fails(1, 18, "end of the line")),
        ("x: status redacted", fails(1, 11, "end of the line")),
        ("x: header", fails(1, 10, "header name")),
        ("x status", skips(1, 1)),
        ("[Asserts]", skips(1, 1)),
    ]);
}

#[test]
fn asserts() {
    use crate::spec::ast::CookieAttribute;
    let exists = Predicate {
        not: false,
        func: PredicateFunc::Exist,
        span: Span::default(),
    };
    let not_empty = Predicate {
        not: true,
        func: PredicateFunc::IsEmpty,
        span: Span::default(),
    };
    let cookie = QueryKind::Cookie(Box::new(crate::spec::ast::CookiePath {
        name: t("id"),
        attribute: Some(CookieAttribute::Secure),
    }));
    check(assert, vec![
        ("status == 200", ok(check_assert(QueryKind::Status, vec![], equals(200)), "")),
        ("  status  ==  200  # ok\nX", ok(check_assert(QueryKind::Status, vec![], equals(200)), "X")),
        ("jsonpath \"$.items\" count == 2", ok(check_assert(QueryKind::Jsonpath(t("$.items")), vec![FilterKind::Count], equals(2)), "")),
        ("body not isEmpty", ok(check_assert(QueryKind::Body, vec![], not_empty), "")),
        ("cookie \"id[Secure]\" exists", ok(check_assert(cookie, vec![], exists), "")),
        ("status==200", fails(1, 7, "a space then a predicate")),
        ("status", fails(1, 7, "a space then a predicate such as == or contains, found the end of the file")),
        ("status count", fails(1, 13, "a space then a predicate")),
        ("status == 200 x", fails(1, 15, "end of the line")),
        ("status == ", fails(1, 11, "expecting a value")),
        ("status equal 200", fails(1, 8, "did you mean 'equals'")),
        ("jsonpth \"$\" == 1", fails(1, 1, "unknown query 'jsonpth'")),
        ("bogus == 1", fails(1, 1, "expecting a query")),
        ("  stauts == 1", fails(1, 3, "did you mean 'status'")),
        ("jsonpath $.a == 1", fails(1, 10, "quoted string")),
        // Lines that cannot start an assert end the section: a body, a header, a request.
        ("{\"a\": 1}", skips(1, 1)),
        ("true", skips(1, 1)),
        ("null", skips(1, 1)),
        ("base64,AA==;", skips(1, 1)),
        ("file,a.json;", skips(1, 1)),
        ("hex,00;", skips(1, 1)),
        ("42", skips(1, 1)),
        ("<a/>", skips(1, 1)),
        ("```\nx\n```", skips(1, 1)),
        ("GET http://x", skips(1, 1)),
        ("[Captures]", skips(1, 1)),
        ("", skips(1, 1)),
    ]);
}
