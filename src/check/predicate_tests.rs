//! Every predicate: actual value and predicate → passed, expected and actual descriptions.

use chrono::{TimeZone, Utc};

use super::*;
use crate::check::testutil::{
    assert_line, check_predicates, eval_predicate_line as eval, list, predicate_context as cx,
    str_ as s,
};
use crate::spec::ast::Span;

#[test]
fn equality() {
    let int = |n| Some(Value::Integer(n));
    check_predicates(vec![
        (int(200), "== 200", true, "== 200", "200"),
        (int(200), "== 201", false, "== 201", "200"),
        (int(200), "equals 201", false, "== 201", "200"),
        (int(200), "== \"200\"", false, "== \"200\"", "integer 200"),
        (int(200), "!= \"200\"", true, "!= \"200\"", "integer 200"),
        (int(200), "not == 201", true, "not == 201", "200"),
        (int(200), "!= 201", true, "!= 201", "200"),
        (int(200), "notEquals 200", false, "!= 200", "200"),
        (
            Some(s("Widget")),
            "== \"Widget\"",
            true,
            "== \"Widget\"",
            "\"Widget\"",
        ),
        (
            Some(s("Gadget")),
            "== \"Widget\"",
            false,
            "== \"Widget\"",
            "\"Gadget\"",
        ),
        (
            Some(s("Widget")),
            "== \"{{name}}\"",
            true,
            "== \"Widget\"",
            "\"Widget\"",
        ),
        (
            Some(s("Widget")),
            "== {{name}}",
            true,
            "== \"Widget\"",
            "\"Widget\"",
        ),
        (int(10), "== {{price}}", true, "== 10", "10"),
        (Some(Value::Float(1.0)), "== 1", true, "== 1", "1.0"),
        (int(1), "== 1.0", true, "== 1.0", "1"),
        (
            Some(Value::Float(0.1 + 0.2)),
            "== 0.3",
            false,
            "== 0.3",
            "0.30000000000000004",
        ),
        (
            Some(Value::BigInteger("18446744073709551616".into())),
            "== 18446744073709551616",
            true,
            "== 18446744073709551616",
            "18446744073709551616",
        ),
        (Some(Value::Null), "== null", true, "== null", "null"),
        (int(0), "== null", false, "== null", "integer 0"),
        (Some(Value::Bool(true)), "== true", true, "== true", "true"),
        (
            Some(Value::Bool(true)),
            "== false",
            false,
            "== false",
            "true",
        ),
        (
            Some(Value::Bytes(vec![1, 2])),
            "== hex,0102;",
            true,
            "== hex,0102;",
            "hex,0102;",
        ),
        (
            Some(Value::Bytes(vec![1, 2])),
            "== base64,AQI=;",
            true,
            "== hex,0102;",
            "hex,0102;",
        ),
        (
            Some(Value::Bytes(vec![1, 2])),
            "== file,data.bin;",
            true,
            "== hex,0102;",
            "hex,0102;",
        ),
        (Some(s("a")), "== `a`", true, "== \"a\"", "\"a\""),
        (
            Some(s("Wed, 21 Oct 2015 07:28:00 GMT")),
            "== \"Wed, 21 Oct 2015 07:28:00 GMT\"",
            true,
            "== \"Wed, 21 Oct 2015 07:28:00 GMT\"",
            "\"Wed, 21 Oct 2015 07:28:00 GMT\"",
        ),
        (None, "== 1", false, "== 1", "none"),
        (None, "!= 1", false, "!= 1", "none"),
        (None, "not == 1", true, "not == 1", "none"),
    ]);
    // A date equals the same date written as text (cookie `Expires`).
    let date = Value::Date(Utc.with_ymd_and_hms(2015, 10, 21, 7, 28, 0).unwrap());
    let out = eval(Some(&date), "== \"Wed, 21 Oct 2015 07:28:00 GMT\"").unwrap();
    assert!(out.passed, "{out:?}");
    assert_eq!(out.actual, "date 2015-10-21T07:28:00+00:00");
}

#[test]
fn ordering() {
    let int = |n| Some(Value::Integer(n));
    let date = Value::Date(Utc.with_ymd_and_hms(2015, 10, 21, 7, 28, 0).unwrap());
    check_predicates(vec![
        (int(5), "> 3", true, "greater than 3", "5"),
        (int(3), "> 3", false, "greater than 3", "3"),
        (int(3), "greaterThan 3.5", false, "greater than 3.5", "3"),
        (int(3), ">= 3", true, "greater than or equal to 3", "3"),
        (
            int(3),
            "greaterThanOrEquals 2.5",
            true,
            "greater than or equal to 2.5",
            "3",
        ),
        (Some(Value::Float(2.5)), "< 3", true, "less than 3", "2.5"),
        (int(3), "lessThan 3", false, "less than 3", "3"),
        (int(3), "<= 2.9", false, "less than or equal to 2.9", "3"),
        (
            int(3),
            "lessThanOrEquals 3",
            true,
            "less than or equal to 3",
            "3",
        ),
        (
            Some(Value::BigInteger("18446744073709551616".into())),
            "> 9223372036854775807",
            true,
            "greater than 9223372036854775807",
            "18446744073709551616",
        ),
        (Some(s("b")), "> \"a\"", true, "greater than \"a\"", "\"b\""),
        (Some(s("B")), "< \"a\"", true, "less than \"a\"", "\"B\""),
        (
            Some(date.clone()),
            "< \"2016-01-01T00:00:00Z\"",
            true,
            "less than \"2016-01-01T00:00:00Z\"",
            "date 2015-10-21T07:28:00+00:00",
        ),
        // Type mismatches fail, with or without `not`.
        (Some(s("b")), "> 3", false, "greater than 3", "string \"b\""),
        (
            Some(s("b")),
            "not > 3",
            false,
            "not greater than 3",
            "string \"b\"",
        ),
        (
            Some(Value::Null),
            "<= 3",
            false,
            "less than or equal to 3",
            "null",
        ),
        (None, "> 3", false, "greater than 3", "none"),
        (None, "not > 3", true, "not greater than 3", "none"),
    ]);
}

#[test]
fn text_and_collections() {
    let bytes = Some(Value::Bytes(vec![1, 2, 3]));
    check_predicates(vec![
        (
            Some(s("application/json")),
            "startsWith \"application\"",
            true,
            "starts with \"application\"",
            "\"application/json\"",
        ),
        (
            Some(s("application/json")),
            "startsWith \"json\"",
            false,
            "starts with \"json\"",
            "\"application/json\"",
        ),
        (
            Some(s("application/json")),
            "endsWith \"json\"",
            true,
            "ends with \"json\"",
            "\"application/json\"",
        ),
        (
            Some(s("application/json")),
            "not endsWith \"xml\"",
            true,
            "not ends with \"xml\"",
            "\"application/json\"",
        ),
        (
            bytes.clone(),
            "startsWith hex,0102;",
            true,
            "starts with hex,0102;",
            "hex,010203;",
        ),
        (
            bytes.clone(),
            "endsWith hex,0203;",
            true,
            "ends with hex,0203;",
            "hex,010203;",
        ),
        (
            bytes.clone(),
            "endsWith hex,01;",
            false,
            "ends with hex,01;",
            "hex,010203;",
        ),
        (
            Some(Value::Integer(12)),
            "startsWith \"1\"",
            false,
            "starts with \"1\"",
            "integer 12",
        ),
        (
            Some(Value::Integer(12)),
            "not startsWith \"1\"",
            false,
            "not starts with \"1\"",
            "integer 12",
        ),
        (
            Some(s("text/html")),
            "contains \"json\"",
            false,
            "contains \"json\"",
            "\"text/html\"",
        ),
        (
            Some(s("application/json")),
            "contains \"json\"",
            true,
            "contains \"json\"",
            "\"application/json\"",
        ),
        (
            bytes.clone(),
            "contains hex,0203;",
            true,
            "contains hex,0203;",
            "hex,010203;",
        ),
        (
            bytes.clone(),
            "contains hex,0301;",
            false,
            "contains hex,0301;",
            "hex,010203;",
        ),
        (
            Some(list(&[1, 2])),
            "contains 2",
            true,
            "contains 2",
            "[1,2]",
        ),
        (
            Some(list(&[1, 2])),
            "contains 2.0",
            true,
            "contains 2.0",
            "[1,2]",
        ),
        (
            Some(list(&[1, 2])),
            "contains 3",
            false,
            "contains 3",
            "[1,2]",
        ),
        (
            Some(Value::Integer(12)),
            "contains \"1\"",
            false,
            "contains \"1\"",
            "integer 12",
        ),
        (
            Some(s("12")),
            "contains 1",
            false,
            "contains 1",
            "string \"12\"",
        ),
        (
            Some(Value::List(vec![s("a"), s("b")])),
            "includes \"b\"",
            true,
            "includes \"b\"",
            "[\"a\",\"b\"]",
        ),
        (Some(list(&[1])), "includes 2", false, "includes 2", "[1]"),
        (
            Some(list(&[1])),
            "not includes 2",
            true,
            "not includes 2",
            "[1]",
        ),
        (
            Some(s("abc")),
            "includes \"a\"",
            false,
            "includes \"a\"",
            "string \"abc\"",
        ),
        (
            Some(s("2024-01-31")),
            r"matches /^\d{4}-\d{2}-\d{2}$/",
            true,
            r"matches /^\d{4}-\d{2}-\d{2}$/",
            "\"2024-01-31\"",
        ),
        (
            Some(s("abc")),
            "matches \"^[a-z]+$\"",
            true,
            "matches \"^[a-z]+$\"",
            "\"abc\"",
        ),
        (
            Some(s("abc1")),
            "matches \"^[a-z]+$\"",
            false,
            "matches \"^[a-z]+$\"",
            "\"abc1\"",
        ),
        (
            Some(s("abc")),
            "matches \"{{name}}\"",
            false,
            "matches \"Widget\"",
            "\"abc\"",
        ),
        (
            Some(Value::Integer(1)),
            r"matches /\d/",
            false,
            r"matches /\d/",
            "integer 1",
        ),
        (None, "contains \"a\"", false, "contains \"a\"", "none"),
        (None, "matches /a/", false, "matches /a/", "none"),
    ]);
}

#[test]
fn errors() {
    let rows = [
        ("matches \"(\"", "invalid regex '('"),
        ("matches /a{2,1}/", "invalid regex 'a{2,1}'"),
        (
            "matches {{price}}",
            "'matches' expects a regex or a string, got integer",
        ),
        ("== {{undefined}}", "undefined variable 'undefined'"),
        ("== file,missing.bin;", "cannot read file 'missing.bin'"),
    ];
    for (predicate, fragment) in rows {
        for actual in [Some(s("x")), None] {
            let e = eval(actual.as_ref(), predicate).unwrap_err();
            assert!(e.to_string().contains(fragment), "{predicate}: {}", e);
        }
    }
    let a = assert_line("status matches \"(\"");
    let e = eval_predicate(&a.predicate, Some(&s("x")), &cx()).unwrap_err();
    let crate::spec::ast::PredicateFunc::Match(pv) = &a.predicate.func else {
        unreachable!()
    };
    assert_eq!(e.span, pv.span);
    assert_ne!(e.span, Span::default());
}

#[test]
fn predicate_values_of_every_kind() {
    let rows: Vec<(&str, Value)> = vec![
        ("null", Value::Null),
        ("true", Value::Bool(true)),
        ("-3", Value::Integer(-3)),
        ("2.50", Value::Float(2.5)),
        (
            "18446744073709551616",
            Value::BigInteger("18446744073709551616".into()),
        ),
        ("\"a{{price}}\"", s("a10")),
        ("```\nx {{name}}\n```", s("x Widget\n")),
        ("`one line`", s("one line")),
        ("base64,AQI=;", Value::Bytes(vec![1, 2])),
        ("hex,0102;", Value::Bytes(vec![1, 2])),
        ("file,data.bin;", Value::Bytes(vec![1, 2])),
        ("{{tags}}", Value::List(vec![s("a"), s("b")])),
        (
            r#"{"n": "{{name}}", "p": {{price}}, "l": [1, 2.5, null, false]}"#,
            Value::Object(vec![
                ("n".into(), s("Widget")),
                ("p".into(), Value::Integer(10)),
                (
                    "l".into(),
                    Value::List(vec![
                        Value::Integer(1),
                        Value::Float(2.5),
                        Value::Null,
                        Value::Bool(false),
                    ]),
                ),
            ]),
        ),
        (
            "[{{price}}, \"x\"]",
            Value::List(vec![Value::Integer(10), s("x")]),
        ),
    ];
    for (text, expected) in rows {
        let a = assert_line(&format!("status == {text}"));
        let crate::spec::ast::PredicateFunc::Equal(pv) = &a.predicate.func else {
            unreachable!()
        };
        assert_eq!(predicate_value(pv, &cx()).unwrap(), expected, "{text}");
    }
    let a = assert_line(r"status matches /a\d/");
    let crate::spec::ast::PredicateFunc::Match(pv) = &a.predicate.func else {
        unreachable!()
    };
    assert_eq!(predicate_value(pv, &cx()).unwrap(), s(r"a\d"));
}
