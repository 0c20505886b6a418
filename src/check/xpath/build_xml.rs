//! XML bodies: parsed by `roxmltree` (XML 1.0 with namespaces and internal DTD entities),
//! or recovered by xml5ever when malformed, then laid out in the arena.

use xml5ever::tendril::TendrilSink;

use super::dom::{Binding, Dom, DomBuilder, Name};
use super::error::XpathError;
use super::sink::{Naming, Sink};

/// Parses an XML document.
///
/// Well-formed XML is read by `roxmltree`. Like Hurl's libxml2 (which parses in recovery
/// mode), malformed XML is not rejected outright: xml5ever's forgiving parser recovers a
/// tree, and only a body with no element at all is an invalid document.
pub(super) fn parse_xml(text: &str) -> Result<Dom, XpathError> {
    let options = roxmltree::ParsingOptions {
        // DTDs are common in SOAP/legacy bodies; roxmltree still guards against entity bombs.
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => Ok(build(&doc, false)),
        Err(e) => {
            let sink =
                xml5ever::driver::parse_document(Sink::default(), Default::default()).one(text);
            if sink.has_root_element() {
                Ok(sink.into_dom(Naming::Xml))
            } else {
                Err(XpathError::InvalidDocument {
                    reason: e.to_string(),
                })
            }
        }
    }
}

/// Parses text as XML and lays it out with HTML naming: lower-case names as written,
/// no namespaces. This is how Hurl's HTML parser (libxml2) reads XML handed to the `xpath`
/// filter, and keeps self-closing tags and case that an HTML5 parser would not.
pub(super) fn parse_xml_as_html(text: &str) -> Option<Dom> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).ok()?;
    Some(build(&doc, true))
}

/// The name as written in the source (`p:local` or `local`) starting at `text[start..]`.
fn written_qname(text: &str, start: usize) -> &str {
    let rest = text.get(start..).unwrap_or_default();
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>' || c == '=')
        .unwrap_or(rest.len());
    &rest[..end]
}

fn prefix_of(qname: &str) -> Option<&str> {
    qname.split_once(':').map(|(p, _)| p)
}

fn element_name(text: &str, node: &roxmltree::Node, html: bool) -> Name {
    let tag = node.tag_name();
    // The range starts at '<'.
    let qname = written_qname(text, node.range().start + 1);
    if html {
        return Name::plain(&tag.name().to_ascii_lowercase());
    }
    Name {
        local: tag.name().into(),
        prefix: prefix_of(qname).map(Into::into),
        uri: tag.namespace().filter(|u| !u.is_empty()).map(Into::into),
    }
}

fn attribute_name(text: &str, attr: &roxmltree::Attribute, html: bool) -> Name {
    if html {
        return Name::plain(&attr.name().to_ascii_lowercase());
    }
    let qname = text.get(attr.range_qname()).unwrap_or_default();
    Name {
        local: attr.name().into(),
        prefix: prefix_of(qname).map(Into::into),
        uri: attr.namespace().filter(|u| !u.is_empty()).map(Into::into),
    }
}

fn binding(ns: &roxmltree::Namespace) -> Binding {
    Binding {
        prefix: ns.name().map(Into::into),
        uri: ns.uri().into(),
    }
}

fn build(doc: &roxmltree::Document, html: bool) -> Dom {
    let text = doc.input_text();
    let mut b = DomBuilder::new(html);
    if html {
        // libxml2's HTML parser puts a non-HTML root inside html/body.
        b.start_element(Name::plain("html"), 0, Vec::new());
        b.start_element(Name::plain("body"), 0, Vec::new());
    }
    let mut open: Vec<roxmltree::NodeId> = Vec::new();
    for node in doc.root().descendants().skip(1) {
        let parent = node.parent().map(|p| p.id());
        while !open.is_empty() && open.last().copied() != parent {
            open.pop();
            b.end_element();
        }
        match node.node_type() {
            roxmltree::NodeType::Element => {
                let scope = if html {
                    0
                } else {
                    element_scope(&mut b, &node)
                };
                let attributes = node
                    .attributes()
                    .map(|a| (attribute_name(text, &a, html), a.value().to_string()))
                    .collect();
                b.start_element(element_name(text, &node, html), scope, attributes);
                open.push(node.id());
            }
            roxmltree::NodeType::Text => b.text(node.text().unwrap_or_default()),
            roxmltree::NodeType::Comment => b.comment(node.text().unwrap_or_default()),
            roxmltree::NodeType::PI => {
                if let Some(pi) = node.pi() {
                    b.pi(pi.target, pi.value.unwrap_or_default());
                }
            }
            roxmltree::NodeType::Root => {}
        }
    }
    b.finish()
}

/// The namespace scope of an element: its parent's bindings (those not redeclared here)
/// then its own declarations, which are also registered for expressions.
fn element_scope(b: &mut DomBuilder, node: &roxmltree::Node) -> u32 {
    let parent_scope = b.current_scope();
    let parent: Vec<Binding> = b.scope_bindings(parent_scope).to_vec();
    let in_scope: Vec<Binding> = node.namespaces().map(binding).collect();
    let own: Vec<Binding> = in_scope
        .iter()
        .filter(|ns| !parent.contains(ns))
        .cloned()
        .collect();
    if own.is_empty() && in_scope.len() == parent.len() {
        return parent_scope;
    }
    for ns in &own {
        b.register_prefix(ns.prefix.as_deref(), &ns.uri);
    }
    let mut scope: Vec<Binding> = parent
        .into_iter()
        .filter(|p| in_scope.contains(p))
        .collect();
    scope.extend(own);
    b.add_scope(scope)
}
