//! The progress bar of `sortie test`: files done out of the total and the failures so far, on
//! stderr. Only on a terminal, never in CI (`CI` set) or with `--no-progress`; when there is
//! no bar, nothing of it is printed.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::run::{FileResult, Outcome};

/// Whether a bar should be shown: stderr is a terminal, `--no-progress` was not given and
/// the `CI` variable is not set (to anything but `false` or `0`).
pub fn wanted(no_progress: bool) -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    !no_progress && !ci && std::io::stderr().is_terminal()
}

/// A progress bar over the files of a run, or nothing.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    failing: AtomicUsize,
}

impl Progress {
    /// A bar over `total` files when `show`, else an inert value.
    pub fn new(total: usize, show: bool) -> Self {
        let bar = show.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            failing: AtomicUsize::new(0),
        }
    }

    /// True when a bar is drawn.
    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }

    /// Counts a finished file.
    pub fn file_done(&self, file: &FileResult) {
        if matches!(file.outcome(), Outcome::Failed | Outcome::Errored) {
            self.failing.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(bar) = &self.bar {
            let failing = self.failing.load(Ordering::Relaxed);
            if failing > 0 {
                bar.set_message(format!("· {failing} failing"));
            }
            bar.inc(1);
        }
    }

    /// Runs `print` with the bar hidden, so text and bar do not mix.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bar_means_nothing_drawn_but_counts_kept() {
        let p = Progress::new(3, false);
        assert!(!p.is_shown());
        let file = FileResult {
            path: "a.hurl".into(),
            source: None,
            entries: Vec::new(),
            file_problem: None,
            started_at: std::time::SystemTime::now(),
            duration: Default::default(),
            cookies: None,
            released: Default::default(),
        };
        p.file_done(&file);
        assert_eq!(p.suspend(|| 7), 7);
        p.finish();
    }

    #[test]
    fn never_wanted_with_no_progress() {
        assert!(!wanted(true));
    }
}
