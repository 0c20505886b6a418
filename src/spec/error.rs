//! Errors found while reading spec files.

use super::ast::Span;

/// A syntax error: where it is and what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// The first wrong character (an empty span: a caret goes under it).
    pub span: Span,
    /// What is wrong, and what was expected.
    pub message: String,
}

impl From<SyntaxError> for crate::diagnostic::Diagnostic {
    fn from(e: SyntaxError) -> Self {
        use crate::diagnostic::{Diagnostic, Kind};
        Diagnostic::new(Kind::Input, "parse error", e.message).at(e.span)
    }
}
