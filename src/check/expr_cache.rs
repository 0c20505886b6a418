//! Compiled expressions (JSONPath, XPath) shared across threads, keyed by expression text.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

/// A thread-safe cache of compiled expressions (and of rejected ones, so an invalid
/// expression is not parsed again either).
///
/// It holds at most `limit` expressions; past that, expressions are compiled on each request
/// and not kept (expressions built from changing variables cannot grow it without bound).
#[derive(Debug)]
pub struct ExprCache<T, E> {
    entries: RwLock<HashMap<String, Result<Arc<T>, E>>>,
    compile: fn(&str) -> Result<T, E>,
    limit: usize,
}

impl<T, E: Clone> ExprCache<T, E> {
    /// How many expressions a cache keeps by default.
    pub const DEFAULT_LIMIT: usize = 4096;

    /// An empty cache compiling with `compile`, keeping up to `limit` expressions.
    pub fn new(compile: fn(&str) -> Result<T, E>, limit: usize) -> Self {
        ExprCache {
            entries: RwLock::new(HashMap::new()),
            compile,
            limit,
        }
    }

    /// The compiled `expr`, compiling it on first request.
    pub fn get(&self, expr: &str) -> Result<Arc<T>, E> {
        // A panic elsewhere while holding the lock cannot leave the map inconsistent (each
        // write is one insert), so a poisoned lock is still usable.
        if let Some(hit) = self
            .entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(expr)
        {
            return hit.clone();
        }
        // Compiled outside the lock; two threads may compile the same text, the first
        // stored wins.
        let compiled = (self.compile)(expr).map(Arc::new);
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(hit) = entries.get(expr) {
            return hit.clone();
        }
        if entries.len() < self.limit {
            entries.insert(expr.to_string(), compiled.clone());
        }
        compiled
    }

    /// How many expressions are kept.
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no expression is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
