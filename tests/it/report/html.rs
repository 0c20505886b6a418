//! The HTML report (`--report-html DIR`) of a run with passing, failing, transport-retried,
//! Hurl-retried, erroring, skipped and unparsable specs, loaded in a real browser: headless
//! Chromium (Debian's `chromium`, which `.ci/run` installs) dumps the DOM after the page's
//! script ran, with and without the filters in the URL fragment, and takes a screenshot
//! (saved under the target folder for people to look at).
//!
//! Without a `chromium` on PATH the browser checks are skipped with a message, unless
//! `SORTIE_REQUIRE_CHROMIUM` is set (`.ci/run` sets it): then they fail.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{sortie, MIXED_SPECS};
use crate::support::{free_port, ExampleApi, TempDir};

/// A secret value that must never show in the page.
const CANARY: &str = "CANARY-7f3a9c1e";

/// A spec that sends a secret in headers and gets it back in the body.
const SECRET_SPEC: (&str, &str) = (
    "i-secret.hurl",
    "# Token echo\nGET {{base}}/token\nX-Token: {{token}}\nAuthorization: Bearer {{token}}\nHTTP 200\n[Asserts]\njsonpath \"$.token\" == \"{{token}}\"\n",
);

/// Runs the mixed specs plus the secret one with `--report-html`; gives (folder, page path).
fn html_run(label: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(label);
    for (name, text) in MIXED_SPECS.iter().chain([&SECRET_SPEC]) {
        dir.write(&format!("specs/{name}"), text);
    }
    let api = ExampleApi::start();
    let base = format!("base={}", api.base);
    let closed = format!("closed={}", free_port());
    let token = format!("token={CANARY}");
    let specs = dir.path("specs");
    let html = dir.path("html");
    let out = sortie(
        &[
            "test",
            specs.to_str().unwrap(),
            "--variable",
            &base,
            "--variable",
            &closed,
            "--secret",
            &token,
            "--max-time",
            "10s",
            "--jobs",
            "2",
            "--report-html",
            html.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.code, Some(2), "a parse error wins: {}", out.stderr);
    let page = html.join("index.html");
    assert!(page.is_file(), "no {}: {}", page.display(), out.stderr);
    let names: Vec<_> = std::fs::read_dir(&html)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["index.html"], "the page alone, no temporary left");
    (dir, page)
}

/// The Chromium on PATH, or None (and a message) when there is none and none is required.
fn chromium() -> Option<&'static str> {
    for name in ["chromium", "chromium-browser"] {
        let found = std::process::Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if found {
            return Some(name);
        }
    }
    assert!(
        std::env::var_os("SORTIE_REQUIRE_CHROMIUM").is_none(),
        "SORTIE_REQUIRE_CHROMIUM is set but no chromium is on PATH (Debian: apt-get install chromium)"
    );
    eprintln!(
        "skipped: the browser checks of the HTML report need Chromium \
         (Debian: apt-get install chromium; .ci/run installs it)"
    );
    None
}

/// Runs headless Chromium on `url` with `extra` arguments; gives its stdout.
fn headless(browser: &str, profile: &Path, extra: &[&str], url: &str) -> String {
    let mut cmd = assert_cmd::Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--virtual-time-budget=2000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(url)
    .timeout(Duration::from_secs(120));
    let out = cmd.output().expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// The `<tbody class="entry…">` elements of the DOM: (outcome, hidden, text).
fn rows(dom: &str) -> Vec<(String, bool, String)> {
    let re = regex::Regex::new(r#"(?s)<tbody class="entry[^"]*"([^>]*)>(.*?)</tbody>"#).unwrap();
    let outcome = regex::Regex::new(r#"data-outcome="([a-z]+)""#).unwrap();
    re.captures_iter(dom)
        .map(|c| {
            (
                outcome.captures(&c[1]).unwrap()[1].to_string(),
                c[1].contains(" hidden"),
                c[2].to_string(),
            )
        })
        .collect()
}

fn stat(dom: &str, key: &str) -> String {
    let re = regex::Regex::new(&format!(
        r#"data-stat="{key}"><span class="n">([^<]*)</span>"#
    ))
    .unwrap();
    re.captures(dom).unwrap_or_else(|| panic!("no {key} stat"))[1].to_string()
}

fn row_of<'a>(rows: &'a [(String, bool, String)], name: &str) -> &'a (String, bool, String) {
    rows.iter()
        .find(|r| r.2.contains(name))
        .unwrap_or_else(|| panic!("no row for {name}"))
}

#[test]
fn the_page_is_self_contained_and_redacted() {
    let (_dir, page) = html_run("html-file");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains(CANARY),
        "a secret leaked into the HTML report"
    );
    assert!(html.contains("<td class=\"mono\">Authorization</td><td class=\"mono\">***</td>"));
    assert!(html.contains("<td class=\"mono\">X-Token</td><td class=\"mono\">***</td>"));
    for external in ["src=\"http", "href=\"http", "@import", "url(http", "<link"] {
        assert!(!html.contains(external), "an external resource: {external}");
    }
    assert!(
        html.contains("default-src 'none'"),
        "a policy forbids any load"
    );
}

#[test]
fn chromium_shows_counts_failing_lines_waterfalls_and_filters() {
    let Some(browser) = chromium() else { return };
    let (dir, page) = html_run("html-browser");
    let profile = dir.path("chromium-profile");
    let url = file_url(&page);

    let dom = headless(browser, &profile, &["--dump-dom"], &url);
    // The page's script ran.
    assert!(
        dom.contains("data-query=\"\""),
        "the script did not run:\n{dom}"
    );
    for (key, n) in [
        ("files", "9"),
        ("passed", "5"),
        ("failed", "2"),
        ("errored", "1"),
        ("skipped", "2"),
        ("transport_retries", "2"),
        ("entry_reruns", "4"),
    ] {
        assert_eq!(stat(&dom, key), n, "{key}");
    }
    let all = rows(&dom);
    assert_eq!(all.len(), 11, "10 entries and the file that does not parse");
    assert!(all.iter().all(|r| !r.1), "nothing hidden without a filter");
    let count = |o: &str| all.iter().filter(|r| r.0 == o).count();
    assert_eq!(
        [
            count("passed"),
            count("failed"),
            count("errored"),
            count("skipped")
        ],
        [5, 2, 2, 2]
    );

    // Each failure's spec line is highlighted, the diff coloured.
    let fail = row_of(&all, "The price is still 10");
    assert_eq!(fail.0, "failed");
    assert!(
        fail.2.contains(
            r#"<span class="line fail" data-line="4"><span class="ln">4</span>{"name": "Gadget", "price": 10}</span>"#
        ),
        "{}",
        fail.2
    );
    assert!(fail.2.contains(
        r#"<span class="line" data-line="2"><span class="ln">2</span>GET {{base}}/price</span>"#
    ));
    assert!(fail
        .2
        .contains(r#"<span class="del">-  "price": 10</span>"#));
    assert!(fail
        .2
        .contains(r#"<span class="ins">+  "price": 12</span>"#));
    let retried = row_of(&all, "Never 10");
    assert!(retried
        .2
        .contains(r#"<span class="line fail" data-line="8">"#));
    let parse = row_of(&all, "g-parse.hurl");
    assert!(parse.2.contains(
        r#"<span class="line fail" data-line="4"><span class="ln">4</span>status ==</span>"#
    ));
    // A failing entry is open; a passing one is closed.
    assert!(!fail.2.contains("class=\"detail\" id=\"d2-1\" hidden"));
    assert!(row_of(&all, "The API is up").2.contains(" hidden=\"\""));

    // Every transport attempt and the waits between them are on the timelines.
    let flaky = row_of(&all, "Flaky, retried by the transport");
    let attempts = regex::Regex::new(
        r#"class="seg (ok|http-error|transport-error)" data-run="1" data-attempt="(\d)""#,
    )
    .unwrap();
    let seen: Vec<String> = attempts
        .captures_iter(&flaky.2)
        .map(|c| format!("{}:{}", &c[2], &c[1]))
        .collect();
    // Each attempt is on the table's timeline and in the entry's waterfall.
    assert_eq!(
        seen,
        [
            "1:http-error",
            "2:http-error",
            "3:ok",
            "1:http-error",
            "2:http-error",
            "3:ok"
        ]
    );
    assert_eq!(flaky.2.matches("class=\"seg wait\"").count(), 4);
    assert_eq!(
        row_of(&all, "Ready on the third look")
            .2
            .matches("data-attempt=\"1\"")
            .count(),
        6,
        "three runs, one attempt each, twice"
    );

    // "Failed only" from the fragment: failures and errors stay, the rest is hidden.
    let failed = rows(&headless(
        browser,
        &profile,
        &["--dump-dom"],
        &format!("{url}#failed"),
    ));
    let visible: Vec<&str> = failed
        .iter()
        .filter(|r| !r.1)
        .map(|r| r.0.as_str())
        .collect();
    assert_eq!(visible, ["failed", "errored", "errored", "failed"]);
    assert!(failed
        .iter()
        .filter(|r| r.1)
        .all(|r| r.0 == "passed" || r.0 == "skipped"));

    // The search, and both at once.
    let dom = headless(
        browser,
        &profile,
        &["--dump-dom"],
        &format!("{url}#q=FLAKY"),
    );
    assert!(
        dom.contains("data-shown=\"1\""),
        "search is case-insensitive"
    );
    let found = rows(&dom);
    assert_eq!(found.iter().filter(|r| !r.1).count(), 1);
    assert!(!row_of(&found, "Flaky, retried").1);
    let dom = headless(
        browser,
        &profile,
        &["--dump-dom"],
        &format!("{url}#failed&q=price"),
    );
    let both = rows(&dom).into_iter().filter(|r| !r.1).count();
    assert_eq!(both, 2, "two failing entries get /price");

    // A screenshot for people to look at.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sortie-html-report.png");
    let _ = std::fs::remove_file(&shot);
    headless(
        browser,
        &profile,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            "--hide-scrollbars",
        ],
        &url,
    );
    let png = std::fs::read(&shot).expect("the screenshot is saved");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
    eprintln!("screenshot: {}", shot.display());
}
