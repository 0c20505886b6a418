//! Reading JSON or YAML documents (schemas, OpenAPI files) into `serde_json::Value`.

use std::path::Path;

use serde_json::Value;

use super::ContractError;

/// Reads a file: YAML for `.yaml`/`.yml`, JSON for `.json`, otherwise JSON then YAML.
pub fn read_document(path: &Path) -> Result<Value, ContractError> {
    let text = std::fs::read_to_string(path).map_err(|source| ContractError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("yaml" | "yml") => parse_yaml(&text, &origin),
        Some("json") => parse_json(&text, &origin),
        _ => parse_text(&text, &origin),
    }
}

/// Parses text that is JSON or YAML. Text that looks like JSON reports the JSON error.
pub fn parse_text(text: &str, origin: &str) -> Result<Value, ContractError> {
    match serde_json::from_str(text) {
        Ok(value) => Ok(value),
        Err(err) => {
            let trimmed = text.trim_start();
            if trimmed.starts_with('{') || trimmed.starts_with('[') {
                Err(parse_error(origin, &err))
            } else {
                parse_yaml(text, origin)
            }
        }
    }
}

fn parse_json(text: &str, origin: &str) -> Result<Value, ContractError> {
    serde_json::from_str(text).map_err(|err| parse_error(origin, &err))
}

fn parse_yaml(text: &str, origin: &str) -> Result<Value, ContractError> {
    serde_norway::from_str(text).map_err(|err| parse_error(origin, &err))
}

fn parse_error(origin: &str, err: &dyn std::fmt::Display) -> ContractError {
    ContractError::Parse {
        origin: origin.to_string(),
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let value = parse_text("responses:\n  200: {description: ok}\n  2XX: {}\n", "t")
            .expect("valid yaml");
        assert_eq!(
            value,
            json!({"responses": {"200": {"description": "ok"}, "2XX": {}}})
        );
    }

    #[test]
    fn json_error_is_reported_for_json_looking_text() {
        let err = parse_text("{\"a\": }", "inline schema").expect_err("invalid json");
        let message = err.to_string();
        assert!(
            message.starts_with("cannot parse inline schema: expected value"),
            "{message}"
        );
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let err = read_document(Path::new("/nonexistent/contract/x.json")).expect_err("missing");
        assert!(matches!(err, ContractError::Io { .. }), "{err}");
    }
}
