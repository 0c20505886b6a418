//! The checks of a response whose request matched an operation.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::super::schema::CompiledSchema;
use super::super::ContractError;
use super::media::{self, MediaType};
use super::plan::{HeaderShape, ResponsePlan, SchemaSlot};
use super::{ContractViolation, MatchedResponse, OpenApi, ResponseInput, ViolationKind};

impl OpenApi {
    /// Status, then body (content type and schema), then headers.
    pub(super) fn check_matched(
        &self,
        index: usize,
        input: &ResponseInput<'_>,
    ) -> Result<MatchedResponse, ContractError> {
        let mut matched = MatchedResponse {
            operation: self.operation_ref(index),
            status: input.status,
            response: None,
            violations: Vec::new(),
        };
        let plans = &self.plans[index];
        let Some(plan) = status_plan(plans, input.status) else {
            matched.violations.push(violation(
                ViolationKind::UndocumentedStatus,
                format!(
                    "status {} is not documented for {} (documented: {})",
                    input.status,
                    matched.operation,
                    listing(plans.iter().map(|p| p.key.as_str()))
                ),
            ));
            return Ok(matched);
        };
        let what = format!("{} {}", matched.operation, plan.key);
        matched
            .violations
            .extend(self.check_body(plan, input, &what)?);
        matched.violations.extend(self.check_headers(plan, input)?);
        matched.response = Some(plan.key.clone());
        Ok(matched)
    }

    /// The validator of a slot: from the slot, else the document-wide cache, else compiled.
    pub(super) fn compiled(&self, slot: &SchemaSlot) -> Result<Arc<CompiledSchema>, ContractError> {
        if let Some(compiled) = slot.compiled.get() {
            return Ok(Arc::clone(compiled));
        }
        let compiled = self.schema(&slot.loc)?;
        Ok(Arc::clone(slot.compiled.get_or_init(|| compiled)))
    }

    fn check_body(
        &self,
        plan: &ResponsePlan,
        input: &ResponseInput<'_>,
        what: &str,
    ) -> Result<Vec<ContractViolation>, ContractError> {
        if input.body.is_empty() {
            return Ok(Vec::new());
        }
        let not_listed = |message: String| {
            Ok(vec![violation(
                ViolationKind::ContentTypeNotListed,
                message,
            )])
        };
        let content_type = header_value(input.headers, "content-type");
        if plan.content.is_empty() {
            let shown = content_type.map_or_else(String::new, |ct| format!(" ({ct})"));
            return not_listed(format!(
                "response has a body{shown} but {what} documents no content"
            ));
        }
        let listed = || listing(plan.content.iter().map(|m| m.key.as_str()));
        let Some(content_type) = content_type else {
            return not_listed(format!(
                "response has a body but no Content-Type header (listed for {what}: {})",
                listed()
            ));
        };
        let selected = MediaType::parse(&content_type).and_then(|actual| {
            media::select(&actual, plan.content.iter().map(|m| m.media.as_ref()))
                .map(|index| (actual, &plan.content[index]))
        });
        let Some((actual, media)) = selected else {
            return not_listed(format!(
                "Content-Type \"{content_type}\" is not listed for {what} (listed: {})",
                listed()
            ));
        };
        let Some(slot) = &media.schema else {
            return Ok(Vec::new());
        };
        let instance = if actual.is_json() {
            match serde_json::from_slice::<Value>(input.body) {
                Ok(value) => value,
                Err(err) => {
                    return Ok(vec![violation(
                        ViolationKind::SchemaViolation,
                        format!(
                            "body is not valid JSON ({err}) although Content-Type is \"{content_type}\""
                        ),
                    )])
                }
            }
        } else if actual.is_text() {
            match std::str::from_utf8(input.body) {
                Ok(text) => Value::String(text.to_string()),
                Err(_) => return Ok(Vec::new()),
            }
        } else {
            // Binary and form bodies: the content type is all that is checked.
            return Ok(Vec::new());
        };
        Ok(self
            .compiled(slot)?
            .validate(&instance)
            .into_iter()
            .map(|v| ContractViolation {
                kind: ViolationKind::SchemaViolation,
                message: format!("body {}: {}", v.json_path, v.message),
                schema: Some(v),
                header: None,
            })
            .collect())
    }

    fn check_headers(
        &self,
        plan: &ResponsePlan,
        input: &ResponseInput<'_>,
    ) -> Result<Vec<ContractViolation>, ContractError> {
        let mut violations = Vec::new();
        for header in &plan.headers {
            let Some(value) = header_value(input.headers, &header.name) else {
                if header.required {
                    violations.push(ContractViolation {
                        kind: ViolationKind::MissingHeader,
                        message: format!("required header \"{}\" is missing", header.name),
                        schema: None,
                        header: Some(header.name.clone()),
                    });
                }
                continue;
            };
            let Some(slot) = &header.schema else {
                continue;
            };
            let instance = coerce_header(&value, &header.shape);
            let found = self.compiled(slot)?.validate(&instance);
            violations.extend(found.into_iter().map(|v| ContractViolation {
                kind: ViolationKind::InvalidHeader,
                message: format!(
                    "header \"{}\" value \"{value}\": {}",
                    header.name, v.message
                ),
                schema: Some(v),
                header: Some(header.name.clone()),
            }));
        }
        Ok(violations)
    }
}

fn violation(kind: ViolationKind, message: String) -> ContractViolation {
    ContractViolation {
        kind,
        message,
        schema: None,
        header: None,
    }
}

/// The response for a status: exact key, then its `NXX` range, then `default`.
fn status_plan(plans: &[ResponsePlan], status: u16) -> Option<&ResponsePlan> {
    let exact = status.to_string();
    let range = format!("{}XX", status / 100);
    plans
        .iter()
        .find(|p| p.key == exact)
        .or_else(|| plans.iter().find(|p| p.key.eq_ignore_ascii_case(&range)))
        .or_else(|| plans.iter().find(|p| p.key == "default"))
}

fn listing<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let joined: Vec<&str> = items.collect();
    if joined.is_empty() {
        "none".to_string()
    } else {
        joined.join(", ")
    }
}

/// A header's value; repeated headers are joined with `, ` as HTTP allows.
fn header_value(headers: &[(String, String)], name: &str) -> Option<String> {
    let mut values = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim());
    let first = values.next()?;
    Some(values.fold(first.to_string(), |mut all, v| {
        all.push_str(", ");
        all.push_str(v);
        all
    }))
}

/// A header value as the JSON value its schema expects (OpenAPI's `simple` style).
fn coerce_header(text: &str, shape: &HeaderShape) -> Value {
    let wants = |t: &str| shape.types.iter().any(|x| x == t);
    if wants("array") {
        return Value::Array(
            text.split(',')
                .map(|item| coerce_scalar(item.trim(), &shape.item_types))
                .collect(),
        );
    }
    if wants("object") {
        // `simple` style objects: k,v,k,v.
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let mut object = Map::new();
        for pair in parts.chunks(2) {
            if let [key, value] = pair {
                object.insert((*key).to_string(), Value::String((*value).to_string()));
            }
        }
        return Value::Object(object);
    }
    coerce_scalar(text, &shape.types)
}

fn coerce_scalar(text: &str, types: &[String]) -> Value {
    let wants = |t: &str| types.iter().any(|x| x == t);
    if wants("integer") || wants("number") {
        if let Ok(number) = serde_json::from_str::<serde_json::Number>(text) {
            return Value::Number(number);
        }
    }
    if wants("boolean") {
        match text {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            _ => {}
        }
    }
    Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(key: &str) -> ResponsePlan {
        ResponsePlan {
            key: key.to_string(),
            content: Vec::new(),
            headers: Vec::new(),
        }
    }

    #[test]
    fn status_keys_prefer_exact_then_range_then_default() {
        let plans: Vec<ResponsePlan> = ["200", "2XX", "4xx", "default"].map(plan).into();
        let cases = [
            (200, Some("200")),
            (201, Some("2XX")),
            (404, Some("4xx")),
            (500, Some("default")),
        ];
        for (status, expected) in cases {
            let found = status_plan(&plans, status).map(|p| p.key.as_str());
            assert_eq!(found, expected, "{status}");
        }
        assert!(status_plan(&[plan("200")], 204).is_none());
    }

    #[test]
    fn header_values_are_coerced_by_schema_type() {
        let shape = |types: &[&str], items: &[&str]| HeaderShape {
            types: types.iter().map(|t| t.to_string()).collect(),
            item_types: items.iter().map(|t| t.to_string()).collect(),
        };
        let cases = [
            ("42", shape(&["integer"], &[]), json!(42)),
            ("4x", shape(&["integer"], &[]), json!("4x")),
            ("1.5", shape(&["number", "null"], &[]), json!(1.5)),
            ("true", shape(&["boolean"], &[]), json!(true)),
            ("a, b", shape(&["array"], &["string"]), json!(["a", "b"])),
            ("1,2", shape(&["array"], &["integer"]), json!([1, 2])),
            ("k,v", shape(&["object"], &[]), json!({"k": "v"})),
            ("plain", shape(&[], &[]), json!("plain")),
        ];
        for (text, shape, expected) in cases {
            assert_eq!(coerce_header(text, &shape), expected, "{text} {shape:?}");
        }
    }

    #[test]
    fn repeated_headers_join() {
        let headers = vec![
            ("X-A".to_string(), "1".to_string()),
            ("x-a".to_string(), " 2 ".to_string()),
        ];
        assert_eq!(header_value(&headers, "X-a").as_deref(), Some("1, 2"));
        assert_eq!(header_value(&headers, "X-B"), None);
    }
}
