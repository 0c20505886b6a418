//! Reports for people and CI. Reporters read the result model only; running knows nothing
//! of them.

pub mod terminal;
