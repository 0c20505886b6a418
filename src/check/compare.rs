//! Comparing values for predicates, and showing them in reports.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::cookie::parse_cookie_date;
use super::Value;

/// Longest value text shown in a report before it is cut.
const MAX_SHOWN: usize = 2000;

/// A value as reports show it: strings quoted, numbers plain, long texts cut.
pub(crate) fn show(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() <= MAX_SHOWN {
        return text;
    }
    let cut: String = text.chars().take(MAX_SHOWN).collect();
    format!("{cut}… ({} characters)", text.chars().count())
}

/// A value with its type, for type checks and mismatches: `integer 4`, `string "a"`.
pub(crate) fn typed(v: &Value) -> String {
    match v {
        Value::Null | Value::Date(_) => show(v),
        _ => format!("{} {}", v.type_name(), show(v)),
    }
}

/// A date from a date value, or from a string written as an HTTP, RFC 2822 or RFC 3339 date.
fn as_date(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::Date(d) => Some(*d),
        Value::String(s) => parse_cookie_date(s),
        _ => None,
    }
}

/// A number, exactly when it is an integer that fits in i128.
enum Num {
    Int(i128),
    Float(f64),
}

fn as_num(v: &Value) -> Option<Num> {
    match v {
        Value::Integer(i) => Some(Num::Int(i128::from(*i))),
        Value::BigInteger(s) => match s.parse::<i128>() {
            Ok(i) => Some(Num::Int(i)),
            Err(_) => s.parse::<f64>().ok().map(Num::Float),
        },
        Value::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

/// Numbers by value across integer, float and big integer.
fn compare_numbers(a: &Value, b: &Value) -> Option<Ordering> {
    match (as_num(a)?, as_num(b)?) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(&y)),
        (Num::Int(x), Num::Float(y)) => (x as f64).partial_cmp(&y),
        (Num::Float(x), Num::Int(y)) => x.partial_cmp(&(y as f64)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y),
    }
}

/// The order of two values when they can be ordered: numbers by value, strings
/// lexicographically, dates in time (a date against a string written as a date too).
pub(crate) fn order(actual: &Value, expected: &Value) -> Option<Ordering> {
    if actual.is_number() && expected.is_number() {
        return compare_numbers(actual, expected);
    }
    match (actual, expected) {
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Date(_), _) | (_, Value::Date(_)) => {
            Some(as_date(actual)?.cmp(&as_date(expected)?))
        }
        _ => None,
    }
}

/// Equality by meaning: numbers by value, objects in any key order, a date and a string
/// written as the same date.
pub(crate) fn equal(actual: &Value, expected: &Value) -> bool {
    if actual.is_number() && expected.is_number() {
        return compare_numbers(actual, expected) == Some(Ordering::Equal);
    }
    match (actual, expected) {
        (Value::Date(_), Value::String(_)) | (Value::String(_), Value::Date(_)) => {
            order(actual, expected) == Some(Ordering::Equal)
        }
        _ => actual == expected,
    }
}

/// True when both values are of kinds that `==` compares (numbers together, a date with a
/// string); used to show the actual value's type when they are not.
pub(crate) fn comparable(actual: &Value, expected: &Value) -> bool {
    (actual.is_number() && expected.is_number())
        || actual.type_name() == expected.type_name()
        || matches!(
            (actual, expected),
            (Value::Date(_), Value::String(_)) | (Value::String(_), Value::Date(_))
        )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn orders_and_equalities() {
        let date = Value::Date(Utc.with_ymd_and_hms(2015, 10, 21, 7, 28, 0).unwrap());
        let s = |t: &str| Value::String(t.to_string());
        let big = Value::BigInteger("18446744073709551616".to_string());
        let rows = [
            (Value::Integer(1), Value::Float(1.0), Some(Ordering::Equal)),
            (
                Value::Integer(2),
                Value::Float(1.5),
                Some(Ordering::Greater),
            ),
            (
                big.clone(),
                Value::Integer(i64::MAX),
                Some(Ordering::Greater),
            ),
            (Value::Integer(-3), big.clone(), Some(Ordering::Less)),
            (big.clone(), big.clone(), Some(Ordering::Equal)),
            (s("abc"), s("abd"), Some(Ordering::Less)),
            (s("b"), s("B"), Some(Ordering::Greater)),
            (
                date.clone(),
                s("Wed, 21 Oct 2015 07:28:00 GMT"),
                Some(Ordering::Equal),
            ),
            (
                date.clone(),
                s("2016-01-01T00:00:00Z"),
                Some(Ordering::Less),
            ),
            (date.clone(), s("not a date"), None),
            (Value::Integer(200), s("200"), None),
            (Value::Bool(true), Value::Bool(true), None),
            (Value::Null, Value::Integer(0), None),
        ];
        for (a, b, expected) in rows {
            assert_eq!(order(&a, &b), expected, "{a} vs {b}");
        }
        assert!(equal(&date, &s("Wed, 21 Oct 2015 07:28:00 GMT")));
        assert!(equal(&Value::Integer(3), &Value::Float(3.0)));
        assert!(!equal(&Value::Integer(200), &s("200")));
        assert!(equal(&Value::Null, &Value::Null));
    }

    #[test]
    fn shows_values() {
        assert_eq!(typed(&Value::Integer(4)), "integer 4");
        assert_eq!(typed(&Value::String("a".into())), "string \"a\"");
        assert_eq!(typed(&Value::Null), "null");
        let long = Value::String("x".repeat(3000));
        assert!(show(&long).ends_with("… (3002 characters)"));
    }
}
