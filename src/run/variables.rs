//! Variables: from the command line, files and the environment, options and captures;
//! secrets among them are registered with the redactor as soon as they are known.

use std::collections::HashMap;

use crate::check::Value;
use crate::secret::Redactor;
use crate::spec::ast::Span;

/// The variables of a run or of one file.
#[derive(Clone, Debug, Default)]
pub struct Variables {
    values: HashMap<String, Value>,
    redactor: Redactor,
}

impl Variables {
    /// An empty set reporting its secrets to `redactor`.
    pub fn new(redactor: Redactor) -> Self {
        Variables {
            values: HashMap::new(),
            redactor,
        }
    }

    /// Sets a variable. A value that is already a secret stays one under its new name.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) {
        self.values.insert(name.into(), value);
    }

    /// Sets a secret variable: its text is masked in every output from now on.
    pub fn insert_secret(&mut self, name: impl Into<String>, value: Value) {
        self.redactor.add(value.render());
        self.values.insert(name.into(), value);
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// The redactor the secrets go to.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }
}

/// A value given on the command line, in a variables file or in the environment, typed as
/// Hurl types it: `true`, `false`, `null`, integers (big ones kept as text), floats, a
/// `"quoted"` string without its quotes; anything else is a string as written.
pub fn typed_value(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => {
            if let Ok(i) = text.parse::<i64>() {
                Value::Integer(i)
            } else if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                Value::BigInteger(text.to_string())
            } else if let Some(f) = text.parse::<f64>().ok().filter(|f| f.is_finite()) {
                Value::Float(f)
            } else if let Some(inner) = text
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .filter(|_| text.len() >= 2)
            {
                Value::String(inner.to_string())
            } else {
                Value::String(text.to_string())
            }
        }
    }
}

/// True for a valid variable name: letters, digits, `_` and `-`.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// A variable definition that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VariableError {
    /// A `--variable` or `--secret` flag not of the form `NAME=VALUE`.
    #[error("expecting NAME=VALUE, got '{0}'")]
    Assignment(String),
    /// A malformed line of a variables file, at `span` (byte offsets in the file).
    #[error("{message}")]
    Line {
        /// Where the line's text starts.
        span: Span,
        /// What is wrong.
        message: String,
    },
}

/// Splits `NAME=VALUE` (a command-line flag).
pub fn parse_assignment(text: &str) -> Result<(String, Value), VariableError> {
    match text.split_once('=') {
        Some((name, value)) if is_valid_name(name) => Ok((name.to_string(), typed_value(value))),
        _ => Err(VariableError::Assignment(text.to_string())),
    }
}

/// A variables file: `name=value` lines, blank lines and `#` comments. A malformed line is
/// an error at its first character.
pub fn parse_variables_file(text: &str) -> Result<Vec<(String, Value)>, VariableError> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = line_start + (line.len() - trimmed.len());
        let error = |message: String| VariableError::Line {
            span: Span::new(at, at),
            message,
        };
        let Some((name, value)) = trimmed.split_once('=') else {
            return Err(error("expecting name=value".to_string()));
        };
        let name = name.trim_end();
        if !is_valid_name(name) {
            return Err(error(format!(
                "invalid variable name '{name}': use letters, digits, '_' or '-'"
            )));
        }
        out.push((name.to_string(), typed_value(value.trim_start())));
    }
    Ok(out)
}

/// Named values, in order.
pub type Assignments = Vec<(String, Value)>;

/// `SORTIE_VARIABLE_name` and `SORTIE_SECRET_name` from the environment, and Hurl's
/// `HURL_VARIABLE_name` and `HURL_SECRET_name`: (variables, secrets).
pub fn from_environment() -> (Assignments, Assignments) {
    let mut vars = Vec::new();
    let mut secrets = Vec::new();
    for (key, value) in std::env::vars() {
        let variable = key
            .strip_prefix("SORTIE_VARIABLE_")
            .or_else(|| key.strip_prefix("HURL_VARIABLE_"))
            .filter(|n| !n.is_empty());
        let secret = key
            .strip_prefix("SORTIE_SECRET_")
            .or_else(|| key.strip_prefix("HURL_SECRET_"))
            .filter(|n| !n.is_empty());
        if let Some(name) = variable {
            vars.push((name.to_string(), typed_value(&value)));
        } else if let Some(name) = secret {
            secrets.push((name.to_string(), Value::String(value)));
        }
    }
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    secrets.sort_by(|a, b| a.0.cmp(&b.0));
    (vars, secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values() {
        let cases = [
            ("true", Value::Bool(true)),
            ("null", Value::Null),
            ("42", Value::Integer(42)),
            ("-7", Value::Integer(-7)),
            ("1.5", Value::Float(1.5)),
            (
                "99999999999999999999",
                Value::BigInteger("99999999999999999999".into()),
            ),
            ("abc", Value::String("abc".into())),
            ("1.2.3", Value::String("1.2.3".into())),
            ("", Value::String(String::new())),
            ("\"123\"", Value::String("123".into())),
            ("\"a b\"", Value::String("a b".into())),
            ("\"", Value::String("\"".into())),
            ("1e3", Value::Float(1000.0)),
        ];
        for (text, want) in cases {
            assert_eq!(typed_value(text), want, "{text}");
        }
    }

    #[test]
    fn variables_files() {
        let ok =
            parse_variables_file("# comment\n\nhost=localhost\nport=8080\n  name = x y\n").unwrap();
        assert_eq!(ok.len(), 3);
        assert_eq!(ok[1], ("port".to_string(), Value::Integer(8080)));
        assert_eq!(ok[2], ("name".to_string(), Value::String("x y".into())));
        let text = "a=1\n  oops\n";
        let VariableError::Line { span, message } = parse_variables_file(text).unwrap_err() else {
            panic!("a line error");
        };
        let at = crate::spec::source::line_col(text, span.start as usize);
        assert_eq!(
            (at.line, at.column, message.as_str()),
            (2, 3, "expecting name=value")
        );
        assert!(parse_variables_file("bad name=1")
            .unwrap_err()
            .to_string()
            .contains("invalid variable name"));
    }

    #[test]
    fn secrets_are_registered() {
        let r = Redactor::new();
        let mut v = Variables::new(r.clone());
        v.insert_secret("token", Value::String("CANARY-7".into()));
        assert_eq!(r.redact("x CANARY-7"), "x ***");
        assert_eq!(v.get("token"), Some(&Value::String("CANARY-7".into())));
        assert!(parse_assignment("a=b").is_ok());
        assert!(parse_assignment("=b").is_err());
    }
}
