//! OAuth 2.0 connections against in-process token servers: one token request per connection
//! per run, renewal before expiry and on a 401, the token request's extra headers and
//! parameters, token endpoint errors, and secrets that never show.
//!
//! Every server binds 127.0.0.1; every run has a process time limit.

use std::time::Duration;

use super::{entry, json, token, Workspace};
use crate::support::{free_port, Reply, TestServer};

/// A client-credentials block; its secret comes from the `client_secret` variable.
fn billing_block(token_url: &str) -> String {
    format!(
        "[Connection billing]\ntype: oauth2-client-credentials\ntoken-url: {token_url}\nclient-id: billing-client\n\
         client-secret: {{{{client_secret}}}}\nscopes: invoices:read invoices:write\nheader: X-Tenant: acme\n\
         header: X-Trace: token-test\nparam: audience=https://api.example.test\n\n"
    )
}

/// An API server that answers 200 to `Bearer {ok}` for any of `ok`, else 401.
fn api_accepting(ok: &'static [&'static str]) -> TestServer {
    TestServer::start(move |rq, _| {
        let auth = rq.header("authorization").unwrap_or("");
        if ok.iter().any(|t| auth == format!("Bearer {t}")) {
            json(200, serde_json::json!({"ok": true}))
        } else {
            json(401, serde_json::json!({"error": "unauthorized"}))
        }
    })
}

fn bearer_tokens(api: &TestServer) -> Vec<String> {
    api.requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or("").to_string())
        .collect()
}

#[test]
fn one_token_request_for_24_files_at_four_jobs_with_its_headers_and_parameters() {
    let ws = Workspace::new("single-flight");
    // Slow enough that the four workers all ask for the token while it is being fetched.
    let tokens = TestServer::start(|_, _| {
        std::thread::sleep(Duration::from_millis(300));
        token("tok-shared", 3600, None)
    });
    let api = api_accepting(&["tok-shared"]);
    for f in 0..24 {
        let mut text = billing_block(&tokens.url("/oauth/token"));
        for e in 0..5 {
            text.push_str(&entry(&api.url(&format!("/invoices/{f}-{e}")), "billing"));
        }
        ws.write(&format!("specs/f{f:02}.hurl"), &text);
    }
    ws.run(&[
        "test",
        "--jobs",
        "4",
        "--no-progress",
        "--secret",
        "client_secret=s3cret",
        "specs",
    ])
    .assert_code(0);
    assert_eq!(tokens.count(), 1, "exactly one token request");
    assert_eq!(api.count(), 120);
    assert!(bearer_tokens(&api).iter().all(|a| a == "Bearer tok-shared"));

    let rq = &tokens.requests()[0];
    assert_eq!(rq.method, "POST");
    assert_eq!(rq.url, "/oauth/token");
    assert_eq!(rq.header("X-Tenant"), Some("acme"));
    assert_eq!(rq.header("X-Trace"), Some("token-test"));
    assert_eq!(
        rq.field("grant_type").as_deref(),
        Some("client_credentials")
    );
    assert_eq!(
        rq.field("scope").as_deref(),
        Some("invoices:read invoices:write")
    );
    assert_eq!(
        rq.field("audience").as_deref(),
        Some("https://api.example.test")
    );
    // client_secret_basic: the client authenticates with Basic.
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode("billing-client:s3cret");
    assert_eq!(
        rq.header("authorization"),
        Some(format!("Basic {basic}").as_str())
    );
}

#[test]
fn a_token_is_renewed_before_it_expires_with_its_refresh_token() {
    let ws = Workspace::new("expiry");
    // A 2 s lifetime is renewed after 1 s (half of it: the margin is 30 s or half the life).
    let tokens = TestServer::start(|_, i| match i {
        0 => token("tok-1", 2, Some("refresh-1")),
        _ => token("tok-2", 3600, None),
    });
    let api = api_accepting(&["tok-1", "tok-2"]);
    let text = format!(
        "{}{}GET {}\n[Options]\nconnection: billing\ndelay: 1500\nHTTP 200\n",
        billing_block(&tokens.url("/token")),
        entry(&api.url("/a"), "billing"),
        api.url("/b")
    );
    ws.write("a.hurl", &text);
    ws.run(&[
        "test",
        "--no-progress",
        "--secret",
        "client_secret=s",
        "a.hurl",
    ])
    .assert_code(0);
    assert_eq!(tokens.count(), 2);
    let second = &tokens.requests()[1];
    assert_eq!(second.field("grant_type").as_deref(), Some("refresh_token"));
    assert_eq!(second.field("refresh_token").as_deref(), Some("refresh-1"));
    assert_eq!(
        second.header("X-Tenant"),
        Some("acme"),
        "extra headers on refresh requests too"
    );
    assert_eq!(bearer_tokens(&api), vec!["Bearer tok-1", "Bearer tok-2"]);
}

#[test]
fn a_401_renews_the_token_once_and_sends_the_request_again() {
    let ws = Workspace::new("renew-401");
    let tokens = TestServer::start(|_, i| token(&format!("tok-{}", i + 1), 3600, None));
    let api = api_accepting(&["tok-2"]);
    ws.write(
        "a.hurl",
        &format!(
            "{}{}",
            billing_block(&tokens.url("/token")),
            entry(&api.url("/x"), "billing")
        ),
    );
    ws.run(&[
        "test",
        "--no-progress",
        "--secret",
        "client_secret=s",
        "a.hurl",
    ])
    .assert_code(0);
    assert_eq!(tokens.count(), 2, "exactly two token requests");
    assert_eq!(bearer_tokens(&api), vec!["Bearer tok-1", "Bearer tok-2"]);

    // A server that refuses every token: one renewal, no loop; the entry fails on its status.
    let ws = Workspace::new("renew-401-always");
    let tokens = TestServer::start(|_, i| token(&format!("tok-{}", i + 1), 3600, None));
    let api = api_accepting(&[]);
    ws.write(
        "a.hurl",
        &format!(
            "{}{}",
            billing_block(&tokens.url("/token")),
            entry(&api.url("/x"), "billing")
        ),
    );
    ws.run(&[
        "test",
        "--no-progress",
        "--secret",
        "client_secret=s",
        "a.hurl",
    ])
    .assert_code(4);
    assert_eq!(tokens.count(), 2);
    assert_eq!(api.count(), 2);
}

#[test]
fn token_endpoint_errors_name_the_connection_and_what_the_server_said() {
    let cases: Vec<(&str, Reply, Vec<&str>)> = vec![
        (
            "invalid-client",
            json(
                401,
                serde_json::json!({"error": "invalid_client", "error_description": "unknown client, secret CANARY-echo"}),
            ),
            vec![
                "connection 'billing'",
                "invalid_client",
                "unknown client, secret ***",
            ],
        ),
        (
            "invalid-grant",
            json(400, serde_json::json!({"error": "invalid_grant"})),
            vec!["connection 'billing'", "invalid_grant", "HTTP 400"],
        ),
        (
            "html",
            Reply::status(502)
                .header("Content-Type", "text/html")
                .body("<h1>Bad gateway</h1>"),
            vec![
                "connection 'billing'",
                "not a token response",
                "HTTP 502",
                "<h1>Bad gateway</h1>",
            ],
        ),
        (
            "html-200",
            Reply::status(200)
                .header("Content-Type", "text/html")
                .body("<p>login page</p>"),
            vec!["connection 'billing'", "Content-Type"],
        ),
    ];
    for (name, reply, needles) in cases {
        let ws = Workspace::new(name);
        let tokens = TestServer::start(move |_, _| reply.clone());
        let api = api_accepting(&[]);
        let text = format!(
            "{}{}",
            billing_block(&tokens.url("/token")),
            entry(&api.url("/x"), "billing")
        );
        ws.write("a.hurl", &text);
        let out = ws.run(&[
            "test",
            "--no-progress",
            "--secret",
            "client_secret=CANARY-echo",
            "a.hurl",
        ]);
        out.assert_code(3).err_has("--> a.hurl:13:13");
        for n in needles {
            out.err_has(n);
        }
        assert!(!out.stderr.contains("CANARY"), "{name}: {}", out.stderr);
        assert_eq!(api.count(), 0, "{name}: no API request without a token");
    }
}

#[test]
fn token_endpoint_timeouts_and_refusals_are_runtime_errors() {
    let ws = Workspace::new("timeout");
    let tokens = TestServer::start(|_, _| {
        std::thread::sleep(Duration::from_secs(3));
        token("late", 3600, None)
    });
    ws.write(
        "a.hurl",
        &format!(
            "{}{}",
            billing_block(&tokens.url("/token")),
            entry("http://127.0.0.1:9/x", "billing")
        ),
    );
    let out = ws.run_with(
        &[
            "test",
            "--no-progress",
            "--secret",
            "client_secret=s",
            "a.hurl",
        ],
        &[("SORTIE_TOKEN_TIMEOUT_SECS", "1")],
    );
    out.assert_code(3)
        .err_has("connection 'billing'")
        .err_has("timed out");

    let ws = Workspace::new("refused");
    let closed = free_port();
    let url = format!("http://127.0.0.1:{closed}/token");
    ws.write(
        "a.hurl",
        &format!(
            "{}{}",
            billing_block(&url),
            entry("http://127.0.0.1:9/x", "billing")
        ),
    );
    let out = ws.run(&[
        "test",
        "--no-progress",
        "--secret",
        "client_secret=s",
        "a.hurl",
    ]);
    out.assert_code(3)
        .err_has("connection 'billing'")
        .err_has(&url);
}

#[test]
fn no_secret_appears_in_any_output_even_in_debug_mode() {
    let ws = Workspace::new("canary");
    let tokens = TestServer::start(|rq, _| match rq.field("grant_type").as_deref() {
        Some("refresh_token") => token("CANARY-access-2", 3600, Some("CANARY-refresh-new")),
        _ => token("CANARY-access-1", 3600, Some("CANARY-refresh-1")),
    });
    // Echoes the credentials it received, so that failing asserts show them.
    let api = TestServer::start(|rq, _| {
        let body = serde_json::json!({
            "authorization": rq.header("authorization"),
            "key": rq.header("x-api-key"),
        });
        json(200, body)
    });
    let spec = format!(
        "{billing}[Connection code]\ntype: oauth2-authorization-code\ntoken-url: {token}\nclient-id: cli\n\
         refresh-token: CANARY-refresh-given\n\n[Connection key]\ntype: api-key\napi-key: CANARY-api-key\n\
         header: X-Api-Key\nscheme: none\n\n[Connection user]\ntype: basic\nusername: ada\npassword: CANARY-password\n\n\
         {e1}{e2}{e3}{e4}",
        billing = billing_block(&tokens.url("/token")),
        token = tokens.url("/token"),
        e1 = assert_entry(&api.url("/1"), "billing", "authorization"),
        e2 = assert_entry(&api.url("/2"), "code", "authorization"),
        e3 = assert_entry(&api.url("/3"), "key", "key"),
        e4 = assert_entry(&api.url("/4"), "user", "authorization"),
    );
    ws.write("canary.hurl", &spec);
    let help = ws.run(&["test", "--help"]).stdout;
    let mut args: Vec<String> = [
        "test",
        "--no-progress",
        "--verbose",
        "--continue-on-error",
        "canary.hurl",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend([
        "--secret".to_string(),
        "client_secret=CANARY-client-secret".to_string(),
    ]);
    let mut reports = Vec::new();
    for (flag, file) in [
        ("--report-junit", "report.xml"),
        ("--report-json", "report.json"),
    ] {
        if help.contains(flag) {
            args.extend([flag.to_string(), file.to_string()]);
            reports.push(ws.dir.join(file));
        }
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ws.run(&argv);
    out.assert_code(4);
    assert_eq!(tokens.count(), 2, "one token per OAuth connection");
    assert_eq!(api.count(), 4);
    // The debug output did show the requests, masked.
    out.err_has("> GET ")
        .err_has("Authorization: ***")
        .err_has("X-Api-Key: ***");
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode("ada:CANARY-password");
    let mut outputs = vec![
        ("stdout".to_string(), out.stdout.clone()),
        ("stderr".to_string(), out.stderr.clone()),
    ];
    for r in &reports {
        let text = std::fs::read_to_string(r).unwrap_or_else(|e| panic!("{}: {e}", r.display()));
        outputs.push((r.display().to_string(), text));
    }
    for (name, text) in outputs {
        assert!(!text.contains("CANARY"), "{name} shows a secret:\n{text}");
        assert!(
            !text.contains(&basic),
            "{name} shows the Basic credentials:\n{text}"
        );
    }
}

/// An entry whose assert fails and shows the echoed credential header.
fn assert_entry(url: &str, connection: &str, field: &str) -> String {
    format!("GET {url}\n[Options]\nconnection: {connection}\nHTTP 200\n[Asserts]\njsonpath \"$.{field}\" == \"nothing\"\n\n")
}

/// A hostile or sloppy token endpoint: token responses real providers send (`expires_in` as
/// a string, a float, negative; no `token_type`) are taken; a response sortie cannot take is
/// an error whose message never shows a token, in the terminal or the reports.
#[test]
fn lenient_token_responses_and_no_token_in_any_error() {
    let ws = Workspace::new("lenient-tokens");
    let api = api_accepting(&["CANARY-tok-1", "CANARY-tok-2", "CANARY-tok-3"]);
    let answers = [
        serde_json::json!({"access_token": "CANARY-tok-1", "expires_in": "3600"}),
        serde_json::json!({"access_token": "CANARY-tok-2", "token_type": "bearer", "expires_in": 1.5}),
        serde_json::json!({"access_token": "CANARY-tok-3", "token_type": "Bearer", "expires_in": -5}),
    ];
    for (i, answer) in answers.into_iter().enumerate() {
        let tokens = TestServer::start(move |_, _| json(200, answer.clone()));
        let mut text = billing_block(&tokens.url("/oauth/token"));
        text.push_str(&entry(&api.url(&format!("/lenient/{i}")), "billing"));
        ws.write(&format!("specs/lenient{i}.hurl"), &text);
        let out = ws.run(&[
            "test",
            "specs",
            "--variable",
            "client_secret=s3cret",
        ]);
        out.assert_code(0);
        assert!(!out.stderr.contains("CANARY-tok"), "{}", out.stderr);
        std::fs::remove_file(ws.dir.join(format!("specs/lenient{i}.hurl"))).unwrap();
    }
    // Not a token response: the error quotes the body with every token masked.
    let tokens = TestServer::start(|_, _| {
        json(
            200,
            serde_json::json!({"id_token": "CANARY-id-9", "refresh_token": "CANARY-rt-9", "note": "no access token"}),
        )
    });
    let mut text = billing_block(&tokens.url("/oauth/token"));
    text.push_str(&entry(&api.url("/refused"), "billing"));
    ws.write("specs/broken.hurl", &text);
    let junit = ws.dir.join("junit.xml");
    let report = ws.dir.join("report.json");
    let out = ws.run_with(
        &[
            "test",
            "specs",
            "--variable",
            "client_secret=s3cret",
            "--report-junit",
            junit.to_str().unwrap(),
            "--report-json",
            report.to_str().unwrap(),
        ],
        &[("GITHUB_ACTIONS", "true")],
    );
    out.assert_code(3);
    assert!(out.stderr.contains("no access token"), "{}", out.stderr);
    for text in [
        out.stderr.clone(),
        out.stdout.clone(),
        std::fs::read_to_string(&junit).unwrap(),
        std::fs::read_to_string(&report).unwrap(),
    ] {
        assert!(!text.contains("CANARY-id-9"), "{text}");
        assert!(!text.contains("CANARY-rt-9"), "{text}");
    }
}
