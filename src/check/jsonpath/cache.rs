//! Compiled JSONPath expressions shared across threads.

use std::ops::Deref;
use std::sync::OnceLock;

use super::{JsonPath, JsonPathError};
use crate::check::expr_cache::ExprCache;

/// A thread-safe cache of compiled JSONPath expressions (see [`ExprCache`]).
#[derive(Debug)]
pub struct JsonPathCache(ExprCache<JsonPath, JsonPathError>);

impl JsonPathCache {
    /// How many expressions [`JsonPathCache::new`] keeps.
    pub const DEFAULT_LIMIT: usize = ExprCache::<JsonPath, JsonPathError>::DEFAULT_LIMIT;

    /// An empty cache keeping up to [`JsonPathCache::DEFAULT_LIMIT`] expressions.
    pub fn new() -> Self {
        Self::with_limit(Self::DEFAULT_LIMIT)
    }

    /// An empty cache keeping up to `limit` expressions.
    pub fn with_limit(limit: usize) -> Self {
        JsonPathCache(ExprCache::new(JsonPath::compile, limit))
    }

    /// The process-wide cache.
    pub fn global() -> &'static JsonPathCache {
        static GLOBAL: OnceLock<JsonPathCache> = OnceLock::new();
        GLOBAL.get_or_init(JsonPathCache::new)
    }
}

impl Deref for JsonPathCache {
    type Target = ExprCache<JsonPath, JsonPathError>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Default for JsonPathCache {
    fn default() -> Self {
        Self::new()
    }
}
