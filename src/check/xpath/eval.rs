//! Evaluation of a compiled expression against a document: paths, axes, predicates,
//! operators. Functions are in `functions.rs`.

use std::collections::HashMap;
use std::rc::Rc;

use super::ast::{ArithOp, Axis, Expr, NodeTest, Path, PathStart, Step};
use super::dom::{Dom, Kind, NameId, Node, NONE, XML_NS};
use super::error::XpathError;
use super::value::{compare, Value};

/// The evaluation context: node, proximity position and size (spec 1).
#[derive(Clone, Copy, Debug)]
pub(super) struct Ctx {
    /// None at top level: Hurl (libxml2) evaluates queries with no context node, so a
    /// relative path like `a` or `.` selects nothing there; only `/…` paths do.
    pub node: Option<Node>,
    pub position: usize,
    pub size: usize,
}

/// Which names a name test accepts.
enum NameMatch {
    /// Any name of the axis' principal node type.
    Any,
    /// These interned names.
    Ids(Vec<NameId>),
}

pub(super) struct Evaluator<'d> {
    pub dom: &'d Dom,
    /// Name tests resolved against the document, keyed by the test's address in the tree.
    names: HashMap<usize, Rc<NameMatch>>,
}

impl<'d> Evaluator<'d> {
    pub fn new(dom: &'d Dom) -> Evaluator<'d> {
        Evaluator {
            dom,
            names: HashMap::new(),
        }
    }

    /// The URI of a prefix, as declared in the document (`xml` is always bound).
    pub fn resolve_prefix(&self, prefix: &str) -> Result<&'d str, XpathError> {
        if prefix == "xml" {
            return Ok(XML_NS);
        }
        self.dom
            .prefixes
            .get(prefix)
            .map(String::as_str)
            .ok_or_else(|| XpathError::UndeclaredPrefix {
                prefix: prefix.to_string(),
            })
    }

    pub fn eval(&mut self, expr: &Expr, ctx: Ctx) -> Result<Value, XpathError> {
        Ok(match expr {
            Expr::Or(a, b) => {
                Value::Bool(self.eval(a, ctx)?.to_bool() || self.eval(b, ctx)?.to_bool())
            }
            Expr::And(a, b) => {
                Value::Bool(self.eval(a, ctx)?.to_bool() && self.eval(b, ctx)?.to_bool())
            }
            Expr::Compare(op, a, b) => {
                let (a, b) = (self.eval(a, ctx)?, self.eval(b, ctx)?);
                Value::Bool(compare(self.dom, *op, &a, &b))
            }
            Expr::Arith(op, a, b) => {
                let a = self.eval(a, ctx)?.to_num(self.dom);
                let b = self.eval(b, ctx)?.to_num(self.dom);
                Value::Num(match op {
                    ArithOp::Add => a + b,
                    ArithOp::Sub => a - b,
                    ArithOp::Mul => a * b,
                    ArithOp::Div => a / b,
                    // Rust's % on floats is C's fmod, the sign of the dividend: XPath's mod.
                    ArithOp::Mod => a % b,
                })
            }
            Expr::Negate(a) => Value::Num(-self.eval(a, ctx)?.to_num(self.dom)),
            Expr::Union(a, b) => {
                let (Value::Nodes(mut a), Value::Nodes(b)) =
                    (self.eval(a, ctx)?, self.eval(b, ctx)?)
                else {
                    return Err(XpathError::NotANodeSet { context: "'|'" });
                };
                a.extend(b);
                a.sort_unstable();
                a.dedup();
                Value::Nodes(a)
            }
            Expr::Literal(s) => Value::Str(s.clone()),
            Expr::Number(n) => Value::Num(*n),
            Expr::Call(f, args) => self.call(*f, args, ctx)?,
            Expr::Path(path) => Value::Nodes(self.path(path, ctx)?),
        })
    }

    /// Evaluates an argument that must be a node-set.
    pub fn node_set(
        &mut self,
        expr: &Expr,
        ctx: Ctx,
        context: &'static str,
    ) -> Result<Vec<Node>, XpathError> {
        match self.eval(expr, ctx)? {
            Value::Nodes(nodes) => Ok(nodes),
            _ => Err(XpathError::NotANodeSet { context }),
        }
    }

    fn path(&mut self, path: &Path, ctx: Ctx) -> Result<Vec<Node>, XpathError> {
        let mut nodes = match &path.start {
            PathStart::Root => vec![Node::tree(0)],
            PathStart::Context => ctx.node.into_iter().collect(),
            PathStart::Filter(primary, predicates) => {
                let mut nodes = if predicates.is_empty() && path.steps.is_empty() {
                    return match self.eval(primary, ctx)? {
                        Value::Nodes(nodes) => Ok(nodes),
                        _ => Err(XpathError::NotANodeSet { context: "a path" }),
                    };
                } else {
                    self.node_set(primary, ctx, "a predicate or path after a value")?
                };
                for predicate in predicates {
                    nodes = self.filter(nodes, predicate)?;
                }
                nodes
            }
        };
        let mut i = 0;
        while i < path.steps.len() && !nodes.is_empty() {
            let step = &path.steps[i];
            // `//name` without predicates: one descendant scan instead of a child step from
            // every descendant-or-self node.
            if let Some(next) = path.steps.get(i + 1) {
                if is_plain_descendant_or_self(step)
                    && next.axis == Axis::Child
                    && next.predicates.is_empty()
                {
                    let shortcut = Step {
                        axis: Axis::Descendant,
                        test: next.test.clone(),
                        predicates: Vec::new(),
                    };
                    nodes = self.step_with_test_key(&shortcut, &next.test, &nodes)?;
                    i += 2;
                    continue;
                }
            }
            nodes = self.step_with_test_key(step, &step.test, &nodes)?;
            i += 1;
        }
        Ok(nodes)
    }

    /// Keeps the nodes (in document order) for which `predicate` holds.
    fn filter(&mut self, nodes: Vec<Node>, predicate: &Expr) -> Result<Vec<Node>, XpathError> {
        let size = nodes.len();
        if let Expr::Number(n) = predicate {
            let kept = (*n >= 1.0 && n.fract() == 0.0 && *n <= size as f64)
                .then(|| nodes[*n as usize - 1]);
            return Ok(kept.into_iter().collect());
        }
        let mut kept = Vec::new();
        for (i, node) in nodes.into_iter().enumerate() {
            let ctx = Ctx {
                node: Some(node),
                position: i + 1,
                size,
            };
            let keep = match self.eval(predicate, ctx)? {
                Value::Num(n) => n == (i + 1) as f64,
                other => other.to_bool(),
            };
            if keep {
                kept.push(node);
            }
        }
        Ok(kept)
    }

    /// One step from every context node; `key` identifies the name test for the cache.
    fn step_with_test_key(
        &mut self,
        step: &Step,
        key: &NodeTest,
        contexts: &[Node],
    ) -> Result<Vec<Node>, XpathError> {
        let names = self.name_match(key, step.axis)?;
        let mut out = Vec::new();
        let mut covered_until = 0u32;
        for &context in contexts {
            // Without predicates, a context inside an earlier one's subtree adds no new
            // descendants.
            let descends = matches!(step.axis, Axis::Descendant | Axis::DescendantOrSelf);
            let subtree_root = context.ns == 0 && !self.dom.is_attribute(context.id);
            if descends && step.predicates.is_empty() && subtree_root {
                if context.id < covered_until && context.id != 0 {
                    continue;
                }
                covered_until = covered_until.max(self.dom.data(context.id).end);
            }
            let mut nodes = Vec::new();
            self.axis(step.axis, context, &mut |n| nodes.push(n));
            nodes.retain(|n| self.test(&step.test, &names, step.axis, *n));
            for predicate in &step.predicates {
                // Positions follow the axis order (reversed for reverse axes).
                nodes = self.filter(nodes, predicate)?;
            }
            out.extend(nodes);
        }
        if !out.is_sorted() {
            out.sort_unstable();
        }
        out.dedup();
        Ok(out)
    }

    fn name_match(&mut self, test: &NodeTest, axis: Axis) -> Result<Rc<NameMatch>, XpathError> {
        let key = test as *const NodeTest as usize;
        if let Some(m) = self.names.get(&key) {
            return Ok(m.clone());
        }
        let m = match test {
            NodeTest::AnyInNamespace(prefix) => {
                let uri = self.resolve_prefix(prefix)?;
                NameMatch::Ids(self.dom.names_matching(Some(uri), None))
            }
            // On the namespace axis a name is a prefix, compared as text.
            NodeTest::Name { .. } if axis == Axis::Namespace => NameMatch::Any,
            NodeTest::Name { prefix, local } => {
                let uri = match prefix {
                    Some(p) => Some(self.resolve_prefix(p)?),
                    None => None,
                };
                NameMatch::Ids(self.dom.names_matching(uri, Some(local)))
            }
            _ => NameMatch::Any,
        };
        let m = Rc::new(m);
        self.names.insert(key, m.clone());
        Ok(m)
    }

    /// Whether a node passes a node test on an axis.
    fn test(&self, test: &NodeTest, names: &NameMatch, axis: Axis, node: Node) -> bool {
        if node.ns > 0 {
            return match test {
                NodeTest::Node => true,
                NodeTest::Any => axis == Axis::Namespace,
                NodeTest::Name {
                    prefix: None,
                    local,
                } => axis == Axis::Namespace && self.dom.namespace_binding(node).0 == local,
                _ => false,
            };
        }
        let kind = self.dom.kind(node.id);
        let name = match (test, kind) {
            (NodeTest::Node, _) => return true,
            (NodeTest::Text, Kind::Text(_)) => return true,
            (NodeTest::Comment, Kind::Comment(_)) => return true,
            (NodeTest::Pi(target), Kind::Pi { target: t, .. }) => {
                return target.as_ref().is_none_or(|target| **t == **target)
            }
            (NodeTest::Any | NodeTest::AnyInNamespace(_) | NodeTest::Name { .. }, _) => {
                match (axis, kind) {
                    (Axis::Attribute, Kind::Attribute { name, .. }) => *name,
                    (Axis::Attribute | Axis::Namespace, _) => return false,
                    (_, Kind::Element { name, .. }) => *name,
                    _ => return false,
                }
            }
            _ => return false,
        };
        match names {
            NameMatch::Any => true,
            NameMatch::Ids(ids) => ids.contains(&name),
        }
    }

    /// Calls `f` with the nodes of `axis` from `node`, in axis order.
    fn axis(&self, axis: Axis, node: Node, f: &mut dyn FnMut(Node)) {
        let dom = self.dom;
        let id = node.id;
        // Attributes and namespace nodes have no children or siblings; for the following
        // and preceding axes they stand where their element starts.
        let owned = node.ns > 0 || dom.is_attribute(id);
        match axis {
            Axis::SelfNode => f(node),
            Axis::Child if !owned => {
                let mut c = dom.data(id).first_child;
                while c != NONE {
                    f(Node::tree(c));
                    c = dom.data(c).next;
                }
            }
            Axis::Descendant | Axis::DescendantOrSelf => {
                if axis == Axis::DescendantOrSelf {
                    f(node);
                }
                if !owned {
                    for d in id + 1..dom.data(id).end {
                        if !dom.is_attribute(d) {
                            f(Node::tree(d));
                        }
                    }
                }
            }
            Axis::Parent => {
                if let Some(p) = dom.parent(node) {
                    f(p);
                }
            }
            Axis::Ancestor | Axis::AncestorOrSelf => {
                if axis == Axis::AncestorOrSelf {
                    f(node);
                }
                let mut p = dom.parent(node);
                while let Some(n) = p {
                    f(n);
                    p = dom.parent(n);
                }
            }
            Axis::FollowingSibling | Axis::PrecedingSibling if !owned => {
                let forward = axis == Axis::FollowingSibling;
                let step = |n: u32| {
                    if forward {
                        dom.data(n).next
                    } else {
                        dom.data(n).prev
                    }
                };
                let mut s = step(id);
                while s != NONE {
                    f(Node::tree(s));
                    s = step(s);
                }
            }
            Axis::Following => {
                let start = if owned {
                    dom.parent(node).map_or(id, |p| p.id) + 1
                } else {
                    dom.data(id).end
                };
                for n in start..dom.nodes.len() as u32 {
                    if !dom.is_attribute(n) {
                        f(Node::tree(n));
                    }
                }
            }
            Axis::Preceding => {
                let anchor = if owned {
                    dom.parent(node).map_or(id, |p| p.id)
                } else {
                    id
                };
                // Walk back, skipping the ancestors (met in decreasing order) and attributes.
                let mut ancestor = dom.data(anchor).parent;
                let mut n = anchor;
                while n > 1 {
                    n -= 1;
                    if n == ancestor {
                        ancestor = dom.data(n).parent;
                        continue;
                    }
                    if !dom.is_attribute(n) {
                        f(Node::tree(n));
                    }
                }
            }
            Axis::Attribute if node.ns == 0 => {
                if let Kind::Element { attrs_end, .. } = dom.kind(id) {
                    for a in id + 1..*attrs_end {
                        f(Node::tree(a));
                    }
                }
            }
            Axis::Namespace if node.ns == 0 => {
                for k in 1..=dom.namespace_count(id) {
                    f(Node { id, ns: k });
                }
            }
            _ => {}
        }
    }
}

fn is_plain_descendant_or_self(step: &Step) -> bool {
    step.axis == Axis::DescendantOrSelf && step.test == NodeTest::Node && step.predicates.is_empty()
}
