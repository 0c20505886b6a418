//! The terminal report and GitHub annotations: coloured diffs only with colour on, a summary,
//! a progress bar only on a terminal (not with `--no-progress`, not in CI), and one
//! `::error` line per failure when `GITHUB_ACTIONS=true`.

use std::process::Command;

use super::{mixed_run, sortie, MIXED_SPECS};
use crate::support::{ExampleApi, TempDir, SORTIE};

#[test]
fn github_annotations_one_line_per_failure_only_in_github_actions() {
    let (dir, api, out) = mixed_run("github-off");
    assert!(!out.stdout.contains("::error"), "{}", out.stdout);
    let specs = dir.path("specs");
    let out = sortie(
        &[
            "test",
            specs.to_str().unwrap(),
            "--variable",
            &format!("base={}", api.base),
            "--variable",
            "closed=1",
        ],
        &[("GITHUB_ACTIONS", "true")],
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    // b-fail, c-error, g-parse, h-retry-fail: one failure each.
    assert_eq!(lines.len(), 4, "{}", out.stdout);
    assert!(lines.iter().all(|l| l.starts_with("::error file=")));
    let b = specs.join("b-fail.hurl").display().to_string();
    let diff_line = lines.iter().find(|l| l.contains("b-fail")).unwrap();
    assert!(
        diff_line.starts_with(&format!("::error file={b},line=4,col=1,endColumn=2,title=The price is still 10%3A assert failure::JSON body does not match%0Aexpected: ")),
        "{diff_line}"
    );
    assert!(
        diff_line.contains("%0A-  \"price\": 10%0A+  \"price\": 12%0A"),
        "{diff_line}"
    );
    let parse = lines.iter().find(|l| l.contains("g-parse")).unwrap();
    assert!(
        parse.contains(",line=4,col=10,title=parse error::expecting a value"),
        "{parse}"
    );
}

#[test]
fn failures_show_coloured_diffs_only_with_colour_and_then_the_summary() {
    let (dir, api, plain) = mixed_run("terminal");
    assert!(!plain.stderr.contains('\u{1b}'), "no colour with NO_COLOR");
    assert!(
        plain
            .stderr
            .contains("   -  \"price\": 10\n   +  \"price\": 12\n"),
        "{}",
        plain.stderr
    );
    assert!(
        plain
            .stderr
            .contains("entries:  4 passed, 2 failed, 1 errored, 2 skipped\n"),
        "{}",
        plain.stderr
    );
    assert!(
        plain
            .stderr
            .contains("requests: 13 (2 transport retries, 4 entry reruns)\n"),
        "{}",
        plain.stderr
    );
    let coloured = sortie(
        &[
            "--color",
            "always",
            "test",
            dir.path("specs").to_str().unwrap(),
            "--variable",
            &format!("base={}", api.base),
            "--variable",
            "closed=1",
        ],
        &[],
    );
    assert!(
        coloured
            .stderr
            .contains("\u{1b}[31m-  \"price\": 10\u{1b}[0m"),
        "{}",
        coloured.stderr
    );
    assert!(
        coloured
            .stderr
            .contains("\u{1b}[32m+  \"price\": 12\u{1b}[0m"),
        "{}",
        coloured.stderr
    );
    // No progress bar when stderr is not a terminal.
    assert!(!plain.stderr.contains('\r') && !coloured.stderr.contains('\r'));
}

/// Runs sortie under a pseudo-terminal (`script` from util-linux) and returns what the
/// terminal received.
fn on_a_terminal(extra: &str, ci: Option<&str>) -> String {
    let api = ExampleApi::start();
    let dir = TempDir::new("tty");
    dir.write(
        "specs/slow.hurl",
        "GET {{base}}/flaky/slow\n[Options]\nmax-retries: 2\nretry-delay: 300ms\nHTTP 200\n",
    );
    dir.write("specs/fast.hurl", MIXED_SPECS[0].1);
    let command = format!(
        "'{}' test '{}' --variable base={} {extra}",
        SORTIE,
        dir.path("specs").display(),
        api.base
    );
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"])
        .env_remove("CI")
        .env("NO_COLOR", "1");
    if let Some(ci) = ci {
        cmd.env("CI", ci);
    }
    let out = cmd.output().expect("script runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_progress_bar_shows_on_a_terminal_only_without_no_progress_and_outside_ci() {
    let shown = on_a_terminal("", None);
    assert!(shown.contains("/2 files"), "{shown:?}");
    assert!(
        shown.contains("files:    2 (2 passed, 0 failed)"),
        "{shown:?}"
    );
    for (extra, ci) in [("--no-progress", None), ("", Some("true"))] {
        let hidden = on_a_terminal(extra, ci);
        assert!(!hidden.contains("/2 files"), "{extra} {ci:?}: {hidden:?}");
        assert!(
            hidden.contains("files:    2 (2 passed, 0 failed)"),
            "{hidden:?}"
        );
    }
}
