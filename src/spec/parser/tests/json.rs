//! JSON values with templates.

use super::{check, ex, fails, ok, skips, t};
use crate::spec::ast::JsonValue;
use crate::spec::parser::json::{json_value, MAX_JSON_DEPTH};

fn num(s: &str) -> JsonValue {
    JsonValue::Number(s.to_string())
}

fn s(notation: &str) -> JsonValue {
    JsonValue::String(t(notation))
}

fn arr(items: Vec<JsonValue>) -> JsonValue {
    JsonValue::Array(items)
}

fn obj(members: Vec<(&str, JsonValue)>) -> JsonValue {
    JsonValue::Object(members.into_iter().map(|(k, v)| (t(k), v)).collect())
}

fn expr(inside: &str) -> JsonValue {
    JsonValue::Expr(Box::new(ex(inside)))
}

#[test]
fn scalars() {
    check(json_value, vec![
        ("null", ok(JsonValue::Null, "")),
        ("true,", ok(JsonValue::Bool(true), ",")),
        ("false", ok(JsonValue::Bool(false), "")),
        ("0", ok(num("0"), "")),
        ("42 ", ok(num("42"), " ")),
        ("-12.5e+3", ok(num("-12.5e+3"), "")),
        ("1E-7", ok(num("1E-7"), "")),
        ("123456789012345678901234567890", ok(num("123456789012345678901234567890"), "")),
        ("{{count}}", ok(expr("count"), "")),
        ("{{ newUuid }}", ok(expr("newUuid"), "")),
        ("x", skips(1, 1)),
        ("", skips(1, 1)),
        ("True", skips(1, 1)),
        ("-", fails(1, 2, "digit")),
        ("-x", fails(1, 2, "digit")),
        ("1.", fails(1, 3, "decimal point")),
        ("1e", fails(1, 3, "exponent")),
        ("1e-", fails(1, 4, "exponent")),
        ("0.5", ok(num("0.5"), "")),
        ("-0", ok(num("-0"), "")),
        ("01", fails(1, 2, "cannot start with 0")),
        ("-00.5", fails(1, 3, "cannot start with 0")),
        ("{{x", fails(1, 4, "'}}'")),
    ]);
}

#[test]
fn strings() {
    check(json_value, vec![
        ("\"\"", ok(s(""), "")),
        ("\"abc\" x", ok(s("abc"), " x")),
        (r#""a\"b\\c\/d\n\t\r\b\f""#, ok(s("a\"b\\c/d\n\t\r\u{8}\u{c}"), "")),
        (r#""caf\u00e9""#, ok(s("café"), "")),
        (r#""\u00E9\u0041""#, ok(s("éA"), "")),
        (r#""\ud83d\ude00""#, ok(s("😀"), "")),
        (r#""\uD83D\uDE00!""#, ok(s("😀!"), "")),
        ("\"été 😀\"", ok(s("été 😀"), "")),
        ("\"{{name}}\"", ok(s("{{name}}"), "")),
        ("\"id-{{ id }}-{{n}}\"", ok(s("id-{{id}}-{{n}}"), "")),
        ("\"# not a comment\"", ok(s("# not a comment"), "")),
        (r#""\ud83d""#, fails(1, 8, "low surrogate")),
        (r#""\ud83dx""#, fails(1, 8, "low surrogate")),
        (r#""\ud83d\u0041""#, fails(1, 10, "low surrogate")),
        (r#""\udc00""#, fails(1, 4, "lone low surrogate")),
        (r#""\u12G4""#, fails(1, 6, "4 hexadecimal digits")),
        (r#""\u12""#, fails(1, 6, "4 hexadecimal digits")),
        (r#""\x""#, fails(1, 3, "invalid escape")),
        (r#""\u{e9}""#, fails(1, 4, "4 hexadecimal digits")),
        ("\"a\tb\"", fails(1, 3, "control characters")),
        ("\"abc", fails(1, 1, "no closing")),
        ("\"abc\n\"", fails(1, 1, "no closing")),
        ("\"{{x\"", fails(1, 5, "'}}'")),
    ]);
}

#[test]
fn arrays_and_objects() {
    check(json_value, vec![
        ("{}", ok(obj(vec![]), "")),
        ("{ \n }", ok(obj(vec![]), "")),
        ("[]", ok(arr(vec![]), "")),
        ("[ ]x", ok(arr(vec![]), "x")),
        ("[1]x", ok(arr(vec![num("1")]), "x")),
        ("[1, \"a\", null, true]", ok(arr(vec![num("1"), s("a"), JsonValue::Null, JsonValue::Bool(true)]), "")),
        ("[[], [[]], {}]", ok(arr(vec![arr(vec![]), arr(vec![arr(vec![])]), obj(vec![])]), "")),
        ("{\"a\": 1}", ok(obj(vec![("a", num("1"))]), "")),
        ("{\"a\":1,\"a\":2}", ok(obj(vec![("a", num("1")), ("a", num("2"))]), "")),
        (
            "{\"a\": [true, null, {\"c\": \"d\"}], \"b\": -1.5}",
            ok(obj(vec![("a", arr(vec![JsonValue::Bool(true), JsonValue::Null, obj(vec![("c", s("d"))])])), ("b", num("-1.5"))]), ""),
        ),
        ("{\"{{k}}\": {{v}}, \"n\": [{{a}}, \"{{b}}\"]}", ok(obj(vec![("{{k}}", expr("v")), ("n", arr(vec![expr("a"), s("{{b}}")]))]), "")),
        ("{\n  \"a\" : 1 ,\r\n  \"b\":2\n}\n", ok(obj(vec![("a", num("1")), ("b", num("2"))]), "\n")),
    ]);
}

#[test]
fn array_and_object_errors() {
    check(json_value, vec![
        ("[1, 2,]", fails(1, 6, "trailing comma")),
        ("[1, 2 , ]", fails(1, 7, "trailing comma")),
        ("{\"a\": 1,}", fails(1, 8, "trailing comma")),
        ("{\n  \"a\": [\n    1,\n    \n  ]\n}", fails(3, 6, "trailing comma")),
        // A value missing at the end of the file is placed right after the last character.
        ("{\"a\":", fails(1, 6, "found the end of the file")),
        ("{\"a\":\n", fails(1, 6, "found the end of the file")),
        ("[1,\n", fails(1, 4, "found the end of the file")),
        ("[", fails(1, 2, "found the end of the file")),
        ("{", fails(1, 2, "expecting a key, found the end of the file")),
        ("{\"a\": 1", fails(1, 8, "expecting ',' or '}', found the end of the file")),
        ("[1", fails(1, 3, "expecting ',' or ']', found the end of the file")),
        ("[1 2]", fails(1, 4, "expecting ',' or ']', found '2'")),
        ("{\"a\": 1 \"b\": 2}", fails(1, 9, "expecting ',' or '}', found '\"'")),
        ("{\"a\" 1}", fails(1, 6, "expecting ':'")),
        ("{a: 1}", fails(1, 2, "key in double quotes")),
        ("{1: 1}", fails(1, 2, "key in double quotes")),
        ("{\"a\":}", fails(1, 6, "found '}'")),
        ("[,]", fails(1, 2, "found ','")),
        ("[1,,2]", fails(1, 4, "found ','")),
        ("{\"a\": [1, x]}", fails(1, 11, "expecting a JSON value, found 'x'")),
        ("[\"a]", fails(1, 2, "no closing")),
    ]);
}

#[test]
fn nesting_is_limited() {
    let ok_depth = "[".repeat(MAX_JSON_DEPTH) + &"]".repeat(MAX_JSON_DEPTH);
    assert!(super::run(json_value, &ok_depth).is_ok());
    let deep = "[".repeat(MAX_JSON_DEPTH + 1) + &"]".repeat(MAX_JSON_DEPTH + 1);
    let (committed, line, column, message) = super::error_of(json_value, &deep);
    assert_eq!((committed, line, column as usize), (true, 1, MAX_JSON_DEPTH + 1), "{message}");
    assert!(message.contains("too deep"), "{message}");
}
