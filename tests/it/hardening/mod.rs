//! A hostile spec or server cannot make sortie hang, blow its memory, inject headers, or read
//! and write outside the file root: each case against a server on 127.0.0.1, bounded in time.

use std::io::Write;

use crate::support::{raw_response, run, sortie, Out, RawServer, TempDir, TestServer};

fn test(dir: &TempDir, spec: &str, args: &[&str]) -> Out {
    let path = dir.write("spec.hurl", spec);
    run(sortie()
        .arg("test")
        .arg(&path)
        .args(["--color", "never"])
        .args(args))
}

/// A gzip body that inflates far past the limit: the decoder stops at the limit, the run ends
/// with an error instead of eating the machine's memory.
#[test]
fn a_decompression_bomb_stops_at_the_body_limit() {
    let zeros = vec![0u8; 64 << 20];
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&zeros).unwrap();
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 200_000, "{} bytes", bomb.len());
    let server = RawServer::start(move |stream, _, _| {
        let _ = stream.write_all(&raw_response(
            200,
            "OK",
            &[("Content-Type", "text/plain"), ("Content-Encoding", "gzip")],
            &bomb,
        ));
    });
    let dir = TempDir::new("bomb");
    let spec = format!(
        "GET http://127.0.0.1:{}/bomb\nHTTP 200\n[Asserts]\nbody contains \"x\"\n",
        server.port
    );
    let out = test(&dir, &spec, &["--max-filesize", "1000000"]);
    out.assert_code(4);
    assert!(out.stderr.contains("1000000"), "{}", out.stderr);
}

/// A server that takes the request and never answers: `--max-time` ends the wait for the
/// response head (a connect time limit alone would not).
#[test]
fn a_silent_server_is_bounded_by_max_time() {
    let server = RawServer::start(|stream, _, _| {
        let mut buf = [0u8; 64];
        while matches!(std::io::Read::read(stream, &mut buf), Ok(n) if n > 0) {}
    });
    let dir = TempDir::new("silent");
    let spec = format!("GET http://127.0.0.1:{}/silent\nHTTP 200\n", server.port);
    let out = test(
        &dir,
        &spec,
        &["--max-time", "1s", "--connect-timeout", "1s"],
    );
    out.assert_code(3);
    assert!(out.stderr.contains("max-time"), "{}", out.stderr);
}

/// More jobs than files: as many workers as files.
#[test]
fn jobs_are_capped_at_the_number_of_files() {
    let server = TestServer::echo();
    let dir = TempDir::new("jobs");
    for i in 0..2 {
        dir.write(
            &format!("specs/{i}.hurl"),
            &format!("GET {}\nHTTP 200\n", server.url(&format!("/{i}"))),
        );
    }
    let out = run(sortie()
        .args(["test", "--jobs", "100000"])
        .arg(dir.path("specs")));
    out.assert_code(0);
    assert_eq!(server.count(), 2);
}

/// Quotes and line breaks in multipart names reach the server escaped: no part header of
/// their own.
#[test]
fn multipart_names_cannot_inject_part_headers() {
    let server = TestServer::echo();
    let dir = TempDir::new("multipart");
    dir.write("data.txt", "hello");
    let spec = format!(
        "POST {}\n[Multipart]\n{{{{evil}}}}: v\nupload: file,data.txt; text/plain\nHTTP 200\n",
        server.url("/upload")
    );
    let evil = "evil=field\"x\r\nX-Injected: 1";
    test(&dir, &spec, &["--variable", evil]).assert_code(0);
    let body = String::from_utf8_lossy(&server.requests()[0].body).into_owned();
    assert!(
        body.contains("name=\"field%22x%0D%0AX-Injected: 1\""),
        "{body}"
    );
    assert!(!body.contains("\r\nX-Injected"), "{body}");
}

/// A symbolic link inside the file root cannot lead a `file,` body, a multipart file or an
/// `output` outside it.
#[cfg(unix)]
#[test]
fn symbolic_links_do_not_escape_the_file_root() {
    let server = TestServer::echo();
    let outside = TempDir::new("outside");
    outside.write("secret.txt", "CANARY-outside");
    let dir = TempDir::new("symlinks");
    std::os::unix::fs::symlink(outside.path(""), dir.path("link")).unwrap();
    for spec in [
        format!(
            "POST {}\nfile,link/secret.txt;\nHTTP 200\n",
            server.url("/body")
        ),
        format!(
            "POST {}\n[Multipart]\nf: file,link/secret.txt;\nHTTP 200\n",
            server.url("/multipart")
        ),
        format!(
            "GET {}\n[Options]\noutput: link/written.txt\nHTTP 200\n",
            server.url("/output")
        ),
    ] {
        let out = test(&dir, &spec, &[]);
        out.assert_code(3);
        assert!(out.stderr.contains("outside"), "{}", out.stderr);
    }
    assert!(!outside.path("written.txt").exists());
    assert!(server
        .requests()
        .iter()
        .all(|r| !String::from_utf8_lossy(&r.body).contains("CANARY-outside")));
}
