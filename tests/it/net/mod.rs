//! Hurl's network options against real servers on 127.0.0.1: TLS (`cacert`, client
//! certificates, `pinnedpubkey`, the `certificate` query), proxies (plain requests and CONNECT
//! tunnels, credentials, the environment), `resolve` and `connect-to` with made-up names, Unix
//! sockets, `path-as-is`, `ipv4`/`ipv6`, `limit-rate`, `.netrc` and Digest with httpbin.
//! Each as a flag and as an `[Options]` key.

use crate::support::net_servers::{HttpsServer, Pki, TestProxy};
use crate::support::{httpbin, run, sortie, Out, TempDir, TestServer};

/// `sortie test SPEC ARGS…` with a time limit per request (no proxy from the environment).
fn test(dir: &TempDir, spec: &str, args: &[&str]) -> Out {
    let path = dir.write("spec.hurl", spec);
    run(sortie()
        .arg("test")
        .arg(&path)
        .args(["--max-time", "20s", "--color", "never"])
        .args(args))
}

#[test]
fn cacert_verifies_the_server_and_the_certificate_query_reads_it() {
    let pki = Pki::new("net-cacert");
    let server = HttpsServer::start(&pki, false);
    let dir = TempDir::new("net-cacert-run");
    let spec = format!(
        "GET https://localhost:{}/hello\nHTTP 200\n[Asserts]\n\
         certificate \"Subject\" contains \"CN = localhost\"\n\
         certificate \"Issuer\" == \"CN = sortie test CA\"\n\
         certificate \"Expire-Date\" daysAfterNow > 10\n\
         certificate \"Subject-Alt-Name\" contains \"DNS:api.test\"\n\
         certificate \"Serial-Number\" matches /^[0-9a-f]{{2}}(:[0-9a-f]{{2}})*$/\n\
         ip == \"127.0.0.1\"\n",
        server.port
    );
    // The system's roots do not know the test CA.
    let refused = test(&dir, &spec, &[]);
    refused.assert_code(3).err_has("certificate");
    assert_eq!(server.served(), 0);
    let ca = pki.ca.to_str().unwrap();
    test(&dir, &spec, &["--cacert", ca]).assert_code(0);
    assert_eq!(server.served(), 1);
    // As an [Options] key.
    let with_option = spec.replacen("/hello\n", &format!("/hello\n[Options]\ncacert: {ca}\n"), 1);
    test(&dir, &with_option, &[]).assert_code(0);
}

#[test]
fn a_server_that_wants_a_client_certificate_gets_cert_and_key() {
    let pki = Pki::new("net-mtls");
    let server = HttpsServer::start(&pki, true);
    let dir = TempDir::new("net-mtls-run");
    let spec = format!("GET https://127.0.0.1:{}/mtls\nHTTP 200\n", server.port);
    let ca = pki.ca.to_str().unwrap();
    test(&dir, &spec, &["--cacert", ca]).assert_code(3);
    assert_eq!(server.served(), 0, "no certificate, no request");
    let (cert, key) = (
        pki.client_cert.to_str().unwrap(),
        pki.client_key.to_str().unwrap(),
    );
    test(&dir, &spec, &["--cacert", ca, "--cert", cert, "--key", key]).assert_code(0);
    assert_eq!(server.served(), 1);
    test(
        &dir,
        &spec,
        &["--cacert", ca, "--cert", "/nonexistent/c.pem", "--key", key],
    )
    .assert_code(3)
    .err_has("client certificate");
}

#[test]
fn pinnedpubkey_accepts_the_servers_key_only() {
    let pki = Pki::new("net-pin");
    let server = HttpsServer::start(&pki, false);
    let dir = TempDir::new("net-pin-run");
    let spec = format!("GET https://localhost:{}/pin\nHTTP 200\n", server.port);
    let ca = pki.ca.to_str().unwrap();
    test(
        &dir,
        &spec,
        &["--cacert", ca, "--pinnedpubkey", &pki.server_pin],
    )
    .assert_code(0);
    let wrong = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    test(&dir, &spec, &["--cacert", ca, "--pinnedpubkey", wrong])
        .assert_code(3)
        .err_has("pinned public key");
    // Even when certificates are not verified, the pin is.
    test(&dir, &spec, &["--insecure", "--pinnedpubkey", wrong]).assert_code(3);
    test(&dir, &spec, &["--pinnedpubkey", "md5//nope"]).assert_code(1);
}

#[test]
fn a_proxy_gets_plain_requests_in_absolute_form_and_https_through_connect() {
    let pki = Pki::new("net-proxy");
    let https = HttpsServer::start(&pki, false);
    let plain = TestServer::echo();
    let proxy = TestProxy::start(Some("bob:secret"));
    let dir = TempDir::new("net-proxy-run");
    let spec = format!(
        "GET {}\nHTTP 200\n\nGET https://localhost:{}/tunnelled\nHTTP 200\n",
        plain.url("/through?q=1"),
        https.port
    );
    let proxy_url = format!("http://bob:secret@127.0.0.1:{}", proxy.port);
    let ca = pki.ca.to_str().unwrap();
    test(&dir, &spec, &["--proxy", &proxy_url, "--cacert", ca]).assert_code(0);
    {
        let log = proxy.log();
        assert_eq!(
            log.plain,
            vec![format!("GET {} HTTP/1.1", plain.url("/through?q=1"))]
        );
        assert_eq!(log.tunnels, vec![format!("localhost:{}", https.port)]);
        assert!(log
            .authorizations
            .iter()
            .all(|a| a == "Basic Ym9iOnNlY3JldA=="));
        assert_eq!(log.authorizations.len(), 2);
    }
    assert_eq!(plain.count(), 1);
    assert_eq!(https.served(), 1);
    // Wrong credentials: the proxy answers 407 to the plain request.
    let wrong = format!("http://bob:nope@127.0.0.1:{}", proxy.port);
    test(&dir, &spec, &["--proxy", &wrong, "--cacert", ca]).assert_code(4);
    // no_proxy sends the request straight.
    let before = proxy.log().plain.len();
    let direct = format!("GET {}\nHTTP 200\n", plain.url("/direct"));
    test(
        &dir,
        &direct,
        &["--proxy", &proxy_url, "--no-proxy", "127.0.0.1"],
    )
    .assert_code(0);
    assert_eq!(proxy.log().plain.len(), before);
}

#[test]
fn the_environment_proxy_is_used_as_curl_reads_it() {
    let plain = TestServer::echo();
    let proxy = TestProxy::start(None);
    let dir = TempDir::new("net-proxy-env");
    let path = dir.write(
        "spec.hurl",
        &format!("GET {}\nHTTP 200\n", plain.url("/env")),
    );
    let out = run(sortie()
        .arg("test")
        .arg(&path)
        .env("http_proxy", format!("http://127.0.0.1:{}", proxy.port)));
    out.assert_code(0);
    assert_eq!(proxy.log().plain.len(), 1);
    // --no-proxy (or no_proxy) sends it straight.
    let out = run(sortie()
        .arg("test")
        .arg(&path)
        .args(["--noproxy", "127.0.0.1"])
        .env("http_proxy", format!("http://127.0.0.1:{}", proxy.port)));
    out.assert_code(0);
    let out = run(sortie()
        .arg("test")
        .arg(&path)
        .env("http_proxy", format!("http://127.0.0.1:{}", proxy.port))
        .env("no_proxy", "localhost,127.0.0.1"));
    out.assert_code(0);
    assert_eq!(proxy.log().plain.len(), 1);
    // [Options] proxy: for one entry.
    let path = dir.write(
        "option.hurl",
        &format!(
            "GET {}\n[Options]\nproxy: 127.0.0.1:{}\nHTTP 200\n",
            plain.url("/option"),
            proxy.port
        ),
    );
    test(&dir, &std::fs::read_to_string(&path).unwrap(), &[]).assert_code(0);
    assert_eq!(proxy.log().plain.len(), 2);
}

#[test]
fn resolve_and_connect_to_reach_a_made_up_host() {
    let server = TestServer::echo();
    let dir = TempDir::new("net-resolve");
    let spec = "GET http://api.test:{{port}}/named\nHTTP 200\n[Asserts]\n\
                jsonpath \"$.headers[?@[0] == 'Host'][1]\" == \"api.test:{{port}}\"\n";
    let port = server.port.to_string();
    let var = format!("port={port}");
    test(&dir, spec, &["--variable", &var]).assert_code(3);
    let resolve = format!("api.test:{port}:127.0.0.1");
    test(&dir, spec, &["--variable", &var, "--resolve", &resolve]).assert_code(0);
    let connect = format!("api.test:{port}:127.0.0.1:{port}");
    test(&dir, spec, &["--variable", &var, "--connect-to", &connect]).assert_code(0);
    let in_options = spec.replacen(
        "/named\n",
        &format!("/named\n[Options]\nresolve: {resolve}\n"),
        1,
    );
    test(&dir, &in_options, &["--variable", &var]).assert_code(0);
    test(&dir, spec, &["--resolve", "api.test:nope"]).assert_code(1);
}

#[cfg(unix)]
#[test]
fn unix_socket_carries_the_request() {
    let server = crate::support::net_servers::UnixServer::start("net-unix");
    let dir = TempDir::new("net-unix-run");
    let spec = "GET http://anything.test/over-unix?x=1\nHTTP 200\n[Asserts]\n\
                body == \"GET /over-unix?x=1 HTTP/1.1\"\nip not exists\n";
    let socket = server.path.to_str().unwrap();
    test(&dir, spec, &["--unix-socket", socket]).assert_code(0);
}

#[test]
fn path_as_is_keeps_dot_segments() {
    let server = TestServer::echo();
    let dir = TempDir::new("net-path");
    let spec = format!(
        "GET {}\nHTTP 200\n[Asserts]\njsonpath \"$.url\" == \"/a/../b?c=1\"\n",
        server.url("/a/../b?c=1")
    );
    test(&dir, &spec, &["--path-as-is"]).assert_code(0);
    let squashed = spec.replace("/a/../b?c=1\"\n", "/b?c=1\"\n");
    test(&dir, &squashed, &[]).assert_code(0);
    let option = spec.replacen("\nHTTP 200", "\n[Options]\npath-as-is: true\nHTTP 200", 1);
    test(&dir, &option, &[]).assert_code(0);
}

#[test]
fn ipv4_and_ipv6_choose_the_address_family() {
    let server = TestServer::echo();
    let dir = TempDir::new("net-ip");
    let spec = format!("GET http://127.0.0.1:{}/v4\nHTTP 200\n", server.port);
    test(&dir, &spec, &["--ipv4"]).assert_code(0);
    test(&dir, &spec, &["--ipv6"])
        .assert_code(3)
        .err_has("IPv6 only");
}

#[test]
fn limit_rate_still_delivers_every_byte() {
    let body = "x".repeat(3000);
    let server =
        TestServer::start(move |_, _| crate::support::Reply::status(200).body(body.clone()));
    let dir = TempDir::new("net-rate");
    let spec = format!(
        "POST {}\n```\n{}\n```\nHTTP 200\n[Asserts]\nbytes count == 3000\n",
        server.url("/slow"),
        "y".repeat(2000)
    );
    test(&dir, &spec, &["--limit-rate", "20000"]).assert_code(0);
    assert_eq!(server.requests()[0].body.len(), 2001);
}

#[test]
fn netrc_and_digest_authenticate_with_httpbin() {
    let base = format!("http://127.0.0.1:{}", httpbin().port);
    let dir = TempDir::new("net-netrc");
    let netrc = dir.write(
        "netrc",
        "machine 127.0.0.1\nlogin alice\npassword wonderland\n",
    );
    let basic = format!("GET {}/basic-auth/alice/wonderland\nHTTP 200\n", base);
    test(&dir, &basic, &[]).assert_code(4);
    test(&dir, &basic, &["--netrc-file", netrc.to_str().unwrap()]).assert_code(0);
    let missing = dir.path("nope");
    test(&dir, &basic, &["--netrc-file", missing.to_str().unwrap()]).assert_code(3);
    test(&dir, &basic, &["--netrc-optional"]).assert_code(4);
    let digest = format!(
        "GET {}/digest-auth/auth/alice/wonderland\nHTTP 200\n[Asserts]\njsonpath \"$.authenticated\" == true\n",
        base
    );
    test(&dir, &digest, &["--user", "alice:wonderland"]).assert_code(4);
    test(&dir, &digest, &["--user", "alice:wonderland", "--digest"]).assert_code(0);
    test(&dir, &digest, &["--user", "alice:nope", "--digest"]).assert_code(4);
}

#[test]
fn a_connection_carries_its_proxy_and_client_certificate() {
    let pki = Pki::new("net-conn");
    let https = HttpsServer::start(&pki, true);
    let plain = TestServer::echo();
    let proxy = TestProxy::start(None);
    let dir = TempDir::new("net-conn-run");
    for (from, to) in [
        (&pki.ca, "ca.pem"),
        (&pki.client_cert, "client.pem"),
        (&pki.client_key, "client.key"),
    ] {
        std::fs::copy(from, dir.path(to)).unwrap();
    }
    let spec = format!(
        "[Connection mtls]\ntype: api-key\napi-key: k1\ncacert: ca.pem\ncert: client.pem\nkey: client.key\n\n\
         [Connection proxied]\ntype: api-key\napi-key: k2\nproxy: http://127.0.0.1:{}\n\n\
         GET https://localhost:{}/secure\n[Options]\nconnection: mtls\nHTTP 200\n\n\
         GET {}\n[Options]\nconnection: proxied\nHTTP 200\n\n\
         GET {}\nHTTP 200\n",
        proxy.port,
        https.port,
        plain.url("/via-proxy"),
        plain.url("/direct")
    );
    test(&dir, &spec, &[]).assert_code(0);
    assert_eq!(https.served(), 1);
    assert_eq!(
        proxy.log().plain,
        vec![format!("GET {} HTTP/1.1", plain.url("/via-proxy"))]
    );
    assert_eq!(plain.count(), 2);
}
