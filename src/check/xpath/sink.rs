//! A tree sink for the html5ever (HTML5) and xml5ever (forgiving XML) tree builders: it
//! collects the tree they build, then lays it out in the arena.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, Namespace, QualName};

use super::dom::{Binding, Dom, DomBuilder, Name};

/// How names are laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// Names as the HTML parser gives them, no namespaces.
    Html,
    /// XML names with their namespaces; only the first top-level element is kept, as
    /// libxml2's recovery does.
    Xml,
}

/// A node while the tree builder works; handles are indexes into [`Sink::nodes`].
struct SinkNode {
    /// The element name (a blank name for other nodes).
    name: QualName,
    data: SinkData,
    parent: Option<usize>,
    children: Vec<usize>,
}

enum SinkData {
    Document,
    /// A `<template>`'s contents.
    Fragment,
    Element {
        attrs: Vec<Attribute>,
        template: Option<usize>,
        mathml_integration_point: bool,
    },
    Text(StrTendril),
    Comment(StrTendril),
    Pi(StrTendril, StrTendril),
}

/// The tree sink: the tree builder calls it through `&self`, hence the `RefCell`.
pub(super) struct Sink {
    nodes: RefCell<Vec<SinkNode>>,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink {
            nodes: RefCell::new(vec![SinkNode::new(SinkData::Document)]),
        }
    }
}

impl SinkNode {
    fn new(data: SinkData) -> SinkNode {
        SinkNode {
            name: QualName::new(None, Namespace::from(""), LocalName::from("")),
            data,
            parent: None,
            children: Vec::new(),
        }
    }
}

impl Sink {
    fn add(&self, node: SinkNode) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(node);
        nodes.len() - 1
    }

    fn detach(nodes: &mut [SinkNode], child: usize) {
        if let Some(parent) = nodes.get(child).and_then(|n| n.parent) {
            if let Some(p) = nodes.get_mut(parent) {
                p.children.retain(|c| *c != child);
            }
        }
        if let Some(n) = nodes.get_mut(child) {
            n.parent = None;
        }
    }

    /// Inserts `child` under `parent` at `index` (or last), merging text with a text
    /// sibling just before it, as the tree builder expects.
    fn insert(&self, parent: usize, index: Option<usize>, child: NodeOrText<usize>) {
        let mut nodes = self.nodes.borrow_mut();
        let Some(len) = nodes.get(parent).map(|p| p.children.len()) else {
            return;
        };
        let index = index.unwrap_or(len).min(len);
        let child = match child {
            NodeOrText::AppendText(text) => {
                let prev = index.checked_sub(1).map(|i| nodes[parent].children[i]);
                if let Some(SinkData::Text(t)) =
                    prev.and_then(|p| nodes.get_mut(p)).map(|n| &mut n.data)
                {
                    t.push_tendril(&text);
                    return;
                }
                nodes.push(SinkNode::new(SinkData::Text(text)));
                nodes.len() - 1
            }
            NodeOrText::AppendNode(node) => {
                Self::detach(&mut nodes, node);
                node
            }
        };
        // Detaching may have shifted the siblings.
        let len = nodes[parent].children.len();
        nodes[parent].children.insert(index.min(len), child);
        if let Some(n) = nodes.get_mut(child) {
            n.parent = Some(parent);
        }
    }

    /// Whether the document has an element at top level.
    pub fn has_root_element(&self) -> bool {
        let nodes = self.nodes.borrow();
        nodes[0]
            .children
            .iter()
            .any(|c| matches!(nodes[*c].data, SinkData::Element { .. }))
    }

    /// Lays the finished tree out in the arena, in document order.
    pub fn into_dom(self, naming: Naming) -> Dom {
        let nodes = self.nodes.into_inner();
        let mut b = DomBuilder::new(naming == Naming::Html);
        let mut root_seen = false;
        // (node, index of the next child to visit)
        let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
        while let Some((id, next)) = stack.pop() {
            let children = children_of(&nodes, id);
            let Some(&child) = children.get(next) else {
                if id != 0 {
                    b.end_element();
                }
                continue;
            };
            stack.push((id, next + 1));
            let node = &nodes[child];
            let top_level = id == 0 && naming == Naming::Xml;
            match &node.data {
                SinkData::Element { attrs, .. } => {
                    if top_level && root_seen {
                        continue;
                    }
                    root_seen |= top_level;
                    let (name, scope, attributes) = match naming {
                        Naming::Html => (
                            html_name(&node.name),
                            0,
                            attrs
                                .iter()
                                .map(|a| (html_name(&a.name), a.value.to_string()))
                                .collect(),
                        ),
                        Naming::Xml => (
                            xml_name(&node.name),
                            xml_scope(&mut b, &node.name, attrs),
                            attrs
                                .iter()
                                .map(|a| (xml_name(&a.name), a.value.to_string()))
                                .collect(),
                        ),
                    };
                    b.start_element(name, scope, attributes);
                    stack.push((child, 0));
                }
                // The root of an XML document holds no text.
                SinkData::Text(_) if top_level => {}
                SinkData::Text(t) => b.text(t),
                SinkData::Comment(t) => b.comment(t),
                // The XML declaration is not a processing instruction.
                SinkData::Pi(target, _) if top_level && target.eq_ignore_ascii_case("xml") => {}
                SinkData::Pi(target, data) => b.pi(target, data),
                SinkData::Document | SinkData::Fragment => {}
            }
        }
        b.finish()
    }
}

/// Children of a node; a `<template>`'s contents count as its children, as in libxml2.
fn children_of(nodes: &[SinkNode], id: usize) -> Cow<'_, [usize]> {
    let Some(node) = nodes.get(id) else {
        return Cow::Borrowed(&[]);
    };
    match &node.data {
        SinkData::Element {
            template: Some(contents),
            ..
        } => {
            let mut all = nodes
                .get(*contents)
                .map(|c| c.children.clone())
                .unwrap_or_default();
            all.extend(&node.children);
            Cow::Owned(all)
        }
        _ => Cow::Borrowed(&node.children),
    }
}

/// HTML naming: `prefix:local` as written (e.g. `xlink:href`), no namespace.
fn html_name(name: &QualName) -> Name {
    match &name.prefix {
        Some(p) => Name::plain(&format!("{}:{}", &**p, &*name.local)),
        None => Name::plain(&name.local),
    }
}

/// XML naming: local name, prefix as written, namespace URI.
fn xml_name(name: &QualName) -> Name {
    Name {
        local: (&*name.local).into(),
        prefix: name.prefix.as_ref().map(|p| (&**p).into()),
        uri: (!name.ns.is_empty()).then(|| (&*name.ns).into()),
    }
}

/// The namespace scope of a recovered XML element. xml5ever resolves prefixes but drops
/// the `xmlns` attributes, so the bindings are those the element's names use (an
/// attribute without prefix has no namespace), added to its parent's.
fn xml_scope(b: &mut DomBuilder, name: &QualName, attrs: &[Attribute]) -> u32 {
    let parent_scope = b.current_scope();
    let mut scope: Vec<Binding> = b.scope_bindings(parent_scope).to_vec();
    let mut changed = false;
    let prefixed_attrs = attrs.iter().map(|a| &a.name).filter(|n| n.prefix.is_some());
    for n in std::iter::once(name).chain(prefixed_attrs) {
        if n.ns.is_empty() || n.prefix.as_deref() == Some("xml") {
            continue;
        }
        let binding = Binding {
            prefix: n.prefix.as_ref().map(|p| (&**p).into()),
            uri: (&*n.ns).into(),
        };
        if scope.contains(&binding) {
            continue;
        }
        b.register_prefix(binding.prefix.as_deref(), &binding.uri);
        scope.retain(|s| s.prefix != binding.prefix);
        scope.push(binding);
        changed = true;
    }
    if changed {
        b.add_scope(scope)
    } else {
        parent_scope
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Sink;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Sink {
        self
    }

    // Parse errors are how HTML5 describes recovery; the recovered tree is what we want.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| match nodes.get(*target) {
            Some(n) => &n.name,
            None => &nodes[0].name,
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> usize {
        let template = flags
            .template
            .then(|| self.add(SinkNode::new(SinkData::Fragment)));
        let mut node = SinkNode::new(SinkData::Element {
            attrs,
            template,
            mathml_integration_point: flags.mathml_annotation_xml_integration_point,
        });
        node.name = name;
        self.add(node)
    }

    fn create_comment(&self, text: StrTendril) -> usize {
        self.add(SinkNode::new(SinkData::Comment(text)))
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> usize {
        self.add(SinkNode::new(SinkData::Pi(target, data)))
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.insert(*parent, None, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        let has_parent = self
            .nodes
            .borrow()
            .get(*element)
            .is_some_and(|n| n.parent.is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    // The doctype is not part of the XPath data model.
    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &usize) -> usize {
        match self.nodes.borrow().get(*target).map(|n| &n.data) {
            Some(SinkData::Element {
                template: Some(contents),
                ..
            }) => *contents,
            _ => *target,
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let position = {
            let nodes = self.nodes.borrow();
            nodes
                .get(*sibling)
                .and_then(|s| s.parent)
                .and_then(|parent| {
                    let index = nodes[parent].children.iter().position(|c| c == sibling)?;
                    Some((parent, index))
                })
        };
        if let Some((parent, index)) = position {
            // If the new node sits before the sibling in the same parent, detaching it
            // shifts the sibling one place left.
            let index = match &new_node {
                NodeOrText::AppendNode(n) => {
                    let nodes = self.nodes.borrow();
                    let before = nodes[parent].children[..index].contains(n);
                    if before {
                        index - 1
                    } else {
                        index
                    }
                }
                NodeOrText::AppendText(_) => index,
            };
            self.insert(parent, Some(index), new_node);
        }
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(SinkData::Element {
            attrs: existing, ..
        }) = nodes.get_mut(*target).map(|n| &mut n.data)
        {
            for attr in attrs {
                if !existing.iter().any(|a| a.name == attr.name) {
                    existing.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut nodes = self.nodes.borrow_mut();
        let Some(children) = nodes
            .get_mut(*node)
            .map(|n| std::mem::take(&mut n.children))
        else {
            return;
        };
        for c in &children {
            if let Some(n) = nodes.get_mut(*c) {
                n.parent = Some(*new_parent);
            }
        }
        if let Some(p) = nodes.get_mut(*new_parent) {
            p.children.extend(children);
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &usize) -> bool {
        matches!(
            self.nodes.borrow().get(*handle).map(|n| &n.data),
            Some(SinkData::Element {
                mathml_integration_point: true,
                ..
            })
        )
    }
}
