//! A census of the objects that make a run's memory grow when they are kept: responses (with
//! their bodies) and entry runs (with their headers, asserts and captures). Each one carries a
//! [`Token`] that counts it while it lives, so a test can check through the binary that a run
//! keeps none past its entry (`SORTIE_DEBUG_CENSUS=1 sortie test …` prints the counts on
//! stderr at the end). Counting costs two atomic additions per object.

use std::sync::atomic::{AtomicUsize, Ordering};

/// What is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// An HTTP response, its body included.
    Response,
    /// One run of an entry, as its result holds it.
    EntryRun,
}

struct Count {
    live: AtomicUsize,
    peak: AtomicUsize,
}

impl Count {
    const fn new() -> Self {
        Count {
            live: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }
}

static COUNTS: [Count; 2] = [Count::new(), Count::new()];

fn count(what: Counted) -> &'static Count {
    match what {
        Counted::Response => &COUNTS[0],
        Counted::EntryRun => &COUNTS[1],
    }
}

/// One counted object: counted when made or cloned, uncounted when dropped. Tokens compare
/// equal, so the objects holding them compare by their contents.
#[derive(Debug)]
pub struct Token(Counted);

impl Token {
    /// Counts one more object of a kind.
    pub fn new(what: Counted) -> Token {
        let c = count(what);
        let now = c.live.fetch_add(1, Ordering::Relaxed) + 1;
        c.peak.fetch_max(now, Ordering::Relaxed);
        Token(what)
    }
}

impl Clone for Token {
    fn clone(&self) -> Token {
        Token::new(self.0)
    }
}

impl Drop for Token {
    fn drop(&mut self) {
        count(self.0).live.fetch_sub(1, Ordering::Relaxed);
    }
}

impl PartialEq for Token {
    fn eq(&self, _: &Token) -> bool {
        true
    }
}

/// Objects of a kind alive now.
pub fn live(what: Counted) -> usize {
    count(what).live.load(Ordering::Relaxed)
}

/// The most objects of a kind alive at once so far.
pub fn peak(what: Counted) -> usize {
    count(what).peak.load(Ordering::Relaxed)
}

/// The counts as one line: `census: responses live 0, peak 2; entry runs live 1, peak 3`.
pub fn line() -> String {
    format!(
        "census: responses live {}, peak {}; entry runs live {}, peak {}",
        live(Counted::Response),
        peak(Counted::Response),
        live(Counted::EntryRun),
        peak(Counted::EntryRun),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_count_while_they_live() {
        // Other tests make responses and runs in parallel: only what this test holds is sure.
        let held: Vec<Token> = (0..3).map(|_| Token::new(Counted::EntryRun)).collect();
        let copy = held.clone();
        assert!(live(Counted::EntryRun) >= 6);
        assert!(peak(Counted::EntryRun) >= 6);
        assert_eq!(held[0], copy[1]);
        drop(copy);
        drop(held);
        assert!(peak(Counted::EntryRun) >= 6);
    }
}
