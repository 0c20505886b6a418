//! Per-run cache of compiled schemas, shared by the threads that run spec files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use serde_json::Value;

use super::super::ContractError;
use super::{CompiledSchema, SchemaSource, SchemaViolation};

/// Files by canonical path; text and values by their text and base directory. Each with the
/// root its `$ref`s are confined to: the same schema under another root may resolve
/// differently (or not at all).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CacheKey {
    source: SourceKey,
    root: Option<PathBuf>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum SourceKey {
    File(PathBuf),
    Text(String, Option<PathBuf>),
}

impl SourceKey {
    fn of(source: &SchemaSource<'_>) -> Result<Self, ContractError> {
        Ok(match *source {
            SchemaSource::File(path) => {
                SourceKey::File(path.canonicalize().map_err(|source| ContractError::Io {
                    path: path.to_path_buf(),
                    source,
                })?)
            }
            SchemaSource::Text { text, base_dir } => {
                SourceKey::Text(text.to_string(), base_dir.map(PathBuf::from))
            }
            SchemaSource::Value { value, base_dir } => {
                SourceKey::Text(value.to_string(), base_dir.map(PathBuf::from))
            }
        })
    }
}

/// Compiled schemas of one run. Thread-safe: lookups share a read lock, and compilation
/// happens outside any lock (two threads may compile the same schema once each; the first
/// stored wins).
#[derive(Debug, Default)]
pub struct SchemaCache {
    entries: RwLock<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_key: HashMap<CacheKey, Arc<CompiledSchema>>,
    /// File paths as given (with the root as given), so a hit costs no `canonicalize`
    /// system call.
    by_given_path: HashMap<(PathBuf, Option<PathBuf>), Arc<CompiledSchema>>,
}

impl SchemaCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The compiled schema for `source`, compiling it on first use. Failures are not cached.
    pub fn get_or_compile(
        &self,
        source: &SchemaSource<'_>,
    ) -> Result<Arc<CompiledSchema>, ContractError> {
        self.get_or_compile_within(source, None)
    }

    /// As [`Self::get_or_compile`], the files `$ref`s read confined to `root` (see
    /// [`CompiledSchema::compile_within`]).
    pub fn get_or_compile_within(
        &self,
        source: &SchemaSource<'_>,
        root: Option<&Path>,
    ) -> Result<Arc<CompiledSchema>, ContractError> {
        let given = |path: &Path| (path.to_path_buf(), root.map(Path::to_path_buf));
        if let SchemaSource::File(path) = source {
            let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(found) = entries.by_given_path.get(&given(path)) {
                return Ok(Arc::clone(found));
            }
        }
        let key = CacheKey {
            source: SourceKey::of(source)?,
            root: match root {
                Some(dir) => Some(dir.canonicalize().map_err(|source| ContractError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?),
                None => None,
            },
        };
        let found = self
            .entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .by_key
            .get(&key)
            .cloned();
        let compiled = match found {
            Some(found) => found,
            None => Arc::new(CompiledSchema::compile_within(source, root)?),
        };
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        let stored = Arc::clone(entries.by_key.entry(key).or_insert(compiled));
        if let SchemaSource::File(path) = source {
            entries
                .by_given_path
                .insert(given(path), Arc::clone(&stored));
        }
        Ok(stored)
    }

    /// Number of compiled schemas held.
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .by_key
            .len()
    }

    /// Whether nothing was compiled yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Validates each instance against `source` as `matchesSchema` does, looking the schema up in
/// `cache` every time (the per-assert path). Returns the violations of each instance.
pub fn validate_many(
    cache: &SchemaCache,
    source: &SchemaSource<'_>,
    instances: &[Value],
) -> Result<Vec<Vec<SchemaViolation>>, ContractError> {
    instances
        .iter()
        .map(|instance| Ok(cache.get_or_compile(source)?.validate(instance)))
        .collect()
}
