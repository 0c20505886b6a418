//! The OpenAPI importer on a petstore-like 3.0 YAML document and an httpbin-shaped 3.1
//! JSON document (the fixtures), with exact expected files, and on small documents for
//! the edge cases.

use serde_json::json;

use super::*;

/// Every import of these tests, each file parsed by sortie's parser (what `sortie check`
/// accepts).
fn checked(label: &str, i: Import) -> Import {
    for f in &i.files {
        super::super::assert_parses(&format!("openapi/{label}/{}", f.path), &f.text);
    }
    i
}

fn petstore() -> Import {
    checked(
        "t1",
        import(&super::super::fixture("openapi/petstore.yaml")).unwrap(),
    )
}

fn httpbin() -> Import {
    checked(
        "t2",
        import(&super::super::fixture("openapi/httpbin.openapi.json")).unwrap(),
    )
}

fn file<'a>(import: &'a Import, path: &str) -> &'a str {
    &import
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no file {path}"))
        .text
}

#[test]
fn files_per_tag_then_first_path_segment() {
    let i = petstore();
    let paths: Vec<&str> = i.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "pet.sortie",
            "store.sortie",
            "user.hurl",
            "health.hurl",
            "v2.hurl"
        ]
    );
    let i = httpbin();
    let paths: Vec<&str> = i.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["requests.hurl", "status-codes.hurl", "auth.sortie"]);
}

#[test]
fn pet_file_is_exact() {
    let pet_body = "{\n  \"name\": \"doggie\",\n  \"category\": {\n    \"id\": 1,\n    \"name\": \"Dogs\"\n  },\n  \
                    \"photoUrls\": [\n    \"https://example.com\"\n  ],\n  \"tags\": [\n    {\n      \"id\": 0,\n      \
                    \"name\": \"string\"\n    }\n  ],\n  \"status\": \"available\"\n}";
    let want = format!(
        "# Imported from the OpenAPI document \"Swagger Petstore - OpenAPI 3.0\": operations tagged or under \"pet\".\n\n\
         [Connection petstore_auth]\ntype: oauth2-client-credentials\n\
         token-url: https://auth.petstore.example.com/oauth/token\n\
         client-id: {{{{petstore_auth_client_id}}}}\nclient-secret: {{{{petstore_auth_client_secret}}}}\n\
         scopes: write:pets read:pets\n\n\
         [Connection api_key]\ntype: api-key\napi-key: {{{{api_key_api_key}}}}\nheader: api_key\nscheme: none\n\n\
         # Update an existing pet\nPUT {{{{base_url}}}}/pet\n[Options]\nconnection: petstore_auth\n{pet_body}\nHTTP 200\n\n\
         # Add a new pet to the store\nPOST {{{{base_url}}}}/pet\n[Options]\nconnection: petstore_auth\n{pet_body}\nHTTP 201\n\n\
         # Finds Pets by status\nGET {{{{base_url}}}}/pet/findByStatus\n[Query]\nstatus: available\nHTTP 200\n\n\
         # findPetsByTags\nGET {{{{base_url}}}}/pet/findByTags\n[Query]\ntags: tag1\ntags: tag 2\nHTTP 200\n\n\
         # Find pet by ID\nGET {{{{base_url}}}}/pet/{{{{petId}}}}\n[Options]\nconnection: api_key\nHTTP 200\n\n\
         # Updates a pet in the store with form data\nPOST {{{{base_url}}}}/pet/{{{{petId}}}}\n[Form]\n\
         name: doggie \\#2\nstatus: available\nHTTP 200\n\n\
         # Deletes a pet\nDELETE {{{{base_url}}}}/pet/{{{{petId}}}}\nHTTP *\n\n\
         # TODO: put the file file.bin next to this spec for the file part of POST /pet/{{petId}}/uploadImage\n\
         # uploads an image\nPOST {{{{base_url}}}}/pet/42/uploadImage\n[Multipart]\n\
         caption: My \\u{{7b}}{{best}}}} photo\nfile: file,file.bin;\nHTTP 200\n"
    );
    assert_eq!(file(&petstore(), "pet.sortie"), want);
}

#[test]
fn store_user_and_untagged_files_are_exact() {
    let i = petstore();
    assert_eq!(
        file(&i, "store.sortie"),
        "# Imported from the OpenAPI document \"Swagger Petstore - OpenAPI 3.0\": operations tagged or under \"store\".\n\n\
         [Connection api_key]\ntype: api-key\napi-key: {{api_key_api_key}}\nheader: api_key\nscheme: none\n\n\
         # Returns pet inventories by status\nGET {{base_url}}/store/inventory\n[Options]\nconnection: api_key\nHTTP 200\n\n\
         # Place an order for a pet\nPOST {{base_url}}/store/order\n\
         {\n  \"petId\": 198772,\n  \"quantity\": 1,\n  \"shipDate\": \"2024-05-01T10:00:00Z\",\n  \
         \"status\": \"approved\",\n  \"complete\": false\n}\nHTTP 200\n\n\
         # Find purchase order by ID\nGET {{base_url}}/store/order/10\nHTTP 200\n"
    );
    assert_eq!(
        file(&i, "user.hurl"),
        "# Imported from the OpenAPI document \"Swagger Petstore - OpenAPI 3.0\": operations tagged or under \"user\".\n\n\
         # Logs user into the system\nGET {{base_url}}/user/login\nX-Request-ID: {{X-Request-ID}}\n\
         [Query]\nusername: theUser\npassword: {{password}}\nHTTP 200\n\n\
         # Get user by user name\nGET {{base_url}}/user/user1\nHTTP 200\n"
    );
    assert_eq!(
        file(&i, "v2.hurl"),
        "# Imported from the OpenAPI document \"Swagger Petstore - OpenAPI 3.0\": operations tagged or under \"v2\".\n\n\
         # GET /v2/legacy/{id} is deprecated.\n# GET /v2/legacy/{id}\nGET {{base_url}}/v2/legacy/{{id}}\nHTTP *\n"
    );
}

#[test]
fn petstore_variables() {
    let i = petstore();
    let vars: Vec<(&str, Option<&str>, bool)> = i
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_deref(), v.secret))
        .collect();
    assert_eq!(
        vars,
        [
            (
                "base_url",
                Some("https://eu.petstore.example.com/api/v3"),
                false
            ),
            ("petstore_auth_client_id", None, false),
            ("petstore_auth_client_secret", None, true),
            ("petId", None, false),
            ("api_key_api_key", None, true),
            ("password", Some("12345"), true),
            ("X-Request-ID", None, false),
            ("id", None, false),
        ]
    );
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn httpbin_requests_file_is_exact() {
    assert_eq!(
        file(&httpbin(), "requests.hurl"),
        "# Imported from the OpenAPI document \"httpbin subset\": operations tagged or under \"Requests\".\n\n\
         # Echo a GET request\nGET {{base_url}}/get\nX-Trace: trace \\#7\n[Query]\npage: 2\nHTTP 200\n\n\
         # Create an item\nPOST {{base_url}}/anything/items\n\
         {\n  \"name\": \"Widget\",\n  \"price\": 0.5,\n  \"owner\": \"user@example.com\",\n  \
         \"tags\": [\n    \"string\"\n  ],\n  \"template\": \"Hello \\u007b{name}}\"\n}\nHTTP 200\n\n\
         # Patch an item\nPATCH {{base_url}}/anything/items/a-1\nContent-Type: application/merge-patch+json\n\
         {\n  \"name\": null,\n  \"tags\": [\n    \"x\"\n  ]\n}\nHTTP 200\n\n\
         # Update a profile with a form\nPUT {{base_url}}/put\n[Form]\ndisplay_name: Jane Doe\nlangs: en\nlangs: fr\nHTTP 200\n\n\
         # TODO: put the file doc.bin next to this spec for the doc part of POST /post\n\
         # Upload a document\nPOST {{base_url}}/post\n[Multipart]\ntitle: Q3 report\ndoc: file,doc.bin;\nHTTP 200\n"
    );
}

#[test]
fn httpbin_security_schemes_become_connections() {
    let i = httpbin();
    let auth = file(&i, "auth.sortie");
    assert!(auth.starts_with(
        "# Imported from the OpenAPI document \"httpbin subset\": operations tagged or under \"Auth\".\n\n\
         [Connection basicauth]\ntype: basic\nusername: {{basicauth_username}}\npassword: {{basicauth_password}}\n\n\
         [Connection bearerauth]\ntype: api-key\napi-key: {{bearerauth_token}}\nscheme: Bearer\n\n\
         [Connection apikeyheader]\ntype: api-key\napi-key: {{apikeyheader_api_key}}\nheader: X-Api-Key\nscheme: none\n\n"
    ));
    // The document-level requirement applies where the operation has none.
    assert!(auth.contains("# Bearer authentication\nGET {{base_url}}/bearer\n[Options]\nconnection: bearerauth\nHTTP 200\n"));
    assert!(auth.contains("GET {{base_url}}/anything/query-key\n[Query]\napi_key: {{apikeyquery_api_key}}\nHTTP 200\n"));
    assert_eq!(
        file(&i, "status-codes.hurl"),
        "# Imported from the OpenAPI document \"httpbin subset\": operations tagged or under \"Status codes\".\n\n\
         # Return a status code\nGET {{base_url}}/status/201\nHTTP 201\n"
    );
    assert_eq!(
        i.variables[0].value.as_deref(),
        Some("http://127.0.0.1:8000")
    );
}

#[test]
fn servers_and_versions() {
    let doc = |servers: serde_json::Value| {
        json!({"openapi": "3.1.0", "info": {"title": "t"}, "servers": servers, "paths": {
            "/{a}/b": {"get": {"responses": {"204": {}, "200": {}}}}
        }})
    };
    let relative = checked("t5", import_value(&doc(json!([{"url": "/v1"}]))).unwrap());
    assert_eq!(relative.variables[0].value, None);
    assert_eq!(
        relative.variables[0].note.as_deref(),
        Some("the API's base URL: the document's server is \"/v1\", relative to where the document is served")
    );
    // Untagged: the first path segment that is not a parameter; the lowest 2xx wins.
    assert_eq!(relative.files[0].path, "b.hurl");
    assert!(relative.files[0]
        .text
        .ends_with("# GET /{a}/b\nGET {{base_url}}/{{a}}/b\nHTTP 200\n"));
    assert_eq!(
        import_value(&json!({"swagger": "2.0"})).unwrap_err(),
        OpenApiError::UnsupportedVersion("2.0".into())
    );
    assert_eq!(
        import_value(&json!({"openapi": "4.0.0"})).unwrap_err(),
        OpenApiError::UnsupportedVersion("4.0.0".into())
    );
    assert_eq!(
        import_value(&json!({"info": {}})).unwrap_err(),
        OpenApiError::NotOpenApi("no \"openapi\" version".into())
    );
    assert!(matches!(
        import("openapi: [unclosed"),
        Err(OpenApiError::Parse(_))
    ));
    let empty = checked(
        "t3",
        import("openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n").unwrap(),
    );
    assert!(empty.files.is_empty());
    assert_eq!(empty.warnings, ["the document has no operations"]);
}

#[test]
fn yaml_integer_keys_and_text_bodies() {
    let yaml = "openapi: 3.0.1\ninfo: {title: x}\nservers: [{url: 'https://x.example/'}]\npaths:\n  /notes:\n    post:\n      \
                requestBody:\n        content:\n          text/plain:\n            example: \"a #1\"\n      \
                responses:\n        201: {description: created}\n  /blob:\n    put:\n      operationId: putBlob\n      \
                requestBody:\n        content:\n          application/octet-stream: {}\n      responses:\n        200: {}\n";
    let i = checked("t4", import(yaml).unwrap());
    assert_eq!(i.variables[0].value.as_deref(), Some("https://x.example"));
    assert_eq!(
        i.files[0].text,
        "# Imported from the OpenAPI document \"x\": operations tagged or under \"notes\".\n\n\
         # POST /notes\nPOST {{base_url}}/notes\nContent-Type: text/plain\n`a #1`\nHTTP 201\n"
    );
    assert_eq!(
        i.files[1].text,
        "# Imported from the OpenAPI document \"x\": operations tagged or under \"blob\".\n\n\
         # TODO: put the application/octet-stream body of PUT /blob in putBlob.bin, next to this spec\n\
         # putBlob\nPUT {{base_url}}/blob\nContent-Type: application/octet-stream\nfile,putBlob.bin;\nHTTP 200\n"
    );
}

#[test]
fn wrong_shapes_never_panic() {
    let odd = [
        json!({"openapi": "3.0.0", "paths": {"/a": 5, "/b": {"get": 1}, "/c": {"$ref": "#/nope"}}}),
        json!({"openapi": 3.1, "paths": {"/{x": {"post": {"parameters": [1, {"$ref": "#/x"}],
            "requestBody": {"content": {"multipart/form-data": {"example": [1]}}}, "responses": []}}}}),
        json!({"openapi": "3.0.0", "servers": "x", "security": [1], "paths": {"/a/{b}": {"get": {
            "security": [{"nope": []}], "parameters": [{"in": "path", "name": "b", "schema": {"$ref": "#/components/schemas/L"}}]}}},
            "components": {"schemas": {"L": {"$ref": "#/components/schemas/L"}}}}),
        json!({"openapi": "3.1.0", "paths": {"/r": {"put": {"requestBody": {"content": {"application/json": {
            "schema": {"allOf": [{"type": "string"}, {"$ref": "#/components/schemas/R"}]}}}}}}},
            "components": {"schemas": {"R": {"type": "object", "properties": {"r": {"$ref": "#/components/schemas/R"}}}}}}),
    ];
    for (n, d) in odd.iter().enumerate() {
        if let Ok(i) = import_value(d) {
            checked(&format!("odd{n}"), i);
        }
    }
}
