//! Invalid documents, charsets, case sensitivity of XML names.

use super::tests_util::*;
use super::{Document, DocumentKind};

#[test]
fn broken_xml() {
    let cases: &[(&str, &[(&str, Exp)])] = &[
        (
            "<a><b></a>",
            &[
                ("count(//*)", Num(2.0)),
                ("name(/*)", Str("a")),
                ("string(/)", Str("")),
                ("count(//b)", Num(1.0)),
                ("string(//c)", Str("")),
            ],
        ),
        (
            "??",
            &[
                ("count(//*)", DocError),
                ("name(/*)", DocError),
                ("string(/)", DocError),
                ("count(//b)", DocError),
                ("string(//c)", DocError),
            ],
        ),
        (
            "",
            &[
                ("count(//*)", DocError),
                ("name(/*)", DocError),
                ("string(/)", DocError),
                ("count(//b)", DocError),
                ("string(//c)", DocError),
            ],
        ),
        (
            "<a>unclosed",
            &[
                ("count(//*)", Num(1.0)),
                ("name(/*)", Str("a")),
                ("string(/)", Str("unclosed")),
                ("count(//b)", Num(0.0)),
                ("string(//c)", Str("")),
            ],
        ),
        (
            "<a>&nbsp;</a>",
            &[
                ("count(//*)", Num(1.0)),
                ("name(/*)", Str("a")),
                // Hurl 8.0.1 gives Str(""): the recovery parser knows HTML's &nbsp;, libxml2 drops it
                ("string(/)", Str("\u{a0}")),
                ("count(//b)", Num(0.0)),
                ("string(//c)", Str("")),
            ],
        ),
        (
            "just text",
            &[
                ("count(//*)", DocError),
                ("name(/*)", DocError),
                ("string(/)", DocError),
                ("count(//b)", DocError),
                ("string(//c)", DocError),
            ],
        ),
        (
            "<a x=\"1\" x=\"2\"/>",
            &[
                ("count(//*)", Num(1.0)),
                ("name(/*)", Str("a")),
                ("string(/)", Str("")),
                ("count(//b)", Num(0.0)),
                ("string(//c)", Str("")),
            ],
        ),
        (
            "<a><b>1</b></a><c>2</c>",
            &[
                ("count(//*)", Num(2.0)),
                ("name(/*)", Str("a")),
                ("string(/)", Str("1")),
                ("count(//b)", Num(1.0)),
                ("string(//c)", Str("")),
            ],
        ),
        (
            "<p:a>undeclared prefix</p:a>",
            &[
                ("count(//*)", Num(1.0)),
                ("name(/*)", Str("p:a")),
                ("string(/)", Str("undeclared prefix")),
                ("count(//b)", Num(0.0)),
                ("string(//c)", Str("")),
            ],
        ),
        (
            "   <a>ok</a>  ",
            &[
                ("count(//*)", Num(1.0)),
                ("name(/*)", Str("a")),
                ("string(/)", Str("ok")),
                ("count(//b)", Num(0.0)),
                ("string(//c)", Str("")),
            ],
        ),
    ];
    for (body, table) in cases {
        check_parsed(
            body,
            Document::parse(body.as_bytes(), DocumentKind::Xml, None),
            table,
        );
    }
}

#[test]
fn broken_xml_keeps_namespaces() {
    check_parsed(
        "prefixed",
        Document::parse_xml(
            r#"<a:r xmlns:a="urn:u" xmlns:b="urn:b"><a:x b:k="v">1</a:y><a:z/></a:r>"#,
        ),
        &[
            ("count(//a:x)", Num(1.0)),
            ("string(//a:x/@b:k)", Str("v")),
            ("count(//a:z)", Num(1.0)),
            ("name(/*)", Str("a:r")),
            ("count(//*)", Num(3.0)),
            ("namespace-uri(//a:x)", Str("urn:u")),
            ("count(//b:*)", Num(0.0)),
            // Hurl 8.0.1 gives Num(3.0): the recovery parser drops xmlns attributes, so only the prefixes that names use are in scope
            ("count(/*/namespace::*)", Num(2.0)),
        ],
    );
    check_parsed(
        "default namespace, HTML entity, bare &",
        Document::parse_xml(r#"<r xmlns="urn:d"><x>&nbsp;1</x><y>AT&T</y></r>"#),
        &[
            ("count(//_:x)", Num(1.0)),
            // Hurl 8.0.1 gives Str("AT"): libxml2 drops a bare & and what follows; the recovery parser keeps the text
            ("string(//_:y)", Str("AT&T")),
            ("count(//*)", Num(3.0)),
            // Hurl 8.0.1 gives Str("1"): the recovery parser knows HTML's &nbsp;, libxml2 drops it
            ("string(//_:x)", Str("\u{a0}1")),
            ("namespace-uri(/*)", Str("urn:d")),
        ],
    );
}

#[test]
fn xml_names_are_case_sensitive() {
    check_parsed(
        "CaseXml",
        Document::parse_xml(r#"<Root><Item Name="x">v</Item></Root>"#),
        &[
            ("string(//data)", Str("")),
            ("string-length(//data)", Num(0.0)),
            ("count(//*)", Num(2.0)),
            ("name(/*)", Str("Root")),
            ("count(//Item)", Num(1.0)),
            ("count(//item)", Num(0.0)),
            ("string(//Item/@Name)", Str("x")),
        ],
    );
}

/// A body, the `Content-Type` charset, and the expected results.
type CharsetCase<'a> = (&'a str, &'a [u8], Option<&'a str>, &'a [(&'a str, Exp)]);

#[test]
fn charsets() {
    let declared = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<data>café</data>\n";
    let latin1: Vec<u8> = declared.chars().map(|c| c as u8).collect();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><data>café</data>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let bom: Vec<u8> = b"\xEF\xBB\xBF<data>caf\xC3\xA9</data>\n".to_vec();
    let cases: &[CharsetCase] = &[
        // Hurl: "Invalid decoding" and "Invalid charset"; a charset label is not second-guessed.
        (
            "latin-1 bytes, charset=utf-8",
            &latin1,
            Some("utf-8"),
            &[("count(//*)", DecodeError)],
        ),
        (
            "unknown charset",
            &latin1,
            Some("klingon"),
            &[("count(//*)", DecodeError)],
        ),
        (
            "latin-1 bytes, no charset",
            &latin1,
            None,
            &[
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the XML declaration's encoding is used
                ("string(//data)", Str("café")),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the XML declaration's encoding is used
                ("string-length(//data)", Num(4.0)),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the XML declaration's encoding is used
                ("count(//*)", Num(1.0)),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the XML declaration's encoding is used
                ("name(/*)", Str("data")),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the XML declaration's encoding is used
                ("count(//Item)", Num(0.0)),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the XML declaration's encoding is used
                ("count(//item)", Num(0.0)),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the XML declaration's encoding is used
                ("string(//Item/@Name)", Str("")),
            ],
        ),
        (
            "latin-1 bytes, charset=ISO-8859-1",
            &latin1,
            Some("ISO-8859-1"),
            &[
                ("string(//data)", Str("café")),
                ("string-length(//data)", Num(4.0)),
                ("count(//*)", Num(1.0)),
                ("name(/*)", Str("data")),
                ("count(//Item)", Num(0.0)),
                ("count(//item)", Num(0.0)),
                ("string(//Item/@Name)", Str("")),
            ],
        ),
        (
            "utf-8 bytes, declaration says ISO-8859-1",
            declared.as_bytes(),
            None,
            &[
                ("string(//data)", Str("café")),
                ("string-length(//data)", Num(4.0)),
                ("count(//*)", Num(1.0)),
                ("name(/*)", Str("data")),
                ("count(//Item)", Num(0.0)),
                ("count(//item)", Num(0.0)),
                ("string(//Item/@Name)", Str("")),
            ],
        ),
        (
            "utf-8 with BOM",
            &bom,
            None,
            &[
                ("string(//data)", Str("café")),
                ("string-length(//data)", Num(4.0)),
                ("count(//*)", Num(1.0)),
                ("name(/*)", Str("data")),
                ("count(//Item)", Num(0.0)),
                ("count(//item)", Num(0.0)),
                ("string(//Item/@Name)", Str("")),
            ],
        ),
        (
            "utf-16 with BOM, no charset",
            &utf16,
            None,
            &[
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the byte-order mark gives the encoding
                ("string(//data)", Str("café")),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the byte-order mark gives the encoding
                ("string-length(//data)", Num(4.0)),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the byte-order mark gives the encoding
                ("count(//*)", Num(1.0)),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the byte-order mark gives the encoding
                ("name(/*)", Str("data")),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the byte-order mark gives the encoding
                ("count(//Item)", Num(0.0)),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the byte-order mark gives the encoding
                ("count(//item)", Num(0.0)),
                // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here the byte-order mark gives the encoding
                ("string(//Item/@Name)", Str("")),
            ],
        ),
    ];
    for (name, body, charset, table) in cases {
        check_parsed(
            name,
            Document::parse(body, DocumentKind::Xml, *charset),
            table,
        );
    }
    let utf8 = "<data>café 你好</data>\n";
    check_parsed(
        "utf-8",
        Document::parse(utf8.as_bytes(), DocumentKind::Xml, None),
        &[
            ("string(//data)", Str("café 你好")),
            ("string-length(//data)", Num(7.0)),
            ("count(//*)", Num(1.0)),
            ("name(/*)", Str("data")),
            ("count(//Item)", Num(0.0)),
            ("count(//item)", Num(0.0)),
            ("string(//Item/@Name)", Str("")),
        ],
    );
}

#[test]
fn html_charsets() {
    let page = "<html><body><p>café</p></body></html>";
    let latin1: Vec<u8> = page.chars().map(|c| c as u8).collect();
    check_parsed(
        "latin-1 page, charset=ISO-8859-1",
        Document::parse(&latin1, DocumentKind::Html, Some("ISO-8859-1")),
        &[
            ("string(//p)", Str("café")),
            ("string-length(//p)", Num(4.0)),
        ],
    );
    let meta = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>café</p></body></html>";
    let latin1: Vec<u8> = meta.chars().map(|c| c as u8).collect();
    check_parsed(
        "latin-1 page with meta charset, no header charset",
        Document::parse(&latin1, DocumentKind::Html, None),
        &[
            // Hurl 8.0.1 gives DecodeError: Hurl decodes as UTF-8 and fails; here <meta charset> is used
            ("string(//p)", Str("café")),
            // Hurl 8.0.1 gives DecodeError: same
            ("string-length(//p)", Num(4.0)),
        ],
    );
}
