//! `sortie check` from the outside: exit codes, error rendering, discovery, bad input.

use crate::support::{sortie, TempDir};

#[test]
fn valid_directory_exits_zero_and_counts_files() {
    let dir = TempDir::new("ok");
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    std::fs::write(dir.join("a.hurl"), "GET http://127.0.0.1/a\nHTTP 200\n").unwrap();
    std::fs::write(
        dir.join("nested/b.sortie"),
        "[Connection api]\ntype: api-key\napi-key: {{key}}\n\n# Named entry\nGET http://127.0.0.1/b\n[Options]\nconnection: api\nmax-retries: 2\n",
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not a spec").unwrap();
    let out = sortie().arg("check").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("checked 2 files: 0 with errors"));
}

#[test]
fn every_error_is_reported_with_file_line_column_and_carets() {
    let dir = TempDir::new("errors");
    std::fs::write(
        dir.join("one.hurl"),
        "GET http://127.0.0.1/\n[Options]\nretyr: 3\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("two.hurl"),
        "GET http://127.0.0.1/\nHTTP 200\n[Asserts]\nheader \"x\" == xx\n",
    )
    .unwrap();
    let out = sortie()
        .args(["check", "--color", "never"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("one.hurl:3:1"), "{stderr}");
    assert!(
        stderr.contains("unknown option 'retyr'; did you mean 'retry'?"),
        "{stderr}"
    );
    assert!(stderr.contains("two.hurl:4:15"), "{stderr}");
    assert!(stderr.contains("4 | header \"x\" == xx\n"), "{stderr}");
    assert!(
        stderr.contains(&format!("  | {}^ expecting a value", " ".repeat(14))),
        "{stderr}"
    );
    assert!(
        stderr.contains("checked 2 files: 2 with errors"),
        "{stderr}"
    );
    assert!(!stderr.contains('\x1b'), "no colour with --color never");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = TempDir::new("colour");
    let file = dir.join("bad.hurl");
    std::fs::write(&file, "GET http://127.0.0.1/\nHTTP 2000\n").unwrap();
    let always = sortie()
        .args(["check", "--color", "always"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&always.stderr).contains('\x1b'));
    let auto = sortie()
        .arg("check")
        .arg(&file)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&auto.stderr).contains('\x1b'));
    // Not a terminal: plain.
    let piped = sortie().arg("check").arg(&file).output().unwrap();
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('\x1b'));
}

#[test]
fn missing_unreadable_and_non_utf8_files_are_input_errors() {
    let dir = TempDir::new("input");
    let missing = sortie()
        .arg("check")
        .arg(dir.join("nope.hurl"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.hurl"));

    let binary = dir.join("latin1.hurl");
    std::fs::write(&binary, b"GET http://127.0.0.1/caf\xe9\n").unwrap();
    let out = sortie().arg("check").arg(&binary).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("latin1.hurl") && stderr.contains("not UTF-8"),
        "{stderr}"
    );

    // A directory where a file is expected to be readable: unreadable as text.
    let as_dir = dir.join("dir.hurl");
    std::fs::create_dir_all(&as_dir).unwrap();
    let out = sortie().arg("check").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_command_lines_exit_one_and_help_exits_zero() {
    let out = sortie().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = sortie()
        .args(["check", "--color", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = sortie().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("check"));
}

#[test]
fn empty_and_comment_only_files_parse() {
    let dir = TempDir::new("empty");
    std::fs::write(dir.join("empty.hurl"), "").unwrap();
    std::fs::write(
        dir.join("comments.hurl"),
        "# nothing here\n\n   # still nothing\n",
    )
    .unwrap();
    std::fs::write(dir.join("bom.hurl"), "\u{feff}GET http://127.0.0.1/\n").unwrap();
    let out = sortie().arg("check").arg(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn options_sortie_cannot_honour_are_warnings_at_their_line() {
    let dir = TempDir::new("check-warn");
    std::fs::write(
        dir.join("h2.hurl"),
        "GET http://127.0.0.1/\n[Options]\nhttp2: true\nnegotiate: true\n",
    )
    .unwrap();
    let out = sortie()
        .args(["check", "--color", "never"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings do not fail a check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: option not honoured"), "{stderr}");
    assert!(stderr.contains("h2.hurl:3:1"), "{stderr}");
    assert!(stderr.contains("h2.hurl:4:1"), "{stderr}");
    assert!(stderr.contains("HTTP/1.1"), "{stderr}");
}
