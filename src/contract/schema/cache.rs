//! Per-run cache of compiled schemas, shared by the threads that run spec files.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};

use serde_json::Value;

use super::super::ContractError;
use super::{CompiledSchema, SchemaSource, SchemaViolation};

/// Files by canonical path; text and values by their text and base directory.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum CacheKey {
    File(PathBuf),
    Text(String, Option<PathBuf>),
}

impl CacheKey {
    fn of(source: &SchemaSource<'_>) -> Result<Self, ContractError> {
        Ok(match *source {
            SchemaSource::File(path) => {
                CacheKey::File(path.canonicalize().map_err(|source| ContractError::Io {
                    path: path.to_path_buf(),
                    source,
                })?)
            }
            SchemaSource::Text { text, base_dir } => {
                CacheKey::Text(text.to_string(), base_dir.map(PathBuf::from))
            }
            SchemaSource::Value { value, base_dir } => {
                CacheKey::Text(value.to_string(), base_dir.map(PathBuf::from))
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
    /// File paths as given, so a hit costs no `canonicalize` system call.
    by_given_path: HashMap<PathBuf, Arc<CompiledSchema>>,
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
        if let SchemaSource::File(path) = source {
            let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(found) = entries.by_given_path.get(*path) {
                return Ok(Arc::clone(found));
            }
        }
        let key = CacheKey::of(source)?;
        let found = self
            .entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .by_key
            .get(&key)
            .cloned();
        let compiled = match found {
            Some(found) => found,
            None => Arc::new(CompiledSchema::compile(source)?),
        };
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        let stored = Arc::clone(entries.by_key.entry(key).or_insert(compiled));
        if let SchemaSource::File(path) = source {
            entries
                .by_given_path
                .insert(path.to_path_buf(), Arc::clone(&stored));
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
