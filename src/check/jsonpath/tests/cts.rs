//! The JSONPath Compliance Test Suite (RFC 9535), the copy Hurl 8.0.1 ships and passes.
//!
//! cts.json: https://github.com/jsonpath-standard/jsonpath-compliance-test-suite, BSD-2-Clause.
//! Hurl skips the cases below; what Hurl really gives on them is in the oracle table.

use serde_json::Value;

use super::super::JsonPath;

const SKIPPED_BY_HURL: &[&str] = &[
    "filter, non-singular existence, multiple",
    "filter, non-singular existence, slice",
    "functions, match, dot matcher on \\u2028",
    "functions, match, dot matcher on \\u2029",
    "functions, search, dot matcher on \\u2028",
    "functions, search, dot matcher on \\u2029",
    "functions, match, non-string second arg",
    "functions, search, non-string second arg",
];

/// Why `case` fails, if it does.
fn failure(case: &Value) -> Option<String> {
    let selector = case["selector"].as_str()?;
    let compiled = JsonPath::compile(selector);
    if case.get("invalid_selector").is_some() {
        return compiled
            .ok()
            .map(|_| "accepts an invalid selector".to_string());
    }
    let path = match compiled {
        Ok(path) => path,
        Err(e) => return Some(format!("rejects a valid selector: {e}")),
    };
    let actual: Vec<Value> = path
        .select(&case["document"])
        .into_iter()
        .cloned()
        .collect();
    // `results` lists every acceptable order where member order is not fixed.
    let acceptable: Vec<&Value> = match case.get("results") {
        Some(Value::Array(all)) => all.iter().collect(),
        _ => vec![&case["result"]],
    };
    if acceptable.iter().any(|r| r.as_array() == Some(&actual)) {
        None
    } else {
        Some(format!("gives {actual:?}, expected one of {acceptable:?}"))
    }
}

#[test]
fn compliance_test_suite() {
    let suite: Value = serde_json::from_str(include_str!("cts.json")).expect("cts.json");
    let cases = suite["tests"].as_array().expect("tests");
    assert!(cases.len() > 700, "{} cases", cases.len());
    for name in SKIPPED_BY_HURL {
        assert!(cases.iter().any(|c| c["name"] == *name), "no case {name}");
    }
    let failures: Vec<String> = cases
        .iter()
        .filter(|c| !SKIPPED_BY_HURL.iter().any(|name| c["name"] == *name))
        .filter_map(|c| failure(c).map(|why| format!("{}: `{}` {why}", c["name"], c["selector"])))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
