//! Expectations from `oracle/results/default_path.txt` and `path_attr.txt`.

use super::*;

#[test]
fn default_paths() {
    let cases = [
        ("/a/b/c", Some("/a/b/")),
        ("/a/b", Some("/a/")),
        ("/top", Some("/")),
        ("/", Some("/")),
        ("/a/b/c/d?q=/x/y/", Some("/a/b/c/")),
        ("/x?a=/b", Some("/")),
        ("noslash", None),
    ];
    for (request, expected) in cases {
        assert_eq!(default_path(request).as_deref(), expected, "{request}");
    }
}

#[test]
fn sanitized_paths() {
    let cases = [
        ("/a", "/a"),
        ("/a/", "/a"),
        ("\"/a/b\"", "/a/b"),
        ("a/b", "/"),
        ("", "/"),
        ("/", ""),
        ("//", "/"),
        ("\"", "/"),
        ("/a//", "/a/"),
    ];
    for (raw, expected) in cases {
        assert_eq!(sanitize(raw), expected, "{raw:?}");
    }
}

#[test]
fn path_matching() {
    // (sanitized cookie path, request path, matches)
    let cases = [
        ("", "/", true),
        ("", "/anything/at/all", true),
        ("/", "/x", true),
        ("/a", "/a", true),
        ("/a", "/a/", true),
        ("/a", "/a/b", true),
        ("/a", "/ab", false),
        ("/a", "/", false),
        ("/a/b", "/a/b/c", true),
        ("/a/b", "/a", false),
        ("/A", "/a/b", false),
        ("/A", "/A/b", true),
        ("/a/b", "/x?a=/a/b", false),
        ("/a", "/a?x=1", true),
    ];
    for (cookie, request, expected) in cases {
        assert_eq!(matches(cookie, request), expected, "{cookie} / {request}");
    }
}

#[test]
fn secure_segments() {
    let cases = [
        ("/login/en", "/login"),
        ("/login", "/login"),
        ("", ""),
        ("/", "/"),
        ("/a/b/c", "/a"),
    ];
    for (path, expected) in cases {
        assert_eq!(first_segment(path), expected, "{path}");
    }
}
