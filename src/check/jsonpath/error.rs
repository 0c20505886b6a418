//! Why an expression is not a valid JSONPath query.

/// An invalid JSONPath expression: what was wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at column {column}")]
pub struct JsonPathError {
    kind: JsonPathErrorKind,
    column: usize,
}

/// What made an expression invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonPathErrorKind {
    /// Something else was found where this was expected.
    #[error("expecting {0}")]
    Expecting(&'static str),
    /// A character a quoted string cannot hold unescaped (a control character).
    #[error("invalid character {0:?} in a string")]
    InvalidCharacter(char),
    /// A backslash followed by a character that is not an escape.
    #[error("invalid escape sequence '\\{0}'")]
    InvalidEscape(char),
    /// A `\u` escape that is not a character (lone or lowercase-`d` surrogate, …).
    #[error("invalid unicode escape")]
    InvalidUnicodeEscape,
    /// An index, slice bound or step outside ±(2⁵³-1).
    #[error("integer outside the range ±(2^53-1)")]
    IntegerOutOfRange,
    /// A number literal whose exponent does not fit 32 bits.
    #[error("number exponent out of range")]
    ExponentOutOfRange,
    /// A regular expression literal of `match` or `search` that does not compile.
    #[error("invalid regular expression {0:?}")]
    InvalidRegex(String),
    /// Parentheses, filters or function calls nested deeper than the parser allows.
    #[error("expression nested too deeply")]
    TooDeep,
}

impl JsonPathError {
    pub(super) fn new(kind: JsonPathErrorKind, column: usize) -> Self {
        JsonPathError { kind, column }
    }

    /// What was wrong.
    pub fn kind(&self) -> &JsonPathErrorKind {
        &self.kind
    }

    /// Where, as a 1-based column counted in characters of the expression.
    pub fn column(&self) -> usize {
        self.column
    }
}
