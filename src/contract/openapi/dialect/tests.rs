use super::*;
use serde_json::json;

fn bundled(document: Value, version: OpenApiVersion, pointer: &str) -> Bundle {
    let docs = DocSet::from_value(document, &std::env::temp_dir()).expect("document loads");
    let root = Loc {
        file: 0,
        pointer: pointer.to_string(),
    };
    bundle(&docs, version, &root).expect("bundles")
}

#[test]
fn v30_keywords_become_2020_12() {
    let doc = json!({"components": {"schemas": {"S": {
        "type": "object",
        "nullable": true,
        "example": {"$ref": "not followed"},
        "const": "3.0 has no const",
        "x-internal": true,
        "properties": {
            "a": {"type": "integer", "nullable": true, "minimum": 1, "exclusiveMinimum": true,
                  "maximum": 9, "exclusiveMaximum": false},
            "b": {"nullable": true},
            "c": {"$ref": "#/components/schemas/T", "description": "ignored sibling", "maxLength": 1},
            "d": {"type": "string", "format": "int64"}
        }
    }, "T": {"type": "string"}}}});
    let bundle = bundled(doc, OpenApiVersion::V3_0, "/components/schemas/S");
    assert_eq!(
        bundle.schema,
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/$defs/s0",
            "$defs": {
                "s1": {"type": "string"},
                "s0": {
                    "type": ["object", "null"],
                    "properties": {
                        "a": {"type": ["integer", "null"], "exclusiveMinimum": 1, "maximum": 9},
                        "b": {},
                        "c": {"$ref": "#/$defs/s1"},
                        "d": {"type": "string", "format": "int64", "x-sortie-format": "int64"}
                    }
                }
            }
        })
    );
    let origins: std::collections::BTreeMap<_, _> = bundle.origins.defs.into_iter().collect();
    assert_eq!(
        origins,
        [
            (
                "s0".to_string(),
                "inline document#/components/schemas/S".to_string()
            ),
            (
                "s1".to_string(),
                "inline document#/components/schemas/T".to_string()
            ),
        ]
        .into_iter()
        .collect()
    );
}

#[test]
fn v31_keeps_ref_siblings_and_drops_identifiers() {
    let doc = json!({"components": {"schemas": {"S": {
        "$id": "https://example.com/s",
        "$defs": {"unused": {"$ref": "#/nowhere/else"}},
        "type": ["object", "null"],
        "properties": {
            "c": {"$ref": "#/components/schemas/T", "maxLength": 1},
            "e": {"const": 1, "examples": [1]}
        },
        "nullable": true
    }, "T": {"type": "string"}}}});
    // The unused `$defs` holds a broken ref: the whole document must still load.
    let doc_ok = {
        let mut d = doc.clone();
        d["components"]["schemas"]["S"]["$defs"] = json!({"unused": {"type": "null"}});
        d
    };
    let bundle = bundled(doc_ok, OpenApiVersion::V3_1, "/components/schemas/S");
    assert_eq!(
        bundle.schema["$defs"]["s0"],
        json!({
            "type": ["object", "null"],
            "properties": {
                "c": {"$ref": "#/$defs/s1", "maxLength": 1},
                "e": {"const": 1, "examples": [1]}
            }
        })
    );
    assert!(DocSet::from_value(doc, &std::env::temp_dir()).is_err());
}

#[test]
fn write_only_properties_are_forbidden_and_not_required() {
    let doc = json!({"components": {"schemas": {
        "U": {
            "type": "object",
            "required": ["id", "password", "pin"],
            "properties": {
                "id": {"type": "string", "readOnly": true},
                "password": {"type": "string", "writeOnly": true},
                "pin": {"$ref": "#/components/schemas/Pin"},
                "token": {"allOf": [{"$ref": "#/components/schemas/Pin"}]}
            }
        },
        "Pin": {"type": "string", "writeOnly": true}
    }}});
    let bundle = bundled(doc, OpenApiVersion::V3_0, "/components/schemas/U");
    assert_eq!(
        bundle.schema["$defs"]["s0"],
        json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "readOnly": true},
                "password": {"x-sortie-write-only": "password"},
                "pin": {"x-sortie-write-only": "pin"},
                "token": {"x-sortie-write-only": "token"}
            }
        })
    );
}

#[test]
fn discriminator_dispatches_and_allof_parents_do_not_loop() {
    let doc = json!({"components": {"schemas": {
        "Pet": {
            "type": "object",
            "properties": {"kind": {"type": "string"}},
            "discriminator": {"propertyName": "kind", "mapping": {"kitty": "Cat"}},
            "oneOf": [
                {"$ref": "#/components/schemas/Cat"},
                {"$ref": "#/components/schemas/Dog"}
            ]
        },
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"required": ["claws"]}]},
        "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}]}
    }}});
    let bundle = bundled(doc, OpenApiVersion::V3_0, "/components/schemas/Pet");
    let defs = &bundle.schema["$defs"];
    assert_eq!(
        defs["s0"],
        json!({
            "type": "object",
            "properties": {"kind": {"type": "string"}},
            "allOf": [
                {"if": {"type": "object", "properties": {"kind": {"const": "kitty"}}, "required": ["kind"]},
                 "then": {"$ref": "#/$defs/s1"}},
                {"if": {"type": "object", "properties": {"kind": {"const": "Dog"}}, "required": ["kind"]},
                 "then": {"$ref": "#/$defs/s2"}}
            ],
            "x-sortie-discriminator": {"propertyName": "kind", "values": ["kitty", "Dog"]}
        })
    );
    // Cat reaches Pet without its dispatch: no oneOf, no discriminator.
    let cat_parent = defs["s1"]["allOf"][0]["$ref"]
        .as_str()
        .expect("ref")
        .trim_start_matches("#/$defs/");
    assert_ne!(cat_parent, "s0");
    assert_eq!(
        defs[cat_parent],
        json!({"type": "object", "properties": {"kind": {"type": "string"}}})
    );
    // And the bundle compiles and validates without looping.
    let compiled = super::super::super::schema::compile_value(
        &bundle.schema,
        Some("urn:test".into()),
        "test".into(),
        super::super::super::schema::Dialect::OpenApi,
        Some(bundle.origins),
        None,
    )
    .expect("compiles");
    assert!(compiled.is_valid(&json!({"kind": "kitty", "claws": 10})));
    assert!(compiled.is_valid(&json!({"kind": "Dog"})));
    let messages: Vec<String> = compiled
        .validate(&json!({"kind": "kitty"}))
        .into_iter()
        .map(|v| format!("{} {}", v.schema_path, v.message))
        .collect();
    assert_eq!(
        messages,
        vec!["inline document#/components/schemas/Cat/allOf/1/required \"claws\" is a required property"]
    );
}
