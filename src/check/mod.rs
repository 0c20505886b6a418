//! Checking responses: queries read values from a response, filters transform them,
//! predicates test them, and JSON values are compared by meaning with a readable diff.

pub mod value;

pub use value::Value;
