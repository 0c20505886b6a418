//! Type predicates, and `==` on JSON values and texts with their diffs.

use chrono::{TimeZone, Utc};

use super::*;
use crate::check::testutil::{
    changed_lines, check_predicates, eval_predicate_line as eval, list, str_ as s,
};

#[test]
fn existence_and_types() {
    let date = Some(Value::Date(
        Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap(),
    ));
    let obj = Some(Value::Object(vec![("a".into(), Value::Integer(1))]));
    let empty_obj = Some(Value::Object(vec![]));
    let uuid = "6e3c8bd8-6c8a-4b8a-9d4e-1f2a3b4c5d6e";
    check_predicates(vec![
        (Some(Value::Integer(1)), "exists", true, "exists", "1"),
        (Some(Value::Null), "exists", true, "exists", "null"),
        (None, "exists", false, "exists", "none"),
        (None, "not exists", true, "not exists", "none"),
        (
            Some(Value::Integer(1)),
            "not exists",
            false,
            "not exists",
            "1",
        ),
        (
            Some(Value::Bool(false)),
            "isBoolean",
            true,
            "a boolean",
            "boolean false",
        ),
        (
            Some(s("true")),
            "isBoolean",
            false,
            "a boolean",
            "string \"true\"",
        ),
        (
            Some(list(&[])),
            "isCollection",
            true,
            "a collection",
            "list []",
        ),
        (
            obj.clone(),
            "isCollection",
            true,
            "a collection",
            "object {\"a\":1}",
        ),
        (
            Some(Value::Bytes(vec![])),
            "isCollection",
            true,
            "a collection",
            "bytes hex,;",
        ),
        (
            Some(s("ab")),
            "isCollection",
            false,
            "a collection",
            "string \"ab\"",
        ),
        (
            date.clone(),
            "isDate",
            true,
            "a date",
            "date 2024-01-31T00:00:00+00:00",
        ),
        (
            Some(s("2024-01-31")),
            "isDate",
            false,
            "a date",
            "string \"2024-01-31\"",
        ),
        (Some(s("")), "isEmpty", true, "empty", "string of size 0"),
        (Some(list(&[])), "isEmpty", true, "empty", "list of size 0"),
        (empty_obj, "isEmpty", true, "empty", "object of size 0"),
        (
            Some(Value::Bytes(vec![])),
            "isEmpty",
            true,
            "empty",
            "bytes of size 0",
        ),
        (
            Some(list(&[1, 2])),
            "isEmpty",
            false,
            "empty",
            "list of size 2",
        ),
        (
            Some(list(&[1, 2])),
            "not isEmpty",
            true,
            "not empty",
            "list of size 2",
        ),
        (
            Some(Value::Integer(0)),
            "isEmpty",
            false,
            "empty",
            "integer 0",
        ),
        (
            Some(Value::Integer(0)),
            "not isEmpty",
            false,
            "not empty",
            "integer 0",
        ),
        (
            Some(Value::Float(1.5)),
            "isFloat",
            true,
            "a float",
            "float 1.5",
        ),
        (
            Some(Value::Integer(1)),
            "isFloat",
            false,
            "a float",
            "integer 1",
        ),
        (
            Some(Value::Integer(1)),
            "isInteger",
            true,
            "an integer",
            "integer 1",
        ),
        (
            Some(Value::BigInteger("18446744073709551616".into())),
            "isInteger",
            true,
            "an integer",
            "integer 18446744073709551616",
        ),
        (
            Some(Value::Float(1.0)),
            "isInteger",
            false,
            "an integer",
            "float 1.0",
        ),
        (
            Some(Value::Integer(4)),
            "not isInteger",
            false,
            "not an integer",
            "integer 4",
        ),
        (
            Some(s("192.168.0.1")),
            "isIpv4",
            true,
            "an IPv4 address",
            "string \"192.168.0.1\"",
        ),
        (
            Some(s("256.1.1.1")),
            "isIpv4",
            false,
            "an IPv4 address",
            "string \"256.1.1.1\"",
        ),
        (
            Some(s("::1")),
            "isIpv4",
            false,
            "an IPv4 address",
            "string \"::1\"",
        ),
        (
            Some(s("2001:db8::ff00:42:8329")),
            "isIpv6",
            true,
            "an IPv6 address",
            "string \"2001:db8::ff00:42:8329\"",
        ),
        (
            Some(s("10.0.0.1")),
            "isIpv6",
            false,
            "an IPv6 address",
            "string \"10.0.0.1\"",
        ),
        (
            Some(Value::Integer(1)),
            "isIpv6",
            false,
            "an IPv6 address",
            "integer 1",
        ),
        (
            Some(s("2024-01-31T10:20:30.123Z")),
            "isIsoDate",
            true,
            "an ISO date (YYYY-MM-DDTHH:mm:ss.sssZ)",
            "string \"2024-01-31T10:20:30.123Z\"",
        ),
        (
            Some(s("2024-01-31T10:20:30+02:00")),
            "isIsoDate",
            true,
            "an ISO date (YYYY-MM-DDTHH:mm:ss.sssZ)",
            "string \"2024-01-31T10:20:30+02:00\"",
        ),
        (
            Some(s("2024-01-31")),
            "isIsoDate",
            false,
            "an ISO date (YYYY-MM-DDTHH:mm:ss.sssZ)",
            "string \"2024-01-31\"",
        ),
        (
            date,
            "isIsoDate",
            false,
            "an ISO date (YYYY-MM-DDTHH:mm:ss.sssZ)",
            "date 2024-01-31T00:00:00+00:00",
        ),
        (Some(list(&[1])), "isList", true, "a list", "list [1]"),
        (obj.clone(), "isList", false, "a list", "object {\"a\":1}"),
        (
            Some(Value::Float(1.5)),
            "isNumber",
            true,
            "a number",
            "float 1.5",
        ),
        (
            Some(Value::BigInteger("1".repeat(30))),
            "isNumber",
            true,
            "a number",
            &format!("integer {}", "1".repeat(30)),
        ),
        (Some(s("1")), "isNumber", false, "a number", "string \"1\""),
        (obj, "isObject", true, "an object", "object {\"a\":1}"),
        (Some(list(&[])), "isObject", false, "an object", "list []"),
        (Some(s("")), "isString", true, "a string", "string \"\""),
        (Some(Value::Null), "isString", false, "a string", "null"),
        (
            Some(s(uuid)),
            "isUuid",
            true,
            "a UUID",
            &format!("string \"{uuid}\""),
        ),
        (
            Some(s(&uuid.replace('-', ""))),
            "isUuid",
            false,
            "a UUID",
            &format!("string \"{}\"", uuid.replace('-', "")),
        ),
        (
            Some(s("nope")),
            "not isUuid",
            true,
            "not a UUID",
            "string \"nope\"",
        ),
        (None, "isString", false, "a string", "none"),
        (None, "not isString", true, "not a string", "none"),
    ]);
}

#[test]
fn json_comparisons_show_a_diff() {
    let actual =
        Value::from_json(&serde_json::json!({"name": "Widget", "price": 10, "tags": ["a", "b"]}));
    let out = eval(
        Some(&actual),
        r#"== {"price": 12, "name": "Widget", "tags": ["a", "b"]}"#,
    )
    .unwrap();
    assert!(!out.passed);
    let diff = out.diff.unwrap();
    assert_eq!(
        changed_lines(&diff),
        vec!["-  \"price\": 12,", "+  \"price\": 10,"]
    );
    assert!(diff.ends_with("differs at: $.price"), "{diff}");

    // Reordered keys, 10 vs 10.0 and templates (typed) inside the literal: equal.
    for literal in [
        r#"== {"tags": ["a", "b"], "price": 10.0, "name": "Widget"}"#,
        r#"== {"name": "{{name}}", "price": {{price}}, "tags": {{tags}}}"#,
        "== {{tags}}",
    ] {
        let value = if literal == "== {{tags}}" {
            Value::List(vec![s("a"), s("b")])
        } else {
            actual.clone()
        };
        let out = eval(Some(&value), literal).unwrap();
        assert!(out.passed, "{literal}: {out:?}");
        assert_eq!(out.diff, None);
    }

    // Lists against lists from variables compare by meaning too, with a diff.
    let out = eval(Some(&Value::List(vec![s("a"), s("c")])), "== {{tags}}").unwrap();
    assert_eq!(
        changed_lines(out.diff.as_deref().unwrap()),
        vec!["-  \"b\"", "+  \"c\""]
    );
    assert!(out.diff.unwrap().ends_with("differs at: $[1]"));

    // A JSON literal against a string of JSON (the body) compares by meaning.
    let body = s(r#"{"a": 1.0, "b": [true]}"#);
    assert!(
        eval(Some(&body), r#"== {"b": [true], "a": 1}"#)
            .unwrap()
            .passed
    );
    let out = eval(Some(&body), r#"== {"b": [false], "a": 1}"#).unwrap();
    assert_eq!(
        changed_lines(out.diff.as_deref().unwrap()),
        vec!["-    false", "+    true"]
    );
    let out = eval(Some(&s("not json")), r#"== {"a": 1}"#).unwrap();
    assert!(!out.passed);
    assert_eq!(out.actual, "string \"not json\"");

    // `not ==` passing has no diff; `==` on None has none either.
    assert_eq!(
        eval(Some(&actual), r#"not == {"a": 1}"#).unwrap().diff,
        None
    );
    assert_eq!(eval(None, r#"== {"a": 1}"#).unwrap().actual, "none");
}

#[test]
fn multiline_texts_show_a_line_diff() {
    let out = eval(Some(&s("one\ntwo\nthree\n")), "== ```\none\n2\nthree\n```").unwrap();
    assert!(!out.passed);
    assert_eq!(
        changed_lines(out.diff.as_deref().unwrap()),
        vec!["-2", "+two"]
    );
    assert_eq!(eval(Some(&s("a")), "== \"b\"").unwrap().diff, None);
}
