//! The API: compile once, results borrowed, the cache, errors.

use std::sync::Arc;

use serde_json::{json, Value};

use super::super::{eval, JsonPath, JsonPathCache, JsonPathErrorKind, JsonResult};

#[test]
fn one_compiled_path_evaluates_many_documents() {
    let path = JsonPath::compile("$.items[?@.x==1].n").expect("valid");
    let one = json!({"items": [{"x": 1, "n": "a"}, {"x": 2, "n": "b"}]});
    let many = json!({"items": [{"x": 1, "n": "a"}, {"x": 1, "n": "c"}]});
    let none = json!({"items": []});
    assert_eq!(
        path.eval(&one),
        Some(JsonResult::Node(&one["items"][0]["n"]))
    );
    assert_eq!(
        path.eval(&many),
        Some(JsonResult::List(vec![
            &many["items"][0]["n"],
            &many["items"][1]["n"]
        ]))
    );
    assert_eq!(path.eval(&none), None);
}

#[test]
fn results_borrow_the_document() {
    let doc = json!({"a": {"b": [1, 2]}});
    let path = JsonPath::compile("$.a.b").expect("valid");
    let Some(JsonResult::Node(node)) = path.eval(&doc) else {
        panic!("one node expected");
    };
    assert!(std::ptr::eq(node, &doc["a"]["b"]));
}

#[test]
fn a_single_array_node_and_a_list_of_nodes_are_told_apart() {
    let doc = json!({"a": [1, 2]});
    let array = JsonPath::compile("$.a").expect("valid");
    let list = JsonPath::compile("$.a[*]").expect("valid");
    assert_eq!(array.eval(&doc), Some(JsonResult::Node(&doc["a"])));
    assert_eq!(
        list.eval(&doc),
        Some(JsonResult::List(vec![&doc["a"][0], &doc["a"][1]]))
    );
    // Both become the same value, as in Hurl.
    let to_value = |p: &JsonPath| p.eval(&doc).map(|r| r.to_value());
    assert_eq!(to_value(&array), Some(json!([1, 2])));
    assert_eq!(to_value(&list), Some(json!([1, 2])));
}

#[test]
fn select_gives_the_whole_node_list() {
    let doc = json!({"a": [1, 2, 3]});
    let select = |expr: &str| -> Vec<Value> {
        let path = JsonPath::compile(expr).expect("valid");
        path.select(&doc).into_iter().cloned().collect()
    };
    assert_eq!(select("$.a[?@>5]"), Vec::<Value>::new());
    assert_eq!(select("$.a[0]"), vec![json!(1)]);
    assert_eq!(select("$.a[::-1]"), vec![json!(3), json!(2), json!(1)]);
}

#[test]
fn members_come_in_key_order_whatever_the_document_order() {
    let doc: Value =
        serde_json::from_str(r#"{"b": 1, "c": {"z": 2, "a": 3}, "a": 4}"#).expect("json");
    let path = JsonPath::compile("$..*").expect("valid");
    let values: Vec<&Value> = path.select(&doc);
    assert_eq!(
        values,
        vec![&json!(4), &json!(1), &doc["c"], &json!(3), &json!(2)]
    );
}

#[test]
fn deep_documents_do_not_exhaust_the_stack() {
    let mut doc = json!(0);
    for _ in 0..2000 {
        doc = Value::Array(vec![doc]);
    }
    let path = JsonPath::compile("$..*").expect("valid");
    assert_eq!(path.select(&doc).len(), 2000);
    // serde_json drops nested values recursively: unwind by hand.
    while let Value::Array(mut items) = doc {
        doc = items.pop().unwrap_or(Value::Null);
    }
}

#[test]
fn deep_expressions_are_rejected_not_overflowing() {
    let nested = format!("$[?{}@.a{}]", "(".repeat(1000), ")".repeat(1000));
    let e = JsonPath::compile(&nested).expect_err("too deep");
    assert_eq!(e.kind(), &JsonPathErrorKind::TooDeep);
    let filters = format!("$[?@{}]", "[?@".repeat(1000) + &"]".repeat(1000));
    assert_eq!(
        JsonPath::compile(&filters).expect_err("too deep").kind(),
        &JsonPathErrorKind::TooDeep
    );
    // Well within the limit.
    let fine = format!("$[?{}@.a{}]", "(".repeat(30), ")".repeat(30));
    assert!(JsonPath::compile(&fine).is_ok());
    // Long `||` chains are not nesting.
    let chain = format!("$[?{}]", vec!["@.a==1"; 5000].join(" || "));
    assert!(JsonPath::compile(&chain).is_ok());
}

#[test]
fn errors_say_what_and_where() {
    let rows: &[(&str, JsonPathErrorKind, usize)] = &[
        ("", JsonPathErrorKind::Expecting("'$'"), 1),
        ("$ ", JsonPathErrorKind::Expecting("end of expression"), 2),
        ("$.items[", JsonPathErrorKind::Expecting("a selector"), 9),
        (
            "$.1a",
            JsonPathErrorKind::Expecting("a wildcard or a member name"),
            3,
        ),
        ("$['a'", JsonPathErrorKind::Expecting("']'"), 6),
        ("$['a", JsonPathErrorKind::Expecting("\"'\""), 5),
        ("$['a\\x']", JsonPathErrorKind::InvalidEscape('x'), 6),
        ("$['a\tb']", JsonPathErrorKind::InvalidCharacter('\t'), 5),
        (
            "$['\\uD800']",
            JsonPathErrorKind::Expecting("'\\u' and a low surrogate"),
            10,
        ),
        (
            "$[9007199254740992]",
            JsonPathErrorKind::IntegerOutOfRange,
            3,
        ),
        ("$[-0]", JsonPathErrorKind::Expecting("a non-zero digit"), 4),
        (
            "$[?length(1e99999999999)==1]",
            JsonPathErrorKind::ExponentOutOfRange,
            13,
        ),
        // A malformed comparison literal is skipped over, as in Hurl.
        (
            "$[?@.a==1e99999999999]",
            JsonPathErrorKind::Expecting("a value to compare"),
            22,
        ),
        ("$[?(@.x==1]", JsonPathErrorKind::Expecting("')'"), 11),
        (
            "$[?@.a==]",
            JsonPathErrorKind::Expecting("a value to compare"),
            9,
        ),
        (
            "$[?true]",
            JsonPathErrorKind::Expecting("a filter expression"),
            4,
        ),
        (
            "$[?match(@.a, '[')]",
            JsonPathErrorKind::InvalidRegex("[".into()),
            15,
        ),
        (
            "$[?length(@.a)]",
            JsonPathErrorKind::Expecting("a filter expression"),
            4,
        ),
        (
            "$[?count(1)==1]",
            JsonPathErrorKind::Expecting("a query argument"),
            10,
        ),
        (
            "$.ü[?@.a]x",
            JsonPathErrorKind::Expecting("end of expression"),
            10,
        ),
    ];
    for (expr, kind, column) in rows {
        let e = JsonPath::compile(expr).expect_err(expr);
        assert_eq!((e.kind(), e.column()), (kind, *column), "{expr:?}: {e}");
    }
    let e = JsonPath::compile("$.items[").expect_err("invalid");
    assert_eq!(e.to_string(), "expecting a selector at column 9");
}

#[test]
fn huge_number_literals_compare_as_f64() {
    let doc = json!([{"v": 1e300}, {"v": 12345678901234567890u64}]);
    let ids = |expr: &str| JsonPath::compile(expr).expect(expr).select(&doc).len();
    assert_eq!(ids("$[?@.v==12345678901234567890]"), 1);
    assert_eq!(ids("$[?@.v>1e400]"), 0);
    assert_eq!(ids("$[?@.v<1e400]"), 2);
}

#[test]
fn match_patterns_read_from_the_document_are_anchored_and_validated() {
    let doc = json!([
        {"s": "abc", "p": "ab|zzz"},
        {"s": "abc", "p": "a.c"},
        {"s": "abc", "p": "["},
        {"s": "abc", "p": 1}
    ]);
    let count = |expr: &str| JsonPath::compile(expr).expect(expr).select(&doc).len();
    assert_eq!(count("$[?match(@.s, @.p)]"), 1);
    assert_eq!(count("$[?search(@.s, @.p)]"), 2);
    assert_eq!(count("$[?!search(@.s, @.p)]"), 2);
}

#[test]
fn the_cache_compiles_each_expression_once() {
    let cache = JsonPathCache::new();
    assert!(cache.is_empty());
    let first = cache.get("$.a").expect("valid");
    let again = cache.get("$.a").expect("valid");
    assert!(Arc::ptr_eq(&first, &again));
    // Rejections are kept too.
    let e = cache.get("$.").expect_err("invalid");
    assert_eq!(cache.get("$.").expect_err("invalid"), e);
    assert_eq!(cache.len(), 2);
}

#[test]
fn a_full_cache_still_compiles_but_keeps_no_more() {
    let cache = JsonPathCache::with_limit(1);
    let kept = cache.get("$.a").expect("valid");
    let first = cache.get("$.b").expect("valid");
    let second = cache.get("$.b").expect("valid");
    assert!(!Arc::ptr_eq(&first, &second));
    assert!(Arc::ptr_eq(&kept, &cache.get("$.a").expect("valid")));
    assert_eq!(cache.len(), 1);
}

#[test]
fn the_cache_is_shared_across_threads() {
    let cache = JsonPathCache::new();
    let doc = json!({"items": [{"x": 1}, {"x": 2}]});
    let exprs = ["$.items[0].x", "$.items[*].x", "$..x", "$.items[?@.x>1].x"];
    let paths: Vec<Vec<Arc<JsonPath>>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    exprs
                        .iter()
                        .map(|e| {
                            let path = cache.get(e).expect("valid");
                            assert!(path.eval(&doc).is_some());
                            path
                        })
                        .collect()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("no panic"))
            .collect()
    });
    assert_eq!(cache.len(), exprs.len());
    for (i, expr) in exprs.iter().enumerate() {
        let stored = cache.get(expr).expect("valid");
        assert!(paths.iter().all(|p| Arc::ptr_eq(&p[i], &stored)), "{expr}");
    }
}

#[test]
fn eval_compiles_through_the_global_cache() {
    let doc = json!({"a": [1, 2]});
    assert_eq!(
        eval(&doc, "$.a[1]").expect("valid"),
        Some(JsonResult::Node(&doc["a"][1]))
    );
    assert!(eval(&doc, "$.a[").is_err());
    let global = JsonPathCache::global();
    assert!(Arc::ptr_eq(
        &global.get("$.a[1]").expect("valid"),
        &global.get("$.a[1]").expect("valid")
    ));
}
