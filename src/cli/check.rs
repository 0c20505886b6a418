//! `sortie check`: parse only, report every error.

use std::io::Write;
use std::path::PathBuf;

use super::exit;
use crate::diagnostic::{render, Diagnostic};
use crate::spec::parse_spec;

/// Parses every file under `paths`; prints each error; returns the exit code.
pub fn run(paths: &[PathBuf], color: bool) -> u8 {
    let files = match super::spec_files(paths, color) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut failed = 0usize;
    let mut stderr = std::io::stderr().lock();
    for path in &files {
        let name = path.display().to_string();
        let diagnostic = match std::fs::read(path) {
            Err(e) => Some((
                Diagnostic::new("input error", &name, None, format!("cannot read: {e}")),
                None,
            )),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(e) => {
                    let offset = e.utf8_error().valid_up_to();
                    Some((
                        Diagnostic::new(
                            "input error",
                            &name,
                            None,
                            format!("not UTF-8 text (invalid byte at offset {offset})"),
                        ),
                        None,
                    ))
                }
                Ok(text) => {
                    let text = text
                        .strip_prefix('\u{feff}')
                        .map(str::to_string)
                        .unwrap_or(text);
                    match parse_spec(&text) {
                        Ok(_) => None,
                        Err(e) => Some((
                            Diagnostic::new("parse error", &name, Some(e.pos), e.message),
                            Some(text),
                        )),
                    }
                }
            },
        };
        if let Some((d, source)) = diagnostic {
            failed += 1;
            let _ = write!(stderr, "{}", render(&d, source.as_deref(), color));
        }
    }
    let _ = writeln!(
        stderr,
        "checked {} file{}: {} with errors",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        failed
    );
    if failed == 0 {
        exit::OK
    } else {
        exit::INPUT
    }
}
