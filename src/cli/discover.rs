//! Finding spec files: `*.hurl` and `*.sortie` below the given paths, sorted.

use std::io;
use std::path::{Path, PathBuf};

/// True for the extensions sortie reads in directories.
pub fn is_spec_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("hurl") | Some("sortie")
    )
}

/// Expands paths: a file is kept as given; a directory gives its spec files, recursively,
/// sorted by path. Files found twice are kept once, in first-seen order.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, io::Error)> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| (path.clone(), e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), (PathBuf, io::Error)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| (path.clone(), e))?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if is_spec_file(&path) {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_spec_files_recursively_and_sorted() {
        let dir = std::env::temp_dir().join(format!("sortie-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b/c")).unwrap();
        for f in [
            "z.hurl",
            "a.sortie",
            "b/c/x.hurl",
            "b/readme.md",
            "b/y.hurl",
        ] {
            std::fs::write(dir.join(f), "").unwrap();
        }
        let found = discover(std::slice::from_ref(&dir)).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.sortie", "b/c/x.hurl", "b/y.hurl", "z.hurl"]);
        let missing = discover(&[dir.join("nope")]).unwrap_err();
        assert_eq!(missing.1.kind(), io::ErrorKind::NotFound);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
