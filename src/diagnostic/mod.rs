//! The one diagnostic model and its renderer.
//!
//! Every module has its own typed errors; each converts into a [`Diagnostic`]: a [`Kind`]
//! (which alone decides the exit code, through [`exit_code`]), a place (file and byte span),
//! a message and notes. Every error the program prints goes through [`render`], so they all
//! look alike:
//!
//! ```text
//! error: parse error
//!   --> api.hurl:4:18
//!    |
//!  4 | header "toto" == xx
//!    |                  ^^ expecting a value: …
//!    |
//! ```

mod render;

pub use render::{render, render_warning, render_with_index};

use crate::spec::ast::Span;

/// What kind of problem a diagnostic reports; decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An assertion did not hold (exit 4).
    Assert,
    /// A runtime error: network, connection, undefined variable, unsupported option (exit 3).
    Runtime,
    /// A spec or input file could not be read or parsed (exit 2).
    Input,
    /// A bad command line (exit 1).
    Usage,
}

impl Kind {
    /// The exit code of a run whose worst problem is of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Usage => 1,
            Kind::Input => 2,
            Kind::Runtime => 3,
            Kind::Assert => 4,
        }
    }
}

/// The exit code of a run from the kinds of everything that went wrong: 0 when nothing did;
/// otherwise the worst kind's code, usage over input over runtime over assert (so 3 wins over
/// 4, and 2 over both: the input itself was wrong). The one place exit codes are decided.
pub fn exit_code(kinds: impl IntoIterator<Item = Kind>) -> u8 {
    kinds.into_iter().max().map_or(0, Kind::exit_code)
}

/// Something to report, with its place in a file when it has one.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Usage, input, runtime or assert: decides the exit code.
    pub kind: Kind,
    /// Short title after `error:`, e.g. `assert failure`, `http connection`.
    pub title: String,
    /// The file, as the user named it, when the problem is in one.
    pub file: Option<String>,
    /// Where in the file: byte offsets (an empty span puts one caret at its start).
    pub span: Option<Span>,
    /// The explanation shown under the carets.
    pub message: String,
    /// Extra lines after the source excerpt (expected/actual, diffs).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic without a place.
    pub fn new(kind: Kind, title: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            kind,
            title: title.into(),
            file: None,
            span: None,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    /// In this file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// At this span of the file.
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// With these notes under the excerpt.
    pub fn with_notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }

    /// With the kind changed (an error met while evaluating an assert is an assert failure).
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// Every text of the diagnostic passed through `f` (to redact secrets).
    pub fn map_text(mut self, f: impl Fn(&str) -> String) -> Self {
        self.message = f(&self.message);
        for note in &mut self.notes {
            *note = f(note);
        }
        self
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.title, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_kind_decides_the_exit_code() {
        let rows: [(&[Kind], u8); 7] = [
            (&[], 0),
            (&[Kind::Assert], 4),
            (&[Kind::Assert, Kind::Runtime], 3),
            (&[Kind::Runtime, Kind::Assert, Kind::Assert], 3),
            (&[Kind::Assert, Kind::Input, Kind::Runtime], 2),
            (&[Kind::Input, Kind::Usage], 1),
            (&[Kind::Input], 2),
        ];
        for (kinds, code) in rows {
            assert_eq!(exit_code(kinds.iter().copied()), code, "{kinds:?}");
        }
    }
}
