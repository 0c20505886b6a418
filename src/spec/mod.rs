//! Spec files: the syntax tree, the parser and its errors, the formatter of `sortie fmt`, and
//! line/column positions.

pub mod ast;
pub mod error;
pub mod format;
pub mod lint;
pub mod options;
mod parser;
pub mod source;

pub use error::SyntaxError;
pub use parser::{parse_spec, parse_spec_entries, parse_template};
