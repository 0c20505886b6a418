use super::*;
use serde_json::json;

#[test]
fn v31_schemas_are_json_schema_2020_12() {
    let api = v31();
    let pets = json!([
        {"id": 1, "kind": "Cat", "name": "", "tag": null, "score": 10, "indoor": "yes"},
        {"id": 2, "kind": "Lizard", "name": "Liz", "scales": -1},
        {"id": 3, "kind": "Dog", "name": "Rex"},
        {"id": 4, "kind": "Cat", "name": "Kit", "tag": "x", "score": 9.5, "indoor": true}
    ])
    .to_string();
    let result = check(
        &api,
        "GET",
        "http://127.0.0.1:3000/api/pets",
        206,
        &[JSON, ("X-Rate-Limit", "1000")],
        &pets,
    );
    let base = "petstore.v31.json#/components/schemas";
    let found: Vec<(ViolationKind, String, Option<String>)> = result
        .violations()
        .iter()
        .map(|v| {
            (
                v.kind,
                v.message.clone(),
                v.schema.as_ref().map(|s| s.schema_path.clone()),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (ViolationKind::SchemaViolation, "body $[0].indoor: \"yes\" is not of type \"boolean\"".into(),
                Some(format!("{base}/Cat/properties/indoor/type"))),
            (ViolationKind::SchemaViolation, "body $[0].name: \"\" is shorter than 1 character".into(),
                Some(format!("{base}/Base/properties/name/minLength"))),
            (ViolationKind::SchemaViolation,
                "body $[0].score: 10 is greater than or equal to the maximum of 10".into(),
                Some(format!("{base}/Base/properties/score/exclusiveMaximum"))),
            // Implicit mapping: the schema names.
            (ViolationKind::SchemaViolation, "body $[1].scales: -1 is less than the minimum of 0".into(),
                Some(format!("{base}/Lizard/properties/scales/minimum"))),
            (ViolationKind::SchemaViolation,
                "body $[2]: \"Dog\" is not a value of discriminator \"kind\" (expected one of \"Cat\", \"Lizard\")".into(),
                Some(format!("{base}/Pet/discriminator"))),
            (ViolationKind::InvalidHeader,
                "header \"X-Rate-Limit\" value \"1000\": 1000 is greater than or equal to the maximum of 1000".into(),
                Some("petstore.v31.json#/components/headers/RateLimit/schema/exclusiveMaximum".into())),
        ]
    );
    let ResponseCheck::Matched(matched) = &result else {
        panic!("matched expected");
    };
    assert_eq!(matched.response.as_deref(), Some("2XX"));

    // $ref siblings apply in 3.1; writeOnly next to a $ref; unevaluatedProperties; media range.
    let user = json!({"id": "u", "password": "secret123", "nickname": "ABCDEFG", "homepage": "::", "extra": 1})
        .to_string();
    let result = check(
        &api,
        "GET",
        "/api/users/1",
        200,
        &[("Content-Type", "application/vnd.user+json")],
        &user,
    );
    let messages: Vec<String> = result
        .violations()
        .iter()
        .map(|v| v.message.clone())
        .collect();
    assert_eq!(
        messages,
        vec![
            "body $.id: \"u\" is not a \"uuid\"",
            "body $.password: writeOnly property \"password\" must not be present in a response",
            "body $.nickname: \"ABCDEFG\" is longer than 5 characters",
            "body $.nickname: \"ABCDEFG\" does not match \"^[a-z]+$\"",
            "body $.homepage: \"::\" is not a \"uri\"",
            "body $: Unevaluated properties are not allowed ('extra' was unexpected)",
        ]
    );
    // Path item $ref; missing required header from a header $ref; default response.
    let result = check(
        &api,
        "GET",
        "/api/pets/1",
        200,
        &[JSON],
        r#"{"id": 1, "kind": "Lizard", "name": "L"}"#,
    );
    assert!(result.conforms(), "{result:?}");
    let result = check(&api, "GET", "/api/pets", 200, &[JSON], "[]");
    assert_eq!(
        outcome(&result),
        (
            Some("2XX".into()),
            vec![(
                ViolationKind::MissingHeader,
                "required header \"X-Rate-Limit\" is missing".into()
            )]
        )
    );
    let result = check(
        &api,
        "GET",
        "/api/pets",
        500,
        &[JSON],
        r#"{"code": 500, "message": "boom"}"#,
    );
    assert_eq!(outcome(&result), (Some("default".into()), vec![]));
}

#[test]
fn parallel_checks_share_the_schema_cache() {
    use rayon::prelude::*;
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<OpenApi>();
    let api = v30();
    let bodies: Vec<String> = (0..200)
        .map(|i| json!({"id": i, "name": "n", "petType": "cat", "huntingSkill": if i % 4 == 0 { "none" } else { "lazy" }}).to_string())
        .collect();
    let failing: usize = bodies
        .par_iter()
        .map(|body| {
            check(&api, "GET", "/v1/pets/1", 200, &[JSON], body)
                .violations()
                .len()
        })
        .sum();
    assert_eq!(failing, 50);
    assert_eq!(api.schemas.read().map(|s| s.len()).unwrap_or_default(), 1);
}

#[test]
fn results_serialise() {
    let api = v30();
    let result = check(&api, "GET", "/v1/pets", 200, &[JSON], "[]");
    let value = serde_json::to_value(&result).expect("serialises");
    assert_eq!(
        value,
        json!({
            "result": "matched",
            "operation": {"index": 0, "method": "GET", "path": "/pets", "operation_id": "listPets"},
            "status": 200,
            "response": "200",
            "violations": [{
                "kind": "missing_header",
                "message": "required header \"X-Total-Count\" is missing",
                "schema": null,
                "header": "X-Total-Count"
            }]
        })
    );
    let back: ResponseCheck = serde_json::from_value(value).expect("deserialises");
    assert_eq!(back, result);
}
