//! Evaluates a [`Query`] into the nodes it selects, in Hurl's order.
//!
//! Nodes are borrowed from the document, never cloned. Object members are visited in
//! ascending key order, as Hurl visits them (its `serde_json` maps are sorted), whatever the
//! document's own order.

mod filter;

use serde_json::{Map, Value};

use super::ast::{Origin, Query, Segment, Selector};

/// The nodes `query` selects; `current` is the node `@` stands for.
pub(super) fn select<'a>(query: &Query, current: &'a Value, root: &'a Value) -> Vec<&'a Value> {
    let start = match query.origin {
        Origin::Root => root,
        Origin::Current => current,
    };
    let mut nodes = vec![start];
    for segment in &query.segments {
        let mut next = Vec::new();
        for &node in &nodes {
            match segment {
                Segment::Child(selectors) => {
                    for selector in selectors {
                        apply(selector, node, root, &mut next);
                    }
                }
                Segment::Descendant(selectors) => {
                    for descendant in descendants(node) {
                        for selector in selectors {
                            apply(selector, descendant, root, &mut next);
                        }
                    }
                }
            }
        }
        nodes = next;
    }
    nodes
}

/// Appends to `out` what `selector` selects among the children of `node`.
fn apply<'a>(selector: &Selector, node: &'a Value, root: &'a Value, out: &mut Vec<&'a Value>) {
    match selector {
        Selector::Name(name) => out.extend(member(node, name)),
        Selector::Index(index) => out.extend(element(node, *index)),
        Selector::Wildcard => out.extend(children(node)),
        Selector::Slice { start, end, step } => {
            if let Value::Array(items) = node {
                slice(items, *start, *end, *step, out);
            }
        }
        Selector::Filter(expr) => {
            out.extend(
                children(node)
                    .into_iter()
                    .filter(|child| filter::holds(expr, child, root)),
            );
        }
    }
}

pub(super) fn member<'a>(node: &'a Value, name: &str) -> Option<&'a Value> {
    node.as_object()?.get(name)
}

/// The element at `index` of an array; a negative index counts from the end.
pub(super) fn element(node: &Value, index: i64) -> Option<&Value> {
    let items = node.as_array()?;
    let len = i64::try_from(items.len()).ok()?;
    let index = if index < 0 { len + index } else { index };
    items.get(usize::try_from(index).ok()?)
}

/// The elements of an array, or the member values of an object in ascending key order.
fn children(node: &Value) -> Vec<&Value> {
    match node {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => sorted_members(map),
        _ => Vec::new(),
    }
}

fn sorted_members(map: &Map<String, Value>) -> Vec<&Value> {
    let mut members: Vec<(&String, &Value)> = map.iter().collect();
    // Keys are unique, so an unstable sort is exact; it is linear on already sorted input.
    members.sort_unstable_by(|a, b| a.0.cmp(b.0));
    members.into_iter().map(|(_, value)| value).collect()
}

/// `node` and all its descendants, in document order (pre-order, members by key).
fn descendants(node: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    // An explicit stack: no recursion however deep the document.
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        out.push(node);
        stack.extend(children(node).into_iter().rev());
    }
    out
}

/// RFC 9535 array slice, as Hurl computes it (a zero step selects nothing).
fn slice<'a>(
    items: &'a [Value],
    start: Option<i64>,
    end: Option<i64>,
    step: i64,
    out: &mut Vec<&'a Value>,
) {
    let Ok(len) = i64::try_from(items.len()) else {
        return;
    };
    let normalize = |i: i64| if i >= 0 { i } else { len + i };
    let at = |i: i64| usize::try_from(i).ok().and_then(|i| items.get(i));
    if step > 0 {
        let lower = normalize(start.unwrap_or(0)).clamp(0, len);
        let upper = normalize(end.unwrap_or(len)).clamp(0, len);
        let mut i = lower;
        while i < upper {
            out.extend(at(i));
            i += step;
        }
    } else if step < 0 {
        let upper = normalize(start.unwrap_or(len - 1)).clamp(-1, len - 1);
        let lower = normalize(end.unwrap_or(-len - 1)).clamp(-1, len - 1);
        let mut i = upper;
        while lower < i {
            out.extend(at(i));
            i += step;
        }
    }
}
