//! JSONPath (RFC 9535) queries evaluated exactly as Hurl 8.0.1 evaluates them.
//!
//! An expression is compiled once ([`JsonPath::compile`], or through a shared
//! [`JsonPathCache`]) and evaluated on any number of documents. The result follows Hurl's
//! rule, whatever the shape of the query: no node selected gives `None` (the query "does not
//! exist"), exactly one gives that node, more give the list of them — so `$.items[0:1].n`
//! and `$.items[?(@.x==1)].n` give `"one"`, not `["one"]`.
//!
//! Nodes come in document order, object members in ascending key order (as Hurl, whose
//! JSON objects are sorted maps), and are borrowed from the document.

mod ast;
mod cache;
mod error;
mod eval;
mod parser;
#[cfg(test)]
mod tests;

use serde_json::Value;

pub use cache::JsonPathCache;
pub use error::{JsonPathError, JsonPathErrorKind};

/// A compiled JSONPath expression.
#[derive(Debug, Clone)]
pub struct JsonPath {
    query: ast::Query,
}

/// What a query selected, when it selected something.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonResult<'a> {
    /// Exactly one node.
    Node(&'a Value),
    /// Two nodes or more, in selection order.
    List(Vec<&'a Value>),
}

impl JsonPath {
    /// Compiles `expr`; fails on anything Hurl 8.0.1 rejects.
    pub fn compile(expr: &str) -> Result<JsonPath, JsonPathError> {
        Ok(JsonPath {
            query: parser::parse(expr)?,
        })
    }

    /// Evaluates on `json`: `None` when nothing is selected, the node when one is, the list
    /// when more are.
    pub fn eval<'a>(&self, json: &'a Value) -> Option<JsonResult<'a>> {
        let mut nodes = self.select(json);
        match nodes.len() {
            0 => None,
            1 => nodes.pop().map(JsonResult::Node),
            _ => Some(JsonResult::List(nodes)),
        }
    }

    /// Every node selected on `json` (the RFC 9535 node list), in order.
    pub fn select<'a>(&self, json: &'a Value) -> Vec<&'a Value> {
        eval::select(&self.query, json, json)
    }
}

impl<'a> JsonResult<'a> {
    /// The result as one JSON value (a list becomes an array), as Hurl turns it into a value.
    pub fn to_value(&self) -> Value {
        match self {
            JsonResult::Node(node) => (*node).clone(),
            JsonResult::List(nodes) => Value::Array(nodes.iter().map(|&n| n.clone()).collect()),
        }
    }
}

/// Evaluates `expr` on `json`, compiling it through [`JsonPathCache::global`] (so each
/// distinct expression is parsed once per process).
pub fn eval<'a>(json: &'a Value, expr: &str) -> Result<Option<JsonResult<'a>>, JsonPathError> {
    Ok(JsonPathCache::global().get(expr)?.eval(json))
}
