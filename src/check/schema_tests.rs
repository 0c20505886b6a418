//! `matchesSchema`: every kind of schema value, passing and failing values, the violations
//! listed, and schemas that cannot be had.

use super::super::testutil::{assert_line, TestContext};
use super::super::{eval_predicate, CheckErrorKind, PredicateOutcome, Value};
use crate::check::CheckError;

const USER: &str = r#"{"type": "object", "required": ["id", "email"],
  "properties": {"id": {"type": "integer", "minimum": 1},
                 "email": {"type": "string", "format": "email"}}}"#;

fn context() -> TestContext {
    let mut cx = TestContext::with(&[
        ("user_text", Value::String(USER.to_string())),
        (
            "user_yaml",
            Value::String("type: object\nrequired: [id]\n".to_string()),
        ),
        (
            "user_object",
            Value::from_json(&serde_json::from_str(USER).unwrap()),
        ),
        ("count", Value::Integer(3)),
    ]);
    cx.files
        .insert("user.schema.json".into(), USER.as_bytes().to_vec());
    cx.files.insert(
        "draft4.json".into(),
        br#"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "string"}"#.to_vec(),
    );
    cx
}

fn eval(actual: Option<&Value>, predicate: &str) -> Result<PredicateOutcome, CheckError> {
    let a = assert_line(&format!("jsonpath \"$\" {predicate}"));
    eval_predicate(&a.predicate, actual, &context())
}

fn json(text: &str) -> Value {
    Value::from_json(&serde_json::from_str(text).unwrap())
}

#[test]
fn every_kind_of_schema_value() {
    let good = json(r#"{"id": 7, "email": "ann@example.com"}"#);
    let bad = json(r#"{"id": 0, "email": "nope"}"#);
    let rows = [
        (
            "matchesSchema file,user.schema.json;",
            "matches the schema user.schema.json (2020-12)",
        ),
        (
            "matchesSchema {{user_text}}",
            "matches the schema in {{user_text}} (2020-12)",
        ),
        (
            "matchesSchema {{user_object}}",
            "matches the schema in {{user_object}} (2020-12)",
        ),
        (
            r#"matchesSchema {"type": "object", "required": ["id", "email"], "properties": {"id": {"type": "integer", "minimum": 1}, "email": {"type": "string", "format": "email"}}}"#,
            r#"matches the schema {"type":"object","required":["id","email"],"properties":{"id… (2020-12)"#,
        ),
    ];
    for (predicate, expected) in rows {
        let passed = eval(Some(&good), predicate).unwrap();
        assert!(passed.passed, "{predicate}");
        assert_eq!(passed.expected, expected);
        assert_eq!(passed.diff, None);
        let failed = eval(Some(&bad), predicate).unwrap();
        assert!(!failed.passed, "{predicate}");
        assert_eq!(failed.actual, r#"{"id":0,"email":"nope"}"#);
        assert_eq!(
            failed.diff.as_deref(),
            Some(
                "2 schema violations:\n  \
                 $.id: 0 is less than the minimum of 1 (schema: #/properties/id/minimum)\n  \
                 $.email: \"nope\" is not a \"email\" (schema: #/properties/email/format)"
            ),
            "{predicate}"
        );
    }
}

#[test]
fn yaml_text_draft_and_negation() {
    let no_id = json(r#"{"name": "x"}"#);
    let out = eval(Some(&no_id), "matchesSchema {{user_yaml}}").unwrap();
    assert!(!out.passed);
    assert_eq!(
        out.diff.as_deref(),
        Some("1 schema violation:\n  $: \"id\" is a required property (schema: #/required)")
    );
    let out = eval(Some(&no_id), "not matchesSchema {{user_yaml}}").unwrap();
    assert!(out.passed);
    assert_eq!(
        out.expected,
        "not matches the schema in {{user_yaml}} (2020-12)"
    );
    let out = eval(
        Some(&Value::String("a".into())),
        "matchesSchema file,draft4.json;",
    )
    .unwrap();
    assert!(out.passed);
    assert_eq!(out.expected, "matches the schema draft4.json (draft-04)");
    assert_eq!(out.actual, "\"a\"");
}

#[test]
fn no_value_bytes_and_dates_fail_even_negated() {
    for predicate in ["matchesSchema {}", "not matchesSchema {}"] {
        let none = eval(None, predicate).unwrap();
        assert_eq!(
            (none.passed, none.actual.as_str()),
            (predicate.starts_with("not"), "none")
        );
        let bytes = eval(Some(&Value::Bytes(vec![1])), predicate).unwrap();
        assert!(!bytes.passed, "{predicate}");
        assert!(bytes.actual.starts_with("bytes "), "{}", bytes.actual);
    }
}

#[test]
fn schemas_that_cannot_be_had_are_errors_at_the_value() {
    let value = json("{}");
    let rows = [
        (
            "matchesSchema file,missing.json;",
            "cannot read file 'missing.json'",
        ),
        (
            "matchesSchema {{count}}",
            "matchesSchema expects a schema: a JSON object or its text, got integer",
        ),
        ("matchesSchema {{nope}}", "undefined variable 'nope'"),
        (
            r#"matchesSchema {"type": 12}"#,
            "invalid schema inline schema",
        ),
        (
            r#"matchesSchema {"$schema": "http://example.com/mine"}"#,
            "unknown $schema",
        ),
        (
            r#"matchesSchema {"$ref": "http://example.com/remote.json"}"#,
            "remote $ref",
        ),
    ];
    for (predicate, message) in rows {
        let e = eval(Some(&value), predicate).expect_err(predicate);
        assert!(e.to_string().contains(message), "{predicate}: {e}");
        // The value's place, after `matchesSchema ` (an undefined variable: its name).
        let at = assert_line(&format!("jsonpath \"$\" {predicate}"))
            .predicate
            .span
            .start;
        let column = if message.starts_with("undefined") {
            16
        } else {
            14
        };
        assert_eq!(e.span.start, at + column, "{predicate}");
        if message.starts_with("cannot read") {
            assert!(matches!(e.kind, CheckErrorKind::FileRead { .. }));
        }
    }
}
