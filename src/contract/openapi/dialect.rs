//! Turns an OpenAPI schema into one self-contained JSON Schema 2020-12 document.
//!
//! Every schema reachable through `$ref` (in the document or in other files) becomes an entry
//! of `$defs`, so the compiled schema never resolves anything itself. On the way:
//!
//! * OpenAPI 3.0 is a dialect of draft 4/5: only its keywords are kept; `nullable: true` adds
//!   `"null"` to `type` (and does nothing without `type`, as 3.0.3 specifies; an `enum`
//!   without `null` still refuses it); boolean `exclusiveMaximum`/`exclusiveMinimum` become
//!   the numeric form; siblings of `$ref` are ignored; `example` is dropped.
//! * OpenAPI 3.1 schemas are 2020-12 already; `$ref` siblings apply.
//! * `discriminator` with `oneOf`/`anyOf`: the property's value picks the one schema to
//!   validate against (explicit `mapping`, else the referenced schema's name). A `$ref` that is
//!   a direct `allOf` member reaches the parent without its dispatch, so the usual
//!   `Cat: allOf: [Pet]` inheritance does not loop.
//! * Responses: `writeOnly` properties must be absent (and leave `required`); `readOnly` ones
//!   are allowed.
//! * `format: int32`/`int64` check the number's range.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::super::schema::{Origins, DISCRIMINATOR_KEYWORD, FORMAT_KEYWORD, WRITE_ONLY_KEYWORD};
use super::super::ContractError;
use super::docset::{DocSet, Loc};
use super::OpenApiVersion;

/// A bundled schema and where each of its `$defs` came from.
pub(crate) struct Bundle {
    pub schema: Value,
    pub origins: Origins,
}

/// Keywords of the OpenAPI 3.0 Schema Object that constrain or annotate.
const V30_KEYWORDS: [&str; 30] = [
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Keywords never copied: identifiers (refs are resolved here), handled ones, and data.
const DROPPED: [&str; 12] = [
    "$defs",
    "definitions",
    "$id",
    "$schema",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "example",
    "nullable",
    "discriminator",
    "xml",
    "externalDocs",
];

/// Depth limit when looking through `$ref`/`allOf` for `writeOnly`.
const MAX_LOOKUP_DEPTH: usize = 16;

/// Bundles the schema at `root` for validating a response.
pub(crate) fn bundle(
    docs: &DocSet,
    version: OpenApiVersion,
    root: &Loc,
) -> Result<Bundle, ContractError> {
    let mut bundler = Bundler {
        docs,
        version,
        keys: HashMap::new(),
        pending: Vec::new(),
        defs: Map::new(),
        origins: Origins::default(),
    };
    let root_name = bundler.def(root.clone(), true);
    while let Some((key, name)) = bundler.pending.pop() {
        let value = docs
            .get(&key.loc)
            .ok_or_else(|| ContractError::UnresolvedRef {
                reference: key.loc.pointer.clone(),
                origin: docs.display(&key.loc),
            })?;
        let converted = bundler.convert(value, &key.loc, key.dispatch)?;
        bundler.defs.insert(name, converted);
    }
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/$defs/{root_name}"),
        "$defs": Value::Object(bundler.defs),
    });
    Ok(Bundle {
        schema,
        origins: bundler.origins,
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct DefKey {
    loc: Loc,
    /// Whether the schema's own discriminator dispatches.
    dispatch: bool,
}

struct Bundler<'d> {
    docs: &'d DocSet,
    version: OpenApiVersion,
    keys: HashMap<DefKey, String>,
    pending: Vec<(DefKey, String)>,
    defs: Map<String, Value>,
    origins: Origins,
}

impl<'d> Bundler<'d> {
    /// The `$defs` name of the schema at `loc`, queueing its conversion on first use.
    fn def(&mut self, loc: Loc, dispatch: bool) -> String {
        let key = DefKey { loc, dispatch };
        if let Some(name) = self.keys.get(&key) {
            return name.clone();
        }
        let name = format!("s{}", self.keys.len());
        self.origins
            .defs
            .insert(name.clone(), self.docs.display(&key.loc));
        self.keys.insert(key.clone(), name.clone());
        self.pending.push((key, name.clone()));
        name
    }

    fn reference(
        &mut self,
        at: &Loc,
        reference: &str,
        dispatch: bool,
    ) -> Result<Value, ContractError> {
        let target = self.docs.resolve_ref(at.file, reference)?;
        let name = self.def(target, dispatch);
        Ok(json!(format!("#/$defs/{name}")))
    }

    /// Converts one schema. `dispatch` is false for a direct `allOf` member's `$ref` target.
    fn convert(
        &mut self,
        node: &'d Value,
        at: &Loc,
        dispatch: bool,
    ) -> Result<Value, ContractError> {
        let Some(object) = node.as_object() else {
            return Ok(node.clone());
        };
        let v30 = self.version == OpenApiVersion::V3_0;
        let mut out = Map::new();
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            out.insert("$ref".into(), self.reference(at, reference, dispatch)?);
            if v30 {
                return Ok(Value::Object(out));
            }
        }
        for (key, value) in object {
            let keyword = key.as_str();
            if keyword == "$ref" || DROPPED.contains(&keyword) {
                continue;
            }
            if v30 && !V30_KEYWORDS.contains(&keyword) {
                continue;
            }
            let here = at.child(key);
            let converted = match keyword {
                "properties" | "patternProperties" | "dependentSchemas" => {
                    self.convert_map(value, &here)?
                }
                "allOf" => self.convert_list(value, &here, false)?,
                "anyOf" | "oneOf" | "prefixItems" => self.convert_list(value, &here, true)?,
                "items" if value.is_array() => self.convert_list(value, &here, true)?,
                "items"
                | "additionalProperties"
                | "additionalItems"
                | "contains"
                | "not"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contentSchema" => self.convert(value, &here, true)?,
                _ => value.clone(),
            };
            out.insert(key.clone(), converted);
        }
        if v30 {
            v30_nullable(object, &mut out);
            v30_exclusive_bounds(&mut out);
        }
        self.discriminate(object, at, dispatch, &mut out)?;
        self.write_only(object, at, &mut out)?;
        if let Some(format @ ("int32" | "int64")) = out.get("format").and_then(Value::as_str) {
            let format = format.to_string();
            out.insert(FORMAT_KEYWORD.into(), Value::String(format));
        }
        Ok(Value::Object(out))
    }

    fn convert_map(&mut self, value: &'d Value, at: &Loc) -> Result<Value, ContractError> {
        let Some(map) = value.as_object() else {
            return Ok(value.clone());
        };
        let mut out = Map::new();
        for (name, schema) in map {
            out.insert(name.clone(), self.convert(schema, &at.child(name), true)?);
        }
        Ok(Value::Object(out))
    }

    fn convert_list(
        &mut self,
        value: &'d Value,
        at: &Loc,
        dispatch: bool,
    ) -> Result<Value, ContractError> {
        let Some(items) = value.as_array() else {
            return Ok(value.clone());
        };
        let converted = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.convert(item, &at.child(&i.to_string()), dispatch))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Value::Array(converted))
    }

    /// Replaces `oneOf`/`anyOf` by a dispatch on the discriminator property; without
    /// `dispatch` (the schema reached as an `allOf` parent) the branches are dropped.
    fn discriminate(
        &mut self,
        object: &'d Map<String, Value>,
        at: &Loc,
        dispatch: bool,
        out: &mut Map<String, Value>,
    ) -> Result<(), ContractError> {
        let Some(discriminator) = object.get("discriminator") else {
            return Ok(());
        };
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return Ok(());
        };
        let Some((branches_key, branches)) = ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|k| object.get(k).and_then(Value::as_array).map(|b| (k, b)))
        else {
            return Ok(());
        };
        if !dispatch {
            out.remove(branches_key);
            return Ok(());
        }
        let mut mapping: Vec<(String, Loc)> = Vec::new();
        if let Some(explicit) = discriminator.get("mapping").and_then(Value::as_object) {
            for (value, target) in explicit {
                if let Some(target) = target.as_str() {
                    mapping.push((value.clone(), self.mapping_target(at, target)?));
                }
            }
        }
        for branch in branches {
            let Some(reference) = branch.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            let target = self.docs.resolve_ref(at.file, reference)?;
            if mapping.iter().any(|(_, loc)| *loc == target) {
                continue;
            }
            mapping.push((schema_name(self.docs, &target), target));
        }
        if mapping.is_empty() {
            return Ok(());
        }
        out.remove(branches_key);
        let mut selectors = Vec::with_capacity(mapping.len());
        for (value, target) in &mapping {
            let name = self.def(target.clone(), true);
            selectors.push(json!({
                "if": {
                    "type": "object",
                    "properties": {property: {"const": value}},
                    "required": [property],
                },
                "then": {"$ref": format!("#/$defs/{name}")},
            }));
        }
        match out.get_mut("allOf") {
            Some(Value::Array(all_of)) => all_of.extend(selectors),
            _ => {
                out.insert("allOf".into(), Value::Array(selectors));
            }
        }
        let values: Vec<&str> = mapping.iter().map(|(v, _)| v.as_str()).collect();
        out.insert(
            DISCRIMINATOR_KEYWORD.into(),
            json!({"propertyName": property, "values": values}),
        );
        Ok(())
    }

    /// A mapping value: a reference, or a schema name under `components/schemas`.
    fn mapping_target(&self, at: &Loc, target: &str) -> Result<Loc, ContractError> {
        if !target.contains('#') && !target.contains('/') {
            let by_name = Loc {
                file: 0,
                pointer: format!(
                    "/components/schemas/{}",
                    super::super::pointer::escape(target)
                ),
            };
            if self.docs.get(&by_name).is_some() {
                return Ok(by_name);
            }
        }
        self.docs.resolve_ref(at.file, target)
    }

    /// Forbids writeOnly properties and drops them from `required`.
    fn write_only(
        &self,
        object: &Map<String, Value>,
        at: &Loc,
        out: &mut Map<String, Value>,
    ) -> Result<(), ContractError> {
        let Some(properties) = object.get("properties").and_then(Value::as_object) else {
            return Ok(());
        };
        let mut names = Vec::new();
        for (name, schema) in properties {
            if self.is_write_only(schema, at.file, 0)? {
                names.push(name.clone());
            }
        }
        if names.is_empty() {
            return Ok(());
        }
        if let Some(Value::Array(required)) = out.get_mut("required") {
            required.retain(|r| !r.as_str().is_some_and(|r| names.iter().any(|n| n == r)));
        }
        // The property's schema becomes "always fails": it is only evaluated when present,
        // and the violation then points at the property itself.
        if let Some(Value::Object(converted)) = out.get_mut("properties") {
            for name in names {
                converted.insert(name.clone(), json!({ WRITE_ONLY_KEYWORD: name }));
            }
        }
        Ok(())
    }

    fn is_write_only(
        &self,
        schema: &Value,
        file: usize,
        depth: usize,
    ) -> Result<bool, ContractError> {
        if depth > MAX_LOOKUP_DEPTH {
            return Ok(false);
        }
        let Some(object) = schema.as_object() else {
            return Ok(false);
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let target = self.docs.resolve_ref(file, reference)?;
            let value = self.docs.get(&target).unwrap_or(&Value::Null);
            if self.is_write_only(value, target.file, depth + 1)? {
                return Ok(true);
            }
            if self.version == OpenApiVersion::V3_0 {
                return Ok(false);
            }
        }
        if object.get("writeOnly") == Some(&Value::Bool(true)) {
            return Ok(true);
        }
        if let Some(all_of) = object.get("allOf").and_then(Value::as_array) {
            for member in all_of {
                if self.is_write_only(member, file, depth + 1)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}

/// The implicit discriminator value of a schema: its name under `components/schemas`, else
/// the last pointer token, else the file's stem.
fn schema_name(docs: &DocSet, loc: &Loc) -> String {
    match loc.pointer.rsplit_once('/') {
        Some((_, last)) if !last.is_empty() => super::super::pointer::unescape(last),
        _ => {
            let shown = docs.display(loc);
            let file = shown.split('#').next().unwrap_or_default();
            let base = file.rsplit('/').next().unwrap_or(file);
            base.split('.').next().unwrap_or(base).to_string()
        }
    }
}

/// `nullable: true` next to `type` adds `"null"` to it.
fn v30_nullable(object: &Map<String, Value>, out: &mut Map<String, Value>) {
    if object.get("nullable") != Some(&Value::Bool(true)) {
        return;
    }
    if let Some(Value::String(kind)) = out.get("type") {
        let kind = kind.clone();
        out.insert("type".into(), json!([kind, "null"]));
    }
}

/// `maximum: 5, exclusiveMaximum: true` → `exclusiveMaximum: 5`; `false` is dropped.
fn v30_exclusive_bounds(out: &mut Map<String, Value>) {
    for (flag, bound) in [
        ("exclusiveMaximum", "maximum"),
        ("exclusiveMinimum", "minimum"),
    ] {
        match out.remove(flag) {
            Some(Value::Bool(true)) => {
                if let Some(limit) = out.remove(bound) {
                    out.insert(flag.into(), limit);
                }
            }
            Some(number @ Value::Number(_)) => {
                out.insert(flag.into(), number);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
