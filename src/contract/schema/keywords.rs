//! Formats and keywords sortie adds to the validator.
//!
//! `uuid` is checked in every draft (the validator knows it from 2019-09 only). The OpenAPI
//! dialect adds `byte` (base64) and three keywords the OpenAPI converter writes into bundled
//! schemas: `x-sortie-format` (int32/int64 ranges on numbers), `x-sortie-write-only`
//! (stands for a property a response must not carry) and `x-sortie-discriminator` (the selector of a
//! `oneOf`/`anyOf` with a `discriminator`).

use base64::Engine;
use jsonschema::{paths::Location, Keyword, ValidationError, ValidationOptions};
use serde_json::{Map, Value};

/// Keyword for integer format ranges.
pub(crate) const FORMAT_KEYWORD: &str = "x-sortie-format";
/// Keyword listing writeOnly property names.
pub(crate) const WRITE_ONLY_KEYWORD: &str = "x-sortie-write-only";
/// Keyword checking a discriminator property's presence and value.
pub(crate) const DISCRIMINATOR_KEYWORD: &str = "x-sortie-discriminator";

/// The OpenAPI keyword each sortie keyword stands for, for schema paths shown to users.
pub(crate) fn original_keyword(keyword: &str) -> Option<&'static str> {
    match keyword {
        FORMAT_KEYWORD => Some("format"),
        WRITE_ONLY_KEYWORD => Some("writeOnly"),
        DISCRIMINATOR_KEYWORD => Some("discriminator"),
        _ => None,
    }
}

/// Adds what every schema gets.
pub(crate) fn json_schema(options: ValidationOptions<'static>) -> ValidationOptions<'static> {
    options
        .should_validate_formats(true)
        .with_format("uuid", is_uuid)
}

/// Adds the OpenAPI formats and sortie's keywords.
pub(crate) fn openapi(options: ValidationOptions<'static>) -> ValidationOptions<'static> {
    json_schema(options)
        .with_format("byte", is_base64)
        .with_keyword(
            FORMAT_KEYWORD,
            |_: &Map<String, Value>, value: &Value, _| {
                let format = match value.as_str() {
                    Some("int32") => IntFormat::Int32,
                    Some("int64") => IntFormat::Int64,
                    _ => return Err(ValidationError::schema("x-sortie-format: unknown format")),
                };
                Ok(Box::new(format) as Box<dyn for<'i> Keyword<'i>>)
            },
        )
        .with_keyword(
            WRITE_ONLY_KEYWORD,
            |_: &Map<String, Value>, value: &Value, _| {
                let name = value.as_str().unwrap_or_default().to_string();
                Ok(Box::new(WriteOnly { name }) as Box<dyn for<'i> Keyword<'i>>)
            },
        )
        .with_keyword(
            DISCRIMINATOR_KEYWORD,
            |_: &Map<String, Value>, value: &Value, _: Location| {
                let property = value
                    .get("propertyName")
                    .and_then(Value::as_str)
                    .ok_or_else(|| ValidationError::schema("discriminator without propertyName"))?
                    .to_string();
                let values = value
                    .get("values")
                    .and_then(Value::as_array)
                    .map(|items| {
                        items
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Box::new(Discriminator { property, values }) as Box<dyn for<'i> Keyword<'i>>)
            },
        )
}

/// RFC 4122 textual form: 8-4-4-4-12 hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_base64(text: &str) -> bool {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .is_ok()
}

#[derive(Clone, Copy)]
enum IntFormat {
    Int32,
    Int64,
}

impl IntFormat {
    fn name(self) -> &'static str {
        match self {
            IntFormat::Int32 => "int32",
            IntFormat::Int64 => "int64",
        }
    }

    fn accepts(self, number: &serde_json::Number) -> bool {
        let (min, max) = match self {
            IntFormat::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            IntFormat::Int64 => (i64::MIN, i64::MAX),
        };
        if let Some(n) = number.as_i64() {
            return (min..=max).contains(&n);
        }
        if number.as_u64().is_some() {
            // Above i64::MAX.
            return false;
        }
        // A float: the integer check is `type`'s job; only the range is ours.
        number
            .as_f64()
            .is_some_and(|f| f >= min as f64 && f <= max as f64)
    }
}

impl<'i> Keyword<'i> for IntFormat {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(format!(
                "{instance} is outside the {} range",
                self.name()
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance {
            Value::Number(number) => self.accepts(number),
            _ => true,
        }
    }
}

/// Stands for a writeOnly property's schema: evaluated only when the property is present,
/// which a response must not do.
struct WriteOnly {
    name: String,
}

impl<'i> Keyword<'i> for WriteOnly {
    fn validate(&self, _instance: &'i Value) -> Result<(), ValidationError<'i>> {
        Err(ValidationError::custom(format!(
            "writeOnly property \"{}\" must not be present in a response",
            self.name
        )))
    }

    fn is_valid(&self, _instance: &'i Value) -> bool {
        false
    }
}

struct Discriminator {
    property: String,
    values: Vec<String>,
}

impl Discriminator {
    fn problem(&self, instance: &Value) -> Option<String> {
        let property = &self.property;
        let Some(object) = instance.as_object() else {
            return Some(format!(
                "expected an object carrying the discriminator property \"{property}\", got {}",
                json_type(instance)
            ));
        };
        match object.get(property) {
            None => Some(format!("discriminator property \"{property}\" is missing")),
            Some(Value::String(s)) if self.values.iter().any(|v| v == s) => None,
            Some(other) => Some(format!(
                "{other} is not a value of discriminator \"{property}\" (expected one of {})",
                self.values
                    .iter()
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

impl<'i> Keyword<'i> for Discriminator {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        match self.problem(instance) {
            Some(message) => Err(ValidationError::custom(message)),
            None => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.problem(instance).is_none()
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_and_base64_checks() {
        let uuids = [
            ("123e4567-e89b-12d3-a456-426614174000", true),
            ("123E4567-E89B-12D3-A456-426614174000", true),
            ("123e4567e89b12d3a456426614174000", false),
            ("123e4567-e89b-12d3-a456-42661417400g", false),
            ("", false),
        ];
        for (text, ok) in uuids {
            assert_eq!(is_uuid(text), ok, "{text:?}");
        }
        for (text, ok) in [
            ("aGVsbG8=", true),
            ("aGVsbG8", false),
            ("not base64!", false),
        ] {
            assert_eq!(is_base64(text), ok, "{text:?}");
        }
    }

    #[test]
    fn integer_format_ranges() {
        let cases = [
            (IntFormat::Int32, "2147483647", true),
            (IntFormat::Int32, "2147483648", false),
            (IntFormat::Int32, "-2147483649", false),
            (IntFormat::Int64, "9223372036854775807", true),
            (IntFormat::Int64, "9223372036854775808", false),
            (IntFormat::Int32, "1.0", true),
            (IntFormat::Int32, "1e12", false),
        ];
        for (format, text, ok) in cases {
            let number: serde_json::Number = serde_json::from_str(text).expect("number");
            assert_eq!(format.accepts(&number), ok, "{} {text}", format.name());
        }
    }
}
