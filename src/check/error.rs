//! Why a template, query, filter or predicate could not be evaluated.
//!
//! A [`CheckError`] has no exit code of its own: as in Hurl, the same error is an assert
//! failure when an assert meets it, and a runtime error when a capture or a request does
//! (the checker decides, see [`response`](super::response)).

use crate::spec::ast::Span;

/// An evaluation error at a place of the spec.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{kind}")]
pub struct CheckError {
    /// What went wrong.
    pub kind: CheckErrorKind,
    /// The part of the spec that caused it.
    pub span: Span,
}

impl CheckError {
    /// An error of `kind` at `span`.
    pub fn new(kind: CheckErrorKind, span: Span) -> CheckError {
        CheckError { kind, span }
    }

    /// A value that does not fit where it is used, described by `message`.
    pub fn invalid(message: impl Into<String>, span: Span) -> CheckError {
        CheckError::new(CheckErrorKind::Invalid(message.into()), span)
    }
}

/// The causes of evaluation errors.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CheckErrorKind {
    /// `{{name}}` with no such variable.
    #[error("undefined variable '{0}'")]
    UndefinedVariable(String),
    /// A template function that cannot give a value (bad arguments, unknown name).
    #[error("{0}")]
    Function(String),
    /// A file named by the spec is outside the file root.
    #[error(
        "file '{name}' is outside the spec's folder {root} (use --file-root to allow another)"
    )]
    FileOutsideRoot {
        /// The name as written.
        name: String,
        /// The file root.
        root: String,
    },
    /// A file named by the spec cannot be read.
    #[error("cannot read file '{name}': {reason}")]
    FileRead {
        /// The name as written.
        name: String,
        /// The system's reason.
        reason: String,
    },
    /// A regex that does not compile.
    #[error("invalid regex '{pattern}': {reason}")]
    InvalidRegex {
        /// The pattern.
        pattern: String,
        /// The regex engine's reason (last line).
        reason: String,
    },
    /// A JSONPath expression that does not parse.
    #[error("invalid JSONPath expression '{expr}': {reason}")]
    InvalidJsonpath {
        /// The expression.
        expr: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A JSON query on a body that is not JSON.
    #[error("the body is not JSON ({0})")]
    BodyNotJson(String),
    /// A text query on a body that is not valid text in its charset.
    #[error("the body can not be decoded: {0}")]
    BodyNotText(String),
    /// A body whose `Content-Encoding` cannot be undone.
    #[error("the body can not be decompressed: {0}")]
    BodyNotDecoded(String),
    /// A filter given a value of the wrong type.
    #[error("filter '{filter}' expects {expected}, got {actual}")]
    FilterInputType {
        /// The filter's name.
        filter: &'static str,
        /// The types it takes.
        expected: String,
        /// The type it was given.
        actual: &'static str,
    },
    /// A filter after a query or filter that gave nothing.
    #[error("filter '{filter}' has no value: {from} returned none")]
    FilterNoInput {
        /// The filter's name.
        filter: &'static str,
        /// What gave nothing: `the query` or `filter 'x'`.
        from: String,
    },
    /// A filter that cannot transform its value.
    #[error("filter '{filter}': {message}")]
    Filter {
        /// The filter's name.
        filter: &'static str,
        /// Why.
        message: String,
    },
    /// An `[Options]` value of the wrong type, or out of range.
    #[error("option '{option}' {message}")]
    InvalidOption {
        /// The option as written.
        option: String,
        /// What it expects.
        message: String,
    },
    /// An XPath expression that is not valid, or a body or value that is not a document.
    #[error("{0}")]
    Xpath(String),
    /// A cookie's `Expires` attribute that is not a date Hurl reads.
    #[error("the cookie's Expires attribute '{0}' is not a date")]
    CookieExpires(String),
    /// A value that does not fit where it is used (a predicate's operand, a body).
    #[error("{0}")]
    Invalid(String),
}
