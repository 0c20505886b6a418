//! The live terminal reporter: subscribes to a run's events and shows, on stderr, each
//! file's notices (`--verbose` requests, retries, warnings) and failures, and the progress
//! bar.
//!
//! Output of one file is kept together: when files run in parallel, a file's notices are
//! held until it finishes and then printed in one block with its failures, so no two
//! files' lines interleave; with one file at a time they are printed as they come. Nothing
//! is written over the progress bar (it is hidden while a block is printed).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use super::progress::Progress;
use super::terminal::render_failures;
use crate::notice::Notice;
use crate::run::{RunEvent, RunObserver};
use crate::secret::Redactor;

/// Shows a run on the terminal as it goes.
pub struct LiveReporter {
    progress: Progress,
    color: bool,
    redactor: Redactor,
    /// Print notices as they come (one file at a time), else hold them per file.
    live: bool,
    held: Mutex<HashMap<PathBuf, String>>,
    warned: Mutex<HashSet<&'static str>>,
    /// Taken while a block is written, so blocks never mix.
    stderr: Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl LiveReporter {
    /// A reporter drawing `progress`; `live` when only one file runs at a time.
    pub fn new(progress: Progress, color: bool, redactor: Redactor, live: bool) -> Self {
        LiveReporter {
            progress,
            color,
            redactor,
            live,
            held: Mutex::new(HashMap::new()),
            warned: Mutex::new(HashSet::new()),
            stderr: Mutex::new(()),
        }
    }

    /// Removes the progress bar (at the end of the run).
    pub fn finish(&self) {
        self.progress.finish();
    }

    fn write_block(&self, text: &str) {
        if text.is_empty() {
            return;
        }
        let _guard = lock(&self.stderr);
        self.progress.suspend(|| {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        });
    }

    fn notice(&self, path: &Path, notice: &Notice) {
        if let Notice::Warning { key, .. } = notice {
            // A warning is shown once per run.
            if !lock(&self.warned).insert(key) {
                return;
            }
        }
        let text = self.redactor.redact(&notice.render());
        if self.live {
            self.write_block(&text);
        } else {
            lock(&self.held)
                .entry(path.to_path_buf())
                .or_default()
                .push_str(&text);
        }
    }
}

impl RunObserver for LiveReporter {
    fn event(&self, event: RunEvent<'_>) {
        match event {
            RunEvent::Notice { path, notice } => self.notice(path, notice),
            RunEvent::Output { body, .. } => {
                // The user's data (`output: -`), unchanged, as Hurl writes it.
                let _guard = lock(&self.stderr);
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(body);
                let _ = out.flush();
            }
            RunEvent::FileFinished { file } => {
                self.progress.file_done(file);
                let mut block = lock(&self.held).remove(&file.path).unwrap_or_default();
                let failures = render_failures(file, self.color);
                if !failures.is_empty() {
                    block.push_str(&self.redactor.redact(&failures));
                }
                self.write_block(&block);
            }
            RunEvent::FileStarted { .. }
            | RunEvent::EntryStarted { .. }
            | RunEvent::EntryFinished { .. } => {}
        }
    }
}
