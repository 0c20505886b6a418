//! Transport retries: which outcomes are re-sent, and how long to wait before each.

use std::time::{Duration, SystemTime};

/// Retry-After values above this are capped.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(60);
/// First backoff delay.
pub const BACKOFF_BASE: Duration = Duration::from_millis(250);
/// Largest backoff delay.
pub const BACKOFF_CAP: Duration = Duration::from_secs(30);

/// When and how to re-send a request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Re-sends after the first attempt.
    pub max_retries: u32,
    /// Fixed wait between attempts (unless backoff is on).
    pub delay: Duration,
    /// Exponential backoff with full jitter instead of `delay`.
    pub backoff: bool,
    /// Also retry any status ≥ 300 that was not followed as a redirect.
    pub retry_all_errors: bool,
}

impl RetryPolicy {
    /// True when a response with this status should be sent again.
    pub fn retries_status(&self, status: u16) -> bool {
        status >= 500 || (self.retry_all_errors && status >= 300)
    }

    /// The wait before attempt `next` (2 for the first retry). `retry_after` is the value of a
    /// `Retry-After` header on a 429 or 503, which wins when present.
    pub fn delay_before(&self, next: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(RETRY_AFTER_CAP);
        }
        if self.backoff {
            let exp = next.saturating_sub(2).min(16);
            let ceiling = BACKOFF_BASE.saturating_mul(1u32 << exp).min(BACKOFF_CAP);
            // Full jitter: anywhere between zero and the ceiling.
            let millis = ceiling.as_millis() as u64;
            Duration::from_millis(fastrand::u64(0..=millis))
        } else {
            self.delay
        }
    }
}

/// Parses `Retry-After`: delta seconds or an HTTP date (relative to `now`).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a number: as long as the cap allows.
        return Some(
            value
                .parse::<u64>()
                .map_or(RETRY_AFTER_CAP, Duration::from_secs),
        );
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_retry_after_is_capped_not_ignored() {
        let now = SystemTime::now();
        let huge = parse_retry_after("99999999999999999999999999", now).unwrap();
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_before(2, Some(huge)), RETRY_AFTER_CAP);
        assert_eq!(parse_retry_after("12", now), Some(Duration::from_secs(12)));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn statuses_retried() {
        let plain = RetryPolicy {
            max_retries: 3,
            ..Default::default()
        };
        let all = RetryPolicy {
            retry_all_errors: true,
            ..plain.clone()
        };
        for (status, by_plain, by_all) in [
            (200, false, false),
            (302, false, true),
            (404, false, true),
            (429, false, true),
            (500, true, true),
            (503, true, true),
        ] {
            assert_eq!(plain.retries_status(status), by_plain, "{status}");
            assert_eq!(all.retries_status(status), by_all, "{status}");
        }
    }

    #[test]
    fn fixed_delay_and_retry_after_cap() {
        let p = RetryPolicy {
            delay: Duration::from_millis(500),
            ..Default::default()
        };
        assert_eq!(p.delay_before(2, None), Duration::from_millis(500));
        assert_eq!(
            p.delay_before(2, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay_before(2, Some(Duration::from_secs(600))),
            RETRY_AFTER_CAP
        );
    }

    #[test]
    fn backoff_doubles_under_a_cap_with_jitter() {
        let p = RetryPolicy {
            backoff: true,
            ..Default::default()
        };
        for (next, ceiling_ms) in [(2, 250), (3, 500), (4, 1000), (10, 30_000), (40, 30_000)] {
            for _ in 0..50 {
                let d = p.delay_before(next, None);
                assert!(d <= Duration::from_millis(ceiling_ms), "{next}: {d:?}");
            }
        }
        // Jitter: not always the ceiling.
        let distinct: std::collections::HashSet<_> =
            (0..50).map(|_| p.delay_before(5, None)).collect();
        assert!(distinct.len() > 1);
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(7)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
