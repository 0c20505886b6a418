//! XPath 1.0 values inside the evaluator, their conversions and comparisons (spec 3.4, 4).

use std::collections::HashSet;

use super::ast::CompareOp;
use super::dom::{Dom, Node};
use super::number::{format_number, parse_number};

/// A value while evaluating. Node-sets are sorted in document order, without duplicates.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Nodes(Vec<Node>),
    Bool(bool),
    Num(f64),
    Str(String),
}

impl Value {
    pub fn to_bool(&self) -> bool {
        match self {
            Value::Nodes(nodes) => !nodes.is_empty(),
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
        }
    }

    pub fn to_num(&self, dom: &Dom) -> f64 {
        match self {
            Value::Nodes(_) => parse_number(&self.to_str(dom)),
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Num(n) => *n,
            Value::Str(s) => parse_number(s),
        }
    }

    pub fn to_str(&self, dom: &Dom) -> String {
        match self {
            Value::Nodes(nodes) => nodes
                .first()
                .map(|n| dom.string_value(*n))
                .unwrap_or_default(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => format_number(*n),
            Value::Str(s) => s.clone(),
        }
    }
}

fn compare_numbers(op: CompareOp, a: f64, b: f64) -> bool {
    match op {
        CompareOp::Eq => a == b,
        CompareOp::Ne => a != b,
        CompareOp::Lt => a < b,
        CompareOp::Le => a <= b,
        CompareOp::Gt => a > b,
        CompareOp::Ge => a >= b,
    }
}

/// The operator seen from the other side: `a < b` is `b > a`.
fn mirror(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}

fn is_equality(op: CompareOp) -> bool {
    matches!(op, CompareOp::Eq | CompareOp::Ne)
}

/// Compares two values with `=`, `!=`, `<`, `<=`, `>`, `>=`.
pub(super) fn compare(dom: &Dom, op: CompareOp, left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Nodes(a), Value::Nodes(b)) => compare_node_sets(dom, op, a, b),
        (Value::Nodes(a), other) => compare_node_set_value(dom, op, a, other),
        (other, Value::Nodes(b)) => compare_node_set_value(dom, mirror(op), b, other),
        _ if is_equality(op) => {
            let equal = match (left, right) {
                (Value::Bool(_), _) | (_, Value::Bool(_)) => left.to_bool() == right.to_bool(),
                (Value::Num(_), _) | (_, Value::Num(_)) => left.to_num(dom) == right.to_num(dom),
                _ => left.to_str(dom) == right.to_str(dom),
            };
            equal == (op == CompareOp::Eq)
        }
        _ => compare_numbers(op, left.to_num(dom), right.to_num(dom)),
    }
}

/// Some node `n` of the set makes `n op value` true.
fn compare_node_set_value(dom: &Dom, op: CompareOp, nodes: &[Node], value: &Value) -> bool {
    match value {
        Value::Bool(b) => {
            let set = !nodes.is_empty();
            if is_equality(op) {
                (set == *b) == (op == CompareOp::Eq)
            } else {
                compare_numbers(op, f64::from(u8::from(set)), f64::from(u8::from(*b)))
            }
        }
        Value::Num(n) => nodes
            .iter()
            .any(|node| compare_numbers(op, parse_number(&dom.string_value(*node)), *n)),
        Value::Str(s) if is_equality(op) => nodes
            .iter()
            .any(|node| (dom.string_value(*node) == *s) == (op == CompareOp::Eq)),
        Value::Str(s) => {
            let n = parse_number(s);
            nodes
                .iter()
                .any(|node| compare_numbers(op, parse_number(&dom.string_value(*node)), n))
        }
        Value::Nodes(other) => compare_node_sets(dom, op, nodes, other),
    }
}

/// Some pair of nodes compares true; done in linear time with sets and extremes.
fn compare_node_sets(dom: &Dom, op: CompareOp, a: &[Node], b: &[Node]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    match op {
        CompareOp::Eq => {
            let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            let values: HashSet<String> = small.iter().map(|n| dom.string_value(*n)).collect();
            large.iter().any(|n| values.contains(&dom.string_value(*n)))
        }
        CompareOp::Ne => {
            // False only when every string of both sets is one and the same.
            let first = dom.string_value(a[0]);
            a.iter().chain(b).any(|n| dom.string_value(*n) != first)
        }
        _ => {
            let numbers = |set: &[Node]| -> Vec<f64> {
                set.iter()
                    .map(|n| parse_number(&dom.string_value(*n)))
                    .filter(|x| !x.is_nan())
                    .collect()
            };
            let (xs, ys) = (numbers(a), numbers(b));
            let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
            let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if xs.is_empty() || ys.is_empty() {
                return false;
            }
            match op {
                CompareOp::Lt => min(&xs) < max(&ys),
                CompareOp::Le => min(&xs) <= max(&ys),
                CompareOp::Gt => max(&xs) > min(&ys),
                _ => max(&xs) >= min(&ys),
            }
        }
    }
}
