use std::sync::Arc;

use super::*;
use serde_json::json;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/contract/schemas")
        .join(name)
}

fn compile_file(name: &str) -> CompiledSchema {
    let path = fixture(name);
    CompiledSchema::compile(&SchemaSource::File(&path)).expect("fixture compiles")
}

/// (instance path, schema path, keyword, message) of each violation.
fn summary(violations: &[SchemaViolation]) -> Vec<(&str, &str, &str, &str)> {
    violations
        .iter()
        .map(|v| {
            (
                v.instance_path.as_str(),
                v.schema_path.as_str(),
                v.keyword.as_str(),
                v.message.as_str(),
            )
        })
        .collect()
}

#[test]
fn draft4_lists_every_violation_with_formats() {
    let schema = compile_file("person.draft4.json");
    assert_eq!(schema.draft(), SchemaDraft::Draft4);
    let valid = json!({"name": "Ann", "email": "ann@example.com", "age": 149,
        "id": "123e4567-e89b-12d3-a456-426614174000", "born": "1990-01-02T03:04:05Z",
        "tags": ["admin", "staff"]});
    assert!(schema.is_valid(&valid));
    assert_eq!(schema.validate(&valid), Vec::new());

    let invalid = json!({"name": "", "email": "nope", "age": 150, "id": "x",
        "born": "yesterday", "tags": ["admin", "root", "admin"], "x": 1});
    let violations = schema.validate(&invalid);
    assert_eq!(
        summary(&violations),
        vec![
            (
                "/name",
                "#/properties/name/minLength",
                "minLength",
                "\"\" is shorter than 1 character"
            ),
            (
                "/email",
                "#/properties/email/format",
                "format",
                "\"nope\" is not a \"email\""
            ),
            // Draft 4's boolean exclusiveMaximum.
            (
                "/age",
                "#/properties/age/maximum",
                "exclusiveMaximum",
                "150 is greater than or equal to the maximum of 150"
            ),
            // uuid is checked in draft 4 too.
            (
                "/id",
                "#/properties/id/format",
                "format",
                "\"x\" is not a \"uuid\""
            ),
            (
                "/born",
                "#/properties/born/format",
                "format",
                "\"yesterday\" is not a \"date-time\""
            ),
            (
                "/tags",
                "#/properties/tags/uniqueItems",
                "uniqueItems",
                "[\"admin\",\"root\",\"admin\"] has non-unique elements"
            ),
            (
                "/tags/1",
                "#/definitions/tag/enum",
                "enum",
                "\"root\" is not one of \"admin\", \"staff\" or \"guest\""
            ),
            (
                "",
                "#/additionalProperties",
                "additionalProperties",
                "Additional properties are not allowed ('x' was unexpected)"
            ),
        ]
    );
    assert_eq!(violations[6].json_path, "$.tags[1]");
    assert_eq!(
        violations[6].to_string(),
        "$.tags[1]: \"root\" is not one of \"admin\", \"staff\" or \"guest\""
    );
}

#[test]
fn draft7_resolves_a_sibling_file() {
    let schema = compile_file("order.draft7.json");
    assert_eq!(schema.draft(), SchemaDraft::Draft7);
    let valid = json!({"id": 1, "shipTo": {"street": "Main", "zip": "12345"},
        "lines": [{"sku": "a", "qty": 2}], "coupon": "SAVE"});
    assert_eq!(schema.validate(&valid), Vec::new());
    let invalid = json!({"id": "7", "shipTo": {"street": 1, "zip": "123"}, "billingZip": "abc",
        "lines": [{"sku": "a", "qty": 0}, {"qty": 1}], "contact": "a@",
        "placed": "2024-13-01T00:00:00Z", "coupon": "abc"});
    assert_eq!(
        summary(&schema.validate(&invalid)),
        vec![
            (
                "/id",
                "#/properties/id/type",
                "type",
                "\"7\" is not of type \"integer\""
            ),
            (
                "/shipTo/street",
                "address.json#/properties/street/type",
                "type",
                "1 is not of type \"string\""
            ),
            (
                "/shipTo/zip",
                "address.json#/definitions/zip/pattern",
                "pattern",
                "\"123\" does not match \"^[0-9]{5}$\""
            ),
            (
                "/billingZip",
                "address.json#/definitions/zip/pattern",
                "pattern",
                "\"abc\" does not match \"^[0-9]{5}$\""
            ),
            (
                "/lines/0/qty",
                "#/properties/lines/items/properties/qty/exclusiveMinimum",
                "exclusiveMinimum",
                "0 is less than or equal to the minimum of 0"
            ),
            (
                "/lines/1",
                "#/properties/lines/items/required",
                "required",
                "\"sku\" is a required property"
            ),
            (
                "/contact",
                "#/properties/contact/format",
                "format",
                "\"a@\" is not a \"email\""
            ),
            (
                "/placed",
                "#/properties/placed/format",
                "format",
                "\"2024-13-01T00:00:00Z\" is not a \"date-time\""
            ),
            (
                "/coupon",
                "#/properties/coupon/then/pattern",
                "pattern",
                "\"abc\" does not match \"^[A-Z]+$\""
            ),
        ]
    );
}

#[test]
fn yaml_schema_without_dollar_schema_is_2020_12() {
    let schema = compile_file("event.2020.yaml");
    assert_eq!(schema.draft(), SchemaDraft::Draft202012);
    let valid = json!({"id": "123e4567-e89b-12d3-a456-426614174000",
        "source": "https://example.com/a", "at": "2024-01-01T00:00:00+02:00",
        "point": [1, 2.5], "kind": "created", "extra": {"name": "n"}});
    assert_eq!(schema.validate(&valid), Vec::new());
    let invalid = json!({"id": "123", "source": "not a uri", "at": "2024-01-01",
        "reporter": "x", "host": "999.1.1.1", "point": [1, "a", 3], "kind": "moved",
        "extra": {"name": "n", "more": 1}});
    assert_eq!(
        summary(&schema.validate(&invalid)),
        vec![
            (
                "/id",
                "#/properties/id/format",
                "format",
                "\"123\" is not a \"uuid\""
            ),
            (
                "/source",
                "#/properties/source/format",
                "format",
                "\"not a uri\" is not a \"uri\""
            ),
            (
                "/at",
                "#/properties/at/format",
                "format",
                "\"2024-01-01\" is not a \"date-time\""
            ),
            (
                "/reporter",
                "#/properties/reporter/format",
                "format",
                "\"x\" is not a \"email\""
            ),
            (
                "/host",
                "#/properties/host/format",
                "format",
                "\"999.1.1.1\" is not a \"ipv4\""
            ),
            (
                "/point/2",
                "#/properties/point/items",
                "falseSchema",
                "False schema does not allow 3"
            ),
            (
                "/point/1",
                "#/properties/point/prefixItems/1/type",
                "type",
                "\"a\" is not of type \"number\""
            ),
            (
                "/kind",
                "#/$defs/kind/enum",
                "enum",
                "\"moved\" is not one of \"created\" or \"deleted\""
            ),
            (
                "/extra",
                "#/properties/extra/unevaluatedProperties",
                "unevaluatedProperties",
                "Unevaluated properties are not allowed ('more' was unexpected)"
            ),
        ]
    );
}

#[test]
fn drafts_follow_dollar_schema() {
    let cases = [
        (
            "http://json-schema.org/draft-04/schema#",
            SchemaDraft::Draft4,
        ),
        (
            "http://json-schema.org/draft-06/schema#",
            SchemaDraft::Draft6,
        ),
        (
            "http://json-schema.org/draft-07/schema#",
            SchemaDraft::Draft7,
        ),
        (
            "https://json-schema.org/draft/2019-09/schema",
            SchemaDraft::Draft201909,
        ),
        (
            "https://json-schema.org/draft/2020-12/schema",
            SchemaDraft::Draft202012,
        ),
    ];
    for (uri, draft) in cases {
        let value = json!({"$schema": uri, "type": "integer"});
        let schema = CompiledSchema::compile(&SchemaSource::Value {
            value: &value,
            base_dir: None,
        })
        .expect("compiles");
        assert_eq!(schema.draft(), draft, "{uri}");
        assert_eq!(schema.validate(&json!(1)), Vec::new());
        assert_eq!(schema.validate(&json!("1")).len(), 1, "{uri}");
    }
    // Draft 4 reads `exclusiveMinimum` as a boolean, 2020-12 as a number.
    let draft4 = json!({"$schema": "http://json-schema.org/draft-04/schema#",
        "minimum": 5, "exclusiveMinimum": true});
    let schema = CompiledSchema::compile(&SchemaSource::Value {
        value: &draft4,
        base_dir: None,
    })
    .expect("compiles");
    assert!(!schema.is_valid(&json!(5)));
    assert!(schema.is_valid(&json!(6)));
}

#[test]
fn inline_text_and_relative_refs() {
    let text = r#"{"type": "object", "properties": {"to": {"$ref": "address.json"}}}"#;
    let dir = fixture("");
    let schema = CompiledSchema::compile(&SchemaSource::Text {
        text,
        base_dir: Some(&dir),
    })
    .expect("compiles with a base directory");
    assert_eq!(schema.origin(), "inline schema");
    assert_eq!(
        summary(&schema.validate(&json!({"to": {"street": "s"}}))),
        vec![(
            "/to",
            "address.json#/required",
            "required",
            "\"zip\" is a required property"
        )]
    );

    let err = CompiledSchema::compile(&SchemaSource::Text {
        text,
        base_dir: None,
    })
    .expect_err("relative ref without base");
    assert!(err.to_string().contains("needs a base directory"), "{err}");
}

#[test]
fn compile_errors() {
    let remote = fixture("remote.json");
    let err = CompiledSchema::compile(&SchemaSource::File(&remote)).expect_err("remote ref");
    assert!(
        err.to_string().ends_with(
            "remote $ref https://example.com/schemas/a.json is not fetched: only local files are read"
        ),
        "{err}"
    );
    let unknown = json!({"$schema": "https://example.com/my-meta", "type": "string"});
    let err = CompiledSchema::compile(&SchemaSource::Value {
        value: &unknown,
        base_dir: None,
    })
    .expect_err("unknown draft");
    assert_eq!(
        err.to_string(),
        "invalid schema inline schema: unknown $schema \"https://example.com/my-meta\": \
         drafts 4, 6, 7, 2019-09 and 2020-12 are supported"
    );
    let bad = json!({"type": "strin"});
    let err = CompiledSchema::compile(&SchemaSource::Value {
        value: &bad,
        base_dir: None,
    })
    .expect_err("invalid keyword value");
    assert!(matches!(err, ContractError::InvalidSchema { .. }), "{err}");
    let err = CompiledSchema::compile(&SchemaSource::Text {
        text: "{",
        base_dir: None,
    })
    .expect_err("bad text");
    assert!(matches!(err, ContractError::Parse { .. }), "{err}");
}

#[test]
fn one_of_failures_name_each_branch_and_mask_large_values() {
    let value = json!({"oneOf": [{"type": "string"}, {"type": "object", "required": ["a"]}]});
    let schema = CompiledSchema::compile(&SchemaSource::Value {
        value: &value,
        base_dir: None,
    })
    .expect("ok");
    let big: Vec<u32> = (0..40).collect();
    let violations = schema.validate(&json!({ "b": big }));
    assert_eq!(
        summary(&violations),
        vec![(
            "",
            "#/oneOf",
            "oneOf",
            "value is not valid under any of the schemas listed in the 'oneOf' keyword \
             (branch 0: $: value is not of type \"string\"; branch 1: $: \"a\" is a required property)"
        )]
    );
}

#[test]
fn cache_compiles_once_per_schema_across_threads() {
    use rayon::prelude::*;
    let cache = SchemaCache::new();
    let path = fixture("person.draft4.json");
    // Another spelling of the same file shares the entry.
    let other = fixture("../schemas/person.draft4.json");
    let results: Vec<usize> = (0..64)
        .into_par_iter()
        .map(|i| {
            let source = if i % 2 == 0 {
                SchemaSource::File(&path)
            } else {
                SchemaSource::File(&other)
            };
            let schema = cache.get_or_compile(&source).expect("compiles");
            schema.validate(&json!({"name": "x"})).len()
        })
        .collect();
    assert!(results.iter().all(|n| *n == 2), "{results:?}");
    assert_eq!(cache.len(), 1);

    let value = json!({"type": "string"});
    let a = cache
        .get_or_compile(&SchemaSource::Value {
            value: &value,
            base_dir: None,
        })
        .expect("ok");
    let b = cache
        .get_or_compile(&SchemaSource::Text {
            text: r#"{"type":"string"}"#,
            base_dir: None,
        })
        .expect("ok");
    assert!(Arc::ptr_eq(&a, &b), "same text shares the entry");
    assert_eq!(cache.len(), 2);
    assert!(cache
        .get_or_compile(&SchemaSource::Text {
            text: "{",
            base_dir: None
        })
        .is_err());
    assert_eq!(cache.len(), 2, "failures are not cached");
}

#[test]
fn validate_many_reports_each_instance() {
    let cache = SchemaCache::new();
    let path = fixture("person.draft4.json");
    let instances = vec![
        json!({"name": "a", "email": "a@b.co", "age": 3}),
        json!({"name": "a", "email": "a@b.co"}),
        json!(7),
    ];
    let results = validate_many(&cache, &SchemaSource::File(&path), &instances).expect("compiles");
    let messages: Vec<Vec<String>> = results
        .iter()
        .map(|v| v.iter().map(|x| x.message.clone()).collect())
        .collect();
    assert_eq!(
        messages,
        vec![
            vec![],
            vec!["\"age\" is a required property".to_string()],
            vec!["7 is not of type \"object\"".to_string()],
        ]
    );
    assert_eq!(cache.len(), 1);
}

#[test]
fn compiled_schema_and_cache_are_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<CompiledSchema>();
    assert_send_sync::<SchemaCache>();
}

#[test]
fn refs_are_confined_to_the_root() {
    let schemas = fixture("");
    let openapi = schemas.join("../openapi");
    let value = json!({"properties": {"shipTo": {"$ref": "address.json"}}});
    let source = SchemaSource::Value {
        value: &value,
        base_dir: Some(&schemas),
    };
    let cache = SchemaCache::new();
    let inside = cache
        .get_or_compile_within(&source, Some(&schemas))
        .expect("address.json is inside the root");
    assert!(!inside.is_valid(&json!({"shipTo": {"street": 1}})));
    let err = cache
        .get_or_compile_within(&source, Some(&openapi))
        .expect_err("address.json is outside the root");
    let message = err.to_string();
    assert!(
        message.contains("is outside the spec's folder"),
        "{message}"
    );
    // The same schema without a root compiles, and each root has its own entry.
    cache.get_or_compile(&source).expect("no root");
    assert_eq!(cache.len(), 2);
}
