//! Resolving declarations into connections, and the headers they add.

use super::*;

fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn header(conn: &Connection) -> (String, String) {
    match &conn.auth {
        Auth::Static { header, value } => (header.clone(), value.clone()),
        Auth::OAuth(_) => panic!("not static"),
    }
}

#[test]
fn api_keys_follow_their_scheme() {
    let r = Redactor::new();
    let c = resolve(
        "k",
        ConnectionType::ApiKey,
        &values(&[("api-key", "CANARY-K")]),
        &r,
    )
    .unwrap();
    assert_eq!(
        header(&c),
        ("Authorization".into(), "Basic CANARY-K".into())
    );
    assert_eq!(r.redact("x CANARY-K"), "x ***");
    let c = resolve(
        "k",
        ConnectionType::ApiKey,
        &values(&[("api-key", "K"), ("scheme", "bearer")]),
        &r,
    )
    .unwrap();
    assert_eq!(header(&c).1, "Bearer K");
    let v = values(&[
        ("api-key", "K"),
        ("scheme", "none"),
        ("header", "X-Api-Key"),
    ]);
    let c = resolve("k", ConnectionType::ApiKey, &v, &r).unwrap();
    assert_eq!(header(&c), ("X-Api-Key".into(), "K".into()));
    let bad = resolve(
        "k",
        ConnectionType::ApiKey,
        &values(&[("api-key", "K"), ("scheme", "Digest")]),
        &r,
    );
    assert!(bad.unwrap_err().to_string().contains("unknown scheme"));
    let bad = resolve(
        "k",
        ConnectionType::ApiKey,
        &values(&[("api-key", "K"), ("header", "X Key")]),
        &r,
    );
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("not a valid header name"));
    let empty = resolve(
        "k",
        ConnectionType::ApiKey,
        &values(&[("api-key", " ")]),
        &r,
    );
    assert!(empty
        .unwrap_err()
        .to_string()
        .contains("'api-key' is empty"));
}

#[test]
fn basic_encodes_and_masks_the_credentials() {
    let r = Redactor::new();
    let v = values(&[("username", "ada"), ("password", "CANARY-P")]);
    let c = resolve("b", ConnectionType::Basic, &v, &r).unwrap();
    assert_eq!(
        header(&c),
        ("Authorization".into(), "Basic YWRhOkNBTkFSWS1Q".into())
    );
    assert_eq!(r.redact("CANARY-P YWRhOkNBTkFSWS1Q"), "*** ***");
    assert!(format!("{c:?}").contains("***"));
    assert!(!format!("{c:?}").contains("YWRh"));
}

#[test]
fn oauth_settings_are_parsed() {
    let r = Redactor::new();
    let v = values(&[
        ("token-url", "http://127.0.0.1:9/token"),
        ("client-id", "id"),
        ("client-secret", "CANARY-S"),
        ("scopes", " a  b "),
        ("header", "X-Tenant: acme"),
        ("header", "X-Env:ci"),
        ("param", "audience=https://api/x?a=b"),
    ]);
    let c = resolve("o", ConnectionType::OAuth2ClientCredentials, &v, &r).unwrap();
    let Auth::OAuth(o) = &c.auth else { panic!() };
    assert_eq!(o.flow, Flow::ClientCredentials);
    assert_eq!(o.refresh_url, o.token_url);
    assert_eq!(o.scopes, vec!["a", "b"]);
    assert_eq!(
        o.headers,
        vec![
            ("X-Tenant".into(), "acme".into()),
            ("X-Env".into(), "ci".into())
        ]
    );
    assert_eq!(
        o.params,
        vec![("audience".into(), "https://api/x?a=b".into())]
    );
    assert_eq!(r.redact("CANARY-S"), "***");
    assert!(!format!("{c:?}").contains("CANARY"));

    let v = values(&[
        ("token-url", "http://h/t"),
        ("client-id", "id"),
        ("refresh-url", "http://h/r"),
    ]);
    let c = resolve("o", ConnectionType::OAuth2AuthorizationCode, &v, &r).unwrap();
    let Auth::OAuth(o) = &c.auth else { panic!() };
    assert_eq!(o.refresh_url, "http://h/r");
    assert_eq!(o.redirect_uri, DEFAULT_REDIRECT_URI);
    assert_eq!(o.client_secret, None);

    let bad = |pairs: &[(&str, &str)]| {
        resolve(
            "o",
            ConnectionType::OAuth2ClientCredentials,
            &values(pairs),
            &r,
        )
        .unwrap_err()
        .to_string()
    };
    assert!(bad(&[
        ("token-url", "ftp://h"),
        ("client-id", "i"),
        ("client-secret", "s")
    ])
    .contains("not an http"));
    assert!(bad(&[
        ("token-url", "http://h"),
        ("client-id", "i"),
        ("client-secret", "s"),
        ("header", "nocolon")
    ])
    .contains("Name: value"));
    assert!(bad(&[
        ("token-url", "http://h"),
        ("client-id", "i"),
        ("client-secret", "s"),
        ("param", "=x")
    ])
    .contains("name=value"));
    assert!(bad(&[("token-url", "http://h"), ("client-secret", "s")])
        .contains("'client-id' is missing"));
}

#[test]
fn the_entry_header_wins() {
    let creds = Credentials {
        header: connection_header("Authorization", "Bearer t"),
        token: Some("t".into()),
    };
    let mut req = HttpRequest::default();
    req.headers.push(Header::new("authorization", "Basic mine"));
    assert!(!add_credentials(&mut req, &creds));
    assert_eq!(req.headers.len(), 1);
    let mut req = HttpRequest::default();
    assert!(add_credentials(&mut req, &creds));
    assert!(req.headers[0].from_connection);
}

#[test]
fn names() {
    assert!(is_valid_name("billing_v2-eu"));
    assert!(!is_valid_name(""));
    assert!(!is_valid_name("a/b"));
    assert!(!is_valid_name(".."));
}
