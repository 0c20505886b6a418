//! Filter expressions: logical operators, comparisons and functions, with Hurl's semantics.

use regex::Regex;
use serde_json::Value;

use super::super::ast::{
    CmpOp, Comparison, Literal, LogicalExpr, Operand, Origin, RegexArg, SingularQuery,
    SingularStep, Test, ValueFunction,
};
use super::super::parser::whole_match;
use super::{element, member, select};

/// Numbers closer than this are equal, as in Hurl (so `0.1 + 0.2`-style noise compares
/// equal, and `110` equals `1.1e2`).
const EPSILON: f64 = 1e-12;

/// Whether `expr` holds for `current` (the node `@` stands for).
pub(super) fn holds(expr: &LogicalExpr, current: &Value, root: &Value) -> bool {
    match expr {
        LogicalExpr::Or(operands) => operands.iter().any(|e| holds(e, current, root)),
        LogicalExpr::And(operands) => operands.iter().all(|e| holds(e, current, root)),
        LogicalExpr::Not(inner) => !holds(inner, current, root),
        LogicalExpr::Comparison(comparison) => compare(comparison, current, root),
        LogicalExpr::Test { negated, test } => negated ^ passes(test, current, root),
    }
}

fn passes(test: &Test, current: &Value, root: &Value) -> bool {
    match test {
        Test::Exists(query) => !select(query, current, root).is_empty(),
        Test::Match(subject, pattern) => matches(subject, pattern, true, current, root),
        Test::Search(subject, pattern) => matches(subject, pattern, false, current, root),
    }
}

/// `match` (`whole`) or `search`: false unless the subject is a string and the pattern a
/// valid regular expression.
fn matches(
    subject: &Operand,
    pattern: &RegexArg,
    whole: bool,
    current: &Value,
    root: &Value,
) -> bool {
    let subject = operand(subject, current, root);
    let Some(text) = subject.as_str() else {
        return false;
    };
    match pattern {
        RegexArg::Literal { whole: re, .. } if whole => re.is_match(text),
        RegexArg::Literal { search: re, .. } => re.is_match(text),
        RegexArg::Dynamic(source) => {
            let source = operand(source, current, root);
            let Some(source) = source.as_str() else {
                return false;
            };
            // Compiled per node: a pattern read from the document can differ on each one.
            // The pattern itself must be valid, anchored or not (as in Hurl).
            let Ok(search) = Regex::new(source) else {
                return false;
            };
            if whole {
                Regex::new(&whole_match(source)).is_ok_and(|re| re.is_match(text))
            } else {
                search.is_match(text)
            }
        }
    }
}

/// The value of a comparison side or function argument.
enum Val<'x> {
    /// Nothing selected (RFC 9535 "Nothing").
    Nothing,
    Node(&'x Value),
    Literal(&'x Literal),
    /// The result of `length` or `count`.
    Count(usize),
}

impl Val<'_> {
    fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Node(Value::Number(n)) => n.as_f64(),
            Val::Literal(Literal::Number(n)) => Some(*n),
            // Counts are far below 2⁵³: exact.
            Val::Count(n) => Some(*n as f64),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Val::Node(Value::String(s)) | Val::Literal(Literal::String(s)) => Some(s),
            _ => None,
        }
    }
}

fn operand<'x>(operand: &'x Operand, current: &'x Value, root: &'x Value) -> Val<'x> {
    match operand {
        Operand::Literal(literal) => Val::Literal(literal),
        Operand::Singular(query) => singular(query, current, root).map_or(Val::Nothing, Val::Node),
        Operand::Function(function) => call(function, current, root),
    }
}

fn singular<'x>(query: &SingularQuery, current: &'x Value, root: &'x Value) -> Option<&'x Value> {
    let mut node = match query.origin {
        Origin::Root => root,
        Origin::Current => current,
    };
    for step in &query.steps {
        node = match step {
            SingularStep::Name(name) => member(node, name)?,
            SingularStep::Index(index) => element(node, *index)?,
        };
    }
    Some(node)
}

fn call<'x>(function: &'x ValueFunction, current: &'x Value, root: &'x Value) -> Val<'x> {
    match function {
        ValueFunction::Length(arg) => {
            let len = match operand(arg, current, root) {
                Val::Node(Value::Array(items)) => items.len(),
                Val::Node(Value::Object(map)) => map.len(),
                Val::Node(Value::String(s)) | Val::Literal(Literal::String(s)) => s.chars().count(),
                _ => return Val::Nothing,
            };
            Val::Count(len)
        }
        ValueFunction::Count(query) => Val::Count(select(query, current, root).len()),
        ValueFunction::Value(query) => match select(query, current, root).as_slice() {
            [only] => Val::Node(only),
            _ => Val::Nothing,
        },
    }
}

fn compare(comparison: &Comparison, current: &Value, root: &Value) -> bool {
    let left = operand(&comparison.left, current, root);
    let right = operand(&comparison.right, current, root);
    match comparison.op {
        CmpOp::Eq => equal(&left, &right),
        CmpOp::Ne => !equal(&left, &right),
        CmpOp::Lt => less(&left, &right),
        CmpOp::Le => less(&left, &right) || equal(&left, &right),
        CmpOp::Gt => less(&right, &left),
        CmpOp::Ge => less(&right, &left) || equal(&left, &right),
    }
}

fn equal(left: &Val, right: &Val) -> bool {
    match (left, right) {
        (Val::Nothing, Val::Nothing) => true,
        (Val::Nothing, _) | (_, Val::Nothing) => false,
        _ => match (left.as_f64(), right.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() < EPSILON,
            _ => same(left, right),
        },
    }
}

/// Equality of two values that are not both numbers.
fn same(left: &Val, right: &Val) -> bool {
    match (left, right) {
        (Val::Node(a), Val::Node(b)) => a == b,
        (Val::Node(node), Val::Literal(literal)) | (Val::Literal(literal), Val::Node(node)) => {
            node_is(node, literal)
        }
        (Val::Literal(a), Val::Literal(b)) => a == b,
        _ => false,
    }
}

fn node_is(node: &Value, literal: &Literal) -> bool {
    match (node, literal) {
        (Value::Null, Literal::Null) => true,
        (Value::Bool(a), Literal::Bool(b)) => a == b,
        (Value::String(a), Literal::String(b)) => a == b,
        _ => false,
    }
}

/// `<`: defined on two strings (code point order) and two numbers; false otherwise.
fn less(left: &Val, right: &Val) -> bool {
    if let (Some(a), Some(b)) = (left.as_str(), right.as_str()) {
        return a < b;
    }
    match (left.as_f64(), right.as_f64()) {
        (Some(a), Some(b)) => b - a > EPSILON,
        _ => false,
    }
}
