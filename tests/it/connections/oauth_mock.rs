//! OAuth 2.0 against a real provider: `oauth2-mock-server` (npm), started on 127.0.0.1 for
//! each test. Client credentials, a refresh token given in the connection, and the whole
//! `sortie login` flow with this test playing the browser.

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};
use std::sync::mpsc::{self, TryRecvError};

use super::{entry, json, Workspace};
use crate::support::servers::browser_get;
use crate::support::{free_port, within_time_limit, OAuthMock, TestServer, SORTIE};

/// The claims of a JWT, after checking it has three dot-separated base64url parts.
fn jwt_claims(token: &str) -> Option<serde_json::Value> {
    use base64::Engine as _;
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(parts[1])
        .ok()?;
    serde_json::from_slice(&payload).ok()
}

/// The file mode bits of a path.
#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// An API server that answers 200 only to a JWT issued by `issuer`, else 401.
fn api_for(issuer: &str) -> TestServer {
    let issuer = issuer.to_string();
    TestServer::start(move |rq, _| {
        let token = rq
            .header("authorization")
            .and_then(|a| a.strip_prefix("Bearer "))
            .unwrap_or("");
        match jwt_claims(token) {
            Some(claims) if claims["iss"] == issuer.as_str() => {
                json(200, serde_json::json!({"sub": claims["sub"]}))
            }
            _ => json(401, serde_json::json!({"error": "not a token of the mock"})),
        }
    })
}

#[test]
fn client_credentials_get_a_jwt_from_the_provider() {
    let mock = OAuthMock::start();
    let api = api_for(&mock.issuer);
    let ws = Workspace::new("mock-cc");
    let spec = format!(
        "[Connection mock]\ntype: oauth2-client-credentials\ntoken-url: {}/token\nclient-id: sortie-ci\n\
         client-secret: {{{{secret}}}}\nscopes: read write\nparam: aud=https://api.example.test\n\n{}{}",
        mock.base,
        entry(&api.url("/a"), "mock"),
        entry(&api.url("/b"), "mock"),
    );
    ws.write("a.hurl", &spec);
    ws.run(&[
        "test",
        "--no-progress",
        "--secret",
        "secret=mock-secret",
        "a.hurl",
    ])
    .assert_code(0);
    let requests = api.requests();
    assert_eq!(requests.len(), 2);
    let token = requests[0]
        .header("authorization")
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap()
        .to_string();
    assert_eq!(
        requests[1].header("authorization"),
        Some(format!("Bearer {token}").as_str()),
        "one token for the run"
    );
    let claims = jwt_claims(&token).expect("a JWT");
    assert_eq!(claims["iss"], mock.issuer.as_str());
    assert_eq!(claims["scope"], "read write");
    assert_eq!(
        claims["aud"], "https://api.example.test",
        "the extra parameter reached the provider"
    );
}

#[test]
fn a_refresh_token_in_the_connection_gets_access_tokens_without_a_browser() {
    let mock = OAuthMock::start();
    let api = api_for(&mock.issuer);
    let ws = Workspace::new("mock-refresh");
    ws.write(
        "sortie.yaml",
        &format!(
            "connections:\n  mock:\n    type: oauth2-authorization-code\n    authorize-url: {base}/authorize\n    \
             token-url: {base}/token\n    client-id: sortie-ci\n    refresh-token: \"{{{{refresh}}}}\"\n",
            base = mock.base
        ),
    );
    ws.write("a.hurl", &entry(&api.url("/a"), "mock"));
    ws.run(&[
        "test",
        "--no-progress",
        "--secret",
        "refresh=ci-refresh-token",
        "a.hurl",
    ])
    .assert_code(0);
    let auth = api.requests()[0]
        .header("authorization")
        .unwrap()
        .to_string();
    let claims = jwt_claims(auth.strip_prefix("Bearer ").unwrap()).unwrap();
    assert_eq!(claims["sub"], "johndoe");
}

#[test]
fn login_saves_a_refresh_token_that_later_runs_use_and_logout_deletes() {
    let mock = OAuthMock::start();
    let api = api_for(&mock.issuer);
    let ws = Workspace::new("mock-login");
    let port = free_port();
    ws.write(
        "sortie.yaml",
        &format!(
            "connections:\n  mock:\n    type: oauth2-authorization-code\n    authorize-url: {base}/authorize\n    \
             token-url: {base}/token\n    client-id: sortie-cli\n    scopes: openid offline_access\n    \
             redirect-uri: http://127.0.0.1:{port}/callback\n",
            base = mock.base
        ),
    );
    ws.write("a.hurl", &entry(&api.url("/a"), "mock"));
    // Before any login: a clear runtime error.
    ws.run(&["test", "--no-progress", "a.hurl"])
        .assert_code(3)
        .err_has("sortie login mock");

    let mut child = StdCommand::new(SORTIE)
        .args(["login", "mock", "--timeout", "60", "--no-browser"])
        .current_dir(&ws.dir)
        .env("XDG_STATE_HOME", ws.state())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sortie login");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // The address, or nothing when sortie login ended without printing one.
    let authorize = within_time_limit(|| match rx.try_recv() {
        Ok(line) => Some(Some(line)),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => Some(None),
    });
    let Some(authorize) = authorize.flatten() else {
        let _ = child.kill();
        panic!("sortie login printed no address");
    };
    assert!(
        authorize.starts_with(&format!("{}/authorize?", mock.base)),
        "{authorize}"
    );
    assert!(
        authorize.contains("code_challenge_method=S256"),
        "{authorize}"
    );

    // The browser: the provider answers with a redirect to sortie's loopback listener.
    let (status, headers) = browser_get(&authorize);
    assert!((300..400).contains(&status), "status {status}");
    let location = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("location"))
        .map(|(_, v)| v.clone())
        .expect("a Location");
    assert!(
        location.starts_with(&format!("http://127.0.0.1:{port}/callback?code=")),
        "{location}"
    );
    let (landed, _) = browser_get(&location);
    assert_eq!(landed, 200);

    let Some(status) = within_time_limit(|| child.try_wait().unwrap()) else {
        let _ = child.kill();
        panic!("sortie login did not finish");
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "login failed: {stderr}");

    let file = ws.state().join("sortie").join("tokens").join("mock.json");
    assert!(file.is_file(), "{stderr}");
    #[cfg(unix)]
    {
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
    }
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let refresh = saved["refresh_token"].as_str().unwrap().to_string();
    assert!(!stderr.contains(&refresh), "login shows no token: {stderr}");

    // A later run uses the saved refresh token: no refresh-token in the connection.
    let out = ws.run(&["test", "--no-progress", "--verbose", "a.hurl"]);
    out.assert_code(0);
    assert!(!out.stderr.contains(&refresh), "{}", out.stderr);
    assert_eq!(api.count(), 1);

    ws.run(&["logout", "mock"]).assert_code(0);
    assert!(!file.exists());
    ws.run(&["test", "--no-progress", "a.hurl"])
        .assert_code(3)
        .err_has("sortie login mock");
    ws.run(&["logout", "mock"])
        .assert_code(0)
        .err_has("No saved refresh token");
}

#[test]
fn login_gives_up_after_its_time_limit_and_refuses_other_connection_types() {
    let ws = Workspace::new("login-limits");
    let port = free_port();
    ws.write(
        "sortie.yaml",
        &format!(
            "connections:\n  code:\n    type: oauth2-authorization-code\n    authorize-url: http://127.0.0.1:9/authorize\n    \
             token-url: http://127.0.0.1:9/token\n    client-id: c\n    redirect-uri: http://127.0.0.1:{port}/cb\n  \
             key:\n    type: api-key\n    api-key: k\n"
        ),
    );
    let out = ws.run(&["login", "code", "--timeout", "1", "--no-browser"]);
    out.assert_code(3).err_has("no redirect came within 1 s");
    assert!(
        out.stdout.starts_with("http://127.0.0.1:9/authorize?"),
        "{}",
        out.stdout
    );
    ws.run(&["login", "key", "--no-browser"])
        .assert_code(3)
        .err_has("only those log in");
    ws.run(&["login", "nope"])
        .assert_code(2)
        .err_has("undefined connection 'nope'");
}
