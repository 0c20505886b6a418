//! `matchesSchema` against httpbin: a schema file (with a `$ref` to a file next to it), an
//! inline object, a variable; every violation listed; errors placed on the value.

use super::{errors, sortie_in};
use crate::support::{httpbin, TempDir};

const USER_SCHEMA: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["uuid"],
  "properties": {"uuid": {"$ref": "defs.json#/$defs/uuid"}}
}"##;

const DEFS: &str = r#"{"$defs": {"uuid": {"type": "string", "format": "uuid"}}}"#;

#[test]
fn schemas_from_a_file_an_inline_object_and_a_variable() {
    let bin = httpbin();
    let dir = TempDir::new("schema-pass");
    dir.write("schemas/uuid.json", USER_SCHEMA);
    dir.write("schemas/defs.json", DEFS);
    dir.write(
        "pass.hurl",
        "GET {{base}}/uuid\nHTTP 200\n[Asserts]\n\
         jsonpath \"$\" matchesSchema file,schemas/uuid.json;\n\
         jsonpath \"$.uuid\" matchesSchema {\"type\": \"string\", \"minLength\": 36}\n\
         jsonpath \"$\" matchesSchema {{schema}}\n\
         jsonpath \"$\" not matchesSchema {\"required\": [\"id\"]}\n\n\
         GET {{base}}/get?x=1\nHTTP 200\n[Asserts]\n\
         jsonpath \"$.args\" matchesSchema {\"type\": \"object\", \"properties\": {\"x\": {\"const\": \"{{x}}\"}}}\n",
    );
    let out = sortie_in(
        &dir,
        &[
            "test",
            "pass.hurl",
            "--variable",
            &format!("base={}", bin.url("")),
            "--variable",
            "schema=type: object\nrequired: [uuid]",
            "--variable",
            "x=1",
        ],
    );
    out.assert_code(0);
    assert!(out.stderr.contains("entries:  2 passed"), "{}", out.stderr);
}

#[test]
fn every_violation_is_listed_at_the_predicate() {
    let bin = httpbin();
    let dir = TempDir::new("schema-fail");
    dir.write(
        "echo.schema.json",
        r#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "required": ["json", "url"],
            "properties": {"json": {"type": "object", "required": ["id", "email"],
              "properties": {"id": {"type": "integer", "minimum": 1},
                             "email": {"type": "string", "format": "email"},
                             "tags": {"type": "array", "uniqueItems": true}}},
              "url": {"type": "string", "pattern": "/anything$"}}}"#,
    );
    dir.write(
        "fail.hurl",
        "POST {{base}}/anything/x\n{\"id\": 0, \"email\": \"nope\", \"tags\": [\"a\", \"a\"]}\nHTTP 200\n[Asserts]\n\
         jsonpath \"$\" matchesSchema file,echo.schema.json;\n",
    );
    let out = sortie_in(
        &dir,
        &[
            "test",
            "fail.hurl",
            "--variable",
            &format!("base={}", bin.url("")),
        ],
    );
    out.assert_code(4);
    let errors = errors(&out.stderr);
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    let e = &errors[0];
    for needle in [
        "error: assert failure\n --> fail.hurl:5:14\n",
        "5 | jsonpath \"$\" matchesSchema file,echo.schema.json;\n",
        "  |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ assert failed\n",
        "expected: matches the schema echo.schema.json (draft-07)\n",
        "4 schema violations:\n",
        "$.json.id: 0 is less than the minimum of 1 (schema: #/properties/json/properties/id/minimum)\n",
        "$.json.email: \"nope\" is not a \"email\" (schema: #/properties/json/properties/email/format)\n",
        "$.json.tags: [\"a\",\"a\"] has non-unique elements (schema: #/properties/json/properties/tags/uniqueItems)\n",
        "$.url: \"",
        "/anything/x\" does not match \"/anything$\" (schema: #/properties/url/pattern)\n",
    ] {
        assert!(e.contains(needle), "{needle:?} not in:\n{e}");
    }
}

#[test]
fn schema_errors_are_placed_on_the_value() {
    let bin = httpbin();
    let dir = TempDir::new("schema-errors");
    std::fs::create_dir_all(dir.path("specs")).unwrap();
    dir.write("outside.json", "{}");
    dir.write("specs/escape.json", r#"{"$ref": "../outside.json"}"#);
    dir.write(
        "specs/errors.hurl",
        "GET {{base}}/uuid\nHTTP 200\n[Asserts]\njsonpath \"$\" matchesSchema file,missing.json;\n\n\
         GET {{base}}/uuid\nHTTP 200\n[Asserts]\njsonpath \"$\" matchesSchema file,../outside.json;\n\n\
         GET {{base}}/uuid\nHTTP 200\n[Asserts]\njsonpath \"$\" matchesSchema file,escape.json;\n\n\
         GET {{base}}/uuid\nHTTP 200\n[Asserts]\njsonpath \"$\" matchesSchema {\"type\": \"strin\"}\n",
    );
    let out = sortie_in(
        &dir,
        &[
            "test",
            "specs/errors.hurl",
            "--continue-on-error",
            "--variable",
            &format!("base={}", bin.url("")),
        ],
    );
    out.assert_code(4);
    let errors = errors(&out.stderr);
    assert_eq!(errors.len(), 4, "{}", out.stderr);
    let expected = [
        ("specs/errors.hurl:4:28", "cannot read file 'missing.json'"),
        (
            "specs/errors.hurl:9:28",
            "file '../outside.json' is outside the spec's folder",
        ),
        ("specs/errors.hurl:14:28", "is outside the spec's folder"),
        ("specs/errors.hurl:19:28", "invalid schema inline schema"),
    ];
    for (e, (place, message)) in errors.iter().zip(expected) {
        assert!(e.contains(place), "{place} not in:\n{e}");
        assert!(e.contains(message), "{message} not in:\n{e}");
    }
}

#[test]
fn a_bad_schema_value_is_a_parse_error_at_its_column() {
    let dir = TempDir::new("schema-parse");
    dir.write(
        "bad.hurl",
        "GET http://127.0.0.1:1/x\nHTTP 200\n[Asserts]\njsonpath \"$\" matchesSchema \"user.json\"\n",
    );
    let out = sortie_in(&dir, &["check", "bad.hurl"]);
    out.assert_code(2);
    out.err_has(" --> bad.hurl:4:28\n");
    out.err_has("expecting a JSON Schema: file,schema.json; an inline JSON object {…} or {{variable}}; found '\"'");
}
