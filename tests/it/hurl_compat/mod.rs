//! The differential suite: every `specs/hurl-compat/*.hurl` file is run by Hurl 8.0.1 (the
//! oracle) and by sortie, against httpbin and this file's own server on 127.0.0.1, and the
//! two must agree: `hurl FILE ARGS…` and `sortie test FILE ARGS…` exit with the same code,
//! and for files marked `# run: true`, `sortie run FILE ARGS…` prints the same bytes as
//! `hurl FILE ARGS…`.
//!
//! A file's leading comment lines may hold directives for the runner:
//! * `# exit: N` — Hurl's exit code for the file (required). A file Hurl does not run that
//!   way is itself wrong, and reported as such.
//! * `# args: FLAGS…` — extra flags for both tools, split like a shell does (quotes group);
//!   `$OUT` is an empty folder of that run, for files the tools write.
//! * `# env: NAME=VALUE` — an environment variable for both tools (repeatable).
//! * `# run: true` — also compare the printed output of `sortie run` with Hurl's.
//! * `# files: NAME…` — files under `$OUT` both tools must write with the same bytes (one
//!   Hurl does not write is reported too: the file is wrong).
//! * `# jar: NAME` — a Netscape cookie jar under `$OUT` both must write with the same cookie
//!   lines (comment lines, which name the writer, are ignored).
//! * `# sortie-only: true` — a sortie extension Hurl rejects: only sortie runs it, and `exit`
//!   is sortie's expected exit code.
//! * `# run-prefix: TEXT` — (sortie-only files) what `sortie run FILE` must print first.
//!
//! Every file gets `--variable` `httpbin`, `local`, `local2` (a second server: another
//! origin) and `run_id` (unique per run, for the server's counters).
//!
//! Hurl is found via `$SORTIE_HURL`, else `~/.cache/sortie-hurl/bin/hurl`, else `hurl` on
//! `PATH`. Without it the suite is skipped with a message, unless `SORTIE_REQUIRE_HURL` is set
//! (as `.ci/run` does), when that is a failure. `SORTIE_HURL_COMPAT_ONLY=TEXT` runs only the
//! files whose name contains TEXT; `SORTIE_HURL_COMPAT_VERBOSE=1` prints every run's stderr.

mod local_server;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use assert_cmd::Command;
use local_server::LocalServer;

use crate::support::{httpbin, TempDir, SORTIE, TIME_LIMIT};

/// Files run at once (each run mostly waits on the network).
const WORKERS: usize = 3;

/// What a file's leading comments ask of the runner.
#[derive(Debug, Default)]
struct Directives {
    exit: Option<i32>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    run: bool,
    files: Vec<String>,
    jar: Option<String>,
    sortie_only: bool,
    run_prefix: Option<String>,
}

impl Directives {
    fn read(text: &str) -> Result<Directives, String> {
        let mut d = Directives::default();
        for line in text.lines().take_while(|l| l.starts_with('#')) {
            let Some((key, value)) = line[1..].trim().split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "exit" => d.exit = Some(value.parse().map_err(|_| format!("bad exit: {value}"))?),
                "args" => d.args.extend(split_args(value)?),
                "env" => {
                    let (n, v) = value.split_once('=').ok_or(format!("bad env: {value}"))?;
                    d.env.push((n.to_string(), v.to_string()));
                }
                "run" => d.run = value == "true",
                "files" => d.files.extend(value.split_whitespace().map(String::from)),
                "jar" => d.jar = Some(value.to_string()),
                "sortie-only" => d.sortie_only = value == "true",
                "run-prefix" => d.run_prefix = Some(value.to_string()),
                _ => {}
            }
        }
        if d.exit.is_none() {
            return Err("no `# exit: N` directive".to_string());
        }
        Ok(d)
    }
}

/// Splits a command line as a shell does for words and quotes (no escapes, no expansion).
fn split_args(line: &str) -> Result<Vec<String>, String> {
    let mut args = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => args.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return Err(format!("unclosed quote in: {line}"));
    }
    args.extend(word);
    Ok(args)
}

/// One process run.
#[derive(Debug, Default)]
struct Outcome {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Outcome {
    fn code_text(&self) -> String {
        self.code.map_or("killed".to_string(), |c| c.to_string())
    }

    /// The first lines of stderr, on one line.
    fn stderr_head(&self) -> String {
        let head: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect();
        let text = head.join(" ⏎ ");
        if text.chars().count() > 150 {
            format!("{}…", text.chars().take(150).collect::<String>())
        } else {
            text
        }
    }
}

/// The servers and tools of the run.
struct Harness {
    hurl: PathBuf,
    sortie: PathBuf,
    specs: PathBuf,
    out_root: PathBuf,
    variables: Vec<String>,
    _local: LocalServer,
    _local2: LocalServer,
}

impl Harness {
    /// Runs `program FILE ARGS…` (after `prefix`, e.g. `test`) as the file asks.
    fn run(
        &self,
        program: &Path,
        prefix: &[&str],
        file: &str,
        d: &Directives,
        label: &str,
    ) -> (Outcome, PathBuf) {
        let stem = file.trim_end_matches(".hurl");
        let out = self.out_root.join("runs").join(stem).join(label);
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).expect("an output folder");
        let out_text = out.to_string_lossy().into_owned();
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.specs)
            .args(prefix)
            .arg(file)
            .args(&self.variables)
            .args(["--variable", &format!("run_id={label}-{stem}")])
            .args(d.args.iter().map(|a| a.replace("$OUT", &out_text)))
            .timeout(TIME_LIMIT);
        for (name, _) in std::env::vars() {
            let proxy = crate::support::binary::PROXY_VARIABLES.contains(&name.as_str());
            if name.starts_with("HURL_")
                || name.starts_with("SORTIE_")
                || name == "NO_COLOR"
                || proxy
            {
                cmd.env_remove(name);
            }
        }
        for (name, value) in &d.env {
            cmd.env(name, value.replace("$OUT", &out_text));
        }
        let outcome = match cmd.output() {
            Ok(o) => Outcome {
                code: o.status.code(),
                stdout: o.stdout,
                stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            },
            Err(e) => Outcome {
                stderr: format!("cannot start {}: {e}", program.display()),
                ..Outcome::default()
            },
        };
        (outcome, out)
    }
}

/// A disagreement found for one file.
struct Mismatch {
    file: String,
    what: String,
    hurl: String,
    sortie: String,
    hurl_err: String,
    sortie_err: String,
}

/// Runs one file through both tools; what disagrees.
fn check_file(h: &Harness, file: &str) -> Vec<Mismatch> {
    let text = std::fs::read_to_string(h.specs.join(file)).expect("a readable spec");
    let mut found = Vec::new();
    let mut mismatch = |what: &str, hurl: &Outcome, sortie: &Outcome, hv: String, sv: String| {
        found.push(Mismatch {
            file: file.to_string(),
            what: what.to_string(),
            hurl: hv,
            sortie: sv,
            hurl_err: hurl.stderr_head(),
            sortie_err: sortie.stderr_head(),
        })
    };
    let d = match Directives::read(&text) {
        Ok(d) => d,
        Err(e) => {
            let none = Outcome::default();
            mismatch("directives", &none, &none, e, String::new());
            return found;
        }
    };
    let expected = d.exit.unwrap_or_default();
    let (test, test_out) = h.run(&h.sortie, &["test"], file, &d, "sortie-test");
    verbose(file, "sortie test", &test);
    if d.sortie_only {
        let none = Outcome::default();
        if test.code != Some(expected) {
            mismatch(
                "sortie-only exit",
                &none,
                &test,
                format!("({expected})"),
                test.code_text(),
            );
        }
        if let Some(prefix) = &d.run_prefix {
            let (run, _) = h.run(&h.sortie, &["run"], file, &d, "sortie-run");
            verbose(file, "sortie run", &run);
            if !run.stdout.starts_with(prefix.as_bytes()) {
                let got = excerpt(&run.stdout, 0);
                mismatch(
                    "sortie-only run",
                    &none,
                    &run,
                    format!("({prefix:?}…)"),
                    got,
                );
            }
        }
        return found;
    }
    let (hurl, hurl_out) = h.run(&h.hurl, &[], file, &d, "hurl");
    verbose(file, "hurl", &hurl);
    if hurl.code != Some(expected) {
        mismatch(
            "HURL ≠ # exit",
            &hurl,
            &test,
            hurl.code_text(),
            format!("(declared {expected})"),
        );
    }
    if hurl.code != test.code {
        mismatch("exit", &hurl, &test, hurl.code_text(), test.code_text());
    }
    if let Some(name) = &d.jar {
        let (a, b) = (
            cookie_lines(&hurl_out.join(name)),
            cookie_lines(&test_out.join(name)),
        );
        if a.is_none() || a != b {
            mismatch(
                &format!("jar {name}"),
                &hurl,
                &test,
                format!("{a:?}"),
                format!("{b:?}"),
            );
        }
    }
    let run = d.run.then(|| {
        let (run, run_out) = h.run(&h.sortie, &["run"], file, &d, "sortie-run");
        verbose(file, "sortie run", &run);
        if hurl.code != run.code {
            mismatch("run exit", &hurl, &run, hurl.code_text(), run.code_text());
        }
        if hurl.stdout != run.stdout {
            let at = hurl
                .stdout
                .iter()
                .zip(&run.stdout)
                .take_while(|(a, b)| a == b)
                .count();
            mismatch(
                "run stdout",
                &hurl,
                &run,
                format!("{} bytes: {}", hurl.stdout.len(), excerpt(&hurl.stdout, at)),
                format!("{} bytes: {}", run.stdout.len(), excerpt(&run.stdout, at)),
            );
        }
        (run, run_out)
    });
    // Files are compared with the run that matches Hurl's: `sortie run` when there is one
    // (`--output` writes the last body in that mode only), else `sortie test`.
    let (writer, writer_out) = match run {
        Some((run, run_out)) => (run, run_out),
        None => (test, test_out),
    };
    for name in &d.files {
        let (a, b) = (
            std::fs::read(hurl_out.join(name)),
            std::fs::read(writer_out.join(name)),
        );
        if a.is_err() || a.as_ref().ok() != b.as_ref().ok() {
            mismatch(
                &format!("file {name}"),
                &hurl,
                &writer,
                describe(&a),
                describe(&b),
            );
        }
    }
    found
}

fn verbose(file: &str, label: &str, o: &Outcome) {
    if std::env::var_os("SORTIE_HURL_COMPAT_VERBOSE").is_some() {
        eprintln!(
            "── {file} · {label} → {}\n{}stdout: {}",
            o.code_text(),
            o.stderr,
            excerpt(&o.stdout, 0)
        );
    }
}

/// A few bytes from `at`, escaped.
fn excerpt(bytes: &[u8], at: usize) -> String {
    let from = at.saturating_sub(10).min(bytes.len());
    let to = (at + 40).min(bytes.len());
    format!("@{from} {:?}", String::from_utf8_lossy(&bytes[from..to]))
}

fn describe(file: &std::io::Result<Vec<u8>>) -> String {
    match file {
        Ok(bytes) => format!("{} bytes: {}", bytes.len(), excerpt(bytes, 0)),
        Err(e) => format!("not written ({})", e.kind()),
    }
}

/// A Netscape cookie file's cookie lines (`#HttpOnly_` lines are cookies; `# ` lines are not).
fn cookie_lines(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter(|l| {
                !l.trim().is_empty() && (l.starts_with("#HttpOnly_") || !l.starts_with('#'))
            })
            .map(String::from)
            .collect(),
    )
}

/// Hurl: `$SORTIE_HURL`, else the CI cache, else `PATH`.
fn find_hurl() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SORTIE_HURL") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let cached = std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cache/sortie-hurl/bin/hurl"))
        .filter(|p| p.is_file());
    cached.or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join("hurl"))
            .find(|p| p.is_file())
    })
}

/// Copies a folder tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder for the copy");
    for entry in std::fs::read_dir(from).expect("a readable folder") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copied file");
        }
    }
}

fn spec_files(dir: &Path) -> Vec<String> {
    let only = std::env::var("SORTIE_HURL_COMPAT_ONLY").unwrap_or_default();
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("specs/hurl-compat")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".hurl") && name.contains(&only))
        .collect();
    files.sort();
    files
}

#[test]
fn hurl_and_sortie_agree_on_every_compat_spec() {
    let Some(hurl) = find_hurl() else {
        let missing = "Hurl 8.0.1 not found ($SORTIE_HURL, ~/.cache/sortie-hurl/bin/hurl, PATH; \
                       bash .ci/run installs it)";
        assert!(
            std::env::var_os("SORTIE_REQUIRE_HURL").is_none(),
            "{missing}, and SORTIE_REQUIRE_HURL is set: the differential suite cannot be skipped"
        );
        let message = format!("{missing}: the Hurl differential suite is SKIPPED");
        eprintln!("{message}");
        return;
    };
    let version = Command::new(&hurl)
        .arg("--version")
        .timeout(TIME_LIMIT)
        .output();
    let version = version
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    assert!(
        version.starts_with("hurl 8.0.1 "),
        "{} is not Hurl 8.0.1: {version}",
        hurl.display()
    );

    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/hurl-compat");
    let files = spec_files(&source);
    assert!(
        !files.is_empty(),
        "no spec files selected in {}",
        source.display()
    );
    // The tools run in a copy, so that whatever a tool writes next to the files (an output
    // path resolved the wrong way) never lands in the repository.
    let out_root = TempDir::new("hurl-compat");
    let specs = out_root.join("specs");
    copy_dir(&source, &specs);
    let httpbin = httpbin();
    let (local, local2) = (LocalServer::start(), LocalServer::start());
    let variables = [
        ("httpbin", httpbin.url("")),
        ("local", local.base()),
        ("local2", local2.base()),
    ]
    .iter()
    .flat_map(|(n, v)| ["--variable".to_string(), format!("{n}={v}")])
    .collect();
    let harness = Harness {
        hurl,
        sortie: PathBuf::from(SORTIE),
        specs,
        out_root: out_root.to_path_buf(),
        variables,
        _local: local,
        _local2: local2,
    };

    let next = AtomicUsize::new(0);
    let mismatches = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(file) = files.get(i) else { break };
                let found = check_file(&harness, file);
                mismatches
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(found);
            });
        }
    });

    let mut mismatches = mismatches.into_inner().unwrap_or_else(|e| e.into_inner());
    mismatches.sort_by(|a, b| (&a.file, &a.what).cmp(&(&b.file, &b.what)));
    let bad_files = {
        let mut names: Vec<&str> = mismatches.iter().map(|m| m.file.as_str()).collect();
        names.dedup();
        names.len()
    };
    let mut table = String::new();
    for m in &mismatches {
        table.push_str(&format!(
            "{:<44} {:<16} hurl: {:<10} sortie: {}\n      hurl stderr:   {}\n      sortie stderr: {}\n",
            m.file, m.what, m.hurl, m.sortie, m.hurl_err, m.sortie_err
        ));
    }
    eprintln!(
        "Hurl differential suite: {} files, {} agree, {} disagree",
        files.len(),
        files.len() - bad_files,
        bad_files
    );
    assert!(
        mismatches.is_empty(),
        "Hurl 8.0.1 and sortie disagree:\n{table}"
    );
}

#[test]
fn arguments_split_like_a_shell() {
    let cases: [(&str, &[&str]); 4] = [
        (
            "--location --max-redirs 3",
            &["--location", "--max-redirs", "3"],
        ),
        (
            "-H 'X-A: one two' -u \"bob:p w\"",
            &["-H", "X-A: one two", "-u", "bob:p w"],
        ),
        ("--output ''", &["--output", ""]),
        ("  ", &[]),
    ];
    for (line, expected) in cases {
        assert_eq!(split_args(line).unwrap(), expected, "{line}");
    }
    assert!(split_args("-H 'open").is_err());
}

#[test]
fn directives_come_from_the_leading_comments_only() {
    let text = "# exit: 4\n# args: --location\n# env: HURL_VARIABLE_a=1\n# run: true\n\
                # jar: jar.txt\nGET http://x\n# args: --never\n";
    let d = Directives::read(text).unwrap();
    assert_eq!(d.exit, Some(4));
    assert_eq!(d.args, ["--location"]);
    assert_eq!(d.env, [("HURL_VARIABLE_a".to_string(), "1".to_string())]);
    assert!(d.run && !d.sortie_only);
    assert_eq!(d.jar.as_deref(), Some("jar.txt"));
    assert!(Directives::read("# args: -k\nGET http://x\n").is_err());
}
