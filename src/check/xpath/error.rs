//! Errors of parsing a document and of compiling or evaluating an expression.

use std::fmt;

/// Why an XPath query or filter could not give a value.
///
/// Hurl reports three kinds, which [`XpathError::is_document_error`] and
/// [`XpathError::is_decoding_error`] tell apart: the body could not be decoded ("could not
/// decode response body with charset …"), the document could not be parsed ("HTTP response
/// is not a valid XML"), every other variant is an invalid expression ("XPath expression is
/// not valid").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XpathError {
    /// The expression does not follow the XPath 1.0 grammar.
    InvalidExpression {
        /// Byte offset in the expression where the problem was found.
        offset: usize,
        /// What was expected or found there.
        reason: String,
    },
    /// A function that XPath 1.0 does not define.
    UnknownFunction {
        /// The function name as written.
        name: String,
    },
    /// A function called with a wrong number of arguments.
    WrongArgumentCount {
        /// The function name.
        name: String,
        /// What the function accepts, e.g. "1" or "2 or 3" or "at least 2".
        expected: &'static str,
        /// How many arguments were given.
        given: usize,
    },
    /// A variable reference (`$name`): no variables are defined in queries.
    UndefinedVariable {
        /// The variable name.
        name: String,
    },
    /// A namespace prefix that the document does not declare.
    UndeclaredPrefix {
        /// The prefix.
        prefix: String,
    },
    /// A value used where a node-set is required (`|`, `/`, a predicate on a value,
    /// `count()`, `sum()`).
    NotANodeSet {
        /// Where the node-set was required.
        context: &'static str,
    },
    /// `position()` or `last()` outside a predicate: Hurl evaluates queries with no context.
    NoContext {
        /// The function.
        function: &'static str,
    },
    /// The body is not a document of the requested kind.
    InvalidDocument {
        /// The parser's explanation.
        reason: String,
    },
    /// The charset is not one that can decode text.
    UnknownCharset {
        /// The charset label.
        charset: String,
    },
    /// The body holds bytes that are invalid in its charset.
    UndecodableBody {
        /// The charset used.
        charset: String,
    },
}

impl XpathError {
    /// True for errors in the body (not a valid document); Hurl's "Invalid XML".
    pub fn is_document_error(&self) -> bool {
        matches!(self, XpathError::InvalidDocument { .. })
    }

    /// True for errors decoding the body's bytes to text; Hurl's "Invalid decoding".
    pub fn is_decoding_error(&self) -> bool {
        matches!(
            self,
            XpathError::UnknownCharset { .. } | XpathError::UndecodableBody { .. }
        )
    }

    /// True for errors in the expression; Hurl's "Invalid XPath expression".
    pub fn is_expression_error(&self) -> bool {
        !self.is_document_error() && !self.is_decoding_error()
    }
}

impl fmt::Display for XpathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XpathError::InvalidExpression { offset, reason } => {
                write!(f, "XPath expression is not valid: {reason} at offset {offset}")
            }
            XpathError::UnknownFunction { name } => {
                write!(f, "XPath expression is not valid: unknown function {name}()")
            }
            XpathError::WrongArgumentCount {
                name,
                expected,
                given,
            } => write!(
                f,
                "XPath expression is not valid: {name}() takes {expected} argument{}, {given} given",
                if *expected == "1" { "" } else { "s" }
            ),
            XpathError::UndefinedVariable { name } => {
                write!(f, "XPath expression is not valid: undefined variable ${name}")
            }
            XpathError::UndeclaredPrefix { prefix } => write!(
                f,
                "XPath expression is not valid: namespace prefix '{prefix}' is not declared in the document"
            ),
            XpathError::NotANodeSet { context } => {
                write!(f, "XPath expression is not valid: {context} needs a node-set")
            }
            XpathError::NoContext { function } => write!(
                f,
                "XPath expression is not valid: {function} is only defined inside a predicate"
            ),
            XpathError::InvalidDocument { reason } => {
                write!(f, "not a valid document: {reason}")
            }
            XpathError::UnknownCharset { charset } => {
                write!(f, "the charset '{charset}' is not valid")
            }
            XpathError::UndecodableBody { charset } => {
                write!(f, "could not decode the body with charset '{charset}'")
            }
        }
    }
}

impl std::error::Error for XpathError {}
