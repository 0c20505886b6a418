//! Each operation's responses digested at load: media types parsed, header shapes read and
//! `$ref`s followed once, so checking a response walks no JSON pointers. Compiled schemas are
//! kept in the plan after first use.

use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::super::schema::CompiledSchema;
use super::super::ContractError;
use super::docset::{DocSet, Loc};
use super::media::MediaType;

/// One `responses` entry.
pub(crate) struct ResponsePlan {
    /// `200`, `2XX`, `default`.
    pub key: String,
    /// Media types under `content`; empty when the response documents no content.
    pub content: Vec<MediaPlan>,
    /// Headers, without `Content-Type` (which OpenAPI says to ignore).
    pub headers: Vec<HeaderPlan>,
}

/// One `content` entry.
pub(crate) struct MediaPlan {
    /// The key as written (`application/json; charset=utf-8`).
    pub key: String,
    /// The parsed key; `None` when it is not a media type.
    pub media: Option<MediaType>,
    pub schema: Option<SchemaSlot>,
}

/// One `headers` entry.
pub(crate) struct HeaderPlan {
    /// The name as documented.
    pub name: String,
    pub required: bool,
    pub schema: Option<SchemaSlot>,
    /// What JSON value a header text becomes before validation.
    pub shape: HeaderShape,
}

/// The `type`s of a header schema and of its `items`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct HeaderShape {
    pub types: Vec<String>,
    pub item_types: Vec<String>,
}

/// A schema location and, once compiled, its validator.
pub(crate) struct SchemaSlot {
    pub loc: Loc,
    pub compiled: OnceLock<Arc<CompiledSchema>>,
}

impl SchemaSlot {
    fn new(loc: Loc) -> Self {
        SchemaSlot {
            loc,
            compiled: OnceLock::new(),
        }
    }
}

/// The responses of the operation at `operation`, in document order.
pub(crate) fn plan_responses(
    docs: &DocSet,
    operation: &Loc,
) -> Result<Vec<ResponsePlan>, ContractError> {
    let responses_loc = operation.child("responses");
    let Some(responses) = docs.get(&responses_loc).and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let mut plans = Vec::with_capacity(responses.len());
    for key in responses.keys().filter(|k| !k.starts_with("x-")) {
        let (loc, response) = docs.deref(responses_loc.child(key))?;
        plans.push(ResponsePlan {
            key: key.clone(),
            content: plan_content(docs, &loc, response)?,
            headers: plan_headers(docs, &loc, response)?,
        });
    }
    Ok(plans)
}

fn plan_content(
    docs: &DocSet,
    response_loc: &Loc,
    response: &Value,
) -> Result<Vec<MediaPlan>, ContractError> {
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let mut plans = Vec::with_capacity(content.len());
    for key in content.keys() {
        let (loc, media) = docs.deref(response_loc.child("content").child(key))?;
        plans.push(MediaPlan {
            key: key.clone(),
            media: MediaType::parse(key),
            schema: media
                .get("schema")
                .map(|_| SchemaSlot::new(loc.child("schema"))),
        });
    }
    Ok(plans)
}

fn plan_headers(
    docs: &DocSet,
    response_loc: &Loc,
    response: &Value,
) -> Result<Vec<HeaderPlan>, ContractError> {
    let Some(headers) = response.get("headers").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let mut plans = Vec::with_capacity(headers.len());
    for name in headers.keys() {
        if name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let (loc, header) = docs.deref(response_loc.child("headers").child(name))?;
        let (schema, shape) = match header.get("schema") {
            Some(_) => {
                let schema_loc = loc.child("schema");
                let (resolved_loc, resolved) = docs.deref(schema_loc.clone())?;
                let items = match resolved.get("items") {
                    Some(_) => docs.deref(resolved_loc.child("items"))?.1,
                    None => &Value::Null,
                };
                let shape = HeaderShape {
                    types: schema_types(resolved),
                    item_types: schema_types(items),
                };
                (Some(SchemaSlot::new(schema_loc)), shape)
            }
            None => (None, HeaderShape::default()),
        };
        plans.push(HeaderPlan {
            name: name.clone(),
            required: header.get("required") == Some(&Value::Bool(true)),
            schema,
            shape,
        });
    }
    Ok(plans)
}

fn schema_types(schema: &Value) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}
