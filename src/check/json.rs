//! JSON comparison by meaning, and readable diffs of JSON values and texts.
//!
//! Two JSON values are equal when they mean the same thing: object keys in any order, numbers
//! by value (`1 == 1.0`), arrays in order. When they differ, [`json_diff`] prints both sides
//! pretty-printed with sorted keys, where every part that is equal by meaning is printed the
//! same way on both sides, so the `-`/`+` lines of the diff show exactly the differing values.

use serde_json::{Map, Value as Json};

/// True when both values mean the same: key order ignored, numbers by value (1 == 1.0).
pub fn json_equal(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Null, Json::Null) => true,
        (Json::Bool(x), Json::Bool(y)) => x == y,
        (Json::String(x), Json::String(y)) => x == y,
        (Json::Number(x), Json::Number(y)) => numbers_equal(x, y),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => false,
    }
}

/// Numbers by value: exactly when both are integers, as floats otherwise.
fn numbers_equal(x: &serde_json::Number, y: &serde_json::Number) -> bool {
    if let (Some(a), Some(b)) = (x.as_i64(), y.as_i64()) {
        return a == b;
    }
    if let (Some(a), Some(b)) = (x.as_u64(), y.as_u64()) {
        return a == b;
    }
    match (x.as_f64(), y.as_f64()) {
        (Some(a), Some(b)) => a == b,
        _ => x.to_string() == y.to_string(),
    }
}

/// How two JSON values differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonDiff {
    /// A unified line diff (`-` expected, `+` actual) of both values pretty-printed with
    /// sorted keys.
    pub diff: String,
    /// The JSON paths that differ, e.g. `$.items[2].price`, `$.name` (missing and extra keys
    /// included).
    pub paths: Vec<String>,
}

/// None when equal by meaning. Otherwise a `similar` unified line diff (`-` expected, `+`
/// actual) of both sides pretty-printed with sorted keys, and the differing paths.
pub fn json_diff(expected: &Json, actual: &Json) -> Option<JsonDiff> {
    if json_equal(expected, actual) {
        return None;
    }
    let aligned = align(expected, actual);
    let mut left = pretty(&sorted(expected));
    let mut right = pretty(&sorted(&aligned));
    left.push('\n');
    right.push('\n');
    let diff = unified(&left, &right);
    let mut paths = Vec::new();
    diff_paths(expected, actual, "$".to_string(), &mut paths);
    Some(JsonDiff { diff, paths })
}

/// A line diff of two texts (`-` expected, `+` actual).
pub fn text_diff(expected: &str, actual: &str) -> String {
    unified(expected, actual)
}

fn unified(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(false)
        .header("expected", "actual")
        .to_string()
}

fn pretty(v: &Json) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// A copy with object keys sorted, at every depth.
fn sorted(v: &Json) -> Json {
    match v {
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), sorted(&map[k]));
            }
            Json::Object(out)
        }
        Json::Array(items) => Json::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The actual value where every part equal by meaning to the expected part at the same path
/// is replaced by the expected part, so both print the same (`1.0` vs `1`, key order).
fn align(expected: &Json, actual: &Json) -> Json {
    if json_equal(expected, actual) {
        return expected.clone();
    }
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => Json::Object(
            a.iter()
                .map(|(k, v)| {
                    let v = match e.get(k) {
                        Some(ev) => align(ev, v),
                        None => v.clone(),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        (Json::Array(e), Json::Array(a)) => Json::Array(
            a.iter()
                .enumerate()
                .map(|(i, v)| match e.get(i) {
                    Some(ev) => align(ev, v),
                    None => v.clone(),
                })
                .collect(),
        ),
        _ => actual.clone(),
    }
}

/// Collects the paths where the two values differ.
fn diff_paths(expected: &Json, actual: &Json, path: String, out: &mut Vec<String>) {
    if json_equal(expected, actual) {
        return;
    }
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            let mut keys: Vec<&String> = e
                .keys()
                .chain(a.keys().filter(|k| !e.contains_key(*k)))
                .collect();
            keys.sort();
            for k in keys {
                let p = member_path(&path, k);
                match (e.get(k), a.get(k)) {
                    (Some(x), Some(y)) => diff_paths(x, y, p, out),
                    _ => out.push(p),
                }
            }
        }
        (Json::Array(e), Json::Array(a)) => {
            for i in 0..e.len().max(a.len()) {
                let p = format!("{path}[{i}]");
                match (e.get(i), a.get(i)) {
                    (Some(x), Some(y)) => diff_paths(x, y, p, out),
                    _ => out.push(p),
                }
            }
        }
        _ => out.push(path),
    }
}

/// `$.name` for plain names, `$['odd name']` otherwise.
fn member_path(parent: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{parent}.{key}")
    } else {
        let escaped = key.replace('\\', "\\\\").replace('\'', "\\'");
        format!("{parent}['{escaped}']")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::check::testutil::changed_lines;

    #[test]
    fn equality_by_meaning() {
        let rows = [
            (
                json!({"a": 1, "b": [1, 2]}),
                json!({"b": [1, 2], "a": 1}),
                true,
            ),
            (json!(1), json!(1.0), true),
            (json!({"x": 2.50}), json!({"x": 2.5}), true),
            (json!([1, 2]), json!([2, 1]), false),
            (json!({"a": 1}), json!({"a": 1, "b": null}), false),
            (json!(null), json!(false), false),
            (json!("1"), json!(1), false),
            (
                json!(18446744073709551615u64),
                json!(18446744073709551615u64),
                true,
            ),
            (json!(-1), json!(18446744073709551615u64), false),
        ];
        for (a, b, equal) in rows {
            assert_eq!(json_equal(&a, &b), equal, "{a} vs {b}");
            assert_eq!(json_diff(&a, &b).is_none(), equal, "{a} vs {b}");
        }
    }

    #[test]
    fn diff_shows_exactly_the_differing_values() {
        let expected =
            json!({"name": "Widget", "items": [{"price": 10, "id": 1}, {"id": 2, "price": 3.0}]});
        let actual =
            json!({"items": [{"id": 1, "price": 10.0}, {"id": 2, "price": 4}], "name": "Widget"});
        let d = json_diff(&expected, &actual).unwrap();
        assert_eq!(
            changed_lines(&d.diff),
            vec!["-      \"price\": 3.0", "+      \"price\": 4"]
        );
        assert!(
            d.diff.starts_with("--- expected\n+++ actual\n"),
            "{}",
            d.diff
        );
        assert_eq!(d.paths, vec!["$.items[1].price"]);
    }

    #[test]
    fn diff_of_missing_and_extra_keys() {
        let expected = json!({"a": 1, "b": "x", "odd key": true});
        let actual = json!({"a": 1, "c": "y", "odd key": false});
        let d = json_diff(&expected, &actual).unwrap();
        assert_eq!(
            changed_lines(&d.diff),
            vec![
                "-  \"b\": \"x\",",
                "-  \"odd key\": true",
                "+  \"c\": \"y\",",
                "+  \"odd key\": false",
            ]
        );
        assert_eq!(d.paths, vec!["$.b", "$.c", "$['odd key']"]);
    }

    #[test]
    fn diff_of_arrays_and_types() {
        let d = json_diff(&json!([1, 2]), &json!([1, 2, 3])).unwrap();
        assert_eq!(changed_lines(&d.diff), vec!["-  2", "+  2,", "+  3"]);
        assert_eq!(d.paths, vec!["$[2]"]);
        let d = json_diff(&json!({"v": "1"}), &json!({"v": 1})).unwrap();
        assert_eq!(
            changed_lines(&d.diff),
            vec!["-  \"v\": \"1\"", "+  \"v\": 1"]
        );
        assert_eq!(d.paths, vec!["$.v"]);
    }

    #[test]
    fn text_diff_lines() {
        let d = text_diff("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(changed_lines(&d), vec!["-b", "+B"]);
        assert!(d.starts_with("--- expected\n+++ actual\n"));
    }
}
