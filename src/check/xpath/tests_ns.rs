//! Namespaces: prefixes declared anywhere in the document, the first default namespace as
//! `_`, scoping, the namespace axis.

use super::tests_util::*;
use super::Document;

pub(super) const BOOKS: &str = r##"<?xml version ="1.0"?>
<a:books xmlns:a="foo:" xmlns:b="bar:">
    <b:book xmlns:c="baz:" b:id="1">
        <b:title>Dune</b:title>
        <c:author>Franck Herbert</c:author>
    </b:book>
    <b:book b:id="2"><b:title>Hyperion</b:title></b:book>
</a:books>
"##;

const SVG: &str = r##"<svg version="1.1" width="300" height="200" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
    <rect width="100%" height="100%" fill="red" />
    <circle cx="150" cy="100" r="80" fill="green" />
    <text x="150" y="125" font-size="60" text-anchor="middle" fill="white">SVG</text>
    <a xlink:href="#x"><text>link</text></a>
</svg>
"##;

const SCOPE: &str = r##"<?xml version="1.0"?>
<!-- initially, the default namespace is "books" -->
<book xmlns='urn:loc.gov:books'
      xmlns:isbn='urn:ISBN:0-395-36341-6'>
    <title>Cheaper by the Dozen</title>
    <isbn:number>1568491379</isbn:number>
    <notes>
      <!-- make HTML the default namespace for some commentary -->
      <p xmlns='http://www.w3.org/1999/xhtml'>
          This is a <i>funny</i> book!
      </p>
    </notes>
    <plain xmlns=''>no namespace</plain>
</book>
"##;

const SOAP: &str = r##"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <soap:Body xmlns:ns1="http://www.opentravel.org/OTA/2003/05">
        <ns1:OTA_AirAvailRS EchoToken="11868765275150-1300257934" Version="2006.01" TransactionIdentifier="TID$1645.demo2144">
        </ns1:OTA_AirAvailRS>
    </soap:Body>
</soap:Envelope>
"##;

#[test]
fn prefixed_namespaces() {
    let doc = Document::parse_xml(BOOKS).unwrap();
    check(
        "books.xml",
        &doc,
        &[
            ("string(//a:books/b:book/b:title)", Str("Dune")),
            ("string(//a:books/b:book/c:author)", Str("Franck Herbert")),
            (
                "string(//*[name()='a:books']/*[name()='b:book']/*[name()='c:author'])",
                Str("Franck Herbert"),
            ),
            (
                "string(//*[local-name()='books']/*[local-name()='book']/*[local-name()='author'])",
                Str("Franck Herbert"),
            ),
            ("//b:book", Nodes(2)),
            ("count(//b:book)", Num(2.0)),
            ("count(//book)", Num(0.0)),
            ("name(/*)", Str("a:books")),
            ("local-name(/*)", Str("books")),
            ("namespace-uri(/*)", Str("foo:")),
            ("namespace-uri(//c:author)", Str("baz:")),
            ("count(//@b:id)", Num(2.0)),
            ("string(//b:book[2]/@b:id)", Str("2")),
            ("//b:book[@b:id='2']/b:title", Nodes(1)),
            ("name(//@b:id)", Str("b:id")),
            ("count(//@id)", Num(0.0)),
            ("count(//d:x)", ExprError),
            ("//x:title", ExprError),
            ("count(//b:*)", Num(4.0)),
            ("count(//a:*)", Num(1.0)),
            ("count(//*[namespace-uri()='bar:'])", Num(4.0)),
            ("count(/*/namespace::*)", Num(3.0)),
            ("count(//c:author/namespace::*)", Num(4.0)),
            ("count(//b:book[2]/namespace::*)", Num(3.0)),
            ("name(//c:author/namespace::c)", Str("c")),
            ("string(//c:author/namespace::c)", Str("baz:")),
            ("count(//c:author/namespace::*[name()=''])", Num(0.0)),
            ("string(//b:book[1]/@b:id)", Str("1")),
            ("count(//_:book)", ExprError),
            ("count(//b:book/@*)", Num(2.0)),
            ("count(//b:book/attribute::b:id)", Num(2.0)),
            ("count(//*[@b:id])", Num(2.0)),
            ("name(//c:author/namespace::*[1])", Str("xml")),
            ("name(//c:author/namespace::*[last()])", Str("c")),
            ("count(//b:book[1]/namespace::*/..)", Num(1.0)),
            ("name(//b:book[1]/namespace::c/..)", Str("b:book")),
            ("namespace-uri(//b:book[1]/namespace::c)", Str("")),
            ("local-name(//b:book[1]/namespace::c)", Str("c")),
            (
                "count(//c:author/namespace::b | //c:author/namespace::b)",
                Num(1.0),
            ),
            (
                "count(//b:book[1]/namespace::b | //b:book[2]/namespace::b)",
                Num(2.0),
            ),
            ("count(//b:title/following::*)", Num(3.0)),
            ("count(//c:author/preceding::*)", Num(1.0)),
            ("count(//namespace::*)", Num(21.0)),
        ],
    );
}

#[test]
fn default_namespace_is_underscore() {
    let doc = Document::parse_xml(SVG).unwrap();
    check(
        "svg.xml",
        &doc,
        &[
            ("string(//_:svg/_:text)", Str("SVG")),
            ("string(//*[name()='svg']/*[name()='text'])", Str("SVG")),
            (
                "string(//*[local-name()='svg']/*[local-name()='text'])",
                Str("SVG"),
            ),
            ("//svg", Nodes(0)),
            ("count(//_:*)", Num(6.0)),
            ("name(/*)", Str("svg")),
            ("namespace-uri(/*)", Str("http://www.w3.org/2000/svg")),
            ("string(//_:a/@xlink:href)", Str("#x")),
            ("name(//_:a/@xlink:href)", Str("xlink:href")),
            ("count(//@xlink:*)", Num(1.0)),
            ("count(//_:text)", Num(2.0)),
            ("string(//_:text[2])", Str("")),
            ("count(//*[@fill])", Num(3.0)),
            ("//_:rect/@width", Nodes(1)),
        ],
    );
}

#[test]
fn only_the_first_default_namespace_is_registered() {
    let doc = Document::parse_xml(SCOPE).unwrap();
    check(
        "scope.xml",
        &doc,
        &[
            ("string(//_:book/_:title)", Str("Cheaper by the Dozen")),
            ("string(//_:book/isbn:number)", Str("1568491379")),
            ("//*[name()='book']/*[name()='notes']", Nodes(1)),
            ("//_:book/_:notes/*[local-name()='p']", Nodes(1)),
            ("//_:p", Nodes(0)),
            ("count(//_:book/_:notes/_:p)", Num(0.0)),
            (
                "normalize-space(//*[local-name()='p'])",
                Str("This is a funny book!"),
            ),
            ("string(//plain)", Str("no namespace")),
            ("count(//_:plain)", Num(0.0)),
            ("name(//*[local-name()='p'])", Str("p")),
            (
                "namespace-uri(//*[local-name()='p'])",
                Str("http://www.w3.org/1999/xhtml"),
            ),
            (
                "namespace-uri(//*[local-name()='i'])",
                Str("http://www.w3.org/1999/xhtml"),
            ),
            ("count(//*[local-name()='p']/namespace::*)", Num(3.0)),
            (
                "count(//*[local-name()='p']/namespace::*[name()=''])",
                Num(1.0),
            ),
            (
                "string(//*[local-name()='p']/namespace::*[name()=''])",
                Str("http://www.w3.org/1999/xhtml"),
            ),
            ("count(//plain/namespace::*)", Num(3.0)),
            ("count(//plain/namespace::*[name()=''])", Num(1.0)),
            ("count(/*/namespace::*)", Num(3.0)),
        ],
    );
}

#[test]
fn soap_envelope() {
    let doc = Document::parse_xml(SOAP).unwrap();
    check(
        "soap",
        &doc,
        &[
            (
                "string(//soap:Envelope/soap:Body/ns1:OTA_AirAvailRS/@TransactionIdentifier)",
                Str("TID$1645.demo2144"),
            ),
            ("count(//ns1:OTA_AirAvailRS/@*)", Num(3.0)),
            ("name(//soap:Body/*)", Str("ns1:OTA_AirAvailRS")),
            ("local-name(//soap:Body/*)", Str("OTA_AirAvailRS")),
            ("count(//xsd:x)", Num(0.0)),
            ("count(//soap:Envelope/namespace::*)", Num(4.0)),
        ],
    );
}
