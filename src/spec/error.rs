//! Errors found while reading spec files.

use super::ast::Pos;

/// A syntax error: where it is and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The first wrong character.
    pub pos: Pos,
    /// What is wrong, and what was expected.
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.column, self.message)
    }
}

impl std::error::Error for SyntaxError {}
