//! Local `$ref`s (`#/components/…`), and example values: given in the document, or built
//! from a schema (its `example`, `examples`, `const`, `default`, `enum`, then its
//! properties and type).

use serde_json::{Map, Value};

/// How many `$ref` hops or nested schemas are followed before giving up (cycles).
const MAX_DEPTH: usize = 12;

/// The value `$ref` points at, following chains; `None` for a reference that is not local
/// or does not resolve.
pub(crate) fn resolve<'a>(doc: &'a Value, value: &'a Value) -> Option<&'a Value> {
    let mut v = value;
    for _ in 0..MAX_DEPTH {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else {
            return Some(v);
        };
        v = pointer(doc, r)?;
    }
    None
}

/// A local JSON pointer reference (`#/components/schemas/Pet`).
fn pointer<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let path = reference.strip_prefix('#')?;
    if path.is_empty() {
        return Some(doc);
    }
    let mut v = doc;
    for raw in path.strip_prefix('/')?.split('/') {
        let token = super::super::urlenc::decode(raw, false)?
            .replace("~1", "/")
            .replace("~0", "~");
        v = match v {
            Value::Object(m) => m.get(&token)?,
            Value::Array(a) => a.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// The example of a parameter or media type object: its `example`, else the first of its
/// `examples` (an `Example` object's `value`), else one built from its `schema`.
pub(crate) fn example_of(doc: &Value, holder: &Value, for_request: bool) -> Option<Value> {
    if let Some(e) = holder.get("example") {
        return Some(e.clone());
    }
    if let Some(Value::Object(examples)) = holder.get("examples") {
        for e in examples.values() {
            if let Some(v) = resolve(doc, e).and_then(|e| e.get("value")) {
                return Some(v.clone());
            }
        }
    }
    let schema = holder.get("schema")?;
    Some(schema_example(doc, schema, for_request, 0))
}

/// An example value for a schema. `for_request` leaves out `readOnly` properties.
pub(crate) fn schema_example(
    doc: &Value,
    schema: &Value,
    for_request: bool,
    depth: usize,
) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    let Some(schema) = resolve(doc, schema) else {
        return Value::Null;
    };
    if let Some(v) = given_value(schema) {
        return v;
    }
    if let Some(Value::Array(all)) = schema.get("allOf") {
        let mut merged = Map::new();
        let mut other = None;
        for s in all {
            match schema_example(doc, s, for_request, depth + 1) {
                Value::Object(m) => merged.extend(m),
                v => other = other.or(Some(v)),
            }
        }
        if let Some(Value::Object(_)) = schema.get("properties") {
            if let Value::Object(m) = object_example(doc, schema, for_request, depth) {
                merged.extend(m);
            }
        }
        return if merged.is_empty() {
            other.unwrap_or(Value::Null)
        } else {
            Value::Object(merged)
        };
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(choices)) = schema.get(key) {
            // The first choice that is not just `null`.
            let pick = choices
                .iter()
                .find(|c| resolve(doc, c).and_then(|c| c.get("type")) != Some(&Value::from("null")))
                .or(choices.first());
            if let Some(c) = pick {
                return schema_example(doc, c, for_request, depth + 1);
            }
        }
    }
    match schema_type(schema).as_deref() {
        Some("object") => object_example(doc, schema, for_request, depth),
        Some("array") => match schema.get("items") {
            Some(items) => Value::Array(vec![schema_example(doc, items, for_request, depth + 1)]),
            None => Value::Array(Vec::new()),
        },
        Some("string") => Value::from(string_placeholder(schema)),
        Some("integer") => number_placeholder(schema, true),
        Some("number") => number_placeholder(schema, false),
        Some("boolean") => Value::Bool(true),
        Some("null") => Value::Null,
        _ => Value::Object(Map::new()),
    }
}

/// A value the schema gives: `example`, `examples[0]` (3.1), `const`, `default`, `enum[0]`.
fn given_value(schema: &Value) -> Option<Value> {
    if let Some(e) = schema.get("example") {
        return Some(e.clone());
    }
    if let Some(Value::Array(list)) = schema.get("examples") {
        if let Some(first) = list.first() {
            return Some(first.clone());
        }
    }
    if let Some(c) = schema.get("const") {
        return Some(c.clone());
    }
    if let Some(d) = schema.get("default") {
        return Some(d.clone());
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        return values
            .iter()
            .find(|v| !v.is_null())
            .or(values.first())
            .cloned();
    }
    None
}

/// The schema's type: `type` (the first that is not `null` in a 3.1 list), or `object`
/// when it has properties.
fn schema_type(schema: &Value) -> Option<String> {
    match schema.get("type") {
        Some(Value::String(t)) => Some(t.clone()),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .or_else(|| types.first().and_then(Value::as_str))
            .map(str::to_string),
        _ if schema.get("properties").is_some() => Some("object".into()),
        _ if schema.get("items").is_some() => Some("array".into()),
        _ => None,
    }
}

fn object_example(doc: &Value, schema: &Value, for_request: bool, depth: usize) -> Value {
    let mut out = Map::new();
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (name, prop) in props {
            let resolved = resolve(doc, prop).unwrap_or(prop);
            if for_request && resolved.get("readOnly").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            out.insert(
                name.clone(),
                schema_example(doc, prop, for_request, depth + 1),
            );
        }
    }
    Value::Object(out)
}

/// A placeholder string fitting the schema's format.
fn string_placeholder(schema: &Value) -> &'static str {
    match schema.get("format").and_then(Value::as_str).unwrap_or("") {
        "date" => "2024-01-01",
        "date-time" => "2024-01-01T00:00:00Z",
        "time" => "12:00:00",
        "email" => "user@example.com",
        "uuid" => "00000000-0000-0000-0000-000000000000",
        "uri" | "url" | "iri" => "https://example.com",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "c3RyaW5n",
        "binary" => "",
        _ => "string",
    }
}

/// The schema's minimum when it has one, else 0.
fn number_placeholder(schema: &Value, integer: bool) -> Value {
    let min = schema.get("minimum").and_then(Value::as_f64).or_else(|| {
        schema
            .get("exclusiveMinimum")
            .and_then(Value::as_f64)
            .map(|m| m + 1.0)
    });
    match (min, integer) {
        (Some(m), true) => Value::from(m.ceil() as i64),
        (Some(m), false) => serde_json::Number::from_f64(m).map_or(Value::from(0), Value::Number),
        (None, _) => Value::from(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "components": {
                "schemas": {
                    "Pet": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {
                            "id": {"type": "integer", "format": "int64", "readOnly": true},
                            "name": {"type": "string", "example": "doggie"},
                            "tag": {"type": ["string", "null"]},
                            "status": {"type": "string", "enum": ["available", "sold"]},
                            "born": {"type": "string", "format": "date"},
                            "weight": {"type": "number", "minimum": 0.5},
                            "owner": {"$ref": "#/components/schemas/Owner"},
                            "photos": {"type": "array", "items": {"type": "string", "format": "uri"}},
                            "vaccinated": {"type": "boolean", "default": false}
                        }
                    },
                    "Owner": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Named"},
                            {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}}
                        ]
                    },
                    "Named": {"type": "object", "properties": {"name": {"type": "string", "examples": ["Ann"]}}},
                    "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
                    "a/b": {"type": "integer", "minimum": 3}
                }
            }
        })
    }

    #[test]
    fn builds_examples_from_schemas() {
        let d = doc();
        let pet = schema_example(&d, &json!({"$ref": "#/components/schemas/Pet"}), true, 0);
        assert_eq!(
            pet,
            json!({
                "name": "doggie",
                "tag": "string",
                "status": "available",
                "born": "2024-01-01",
                "weight": 0.5,
                "owner": {"name": "Ann", "email": "user@example.com"},
                "photos": ["https://example.com"],
                "vaccinated": false
            })
        );
        // Responses keep read-only properties.
        let full = schema_example(&d, &json!({"$ref": "#/components/schemas/Pet"}), false, 0);
        assert_eq!(full["id"], json!(0));
    }

    #[test]
    fn refs_resolve_with_escapes_and_cycles_stop() {
        let d = doc();
        assert_eq!(
            schema_example(&d, &json!({"$ref": "#/components/schemas/a~1b"}), true, 0),
            json!(3)
        );
        let node = schema_example(&d, &json!({"$ref": "#/components/schemas/Node"}), true, 0);
        // Nested to the depth limit, then null: no endless recursion.
        assert!(node.to_string().contains("null"));
        assert!(resolve(&d, &json!({"$ref": "other.yaml#/X"})).is_none());
        assert!(resolve(&d, &json!({"$ref": "#/components/schemas/Missing"})).is_none());
    }

    #[test]
    fn examples_of_parameters_and_media_types() {
        let d = json!({"components": {"examples": {"cat": {"value": {"name": "Tom"}}}}});
        let media = json!({"examples": {"first": {"$ref": "#/components/examples/cat"}}});
        assert_eq!(example_of(&d, &media, true), Some(json!({"name": "Tom"})));
        let param = json!({"name": "limit", "schema": {"type": "integer", "maximum": 100}});
        assert_eq!(example_of(&d, &param, true), Some(json!(0)));
        assert_eq!(
            example_of(&d, &json!({"example": "x"}), true),
            Some(json!("x"))
        );
        assert_eq!(example_of(&d, &json!({}), true), None);
    }
}
