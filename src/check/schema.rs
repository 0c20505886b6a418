//! `matchesSchema`: the actual value against a JSON Schema (drafts 4 to 2020-12, formats
//! checked), every violation listed with its JSONPath, its schema path and the validator's
//! message.

use super::compare::show;
use super::predicate::{none, predicate_value, Check};
use super::{CheckError, Context, SchemaRef, Value};
use crate::contract::SchemaViolation;
use crate::spec::ast::{ExprKind, PredicateValue, PredicateValueKind};

/// Longest inline schema shown in the expected description before it is cut.
const MAX_INLINE_SHOWN: usize = 60;

/// Evaluates `matchesSchema` on the actual value (None = no value).
pub(super) fn matches_schema(
    pv: &PredicateValue,
    actual: Option<&Value>,
    cx: &dyn Context,
) -> Result<Check, CheckError> {
    let (source, shown) = schema_source(pv, cx)?;
    let schema = cx.schema(source, pv.span)?;
    let desc = format!("matches the schema {shown} ({})", schema.draft());
    let Some(a) = actual else {
        return Ok(none(desc));
    };
    // A schema describes JSON values: bytes and dates are none.
    if matches!(a, Value::Bytes(_) | Value::Date(_)) {
        return Ok(Check::mismatch(desc, a));
    }
    let violations = schema.validate(&a.to_json());
    let mut check = Check::new(violations.is_empty(), desc, show(a));
    if !violations.is_empty() {
        check.diff = Some(violation_list(&violations));
    }
    Ok(check)
}

/// Where the schema comes from, and how it is named in the expected description.
fn schema_source(pv: &PredicateValue, cx: &dyn Context) -> Result<(SchemaRef, String), CheckError> {
    match &pv.kind {
        PredicateValueKind::File(t) => {
            let name = cx.render(t)?;
            let shown = name.clone();
            Ok((SchemaRef::File(name), shown))
        }
        PredicateValueKind::Json(_) => {
            let value = predicate_value(pv, cx)?.to_json();
            let text = value.to_string();
            let shown = if text.chars().count() > MAX_INLINE_SHOWN {
                let cut: String = text.chars().take(MAX_INLINE_SHOWN).collect();
                format!("{cut}…")
            } else {
                text
            };
            Ok((SchemaRef::Value(value), shown))
        }
        PredicateValueKind::Expr(e) => {
            let shown = match &e.kind {
                ExprKind::Variable(name) => format!("in {{{{{name}}}}}"),
                ExprKind::Function { name, .. } => format!("of {{{{{name}}}}}"),
            };
            match cx.expr(e)? {
                Value::Object(members) => Ok((
                    SchemaRef::Value(Value::Object(members).to_json()),
                    shown,
                )),
                Value::String(text) => Ok((SchemaRef::Text(text), shown)),
                other => Err(CheckError::invalid(
                    format!(
                        "matchesSchema expects a schema: a JSON object or its text, got {}",
                        other.type_name()
                    ),
                    pv.span,
                )),
            }
        }
        // The parser takes nothing else after matchesSchema.
        _ => Err(CheckError::invalid(
            "matchesSchema expects a schema: file,schema.json; an inline JSON object or {{variable}}",
            pv.span,
        )),
    }
}

/// One line per violation: where in the value, why, and the keyword that failed.
fn violation_list(violations: &[SchemaViolation]) -> String {
    let count = violations.len();
    let mut text = format!(
        "{count} schema violation{}:",
        if count == 1 { "" } else { "s" }
    );
    for v in violations {
        text.push_str(&format!(
            "\n  {}: {} (schema: {})",
            v.json_path, v.message, v.schema_path
        ));
    }
    text
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
