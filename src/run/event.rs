//! Run events: what a run tells its reporters as it goes. The runner prints nothing; the
//! terminal reporter, the progress bar and the debug printer subscribe to these events
//! (cargo-nextest's reporter events are the model).

use std::path::Path;

use super::result::{EntryResult, FileResult};
use crate::notice::{Notice, NoticeSink};

/// One thing that happened in a run.
#[derive(Debug)]
pub enum RunEvent<'a> {
    /// A file starts.
    FileStarted {
        /// The file, as given or found.
        path: &'a Path,
    },
    /// An entry of a file is about to run.
    EntryStarted {
        /// The file.
        path: &'a Path,
        /// 1-based index of the entry.
        index: usize,
        /// The entry's name.
        name: &'a str,
    },
    /// A notice from the transport or a connection while a file runs.
    Notice {
        /// The file it belongs to.
        path: &'a Path,
        /// The notice.
        notice: &'a Notice,
    },
    /// A response body for standard output (`output: -`).
    Output {
        /// The file.
        path: &'a Path,
        /// The body, as received.
        body: &'a [u8],
    },
    /// An entry finished (passed, failed, errored or skipped).
    EntryFinished {
        /// The file.
        path: &'a Path,
        /// Its result.
        entry: &'a EntryResult,
    },
    /// A file finished, with every result.
    FileFinished {
        /// The file's result.
        file: &'a FileResult,
    },
}

/// Receives the events of a run, from the threads that run files (so it must be `Sync`).
pub trait RunObserver: Sync {
    /// Takes one event.
    fn event(&self, event: RunEvent<'_>);
}

/// An observer that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unobserved;

impl RunObserver for Unobserved {
    fn event(&self, _: RunEvent<'_>) {}
}

/// The notices of one file, forwarded to the run's observer with the file attached.
pub(crate) struct FileNotices<'a> {
    pub(crate) path: &'a Path,
    pub(crate) observer: &'a dyn RunObserver,
}

impl NoticeSink for FileNotices<'_> {
    fn notice(&self, notice: Notice) {
        self.observer.event(RunEvent::Notice {
            path: self.path,
            notice: &notice,
        });
    }
}
