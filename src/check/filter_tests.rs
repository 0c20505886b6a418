//! Every filter: input value and arguments → value, no value, or an error naming the filter.

use super::*;
use crate::check::testutil::{
    assert_line, b, check_filters, list, run_filters, str_, want_int as i, want_str as s, Want,
};
use crate::check::CheckErrorKind;
use Want::{Err as E, Nothing, V};

#[test]
fn collection_filters() {
    let tags = Value::List(vec![str_("a"), str_("b")]);
    let obj = Value::Object(vec![("a".into(), Value::Integer(1))]);
    check_filters(vec![
        (list(&[1, 2, 3]), "count", i(3)),
        (Value::Nodeset(2), "count", i(2)),
        (list(&[]), "count", i(0)),
        (b(&[1, 2]), "count", i(2)),
        (
            Value::Integer(3),
            "count",
            E("filter 'count' expects a list, bytes or a node-set, got integer"),
        ),
        (
            str_("abc"),
            "count",
            E("filter 'count' expects a list, bytes or a node-set, got string"),
        ),
        (
            obj.clone(),
            "count",
            E("filter 'count' expects a list, bytes or a node-set, got object"),
        ),
        (list(&[10, 20, 30]), "nth 0", i(10)),
        (list(&[10, 20, 30]), "nth 1", i(20)),
        (list(&[10, 20, 30]), "nth -1", i(30)),
        (list(&[10, 20, 30]), "nth -3", i(10)),
        (list(&[10, 20, 30]), "nth {{idx}}", i(30)),
        (
            list(&[10, 20, 30]),
            "nth 3",
            E("filter 'nth': index 3 is out of bounds (the list has 3 items)"),
        ),
        (
            list(&[10, 20, 30]),
            "nth -4",
            E("filter 'nth': index -4 is out of bounds"),
        ),
        (
            list(&[10, 20, 30]),
            "nth {{sep}}",
            E("filter 'nth': the index \";\" is not an integer"),
        ),
        (
            str_("abc"),
            "nth 0",
            E("filter 'nth' expects a list, got string"),
        ),
        (list(&[10, 20, 30]), "first", i(10)),
        (list(&[10, 20, 30]), "last", i(30)),
        (list(&[]), "first", E("filter 'first': the list is empty")),
        (list(&[]), "last", E("filter 'last': the list is empty")),
        (
            obj.clone(),
            "first",
            E("filter 'first' expects a list, got object"),
        ),
        (
            Value::Null,
            "last",
            E("filter 'last' expects a list, got null"),
        ),
        (tags.clone(), "nth 1", s("b")),
        (
            str_("a,b,c"),
            r#"split ",""#,
            V(Value::List(vec![str_("a"), str_("b"), str_("c")])),
        ),
        (
            str_("a;b"),
            r#"split "{{sep}}""#,
            V(Value::List(vec![str_("a"), str_("b")])),
        ),
        (str_("a,b,c"), r#"split "," count"#, i(3)),
        (str_("a,b,c"), r#"split "," nth 2"#, s("c")),
        (
            tags,
            r#"split ",""#,
            E("filter 'split' expects a string, got list"),
        ),
    ]);
}

#[test]
fn text_filters() {
    check_filters(vec![
        (str_("a.b.c"), r#"replace "." "-""#, s("a-b-c")),
        (str_("1234 [0-9]"), r#"replace "[0-9]" "x""#, s("1234 x")),
        (str_("a.b.c"), r#"replace /[ab]/ "x""#, s("x.x.c")),
        (str_("a1b22"), r#"replaceRegex "\\d+" "N""#, s("aNbN")),
        (str_("1 2\t3  4"), r#"replaceRegex /\s+/ ",""#, s("1,2,3,4")),
        (
            str_("john smith"),
            r#"replaceRegex "(\\w+) (\\w+)" "$2 $1""#,
            s("smith john"),
        ),
        (
            str_("abc"),
            r#"replaceRegex "(" "x""#,
            E("invalid regex '('"),
        ),
        (
            Value::Integer(1),
            r#"replace "1" "2""#,
            E("filter 'replace' expects a string, got integer"),
        ),
        (
            Value::Bool(true),
            r#"replaceRegex "t" "f""#,
            E("filter 'replaceRegex' expects a string, got boolean"),
        ),
        (str_("id=42;"), r#"regex "id=(\\d+)""#, s("42")),
        (str_("id=42;"), r"regex /\d+/", s("42")),
        (str_("id=42;"), r"regex /z(\d)/", Nothing),
        (str_("id=42;"), "regex /(/", E("invalid regex '('")),
        (
            Value::Integer(42),
            r"regex /\d+/",
            E("filter 'regex' expects a string, got integer"),
        ),
        (
            str_("https://x.org/?text=%E4%BD%A0&a=1"),
            r#"urlQueryParam "text""#,
            s("你"),
        ),
        (
            str_("https://x.org/?text=%E4%BD%A0&a=1"),
            r#"urlQueryParam "a""#,
            s("1"),
        ),
        (
            str_("https://x.org/?text=%E4%BD%A0&a=1"),
            r#"urlQueryParam "b""#,
            Nothing,
        ),
        (
            str_("x.org/?a=1"),
            r#"urlQueryParam "a""#,
            E("filter 'urlQueryParam': invalid URL 'x.org/?a=1'"),
        ),
        (
            b(b"x"),
            r#"urlQueryParam "a""#,
            E("filter 'urlQueryParam' expects a string, got bytes"),
        ),
    ]);
}

#[test]
fn conversion_filters() {
    check_filters(vec![
        (str_("42"), "toInt", i(42)),
        (str_("-7"), "toInt", i(-7)),
        (Value::Float(4.9), "toInt", i(4)),
        (Value::Float(-4.9), "toInt", i(-4)),
        (Value::Integer(7), "toInt", i(7)),
        (
            str_("4x"),
            "toInt",
            E("filter 'toInt': \"4x\" is not an integer"),
        ),
        (
            Value::BigInteger("18446744073709551616".into()),
            "toInt",
            E("filter 'toInt': 18446744073709551616 is too big"),
        ),
        (
            Value::Bool(true),
            "toInt",
            E("filter 'toInt' expects a number or a string, got boolean"),
        ),
        (str_("3.5"), "toFloat", V(Value::Float(3.5))),
        (Value::Integer(2), "toFloat", V(Value::Float(2.0))),
        (Value::Float(2.5), "toFloat", V(Value::Float(2.5))),
        (
            str_("x"),
            "toFloat",
            E("filter 'toFloat': \"x\" is not a number"),
        ),
        (
            Value::Null,
            "toFloat",
            E("filter 'toFloat' expects a number or a string, got null"),
        ),
        (Value::Integer(42), "toString", s("42")),
        (Value::Float(1.5), "toString", s("1.5")),
        (Value::Float(2.0), "toString", s("2.0")),
        (Value::Bool(true), "toString", s("true")),
        (Value::Null, "toString", s("null")),
        (str_("s"), "toString", s("s")),
        (
            Value::BigInteger("18446744073709551616".into()),
            "toString",
            s("18446744073709551616"),
        ),
        (
            list(&[1]),
            "toString",
            E("filter 'toString' expects a string, a number, a boolean, null or a date, got list"),
        ),
        (str_("12"), "toInt toString", s("12")),
        (str_(r#"{"a":{"b":[1,2]}}"#), r#"jsonpath "$.a.b[1]""#, i(2)),
        (
            str_(r#"{"a":{"b":[1,2]}}"#),
            r#"jsonpath "$.a.b[*]""#,
            V(list(&[1, 2])),
        ),
        (str_(r#"{"a":1}"#), r#"jsonpath "$.z""#, Nothing),
        (
            Value::Object(vec![("a".into(), list(&[5, 6]))]),
            r#"jsonpath "$.a[0]""#,
            i(5),
        ),
        (
            str_("not json"),
            r#"jsonpath "$.a""#,
            E("filter 'jsonpath': the string is not valid JSON"),
        ),
        (
            str_("{}"),
            r#"jsonpath "$.[""#,
            E("invalid JSONPath expression '$.['"),
        ),
        (
            Value::Integer(1),
            r#"jsonpath "$""#,
            E("filter 'jsonpath' expects a string of JSON, a list or an object, got integer"),
        ),
        (
            str_("<a><b/><b/></a>"),
            r#"xpath "//b""#,
            V(Value::Nodeset(2)),
        ),
        (str_("<p>hi</p>"), r#"xpath "string(//p)""#, V(str_("hi"))),
        (
            str_("<a/>"),
            r#"xpath "//a[""#,
            E("XPath expression is not valid"),
        ),
        (
            Value::Integer(1),
            r#"xpath "//a""#,
            E("filter 'xpath' expects a string, got integer"),
        ),
    ]);
}

#[test]
fn location_filter() {
    let step = Value::Object(vec![
        ("location".into(), str_("https://example.com/b")),
        ("status".into(), Value::Integer(302)),
    ]);
    check_filters(vec![
        (
            Value::List(vec![step.clone()]),
            "nth 0 location",
            s("https://example.com/b"),
        ),
        (
            Value::List(vec![step.clone()]),
            "last location",
            s("https://example.com/b"),
        ),
        (step, "location urlQueryParam \"a\"", Nothing),
        (
            str_("https://x"),
            "location",
            E("filter 'location' expects a redirect step"),
        ),
        (
            Value::Object(vec![]),
            "location",
            E("filter 'location' expects a redirect step, got object"),
        ),
    ]);
}

#[test]
fn missing_input_is_an_assert_error_at_the_filter() {
    let rows = [
        (
            None,
            "count",
            "filter 'count' has no value: the query returned none",
            0,
        ),
        (
            Some(str_("a")),
            "regex /z/ toInt",
            "filter 'toInt' has no value: filter 'regex' returned none",
            1,
        ),
    ];
    for (input, filters, message, index) in rows {
        let e = run_filters(input.as_ref(), filters).unwrap_err();
        assert!(
            matches!(e.kind, CheckErrorKind::FilterNoInput { .. }),
            "{e:?}"
        );
        assert_eq!(e.to_string(), message);
        let a = assert_line(&format!("variable \"in\" {filters} exists"));
        assert_eq!(e.span, a.filters[index].span);
    }
    // No filter: the value goes through untouched, even none.
    assert_eq!(run_filters(None, "").unwrap(), None);
}

#[test]
fn type_errors_point_at_the_filter() {
    let e = run_filters(Some(&Value::Integer(1)), "toString toInt nth 0").unwrap_err();
    let a = assert_line("variable \"in\" toString toInt nth 0 exists");
    assert_eq!(e.to_string(), "filter 'nth' expects a list, got integer");
    assert_eq!(e.span, a.filters[2].span);
}

#[test]
fn every_filter_has_its_name() {
    let names = [
        "base64Decode",
        "base64Encode",
        "base64UrlSafeDecode",
        "base64UrlSafeEncode",
        "charsetDecode \"utf-8\"",
        "count",
        "dateFormat \"%Y\"",
        "daysAfterNow",
        "daysBeforeNow",
        "decode \"utf-8\"",
        "first",
        "format \"%Y\"",
        "htmlEscape",
        "htmlUnescape",
        "jsonpath \"$\"",
        "last",
        "location",
        "nth 0",
        "regex /a/",
        "replace \"a\" \"b\"",
        "replaceRegex \"a\" \"b\"",
        "split \",\"",
        "toDate \"%Y\"",
        "toFloat",
        "toHex",
        "toInt",
        "toString",
        "urlDecode",
        "urlEncode",
        "urlQueryParam \"a\"",
        "utf8Decode",
        "utf8Encode",
        "xpath \"//a\"",
    ];
    assert_eq!(names.len(), 33);
    for text in names {
        let a = assert_line(&format!("variable \"in\" {text} exists"));
        let name = filter_name(&a.filters[0].kind);
        assert!(text.starts_with(name), "{text} named {name}");
        // Every filter refuses a value it does not take, naming itself.
        let input = if matches!(name, "toString" | "toInt" | "toFloat") {
            list(&[])
        } else {
            Value::Bool(true)
        };
        let e = run_filters(Some(&input), text).unwrap_err();
        assert!(
            matches!(
                e.kind,
                CheckErrorKind::FilterInputType { .. } | CheckErrorKind::Filter { .. }
            ),
            "{e:?}"
        );
        assert!(
            e.to_string().starts_with(&format!("filter '{name}'")),
            "{text}: {}",
            e
        );
    }
}
