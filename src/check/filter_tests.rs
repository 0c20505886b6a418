//! Every filter: input value and arguments → value, no value, or an error naming the filter.

use std::time::Duration;

use chrono::{TimeZone, Utc};

use super::*;
use crate::check::testutil::{assert_line, json_response, TestContext};
use crate::check::{CheckErrorKind, ResponseData};

/// What a filter chain should give.
enum Want {
    /// This value.
    V(Value),
    /// No value.
    Nothing,
    /// A runtime error whose message contains this.
    Err(&'static str),
}
use Want::{Err as E, Nothing, V};

fn s(text: &str) -> Want {
    V(Value::String(text.to_string()))
}

fn i(n: i64) -> Want {
    V(Value::Integer(n))
}

fn b(bytes: &[u8]) -> Value {
    Value::Bytes(bytes.to_vec())
}

fn str_(text: &str) -> Value {
    Value::String(text.to_string())
}

fn list(items: &[i64]) -> Value {
    Value::List(items.iter().map(|n| Value::Integer(*n)).collect())
}

/// Runs `variable "in" <filters>` with `input` as the variable `in`.
fn run(input: Option<&Value>, filters: &str) -> Result<Option<Value>, CheckError> {
    let mut vars = vec![("idx", Value::Integer(2)), ("sep", str_(";"))];
    if let Some(v) = input {
        vars.push(("in", v.clone()));
    }
    let cx = TestContext::with(&vars);
    let a = assert_line(&format!("variable \"in\" {filters} exists"));
    let response = json_response("{}");
    let data = ResponseData {
        response: &response,
        redirects: &[],
        duration: Duration::ZERO,
    };
    let v = crate::check::eval_query(&a.query, &data, &cx)?;
    apply_filters(&a.filters, v, &cx)
}

fn check_rows(rows: Vec<(Value, &str, Want)>) {
    for (input, filters, want) in rows {
        let got = run(Some(&input), filters);
        match (want, got) {
            (V(v), Ok(Some(got))) => assert_eq!(got, v, "{input} {filters}"),
            (Nothing, Ok(None)) => {}
            (E(fragment), Err(e)) => {
                assert_eq!(e.kind, CheckErrorKind::Runtime, "{input} {filters}");
                assert!(
                    e.message.contains(fragment),
                    "{input} {filters}: {}",
                    e.message
                );
            }
            (_, got) => panic!("{input} {filters}: unexpected {got:?}"),
        }
    }
}

#[test]
fn collection_filters() {
    let tags = Value::List(vec![str_("a"), str_("b")]);
    let obj = Value::Object(vec![("a".into(), Value::Integer(1))]);
    check_rows(vec![
        (list(&[1, 2, 3]), "count", i(3)),
        (list(&[]), "count", i(0)),
        (b(&[1, 2]), "count", i(2)),
        (
            Value::Integer(3),
            "count",
            E("filter 'count' expects a list or bytes, got integer"),
        ),
        (
            str_("abc"),
            "count",
            E("filter 'count' expects a list or bytes, got string"),
        ),
        (
            obj.clone(),
            "count",
            E("filter 'count' expects a list or bytes, got object"),
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
    check_rows(vec![
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
        (str_("a/b c?d=é"), "urlEncode", s("a/b%20c%3Fd%3D%C3%A9")),
        (
            str_("https://mozilla.org/?x=шеллы"),
            "urlEncode",
            s("https%3A//mozilla.org/%3Fx%3D%D1%88%D0%B5%D0%BB%D0%BB%D1%8B"),
        ),
        (
            Value::Integer(1),
            "urlEncode",
            E("filter 'urlEncode' expects a string, got integer"),
        ),
        (
            str_("https://mozilla.org/?x=%D1%88%D0%B5%D0%BB%D0%BB%D1%8B"),
            "urlDecode",
            s("https://mozilla.org/?x=шеллы"),
        ),
        (str_("100% a%2 %zz+"), "urlDecode", s("100% a%2 %zz+")),
        (
            b(b"%41"),
            "urlDecode",
            E("filter 'urlDecode' expects a string, got bytes"),
        ),
        (
            str_("<a href=\"x\">Tom & Jerry's</a>"),
            "htmlEscape",
            s("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/a&gt;"),
        ),
        (
            Value::Null,
            "htmlEscape",
            E("filter 'htmlEscape' expects a string, got null"),
        ),
        (
            str_("&lt;b&gt; &amp;amp; &#39; &#x27; &copy; &unknown; & alone &#xZZ;"),
            "htmlUnescape",
            s("<b> &amp; ' ' © &unknown; & alone &#xZZ;"),
        ),
        (
            Value::Integer(1),
            "htmlUnescape",
            E("filter 'htmlUnescape' expects a string, got integer"),
        ),
    ]);
}

#[test]
fn conversion_filters() {
    check_rows(vec![
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
            str_("<a/>"),
            r#"xpath "//a""#,
            E("filter 'xpath': xpath is not supported yet"),
        ),
    ]);
}

#[test]
fn bytes_filters() {
    let raw = [0x3c, 0x3c, 0x3f, 0x3f, 0x3f, 0x3e, 0x3e];
    check_rows(vec![
        (str_("PDw/Pz8+Pg=="), "base64Decode", V(b(&raw))),
        (str_("PDw/Pz8+Pg"), "base64Decode", V(b(&raw))),
        (
            str_("!@#"),
            "base64Decode",
            E("filter 'base64Decode': the string is not base64"),
        ),
        (
            b(&raw),
            "base64Decode",
            E("filter 'base64Decode' expects a string, got bytes"),
        ),
        (b(&raw), "base64Encode", s("PDw/Pz8+Pg==")),
        (
            str_("abc"),
            "base64Encode",
            E("filter 'base64Encode' expects bytes, got string"),
        ),
        (str_("PDw_Pz8-Pg"), "base64UrlSafeDecode", V(b(&raw))),
        (str_("PDw_Pz8-Pg=="), "base64UrlSafeDecode", V(b(&raw))),
        (
            str_("PDw/Pz8+Pg"),
            "base64UrlSafeDecode",
            E("filter 'base64UrlSafeDecode': the string is not URL-safe base64"),
        ),
        (
            Value::Integer(1),
            "base64UrlSafeDecode",
            E("filter 'base64UrlSafeDecode' expects a string, got integer"),
        ),
        (b(&raw), "base64UrlSafeEncode", s("PDw_Pz8-Pg")),
        (
            list(&[1]),
            "base64UrlSafeEncode",
            E("filter 'base64UrlSafeEncode' expects bytes, got list"),
        ),
        (
            b(&[0xc4, 0xe3, 0xba, 0xc3]),
            r#"decode "gb2312""#,
            s("你好"),
        ),
        (b("你好".as_bytes()), r#"decode "utf-8""#, s("你好")),
        (
            b(&[0xff]),
            r#"decode "utf-8""#,
            E("filter 'decode': the bytes are not valid utf-8"),
        ),
        (
            b(b"x"),
            r#"decode "klingon""#,
            E("filter 'decode': unknown charset 'klingon'"),
        ),
        (
            str_("café"),
            r#"decode "utf-8""#,
            E("filter 'decode' expects bytes, got string"),
        ),
        (
            b(&[0x63, 0x61, 0x66, 0xe9]),
            r#"charsetDecode "iso-8859-1""#,
            s("café"),
        ),
        (
            str_("x"),
            r#"charsetDecode "utf-8""#,
            E("filter 'charsetDecode' expects bytes, got string"),
        ),
        (
            b(b"Hello \xF0\x90\x80World"),
            "utf8Decode",
            s("Hello \u{fffd}World"),
        ),
        (
            str_("x"),
            "utf8Decode",
            E("filter 'utf8Decode' expects bytes, got string"),
        ),
        (
            str_("café"),
            "utf8Encode",
            V(b(&[0x63, 0x61, 0x66, 0xc3, 0xa9])),
        ),
        (
            b(b"x"),
            "utf8Encode",
            E("filter 'utf8Encode' expects a string, got bytes"),
        ),
        (b(&raw), "toHex", s("3c3c3f3f3f3e3e")),
        (str_("café"), "utf8Encode toHex", s("636166c3a9")),
        (
            str_("x"),
            "toHex",
            E("filter 'toHex' expects bytes, got string"),
        ),
        (str_("aGk="), "base64Decode utf8Decode", s("hi")),
    ]);
}

#[test]
fn date_filters() {
    let date = Value::Date(Utc.with_ymd_and_hms(2024, 1, 31, 10, 20, 30).unwrap());
    let midnight = Value::Date(Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap());
    let shifted = Value::Date(Utc.with_ymd_and_hms(2020, 8, 27, 7, 7, 46).unwrap());
    let soon = Value::Date(Utc::now() + chrono::Duration::hours(30));
    let ago = Value::Date(Utc::now() - chrono::Duration::hours(50));
    check_rows(vec![
        (str_("2024-01-31"), r#"toDate "%Y-%m-%d""#, V(midnight)),
        (
            str_("2024-01-31 10:20:30"),
            r#"toDate "%Y-%m-%d %H:%M:%S""#,
            V(date.clone()),
        ),
        (
            str_("2024-01-31T10:20:30.000Z"),
            r#"toDate "%Y-%m-%dT%H:%M:%S%.fZ""#,
            V(date.clone()),
        ),
        (
            str_("2020-08-27 09:07:46 +02:00"),
            r#"toDate "%Y-%m-%d %H:%M:%S %:z""#,
            V(shifted),
        ),
        (
            str_("31/01"),
            r#"toDate "%Y-%m-%d""#,
            E("filter 'toDate': \"31/01\" does not match the date format \"%Y-%m-%d\""),
        ),
        (
            Value::Integer(1),
            r#"toDate "%Y""#,
            E("filter 'toDate' expects a string, got integer"),
        ),
        (date.clone(), r#"dateFormat "%Y/%m/%d""#, s("2024/01/31")),
        (date.clone(), r#"format "%A %H:%M""#, s("Wednesday 10:20")),
        (
            date.clone(),
            r#"dateFormat "%Q""#,
            E("filter 'dateFormat': invalid date format \"%Q\""),
        ),
        (
            str_("2024"),
            r#"dateFormat "%Y""#,
            E("filter 'dateFormat' expects a date, got string"),
        ),
        (
            str_("2024-01-31"),
            r#"toDate "%Y-%m-%d" dateFormat "%d.%m.%Y""#,
            s("31.01.2024"),
        ),
        (soon.clone(), "daysAfterNow", i(1)),
        (soon, "daysBeforeNow", i(-1)),
        (ago.clone(), "daysBeforeNow", i(2)),
        (ago, "daysAfterNow", i(-2)),
        (
            str_("2024-01-31"),
            "daysAfterNow",
            E("filter 'daysAfterNow' expects a date, got string"),
        ),
        (
            Value::Integer(3),
            "daysBeforeNow",
            E("filter 'daysBeforeNow' expects a date, got integer"),
        ),
    ]);
}

#[test]
fn location_filter() {
    let step = Value::Object(vec![
        ("location".into(), str_("https://example.com/b")),
        ("status".into(), Value::Integer(302)),
    ]);
    check_rows(vec![
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
        let e = run(input.as_ref(), filters).unwrap_err();
        assert_eq!(e.kind, CheckErrorKind::Assert);
        assert_eq!(e.message, message);
        let a = assert_line(&format!("variable \"in\" {filters} exists"));
        assert_eq!(e.span, a.filters[index].span);
    }
    // No filter: the value goes through untouched, even none.
    assert_eq!(run(None, "").unwrap(), None);
}

#[test]
fn type_errors_point_at_the_filter() {
    let e = run(Some(&Value::Integer(1)), "toString toInt nth 0").unwrap_err();
    let a = assert_line("variable \"in\" toString toInt nth 0 exists");
    assert_eq!(e.message, "filter 'nth' expects a list, got integer");
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
        let e = run(Some(&input), text).unwrap_err();
        assert_eq!(e.kind, CheckErrorKind::Runtime);
        assert!(
            e.message.starts_with(&format!("filter '{name}'")),
            "{text}: {}",
            e.message
        );
    }
}
