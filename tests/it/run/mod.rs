//! `sortie test` and `sortie run`: bad input, output, and the spec folders against httpbin.

mod cli;
mod specs_httpbin;
