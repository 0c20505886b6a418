//! The canonical layout on small inputs, and its two promises over every spec of the
//! repository and Hurl's conformance corpus: the tree is kept, and formatting twice
//! changes nothing.

use std::path::{Path, PathBuf};

use super::format_source;
use crate::spec::parse_spec;
use crate::spec::parser::tests::shape;

fn fmt(source: &str) -> String {
    format_source(source).unwrap_or_else(|e| panic!("{source:?}: {e}"))
}

#[test]
fn lines_get_one_space_between_tokens_and_no_indent() {
    let cases: &[(&str, &str)] = &[
        (
            "  GET    http://h/a?b=1   \n   Accept  :   text/plain  \nEmpty  :  \n",
            "GET http://h/a?b=1\nAccept: text/plain\nEmpty:\n",
        ),
        (
            "GET http://h/\nHTTP/1.1    200\n[Asserts]\n  jsonpath   \"$.a b\"   nth  0   count   ==   2\n",
            "GET http://h/\nHTTP/1.1 200\n[Asserts]\njsonpath \"$.a b\" nth 0 count == 2\n",
        ),
        (
            "GET http://h/\nHTTP *\n[Captures]\nid :  header   \"X-Id\"   regex  /a (\\d+)\\/ b/  redact\n",
            "GET http://h/\nHTTP *\n[Captures]\nid: header \"X-Id\" regex /a (\\d+)\\/ b/ redact\n",
        ),
        (
            "GET http://h/\nHTTP 200\n[Asserts]\nstatus not   equals 200\nbody   greaterThanOrEquals \"a\"\nbody    notEquals   1\nheader \"A\"  not   exists\nbody ==   file,  a.bin  ;\nbytes == hex, 00ff ;\n",
            "GET http://h/\nHTTP 200\n[Asserts]\nstatus not == 200\nbody >= \"a\"\nbody != 1\nheader \"A\" not exists\nbody == file,a.bin;\nbytes == hex,00ff;\n",
        ),
        (
            "GET http://h/\n[QueryStringParams]\na:1\n[FormParams]\nb:   2  \n[MultipartFormData]\nf:   file,  a\\ b.txt;   text/plain\ng: file,c.txt;\n",
            "GET http://h/\n[QueryStringParams]\na: 1\n[FormParams]\nb: 2\n[MultipartFormData]\nf: file,a\\ b.txt; text/plain\ng: file,c.txt;\n",
        ),
        (
            "GET http://h/\n[Options]\nlocation:true\nvariable:   a  =  1 2  \ndelay: 500\nretry-interval:2s\nmax-time: {{t}}\n",
            "GET http://h/\n[Options]\nlocation: true\nvariable: a=1 2\ndelay: 500ms\nretry-interval: 2s\nmax-time: {{t}}\n",
        ),
        (
            "[Connection  api]\n  type:api-key\n  api-key:  {{k}}  \n\nGET http://h/\n",
            "[Connection api]\ntype: api-key\napi-key: {{k}}\n\nGET http://h/\n",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(fmt(input), *want, "{input:?}");
    }
}

#[test]
fn comments_and_blank_lines_are_kept_in_place() {
    let input = "\n\n  # File header   \n\n\n#Get it\n  GET http://h/   # trailing   \n\
                 X: 1#not a comment\\# still\n\n \n   # between\nY: 2\nGET http://h/2\n\
                 # about /3\n\n# Third\nGET http://h/3\nHTTP 200\t\t# aligned\n\n\n";
    let want = "\n\n# File header\n\n\n#Get it\nGET http://h/   # trailing\n\
                X: 1#not a comment\\# still\n\n\n# between\nY: 2\nGET http://h/2\n\
                # about /3\n\n# Third\nGET http://h/3\nHTTP 200\t\t# aligned\n\n\n";
    assert_eq!(fmt(input), want);
    let file = parse_spec(want).unwrap();
    assert_eq!(file.entries[0].name, "Get it");
    assert_eq!(file.entries[2].name, "Third");
}

#[test]
fn sections_take_one_order_with_their_comments() {
    let input = "GET http://h/\nX: 1\n# the form\n[Form]\na: 1\n# options\n[Options]\n# why\n\
                 location: true\n[Query]\nq: 1\nHTTP 200\n# checks\n[Asserts]\nstatus == 200\n\
                 [Captures]\nx: body\n";
    let want = "GET http://h/\nX: 1\n# options\n[Options]\n# why\nlocation: true\n[Query]\nq: 1\n\
                # the form\n[Form]\na: 1\nHTTP 200\n[Captures]\nx: body\n# checks\n[Asserts]\n\
                status == 200\n";
    assert_eq!(fmt(input), want);
}

#[test]
fn bodies_are_kept_byte_for_byte() {
    let input = "POST http://h/\n   {\n      \"a\" :  [1,2],\n  \"b\":\"{{x}}\"   }   # c\n\
                 HTTP 200\n```json\n  { \"x\" : 1 }  \n```\n";
    let want = "POST http://h/\n{\n      \"a\" :  [1,2],\n  \"b\":\"{{x}}\"   }   # c\n\
                HTTP 200\n```json\n  { \"x\" : 1 }  \n```\n";
    assert_eq!(fmt(input), want);
    let xml = "POST http://h/\n<a>\n   <b> x </b>\n</a>\n";
    assert_eq!(fmt(xml), xml);
    let multi = "GET http://h/\nHTTP 200\n[Asserts]\nbody ==   ```\n  a  \n\n b\n```   # c\n";
    assert_eq!(
        fmt(multi),
        "GET http://h/\nHTTP 200\n[Asserts]\nbody == ```\n  a  \n\n b\n```   # c\n"
    );
    assert_eq!(
        fmt("POST http://h/\n  file,   data.bin  ;\nHTTP 200\nbase64, SGVs\n bG8= ;\n"),
        "POST http://h/\nfile,data.bin;\nHTTP 200\nbase64,SGVs\n bG8=;\n"
    );
}

#[test]
fn line_ends_are_kept_and_the_last_line_gets_one() {
    assert_eq!(
        fmt("GET  http://h/\r\nX:1\r\n\r\n \r\nHTTP 200\r\n"),
        "GET http://h/\r\nX: 1\r\n\r\n\r\nHTTP 200\r\n"
    );
    assert_eq!(
        fmt("GET http://h/\r\nX:1\n# c\r\nHTTP 200"),
        "GET http://h/\r\nX: 1\n# c\r\nHTTP 200\n"
    );
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n \n\t\n"), "\n\n\n");
    assert_eq!(fmt("  # only a comment  "), "# only a comment\n");
}

/// The spec files of the repository, the formatter's own cases (`fixtures/fmt/`), and
/// Hurl's conformance corpus when it stands next to the repository.
fn corpus() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "hurl" || e == "sortie")
            {
                out.push(path);
            }
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["specs", "fixtures", "../shared/conformance/hurl/parse_ok"] {
        walk(&repo.join(dir), &mut files);
    }
    files.sort();
    files
}

#[test]
fn formatting_keeps_the_tree_and_is_idempotent_over_every_spec() {
    let files = corpus();
    let in_fixtures = files
        .iter()
        .filter(|f| f.to_string_lossy().contains("fixtures/fmt/"))
        .count();
    assert!(in_fixtures >= 40, "{in_fixtures} files in fixtures/fmt");
    let mut checked = 0;
    let mut changed = 0;
    for path in &files {
        let Ok(source) = crate::run::file::read_spec(path) else {
            continue;
        };
        // Files made to fail parsing (specs/failing holds some that parse) are skipped.
        let Ok(before) = parse_spec(&source) else {
            continue;
        };
        let once = super::format(&source, &before);
        let after = parse_spec(&once).unwrap_or_else(|e| {
            panic!(
                "{}: the formatted text does not parse: {e}\n{once}",
                path.display()
            )
        });
        assert_eq!(
            shape(&before),
            shape(&after),
            "{}: formatting changed the tree\n{once}",
            path.display()
        );
        let twice = super::format(&once, &after);
        assert_eq!(
            once,
            twice,
            "{}: formatting twice changed it",
            path.display()
        );
        checked += 1;
        changed += usize::from(once != source);
    }
    assert!(checked >= 100, "only {checked} spec files checked");
    assert!(
        changed > 0,
        "no file needed formatting: the test proves nothing"
    );
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Hurl's own test files are formatted with `hurlfmt`; `sortie fmt` writes the same layout,
/// so it leaves them as they are (the one whose last line has no line break gets one).
#[test]
fn files_hurlfmt_formatted_are_left_as_they_are() {
    let mut dirs = vec![repo().join("fixtures/fmt/hurl")];
    let corpus = repo().join("../shared/conformance/hurl/parse_ok");
    if corpus.is_dir() {
        dirs.push(corpus);
    }
    let mut checked = 0;
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "hurl"))
            .collect();
        files.sort();
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            let formatted = fmt(&source);
            if source.ends_with('\n') {
                assert_eq!(formatted, source, "{}", path.display());
            } else {
                assert_eq!(formatted, format!("{source}\n"), "{}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 51, "{checked} files");
}

#[test]
fn a_messy_sortie_file_gets_the_canonical_layout() {
    let dir = repo().join("fixtures/fmt/sortie");
    let messy = std::fs::read_to_string(dir.join("messy.sortie")).unwrap();
    let want = std::fs::read_to_string(dir.join("messy.formatted.sortie")).unwrap();
    assert_eq!(fmt(&messy), want);
    assert_eq!(fmt(&want), want);
}
