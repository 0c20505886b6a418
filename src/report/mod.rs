//! Reports for people and CI. Reporters read the result model and the run's events only;
//! running knows nothing of them.
//!
//! * [`terminal`] — failures through the caret renderer (coloured diffs) and the summary;
//! * [`live`] — subscribes to a run's events: notices and failures per file, progress;
//! * [`progress`] — the progress bar on a terminal;
//! * [`model`] — the report model the file reports are written from (and `sortie report
//!   merge` reads back), built once from a run's result, redacted;
//! * [`junit`] — JUnit XML, one `<testsuite>` per file, one `<testcase>` per entry;
//! * [`json`] — every file, entry, run, attempt, assert and capture as JSON;
//! * [`html`] — one self-contained page for people: summary, filters, diffs, waterfalls;
//! * [`github`] — `::error` workflow commands when running in GitHub Actions.
//!
//! Every text a reporter writes goes through the run's [`Redactor`](crate::secret::Redactor).

pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod live;
pub mod model;
pub mod progress;
pub mod tap;
pub mod terminal;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::{render_with_index, Diagnostic};
use crate::run::FileResult;
use crate::spec::source::{LineCol, LineIndex};

/// A file's text with its line index, built once per file a reporter reads.
pub struct SourceView<'a> {
    text: Option<&'a str>,
    index: Option<LineIndex>,
}

impl<'a> SourceView<'a> {
    /// The view of a file's result (no text when it could not be read).
    pub fn of(file: &'a FileResult) -> Self {
        let text = file.source.as_deref();
        SourceView {
            text,
            index: text.map(LineIndex::new),
        }
    }

    /// Line and column of byte `offset`, when the text is known.
    pub fn line_col(&self, offset: u32) -> Option<LineCol> {
        Some(self.index.as_ref()?.line_col(self.text?, offset as usize))
    }

    /// Where a diagnostic starts and ends, as lines and columns.
    pub fn place(&self, d: &Diagnostic) -> Option<(LineCol, LineCol)> {
        let span = d.span?;
        Some((self.line_col(span.start)?, self.line_col(span.end)?))
    }

    /// A diagnostic rendered as the terminal shows it.
    pub fn render(&self, d: &Diagnostic, color: bool) -> String {
        render_with_index(d, self.text.zip(self.index.as_ref()), color)
    }
}

/// The report files asked for (`--report-junit FILE`, `--report-json FILE`,
/// `--report-html DIR`).
#[derive(Clone, Debug, Default)]
pub struct ReportTargets {
    /// The JUnit XML file.
    pub junit: Option<PathBuf>,
    /// The JSON file.
    pub json: Option<PathBuf>,
    /// The folder of the HTML report.
    pub html: Option<PathBuf>,
}

/// A report that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the {what} report: {error}")]
pub struct WriteError {
    /// `JUnit`, `JSON` or `HTML`.
    pub what: &'static str,
    /// Where it was to go.
    pub path: PathBuf,
    /// Why it could not.
    pub error: io::Error,
}

impl ReportTargets {
    /// True when no report is asked for.
    pub fn is_empty(&self) -> bool {
        self.junit.is_none() && self.json.is_none() && self.html.is_none()
    }

    /// Writes every report asked for, each atomically; gives the ones that failed.
    pub fn write(&self, report: &model::Report) -> Vec<WriteError> {
        type Writer = fn(&Path, &model::Report) -> io::Result<()>;
        let targets: [(&Option<PathBuf>, &'static str, Writer); 3] = [
            (&self.junit, "JUnit", junit::write_junit),
            (&self.json, "JSON", json::write_json),
            (&self.html, "HTML", html::write_html),
        ];
        targets
            .into_iter()
            .filter_map(|(path, what, write)| {
                let path = path.as_ref()?;
                write(path, report).err().map(|error| WriteError {
                    what,
                    path: path.clone(),
                    error,
                })
            })
            .collect()
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed to
/// disk, then renamed over `path`. A reader never sees a half-written report. Missing parent
/// directories are created.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // A report path that is a symbolic link is written through: the file it points to is
    // replaced, the link stays (a CI job may link its report into an artifacts folder).
    let target;
    let path = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let link = std::fs::read_link(path)?;
            target = match path.parent() {
                Some(dir) if link.is_relative() => dir.join(link),
                _ => link,
            };
            target.as_path()
        }
        _ => path,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_report_path_that_is_a_link_is_written_through() {
        let dir = std::env::temp_dir().join(format!("sortie-report-link-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("artifacts")).unwrap();
        std::os::unix::fs::symlink("artifacts/junit.xml", dir.join("junit.xml")).unwrap();
        write_atomically(&dir.join("junit.xml"), b"<testsuites/>").unwrap();
        assert!(std::fs::symlink_metadata(dir.join("junit.xml"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read(dir.join("artifacts/junit.xml")).unwrap(),
            b"<testsuites/>"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("sortie-atomic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("sub/report.xml");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.xml"]);
        // A directory in the way: an error, and no temporary left behind.
        std::fs::create_dir_all(dir.join("sub/taken.xml")).unwrap();
        assert!(write_atomically(&dir.join("sub/taken.xml"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.join("sub")).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
