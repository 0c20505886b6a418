//! `sortie fmt [--check] [PATH]...` run as the real binary over a folder of specs.

use super::Workspace;

const MESSY: &str =
    "  GET   http://127.0.0.1:1/a   # first\n[Form]\n  b:2\n[Options]\ndelay:10\nHTTP  200\n";
const MESSY_FORMATTED: &str =
    "GET http://127.0.0.1:1/a   # first\n[Options]\ndelay: 10ms\n[Form]\nb: 2\nHTTP 200\n";
const CLEAN: &str = "# Clean\nGET http://127.0.0.1:1/b\nHTTP 200\n";

fn workspace(name: &str) -> Workspace {
    let ws = Workspace::new(name);
    ws.write("specs/messy.hurl", MESSY);
    ws.write("specs/deep/clean.sortie", CLEAN);
    ws.write("specs/notes.txt", "not a spec  \n");
    ws
}

fn read(ws: &Workspace, path: &str) -> String {
    std::fs::read_to_string(ws.dir.join(path)).unwrap()
}

#[test]
fn check_lists_the_files_that_would_change_and_writes_nothing() {
    let ws = workspace("fmt-check");
    let out = ws.run(&["fmt", "--check", "specs"]);
    out.assert_code(1)
        .err_has("1 of 2 files would be reformatted");
    assert_eq!(out.stdout, "specs/messy.hurl\n");
    assert_eq!(read(&ws, "specs/messy.hurl"), MESSY);

    // A file that does not parse is reported where it is wrong (exit 2 wins), and the
    // others are still checked.
    ws.write("specs/broken.hurl", "GET http://h/\nHTTP 2000\n");
    let out = ws.run(&["fmt", "--check", "specs"]);
    out.assert_code(2)
        .err_has("specs/broken.hurl:2:6")
        .err_has("1 of 3 files would be reformatted, 1 not formatted (errors above)");
    assert_eq!(out.stdout, "specs/messy.hurl\n");
}

#[test]
fn fmt_rewrites_files_in_place_once() {
    let ws = workspace("fmt-write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = ws.dir.join("specs/messy.hurl");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = ws.run(&["fmt", "specs"]);
    out.assert_code(0)
        .err_has("formatted specs/messy.hurl")
        .err_has("1 of 2 files reformatted");
    assert!(!out.stderr.contains("clean.sortie"), "{}", out.stderr);
    assert_eq!(read(&ws, "specs/messy.hurl"), MESSY_FORMATTED);
    assert_eq!(read(&ws, "specs/deep/clean.sortie"), CLEAN);
    assert_eq!(read(&ws, "specs/notes.txt"), "not a spec  \n");
    #[cfg(unix)]
    assert_eq!(
        super::mode(&ws.dir.join("specs/messy.hurl")) & 0o777,
        0o640,
        "the file keeps its permissions"
    );
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(ws.dir.join("specs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");

    // Formatted once, nothing changes any more; the spec still parses.
    ws.run(&["fmt", "--check", "specs"])
        .assert_code(0)
        .err_has("0 of 2 files would be reformatted");
    ws.run(&["check", "specs"]).assert_code(0);
    // A file named directly is formatted too, whatever its extension.
    ws.write("loose.txt", MESSY);
    ws.run(&["fmt", "loose.txt"]).assert_code(0);
    assert_eq!(read(&ws, "loose.txt"), MESSY_FORMATTED);
}

#[test]
fn stdin_is_formatted_to_stdout() {
    let ws = workspace("fmt-stdin");
    let out = ws
        .sortie()
        .args(["fmt", "-"])
        .write_stdin(MESSY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), MESSY_FORMATTED);
    for (input, code) in [(MESSY, 1), (MESSY_FORMATTED, 0)] {
        let out = ws
            .sortie()
            .args(["fmt", "--check", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{input:?}");
        assert!(out.stdout.is_empty());
    }
    let out = ws
        .sortie()
        .args(["fmt", "-"])
        .write_stdin("GET http://h/\nHTTP x\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:2:6"));
    ws.run(&["fmt", "-", "specs"])
        .assert_code(1)
        .err_has("cannot be mixed");
}
