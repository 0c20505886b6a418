use super::*;
use serde_json::json;

#[test]
fn conforming_responses() {
    let api = v30();
    let pets = json!([
        {"id": 1, "name": "Tom", "petType": "cat", "huntingSkill": "lazy", "tag": null,
         "ownerEmail": null, "weight": 99.5, "birthDate": "2020-01-01T00:00:00Z"},
        {"id": 2, "name": "Rex", "petType": "dog", "packSize": 3}
    ])
    .to_string();
    let cat = json!({"id": 1, "name": "Tom", "petType": "cat", "huntingSkill": "lazy"});
    let user =
        json!({"id": "123e4567-e89b-12d3-a456-426614174000", "email": "a@b.co", "nickname": "ann"});
    let cases = vec![
        (
            exchange(
                "GET",
                "/v1/pets",
                200,
                &[JSON, ("x-total-count", "2")],
                pets,
            ),
            "200",
        ),
        // charset parameters are ignored on both sides.
        (
            exchange(
                "GET",
                "/v1/pets/1",
                200,
                &[("Content-Type", "application/json; charset=UTF-8")],
                cat.to_string(),
            ),
            "200",
        ),
        // 4XX range, response $ref, relative-file schema.
        (
            exchange(
                "POST",
                "/v1/pets",
                409,
                &[JSON],
                r#"{"code": 409, "message": "exists"}"#,
            ),
            "4XX",
        ),
        (
            exchange(
                "GET",
                "/v1/pets",
                503,
                &[JSON],
                r#"{"code": 503, "message": "down"}"#,
            ),
            "default",
        ),
        // No body, no content: nothing to check.
        (exchange("DELETE", "/v1/pets/1", 204, &[], ""), "204"),
        // A media range with no schema.
        (
            exchange(
                "GET",
                "/v1/files/a.png",
                200,
                &[("Content-Type", "image/png")],
                "\u{1}PNG",
            ),
            "200",
        ),
        (
            exchange(
                "GET",
                "/v1/files/a.txt",
                200,
                &[("Content-Type", "text/plain")],
                "short",
            ),
            "200",
        ),
        // readOnly properties are fine in a response, a missing writeOnly one too.
        (
            exchange("POST", "/v1/users", 201, &[JSON], user.to_string()),
            "201",
        ),
    ];
    for (exchange, key) in cases {
        let result = exchange.check(&api);
        assert_eq!(
            outcome(&result),
            (Some(key.to_string()), vec![]),
            "{}",
            exchange.name()
        );
        assert!(result.conforms());
    }
}

#[test]
fn status_and_content_type_violations() {
    let api = v30();
    let listed = "application/json; charset=utf-8";
    let cases = vec![
        (exchange("DELETE", "/v1/pets/1", 500, &[JSON], "{}"), None, ViolationKind::UndocumentedStatus,
            "status 500 is not documented for DELETE /pets/{petId} (documented: 204)".to_string()),
        (exchange("GET", "/v1/pets/mine", 201, &[], ""), None, ViolationKind::UndocumentedStatus,
            "status 201 is not documented for GET /pets/mine (documented: 200)".into()),
        (exchange("GET", "/v1/pets/1", 200, &[("Content-Type", "text/html")], "<p>"), Some("200"),
            ViolationKind::ContentTypeNotListed,
            format!("Content-Type \"text/html\" is not listed for GET /pets/{{petId}} 200 (listed: {listed})")),
        (exchange("GET", "/v1/pets/1", 200, &[], "{}"), Some("200"), ViolationKind::ContentTypeNotListed,
            format!("response has a body but no Content-Type header (listed for GET /pets/{{petId}} 200: {listed})")),
        (exchange("GET", "/v1/pets/1", 200, &[("Content-Type", "nonsense")], "{}"), Some("200"),
            ViolationKind::ContentTypeNotListed,
            format!("Content-Type \"nonsense\" is not listed for GET /pets/{{petId}} 200 (listed: {listed})")),
        (exchange("DELETE", "/v1/pets/1", 204, &[("Content-Type", "text/plain")], "gone"), Some("204"),
            ViolationKind::ContentTypeNotListed,
            "response has a body (text/plain) but DELETE /pets/{petId} 204 documents no content".into()),
        // A structured suffix is not its base type.
        (exchange("GET", "/v1/pets/9", 404, &[JSON], "{}"), Some("404"), ViolationKind::ContentTypeNotListed,
            "Content-Type \"application/json\" is not listed for GET /pets/{petId} 404 (listed: application/problem+json)".into()),
        (exchange("GET", "/v1/pets/1", 200, &[JSON], "{not json"), Some("200"), ViolationKind::SchemaViolation,
            "body is not valid JSON (key must be a string at line 1 column 2) although Content-Type is \"application/json\"".into()),
        (exchange("GET", "/v1/files/a.txt", 200, &[("Content-Type", "text/plain")], "much too long"), Some("200"),
            ViolationKind::SchemaViolation, "body $: \"much too long\" is longer than 10 characters".into()),
    ];
    for (exchange, key, kind, message) in cases {
        let result = exchange.check(&api);
        assert_eq!(
            outcome(&result),
            (key.map(str::to_string), vec![(kind, message)]),
            "{}",
            exchange.name()
        );
    }
}

#[test]
fn v30_schema_violations_are_all_listed() {
    let api = v30();
    let body = json!([
        {"id": "x", "name": 5, "petType": "bird", "weight": 100, "tag": null, "birthDate": "no"},
        {"id": 1, "name": "Tom", "petType": "cat"},
        {"id": 2, "name": "Rex", "petType": "dog", "packSize": 3_000_000_000u64},
        {"id": 3, "name": "Rex"},
        7
    ])
    .to_string();
    let result = check(
        &api,
        "GET",
        "/v1/pets",
        200,
        &[JSON, ("X-Total-Count", "5")],
        &body,
    );
    let ResponseCheck::Matched(matched) = &result else {
        panic!("matched expected");
    };
    let found: Vec<(&str, &str, &str)> = matched
        .violations
        .iter()
        .map(|v| {
            assert_eq!(v.kind, ViolationKind::SchemaViolation);
            let s = v.schema.as_ref().expect("schema details");
            (
                s.json_path.as_str(),
                s.schema_path.as_str(),
                s.message.as_str(),
            )
        })
        .collect();
    let pet = "petstore.v30.yaml#/components/schemas/Pet";
    assert_eq!(
        found,
        vec![
            ("$[0].id", &*format!("{pet}/properties/id/type"), "\"x\" is not of type \"integer\""),
            ("$[0].name", &*format!("{pet}/properties/name/type"), "5 is not of type \"string\""),
            // Boolean exclusiveMaximum of 3.0.
            ("$[0].weight", &*format!("{pet}/properties/weight/exclusiveMaximum"),
                "100 is greater than or equal to the maximum of 100"),
            ("$[0].birthDate", &*format!("{pet}/properties/birthDate/format"),
                "\"no\" is not a \"date-time\""),
            ("$[0]", &*format!("{pet}/discriminator"),
                "\"bird\" is not a value of discriminator \"petType\" (expected one of \"cat\", \"dog\")"),
            // The discriminator picked Cat (explicit mapping) and only Cat.
            ("$[1]", "petstore.v30.yaml#/components/schemas/Cat/allOf/1/required",
                "\"huntingSkill\" is a required property"),
            // Dog through a mapping by name; int32 range.
            ("$[2].packSize", "petstore.v30.yaml#/components/schemas/Dog/allOf/1/properties/packSize/format",
                "3000000000 is outside the int32 range"),
            ("$[3]", &*format!("{pet}/required"), "\"petType\" is a required property"),
            ("$[3]", &*format!("{pet}/discriminator"), "discriminator property \"petType\" is missing"),
            ("$[4]", &*format!("{pet}/type"), "7 is not of type \"object\""),
            ("$[4]", &*format!("{pet}/discriminator"),
                "expected an object carrying the discriminator property \"petType\", got a number"),
        ]
    );
    assert_eq!(
        matched.violations[1].message,
        "body $[0].name: 5 is not of type \"string\""
    );
}

#[test]
fn v30_write_only_nullable_and_relative_file_refs() {
    let api = v30();
    let user = json!({"id": "123e4567-e89b-12d3-a456-426614174000", "email": "a@b.co",
        "password": "x", "secret": "y", "nickname": null})
    .to_string();
    let result = check(&api, "POST", "/v1/users", 201, &[JSON], &user);
    let details: Vec<(String, String, String)> = result
        .violations()
        .iter()
        .map(|v| {
            let s = v.schema.as_ref().expect("schema details");
            (
                s.instance_path.clone(),
                s.schema_path.clone(),
                v.message.clone(),
            )
        })
        .collect();
    let user_schema = "petstore.v30.yaml#/components/schemas/User";
    assert_eq!(
        details,
        vec![
            ("/password".into(), format!("{user_schema}/properties/password/writeOnly"),
                "body $.password: writeOnly property \"password\" must not be present in a response".into()),
            // writeOnly through a $ref.
            ("/secret".into(), format!("{user_schema}/properties/secret/writeOnly"),
                "body $.secret: writeOnly property \"secret\" must not be present in a response".into()),
            // nullable adds null to type, but an enum without null still refuses it (3.0.3).
            ("/nickname".into(), format!("{user_schema}/properties/nickname/enum"),
                "body $.nickname: null is not one of \"ann\" or \"bob\"".into()),
        ]
    );
    let result = check(
        &api,
        "GET",
        "/v1/pets/9",
        404,
        &[("Content-Type", "application/problem+json")],
        r#"{"code": 1.5}"#,
    );
    let paths: Vec<(&str, &str)> = result
        .violations()
        .iter()
        .map(|v| {
            let s = v.schema.as_ref().expect("schema details");
            (s.schema_path.as_str(), s.message.as_str())
        })
        .collect();
    assert_eq!(
        paths,
        vec![
            (
                "common.yaml#/schemas/Error/required",
                "\"message\" is a required property"
            ),
            (
                "common.yaml#/schemas/Error/properties/code/type",
                "1.5 is not of type \"integer\""
            ),
        ]
    );
}

#[test]
fn header_violations() {
    let api = v30();
    let cases: Vec<(Vec<(&str, &str)>, Expected)> = vec![
        (
            vec![JSON],
            vec![(
                ViolationKind::MissingHeader,
                "required header \"X-Total-Count\" is missing",
            )],
        ),
        (
            vec![JSON, ("X-Total-Count", "-1")],
            vec![(
                ViolationKind::InvalidHeader,
                "header \"X-Total-Count\" value \"-1\": -1 is less than the minimum of 0",
            )],
        ),
        (
            vec![JSON, ("X-Total-Count", "many")],
            vec![(
                ViolationKind::InvalidHeader,
                "header \"X-Total-Count\" value \"many\": \"many\" is not of type \"integer\"",
            )],
        ),
        (
            vec![JSON, ("X-Total-Count", "1"), ("X-Next", "not a uri")],
            vec![(
                ViolationKind::InvalidHeader,
                "header \"X-Next\" value \"not a uri\": \"not a uri\" is not a \"uri\"",
            )],
        ),
        (
            vec![
                JSON,
                ("X-Total-Count", "1"),
                ("X-Next", "http://h/p?page=2"),
            ],
            vec![],
        ),
    ];
    for (h, expected) in cases {
        let result = check(&api, "GET", "/v1/pets", 200, &h, "[]");
        let expected: Vec<(ViolationKind, String)> = expected
            .into_iter()
            .map(|(k, m)| (k, m.to_string()))
            .collect();
        assert_eq!(outcome(&result), (Some("200".into()), expected), "{h:?}");
    }
    // The header name is reported as documented.
    let result = check(&api, "GET", "/v1/pets", 200, &[JSON], "[]");
    assert_eq!(
        result.violations()[0].header.as_deref(),
        Some("X-Total-Count")
    );
    // A 201 without its required Location header, and with a bad body: both reported.
    let result = check(
        &api,
        "POST",
        "/v1/pets",
        201,
        &[JSON],
        r#"{"id": 1, "name": "a", "petType": "cat", "huntingSkill": "lazy"}"#,
    );
    assert_eq!(
        outcome(&result),
        (
            Some("201".into()),
            vec![(
                ViolationKind::MissingHeader,
                "required header \"Location\" is missing".into()
            )]
        )
    );
}
