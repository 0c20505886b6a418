//! `sortie check`: parse only, report every error.

use std::io::Write;
use std::path::PathBuf;

use crate::diagnostic::{exit_code, render_warning, Diagnostic, Kind};
use crate::run::file::read_spec;
use crate::secret::Redactor;
use crate::spec::lint::entry_warnings;
use crate::spec::parse_spec_entries;

/// Parses every file under `paths`; prints each error; returns the exit code.
pub fn run(paths: &[PathBuf], color: bool) -> u8 {
    let redactor = Redactor::new();
    let files = match super::spec_files(paths) {
        Ok(files) => files,
        Err(d) => return super::fail(&d, None, color, &redactor),
    };
    let mut kinds = Vec::new();
    let mut stderr = std::io::stderr().lock();
    let mut found = Vec::new();
    for path in &files {
        found.clear();
        let name = path.display().to_string();
        let (problem, source) = match read_spec(path) {
            Err(e) => (Some(Diagnostic::from(e).in_file(name)), None),
            // Entry by entry: no syntax tree of the whole file is kept.
            Ok(text) => match parse_spec_entries(&text, |entry| entry_warnings(&entry, &mut found))
            {
                Ok(_) => {
                    for w in found.drain(..) {
                        let d = Diagnostic::new(Kind::Runtime, "option not honoured", w.message)
                            .in_file(&name)
                            .at(w.span);
                        let _ = write!(stderr, "{}", render_warning(&d, Some(&text), color));
                    }
                    (None, None)
                }
                Err(e) => (Some(Diagnostic::from(e).in_file(name)), Some(text)),
            },
        };
        if let Some(d) = problem {
            kinds.push(d.kind);
            let _ = write!(
                stderr,
                "{}",
                crate::diagnostic::render(&d, source.as_deref(), color)
            );
        }
    }
    let _ = writeln!(
        stderr,
        "checked {} file{}: {} with errors",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        kinds.len()
    );
    exit_code(kinds)
}
