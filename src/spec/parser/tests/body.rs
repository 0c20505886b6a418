//! Bodies: JSON, XML, multiline strings, one-line strings, base64, hex and files.

use super::{check, ex, fails, lc, lit, ok, run, skips, t};
use crate::spec::ast::{Body, BodyKind, JsonBody, JsonValue, MultilineString, Span, Template};
use crate::spec::parser::body::{body, multiline, xml};

fn b(kind: BodyKind) -> Body {
    Body {
        kind,
        span: Span::default(),
    }
}

fn m(lang: Option<&str>, content: Template) -> MultilineString {
    MultilineString {
        lang: lang.map(str::to_string),
        content,
        graphql_variables: None,
    }
}

fn block(content: &str) -> Body {
    b(BodyKind::Multiline(Box::new(m(None, t(content)))))
}

/// A JSON body written as `raw`.
fn json(raw: &str, value: JsonValue) -> Body {
    let pieces = crate::spec::parser::body::json_pieces(raw, &value);
    b(BodyKind::Json(Box::new(JsonBody { value, pieces })))
}

#[test]
fn json_bodies() {
    let member = |k: &str, v| JsonValue::Object(vec![(t(k), v)]);
    check(body, vec![
        ("{\"a\": 1}\nHTTP 200", ok(json("{\"a\": 1}", member("a", JsonValue::Number("1".into()))), "HTTP 200")),
        ("  {\"a\": 1}  # c\nrest", ok(json("{\"a\": 1}", member("a", JsonValue::Number("1".into()))), "rest")),
        ("{\n  \"id\": {{id}}\n}\n", ok(json("{\n  \"id\": {{id}}\n}", member("id", JsonValue::Expr(Box::new(ex("id"))))), "")),
        ("[1]", ok(json("[1]", JsonValue::Array(vec![JsonValue::Number("1".into())])), "")),
        ("\"text\"", ok(json("\"text\"", JsonValue::String(t("text"))), "")),
        ("-2.5", ok(json("-2.5", JsonValue::Number("-2.5".into())), "")),
        ("true", ok(json("true", JsonValue::Bool(true)), "")),
        ("null\n\n", ok(json("null", JsonValue::Null), "\n")),
        ("{{payload}}", ok(json("{{payload}}", JsonValue::Expr(Box::new(ex("payload")))), "")),
        ("{\"a\": 1} x", fails(1, 10, "end of the line")),
        ("{\"a\": }", fails(1, 7, "JSON value")),
        ("GET http://x", skips(1, 1)),
        ("[Asserts]", fails(1, 2, "JSON value")),
        ("x: y", skips(1, 1)),
        ("", skips(1, 1)),
    ]);
    let (v, _) = run(body, "  [1, 2]  \n").unwrap();
    assert_eq!(lc(v.span), (1, 3, 1, 9));
}

#[test]
fn xml_bodies() {
    let doc = "<?xml version=\"1.0\"?>\n<!-- c -->\n<a x=\"1\"><b>t</b><c/><![CDATA[<x>]]></a>";
    check(xml, vec![
        ("<a/>", ok("<a/>".to_string(), "")),
        ("<a></a>\nHTTP 200", ok("<a></a>".to_string(), "\nHTTP 200")),
        (doc, ok(doc.to_string(), "")),
        ("<a>\n  <b>x &amp; y</b>\n</a> # c", ok("<a>\n  <b>x &amp; y</b>\n</a>".to_string(), " # c")),
        ("<!DOCTYPE a>\n<a/>", ok("<!DOCTYPE a>\n<a/>".to_string(), "")),
        ("<a t=\"x>y\" u='>'><b/></a>", ok("<a t=\"x>y\" u='>'><b/></a>".to_string(), "")),
        ("<a t=\"x>", fails(1, 1, "not closed")),
        ("<a", fails(1, 1, "not closed")),
        ("<a><!-- x", fails(1, 4, "not closed")),
        ("<a>", fails(1, 1, "not complete")),
        ("<a><b></a>", fails(1, 1, "not complete")),
        ("</a>", fails(1, 1, "unexpected closing tag")),
        ("<?xml version=\"1.0\"?>\nhello <a/>", fails(2, 1, "expecting an XML element")),
        ("<?xml version=\"1.0\"?>", fails(1, 1, "not complete")),
    ]);
    check(body, vec![
        ("<a><b/></a>\n", ok(b(BodyKind::Xml("<a><b/></a>".into())), "")),
        ("<a/> x", fails(1, 6, "end of the line")),
    ]);
}

#[test]
fn multiline_strings() {
    check(multiline, vec![
        ("```\nline1\nline2\n```", ok(m(None, t("line1\nline2\n")), "")),
        ("```\n```", ok(m(None, t("")), "")),
        ("```  \nx\n```\nrest", ok(m(None, t("x\n")), "\nrest")),
        ("```json\n{\"a\": {{x}}}\n```", ok(m(Some("json"), t("{\"a\": {{x}}}\n")), "")),
        ("```graphql\n{ me }\n```", ok(m(Some("graphql"), t("{ me }\n")), "")),
        ("```graphql,\n{ me }\n```", ok(m(Some("graphql"), t("{ me }\n")), "")),
        ("```xml\r\n<a/>\r\n```", ok(m(Some("xml"), t("<a/>\r\n")), "")),
        ("```json \t\n1\n```", ok(m(Some("json"), t("1\n")), "")),
        // Backslashes are text; `raw` keeps `{{…}}` as written.
        ("```\na \\n {{x}}\n```", ok(m(None, t("a \\n {{x}}\n")), "")),
        ("```raw\n{{x}} \\n\n```", ok(m(Some("raw"), lit("{{x}} \\n\n")), "")),
        ("``", skips(1, 1)),
        // Hurl 8 knows json, xml, graphql and raw only, and no text on the opening line.
        ("```hello world```", fails(1, 4, "invalid language hint 'hello world'")),
        ("``````", fails(1, 4, "line break after ```")),
        ("```text\nx\n```", fails(1, 4, "invalid language hint 'text'")),
        ("```jsonx\nx\n```", fails(1, 8, "invalid language hint 'x'")),
        ("```json,escape\n{}\n```", fails(1, 8, "invalid language hint ',escape'")),
        ("```base64\naGk=\n```", fails(1, 4, "invalid language hint 'base64'")),
        ("```\nabc", fails(1, 1, "no closing ```")),
        ("```\n{{x\n```", fails(2, 4, "'}}'")),
    ]);
}

#[test]
fn graphql_variables() {
    let with_vars = |query: &str, raw: &str, value: JsonValue| {
        let mut g = m(Some("graphql"), t(query));
        let pieces = crate::spec::parser::body::json_pieces(raw, &value);
        g.graphql_variables = Some(Box::new(JsonBody { value, pieces }));
        g
    };
    let member = |k: &str, v| JsonValue::Object(vec![(t(k), v)]);
    check(multiline, vec![
        (
            "```graphql\nquery Q($id: ID) { a(id: $id) }\nvariables {\"id\": {{x}}}\n```",
            ok(with_vars("query Q($id: ID) { a(id: $id) }\n", "{\"id\": {{x}}}", member("id", JsonValue::Expr(Box::new(ex("x"))))), ""),
        ),
        (
            "```graphql\n{ me }\n\nvariables  {\n  \"a\": \"b\"\n}\n\n```",
            ok(with_vars("{ me }\n\n", "{\n  \"a\": \"b\"\n}", member("a", JsonValue::String(t("b")))), ""),
        ),
        // Only at the start of a line after the first: otherwise it is part of the query.
        ("```graphql\nvariables {}\n```", ok(m(Some("graphql"), t("variables {}\n")), "")),
        ("```graphql\n{ a }\n  variables {}\n```", ok(m(Some("graphql"), t("{ a }\n  variables {}\n")), "")),
        ("```graphql\n{ a }\nvariables [1]\n```", fails(3, 11, "JSON object of GraphQL variables")),
        ("```graphql\n{ a }\nvariables {} x\n```", fails(3, 14, "``` to close the GraphQL query")),
    ]);
}

#[test]
fn other_bodies() {
    check(body, vec![
        ("```\nhello\n```\n", ok(block("hello\n"), "")),
        ("`one {{x}} line`", ok(b(BodyKind::Oneline(t("one {{x}} line"))), "")),
        ("`a\\`b`  # c", ok(b(BodyKind::Oneline(t("a`b"))), "")),
        ("`abc", fails(1, 5, "'`'")),
        ("base64,SGVsbG8=;", ok(b(BodyKind::Base64(b"Hello".to_vec())), "")),
        ("base64, SGVs\n  bG8= ;\n", ok(b(BodyKind::Base64(b"Hello".to_vec())), "")),
        ("base64,SGVsbG8;", ok(b(BodyKind::Base64(b"Hello".to_vec())), "")),
        ("base64,;", ok(b(BodyKind::Base64(vec![])), "")),
        ("base64,SGVsbG8*;", fails(1, 15, "base64 character")),
        ("base64,SGVsbG8=", fails(1, 8, "';'")),
        ("base64,S;", fails(1, 8, "invalid base64")),
        ("hex,48656c6C6f;", ok(b(BodyKind::Hex(b"Hello".to_vec())), "")),
        ("hex, 48 65 ;", ok(b(BodyKind::Hex(vec![0x48, 0x65])), "")),
        ("hex,;", ok(b(BodyKind::Hex(vec![])), "")),
        ("hex,486;", fails(1, 8, "odd number")),
        ("hex,4g;", fails(1, 6, "hexadecimal digit")),
        ("hex,48", fails(1, 5, "';'")),
        ("file,data.bin;", ok(b(BodyKind::File(t("data.bin"))), "")),
        ("file, {{dir}}/a b.json ;", fails(1, 17, "';'")),
        ("file, {{dir}}/a\\ b.json ;", ok(b(BodyKind::File(t("{{dir}}/a b.json"))), "")),
        ("file,a.bin", fails(1, 11, "';'")),
        ("file,;", fails(1, 6, "file name")),
        ("file,a.bin; x", fails(1, 13, "end of the line")),
    ]);
}
