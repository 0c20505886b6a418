//! `--limit-rate`: a token-bucket pacer (bytes per second) and `Read`/`Write` wrappers.
//!
//! Hurl passes its `--limit-rate` (an integer, bytes per second) to libcurl for both download
//! and upload. [`Pacer`] does the accounting on an injected time line so it is deterministic in
//! tests; [`RateLimited`] wraps a reader or writer with a [`Clock`] that can sleep.

use std::io::{Read, Write};
use std::num::NonZeroU64;
use std::time::{Duration, Instant};

const NANOS_PER_SEC: u128 = 1_000_000_000;
/// Largest default bucket: keeps reads big enough at high rates without long bursts.
const MAX_DEFAULT_BURST: u64 = 64 * 1024;

/// A source of time that can also wait.
pub trait Clock {
    /// Time elapsed since an arbitrary, fixed origin.
    fn now(&self) -> Duration;
    /// Blocks for `duration`.
    fn sleep(&self, duration: Duration);
}

/// The real clock: monotonic time and `std::thread::sleep`.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock whose origin is now.
    pub fn new() -> Self {
        SystemClock {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A token bucket refilled at `rate` bytes per second, holding at most `burst` bytes.
///
/// Tokens are counted in byte-nanoseconds, so there is no rounding drift.
#[derive(Debug, Clone)]
pub struct Pacer {
    rate: u64,
    burst: u64,
    /// Available bytes × 10⁹.
    tokens: u128,
    last: Duration,
}

impl Pacer {
    /// A pacer at `rate` bytes per second with the default burst (a tenth of a second of
    /// traffic, between 1 byte and 64 KiB), full at time `now`.
    pub fn new(rate: NonZeroU64, now: Duration) -> Self {
        let burst = (rate.get() / 10).clamp(1, MAX_DEFAULT_BURST);
        Self::with_burst(rate, burst, now)
    }

    /// A pacer with an explicit bucket size (at least 1 byte).
    pub fn with_burst(rate: NonZeroU64, burst: u64, now: Duration) -> Self {
        let burst = burst.max(1);
        Pacer {
            rate: rate.get(),
            burst,
            tokens: u128::from(burst) * NANOS_PER_SEC,
            last: now,
        }
    }

    /// The bucket size: the most bytes one transfer step may move.
    pub fn burst(&self) -> u64 {
        self.burst
    }

    fn refill(&mut self, now: Duration) {
        if now > self.last {
            let elapsed = (now - self.last).as_nanos();
            let cap = u128::from(self.burst) * NANOS_PER_SEC;
            self.tokens = self
                .tokens
                .saturating_add(elapsed.saturating_mul(u128::from(self.rate)))
                .min(cap);
            self.last = now;
        }
    }

    /// How long to wait from `now` before `bytes` (capped to the burst) may be moved.
    pub fn delay(&mut self, now: Duration, bytes: u64) -> Duration {
        self.refill(now);
        let need = u128::from(bytes.min(self.burst)) * NANOS_PER_SEC;
        if self.tokens >= need {
            return Duration::ZERO;
        }
        let missing = need - self.tokens;
        let nanos = missing.div_ceil(u128::from(self.rate));
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }

    /// Records that `bytes` were moved at `now`.
    pub fn consume(&mut self, now: Duration, bytes: u64) {
        self.refill(now);
        self.tokens = self
            .tokens
            .saturating_sub(u128::from(bytes) * NANOS_PER_SEC);
    }

    /// Waits on `clock` until `wanted` bytes (capped to the burst) may move; returns that
    /// allowance.
    pub fn acquire(&mut self, clock: &impl Clock, wanted: usize) -> usize {
        let wanted = u64::try_from(wanted).unwrap_or(u64::MAX).min(self.burst);
        loop {
            let delay = self.delay(clock.now(), wanted);
            if delay.is_zero() {
                // `wanted` ≤ burst, which came from a usize-sized request.
                return usize::try_from(wanted).unwrap_or(usize::MAX);
            }
            clock.sleep(delay);
        }
    }
}

/// A reader or writer paced by a [`Pacer`].
#[derive(Debug)]
pub struct RateLimited<T, C: Clock = SystemClock> {
    inner: T,
    pacer: Pacer,
    clock: C,
}

impl<T> RateLimited<T, SystemClock> {
    /// Paces `inner` at `rate` bytes per second on the system clock.
    pub fn new(inner: T, rate: NonZeroU64) -> Self {
        let clock = SystemClock::new();
        let pacer = Pacer::new(rate, clock.now());
        RateLimited {
            inner,
            pacer,
            clock,
        }
    }
}

impl<T, C: Clock> RateLimited<T, C> {
    /// Paces `inner` with an explicit pacer and clock.
    pub fn with_clock(inner: T, pacer: Pacer, clock: C) -> Self {
        RateLimited {
            inner,
            pacer,
            clock,
        }
    }

    /// The wrapped reader or writer.
    pub fn into_inner(self) -> T {
        self.inner
    }
}

impl<T: Read, C: Clock> Read for RateLimited<T, C> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return self.inner.read(buf);
        }
        let allowed = self.pacer.acquire(&self.clock, buf.len());
        let n = self.inner.read(&mut buf[..allowed])?;
        self.pacer
            .consume(self.clock.now(), u64::try_from(n).unwrap_or(u64::MAX));
        Ok(n)
    }
}

impl<T: Write, C: Clock> Write for RateLimited<T, C> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return self.inner.write(buf);
        }
        let allowed = self.pacer.acquire(&self.clock, buf.len());
        let n = self.inner.write(&buf[..allowed])?;
        self.pacer
            .consume(self.clock.now(), u64::try_from(n).unwrap_or(u64::MAX));
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A clock that only moves when slept on.
    #[derive(Default)]
    struct FakeClock {
        now: Cell<Duration>,
        sleeps: Cell<u32>,
    }

    impl Clock for &FakeClock {
        fn now(&self) -> Duration {
            self.now.get()
        }
        fn sleep(&self, d: Duration) {
            self.now.set(self.now.get() + d);
            self.sleeps.set(self.sleeps.get() + 1);
        }
    }

    fn rate(r: u64) -> NonZeroU64 {
        NonZeroU64::new(r).unwrap()
    }

    #[test]
    fn pacer_delays() {
        let mut p = Pacer::with_burst(rate(1000), 100, Duration::ZERO);
        // (time ms, bytes wanted, bytes consumed, expected delay)
        let steps: &[(u64, u64, u64, Duration)] = &[
            (0, 100, 100, Duration::ZERO),
            (0, 50, 0, Duration::from_millis(50)),
            (50, 50, 50, Duration::ZERO),
            (50, 1, 0, Duration::from_millis(1)),
            // Asking more than the burst is capped to it.
            (50, 10_000, 0, Duration::from_millis(100)),
            // A long pause refills to the burst only.
            (10_000, 100, 100, Duration::ZERO),
            (10_000, 1, 0, Duration::from_millis(1)),
        ];
        for &(at, want, used, expected) in steps {
            let now = Duration::from_millis(at);
            assert_eq!(p.delay(now, want), expected, "at {at} ms want {want}");
            p.consume(now, used);
        }
        let mut slow = Pacer::with_burst(rate(3), 1, Duration::ZERO);
        slow.consume(Duration::ZERO, 1);
        // One third of a second, rounded up to the nanosecond.
        assert_eq!(
            slow.delay(Duration::ZERO, 1),
            Duration::from_nanos(333_333_334)
        );
    }

    #[test]
    fn default_burst() {
        for (r, burst) in [(1, 1), (1000, 100), (10_000_000, 64 * 1024)] {
            assert_eq!(Pacer::new(rate(r), Duration::ZERO).burst(), burst);
        }
    }

    #[test]
    fn reader_is_paced() {
        let cases = [
            // (rate, burst, total bytes, buffer size, expected elapsed). The bucket starts full
            // and the final read (end of data) also waits for its allowance, so the elapsed
            // time is (total + last allowance - burst) / rate.
            (1000, 100, 10_000, 4096, Duration::from_millis(10_000)),
            (1000, 1000, 10_000, 512, Duration::from_millis(9_512)),
            (50_000, 5000, 1_000_000, 8192, Duration::from_millis(20_000)),
        ];
        for (r, burst, total, bufsize, expected) in cases {
            let clock = FakeClock::default();
            let data = vec![7u8; total];
            let pacer = Pacer::with_burst(rate(r), burst, Duration::ZERO);
            let mut reader = RateLimited::with_clock(&data[..], pacer, &clock);
            let mut out = Vec::new();
            let mut buf = vec![0u8; bufsize];
            loop {
                let n = reader.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                assert!(n as u64 <= burst);
                out.extend_from_slice(&buf[..n]);
            }
            assert_eq!(out, data);
            assert_eq!(clock.now.get(), expected, "rate {r} burst {burst}");
        }
    }

    #[test]
    fn writer_is_paced() {
        let clock = FakeClock::default();
        let pacer = Pacer::with_burst(rate(100), 10, Duration::ZERO);
        let mut writer = RateLimited::with_clock(Vec::new(), pacer, &clock);
        writer.write_all(&[1u8; 250]).unwrap();
        writer.flush().unwrap();
        assert_eq!(clock.now.get(), Duration::from_millis(2_400));
        assert_eq!(clock.sleeps.get(), 24);
        assert_eq!(writer.into_inner(), vec![1u8; 250]);
    }

    #[test]
    fn system_clock_wrapper_passes_data() {
        // A high rate: the data fits in the initial burst, so nothing sleeps.
        let mut reader = RateLimited::new(&b"hello"[..], rate(1_000_000));
        let mut s = String::new();
        reader.read_to_string(&mut s).unwrap();
        assert_eq!(s, "hello");
    }
}
