//! Resolves `$ref`s to local files only: sortie never reaches outside the machine for a schema.

use std::path::PathBuf;

use jsonschema::{Retrieve, Uri};
use serde_json::Value;

use super::super::load::read_document;

/// Reads `file://` resources (JSON or YAML); refuses every other scheme.
pub(crate) struct LocalRetriever;

impl Retrieve for LocalRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let path = file_path(uri.as_str())?;
        Ok(read_document(&path)?)
    }
}

fn file_path(uri: &str) -> Result<PathBuf, Box<dyn std::error::Error + Send + Sync>> {
    let url = url::Url::parse(uri)?;
    match url.scheme() {
        "file" => url
            .to_file_path()
            .map_err(|()| format!("{uri} does not name a local file").into()),
        "json-schema" => Err(format!(
            "relative $ref {uri} needs a base directory: give the schema as a file"
        )
        .into()),
        _ => Err(format!("remote $ref {uri} is not fetched: only local files are read").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_file_uris_are_read() {
        assert_eq!(
            file_path("file:///tmp/a%20b.json").expect("file uri"),
            PathBuf::from("/tmp/a b.json")
        );
        let remote = file_path("https://example.com/s.json").expect_err("remote");
        assert_eq!(
            remote.to_string(),
            "remote $ref https://example.com/s.json is not fetched: only local files are read"
        );
        let relative = file_path("json-schema:///other.json").expect_err("no base");
        assert!(relative.to_string().contains("needs a base directory"));
    }
}
