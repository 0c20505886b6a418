//! The Postman importer on the fixture collection (folders, variables, every auth kind,
//! mapped and unmapped test scripts) with exact expected files, and on small collections
//! for the edge cases.

use serde_json::json;

use super::*;

/// Every import of these tests, dumped for manual parser checks (see `super::super::dump`).
fn dumped(label: &str, i: Import) -> Import {
    for f in &i.files {
        super::super::assert_parses(&format!("postman/{label}/{}", f.path), &f.text);
    }
    i
}

fn fixture() -> Import {
    dumped(
        "t1",
        import(&super::super::fixture(
            "postman/httpbin.postman_collection.json",
        ))
        .unwrap(),
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
fn one_file_per_folder_in_collection_order() {
    let i = fixture();
    let paths: Vec<&str> = i.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "httpbin-demo.sortie",
            "users.sortie",
            "users/admin.sortie",
            "auth.sortie",
            "oauth.sortie"
        ]
    );
}

#[test]
fn users_folder_is_exact() {
    assert_eq!(
        file(&fixture(), "users.sortie"),
        r#"# Imported from the Postman collection "Httpbin Demo", folder "Users".
# TODO (from Postman pre-request script of the collection): pm.variables.set("started", Date.now());

[Connection httpbin-demo]
type: api-key
api-key: {{httpbin_demo_token}}
scheme: Bearer

# List users
GET http://127.0.0.1:{{port}}/get
Accept: application/json
[Options]
connection: httpbin-demo
[Query]
page: 1
per_page: {{per_page}}
HTTP 200
[Asserts]
duration < 5000
header "Content-Type" == "application/json"
jsonpath "$.args.page" == "1"
jsonpath "$.args.per_page" == "10"
# TODO (from Postman test script): pm.expect(body.args).to.have.property('page');

# TODO (from Postman pre-request script): pm.collectionVariables.set("request_id", pm.variables.replaceIn('{{$guid}}'));
# Create user
POST http://127.0.0.1:{{port}}/post
X-Request-Id: {{newUuid}}
[Options]
connection: httpbin-demo
{
  "name": "{{user_name}}",
  "age": {{user_age}},
  "id": "u-1",
  "note": "literal {braces} and #hash"
}
HTTP 200
[Captures]
user_id: jsonpath "$.json.id"
[Asserts]
duration < 5000
header "Content-Type" == "application/json"
jsonpath "$.json.name" == "Jane Doe"
jsonpath "$.json.age" == 42
"#
    );
}

#[test]
fn auth_folder_is_exact() {
    assert_eq!(
        file(&fixture(), "auth.sortie"),
        r#"# Imported from the Postman collection "Httpbin Demo", folder "Auth".
# TODO (from Postman pre-request script of the collection): pm.variables.set("started", Date.now());

[Connection auth]
type: basic
username: user
password: {{auth_password}}

[Connection api-key-in-a-header]
type: api-key
api-key: {{api_key}}
header: X-Api-Key
scheme: none

[Connection bearer-token-request-level]
type: api-key
api-key: {{bearer_token_request_level_token}}
scheme: Bearer

# Basic auth (from the folder)
GET http://127.0.0.1:{{port}}/basic-auth/user/passwd
[Options]
connection: auth
HTTP 200
[Asserts]
duration < 5000
jsonpath "$.user" == "user"

# API key in a header
GET http://127.0.0.1:{{port}}/headers
[Options]
connection: api-key-in-a-header
HTTP *
[Asserts]
duration < 5000
jsonpath "$.headers['X-Api-Key']" == "secret-key-456"

# TODO: Postman sends this API key as the query parameter api_key, which sortie's api-key connection cannot do: it is under [Query]
# API key in the query
GET http://127.0.0.1:{{port}}/get
[Query]
api_key: {{api_key_in_the_query_api_key}}
HTTP *
[Asserts]
duration < 5000

# Bearer token (request level)
GET http://127.0.0.1:{{port}}/bearer
[Options]
connection: bearer-token-request-level
HTTP *
[Asserts]
duration < 5000
jsonpath "$.token" == "tok-request-level"
body contains "authenticated"

# No auth
GET http://127.0.0.1:{{port}}/get
HTTP *
[Asserts]
duration < 5000

# TODO: Postman digest auth (of Digest auth) has no sortie connection; add it by hand
# Digest auth
GET http://127.0.0.1:{{port}}/digest-auth/auth/user/passwd
HTTP *
[Asserts]
duration < 5000
"#
    );
}

#[test]
fn oauth_and_bodies() {
    let i = fixture();
    let oauth = file(&i, "oauth.sortie");
    assert!(oauth.contains(
        "[Connection oauth]\ntype: oauth2-client-credentials\n\
         token-url: http://127.0.0.1:{{oauth_port}}/token\nclient-id: demo-client\n\
         client-secret: {{oauth_client_secret}}\nscopes: read write\nparam: audience=httpbin\n"
    ));
    assert!(oauth.contains(
        "[Connection authorization-code-login]\ntype: oauth2-authorization-code\n\
         authorize-url: http://127.0.0.1:{{oauth_port}}/authorize\n\
         token-url: http://127.0.0.1:{{oauth_port}}/token\nclient-id: demo-app\n\
         scopes: openid profile\n"
    ));
    let admin = file(&i, "users/admin.sortie");
    assert!(
        admin.contains("[Multipart]\nbio: Hello \\#1\navatar: file,upload.txt; text/plain\nHTTP *")
    );
    assert!(admin.contains("[Form]\ndisplay_name: {{user_name}}\npassword: {{password}}\n"));
    assert!(admin.contains("# Get user :id\nGET http://127.0.0.1:{{port}}/anything/users/{{id}}\n"));
    let root = file(&i, "httpbin-demo.sortie");
    // A GraphQL body with variables is sent as the JSON a GraphQL client sends.
    assert!(root.contains(
        "{\n  \"query\": \"query Hero($episode: Episode) {\\n  hero(episode: $episode) {\\n    \
         name\\n  }\\n}\",\n  \"variables\": {\n    \"episode\": \"JEDI\",\n    \
         \"user\": \"{{user_name}}\"\n  }\n}\n"
    ));
    assert!(root.contains("Content-Type: text/plain\nfile,upload.txt;\n"));
    assert!(root.contains("# Health check\nGET http://127.0.0.1:{{port}}/status/201\nHTTP 201\n"));
}

#[test]
fn variables_keep_values_and_mark_secrets() {
    let i = fixture();
    let vars: Vec<(&str, Option<&str>, bool)> = i
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_deref(), v.secret))
        .collect();
    assert_eq!(
        vars,
        [
            ("port", Some("8000"), false),
            ("user_name", Some("Jane Doe"), false),
            ("user_age", Some("42"), false),
            ("api_key", Some("secret-key-456"), true),
            ("httpbin_demo_token", Some("collection-token-123"), true),
            ("per_page", Some("10"), false),
            ("password", Some("hunter2"), true),
            ("id", Some("7"), false),
            ("auth_password", Some("passwd"), true),
            ("api_key_in_the_query_api_key", Some("query-key-789"), true),
            (
                "bearer_token_request_level_token",
                Some("tok-request-level"),
                true
            ),
            ("oauth_port", None, false),
            ("oauth_client_secret", Some("demo-secret"), true),
        ]
    );
    assert_eq!(
        i.warnings,
        ["variable {{user name}} is renamed {{user_name}}"]
    );
    // No credential of the collection is written in a spec.
    for f in &i.files {
        for secret in [
            "collection-token-123",
            "hunter2",
            "passwd\n",
            "query-key-789",
            "demo-secret",
        ] {
            assert!(
                !f.text.contains(&format!(": {secret}")),
                "{} holds {secret}",
                f.path
            );
        }
    }
}

fn collection(items: serde_json::Value) -> serde_json::Value {
    json!({
        "info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
        "item": items
    })
}

#[test]
fn urls_queries_and_dynamic_variables() {
    let c = collection(json!([
        {"name": "encoded query stays in the URL", "request": {"method": "get", "url": "https://h/s?q=a%20b&x=1"}},
        {"name": "plain query", "request": {"url": {"raw": "{{base}}/s?q=a b&flag", "query": [
            {"key": "q", "value": "a b"}, {"key": "flag", "value": null}]}}},
        {"name": "string request", "request": "example.org/{{$timestamp}}"},
        {"name": "no url", "request": {"method": "GET"}}
    ]));
    let i = dumped("t2", import_value(&c).unwrap());
    assert_eq!(
        i.files[0].text,
        "# Imported from the Postman collection \"T\".\n\n\
         # encoded query stays in the URL\nGET https://h/s?q=a%20b&x=1\n\n\
         # plain query\nGET {{base}}/s?q=a b&flag\n\n\
         # string request\nGET http://example.org/{{postman_timestamp}}\n"
    );
    assert_eq!(
        i.warnings,
        [
            "Postman's dynamic variable {{$timestamp}} has no equivalent: it is {{postman_timestamp}}, to be given a value",
            "request \"no url\" skipped: it has no URL"
        ]
    );
}

#[test]
fn auth_inheritance_and_v2_0_objects() {
    let c = json!({
        "info": {"name": "Shop API", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
        "auth": {"type": "apikey", "apikey": {"key": "X-Key", "value": "{{key}}"}},
        "item": [
            {"name": "Inherits", "request": {"url": "https://h/a"}},
            {"name": "Opts out", "request": {"url": "https://h/b", "auth": {"type": "noauth"}}},
            {"name": "Folder", "auth": {"type": "noauth"}, "item": [
                {"name": "Inherits no auth", "request": {"url": "https://h/c", "auth": {"type": "inherit"}}},
                {"name": "Hawk", "request": {"url": "https://h/d", "auth": {"type": "hawk", "hawk": []}}}
            ]}
        ]
    });
    let i = dumped("t3", import_value(&c).unwrap());
    assert_eq!(
        i.files[0].text,
        "# Imported from the Postman collection \"Shop API\".\n\n\
         [Connection shop-api]\ntype: api-key\napi-key: {{key}}\nheader: X-Key\nscheme: none\n\n\
         # Inherits\nGET https://h/a\n[Options]\nconnection: shop-api\n\n\
         # Opts out\nGET https://h/b\n"
    );
    assert_eq!(i.files[1].path, "folder.hurl");
    assert_eq!(
        i.files[1].text,
        "# Imported from the Postman collection \"Shop API\", folder \"Folder\".\n\n\
         # Inherits no auth\nGET https://h/c\n\n\
         # TODO: Postman hawk auth (of Hawk) has no sortie connection; add it by hand\n\
         # Hawk\nGET https://h/d\n"
    );
    assert!(i
        .variables
        .iter()
        .any(|v| v.name == "key" && v.secret && v.value.is_none()));
}

#[test]
fn bodies_of_every_mode() {
    let c = collection(json!([
        {"name": "text", "request": {"method": "POST", "url": "https://h/t",
            "body": {"mode": "raw", "raw": "line {{n}}\nnext\n"}}},
        {"name": "broken json", "request": {"method": "POST", "url": "https://h/j",
            "body": {"mode": "raw", "raw": "{\"a\": ,}", "options": {"raw": {"language": "json"}}}}},
        {"name": "xml", "request": {"method": "POST", "url": "https://h/x",
            "header": [{"key": "Content-Type", "value": "application/xml"}],
            "body": {"mode": "raw", "raw": "<a>{{v}}</a>", "options": {"raw": {"language": "xml"}}}}},
        {"name": "graphql", "request": {"method": "POST", "url": "https://h/g",
            "body": {"mode": "graphql", "graphql": {"query": "{ me { id } }", "variables": ""}}}},
        {"name": "disabled", "request": {"method": "POST", "url": "https://h/d",
            "body": {"mode": "raw", "raw": "x", "disabled": true}}},
        {"name": "absolute file", "request": {"method": "POST", "url": "https://h/f",
            "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "/home/me/a.png"}]}}}
    ]));
    let i = dumped("t4", import_value(&c).unwrap());
    assert_eq!(
        i.files[0].text,
        "# Imported from the Postman collection \"T\".\n\n\
         # text\nPOST https://h/t\nContent-Type: text/plain\n```\nline {{n}}\nnext\n```\n\n\
         # broken json\nPOST https://h/j\nContent-Type: application/json\n`{\"a\": ,}`\n\n\
         # xml\nPOST https://h/x\nContent-Type: application/xml\n`<a>{{v}}</a>`\n\n\
         # graphql\nPOST https://h/g\n```graphql\n{ me { id } }\n```\n\n\
         # disabled\nPOST https://h/d\n\n\
         # absolute file\nPOST https://h/f\n[Multipart]\nf: file,/home/me/a.png;\n"
    );
    assert_eq!(
        i.warnings,
        [
            "the file /home/me/a.png is an absolute path; spec files read files relative to \
          themselves (or --file-root): copy it next to the spec"
        ]
    );
}

#[test]
fn folder_variables_that_differ_are_reported() {
    let c = json!({
        "info": {"name": "T"},
        "variable": [{"key": "host", "value": "a.example"}, {"key": "url", "value": "https://{{host}}"}],
        "item": [{"name": "F", "variable": [{"key": "host", "value": "b.example"}], "item": [
            {"name": "r", "request": {"url": "https://{{host}}/"}}
        ]}]
    });
    let i = dumped("t5", import_value(&c).unwrap());
    assert_eq!(
        i.warnings,
        [
            "the collection variable url refers to other variables (https://{{host}}); a \
             variables file is not templated: give it its final value",
            "the variable of the folder \"F\" host = b.example differs from the value kept \
             (a.example); the variables text has one value per name"
        ]
    );
}

#[test]
fn errors() {
    assert!(matches!(import("{"), Err(PostmanError::Json(_))));
    assert_eq!(
        import("{\"item\": []}").unwrap_err(),
        PostmanError::NotACollection("no \"info\" object".into())
    );
    assert_eq!(
        import("{\"info\": {}}").unwrap_err(),
        PostmanError::NotACollection("no \"item\" list".into())
    );
    let v1 = r#"{"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "item": []}"#;
    assert_eq!(
        import(v1).unwrap_err().to_string(),
        "unsupported Postman collection format \
         'https://schema.getpostman.com/json/collection/v1.0.0/collection.json': export it as \
         Collection v2.1"
    );
}

#[test]
fn wrong_shapes_never_panic() {
    let odd = [
        json!({"info": {}, "item": [1, "x", null, {"name": 3}, {"request": 5}, {"item": "no"}]}),
        json!({"info": {"name": null}, "item": [{"request": {"url": {"raw": 7}, "header": "A: b",
            "body": {"mode": "formdata", "formdata": [{"key": 1}, {"key": "f", "type": "file", "src": [1, "a"]}]},
            "auth": {"type": "oauth2", "oauth2": "broken"}}}]}),
        json!({"info": {}, "variable": [{"key": 1}, {"value": "x"}, "str"], "auth": {"type": 5},
            "event": [{"listen": "test", "script": {"exec": [1, null, "pm.expect(("]}}],
            "item": [{"request": {"url": "{{", "method": "délete"}}, {"request": {"url": "}}{{a"}}]}),
        json!({"info": {}, "item": [{"request": {"url": "https://h/{{ }}/{{a{b}}", "body": {"mode": "raw",
            "raw": "{\"a\": {{x}}", "options": {"raw": {"language": "json"}}}}}]}),
    ];
    for (n, c) in odd.iter().enumerate() {
        if let Ok(i) = import_value(c) {
            dumped(&format!("odd{n}"), i);
        }
    }
}
