//! `sortie import`: curl commands shaped like those of real API docs and a Postman v2.1
//! collection (`fixtures/import/`) are imported by the real binary, checked with
//! `sortie check`, and run against a real httpbin, whose echo shows what was sent.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Workspace;
use crate::support::{httpbin, OAuthMock, Out};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import")
}

fn port_var() -> String {
    format!("port={}", httpbin().port)
}

/// Imports one curl fixture into `ws/NAME/` (the file it uploads copied next to it), checks
/// the folder, runs the spec with `sortie run` and gives httpbin's echo of the request.
fn import_and_run(ws: &Workspace, fixture: &str, variables: &[&str]) -> Value {
    let command = std::fs::read_to_string(fixtures().join("curl").join(fixture)).unwrap();
    let out_dir = fixture.trim_end_matches(".sh");
    ws.run(&["import", "curl", "--out", out_dir, &command])
        .assert_code(0)
        .err_has("wrote ");
    std::fs::copy(
        fixtures().join("curl/upload.txt"),
        ws.dir.join(out_dir).join("upload.txt"),
    )
    .unwrap();
    ws.run(&["check", out_dir]).assert_code(0);
    let spec = std::fs::read_dir(ws.dir.join(out_dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "hurl"))
        .expect("a .hurl file");
    let spec = spec.to_string_lossy().into_owned();
    let port = port_var();
    let mut args = vec!["run", spec.as_str(), "--variable", port.as_str()];
    let vars_file = ws.dir.join(out_dir).join("variables.env");
    let vars_file = vars_file.to_string_lossy().into_owned();
    args.extend(["--variables-file", vars_file.as_str()]);
    for v in variables {
        args.extend(["--variable", v]);
    }
    args.extend(["--max-time", "20s"]);
    let out = ws.run(&args);
    out.assert_code(0);
    if fixture.contains("head") {
        return Value::Null;
    }
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{fixture}: httpbin's echo is not JSON ({e}): {out:?}"))
}

fn basic(credentials: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(credentials)
    )
}

#[test]
fn curl_commands_from_api_docs_import_into_specs_that_run_against_httpbin() {
    let ws = Workspace::new("import-curl");
    let fixture_count = std::fs::read_dir(fixtures().join("curl"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sh")
        })
        .count();
    assert!(fixture_count >= 10, "{fixture_count} curl fixtures");

    let github = import_and_run(&ws, "01-github-create-issue.sh", &[]);
    assert_eq!(github["method"], "POST");
    assert_eq!(github["json"]["title"], "Found a bug");
    assert_eq!(github["json"]["body"], "I'm having a problem with this.");
    assert_eq!(github["json"]["labels"][0], "bug");
    assert_eq!(github["headers"]["Authorization"], "Bearer <YOUR-TOKEN>");
    assert_eq!(github["headers"]["X-Github-Api-Version"], "2022-11-28");

    let stripe = import_and_run(&ws, "02-stripe-create-customer.sh", &[]);
    assert_eq!(stripe["form"]["name"], "Jenny Rosen");
    assert_eq!(stripe["form"]["email"], "jenny.rosen@example.com");
    assert_eq!(stripe["form"]["metadata[order_id]"], "6735");
    assert_eq!(
        stripe["headers"]["Authorization"],
        basic("sk_test_4eC39HqLyjWDarjtT1zdp7dc:")
    );

    let slack = import_and_run(&ws, "03-slack-post-message.sh", &[]);
    assert_eq!(slack["json"]["text"], "Hello, world! See #general");
    assert_eq!(
        slack["headers"]["Content-Type"],
        "application/json; charset=utf-8"
    );

    let chrome = import_and_run(&ws, "04-chrome-copy-as-curl.sh", &[]);
    assert_eq!(chrome["args"]["op"], "Viewer");
    assert_eq!(chrome["json"]["variables"]["note"], "it's #1 — café");
    let cookie = chrome["headers"]["Cookie"].as_str().unwrap();
    assert!(cookie.contains("session_id=8f2b1c"), "{cookie}");
    assert!(cookie.contains("theme=dark"), "{cookie}");
    assert_eq!(
        chrome["headers"]["Sec-Ch-Ua"],
        r#""Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99""#
    );
    assert_eq!(
        chrome["headers"]["Referer"],
        "https://app.example.com/dashboard#top"
    );

    let upload = import_and_run(&ws, "05-multipart-upload.sh", &["API_TOKEN=tok-5"]);
    let sent = std::fs::read_to_string(fixtures().join("curl/upload.txt")).unwrap();
    assert_eq!(upload["files"]["file"], sent.as_str());
    assert_eq!(upload["form"]["description"], "Q3 report");
    assert_eq!(upload["headers"]["Authorization"], "Bearer tok-5");

    let login = import_and_run(&ws, "06-form-login.sh", &[]);
    assert_eq!(login["form"]["username"], "alice");
    assert_eq!(login["form"]["password"], "s3cret!");
    assert_eq!(login["form"]["remember"], "on");

    let basic_auth = import_and_run(&ws, "07-basic-auth.sh", &[]);
    assert_eq!(basic_auth["authenticated"], true);
    assert_eq!(basic_auth["user"], "user");

    let cookies = import_and_run(&ws, "08-cookies.sh", &[]);
    assert_eq!(
        cookies["cookies"],
        serde_json::json!({"theme": "dark", "sessionid": "abc123", "lang": "en"})
    );

    let search = import_and_run(&ws, "09-search-get-urlencode.sh", &[]);
    assert_eq!(search["args"]["q"], r#"name:"John Smith" #1"#);
    assert_eq!(search["args"]["per_page"], "5");
    assert_eq!(search["args"]["sort"], "updated");

    let twilio = import_and_run(
        &ws,
        "10-twilio-send-sms.sh",
        &["TWILIO_ACCOUNT_SID=AC123", "TWILIO_AUTH_TOKEN=tw-tok"],
    );
    assert!(
        twilio["url"]
            .as_str()
            .unwrap()
            .ends_with("/anything/2010-04-01/Accounts/AC123/Messages.json"),
        "{twilio}"
    );
    assert_eq!(twilio["form"]["Body"], "Hi there {{name}}, 50% off!");
    assert_eq!(twilio["form"]["From"], "+15557122661");
    assert_eq!(twilio["headers"]["Authorization"], basic("AC123:tw-tok"));

    let openai = import_and_run(&ws, "11-openai-chat.sh", &["OPENAI_API_KEY=sk-o"]);
    assert_eq!(
        openai["json"]["messages"][0]["content"],
        "Reply with {{ok}}"
    );
    assert_eq!(openai["json"]["temperature"], 0.7);
    assert_eq!(openai["headers"]["Authorization"], "Bearer sk-o");

    // HEAD: no body to echo; the run itself must succeed.
    import_and_run(&ws, "12-head-status.sh", &[]);

    let bearer = import_and_run(&ws, "13-bearer.sh", &[]);
    assert_eq!(bearer["authenticated"], true);
    // httpbin reads the token with `lstrip("Bearer ")`, which also eats its leading `a`
    // (curl gets the same answer).
    assert_eq!(bearer["token"], "bc.def.ghi");
}

#[test]
fn a_postman_collection_imports_into_specs_that_run_against_httpbin() {
    let ws = Workspace::new("import-postman");
    let collection = fixtures().join("postman/httpbin.postman_collection.json");
    let collection = collection.to_string_lossy().into_owned();
    // Without --out: a folder named after the collection, in the working directory.
    let out = ws.run(&["import", "postman", &collection]);
    out.assert_code(0)
        .err_has("wrote httpbin-demo/users/admin.sortie")
        .err_has("warning: variable {{user name}} is renamed {{user_name}}")
        .err_has(
            "run them with: sortie test httpbin-demo --variables-file httpbin-demo/variables.env",
        );
    let dir = ws.dir.join("httpbin-demo");
    for f in [
        "httpbin-demo.sortie",
        "users.sortie",
        "users/admin.sortie",
        "auth.sortie",
        "oauth.sortie",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    #[cfg(unix)]
    assert_eq!(
        super::mode(&dir.join("variables.env")) & 0o777,
        0o600,
        "the variables file holds credentials"
    );
    ws.run(&["check", "httpbin-demo"])
        .assert_code(0)
        .err_has("checked 5 files: 0 with errors");
    for folder in ["", "users"] {
        std::fs::copy(
            fixtures().join("postman/upload.txt"),
            dir.join(folder).join("upload.txt"),
        )
        .unwrap();
    }

    // Everything but the OAuth folder runs against httpbin alone.
    let port = port_var();
    let common = [
        "--variables-file",
        "httpbin-demo/variables.env",
        "--variable",
        port.as_str(),
        "--max-time",
        "20s",
    ];
    let mut args = vec!["test", "--no-progress"];
    for f in [
        "httpbin-demo/httpbin-demo.sortie",
        "httpbin-demo/users.sortie",
        "httpbin-demo/users/admin.sortie",
        "httpbin-demo/auth.sortie",
    ] {
        args.push(f);
    }
    args.extend(common);
    ws.run(&args)
        .assert_code(0)
        .err_has("files:    4 (4 passed, 0 failed)")
        .err_has("entries:  15 passed, 0 failed, 0 errored, 0 skipped");

    // The OAuth folder's client-credentials connection gets its token from a real provider;
    // httpbin echoes the Bearer header it sent. (Its second entry needs `sortie login`.)
    let mock = OAuthMock::start();
    let oauth_port = mock.base.rsplit(':').next().unwrap().to_string();
    let oauth_var = format!("oauth_port={oauth_port}");
    let mut args = vec![
        "run",
        "httpbin-demo/oauth.sortie",
        "--to-entry",
        "1",
        "--variable",
        oauth_var.as_str(),
    ];
    args.extend(common);
    let out = ws.run(&args);
    out.assert_code(0);
    let echo: Value = serde_json::from_str(&out.stdout).expect("httpbin's echo");
    let auth = echo["headers"]["Authorization"].as_str().unwrap();
    assert!(
        auth.starts_with("Bearer ey"),
        "a JWT from the provider: {auth}"
    );
}

#[test]
fn curl_import_prints_to_stdout_reads_stdin_and_takes_words() {
    let ws = Workspace::new("import-curl-cli");
    let out = ws.run(&[
        "import",
        "curl",
        "curl -H 'Authorization: Bearer s3cr3t-token' https://api.example.com/v1/me",
    ]);
    out.assert_code(0).err_has(
        "note: the spec uses the variables token (secret); with --out DIR, variables.env holds the values found",
    );
    assert_eq!(
        out.stdout,
        "GET https://api.example.com/v1/me\nAuthorization: Bearer {{token}}\n"
    );
    assert!(
        !out.stderr.contains("s3cr3t-token"),
        "a credential is not echoed: {}",
        out.stderr
    );

    // The words of the command after `--`, with or without `curl`.
    for args in [
        vec![
            "import",
            "curl",
            "--",
            "curl",
            "-X",
            "PUT",
            "https://h/x",
            "-d",
            "a=1 2",
        ],
        vec![
            "import",
            "curl",
            "--",
            "-X",
            "PUT",
            "https://h/x",
            "-d",
            "a=1 2",
        ],
    ] {
        let out = ws.run(&args);
        out.assert_code(0);
        assert_eq!(out.stdout, "PUT https://h/x\n[Form]\na: 1 2\n");
    }

    // Several commands from stdin make several entries.
    let out = ws
        .sortie()
        .args(["import", "curl"])
        .write_stdin("curl https://h/a \\\n  -H 'X: 1'\ncurl -I https://h/b\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "GET https://h/a\nX: 1\n\nHEAD https://h/b\n"
    );
}

#[test]
fn import_errors_and_existing_files() {
    let ws = Workspace::new("import-errors");
    let expect = |out: &Out, code: i32, needle: &str| {
        out.assert_code(code).err_has(needle);
    };
    expect(
        &ws.run(&["import", "curl", "curl --frobnicate https://h/"]),
        2,
        "unsupported curl option --frobnicate",
    );
    expect(
        &ws.run(&["import", "curl", "wget https://h/"]),
        2,
        "no curl command found",
    );
    ws.write("bad.json", "{\"info\": {}, ");
    expect(
        &ws.run(&["import", "postman", "bad.json"]),
        2,
        "the collection is not valid JSON",
    );
    ws.write("v1.json", "{\"info\": {\"schema\": \"https://schema.getpostman.com/json/collection/v1.0.0/collection.json\"}, \"item\": []}");
    expect(
        &ws.run(&["import", "postman", "v1.json"]),
        2,
        "export it as Collection v2.1",
    );
    expect(
        &ws.run(&["import", "postman", "missing.json"]),
        2,
        "cannot read",
    );

    // An existing file is not replaced without --force.
    let cmd = "curl -u me:pw https://h/v1/items";
    ws.run(&["import", "curl", "--out", "out", cmd])
        .assert_code(0);
    assert_eq!(
        std::fs::read_to_string(ws.dir.join("out/items.hurl")).unwrap(),
        "GET https://h/v1/items\n[BasicAuth]\nme: {{password}}\n"
    );
    let vars = std::fs::read_to_string(ws.dir.join("out/variables.env")).unwrap();
    assert!(vars.contains("\npassword=pw\n"), "{vars}");
    expect(
        &ws.run(&["import", "curl", "--out", "out", cmd]),
        1,
        "out/items.hurl already exists",
    );
    ws.run(&["import", "curl", "--out", "out", "--force", cmd])
        .assert_code(0);
}
