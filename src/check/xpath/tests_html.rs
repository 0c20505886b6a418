//! HTML bodies (HTML5 parsing of a sloppy page) and the `xpath` filter's input.

use super::tests_util::*;
use super::Document;

/// A sloppy page: unclosed p/li/td, upper-case tags, unquoted attributes, entities, a
/// script with `<`, `<div/>`, inline SVG.
const PAGE: &str = include_str!("../../../fixtures/xpath/page.html");

/// httpbin's `/html`.
const HTTPBIN_HTML: &str = include_str!("../../../fixtures/xpath/httpbin.html");

#[test]
fn sloppy_html_page() {
    let doc = Document::parse_html(PAGE).unwrap();
    check(
        "page.html",
        &doc,
        &[
            ("normalize-space(//title)", Str("My Page")),
            ("string(//title)", Str("  My   Page ")),
            ("count(//a)", Num(3.0)),
            ("//a/@href", Nodes(3)),
            ("count(//a/@href)", Num(3.0)),
            ("string(//a[2]/@href)", Str("/two")),
            ("string(//a[3]/@href)", Str("/three")),
            ("string(//a[2])", Str("Two & more")),
            ("string(//a[3])", Str("Three\u{a0}3")),
            ("normalize-space(//a[3])", Str("Three\u{a0}3")),
            ("string-length(//a[3])", Num(7.0)),
            ("string(//a[@class='ext link'])", Str("Two & more")),
            ("count(//A)", Num(0.0)),
            ("count(//DIV)", Num(0.0)),
            ("count(//div)", Num(2.0)),
            ("string(//div/@id)", Str("nav")),
            ("count(//p)", Num(4.0)),
            ("normalize-space(//p[1])", Str("First paragraph")),
            ("string(//p[@class='intro'])", Str("First paragraph\n")),
            ("normalize-space(//p[2])", Str("Second bold both italic")),
            ("count(//p[2]/b)", Num(1.0)),
            ("count(//b)", Num(1.0)),
            // Hurl 8.0.1 gives Num(1.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: the adoption agency algorithm reopens <i> after </b>
            ("count(//i)", Num(2.0)),
            ("count(//b/i)", Num(1.0)),
            // Hurl 8.0.1 gives Str("b"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: the second <i> is a child of p
            ("name(//i/..)", Str("p")),
            ("count(//li)", Num(3.0)),
            ("normalize-space(//li[2])", Str("beta")),
            ("count(//ul/li)", Num(3.0)),
            // Hurl 8.0.1 gives Num(2.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: tr goes in an implied tbody
            ("count(//table/tr)", Num(0.0)),
            // Hurl 8.0.1 gives Num(0.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: tr goes in an implied tbody
            ("count(//table/tbody/tr)", Num(2.0)),
            ("count(//tr)", Num(2.0)),
            ("count(//td)", Num(4.0)),
            // Hurl 8.0.1 gives Num(0.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: tr goes in an implied tbody
            ("count(//tbody)", Num(1.0)),
            ("string(//td[3])", Str("")),
            ("count(//img)", Num(1.0)),
            ("string(//img/@alt)", Str("An image")),
            ("count(//br)", Num(1.0)),
            ("count(//input)", Num(2.0)),
            // Hurl 8.0.1 gives Str("checked"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: a boolean attribute's value is empty (libxml2 repeats its name)
            ("string(//input[1]/@checked)", Str("")),
            ("count(//input[@checked])", Num(1.0)),
            ("string(//input[@name='q']/@value)", Str("search me")),
            ("count(//div)", Num(2.0)),
            // Hurl 8.0.1 gives Str(""): HTML5 parsing (as browsers) differs from libxml2's HTML parser: <div/> is not self-closing in HTML5: the div holds the rest of the body
            (
                "normalize-space(//div[2])",
                Str("after self-closing div in svg café <tag> ☺"),
            ),
            ("count(//svg)", Num(1.0)),
            ("count(//svg/circle)", Num(1.0)),
            ("count(//circle)", Num(1.0)),
            // Hurl 8.0.1 gives Str("foreignobject"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: SVG names keep their case
            ("name(//svg/*[2])", Str("foreignObject")),
            // Hurl 8.0.1 gives Num(0.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: SVG names keep their case
            ("count(//foreignObject)", Num(1.0)),
            // Hurl 8.0.1 gives Num(1.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: SVG names keep their case
            ("count(//foreignobject)", Num(0.0)),
            ("count(//*[local-name()='svg'])", Num(1.0)),
            ("namespace-uri(//svg)", Str("")),
            ("namespace-uri(/*)", Str("")),
            ("name(/*)", Str("html")),
            ("count(/html/head)", Num(1.0)),
            ("count(/html/body)", Num(1.0)),
            ("string(/html/@lang)", Str("en")),
            ("string(//body/@class)", Str("main")),
            ("count(//script)", Num(1.0)),
            (
                "string(//script)",
                Str("if (a < b && c > d) { document.write(\"<p>not a p</p>\"); }"),
            ),
            ("count(//comment())", Num(1.0)),
            ("string(//comment())", Str(" nav ")),
            // Hurl 8.0.1 gives Str("in svg"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: <div/> holds the rest of the body, so body's last p is the second one
            (
                "normalize-space(//p[last()])",
                Str("Second bold both italic"),
            ),
            // Hurl 8.0.1 gives Num(6.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: same
            ("string-length(//p[last()])", Num(24.0)),
            ("count(/node())", Num(1.0)),
            ("name(/node()[1])", Str("html")),
            ("count(//meta)", Num(1.0)),
            ("normalize-space(//form)", Str("")),
            ("count(//html:p)", ExprError),
            ("count(//_:p)", ExprError),
            ("count(//p[contains(., 'svg')])", Num(1.0)),
            // Hurl 8.0.1 gives Num(12.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: <div/> holds the rest of the body
            ("count(//body/*)", Num(9.0)),
            // Hurl 8.0.1 gives Str("p"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: <div/> holds the rest of the body
            ("name(//body/*[last()])", Str("div")),
            ("//text()[contains(., 'self-closing')]/../@id", Nodes(0)),
            // Hurl 8.0.1 gives Str("body"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: <div/> holds the rest of the body
            ("name(//text()[contains(., 'self-closing')]/..)", Str("div")),
            ("count(//head/*)", Num(4.0)),
            ("name(//head/*[last()])", Str("style")),
            // Hurl 8.0.1 gives Num(83.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: trees differ (tbody, reopened i, whitespace placement)
            ("count(/descendant::node())", Num(84.0)),
            ("id('nav')", Nodes(1)),
            ("count(id('nav t'))", Num(2.0)),
            ("count(/html/namespace::*)", Num(1.0)),
            ("lang('en')", Bool(false)),
            ("count(//*[lang('en')])", Num(0.0)),
            ("name(//svg/@*[1])", Str("width")),
            ("count(//@*[name()='href'])", Num(3.0)),
            ("string(//a[2]/@href)", Str("/two")),
            ("count(//svg/@width)", Num(1.0)),
            ("string(//td[1])", Str("1")),
            ("count(//table//td)", Num(4.0)),
            // Hurl 8.0.1 gives Str("tr"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: tr goes in an implied tbody
            ("name(//table/*[1])", Str("tbody")),
            ("count(//template)", Num(0.0)),
        ],
    );
}

#[test]
fn blank_and_fragment_pages() {
    check_parsed(
        "empty page",
        Document::parse_html(""),
        &[
            ("count(//*)", DocError),
            ("name(/*)", DocError),
            ("string(/)", DocError),
        ],
    );
    check_parsed(
        "text only",
        Document::parse_html("hello world"),
        &[
            ("count(//*)", Num(3.0)),
            ("name(/*)", Str("html")),
            ("string(/)", Str("hello world")),
            // Hurl 8.0.1 gives Str("body"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: head is always created
            ("name(/*/*)", Str("head")),
            // Hurl 8.0.1 gives Str("p"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: text goes in body, not in a p
            ("name(//body/*)", Str("")),
            // Hurl 8.0.1 gives Num(0.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: head is always created
            ("count(//head)", Num(1.0)),
        ],
    );
    check_parsed(
        "fragment",
        Document::parse_html("<p>one<p>two"),
        &[
            // Hurl 8.0.1 gives Num(4.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: head is always created
            ("count(//*)", Num(5.0)),
            ("name(/*)", Str("html")),
            ("count(//p)", Num(2.0)),
            // Hurl 8.0.1 gives Str("body"): HTML5 parsing (as browsers) differs from libxml2's HTML parser: head is always created
            ("name(/*/*)", Str("head")),
            // Hurl 8.0.1 gives Num(0.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: head is always created
            ("count(//head)", Num(1.0)),
            ("count(//body)", Num(1.0)),
        ],
    );
}

/// Hurl's `xpath` filter parses its input string with the HTML parser, XML included.
#[test]
fn filter_input_xml_read_with_html_naming() {
    let xml = r#"<?xml version="1.0"?><food><banana type="fruit"/><apple type="fruit"/><beef type="meat"/></food>"#;
    check_parsed(
        "xml string",
        Document::parse_filter_input(xml),
        &[
            ("count(//food/*)", Num(3.0)),
            ("count(//banana/*)", Num(0.0)),
            ("name(/*)", Str("html")),
            ("count(//*)", Num(6.0)),
            ("string(//beef/@type)", Str("meat")),
            ("count(//body)", Num(1.0)),
        ],
    );
    check_parsed(
        "namespaced xml string",
        Document::parse_filter_input(r#"<a:books xmlns:a="foo:"><a:book>Dune</a:book></a:books>"#),
        &[
            ("count(//*)", Num(4.0)),
            ("count(//a:book)", ExprError),
            ("string(//*[name()='a:book'])", Str("")),
            ("string(//*[local-name()='book'])", Str("Dune")),
            ("name(/*)", Str("html")),
            ("name(//body/*)", Str("books")),
            ("namespace-uri(//body/*)", Str("")),
        ],
    );
    check_parsed(
        "food.xml as filter input",
        Document::parse_filter_input(super::tests_xml::FOOD),
        &[
            ("count(//food/*)", Num(3.0)),
            ("string(//banana/@price)", Str("1.1")),
            ("name(/*)", Str("html")),
            ("count(//body)", Num(1.0)),
        ],
    );
    check_parsed(
        "books.xml as filter input",
        Document::parse_filter_input(super::tests_ns::BOOKS),
        &[
            ("count(//b:book)", ExprError),
            ("count(//*[local-name()='book'])", Num(2.0)),
        ],
    );
    check_parsed(
        "mixed-case xml as filter input",
        Document::parse_filter_input(r#"<Root><Item Name="x">v</Item></Root>"#),
        &[
            ("count(//Item)", Num(0.0)),
            ("count(//item)", Num(1.0)),
            ("string(//item/@name)", Str("x")),
            ("string(//item/@Name)", Str("")),
        ],
    );
    check_parsed(
        "page as filter input",
        Document::parse_filter_input(PAGE),
        &[
            ("count(//a)", Num(3.0)),
            // Hurl 8.0.1 gives Num(2.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: tr goes in an implied tbody
            ("count(//table/tr)", Num(0.0)),
        ],
    );
}

#[test]
fn httpbin_html() {
    let doc = Document::parse_html(HTTPBIN_HTML).unwrap();
    check(
        "httpbin /html",
        &doc,
        &[
            ("string(//h1)", Str("Herman Melville - Moby-Dick")),
            ("count(//p)", Num(1.0)),
            ("contains(//p, 'Perth')", Bool(true)),
            ("count(//div/p)", Num(1.0)),
            ("count(//h1)", Num(1.0)),
            ("normalize-space(//h1)", Str("Herman Melville - Moby-Dick")),
            ("string-length(normalize-space(//p))", Num(3566.0)),
            ("starts-with(normalize-space(//p), 'Availing')", Bool(true)),
            ("name(//body/*[2])", Str("div")),
            ("count(//body/*)", Num(2.0)),
            ("count(//head/*)", Num(0.0)),
            ("substring-before(//h1, ' -')", Str("Herman Melville")),
            (
                "translate(//h1, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')",
                Str("HERMAN MELVILLE - MOBY-DICK"),
            ),
            // Hurl 8.0.1 gives Num(11.0): HTML5 parsing (as browsers) differs from libxml2's HTML parser: whitespace between <html> and <head> is dropped
            ("count(//text())", Num(9.0)),
        ],
    );
}

#[test]
fn template_and_noscript_content_is_queryable() {
    let doc = Document::parse_html(
        "<!DOCTYPE html><html><body><template id=t><p>in template</p></template><p>out</p><noscript><p>ns</p></noscript></body></html>",
    )
    .unwrap();
    check(
        "template/noscript",
        &doc,
        &[
            ("count(//template/p)", Num(1.0)),
            ("count(//p)", Num(3.0)),
            ("string(//template)", Str("in template")),
            ("count(//noscript/p)", Num(1.0)),
            ("string(//noscript)", Str("ns")),
            ("string(id('t'))", Str("in template")),
        ],
    );
}
