//! Resolves `$ref`s to local files only: sortie never reaches outside the machine for a schema,
//! and a schema named by a spec file reaches no file outside the spec's file root.

use std::path::{Path, PathBuf};

use jsonschema::{Retrieve, Uri};
use serde_json::Value;

use super::super::load::read_document;

/// Reads `file://` resources (JSON or YAML); refuses every other scheme, and files outside
/// `root` when there is one.
pub(crate) struct LocalRetriever {
    /// Canonical folder every file read must be in (symbolic links resolved).
    pub root: Option<PathBuf>,
}

impl Retrieve for LocalRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let path = file_path(uri.as_str())?;
        if let Some(root) = &self.root {
            check_inside(&path, root)?;
        }
        Ok(read_document(&path)?)
    }
}

/// Refuses a file whose real path is outside `root`.
fn check_inside(path: &Path, root: &Path) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let real = path
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if real.starts_with(root) {
        Ok(())
    } else {
        Err(format!(
            "$ref to {} is outside the spec's folder {} (use --file-root to allow another)",
            path.display(),
            root.display()
        )
        .into())
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

    #[test]
    fn files_outside_the_root_are_refused() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contract");
        let root = fixtures.join("schemas").canonicalize().expect("fixtures");
        check_inside(&root.join("address.json"), &root).expect("inside");
        let outside = fixtures.join("openapi/common.yaml");
        let err = check_inside(&outside, &root).expect_err("outside");
        assert!(
            err.to_string().contains("is outside the spec's folder"),
            "{err}"
        );
        let through = root.join("../openapi/common.yaml");
        assert!(check_inside(&through, &root).is_err());
    }
}
