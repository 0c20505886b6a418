//! XPath 1.0 queries on XML and HTML bodies, with results typed as Hurl 8 types them.
//!
//! ```
//! use sortie::check::xpath::{Document, XPath, XpathValue};
//!
//! let doc = Document::parse_xml("<food><apple/><beef/></food>").unwrap();
//! let expr = XPath::compile("count(//food/*)").unwrap();
//! assert_eq!(expr.eval(&doc).unwrap(), XpathValue::Number(2.0));
//! ```
//!
//! Behaviour follows Hurl (libxml2) where Hurl users would notice:
//! - XML documents get every namespace prefix they declare, and their first default
//!   namespace as `_` (`//_:svg`); HTML documents have no namespaces.
//! - A query has no context node: `.` or `a` select nothing, only `/…` paths do.
//! - Numbers are always floats (`count()` gives `3.0`); `string(number)` prints numbers
//!   as libxml2 does (`1e+11`, 15 significant digits).
//!
//! HTML is parsed with the HTML5 algorithm (as browsers do), so `<table><tr>` gets an
//! implied `<tbody>` and an unknown `<x/>` is not self-closing, unlike Hurl's libxml2.


mod ast;
mod build_html;
mod build_xml;
mod decode;
mod dom;
mod error;
mod eval;
mod functions;
mod lexer;
mod number;
mod parser;
mod sink;
mod value;

#[cfg(test)]
mod tests_api;
#[cfg(test)]
mod tests_errors;
#[cfg(test)]
mod tests_html;
#[cfg(test)]
mod tests_ns;
#[cfg(test)]
mod tests_syntax;
#[cfg(test)]
mod tests_util;
#[cfg(test)]
mod tests_xml;

use std::fmt;

pub use dom::Node;
pub use error::XpathError;

use ast::{Expr, NodeTest, Path, PathStart};
use eval::{Ctx, Evaluator};
use value::Value;

/// How a body is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// XML 1.0 with namespaces.
    Xml,
    /// HTML, parsed as HTML5.
    Html,
}

impl DocumentKind {
    /// The kind Hurl picks for a response: HTML for a `text/html` content type, XML for
    /// anything else (or none).
    pub fn from_content_type(content_type: Option<&str>) -> DocumentKind {
        let is_html =
            content_type.is_some_and(|ct| ct.trim().to_ascii_lowercase().starts_with("text/html"));
        if is_html {
            DocumentKind::Html
        } else {
            DocumentKind::Xml
        }
    }
}

/// A parsed XML or HTML document, ready for any number of queries.
#[derive(Debug)]
pub struct Document {
    dom: dom::Dom,
}

impl Document {
    /// Decodes and parses a body.
    ///
    /// `charset` is the `Content-Type` charset, if any; it wins, as in Hurl. Without it, a
    /// byte-order mark, then UTF-8, then the XML declaration's encoding (XML) or a
    /// `<meta charset>` (HTML) are used.
    pub fn parse(
        body: &[u8],
        kind: DocumentKind,
        charset: Option<&str>,
    ) -> Result<Document, XpathError> {
        let text = decode::decode(body, kind, charset)?;
        match kind {
            DocumentKind::Xml => Document::parse_xml(&text),
            DocumentKind::Html => Document::parse_html(&text),
        }
    }

    /// Parses XML text (any encoding declaration in it is ignored: the text is decoded).
    pub fn parse_xml(text: &str) -> Result<Document, XpathError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        build_xml::parse_xml(text).map(|dom| Document { dom })
    }

    /// Parses HTML text with the HTML5 algorithm. A blank text is an invalid document.
    pub fn parse_html(text: &str) -> Result<Document, XpathError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        build_html::parse_html(text).map(|dom| Document { dom })
    }

    /// Parses the input of the `xpath` filter, which Hurl always reads with its HTML
    /// parser: well-formed XML that is not an `<html>` page is read as XML, then given HTML
    /// naming (lower-case names without prefixes, no namespaces, inside `html/body`) as
    /// libxml2 does, so that `<a/>` stays self-closing; anything else is parsed as HTML.
    pub fn parse_filter_input(text: &str) -> Result<Document, XpathError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if !starts_with_html_element(text) {
            if let Some(dom) = build_xml::parse_xml_as_html(text) {
                return Ok(Document { dom });
            }
        }
        Document::parse_html(text)
    }

    /// How this document was parsed.
    pub fn kind(&self) -> DocumentKind {
        if self.dom.html {
            DocumentKind::Html
        } else {
            DocumentKind::Xml
        }
    }

    /// The XPath string-value of a node (what `string()` gives).
    pub fn string_value(&self, node: Node) -> String {
        self.dom.string_value(node)
    }

    /// The XPath name of a node (what `name()` gives).
    pub fn node_name(&self, node: Node) -> String {
        self.dom.qualified_name(node)
    }

    /// The namespace URI that `prefix` stands for in expressions on this document.
    pub fn namespace(&self, prefix: &str) -> Option<&str> {
        self.dom.prefixes.get(prefix).map(String::as_str)
    }
}

/// Whether the first element of `text` is `<html` (a page, even if well-formed XML).
fn starts_with_html_element(text: &str) -> bool {
    let mut rest = text;
    // Skip the prolog: declarations, comments, doctype, blanks.
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(['?', '!']) {
            continue;
        }
        return rest
            .get(..4)
            .is_some_and(|n| n.eq_ignore_ascii_case("html"))
            && !rest[4..].starts_with(|c: char| c.is_alphanumeric() || c == ':' || c == '-');
    }
    false
}

/// The result of an expression, typed as Hurl types XPath results.
#[derive(Clone, Debug, PartialEq)]
pub enum XpathValue {
    /// A node-set, in document order (Hurl's `nodeset`, shown as `Nodeset(size=N)`;
    /// `exists` fails on an empty one, `count` gives its size).
    Nodeset(Vec<Node>),
    /// A boolean.
    Bool(bool),
    /// A number; Hurl types every XPath number as a float, `count()` included.
    Number(f64),
    /// A string.
    String(String),
}

impl XpathValue {
    /// The Hurl type name: `nodeset`, `boolean`, `float` or `string`.
    pub fn type_name(&self) -> &'static str {
        match self {
            XpathValue::Nodeset(_) => "nodeset",
            XpathValue::Bool(_) => "boolean",
            XpathValue::Number(_) => "float",
            XpathValue::String(_) => "string",
        }
    }
}

/// A compiled expression, to evaluate against many documents.
#[derive(Clone, Debug)]
pub struct XPath {
    expr: Expr,
    source: String,
}

impl XPath {
    /// Compiles an XPath 1.0 expression. Grammar errors, unknown functions, wrong argument
    /// counts and variables are reported here; undeclared prefixes at evaluation, since
    /// they depend on the document.
    pub fn compile(source: &str) -> Result<XPath, XpathError> {
        Ok(XPath {
            expr: parser::parse(source)?,
            source: source.to_string(),
        })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Evaluates the expression against a document.
    pub fn eval(&self, doc: &Document) -> Result<XpathValue, XpathError> {
        let mut evaluator = Evaluator::new(&doc.dom);
        check_prefixes(&evaluator, &self.expr)?;
        let ctx = Ctx {
            node: None,
            position: 0,
            size: 0,
        };
        Ok(match evaluator.eval(&self.expr, ctx)? {
            Value::Nodes(nodes) => XpathValue::Nodeset(nodes),
            Value::Bool(b) => XpathValue::Bool(b),
            Value::Num(n) => XpathValue::Number(n),
            Value::Str(s) => XpathValue::String(s),
        })
    }
}

impl fmt::Display for XPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// Compiles and evaluates `expr` against `doc`.
pub fn eval(doc: &Document, expr: &str) -> Result<XpathValue, XpathError> {
    XPath::compile(expr)?.eval(doc)
}

/// Fails on the first prefix the document does not declare, even in a step that is never
/// reached (as Hurl does).
fn check_prefixes(evaluator: &Evaluator, expr: &Expr) -> Result<(), XpathError> {
    let check_path = |path: &Path| -> Result<(), XpathError> {
        if let PathStart::Filter(primary, predicates) = &path.start {
            check_prefixes(evaluator, primary)?;
            for p in predicates {
                check_prefixes(evaluator, p)?;
            }
        }
        for step in &path.steps {
            match &step.test {
                NodeTest::AnyInNamespace(prefix)
                | NodeTest::Name {
                    prefix: Some(prefix),
                    ..
                } if step.axis != ast::Axis::Namespace => {
                    evaluator.resolve_prefix(prefix)?;
                }
                _ => {}
            }
            for p in &step.predicates {
                check_prefixes(evaluator, p)?;
            }
        }
        Ok(())
    };
    match expr {
        Expr::Or(a, b)
        | Expr::And(a, b)
        | Expr::Compare(_, a, b)
        | Expr::Arith(_, a, b)
        | Expr::Union(a, b) => {
            check_prefixes(evaluator, a)?;
            check_prefixes(evaluator, b)
        }
        Expr::Negate(a) => check_prefixes(evaluator, a),
        Expr::Call(_, args) => args.iter().try_for_each(|a| check_prefixes(evaluator, a)),
        Expr::Path(path) => check_path(path),
        Expr::Literal(_) | Expr::Number(_) => Ok(()),
    }
}
