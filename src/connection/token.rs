//! The run's token cache: one entry per resolved OAuth connection, shared by every file.
//!
//! Single flight: the first caller fetches while later callers wait on the entry's condition
//! variable, so 24 files starting at once make one token request. A token is renewed 30 s
//! before it expires (half-way through lifetimes under a minute, so that a short-lived token
//! is still used), and once when a server refuses it with a 401.

use super::error::ConnectionError;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::OAuthConfig;

/// How long before its expiry a token is renewed.
pub const RENEW_MARGIN: Duration = Duration::from_secs(30);

/// An access token and what came with it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    /// The access token (a secret).
    pub access: String,
    /// The refresh token, when the server gave one (a secret).
    pub refresh: Option<String>,
    /// When it should be renewed; `None` when the server gave no lifetime.
    pub renew_at: Option<Instant>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("renew_at", &self.renew_at)
            .finish_non_exhaustive()
    }
}

impl Token {
    /// A token obtained now that lives `lifetime` (`expires_in`), if the server said.
    pub fn new(access: String, refresh: Option<String>, lifetime: Option<Duration>) -> Self {
        let renew_at = lifetime.map(|life| {
            let margin = RENEW_MARGIN.min(life / 2);
            Instant::now() + (life - margin)
        });
        Token {
            access,
            refresh,
            renew_at,
        }
    }

    /// True while the token may be used without renewing it.
    pub fn is_fresh(&self, now: Instant) -> bool {
        self.renew_at.is_none_or(|at| now < at)
    }
}

/// The cache: connection → entry.
#[derive(Debug, Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<OAuthConfig, Arc<Entry>>>,
}

#[derive(Debug, Default)]
struct Entry {
    state: Mutex<State>,
    done: Condvar,
}

#[derive(Debug, Default)]
struct State {
    token: Option<Token>,
    fetching: bool,
    /// Counts fetches, so that waiters know whether the failure they see is theirs.
    round: u64,
    failure: Option<(u64, ConnectionError)>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Ends a fetch even when the fetch function panics, so that no waiter hangs.
struct Flight<'a> {
    entry: &'a Entry,
    round: u64,
    result: Option<Result<Token, ConnectionError>>,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        let mut state = lock(&self.entry.state);
        state.fetching = false;
        match self.result.take() {
            Some(Ok(token)) => {
                state.token = Some(token);
                state.failure = None;
            }
            Some(Err(message)) => state.failure = Some((self.round, message)),
            None => {
                state.failure = Some((
                    self.round,
                    ConnectionError::Token("the token request was interrupted".to_string()),
                ))
            }
        }
        self.entry.done.notify_all();
    }
}

impl TokenCache {
    /// A fresh token for `key`: the cached one, or one obtained by `fetch`, which receives
    /// the previous token (for its refresh token). Concurrent callers share one fetch, and
    /// its failure.
    pub fn get<F>(&self, key: &OAuthConfig, fetch: F) -> Result<Token, ConnectionError>
    where
        F: FnOnce(Option<&Token>) -> Result<Token, ConnectionError>,
    {
        self.obtain(key, None, fetch)
    }

    /// A token other than `rejected` (refused by a server): renewed by `fetch`, unless
    /// another caller renewed it already.
    pub fn renew<F>(
        &self,
        key: &OAuthConfig,
        rejected: &str,
        fetch: F,
    ) -> Result<Token, ConnectionError>
    where
        F: FnOnce(Option<&Token>) -> Result<Token, ConnectionError>,
    {
        self.obtain(key, Some(rejected), fetch)
    }

    fn entry(&self, key: &OAuthConfig) -> Arc<Entry> {
        let mut entries = lock(&self.entries);
        entries.entry(key.clone()).or_default().clone()
    }

    fn obtain<F>(
        &self,
        key: &OAuthConfig,
        rejected: Option<&str>,
        fetch: F,
    ) -> Result<Token, ConnectionError>
    where
        F: FnOnce(Option<&Token>) -> Result<Token, ConnectionError>,
    {
        let entry = self.entry(key);
        let mut state = lock(&entry.state);
        while state.fetching {
            let round = state.round;
            while state.fetching && state.round == round {
                state = entry.done.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            if let Some((failed, message)) = &state.failure {
                if *failed == round {
                    return Err(message.clone());
                }
            }
        }
        if let Some(token) = &state.token {
            let usable = match rejected {
                // Someone else renewed it while this request was being refused.
                Some(bad) => token.access != bad,
                None => token.is_fresh(Instant::now()),
            };
            if usable {
                return Ok(token.clone());
            }
        }
        state.fetching = true;
        state.round += 1;
        let previous = state.token.clone();
        let mut flight = Flight {
            entry: &entry,
            round: state.round,
            result: None,
        };
        drop(state);
        let result = fetch(previous.as_ref());
        flight.result = Some(result.clone());
        drop(flight);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::Flow;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn key(url: &str) -> OAuthConfig {
        OAuthConfig {
            flow: Flow::ClientCredentials,
            token_url: url.to_string(),
            refresh_url: url.to_string(),
            authorize_url: None,
            client_id: "c".into(),
            client_secret: Some("s".into()),
            scopes: vec![],
            headers: vec![],
            params: vec![],
            refresh_token: None,
            redirect_uri: String::new(),
            network: Default::default(),
        }
    }

    #[test]
    fn concurrent_first_uses_share_one_fetch() {
        let cache = TokenCache::default();
        let fetches = AtomicUsize::new(0);
        let k = key("http://a/token");
        std::thread::scope(|s| {
            for _ in 0..16 {
                s.spawn(|| {
                    let t = cache
                        .get(&k, |_| {
                            fetches.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(50));
                            Ok(Token::new(
                                "tok-1".into(),
                                None,
                                Some(Duration::from_secs(3600)),
                            ))
                        })
                        .unwrap();
                    assert_eq!(t.access, "tok-1");
                });
            }
        });
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        // Another connection has its own entry.
        let other = cache.get(&key("http://b/token"), |_| {
            Ok(Token::new("tok-b".into(), None, None))
        });
        assert_eq!(other.unwrap().access, "tok-b");
    }

    #[test]
    fn waiters_share_a_failure_and_later_callers_try_again() {
        let cache = TokenCache::default();
        let k = key("http://a/token");
        let fetches = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    let r = cache.get(&k, |_| {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(50));
                        Err(ConnectionError::Token("invalid_client".to_string()))
                    });
                    assert_eq!(r.unwrap_err().to_string(), "invalid_client");
                });
            }
        });
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        let ok = cache.get(&k, |_| Ok(Token::new("t".into(), None, None)));
        assert_eq!(ok.unwrap().access, "t");
    }

    #[test]
    fn fresh_tokens_are_reused_and_expired_ones_renewed_with_their_refresh_token() {
        // No timing window: one token lives an hour, the other has expired on arrival.
        let cache = TokenCache::default();
        let long = key("http://long/token");
        let first = cache
            .get(&long, |_| {
                Ok(Token::new(
                    "l1".into(),
                    None,
                    Some(Duration::from_secs(3600)),
                ))
            })
            .unwrap();
        assert_eq!(first.access, "l1");
        let again = cache
            .get(&long, |_| panic!("no fetch while fresh"))
            .unwrap();
        assert_eq!(again.access, "l1");

        let k = key("http://a/token");
        let expired = cache
            .get(&k, |_| {
                Ok(Token::new(
                    "a1".into(),
                    Some("r1".into()),
                    Some(Duration::ZERO),
                ))
            })
            .unwrap();
        assert_eq!(expired.access, "a1");
        let renewed = cache
            .get(&k, |prev| {
                assert_eq!(prev.and_then(|p| p.refresh.as_deref()), Some("r1"));
                Ok(Token::new("a2".into(), None, None))
            })
            .unwrap();
        assert_eq!(renewed.access, "a2");
    }

    #[test]
    fn a_refused_token_is_renewed_once() {
        let cache = TokenCache::default();
        let k = key("http://a/token");
        cache
            .get(&k, |_| Ok(Token::new("old".into(), None, None)))
            .unwrap();
        let t = cache
            .renew(&k, "old", |_| Ok(Token::new("new".into(), None, None)))
            .unwrap();
        assert_eq!(t.access, "new");
        // A second request refused with the old token gets the new one without a fetch.
        let t = cache
            .renew(&k, "old", |_| panic!("already renewed"))
            .unwrap();
        assert_eq!(t.access, "new");
    }

    #[test]
    fn margins() {
        let now = Instant::now();
        let long = Token::new("x".into(), None, Some(Duration::from_secs(3600)));
        assert!(long.is_fresh(now));
        assert!(!long.is_fresh(now + Duration::from_secs(3600 - 29)));
        let short = Token::new("x".into(), None, Some(Duration::from_secs(2)));
        assert!(short.is_fresh(now));
        assert!(!short.is_fresh(now + Duration::from_millis(1100)));
        assert!(Token::new("x".into(), None, None).is_fresh(now + Duration::from_secs(1 << 20)));
    }
}
