//! `sortie completions SHELL` and `sortie man`, run as the real binary: bash loads the
//! completion script and completes with it; the manual pages render with `man` when the
//! system has it.

use super::Workspace;

/// Every command a user can type, which completions and the manual must know.
const COMMANDS: &[&str] = &[
    "test",
    "run",
    "check",
    "call",
    "login",
    "logout",
    "import",
    "fmt",
    "completions",
    "man",
];

#[test]
fn bash_completes_commands_and_flags_with_the_script() {
    let ws = Workspace::new("completions-bash");
    let out = ws.run(&["completions", "bash"]);
    out.assert_code(0);
    let script = ws.write("sortie.bash", &out.stdout);
    // Loaded by bash, the script's function completes what a user starts to type.
    let complete = |words: &str| -> String {
        let probe = format!(
            "source {script}\nCOMP_WORDS=({words})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n\
             COMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n\
             _sortie sortie \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            script = script.display()
        );
        let output = std::process::Command::new("bash")
            .arg("-c")
            .arg(probe)
            .output()
            .expect("bash");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert_eq!(complete("sortie imp").trim(), "import");
    let import = complete("sortie import ''");
    assert!(import.lines().any(|l| l == "curl"), "{import}");
    assert!(import.lines().any(|l| l == "postman"), "{import}");
    let call = complete("sortie call --max-red");
    assert_eq!(call.trim(), "--max-redirects");
    let fmt = complete("sortie fmt --");
    assert!(fmt.lines().any(|l| l == "--check"), "{fmt}");
    let all = complete("sortie ''");
    for command in COMMANDS {
        assert!(all.lines().any(|l| l == *command), "{command} in {all}");
    }
}

#[test]
fn every_shell_gets_a_script_that_names_every_command() {
    let ws = Workspace::new("completions-shells");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = ws.run(&["completions", shell]);
        out.assert_code(0);
        for command in COMMANDS {
            assert!(
                out.stdout.contains(command),
                "{shell}: {command} is missing"
            );
        }
    }
    // The shells that are installed read their script without a syntax error.
    for (shell, check) in [("zsh", "-n"), ("fish", "--no-execute")] {
        let installed = std::process::Command::new(shell)
            .arg("--version")
            .output()
            .is_ok();
        if installed {
            let out = ws.run(&["completions", shell]);
            let file = ws.write(&format!("sortie.{shell}"), &out.stdout);
            let status = std::process::Command::new(shell)
                .arg(check)
                .arg(&file)
                .status()
                .unwrap();
            assert!(status.success(), "{shell} {check} {}", file.display());
        }
    }
    ws.run(&["completions", "tcsh"])
        .assert_code(1)
        .err_has("invalid value 'tcsh'");
}

#[test]
fn the_manual_lists_every_command_and_writes_one_page_each() {
    let ws = Workspace::new("man");
    let out = ws.run(&["man"]);
    out.assert_code(0);
    assert!(out.stdout.starts_with(".ie") || out.stdout.contains(".TH sortie 1"));
    assert!(out.stdout.contains(".TH sortie 1"), "{}", out.stdout);
    for command in COMMANDS {
        assert!(
            out.stdout.contains(&format!("sortie\\-{command}(1)")),
            "{command} in the SUBCOMMANDS section"
        );
    }
    ws.run(&["man", "--out", "pages"])
        .assert_code(0)
        .err_has("wrote the manual pages into pages");
    for page in [
        "sortie.1",
        "sortie-test.1",
        "sortie-import-curl.1",
        "sortie-import-postman.1",
        "sortie-fmt.1",
    ] {
        let text = std::fs::read_to_string(ws.dir.join("pages").join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH "), "{page}");
    }
    // `man` formats the page when the system has it.
    let page = ws.dir.join("pages/sortie-fmt.1");
    if let Ok(rendered) = std::process::Command::new("man")
        .args(["-l", "-P", "cat"])
        .arg(&page)
        .env("MANWIDTH", "100")
        .output()
    {
        if rendered.status.success() {
            let text = String::from_utf8_lossy(&rendered.stdout);
            assert!(text.contains("--check"), "{text}");
        }
    }
}
