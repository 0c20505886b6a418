//! JSONPath (RFC 9535) evaluation shared by the `jsonpath` query and filter.
//!
//! As in Hurl, a "definite" path (only names and indexes: no wildcard, filter, slice,
//! descendant or union) gives a single value, or none when nothing matches; any other path
//! gives a list of every match (possibly empty).

use jsonpath_rust::parser::model::{Segment, Selector};
use jsonpath_rust::JsonPath;

use super::{CheckError, CheckErrorKind, Value};
use crate::spec::ast::Span;

/// Evaluates `expr` on `json`; an invalid expression is a runtime error at `span`.
pub(crate) fn eval(
    json: &serde_json::Value,
    expr: &str,
    span: Span,
) -> Result<Option<Value>, CheckError> {
    let invalid = |e: &dyn std::fmt::Display| {
        CheckError::new(
            CheckErrorKind::InvalidJsonpath {
                expr: expr.to_string(),
                reason: e.to_string(),
            },
            span,
        )
    };
    let parsed = jsonpath_rust::parser::parse_json_path(expr).map_err(|e| invalid(&e))?;
    let definite = parsed
        .segments
        .iter()
        .all(|s| matches!(s, Segment::Selector(Selector::Name(_) | Selector::Index(_))));
    let found = json.query(expr).map_err(|e| invalid(&e))?;
    if definite {
        Ok(found.first().map(|v| Value::from_json(v)))
    } else {
        Ok(Some(Value::List(
            found.into_iter().map(Value::from_json).collect(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn definite_and_indefinite_paths() {
        let doc = json!({"items": [{"id": 1, "tags": ["a"]}, {"id": 2, "tags": []}], "name": "x"});
        let list = |items: Vec<Value>| Some(Value::List(items));
        let rows: Vec<(&str, Option<Value>)> = vec![
            ("$.name", Some(Value::String("x".into()))),
            ("$.items[1].id", Some(Value::Integer(2))),
            ("$['items'][0]['id']", Some(Value::Integer(1))),
            ("$.items[-1].id", Some(Value::Integer(2))),
            ("$.missing", None),
            ("$.items[5]", None),
            (
                "$.items[*].id",
                list(vec![Value::Integer(1), Value::Integer(2)]),
            ),
            ("$..id", list(vec![Value::Integer(1), Value::Integer(2)])),
            ("$.items[?@.id > 1].id", list(vec![Value::Integer(2)])),
            ("$.items[0:1].id", list(vec![Value::Integer(1)])),
            ("$.items[?(@.id > 1)].id", list(vec![Value::Integer(2)])),
            ("$.items[?@.tags[0]].id", list(vec![Value::Integer(1)])),
            (
                "$.items[0,1].id",
                list(vec![Value::Integer(1), Value::Integer(2)]),
            ),
            ("$.items[*].nothing", list(vec![])),
            ("$", Some(Value::from_json(&doc))),
        ];
        for (expr, expected) in rows {
            assert_eq!(
                eval(&doc, expr, Span::default()).unwrap(),
                expected,
                "{expr}"
            );
        }
    }

    #[test]
    fn invalid_expression() {
        for expr in ["$.items[", "items", "$..", "$[?@.a =]"] {
            let e = eval(&json!({}), expr, Span::default()).unwrap_err();
            assert!(
                matches!(e.kind, super::super::CheckErrorKind::InvalidJsonpath { .. }),
                "{e:?}"
            );
            assert!(
                e.to_string().contains("invalid JSONPath expression"),
                "{}",
                e.to_string()
            );
        }
    }
}
