//! Hurl's own parser test inputs: every `parse_ok` file must parse, every `parse_err` file must
//! fail with exit code 2 at the recorded `line:col`. Runs the real binary.

use std::path::{Path, PathBuf};

use crate::support::sortie;

fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/hurl");
    assert!(
        dir.is_dir(),
        "the Hurl conformance corpus is expected at {}",
        dir.display()
    );
    dir
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

#[test]
fn every_parse_ok_file_parses() {
    let dir = corpus().join("parse_ok");
    let hurl_files = files(&dir, "hurl");
    assert!(
        hurl_files.len() >= 140,
        "found only {} files",
        hurl_files.len()
    );
    let mut failures = Vec::new();
    for file in &hurl_files {
        let out = sortie()
            .args(["check", "--color", "never"])
            .arg(file)
            .output()
            .unwrap();
        if out.status.code() != Some(0) {
            failures.push(format!(
                "{}: exit {:?}\n{}",
                file.display(),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The whole folder at once, as a directory argument.
    let out = sortie()
        .args(["check", "--color", "never"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "checked {} files: 0 with errors",
            hurl_files.len()
        )),
        "{stderr}"
    );
}

#[test]
fn every_parse_err_file_fails_at_the_recorded_place() {
    let dir = corpus().join("parse_err");
    let cases = files(&dir, "expected");
    assert_eq!(cases.len(), 20);
    let mut failures = Vec::new();
    for expected_file in &cases {
        let expected = std::fs::read_to_string(expected_file).unwrap();
        let mut lines = expected.lines();
        let code: i32 = lines.next().unwrap().trim().parse().unwrap();
        let location = lines.next().unwrap().trim().to_string();
        let hurl = expected_file.with_extension("hurl");
        let out = sortie()
            .current_dir(&dir)
            .args(["check", "--color", "never"])
            .arg(hurl.file_name().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let arrow = format!("--> {location}\n");
        if out.status.code() != Some(code) || !stderr.contains(&arrow) {
            failures.push(format!(
                "{}: expected exit {code} at {location}, got exit {:?}:\n{stderr}",
                hurl.display(),
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
