//! Spec files: the syntax tree, the parser and its errors, and file discovery.

pub mod ast;
pub mod discover;
pub mod error;
pub mod options;
mod parser;

pub use error::SyntaxError;
pub use parser::{parse_spec, parse_template};
