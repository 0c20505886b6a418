//! Table-driven checks shared by the test modules. Expected values were recorded from
//! real Hurl 8.0.1 runs (`xpath` asserts against a local server), except where a comment
//! says why this crate differs.

use super::{Document, XpathError, XpathValue};

/// What an expression should give.
#[derive(Clone, Copy, Debug)]
pub(super) enum Exp {
    /// A node-set of that size.
    Nodes(usize),
    /// A number (NaN matches NaN; the sign of zero is checked).
    Num(f64),
    Bool(bool),
    Str(&'static str),
    /// Hurl's "Invalid XPath expression".
    ExprError,
    /// Hurl's "Invalid XML".
    DocError,
    /// Hurl's "Invalid decoding".
    DecodeError,
}

pub(super) use Exp::*;

fn matches(got: &Result<XpathValue, XpathError>, expected: Exp) -> bool {
    match (got, expected) {
        (Ok(XpathValue::Nodeset(nodes)), Nodes(n)) => nodes.len() == n,
        (Ok(XpathValue::Number(x)), Num(y)) if y.is_nan() => x.is_nan(),
        (Ok(XpathValue::Number(x)), Num(y)) => {
            *x == y && (y != 0.0 || x.is_sign_negative() == y.is_sign_negative())
        }
        (Ok(XpathValue::Bool(a)), Bool(b)) => *a == b,
        (Ok(XpathValue::String(a)), Str(b)) => a == b,
        (Err(e), ExprError) => e.is_expression_error(),
        (Err(e), DocError) => e.is_document_error(),
        (Err(e), DecodeError) => e.is_decoding_error(),
        _ => false,
    }
}

/// Evaluates every expression of `cases` on `doc`; reports all mismatches at once.
pub(super) fn check(name: &str, doc: &Document, cases: &[(&str, Exp)]) {
    let mut failures = Vec::new();
    for (expr, expected) in cases {
        let got = super::eval(doc, expr);
        if !matches(&got, *expected) {
            failures.push(format!("  {expr:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Like [`check`] for results that depend on parsing: `parse` gives the document or the
/// error every case then expects.
pub(super) fn check_parsed(
    name: &str,
    parsed: Result<Document, XpathError>,
    cases: &[(&str, Exp)],
) {
    match parsed {
        Ok(doc) => check(name, &doc, cases),
        Err(e) => {
            for (expr, expected) in cases {
                assert!(
                    matches(&Err(e.clone()), *expected),
                    "{name}: {expr:?}: expected {expected:?}, parsing failed with {e:?}"
                );
            }
        }
    }
}
