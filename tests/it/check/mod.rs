//! `sortie check`: its command line, and Hurl's own parser test inputs.

mod cli;
mod conformance;
