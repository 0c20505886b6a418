//! The public API: compiled expressions, node accessors, error kinds and messages, how a
//! body's kind is chosen.

use super::{eval, Document, DocumentKind, XPath, XpathError, XpathValue};

const FOOD: &str =
    r#"<food><banana type="fruit" price="1.1"/><apple type="fruit"/><beef type="meat"/></food>"#;

#[test]
fn compiled_expression_runs_on_many_documents() {
    let expr = XPath::compile("count(//*[@type='fruit'])").unwrap();
    assert_eq!(expr.as_str(), "count(//*[@type='fruit'])");
    let xml = Document::parse_xml(FOOD).unwrap();
    let html = Document::parse_html(r#"<ul><li type=fruit>a<li type=fruit>b<li>c</ul>"#).unwrap();
    assert_eq!(expr.eval(&xml).unwrap(), XpathValue::Number(2.0));
    assert_eq!(expr.eval(&html).unwrap(), XpathValue::Number(2.0));
    // Evaluating again gives the same result (name tests are resolved per evaluation).
    assert_eq!(expr.eval(&xml).unwrap(), XpathValue::Number(2.0));
}

#[test]
fn node_sets_expose_their_nodes() {
    let doc = Document::parse_xml(FOOD).unwrap();
    let XpathValue::Nodeset(nodes) = eval(&doc, "//@type").unwrap() else {
        panic!("expected a node-set");
    };
    let values: Vec<String> = nodes.iter().map(|n| doc.string_value(*n)).collect();
    assert_eq!(values, ["fruit", "fruit", "meat"]);
    assert_eq!(doc.node_name(nodes[0]), "type");

    let doc = Document::parse_xml(r#"<a:r xmlns:a="urn:a"><a:x>1</a:x></a:r>"#).unwrap();
    let XpathValue::Nodeset(nodes) = eval(&doc, "//a:x | /a:r/namespace::a").unwrap() else {
        panic!("expected a node-set");
    };
    let names: Vec<String> = nodes.iter().map(|n| doc.node_name(*n)).collect();
    // Document order: the namespace node of the root comes before the root's child.
    assert_eq!(names, ["a", "a:x"]);
    assert_eq!(doc.string_value(nodes[0]), "urn:a");
    assert_eq!(doc.namespace("a"), Some("urn:a"));
    assert_eq!(doc.namespace("_"), None);
}

#[test]
fn values_are_typed_as_hurl_types_them() {
    let doc = Document::parse_xml(FOOD).unwrap();
    let cases = [
        ("//food/*", "nodeset"),
        ("count(//food/*)", "float"),
        ("1 = 1", "boolean"),
        ("string(//@price)", "string"),
    ];
    for (expr, type_name) in cases {
        assert_eq!(eval(&doc, expr).unwrap().type_name(), type_name, "{expr}");
    }
}

#[test]
fn errors_say_what_is_wrong() {
    let doc = Document::parse_xml(FOOD).unwrap();
    let cases: &[(&str, XpathError, &str)] = &[
        (
            "//a[",
            XpathError::InvalidExpression {
                offset: 4,
                reason: "expected a node test (unexpected end of expression)".to_string(),
            },
            "XPath expression is not valid: expected a node test (unexpected end of expression) at offset 4",
        ),
        (
            "^^^",
            XpathError::InvalidExpression {
                offset: 0,
                reason: "unexpected character '^'".to_string(),
            },
            "XPath expression is not valid: unexpected character '^' at offset 0",
        ),
        (
            "'open",
            XpathError::InvalidExpression {
                offset: 0,
                reason: "unterminated string literal".to_string(),
            },
            "XPath expression is not valid: unterminated string literal at offset 0",
        ),
        (
            "strong(//head/title)",
            XpathError::UnknownFunction {
                name: "strong".to_string(),
            },
            "XPath expression is not valid: unknown function strong()",
        ),
        (
            "count()",
            XpathError::WrongArgumentCount {
                name: "count".to_string(),
                expected: "1",
                given: 0,
            },
            "XPath expression is not valid: count() takes 1 argument, 0 given",
        ),
        (
            "concat('a')",
            XpathError::WrongArgumentCount {
                name: "concat".to_string(),
                expected: "at least 2",
                given: 1,
            },
            "XPath expression is not valid: concat() takes at least 2 arguments, 1 given",
        ),
        (
            "$price",
            XpathError::UndefinedVariable {
                name: "price".to_string(),
            },
            "XPath expression is not valid: undefined variable $price",
        ),
        (
            "//nothing/d:x",
            XpathError::UndeclaredPrefix {
                prefix: "d".to_string(),
            },
            "XPath expression is not valid: namespace prefix 'd' is not declared in the document",
        ),
        (
            "count(1)",
            XpathError::NotANodeSet { context: "count()" },
            "XPath expression is not valid: count() needs a node-set",
        ),
        (
            "'a' | 'b'",
            XpathError::NotANodeSet { context: "'|'" },
            "XPath expression is not valid: '|' needs a node-set",
        ),
        (
            "position()",
            XpathError::NoContext {
                function: "position()",
            },
            "XPath expression is not valid: position() is only defined inside a predicate",
        ),
    ];
    for (expr, error, message) in cases {
        let got = eval(&doc, expr).unwrap_err();
        assert_eq!(&got, error, "{expr}");
        assert_eq!(got.to_string(), *message, "{expr}");
        assert!(got.is_expression_error(), "{expr}");
        assert!(
            !got.is_document_error() && !got.is_decoding_error(),
            "{expr}"
        );
    }
    // Pathological nesting is an error, not a stack overflow.
    for expr in [
        "(".repeat(100_000) + "1" + &")".repeat(100_000),
        "-".repeat(100_000) + "1",
    ] {
        let err = XPath::compile(&expr).unwrap_err();
        assert!(err.to_string().contains("nested too deeply"), "{err}");
    }
    let nested_ok = "(".repeat(60) + "1" + &")".repeat(60);
    assert_eq!(eval(&doc, &nested_ok).unwrap(), XpathValue::Number(1.0));
    // A prefix is checked against the document, so the expression itself compiles.
    assert!(XPath::compile("//nothing/d:x").is_ok());
}

#[test]
fn document_errors() {
    let err = Document::parse_xml("??").unwrap_err();
    assert!(err.is_document_error());
    assert_eq!(
        err.to_string(),
        "not a valid document: unknown token at 1:1"
    );
    let err = Document::parse_html(" \n ").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a valid document: the document is empty"
    );

    let latin1 = b"<a>caf\xe9</a>";
    let err = Document::parse(latin1, DocumentKind::Xml, Some("utf-8")).unwrap_err();
    assert!(err.is_decoding_error());
    assert_eq!(
        err.to_string(),
        "could not decode the body with charset 'UTF-8'"
    );
    let err = Document::parse(latin1, DocumentKind::Xml, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "could not decode the body with charset 'UTF-8'"
    );
    let err = Document::parse(latin1, DocumentKind::Xml, Some("klingon")).unwrap_err();
    assert_eq!(err.to_string(), "the charset 'klingon' is not valid");
}

#[test]
fn kind_follows_the_content_type_as_in_hurl() {
    let cases = [
        (Some("text/html"), DocumentKind::Html),
        (Some("TEXT/HTML; charset=utf-8"), DocumentKind::Html),
        (Some(" text/html"), DocumentKind::Html),
        (Some("application/xhtml+xml"), DocumentKind::Xml),
        (Some("application/xml"), DocumentKind::Xml),
        (Some("application/json"), DocumentKind::Xml),
        (None, DocumentKind::Xml),
    ];
    for (content_type, kind) in cases {
        assert_eq!(
            DocumentKind::from_content_type(content_type),
            kind,
            "{content_type:?}"
        );
    }
    assert_eq!(Document::parse_xml(FOOD).unwrap().kind(), DocumentKind::Xml);
    assert_eq!(
        Document::parse_html(FOOD).unwrap().kind(),
        DocumentKind::Html
    );
}

#[test]
fn filter_input_picks_xml_or_html() {
    let cases = [
        // A page is parsed as HTML5, even when it is well-formed XML.
        (
            "<html><body><table><tr><td>1</td></tr></table></body></html>",
            "count(//tbody)",
            1.0,
        ),
        // Well-formed XML that is not a page keeps `<x/>` self-closing.
        ("<r><x/><y/></r>", "count(//x/*)", 0.0),
        ("<r><x/><y/></r>", "count(/html/body/r/*)", 2.0),
        // Malformed XML falls back to HTML5 parsing, where `<x/>` opens an element.
        ("<r><x/><y/>", "count(//x/*)", 1.0),
    ];
    for (text, expr, expected) in cases {
        let doc = Document::parse_filter_input(text).unwrap();
        assert_eq!(
            eval(&doc, expr).unwrap(),
            XpathValue::Number(expected),
            "{text} {expr}"
        );
    }
}

#[test]
fn large_documents_are_queried_in_linear_passes() {
    let mut xml = String::from("<items>");
    for i in 0..20_000 {
        xml.push_str(&format!("<item id=\"{i}\"><name>n{i}</name></item>"));
    }
    xml.push_str("</items>");
    let doc = Document::parse_xml(&xml).unwrap();
    let cases = [
        ("count(//item)", XpathValue::Number(20_000.0)),
        ("count(//item[@id mod 2 = 0])", XpathValue::Number(10_000.0)),
        (
            "string(//item[last()]/name)",
            XpathValue::String("n19999".to_string()),
        ),
        (
            "string(//item[@id = '12345']/name)",
            XpathValue::String("n12345".to_string()),
        ),
        ("count(//item/name[. = 'n7'])", XpathValue::Number(1.0)),
        ("count(//*//*)", XpathValue::Number(40_000.0)),
        ("//item/@id = //name", XpathValue::Bool(false)),
        (
            "count(//item[1]/following::item)",
            XpathValue::Number(19_999.0),
        ),
    ];
    for (expr, expected) in cases {
        assert_eq!(eval(&doc, expr).unwrap(), expected, "{expr}");
    }
}

#[test]
fn documents_and_expressions_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Document>();
    shareable::<XPath>();
    shareable::<XpathValue>();
    let doc = Document::parse_xml(FOOD).unwrap();
    let expr = XPath::compile("string(//banana/@price)").unwrap();
    let results: Vec<XpathValue> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| expr.eval(&doc).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results, vec![XpathValue::String("1.1".to_string()); 2]);
}
