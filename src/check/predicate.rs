//! Predicates: the tests an assert applies to a value, with Hurl 8 semantics.
//!
//! * A predicate on no value is false (so `exists` fails and `not exists` passes), and the
//!   actual value is shown as `none`.
//! * `==` / `!=` compare by meaning (numbers by value, objects in any key order); values of
//!   different types are simply unequal.
//! * Ordering, text and collection predicates given a value of the wrong type fail, with or
//!   without `not` (Hurl's "type mismatch"), and show the actual value with its type.

use super::compare::{comparable, equal, order, show, typed};
use super::json::{json_diff, json_equal, text_diff};
use super::query::regex_at;
use super::{CheckError, Context, PredicateOutcome, Value};
use crate::spec::ast::{
    JsonValue, Number, Predicate, PredicateFunc, PredicateValue, PredicateValueKind,
};

/// The expected value of a predicate value (templates rendered, files read, JSON built with
/// templates resolved).
pub fn predicate_value(v: &PredicateValue, cx: &dyn Context) -> Result<Value, CheckError> {
    Ok(match &v.kind {
        PredicateValueKind::Null => Value::Null,
        PredicateValueKind::Bool(b) => Value::Bool(*b),
        PredicateValueKind::Number(Number::Integer(i)) => Value::Integer(*i),
        PredicateValueKind::Number(Number::Float(f, _)) => Value::Float(*f),
        PredicateValueKind::Number(Number::BigInteger(s)) => Value::BigInteger(s.clone()),
        PredicateValueKind::String(t) => Value::String(cx.render(t)?),
        PredicateValueKind::Multiline(m) => Value::String(super::body::multiline_text(m, cx)?),
        PredicateValueKind::Base64(b) | PredicateValueKind::Hex(b) => Value::Bytes(b.clone()),
        PredicateValueKind::File(t) => Value::Bytes(cx.read_file(t)?),
        PredicateValueKind::Regex(pattern) => Value::String(pattern.clone()),
        PredicateValueKind::Expr(e) => cx.expr(e)?,
        PredicateValueKind::Json(j) => json_value(j, v, cx)?,
    })
}

/// A JSON literal with its templates resolved (a bare `{{…}}` keeps its variable's type).
fn json_value(j: &JsonValue, at: &PredicateValue, cx: &dyn Context) -> Result<Value, CheckError> {
    Ok(match j {
        JsonValue::Null => Value::Null,
        JsonValue::Bool(b) => Value::Bool(*b),
        JsonValue::Number(text) => {
            let n: serde_json::Value = serde_json::from_str(text).map_err(|_| {
                CheckError::invalid(format!("invalid JSON number '{text}'"), at.span)
            })?;
            Value::from_json(&n)
        }
        JsonValue::String(t) => Value::String(cx.render(t)?),
        JsonValue::Array(items) => Value::List(
            items
                .iter()
                .map(|i| json_value(i, at, cx))
                .collect::<Result<_, _>>()?,
        ),
        JsonValue::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| Ok((cx.render(k)?, json_value(v, at, cx)?)))
                .collect::<Result<_, CheckError>>()?,
        ),
        JsonValue::Expr(e) => cx.expr(e)?,
    })
}

/// What a predicate function found, before `not` is applied.
pub(super) struct Check {
    /// The function holds.
    pub(super) holds: bool,
    /// The actual value is of a type the function does not test: fails even with `not`.
    pub(super) mismatch: bool,
    /// The expected description, without `not`.
    pub(super) expected: String,
    /// The actual description.
    pub(super) actual: String,
    /// A diff when `==` fails on JSON values or multi-line texts; the violations when
    /// `matchesSchema` fails.
    pub(super) diff: Option<String>,
}

impl Check {
    pub(super) fn new(holds: bool, expected: String, actual: String) -> Check {
        Check {
            holds,
            mismatch: false,
            expected,
            actual,
            diff: None,
        }
    }

    pub(super) fn mismatch(expected: String, actual: &Value) -> Check {
        Check {
            holds: false,
            mismatch: true,
            expected,
            actual: typed(actual),
            diff: None,
        }
    }
}

/// Evaluates a predicate on the actual value (None = no value).
pub fn eval_predicate(
    p: &Predicate,
    actual: Option<&Value>,
    cx: &dyn Context,
) -> Result<PredicateOutcome, CheckError> {
    let check = eval_func(&p.func, actual, cx)?;
    let passed = !check.mismatch && check.holds != p.not;
    let expected = if p.not {
        format!("not {}", check.expected)
    } else {
        check.expected
    };
    Ok(PredicateOutcome {
        passed,
        expected,
        actual: check.actual,
        diff: if passed { None } else { check.diff },
    })
}

fn eval_func(
    f: &PredicateFunc,
    actual: Option<&Value>,
    cx: &dyn Context,
) -> Result<Check, CheckError> {
    use PredicateFunc as F;
    let expected_of = |pv: &PredicateValue| predicate_value(pv, cx);
    match f {
        F::Equal(pv) => {
            let e = expected_of(pv)?;
            let desc = format!("== {}", show(&e));
            let Some(a) = actual else {
                return Ok(none(desc));
            };
            Ok(eval_equal(pv, &e, a, desc))
        }
        F::NotEqual(pv) => {
            let e = expected_of(pv)?;
            let desc = format!("!= {}", show(&e));
            let Some(a) = actual else {
                return Ok(none(desc));
            };
            Ok(Check::new(!equal(a, &e), desc, shown_against(a, &e)))
        }
        F::Greater(pv) | F::GreaterOrEqual(pv) | F::Less(pv) | F::LessOrEqual(pv) => {
            let e = expected_of(pv)?;
            let (word, accepts): (&str, fn(std::cmp::Ordering) -> bool) = match f {
                F::Greater(_) => ("greater than", |o| o.is_gt()),
                F::GreaterOrEqual(_) => ("greater than or equal to", |o| o.is_ge()),
                F::Less(_) => ("less than", |o| o.is_lt()),
                _ => ("less than or equal to", |o| o.is_le()),
            };
            let desc = format!("{word} {}", show(&e));
            let Some(a) = actual else {
                return Ok(none(desc));
            };
            Ok(match order(a, &e) {
                Some(o) => Check::new(accepts(o), desc, show(a)),
                None => Check::mismatch(desc, a),
            })
        }
        F::StartWith(pv) | F::EndWith(pv) => {
            let e = expected_of(pv)?;
            let start = matches!(f, F::StartWith(_));
            let word = if start { "starts with" } else { "ends with" };
            let desc = format!("{word} {}", show(&e));
            let Some(a) = actual else {
                return Ok(none(desc));
            };
            let holds = match (a, &e) {
                (Value::String(a), Value::String(e)) if start => a.starts_with(e.as_str()),
                (Value::String(a), Value::String(e)) => a.ends_with(e.as_str()),
                (Value::Bytes(a), Value::Bytes(e)) if start => a.starts_with(e),
                (Value::Bytes(a), Value::Bytes(e)) => a.ends_with(e),
                _ => return Ok(Check::mismatch(desc, a)),
            };
            Ok(Check::new(holds, desc, show(a)))
        }
        F::Contain(pv) | F::Include(pv) => {
            let e = expected_of(pv)?;
            let word = if matches!(f, F::Contain(_)) {
                "contains"
            } else {
                "includes"
            };
            let desc = format!("{word} {}", show(&e));
            let Some(a) = actual else {
                return Ok(none(desc));
            };
            let holds = match (a, &e, f) {
                (Value::List(items), _, _) => items.iter().any(|i| equal(i, &e)),
                (Value::String(a), Value::String(e), F::Contain(_)) => a.contains(e.as_str()),
                (Value::Bytes(a), Value::Bytes(e), F::Contain(_)) => {
                    e.is_empty() || a.windows(e.len()).any(|w| w == e.as_slice())
                }
                _ => return Ok(Check::mismatch(desc, a)),
            };
            Ok(Check::new(holds, desc, show(a)))
        }
        F::Match(pv) => {
            let (pattern, desc) = match &pv.kind {
                PredicateValueKind::Regex(p) => (p.clone(), format!("matches /{p}/")),
                _ => match expected_of(pv)? {
                    Value::String(p) => {
                        let desc = format!("matches {}", show(&Value::String(p.clone())));
                        (p, desc)
                    }
                    other => {
                        return Err(CheckError::invalid(
                            format!(
                                "'matches' expects a regex or a string, got {}",
                                other.type_name()
                            ),
                            pv.span,
                        ))
                    }
                },
            };
            let re = regex_at(&pattern, pv.span)?;
            let Some(a) = actual else {
                return Ok(none(desc));
            };
            Ok(match a {
                Value::String(s) => Check::new(re.is_match(s), desc, show(a)),
                _ => Check::mismatch(desc, a),
            })
        }
        F::MatchesSchema(pv) => super::schema::matches_schema(pv, actual, cx),
        F::Exist => Ok(match actual {
            // As Hurl: an empty node-set is no value.
            Some(a @ Value::Nodeset(0)) => Check::new(false, "exists".into(), show(a)),
            Some(a) => Check::new(true, "exists".into(), show(a)),
            None => none("exists".into()),
        }),
        _ => Ok(type_check(f, actual)),
    }
}

/// A predicate on no value: false, shown as `none`.
pub(super) fn none(expected: String) -> Check {
    Check::new(false, expected, "none".to_string())
}

/// The actual value, with its type when it is not comparable to the expected one.
fn shown_against(a: &Value, e: &Value) -> String {
    if comparable(a, e) {
        show(a)
    } else {
        typed(a)
    }
}

/// `==`: by meaning; JSON values (and a JSON literal against a string of JSON) get a diff, as
/// do multi-line texts.
fn eval_equal(pv: &PredicateValue, e: &Value, a: &Value, desc: String) -> Check {
    let json_literal = matches!(pv.kind, PredicateValueKind::Json(_));
    let collection = |v: &Value| matches!(v, Value::List(_) | Value::Object(_));
    if json_literal || (collection(a) && collection(e)) {
        let expected = e.to_json();
        let parsed;
        let actual = match a {
            Value::String(s) if json_literal => match serde_json::from_str(s) {
                Ok(v) => {
                    parsed = v;
                    &parsed
                }
                Err(_) => return Check::new(false, desc, typed(a)),
            },
            _ => {
                parsed = a.to_json();
                &parsed
            }
        };
        let holds = json_equal(&expected, actual);
        let mut check = Check::new(holds, desc, shown_against(a, e));
        check.diff = json_diff(&expected, actual).map(|d| {
            let mut text = d.diff;
            if !d.paths.is_empty() {
                text.push_str(&format!("differs at: {}", d.paths.join(", ")));
            }
            text
        });
        return check;
    }
    let holds = equal(a, e);
    let mut check = Check::new(holds, desc, shown_against(a, e));
    if let (Value::String(x), Value::String(y), false) = (e, a, holds) {
        if x.contains('\n') || y.contains('\n') {
            check.diff = Some(text_diff(x, y));
        }
    }
    check
}

/// The type predicates (`isString`, `isEmpty`, `isUuid`, …).
fn type_check(f: &PredicateFunc, actual: Option<&Value>) -> Check {
    use PredicateFunc as F;
    let desc = match f {
        F::IsBoolean => "a boolean",
        F::IsCollection => "a collection",
        F::IsDate => "a date",
        F::IsEmpty => "empty",
        F::IsFloat => "a float",
        F::IsInteger => "an integer",
        F::IsIpv4 => "an IPv4 address",
        F::IsIpv6 => "an IPv6 address",
        F::IsIsoDate => "an ISO date (YYYY-MM-DDTHH:mm:ss.sssZ)",
        F::IsList => "a list",
        F::IsNumber => "a number",
        F::IsObject => "an object",
        F::IsString => "a string",
        F::IsUuid => "a UUID",
        other => unreachable!("not a type predicate: {other:?}"),
    }
    .to_string();
    let Some(a) = actual else { return none(desc) };
    let text = match a {
        Value::String(s) => Some(s.as_str()),
        _ => None,
    };
    let holds = match f {
        F::IsBoolean => matches!(a, Value::Bool(_)),
        F::IsCollection => matches!(
            a,
            Value::List(_) | Value::Object(_) | Value::Bytes(_) | Value::Nodeset(_)
        ),
        F::IsDate => matches!(a, Value::Date(_)),
        F::IsFloat => matches!(a, Value::Float(_)),
        F::IsInteger => matches!(a, Value::Integer(_) | Value::BigInteger(_)),
        F::IsList => matches!(a, Value::List(_)),
        F::IsNumber => a.is_number(),
        F::IsObject => matches!(a, Value::Object(_) | Value::Nodeset(_)),
        F::IsString => matches!(a, Value::String(_)),
        F::IsEmpty => {
            let size = match a {
                Value::List(v) => v.len(),
                Value::Object(v) => v.len(),
                Value::String(s) => s.chars().count(),
                Value::Bytes(b) => b.len(),
                Value::Nodeset(n) => *n,
                _ => return Check::mismatch(desc, a),
            };
            return Check::new(size == 0, desc, format!("{} of size {size}", a.type_name()));
        }
        _ => {
            let Some(s) = text else {
                return Check::mismatch(desc, a);
            };
            match f {
                F::IsIpv4 => s.parse::<std::net::Ipv4Addr>().is_ok(),
                F::IsIpv6 => s.parse::<std::net::Ipv6Addr>().is_ok(),
                F::IsIsoDate => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
                _ => s.len() == 36 && uuid::Uuid::try_parse(s).is_ok(),
            }
        }
    };
    Check::new(holds, desc, typed(a))
}

#[cfg(test)]
#[path = "predicate_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "predicate_type_tests.rs"]
mod type_tests;
