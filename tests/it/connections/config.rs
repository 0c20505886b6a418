//! Static connections (`api-key`, `basic`), `sortie.yaml`, `--connection`, `sortie call
//! --connection`, and every kind of bad connection input with its place and exit code.
//!
//! Every server binds 127.0.0.1; every run has a process time limit.

use super::{json, token, Workspace};
use crate::support::{Reply, TestServer};

/// A server answering every request with 200 and the credential headers it received.
fn echo() -> TestServer {
    TestServer::start(|rq, _| {
        json(
            200,
            serde_json::json!({
                "authorization": rq.header("authorization"),
                "key": rq.header("x-api-key"),
            }),
        )
    })
}

fn header_of(server: &TestServer, index: usize, name: &str) -> Option<String> {
    server
        .requests()
        .get(index)
        .and_then(|r| r.header(name).map(str::to_string))
}

#[test]
fn api_key_and_basic_connections_add_their_header_unless_the_entry_sets_it() {
    let ws = Workspace::new("static");
    let api = echo();
    let u = |p: &str| api.url(p);
    let spec = format!(
        "[Connection default-scheme]\ntype: api-key\napi-key: {{{{key}}}}\n\n\
         [Connection bearer]\ntype: api-key\napi-key: k2\nscheme: Bearer\n\n\
         [Connection raw]\ntype: api-key\napi-key: k3\nheader: X-Api-Key\nscheme: none\n\n\
         [Connection user]\ntype: basic\nusername: ada\npassword: {{{{password}}}}\n\n\
         GET {}\n[Options]\nconnection: default-scheme\nHTTP 200\n\n\
         GET {}\n[Options]\nconnection: bearer\nHTTP 200\n\n\
         GET {}\n[Options]\nconnection: raw\nHTTP 200\n\n\
         GET {}\n[Options]\nconnection: user\nHTTP 200\n\n\
         GET {}\nAuthorization: Bearer mine\n[Options]\nconnection: bearer\nHTTP 200\n\n\
         GET {}\nHTTP 200\n",
        u("/1"),
        u("/2"),
        u("/3"),
        u("/4"),
        u("/5"),
        u("/6"),
    );
    ws.write("a.hurl", &spec);
    ws.run(&[
        "test",
        "--no-progress",
        "--variable",
        "key=k1",
        "--secret",
        "password=pw",
        "a.hurl",
    ])
    .assert_code(0);
    assert_eq!(
        header_of(&api, 0, "authorization").as_deref(),
        Some("Basic k1")
    );
    assert_eq!(
        header_of(&api, 1, "authorization").as_deref(),
        Some("Bearer k2")
    );
    assert_eq!(header_of(&api, 2, "x-api-key").as_deref(), Some("k3"));
    assert_eq!(header_of(&api, 2, "authorization"), None);
    assert_eq!(
        header_of(&api, 3, "authorization").as_deref(),
        Some("Basic YWRhOnB3")
    );
    assert_eq!(
        header_of(&api, 4, "authorization").as_deref(),
        Some("Bearer mine"),
        "the entry's header wins"
    );
    assert_eq!(
        header_of(&api, 5, "authorization"),
        None,
        "no connection, no header"
    );

    // --connection: every entry without its own.
    let api2 = echo();
    let spec = format!(
        "[Connection a]\ntype: api-key\napi-key: ka\nscheme: Bearer\n\n[Connection b]\ntype: api-key\napi-key: kb\nscheme: Bearer\n\n\
         GET {}\nHTTP 200\n\nGET {}\n[Options]\nconnection: b\nHTTP 200\n",
        api2.url("/1"),
        api2.url("/2")
    );
    ws.write("b.hurl", &spec);
    ws.run(&["test", "--no-progress", "--connection", "a", "b.hurl"])
        .assert_code(0);
    assert_eq!(
        header_of(&api2, 0, "authorization").as_deref(),
        Some("Bearer ka")
    );
    assert_eq!(
        header_of(&api2, 1, "authorization").as_deref(),
        Some("Bearer kb")
    );
}

#[test]
fn a_connection_header_is_dropped_on_a_redirect_to_another_origin() {
    let ws = Workspace::new("redirect");
    let other = echo();
    let target = other.url("/landed");
    let api = TestServer::start(move |_, _| {
        Reply::status(302)
            .header("Content-Type", "text/plain")
            .header("Location", &target)
    });
    let spec = format!(
        "[Connection raw]\ntype: api-key\napi-key: k3\nheader: X-Api-Key\nscheme: none\n\n\
         GET {}\n[Options]\nconnection: raw\nlocation: true\nHTTP 200\n",
        api.url("/start")
    );
    ws.write("a.hurl", &spec);
    ws.run(&["test", "--no-progress", "a.hurl"]).assert_code(0);
    assert_eq!(header_of(&api, 0, "x-api-key").as_deref(), Some("k3"));
    assert_eq!(other.count(), 1);
    assert_eq!(
        header_of(&other, 0, "x-api-key"),
        None,
        "another origin never sees the key"
    );
}

#[test]
fn sortie_yaml_connections_serve_every_file_and_sortie_call() {
    let ws = Workspace::new("yaml");
    let api = echo();
    let tokens = TestServer::start(|_, _| token("yaml-token", 3600, None));
    ws.write(
        "sortie.yaml",
        &format!(
            "# shared connections\nconnections:\n  key:\n    type: api-key\n    api-key: \"{{{{api_key}}}}\"\n    scheme: Bearer\n  \
             billing:\n    type: oauth2-client-credentials\n    token-url: {}\n    client-id: c\n    client-secret: \"{{{{cs}}}}\"\n    \
             scopes: [a, b]\n    header:\n      - \"X-Tenant: acme\"\n    param: audience=api\n",
            tokens.url("/token")
        ),
    );
    for name in ["one", "two"] {
        ws.write(
            &format!("specs/{name}.hurl"),
            &format!(
                "GET {}\n[Options]\nconnection: key\nHTTP 200\n\nGET {}\n[Options]\nconnection: billing\nHTTP 200\n",
                api.url("/k"),
                api.url("/b")
            ),
        );
    }
    ws.run(&[
        "test",
        "--no-progress",
        "--jobs",
        "2",
        "--secret",
        "api_key=AK",
        "--secret",
        "cs=CS",
        "specs",
    ])
    .assert_code(0);
    let auths: Vec<String> = (0..4)
        .filter_map(|i| header_of(&api, i, "authorization"))
        .collect();
    assert_eq!(auths.iter().filter(|a| *a == "Bearer AK").count(), 2);
    assert_eq!(
        auths.iter().filter(|a| *a == "Bearer yaml-token").count(),
        2
    );
    assert_eq!(tokens.count(), 1);
    let rq = &tokens.requests()[0];
    assert_eq!(rq.field("scope").as_deref(), Some("a b"));
    assert_eq!(rq.field("audience").as_deref(), Some("api"));
    assert_eq!(rq.header("x-tenant"), Some("acme"));

    // --config names another file; sortie call uses SORTIE_SECRET_* for the templates.
    std::fs::rename(ws.dir.join("sortie.yaml"), ws.dir.join("conf.yaml")).unwrap();
    let out = ws.run_with(
        &[
            "call",
            "GET",
            &api.url("/call"),
            "--config",
            "conf.yaml",
            "--connection",
            "key",
            "--timeout",
            "5000",
            "--debug",
        ],
        &[("SORTIE_SECRET_api_key", "CALLKEY")],
    );
    out.assert_code(0);
    assert!(!out.stderr.contains("CALLKEY"), "{}", out.stderr);
    assert_eq!(
        header_of(&api, 4, "authorization").as_deref(),
        Some("Bearer CALLKEY")
    );
    assert!(
        out.stdout.contains("\"authorization\": \"Bearer CALLKEY\""),
        "call prints the data as is"
    );
    let out = ws.run_with(
        &[
            "call",
            "GET",
            &api.url("/call"),
            "--config",
            "conf.yaml",
            "--connection",
            "billing",
            "--timeout",
            "5000",
        ],
        &[("SORTIE_SECRET_cs", "CS")],
    );
    out.assert_code(0);
    assert_eq!(
        header_of(&api, 5, "authorization").as_deref(),
        Some("Bearer yaml-token")
    );
    ws.run(&[
        "call",
        "GET",
        &api.url("/x"),
        "--config",
        "conf.yaml",
        "--connection",
        "nope",
    ])
    .assert_code(2)
    .err_has("undefined connection 'nope'");
}

#[test]
fn bad_connection_blocks_and_names_are_input_errors_with_their_place() {
    let ws = Workspace::new("bad-spec");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "[Connection a]\ntype: oauth2\n\nGET http://127.0.0.1:9/\n",
            "unknown-type",
            &["a.hurl:2:7", "unknown connection type 'oauth2'"],
        ),
        (
            "[Connection a]\ntype: oauth2-client-credentials\ntoken-url: http://127.0.0.1:9/t\nclient-id: c\n\nGET http://127.0.0.1:9/\n",
            "missing-key",
            &["a.hurl:1:1", "missing the key 'client-secret'"],
        ),
        (
            "[Connection billing]\ntype: api-key\napi-key: k\n\nGET http://127.0.0.1:9/\n[Options]\nconnection: biling\nHTTP 200\n",
            "undefined",
            &["a.hurl:7:13", "undefined connection 'biling'; did you mean 'billing'?"],
        ),
        (
            "GET http://127.0.0.1:9/\n[Options]\nconnection: nope\nHTTP 200\n",
            "undefined-none",
            &["a.hurl:3:13", "undefined connection 'nope'", "sortie.yaml"],
        ),
    ];
    for (spec, name, needles) in cases {
        ws.write("a.hurl", spec);
        let out = ws.run(&["test", "--no-progress", "a.hurl"]);
        out.assert_code(2);
        for n in *needles {
            assert!(
                out.stderr.contains(n),
                "{name}: expected {n:?} in:\n{}",
                out.stderr
            );
        }
    }
    ws.write("a.hurl", "GET http://127.0.0.1:9/\nHTTP 200\n");
    ws.run(&["test", "--no-progress", "--connection", "nope", "a.hurl"])
        .assert_code(2)
        .err_has("--connection nope: undefined connection 'nope'");
    ws.run(&["test", "--no-progress", "--connection", "../x", "a.hurl"])
        .assert_code(1);

    // A template naming no variable is found when the entry runs: a runtime error, placed on
    // the template.
    ws.write("a.hurl", "[Connection k]\ntype: api-key\napi-key: {{missing}}\n\nGET http://127.0.0.1:9/\n[Options]\nconnection: k\n");
    ws.run(&["test", "--no-progress", "a.hurl"])
        .assert_code(3)
        .err_has("a.hurl:3:12")
        .err_has("undefined variable 'missing'");
}

#[test]
fn bad_sortie_yaml_is_an_input_error_with_its_place() {
    let ws = Workspace::new("bad-yaml");
    ws.write("a.hurl", "GET http://127.0.0.1:9/\nHTTP 200\n");
    let cases: &[(&str, &[&str])] = &[
        (
            "connections:\n  a:\n    type: api-key\n    api-key: [unclosed\n",
            &["sortie.yaml:", "invalid YAML"],
        ),
        (
            "connections:\n  a: [1\n  b: 2\n",
            &["sortie.yaml:", "invalid YAML"],
        ),
        (
            "conections:\n  a:\n    type: basic\n",
            &["sortie.yaml:1:1", "unknown key 'conections'"],
        ),
        (
            "connections:\n  a:\n    type: oauth\n",
            &["sortie.yaml:3:5", "unknown connection type 'oauth'"],
        ),
        (
            "connections:\n  a:\n    type: basic\n    username: u\n    pasword: p\n",
            &["sortie.yaml:5:5", "did you mean 'password'"],
        ),
        (
            "connections:\n  a:\n    type: basic\n    username: u\n",
            &["sortie.yaml:2:3", "missing the key 'password'"],
        ),
        (
            "- just\n- a list\n",
            &["sortie.yaml:1:1", "expecting a mapping"],
        ),
    ];
    for (yaml, needles) in cases {
        ws.write("sortie.yaml", yaml);
        let out = ws.run(&["test", "--no-progress", "a.hurl"]);
        out.assert_code(2);
        for n in *needles {
            assert!(
                out.stderr.contains(n),
                "{yaml:?}: expected {n:?} in:\n{}",
                out.stderr
            );
        }
    }
    std::fs::remove_file(ws.dir.join("sortie.yaml")).unwrap();
    ws.run(&[
        "test",
        "--no-progress",
        "--config",
        "missing.yaml",
        "a.hurl",
    ])
    .assert_code(2)
    .err_has("missing.yaml");

    // A template of sortie.yaml naming no variable: a runtime error naming the yaml key.
    ws.write(
        "sortie.yaml",
        "connections:\n  k:\n    type: api-key\n    api-key: \"{{nokey}}\"\n",
    );
    ws.write(
        "a.hurl",
        "GET http://127.0.0.1:9/\n[Options]\nconnection: k\n",
    );
    ws.run(&["test", "--no-progress", "a.hurl"])
        .assert_code(3)
        .err_has("--> a.hurl:3:13")
        .err_has("undefined variable 'nokey' (declared at sortie.yaml:4:5)");

    // The same name in a file and in sortie.yaml: both places are named.
    ws.write(
        "sortie.yaml",
        "connections:\n  billing:\n    type: api-key\n    api-key: k\n",
    );
    ws.write(
        "a.hurl",
        "[Connection billing]\ntype: api-key\napi-key: k\n\nGET http://127.0.0.1:9/\nHTTP 200\n",
    );
    ws.run(&["test", "--no-progress", "a.hurl"])
        .assert_code(2)
        .err_has("--> a.hurl:1:13")
        .err_has("declared twice: here (a.hurl:1:13) and in sortie.yaml:2:3");
}
