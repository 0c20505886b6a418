//! sortie: an API contract tester for Hurl-compatible spec files.
//!
//! Data flows one way: `cli` → `run` → `spec` / `http` / `connection` / `check`, and `report`
//! reads results only. `diagnostic` renders every error the program prints. `import` turns
//! curl commands and Postman collections into spec text, for `sortie import`.

#![warn(missing_docs)]

pub mod census;
pub mod check;
pub mod cli;
pub mod connection;
pub mod contract;
pub mod diagnostic;
pub mod http;
pub mod import;
pub mod interrupt;
pub mod notice;
pub mod report;
pub mod run;
pub mod secret;
pub mod spec;
