//! Ctrl-C and SIGTERM: the first signal asks the run to stop — no new entry starts, requests in
//! flight and waits end within [`GRACE`], the reports are written with what finished — and the
//! process then exits 130 (SIGINT) or 143 (SIGTERM); a second signal exits at once.

use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

/// How long a read may wait before it looks whether the run was interrupted.
pub const POLL: Duration = Duration::from_millis(100);

/// How long in-flight work has, after the first signal, before it is cut.
pub const GRACE: Duration = Duration::from_secs(2);

/// The signal received, 0 while none was.
static SIGNAL: AtomicI32 = AtomicI32::new(0);

/// When the grace given after the first signal ends, as milliseconds since [`START`].
static CUT_AT_MS: AtomicI32 = AtomicI32::new(i32::MAX);

fn start() -> Instant {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Listens for SIGINT and SIGTERM on a thread of its own (a no-op where signals do not exist).
pub fn install() {
    start();
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            for signal in signals.forever() {
                if SIGNAL
                    .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
                    .is_err()
                {
                    std::process::exit(exit_code(signal).into());
                }
                let cut = start().elapsed() + GRACE;
                CUT_AT_MS.store(
                    i32::try_from(cut.as_millis()).unwrap_or(i32::MAX),
                    Ordering::SeqCst,
                );
            }
        });
    }
}

/// The signal that interrupted the run, if one did.
pub fn interrupted() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// True once the grace after the first signal is over: work still in flight stops.
pub fn cut() -> bool {
    interrupted().is_some()
        && start().elapsed().as_millis() >= CUT_AT_MS.load(Ordering::SeqCst).max(0) as u128
}

/// The exit code of a run stopped by `signal`: 128 + its number (130 for SIGINT, 143 for
/// SIGTERM), as shells report it.
pub fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(130)
}

/// The error of an I/O cut short by a stopped run. (`io::ErrorKind::Interrupted` would not
/// do: the standard library retries reads that fail with it.)
#[derive(Debug, thiserror::Error)]
#[error("interrupted: the run was stopped by a signal")]
pub struct Stopped;

impl Stopped {
    /// As an I/O error.
    pub fn io() -> std::io::Error {
        std::io::Error::other(Stopped)
    }

    /// Whether `e` is one.
    pub fn is(e: &std::io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<Stopped>())
    }
}

/// Sleeps for `duration`, or less when the run is interrupted.
pub fn sleep(duration: Duration) {
    let end = Instant::now() + duration;
    while interrupted().is_none() {
        let now = Instant::now();
        if now >= end {
            return;
        }
        std::thread::sleep((end - now).min(POLL));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_shell() {
        assert_eq!(exit_code(2), 130);
        assert_eq!(exit_code(15), 143);
    }
}
