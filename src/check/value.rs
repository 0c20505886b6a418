//! The typed values that queries return, filters transform, predicates test and variables
//! hold.

use std::fmt;

/// A value read from a response, a variable or a spec literal.
#[derive(Clone, Debug)]
pub enum Value {
    /// `null`
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits in i64.
    Integer(i64),
    /// An integer too large for i64, as its decimal text.
    BigInteger(String),
    /// A float.
    Float(f64),
    /// Text.
    String(String),
    /// A list (JSONPath results, `split`, `redirects`).
    List(Vec<Value>),
    /// A JSON object, members in order.
    Object(Vec<(String, Value)>),
    /// Raw bytes (`bytes`, `sha256`, `base64Decode`, …).
    Bytes(Vec<u8>),
    /// A date-time in UTC (`toDate`, cookie `Expires`, certificate dates).
    Date(chrono::DateTime<chrono::Utc>),
    /// An XPath node-set, by its size (as Hurl keeps it).
    Nodeset(usize),
}

impl Value {
    /// The type name used in messages: `string`, `integer`, `list`, ….
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Integer(_) | Value::BigInteger(_) => "integer",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Bytes(_) => "bytes",
            Value::Date(_) => "date",
            Value::Nodeset(_) => "nodeset",
        }
    }

    /// A JSON value, as parsed by `serde_json` (numbers keep integer/float/big distinctions).
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => {
                // Numbers keep their text (serde_json's arbitrary precision): an integer too
                // large for i64 stays an integer, as in Hurl.
                let text = n.to_string();
                if let Some(i) = n.as_i64() {
                    Value::Integer(i)
                } else if !text.contains(['.', 'e', 'E']) {
                    Value::BigInteger(text)
                } else {
                    Value::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value as JSON (bytes as base64, dates as RFC 3339 text).
    pub fn to_json(&self) -> serde_json::Value {
        use base64::Engine as _;
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Integer(i) => serde_json::Value::from(*i),
            Value::BigInteger(s) => s
                .parse::<serde_json::Number>()
                .map(serde_json::Value::Number)
                .unwrap_or_else(|_| serde_json::Value::String(s.clone())),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
            Value::Bytes(b) => {
                serde_json::Value::String(base64::engine::general_purpose::STANDARD.encode(b))
            }
            Value::Date(d) => serde_json::Value::String(d.to_rfc3339()),
            Value::Nodeset(size) => serde_json::json!({ "size": size, "type": "nodeset" }),
        }
    }

    /// The number as f64, for comparisons across integer and float.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::BigInteger(s) => s.parse().ok(),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// True for integers, big integers and floats.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Value::Integer(_) | Value::BigInteger(_) | Value::Float(_)
        )
    }

    /// The text inserted when the value is used in a template: strings as they are, other
    /// scalars as JSON writes them, lists and objects as JSON.
    pub fn render(&self) -> String {
        match self {
            Value::String(s) => s.clone(),
            Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Value::Date(d) => d.to_rfc3339(),
            Value::Nodeset(size) => format!("Nodeset(size={size})"),
            Value::Float(f) => format_float(*f),
            Value::BigInteger(s) => s.clone(),
            other => other.to_json().to_string(),
        }
    }
}

/// Floats the way people write them: `1.0`, `2.5`, `1e300`.
pub fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

/// Equality by meaning: numbers by value (1 == 1.0), objects whatever their key order,
/// lists in order.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::Date(a), Value::Date(b)) => a == b,
            // As Hurl: node-sets compare by size, and never equal anything else.
            (Value::Nodeset(a), Value::Nodeset(b)) => a == b,
            (Value::BigInteger(a), Value::BigInteger(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v == v2))
            }
            (a, b) if a.is_number() && b.is_number() => match (a, b) {
                (Value::Integer(x), Value::Integer(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            },
            _ => false,
        }
    }
}

impl fmt::Display for Value {
    /// How values appear in messages: strings quoted, bytes in hex, the rest as JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(s) => write!(f, "{}", serde_json::Value::String(s.clone())),
            Value::Bytes(b) => {
                write!(f, "hex,")?;
                for byte in b.iter().take(64) {
                    write!(f, "{byte:02x}")?;
                }
                if b.len() > 64 {
                    write!(f, "…({} bytes)", b.len())?;
                }
                write!(f, ";")
            }
            Value::Float(x) => f.write_str(&format_float(*x)),
            Value::BigInteger(s) => f.write_str(s),
            Value::Date(d) => write!(f, "date {}", d.to_rfc3339()),
            Value::Nodeset(size) => write!(f, "nodeset <Nodeset(size={size})>"),
            other => write!(f, "{}", other.to_json()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_by_meaning() {
        let a = Value::from_json(&serde_json::json!({"a": 1, "b": [1, 2.0]}));
        let b = Value::from_json(&serde_json::json!({"b": [1.0, 2], "a": 1.0}));
        assert_eq!(a, b);
        assert_ne!(Value::Integer(1), Value::String("1".into()));
        assert_ne!(
            Value::from_json(&serde_json::json!([1, 2])),
            Value::from_json(&serde_json::json!([2, 1]))
        );
        assert_eq!(
            Value::from_json(&serde_json::json!(18446744073709551615u64)),
            Value::BigInteger("18446744073709551615".into())
        );
    }

    #[test]
    fn display_and_render() {
        let cases = [
            (Value::String("a\"b".into()), "\"a\\\"b\"", "a\"b"),
            (Value::Integer(3), "3", "3"),
            (Value::Float(2.0), "2.0", "2.0"),
            (Value::Null, "null", "null"),
            (Value::Bool(true), "true", "true"),
            (Value::Bytes(vec![1, 255]), "hex,01ff;", "\u{1}\u{fffd}"),
            (
                Value::BigInteger("18446744073709551616".into()),
                "18446744073709551616",
                "18446744073709551616",
            ),
        ];
        for (v, shown, rendered) in cases {
            assert_eq!(v.to_string(), shown);
            assert_eq!(v.render(), rendered);
        }
        assert_eq!(Value::List(vec![Value::Integer(1)]).type_name(), "list");
    }
}
