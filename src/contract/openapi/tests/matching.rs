use super::*;

#[test]
fn versions_and_operations() {
    let api = v30();
    assert_eq!(api.version(), OpenApiVersion::V3_0);
    let listed: Vec<(String, Option<String>, Vec<String>)> = api
        .operations()
        .into_iter()
        .map(|o| {
            (
                o.operation.to_string(),
                o.operation.operation_id,
                o.responses,
            )
        })
        .collect();
    let expected: Vec<(&str, Option<&str>, Vec<&str>)> = vec![
        ("GET /pets", Some("listPets"), vec!["200", "default"]),
        ("POST /pets", Some("createPet"), vec!["201", "4XX"]),
        ("GET /pets/mine", Some("listMyPets"), vec!["200"]),
        ("GET /pets/{petId}", Some("getPet"), vec!["200", "404"]),
        ("DELETE /pets/{petId}", Some("deletePet"), vec!["204"]),
        ("POST /users", Some("createUser"), vec!["201"]),
        ("GET /files/{name}.{ext}", None, vec!["200"]),
        ("GET /health", Some("health"), vec!["200"]),
    ];
    let expected: Vec<(String, Option<String>, Vec<String>)> = expected
        .into_iter()
        .map(|(o, id, r)| {
            (
                o.to_string(),
                id.map(str::to_string),
                r.into_iter().map(str::to_string).collect(),
            )
        })
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(v31().version(), OpenApiVersion::V3_1);
    assert_eq!(api.compile_all().expect("all schemas compile"), 12);
    assert_eq!(v31().compile_all().expect("all schemas compile"), 6);
}

#[test]
fn requests_match_the_most_specific_operation() {
    let api = v30();
    let cases: Vec<(&str, &str, Result<&str, UnmatchedReason>)> = vec![
        (
            "GET",
            "https://petstore.example.com/v1/pets",
            Ok("GET /pets"),
        ),
        // Host ignored, query ignored, server enum value, trailing slash.
        (
            "GET",
            "http://127.0.0.1:9999/v1/pets?limit=10",
            Ok("GET /pets"),
        ),
        ("GET", "/v2/pets/", Ok("GET /pets")),
        ("get", "/v1/pets#top", Ok("GET /pets")),
        // A literal segment beats a template.
        ("GET", "/v1/pets/mine", Ok("GET /pets/mine")),
        ("GET", "/v1/pets/42", Ok("GET /pets/{petId}")),
        ("GET", "/v1/pets/a%2Fb", Ok("GET /pets/{petId}")),
        // The method picks among the matching templates.
        ("DELETE", "/v1/pets/mine", Ok("DELETE /pets/{petId}")),
        ("GET", "/v1/files/report.txt", Ok("GET /files/{name}.{ext}")),
        // Path-level servers replace the document's.
        ("GET", "http://localhost/health", Ok("GET /health")),
        ("GET", "/v1/health", Err(UnmatchedReason::PathNotFound)),
        ("PUT", "/v1/pets/42", Err(UnmatchedReason::MethodNotAllowed)),
        ("GET", "/v3/pets", Err(UnmatchedReason::PathNotFound)),
        ("GET", "/pets", Err(UnmatchedReason::PathNotFound)),
        ("GET", "/v1/pets/1/toys", Err(UnmatchedReason::PathNotFound)),
        (
            "GET",
            "/v1/files/report",
            Err(UnmatchedReason::PathNotFound),
        ),
    ];
    for (method, url, expected) in cases {
        let found = api.find_operation(method, url).map(|o| o.to_string());
        assert_eq!(found, expected.map(str::to_string), "{method} {url}");
    }
    let api = v31();
    let cases: Vec<(&str, Result<&str, UnmatchedReason>)> = vec![
        ("http://localhost:8080/api/pets", Ok("GET /pets")),
        ("/api/pets/7", Ok("GET /pets/{petId}")),
        ("/api/users/u1/", Ok("GET /users/{userId}")),
        ("/pets", Err(UnmatchedReason::PathNotFound)),
    ];
    for (url, expected) in cases {
        let found = api.find_operation("GET", url).map(|o| o.to_string());
        assert_eq!(found, expected.map(str::to_string), "{url}");
    }
}

#[test]
fn undocumented_requests_carry_method_path_and_reason() {
    let api = v30();
    let result = check(
        &api,
        "patch",
        "http://127.0.0.1/v1/pets/1?x=1",
        200,
        &[],
        "",
    );
    assert_eq!(
        result,
        ResponseCheck::Undocumented(Unmatched {
            method: "PATCH".into(),
            path: "/v1/pets/1".into(),
            status: 200,
            reason: UnmatchedReason::MethodNotAllowed,
        })
    );
    assert!(!result.conforms());
    let ResponseCheck::Undocumented(unmatched) = &result else {
        panic!("undocumented expected");
    };
    assert_eq!(
        unmatched.to_string(),
        "PATCH /v1/pets/1 is undocumented: the path has no operation for this method"
    );
    let missing = check(&api, "GET", "/elsewhere", 404, &[], "");
    let ResponseCheck::Undocumented(unmatched) = &missing else {
        panic!("undocumented expected");
    };
    assert_eq!(
        unmatched.to_string(),
        "GET /elsewhere is undocumented: no path of the document matches"
    );
    assert!(result.violations().is_empty());
}

#[test]
fn load_errors() {
    let dir = fixture("");
    let cases: Vec<(&str, &str)> = vec![
        ("swagger: '2.0'\npaths: {}\n", "unsupported OpenAPI version \"swagger 2.0\" (3.0.x and 3.1.x are supported)"),
        ("paths: {}\n", "unsupported OpenAPI version \"\" (3.0.x and 3.1.x are supported)"),
        ("openapi: 3.2.0\npaths: {}\n", "unsupported OpenAPI version \"3.2.0\" (3.0.x and 3.1.x are supported)"),
        ("openapi: 3.0.0\npaths:\n  /a:\n    $ref: 'https://example.com/a.yaml'\n",
            "remote $ref \"https://example.com/a.yaml\" in inline document is not supported: only local files are read"),
        ("openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$ref: 'common.yaml#/schemas/Nope'}\n",
            "unresolved $ref \"common.yaml#/schemas/Nope\" in inline document"),
    ];
    for (text, message) in cases {
        let err = OpenApi::from_text(text, &dir).expect_err(text);
        assert_eq!(err.to_string(), message);
    }
    let err = OpenApi::from_text(
        "openapi: 3.0.0\npaths:\n  /a: {$ref: 'missing.yaml'}\n",
        &dir,
    )
    .expect_err("missing file");
    assert!(matches!(err, ContractError::Io { .. }), "{err}");
    let err = OpenApi::from_text("openapi: [", &dir).expect_err("bad yaml");
    assert!(matches!(err, ContractError::Parse { .. }), "{err}");
}

#[test]
fn a_document_given_as_text_with_a_relative_file_ref() {
    let text = r#"{
        "openapi": "3.0.1",
        "paths": {"/e": {"get": {"responses": {"500": {"$ref": "common.yaml#/responses/NotFound"}}}}}
    }"#;
    let api = OpenApi::from_text(text, &fixture("")).expect("loads");
    let result = check(
        &api,
        "GET",
        "/e",
        500,
        &[("Content-Type", "application/problem+json")],
        r#"{"code": "x"}"#,
    );
    let messages: Vec<String> = result
        .violations()
        .iter()
        .map(|v| v.message.clone())
        .collect();
    assert_eq!(
        messages,
        vec![
            "body $: \"message\" is a required property".to_string(),
            "body $.code: \"x\" is not of type \"integer\"".to_string(),
        ]
    );
}
