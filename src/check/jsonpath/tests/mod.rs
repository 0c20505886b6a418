//! Tests: the table recorded from the real `hurl` binary, and the API around it.

mod api;
mod cts;
mod oracle_table;

use serde_json::Value;

use super::JsonPath;
use oracle_table::{DOCS, ROWS};

/// What a row's query gives.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// A value, as JSON text (a list of nodes is an array).
    Value(&'static str),
    /// Nothing selected: the query "does not exist".
    Nothing,
    /// The expression is rejected.
    Invalid,
    /// Hurl itself panics (only ever Hurl's outcome, never this crate's).
    Crash,
}

/// One oracle row: `expr` on the document named `doc`.
struct Row {
    id: &'static str,
    doc: &'static str,
    expr: &'static str,
    /// What Hurl 8.0.1 gives.
    hurl: Outcome,
    /// What this crate gives instead, and why, where it deliberately differs.
    deviation: Option<(Outcome, &'static str)>,
}

fn document(name: &str) -> Value {
    let (_, text) = DOCS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no document {name}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("document {name}: {e}"))
}

/// Whether evaluating `expr` on `doc` gives `expected`; the difference when not.
fn check(doc: &Value, expr: &str, expected: Outcome) -> Result<(), String> {
    let actual = match JsonPath::compile(expr) {
        Err(e) => {
            return if expected == Outcome::Invalid {
                Ok(())
            } else {
                Err(format!("rejected: {e}"))
            }
        }
        Ok(path) => path.eval(doc).map(|r| r.to_value()),
    };
    let expected = match expected {
        Outcome::Crash => return Err(format!("gives {actual:?} where hurl crashes")),
        Outcome::Invalid => return Err(format!("accepted, giving {actual:?}")),
        Outcome::Nothing => None,
        Outcome::Value(text) => {
            Some(serde_json::from_str::<Value>(text).map_err(|e| e.to_string())?)
        }
    };
    if actual == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {actual:?}"))
    }
}

#[test]
fn oracle_table_gives_what_hurl_gives() {
    assert!(ROWS.len() >= 80, "the table has {} rows", ROWS.len());
    let failures: Vec<String> = ROWS
        .iter()
        .filter_map(|row| {
            let expected = row.deviation.map_or(row.hurl, |(ours, _)| ours);
            check(&document(row.doc), row.expr, expected)
                .err()
                .map(|e| format!("{} `{}`: {e}", row.id, row.expr))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} rows fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn deviations_differ_from_hurl() {
    for row in ROWS {
        if let Some((ours, why)) = row.deviation {
            assert!(!why.is_empty(), "{}", row.id);
            assert_ne!(ours, row.hurl, "{}", row.id);
            // Hurl's recorded result is indeed not what this crate gives.
            assert!(
                check(&document(row.doc), row.expr, row.hurl).is_err(),
                "{}",
                row.id
            );
        }
    }
}

#[test]
fn oracle_table_covers_every_outcome() {
    let count = |f: fn(&Outcome) -> bool| ROWS.iter().filter(|r| f(&r.hurl)).count();
    assert!(count(|o| matches!(o, Outcome::Value(_))) >= 50);
    assert!(count(|o| matches!(o, Outcome::Nothing)) >= 10);
    assert!(count(|o| matches!(o, Outcome::Invalid)) >= 20);
}
