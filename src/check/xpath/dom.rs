//! The tree XPath runs on: one arena of nodes laid out in document order, so that comparing
//! two node ids compares their document order and a subtree is a contiguous id range.

use std::collections::HashMap;

/// "No node" in the arena links.
pub(super) const NONE: u32 = u32::MAX;

/// The namespace bound to the `xml` prefix in every document.
pub(super) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A node of a parsed [`Document`](super::Document), as found in a node-set.
///
/// Node values order as their nodes do in the document. A namespace node (XPath's
/// `namespace::` axis) is addressed by its element and a rank, so it needs no arena slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    /// Arena index of the tree node (for a namespace node, of its element).
    pub(super) id: u32,
    /// 0 for a tree node; k > 0 for the k-th namespace node of element `id`.
    pub(super) ns: u32,
}

impl Node {
    pub(super) fn tree(id: u32) -> Node {
        Node { id, ns: 0 }
    }
}

/// Index of an interned [`Name`].
pub(super) type NameId = u32;

/// An element or attribute name: local part, prefix as written, namespace URI.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Name {
    pub local: Box<str>,
    pub prefix: Option<Box<str>>,
    pub uri: Option<Box<str>>,
}

impl Name {
    /// A name in no namespace, without prefix (all HTML names).
    pub fn plain(local: &str) -> Name {
        Name {
            local: local.into(),
            prefix: None,
            uri: None,
        }
    }

    /// The name as written: `prefix:local` or `local`.
    pub fn qualified(&self) -> String {
        match &self.prefix {
            Some(p) => format!("{p}:{}", self.local),
            None => self.local.to_string(),
        }
    }
}

/// What a tree node is.
#[derive(Debug)]
pub(super) enum Kind {
    Root,
    Element {
        name: NameId,
        /// Attributes are the nodes `id + 1 .. attrs_end`.
        attrs_end: u32,
        /// Index into [`Dom::scopes`]: the namespaces in scope here.
        scope: u32,
    },
    Attribute {
        name: NameId,
        value: Box<str>,
    },
    Text(Box<str>),
    Comment(Box<str>),
    Pi {
        target: Box<str>,
        data: Box<str>,
    },
}

/// One arena slot.
#[derive(Debug)]
pub(super) struct NodeData {
    pub kind: Kind,
    pub parent: u32,
    pub first_child: u32,
    pub next: u32,
    pub prev: u32,
    /// One past the last id of this node's subtree (attributes included).
    pub end: u32,
}

/// A namespace binding in scope on an element (`None` prefix: the default namespace).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Binding {
    pub prefix: Option<Box<str>>,
    pub uri: Box<str>,
}

/// The parsed document.
#[derive(Debug)]
pub(super) struct Dom {
    pub nodes: Vec<NodeData>,
    pub names: Vec<Name>,
    /// Namespace scopes shared by elements; scope 0 is empty. The `xml` binding is implicit.
    pub scopes: Vec<Vec<Binding>>,
    /// Prefixes usable in expressions, as Hurl registers them: every prefix declared in the
    /// document (a later declaration wins) and the first default namespace as `_`.
    pub prefixes: HashMap<String, String>,
    /// HTML documents have no namespaces: names match as written.
    pub html: bool,
}

impl Dom {
    pub fn data(&self, id: u32) -> &NodeData {
        // Ids come from this arena; an out-of-range id is a bug, answered by the root.
        self.nodes.get(id as usize).unwrap_or(&self.nodes[0])
    }

    pub fn kind(&self, id: u32) -> &Kind {
        &self.data(id).kind
    }

    pub fn name(&self, id: NameId) -> &Name {
        &self.names[id as usize]
    }

    pub fn is_attribute(&self, id: u32) -> bool {
        matches!(self.kind(id), Kind::Attribute { .. })
    }

    /// The namespace bindings in scope on element `id`, `xml` not included.
    pub fn scope(&self, id: u32) -> &[Binding] {
        match self.kind(id) {
            Kind::Element { scope, .. } => self.scopes.get(*scope as usize).map_or(&[], |s| s),
            _ => &[],
        }
    }

    /// Number of namespace nodes of element `id` (the implicit `xml` one first).
    pub fn namespace_count(&self, id: u32) -> u32 {
        match self.kind(id) {
            Kind::Element { .. } => 1 + self.scope(id).len() as u32,
            _ => 0,
        }
    }

    /// Prefix (empty for the default namespace) and URI of a namespace node.
    pub fn namespace_binding(&self, node: Node) -> (&str, &str) {
        if node.ns <= 1 {
            return ("xml", XML_NS);
        }
        match self.scope(node.id).get(node.ns as usize - 2) {
            Some(b) => (b.prefix.as_deref().unwrap_or(""), &b.uri),
            None => ("", ""),
        }
    }

    /// The parent of a node (for attributes and namespace nodes, their element).
    pub fn parent(&self, node: Node) -> Option<Node> {
        if node.ns > 0 {
            return Some(Node::tree(node.id));
        }
        let p = self.data(node.id).parent;
        (p != NONE).then(|| Node::tree(p))
    }

    /// XPath string-value of a node.
    pub fn string_value(&self, node: Node) -> String {
        if node.ns > 0 {
            return self.namespace_binding(node).1.to_string();
        }
        match self.kind(node.id) {
            Kind::Root | Kind::Element { .. } => {
                let mut s = String::new();
                for id in node.id + 1..self.data(node.id).end {
                    if let Kind::Text(t) = self.kind(id) {
                        s.push_str(t);
                    }
                }
                s
            }
            Kind::Attribute { value, .. } => value.to_string(),
            Kind::Text(t) | Kind::Comment(t) => t.to_string(),
            Kind::Pi { data, .. } => data.to_string(),
        }
    }

    /// XPath `name()`: the qualified name of an element or attribute, a PI's target, a
    /// namespace node's prefix, empty otherwise.
    pub fn qualified_name(&self, node: Node) -> String {
        if node.ns > 0 {
            return self.namespace_binding(node).0.to_string();
        }
        match self.kind(node.id) {
            Kind::Element { name, .. } | Kind::Attribute { name, .. } => {
                self.name(*name).qualified()
            }
            Kind::Pi { target, .. } => target.to_string(),
            _ => String::new(),
        }
    }

    /// XPath `local-name()`.
    pub fn local_name(&self, node: Node) -> String {
        if node.ns > 0 {
            return self.namespace_binding(node).0.to_string();
        }
        match self.kind(node.id) {
            Kind::Element { name, .. } | Kind::Attribute { name, .. } => {
                self.name(*name).local.to_string()
            }
            Kind::Pi { target, .. } => target.to_string(),
            _ => String::new(),
        }
    }

    /// XPath `namespace-uri()`.
    pub fn namespace_uri(&self, node: Node) -> String {
        if node.ns > 0 {
            return String::new();
        }
        match self.kind(node.id) {
            Kind::Element { name, .. } | Kind::Attribute { name, .. } => self
                .name(*name)
                .uri
                .as_deref()
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        }
    }

    /// The names (interned ids) equal to `uri` + `local`; `local` None matches any local part.
    pub fn names_matching(&self, uri: Option<&str>, local: Option<&str>) -> Vec<NameId> {
        let mut ids = Vec::new();
        for (i, n) in self.names.iter().enumerate() {
            if n.uri.as_deref() == uri && local.is_none_or(|l| *n.local == *l) {
                ids.push(i as NameId);
            }
        }
        ids
    }
}

/// Builds a [`Dom`] from a parser's events, in document order.
pub(super) struct DomBuilder {
    dom: Dom,
    name_ids: HashMap<Name, NameId>,
    /// Open elements (the root first).
    open: Vec<u32>,
    /// Last child of each open element.
    last_child: Vec<u32>,
    default_registered: bool,
}

impl DomBuilder {
    pub fn new(html: bool) -> DomBuilder {
        let root = NodeData {
            kind: Kind::Root,
            parent: NONE,
            first_child: NONE,
            next: NONE,
            prev: NONE,
            end: 1,
        };
        DomBuilder {
            dom: Dom {
                nodes: vec![root],
                names: Vec::new(),
                scopes: vec![Vec::new()],
                prefixes: HashMap::new(),
                html,
            },
            name_ids: HashMap::new(),
            open: vec![0],
            last_child: vec![NONE],
            default_registered: false,
        }
    }

    fn intern(&mut self, name: Name) -> NameId {
        if let Some(id) = self.name_ids.get(&name) {
            return *id;
        }
        let id = self.dom.names.len() as NameId;
        self.dom.names.push(name.clone());
        self.name_ids.insert(name, id);
        id
    }

    /// Adds a new namespace scope and returns its index.
    pub fn add_scope(&mut self, bindings: Vec<Binding>) -> u32 {
        self.dom.scopes.push(bindings);
        (self.dom.scopes.len() - 1) as u32
    }

    /// The scope of the innermost open element (0 at top level).
    pub fn current_scope(&self) -> u32 {
        let id = self.open.last().copied().unwrap_or(0);
        match self.dom.kind(id) {
            Kind::Element { scope, .. } => *scope,
            _ => 0,
        }
    }

    pub fn scope_bindings(&self, scope: u32) -> &[Binding] {
        self.dom.scopes.get(scope as usize).map_or(&[], |s| s)
    }

    /// Registers a namespace declared in the document for use in expressions, as Hurl does.
    pub fn register_prefix(&mut self, prefix: Option<&str>, uri: &str) {
        match prefix {
            Some(p) => {
                self.dom.prefixes.insert(p.to_string(), uri.to_string());
            }
            None if !self.default_registered => {
                self.default_registered = true;
                self.dom.prefixes.insert("_".to_string(), uri.to_string());
            }
            None => {}
        }
    }

    fn push(&mut self, kind: Kind) -> u32 {
        let id = self.dom.nodes.len() as u32;
        let parent = self.open.last().copied().unwrap_or(0);
        let prev = self.last_child.last().copied().unwrap_or(NONE);
        self.dom.nodes.push(NodeData {
            kind,
            parent,
            first_child: NONE,
            next: NONE,
            prev,
            end: id + 1,
        });
        if prev == NONE {
            self.dom.nodes[parent as usize].first_child = id;
        } else {
            self.dom.nodes[prev as usize].next = id;
        }
        if let Some(last) = self.last_child.last_mut() {
            *last = id;
        }
        id
    }

    /// Opens an element with its attributes; following nodes are its children until
    /// [`DomBuilder::end_element`].
    pub fn start_element(&mut self, name: Name, scope: u32, attributes: Vec<(Name, String)>) {
        let name = self.intern(name);
        let id = self.push(Kind::Element {
            name,
            attrs_end: 0,
            scope,
        });
        for (attr_name, value) in attributes {
            let name = self.intern(attr_name);
            let attr = self.dom.nodes.len() as u32;
            self.dom.nodes.push(NodeData {
                kind: Kind::Attribute {
                    name,
                    value: value.into(),
                },
                parent: id,
                first_child: NONE,
                next: NONE,
                prev: NONE,
                end: attr + 1,
            });
        }
        let attrs_end = self.dom.nodes.len() as u32;
        if let Kind::Element { attrs_end: end, .. } = &mut self.dom.nodes[id as usize].kind {
            *end = attrs_end;
        }
        self.open.push(id);
        self.last_child.push(NONE);
    }

    pub fn end_element(&mut self) {
        if self.open.len() > 1 {
            if let Some(id) = self.open.pop() {
                self.last_child.pop();
                self.dom.nodes[id as usize].end = self.dom.nodes.len() as u32;
            }
        }
    }

    /// Appends text, merged with a text node just before it (XPath has no adjacent texts).
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let last = self.last_child.last().copied().unwrap_or(NONE);
        if last != NONE {
            if let Kind::Text(t) = &mut self.dom.nodes[last as usize].kind {
                let mut merged = String::with_capacity(t.len() + text.len());
                merged.push_str(t);
                merged.push_str(text);
                *t = merged.into();
                return;
            }
        }
        self.push(Kind::Text(text.into()));
    }

    pub fn comment(&mut self, text: &str) {
        self.push(Kind::Comment(text.into()));
    }

    pub fn pi(&mut self, target: &str, data: &str) {
        self.push(Kind::Pi {
            target: target.into(),
            data: data.into(),
        });
    }

    pub fn finish(mut self) -> Dom {
        while self.open.len() > 1 {
            self.end_element();
        }
        self.dom.nodes[0].end = self.dom.nodes.len() as u32;
        self.dom
    }
}
