//! Predicates: every operator and word form, `not`, and every kind of value.

use super::{check, ex, fails, lc, ok, run, t};
use crate::spec::ast::{
    JsonValue, MultilineString, Number, Predicate, PredicateFunc as P, PredicateValue,
    PredicateValueKind as V, Span,
};
use crate::spec::parser::predicate::predicate;

fn pred(not: bool, func: P) -> Predicate {
    Predicate {
        not,
        func,
        span: Span::default(),
    }
}

fn v(kind: V) -> PredicateValue {
    PredicateValue {
        kind,
        span: Span::default(),
    }
}

fn int(n: i64) -> PredicateValue {
    v(V::Number(Number::Integer(n)))
}

fn text(notation: &str) -> PredicateValue {
    v(V::String(t(notation)))
}

fn multi(content: &str) -> PredicateValue {
    v(V::Multiline(Box::new(MultilineString {
        lang: None,
        content: t(content),
        graphql_variables: None,
    })))
}

#[test]
fn operators_and_words() {
    check(predicate, vec![
        ("== 1", ok(pred(false, P::Equal(int(1))), "")),
        ("equals 1", ok(pred(false, P::Equal(int(1))), "")),
        ("!= \"a\"", ok(pred(false, P::NotEqual(text("a"))), "")),
        ("notEquals \"a\"", ok(pred(false, P::NotEqual(text("a"))), "")),
        ("> 1", ok(pred(false, P::Greater(int(1))), "")),
        ("greaterThan 1", ok(pred(false, P::Greater(int(1))), "")),
        (">= 1", ok(pred(false, P::GreaterOrEqual(int(1))), "")),
        ("greaterThanOrEquals 1", ok(pred(false, P::GreaterOrEqual(int(1))), "")),
        ("< 1", ok(pred(false, P::Less(int(1))), "")),
        ("lessThan 1", ok(pred(false, P::Less(int(1))), "")),
        ("<= 1", ok(pred(false, P::LessOrEqual(int(1))), "")),
        ("lessThanOrEquals 1", ok(pred(false, P::LessOrEqual(int(1))), "")),
        ("startsWith \"a\"", ok(pred(false, P::StartWith(text("a"))), "")),
        ("endsWith \"a\"", ok(pred(false, P::EndWith(text("a"))), "")),
        ("contains \"a\"", ok(pred(false, P::Contain(text("a"))), "")),
        ("includes 1", ok(pred(false, P::Include(int(1))), "")),
        ("matches /\\d+/", ok(pred(false, P::Match(v(V::Regex("\\d+".into())))), "")),
        ("matches \"\\\\d+\"", ok(pred(false, P::Match(text("\\d+"))), "")),
        ("==  1  # c", ok(pred(false, P::Equal(int(1))), "  # c")),
    ]);
}

#[test]
fn predicates_without_value() {
    let rows = [
        ("exists", P::Exist),
        ("isBoolean", P::IsBoolean),
        ("isCollection", P::IsCollection),
        ("isDate", P::IsDate),
        ("isEmpty", P::IsEmpty),
        ("isFloat", P::IsFloat),
        ("isInteger", P::IsInteger),
        ("isIpv4", P::IsIpv4),
        ("isIpv6", P::IsIpv6),
        ("isIsoDate", P::IsIsoDate),
        ("isList", P::IsList),
        ("isNumber", P::IsNumber),
        ("isObject", P::IsObject),
        ("isString", P::IsString),
        ("isUuid", P::IsUuid),
    ];
    let mut table: Vec<_> = rows.iter().map(|(src, func)| (*src, ok(pred(false, func.clone()), ""))).collect();
    table.push(("not exists", ok(pred(true, P::Exist), "")));
    table.push(("not  isEmpty # c", ok(pred(true, P::IsEmpty), " # c")));
    table.push(("exists 1", ok(pred(false, P::Exist), " 1")));
    check(predicate, table);
}

#[test]
fn negation() {
    check(predicate, vec![
        ("not == 1", ok(pred(true, P::Equal(int(1))), "")),
        ("not contains \"x\"", ok(pred(true, P::Contain(text("x"))), "")),
        ("notEquals 2", ok(pred(false, P::NotEqual(int(2))), "")),
        ("not", fails(1, 4, "predicate after 'not'")),
        ("not   ", fails(1, 7, "found the end of the file")),
        ("not==1", fails(1, 4, "predicate after 'not'")),
        ("not not exists", fails(1, 5, "expecting a predicate")),
    ]);
    let (p, _) = run(predicate, "not == 1").unwrap();
    assert_eq!(lc(p.span), (1, 1, 1, 9));
}

#[test]
fn values() {
    let eq = |value| ok(pred(false, P::Equal(value)), "");
    let json = |j| v(V::Json(j));
    check(predicate, vec![
        ("== null", eq(v(V::Null))),
        ("== true", eq(v(V::Bool(true)))),
        ("== false", eq(v(V::Bool(false)))),
        ("== -1", eq(int(-1))),
        ("== -1.5", eq(v(V::Number(Number::Float(-1.5, "-1.5".into()))))),
        ("== 1e3", eq(v(V::Number(Number::Float(1000.0, "1e3".into()))))),
        ("== 123456789012345678901", eq(v(V::Number(Number::BigInteger("123456789012345678901".into()))))),
        ("== \"x{{y}}\"", eq(text("x{{y}}"))),
        ("== \"\"", eq(text(""))),
        ("== `text {{x}}`", eq(multi("text {{x}}"))),
        ("== ```\nl1\nl2\n```", eq(multi("l1\nl2\n"))),
        ("== base64,AQI=;", eq(v(V::Base64(vec![1, 2])))),
        ("== hex,0102ff;", eq(v(V::Hex(vec![1, 2, 255])))),
        ("== file,a.bin;", eq(v(V::File(t("a.bin"))))),
        ("== /a\\/b/", eq(v(V::Regex("a/b".into())))),
        ("== {{v}}", eq(v(V::Expr(Box::new(ex("v")))))),
        ("== {\"a\": [1, {{x}}]}", eq(json(JsonValue::Object(vec![(t("a"), JsonValue::Array(vec![JsonValue::Number("1".into()), JsonValue::Expr(Box::new(ex("x")))]))])))),
        ("== []", eq(json(JsonValue::Array(vec![])))),
        ("== [\"a\", {}]", eq(json(JsonValue::Array(vec![JsonValue::String(t("a")), JsonValue::Object(vec![])])))),
        ("== {\n  \"a\": 1\n}", eq(json(JsonValue::Object(vec![(t("a"), JsonValue::Number("1".into()))])))),
    ]);
    let (p, _) = run(predicate, "== \"ab\" # c").unwrap();
    let P::Equal(value) = p.func else { panic!("{p:?}") };
    assert_eq!(lc(value.span), (1, 4, 1, 8));
}

#[test]
fn errors() {
    check(predicate, vec![
        ("== xx", fails(1, 4, "expecting a value")),
        ("== truex", fails(1, 4, "expecting a value")),
        ("==", fails(1, 3, "found the end of the file")),
        ("== ", fails(1, 4, "found the end of the file")),
        ("contains", fails(1, 9, "a space then a value after 'contains'")),
        ("contains\"a\"", fails(1, 9, "a space then a value")),
        ("startsWith xx", fails(1, 12, "expecting a value")),
        ("== 1.", fails(1, 6, "decimal point")),
        ("== -", fails(1, 5, "digit after '-'")),
        ("== -x", fails(1, 5, "digit after '-'")),
        ("== \"a", fails(1, 6, "close the string")),
        ("== \"\\q\"", fails(1, 6, "invalid escape")),
        ("== /a", fails(1, 4, "no closing '/'")),
        ("== {{x", fails(1, 7, "'}}'")),
        ("== {\"a\": }", fails(1, 10, "JSON value")),
        ("== [1,]", fails(1, 6, "trailing comma")),
        ("== hex,1;", fails(1, 9, "odd number")),
        ("== `a", fails(1, 6, "'`'")),
        ("equal 1", fails(1, 1, "did you mean 'equals'")),
        ("isIntger", fails(1, 1, "did you mean 'isInteger'")),
        ("startWith \"a\"", fails(1, 1, "did you mean 'startsWith'")),
        ("Exists", fails(1, 1, "did you mean 'exists'")),
        ("foo 1", fails(1, 1, "expecting a predicate such as == or contains, found 'foo'")),
        ("", fails(1, 1, "found the end of the file")),
        ("= 1", fails(1, 1, "expecting a predicate")),
        ("toInt == 1", fails(1, 1, "did you mean the filter 'toInt'")),
    ]);
}

#[test]
fn matches_schema() {
    let schema = |value| ok(pred(false, P::MatchesSchema(value)), "");
    let object = |members| v(V::Json(JsonValue::Object(members)));
    check(predicate, vec![
        ("matchesSchema file,user.schema.json;", schema(v(V::File(t("user.schema.json"))))),
        ("matchesSchema file,schemas/{{name}}.json;", schema(v(V::File(t("schemas/{{name}}.json"))))),
        ("matchesSchema {{user_schema}}", schema(v(V::Expr(Box::new(ex("user_schema")))))),
        ("matchesSchema {\"type\": \"object\"}", schema(object(vec![(t("type"), JsonValue::String(t("object")))]))),
        ("matchesSchema {}", schema(object(vec![]))),
        ("matchesSchema {\n  \"required\": [\"id\"]\n}", schema(object(vec![(t("required"), JsonValue::Array(vec![JsonValue::String(t("id"))]))])),),
        ("not matchesSchema {}  # c", ok(pred(true, P::MatchesSchema(object(vec![]))), "  # c")),
        ("matchesSchema \"user.json\"", fails(1, 15, "expecting a JSON Schema: file,schema.json; an inline JSON object")),
        ("matchesSchema [1]", fails(1, 15, "found '['")),
        ("matchesSchema true", fails(1, 15, "expecting a JSON Schema")),
        ("matchesSchema /x/", fails(1, 15, "expecting a JSON Schema")),
        ("matchesSchema base64,AQI=;", fails(1, 15, "expecting a JSON Schema")),
        ("matchesSchema", fails(1, 14, "a space then a schema after 'matchesSchema'")),
        ("matchesSchema ", fails(1, 15, "found the end of the file")),
        ("matchesSchema file,a.json", fails(1, 26, "';'")),
        ("matchesSchema {\"type\": }", fails(1, 24, "JSON value")),
        ("matchesSchema {{x", fails(1, 18, "'}}'")),
        ("matchSchema {}", fails(1, 1, "did you mean 'matchesSchema'")),
        ("matchesschema {}", fails(1, 1, "did you mean 'matchesSchema'")),
    ]);
    let (p, _) = run(predicate, "matchesSchema file,u.json; # c").unwrap();
    let P::MatchesSchema(value) = p.func else { panic!("{p:?}") };
    assert_eq!(lc(value.span), (1, 15, 1, 27));
}
