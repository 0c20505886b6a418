//! `--shard K/N`: shards 1/3, 2/3 and 3/3 of a folder run disjoint parts that together cover
//! every file exactly once (read back from each shard's JUnit report); bad values are usage
//! errors (exit 1).

use super::sortie;
use crate::support::{ExampleApi, TempDir};

fn suites(xml: &str) -> Vec<String> {
    regex::Regex::new(r#"<testsuite name="([^"]+)""#)
        .unwrap()
        .captures_iter(xml)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn three_shards_cover_every_file_exactly_once() {
    let api = ExampleApi::start();
    let dir = TempDir::new("shard");
    let names = [
        "a.hurl",
        "b.hurl",
        "c/d.hurl",
        "c/e.sortie",
        "f.hurl",
        "g/h/i.hurl",
        "j.hurl",
    ];
    let mut all: Vec<String> = names
        .iter()
        .map(|n| {
            dir.write(&format!("specs/{n}"), "GET {{base}}/ok\nHTTP 200\n")
                .display()
                .to_string()
        })
        .collect();
    all.sort();
    let base = format!("base={}", api.base);
    let specs = dir.path("specs");
    let run_shard = |k: usize| {
        let junit = dir.path(&format!("junit-{k}.xml"));
        let shard = format!("{k}/3");
        let out = sortie(
            &[
                "test",
                specs.to_str().unwrap(),
                "--variable",
                &base,
                "--shard",
                &shard,
                "--report-junit",
                junit.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        (suites(&std::fs::read_to_string(junit).unwrap()), out.stderr)
    };
    let mut covered = Vec::new();
    for k in 1..=3 {
        let (files, stderr) = run_shard(k);
        assert!(!files.is_empty(), "shard {k}/3 is empty");
        assert!(
            stderr.contains(&format!(
                "shard:    {k}/3 ({} files in this part)",
                files.len()
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("files:    {} (", files.len())),
            "{stderr}"
        );
        // The same shard twice runs the same files.
        assert_eq!(run_shard(k).0, files);
        covered.extend(files);
    }
    covered.sort();
    assert_eq!(covered, all, "every file once, none twice");
}

#[test]
fn bad_shards_are_usage_errors() {
    for bad in ["0/3", "4/3", "x", "1/0", "2"] {
        let out = sortie(&["test", ".", "--shard", bad], &[]);
        assert_eq!(out.code, Some(1), "--shard {bad}: {}", out.stderr);
        assert!(out.stderr.contains("--shard"), "{}", out.stderr);
    }
}
